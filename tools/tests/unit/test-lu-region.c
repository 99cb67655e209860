/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the live-update reserved region (xen/common/lu_region.c).
 * liveupdate= values are parsed in every accepted form and in each way they
 * can be wrong (the request must stay untouched and the log must name the
 * value).  Choosing is checked without an address (the highest 2 MiB
 * aligned free run below 4 GiB, an exactly fitting run, a run that is free
 * but not aligned, memory only above 4 GiB, a region too big, with the
 * message a user sees) and with one (RAM, holes, 4 GiB, entries that
 * touch), and with bad frames: a chosen region steps around them, and a
 * region pinned over one still never hands it out from the boot allocator.
 * A region must leave the rest of boot the memory it needs (outside it, or
 * inside it with lu_bootmem_only), and a pinned one must keep clear of the
 * first MiB, the modules and, on a first boot, the running image.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/lu_region.h>
#include "harness.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define FRAME_4G 0x100000UL

/* ---- Parsing ------------------------------------------------------------- */

static void check_parse(const char *s, uint64_t size, bool has_addr,
                        paddr_t addr)
{
    struct lu_region_request req;

    memset(&req, 0xa5, sizeof(req));
    assert_int_equal(lu_region_parse(s, &req), 0);
    assert_int_equal(req.size, size);
    assert_int_equal(req.has_addr, has_addr);
    assert_int_equal(req.addr, addr);
}

static void test_parse_forms(void **state)
{
    log_reset();
    check_parse("256M", 256 * MiB, false, 0);
    check_parse("3M", 4 * MiB, false, 0);             /* rounded up */
    check_parse("1", 2 * MiB, false, 0);              /* plain bytes */
    check_parse("2m", 2 * MiB, false, 0);
    check_parse("4k", 2 * MiB, false, 0);
    check_parse("1g", 1 * GiB, false, 0);
    check_parse("8G", 8 * GiB, false, 0);             /* choose refuses it */
    check_parse("1G@0x40000000", 1 * GiB, true, 0x40000000);
    check_parse("0x10000000@1G", 256 * MiB, true, 1 * GiB);
    check_parse("5M@0", 6 * MiB, true, 0);
    check_parse("2M@4094M", 2 * MiB, true, 4094 * MiB);
    assert_string_equal(log_text(), "");
}

static void check_parse_error(const char *s, const char *why)
{
    struct lu_region_request req, copy;
    char needle[128];

    log_reset();
    memset(&req, 0xa5, sizeof(req));
    copy = req;
    assert_int_equal(lu_region_parse(s, &req), -EINVAL);
    assert_memory_equal(&req, &copy, sizeof(req));
    snprintf(needle, sizeof(needle), "<1>liveupdate: bad value '%s': %s", s,
             why);
    assert_true(log_contains(needle));
}

static void test_parse_errors(void **state)
{
    check_parse_error("", "size is not a number");
    check_parse_error("abc", "size is not a number");
    check_parse_error(" 256M", "size is not a number");
    check_parse_error("-1", "size is not a number");
    check_parse_error("0", "size is zero");
    check_parse_error("0M", "size is zero");
    check_parse_error("0@0x40000000", "size is zero");
    check_parse_error("99999999999999999999999", "size too large");
    check_parse_error("0xfffffffffffff000", "size too large");
    check_parse_error("256Mx", "trailing characters");
    check_parse_error("256M ", "trailing characters");
    check_parse_error("256MM", "trailing characters");
    check_parse_error("256M@", "address is not a number");
    check_parse_error("256M@abc", "address is not a number");
    check_parse_error("256M@-1", "address is not a number");
    check_parse_error("256M@1Gx", "trailing characters");
    check_parse_error("256M@1G@2G", "trailing characters");
    check_parse_error("256M@0x40001000", "address not 2 MiB aligned");
    check_parse_error("256M@1M", "address not 2 MiB aligned");
    check_parse_error("256M@0xffffffffffffffffff", "address too large");
    assert_int_equal(lu_region_parse(NULL, NULL), -EINVAL);
}

/* ---- Choosing ------------------------------------------------------------ */

static void add_range(struct boot_info *bi, uint64_t start, uint64_t size,
                      uint32_t type)
{
    bi->ranges[bi->nr_ranges].start = start;
    bi->ranges[bi->nr_ranges].size = size;
    bi->ranges[bi->nr_ranges].type = type;
    bi->nr_ranges++;
}

