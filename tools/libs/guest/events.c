/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels from the guest's side: bind a virtual interrupt, test
 * and clear a port's pending bit in the shared info page, and wait for a
 * port with a deadline (SCHEDOP_poll).  The pending bits are the guest's
 * to clear (public/event_channel.h); the hypervisor only sets them.
 * Sleeping is a poll of a port of our own that nobody signals: the
 * hypervisor wants at least one valid port to poll.
 */
#include "guest.h"

long event_bind_virq(uint32_t virq)
{
    struct evtchn_bind_virq b = {.virq = virq, .vcpu = 0};
    long rc = hypervisor_event_channel_op(EVTCHNOP_bind_virq, &b);

    return rc < 0 ? rc : (long)b.port;
}

static uint64_t *event_word(evtchn_port_t port, uint64_t *bit)
{
    *bit = 1ull << (port % 64);
    return &shared_info->evtchn_pending[port / 64];
}

bool event_pending(evtchn_port_t port)
{
    uint64_t bit, *word = event_word(port, &bit);

    return port < EVTCHN_MAX_PORTS &&
           (__atomic_load_n(word, __ATOMIC_SEQ_CST) & bit);
}

bool event_test_and_clear(evtchn_port_t port)
{
    uint64_t bit, *word = event_word(port, &bit);

    if (port >= EVTCHN_MAX_PORTS)
        return false;
    return __atomic_fetch_and(word, ~bit, __ATOMIC_SEQ_CST) & bit;
}

long event_poll(evtchn_port_t port, uint64_t deadline_ns)
{
    struct sched_poll poll = {
        .ports = (uintptr_t)&port, .nr_ports = 1, .timeout = deadline_ns,
    };

    return hypervisor_sched_op(SCHEDOP_poll, &poll);
}

evtchn_port_t event_timer_port(void)
{
    static evtchn_port_t port;
    static bool tried;
    struct evtchn_alloc_unbound a = {.dom = DOMID_SELF,
                                     .remote_dom = DOMID_SELF};

    if (!tried) {
        tried = true;
        if (hypervisor_event_channel_op(EVTCHNOP_alloc_unbound, &a) == 0)
            port = a.port;
    }
    return port;
}

void event_sleep_until(uint64_t deadline_ns)
{
    evtchn_port_t port = event_timer_port();

    while (time_now_ns() < deadline_ns) {
        if (port)
            event_poll(port, deadline_ns);
        else
            hypervisor_yield();
    }
}
