/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 hypercall entry: `int $0x82` from ring 3, number in %rax,
 * arguments in %rdi, %rsi, %rdx, %r10, %r8 (Xen's 64-bit convention),
 * result back in %rax.  Dispatch is common (common/hypercall.c).
 */
#include <asm/hypercall.h>
#include <xen/hypercall.h>

void hypercall_entry(struct cpu_user_regs *regs)
{
    struct hypercall_args args = {
        .nr = regs->rax,
        .arg = {regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8},
    };

    regs->rax = hypercall_dispatch(&args);
}
