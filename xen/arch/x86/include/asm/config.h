/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's virtual memory layout (x86-64, 4-level paging).
 *
 *  0x0000000000000000 +--------------------------+
 *                     | guest (later); identity  |
 *                     | map of low 4 GiB at boot |
 *  0x00007fffffffffff +--------------------------+
 *                     :   non-canonical hole     :
 *  0xffff828000000000 +--------------------------+ FRAMETABLE_VIRT_START
 *                     | frame table: a struct    |
 *                     | page_info per frame      |
 *  0xffff830000000000 +--------------------------+ DIRECTMAP_VIRT_START
 *                     | direct map of all RAM    | (low 4 GiB from boot)
 *  0xffff840000000000 +--------------------------+ DIRECTMAP_VIRT_END
 *                     :   unused                 :
 *  0xffffffff80000000 +--------------------------+ XEN_VIRT_START
 *                     | hypervisor image, mapped |
 *                     | wherever it was loaded   |
 *  0xffffffffffffffff +--------------------------+
 *
 * The image is linked at XEN_VIRT_START but may be loaded at any 2 MiB
 * aligned physical address: the early boot code maps XEN_VIRT_START to
 * wherever it finds itself.  Loaders that honour the multiboot headers put
 * it at XEN_LOAD_PHYS; a live update puts it in the reserved region.
 */
#ifndef ASM_X86_CONFIG_H
#define ASM_X86_CONFIG_H

#define XEN_VIRT_START        0xffffffff80000000
#define XEN_LOAD_PHYS         0x200000
#define XEN_IMAGE_ALIGN       0x200000
#define FRAMETABLE_VIRT_START 0xffff828000000000
#define FRAMETABLE_SIZE       (1ULL << 39)
#define DIRECTMAP_VIRT_START  0xffff830000000000
#define DIRECTMAP_SIZE        (1ULL << 40) /* RAM above 1 TiB is not used */

#define PAGE_SHIFT            12
#define PAGE_SIZE             (1 << PAGE_SHIFT)
#define L2_PAGE_SHIFT         21

#define STACK_ORDER           2
#define STACK_SIZE            (PAGE_SIZE << STACK_ORDER)

/* Page-table slots used by the boot page tables (head.S). */
#define L4_SLOT_DIRECTMAP     262 /* DIRECTMAP_VIRT_START >> 39 & 511 */
#define L4_SLOT_XEN           511
#define L3_SLOT_XEN           510

#endif /* ASM_X86_CONFIG_H */
