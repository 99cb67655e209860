/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the command-line parser (xen/common/param.c) and for
 * simple_strtoull() (xen/common/lib/strtoul.c).  Every option type is
 * exercised with good values and with each kind of malformed value; for the
 * bad ones the tests check both that the variable keeps its old value and
 * that the log names the option and the value, since a user staring at a
 * boot log has nothing else to go on.  The last tests push many generated
 * command lines through the parser under ASan/UBSan: it must never crash,
 * overrun a buffer or leave a string unterminated.  The tests use their own
 * kernel_param table, not the linker section.
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
#include <xen/param.h>
#include "harness.h"

/* ---- The variables and the table under test ---------------------------- */

static uint8_t u8;
static uint16_t u16;
static uint32_t u32;
static uint64_t u64;
static int8_t s8;
static int16_t s16;
static int32_t s32;
static int64_t s64;
static int no_thing; /* an option whose own name starts with "no-" */
static uint8_t sz8;
static uint16_t sz16;
static uint32_t sz32;
static uint64_t sz64;
static bool flag;     /* default false */
static bool flag_on;  /* default true */
static char str[16];
static char bigstr[512];

/* What the custom handlers saw. */
static unsigned int cust_calls;
static char cust_last[512];
static unsigned int console_mask; /* bit 0: com1, bit 1: none */

#define CONSOLE_COM1 1u
#define CONSOLE_NONE 2u

/* Records its value; rejects "bad" with -EINVAL. */
static int cust_handler(const char *value)
{
    size_t n = strlen(value);

    assert_true(n < sizeof(cust_last));
    memcpy(cust_last, value, n + 1);
    cust_calls++;
    return strcmp(value, "bad") ? 0 : -EINVAL;
}

/*
 * A list option like the real console=: each comma-separated item is com1
 * or none; empty items are skipped.  Validates the whole list before
 * changing anything, so a rejected list leaves the old setting alone.
 */
static int console_handler(const char *value)
{
    unsigned int mask = 0;
    const char *s, *e;

    for (s = value; *s; s = *e ? e + 1 : e) {
        e = param_list_next(s);
        if (e - s == 4 && !strncmp(s, "com1", 4))
            mask |= CONSOLE_COM1;
        else if (e - s == 4 && !strncmp(s, "none", 4))
            mask |= CONSOLE_NONE;
        else if (e != s)
            return -EINVAL;
    }
    console_mask = mask;
    return 0;
}

#define VAR_PARAM(n, t, v)                                                    \
    {                                                                         \
        .name = n, .type = t, .len = sizeof(v), .par = {.var = &(v)}          \
    }
#define FUNC_PARAM(n, f)                                                      \
    {                                                                         \
        .name = n, .type = PARAM_CUSTOM, .par = {.func = f}                   \
    }

static const struct kernel_param params[] = {
    VAR_PARAM("u8", PARAM_INT, u8),
    VAR_PARAM("u16", PARAM_INT, u16),
    VAR_PARAM("u32", PARAM_INT, u32),
    VAR_PARAM("u64", PARAM_INT, u64),
    VAR_PARAM("s8", PARAM_INT, s8),
    VAR_PARAM("s16", PARAM_INT, s16),
    VAR_PARAM("s32", PARAM_INT, s32),
    VAR_PARAM("s64", PARAM_INT, s64),
    VAR_PARAM("no-thing", PARAM_INT, no_thing),
    VAR_PARAM("sz8", PARAM_SIZE, sz8),
    VAR_PARAM("sz16", PARAM_SIZE, sz16),
    VAR_PARAM("sz32", PARAM_SIZE, sz32),
    VAR_PARAM("sz64", PARAM_SIZE, sz64),
    VAR_PARAM("flag", PARAM_BOOL, flag),
    VAR_PARAM("flag-on", PARAM_BOOL, flag_on),
    VAR_PARAM("str", PARAM_STRING, str),
    VAR_PARAM("bigstr", PARAM_STRING, bigstr),
    FUNC_PARAM("cust", cust_handler),
    FUNC_PARAM("console", console_handler),
};

static int reset_vars(void **state)
{
    u8 = u16 = u32 = 7;
    u64 = 7;
    s8 = s16 = s32 = -7;
    s64 = -7;
    no_thing = 3;
    sz8 = sz16 = sz32 = 42;
    sz64 = 4096;
    flag = false;
    flag_on = true;
    strcpy(str, "dflt");
    strcpy(bigstr, "big");
    cust_calls = 0;
    cust_last[0] = '\0';
    console_mask = CONSOLE_COM1;
    log_reset();
    return 0;
}

