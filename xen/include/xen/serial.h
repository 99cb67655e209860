/* SPDX-License-Identifier: GPL-2.0-only */
/* The serial console port (drivers/char/ns16550.c). */
#ifndef XEN_SERIAL_H
#define XEN_SERIAL_H

#include <xen/types.h>

/* Program COM1 with the baud rate from com1= (default 115200), 8n1. */
void serial_init(void);

/* Interrupt on received bytes (COM1's IRQ 4). */
void serial_enable_rx(void);

/* A received byte, or -1 if none is waiting. */
int serial_getc(void);

/* Write len bytes, turning "\n" into "\r\n". */
void serial_write(const char *s, size_t len);

#endif /* XEN_SERIAL_H */
