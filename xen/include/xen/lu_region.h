/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The live-update reserved region: a contiguous, 2 MiB aligned run of RAM
 * below 4 GiB, sized by liveupdate=<size> on a first boot, that never holds
 * live data (no heap page, no domain page).  The next hypervisor is copied
 * into it and its boot allocator works only inside it until it has read its
 * predecessor's stream.  A predecessor passes liveupdate=<size>@<addr> so
 * its successor uses the same region.
 *
 * Portable core: parsing and choosing; the caller carves the region out.
 */
#ifndef XEN_LU_REGION_H
#define XEN_LU_REGION_H

#include <xen/bootinfo.h>
#include <xen/bootmem.h>

#define LU_REGION_ALIGN (2ULL << 20)
#define LU_REGION_LIMIT (4ULL << 30) /* the region lies wholly below this */

struct lu_region_request {
    uint64_t size;  /* bytes, a multiple of LU_REGION_ALIGN; 0: no region */
    paddr_t addr;   /* where it must be, if has_addr */
    bool has_addr;
};

/*
 * Parse "<size>" or "<size>@<addr>" (size with K/M/G suffixes, rounded up
 * to 2 MiB; addr 2 MiB aligned).  Returns 0, or -EINVAL with req untouched.
 */
int lu_region_parse(const char *s, struct lu_region_request *req);

/*
 * Find the region: at req->addr if given (it must be RAM in bi, below
 * 4 GiB; frames there that bm holds busy, such as the image copied into it,
 * are allowed), else the highest 2 MiB aligned run of req->size free bytes
 * below 4 GiB in bm.  Returns 0 with *start set, or -ENOSPC / -EINVAL after
 * reporting why the request cannot be met.
 */
int lu_region_choose(const struct bootmem *bm, const struct boot_info *bi,
                     const struct lu_region_request *req, mfn_t *start);

#endif /* XEN_LU_REGION_H */
