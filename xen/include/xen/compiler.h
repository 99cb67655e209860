/* SPDX-License-Identifier: GPL-2.0-only */
/* Compiler attributes and small language helpers used everywhere. */
#ifndef XEN_COMPILER_H
#define XEN_COMPILER_H

#define __section(s)   __attribute__((__section__(s)))
#define __used         __attribute__((__used__))
#define __unused       __attribute__((__unused__))
#define __noreturn     __attribute__((__noreturn__))
#define __packed       __attribute__((__packed__))
#define __aligned(a)   __attribute__((__aligned__(a)))
/*
 * For a large buffer whose every byte is written before it is read: boot
 * does not zero it (after a live update every microsecond of early boot
 * is in the blackout).  Its contents at boot are whatever the memory held.
 */
#define __noinit       __section(".noinit")
#define __printf(f, a) __attribute__((__format__(__printf__, f, a)))

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)

#define __stringify_1(x) #x
#define __stringify(x)   __stringify_1(x)

#endif /* XEN_COMPILER_H */
