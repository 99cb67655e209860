/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Deferred work run on the way out of the hypervisor: an interrupt or a
 * hypercall raises a softirq, and do_softirq() runs it before returning to
 * a guest or from the idle loop, where it is safe to switch vCPUs.
 */
#ifndef XEN_SOFTIRQ_H
#define XEN_SOFTIRQ_H

enum softirq {
    TIMER_SOFTIRQ,
    SCHEDULE_SOFTIRQ,
    DOMAIN_REAP_SOFTIRQ, /* destroy domains that have shut down */
    NR_SOFTIRQS
};

void raise_softirq(enum softirq nr);
bool softirq_pending(void);

/* Run pending softirqs; SCHEDULE_SOFTIRQ may not return here. */
void do_softirq(void);

#endif /* XEN_SOFTIRQ_H */
