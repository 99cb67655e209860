/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The notice queue (notice.h): lines in a ring of bytes, oldest first,
 * each ending in a newline.  Room is made by dropping whole lines from the
 * front, counted, so that a flood of notices costs a bounded amount of
 * memory and loses the oldest, never a half line.
 */
#include <guest.h>

#include "notice.h"

static char notice_ring[NOTICE_QUEUE_SIZE];
static unsigned int notice_head, notice_tail; /* free-running */
static unsigned int notice_dropped;

/* Drop the oldest line. */
static void notice_drop_line(void)
{
    while (notice_tail != notice_head &&
           notice_ring[notice_tail++ % NOTICE_QUEUE_SIZE] != '\n')
        ;
    notice_dropped++;
}

void notice(const char *fmt, ...)
{
    char line[NOTICE_LINE_MAX + 1];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((unsigned int)n > sizeof(line) - 2)
        n = sizeof(line) - 2;
    line[n++] = '\n';
    while (NOTICE_QUEUE_SIZE - (notice_head - notice_tail) < (unsigned int)n)
        notice_drop_line();
    for (int i = 0; i < n; i++)
        notice_ring[notice_head++ % NOTICE_QUEUE_SIZE] = line[i];
}

void notice_flush(void)
{
    char chunk[128];
    unsigned int n = 0;

    if (notice_dropped)
        printf("(%u older notice%s dropped)\n", notice_dropped,
               notice_dropped == 1 ? "" : "s");
    notice_dropped = 0;
    while (notice_tail != notice_head) {
        chunk[n++] = notice_ring[notice_tail++ % NOTICE_QUEUE_SIZE];
        if (n == sizeof(chunk) || notice_tail == notice_head) {
            console_write(chunk, n);
            n = 0;
        }
    }
}
