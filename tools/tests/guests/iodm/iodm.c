/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iodm: a tiny device model, serving another domain's port I/O through the
 * ioreq page and its event channel (public/dm_op.h).  Its partner is
 * ioguest, which checks the answers.
 *
 * Property checked (with ioguest): a guest's access to a port its device
 * model claimed reaches the device model as one request in the vCPU's
 * ioreq slot, with the right port, size, direction and data; the guest
 * waits until the device model answers, and gets the device model's data
 * back.  Requests only ever come for the claimed ports.
 *
 * Command line: target=<domid> requests=N.  iodm claims ports 0x510-0x513
 * of target (which must have been created with dm=<iodm's domid>), maps
 * the target's ioreq page just above its own shared info page, and then
 * emulates:
 *
 *   port 0x510 write  stores the value in a 32-bit latch;
 *   port 0x510 read   returns latch + 1 (masked to the access size);
 *   port 0x512 read   returns the number of requests served before it;
 *   port 0x513 write  binds to the target's port of that number, and from
 *                     then on, holding each request (INFLIGHT), iodm
 *                     sends an event there and yields a few times: the
 *                     target's vCPU waits for the answer, not for any
 *                     event, so the slot must still be INFLIGHT after
 *                     (not READY again: the vCPU woke and asked again);
 *   anything else     reads as all ones, writes are ignored.
 *
 * After N requests it closes its ioreq port and binds a virq, which takes
 * the port's number, and waits for the target to go (a dm_op for it is
 * refused with -ESRCH): the hypervisor, closing the target's ioreq port
 * for it, must leave the virq's port alone.  iodm ends with SUCCESS then,
 * and with ERROR if no request came for 10 s (the target never started,
 * or stopped early) or the target did not go within 10 s.  A request for a
 * port it did not claim, or of a size other than 1, 2 or 4, is a FAILURE.
 * A progress line every N/10 requests.
 */
#include <public/errno.h>

#include "guest.h"

const char test_title[] = "iodm";

#define MS           1000000ull
#define IDLE_TIMEOUT (10000 * MS)

#define PORT_FIRST 0x510
#define PORT_LAST  0x513
#define PORT_LATCH 0x510
#define PORT_COUNT 0x512
#define PORT_WAKE  0x513

static domid_t target;
static evtchn_port_t port;
static struct ioreq_page *ioreq_page;
static uint64_t requests, served;
static uint32_t latch;
static evtchn_port_t wake_port; /* ours, bound to the target's */

/* Wait until our port is pending; false after IDLE_TIMEOUT without. */
static bool wait_request(void)
{
    static evtchn_port_t ports[1];
    static struct sched_poll poll;
    uint64_t deadline = time_now_ns() + IDLE_TIMEOUT;
    long rc;

    ports[0] = port;
    while (!event_pending(port)) {
        if (time_now_ns() >= deadline)
            return false;
        poll = (struct sched_poll){
            .ports = (uintptr_t)ports, .nr_ports = 1, .timeout = deadline};
        if ((rc = hypervisor_sched_op(SCHEDOP_poll, &poll)) < 0)
            test_failure("SCHEDOP_poll on port %u: %ld", port, rc);
    }
    event_test_and_clear(port);
    return true;
}

static long dm_op(struct xen_dm_op *op, uint32_t cmd)
{
    op->op = cmd;
    op->domid = target;
    return hypervisor_dm_op(op);
}

/* Map the target's ioreq page and claim the device's ports. */
static void setup(const struct start_info *si)
{
    static struct xen_dm_op op;
    uint64_t gfn = si->shared_info_gfn + 1; /* free: above RAM and shinfo */
    long rc;

    memset(&op, 0, sizeof(op));
    op.u.get_ioreq.gfn = gfn;
    if ((rc = dm_op(&op, XEN_DMOP_get_ioreq)) < 0)
        test_error("get_ioreq for dom %u at gfn %#lx: %ld", target,
                   (unsigned long)gfn, rc);
    port = op.u.get_ioreq.port;
    ioreq_page = (struct ioreq_page *)(uintptr_t)(gfn << PAGE_SHIFT);

    memset(&op, 0, sizeof(op));
    op.u.io_range.first = PORT_FIRST;
    op.u.io_range.last = PORT_LAST;
    if ((rc = dm_op(&op, XEN_DMOP_map_io_range)) < 0)
        test_error("map_io_range %#x-%#x of dom %u: %ld", PORT_FIRST, PORT_LAST,
                   target, rc);
    printf("iodm: serving dom %u ports %#x-%#x, ioreq page at gfn %#lx, "
           "port %u\n",
           target, PORT_FIRST, PORT_LAST, (unsigned long)gfn, port);
}

static uint32_t size_mask(unsigned int size)
{
    return size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
}

/* The device: compute a read's data, or take a write's. */
static void emulate(struct ioreq *req)
{
    uint32_t mask = size_mask(req->size);

    if (req->addr < PORT_FIRST || req->addr > PORT_LAST)
        test_failure("request for unclaimed port %#lx",
                     (unsigned long)req->addr);
    if (req->size != 1 && req->size != 2 && req->size != 4)
        test_failure("request of size %u at port %#lx", req->size,
                     (unsigned long)req->addr);
    if (req->dir == IOREQ_DIR_WRITE) {
        if (req->addr == PORT_LATCH)
            latch = req->data & mask;
    } else if (req->dir == IOREQ_DIR_READ) {
        req->data = req->addr == PORT_LATCH   ? (latch + 1) & mask
                    : req->addr == PORT_COUNT ? served & mask
                                              : mask;
    } else {
        test_failure("request with direction %u", req->dir);
    }
}

