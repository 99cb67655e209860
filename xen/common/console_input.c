/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console input: bytes typed at the serial console belong to the control
 * domain (its shell).  The UART interrupts on each byte; the bytes wait in
 * a small ring until the control domain reads them with
 * console_io(CONSOLEIO_read), and VIRQ_CONSOLE tells it they are there.
 * With no control domain, input is dropped.
 */
#include <public/event_channel.h>
#include <xen/console.h>
#include <xen/event.h>
#include <xen/sched.h>
#include <xen/serial.h>

#include <asm/apic.h>

#define COM1_IRQ 4
#define INPUT_RING_SIZE 1024 /* a pasted line or two */

static char input_ring[INPUT_RING_SIZE];
static unsigned int input_head, input_tail; /* free-running */

static void console_rx_interrupt(void)
{
    bool got = false;
    int c;

    while ((c = serial_getc()) >= 0) {
        if (input_head - input_tail < INPUT_RING_SIZE)
            input_ring[input_head++ % INPUT_RING_SIZE] = c;
        got = true;
    }
    if (got && control_domain)
        send_guest_virq(control_domain, VIRQ_CONSOLE);
}

void console_input_init(void)
{
    isa_irq_request(COM1_IRQ, console_rx_interrupt);
    serial_enable_rx();
}

size_t console_input_read(char *buf, size_t len)
{
    size_t n = 0;

    while (n < len && input_tail != input_head)
        buf[n++] = input_ring[input_tail++ % INPUT_RING_SIZE];
    return n;
}
