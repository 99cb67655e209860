/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the p2m kept as a page table (xen/arch/x86/p2m-pt.c).
 * Table frames come from a fake allocator: an array of 4 KiB aligned pages
 * whose mfns start at FAKE_BASE, with a knob that makes allocations fail
 * from the n-th on, and poisoning of freed pages.  After most steps a
 * checker walks the raw tables with its own reading of the SDM's formats:
 * every entry well formed for its level and type, no empty table below the
 * root, tables counted in table_frames and by the allocator, frames per
 * type equal to entries[].  The tests cover 4 KiB, 2 MiB and 1 GiB leaves,
 * the choice of superpages, splitting that keeps every other gfn as it
 * was, removal, types (p2m_mmio_dm not present but keeping its frame),
 * extent merging across table boundaries and page sizes, stopping early,
 * bad arguments and limits, -ENOMEM at every allocation leaving the map
 * exactly as it was, the hypervisor's half of the root left alone, a long
 * randomised run against a shadow array, and teardown freeing everything.
 * p2m_move() (common/p2m_move.c) is tested here too, on the same fixture:
 * superpages kept where both frame numbers allow, parts of leaves, mixed
 * types, every refusal, -ENOMEM at each allocation changing nothing a
 * guest sees, and random moves against the shadow.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <asm/x86-defns.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/p2m.h>
#include "harness.h"

#define FAKE_BASE  0x40000UL  /* first fake table mfn */
#define FAKE_PAGES 1024
#define PT_SLOTS   512
#define ADDR_MASK  0x000ffffffffff000ULL
#define PRESENT_RW_US 0x7ULL  /* P | RW | US */
#define PS         ((uint64_t)_PAGE_PSE)
#define GFN_1G     (1UL << 18)
#define GFN_2M     (1UL << 9)
#define MFN_RAM    0x1000000UL /* guest frames the tests map, 1G aligned */

/* ---- Fixture: the fake allocator --------------------------------------- */

struct fake {
    uint64_t (*pages)[PT_SLOTS];
    bool used[FAKE_PAGES];
    unsigned long in_use, allocs, frees, maps;
    long fail_in; /* allocations left before every one fails; < 0: never */
    struct p2m p2m;
};

static mfn_t fake_alloc(void *ctx)
{
    struct fake *f = ctx;
    unsigned long i;

    if (f->fail_in == 0)
        return INVALID_MFN;
    if (f->fail_in > 0)
        f->fail_in--;
    for (i = 0; i < FAKE_PAGES && f->used[i]; i++)
        ;
    assert_true(i < FAKE_PAGES);
    f->used[i] = true;
    f->in_use++;
    f->allocs++;
    memset(f->pages[i], 0, sizeof(f->pages[i]));
    return _mfn(FAKE_BASE + i);
}

static unsigned long fake_index(struct fake *f, mfn_t mfn)
{
    unsigned long i = mfn_x(mfn) - FAKE_BASE;

    assert_true(mfn_x(mfn) >= FAKE_BASE && i < FAKE_PAGES);
    assert_true(f->used[i]);
    return i;
}

static void fake_free(void *ctx, mfn_t mfn)
{
    struct fake *f = ctx;
    unsigned long i = fake_index(f, mfn);

    memset(f->pages[i], 0xa5, sizeof(f->pages[i])); /* catch use after free */
    f->used[i] = false;
    f->in_use--;
    f->frees++;
}

static uint64_t *fake_map(void *ctx, mfn_t mfn)
{
    struct fake *f = ctx;

    f->maps++;
    return f->pages[fake_index(f, mfn)];
}

static struct fake *fake_new(void)
{
    struct fake *f = calloc(1, sizeof(*f));
    struct p2m_pt_ops ops = {fake_alloc, fake_free, fake_map, NULL};

    assert_non_null(f);
    f->pages = aligned_alloc(4096, FAKE_PAGES * sizeof(f->pages[0]));
    assert_non_null(f->pages);
    f->fail_in = -1;
    ops.ctx = f;
    assert_int_equal(p2m_init(&f->p2m, &ops), 0);
    return f;
}

/* Tear down, check nothing leaked, free the fixture. */
static void fake_done(struct fake *f)
{
    p2m_teardown(&f->p2m);
    assert_true(mfn_eq(f->p2m.root, INVALID_MFN));
    assert_int_equal(f->p2m.table_frames, 0);
    assert_int_equal(f->in_use, 0);
    assert_int_equal(f->allocs, f->frees);
    free(f->pages);
    free(f);
}

static uint64_t *table_of(struct fake *f, uint64_t e)
{
    return f->pages[fake_index(f, _mfn((e & ADDR_MASK) >> 12))];
}

/* The raw entry at level on gfn's path, or 0 if the path stops above it. */
static uint64_t raw_pte(struct fake *f, unsigned long gfn, unsigned int level)
{
    uint64_t *t = f->pages[fake_index(f, f->p2m.root)];
    unsigned int l;

    for (l = 4;; l--) {
        uint64_t e = t[(gfn >> (9 * (l - 1))) & 511];

        if (l == level)
            return e;
        if (!e || (e & PS))
            return 0;
        t = table_of(f, e);
    }
}

/* ---- The raw checker ----------------------------------------------------- */

struct tally {
    unsigned long tables;
    unsigned long frames[p2m_nr_types];
};

static void check_leaf(uint64_t e, unsigned int level, struct tally *ty)
{
    unsigned int t = (e >> 52) & 0xf;
    uint64_t flags = e & 0xfff, want = level > 1 ? PS : 0;
    unsigned int order = 9 * (level - 1);

    assert_true(t > p2m_invalid && t < p2m_nr_types);
    if (t != p2m_mmio_dm)
        want |= PRESENT_RW_US;
    assert_int_equal(flags, want);
    assert_int_equal((e & ADDR_MASK) >> 12 & ((1UL << order) - 1), 0);
    ty->frames[t] += 1UL << order;
}

static void check_table(struct fake *f, uint64_t *t, unsigned int level,
                        struct tally *ty)
{
    unsigned int i, n = level == 4 ? 256 : 512, used = 0;

    ty->tables++;
    for (i = 0; i < n; i++) {
        uint64_t e = t[i];

        if (!e)
            continue;
        used++;
        assert_int_equal(e >> 56, 0); /* NX clear, no protection key */
        if (level == 1 || (level < 4 && (e & PS))) {
            check_leaf(e, level, ty);
        } else {
            assert_int_equal(e & ~ADDR_MASK, PRESENT_RW_US);
            check_table(f, table_of(f, e), level - 1, ty);
        }
    }
    if (level < 4)
        assert_true(used > 0); /* empty tables are freed */
}

/* Check the tables' format and the p2m's and allocator's counts. */
static void check_p2m(struct fake *f)
{
    struct tally ty;
    unsigned int t;

    memset(&ty, 0, sizeof(ty));
    check_table(f, f->pages[fake_index(f, f->p2m.root)], 4, &ty);
    assert_int_equal(ty.tables, f->p2m.table_frames);
    assert_int_equal(ty.tables, f->in_use);
    for (t = 0; t < p2m_nr_types; t++)
        assert_int_equal(ty.frames[t], f->p2m.entries[t]);
}

/* ---- Extent lists -------------------------------------------------------- */

struct extent {
    unsigned long gfn, mfn, nr;
    enum p2m_type t;
};

