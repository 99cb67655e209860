/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A domain's memory map in the running hypervisor (common/domain_memmap.c):
 * laid out when the domain is built from its config and the host's
 * reserved ranges (rdm=), read by the guest (XENMEM_memory_map) and by its
 * device model, and changed by relocation.  The editing itself is the
 * portable core's (xen/memmap.h).
 */
#ifndef XEN_DOMAIN_MEMMAP_H
#define XEN_DOMAIN_MEMMAP_H

#include <xen/memmap.h>
#include <xen/types.h>

struct domain;
struct domain_config;

/*
 * The map of a domain to be built from cfg, in *map: its RAM around the
 * host's reserved ranges and its own, and its MMIO hole.  Returns 0, or a
 * negative errno after logging why.
 */
int domain_memmap_layout(const struct domain_config *cfg, struct memmap *map);

/*
 * Copy map to the caller-side struct xen_memory_map at arg in domain to:
 * its entries to the buffer it names, their count and the generation.
 * Returns 0, -E2BIG (the buffer is too small: only the count is written)
 * or -EFAULT.
 */
long domain_memmap_copy_out(struct domain *to, const struct memmap *map,
                            uint64_t arg);

/*
 * XENMEM_relocate_ram for d, a piece at a time: -ERESTART while pieces are
 * left (the guest executes the hypercall again), then 0; or a negative
 * errno.
 */
long domain_memmap_relocate(struct domain *d, uint64_t arg);

struct xen_dm_op;

/* XEN_DMOP_watch_memory_map: a port of dm's told of t's map changes. */
long domain_memmap_dm_watch(struct domain *dm, struct domain *t,
                            struct xen_dm_op *op);

/* t's map changed: tell its device model, if it watches. */
void domain_memmap_notify(struct domain *t);

/* t goes: close its device model's watch port. */
void domain_memmap_unwatch(struct domain *t);

#endif /* XEN_DOMAIN_MEMMAP_H */
