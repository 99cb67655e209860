/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console output for test guests: a small vsnprintf of our own and
 * printf() on top of console_io(CONSOLEIO_write).
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, flags '-', '0' and '#', a width
 * and a precision (number or '*'; the precision limits %s), and the length
 * modifiers hh h l ll z.  Anything else is copied out as it stands, so a
 * bad format shows up in the output rather than being silently eaten.
 */
#include "guest.h"

struct out {
    char *buf;
    size_t size;
    size_t len; /* what would have been written, as C's snprintf counts */
};

static void out_char(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void out_pad(struct out *o, char c, int n)
{
    while (n-- > 0)
        out_char(o, c);
}

struct spec {
    bool left; /* '-' */
    bool zero; /* '0' */
    bool alt;  /* '#': 0x in front of %x */
    int width;
    int precision; /* -1 if none */
};

static void out_string(struct out *o, const char *s, const struct spec *sp)
{
    size_t n, i;

    if (!s)
        s = "(null)";
    n = sp->precision >= 0 ? strnlen(s, sp->precision) : strlen(s);
    if (!sp->left)
        out_pad(o, ' ', sp->width - (int)n);
    for (i = 0; i < n; i++)
        out_char(o, s[i]);
    if (sp->left)
        out_pad(o, ' ', sp->width - (int)n);
}

/* A number in base (8, 10 or 16); prefix ("-", "0x" or "") goes first. */
static void out_number(struct out *o, uint64_t v, unsigned int base, bool upper,
                       const char *prefix, const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, plen = (int)strlen(prefix), pad;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    pad = sp->width - n - plen;
    if (!sp->left && !sp->zero)
        out_pad(o, ' ', pad);
    while (*prefix)
        out_char(o, *prefix++);
    if (!sp->left && sp->zero)
        out_pad(o, '0', pad);
    while (n)
        out_char(o, tmp[--n]);
    if (sp->left)
        out_pad(o, ' ', pad);
}

/* Parse flags, width and precision at *fmt; advance past them. */
static void parse_spec(const char **fmt, va_list *ap, struct spec *sp)
{
    const char *f = *fmt;

    *sp = (struct spec){.precision = -1};
    for (;; f++) {
        if (*f == '-')
            sp->left = true;
        else if (*f == '0')
            sp->zero = true;
        else if (*f == '#')
            sp->alt = true;
        else
            break;
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        f++;
    }
    while (*f >= '0' && *f <= '9')
        sp->width = sp->width * 10 + (*f++ - '0');
    if (*f == '.') {
        f++;
        sp->precision = 0;
        if (*f == '*') {
            sp->precision = va_arg(*ap, int);
            f++;
        }
        while (*f >= '0' && *f <= '9')
            sp->precision = sp->precision * 10 + (*f++ - '0');
    }
    *fmt = f;
}

/* Length modifier at *fmt: 0 int, 1 long, 2 long long, -1 short, -2 char. */
static int parse_length(const char **fmt)
{
    const char *f = *fmt;
    int len = 0;

    if (*f == 'h') {
        len = f[1] == 'h' ? -2 : -1;
        f += f[1] == 'h' ? 2 : 1;
    } else if (*f == 'l') {
        len = f[1] == 'l' ? 2 : 1;
        f += f[1] == 'l' ? 2 : 1;
    } else if (*f == 'z') {
        len = 1;
        f++;
    }
    *fmt = f;
    return len;
}

static uint64_t arg_unsigned(va_list *ap, int len)
{
    switch (len) {
    case -2:
        return (unsigned char)va_arg(*ap, unsigned int);
    case -1:
        return (unsigned short)va_arg(*ap, unsigned int);
    case 0:
        return va_arg(*ap, unsigned int);
    case 1:
        return va_arg(*ap, unsigned long);
    default:
        return va_arg(*ap, unsigned long long);
    }
}

static int64_t arg_signed(va_list *ap, int len)
{
    switch (len) {
    case -2:
        return (signed char)va_arg(*ap, int);
    case -1:
        return (short)va_arg(*ap, int);
    case 0:
        return va_arg(*ap, int);
    case 1:
        return va_arg(*ap, long);
    default:
        return va_arg(*ap, long long);
    }
}

/* One conversion at *fmt (just past the '%'); advance past it. */
static void out_conversion(struct out *o, const char **fmt, va_list *ap)
{
    const char *start = *fmt - 1;
    struct spec sp;
    int64_t sv;
    int len;
    char c;

    parse_spec(fmt, ap, &sp);
    len = parse_length(fmt);
    c = *(*fmt)++;
    switch (c) {
    case 'd':
    case 'i':
        sv = arg_signed(ap, len);
        out_number(o, sv < 0 ? -(uint64_t)sv : (uint64_t)sv, 10, false,
                   sv < 0 ? "-" : "", &sp);
        break;
    case 'u':
        out_number(o, arg_unsigned(ap, len), 10, false, "", &sp);
        break;
    case 'x':
    case 'X':
        out_number(o, arg_unsigned(ap, len), 16, c == 'X',
                   sp.alt ? (c == 'X' ? "0X" : "0x") : "", &sp);
        break;
    case 'o':
        out_number(o, arg_unsigned(ap, len), 8, false, "", &sp);
        break;
    case 'p':
        out_number(o, (uintptr_t)va_arg(*ap, void *), 16, false, "0x", &sp);
        break;
    case 'c':
        out_char(o, (char)va_arg(*ap, int));
        break;
    case 's':
        out_string(o, va_arg(*ap, const char *), &sp);
        break;
    case '%':
        out_char(o, '%');
        break;
    default: /* unknown: show the conversion as written */
        if (!c)
            (*fmt)--;
        while (start < *fmt)
            out_char(o, *start++);
        break;
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = {.buf = buf, .size = size};
    va_list aq;

    va_copy(aq, ap);
    while (*fmt) {
        if (*fmt != '%')
            out_char(&o, *fmt++);
        else {
            fmt++;
            out_conversion(&o, &fmt, &aq);
        }
    }
    va_end(aq);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

void console_write(const char *buf, size_t len)
{
    hypervisor_console_io(CONSOLEIO_write, len, buf);
}

/*
 * Output longer than 511 bytes is truncated, and ends with a newline so
 * that the next line does not run on: test guests print short lines.
 */
int vprintf(const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);

    if (n >= (int)sizeof(buf)) {
        n = sizeof(buf) - 1;
        buf[n - 1] = '\n';
    }
    console_write(buf, n);
    return n;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}