/* A QEMU-like 6 GiB map, and a boot allocator holding all of its RAM. */
static void six_gib(struct boot_info *bi, struct bootmem *bm)
{
    memset(bi, 0, sizeof(*bi));
    add_range(bi, 0, 0x9fc00, BOOT_MEM_RAM);
    add_range(bi, 0xf0000, 0x10000, BOOT_MEM_RESERVED);
    add_range(bi, 0x100000, 0xbffe0000 - 0x100000, BOOT_MEM_RAM);
    add_range(bi, 0xfffc0000, 0x40000, BOOT_MEM_RESERVED);
    add_range(bi, 4 * GiB, 2 * GiB, BOOT_MEM_RAM);
    bootmem_init(bm);
    assert_int_equal(bootmem_add(bm, _mfn(0x1), 0x9e), 0);
    assert_int_equal(bootmem_add(bm, _mfn(0x100), 0xbffe0 - 0x100), 0);
    assert_int_equal(bootmem_add(bm, _mfn(FRAME_4G), 0x80000), 0);
}

static struct lu_region_request req_size(uint64_t size)
{
    return (struct lu_region_request){.size = size};
}

static struct lu_region_request req_at(uint64_t size, paddr_t addr)
{
    return (struct lu_region_request){.size = size, .addr = addr,
                                      .has_addr = true};
}

/* Choose into *m with env; returns the error.  bm must not change. */
static int choose_env(const struct bootmem *bm, const struct boot_info *bi,
                      struct lu_region_request req,
                      const struct lu_region_env *env, unsigned long *m)
{
    struct bootmem copy = *bm;
    mfn_t start = INVALID_MFN;
    int rc;

    log_reset();
    rc = lu_region_choose(bm, bi, &req, env, &start);
    assert_memory_equal(bm, &copy, sizeof(copy));
    if (rc)
        assert_true(mfn_eq(start, INVALID_MFN));
    *m = mfn_x(start);
    return rc;
}

/* Choose with no image in the way and a boot that needs no memory. */
static int choose(const struct bootmem *bm, const struct boot_info *bi,
                  struct lu_region_request req, unsigned long *m)
{
    const struct lu_region_env env = {0};

    return choose_env(bm, bi, req, &env, m);
}

static void test_choose_highest_below_4g(void **state)
{
    struct boot_info bi;
    struct bootmem bm;
    unsigned long m;

    six_gib(&bi, &bm);
    /* Free RAM above 4 GiB is ignored; below, the top run ends 0xbffe0. */
    assert_int_equal(choose(&bm, &bi, req_size(256 * MiB), &m), 0);
    assert_int_equal(m, 0xafe00);
    assert_int_equal(choose(&bm, &bi, req_size(2 * MiB), &m), 0);
    assert_int_equal(m, 0xbfc00);
    /* The biggest that fits: all of [2 MiB, 0xbfe00000). */
    assert_int_equal(choose(&bm, &bi, req_size(0xbfc00000), &m), 0);
    assert_int_equal(m, 0x200);
    assert_int_equal(choose(&bm, &bi, req_size(0xbfe00000), &m), -ENOSPC);
    assert_true(log_contains("<0>liveupdate: no free 2 MiB aligned run of "
                             "3070 MiB below 4 GiB"));
    /* A restriction on the allocator does not restrict the region. */
    bootmem_restrict(&bm, _mfn(0x200), 0x200);
    assert_int_equal(choose(&bm, &bi, req_size(2 * MiB), &m), 0);
    assert_int_equal(m, 0xbfc00);
}

static void test_choose_exact_fit(void **state)
{
    struct boot_info bi;
    struct bootmem bm;
    unsigned long m;

    memset(&bi, 0, sizeof(bi));
    bootmem_init(&bm);
    assert_int_equal(bootmem_add(&bm, _mfn(0x200), 0x200), 0);
    assert_int_equal(choose(&bm, &bi, req_size(2 * MiB), &m), 0);
    assert_int_equal(m, 0x200);
    assert_int_equal(choose(&bm, &bi, req_size(4 * MiB), &m), -ENOSPC);
    assert_true(log_contains("run of 4 MiB below 4 GiB"));

    /* Ending exactly at 4 GiB. */
    bootmem_init(&bm);
    assert_int_equal(bootmem_add(&bm, _mfn(0xff000), 0x1000), 0);
    assert_int_equal(choose(&bm, &bi, req_size(16 * MiB), &m), 0);
    assert_int_equal(m, 0xff000);
    /* A run crossing 4 GiB: only the part below counts. */
    assert_int_equal(bootmem_add(&bm, _mfn(FRAME_4G), 0x1000), 0);
    assert_int_equal(choose(&bm, &bi, req_size(16 * MiB), &m), 0);
    assert_int_equal(m, 0xff000);
    assert_int_equal(choose(&bm, &bi, req_size(18 * MiB), &m), -ENOSPC);
}

