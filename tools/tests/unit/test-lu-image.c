/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for lu_image_check() (xen/common/lu_image.c): the live-update
 * header a hypervisor image carries is found at any 8-byte aligned offset
 * of its first 32 KiB, also after a damaged one and in a later, longer
 * version; an image without one, or with only a damaged one (checksum,
 * size, version, running off the end of the image), or with one at an
 * unaligned offset or past 32 KiB, is -EOPNOTSUPP with a message; and an
 * image that does not read the stream major or the breadcrumb version
 * this hypervisor writes -- above or below its ranges -- is
 * -EPROTONOSUPPORT, with the ranges it reads reported; and so is one that
 * serves another domctl, sysctl or kexec_op interface version, or whose
 * header is version 1, too old to say (the stream is checked first).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/errno.h>
#include <xen/lu_image.h>
#include <xen/lu_stream.h>
#include "harness.h"

#define IMAGE_SIZE 65536
#define WRITES_STREAM 3
#define WRITES_CRUMB 5

/* What the hypervisor under test writes and serves. */
static const struct lu_image_needs needs = {
    .stream_major = WRITES_STREAM,
    .breadcrumb = WRITES_CRUMB,
    .domctl = 7,
    .sysctl = 8,
    .kexec = 9,
};

static uint8_t image[IMAGE_SIZE];

/* Make the header at h, of size bytes, sum to zero again. */
static void reseal(uint8_t *h)
{
    uint32_t size = lu_get_le32(h + 12), sum = 0, i;

    lu_put_le32(h + 28, 0);
    for (i = 8; i < size; i += 4)
        sum += lu_get_le32(h + i);
    lu_put_le32(h + 28, -sum);
}

/*
 * Store a header reading smin..smax and bmin..bmax, serving what needs
 * says, at off, size bytes: version 1 if size is 32, else the current
 * version, with anything in the fields a later version would add.
 */
static void put_header(size_t off, uint32_t size, uint16_t smin, uint16_t smax,
                       uint32_t bmin, uint32_t bmax)
{
    uint8_t *h = image + off;
    uint32_t i;

    memset(h, 0, size);
    memcpy(h, LU_IMAGE_MAGIC, 8);
    lu_put_le32(h + 8, size == LU_IMAGE_V1_SIZE ? 1 : LU_IMAGE_VERSION);
    lu_put_le32(h + 12, size);
    lu_put_le16(h + 16, smin);
    lu_put_le16(h + 18, smax);
    lu_put_le32(h + 20, bmin);
    lu_put_le32(h + 24, bmax);
    if (size >= LU_IMAGE_V2_SIZE) {
        lu_put_le32(h + 32, needs.domctl);
        lu_put_le32(h + 36, needs.sysctl);
        lu_put_le32(h + 40, needs.kexec);
    }
    for (i = size - 4; i >= LU_IMAGE_V2_SIZE; i -= 4) /* a later version's */
        lu_put_le32(h + i, 0x01010101u * i);
    reseal(h);
}

/* The current header, 48 bytes, reading smin..smax and bmin..bmax. */
static void put_v2(size_t off, uint16_t smin, uint16_t smax, uint32_t bmin,
                   uint32_t bmax)
{
    put_header(off, LU_IMAGE_V2_SIZE, smin, smax, bmin, bmax);
}

static int check(size_t size, struct lu_image_reads *r)
{
    log_reset();
    return lu_image_check(image, size, &needs, r);
}

static int setup(void **state)
{
    (void)state;
    for (size_t i = 0; i < IMAGE_SIZE; i++)
        image[i] = (uint8_t)(i * 7 + 3); /* anything but a header */
    return 0;
}

static void test_found_everywhere(void **state)
{
    struct lu_image_reads r;

    (void)state;
    for (size_t off = 0; off + 48 <= LU_IMAGE_SEARCH_BYTES; off += 8) {
        setup(NULL);
        put_v2(off, 2, 4, 5, 5);
        assert_int_equal(check(IMAGE_SIZE, &r), 0);
        assert_int_equal(r.stream_major_min, 2);
        assert_int_equal(r.stream_major_max, 4);
        assert_int_equal(r.breadcrumb_min, 5);
        assert_int_equal(r.breadcrumb_max, 5);
        assert_int_equal(r.domctl, 7);
        assert_int_equal(r.sysctl, 8);
        assert_int_equal(r.kexec, 9);
    }
}

/* The constant the hypervisor's own header is built with. */
static void test_checksum_macro(void **state)
{
    struct lu_image_reads r;

    (void)state;
    put_v2(0x490, 3, 3, 5, 5);
    assert_int_equal(lu_get_le32(image + 0x490 + 28),
                     LU_IMAGE_CHECKSUM(LU_IMAGE_VERSION, 48, 3, 3, 5, 5, 7, 8,
                                       9));
    assert_int_equal(check(IMAGE_SIZE, &r), 0);
}

