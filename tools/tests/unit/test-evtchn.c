/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for event-channel state (xen/common/evtchn_core.c).  Port
 * tables: allocation (lowest free first, never port 0, -ENOSPC when full),
 * binding between domains and within one (loopback) with every way a bind
 * can be refused leaving both tables untouched, closing either end first
 * and binding again afterwards.  Pending bits: Xen's 2-level rules for
 * masked, already pending and unmasked ports, the selector and upcall bits,
 * and out-of-range ports and vCPUs never writing to the page.  Two
 * simulations check that no event is lost: a ping-pong between two domains
 * over 100000 events (with a guest-side upcall handler and masking), and a
 * second thread clearing bits as a guest's CPU would while events are sent.
 * The last test drives random allocs, binds and closes across three
 * domains and checks after each step that both ends of every channel name
 * each other and that nr_in_use is the number of ports in use.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <cmocka.h>

#include <public/xen.h>
#include <xen/errno.h>
#include <xen/evtchn-core.h>
#include <xen/lib.h>
#include "harness.h"

/* ---- Helpers ------------------------------------------------------------- */

static struct evtchn_table *new_table(unsigned int nr_ports)
{
    struct evtchn_table *t = malloc(sizeof(*t));

    assert_non_null(t);
    memset(t, 0xa5, sizeof(*t)); /* init must not rely on zeroed memory */
    evtchn_table_init(t, nr_ports);
    return t;
}

static struct shared_info *new_shared_info(void)
{
    struct shared_info *si = calloc(1, XEN_PAGE_SIZE);

    assert_non_null(si);
    return si;
}

/* Ports of t in use; those beyond nr_ports must all be zero. */
static unsigned int count_in_use(const struct evtchn_table *t)
{
    static const struct evtchn zero;
    unsigned int port, n = 0;

    for (port = t->nr_ports; port < EVTCHN_MAX_PORTS; port++)
        assert_memory_equal(&t->port[port], &zero, sizeof(zero));
    for (port = 0; port < t->nr_ports; port++)
        if (t->port[port].state != ECS_FREE)
            n++;
    return n;
}

/* Allocate a port of t offered to remote. */
static evtchn_port_t offer(struct evtchn_table *t, domid_t remote)
{
    int rc = evtchn_alloc_port(t, ECS_UNBOUND, remote);

    assert_true(rc > 0);
    return rc;
}

/* What the glue does for bind_interdomain: a fresh local port, then connect. */
static int bind(struct evtchn_table *l, domid_t ldom, struct evtchn_table *r,
                domid_t rdom, evtchn_port_t rport)
{
    int lport = evtchn_alloc_port(l, ECS_UNBOUND, rdom);
    int rc;

    if (lport < 0)
        return lport;
    rc = evtchn_connect(l, ldom, lport, r, rdom, rport);
    if (rc) {
        assert_int_equal(evtchn_close_port(l, ldom, lport, l), 0);
        return rc;
    }
    return lport;
}

static void check_end(struct evtchn_table *t, evtchn_port_t port,
                      enum evtchn_state state, domid_t remote_dom,
                      evtchn_port_t remote_port)
{
    struct evtchn *e = evtchn_lookup(t, port);

    assert_non_null(e);
    assert_int_equal(e->state, state);
    assert_int_equal(e->remote_dom, remote_dom);
    assert_int_equal(e->remote_port, remote_port);
}

/* A guest's upcall handler for vCPU vcpu: the ports it takes, in out[]. */
static unsigned int guest_upcall(struct shared_info *si, unsigned int vcpu,
                                 evtchn_port_t *out, unsigned int max)
{
    struct vcpu_info *vi = &si->vcpu_info[vcpu];
    unsigned int n = 0;
    uint64_t sel;

    if (!__atomic_exchange_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST))
        return 0;
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned int word = __builtin_ctzll(sel);
        uint64_t bits =
            __atomic_load_n(&si->evtchn_pending[word], __ATOMIC_SEQ_CST) &
            ~__atomic_load_n(&si->evtchn_mask[word], __ATOMIC_SEQ_CST);

        sel &= sel - 1;
        while (bits) {
            unsigned int b = __builtin_ctzll(bits);
            uint64_t bit = 1ULL << b, old;

            bits &= bits - 1;
            old = __atomic_fetch_and(&si->evtchn_pending[word], ~bit,
                                     __ATOMIC_SEQ_CST);
            if ((old & bit) && n < max)
                out[n++] = word * 64 + b;
        }
    }
    return n;
}

static void mask(struct shared_info *si, evtchn_port_t port)
{
    si->evtchn_mask[port / 64] |= 1ULL << (port % 64);
}

/* ---- Port tables --------------------------------------------------------- */