static void test_choose_unaligned_run(void **state)
{
    struct boot_info bi;
    struct bootmem bm;
    unsigned long m;

    memset(&bi, 0, sizeof(bi));
    bootmem_init(&bm);
    /* 4 MiB free, but starting 4 KiB past a 2 MiB boundary. */
    assert_int_equal(bootmem_add(&bm, _mfn(0x201), 0x400), 0);
    assert_int_equal(choose(&bm, &bi, req_size(4 * MiB), &m), -ENOSPC);
    assert_true(log_contains("no free 2 MiB aligned run of 4 MiB below 4 GiB"));
    assert_int_equal(choose(&bm, &bi, req_size(2 * MiB), &m), 0);
    assert_int_equal(m, 0x400);
}

static void test_choose_too_big(void **state)
{
    struct boot_info bi;
    struct bootmem bm;
    unsigned long m;

    six_gib(&bi, &bm);
    assert_int_equal(choose(&bm, &bi, req_size(8 * GiB), &m), -ENOSPC);
    assert_true(log_contains("<0>liveupdate: no free 2 MiB aligned run of "
                             "8192 MiB below 4 GiB\n"));
    assert_int_equal(choose(&bm, &bi, req_size(4 * GiB), &m), -ENOSPC);
    assert_true(log_contains("run of 4096 MiB below"));
    /* Nothing free at all. */
    bootmem_init(&bm);
    assert_int_equal(choose(&bm, &bi, req_size(2 * MiB), &m), -ENOSPC);
}

static void test_choose_above_4g_refused(void **state)
{
    struct boot_info bi;
    struct bootmem bm;
    unsigned long m;

    memset(&bi, 0, sizeof(bi));
    add_range(&bi, 0, 8 * GiB, BOOT_MEM_RAM);
    bootmem_init(&bm);
    assert_int_equal(bootmem_add(&bm, _mfn(FRAME_4G), FRAME_4G), 0);
    assert_int_equal(choose(&bm, &bi, req_size(2 * MiB), &m), -ENOSPC);
    assert_true(log_contains("run of 2 MiB below 4 GiB"));

    assert_int_equal(choose(&bm, &bi, req_at(2 * MiB, 4 * GiB), &m), -EINVAL);
    assert_true(log_contains("<0>liveupdate: region of 2 MiB at 0x100000000 "
                             "does not lie below 4 GiB"));
    assert_int_equal(choose(&bm, &bi, req_at(4 * MiB, 4 * GiB - 2 * MiB), &m),
                     -EINVAL);
    assert_true(log_contains("region of 4 MiB at 0xffe00000 does not lie"));
    /* An address so high that addr + size wraps. */
    assert_int_equal(choose(&bm, &bi, req_at(4 * MiB, 0xffffffffffe00000ULL),
                            &m), -EINVAL);
    /* The last 2 MiB below 4 GiB is fine. */
    assert_int_equal(choose(&bm, &bi, req_at(2 * MiB, 4 * GiB - 2 * MiB), &m),
                     0);
    assert_int_equal(m, 0xffe00);
}

