/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the multiboot1 and multiboot2 parsers (xen/common/
 * multiboot.c).  "Physical memory" is a 64 KiB buffer standing for
 * [PHYS_BASE, PHYS_BASE + PHYS_SIZE); the map function refuses anything
 * outside it and hands out an exact-size heap copy of what was asked for,
 * so ASan catches a parser reading one byte past what it mapped.  The tests
 * build information blocks the way QEMU (-kernel, multiboot1) and GRUB
 * (multiboot2) do, then break them one field at a time; each bad block must
 * give the documented result and a log line naming the problem.  The last
 * tests feed many deterministic pseudo-random blocks to the parsers and to
 * bootinfo_sanitise(): they must not crash, overrun or break the
 * invariants of struct boot_info.
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
#include <xen/errno.h>
#include "harness.h"

/* ---- Fake physical memory ---------------------------------------------- */

#define PHYS_BASE 0x10000ull
#define PHYS_SIZE 0x10000u
#define PHYS_END  (PHYS_BASE + PHYS_SIZE)

static uint8_t phys[PHYS_SIZE];

/* Every mapping handed out, freed after each test. */
struct fake_maps {
    void **copies;
    size_t nr, cap;
    unsigned long calls;
};

static struct fake_maps maps;
static struct boot_info bi;

static const void *fake_map(void *ctx, uint64_t pa, size_t len)
{
    struct fake_maps *fm = ctx;
    void *copy;

    fm->calls++;
    if (pa < PHYS_BASE || pa > PHYS_END || len > PHYS_END - pa)
        return NULL;
    copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, &phys[pa - PHYS_BASE], len);
    if (fm->nr == fm->cap) {
        fm->cap = fm->cap ? fm->cap * 2 : 64;
        fm->copies = realloc(fm->copies, fm->cap * sizeof(*fm->copies));
        assert_non_null(fm->copies);
    }
    fm->copies[fm->nr++] = copy;
    return copy;
}

static void unmap_all(void)
{
    size_t i;

    for (i = 0; i < maps.nr; i++)
        free(maps.copies[i]);
    maps.nr = 0;
}

static int setup(void **state)
{
    memset(phys, 0, sizeof(phys));
    memset(&bi, 0x5a, sizeof(bi)); /* the parsers must clear it */
    maps.calls = 0;
    log_reset();
    return 0;
}

static int teardown(void **state)
{
    unmap_all();
    free(maps.copies);
    maps.copies = NULL;
    maps.cap = 0;
    return 0;
}

static void put_bytes(uint64_t pa, const void *src, size_t len)
{
    assert_true(pa >= PHYS_BASE && pa <= PHYS_END && len <= PHYS_END - pa);
    memcpy(&phys[pa - PHYS_BASE], src, len);
}

static void put32(uint64_t pa, uint32_t v)
{
    put_bytes(pa, &v, sizeof(v));
}

static void put_str(uint64_t pa, const char *s)
{
    put_bytes(pa, s, strlen(s) + 1);
}

static int parse1(uint64_t pa)
{
    return bootinfo_from_multiboot1(&bi, pa, fake_map, &maps);
}

static int parse2(uint64_t pa)
{
    return bootinfo_from_multiboot2(&bi, pa, fake_map, &maps);
}

#define assert_log(s)                                                          \
    do {                                                                       \
        if (!log_contains(s))                                                  \
            fail_msg("log lacks \"%s\"; log was:\n%s", (s), log_text());       \
    } while (0)
#define assert_no_log(s)                                                       \
    do {                                                                       \
        if (log_contains(s))                                                   \
            fail_msg("log has \"%s\"; log was:\n%s", (s), log_text());         \
    } while (0)
/* One whole line printed at XENLOG_INFO. */
#define assert_line(s) assert_log("<2>" s "\n")

static void assert_range(unsigned int i, uint64_t start, uint64_t size,
                         uint32_t type)
{
    assert_true(i < bi.nr_ranges);
    assert_int_equal(bi.ranges[i].start, start);
    assert_int_equal(bi.ranges[i].size, size);
    assert_int_equal(bi.ranges[i].type, type);
}

static void assert_module(unsigned int i, uint64_t start, uint64_t size,
                          const char *cmdline)
{
    assert_true(i < bi.nr_modules);
    assert_int_equal(bi.modules[i].start, start);
    assert_int_equal(bi.modules[i].size, size);
    assert_string_equal(bi.modules[i].cmdline, cmdline);
}

/* The map QEMU gives a 128 MiB + 2 GiB-above-4-GiB guest, as e820 types. */
static const struct boot_mem_range qemu_map[] = {
    {0x0, 0x9fc00, 1},        {0x9fc00, 0x400, 2},
    {0xf0000, 0x10000, 2},    {0x100000, 0x7ee0000, 1},
    {0xfffc0000, 0x40000, 2}, {0x100000000ull, 0x80000000ull, 1},
};

/* ---- Multiboot1 builders ------------------------------------------------ */

#define MB1_INFO    0x10000ull
#define MB1_CMDLINE 0x10200ull
#define MB1_LOADER  0x10300ull
#define MB1_MODS    0x10400ull
#define MB1_MODSTR  0x10500ull
#define MB1_MMAP    0x10800ull

/* Write n map entries whose size field is entry_size; returns the length. */
static uint32_t mb1_put_mmap(uint64_t pa, const struct boot_mem_range *r,
                             unsigned int n, uint32_t entry_size)
{
    uint32_t off = 0;
    unsigned int i;

    for (i = 0; i < n; i++) {
        struct mb1_mmap_entry e = {
            .size = entry_size,
            .base_addr = r[i].start,
            .length = r[i].size,
            .type = r[i].type,
        };

        put_bytes(pa + off, &e, sizeof(e));
        off += entry_size + 4;
    }
    return off;
}

