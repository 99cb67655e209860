/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the boot allocator (xen/common/bootmem.c).  The table of
 * free ranges is checked after each kind of change (add and merge, remove
 * and split, restrict, allocate, take), at its edges (zero counts, frame
 * numbers that would overflow, a full table, where an operation that needs
 * one more slot must fail without changing anything) and with the layouts
 * the hypervisor meets: RAM above 4 GiB, bad frames removed at the edges of
 * a range and inside the live-update region.  Finding without allocating
 * and counting free frames in a window are checked on their own and
 * against every step of the random walk; reading the memory map in whole
 * frames is checked at the edges that once went wrong (partial frames
 * rounded outward, an entry near 2^64).  The last test drives random
 * adds, removes and allocations against a shadow bitmap: no allocation may
 * return a frame that is not free, a bad frame, or a run that is not the
 * highest one that fits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/bootmem.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include "harness.h"

#define FRAME_4G 0x100000UL

/* ---- Helpers ------------------------------------------------------------- */

/* Sorted, disjoint, not touching, no empty range. */
static void check_invariants(const struct bootmem *bm)
{
    unsigned int i;

    assert_true(bm->nr_ranges <= BOOTMEM_MAX_RANGES);
    for (i = 0; i < bm->nr_ranges; i++) {
        assert_true(bm->ranges[i].start < bm->ranges[i].end);
        if (i)
            assert_true(bm->ranges[i - 1].end < bm->ranges[i].start);
    }
}

static void check_range(const struct bootmem *bm, unsigned int i,
                        unsigned long start, unsigned long end)
{
    assert_true(i < bm->nr_ranges);
    assert_int_equal(bm->ranges[i].start, start);
    assert_int_equal(bm->ranges[i].end, end);
}

static void add(struct bootmem *bm, unsigned long start, unsigned long end)
{
    assert_int_equal(bootmem_add(bm, _mfn(start), end - start), 0);
    check_invariants(bm);
}

static void remove_frames(struct bootmem *bm, unsigned long start,
                          unsigned long end)
{
    assert_int_equal(bootmem_remove(bm, _mfn(start), end - start), 0);
    check_invariants(bm);
}

static unsigned long alloc(struct bootmem *bm, unsigned long nr,
                           unsigned long align, unsigned long limit)
{
    mfn_t m = bootmem_alloc(bm, nr, align, _mfn(limit));

    check_invariants(bm);
    return mfn_x(m);
}

/* Fill the table with BOOTMEM_MAX_RANGES ranges [k*stride+off, +len). */
static void fill_table(struct bootmem *bm, unsigned long stride,
                       unsigned long off, unsigned long len)
{
    unsigned long k;

    bootmem_init(bm);
    for (k = 0; k < BOOTMEM_MAX_RANGES; k++)
        add(bm, k * stride + off, k * stride + off + len);
    assert_int_equal(bm->nr_ranges, BOOTMEM_MAX_RANGES);
}

/* ---- Add, remove, take --------------------------------------------------- */

static void test_empty(void **state)
{
    struct bootmem bm;
    mfn_t s;
    unsigned long n;

    bootmem_init(&bm);
    assert_int_equal(bootmem_free_pages(&bm), 0);
    assert_false(bootmem_take(&bm, &s, &n));
    assert_int_equal(alloc(&bm, 1, 1, INVALID_MFN_RAW), INVALID_MFN_RAW);
}

static void test_add_merge(void **state)
{
    struct bootmem bm;

    bootmem_init(&bm);
    add(&bm, 100, 200);
    add(&bm, 300, 400);
    add(&bm, 10, 20);
    assert_int_equal(bm.nr_ranges, 3);
    check_range(&bm, 0, 10, 20);
    check_range(&bm, 1, 100, 200);

    add(&bm, 200, 250);         /* touches the end of [100, 200) */
    check_range(&bm, 1, 100, 250);
    add(&bm, 290, 300);         /* touches the start of [300, 400) */
    check_range(&bm, 2, 290, 400);
    add(&bm, 120, 130);         /* already free: no change */
    add(&bm, 240, 295);         /* bridges two ranges */
    assert_int_equal(bm.nr_ranges, 2);
    check_range(&bm, 1, 100, 400);
    add(&bm, 5, 500);           /* swallows everything */
    assert_int_equal(bm.nr_ranges, 1);
    check_range(&bm, 0, 5, 500);
    assert_int_equal(bootmem_free_pages(&bm), 495);
}

