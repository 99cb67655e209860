/* SPDX-License-Identifier: GPL-2.0-only */
/* Architectural constants from the Intel SDM and AMD APM, usable from asm. */
#ifndef ASM_X86_DEFNS_H
#define ASM_X86_DEFNS_H

#define X86_CR0_PE   (1 << 0)
#define X86_CR0_WP   (1 << 16)
#define X86_CR0_PG   (1 << 31)
#define X86_CR4_PAE  (1 << 5)
#define X86_CR4_PGE  (1 << 7)

#define EFER_LME     (1 << 8)
#define EFER_NXE     (1 << 11)

#define CPUID_EXT_FEATURES   0x80000001
#define CPUID_EXT_EDX_NX     (1 << 20)
#define CPUID_EXT_EDX_LM     (1 << 29)

#define _PAGE_PRESENT  0x001
#define _PAGE_RW       0x002
#define _PAGE_PSE      0x080
#define _PAGE_NX       (1ULL << 63)

#define X86_EFLAGS_IF  (1 << 9)

#endif /* ASM_X86_DEFNS_H */
