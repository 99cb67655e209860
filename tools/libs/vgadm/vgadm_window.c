/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Our windows of mapped frames (dom0 runs with virtual == physical, so a
 * frame we map is memory we can read at its address).  They start past
 * everything in our own memory map (vga_place_window()); slot i of the
 * device model's table has [base + i * VGADM_SLOT_FRAMES, +that): the
 * target's ioreq page first, the map cache's window after it.
 *
 * A domain served in a slot before may have left placeholders there --
 * what its mappings became when it went -- which only a live target's
 * dm_op can remove.  So a slot is prepared with the new target: every
 * frame of it gets a placeholder (allowed over nothing or a placeholder),
 * and the ioreq page's frame is emptied again for XEN_DMOP_get_ioreq.
 * The map cache's window is then exactly "placeholders": the state a
 * device model starts a restore in.
 */
#include "vgadm_internal.h"
#include "vga_place.h"

#define VGADM_SLOT_FRAMES  1024 /* 4 MiB of our address space a slot */
#define VGADM_CACHE_OFFSET 16   /* the cache's window, past the ioreq page */
_Static_assert(VGADM_CACHE_OFFSET + VGA_MAPCACHE_FRAMES <= VGADM_SLOT_FRAMES,
               "a slot holds its map cache");

static int window_map(void *ctx, uint64_t gfn, uint64_t dm_gfn, uint32_t nr)
{
    const struct vgadm_target *t = ctx;

    return xendm_map_foreign(t->domid, gfn, dm_gfn, nr, false);
}

static int window_placeholder(void *ctx, uint64_t dm_gfn, uint32_t nr)
{
    const struct vgadm_target *t = ctx;

    return xendm_map_foreign(t->domid, 0, dm_gfn, nr, true);
}

static int window_unmap(void *ctx, uint64_t dm_gfn, uint32_t nr)
{
    const struct vgadm_target *t = ctx;

    return xendm_unmap_foreign(t->domid, dm_gfn, nr);
}

static const uint8_t *window_frame(void *ctx, uint64_t dm_gfn)
{
    (void)ctx;
    return (const uint8_t *)(uintptr_t)(dm_gfn << PAGE_SHIFT);
}

static const struct vga_mapcache_ops window_ops = {
    window_map,
    window_placeholder,
    window_unmap,
    window_frame,
};

/* Our first window frame, from our own memory map; 0 if unreadable. */
static uint64_t window_base(void)
{
    static struct xen_e820_entry own[XEN_MEMMAP_MAX_ENTRIES];
    static uint64_t base;
    long n;

    if (!base &&
        (n = guest_memmap_read(own, XEN_MEMMAP_MAX_ENTRIES, NULL)) >= 0)
        base = vga_place_window(own, (unsigned int)n) >> PAGE_SHIFT;
    return base;
}

int vgadm_window_prepare(struct vgadm_target *t, unsigned int i)
{
    uint64_t base = window_base();
    int rc;

    if (!base)
        return -XEN_EIO;
    base += (uint64_t)i * VGADM_SLOT_FRAMES;
    t->ioreq_gfn = base;
    t->ioreq = (struct ioreq_page *)(uintptr_t)(base << PAGE_SHIFT);
    vga_mapcache_init(&t->cache, &window_ops, t, base + VGADM_CACHE_OFFSET);
    if ((rc = xendm_map_foreign(t->domid, 0, base, 1, true)) ||
        (rc = xendm_unmap_foreign(t->domid, base, 1)))
        return rc;
    return vga_mapcache_placeholders(&t->cache);
}
