/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot allocator (see xen/bootmem.h).  Free RAM is a small sorted table
 * of disjoint, non-adjacent frame ranges [start, end): adding merges with
 * every range it overlaps or touches, removing trims and at most splits one
 * range, and allocation carves a run out of the highest range that can hold
 * it, so low memory (which some devices and the live-update region need)
 * goes last.  The table has a fixed size because this runs before any other
 * allocator exists; every operation that would need more slots than it has
 * fails with -ENOSPC before changing anything, so a caller never sees a
 * half-applied add or remove.  Frame numbers stop short of INVALID_MFN: a
 * range whose end would pass it (start + count overflowing included) is
 * clipped there, and a range starting at INVALID_MFN is empty.
 */
#include <xen/bootmem.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

void bootmem_init(struct bootmem *bm)
{
    memset(bm, 0, sizeof(*bm));
}

/* End (exclusive) of count frames from start, clipped at INVALID_MFN. */
static unsigned long bootmem_clip_end(unsigned long start, unsigned long count)
{
    if (count > INVALID_MFN_RAW - start)
        return INVALID_MFN_RAW;
    return start + count;
}

/* Replace the n slots from index i with m new ones (the caller fills them). */
static void bootmem_resize_at(struct bootmem *bm, unsigned int i,
                              unsigned int n, unsigned int m)
{
    unsigned int tail = bm->nr_ranges - (i + n);

    memmove(&bm->ranges[i + m], &bm->ranges[i + n],
            tail * sizeof(bm->ranges[0]));
    bm->nr_ranges = bm->nr_ranges - n + m;
}

int bootmem_add(struct bootmem *bm, mfn_t start, unsigned long count)
{
    unsigned long s = mfn_x(start), e = bootmem_clip_end(s, count);
    unsigned int i, j;

    if (s >= e)
        return 0;

    /* [i, j) are the ranges that overlap or touch [s, e). */
    for (i = 0; i < bm->nr_ranges && bm->ranges[i].end < s; i++)
        ;
    for (j = i; j < bm->nr_ranges && bm->ranges[j].start <= e; j++)
        ;

    if (i == j) {
        if (bm->nr_ranges == BOOTMEM_MAX_RANGES)
            return -ENOSPC;
        bootmem_resize_at(bm, i, 0, 1);
    } else {
        s = min(s, bm->ranges[i].start);
        e = max(e, bm->ranges[j - 1].end);
        bootmem_resize_at(bm, i, j - i, 1);
    }
    bm->ranges[i].start = s;
    bm->ranges[i].end = e;
    return 0;
}

int bootmem_remove(struct bootmem *bm, mfn_t start, unsigned long count)
{
    unsigned long s = mfn_x(start), e = bootmem_clip_end(s, count);
    struct bootmem_range left, right;
    unsigned int i, j, keep = 0;

    if (s >= e)
        return 0;

    /* [i, j) are the ranges that overlap [s, e). */
    for (i = 0; i < bm->nr_ranges && bm->ranges[i].end <= s; i++)
        ;
    for (j = i; j < bm->nr_ranges && bm->ranges[j].start < e; j++)
        ;
    if (i == j)
        return 0;

    left = bm->ranges[i];
    right = bm->ranges[j - 1];
    if (left.start < s) {
        left.end = s;
        keep++;
    }
    if (right.end > e) {
        right.start = e;
        keep++;
    }
    /* Only one range containing [s, e) with frames on both sides grows. */
    if (bm->nr_ranges - (j - i) + keep > BOOTMEM_MAX_RANGES)
        return -ENOSPC;

    bootmem_resize_at(bm, i, j - i, keep);
    if (left.start < s)
        bm->ranges[i++] = left;
    if (right.end > e)
        bm->ranges[i] = right;
    return 0;
}

