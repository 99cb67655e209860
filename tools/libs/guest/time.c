/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest system time, as public/xen.h defines it: the hypervisor publishes
 * (system_time, tsc_timestamp, scale) in vcpu_info[0].time under a version
 * seqlock, and the guest extrapolates with its own rdtsc.
 */
#include "guest.h"

struct time_sample {
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t mul;
    int8_t shift;
};

/* A consistent copy of the record: retry while odd or changed under us. */
static void time_read_record(struct time_sample *s)
{
    volatile struct vcpu_time_info *t = &shared_info->vcpu_info[0].time;
    uint32_t version;

    do {
        version = t->version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        s->tsc_timestamp = t->tsc_timestamp;
        s->system_time = t->system_time;
        s->mul = t->tsc_to_system_mul;
        s->shift = t->tsc_shift;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((version & 1) || version != t->version);
}

/* Scale a TSC delta to nanoseconds with the record's shift and mul. */
static uint64_t time_scale(uint64_t delta, const struct time_sample *s)
{
    if (s->shift >= 0)
        delta <<= s->shift;
    else
        delta >>= -s->shift;
    return (uint64_t)(((unsigned __int128)delta * s->mul) >> 32);
}

uint64_t time_now_ns(void)
{
    struct time_sample s;
    uint64_t tsc;

    time_read_record(&s);
    tsc = rdtsc();
    /*
     * A TSC behind the record's timestamp means the hypervisor published
     * a timestamp from the future: extrapolate backwards rather than hide
     * it, so that timecheck sees time go backwards.
     */
    if (tsc < s.tsc_timestamp)
        return s.system_time - time_scale(s.tsc_timestamp - tsc, &s);
    return s.system_time + time_scale(tsc - s.tsc_timestamp, &s);
}
