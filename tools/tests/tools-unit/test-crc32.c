/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the runtime's CRC-32 (tools/libs/guest/crc32.c), the
 * framebuffer checksum of the bankvga device: the published check values,
 * chaining, and agreement with a plain bit-at-a-time reference over
 * random buffers of every length up to a few pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crc32.h"

/* The definition, one bit at a time: what the table must agree with. */
static uint32_t crc32_bitwise(const uint8_t *p, size_t len)
{
    uint32_t crc = 0xffffffffu;

    while (len--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = crc & 1 ? 0xedb88320u ^ (crc >> 1) : crc >> 1;
    }
    return ~crc;
}

static void test_check_values(void **state)
{
    const char *fox = "The quick brown fox jumps over the lazy dog";

    (void)state;
    assert_int_equal(crc32_iso(0, "", 0), 0);
    assert_int_equal(crc32_iso(0, "123456789", 9), 0xcbf43926u);
    assert_int_equal(crc32_iso(0, fox, strlen(fox)), 0x414fa339u);
    assert_int_equal(crc32_iso(0, "a", 1), 0xe8b7be43u);
}

static void test_chaining(void **state)
{
    const char *s = "123456789";

    (void)state;
    for (size_t cut = 0; cut <= 9; cut++)
        assert_int_equal(crc32_iso(crc32_iso(0, s, cut), s + cut, 9 - cut),
                         0xcbf43926u);
}

static void test_against_reference(void **state)
{
    static uint8_t buf[3 * 4096 + 7];

    (void)state;
    srand(7);
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)rand();
    for (size_t len = 0; len <= sizeof(buf); len += len < 64 ? 1 : 509)
        assert_int_equal(crc32_iso(0, buf, len), crc32_bitwise(buf, len));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_values),
        cmocka_unit_test(test_chaining),
        cmocka_unit_test(test_against_reference),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
