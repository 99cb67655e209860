/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's page allocator: one heap (common/heap.c) over the frame
 * table, behind a lock, with the bookkeeping the rest of the system reads:
 * the broken-page list and the page counts behind `xl info`.
 */
#include <asm/mm.h>
#include <xen/heap.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/mm_deferred.h>
#include <xen/page_list.h>
#include <xen/spinlock.h>
#include <xen/string.h>

struct page_info *frame_table;
static unsigned long nr_frames;
static unsigned long total_pages;
static struct heap heap;
static spinlock_t heap_lock = SPIN_LOCK_UNLOCKED;
static struct page_list_head broken_list = PAGE_LIST_HEAD_INIT;
static unsigned long reserved_pages;
/*
 * Bad frames (badpage=) a domain, or the hypervisor, held when this
 * hypervisor took over from a live update: PGC_broken and still
 * PGC_allocated, off the broken list (its links are the page list's) until
 * their owner frees them; then they go on it.
 */
static unsigned long broken_in_use;

static void scrub_frame(void *ctx, mfn_t mfn)
{
    memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
}

void page_alloc_init(struct page_info *ft, unsigned long nr,
                     unsigned long ram_pages)
{
    frame_table = ft;
    nr_frames = nr;
    total_pages = ram_pages;
    heap_init(&heap, ft, nr, scrub_frame, NULL);
}

/* At boot only: the broken list links through the fields the heap uses. */
void page_alloc_mark_broken(mfn_t mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    ASSERT(!(pg->count_info & PGC_free));
    if (pg->count_info & PGC_broken)
        return;
    pg->count_info |= PGC_broken;
    page_list_add_tail(frame_table, &broken_list, mfn);
}

/* A bad frame a domain owns: it keeps it, and the log says so. */
static void mark_broken_owned(mfn_t mfn, domid_t owner)
{
    page_list_del(frame_table, &broken_list, mfn);
    broken_in_use++;
    if (owner == DOMID_XEN)
        printk(XENLOG_WARNING "Bad page %#lx is in use by the hypervisor: "
               "kept, marked broken, offlined when freed\n", mfn_x(mfn));
    else
        printk(XENLOG_WARNING "Bad page %#lx is in use by domain %u: it "
               "keeps it, marked broken, offlined when freed\n",
               mfn_x(mfn), owner);
}

bool page_alloc_mark_owned(mfn_t mfn, domid_t owner)
{
    struct page_info *pg;

    if (mfn_x(mfn) >= nr_frames)
        return false;
    pg = mfn_to_page(mfn);
    /* A broken frame is live data all the same: handed over, flagged. */
    if (pg->count_info & (PGC_allocated | PGC_reserved | PGC_free))
        return false;
    pg->count_info |= PGC_allocated;
    pg->owner = owner;
    if (pg->count_info & PGC_broken)
        mark_broken_owned(mfn, owner);
    return true;
}

void page_alloc_adopt(mfn_t start, unsigned long count, domid_t owner)
{
    unsigned long i;

    spin_lock(&heap_lock);
    for (i = 0; i < count; i++)
        BUG_ON(!page_alloc_mark_owned(mfn_add(start, i), owner));
    spin_unlock(&heap_lock);
}

/* Broken frames in the region count as broken, not reserved. */
void page_alloc_mark_reserved(mfn_t start, unsigned long count)
{
    unsigned long i;

    spin_lock(&heap_lock);
    for (i = 0; i < count; i++) {
        struct page_info *pg = mfn_to_page(mfn_add(start, i));

        pg->count_info |= PGC_reserved;
        reserved_pages += !(pg->count_info & PGC_broken);
    }
    spin_unlock(&heap_lock);
}

unsigned long page_alloc_add(mfn_t start, unsigned long count)
{
    unsigned long added;

    spin_lock(&heap_lock);
    added = heap_add_pages(&heap, start, count);
    spin_unlock(&heap_lock);
    return added;
}

struct page_info *mfn_to_page(mfn_t mfn)
{
    ASSERT(mfn_x(mfn) < nr_frames);
    return &frame_table[mfn_x(mfn)];
}

domid_t mm_frame_owner(mfn_t mfn)
{
    const struct page_info *pg = mfn_to_page(mfn);
    domid_t owner;

    if (pg->count_info & PGC_allocated)
        return pg->owner;
    if (mm_deferred_owner(mfn, &owner))
        return owner;
    /*
     * Otherwise only a hypervisor heap page has an owner; a free frame, a
     * boot allocation, the image or a set-aside module has none, whatever
     * its (zeroed) owner field says.
     */
    return !(pg->count_info & PGC_free) && pg->owner == DOMID_XEN
               ? DOMID_XEN
               : DOMID_INVALID;
}

