/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the buddy heap (xen/common/heap.c).  Each test builds a
 * fake frame table (zeroed, mmap'd so that large and sparse tables cost only
 * what they touch) and a fake scrub that counts calls per frame and, for
 * small tables, zeroes a fake RAM array.  After most steps a checker walks
 * every free list and the frame table and verifies the heap's invariants:
 * blocks aligned, in range, disjoint, made only of free frames, never of a
 * broken, reserved or live frame, fully merged, with the counters matching.
 * The tests cover counting, every order's alignment, splitting and merging
 * back, fragmentation, exhaustion, marked frames at the edges of ranges and
 * blocks, frames above 4 GiB and near the 32-bit link limit, ranges added in
 * pieces, lazy scrubbing, and a long randomised run against a shadow map.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include <xen/heap.h>
#include <xen/lib.h>
#include "harness.h"

#define FRAME_BYTES 4096UL

/* ---- Fixture: a frame table, a scrub recorder, optional fake RAM ------- */

struct fake {
    struct heap h;
    struct page_info *frames;
    unsigned long n;
    uint8_t *scrubs;           /* per-frame scrub calls, saturating at 255 */
    unsigned long scrub_calls; /* all scrub calls */
    uint8_t *ram;              /* n frames of fake RAM, or NULL */
    bool sparse;               /* tables mmap'd: only touched pages cost */
};

/* Tables up to this size come from calloc(), so ASan sees overruns. */
#define SPARSE_FRAMES (1UL << 24)

static void *zmap(size_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

    assert_true(p != MAP_FAILED);
    return p;
}

static void *zalloc(bool sparse, size_t bytes)
{
    if (!sparse) {
        void *p = calloc(bytes, 1);

        assert_non_null(p);
        return p;
    }
    return zmap(bytes);
}

static void fake_scrub(void *ctx, mfn_t mfn)
{
    struct fake *f = ctx;
    unsigned long m = mfn_x(mfn);

    assert_true(m < f->n);
    f->scrub_calls++;
    if (f->scrubs[m] < 255)
        f->scrubs[m]++;
    if (f->ram)
        memset(f->ram + m * FRAME_BYTES, 0, FRAME_BYTES);
}

static struct fake *fake_new(unsigned long n, bool with_ram)
{
    struct fake *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    f->n = n;
    f->sparse = n > SPARSE_FRAMES;
    f->frames = zalloc(f->sparse, n * sizeof(struct page_info));
    f->scrubs = zalloc(f->sparse, n);
    if (with_ram) {
        f->ram = zmap(n * FRAME_BYTES);
        memset(f->ram, 0xaa, n * FRAME_BYTES);
    }
    heap_init(&f->h, f->frames, n, fake_scrub, f);
    return f;
}

static void fake_free(struct fake *f)
{
    if (f->sparse) {
        munmap(f->frames, f->n * sizeof(struct page_info));
        munmap(f->scrubs, f->n);
    } else {
        free(f->frames);
        free(f->scrubs);
    }
    if (f->ram)
        munmap(f->ram, f->n * FRAME_BYTES);
    free(f);
}

/* Deterministic PRNG (splitmix64), so a failing run can be replayed. */
static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static unsigned long rnd_below(uint64_t *s, unsigned long n)
{
    return (unsigned long)(rnd(s) % n);
}

static void shuffle(uint64_t *s, unsigned long *a, unsigned long n)
{
    unsigned long i;

    for (i = n; i > 1; i--) {
        unsigned long j = rnd_below(s, i), t = a[i - 1];

        a[i - 1] = a[j];
        a[j] = t;
    }
}

/* ---- The invariant checker --------------------------------------------- */

/*
 * Free-block heads in [lo, hi): heads[m - lo] is order + 1 for a head, 0
 * otherwise.  Checks each list's links and count on the way.
 */
static uint8_t *heads_of(struct fake *f, unsigned long lo, unsigned long hi)
{
    uint8_t *heads = calloc(hi - lo, 1);
    unsigned int o;

    assert_non_null(heads);
    for (o = 0; o <= MAX_ORDER; o++) {
        const struct page_list_head *l = &f->h.free[o];
        uint32_t m, prev = PAGE_LIST_NULL;
        unsigned long count = 0;

        page_list_for_each(m, f->frames, l) {
            assert_true(m >= lo && m < hi);
            assert_int_equal(f->frames[m].prev, prev);
            assert_int_equal(heads[m - lo], 0);
            heads[m - lo] = (uint8_t)(o + 1);
            prev = m;
            count++;
        }
        assert_int_equal(l->tail, prev);
        assert_int_equal(l->count, count);
    }
    return heads;
}

/*
 * Check the heap, whose frames all lie in [lo, hi): every block aligned, in
 * range, disjoint, made of free frames only and not mergeable with its
 * buddy; every free frame in a block; free_pages right.  Returns the heads.
 */
