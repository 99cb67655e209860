/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 hypercall entry: `int $0x82` from ring 3, number in %rax,
 * arguments in %rdi, %rsi, %rdx, %r10, %r8 (Xen's 64-bit convention),
 * result back in %rax.  Dispatch is common (common/hypercall.c); a handler
 * that returns -ERESTART has the guest execute the same int again.
 */
#include <asm/current.h>
#include <asm/hypercall.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>

#define HYPERCALL_INSN_LEN 2 /* int $0x82: cd 82 */

void hypercall_entry(struct cpu_user_regs *regs)
{
    struct hypercall_args args = {
        .nr = regs->rax,
        .arg = {regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8},
    };

    long rc = hypercall_dispatch(&args);

    if (rc == -ERESTART)
        regs->rip -= HYPERCALL_INSN_LEN; /* %rax still holds the number */
    else
        regs->rax = rc;
}

long hypercall_restart_with(unsigned long arg0)
{
    current->arch.regs.rdi = arg0;
    return -ERESTART;
}