static void test_choose_at_addr(void **state)
{
    struct boot_info bi;
    struct bootmem bm;
    unsigned long m;

    six_gib(&bi, &bm);
    assert_int_equal(choose(&bm, &bi, req_at(256 * MiB, 1 * GiB), &m), 0);
    assert_int_equal(m, 0x40000);
    assert_string_equal(log_text(), "");
    /* Frames the allocator holds busy (bad pages, say) are allowed. */
    bootmem_init(&bm);
    assert_int_equal(choose(&bm, &bi, req_at(256 * MiB, 1 * GiB), &m), 0);

    assert_int_equal(choose(&bm, &bi, req_at(2 * MiB, 0xc0000000), &m),
                     -EINVAL);
    assert_true(log_contains("<0>liveupdate: region 0xc0000000-0xc0200000 is "
                             "not all RAM"));
    /* Partly RAM: runs off the end of the RAM below 4 GiB. */
    assert_int_equal(choose(&bm, &bi, req_at(4 * MiB, 0xbfe00000), &m),
                     -EINVAL);
    /* The first 2 MiB holds the hole at 640 KiB (and the first MiB). */
    assert_int_equal(choose(&bm, &bi, req_at(2 * MiB, 0), &m), -EINVAL);
    assert_true(log_contains("region 0x0-0x200000 overlaps the first MiB"));

    /* Two RAM entries that touch count as one. */
    memset(&bi, 0, sizeof(bi));
    add_range(&bi, 512 * MiB, 512 * MiB, BOOT_MEM_RAM);
    add_range(&bi, 2 * MiB, 510 * MiB, BOOT_MEM_RAM);
    assert_int_equal(choose(&bm, &bi, req_at(64 * MiB, 480 * MiB), &m), 0);
    assert_int_equal(m, 480 * MiB >> 12);
    assert_int_equal(choose(&bm, &bi, req_at(1022 * MiB, 2 * MiB), &m), 0);
    assert_int_equal(choose(&bm, &bi, req_at(1024 * MiB, 2 * MiB), &m),
                     -EINVAL);
}

static void test_choose_bad_requests(void **state)
{
    struct boot_info bi;
    struct bootmem bm;
    unsigned long m;

    six_gib(&bi, &bm);
    assert_int_equal(choose(&bm, &bi, req_size(0), &m), -EINVAL);
    assert_true(log_contains("region size 0x0 is not a positive multiple of "
                             "2 MiB"));
    assert_int_equal(choose(&bm, &bi, req_size(3 * MiB), &m), -EINVAL);
    assert_int_equal(choose(&bm, &bi, req_at(2 * MiB, 1 * GiB + 4096), &m),
                     -EINVAL);
    assert_true(log_contains("region address 0x40001000 is not 2 MiB aligned"));
}

static void test_choose_around_bad_frame(void **state)
{
    struct boot_info bi;
    struct bootmem bm;
    unsigned long m;

    six_gib(&bi, &bm);
    /* A bad frame in what would be the region: the region moves below. */
    assert_int_equal(bootmem_remove(&bm, _mfn(0xafe05), 1), 0);
    assert_int_equal(choose(&bm, &bi, req_size(256 * MiB), &m), 0);
    assert_int_equal(m, 0x9fe00);
    assert_true(m + 0x10000 <= 0xafe05);
}

static void test_pinned_region_with_bad_frame(void **state)
{
    struct boot_info bi;
    struct bootmem bm;
    unsigned long m, got = 0, a;

    six_gib(&bi, &bm);
    /* The predecessor's region holds a frame this boot says is bad. */
    assert_int_equal(bootmem_remove(&bm, _mfn(0x40123), 1), 0);
    assert_int_equal(choose(&bm, &bi, req_at(4 * MiB, 1 * GiB), &m), 0);
    assert_int_equal(m, 0x40000);
    bootmem_restrict(&bm, _mfn(m), 4 * MiB >> 12);
    while (!mfn_eq(_mfn(a = mfn_x(bootmem_alloc(&bm, 1, 1, INVALID_MFN))),
                   INVALID_MFN)) {
        assert_true(a >= 0x40000 && a < 0x40400);
        assert_int_not_equal(a, 0x40123);
        got++;
    }
    assert_int_equal(got, 0x400 - 1);
}

/* ---- Leaving boot enough memory ------------------------------------------ */

/* QEMU's 2 GiB map, with boot memory as mm_init() leaves it for the region. */
#define QEMU_2G_END   0x7ffe0UL
#define IMAGE_START   0x200000ULL
#define IMAGE_END     0x2434b7ULL

static void two_gib(struct boot_info *bi, struct bootmem *bm)
{
    memset(bi, 0, sizeof(*bi));
    add_range(bi, 0, 0x9fc00, BOOT_MEM_RAM);
    add_range(bi, 0xf0000, 0x10000, BOOT_MEM_RESERVED);
    add_range(bi, 0x100000, (QEMU_2G_END << 12) - 0x100000, BOOT_MEM_RAM);
    bootmem_init(bm);
    assert_int_equal(bootmem_add(bm, _mfn(0x100), QEMU_2G_END - 0x100), 0);
    assert_int_equal(bootmem_remove(bm, _mfn(0x200), 0x44), 0); /* image */
}

