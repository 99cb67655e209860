/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the guest state checks (xen/arch/x86/guest_state.c):
 * the state of a guest that ran is accepted, and each thing on which
 * iretq or fxrstor to ring 3 would fault in ring 0 -- a rip or trap
 * handler outside the lower half, a non-canonical rsp, a reserved MXCSR
 * bit -- is refused with its reason, as are ring 0 selectors, I/O
 * privilege and interrupts off.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <asm/desc.h>
#include <asm/guest_state.h>
#include <asm/processor.h>

#define MXCSR_DEFAULT 0x1f80
#define MASK          0xffff /* a CPU with DAZ */

static struct cpu_user_regs good(void)
{
    return (struct cpu_user_regs){.rip = 0x100000, .rsp = 0x200000,
                                  .cs = FLAT_USER_CS, .ss = FLAT_USER_DS,
                                  .rflags = 0x202};
}

static void expect_bad(const struct cpu_user_regs *r, uint64_t handler,
                       uint32_t mxcsr, uint32_t mask, const char *why)
{
    const char *got = guest_state_bad(r, handler, mxcsr, mask);

    assert_non_null(got);
    assert_string_equal(got, why);
}

static void test_good_states(void **state)
{
    struct cpu_user_regs r = good();

    assert_null(guest_state_bad(&r, 0, MXCSR_DEFAULT, MASK));
    assert_null(guest_state_resume_bad(&r));
    /* The edges: the last byte of the lower half, an upper-half rsp. */
    r.rip = 0x7fffffffffffUL;
    r.rsp = 0xffff800000000000UL;
    assert_null(guest_state_bad(&r, 0x7fffffffffffUL, 0xffff, MASK));
    r.rsp = 0x7fffffffffffUL;
    assert_null(guest_state_resume_bad(&r));
    r.rsp = 0; /* canonical: a guest may hold any canonical rsp */
    assert_null(guest_state_resume_bad(&r));
}

static void test_rip_and_rsp(void **state)
{
    const uint64_t bad_rip[] = {0x800000000000UL, 0xffff800000000000UL,
                                0xffffffff80000000UL, ~0UL};
    const uint64_t bad_rsp[] = {0x800000000000UL, 0xffff7fffffffffffUL,
                                0x8000000000000000UL};
    struct cpu_user_regs r;
    unsigned int i;

    for (i = 0; i < sizeof(bad_rip) / sizeof(bad_rip[0]); i++) {
        r = good();
        r.rip = bad_rip[i];
        assert_string_equal(guest_state_resume_bad(&r),
                            "rip not in the lower half");
        expect_bad(&r, 0, MXCSR_DEFAULT, MASK, "rip not in the lower half");
    }
    for (i = 0; i < sizeof(bad_rsp) / sizeof(bad_rsp[0]); i++) {
        r = good();
        r.rsp = bad_rsp[i];
        assert_string_equal(guest_state_resume_bad(&r), "rsp not canonical");
        expect_bad(&r, 0, MXCSR_DEFAULT, MASK, "rsp not canonical");
    }
}

static void test_trap_handler_and_mxcsr(void **state)
{
    struct cpu_user_regs r = good();

    expect_bad(&r, 0x800000000000UL, MXCSR_DEFAULT, MASK,
               "trap handler not in the lower half");
    expect_bad(&r, ~0UL, MXCSR_DEFAULT, MASK,
               "trap handler not in the lower half");
    expect_bad(&r, 0, MXCSR_DEFAULT | 0x10000, MASK,
               "reserved MXCSR bits set");
    expect_bad(&r, 0, 0x80000000u, MASK, "reserved MXCSR bits set");
    /* DAZ (bit 6) is reserved on a CPU whose mask lacks it. */
    expect_bad(&r, 0, MXCSR_DEFAULT | 0x40, 0xffbf,
               "reserved MXCSR bits set");
    assert_null(guest_state_bad(&r, 0, MXCSR_DEFAULT | 0x40, MASK));
}

static void test_privilege(void **state)
{
    struct cpu_user_regs r = good();

    r.cs = 0x08;
    expect_bad(&r, 0, MXCSR_DEFAULT, MASK, "cs or ss not the guest's");
    r = good();
    r.ss = 0x10;
    expect_bad(&r, 0, MXCSR_DEFAULT, MASK, "cs or ss not the guest's");
    r = good();
    r.rflags |= 3u << 12;
    expect_bad(&r, 0, MXCSR_DEFAULT, MASK, "I/O privilege in rflags");
    r = good();
    r.rflags = 0x2;
    expect_bad(&r, 0, MXCSR_DEFAULT, MASK, "interrupts off in rflags");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_states),
        cmocka_unit_test(test_rip_and_rsp),
        cmocka_unit_test(test_trap_handler_and_mxcsr),
        cmocka_unit_test(test_privilege),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