static void mb1_put_module(unsigned int i, uint32_t start, uint32_t end,
                           const char *s)
{
    struct mb1_module m = {
        .mod_start = start,
        .mod_end = end,
        .string = s ? (uint32_t)(MB1_MODSTR + 0x80 * i) : 0,
    };

    put_bytes(MB1_MODS + i * sizeof(m), &m, sizeof(m));
    if (s)
        put_str(MB1_MODSTR + 0x80 * i, s);
}

/* What QEMU's -kernel loader builds with two -initrd modules. */
static struct mb1_info mb1_qemu(void)
{
    struct mb1_info info = {
        .flags = MB1_INFO_MEMORY | MB1_INFO_BOOTDEV | MB1_INFO_CMDLINE |
                 MB1_INFO_MODS | MB1_INFO_MEM_MAP | MB1_INFO_LOADER_NAME,
        .mem_lower = 639,
        .mem_upper = 130944,
        .boot_device = 0x8000ffff,
        .cmdline = MB1_CMDLINE,
        .mods_count = 2,
        .mods_addr = MB1_MODS,
        .mmap_addr = MB1_MMAP,
        .boot_loader_name = MB1_LOADER,
    };

    put_str(MB1_CMDLINE, "xen console=com1 loglvl=all");
    put_str(MB1_LOADER, "qemu");
    mb1_put_module(0, 0x100000, 0x101000, "dom0 kernel");
    mb1_put_module(1, 0x200000, 0x280000, "initrd");
    info.mmap_length = mb1_put_mmap(MB1_MMAP, qemu_map, 6, 20);
    put_bytes(MB1_INFO, &info, sizeof(info));
    return info;
}

static void put_info(const struct mb1_info *info)
{
    put_bytes(MB1_INFO, info, sizeof(*info));
}

/* ---- Multiboot1 tests --------------------------------------------------- */

static void test_mb1_qemu(void **state)
{
    unsigned int i;

    mb1_qemu();
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_string_equal(bi.loader, "qemu");
    assert_string_equal(bi.cmdline, "xen console=com1 loglvl=all");
    assert_int_equal(bi.nr_ranges, 6);
    for (i = 0; i < 6; i++)
        assert_range(i, qemu_map[i].start, qemu_map[i].size, qemu_map[i].type);
    assert_int_equal(bi.nr_modules, 2);
    assert_module(0, 0x100000, 0x1000, "dom0 kernel");
    assert_module(1, 0x200000, 0x80000, "initrd");
    assert_string_equal(log_text(), ""); /* nothing to complain about */

    assert_int_equal(bootinfo_sanitise(&bi), 0);
    assert_int_equal(bi.nr_ranges, 6);
    assert_int_equal(bi.nr_modules, 2);
    assert_int_equal(bootinfo_ram_bytes(&bi),
                     0x9fc00 + 0x7ee0000 + 0x80000000ull);
    bootinfo_print(&bi);
    assert_line("Boot loader: qemu");
    assert_line("Command line: xen console=com1 loglvl=all");
    assert_line("Physical RAM map:");
    assert_line(" [0000000000000000, 000000000009fbff] (usable)");
    assert_line(" [000000000009fc00, 000000000009ffff] (reserved)");
    assert_line(" [00000000000f0000, 00000000000fffff] (reserved)");
    assert_line(" [0000000000100000, 0000000007fdffff] (usable)");
    assert_line(" [00000000fffc0000, 00000000ffffffff] (reserved)");
    assert_line(" [0000000100000000, 000000017fffffff] (usable)");
    assert_line("RAM: 2175 MiB in 3 ranges");
    assert_line(" Module 0: [0000000000100000, 0000000000100fff] dom0 kernel");
    assert_line(" Module 1: [0000000000200000, 000000000027ffff] initrd");
}

/* Entries whose size field is larger than 20 are walked by their size. */
static void test_mb1_mmap_padded_entries(void **state)
{
    struct mb1_info info = mb1_qemu();

    info.mmap_length = mb1_put_mmap(MB1_MMAP, qemu_map, 6, 28);
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_int_equal(bi.nr_ranges, 6);
    assert_range(5, 0x100000000ull, 0x80000000ull, 1);
    assert_string_equal(log_text(), "");
}

static void test_mb1_mmap_entry_size_zero(void **state)
{
    struct mb1_info info = mb1_qemu();

    put32(MB1_MMAP + 2 * 24, 0); /* third entry's size */
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_int_equal(bi.nr_ranges, 2); /* the entries before it are kept */
    assert_log("memory map entry at offset 48 has size 0 (less than 20)");
}

static void test_mb1_mmap_length_not_multiple(void **state)
{
    struct mb1_info info = mb1_qemu();

    /* Five whole entries, then 10 bytes of the sixth. */
    info.mmap_length = 5 * 24 + 10;
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_int_equal(bi.nr_ranges, 5);
    assert_log("memory map entry at offset 120 (size 20) runs past "
               "mmap_length 130");

    log_reset();
    info.mmap_length = 6 * 24 + 2;
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_int_equal(bi.nr_ranges, 6);
    assert_log("memory map has 2 stray bytes at offset 144 (mmap_length 146)");
}

static void test_mb1_mmap_unreachable(void **state)
{
    struct mb1_info info = mb1_qemu();

    info.mmap_addr = 0x1000;
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), -EINVAL);
    assert_log("<0>multiboot1: memory map at 0x1000 (mmap_length 144) is "
               "unreachable");

    log_reset();
    info.mmap_addr = PHYS_END - 100; /* starts inside, runs out */
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), -EINVAL);
    assert_log("is unreachable");

    log_reset();
    info.mmap_addr = MB1_MMAP;
    info.mmap_length = 0x200000;
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), -EINVAL);
    assert_log("mmap_length 2097152 is larger than 1048576");
}

static void test_mb1_info_unreachable(void **state)
{
    assert_int_equal(parse1(0x2000), -EINVAL);
    assert_log("multiboot1: information block at 0x2000 is unreachable");
    log_reset();
    assert_int_equal(parse1(PHYS_END - 16), -EINVAL);
    assert_log("is unreachable");
}