static void test_add_zero_and_overflow(void **state)
{
    struct bootmem bm;

    bootmem_init(&bm);
    assert_int_equal(bootmem_add(&bm, _mfn(100), 0), 0);
    assert_int_equal(bm.nr_ranges, 0);

    /* start + count wraps: clipped at INVALID_MFN. */
    assert_int_equal(bootmem_add(&bm, _mfn(INVALID_MFN_RAW - 5), 100), 0);
    check_range(&bm, 0, INVALID_MFN_RAW - 5, INVALID_MFN_RAW);
    assert_int_equal(bootmem_free_pages(&bm), 5);

    /* A range starting at INVALID_MFN is empty. */
    assert_int_equal(bootmem_add(&bm, INVALID_MFN, 10), 0);
    assert_int_equal(bm.nr_ranges, 1);

    assert_int_equal(bootmem_remove(&bm, _mfn(INVALID_MFN_RAW - 2), ~0UL), 0);
    check_range(&bm, 0, INVALID_MFN_RAW - 5, INVALID_MFN_RAW - 2);
    assert_int_equal(bootmem_remove(&bm, _mfn(0), 0), 0);
    assert_int_equal(bootmem_free_pages(&bm), 3);
}

static void test_add_table_full(void **state)
{
    struct bootmem bm, copy;

    fill_table(&bm, 100, 0, 10);
    copy = bm;
    /* A new disjoint range has no slot; nothing changes. */
    assert_int_equal(bootmem_add(&bm, _mfn(50), 5), -ENOSPC);
    assert_memory_equal(&bm, &copy, sizeof(bm));
    /* Merging needs no slot, so it still works when full. */
    add(&bm, 10, 20);
    check_range(&bm, 0, 0, 20);
    add(&bm, 10, 100);          /* joins ranges 0 and 1 and frees a slot */
    assert_int_equal(bm.nr_ranges, BOOTMEM_MAX_RANGES - 1);
    add(&bm, 1000000, 1000001);
    assert_int_equal(bm.nr_ranges, BOOTMEM_MAX_RANGES);
}

static void test_remove_split(void **state)
{
    struct bootmem bm;

    bootmem_init(&bm);
    add(&bm, 100, 200);
    remove_frames(&bm, 150, 160);             /* split */
    assert_int_equal(bm.nr_ranges, 2);
    check_range(&bm, 0, 100, 150);
    check_range(&bm, 1, 160, 200);
    remove_frames(&bm, 100, 101);             /* first frame */
    remove_frames(&bm, 199, 200);             /* last frame */
    check_range(&bm, 0, 101, 150);
    check_range(&bm, 1, 160, 199);
    remove_frames(&bm, 0, 50);                /* not free: ignored */
    remove_frames(&bm, 150, 160);             /* already gone */
    assert_int_equal(bootmem_free_pages(&bm), 49 + 39);
    remove_frames(&bm, 140, 170);             /* across the gap */
    check_range(&bm, 0, 101, 140);
    check_range(&bm, 1, 170, 199);
    remove_frames(&bm, 0, 1000);              /* everything */
    assert_int_equal(bm.nr_ranges, 0);
}

static void test_remove_many(void **state)
{
    struct bootmem bm;

    bootmem_init(&bm);
    add(&bm, 0, 10);
    add(&bm, 20, 30);
    add(&bm, 40, 50);
    add(&bm, 60, 70);
    remove_frames(&bm, 5, 65);        /* trims both ends, drops two */
    assert_int_equal(bm.nr_ranges, 2);
    check_range(&bm, 0, 0, 5);
    check_range(&bm, 1, 65, 70);
}

static void test_remove_enospc_atomic(void **state)
{
    struct bootmem bm, copy;

    fill_table(&bm, 100, 0, 10);
    copy = bm;
    /* Splitting a range needs one more slot. */
    assert_int_equal(bootmem_remove(&bm, _mfn(205), 1), -ENOSPC);
    assert_memory_equal(&bm, &copy, sizeof(bm));
    /* Even when it would also drop whole ranges it reports before acting. */
    assert_int_equal(bootmem_remove(&bm, _mfn(5), 200), 0);
    check_range(&bm, 0, 0, 5);
    check_range(&bm, 1, 205, 210);
    /* Trimming edges needs no slot. */
    fill_table(&bm, 100, 0, 10);
    remove_frames(&bm, 300, 302);
    remove_frames(&bm, 408, 410);
    check_range(&bm, 3, 302, 310);
    check_range(&bm, 4, 400, 408);
}

