/* SPDX-License-Identifier: GPL-2.0-only */
/* The x86 part of a vCPU: its registers while it is not running. */
#ifndef ASM_X86_DOMAIN_H
#define ASM_X86_DOMAIN_H

#include <asm/processor.h>

/* The x87/SSE state as FXSAVE lays it out. */
struct fpu_state {
    uint8_t fxsave[512];
} __aligned(16);

struct arch_vcpu {
    struct cpu_user_regs regs;
    struct fpu_state fpu;
    uint64_t trap_handler;    /* guest address, 0 if none */
    uint64_t trap_frame;      /* where the last bounce put its frame */
    bool in_trap_handler;     /* between a bounce and its trap_return */
    uint8_t pio_insn_len;     /* of the port I/O instruction in flight */
};

#endif /* ASM_X86_DOMAIN_H */