/* Parse cmdline against params[] with a fresh log. */
static unsigned int parse(const char *cmdline)
{
    log_reset();
    return cmdline_parse(cmdline, params, params + ARRAY_SIZE(params));
}

/* The log names the option and the value, each in single quotes. */
static void check_logged(const char *name, const char *value)
{
    char quoted[600];

    snprintf(quoted, sizeof(quoted), "'%s'", name);
    if (!log_contains(quoted))
        fail_msg("log does not name option %s: %s", quoted, log_text());
    if (!value)
        return;
    snprintf(quoted, sizeof(quoted), "'%s'", value);
    if (!log_contains(quoted))
        fail_msg("log does not name value %s: %s", quoted, log_text());
}

/* cmdline is rejected (count 1), names name and value, and leaves *var. */
#define CHECK_REJECTED(cmdline, var, name, value)                             \
    do {                                                                      \
        __typeof__(var) old_;                                                 \
                                                                              \
        memcpy(&old_, &(var), sizeof(var));                                   \
        assert_int_equal(parse(cmdline), 1);                                  \
        assert_true(memcmp(&old_, &(var), sizeof(var)) == 0);                 \
        check_logged(name, value);                                            \
    } while (0)

/* ---- Integers ----------------------------------------------------------- */

static void test_int_good(void **state)
{
    assert_int_equal(parse("u8=255 u16=0xffff u32=4294967295"), 0);
    assert_int_equal(u8, 255);
    assert_int_equal(u16, 0xffff);
    assert_int_equal(u32, 4294967295u);
    assert_int_equal(parse("u64=18446744073709551615"), 0);
    assert_true(u64 == UINT64_MAX);
    assert_int_equal(parse("u64=0xFFFFFFFFFFFFFFFF"), 0);
    assert_true(u64 == UINT64_MAX);
    assert_int_equal(parse("u64=01777777777777777777777"), 0);
    assert_true(u64 == UINT64_MAX);
    assert_int_equal(parse("u64=0x000ffffffffffffffff"), 0);
    assert_true(u64 == UINT64_MAX);
    assert_int_equal(parse("u8=010 u16=0 u32=0x10"), 0);
    assert_int_equal(u8, 8);
    assert_int_equal(u16, 0);
    assert_int_equal(u32, 16);
    assert_string_equal(log_text(), "");
}

static void test_int_negative(void **state)
{
    assert_int_equal(parse("s8=-128 s16=-32768 s32=-2147483648"), 0);
    assert_int_equal(s8, -128);
    assert_int_equal(s16, -32768);
    assert_int_equal(s32, INT32_MIN);
    assert_int_equal(parse("s64=-9223372036854775808"), 0);
    assert_true(s64 == INT64_MIN);
    assert_int_equal(parse("s8=127 s16=-0x10 s32=-0 s64=9223372036854775807"),
                     0);
    assert_int_equal(s8, 127);
    assert_int_equal(s16, -16);
    assert_int_equal(s32, 0);
    assert_true(s64 == INT64_MAX);
    /* Signedness is unknown: 255 fits one byte unsigned, the same bits. */
    assert_int_equal(parse("s8=255"), 0);
    assert_int_equal(s8, -1);
    /* ... and -1 fits one byte signed. */
    assert_int_equal(parse("u8=-1"), 0);
    assert_int_equal(u8, 255);
}

static void test_int_not_a_number(void **state)
{
    CHECK_REJECTED("u32=abc", u32, "u32", "abc");
    CHECK_REJECTED("u32=", u32, "u32", "");
    CHECK_REJECTED("u32=-", u32, "u32", "-");
    CHECK_REJECTED("u32=--1", u32, "u32", "--1");
    CHECK_REJECTED("u32=+1", u32, "u32", "+1");
    CHECK_REJECTED("s32=-x", s32, "s32", "-x");
    CHECK_REJECTED("u32=\" 1\"", u32, "u32", " 1");
    assert_true(log_contains("Bad value for 'u32': ' 1'"));
}

static void test_int_trailing_garbage(void **state)
{
    CHECK_REJECTED("u32=12x", u32, "u32", "12x");
    CHECK_REJECTED("u32=0x", u32, "u32", "0x");
    CHECK_REJECTED("u32=08", u32, "u32", "08");
    CHECK_REJECTED("u32=1.5", u32, "u32", "1.5");
    CHECK_REJECTED("u32=10K", u32, "u32", "10K");
    CHECK_REJECTED("s8=-1-", s8, "s8", "-1-");
    CHECK_REJECTED("u64=1,2", u64, "u64", "1,2");
}

