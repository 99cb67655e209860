/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the domain config parser (tools/libs/xlcfg): every form
 * of the syntax, every key's checks and defaults (the memory map's
 * mmio_hole and rdm, the display's vga and videoram included), every
 * error (each must name the file and the line), warnings for unknown and
 * repeated keys, the limits, and a deterministic robustness loop over
 * random and mutated input under ASan/UBSan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "xlcfg.h"

static struct xlcfg cfg;
static char err[256];

#define BASE "name = \"vm\"\nmemory = 32\nkernel = \"/boot/vm.elf\"\n"

static int parse(const char *text)
{
    memset(err, 0x55, sizeof(err));
    return xlcfg_parse(&cfg, "t.cfg", text, strlen(text), err, sizeof(err));
}

/* The parse fails with exactly the message want. */
static void expect_error(const char *text, const char *want)
{
    int rc = parse(text);

    if (rc != -1 || strcmp(err, want)) {
        print_error("input:\n%s\nrc %d, error:\n  %s\nwanted:\n  %s\n", text,
                    rc, err, want);
        fail();
    }
}

static void expect_ok(const char *text)
{
    int rc = parse(text);

    if (rc != 0) {
        print_error("input:\n%s\nunexpected error: %s\n", text, err);
        fail();
    }
}

/* ---- valid files ------------------------------------------------------- */

static void test_minimal_and_defaults(void **state)
{
    (void)state;
    expect_ok(BASE);
    assert_string_equal(cfg.name, "vm");
    assert_int_equal(cfg.memory_mib, 32);
    assert_string_equal(cfg.kernel, "/boot/vm.elf");
    assert_int_equal(cfg.vcpus, 1);
    assert_string_equal(cfg.extra, "");
    assert_int_equal(cfg.on_crash, XLCFG_ON_CRASH_DESTROY);
    assert_int_equal(cfg.entry_count, 3);
    assert_int_equal(cfg.warning_count, 0);
    assert_string_equal(cfg.warnings, "");
    assert_string_equal(err, "");
}

static void test_all_keys(void **state)
{
    (void)state;
    expect_ok("# A test domain\n"
              "\n"
              "name='web-1'   # trailing comment\n"
              "\tmemory\t=\t0x40\n"
              "vcpus = 4\n"
              "kernel = \"/boot/k.elf\"\n"
              "extra = \"role=a peer=2 rounds=1000\"\n"
              "on_crash = 'preserve'\n");
    assert_string_equal(cfg.name, "web-1");
    assert_int_equal(cfg.memory_mib, 64);
    assert_int_equal(cfg.vcpus, 4);
    assert_string_equal(cfg.kernel, "/boot/k.elf");
    assert_string_equal(cfg.extra, "role=a peer=2 rounds=1000");
    assert_int_equal(cfg.on_crash, XLCFG_ON_CRASH_PRESERVE);
    assert_string_equal(xlcfg_on_crash_name(cfg.on_crash), "preserve");
    assert_string_equal(xlcfg_on_crash_name(XLCFG_ON_CRASH_DESTROY), "destroy");
    assert_int_equal(cfg.warning_count, 0);
    assert_int_equal(xlcfg_find(&cfg, "vcpus")->line, 5);
}

static void test_crlf_no_final_newline_and_blank_lines(void **state)
{
    (void)state;
    expect_ok("\r\n  \r\nname = \"vm\"\r\n# c\r\nmemory=8\r\n\r\n"
              "kernel='/k'");
    assert_string_equal(cfg.name, "vm");
    assert_int_equal(cfg.memory_mib, 8);
    assert_string_equal(cfg.kernel, "/k");
    assert_int_equal(xlcfg_find(&cfg, "kernel")->line, 7);
}

static void test_strings_and_escapes(void **state)
{
    const char *s;

    (void)state;
    expect_ok(BASE "a = \"q\\\"uote \\\\ back \\' tick\\ttab\\nnl\"\n"
                   "b = 'single \\n \" kept'\n"
                   "c = \"\"\n"
                   "d = \"# not a comment\"\n"
                   "e = \"caf\xc3\xa9\"\n");
    assert_true(xlcfg_get_string(&cfg, "a", &s));
    assert_string_equal(s, "q\"uote \\ back ' tick\ttab\nnl");
    assert_true(xlcfg_get_string(&cfg, "b", &s));
    assert_string_equal(s, "single \\n \" kept");
    assert_true(xlcfg_get_string(&cfg, "c", &s));
    assert_string_equal(s, "");
    assert_true(xlcfg_get_string(&cfg, "d", &s));
    assert_string_equal(s, "# not a comment");
    assert_true(xlcfg_get_string(&cfg, "e", &s));
    assert_string_equal(s, "caf\xc3\xa9");
    assert_false(xlcfg_get_string(&cfg, "memory", &s));
    assert_false(xlcfg_get_string(&cfg, "nope", &s));
}

