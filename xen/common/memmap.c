/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Editing a guest's memory map (xen/memmap.h).  The ranges are kept sorted
 * and disjoint with touching ranges of one type merged, so "all RAM" is a
 * question about one range.  An edit that can fail works on a copy and
 * commits it at the end, so a refusal leaves the map as it was.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/memmap.h>
#include <xen/p2m.h>
#include <xen/string.h>

static int memmap_fail(const char **why, int rc, const char *text)
{
    if (why)
        *why = text;
    return rc;
}

static unsigned long range_end(const struct memmap_range *r)
{
    return r->gfn + r->nr;
}

static bool ranges_overlap(unsigned long a, unsigned long an, unsigned long b,
                           unsigned long bn)
{
    return a < b + bn && b < a + an;
}

/* [gfn, gfn + nr) is non-empty and inside the guest-physical space. */
static bool range_ok(unsigned long gfn, unsigned long nr)
{
    return nr && gfn < P2M_GUEST_MAX_GFN && nr <= P2M_GUEST_MAX_GFN - gfn;
}

void memmap_init(struct memmap *m)
{
    memset(m, 0, sizeof(*m));
    m->hole_start = MEMMAP_GFN_4G;
}

int memmap_hole_start(unsigned int mib, unsigned long *hole_start,
                      const char **why)
{
    if (!mib)
        mib = MEMMAP_HOLE_MIB_DEFAULT;
    if (mib < MEMMAP_HOLE_MIB_MIN || mib > MEMMAP_HOLE_MIB_MAX)
        return memmap_fail(why, -EINVAL, "the MMIO hole must be 256 to 4032 "
                           "MiB");
    *hole_start = (unsigned long)(4096 - mib) << (20 - 12);
    return 0;
}

/*
 * Add [gfn, gfn + nr) of type, merging it with the ranges of that type it
 * overlaps or touches; it must overlap no range of another type.
 */
static int map_add(struct memmap *m, unsigned long gfn, unsigned long nr,
                   unsigned int type)
{
    struct memmap_range keep[MEMMAP_MAX_RANGES];
    unsigned long s = gfn, e = gfn + nr;
    unsigned int i, n = 0, at;

    for (i = 0; i < m->nr; i++) {
        const struct memmap_range *r = &m->r[i];

        if (r->type == type && r->gfn <= e && range_end(r) >= s) {
            s = min(s, r->gfn);
            e = max(e, range_end(r));
            continue;
        }
        keep[n++] = *r;
    }
    if (n == MEMMAP_MAX_RANGES)
        return -ENOSPC;
    for (at = 0; at < n && keep[at].gfn < s; at++)
        ;
    memmove(&keep[at + 1], &keep[at], (n - at) * sizeof(keep[0]));
    keep[at] = (struct memmap_range){s, e - s, type};
    memcpy(m->r, keep, (n + 1) * sizeof(keep[0]));
    m->nr = n + 1;
    return 0;
}

/* Take [gfn, gfn + nr) out of range i, which holds it. */
static int map_cut(struct memmap *m, unsigned int i, unsigned long gfn,
                   unsigned long nr)
{
    struct memmap_range *r = &m->r[i];
    struct memmap_range right = {gfn + nr, range_end(r) - gfn - nr, r->type};

    if (right.nr && gfn > r->gfn) {
        if (m->nr == MEMMAP_MAX_RANGES)
            return -ENOSPC;
        memmove(&m->r[i + 2], &m->r[i + 1],
                (m->nr - i - 1) * sizeof(m->r[0]));
        m->r[i + 1] = right;
        m->nr++;
        r->nr = gfn - r->gfn;
    } else if (right.nr) {
        *r = right;
    } else if (gfn > r->gfn) {
        r->nr = gfn - r->gfn;
    } else {
        memmove(r, r + 1, (m->nr - i - 1) * sizeof(m->r[0]));
        m->nr--;
    }
    return 0;
}

