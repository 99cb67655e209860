/* SPDX-License-Identifier: GPL-2.0-only */
/* Powering the machine off, cleanly or after a panic: see asm/shutdown.h. */
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/shutdown.h>
#include <xen/lib.h>

#define DEBUG_EXIT_PORT     0xf4
#define DEBUG_EXIT_POWEROFF 0
#define DEBUG_EXIT_FAILED   1

static void __noreturn debug_exit(uint32_t code)
{
    outl(code, DEBUG_EXIT_PORT);
    /* Still here: no debug-exit device.  Stop; a person can power off. */
    printk(XENLOG_ERR "System halted.\n");
    cpu_halt_forever();
}

void machine_power_off(void)
{
    printk("Powering off.\n");
    debug_exit(DEBUG_EXIT_POWEROFF);
}

void machine_halt_failed(void)
{
    debug_exit(DEBUG_EXIT_FAILED);
}
