/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console_io: guests write to the console, the control domain also reads.
 *
 * A guest's output is collected and logged a line at a time as
 * "(dN) <line>", so guests writing at once do not interleave mid-line, with
 * control characters other than tab shown as '?' so a guest cannot drive
 * the terminal.  The control domain owns the terminal (its shell echoes
 * and edits lines), so its output goes out as it is.  Every domain's
 * output is also kept in its console ring, which `xl console` reads.
 */
#include <public/xen.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <asm/current.h>
#include <xen/sched.h>

#define CONSOLEIO_MAX_LEN (64 * 1024)
#define CHUNK 128

/* c as a guest's line shows it: no control characters but tab. */
static char guest_console_shown(char c)
{
    return (unsigned char)c < 0x20 && c != '\t' ? '?' : c;
}

static void guest_console_putc(struct domain *d, char c)
{
    if (c != '\n')
        d->console_line[d->console_len++] = guest_console_shown(c);
    if (c == '\n' || d->console_len == GUEST_CONSOLE_LINE) {
        console_guest_line(d->domain_id, d->console_line, d->console_len);
        d->console_len = 0;
    }
}

void guest_console_line_adopt(struct domain *d, const char *s, size_t len)
{
    size_t i;

    ASSERT(len < GUEST_CONSOLE_LINE);
    for (i = 0; i < len; i++)
        d->console_line[i] = guest_console_shown(s[i]);
    d->console_len = len;
}

static void console_ring_put(struct domain *d, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        d->console_ring[d->console_produced++ % CONSOLE_RING_SIZE] = s[i];
}

static long console_write(struct domain *d, unsigned long len, uint64_t buf)
{
    char chunk[CHUNK];
    unsigned long done;

    if (len > CONSOLEIO_MAX_LEN)
        return -EINVAL;
    for (done = 0; done < len;) {
        size_t n = min(len - done, (unsigned long)CHUNK), i;

        if (copy_from_guest(d, chunk, buf + done, n))
            return -EFAULT;
        console_ring_put(d, chunk, n);
        if (d->is_privileged)
            console_write_raw(chunk, n);
        else
            for (i = 0; i < n; i++)
                guest_console_putc(d, chunk[i]);
        done += n;
    }
    return len;
}

static long console_read(struct domain *d, unsigned long len, uint64_t buf)
{
    char chunk[CHUNK];
    size_t n;

    if (d != control_domain)
        return -EPERM;
    n = console_input_read(chunk, min(len, (unsigned long)CHUNK));
    return copy_to_guest(d, buf, chunk, n) ? -EFAULT : (long)n;
}

long do_console_io(unsigned long cmd, unsigned long len, uint64_t buf)
{
    struct domain *d = current->domain;

    switch (cmd) {
    case CONSOLEIO_write:
        return console_write(d, len, buf);
    case CONSOLEIO_read:
        return console_read(d, len, buf);
    default:
        return -ENOSYS;
    }
}
