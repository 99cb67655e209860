/* SPDX-License-Identifier: GPL-2.0-only */
/* Formatted output into buffers (xen/common/lib/vsnprintf.c). */
#ifndef XEN_STDIO_H
#define XEN_STDIO_H

#include <stdarg.h>
#include <xen/compiler.h>
#include <xen/types.h>

/* As in C: returns the length the full output would have had. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif /* XEN_STDIO_H */