static void test_mb1_strings_unreachable(void **state)
{
    struct mb1_info info = mb1_qemu();

    info.cmdline = 0x5000;
    info.boot_loader_name = 0xdead0000;
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_string_equal(bi.cmdline, "");
    assert_string_equal(bi.loader, "");
    assert_log("multiboot1: cmdline at 0x5000 is unreachable");
    assert_log("multiboot1: boot loader name at 0xdead0000 is unreachable");
    assert_int_equal(bi.nr_ranges, 6); /* the rest is still usable */
    assert_int_equal(bi.nr_modules, 2);
}

/* A string that runs into unreachable memory keeps what could be read. */
static void test_mb1_string_at_edge(void **state)
{
    struct mb1_info info = mb1_qemu();

    memset(&phys[PHYS_SIZE - 5], 'x', 5); /* no NUL before the end */
    info.cmdline = PHYS_END - 5;
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_string_equal(bi.cmdline, "xxxxx");
    assert_log("multiboot1: cmdline at 0x1fffb is unreachable");

    /* Ending with its NUL exactly at the edge is fine. */
    log_reset();
    put_str(PHYS_END - 4, "abc");
    info.cmdline = PHYS_END - 4;
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_string_equal(bi.cmdline, "abc");
    assert_no_log("cmdline");
}

static void test_mb1_long_strings(void **state)
{
    struct mb1_info info = mb1_qemu();
    char big[3000];

    memset(big, 'c', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    put_str(0x11000, big);
    info.cmdline = 0x11000;
    put_str(MB1_LOADER, "a boot loader with a name far longer than sixty-three "
                        "characters, which is the buffer");
    put_info(&info);
    put32(MB1_MODS + 8, 0x11000); /* module 0's string */
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_int_equal(strlen(bi.modules[0].cmdline),
                     sizeof(bi.modules[0].cmdline) - 1);
    assert_log("multiboot1: module 0 string at 0x11000 is longer than 255 "
               "bytes; truncated");
    assert_int_equal(strlen(bi.cmdline), BOOTINFO_CMDLINE_LEN - 1);
    assert_int_equal(strlen(bi.loader), BOOTINFO_LOADER_LEN - 1);
    assert_log("multiboot1: cmdline at 0x11000 is longer than 1023 bytes; "
               "truncated");
    assert_log("multiboot1: boot loader name at 0x10300 is longer than 63 "
               "bytes; truncated");

    /* Exactly 1023 characters fit without a warning. */
    log_reset();
    big[BOOTINFO_CMDLINE_LEN - 1] = '\0';
    put_str(0x11000, big);
    put_str(MB1_LOADER, "qemu");
    put32(MB1_MODS + 8, MB1_MODSTR);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_int_equal(strlen(bi.cmdline), BOOTINFO_CMDLINE_LEN - 1);
    assert_string_equal(log_text(), "");
}

static void test_mb1_no_mmap_meminfo(void **state)
{
    struct mb1_info info = mb1_qemu();

    info.flags &= ~MB1_INFO_MEM_MAP;
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_int_equal(bi.nr_ranges, 2);
    assert_range(0, 0, 639 << 10, BOOT_MEM_RAM);
    assert_range(1, 0x100000, 130944ull << 10, BOOT_MEM_RAM);
    assert_log("multiboot1: no memory map; using mem_lower 639 KiB, "
               "mem_upper 130944 KiB");

    /* An empty mmap falls back too. */
    log_reset();
    info.flags |= MB1_INFO_MEM_MAP;
    info.mmap_length = 0;
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_int_equal(bi.nr_ranges, 2);
    assert_log("memory map at 0x10800 has no usable entries (mmap_length 0)");

    /* mem_lower past 640 KiB is clamped. */
    log_reset();
    info.flags &= ~MB1_INFO_MEM_MAP;
    info.mem_lower = 4096;
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_range(0, 0, 640 << 10, BOOT_MEM_RAM);
    assert_log("mem_lower 4096 KiB is above 640 KiB; using 640");
}

static void test_mb1_no_memory_at_all(void **state)
{
    struct mb1_info info = mb1_qemu();

    info.flags &= ~(MB1_INFO_MEM_MAP | MB1_INFO_MEMORY);
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), -EINVAL);
    assert_log("multiboot1: no memory map (flags 0x");
}

static void test_mb1_flags_respected(void **state)
{
    struct mb1_info info = mb1_qemu();

    /* Pointers are garbage, but their flags are clear: never looked at. */
    info.flags = MB1_INFO_MEM_MAP;
    info.cmdline = 0xffffffff;
    info.mods_addr = 0xffffffff;
    info.mods_count = 0xffffffff;
    info.boot_loader_name = 0xffffffff;
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_string_equal(bi.cmdline, "");
    assert_string_equal(bi.loader, "");
    assert_int_equal(bi.nr_modules, 0);
    assert_int_equal(bi.nr_ranges, 6);
    assert_string_equal(log_text(), "");
}

static void test_mb1_modules_bad(void **state)
{
    struct mb1_info info = mb1_qemu();

    /* End before start. */
    mb1_put_module(1, 0x300000, 0x200000, "backwards");
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_int_equal(bi.nr_modules, 1);
    assert_log("multiboot1: module 1 ends before it starts (mod_start "
               "0x300000, mod_end 0x200000); ignored");

    /* Table unreachable. */
    log_reset();
    info.mods_addr = PHYS_END - 16; /* the first entry is in, the second not */
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_int_equal(bi.nr_modules, 1);
    assert_log("multiboot1: module 1 entry at 0x20000 is unreachable");

    /* Unreachable module string: the module stays, with no cmdline. */
    log_reset();
    info.mods_addr = MB1_MODS;
    put_info(&info);
    mb1_put_module(1, 0x200000, 0x280000, NULL);
    put32(MB1_MODS + 16 + 8, 0x9000);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_int_equal(bi.nr_modules, 2);
    assert_module(1, 0x200000, 0x80000, "");
    assert_log("multiboot1: module 1 string at 0x9000 is unreachable");
}

