/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The register and FPU state a guest may be resumed with (asm/
 * guest_state.h): the one place that knows what iretq and fxrstor to
 * ring 3 take without faulting in ring 0.  No hypervisor globals, so the
 * host unit tests run it as it is.
 */
#include <asm/desc.h>
#include <asm/guest_state.h>
#include <asm/processor.h>
#include <asm/x86-defns.h>

#define X86_EFLAGS_IOPL_MASK (3u << 12)

static bool is_canonical(uint64_t addr)
{
    return addr < GUEST_ADDR_LIMIT || addr >= -GUEST_ADDR_LIMIT;
}

const char *guest_state_resume_bad(const struct cpu_user_regs *r)
{
    if (r->rip >= GUEST_ADDR_LIMIT)
        return "rip not in the lower half";
    if (!is_canonical(r->rsp))
        return "rsp not canonical";
    return NULL;
}

const char *guest_state_bad(const struct cpu_user_regs *r,
                            uint64_t trap_handler, uint32_t mxcsr,
                            uint32_t mxcsr_mask)
{
    if (r->cs != FLAT_USER_CS || r->ss != FLAT_USER_DS)
        return "cs or ss not the guest's";
    if (r->rflags & X86_EFLAGS_IOPL_MASK)
        return "I/O privilege in rflags";
    if (!(r->rflags & X86_EFLAGS_IF))
        return "interrupts off in rflags";
    if (trap_handler >= GUEST_ADDR_LIMIT)
        return "trap handler not in the lower half";
    if (mxcsr & ~mxcsr_mask)
        return "reserved MXCSR bits set";
    return guest_state_resume_bad(r);
}
