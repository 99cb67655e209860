/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scheduler: round robin over runnable vCPUs with a fixed time slice.
 *
 * A vCPU is runnable when it has registers, is not blocked, has no I/O
 * request waiting for its device model, and neither it nor its domain is
 * paused or shut down.  Runnable vCPUs that are not
 * running wait on one FIFO run queue; the running one goes to the back when
 * its slice ends or it yields, so every runnable vCPU gets the CPU in turn.
 * A blocked vCPU costs nothing until an event, an I/O completion or its
 * poll timeout wakes it.  With nothing runnable the CPU halts in the idle
 * loop until an interrupt.
 */
#include <asm/current.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/timer.h>

#define SLICE MILLISECS(10)

static struct vcpu *runq_head, *runq_tail;
static struct timer slice_timer;
static struct domain idle_domain = {.domain_id = DOMID_IDLE, .name = "idle"};
static struct vcpu idle_vcpu = {.domain = &idle_domain, .is_running = true};

bool vcpu_runnable(const struct vcpu *v)
{
    const struct domain *d = v->domain;

    return v->is_initialised && !v->blocked && !v->ioreq_pending &&
           !v->pause_count &&
           !d->pause_count && !d->is_shut_down && !d->is_dying;
}

static void runq_insert(struct vcpu *v)
{
    v->runq_next = NULL;
    v->runq_prev = runq_tail;
    if (runq_tail)
        runq_tail->runq_next = v;
    else
        runq_head = v;
    runq_tail = v;
    v->on_runq = true;
}

static void runq_remove(struct vcpu *v)
{
    if (v->runq_prev)
        v->runq_prev->runq_next = v->runq_next;
    else
        runq_head = v->runq_next;
    if (v->runq_next)
        v->runq_next->runq_prev = v->runq_prev;
    else
        runq_tail = v->runq_prev;
    v->runq_next = v->runq_prev = NULL;
    v->on_runq = false;
}

void vcpu_wake(struct vcpu *v)
{
    if (!vcpu_runnable(v) || v->on_runq || v->is_running)
        return;
    runq_insert(v);
    if (is_idle_vcpu(current))
        raise_softirq(SCHEDULE_SOFTIRQ);
}

void vcpu_sleep(struct vcpu *v)
{
    if (v->on_runq)
        runq_remove(v);
    if (v->is_running)
        raise_softirq(SCHEDULE_SOFTIRQ);
}

void vcpu_block(struct vcpu *v)
{
    v->blocked = true;
    vcpu_sleep(v);
}

void vcpu_pause(struct vcpu *v)
{
    v->pause_count++;
    vcpu_sleep(v);
}

void vcpu_unpause(struct vcpu *v)
{
    ASSERT(v->pause_count);
    if (!--v->pause_count)
        vcpu_wake(v);
}

static void slice_expired(void *data)
{
    raise_softirq(SCHEDULE_SOFTIRQ);
}

void schedule(void)
{
    struct vcpu *prev = current, *next;
    s_time_t now = NOW();

    if (!is_idle_vcpu(prev)) {
        prev->runtime += now - prev->last_scheduled;
        if (vcpu_runnable(prev) && !prev->on_runq)
            runq_insert(prev);
    }
    next = runq_head ? runq_head : &idle_vcpu;
    if (next->on_runq)
        runq_remove(next);
    next->last_scheduled = now;
    if (is_idle_vcpu(next))
        stop_timer(&slice_timer);
    else
        set_timer(&slice_timer, now + SLICE);
    if (next == prev)
        return;
    prev->is_running = false;
    next->is_running = true;
    arch_context_switch(prev, next);
}

void leave_to_guest(void)
{
    if (!vcpu_runnable(current))
        raise_softirq(SCHEDULE_SOFTIRQ);
    do_softirq();
    arch_vcpu_resume(current);
}

void idle_loop(void)
{
    for (;;) {
        asm volatile("cli");
        do_softirq();
        if (!softirq_pending())
            asm volatile("sti; hlt" ::: "memory"); /* sti's shadow covers hlt */
    }
}

void scheduler_init(void)
{
    timer_init_one(&slice_timer, slice_expired, NULL);
    arch_idle_vcpu_init(&idle_vcpu);
}

void scheduler_start(void)
{
    raise_softirq(SCHEDULE_SOFTIRQ);
    reset_stack_and_jump(idle_loop);
}
