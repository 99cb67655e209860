/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The bankvga device model at work (vgadm.h), from dom0's event loop:
 * a domain's port I/O through its ioreq page, the bank base moving its
 * VRAM, and its memory map followed.  Everything a guest does wrong is
 * refused through the device's STATUS and said in a notice; nothing it
 * does can stop the device model or dom0.
 *
 * A bank base is checked against the memory map as the device model last
 * read it, so a pending change of the map is read first: a guest that
 * grows its hole and then moves VRAM into the new part finds the device
 * model knows.  A move that succeeded invalidates the map cache, whose
 * keys are the guest's frame numbers.
 */
#include <notice.h>
#include <strerror.h> /* tools/libs/util */

#include "vgadm_internal.h"
#include "vga_place.h"

#define GIB (1ull << 30)

int vgadm_read_map(struct vgadm_target *t)
{
    uint64_t generation;
    int n = xendm_get_memory_map(t->domid, t->map, XEN_MEMMAP_MAX_ENTRIES,
                                 &generation);

    if (n < 0)
        return n;
    t->nr_map = (unsigned int)n;
    t->generation = generation;
    return 0;
}

static void vgadm_gone(struct vgadm_target *t)
{
    notice("vga: domain %u has gone: no longer served", t->domid);
    vgadm_forget(t);
}

/* Where t's MMIO hole starts, from its map (4 GiB if it has none). */
static uint64_t vgadm_hole_start(const struct vgadm_target *t)
{
    for (unsigned int i = 0; i < t->nr_map; i++)
        if (t->map[i].type == XEN_MEMMAP_MMIO)
            return t->map[i].addr;
    return 4 * GIB;
}

void vgadm_map_event(void *arg, bool closed)
{
    struct vgadm_target *t = arg;
    uint64_t before = t->generation;
    int rc;

    if (!t->in_use)
        return;
    if (closed || !vgadm_alive(t)) {
        vgadm_gone(t);
        return;
    }
    if ((rc = vgadm_read_map(t))) {
        notice("vga: domain %u: cannot read its memory map: %s (%d)", t->domid,
               util_strerror(rc), rc);
        return;
    }
    if (t->generation == before)
        return;
    t->dev.map_generation = (uint32_t)t->generation;
    rc = vga_mapcache_invalidate(&t->cache);
    notice("vga: domain %u: memory map generation %lu, MMIO hole from %#lx; "
           "map cache dropped%s",
           t->domid, (unsigned long)t->generation,
           (unsigned long)vgadm_hole_start(t), rc ? " (an unmap failed)" : "");
}

/* A refused physmap_move as the device's STATUS. */
static uint32_t vgadm_move_status(int rc)
{
    switch (rc) {
    case -XEN_EINVAL:
        return BANKVGA_ERR_NOT_HOLE;
    case -XEN_EPERM:
        return BANKVGA_ERR_RESERVED;
    case -XEN_EBUSY:
        return BANKVGA_ERR_BUSY;
    default:
        return BANKVGA_ERR_REFUSED;
    }
}

/* BANK_BASE written with to: move VRAM there, or say why not. */
static void vgadm_move_bank(struct vgadm_target *t, uint64_t to)
{
    uint32_t status;
    const char *why;
    int rc;

    if (event_test_and_clear(t->map_port))
        vgadm_map_event(t, false); /* the map as it is now */
    if (!t->in_use)
        return; /* it has gone meanwhile */
    if (to == t->dev.bank_base) {
        bankvga_moved(&t->dev, BANKVGA_OK, to);
        return;
    }
    status = vga_place_check(t->map, t->nr_map, to, t->dev.vram_bytes, &why);
    if (status) {
        notice("vga: domain %u: BANK_BASE %#lx refused: %s", t->domid,
               (unsigned long)to, why);
        bankvga_moved(&t->dev, status, to);
        return;
    }
    if ((rc = xendm_physmap_move(t->domid, VGADM_REGION_NAME,
                                 to >> PAGE_SHIFT))) {
        notice("vga: domain %u: BANK_BASE %#lx refused by the hypervisor: "
               "%s (%d)",
               t->domid, (unsigned long)to, util_strerror(rc), rc);
        bankvga_moved(&t->dev, vgadm_move_status(rc), to);
        return;
    }
    if ((rc = vga_mapcache_invalidate(&t->cache)))
        notice("vga: domain %u: a mapping of VRAM not given back: %s (%d)",
               t->domid, util_strerror(rc), rc);
    bankvga_moved(&t->dev, BANKVGA_OK, to);
}

/* Say why an access was refused, in the register's terms if it has one. */
static void vgadm_refused(const struct vgadm_target *t, const struct ioreq *req,
                          uint32_t value, const char *why)
{
    if (req->addr == BANKVGA_PORT_DATA && req->size == 4)
        notice("vga: domain %u: %s = %#x refused: %s", t->domid,
               bankvga_reg_name(t->dev.index), value, why);
    else
        notice("vga: domain %u: %u-byte %s at port %#lx refused: %s", t->domid,
               req->size, req->dir == IOREQ_DIR_READ ? "read" : "write",
               (unsigned long)req->addr, why);
}

static void vgadm_handle(struct vgadm_target *t, struct ioreq *req)
{
    uint32_t mask = req->size >= 4 ? 0xffffffffu : (1u << (8 * req->size)) - 1;
    uint32_t value = (uint32_t)req->data & mask;
    struct bankvga_effect eff;

    if (req->dir == IOREQ_DIR_READ)
        req->data =
            bankvga_read(&t->dev, (uint32_t)req->addr, req->size, &eff) & mask;
    else
        bankvga_write(&t->dev, (uint32_t)req->addr, req->size, value, &eff);
    if (eff.refused)
        vgadm_refused(t, req, value, eff.refused);
    if (eff.move)
        vgadm_move_bank(t, eff.move_to);
}

void vgadm_ioreq_event(void *arg, bool closed)
{
    struct vgadm_target *t = arg;
    struct evtchn_send send;
    bool any = false;

    if (!t->in_use)
        return;
    if (closed || !vgadm_alive(t)) {
        vgadm_gone(t); /* its ioreq page is a placeholder now: not read */
        return;
    }
    for (unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++) {
        struct ioreq *req = &t->ioreq->vcpu_ioreq[i];

        if (__atomic_load_n(&req->state, __ATOMIC_ACQUIRE) != IOREQ_STATE_READY)
            continue;
        req->state = IOREQ_STATE_INFLIGHT;
        vgadm_handle(t, req);
        /* The data first, then the state the hypervisor looks at. */
        __atomic_store_n(&req->state, IOREQ_STATE_RESPONSE, __ATOMIC_RELEASE);
        any = true;
    }
    if (any) {
        send.port = t->ioreq_port;
        hypervisor_event_channel_op(EVTCHNOP_send, &send);
    }
}