static uint8_t *check_range(struct fake *f, unsigned long lo, unsigned long hi)
{
    uint8_t *heads = heads_of(f, lo, hi);
    uint8_t *covered = calloc(hi - lo, 1);
    unsigned long m, i, free_frames = 0;

    assert_non_null(covered);
    for (m = lo; m < hi; m++) {
        unsigned int o;
        unsigned long size, buddy;

        if (!heads[m - lo])
            continue;
        o = heads[m - lo] - 1u;
        size = 1UL << o;
        assert_int_equal(f->frames[m].order, o);
        assert_int_equal(m & (size - 1), 0);
        assert_true(m + size <= hi);
        for (i = m; i < m + size; i++) {
            uint64_t ci = f->frames[i].count_info;

            assert_true(ci & PGC_free);
            assert_true(ci & PGC_need_scrub);
            assert_false(ci & PGC_not_for_heap);
            assert_int_equal(f->frames[i].owner, DOMID_INVALID);
            assert_int_equal(covered[i - lo], 0);
            covered[i - lo] = 1;
        }
        buddy = m ^ size;
        if (o < MAX_ORDER && buddy >= lo && buddy < hi)
            assert_int_not_equal(heads[buddy - lo], o + 1);
        free_frames += size;
    }
    for (m = lo; m < hi; m++)
        assert_int_equal(!!(f->frames[m].count_info & PGC_free),
                         covered[m - lo]);
    assert_int_equal(free_frames, f->h.free_pages);
    free(covered);
    return heads;
}

static void check_heap(struct fake *f)
{
    free(check_range(f, 0, f->n));
}

/* ---- Basic behaviour --------------------------------------------------- */

static void test_init_empty(void **state)
{
    struct fake *f = fake_new(64, false);
    unsigned int o;

    assert_int_equal(f->h.nr_frames, 64);
    assert_int_equal(f->h.free_pages, 0);
    assert_int_equal(f->h.total_pages, 0);
    for (o = 0; o <= MAX_ORDER; o++)
        assert_true(page_list_empty(&f->h.free[o]));
    assert_true(mfn_eq(heap_alloc(&f->h, 0, DOMID_XEN), INVALID_MFN));
    assert_true(mfn_eq(heap_alloc(&f->h, MAX_ORDER + 1, 1), INVALID_MFN));
    assert_int_equal(f->scrub_calls, 0);
    check_heap(f);
    fake_free(f);
}

static void test_add_single_block(void **state)
{
    struct fake *f = fake_new(4096, false);
    unsigned long m;

    assert_int_equal(heap_add_pages(&f->h, _mfn(0), 4096), 4096);
    assert_int_equal(f->h.total_pages, 4096);
    assert_int_equal(f->h.free_pages, 4096);
    assert_int_equal(f->h.free[12].count, 1);
    assert_int_equal(f->h.free[12].head, 0);
    for (m = 0; m < 4096; m++) {
        assert_int_equal(f->frames[m].count_info, PGC_free | PGC_need_scrub);
        assert_int_equal(f->frames[m].owner, DOMID_INVALID);
    }
    assert_int_equal(f->scrub_calls, 0); /* adding does not scrub */
    check_heap(f);
    fake_free(f);
}

/* The blocks a misaligned run splits into: the fewest aligned blocks. */
static void test_add_decomposition(void **state)
{
    struct fake *f = fake_new(2048, false);
    unsigned long s = 3, e = 3 + 1000, m;
    uint8_t *heads;

    assert_int_equal(heap_add_pages(&f->h, _mfn(s), e - s), 1000);
    heads = check_range(f, 0, f->n);
    for (m = s; m < e;) {
        unsigned int o = MAX_ORDER;

        while ((m & ((1UL << o) - 1)) || m + (1UL << o) > e)
            o--;
        assert_int_equal(heads[m], o + 1);
        m += 1UL << o;
    }
    /* 3 | 4-7 | 8-15 | ... | 256-511 | then down: 256, 128, 64, 32, 8, 2, 1 */
    assert_int_equal(f->h.free[0].count, 2);
    assert_int_equal(f->h.free[8].count, 2);
    assert_int_equal(f->h.free[9].count, 0);
    assert_int_equal(f->frames[0].count_info, 0);
    assert_int_equal(f->frames[e].count_info, 0);
    free(heads);
    fake_free(f);
}

static void test_add_clips_and_skips(void **state)
{
    struct fake *f = fake_new(100, false);

    assert_int_equal(heap_add_pages(&f->h, _mfn(100), 10), 0);
    assert_int_equal(heap_add_pages(&f->h, INVALID_MFN, 10), 0);
    assert_int_equal(heap_add_pages(&f->h, _mfn(5), 0), 0);
    assert_int_equal(heap_add_pages(&f->h, _mfn(90), 50), 10);
    assert_int_equal(heap_add_pages(&f->h, _mfn(50), ~0UL), 40); /* wraps */
    /* Adding frames already in the heap again adds nothing. */
    assert_int_equal(heap_add_pages(&f->h, _mfn(0), 100), 50);
    assert_int_equal(heap_add_pages(&f->h, _mfn(0), 100), 0);
    assert_int_equal(f->h.total_pages, 100);
    assert_int_equal(f->h.free_pages, 100);
    check_heap(f);
    fake_free(f);
}

/*
 * Regression: heap_add_pages() used to mark a whole run free before
 * inserting any of it, so heap_insert() could take a frame further on, not
 * yet listed but with a stale order from an earlier split, for its buddy:
 * it unlinked it from a list it was not on (free[1].count went to
 * ULONG_MAX), merged a block over frame 3, still in use, and later handed
 * frame 2 out twice.  Adding frames 0-2 back must give exactly one order-1
 * block at 0 and one order-0 block at 2.
 */
