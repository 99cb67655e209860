/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Software timers: a function to call at a system time.  Each CPU keeps
 * its armed timers sorted and programs the hardware for the earliest.
 * Callbacks run with interrupts off and must be short (wake a vCPU, raise
 * a softirq).
 */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include <xen/time.h>

struct timer {
    s_time_t expires;
    void (*fn)(void *data);
    void *data;
    struct timer *next; /* in the CPU's sorted list while armed */
    bool armed;
};

void timer_init_one(struct timer *t, void (*fn)(void *data), void *data);

/* Arm (or re-arm) t to fire at system time expires. */
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);

/* From the timer interrupt: run what has expired, reprogram the next. */
void timer_softirq(void);

#endif /* XEN_TIMER_H */
