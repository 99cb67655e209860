/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the list of frames a live update carried (lu_carried.c):
 * blocks are refused when misaligned or too many, sorted whatever order
 * they came in, clashes found, and the block holding a frame, the free
 * runs between blocks and whether a range is all one owner's (a P2M
 * extent in live update's restore) found exactly, at the edges included.
 * A randomised test checks lookups, ranges and the walk against a plain
 * bitmap, and the walk through large blocks costs the blocks, not their
 * frames.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/bootmem.h>
#include <xen/errno.h>
#include <xen/lu_carried.h>
#include "harness.h"

static struct lu_carried_block store[4096];
static struct bootmem bm;

/* A boot allocator holding the one range [start, end). */
static struct bootmem *one_range(uint64_t start, uint64_t end)
{
    bootmem_init(&bm);
    assert_int_equal(bootmem_add(&bm, _mfn(start), end - start), 0);
    return &bm;
}

/* The next run of a walk: checks its start and length. */
static void expect_run(const struct lu_carried *c, struct lu_carried_walk *w,
                       uint64_t max, uint64_t start, uint64_t n)
{
    uint64_t at = ~0ULL;

    assert_int_equal(lu_carried_next_free(c, w, &bm, max, &at), n);
    if (n)
        assert_int_equal(at, start);
}

static void test_add_refuses(void **state)
{
    struct lu_carried c;
    struct lu_carried_block two[2];
    uint64_t clash;

    (void)state;
    lu_carried_init(&c, two, 2);
    assert_int_equal(lu_carried_add(&c, 0x201, 1, 1), -EINVAL);
    assert_int_equal(lu_carried_add(&c, 0x200, 64, 1), -EINVAL);
    assert_int_equal(lu_carried_add(&c, 0x200, 9, 1), 0);
    assert_int_equal(lu_carried_add(&c, 0x7, 0, 2), 0);
    assert_int_equal(lu_carried_add(&c, 0x8, 0, 2), -ENOSPC);
    assert_int_equal(c.nr, 2);
    assert_int_equal(c.frames, 513);
    assert_int_equal(lu_carried_seal(&c, &clash), 0);
    assert_int_equal(lu_carried_add(&c, 0x8, 0, 2), -EBUSY);
    assert_int_equal(two[0].mfn, 0x7);
    assert_int_equal(two[1].mfn, 0x200);
}

static void test_seal_finds_clash(void **state)
{
    struct lu_carried c;
    uint64_t clash = 0;

    (void)state;
    lu_carried_init(&c, store, 16);
    assert_int_equal(lu_carried_add(&c, 0x400, 10, 1), 0);
    assert_int_equal(lu_carried_add(&c, 0x0, 4, 1), 0);
    assert_int_equal(lu_carried_add(&c, 0x7f0, 4, 2), 0); /* in 0x400's */
    assert_int_equal(lu_carried_seal(&c, &clash), -EEXIST);
    assert_int_equal(clash, 0x7f0);

    /* The same frame twice, as two order-0 blocks. */
    lu_carried_init(&c, store, 16);
    assert_int_equal(lu_carried_add(&c, 0x33, 0, 1), 0);
    assert_int_equal(lu_carried_add(&c, 0x33, 0, 2), 0);
    assert_int_equal(lu_carried_seal(&c, &clash), -EEXIST);
    assert_int_equal(clash, 0x33);
}

