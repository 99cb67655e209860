/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The map cache (vga_mapcache.h).  Slot i covers our frames [window + i *
 * SLOT_FRAMES, +SLOT_FRAMES); a region is cut into slot-sized pieces from
 * its first frame, so a piece never reaches past the region's end (a map
 * of a frame that is not the target's memory would be refused whole).
 */
#include <public/errno.h>
#include <crc32.h> /* tools/libs/guest */

#include "vga_mapcache.h"

#define SLOT_FRAMES VGA_MAPCACHE_SLOT_FRAMES
#define FRAME_SIZE  4096ull

static uint64_t slot_dm_gfn(const struct vga_mapcache *c, unsigned int i)
{
    return c->window + (uint64_t)i * SLOT_FRAMES;
}

void vga_mapcache_init(struct vga_mapcache *c,
                       const struct vga_mapcache_ops *ops, void *ctx,
                       uint64_t window)
{
    *c = (struct vga_mapcache){.ops = ops, .ctx = ctx, .window = window};
    for (unsigned int i = 0; i < VGA_MAPCACHE_SLOTS; i++)
        c->slot[i].ph_from = SLOT_FRAMES;
}

int vga_mapcache_placeholders(struct vga_mapcache *c)
{
    for (unsigned int i = 0; i < VGA_MAPCACHE_SLOTS; i++) {
        struct vga_mapcache_slot *s = &c->slot[i];
        int rc;

        if (s->nr >= s->ph_from)
            continue; /* mapped up to where placeholders start */
        rc = c->ops->map_placeholder(c->ctx, slot_dm_gfn(c, i) + s->nr,
                                     s->ph_from - s->nr);
        if (rc)
            return rc;
        s->ph_from = s->nr;
    }
    return 0;
}

/* Unmap what slot i maps (its placeholders beyond stay). */
static int slot_unmap(struct vga_mapcache *c, unsigned int i)
{
    struct vga_mapcache_slot *s = &c->slot[i];
    int rc;

    if (!s->nr)
        return 0;
    if ((rc = c->ops->unmap(c->ctx, slot_dm_gfn(c, i), s->nr))) {
        s->stale = true;
        return rc;
    }
    s->nr = 0;
    s->stale = false;
    return 0;
}

/* The slot to map into: an empty one, else the least recently used. */
static unsigned int slot_victim(const struct vga_mapcache *c)
{
    unsigned int best = 0;

    for (unsigned int i = 0; i < VGA_MAPCACHE_SLOTS; i++) {
        if (!c->slot[i].nr)
            return i;
        if (c->slot[i].used < c->slot[best].used)
            best = i;
    }
    return best;
}

int vga_mapcache_lookup(struct vga_mapcache *c, uint64_t gfn,
                        uint64_t region_gfn, uint64_t region_nr,
                        uint64_t *dm_gfn)
{
    uint64_t piece, left;
    unsigned int i;
    uint32_t nr;
    int rc;

    if (gfn < region_gfn || gfn - region_gfn >= region_nr)
        return -XEN_EINVAL;
    piece = region_gfn + (gfn - region_gfn) / SLOT_FRAMES * SLOT_FRAMES;
    left = region_gfn + region_nr - piece;
    nr = left < SLOT_FRAMES ? (uint32_t)left : SLOT_FRAMES;
    for (i = 0; i < VGA_MAPCACHE_SLOTS; i++) {
        struct vga_mapcache_slot *s = &c->slot[i];

        if (s->nr == nr && s->gfn == piece && !s->stale) {
            s->used = ++c->clock;
            c->stats.hits++;
            *dm_gfn = slot_dm_gfn(c, i) + (gfn - piece);
            return 0;
        }
    }
    i = slot_victim(c);
    if (c->slot[i].nr) {
        if ((rc = slot_unmap(c, i)))
            return rc;
        c->stats.evictions++;
    }
    if ((rc = c->ops->map(c->ctx, piece, slot_dm_gfn(c, i), nr)))
        return rc;
    c->slot[i].gfn = piece;
    c->slot[i].nr = nr;
    if (c->slot[i].ph_from < nr)
        c->slot[i].ph_from = nr; /* mapped over: gone when unmapped */
    c->slot[i].used = ++c->clock;
    c->stats.misses++;
    *dm_gfn = slot_dm_gfn(c, i) + (gfn - piece);
    return 0;
}

int vga_mapcache_invalidate(struct vga_mapcache *c)
{
    int rc, first = 0;

    if (vga_mapcache_mapped(c))
        c->stats.invalidations++;
    for (unsigned int i = 0; i < VGA_MAPCACHE_SLOTS; i++)
        if ((rc = slot_unmap(c, i)) && !first)
            first = rc;
    return first;
}

int vga_mapcache_teardown(struct vga_mapcache *c)
{
    int rc, first = vga_mapcache_invalidate(c);

    for (unsigned int i = 0; i < VGA_MAPCACHE_SLOTS; i++) {
        struct vga_mapcache_slot *s = &c->slot[i];

        if (s->nr || s->ph_from >= SLOT_FRAMES)
            continue;
        rc = c->ops->unmap(c->ctx, slot_dm_gfn(c, i) + s->ph_from,
                           SLOT_FRAMES - s->ph_from);
        if (!rc)
            s->ph_from = SLOT_FRAMES;
        else if (!first)
            first = rc;
    }
    return first;
}

unsigned int vga_mapcache_mapped(const struct vga_mapcache *c)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < VGA_MAPCACHE_SLOTS; i++)
        n += c->slot[i].nr != 0;
    return n;
}

int vga_mapcache_checksum(struct vga_mapcache *c, uint64_t region_gfn,
                          uint64_t region_nr, uint64_t bytes, uint32_t *crc,
                          uint64_t *failed_gfn)
{
    uint64_t off, dm_gfn;
    int rc;

    *crc = 0;
    if (bytes > region_nr * FRAME_SIZE)
        return -XEN_EINVAL;
    for (off = 0; off < bytes; off += FRAME_SIZE - off % FRAME_SIZE) {
        uint64_t gfn = region_gfn + off / FRAME_SIZE;
        uint64_t len = FRAME_SIZE - off % FRAME_SIZE;

        if ((rc =
                 vga_mapcache_lookup(c, gfn, region_gfn, region_nr, &dm_gfn))) {
            *failed_gfn = gfn;
            return rc;
        }
        if (len > bytes - off)
            len = bytes - off;
        *crc = crc32_iso(*crc, c->ops->frame(c->ctx, dm_gfn) + off % FRAME_SIZE,
                         len);
    }
    return 0;
}