/* Bind to the target's port tport, to send events on while it waits. */
static void wake_bind(uint32_t tport)
{
    static struct evtchn_bind_interdomain b;
    long rc;

    b = (struct evtchn_bind_interdomain){.remote_dom = target,
                                         .remote_port = tport};
    if ((rc = hypervisor_event_channel_op(EVTCHNOP_bind_interdomain, &b)) < 0)
        test_failure("bind to dom %u port %u: %ld", target, tport, rc);
    wake_port = b.local_port;
    printf("iodm: bound to dom %u port %u, to send events on while it "
           "waits\n", target, tport);
}

/* Send the target an event while req is held; it must not ask again. */
static void wake_while_held(struct ioreq *req)
{
    static struct evtchn_send s;
    unsigned int i;
    long rc;

    s.port = wake_port;
    if ((rc = hypervisor_event_channel_op(EVTCHNOP_send, &s)) < 0)
        test_failure("send on port %u: %ld", wake_port, rc);
    for (i = 0; i < 4; i++)
        hypervisor_yield();
    if (__atomic_load_n(&req->state, __ATOMIC_ACQUIRE) != IOREQ_STATE_INFLIGHT)
        test_failure("an event woke dom %u's vCPU waiting for the answer to "
                     "request %lu: it asked again (state %u)", target,
                     (unsigned long)served, req->state);
}

/* Serve every slot that is READY; returns how many. */
static unsigned int serve_slots(void)
{
    unsigned int i, n = 0;

    for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++) {
        struct ioreq *req = &ioreq_page->vcpu_ioreq[i];

        if (__atomic_load_n(&req->state, __ATOMIC_ACQUIRE) != IOREQ_STATE_READY)
            continue;
        __atomic_store_n(&req->state, IOREQ_STATE_INFLIGHT, __ATOMIC_RELAXED);
        if (wake_port)
            wake_while_held(req);
        emulate(req);
        if (req->dir == IOREQ_DIR_WRITE && req->addr == PORT_WAKE && !wake_port)
            wake_bind(req->data);
        /* The data first, then the state the hypervisor looks at. */
        asm volatile("" ::: "memory");
        __atomic_store_n(&req->state, IOREQ_STATE_RESPONSE, __ATOMIC_RELEASE);
        served++;
        n++;
        if (requests >= 10 && served % (requests / 10) == 0)
            printf("iodm: %lu/%lu requests served\n", (unsigned long)served,
                   (unsigned long)requests);
    }
    return n;
}

static void notify(void)
{
    static struct evtchn_send s;
    long rc;

    s.port = port;
    if ((rc = hypervisor_event_channel_op(EVTCHNOP_send, &s)) < 0)
        test_failure("send on ioreq port %u: %ld", port, rc);
}

/*
 * Close the ioreq port and give its number to a virq: when the target
 * goes, the hypervisor must close the ioreq port only if it is one.
 */
static void reuse_port(void)
{
    static struct xen_dm_op op;
    static struct evtchn_bind_virq b;
    static struct evtchn_status st;
    static evtchn_port_t p;
    uint64_t deadline = time_now_ns() + IDLE_TIMEOUT;
    long rc;

    p = port;
    if ((rc = hypervisor_event_channel_op(EVTCHNOP_close, &p)) < 0)
        test_error("close of ioreq port %u: %ld", port, rc);
    b = (struct evtchn_bind_virq){.virq = 7};
    if ((rc = hypervisor_event_channel_op(EVTCHNOP_bind_virq, &b)) < 0 ||
        b.port != port)
        test_error("virq 7 bound to port %u, not %u: %ld", b.port, port, rc);
    do {
        if (time_now_ns() > deadline)
            test_error("dom %u still there after 10 s", target);
        hypervisor_yield();
        memset(&op, 0, sizeof(op));
        op.u.io_range.first = PORT_FIRST;
        op.u.io_range.last = PORT_LAST;
    } while ((rc = dm_op(&op, XEN_DMOP_map_io_range)) == 0);
    if (rc != -XEN_ESRCH)
        test_error("map_io_range of dom %u: %ld, not -ESRCH", target, rc);
    st = (struct evtchn_status){.dom = DOMID_SELF, .port = port};
    if ((rc = hypervisor_event_channel_op(EVTCHNOP_status, &st)) < 0 ||
        st.status == EVTCHNSTAT_closed)
        test_failure("dom %u went and closed our virq's port %u (%ld, %u)",
                     target, port, rc, st.status);
    printf("iodm: dom %u went; port %u, its ioreq port's number, still "
           "bound to virq 7\n", target, port);
}

void test_main(const struct start_info *si)
{
    bool ok_target, ok_requests;
    uint64_t t = cmdline_get_u64("target", DOMID_INVALID, &ok_target);

    requests = cmdline_get_u64("requests", 0, &ok_requests);
    if (!ok_target || t >= DOMID_FIRST_RESERVED || t == si->domid)
        test_error("target=<domid> expected");
    if (!ok_requests || !requests)
        test_error("requests=<N> expected");
    target = t;
    setup(si);
    while (served < requests) {
        if (!wait_request())
            test_error("no request for %llu s after %lu of %lu served",
                       IDLE_TIMEOUT / (1000 * MS), (unsigned long)served,
                       (unsigned long)requests);
        if (serve_slots())
            notify();
    }
    printf("iodm: served %lu requests, latch %#x\n", (unsigned long)served,
           latch);
    reuse_port();
    test_success();
}