static void test_integers(void **state)
{
    int64_t v;

    (void)state;
    expect_ok(BASE "a = 0\nb = -17\nc = 0xfF\nd = 9223372036854775807\n"
                   "e = -9223372036854775808\nf = 007\ng = 1#c\n");
    assert_true(xlcfg_get_int(&cfg, "a", &v));
    assert_int_equal(v, 0);
    assert_true(xlcfg_get_int(&cfg, "b", &v));
    assert_int_equal(v, -17);
    assert_true(xlcfg_get_int(&cfg, "c", &v));
    assert_int_equal(v, 255);
    assert_true(xlcfg_get_int(&cfg, "d", &v));
    assert_true(v == INT64_MAX);
    assert_true(xlcfg_get_int(&cfg, "e", &v));
    assert_true(v == INT64_MIN);
    assert_true(xlcfg_get_int(&cfg, "f", &v));
    assert_int_equal(v, 7);
    assert_true(xlcfg_get_int(&cfg, "g", &v));
    assert_int_equal(v, 1);
    assert_false(xlcfg_get_int(&cfg, "name", &v));
}

static void test_lists(void **state)
{
    const struct xlcfg_entry *e;
    const struct xlcfg_value *item;

    (void)state;
    expect_ok(BASE "disk = [ \"a\", 'b' ]\n"
                   "vif = [\n"
                   "    \"mac=00:16:3e:00:00:01\",  # first\n"
                   "\n"
                   "    # a comment line\n"
                   "    42,\n"
                   "]\n"
                   "empty = []\n"
                   "after = 1\n");
    e = xlcfg_find(&cfg, "disk");
    assert_non_null(e);
    assert_int_equal(e->value.type, XLCFG_LIST);
    assert_int_equal(e->value.item_count, 2);
    assert_string_equal(xlcfg_list_item(&cfg, &e->value, 0)->string, "a");
    assert_string_equal(xlcfg_list_item(&cfg, &e->value, 1)->string, "b");
    assert_null(xlcfg_list_item(&cfg, &e->value, 2));
    e = xlcfg_find(&cfg, "vif");
    assert_int_equal(e->line, 5);
    assert_int_equal(e->value.item_count, 2);
    item = xlcfg_list_item(&cfg, &e->value, 1);
    assert_int_equal(item->type, XLCFG_INT);
    assert_int_equal(item->number, 42);
    e = xlcfg_find(&cfg, "empty");
    assert_int_equal(e->value.type, XLCFG_LIST);
    assert_int_equal(e->value.item_count, 0);
    assert_null(xlcfg_list_item(&cfg, &e->value, 0));
    assert_int_equal(xlcfg_find(&cfg, "after")->line, 12);
    /* Not a list: no items. */
    assert_null(xlcfg_list_item(&cfg, &xlcfg_find(&cfg, "after")->value, 0));
}

static void test_device_keys_are_kept_by_name(void **state)
{
    const char *s;
    int64_t v;

    (void)state;
    expect_ok(BASE "vga = \"bankvga\"\nvideoram = 16\n"
                   "rdm = \"strategy=host,policy=relaxed\"\n"
                   "device_model = \"/boot/dm.elf\"\n");
    assert_true(xlcfg_get_string(&cfg, "vga", &s));
    assert_string_equal(s, "bankvga");
    assert_true(xlcfg_get_int(&cfg, "videoram", &v));
    assert_int_equal(v, 16);
    assert_true(xlcfg_get_string(&cfg, "device_model", &s));
    assert_int_equal(cfg.entry_count, 7);
}

static void test_vga_keys(void **state)
{
    (void)state;
    expect_ok(BASE);
    assert_int_equal(cfg.vga, XLCFG_VGA_NONE);
    assert_int_equal(cfg.videoram_mib, 0);
    assert_string_equal(xlcfg_vga_name(cfg.vga), "none");
    expect_ok(BASE "vga = \"bankvga\"\n");
    assert_int_equal(cfg.vga, XLCFG_VGA_BANKVGA);
    assert_int_equal(cfg.videoram_mib, 8);
    assert_string_equal(xlcfg_vga_name(cfg.vga), "bankvga");
    expect_ok(BASE "videoram = 1\nvga = 'bankvga'\n");
    assert_int_equal(cfg.videoram_mib, 1);
    expect_ok(BASE "vga = \"bankvga\"\nvideoram = 64\n");
    assert_int_equal(cfg.videoram_mib, 64);
    assert_int_equal(cfg.warning_count, 0);
    expect_ok(BASE "vga = \"none\"\n");
    assert_int_equal(cfg.vga, XLCFG_VGA_NONE);
    /* VRAM with nothing to show it: said, and ignored. */
    expect_ok(BASE "vga = \"none\"\nvideoram = 16\n");
    assert_int_equal(cfg.videoram_mib, 0);
    assert_string_equal(cfg.warnings,
                        "t.cfg:5: warning: 'videoram' has no effect without "
                        "a vga device (ignored)\n");
    expect_ok(BASE "videoram = 16\n");
    assert_int_equal(cfg.warning_count, 1);
}

