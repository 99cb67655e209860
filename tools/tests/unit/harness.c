/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-ins for the hypervisor's printk() and panic(), see harness.h.
 * The log is echoed to stderr when UNIT_VERBOSE is set in the environment.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/lib.h>
#include "harness.h"

static char log_buf[1 << 16];
static size_t log_len;

void log_reset(void)
{
    log_len = 0;
    log_buf[0] = '\0';
}

const char *log_text(void)
{
    return log_buf;
}

bool log_contains(const char *needle)
{
    return strstr(log_buf, needle) != NULL;
}

void vprintk(const char *fmt, va_list args)
{
    size_t room = sizeof(log_buf) - log_len;
    va_list copy;
    int n;

    va_copy(copy, args);
    n = vsnprintf(log_buf + log_len, room, fmt, copy);
    va_end(copy);
    if (n > 0)
        log_len += (size_t)n < room ? (size_t)n : room - 1;
    if (getenv("UNIT_VERBOSE"))
        vfprintf(stderr, fmt, args);
}

void printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}

void panic(const char *fmt, ...)
{
    va_list args;
    char msg[512];

    va_start(args, fmt);
    vsnprintf(msg, sizeof(msg), fmt, args);
    va_end(args);
    fail_msg("panic: %s", msg);
    abort(); /* fail_msg() does not return; this keeps __noreturn honest */
}
