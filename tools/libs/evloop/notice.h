/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Notices: what background work (evloop.h handlers, such as a device
 * model refusing a guest's register write) has to say.  Printing it at
 * once would cut through the line being typed at the prompt, or through a
 * command's output, so it is queued and the shell prints the queue just
 * before its next prompt -- as a Unix shell reports finished jobs.  Each
 * notice is one line.  The queue holds NOTICE_QUEUE_SIZE bytes; when it
 * is full the oldest lines go, and a line says how many went.
 */
#ifndef NOTICE_H
#define NOTICE_H

#define NOTICE_QUEUE_SIZE 4096
#define NOTICE_LINE_MAX   160 /* longer notices are cut */

/* Queue one line (no newline needed). */
void notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print and empty the queue. */
void notice_flush(void);

#endif /* NOTICE_H */