static void test_add_ignores_stale_order(void **state)
{
    struct fake *f = fake_new(4, false);

    assert_int_equal(heap_add_pages(&f->h, _mfn(0), 4), 4);
    assert_int_equal(mfn_x(heap_alloc(&f->h, 1, DOMID_XEN)), 0);
    assert_int_equal(f->frames[2].order, 1); /* left by the split */
    assert_int_equal(mfn_x(heap_alloc(&f->h, 1, DOMID_XEN)), 2);
    assert_int_equal(f->h.free_pages, 0);

    /* Frame 3 stays in use; 0-2 come back. */
    assert_int_equal(heap_add_pages(&f->h, _mfn(0), 3), 3);
    assert_int_equal(f->h.free[1].count, 1);
    assert_int_equal(f->h.free[1].head, 0);
    assert_int_equal(f->h.free[0].count, 1);
    assert_int_equal(f->h.free[0].head, 2);
    assert_int_equal(f->h.free[2].count, 0);
    assert_false(f->frames[3].count_info & PGC_free);
    check_heap(f);

    assert_int_equal(mfn_x(heap_alloc(&f->h, 0, DOMID_XEN)), 2);
    assert_int_equal(mfn_x(heap_alloc(&f->h, 1, DOMID_XEN)), 0);
    assert_true(mfn_eq(heap_alloc(&f->h, 0, DOMID_XEN), INVALID_MFN));
    assert_int_equal(f->h.free_pages, 0);
    check_heap(f);
    fake_free(f);
}

/* Adding a range in shuffled pieces gives the same blocks as adding it once. */
static void test_add_in_pieces_merges(void **state)
{
    const unsigned long n = 1UL << 14, lo = 5, hi = n - 7;
    struct fake *whole = fake_new(n, false), *f = fake_new(n, false);
    unsigned long cuts[128], starts[128], nr = 0, m, i;
    uint64_t seed = 42;
    uint8_t *a, *b;

    heap_add_pages(&whole->h, _mfn(lo), hi - lo);
    for (m = lo; m < hi; m += 1 + rnd_below(&seed, 1000)) {
        assert_true(nr < ARRAY_SIZE(cuts));
        cuts[nr++] = m;
    }
    for (i = 0; i < nr; i++)
        starts[i] = i;
    shuffle(&seed, starts, nr);
    for (i = 0; i < nr; i++) {
        unsigned long k = starts[i];
        unsigned long e = k + 1 < nr ? cuts[k + 1] : hi;

        assert_int_equal(heap_add_pages(&f->h, _mfn(cuts[k]), e - cuts[k]),
                         e - cuts[k]);
        check_heap(f);
    }
    a = check_range(whole, 0, n);
    b = check_range(f, 0, n);
    assert_memory_equal(a, b, n);
    assert_int_equal(f->h.total_pages, hi - lo);
    free(a);
    free(b);
    fake_free(whole);
    fake_free(f);
}

static void test_alloc_free_basic(void **state)
{
    struct fake *f = fake_new(64, false);
    mfn_t a, b;
    unsigned long i;

    heap_add_pages(&f->h, _mfn(0), 64);
    a = heap_alloc(&f->h, 0, DOMID_XEN);
    assert_int_equal(mfn_x(a), 0);
    assert_int_equal(f->h.free_pages, 63);
    assert_int_equal(f->h.total_pages, 64);
    assert_int_equal(f->frames[0].count_info, 0);
    assert_int_equal(f->frames[0].owner, DOMID_XEN);
    check_heap(f);

    b = heap_alloc(&f->h, 2, 7);
    assert_int_equal(mfn_x(b) & 3, 0);
    assert_int_equal(f->h.free_pages, 59);
    for (i = 0; i < 4; i++) {
        assert_int_equal(f->frames[mfn_x(b) + i].count_info, PGC_allocated);
        assert_int_equal(f->frames[mfn_x(b) + i].owner, 7);
    }
    check_heap(f);

    heap_free(&f->h, b, 2);
    heap_free(&f->h, a, 0);
    assert_int_equal(f->h.free_pages, 64);
    assert_int_equal(f->h.free[6].count, 1);
    for (i = 0; i < 64; i++) {
        assert_int_equal(f->frames[i].count_info, PGC_free | PGC_need_scrub);
        assert_int_equal(f->frames[i].owner, DOMID_INVALID);
    }
    check_heap(f);
    fake_free(f);
}

/* Every order from 0 to MAX_ORDER comes back size-aligned and whole. */
static void test_every_order(void **state)
{
    const unsigned long n = 2UL << MAX_ORDER;
    struct fake *f = fake_new(n, false);
    mfn_t got[MAX_ORDER + 1];
    unsigned long total = 0, i;
    unsigned int o;

    /* Start one frame in, so only one MAX_ORDER block exists. */
    assert_int_equal(heap_add_pages(&f->h, _mfn(1), n - 1), n - 1);
    for (o = 0; o <= MAX_ORDER; o++) {
        unsigned long m, size = 1UL << o;

        got[o] = heap_alloc(&f->h, o, o & 1 ? DOMID_XEN : 3);
        m = mfn_x(got[o]);
        assert_false(mfn_eq(got[o], INVALID_MFN));
        assert_int_equal(m & (size - 1), 0);
        assert_true(m + size <= n);
        for (i = m; i < m + size; i += size / 4 + 1)
            assert_false(f->frames[i].count_info & PGC_free);
        total += size;
        assert_int_equal(f->h.free_pages, n - 1 - total);
    }
    assert_true(mfn_eq(heap_alloc(&f->h, MAX_ORDER, 3), INVALID_MFN));
    assert_true(mfn_eq(heap_alloc(&f->h, MAX_ORDER + 1, 3), INVALID_MFN));
    check_heap(f);
    for (o = 0; o <= MAX_ORDER; o++)
        heap_free(&f->h, got[o], o);
    assert_int_equal(f->h.free_pages, n - 1);
    assert_int_equal(f->h.free[MAX_ORDER].count, 1);
    check_heap(f);
    fake_free(f);
}

