/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The device model's map cache: which of the target's frames are mapped
 * where in the device model's own physmap (its address space: dom0 runs
 * with virtual == physical).  A small window of VGA_MAPCACHE_SLOTS slots,
 * each VGA_MAPCACHE_SLOT_FRAMES frames; a lookup of a target frame maps,
 * on a miss, the slot-sized piece of the region it belongs to (VRAM), so
 * nothing the device model does not need is ever mapped, and the least
 * recently used slot makes room.
 *
 * A slot is keyed by the target's frame number (gfn), so when VRAM moves
 * or the target's memory map changes the cache is invalidated: every slot
 * unmapped, to be mapped again from where things are now.  (A foreign
 * mapping follows the frame, not the gfn, but a cache whose keys are gfns
 * must not trust that.)
 *
 * Placeholders: a device model that starts before it knows where VRAM is
 * (after a restore) fills the window with placeholder mappings
 * (XEN_DMOP_FOREIGN_PLACEHOLDER) so that every address of it is backed,
 * and maps real frames over them once it knows.  The cache tracks, per
 * slot, which of its frames hold a placeholder, so that tearing it down
 * unmaps exactly what is mapped.
 *
 * The mapping itself is the caller's (ops), so host unit tests run this
 * code against a fake (tools/tests/tools-unit/test-vga-mapcache.c).
 */
#ifndef VGADM_VGA_MAPCACHE_H
#define VGADM_VGA_MAPCACHE_H

#include <stdbool.h>
#include <stdint.h>

#define VGA_MAPCACHE_SLOTS       8
#define VGA_MAPCACHE_SLOT_FRAMES 64 /* 256 KiB */
#define VGA_MAPCACHE_FRAMES      (VGA_MAPCACHE_SLOTS * VGA_MAPCACHE_SLOT_FRAMES)

/* Each returns 0 or -errno; a failure changes nothing (all or nothing). */
struct vga_mapcache_ops {
    /* The target's [gfn, gfn + nr) at our [dm_gfn, dm_gfn + nr). */
    int (*map)(void *ctx, uint64_t gfn, uint64_t dm_gfn, uint32_t nr);
    /* Placeholders at our [dm_gfn, dm_gfn + nr). */
    int (*map_placeholder)(void *ctx, uint64_t dm_gfn, uint32_t nr);
    /* Remove mappings or placeholders at our [dm_gfn, dm_gfn + nr). */
    int (*unmap)(void *ctx, uint64_t dm_gfn, uint32_t nr);
    /* Where our frame dm_gfn is in our address space (never fails). */
    const uint8_t *(*frame)(void *ctx, uint64_t dm_gfn);
};

struct vga_mapcache_slot {
    uint64_t gfn;     /* the target's first frame mapped here */
    uint32_t nr;      /* frames mapped from the slot's start; 0: none */
    uint32_t ph_from; /* frames [ph_from, SLOT_FRAMES) hold placeholders */
    uint64_t used;    /* the cache's clock at the last hit */
    bool stale;       /* an unmap failed: mapped, but never a hit */
};

struct vga_mapcache_stats {
    uint64_t hits, misses, evictions, invalidations;
};

struct vga_mapcache {
    const struct vga_mapcache_ops *ops;
    void *ctx;
    uint64_t window; /* our gfn of slot 0's first frame */
    uint64_t clock;
    struct vga_mapcache_slot slot[VGA_MAPCACHE_SLOTS];
    struct vga_mapcache_stats stats;
};

/* An empty cache over our frames [window, window + VGA_MAPCACHE_FRAMES). */
void vga_mapcache_init(struct vga_mapcache *c,
                       const struct vga_mapcache_ops *ops, void *ctx,
                       uint64_t window);

/* Fill every slot with placeholders (each slot must hold no mapping). */
int vga_mapcache_placeholders(struct vga_mapcache *c);

/*
 * Where the target's frame gfn is mapped (our gfn in *dm_gfn), mapping it
 * on a miss.  The region holding it is [region_gfn, region_gfn +
 * region_nr): -EINVAL if gfn is outside it; otherwise 0 or the error of
 * the unmap or map that failed (nothing is then mapped for gfn).
 */
int vga_mapcache_lookup(struct vga_mapcache *c, uint64_t gfn,
                        uint64_t region_gfn, uint64_t region_nr,
                        uint64_t *dm_gfn);

/*
 * Unmap every mapped slot (placeholders stay).  0, or the first error (a
 * slot that could not be unmapped keeps its mapping but is never a hit).
 */
int vga_mapcache_invalidate(struct vga_mapcache *c);

/* Invalidate, then remove the placeholders too: the window is empty. */
int vga_mapcache_teardown(struct vga_mapcache *c);

/* Slots with frames mapped. */
unsigned int vga_mapcache_mapped(const struct vga_mapcache *c);

/*
 * The framebuffer checksum (public/io/bankvga.h): the CRC-32 of the first
 * bytes of the region [region_gfn, region_gfn + region_nr), read through
 * the cache, into *crc.  0, or the error of the lookup that failed, with
 * the target's frame it was for in *failed_gfn.
 */
int vga_mapcache_checksum(struct vga_mapcache *c, uint64_t region_gfn,
                          uint64_t region_nr, uint64_t bytes, uint32_t *crc,
                          uint64_t *failed_gfn);

#endif /* VGADM_VGA_MAPCACHE_H */