static void test_init(void **state)
{
    struct evtchn_table *t = new_table(EVTCHN_MAX_PORTS + 100);
    evtchn_port_t port;

    (void)state;
    assert_int_equal(t->nr_ports, EVTCHN_MAX_PORTS);
    assert_int_equal(t->nr_in_use, 0);
    assert_int_equal(count_in_use(t), 0);
    for (port = 0; port < EVTCHN_MAX_PORTS + 2; port++)
        assert_null(evtchn_lookup(t, port));
    assert_null(evtchn_lookup(t, UINT32_MAX));

    evtchn_table_init(t, 0);
    assert_int_equal(evtchn_alloc_port(t, ECS_UNBOUND, 1), -ENOSPC);
    evtchn_table_init(t, 1); /* only port 0, which is never handed out */
    assert_int_equal(evtchn_alloc_port(t, ECS_UNBOUND, 1), -ENOSPC);
    free(t);
}

static void fill(struct evtchn_table *t, unsigned int nr_ports)
{
    evtchn_port_t port;

    for (port = 1; port < nr_ports; port++)
        assert_int_equal(evtchn_alloc_port(t, ECS_UNBOUND, 7), port);
    assert_int_equal(evtchn_alloc_port(t, ECS_UNBOUND, 7), -ENOSPC);
    assert_int_equal(evtchn_alloc_port(t, ECS_XEN, 7), -ENOSPC);
    assert_int_equal(t->nr_in_use, nr_ports - 1);
    assert_int_equal(count_in_use(t), nr_ports - 1);
    assert_null(evtchn_lookup(t, 0));
}

static void test_alloc_until_full(void **state)
{
    struct evtchn_table *t = new_table(64);

    (void)state;
    fill(t, 64);
    check_end(t, 1, ECS_UNBOUND, 7, 0);
    assert_int_equal(evtchn_lookup(t, 63)->notify_vcpu, 0);

    /* The lowest free port comes back first. */
    assert_int_equal(evtchn_close_port(t, 3, 40, t), 0);
    assert_int_equal(evtchn_close_port(t, 3, 9, t), 0);
    assert_int_equal(t->nr_in_use, 61);
    assert_int_equal(evtchn_alloc_port(t, ECS_XEN, 0), 9);
    check_end(t, 9, ECS_XEN, 0, 0);
    assert_int_equal(evtchn_alloc_port(t, ECS_UNBOUND, 2), 40);
    assert_int_equal(evtchn_alloc_port(t, ECS_UNBOUND, 2), -ENOSPC);

    /* The largest table too. */
    evtchn_table_init(t, EVTCHN_MAX_PORTS);
    fill(t, EVTCHN_MAX_PORTS);
    free(t);
}

static void test_alloc_bad_state(void **state)
{
    struct evtchn_table *t = new_table(8);

    (void)state;
    assert_int_equal(evtchn_alloc_port(t, ECS_FREE, 1), -EINVAL);
    assert_int_equal(evtchn_alloc_port(t, ECS_INTERDOMAIN, 1), -EINVAL);
    assert_int_equal(evtchn_alloc_port(t, 99, 1), -EINVAL);
    assert_int_equal(t->nr_in_use, 0);
    assert_int_equal(count_in_use(t), 0);
    free(t);
}

/* Live update's restore puts ports back exactly as they were. */
static void test_restore_port(void **state)
{
    struct evtchn_table *t = new_table(64);
    struct evtchn e = {.state = ECS_INTERDOMAIN, .remote_dom = 2,
                       .remote_port = 17, .notify_vcpu = 1};
    struct evtchn bad = {.state = ECS_XEN + 1};

    (void)state;
    assert_int_equal(evtchn_restore_port(t, 5, &e), 0);
    check_end(t, 5, ECS_INTERDOMAIN, 2, 17);
    assert_int_equal(evtchn_lookup(t, 5)->notify_vcpu, 1);
    assert_int_equal(t->nr_in_use, 1);
    /* In use, port 0, out of range, a free or unknown state: refused. */
    assert_int_equal(evtchn_restore_port(t, 5, &e), -EINVAL);
    assert_int_equal(evtchn_restore_port(t, 0, &e), -EINVAL);
    assert_int_equal(evtchn_restore_port(t, 64, &e), -EINVAL);
    e.state = ECS_FREE;
    assert_int_equal(evtchn_restore_port(t, 6, &e), -EINVAL);
    assert_int_equal(evtchn_restore_port(t, 6, &bad), -EINVAL);
    assert_int_equal(t->nr_in_use, 1);
    /* Allocation goes on around restored ports. */
    assert_int_equal(evtchn_alloc_port(t, ECS_UNBOUND, 3), 1);
    free(t);
}

struct visit_log {
    evtchn_port_t port[8];
    unsigned int n, stop_at;
};

static int visit(void *ctx, evtchn_port_t port, struct evtchn *e)
{
    struct visit_log *log = ctx;

    assert_int_not_equal(e->state, ECS_FREE);
    assert_true(log->n < 8);
    log->port[log->n++] = port;
    return log->n == log->stop_at ? 7 : 0; /* any non-zero */
}

