/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building a domain from an ELF64 kernel image: RAM in large aligned
 * blocks, the kernel loaded, start info and shared info in place, vCPU 0
 * at the entry point (the layout is in docs/designs/domains.md).
 */
#ifndef XEN_DOMAIN_BUILD_H
#define XEN_DOMAIN_BUILD_H

#include <public/domctl.h>
#include <xen/bootinfo.h>
#include <xen/memmap.h>
#include <xen/types.h>

struct domain_config {
    domid_t id;
    char name[XEN_DOMAIN_NAME_LEN];
    uint64_t memory;        /* bytes */
    unsigned int vcpus;
    domid_t dm_domid;
    bool privileged;
    unsigned int on_crash;  /* XEN_DOMCTL_ON_CRASH_* */
    char cmdline[256];
    unsigned int mmio_hole_mib;  /* 0: the default */
    unsigned int nr_rdm;         /* reserved ranges besides the host's */
    struct memmap_range rdm[XEN_DOMCTL_MAX_RDM];
};

#define DOMAIN_MIN_MEMORY (2ULL << 20)

/*
 * Build and unpause a domain from image.  Returns 0, or a negative errno
 * after logging why (nothing is left behind on failure).
 */
int domain_build(const struct domain_config *cfg, const void *image,
                 size_t size);

struct domain;

/*
 * Back d's [gfn, gfn + nr), which must be unmapped, with new frames of its
 * own in the largest aligned blocks (counted in tot_pages, not checked
 * against max_pages).  Returns 0, or -ENOMEM having undone it all.
 */
int domain_populate_range(struct domain *d, unsigned long gfn,
                          unsigned long nr);

/* Build the domains that boot modules describe (domains.md); returns how many. */
unsigned int boot_domains_create(const struct boot_info *bi);

#endif /* XEN_DOMAIN_BUILD_H */
