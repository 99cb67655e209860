/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The second half of memory bring-up: marking the frames of carried page
 * blocks after their first (xen/lu_carried.h), marking the live-update
 * region reserved, and handing the free RAM left in the boot allocator to
 * the heap, between the carried blocks.
 *
 * A first boot does it all at once from mm_init().  After a live update
 * all of it scales with memory and none of it is needed for the domains to
 * run again, so it is done after they resume, a slice at a time from a
 * timer, with the heap given more at once whenever it runs out.
 */
#ifndef XEN_MM_DEFERRED_H
#define XEN_MM_DEFERRED_H

#include <xen/bootmem.h>
#include <xen/lu_carried.h>

struct mm_deferred_work {
    struct bootmem *bm;               /* RAM not yet in the heap */
    const struct lu_carried *carried; /* sealed; first frames marked */
    mfn_t region;                     /* to mark reserved; INVALID_MFN: none */
    unsigned long region_pages;
    bool report;                      /* log the figures when it is done */
};

/* Take the work on; nothing is done yet.  bm must not restrict. */
void mm_deferred_init(const struct mm_deferred_work *w);

/* Do all that is left, now; returns the frames the heap got in all. */
unsigned long mm_deferred_finish(void);

/*
 * Hand up to about frames more free frames to the heap now.  Returns
 * false once there is nothing left to give.
 */
bool mm_deferred_grow(unsigned long frames);

/* After the domains resume: do what is left in slices, from a timer. */
void mm_deferred_start(void);

/*
 * Before a carried block is freed: its frames must all be marked, as the
 * heap checks every frame of a block it takes back.
 */
void mm_deferred_before_free(void);

/*
 * The same before the owner of a carried frame other than a block's first
 * is read from the frame table (why is for the log).
 */
void mm_deferred_mark_now(const char *why);

#endif /* XEN_MM_DEFERRED_H */