static void test_take_order(void **state)
{
    struct bootmem bm;
    mfn_t s;
    unsigned long n;

    bootmem_init(&bm);
    add(&bm, 3 * FRAME_4G, 3 * FRAME_4G + 7);
    add(&bm, 0x100, 0x9f00);
    add(&bm, 1, 0x9f);
    bootmem_restrict(&bm, _mfn(0x100), 0x10);  /* take ignores it */

    assert_true(bootmem_take(&bm, &s, &n));
    assert_int_equal(mfn_x(s), 1);
    assert_int_equal(n, 0x9e);
    assert_true(bootmem_take(&bm, &s, &n));
    assert_int_equal(mfn_x(s), 0x100);
    assert_int_equal(n, 0x9e00);
    assert_true(bootmem_take(&bm, &s, &n));
    assert_int_equal(mfn_x(s), 3 * FRAME_4G);
    assert_int_equal(n, 7);
    assert_false(bootmem_take(&bm, &s, &n));
    assert_int_equal(bootmem_free_pages(&bm), 0);
}

/* ---- Allocation ---------------------------------------------------------- */

static void test_alloc_highest_first(void **state)
{
    struct bootmem bm;

    bootmem_init(&bm);
    add(&bm, 100, 200);
    add(&bm, 1000, 1010);
    assert_int_equal(alloc(&bm, 4, 1, INVALID_MFN_RAW), 1006);
    assert_int_equal(alloc(&bm, 6, 1, INVALID_MFN_RAW), 1000);
    assert_int_equal(bm.nr_ranges, 1);
    /* Too big for anything left. */
    assert_int_equal(alloc(&bm, 101, 1, INVALID_MFN_RAW), INVALID_MFN_RAW);
    assert_int_equal(alloc(&bm, 100, 1, INVALID_MFN_RAW), 100);
    assert_int_equal(bm.nr_ranges, 0);
}

static void test_alloc_alignment(void **state)
{
    struct bootmem bm;

    bootmem_init(&bm);
    add(&bm, 1, 1000);
    assert_int_equal(alloc(&bm, 1, 256, INVALID_MFN_RAW), 768);   /* split */
    check_range(&bm, 0, 1, 768);
    check_range(&bm, 1, 769, 1000);
    assert_int_equal(alloc(&bm, 300, 256, INVALID_MFN_RAW), 256);
    assert_int_equal(alloc(&bm, 300, 256, INVALID_MFN_RAW), INVALID_MFN_RAW);
    assert_int_equal(alloc(&bm, 2, 0, INVALID_MFN_RAW), 998);     /* none */
    assert_int_equal(alloc(&bm, 2, 1, INVALID_MFN_RAW), 996);
    assert_int_equal(alloc(&bm, 1, 3, INVALID_MFN_RAW), INVALID_MFN_RAW);
    assert_int_equal(alloc(&bm, 1, 12, INVALID_MFN_RAW), INVALID_MFN_RAW);
    assert_int_equal(alloc(&bm, 8, 8, INVALID_MFN_RAW), 984);
    assert_int_equal(alloc(&bm, 0, 1, INVALID_MFN_RAW), INVALID_MFN_RAW);
    /* A 1 GiB aligned 2 MiB run above 4 GiB. */
    add(&bm, 0x1234, 0x180123);
    assert_int_equal(alloc(&bm, 512, 0x40000, INVALID_MFN_RAW), 0x140000);
}

static void test_alloc_limit(void **state)
{
    struct bootmem bm;

    bootmem_init(&bm);
    add(&bm, 0x100, 0x9f000);
    add(&bm, FRAME_4G, 2 * FRAME_4G);
    /* Below 4 GiB: the highest frames under the limit. */
    assert_int_equal(alloc(&bm, 16, 1, FRAME_4G), 0x9f000 - 16);
    /* A limit inside a range. */
    assert_int_equal(alloc(&bm, 16, 16, 0x50005), 0x4fff0);
    /* The run must end at or below the limit, not just start below it. */
    assert_int_equal(alloc(&bm, 0x10, 1, 0x10f), INVALID_MFN_RAW);
    assert_int_equal(alloc(&bm, 0xf, 1, 0x10f), 0x100);
    assert_int_equal(alloc(&bm, 1, 1, 0), INVALID_MFN_RAW);
    /* No limit: from above 4 GiB. */
    assert_int_equal(alloc(&bm, 1, 1, INVALID_MFN_RAW), 2 * FRAME_4G - 1);
}

