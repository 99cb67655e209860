/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Foreign mappings (xen/foreign_map.h): a device model's view of its
 * target's memory.  A mapping is a p2m_foreign entry in the device model's
 * p2m -- its page table, as it runs with virtual == physical -- naming the
 * target's frame, so it follows the frame wherever the target sees it:
 * relocation and region moves change the target's p2m, not the frames.
 * Each mapping holds a reference on the frame (count_info's count); a
 * frame with references is never given back (XENMEM_decrease_reservation
 * refuses) and, should the target go, the mapping is turned into a
 * placeholder first: one page of the device model's own, so that its
 * accesses still land somewhere harmless rather than fault.
 *
 * Lock order: two domains' locks by increasing domain id.
 */
#include <asm/page.h>
#include <public/dm_op.h>
#include <xen/errno.h>
#include <xen/foreign_map.h>
#include <xen/lib.h>
#include <xen/memmap.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>

static bool frame_get(mfn_t mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    if ((pg->count_info & PGC_count_mask) == PGC_count_mask)
        return false;
    pg->count_info++;
    return true;
}

static void frame_put(mfn_t mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    BUG_ON(!(pg->count_info & PGC_count_mask));
    pg->count_info--;
}

bool foreign_frame_mapped(mfn_t mfn)
{
    return mfn_to_page(mfn)->count_info & PGC_count_mask;
}

static void lock_two(struct domain *a, struct domain *b)
{
    spin_lock(a->domain_id < b->domain_id ? &a->lock : &b->lock);
    spin_lock(a->domain_id < b->domain_id ? &b->lock : &a->lock);
}

static void unlock_two(struct domain *a, struct domain *b)
{
    spin_unlock(&a->lock);
    spin_unlock(&b->lock);
}

/* dm's placeholder page, a page of its own made on first use. */
mfn_t foreign_placeholder(struct domain *dm)
{
    mfn_t m = dm->foreign_placeholder;

    if (!mfn_eq(m, INVALID_MFN) ||
        mfn_eq(m = alloc_domheap_pages(dm->domain_id, 0), INVALID_MFN))
        return m;
    mfn_to_page(m)->order = 0;
    page_list_add_tail(frame_table, &dm->page_list, m);
    dm->tot_pages++;
    dm->max_pages++;
    dm->foreign_placeholder = m;
    return m;
}

/* What dm has at gfn: 1 a placeholder, 0 nothing, -1 something else. */
static int dm_slot(struct domain *dm, unsigned long gfn)
{
    enum p2m_type t;
    mfn_t m = p2m_get_entry(&dm->p2m, _gfn(gfn), &t, NULL);

    if (t == p2m_invalid)
        return 0;
    return t == p2m_foreign && mfn_eq(m, dm->foreign_placeholder) ? 1 : -1;
}

/* The checks of a map, before anything changes.  0 or -errno. */
static int map_check(struct domain *dm, struct domain *t,
                     const struct xen_dm_op_foreign *f)
{
    bool ph = f->flags & XEN_DMOP_FOREIGN_PLACEHOLDER;
    unsigned long i;

    if ((f->flags & ~XEN_DMOP_FOREIGN_PLACEHOLDER) || !f->nr ||
        f->nr > XEN_DMOP_FOREIGN_MAX || f->dm_gfn >= P2M_GUEST_MAX_GFN ||
        f->nr > P2M_GUEST_MAX_GFN - f->dm_gfn ||
        (!ph && (f->gfn >= P2M_GUEST_MAX_GFN || f->nr > P2M_GUEST_MAX_GFN - f->gfn)))
        return -EINVAL;
    if (memmap_overlaps(dm->memmap, f->dm_gfn, f->nr, MEMMAP_NOT_RAM))
        return -EPERM;
    for (i = 0; i < f->nr; i++)
        if (dm_slot(dm, f->dm_gfn + i) < 0)
            return -EBUSY;
    if (!ph && !p2m_range_is(&t->p2m, _gfn(f->gfn), f->nr, p2m_ram_rw))
        return -ENXIO;
    return 0;
}

/* Put back what map_frames() did to the first n slots. */
static void map_undo(struct domain *dm, const struct xen_dm_op_foreign *f,
                     unsigned long n, const uint64_t *was_placeholder)
{
    unsigned long i;

    for (i = 0; i < n; i++) {
        mfn_t m = p2m_get_entry(&dm->p2m, _gfn(f->dm_gfn + i), NULL, NULL);
        bool ph = was_placeholder[i / 64] & (1ULL << (i % 64));

        if (!mfn_eq(m, dm->foreign_placeholder))
            frame_put(m);
        /* 4 KiB leaves replaced or removed: no memory needed. */
        BUG_ON(p2m_set_entry(&dm->p2m, _gfn(f->dm_gfn + i),
                             ph ? dm->foreign_placeholder : INVALID_MFN, 0,
                             ph ? p2m_foreign : p2m_invalid));
    }
}

static int map_frames(struct domain *dm, struct domain *t,
                      const struct xen_dm_op_foreign *f)
{
    uint64_t was_placeholder[XEN_DMOP_FOREIGN_MAX / 64] = {0};
    bool ph = f->flags & XEN_DMOP_FOREIGN_PLACEHOLDER;
    unsigned long i;
    int rc = 0;

    if (ph && mfn_eq(foreign_placeholder(dm), INVALID_MFN))
        return -ENOMEM;
    for (i = 0; i < f->nr; i++) {
        mfn_t m = ph ? dm->foreign_placeholder
                     : p2m_get_entry(&t->p2m, _gfn(f->gfn + i), NULL, NULL);

        if (dm_slot(dm, f->dm_gfn + i) > 0)
            was_placeholder[i / 64] |= 1ULL << (i % 64);
        if (!ph && !frame_get(m)) {
            rc = -EBUSY;
            break;
        }
        rc = p2m_set_entry(&dm->p2m, _gfn(f->dm_gfn + i), m, 0, p2m_foreign);
        if (rc) {
            if (!ph)
                frame_put(m);
            break;
        }
    }
    if (rc)
        map_undo(dm, f, i, was_placeholder);
    return rc;
}

long foreign_dm_map(struct domain *dm, struct domain *t,
                    const struct xen_dm_op *op)
{
    int rc;

    lock_two(dm, t);
    rc = map_check(dm, t, &op->u.foreign);
    if (!rc)
        rc = map_frames(dm, t, &op->u.foreign);
    unlock_two(dm, t);
    if (!rc)
        flush_tlb_local();
    return rc;
}

/* What dm maps at gfn, if it is a frame of t's or dm's placeholder. */
static bool unmappable(struct domain *dm, struct domain *t, unsigned long gfn)
{
    enum p2m_type type;
    mfn_t m = p2m_get_entry(&dm->p2m, _gfn(gfn), &type, NULL);

    if (type != p2m_foreign)
        return false;
    return mfn_eq(m, dm->foreign_placeholder) ||
           mm_frame_owner(m) == t->domain_id;
}

long foreign_dm_unmap(struct domain *dm, struct domain *t,
                      const struct xen_dm_op *op)
{
    const struct xen_dm_op_foreign *f = &op->u.foreign;
    unsigned long i;
    long rc = 0;

    if (f->flags || !f->nr || f->nr > XEN_DMOP_FOREIGN_MAX ||
        f->dm_gfn >= P2M_GUEST_MAX_GFN || f->nr > P2M_GUEST_MAX_GFN - f->dm_gfn)
        return -EINVAL;
    lock_two(dm, t);
    for (i = 0; i < f->nr && !rc; i++)
        if (!unmappable(dm, t, f->dm_gfn + i))
            rc = -EINVAL;
    for (i = 0; i < f->nr && !rc; i++) {
        mfn_t m = p2m_get_entry(&dm->p2m, _gfn(f->dm_gfn + i), NULL, NULL);

        if (!mfn_eq(m, dm->foreign_placeholder))
            frame_put(m);
        BUG_ON(p2m_set_entry(&dm->p2m, _gfn(f->dm_gfn + i), INVALID_MFN, 0,
                             p2m_invalid));
    }
    unlock_two(dm, t);
    if (!rc)
        flush_tlb_local();
    return rc;
}

/* The first foreign entry of a p2m with a frame owned by ctx's owner. */
struct foreign_find {
    domid_t owner;
    mfn_t skip;     /* a frame not to report (a placeholder) */
    unsigned long gfn;
};

static int find_foreign(void *ctx, gfn_t gfn, mfn_t mfn, unsigned long nr,
                        enum p2m_type t)
{
    struct foreign_find *ff = ctx;
    unsigned long i;

    if (t != p2m_foreign)
        return 0;
    for (i = 0; i < nr; i++) {
        if (!mfn_eq(mfn_add(mfn, i), ff->skip) &&
            (ff->owner == DOMID_INVALID ||
             mm_frame_owner(mfn_add(mfn, i)) == ff->owner)) {
            ff->gfn = gfn_x(gfn) + i;
            return 1;
        }
    }
    return 0;
}

/*
 * Replace (or, with no placeholder, remove) each mapping in holder's p2m
 * of a frame owned by owner (any frame but the placeholder for
 * DOMID_INVALID), dropping its reference.
 */
static void drop_mappings(struct domain *holder, domid_t owner,
                          bool to_placeholder)
{
    mfn_t ph = to_placeholder ? foreign_placeholder(holder) : INVALID_MFN;
    struct foreign_find ff = {.owner = owner,
                              .skip = holder->foreign_placeholder};

    /* Each pass changes the entry it found: start again each time. */
    while (p2m_for_each_extent(&holder->p2m, find_foreign, &ff) == 1) {
        frame_put(p2m_get_entry(&holder->p2m, _gfn(ff.gfn), NULL, NULL));
        /* A 4 KiB leaf replaced or removed: no memory needed. */
        BUG_ON(p2m_set_entry(&holder->p2m, _gfn(ff.gfn), ph, 0,
                             mfn_eq(ph, INVALID_MFN) ? p2m_invalid
                                                     : p2m_foreign));
    }
}

void foreign_domain_destroy(struct domain *d)
{
    struct domain *dm = domain_lookup(d->dm_domid);

    if (dm && dm != d) {
        drop_mappings(dm, d->domain_id, true);
        flush_tlb_local();
    }
    if (!mfn_eq(d->p2m.root, INVALID_MFN))
        drop_mappings(d, DOMID_INVALID, false);
}

/*
 * The restore's walk over one domain's foreign extents: check them (and
 * find its placeholder), take their references, or give back the first
 * `left` references taken, each pass in the same order.
 */
struct restore_walk {
    struct domain *d;
    foreign_owner_fn owner_of;
    enum { RESTORE_CHECK, RESTORE_TAKE, RESTORE_PUT } pass;
    unsigned long taken, left;
};

/* Check frame m that d maps; 0 or -EINVAL after saying why. */
static int restore_check(struct restore_walk *w, mfn_t m)
{
    struct domain *d = w->d, *t;
    domid_t owner;

    if (!w->owner_of(mfn_x(m), &owner)) {
        printk(XENLOG_ERR "Live update: domain %u maps frame %#lx, which "
               "is nobody's\n", d->domain_id, mfn_x(m));
        return -EINVAL;
    }
    if (owner == d->domain_id &&
        (mfn_eq(d->foreign_placeholder, m) ||
         mfn_eq(d->foreign_placeholder, INVALID_MFN))) {
        d->foreign_placeholder = m; /* its one page of its own */
        return 0;
    }
    t = domain_lookup(owner);
    if (!t || t == d || t->dm_domid != d->domain_id) {
        printk(XENLOG_ERR "Live update: domain %u maps frame %#lx of "
               "domain %u, which it does not serve\n", d->domain_id,
               mfn_x(m), owner);
        return -EINVAL;
    }
    return 0;
}

static int restore_extent(void *ctx, gfn_t gfn, mfn_t mfn, unsigned long nr,
                          enum p2m_type type)
{
    struct restore_walk *w = ctx;
    unsigned long i;
    int rc;

    if (type != p2m_foreign)
        return 0;
    for (i = 0; i < nr; i++) {
        mfn_t m = mfn_add(mfn, i);

        if (w->pass == RESTORE_CHECK) {
            if ((rc = restore_check(w, m)))
                return rc;
        } else if (mfn_eq(m, w->d->foreign_placeholder)) {
            continue; /* no reference */
        } else if (w->pass == RESTORE_TAKE) {
            if (!frame_get(m)) {
                printk(XENLOG_ERR "Live update: frame %#lx is mapped too "
                       "often\n", mfn_x(m));
                return -EINVAL;
            }
            w->taken++;
        } else if (!w->left--) {
            return 1; /* all given back */
        } else {
            frame_put(m);
        }
    }
    return 0;
}

/* One pass over every domain; 0 or the first error. */
/* Only a device model has foreign entries: the others are not walked. */
static int restore_pass(struct restore_walk *w)
{
    int rc = 0;

    for (w->d = domain_list; w->d && !rc; w->d = w->d->next_in_list)
        if (w->d->p2m.entries[p2m_foreign])
            rc = p2m_for_each_extent(&w->d->p2m, restore_extent, w);
    return rc;
}

/*
 * Remove every foreign entry of d, without references: they hold none
 * (the restore failed), and must not look as if they did when d goes.
 */
static void restore_abandon(struct domain *d)
{
    struct foreign_find ff = {.owner = DOMID_INVALID, .skip = INVALID_MFN};

    while (d->p2m.entries[p2m_foreign] &&
           p2m_for_each_extent(&d->p2m, find_foreign, &ff) == 1)
        BUG_ON(p2m_set_entry(&d->p2m, _gfn(ff.gfn), INVALID_MFN, 0,
                             p2m_invalid)); /* a 4 KiB leaf: no memory */
    d->foreign_placeholder = INVALID_MFN;
}

int foreign_restore(foreign_owner_fn owner_of)
{
    struct restore_walk w = {.owner_of = owner_of, .pass = RESTORE_CHECK};
    struct domain *d;
    int rc = restore_pass(&w);

    if (!rc) {
        w.pass = RESTORE_TAKE;
        if ((rc = restore_pass(&w))) {
            w.pass = RESTORE_PUT;
            w.left = w.taken;
            restore_pass(&w);
        }
    }
    if (!rc)
        return 0;
    for (d = domain_list; d; d = d->next_in_list)
        restore_abandon(d);
    return -EINVAL;
}
