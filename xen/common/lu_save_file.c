/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `xl save`'s hypervisor side (XEN_DOMCTL_savedomain, public/domctl.h):
 * one domain, paused by the control domain, as a save file
 * (docs/specs/live-update-stream.md, section 4) -- the header, HYPERVISOR,
 * the domain's records as live update writes them (lu_save_domain.c), in
 * their save-file form, then PAGE_DATA with its RAM, and END.
 *
 * The file is written into the caller's buffer a window at a time
 * (lu_writer_init_window()): while the domain stays paused the stream is
 * the same on every call, so the caller sizes it first, then fetches
 * whole records from where the last call stopped, at most LU_SAVE_WINDOW
 * bytes a call -- the records before the window are only counted, so a
 * call costs about what it copies.  Each stream page is assembled in a
 * bounce page and copied to the caller once the writer moves on.
 */
#include <asm/mm.h>
#include <public/domctl.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/live_update.h>
#include <xen/sched.h>
#include <xen/stdio.h>
#include <xen/string.h>
#include <xen/time.h>
#include <xen/version.h>

#include "lu_private.h"

#define LU_SAVE_WINDOW      (4UL << 20) /* bytes a call copies at most */
#define LU_PAGE_DATA_FRAMES 256         /* frames a PAGE_DATA holds: 1 MiB */

struct lu_page_data_out {
    struct lu_writer *w;
    domid_t domid;
};

/* PAGE_DATA for one p2m extent: its frames are contiguous in the direct map. */
static int lu_save_ram_extent(void *ctx, gfn_t gfn, mfn_t mfn,
                              unsigned long nr, enum p2m_type t)
{
    const struct lu_page_data_out *o = ctx;
    struct lu_rec_page_data head;
    struct lu_chunk chunks[2];
    unsigned long done, n;
    int rc = 0;

    if (t != p2m_ram_rw)
        return 0;
    memset(&head, 0, sizeof(head));
    head.domid = lu_cpu_to_le16(o->domid);
    for (done = 0; done < nr && !rc; done += n) {
        n = min(nr - done, (unsigned long)LU_PAGE_DATA_FRAMES);
        head.count = lu_cpu_to_le32((uint32_t)n);
        head.gfn = lu_cpu_to_le64(gfn_x(gfn) + done);
        chunks[0] = (struct lu_chunk){&head, sizeof(head)};
        chunks[1] = (struct lu_chunk){mfn_to_virt(mfn_add(mfn, done)),
                                      n << PAGE_SHIFT};
        rc = lu_write_record_v(o->w, LU_REC_PAGE_DATA, chunks, 2);
    }
    return rc;
}

int lu_save_page_data(struct lu_writer *w, struct domain *d)
{
    struct lu_page_data_out o = {w, d->domain_id};

    return p2m_for_each_extent(&d->p2m, lu_save_ram_extent, &o);
}

/* Where the window goes: the caller's buffer holds stream bytes from on. */
struct lu_save_out {
    struct domain *caller;
    uint64_t buffer;
    uint64_t from;
    long pending; /* the stream page in the bounce page, or -1 */
    int rc;
};

static uint8_t lu_save_bounce[PAGE_SIZE] __aligned(PAGE_SIZE);

/* Copy what the window holds of the pending page, up to end, out. */
static int lu_save_flush(struct lu_save_out *o, uint64_t end)
{
    uint64_t start = (uint64_t)o->pending << PAGE_SHIFT;
    uint64_t stop = min(start + PAGE_SIZE, end);

    if (o->pending < 0)
        return 0;
    o->pending = -1;
    start = max(start, o->from);
    if (stop <= start)
        return 0;
    return copy_to_guest(o->caller, o->buffer + (start - o->from),
                         lu_save_bounce + (start & (PAGE_SIZE - 1)),
                         stop - start);
}

/* The writer moves on to page index: the page before it is complete. */
static void *lu_save_page(void *ctx, unsigned long index)
{
    struct lu_save_out *o = ctx;

    if (!o->rc)
        o->rc = lu_save_flush(o, UINT64_MAX);
    if (o->rc)
        return NULL;
    o->pending = (long)index;
    return lu_save_bounce;
}

/* Why d cannot be saved (errno in *rc), or NULL. */
static const char *lu_save_refusal(const struct domain *d, long *rc)
{
    const struct domain *t;
    unsigned long special = gfn_x(d->shared_info_gfn) != INVALID_GFN_RAW;

    *rc = -EINVAL;
    if (d->is_privileged)
        return "the control domain cannot be saved";
    if (d->is_shut_down)
        return "it has shut down";
    *rc = -EBUSY;
    if (!d->pause_count)
        return "it is not paused: pause it first";
    for (t = domain_list; t; t = t->next_in_list)
        if (t != d && !t->is_dying && t->dm_domid == d->domain_id)
            return "it is another domain's device model";
    if (d->p2m.entries[p2m_foreign] || d->p2m.entries[p2m_special] != special)
        return "it maps memory of other domains or of the hypervisor";
    if (d->tot_pages != d->p2m.entries[p2m_ram_rw])
        return "it owns frames that its physmap does not map";
    return NULL;
}

/* Every record of d's save file, through w; *bytes gets the length. */
static int lu_save_file_records(struct lu_writer *w, struct domain *d,
                                uint64_t *bytes)
{
    struct lu_time at = {0, 0, false};

    time_snapshot(&at.ns, &at.tsc);
    /* The caller's own pause, which the save needs, is not saved. */
    if (lu_write_header(w, LU_STREAM_SAVE_FILE, xen_build_id(),
                        xen_version_string()) ||
        lu_save_hypervisor(w, &at) ||
        lu_save_domain(w, d, d->pause_count - 1))
        return w->rc ? w->rc : -EINVAL;
    return lu_writer_finish(w, bytes);
}

long lu_save_file_domctl(struct domain *caller, struct domain *d,
                         struct xen_domctl_savedomain *op)
{
    struct lu_save_out out = {caller, op->buffer, op->offset, -1, 0};
    const char *why;
    struct lu_writer w;
    long rc;

    memset(op->message, 0, sizeof(op->message));
    if ((why = lu_save_refusal(d, &rc))) {
        snprintf(op->message, sizeof(op->message), "%s", why);
        return rc;
    }
    if (!op->buffer)
        lu_writer_init(&w, NULL, NULL);
    else
        lu_writer_init_window(&w, lu_save_page, &out, op->offset,
                              min(op->buffer_size, (uint64_t)LU_SAVE_WINDOW));
    if (op->buffer)
        lu_debug_damage(&w);
    rc = lu_save_file_records(&w, d, &op->total);
    if (!rc && !out.rc)
        out.rc = lu_save_flush(&out, w.win_next);
    if (out.rc)
        rc = out.rc; /* the writer's "out of pages" is the caller's fault */
    if (rc) {
        snprintf(op->message, sizeof(op->message), "%s", w.err);
        return rc;
    }
    if (w.damaged)
        lu_debug_damage_report(&w, "Save file");
    op->next = op->buffer ? w.win_next : 0;
    if (op->buffer && op->next == op->offset && op->offset < op->total) {
        snprintf(op->message, sizeof(op->message), "the buffer holds none "
                 "of the record at offset %lu", (unsigned long)op->offset);
        return -E2BIG;
    }
    return 0;
}