/* Allocate in random orders until full, free in random order: back to start. */
static void test_split_and_merge_random(void **state)
{
    const unsigned long n = (1UL << 14) + 77;
    struct fake *f = fake_new(n, false);
    unsigned long *m = calloc(n, sizeof(*m)), *idx = calloc(n, sizeof(*idx));
    unsigned int *ord = calloc(n, sizeof(*ord));
    unsigned long nr = 0, i;
    uint64_t seed = 7;
    uint8_t *before, *after;
    int round;

    assert_true(m && idx && ord);
    heap_add_pages(&f->h, _mfn(3), n - 3);
    before = check_range(f, 0, n);
    for (round = 0; round < 3; round++) {
        for (nr = 0;;) {
            unsigned int o = (unsigned int)rnd_below(&seed, 7);
            mfn_t got = heap_alloc(&f->h, o, DOMID_XEN);

            if (mfn_eq(got, INVALID_MFN)) {
                if (o == 0)
                    break;
                continue;
            }
            m[nr] = mfn_x(got);
            ord[nr] = o;
            idx[nr] = nr;
            nr++;
        }
        assert_int_equal(f->h.free_pages, 0);
        shuffle(&seed, idx, nr);
        for (i = 0; i < nr; i++) {
            heap_free(&f->h, _mfn(m[idx[i]]), ord[idx[i]]);
            if (i % 1024 == 0)
                check_heap(f);
        }
        after = check_range(f, 0, n);
        assert_memory_equal(before, after, n);
        assert_int_equal(f->h.free_pages, n - 3);
        free(after);
    }
    free(before);
    free(m);
    free(idx);
    free(ord);
    fake_free(f);
}

/* Half the frames free but none adjacent: no order-1 block until merged. */
static void test_fragmentation(void **state)
{
    const unsigned long n = 1UL << MAX_ORDER;
    struct fake *f = fake_new(n, false);
    unsigned long i;
    mfn_t got;

    heap_add_pages(&f->h, _mfn(0), n);
    for (i = 0; i < n; i++)
        assert_int_equal(mfn_x(heap_alloc(&f->h, 0, DOMID_XEN)) < n, 1);
    assert_true(mfn_eq(heap_alloc(&f->h, 0, DOMID_XEN), INVALID_MFN));
    for (i = 0; i < n; i += 2)
        heap_free(&f->h, _mfn(i), 0);
    assert_int_equal(f->h.free_pages, n / 2);
    assert_int_equal(f->h.free[0].count, n / 2);
    assert_true(mfn_eq(heap_alloc(&f->h, 1, DOMID_XEN), INVALID_MFN));
    assert_int_equal(f->h.free_pages, n / 2);
    check_heap(f);
    for (i = 1; i < n; i += 2)
        heap_free(&f->h, _mfn(i), 0);
    assert_int_equal(f->h.free[MAX_ORDER].count, 1);
    got = heap_alloc(&f->h, MAX_ORDER, 1);
    assert_int_equal(mfn_x(got), 0);
    assert_int_equal(f->h.free_pages, 0);
    heap_free(&f->h, got, MAX_ORDER);
    check_heap(f);
    fake_free(f);
}

static void test_exhaustion(void **state)
{
    const unsigned long n = 300;
    struct fake *f = fake_new(n, false);
    unsigned long i;
    mfn_t big;

    heap_add_pages(&f->h, _mfn(0), n);
    /* Blocks are 256 + 32 + 8 + 4: nothing of order 9, one of order 8. */
    assert_true(mfn_eq(heap_alloc(&f->h, 9, 1), INVALID_MFN));
    assert_int_equal(f->h.free_pages, n);
    big = heap_alloc(&f->h, 8, 1);
    assert_int_equal(mfn_x(big), 0);
    assert_true(mfn_eq(heap_alloc(&f->h, 8, 1), INVALID_MFN));
    for (i = 0; i < n - 256; i++)
        assert_false(mfn_eq(heap_alloc(&f->h, 0, 2), INVALID_MFN));
    assert_int_equal(f->h.free_pages, 0);
    for (i = 0; i <= MAX_ORDER + 1; i++)
        assert_true(mfn_eq(heap_alloc(&f->h, (unsigned int)i, 2), INVALID_MFN));
    assert_int_equal(f->h.free_pages, 0);
    assert_int_equal(f->h.total_pages, n);
    check_heap(f);
    heap_free(&f->h, big, 8);
    assert_int_equal(f->h.free_pages, 256);
    check_heap(f);
    fake_free(f);
}

/* ---- Frames that must never be handed out ------------------------------- */

static const struct {
    unsigned long mfn;
    uint64_t flag;
} edge_marks[] = {
    {0, PGC_broken},      /* the very first frame */
    {511, PGC_reserved},  /* last frame of an order-9 block */
    {512, PGC_allocated}, /* first frame of the next one: live data */
    {1000, PGC_broken},   /* inside a block */
    {1001, PGC_broken},
    {2048, PGC_reserved}, /* the first frame of the added range's tail */
    {2049, PGC_reserved},
    {3071, PGC_broken},
    {4095, PGC_broken}, /* the very last frame */
};

