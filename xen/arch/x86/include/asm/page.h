/* SPDX-License-Identifier: GPL-2.0-only */
/* Translating between physical addresses and the direct map. */
#ifndef ASM_X86_PAGE_H
#define ASM_X86_PAGE_H

#include <asm/config.h>
#include <xen/types.h>

/* Bytes of physical memory the boot page tables direct-map (head.S). */
#define BOOT_DIRECTMAP_BYTES (4ULL << 30)

static inline void *maddr_to_virt(paddr_t pa)
{
    return (void *)(DIRECTMAP_VIRT_START + pa);
}

static inline void flush_tlb_local(void)
{
    unsigned long cr3;

    asm volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3) : : "memory");
}

#endif /* ASM_X86_PAGE_H */
