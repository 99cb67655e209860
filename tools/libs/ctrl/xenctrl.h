/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libxenctrl for the control domain: typed wrappers around domctl, sysctl
 * and console_io, in the spirit of Xen's libxenctrl.  Every function
 * returns 0 (or a count) on success and a negative errno (public/errno.h)
 * on failure, exactly as the hypervisor answered.
 */
#ifndef XENCTRL_H
#define XENCTRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/domctl.h>
#include <public/kexec.h>
#include <public/sysctl.h>

struct xc_dominfo {
    domid_t domid;
    char name[XEN_DOMAIN_NAME_LEN];
    uint32_t flags;           /* XEN_DOMINF_* */
    uint64_t tot_pages;
    uint64_t cpu_time_ns;
    uint32_t nr_vcpus;
    uint32_t shutdown_reason; /* SHUTDOWN_*, if XEN_DOMINF_shutdown */
};

struct xc_physinfo {
    uint32_t nr_cpus;
    uint32_t cpu_khz;
    uint64_t total_pages;
    uint64_t free_pages;
    uint64_t broken_pages;
    uint64_t reserved_pages;
    uint64_t live_updates;
};

struct xc_domain_spec {
    const char *name;
    uint64_t memory_pages;
    uint32_t vcpus;
    domid_t dm_domid;         /* DOMID_INVALID: no device model */
    uint32_t on_crash;        /* XEN_DOMCTL_ON_CRASH_* */
    const void *kernel;       /* the ELF image, in the caller's memory */
    size_t kernel_size;
    const char *cmdline;      /* may be NULL */
    uint32_t mmio_hole_mib;   /* 0: the default */
    uint32_t nr_rdm;          /* reserved ranges, at most XEN_DOMCTL_MAX_RDM */
    const struct xen_domctl_rdm *rdm;
};

/* Build and start a domain; its id in *domid. */
int xc_domain_create(const struct xc_domain_spec *spec, domid_t *domid);
int xc_domain_destroy(domid_t domid);
int xc_domain_pause(domid_t domid);
int xc_domain_unpause(domid_t domid);
int xc_domain_shutdown(domid_t domid, uint32_t reason);
int xc_domain_getinfo(domid_t domid, struct xc_dominfo *info);

/* Up to max domains with id >= first, in id order; returns the count. */
int xc_domain_list(domid_t first, struct xc_dominfo *info, unsigned int max);

int xc_physinfo(struct xc_physinfo *info);

/* The phases of the live update that started the running hypervisor. */
int xc_lu_report(struct xen_sysctl_lu_report *report);

/*
 * Up to max of the blocks of machine frames domid owns, from block number
 * first on, into blocks (as the hypervisor fills them: mfn and order);
 * *total gets how many blocks it has.  Returns the number copied.
 */
int xc_domain_page_blocks(domid_t domid, uint32_t first,
                          struct xen_domctl_page_block *blocks,
                          unsigned int max, uint32_t *total);

/*
 * Save domid (paused) as a save file (public/domctl.h): with buf NULL,
 * only its size, in *total; otherwise whole records of it from offset
 * on into buf (len bytes), *next where the next call starts.  message
 * (XEN_DOMCTL_MESSAGE_LEN bytes) gets why the hypervisor refused.
 */
int xc_domain_save(domid_t domid, void *buf, uint64_t len, uint64_t offset,
                   uint64_t *next, uint64_t *total, char *message);

/* A domain restored from a save file. */
struct xc_restored {
    domid_t domid;
    domid_t dm_domid;    /* its device model, DOMID_INVALID if none */
    domid_t saved_domid; /* the id it had */
    uint32_t nr_vcpus;
    uint64_t tot_pages;
    char name[XEN_DOMAIN_NAME_LEN];
};

/*
 * A new domain, left paused, from the save file of size bytes at file;
 * message (XEN_DOMCTL_MESSAGE_LEN bytes) gets why the hypervisor refused.
 */
int xc_domain_restore(const void *file, size_t size, struct xc_restored *out,
                      char *message);

/*
 * The hypervisor log from offset *index (advanced past what was copied);
 * returns bytes copied into buf (at most len).
 */
long xc_readconsole(uint64_t *index, char *buf, size_t len);

/* A domain's console output, the same way. */
long xc_domain_readconsole(domid_t domid, uint64_t *index, char *buf,
                           size_t len);

/* Bytes typed at the console (the control domain's); returns the count. */
long xc_console_read(char *buf, size_t len);

/* The hypervisor's version, (major << 16) | minor. */
long xc_version(void);

/*
 * Live update (public/kexec.h): hand the hypervisor the image of size
 * bytes at image and the options to append to its command line (NULL or
 * "": none), *result getting how long checking and copying took and the
 * versions involved; then execute it, its domains given timeout_ms (0:
 * the default) to reach a safe point -- which, unless KEXEC_LU_DRY_RUN,
 * returns 0 in the new hypervisor -- filling *report; or forget it.
 */
int xc_kexec_lu_load(const void *image, size_t size, const char *append,
                     struct xen_kexec_lu_load *result);
int xc_kexec_lu_exec(uint32_t flags, uint32_t timeout_ms,
                     struct xen_kexec_lu_exec *report);
int xc_kexec_lu_unload(void);

#endif /* XENCTRL_H */
