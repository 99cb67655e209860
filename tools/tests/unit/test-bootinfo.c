/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for bootinfo_sanitise(), bootinfo_print() and
 * bootinfo_ram_bytes() (xen/common/bootinfo.c).  Each kind of untidy
 * firmware map (zero-length, unsorted, overlapping types, same-type
 * overlaps, ranges running off the top of the address space, unknown
 * types, more pieces than fit) and each kind of badly placed module gets a
 * test that checks the result and that the log names the problem.  The
 * printed format is a contract other tests grep for, so it is checked line
 * by line.  A randomised test compares the sanitised map, point by point,
 * with a simple model (the highest type covering an address wins) and
 * checks that the map never gains RAM, even when it runs out of room.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/bootinfo.h>
#include "harness.h"

static struct boot_info bi;

static int setup(void **state)
{
    memset(&bi, 0, sizeof(bi));
    log_reset();
    return 0;
}

#define RAM  BOOT_MEM_RAM
#define RES  BOOT_MEM_RESERVED
#define ACPI BOOT_MEM_ACPI
#define NVS  BOOT_MEM_NVS
#define UNUS BOOT_MEM_UNUSABLE
#define GiB  (1ull << 30)
#define MiB  (1ull << 20)

#define assert_log(s)                                                          \
    do {                                                                       \
        if (!log_contains(s))                                                  \
            fail_msg("log lacks \"%s\"; log was:\n%s", (s), log_text());       \
    } while (0)
#define assert_line(s) assert_log("<2>" s "\n")

static unsigned int log_count(const char *needle)
{
    const char *p = log_text();
    unsigned int n = 0;

    while ((p = strstr(p, needle)) != NULL) {
        n++;
        p++;
    }
    return n;
}

static void set_map(const struct boot_mem_range *r, unsigned int n)
{
    assert_true(n <= BOOTINFO_MAX_RANGES);
    memcpy(bi.ranges, r, n * sizeof(*r));
    bi.nr_ranges = n;
}

static void add_module(uint64_t start, uint64_t size, const char *cmdline)
{
    struct boot_module *m = &bi.modules[bi.nr_modules++];

    m->start = start;
    m->size = size;
    snprintf(m->cmdline, sizeof(m->cmdline), "%s", cmdline);
}

/* The sanitised map must be exactly r[0..n). */
static void assert_map(const struct boot_mem_range *r, unsigned int n)
{
    unsigned int i;

    for (i = 0; i < n && i < bi.nr_ranges; i++)
        if (bi.ranges[i].start != r[i].start ||
            bi.ranges[i].size != r[i].size || bi.ranges[i].type != r[i].type)
            break;
    if (i == n && bi.nr_ranges == n)
        return;
    for (i = 0; i < bi.nr_ranges; i++)
        print_message("  got %u: %016llx +%llx type %u\n", i,
                      (unsigned long long)bi.ranges[i].start,
                      (unsigned long long)bi.ranges[i].size, bi.ranges[i].type);
    fail_msg("map differs (got %u entries, want %u)", bi.nr_ranges, n);
}

/* ---- Maps -------------------------------------------------------------- */

static const struct boot_mem_range qemu_map[] = {
    {0x0, 0x9fc00, RAM},
    {0x9fc00, 0x400, RES},
    {0xf0000, 0x10000, RES},
    {0x100000, 0x7ee0000, RAM},
    {0x7fe0000, 0x20000, RES},
    {0xfffc0000, 0x40000, RES},
    {0x100000000ull, 4 * GiB, RAM},
};

static void test_clean_map_untouched(void **state)
{
    set_map(qemu_map, 7);
    add_module(0x100000, 0x1000, "a");
    assert_int_equal(bootinfo_sanitise(&bi), 0);
    assert_map(qemu_map, 7);
    assert_int_equal(bi.nr_modules, 1);
    assert_string_equal(log_text(), "");
}