/* Every port in use, lowest first, holes and all; a non-zero stops it. */
static void test_for_each_port(void **state)
{
    struct evtchn_table *t = new_table(EVTCHN_MAX_PORTS);
    struct evtchn e = {.state = ECS_XEN};
    struct visit_log log = {.n = 0};

    (void)state;
    assert_int_equal(evtchn_for_each_port(t, visit, &log), 0);
    assert_int_equal(log.n, 0);
    assert_int_equal(evtchn_alloc_port(t, ECS_UNBOUND, 3), 1);
    assert_int_equal(evtchn_alloc_port(t, ECS_UNBOUND, 3), 2);
    assert_int_equal(evtchn_alloc_port(t, ECS_UNBOUND, 3), 3);
    assert_int_equal(evtchn_close_port(t, 1, 2, NULL), 0);
    assert_int_equal(evtchn_restore_port(t, EVTCHN_MAX_PORTS - 1, &e), 0);
    assert_int_equal(evtchn_for_each_port(t, visit, &log), 0);
    assert_int_equal(log.n, 3);
    assert_int_equal(log.port[0], 1);
    assert_int_equal(log.port[1], 3);
    assert_int_equal(log.port[2], EVTCHN_MAX_PORTS - 1);
    log = (struct visit_log){.stop_at = 2};
    assert_int_equal(evtchn_for_each_port(t, visit, &log), 7);
    assert_int_equal(log.n, 2);
    free(t);
}

static void test_connect(void **state)
{
    struct evtchn_table *a = new_table(32), *b = new_table(32);
    evtchn_port_t pa, pb;

    (void)state;
    offer(a, 9);      /* port 1, offered to someone else */
    pa = offer(a, 2); /* port 2, for domain 2 */
    offer(b, 1);      /* b's port 1 is busy, so the bind gets port 2 */
    pb = bind(b, 2, a, 1, pa);
    assert_int_equal(pb, 2);
    check_end(a, pa, ECS_INTERDOMAIN, 2, pb);
    check_end(b, pb, ECS_INTERDOMAIN, 1, pa);
    assert_int_equal(a->nr_in_use, 2);
    assert_int_equal(b->nr_in_use, 2);
    free(a);
    free(b);
}

/* evtchn_connect() must fail with -EINVAL and change neither table. */
static void refuse(struct evtchn_table *l, domid_t ldom, evtchn_port_t lport,
                   struct evtchn_table *r, domid_t rdom, evtchn_port_t rport)
{
    static struct evtchn_table before_l, before_r;

    memcpy(&before_l, l, sizeof(*l));
    memcpy(&before_r, r, sizeof(*r));
    assert_int_equal(evtchn_connect(l, ldom, lport, r, rdom, rport), -EINVAL);
    assert_memory_equal(&before_l, l, sizeof(*l));
    assert_memory_equal(&before_r, r, sizeof(*r));
}

static void test_connect_invalid(void **state)
{
    struct evtchn_table *a = new_table(32), *b = new_table(32);
    evtchn_port_t for_3 = offer(a, 3), for_2 = offer(a, 2);
    evtchn_port_t xen = evtchn_alloc_port(a, ECS_XEN, 2);
    evtchn_port_t l = offer(b, 1), l_other = offer(b, 3);
    evtchn_port_t a_self = offer(a, 1), l_self = offer(b, 1);
    evtchn_port_t peer, l2;

    (void)state;
    refuse(b, 2, l, a, 1, for_3); /* offered to another domain */
    refuse(b, 2, l, a, 1, 20);    /* free remote port */
    refuse(b, 2, l, a, 1, xen);   /* remote ends in the hypervisor */
    refuse(b, 2, l, a, 1, 0);     /* port 0 */
    refuse(b, 2, l, a, 1, 32);    /* out of range */
    refuse(b, 2, l, a, 1, EVTCHN_MAX_PORTS);
    refuse(b, 2, l, a, 1, UINT32_MAX);
    refuse(b, 2, 0, a, 1, for_2);       /* local port 0 */
    refuse(b, 2, 32, a, 1, for_2);      /* local out of range */
    refuse(b, 2, 20, a, 1, for_2);      /* local port free */
    refuse(b, 2, l_other, a, 1, for_2); /* local port offered elsewhere */
    refuse(b, 2, l, a, 3, for_2);       /* wrong name for the remote domain */
    /* Tables and domain ids that do not match, though the offers would. */
    refuse(b, 1, l_self, a, 1, a_self); /* two tables, one domain id */
    refuse(a, 1, for_2, a, 2, a_self);  /* one table, two domain ids */

    /* A remote port already bound, and a local port already bound. */
    assert_int_equal(evtchn_connect(b, 2, l, a, 1, for_2), 0);
    l2 = offer(b, 1);
    refuse(b, 2, l2, a, 1, for_2);
    peer = offer(a, 2);
    refuse(b, 2, l, a, 1, peer);

    /* Bound ends are untouched by all of the above. */
    check_end(a, for_2, ECS_INTERDOMAIN, 2, l);
    check_end(b, l, ECS_INTERDOMAIN, 1, for_2);
    free(a);
    free(b);
}

