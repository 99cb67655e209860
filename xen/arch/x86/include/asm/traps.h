/* SPDX-License-Identifier: GPL-2.0-only */
/* Exception handling. */
#ifndef ASM_X86_TRAPS_H
#define ASM_X86_TRAPS_H

#define X86_NR_EXCEPTIONS 32

#define X86_EXC_DF  8
#define X86_EXC_NMI 2
#define X86_EXC_PF  14
#define X86_EXC_MC  18

#ifndef __ASSEMBLY__
#include <asm/processor.h>

/* The 32 entry stubs in entry.S, indexed by vector. */
extern void (*const exception_stubs[X86_NR_EXCEPTIONS])(void);

/* Install a gate for every exception vector. */
void traps_init(void);

/* Called by entry.S with the saved frame of any exception. */
void do_exception(struct cpu_user_regs *regs);
#endif

#endif /* ASM_X86_TRAPS_H */