static void test_zero_length(void **state)
{
    static const struct boot_mem_range in[] = {
        {0x0, 0x9fc00, RAM},
        {0x9fc00, 0, RES},
        {0x100000, 0x100000, RAM},
        {0x300000, 0, RAM},
    };
    static const struct boot_mem_range out[] = {
        {0x0, 0x9fc00, RAM},
        {0x100000, 0x100000, RAM},
    };

    set_map(in, 4);
    assert_int_equal(bootinfo_sanitise(&bi), 2);
    assert_map(out, 2);
    assert_log("<1>boot memory map: entry 1 at 000000000009fc00 (reserved) has "
               "zero length; dropped");
    assert_log("entry 3 at 0000000000300000 (usable) has zero length; dropped");
}

static void test_unsorted(void **state)
{
    struct boot_mem_range in[7];
    unsigned int i;

    for (i = 0; i < 7; i++)
        in[i] = qemu_map[6 - i];
    set_map(in, 7);
    assert_int_equal(bootinfo_sanitise(&bi), 1);
    assert_map(qemu_map, 7);
    assert_int_equal(log_count("not sorted"), 1); /* warned once */
    assert_log("<1>boot memory map: entries are not sorted by address; "
               "sorting them");
}

static void test_ram_split_by_reserved(void **state)
{
    static const struct boot_mem_range in[] = {
        {0x100000, 0x7f00000, RAM},
        {0x4000000, 0x1000, RES},
    };
    static const struct boot_mem_range out[] = {
        {0x100000, 0x3f00000, RAM},
        {0x4000000, 0x1000, RES},
        {0x4001000, 0x3fff000, RAM},
    };

    set_map(in, 2);
    assert_int_equal(bootinfo_sanitise(&bi), 1);
    assert_map(out, 3);
    assert_log(
        "<1>boot memory map: [0000000000100000, 0000000007ffffff] (usable) "
        "overlaps [0000000004000000, 0000000004000fff] (reserved); "
        "reserved wins");
    assert_int_equal(bootinfo_ram_bytes(&bi), 0x7f00000 - 0x1000);
}

static void test_ram_clipped_at_ends(void **state)
{
    static const struct boot_mem_range in[] = {
        {0x0, 0xa0000, RAM}, /* tail under the reserved below */
        {0x9fc00, 0x400, RES},
        {0xf0000, 0x20000, RES}, /* covers the head of the next */
        {0x100000, 0x100000, RAM},
        {0x300000, 0x1000, RAM}, /* wholly covered */
        {0x2ff000, 0x3000, NVS},
    };
    static const struct boot_mem_range out[] = {
        {0x0, 0x9fc00, RAM},     {0x9fc00, 0x400, RES},
        {0xf0000, 0x20000, RES}, {0x110000, 0xf0000, RAM},
        {0x2ff000, 0x3000, NVS},
    };

    set_map(in, 6);
    assert_int_equal(bootinfo_sanitise(&bi), 4); /* unsorted + 3 overlaps */
    assert_map(out, 5);
    assert_log(
        "[0000000000000000, 000000000009ffff] (usable) overlaps "
        "[000000000009fc00, 000000000009ffff] (reserved); reserved wins");
    assert_log(
        "[0000000000100000, 00000000001fffff] (usable) overlaps "
        "[00000000000f0000, 000000000010ffff] (reserved); reserved wins");
    assert_log(
        "[0000000000300000, 0000000000300fff] (usable) overlaps "
        "[00000000002ff000, 0000000000301fff] (ACPI NVS); ACPI NVS wins");
}

