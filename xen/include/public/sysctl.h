/* SPDX-License-Identifier: MIT */
/*
 * sysctl(struct xen_sysctl *): host-wide information and control, for the
 * control domain only (-EPERM otherwise).  interface_version must be
 * XEN_SYSCTL_INTERFACE_VERSION (-EACCES otherwise).
 */
#ifndef PUBLIC_SYSCTL_H
#define PUBLIC_SYSCTL_H

#include "domctl.h"

#define XEN_SYSCTL_INTERFACE_VERSION 1

#define XEN_SYSCTL_readconsole       1
#define XEN_SYSCTL_physinfo          3
#define XEN_SYSCTL_getdomaininfolist 6
#define XEN_SYSCTL_lu_report         7

/*
 * Copy the hypervisor log from offset index (bytes ever logged) into
 * buffer; count is the buffer size in, bytes copied out; index is set to
 * the offset after them.  Older bytes than the ring holds are skipped.
 */
struct xen_sysctl_readconsole {
    uint64_t buffer;
    uint32_t count;
    uint32_t pad;
    uint64_t index;
};

struct xen_sysctl_physinfo {
    uint32_t nr_cpus;
    uint32_t cpu_khz;
    uint64_t total_pages;
    uint64_t free_pages;
    uint64_t broken_pages;
    uint64_t reserved_pages; /* the live-update region */
    uint64_t live_updates;   /* live updates this host has been through */
};
_Static_assert(sizeof(struct xen_sysctl_physinfo) == 48, "xen_sysctl_physinfo");

/* Up to max_domains entries for domains with id >= first_domain. */
/*
 * The live update that started the running hypervisor, phase by phase as
 * it timed them (all 0 but live_updates after a first boot).
 */
struct xen_sysctl_lu_report {
    uint64_t live_updates;  /* this host has been through */
    uint64_t handover_ns;   /* the jump to the new hypervisor's first instruction */
    uint64_t early_boot_ns; /* from there until it reads the stream */
    uint64_t restore_ns;    /* rebuilding the domains */
    uint64_t resume_ns;     /* until they run again */
    uint64_t blackout_ns;   /* from the old hypervisor's save to the resume */
};
_Static_assert(sizeof(struct xen_sysctl_lu_report) == 48, "xen_sysctl_lu_report");

struct xen_sysctl_getdomaininfolist {
    domid_t first_domain;
    uint16_t pad;
    uint32_t max_domains;
    uint64_t buffer;       /* guest address of xen_domctl_getdomaininfo[] */
    uint32_t num_domains;  /* out */
    uint32_t pad1;
};

struct xen_sysctl {
    uint32_t cmd;
    uint32_t interface_version;
    union {
        struct xen_sysctl_readconsole readconsole;
        struct xen_sysctl_physinfo physinfo;
        struct xen_sysctl_getdomaininfolist getdomaininfolist;
        struct xen_sysctl_lu_report lu_report;
        uint8_t pad[128];
    } u;
};
_Static_assert(sizeof(struct xen_sysctl) == 136, "xen_sysctl");

#endif /* PUBLIC_SYSCTL_H */
