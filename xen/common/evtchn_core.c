/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event-channel state, the portable part: a domain's table of ports (which
 * are free, offered to another domain, connected, or ending in the
 * hypervisor) and the 2-level pending/mask bits of Xen's ABI in a shared
 * info page.  It touches only the tables and pages it is given, so the host
 * unit tests drive it exactly as the hypervisor glue (event_channel.c) does;
 * the glue finds domains, checks privilege and takes the locks.
 *
 * The pending and mask bits live in memory the guest writes at the same
 * time from its own CPUs, so every access to the shared info page here is an
 * atomic read-modify-write or load (sequentially consistent).  Delivery
 * sets the port's pending bit, then the selector bit, then
 * evtchn_upcall_pending: the reverse of the order in which a guest's upcall
 * handler reads and clears them, so a guest never misses an event.
 */
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/evtchn-core.h>
#include <xen/lib.h>
#include <xen/string.h>

#define EVTCHN_WORD_BITS 64

BUILD_BUG_ON(EVTCHN_MAX_PORTS != EVTCHN_WORDS * EVTCHN_WORD_BITS);
BUILD_BUG_ON(EVTCHN_WORDS > 64); /* one selector bit per word */

/* ---- Port table ---------------------------------------------------------- */

/* An empty table with ports [0, nr_ports), clamped to EVTCHN_MAX_PORTS. */
void evtchn_table_init(struct evtchn_table *t, unsigned int nr_ports)
{
    memset(t, 0, sizeof(*t));
    t->nr_ports = min(nr_ports, (unsigned int)EVTCHN_MAX_PORTS);
}

/* True if port names an entry of t that may ever be used (not port 0). */
static bool port_valid(const struct evtchn_table *t, evtchn_port_t port)
{
    return port != 0 && port < t->nr_ports;
}

struct evtchn *evtchn_lookup(struct evtchn_table *t, evtchn_port_t port)
{
    if (!port_valid(t, port) || t->port[port].state == ECS_FREE)
        return NULL;
    return &t->port[port];
}

int evtchn_for_each_port(struct evtchn_table *t, evtchn_port_fn fn, void *ctx)
{
    unsigned int seen = 0;
    evtchn_port_t port;
    int rc;

    for (port = 1; seen < t->nr_in_use && port < t->nr_ports; port++) {
        if (t->port[port].state == ECS_FREE)
            continue;
        seen++;
        if ((rc = fn(ctx, port, &t->port[port])))
            return rc;
    }
    return 0;
}

/*
 * The lowest free port >= 1, set to state (ECS_UNBOUND or ECS_XEN) with
 * remote_dom and notify_vcpu 0.  Returns the port, -EINVAL for another
 * state, or -ENOSPC if every port is in use.
 */
int evtchn_alloc_port(struct evtchn_table *t, enum evtchn_state state,
                      domid_t remote_dom)
{
    evtchn_port_t port;

    if (state != ECS_UNBOUND && state != ECS_XEN)
        return -EINVAL;
    for (port = 1; port < t->nr_ports; port++) {
        struct evtchn *e = &t->port[port];

        if (e->state != ECS_FREE)
            continue;
        memset(e, 0, sizeof(*e));
        e->state = state;
        e->remote_dom = remote_dom;
        t->nr_in_use++;
        return port;
    }
    return -ENOSPC;
}

int evtchn_restore_port(struct evtchn_table *t, evtchn_port_t port,
                        const struct evtchn *from)
{
    if (!port_valid(t, port) || t->port[port].state != ECS_FREE ||
        from->state == ECS_FREE || from->state > ECS_XEN)
        return -EINVAL;
    t->port[port] = *from;
    t->nr_in_use++;
    return 0;
}

/*
 * Both ends must be ECS_UNBOUND and offered to each other: lport (which the
 * caller allocated for this bind) to rdom, rport to ldom.  A domain may
 * connect two of its own ports (loopback; then l == r and ldom == rdom) but
 * never a port to itself.  On success both ends are ECS_INTERDOMAIN and name
 * each other; on -EINVAL nothing has changed.
 */
int evtchn_connect(struct evtchn_table *l, domid_t ldom, evtchn_port_t lport,
                   struct evtchn_table *r, domid_t rdom, evtchn_port_t rport)
{
    struct evtchn *le, *re;