static void test_same_type_merge(void **state)
{
    static const struct boot_mem_range in[] = {
        {0x0, 0x2000, RAM},
        {0x1000, 0x3000, RAM}, /* overlaps: merged, reported */
        {0x4000, 0x1000, RAM}, /* adjacent: merged quietly */
        {0x5000, 0x1000, RES},
        {0x6000, 0x1000, RES}, /* adjacent reserved */
        {0x6800, 0x100, RES},  /* inside the previous */
    };
    static const struct boot_mem_range out[] = {
        {0x0, 0x5000, RAM},
        {0x5000, 0x2000, RES},
    };

    set_map(in, 6);
    assert_int_equal(bootinfo_sanitise(&bi), 2);
    assert_map(out, 2);
    assert_log("[0000000000000000, 0000000000001fff] (usable) overlaps "
               "[0000000000001000, 0000000000003fff] (usable); merged");
    assert_log("[0000000000005000, 0000000000006fff] (reserved) overlaps "
               "[0000000000006800, 00000000000068ff] (reserved); merged");
    assert_int_equal(log_count("merged"), 2);

    /* Only adjacency: nothing to report. */
    log_reset();
    set_map(in + 2, 2);
    bi.ranges[0] = (struct boot_mem_range){0x0, 0x4000, RAM};
    bi.ranges[1] = (struct boot_mem_range){0x4000, 0x2000, RAM};
    assert_int_equal(bootinfo_sanitise(&bi), 0);
    assert_int_equal(bi.nr_ranges, 1);
    assert_int_equal(bi.ranges[0].size, 0x6000);
    assert_string_equal(log_text(), "");
}

static void test_reserved_vs_acpi(void **state)
{
    static const struct boot_mem_range in[] = {
        {0xe0000, 0x20000, RES},     {0xf0000, 0x8000, ACPI},
        {0x7000000, 0x100000, ACPI}, {0x7080000, 0x100000, NVS},
        {0x8000000, 0x10000, UNUS},  {0x8008000, 0x10000, RES},
    };
    static const struct boot_mem_range out[] = {
        {0xe0000, 0x10000, RES},    {0xf0000, 0x8000, ACPI},
        {0xf8000, 0x8000, RES},     {0x7000000, 0x80000, ACPI},
        {0x7080000, 0x100000, NVS}, {0x8000000, 0x10000, UNUS},
        {0x8010000, 0x8000, RES},
    };

    set_map(in, 6);
    assert_int_equal(bootinfo_sanitise(&bi), 3);
    assert_map(out, 7);
    assert_log(
        "[00000000000e0000, 00000000000fffff] (reserved) overlaps "
        "[00000000000f0000, 00000000000f7fff] (ACPI data); ACPI data wins");
    assert_log("(ACPI data) overlaps [0000000007080000, 000000000717ffff] "
               "(ACPI NVS); ACPI NVS wins");
    assert_log(
        "[0000000008008000, 0000000008017fff] (reserved) overlaps "
        "[0000000008000000, 000000000800ffff] (unusable); unusable wins");
}

/* RAM under two overlapping non-RAM ranges loses to both. */
static void test_layered_overlaps(void **state)
{
    static const struct boot_mem_range in[] = {
        {0x0, 0x100000, RAM},     {0x10000, 0x40000, RES},
        {0x20000, 0x10000, NVS},  {0x40000, 0x20000, ACPI},
        {0x80000, 0x100000, RAM},
    };
    static const struct boot_mem_range out[] = {
        {0x0, 0x10000, RAM},      {0x10000, 0x10000, RES},
        {0x20000, 0x10000, NVS},  {0x30000, 0x10000, RES},
        {0x40000, 0x20000, ACPI}, {0x60000, 0x120000, RAM},
    };

    set_map(in, 5);
    assert_true(bootinfo_sanitise(&bi) >= 4);
    assert_map(out, 6);
}

static void test_end_of_address_space(void **state)
{
    static const struct boot_mem_range in[] = {
        {0x100000, 0x100000, RAM},
        {0xfffffffffffff000ull, 0x1000, RAM},     /* ends at 2^64 */
        {0xffffffff00000000ull, UINT64_MAX, RES}, /* far past it */
        {UINT64_MAX, 1, RES},                     /* nothing left */
    };
    static const struct boot_mem_range out[] = {
        {0x100000, 0x100000, RAM},
        {0xffffffff00000000ull, 0xffffffffull, RES},
    };

    set_map(in, 4);
    bootinfo_sanitise(&bi);
    assert_map(out, 2);
    assert_log(
        "entry 1 at fffffffffffff000 (usable) with size 0000000000001000 "
        "runs past the end of the address space; clipped");
    assert_log("entry 2 at ffffffff00000000 (reserved) with size "
               "ffffffffffffffff runs past the end of the address space; "
               "clipped");
    assert_log("entry 3 at ffffffffffffffff (reserved) with size");
    bootinfo_print(&bi);
    assert_line(" [ffffffff00000000, fffffffffffffffe] (reserved)");
}

