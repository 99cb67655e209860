/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `xl restore [-p] FILE`: a domain again from a save file that `xl save`
 * wrote (docs/designs/save-restore.md).  The hypervisor checks the whole
 * file before it makes anything, and refuses a damaged or foreign one, or
 * one whose domain's name is taken, saying why; then the domain comes
 * back under a new id, paused.
 *
 * If the control domain was its device model, one of the control
 * domain's device models takes it over before it runs (xl_dm_attachers);
 * then it is unpaused, unless -p.
 */
#include "xl_internal.h"

#define CMD "restore"

/*
 * The control domain's device models that can take over a restored
 * domain, NULL-terminated.  A device model adds itself here.
 */
static const struct xl_dm_attacher *const xl_dm_attachers[] = {
    NULL,
};

/*
 * Hand a restored domain whose device model is the control domain to the
 * first device model that takes it.  XL_EXIT_OK if one did, or if none
 * is there (said; the domain's emulated I/O then waits for one).
 */
static int xl_restore_attach_dm(const struct xc_restored *r)
{
    const struct xl_dm_attacher *const *a;
    int rc;

    for (a = xl_dm_attachers; *a; a++) {
        if ((rc = (*a)->attach(r)) < 0) {
            printf("xl: " CMD ": %s (%u): the %s device model cannot take "
                   "it over: %s (%d); the domain is destroyed, the file "
                   "stays\n", r->name, (unsigned int)r->domid, (*a)->name,
                   util_strerror(rc), rc);
            return XL_EXIT_FAIL;
        }
        if (rc) {
            printf("The %s device model serves %s (%u) again\n", (*a)->name,
                   r->name, (unsigned int)r->domid);
            return XL_EXIT_OK;
        }
    }
    printf("xl: " CMD ": %s (%u): its device model was the control domain, "
           "which runs none that takes it over: its emulated I/O waits for "
           "one\n", r->name, (unsigned int)r->domid);
    return XL_EXIT_OK;
}

int xl_cmd_restore(int argc, char **argv)
{
    char why[XEN_DOMCTL_MESSAGE_LEN];
    const struct ramfs_file *f;
    const char *path = NULL;
    struct xc_restored r;
    bool paused = false;
    int rc;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            xl_print_usage(xl_find_command(CMD));
            return XL_EXIT_OK;
        }
        if (!strcmp(argv[i], "-p"))
            paused = true;
        else if (argv[i][0] == '-' && argv[i][1])
            return xl_usage_error(CMD, "unknown option", argv[i]);
        else if (path)
            return xl_usage_error(CMD, "unexpected argument", argv[i]);
        else
            path = argv[i];
    }
    if (!path)
        return xl_usage_error(CMD, "missing FILE", NULL);
    if (!(f = ramfs_lookup(path))) {
        printf("xl: " CMD ": %s: No such file\n", path);
        return XL_EXIT_FAIL;
    }
    if ((rc = xc_domain_restore(f->data, f->size, &r, why)) < 0) {
        printf("xl: " CMD ": %s: refused: %s (%s, %d)\n", path,
               why[0] ? why : "see `xl dmesg`", util_strerror(rc), rc);
        return XL_EXIT_FAIL;
    }
    printf("Restored %s (%u) from %s: %lu MiB, %u vCPU%s; it was domain %u\n",
           r.name, (unsigned int)r.domid, path,
           (unsigned long)(r.tot_pages >> (20 - XEN_PAGE_SHIFT)), r.nr_vcpus,
           r.nr_vcpus == 1 ? "" : "s", (unsigned int)r.saved_domid);
    if (r.dm_domid == 0 && xl_restore_attach_dm(&r)) {
        xc_domain_destroy(r.domid);
        return XL_EXIT_FAIL;
    }
    if (!paused && (rc = xc_domain_unpause(r.domid)) < 0)
        return xl_report(CMD, "restored, but cannot unpause it", rc);
    return XL_EXIT_OK;
}
