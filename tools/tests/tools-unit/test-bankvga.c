/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the bankvga device's registers (tools/libs/vgadm/
 * bankvga.c) and their save-file state (bankvga_state.c): the index/data
 * pair, every register read, every refusal (a value out of range, a mode
 * that does not fit VRAM, a read-only or missing register, an access of
 * the wrong size or at a port with no use, a bank base off a page), each
 * leaving the other registers as they were, a bank-base move asked for
 * and reported back, and a state saved, loaded, and refused whole for
 * each kind of damage -- loaded onto a device, or checked alone before a
 * restore.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <public/errno.h>

#include "bankvga.h"

#define VRAM (8u << 20)
#define BASE 0xf0000000ull

static struct bankvga v;
static struct bankvga_effect eff;

static void select_reg(uint32_t index)
{
    bankvga_write(&v, BANKVGA_PORT_INDEX, 2, index, &eff);
    assert_null(eff.refused);
}

static uint32_t reg(uint32_t index)
{
    select_reg(index);
    return bankvga_read(&v, BANKVGA_PORT_DATA, 4, &eff);
}

/* Write a register; the STATUS it leaves. */
static uint32_t set(uint32_t index, uint32_t value)
{
    select_reg(index);
    bankvga_write(&v, BANKVGA_PORT_DATA, 4, value, &eff);
    return v.status;
}

static int setup(void **state)
{
    (void)state;
    bankvga_reset(&v, VRAM, BASE);
    return 0;
}

static void test_identity_and_reset(void **state)
{
    (void)state;
    assert_int_equal(reg(BANKVGA_REG_ID), BANKVGA_ID);
    assert_memory_equal(&(uint32_t){BANKVGA_ID}, "BVGA", 4);
    assert_int_equal(reg(BANKVGA_REG_VRAM_SIZE), VRAM);
    assert_int_equal(reg(BANKVGA_REG_BANK_BASE), (uint32_t)BASE);
    assert_int_equal(reg(BANKVGA_REG_ENABLE), 0);
    assert_int_equal(reg(BANKVGA_REG_PITCH), 0);
    assert_int_equal(reg(BANKVGA_REG_WIDTH), 0);
    assert_int_equal(reg(BANKVGA_REG_STATUS), BANKVGA_OK);
    v.frames = 7;
    v.map_generation = 3;
    assert_int_equal(reg(BANKVGA_REG_FRAMES), 7);
    assert_int_equal(reg(BANKVGA_REG_MAP_GEN), 3);
    /* INDEX reads back, 2 or 4 bytes; a 2-byte write keeps 16 bits. */
    bankvga_write(&v, BANKVGA_PORT_INDEX, 4, 0x12345678, &eff);
    assert_int_equal(bankvga_read(&v, BANKVGA_PORT_INDEX, 4, &eff), 0x12345678);
    bankvga_write(&v, BANKVGA_PORT_INDEX, 2, 0xabcd1234, &eff);
    assert_int_equal(bankvga_read(&v, BANKVGA_PORT_INDEX, 2, &eff), 0x1234);
    assert_string_equal(bankvga_reg_name(BANKVGA_REG_BANK_BASE), "BANK_BASE");
    assert_string_equal(bankvga_reg_name(BANKVGA_NR_REGS), "?");
}

static void test_mode_registers(void **state)
{
    static const struct {
        uint32_t index, value, status;
    } cases[] = {
        {BANKVGA_REG_WIDTH, 0, BANKVGA_ERR_VALUE},
        {BANKVGA_REG_WIDTH, 4097, BANKVGA_ERR_VALUE},
        {BANKVGA_REG_WIDTH, 1, BANKVGA_OK},
        {BANKVGA_REG_WIDTH, 4096, BANKVGA_OK},
        {BANKVGA_REG_HEIGHT, 0, BANKVGA_ERR_VALUE},
        {BANKVGA_REG_HEIGHT, 4097, BANKVGA_ERR_VALUE},
        {BANKVGA_REG_HEIGHT, 4096, BANKVGA_OK},
        {BANKVGA_REG_BPP, 0, BANKVGA_ERR_VALUE},
        {BANKVGA_REG_BPP, 15, BANKVGA_ERR_VALUE},
        {BANKVGA_REG_BPP, 64, BANKVGA_ERR_VALUE},
        {BANKVGA_REG_BPP, 8, BANKVGA_OK},
        {BANKVGA_REG_BPP, 16, BANKVGA_OK},
        {BANKVGA_REG_BPP, 24, BANKVGA_OK},
        {BANKVGA_REG_BPP, 32, BANKVGA_OK},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint32_t before = reg(cases[i].index);

        assert_int_equal(set(cases[i].index, cases[i].value), cases[i].status);
        assert_true(!eff.refused == !cases[i].status);
        assert_int_equal(reg(BANKVGA_REG_STATUS), cases[i].status);
        assert_int_equal(reg(cases[i].index),
                         cases[i].status ? before : cases[i].value);
    }
}