/* The index of the range of type wholly holding [gfn, gfn + nr), or -1. */
static int range_holding(const struct memmap *m, unsigned long gfn,
                         unsigned long nr, unsigned int type)
{
    unsigned int i;

    for (i = 0; i < m->nr; i++)
        if (m->r[i].type == type && m->r[i].gfn <= gfn &&
            range_end(&m->r[i]) >= gfn + nr)
            return (int)i;
    return -1;
}

bool memmap_overlaps(const struct memmap *m, unsigned long gfn,
                     unsigned long nr, unsigned int types)
{
    unsigned int i;

    for (i = 0; i < m->nr; i++)
        if ((types & MEMMAP_TYPE_BIT(m->r[i].type)) &&
            ranges_overlap(gfn, nr, m->r[i].gfn, m->r[i].nr))
            return true;
    return false;
}

bool memmap_is_ram(const struct memmap *m, unsigned long gfn,
                   unsigned long nr)
{
    return range_holding(m, gfn, nr, MEMMAP_RAM) >= 0;
}

bool memmap_in_hole(const struct memmap *m, unsigned long gfn,
                    unsigned long nr)
{
    return gfn >= m->hole_start && gfn < MEMMAP_GFN_4G &&
           nr <= MEMMAP_GFN_4G - gfn;
}

unsigned long memmap_ram_frames(const struct memmap *m)
{
    unsigned long n = 0;
    unsigned int i;

    for (i = 0; i < m->nr; i++)
        if (m->r[i].type == MEMMAP_RAM)
            n += m->r[i].nr;
    return n;
}

unsigned long memmap_low_ram_end(const struct memmap *m)
{
    unsigned long end = 0;
    unsigned int i;

    for (i = 0; i < m->nr; i++)
        if (m->r[i].type == MEMMAP_RAM && m->r[i].gfn < m->hole_start)
            end = range_end(&m->r[i]);
    return end;
}

unsigned long memmap_first_free(const struct memmap *m, unsigned long from,
                                unsigned long nr)
{
    unsigned int i;

    for (i = 0; i < m->nr; i++)
        if (ranges_overlap(from, nr, m->r[i].gfn, m->r[i].nr))
            from = range_end(&m->r[i]); /* sorted: later ones come next */
    return from;
}

/* The first range that is not RAM ending after gfn, or NULL. */
static const struct memmap_range *next_reserved(const struct memmap *m,
                                                unsigned long gfn)
{
    unsigned int i;

    for (i = 0; i < m->nr; i++)
        if (m->r[i].type != MEMMAP_RAM && range_end(&m->r[i]) > gfn)
            return &m->r[i];
    return NULL;
}

/* Lay *left frames of RAM in [from, to) around the reserved ranges. */
static int place_ram(struct memmap *m, unsigned long from, unsigned long to,
                     unsigned long *left)
{
    while (*left && from < to) {
        const struct memmap_range *r = next_reserved(m, from);
        unsigned long stop = r ? min(r->gfn, to) : to, n;
        int rc;

        if (r && r->gfn <= from) {
            from = range_end(r);
            continue;
        }
        n = min(*left, stop - from);
        if ((rc = map_add(m, from, n, MEMMAP_RAM)))
            return rc;
        *left -= n;
        from = stop;
    }
    return 0;
}

