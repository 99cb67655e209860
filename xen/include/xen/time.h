/* SPDX-License-Identifier: GPL-2.0-only */
/* System time: nanoseconds since the clock was calibrated at boot. */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <xen/types.h>

typedef int64_t s_time_t;

#define MICROSECS(us) ((s_time_t)(us) * 1000)
#define MILLISECS(ms) ((s_time_t)(ms) * 1000000)

/*
 * Set up the clock source at known_khz, or calibrate it if that is 0;
 * NOW() reads 0 before this.
 */
void time_init(unsigned long known_khz);

/* Nanoseconds since time_init(). */
s_time_t NOW(void);

/* TSC kHz, as calibrated. */
unsigned long cpu_khz(void);

/* System time and the TSC at one instant (for a live-update stream). */
void time_snapshot(uint64_t *ns, uint64_t *tsc);

/*
 * Continue a predecessor's system time: it was ns when the TSC read tsc,
 * counting at khz.  Time jumps forward, never back.
 */
void time_continue(uint64_t ns, uint64_t tsc, uint64_t khz);

struct vcpu;

/*
 * Refresh v's vcpu_time_info in its shared info page (seqlock protocol of
 * public/xen.h), so its view of system time matches NOW() and never runs
 * ahead of it.
 */
void time_update_vcpu_info(struct vcpu *v);

#endif /* XEN_TIME_H */
