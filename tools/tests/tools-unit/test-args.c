/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the shell's line splitter (tools/libs/util/args.c) and
 * the error texts (strerror.c): separators, both kinds of quote, escapes,
 * joined and empty words, comments, the word limit, every error, and a
 * deterministic robustness loop under ASan/UBSan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <public/errno.h>

#include "args.h"
#include "strerror.h"

#define MAX_ARGS 8

static char line[512];
static char *argv[MAX_ARGS + 1];
static const char *err;

static int split(const char *text, int max)
{
    snprintf(line, sizeof(line), "%s", text);
    err = NULL;
    memset(argv, 0x55, sizeof(argv));
    return args_split(line, argv, max, &err);
}

/* text splits into exactly the NULL-terminated words in want. */
static void expect_words(const char *text, const char *const *want)
{
    int n = 0, rc = split(text, MAX_ARGS);

    while (want[n])
        n++;
    if (rc != n) {
        print_error("`%s`: %d words (%s), wanted %d\n", text, rc,
                    err ? err : "", n);
        fail();
    }
    for (int i = 0; i < n; i++) {
        if (strcmp(argv[i], want[i])) {
            print_error("`%s`: word %d is `%s`, wanted `%s`\n", text, i,
                        argv[i], want[i]);
            fail();
        }
    }
    assert_null(argv[n]);
    assert_null(err);
}

#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_WORDS   ((const char *const[]){NULL})

static void test_blank(void **state)
{
    (void)state;
    expect_words("", NO_WORDS);
    expect_words("   \t  ", NO_WORDS);
    expect_words("\r\n", NO_WORDS);
}

static void test_plain_words(void **state)
{
    (void)state;
    expect_words("xl", WORDS("xl"));
    expect_words("xl list", WORDS("xl", "list"));
    expect_words("  xl \t create\t/etc/xen/a.cfg  ",
                 WORDS("xl", "create", "/etc/xen/a.cfg"));
    expect_words("xl list\n", WORDS("xl", "list"));
    expect_words("a=b c,d", WORDS("a=b", "c,d"));
}

static void test_double_quotes(void **state)
{
    (void)state;
    expect_words("echo \"a b\"", WORDS("echo", "a b"));
    expect_words("\"  lead\ttab \"", WORDS("  lead\ttab "));
    expect_words("\"say \\\"hi\\\"\"", WORDS("say \"hi\""));
    expect_words("\"back\\\\slash\"", WORDS("back\\slash"));
    /* Other escapes are kept as written, as a POSIX shell does. */
    expect_words("\"a\\nb\\$\"", WORDS("a\\nb\\$"));
    expect_words("\"it's\"", WORDS("it's"));
    expect_words("\"# not a comment\"", WORDS("# not a comment"));
}

static void test_single_quotes(void **state)
{
    (void)state;
    expect_words("'a b'", WORDS("a b"));
    expect_words("'no \\escapes\\'", WORDS("no \\escapes\\"));
    expect_words("'say \"hi\"'", WORDS("say \"hi\""));
}

static void test_joined_and_empty_words(void **state)
{
    (void)state;
    expect_words("a\"b c\"d", WORDS("ab cd"));
    expect_words("'x'\"y\"z", WORDS("xyz"));
    expect_words("\"\"", WORDS(""));
    expect_words("a '' b", WORDS("a", "", "b"));
    expect_words("\"\"''", WORDS(""));
}

static void test_backslash_outside_quotes(void **state)
{
    (void)state;
    expect_words("a\\ b", WORDS("a b"));
    expect_words("\\\"x", WORDS("\"x"));
    expect_words("\\#x", WORDS("#x"));
    expect_words("\\\\", WORDS("\\"));
}

static void test_comments(void **state)
{
    (void)state;
    expect_words("# all comment", NO_WORDS);
    expect_words("xl list # what runs", WORDS("xl", "list"));
    expect_words("a#b", WORDS("a#b"));
    expect_words("a #b c", WORDS("a"));
}

