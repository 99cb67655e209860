/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memcpy() and memset() with the string instructions: they dominate boot
 * (zeroing the frame table, scrubbing pages), and one `rep stosq` retires
 * as one instruction per 8 bytes, where a C loop costs several.
 */
#include <xen/string.h>

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned long qwords = n >> 3, bytes = n & 7;
    void *d = dst;

    asm volatile("rep movsq\n\t"
                 "mov %[bytes], %%rcx\n\t"
                 "rep movsb"
                 : "+D"(d), "+S"(src), "+c"(qwords)
                 : [bytes] "r"(bytes)
                 : "memory");
    return dst;
}

void *memset(void *s, int c, size_t n)
{
    unsigned long fill = 0x0101010101010101UL * (unsigned char)c;
    unsigned long qwords = n >> 3, bytes = n & 7;
    void *d = s;

    asm volatile("rep stosq\n\t"
                 "mov %[bytes], %%rcx\n\t"
                 "rep stosb"
                 : "+D"(d), "+c"(qwords)
                 : "a"(fill), [bytes] "r"(bytes)
                 : "memory");
    return s;
}