static void test_int_overflow(void **state)
{
    CHECK_REJECTED("u8=256", u8, "u8", "256");
    CHECK_REJECTED("s8=-129", s8, "s8", "-129");
    CHECK_REJECTED("u8=0x100", u8, "u8", "0x100");
    CHECK_REJECTED("u16=65536", u16, "u16", "65536");
    CHECK_REJECTED("s16=-32769", s16, "s16", "-32769");
    CHECK_REJECTED("u32=4294967296", u32, "u32", "4294967296");
    CHECK_REJECTED("s32=-2147483649", s32, "s32", "-2147483649");
    CHECK_REJECTED("u64=18446744073709551616", u64, "u64",
                   "18446744073709551616");
    CHECK_REJECTED("u64=99999999999999999999999", u64, "u64",
                   "99999999999999999999999");
    CHECK_REJECTED("u64=0x10000000000000000", u64, "u64",
                   "0x10000000000000000");
    CHECK_REJECTED("u64=0x1ffffffffffffffff", u64, "u64",
                   "0x1ffffffffffffffff");
    CHECK_REJECTED("s64=-9223372036854775809", s64, "s64",
                   "-9223372036854775809");
    CHECK_REJECTED("s64=-18446744073709551615", s64, "s64",
                   "-18446744073709551615");
    assert_true(log_contains("out of range"));
}

/* ---- Sizes -------------------------------------------------------------- */

static void test_size_good(void **state)
{
    assert_int_equal(parse("sz64=64K"), 0);
    assert_true(sz64 == 64 * 1024);
    assert_int_equal(parse("sz64=16m"), 0);
    assert_true(sz64 == 16ULL << 20);
    assert_int_equal(parse("sz64=2G"), 0);
    assert_true(sz64 == 2ULL << 30);
    assert_int_equal(parse("sz64=1t"), 0);
    assert_true(sz64 == 1ULL << 40);
    assert_int_equal(parse("sz64=0x10M"), 0);
    assert_true(sz64 == 16ULL << 20);
    assert_int_equal(parse("sz64=16777215T"), 0);
    assert_true(sz64 == 0xffffff0000000000ULL);
    assert_int_equal(parse("sz8=255 sz16=63K sz32=3G"), 0);
    assert_int_equal(sz8, 255);
    assert_int_equal(sz16, 63 * 1024);
    assert_true(sz32 == 3ULL << 30);
    assert_int_equal(parse("sz64=0"), 0);
    assert_true(sz64 == 0);
}

static void test_size_bad(void **state)
{
    CHECK_REJECTED("sz64=12Q", sz64, "sz64", "12Q");
    CHECK_REJECTED("sz64=1KB", sz64, "sz64", "1KB");
    CHECK_REJECTED("sz64=1KK", sz64, "sz64", "1KK");
    CHECK_REJECTED("sz64=K", sz64, "sz64", "K");
    CHECK_REJECTED("sz64=-1", sz64, "sz64", "-1");
    CHECK_REJECTED("sz64=", sz64, "sz64", "");
    CHECK_REJECTED("sz64=big", sz64, "sz64", "big");
    CHECK_REJECTED("sz64=1.5G", sz64, "sz64", "1.5G");
}

static void test_size_overflow(void **state)
{
    CHECK_REJECTED("sz8=256", sz8, "sz8", "256");
    CHECK_REJECTED("sz8=1K", sz8, "sz8", "1K");
    CHECK_REJECTED("sz16=64K", sz16, "sz16", "64K");
    CHECK_REJECTED("sz32=4G", sz32, "sz32", "4G");
    CHECK_REJECTED("sz32=1T", sz32, "sz32", "1T");
    CHECK_REJECTED("sz64=16777216T", sz64, "sz64", "16777216T");
    CHECK_REJECTED("sz64=99999999999999999999", sz64, "sz64",
                   "99999999999999999999");
    CHECK_REJECTED("sz64=18446744073709551615K", sz64, "sz64",
                   "18446744073709551615K");
}

/* ---- Booleans ----------------------------------------------------------- */