static void test_error_vga_keys(void **state)
{
    (void)state;
    expect_error(BASE "vga = \"stdvga\"\n",
                 "t.cfg:4: vga \"stdvga\" is not emulated here (use "
                 "\"bankvga\" or \"none\")");
    expect_error(BASE "vga = \"cirrus\"\n",
                 "t.cfg:4: vga \"cirrus\" is not emulated here (use "
                 "\"bankvga\" or \"none\")");
    expect_error(BASE "vga = \"vesa\"\n",
                 "t.cfg:4: unknown vga device \"vesa\" (use \"bankvga\" "
                 "or \"none\")");
    expect_error(BASE "vga = \"\"\n",
                 "t.cfg:4: unknown vga device \"\" (use \"bankvga\" or "
                 "\"none\")");
    expect_error(BASE "vga = 1\n",
                 "t.cfg:4: 'vga' must be a \"string\", not an integer");
    expect_error(BASE "vga = \"bankvga\"\nvideoram = 0\n",
                 "t.cfg:5: 'videoram' must be between 1 and 64");
    expect_error(BASE "vga = \"bankvga\"\nvideoram = 65\n",
                 "t.cfg:5: 'videoram' must be between 1 and 64");
    expect_error(BASE "vga = \"bankvga\"\nvideoram = -8\n",
                 "t.cfg:5: 'videoram' must be between 1 and 64");
    expect_error(BASE "vga = \"bankvga\"\nvideoram = \"8M\"\n",
                 "t.cfg:5: 'videoram' must be an integer (MiB), not a string");
    /* Out of range even where it would be ignored. */
    expect_error(BASE "videoram = 1024\n",
                 "t.cfg:4: 'videoram' must be between 1 and 64");
}

/* ---- warnings ---------------------------------------------------------- */

static void test_unknown_keys_warn(void **state)
{
    (void)state;
    expect_ok(BASE "foo = 1\n\nbar_2 = [\"x\"]\n");
    assert_int_equal(cfg.warning_count, 2);
    assert_string_equal(cfg.warnings,
                        "t.cfg:4: warning: unknown key 'foo' (ignored)\n"
                        "t.cfg:6: warning: unknown key 'bar_2' (ignored)\n");
}

static void test_repeated_key_last_wins(void **state)
{
    (void)state;
    expect_ok(BASE "memory = 64\n\nmemory = 128\n");
    assert_int_equal(cfg.memory_mib, 128);
    assert_int_equal(xlcfg_find(&cfg, "memory")->line, 6);
    assert_int_equal(cfg.warning_count, 2);
    assert_string_equal(cfg.warnings,
                        "t.cfg:4: warning: 'memory' is set again (first on "
                        "line 2); the last setting counts\n"
                        "t.cfg:6: warning: 'memory' is set again (first on "
                        "line 2); the last setting counts\n");
}

static void test_warnings_overflow_safely(void **state)
{
    char text[4096];
    size_t n = 0;

    (void)state;
    n += (size_t)snprintf(text + n, sizeof(text) - n, "%s", BASE);
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(text + n, sizeof(text) - n, "unknown%d = %d\n", i,
                              i);
    expect_ok(text);
    assert_int_equal(cfg.warning_count, 40);
    assert_true(strlen(cfg.warnings) < sizeof(cfg.warnings));
    assert_memory_equal(cfg.warnings,
                        "t.cfg:4: warning: unknown key 'unknown0'", 40);
}

/* Warnings are kept even when the file is then rejected. */
static void test_warnings_survive_an_error(void **state)
{
    (void)state;
    expect_error("foo = 1\nname = \"vm\"\n", "t.cfg: missing required key "
                                             "'memory'");
    assert_int_equal(cfg.warning_count, 1);
    assert_string_equal(cfg.warnings,
                        "t.cfg:1: warning: unknown key 'foo' (ignored)\n");
}

/* ---- syntax errors ----------------------------------------------------- */

static void test_error_expected_equals(void **state)
{
    int rc;

    (void)state;
    /* The example from the issue, with the caller's file name. */
    rc = xlcfg_parse(&cfg, "memcheck.cfg", "name = \"m\"\n\nmemory 32\n", 22,
                     err, sizeof(err));
    assert_int_equal(rc, -1);
    assert_string_equal(err, "memcheck.cfg:3: expected '=' after 'memory'");
    expect_error("name\n", "t.cfg:1: expected '=' after 'name'");
    expect_error("name", "t.cfg:1: expected '=' after 'name'");
    expect_error("name : \"x\"", "t.cfg:1: expected '=' after 'name'");
    expect_error("a b = 1", "t.cfg:1: expected '=' after 'a'");
}

static void test_error_expected_setting(void **state)
{
    (void)state;
    expect_error("\n\n= 5\n", "t.cfg:3: expected a setting (key = value), "
                              "found '='");
    expect_error("9lives = 1", "t.cfg:1: expected a setting (key = value), "
                               "found '9'");
    expect_error("\"name\" = 1", "t.cfg:1: expected a setting (key = value), "
                                 "found '\"'");
    expect_error(BASE "\x01x = 1", "t.cfg:4: expected a setting (key = "
                                   "value), found byte 0x01");
    expect_error("\xff", "t.cfg:1: expected a setting (key = value), found "
                         "byte 0xff");
}

static void test_error_nul_byte(void **state)
{
    static const char text[] = "name = \"a\0b\"\n";

    (void)state;
    assert_int_equal(
        xlcfg_parse(&cfg, "t.cfg", text, sizeof(text) - 1, err, sizeof(err)),
        -1);
    assert_string_equal(err, "t.cfg:1: byte 0x00 is not allowed in a string");
    assert_int_equal(xlcfg_parse(&cfg, "t.cfg", "\0", 1, err, sizeof(err)), -1);
    assert_string_equal(err, "t.cfg:1: expected a setting (key = value), "
                             "found byte 0x00");
}

