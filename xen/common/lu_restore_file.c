/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `xl restore`'s hypervisor side (XEN_DOMCTL_restoredomain,
 * public/domctl.h): a domain made again from a save file that lies in the
 * control domain's memory.
 *
 * The file is read twice, a page at a time through a bounce page.  First
 * it is checked as a whole (lu_savefile.c): nothing is made from a file
 * that does not check out, nor from one whose domain's name is taken.
 * Then the domain is restored afresh with the readers live update uses
 * (lu_restore_domain.c) -- a new id, new memory where the P2M had RAM --
 * and PAGE_DATA is copied into that memory.  The file cannot change
 * between the two reads because the hypercall runs to its end on the one
 * CPU, with the control domain stopped; the checksums read again catch
 * only damage.  (With more CPUs, the file must first be copied into the
 * hypervisor, or the restore pass check what the first pass checks.)
 * Whatever fails once the domain exists destroys it; nothing else is
 * touched.
 */
#include <asm/mm.h>
#include <public/domctl.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/live_update.h>
#include <xen/lu_savefile.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/stdio.h>
#include <xen/string.h>

#include "lu_private.h"

#define LU_RESTORE_RUNS        64 /* P2M runs checked without allocating */
#define LU_RESTORE_RUNS_ORDER  8  /* at most 1 MiB of them: 43690 runs */

/* The file: size bytes at buffer in the caller's memory. */
struct lu_file_in {
    struct domain *caller;
    uint64_t buffer, size;
};

static uint8_t lu_restore_bounce[PAGE_SIZE] __aligned(PAGE_SIZE);

static const void *lu_file_page(void *ctx, unsigned long index)
{
    const struct lu_file_in *in = ctx;
    uint64_t off = (uint64_t)index << PAGE_SHIFT;

    if (off >= in->size ||
        copy_from_guest(in->caller, lu_restore_bounce, in->buffer + off,
                        min(in->size - off, (uint64_t)PAGE_SIZE)))
        return NULL;
    return lu_restore_bounce;
}

static int lu_file_open(struct lu_reader *r, struct lu_file_in *in,
                        char *why, size_t len)
{
    int rc = lu_reader_init(r, lu_file_page, in, in->size,
                            LU_STREAM_SAVE_FILE);

    if (rc)
        snprintf(why, len, "%s", lu_reader_error(r));
    return rc;
}

static struct lu_savefile_check lu_check; /* 6 KiB: one restore at a time */
static struct lu_savefile_run lu_runs[LU_RESTORE_RUNS];

/* One pass of the checker over the file with room for c->max_runs runs. */
static int lu_file_check_once(struct lu_file_in *in,
                              struct lu_savefile_check *c, char *why,
                              size_t len)
{
    struct lu_reader r;
    int rc = lu_file_open(&r, in, why, len);

    if (!rc && (rc = lu_savefile_check(&r, c)))
        snprintf(why, len, "%s", lu_savefile_error(c));
    return rc;
}

/*
 * Check the whole file; c->info then describes its domain.  A P2M of more
 * runs than lu_runs holds is checked again with room for all of them.
 */
static int lu_file_check(struct lu_file_in *in, struct lu_savefile_check *c,
                         char *why, size_t len)
{
    unsigned int order;
    int rc;

    c->limits = (struct lu_savefile_limits){MAX_VIRT_CPUS, EVTCHN_MAX_PORTS,
                                            MAX_IO_RANGES, P2M_GUEST_MAX_GFN,
                                            lu_restore_vcpu_bad};
    c->runs = lu_runs;
    c->max_runs = ARRAY_SIZE(lu_runs);
    rc = lu_file_check_once(in, c, why, len);
    if (rc != -E2BIG || c->nr_runs <= c->max_runs)
        return rc;
    order = get_order_from_bytes(c->nr_runs * sizeof(*c->runs));
    if (order > LU_RESTORE_RUNS_ORDER ||
        !(c->runs = alloc_xenheap_pages(order))) {
        snprintf(why, len, "its P2M has %lu runs: more than a restore takes "
                 "or than there is memory for", c->nr_runs);
        return -ENOMEM;
    }
    c->max_runs = ((unsigned long)PAGE_SIZE << order) / sizeof(*c->runs);
    rc = lu_file_check_once(in, c, why, len);
    free_xenheap_pages(c->runs, order);
    return rc;
}

