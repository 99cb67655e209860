/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the successor's command line (xen/common/lu_cmdline.c).
 * Options to append are refused, with a message, for any byte that is not
 * printable ASCII (control characters, NUL, DEL, 8-bit bytes), a quoted
 * value left open, and liveupdate= in any form; names that only start
 * with liveupdate, and liveupdate= inside a quoted value, are fine.  The
 * line built keeps this boot's options but the boot-only ones, in order,
 * quoted values whole, then the appended ones, then liveupdate=; a word
 * whose quote is not closed is not passed on; and a line one byte too long
 * is -ENAMETOOLONG at every size, never an overrun.
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
#include <xen/lu_cmdline.h>
#include "harness.h"

#define REGION_BYTES (128ull << 20)
#define REGION_ADDR 0x17e00000ull
#define REGION "liveupdate=134217728@0x17e00000"

static int check(const char *opts)
{
    log_reset();
    return lu_cmdline_check_append(opts, strlen(opts));
}

static void test_append_accepted(void **state)
{
    (void)state;
    assert_int_equal(check(""), 0);
    assert_int_equal(check("badpage=0x3000"), 0);
    assert_int_equal(check("  badpage=0x3000,0x4000-0x4003   loglvl=all "), 0);
    assert_int_equal(check("name=\"a b c\" x"), 0);
    assert_int_equal(check("quoted=\"liveupdate=1\""), 0);
    assert_int_equal(check("liveupdates=1 liveupdate_x mylu liveupdat=2"), 0);
    assert_int_equal(check("a=b\"c"), 0); /* a quote not after '=' */
    assert_int_equal(check("lu_debug_corrupt=7 selftest=alloc"), 0);
    assert_int_equal(check("~!@#$%^&*()_+{}|:<>?`-=[]\\;',./"), 0);
}

static void refuse_byte(unsigned char c)
{
    char opts[] = "badpage=1 x", want[64];

    opts[10] = (char)c;
    log_reset();
    assert_int_equal(lu_cmdline_check_append(opts, strlen("badpage=1 x")),
                     -EINVAL);
    snprintf(want, sizeof(want), "byte 10 (0x%02x) is not a printable "
             "character", c);
    assert_true(log_contains(want));
}

static void test_append_unprintable(void **state)
{
    (void)state;
    for (unsigned int c = 0; c < 0x20; c++)
        refuse_byte((unsigned char)c);
    refuse_byte(0x7f);
    for (unsigned int c = 0x80; c < 0x100; c++)
        refuse_byte((unsigned char)c);
    log_reset();
    assert_int_equal(lu_cmdline_check_append("a\0b", 3), -EINVAL);
    assert_true(log_contains("byte 1 (0x00) is not a printable character"));
}

static void test_append_open_quote(void **state)
{
    (void)state;
    assert_int_equal(check("a=\"b c"), -EINVAL);
    assert_true(log_contains("the quote in 'a=\"b c' is not closed"));
    assert_int_equal(check("x=1 y=\""), -EINVAL);
    assert_true(log_contains("the quote in 'y=\"' is not closed"));
    assert_int_equal(check("ok=\"1\" bad=\"2"), -EINVAL);
}

static void test_append_liveupdate(void **state)
{
    (void)state;
    static const char *const refused[] = {
        "liveupdate=64M", "liveupdate", "x liveupdate=1@0x1000",
        "liveupdate=\"64M\"", "liveupdate=",
    };

    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        assert_int_equal(check(refused[i]), -EINVAL);
        assert_true(log_contains("liveupdate= is the update's to set"));
    }
}

static int build(char *out, size_t size, const char *current,
                 const char *append)
{
    log_reset();
    return lu_cmdline_build(out, size, current, append, REGION_BYTES,
                            REGION_ADDR);
}

static void test_build(void **state)
{
    char out[512];

    (void)state;
    assert_int_equal(build(out, sizeof(out), "", ""), 0);
    assert_string_equal(out, REGION);
    assert_int_equal(build(out, sizeof(out),
                           "console=com1 liveupdate=128M badpage=0x10 "
                           "lu_bootmem_only selftest=kexec lu_debug_corrupt=7 "
                           "lu_debug_forge=p2m-overlap lu_debug_stuck=a,5 "
                           "loglvl=all",
                           "badpage=0x3000"), 0);
    assert_string_equal(out, "console=com1 badpage=0x10 loglvl=all "
                             "badpage=0x3000 " REGION);
    /* Blanks of any kind separate; a quoted value stays whole. */
    assert_int_equal(build(out, sizeof(out),
                           "\t a=\"x  liveupdate=1\"\n\r b  ", "c=\"d  e\""),
                     0);
    assert_string_equal(out, "a=\"x  liveupdate=1\" b c=\"d  e\" " REGION);
    /* Only the options themselves are boot-only, not longer names. */
    assert_int_equal(build(out, sizeof(out),
                           "liveupdates=1 selftests lu_bootmem_onlyx", ""), 0);
    assert_string_equal(out, "liveupdates=1 selftests lu_bootmem_onlyx "
                             REGION);
}

static void test_build_open_quote(void **state)
{
    char out[256];

    (void)state;
    assert_int_equal(build(out, sizeof(out), "a=1 b=\"x y liveupdate=2",
                           "c=3"), 0);
    assert_string_equal(out, "a=1 c=3 " REGION);
    assert_true(log_contains("'b=\"x y liveupdate=2' is not passed on"));
}

static void test_build_too_long(void **state)
{
    const char *current = "console=com1 badpage=0x10", *append = "x=1";
    char expect[128], out[128];
    size_t need;

    (void)state;
    assert_int_equal(build(expect, sizeof(expect), current, append), 0);
    need = strlen(expect) + 1;
    assert_int_equal(build(out, need, current, append), 0);
    assert_string_equal(out, expect);
    for (size_t size = 0; size < need; size++) {
        char *buf = malloc(size ? size : 1); /* ASan sees any overrun */

        assert_non_null(buf);
        assert_int_equal(build(buf, size, current, append), -ENAMETOOLONG);
        assert_true(log_contains("the next hypervisor's command line would "
                                 "take"));
        free(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_accepted),
        cmocka_unit_test(test_append_unprintable),
        cmocka_unit_test(test_append_open_quote),
        cmocka_unit_test(test_append_liveupdate),
        cmocka_unit_test(test_build),
        cmocka_unit_test(test_build_open_quote),
        cmocka_unit_test(test_build_too_long),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
