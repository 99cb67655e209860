/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall dispatch and the handlers, one per hypercall number
 * (public/xen.h).  Each runs for the current vCPU, validates every
 * argument, and returns >= 0 or a negative errno; nothing a guest passes
 * may crash or corrupt the hypervisor.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <xen/types.h>

struct hypercall_args {
    unsigned long nr;
    unsigned long arg[5];
};

long hypercall_dispatch(const struct hypercall_args *args);

/*
 * Have the calling vCPU make the same hypercall again, with arg0 as its
 * first argument (how far it got); returns -ERESTART, for the handler to
 * return.
 */
long hypercall_restart_with(unsigned long arg0);

long do_console_io(unsigned long cmd, unsigned long len, uint64_t buf);
long do_sched_op(unsigned long cmd, uint64_t arg);
long do_event_channel_op(unsigned long cmd, uint64_t arg);
long do_memory_op(unsigned long cmd, uint64_t arg);
long do_domctl(uint64_t arg);
long do_sysctl(uint64_t arg);
long do_dm_op(uint64_t arg);
long do_kexec_op(unsigned long cmd, uint64_t arg); /* common/kexec_op.c */

/* Architecture: guest trap handlers (arch/x86/guest_trap.c). */
long arch_set_trap_table(uint64_t handler);
long arch_trap_return(void);

#endif /* XEN_HYPERCALL_H */