static void test_error_missing_value(void **state)
{
    (void)state;
    expect_error("name =\n", "t.cfg:1: expected a value for 'name'");
    expect_error("name = ", "t.cfg:1: expected a value for 'name'");
    expect_error("name = # c\n", "t.cfg:1: expected a value for 'name'");
    expect_error("name = )", "t.cfg:1: expected a value for 'name' (a "
                             "number, \"string\" or [list])");
    expect_error("memory = +5", "t.cfg:1: expected a value for 'memory' (a "
                                "number, \"string\" or [list])");
}

static void test_error_bare_word(void **state)
{
    (void)state;
    expect_error(BASE "on_crash = destroy\n",
                 "t.cfg:4: the value of "
                 "'on_crash' must be quoted, as in \"destroy\"");
    expect_error("x = [ a ]", "t.cfg:1: the value of 'x' must be quoted, as "
                              "in \"a\"");
    expect_error("x = averyveryveryveryverylongwordthatgoesonandon",
                 "t.cfg:1: the value of 'x' must be quoted, as in "
                 "\"averyveryveryveryverylongwordthatgoe...\"");
}

static void test_error_strings(void **state)
{
    (void)state;
    expect_error("name = \"abc\n", "t.cfg:1: unterminated string (no "
                                   "closing \")");
    expect_error("\nname = 'abc", "t.cfg:2: unterminated string (no "
                                  "closing ')");
    expect_error("name = \"abc\\", "t.cfg:1: unterminated string (no "
                                   "closing \")");
    expect_error("name = \"abc\\\n\"", "t.cfg:1: unterminated string (no "
                                       "closing \")");
    expect_error("name = \"a\\qb\"", "t.cfg:1: unknown escape '\\q' in a "
                                     "string (use \\\\ \\\" \\' \\n or \\t)");
    expect_error("name = \"a\\\x01\"", "t.cfg:1: unknown escape '\\?' in a "
                                       "string (use \\\\ \\\" \\' \\n or \\t)");
    expect_error("name = \"a\x1b[0m\"", "t.cfg:1: byte 0x1b is not allowed "
                                        "in a string");
    expect_error("name = 'a\rb'", "t.cfg:1: byte 0x0d is not allowed in a "
                                  "string");
}

static void test_error_integers(void **state)
{
    (void)state;
    expect_error("memory = 12abc", "t.cfg:1: bad integer '12abc'");
    expect_error("memory = 0x", "t.cfg:1: bad integer '0x'");
    expect_error("memory = 0xg", "t.cfg:1: bad integer '0xg'");
    expect_error("memory = -", "t.cfg:1: bad integer '-'");
    expect_error("memory = --1", "t.cfg:1: bad integer '--1'");
    expect_error("memory = 1.5", "t.cfg:1: bad integer '1.5'");
    expect_error("memory = 32\"", "t.cfg:1: bad integer '32\"'");
    expect_error("memory = 9223372036854775808",
                 "t.cfg:1: integer "
                 "9223372036854775808 is out of range");
    expect_error("memory = -9223372036854775809",
                 "t.cfg:1: integer "
                 "-9223372036854775809 is out of range");
    expect_error("memory = 0x10000000000000000",
                 "t.cfg:1: integer "
                 "0x10000000000000000 is out of range");
    expect_error("memory = 99999999999999999999999999999999999999999999999",
                 "t.cfg:1: integer 99999999999999999999999999999999999999999"
                 "999... is out of range");
}

static void test_error_trailing(void **state)
{
    (void)state;
    expect_error("memory = 32 64", "t.cfg:1: unexpected '6' after the value "
                                   "of 'memory'");
    expect_error("name = \"a\" \"b\"", "t.cfg:1: unexpected '\"' after the "
                                       "value of 'name'");
    expect_error("name = \"a\";", "t.cfg:1: unexpected ';' after the value "
                                  "of 'name'");
    expect_error("memory = 32]", "t.cfg:1: unexpected ']' after the value of "
                                 "'memory'");
    expect_error("x = [] []", "t.cfg:1: unexpected '[' after the value of "
                              "'x'");
    expect_error("x = 1 = 2", "t.cfg:1: unexpected '=' after the value of "
                              "'x'");
}

static void test_error_lists(void **state)
{
    (void)state;
    expect_error("\ndisk = [ \"a\",\n \"b\"\n", "t.cfg:2: the list of 'disk' "
                                                "is not closed with ']'");
    expect_error("disk = [", "t.cfg:1: the list of 'disk' is not closed "
                             "with ']'");
    expect_error("disk = [ \"a\" \"b\" ]", "t.cfg:1: expected ',' or ']' in "
                                           "the list of 'disk', found '\"'");
    expect_error("disk = [ \"a\"\n\n x ]", "t.cfg:3: expected ',' or ']' in "
                                           "the list of 'disk', found 'x'");
    expect_error("disk = [ [\"a\"] ]", "t.cfg:1: lists cannot be nested (in "
                                       "'disk')");
    expect_error("disk = [ , ]", "t.cfg:1: expected a value for 'disk' (a "
                                 "number, \"string\" or [list])");
    expect_error("disk = [ \"a\",, ]",
                 "t.cfg:1: expected a value for "
                 "'disk' (a number, \"string\" or [list])");
    expect_error("disk = [ \"a\n\" ]", "t.cfg:1: unterminated string (no "
                                       "closing \")");
    expect_error("disk = [ 1x ]", "t.cfg:1: bad integer '1x'");
}

