/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulated port I/O through a device model (public/dm_op.h): the
 * hypervisor posts a request for the trapping vCPU and the vCPU waits;
 * the device model answers and the vCPU finishes the instruction.
 */
#ifndef XEN_IOREQ_H
#define XEN_IOREQ_H

#include <xen/types.h>

struct domain;
struct vcpu;

/*
 * v accessed port with an access of size bytes (dir IOREQ_DIR_*; data is
 * the value written).  Returns true if a device model claimed the port and
 * the request was posted (v now waits), false if nobody serves it.
 */
bool ioreq_send(struct vcpu *v, uint32_t port, unsigned int size,
                unsigned int dir, uint32_t data);

/* The device model of target signalled: complete answered requests. */
void ioreq_dm_signal(struct domain *target);

/* Free d's ioreq page, if it has one. */
void ioreq_domain_destroy(struct domain *d);

struct xen_dm_op;

/* XEN_DMOP_map_io_range: the device model claims ports of t. */
long ioreq_dm_map_io_range(struct domain *t, const struct xen_dm_op *op);

/* XEN_DMOP_get_ioreq: map t's ioreq page in dm at op's gfn; bind a port. */
long ioreq_dm_get_ioreq(struct domain *dm, struct domain *t,
                        struct xen_dm_op *op);

/* Architecture: finish v's port I/O instruction with a read's result. */
void arch_pio_complete(struct vcpu *v, unsigned int size, bool is_read,
                       uint64_t data);

#endif /* XEN_IOREQ_H */
