/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * event_channel_op: the hypervisor side of event channels.  Port state
 * and pending bits are the portable core (common/evtchn_core.c); this file
 * resolves domains, checks privilege, and wakes the vCPUs an event is for.
 *
 * A domain may act on another's ports only if it is privileged; binding
 * needs the remote port to have been offered to the binder.
 */
#include <asm/current.h>
#include <asm/mm.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/ioreq.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>

int evtchn_domain_init(struct domain *d)
{
    /* evtchn_table_init() writes all of it. */
    d->evtchn = alloc_xenheap_pages_noscrub(
        get_order_from_bytes(sizeof(*d->evtchn)));
    if (!d->evtchn)
        return -ENOMEM;
    evtchn_table_init(d->evtchn, EVTCHN_MAX_PORTS);
    return 0;
}

/* The port table at the other end of e, or NULL if that domain is gone. */
static struct evtchn_table *remote_table(const struct evtchn *e)
{
    struct domain *rd;

    if (e->state != ECS_INTERDOMAIN)
        return NULL;
    rd = domain_lookup(e->remote_dom);
    return rd ? rd->evtchn : NULL;
}

void evtchn_domain_destroy(struct domain *d)
{
    evtchn_port_t port;

    if (!d->evtchn)
        return;
    for (port = 1; port < d->evtchn->nr_ports; port++) {
        struct evtchn *e = evtchn_lookup(d->evtchn, port);

        if (e)
            evtchn_close_port(d->evtchn, d->domain_id, port,
                              remote_table(e) ?: d->evtchn);
    }
    free_xenheap_pages(d->evtchn, get_order_from_bytes(sizeof(*d->evtchn)));
    d->evtchn = NULL;
}

void vcpu_unblock(struct vcpu *v)
{
    /*
     * A vCPU waiting for its I/O request wakes only when it completes
     * (ioreq_dm_signal() clears ioreq_pending first): woken by any other
     * event it would execute its in/out again, writing its slot over.
     */
    if (!v->blocked || v->ioreq_pending)
        return;
    v->blocked = false;
    v->nr_poll_ports = 0;
    stop_timer(&v->poll_timer);
    vcpu_wake(v);
}

static bool vcpu_polls(const struct vcpu *v, evtchn_port_t port)
{
    unsigned int i;

    for (i = 0; i < v->nr_poll_ports; i++)
        if (v->poll_ports[i] == port)
            return true;
    return false;
}

void evtchn_notify(struct domain *d, evtchn_port_t port)
{
    struct evtchn *e = evtchn_lookup(d->evtchn, port);
    struct vcpu *v;

    if (!e || e->notify_vcpu >= d->max_vcpus || !(v = d->vcpu[e->notify_vcpu]))
        return;
    if (evtchn_set_pending(d->shared_info, port, v->vcpu_id) ||
        vcpu_polls(v, port))
        vcpu_unblock(v);
}

int evtchn_alloc_xen_port(struct domain *d, domid_t remote)
{
    return evtchn_alloc_port(d->evtchn, ECS_XEN, remote);
}

bool evtchn_xen_port_bound(struct domain *d, evtchn_port_t port,
                           domid_t remote)
{
    struct evtchn *e = port ? evtchn_lookup(d->evtchn, port) : NULL;

    return e && e->state == ECS_XEN && e->remote_dom == remote;
}

void send_guest_virq(struct domain *d, unsigned int virq)
{
    if (virq < NR_VIRQS && d->virq_port[virq])
        evtchn_notify(d, d->virq_port[virq]);
}

static long evtchn_op_bind_virq(struct domain *d, uint64_t arg)
{
    struct evtchn_bind_virq b;
    struct evtchn *e;
    int port;

    if (copy_from_guest(d, &b, arg, sizeof(b)))
        return -EFAULT;
    if (b.virq >= NR_VIRQS || b.vcpu >= d->max_vcpus)
        return -EINVAL;
    if ((b.virq == VIRQ_CONSOLE || b.virq == VIRQ_DOM_EXC) &&
        d != control_domain)
        return -EPERM;
    if (d->virq_port[b.virq])
        return -EEXIST;
    port = evtchn_alloc_xen_port(d, DOMID_XEN);
    if (port < 0)
        return port;
    e = evtchn_lookup(d->evtchn, port);
    e->notify_vcpu = b.vcpu;
    d->virq_port[b.virq] = port;
    b.port = port;
    return copy_to_guest(d, arg, &b, sizeof(b)) ? -EFAULT : 0;
}

/* Forget a virq whose port is being closed. */
static void virq_unbind(struct domain *d, evtchn_port_t port)
{
    unsigned int v;

    for (v = 0; v < NR_VIRQS; v++)
        if (d->virq_port[v] == port)
            d->virq_port[v] = 0;
}

/* The domain a port operation names: the caller, or any if privileged. */
static struct domain *target_domain(struct domain *caller, domid_t id,
                                    long *rc)
{
    struct domain *d = domain_resolve(caller, id);

    *rc = 0;
    if (d)
        return d;
    if (!caller->is_privileged) {
        *rc = -EPERM;
        return NULL;
    }
    d = domain_lookup(id);
    if (!d)
        *rc = -ESRCH;
    return d;
}