/* PAGE_DATA: the frames' contents, into the new domain's memory. */
static int lu_file_page_data(struct lu_reader *r, const struct lu_record *rec,
                             char *why, size_t len)
{
    struct domain *d = lu_restore_domain_open();
    struct lu_rec_page_data head;
    unsigned long gfn;
    enum p2m_type t;
    uint32_t i;
    mfn_t mfn;
    int rc;

    if ((rc = lu_read_payload(r, &head, sizeof(head))))
        return rc;
    for (i = 0; d && i < lu_le32_to_cpu(head.count); i++) {
        gfn = lu_le64_to_cpu(head.gfn) + i;
        mfn = p2m_get_entry(&d->p2m, _gfn(gfn), &t, NULL);
        if (t != p2m_ram_rw)
            break; /* the check found it RAM: the file changed */
        if ((rc = lu_read_payload(r, mfn_to_virt(mfn), PAGE_SIZE)))
            return rc;
    }
    if (d && i == lu_le32_to_cpu(head.count))
        return 0;
    snprintf(why, len, "record %u (PAGE_DATA): frame %#lx is not the "
             "domain's RAM", rec->index, lu_le64_to_cpu(head.gfn) + i);
    return -EINVAL;
}

/* Every record, restored afresh; the domain, or NULL with why. */
static struct domain *lu_file_restore(struct lu_file_in *in,
                                      uint64_t saved_ns, long *rc, char *why,
                                      size_t len)
{
    struct lu_reader r;
    struct lu_record rec;
    struct domain *d;

    lu_restore_domains_begin(LU_RESTORE_AFRESH, saved_ns);
    why[0] = '\0';
    *rc = lu_file_open(&r, in, why, len);
    while (!*rc && (*rc = lu_read_next(&r, &rec)) > 0) {
        if (rec.type == LU_REC_PAGE_DATA)
            *rc = lu_file_page_data(&r, &rec, why, len);
        else if (rec.type == LU_REC_HYPERVISOR ||
                 rec.type == LU_REC_CONSOLE_LOG ||
                 rec.type == LU_REC_DM_STATE)
            *rc = 0; /* the check read what is of use; DM_STATE is xl's */
        else
            *rc = lu_restore_domain_record(&r, &rec);
    }
    if (!*rc && (d = lu_restore_afresh_finish()))
        return d;
    if (!why[0])
        snprintf(why, len, "%s",
                 lu_restore_domain_why()[0] ? lu_restore_domain_why()
                 : lu_reader_error(&r)[0]   ? lu_reader_error(&r)
                                            : "a record cannot be restored");
    *rc = *rc == -ENOMEM ? -ENOMEM : -EINVAL;
    lu_restore_afresh_abandon();
    return NULL;
}

long lu_restore_file_domctl(struct domain *caller, struct xen_domctl *op)
{
    struct xen_domctl_restoredomain *x = &op->u.restoredomain;
    struct lu_file_in in = {caller, x->buffer, x->size};
    const struct lu_savefile_info *info = &lu_check.info;
    struct domain *d;
    long rc;

    memset(x->name, 0, sizeof(x->name));
    memset(x->message, 0, sizeof(x->message));
    if ((rc = lu_file_check(&in, &lu_check, x->message, sizeof(x->message))))
        goto refused;
    if ((d = domain_lookup_name(info->name))) {
        snprintf(x->message, sizeof(x->message), "a domain called '%s' "
                 "exists (domain %u)", info->name, d->domain_id);
        rc = -EEXIST;
        goto refused;
    }
    if (domain_alloc_id() == DOMID_INVALID) {
        snprintf(x->message, sizeof(x->message), "no domain id is free");
        rc = -ENOSPC;
        goto refused;
    }
    if (!(d = lu_file_restore(&in, info->saved_ns, &rc, x->message,
                              sizeof(x->message))))
        goto refused;
    op->domain = d->domain_id;
    x->dm_domid = d->dm_domid;
    x->saved_domid = info->domid;
    x->nr_vcpus = d->max_vcpus;
    x->tot_pages = d->tot_pages;
    memcpy(x->name, d->name, sizeof(x->name));
    printk("Domain %u (%s) restored from the save file of domain %u (%lu "
           "MiB, %u vCPU%s, written by %s), paused\n", d->domain_id, d->name,
           info->domid, d->tot_pages >> (20 - PAGE_SHIFT), d->max_vcpus,
           d->max_vcpus == 1 ? "" : "s", info->creator);
    return 0;

 refused:
    printk(XENLOG_ERR "Restore: the save file is refused: %s\n", x->message);
    return rc;
}