static void mark_edges(struct fake *f)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(edge_marks); i++) {
        f->frames[edge_marks[i].mfn].count_info = edge_marks[i].flag;
        if (edge_marks[i].flag == PGC_allocated)
            f->frames[edge_marks[i].mfn].owner = 9;
    }
}

static bool is_edge_mark(unsigned long m)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(edge_marks); i++)
        if (edge_marks[i].mfn == m)
            return true;
    return false;
}

static void test_marked_frames_at_edges(void **state)
{
    const unsigned long n = 4096, nr_marks = ARRAY_SIZE(edge_marks);
    struct fake *f = fake_new(n, false);
    unsigned long i, got = 0;
    mfn_t m;

    mark_edges(f);
    /* Added in two pieces, the second starting on a reserved frame. */
    assert_int_equal(heap_add_pages(&f->h, _mfn(0), 2048) +
                         heap_add_pages(&f->h, _mfn(2048), n - 2048),
                     n - nr_marks);
    check_heap(f);
    /* Of the four order-10 blocks only 1024-2047 holds no marked frame. */
    assert_int_equal(f->h.free[10].count, 1);
    assert_int_equal(f->h.free[10].head, 1024);
    assert_int_equal(f->h.free[11].count + f->h.free[12].count, 0);
    for (i = 0; i < ARRAY_SIZE(edge_marks); i++)
        assert_int_equal(f->frames[edge_marks[i].mfn].count_info,
                         edge_marks[i].flag);

    while (!mfn_eq(m = heap_alloc(&f->h, 0, 4), INVALID_MFN)) {
        assert_false(is_edge_mark(mfn_x(m)));
        got++;
    }
    assert_int_equal(got, n - nr_marks);
    for (i = 0; i < n; i++)
        if (!is_edge_mark(i))
            heap_free(&f->h, _mfn(i), 0);
    assert_int_equal(f->h.free_pages, n - nr_marks);
    check_heap(f);
    assert_int_equal(f->frames[512].owner, 9);
    fake_free(f);
}

/* A live frame left out at boot joins the heap, and merges, when freed. */
static void test_live_frame_freed_joins_heap(void **state)
{
    struct fake *f = fake_new(1024, false);
    mfn_t m;

    f->frames[700].count_info = PGC_allocated;
    f->frames[700].owner = 3;
    assert_int_equal(heap_add_pages(&f->h, _mfn(0), 1024), 1023);
    assert_int_equal(f->h.free[10].count, 0);
    heap_free(&f->h, _mfn(700), 0);
    assert_int_equal(f->h.free[10].count, 1);
    assert_int_equal(f->frames[700].count_info, PGC_free | PGC_need_scrub);
    check_heap(f);
    /* Its old contents are scrubbed before anyone gets it. */
    m = heap_alloc(&f->h, 10, 5);
    assert_int_equal(mfn_x(m), 0);
    assert_int_equal(f->scrubs[700], 1);
    fake_free(f);
}

struct offlined {
    unsigned long n;
    unsigned long mfns[8];
};

static void record_offline(void *ctx, mfn_t mfn)
{
    struct offlined *o = ctx;

    assert_true(o->n < 8);
    o->mfns[o->n++] = mfn_x(mfn);
}

/*
 * A block holding bad frames (kept by a domain through a live update) is
 * freed around them: the rest in the largest aligned pieces, each bad
 * frame offlined, never in the heap.
 */
static void test_free_sparing_broken(void **state)
{
    struct fake *f = fake_new(1024, false);
    struct offlined o = {0};
    unsigned long i;
    mfn_t m;

    for (i = 512; i < 1024; i++) {
        f->frames[i].count_info = PGC_allocated;
        f->frames[i].owner = 4;
    }
    f->frames[512 + 5].count_info |= PGC_broken;
    f->frames[512 + 300].count_info |= PGC_broken;
    assert_int_equal(heap_add_pages(&f->h, _mfn(0), 1024), 512);
    assert_int_equal(heap_free_sparing(&f->h, _mfn(512), 9, record_offline,
                                       &o), 2);
    assert_int_equal(o.n, 2);
    assert_int_equal(o.mfns[0], 517);
    assert_int_equal(o.mfns[1], 812);
    assert_int_equal(f->h.free_pages, 1022);
    for (i = 0; i < 2; i++) {
        assert_true(f->frames[o.mfns[i]].count_info & PGC_broken);
        assert_false(f->frames[o.mfns[i]].count_info & PGC_free);
    }
    /*
     * Around 517 in 512..767: 512-515 (order 2), 516 (0), 518-519 (1),
     * 520-527 (3), 528-543 (4), 544-575 (5), 576-639 (6), 640-767 (7);
     * around 812 in 768..1023 likewise, and 0..511 merges as before.
     */
    assert_int_equal(f->h.free[9].count, 1);
    for (i = 0; i <= 7; i++)
        assert_int_equal(f->h.free[i].count, 2);
    assert_int_equal(f->h.free[8].count, 0);
    check_heap(f);
    /* Nothing the heap hands out is bad. */
    while (!mfn_eq(m = heap_alloc(&f->h, 0, 1), INVALID_MFN))
        assert_false(f->frames[mfn_x(m)].count_info & PGC_broken);
    assert_int_equal(f->h.free_pages, 0);

    /* With no bad frame in it, the block goes back whole. */
    fake_free(f);
    f = fake_new(1024, false);
    o.n = 0;
    assert_int_equal(heap_add_pages(&f->h, _mfn(0), 1024), 1024);
    m = heap_alloc(&f->h, 10, 2);
    assert_int_equal(heap_free_sparing(&f->h, m, 10, record_offline, &o), 0);
    assert_int_equal(f->h.free[10].count, 1);
    check_heap(f);
    fake_free(f);
}

