/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 side of domains and vCPUs (the arch_* hooks of xen/sched.h):
 * a domain's page table is its p2m with the hypervisor's half copied in;
 * a vCPU is its saved registers and FPU state; switching is loading CR3
 * and the FPU, and leaving is copying the registers to the entry frame.
 */
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/guest_state.h>
#include <asm/mm.h>
#include <asm/setup.h>
#include <asm/x86-defns.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/string.h>
#include <xen/time.h>

#define X86_CR4_OSFXSR     (1u << 9)
#define X86_CR4_OSXMMEXCPT (1u << 10)
#define X86_CR4_SMEP       (1u << 20)
#define X86_CR4_SMAP       (1u << 21)
#define CPUID7_EBX_SMEP    (1u << 7)
#define CPUID7_EBX_SMAP    (1u << 20)
#define FXSAVE_FCW_DEFAULT 0x037f
#define FXSAVE_MXCSR_DEFAULT 0x1f80
#define L4_FIRST_XEN_SLOT  256

extern uint64_t l4_boot[];

/* Guests get the hypervisor half of the boot page table. */
int arch_domain_init(struct domain *d)
{
    uint64_t *root = mfn_to_virt(d->p2m.root);

    memcpy(&root[L4_FIRST_XEN_SLOT], &l4_boot[L4_FIRST_XEN_SLOT],
           (512 - L4_FIRST_XEN_SLOT) * sizeof(*root));
    return 0;
}

void arch_vcpu_init(struct vcpu *v, uint64_t entry, uint64_t stack,
                    uint64_t arg)
{
    struct cpu_user_regs *r = &v->arch.regs;

    memset(r, 0, sizeof(*r));
    r->rip = entry;
    r->rsp = stack;
    r->rdi = arg;
    r->cs = FLAT_USER_CS;
    r->ss = FLAT_USER_DS;
    r->rflags = X86_EFLAGS_IF | 0x2; /* bit 1 is always set */
    memset(&v->arch.fpu, 0, sizeof(v->arch.fpu));
    *(uint16_t *)&v->arch.fpu.fxsave[0] = FXSAVE_FCW_DEFAULT;
    *(uint32_t *)&v->arch.fpu.fxsave[FXSAVE_MXCSR_OFF] = FXSAVE_MXCSR_DEFAULT;
}

void arch_idle_vcpu_init(struct vcpu *idle)
{
    struct cpu_info *ci = get_cpu_info();
    uint32_t a, b, c, d;
    unsigned long cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;

    cpuid_count(7, 0, &a, &b, &c, &d);
    if (b & CPUID7_EBX_SMEP)
        cr4 |= X86_CR4_SMEP;
    if (b & CPUID7_EBX_SMAP)
        cr4 |= X86_CR4_SMAP;
    write_cr4(cr4);
    ci->current_vcpu = idle;
    ci->processor_id = 0;
    desc_set_rsp0(cpu_info_rsp0(ci));
}

/* The MXCSR bits this CPU takes (FXSAVE's MXCSR_MASK; 0 means 0xffbf). */
static uint32_t mxcsr_mask(void)
{
    static uint32_t mask;
    uint8_t area[512] __aligned(16);

    if (!mask) {
        memset(area, 0, sizeof(area));
        asm volatile("fxsave64 %0" : "=m"(area));
        mask = *(uint32_t *)&area[FXSAVE_MXCSR_MASK_OFF];
        if (!mask)
            mask = FXSAVE_MXCSR_MASK_DEFAULT;
    }
    return mask;
}

const char *arch_vcpu_state_bad(const struct cpu_user_regs *r,
                                uint64_t trap_handler, const uint8_t *fxsave)
{
    return guest_state_bad(r, trap_handler,
                           *(const uint32_t *)&fxsave[FXSAVE_MXCSR_OFF],
                           mxcsr_mask());
}

void arch_vcpu_save_fpu(struct vcpu *v)
{
    if (v == current)
        asm volatile("fxsave64 %0" : "=m"(v->arch.fpu));
}

void arch_context_switch(struct vcpu *prev, struct vcpu *next)
{
    if (!is_idle_vcpu(prev))
        asm volatile("fxsave64 %0" : "=m"(prev->arch.fpu));
    get_cpu_info()->current_vcpu = next;
    if (is_idle_vcpu(next)) {
        write_cr3(image_to_maddr(l4_boot));
        reset_stack_and_jump(idle_loop);
    }
    write_cr3(mfn_to_maddr(next->domain->p2m.root));
    asm volatile("fxrstor64 %0" : : "m"(next->arch.fpu));
    time_update_vcpu_info(next);
    arch_vcpu_resume(next);
}

void arch_vcpu_resume(struct vcpu *v)
{
    struct cpu_info *ci = get_cpu_info();
    /*
     * The last line: RAM ends a page short of the lower half
     * (P2M_GUEST_MAX_GFN) and every path that sets rip checks it, but an
     * iretq that faulted here would stop the host, not the guest.
     */
    const char *why = guest_state_resume_bad(&v->arch.regs);

    BUILD_BUG_ON(sizeof(struct cpu_info) != CPU_INFO_SIZE);
    if (why) {
        domain_crash(v->domain, "resume at rip %#lx, rsp %#lx: %s",
                     v->arch.regs.rip, v->arch.regs.rsp, why);
        /* v no longer runs: the scheduler switches away for good. */
        raise_softirq(SCHEDULE_SOFTIRQ);
        do_softirq();
        BUG_ON(true); /* schedule() picked v, which cannot run */
    }
    ci->guest_regs = v->arch.regs;
    restore_guest_regs(&ci->guest_regs);
}
