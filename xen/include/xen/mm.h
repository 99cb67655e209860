/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's memory: setting it up at boot (common/mm_init.c) and
 * the page allocator everything else uses (common/page_alloc.c).
 */
#ifndef XEN_MM_H
#define XEN_MM_H

#include <xen/bootinfo.h>
#include <xen/lu_region.h>
#include <xen/mm-types.h>

struct mm_stats {
    unsigned long total;    /* frames of RAM in the memory map */
    unsigned long free;     /* in the heap's free lists */
    unsigned long broken;   /* marked bad by badpage= */
    unsigned long reserved; /* in the live-update region */
};

/*
 * Bring up memory management from the boot memory map: boot allocator,
 * direct map, frame table, bad pages, the live-update region, then the
 * heap.  image_start/image_end bound the running hypervisor image.
 */
void mm_init(const struct boot_info *bi, paddr_t image_start,
             paddr_t image_end);

/* Pages for the hypervisor itself, by direct-map address; NULL if none. */
void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *va, unsigned int order);

/*
 * The same, not zeroed first: for memory the caller writes in full before
 * anything reads it.
 */
void *alloc_xenheap_pages_noscrub(unsigned int order);

/* Pages owned by domain owner (PGC_allocated set); INVALID_MFN if none. */
mfn_t alloc_domheap_pages(domid_t owner, unsigned int order);
void free_domheap_pages(mfn_t mfn, unsigned int order);

/* The frame table, for page lists (xen/page_list.h). */
extern struct page_info *frame_table;

/* The frame-table entry of a frame (which must be below mm_max_frame()). */
struct page_info *mfn_to_page(mfn_t mfn);

/* One past the highest frame the frame table describes. */
unsigned long mm_max_frame(void);

void mm_get_stats(struct mm_stats *stats);

struct lu_crumb;

/*
 * Before mm_init(), once the command line is parsed: look for a live
 * update's breadcrumb at the region liveupdate=<size>@<addr> names, and
 * fill *crumb from it, or with zeroes on a first boot.
 */
void mm_lu_breadcrumb_find(struct lu_crumb *crumb);

/*
 * After a live update: the breadcrumb's description of the stream, whose
 * frames mm_init() kept out of the heap; false on a first boot.
 */
bool mm_lu_stream(struct lu_crumb *crumb);

/* Give the stream's frames to the heap, once it has been read. */
void mm_lu_stream_release(void);

/* The live-update region; false if there is none. */
bool mm_lu_region(mfn_t *start, unsigned long *count);

/* Where in the region this hypervisor's image and boot allocations are. */
enum lu_region_use mm_lu_region_use(void);

/* The smallest order of pages (a block of 2^order) that holds bytes. */
static inline unsigned int get_order_from_bytes(uint64_t bytes)
{
    unsigned int order = 0;

    while (((uint64_t)PAGE_SIZE_4K << order) < bytes)
        order++;
    return order;
}

/* Log the broken-page list (bad frames that are RAM). */
void mm_print_broken_pages(void);

struct badpage_range;

/* The bad frames (badpage=) that are RAM, as ranges; returns how many. */
unsigned int mm_bad_ranges(const struct badpage_range **ranges);

/*
 * The domain frame mfn (below mm_max_frame()) belongs to, DOMID_XEN for the
 * hypervisor's heap pages, DOMID_INVALID for any other (free, a boot
 * allocation, the image, a module no domain took): right also for a frame
 * a live update carried whose frame-table entry is not marked yet
 * (mm_deferred.c).
 */
domid_t mm_frame_owner(mfn_t mfn);

/* Whether each of count frames from start belongs to owner. */
bool mm_frames_owned_by(mfn_t start, unsigned long count, domid_t owner);

/* Log the page counts (and the broken pages, if any). */
void mm_print_summary(void);

/* For mm_init() only: the steps that build the allocator. */
void page_alloc_init(struct page_info *frame_table, unsigned long nr_frames,
                     unsigned long ram_pages);
void page_alloc_mark_broken(mfn_t mfn);
void page_alloc_mark_reserved(mfn_t start, unsigned long count);
/*
 * A frame that owner (a domain, or DOMID_XEN: the stream's frames and
 * shared pages) holds from before the heap (live update).  Returns false,
 * marking nothing, if the frame is not one the heap would take: beyond the
 * frame table, reserved or already held.
 * A broken (badpage=) frame is handed over all the same, kept PGC_broken,
 * logged, and offlined rather than freed when its owner frees it.
 */
bool page_alloc_mark_owned(mfn_t mfn, domid_t owner);
/*
 * page_alloc_mark_owned() for count frames from start, which pass 1 of a
 * live update has already checked: a refusal is a bug.  Takes the heap lock
 * (the domains may be running).
 */
void page_alloc_adopt(mfn_t start, unsigned long count, domid_t owner);
unsigned long page_alloc_add(mfn_t start, unsigned long count);

#endif /* XEN_MM_H */
