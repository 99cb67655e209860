/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest trap handlers: set_trap_table points at trap_entry (head.S), which
 * hands the hypervisor's struct guest_trap_frame to the C function the
 * test registered.
 */
#include "guest.h"

/* head.S spells these numbers out; keep them in step with the ABI. */
_Static_assert(XEN_HYPERCALL_VECTOR == 0x82, "head.S hypercall vector");
_Static_assert(__HYPERVISOR_sched_op == 29, "head.S sched_op");
_Static_assert(SCHEDOP_trap_return == 64, "head.S trap_return");

extern char trap_entry[];
void trap_dispatch(struct guest_trap_frame *frame);
void trap_return_failed(long rc) __noreturn;

static trap_handler_fn trap_handler;

long trap_set_handler(trap_handler_fn fn)
{
    trap_handler = fn;
    return hypervisor_set_trap_table(fn ? (unsigned long)trap_entry : 0);
}

/* Called from trap_entry with the frame on the stack. */
void trap_dispatch(struct guest_trap_frame *frame)
{
    if (!trap_handler)
        test_error("trap %lu at %#lx with no handler registered",
                   (unsigned long)frame->vector, (unsigned long)frame->rip);
    trap_handler(frame);
}

/* sched_op(SCHEDOP_trap_return) returned: the hypervisor refused it. */
void trap_return_failed(long rc)
{
    test_failure("SCHEDOP_trap_return returned %ld", rc);
}
