/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libxenctrl for the control domain (xenctrl.h): each call fills one
 * struct xen_domctl or xen_sysctl, makes the hypercall through the guest
 * runtime and copies the answer into the library's own types, so that
 * callers never see the ABI structures or their interface versions.
 */
#include <guest.h>
#include <public/errno.h>

#include "xenctrl.h"

/* A domctl on domain with cmd; the caller has filled op->u. */
static long xc_domctl(uint32_t cmd, domid_t domain, struct xen_domctl *op)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = domain;
    return hypervisor_domctl(op);
}

static long xc_sysctl(uint32_t cmd, struct xen_sysctl *op)
{
    op->cmd = cmd;
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return hypervisor_sysctl(op);
}

/* Copy the NUL-terminated s into dst[size]; -EINVAL if it does not fit. */
static int xc_copy_string(char *dst, size_t size, const char *s)
{
    return strlcpy(dst, s ? s : "", size) < size ? 0 : -XEN_EINVAL;
}

int xc_domain_create(const struct xc_domain_spec *spec, domid_t *domid)
{
    struct xen_domctl op = {0};
    struct xen_domctl_createdomain *c = &op.u.createdomain;
    long rc;

    if (xc_copy_string(c->name, sizeof(c->name), spec->name) ||
        xc_copy_string(c->cmdline, sizeof(c->cmdline), spec->cmdline))
        return -XEN_EINVAL;
    c->memory_pages = spec->memory_pages;
    c->max_vcpus = spec->vcpus;
    c->dm_domid = spec->dm_domid;
    c->on_crash = spec->on_crash;
    c->kernel = (uintptr_t)spec->kernel;
    c->kernel_size = spec->kernel_size;
    if (spec->nr_rdm > XEN_DOMCTL_MAX_RDM)
        return -XEN_EINVAL;
    c->mmio_hole_mib = spec->mmio_hole_mib;
    c->nr_rdm = spec->nr_rdm;
    for (uint32_t i = 0; i < spec->nr_rdm; i++)
        c->rdm[i] = spec->rdm[i];
    rc = xc_domctl(XEN_DOMCTL_createdomain, DOMID_INVALID, &op);
    if (rc >= 0 && domid)
        *domid = op.domain;
    return rc;
}

/* A domctl that takes no argument beyond the domain. */
static int xc_domain_simple(uint32_t cmd, domid_t domid)
{
    struct xen_domctl op = {0};

    return xc_domctl(cmd, domid, &op);
}

int xc_domain_destroy(domid_t domid)
{
    return xc_domain_simple(XEN_DOMCTL_destroydomain, domid);
}

int xc_domain_pause(domid_t domid)
{
    return xc_domain_simple(XEN_DOMCTL_pausedomain, domid);
}

int xc_domain_unpause(domid_t domid)
{
    return xc_domain_simple(XEN_DOMCTL_unpausedomain, domid);
}

int xc_domain_shutdown(domid_t domid, uint32_t reason)
{
    struct xen_domctl op = {0};

    op.u.shutdown.reason = reason;
    return xc_domctl(XEN_DOMCTL_shutdown, domid, &op);
}

static void xc_info_from_abi(struct xc_dominfo *info,
                             const struct xen_domctl_getdomaininfo *d)
{
    info->domid = d->domain;
    memcpy(info->name, d->name, sizeof(info->name));
    info->name[sizeof(info->name) - 1] = '\0';
    info->flags = d->flags;
    info->tot_pages = d->tot_pages;
    info->cpu_time_ns = d->cpu_time;
    info->nr_vcpus = d->nr_vcpus;
    info->shutdown_reason = d->shutdown_reason;
}

int xc_domain_getinfo(domid_t domid, struct xc_dominfo *info)
{
    struct xen_domctl op = {0};
    long rc = xc_domctl(XEN_DOMCTL_getdomaininfo, domid, &op);

    if (rc >= 0)
        xc_info_from_abi(info, &op.u.getdomaininfo);
    return rc;
}

/* Domains asked for per sysctl: the batch lives on the stack. */
#define XC_LIST_BATCH 16

int xc_domain_list(domid_t first, struct xc_dominfo *info, unsigned int max)
{
    struct xen_domctl_getdomaininfo batch[XC_LIST_BATCH];
    unsigned int count = 0, i;
    struct xen_sysctl op;
    long rc;

    while (count < max) {
        op = (struct xen_sysctl){0};
        op.u.getdomaininfolist.first_domain = first;
        op.u.getdomaininfolist.max_domains =
            max - count < XC_LIST_BATCH ? max - count : XC_LIST_BATCH;
        op.u.getdomaininfolist.buffer = (uintptr_t)batch;
        if ((rc = xc_sysctl(XEN_SYSCTL_getdomaininfolist, &op)) < 0)
            return rc;
        for (i = 0; i < op.u.getdomaininfolist.num_domains; i++)
            xc_info_from_abi(&info[count++], &batch[i]);
        if (op.u.getdomaininfolist.num_domains <
                op.u.getdomaininfolist.max_domains ||
            batch[i - 1].domain >= DOMID_FIRST_RESERVED - 1)
            break;
        first = batch[i - 1].domain + 1; /* the hypervisor lists in id order */
    }
    return count;
}

int xc_lu_report(struct xen_sysctl_lu_report *report)
{
    struct xen_sysctl op = {0};
    long rc = xc_sysctl(XEN_SYSCTL_lu_report, &op);

    if (rc < 0)
        return rc;
    *report = op.u.lu_report;
    return 0;
}

