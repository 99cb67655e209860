/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the guest memory-map editor (xen/common/memmap.c): the
 * hole size from MiB, layouts of RAM around the MMIO hole and reserved
 * ranges (below the hole, in it, above 4 GiB, overlapping, at 0), every
 * refusal of a layout, relocation of the RAM right below the hole to 4 GiB
 * and above (in one go and chunk by chunk from the top, as the hypervisor
 * does it), every refusal of a relocation leaving the map as it was, the
 * queries, export and import (round trips, and every malformed import),
 * and parsing "START-END" ranges.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <xen/compiler.h>
#include <xen/errno.h>
#include <xen/memmap.h>
#include <xen/p2m.h>
#include "harness.h"

#define MIB(n)  ((unsigned long)(n) << 8) /* frames in n MiB */
#define G4      MEMMAP_GFN_4G

struct want {
    unsigned long gfn, nr;
    unsigned int type;
};

/* The export of m is exactly want[0, n). */
static void expect_map(const struct memmap *m, const struct want *want,
                       unsigned int n)
{
    struct memmap_range out[MEMMAP_MAX_EXPORT];
    unsigned int got = memmap_export(m, out, MEMMAP_MAX_EXPORT), i;

    for (i = 0; i < got && i < n; i++) {
        if (out[i].gfn != want[i].gfn || out[i].nr != want[i].nr ||
            out[i].type != want[i].type)
            fail_msg("range %u: got %#lx+%#lx type %u, want %#lx+%#lx type "
                     "%u", i, out[i].gfn, out[i].nr, out[i].type,
                     want[i].gfn, want[i].nr, want[i].type);
    }
    assert_int_equal(got, n);
}

/* Two maps hold the same ranges, hole and generation (padding aside). */
static void same_map(const struct memmap *a, const struct memmap *b)
{
    unsigned int i;

    assert_int_equal(a->hole_start, b->hole_start);
    assert_int_equal(a->generation, b->generation);
    assert_int_equal(a->nr, b->nr);
    for (i = 0; i < a->nr; i++) {
        assert_int_equal(a->r[i].gfn, b->r[i].gfn);
        assert_int_equal(a->r[i].nr, b->r[i].nr);
        assert_int_equal(a->r[i].type, b->r[i].type);
    }
}

static void build_ok(struct memmap *m, unsigned long ram, unsigned long hole,
                     const struct memmap_range *rdm, unsigned int nr_rdm)
{
    const char *why = NULL;

    if (memmap_build(m, ram, hole, rdm, nr_rdm, &why))
        fail_msg("build refused: %s", why);
    assert_int_equal(m->generation, 1);
    assert_int_equal(memmap_ram_frames(m), ram);
}

static void test_hole_size(void **state)
{
    unsigned long start = 0;
    const char *why = NULL;

    assert_int_equal(memmap_hole_start(0, &start, &why), 0);
    assert_int_equal(start, 0xf0000);
    assert_int_equal(memmap_hole_start(256, &start, &why), 0);
    assert_int_equal(start, 0xf0000);
    assert_int_equal(memmap_hole_start(1024, &start, &why), 0);
    assert_int_equal(start, 0xc0000);
    assert_int_equal(memmap_hole_start(4032, &start, &why), 0);
    assert_int_equal(start, MEMMAP_HOLE_MIN);
    start = 7;
    assert_int_equal(memmap_hole_start(255, &start, &why), -EINVAL);
    assert_string_equal(why, "the MMIO hole must be 256 to 4032 MiB");
    assert_int_equal(memmap_hole_start(4033, &start, &why), -EINVAL);
    assert_int_equal(start, 7);
}

static void test_build_below_the_hole(void **state)
{
    struct memmap m;
    const struct want w[] = {{0, MIB(32), MEMMAP_RAM},
                             {0xf0000, 0x10000, MEMMAP_MMIO}};

    build_ok(&m, MIB(32), 0xf0000, NULL, 0);
    expect_map(&m, w, 2);
    assert_int_equal(m.hole_start, 0xf0000);
    assert_int_equal(memmap_low_ram_end(&m), MIB(32));
}

