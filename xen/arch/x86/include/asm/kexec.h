/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Handing the machine to another hypervisor image (live update).
 *
 * The last step runs from a trampoline in low memory, which the hypervisor
 * never uses otherwise (the boot allocator keeps out of the first MiB):
 *
 *   KEXEC_LOW_BASE + 0x0000  trampoline code (kexec_reloc.S)
 *                  + 0x1000  struct kexec_params, then the GDT
 *                  + 0x2000  the new image's multiboot2 information (16 KiB:
 *                            the most it can be, MB2_INFO_MAX_SIZE)
 *                  + 0x6000  page tables: an identity map of all RAM, up
 *                            to KEXEC_LOW_END (104 GiB: checked at load)
 *
 * It switches to the identity map, copies the new image over the old
 * hypervisor's place in the reserved region (where this one may be
 * running), drops to 32-bit protected mode with paging off and enters the
 * image the way a multiboot2 loader would.
 */
#ifndef ASM_X86_KEXEC_H
#define ASM_X86_KEXEC_H

#define KEXEC_LOW_BASE     0x10000
#define KEXEC_PARAMS       (KEXEC_LOW_BASE + 0x1000)
#define KEXEC_MBI          (KEXEC_LOW_BASE + 0x2000)
#define KEXEC_MBI_SIZE     0x4000
#define KEXEC_PAGETABLES   (KEXEC_LOW_BASE + 0x6000)
#define KEXEC_LOW_END      0x80000 /* conventional memory below the EBDA */

/*
 * The identity map: an L4, an L3 and one L2 (1 GiB of 2 MiB pages) per
 * GiB, all between KEXEC_PAGETABLES and KEXEC_LOW_END.
 */
#define KEXEC_IDMAP_MAX_GIB ((KEXEC_LOW_END - KEXEC_PAGETABLES) / 0x1000 - 2)

/* struct kexec_params offsets, for the trampoline. */
#define KP_SRC_LIST  0  /* physical address of uint64_t[nr_pages] */
#define KP_NR_PAGES  8
#define KP_DEST      16 /* physical address the image goes to */
#define KP_ENTRY     24 /* physical entry point */
#define KP_MBI       32
#define KP_CR3       40 /* the identity map */
#define KP_GDT       48 /* 3 descriptors: null, 32-bit code, 32-bit data */
#define KP_GDT_PTR   72 /* limit (2 bytes) + base (4 bytes) */

#define KEXEC_CS32 0x08
#define KEXEC_DS32 0x10

#ifndef __ASSEMBLY__
#include <xen/types.h>

struct kexec_params {
    uint64_t src_list;
    uint64_t nr_pages;
    uint64_t dest;
    uint64_t entry;
    uint64_t mbi;
    uint64_t cr3;
    uint64_t gdt[3];
    uint16_t gdt_limit;
    uint32_t gdt_base;
} __attribute__((packed));

/* The trampoline's code, linked into the image and copied low to run. */
extern const char kexec_reloc_start[], kexec_reloc_end[];

/*
 * Copy nr_pages pages (physical addresses listed at src_list, which must
 * be reachable through the direct map) to dest and enter the image at
 * entry with the multiboot2 information at mbi (in low memory).  Never
 * returns.  Interrupts must be off and no other CPU running.
 */
void __attribute__((noreturn)) machine_kexec(const uint64_t *src_list,
                                             unsigned long nr_pages,
                                             uint64_t dest, uint64_t entry);

struct lu_crumb;

/*
 * Fill in what the next image needs to know of the machine before it can
 * read the stream: the clock rates (the same machine after the jump, so
 * the same rates: no need to measure them again) and the TSC now, at the
 * start of the jump.
 */
void machine_kexec_crumb(struct lu_crumb *c);

/* Where the multiboot2 information for the next image is built. */
void *kexec_mbi_area(void);

/*
 * Whether the trampoline can map RAM up to top (the end of the highest
 * frame): the L2 tables it needs fit below KEXEC_LOW_END.
 */
static inline bool kexec_identity_map_fits(uint64_t top)
{
    return (top + (1ULL << 30) - 1) >> 30 <= KEXEC_IDMAP_MAX_GIB;
}

/*
 * Whether machine_kexec() can hand this machine over: checked when an
 * image is loaded, so that the jump itself cannot fail.  Returns 0, or
 * -ENOMEM (logged) if RAM reaches too high for the identity map.
 */
int machine_kexec_check(void);
#endif

#endif /* ASM_X86_KEXEC_H */
