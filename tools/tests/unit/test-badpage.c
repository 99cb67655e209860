/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the badpage= list (xen/common/badpage.c).  Parsing is
 * checked with good lists in every base, with each kind of malformed entry
 * (where the log must name that entry and the good ones must be kept),
 * blanks, numbers too big for a frame, reversed ranges, overlapping and
 * adjacent ranges that must merge, and a full list.  badpage_keep_ram() is
 * checked against a 6 GiB style memory map: frames in holes, beyond the end
 * of RAM and above 4 GiB, ranges straddling a hole (split) and the same
 * when the list has no room to split.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/badpage.h>
#include <xen/lib.h>
#include "harness.h"

#define FRAME_4G 0x100000UL

static void bl_init(struct badpage_list *bl)
{
    memset(bl, 0, sizeof(*bl));
    log_reset();
}

static void check_range(const struct badpage_list *bl, unsigned int i,
                        unsigned long first, unsigned long last)
{
    assert_true(i < bl->nr);
    assert_int_equal(bl->ranges[i].first, first);
    assert_int_equal(bl->ranges[i].last, last);
}

/* Sorted, disjoint, not touching. */
static void check_sorted(const struct badpage_list *bl)
{
    unsigned int i;

    assert_true(bl->nr <= BADPAGE_MAX_RANGES);
    for (i = 0; i < bl->nr; i++) {
        assert_true(bl->ranges[i].first <= bl->ranges[i].last);
        if (i)
            assert_true(bl->ranges[i - 1].last + 1 < bl->ranges[i].first);
    }
}

static bool has(const struct badpage_list *bl, unsigned long m)
{
    return badpage_contains(bl, _mfn(m));
}

/* ---- Parsing ------------------------------------------------------------- */

static void test_parse_good(void **state)
{
    struct badpage_list bl;

    bl_init(&bl);
    assert_int_equal(badpage_parse(&bl, "0x1234,0x20000-0x2000f"), 0);
    assert_string_equal(log_text(), "");
    assert_int_equal(bl.nr, 2);
    check_range(&bl, 0, 0x1234, 0x1234);
    check_range(&bl, 1, 0x20000, 0x2000f);
    assert_int_equal(badpage_count(&bl), 17);
    assert_true(has(&bl, 0x1234));
    assert_true(has(&bl, 0x20000));
    assert_true(has(&bl, 0x2000f));
    assert_false(has(&bl, 0x1233));
    assert_false(has(&bl, 0x1235));
    assert_false(has(&bl, 0x1ffff));
    assert_false(has(&bl, 0x20010));
}

static void test_parse_bases(void **state)
{
    struct badpage_list bl;

    bl_init(&bl);
    /* decimal, hex, octal (leading 0), upper-case prefix, zero */
    assert_int_equal(badpage_parse(&bl, "10,0x10,010,0X20,0"), 0);
    assert_int_equal(bl.nr, 5);
    check_range(&bl, 0, 0, 0);
    check_range(&bl, 1, 8, 8);
    check_range(&bl, 2, 10, 10);
    check_range(&bl, 3, 16, 16);
    check_range(&bl, 4, 32, 32);
    /* Empty values and a trailing comma add nothing and warn of nothing. */
    assert_int_equal(badpage_parse(&bl, ""), 0);
    assert_int_equal(badpage_parse(&bl, NULL), 0);
    assert_int_equal(badpage_parse(&bl, "0x40,"), 0);
    assert_int_equal(bl.nr, 6);
    assert_string_equal(log_text(), "");
}

static void test_parse_malformed_mixed(void **state)
{
    static const char *const bad[] = {
        "abc", "0x20-", "0x30zz", "", "-7", "0x50 0x60", "08", "0x",
        "1-2-3", "0x60-zz",
    };
    struct badpage_list bl;
    char needle[64];
    unsigned int i;

    bl_init(&bl);
    assert_int_equal(badpage_parse(&bl, "abc,0x10,0x20-,0x30zz,,-7,0x40,"
                                        "0x50 0x60,08,0x,1-2-3,0x60-zz,0x70"),
                     ARRAY_SIZE(bad));
    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        snprintf(needle, sizeof(needle),
                 "<1>badpage: ignoring malformed entry '%s'", bad[i]);
        assert_true(log_contains(needle));
    }
    /* The good ones are kept and not complained about. */
    assert_int_equal(bl.nr, 3);
    check_range(&bl, 0, 0x10, 0x10);
    check_range(&bl, 1, 0x40, 0x40);
    check_range(&bl, 2, 0x70, 0x70);
    assert_false(log_contains("'0x10'"));
    assert_false(log_contains("'0x70'"));
    assert_true(log_contains("'abc' (not a number)"));
    assert_true(log_contains("'0x30zz' (trailing characters)"));
    assert_true(log_contains("'' (empty)"));
}

