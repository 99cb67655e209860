/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * String functions the guests need beyond those they share with the
 * hypervisor (xen/common/lib/string.c and xen/arch/x86/string.c, built
 * into the runtime by guest.mk): these serve the control domain's shell
 * and toolstack.
 */
#include "guest.h"

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for (; n; n--, p++)
        if (*p == (unsigned char)c)
            return (void *)p;
    return NULL;
}

char *strrchr(const char *s, int c)
{
    const char *found = NULL;

    for (;; s++) {
        if (*s == (char)c)
            found = s;
        if (!*s)
            return (char *)found;
    }
}

char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    for (; *haystack; haystack++)
        if (!strncmp(haystack, needle, n))
            return (char *)haystack;
    return n ? NULL : (char *)haystack;
}

char *strcpy(char *dst, const char *src)
{
    char *d = dst;

    while ((*d++ = *src++))
        ;
    return dst;
}

char *strcat(char *dst, const char *src)
{
    strcpy(dst + strlen(dst), src);
    return dst;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size) {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

/* The value of digit c in base, or -1 if it is not one. */
static int digit_value(char c, int base)
{
    int d = 36;

    if (c >= '0' && c <= '9')
        d = c - '0';
    else if (c >= 'a' && c <= 'z')
        d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z')
        d = c - 'A' + 10;
    return d < base ? d : -1;
}

/* strtoull without the sign: *neg says whether there was a '-'. */
static unsigned long long parse_unsigned(const char *s, char **end, int base,
                                         bool *neg, bool *overflow)
{
    const char *p = s, *digits;
    unsigned long long v = 0;
    int d;

    *neg = *overflow = false;
    while (isspace(*p))
        p++;
    if (*p == '-' || *p == '+')
        *neg = *p++ == '-';
    if ((base == 0 || base == 16) && p[0] == '0' &&
        (p[1] == 'x' || p[1] == 'X') && digit_value(p[2], 16) >= 0) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = p[0] == '0' ? 8 : 10;
    }
    for (digits = p; base >= 2 && base <= 36 &&
                     (d = digit_value(*p, base)) >= 0; p++) {
        if (v > (~0ULL - (unsigned int)d) / (unsigned int)base)
            *overflow = true;
        v = v * (unsigned int)base + (unsigned int)d;
    }
    if (end)
        *end = (char *)(p == digits ? s : p);
    return *overflow ? ~0ULL : v;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
    bool neg, overflow;
    unsigned long long v = parse_unsigned(s, end, base, &neg, &overflow);

    return neg && !overflow ? 0 - v : v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
    return strtoull(s, end, base); /* long is 64 bits here */
}

long strtol(const char *s, char **end, int base)
{
    bool neg, overflow;
    unsigned long long v = parse_unsigned(s, end, base, &neg, &overflow);

    if (neg)
        return overflow || v > (unsigned long long)__LONG_MAX__ + 1
                   ? -__LONG_MAX__ - 1
                   : (long)(0 - v);
    return overflow || v > __LONG_MAX__ ? __LONG_MAX__ : (long)v;
}