static void test_loopback(void **state)
{
    struct evtchn_table *t = new_table(16);
    evtchn_port_t p = offer(t, 4), q;

    (void)state;
    /* A port offered to its own domain may not be bound to itself. */
    refuse(t, 4, p, t, 4, p);

    q = bind(t, 4, t, 4, p);
    assert_int_equal(q, 2);
    check_end(t, p, ECS_INTERDOMAIN, 4, q);
    check_end(t, q, ECS_INTERDOMAIN, 4, p);
    assert_int_equal(t->nr_in_use, 2);

    assert_int_equal(evtchn_close_port(t, 4, q, t), 0);
    check_end(t, p, ECS_UNBOUND, 4, 0);
    assert_null(evtchn_lookup(t, q));
    assert_int_equal(t->nr_in_use, 1);

    /* Bound again, then closed from the other end. */
    q = bind(t, 4, t, 4, p);
    assert_int_equal(q, 2);
    assert_int_equal(evtchn_close_port(t, 4, p, t), 0);
    check_end(t, q, ECS_UNBOUND, 4, 0);
    assert_int_equal(evtchn_close_port(t, 4, q, t), 0);
    assert_int_equal(t->nr_in_use, 0);
    free(t);
}

/* Close one end of a 1:pa <-> 2:pb channel, then the other. */
static void close_in_order(bool a_first)
{
    struct evtchn_table *a = new_table(16), *b = new_table(16);
    evtchn_port_t pa = offer(a, 2), pb = bind(b, 2, a, 1, pa);
    struct evtchn_table *t1 = a_first ? a : b, *t2 = a_first ? b : a;
    domid_t d1 = a_first ? 1 : 2, d2 = a_first ? 2 : 1;
    evtchn_port_t p1 = a_first ? pa : pb, p2 = a_first ? pb : pa;

    assert_int_equal(evtchn_close_port(t1, d1, p1, t2), 0);
    assert_null(evtchn_lookup(t1, p1));
    check_end(t2, p2, ECS_UNBOUND, d1, 0);
    assert_int_equal(evtchn_close_port(t1, d1, p1, t2), -EINVAL);

    assert_int_equal(evtchn_close_port(t2, d2, p2, t2), 0);
    assert_null(evtchn_lookup(t2, p2));
    assert_int_equal(a->nr_in_use, 0);
    assert_int_equal(b->nr_in_use, 0);
    assert_int_equal(count_in_use(a) + count_in_use(b), 0);
    free(a);
    free(b);
}

static void test_close_both_orders(void **state)
{
    (void)state;
    close_in_order(true);
    close_in_order(false);
}

static void test_close_invalid(void **state)
{
    struct evtchn_table *a = new_table(16), *b = new_table(16);
    struct evtchn_table *c = new_table(16);
    evtchn_port_t pa1 = offer(a, 3), pc = bind(c, 3, a, 1, pa1);
    evtchn_port_t pa = offer(a, 2), pb = bind(b, 2, a, 1, pa);

    (void)state;
    assert_int_equal(evtchn_close_port(a, 1, 0, b), -EINVAL);
    assert_int_equal(evtchn_close_port(a, 1, 5, b), -EINVAL);
    assert_int_equal(evtchn_close_port(a, 1, 16, b), -EINVAL);
    assert_int_equal(evtchn_close_port(a, 1, UINT32_MAX, b), -EINVAL);
    assert_int_equal(a->nr_in_use, 2);

    /*
     * a:2 <-> b:1 and a:1 <-> c:1, so port 1 of the wrong table (a or c)
     * is bound, but not to a:2: it is left alone, as is the real peer.
     */
    assert_int_equal(pb, pc);
    assert_int_equal(evtchn_close_port(a, 1, pa, a), 0);
    assert_int_equal(evtchn_close_port(a, 1, pa, c), -EINVAL);
    check_end(a, pa1, ECS_INTERDOMAIN, 3, pc);
    check_end(c, pc, ECS_INTERDOMAIN, 1, pa1);
    check_end(b, pb, ECS_INTERDOMAIN, 1, pa);
    assert_int_equal(evtchn_close_port(b, 2, pb, NULL), 0); /* no table */

    /* a:2 <-> b:1 again, closed with c: c:1 names a:1, not a:2. */
    pb = offer(b, 1);
    pa = bind(a, 1, b, 2, pb);
    assert_int_equal(pa, 2);
    assert_int_equal(evtchn_close_port(a, 1, pa, c), 0);
    check_end(c, pc, ECS_INTERDOMAIN, 1, pa1);
    check_end(b, pb, ECS_INTERDOMAIN, 1, pa);
    assert_int_equal(evtchn_close_port(b, 2, pb, NULL), 0);

    /* Closed under the wrong domain id: c:1 names domain 1, not 9. */
    assert_int_equal(evtchn_close_port(a, 9, pa1, c), 0);
    check_end(c, pc, ECS_INTERDOMAIN, 1, pa1);
    assert_int_equal(a->nr_in_use + b->nr_in_use, 0);

    /* Unbound and hypervisor ports need no peer. */
    assert_int_equal(evtchn_alloc_port(b, ECS_XEN, 0), 1);
    assert_int_equal(evtchn_close_port(b, 2, 1, NULL), 0);
    assert_int_equal(offer(b, 1), 1);
    assert_int_equal(evtchn_close_port(b, 2, 1, a), 0);
    assert_int_equal(b->nr_in_use, 0);
    free(a);
    free(b);
    free(c);
}