static void test_unknown_types(void **state)
{
    static const struct boot_mem_range in[] = {
        {0x0, 0x1000, 0},
        {0x1000, 0x1000, 7},
        {0x2000, 0x1000, 0xf0000001},
        {0x3000, 0x1000, RAM},
    };
    static const struct boot_mem_range out[] = {
        {0x0, 0x3000, RES},
        {0x3000, 0x1000, RAM},
    };

    set_map(in, 4);
    bootinfo_print(&bi);
    assert_line(" [0000000000001000, 0000000000001fff] (type 7)");
    log_reset();
    assert_int_equal(bootinfo_sanitise(&bi), 3);
    assert_map(out, 2);
    assert_log(
        "entry 0 [0000000000000000, 0000000000000fff] has unknown type 0; "
        "treating it as reserved");
    assert_log(
        "entry 1 [0000000000001000, 0000000000001fff] has unknown type 7");
    assert_log("has unknown type 4026531841");
}

/* ---- Modules ----------------------------------------------------------- */

static void test_module_outside_ram(void **state)
{
    set_map(qemu_map, 7);
    add_module(0x100000, 0x1000, "good");
    add_module(0xa0000, 0x1000, "vga hole");
    add_module(0x7fff000, 0x2000, "past the end of low RAM");
    add_module(0x180000000ull, 0x1000, "above 4 GiB");
    assert_int_equal(bootinfo_sanitise(&bi), 2);
    assert_int_equal(bi.nr_modules, 2);
    assert_string_equal(bi.modules[0].cmdline, "good");
    assert_string_equal(bi.modules[1].cmdline, "above 4 GiB");
    assert_log("<1>boot modules: module 1 [00000000000a0000, 00000000000a0fff] "
               "is not wholly in RAM; dropped");
    assert_log("boot modules: module 2 [0000000007fff000, 0000000008000fff] is "
               "not wholly in RAM; dropped");
}

static void test_module_straddles_hole(void **state)
{
    static const struct boot_mem_range in[] = {
        {0x100000, 0x100000, RAM},
        {0x200000, 0x1000, RES},
        {0x201000, 0x1ff000, RAM},
        {0x400000, 0x100000, RAM}, /* adjacent to the previous: one range */
    };

    set_map(in, 4);
    add_module(0x1ff000, 0x3000, "straddles");
    add_module(0x3ff000, 0x2000, "spans adjacent entries");
    assert_int_equal(bootinfo_sanitise(&bi), 1);
    assert_int_equal(bi.nr_modules, 1);
    assert_string_equal(bi.modules[0].cmdline, "spans adjacent entries");
    assert_log("module 0 [00000000001ff000, 0000000000201fff] is not wholly in "
               "RAM; dropped");

    /* A reserved range inside RAM, found only after sanitising. */
    log_reset();
    memset(&bi, 0, sizeof(bi));
    set_map(in, 1);
    bi.ranges[1] = (struct boot_mem_range){0x180000, 0x1000, NVS};
    bi.nr_ranges = 2;
    add_module(0x17f000, 0x2000, "over an NVS page");
    assert_int_equal(bootinfo_sanitise(&bi), 2);
    assert_int_equal(bi.nr_modules, 0);
    assert_log("module 0 [000000000017f000, 0000000000180fff] is not wholly in "
               "RAM; dropped");
}

