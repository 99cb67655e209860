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

/*
 * The guest's memory map, which the hypervisor owns: RAM, the MMIO hole
 * below 4 GiB and reserved ranges, in address order (docs/designs/
 * physmap-and-memory-maps.md).  The types are not e820's beyond 2:
 * firmware writing an e820 table for an OS makes MMIO a gap and RDM
 * reserved (2).
 */
#define XEN_MEMMAP_RAM      1 /* the domain's RAM */
#define XEN_MEMMAP_RESERVED 2 /* never RAM, nothing to reach there */
#define XEN_MEMMAP_MMIO     3 /* the MMIO hole: emulated devices, device-model
                                 regions (e.g. VRAM), special pages */
#define XEN_MEMMAP_RDM      4 /* reserved device memory: never RAM */

struct xen_e820_entry {
    uint64_t addr; /* bytes, page aligned */
    uint64_t size; /* bytes, whole pages */
    uint32_t type; /* XEN_MEMMAP_* */
    uint32_t pad;
};
_Static_assert(sizeof(struct xen_e820_entry) == 24, "xen_e820_entry");

/* The most entries a map can have. */
#define XEN_MEMMAP_MAX_ENTRIES 65

/*
 * XENMEM_memory_map: the caller's map.  nr_entries in: room in buffer; out:
 * entries in the map.  -E2BIG (nothing copied but nr_entries) if they do
 * not fit.  generation (out) counts the map's changes: 1 as built.
 */
struct xen_memory_map {
    uint32_t nr_entries;
    uint32_t pad;
    uint64_t buffer;     /* guest address of struct xen_e820_entry[] */
    uint64_t generation; /* out */
};
_Static_assert(sizeof(struct xen_memory_map) == 24, "xen_memory_map");

#endif /* PUBLIC_MEMORY_H */