struct extents {
    struct extent e[16384];
    unsigned int nr;
    unsigned int stop_at; /* return stop_rc on this call (1-based); 0: never */
    int stop_rc;
};

static int collect(void *ctx, gfn_t gfn, mfn_t mfn, unsigned long nr,
                   enum p2m_type t)
{
    struct extents *x = ctx;

    assert_true(x->nr < ARRAY_SIZE(x->e));
    assert_true(nr > 0);
    x->e[x->nr++] = (struct extent){gfn_x(gfn), mfn_x(mfn), nr, t};
    return x->nr == x->stop_at ? x->stop_rc : 0;
}

static struct extents *extents_of(struct fake *f)
{
    struct extents *x = calloc(1, sizeof(*x));

    assert_non_null(x);
    assert_int_equal(p2m_for_each_extent(&f->p2m, collect, x), 0);
    return x;
}

static void assert_extent(const struct extents *x, unsigned int i,
                          unsigned long gfn, unsigned long mfn,
                          unsigned long nr, enum p2m_type t)
{
    assert_true(i < x->nr);
    assert_int_equal(x->e[i].gfn, gfn);
    assert_int_equal(x->e[i].mfn, mfn);
    assert_int_equal(x->e[i].nr, nr);
    assert_int_equal(x->e[i].t, t);
}

/* A p2m's whole observable state: extents, counters, allocator use. */
struct snapshot {
    struct extents *x;
    unsigned long table_frames, in_use;
    unsigned long entries[p2m_nr_types];
};

static void snap_take(struct fake *f, struct snapshot *s)
{
    s->x = extents_of(f);
    s->table_frames = f->p2m.table_frames;
    s->in_use = f->in_use;
    memcpy(s->entries, f->p2m.entries, sizeof(s->entries));
}

static void snap_same(struct fake *f, struct snapshot *s)
{
    struct snapshot now;

    snap_take(f, &now);
    assert_int_equal(now.x->nr, s->x->nr);
    assert_memory_equal(now.x->e, s->x->e, s->x->nr * sizeof(s->x->e[0]));
    assert_int_equal(now.table_frames, s->table_frames);
    assert_int_equal(now.in_use, s->in_use);
    assert_memory_equal(now.entries, s->entries, sizeof(s->entries));
    free(now.x);
    check_p2m(f);
}

/* ---- Helpers ------------------------------------------------------------- */

static void set_ok(struct fake *f, unsigned long gfn, unsigned long mfn,
                   unsigned int order, enum p2m_type t)
{
    assert_int_equal(p2m_set_entry(&f->p2m, _gfn(gfn), _mfn(mfn), order, t),
                     0);
}

static void expect_get(struct fake *f, unsigned long gfn, unsigned long mfn,
                       enum p2m_type t, unsigned int order)
{
    enum p2m_type got_t = p2m_nr_types;
    unsigned int got_order = 99;
    mfn_t m = p2m_get_entry(&f->p2m, _gfn(gfn), &got_t, &got_order);

