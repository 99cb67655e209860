/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domcycle: does destroying a domain give back everything it took?
 *
 * Run as the privileged (control) domain, it creates a child domain from
 * a kernel image it carries (the timecheck guest), checks the child is
 * listed with the memory and name asked for, pauses and unpauses it, and
 * destroys it, N times (cycles=N, default 20).  After every destroy the
 * host's free page count (sysctl physinfo) must be exactly what it was
 * before the first create: a page leaked by domain teardown (RAM, page
 * tables, shared, ioreq or event-channel pages) shows up as a shortfall.
 * It also reads the hypervisor log (sysctl readconsole) and expects to find
 * the builder's line for its last child, and checks that bad requests
 * (unknown domain, an image that is not ELF, a duplicate name) are refused,
 * and so are domctl, sysctl and kexec_op calls of another interface
 * version (-EACCES: a toolstack of another build must not be misread).
 */
#include <public/errno.h>
#include <public/kexec.h>

#include "guest.h"

const char test_title[] = "domcycle";

#define CHILD_PAGES 2048 /* 8 MiB */

extern const char payload_start[], payload_end[];

static long domctl(uint32_t cmd, domid_t domain, struct xen_domctl *op)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = domain;
    return hypervisor_domctl(op);
}

static long sysctl(uint32_t cmd, struct xen_sysctl *op)
{
    op->cmd = cmd;
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return hypervisor_sysctl(op);
}

static uint64_t free_pages(void)
{
    struct xen_sysctl op = {0};

    if (sysctl(XEN_SYSCTL_physinfo, &op))
        test_failure("physinfo refused");
    return op.u.physinfo.free_pages;
}

/* Create a child from image; returns its id, or a negative errno. */
static long create(const char *name, const void *image, size_t size)
{
    struct xen_domctl op = {0};
    long rc;

    snprintf(op.u.createdomain.name, sizeof(op.u.createdomain.name), "%s",
             name);
    op.u.createdomain.memory_pages = CHILD_PAGES;
    op.u.createdomain.max_vcpus = 1;
    op.u.createdomain.dm_domid = DOMID_INVALID;
    op.u.createdomain.kernel = (uint64_t)image;
    op.u.createdomain.kernel_size = size;
    snprintf(op.u.createdomain.cmdline, sizeof(op.u.createdomain.cmdline),
             "seconds=1000");
    rc = domctl(XEN_DOMCTL_createdomain, 0, &op);
    return rc ? rc : op.domain;
}

static void check_child(domid_t id, const char *name)
{
    struct xen_domctl op = {0};

    if (domctl(XEN_DOMCTL_getdomaininfo, id, &op))
        test_failure("getdomaininfo of child %u refused", id);
    if (strcmp(op.u.getdomaininfo.name, name) ||
        op.u.getdomaininfo.tot_pages != CHILD_PAGES)
        test_failure("child %u is '%s' with %lu pages", id,
                     op.u.getdomaininfo.name,
                     (unsigned long)op.u.getdomaininfo.tot_pages);
    if (domctl(XEN_DOMCTL_pausedomain, id, &op) ||
        domctl(XEN_DOMCTL_getdomaininfo, id, &op) ||
        !(op.u.getdomaininfo.flags & XEN_DOMINF_paused) ||
        domctl(XEN_DOMCTL_unpausedomain, id, &op))
        test_failure("pause/unpause of child %u", id);
}

static void check_refusals(void)
{
    static const char not_elf[64] = "not an ELF image";
    struct xen_domctl op = {0};
    long id, rc;

    if ((rc = domctl(XEN_DOMCTL_destroydomain, 999, &op)) != -XEN_ESRCH)
        test_failure("destroying domain 999 gave %ld, not -ESRCH", rc);
    if ((rc = create("bad-image", not_elf, sizeof(not_elf))) >= 0)
        test_failure("a non-ELF image was accepted as domain %ld", rc);
    id = create("twin", payload_start, payload_end - payload_start);
    if (id < 0)
        test_failure("creating 'twin' failed: %ld", id);
    if ((rc = create("twin", payload_start, payload_end - payload_start)) >= 0)
        test_failure("a second 'twin' was created as domain %ld", rc);
    domctl(XEN_DOMCTL_destroydomain, id, &op);
}