/* ---- Above 4 GiB and near the 32-bit link limit ------------------------- */

static void test_above_4g(void **state)
{
    const unsigned long n = 0x180000, base = 0x100000 - 3;
    struct fake *f = fake_new(n, false);
    unsigned long count = 0, above = 0;
    mfn_t m;

    f->frames[0x100000].count_info = PGC_broken; /* first frame above 4G */
    f->frames[0x140001].count_info = PGC_broken;
    f->frames[n - 1].count_info = PGC_reserved;
    assert_int_equal(heap_add_pages(&f->h, _mfn(base), n - base), n - base - 3);
    check_heap(f);
    /* Both order-18 blocks hold a broken frame: one order-17 block is left. */
    assert_true(mfn_eq(heap_alloc(&f->h, 18, 1), INVALID_MFN));
    m = heap_alloc(&f->h, 17, 1);
    assert_int_equal(mfn_x(m), 0x120000);
    assert_true(mfn_eq(heap_alloc(&f->h, 17, 1), INVALID_MFN));
    assert_int_equal(f->frames[0x120000 + 0x1ffff].count_info, PGC_allocated);
    heap_free(&f->h, m, 17);
    check_heap(f);
    while (!mfn_eq(m = heap_alloc(&f->h, 4, 2), INVALID_MFN)) {
        assert_true(mfn_x(m) >= 0x100000);
        assert_true(mfn_x(m) + 16 <= n);
        assert_int_equal(mfn_x(m) & 15, 0);
        assert_true(mfn_x(m) > 0x100000);
        assert_false(mfn_x(m) <= 0x140001 && 0x140001 < mfn_x(m) + 16);
        assert_int_equal(f->frames[mfn_x(m) + 15].owner, 2);
        above++;
    }
    /* What is left are the pieces around the marked frames. */
    while (!mfn_eq(m = heap_alloc(&f->h, 0, 2), INVALID_MFN)) {
        assert_true(mfn_x(m) != 0x100000 && mfn_x(m) != 0x140001 &&
                    mfn_x(m) != n - 1);
        count++;
    }
    assert_int_equal(above * 16 + count, n - base - 3);
    check_heap(f);
    fake_free(f);
}

/* Frames just under PAGE_LIST_NULL: the table is sparse, only the top used. */
static void test_near_link_limit(void **state)
{
    const unsigned long n = PAGE_LIST_NULL, span = 1UL << (MAX_ORDER + 1);
    const unsigned long lo = n - span;
    struct fake *f = fake_new(n, false);
    unsigned long i;
    mfn_t m;
    uint8_t *heads;

    assert_int_equal(heap_add_pages(&f->h, _mfn(lo), ~0UL), span);
    heads = check_range(f, lo, n);
    free(heads);
    m = heap_alloc(&f->h, MAX_ORDER, 1);
    assert_int_equal(mfn_x(m), n + 1 - (2UL << MAX_ORDER));
    for (i = 0; i < 64; i++) {
        mfn_t s = heap_alloc(&f->h, 0, DOMID_XEN);

        assert_true(mfn_x(s) >= lo && mfn_x(s) < n);
    }
    heads = check_range(f, lo, n);
    free(heads);
    heap_free(&f->h, m, MAX_ORDER);
    assert_int_equal(f->h.free_pages, span - 64);
    heads = check_range(f, lo, n);
    free(heads);
    fake_free(f);
}

/* ---- Scrubbing ---------------------------------------------------------- */

static bool frame_is_zero(const struct fake *f, unsigned long m)
{
    const uint8_t *p = f->ram + m * FRAME_BYTES;
    unsigned long i;

    for (i = 0; i < FRAME_BYTES; i++)
        if (p[i])
            return false;
    return true;
}

static void test_scrub_zeroes(void **state)
{
    const unsigned long n = 256;
    struct fake *f = fake_new(n, true);
    unsigned long i;
    mfn_t a, b;

    heap_add_pages(&f->h, _mfn(0), n);
    a = heap_alloc(&f->h, 3, 1);
    for (i = 0; i < 8; i++) {
        assert_true(frame_is_zero(f, mfn_x(a) + i));
        f->ram[(mfn_x(a) + i) * FRAME_BYTES + 17] = 0x55; /* guest data */
    }
    assert_false(frame_is_zero(f, mfn_x(a) + 8)); /* untouched: lazy */
    heap_free(&f->h, a, 3);
    assert_false(frame_is_zero(f, mfn_x(a))); /* freeing does not scrub */
    b = heap_alloc(&f->h, 8, DOMID_XEN);
    for (i = 0; i < n; i++)
        assert_true(frame_is_zero(f, mfn_x(b) + i));
    fake_free(f);
}