static void test_bool_forms(void **state)
{
    static const char *const yes[] = {"1", "yes", "on", "true", "enable",
                                      "enabled"};
    static const char *const no[] = {"0", "no", "off", "false", "disable",
                                     "disabled"};
    char cmd[64];
    size_t i;

    for (i = 0; i < ARRAY_SIZE(yes); i++) {
        flag = false;
        snprintf(cmd, sizeof(cmd), "flag=%s", yes[i]);
        assert_int_equal(parse(cmd), 0);
        assert_true(flag);
        snprintf(cmd, sizeof(cmd), "flag=%s", no[i]);
        assert_int_equal(parse(cmd), 0);
        assert_false(flag);
    }
    assert_int_equal(parse("flag"), 0);
    assert_true(flag);
    assert_int_equal(parse("no-flag-on"), 0);
    assert_false(flag_on);
    assert_int_equal(parse("flag-on=\"yes\""), 0);
    assert_true(flag_on);
    assert_int_equal(parse("no-flag"), 0);
    assert_false(flag);
}

static void test_bool_bad(void **state)
{
    CHECK_REJECTED("flag=maybe", flag, "flag", "maybe");
    CHECK_REJECTED("flag=YES", flag, "flag", "YES");
    CHECK_REJECTED("flag=", flag, "flag", "");
    CHECK_REJECTED("flag=2", flag, "flag", "2");
    CHECK_REJECTED("flag-on=yess", flag_on, "flag-on", "yess");
    assert_true(log_contains("not a boolean"));
    /* no-foo takes no value, whatever the value says. */
    CHECK_REJECTED("no-flag-on=1", flag_on, "no-flag-on", "1");
    CHECK_REJECTED("no-flag-on=0", flag_on, "no-flag-on", "0");
}

static void test_no_prefix(void **state)
{
    /* An option whose real name starts with "no-" is matched exactly. */
    assert_int_equal(parse("no-thing=5"), 0);
    assert_int_equal(no_thing, 5);
    /* no- on a non-boolean is refused. */
    CHECK_REJECTED("no-u8", u8, "no-u8", NULL);
    assert_true(log_contains("'u8' is not boolean"));
    CHECK_REJECTED("no-str", str, "no-str", NULL);
    assert_string_equal(str, "dflt");
    assert_int_equal(parse("no-cust"), 1);
    assert_int_equal(cust_calls, 0);
    /* no-<unknown> is just unknown. */
    assert_int_equal(parse("no-bogus"), 1);
    assert_true(log_contains("Unknown command line option 'no-bogus'"));
    assert_int_equal(parse("no-"), 1);
    assert_int_equal(parse("no-no-flag"), 1);
    assert_false(flag);
}

/* ---- Strings and quoting ------------------------------------------------ */

static void test_string(void **state)
{
    assert_int_equal(parse("str=hello"), 0);
    assert_string_equal(str, "hello");
    assert_int_equal(parse("str=123456789012345"), 0); /* 15 + NUL fits */
    assert_string_equal(str, "123456789012345");
    assert_int_equal(parse("str="), 0);
    assert_string_equal(str, "");
    assert_int_equal(parse("str=a\"b"), 0); /* quotes inside are literal */
    assert_string_equal(str, "a\"b");
    assert_int_equal(parse("str=x=y"), 0); /* only the first '=' splits */
    assert_string_equal(str, "x=y");
}

static void test_string_too_long(void **state)
{
    char cmd[600], big[300];

    strcpy(str, "keep");
    CHECK_REJECTED("str=1234567890123456", str, "str", "1234567890123456");
    assert_string_equal(str, "keep");
    assert_true(log_contains("too long"));

    /* The value bound (255) applies whatever the buffer size. */
    memset(big, 'v', 255);
    big[255] = '\0';
    snprintf(cmd, sizeof(cmd), "bigstr=%s", big);
    assert_int_equal(parse(cmd), 0);
    assert_string_equal(bigstr, big);
    strcpy(bigstr, "big");
    memset(big, 'w', 256);
    big[256] = '\0';
    snprintf(cmd, sizeof(cmd), "bigstr=%s u8=9", big);
    assert_int_equal(parse(cmd), 1);
    assert_string_equal(bigstr, "big");
    assert_int_equal(u8, 9);
    check_logged("bigstr", NULL);
    assert_true(log_contains("longer than 255"));
    /* The same for a quoted value and a custom handler. */
    snprintf(cmd, sizeof(cmd), "cust=\"%s\"", big);
    assert_int_equal(parse(cmd), 1);
    assert_int_equal(cust_calls, 0);
    check_logged("cust", NULL);
}

