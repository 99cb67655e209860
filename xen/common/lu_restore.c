/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Live update's restore side (xen/live_update.h), in the new hypervisor.
 *
 * The breadcrumb names an MFN array and the stream's length.  mm_init()
 * has already marked the array's and the stream's frames allocated, so the
 * heap never had them.  The stream is then read twice:
 *
 *  pass 1 (lu_restore_frames(), from mm_init() before the heap starts):
 *         only the frame records -- the blocks each domain owns and the
 *         hypervisor pages that stay in place are marked allocated, so the
 *         heap never hands one out;
 *  pass 2 (lu_restore(), once the heap runs): everything, the domains
 *         rebuilt around those frames (lu_restore_domain.c) and left
 *         paused until lu_resume_domains().
 *
 * A stream that does not check out is refused as a whole with the reason;
 * then the stream's pages go back to the heap either way.
 */
#include <asm/mm.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/live_update.h>
#include <xen/mm.h>
#include <xen/string.h>
#include <xen/sched.h>
#include <xen/time.h>

#include "lu_private.h"

static unsigned long live_updates; /* this host has been through */
static uint64_t saved_time_ns;     /* the predecessor's NOW() at save */
static uint64_t saved_tsc;         /* ... and its TSC then */
static uint64_t boot_tsc;          /* the TSC at our first C instruction */
static uint64_t restored_tsc;      /* the TSC when pass 2 finished */

static uint64_t lu_tsc_now(void)
{
    uint64_t ns, tsc;

    time_snapshot(&ns, &tsc);
    return tsc;
}

/* Microseconds from TSC value tsc0 to tsc1; 0 before the clock is known. */
static unsigned long lu_tsc_us(uint64_t tsc0, uint64_t tsc1)
{
    return cpu_khz() ? (unsigned long)((tsc1 - tsc0) * 1000 / cpu_khz()) : 0;
}

/* Microseconds since TSC value tsc0 (NOW() jumps when time continues). */
static unsigned long lu_us_since(uint64_t tsc0)
{
    return lu_tsc_us(tsc0, lu_tsc_now());
}

void lu_boot_started(void)
{
    boot_tsc = lu_tsc_now();
}

void lu_phase_print_resume(void)
{
    printk("Live update: phase resume %lu us\n", lu_us_since(restored_tsc));
}

uint64_t lu_restore_saved_time(void)
{
    return saved_time_ns;
}

unsigned long lu_count(void)
{
    return live_updates;
}

struct lu_stream_in {
    const void *mfn_array;
    unsigned long nr_pages;
};

static const void *lu_page_in(void *ctx, unsigned long index)
{
    const struct lu_stream_in *in = ctx;

    if (index >= in->nr_pages)
        return NULL;
    return mfn_to_virt(_mfn(lu_mfn_array_get(in->mfn_array, index)));
}

/* Start reading the stream the breadcrumb describes, through its MFN array. */
static int lu_reader_open(struct lu_reader *r, struct lu_stream_in *in,
                          const struct lu_crumb *crumb)
{
    in->mfn_array = mfn_to_virt(maddr_to_mfn(crumb->mfn_array_paddr));
    in->nr_pages = crumb->page_count;
    return lu_reader_init(r, lu_page_in, in, crumb->stream_bytes,
                          LU_STREAM_LIVE_UPDATE);
}

static int lu_restore_hypervisor(struct lu_reader *r)
{
    struct lu_rec_hypervisor h;
    int rc = lu_read_payload(r, &h, sizeof(h));

    if (rc)
        return rc;
    time_continue(lu_le64_to_cpu(h.system_time_ns), lu_le64_to_cpu(h.tsc),
                  lu_le64_to_cpu(h.tsc_khz));
    live_updates = lu_le64_to_cpu(h.live_update_count) + 1;
    saved_time_ns = lu_le64_to_cpu(h.system_time_ns);
    saved_tsc = lu_le64_to_cpu(h.tsc);
    printk("Live update: #%lu, from build %.40s; system time continues at "
           "%lu us\n", live_updates, h.build_id,
           (unsigned long)(lu_le64_to_cpu(h.system_time_ns) / 1000));
    return 0;
}

/* Read every record; 0 at a correct END. */
static int lu_restore_records(struct lu_reader *r)
{
    struct lu_record rec;
    int rc;

    while ((rc = lu_read_next(r, &rec)) > 0) {
        switch (rec.type) {
        case LU_REC_HYPERVISOR:
            rc = lu_restore_hypervisor(r);
            break;
        case LU_REC_BROKEN_PAGES: /* pass 1's */
            break;
        case LU_REC_DOMAIN:
        case LU_REC_DOMAIN_PAGES:
        case LU_REC_P2M:
        case LU_REC_SHARED_PAGES:
        case LU_REC_VCPU:
        case LU_REC_EVTCHN:
        case LU_REC_IOREQ:
        case LU_REC_PHYSMAP:
        case LU_REC_MEMMAP:
            rc = lu_restore_domain_record(r, &rec);
            break;
        default:
            printk(XENLOG_ERR "Live update: record %u (type %#x) is not "
                   "supported by this build\n", rec.index, rec.type);
            return -EOPNOTSUPP;
        }
        if (rc)
            return rc;
    }
    return rc;
}

/*
 * The phases this hypervisor can time after a live update.  The TSC runs on
 * across the jump, so the predecessor's TSC in the HYPERVISOR record and
 * ours at our first C instruction are on one clock.  That TSC is taken
 * part-way through the save (in its second, writing pass), the same
 * instant the blackout line counts from, so "handover" holds the rest of
 * the save as well as the jump; timing the jump alone needs the TSC at
 * kexec_jump() carried in the breadcrumb.  Quiesce and the whole save are
 * in the predecessor's log and xl's report.
 */