static long evtchn_op_alloc_unbound(struct domain *caller, uint64_t arg)
{
    struct evtchn_alloc_unbound a;
    struct domain *d;
    long rc;

    if (copy_from_guest(caller, &a, arg, sizeof(a)))
        return -EFAULT;
    if (!(d = target_domain(caller, a.dom, &rc)))
        return rc;
    if (!domain_resolve(d, a.remote_dom) && !domain_lookup(a.remote_dom))
        return -ESRCH;
    if (a.remote_dom == DOMID_SELF)
        a.remote_dom = d->domain_id;
    rc = evtchn_alloc_port(d->evtchn, ECS_UNBOUND, a.remote_dom);
    if (rc < 0)
        return rc;
    a.port = rc;
    return copy_to_guest(caller, arg, &a, sizeof(a)) ? -EFAULT : 0;
}

static long evtchn_op_bind_interdomain(struct domain *d, uint64_t arg)
{
    struct evtchn_bind_interdomain b;
    struct domain *rd;
    int lport, rc;

    if (copy_from_guest(d, &b, arg, sizeof(b)))
        return -EFAULT;
    rd = domain_resolve(d, b.remote_dom) ?: domain_lookup(b.remote_dom);
    if (!rd)
        return -ESRCH;
    lport = evtchn_alloc_port(d->evtchn, ECS_UNBOUND, rd->domain_id);
    if (lport < 0)
        return lport;
    rc = evtchn_connect(d->evtchn, d->domain_id, lport, rd->evtchn,
                        rd->domain_id, b.remote_port);
    if (rc) {
        evtchn_close_port(d->evtchn, d->domain_id, lport, d->evtchn);
        return rc;
    }
    b.local_port = lport;
    return copy_to_guest(d, arg, &b, sizeof(b)) ? -EFAULT : 0;
}

static long evtchn_op_send(struct domain *d, evtchn_port_t port)
{
    struct evtchn *e = evtchn_lookup(d->evtchn, port);
    struct domain *rd;

    if (!e)
        return -EINVAL;
    switch (e->state) {
    case ECS_INTERDOMAIN:
        if ((rd = domain_lookup(e->remote_dom)))
            evtchn_notify(rd, e->remote_port);
        return 0;
    case ECS_XEN:
        if ((rd = domain_lookup(e->remote_dom)))
            ioreq_dm_signal(rd);
        return 0;
    default:
        return 0; /* unbound: nobody to tell, as in Xen */
    }
}

static long evtchn_op_close(struct domain *d, evtchn_port_t port)
{
    struct evtchn *e = evtchn_lookup(d->evtchn, port);

    if (!e)
        return -EINVAL;
    virq_unbind(d, port);
    return evtchn_close_port(d->evtchn, d->domain_id, port,
                             remote_table(e) ?: d->evtchn);
}

static long evtchn_op_status(struct domain *caller, uint64_t arg)
{
    struct evtchn_status s;
    struct domain *d;
    struct evtchn *e;
    long rc;

    if (copy_from_guest(caller, &s, arg, sizeof(s)))
        return -EFAULT;
    if (!(d = target_domain(caller, s.dom, &rc)))
        return rc;
    if (s.port >= d->evtchn->nr_ports)
        return -EINVAL;
    e = evtchn_lookup(d->evtchn, s.port);
    s.status = !e ? EVTCHNSTAT_closed
               : e->state == ECS_INTERDOMAIN ? EVTCHNSTAT_interdomain
                                             : EVTCHNSTAT_unbound;
    s.remote_dom = e ? e->remote_dom : DOMID_INVALID;
    s.remote_port = e && e->state == ECS_INTERDOMAIN ? e->remote_port : 0;
    return copy_to_guest(caller, arg, &s, sizeof(s)) ? -EFAULT : 0;
}

static long evtchn_op_unmask(struct domain *d, evtchn_port_t port)
{
    struct evtchn *e = evtchn_lookup(d->evtchn, port);

    if (!e)
        return -EINVAL;
    if (evtchn_unmask(d->shared_info, port, e->notify_vcpu) &&
        e->notify_vcpu < d->max_vcpus && d->vcpu[e->notify_vcpu])
        vcpu_unblock(d->vcpu[e->notify_vcpu]);
    return 0;
}

/* Commands whose argument is a single port. */
static long evtchn_port_op(struct domain *d, unsigned long cmd, uint64_t arg)
{
    evtchn_port_t port;

    if (copy_from_guest(d, &port, arg, sizeof(port)))
        return -EFAULT;
    switch (cmd) {
    case EVTCHNOP_send:
        return evtchn_op_send(d, port);
    case EVTCHNOP_close:
        return evtchn_op_close(d, port);
    default:
        return evtchn_op_unmask(d, port);
    }
}

long do_event_channel_op(unsigned long cmd, uint64_t arg)
{
    struct domain *d = current->domain;

    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        return evtchn_op_alloc_unbound(d, arg);
    case EVTCHNOP_bind_interdomain:
        return evtchn_op_bind_interdomain(d, arg);
    case EVTCHNOP_bind_virq:
        return evtchn_op_bind_virq(d, arg);
    case EVTCHNOP_status:
        return evtchn_op_status(d, arg);
    case EVTCHNOP_send:
    case EVTCHNOP_close:
    case EVTCHNOP_unmask:
        return evtchn_port_op(d, cmd, arg);
    default:
        return -ENOSYS;
    }
}
