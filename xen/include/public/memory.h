/* SPDX-License-Identifier: MIT */
/* memory_op(cmd, arg): a domain's memory and its memory map. */
#ifndef PUBLIC_MEMORY_H
#define PUBLIC_MEMORY_H

#include "xen.h"

#define XENMEM_populate_physmap     6
#define XENMEM_current_reservation  3
#define XENMEM_memory_map           9

/*
 * Back nr_extents extents of 2^extent_order frames with new RAM; the
 * guest frame numbers are read from the array at extent_start.  Returns
 * the number of extents done (fewer on running out of memory or quota).
 */
struct xen_memory_reservation {
    uint64_t extent_start; /* guest address of uint64_t gfns */
    uint64_t nr_extents;
    uint32_t extent_order;
    domid_t domid;         /* DOMID_SELF */
    uint16_t pad;
};

/* An e820-style entry of a guest's memory map. */
struct xen_e820_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type; /* 1 RAM, 2 reserved */
    uint32_t pad;
};

/* Copy up to nr_entries entries to buffer; nr_entries is set to the count. */
struct xen_memory_map {
    uint32_t nr_entries;
    uint32_t pad;
    uint64_t buffer; /* guest address of struct xen_e820_entry[] */
};

#endif /* PUBLIC_MEMORY_H */
