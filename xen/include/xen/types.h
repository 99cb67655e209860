/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Basic types for the hypervisor and for the portable core that is also
 * compiled into host unit tests.  Only the compiler's freestanding headers
 * are used, so the same code builds with and without a C library.
 */
#ifndef XEN_TYPES_H
#define XEN_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;
#define PRIpaddr "016" PRIx64

#ifndef PRIx64
#define PRIx64 "lx"
#define PRIu64 "lu"
#endif

#endif /* XEN_TYPES_H */
