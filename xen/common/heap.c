/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The heap: a binary buddy allocator over the frame table (see heap.h).
 *
 * A free block of 2^order frames is aligned to its size.  Every frame of a
 * free block carries PGC_free, so anyone can tell from one frame-table entry
 * whether a frame is in the heap; only the first frame (the head) records
 * the order and sits on free[order].  Merging looks at the buddy's first
 * frame only: blocks are aligned, so while a block is not free no free block
 * can contain its buddy's first frame except one starting there, and if
 * that one has the same order it is the whole buddy.  Frames marked
 * PGC_not_for_heap never become free, so no block ever spans one and merging
 * stops at bad RAM, the live-update region and live data without a check.
 *
 * That argument needs PGC_free to mean "in a listed block" whenever a buddy
 * is looked at, so frames are marked free only as their block goes in.
 *
 * Scrubbing is lazy: frames are marked PGC_need_scrub when they enter the
 * heap (at boot, or freed by a domain being torn down) and zeroed when they
 * are next handed out.  Boot then costs a couple of stores per frame rather
 * than zeroing all RAM, and destroying a domain does not pay to zero memory
 * that nobody may ask for; a frame is still always zeroed before anyone else
 * can see it.  The caller provides the locking.
 */
#include <xen/heap.h>
#include <xen/lib.h>

/* Frames in a block of the given order. */
static inline unsigned long order_pages(unsigned int order)
{
    return 1UL << order;
}

/* The largest order for a block at frame m with count frames available. */
static unsigned int block_order(unsigned long m, unsigned long count)
{
    unsigned int order = MAX_ORDER;
    unsigned int fit = 63 - (unsigned int)__builtin_clzl(count);

    if (m)
        order = min(order, (unsigned int)__builtin_ctzl(m));
    return min(order, fit);
}

void heap_init(struct heap *h, struct page_info *frames,
               unsigned long nr_frames, heap_scrub_fn scrub, void *scrub_ctx)
{
    unsigned int order;

    BUG_ON(nr_frames > PAGE_LIST_NULL);
    ASSERT(scrub);
    h->frames = frames;
    h->nr_frames = nr_frames;
    for (order = 0; order <= MAX_ORDER; order++)
        page_list_init(&h->free[order]);
    h->free_pages = 0;
    h->total_pages = 0;
    h->scrub = scrub;
    h->scrub_ctx = scrub_ctx;
}

/*
 * Put the free block at m (every frame already marked PGC_free) on a free
 * list, first merging it with its buddy for as long as the buddy is free and
 * whole.
 */
static void heap_insert(struct heap *h, unsigned long m, unsigned int order)
{
    struct page_info *frames = h->frames;

    while (order < MAX_ORDER) {
        unsigned long buddy = m ^ order_pages(order);
        const struct page_info *pg;

        if (buddy >= h->nr_frames)
            break;
        pg = &frames[buddy];
        if (!(pg->count_info & PGC_free) || pg->order != order)
            break;
        page_list_del(frames, &h->free[order], _mfn(buddy));
        m &= ~order_pages(order);
        order++;
    }
    frames[m].order = (uint8_t)order;
    page_list_add_tail(frames, &h->free[order], _mfn(m));
}

/*
 * Free the run [m, end), whose frames may all join the heap, as maximal
 * aligned blocks.  Each block's frames are marked free only as the block
 * goes in: a frame further on still carries whatever order it had when it
 * was last a block head, and were it already marked free, heap_insert()
 * would take it for a listed buddy and unlink it from a list it is not on.
 */
static void heap_insert_run(struct heap *h, unsigned long m, unsigned long end)
{
    while (m < end) {
        unsigned int order = block_order(m, end - m);
        unsigned long i, n = order_pages(order);

        for (i = m; i < m + n; i++) {
            h->frames[i].count_info |= PGC_free | PGC_need_scrub;
            h->frames[i].owner = DOMID_INVALID;
        }
        heap_insert(h, m, order);
        m += n;
    }
}

/*
 * One pass over the range finds each run of frames that may join the heap,
 * and each run is then freed as the fewest aligned blocks, every frame
 * marked free and needing a scrub (two stores) as its block goes in, so the
 * cost is linear in the frames touched.  A frame already free is left
 * alone: adding a range twice must not put a block on two lists.
 */
