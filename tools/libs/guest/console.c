/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console output for guests: printf() on top of console_io(CONSOLEIO_write),
 * formatting with the hypervisor's own vsnprintf (xen/common/lib/
 * vsnprintf.c, built into the runtime by guest.mk).
 */
#include "guest.h"

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
