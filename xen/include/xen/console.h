/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor console.  printk() (xen/lib.h) always appends to an
 * in-memory ring, so messages from before the serial port is programmed
 * are kept; console_init() starts the devices chosen by console= and
 * replays the ring to them.
 */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

/* Start the console devices and replay what was logged so far. */
void console_init(void);

#endif /* XEN_CONSOLE_H */