bool mm_frames_owned_by(mfn_t start, unsigned long count, domid_t owner)
{
    unsigned long i;

    if (mfn_x(start) >= nr_frames || nr_frames - mfn_x(start) < count)
        return false;
    for (i = 0; i < count; i++)
        if (mm_frame_owner(mfn_add(start, i)) != owner)
            return false;
    return true;
}

unsigned long mm_max_frame(void)
{
    return nr_frames;
}

/* Frames the heap is given at a time when it runs out early. */
#define GROW_FRAMES 2048UL

static mfn_t alloc_pages(domid_t owner, unsigned int order,
                         unsigned int flags)
{
    mfn_t mfn;

    do {
        spin_lock(&heap_lock);
        mfn = heap_alloc_flags(&heap, order, owner, flags);
        spin_unlock(&heap_lock);
    } while (mfn_eq(mfn, INVALID_MFN) &&
             mm_deferred_grow(max(GROW_FRAMES, 2UL << order)));
    return mfn;
}

/* heap_free_sparing()'s offline: the freed bad frame joins the list. */
static void offline_frame(void *ctx, mfn_t mfn)
{
    struct page_info *pg = mfn_to_page(mfn);
    domid_t owner = pg->owner;

    pg->count_info &= ~PGC_allocated;
    pg->owner = DOMID_INVALID;
    page_list_add_tail(frame_table, &broken_list, mfn);
    broken_in_use--;
    if (owner == DOMID_XEN)
        printk(XENLOG_WARNING "Bad page %#lx freed by the hypervisor: "
               "offlined, not returned to the heap\n", mfn_x(mfn));
    else
        printk(XENLOG_WARNING "Bad page %#lx freed by domain %u: offlined, "
               "not returned to the heap\n", mfn_x(mfn), owner);
}

/* Bad frames in use (rare: only after a live update) are taken out. */
static void free_pages(mfn_t mfn, unsigned int order)
{
    spin_lock(&heap_lock);
    if (broken_in_use)
        heap_free_sparing(&heap, mfn, order, offline_frame, NULL);
    else
        heap_free(&heap, mfn, order);
    spin_unlock(&heap_lock);
}

static void *xenheap_alloc(unsigned int order, unsigned int flags)
{
    mfn_t mfn = alloc_pages(DOMID_XEN, order, flags);

    return mfn_eq(mfn, INVALID_MFN) ? NULL : mfn_to_virt(mfn);
}

void *alloc_xenheap_pages(unsigned int order)
{
    return xenheap_alloc(order, 0);
}

void *alloc_xenheap_pages_noscrub(unsigned int order)
{
    return xenheap_alloc(order, HEAP_NO_SCRUB);
}

void free_xenheap_pages(void *va, unsigned int order)
{
    free_pages(virt_to_mfn(va), order);
}

mfn_t alloc_domheap_pages(domid_t owner, unsigned int order)
{
    BUG_ON(owner == DOMID_XEN); /* the hypervisor's pages are xenheap */
    return alloc_pages(owner, order, 0);
}

void free_domheap_pages(mfn_t mfn, unsigned int order)
{
    mm_deferred_before_free(); /* it may be a block a live update carried */
    free_pages(mfn, order);
}

void mm_get_stats(struct mm_stats *stats)
{
    stats->total = total_pages;
    spin_lock(&heap_lock);
    stats->free = heap.free_pages;
    spin_unlock(&heap_lock);
    stats->broken = broken_list.count + broken_in_use;
    stats->reserved = reserved_pages;
}

/*
 * Print how many broken frames are offlined and how many their owners still
 * hold (so the two add up to the summary's count), then the offlined ones
 * as ranges of consecutive frames.
 */
void mm_print_broken_pages(void)
{
    unsigned long m, first = PAGE_LIST_NULL, last = PAGE_LIST_NULL;

    printk("Broken pages: %lu offlined, %lu still in use by %s\n",
           broken_list.count, broken_in_use,
           broken_in_use == 1 ? "its owner" : "their owners");
    page_list_for_each(m, frame_table, &broken_list) {
        if (first != PAGE_LIST_NULL && m == last + 1) {
            last = m;
            continue;
        }
        if (first != PAGE_LIST_NULL)
            printk(" [%010lx, %010lx]\n", first, last);
        first = last = m;
    }
    if (first != PAGE_LIST_NULL)
        printk(" [%010lx, %010lx]\n", first, last);
}