static void test_alloc_exhaustion(void **state)
{
    struct bootmem bm;
    unsigned long m, prev = INVALID_MFN_RAW, got = 0;

    bootmem_init(&bm);
    add(&bm, 10, 40);
    add(&bm, FRAME_4G + 3, FRAME_4G + 9);
    remove_frames(&bm, 20, 21);
    while ((m = alloc(&bm, 1, 1, INVALID_MFN_RAW)) != INVALID_MFN_RAW) {
        assert_true(m < prev);          /* strictly descending: unique */
        assert_int_not_equal(m, 20);
        prev = m;
        got++;
    }
    assert_int_equal(got, 29 + 6);
    assert_int_equal(bootmem_free_pages(&bm), 0);
    assert_int_equal(bm.nr_ranges, 0);
}

static void test_alloc_table_full(void **state)
{
    struct bootmem bm, copy;

    /* Ranges start 1024-aligned: the highest fit would split, the low
     * edge does not. */
    fill_table(&bm, 1024, 0, 500);
    assert_int_equal(alloc(&bm, 1, 256, INVALID_MFN_RAW), 255 * 1024);
    check_range(&bm, 255, 255 * 1024 + 1, 255 * 1024 + 500);
    /* Fits at the top edge without a split. */
    assert_int_equal(alloc(&bm, 4, 4, INVALID_MFN_RAW), 255 * 1024 + 496);

    /* No aligned place anywhere that avoids a split: nothing changes. */
    fill_table(&bm, 1024, 1, 500);
    copy = bm;
    assert_int_equal(alloc(&bm, 1, 256, INVALID_MFN_RAW), INVALID_MFN_RAW);
    assert_memory_equal(&bm, &copy, sizeof(bm));
    assert_int_equal(alloc(&bm, 1, 1, INVALID_MFN_RAW), 255 * 1024 + 500);
}

/* ---- Restriction --------------------------------------------------------- */

static void test_restrict(void **state)
{
    struct bootmem bm;

    bootmem_init(&bm);
    add(&bm, 0x100, 0x80000);
    add(&bm, FRAME_4G, 2 * FRAME_4G);
    bootmem_restrict(&bm, _mfn(0x1000), 0x400);
    assert_int_equal(alloc(&bm, 0x100, 0x100, INVALID_MFN_RAW), 0x1300);
    assert_int_equal(alloc(&bm, 0x100, 1, 0x1200), 0x1100);
    assert_int_equal(alloc(&bm, 0x200, 1, INVALID_MFN_RAW), INVALID_MFN_RAW);
    assert_int_equal(alloc(&bm, 0x100, 1, INVALID_MFN_RAW), 0x1200);
    assert_int_equal(alloc(&bm, 0x100, 1, INVALID_MFN_RAW), 0x1000);
    assert_int_equal(alloc(&bm, 1, 1, INVALID_MFN_RAW), INVALID_MFN_RAW);
    /* Frames outside the window stay free. */
    assert_int_equal(bootmem_free_pages(&bm), 0x80000 - 0x100 - 0x400 +
                                              FRAME_4G);

    /* A window over a hole and part of a range. */
    bootmem_restrict(&bm, _mfn(0x7ff00), 0x200);
    assert_int_equal(alloc(&bm, 0x80, 1, INVALID_MFN_RAW), 0x7ff80);

    bootmem_restrict(&bm, _mfn(0), 0);          /* lifted */
    assert_int_equal(bm.limit_start, 0);
    assert_int_equal(bm.limit_end, 0);
    assert_int_equal(alloc(&bm, 1, 1, INVALID_MFN_RAW), 2 * FRAME_4G - 1);

    /* A window at INVALID_MFN allows nothing. */
    bootmem_restrict(&bm, INVALID_MFN, 10);
    assert_int_equal(alloc(&bm, 1, 1, INVALID_MFN_RAW), INVALID_MFN_RAW);
}

/* ---- Bad frames ---------------------------------------------------------- */

/* Allocate single frames until none is left; none may be in bad[]. */
static unsigned long drain_avoiding(struct bootmem *bm, const unsigned long *bad,
                                    unsigned int nr_bad)
{
    unsigned long m, got = 0;
    unsigned int i;

    while ((m = alloc(bm, 1, 1, INVALID_MFN_RAW)) != INVALID_MFN_RAW) {
        for (i = 0; i < nr_bad; i++)
            assert_int_not_equal(m, bad[i]);
        got++;
    }
    return got;
}

