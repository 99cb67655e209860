/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The bankvga device model (public/io/bankvga.h), running in the control
 * domain for every domain whose config has `vga = "bankvga"`: xl creates
 * such a domain with dm_domid 0, and this serves its port I/O in dom0's
 * background (tools/libs/evloop), moves its VRAM when the guest writes
 * the bank base, follows its memory map, and renders its framebuffer's
 * checksum through a map cache of foreign mappings when asked (`xl
 * vga-checksum`).  docs/designs/physmap-and-memory-maps.md, "The VGA
 * device and its device model", says how.
 *
 * Two ways in:
 *
 * - vgadm_create(): a new domain (xl create, the domain paused).  Places
 *   its VRAM, a physmap region called "vram", in its MMIO hole, then
 *   attaches as below.
 * - vgadm_attach(): a domain whose VRAM region already exists -- `xl
 *   restore` brings one back with its physmap regions, carried by the
 *   hypervisor's stream.  The device model starts with placeholder
 *   mappings, learns where VRAM is from the hypervisor
 *   (XEN_DMOP_physmap_query; a move caught half-way is finished), takes
 *   the registers from the state vgadm_save_state() gave (or starts them
 *   afresh), claims the ports and maps VRAM over the placeholders.
 *   vgadm_create() places the VRAM and then calls this, so every domain
 *   with a VGA goes through it.
 *
 * At most VGADM_MAX_TARGETS domains at once (dom0 waits on at most 8
 * ports).  When a domain goes, the device model notices (its ports close)
 * and forgets it; xl destroy calls vgadm_release() first, so that the
 * mappings are given back while the domain is still there to ask.
 *
 * Functions that can fail return 0 or -errno and, on failure, put a
 * sentence saying why in err (err_size bytes).
 */
#ifndef VGADM_H
#define VGADM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/xen.h>

#include "bankvga.h"

#define VGADM_MAX_TARGETS   3
#define VGADM_REGION_NAME   "vram"
#define VGADM_STATE_SIZE    BANKVGA_STATE_SIZE
#define VGADM_STATE_VERSION BANKVGA_STATE_VERSION /* of vgadm_save_state()'s */

/* Where a domain's VRAM is, and how its device model sees it. */
struct vgadm_info {
    uint64_t vram_addr;
    uint32_t vram_bytes;
    uint64_t map_generation;
    unsigned int nr_served; /* domains dom0 serves, this one included */
};

/*
 * Serve domid (created with dm_domid 0, not yet running): put vram_bytes
 * of VRAM at the first place in its MMIO hole the hypervisor accepts,
 * then vgadm_attach(domid, NULL, 0, ...).  On failure the domain should
 * be destroyed: what the hypervisor gave (the region, the ioreq page,
 * the ports claimed) goes with it.
 */
int vgadm_create(domid_t domid, uint32_t vram_bytes, struct vgadm_info *info,
                 char *err, size_t err_size);

/*
 * Serve domid, whose VRAM region exists (see above), with the registers
 * from state (state_len bytes from vgadm_save_state(); NULL: a device
 * fresh from reset).  On failure, as vgadm_create().
 */
int vgadm_attach(domid_t domid, const void *state, size_t state_len,
                 struct vgadm_info *info, char *err, size_t err_size);

/*
 * Before a restore makes a domain: whether vgadm_attach() could take it
 * with state (state_len bytes from vgadm_save_state()) -- short of its
 * VRAM size, which only the domain's region will say -- and whether dom0
 * can serve one more domain.  0, or -EINVAL (the state) or -ENOSPC (dom0
 * serves VGADM_MAX_TARGETS) with why in err.
 */
int vgadm_check_attach(const void *state, size_t state_len, char *err,
                       size_t err_size);

/* Whether dom0 serves domid's VGA (forgetting it first if it has gone). */
bool vgadm_serves(domid_t domid);

/*
 * The device's registers, for a save file: VGADM_STATE_SIZE bytes into
 * buf (returned), -ENOSPC if len is less, -ESRCH if dom0 does not serve
 * domid.  Where VRAM is is not in it: the hypervisor carries that.
 */
int vgadm_save_state(domid_t domid, void *buf, size_t len);

/*
 * Stop serving domid before it is destroyed: give back its mappings,
 * stop watching its ports, forget it.  0, or -ESRCH if not served.
 */
int vgadm_release(domid_t domid);

/* A frame rendered: what `xl vga-checksum` prints. */
struct vgadm_frame {
    uint32_t frame;           /* frames rendered, this one included */
    struct bankvga_mode mode; /* shown; bpp 0: the display is off */
    uint32_t pitch;
    uint64_t fb_bytes;
    uint32_t checksum;  /* CRC-32 of the framebuffer (0 when off) */
    uint64_t vram_addr; /* where the hypervisor says VRAM is */
    uint32_t vram_bytes;
    uint64_t hits, misses;            /* map-cache lookups for this frame */
    unsigned int slots_mapped, slots; /* of the map cache */
    uint64_t map_generation;
};

/*
 * Render domid's framebuffer as the guest programmed it: its checksum,
 * through the map cache.  -ESRCH if dom0 does not serve domid (or it has
 * gone), -EBUSY if its VRAM is half-way through a move, or the error of a
 * dm_op the hypervisor refused.
 */
int vgadm_render(domid_t domid, struct vgadm_frame *frame, char *err,
                 size_t err_size);

#endif /* VGADM_H */