    assert_int_equal(mfn_x(m), mfn);
    assert_int_equal(got_t, t);
    assert_int_equal(got_order, order);
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

/* ---- Basic behaviour ----------------------------------------------------- */

static void test_init_teardown(void **state)
{
    struct fake *f = fake_new();
    struct p2m_pt_ops ops = {fake_alloc, fake_free, fake_map, f};
    struct p2m other;
    struct extents *x;
    unsigned int t;

    assert_int_equal(f->p2m.table_frames, 1);
    assert_int_equal(f->in_use, 1);
    for (t = 0; t < p2m_nr_types; t++)
        assert_int_equal(f->p2m.entries[t], 0);
    expect_get(f, 0, INVALID_MFN_RAW, p2m_invalid, 27);
    expect_get(f, P2M_MAX_GFN - 1, INVALID_MFN_RAW, p2m_invalid, 27);
    /* Out of range: nothing, and no run to speak of. */
    expect_get(f, P2M_MAX_GFN, INVALID_MFN_RAW, p2m_invalid, 0);
    expect_get(f, ~0UL, INVALID_MFN_RAW, p2m_invalid, 0);
    assert_true(mfn_eq(p2m_get_entry(&f->p2m, _gfn(3), NULL, NULL),
                       INVALID_MFN));
    x = extents_of(f);
    assert_int_equal(x->nr, 0);
    free(x);
    check_p2m(f);

    /* An init that cannot get its root fails and holds nothing. */
    f->fail_in = 0;
    assert_int_equal(p2m_init(&other, &ops), -ENOMEM);
    assert_true(mfn_eq(other.root, INVALID_MFN));
    assert_int_equal(other.table_frames, 0);
    p2m_teardown(&other); /* harmless */
    f->fail_in = -1;
    assert_int_equal(f->in_use, 1);
    fake_done(f);
}

static void test_set_get_sizes(void **state)
{
    struct fake *f = fake_new();

    set_ok(f, 5, MFN_RAM + 77, 0, p2m_ram_rw);
    assert_int_equal(f->p2m.table_frames, 4); /* root, L3, L2, L1 */
    expect_get(f, 5, MFN_RAM + 77, p2m_ram_rw, 0);
    expect_get(f, 4, INVALID_MFN_RAW, p2m_invalid, 0);
    expect_get(f, 512, INVALID_MFN_RAW, p2m_invalid, 9);
    expect_get(f, GFN_1G, INVALID_MFN_RAW, p2m_invalid, 18);
    assert_int_equal(raw_pte(f, 5, 1),
                     ((MFN_RAM + 77) << 12) | (1ULL << 52) | PRESENT_RW_US);

    set_ok(f, 3 * GFN_2M, MFN_RAM + 5 * GFN_2M, 9, p2m_ram_rw);
    assert_int_equal(f->p2m.table_frames, 4);
    expect_get(f, 3 * GFN_2M + 100, MFN_RAM + 5 * GFN_2M + 100, p2m_ram_rw, 9);
    assert_int_equal(raw_pte(f, 3 * GFN_2M, 2),
                     ((MFN_RAM + 5 * GFN_2M) << 12) | (1ULL << 52) | PS |
                         PRESENT_RW_US);

    set_ok(f, 2 * GFN_1G, MFN_RAM + GFN_1G, 18, p2m_ram_rw);
    assert_int_equal(f->p2m.table_frames, 4);
    expect_get(f, 2 * GFN_1G + 12345, MFN_RAM + GFN_1G + 12345, p2m_ram_rw,
               18);
    assert_int_equal(raw_pte(f, 2 * GFN_1G, 3),
                     ((MFN_RAM + GFN_1G) << 12) | (1ULL << 52) | PS |
                         PRESENT_RW_US);
    assert_int_equal(f->p2m.entries[p2m_ram_rw], 1 + GFN_2M + GFN_1G);
    check_p2m(f);

    /* The largest gfn, in the last lower-half L4 slot. */
    set_ok(f, P2M_MAX_GFN - 1, MFN_RAM, 0, p2m_special);
    expect_get(f, P2M_MAX_GFN - 1, MFN_RAM, p2m_special, 0);
    set_ok(f, P2M_MAX_GFN - GFN_1G, MFN_RAM, 18, p2m_ram_rw);
    expect_get(f, P2M_MAX_GFN - 1, MFN_RAM + GFN_1G - 1, p2m_ram_rw, 18);
    check_p2m(f);
    fake_done(f);
}

/* Orders between the page sizes use the largest pages that fit. */
static void test_superpage_choice(void **state)
{
    struct fake *f = fake_new();
    struct extents *x;
    unsigned long g;

    set_ok(f, 0, MFN_RAM, 5, p2m_ram_rw);     /* 32 x 4K */
    set_ok(f, 8 * GFN_2M, MFN_RAM, 12, p2m_ram_rw); /* 8 x 2M */
    set_ok(f, GFN_1G, MFN_RAM, 18, p2m_ram_rw);     /* 1 x 1G */
    for (g = 0; g < 32; g++)
        assert_int_equal(raw_pte(f, g, 1) & PS, 0);
    assert_int_equal(raw_pte(f, 32, 1), 0);
    for (g = 8 * GFN_2M; g < 16 * GFN_2M; g += GFN_2M) {
        assert_true(raw_pte(f, g, 2) & PS);
        expect_get(f, g + 1, MFN_RAM + g - 8 * GFN_2M + 1, p2m_ram_rw, 9);
    }
    assert_true(raw_pte(f, GFN_1G, 3) & PS);
    assert_int_equal(f->p2m.table_frames, 4);

    x = extents_of(f);
    assert_int_equal(x->nr, 3);
    assert_extent(x, 0, 0, MFN_RAM, 32, p2m_ram_rw);
    assert_extent(x, 1, 8 * GFN_2M, MFN_RAM, 8 * GFN_2M, p2m_ram_rw);
    assert_extent(x, 2, GFN_1G, MFN_RAM, GFN_1G, p2m_ram_rw);
    free(x);
    check_p2m(f);
    fake_done(f);
}

/* Check every gfn of [base, base + 1G) against a 1G map with holes in it. */
static void check_1g_except(struct fake *f, unsigned long base,
                            unsigned long mfn, const unsigned long *skip,
                            unsigned int nr_skip)
{
    unsigned long g;
    unsigned int i;

    for (g = 0; g < GFN_1G; g++) {
        enum p2m_type t;
        mfn_t m;

        for (i = 0; i < nr_skip && skip[i] != g; i++)
            ;
        if (i < nr_skip)
            continue;
        m = p2m_get_entry(&f->p2m, _gfn(base + g), &t, NULL);
        if (mfn_x(m) != mfn + g || t != p2m_ram_rw)
            fail_msg("gfn %#lx: mfn %#lx type %d", base + g, mfn_x(m), t);
    }
}

static void test_split_keeps_the_rest(void **state)
{
    struct fake *f = fake_new();
    const unsigned long base = 3 * GFN_1G, inner = 5 * GFN_2M + 7;
    unsigned long skip[2] = {inner, 100 * GFN_2M + 3};
    struct extents *x;

    set_ok(f, base, MFN_RAM, 18, p2m_ram_rw);
    /* 1G -> 512 x 2M -> one of them 512 x 4K; one 4K changes. */
    set_ok(f, base + inner, 0x77, 0, p2m_foreign);
    assert_int_equal(f->p2m.table_frames, 4);
    expect_get(f, base + inner, 0x77, p2m_foreign, 0);
    expect_get(f, base + inner + 1, MFN_RAM + inner + 1, p2m_ram_rw, 0);
    expect_get(f, base + 6 * GFN_2M, MFN_RAM + 6 * GFN_2M, p2m_ram_rw, 9);
    check_1g_except(f, base, MFN_RAM, skip, 1);
    assert_int_equal(f->p2m.entries[p2m_ram_rw], GFN_1G - 1);
    assert_int_equal(f->p2m.entries[p2m_foreign], 1);
    check_p2m(f);

    x = extents_of(f);
    assert_int_equal(x->nr, 3);
    assert_extent(x, 0, base, MFN_RAM, inner, p2m_ram_rw);
    assert_extent(x, 1, base + inner, 0x77, 1, p2m_foreign);
    assert_extent(x, 2, base + inner + 1, MFN_RAM + inner + 1,
                  GFN_1G - inner - 1, p2m_ram_rw);
    free(x);

    /* Remove a 4K elsewhere in a 2M page of the split 1G. */
    assert_int_equal(p2m_set_entry(&f->p2m, _gfn(base + skip[1]), INVALID_MFN,
                                   0, p2m_invalid), 0);
    assert_int_equal(f->p2m.table_frames, 5);
    expect_get(f, base + skip[1], INVALID_MFN_RAW, p2m_invalid, 0);
    check_1g_except(f, base, MFN_RAM, skip, 2);
    check_p2m(f);

    /* Putting both back as they were gives one extent again. */
    set_ok(f, base + inner, MFN_RAM + inner, 0, p2m_ram_rw);
    set_ok(f, base + skip[1], MFN_RAM + skip[1], 0, p2m_ram_rw);
    x = extents_of(f);
    assert_int_equal(x->nr, 1);
    assert_extent(x, 0, base, MFN_RAM, GFN_1G, p2m_ram_rw);
    free(x);
    check_1g_except(f, base, MFN_RAM, NULL, 0);

    /* A 1G over the split one frees its tables. */
    set_ok(f, base, MFN_RAM + GFN_1G, 18, p2m_ram_rw);
    assert_int_equal(f->p2m.table_frames, 2);
    check_p2m(f);
    fake_done(f);
}

static void test_remove(void **state)
{
    struct fake *f = fake_new();
    unsigned long allocs;
    unsigned int i;

    /* Removing what is not there allocates nothing and changes nothing. */
    allocs = f->allocs;
    set_ok(f, 12345, 0, 0, p2m_invalid);
    set_ok(f, GFN_1G, 0, 18, p2m_invalid);
    assert_int_equal(f->allocs, allocs);
    assert_int_equal(f->p2m.table_frames, 1);

    /* Removing 4K pages one by one from a 2M page frees every table. */
    set_ok(f, GFN_2M, MFN_RAM, 9, p2m_ram_rw);
    assert_int_equal(f->p2m.table_frames, 3);
    for (i = 0; i < GFN_2M; i++) {
        set_ok(f, GFN_2M + i, 0, 0, p2m_invalid);
        assert_int_equal(f->p2m.entries[p2m_ram_rw], GFN_2M - 1 - i);
        if (i % 64 == 0)
            check_p2m(f);
    }
    assert_int_equal(f->p2m.table_frames, 1);
    check_p2m(f);

    /* A 2M removal over a table of 4K pages frees that table too. */
    set_ok(f, 7, MFN_RAM + 7, 0, p2m_ram_rw);
    set_ok(f, 9, MFN_RAM + 9, 0, p2m_special);
    set_ok(f, GFN_2M, MFN_RAM, 9, p2m_ram_rw);
    assert_int_equal(f->p2m.table_frames, 4);
    set_ok(f, 0, 0, 9, p2m_invalid);
    assert_int_equal(f->p2m.table_frames, 3);
    assert_int_equal(f->p2m.entries[p2m_special], 0);
    set_ok(f, 0, 0, 18, p2m_invalid);
    assert_int_equal(f->p2m.table_frames, 1);
    assert_int_equal(f->p2m.entries[p2m_ram_rw], 0);

    /* Removing 4K from a 1G page splits it twice. */
    set_ok(f, 0, MFN_RAM, 18, p2m_ram_rw);
    set_ok(f, GFN_1G - 1, 0, 0, p2m_invalid);
    assert_int_equal(f->p2m.table_frames, 4);
    assert_int_equal(f->p2m.entries[p2m_ram_rw], GFN_1G - 1);
    expect_get(f, GFN_1G - 2, MFN_RAM + GFN_1G - 2, p2m_ram_rw, 0);
    expect_get(f, GFN_1G - 1, INVALID_MFN_RAW, p2m_invalid, 0);
    check_p2m(f);
    fake_done(f);
}

static void test_types(void **state)
{
    struct fake *f = fake_new();
    struct extents *x;
    uint64_t e;

    /* p2m_mmio_dm: not present to the MMU, but its frame is kept. */
    set_ok(f, 0xa0, 0x12345, 0, p2m_mmio_dm);
    e = raw_pte(f, 0xa0, 1);
    assert_int_equal(e & _PAGE_PRESENT, 0);
    assert_int_equal(e, (0x12345ULL << 12) | (3ULL << 52));
    expect_get(f, 0xa0, 0x12345, p2m_mmio_dm, 0);
    set_ok(f, 0, 0, 0, p2m_mmio_dm); /* frame 0 is still an entry */
    expect_get(f, 0, 0, p2m_mmio_dm, 0);
    assert_int_equal(raw_pte(f, 0, 1), 3ULL << 52);

    /* A not-present superpage keeps its size, and splits like any other. */
    set_ok(f, 2 * GFN_2M, 4 * GFN_2M, 9, p2m_mmio_dm);
    assert_int_equal(raw_pte(f, 2 * GFN_2M, 2),
                     ((4ULL * GFN_2M) << 12) | (3ULL << 52) | PS);
    expect_get(f, 2 * GFN_2M + 9, 4 * GFN_2M + 9, p2m_mmio_dm, 9);
    set_ok(f, 2 * GFN_2M + 1, MFN_RAM, 0, p2m_ram_rw);
    expect_get(f, 2 * GFN_2M + 2, 4 * GFN_2M + 2, p2m_mmio_dm, 0);
    assert_int_equal(raw_pte(f, 2 * GFN_2M + 2, 1),
                     ((4ULL * GFN_2M + 2) << 12) | (3ULL << 52));

    set_ok(f, 0x200000, 0x999, 0, p2m_special);
    set_ok(f, 0x200001, 0x998, 0, p2m_foreign);
    expect_get(f, 0x200000, 0x999, p2m_special, 0);
    expect_get(f, 0x200001, 0x998, p2m_foreign, 0);
    assert_int_equal(raw_pte(f, 0x200001, 1),
                     (0x998ULL << 12) | (4ULL << 52) | PRESENT_RW_US);
    assert_int_equal(f->p2m.entries[p2m_mmio_dm], 2 + GFN_2M - 1);
    assert_int_equal(f->p2m.entries[p2m_ram_rw], 1);
    assert_int_equal(f->p2m.entries[p2m_special], 1);
    assert_int_equal(f->p2m.entries[p2m_foreign], 1);
    assert_int_equal(f->p2m.entries[p2m_invalid], 0);
    check_p2m(f);

    /* Retyping moves the counts. */
    set_ok(f, 0x200000, 0x999, 0, p2m_ram_rw);
    assert_int_equal(f->p2m.entries[p2m_special], 0);
    assert_int_equal(f->p2m.entries[p2m_ram_rw], 2);
    x = extents_of(f);
    assert_int_equal(x->nr, 7);
    assert_extent(x, 0, 0, 0, 1, p2m_mmio_dm);
    assert_extent(x, 1, 0xa0, 0x12345, 1, p2m_mmio_dm);
    assert_extent(x, 2, 2 * GFN_2M, 4 * GFN_2M, 1, p2m_mmio_dm);
    assert_extent(x, 3, 2 * GFN_2M + 1, MFN_RAM, 1, p2m_ram_rw);
    assert_extent(x, 4, 2 * GFN_2M + 2, 4 * GFN_2M + 2, GFN_2M - 2,
                  p2m_mmio_dm);
    assert_extent(x, 5, 0x200000, 0x999, 1, p2m_ram_rw);
    assert_extent(x, 6, 0x200001, 0x998, 1, p2m_foreign);
    free(x);
    check_p2m(f);
    fake_done(f);
}

/* ---- Extents ------------------------------------------------------------- */

static void test_extent_merging(void **state)
{
    struct fake *f = fake_new();
    const unsigned long l4 = 1UL << 27; /* gfns one L4 slot maps */
    struct extents *x;

    /* 4K | 2M | 4K, consecutive: one run across L1/L2 boundaries. */
    set_ok(f, GFN_2M - 1, MFN_RAM + GFN_2M - 1, 0, p2m_ram_rw);
    set_ok(f, GFN_2M, MFN_RAM + GFN_2M, 9, p2m_ram_rw);
    set_ok(f, 2 * GFN_2M, MFN_RAM + 2 * GFN_2M, 0, p2m_ram_rw);
    /* 1G then 2M then 4K across an L4 boundary. */
    set_ok(f, l4 - GFN_1G, MFN_RAM, 18, p2m_ram_rw);
    set_ok(f, l4, MFN_RAM + GFN_1G, 9, p2m_ram_rw);
    set_ok(f, l4 + GFN_2M, MFN_RAM + GFN_1G + GFN_2M, 0, p2m_ram_rw);
    /* Consecutive gfns whose mfns are not: two runs. */
    set_ok(f, l4 + GFN_2M + 1, MFN_RAM, 0, p2m_ram_rw);
    /* Same frames, different type: two runs. */
    set_ok(f, l4 + GFN_2M + 2, MFN_RAM + 1, 0, p2m_special);
    /* A hole breaks a run even if the mfns continue. */
    set_ok(f, l4 + GFN_2M + 4, MFN_RAM + 2, 0, p2m_special);
    /* Not-present runs merge on mfn too. */
    set_ok(f, 3 * l4 - GFN_2M, 0x400, 9, p2m_mmio_dm);
    set_ok(f, 3 * l4, 0x400 + GFN_2M, 9, p2m_mmio_dm);
    set_ok(f, 3 * l4 + GFN_2M, 0x400, 9, p2m_mmio_dm);

    x = extents_of(f);
    assert_int_equal(x->nr, 7);
    assert_extent(x, 0, GFN_2M - 1, MFN_RAM + GFN_2M - 1, GFN_2M + 2,
                  p2m_ram_rw);
    assert_extent(x, 1, l4 - GFN_1G, MFN_RAM, GFN_1G + GFN_2M + 1, p2m_ram_rw);
    assert_extent(x, 2, l4 + GFN_2M + 1, MFN_RAM, 1, p2m_ram_rw);
    assert_extent(x, 3, l4 + GFN_2M + 2, MFN_RAM + 1, 1, p2m_special);
    assert_extent(x, 4, l4 + GFN_2M + 4, MFN_RAM + 2, 1, p2m_special);
    assert_extent(x, 5, 3 * l4 - GFN_2M, 0x400, 2 * GFN_2M, p2m_mmio_dm);
    assert_extent(x, 6, 3 * l4 + GFN_2M, 0x400, GFN_2M, p2m_mmio_dm);
    free(x);
    check_p2m(f);
    fake_done(f);
}

static void test_extent_stop(void **state)
{
    struct fake *f = fake_new();
    struct extents *x = calloc(1, sizeof(*x));
    unsigned int i;

    assert_non_null(x);
    for (i = 0; i < 5; i++)
        set_ok(f, 10 * i, MFN_RAM + 100 * i, 0, p2m_ram_rw);
    x->stop_at = 3;
    x->stop_rc = 42;
    assert_int_equal(p2m_for_each_extent(&f->p2m, collect, x), 42);
    assert_int_equal(x->nr, 3);
    assert_extent(x, 2, 20, MFN_RAM + 200, 1, p2m_ram_rw);

    /* Stopping on the last run, which is reported after the walk. */
    memset(x, 0, sizeof(*x));
    x->stop_at = 5;
    x->stop_rc = -EIO;
    assert_int_equal(p2m_for_each_extent(&f->p2m, collect, x), -EIO);
    assert_int_equal(x->nr, 5);
    free(x);
    fake_done(f);
}

/* 4 GiB in superpages is walked a table at a time, not a page at a time. */
static void test_extent_walk_cost(void **state)
{
    struct fake *f = fake_new();
    struct extents *x;
    unsigned long g, maps;

    for (g = 0; g < 4 * GFN_1G; g += GFN_2M)
        set_ok(f, g, MFN_RAM + g, 9, p2m_ram_rw);
    assert_int_equal(f->p2m.table_frames, 6); /* root, L3, 4 x L2 */
    maps = f->maps;
    x = extents_of(f);
    assert_true(f->maps - maps <= f->p2m.table_frames);
    assert_int_equal(x->nr, 1);
    assert_extent(x, 0, 0, MFN_RAM, 4 * GFN_1G, p2m_ram_rw);
    free(x);

    for (g = 0; g < 4 * GFN_1G; g += GFN_1G)
        set_ok(f, g, MFN_RAM + g, 18, p2m_ram_rw);
    assert_int_equal(f->p2m.table_frames, 2);
    maps = f->maps;
    x = extents_of(f);
    assert_int_equal(f->maps - maps, 2);
    assert_extent(x, 0, 0, MFN_RAM, 4 * GFN_1G, p2m_ram_rw);
    free(x);
    check_p2m(f);
    fake_done(f);
}

/* ---- Bad arguments and limits -------------------------------------------- */

static void expect_einval(struct fake *f, unsigned long gfn, unsigned long mfn,
                          unsigned int order, enum p2m_type t)
{
    unsigned long allocs = f->allocs;

    assert_int_equal(p2m_set_entry(&f->p2m, _gfn(gfn), _mfn(mfn), order, t),
                     -EINVAL);
    assert_int_equal(f->allocs, allocs);
}

static void test_bad_arguments(void **state)
{
    struct fake *f = fake_new();
    struct snapshot s;

    set_ok(f, 0, MFN_RAM, 18, p2m_ram_rw);
    snap_take(f, &s);
    expect_einval(f, 0, MFN_RAM, 19, p2m_ram_rw);      /* order too big */
    expect_einval(f, 0, MFN_RAM, 64, p2m_ram_rw);
    expect_einval(f, 0, MFN_RAM, ~0u, p2m_invalid);
    expect_einval(f, 1, MFN_RAM + 1, 1, p2m_ram_rw);   /* gfn misaligned */
    expect_einval(f, 256, MFN_RAM, 9, p2m_ram_rw);
    expect_einval(f, 256, 0, 9, p2m_invalid);
    expect_einval(f, 512, MFN_RAM + 1, 9, p2m_ram_rw); /* mfn misaligned */
    expect_einval(f, GFN_1G, MFN_RAM + GFN_2M, 18, p2m_mmio_dm);
    expect_einval(f, 0, MFN_RAM, 0, p2m_nr_types);     /* type */
    expect_einval(f, 0, MFN_RAM, 0, (enum p2m_type)-1);
    expect_einval(f, P2M_MAX_GFN, MFN_RAM, 0, p2m_ram_rw); /* gfn range */
    expect_einval(f, P2M_MAX_GFN, 0, 0, p2m_invalid);
    expect_einval(f, P2M_MAX_GFN, MFN_RAM, 18, p2m_ram_rw);
    expect_einval(f, ~0UL & ~(GFN_1G - 1), MFN_RAM, 18, p2m_ram_rw);
    expect_einval(f, 0, 1UL << 40, 0, p2m_ram_rw); /* mfn beyond a PTE */
    expect_einval(f, 0, (1UL << 40) - GFN_2M, 18, p2m_ram_rw);
    expect_einval(f, 0, INVALID_MFN_RAW, 0, p2m_mmio_dm);
    snap_same(f, &s);

    /* The edges that are allowed. */
    set_ok(f, P2M_MAX_GFN - 1, (1UL << 40) - 1, 0, p2m_ram_rw);
    set_ok(f, GFN_1G, (1UL << 40) - GFN_1G, 18, p2m_foreign);
    set_ok(f, 3, INVALID_MFN_RAW, 0, p2m_invalid); /* mfn ignored */
    expect_get(f, P2M_MAX_GFN - 1, (1UL << 40) - 1, p2m_ram_rw, 0);
    expect_get(f, GFN_1G + 1, (1UL << 40) - GFN_1G + 1, p2m_foreign, 18);
    expect_get(f, 3, INVALID_MFN_RAW, p2m_invalid, 0);
    check_p2m(f);
    free(s.x);
    fake_done(f);
}

/* ---- Out of memory ------------------------------------------------------- */

struct oom_case {
    const char *what;
    void (*setup)(struct fake *f);
    unsigned long gfn, mfn;
    unsigned int order;
    enum p2m_type t;
    unsigned int tables; /* allocations the change needs */
};

static void setup_empty(struct fake *f)
{
}

static void setup_1g(struct fake *f)
{
    set_ok(f, 0, MFN_RAM, 18, p2m_ram_rw);
    set_ok(f, 5 * GFN_1G, MFN_RAM, 18, p2m_mmio_dm);
}

static void setup_2m(struct fake *f)
{
    set_ok(f, GFN_2M, MFN_RAM, 9, p2m_ram_rw);
    set_ok(f, 0, MFN_RAM + GFN_2M, 0, p2m_special);
}

static const struct oom_case oom_cases[] = {
    {"4K into nothing", setup_empty, 0x12345, 1, 0, p2m_ram_rw, 3},
    {"2M into nothing", setup_empty, 7 * GFN_2M, 0, 9, p2m_ram_rw, 2},
    {"1G into nothing", setup_empty, GFN_1G, 0, 18, p2m_ram_rw, 1},
    {"4K into a 1G", setup_1g, 0x12345, 1, 0, p2m_foreign, 2},
    {"16K into a 1G", setup_1g, 0x12340, 0, 2, p2m_ram_rw, 2},
    {"2M into a 1G", setup_1g, 7 * GFN_2M, 0, 9, p2m_ram_rw, 1},
    {"4M into a 1G", setup_1g, 8 * GFN_2M, 0, 10, p2m_ram_rw, 1},
    {"4K out of a 1G", setup_1g, 0x12345, 0, 0, p2m_invalid, 2},
    {"2M out of a 1G", setup_1g, 4 * GFN_2M, 0, 9, p2m_invalid, 1},
    {"4K into a mmio 1G", setup_1g, 5 * GFN_1G + 3, 9, 0, p2m_ram_rw, 2},
    {"4K into a 2M", setup_2m, GFN_2M + 3, 9, 0, p2m_ram_rw, 1},
    {"4K out of a 2M", setup_2m, GFN_2M + 3, 0, 0, p2m_invalid, 1},
    {"4K next to a 4K", setup_2m, 1, 9, 0, p2m_ram_rw, 0},
    {"2M next to a 2M", setup_2m, 2 * GFN_2M, 0, 9, p2m_ram_rw, 0},
};

static void run_oom_case(const struct oom_case *c)
{
    struct fake *f = fake_new();
    struct snapshot s;
    unsigned int k;

    c->setup(f);
    snap_take(f, &s);
    for (k = 0; k < c->tables; k++) {
        f->fail_in = k;
        if (p2m_set_entry(&f->p2m, _gfn(c->gfn), _mfn(c->mfn), c->order,
                          c->t) != -ENOMEM)
            fail_msg("%s: no -ENOMEM with allocation %u failing", c->what, k);
        snap_same(f, &s);
    }
    f->fail_in = c->tables; /* exactly enough */
    if (p2m_set_entry(&f->p2m, _gfn(c->gfn), _mfn(c->mfn), c->order, c->t))
        fail_msg("%s: failed with %u tables to spare", c->what, c->tables);
    f->fail_in = -1;
    check_p2m(f);
    expect_get(f, c->gfn, c->t == p2m_invalid ? INVALID_MFN_RAW : c->mfn,
               c->t, c->order >= 18 ? 18 : c->order >= 9 ? 9 : 0);
    free(s.x);
    fake_done(f);
}

static void test_enomem_every_point(void **state)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(oom_cases); i++)
        run_oom_case(&oom_cases[i]);
}

