/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Driver for the 16550-compatible UART at COM1, the hypervisor's console.
 * Polled output only: the console must work before interrupts do, and
 * while they are off after a fault.
 */
#include <asm/io.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/serial.h>

#define COM1_BASE   0x3f8
#define UART_CLOCK  115200 /* base clock / 16 */

/* Register offsets (DLAB = 0 unless noted). */
#define UART_THR 0 /* transmit holding      */
#define UART_DLL 0 /* divisor low  (DLAB 1) */
#define UART_IER 1 /* interrupt enable      */
#define UART_DLM 1 /* divisor high (DLAB 1) */
#define UART_FCR 2 /* FIFO control          */
#define UART_LCR 3 /* line control          */
#define UART_MCR 4 /* modem control         */
#define UART_LSR 5 /* line status           */

#define LCR_8N1      0x03
#define LCR_DLAB     0x80
#define FCR_ENABLE   0x07 /* enable and clear both FIFOs */
#define MCR_DTR_RTS  0x03
#define LSR_THRE     0x20
#define LSR_DR       0x01 /* a received byte is waiting */
#define IER_RX       0x01 /* interrupt on received data */
#define MCR_OUT2     0x08 /* gates the UART's interrupt line on a PC */

/*
 * Give up on a wedged or absent UART rather than hang the hypervisor.  The
 * wait must still outlast one character at the slowest rate accepted: a
 * status read from an ISA/LPC UART takes about a microsecond, so the limit
 * is some 100 ms, and a character (10 bits) at MIN_BAUD takes 8.3 ms.
 * Slower rates would need a limit long enough to stall the console on a
 * dead UART for seconds per character, so they are refused instead.
 */
#define THRE_SPIN_LIMIT 100000
#define MIN_BAUD        1200

static unsigned int com1_baud = UART_CLOCK;

/* com1=<baud>: any rate that divides the UART clock, 1200..115200. */
static int parse_com1(const char *s)
{
    const char *end;
    unsigned long long baud = simple_strtoull(s, &end, 10);

    if (end == s || *end || baud < MIN_BAUD || baud > UART_CLOCK ||
        UART_CLOCK % baud)
        return -EINVAL;
    com1_baud = baud;
    return 0;
}
custom_param("com1", parse_com1);

void serial_init(void)
{
    unsigned int divisor = UART_CLOCK / com1_baud;

    outb(0, COM1_BASE + UART_IER); /* quiet until serial_enable_rx() */
    outb(LCR_DLAB, COM1_BASE + UART_LCR);
    outb(divisor & 0xff, COM1_BASE + UART_DLL);
    outb(divisor >> 8, COM1_BASE + UART_DLM);
    outb(LCR_8N1, COM1_BASE + UART_LCR);
    outb(FCR_ENABLE, COM1_BASE + UART_FCR);
    outb(MCR_DTR_RTS, COM1_BASE + UART_MCR);
}

static void serial_putc(char c)
{
    unsigned int spin = THRE_SPIN_LIMIT;

    while (!(inb(COM1_BASE + UART_LSR) & LSR_THRE) && --spin)
        asm volatile("pause");
    outb(c, COM1_BASE + UART_THR);
}

void serial_enable_rx(void)
{
    while (inb(COM1_BASE + UART_LSR) & LSR_DR) /* drop what typed early */
        inb(COM1_BASE + UART_THR);
    outb(MCR_DTR_RTS | MCR_OUT2, COM1_BASE + UART_MCR);
    outb(IER_RX, COM1_BASE + UART_IER);
}

int serial_getc(void)
{
    if (!(inb(COM1_BASE + UART_LSR) & LSR_DR))
        return -1;
    return inb(COM1_BASE + UART_THR); /* the receive buffer, same port */
}

void serial_write(const char *s, size_t len)
{
    while (len--) {
        if (*s == '\n')
            serial_putc('\r');
        serial_putc(*s++);
    }
}