int memmap_build(struct memmap *m, unsigned long ram, unsigned long hole_start,
                 const struct memmap_range *rdm, unsigned int nr_rdm,
                 const char **why)
{
    struct memmap t;
    unsigned long left = ram;
    unsigned int i;
    int rc;

    memmap_init(&t);
    if (hole_start < MEMMAP_HOLE_MIN || hole_start > MEMMAP_GFN_4G)
        return memmap_fail(why, -EINVAL, "the MMIO hole must start between "
                           "64 MiB and 4 GiB");
    for (i = 0; i < nr_rdm; i++) {
        if (!range_ok(rdm[i].gfn, rdm[i].nr))
            return memmap_fail(why, -EINVAL, "a reserved range is empty or "
                               "beyond the guest-physical space");
        if (map_add(&t, rdm[i].gfn, rdm[i].nr, MEMMAP_RDM))
            return memmap_fail(why, -ENOSPC, "too many reserved ranges");
    }
    t.hole_start = hole_start;
    rc = place_ram(&t, 0, hole_start, &left);
    if (!rc)
        rc = place_ram(&t, MEMMAP_GFN_4G, P2M_GUEST_MAX_GFN, &left);
    if (rc)
        return memmap_fail(why, rc, "the RAM is split into too many ranges");
    if (left)
        return memmap_fail(why, -E2BIG, "the RAM does not fit in the "
                           "guest-physical space");
    t.generation = 1;
    *m = t;
    return 0;
}

/* The checks of memmap_relocate() on the source; 0 or -EINVAL. */
static int relocate_source_ok(const struct memmap *m, unsigned long first,
                              unsigned long nr, const char **why)
{
    int i;

    if (!range_ok(first, nr))
        return memmap_fail(why, -EINVAL, "the range to move is empty or "
                           "beyond the guest-physical space");
    i = range_holding(m, first, nr, MEMMAP_RAM);
    if (i < 0)
        return memmap_fail(why, -EINVAL, "the range to move is not all RAM");
    /* RAM never lies in the hole, so first + nr <= hole_start here. */
    if (first >= m->hole_start || range_end(&m->r[i]) != first + nr ||
        memmap_overlaps(m, first + nr, m->hole_start - (first + nr),
                        MEMMAP_TYPE_BIT(MEMMAP_RAM)))
        return memmap_fail(why, -EINVAL, "the range to move is not the RAM "
                           "right below the MMIO hole");
    if (first < MEMMAP_HOLE_MIN)
        return memmap_fail(why, -EINVAL, "the MMIO hole would start below "
                           "64 MiB");
    return 0;
}

int memmap_relocate(struct memmap *m, unsigned long first, unsigned long nr,
                    unsigned long dest, const char **why)
{
    struct memmap t = *m;
    int rc = relocate_source_ok(m, first, nr, why);

    if (rc)
        return rc;
    if (dest < MEMMAP_GFN_4G || !range_ok(dest, nr))
        return memmap_fail(why, -EINVAL, "the destination must be at or "
                           "above 4 GiB, inside the guest-physical space");
    if (memmap_overlaps(m, dest, nr, MEMMAP_NOT_RAM))
        return memmap_fail(why, -EPERM, "the destination overlaps a "
                           "reserved range");
    if (memmap_overlaps(m, dest, nr, MEMMAP_TYPE_BIT(MEMMAP_RAM)))
        return memmap_fail(why, -EBUSY, "the destination overlaps RAM");
    rc = map_cut(&t, (unsigned int)range_holding(&t, first, nr, MEMMAP_RAM),
                 first, nr);
    if (!rc)
        rc = map_add(&t, dest, nr, MEMMAP_RAM);
    if (rc)
        return memmap_fail(why, rc, "the memory map is full");
    t.hole_start = first;
    t.generation++;
    *m = t;
    return 0;
}

/* Append a range to out (if there is room); returns the new count. */
static unsigned int export_one(struct memmap_range *out, unsigned int max,
                               unsigned int n, unsigned long gfn,
                               unsigned long nr, unsigned int type)
{
    if (n < max)
        out[n] = (struct memmap_range){gfn, nr, type};
    return n + 1;
}

