/* SPDX-License-Identifier: MIT */
/* sched_op: yield, block, poll, shutdown, trap return (see xen.h). */
#ifndef PUBLIC_SCHED_H
#define PUBLIC_SCHED_H

#include "xen.h"

#define SCHEDOP_yield       0 /* arg: none */
#define SCHEDOP_block       1 /* arg: none; until an event is pending */
#define SCHEDOP_shutdown    2 /* arg: struct sched_shutdown * */
#define SCHEDOP_poll        3 /* arg: struct sched_poll * */
#define SCHEDOP_trap_return 64 /* arg: none; leave a trap handler (xen.h) */

#define SHUTDOWN_poweroff 0
#define SHUTDOWN_reboot   1
#define SHUTDOWN_suspend  2
#define SHUTDOWN_crash    3

struct sched_shutdown {
    uint32_t reason; /* SHUTDOWN_* */
};

/*
 * Block until one of nr_ports ports is pending or, if timeout is non-zero,
 * until system time (ns) reaches timeout.  Returns 0 either way; the caller
 * reads the pending bits.
 */
struct sched_poll {
    uint64_t ports;   /* guest address of an array of uint32_t ports */
    uint32_t nr_ports;
    uint32_t pad;
    uint64_t timeout;
};

#endif /* PUBLIC_SCHED_H */
