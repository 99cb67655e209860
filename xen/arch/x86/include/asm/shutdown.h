/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ending the machine.  Under QEMU the isa-debug-exit device (port 0xf4)
 * turns a write of v into QEMU's exit status (v << 1) | 1, which is how the
 * launcher tells a clean power-off (v = 0) from a panic (v = 1).  Without
 * the device the writes are ignored and the CPU halts.
 */
#ifndef ASM_X86_SHUTDOWN_H
#define ASM_X86_SHUTDOWN_H

#include <xen/compiler.h>

/* Log "Powering off." and turn the machine off. */
void __noreturn machine_power_off(void);

/* Turn the machine off reporting failure; used by panic(). */
void __noreturn machine_halt_failed(void);

#endif /* ASM_X86_SHUTDOWN_H */
