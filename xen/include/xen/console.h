/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor console.  printk() (xen/lib.h) always appends to an
 * in-memory ring, so messages from before the serial port is programmed
 * are kept; console_init() starts the devices chosen by console= and
 * replays the ring to them.
 */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <public/xen.h>
#include <xen/types.h>

/* Start the console devices and replay what was logged so far. */
void console_init(void);

/*
 * Copy up to count bytes of the log from offset *index (bytes ever logged;
 * moved up to the oldest byte still held) and advance it.  Returns the
 * number copied.
 */
size_t console_ring_read(uint64_t *index, char *buf, size_t count);

/* The log ring's size: the most of the log a live update carries. */
#define CONSOLE_LOG_SIZE (64 * 1024)

/*
 * For a live update's stream: a copy of the log the ring holds, oldest
 * first (*len bytes, up to CONSOLE_LOG_SIZE), and *produced the bytes ever
 * logged.  The copy stays until the next call here.
 */
const char *console_ring_snapshot(size_t *len, uint64_t *produced);

/*
 * After a live update: put the predecessor's log (len bytes, oldest first,
 * the last of them byte produced of its log) before this boot's lines,
 * which follow it as they were; offsets into the log (xl dmesg's) go on
 * from the predecessor's.  A log that cannot be (len > produced) is
 * ignored.
 */
void console_ring_adopt(const char *s, size_t len, uint64_t produced);

/*
 * Take the console back from whoever holds it, so a fatal error can still
 * report: the holder faulted or will never run again.
 */
void console_force_unlock(void);

/* Take console input from the serial port (common/console_input.c). */
void console_input_init(void);

/* Move up to len bytes of console input to buf; returns how many. */
size_t console_input_read(char *buf, size_t len);

/*
 * Write the control domain's console output as it is: it owns the
 * terminal (a shell's prompt and echo are not lines).
 */
void console_write_raw(const char *s, size_t len);

/* Log one line of a guest's output as "(dN) <line>". */
void console_guest_line(domid_t domid, const char *s, size_t len);

struct domain;

/*
 * After a live update or a restore: d goes on with the console line it
 * had begun, len characters (fewer than GUEST_CONSOLE_LINE), shown as its
 * own output would be.
 */
void guest_console_line_adopt(struct domain *d, const char *s, size_t len);

#endif /* XEN_CONSOLE_H */
