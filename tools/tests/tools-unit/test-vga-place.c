/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for where VRAM may go (tools/libs/vgadm/vga_place.c): the
 * default places in a hole with and without reserved ranges, natural
 * alignment capped at 16 MiB, no place when nothing fits; a bank base on
 * RAM, across 4 GiB, on or across a reserved range, on RAM and a reserved
 * range at once; and the device model's own window past everything.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <public/io/bankvga.h>

#include "vga_place.h"

#define MIB (1ull << 20)
#define GIB (1ull << 30)

#define RAM(a, s)                                                              \
    {                                                                          \
        .addr = (a), .size = (s), .type = XEN_MEMMAP_RAM                       \
    }
#define MMIO(a, s)                                                             \
    {                                                                          \
        .addr = (a), .size = (s), .type = XEN_MEMMAP_MMIO                      \
    }
#define RDM(a, s)                                                              \
    {                                                                          \
        .addr = (a), .size = (s), .type = XEN_MEMMAP_RDM                       \
    }

/* vgatest's map: RAM to 80 MiB, the hole above, the rest at 4 GiB. */
static const struct xen_e820_entry plain[] = {
    RAM(0, 80 * MIB),
    MMIO(80 * MIB, 4 * GIB - 80 * MIB),
    RAM(4 * GIB, 16 * MIB),
};

/* A reserved range at 84 MiB and one at 0xfed00000 in the hole. */
static const struct xen_e820_entry holed[] = {
    RAM(0, 80 * MIB),
    MMIO(80 * MIB, 4 * MIB),
    RDM(84 * MIB, 64 * 1024),
    MMIO(84 * MIB + 64 * 1024, 0xfed00000 - 84 * MIB - 64 * 1024),
    RDM(0xfed00000, 16 * 1024),
    MMIO(0xfed04000, 4 * GIB - 0xfed04000),
    RAM(4 * GIB, 16 * MIB),
    RDM(4 * GIB + 16 * MIB, MIB),
};

#define N(m) (unsigned int)(sizeof(m) / sizeof((m)[0]))

static uint64_t candidate(const struct xen_e820_entry *map, unsigned int n,
                          uint64_t bytes, unsigned int k)
{
    uint64_t addr = 0;

    assert_true(vga_place_candidate(map, n, bytes, k, &addr));
    return addr;
}

static void test_candidates(void **state)
{
    uint64_t addr;

    (void)state;
    /* 8 MiB: 8 MiB aligned, lowest first. */
    assert_int_equal(candidate(plain, N(plain), 8 * MIB, 0), 80 * MIB);
    assert_int_equal(candidate(plain, N(plain), 8 * MIB, 1), 88 * MIB);
    /* 64 MiB: alignment capped at 16 MiB. */
    assert_int_equal(candidate(plain, N(plain), 64 * MIB, 0), 80 * MIB);
    assert_int_equal(candidate(plain, N(plain), 64 * MIB, 1), 96 * MIB);
    /* 3 MiB: 4 MiB aligned. */
    assert_int_equal(candidate(plain, N(plain), 3 * MIB, 1), 84 * MIB);
    /* The last place ends at 4 GiB; there is none after it. */
    assert_int_equal(candidate(plain, N(plain), 8 * MIB, 501),
                     4 * GIB - 8 * MIB);
    assert_false(vga_place_candidate(plain, N(plain), 8 * MIB, 502, &addr));
    /* Around reserved ranges: 4 MiB below the first fits 4 MiB only. */
    assert_int_equal(candidate(holed, N(holed), 4 * MIB, 0), 80 * MIB);
    assert_int_equal(candidate(holed, N(holed), 4 * MIB, 1), 88 * MIB);
    assert_int_equal(candidate(holed, N(holed), 8 * MIB, 0), 88 * MIB);
    /* Nothing fits, no size, no hole. */
    assert_false(vga_place_candidate(holed, 2, 8 * MIB, 0, &addr));
    assert_false(vga_place_candidate(plain, N(plain), 0, 0, &addr));
    assert_false(vga_place_candidate(plain, 1, 4096, 0, &addr));
}

static void expect_place(const struct xen_e820_entry *map, unsigned int n,
                         uint64_t addr, uint64_t bytes, uint32_t status,
                         const char *why_want)
{
    const char *why = "unset";

    assert_int_equal(vga_place_check(map, n, addr, bytes, &why), status);
    if (why_want)
        assert_string_equal(why, why_want);
    else
        assert_null(why);
}

static void test_check(void **state)
{
    (void)state;
    expect_place(plain, N(plain), 0xc0000000, 8 * MIB, BANKVGA_OK, NULL);
    expect_place(plain, N(plain), 80 * MIB, 8 * MIB, BANKVGA_OK, NULL);
    expect_place(plain, N(plain), 4 * GIB - 8 * MIB, 8 * MIB, BANKVGA_OK, NULL);
    expect_place(plain, N(plain), MIB, 8 * MIB, BANKVGA_ERR_NOT_HOLE,
                 "VRAM would lie on RAM, not in the MMIO hole");
    expect_place(plain, N(plain), 76 * MIB, 8 * MIB, BANKVGA_ERR_NOT_HOLE,
                 "VRAM would lie on RAM, not in the MMIO hole");
    expect_place(plain, N(plain), 4 * GIB - 4 * MIB, 8 * MIB,
                 BANKVGA_ERR_NOT_HOLE,
                 "VRAM would lie on RAM, not in the MMIO hole");
    expect_place(plain, N(plain), 8 * GIB, 8 * MIB, BANKVGA_ERR_NOT_HOLE,
                 "VRAM would not lie wholly in the MMIO hole");
    expect_place(plain, N(plain), 0, 0, BANKVGA_ERR_NOT_HOLE,
                 "VRAM would wrap around the address space");
    expect_place(plain, N(plain), ~0ull - 4095, 8 * MIB, BANKVGA_ERR_NOT_HOLE,
                 "VRAM would wrap around the address space");
    expect_place(holed, N(holed), 0xfed00000, 8 * MIB, BANKVGA_ERR_RESERVED,
                 "VRAM would lie on a reserved range");
    expect_place(holed, N(holed), 0xfe000000, 32 * MIB, BANKVGA_ERR_RESERVED,
                 "VRAM would lie on a reserved range");
    expect_place(holed, N(holed), 80 * MIB, 8 * MIB, BANKVGA_ERR_RESERVED,
                 "VRAM would lie on a reserved range");
    /* RAM and a reserved range: RAM is what to say. */
    expect_place(holed, N(holed), 76 * MIB, 16 * MIB, BANKVGA_ERR_NOT_HOLE,
                 "VRAM would lie on RAM, not in the MMIO hole");
    expect_place(holed, N(holed), 88 * MIB, 8 * MIB, BANKVGA_OK, NULL);
}

static void test_window(void **state)
{
    static const struct xen_e820_entry big[] = {
        RAM(0, 3 * GIB),
        MMIO(3 * GIB, GIB),
        RAM(4 * GIB, 2 * GIB + 1),
    };

    (void)state;
    assert_int_equal(vga_place_window(plain, 2), 4 * GIB);
    assert_int_equal(vga_place_window(plain, N(plain)), 5 * GIB);
    assert_int_equal(vga_place_window(holed, N(holed)), 5 * GIB);
    assert_int_equal(vga_place_window(big, N(big)), 7 * GIB);
    assert_int_equal(vga_place_window(plain, 0), 4 * GIB);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_candidates),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_window),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
