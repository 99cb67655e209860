/* SPDX-License-Identifier: MIT */
/*
 * dm_op(struct xen_dm_op *): what a device model does for the domain it
 * serves (the target's dm_domid; -EPERM for anyone else).
 *
 * A guest's port I/O to a port the device model claimed becomes a struct
 * ioreq in the target's ioreq page (one slot per vCPU) and an event on the
 * device model's ioreq port; the vCPU waits.  The device model handles it,
 * stores the result (data, for a read), sets state to IOREQ_STATE_RESPONSE
 * and sends on the same port; the vCPU then completes the instruction.
 */
#ifndef PUBLIC_DM_OP_H
#define PUBLIC_DM_OP_H

#include "event_channel.h"
#include "memory.h"

#define XEN_DMOP_map_io_range    1
#define XEN_DMOP_get_ioreq       2
#define XEN_DMOP_get_memory_map  3
#define XEN_DMOP_watch_memory_map 4
#define XEN_DMOP_physmap_add     5
#define XEN_DMOP_physmap_move    6
#define XEN_DMOP_physmap_query   7
#define XEN_DMOP_map_foreign     8
#define XEN_DMOP_unmap_foreign   9

/* Claim I/O ports [first, last] of the target. */
struct xen_dm_op_io_range {
    uint32_t first;
    uint32_t last;
};

/*
 * Map the target's ioreq page at gfn in the caller's physmap (outside its
 * RAM) and bind the request port.  -EEXIST if a device model has it
 * mapped.  A device model that takes over a target served before (one
 * restored from a save file, or whose device model went) gets the page
 * the target has, and an event at once if a request waits in it; it
 * claims its port ranges again with XEN_DMOP_map_io_range (a range
 * claimed already is not claimed twice).
 */
struct xen_dm_op_get_ioreq {
    uint64_t gfn;
    evtchn_port_t port; /* out: the caller's end */
    uint32_t pad;
};

/*
 * XEN_DMOP_get_memory_map: the target's memory map, exactly as
 * XENMEM_memory_map gives the target its own (public/memory.h).
 *
 * XEN_DMOP_watch_memory_map: a port of the caller's on which the
 * hypervisor sends an event whenever the target's memory map changes (its
 * generation is bumped: RAM relocated).  The device model then reads the
 * map again; the generation tells it whether it missed a change.  One
 * watcher per target: -EEXIST if it already has one.
 */
struct xen_dm_op_watch_memory_map {
    evtchn_port_t port; /* out: the caller's end */
    uint32_t pad;
};

/*
 * Physmap regions (docs/designs/physmap-and-memory-maps.md): ranges of the
 * target's own frames that its device model places in the target's MMIO
 * hole and moves about -- VGA VRAM following a linear bank base register.
 * The hypervisor tracks each by name; the target sees a region as memory
 * wherever it is.
 *
 * XEN_DMOP_physmap_add (name, gfn, size): new frames for the target
 * (beyond its RAM allowance), mapped at gfn.  XEN_DMOP_physmap_move
 * (name, gfn): move the region's frames, contents and all, to gfn; the
 * call returns when it is there (the hypervisor moves a piece at a time,
 * executing the call again in between, so other vCPUs run meanwhile).
 * XEN_DMOP_physmap_query (index): the index-th region (0, 1, ...), where
 * it is and, if a move is under way, where to and how far it got;
 * -ENOENT past the last one.
 *
 * Refusals: -EINVAL (a name that is not 1 to 15 printable characters
 * without spaces; a size not a multiple of 4 KiB, 0 or over 64 MiB; a place
 * outside the MMIO hole, which includes RAM), -EPERM (on a reserved
 * range), -EBUSY (on another region, or a page mapped there such as the
 * shared info page; another move of the region under way), -EEXIST (the
 * name is taken), -ENOSPC (8 regions already), -ENOENT (no such region),
 * -ENOMEM.
 */
#define XEN_PHYSMAP_NAME_LEN 16
#define XEN_PHYSMAP_NOT_MOVING (~0ull)