static void test_module_zero_size_and_overflow(void **state)
{
    set_map(qemu_map, 7);
    add_module(0x100000, 0, "empty");
    add_module(0x180000000ull, UINT64_MAX, "wraps");
    add_module(0x101000, 0x1000, "fine");
    assert_int_equal(bootinfo_sanitise(&bi), 2);
    assert_int_equal(bi.nr_modules, 1);
    assert_string_equal(bi.modules[0].cmdline, "fine");
    assert_log("boot modules: module 0 at 0000000000100000 has zero size; "
               "dropped");
    assert_log("boot modules: module 1 [0000000180000000, 000000017ffffffe] is "
               "not wholly in RAM; dropped");
}

static void test_modules_overlap(void **state)
{
    set_map(qemu_map, 7);
    add_module(0x100000, 0x10000, "kernel");
    add_module(0x200000, 0x1000, "alone");
    add_module(0x10f000, 0x2000, "initrd over the kernel's tail");
    add_module(0x110000, 0x1000, "touching, not overlapping");
    assert_int_equal(bootinfo_sanitise(&bi), 2);
    assert_int_equal(bi.nr_modules, 1);
    assert_string_equal(bi.modules[0].cmdline, "alone");
    assert_log("boot modules: module 0 [0000000000100000, 000000000010ffff] "
               "overlaps module 2 [000000000010f000, 0000000000110fff]; "
               "dropping both");
    assert_log(
        "module 2 [000000000010f000, 0000000000110fff] overlaps module 3 "
        "[0000000000110000, 0000000000110fff]; dropping both");
}

/* ---- RAM totals and printing -------------------------------------------- */

static void test_ram_above_4g(void **state)
{
    static const struct boot_mem_range in[] = {
        {0x0, 0x9fc00, RAM},
        {0x100000, 3 * GiB - MiB, RAM},
        {0xc0000000ull, GiB, RES},
        {4 * GiB, 60 * GiB, RAM},
        {0xfd00000000ull, 12 * GiB, RAM},
    };

    set_map(in, 5);
    add_module(0x800000000ull, 0x100000, "high module");
    assert_int_equal(bootinfo_sanitise(&bi), 0);
    assert_int_equal(bootinfo_ram_bytes(&bi),
                     0x9fc00 + 3 * GiB - MiB + 72 * GiB);
    assert_int_equal(bi.nr_modules, 1);
    bootinfo_print(&bi);
    assert_line(" [0000000100000000, 0000000fffffffff] (usable)");
    assert_line(" [000000fd00000000, 000000ffffffffff] (usable)");
    assert_line("RAM: 76799 MiB in 4 ranges");
    assert_line(" Module 0: [0000000800000000, 00000008000fffff] high module");
}

static void test_print_format(void **state)
{
    static const struct boot_mem_range in[] = {
        {0x0, 0x9fc00, RAM},        {0x9fc00, 0x400, RES},
        {0x7fe0000, 0x10000, ACPI}, {0x7ff0000, 0x10000, NVS},
        {0x8000000, 0x1000, UNUS},
    };
    static const char expect[] =
        "<2>Boot loader: GRUB 2.06\n"
        "<2>Command line: console=com1 dom0_mem=512M\n"
        "<2>Physical RAM map:\n"
        "<2> [0000000000000000, 000000000009fbff] (usable)\n"
        "<2> [000000000009fc00, 000000000009ffff] (reserved)\n"
        "<2> [0000000007fe0000, 0000000007feffff] (ACPI data)\n"
        "<2> [0000000007ff0000, 0000000007ffffff] (ACPI NVS)\n"
        "<2> [0000000008000000, 0000000008000fff] (unusable)\n"
        "<2>RAM: 0 MiB in 1 range\n"
        "<2>Modules:\n"
        "<2> Module 0: [0000000000001000, 0000000000001fff] dom0 kernel\n"
        "<2> Module 1: [0000000000002000, 0000000000002fff] \n";

    set_map(in, 5);
    snprintf(bi.loader, sizeof(bi.loader), "GRUB 2.06");
    snprintf(bi.cmdline, sizeof(bi.cmdline), "console=com1 dom0_mem=512M");
    add_module(0x1000, 0x1000, "dom0 kernel");
    add_module(0x2000, 0x1000, "");
    bootinfo_print(&bi);
    assert_string_equal(log_text(), expect);

    log_reset();
    memset(&bi, 0, sizeof(bi));
    bootinfo_print(&bi);
    assert_string_equal(log_text(), "<2>Boot loader: unknown\n"
                                    "<2>Command line: \n"
                                    "<2>Physical RAM map:\n"
                                    "<2>RAM: 0 MiB in 0 ranges\n"
                                    "<2>Modules: none\n");
}