int xc_physinfo(struct xc_physinfo *info)
{
    struct xen_sysctl op = {0};
    long rc = xc_sysctl(XEN_SYSCTL_physinfo, &op);

    if (rc < 0)
        return rc;
    info->nr_cpus = op.u.physinfo.nr_cpus;
    info->cpu_khz = op.u.physinfo.cpu_khz;
    info->total_pages = op.u.physinfo.total_pages;
    info->free_pages = op.u.physinfo.free_pages;
    info->broken_pages = op.u.physinfo.broken_pages;
    info->reserved_pages = op.u.physinfo.reserved_pages;
    info->live_updates = op.u.physinfo.live_updates;
    return 0;
}

/* The ABI counts in 32 bits: ask for at most this much per call. */
#define XC_READ_MAX (1u << 30)

long xc_readconsole(uint64_t *index, char *buf, size_t len)
{
    struct xen_sysctl op = {0};
    long rc;

    op.u.readconsole.buffer = (uintptr_t)buf;
    op.u.readconsole.count = len < XC_READ_MAX ? len : XC_READ_MAX;
    op.u.readconsole.index = *index;
    if ((rc = xc_sysctl(XEN_SYSCTL_readconsole, &op)) < 0)
        return rc;
    *index = op.u.readconsole.index;
    return op.u.readconsole.count;
}

long xc_domain_readconsole(domid_t domid, uint64_t *index, char *buf,
                           size_t len)
{
    struct xen_domctl op = {0};
    long rc;

    op.u.readconsole.buffer = (uintptr_t)buf;
    op.u.readconsole.count = len < XC_READ_MAX ? len : XC_READ_MAX;
    op.u.readconsole.index = *index;
    if ((rc = xc_domctl(XEN_DOMCTL_readconsole, domid, &op)) < 0)
        return rc;
    *index = op.u.readconsole.index;
    return op.u.readconsole.count;
}

int xc_domain_page_blocks(domid_t domid, uint32_t first,
                          struct xen_domctl_page_block *blocks,
                          unsigned int max, uint32_t *total)
{
    struct xen_domctl op = {0};
    long rc;

    op.u.getpageblocks.buffer = (uintptr_t)blocks;
    op.u.getpageblocks.first = first;
    op.u.getpageblocks.max_blocks = max;
    if ((rc = xc_domctl(XEN_DOMCTL_getpageblocks, domid, &op)) < 0)
        return (int)rc;
    *total = op.u.getpageblocks.total_blocks;
    return (int)op.u.getpageblocks.nr_blocks;
}

/* A message the hypervisor wrote into a fixed field, NUL terminated. */
static void xc_copy_message(char *dst, const char *src)
{
    memcpy(dst, src, XEN_DOMCTL_MESSAGE_LEN);
    dst[XEN_DOMCTL_MESSAGE_LEN - 1] = '\0';
}

int xc_domain_save(domid_t domid, void *buf, uint64_t len, uint64_t offset,
                   uint64_t *next, uint64_t *total, char *message)
{
    struct xen_domctl op = {0};
    struct xen_domctl_savedomain *s = &op.u.savedomain;
    long rc;

    s->buffer = (uintptr_t)buf;
    s->buffer_size = len;
    s->offset = offset;
    rc = xc_domctl(XEN_DOMCTL_savedomain, domid, &op);
    xc_copy_message(message, s->message);
    if (rc >= 0) {
        *next = s->next;
        *total = s->total;
    }
    return (int)rc;
}

int xc_domain_restore(const void *file, size_t size, struct xc_restored *out,
                      char *message)
{
    struct xen_domctl op = {0};
    struct xen_domctl_restoredomain *r = &op.u.restoredomain;
    long rc;

    r->buffer = (uintptr_t)file;
    r->size = size;
    rc = xc_domctl(XEN_DOMCTL_restoredomain, DOMID_INVALID, &op);
    xc_copy_message(message, r->message);
    if (rc < 0)
        return (int)rc;
    out->domid = op.domain;
    out->dm_domid = r->dm_domid;
    out->saved_domid = r->saved_domid;
    out->nr_vcpus = r->nr_vcpus;
    out->tot_pages = r->tot_pages;
    memcpy(out->name, r->name, sizeof(out->name));
    out->name[sizeof(out->name) - 1] = '\0';
    return 0;
}

long xc_console_read(char *buf, size_t len)
{
    return hypervisor_console_io(CONSOLEIO_read, len, buf);
}

long xc_version(void)
{
    return hypervisor_xen_version(XENVER_version, NULL);
}

int xc_kexec_lu_load(const void *image, size_t size, const char *append,
                     struct xen_kexec_lu_load *result)
{
    size_t len = append ? strlen(append) : 0;

    memset(result, 0, sizeof(*result));
    result->interface_version = XEN_KEXEC_INTERFACE_VERSION;
    result->image = (uintptr_t)image;
    result->size = size;
    result->append = len ? (uintptr_t)append : 0;
    /* Longer than 32 bits: at least what the hypervisor refuses as such. */
    result->append_len = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
    return (int)hypercall2(__HYPERVISOR_kexec_op, KEXEC_CMD_lu_load,
                           (unsigned long)result);
}

int xc_kexec_lu_exec(uint32_t flags, uint32_t timeout_ms,
                     struct xen_kexec_lu_exec *report)
{
    memset(report, 0, sizeof(*report));
    report->interface_version = XEN_KEXEC_INTERFACE_VERSION;
    report->flags = flags;
    report->timeout_ms = timeout_ms;
    return (int)hypercall2(__HYPERVISOR_kexec_op, KEXEC_CMD_lu_exec,
                           (unsigned long)report);
}

int xc_kexec_lu_unload(void)
{
    return (int)hypercall2(__HYPERVISOR_kexec_op, KEXEC_CMD_lu_unload, 0);
}