static void test_mb1_too_many(void **state)
{
    struct mb1_info info = mb1_qemu();
    struct boot_mem_range r[200];
    unsigned int i;

    for (i = 0; i < 200; i++)
        r[i] = (struct boot_mem_range){i * 0x10000ull, 0x8000, 1};
    info.mmap_length = mb1_put_mmap(0x14000, r, 200, 20);
    info.mmap_addr = 0x14000;
    for (i = 0; i < 36; i++)
        mb1_put_module(i, 0x100000 + i * 0x1000, 0x100800 + i * 0x1000, "m");
    info.mods_count = 36;
    put_info(&info);
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_int_equal(bi.nr_ranges, BOOTINFO_MAX_RANGES);
    assert_range(127, 127 * 0x10000ull, 0x8000, 1);
    assert_int_equal(bi.nr_modules, BOOTINFO_MAX_MODULES);
    assert_log("multiboot1: memory map has too many entries: kept the first "
               "128, dropped 72");
    assert_log("multiboot1: too many modules: kept the first 32, dropped 4");

    /* An absurd count never walks the table past what can be kept. */
    log_reset();
    info.mods_count = 0xffffffff;
    put_info(&info);
    maps.calls = 0;
    assert_int_equal(parse1(MB1_INFO), 0);
    assert_int_equal(bi.nr_modules, BOOTINFO_MAX_MODULES);
    assert_true(maps.calls < 100);
    assert_log("dropped 4294967263");
}

/* ---- Multiboot2 builders ------------------------------------------------ */

#define MB2_INFO 0x10000ull

struct mb2b {
    uint64_t pa;
    uint32_t off;
};

static void mb2_begin(struct mb2b *b, uint64_t pa)
{
    b->pa = pa;
    b->off = 8;
}

/* Write a tag header claiming size, then len payload bytes; returns offset. */
static uint32_t mb2_raw(struct mb2b *b, uint32_t type, uint32_t size,
                        const void *payload, size_t len)
{
    uint32_t off = b->off;

    put32(b->pa + off, type);
    put32(b->pa + off + 4, size);
    if (len)
        put_bytes(b->pa + off + 8, payload, len);
    b->off += (size + 7) & ~7u;
    return off;
}

static uint32_t mb2_str(struct mb2b *b, uint32_t type, const char *s)
{
    return mb2_raw(b, type, 8 + strlen(s) + 1, s, strlen(s) + 1);
}

static uint32_t mb2_module(struct mb2b *b, uint32_t start, uint32_t end,
                           const char *s)
{
    uint8_t buf[512];
    size_t len = strlen(s) + 1;

    assert_true(len + 8 <= sizeof(buf));
    memcpy(buf, &start, 4);
    memcpy(buf + 4, &end, 4);
    memcpy(buf + 8, s, len);
    return mb2_raw(b, MB2_TAG_TYPE_MODULE, 16 + len, buf, 8 + len);
}

/* An mmap tag of n entries laid out entry_size apart (at least 24). */
static uint32_t mb2_mmap(struct mb2b *b, uint32_t entry_size, uint32_t version,
                         const struct boot_mem_range *r, unsigned int n)
{
    uint32_t stride = entry_size < 24 ? 24 : entry_size;
    static uint8_t buf[8 + 256 * 64];
    unsigned int i;

    assert_true(n <= 256 && stride <= 64);
    memset(buf, 0, sizeof(buf));
    memcpy(buf, &entry_size, 4);
    memcpy(buf + 4, &version, 4);
    for (i = 0; i < n; i++) {
        struct mb2_mmap_entry e = {
            .base_addr = r[i].start,
            .length = r[i].size,
            .type = r[i].type,
        };

        memcpy(buf + 8 + i * stride, &e, sizeof(e));
    }
    return mb2_raw(b, MB2_TAG_TYPE_MMAP, 16 + n * stride, buf, 8 + n * stride);
}

/* Append the END tag and set total_size; returns it. */
static uint32_t mb2_finish(struct mb2b *b)
{
    mb2_raw(b, MB2_TAG_TYPE_END, 8, NULL, 0);
    put32(b->pa, b->off);
    return b->off;
}

/* GRUB's map for a 128 MiB QEMU guest. */
static const struct boot_mem_range grub_map[] = {
    {0x0, 0x9fc00, 1},        {0x9fc00, 0x400, 2},     {0xf0000, 0x10000, 2},
    {0x100000, 0x7ee0000, 1}, {0x7fe0000, 0x20000, 2}, {0xfffc0000, 0x40000, 2},
};

/* Tags as GRUB 2 lays them out, with two modules. */
static void mb2_grub(struct mb2b *b, bool with_mmap)
{
    uint32_t meminfo[2] = {639, 129920};
    uint32_t bootdev[3] = {0xe0, 0xffffffff, 0xffffffff};
    uint8_t rsdp[20] = {'R', 'S', 'D', ' ', 'P', 'T', 'R', ' '};
    uint32_t load_base = 0x200000;

    mb2_begin(b, MB2_INFO);
    mb2_str(b, MB2_TAG_TYPE_CMDLINE, "console=com1 loglvl=all");
    mb2_str(b, MB2_TAG_TYPE_LOADER_NAME, "GRUB 2.06-13+deb12u1");
    mb2_module(b, 0x100000, 0x180000, "/boot/dom0 root=/dev/ram");
    mb2_module(b, 0x180000, 0x180400, "/boot/lu.cfg");
    mb2_raw(b, MB2_TAG_TYPE_BASIC_MEMINFO, 16, meminfo, 8);
    mb2_raw(b, MB2_TAG_TYPE_BOOTDEV, 20, bootdev, 12);
    if (with_mmap)
        mb2_mmap(b, 24, 0, grub_map, 6);
    mb2_raw(b, MB2_TAG_TYPE_ACPI_OLD, 28, rsdp, 20);
    mb2_raw(b, MB2_TAG_TYPE_LOAD_BASE_ADDR, 12, &load_base, 4);
}

/* ---- Multiboot2 tests --------------------------------------------------- */