static void test_find_and_gaps(void **state)
{
    struct lu_carried c;
    struct lu_carried_walk w;
    uint64_t clash;

    (void)state;
    lu_carried_init(&c, store, 16);
    assert_int_equal(lu_carried_add(&c, 0x1000, 12, 3), 0);
    assert_int_equal(lu_carried_add(&c, 0x10, 4, 1), 0);
    assert_int_equal(lu_carried_add(&c, 0x20, 4, 2), 0); /* touches 0x10's */
    assert_int_equal(lu_carried_seal(&c, &clash), 0);

    assert_null(lu_carried_find(&c, 0xf));
    assert_int_equal(lu_carried_find(&c, 0x10)->owner, 1);
    assert_int_equal(lu_carried_find(&c, 0x1f)->owner, 1);
    assert_int_equal(lu_carried_find(&c, 0x20)->owner, 2);
    assert_null(lu_carried_find(&c, 0x30));
    assert_int_equal(lu_carried_find(&c, 0x1fff)->owner, 3);
    assert_null(lu_carried_find(&c, 0x2000));
    assert_null(lu_carried_find(&c, UINT64_MAX));

    lu_carried_walk_init(&w);
    one_range(0, 0x3000);
    expect_run(&c, &w, ~0ULL, 0, 0x10);
    expect_run(&c, &w, ~0ULL, 0x30, 0x1000 - 0x30); /* both, which touch */
    expect_run(&c, &w, ~0ULL, 0x2000, 0x1000);
    expect_run(&c, &w, ~0ULL, 0, 0);
    assert_true(lu_carried_walk_done(&w, &bm));

    /* Runs cut at max, the last before a block cut there instead. */
    lu_carried_walk_init(&w);
    one_range(0x30, 0x1100);
    expect_run(&c, &w, 0x400, 0x30, 0x400);
    expect_run(&c, &w, 0x400, 0x430, 0x400);
    expect_run(&c, &w, 0x400, 0x830, 0x400);
    expect_run(&c, &w, 0x400, 0xc30, 0x1000 - 0xc30);
    assert_false(lu_carried_walk_done(&w, &bm));
    expect_run(&c, &w, 0x400, 0, 0);
    assert_true(lu_carried_walk_done(&w, &bm));

    /*
     * Ranges that begin inside a block, one that ends inside another (the
     * walk goes on to the next range, not back), one that ends before the
     * next block.
     */
    lu_carried_walk_init(&w);
    bootmem_init(&bm);
    assert_int_equal(bootmem_add(&bm, _mfn(0x5), 3), 0);
    assert_int_equal(bootmem_add(&bm, _mfn(0x18), 0x1000), 0);
    assert_int_equal(bootmem_add(&bm, _mfn(0x1800), 0x100), 0);
    assert_int_equal(bootmem_add(&bm, _mfn(0x1f00), 0x200), 0);
    expect_run(&c, &w, ~0ULL, 0x5, 3);
    expect_run(&c, &w, ~0ULL, 0x30, 0x1000 - 0x30);
    expect_run(&c, &w, ~0ULL, 0x2000, 0x100);
    expect_run(&c, &w, ~0ULL, 0, 0);

    /* An empty list: one run, the whole range. */
    lu_carried_init(&c, store, 16);
    assert_int_equal(lu_carried_seal(&c, &clash), 0);
    lu_carried_walk_init(&w);
    one_range(7, 100);
    expect_run(&c, &w, ~0ULL, 7, 93);
    expect_run(&c, &w, ~0ULL, 0, 0);
    assert_null(lu_carried_find(&c, 7));
}

/* A block at the very top of the frame space: ends do not overflow. */
static void test_top_of_space(void **state)
{
    struct lu_carried c;
    struct lu_carried_walk w;
    uint64_t clash;

    (void)state;
    lu_carried_init(&c, store, 4);
    assert_int_equal(lu_carried_add(&c, 1ULL << 63, 63, 9), 0);
    assert_int_equal(lu_carried_seal(&c, &clash), 0);
    assert_int_equal(lu_carried_find(&c, UINT64_MAX - 1)->owner, 9);
    /* The allocator's ranges stop short of INVALID_MFN. */
    lu_carried_walk_init(&w);
    one_range(1ULL << 62, INVALID_MFN_RAW);
    expect_run(&c, &w, ~0ULL, 1ULL << 62, 1ULL << 62);
    expect_run(&c, &w, ~0ULL, 0, 0);
    lu_carried_walk_init(&w);
    one_range(1ULL << 63, INVALID_MFN_RAW);
    expect_run(&c, &w, ~0ULL, 0, 0);
    assert_true(lu_carried_walk_done(&w, &bm));
}

