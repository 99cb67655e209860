/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Rendering a frame (vgadm.h): the checksum of the framebuffer the guest
 * programmed, read through the map cache from wherever the hypervisor
 * says VRAM is.  The hypervisor is asked every time (XEN_DMOP_physmap_
 * query), as the one that tracks the region: should its answer ever
 * differ from ours, ours gives way, and the cache is dropped.
 */
#include <notice.h>

#include "vgadm_internal.h"

/* Where VRAM is, by the hypervisor; 0 or -errno with err. */
static int vgadm_vram_now(struct vgadm_target *t, char *err, size_t err_size)
{
    struct xendm_region r;
    int rc;

    if ((rc = xendm_physmap_find(t->domid, VGADM_REGION_NAME, &r)))
        return vgadm_fail(err, err_size, rc, "cannot find its VRAM region '%s'",
                          VGADM_REGION_NAME);
    if (r.moving)
        return vgadm_fail(err, err_size, -XEN_EBUSY,
                          "its VRAM is moving (%u of %lu frames moved)",
                          r.moved, (unsigned long)(r.size >> PAGE_SHIFT));
    if (r.gfn << PAGE_SHIFT != t->dev.bank_base) {
        notice("vga: domain %u: VRAM is at %#lx, not %#lx as the device "
               "model thought; map cache dropped",
               t->domid, (unsigned long)(r.gfn << PAGE_SHIFT),
               (unsigned long)t->dev.bank_base);
        vga_mapcache_invalidate(&t->cache);
        t->dev.bank_base = r.gfn << PAGE_SHIFT;
    }
    return 0;
}

int vgadm_render(domid_t domid, struct vgadm_frame *frame, char *err,
                 size_t err_size)
{
    struct vgadm_target *t = vgadm_lookup(domid);
    struct vga_mapcache_stats before;
    uint64_t failed = 0;
    int rc;

    if (!t)
        return vgadm_fail(err, err_size, -XEN_ESRCH, "it has no VGA");
    if ((rc = vgadm_vram_now(t, err, err_size)))
        return rc;
    before = t->cache.stats;
    *frame = (struct vgadm_frame){
        .mode = t->dev.shown,
        .pitch = bankvga_pitch(&t->dev.shown),
        .fb_bytes = bankvga_fb_bytes(&t->dev.shown),
        .vram_addr = t->dev.bank_base,
        .vram_bytes = t->dev.vram_bytes,
        .map_generation = t->generation,
    };
    rc = vga_mapcache_checksum(&t->cache, t->dev.bank_base >> PAGE_SHIFT,
                               t->dev.vram_bytes >> PAGE_SHIFT, frame->fb_bytes,
                               &frame->checksum, &failed);
    if (rc)
        return vgadm_fail(err, err_size, rc,
                          "cannot map its frame %#lx: the hypervisor refused",
                          (unsigned long)failed);
    frame->frame = ++t->dev.frames;
    frame->hits = t->cache.stats.hits - before.hits;
    frame->misses = t->cache.stats.misses - before.misses;
    frame->slots_mapped = vga_mapcache_mapped(&t->cache);
    frame->slots = VGA_MAPCACHE_SLOTS;
    return 0;
}
