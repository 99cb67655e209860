/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the list of frames a live update carried (lu_carried.c):
 * blocks are refused when misaligned or too many, sorted whatever order
 * they came in, clashes found, and the block holding a frame, the free
 * runs between blocks and whether a range is all one owner's (a P2M
 * extent in live update's restore) found exactly, at the edges included.
 * A randomised test checks lookups, gaps and ranges against a plain
 * bitmap.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/errno.h>
#include <xen/lu_carried.h>
#include "harness.h"

static struct lu_carried_block store[4096];

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
    uint64_t clash, pos;

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

    pos = 0;
    assert_int_equal(lu_carried_next_gap(&c, &pos, 0x3000), 0x10);
    assert_int_equal(pos, 0);
    pos = 0x10; /* inside blocks: skips both, which touch */
    assert_int_equal(lu_carried_next_gap(&c, &pos, 0x3000), 0x1000 - 0x30);
    assert_int_equal(pos, 0x30);
    pos = 0x1800;
    assert_int_equal(lu_carried_next_gap(&c, &pos, 0x3000), 0x1000);
    assert_int_equal(pos, 0x2000);
    pos = 0x1800; /* the range ends inside a block: no gap */
    assert_int_equal(lu_carried_next_gap(&c, &pos, 0x1900), 0);
    assert_int_equal(pos, 0x1900);
    pos = 0x5; /* the range ends before the next block */
    assert_int_equal(lu_carried_next_gap(&c, &pos, 0x8), 3);
    assert_int_equal(pos, 0x5);

    /* An empty list: one gap, the whole range. */
    lu_carried_init(&c, store, 16);
    assert_int_equal(lu_carried_seal(&c, &clash), 0);
    pos = 7;
    assert_int_equal(lu_carried_next_gap(&c, &pos, 100), 93);
    assert_null(lu_carried_find(&c, 7));
}

/* A block at the very top of the frame space: ends do not overflow. */
static void test_top_of_space(void **state)
{
    struct lu_carried c;
    uint64_t clash, pos;

    (void)state;
    lu_carried_init(&c, store, 4);
    assert_int_equal(lu_carried_add(&c, 1ULL << 63, 63, 9), 0);
    assert_int_equal(lu_carried_seal(&c, &clash), 0);
    assert_int_equal(lu_carried_find(&c, UINT64_MAX - 1)->owner, 9);
    pos = 1ULL << 62;
    assert_int_equal(lu_carried_next_gap(&c, &pos, UINT64_MAX), 1ULL << 62);
    pos = 1ULL << 63;
    assert_int_equal(lu_carried_next_gap(&c, &pos, UINT64_MAX), 0);
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
    unsigned int round;

    (void)state;
    srand(7);
    for (round = 0; round < 50; round++) {
        struct lu_carried c;
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
        /* The gaps cover exactly the frames nobody owns. */
        pos = 0;
        m = 0;
        for (;;) {
            uint64_t n = lu_carried_next_gap(&c, &pos, SPACE), k;

            if (!n)
                break;
            for (; m < pos; m++)
                assert_true(owner[m] >= 0);
            for (k = 0; k < n; k++, m++)
                assert_true(owner[m] < 0);
            assert_true(pos + n == SPACE || owner[pos + n] >= 0);
            pos += n;
        }
        for (; m < SPACE; m++)
            assert_true(owner[m] >= 0);
    }
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
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