static void test_later_version(void **state)
{
    struct lu_image_reads r;

    (void)state;
    put_header(64, 72, 3, 3, 1, 9);
    lu_put_le32(image + 64 + 8, LU_IMAGE_VERSION + 1);
    reseal(image + 64);
    assert_int_equal(check(IMAGE_SIZE, &r), 0);
    assert_int_equal(r.breadcrumb_max, 9);
    assert_int_equal(r.kexec, 9);
}

static void test_none(void **state)
{
    struct lu_image_reads r;

    (void)state;
    assert_int_equal(check(IMAGE_SIZE, &r), -EOPNOTSUPP);
    assert_true(log_contains("no live-update header (XLUIMAGE) in its first "
                             "32 KiB: an older or a foreign build"));
    /* Too small to hold one at all. */
    assert_int_equal(check(31, &r), -EOPNOTSUPP);
    assert_int_equal(check(0, &r), -EOPNOTSUPP);
}

static void test_out_of_place(void **state)
{
    struct lu_image_reads r;

    (void)state;
    put_v2(LU_IMAGE_SEARCH_BYTES, 3, 3, 5, 5); /* just past 32 KiB */
    assert_int_equal(check(IMAGE_SIZE, &r), -EOPNOTSUPP);
    setup(NULL);
    put_v2(100, 3, 3, 5, 5); /* 4 bytes off the 8-byte grid */
    assert_int_equal(check(IMAGE_SIZE, &r), -EOPNOTSUPP);
    assert_true(log_contains("no live-update header"));
}

/* Damage the header at 256 with f; it must be refused as damaged. */
static void refuse_damaged(void (*f)(uint8_t *h), size_t image_size)
{
    struct lu_image_reads r;

    setup(NULL);
    put_v2(256, 3, 3, 5, 5);
    f(image + 256);
    assert_int_equal(check(image_size, &r), -EOPNOTSUPP);
    assert_true(log_contains("live-update header at offset 0x100 is "
                             "damaged"));
}

static void flip_checksum(uint8_t *h)
{
    h[28] ^= 1;
}

static void flip_field(uint8_t *h)
{
    h[18] ^= 0x80; /* stream_major_max, checksum not updated */
}

/* Each of these sets a field wrong and reseals: only the field is wrong. */
static void version_zero(uint8_t *h)
{
    lu_put_le32(h + 8, 0);
    reseal(h);
}

static void size_small(uint8_t *h)
{
    lu_put_le32(h + 12, 24);
    reseal(h);
}

/* Version 2's fields do not fit in version 1's size. */
static void size_v1_for_v2(uint8_t *h)
{
    lu_put_le32(h + 12, LU_IMAGE_V1_SIZE);
    reseal(h);
}

static void size_odd(uint8_t *h)
{
    lu_put_le32(h + 12, 52);
    reseal(h);
}

static void size_huge(uint8_t *h)
{
    lu_put_le32(h + 12, LU_IMAGE_MAX_SIZE + 8);
    reseal(h);
}

static void nothing(uint8_t *h)
{
    (void)h;
}

static void test_damaged(void **state)
{
    (void)state;
    refuse_damaged(flip_checksum, IMAGE_SIZE);
    refuse_damaged(flip_field, IMAGE_SIZE);
    refuse_damaged(version_zero, IMAGE_SIZE);
    refuse_damaged(size_small, IMAGE_SIZE);
    refuse_damaged(size_v1_for_v2, IMAGE_SIZE);
    refuse_damaged(size_odd, IMAGE_SIZE);
    refuse_damaged(size_huge, IMAGE_SIZE);
    refuse_damaged(nothing, 256 + 47); /* the image ends inside it */
}

static void test_valid_after_damaged(void **state)
{
    struct lu_image_reads r;

    (void)state;
    put_v2(8, 9, 9, 9, 9);
    image[8 + 28] ^= 1;
    put_v2(4096, 3, 3, 5, 5);
    assert_int_equal(check(IMAGE_SIZE, &r), 0);
    assert_int_equal(r.stream_major_min, 3);
}

/* An image that reads smin..smax, bmin..bmax is refused, naming both. */
static void refuse_versions(uint16_t smin, uint16_t smax, uint32_t bmin,
                            uint32_t bmax, const char *says)
{
    struct lu_image_reads r;

    setup(NULL);
    put_v2(512, smin, smax, bmin, bmax);
    assert_int_equal(check(IMAGE_SIZE, &r), -EPROTONOSUPPORT);
    assert_int_equal(r.stream_major_min, smin);
    assert_int_equal(r.stream_major_max, smax);
    assert_int_equal(r.breadcrumb_min, bmin);
    assert_int_equal(r.breadcrumb_max, bmax);
    assert_true(log_contains(says));
    assert_true(log_contains("this hypervisor writes stream version 3 and "
                             "breadcrumb version 5"));
}

