/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Live update's save side (xen/live_update.h): the stream is sized with a
 * counting writer and its pages are allocated from the heap (never from
 * the reserved region: the heap has no page there) and listed in an MFN
 * array while the domains still run; once they have stopped the same
 * records are written for real: the hypervisor-wide state (time base, next
 * domain id, update count), the bad frames, the hypervisor's log, then
 * every domain (lu_save_domain.c).  A dry run reads the stream back with the reader a
 * successor uses (lu_save_check()).
 *
 * Option (docs/misc/xen-command-line.md): lu_debug_corrupt=<type> damages
 * the first record of that type in every stream written -- live update's
 * and save files (lu_save_file.c) -- so that tests can watch the reader
 * (the dry run's, the successor's, xl restore's) refuse it.
 */
#include <asm/mm.h>
#include <xen/badpage.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/live_update.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/stdio.h>
#include <xen/string.h>
#include <xen/time.h>
#include <xen/version.h>

#include "lu_private.h"

/* A record type (bit 31 ignored), or -1: leave every stream as written. */
static long lu_debug_corrupt = -1;
integer_param("lu_debug_corrupt", lu_debug_corrupt);

int lu_save_hypervisor(struct lu_writer *w, const struct lu_time *at)
{
    struct lu_rec_hypervisor h;

    memset(&h, 0, sizeof(h));
    h.system_time_ns = lu_cpu_to_le64(at->ns);
    h.tsc = lu_cpu_to_le64(at->tsc);
    h.tsc_khz = lu_cpu_to_le64(cpu_khz());
    h.next_domid = lu_cpu_to_le16(domain_alloc_id());
    h.live_update_count = lu_cpu_to_le64(lu_count());
    memcpy(h.build_id, xen_build_id(),
           min(strlen(xen_build_id()), sizeof(h.build_id)));
    return lu_write_record(w, LU_REC_HYPERVISOR, &h, sizeof(h));
}

/* The bad frames (badpage=): the successor keeps them out of its heap. */
static int lu_save_broken_pages(struct lu_writer *w)
{
    static struct lu_frame_range e[BADPAGE_MAX_RANGES];
    const struct badpage_range *r;
    unsigned int i, n = mm_bad_ranges(&r);

    for (i = 0; i < n; i++) {
        e[i].mfn = lu_cpu_to_le64(r[i].first);
        e[i].count = lu_cpu_to_le64(r[i].last - r[i].first + 1);
    }
    return lu_write_record(w, LU_REC_BROKEN_PAGES, e, n * sizeof(e[0]));
}

/*
 * The hypervisor's log, so that `xl dmesg` goes on from it.  The log grows
 * between sizing and writing, so sizing counts the whole ring.
 */
static int lu_save_console_log(struct lu_writer *w, const struct lu_time *at)
{
    struct lu_rec_console_log h;
    uint64_t produced;
    size_t len;
    const char *log = console_ring_snapshot(&len, &produced);
    const struct lu_chunk chunks[] = {
        {&h, sizeof(h)}, {log, at->sizing ? CONSOLE_LOG_SIZE : len}};

    h.produced = lu_cpu_to_le64(produced);
    return lu_write_record_v(w, LU_REC_CONSOLE_LOG, chunks, 2);
}

/* Every record, in stream order; *bytes gets the length. */
static int lu_save_records(struct lu_writer *w, uint64_t *bytes,
                           const struct domain *quiesced_for,
                           const struct lu_time *at,
                           struct lu_save_stats *stats)
{
    if (lu_write_header(w, LU_STREAM_LIVE_UPDATE, xen_build_id(),
                        xen_version_string()) ||
        lu_save_hypervisor(w, at) || lu_save_broken_pages(w) ||
        lu_save_console_log(w, at) || lu_save_domains(w, quiesced_for, stats))
        return w->rc ? w->rc : -EINVAL;
    return lu_writer_finish(w, bytes);
}

static void *lu_page_out(void *ctx, unsigned long index)
{
    struct lu_saved_stream *s = ctx;

    if (index >= s->nr_pages)
        return NULL;
    return mfn_to_virt(_mfn(lu_mfn_array_get(s->mfn_array, index)));
}

void lu_saved_stream_free(struct lu_saved_stream *s)
{
    unsigned long i;

    if (!s->mfn_array)
        return;
    for (i = 0; i < s->nr_pages; i++)
        if (lu_mfn_array_get(s->mfn_array, i))
            free_xenheap_pages(
                mfn_to_virt(_mfn(lu_mfn_array_get(s->mfn_array, i))), 0);
    free_xenheap_pages(s->mfn_array, s->mfn_array_order);
    s->mfn_array = NULL;
}

static int lu_stream_alloc(struct lu_saved_stream *s)
{
    unsigned long i;

    s->mfn_array_order = get_order_from_bytes(s->nr_pages * sizeof(uint64_t));
    if (!(s->mfn_array = alloc_xenheap_pages(s->mfn_array_order)))
        return -ENOMEM;
    memset(s->mfn_array, 0, (unsigned long)PAGE_SIZE << s->mfn_array_order);
    for (i = 0; i < s->nr_pages; i++) {
        void *page = alloc_xenheap_pages(0);

        if (!page)
            return -ENOMEM;
        lu_mfn_array_set(s->mfn_array, i, mfn_x(virt_to_mfn(page)));
    }
    return 0;
}

bool lu_debug_damage(struct lu_writer *w)
{
    if (lu_debug_corrupt >= 0)
        lu_writer_damage(w, (uint32_t)lu_debug_corrupt);
    return lu_debug_corrupt >= 0;
}

void lu_debug_damage_report(const struct lu_writer *w, const char *what)
{
    uint32_t type = (uint32_t)lu_debug_corrupt;
    const char *name = lu_record_name(type & ~LU_REC_OPTIONAL)
                           ?: lu_record_name(type | LU_REC_OPTIONAL);

    if (w->damaged)
        printk(XENLOG_WARNING "%s: lu_debug_corrupt: record %u (%s) damaged "
               "on purpose\n", what, w->damage_index, name ?: "unknown");
    else if (!w->damage_found)
        printk(XENLOG_WARNING "%s: lu_debug_corrupt: no record of type %#x "
               "in the stream\n", what, type);
}

/*
 * Pages to spare beyond the size the domains had when it was prepared:
 * what they may add (an event channel, an I/O request) before they stop.
 */
#define LU_STREAM_SLACK_PAGES 1

int lu_save_prepare(struct lu_saved_stream *s)
{
    const struct lu_time any = {0, 0, true}; /* sizes do not depend on it */
    struct lu_writer w;
    uint64_t bytes;
    int rc;

    memset(s, 0, sizeof(*s));
    lu_writer_init(&w, NULL, NULL);
    if ((rc = lu_save_records(&w, &bytes, NULL, &any, &s->stats)))
        goto fail;
    s->nr_pages = lu_stream_pages(bytes) + LU_STREAM_SLACK_PAGES;
    if ((rc = lu_stream_alloc(s)))
        goto fail;
    return 0;

 fail:
    printk(XENLOG_ERR "Live update: cannot prepare the stream: %s (%d)\n",
           w.err[0] ? w.err : "out of memory", rc);
    lu_saved_stream_free(s);
    return rc;
}

void lu_save_stopping(struct lu_saved_stream *s)
{
    time_snapshot(&s->stop_ns, &s->stop_tsc);
}

int lu_save_write(struct lu_saved_stream *s, struct lu_crumb *crumb,
                  const struct domain *quiesced_for)
{
    const struct lu_time at = {s->stop_ns, s->stop_tsc, false};
    struct lu_writer w;
    int rc;

    lu_writer_init(&w, lu_page_out, s);
    lu_debug_damage(&w);
    if ((rc = lu_save_records(&w, &s->bytes, quiesced_for, &at,
                              &s->stats))) {
        printk(XENLOG_ERR "Live update: cannot write the stream: %s (%d)%s\n",
               w.err[0] ? w.err : "bad record", rc,
               rc == -ENOSPC ? "; the domains grew it while they stopped: "
                               "try again" : "");
        lu_saved_stream_free(s);
        return rc;
    }
    if (w.damage)
        lu_debug_damage_report(&w, "Live update");
    memset(crumb, 0, sizeof(*crumb)); /* kexec_jump() adds the rest */
    crumb->mfn_array_paddr = mfn_to_maddr(virt_to_mfn(s->mfn_array));
    crumb->page_count = lu_stream_pages(s->bytes); /* the slack is not read */
    crumb->stream_bytes = s->bytes;
    crumb->mfn_array_checksum =
        lu_mfn_array_checksum(s->mfn_array, crumb->page_count);
    return 0;
}

static const void *lu_page_back(void *ctx, unsigned long index)
{
    return lu_page_out(ctx, index);
}

int lu_save_check(const struct lu_saved_stream *s, char *err, size_t len)
{
    struct lu_save_stats seen = {0};
    struct lu_reader r;
    struct lu_record rec;
    int rc;

    rc = lu_reader_init(&r, lu_page_back, (void *)s, s->bytes,
                        LU_STREAM_LIVE_UPDATE);
    while (!rc && (rc = lu_read_next(&r, &rec)) > 0) {
        rc = 0;
        seen.nr_domains += rec.type == LU_REC_DOMAIN;
        seen.nr_vcpus += rec.type == LU_REC_VCPU;
    }
    if (rc) {
        snprintf(err, len, "%s", r.err[0] ? r.err : "unreadable");
        return rc;
    }
    if (seen.nr_domains != s->stats.nr_domains ||
        seen.nr_vcpus != s->stats.nr_vcpus) {
        snprintf(err, len, "%u domains and %u vCPUs read back, %u and %u "
                 "written", seen.nr_domains, seen.nr_vcpus,
                 s->stats.nr_domains, s->stats.nr_vcpus);
        return -EIO;
    }
    return 0;
}