static void test_build_split_by_the_hole(void **state)
{
    struct memmap m;
    const struct want w[] = {{0, MIB(80), MEMMAP_RAM},
                             {MIB(80), G4 - MIB(80), MEMMAP_MMIO},
                             {G4, MIB(16), MEMMAP_RAM}};

    build_ok(&m, MIB(96), MIB(80), NULL, 0);
    expect_map(&m, w, 3);
    assert_int_equal(memmap_low_ram_end(&m), MIB(80));
    /* Filling the low part exactly leaves nothing above 4 GiB. */
    build_ok(&m, MIB(80), MIB(80), NULL, 0);
    expect_map(&m, w, 2);
}

static void test_build_around_reserved(void **state)
{
    /* Below the hole, overlapping each other, in the hole, above 4 GiB. */
    const struct memmap_range rdm[] = {
        {MIB(8), MIB(1), 0},          {MIB(8) + 16, MIB(2), 0},
        {0xfed00, 4, 0},              {G4 + MIB(4), MIB(1), 0},
        {0, 1, 0},
    };
    const struct want w[] = {
        {0, 1, MEMMAP_RDM},
        {1, MIB(8) - 1, MEMMAP_RAM},
        {MIB(8), MIB(2) + 16, MEMMAP_RDM},
        {MIB(10) + 16, MIB(70) - 16, MEMMAP_RAM},
        {MIB(80), 0xfed00 - MIB(80), MEMMAP_MMIO},
        {0xfed00, 4, MEMMAP_RDM},
        {0xfed04, G4 - 0xfed04, MEMMAP_MMIO},
        {G4, MIB(4), MEMMAP_RAM},
        {G4 + MIB(4), MIB(1), MEMMAP_RDM},
        {G4 + MIB(5), MIB(18) + 17 - MIB(4), MEMMAP_RAM},
    };
    struct memmap m;

    build_ok(&m, MIB(96), MIB(80), rdm, 5);
    expect_map(&m, w, 10);
    assert_true(memmap_overlaps(&m, MIB(9), 1, MEMMAP_NOT_RAM));
    assert_false(memmap_overlaps(&m, MIB(9), 1, MEMMAP_TYPE_BIT(MEMMAP_RAM)));
    assert_true(memmap_overlaps(&m, G4 + MIB(4) - 1, 2, MEMMAP_NOT_RAM));
    assert_false(memmap_overlaps(&m, G4 + MIB(4) - 1, 1, MEMMAP_NOT_RAM));
}

static void test_build_refusals(void **state)
{
    const struct memmap_range empty = {5, 0, 0};
    const struct memmap_range beyond = {P2M_MAX_GFN - 1, 2, 0};
    struct memmap_range many[MEMMAP_MAX_RANGES + 1];
    struct memmap m, before;
    const char *why = NULL;
    unsigned int i;

    build_ok(&m, MIB(8), 0xf0000, NULL, 0);
    before = m;
    assert_int_equal(memmap_build(&m, MIB(8), MEMMAP_HOLE_MIN - 1, NULL, 0,
                                  &why), -EINVAL);
    assert_string_equal(why, "the MMIO hole must start between 64 MiB and "
                        "4 GiB");
    assert_int_equal(memmap_build(&m, MIB(8), G4 + 1, NULL, 0, &why),
                     -EINVAL);
    assert_int_equal(memmap_build(&m, MIB(8), 0xf0000, &empty, 1, &why),
                     -EINVAL);
    assert_string_equal(why, "a reserved range is empty or beyond the "
                        "guest-physical space");
    assert_int_equal(memmap_build(&m, MIB(8), 0xf0000, &beyond, 1, &why),
                     -EINVAL);
    for (i = 0; i < ARRAY_SIZE(many); i++)
        many[i] = (struct memmap_range){MIB(100) + 2 * i, 1, 0};
    assert_int_equal(memmap_build(&m, MIB(8), 0xf0000, many, ARRAY_SIZE(many),
                                  &why), -ENOSPC);
    assert_string_equal(why, "too many reserved ranges");
    /* RAM split by reserved ranges into more pieces than the map holds. */
    assert_int_equal(memmap_build(&m, MIB(300), 0xf0000, many,
                                  MEMMAP_MAX_RANGES - 1, &why), -ENOSPC);
    assert_string_equal(why, "the RAM is split into too many ranges");
    assert_int_equal(memmap_build(&m, P2M_MAX_GFN, 0xf0000, NULL, 0, &why),
                     -E2BIG);
    assert_string_equal(why, "the RAM does not fit in the guest-physical "
                        "space");
    same_map(&m, &before);
}