static void test_quotes(void **state)
{
    assert_int_equal(parse("str=\"a b\" u8=3"), 0);
    assert_string_equal(str, "a b");
    assert_int_equal(u8, 3);
    assert_int_equal(parse("str=\"\""), 0);
    assert_string_equal(str, "");
    assert_int_equal(parse("str=\" \tx \""), 0);
    assert_string_equal(str, " \tx ");
    assert_int_equal(parse("u16=\"0x20\""), 0);
    assert_int_equal(u16, 0x20);
    assert_int_equal(parse("cust=\"one two\""), 0);
    assert_string_equal(cust_last, "one two");
    assert_int_equal(parse("str=\"=\"\tu8=4"), 0);
    assert_string_equal(str, "=");
    assert_int_equal(u8, 4);
}

static void test_unterminated_quote(void **state)
{
    strcpy(str, "keep");
    assert_int_equal(parse("u8=1 str=\"abc def"), 1);
    assert_string_equal(str, "keep");
    assert_int_equal(u8, 1);
    check_logged("str", NULL);
    assert_true(log_contains("Unterminated quote"));
    /* The open quote runs to the end of the line, swallowing u8=2. */
    assert_int_equal(parse("str=\"abc u8=2"), 1);
    assert_int_equal(u8, 1);
    assert_string_equal(str, "keep");
    CHECK_REJECTED("u32=\"5", u32, "u32", NULL);
    CHECK_REJECTED("str=\"", str, "str", NULL);
    assert_int_equal(parse("cust=\"bad"), 1);
    assert_int_equal(cust_calls, 0);
}

static void test_text_after_quote(void **state)
{
    strcpy(str, "keep");
    assert_int_equal(parse("str=\"a b\"c u8=5"), 1);
    assert_string_equal(str, "keep");
    assert_int_equal(u8, 5);
    check_logged("str", "a b");
    assert_true(log_contains("closing quote"));
    CHECK_REJECTED("u32=\"1\"2", u32, "u32", "1");
}

/* ---- Missing values, unknown options, repeats, white space ------------- */

static void test_missing_value(void **state)
{
    CHECK_REJECTED("u32", u32, "u32", NULL);
    assert_true(log_contains("Missing value for option 'u32'"));
    CHECK_REJECTED("sz64", sz64, "sz64", NULL);
    CHECK_REJECTED("str", str, "str", NULL);
    CHECK_REJECTED("s8 u8=1", s8, "s8", NULL);
}

static void test_unknown(void **state)
{
    assert_int_equal(parse("bogus u8=2 bogus2=7 \"u8=3\""), 3);
    assert_int_equal(u8, 2);
    assert_true(log_contains("Unknown command line option 'bogus'"));
    assert_true(log_contains("Unknown command line option 'bogus2'"));
    assert_true(log_contains("Unknown command line option '\"u8'"));
    /* Names are matched exactly and case-sensitively. */
    assert_int_equal(parse("U8=1 u=1 u80=1 u8x=1 u8"), 5);
    assert_int_equal(u8, 2);
    assert_true(log_contains("'U8'"));
    assert_true(log_contains("'u80'"));
    assert_int_equal(parse("=5"), 1);
    assert_int_equal(parse("="), 1);
}

static void test_long_name(void **state)
{
    char cmd[400];

    memset(cmd, 'n', 300);
    strcpy(cmd + 300, "=1 u8=6");
    assert_int_equal(parse(cmd), 1);
    assert_int_equal(u8, 6);
    assert_true(log_contains("Unknown command line option 'nnnnnnnn"));
    assert_true(log_contains("...'"));
    /* 63 characters is the longest name that can match anything. */
    memset(cmd, 'n', 63);
    strcpy(cmd + 63, "=1");
    assert_int_equal(parse(cmd), 1);
    assert_false(log_contains("..."));
}

static void test_repeated(void **state)
{
    assert_int_equal(parse("u8=1 u8=2 u8=3"), 0);
    assert_int_equal(u8, 3);
    assert_int_equal(parse("str=a str=bb flag no-flag flag"), 0);
    assert_string_equal(str, "bb");
    assert_true(flag);
    /* A bad repeat leaves the last good value. */
    assert_int_equal(parse("u8=4 u8=400"), 1);
    assert_int_equal(u8, 4);
    check_logged("u8", "400");
}

