/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `xl live-update [--dry-run] IMAGE`: replace the running hypervisor with
 * the multiboot2 image IMAGE from the RAM filesystem while every domain
 * keeps running (docs/designs/live-update.md).  The image is loaded and
 * checked first, with nothing stopped; then executed.  This very process
 * carries on in the new hypervisor: the exec hypercall returns 0 there.
 * A dry run does everything up to the jump, has the hypervisor read its
 * stream back, and resumes.  Each phase is printed with its duration.
 */
#include "xl_internal.h"

#define CMD "live-update"

/* The hypervisor refused the load: say why in the user's terms. */
static int xl_lu_load_refused(const char *path, int rc)
{
    switch (rc) {
    case -XEN_ENODEV:
        printf("xl: " CMD ": no reserved region: the hypervisor was booted "
               "without liveupdate=<size>\n");
        break;
    case -XEN_ENOEXEC:
        printf("xl: " CMD ": %s is not a multiboot2 hypervisor image (see "
               "`xl dmesg`)\n", path);
        break;
    case -XEN_E2BIG:
        printf("xl: " CMD ": %s is too big for the reserved region\n", path);
        break;
    case -XEN_EPERM:
        printf("xl: " CMD ": only the control domain may live-update the "
               "hypervisor\n");
        break;
    default:
        return xl_report(CMD, "load", rc);
    }
    return XL_EXIT_FAIL;
}

static int xl_lu_load(const char *path, const struct ramfs_file *f,
                      uint64_t *load_ns)
{
    int rc = xc_kexec_lu_load(f->data, f->size, load_ns);

    if (rc == -XEN_EBUSY) { /* left loaded by an earlier run that failed */
        xc_kexec_lu_unload();
        rc = xc_kexec_lu_load(f->data, f->size, load_ns);
    }
    return rc ? xl_lu_load_refused(path, rc) : XL_EXIT_OK;
}

static unsigned long us(uint64_t ns)
{
    return (unsigned long)(ns / 1000);
}

static void xl_lu_print(const struct xen_kexec_lu_exec *r)
{
    printf("  quiesce   %8lu us\n", us(r->quiesce_ns));
    printf("  serialise %8lu us  (stream: %lu bytes in %lu pages)\n",
           us(r->save_ns), (unsigned long)r->stream_bytes,
           (unsigned long)r->stream_pages);
    printf("  carried   %u domains, %u vCPUs, %lu pages\n", r->nr_domains,
           r->nr_vcpus, (unsigned long)r->nr_pages);
}

static int xl_lu_run(const char *path, bool dry_run)
{
    const struct ramfs_file *f = ramfs_lookup(path);
    struct xen_kexec_lu_exec report;
    uint64_t load_ns = 0, t;
    int rc;

    if (!f) {
        printf("xl: " CMD ": %s: %s\n", path, util_strerror(-XEN_ENOENT));
        return XL_EXIT_FAIL;
    }
    printf("Live update%s: %s (%lu bytes)\n", dry_run ? " (dry run)" : "",
           path, (unsigned long)f->size);
    if ((rc = xl_lu_load(path, f, &load_ns)))
        return rc;
    printf("  load      %8lu us\n", us(load_ns));
    t = time_now_ns();
    rc = xc_kexec_lu_exec(dry_run ? KEXEC_LU_DRY_RUN : 0, &report);
    t = time_now_ns() - t;
    if (rc) {
        xc_kexec_lu_unload();
        return xl_report(CMD, dry_run ? "dry run" : "execute", rc);
    }
    xl_lu_print(&report);
    if (dry_run) {
        printf("  check     %8lu us  (the stream reads back)\n",
               us(report.check_ns));
        printf("Dry run done: nothing was replaced; guests paused for %lu us\n",
               us(t));
        xc_kexec_lu_unload();
        return XL_EXIT_OK;
    }
    printf("Live update done: blackout %lu us as this domain saw it; the new "
           "hypervisor's phases are in `xl dmesg`\n", us(t));
    return XL_EXIT_OK;
}

int xl_cmd_live_update(int argc, char **argv)
{
    const char *image = NULL;
    bool dry_run = false;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            xl_print_usage(xl_find_command(CMD));
            return XL_EXIT_OK;
        }
        if (!strcmp(argv[i], "--dry-run") || !strcmp(argv[i], "-n"))
            dry_run = true;
        else if (argv[i][0] == '-')
            return xl_usage_error(CMD, "unknown option", argv[i]);
        else if (image)
            return xl_usage_error(CMD, "too many arguments", argv[i]);
        else
            image = argv[i];
    }
    if (!image)
        return xl_usage_error(CMD, "missing IMAGE", NULL);
    return xl_lu_run(image, dry_run);
}