static void test_parse_blanks(void **state)
{
    struct badpage_list bl;

    bl_init(&bl);
    assert_int_equal(badpage_parse(&bl, " 0x10 - 0x20 ,\t5\t, 7"), 0);
    assert_int_equal(bl.nr, 3);
    check_range(&bl, 0, 5, 5);
    check_range(&bl, 1, 7, 7);
    check_range(&bl, 2, 0x10, 0x20);
    /* Only blanks: an empty entry. */
    assert_int_equal(badpage_parse(&bl, "1, ,2"), 1);
    assert_true(log_contains("malformed entry ' '"));
}

static void test_parse_huge(void **state)
{
    struct badpage_list bl;

    bl_init(&bl);
    assert_int_equal(badpage_parse(&bl, "0xffffffffffffffff"), 1);
    assert_true(log_contains("'0xffffffffffffffff' (frame number too large)"));
    /* 2^64 saturates in simple_strtoull(): still too large, not wrapped. */
    assert_int_equal(badpage_parse(&bl, "18446744073709551616"), 1);
    assert_true(log_contains("'18446744073709551616' (frame number too"));
    assert_int_equal(badpage_parse(&bl, "0x1-0xffffffffffffffff"), 1);
    assert_int_equal(badpage_parse(&bl, "0x10000000000000000"), 1);
    assert_int_equal(bl.nr, 0);
    /* The largest frame number that is a frame, and far beyond any RAM. */
    assert_int_equal(badpage_parse(&bl, "0xfffffffffffffffe,0x123456789ab"),
                     0);
    assert_true(has(&bl, 0xfffffffffffffffeUL));
    assert_true(has(&bl, 0x123456789abUL));
    assert_int_equal(badpage_count(&bl), 2);
}

static void test_parse_reversed(void **state)
{
    struct badpage_list bl;

    bl_init(&bl);
    assert_int_equal(badpage_parse(&bl, "0x20-0x10,0x30-0x30"), 1);
    assert_true(log_contains("'0x20-0x10' (last frame below first)"));
    assert_int_equal(bl.nr, 1);
    check_range(&bl, 0, 0x30, 0x30);
}

static void test_parse_merge(void **state)
{
    struct badpage_list bl;

    bl_init(&bl);
    assert_int_equal(badpage_parse(&bl, "0x10-0x20,0x15-0x30,0x31,0x5-0x10,"
                                        "0x100,0x40-0x50,0x32-0x3f,0x18"), 0);
    check_sorted(&bl);
    assert_int_equal(bl.nr, 2);
    check_range(&bl, 0, 0x5, 0x50);
    check_range(&bl, 1, 0x100, 0x100);
    assert_int_equal(badpage_count(&bl), 0x4c + 1);

    /* A second badpage= adds to the first. */
    assert_int_equal(badpage_parse(&bl, "0xff,0x52,0x101-0x200,0x51"), 0);
    assert_int_equal(bl.nr, 2);
    check_range(&bl, 0, 0x5, 0x52);
    check_range(&bl, 1, 0xff, 0x200);
    /* Above 4 GiB, overlapping in both directions. */
    assert_int_equal(badpage_parse(&bl, "0x150010-0x150020,0x150000-0x150015,"
                                        "0x15001a-0x150030"), 0);
    check_range(&bl, 2, 0x150000, 0x150030);
}

static void test_parse_full(void **state)
{
    struct badpage_list bl;
    char list[1024];
    size_t n = 0;
    unsigned int k;

    bl_init(&bl);
    for (k = 0; k < BADPAGE_MAX_RANGES; k++)
        n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%u",
                              k ? "," : "", k * 4);
    assert_int_equal(badpage_parse(&bl, list), 0);
    assert_int_equal(bl.nr, BADPAGE_MAX_RANGES);

    assert_int_equal(badpage_parse(&bl, "0x1000,5,0x2000"), 2);
    assert_true(log_contains("badpage: list full (64 ranges), ignoring entry "
                             "'0x1000'"));
    assert_true(log_contains("'0x2000'"));
    assert_true(has(&bl, 5));            /* merged with 4: no slot needed */
    assert_false(has(&bl, 0x1000));
    assert_int_equal(badpage_parse(&bl, "0-0x100"), 0);
    assert_int_equal(bl.nr, 1);
    check_range(&bl, 0, 0, 0x100);
}

