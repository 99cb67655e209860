/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device-model physmap regions (xen/physmap.h): names, places, moves.  A
 * region that is moving occupies both its old and its new place until it
 * is done, so nothing else may be put on either meanwhile.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/physmap.h>
#include <xen/string.h>

static int physmap_fail(const char **why, int rc, const char *text)
{
    if (why)
        *why = text;
    return rc;
}

static bool overlap(unsigned long a, unsigned long an, unsigned long b,
                    unsigned long bn)
{
    return a < b + bn && b < a + an;
}

void physmap_init(struct physmap *pm)
{
    memset(pm, 0, sizeof(*pm));
}

/* The length of a good name (1 to 15 printable characters, no space), or 0. */
static size_t name_len(const char *name)
{
    size_t n = strnlen(name, PHYSMAP_NAME_LEN), i;

    if (n == PHYSMAP_NAME_LEN)
        return 0;
    for (i = 0; i < n; i++)
        if (name[i] <= ' ' || name[i] > '~')
            return 0;
    return n;
}

struct physmap_region *physmap_find(struct physmap *pm, const char *name)
{
    unsigned int i;

    for (i = 0; i < PHYSMAP_MAX_REGIONS; i++)
        if (pm->r[i].name[0] &&
            !strncmp(pm->r[i].name, name, PHYSMAP_NAME_LEN))
            return &pm->r[i];
    return NULL;
}

const struct physmap_region *physmap_at(const struct physmap *pm,
                                        unsigned int index)
{
    unsigned int i;

    for (i = 0; i < PHYSMAP_MAX_REGIONS; i++)
        if (pm->r[i].name[0] && !index--)
            return &pm->r[i];
    return NULL;
}

/* Whether region r (both its places while it moves) overlaps the range. */
static bool region_overlaps(const struct physmap_region *r, unsigned long gfn,
                            unsigned long nr)
{
    return overlap(gfn, nr, r->gfn, r->nr) ||
           (r->dest != PHYSMAP_NOT_MOVING && overlap(gfn, nr, r->dest, r->nr));
}

/* [gfn, gfn + nr) may hold region self (NULL: a new one). */
static int place_ok(const struct physmap *pm, const struct memmap *mm,
                    const struct physmap_region *self, unsigned long gfn,
                    unsigned long nr, const char **why)
{
    unsigned int i;

    if (!memmap_in_hole(mm, gfn, nr))
        return physmap_fail(why, -EINVAL, "outside the MMIO hole");
    if (memmap_overlaps(mm, gfn, nr, MEMMAP_NOT_RAM))
        return physmap_fail(why, -EPERM, "on a reserved range");
    for (i = 0; i < PHYSMAP_MAX_REGIONS; i++)
        if (pm->r[i].name[0] && &pm->r[i] != self &&
            region_overlaps(&pm->r[i], gfn, nr))
            return physmap_fail(why, -EBUSY, "on another region");
    return 0;
}

struct physmap_region *physmap_add(struct physmap *pm, const struct memmap *mm,
                                   const char *name, unsigned long gfn,
                                   unsigned long nr, int *rc,
                                   const char **why)
{
    size_t len = name_len(name);
    struct physmap_region *r = NULL;
    unsigned int i;

    *rc = 0;
    if (!len)
        *rc = physmap_fail(why, -EINVAL, "a name is 1 to 15 printable "
                           "characters, no spaces");
    else if (!nr || nr > PHYSMAP_MAX_FRAMES)
        *rc = physmap_fail(why, -EINVAL, "a region is 4 KiB to 64 MiB");
    else if (physmap_find(pm, name))
        *rc = physmap_fail(why, -EEXIST, "the name is taken");
    else
        *rc = place_ok(pm, mm, NULL, gfn, nr, why);
    for (i = 0; !*rc && i < PHYSMAP_MAX_REGIONS && !r; i++)
        if (!pm->r[i].name[0])
            r = &pm->r[i];
    if (!*rc && !r)
        *rc = physmap_fail(why, -ENOSPC, "too many regions");
    if (*rc)
        return NULL;
    memset(r->name, 0, sizeof(r->name));
    memcpy(r->name, name, len);
    r->gfn = gfn;
    r->nr = nr;
    r->dest = PHYSMAP_NOT_MOVING;
    r->moved = 0;
    return r;
}

void physmap_remove(struct physmap_region *r)
{
    memset(r, 0, sizeof(*r));
}

int physmap_move_start(struct physmap *pm, const struct memmap *mm,
                       struct physmap_region *r, unsigned long dest,
                       const char **why)
{
    int rc;

    if (r->dest != PHYSMAP_NOT_MOVING)
        return dest == r->dest ? 0
                               : physmap_fail(why, -EBUSY, "another move of "
                                              "the region is under way");
    if (dest == r->gfn)
        return 0;
    if ((rc = place_ok(pm, mm, r, dest, r->nr, why)))
        return rc;
    r->dest = dest;
    r->moved = 0;
    return 0;
}

bool physmap_move_next(const struct physmap_region *r, unsigned long max,
                       unsigned long *src, unsigned long *dst,
                       unsigned long *n)
{
    unsigned long dist, first;

    if (r->dest == PHYSMAP_NOT_MOVING)
        return false;
    dist = r->dest > r->gfn ? r->dest - r->gfn : r->gfn - r->dest;
    *n = min(min(max, dist), r->nr - r->moved);
    first = r->dest < r->gfn ? r->moved : r->nr - r->moved - *n;
    *src = r->gfn + first;
    *dst = r->dest + first;
    return true;
}

void physmap_move_done(struct physmap_region *r, unsigned long n)
{
    r->moved += n;
    if (r->moved < r->nr)
        return;
    r->gfn = r->dest;
    r->dest = PHYSMAP_NOT_MOVING;
    r->moved = 0;
}

unsigned long physmap_frame_gfn(const struct physmap_region *r,
                                unsigned long i)
{
    bool at_dest = r->dest != PHYSMAP_NOT_MOVING &&
                   (r->dest < r->gfn ? i < r->moved : i >= r->nr - r->moved);

    return (at_dest ? r->dest : r->gfn) + i;
}

int physmap_restore(struct physmap *pm, const struct memmap *mm,
                    const char *name, unsigned long gfn, unsigned long nr,
                    unsigned long dest, unsigned long moved,
                    const char **why)
{
    struct physmap_region *r;
    int rc;

    if (dest == PHYSMAP_NOT_MOVING ? moved != 0
                                   : dest == gfn || !moved || moved >= nr)
        return physmap_fail(why, -EINVAL, "a move state that cannot be");
    if (!(r = physmap_add(pm, mm, name, gfn, nr, &rc, why)))
        return rc;
    if (dest != PHYSMAP_NOT_MOVING &&
        (rc = physmap_move_start(pm, mm, r, dest, why))) {
        physmap_remove(r);
        return rc;
    }
    r->moved = moved;
    return 0;
}