/* Drain the heap at order 0, counting each frame handed out in handed[]. */
static void drain(struct fake *f, unsigned int *handed)
{
    mfn_t m;

    while (!mfn_eq(m = heap_alloc(&f->h, 0, 1), INVALID_MFN))
        handed[mfn_x(m)]++;
}

static void check_scrubs(const struct fake *f, const unsigned int *handed)
{
    unsigned long i;

    for (i = 0; i < f->n; i++)
        assert_int_equal(f->scrubs[i], handed[i]);
}

/* Each frame is scrubbed once per trip through the heap, when handed out. */
/*
 * HEAP_NO_SCRUB hands frames out unscrubbed, marked like any other; once
 * freed they need a scrub again, which the next ordinary allocation does.
 */
static void test_alloc_no_scrub(void **state)
{
    struct fake *f = fake_new(64, false);
    unsigned long i;
    mfn_t a, b;

    (void)state;
    heap_add_pages(&f->h, _mfn(0), 64);
    a = heap_alloc_flags(&f->h, 3, DOMID_XEN, HEAP_NO_SCRUB);
    assert_false(mfn_eq(a, INVALID_MFN));
    assert_int_equal(f->scrub_calls, 0);
    for (i = 0; i < 8; i++) {
        assert_int_equal(f->frames[mfn_x(a) + i].count_info, 0);
        assert_int_equal(f->frames[mfn_x(a) + i].owner, DOMID_XEN);
    }
    assert_int_equal(f->h.free_pages, 56);
    heap_free(&f->h, a, 3);
    for (i = 0; i < 8; i++)
        assert_true(f->frames[mfn_x(a) + i].count_info & PGC_need_scrub);
    b = heap_alloc(&f->h, 6, 2); /* everything: a's frames among them */
    assert_int_equal(mfn_x(b), 0);
    assert_int_equal(f->scrub_calls, 64);
    for (i = 0; i < 64; i++)
        assert_int_equal(f->scrubs[i], 1);
    fake_free(f);
}

static void test_scrub_exactly_once(void **state)
{
    const unsigned long n = 1024;
    struct fake *f = fake_new(n, false);
    unsigned int handed[1024] = {0};
    unsigned long i;
    mfn_t a, b;

    f->frames[5].count_info = PGC_allocated; /* live data: never scrubbed */
    heap_add_pages(&f->h, _mfn(0), n);
    assert_int_equal(f->scrub_calls, 0);
    a = heap_alloc(&f->h, 4, 1);
    assert_int_equal(f->scrub_calls, 16);
    for (i = 0; i < 16; i++)
        handed[mfn_x(a) + i]++;
    /* Split-off buddies stay unscrubbed until they are handed out. */
    b = heap_alloc(&f->h, 4, DOMID_XEN);
    assert_int_equal(f->scrub_calls, 32);
    for (i = 0; i < 16; i++)
        handed[mfn_x(b) + i]++;
    check_scrubs(f, handed);
    heap_free(&f->h, a, 4);
    assert_int_equal(f->scrub_calls, 32); /* freeing does not scrub */

    drain(f, handed); /* a's frames come round again, b's are still held */
    for (i = 0; i < 16; i++) {
        assert_int_equal(handed[mfn_x(a) + i], 2);
        assert_int_equal(handed[mfn_x(b) + i], 1);
    }
    check_scrubs(f, handed);
    for (i = 0; i < n; i++)
        if (i != 5 && (i < mfn_x(b) || i >= mfn_x(b) + 16))
            heap_free(&f->h, _mfn(i), 0);
    heap_free(&f->h, b, 4);
    drain(f, handed);
    for (i = 0; i < n; i++) {
        bool in_a = i >= mfn_x(a) && i < mfn_x(a) + 16;

        assert_int_equal(handed[i], i == 5 ? 0 : in_a ? 3 : 2);
    }
    check_scrubs(f, handed);
    assert_int_equal(f->scrub_calls, 2 * (n - 1) + 16);
    assert_int_equal(f->frames[5].count_info, PGC_allocated);
    fake_free(f);
}

/* ---- Randomised run against a shadow map -------------------------------- */

struct live {
    unsigned long mfn;
    unsigned int order;
    domid_t owner;
};

struct shadow {
    struct fake *f;
    uint8_t *marked; /* broken/reserved/live at start: never handed out */
    uint8_t *taken;  /* currently allocated */
    uint8_t *dirty;  /* needs a scrub before it is handed out */
    unsigned int *scrubs_expected;
    unsigned long scrub_calls_expected;
    struct live *live;
    unsigned long nr_live;
};

static void shadow_alloc(struct shadow *s, uint64_t *seed)
{
    static const domid_t owners[] = {DOMID_XEN, 0, 1, 0x7fef};
    unsigned int o = (unsigned int)rnd_below(seed, 100);
    domid_t owner = owners[rnd_below(seed, ARRAY_SIZE(owners))];
    struct fake *f = s->f;
    unsigned long free_before = f->h.free_pages, i, m;
    mfn_t got;

    o = o < 60 ? 0 : o < 80 ? 1 : o < 90 ? 3 : o < 98 ? 5 : 9;
    got = heap_alloc(&f->h, o, owner);
    if (mfn_eq(got, INVALID_MFN)) {
        assert_int_equal(f->h.free_pages, free_before);
        return;
    }
    m = mfn_x(got);
    assert_int_equal(m & ((1UL << o) - 1), 0);
    assert_true(m + (1UL << o) <= f->n);
    for (i = m; i < m + (1UL << o); i++) {
        uint64_t ci = f->frames[i].count_info;

        assert_false(s->marked[i]);
        assert_false(s->taken[i]);
        s->taken[i] = 1;
        if (s->dirty[i]) {
            s->scrubs_expected[i]++;
            s->scrub_calls_expected++;
        }
        s->dirty[i] = 0;
        assert_int_equal(f->scrubs[i], s->scrubs_expected[i]);
        assert_int_equal(f->frames[i].owner, owner);
        assert_int_equal(ci, owner == DOMID_XEN ? 0 : PGC_allocated);
    }
    assert_int_equal(f->h.free_pages, free_before - (1UL << o));
    s->live[s->nr_live++] = (struct live){m, o, owner};
}