static void test_whitespace_and_empty(void **state)
{
    assert_int_equal(cmdline_parse(NULL, params, params + 1), 0);
    assert_int_equal(parse(NULL), 0);
    assert_int_equal(parse(""), 0);
    assert_int_equal(parse(" \t \t"), 0);
    assert_int_equal(parse("\t  u8=1\t\tu16=2   flag  \n"), 0);
    assert_int_equal(u8, 1);
    assert_int_equal(u16, 2);
    assert_true(flag);
    assert_string_equal(log_text(), "");
    /* An empty or NULL table makes every option unknown. */
    assert_int_equal(cmdline_parse("u8=3 x", params, params), 2);
    assert_int_equal(cmdline_parse("u8=3", NULL, NULL), 1);
    assert_int_equal(u8, 1);
}

static void test_count(void **state)
{
    assert_int_equal(parse("u8=1 bogus u16=abc str flag=yes str=\"x"), 4);
    assert_int_equal(u8, 1);
    assert_true(flag);
}

/* A table with entries the parser must refuse rather than trust. */
static void test_odd_table(void **state)
{
    static uint8_t three[3] = {1, 2, 3};
    static int wide_bool = 5;
    static const struct kernel_param odd[] = {
        {.name = NULL, .type = PARAM_INT, .len = 1, .par = {.var = three}},
        {.name = "three", .type = PARAM_INT, .len = 3, .par = {.var = three}},
        {.name = "sthree", .type = PARAM_SIZE, .len = 3, .par = {.var = three}},
        {.name = "wide", .type = PARAM_BOOL, .len = 4,
         .par = {.var = &wide_bool}},
        {.name = "nofunc", .type = PARAM_CUSTOM, .par = {.func = NULL}},
        {.name = "weird", .type = (enum param_type)99, .len = 1,
         .par = {.var = three}},
        {.name = "empty", .type = PARAM_STRING, .len = 0,
         .par = {.var = three}},
    };
    const char *cmd = "three=1 sthree=1 wide wide=1 no-wide nofunc=1 weird=1 "
                      "empty=";

    log_reset();
    assert_int_equal(cmdline_parse(cmd, odd, odd + ARRAY_SIZE(odd)), 8);
    assert_int_equal(three[0], 1);
    assert_int_equal(three[1], 2);
    assert_int_equal(three[2], 3);
    assert_int_equal(wide_bool, 5);
    check_logged("three", "1");
    check_logged("nofunc", "1");
}

/* ---- Custom handlers and lists ----------------------------------------- */

static void test_custom(void **state)
{
    assert_int_equal(parse("cust=abc"), 0);
    assert_int_equal(cust_calls, 1);
    assert_string_equal(cust_last, "abc");
    assert_int_equal(parse("cust"), 0);
    assert_int_equal(cust_calls, 2);
    assert_string_equal(cust_last, "");
    assert_int_equal(parse("cust= cust=x,y"), 0);
    assert_int_equal(cust_calls, 4);
    assert_string_equal(cust_last, "x,y");
    assert_int_equal(parse("cust=bad"), 1);
    assert_int_equal(cust_calls, 5);
    check_logged("cust", "bad");
    assert_true(log_contains("Bad value for 'cust': 'bad' (error -22)"));
}

static void test_custom_list(void **state)
{
    assert_int_equal(parse("console=com1,none"), 0);
    assert_int_equal(console_mask, CONSOLE_COM1 | CONSOLE_NONE);
    assert_int_equal(parse("console=none"), 0);
    assert_int_equal(console_mask, CONSOLE_NONE);
    assert_int_equal(parse("console=,com1,,"), 0);
    assert_int_equal(console_mask, CONSOLE_COM1);
    assert_int_equal(parse("console=none,vga"), 1);
    assert_int_equal(console_mask, CONSOLE_COM1);
    check_logged("console", "none,vga");
    assert_int_equal(parse("console=com10"), 1);
    assert_int_equal(console_mask, CONSOLE_COM1);
    check_logged("console", "com10");
}

static void test_param_list_next(void **state)
{
    const char *s = "a,bc,,d";
    const char *e = "";

    assert_ptr_equal(param_list_next(s), s + 1);
    assert_ptr_equal(param_list_next(s + 2), s + 4);
    assert_ptr_equal(param_list_next(s + 5), s + 5);
    assert_ptr_equal(param_list_next(s + 6), s + 7);
    assert_ptr_equal(param_list_next(e), e);
}

/* ---- parse_size_and_unit, parse_bool, simple_strtoull ------------------ */

/* parse_size_and_unit(s) returns expect and stops after used characters. */
static void check_size(const char *s, uint64_t expect, size_t used)
{
    const char *end = NULL;
    uint64_t v = parse_size_and_unit(s, &end);

    if (v != expect || end != s + used)
        fail_msg("parse_size_and_unit(\"%s\") = %#llx used %td, expected "
                 "%#llx used %zu", s, (unsigned long long)v, end - s,
                 (unsigned long long)expect, used);
}

