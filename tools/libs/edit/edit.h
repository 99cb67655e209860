/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console input for the control domain: the bytes typed at the serial
 * console (console_io(CONSOLEIO_read), woken by VIRQ_CONSOLE), and a line
 * editor on top of them for the shell.
 *
 * Everything that reads console input in dom0 goes through here, so that
 * bytes read ahead are never lost: the editor, `sleep` (which watches for
 * Ctrl-C) and `xl console` (which watches for Ctrl-]) all use
 * edit_getc().  The hypervisor lets VIRQ_CONSOLE be bound once, by
 * edit_init().
 *
 * Editing keys: printable characters insert at the cursor; Backspace or
 * DEL deletes before it; Ctrl-U kills the line; Ctrl-C abandons it; Left,
 * Right, Ctrl-A (start), Ctrl-E (end) move; Up and Down walk the last
 * EDIT_HISTORY lines; Enter is CR, LF or CRLF (one line, not two).
 * Output is plain text with backspaces, no terminal escape sequences.
 */
#ifndef EDIT_H
#define EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EDIT_LINE_MAX 512 /* a line, NUL included */
#define EDIT_HISTORY  16

#define EDIT_CTRL(c) ((c) & 0x1f)
#define EDIT_KEY_INTERRUPT EDIT_CTRL('C')
#define EDIT_KEY_ESCAPE_CONSOLE 0x1d /* Ctrl-]: leaves `xl console` */

/* Bind VIRQ_CONSOLE; 0 or -errno. */
int edit_init(void);

/*
 * The next byte typed, waiting until system time deadline_ns (0: no
 * deadline); -1 if the deadline passed first.  EDIT_NOW as the deadline
 * only looks.
 */
#define EDIT_NOW 1
int edit_getc(uint64_t deadline_ns);

/*
 * Wait until system time deadline_ns.  Returns true early if Ctrl-C was
 * typed; other bytes typed meanwhile stay queued for the next reader.
 */
bool edit_sleep_until(uint64_t deadline_ns);

/*
 * Print the queued notices (notice.h), then prompt, and edit one line
 * into buf (size bytes, at most EDIT_LINE_MAX are used) until Enter.  Returns its length (the line is
 * NUL-terminated and added to the history unless empty or a repeat), or
 * -1 if Ctrl-C abandoned it.
 */
int edit_readline(const char *prompt, char *buf, size_t size);

#endif /* EDIT_H */