/* Relocate and check it took: the hole, the generation, the RAM. */
static void relocate_ok(struct memmap *m, unsigned long first,
                        unsigned long nr, unsigned long dest)
{
    uint64_t gen = m->generation;
    unsigned long ram = memmap_ram_frames(m);
    const char *why = NULL;

    if (memmap_relocate(m, first, nr, dest, &why))
        fail_msg("relocate %#lx+%#lx to %#lx refused: %s", first, nr, dest,
                 why);
    assert_int_equal(m->generation, gen + 1);
    assert_int_equal(m->hole_start, first);
    assert_int_equal(memmap_ram_frames(m), ram);
}

/* A relocation refused with rc and why, the map left as it was. */
static void relocate_refused(struct memmap *m, unsigned long first,
                             unsigned long nr, unsigned long dest, int rc,
                             const char *want_why)
{
    struct memmap before = *m;
    const char *why = NULL;

    if (memmap_relocate(m, first, nr, dest, &why) != rc)
        fail_msg("relocate %#lx+%#lx to %#lx: not refused with %d", first, nr,
                 dest, rc);
    assert_string_equal(why, want_why);
    same_map(m, &before);
}

static void test_relocate_grows_the_hole(void **state)
{
    const struct want w1[] = {{0, MIB(68), MEMMAP_RAM},
                              {MIB(68), G4 - MIB(68), MEMMAP_MMIO},
                              {G4, MIB(28), MEMMAP_RAM}};
    const struct want w2[] = {{0, MIB(64), MEMMAP_RAM},
                              {MIB(64), G4 - MIB(64), MEMMAP_MMIO},
                              {G4, MIB(28), MEMMAP_RAM},
                              {G4 + MIB(40), MIB(4), MEMMAP_RAM}};
    struct memmap m;

    /* Moved right after the RAM above 4 GiB: one range there. */
    build_ok(&m, MIB(96), MIB(80), NULL, 0);
    relocate_ok(&m, MIB(68), MIB(12), G4 + MIB(16));
    expect_map(&m, w1, 3);
    /* And again, anywhere free above 4 GiB. */
    relocate_ok(&m, MIB(64), MIB(4), G4 + MIB(40));
    expect_map(&m, w2, 4);
}

static void test_relocate_below_a_gap(void **state)
{
    /* RAM that ends below the hole (reserved, or nothing, in between) is
     * still the RAM right below it; the hole grows over the gap. */
    const struct memmap_range rdm = {MIB(100), MIB(2), 0};
    const struct want w[] = {{0, MIB(70), MEMMAP_RAM},
                             {MIB(70), MIB(30), MEMMAP_MMIO},
                             {MIB(100), MIB(2), MEMMAP_RDM},
                             {MIB(102), G4 - MIB(102), MEMMAP_MMIO},
                             {G4, MIB(30), MEMMAP_RAM}};
    struct memmap m;

    build_ok(&m, MIB(100), 0xf0000, &rdm, 1);
    relocate_ok(&m, MIB(70), MIB(30), G4);
    expect_map(&m, w, 5);
}

/* Moving the top of the RAM below the hole a chunk at a time, from the
 * top, gives the same map as one move, and every step is a valid map. */
static void test_relocate_in_chunks(void **state)
{
    struct memmap one, chunked;
    unsigned long left = MIB(16), chunk = 512;

    build_ok(&one, MIB(96), MIB(80), NULL, 0);
    chunked = one;
    relocate_ok(&one, MIB(64), MIB(16), G4 + MIB(16));
    while (left) {
        relocate_ok(&chunked, MIB(64) + left - chunk, chunk,
                    G4 + MIB(16) + left - chunk);
        left -= chunk;
    }
    assert_int_equal(chunked.generation, 1 + MIB(16) / chunk);
    chunked.generation = one.generation;
    same_map(&chunked, &one);
}