static void test_ram_bytes_saturates(void **state)
{
    static const struct boot_mem_range in[] = {
        {0x0, UINT64_MAX, RAM},
        {0x0, UINT64_MAX, RAM},
        {0x0, UINT64_MAX, RES},
    };

    set_map(in, 3);
    assert_int_equal(bootinfo_ram_bytes(&bi), UINT64_MAX);
    bi.ranges[0].type = RES;
    assert_int_equal(bootinfo_ram_bytes(&bi), UINT64_MAX);
    bi.ranges[1].size = 12345;
    assert_int_equal(bootinfo_ram_bytes(&bi), 12345);
}

/* Counts beyond the arrays (a caller bug) are clamped, not trusted. */
static void test_counts_clamped(void **state)
{
    bi.nr_ranges = 1000;
    bi.nr_modules = BOOTINFO_MAX_MODULES + 1;
    bootinfo_sanitise(&bi);
    assert_int_equal(bi.nr_ranges, 0);  /* all zero-length */
    assert_int_equal(bi.nr_modules, 0); /* all zero-size */
    assert_log(
        "<0>boot memory map: 1000 entries, more than 128; dropped the rest");
    assert_log("<0>boot modules: 33 modules, more than 32; dropped the rest");
}

/* ---- Running out of room ------------------------------------------------- */

/* A RAM range with a reserved page every 2 MiB: more pieces than fit. */
static void test_split_overflow(void **state)
{
    unsigned int i;

    bi.ranges[0] = (struct boot_mem_range){0, 1024 * MiB, RAM};
    for (i = 1; i < BOOTINFO_MAX_RANGES; i++)
        bi.ranges[i] = (struct boot_mem_range){i * 2 * MiB, 0x1000, RES};
    bi.nr_ranges = BOOTINFO_MAX_RANGES;
    /* The first split finds no room; what is left overlaps nothing. */
    assert_int_equal(bootinfo_sanitise(&bi), 2);
    assert_int_equal(log_count("no room"), 1);
    assert_log("boot memory map: no room (128 entries) to split around "
               "[0000000000200000, 0000000000200fff]; dropping "
               "[0000000000201000, 000000003fffffff] (usable)");
    /* What did not fit is lost RAM; every reserved page is still there. */
    assert_int_equal(bi.nr_ranges, BOOTINFO_MAX_RANGES);
    assert_int_equal(bootinfo_ram_bytes(&bi), 2 * MiB);
    for (i = 1; i < BOOTINFO_MAX_RANGES; i++) {
        assert_int_equal(bi.ranges[i].start, i * 2 * MiB);
        assert_int_equal(bi.ranges[i].type, RES);
    }
}

/* ---- Randomised model check --------------------------------------------- */

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

static uint32_t rnd_below(uint64_t *s, uint32_t n)
{
    return (uint32_t)(rnd(s) % n);
}

static uint32_t norm_type(uint32_t t)
{
    return t >= RAM && t <= UNUS ? t : RES;
}

/* Exclusive end after clipping to the address space, as sanitise does. */
static uint64_t clipped_end(const struct boot_mem_range *r)
{
    return r->size > UINT64_MAX - r->start ? UINT64_MAX : r->start + r->size;
}

/* The model: the highest type covering pa, 0 if none. */
static uint32_t model_type(const struct boot_mem_range *r, unsigned int n,
                           uint64_t pa)
{
    uint32_t best = 0;
    unsigned int i;

    for (i = 0; i < n; i++)
        if (r[i].start <= pa && pa < clipped_end(&r[i]) &&
            norm_type(r[i].type) > best)
            best = norm_type(r[i].type);
    return best;
}

