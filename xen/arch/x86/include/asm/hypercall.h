/* SPDX-License-Identifier: GPL-2.0-only */
/* The x86 hypercall entry: arguments from registers (public/xen.h). */
#ifndef ASM_X86_HYPERCALL_H
#define ASM_X86_HYPERCALL_H

#include <asm/processor.h>

/* Run the hypercall in regs and put its result in regs->rax. */
void hypercall_entry(struct cpu_user_regs *regs);

#endif /* ASM_X86_HYPERCALL_H */
