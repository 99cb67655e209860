/* SPDX-License-Identifier: MIT */
/*
 * event_channel_op(cmd, arg): event channels between domains.  A port is
 * pending when its bit in shared_info.evtchn_pending is set; sending to a
 * port sets the bit at the other end (and the selector bit and
 * evtchn_upcall_pending of the vCPU it is bound to) and wakes that vCPU.
 * A guest clears pending bits itself.
 */
#ifndef PUBLIC_EVENT_CHANNEL_H
#define PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

typedef uint32_t evtchn_port_t;

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_unmask           9

/* A new port in dom that remote_dom may bind to. */
struct evtchn_alloc_unbound {
    domid_t dom;        /* DOMID_SELF, or another domain if privileged */
    domid_t remote_dom;
    evtchn_port_t port; /* out */
};

struct evtchn_bind_interdomain {
    domid_t remote_dom;
    uint16_t pad;
    evtchn_port_t remote_port;
    evtchn_port_t local_port; /* out */
};

/*
 * Virtual interrupts: events the hypervisor raises itself.  VIRQ_CONSOLE
 * (console input arrived) and VIRQ_DOM_EXC (a domain shut down or
 * crashed) are for the control domain only.
 */
#define VIRQ_CONSOLE 2
#define VIRQ_DOM_EXC 3
#define NR_VIRQS     8

struct evtchn_bind_virq {
    uint32_t virq;
    uint32_t vcpu;
    evtchn_port_t port; /* out */
};

struct evtchn_send {
    evtchn_port_t port;
};

struct evtchn_close {
    evtchn_port_t port;
};

struct evtchn_unmask {
    evtchn_port_t port;
};

#define EVTCHNSTAT_closed       0
#define EVTCHNSTAT_unbound      1
#define EVTCHNSTAT_interdomain  2

struct evtchn_status {
    domid_t dom;          /* DOMID_SELF, or another if privileged */
    uint16_t pad;
    evtchn_port_t port;
    uint32_t status;      /* out: EVTCHNSTAT_* */
    domid_t remote_dom;   /* out, for unbound and interdomain */
    uint16_t pad1;
    evtchn_port_t remote_port; /* out, for interdomain */
};

#endif /* PUBLIC_EVENT_CHANNEL_H */