static void test_mb2_grub(void **state)
{
    struct mb2b b;
    unsigned int i;

    mb2_grub(&b, true);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), 0);
    assert_string_equal(bi.cmdline, "console=com1 loglvl=all");
    assert_string_equal(bi.loader, "GRUB 2.06-13+deb12u1");
    assert_int_equal(bi.nr_ranges, 6);
    for (i = 0; i < 6; i++)
        assert_range(i, grub_map[i].start, grub_map[i].size, grub_map[i].type);
    assert_int_equal(bi.nr_modules, 2);
    assert_module(0, 0x100000, 0x80000, "/boot/dom0 root=/dev/ram");
    assert_module(1, 0x180000, 0x400, "/boot/lu.cfg");
    assert_string_equal(log_text(), "");

    assert_int_equal(bootinfo_sanitise(&bi), 0);
    bootinfo_print(&bi);
    assert_line("Boot loader: GRUB 2.06-13+deb12u1");
    assert_line("Command line: console=com1 loglvl=all");
    assert_line(" [0000000007fe0000, 0000000007ffffff] (reserved)");
    assert_line("RAM: 127 MiB in 2 ranges");
    assert_line(" Module 0: [0000000000100000, 000000000017ffff] "
                "/boot/dom0 root=/dev/ram");
    assert_line(" Module 1: [0000000000180000, 00000000001803ff] /boot/lu.cfg");
}

/* The smallest valid block: one mmap tag and END; no strings, no modules. */
static void test_mb2_minimal(void **state)
{
    struct mb2b b;

    mb2_begin(&b, MB2_INFO);
    mb2_mmap(&b, 24, 0, qemu_map, 6);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), 0);
    assert_int_equal(bi.nr_ranges, 6);
    assert_int_equal(bi.nr_modules, 0);
    assert_string_equal(bi.cmdline, "");
    assert_string_equal(bi.loader, "");
    assert_int_equal(bootinfo_sanitise(&bi), 0);
    bootinfo_print(&bi);
    assert_line("Boot loader: unknown");
    assert_line("Command line: ");
    assert_line(" [0000000100000000, 000000017fffffff] (usable)");
    assert_line("RAM: 2175 MiB in 3 ranges");
    assert_line("Modules: none");
}

static void test_mb2_unknown_tags_skipped(void **state)
{
    uint8_t junk[40];
    struct mb2b b;

    memset(junk, 0xee, sizeof(junk));
    mb2_begin(&b, MB2_INFO);
    mb2_raw(&b, 99, 8 + 33, junk, 33); /* odd size: next tag is padded */
    mb2_raw(&b, MB2_TAG_TYPE_FRAMEBUFFER, 8 + 24, junk, 24);
    mb2_mmap(&b, 24, 0, qemu_map, 2);
    mb2_raw(&b, 0x7fffffff, 8, NULL, 0);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), 0);
    assert_int_equal(bi.nr_ranges, 2);
    assert_string_equal(log_text(), "");
}

static void test_mb2_tag_too_small(void **state)
{
    struct mb2b b;
    uint32_t off;
    char want[80];

    mb2_grub(&b, true);
    off = mb2_raw(&b, 77, 4, NULL, 0);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), -EINVAL);
    snprintf(want, sizeof(want),
             "tag type 77 at offset 0x%x has size 4 "
             "(less than 8)",
             off);
    assert_log(want);

    log_reset();
    mb2_begin(&b, MB2_INFO);
    mb2_raw(&b, MB2_TAG_TYPE_CMDLINE, 0, NULL, 0); /* does not advance */
    b.off += 8;
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), -EINVAL);
    assert_log("tag type 1 at offset 0x8 has size 0 (less than 8)");
}

static void test_mb2_tag_past_total(void **state)
{
    struct mb2b b;
    uint32_t total;

    mb2_begin(&b, MB2_INFO);
    mb2_mmap(&b, 24, 0, qemu_map, 6); /* 16 + 144 = 160 bytes at 0x8 */
    total = mb2_finish(&b);
    put32(MB2_INFO, 100); /* cuts the mmap tag */
    assert_int_equal(parse2(MB2_INFO), -EINVAL);
    assert_log("<0>multiboot2: tag type 6 at offset 0x8 (size 160) runs past "
               "total_size 100");

    /* A cmdline tag whose size runs past the block's end. */
    log_reset();
    put32(MB2_INFO, total);
    put32(MB2_INFO + total - 8, MB2_TAG_TYPE_CMDLINE);
    put32(MB2_INFO + total - 4, 0x1000);
    assert_int_equal(parse2(MB2_INFO), -EINVAL);
    assert_log(
        "tag type 1 at offset 0xa8 (size 4096) runs past total_size 176");
}

static void test_mb2_total_size(void **state)
{
    struct mb2b b;

    mb2_begin(&b, MB2_INFO);
    mb2_mmap(&b, 24, 0, qemu_map, 6);
    mb2_finish(&b);

    put32(MB2_INFO, 0x80000000);
    assert_int_equal(parse2(MB2_INFO), -EINVAL);
    assert_log("multiboot2: information block at 0x10000 has total_size "
               "2147483648 (must be 16 to 1048576)");

    log_reset();
    put32(MB2_INFO, 8);
    assert_int_equal(parse2(MB2_INFO), -EINVAL);
    assert_log("has total_size 8 (must be 16 to 1048576)");

    log_reset();
    put32(MB2_INFO, 0);
    assert_int_equal(parse2(MB2_INFO), -EINVAL);
    assert_log("has total_size 0");

    /* Plausible, but more than the memory that is there. */
    log_reset();
    put32(MB2_INFO, 0x20000);
    assert_int_equal(parse2(MB2_INFO), -EINVAL);
    assert_log("multiboot2: information block at 0x10000 (total_size 131072) "
               "is unreachable");

    log_reset();
    assert_int_equal(parse2(0x1000), -EINVAL);
    assert_log("multiboot2: information block at 0x1000 is unreachable");
}