static void test_bad_frames_at_edges(void **state)
{
    static const unsigned long bad[] = {
        0x1, 0x9e,                  /* the lowest usable region's ends */
        0x100, 0xbffdf,             /* first and last frame below 4 GiB */
        FRAME_4G, 0x1bffff,         /* first and last frame above 4 GiB */
        0x150000,                   /* one in the middle, above 4 GiB */
    };
    struct bootmem bm;
    unsigned long free_left;
    unsigned int i;

    bootmem_init(&bm);
    add(&bm, 0x1, 0x9f);
    add(&bm, 0x100, 0xbffe0);
    add(&bm, FRAME_4G, 0x1c0000);
    for (i = 0; i < ARRAY_SIZE(bad); i++)
        remove_frames(&bm, bad[i], bad[i] + 1);
    assert_int_equal(bm.nr_ranges, 4);
    check_range(&bm, 0, 0x2, 0x9e);
    check_range(&bm, 1, 0x101, 0xbffdf);

    /* Aligned and large allocations must step around them too. */
    assert_int_equal(alloc(&bm, 0x50000, 0x10000, INVALID_MFN_RAW), 0x160000);
    /* Exactly fits between two bad frames above 4 GiB. */
    assert_int_equal(alloc(&bm, 0x4ffff, 1, INVALID_MFN_RAW), 0x100001);
    assert_int_equal(alloc(&bm, 0x9c, 1, 0x100), 0x2);
    free_left = bootmem_free_pages(&bm);
    assert_int_equal(drain_avoiding(&bm, bad, ARRAY_SIZE(bad)), free_left);
    assert_int_equal(bootmem_free_pages(&bm), 0);
}

static void test_bad_frame_in_restricted_region(void **state)
{
    static const unsigned long bad[] = {0x20000, 0x201ff, 0x20100};
    struct bootmem bm;
    unsigned int i;

    bootmem_init(&bm);
    add(&bm, 0x100, 0x9f000);
    for (i = 0; i < ARRAY_SIZE(bad); i++)
        remove_frames(&bm, bad[i], bad[i] + 1);
    /* The live-update region: 2 MiB at 512 MiB, holding three bad frames. */
    bootmem_restrict(&bm, _mfn(0x20000), 0x200);
    assert_int_equal(alloc(&bm, 0x100, 1, INVALID_MFN_RAW), INVALID_MFN_RAW);
    assert_int_equal(alloc(&bm, 0xff, 1, INVALID_MFN_RAW), 0x20001);
    assert_int_equal(drain_avoiding(&bm, bad, ARRAY_SIZE(bad)), 0xfe);
    assert_int_equal(bootmem_free_pages(&bm),
                     0x9f000 - 0x100 - 0x200);
}

/* ---- Finding without allocating, counting in a window ------------------- */

static void test_find_high(void **state)
{
    struct bootmem bm, copy;

    bootmem_init(&bm);
    add(&bm, 0x100, 0x200);
    add(&bm, 0x1000, 0x1300);
    copy = bm;
    assert_int_equal(mfn_x(bootmem_find_high(&bm, 0x100, 0x100, INVALID_MFN)),
                     0x1200);
    assert_int_equal(mfn_x(bootmem_find_high(&bm, 0x301, 1, INVALID_MFN)),
                     INVALID_MFN_RAW);
    assert_int_equal(mfn_x(bootmem_find_high(&bm, 0x10, 0x200, INVALID_MFN)),
                     0x1200);
    /* A limit, and a limit below everything that fits. */
    assert_int_equal(mfn_x(bootmem_find_high(&bm, 0x100, 1, _mfn(0x1100))),
                     0x1000);
    assert_int_equal(mfn_x(bootmem_find_high(&bm, 0x100, 1, _mfn(0x1000))),
                     0x100);
    assert_int_equal(mfn_x(bootmem_find_high(&bm, 0x100, 1, _mfn(0x1ff))),
                     INVALID_MFN_RAW);
    /* Bad requests, as bootmem_alloc() refuses them; align 0 means any. */
    assert_int_equal(mfn_x(bootmem_find_high(&bm, 0, 1, INVALID_MFN)),
                     INVALID_MFN_RAW);
    assert_int_equal(mfn_x(bootmem_find_high(&bm, 1, 3, INVALID_MFN)),
                     INVALID_MFN_RAW);
    assert_int_equal(mfn_x(bootmem_find_high(&bm, 1, 0, INVALID_MFN)), 0x12ff);
    assert_memory_equal(&bm, &copy, sizeof(bm));
    /* A restriction does not apply: it is about handing frames out. */
    bootmem_restrict(&bm, _mfn(0x100), 0x100);
    copy = bm;
    assert_int_equal(mfn_x(bootmem_find_high(&bm, 1, 1, INVALID_MFN)), 0x12ff);
    assert_memory_equal(&bm, &copy, sizeof(bm));
    assert_int_equal(alloc(&bm, 1, 1, INVALID_MFN_RAW), 0x1ff);
}

