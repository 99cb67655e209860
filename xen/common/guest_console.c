/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console_io: a guest writes to the hypervisor console.  Output is
 * collected per domain and logged a line at a time as "(dN) <line>", so
 * guests writing at once do not interleave mid-line.  Control characters
 * other than tab are shown as '?', so a guest cannot drive the terminal.
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

static void guest_console_putc(struct domain *d, char c)
{
    if (c != '\n') {
        if ((unsigned char)c < 0x20 && c != '\t')
            c = '?';
        d->console_line[d->console_len++] = c;
    }
    if (c == '\n' || d->console_len == GUEST_CONSOLE_LINE) {
        console_guest_line(d->domain_id, d->console_line, d->console_len);
        d->console_len = 0;
    }
}

long do_console_io(unsigned long cmd, unsigned long len, uint64_t buf)
{
    struct domain *d = current->domain;
    char chunk[CHUNK];
    unsigned long done;

    if (cmd != CONSOLEIO_write)
        return -ENOSYS;
    if (len > CONSOLEIO_MAX_LEN)
        return -EINVAL;
    for (done = 0; done < len;) {
        size_t n = min(len - done, (unsigned long)CHUNK), i;

        if (copy_from_guest(d, chunk, buf + done, n))
            return -EFAULT;
        for (i = 0; i < n; i++)
            guest_console_putc(d, chunk[i]);
        done += n;
    }
    return len;
}
