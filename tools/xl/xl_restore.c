/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `xl restore [-p] FILE`: a domain again from a save file that `xl save`
 * wrote (docs/designs/save-restore.md).  The hypervisor checks the whole
 * file before it makes anything, and refuses a damaged or foreign one, or
 * one whose domain's name is taken, saying why; then the domain comes
 * back under a new id, paused.
 *
 * If the control domain was its device model, xl first reads the file
 * for the state of that device model (DM_STATE records, xl_dm.c) and
 * refuses a state none of dom0's device models can take, before anything
 * is made; once the domain is made, each takes it over with its state
 * before it runs.  Then it is unpaused, unless -p.
 */
#include "xl_internal.h"

#define CMD "restore"

/* A file refused before anything was made: say why. */
static int xl_restore_refused(const char *path, int rc, const char *why)
{
    printf("xl: " CMD ": %s: refused: %s (%s, %d)\n", path,
           why[0] ? why : "see `xl dmesg`", util_strerror(rc), rc);
    return XL_EXIT_FAIL;
}

/*
 * The states of the file's device models in dom0 (none if its device
 * model was not dom0), each one a device model here can take; 0, or the
 * status of a refusal (said).
 */
static int xl_restore_dm_states(const char *path, const struct ramfs_file *f,
                                struct dmstates *dms)
{
    char why[DMSTATE_ERR_LEN + 64];
    int rc;

    if ((rc = dmstate_find(f->data, f->size, 0, dms, why)) < 0 ||
        (rc = xl_dm_check(dms, why, sizeof(why))) < 0)
        return xl_restore_refused(path, rc, why);
    return 0;
}

int xl_cmd_restore(int argc, char **argv)
{
    static struct dmstates dms; /* up to 32 KiB: not on the stack */
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
    if ((rc = xl_restore_dm_states(path, f, &dms)))
        return rc;
    if ((rc = xc_domain_restore(f->data, f->size, &r, why)) < 0)
        return xl_restore_refused(path, rc, why);
    printf("Restored %s (%u) from %s: %lu MiB, %u vCPU%s; it was domain %u\n",
           r.name, (unsigned int)r.domid, path,
           (unsigned long)(r.tot_pages >> (20 - XEN_PAGE_SHIFT)), r.nr_vcpus,
           r.nr_vcpus == 1 ? "" : "s", (unsigned int)r.saved_domid);
    if (r.dm_domid == 0 && xl_dm_attach(&r, &dms)) {
        xc_domain_destroy(r.domid);
        return XL_EXIT_FAIL;
    }
    if (!paused && (rc = xc_domain_unpause(r.domid)) < 0)
        return xl_report(CMD, "restored, but cannot unpause it", rc);
    return XL_EXIT_OK;
}