static void test_relocate_refusals(void **state)
{
    const struct memmap_range rdm[] = {{MIB(72), 16, 0},
                                       {G4 + MIB(20), MIB(1), 0}};
    struct memmap m;
    struct {
        unsigned long first, nr, dest;
        int rc;
        const char *why;
    } bad[] = {
        {MIB(76), 0, G4 + MIB(40), -EINVAL,
         "the range to move is empty or beyond the guest-physical space"},
        {MIB(76), ~0UL, G4 + MIB(40), -EINVAL,
         "the range to move is empty or beyond the guest-physical space"},
        {MIB(70), MIB(10), G4 + MIB(40), -EINVAL,
         "the range to move is not all RAM"},          /* over an RDM */
        {MIB(80), 1, G4 + MIB(40), -EINVAL,
         "the range to move is not all RAM"},          /* the hole */
        {MIB(60), MIB(4), G4 + MIB(40), -EINVAL,
         "the range to move is not the RAM right below the MMIO hole"},
        {MIB(76), MIB(2), G4 + MIB(40), -EINVAL,
         "the range to move is not the RAM right below the MMIO hole"},
        {MIB(76), MIB(4), MIB(90), -EINVAL,
         "the destination must be at or above 4 GiB, inside the "
         "guest-physical space"},
        {MIB(76), MIB(4), P2M_MAX_GFN - 1, -EINVAL,
         "the destination must be at or above 4 GiB, inside the "
         "guest-physical space"},
        {MIB(76), MIB(4), G4 + MIB(18), -EPERM,
         "the destination overlaps a reserved range"},
        {MIB(76), MIB(4), G4 + MIB(4), -EBUSY,
         "the destination overlaps RAM"},
    };
    unsigned int i;

    build_ok(&m, MIB(96), MIB(80), rdm, 2);
    for (i = 0; i < ARRAY_SIZE(bad); i++)
        relocate_refused(&m, bad[i].first, bad[i].nr, bad[i].dest, bad[i].rc,
                         bad[i].why);
    /* The floor: a hole may grow down to 64 MiB, not further. */
    build_ok(&m, MIB(96), MIB(66), NULL, 0);
    relocate_ok(&m, MIB(64), MIB(2), G4 + MIB(40));
    relocate_refused(&m, MIB(63), MIB(1), G4 + MIB(50), -EINVAL,
                     "the MMIO hole would start below 64 MiB");
    /* The lower half's last page is never a guest's; the one below may be. */
    build_ok(&m, MIB(96), MIB(80), NULL, 0);
    relocate_refused(&m, MIB(80) - 1, 1, P2M_GUEST_MAX_GFN, -EINVAL,
                     "the destination must be at or above 4 GiB, inside the "
                     "guest-physical space");
    relocate_ok(&m, MIB(80) - 1, 1, P2M_GUEST_MAX_GFN - 1);
}

static void test_relocate_map_full(void **state)
{
    struct memmap_range rdm[MEMMAP_MAX_RANGES - 3];
    struct memmap m;
    unsigned int i;

    /* Reserved ranges above 4 GiB leave room for one more range only. */
    for (i = 0; i < ARRAY_SIZE(rdm); i++)
        rdm[i] = (struct memmap_range){G4 + MIB(100) + 2 * i, 1, 0};
    build_ok(&m, MIB(96), MIB(80), rdm, ARRAY_SIZE(rdm));
    assert_int_equal(m.nr, MEMMAP_MAX_RANGES - 1);
    relocate_ok(&m, MIB(79), MIB(1), G4 + MIB(16)); /* merges: no new range */
    relocate_ok(&m, MIB(78), MIB(1), G4 + MIB(30)); /* a new range */
    relocate_refused(&m, MIB(77), MIB(1), G4 + MIB(40), -ENOSPC,
                     "the memory map is full");
}

static void test_queries(void **state)
{
    const struct memmap_range rdm = {MIB(4), MIB(1), 0};
    struct memmap m;

    build_ok(&m, MIB(32), 0xf0000, &rdm, 1);
    assert_true(memmap_is_ram(&m, 0, MIB(4)));
    assert_true(memmap_is_ram(&m, MIB(5), MIB(28)));
    assert_false(memmap_is_ram(&m, MIB(3), MIB(2)));
    assert_false(memmap_is_ram(&m, MIB(32), MIB(2)));
    assert_true(memmap_in_hole(&m, 0xf0000, 0x10000));
    assert_true(memmap_in_hole(&m, 0xfffff, 1));
    assert_false(memmap_in_hole(&m, 0xeffff, 2));
    assert_false(memmap_in_hole(&m, 0xfffff, 2));
    assert_false(memmap_in_hole(&m, G4, 1));
    assert_int_equal(memmap_low_ram_end(&m), MIB(33));
    assert_int_equal(memmap_first_free(&m, MIB(33), 1), MIB(33));
    assert_int_equal(memmap_first_free(&m, MIB(4) - 1, 1), MIB(33));
    assert_int_equal(memmap_first_free(&m, 0x100000 + 5, 3), 0x100005);
    memmap_init(&m);
    assert_int_equal(memmap_low_ram_end(&m), 0);
    assert_int_equal(memmap_ram_frames(&m), 0);
    assert_int_equal(m.hole_start, G4);
}