static void test_free_pages_in(void **state)
{
    struct bootmem bm;

    bootmem_init(&bm);
    assert_int_equal(bootmem_free_pages_in(&bm, _mfn(0), ~0UL), 0);
    add(&bm, 0x100, 0x200);
    add(&bm, 0x300, 0x400);
    assert_int_equal(bootmem_free_pages_in(&bm, _mfn(0), ~0UL), 0x200);
    assert_int_equal(bootmem_free_pages_in(&bm, _mfn(0x180), 0x200), 0x100);
    assert_int_equal(bootmem_free_pages_in(&bm, _mfn(0x200), 0x100), 0);
    assert_int_equal(bootmem_free_pages_in(&bm, _mfn(0x3ff), 1), 1);
    assert_int_equal(bootmem_free_pages_in(&bm, _mfn(0x3ff), 0), 0);
    assert_int_equal(bootmem_free_pages_in(&bm, INVALID_MFN, 5), 0);
}

/* ---- The memory map in frames -------------------------------------------- */

static struct boot_mem_range entry(uint64_t start, uint64_t size,
                                   uint32_t type)
{
    return (struct boot_mem_range){.start = start, .size = size, .type = type};
}

/* The whole frames of e below limit are [first, end), or none. */
static void check_frames(struct boot_mem_range e, unsigned long limit,
                         unsigned long first, unsigned long end)
{
    unsigned long f = INVALID_MFN_RAW, x = INVALID_MFN_RAW;
    bool got = bootmem_entry_frames(&e, limit, &f, &x);

    assert_int_equal(got, first != INVALID_MFN_RAW);
    assert_int_equal(f, first);
    assert_int_equal(x, end);
}

#define NO_FRAMES INVALID_MFN_RAW, INVALID_MFN_RAW
#define LIMIT_1T  (1UL << 28) /* ARCH_MAX_RAM_ADDR on x86, in frames */

static void test_entry_frames(void **state)
{
    check_frames(entry(0, 0x9fc00, BOOT_MEM_RAM), ~0UL, 0, 0x9f);
    check_frames(entry(0x1000, 0x1000, BOOT_MEM_RAM), ~0UL, 1, 2);
    check_frames(entry(0x1000, 0xfff, BOOT_MEM_RAM), ~0UL, NO_FRAMES);
    check_frames(entry(0x1001, 0x1ffe, BOOT_MEM_RAM), ~0UL, NO_FRAMES);
    check_frames(entry(0x1001, 0x1fff, BOOT_MEM_RAM), ~0UL, 2, 3);
    check_frames(entry(0, 0x100000, BOOT_MEM_RESERVED), ~0UL, NO_FRAMES);
    check_frames(entry(0, 0, BOOT_MEM_RAM), ~0UL, NO_FRAMES);
    /*
     * The direct map used to round outward: RAM up to 0x3ffc00 and again
     * from 0x3ffe00 both took frame 0x3ff, and the second range's start
     * fell inside the first one's 2 MiB superpage (a BUG_ON at boot).
     * Inward, the two are disjoint and frame 0x3ff is in neither.
     */
    check_frames(entry(0x200000, 0x3ffc00 - 0x200000, BOOT_MEM_RAM), ~0UL,
                 0x200, 0x3ff);
    check_frames(entry(0x3ffe00, 0x8000000 - 0x3ffe00, BOOT_MEM_RAM), ~0UL,
                 0x400, 0x8000);
    /* Clipped at the limit; nothing at or above it. */
    check_frames(entry(0xffffffe000ULL, 0x4000, BOOT_MEM_RAM), LIMIT_1T,
                 LIMIT_1T - 2, LIMIT_1T);
    check_frames(entry(0x10000000000ULL, 0x4000, BOOT_MEM_RAM), LIMIT_1T,
                 NO_FRAMES);
    check_frames(entry(0x10000000000ULL - 0x800, 0x4000, BOOT_MEM_RAM),
                 LIMIT_1T, NO_FRAMES);
    /*
     * Near 2^64, rounding the start up used to wrap to frame 0 and make
     * 1 TiB of RAM out of 256 bytes; with or without a limit it is none.
     */
    check_frames(entry(0xfffffffffffff800ULL, 0x100, BOOT_MEM_RAM), LIMIT_1T,
                 NO_FRAMES);
    check_frames(entry(0xfffffffffffff800ULL, 0x100, BOOT_MEM_RAM), ~0UL,
                 NO_FRAMES);
    /* An entry whose end wraps runs to the top of the address space. */
    check_frames(entry(0xffffffffffe00000ULL, 0x400000, BOOT_MEM_RAM), ~0UL,
                 0xffffffffffe00UL, 0xfffffffffffffUL);
}

