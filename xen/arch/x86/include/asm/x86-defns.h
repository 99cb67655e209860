/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Architectural constants from the Intel SDM and AMD APM, usable from asm.
 * Single-bit masks are unsigned long in C: bit 31 of a plain int is
 * negative and sign-extends when it meets a 64-bit register value, and the
 * inverse of an unsigned int mask would clear bits 32-63 of one.  The
 * assembler takes no integer suffixes, hence X86_UNSIGNED().
 */
#ifndef ASM_X86_DEFNS_H
#define ASM_X86_DEFNS_H

#ifdef __ASSEMBLY__
#define X86_UNSIGNED(x) x
#else
#define X86_UNSIGNED(x) x##UL
#endif
#define X86_BIT(n) (X86_UNSIGNED(1) << (n))

#define X86_CR0_PE   X86_BIT(0)
#define X86_CR0_WP   X86_BIT(16)
#define X86_CR0_PG   X86_BIT(31)
#define X86_CR4_PAE  X86_BIT(5)

#define EFER_LME     X86_BIT(8)

#define CPUID_EXT_FEATURES   0x80000001
#define CPUID_EXT_EDX_LM     X86_BIT(29)

#define _PAGE_PRESENT  0x001
#define _PAGE_RW       0x002
#define _PAGE_USER     0x004
#define _PAGE_PSE      0x080

#define X86_EFLAGS_IF  X86_BIT(9)

/* Guest addresses are below this: the canonical lower half. */
#define GUEST_ADDR_LIMIT X86_BIT(47)

#endif /* ASM_X86_DEFNS_H */
