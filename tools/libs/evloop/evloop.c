/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control domain's event loop (evloop.h): a small table of watched
 * ports and their handlers, and the one wait that every wait in dom0 goes
 * through.  A port whose other end went away is closed by the hypervisor
 * under our feet; SCHEDOP_poll then refuses the whole set (-EINVAL), so
 * on that refusal every watched port is asked for its status and the
 * closed ones are dropped, their handlers told -- within a second, as a
 * wait with ports watched polls at least that often.
 */
#include <guest.h>
#include <public/errno.h>

#include "evloop.h"

static struct evloop_watch {
    bool in_use;
    evtchn_port_t port;
    evloop_handler_fn fn;
    void *arg;
} evloop_watches[EVLOOP_MAX_WATCHES];

static bool evloop_dispatching; /* handlers never nest */

/*
 * A watched port that the hypervisor closes wakes nobody: while ports are
 * watched, a wait polls again at least this often, to find out.
 */
#define EVLOOP_RECHECK_NS 1000000000ull

int evloop_watch(evtchn_port_t port, evloop_handler_fn fn, void *arg)
{
    struct evloop_watch *free_slot = NULL;

    for (unsigned int i = 0; i < EVLOOP_MAX_WATCHES; i++) {
        struct evloop_watch *w = &evloop_watches[i];

        if (w->in_use && w->port == port)
            return -XEN_EEXIST;
        if (!w->in_use && !free_slot)
            free_slot = w;
    }
    if (!free_slot)
        return -XEN_ENOSPC;
    *free_slot = (struct evloop_watch){true, port, fn, arg};
    return 0;
}

void evloop_unwatch(evtchn_port_t port)
{
    for (unsigned int i = 0; i < EVLOOP_MAX_WATCHES; i++)
        if (evloop_watches[i].in_use && evloop_watches[i].port == port)
            evloop_watches[i].in_use = false;
}

unsigned int evloop_dispatch(void)
{
    unsigned int ran = 0;

    if (evloop_dispatching)
        return 0;
    evloop_dispatching = true;
    for (unsigned int i = 0; i < EVLOOP_MAX_WATCHES; i++) {
        /* A copy: the handler may unwatch this port or others. */
        struct evloop_watch w = evloop_watches[i];

        if (w.in_use && event_test_and_clear(w.port)) {
            w.fn(w.arg, false);
            ran++;
        }
    }
    evloop_dispatching = false;
    return ran;
}

static bool evloop_port_closed(evtchn_port_t port)
{
    struct evtchn_status s = {.dom = DOMID_SELF, .port = port};

    return hypervisor_event_channel_op(EVTCHNOP_status, &s) < 0 ||
           s.status == EVTCHNSTAT_closed;
}

/* Drop the watched ports that are closed, telling their handlers. */
static unsigned int evloop_drop_closed(void)
{
    unsigned int dropped = 0;

    for (unsigned int i = 0; i < EVLOOP_MAX_WATCHES; i++) {
        struct evloop_watch w = evloop_watches[i];

        if (!w.in_use || !evloop_port_closed(w.port))
            continue;
        evloop_watches[i].in_use = false;
        w.fn(w.arg, true);
        dropped++;
    }
    return dropped;
}

long evloop_wait(long port, uint64_t deadline_ns)
{
    static evtchn_port_t ports[EVLOOP_MAX_WATCHES + 1];
    static struct sched_poll poll;
    uint64_t soon = time_now_ns() + EVLOOP_RECHECK_NS;
    uint32_t n = 0;
    bool watching = false;
    long rc;

    if (evloop_dispatch())
        return 0; /* something happened: let the caller look again */
    if (port < 0)
        port = event_timer_port();
    if (port > 0)
        ports[n++] = (evtchn_port_t)port;
    for (unsigned int i = 0; i < EVLOOP_MAX_WATCHES; i++)
        if (evloop_watches[i].in_use) {
            ports[n++] = evloop_watches[i].port;
            watching = true;
        }
    if (!n) {
        hypervisor_yield(); /* no port at all: poll the hard way */
        return 0;
    }
    if (watching && (!deadline_ns || deadline_ns > soon))
        deadline_ns = soon; /* to see a watched port close */
    poll = (struct sched_poll){
        .ports = (uintptr_t)ports, .nr_ports = n, .timeout = deadline_ns};
    rc = hypervisor_sched_op(SCHEDOP_poll, &poll);
    if (rc == -XEN_EINVAL && !evloop_dispatching) {
        evloop_dispatching = true; /* the handlers told must not nest */
        if (evloop_drop_closed())
            rc = 0;
        evloop_dispatching = false;
    }
    evloop_dispatch();
    return rc;
}

void evloop_sleep_until(uint64_t deadline_ns)
{
    while (time_now_ns() < deadline_ns)
        evloop_wait(-1, deadline_ns);
}