static void test_rebind_after_close(void **state)
{
    struct evtchn_table *a = new_table(16), *b = new_table(16);
    struct evtchn_table *c = new_table(16);
    evtchn_port_t pa = offer(a, 2), pb;
    int i;

    (void)state;
    for (i = 0; i < 5; i++) {
        pb = bind(b, 2, a, 1, pa);
        assert_int_equal(pb, 1); /* the port freed by the close comes back */
        check_end(a, pa, ECS_INTERDOMAIN, 2, pb);
        assert_int_equal(evtchn_close_port(b, 2, pb, a), 0);
        check_end(a, pa, ECS_UNBOUND, 2, 0);
    }
    /* Still offered to domain 2 only. */
    assert_int_equal(bind(c, 3, a, 1, pa), -EINVAL);
    assert_int_equal(c->nr_in_use, 0);

    /* After the offering end closes, the binder's port is offered back. */
    pb = bind(b, 2, a, 1, pa);
    assert_int_equal(evtchn_close_port(a, 1, pa, b), 0);
    check_end(b, pb, ECS_UNBOUND, 1, 0);
    pa = bind(a, 1, b, 2, pb);
    assert_int_equal(pa, 1);
    check_end(b, pb, ECS_INTERDOMAIN, 1, pa);
    free(a);
    free(b);
    free(c);
}

/* ---- Pending bits -------------------------------------------------------- */

static void test_set_pending(void **state)
{
    struct shared_info *si = new_shared_info();
    struct vcpu_info *vi = &si->vcpu_info[3];

    (void)state;
    assert_false(evtchn_is_pending(si, 70));
    assert_true(evtchn_set_pending(si, 70, 3));
    assert_true(evtchn_is_pending(si, 70));
    assert_int_equal(si->evtchn_pending[1], 1ULL << 6);
    assert_int_equal(vi->evtchn_pending_sel, 1ULL << 1);
    assert_int_equal(vi->evtchn_upcall_pending, 1);
    assert_int_equal(si->vcpu_info[0].evtchn_upcall_pending, 0);

    /* Already pending: no second wake, even after the guest took the upcall. */
    vi->evtchn_upcall_pending = 0;
    vi->evtchn_pending_sel = 0;
    assert_false(evtchn_set_pending(si, 70, 3));
    assert_int_equal(vi->evtchn_upcall_pending, 0);
    assert_int_equal(vi->evtchn_pending_sel, 0);

    /* Once the guest clears the bit, the next event wakes again. */
    si->evtchn_pending[1] = 0;
    assert_false(evtchn_is_pending(si, 70));
    assert_true(evtchn_set_pending(si, 70, 3));

    /* The last port and the last vCPU. */
    assert_true(
        evtchn_set_pending(si, EVTCHN_MAX_PORTS - 1, XEN_LEGACY_MAX_VCPUS - 1));
    vi = &si->vcpu_info[XEN_LEGACY_MAX_VCPUS - 1];
    assert_int_equal(si->evtchn_pending[EVTCHN_WORDS - 1], 1ULL << 63);
    assert_int_equal(vi->evtchn_pending_sel, 1ULL << (EVTCHN_WORDS - 1));
    assert_int_equal(vi->evtchn_upcall_pending, 1);
    free(si);
}

static void test_masked_and_unmask(void **state)
{
    struct shared_info *si = new_shared_info();
    struct vcpu_info *vi = &si->vcpu_info[0];

    (void)state;
    mask(si, 5);
    assert_false(evtchn_set_pending(si, 5, 0));
    assert_true(evtchn_is_pending(si, 5));
    assert_int_equal(vi->evtchn_pending_sel, 0);
    assert_int_equal(vi->evtchn_upcall_pending, 0);
    assert_false(evtchn_set_pending(si, 5, 0));

    /* Unmasking a pending port delivers it. */
    assert_true(evtchn_unmask(si, 5, 0));
    assert_int_equal(si->evtchn_mask[0], 0);
    assert_int_equal(vi->evtchn_pending_sel, 1);
    assert_int_equal(vi->evtchn_upcall_pending, 1);

    /* Unmasking a port that is not pending delivers nothing. */
    vi->evtchn_upcall_pending = 0;
    vi->evtchn_pending_sel = 0;
    mask(si, 200);
    assert_false(evtchn_unmask(si, 200, 0));
    assert_int_equal(si->evtchn_mask[3], 0);
    assert_int_equal(vi->evtchn_upcall_pending, 0);

    /* A pending, unmasked port is delivered again (documented as eager). */
    assert_true(evtchn_unmask(si, 5, 0));
    assert_int_equal(vi->evtchn_upcall_pending, 1);

    /* Other ports in the masked port's word are not held back. */
    memset(si, 0, XEN_PAGE_SIZE);
    mask(si, 10);
    assert_true(evtchn_set_pending(si, 11, 0));
    assert_false(evtchn_set_pending(si, 10, 0));
    free(si);
}

