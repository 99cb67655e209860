/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device-model physmap regions in the running hypervisor
 * (xen/dm_physmap.h): a region's frames are its target's own, mapped as
 * RAM in the target's MMIO hole, so the target reaches them as memory and
 * live update carries them with its other frames; the region's name, size
 * and place are the portable core's bookkeeping (xen/physmap.h).
 *
 * A move goes a piece at a time (p2m_move(), all or nothing per piece) as
 * a hypercall continuation: the device model's vCPU executes the dm_op
 * again until the region is there.  The region's move state says at every
 * moment which frames are where, so a live update between two pieces
 * carries a region half-way (PHYSMAP records) and the device model's call,
 * executed again under the new hypervisor, finishes the move.
 *
 * Lock order: the target's lock, then the heap's.
 */
#include <asm/page.h>
#include <public/dm_op.h>
#include <xen/dm_physmap.h>
#include <xen/domain_build.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <xen/string.h>

#define MOVE_PIECE 512 /* frames moved before other vCPUs get a turn */

static void dm_physmap_refused(const struct domain *t, const char *op,
                               const char *name, const char *why)
{
    printk(XENLOG_DEBUG "Domain %u: physmap %s of '%.16s' refused: %s\n",
           t->domain_id, op, name, why);
}

long dm_physmap_add(struct domain *t, const struct xen_dm_op *op)
{
    const struct xen_dm_op_physmap *a = &op->u.physmap;
    struct physmap_region *r;
    const char *why = NULL;
    int rc;

    if (a->size & (PAGE_SIZE - 1)) {
        dm_physmap_refused(t, "add", a->name, "not whole pages");
        return -EINVAL;
    }
    spin_lock(&t->lock);
    r = physmap_add(t->physmap, t->memmap, a->name, a->gfn,
                    a->size >> PAGE_SHIFT, &rc, &why);
    if (r && !p2m_range_is(&t->p2m, _gfn(r->gfn), r->nr, p2m_invalid)) {
        why = "something is mapped there";
        rc = -EBUSY;
    } else if (r && (rc = domain_populate_range(t, r->gfn, r->nr))) {
        why = "out of memory";
    }
    if (r && rc)
        physmap_remove(r);
    else if (r)
        t->max_pages += r->nr; /* beyond its RAM, as Xen's videoram */
    spin_unlock(&t->lock);
    if (rc)
        dm_physmap_refused(t, "add", a->name, why);
    else
        flush_tlb_local();
    return rc;
}

/* At the start of a move, nothing but the region itself may be at dest. */
static bool dest_free(struct domain *t, const struct physmap_region *r)
{
    unsigned long d = r->dest, end = r->dest + r->nr;
    unsigned long own = r->gfn, own_end = r->gfn + r->nr;

    if (own < end && d < own_end) /* it overlaps where it is now */
        return (d >= own || p2m_range_is(&t->p2m, _gfn(d), own - d,
                                         p2m_invalid)) &&
               (end <= own_end || p2m_range_is(&t->p2m, _gfn(own_end),
                                               end - own_end, p2m_invalid));
    return p2m_range_is(&t->p2m, _gfn(d), r->nr, p2m_invalid);
}

/* Start or go on with r's move to dest, by one piece.  0 or -errno. */
static int move_piece(struct domain *t, struct physmap_region *r,
                      unsigned long dest, const char **why)
{
    unsigned long src, dst, n;
    bool starting = r->dest == PHYSMAP_NOT_MOVING;
    int rc = physmap_move_start(t->physmap, t->memmap, r, dest, why);

    if (rc || !physmap_move_next(r, MOVE_PIECE, &src, &dst, &n))
        return rc;
    if (starting && !dest_free(t, r)) {
        r->dest = PHYSMAP_NOT_MOVING;
        *why = "something is mapped there";
        return -EBUSY;
    }
    if ((rc = p2m_move(&t->p2m, _gfn(src), _gfn(dst), n))) {
        *why = "out of memory for the p2m";
        return rc; /* the move stays under way: a retry goes on with it */
    }
    physmap_move_done(r, n);
    return 0;
}

long dm_physmap_move(struct domain *t, const struct xen_dm_op *op)
{
    const struct xen_dm_op_physmap *a = &op->u.physmap;
    struct physmap_region *r;
    const char *why = "no such region";
    long rc = -ENOENT;
    bool moving = false;

    spin_lock(&t->lock);
    if ((r = physmap_find(t->physmap, a->name))) {
        rc = move_piece(t, r, a->gfn, &why);
        moving = r->dest != PHYSMAP_NOT_MOVING;
    }
    spin_unlock(&t->lock);
    if (rc) {
        dm_physmap_refused(t, "move", a->name, why);
        return rc;
    }
    flush_tlb_local();
    return moving ? -ERESTART : 0;
}

long dm_physmap_query(struct domain *t, struct xen_dm_op *op)
{
    struct xen_dm_op_physmap *q = &op->u.physmap;
    const struct physmap_region *r = physmap_at(t->physmap, q->index);

    if (!r)
        return -ENOENT;
    memcpy(q->name, r->name, sizeof(q->name));
    q->gfn = r->gfn;
    q->size = (uint64_t)r->nr << PAGE_SHIFT;
    q->dest_gfn = r->dest == PHYSMAP_NOT_MOVING ? XEN_PHYSMAP_NOT_MOVING
                                               : r->dest;
    q->moved = (uint32_t)r->moved;
    return 0;
}
