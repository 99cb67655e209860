/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libxendevicemodel for the control domain: typed wrappers around dm_op
 * (public/dm_op.h), for a device model running in dom0 -- the domain
 * named as its target's dm_domid.  Every function returns 0 (or a count)
 * on success and a negative errno (public/errno.h) exactly as the
 * hypervisor answered; the ABI structures stay in here.
 */
#ifndef XENDEVICEMODEL_H
#define XENDEVICEMODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/dm_op.h>

/* Claim the target's I/O ports [first, last]. */
int xendm_map_io_range(domid_t domid, uint32_t first, uint32_t last);

/* Map the target's ioreq page at our gfn; the request port in *port. */
int xendm_get_ioreq(domid_t domid, uint64_t gfn, evtchn_port_t *port);

/*
 * The target's memory map: up to max entries into map, the count
 * returned (-E2BIG if it has more), its generation in *generation.
 */
int xendm_get_memory_map(domid_t domid, struct xen_e820_entry *map,
                         unsigned int max, uint64_t *generation);

/* A port that is signalled whenever the target's memory map changes. */
int xendm_watch_memory_map(domid_t domid, evtchn_port_t *port);

/* A physmap region, as XEN_DMOP_physmap_query describes it. */
struct xendm_region {
    char name[XEN_PHYSMAP_NAME_LEN + 1]; /* NUL-terminated */
    uint64_t gfn;  /* where it is (while moving: where it was) */
    uint64_t size; /* bytes */
    bool moving;
    uint64_t dest_gfn; /* if moving: where to */
    uint32_t moved;    /* if moving: frames already there */
};

/* New frames for the target, size bytes at gfn, called name. */
int xendm_physmap_add(domid_t domid, const char *name, uint64_t gfn,
                      uint64_t size);

/* Move region name, contents and all, to gfn. */
int xendm_physmap_move(domid_t domid, const char *name, uint64_t gfn);

/* The index-th region of the target; -ENOENT past the last. */
int xendm_physmap_query(domid_t domid, uint32_t index,
                        struct xendm_region *region);

/* The region called name (-ENOENT if none), by querying them in turn. */
int xendm_physmap_find(domid_t domid, const char *name,
                       struct xendm_region *region);

/*
 * The target's [gfn, gfn + nr) at our [dm_gfn, dm_gfn + nr); with
 * placeholder, our own placeholder page there instead (gfn unused).
 */
int xendm_map_foreign(domid_t domid, uint64_t gfn, uint64_t dm_gfn, uint32_t nr,
                      bool placeholder);

/* Remove our mappings (or placeholders) at [dm_gfn, dm_gfn + nr). */
int xendm_unmap_foreign(domid_t domid, uint64_t dm_gfn, uint32_t nr);

#endif /* XENDEVICEMODEL_H */
