/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The bankvga device model's life cycle (vgadm.h): the table of domains
 * served, putting a new domain's VRAM in its hole, attaching to a domain
 * (new, or restored with its VRAM), and letting it go.
 *
 * A domain is served while the ioreq port we got for it is open and
 * bound to it: the hypervisor closes the port when the domain goes, so
 * that is how we tell (a domain id can come back as another domain; a
 * port number too, but only when we allocate it, after forgetting).
 */
#include <evloop.h> /* tools/libs/evloop */
#include <notice.h>
#include <strerror.h> /* tools/libs/util */

#include "vgadm_internal.h"
#include "vga_place.h"

#define VGADM_MAX_PLACES    64 /* places tried for VRAM before giving up */
#define VGADM_STATE_REFUSED "its saved registers are refused: %s"

struct vgadm_target vgadm_targets[VGADM_MAX_TARGETS];

int vgadm_fail(char *err, size_t err_size, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
    return rc;
}

bool vgadm_alive(const struct vgadm_target *t)
{
    struct evtchn_status s = {.dom = DOMID_SELF, .port = t->ioreq_port};

    return hypervisor_event_channel_op(EVTCHNOP_status, &s) == 0 &&
           s.status != EVTCHNSTAT_closed && s.remote_dom == t->domid;
}

void vgadm_forget(struct vgadm_target *t)
{
    evloop_unwatch(t->ioreq_port);
    evloop_unwatch(t->map_port);
    t->in_use = false;
}

/* Forget every domain that has gone. */
static void vgadm_reap(void)
{
    for (unsigned int i = 0; i < VGADM_MAX_TARGETS; i++) {
        struct vgadm_target *t = &vgadm_targets[i];

        if (t->in_use && !vgadm_alive(t)) {
            notice("vga: domain %u has gone: no longer served", t->domid);
            vgadm_forget(t);
        }
    }
}

struct vgadm_target *vgadm_lookup(domid_t domid)
{
    vgadm_reap();
    for (unsigned int i = 0; i < VGADM_MAX_TARGETS; i++)
        if (vgadm_targets[i].in_use && vgadm_targets[i].domid == domid)
            return &vgadm_targets[i];
    return NULL;
}

bool vgadm_serves(domid_t domid)
{
    return vgadm_lookup(domid) != NULL;
}

/* Put bytes of VRAM at the first place in domid's hole it may go. */
static int vgadm_add_vram(domid_t domid, uint32_t bytes, char *err,
                          size_t err_size)
{
    static struct xen_e820_entry map[XEN_MEMMAP_MAX_ENTRIES];
    uint64_t generation, addr;
    int n, rc = -XEN_ENOSPC;

    n = xendm_get_memory_map(domid, map, XEN_MEMMAP_MAX_ENTRIES, &generation);
    if (n < 0)
        return vgadm_fail(err, err_size, n,
                          "cannot read the domain's memory map");
    for (unsigned int k = 0;
         k < VGADM_MAX_PLACES &&
         vga_place_candidate(map, (unsigned int)n, bytes, k, &addr);
         k++) {
        rc = xendm_physmap_add(domid, VGADM_REGION_NAME, addr >> PAGE_SHIFT,
                               bytes);
        if (rc != -XEN_EBUSY) /* busy: something is there; try the next */
            break;
    }
    if (rc == -XEN_ENOSPC)
        return vgadm_fail(err, err_size, rc,
                          "no room for %u MiB of VRAM in the MMIO hole",
                          bytes >> 20);
    if (rc)
        return vgadm_fail(err, err_size, rc,
                          "the hypervisor refused its VRAM at %#lx",
                          (unsigned long)addr);
    return 0;
}

int vgadm_create(domid_t domid, uint32_t vram_bytes, struct vgadm_info *info,
                 char *err, size_t err_size)
{
    int rc;

    if ((rc = vgadm_add_vram(domid, vram_bytes, err, err_size)))
        return rc;
    return vgadm_attach(domid, NULL, 0, info, err, err_size);
}

/* The index of a free entry (gone domains forgotten first), or -ENOSPC. */
static int vgadm_free_slot(char *err, size_t err_size)
{
    vgadm_reap();
    for (unsigned int i = 0; i < VGADM_MAX_TARGETS; i++)
        if (!vgadm_targets[i].in_use)
            return (int)i;
    return vgadm_fail(err, err_size, -XEN_ENOSPC,
                      "dom0 serves %u domains with a VGA already, the most "
                      "it can",
                      VGADM_MAX_TARGETS);
}

/* A free entry for domid, its window prepared; NULL with err if none. */
static struct vgadm_target *vgadm_claim(domid_t domid, int *rc, char *err,
                                        size_t err_size)
{
    int i;

    if (vgadm_lookup(domid)) {
        *rc = vgadm_fail(err, err_size, -XEN_EEXIST, "dom0 serves it already");
        return NULL;
    }
    if ((i = vgadm_free_slot(err, err_size)) < 0) {
        *rc = i;
        return NULL;
    }
    vgadm_targets[i] = (struct vgadm_target){.domid = domid};
    if ((*rc = vgadm_window_prepare(&vgadm_targets[i], i))) {
        vgadm_fail(err, err_size, *rc, "cannot lay out dom0's mappings for it");
        return NULL;
    }
    return &vgadm_targets[i];
}