static void test_versions_refused(void **state)
{
    (void)state;
    refuse_versions(4, 7, 5, 5, "it reads stream versions 4-7 and breadcrumb "
                    "versions 5-5");
    refuse_versions(1, 2, 5, 5, "stream versions 1-2");
    refuse_versions(3, 3, 6, 6, "breadcrumb versions 6-6");
    refuse_versions(3, 3, 1, 4, "breadcrumb versions 1-4");
    refuse_versions(3, 2, 5, 5, "stream versions 3-2"); /* empty range */
}

static void test_versions_accepted(void **state)
{
    struct lu_image_reads r;

    (void)state;
    put_v2(512, 1, 3, 5, 100);
    assert_int_equal(check(IMAGE_SIZE, &r), 0);
    setup(NULL);
    put_v2(512, 3, 65535, 0, 5);
    assert_int_equal(check(IMAGE_SIZE, &r), 0);
}

/* An image serving other control interface versions: refused, naming all. */
static void refuse_interface(unsigned int field, const char *serves)
{
    struct lu_image_reads r;

    setup(NULL);
    put_v2(512, 3, 3, 5, 5);
    lu_put_le32(image + 512 + field, lu_get_le32(image + 512 + field) + 1);
    reseal(image + 512);
    assert_int_equal(check(IMAGE_SIZE, &r), -EPROTONOSUPPORT);
    assert_int_equal(r.stream_major_min, 3);
    assert_int_equal(r.domctl + r.sysctl + r.kexec, 7 + 8 + 9 + 1);
    assert_true(log_contains(serves));
    assert_true(log_contains("; this hypervisor, and so the control domain's "
                             "toolstack, 7, 8 and 9"));
}

static void test_interfaces_refused(void **state)
{
    (void)state;
    refuse_interface(32, "it serves domctl, sysctl and kexec_op interface "
                     "versions 8, 8 and 9");
    refuse_interface(36, "versions 7, 9 and 9");
    refuse_interface(40, "versions 7, 8 and 10");
}

/* A version 1 header is whole, but cannot say what it serves: refused. */
static void test_version_1_refused(void **state)
{
    struct lu_image_reads r;

    (void)state;
    put_header(512, LU_IMAGE_V1_SIZE, 3, 3, 5, 5);
    assert_int_equal(check(IMAGE_SIZE, &r), -EPROTONOSUPPORT);
    assert_int_equal(r.stream_major_max, 3);
    assert_int_equal(r.breadcrumb_max, 5);
    assert_int_equal(r.domctl, 0);
    assert_int_equal(r.kexec, 0);
    assert_true(log_contains("its live-update header is too old (version 1) "
                             "to say which domctl, sysctl and kexec_op "
                             "interface versions it serves; this hypervisor "
                             "serves 7, 8 and 9"));
}

/*
 * A version 2 header that says domctl version 0 says so: not "too old",
 * which it is not, but the version it names, which no build serves.
 */
static void test_version_2_naming_version_0(void **state)
{
    struct lu_image_reads r;

    (void)state;
    put_v2(512, 3, 3, 5, 5);
    lu_put_le32(image + 512 + 32, 0);
    reseal(image + 512);
    assert_int_equal(check(IMAGE_SIZE, &r), -EPROTONOSUPPORT);
    assert_int_equal(r.header_version, 2);
    assert_int_equal(r.domctl, 0);
    assert_false(log_contains("too old"));
    assert_true(log_contains("it serves domctl, sysctl and kexec_op interface "
                             "versions 0, 8 and 9"));
}

/* The stream is checked first: it is what a successor must read at all. */
static void test_stream_before_interfaces(void **state)
{
    struct lu_image_reads r;

    (void)state;
    put_header(512, LU_IMAGE_V1_SIZE, 4, 4, 5, 5);
    assert_int_equal(check(IMAGE_SIZE, &r), -EPROTONOSUPPORT);
    assert_true(log_contains("it reads stream versions 4-4"));
    assert_false(log_contains("too old"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_found_everywhere, setup),
        cmocka_unit_test_setup(test_checksum_macro, setup),
        cmocka_unit_test_setup(test_later_version, setup),
        cmocka_unit_test_setup(test_none, setup),
        cmocka_unit_test_setup(test_out_of_place, setup),
        cmocka_unit_test_setup(test_damaged, setup),
        cmocka_unit_test_setup(test_valid_after_damaged, setup),
        cmocka_unit_test_setup(test_versions_refused, setup),
        cmocka_unit_test_setup(test_versions_accepted, setup),
        cmocka_unit_test_setup(test_interfaces_refused, setup),
        cmocka_unit_test_setup(test_version_2_naming_version_0, setup),
        cmocka_unit_test_setup(test_version_1_refused, setup),
        cmocka_unit_test_setup(test_stream_before_interfaces, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