static void test_parse_long_entry(void **state)
{
    struct badpage_list bl;
    char list[300], needle[64];

    bl_init(&bl);
    memset(list, 'z', 200);
    strcpy(list + 200, ",0x99");
    memset(needle, 'z', 48);
    strcpy(needle + 48, "...'");
    assert_int_equal(badpage_parse(&bl, list), 1);
    assert_true(log_contains(needle));
    needle[48] = 'z';                   /* no 49th character quoted */
    assert_false(log_contains(needle));
    assert_true(has(&bl, 0x99));
}

static void test_contains_search(void **state)
{
    struct badpage_list bl;
    char list[2048];
    size_t n = 0;
    unsigned long m, k;
    bool linear;
    unsigned int i;

    bl_init(&bl);
    /* Ranges of growing width with growing gaps, above 4 GiB. */
    for (k = 0; k < 50; k++)
        n += (size_t)snprintf(list + n, sizeof(list) - n, "%s0x%lx-0x%lx",
                              k ? "," : "", FRAME_4G + k * k + 3 * k,
                              FRAME_4G + k * k + 4 * k);
    assert_int_equal(badpage_parse(&bl, list), 0);
    check_sorted(&bl);
    for (m = FRAME_4G - 5; m < FRAME_4G + 50 * 50 + 5 * 50; m++) {
        linear = false;
        for (i = 0; i < bl.nr; i++)
            linear |= m >= bl.ranges[i].first && m <= bl.ranges[i].last;
        assert_int_equal(has(&bl, m), linear);
    }
    bl_init(&bl);
    assert_false(has(&bl, 0));
}

/* ---- Keeping RAM only ---------------------------------------------------- */

static void add_range(struct boot_info *bi, uint64_t start, uint64_t size,
                      uint32_t type)
{
    bi->ranges[bi->nr_ranges].start = start;
    bi->ranges[bi->nr_ranges].size = size;
    bi->ranges[bi->nr_ranges].type = type;
    bi->nr_ranges++;
}

/* A QEMU-like 6 GiB map: 639 KiB, a hole, RAM to 3 GiB-128K, RAM at 4 GiB. */
static void six_gib_map(struct boot_info *bi)
{
    memset(bi, 0, sizeof(*bi));
    add_range(bi, 0, 0x9fc00, BOOT_MEM_RAM);
    add_range(bi, 0x9fc00, 0x400, BOOT_MEM_RESERVED);
    add_range(bi, 0xf0000, 0x10000, BOOT_MEM_RESERVED);
    add_range(bi, 0x100000, 0xbffe0000 - 0x100000, BOOT_MEM_RAM);
    add_range(bi, 0xfffc0000, 0x40000, BOOT_MEM_RESERVED);
    add_range(bi, 0x100000000ULL, 0xc0000000ULL, BOOT_MEM_RAM);
}

static void test_keep_ram(void **state)
{
    struct boot_info bi;
    struct badpage_list bl;

    six_gib_map(&bi);
    bl_init(&bl);
    assert_int_equal(badpage_parse(&bl, "0x50,0x9f,0xa0-0xff,0xbffd0-0x100010,"
                                        "0x150000,0x1c0000-0x1c00ff,0xbffe0,"
                                        "0x1bffff,0x123456789"), 0);
    assert_int_equal(bl.nr, 6);
    assert_int_equal(badpage_keep_ram(&bl, &bi), 0x61 + 0x40020 + 0x100 + 1);
    check_sorted(&bl);
    assert_int_equal(bl.nr, 5);
    check_range(&bl, 0, 0x50, 0x50);
    check_range(&bl, 1, 0xbffd0, 0xbffdf);      /* split around the hole */
    check_range(&bl, 2, FRAME_4G, 0x100010);
    check_range(&bl, 3, 0x150000, 0x150000);
    check_range(&bl, 4, 0x1bffff, 0x1bffff);    /* last frame of RAM */
    assert_int_equal(badpage_count(&bl), 1 + 0x10 + 0x11 + 1 + 1);
    /* The partial frame 0x9f (639 KiB ends inside it) is not RAM. */
    assert_true(log_contains("<1>badpage: frames 0x9f - 0xff are not RAM, "
                             "ignored"));
    assert_true(log_contains("badpage: frames 0xbffe0 - 0xfffff are not RAM"));
    assert_true(log_contains("badpage: frames 0x1c0000 - 0x1c00ff are not"));
    assert_true(log_contains("badpage: frame 0x123456789 is not RAM, ignored"));

    /* Idempotent: a second pass finds nothing to drop. */
    log_reset();
    assert_int_equal(badpage_keep_ram(&bl, &bi), 0);
    assert_string_equal(log_text(), "");
    assert_int_equal(bl.nr, 5);
}

