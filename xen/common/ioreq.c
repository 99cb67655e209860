/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ioreq path and its dm_ops (xen/ioreq.h, public/dm_op.h).
 *
 * A device model (the target's dm_domid) claims port ranges and maps the
 * target's ioreq page, a hypervisor page with one slot per vCPU, getting a
 * port whose other end is the hypervisor.  A device model that attaches to
 * a domain served before -- restored from a save file -- claims the same
 * ranges again and takes the page over, requests that wait in it included.
 * (A domain whose device model went has none from then on:
 * domain_destroy() forgets it, so the next domain given its id gets no
 * rights here.)  A trapped access to a claimed
 * port fills the vCPU's slot (state READY last), notifies that port and
 * blocks the vCPU; when the device model sends on the port, every slot in
 * state RESPONSE is completed and its vCPU woken.  Nothing else wakes it
 * before (vcpu_unblock(), vcpu_runnable()): it would execute its in/out
 * again, writing its slot over.
 */
#include <asm/current.h>
#include <asm/mm.h>
#include <public/dm_op.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/foreign_map.h>
#include <xen/guest_access.h>
#include <xen/ioreq.h>
#include <xen/lib.h>
#include <xen/memmap.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>

static bool port_claimed(const struct domain *d, uint32_t port)
{
    unsigned int i;

    for (i = 0; i < d->nr_io_ranges; i++)
        if (port >= d->io_range[i].first && port <= d->io_range[i].last)
            return true;
    return false;
}

bool ioreq_send(struct vcpu *v, uint32_t port, unsigned int size,
                unsigned int dir, uint32_t data)
{
    struct domain *d = v->domain, *dm;
    struct ioreq *req;

    if (!d->ioreq_page || !port_claimed(d, port) ||
        !(dm = domain_lookup(d->dm_domid)))
        return false;
    req = &d->ioreq_page->vcpu_ioreq[v->vcpu_id];
    req->addr = port;
    req->data = dir == IOREQ_DIR_WRITE ? data : 0;
    req->size = size;
    req->dir = dir;
    __atomic_store_n(&req->state, IOREQ_STATE_READY, __ATOMIC_SEQ_CST);
    v->ioreq_pending = true;
    vcpu_block(v);
    /* The device model may have closed the port, and reused its number. */
    if (evtchn_xen_port_bound(dm, d->ioreq_port, d->domain_id))
        evtchn_notify(dm, d->ioreq_port);
    return true;
}

void ioreq_dm_signal(struct domain *target)
{
    unsigned int i;

    if (!target->ioreq_page)
        return;
    for (i = 0; i < target->max_vcpus; i++) {
        struct vcpu *v = target->vcpu[i];
        struct ioreq *req = &target->ioreq_page->vcpu_ioreq[i];

        if (!v || !v->ioreq_pending ||
            __atomic_load_n(&req->state, __ATOMIC_SEQ_CST) !=
                IOREQ_STATE_RESPONSE)
            continue;
        arch_pio_complete(v, req->size, req->dir == IOREQ_DIR_READ,
                          req->data);
        req->state = IOREQ_STATE_NONE;
        v->ioreq_pending = false;
        /*
         * Not blocked: carried so from a predecessor that let any event
         * wake it mid-request.  Not runnable while pending, so wake it.
         */
        if (v->blocked)
            vcpu_unblock(v);
        else
            vcpu_wake(v);
    }
}

/*
 * Take the page out of the device model's physmap before freeing it.  Its
 * place gets the device model's placeholder page, as its foreign mappings
 * of d do (common/foreign_map.c): a device model that reads its ioreq
 * page just as d goes (its vCPU may be past checking that d is there)
 * reads zeros, "no request", instead of faulting.  Without memory for the
 * placeholder, the place is left empty.
 */
void ioreq_domain_destroy(struct domain *d)
{
    struct domain *dm = domain_lookup(d->dm_domid);
    mfn_t ph;

    if (!d->ioreq_page)
        return;
    if (dm && gfn_x(d->ioreq_dm_gfn) != INVALID_GFN_RAW) {
        ph = foreign_placeholder(dm);
        /* A 4 KiB leaf replaced: no memory needed. */
        BUG_ON(p2m_set_entry(&dm->p2m, d->ioreq_dm_gfn, ph, 0,
                             mfn_eq(ph, INVALID_MFN) ? p2m_invalid
                                                     : p2m_foreign));
        flush_tlb_local();
        /* Not a port that merely took the number of one dm closed. */
        if (evtchn_xen_port_bound(dm, d->ioreq_port, d->domain_id))
            evtchn_close_port(dm->evtchn, dm->domain_id, d->ioreq_port,
                              dm->evtchn);
    }
    free_xenheap_pages(d->ioreq_page, 0);
    d->ioreq_page = NULL;
    d->ioreq_dm_gfn = INVALID_GFN;
}

long ioreq_dm_map_io_range(struct domain *t, const struct xen_dm_op *op)
{
    const struct xen_dm_op_io_range *r = &op->u.io_range;
    unsigned int i;

    if (r->first > r->last || r->last > 0xffff)
        return -EINVAL;
    /* A device model attaching to a restored domain claims them again. */
    for (i = 0; i < t->nr_io_ranges; i++)
        if (t->io_range[i].first == r->first && t->io_range[i].last == r->last)
            return 0;
    if (t->nr_io_ranges == MAX_IO_RANGES)
        return -ENOSPC;
    t->io_range[t->nr_io_ranges++] = (struct io_range){r->first, r->last};
    return 0;
}

/* Whether a request waits in t's ioreq page for a device model to take. */
static bool ioreq_waiting(const struct domain *t)
{
    unsigned int i;

    for (i = 0; i < t->max_vcpus; i++)
        if (__atomic_load_n(&t->ioreq_page->vcpu_ioreq[i].state,
                            __ATOMIC_SEQ_CST) == IOREQ_STATE_READY)
            return true;
    return false;
}

/*
 * The target's ioreq page, mapped at gfn in dm's physmap, with a port.  A
 * target restored from a save file already has one: the new device model
 * takes it over, and hears at once of a request that waits in it.
 */
long ioreq_dm_get_ioreq(struct domain *dm, struct domain *t,
                        struct xen_dm_op *op)
{
    gfn_t gfn = _gfn(op->u.get_ioreq.gfn);
    bool had_page = t->ioreq_page;
    enum p2m_type type;
    int port, rc;

    /*
     * Never where dm's map says RAM: RAM moves (XENMEM_relocate_ram) and
     * t->ioreq_dm_gfn must stay where the page is.
     */
    if (gfn_x(gfn) >= P2M_GUEST_MAX_GFN ||
        memmap_is_ram(dm->memmap, gfn_x(gfn), 1))
        return -EINVAL;
    if (had_page && gfn_x(t->ioreq_dm_gfn) != INVALID_GFN_RAW)
        return -EEXIST;
    p2m_get_entry(&dm->p2m, gfn, &type, NULL);
    if (type != p2m_invalid)
        return -EBUSY;
    if (memmap_overlaps(dm->memmap, gfn_x(gfn), 1, MEMMAP_NOT_RAM))
        return -EPERM; /* reserved device memory is never mapped */
    if (!had_page && !(t->ioreq_page = alloc_xenheap_pages(0)))
        return -ENOMEM;
    port = evtchn_alloc_xen_port(dm, t->domain_id);
    rc = port < 0 ? port
                  : p2m_set_entry(&dm->p2m, gfn, virt_to_mfn(t->ioreq_page), 0,
                                  p2m_special);
    if (rc) {
        if (port >= 0)
            evtchn_close_port(dm->evtchn, dm->domain_id, port, dm->evtchn);
        if (!had_page) {
            free_xenheap_pages(t->ioreq_page, 0);
            t->ioreq_page = NULL;
        }
        return rc;
    }
    t->ioreq_dm_gfn = gfn;
    t->ioreq_port = port;
    op->u.get_ioreq.port = port;
    if (had_page && ioreq_waiting(t))
        evtchn_notify(dm, port);
    return 0;
}
