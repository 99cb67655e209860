/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What common memory management needs from the architecture: page tables
 * for the direct map and the frame table, and the highest usable address.
 */
#ifndef ASM_X86_MM_H
#define ASM_X86_MM_H

#include <asm/config.h>
#include <asm/page.h>
#include <xen/bootinfo.h>
#include <xen/bootmem.h>
#include <xen/mm-types.h>

/* RAM at or above this physical address is not used. */
#define ARCH_MAX_RAM_ADDR DIRECTMAP_SIZE

/* Frame-table entries one virtual area can hold. */
#define ARCH_MAX_FRAMES (FRAMETABLE_SIZE / sizeof(struct page_info))

/*
 * Map the whole frames of every RAM range of bi below ARCH_MAX_RAM_ADDR at
 * the direct map, replacing the boot mapping of the low 4 GiB.  Page-table
 * frames come from bm.  Panics if bm cannot supply them: there is no way to boot then.
 */
void arch_directmap_init(struct bootmem *bm, const struct boot_info *bi);

/*
 * Back the frame table for frames [0, nr_frames) with frames from bm, map
 * it at FRAMETABLE_VIRT_START and zero it, unless bm's frames are known to
 * be zero already.  Needs the full direct map.
 */
struct page_info *arch_frametable_init(struct bootmem *bm,
                                       unsigned long nr_frames, bool zeroed);

static inline void *mfn_to_virt(mfn_t m)
{
    return maddr_to_virt(mfn_to_maddr(m));
}

/* The frame behind a direct-map address. */
static inline mfn_t virt_to_mfn(const void *va)
{
    return maddr_to_mfn((unsigned long)va - DIRECTMAP_VIRT_START);
}

#endif /* ASM_X86_MM_H */