static void check_run(const struct boot_info *bi, unsigned long f,
                      unsigned long first, unsigned long end)
{
    unsigned long s = INVALID_MFN_RAW, e = INVALID_MFN_RAW;

    assert_int_equal(bootmem_ram_run(bi, f, &s, &e), first != INVALID_MFN_RAW);
    assert_int_equal(s, first);
    assert_int_equal(e, end);
}

static void test_ram_run(void **state)
{
    struct boot_info bi;

    memset(&bi, 0, sizeof(bi));
    check_run(&bi, 0, NO_FRAMES);
    /* Unsorted, touching and overlapping entries, a reserved hole, and a
     * partial frame at each end of the low RAM. */
    bi.ranges[bi.nr_ranges++] = entry(0x300000, 0x100000, BOOT_MEM_RAM);
    bi.ranges[bi.nr_ranges++] = entry(0x100000, 0x100000, BOOT_MEM_RAM);
    bi.ranges[bi.nr_ranges++] = entry(0x180000, 0x100000, BOOT_MEM_RAM);
    bi.ranges[bi.nr_ranges++] = entry(0x280000, 0x80000, BOOT_MEM_RESERVED);
    bi.ranges[bi.nr_ranges++] = entry(0x800, 0x9f000, BOOT_MEM_RAM);
    check_run(&bi, 0, 1, 0x9f);
    check_run(&bi, 0x9f, 0x100, 0x280);
    /* From inside RAM the start may be any entry's at or below f. */
    check_run(&bi, 0x27f, 0x180, 0x280);
    check_run(&bi, 0x280, 0x300, 0x400);
    check_run(&bi, 0x400, NO_FRAMES);
}

/* ---- Randomised check against a shadow bitmap ---------------------------- */

/* The frames cover 4 GiB - 4 MiB .. 4 GiB + 4 MiB. */
#define SHADOW_BASE   (FRAME_4G - 0x400)
#define SHADOW_FRAMES 0x800UL
#define SHADOW_MAX_BAD 64

struct shadow {
    bool is_free[SHADOW_FRAMES];
    bool is_bad[SHADOW_FRAMES];
    unsigned int nr_bad;
    unsigned int nr_allocs, nr_failed; /* to check the walk did both */
    uint64_t rng;
};

/* xorshift64: deterministic, so a failure can be replayed. */
static unsigned long rnd(struct shadow *sh, unsigned long n)
{
    sh->rng ^= sh->rng << 13;
    sh->rng ^= sh->rng >> 7;
    sh->rng ^= sh->rng << 17;
    return (unsigned long)(sh->rng % n);
}

static unsigned long shadow_free(const struct shadow *sh)
{
    unsigned long i, n = 0;

    for (i = 0; i < SHADOW_FRAMES; i++)
        n += sh->is_free[i];
    return n;
}

static unsigned long shadow_free_in(const struct shadow *sh, unsigned long s,
                                    unsigned long n)
{
    unsigned long i, k = 0;

    for (i = s; i < s + n; i++)
        k += sh->is_free[i];
    return k;
}

/* The highest aligned free run of nr frames ending at or below limit. */
static unsigned long shadow_best(const struct shadow *sh, unsigned long nr,
                                 unsigned long align, unsigned long limit)
{
    unsigned long at, i, top = min(limit, SHADOW_BASE + SHADOW_FRAMES);

    if (top < SHADOW_BASE + nr)
        return INVALID_MFN_RAW;
    for (at = (top - nr) & ~(align - 1); at >= SHADOW_BASE; at -= align) {
        for (i = 0; i < nr && sh->is_free[at - SHADOW_BASE + i]; i++)
            ;
        if (i == nr)
            return at;
    }
    return INVALID_MFN_RAW;
}

