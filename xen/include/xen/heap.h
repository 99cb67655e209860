/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The heap: a buddy allocator over the frame table, for the hypervisor's
 * own pages and for domains' pages.
 *
 * Blocks of 2^order frames (order 0..MAX_ORDER), each aligned to its size,
 * sit on one free list per order; freeing merges a block with its buddy
 * while the buddy is free and whole.  Frames marked PGC_broken,
 * PGC_reserved or PGC_allocated are never taken into the heap, so bad RAM,
 * the live-update region and live data stay out whatever path added them.
 * Frames enter the heap needing a scrub and are scrubbed when allocated,
 * so nobody ever sees another's data and boot does not pay to zero all RAM.
 *
 * Portable core: all state is in struct heap; the caller supplies the frame
 * table and a function that zeroes one frame, and does the locking.
 */
#ifndef XEN_HEAP_H
#define XEN_HEAP_H

#include <xen/mm-types.h>
#include <xen/page_list.h>

#define MAX_ORDER 20

typedef void (*heap_scrub_fn)(void *ctx, mfn_t mfn);

struct heap {
    struct page_info *frames; /* frame table, indexed by frame number */
    unsigned long nr_frames;
    struct page_list_head free[MAX_ORDER + 1];
    unsigned long free_pages;
    unsigned long total_pages; /* frames ever added */
    heap_scrub_fn scrub;
    void *scrub_ctx;
};

/* nr_frames must not exceed PAGE_LIST_NULL. */
void heap_init(struct heap *h, struct page_info *frames, unsigned long nr_frames,
               heap_scrub_fn scrub, void *scrub_ctx);

/*
 * Give frames [start, start + count) to the heap, skipping those marked
 * PGC_not_for_heap and those already in it; frames beyond nr_frames are
 * ignored.  Returns the number of frames added.
 */
unsigned long heap_add_pages(struct heap *h, mfn_t start, unsigned long count);

/*
 * Allocate 2^order contiguous, size-aligned, zeroed frames.  owner is a
 * domain id, which sets the owner and PGC_allocated, or DOMID_XEN for the
 * hypervisor's own pages (never DOMID_INVALID).  Returns INVALID_MFN if
 * no block is free or order > MAX_ORDER.
 */
mfn_t heap_alloc(struct heap *h, unsigned int order, domid_t owner);

/*
 * heap_alloc() with flags: HEAP_NO_SCRUB hands the frames out as they are,
 * for a caller that writes every byte of them before anything reads one
 * (zeroing them first would be done twice).
 */
#define HEAP_NO_SCRUB (1u << 0)
mfn_t heap_alloc_flags(struct heap *h, unsigned int order, domid_t owner,
                       unsigned int flags);

/*
 * Return a block that heap_alloc() gave out with the same order, or a frame
 * left out of the heap as PGC_allocated (live data) whose owner is done
 * with it (total_pages does not count such a frame: the heap cannot tell
 * it from one it gave out).  It is scrubbed when next allocated.  A block that is not wholly
 * allocated, or holds a broken or reserved frame, is a hypervisor bug.
 */
void heap_free(struct heap *h, mfn_t mfn, unsigned int order);

typedef void (*heap_offline_fn)(void *ctx, mfn_t mfn);

/*
 * heap_free() for a block that may hold PGC_broken frames (a bad page a
 * domain kept through a live update): the other frames go back in the
 * largest aligned pieces, and each broken one is handed to offline()
 * instead, still PGC_allocated, for the caller to put aside.  Returns the
 * number of broken frames.
 */
unsigned long heap_free_sparing(struct heap *h, mfn_t mfn, unsigned int order,
                                heap_offline_fn offline, void *ctx);

#endif /* XEN_HEAP_H */
