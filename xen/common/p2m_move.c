/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Moving a run of p2m entries to other guest frames (xen/p2m.h): what RAM
 * relocation and device-model physmap regions do.  The machine frames stay
 * where they are; only the guest frames that map them change.  Only RAM
 * moves: other entries are known by their gfn elsewhere (the shared info
 * page, an ioreq page or placeholder in a device model's physmap), and a
 * move would carry them away from where they are looked for.
 *
 * A move either happens whole or not at all, though each p2m_set_entry()
 * may need memory and fail.  The order makes that possible:
 *
 *  1. split the leaves at the two ends of the source down to 4 KiB (the
 *     map means the same after a split, so a failure here changes nothing
 *     a guest can see);
 *  2. map the destination, extent by extent, with the largest pages both
 *     frame numbers allow; on failure remove what this step mapped, each
 *     piece at the order it was mapped with, which needs no memory;
 *  3. remove the source in its largest aligned pieces: after step 1 no
 *     piece lies inside a larger leaf, so nothing needs splitting.
 *
 * Portable core: only the p2m interface, so host tests run it on fake
 * frames.  The caller locks and flushes TLBs.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/p2m.h>

/* The largest order a piece at gfn (and mfn) of at most nr frames can have. */
static unsigned int piece_order(unsigned long gfn, unsigned long mfn,
                                unsigned long nr)
{
    unsigned int order = 0;

    while (order < P2M_MAX_ORDER && !((gfn | mfn) & ((2UL << order) - 1)) &&
           (2UL << order) <= nr)
        order++;
    return order;
}

/* The first frame after the aligned run of 2^order frames holding gfn. */
static unsigned long run_end(unsigned long gfn, unsigned int order)
{
    return (gfn | ((1UL << order) - 1)) + 1;
}

bool p2m_range_is(const struct p2m *p2m, gfn_t gfn, unsigned long nr,
                  enum p2m_type t)
{
    unsigned long g = gfn_x(gfn), end = g + nr;

    if (g >= P2M_MAX_GFN || nr > P2M_MAX_GFN - g)
        return false;
    while (g < end) {
        enum p2m_type got;
        unsigned int order;

        p2m_get_entry(p2m, _gfn(g), &got, &order);
        if (got != t)
            return false;
        g = run_end(g, order);
    }
    return true;
}

/*
 * The extent of the source starting at gfn, at most nr frames: frames
 * mapping consecutive machine frames with one type.
 */
static unsigned long extent_at(const struct p2m *p2m, unsigned long gfn,
                               unsigned long nr, mfn_t *mfn, enum p2m_type *t)
{
    unsigned long len = 0;
    unsigned int order;

    *mfn = p2m_get_entry(p2m, _gfn(gfn), t, &order);
    len = run_end(gfn, order) - gfn;
    while (len < nr) {
        enum p2m_type t2;
        mfn_t m2 = p2m_get_entry(p2m, _gfn(gfn + len), &t2, &order);

        if (t2 != *t || !mfn_eq(m2, mfn_add(*mfn, len)))
            break;
        len = run_end(gfn + len, order) - gfn;
    }
    return min(len, nr);
}

/* Make the leaf holding gfn a 4 KiB one, mapping the same.  0 or -ENOMEM. */
static int split_at(struct p2m *p2m, unsigned long gfn)
{
    enum p2m_type t;
    unsigned int order;
    mfn_t mfn = p2m_get_entry(p2m, _gfn(gfn), &t, &order);

    return order ? p2m_set_entry(p2m, _gfn(gfn), mfn, 0, t) : 0;
}

/* Remove [gfn, gfn + nr) in its largest aligned pieces. */
static void remove_range(struct p2m *p2m, unsigned long gfn, unsigned long nr)
{
    while (nr) {
        unsigned int order = piece_order(gfn, 0, nr);

        /* After split_at() at both ends these are whole leaves or more. */
        BUG_ON(p2m_set_entry(p2m, _gfn(gfn), INVALID_MFN, order,
                             p2m_invalid));
        gfn += 1UL << order;
        nr -= 1UL << order;
    }
}

/*
 * Map the source's first nr frames at dst (map), or remove what such a
 * call mapped (!map): the pieces depend only on the source, which does
 * not change, so an undo visits exactly the pieces that were mapped.
 * Returns 0, or -ENOMEM with *done the frames mapped before the failure.
 */
static int dst_pieces(struct p2m *p2m, unsigned long src, unsigned long dst,
                      unsigned long nr, bool map, unsigned long *done)
{
    for (*done = 0; *done < nr;) {
        enum p2m_type t;
        mfn_t mfn;
        unsigned long len = extent_at(p2m, src + *done, nr - *done, &mfn, &t);
        unsigned long i;

        for (i = 0; i < len;) {
            unsigned long g = dst + *done + i;
            unsigned int order = piece_order(g, mfn_x(mfn) + i, len - i);
            int rc = p2m_set_entry(p2m, _gfn(g), map ? mfn_add(mfn, i)
                                                    : INVALID_MFN,
                                   order, map ? t : p2m_invalid);

            if (rc) {
                BUG_ON(!map); /* removing exactly what was mapped */
                *done += i;
                return rc;
            }
            i += 1UL << order;
        }
        *done += len;
    }
    return 0;
}

int p2m_move(struct p2m *p2m, gfn_t src, gfn_t dst, unsigned long nr)
{
    unsigned long s = gfn_x(src), d = gfn_x(dst), done;
    int rc;

    if (!nr || s >= P2M_GUEST_MAX_GFN || nr > P2M_GUEST_MAX_GFN - s ||
        d >= P2M_GUEST_MAX_GFN || nr > P2M_GUEST_MAX_GFN - d ||
        (s < d + nr && d < s + nr))
        return -EINVAL;
    /* Only RAM: a hypervisor page or a foreign mapping is tracked by gfn. */
    if (!p2m_range_is(p2m, src, nr, p2m_ram_rw))
        return -EINVAL;
    if (!p2m_range_is(p2m, dst, nr, p2m_invalid))
        return -EBUSY;
    if ((rc = split_at(p2m, s)) || (rc = split_at(p2m, s + nr - 1)))
        return rc;
    if ((rc = dst_pieces(p2m, s, d, nr, true, &done))) {
        unsigned long undone;

        dst_pieces(p2m, s, d, done, false, &undone);
        return rc;
    }
    remove_range(p2m, s, nr);
    return 0;
}
