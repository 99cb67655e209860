/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains' memory maps (xen/domain_memmap.h): the host's reserved ranges
 * from the command line (rdm=, docs/misc/xen-command-line.md), the layout
 * of a new domain, copying a map out to a guest in the guest ABI's
 * byte-address entries (public/memory.h), relocation of RAM to grow the
 * MMIO hole, and telling the device model when the map changes.
 *
 * Lock order: the domain's lock, then the heap's (the p2m takes tables).
 */
#include <asm/page.h>
#include <public/dm_op.h>
#include <public/memory.h>
#include <xen/domain_build.h>
#include <xen/domain_memmap.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/string.h>

#define HOST_RDM_MAX 16
/* Frames relocated per piece: then other vCPUs run (public/memory.h). */
#define RELOCATE_PIECE 1024

/* rdm=: guest-physical ranges that are never RAM in any domain. */
static struct memmap_range host_rdm[HOST_RDM_MAX];
static unsigned int nr_host_rdm;

/* Each item START-END; a bad one is reported and skipped, the rest kept. */
static int parse_rdm(const char *s)
{
    const char *e, *why;
    struct memmap_range r;

    for (; *s; s = *e ? e + 1 : e) {
        e = param_list_next(s);
        why = NULL;
        if (nr_host_rdm == HOST_RDM_MAX)
            why = "too many ranges (at most 16)";
        else if (!memmap_parse_range(s, e, &r, &why))
            host_rdm[nr_host_rdm++] = r;
        if (why)
            printk(XENLOG_WARNING "rdm: ignoring '%.*s' (%s)\n",
                   (int)min((size_t)(e - s), (size_t)64), s, why);
    }
    return 0;
}
custom_param("rdm", parse_rdm);

int domain_memmap_layout(const struct domain_config *cfg, struct memmap *map)
{
    struct memmap_range rdm[HOST_RDM_MAX + XEN_DOMCTL_MAX_RDM];
    unsigned long hole_start;
    const char *why = NULL;
    int rc;

    BUILD_BUG_ON(ARRAY_SIZE(cfg->rdm) != XEN_DOMCTL_MAX_RDM);
    if (cfg->nr_rdm > XEN_DOMCTL_MAX_RDM) {
        why = "too many reserved ranges";
        rc = -EINVAL;
        goto out;
    }
    memcpy(rdm, host_rdm, nr_host_rdm * sizeof(rdm[0]));
    memcpy(rdm + nr_host_rdm, cfg->rdm, cfg->nr_rdm * sizeof(rdm[0]));
    rc = memmap_hole_start(cfg->mmio_hole_mib, &hole_start, &why);
    if (!rc)
        rc = memmap_build(map, cfg->memory >> PAGE_SHIFT_4K, hole_start, rdm,
                          nr_host_rdm + cfg->nr_rdm, &why);
    if (!rc && !memmap_low_ram_end(map)) {
        why = "no RAM below the MMIO hole";
        rc = -EINVAL;
    }
 out:
    if (rc)
        printk(XENLOG_ERR "Domain %s: memory map: %s\n", cfg->name, why);
    return rc;
}

long domain_memmap_copy_out(struct domain *to, const struct memmap *map,
                            uint64_t arg)
{
    static struct memmap_range r[MEMMAP_MAX_EXPORT]; /* serialised: one CPU */
    struct xen_memory_map hdr;
    unsigned int i, n;
    bool fits;

    BUILD_BUG_ON(MEMMAP_MAX_EXPORT != XEN_MEMMAP_MAX_ENTRIES);
    if (copy_from_guest(to, &hdr, arg, sizeof(hdr)))
        return -EFAULT;
    n = memmap_export(map, r, ARRAY_SIZE(r));
    fits = hdr.nr_entries >= n;
    if (fits) {
        for (i = 0; i < n; i++) {
            struct xen_e820_entry e = {
                .addr = (uint64_t)r[i].gfn << PAGE_SHIFT_4K,
                .size = (uint64_t)r[i].nr << PAGE_SHIFT_4K,
                .type = r[i].type,
            };

            if (copy_to_guest(to, hdr.buffer + i * sizeof(e), &e, sizeof(e)))
                return -EFAULT;
        }
    }
    hdr.generation = map->generation;
    hdr.nr_entries = n;
    if (copy_to_guest(to, arg, &hdr, sizeof(hdr)))
        return -EFAULT;
    return fits ? 0 : -E2BIG;
}

