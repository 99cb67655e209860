/* SPDX-License-Identifier: GPL-2.0-only */
/* Event channels: the hypervisor side (common/event_channel.c). */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H

#include <public/event_channel.h>
#include <xen/evtchn-core.h>

struct domain;
struct vcpu;

/* The domain's port table; 0 or -ENOMEM. */
int evtchn_domain_init(struct domain *d);

/* Close every port (remote ends become unbound) and free the table. */
void evtchn_domain_destroy(struct domain *d);

/* Make port of d pending and wake the vCPU it notifies if it should. */
void evtchn_notify(struct domain *d, evtchn_port_t port);

/*
 * A port of d whose other end is the hypervisor, on behalf of domain
 * remote (an ioreq channel).  Returns the port or a negative errno.
 */
int evtchn_alloc_xen_port(struct domain *d, domid_t remote);

/*
 * Whether port of d is still one evtchn_alloc_xen_port(d, remote) gave:
 * d may have closed it, and a new port of another kind taken its number.
 * Check before notifying or closing a port remembered elsewhere.
 */
bool evtchn_xen_port_bound(struct domain *d, evtchn_port_t port,
                           domid_t remote);

/* Raise virtual interrupt virq (public/event_channel.h) in d, if bound. */
void send_guest_virq(struct domain *d, unsigned int virq);

/*
 * Wake a blocked vCPU (end of block, poll, or ioreq wait); one with an
 * I/O request pending stays blocked until the request completes.
 */
void vcpu_unblock(struct vcpu *v);

#endif /* XEN_EVENT_H */
