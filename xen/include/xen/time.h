/* SPDX-License-Identifier: GPL-2.0-only */
/* System time: nanoseconds since the clock was calibrated at boot. */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <xen/types.h>

typedef int64_t s_time_t;

#define MICROSECS(us) ((s_time_t)(us) * 1000)
#define MILLISECS(ms) ((s_time_t)(ms) * 1000000)

/* Calibrate the clock source; NOW() reads 0 before this. */
void time_init(void);

/* Nanoseconds since time_init(). */
s_time_t NOW(void);

#endif /* XEN_TIME_H */
