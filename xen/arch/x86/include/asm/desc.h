/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Segment selectors and the descriptor tables (GDT, IDT, TSS).
 * The boot GDT in head.S uses the same selectors as the runtime GDT, so
 * nothing needs reloading when desc_init() switches tables.
 */
#ifndef ASM_X86_DESC_H
#define ASM_X86_DESC_H

#define __HYPERVISOR_CS  0x08
#define __HYPERVISOR_DS  0x10
#define TSS_SELECTOR     0x18 /* a 16-byte system descriptor: slots 3-4 */
#define FLAT_USER_DS     0x2b /* slot 5, RPL 3 */
#define FLAT_USER_CS     0x33 /* slot 6, RPL 3, 64-bit */

/* Interrupt-stack-table slots for exceptions that must not trust %rsp. */
#define IST_DF   1
#define IST_NMI  2
#define IST_MCE  3
#define IST_MAX  3

#ifndef __ASSEMBLY__
/* Load this CPU's GDT (with a TSS) and IDT. */
void desc_init(void);

/*
 * Point IDT vector at handler, running on interrupt stack ist (0: none);
 * dpl 3 lets ring 3 raise it with `int`.
 */
void desc_set_intr_gate(unsigned int vector, void (*handler)(void),
                        unsigned int ist, unsigned int dpl);

/* Where entries from ring 3 start their stack (TSS.rsp0). */
void desc_set_rsp0(unsigned long rsp0);
#endif

#endif /* ASM_X86_DESC_H */