static void test_errors(void **state)
{
    (void)state;
    assert_int_equal(split("echo \"abc", MAX_ARGS), -XEN_EINVAL);
    assert_string_equal(err, "unterminated \" quote");
    assert_null(argv[0]);
    assert_int_equal(split("echo 'abc", MAX_ARGS), -XEN_EINVAL);
    assert_string_equal(err, "unterminated ' quote");
    assert_int_equal(split("\"a\\\"", MAX_ARGS), -XEN_EINVAL);
    assert_string_equal(err, "unterminated \" quote");
    assert_int_equal(split("echo a\\", MAX_ARGS), -XEN_EINVAL);
    assert_string_equal(err, "the line ends with a backslash");
    /* err may be NULL. */
    snprintf(line, sizeof(line), "'");
    assert_int_equal(args_split(line, argv, MAX_ARGS, NULL), -XEN_EINVAL);
}

static void test_word_limit(void **state)
{
    (void)state;
    assert_int_equal(split("1 2 3 4 5 6 7 8", MAX_ARGS), 8);
    assert_string_equal(argv[7], "8");
    assert_null(argv[8]);
    assert_int_equal(split("1 2 3 4 5 6 7 8 9", MAX_ARGS), -XEN_E2BIG);
    assert_string_equal(err, "too many words on the line");
    assert_int_equal(split("1 2 3 4 5 6 7 8   # fine", MAX_ARGS), 8);
    assert_int_equal(split("a b", 1), -XEN_E2BIG);
    assert_int_equal(split("   ", 0), 0);
    assert_null(argv[0]);
    assert_int_equal(split("a", 0), -XEN_E2BIG);
}

static void test_strerror(void **state)
{
    (void)state;
    assert_string_equal(util_strerror(0), "Success");
    assert_string_equal(util_strerror(-XEN_EPERM), "Operation not permitted");
    assert_string_equal(util_strerror(XEN_EPERM), "Operation not permitted");
    assert_string_equal(util_strerror(-XEN_ENOENT),
                        "No such file or directory");
    assert_string_equal(util_strerror(-XEN_ESRCH), "No such process");
    assert_string_equal(util_strerror(-XEN_ENOMEM), "Cannot allocate memory");
    assert_string_equal(util_strerror(-XEN_EINVAL), "Invalid argument");
    assert_string_equal(util_strerror(-XEN_ENOSYS), "Function not implemented");
    assert_string_equal(util_strerror(-XEN_EOPNOTSUPP),
                        "Operation not supported");
    assert_string_equal(util_strerror(-XEN_ENAMETOOLONG),
                        "File name too long");
    assert_string_equal(util_strerror(-XEN_EPROTONOSUPPORT),
                        "Protocol not supported");
    assert_string_equal(util_strerror(-XEN_ETIMEDOUT), "Connection timed out");
    assert_string_equal(util_strerror(-4), "Unknown error");
    assert_string_equal(util_strerror(-1000), "Unknown error");
    assert_string_equal(util_strerror(INT32_MIN), "Unknown error");
    for (int e = -200; e <= 200; e++)
        assert_non_null(util_strerror(e));
}

static uint64_t rng_state = 3;

static uint32_t rng(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
}

static void test_random_lines(void **state)
{
    static const char alphabet[] = "ab \t\"'\\#x\n";
    char buf[128], *words[5];

    (void)state;
    for (int round = 0; round < 50000; round++) {
        size_t len = rng() % (sizeof(buf) - 1);
        bool raw = round % 3 == 0;
        int rc;

        for (size_t i = 0; i < len; i++) {
            buf[i] = raw ? (char)(1 + rng() % 255)
                         : alphabet[rng() % (sizeof(alphabet) - 1)];
        }
        buf[len] = '\0';
        err = NULL;
        rc = args_split(buf, words, 4, &err);
        if (rc < 0) {
            assert_true(rc == -XEN_EINVAL || rc == -XEN_E2BIG);
            assert_non_null(err);
            continue;
        }
        assert_true(rc <= 4);
        assert_null(words[rc]);
        for (int i = 0; i < rc; i++) {
            assert_true(words[i] >= buf && words[i] <= buf + len);
            assert_true(words[i] + strlen(words[i]) <= buf + len);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blank),
        cmocka_unit_test(test_plain_words),
        cmocka_unit_test(test_double_quotes),
        cmocka_unit_test(test_single_quotes),
        cmocka_unit_test(test_joined_and_empty_words),
        cmocka_unit_test(test_backslash_outside_quotes),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_word_limit),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_random_lines),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