void bootmem_restrict(struct bootmem *bm, mfn_t start, unsigned long count)
{
    if (!count) {
        bm->limit_start = bm->limit_end = 0;
        return;
    }
    /* A window starting at INVALID_MFN is empty but still a restriction. */
    bm->limit_start = mfn_x(start);
    bm->limit_end = bootmem_clip_end(mfn_x(start), count);
}

/*
 * The highest first frame of an aligned run of nr frames inside both the
 * range r and the window [lo, hi), or INVALID_MFN_RAW if there is none.
 */
static unsigned long bootmem_fit_high(const struct bootmem_range *r,
                                      unsigned long lo, unsigned long hi,
                                      unsigned long nr, unsigned long align)
{
    unsigned long s = max(r->start, lo), e = min(r->end, hi), at;

    if (s >= e || e - s < nr)
        return INVALID_MFN_RAW;
    at = (e - nr) & ~(align - 1);
    return at >= s ? at : INVALID_MFN_RAW;
}

/*
 * Carve [at, at + nr) out of range i, which holds it.  Returns false,
 * changing nothing, if that would split the range and the table is full.
 */
static bool bootmem_carve(struct bootmem *bm, unsigned int i, unsigned long at,
                          unsigned long nr)
{
    struct bootmem_range *r = &bm->ranges[i];
    unsigned long end = r->end;

    if (at == r->start && at + nr == end) {
        bootmem_resize_at(bm, i, 1, 0);
    } else if (at == r->start) {
        r->start = at + nr;
    } else if (at + nr == end) {
        r->end = at;
    } else {
        if (bm->nr_ranges == BOOTMEM_MAX_RANGES)
            return false;
        bootmem_resize_at(bm, i, 1, 2);
        bm->ranges[i].end = at;
        bm->ranges[i + 1].start = at + nr;
        bm->ranges[i + 1].end = end;
    }
    return true;
}

/*
 * Only when the table is full: the run may not split range i, so besides
 * the highest fit (tried by the caller) try the range's own first frame.
 */
static unsigned long bootmem_fit_low_edge(const struct bootmem_range *r,
                                          unsigned long lo, unsigned long hi,
                                          unsigned long nr, unsigned long align)
{
    if (r->start < lo || r->start & (align - 1))
        return INVALID_MFN_RAW;
    if (hi < r->start || r->end - r->start < nr || hi - r->start < nr)
        return INVALID_MFN_RAW;
    return r->start;
}

mfn_t bootmem_alloc(struct bootmem *bm, unsigned long nr, unsigned long align,
                    mfn_t limit)
{
    unsigned long lo = 0, hi = mfn_x(limit), at;
    unsigned int i;

    if (!nr)
        return INVALID_MFN;
    if (!align)
        align = 1;
    if (align & (align - 1))
        return INVALID_MFN;
    if (bm->limit_end) {
        lo = bm->limit_start;
        hi = min(hi, bm->limit_end);
    }

    for (i = bm->nr_ranges; i-- > 0;) {
        at = bootmem_fit_high(&bm->ranges[i], lo, hi, nr, align);
        if (at == INVALID_MFN_RAW)
            continue;
        if (bootmem_carve(bm, i, at, nr))
            return _mfn(at);
        at = bootmem_fit_low_edge(&bm->ranges[i], lo, hi, nr, align);
        if (at != INVALID_MFN_RAW && bootmem_carve(bm, i, at, nr))
            return _mfn(at);
    }
    return INVALID_MFN;
}

bool bootmem_take(struct bootmem *bm, mfn_t *start, unsigned long *count)
{
    if (!bm->nr_ranges)
        return false;
    *start = _mfn(bm->ranges[0].start);
    *count = bm->ranges[0].end - bm->ranges[0].start;
    bootmem_resize_at(bm, 0, 1, 0);
    return true;
}

unsigned long bootmem_free_pages(const struct bootmem *bm)
{
    unsigned long total = 0;
    unsigned int i;

    for (i = 0; i < bm->nr_ranges; i++)
        total += bm->ranges[i].end - bm->ranges[i].start;
    return total;
}