static void test_mb2_missing_end(void **state)
{
    struct mb2b b;

    mb2_begin(&b, MB2_INFO);
    mb2_mmap(&b, 24, 0, qemu_map, 6);
    put32(MB2_INFO, b.off); /* no END tag */
    assert_int_equal(parse2(MB2_INFO), -EINVAL);
    assert_log("multiboot2: no END tag before total_size 168 (next tag would "
               "be at offset 0xa8)");

    /* total_size that ends inside a tag's padding. */
    log_reset();
    mb2_begin(&b, MB2_INFO);
    mb2_raw(&b, 99, 9, "x", 1);
    put32(MB2_INFO, 20);
    assert_int_equal(parse2(MB2_INFO), -EINVAL);
    assert_log("no END tag before total_size 20 (next tag would be at offset "
               "0x18)");

    /* Only the END tag: well formed, but there is no memory map. */
    log_reset();
    mb2_begin(&b, MB2_INFO);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), -EINVAL);
    assert_log("multiboot2: no usable mmap or basic meminfo tag");
}

static void test_mb2_end_tag_size(void **state)
{
    struct mb2b b;

    mb2_begin(&b, MB2_INFO);
    mb2_mmap(&b, 24, 0, qemu_map, 1);
    mb2_raw(&b, MB2_TAG_TYPE_END, 16, "\0\0\0\0\0\0\0", 8);
    put32(MB2_INFO, b.off);
    assert_int_equal(parse2(MB2_INFO), 0);
    assert_log("END tag at offset 0x30 has size 16 (expected 8)");
}

static void test_mb2_unterminated_strings(void **state)
{
    struct mb2b b;

    mb2_begin(&b, MB2_INFO);
    mb2_raw(&b, MB2_TAG_TYPE_CMDLINE, 8 + 5, "hello", 5);
    mb2_raw(&b, MB2_TAG_TYPE_LOADER_NAME, 8, NULL, 0);
    mb2_raw(&b, MB2_TAG_TYPE_MODULE, 16 + 3, "\0\0\x10\0\0\0\x11\0abc", 11);
    mb2_mmap(&b, 24, 0, qemu_map, 6);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), 0);
    assert_string_equal(bi.cmdline, "hello");
    assert_string_equal(bi.loader, "");
    assert_module(0, 0x100000, 0x10000, "abc");
    assert_log("multiboot2: cmdline tag at offset 0x8: string is not "
               "NUL-terminated within its 5 bytes; truncated");
    assert_log("multiboot2: boot loader name tag at offset 0x18: string is not "
               "NUL-terminated within its 0 bytes; truncated");
    assert_log("multiboot2: module tag at offset 0x20: string is not "
               "NUL-terminated within its 3 bytes; truncated");
}

static void test_mb2_long_strings(void **state)
{
    char big[2000], mod[400];
    struct mb2b b;

    memset(big, 'q', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    memset(mod, 'm', sizeof(mod) - 1);
    mod[sizeof(mod) - 1] = '\0';
    mb2_begin(&b, MB2_INFO);
    mb2_str(&b, MB2_TAG_TYPE_CMDLINE, big);
    mb2_module(&b, 0x100000, 0x101000, mod);
    mb2_mmap(&b, 24, 0, qemu_map, 6);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), 0);
    assert_int_equal(strlen(bi.cmdline), BOOTINFO_CMDLINE_LEN - 1);
    assert_int_equal(strlen(bi.modules[0].cmdline),
                     sizeof(bi.modules[0].cmdline) - 1);
    assert_log("multiboot2: cmdline tag at offset 0x8: string of 1999 bytes is "
               "longer than 1023; truncated");
    assert_log("multiboot2: module tag at offset 0x7e0: string of 399 bytes is "
               "longer than 255; truncated");
}

static void test_mb2_duplicate_tags(void **state)
{
    struct mb2b b;

    mb2_begin(&b, MB2_INFO);
    mb2_str(&b, MB2_TAG_TYPE_CMDLINE, "first");
    mb2_str(&b, MB2_TAG_TYPE_CMDLINE, "second");
    mb2_mmap(&b, 24, 0, qemu_map, 6);
    mb2_mmap(&b, 24, 0, grub_map, 3);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), 0);
    assert_string_equal(bi.cmdline, "first");
    assert_int_equal(bi.nr_ranges, 6);
    assert_log("multiboot2: second cmdline tag at offset 0x18; ignored");
    assert_log("multiboot2: second mmap tag at offset 0xc8; ignored");
}

static void test_mb2_mmap_entry_size(void **state)
{
    static const uint32_t bad[] = {0, 8, 16, 20, 28, 30};
    struct mb2b b;
    unsigned int i;
    char want[120];

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        log_reset();
        mb2_begin(&b, MB2_INFO);
        mb2_mmap(&b, bad[i], 0, qemu_map, 6);
        mb2_finish(&b);
        assert_int_equal(parse2(MB2_INFO), -EINVAL);
        snprintf(want, sizeof(want),
                 "mmap tag at offset 0x8 has bad "
                 "entry_size %u (need a multiple of 8, at least 24)",
                 bad[i]);
        assert_log(want);
        assert_log("no usable mmap or basic meminfo tag");
    }

    /* Larger entries (a future version) are walked by entry_size. */
    log_reset();
    mb2_begin(&b, MB2_INFO);
    mb2_mmap(&b, 40, 1, qemu_map, 6);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), 0);
    assert_int_equal(bi.nr_ranges, 6);
    assert_range(5, 0x100000000ull, 0x80000000ull, 1);
    assert_log("<1>multiboot2: mmap tag at offset 0x8 has entry_version 1; "
               "reading it as version 0");
}

