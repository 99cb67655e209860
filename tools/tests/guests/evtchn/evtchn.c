/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * evtchn: two domains ping-pong events over an interdomain event channel
 * and check that none is lost and none is invented.
 *
 * Property checked: an event sent on an interdomain channel sets the
 * pending bit of the other end exactly once and wakes a vCPU polling that
 * port (SCHEDOP_poll), every time, however the two domains are scheduled.
 *
 * One binary, two roles (command line):
 *
 *   role=a peer=<domid> rounds=N   allocates an unbound port for peer (the
 *       first port of a fresh domain is 1; it prints it), waits until peer
 *       has bound it, then N times: sends, and waits for the answer.
 *   role=b peer=<domid> rounds=N   binds to peer's port 1 (port=P to
 *       choose another), retrying while a has not allocated it yet, then
 *       N times: waits for an event and answers it.
 *
 * Each wait polls with a timeout of a few seconds: an event that does not
 * arrive is a FAILURE ("event lost").  After the last round each side
 * waits a little more for an event that must not come.  SUCCESS if
 * exactly N events were received and N sent.  A progress line every N/10
 * rounds.  Failing to connect at all is an ERROR (the set-up is wrong).
 */
#include "guest.h"

const char test_title[] = "evtchn";

#define MS            1000000ull
#define SETUP_TIMEOUT (10000 * MS) /* for the other side to come up */
#define EVENT_TIMEOUT (5000 * MS)  /* for one event */
#define QUIET_TIME    (200 * MS)   /* after the last round */

static domid_t peer;
static evtchn_port_t port; /* our end */
static uint64_t rounds, sent, received;

/* Wait up to timeout ns for an event on our port; consume it. */
static bool wait_event(uint64_t timeout)
{
    uint64_t deadline = time_now_ns() + timeout;
    long rc;

    while (!event_pending(port)) {
        if (time_now_ns() >= deadline)
            return false;
        if ((rc = event_poll(port, deadline)) < 0)
            test_failure("SCHEDOP_poll on port %u: %ld", port, rc);
    }
    event_test_and_clear(port);
    received++;
    return true;
}

static void send_event(void)
{
    static struct evtchn_send s;
    long rc;

    s.port = port;
    if ((rc = hypervisor_event_channel_op(EVTCHNOP_send, &s)) < 0)
        test_failure("send on port %u: %ld", port, rc);
    sent++;
}

static void progress(uint64_t round)
{
    if (rounds >= 10 && round % (rounds / 10) == 0)
        printf("evtchn: round %lu/%lu: sent %lu, received %lu\n",
               (unsigned long)round, (unsigned long)rounds, (unsigned long)sent,
               (unsigned long)received);
}

/* a: offer a port to peer and wait until peer has bound it. */
static void setup_a(void)
{
    static struct evtchn_alloc_unbound a;
    static struct evtchn_status st;
    uint64_t deadline;
    long rc;

    a = (struct evtchn_alloc_unbound){.dom = DOMID_SELF, .remote_dom = peer};
    if ((rc = hypervisor_event_channel_op(EVTCHNOP_alloc_unbound, &a)) < 0)
        test_error("alloc_unbound for dom %u: %ld", peer, rc);
    port = a.port;
    printf("evtchn: role a: port %u offered to dom %u\n", port, peer);
    if (port != 1)
        test_error("the first port is %u, but b binds to port 1", port);
    deadline = time_now_ns() + SETUP_TIMEOUT;
    for (;;) {
        st = (struct evtchn_status){.dom = DOMID_SELF, .port = port};
        if ((rc = hypervisor_event_channel_op(EVTCHNOP_status, &st)) < 0)
            test_error("status of port %u: %ld", port, rc);
        if (st.status == EVTCHNSTAT_interdomain)
            break;
        if (time_now_ns() >= deadline)
            test_error("dom %u did not bind port %u within %llu s", peer, port,
                       SETUP_TIMEOUT / (1000 * MS));
        hypervisor_yield();
    }
    if (st.remote_dom != peer)
        test_failure("port %u bound by dom %u, not dom %u", port, st.remote_dom,
                     peer);
    printf("evtchn: port %u connected to dom %u port %u\n", port, st.remote_dom,
           st.remote_port);
}

/* b: bind to peer's port, retrying while peer has not offered it yet. */
static void setup_b(evtchn_port_t remote_port)
{
    static struct evtchn_bind_interdomain b;
    uint64_t deadline = time_now_ns() + SETUP_TIMEOUT;
    unsigned int tries = 0;
    long rc;

    for (;;) {
        b = (struct evtchn_bind_interdomain){.remote_dom = peer,
                                             .remote_port = remote_port};
        tries++;
        if (!(rc = hypervisor_event_channel_op(EVTCHNOP_bind_interdomain, &b)))
            break;
        if (time_now_ns() >= deadline)
            test_error("bind to dom %u port %u still fails after %u tries: "
                       "%ld",
                       peer, remote_port, tries, rc);
        hypervisor_yield();
    }
    port = b.local_port;
    printf("evtchn: role b: port %u bound to dom %u port %u (try %u)\n", port,
           peer, remote_port, tries);
}

static void ping_pong(bool first)
{
    uint64_t round;

    for (round = 1; round <= rounds; round++) {
        if (first)
            send_event();
        if (!wait_event(EVENT_TIMEOUT))
            test_failure("event lost: round %lu, sent %lu, received %lu",
                         (unsigned long)round, (unsigned long)sent,
                         (unsigned long)received);
        if (!first)
            send_event();
        progress(round);
    }
}

void test_main(const struct start_info *si)
{
    bool ok_peer, ok_rounds, ok_port, is_a = cmdline_is("role", "a");
    uint64_t p = cmdline_get_u64("peer", DOMID_INVALID, &ok_peer);
    uint64_t remote_port = cmdline_get_u64("port", 1, &ok_port);

    rounds = cmdline_get_u64("rounds", 1000, &ok_rounds);
    if (!is_a && !cmdline_is("role", "b"))
        test_error("role=a or role=b expected");
    if (!ok_peer || p >= DOMID_FIRST_RESERVED || p == si->domid)
        test_error("peer=<domid of the other side> expected");
    if (!ok_rounds || !rounds || !ok_port || !remote_port ||
        remote_port >= EVTCHN_MAX_PORTS)
        test_error("bad rounds= or port=");
    peer = p;

    if (is_a)
        setup_a();
    else
        setup_b(remote_port);
    ping_pong(is_a);
    /* Nothing more may arrive: the other side is done sending. */
    if (wait_event(QUIET_TIME))
        test_failure("an event arrived after the last round");
    printf("evtchn: sent %lu, received %lu\n", (unsigned long)sent,
           (unsigned long)received);
    if (sent != rounds || received != rounds)
        test_failure("sent %lu and received %lu events, expected %lu each",
                     (unsigned long)sent, (unsigned long)received,
                     (unsigned long)rounds);
    test_success();
}