static void test_parse_size_and_unit(void **state)
{
    check_size("0", 0, 1);
    check_size("", 0, 0);
    check_size("K", 0, 0);
    check_size("-1", 0, 0);
    check_size("512", 512, 3);
    check_size("1k", 1024, 2);
    check_size("1K", 1024, 2);
    check_size("2m", 2ULL << 20, 2);
    check_size("2M", 2ULL << 20, 2);
    check_size("3g", 3ULL << 30, 2);
    check_size("3G", 3ULL << 30, 2);
    check_size("4t", 4ULL << 40, 2);
    check_size("4T", 4ULL << 40, 2);
    check_size("5X", 5, 1);
    check_size("1KK", 1024, 2);
    check_size("1 K", 1, 1);
    check_size("0x10K", 16384, 5);
    check_size("010M", 8ULL << 20, 4);
    check_size("16777215T", 0xffffff0000000000ULL, 9);
    check_size("16777216T", UINT64_MAX, 9);
    check_size("17179869184G", UINT64_MAX, 12);
    check_size("18014398509481984K", UINT64_MAX, 18);
    check_size("18014398509481983K", 0xfffffffffffffc00ULL, 18);
    check_size("99999999999999999999", UINT64_MAX, 20);
    check_size("18446744073709551615", UINT64_MAX, 20);
    assert_true(parse_size_and_unit("8M", NULL) == 8ULL << 20);
}

static void test_parse_bool(void **state)
{
    const char *s = "yesno";

    assert_int_equal(parse_bool("yes", NULL), 1);
    assert_int_equal(parse_bool("enabled", NULL), 1);
    assert_int_equal(parse_bool("off", NULL), 0);
    assert_int_equal(parse_bool("disabled", NULL), 0);
    assert_int_equal(parse_bool("", NULL), -1);
    assert_int_equal(parse_bool("y", NULL), -1);
    assert_int_equal(parse_bool("On", NULL), -1);
    assert_int_equal(parse_bool("enable ", NULL), -1);
    assert_int_equal(parse_bool(NULL, NULL), -1);
    assert_int_equal(parse_bool(s, s + 3), 1);
    assert_int_equal(parse_bool(s + 3, s + 5), 0);
    assert_int_equal(parse_bool(s, s + 2), -1);
    assert_int_equal(parse_bool(s, s), -1);
    s = "on,off";
    assert_int_equal(parse_bool(s, s + 2), 1);
}

/* simple_strtoull(s, base) returns expect and consumes used characters. */
static void check_strtoull(const char *s, unsigned int base,
                           unsigned long long expect, size_t used)
{
    const char *end = NULL;
    unsigned long long v = simple_strtoull(s, &end, base);

    if (v != expect || end != s + used)
        fail_msg("simple_strtoull(\"%s\", %u) = %#llx used %td, expected "
                 "%#llx used %zu", s, base, v, end - s, expect, used);
}

static void test_simple_strtoull(void **state)
{
    const unsigned long long max = ~0ULL;

    check_strtoull("123", 10, 123, 3);
    check_strtoull("123abc", 10, 123, 3);
    check_strtoull("", 10, 0, 0);
    check_strtoull("", 0, 0, 0);
    check_strtoull("abc", 10, 0, 0);
    check_strtoull(" 1", 10, 0, 0);
    check_strtoull("-1", 10, 0, 0);
    check_strtoull("+1", 0, 0, 0);
    check_strtoull("0x1F", 0, 31, 4);
    check_strtoull("0X1f", 16, 31, 4);
    check_strtoull("1f", 16, 31, 2);
    check_strtoull("DeadBeefg", 16, 0xdeadbeef, 8);
    check_strtoull("ff", 10, 0, 0);
    check_strtoull("0x1F", 10, 0, 1);
    check_strtoull("017", 0, 15, 3);
    check_strtoull("017", 10, 17, 3);
    check_strtoull("08", 0, 0, 1);
    check_strtoull("0", 0, 0, 1);
    check_strtoull("0x", 0, 0, 1);
    check_strtoull("0xg", 16, 0, 1);
    check_strtoull("0x", 16, 0, 1);
    check_strtoull("18446744073709551615", 10, max, 20);
    check_strtoull("18446744073709551614", 0, max - 1, 20);
    check_strtoull("18446744073709551616", 10, max, 20);
    check_strtoull("18446744073709551620", 10, max, 20);
    check_strtoull("99999999999999999999999x", 0, max, 23);
    check_strtoull("0xffffffffffffffff", 0, max, 18);
    check_strtoull("0x10000000000000000", 0, max, 19);
    check_strtoull("1777777777777777777777", 8, max, 22);
    check_strtoull("02000000000000000000000", 0, max, 23);
    check_strtoull("101", 2, 5, 3);
    check_strtoull("12", 1, 0, 0);
    check_strtoull("12", 37, 0, 0);
    assert_true(simple_strtoull("42", NULL, 10) == 42);
    assert_true(simple_strtoull(NULL, NULL, 10) == 0);
}