static struct lu_region_env env_2g(bool bootmem_only)
{
    return (struct lu_region_env){
        .image_start = IMAGE_START,
        .image_end = IMAGE_END,
        .bootmem_only = bootmem_only,
        .boot_need = lu_region_boot_need(QEMU_2G_END),
    };
}

/* Halves: 2 MiB aligned, which one a frame is in, and when they fit. */
static void test_halves(void **state)
{
    const unsigned long mib = 256; /* frames */
    mfn_t start = _mfn(0x40000), half;
    unsigned long pages;

    (void)state;
    lu_region_half(start, 128 * mib, false, &half, &pages);
    assert_int_equal(mfn_x(half), 0x40000);
    assert_int_equal(pages, 64 * mib);
    lu_region_half(start, 128 * mib, true, &half, &pages);
    assert_int_equal(mfn_x(half), 0x40000 + 64 * mib);
    assert_int_equal(pages, 64 * mib);
    /* 6 MiB: halves of 2 MiB (whole chunks), the upper one 2 MiB up. */
    lu_region_half(start, 6 * mib, true, &half, &pages);
    assert_int_equal(mfn_x(half), 0x40000 + 2 * mib);
    assert_int_equal(pages, 2 * mib);

    assert_false(lu_region_in_upper_half(start, 128 * mib, start));
    assert_false(lu_region_in_upper_half(start, 128 * mib,
                                         _mfn(0x40000 + 64 * mib - 1)));
    assert_true(lu_region_in_upper_half(start, 128 * mib,
                                        _mfn(0x40000 + 64 * mib)));

    /* A half must hold the image offset and then need frames. */
    assert_true(lu_region_can_halve(128 * mib, 2 << 20, 62 * mib));
    assert_false(lu_region_can_halve(128 * mib, 2 << 20, 62 * mib + 1));
    assert_false(lu_region_can_halve(4 * mib, 2 << 20, 1));
    assert_false(lu_region_can_halve(2 * mib, 0, 1));
    assert_false(lu_region_can_halve(0, 0, 0));
}

/*
 * Which part the next hypervisor gets: the half the running one does not
 * use, only when the running one keeps to a half or stays out; after a
 * boot over the whole region (an image too big for a half), the whole
 * region even for an image that would fit a half, whose frame table and
 * page tables, handed out from the top down, are in the upper half.
 */
static void test_next_part(void **state)
{
    const unsigned long mib = 256; /* frames */
    const mfn_t start = _mfn(0x40000);
    const unsigned long pages = 128 * mib, fits = 62 * mib, big = fits + 1;
    mfn_t part;
    unsigned long part_pages;

    (void)state;
    /* A first boot, outside the region: the lower half. */
    assert_true(lu_region_next_part(start, pages, LU_REGION_USE_NONE,
                                    2 << 20, fits, &part, &part_pages));
    assert_int_equal(mfn_x(part), 0x40000);
    assert_int_equal(part_pages, 64 * mib);
    /* In the lower half: the upper one; in the upper half: the lower. */
    assert_true(lu_region_next_part(start, pages, LU_REGION_USE_LOWER,
                                    2 << 20, fits, &part, &part_pages));
    assert_int_equal(mfn_x(part), 0x40000 + 64 * mib);
    assert_int_equal(part_pages, 64 * mib);
    assert_true(lu_region_next_part(start, pages, LU_REGION_USE_UPPER,
                                    2 << 20, fits, &part, &part_pages));
    assert_int_equal(mfn_x(part), 0x40000);
    assert_int_equal(part_pages, 64 * mib);
    /* Booted over the whole region: the whole region, however small. */
    assert_false(lu_region_next_part(start, pages, LU_REGION_USE_WHOLE,
                                     2 << 20, 1, &part, &part_pages));
    assert_int_equal(mfn_x(part), 0x40000);
    assert_int_equal(part_pages, pages);
    /* Too big for a half: the whole region, whatever this one uses. */
    for (int use = LU_REGION_USE_NONE; use <= LU_REGION_USE_WHOLE; use++) {
        part = INVALID_MFN;
        part_pages = 0;
        assert_false(lu_region_next_part(start, pages,
                                         (enum lu_region_use)use, 2 << 20,
                                         big, &part, &part_pages));
        assert_int_equal(mfn_x(part), 0x40000);
        assert_int_equal(part_pages, pages);
    }
    /* 6 MiB: halves of 2 MiB hold nothing past the image offset. */
    assert_false(lu_region_next_part(start, 6 * mib, LU_REGION_USE_NONE,
                                     2 << 20, 1, &part, &part_pages));
    assert_int_equal(part_pages, 6 * mib);
}

