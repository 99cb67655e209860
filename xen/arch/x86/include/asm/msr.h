/* SPDX-License-Identifier: GPL-2.0-only */
/* Model-specific registers and the time-stamp counter. */
#ifndef ASM_X86_MSR_H
#define ASM_X86_MSR_H

#define MSR_EFER      0xc0000080
#define MSR_APIC_BASE 0x1b

#ifndef __ASSEMBLY__
#include <xen/types.h>

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v),
                 "d"((uint32_t)(v >> 32)));
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#endif /* __ASSEMBLY__ */

#endif /* ASM_X86_MSR_H */
