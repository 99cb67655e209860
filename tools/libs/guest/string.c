/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memory and string functions a freestanding guest needs: the
 * compiler may emit calls to memset/memcpy/memmove/memcmp itself; the
 * rest serve the control domain's shell and toolstack.  Byte loops are
 * fast enough for both.
 */
#include "guest.h"

void *memset(void *s, int c, size_t n)
{
    unsigned char *p = s;

    while (n--)
        *p++ = (unsigned char)c;
    return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    while (n--)
        d[n] = s[n];
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for (; n; n--, p++)
        if (*p == (unsigned char)c)
            return (void *)p;
    return NULL;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    for (; *a && *a == *b; a++, b++)
        ;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n && *a && *a == *b; n--, a++, b++)
        ;
    return n ? (unsigned char)*a - (unsigned char)*b : 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
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