unsigned int memmap_export(const struct memmap *m, struct memmap_range *out,
                           unsigned int max)
{
    unsigned long h = m->hole_start; /* the first hole frame not yet out */
    unsigned int i, n = 0;

    for (i = 0; i <= m->nr; i++) {
        const struct memmap_range *r = i < m->nr ? &m->r[i] : NULL;
        unsigned long stop = r ? min(r->gfn, MEMMAP_GFN_4G) : MEMMAP_GFN_4G;

        if (h < stop)
            n = export_one(out, max, n, h, stop - h, MEMMAP_MMIO);
        if (!r)
            break;
        n = export_one(out, max, n, r->gfn, r->nr, r->type);
        h = max(h, range_end(r));
    }
    return n;
}

/* The hole memmap_import() is given: one run of MMIO and reserved ranges. */
static int import_hole(const struct memmap_range *in, unsigned int n,
                       unsigned long *hole_start, const char **why)
{
    unsigned long at = MEMMAP_GFN_4G;
    unsigned int i;

    for (i = 0; i < n && in[i].type != MEMMAP_MMIO; i++)
        ;
    if (i < n)
        at = in[i].gfn;
    *hole_start = at;
    for (; i < n && at < MEMMAP_GFN_4G; i++) {
        if (in[i].gfn != at || in[i].type == MEMMAP_RAM)
            return memmap_fail(why, -EINVAL, "the MMIO hole is not one run "
                               "up to 4 GiB");
        at = range_end(&in[i]);
    }
    for (; i < n; i++)
        if (in[i].type == MEMMAP_MMIO)
            return memmap_fail(why, -EINVAL, "MMIO above 4 GiB");
    if (*hole_start < MEMMAP_HOLE_MIN || at < MEMMAP_GFN_4G)
        return memmap_fail(why, -EINVAL, "the MMIO hole must start at 64 MiB "
                           "or above and reach 4 GiB");
    return 0;
}

int memmap_import(struct memmap *m, const struct memmap_range *in,
                  unsigned int n, uint64_t generation, const char **why)
{
    struct memmap t;
    unsigned long end = 0;
    unsigned int i;
    int rc;

    memmap_init(&t);
    for (i = 0; i < n; i++) {
        if (!range_ok(in[i].gfn, in[i].nr) || in[i].type < MEMMAP_RAM ||
            in[i].type > MEMMAP_RDM)
            return memmap_fail(why, -EINVAL, "a range is empty, out of the "
                               "guest-physical space or of no known type");
        if (in[i].gfn < end)
            return memmap_fail(why, -EINVAL, "ranges out of order or "
                               "overlapping");
        end = range_end(&in[i]);
    }
    if ((rc = import_hole(in, n, &t.hole_start, why)))
        return rc;
    for (i = 0; i < n; i++)
        if (in[i].type != MEMMAP_MMIO &&
            map_add(&t, in[i].gfn, in[i].nr, in[i].type))
            return memmap_fail(why, -ENOSPC, "too many ranges");
    t.generation = generation;
    *m = t;
    return 0;
}

int memmap_parse_range(const char *s, const char *e, struct memmap_range *out,
                       const char **why)
{
    const char *p, *q;
    unsigned long long start = simple_strtoull(s, &p, 0), last;

    if (p == s || p >= e || *p != '-')
        return memmap_fail(why, -EINVAL, "expected START-END");
    last = simple_strtoull(p + 1, &q, 0);
    if (q == p + 1 || q != e)
        return memmap_fail(why, -EINVAL, "expected START-END");
    if (start & 0xfff)
        return memmap_fail(why, -EINVAL, "START must be 4 KiB aligned");
    if ((last & 0xfff) != 0xfff)
        return memmap_fail(why, -EINVAL, "END must be the last byte of a "
                           "page (end in fff)");
    if (last < start)
        return memmap_fail(why, -EINVAL, "END is below START");
    if ((last >> 12) >= P2M_GUEST_MAX_GFN)
        return memmap_fail(why, -EINVAL, "beyond the guest-physical space");
    *out = (struct memmap_range){start >> 12, ((last - start) >> 12) + 1,
                                 MEMMAP_RDM};
    return 0;
}
