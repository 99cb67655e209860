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
 * -EPROTONOSUPPORT, with the ranges it reads reported.
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

static uint8_t image[IMAGE_SIZE];

/* Store a header reading smin..smax and bmin..bmax at off, size bytes. */
static void put_header(size_t off, uint32_t size, uint16_t smin, uint16_t smax,
                       uint32_t bmin, uint32_t bmax)
{
    uint8_t *h = image + off;
    uint32_t sum = 0, i;

    memset(h, 0, size);
    memcpy(h, LU_IMAGE_MAGIC, 8);
    lu_put_le32(h + 8, LU_IMAGE_VERSION);
    lu_put_le32(h + 12, size);
    lu_put_le16(h + 16, smin);
    lu_put_le16(h + 18, smax);
    lu_put_le32(h + 20, bmin);
    lu_put_le32(h + 24, bmax);
    for (i = size - 4; i >= 32; i -= 4) /* fields a later version adds */
        lu_put_le32(h + i, 0x01010101u * i);
    for (i = 8; i < size; i += 4)
        sum += lu_get_le32(h + i);
    lu_put_le32(h + 28, lu_get_le32(h + 28) - sum);
}

static int check(size_t size, struct lu_image_reads *r)
{
    log_reset();
    return lu_image_check(image, size, WRITES_STREAM, WRITES_CRUMB, r);
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
    for (size_t off = 0; off + 32 <= LU_IMAGE_SEARCH_BYTES; off += 8) {
        setup(NULL);
        put_header(off, 32, 2, 4, 5, 5);
        assert_int_equal(check(IMAGE_SIZE, &r), 0);
        assert_int_equal(r.stream_major_min, 2);
        assert_int_equal(r.stream_major_max, 4);
        assert_int_equal(r.breadcrumb_min, 5);
        assert_int_equal(r.breadcrumb_max, 5);
    }
}

/* The constant the hypervisor's own header is built with. */
static void test_checksum_macro(void **state)
{
    struct lu_image_reads r;

    (void)state;
    put_header(0x490, 32, 3, 3, 5, 5);
    assert_int_equal(lu_get_le32(image + 0x490 + 28),
                     LU_IMAGE_CHECKSUM(LU_IMAGE_VERSION, 32, 3, 3, 5, 5));
    assert_int_equal(check(IMAGE_SIZE, &r), 0);
}

static void test_later_version(void **state)
{
    struct lu_image_reads r;

    (void)state;
    put_header(64, 72, 3, 3, 1, 9);
    lu_put_le32(image + 64 + 8, LU_IMAGE_VERSION + 1);
    lu_put_le32(image + 64 + 28, lu_get_le32(image + 64 + 28) - 1);
    assert_int_equal(check(IMAGE_SIZE, &r), 0);
    assert_int_equal(r.breadcrumb_max, 9);
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
    put_header(LU_IMAGE_SEARCH_BYTES, 32, 3, 3, 5, 5); /* just past 32 KiB */
    assert_int_equal(check(IMAGE_SIZE, &r), -EOPNOTSUPP);
    setup(NULL);
    put_header(100, 32, 3, 3, 5, 5); /* 4 bytes off the 8-byte grid */
    assert_int_equal(check(IMAGE_SIZE, &r), -EOPNOTSUPP);
    assert_true(log_contains("no live-update header"));
}

/* Damage the header at 256 with f; it must be refused as damaged. */
static void refuse_damaged(void (*f)(uint8_t *h), size_t image_size)
{
    struct lu_image_reads r;

    setup(NULL);
    put_header(256, 32, 3, 3, 5, 5);
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

static void version_zero(uint8_t *h)
{
    lu_put_le32(h + 8, 0);
    lu_put_le32(h + 28, lu_get_le32(h + 28) + LU_IMAGE_VERSION);
}

static void size_small(uint8_t *h)
{
    lu_put_le32(h + 12, 24);
    lu_put_le32(h + 28, lu_get_le32(h + 28) + 8);
}

static void size_odd(uint8_t *h)
{
    lu_put_le32(h + 12, 36);
    lu_put_le32(h + 28, lu_get_le32(h + 28) - 4);
}

static void size_huge(uint8_t *h)
{
    lu_put_le32(h + 12, LU_IMAGE_MAX_SIZE + 8);
    lu_put_le32(h + 28, lu_get_le32(h + 28) - LU_IMAGE_MAX_SIZE + 24);
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
    refuse_damaged(size_odd, IMAGE_SIZE);
    refuse_damaged(size_huge, IMAGE_SIZE);
    refuse_damaged(nothing, 256 + 31); /* the image ends inside it */
}

static void test_valid_after_damaged(void **state)
{
    struct lu_image_reads r;

    (void)state;
    put_header(8, 32, 9, 9, 9, 9);
    image[8 + 28] ^= 1;
    put_header(4096, 32, 3, 3, 5, 5);
    assert_int_equal(check(IMAGE_SIZE, &r), 0);
    assert_int_equal(r.stream_major_min, 3);
}

/* An image that reads smin..smax, bmin..bmax is refused, naming both. */
static void refuse_versions(uint16_t smin, uint16_t smax, uint32_t bmin,
                            uint32_t bmax, const char *says)
{
    struct lu_image_reads r;

    setup(NULL);
    put_header(512, 32, smin, smax, bmin, bmax);
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
    put_header(512, 32, 1, 3, 5, 100);
    assert_int_equal(check(IMAGE_SIZE, &r), 0);
    setup(NULL);
    put_header(512, 32, 3, 65535, 0, 5);
    assert_int_equal(check(IMAGE_SIZE, &r), 0);
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
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