static void test_keep_ram_lowest_and_edges(void **state)
{
    struct boot_info bi;
    struct badpage_list bl;

    six_gib_map(&bi);
    bl_init(&bl);
    assert_int_equal(badpage_parse(&bl, "0,0x9e,0x100,0xbffdf"), 0);
    assert_int_equal(badpage_keep_ram(&bl, &bi), 0);
    assert_int_equal(bl.nr, 4);
    assert_string_equal(log_text(), "");
    /* Frames straddling both ends of the RAM above 4 GiB. */
    assert_int_equal(badpage_parse(&bl, "0xfff00-0x100001,0x1bfffe-0x1c0001"),
                     0);
    assert_int_equal(badpage_keep_ram(&bl, &bi), 0x100 + 2);
    check_range(&bl, 4, FRAME_4G, FRAME_4G + 1);
    check_range(&bl, 5, 0x1bfffe, 0x1bffff);
}

static void test_keep_ram_unsorted_adjacent(void **state)
{
    struct boot_info bi;
    struct badpage_list bl;

    memset(&bi, 0, sizeof(bi));
    /* Three touching RAM entries, highest first, and one starting 2 KiB
     * into frame 0x10. */
    add_range(&bi, 0x300000, 0x100000, BOOT_MEM_RAM);
    add_range(&bi, 0x200000, 0x100000, BOOT_MEM_RAM);
    add_range(&bi, 0x100000, 0x100000, BOOT_MEM_RAM);
    add_range(&bi, 0x400000, 0x1000, BOOT_MEM_ACPI);
    add_range(&bi, 0x10800, 0xf800, BOOT_MEM_RAM);
    bl_init(&bl);
    /* Spans the touching RAM entries: kept whole, not split. */
    assert_int_equal(badpage_parse(&bl, "0x150-0x350,0x3ff-0x400,0x10-0x11"),
                     0);
    assert_int_equal(badpage_keep_ram(&bl, &bi), 2);
    assert_int_equal(bl.nr, 3);
    check_range(&bl, 0, 0x11, 0x11);
    check_range(&bl, 1, 0x150, 0x350);
    check_range(&bl, 2, 0x3ff, 0x3ff);
    assert_true(log_contains("frame 0x10 is not RAM"));
    assert_true(log_contains("frame 0x400 is not RAM"));

    /* No RAM at all: everything goes. */
    memset(&bi, 0, sizeof(bi));
    assert_int_equal(badpage_keep_ram(&bl, &bi), 1 + 0x201 + 1);
    assert_int_equal(bl.nr, 0);
}

static void test_keep_ram_full_no_split(void **state)
{
    struct boot_info bi;
    struct badpage_list bl;
    char list[1024];
    size_t n = 0;
    unsigned int k;

    six_gib_map(&bi);
    bl_init(&bl);
    for (k = 0; k < BADPAGE_MAX_RANGES - 1; k++)
        n += (size_t)snprintf(list + n, sizeof(list) - n, "0x%x,",
                              0x1000 + 2 * k);
    snprintf(list + n, sizeof(list) - n, "0xbff00-0x1c0010");
    assert_int_equal(badpage_parse(&bl, list), 0);
    assert_int_equal(bl.nr, BADPAGE_MAX_RANGES);

    /* No slot to split around the hole: the hole stays listed, the tail
     * beyond RAM still goes, and every bad RAM frame is still listed. */
    assert_int_equal(badpage_keep_ram(&bl, &bi), 0x11);
    assert_int_equal(bl.nr, BADPAGE_MAX_RANGES);
    check_range(&bl, BADPAGE_MAX_RANGES - 1, 0xbff00, 0x1bffff);
    assert_true(log_contains("<1>badpage: list full (64 ranges), frames "
                             "0xbff00 - 0x1bffff stay listed"));
    assert_true(log_contains("frames 0x1c0000 - 0x1c0010 are not RAM"));
    assert_true(has(&bl, 0xbffdf));
    assert_true(has(&bl, 0x1bffff));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_good),
        cmocka_unit_test(test_parse_bases),
        cmocka_unit_test(test_parse_malformed_mixed),
        cmocka_unit_test(test_parse_blanks),
        cmocka_unit_test(test_parse_huge),
        cmocka_unit_test(test_parse_reversed),
        cmocka_unit_test(test_parse_merge),
        cmocka_unit_test(test_parse_full),
        cmocka_unit_test(test_parse_long_entry),
        cmocka_unit_test(test_contains_search),
        cmocka_unit_test(test_keep_ram),
        cmocka_unit_test(test_keep_ram_lowest_and_edges),
        cmocka_unit_test(test_keep_ram_unsorted_adjacent),
        cmocka_unit_test(test_keep_ram_full_no_split),
    };

    return cmocka_run_group_tests_name("badpage", tests, NULL, NULL);
}
