/* SPDX-License-Identifier: GPL-2.0-only */
/* Entry points between the boot code and the rest of the hypervisor. */
#ifndef ASM_X86_SETUP_H
#define ASM_X86_SETUP_H

#include <asm/config.h>
#include <xen/compiler.h>
#include <xen/types.h>

/* Physical address the image was loaded at (see boot/head.S). */
extern paddr_t xen_phys_start;

/* First and last-plus-one bytes of the image (xen.lds.S). */
extern const char _start[], _end[];

/* The physical address of a byte of the image. */
static inline paddr_t image_to_maddr(const void *p)
{
    return xen_phys_start + ((unsigned long)p - XEN_VIRT_START);
}

struct boot_info;

/* What the boot loader (or the previous hypervisor) handed over, sanitised. */
const struct boot_info *boot_info_get(void);

/* C entry from head.S, on cpu0_stack, in long mode at XEN_VIRT_START. */
void __noreturn __start_xen(uint32_t loader_magic, paddr_t info_pa,
                            paddr_t load_pa);

#endif /* ASM_X86_SETUP_H */
