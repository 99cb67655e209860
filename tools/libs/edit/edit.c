/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console input and the shell's line editor (edit.h).
 *
 * Input: bytes come from console_io(CONSOLEIO_read) into a small queue of
 * our own.  To wait, we clear VIRQ_CONSOLE's pending bit, read, and only
 * if nothing came poll the port: a byte that arrives after the read sets
 * the bit again, so the poll returns at once and no wake-up is lost.  The
 * poll is the event loop's (tools/libs/evloop), which also serves the
 * background work's ports while we wait, and the queued notices of that
 * work are printed just before each prompt.
 *
 * The editor keeps the line, the cursor and the history; it draws with
 * plain characters and backspaces (every terminal and the launcher's log
 * understand those), rewriting the tail of the line after an edit in the
 * middle.
 */
#include <guest.h>
#include <public/errno.h>
#include <evloop.h> /* tools/libs/evloop: waiting serves background work */
#include <notice.h>

#include "edit.h"

#define EDIT_QUEUE_SIZE 1024
#define EDIT_ESCAPE_WAIT_NS 100000000ull /* 100 ms for the rest of a key */
#define EDIT_NO_VIRQ_PACE_NS 10000000ull /* 10 ms */
#define EDIT_ESC 0x1b
#define EDIT_DEL 0x7f

static long edit_port = -1;
static char edit_queue[EDIT_QUEUE_SIZE];
static unsigned int edit_head, edit_tail; /* free-running */

static char edit_history[EDIT_HISTORY][EDIT_LINE_MAX];
static unsigned int edit_history_count; /* lines ever added */
static bool edit_after_cr; /* the last line ended with CR: skip an LF */

int edit_init(void)
{
    long port = event_bind_virq(VIRQ_CONSOLE);

    if (port < 0)
        return port;
    edit_port = port;
    return 0;
}

/* Move what the hypervisor holds into the queue; returns bytes moved. */
static unsigned int edit_fill(void)
{
    unsigned int room = EDIT_QUEUE_SIZE - (edit_head - edit_tail), got = 0;
    char chunk[128];
    long n;

    if (edit_port >= 0)
        event_test_and_clear(edit_port);
    while (room) {
        n = hypervisor_console_io(CONSOLEIO_read,
                                  room < sizeof(chunk) ? room : sizeof(chunk),
                                  chunk);
        if (n <= 0)
            break;
        for (long i = 0; i < n; i++)
            edit_queue[edit_head++ % EDIT_QUEUE_SIZE] = chunk[i];
        room -= n;
        got += n;
    }
    return got;
}

/*
 * Block until input may have come, or the deadline, serving background
 * work meanwhile (evloop.h).  Without the VIRQ nothing says input came:
 * look again every EDIT_NO_VIRQ_PACE_NS.
 */
static void edit_wait(uint64_t deadline_ns)
{
    uint64_t soon;

    if (edit_port >= 0) {
        evloop_wait(edit_port, deadline_ns);
        return;
    }
    soon = time_now_ns() + EDIT_NO_VIRQ_PACE_NS;
    evloop_wait(-1, deadline_ns && deadline_ns < soon ? deadline_ns : soon);
}

int edit_getc(uint64_t deadline_ns)
{
    for (;;) {
        if (edit_head != edit_tail || edit_fill())
            return (unsigned char)edit_queue[edit_tail++ % EDIT_QUEUE_SIZE];
        if (deadline_ns && time_now_ns() >= deadline_ns)
            return -1;
        edit_wait(deadline_ns);
    }
}

bool edit_sleep_until(uint64_t deadline_ns)
{
    unsigned int i;

    for (;;) {
        edit_fill();
        for (i = edit_tail; i != edit_head; i++)
            if (edit_queue[i % EDIT_QUEUE_SIZE] == EDIT_KEY_INTERRUPT) {
                edit_tail = edit_head; /* ^C discards what was typed ahead */
                return true;
            }
        if (time_now_ns() >= deadline_ns)
            return false;
        edit_wait(deadline_ns);
    }
}

/* ---- the line editor ---------------------------------------------------- */

struct editor {
    char *buf;
    size_t cap; /* bytes of buf for text (its size less the NUL) */
    size_t len, pos;
    unsigned int back; /* how far Up has gone into the history; 0: not */
    char draft[EDIT_LINE_MAX]; /* the line being typed, while in history */
};

static void edit_out(const char *s, size_t n)
{
    if (n)
        console_write(s, n);
}

static void edit_repeat(char c, size_t n)
{
    char chunk[64];

    memset(chunk, c, sizeof(chunk));
    for (; n > sizeof(chunk); n -= sizeof(chunk))
        edit_out(chunk, sizeof(chunk));
    edit_out(chunk, n);
}

/* Redraw from the cursor to the end, over erased old characters. */
static void edit_redraw_tail(struct editor *e, size_t erased)
{
    edit_out(e->buf + e->pos, e->len - e->pos);
    edit_repeat(' ', erased);
    edit_repeat('\b', e->len - e->pos + erased);
}

static void edit_insert(struct editor *e, char c)
{
    if (e->len == e->cap) {
        edit_out("\a", 1);
        return;
    }
    memmove(e->buf + e->pos + 1, e->buf + e->pos, e->len - e->pos);
    e->buf[e->pos] = c;
    e->len++;
    edit_out(&c, 1);
    e->pos++;
    if (e->pos < e->len)
        edit_redraw_tail(e, 0);
}

