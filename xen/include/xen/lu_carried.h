/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The frames a live update carried: every block of domain memory the
 * stream's DOMAIN_PAGES records name (first frame, order, owner), kept as
 * one sorted list in the new hypervisor.
 *
 * Marking each carried frame in the frame table costs time in proportion
 * to guest memory, inside the blackout.  With the list, the blackout marks
 * only each block's first frame; questions about any other carried frame
 * (is it free to hand to the heap? whose is it?) are answered by a binary
 * search until the remaining frames have been marked, after the domains
 * are running again.
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
 * The first run of frames at or after *pos and before end that no block
 * holds: sets *pos to its start and returns its length, or returns 0 (with
 * *pos = end) if there is none.  The list must be sealed.
 */
uint64_t lu_carried_next_gap(const struct lu_carried *c, uint64_t *pos,
                             uint64_t end);

#endif /* XEN_LU_CARRIED_H */
