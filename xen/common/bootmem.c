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
 *
 * At the end are the memory-map readers shared by everyone who turns the
 * map into frames (see xen/bootmem.h), so they all round the same way.
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

/*
 * Searching the ranges below index *i from the top, the highest fit of nr
 * frames aligned to align inside the window [lo, hi); *i becomes the index
 * of the range that holds it.  Returns INVALID_MFN_RAW when none is left.
 */
static unsigned long bootmem_search(const struct bootmem *bm, unsigned int *i,
                                    unsigned long lo, unsigned long hi,
                                    unsigned long nr, unsigned long align)
{
    unsigned long at;

    while ((*i)-- > 0) {
        at = bootmem_fit_high(&bm->ranges[*i], lo, hi, nr, align);
        if (at != INVALID_MFN_RAW)
            return at;
    }
    return INVALID_MFN_RAW;
}

/* A request that can never be met: nothing, or an alignment not 2^n. */
static bool bootmem_bad_request(unsigned long nr, unsigned long align)
{
    return !nr || (align & (align - 1));
}

mfn_t bootmem_find_high(const struct bootmem *bm, unsigned long nr,
                        unsigned long align, mfn_t limit)
{
    unsigned int i = bm->nr_ranges;
    unsigned long at;

    if (bootmem_bad_request(nr, align))
        return INVALID_MFN;
    at = bootmem_search(bm, &i, 0, mfn_x(limit), nr, align ? align : 1);
    return _mfn(at);
}

mfn_t bootmem_alloc(struct bootmem *bm, unsigned long nr, unsigned long align,
                    mfn_t limit)
{
    unsigned long lo = 0, hi = mfn_x(limit), at;
    unsigned int i = bm->nr_ranges;

    if (bootmem_bad_request(nr, align))
        return INVALID_MFN;
    if (!align)
        align = 1;
    if (bm->limit_end) {
        lo = bm->limit_start;
        hi = min(hi, bm->limit_end);
    }

    while ((at = bootmem_search(bm, &i, lo, hi, nr, align)) !=
           INVALID_MFN_RAW) {
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

unsigned long bootmem_free_pages_in(const struct bootmem *bm, mfn_t start,
                                    unsigned long count)
{
    unsigned long s = mfn_x(start), e = bootmem_clip_end(s, count), total = 0;
    unsigned int i;

    for (i = 0; i < bm->nr_ranges; i++) {
        unsigned long rs = max(bm->ranges[i].start, s);
        unsigned long re = min(bm->ranges[i].end, e);

        if (rs < re)
            total += re - rs;
    }
    return total;
}

bool bootmem_entry_frames(const struct boot_mem_range *r, unsigned long limit,
                          unsigned long *first, unsigned long *end)
{
    uint64_t top = r->start + r->size;
    unsigned long fs, fe;

    if (r->type != BOOT_MEM_RAM)
        return false;
    if (top < r->start) /* the entry runs to the top of the address space */
        top = UINT64_MAX;
    /* Round the start up in frames: (start + PAGE_SIZE - 1) could wrap. */
    fs = (unsigned long)(r->start >> PAGE_SHIFT_4K) +
         ((r->start & (PAGE_SIZE_4K - 1)) != 0);
    fe = min((unsigned long)(top >> PAGE_SHIFT_4K), limit);
    if (fs >= fe)
        return false;
    *first = fs;
    *end = fe;
    return true;
}

bool bootmem_ram_run(const struct boot_info *bi, unsigned long f,
                     unsigned long *first, unsigned long *end)
{
    unsigned long fs, fe;
    unsigned int k;
    bool found = false, grew = true;

    for (k = 0; k < bi->nr_ranges; k++) {
        if (!bootmem_entry_frames(&bi->ranges[k], INVALID_MFN_RAW, &fs, &fe) ||
            fe <= f || (found && fs >= *first))
            continue;
        *first = fs;
        *end = fe;
        found = true;
    }
    /* Each pass joins every entry that starts inside the run or at its end. */
    while (found && grew) {
        grew = false;
        for (k = 0; k < bi->nr_ranges; k++) {
            if (bootmem_entry_frames(&bi->ranges[k], INVALID_MFN_RAW, &fs,
                                     &fe) &&
                fs <= *end && fe > *end) {
                *end = fe;
                grew = true;
            }
        }
    }
    return found;
}
