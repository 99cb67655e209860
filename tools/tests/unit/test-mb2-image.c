/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the check a live update makes of the image it is given
 * (mb2_image.c), on synthetic flat images: a good one is described right,
 * and every way an image can be wrong -- no header, a header for another
 * architecture or past the first 32 KiB, a bad checksum, missing tags,
 * truncated, addresses that disagree with the file, too big for the
 * room -- is refused with its own message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/errno.h>
#include <xen/mb2_image.h>
#include <xen/multiboot.h>
#include "harness.h"

#define LOAD    0x200000u /* where the image says it loads */
#define HDR_OFF 64u       /* the header's offset in the file */
#define FILE_SZ 8192u
#define BSS     4096u     /* bytes of BSS past the file */

static uint8_t img[40000];

static void put32(size_t off, uint32_t v)
{
    memcpy(img + off, &v, 4);
}

/*
 * A flat image of FILE_SZ bytes, its header at off for arch, with an
 * address tag (header, load, load end, bss end) and an entry tag.
 */
static size_t make_image(size_t off, uint32_t arch)
{
    const uint32_t len = 16 + 24 + 16 + 8; /* header, address, entry, end */

    memset(img, 0, sizeof(img));
    put32(off, MB2_HEADER_MAGIC);
    put32(off + 4, arch);
    put32(off + 8, len);
    put32(off + 12, -(MB2_HEADER_MAGIC + arch + len));
    put32(off + 16, MB2_HEADER_TAG_ADDRESS);
    put32(off + 20, 24);
    put32(off + 24, LOAD + (uint32_t)off);
    put32(off + 28, LOAD);
    put32(off + 32, LOAD + FILE_SZ);
    put32(off + 36, LOAD + FILE_SZ + BSS);
    put32(off + 40, MB2_HEADER_TAG_ENTRY);
    put32(off + 44, 12);
    put32(off + 48, LOAD + 0x70);
    put32(off + 56, MB2_HEADER_TAG_END);
    put32(off + 60, 8);
    return FILE_SZ;
}

static void expect_refused(size_t size, uint64_t room, int rc,
                           const char *needle)
{
    struct mb2_image_info info;

    log_reset();
    assert_int_equal(mb2_image_check(img, size, room, &info), rc);
    if (!log_contains(needle))
        fail_msg("'%s' not in the log: %s", needle, log_text());
}

static void test_good_image(void **state)
{
    struct mb2_image_info info;
    size_t size = make_image(HDR_OFF, MB2_ARCH_I386);

    (void)state;
    assert_int_equal(mb2_image_check(img, size, 1 << 20, &info), 0);
    assert_int_equal(info.file_bytes, FILE_SZ);
    assert_int_equal(info.mem_bytes, FILE_SZ + BSS);
    assert_int_equal(info.entry_offset, 0x70);
}

static void test_no_header(void **state)
{
    (void)state;
    memset(img, 0x90, sizeof(img));
    expect_refused(FILE_SZ, 1 << 20, -ENOEXEC,
                   "no multiboot2 header for i386 in the first 32 KiB");
    expect_refused(0, 1 << 20, -ENOEXEC, "no multiboot2 header");
    expect_refused(15, 1 << 20, -ENOEXEC, "no multiboot2 header");
}

/* A well-formed header for another machine is named as such. */
static void test_other_architecture(void **state)
{
    size_t size = make_image(HDR_OFF, MB2_ARCH_MIPS32);

    (void)state;
    expect_refused(size, 1 << 20, -ENOEXEC,
                   "its multiboot2 header is for architecture 4 (32-bit "
                   "MIPS), not i386 (0)");
    size = make_image(HDR_OFF, 9);
    expect_refused(size, 1 << 20, -ENOEXEC,
                   "header is for architecture 9, not i386");
}

static void test_header_damaged_or_misplaced(void **state)
{
    size_t size = make_image(HDR_OFF, MB2_ARCH_I386);

    (void)state;
    img[HDR_OFF + 12] ^= 1; /* checksum */
    expect_refused(size, 1 << 20, -ENOEXEC, "no multiboot2 header");
    /* Not 8-byte aligned: not a header. */
    size = make_image(HDR_OFF + 4, MB2_ARCH_I386);
    expect_refused(size, 1 << 20, -ENOEXEC, "no multiboot2 header");
    /* Past the first 32 KiB: not looked for. */
    make_image(32768, MB2_ARCH_I386);
    expect_refused(32768 + 64, 1 << 20, -ENOEXEC, "no multiboot2 header");
}

static void test_tags_missing(void **state)
{
    size_t size = make_image(HDR_OFF, MB2_ARCH_I386);

    (void)state;
    put32(HDR_OFF + 40, MB2_HEADER_TAG_END); /* the entry tag gone */
    expect_refused(size, 1 << 20, -ENOEXEC,
                   "multiboot2 header without address and entry tags");
}

static void test_truncated(void **state)
{
    size_t size = make_image(HDR_OFF, MB2_ARCH_I386);

    (void)state;
    expect_refused(size / 2, 1 << 20, -ENOEXEC,
                   "truncated: its multiboot2 header loads 8192 bytes, the "
                   "file has 4096");
}

static void test_inconsistent_addresses(void **state)
{
    static const struct {
        size_t field;
        uint32_t value;
    } bad[] = {
        {24, LOAD + HDR_OFF + 8}, /* header not where the file has it */
        {36, LOAD + FILE_SZ - 1}, /* bss end before the load end */
        {48, LOAD + FILE_SZ},     /* entry past what is loaded */
        {48, LOAD - 1},           /* entry before it */
        {32, LOAD},               /* nothing loaded */
    };
    unsigned int i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        size_t size = make_image(HDR_OFF, MB2_ARCH_I386);

        put32(HDR_OFF + bad[i].field, bad[i].value);
        expect_refused(size, 1 << 20, -ENOEXEC,
                       "inconsistent multiboot2 addresses");
    }
}

static void test_too_big(void **state)
{
    size_t size = make_image(HDR_OFF, MB2_ARCH_I386);

    (void)state;
    expect_refused(size, FILE_SZ + BSS - 1, -E2BIG,
                   "Image: needs 12 KiB, the reserved region has room for "
                   "11 KiB");
    log_reset();
    {
        struct mb2_image_info info;

        assert_int_equal(mb2_image_check(img, size, FILE_SZ + BSS, &info), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_image),
        cmocka_unit_test(test_no_header),
        cmocka_unit_test(test_other_architecture),
        cmocka_unit_test(test_header_damaged_or_misplaced),
        cmocka_unit_test(test_tags_missing),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_inconsistent_addresses),
        cmocka_unit_test(test_too_big),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
