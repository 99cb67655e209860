/* SPDX-License-Identifier: GPL-2.0-only */
/* CPU state: the register frame saved on exception entry, control regs. */
#ifndef ASM_X86_PROCESSOR_H
#define ASM_X86_PROCESSOR_H

#include <xen/compiler.h>
#include <xen/types.h>

/*
 * The frame entry.S builds on the stack for an exception: general-purpose
 * registers pushed by the stub, then the vector and error code, then what
 * the CPU pushed.  Order matters: it must match entry.S.
 */
struct cpu_user_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10;
    uint64_t r9, r8, rax, rcx, rdx, rsi, rdi;
    uint64_t vector;
    uint64_t error_code;
    uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

static inline unsigned long read_cr0(void)
{
    unsigned long v;

    asm volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}

static inline unsigned long read_cr2(void)
{
    unsigned long v;

    asm volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}

static inline unsigned long read_cr3(void)
{
    unsigned long v;

    asm volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}

static inline unsigned long read_cr4(void)
{
    unsigned long v;

    asm volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}

static inline void write_cr3(unsigned long v)
{
    asm volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline void write_cr4(unsigned long v)
{
    asm volatile("mov %0, %%cr4" : : "r"(v));
}

static inline void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t *a,
                               uint32_t *b, uint32_t *c, uint32_t *d)
{
    asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
                 : "a"(leaf), "c"(sub));
}

/* In a loop that waits for another CPU: let a sibling thread run. */
static inline void cpu_relax(void)
{
    asm volatile("pause" ::: "memory");
}

/* Stop this CPU for good: interrupts off, halted. */
static inline void __noreturn cpu_halt_forever(void)
{
    for (;;)
        asm volatile("cli; hlt");
}

#endif /* ASM_X86_PROCESSOR_H */