/* Delete count characters starting at the cursor. */
static void edit_delete(struct editor *e, size_t count)
{
    if (count > e->len - e->pos)
        count = e->len - e->pos;
    if (!count)
        return;
    memmove(e->buf + e->pos, e->buf + e->pos + count,
            e->len - e->pos - count);
    e->len -= count;
    edit_redraw_tail(e, count);
}

static void edit_move(struct editor *e, size_t to)
{
    if (to < e->pos)
        edit_repeat('\b', e->pos - to);
    else
        edit_out(e->buf + e->pos, to - e->pos);
    e->pos = to;
}

/* Replace the whole line with text. */
static void edit_set(struct editor *e, const char *text)
{
    size_t old = e->len;

    edit_move(e, 0);
    e->len = strnlen(text, e->cap);
    memcpy(e->buf, text, e->len);
    edit_out(e->buf, e->len);
    e->pos = e->len;
    if (old > e->len) {
        edit_repeat(' ', old - e->len);
        edit_repeat('\b', old - e->len);
    }
}

static const char *edit_history_line(unsigned int back)
{
    return edit_history[(edit_history_count - back) % EDIT_HISTORY];
}

/* Up (dir 1) or Down (dir -1) through the history. */
static void edit_history_walk(struct editor *e, int dir)
{
    unsigned int kept = edit_history_count < EDIT_HISTORY ? edit_history_count
                                                          : EDIT_HISTORY;
    unsigned int to = e->back + dir;

    if ((dir > 0 && e->back == kept) || (dir < 0 && !e->back)) {
        edit_out("\a", 1);
        return;
    }
    if (!e->back) {
        memcpy(e->draft, e->buf, e->len);
        e->draft[e->len] = '\0';
    }
    e->back = to;
    edit_set(e, to ? edit_history_line(to) : e->draft);
}

static void edit_history_add(const char *line)
{
    if (!line[0] ||
        (edit_history_count && !strcmp(line, edit_history_line(1))))
        return;
    strlcpy(edit_history[edit_history_count % EDIT_HISTORY], line,
            EDIT_LINE_MAX);
    edit_history_count++;
}

/* The key after ESC: [A..[D, [H/[F, OA..OD, [3~; returns a control code. */
static int edit_escape(void)
{
    int c = edit_getc(time_now_ns() + EDIT_ESCAPE_WAIT_NS), param = 0;

    if (c != '[' && c != 'O')
        return -1;
    while ((c = edit_getc(time_now_ns() + EDIT_ESCAPE_WAIT_NS)) >= '0' &&
           c <= '9')
        param = param * 10 + (c - '0');
    switch (c) {
    case 'A':
        return EDIT_CTRL('P');
    case 'B':
        return EDIT_CTRL('N');
    case 'C':
        return EDIT_CTRL('F');
    case 'D':
        return EDIT_CTRL('B');
    case 'H':
        return EDIT_CTRL('A');
    case 'F':
        return EDIT_CTRL('E');
    case '~':
        return param == 3 ? EDIT_CTRL('D') : param == 1 ? EDIT_CTRL('A')
               : param == 4 ? EDIT_CTRL('E') : -1;
    default:
        return -1;
    }
}

/* Act on one key; returns 1 at Enter, -1 at Ctrl-C, 0 to go on. */
static int edit_key(struct editor *e, int c)
{
    if (c == EDIT_ESC)
        c = edit_escape();
    switch (c) {
    case '\r':
    case '\n':
        edit_after_cr = c == '\r';
        return 1;
    case EDIT_KEY_INTERRUPT:
        return -1;
    case '\b':
    case EDIT_DEL:
        if (e->pos) {
            edit_move(e, e->pos - 1);
            edit_delete(e, 1);
        }
        return 0;
    case EDIT_CTRL('D'):
        edit_delete(e, 1);
        return 0;
    case EDIT_CTRL('U'):
        edit_move(e, 0);
        edit_delete(e, e->len);
        return 0;
    case EDIT_CTRL('A'):
        edit_move(e, 0);
        return 0;
    case EDIT_CTRL('E'):
        edit_move(e, e->len);
        return 0;
    case EDIT_CTRL('B'):
        if (e->pos)
            edit_move(e, e->pos - 1);
        return 0;
    case EDIT_CTRL('F'):
        if (e->pos < e->len)
            edit_move(e, e->pos + 1);
        return 0;
    case EDIT_CTRL('P'):
    case EDIT_CTRL('N'):
        edit_history_walk(e, c == EDIT_CTRL('P') ? 1 : -1);
        return 0;
    case '\t':
        edit_insert(e, ' ');
        return 0;
    default:
        if (c >= 0x20 && c < 0x7f)
            edit_insert(e, (char)c);
        return 0; /* other control bytes and 8-bit ones are ignored */
    }
}

int edit_readline(const char *prompt, char *buf, size_t size)
{
    static struct editor e; /* not on the stack: it holds a line */
    int c, rc;

    if (!size)
        return -1;
    e = (struct editor){.buf = buf, .cap = size - 1};
    if (e.cap > EDIT_LINE_MAX - 1)
        e.cap = EDIT_LINE_MAX - 1;
    notice_flush();
    edit_out(prompt, strlen(prompt));
    for (;;) {
        c = edit_getc(0);
        if (edit_after_cr) {
            edit_after_cr = false;
            if (c == '\n')
                continue; /* CRLF is one Enter */
        }
        if ((rc = edit_key(&e, c)))
            break;
    }
    buf[e.len] = '\0';
    edit_move(&e, e.len);
    if (rc < 0) {
        edit_out("^C\n", 3);
        return -1;
    }
    edit_out("\n", 1);
    edit_history_add(buf);
    return e.len;
}
