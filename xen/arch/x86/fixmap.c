/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fixmap (asm/fixmap.h): one page table of 4 KiB slots hung under the
 * last entry of the hypervisor image's L2 table.  The image's L2 is shared
 * by every page table, so a slot mapped once is mapped everywhere.
 */
#include <asm/config.h>
#include <asm/fixmap.h>
#include <asm/page.h>
#include <asm/setup.h>
#include <asm/x86-defns.h>
#include <xen/lib.h>

#define _PAGE_PWT 0x008
#define _PAGE_PCD 0x010

extern uint64_t l2_xen[];
static uint64_t l1_fixmap[512] __aligned(PAGE_SIZE);

void *fixmap_map_uncached(enum fixed_addresses idx, paddr_t pa)
{
    unsigned long va = FIXMAP_START + ((unsigned long)idx << PAGE_SHIFT);

    BUG_ON(idx >= NR_FIX_ADDRESSES || (pa & (PAGE_SIZE - 1)));
    BUG_ON((_end - _start) > (511L << L2_PAGE_SHIFT));
    if (!(l2_xen[511] & _PAGE_PRESENT))
        l2_xen[511] = image_to_maddr(l1_fixmap) | _PAGE_PRESENT | _PAGE_RW;
    l1_fixmap[idx] = pa | _PAGE_PRESENT | _PAGE_RW | _PAGE_PCD | _PAGE_PWT;
    asm volatile("invlpg (%0)" : : "r"(va) : "memory");
    return (void *)va;
}