static void shadow_free(struct shadow *s, uint64_t *seed)
{
    unsigned long k = rnd_below(seed, s->nr_live), i;
    struct live l = s->live[k];

    s->live[k] = s->live[--s->nr_live];
    heap_free(&s->f->h, _mfn(l.mfn), l.order);
    for (i = l.mfn; i < l.mfn + (1UL << l.order); i++) {
        s->taken[i] = 0;
        s->dirty[i] = 1;
        assert_int_equal(s->f->frames[i].owner, DOMID_INVALID);
    }
}

/* Mark about 1% of frames, in clumps, with one of the not-for-heap flags. */
static void shadow_mark(struct shadow *s, uint64_t *seed)
{
    static const uint64_t kinds[] = {PGC_broken, PGC_reserved, PGC_allocated};
    unsigned long n = s->f->n, i, j;

    s->f->frames[0].count_info = PGC_broken;
    s->marked[0] = 1;
    s->f->frames[n - 1].count_info = PGC_reserved;
    s->marked[n - 1] = 1;
    for (i = 0; i < n / 300; i++) {
        unsigned long at = rnd_below(seed, n), len = 1 + rnd_below(seed, 4);
        uint64_t kind = kinds[rnd_below(seed, ARRAY_SIZE(kinds))];

        if (rnd_below(seed, 2))
            at &= ~511UL; /* on a large block's edge */
        for (j = at; j < at + len && j < n; j++) {
            s->f->frames[j].count_info = kind;
            s->marked[j] = 1;
        }
    }
}

static void test_randomised_shadow(void **state)
{
    const unsigned long n = 3 * 8192 + 13;
    struct shadow s = {.f = fake_new(n, false)};
    unsigned long i, m, added = 0, nr_marked = 0;
    uint64_t seed = 0x5eed;
    int op;

    s.marked = calloc(n, 1);
    s.taken = calloc(n, 1);
    s.dirty = calloc(n, 1);
    s.scrubs_expected = calloc(n, sizeof(*s.scrubs_expected));
    s.live = calloc(n, sizeof(*s.live));
    assert_true(s.marked && s.taken && s.dirty && s.scrubs_expected && s.live);
    shadow_mark(&s, &seed);
    for (i = 0; i < n; i++) {
        s.dirty[i] = !s.marked[i];
        nr_marked += s.marked[i];
    }
    /* Added in random pieces, from the top down. */
    for (m = n; m > 0;) {
        unsigned long len = 1 + rnd_below(&seed, 3000);

        len = len > m ? m : len;
        m -= len;
        added += heap_add_pages(&s.f->h, _mfn(m), len);
    }
    assert_int_equal(added, n - nr_marked);
    check_heap(s.f);

    for (op = 0; op < 40000; op++) {
        if (s.nr_live && rnd_below(&seed, 100) < (op % 8000 < 4000 ? 35 : 65))
            shadow_free(&s, &seed);
        else
            shadow_alloc(&s, &seed);
        if (op % 2000 == 0)
            check_heap(s.f);
    }
    assert_int_equal(s.f->scrub_calls, s.scrub_calls_expected);
    while (s.nr_live)
        shadow_free(&s, &seed);
    assert_int_equal(s.f->h.free_pages, added);
    assert_int_equal(s.f->h.total_pages, added);
    check_heap(s.f);
    for (i = 0; i < n; i++)
        if (s.marked[i])
            assert_false(s.f->frames[i].count_info & PGC_free);

    free(s.marked);
    free(s.taken);
    free(s.dirty);
    free(s.scrubs_expected);
    free(s.live);
    fake_free(s.f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_empty),
        cmocka_unit_test(test_add_single_block),
        cmocka_unit_test(test_add_decomposition),
        cmocka_unit_test(test_add_clips_and_skips),
        cmocka_unit_test(test_add_ignores_stale_order),
        cmocka_unit_test(test_add_in_pieces_merges),
        cmocka_unit_test(test_alloc_free_basic),
        cmocka_unit_test(test_every_order),
        cmocka_unit_test(test_split_and_merge_random),
        cmocka_unit_test(test_fragmentation),
        cmocka_unit_test(test_exhaustion),
        cmocka_unit_test(test_marked_frames_at_edges),
        cmocka_unit_test(test_live_frame_freed_joins_heap),
        cmocka_unit_test(test_free_sparing_broken),
        cmocka_unit_test(test_above_4g),
        cmocka_unit_test(test_near_link_limit),
        cmocka_unit_test(test_scrub_zeroes),
        cmocka_unit_test(test_alloc_no_scrub),
        cmocka_unit_test(test_scrub_exactly_once),
        cmocka_unit_test(test_randomised_shadow),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
