/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercalls from a test guest: `int $0x82` with the number in %rax and up
 * to five arguments in %rdi, %rsi, %rdx, %r10, %r8; the result (>= 0 or a
 * negative errno) comes back in %rax and every other register is
 * preserved (public/xen.h).  The raw hypercallN() forms are for tests that
 * want to pass odd arguments on purpose; the named wrappers are for
 * everything else.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <public/xen.h>
#include <public/sched.h>
#include <public/event_channel.h>
#include <public/memory.h>
#include <public/dm_op.h>
#include <public/domctl.h>
#include <public/sysctl.h>

#define HYPERCALL_INSN "int $" GUEST_STR(XEN_HYPERCALL_VECTOR)
#define GUEST_STR_(x)  #x
#define GUEST_STR(x)   GUEST_STR_(x)

static inline long hypercall5(unsigned long nr, unsigned long a1,
                              unsigned long a2, unsigned long a3,
                              unsigned long a4, unsigned long a5)
{
    register unsigned long r10 asm("r10") = a4;
    register unsigned long r8 asm("r8") = a5;
    long ret;

    asm volatile(HYPERCALL_INSN
                 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                 : "0"(nr)
                 : "memory");
    return ret;
}

static inline long hypercall0(unsigned long nr)
{
    return hypercall5(nr, 0, 0, 0, 0, 0);
}

static inline long hypercall1(unsigned long nr, unsigned long a1)
{
    return hypercall5(nr, a1, 0, 0, 0, 0);
}

static inline long hypercall2(unsigned long nr, unsigned long a1,
                              unsigned long a2)
{
    return hypercall5(nr, a1, a2, 0, 0, 0);
}

static inline long hypercall3(unsigned long nr, unsigned long a1,
                              unsigned long a2, unsigned long a3)
{
    return hypercall5(nr, a1, a2, a3, 0, 0);
}

static inline long hypercall4(unsigned long nr, unsigned long a1,
                              unsigned long a2, unsigned long a3,
                              unsigned long a4)
{
    return hypercall5(nr, a1, a2, a3, a4, 0);
}

static inline long hypervisor_console_io(unsigned int cmd, unsigned long len,
                                         const void *buf)
{
    return hypercall3(__HYPERVISOR_console_io, cmd, len, (unsigned long)buf);
}

static inline long hypervisor_sched_op(unsigned int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_sched_op, cmd, (unsigned long)arg);
}

static inline long hypervisor_set_trap_table(unsigned long handler)
{
    return hypercall1(__HYPERVISOR_set_trap_table, handler);
}

static inline long hypervisor_event_channel_op(unsigned int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_event_channel_op, cmd, (unsigned long)arg);
}

static inline long hypervisor_memory_op(unsigned int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_memory_op, cmd, (unsigned long)arg);
}

static inline long hypervisor_xen_version(unsigned int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_xen_version, cmd, (unsigned long)arg);
}

static inline long hypervisor_dm_op(struct xen_dm_op *op)
{
    return hypercall1(__HYPERVISOR_dm_op, (unsigned long)op);
}

static inline long hypervisor_domctl(struct xen_domctl *op)
{
    return hypercall1(__HYPERVISOR_domctl, (unsigned long)op);
}

static inline long hypervisor_sysctl(struct xen_sysctl *op)
{
    return hypercall1(__HYPERVISOR_sysctl, (unsigned long)op);
}

static inline long hypervisor_yield(void)
{
    return hypervisor_sched_op(SCHEDOP_yield, 0);
}

static inline long hypervisor_block(void)
{
    return hypervisor_sched_op(SCHEDOP_block, 0);
}

static inline long hypervisor_shutdown(unsigned int reason)
{
    struct sched_shutdown s = {.reason = reason};

    return hypervisor_sched_op(SCHEDOP_shutdown, &s);
}

#endif /* GUEST_HYPERCALL_H */
