/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dm_op (public/dm_op.h): what a device model does for the domain it
 * serves.  The caller must be the target's dm_domid, and never the target
 * itself; every other caller gets -EPERM before anything is looked at.
 * The operations live with what they operate on: the ioreq path
 * (common/ioreq.c), the memory map (common/domain_memmap.c), physmap
 * regions (common/dm_physmap.c) and foreign mappings
 * (common/foreign_map.c).
 */
#include <asm/current.h>
#include <public/dm_op.h>
#include <xen/dm_physmap.h>
#include <xen/domain_memmap.h>
#include <xen/errno.h>
#include <xen/foreign_map.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/ioreq.h>
#include <xen/sched.h>

/* The operations that fill in an answer in op. */
static long dm_op_answered(struct domain *dm, struct domain *t,
                           struct xen_dm_op *op)
{
    switch (op->op) {
    case XEN_DMOP_get_ioreq:
        return ioreq_dm_get_ioreq(dm, t, op);
    case XEN_DMOP_watch_memory_map:
        return domain_memmap_dm_watch(dm, t, op);
    case XEN_DMOP_physmap_query:
        return dm_physmap_query(t, op);
    default:
        return -ENOSYS;
    }
}

long do_dm_op(uint64_t arg)
{
    struct domain *dm = current->domain, *t;
    struct xen_dm_op op;
    long rc;

    if (copy_from_guest(dm, &op, arg, sizeof(op)))
        return -EFAULT;
    t = domain_lookup(op.domid);
    if (!t || t == dm)
        return t ? -EPERM : -ESRCH;
    if (t->dm_domid != dm->domain_id)
        return -EPERM;
    switch (op.op) {
    case XEN_DMOP_map_io_range:
        return ioreq_dm_map_io_range(t, &op);
    case XEN_DMOP_physmap_add:
        return dm_physmap_add(t, &op);
    case XEN_DMOP_physmap_move:
        return dm_physmap_move(t, &op);
    case XEN_DMOP_map_foreign:
        return foreign_dm_map(dm, t, &op);
    case XEN_DMOP_unmap_foreign:
        return foreign_dm_unmap(dm, t, &op);
    case XEN_DMOP_get_memory_map:
        /* In place in the caller's op, as XENMEM_memory_map's argument. */
        return domain_memmap_copy_out(dm, t->memmap,
                                      arg + offsetof(struct xen_dm_op, u));
    default:
        rc = dm_op_answered(dm, t, &op);
        if (!rc && copy_to_guest(dm, arg, &op, sizeof(op)))
            rc = -EFAULT;
        return rc;
    }
}