static void test_mb2_mmap_entries_past_tag(void **state)
{
    struct mb2b b;

    mb2_begin(&b, MB2_INFO);
    mb2_mmap(&b, 24, 0, qemu_map, 3);
    put32(MB2_INFO + 8 + 4, 16 + 3 * 24 - 10); /* size cuts the third entry */
    b.off = 8 + 80;
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), 0);
    assert_int_equal(bi.nr_ranges, 2);
    assert_log("multiboot2: mmap tag at offset 0x8: 14 bytes after its 2 "
               "entries of 24 bytes; ignored");

    /* A tag too short to hold its own header fields. */
    log_reset();
    mb2_begin(&b, MB2_INFO);
    mb2_raw(&b, MB2_TAG_TYPE_MMAP, 12, "\x18\0\0\0", 4);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), -EINVAL);
    assert_log("multiboot2: mmap tag at offset 0x8 is too short (size 12)");

    /* No entries at all. */
    log_reset();
    mb2_begin(&b, MB2_INFO);
    mb2_mmap(&b, 24, 0, qemu_map, 0);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), -EINVAL);
    assert_log("multiboot2: mmap tag at offset 0x8 has no entries");
}

static void test_mb2_meminfo_fallback(void **state)
{
    struct mb2b b;

    mb2_grub(&b, false);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), 0);
    assert_int_equal(bi.nr_ranges, 2);
    assert_range(0, 0, 639 << 10, BOOT_MEM_RAM);
    assert_range(1, 0x100000, 129920ull << 10, BOOT_MEM_RAM);
    assert_log("<1>multiboot2: no memory map; using mem_lower 639 KiB, "
               "mem_upper 129920 KiB");

    log_reset();
    mb2_begin(&b, MB2_INFO);
    mb2_raw(&b, MB2_TAG_TYPE_BASIC_MEMINFO, 12, "\x7f\x02\0\0", 4);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), -EINVAL);
    assert_log("basic meminfo tag at offset 0x8 is too short (size 12)");
}

static void test_mb2_modules_bad(void **state)
{
    struct mb2b b;

    mb2_begin(&b, MB2_INFO);
    mb2_module(&b, 0x200000, 0x100000, "backwards");
    mb2_raw(&b, MB2_TAG_TYPE_MODULE, 12, "\0\0\x10\0", 4);
    mb2_module(&b, 0x100000, 0x100000, "empty");
    mb2_mmap(&b, 24, 0, qemu_map, 6);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), 0);
    assert_int_equal(bi.nr_modules, 1);
    assert_module(0, 0x100000, 0, "empty");
    assert_log("multiboot2: module 0 ends before it starts (mod_start "
               "0x200000, mod_end 0x100000); ignored");
    assert_log("multiboot2: module tag at offset 0x28 is too short (size 12); "
               "ignored");

    /* The empty module is dropped by sanitise, by index. */
    log_reset();
    assert_int_equal(bootinfo_sanitise(&bi), 1);
    assert_int_equal(bi.nr_modules, 0);
    assert_log("module 0 at 0000000000100000 has zero size; dropped");
}

static void test_mb2_too_many(void **state)
{
    struct boot_mem_range r[150];
    struct mb2b b;
    unsigned int i;

    for (i = 0; i < 150; i++)
        r[i] = (struct boot_mem_range){i * 0x100000ull, 0x80000, i % 2 + 1};
    mb2_begin(&b, MB2_INFO);
    mb2_mmap(&b, 24, 0, r, 150);
    for (i = 0; i < 34; i++)
        mb2_module(&b, 0x100000 * i, 0x100000 * i + 0x1000, "m");
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO), 0);
    assert_int_equal(bi.nr_ranges, BOOTINFO_MAX_RANGES);
    assert_int_equal(bi.nr_modules, BOOTINFO_MAX_MODULES);
    assert_range(127, 127 * 0x100000ull, 0x80000, 2);
    assert_module(31, 31 * 0x100000, 0x1000, "m");
    assert_log("multiboot2: memory map has too many entries: kept the first "
               "128, dropped 22");
    assert_log("multiboot2: too many modules: kept the first 32, dropped 2");
}

static void test_mb2_misaligned_block(void **state)
{
    struct mb2b b;

    mb2_begin(&b, MB2_INFO + 4);
    mb2_mmap(&b, 24, 0, qemu_map, 6);
    mb2_finish(&b);
    assert_int_equal(parse2(MB2_INFO + 4), 0);
    assert_int_equal(bi.nr_ranges, 6);
    assert_log("information block at 0x10004 is not 8-byte aligned");
}

/* ---- Robustness ---------------------------------------------------------- */

/* xorshift64*: deterministic, so a failure reproduces. */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

static uint32_t min32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

static uint32_t rnd_below(uint64_t *s, uint32_t n)
{
    return (uint32_t)(rnd(s) % n);
}

static void fill_random(uint64_t *s, uint8_t *p, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        p[i] = (uint8_t)rnd(s);
}

/* What must hold of any boot_info a parser returned, good input or not. */
static void check_parsed(void)
{
    unsigned int i;

    assert_true(bi.nr_ranges <= BOOTINFO_MAX_RANGES);
    assert_true(bi.nr_modules <= BOOTINFO_MAX_MODULES);
    assert_true(memchr(bi.cmdline, 0, sizeof(bi.cmdline)) != NULL);
    assert_true(memchr(bi.loader, 0, sizeof(bi.loader)) != NULL);
    for (i = 0; i < bi.nr_modules; i++)
        assert_true(memchr(bi.modules[i].cmdline, 0,
                           sizeof(bi.modules[i].cmdline)) != NULL);
}

/* What must hold after bootinfo_sanitise(), see bootinfo.c. */
static void check_sanitised(void)
{
    unsigned int i, j;

    check_parsed();
    for (i = 0; i < bi.nr_ranges; i++) {
        const struct boot_mem_range *r = &bi.ranges[i];

        assert_true(r->size > 0);
        assert_true(r->size <= UINT64_MAX - r->start);
        assert_true(r->type >= BOOT_MEM_RAM && r->type <= BOOT_MEM_UNUSABLE);
        if (i)
            assert_true(bi.ranges[i - 1].start + bi.ranges[i - 1].size <=
                        r->start);
    }
    for (i = 0; i < bi.nr_modules; i++) {
        const struct boot_module *m = &bi.modules[i];
        bool in = false;

        assert_true(m->size > 0);
        for (j = 0; j < bi.nr_ranges; j++)
            in |= bi.ranges[j].type == BOOT_MEM_RAM &&
                  bi.ranges[j].start <= m->start &&
                  m->start + m->size <= bi.ranges[j].start + bi.ranges[j].size;
        assert_true(in);
    }
}

