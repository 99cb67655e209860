/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device-model physmap regions: ranges of a guest's own frames that its
 * device model places in the guest's MMIO hole and moves about, such as
 * VGA VRAM following a linear bank base register.  The hypervisor tracks
 * each by name, size and where it is, so live update carries them (PHYSMAP
 * records) and a device model restarted elsewhere can ask where they are.
 *
 * A move goes in pieces, each no longer than the distance moved, so a
 * piece never overlaps itself: from the front when the region moves down,
 * from the back when it moves up.  Half-way, the region is in two parts:
 *
 *     moving down (dest < gfn): frames [0, moved) at dest + i,
 *                               frames [moved, nr) at gfn + i;
 *     moving up   (dest > gfn): frames [nr - moved, nr) at dest + i,
 *                               frames [0, nr - moved) at gfn + i.
 *
 * Portable core: bookkeeping and checks only, against the memory map
 * (xen/memmap.h); the caller moves the p2m entries.  Every refusal says
 * why in *why.
 */
#ifndef XEN_PHYSMAP_H
#define XEN_PHYSMAP_H

#include <xen/memmap.h>
#include <xen/types.h>

#define PHYSMAP_NAME_LEN    16    /* NUL padded: at most 15 characters */
#define PHYSMAP_MAX_REGIONS 8
#define PHYSMAP_MAX_FRAMES  (64UL << 8) /* 64 MiB a region */
#define PHYSMAP_NOT_MOVING  (~0UL)

struct physmap_region {
    char name[PHYSMAP_NAME_LEN]; /* "" for a free slot */
    unsigned long gfn;   /* where it is; while moving, where it was */
    unsigned long nr;    /* frames */
    unsigned long dest;  /* where it is going, or PHYSMAP_NOT_MOVING */
    unsigned long moved; /* frames already at dest */
};

struct physmap {
    struct physmap_region r[PHYSMAP_MAX_REGIONS];
};

void physmap_init(struct physmap *pm);

/* The region called name (any 16 bytes), or NULL. */
struct physmap_region *physmap_find(struct physmap *pm, const char *name);

/* The index-th region in use, or NULL. */
const struct physmap_region *physmap_at(const struct physmap *pm,
                                        unsigned int index);

/*
 * A new region name of nr frames at gfn, in the MMIO hole of mm, on no
 * reserved range and no other region.  Returns it, or NULL with *rc:
 * -EINVAL (a name that is empty, over 15 characters, not printable or
 * with spaces; no frames or too many; outside the hole), -EEXIST (the
 * name is taken), -EPERM (on a reserved range), -EBUSY (on another
 * region) or -ENOSPC (no free slot).
 */
struct physmap_region *physmap_add(struct physmap *pm, const struct memmap *mm,
                                   const char *name, unsigned long gfn,
                                   unsigned long nr, int *rc,
                                   const char **why);

/* Forget region r (its frames are the caller's). */
void physmap_remove(struct physmap_region *r);

/*
 * Start moving r to dest, or go on with the move to dest under way.
 * Returns 0 (r->dest is PHYSMAP_NOT_MOVING if r is already at dest),
 * -EBUSY if another move is under way or dest is on another region,
 * -EINVAL (outside the hole) or -EPERM (on a reserved range).
 */
int physmap_move_start(struct physmap *pm, const struct memmap *mm,
                       struct physmap_region *r, unsigned long dest,
                       const char **why);

/*
 * The next piece of r's move, at most max frames: move *n frames from
 * *src to *dst, which do not overlap.  False if r is not moving.
 */
bool physmap_move_next(const struct physmap_region *r, unsigned long max,
                       unsigned long *src, unsigned long *dst,
                       unsigned long *n);

/* The piece physmap_move_next() gave has moved. */
void physmap_move_done(struct physmap_region *r, unsigned long n);

/* Where frame i of r is now. */
unsigned long physmap_frame_gfn(const struct physmap_region *r,
                                unsigned long i);

/*
 * A region read from a live-update stream: as physmap_add(), and then the
 * move state (dest PHYSMAP_NOT_MOVING and moved 0, or a move under way
 * with 0 < moved < nr and dest in the hole, on no reserved range or other
 * region).  Returns 0 or a negative errno.
 */
int physmap_restore(struct physmap *pm, const struct memmap *mm,
                    const char *name, unsigned long gfn, unsigned long nr,
                    unsigned long dest, unsigned long moved,
                    const char **why);

#endif /* XEN_PHYSMAP_H */
