/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What restoring a domain afresh from a save file does differently from
 * live update's restore in place, for lu_restore_domain.c's readers to
 * call where their ways part (docs/designs/save-restore.md): nothing of
 * the saved domain stayed anywhere, so it gets a new id, new memory where
 * its P2M had RAM, new hypervisor pages filled from its records, and what
 * pointed at domains or a device model that went with it starts again --
 * interdomain channels unbound, I/O requests waiting for the next device
 * model, poll timeouts counted from now.
 */
#include <asm/mm.h>
#include <public/dm_op.h>
#include <xen/domain_build.h>
#include <xen/errno.h>
#include <xen/ioreq.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/time.h>
#include <xen/timer.h>

#include "lu_private.h"

struct domain *lu_afresh_domain(const char *name, unsigned int vcpus)
{
    domid_t id = domain_alloc_id();

    return id == DOMID_INVALID ? NULL : domain_create(id, name, vcpus, false);
}

domid_t lu_afresh_dm_domid(const struct domain *d, domid_t dm)
{
    if (dm == DOMID_INVALID || (dm != d->domain_id && domain_lookup(dm)))
        return dm;
    printk(XENLOG_WARNING "Restore: domain %u: its device model, domain %u, "
           "is not there: none\n", d->domain_id, dm);
    return DOMID_INVALID;
}

int lu_afresh_extent(struct domain *d, const struct lu_p2m_extent *e)
{
    unsigned long gfn = lu_le64_to_cpu(e->gfn), nr = lu_le32_to_cpu(e->nr);

    switch (lu_le32_to_cpu(e->type)) {
    case LU_P2M_RAM:
        return domain_populate_range(d, gfn, nr);
    case LU_P2M_SPECIAL:
        if (nr != 1 || gfn != gfn_x(d->shared_info_gfn))
            return -EINVAL;
        return p2m_set_entry(&d->p2m, _gfn(gfn), virt_to_mfn(d->shared_info),
                             0, p2m_special);
    case LU_P2M_MMIO_DM:
        return lu_map_extent(&d->p2m, gfn, 0, nr, p2m_mmio_dm);
    default:
        return -EINVAL;
    }
}

s_time_t lu_afresh_poll_timeout(uint64_t timeout, uint64_t saved_ns)
{
    if (!timeout)
        return 0;
    return NOW() + (s_time_t)(timeout > saved_ns ? timeout - saved_ns : 0) + 1;
}

int lu_afresh_port(struct domain *d, evtchn_port_t port, struct evtchn *e,
                   uint8_t flags)
{
    int rc;

    if (e->state == ECS_INTERDOMAIN) {
        e->state = ECS_UNBOUND;
        e->remote_port = 0;
    }
    if ((rc = evtchn_restore_port(d->evtchn, port, e)))
        return rc;
    /* Mask first, so that a masked pending port flags no vCPU. */
    if (flags & LU_EVTCHN_MASKED)
        d->shared_info->evtchn_mask[port / 64] |= 1ULL << (port % 64);
    if (flags & LU_EVTCHN_PENDING)
        evtchn_set_pending(d->shared_info, port, e->notify_vcpu);
    return 0;
}

int lu_afresh_ioreq_page(struct domain *d, uint32_t nr_vcpus)
{
    d->ioreq_port = 0;
    d->ioreq_dm_gfn = INVALID_GFN;
    if (!nr_vcpus || d->ioreq_page)
        return 0;
    if (!(d->ioreq_page = alloc_xenheap_pages(0)))
        return -ENOMEM;
    memset(d->ioreq_page, 0, PAGE_SIZE);
    return 0;
}

void lu_afresh_ioreq_slot(struct domain *d, unsigned int vcpu,
                          const struct lu_ioreq_vcpu *s)
{
    struct ioreq *q = &d->ioreq_page->vcpu_ioreq[vcpu];

    q->addr = lu_le64_to_cpu(s->addr);
    q->data = lu_le64_to_cpu(s->data);
    q->size = s->size;
    q->dir = s->dir;
    /* One the old device model had taken goes to the next one again. */
    q->state = s->state == IOREQ_STATE_INFLIGHT ? IOREQ_STATE_READY
                                                : s->state;
}

void lu_afresh_ready(struct domain *d)
{
    unsigned int i;

    for (i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (v->blocked && v->poll_timer.expires)
            set_timer(&v->poll_timer, v->poll_timer.expires);
    }
    ioreq_dm_signal(d); /* requests the old device model had answered */
}
