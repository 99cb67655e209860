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
 * (guest.lds), on a stack in its .bss (16 KiB, or GUEST_STACK_SIZE bytes
 * if the guest's build defines it for head.S).
 *
 * The control domain (tools/dom0/) is built on the same runtime: it also
 * uses the heap (malloc.c, after heap_init()), the event helpers
 * (events.c) and the extra string functions; test guests that do not call
 * them are unaffected.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crc32.h"
#include "hypercall.h"

#define PAGE_SHIFT     XEN_PAGE_SHIFT
#define PAGE_SIZE      ((uint64_t)XEN_PAGE_SIZE)
#define ARRAY_SIZE(a)  (sizeof(a) / sizeof((a)[0]))
#define __noreturn     __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))

/* Provided by the test. */
extern const char test_title[];
void test_main(const struct start_info *si);

/*
 * Defined true by a guest that wants no start-up line (`<title>: domain N
 * ...`) from the runtime.  Weak: a guest that does not define it leaves
 * its address NULL (a weak definition in the runtime would be folded to
 * its initial value by the compiler).
 */
extern const bool runtime_quiet __attribute__((weak));

/*
 * The start info page (a copy, valid wherever the page itself goes) and
 * the shared info page, valid from entry.
 */
extern const struct start_info *start_info;
extern struct shared_info *shared_info;

/* Image extent from the link script. */
extern char __image_start[], __image_end[];

/* string.c: what the compiler may call, and a few helpers. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
char *strcpy(char *dst, const char *src);
char *strcat(char *dst, const char *src);
/* Copy at most size - 1 bytes and a NUL; returns strlen(src) (BSD). */
size_t strlcpy(char *dst, const char *src, size_t size);
/*
 * C's strtoull/strtoul/strtol: base 0 takes a 0x or 0 prefix; leading
 * spaces and a sign are accepted; *end (if end is not NULL) is set past
 * the digits, or to s if there are none.  Overflow saturates.
 */
unsigned long long strtoull(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long strtol(const char *s, char **end, int base);
static inline int isdigit(int c) { return c >= '0' && c <= '9'; }
static inline int isspace(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}
static inline int isprint(int c) { return c >= 0x20 && c < 0x7f; }

/*
 * malloc.c: a first-fit heap with coalescing over [start, end), which the
 * guest gives it once with heap_init() (nothing is allocated before).
 * Blocks are 16-byte aligned.  malloc(0) returns a unique pointer; free
 * and realloc take NULL; free of a pointer the heap did not hand out is
 * reported on the console and ignored.  Returns NULL when out of memory.
 */
void heap_init(uintptr_t start, uintptr_t end);
void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
char *strdup(const char *s);
/* What the heap holds: bytes free, in use (headers included), in total. */
struct heap_stats {
    size_t free_bytes;
    size_t used_bytes;
    size_t total_bytes;
    unsigned int free_blocks;
    unsigned int used_blocks;
};
void heap_get_stats(struct heap_stats *st);

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

/*
 * events.c: event channels from the guest's side (public/event_channel.h).
 * event_bind_virq() binds virq on vCPU 0 and returns the port or -errno;
 * event_test_and_clear() clears the port's pending bit and says whether it
 * was set; event_poll() blocks until the port is pending or system time
 * reaches deadline_ns (0: no deadline), returning at once if it already is,
 * with the hypercall's result (0, or -errno for a bad port).
 */
long event_bind_virq(uint32_t virq);
bool event_pending(evtchn_port_t port);
bool event_test_and_clear(evtchn_port_t port);
long event_poll(evtchn_port_t port, uint64_t deadline_ns);
/*
 * event_timer_port() is a port of our own that nobody signals (0 if none
 * could be had), for polling with nothing but a deadline;
 * event_sleep_until() waits on it until system time reaches deadline_ns.
 */
evtchn_port_t event_timer_port(void);
void event_sleep_until(uint64_t deadline_ns);

/*
 * memmap.c: the domain's memory map.  guest_memmap_read() copies up to max
 * entries and returns how many the map has (or -errno: -E2BIG if more
 * than max), with the map's generation in *generation if not NULL;
 * guest_ram_end() is the end of the RAM entry holding addr, 0 if addr is
 * not RAM.
 */
long guest_memmap_read(struct xen_e820_entry *map, unsigned int max,
                       uint64_t *generation);
uint64_t guest_ram_end(uint64_t addr);
/*
 * The firmware stage: grow the MMIO hole by relocating the top bytes of
 * the RAM right below it to a free place above 4 GiB ([*from, +bytes) to
 * [*to, +bytes)).  Returns XENMEM_relocate_ram's result.
 */
long guest_grow_mmio_hole(uint64_t bytes, uint64_t *from, uint64_t *to);

/*
 * probe.c: guest_probe_install() makes the probe's handler the guest's
 * trap handler; guest_probe() then reads (or writes *value to) the byte at
 * addr and returns -1 if that worked, or the vector it raised (14 for a
 * page fault), the guest carrying on.
 */
long guest_probe_install(void);
int guest_probe(uint64_t addr, bool write, uint8_t *value);
/* The same for `inl` from port: -1 with *value, or the vector (13: #GP). */
int guest_probe_inl(uint16_t port, uint32_t *value);

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
