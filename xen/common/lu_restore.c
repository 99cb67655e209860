/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Live update's restore side (xen/live_update.h), in the new hypervisor.
 *
 * The breadcrumb names an MFN array and the stream's length.  mm_init()
 * has already marked the array's and the stream's frames allocated, so the
 * heap never had them; here the array is checked, the stream read through
 * it record by record, and what it carries restored.  A stream that does
 * not check out is refused as a whole with the reason; then the pages go
 * back to the heap either way.
 */
#include <asm/mm.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/live_update.h>
#include <xen/mm.h>
#include <xen/string.h>
#include <xen/time.h>

static unsigned long live_updates; /* this host has been through */

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

static int lu_restore_hypervisor(struct lu_reader *r)
{
    struct lu_rec_hypervisor h;
    int rc = lu_read_payload(r, &h, sizeof(h));

    if (rc)
        return rc;
    time_continue(lu_le64_to_cpu(h.system_time_ns), lu_le64_to_cpu(h.tsc),
                  lu_le64_to_cpu(h.tsc_khz));
    live_updates = lu_le64_to_cpu(h.live_update_count) + 1;
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

int lu_restore(const struct lu_crumb *crumb)
{
    struct lu_stream_in in = {mfn_to_virt(maddr_to_mfn(crumb->mfn_array_paddr)),
                              crumb->page_count};
    struct lu_reader r;
    int rc;

    rc = lu_reader_init(&r, lu_page_in, &in, crumb->stream_bytes,
                        LU_STREAM_LIVE_UPDATE);
    if (!rc)
        rc = lu_restore_records(&r);
    if (rc) {
        printk(XENLOG_ERR "Live update: the stream is refused: %s\n",
               r.err[0] ? r.err : "bad record");
        return rc;
    }
    printk("Live update: stream of %lu bytes read (writer %s, %s)\n",
           (unsigned long)crumb->stream_bytes, r.version, r.build_id);
    return 0;
}