static void test_enable(void **state)
{
    (void)state;
    /* Nothing asked for yet. */
    assert_int_equal(set(BANKVGA_REG_ENABLE, 1), BANKVGA_ERR_VALUE);
    set(BANKVGA_REG_WIDTH, 640);
    set(BANKVGA_REG_HEIGHT, 480);
    set(BANKVGA_REG_BPP, 32);
    assert_int_equal(set(BANKVGA_REG_ENABLE, 2), BANKVGA_ERR_VALUE);
    assert_int_equal(set(BANKVGA_REG_ENABLE, 1), BANKVGA_OK);
    assert_null(eff.refused);
    assert_int_equal(reg(BANKVGA_REG_ENABLE), 1);
    assert_int_equal(reg(BANKVGA_REG_PITCH), 2560);
    assert_int_equal(bankvga_fb_bytes(&v.shown), 640 * 480 * 4);
    /* Too big for 8 MiB: refused, and 640x480x32 stays shown. */
    set(BANKVGA_REG_WIDTH, 4096);
    set(BANKVGA_REG_HEIGHT, 4096);
    assert_int_equal(set(BANKVGA_REG_ENABLE, 1), BANKVGA_ERR_TOO_BIG);
    assert_string_equal(eff.refused, "the mode does not fit VRAM");
    assert_int_equal(reg(BANKVGA_REG_PITCH), 2560);
    assert_int_equal(v.shown.height, 480);
    /* Exactly VRAM fits: 2048 x 1024 x 32 = 8 MiB. */
    set(BANKVGA_REG_WIDTH, 2048);
    set(BANKVGA_REG_HEIGHT, 1024);
    assert_int_equal(set(BANKVGA_REG_ENABLE, 1), BANKVGA_OK);
    assert_int_equal(bankvga_fb_bytes(&v.shown), VRAM);
    /* 24 bpp: three bytes a pixel. */
    set(BANKVGA_REG_WIDTH, 800);
    set(BANKVGA_REG_HEIGHT, 600);
    set(BANKVGA_REG_BPP, 24);
    assert_int_equal(set(BANKVGA_REG_ENABLE, 1), BANKVGA_OK);
    assert_int_equal(reg(BANKVGA_REG_PITCH), 2400);
    assert_int_equal(set(BANKVGA_REG_ENABLE, 0), BANKVGA_OK);
    assert_int_equal(reg(BANKVGA_REG_PITCH), 0);
    assert_int_equal(bankvga_fb_bytes(&v.shown), 0);
    assert_int_equal(reg(BANKVGA_REG_WIDTH), 800); /* still asked for */
}

static void test_read_only_and_missing(void **state)
{
    static const uint32_t read_only[] = {
        BANKVGA_REG_ID,     BANKVGA_REG_VRAM_SIZE, BANKVGA_REG_PITCH,
        BANKVGA_REG_STATUS, BANKVGA_REG_FRAMES,    BANKVGA_REG_MAP_GEN,
    };

    (void)state;
    for (size_t i = 0; i < sizeof(read_only) / sizeof(read_only[0]); i++) {
        uint32_t before = reg(read_only[i]);

        assert_int_equal(set(read_only[i], 0x1000), BANKVGA_ERR_READ_ONLY);
        assert_string_equal(eff.refused, "the register is read-only");
        if (read_only[i] != BANKVGA_REG_STATUS)
            assert_int_equal(reg(read_only[i]), before);
    }
    assert_int_equal(v.vram_bytes, VRAM);
    assert_int_equal(reg(BANKVGA_NR_REGS), 0xffffffffu);
    assert_int_equal(reg(0xffffffffu), 0xffffffffu);
    assert_int_equal(set(BANKVGA_NR_REGS, 1), BANKVGA_ERR_INDEX);
    assert_string_equal(eff.refused, "no register at INDEX");
}

