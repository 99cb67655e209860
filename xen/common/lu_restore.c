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
#include <xen/console.h>
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

/* Nanoseconds from TSC value tsc0 to tsc1; 0 before the clock is known. */
static uint64_t lu_tsc_ns(uint64_t tsc0, uint64_t tsc1)
{
    return cpu_khz() ? (tsc1 - tsc0) * 1000000 / cpu_khz() : 0;
}

static unsigned long lu_tsc_us(uint64_t tsc0, uint64_t tsc1)
{
    return (unsigned long)(lu_tsc_ns(tsc0, tsc1) / 1000);
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

/* The phases of the update that started this hypervisor, for xl. */
static struct lu_report phases;

void lu_report_get(struct lu_report *r)
{
    *r = phases;
    r->live_updates = live_updates;
}

void lu_phase_print_resume(void)
{
    phases.resume_ns = lu_tsc_ns(restored_tsc, lu_tsc_now());
    phases.blackout_ns = NOW() - saved_time_ns;
    printk("Live update: phase resume %lu us\n",
           (unsigned long)(phases.resume_ns / 1000));
    printk("Live update: %u domains resumed; blackout %lu us from save to "
           "resume\n", lu_restored_domains(),
           (unsigned long)(phases.blackout_ns / 1000));
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

/*
 * CONSOLE_LOG: the predecessor's log goes before ours, so `xl dmesg` shows
 * both.  Of a longer log than our ring holds, the newest part is kept.
 */
static int lu_restore_console_log(struct lu_reader *r,
                                  const struct lu_record *rec)
{
    static char log[CONSOLE_LOG_SIZE] __noinit;
    struct lu_rec_console_log h;
    uint64_t len = rec->length - sizeof(h), skip;
    int rc = lu_read_payload(r, &h, sizeof(h));

    for (skip = len > sizeof(log) ? len - sizeof(log) : 0; !rc && skip;
         skip -= min(skip, (uint64_t)sizeof(log)))
        rc = lu_read_payload(r, log, min(skip, (uint64_t)sizeof(log)));
    len = min(len, (uint64_t)sizeof(log));
    if (!rc && !(rc = lu_read_payload(r, log, len)))
        console_ring_adopt(log, len, lu_le64_to_cpu(h.produced));
    return rc;
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
            rc = 0;
            break;
        case LU_REC_CONSOLE_LOG:
            rc = lu_restore_console_log(r, &rec);
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
        case LU_REC_CONSOLE_LINE:
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
 * across the jump, so the predecessor's TSC as it began to stop the domains
 * (the stream's time base), its TSC as the jump began (in the breadcrumb)
 * and ours at our first C instruction are on one clock: "quiesce and
 * serialise" is the first stretch (xl's report splits it, as the
 * predecessor timed it), "handover" the trampoline and the image copy.
 */
static void lu_phase_print_restore(const struct lu_crumb *crumb,
                                   uint64_t restore_tsc)
{
    printk("Live update: phase quiesce-and-serialise %lu us\n",
           lu_tsc_us(saved_tsc, crumb->jump_tsc));
    phases.handover_ns = lu_tsc_ns(crumb->jump_tsc, boot_tsc);
    phases.early_boot_ns = lu_tsc_ns(boot_tsc, restore_tsc);
    phases.restore_ns = lu_tsc_ns(restore_tsc, restored_tsc);
    printk("Live update: phase handover %lu us\n",
           (unsigned long)(phases.handover_ns / 1000));
    printk("Live update: phase early-boot %lu us\n",
           (unsigned long)(phases.early_boot_ns / 1000));
    printk("Live update: phase restore %lu us\n",
           (unsigned long)(phases.restore_ns / 1000));
}

int lu_restore(const struct lu_crumb *crumb)
{
    struct lu_stream_in in;
    uint64_t tsc0 = lu_tsc_now();
    struct lu_reader r;
    int rc;

    lu_restore_domains_begin(LU_RESTORE_IN_PLACE, 0);
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
    lu_phase_print_restore(crumb, tsc0);
    return 0;
}

/* ---- Pass 1 -------------------------------------------------------------- */

/*
 * Every frame pass 1 hands over -- domains' page blocks, and the
 * hypervisor's frames the stream names (its own pages and MFN array, the
 * shared pages) -- as one sorted list.  The heap is filled from what the
 * boot allocator holds between these blocks: a frame handed over is never
 * added to the heap there, even once it has been freed into the heap and
 * handed out again.
 */
static struct lu_carried carried = {.sealed = true}; /* empty until pass 1 */
static bool seen_domain_pages;

const struct lu_carried *lu_restore_carried(void)
{
    return &carried;
}

bool lu_restore_frame_owner(uint64_t mfn, domid_t *owner)
{
    const struct lu_carried_block *b;

    if (!carried.sealed || !(b = lu_carried_find(&carried, mfn)))
        return false;
    *owner = b->owner;
    return true;
}

static int lu_frames_list(uint64_t mfn, unsigned int order, domid_t owner)
{
    if (lu_carried_add(&carried, mfn, order, owner)) {
        printk(XENLOG_ERR "Live update: more frames handed over than the "
               "stream's size allows\n");
        return -ENOSPC;
    }
    return 0;
}

/* Whether [mfn, mfn + n) lies in the frame table and outside the region. */
static bool lu_frames_usable(uint64_t mfn, uint64_t n, unsigned long frames)
{
    unsigned long rstart, rcount;
    mfn_t r;

    if (mfn >= frames || frames - mfn < n)
        return false;
    if (!mm_lu_region(&r, &rcount))
        return true;
    rstart = mfn_x(r);
    return mfn + n <= rstart || mfn >= rstart + rcount;
}

/*
 * One DOMAIN_PAGES block: on the list, and its first frame marked
 * allocated to domid with the block's order.  The other frames are marked
 * after the domains resume (mm_deferred.c).
 */
static int lu_frames_block(domid_t domid, uint64_t mfn, uint32_t order,
                           unsigned long frames)
{
    if (order > P2M_MAX_ORDER || (mfn & ((1UL << order) - 1)) ||
        !lu_frames_usable(mfn, 1UL << order, frames)) {
        printk(XENLOG_ERR "Live update: domain %u: bad page block %#lx "
               "order %u\n", domid, (unsigned long)mfn, order);
        return -EINVAL;
    }
    if (!page_alloc_mark_owned(_mfn(mfn), domid)) {
        printk(XENLOG_ERR "Live update: domain %u: frame %#lx is not free to "
               "hand over\n", domid, (unsigned long)mfn);
        return -EINVAL;
    }
    mfn_to_page(_mfn(mfn))->order = (uint8_t)order;
    return lu_frames_list(mfn, order, domid);
}

static int lu_frames_domain_pages(struct lu_reader *r,
                                  const struct lu_record *rec,
                                  unsigned long frames)
{
    struct lu_rec_domain_list head;
    struct lu_page_block b;
    uint32_t i, n = (rec->length - sizeof(head)) / sizeof(b);
    int rc = lu_read_payload(r, &head, sizeof(head));

    seen_domain_pages = true;
    for (i = 0; !rc && i < n; i++)
        if (!(rc = lu_read_payload(r, &b, sizeof(b))))
            rc = lu_frames_block(lu_le16_to_cpu(head.domid),
                                 lu_le64_to_cpu(b.mfn),
                                 lu_le32_to_cpu(b.order), frames);
    return rc;
}

/*
 * BROKEN_PAGES: bad frames, marked PGC_broken before any page block is
 * handed over, so that a domain keeps a bad frame it owns flagged as one.
 * Frames beyond RAM or in the region are this boot's badpage='s to deal
 * with (a predecessor's badpage= always comes along on the command line).
 */
static int lu_frames_broken(struct lu_reader *r, const struct lu_record *rec,
                            unsigned long frames)
{
    uint32_t i, n = rec->length / sizeof(struct lu_frame_range);
    struct lu_frame_range e;
    uint64_t m, end;
    int rc = 0;

    if (seen_domain_pages) {
        printk(XENLOG_ERR "Live update: record %u (BROKEN_PAGES) comes after "
               "page blocks\n", rec->index);
        return -EINVAL;
    }
    for (i = 0; !rc && i < n; i++) {
        if ((rc = lu_read_payload(r, &e, sizeof(e))))
            break;
        m = lu_le64_to_cpu(e.mfn);
        end = m + min(lu_le64_to_cpu(e.count), (uint64_t)frames);
        for (; m < end && m < frames; m++)
            if (lu_frames_usable(m, 1, frames))
                page_alloc_mark_broken(_mfn(m));
    }
    return rc;
}

/* The hypervisor pages of SHARED_PAGES stay where they are: ours. */
static int lu_frames_shared(struct lu_reader *r, unsigned long frames)
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
    for (i = 0; i < 3 && !rc; i++) {
        if (m[i] == LU_INVALID_FRAME)
            continue;
        if (!lu_frames_usable(m[i], 1, frames) ||
            !page_alloc_mark_owned(_mfn(m[i]), DOMID_XEN)) {
            printk(XENLOG_ERR "Live update: domain %u: shared frame %#lx is "
                   "not free to hand over\n", lu_le16_to_cpu(sp.domid),
                   (unsigned long)m[i]);
            return -EINVAL;
        }
        rc = lu_frames_list(m[i], 0, DOMID_XEN);
    }
    return rc;
}

/* The bad frames, the domains' page blocks and the shared pages. */
static int lu_frames_records(struct lu_reader *r, unsigned long frames)
{
    struct lu_record rec;
    int rc;

    while ((rc = lu_read_next(r, &rec)) > 0) {
        if (rec.type == LU_REC_BROKEN_PAGES)
            rc = lu_frames_broken(r, &rec, frames);
        else if (rec.type == LU_REC_DOMAIN_PAGES)
            rc = lu_frames_domain_pages(r, &rec, frames);
        else if (rec.type == LU_REC_SHARED_PAGES)
            rc = lu_frames_shared(r, frames);
        else
            rc = 0; /* pass 2's */
        if (rc)
            return rc;
    }
    return rc;
}

/* The stream's own frames, which mm_init() has marked, go on the list. */
static int lu_frames_stream(const struct lu_crumb *crumb)
{
    const void *a = mfn_to_virt(maddr_to_mfn(crumb->mfn_array_paddr));
    uint64_t array = crumb->mfn_array_paddr >> PAGE_SHIFT, i;
    int rc = 0;

    for (i = 0; !rc && i < crumb->page_count; i++)
        rc = lu_frames_list(lu_mfn_array_get(a, i), 0, DOMID_XEN);
    for (i = 0; !rc && i < lu_mfn_array_frames(crumb->page_count); i++)
        rc = lu_frames_list(array + i, 0, DOMID_XEN);
    return rc;
}

int lu_restore_frames(const struct lu_crumb *crumb, unsigned long frames,
                      struct lu_carried_block *store, unsigned long max)
{
    struct lu_stream_in in;
    uint64_t tsc0 = lu_tsc_now(), clash;
    struct lu_reader r;
    int rc;

    lu_carried_init(&carried, store, max);
    seen_domain_pages = false;
    rc = lu_reader_open(&r, &in, crumb);
    if (!rc)
        rc = lu_frames_stream(crumb);
    if (!rc)
        rc = lu_frames_records(&r, frames);
    /* Sorted, success or not: what was handed over stays out of the heap. */
    if (lu_carried_seal(&carried, &clash) && !rc) {
        printk(XENLOG_ERR "Live update: frame %#lx is handed over twice (page "
               "blocks, the stream's pages or shared pages)\n",
               (unsigned long)clash);
        rc = -EINVAL;
    }
    if (rc) {
        printk(XENLOG_ERR "Live update: the stream is refused: %s; frames "
               "already handed over stay out of the heap\n",
               r.err[0] ? r.err : "bad frame record");
        return rc;
    }
    printk("Live update: %lu page blocks (%lu frames) kept from the heap in "
           "%lu us\n", carried.nr, (unsigned long)carried.frames,
           lu_us_since(tsc0));
    return 0;
}
