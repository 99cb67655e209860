/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * selftest=alloc: drain the heap at every order, largest first, check every
 * block it hands out, give everything back and check the counts return.
 *
 * Each allocated block is checked for alignment, owner, PGC_allocated
 * (set for a domain, clear for the hypervisor), no PGC_broken, no frame in
 * the live-update region, and zeroed contents.  Every frame handed out is
 * then stamped; a frame handed out twice would arrive stamped, not zeroed.
 * The blocks are chained through their own first words, so the test needs
 * no memory of its own.
 */
#include <asm/mm.h>
#include <xen/heap.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/selftest.h>
#include <xen/string.h>

#define STAMP 0x5e1f7e57a110c000UL
#define TEST_DOMID 1

struct block_link {
    unsigned long stamp;
    unsigned long next_mfn;   /* INVALID_MFN_RAW ends the chain */
    unsigned int next_order;
};

struct alloc_run {
    mfn_t lu_start;
    unsigned long lu_pages;
    mfn_t chain;
    unsigned int chain_order;
    unsigned long pages, blocks;
};

static bool frame_is_zero(mfn_t m)
{
    const unsigned long *p = mfn_to_virt(m);
    unsigned int i;

    for (i = 0; i < PAGE_SIZE / sizeof(*p); i++)
        if (p[i])
            return false;
    return true;
}

/* Returns NULL if the frame is right, else what is wrong with it. */
static const char *check_frame(const struct alloc_run *run, mfn_t m,
                               domid_t owner)
{
    const struct page_info *pg = mfn_to_page(m);
    bool domain = owner != DOMID_XEN;

    if (pg->owner != owner)
        return "wrong owner";
    if (!!(pg->count_info & PGC_allocated) != domain)
        return "wrong PGC_allocated";
    if (pg->count_info & PGC_broken)
        return "broken frame handed out";
    if (mfn_x(m) - mfn_x(run->lu_start) < run->lu_pages)
        return "frame in the live-update region";
    if (!frame_is_zero(m))
        return "not zeroed, or handed out twice";
    return NULL;
}

/* Check a new block, stamp its frames and chain it.  NULL if all is well. */
static const char *take_block(struct alloc_run *run, mfn_t m,
                              unsigned int order, domid_t owner, mfn_t *bad)
{
    unsigned long i, n = 1UL << order;
    struct block_link *link = mfn_to_virt(m);
    const char *why;

    if (mfn_x(m) & (n - 1)) {
        *bad = m;
        return "block not aligned to its size";
    }
    for (i = 0; i < n; i++) {
        *bad = mfn_add(m, i);
        if ((why = check_frame(run, *bad, owner)))
            return why;
        *(unsigned long *)mfn_to_virt(*bad) = STAMP;
    }
    link->next_mfn = mfn_x(run->chain);
    link->next_order = run->chain_order;
    run->chain = m;
    run->chain_order = order;
    run->pages += n;
    run->blocks++;
    return NULL;
}

static mfn_t alloc_block(domid_t owner, unsigned int order)
{
    void *va;

    if (owner != DOMID_XEN)
        return alloc_domheap_pages(owner, order);
    va = alloc_xenheap_pages(order);
    return va ? virt_to_mfn(va) : INVALID_MFN;
}

/* Allocate until the heap is empty, largest blocks first. */
static const char *drain_heap(struct alloc_run *run, mfn_t *bad)
{
    int order;

    for (order = MAX_ORDER; order >= 0; order--) {
        domid_t owner = order & 1 ? TEST_DOMID : DOMID_XEN;
        const char *why;
        mfn_t m;

        while (!mfn_eq(m = alloc_block(owner, order), INVALID_MFN))
            if ((why = take_block(run, m, order, owner, bad)))
                return why;
    }
    return NULL;
}

static void release_chain(struct alloc_run *run)
{
    while (!mfn_eq(run->chain, INVALID_MFN)) {
        const struct block_link *link = mfn_to_virt(run->chain);
        mfn_t next = _mfn(link->next_mfn);
        unsigned int next_order = link->next_order;

        if (mfn_to_page(run->chain)->owner == DOMID_XEN)
            free_xenheap_pages(mfn_to_virt(run->chain), run->chain_order);
        else
            free_domheap_pages(run->chain, run->chain_order);
        run->chain = next;
        run->chain_order = next_order;
    }
}

void selftest_alloc(void)
{
    struct alloc_run run = {.chain = INVALID_MFN};
    struct mm_stats before, drained, after;
    const char *why;
    mfn_t bad = INVALID_MFN;

    if (!mm_lu_region(&run.lu_start, &run.lu_pages))
        run.lu_start = INVALID_MFN;
    mm_get_stats(&before);
    why = drain_heap(&run, &bad);
    mm_get_stats(&drained);
    if (!why && drained.free)
        why = "heap not empty after draining every order";
    release_chain(&run);
    mm_get_stats(&after);
    if (!why && (after.free != before.free || after.broken != before.broken))
        why = "page counts did not return";
    if (why) {
        printk(XENLOG_ERR "selftest: alloc: FAILURE: %s (frame %#lx)\n", why,
               mfn_x(bad));
        return;
    }
    printk("selftest: alloc: SUCCESS: %lu pages in %lu blocks checked, "
           "%lu free before and after\n", run.pages, run.blocks, after.free);
}
