/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The second half of memory bring-up (xen/mm_deferred.h), in three steps
 * that each keep a cursor, so that any amount of work can stop and resume:
 *
 *  1. the frames of each carried block after its first are marked owned;
 *  2. the live-update region is marked reserved (the heap never sees it:
 *     mm_init() took it out of the boot allocator);
 *  3. each range left in the boot allocator goes to the heap, skipping the
 *     carried blocks, which are not marked yet (or only partly).
 *
 * The heap takes nothing in step 3 that step 1 has still to mark, so the
 * steps are independent and step 3 may run ahead when the heap needs more.
 * Freeing a carried block is the one thing that must wait for step 1.
 * After a live update the steps run in slices of lu_mem_slice= frames, one
 * per millisecond of timer, while the domains run.
 *
 * Option (docs/misc/xen-command-line.md): lu_mem_slice=<frames>.
 *
 * Lock order: deferred_lock, then the heap's lock (page_alloc.c takes it
 * inside page_alloc_add() and page_alloc_adopt()).  Callers of the entry
 * points below hold neither.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/mm_deferred.h>
#include <xen/param.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/timer.h>

#define SLICE_PERIOD MILLISECS(1)

/* Frames a slice looks at: 16384 is about 250 us of work. */
static unsigned long lu_mem_slice = 16384;
integer_param("lu_mem_slice", lu_mem_slice);

static spinlock_t deferred_lock = SPIN_LOCK_UNLOCKED;
static struct mm_deferred_work work;
static bool active;

/* Step 1: the carried block being marked and the next frame in it. */
static unsigned long block_index;
static uint64_t block_next;
/* Step 3: the walk through the boot allocator's ranges. */
static struct lu_carried_walk walk;

static struct timer slice_timer;
static s_time_t started_at, busy_ns;
static unsigned long slices, frames_marked, frames_to_heap;

void mm_deferred_init(const struct mm_deferred_work *w)
{
    work = *w;
    block_index = 0;
    block_next = w->carried->nr ? w->carried->blocks[0].mfn + 1 : 0;
    lu_carried_walk_init(&walk);
    active = true;
}

static bool tails_done(void)
{
    return block_index == work.carried->nr;
}

/* Step 1, up to budget frames; returns the frames it marked. */
static unsigned long mark_tails(unsigned long budget)
{
    unsigned long done = 0;

    while (!tails_done() && done < budget) {
        const struct lu_carried_block *b = &work.carried->blocks[block_index];
        uint64_t end = b->mfn + (1ULL << b->order);
        unsigned long n = (unsigned long)min(end - block_next,
                                             (uint64_t)(budget - done));

        page_alloc_adopt(_mfn(block_next), n, b->owner);
        block_next += n;
        done += n;
        if (block_next == end && ++block_index < work.carried->nr)
            block_next = work.carried->blocks[block_index].mfn + 1;
    }
    frames_marked += done;
    return done;
}

/* Step 2, at once: a few thousand frames. */
static void mark_region(void)
{
    if (mfn_eq(work.region, INVALID_MFN))
        return;
    page_alloc_mark_reserved(work.region, work.region_pages);
    work.region = INVALID_MFN;
}

/*
 * Step 3, up to budget free frames; returns the frames the heap took.
 * Carried blocks are stepped over whole, by index, and not counted: the
 * work is the free frames, the blocks and the boot-allocator ranges.
 */
static unsigned long fill_heap(unsigned long budget)
{
    unsigned long seen = 0, added = 0;
    uint64_t start, n;

    while (seen < budget &&
           (n = lu_carried_next_free(work.carried, &walk, work.bm,
                                     budget - seen, &start))) {
        added += page_alloc_add(_mfn(start), (unsigned long)n);
        seen += (unsigned long)n;
    }
    frames_to_heap += added;
    return added;
}

static bool heap_done(void)
{
    return lu_carried_walk_done(&walk, work.bm);
}

static bool all_done(void)
{
    return tails_done() && mfn_eq(work.region, INVALID_MFN) && heap_done();
}

static void done(void)
{
    active = false;
    if (!work.report)
        return;
    printk("Memory: bring-up finished: %lu frames of carried blocks marked, "
           "%lu pages to the heap; %lu slices, %lu us of work\n",
           frames_marked, frames_to_heap, slices,
           (unsigned long)(busy_ns / 1000));
    if (started_at)
        printk("Memory: done %lu us after the domains resumed\n",
               (unsigned long)((NOW() - started_at) / 1000));
    mm_print_summary();
}

/* One slice's worth of work, the steps in order. */
static void do_slice(unsigned long budget)
{
    s_time_t t = NOW();
    unsigned long done = mark_tails(budget);

    if (done < budget) {
        mark_region();
        fill_heap(budget - done);
    }
    busy_ns += NOW() - t;
    slices++;
}

static void slice_timer_fn(void *data)
{
    spin_lock(&deferred_lock);
    if (active) {
        do_slice(lu_mem_slice ? lu_mem_slice : 1);
        if (all_done())
            done();
        else
            set_timer(&slice_timer, NOW() + SLICE_PERIOD);
    }
    spin_unlock(&deferred_lock);
}

unsigned long mm_deferred_finish(void)
{
    unsigned long added;

    spin_lock(&deferred_lock);
    if (active) {
        stop_timer(&slice_timer);
        do_slice(~0UL);
        BUG_ON(!all_done());
        done();
    }
    added = frames_to_heap;
    spin_unlock(&deferred_lock);
    return added;
}

bool mm_deferred_grow(unsigned long frames)
{
    s_time_t t = NOW();
    unsigned long added = 0;

    spin_lock(&deferred_lock);
    /* Each call looks at frames or more, or finishes: this ends. */
    while (active && !added && !heap_done())
        added = fill_heap(frames);
    if (active) {
        busy_ns += NOW() - t;
        if (all_done())
            done();
    }
    spin_unlock(&deferred_lock);
    return added;
}

void mm_deferred_start(void)
{
    if (!active)
        return;
    started_at = NOW();
    timer_init_one(&slice_timer, slice_timer_fn, NULL);
    set_timer(&slice_timer, started_at + SLICE_PERIOD);
}

bool mm_deferred_owner(mfn_t mfn, domid_t *owner)
{
    const struct lu_carried_block *b = NULL;

    spin_lock(&deferred_lock);
    if (active && !tails_done())
        b = lu_carried_find(work.carried, mfn_x(mfn));
    if (b)
        *owner = b->owner;
    spin_unlock(&deferred_lock);
    return b;
}

void mm_deferred_before_free(void)
{
    s_time_t t = NOW();

    spin_lock(&deferred_lock);
    if (active && !tails_done()) {
        printk("Memory: a domain frees memory: the rest of the carried "
               "blocks marked now\n");
        mark_tails(~0UL);
        busy_ns += NOW() - t;
    }
    spin_unlock(&deferred_lock);
}