static void test_export_truncates(void **state)
{
    struct memmap_range out[2];
    struct memmap m;

    build_ok(&m, MIB(96), MIB(80), NULL, 0);
    memset(out, 0, sizeof(out));
    assert_int_equal(memmap_export(&m, out, 2), 3);
    assert_int_equal(out[1].type, MEMMAP_MMIO);
    assert_int_equal(memmap_export(&m, NULL, 0), 3);
}

static void test_import_round_trip(void **state)
{
    const struct memmap_range rdm[] = {{MIB(8), MIB(1), 0},
                                       {0xfed00, 4, 0},
                                       {G4 + MIB(4), MIB(1), 0},
                                       {G4 - 16, 32, 0}};
    struct memmap_range out[MEMMAP_MAX_EXPORT];
    struct memmap m, back;
    unsigned int n;
    const char *why = NULL;

    build_ok(&m, MIB(96), MIB(80), rdm, 4);
    relocate_ok(&m, MIB(72), MIB(8), G4 + MIB(30));
    n = memmap_export(&m, out, MEMMAP_MAX_EXPORT);
    if (memmap_import(&back, out, n, m.generation, &why))
        fail_msg("import refused: %s", why);
    same_map(&back, &m);
    /* Ranges of a type split in two by another writer merge again. */
    out[0].nr = MIB(4);
    memmove(&out[2], &out[1], (n - 1) * sizeof(out[0]));
    out[1] = (struct memmap_range){MIB(4), MIB(4), MEMMAP_RAM};
    assert_int_equal(memmap_import(&back, out, n + 1, m.generation, &why), 0);
    same_map(&back, &m);
    /* No MMIO at all: no hole. */
    out[0] = (struct memmap_range){0, MIB(4), MEMMAP_RAM};
    assert_int_equal(memmap_import(&back, out, 1, 9, &why), 0);
    assert_int_equal(back.hole_start, G4);
    assert_int_equal(back.generation, 9);
}

static void test_import_refusals(void **state)
{
    struct {
        struct memmap_range r[4];
        unsigned int n;
        const char *why;
    } bad[] = {
        {{{0, 0, MEMMAP_RAM}}, 1,
         "a range is empty, out of the guest-physical space or of no known "
         "type"},
        {{{P2M_MAX_GFN, 1, MEMMAP_RAM}}, 1,
         "a range is empty, out of the guest-physical space or of no known "
         "type"},
        {{{0, 1, 5}}, 1,
         "a range is empty, out of the guest-physical space or of no known "
         "type"},
        {{{0, 1, 0}}, 1,
         "a range is empty, out of the guest-physical space or of no known "
         "type"},
        {{{10, 5, MEMMAP_RAM}, {12, 5, MEMMAP_RDM}}, 2,
         "ranges out of order or overlapping"},
        {{{10, 5, MEMMAP_RAM}, {2, 5, MEMMAP_RDM}}, 2,
         "ranges out of order or overlapping"},
        {{{0xf0000, 0x100, MEMMAP_MMIO}, {0xf0200, 0xfe00, MEMMAP_MMIO}}, 2,
         "the MMIO hole is not one run up to 4 GiB"},
        {{{0xf0000, 0x100, MEMMAP_MMIO}, {0xf0100, 0xff00, MEMMAP_RAM}}, 2,
         "the MMIO hole is not one run up to 4 GiB"},
        {{{0xf0000, 0x10000, MEMMAP_MMIO}, {G4, 1, MEMMAP_MMIO}}, 2,
         "MMIO above 4 GiB"},
        {{{0xf0000, 0x100, MEMMAP_MMIO}}, 1,
         "the MMIO hole must start at 64 MiB or above and reach 4 GiB"},
        {{{MIB(63), G4 - MIB(63), MEMMAP_MMIO}}, 1,
         "the MMIO hole must start at 64 MiB or above and reach 4 GiB"},
    };
    struct memmap_range many[MEMMAP_MAX_RANGES + 1];
    struct memmap m, before;
    const char *why = NULL;
    unsigned int i;

    build_ok(&m, MIB(8), 0xf0000, NULL, 0);
    before = m;
    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        why = NULL;
        if (memmap_import(&m, bad[i].r, bad[i].n, 5, &why) != -EINVAL)
            fail_msg("case %u not refused", i);
        assert_string_equal(why, bad[i].why);
        same_map(&m, &before);
    }
    for (i = 0; i < ARRAY_SIZE(many); i++)
        many[i] = (struct memmap_range){2 * i, 1, MEMMAP_RAM};
    assert_int_equal(memmap_import(&m, many, ARRAY_SIZE(many), 5, &why),
                     -ENOSPC);
    assert_string_equal(why, "too many ranges");
    same_map(&m, &before);
}

