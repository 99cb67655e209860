/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Foreign mappings (common/foreign_map.c, public/dm_op.h): a device model
 * maps frames of the domain it serves into its own physmap.  Each mapping
 * holds a reference on its frame (the count in count_info), so the frame
 * cannot be given back while it is mapped; when the target goes, its
 * device model's mappings of it become placeholders.
 */
#ifndef XEN_FOREIGN_MAP_H
#define XEN_FOREIGN_MAP_H

#include <xen/mm-types.h>

struct domain;
struct xen_dm_op;

/* XEN_DMOP_map_foreign / XEN_DMOP_unmap_foreign.  0 or a negative errno. */
long foreign_dm_map(struct domain *dm, struct domain *t,
                    const struct xen_dm_op *op);
long foreign_dm_unmap(struct domain *dm, struct domain *t,
                      const struct xen_dm_op *op);

/*
 * dm's placeholder page (made on first use, one of its own pages), or
 * INVALID_MFN if there is no memory for it.
 */
mfn_t foreign_placeholder(struct domain *dm);

/* Whether a device model maps frame mfn. */
bool foreign_frame_mapped(mfn_t mfn);

/*
 * d goes: its device model's mappings of its frames become placeholders,
 * and the references d's own foreign mappings hold are dropped.
 */
void foreign_domain_destroy(struct domain *d);

/*
 * Who owns frame mfn (true), as a live update's restore knows it: the
 * frames of a carried block other than its first are not marked in the
 * frame table until after the domains resume (xen/lu_carried.h).
 */
typedef bool (*foreign_owner_fn)(uint64_t mfn, domid_t *owner);

/*
 * After a live update restored every domain: take a reference for each
 * foreign mapping the p2ms carry, checking first that each maps a frame
 * of a domain its holder serves (or its own placeholder).  0, or -EINVAL
 * after logging which; then no reference is held and every foreign entry
 * is gone from the p2ms, so that destroying the domains is safe.
 */
int foreign_restore(foreign_owner_fn owner_of);

#endif /* XEN_FOREIGN_MAP_H */