static void lu_phase_print_restore(uint64_t restore_tsc)
{
    printk("Live update: phase handover %lu us\n",
           lu_tsc_us(saved_tsc, boot_tsc));
    printk("Live update: phase early-boot %lu us\n",
           lu_tsc_us(boot_tsc, restore_tsc));
    printk("Live update: phase restore %lu us\n",
           lu_tsc_us(restore_tsc, restored_tsc));
}

int lu_restore(const struct lu_crumb *crumb)
{
    struct lu_stream_in in;
    uint64_t tsc0 = lu_tsc_now();
    struct lu_reader r;
    int rc;

    rc = lu_reader_open(&r, &in, crumb);
    if (!rc)
        rc = lu_restore_records(&r);
    if (!rc)
        rc = lu_restore_domains_check();
    if (rc) {
        printk(XENLOG_ERR "Live update: the stream is refused: %s\n",
               r.err[0] ? r.err : "bad record");
        lu_restore_domains_abandon();
        return rc;
    }
    restored_tsc = lu_tsc_now();
    printk("Live update: stream of %lu bytes read (writer %s, %s); restore "
           "took %lu us\n", (unsigned long)crumb->stream_bytes, r.version,
           r.build_id, lu_tsc_us(tsc0, restored_tsc));
    lu_phase_print_restore(tsc0);
    return 0;
}

/* ---- Pass 1 -------------------------------------------------------------- */

/* One DOMAIN_PAGES block: every frame allocated to domid, order on its head. */
static int lu_frames_block(domid_t domid, uint64_t mfn, uint32_t order,
                           unsigned long frames)
{
    unsigned long i, n;

    if (order > P2M_MAX_ORDER || mfn >= frames ||
        (mfn & ((1UL << order) - 1)) || frames - mfn < (1UL << order)) {
        printk(XENLOG_ERR "Live update: domain %u: bad page block %#lx "
               "order %u\n", domid, (unsigned long)mfn, order);
        return -EINVAL;
    }
    n = 1UL << order;
    for (i = 0; i < n; i++)
        if (!page_alloc_mark_owned(_mfn(mfn + i), domid)) {
            printk(XENLOG_ERR "Live update: domain %u: frame %#lx is not "
                   "free to hand over\n", domid, (unsigned long)(mfn + i));
            return -EINVAL;
        }
    mfn_to_page(_mfn(mfn))->order = (uint8_t)order;
    return 0;
}

static int lu_frames_domain_pages(struct lu_reader *r,
                                  const struct lu_record *rec,
                                  unsigned long frames)
{
    struct lu_rec_domain_list head;
    struct lu_page_block b;
    uint32_t i, n = (rec->length - sizeof(head)) / sizeof(b);
    int rc = lu_read_payload(r, &head, sizeof(head));

    for (i = 0; !rc && i < n; i++)
        if (!(rc = lu_read_payload(r, &b, sizeof(b))))
            rc = lu_frames_block(lu_le16_to_cpu(head.domid),
                                 lu_le64_to_cpu(b.mfn),
                                 lu_le32_to_cpu(b.order), frames);
    return rc;
}

/* The hypervisor pages of SHARED_PAGES stay where they are: ours. */
static int lu_frames_shared(struct lu_reader *r)
{
    struct lu_rec_shared_pages sp;
    uint64_t m[3];
    unsigned int i;
    int rc = lu_read_struct(r, &sp, sizeof(sp));

    if (rc)
        return rc;
    m[0] = lu_le64_to_cpu(sp.shared_info_mfn);
    m[1] = lu_le64_to_cpu(sp.console_ring_mfn);
    m[2] = lu_le64_to_cpu(sp.ioreq_mfn);
    for (i = 0; i < 3; i++)
        if (m[i] != LU_INVALID_FRAME &&
            !page_alloc_mark_owned(_mfn(m[i]), DOMID_XEN)) {
            printk(XENLOG_ERR "Live update: domain %u: shared frame %#lx is "
                   "not free to hand over\n", lu_le16_to_cpu(sp.domid),
                   (unsigned long)m[i]);
            return -EINVAL;
        }
    return 0;
}

static int lu_frames_records(struct lu_reader *r, unsigned long frames)
{
    struct lu_record rec;
    int rc;

    while ((rc = lu_read_next(r, &rec)) > 0) {
        if (rec.type == LU_REC_DOMAIN_PAGES)
            rc = lu_frames_domain_pages(r, &rec, frames);
        else if (rec.type == LU_REC_SHARED_PAGES)
            rc = lu_frames_shared(r);
        else
            rc = 0; /* pass 2's; BROKEN_PAGES: badpage= marks them */
        if (rc)
            return rc;
    }
    return rc;
}

int lu_restore_frames(const struct lu_crumb *crumb, unsigned long frames)
{
    struct lu_stream_in in;
    uint64_t tsc0 = lu_tsc_now();
    struct lu_reader r;
    int rc;

    rc = lu_reader_open(&r, &in, crumb);
    if (!rc)
        rc = lu_frames_records(&r, frames);
    if (rc)
        printk(XENLOG_ERR "Live update: the stream is refused: %s; frames "
               "already handed over stay out of the heap\n",
               r.err[0] ? r.err : "bad frame record");
    else
        printk("Live update: domains' frames kept from the heap in %lu us\n",
               lu_us_since(tsc0));
    return rc;
}