/* ---- The hypervisor's half ----------------------------------------------- */

static void test_upper_half_untouched(void **state)
{
    struct fake *f = fake_new();
    uint64_t *root = f->pages[fake_index(f, f->p2m.root)];
    uint64_t upper[256];
    struct extents *x;
    unsigned int i;

    /* Entries that would be noticed if followed: frames the fake lacks. */
    for (i = 0; i < 256; i++)
        upper[i] = root[256 + i] = (0xfff00ULL + i) << 12 | 0x63 |
                                   (i & 1 ? PS : 0);
    set_ok(f, P2M_MAX_GFN - GFN_1G, MFN_RAM, 18, p2m_ram_rw);
    set_ok(f, P2M_MAX_GFN - 1, MFN_RAM, 0, p2m_ram_rw);
    set_ok(f, 0, MFN_RAM, 18, p2m_ram_rw);
    set_ok(f, 0, 0, 18, p2m_invalid);
    assert_memory_equal(&root[256], upper, sizeof(upper));
    x = extents_of(f);
    assert_int_equal(x->nr, 2);
    assert_int_equal(x->e[1].gfn + x->e[1].nr, P2M_MAX_GFN);
    free(x);
    expect_get(f, P2M_MAX_GFN, INVALID_MFN_RAW, p2m_invalid, 0);
    check_p2m(f);
    assert_memory_equal(&root[256], upper, sizeof(upper));
    fake_done(f); /* would fail if teardown followed an upper entry */
}

