/* SPDX-License-Identifier: MIT */
/*
 * The guest-visible ABI shared by the hypervisor, guests and the tools.
 * Fixed-width types only; this header must not depend on anything else.
 */
#ifndef PUBLIC_XEN_H
#define PUBLIC_XEN_H

#include <stdint.h>

/* Domain identifiers; the special values are the ones Xen uses. */
typedef uint16_t domid_t;
#define DOMID_FIRST_RESERVED 0x7ff0
#define DOMID_XEN            0x7ff2 /* the hypervisor's own pages */
#define DOMID_INVALID        0x7ff4 /* no owner */

#endif /* PUBLIC_XEN_H */