static void test_boot_need(void **state)
{
    const unsigned long slack = LU_REGION_BOOT_SLACK >> 12;

    /* Page tables only: 16 plus one per GiB begun. */
    assert_int_equal(lu_region_boot_need(0), 16 + slack);
    /* 128 MiB: a 1 MiB frame table is one 2 MiB chunk. */
    assert_int_equal(lu_region_boot_need(0x8000), 512 + 1 + 16 + slack);
    /* 2 GiB: 16 MiB of frame table. */
    assert_int_equal(lu_region_boot_need(0x80000), 4096 + 2 + 16 + slack);
    assert_int_equal(lu_region_boot_need(QEMU_2G_END), 4096 + 2 + 16 + slack);
    /* One frame past a 2 MiB chunk of frame table takes another chunk. */
    assert_int_equal(lu_region_boot_need(512 * 128 + 1),
                     1024 + 1 + 16 + slack);
    /* 1 TiB, the most the direct map covers: 8 GiB of frame table. */
    assert_int_equal(lu_region_boot_need(1UL << 28),
                     (1UL << 21) + 1024 + 16 + slack);
}

/*
 * liveupdate=2036M on 2 GiB used to fit and then panic for want of boot
 * memory for the frame table; now it is refused up front, naming the size
 * and both figures, while a size that leaves enough is still taken.
 */
static void test_choose_leaves_room(void **state)
{
    struct lu_region_env env = env_2g(false);
    struct boot_info bi;
    struct bootmem bm;
    unsigned long m;

    two_gib(&bi, &bm);
    assert_int_equal(choose_env(&bm, &bi, req_size(2036 * MiB), &env, &m),
                     -ENOSPC);
    assert_true(log_contains("<0>liveupdate: region of 2036 MiB leaves 10 MiB "
                             "of boot memory outside it, but boot needs "
                             "21 MiB\n"));
    /* Pinned, the same check applies. */
    assert_int_equal(choose_env(&bm, &bi, req_at(2036 * MiB, 6 * MiB), &env,
                                &m), -ENOSPC);
    assert_true(log_contains("region of 2036 MiB leaves 10 MiB of boot memory "
                             "outside it"));
    /* Leaving room for the estimate is enough. */
    assert_int_equal(choose_env(&bm, &bi, req_size(2000 * MiB), &env, &m), 0);
    assert_int_equal(m, 0x2e00);
    assert_string_equal(log_text(), "");
    assert_true(bootmem_free_pages(&bm) - 2000 * MiB / 4096 >= env.boot_need);

    /* Exactly the need is enough; one frame less is not. */
    bootmem_init(&bm);
    assert_int_equal(bootmem_add(&bm, _mfn(0x1000), 0x400), 0);
    env.boot_need = 0x200;
    assert_int_equal(choose_env(&bm, &bi, req_size(2 * MiB), &env, &m), 0);
    env.boot_need = 0x201;
    assert_int_equal(choose_env(&bm, &bi, req_size(2 * MiB), &env, &m),
                     -ENOSPC);
}

/*
 * With lu_bootmem_only all boot memory comes from the region: 8 MiB on
 * 2 GiB used to panic the same way.  Busy frames inside do not count.
 */
static void test_choose_bootmem_only_room(void **state)
{
    struct lu_region_env env = env_2g(true);
    struct boot_info bi;
    struct bootmem bm;
    unsigned long m;

    two_gib(&bi, &bm);
    assert_int_equal(choose_env(&bm, &bi, req_size(8 * MiB), &env, &m),
                     -ENOSPC);
    assert_true(log_contains("<0>liveupdate: region of 8 MiB leaves 8 MiB of "
                             "boot memory inside it (lu_bootmem_only), but "
                             "boot needs 21 MiB\n"));
    assert_int_equal(choose_env(&bm, &bi, req_size(22 * MiB), &env, &m), 0);
    /* Almost all the RAM is fine too: boot memory is inside. */
    assert_int_equal(choose_env(&bm, &bi, req_size(2036 * MiB), &env, &m), 0);

    /* A bad frame in a pinned region that was just big enough. */
    env.boot_need = 0x400;
    assert_int_equal(choose_env(&bm, &bi, req_at(4 * MiB, 64 * MiB), &env,
                                &m), 0);
    assert_int_equal(bootmem_remove(&bm, _mfn(0x4123), 1), 0);
    assert_int_equal(choose_env(&bm, &bi, req_at(4 * MiB, 64 * MiB), &env,
                                &m), -ENOSPC);
    assert_true(log_contains("region of 4 MiB leaves 3 MiB of boot memory "
                             "inside it (lu_bootmem_only), but boot needs "
                             "4 MiB"));
}