/* A range is one owner's only if every block it crosses is, no gap. */
static void test_range_owned(void **state)
{
    struct lu_carried c;
    uint64_t clash;

    (void)state;
    lu_carried_init(&c, store, 8);
    assert_int_equal(lu_carried_add(&c, 0x100, 8, 1), 0); /* 0x100-0x1ff */
    assert_int_equal(lu_carried_add(&c, 0x200, 4, 1), 0); /* 0x200-0x20f */
    assert_int_equal(lu_carried_add(&c, 0x210, 4, 2), 0); /* another's */
    assert_int_equal(lu_carried_add(&c, 0x300, 0, 1), 0); /* after a gap */
    assert_int_equal(lu_carried_add(&c, 1ULL << 63, 63, 1), 0);
    assert_int_equal(lu_carried_seal(&c, &clash), 0);
    assert_true(lu_carried_range_owned(&c, 0x100, 1, 1));
    assert_true(lu_carried_range_owned(&c, 0x180, 0x90, 1)); /* two blocks */
    assert_true(lu_carried_range_owned(&c, 0x100, 0x110, 1));
    /* First and last frames are its own, one in between is not. */
    assert_false(lu_carried_range_owned(&c, 0x100, 0x111, 1));
    assert_false(lu_carried_range_owned(&c, 0x1ff, 0x102, 1));
    assert_false(lu_carried_range_owned(&c, 0x20f, 2, 1));
    assert_true(lu_carried_range_owned(&c, 0x210, 0x10, 2));
    assert_false(lu_carried_range_owned(&c, 0x2ff, 2, 1)); /* a gap */
    assert_false(lu_carried_range_owned(&c, 0xff, 2, 1));
    assert_false(lu_carried_range_owned(&c, 0x100, 0, 1));
    assert_true(lu_carried_range_owned(&c, UINT64_MAX - 1, 1, 1));
    assert_false(lu_carried_range_owned(&c, UINT64_MAX - 1, 2, 1));
}

#define SPACE 8192

/* Random disjoint blocks in random order, against a bitmap of owners. */
static void test_random_against_bitmap(void **state)
{
    static int owner[SPACE];
    static bool in_bm[SPACE];
    static uint8_t seen[SPACE];
    unsigned int round;

    (void)state;
    srand(7);
    for (round = 0; round < 50; round++) {
        struct lu_carried c;
        struct lu_carried_walk w;
        uint64_t clash, pos, m;
        unsigned int i;

        for (m = 0; m < SPACE; m++)
            owner[m] = -1;
        lu_carried_init(&c, store, 4096);
        for (i = 0; i < 300; i++) {
            unsigned int order = rand() % 7;
            uint64_t mfn = (rand() % SPACE) & ~((1ULL << order) - 1), k;
            bool free = true;

            for (k = 0; k < (1ULL << order); k++)
                free = free && owner[mfn + k] < 0;
            if (!free)
                continue;
            for (k = 0; k < (1ULL << order); k++)
                owner[mfn + k] = (int)(i % 3);
            assert_int_equal(lu_carried_add(&c, mfn, order, i % 3), 0);
        }
        assert_int_equal(lu_carried_seal(&c, &clash), 0);
        for (i = 0; i < 2000; i++) {
            uint64_t first = rand() % SPACE, n = 1 + rand() % 64, k;
            int who = rand() % 3;
            bool all = first + n <= SPACE;

            for (k = 0; all && k < n; k++)
                all = owner[first + k] == who;
            assert_int_equal(lu_carried_range_owned(&c, first, n, who), all);
        }
        for (m = 0; m < SPACE; m++) {
            const struct lu_carried_block *b = lu_carried_find(&c, m);

            if (owner[m] < 0)
                assert_null(b);
            else
                assert_int_equal(b->owner, owner[m]);
        }
        /*
         * The walk returns exactly the frames of the allocator's ranges
         * that nobody owns, each once, in order, in runs of at most max.
         */
        bootmem_init(&bm);
        for (m = 0; m < SPACE; m++)
            in_bm[m] = false;
        for (i = 0; i < 12; i++) {
            uint64_t s = rand() % SPACE, n = 1 + rand() % (SPACE / 8), k;

            n = s + n > SPACE ? SPACE - s : n;
            assert_int_equal(bootmem_add(&bm, _mfn(s), n), 0);
            for (k = 0; k < n; k++)
                in_bm[s + k] = true;
        }
        for (m = 0; m < SPACE; m++)
            seen[m] = 0;
        lu_carried_walk_init(&w);
        pos = 0;
        for (;;) {
            uint64_t max = 1 + rand() % 600, at, n, k;

            n = lu_carried_next_free(&c, &w, &bm, max, &at);
            if (!n)
                break;
            assert_true(n <= max);
            assert_true(at >= pos);
            for (k = 0; k < n; k++)
                seen[at + k]++;
            pos = at + n;
        }
        assert_true(lu_carried_walk_done(&w, &bm));
        for (m = 0; m < SPACE; m++)
            assert_int_equal(seen[m], in_bm[m] && owner[m] < 0);
    }
}

/*
 * Guests of a GiB and more lie in low RAM, before the first free frames:
 * a heap filled 8 MiB at a time (mm_deferred.c's first fill, then larger
 * slices) steps over each block whole.  The walk takes one call per run it
 * returns, and a run ends only at a block, the end of a range or a fill's
 * budget, however many frames the blocks hold; every free frame comes back
 * once and no carried frame at all.
 */