static void test_out_of_range(void **state)
{
    struct shared_info *si = new_shared_info();
    struct shared_info *zero = new_shared_info();

    (void)state;
    assert_false(evtchn_set_pending(si, EVTCHN_MAX_PORTS, 0));
    assert_false(evtchn_set_pending(si, UINT32_MAX, 0));
    assert_false(evtchn_set_pending(si, 1, XEN_LEGACY_MAX_VCPUS));
    assert_false(evtchn_set_pending(si, 1, UINT32_MAX));
    assert_false(evtchn_unmask(si, EVTCHN_MAX_PORTS, 0));
    assert_false(evtchn_unmask(si, 1, XEN_LEGACY_MAX_VCPUS));
    assert_false(evtchn_is_pending(si, EVTCHN_MAX_PORTS));
    assert_false(evtchn_is_pending(si, UINT32_MAX));
    assert_memory_equal(si, zero, XEN_PAGE_SIZE);

    /* A masked, pending port with a bad vCPU stays masked: nothing written. */
    mask(si, 1);
    si->evtchn_pending[0] = 2;
    memcpy(zero, si, XEN_PAGE_SIZE);
    assert_false(evtchn_unmask(si, 1, XEN_LEGACY_MAX_VCPUS));
    assert_memory_equal(si, zero, XEN_PAGE_SIZE);
    free(si);
    free(zero);
}

/* ---- No event lost ------------------------------------------------------- */

#define PING_EVENTS   100000
#define PING_CHANNELS 4

struct side {
    struct evtchn_table *t;
    struct shared_info *si;
    domid_t dom;
    unsigned long wakes, received;
};

/* Send on port of from, as EVTCHNOP_send does; returns the wake. */
static bool send(struct side *from, struct side *to, evtchn_port_t port)
{
    struct evtchn *e = evtchn_lookup(from->t, port);
    struct evtchn *re;

    assert_non_null(e);
    assert_int_equal(e->state, ECS_INTERDOMAIN);
    assert_int_equal(e->remote_dom, to->dom);
    re = evtchn_lookup(to->t, e->remote_port);
    assert_non_null(re);
    if (!evtchn_set_pending(to->si, e->remote_port, re->notify_vcpu))
        return false;
    to->wakes++;
    return true;
}

/* The receiver runs its upcall handler and must find exactly port. */
static void expect_one(struct side *s, evtchn_port_t port, unsigned int vcpu)
{
    evtchn_port_t got[8];

    assert_int_equal(guest_upcall(s->si, vcpu, got, 8), 1);
    assert_int_equal(got[0], port);
    s->received++;
}

static void test_ping_pong(void **state)
{
    struct side a = {new_table(256), new_shared_info(), 1, 0, 0};
    struct side b = {new_table(256), new_shared_info(), 2, 0, 0};
    evtchn_port_t pa[PING_CHANNELS], pb[PING_CHANNELS];
    evtchn_port_t got[8];
    unsigned int c, i;

    (void)state;
    /* Channels spread over several words; b takes the odd ones on vCPU 1. */
    for (c = 0; c < PING_CHANNELS; c++) {
        while (evtchn_alloc_port(a.t, ECS_XEN, 0) < (int)(c * 70 + 1))
            ;
        pa[c] = offer(a.t, b.dom);
        pb[c] = bind(b.t, b.dom, a.t, a.dom, pa[c]);
        assert_true(pb[c] > 0);
        evtchn_lookup(b.t, pb[c])->notify_vcpu = c & 1;
    }

    for (i = 0; i < PING_EVENTS; i += 2) {
        c = (i / 2) % PING_CHANNELS;
        if (i % 14 == 0) {
            /* b has masked the port: the ping waits until it unmasks. */
            mask(b.si, pb[c]);
            assert_false(send(&a, &b, pa[c]));
            assert_int_equal(guest_upcall(b.si, c & 1, got, 8), 0);
            assert_true(evtchn_unmask(b.si, pb[c], c & 1));
            b.wakes++;
        } else {
            assert_true(send(&a, &b, pa[c]));
        }
        expect_one(&b, pb[c], c & 1);
        assert_true(send(&b, &a, pb[c]));
        assert_false(send(&b, &a, pb[c])); /* a second pong coalesces */
        expect_one(&a, pa[c], 0);
    }
    assert_int_equal(a.received + b.received, PING_EVENTS);
    assert_int_equal(a.wakes, a.received);
    assert_int_equal(b.wakes, b.received);
    for (c = 0; c < PING_CHANNELS; c++)
        assert_false(evtchn_is_pending(a.si, pa[c]) ||
                     evtchn_is_pending(b.si, pb[c]));
    free(a.t);
    free(a.si);
    free(b.t);
    free(b.si);
}