/* The watcher's port for t's map changes, if it is still bound to t. */
static evtchn_port_t watch_port(struct domain *t, struct domain **dm)
{
    if (!t->memmap_port || !(*dm = domain_lookup(t->dm_domid)) ||
        !evtchn_xen_port_bound(*dm, t->memmap_port, t->domain_id))
        return 0;
    return t->memmap_port;
}

void domain_memmap_notify(struct domain *t)
{
    struct domain *dm;
    evtchn_port_t port = watch_port(t, &dm);

    if (port)
        evtchn_notify(dm, port);
}

long domain_memmap_dm_watch(struct domain *dm, struct domain *t,
                            struct xen_dm_op *op)
{
    struct domain *cur;
    int port;

    if (watch_port(t, &cur))
        return -EEXIST;
    port = evtchn_alloc_xen_port(dm, t->domain_id);
    if (port < 0)
        return port;
    t->memmap_port = port;
    op->u.watch_memory_map.port = port;
    return 0;
}

void domain_memmap_unwatch(struct domain *t)
{
    struct domain *dm;
    evtchn_port_t port = watch_port(t, &dm);

    if (port)
        evtchn_close_port(dm->evtchn, dm->domain_id, port, dm->evtchn);
    t->memmap_port = 0;
}

/*
 * Move the top piece of what r still asks for: the map (checked on a copy
 * first, so a refusal changes nothing) and then the p2m, which either
 * moves whole or not at all.  Returns 0 or a negative errno.
 */
static int relocate_piece(struct domain *d, struct xen_memory_relocate *r)
{
    unsigned long n = min(r->nr_frames, (uint64_t)RELOCATE_PIECE);
    unsigned long first = r->first_gfn + r->nr_frames - n;
    unsigned long dest = r->dest_gfn + r->nr_frames - n;
    struct memmap edited = *d->memmap;
    const char *why = NULL;
    int rc;

    /* The whole of what is left must be right, not just this piece. */
    rc = memmap_relocate(&edited, r->first_gfn, r->nr_frames, r->dest_gfn,
                         &why);
    /*
     * RAM in the map, and RAM in the p2m: a page given back, or something
     * mapped in its place (an ioreq page, a foreign mapping), stays put.
     */
    if (!rc && !p2m_range_is(&d->p2m, _gfn(r->first_gfn), r->nr_frames,
                             p2m_ram_rw)) {
        why = "something other than RAM is mapped in the range";
        rc = -EBUSY;
    }
    if (!rc && !p2m_range_is(&d->p2m, _gfn(r->dest_gfn), r->nr_frames,
                             p2m_invalid)) {
        why = "something else is mapped at the destination";
        rc = -EBUSY;
    }
    if (!rc) {
        edited = *d->memmap;
        rc = memmap_relocate(&edited, first, n, dest, &why);
    }
    if (!rc && (rc = p2m_move(&d->p2m, _gfn(first), _gfn(dest), n)))
        why = rc == -ENOMEM ? "out of memory for the p2m"
                            : "the p2m does not match the map";
    if (rc) {
        printk(XENLOG_DEBUG "Domain %u: relocation of %#lx+%#lx to %#lx "
               "refused: %s\n", d->domain_id, (unsigned long)r->first_gfn,
               (unsigned long)r->nr_frames, (unsigned long)r->dest_gfn, why);
        return rc;
    }
    *d->memmap = edited;
    r->nr_frames -= n;
    return 0;
}

long domain_memmap_relocate(struct domain *d, uint64_t arg)
{
    struct xen_memory_relocate r;
    long rc;

    if (copy_from_guest(d, &r, arg, sizeof(r)))
        return -EFAULT;
    spin_lock(&d->lock);
    rc = relocate_piece(d, &r);
    spin_unlock(&d->lock);
    if (rc)
        return rc;
    flush_tlb_local();
    domain_memmap_notify(d);
    r.generation = d->memmap->generation;
    if (copy_to_guest(d, arg, &r, sizeof(r)))
        return -EFAULT;
    return r.nr_frames ? -ERESTART : 0;
}