static void random_step(struct bootmem *bm, struct shadow *sh)
{
    unsigned long s = rnd(sh, SHADOW_FRAMES), n = 1 + rnd(sh, 64), i, m;
    unsigned long align = 1UL << rnd(sh, 7), limit, want;

    n = min(n, SHADOW_FRAMES - s);
    switch (rnd(sh, 16)) {
    case 0: case 1: case 2: case 3: case 4:
        /* RAM (re)appears, or frames are freed; bad ones never are */
        for (i = s; i < s + n; i++) {
            if (sh->is_bad[i])
                break;
            sh->is_free[i] = true;
        }
        if (i > s)
            add(bm, SHADOW_BASE + s, SHADOW_BASE + i);
        break;
    case 5: /* a bad frame, up to SHADOW_MAX_BAD of them */
        if (sh->nr_bad == SHADOW_MAX_BAD)
            break;
        sh->nr_bad += !sh->is_bad[s];
        sh->is_bad[s] = true;
        sh->is_free[s] = false;
        remove_frames(bm, SHADOW_BASE + s, SHADOW_BASE + s + 1);
        break;
    default: /* allocate */
        limit = rnd(sh, 4) ? INVALID_MFN_RAW : SHADOW_BASE + rnd(sh, 0x900);
        want = shadow_best(sh, n, align, limit);
        /* Finding first must find the same place and change nothing. */
        assert_int_equal(mfn_x(bootmem_find_high(bm, n, align, _mfn(limit))),
                         want);
        m = alloc(bm, n, align, limit);
        assert_int_equal(m, want);
        sh->nr_failed += m == INVALID_MFN_RAW;
        if (m == INVALID_MFN_RAW)
            break;
        sh->nr_allocs++;
        for (i = m - SHADOW_BASE; i < m - SHADOW_BASE + n; i++) {
            assert_true(sh->is_free[i]);
            assert_false(sh->is_bad[i]);
            sh->is_free[i] = false;
        }
        break;
    }
    assert_int_equal(bootmem_free_pages(bm), shadow_free(sh));
    assert_int_equal(bootmem_free_pages_in(bm, _mfn(SHADOW_BASE + s), n),
                     shadow_free_in(sh, s, n));
}

static void test_random_against_shadow(void **state)
{
    struct shadow shadow = {.rng = 0}, *sh = &shadow;
    struct bootmem bm;
    unsigned int step, most = 0;

    sh->rng = 0x9e3779b97f4a7c15ULL;
    bootmem_init(&bm);
    for (step = 0; step < 20000; step++) {
        random_step(&bm, sh);
        /* The table never fills here, so placement is always the best. */
        assert_true(bm.nr_ranges < BOOTMEM_MAX_RANGES);
        most = max(most, bm.nr_ranges);
    }
    /* The walk fragmented the table, hit the bad-frame cap, and had both
     * allocations that succeeded and ones that could not. */
    assert_true(most > 32);
    assert_int_equal(sh->nr_bad, SHADOW_MAX_BAD);
    assert_true(sh->nr_allocs > 1000 && sh->nr_failed > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_add_merge),
        cmocka_unit_test(test_add_zero_and_overflow),
        cmocka_unit_test(test_add_table_full),
        cmocka_unit_test(test_remove_split),
        cmocka_unit_test(test_remove_many),
        cmocka_unit_test(test_remove_enospc_atomic),
        cmocka_unit_test(test_take_order),
        cmocka_unit_test(test_alloc_highest_first),
        cmocka_unit_test(test_alloc_alignment),
        cmocka_unit_test(test_alloc_limit),
        cmocka_unit_test(test_alloc_exhaustion),
        cmocka_unit_test(test_alloc_table_full),
        cmocka_unit_test(test_restrict),
        cmocka_unit_test(test_bad_frames_at_edges),
        cmocka_unit_test(test_bad_frame_in_restricted_region),
        cmocka_unit_test(test_find_high),
        cmocka_unit_test(test_free_pages_in),
        cmocka_unit_test(test_entry_frames),
        cmocka_unit_test(test_ram_run),
        cmocka_unit_test(test_random_against_shadow),
    };

    return cmocka_run_group_tests_name("bootmem", tests, NULL, NULL);
}