#define BIG_SPACE (6ULL << 18) /* 6 GiB of frames */

static void test_walk_large_blocks(void **state)
{
    static uint8_t seen[BIG_SPACE];
    static bool carried[BIG_SPACE], expect[BIG_SPACE];
    struct lu_carried c;
    struct lu_carried_walk w;
    uint64_t clash, m, frames_free = 0, got = 0, calls = 0, fills = 0;
    uint64_t first_calls = 0, first_at = 0, budget = 2048;
    unsigned int i, nr_ranges;

    (void)state;
    memset(carried, 0, sizeof(carried));
    memset(expect, 0, sizeof(expect));
    memset(seen, 0, sizeof(seen));
    lu_carried_init(&c, store, 4096);
    /*
     * dom0's 256 MiB from 256 MiB, then four guests of 1 GiB as blocks of
     * 512 MiB up to 4.5 GiB; stream pages and small blocks higher up.
     */
    assert_int_equal(lu_carried_add(&c, 0x10000, 16, 0), 0);
    for (i = 0; i < 8; i++)
        assert_int_equal(lu_carried_add(&c, 0x20000 + i * 0x20000ULL, 17,
                                        (domid_t)(1 + i / 2)), 0);
    for (i = 0; i < 64; i++)
        assert_int_equal(lu_carried_add(&c, 0x170008 + i * 0x100ULL, i % 4,
                                        DOMID_XEN), 0);
    assert_int_equal(lu_carried_seal(&c, &clash), 0);
    for (i = 0; i < c.nr; i++)
        for (m = 0; m < (1ULL << c.blocks[i].order); m++)
            carried[c.blocks[i].mfn + m] = true;

    /*
     * RAM from 1 MiB with a hole at 5.25 GiB; everything below dom0 in use
     * and two bad frames out, one inside dom0's block (so that a range
     * ends in a block and the next begins in it).
     */
    bootmem_init(&bm);
    assert_int_equal(bootmem_add(&bm, _mfn(0x100), 0x150000 - 0x100), 0);
    assert_int_equal(bootmem_add(&bm, _mfn(0x160000), BIG_SPACE - 0x160000),
                     0);
    assert_int_equal(bootmem_remove(&bm, _mfn(0x100), 0x10000 - 0x100), 0);
    assert_int_equal(bootmem_remove(&bm, _mfn(0x12345), 1), 0);
    assert_int_equal(bootmem_remove(&bm, _mfn(0x170300), 1), 0);
    nr_ranges = bm.nr_ranges;
    assert_int_equal(nr_ranges, 4);
    for (i = 0; i < bm.nr_ranges; i++)
        for (m = bm.ranges[i].start; m < bm.ranges[i].end; m++)
            if (!carried[m]) {
                expect[m] = true;
                frames_free++;
            }

    lu_carried_walk_init(&w);
    for (;;) {
        uint64_t done = 0, n = 0, at;

        while (done < budget &&
               (n = lu_carried_next_free(&c, &w, &bm, budget - done, &at))) {
            if (!calls)
                first_at = at;
            calls++;
            for (m = at; m < at + n; m++) {
                assert_false(carried[m]);
                seen[m]++;
            }
            done += n;
        }
        if (!fills++)
            first_calls = calls;
        got += done;
        if (!n && lu_carried_walk_done(&w, &bm))
            break;
        budget = 16384;
    }

    /* The first 8 MiB, behind 4.25 GiB of blocks: one call, one run. */
    assert_int_equal(first_calls, 1);
    assert_int_equal(first_at, 0x120000);
    /*
     * One call per run: a run per fill, block and range, at most.  Inside
     * the calls, one pass per run, per block stepped over (dom0's twice: two
     * ranges begin in it) and per range taken, and the last that finds no
     * range left.
     */
    assert_true(calls <= fills + c.nr + nr_ranges);
    assert_true(w.passes <= calls + c.nr + 1 + 2 * nr_ranges + 1);
    assert_int_equal(got, frames_free);
    for (m = 0; m < BIG_SPACE; m++)
        assert_int_equal(seen[m], expect[m]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_refuses),
        cmocka_unit_test(test_seal_finds_clash),
        cmocka_unit_test(test_find_and_gaps),
        cmocka_unit_test(test_top_of_space),
        cmocka_unit_test(test_range_owned),
        cmocka_unit_test(test_random_against_bitmap),
        cmocka_unit_test(test_walk_large_blocks),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