/* ---- A pinned region keeps clear of what is in use ----------------------- */

static void test_choose_at_overlaps(void **state)
{
    struct lu_region_env env = env_2g(false);
    struct boot_info bi;
    struct bootmem bm;
    unsigned long m;

    two_gib(&bi, &bm);
    bi.modules[0].start = 0x1000000;
    bi.modules[0].size = 0x5000;
    bi.modules[1].start = 0x3000000;
    bi.modules[1].size = 0x1000;
    bi.nr_modules = 2;
    env.boot_need = 0;

    /* Over the running image on a first boot. */
    assert_int_equal(choose_env(&bm, &bi, req_at(2 * MiB, 2 * MiB), &env, &m),
                     -EINVAL);
    assert_true(log_contains("<0>liveupdate: region 0x200000-0x400000 "
                             "overlaps the hypervisor image at "
                             "0x200000-0x2434b7\n"));
    assert_int_equal(choose_env(&bm, &bi, req_at(4 * MiB, 0), &env, &m),
                     -EINVAL);
    assert_true(log_contains("region 0x0-0x400000 overlaps the first MiB"));
    /* Over a module, by its last byte or its first. */
    assert_int_equal(choose_env(&bm, &bi, req_at(4 * MiB, 0xe00000), &env, &m),
                     -EINVAL);
    assert_true(log_contains("region 0xe00000-0x1200000 overlaps module 0 at "
                             "0x1000000-0x1005000\n"));
    assert_int_equal(choose_env(&bm, &bi, req_at(2 * MiB, 0x2e00000), &env,
                                &m), 0);
    assert_int_equal(choose_env(&bm, &bi, req_at(4 * MiB, 0x2e00000), &env,
                                &m), -EINVAL);
    assert_true(log_contains("overlaps module 1 at 0x3000000-0x3001000"));
    /* Right up to the image and to a module is fine. */
    assert_int_equal(choose_env(&bm, &bi, req_at(14 * MiB, 2 * MiB), &env,
                                &m), -EINVAL);
    assert_int_equal(choose_env(&bm, &bi, req_at(12 * MiB, 4 * MiB), &env,
                                &m), 0);
    assert_int_equal(m, 0x400);

    /*
     * A boot made by live update may pin its region over its own image
     * (the predecessor copied it there), but never over a module or the
     * first MiB.
     */
    env.image_may_overlap = true;
    assert_int_equal(choose_env(&bm, &bi, req_at(2 * MiB, 2 * MiB), &env, &m),
                     0);
    assert_int_equal(m, 0x200);
    assert_int_equal(choose_env(&bm, &bi, req_at(4 * MiB, 0xe00000), &env, &m),
                     -EINVAL);
    assert_int_equal(choose_env(&bm, &bi, req_at(2 * MiB, 0), &env, &m),
                     -EINVAL);
    assert_true(log_contains("overlaps the first MiB"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_forms),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_choose_highest_below_4g),
        cmocka_unit_test(test_choose_exact_fit),
        cmocka_unit_test(test_choose_unaligned_run),
        cmocka_unit_test(test_choose_too_big),
        cmocka_unit_test(test_choose_above_4g_refused),
        cmocka_unit_test(test_choose_at_addr),
        cmocka_unit_test(test_choose_bad_requests),
        cmocka_unit_test(test_choose_around_bad_frame),
        cmocka_unit_test(test_pinned_region_with_bad_frame),
        cmocka_unit_test(test_halves),
        cmocka_unit_test(test_next_part),
        cmocka_unit_test(test_boot_need),
        cmocka_unit_test(test_choose_leaves_room),
        cmocka_unit_test(test_choose_bootmem_only_room),
        cmocka_unit_test(test_choose_at_overlaps),
    };

    return cmocka_run_group_tests_name("lu_region", tests, NULL, NULL);
}
