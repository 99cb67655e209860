/* SPDX-License-Identifier: GPL-2.0-only */
/* Softirqs (xen/softirq.h): one pending mask, for the one CPU up so far. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/timer.h>

static unsigned long pending;

void raise_softirq(enum softirq nr)
{
    __atomic_fetch_or(&pending, 1UL << nr, __ATOMIC_SEQ_CST);
}

bool softirq_pending(void)
{
    return __atomic_load_n(&pending, __ATOMIC_SEQ_CST) != 0;
}

static bool test_and_clear(enum softirq nr)
{
    unsigned long bit = 1UL << nr;

    return __atomic_fetch_and(&pending, ~bit, __ATOMIC_SEQ_CST) & bit;
}

void do_softirq(void)
{
    while (softirq_pending()) {
        if (test_and_clear(TIMER_SOFTIRQ))
            timer_softirq();
        if (test_and_clear(DOMAIN_REAP_SOFTIRQ))
            domain_reap();
        /* Last: it may switch to another vCPU and not come back. */
        if (test_and_clear(SCHEDULE_SOFTIRQ))
            schedule();
    }
}