static uint32_t map_type(uint64_t pa)
{
    unsigned int i;

    for (i = 0; i < bi.nr_ranges; i++)
        if (bi.ranges[i].start <= pa &&
            pa - bi.ranges[i].start < bi.ranges[i].size)
            return bi.ranges[i].type;
    return 0;
}

static void random_range(uint64_t *s, struct boot_mem_range *r)
{
    static const uint32_t types[] = {RAM,  RAM, RAM,  RES, RES,
                                     ACPI, NVS, UNUS, 0,   9};
    uint64_t page = 0x1000;

    r->start = rnd_below(s, 64) * page + (rnd_below(s, 8) ? 0 : 0x400);
    r->size = rnd_below(s, 6) ? rnd_below(s, 24) * page : rnd_below(s, 4);
    if (rnd_below(s, 50) == 0) {
        r->start = UINT64_MAX - rnd_below(s, 4) * page;
        r->size = rnd_below(s, 2) ? UINT64_MAX : 2 * page;
    }
    r->type = types[rnd_below(s, sizeof(types) / sizeof(types[0]))];
}

/* Check the sanitised map against the model at every interesting address. */
static void check_against_model(const struct boot_mem_range *in, unsigned int n,
                                bool exact)
{
    unsigned int i, k;

    for (i = 0; i < n; i++) {
        uint64_t pts[4] = {in[i].start, in[i].start - 1, clipped_end(&in[i]),
                           clipped_end(&in[i]) - 1};

        for (k = 0; k < 4; k++) {
            uint32_t want = model_type(in, n, pts[k]), got = map_type(pts[k]);

            if (pts[k] == UINT64_MAX)
                continue; /* the one byte sanitise always clips off */
            if (exact && want != got)
                fail_msg("at %llx: model says type %u, map says %u",
                         (unsigned long long)pts[k], want, got);
            if (got == RAM && want != RAM)
                fail_msg("at %llx: map gained RAM (model type %u)",
                         (unsigned long long)pts[k], want);
        }
    }
}

static void check_invariants(void)
{
    unsigned int i, j;

    assert_true(bi.nr_ranges <= BOOTINFO_MAX_RANGES);
    for (i = 0; i < bi.nr_ranges; i++) {
        const struct boot_mem_range *r = &bi.ranges[i];

        assert_true(r->size > 0 && r->size <= UINT64_MAX - r->start);
        assert_true(r->type >= RAM && r->type <= UNUS);
        if (i) {
            const struct boot_mem_range *p = &bi.ranges[i - 1];

            assert_true(p->start + p->size <= r->start);
            assert_false(p->start + p->size == r->start && p->type == r->type);
        }
    }
    for (i = 0; i < bi.nr_modules; i++)
        for (j = 0; j < bi.nr_modules; j++)
            assert_true(i == j ||
                        bi.modules[i].start + bi.modules[i].size <=
                            bi.modules[j].start ||
                        bi.modules[j].start + bi.modules[j].size <=
                            bi.modules[i].start);
}

static void random_modules(uint64_t *s)
{
    unsigned int i, n = rnd_below(s, BOOTINFO_MAX_MODULES + 1);

    for (i = 0; i < n; i++)
        add_module(rnd_below(s, 96) * 0x1000, rnd_below(s, 5) * 0x800, "m");
}

static void assert_same(const struct boot_info *a, const struct boot_info *b)
{
    unsigned int i;

    assert_int_equal(a->nr_ranges, b->nr_ranges);
    assert_int_equal(a->nr_modules, b->nr_modules);
    for (i = 0; i < a->nr_ranges; i++) {
        assert_int_equal(a->ranges[i].start, b->ranges[i].start);
        assert_int_equal(a->ranges[i].size, b->ranges[i].size);
        assert_int_equal(a->ranges[i].type, b->ranges[i].type);
    }
    for (i = 0; i < a->nr_modules; i++) {
        assert_int_equal(a->modules[i].start, b->modules[i].start);
        assert_int_equal(a->modules[i].size, b->modules[i].size);
    }
}