#define RACE_EVENTS 100000
#define RACE_PORTS  8
#define RACE_BATCH  1000 /* events between waits for the guest to catch up */
#define RACE_YIELDS 20000000UL /* a wait this long means an event was lost */

struct race {
    struct shared_info *si;
    bool done;              /* the sender has finished */
    unsigned long received; /* bits the guest saw go from 1 to 0 */
};

/* The guest's CPU: take upcalls until the sender is done and none is left. */
static void *race_guest(void *arg)
{
    struct race *r = arg;
    evtchn_port_t got[RACE_PORTS];
    unsigned int n;

    for (;;) {
        bool done = __atomic_load_n(&r->done, __ATOMIC_SEQ_CST);

        n = guest_upcall(r->si, 0, got, RACE_PORTS);
        __atomic_fetch_add(&r->received, n, __ATOMIC_SEQ_CST);
        if (done && !n)
            return NULL;
    }
}

/*
 * Each wake is a port going from not pending to pending and each bit the
 * guest clears is the reverse, so once both sides stop the counts match.
 * Every RACE_BATCH events the sender waits until the guest has taken all
 * it was sent, so the guest runs during every batch even if it starts late;
 * that wait ends only if no wake was lost.
 */
static void test_concurrent_guest(void **state)
{
    static const evtchn_port_t ports[RACE_PORTS] = {
        1, 2, 63, 64, 65, 1000, 2047, EVTCHN_MAX_PORTS - 1,
    };
    struct race r = {new_shared_info(), false, 0};
    unsigned long wakes = 0, yields = 0, i;
    pthread_t guest;

    (void)state;
    assert_int_equal(pthread_create(&guest, NULL, race_guest, &r), 0);
    for (i = 0; i < RACE_EVENTS && yields < RACE_YIELDS; i++) {
        wakes +=
            evtchn_set_pending(r.si, ports[(i * 7 + i / 3) % RACE_PORTS], 0);
        if (i % RACE_BATCH != RACE_BATCH - 1)
            continue;
        while (__atomic_load_n(&r.received, __ATOMIC_SEQ_CST) != wakes &&
               ++yields < RACE_YIELDS)
            sched_yield();
    }
    __atomic_store_n(&r.done, true, __ATOMIC_SEQ_CST);
    assert_int_equal(pthread_join(guest, NULL), 0);

    print_message("evtchn race: %lu wakes for %u events\n", wakes, RACE_EVENTS);
    assert_true(yields < RACE_YIELDS);
    assert_true(wakes >= RACE_EVENTS / RACE_BATCH);
    assert_int_equal(r.received, wakes);
    for (i = 0; i < RACE_PORTS; i++)
        assert_false(evtchn_is_pending(r.si, ports[i]));
    free(r.si);
}

/* ---- Random operations across three domains ------------------------------ */

#define RANDOM_DOMS  3
#define RANDOM_PORTS 24
#define RANDOM_STEPS 20000

static const domid_t random_domid[RANDOM_DOMS] = {1, 2, 7};

/* xorshift64: deterministic, so a failure can be replayed. */
static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static int dom_index(domid_t dom)
{
    int i;

    for (i = 0; i < RANDOM_DOMS; i++)
        if (random_domid[i] == dom)
            return i;
    return -1;
}

/* Both ends of every channel name each other; counts are right. */
static void check_tables(struct evtchn_table *t[RANDOM_DOMS])
{
    unsigned int i, port;

    for (i = 0; i < RANDOM_DOMS; i++) {
        assert_int_equal(t[i]->nr_in_use, count_in_use(t[i]));
        assert_int_equal(t[i]->port[0].state, ECS_FREE);
        for (port = 1; port < RANDOM_PORTS; port++) {
            const struct evtchn *e = &t[i]->port[port];
            const struct evtchn *peer;
            int j = dom_index(e->remote_dom);

            if (e->state == ECS_FREE)
                continue;
            assert_true(e->state <= ECS_XEN);
            assert_int_equal(e->notify_vcpu, 0);
            assert_true(j >= 0);
            if (e->state != ECS_INTERDOMAIN) { /* unbound, or Xen's */
                assert_int_equal(e->remote_port, 0);
                continue;
            }
            assert_true(e->remote_port > 0 && e->remote_port < RANDOM_PORTS);
            assert_false((int)i == j && e->remote_port == port);
            peer = &t[j]->port[e->remote_port];
            assert_int_equal(peer->state, ECS_INTERDOMAIN);
            assert_int_equal(peer->remote_dom, random_domid[i]);
            assert_int_equal(peer->remote_port, port);
        }
    }
}

/* The lowest free port of t, or 0 if it is full. */
static evtchn_port_t lowest_free(const struct evtchn_table *t)
{
    evtchn_port_t port;

    for (port = 1; port < t->nr_ports; port++)
        if (t->port[port].state == ECS_FREE)
            return port;
    return 0;
}

