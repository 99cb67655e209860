/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the port I/O decoder (xen/arch/x86/pio.c): every IN/OUT
 * form and size, prefixes, truncated instructions, and that nothing else
 * (string I/O, other opcodes, garbage) decodes as port I/O.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <asm/pio.h>

struct case_ {
    uint8_t bytes[4];
    size_t len;
    uint8_t insn_len, size;
    bool is_in, port_in_dx;
    uint8_t imm_port;
};

static const struct case_ good[] = {
    {{0xe4, 0x80}, 2, 2, 1, true, false, 0x80},       /* in al, 0x80    */
    {{0xe5, 0x71}, 2, 2, 4, true, false, 0x71},       /* in eax, 0x71   */
    {{0x66, 0xe5, 0x71}, 3, 3, 2, true, false, 0x71}, /* in ax, 0x71    */
    {{0xe6, 0x80}, 2, 2, 1, false, false, 0x80},      /* out 0x80, al   */
    {{0xe7, 0x10}, 2, 2, 4, false, false, 0x10},      /* out 0x10, eax  */
    {{0xec}, 1, 1, 1, true, true, 0},                 /* in al, dx      */
    {{0xed}, 1, 1, 4, true, true, 0},                 /* in eax, dx     */
    {{0x66, 0xed}, 2, 2, 2, true, true, 0},           /* in ax, dx      */
    {{0xee}, 1, 1, 1, false, true, 0},                /* out dx, al     */
    {{0x66, 0xef}, 2, 2, 2, false, true, 0},          /* out dx, ax     */
    {{0xef}, 1, 1, 4, false, true, 0},                /* out dx, eax    */
    {{0x48, 0xed}, 2, 2, 4, true, true, 0},           /* REX.W in: dword */
    {{0x2e, 0x66, 0xee}, 3, 3, 1, false, true, 0},    /* 66 irrelevant for byte */
};

static void test_every_form(void **state)
{
    size_t i;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        const struct case_ *c = &good[i];
        struct pio_insn p;

        assert_true(pio_decode(c->bytes, c->len, &p));
        assert_int_equal(p.len, c->insn_len);
        assert_int_equal(p.size, c->size);
        assert_int_equal(p.is_in, c->is_in);
        assert_int_equal(p.port_in_dx, c->port_in_dx);
        if (!c->port_in_dx)
            assert_int_equal(p.imm_port, c->imm_port);
    }
}

static void test_not_port_io(void **state)
{
    static const uint8_t others[][2] = {
        {0x6c, 0}, {0x6d, 0}, {0x6e, 0}, {0x6f, 0}, /* INS/OUTS */
        {0xfa, 0}, {0xf4, 0}, {0x0f, 0x22},          /* cli, hlt, mov cr */
        {0xe0, 0}, {0xe8, 0}, {0xf0, 0xee},          /* loopne, call, lock */
    };
    struct pio_insn p;
    size_t i;

    for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
        assert_false(pio_decode(others[i], 2, &p));
}

static void test_truncated(void **state)
{
    static const uint8_t in_imm[] = {0xe4, 0x80};
    static const uint8_t prefixes[15] = {
        0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
        0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
    };
    struct pio_insn p;

    assert_false(pio_decode(in_imm, 0, &p));
    assert_false(pio_decode(in_imm, 1, &p)); /* the port byte is missing */
    assert_false(pio_decode(prefixes, sizeof(prefixes), &p));
}

/*
 * Every 2-byte sequence: the eight opcodes with any second byte, plus the
 * four DX forms behind each of the 26 prefix bytes (10 legacy, 16 REX).
 */
static void test_exhaustive_two_bytes(void **state)
{
    unsigned int a, b, decoded = 0;

    for (a = 0; a < 256; a++) {
        for (b = 0; b < 256; b++) {
            uint8_t insn[2] = {a, b};
            struct pio_insn p;

            if (pio_decode(insn, 2, &p)) {
                decoded++;
                assert_true(p.len <= 2);
                assert_true(p.size == 1 || p.size == 2 || p.size == 4);
            }
        }
    }
    assert_int_equal(decoded, 8 * 256 + 26 * 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_form),
        cmocka_unit_test(test_not_port_io),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_exhaustive_two_bytes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