struct xen_dm_op_physmap {
    char name[XEN_PHYSMAP_NAME_LEN]; /* NUL padded; query: out */
    uint64_t gfn;      /* add, move: where to; query: where it is (while
                          moving: where it was) */
    uint64_t size;     /* add: bytes; query: out */
    uint64_t dest_gfn; /* query: where it is moving to, or NOT_MOVING */
    uint32_t moved;    /* query: frames already at dest_gfn: the first ones
                          when moving down, the last ones when moving up */
    uint32_t index;    /* query: in */
};

/*
 * Foreign mapping: the device model maps frames of the domain it serves
 * into its own physmap (its virtual == physical address space), to read
 * and write the guest's memory.  Only the target's device model may
 * (-EPERM for anyone else, the control domain included).
 *
 * XEN_DMOP_map_foreign: the target's frames at [gfn, gfn + nr) -- its RAM
 * or a physmap region, wherever they are now -- appear at [dm_gfn, dm_gfn
 * + nr) of the caller.  -ENXIO if a target frame is not memory (the hole,
 * a reserved range, RAM that moved away, a hypervisor page); -EBUSY if the
 * caller has something mapped at dm_gfn other than a placeholder; -EPERM
 * on a reserved range of the caller's; -EINVAL for nr 0 or over 4096 or
 * out of range.  All or nothing.  A mapping follows the frame, not the
 * gfn: the guest relocating RAM or the device model moving a region does
 * not disturb it, and the guest cannot give back a frame that is mapped
 * (XENMEM_decrease_reservation: -EBUSY).  With XEN_DMOP_FOREIGN_PLACEHOLDER
 * (gfn unused) the range maps a page of the caller's own instead, so that
 * a device model can set up its mappings before it knows where guest
 * memory is, and replace them later by mapping over them; it is also what
 * a mapping of a target that is destroyed becomes.
 *
 * XEN_DMOP_unmap_foreign: [dm_gfn, dm_gfn + nr) of the caller, which must
 * all be foreign mappings (or placeholders) of this target: -EINVAL
 * otherwise, nothing unmapped.
 */
#define XEN_DMOP_FOREIGN_PLACEHOLDER (1u << 0)
#define XEN_DMOP_FOREIGN_MAX 4096

struct xen_dm_op_foreign {
    uint64_t gfn;    /* the target's first frame */
    uint64_t dm_gfn; /* where in the caller's physmap */
    uint32_t nr;     /* frames */
    uint32_t flags;  /* XEN_DMOP_FOREIGN_* */
};

struct xen_dm_op {
    uint32_t op;
    domid_t domid; /* the target */
    uint16_t pad;
    union {
        struct xen_dm_op_io_range io_range;
        struct xen_dm_op_get_ioreq get_ioreq;
        struct xen_memory_map memory_map;
        struct xen_dm_op_watch_memory_map watch_memory_map;
        struct xen_dm_op_physmap physmap;
        struct xen_dm_op_foreign foreign;
        uint8_t pad[64];
    } u;
};
_Static_assert(sizeof(struct xen_dm_op) == 72, "xen_dm_op");

#define IOREQ_STATE_NONE     0
#define IOREQ_STATE_READY    1 /* posted by the hypervisor */
#define IOREQ_STATE_INFLIGHT 2 /* taken by the device model */
#define IOREQ_STATE_RESPONSE 3 /* completed by the device model */

#define IOREQ_DIR_WRITE 0
#define IOREQ_DIR_READ  1

struct ioreq {
    uint64_t addr;  /* port */
    uint64_t data;  /* value written, or read back */
    uint8_t size;   /* 1, 2 or 4 bytes */
    uint8_t dir;    /* IOREQ_DIR_* */
    uint8_t state;  /* IOREQ_STATE_*; change it last */
    uint8_t pad[5];
};
_Static_assert(sizeof(struct ioreq) == 24, "ioreq");

struct ioreq_page {
    struct ioreq vcpu_ioreq[XEN_LEGACY_MAX_VCPUS];
};

#endif /* PUBLIC_DM_OP_H */