/* Domain i binds port of domain j; the result is predicted first. */
static int random_bind(struct evtchn_table *t[RANDOM_DOMS], unsigned int i,
                       unsigned int j, evtchn_port_t port)
{
    evtchn_port_t lport = lowest_free(t[i]);
    bool ok = lport && port > 0 && port < RANDOM_PORTS &&
              t[j]->port[port].state == ECS_UNBOUND &&
              t[j]->port[port].remote_dom == random_domid[i] &&
              !(i == j && port == lport);
    int rc = bind(t[i], random_domid[i], t[j], random_domid[j], port);

    if (!lport)
        assert_int_equal(rc, -ENOSPC);
    else if (ok)
        assert_int_equal(rc, lport);
    else
        assert_int_equal(rc, -EINVAL);
    return rc;
}

/* Domain i closes port, passing the peer's table as the glue does. */
static bool random_close(struct evtchn_table *t[RANDOM_DOMS], unsigned int i,
                         evtchn_port_t port)
{
    struct evtchn *e = evtchn_lookup(t[i], port);
    struct evtchn_table *r = t[i];
    unsigned int in_use = t[i]->nr_in_use;

    if (e && e->state == ECS_INTERDOMAIN)
        r = t[dom_index(e->remote_dom)];
    assert_int_equal(evtchn_close_port(t[i], random_domid[i], port, r),
                     e ? 0 : -EINVAL);
    assert_int_equal(t[i]->nr_in_use, in_use - (e != NULL));
    return e != NULL;
}

/* A port of t offered to dom at or after start (wrapping), else start. */
static evtchn_port_t find_offer(const struct evtchn_table *t, domid_t dom,
                                evtchn_port_t start)
{
    unsigned int k;

    for (k = 0; k < RANDOM_PORTS; k++) {
        evtchn_port_t port = (start + k) % RANDOM_PORTS;

        if (t->port[port].state == ECS_UNBOUND &&
            t->port[port].remote_dom == dom)
            return port;
    }
    return start;
}

/* Counts of what the random sequence did, so it is known to cover much. */
struct random_stats {
    unsigned long full, bound, refused, closed;
};

static void random_step(struct evtchn_table *t[RANDOM_DOMS], uint64_t x,
                        struct random_stats *st)
{
    unsigned int op = x % 10, d = (x >> 8) % RANDOM_DOMS;
    unsigned int other = (x >> 16) % RANDOM_DOMS;
    evtchn_port_t port = (x >> 24) % (RANDOM_PORTS + 2);
    evtchn_port_t want = lowest_free(t[d]);
    int rc;

    if (op < 2) {
        rc = evtchn_alloc_port(t[d], op ? ECS_UNBOUND : ECS_XEN,
                               random_domid[other]);
        assert_int_equal(rc, want ? (int)want : -ENOSPC);
        st->full += rc == -ENOSPC;
    } else if (op < 6) {
        if (x & (1ULL << 40)) /* half the time, a port that may bind */
            port = find_offer(t[other], random_domid[d], port);
        rc = random_bind(t, d, other, port);
        st->bound += rc > 0;
        st->refused += rc == -EINVAL;
        st->full += rc == -ENOSPC;
    } else {
        st->closed += random_close(t, d, port);
    }
}

static void test_random_three_domains(void **state)
{
    struct evtchn_table *t[RANDOM_DOMS];
    struct random_stats st = {0, 0, 0, 0};
    uint64_t s = 0x9e3779b97f4a7c15ULL;
    unsigned long step;
    unsigned int i;

    (void)state;
    for (i = 0; i < RANDOM_DOMS; i++)
        t[i] = new_table(RANDOM_PORTS);
    for (step = 0; step < RANDOM_STEPS; step++) {
        random_step(t, next_random(&s), &st);
        check_tables(t);
    }
    print_message("evtchn random: %lu bound, %lu refused, %lu full, "
                  "%lu closed\n",
                  st.bound, st.refused, st.full, st.closed);
    assert_true(st.bound > RANDOM_STEPS / 50);
    assert_true(st.refused > RANDOM_STEPS / 50);
    assert_true(st.full > RANDOM_STEPS / 200);
    assert_true(st.closed > RANDOM_STEPS / 50);
    for (i = 0; i < RANDOM_DOMS; i++)
        free(t[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_alloc_until_full),
        cmocka_unit_test(test_alloc_bad_state),
        cmocka_unit_test(test_restore_port),
        cmocka_unit_test(test_for_each_port),
        cmocka_unit_test(test_connect),
        cmocka_unit_test(test_connect_invalid),
        cmocka_unit_test(test_loopback),
        cmocka_unit_test(test_close_both_orders),
        cmocka_unit_test(test_close_invalid),
        cmocka_unit_test(test_rebind_after_close),
        cmocka_unit_test(test_set_pending),
        cmocka_unit_test(test_masked_and_unmask),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_ping_pong),
        cmocka_unit_test(test_concurrent_guest),
        cmocka_unit_test(test_random_three_domains),
    };

    return cmocka_run_group_tests_name("evtchn", tests, NULL, NULL);
}
