/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixed virtual addresses for device registers (uncached), in the last
 * 2 MiB of the hypervisor's own area so every page table shares them.
 */
#ifndef ASM_X86_FIXMAP_H
#define ASM_X86_FIXMAP_H

#include <asm/config.h>
#include <xen/types.h>

enum fixed_addresses {
    FIX_APIC,
    NR_FIX_ADDRESSES
};

#define FIXMAP_START (XEN_VIRT_START + (511UL << L2_PAGE_SHIFT))

/* Map the page at pa uncached at fixmap slot idx; returns its address. */
void *fixmap_map_uncached(enum fixed_addresses idx, paddr_t pa);

#endif /* ASM_X86_FIXMAP_H */