/*
 * Each control interface refuses a caller of another version, before it
 * acts.  kexec_op's version 1 is the first layout, which had no version:
 * a load of it would otherwise be -ENODEV here (no reserved region) and
 * an exec -ENOENT (nothing loaded).
 */
/* A call of another interface version must be -EACCES. */
static void expect_eacces(long rc, const char *call)
{
    if (rc != -XEN_EACCES)
        test_failure("%s of another interface version gave %ld, not -EACCES",
                     call, rc);
}

static void check_interface_versions(void)
{
    static struct xen_kexec_lu_load load;
    static struct xen_kexec_lu_exec exec;
    struct xen_domctl dop = {0};
    struct xen_sysctl sop = {0};

    dop.cmd = XEN_DOMCTL_getdomaininfo;
    dop.interface_version = XEN_DOMCTL_INTERFACE_VERSION + 1;
    expect_eacces(hypervisor_domctl(&dop), "domctl getdomaininfo");
    sop.cmd = XEN_SYSCTL_physinfo;
    sop.interface_version = XEN_SYSCTL_INTERFACE_VERSION + 1;
    expect_eacces(hypervisor_sysctl(&sop), "sysctl physinfo");
    load.interface_version = 1;
    expect_eacces(hypercall2(__HYPERVISOR_kexec_op, KEXEC_CMD_lu_load,
                             (uintptr_t)&load), "kexec_op lu_load");
    exec.interface_version = XEN_KEXEC_INTERFACE_VERSION + 1;
    expect_eacces(hypercall2(__HYPERVISOR_kexec_op, KEXEC_CMD_lu_exec,
                             (uintptr_t)&exec), "kexec_op lu_exec");
}

/* The hypervisor log must hold the builder's line for domain id. */
static void check_log(long id)
{
    static char log[16384];
    struct xen_sysctl op = {0};
    char want[48];

    op.u.readconsole.buffer = (uint64_t)log;
    op.u.readconsole.count = sizeof(log) - 1;
    op.u.readconsole.index = 0;
    if (sysctl(XEN_SYSCTL_readconsole, &op))
        test_failure("readconsole refused");
    log[op.u.readconsole.count] = '\0';
    snprintf(want, sizeof(want), "Domain %ld (child-", id);
    for (const char *p = log; *p; p++)
        if (!strncmp(p, want, strlen(want)))
            return;
    test_failure("'%s' not in the %u bytes of log read", want,
                 op.u.readconsole.count);
}

void test_main(const struct start_info *si)
{
    bool ok;
    uint64_t cycles = cmdline_get_u64("cycles", 20, &ok), i, before;
    long id = -1;

    if (!ok || !(si->flags & SIF_PRIVILEGED))
        test_error("needs privileged and a numeric cycles=");
    before = free_pages();
    printf("domcycle: %lu pages free before\n", (unsigned long)before);
    for (i = 0; i < cycles; i++) {
        char name[32];
        struct xen_domctl op = {0};

        snprintf(name, sizeof(name), "child-%lu", (unsigned long)i);
        id = create(name, payload_start, payload_end - payload_start);
        if (id < 0)
            test_failure("cycle %lu: create failed: %ld", (unsigned long)i, id);
        check_child(id, name);
        if (domctl(XEN_DOMCTL_destroydomain, id, &op))
            test_failure("cycle %lu: destroy refused", (unsigned long)i);
        if (free_pages() != before)
            test_failure("cycle %lu: %lu pages free after destroy, %lu before",
                         (unsigned long)i, (unsigned long)free_pages(),
                         (unsigned long)before);
    }
    check_log(id);
    check_refusals();
    check_interface_versions();
    if (free_pages() != before)
        test_failure("%lu pages free at the end, %lu before",
                     (unsigned long)free_pages(), (unsigned long)before);
    printf("domcycle: %lu cycles, %lu pages free after each\n",
           (unsigned long)cycles, (unsigned long)before);
    test_success();
}
