/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sysctl (public/sysctl.h): host-wide information for the control domain:
 * the hypervisor log, memory and CPU figures, the list of domains.
 */
#include <asm/current.h>
#include <public/sysctl.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/live_update.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/time.h>

#define READCONSOLE_CHUNK 256

static long sysctl_readconsole(struct domain *caller,
                               struct xen_sysctl_readconsole *r)
{
    char chunk[READCONSOLE_CHUNK];
    uint32_t done = 0;
    size_t n;

    while (done < r->count &&
           (n = console_ring_read(&r->index, chunk,
                                  min((size_t)(r->count - done),
                                      sizeof(chunk))))) {
        if (copy_to_guest(caller, r->buffer + done, chunk, n))
            return -EFAULT;
        done += n;
    }
    r->count = done;
    return 0;
}

static long sysctl_lu_report(struct xen_sysctl_lu_report *p)
{
    struct lu_report r;

    lu_report_get(&r);
    p->live_updates = r.live_updates;
    p->handover_ns = r.handover_ns;
    p->early_boot_ns = r.early_boot_ns;
    p->restore_ns = r.restore_ns;
    p->resume_ns = r.resume_ns;
    p->blackout_ns = r.blackout_ns;
    return 0;
}

static long sysctl_physinfo(struct xen_sysctl_physinfo *p)
{
    struct mm_stats st;

    mm_get_stats(&st);
    p->nr_cpus = 1;
    p->cpu_khz = cpu_khz();
    p->total_pages = st.total;
    p->free_pages = st.free;
    p->broken_pages = st.broken;
    p->reserved_pages = st.reserved;
    p->live_updates = lu_count();
    return 0;
}

static long sysctl_domaininfolist(struct domain *caller,
                                  struct xen_sysctl_getdomaininfolist *l)
{
    struct xen_domctl_getdomaininfo info;
    struct domain *d;
    uint32_t n = 0;

    for (d = domain_list; d && n < l->max_domains; d = d->next_in_list) {
        if (d->domain_id < l->first_domain || d->is_dying)
            continue;
        domctl_fill_info(d, &info);
        if (copy_to_guest(caller, l->buffer + n * sizeof(info), &info,
                          sizeof(info)))
            return -EFAULT;
        n++;
    }
    l->num_domains = n;
    return 0;
}

long do_sysctl(uint64_t arg)
{
    struct domain *caller = current->domain;
    struct xen_sysctl op;
    long rc;

    if (!caller->is_privileged)
        return -EPERM;
    if (copy_from_guest(caller, &op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return -EACCES;
    switch (op.cmd) {
    case XEN_SYSCTL_readconsole:
        rc = sysctl_readconsole(caller, &op.u.readconsole);
        break;
    case XEN_SYSCTL_physinfo:
        rc = sysctl_physinfo(&op.u.physinfo);
        break;
    case XEN_SYSCTL_lu_report:
        rc = sysctl_lu_report(&op.u.lu_report);
        break;
    case XEN_SYSCTL_getdomaininfolist:
        rc = sysctl_domaininfolist(caller, &op.u.getdomaininfolist);
        break;
    default:
        return -ENOSYS;
    }
    if (!rc && copy_to_guest(caller, arg, &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