/* ---- key checks -------------------------------------------------------- */

static void test_error_missing_keys(void **state)
{
    (void)state;
    expect_error("", "t.cfg: missing required key 'name'");
    expect_error("# only a comment\n\n", "t.cfg: missing required key "
                                         "'name'");
    expect_error("name = \"a\"\nkernel = \"/k\"", "t.cfg: missing required "
                                                  "key 'memory'");
    expect_error("name = \"a\"\nmemory = 2", "t.cfg: missing required key "
                                             "'kernel'");
}

static void test_error_types(void **state)
{
    (void)state;
    expect_error("name = 5\n", "t.cfg:1: 'name' must be a \"string\", not an "
                               "integer");
    expect_error("name = \"a\"\nmemory = \"32\"\n",
                 "t.cfg:2: 'memory' must "
                 "be an integer (MiB), not a string");
    expect_error(BASE "vcpus = [1]\n", "t.cfg:4: 'vcpus' must be an integer, "
                                       "not a list");
    expect_error("name = \"a\"\nmemory = 2\nkernel = [\"/k\"]\n",
                 "t.cfg:3: "
                 "'kernel' must be a \"string\", not a list");
    expect_error(BASE "extra = 0\n", "t.cfg:4: 'extra' must be a \"string\", "
                                     "not an integer");
    expect_error(BASE "on_crash = 1\n", "t.cfg:4: 'on_crash' must be a "
                                        "\"string\", not an integer");
}

