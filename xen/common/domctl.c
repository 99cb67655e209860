/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domctl (public/domctl.h): domain control for the control domain.  Every
 * other caller gets -EPERM before its argument is even read.  Besides the
 * life cycle it answers questions about a domain: its state, its console
 * output and the machine frames it owns; and it saves a domain to a file
 * and restores one from it (lu_save_file.c, lu_restore_file.c).
 */
#include <asm/current.h>
#include <asm/mm.h>
#include <public/domctl.h>
#include <public/sched.h>
#include <xen/domain_build.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/live_update.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>

#define KERNEL_MAX_ORDER 12 /* images up to 16 MiB */

static long domctl_createdomain(struct domain *caller, struct xen_domctl *op)
{
    struct xen_domctl_createdomain *c = &op->u.createdomain;
    struct domain_config cfg = {.vcpus = c->max_vcpus, .dm_domid = c->dm_domid,
                                .on_crash = c->on_crash};
    unsigned int order = 0, i;
    void *image;
    long rc;

    if (!c->name[0] || strnlen(c->name, sizeof(c->name)) == sizeof(c->name) ||
        strnlen(c->cmdline, sizeof(c->cmdline)) == sizeof(c->cmdline) ||
        !c->kernel_size || c->memory_pages > XEN_DOMCTL_MAX_MEMORY_PAGES ||
        c->on_crash > XEN_DOMCTL_ON_CRASH_PRESERVE ||
        c->nr_rdm > XEN_DOMCTL_MAX_RDM)
        return -EINVAL;
    while (((uint64_t)PAGE_SIZE << order) < c->kernel_size)
        if (++order > KERNEL_MAX_ORDER)
            return -E2BIG;
    if ((cfg.id = domain_alloc_id()) == DOMID_INVALID)
        return -ENOSPC;
    memcpy(cfg.name, c->name, sizeof(cfg.name));
    memcpy(cfg.cmdline, c->cmdline, sizeof(cfg.cmdline));
    cfg.memory = c->memory_pages << PAGE_SHIFT;
    cfg.mmio_hole_mib = c->mmio_hole_mib;
    cfg.nr_rdm = c->nr_rdm;
    for (i = 0; i < c->nr_rdm; i++)
        cfg.rdm[i] = (struct memmap_range){c->rdm[i].first_gfn,
                                           c->rdm[i].nr_frames, MEMMAP_RDM};
    if (!(image = alloc_xenheap_pages(order)))
        return -ENOMEM;
    rc = copy_from_guest(caller, image, c->kernel, c->kernel_size);
    if (!rc)
        rc = domain_build(&cfg, image, c->kernel_size);
    free_xenheap_pages(image, order);
    op->domain = cfg.id;
    return rc;
}

void domctl_fill_info(const struct domain *d,
                      struct xen_domctl_getdomaininfo *info)
{
    unsigned int i;
    bool running = false, blocked = true;

    memset(info, 0, sizeof(*info));
    info->domain = d->domain_id;
    for (i = 0; i < d->max_vcpus; i++) {
        const struct vcpu *v = d->vcpu[i];

        info->cpu_time += v->runtime;
        running |= v->is_running;
        blocked &= !v->is_initialised || v->blocked;
    }
    info->flags = (running ? XEN_DOMINF_running : 0) |
                  (blocked && !running ? XEN_DOMINF_blocked : 0) |
                  (d->pause_count ? XEN_DOMINF_paused : 0) |
                  (d->is_shut_down ? XEN_DOMINF_shutdown : 0) |
                  (d->is_dying ? XEN_DOMINF_dying : 0) |
                  (d->is_privileged ? XEN_DOMINF_privileged : 0);
    info->tot_pages = d->tot_pages;
    info->nr_vcpus = d->max_vcpus;
    info->shutdown_reason = d->shutdown_reason;
    memcpy(info->name, d->name, sizeof(info->name));
}

