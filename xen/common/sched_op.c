/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched_op (public/sched.h): a vCPU yields, blocks until an event, polls a
 * few ports with a timeout, leaves a trap handler, or shuts its domain down.
 */
#include <asm/current.h>
#include <public/sched.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/softirq.h>

static long sched_block(struct vcpu *v)
{
    struct vcpu_info *vi = &v->domain->shared_info->vcpu_info[v->vcpu_id];

    if (!__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST))
        vcpu_block(v);
    return 0;
}

static long sched_poll(struct vcpu *v, uint64_t arg)
{
    struct domain *d = v->domain;
    struct sched_poll poll;
    unsigned int i;

    if (copy_from_guest(d, &poll, arg, sizeof(poll)))
        return -EFAULT;
    if (!poll.nr_ports || poll.nr_ports > MAX_POLL_PORTS)
        return -EINVAL;
    if (copy_from_guest(d, v->poll_ports, poll.ports,
                        poll.nr_ports * sizeof(evtchn_port_t)))
        return -EFAULT;
    for (i = 0; i < poll.nr_ports; i++) {
        if (!evtchn_lookup(d->evtchn, v->poll_ports[i]))
            return -EINVAL;
        if (evtchn_is_pending(d->shared_info, v->poll_ports[i]))
            return 0;
    }
    if (poll.timeout && poll.timeout <= (uint64_t)NOW())
        return 0;
    v->nr_poll_ports = poll.nr_ports;
    if (poll.timeout)
        set_timer(&v->poll_timer, poll.timeout);
    vcpu_block(v);
    return 0;
}

static long sched_shutdown(struct domain *d, uint64_t arg)
{
    struct sched_shutdown s;

    if (copy_from_guest(d, &s, arg, sizeof(s)))
        return -EFAULT;
    if (s.reason > SHUTDOWN_crash)
        return -EINVAL;
    domain_shutdown(d, s.reason);
    return 0;
}

long do_sched_op(unsigned long cmd, uint64_t arg)
{
    struct vcpu *v = current;

    switch (cmd) {
    case SCHEDOP_yield:
        raise_softirq(SCHEDULE_SOFTIRQ);
        return 0;
    case SCHEDOP_block:
        return sched_block(v);
    case SCHEDOP_poll:
        return sched_poll(v, arg);
    case SCHEDOP_shutdown:
        return sched_shutdown(v->domain, arg);
    case SCHEDOP_trap_return:
        return arch_trap_return();
    default:
        return -ENOSYS;
    }
}
