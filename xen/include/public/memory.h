/* SPDX-License-Identifier: MIT */
/* memory_op(cmd, arg): a domain's memory and its memory map. */
#ifndef PUBLIC_MEMORY_H
#define PUBLIC_MEMORY_H

#include "xen.h"

#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap     6
#define XENMEM_current_reservation  3
#define XENMEM_memory_map           9
#define XENMEM_relocate_ram        32 /* Xen-LU's own */

/*
 * XENMEM_populate_physmap: back nr_extents extents of 2^extent_order
 * frames with new RAM; the guest frame numbers are read from the array at
 * extent_start.  Never in the MMIO hole (-EINVAL) or on a reserved range
 * (-EPERM).  XENMEM_decrease_reservation: give back the RAM at each gfn
 * (extent_order 0 only); -EINVAL for a frame that is not RAM of the map
 * (device-model regions are not the guest's to give back), -EBUSY for one
 * that its device model maps (XEN_DMOP_map_foreign).  Both return the
 * number of extents done (fewer on an error: the error itself if none).
 *
 * A long list is done a chunk at a time, so that other vCPUs run in
 * between: the hypervisor has the caller make the call again with the
 * extent it reached in cmd's bits XENMEM_EXTENT_SHIFT and up, which a
 * caller leaves 0 (a start past nr_extents is -EINVAL; high bits on any
 * other call make it one this hypervisor does not have, -ENOSYS).
 */
#define XENMEM_EXTENT_SHIFT 6
#define XENMEM_CMD_MASK     ((1u << XENMEM_EXTENT_SHIFT) - 1)
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

/*
 * XENMEM_relocate_ram: guest firmware grows its MMIO hole by moving RAM
 * from right below it (no RAM between the range and the hole) to dest_gfn,
 * at or above 4 GiB, where no RAM or reserved range lies; the hole then
 * starts at first_gfn, 64 MiB at the lowest.  The frames keep their
 * contents: only where the guest sees them changes.  The device model is
 * told (XEN_DMOP_watch_memory_map).
 *
 * The hypervisor moves the top of the range first, a piece at a time,
 * lowering nr_frames in the caller's structure as it goes: at any moment
 * [first_gfn, first_gfn + nr_frames) is still to move, the rest is at
 * dest_gfn + (its offset), and the map says so.  The call returns when
 * nr_frames is 0 (between pieces other vCPUs run, and the hypervisor may
 * even be live-updated: the call carries on).  Errors: -EINVAL (empty,
 * out of range, not all RAM, not right below the hole, the hole would
 * start below 64 MiB, dest below 4 GiB), -EPERM (dest on a reserved
 * range), -EBUSY (dest on RAM or something else mapped), -ENOSPC (the map
 * is full), -ENOMEM; the pieces moved before an error stay moved.
 */
struct xen_memory_relocate {
    uint64_t first_gfn;
    uint64_t nr_frames;  /* in: frames to move; out: 0, or left on error */
    uint64_t dest_gfn;
    uint64_t generation; /* out: the map's generation afterwards */
};
_Static_assert(sizeof(struct xen_memory_relocate) == 32, "relocate");

#endif /* PUBLIC_MEMORY_H */