static void parse(const char *s, int rc, unsigned long gfn, unsigned long nr,
                  const char *want_why)
{
    struct memmap_range r = {1, 2, 3};
    const char *why = NULL;

    if (memmap_parse_range(s, s + strlen(s), &r, &why) != rc)
        fail_msg("'%s' did not give %d (%s)", s, rc, why ? why : "");
    if (rc) {
        assert_string_equal(why, want_why);
        assert_int_equal(r.gfn, 1); /* untouched */
        return;
    }
    assert_int_equal(r.gfn, gfn);
    assert_int_equal(r.nr, nr);
    assert_int_equal(r.type, MEMMAP_RDM);
}

static void test_parse_range(void **state)
{
    struct memmap_range r;
    const char *list = "0x1000-0x1fff,0x3000-0x4fff", *why = NULL;

    parse("0xfed00000-0xfed03fff", 0, 0xfed00, 4, NULL);
    parse("4096-8191", 0, 1, 1, NULL);
    parse("0x100000000-0x1000fffff", 0, G4, 0x100, NULL);
    parse("", -EINVAL, 0, 0, "expected START-END");
    parse("0x1000", -EINVAL, 0, 0, "expected START-END");
    parse("0x1000-", -EINVAL, 0, 0, "expected START-END");
    parse("0x1000-0x1fffz", -EINVAL, 0, 0, "expected START-END");
    parse("-0x1fff", -EINVAL, 0, 0, "expected START-END");
    parse("0x1001-0x1fff", -EINVAL, 0, 0, "START must be 4 KiB aligned");
    parse("0x1000-0x2000", -EINVAL, 0, 0,
          "END must be the last byte of a page (end in fff)");
    parse("0x3000-0x1fff", -EINVAL, 0, 0, "END is below START");
    parse("0-0x7fffffffffffff", -EINVAL, 0, 0,
          "beyond the guest-physical space");
    parse("0-0xffffffffffffffffff", -EINVAL, 0, 0,
          "beyond the guest-physical space"); /* saturates */
    /* An item of a list ends at the comma. */
    assert_int_equal(memmap_parse_range(list, list + 13, &r, &why), 0);
    assert_int_equal(r.gfn, 1);
    assert_int_equal(memmap_parse_range(list + 14, list + 27, &r, &why), 0);
    assert_int_equal(r.nr, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hole_size),
        cmocka_unit_test(test_build_below_the_hole),
        cmocka_unit_test(test_build_split_by_the_hole),
        cmocka_unit_test(test_build_around_reserved),
        cmocka_unit_test(test_build_refusals),
        cmocka_unit_test(test_relocate_grows_the_hole),
        cmocka_unit_test(test_relocate_below_a_gap),
        cmocka_unit_test(test_relocate_in_chunks),
        cmocka_unit_test(test_relocate_refusals),
        cmocka_unit_test(test_relocate_map_full),
        cmocka_unit_test(test_queries),
        cmocka_unit_test(test_export_truncates),
        cmocka_unit_test(test_import_round_trip),
        cmocka_unit_test(test_import_refusals),
        cmocka_unit_test(test_parse_range),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