/* ---- Randomised run against a shadow ------------------------------------- */

#define SHADOW_BASE (GFN_1G - 8192)  /* straddles an L3 boundary */
#define SHADOW_NR   16384UL          /* 64 MiB of gfns */

struct shadow {
    unsigned long mfn[SHADOW_NR];
    uint8_t t[SHADOW_NR];
};

/* The extents the shadow says the p2m has. */
static void shadow_extents(const struct shadow *sh, struct extents *x)
{
    unsigned long i;

    x->nr = 0;
    for (i = 0; i < SHADOW_NR; i++) {
        struct extent *last = x->nr ? &x->e[x->nr - 1] : NULL;

        if (sh->t[i] == p2m_invalid)
            continue;
        if (last && last->t == sh->t[i] &&
            last->gfn + last->nr == SHADOW_BASE + i &&
            last->mfn + last->nr == sh->mfn[i]) {
            last->nr++;
            continue;
        }
        assert_true(x->nr < ARRAY_SIZE(x->e));
        x->e[x->nr++] = (struct extent){SHADOW_BASE + i, sh->mfn[i], 1,
                                        sh->t[i]};
    }
}

static void shadow_compare(struct fake *f, const struct shadow *sh)
{
    struct extents *want = calloc(1, sizeof(*want)), *got = extents_of(f);
    unsigned long i, per_type[p2m_nr_types] = {0};

    assert_non_null(want);
    shadow_extents(sh, want);
    assert_int_equal(got->nr, want->nr);
    assert_memory_equal(got->e, want->e, want->nr * sizeof(want->e[0]));
    for (i = 0; i < SHADOW_NR; i++) {
        enum p2m_type t;
        mfn_t m = p2m_get_entry(&f->p2m, _gfn(SHADOW_BASE + i), &t, NULL);

        assert_int_equal(t, sh->t[i]);
        assert_int_equal(mfn_x(m),
                         t == p2m_invalid ? INVALID_MFN_RAW : sh->mfn[i]);
        per_type[sh->t[i]]++;
    }
    for (i = 1; i < p2m_nr_types; i++)
        assert_int_equal(f->p2m.entries[i], per_type[i]);
    check_p2m(f);
    free(want);
    free(got);
}

