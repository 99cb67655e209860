/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * simple_strtoull(): the one number parser of the portable core, used by the
 * command-line parser and anything else that reads numbers from text.  It is
 * freestanding (no ctype, no errno) and saturates instead of wrapping, so a
 * caller can spot an overflow by the UINT64_MAX result.  It accepts no sign
 * and no leading white space: callers decide what those mean.
 */
#include <xen/lib.h>
#include <xen/types.h>

/* Value of digit c in bases up to 36, or 36 if c is not a digit at all. */
static unsigned int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned int)(c - '0');
    if (c >= 'a' && c <= 'z')
        return (unsigned int)(c - 'a') + 10;
    if (c >= 'A' && c <= 'Z')
        return (unsigned int)(c - 'A') + 10;
    return 36;
}

/* True if s starts with "0x" or "0X" followed by a hex digit. */
static bool has_hex_prefix(const char *s)
{
    return s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
           digit_value(s[2]) < 16;
}

unsigned long long simple_strtoull(const char *s, const char **end,
                                   unsigned int base)
{
    unsigned long long value = 0;
    const char *p = s;
    unsigned int d;

    if (!s)
        goto out;

    if ((base == 0 || base == 16) && has_hex_prefix(p)) {
        base = 16;
        p += 2;
    } else if (base == 0) {
        base = (p[0] == '0') ? 8 : 10;
    }
    /* Other bases up to 36 work too, although lib.h promises only 10/16. */
    if (base < 2 || base > 36)
        goto out;

    for (; (d = digit_value(*p)) < base; p++) {
        if (value > (~0ULL - d) / base)
            value = ~0ULL; /* saturate, but keep consuming digits */
        else
            value = value * base + d;
    }

 out:
    if (end)
        *end = p;
    return value;
}
