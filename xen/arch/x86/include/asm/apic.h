/* SPDX-License-Identifier: GPL-2.0-only */
/* The local APIC: this CPU's timer and interrupt acknowledgement. */
#ifndef ASM_X86_APIC_H
#define ASM_X86_APIC_H

#include <xen/time.h>

#define LAPIC_TIMER_VECTOR    0xf0
#define LAPIC_SPURIOUS_VECTOR 0xff
#define PIC_FIRST_VECTOR      0x20 /* the 8259s, remapped here and masked */

/*
 * Enable the local APIC, mask the 8259s, and set up the one-shot timer,
 * whose rate is known_khz or, if that is 0, measured against NOW() (10 ms).
 */
void apic_init(unsigned long known_khz);

/* The timer's rate in kHz (ticks per millisecond), for a successor. */
unsigned long apic_timer_khz(void);

/* Interrupt at system time deadline (or at once, if it has passed). */
void apic_timer_set(s_time_t deadline);

void apic_eoi(void);

/*
 * Route legacy ISA interrupt irq (0-15, through the 8259s in virtual-wire
 * mode) to handler, which runs with interrupts off.
 */
void isa_irq_request(unsigned int irq, void (*handler)(void));

/* What to do for an interrupt at vector (from do_entry). */
void do_irq(unsigned int vector);

#endif /* ASM_X86_APIC_H */