static long domctl_readconsole(struct domain *caller, struct domain *d,
                               struct xen_domctl_readconsole *r)
{
    uint64_t oldest = d->console_produced > CONSOLE_RING_SIZE
                          ? d->console_produced - CONSOLE_RING_SIZE
                          : 0;
    uint32_t n = 0;

    if (r->index < oldest || r->index > d->console_produced)
        r->index = oldest;
    while (n < r->count && r->index < d->console_produced) {
        uint64_t off = r->index % CONSOLE_RING_SIZE;
        uint32_t chunk = min((uint64_t)(r->count - n),
                             min(d->console_produced - r->index,
                                 CONSOLE_RING_SIZE - off));

        if (copy_to_guest(caller, r->buffer + n, d->console_ring + off, chunk))
            return -EFAULT;
        n += chunk;
        r->index += chunk;
    }
    r->count = n;
    return 0;
}

/* d's page-list blocks from number first on, as many as the caller asks. */
static long domctl_getpageblocks(struct domain *caller, const struct domain *d,
                                 struct xen_domctl_getpageblocks *g)
{
    struct xen_domctl_page_block b = {0};
    unsigned long m, i = 0;
    uint32_t n = 0;

    page_list_for_each(m, frame_table, &d->page_list) {
        if (n == g->max_blocks)
            break;
        if (i++ < g->first)
            continue;
        b.mfn = m;
        b.order = frame_table[m].order;
        if (copy_to_guest(caller, g->buffer + (uint64_t)n * sizeof(b), &b,
                          sizeof(b)))
            return -EFAULT;
        n++;
    }
    g->nr_blocks = n;
    g->total_blocks = (uint32_t)d->page_list.count;
    return 0;
}

/* Commands on an existing domain other than the caller. */
static long domctl_on_domain(struct domain *caller, struct xen_domctl *op)
{
    struct domain *d = domain_lookup(op->domain);

    if (!d)
        return -ESRCH;
    switch (op->cmd) {
    case XEN_DOMCTL_getdomaininfo:
        domctl_fill_info(d, &op->u.getdomaininfo);
        return 0;
    case XEN_DOMCTL_shutdown:
        if (op->u.shutdown.reason > SHUTDOWN_crash)
            return -EINVAL;
        domain_shutdown(d, op->u.shutdown.reason);
        return 0;
    case XEN_DOMCTL_readconsole:
        return domctl_readconsole(caller, d, &op->u.readconsole);
    case XEN_DOMCTL_getpageblocks:
        return domctl_getpageblocks(caller, d, &op->u.getpageblocks);
    }
    if (d == caller)
        return -EINVAL; /* it cannot pause or destroy itself */
    switch (op->cmd) {
    case XEN_DOMCTL_destroydomain:
        domain_destroy(d);
        return 0;
    case XEN_DOMCTL_pausedomain:
        domain_pause(d);
        return 0;
    case XEN_DOMCTL_unpausedomain:
        if (!d->pause_count)
            return -EINVAL;
        domain_unpause(d);
        return 0;
    case XEN_DOMCTL_savedomain:
        return lu_save_file_domctl(caller, d, &op->u.savedomain);
    default:
        return -ENOSYS;
    }
}

long do_domctl(uint64_t arg)
{
    struct domain *caller = current->domain;
    struct xen_domctl op;
    long rc;

    if (!caller->is_privileged)
        return -EPERM;
    if (copy_from_guest(caller, &op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return -EACCES;
    if (op.cmd == XEN_DOMCTL_createdomain)
        rc = domctl_createdomain(caller, &op);
    else if (op.cmd == XEN_DOMCTL_restoredomain)
        rc = lu_restore_file_domctl(caller, &op);
    else
        rc = domctl_on_domain(caller, &op);
    /* Save and restore say why they refused. */
    if ((rc >= 0 || op.cmd == XEN_DOMCTL_savedomain ||
         op.cmd == XEN_DOMCTL_restoredomain) &&
        copy_to_guest(caller, arg, &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
