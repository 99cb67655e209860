/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains' memory maps (xen/domain_memmap.h): the host's reserved ranges
 * from the command line (rdm=, docs/misc/xen-command-line.md), the layout
 * of a new domain, and copying a map out to a guest in the guest ABI's
 * byte-address entries (public/memory.h).
 */
#include <public/memory.h>
#include <xen/domain_build.h>
#include <xen/domain_memmap.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/string.h>

#define HOST_RDM_MAX 16

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
