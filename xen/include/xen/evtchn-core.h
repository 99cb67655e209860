/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event-channel state, the portable part: each domain's table of ports and
 * the pending and mask bits in its shared info page.  The hypervisor's glue
 * (common/event_channel.c) finds the domains, takes the locks, and wakes
 * vCPUs; everything here works on tables and pages passed in.
 *
 * Port 0 is never allocated (as in Xen), so 0 can mean "none".
 */
#ifndef XEN_EVTCHN_CORE_H
#define XEN_EVTCHN_CORE_H

#include <public/event_channel.h>
#include <xen/types.h>

enum evtchn_state {
    ECS_FREE = 0,
    ECS_UNBOUND,     /* waiting for remote_dom to bind */
    ECS_INTERDOMAIN, /* connected to remote_dom:remote_port */
    ECS_XEN,         /* the other end is the hypervisor (e.g. ioreq) */
};

struct evtchn {
    uint8_t state;          /* enum evtchn_state */
    uint8_t pad;
    domid_t remote_dom;
    evtchn_port_t remote_port;
    uint32_t notify_vcpu;   /* vCPU whose vcpu_info is flagged */
};

struct evtchn_table {
    unsigned int nr_ports;  /* ports [0, nr_ports) may be used */
    unsigned int nr_in_use;
    struct evtchn port[EVTCHN_MAX_PORTS];
};

/* An empty table of nr_ports ports, clamped to EVTCHN_MAX_PORTS. */
void evtchn_table_init(struct evtchn_table *t, unsigned int nr_ports);

/*
 * The lowest free port (>= 1) set to state, ECS_UNBOUND or ECS_XEN, with
 * remote_dom and notify_vcpu 0.  Returns the port, -ENOSPC if none is
 * free, or -EINVAL for another state.
 */
int evtchn_alloc_port(struct evtchn_table *t, enum evtchn_state state,
                      domid_t remote_dom);

/*
 * Put port back in use as from describes it (live update's restore).
 * Returns 0, or -EINVAL if the port is out of range or in use, or the
 * state is not one of a port in use.
 */
int evtchn_restore_port(struct evtchn_table *t, evtchn_port_t port,
                        const struct evtchn *from);

/*
 * Connect local port lport of domain ldom to port rport of table r (domain
 * rdom), which must be ECS_UNBOUND for ldom; lport must be ECS_UNBOUND for
 * rdom (the caller allocates it for this bind).  A domain may connect two
 * of its ports (loopback: l == r and ldom == rdom), never a port to itself.
 * Returns 0, or -EINVAL with neither table changed.
 */
int evtchn_connect(struct evtchn_table *l, domid_t ldom, evtchn_port_t lport,
                   struct evtchn_table *r, domid_t rdom, evtchn_port_t rport);

/*
 * Close port of t (domain dom); if it was interdomain, the remote end (in
 * r, which may be t itself) goes back to ECS_UNBOUND for dom, provided it
 * still names dom:port (r may be NULL or wrong: the remote end is then left
 * alone).  Returns 0 or -EINVAL for a port that is not in use.  The port's
 * pending and mask bits are the caller's to clear.
 */
int evtchn_close_port(struct evtchn_table *t, domid_t dom,
                      evtchn_port_t port, struct evtchn_table *r);

/* The port's entry if it is in use, else NULL. */
struct evtchn *evtchn_lookup(struct evtchn_table *t, evtchn_port_t port);

typedef int (*evtchn_port_fn)(void *ctx, evtchn_port_t port, struct evtchn *e);

/*
 * Call fn for every port in use, lowest first, until it returns non-zero,
 * which is then returned (0 once every port is visited).  The walk stops at
 * the last port in use rather than at nr_ports: ports are handed out lowest
 * first, so that is near the start of a table of thousands.
 */
int evtchn_for_each_port(struct evtchn_table *t, evtchn_port_fn fn, void *ctx);

struct shared_info;

/*
 * Mark port pending in si for vCPU vcpu (and, if it was not pending and is
 * not masked, the vCPU's selector bit and evtchn_upcall_pending).  Returns
 * true if the vCPU should be woken: the port was not already pending and
 * is not masked.  An out-of-range port or vCPU is a no-op returning false.
 */
bool evtchn_set_pending(struct shared_info *si, evtchn_port_t port,
                        unsigned int vcpu);

/*
 * Clear the mask bit; if the port is pending, flag vCPU vcpu as above and
 * return true (wake it).  Out of range: a no-op returning false.
 */
bool evtchn_unmask(struct shared_info *si, evtchn_port_t port,
                   unsigned int vcpu);

bool evtchn_is_pending(const struct shared_info *si, evtchn_port_t port);

#endif /* XEN_EVTCHN_CORE_H */