static void test_random_model(void **state)
{
    static struct boot_info before, again;
    uint64_t s = 0xdeadbeefcafef00dull;
    unsigned int iter, exact = 0;

    for (iter = 0; iter < 20000; iter++) {
        unsigned int i, n = 1 + rnd_below(&s, iter % 4 ? 40 : 128);
        bool full;

        memset(&bi, 0, sizeof(bi));
        for (i = 0; i < n; i++)
            random_range(&s, &bi.ranges[i]);
        bi.nr_ranges = n;
        random_modules(&s);
        before = bi;
        log_reset();
        bootinfo_sanitise(&bi);
        full = log_contains("no room");
        exact += !full;
        check_invariants();
        check_against_model(before.ranges, n, !full);
        for (i = 0; i < bi.nr_modules; i++) /* kept modules sit in RAM */
            assert_int_equal(map_type(bi.modules[i].start), RAM);

        /* A sanitised map is a fixed point. */
        again = bi;
        log_reset();
        assert_int_equal(bootinfo_sanitise(&again), 0);
        assert_same(&again, &bi);
        bootinfo_print(&bi);
    }
    assert_true(exact > 15000);
}

/* Modules over memory no module may be in are dropped, the rest kept. */
static void test_modules_over_reserved_memory(void **state)
{
    (void)state;
    bi.nr_ranges = 1;
    bi.ranges[0] = (struct boot_mem_range){0, 0x10000000, BOOT_MEM_RAM};
    bi.nr_modules = 4;
    bi.modules[0] = (struct boot_module){0x80000, 0x1000, "low"};
    bi.modules[1] = (struct boot_module){0x1ff000, 0x2000, "image"};
    bi.modules[2] = (struct boot_module){0x300000, 0x1000, "after"};
    bi.modules[3] = (struct boot_module){0x100000, 0x1000, "between"};
    log_reset();
    assert_int_equal(bootinfo_drop_modules_over(&bi, 0, 0x100000,
                                                "low memory"), 1);
    assert_int_equal(bootinfo_drop_modules_over(&bi, 0x200000, 0x300000,
                                                "the hypervisor image"), 1);
    assert_int_equal(bi.nr_modules, 2);
    assert_string_equal(bi.modules[0].cmdline, "after");
    assert_string_equal(bi.modules[1].cmdline, "between");
    assert_true(log_contains("module 0 [0000000000080000, 0000000000080fff] "
                             "overlaps low memory; dropped"));
    assert_true(log_contains("overlaps the hypervisor image; dropped"));
}

/* The image's path, if the line starts with one, is not an option. */
static void test_args_after_the_path(void **state)
{
    (void)state;
    assert_string_equal(bootinfo_args("/boot/xen badpage=1"), "badpage=1");
    assert_string_equal(bootinfo_args(" /boot/xen\t\tbadpage=1"),
                        "badpage=1");
    assert_string_equal(bootinfo_args("/boot/xen"), "");
    assert_string_equal(bootinfo_args("console=com1 /x"), "console=com1 /x");
    assert_string_equal(bootinfo_args("xen badpage=1"), "xen badpage=1");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
    const struct CMUnitTest tests[] = {
        T(test_clean_map_untouched),
        T(test_zero_length),
        T(test_unsorted),
        T(test_ram_split_by_reserved),
        T(test_ram_clipped_at_ends),
        T(test_same_type_merge),
        T(test_reserved_vs_acpi),
        T(test_layered_overlaps),
        T(test_end_of_address_space),
        T(test_unknown_types),
        T(test_module_outside_ram),
        T(test_module_straddles_hole),
        T(test_module_zero_size_and_overflow),
        T(test_modules_overlap),
        T(test_ram_above_4g),
        T(test_print_format),
        T(test_ram_bytes_saturates),
        T(test_counts_clamped),
        T(test_split_overflow),
        T(test_random_model),
        T(test_modules_over_reserved_memory),
        T(test_args_after_the_path),
    };
#undef T

    return cmocka_run_group_tests_name("bootinfo", tests, NULL, NULL);
}
