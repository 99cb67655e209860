/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vsnprintf() and snprintf() for the hypervisor: the C conversions the
 * code uses (d i u x X o c s p %), flags - 0 + space #, width and
 * precision (numbers or *), and the length modifiers hh h l ll j z t, with
 * C's results for them.  Where C leaves the result open: %p prints a
 * pointer as 16 hex digits, and %s of NULL prints "(null)", cut short by a
 * precision like any string.  No floating point.
 *
 * Not in the portable core, so host tests do not run it: the test
 * programs would then define snprintf() for libcmocka too.
 */
#include <xen/lib.h>
#include <xen/stdio.h>
#include <xen/string.h>

#define FL_LEFT  0x01
#define FL_ZERO  0x02
#define FL_PLUS  0x04
#define FL_SPACE 0x08
#define FL_ALT   0x10
#define FL_UPPER 0x20

struct outbuf {
    char *buf;
    size_t size;
    size_t len; /* characters produced, written or not */
};

struct spec {
    unsigned int flags;
    int width;
    int precision; /* -1 if none */
};

static void out_char(struct outbuf *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void out_pad(struct outbuf *o, char c, int n)
{
    while (n-- > 0)
        out_char(o, c);
}

/* The n characters at s, padded to the width. */
static void out_chars(struct outbuf *o, const char *s, size_t n,
                      const struct spec *sp)
{
    int pad = sp->width > (int)n ? sp->width - (int)n : 0;

    if (!(sp->flags & FL_LEFT))
        out_pad(o, ' ', pad);
    while (n--)
        out_char(o, *s++);
    if (sp->flags & FL_LEFT)
        out_pad(o, ' ', pad);
}

static void out_string(struct outbuf *o, const char *s, const struct spec *sp)
{
    size_t max = sp->precision < 0 ? (size_t)-1 : (size_t)sp->precision;

    if (!s)
        s = "(null)";
    out_chars(o, s, strnlen(s, max), sp);
}

/* Format an unsigned magnitude with an optional sign character. */
static void out_number(struct outbuf *o, unsigned long long v, unsigned int base,
                       char sign, const struct spec *sp)
{
    const char *digits = sp->flags & FL_UPPER ? "0123456789ABCDEF"
                                              : "0123456789abcdef";
    char tmp[24];
    int n = 0, zeros, pad, prefix = 0;
    bool zero = !v;

    while (v) {
        tmp[n++] = digits[v % base];
        v /= base;
    }
    if (n == 0 && sp->precision != 0)
        tmp[n++] = '0';
    zeros = sp->precision > n ? sp->precision - n : 0;
    /* '#': 0x in front of a non-zero hex value; octal starts with a 0. */
    if ((sp->flags & FL_ALT) && base == 16 && !zero)
        prefix = 2;
    if ((sp->flags & FL_ALT) && base == 8 && !zeros &&
        (n == 0 || tmp[n - 1] != '0'))
        zeros = 1;
    pad = sp->width - n - zeros - prefix - (sign != 0);
    if ((sp->flags & FL_ZERO) && !(sp->flags & FL_LEFT) && sp->precision < 0) {
        zeros += pad > 0 ? pad : 0;
        pad = 0;
    }
    if (!(sp->flags & FL_LEFT))
        out_pad(o, ' ', pad);
    if (sign)
        out_char(o, sign);
    if (prefix) {
        out_char(o, '0');
        out_char(o, sp->flags & FL_UPPER ? 'X' : 'x');
    }
    out_pad(o, '0', zeros);
    while (n)
        out_char(o, tmp[--n]);
    if (sp->flags & FL_LEFT)
        out_pad(o, ' ', pad);
}

static const char *parse_flags(const char *p, struct spec *sp)
{
    for (;; p++) {
        switch (*p) {
        case '-': sp->flags |= FL_LEFT; break;
        case '0': sp->flags |= FL_ZERO; break;
        case '+': sp->flags |= FL_PLUS; break;
        case ' ': sp->flags |= FL_SPACE; break;
        case '#': sp->flags |= FL_ALT; break;
        default: return p;
        }
    }
}

static const char *parse_int(const char *p, int *val, va_list *args)
{
    if (*p == '*') {
        *val = va_arg(*args, int);
        return p + 1;
    }
    *val = 0;
    while (*p >= '0' && *p <= '9')
        *val = *val * 10 + (*p++ - '0');
    return p;
}

/*
 * Fetch an integer argument of the given length modifier: 0, 'H' hh, 'h',
 * 'l', 'L' ll or j (intmax_t is long long here), 'z' z or t.
 */
static unsigned long long fetch_arg(va_list *args, char len, bool is_signed)
{
    switch (len) {
    case 'l': return is_signed ? (unsigned long long)va_arg(*args, long)
                               : va_arg(*args, unsigned long);
    case 'L': return is_signed ? (unsigned long long)va_arg(*args, long long)
                               : va_arg(*args, unsigned long long);
    case 'z': return is_signed ? (unsigned long long)va_arg(*args, long)
                               : va_arg(*args, size_t);
    case 'h': return is_signed ? (unsigned long long)(short)va_arg(*args, int)
                               : (unsigned short)va_arg(*args, int);
    case 'H': return is_signed ? (unsigned long long)(signed char)va_arg(*args, int)
                               : (unsigned char)va_arg(*args, int);
    default:  return is_signed ? (unsigned long long)va_arg(*args, int)
                               : va_arg(*args, unsigned int);
    }
}

static const char *parse_length(const char *p, char *len)
{
    *len = 0;
    if (*p == 'h') {
        *len = p[1] == 'h' ? 'H' : 'h';
        return p + (p[1] == 'h' ? 2 : 1);
    }
    if (*p == 'l') {
        *len = p[1] == 'l' ? 'L' : 'l';
        return p + (p[1] == 'l' ? 2 : 1);
    }
    if (*p == 'j') {
        *len = 'L';
        return p + 1;
    }
    if (*p == 'z' || *p == 't') {
        *len = 'z';
        return p + 1;
    }
    return p;
}

static void format_integer(struct outbuf *o, char conv, char len,
                           struct spec *sp, va_list *args)
{
    unsigned int base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;
    bool is_signed = conv == 'd' || conv == 'i';
    unsigned long long v = fetch_arg(args, len, is_signed);
    char sign = 0;

    if (conv == 'X')
        sp->flags |= FL_UPPER;
    if (is_signed) {
        if ((long long)v < 0) {
            sign = '-';
            v = -v;
        } else if (sp->flags & FL_PLUS) {
            sign = '+';
        } else if (sp->flags & FL_SPACE) {
            sign = ' ';
        }
    }
    out_number(o, v, base, sign, sp);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct outbuf o = {buf, size, 0};
    va_list args;
    const char *p;

    va_copy(args, ap);
    for (p = fmt; *p; p++) {
        struct spec sp = {0, 0, -1};
        char len;

        if (*p != '%') {
            out_char(&o, *p);
            continue;
        }
        p = parse_flags(p + 1, &sp);
        p = parse_int(p, &sp.width, &args);
        if (sp.width < 0) {
            sp.flags |= FL_LEFT;
            sp.width = -sp.width;
        }
        if (*p == '.')
            p = parse_int(p + 1, &sp.precision, &args);
        p = parse_length(p, &len);
        switch (*p) {
        case 'c': {
            char c = (char)va_arg(args, int);

            out_chars(&o, &c, 1, &sp);
            break;
        }
        case 's':
            out_string(&o, va_arg(args, const char *), &sp);
            break;
        case 'p':
            sp.flags |= FL_ZERO;
            sp.width = 16;
            out_number(&o, (unsigned long)va_arg(args, void *), 16, 0, &sp);
            break;
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
            format_integer(&o, *p, len, &sp, &args);
            break;
        case '%':
            out_char(&o, '%');
            break;
        case '\0':
            p--; /* a lone '%' at the end: stop at the NUL */
            break;
        default: /* unknown conversion: show it as written */
            out_char(&o, '%');
            out_char(&o, *p);
            break;
        }
    }
    va_end(args);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len > INT32_MAX ? INT32_MAX : (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;
    int n;

    va_start(args, fmt);
    n = vsnprintf(buf, size, fmt, args);
    va_end(args);
    return n;
}