/* One random change, made to both; sometimes with an allocation failing. */
static void shadow_step_typed(struct fake *f, struct shadow *sh, uint64_t *seed,
                              bool mostly_ram)
{
    unsigned int order = rnd_below(seed, 10) < 7 ? 0 : 9, r;
    unsigned long nr = 1UL << order, i;
    unsigned long off = rnd_below(seed, SHADOW_NR) & ~(nr - 1);
    unsigned long gfn = SHADOW_BASE + off, mfn;
    enum p2m_type t = (enum p2m_type)rnd_below(seed, p2m_nr_types);
    int rc;

    if (mostly_ram && rnd_below(seed, 10) < 8)
        t = p2m_ram_rw;
    r = rnd_below(seed, 4);
    if (r < 2) /* identity-like, so that neighbours merge */
        mfn = MFN_RAM + gfn;
    else
        mfn = (rnd_below(seed, 1UL << 30)) & ~(nr - 1);
    f->fail_in = rnd_below(seed, 20) == 0 ? (long)rnd_below(seed, 3) : -1;
    rc = p2m_set_entry(&f->p2m, _gfn(gfn), _mfn(mfn), order, t);
    f->fail_in = -1;
    if (rc == -ENOMEM)
        return; /* the shadow comparison shows the map is unchanged */
    assert_int_equal(rc, 0);
    for (i = 0; i < nr; i++) {
        sh->t[off + i] = t;
        sh->mfn[off + i] = mfn + i;
    }
}

static void shadow_step(struct fake *f, struct shadow *sh, uint64_t *seed)
{
    shadow_step_typed(f, sh, seed, false);
}

static void test_randomised_shadow(void **state)
{
    struct fake *f = fake_new();
    struct shadow *sh = calloc(1, sizeof(*sh));
    uint64_t seed = 0x5eed;
    unsigned int op;

    assert_non_null(sh);
    for (op = 0; op < 20000; op++) {
        shadow_step(f, sh, &seed);
        if (op % 500 == 0)
            shadow_compare(f, sh);
        if (op == 10000) { /* clear everything: all tables go */
            set_ok(f, 0, 0, 18, p2m_invalid);
            set_ok(f, GFN_1G, 0, 18, p2m_invalid);
            memset(sh, 0, sizeof(*sh));
            assert_int_equal(f->p2m.table_frames, 1);
        }
    }
    shadow_compare(f, sh);
    free(sh);
    fake_done(f);
}

