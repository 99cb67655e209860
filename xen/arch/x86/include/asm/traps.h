/* SPDX-License-Identifier: GPL-2.0-only */
/* Exception handling. */
#ifndef ASM_X86_TRAPS_H
#define ASM_X86_TRAPS_H

#define X86_NR_EXCEPTIONS 32

#define X86_EXC_DF  8
#define X86_EXC_NMI 2
#define X86_EXC_GP  13
#define X86_EXC_PF  14
#define X86_EXC_MC  18

#ifndef __ASSEMBLY__
#include <asm/processor.h>

#define X86_NR_VECTORS 256

/* The entry stubs in entry.S, indexed by vector. */
extern void (*const entry_stubs[X86_NR_VECTORS])(void);

/* Install a gate for every vector. */
void traps_init(void);

/*
 * Called by entry.S with the frame of every exception, interrupt and
 * hypercall.  Returns only to resume the hypervisor code that was
 * interrupted; an entry from a guest leaves through the scheduler.
 */
void do_entry(struct cpu_user_regs *regs);

static inline bool guest_mode(const struct cpu_user_regs *regs)
{
    return (regs->cs & 3) == 3;
}

/* Report a fatal exception in the hypervisor and panic. */
void __noreturn fatal_trap(const struct cpu_user_regs *regs);

/* Exceptions taken in ring 3: bounce to the guest's handler or crash it. */
void guest_exception(struct cpu_user_regs *regs);
#endif

#endif /* ASM_X86_TRAPS_H */
