/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The frames a live update carried: every block of domain memory the
 * stream's DOMAIN_PAGES records name (first frame, order, owner), kept as
 * one sorted list in the new hypervisor.
 *
 * Marking each carried frame in the frame table costs time in proportion
 * to guest memory, inside the blackout.  With the list, the blackout marks
 * only each block's first frame; until the remaining frames have been
 * marked, after the domains are running again, the list answers whose a
 * carried frame is (a binary search), and the heap is handed the frames
 * between the blocks by a walk that steps over them in order.
 *
 * Portable core: all state is in struct lu_carried, whose storage the
 * caller provides.
 */
#ifndef XEN_LU_CARRIED_H
#define XEN_LU_CARRIED_H

#include <xen/mm-types.h>

struct lu_carried_block {
    uint64_t mfn;   /* first frame, a multiple of 2^order */
    domid_t owner;
    uint8_t order;
};

struct lu_carried {
    struct lu_carried_block *blocks; /* sorted by mfn once sealed */
    unsigned long nr, max;
    uint64_t frames;                 /* in all the blocks */
    bool sealed;
};

/* An empty list with room for max blocks at store. */
void lu_carried_init(struct lu_carried *c, struct lu_carried_block *store,
                     unsigned long max);

/*
 * Add a block of 2^order frames from mfn, which must be a multiple of that.
 * Returns 0, -EINVAL for a misaligned block or an order above 63, -ENOSPC
 * if the list is full, or -EBUSY once sealed.
 */
int lu_carried_add(struct lu_carried *c, uint64_t mfn, unsigned int order,
                   domid_t owner);

/*
 * Sort the list for lookups.  Returns 0, or -EEXIST with *clash set to a
 * frame that two blocks share (the list is sorted all the same).
 */
int lu_carried_seal(struct lu_carried *c, uint64_t *clash);

/* The block holding frame mfn, or NULL (the list must be sealed). */
const struct lu_carried_block *lu_carried_find(const struct lu_carried *c,
                                               uint64_t mfn);

/*
 * Whether every frame of [mfn, mfn + nr) lies in a block of owner's (false
 * for nr = 0 or a range past 2^64).  Costs a lookup per block the range
 * crosses, not per frame.  The list must be sealed.
 */
bool lu_carried_range_owned(const struct lu_carried *c, uint64_t mfn,
                            uint64_t nr, domid_t owner);

/*
 * Handing the boot allocator's frames to the heap, between the blocks: a
 * walk takes the allocator's ranges one at a time and steps over the
 * blocks by index, one binary search per range.  Walking all of memory
 * costs the ranges, the blocks and the runs it returns, however large the
 * blocks are and whatever max each call asks for.
 */
struct bootmem;

struct lu_carried_walk {
    uint64_t pos, end;    /* what is left of the range being walked */
    unsigned long next;   /* the first block that ends after pos */
    unsigned long passes; /* the work done: ranges, blocks and runs */
};

/* A walk that has taken no range yet. */
void lu_carried_walk_init(struct lu_carried_walk *w);

/*
 * The next run of frames that no block holds, at most max (> 0) long: sets
 * *start to its first frame and returns its length, taking the next range
 * from bm when the one being walked is done; returns 0 when bm has none
 * left.  Every frame bm gives out outside the blocks is returned exactly
 * once, no frame of a block ever.  The list must be sealed and must not
 * change during the walk.
 */
uint64_t lu_carried_next_free(const struct lu_carried *c,
                              struct lu_carried_walk *w, struct bootmem *bm,
                              uint64_t max, uint64_t *start);

/* Whether the walk has returned every frame bm had. */
bool lu_carried_walk_done(const struct lu_carried_walk *w,
                          const struct bootmem *bm);

#endif /* XEN_LU_CARRIED_H */