unsigned long heap_add_pages(struct heap *h, mfn_t start, unsigned long count)
{
    struct page_info *frames = h->frames;
    unsigned long m = mfn_x(start), end, run, added = 0;

    if (m >= h->nr_frames)
        return 0;
    end = count > h->nr_frames - m ? h->nr_frames : m + count;

    while (m < end) {
        for (run = m; run < end; run++)
            if (frames[run].count_info & (PGC_not_for_heap | PGC_free))
                break;
        heap_insert_run(h, m, run);
        added += run - m;
        m = run + 1; /* step over the frame that ended the run */
    }

    h->total_pages += added;
    h->free_pages += added;
    return added;
}

/*
 * Take a free block of at least the given order off its list and split it
 * down to that order, the upper halves going back on the lower lists.
 * Returns its first frame, or INVALID_MFN_RAW if no block is big enough.
 */
static unsigned long heap_take(struct heap *h, unsigned int order)
{
    unsigned int j = order;
    unsigned long m;

    while (page_list_empty(&h->free[j]))
        if (++j > MAX_ORDER)
            return INVALID_MFN_RAW;

    m = mfn_x(page_list_pop(h->frames, &h->free[j]));
    while (j > order) {
        unsigned long upper;

        j--;
        upper = m + order_pages(j);
        h->frames[upper].order = (uint8_t)j;
        page_list_add_tail(h->frames, &h->free[j], _mfn(upper));
    }
    return m;
}

mfn_t heap_alloc(struct heap *h, unsigned int order, domid_t owner)
{
    return heap_alloc_flags(h, order, owner, 0);
}

mfn_t heap_alloc_flags(struct heap *h, unsigned int order, domid_t owner,
                       unsigned int flags)
{
    uint64_t set = owner == DOMID_XEN ? 0 : PGC_allocated;
    unsigned long m, i, n;

    ASSERT(owner != DOMID_INVALID);
    if (order > MAX_ORDER)
        return INVALID_MFN;
    m = heap_take(h, order);
    if (m == INVALID_MFN_RAW)
        return INVALID_MFN;

    n = order_pages(order);
    for (i = m; i < m + n; i++) {
        struct page_info *pg = &h->frames[i];

        if ((pg->count_info & PGC_need_scrub) && !(flags & HEAP_NO_SCRUB))
            h->scrub(h->scrub_ctx, _mfn(i));
        pg->count_info = (pg->count_info & ~(PGC_free | PGC_need_scrub)) | set;
        pg->owner = owner;
    }
    h->free_pages -= n;
    return _mfn(m);
}

/*
 * Bad input here means the hypervisor lost track of a block (a double free,
 * a wrong order, a frame that was never the heap's to give): that is a bug,
 * and carrying on would hand the same frame to two owners.
 */
void heap_free(struct heap *h, mfn_t mfn, unsigned int order)
{
    unsigned long m = mfn_x(mfn), i, n;

    BUG_ON(order > MAX_ORDER);
    n = order_pages(order);
    BUG_ON(m >= h->nr_frames || h->nr_frames - m < n);
    BUG_ON(m & (n - 1));

    for (i = m; i < m + n; i++) {
        struct page_info *pg = &h->frames[i];

        BUG_ON(pg->count_info & (PGC_free | PGC_broken | PGC_reserved));
        pg->count_info =
            (pg->count_info & ~PGC_allocated) | PGC_free | PGC_need_scrub;
        pg->owner = DOMID_INVALID;
    }
    heap_insert(h, m, order);
    h->free_pages += n;
}

/* Whether [m, m + 2^order) holds a broken frame. */
static bool heap_range_broken(const struct heap *h, unsigned long m,
                              unsigned int order)
{
    unsigned long i;

    for (i = m; i < m + order_pages(order); i++)
        if (h->frames[i].count_info & PGC_broken)
            return true;
    return false;
}

/* Free [m, m + 2^order) but its broken frames, halving around them. */
static unsigned long heap_free_around(struct heap *h, unsigned long m,
                                      unsigned int order,
                                      heap_offline_fn offline, void *ctx)
{
    if (!heap_range_broken(h, m, order)) {
        heap_free(h, _mfn(m), order);
        return 0;
    }
    if (!order) {
        offline(ctx, _mfn(m));
        return 1;
    }
    return heap_free_around(h, m, order - 1, offline, ctx) +
           heap_free_around(h, m + order_pages(order - 1), order - 1,
                            offline, ctx);
}

unsigned long heap_free_sparing(struct heap *h, mfn_t mfn, unsigned int order,
                                heap_offline_fn offline, void *ctx)
{
    unsigned long m = mfn_x(mfn);

    BUG_ON(order > MAX_ORDER);
    BUG_ON(m >= h->nr_frames || h->nr_frames - m < order_pages(order));
    BUG_ON(m & (order_pages(order) - 1));
    return heap_free_around(h, m, order, offline, ctx);
}
