/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU information at the top of each CPU's hypervisor stack.
 *
 *   stack + STACK_SIZE  +------------------------+
 *                       | cpu_info: current, id  |
 *                       +------------------------+ <- TSS.rsp0
 *                       | guest_regs: the frame  |
 *                       | an entry from ring 3   |
 *                       | builds here            |
 *                       +------------------------+
 *                       | hypervisor stack ...   |
 *
 * An entry from a guest always starts at TSS.rsp0, so its frame is always
 * guest_regs, and leaving to a guest always restores from there.  Stacks
 * are STACK_SIZE aligned, so the current CPU's info is found from %rsp.
 */
#ifndef ASM_X86_CURRENT_H
#define ASM_X86_CURRENT_H

#include <asm/config.h>

#define CPU_INFO_SIZE 192 /* sizeof(struct cpu_info), for entry.S */

#ifndef __ASSEMBLY__
#include <asm/processor.h>

struct vcpu;

struct cpu_info {
    struct cpu_user_regs guest_regs;
    struct vcpu *current_vcpu;
    unsigned int processor_id;
    unsigned int pad;
};

static inline struct cpu_info *get_cpu_info(void)
{
    unsigned long sp;

    asm volatile("mov %%rsp, %0" : "=r"(sp));
    return (struct cpu_info *)((sp & ~(STACK_SIZE - 1UL)) + STACK_SIZE) - 1;
}

#define current (get_cpu_info()->current_vcpu)
#define smp_processor_id() (get_cpu_info()->processor_id)

/* Abandon the current stack and continue in fn, which must not return. */
void __noreturn reset_stack_and_jump(void (*fn)(void));

/* Leave to the guest whose registers are in the frame at guest_regs. */
void __noreturn restore_guest_regs(struct cpu_user_regs *frame);

/* The stack an entry from ring 3 starts on: the end of guest_regs. */
static inline unsigned long cpu_info_rsp0(struct cpu_info *ci)
{
    return (unsigned long)(&ci->guest_regs + 1);
}
#endif /* __ASSEMBLY__ */

#endif /* ASM_X86_CURRENT_H */
