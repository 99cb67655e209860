/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libxendevicemodel (xendevicemodel.h): each call fills one struct
 * xen_dm_op and makes the hypercall through the guest runtime.
 */
#include <guest.h>
#include <public/errno.h>

#include "xendevicemodel.h"

static long xendm_op(uint32_t cmd, domid_t domid, struct xen_dm_op *op)
{
    op->op = cmd;
    op->domid = domid;
    return hypervisor_dm_op(op);
}

int xendm_map_io_range(domid_t domid, uint32_t first, uint32_t last)
{
    struct xen_dm_op op = {0};

    op.u.io_range = (struct xen_dm_op_io_range){first, last};
    return (int)xendm_op(XEN_DMOP_map_io_range, domid, &op);
}

int xendm_get_ioreq(domid_t domid, uint64_t gfn, evtchn_port_t *port)
{
    struct xen_dm_op op = {0};
    long rc;

    op.u.get_ioreq.gfn = gfn;
    if ((rc = xendm_op(XEN_DMOP_get_ioreq, domid, &op)) == 0)
        *port = op.u.get_ioreq.port;
    return (int)rc;
}

int xendm_get_memory_map(domid_t domid, struct xen_e820_entry *map,
                         unsigned int max, uint64_t *generation)
{
    struct xen_dm_op op = {0};
    long rc;

    op.u.memory_map.nr_entries = max;
    op.u.memory_map.buffer = (uintptr_t)map;
    if ((rc = xendm_op(XEN_DMOP_get_memory_map, domid, &op)) < 0)
        return (int)rc;
    *generation = op.u.memory_map.generation;
    return (int)op.u.memory_map.nr_entries;
}

int xendm_watch_memory_map(domid_t domid, evtchn_port_t *port)
{
    struct xen_dm_op op = {0};
    long rc;

    if ((rc = xendm_op(XEN_DMOP_watch_memory_map, domid, &op)) == 0)
        *port = op.u.watch_memory_map.port;
    return (int)rc;
}

/* op for a physmap dm_op on region name; -EINVAL if the name is too long. */
static int xendm_physmap_op(struct xen_dm_op *op, const char *name)
{
    size_t len = strnlen(name, XEN_PHYSMAP_NAME_LEN + 1);

    *op = (struct xen_dm_op){0};
    if (len > XEN_PHYSMAP_NAME_LEN)
        return -XEN_EINVAL;
    memcpy(op->u.physmap.name, name, len);
    return 0;
}

int xendm_physmap_add(domid_t domid, const char *name, uint64_t gfn,
                      uint64_t size)
{
    struct xen_dm_op op;
    int rc = xendm_physmap_op(&op, name);

    if (rc)
        return rc;
    op.u.physmap.gfn = gfn;
    op.u.physmap.size = size;
    return (int)xendm_op(XEN_DMOP_physmap_add, domid, &op);
}

int xendm_physmap_move(domid_t domid, const char *name, uint64_t gfn)
{
    struct xen_dm_op op;
    int rc = xendm_physmap_op(&op, name);

    if (rc)
        return rc;
    op.u.physmap.gfn = gfn;
    return (int)xendm_op(XEN_DMOP_physmap_move, domid, &op);
}

int xendm_physmap_query(domid_t domid, uint32_t index,
                        struct xendm_region *region)
{
    struct xen_dm_op op = {0};
    long rc;

    op.u.physmap.index = index;
    if ((rc = xendm_op(XEN_DMOP_physmap_query, domid, &op)) < 0)
        return (int)rc;
    memset(region, 0, sizeof(*region));
    memcpy(region->name, op.u.physmap.name, XEN_PHYSMAP_NAME_LEN);
    region->gfn = op.u.physmap.gfn;
    region->size = op.u.physmap.size;
    region->moving = op.u.physmap.dest_gfn != XEN_PHYSMAP_NOT_MOVING;
    region->dest_gfn = region->moving ? op.u.physmap.dest_gfn : 0;
    region->moved = region->moving ? op.u.physmap.moved : 0;
    return 0;
}

int xendm_physmap_find(domid_t domid, const char *name,
                       struct xendm_region *region)
{
    int rc;

    for (uint32_t i = 0; (rc = xendm_physmap_query(domid, i, region)) == 0; i++)
        if (!strcmp(region->name, name))
            return 0;
    return rc;
}

int xendm_map_foreign(domid_t domid, uint64_t gfn, uint64_t dm_gfn, uint32_t nr,
                      bool placeholder)
{
    struct xen_dm_op op = {0};

    op.u.foreign = (struct xen_dm_op_foreign){
        .gfn = gfn,
        .dm_gfn = dm_gfn,
        .nr = nr,
        .flags = placeholder ? XEN_DMOP_FOREIGN_PLACEHOLDER : 0};
    return (int)xendm_op(XEN_DMOP_map_foreign, domid, &op);
}

int xendm_unmap_foreign(domid_t domid, uint64_t dm_gfn, uint32_t nr)
{
    struct xen_dm_op op = {0};

    op.u.foreign = (struct xen_dm_op_foreign){.dm_gfn = dm_gfn, .nr = nr};
    return (int)xendm_op(XEN_DMOP_unmap_foreign, domid, &op);
}
