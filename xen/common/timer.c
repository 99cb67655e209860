/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Software timers (xen/timer.h): a sorted list of armed timers, the local
 * APIC programmed for the first.  One list for the one CPU up so far.
 */
#include <asm/apic.h>
#include <xen/lib.h>
#include <xen/softirq.h>
#include <xen/timer.h>

static struct timer *timer_list; /* sorted by expiry, earliest first */

void timer_init_one(struct timer *t, void (*fn)(void *data), void *data)
{
    t->fn = fn;
    t->data = data;
    t->next = NULL;
    t->armed = false;
}

static void timer_unlink(struct timer *t)
{
    struct timer **pp;

    for (pp = &timer_list; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    }
    t->next = NULL;
    t->armed = false;
}

static void timer_reprogram(void)
{
    if (timer_list)
        apic_timer_set(timer_list->expires);
}

void set_timer(struct timer *t, s_time_t expires)
{
    struct timer **pp;

    if (t->armed)
        timer_unlink(t);
    t->expires = expires;
    for (pp = &timer_list; *pp && (*pp)->expires <= expires; pp = &(*pp)->next)
        ;
    t->next = *pp;
    *pp = t;
    t->armed = true;
    if (timer_list == t)
        timer_reprogram();
}

void stop_timer(struct timer *t)
{
    if (t->armed)
        timer_unlink(t);
}

void timer_softirq(void)
{
    s_time_t now = NOW();

    while (timer_list && timer_list->expires <= now) {
        struct timer *t = timer_list;

        timer_list = t->next;
        t->next = NULL;
        t->armed = false;
        t->fn(t->data);
    }
    timer_reprogram();
}