/* ---- Moving entries (common/p2m_move.c) ---------------------------------- */

/* Same extents and per-type counts as s (tables may have been split). */
static void same_meaning(struct fake *f, struct snapshot *s)
{
    struct extents *x = extents_of(f);

    assert_int_equal(x->nr, s->x->nr);
    assert_memory_equal(x->e, s->x->e, s->x->nr * sizeof(x->e[0]));
    assert_memory_equal(f->p2m.entries, s->entries, sizeof(s->entries));
    free(x);
    check_p2m(f);
}

static void move_ok(struct fake *f, unsigned long src, unsigned long dst,
                    unsigned long nr)
{
    assert_int_equal(p2m_move(&f->p2m, _gfn(src), _gfn(dst), nr), 0);
    check_p2m(f);
}

static void test_move_keeps_superpages(void **state)
{
    struct fake *f = fake_new();
    struct extents *x;

    set_ok(f, GFN_1G, MFN_RAM, 18, p2m_ram_rw);
    set_ok(f, GFN_1G + GFN_1G, MFN_RAM + GFN_1G, 9, p2m_ram_rw);
    move_ok(f, GFN_1G, 8 * GFN_1G, GFN_1G + GFN_2M);
    expect_get(f, 8 * GFN_1G + 5, MFN_RAM + 5, p2m_ram_rw, 18);
    expect_get(f, 9 * GFN_1G + 7, MFN_RAM + GFN_1G + 7, p2m_ram_rw, 9);
    expect_get(f, GFN_1G, INVALID_MFN_RAW, p2m_invalid, 18);
    x = extents_of(f);
    assert_int_equal(x->nr, 1);
    assert_extent(x, 0, 8 * GFN_1G, MFN_RAM, GFN_1G + GFN_2M, p2m_ram_rw);
    free(x);
    assert_int_equal(f->p2m.entries[p2m_ram_rw], GFN_1G + GFN_2M);
    fake_done(f);
}

static void test_move_misaligned(void **state)
{
    struct fake *f = fake_new();
    struct extents *x;

    /* A 2M leaf moved 3 frames off alignment: 4K pieces, same frames. */
    set_ok(f, 4 * GFN_2M, MFN_RAM, 9, p2m_ram_rw);
    move_ok(f, 4 * GFN_2M, 10 * GFN_2M + 3, GFN_2M);
    expect_get(f, 10 * GFN_2M + 3, MFN_RAM, p2m_ram_rw, 0);
    expect_get(f, 11 * GFN_2M + 2, MFN_RAM + GFN_2M - 1, p2m_ram_rw, 0);
    x = extents_of(f);
    assert_int_equal(x->nr, 1);
    assert_extent(x, 0, 10 * GFN_2M + 3, MFN_RAM, GFN_2M, p2m_ram_rw);
    free(x);
    fake_done(f);
}

static void test_move_part_of_leaves(void **state)
{
    struct fake *f = fake_new();
    struct extents *x;

    /* Out of the middle of a 1G leaf: both ends are split, the rest stays. */
    set_ok(f, 0, MFN_RAM, 18, p2m_ram_rw);
    move_ok(f, GFN_2M + 5, 4 * GFN_1G + 5, 3 * GFN_2M);
    x = extents_of(f);
    assert_int_equal(x->nr, 3);
    assert_extent(x, 0, 0, MFN_RAM, GFN_2M + 5, p2m_ram_rw);
    assert_extent(x, 1, 4 * GFN_2M + 5, MFN_RAM + 4 * GFN_2M + 5,
                  GFN_1G - 4 * GFN_2M - 5, p2m_ram_rw);
    assert_extent(x, 2, 4 * GFN_1G + 5, MFN_RAM + GFN_2M + 5, 3 * GFN_2M,
                  p2m_ram_rw);
    free(x);
    /* Same alignment offset at both ends: 2M pieces in the middle. */
    expect_get(f, 4 * GFN_1G + GFN_2M + 9, MFN_RAM + 2 * GFN_2M + 9,
               p2m_ram_rw, 9);
    assert_int_equal(f->p2m.entries[p2m_ram_rw], GFN_1G);
    fake_done(f);
}

static void test_move_extents(void **state)
{
    struct fake *f = fake_new();
    struct extents *x;

    set_ok(f, 100, 0x500, 0, p2m_ram_rw);
    set_ok(f, 101, 0x501, 0, p2m_ram_rw);
    set_ok(f, 102, 0x900, 0, p2m_ram_rw);
    set_ok(f, 103, 0x77, 0, p2m_ram_rw);
    set_ok(f, 104, 0x12, 0, p2m_ram_rw);
    move_ok(f, 100, 0x10000, 5);
    x = extents_of(f);
    assert_int_equal(x->nr, 4);
    assert_extent(x, 0, 0x10000, 0x500, 2, p2m_ram_rw);
    assert_extent(x, 1, 0x10002, 0x900, 1, p2m_ram_rw);
    assert_extent(x, 2, 0x10003, 0x77, 1, p2m_ram_rw);
    assert_extent(x, 3, 0x10004, 0x12, 1, p2m_ram_rw);
    free(x);
    /* Back again, next to where they were. */
    move_ok(f, 0x10000, 95, 5);
    expect_get(f, 97, 0x900, p2m_ram_rw, 0);
    expect_get(f, 99, 0x12, p2m_ram_rw, 0);
    expect_get(f, 100, INVALID_MFN_RAW, p2m_invalid, 0);
    fake_done(f);
}

/*
 * Only RAM moves: a hypervisor page (an ioreq page in a device model's
 * physmap), an emulated frame or a foreign mapping anywhere in the source
 * -- first, last or inside a superpage's worth of RAM -- refuses the move.
 */
static void test_move_only_ram(void **state)
{
    static const enum p2m_type other[] = {p2m_special, p2m_mmio_dm,
                                          p2m_foreign};
    static const unsigned long at[] = {0, 700, 1023};
    struct fake *f = fake_new();
    struct snapshot s;
    unsigned int i, j;

    set_ok(f, 0, MFN_RAM, 9, p2m_ram_rw);
    set_ok(f, 512, MFN_RAM + 512, 9, p2m_ram_rw);
    for (i = 0; i < ARRAY_SIZE(other); i++) {
        for (j = 0; j < ARRAY_SIZE(at); j++) {
            mfn_t was = p2m_get_entry(&f->p2m, _gfn(at[j]), NULL, NULL);

            set_ok(f, at[j], 0x900, 0, other[i]);
            snap_take(f, &s);
            assert_int_equal(p2m_move(&f->p2m, _gfn(0), _gfn(4 * GFN_1G),
                                      1024), -EINVAL);
            assert_int_equal(p2m_move(&f->p2m, _gfn(at[j]), _gfn(GFN_1G), 1),
                             -EINVAL);
            snap_same(f, &s);
            free(s.x);
            set_ok(f, at[j], mfn_x(was), 0, p2m_ram_rw);
        }
    }
    move_ok(f, 0, 4 * GFN_1G, 1024);
    fake_done(f);
}