static void exercise(void)
{
    check_parsed();
    bootinfo_sanitise(&bi);
    check_sanitised();
    bootinfo_print(&bi);
    (void)bootinfo_ram_bytes(&bi);
    unmap_all();
    log_reset();
}

/* A plausible-looking multiboot2 tag with random contents. */
static void fuzz_mb2_tag(uint64_t *s, struct mb2b *b, uint32_t room)
{
    static const uint32_t types[] = {0, 1, 2, 3, 4, 5, 6, 6, 6, 8, 14, 21, 99};
    uint8_t payload[512];
    uint32_t type = types[rnd_below(s, sizeof(types) / sizeof(types[0]))];
    uint32_t size = rnd_below(s, 4) ? 8 + rnd_below(s, 200) : rnd(s);
    uint32_t len = room < 8 ? 0 : min32(room - 8, sizeof(payload));

    fill_random(s, payload, len);
    if (type == MB2_TAG_TYPE_MMAP && rnd_below(s, 3)) {
        uint32_t es = rnd_below(s, 2) ? 24 : 8 * rnd_below(s, 8);

        memcpy(payload, &es, 4);
        memset(payload + 4, 0, 4);
        for (uint32_t i = 8; i + 24 <= len; i += es ? es : 24) {
            payload[i + 16] = (uint8_t)rnd_below(s, 7);
            memset(payload + i + 5, 0, 3); /* keep addresses moderate */
            memset(payload + i + 13, 0, 3);
        }
    }
    if (room >= 8)
        mb2_raw(b, type, size, payload, min32(len, size > 8 ? size - 8 : 0));
    else
        b->off += 8;
}

static void test_mb2_random(void **state)
{
    uint64_t s = 0x9e3779b97f4a7c15ull;
    unsigned int iter, ok = 0;

    for (iter = 0; iter < 20000; iter++) {
        struct mb2b b;
        unsigned int t, nr_tags = rnd_below(&s, 12);
        uint32_t limit = 0x4000;

        if (rnd_below(&s, 8) == 0) {
            fill_random(&s, phys, 0x4000); /* pure garbage */
        } else {
            memset(phys, 0, 0x4000);
            mb2_begin(&b, MB2_INFO);
            for (t = 0; t < nr_tags && b.off < limit - 0x400; t++)
                fuzz_mb2_tag(&s, &b, limit - b.off);
            if (rnd_below(&s, 4) && b.off < limit - 8)
                mb2_finish(&b);
            if (rnd_below(&s, 6) == 0)
                put32(MB2_INFO, rnd(&s));
        }
        if (parse2(MB2_INFO) == 0)
            ok++;
        exercise();
    }
    /* The generator must reach the deep paths, not just the size check. */
    assert_true(ok > 500);
}

static void test_mb1_random(void **state)
{
    uint64_t s = 0x0123456789abcdefull;
    unsigned int iter, ok = 0;

    for (iter = 0; iter < 20000; iter++) {
        uint32_t words[sizeof(struct mb1_info) / 4];
        struct mb1_info info;
        unsigned int w;

        fill_random(&s, phys, 0x2000);
        fill_random(&s, (uint8_t *)words, sizeof(words));
        /* Point most pointers into (or near the edge of) fake memory. */
        for (w = 1; w < 17; w++)
            if (rnd_below(&s, 4))
                words[w] = PHYS_BASE + rnd_below(&s, PHYS_SIZE + 64) - 32;
        memcpy(&info, words, sizeof(info));
        info.mods_count =
            rnd_below(&s, 3) ? rnd_below(&s, 24) : info.mods_count;
        info.mmap_length =
            rnd_below(&s, 3) ? rnd_below(&s, 600) : info.mmap_length;
        if (rnd_below(&s, 2)) { /* a walkable map with random contents */
            info.mmap_addr = 0x11000;
            for (w = 0; w < 600; w += 24)
                put32(0x11000 + w, rnd_below(&s, 8) ? 20 : rnd_below(&s, 40));
        }
        put_info(&info);
        if (parse1(MB1_INFO) == 0)
            ok++;
        exercise();
    }
    assert_true(ok > 500);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_mb1_qemu),
        T(test_mb1_mmap_padded_entries),
        T(test_mb1_mmap_entry_size_zero),
        T(test_mb1_mmap_length_not_multiple),
        T(test_mb1_mmap_unreachable),
        T(test_mb1_info_unreachable),
        T(test_mb1_strings_unreachable),
        T(test_mb1_string_at_edge),
        T(test_mb1_long_strings),
        T(test_mb1_no_mmap_meminfo),
        T(test_mb1_no_memory_at_all),
        T(test_mb1_flags_respected),
        T(test_mb1_modules_bad),
        T(test_mb1_too_many),
        T(test_mb2_grub),
        T(test_mb2_minimal),
        T(test_mb2_unknown_tags_skipped),
        T(test_mb2_tag_too_small),
        T(test_mb2_tag_past_total),
        T(test_mb2_total_size),
        T(test_mb2_missing_end),
        T(test_mb2_end_tag_size),
        T(test_mb2_unterminated_strings),
        T(test_mb2_long_strings),
        T(test_mb2_duplicate_tags),
        T(test_mb2_mmap_entry_size),
        T(test_mb2_mmap_entries_past_tag),
        T(test_mb2_meminfo_fallback),
        T(test_mb2_modules_bad),
        T(test_mb2_too_many),
        T(test_mb2_misaligned_block),
        T(test_mb2_random),
        T(test_mb1_random),
    };
#undef T

    return cmocka_run_group_tests_name("multiboot", tests, NULL, NULL);
}
