/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The physmap dm_ops (common/dm_physmap.c, public/dm_op.h): a device model
 * adds regions of its target's frames, moves them and asks where they
 * are.  The bookkeeping is the portable core's (xen/physmap.h).
 */
#ifndef XEN_DM_PHYSMAP_H
#define XEN_DM_PHYSMAP_H

struct domain;
struct xen_dm_op;

/* XEN_DMOP_physmap_add for target t.  0 or a negative errno. */
long dm_physmap_add(struct domain *t, const struct xen_dm_op *op);

/*
 * XEN_DMOP_physmap_move for t: one piece, then -ERESTART while pieces are
 * left; 0 once the region is there, or a negative errno.
 */
long dm_physmap_move(struct domain *t, const struct xen_dm_op *op);

/* XEN_DMOP_physmap_query for t: fills op.  0 or -ENOENT. */
long dm_physmap_query(struct domain *t, struct xen_dm_op *op);

#endif /* XEN_DM_PHYSMAP_H */