static void test_move_refusals(void **state)
{
    struct fake *f = fake_new();
    struct snapshot s;

    set_ok(f, 0, MFN_RAM, 9, p2m_ram_rw);
    set_ok(f, GFN_1G, MFN_RAM, 0, p2m_special);
    snap_take(f, &s);
    assert_int_equal(p2m_move(&f->p2m, _gfn(0), _gfn(GFN_1G), 0), -EINVAL);
    /* Overlapping source and destination, either way. */
    assert_int_equal(p2m_move(&f->p2m, _gfn(0), _gfn(8), 16), -EINVAL);
    assert_int_equal(p2m_move(&f->p2m, _gfn(8), _gfn(0), 16), -EINVAL);
    /* Beyond the guest-physical space, and wrapping. */
    assert_int_equal(p2m_move(&f->p2m, _gfn(0), _gfn(P2M_MAX_GFN - 1), 2),
                     -EINVAL);
    assert_int_equal(p2m_move(&f->p2m, _gfn(P2M_MAX_GFN), _gfn(0), 1),
                     -EINVAL);
    /* Nor to or from the lower half's last page, which no guest has. */
    assert_int_equal(p2m_move(&f->p2m, _gfn(0), _gfn(P2M_GUEST_MAX_GFN), 1),
                     -EINVAL);
    assert_int_equal(p2m_move(&f->p2m, _gfn(P2M_GUEST_MAX_GFN), _gfn(0), 1),
                     -EINVAL);
    assert_int_equal(p2m_move(&f->p2m, _gfn(0), _gfn(4 * GFN_1G), ~0UL),
                     -EINVAL);
    /* A source with a hole in it. */
    assert_int_equal(p2m_move(&f->p2m, _gfn(500), _gfn(GFN_2M), 20),
                     -EINVAL);
    /* A destination in use, at its last frame. */
    assert_int_equal(p2m_move(&f->p2m, _gfn(0), _gfn(GFN_1G - 511), 512),
                     -EBUSY);
    snap_same(f, &s);
    free(s.x);
    fake_done(f);
}

/* -ENOMEM at every allocation a move makes: nothing a guest sees changes. */
static void test_move_enomem_every_point(void **state)
{
    struct fake *f = fake_new();
    struct snapshot s;
    struct extents *x;
    unsigned int k;

    set_ok(f, 0, MFN_RAM, 18, p2m_ram_rw);
    set_ok(f, GFN_1G, MFN_RAM + GFN_1G, 0, p2m_special);
    snap_take(f, &s);
    for (k = 0;; k++) {
        int rc;

        f->fail_in = k;
        rc = p2m_move(&f->p2m, _gfn(7), _gfn(3 * GFN_1G + 2 * GFN_2M + 7),
                      3 * GFN_2M);
        f->fail_in = -1;
        if (!rc)
            break;
        assert_int_equal(rc, -ENOMEM);
        same_meaning(f, &s);
        assert_true(k < 20);
    }
    assert_true(k >= 4); /* both splits and the destination's tables */
    check_p2m(f);
    x = extents_of(f);
    assert_int_equal(x->nr, 4);
    assert_extent(x, 0, 0, MFN_RAM, 7, p2m_ram_rw);
    assert_extent(x, 1, 3 * GFN_2M + 7, MFN_RAM + 3 * GFN_2M + 7,
                  GFN_1G - 3 * GFN_2M - 7, p2m_ram_rw);
    assert_extent(x, 2, GFN_1G, MFN_RAM + GFN_1G, 1, p2m_special);
    assert_extent(x, 3, 3 * GFN_1G + 2 * GFN_2M + 7, MFN_RAM + 7, 3 * GFN_2M,
                  p2m_ram_rw);
    free(x);
    free(s.x);
    fake_done(f);
}

/* Random moves inside the shadow window, checked against the shadow. */
static void test_move_randomised_shadow(void **state)
{
    struct fake *f = fake_new();
    struct shadow *sh = calloc(1, sizeof(*sh));
    uint64_t seed = 0x30e;
    unsigned int op;

    assert_non_null(sh);
    for (op = 0; op < 400; op++)
        shadow_step_typed(f, sh, &seed, true);
    for (op = 0; op < 3000; op++) {
        unsigned long nr = 1 + rnd_below(&seed, op % 3 ? 64 : 1500);
        unsigned long s = rnd_below(&seed, SHADOW_NR - nr);
        unsigned long d = rnd_below(&seed, SHADOW_NR - nr), i;
        bool ram = true, empty = true;
        int rc;

        for (i = 0; i < nr; i++) {
            ram &= sh->t[s + i] == p2m_ram_rw;
            empty &= sh->t[d + i] == p2m_invalid;
        }
        f->fail_in = rnd_below(&seed, 8) == 0 ? (long)rnd_below(&seed, 4) : -1;
        rc = p2m_move(&f->p2m, _gfn(SHADOW_BASE + s), _gfn(SHADOW_BASE + d),
                      nr);
        f->fail_in = -1;
        if (s < d + nr && d < s + nr)
            assert_int_equal(rc, -EINVAL);
        else if (!ram)
            assert_int_equal(rc, -EINVAL);
        else if (!empty)
            assert_int_equal(rc, -EBUSY);
        else if (rc != -ENOMEM) {
            assert_int_equal(rc, 0);
            memcpy(&sh->mfn[d], &sh->mfn[s], nr * sizeof(sh->mfn[0]));
            memcpy(&sh->t[d], &sh->t[s], nr);
            memset(&sh->t[s], p2m_invalid, nr);
        }
        if (op % 2 == 0) /* and put something back to move */
            shadow_step_typed(f, sh, &seed, true);
        if (op % 250 == 0)
            shadow_compare(f, sh);
    }
    shadow_compare(f, sh);
    free(sh);
    fake_done(f);
}

/* ---- Teardown ------------------------------------------------------------ */

static void test_teardown_frees_all(void **state)
{
    struct fake *f = fake_new();
    uint64_t seed = 7;
    unsigned int i;

    for (i = 0; i < 200; i++) {
        unsigned long gfn = rnd_below(&seed, P2M_MAX_GFN);

        set_ok(f, gfn, gfn, 0, (enum p2m_type)(1 + i % 4));
    }
    set_ok(f, 40 * GFN_1G, MFN_RAM, 18, p2m_ram_rw);
    set_ok(f, 41 * GFN_1G, MFN_RAM, 9, p2m_ram_rw);
    check_p2m(f);
    assert_true(f->in_use > 100);
    fake_done(f); /* checks the allocator is back to nothing */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_teardown),
        cmocka_unit_test(test_set_get_sizes),
        cmocka_unit_test(test_superpage_choice),
        cmocka_unit_test(test_split_keeps_the_rest),
        cmocka_unit_test(test_remove),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_extent_merging),
        cmocka_unit_test(test_extent_stop),
        cmocka_unit_test(test_extent_walk_cost),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_enomem_every_point),
        cmocka_unit_test(test_upper_half_untouched),
        cmocka_unit_test(test_randomised_shadow),
        cmocka_unit_test(test_move_keeps_superpages),
        cmocka_unit_test(test_move_misaligned),
        cmocka_unit_test(test_move_part_of_leaves),
        cmocka_unit_test(test_move_extents),
        cmocka_unit_test(test_move_only_ram),
        cmocka_unit_test(test_move_refusals),
        cmocka_unit_test(test_move_enomem_every_point),
        cmocka_unit_test(test_move_randomised_shadow),
        cmocka_unit_test(test_teardown_frees_all),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
