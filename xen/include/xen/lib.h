/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Logging and error policy shared by all hypervisor code.
 *
 * - Errors are negative errno values passed up to the caller.
 * - BUG_ON() is for hypervisor inconsistency only; it panics.
 * - ASSERT() checks invariants in debug builds; it is not error handling.
 * - panic() is for unsupported configurations at boot and fatal faults.
 *
 * printk() messages start with a level prefix (XENLOG_*); the console
 * drops messages below the threshold set by loglvl=.  The portable core
 * calls printk() too; host unit tests supply a capturing implementation.
 */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <stdarg.h>
#include <xen/compiler.h>
#include <xen/types.h>

#define XENLOG_ERR     "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO    "<2>"
#define XENLOG_DEBUG   "<3>"

void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list args);
void __noreturn panic(const char *fmt, ...) __printf(1, 2);

#define BUG_ON(cond)                                                          \
    do {                                                                      \
        if (unlikely(cond))                                                   \
            panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond);             \
    } while (0)

#ifdef NDEBUG
#define ASSERT(p) ((void)0)
#else
#define ASSERT(p)                                                             \
    do {                                                                      \
        if (unlikely(!(p)))                                                   \
            panic("Assertion '%s' failed at %s:%d", #p, __FILE__, __LINE__);  \
    } while (0)
#endif

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))

/*
 * Parse an unsigned number in base 0 (decimal, 0x hex, 0 octal), 10 or 16.
 * *end is set to the first character not consumed; if nothing was consumed
 * it equals s.  Values that overflow 64 bits saturate at UINT64_MAX.
 */
unsigned long long simple_strtoull(const char *s, const char **end,
                                   unsigned int base);

#endif /* XEN_LIB_H */