static void test_error_name(void **state)
{
    char text[256];

    (void)state;
    expect_error("name = \"\"", "t.cfg:1: 'name' must not be empty");
    expect_error("name = 'a b'", "t.cfg:1: 'name' may hold only printable "
                                 "ASCII characters and no spaces");
    expect_error("name = 'caf\xc3\xa9'",
                 "t.cfg:1: 'name' may hold only "
                 "printable ASCII characters and no spaces");
    expect_error("name = \"a\\tb\"", "t.cfg:1: 'name' must not contain "
                                     "control characters");
    expect_error("name = '42'", "t.cfg:1: 'name' must not be a number (it "
                                "would be taken for a domain id)");
    snprintf(
        text, sizeof(text), "memory = 2\nkernel = '/k'\nname = '%.64s'",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    expect_error(text, "t.cfg:3: 'name' is too long (at most 63 characters)");
    snprintf(
        text, sizeof(text), "memory = 2\nkernel = '/k'\nname = '%.63s'",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    expect_ok(text);
    assert_int_equal(strlen(cfg.name), 63);
    expect_ok("name = '4a'\nmemory = 2\nkernel = '/k'");
}

static void test_error_memory_and_vcpus(void **state)
{
    (void)state;
    expect_error("name = 'a'\nmemory = 0\n", "t.cfg:2: 'memory' must be "
                                             "between 2 and 1048576");
    expect_error("name = 'a'\nmemory = 1\n", "t.cfg:2: 'memory' must be "
                                             "between 2 and 1048576");
    expect_error("name = 'a'\nmemory = -1\n", "t.cfg:2: 'memory' must be "
                                              "between 2 and 1048576");
    expect_error("name = 'a'\nmemory = 1048577\n", "t.cfg:2: 'memory' must "
                                                   "be between 2 and 1048576");
    expect_ok("name = 'a'\nmemory = 1048576\nkernel = '/k'");
    assert_int_equal(cfg.memory_mib, 1048576);
    expect_error(BASE "vcpus = 0", "t.cfg:4: 'vcpus' must be between 1 and "
                                   "32");
    expect_error(BASE "vcpus = 33", "t.cfg:4: 'vcpus' must be between 1 and "
                                    "32");
    expect_ok(BASE "vcpus = 32");
    assert_int_equal(cfg.vcpus, 32);
}

static void test_error_kernel_and_extra(void **state)
{
    char text[512], path[300];

    (void)state;
    expect_error("name = 'a'\nmemory = 2\nkernel = 'boot/k.elf'",
                 "t.cfg:3: "
                 "'kernel' must be an absolute path, as in "
                 "\"/boot/memcheck.elf\"");
    expect_error("name = 'a'\nmemory = 2\nkernel = ''",
                 "t.cfg:3: 'kernel' "
                 "must be an absolute path, as in \"/boot/memcheck.elf\"");
    memset(path, 'p', sizeof(path));
    path[0] = '/';
    path[128] = '\0';
    snprintf(text, sizeof(text), "name = 'a'\nmemory = 2\nkernel = '%s'", path);
    expect_error(text, "t.cfg:3: 'kernel' is too long (at most 127 "
                       "characters)");
    path[127] = '\0';
    snprintf(text, sizeof(text), "name = 'a'\nmemory = 2\nkernel = '%s'", path);
    expect_ok(text);
    memset(path, 'e', sizeof(path));
    path[0] = '<';
    path[255] = '>';
    path[256] = '\0';
    snprintf(text, sizeof(text), BASE "extra = '%s'", path);
    expect_error(text, "t.cfg:4: 'extra' is too long (at most 255 "
                       "characters)");
    path[254] = '>';
    path[255] = '\0';
    snprintf(text, sizeof(text), BASE "extra = '%s'", path);
    expect_ok(text);
    assert_int_equal(strlen(cfg.extra), 255);
    expect_error(BASE "extra = \"a\\nb\"", "t.cfg:4: 'extra' must not contain "
                                           "control characters");
}

static void test_memory_map_keys(void **state)
{
    (void)state;
    expect_ok(BASE);
    assert_int_equal(cfg.mmio_hole_mib, 0);
    assert_int_equal(cfg.nr_rdm, 0);
    expect_ok(BASE "mmio_hole = 1024\n"
                   "rdm = [ \"0xfed00000-0xfed03fff\", \"4096-8191\",\n"
                   "        \"0x100000000-0x1001fffff\" ]\n");
    assert_int_equal(cfg.mmio_hole_mib, 1024);
    assert_int_equal(cfg.nr_rdm, 3);
    assert_int_equal(cfg.rdm[0].first_gfn, 0xfed00);
    assert_int_equal(cfg.rdm[0].nr_frames, 4);
    assert_int_equal(cfg.rdm[1].first_gfn, 1);
    assert_int_equal(cfg.rdm[1].nr_frames, 1);
    assert_int_equal(cfg.rdm[2].first_gfn, 0x100000);
    assert_int_equal(cfg.rdm[2].nr_frames, 0x200);
    expect_ok(BASE "mmio_hole = 256\nrdm = []\n");
    assert_int_equal(cfg.nr_rdm, 0);
    expect_ok(BASE "mmio_hole = 4032\n");
    /* Xen's form: the host's ranges are always reserved here. */
    expect_ok(BASE "rdm = \"strategy=host,policy=relaxed\"\n");
    assert_int_equal(cfg.nr_rdm, 0);
    expect_ok(BASE "rdm = \"policy=strict\"\n");
    expect_ok(BASE "rdm = \"\"\n");
}

static void test_error_memory_map_keys(void **state)
{
    (void)state;
    expect_error(BASE "mmio_hole = 255\n",
                 "t.cfg:4: 'mmio_hole' must be between 256 and 4032");
    expect_error(BASE "mmio_hole = 4033\n",
                 "t.cfg:4: 'mmio_hole' must be between 256 and 4032");
    expect_error(BASE "mmio_hole = \"1G\"\n",
                 "t.cfg:4: 'mmio_hole' must be an integer (MiB), not a "
                 "string");
    expect_error(BASE "rdm = 5\n", "t.cfg:4: 'rdm' must be a list of "
                 "\"START-END\" ranges, not an integer");
    expect_error(BASE "rdm = [ 5 ]\n", "t.cfg:4: 'rdm' ranges must be "
                 "strings, as in \"0xfed00000-0xfed03fff\"");
    expect_error(BASE "rdm = [ \"0x1000-0x1fff\",\n\"0x1001-0x1fff\" ]\n",
                 "t.cfg:4: 'rdm' range \"0x1001-0x1fff\": START must be "
                 "4 KiB aligned");
    expect_error(BASE "rdm = [ \"0x1000-0x2000\" ]\n",
                 "t.cfg:4: 'rdm' range \"0x1000-0x2000\": END must be the "
                 "last byte of a page (end in fff)");
    expect_error(BASE "rdm = [ \"0x3000-0x1fff\" ]\n",
                 "t.cfg:4: 'rdm' range \"0x3000-0x1fff\": END is below "
                 "START");
    expect_error(BASE "rdm = [ \"0x1000\" ]\n",
                 "t.cfg:4: 'rdm' range \"0x1000\": expected START-END");
    expect_error(BASE "rdm = [ \"0-0xffffffffffffff\" ]\n",
                 "t.cfg:4: 'rdm' range \"0-0xffffffffffffff\": beyond the "
                 "guest-physical space");
    expect_error(BASE "rdm = [ \"0x1000-0x1fff\", \"0x1000-0x1fff\", "
                 "\"0x1000-0x1fff\", \"0x1000-0x1fff\", \"0x1000-0x1fff\", "
                 "\"0x1000-0x1fff\", \"0x1000-0x1fff\", \"0x1000-0x1fff\", "
                 "\"0x1000-0x1fff\" ]\n",
                 "t.cfg:4: 'rdm' has too many ranges (at most 8)");
    expect_error(BASE "rdm = \"strategy=host,policy=loose\"\n",
                 "t.cfg:4: 'rdm' setting \"policy=loose\" is not supported "
                 "(Xen's form is \"strategy=host,policy=strict\"; ranges go "
                 "in a list, as in [ \"0xfed00000-0xfed03fff\" ])");
    expect_error(BASE "rdm = \"0xfed00000-0xfed03fff\"\n",
                 "t.cfg:4: 'rdm' setting \"0xfed00000-0xfed03fff\" is not "
                 "supported (Xen's form is \"strategy=host,policy=strict\"; "
                 "ranges go in a list, as in [ \"0xfed00000-0xfed03fff\" ])");
}

static void test_on_crash(void **state)
{
    (void)state;
    expect_ok(BASE "on_crash = \"destroy\"");
    assert_int_equal(cfg.on_crash, XLCFG_ON_CRASH_DESTROY);
    expect_ok(BASE "on_crash = 'preserve'");
    assert_int_equal(cfg.on_crash, XLCFG_ON_CRASH_PRESERVE);
    expect_error(BASE "on_crash = \"restart\"",
                 "t.cfg:4: on_crash "
                 "\"restart\" is not supported (use \"destroy\" or "
                 "\"preserve\")");
    expect_error(BASE "on_crash = 'coredump-destroy'",
                 "t.cfg:4: on_crash "
                 "\"coredump-destroy\" is not supported (use \"destroy\" or "
                 "\"preserve\")");
    expect_error(BASE "on_crash = 'explode'",
                 "t.cfg:4: unknown on_crash "
                 "action \"explode\" (use \"destroy\" or \"preserve\")");
    expect_error(BASE "on_crash = 'Destroy'",
                 "t.cfg:4: unknown on_crash "
                 "action \"Destroy\" (use \"destroy\" or \"preserve\")");
}

/* ---- limits ------------------------------------------------------------ */

static void test_limit_key_length(void **state)
{
    (void)state;
    expect_ok(BASE "abcdefghijklmnopqrstuvwxyz_1234 = 1");
    expect_error(BASE "abcdefghijklmnopqrstuvwxyz_12345 = 1",
                 "t.cfg:4: key "
                 "name too long (at most 31 characters)");
}

static void test_limit_entries(void **state)
{
    char text[4096];
    size_t n = 0;

    (void)state;
    n += (size_t)snprintf(text, sizeof(text), BASE);
    for (int i = 3; i < XLCFG_ENTRIES_MAX; i++)
        n += (size_t)snprintf(text + n, sizeof(text) - n, "k%d = %d\n", i, i);
    expect_ok(text);
    assert_int_equal(cfg.entry_count, XLCFG_ENTRIES_MAX);
    snprintf(text + n, sizeof(text) - n, "last = 1\n");
    expect_error(text, "t.cfg:65: too many settings (at most 64)");
}

static void test_limit_items(void **state)
{
    char text[4096];
    size_t n = 0;

    (void)state;
    n += (size_t)snprintf(text, sizeof(text), BASE "a = [");
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(text + n, sizeof(text) - n, "%d,", i);
    n += (size_t)snprintf(text + n, sizeof(text) - n, "]\nb = [");
    for (int i = 0; i < 24; i++)
        n += (size_t)snprintf(text + n, sizeof(text) - n, "\n%d,", i);
    expect_ok(strcat(text, "]"));
    assert_int_equal(cfg.item_count, XLCFG_ITEMS_MAX);
    assert_int_equal(
        xlcfg_list_item(&cfg, &xlcfg_find(&cfg, "b")->value, 23)->number, 23);
    text[strlen(text) - 1] = '\0';
    expect_error(strcat(text, "\n1]"), "t.cfg:30: too many list items (at "
                                       "most 64 in all lists together)");
}

static void test_limit_pool(void **state)
{
    static char text[8192];
    char chunk[300];
    size_t n = 0;
    int i;

    (void)state;
    memset(chunk, 'x', 250);
    chunk[250] = '\0';
    n += (size_t)snprintf(text, sizeof(text), BASE);
    for (i = 0; n < 6000; i++)
        n += (size_t)snprintf(text + n, sizeof(text) - n, "s%d = '%s'\n", i,
                              chunk);
    assert_int_equal(parse(text), -1);
    /* 3 settings plus 15 of ~255 bytes fit in 4096; the 16th does not. */
    assert_string_equal(err, "t.cfg:19: the file is too big (its keys and "
                             "strings exceed 4096 bytes)");
}

/* ---- the error buffer -------------------------------------------------- */

static void test_error_buffer_truncated(void **state)
{
    char small[12];

    (void)state;
    memset(small, 0x55, sizeof(small));
    assert_int_equal(
        xlcfg_parse(&cfg, "memcheck.cfg", "memory 32", 9, small, sizeof(small)),
        -1);
    assert_string_equal(small, "memcheck.cf");
    assert_int_equal(xlcfg_parse(&cfg, "t", "memory 32", 9, NULL, 0), -1);
    assert_int_equal(xlcfg_parse(&cfg, NULL, "memory 32", 9, err, sizeof(err)),
                     -1);
    assert_string_equal(err, "(config):1: expected '=' after 'memory'");
    /* A parse that succeeds clears the buffer. */
    assert_int_equal(
        xlcfg_parse(&cfg, "t", BASE, strlen(BASE), small, sizeof(small)), 0);
    assert_string_equal(small, "");
}

/* The text need not be NUL-terminated: only len bytes are read. */
static void test_length_bounded(void **state)
{
    static const char text[] = BASE "memory = 64\n";

    (void)state;
    assert_int_equal(
        xlcfg_parse(&cfg, "t", text, strlen(BASE), err, sizeof(err)), 0);
    assert_int_equal(cfg.memory_mib, 32);
    /* Cut in the middle of "memory = 64": the 6 stays out. */
    assert_int_equal(
        xlcfg_parse(&cfg, "t", text, strlen(BASE) + 10, err, sizeof(err)), 0);
    assert_int_equal(cfg.memory_mib, 6);
}

/* ---- robustness -------------------------------------------------------- */

static uint64_t rng_state;

static uint32_t rng(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
}

/* Invariants of any parse: a terminated message naming the file. */
static void check_any_parse(const char *text, size_t len)
{
    char e[64];
    int rc;

    memset(e, 0x55, sizeof(e));
    rc = xlcfg_parse(&cfg, "g.cfg", text, len, e, sizeof(e));
    assert_true(rc == 0 || rc == -1);
    assert_non_null(memchr(e, '\0', sizeof(e)));
    assert_true(strlen(cfg.warnings) < sizeof(cfg.warnings));
    assert_true(cfg.entry_count <= XLCFG_ENTRIES_MAX);
    assert_true(cfg.item_count <= XLCFG_ITEMS_MAX);
    assert_true(cfg.pool_used <= XLCFG_POOL_SIZE);
    if (rc == 0) {
        assert_string_equal(e, "");
        assert_true(cfg.name[0] && cfg.kernel[0] == '/');
        assert_true(cfg.memory_mib >= 1 && cfg.memory_mib <= XLCFG_MEMORY_MAX);
        assert_true(cfg.vcpus >= 1 && cfg.vcpus <= XLCFG_VCPUS_MAX);
    } else {
        assert_memory_equal(e, "g.cfg:", 6);
    }
}

static void test_random_garbage(void **state)
{
    static const char alphabet[] = "ab_=[],'\"\\#\n \t0x9-\r\x01\xff";
    static char text[1024];

    (void)state;
    rng_state = 1;
    for (int round = 0; round < 20000; round++) {
        size_t len = rng() % sizeof(text);
        bool raw = round % 2;

        for (size_t i = 0; i < len; i++)
            text[i] =
                raw ? (char)rng() : alphabet[rng() % (sizeof(alphabet) - 1)];
        check_any_parse(text, len);
    }
}

static void test_mutated_configs(void **state)
{
    static const char seed[] =
        "# memcheck\nname = \"memcheck\"\nmemory = 32\nvcpus = 1\n"
        "kernel = \"/boot/memcheck.elf\"\nextra = 'rounds=3'\n"
        "disk = [ \"a\", 'b',\n  7 ]\non_crash = \"preserve\"\n";
    static const char bytes[] = "=[]\"'\\#\n ,x0-";
    static char text[sizeof(seed) + 16];

    (void)state;
    rng_state = 2;
    check_any_parse(seed, sizeof(seed) - 1);
    assert_int_equal(cfg.warning_count, 1);
    for (int round = 0; round < 20000; round++) {
        size_t len = sizeof(seed) - 1;
        int edits = 1 + rng() % 3;

        memcpy(text, seed, len);
        while (edits-- && len) {
            size_t at = rng() % len;

            if (rng() % 4 == 0)
                len = at; /* truncate */
            else
                text[at] = bytes[rng() % (sizeof(bytes) - 1)];
        }
        check_any_parse(text, len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_and_defaults),
        cmocka_unit_test(test_all_keys),
        cmocka_unit_test(test_crlf_no_final_newline_and_blank_lines),
        cmocka_unit_test(test_strings_and_escapes),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_device_keys_are_kept_by_name),
        cmocka_unit_test(test_vga_keys),
        cmocka_unit_test(test_error_vga_keys),
        cmocka_unit_test(test_unknown_keys_warn),
        cmocka_unit_test(test_repeated_key_last_wins),
        cmocka_unit_test(test_warnings_overflow_safely),
        cmocka_unit_test(test_warnings_survive_an_error),
        cmocka_unit_test(test_error_expected_equals),
        cmocka_unit_test(test_error_expected_setting),
        cmocka_unit_test(test_error_nul_byte),
        cmocka_unit_test(test_error_missing_value),
        cmocka_unit_test(test_error_bare_word),
        cmocka_unit_test(test_error_strings),
        cmocka_unit_test(test_error_integers),
        cmocka_unit_test(test_error_trailing),
        cmocka_unit_test(test_error_lists),
        cmocka_unit_test(test_error_missing_keys),
        cmocka_unit_test(test_error_types),
        cmocka_unit_test(test_error_name),
        cmocka_unit_test(test_error_memory_and_vcpus),
        cmocka_unit_test(test_error_kernel_and_extra),
        cmocka_unit_test(test_memory_map_keys),
        cmocka_unit_test(test_error_memory_map_keys),
        cmocka_unit_test(test_on_crash),
        cmocka_unit_test(test_limit_key_length),
        cmocka_unit_test(test_limit_entries),
        cmocka_unit_test(test_limit_items),
        cmocka_unit_test(test_limit_pool),
        cmocka_unit_test(test_error_buffer_truncated),
        cmocka_unit_test(test_length_bounded),
        cmocka_unit_test(test_random_garbage),
        cmocka_unit_test(test_mutated_configs),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