/* ---- Robustness --------------------------------------------------------- */

static uint64_t prng_state;

/* xorshift64*: deterministic, so a failure can be replayed. */
static uint64_t prng(void)
{
    prng_state ^= prng_state >> 12;
    prng_state ^= prng_state << 25;
    prng_state ^= prng_state >> 27;
    return prng_state * 0x2545F4914F6CDD1DULL;
}

/* After any input, every string buffer is still NUL-terminated. */
static void check_invariants(const char *cmd, unsigned int count)
{
    assert_non_null(memchr(str, '\0', sizeof(str)));
    assert_non_null(memchr(bigstr, '\0', sizeof(bigstr)));
    assert_true(strlen(bigstr) <= 255);
    assert_true(count <= strlen(cmd));
}

/* Fill buf (size n) with a generated line mixing option syntax and bytes. */
static void random_cmdline(char *buf, size_t n)
{
    static const char *const pieces[] = {
        "u8",   "u64", "s8",   "sz32",   "sz64", "flag", "str",   "bigstr",
        "cust", "console", "no-", "=",   "\"",   " ",    "\t",    "-",
        "0x",   "K",   "T",    ",",      "com1", "1",    "9999999999999999999",
        "yes",  "bad", "no-thing",
    };
    size_t len = prng() % (prng() % 8 ? 64 : n - 1), i = 0, k;

    while (i < len) {
        if (prng() % 3) {
            const char *p = pieces[prng() % ARRAY_SIZE(pieces)];

            for (k = 0; p[k] && i < len; k++)
                buf[i++] = p[k];
        } else {
            buf[i++] = (char)(prng() % 255 + 1); /* any byte but NUL */
        }
    }
    buf[i] = '\0';
}

static void test_random_inputs(void **state)
{
    char buf[700];
    unsigned int i, count;

    prng_state = 0x9e3779b97f4a7c15ULL;
    for (i = 0; i < 20000; i++) {
        random_cmdline(buf, sizeof(buf));
        count = parse(buf);
        check_invariants(buf, count);
    }
}

/* Every line of up to 5 characters over a small, syntax-heavy alphabet. */
static void test_all_short_inputs(void **state)
{
    static const char alphabet[] = "f=\" -\tno";
    const size_t a = sizeof(alphabet) - 1;
    char buf[8];
    size_t len, idx, total, j, k;
    unsigned int count;

    for (len = 1; len <= 5; len++) {
        for (total = 1, j = 0; j < len; j++)
            total *= a;
        for (idx = 0; idx < total; idx++) {
            for (k = idx, j = 0; j < len; j++, k /= a)
                buf[j] = alphabet[k % a];
            buf[len] = '\0';
            log_reset();
            count = cmdline_parse(buf, params, params + ARRAY_SIZE(params));
            check_invariants(buf, count);
        }
    }
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, reset_vars)
        T(test_int_good),
        T(test_int_negative),
        T(test_int_not_a_number),
        T(test_int_trailing_garbage),
        T(test_int_overflow),
        T(test_size_good),
        T(test_size_bad),
        T(test_size_overflow),
        T(test_bool_forms),
        T(test_bool_bad),
        T(test_no_prefix),
        T(test_string),
        T(test_string_too_long),
        T(test_quotes),
        T(test_unterminated_quote),
        T(test_text_after_quote),
        T(test_missing_value),
        T(test_unknown),
        T(test_long_name),
        T(test_repeated),
        T(test_whitespace_and_empty),
        T(test_count),
        T(test_odd_table),
        T(test_custom),
        T(test_custom_list),
        T(test_param_list_next),
        T(test_parse_size_and_unit),
        T(test_parse_bool),
        T(test_simple_strtoull),
        T(test_random_inputs),
        T(test_all_short_inputs),
#undef T
    };

    return cmocka_run_group_tests_name("param", tests, NULL, NULL);
}