    if ((l == r) != (ldom == rdom))
        return -EINVAL; /* the caller mixed up domains and tables */
    if (!port_valid(l, lport) || !port_valid(r, rport) ||
        (l == r && lport == rport))
        return -EINVAL;
    le = &l->port[lport];
    re = &r->port[rport];
    if (le->state != ECS_UNBOUND || le->remote_dom != rdom ||
        re->state != ECS_UNBOUND || re->remote_dom != ldom)
        return -EINVAL;

    le->state = ECS_INTERDOMAIN;
    le->remote_port = rport;
    re->state = ECS_INTERDOMAIN;
    re->remote_port = lport;
    return 0;
}

/*
 * Free port of t (domain dom).  If it was ECS_INTERDOMAIN and its peer in r
 * still names dom:port, the peer goes back to ECS_UNBOUND offered to dom,
 * as in Xen, so dom (or a domain later given its id) may bind it again.  A
 * peer that does not name us back (r is NULL, or not the peer's table) is
 * left alone.  Returns 0, or -EINVAL if port is not in use.
 */
int evtchn_close_port(struct evtchn_table *t, domid_t dom, evtchn_port_t port,
                      struct evtchn_table *r)
{
    struct evtchn *e = evtchn_lookup(t, port);
    struct evtchn *peer;

    if (!e)
        return -EINVAL;
    if (e->state == ECS_INTERDOMAIN && r) {
        peer = evtchn_lookup(r, e->remote_port);
        if (peer && peer->state == ECS_INTERDOMAIN && peer->remote_dom == dom &&
            peer->remote_port == port) {
            peer->state = ECS_UNBOUND;
            peer->remote_port = 0;
        }
    }
    memset(e, 0, sizeof(*e));
    BUG_ON(t->nr_in_use == 0);
    t->nr_in_use--;
    return 0;
}

/* ---- Pending and mask bits in the shared info page ----------------------- */

static uint64_t port_bit(evtchn_port_t port)
{
    return 1ULL << (port % EVTCHN_WORD_BITS);
}

/*
 * Tell vCPU vcpu that word holds a pending port: its selector bit, then
 * evtchn_upcall_pending.  The guest clears both itself.
 */
static void flag_vcpu(struct shared_info *si, unsigned int word,
                      unsigned int vcpu)
{
    struct vcpu_info *vi = &si->vcpu_info[vcpu];

    __atomic_fetch_or(&vi->evtchn_pending_sel, 1ULL << word, __ATOMIC_SEQ_CST);
    __atomic_store_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
}

/*
 * Out-of-range ports and vCPUs are a no-op returning false: callers check
 * them earlier, but nothing here may write outside the page.
 */
bool evtchn_set_pending(struct shared_info *si, evtchn_port_t port,
                        unsigned int vcpu)
{
    unsigned int word = port / EVTCHN_WORD_BITS;
    uint64_t bit = port_bit(port);

    if (port >= EVTCHN_MAX_PORTS || vcpu >= XEN_LEGACY_MAX_VCPUS)
        return false;
    if (__atomic_fetch_or(&si->evtchn_pending[word], bit, __ATOMIC_SEQ_CST) &
        bit)
        return false; /* already pending: the guest has yet to see it */
    if (__atomic_load_n(&si->evtchn_mask[word], __ATOMIC_SEQ_CST) & bit)
        return false; /* masked: evtchn_unmask() delivers it */
    flag_vcpu(si, word, vcpu);
    return true;
}

/*
 * Unlike Xen, which delivers only when the mask bit was set, a pending port
 * is delivered whatever the mask was, so a guest that cleared the mask bit
 * itself before asking still gets its event; at worst a spurious wake.
 */
bool evtchn_unmask(struct shared_info *si, evtchn_port_t port,
                   unsigned int vcpu)
{
    unsigned int word = port / EVTCHN_WORD_BITS;
    uint64_t bit = port_bit(port);

    if (port >= EVTCHN_MAX_PORTS || vcpu >= XEN_LEGACY_MAX_VCPUS)
        return false;
    __atomic_fetch_and(&si->evtchn_mask[word], ~bit, __ATOMIC_SEQ_CST);
    if (!(__atomic_load_n(&si->evtchn_pending[word], __ATOMIC_SEQ_CST) & bit))
        return false;
    flag_vcpu(si, word, vcpu);
    return true;
}

bool evtchn_is_pending(const struct shared_info *si, evtchn_port_t port)
{
    uint64_t word;

    if (port >= EVTCHN_MAX_PORTS)
        return false;
    word = __atomic_load_n(&si->evtchn_pending[port / EVTCHN_WORD_BITS],
                           __ATOMIC_SEQ_CST);
    return word & port_bit(port);
}