static void test_bad_accesses(void **state)
{
    (void)state;
    set(BANKVGA_REG_WIDTH, 640);
    select_reg(BANKVGA_REG_WIDTH);
    /* DATA is 4 bytes only; INDEX 2 or 4. */
    assert_int_equal(bankvga_read(&v, BANKVGA_PORT_DATA, 1, &eff), 0xffffffffu);
    assert_int_equal(v.status, BANKVGA_ERR_ACCESS);
    assert_string_equal(eff.refused, "an access of the wrong size");
    bankvga_write(&v, BANKVGA_PORT_DATA, 2, 1, &eff);
    assert_int_equal(v.status, BANKVGA_ERR_ACCESS);
    bankvga_write(&v, BANKVGA_PORT_INDEX, 1, BANKVGA_REG_ID, &eff);
    assert_int_equal(v.status, BANKVGA_ERR_ACCESS);
    /* The claimed ports between are no registers. */
    assert_int_equal(bankvga_read(&v, BANKVGA_PORT_DATA + 1, 1, &eff),
                     0xffffffffu);
    assert_string_equal(eff.refused, "a port with no register");
    bankvga_write(&v, BANKVGA_PORT_LAST, 4, 5, &eff);
    assert_int_equal(v.status, BANKVGA_ERR_ACCESS);
    /* Nothing else moved: INDEX and WIDTH are as they were. */
    assert_int_equal(v.index, BANKVGA_REG_WIDTH);
    assert_int_equal(reg(BANKVGA_REG_WIDTH), 640);
}

static void test_bank_base(void **state)
{
    (void)state;
    assert_int_equal(set(BANKVGA_REG_BANK_BASE, 0xc0000800), BANKVGA_ERR_ALIGN);
    assert_false(eff.move);
    assert_int_equal(reg(BANKVGA_REG_BANK_BASE), (uint32_t)BASE);
    /* Aligned: the device model is asked to move VRAM... */
    set(BANKVGA_REG_BANK_BASE, 0xc0000000);
    assert_true(eff.move);
    assert_int_equal(eff.move_to, 0xc0000000);
    assert_null(eff.refused);
    /* ...which it refuses: VRAM stays. */
    bankvga_moved(&v, BANKVGA_ERR_BUSY, 0xc0000000);
    assert_int_equal(reg(BANKVGA_REG_STATUS), BANKVGA_ERR_BUSY);
    assert_int_equal(reg(BANKVGA_REG_BANK_BASE), (uint32_t)BASE);
    /* ...or does. */
    set(BANKVGA_REG_BANK_BASE, 0xc0000000);
    bankvga_moved(&v, BANKVGA_OK, 0xc0000000);
    assert_int_equal(reg(BANKVGA_REG_STATUS), BANKVGA_OK);
    assert_int_equal(reg(BANKVGA_REG_BANK_BASE), 0xc0000000);
    assert_int_equal(v.bank_base, 0xc0000000);
}

static void shown_640x480(void)
{
    set(BANKVGA_REG_WIDTH, 640);
    set(BANKVGA_REG_HEIGHT, 480);
    set(BANKVGA_REG_BPP, 32);
    set(BANKVGA_REG_ENABLE, 1);
    set(BANKVGA_REG_BPP, 16); /* asked, not shown */
    v.frames = 41;
    select_reg(BANKVGA_REG_PITCH);
}

static void test_state_round_trip(void **state)
{
    uint8_t buf[BANKVGA_STATE_SIZE + 1];
    struct bankvga saved, fresh;
    const char *why = "unset";

    (void)state;
    shown_640x480();
    saved = v;
    assert_int_equal(bankvga_state_save(&v, buf, BANKVGA_STATE_SIZE - 1),
                     -XEN_ENOSPC);
    assert_int_equal(bankvga_state_save(&v, buf, sizeof(buf)),
                     BANKVGA_STATE_SIZE);
    /* Little-endian words: magic first, then the version. */
    assert_memory_equal(buf, "BVGS\x01\x00\x00\x00", 8);
    /* A device model starting afresh, VRAM elsewhere now. */
    bankvga_reset(&fresh, VRAM, 0xd0000000);
    assert_int_equal(bankvga_state_load(&fresh, buf, BANKVGA_STATE_SIZE, &why),
                     0);
    assert_null(why);
    assert_int_equal(fresh.bank_base, 0xd0000000); /* not from the file */
    fresh.bank_base = saved.bank_base;
    assert_memory_equal(&fresh, &saved, sizeof(saved));
}

