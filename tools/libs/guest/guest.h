/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test-guest runtime: what a test under tools/tests/guests/<name>/
 * gets besides the hypercalls (hypercall.h).
 *
 * A test defines `const char test_title[]` and `void test_main(const struct
 * start_info *si)`, prints progress with printf() and ends with exactly one
 * verdict: test_success(), test_skip(), test_error() (a bug in the test)
 * or test_failure() (a bug in the code under test).  Each prints the one
 * machine-readable line `Test result: ...` and powers the domain off.
 * Returning from test_main() without a verdict is itself an ERROR.
 *
 * The guest runs in ring 3 with virtual == guest-physical, loaded at 1 MiB
 * (guest.lds), on a 16 KiB stack in its .bss.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hypercall.h"

#define PAGE_SHIFT     XEN_PAGE_SHIFT
#define PAGE_SIZE      ((uint64_t)XEN_PAGE_SIZE)
#define ARRAY_SIZE(a)  (sizeof(a) / sizeof((a)[0]))
#define __noreturn     __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))

/* Provided by the test. */
extern const char test_title[];
void test_main(const struct start_info *si);

/* The start info page and the shared info page, valid from entry. */
extern const struct start_info *start_info;
extern struct shared_info *shared_info;

/* Image extent from the link script. */
extern char __image_start[], __image_end[];

/* string.c: what the compiler may call, and a few helpers. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/* console.c */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
/* Format and write to the console; returns the length written. */
int printf(const char *fmt, ...) __printf(1, 2);
int vprintf(const char *fmt, va_list ap);
void console_write(const char *buf, size_t len);

/* time.c: system time in ns from the shared info page (never 0 if sane). */
uint64_t time_now_ns(void);
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

/*
 * cmdline.c: start_info.cmdline as space-separated words, key=value or
 * bare keys.  cmdline_get() copies the value of the last `key=` into buf
 * (NUL-terminated, truncated to size) and returns true if key is present
 * (a bare key gives ""); the others parse the value.
 */
bool cmdline_get(const char *key, char *buf, size_t size);
bool cmdline_has(const char *key);
/* The number (decimal, or 0x hex) for key, def if absent; *ok false if bad. */
uint64_t cmdline_get_u64(const char *key, uint64_t def, bool *ok);
/* True if the value of key is exactly val. */
bool cmdline_is(const char *key, const char *val);

/* verdict.c: print the verdict line and power the domain off. */
void test_success(void) __noreturn;
void test_skip(const char *fmt, ...) __printf(1, 2) __noreturn;
void test_error(const char *fmt, ...) __printf(1, 2) __noreturn;
void test_failure(const char *fmt, ...) __printf(1, 2) __noreturn;

/*
 * traps.c: route every exception the guest takes to fn (NULL removes the
 * handler), called with the frame the hypervisor put on the stack.  When
 * fn returns, the guest resumes at frame->rip with the frame's registers
 * (fn may edit them).  Returns the set_trap_table result.
 */
typedef void (*trap_handler_fn)(struct guest_trap_frame *frame);
long trap_set_handler(trap_handler_fn fn);

#endif /* GUEST_GUEST_H */