/* Where its VRAM is, finishing a move caught half-way (after a restore). */
static int vgadm_find_vram(struct vgadm_target *t, const uint8_t *state,
                           size_t state_len, char *err, size_t err_size)
{
    struct xendm_region r;
    const char *why;
    int rc;

    if ((rc = xendm_physmap_find(t->domid, VGADM_REGION_NAME, &r)))
        return vgadm_fail(err, err_size, rc, "it has no VRAM region '%s'",
                          VGADM_REGION_NAME);
    if (r.moving) {
        notice("vga: domain %u: VRAM caught moving to %#lx, %u of %lu "
               "frames there; finishing the move",
               t->domid, (unsigned long)(r.dest_gfn << PAGE_SHIFT), r.moved,
               (unsigned long)(r.size >> PAGE_SHIFT));
        if ((rc = xendm_physmap_move(t->domid, VGADM_REGION_NAME, r.dest_gfn)))
            return vgadm_fail(err, err_size, rc,
                              "cannot finish the move of its VRAM");
        r.gfn = r.dest_gfn;
    }
    if (!r.size || r.size > UINT32_MAX)
        return vgadm_fail(err, err_size, -XEN_EINVAL,
                          "its VRAM region has a size no VGA has");
    bankvga_reset(&t->dev, (uint32_t)r.size, r.gfn << PAGE_SHIFT);
    if (state && bankvga_state_load(&t->dev, state, state_len, &why))
        return vgadm_fail(err, err_size, -XEN_EINVAL, VGADM_STATE_REFUSED, why);
    return 0;
}

/*
 * Map what the guest shows over the placeholders, now we know where (a
 * map refused here is refused again, and reported, at the next render).
 */
static void vgadm_remap(struct vgadm_target *t)
{
    uint64_t bytes = bankvga_fb_bytes(&t->dev.shown);
    uint64_t frames = (bytes + PAGE_SIZE - 1) >> PAGE_SHIFT;
    uint64_t first = t->dev.bank_base >> PAGE_SHIFT, dm_gfn;

    for (uint64_t f = 0; f < frames && f < VGA_MAPCACHE_FRAMES;
         f += VGA_MAPCACHE_SLOT_FRAMES)
        vga_mapcache_lookup(&t->cache, first + f, first,
                            t->dev.vram_bytes >> PAGE_SHIFT, &dm_gfn);
}

/* The hypervisor's side of attaching: ports, map, VRAM, I/O claimed. */
static int vgadm_connect(struct vgadm_target *t, const void *state,
                         size_t state_len, char *err, size_t err_size)
{
    int rc;

    if ((rc = xendm_get_ioreq(t->domid, t->ioreq_gfn, &t->ioreq_port)))
        return vgadm_fail(err, err_size, rc, "cannot map its ioreq page");
    if ((rc = xendm_watch_memory_map(t->domid, &t->map_port)))
        return vgadm_fail(err, err_size, rc, "cannot watch its memory map");
    if ((rc = vgadm_read_map(t)))
        return vgadm_fail(err, err_size, rc, "cannot read its memory map");
    if ((rc = vgadm_find_vram(t, state, state_len, err, err_size)))
        return rc;
    t->dev.map_generation = (uint32_t)t->generation;
    if ((rc = xendm_map_io_range(t->domid, BANKVGA_PORT_FIRST,
                                 BANKVGA_PORT_LAST)))
        return vgadm_fail(err, err_size, rc, "cannot claim its ports");
    if ((rc = evloop_watch(t->ioreq_port, vgadm_ioreq_event, t)) ||
        (rc = evloop_watch(t->map_port, vgadm_map_event, t))) {
        evloop_unwatch(t->ioreq_port);
        return vgadm_fail(err, err_size, rc, "cannot wait on its ports");
    }
    return 0;
}

int vgadm_attach(domid_t domid, const void *state, size_t state_len,
                 struct vgadm_info *info, char *err, size_t err_size)
{
    struct vgadm_target *t;
    int rc;

    if (!(t = vgadm_claim(domid, &rc, err, err_size)))
        return rc;
    if ((rc = vgadm_connect(t, state, state_len, err, err_size))) {
        vga_mapcache_teardown(&t->cache);
        return rc; /* t stays free; the domain is to be destroyed */
    }
    t->in_use = true;
    vgadm_remap(t);
    *info = (struct vgadm_info){.vram_addr = t->dev.bank_base,
                                .vram_bytes = t->dev.vram_bytes,
                                .map_generation = t->generation};
    for (unsigned int i = 0; i < VGADM_MAX_TARGETS; i++)
        info->nr_served += vgadm_targets[i].in_use;
    return 0;
}

int vgadm_check_attach(const void *state, size_t state_len, char *err,
                       size_t err_size)
{
    const char *why;
    int rc;

    if ((rc = bankvga_state_check(state, state_len, &why)))
        return vgadm_fail(err, err_size, rc, VGADM_STATE_REFUSED, why);
    rc = vgadm_free_slot(err, err_size);
    return rc < 0 ? rc : 0;
}

int vgadm_save_state(domid_t domid, void *buf, size_t len)
{
    struct vgadm_target *t = vgadm_lookup(domid);

    return t ? bankvga_state_save(&t->dev, buf, len) : -XEN_ESRCH;
}

int vgadm_release(domid_t domid)
{
    struct vgadm_target *t = vgadm_lookup(domid);
    int rc;

    if (!t)
        return -XEN_ESRCH;
    if ((rc = vga_mapcache_teardown(&t->cache)))
        notice("vga: domain %u: some mappings not given back: %s (%d)", domid,
               util_strerror(rc), rc);
    else
        notice("vga: domain %u: no longer served, its mappings given back",
               domid);
    vgadm_forget(t);
    return 0;
}