/* Damage word `word` of a good state to value: refused, v unchanged. */
static void expect_refused(unsigned int word, uint32_t value, size_t len,
                           uint32_t vram, const char *want)
{
    uint8_t buf[BANKVGA_STATE_SIZE + 4] = {0};
    struct bankvga fresh, before;
    const char *why = NULL;

    bankvga_state_save(&v, buf, sizeof(buf));
    if (word < BANKVGA_STATE_SIZE / 4)
        for (unsigned int i = 0; i < 4; i++)
            buf[word * 4 + i] = (uint8_t)(value >> (8 * i));
    bankvga_reset(&fresh, vram, BASE);
    before = fresh;
    assert_int_equal(bankvga_state_load(&fresh, buf, len, &why), -XEN_EINVAL);
    assert_string_equal(why, want);
    assert_memory_equal(&fresh, &before, sizeof(fresh));
}

static void test_state_refused(void **state)
{
    const unsigned int none = 99;

    (void)state;
    shown_640x480();
    expect_refused(none, 0, BANKVGA_STATE_SIZE - 4, VRAM,
                   "the state is not 48 bytes");
    expect_refused(none, 0, BANKVGA_STATE_SIZE + 4, VRAM,
                   "the state is not 48 bytes");
    expect_refused(0, 0x53475643, BANKVGA_STATE_SIZE, VRAM,
                   "not a bankvga state (bad magic)");
    expect_refused(1, 2, BANKVGA_STATE_SIZE, VRAM,
                   "a bankvga state of another version");
    expect_refused(none, 0, BANKVGA_STATE_SIZE, VRAM / 2,
                   "the state is for another VRAM size");
    expect_refused(4, 4097, BANKVGA_STATE_SIZE, VRAM,
                   "a mode register out of range");
    expect_refused(6, 12, BANKVGA_STATE_SIZE, VRAM,
                   "a mode register out of range");
    expect_refused(8, 4096, BANKVGA_STATE_SIZE, VRAM, /* 10 MiB */
                   "the mode shown is out of range or does not fit VRAM");
    expect_refused(9, 0, BANKVGA_STATE_SIZE, VRAM,
                   "the mode shown is out of range or does not fit VRAM");
    expect_refused(10, BANKVGA_ERR_ACCESS + 1, BANKVGA_STATE_SIZE, VRAM,
                   "STATUS out of range");
}

/* A good state with word `word` set to value, checked with no device. */
static void expect_checked(unsigned int word, uint32_t value, const char *want)
{
    uint8_t buf[BANKVGA_STATE_SIZE];
    const char *why = "unset";

    bankvga_state_save(&v, buf, sizeof(buf));
    for (unsigned int i = 0; i < 4; i++)
        buf[word * 4 + i] = (uint8_t)(value >> (8 * i));
    assert_int_equal(bankvga_state_check(buf, sizeof(buf), &why),
                     want ? -XEN_EINVAL : 0);
    if (want)
        assert_string_equal(why, want);
    else
        assert_null(why);
}

/*
 * Before a restore makes the domain: the state alone, its registers
 * against the VRAM size it names, which must be one a bankvga can have.
 */
static void test_state_check(void **state)
{
    uint8_t buf[BANKVGA_STATE_SIZE];
    const char *why = NULL;

    (void)state;
    shown_640x480();
    expect_checked(2, VRAM, NULL);
    expect_checked(2, 4096, "the mode shown is out of range or does not fit "
                          "VRAM");
    expect_checked(2, BANKVGA_MAX_VRAM, NULL);
    expect_checked(2, 0, "a VRAM size no bankvga has");
    expect_checked(2, VRAM + 1, "a VRAM size no bankvga has");
    expect_checked(2, BANKVGA_MAX_VRAM + 4096, "a VRAM size no bankvga has");
    expect_checked(0, 0, "not a bankvga state (bad magic)");
    expect_checked(1, 0, "a bankvga state of another version");
    expect_checked(10, BANKVGA_ERR_ACCESS + 1, "STATUS out of range");
    expect_checked(5, 5000, "a mode register out of range");
    bankvga_state_save(&v, buf, sizeof(buf));
    assert_int_equal(bankvga_state_check(buf, sizeof(buf) - 1, &why),
                     -XEN_EINVAL);
    assert_string_equal(why, "the state is not 48 bytes");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_identity_and_reset, setup),
        cmocka_unit_test_setup(test_mode_registers, setup),
        cmocka_unit_test_setup(test_enable, setup),
        cmocka_unit_test_setup(test_read_only_and_missing, setup),
        cmocka_unit_test_setup(test_bad_accesses, setup),
        cmocka_unit_test_setup(test_bank_base, setup),
        cmocka_unit_test_setup(test_state_round_trip, setup),
        cmocka_unit_test_setup(test_state_refused, setup),
        cmocka_unit_test_setup(test_state_check, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
