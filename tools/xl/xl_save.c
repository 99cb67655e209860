/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `xl save [-c|-p] DOM FILE`: the domain's memory and state into FILE in
 * the RAM filesystem, as a save file in the live-update stream's format
 * (docs/designs/save-restore.md), then the domain is destroyed -- or,
 * with -c, left running, with -p left paused.
 *
 * The domain is paused while the hypervisor writes the file: it is sized
 * first, then the whole of it is allocated (a RAM filesystem that has no
 * room for it fails here, before anything is written), then fetched a
 * piece at a time straight into that buffer, which becomes the file.
 * Whatever fails, the domain is unpaused and left as it was, and a file
 * FILE had before stays.
 *
 * The hypervisor's file ends at END; the state of the domain's device
 * models in dom0 (the VGA's registers) is then appended to it, as
 * DM_STATE records, in room taken for it at the start (xl_dm.c).
 */
#include "xl_internal.h"

#define CMD "save"
#define XL_SAVE_TRIES 3 /* the file changed while it was fetched: again */

enum xl_save_after { XL_SAVE_DESTROY, XL_SAVE_RUN, XL_SAVE_PAUSED };

struct xl_save_args {
    const char *dom, *path;
    enum xl_save_after after;
};

/* 0 with *a filled, or the status of a usage error (already printed). */
static int xl_save_parse(int argc, char **argv, struct xl_save_args *a)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "-p")) {
            if (a->after != XL_SAVE_DESTROY)
                return xl_usage_error(CMD, "-c and -p exclude each other",
                                      NULL);
            a->after = argv[i][1] == 'c' ? XL_SAVE_RUN : XL_SAVE_PAUSED;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return xl_usage_error(CMD, "unknown option", argv[i]);
        } else if (!a->dom) {
            a->dom = argv[i];
        } else if (!a->path) {
            a->path = argv[i];
        } else {
            return xl_usage_error(CMD, "unexpected argument", argv[i]);
        }
    }
    if (!a->path)
        return xl_usage_error(CMD, a->dom ? "missing FILE" : "missing DOM",
                              NULL);
    return XL_EXIT_OK;
}

/* The hypervisor refused: its reason, and the errno's. */
static int xl_save_refused(const struct xc_dominfo *d, const char *what,
                           int rc, const char *why)
{
    printf("xl: " CMD ": %s (%u): %s: %s%s%s (%d)\n", d->name,
           (unsigned int)d->domid, what, why, why[0] ? ": " : "",
           util_strerror(rc), rc);
    return XL_EXIT_FAIL;
}

/*
 * Fetch the file of *total bytes into buf, whole records a call.  -EAGAIN
 * if it changed size or shape meanwhile.
 */
static int xl_save_fetch(const struct xc_dominfo *d, uint8_t *buf,
                         uint64_t total, char *why)
{
    uint64_t offset = 0, next, now;
    int rc;

    while (offset < total) {
        rc = xc_domain_save(d->domid, buf + offset, total - offset, offset,
                            &next, &now, why);
        if (rc < 0)
            return rc;
        if (now != total || next <= offset)
            return -XEN_EAGAIN;
        offset = next;
    }
    return 0;
}

/*
 * Room for the file of size bytes and extra more, in whole pages (the
 * codec appends a page at a time); NULL, said, if the RAM filesystem has
 * none.
 */
static void *xl_save_room(const struct xl_save_args *a,
                          const struct xc_dominfo *d, uint64_t size,
                          uint64_t extra, uint64_t *cap)
{
    void *file = NULL;

    *cap = (size + extra + XEN_PAGE_SIZE - 1) & ~(uint64_t)(XEN_PAGE_SIZE - 1);
    if (*cap <= SIZE_MAX)
        file = malloc((size_t)*cap);
    if (!file)
        printf("xl: " CMD ": %s: no room in the RAM filesystem for the "
               "save file of %s (%lu MiB); %s goes on as it was\n",
               a->path, d->name, (unsigned long)(*cap >> 20), d->name);
    return file;
}

/*
 * The hypervisor's save file of the paused domain, into a new buffer
 * with room for extra bytes more (*cap in all); 0 or -errno, said.
 */
static int xl_save_fetch_file(const struct xl_save_args *a,
                              const struct xc_dominfo *d, uint64_t extra,
                              void **file, uint64_t *size, uint64_t *cap)
{
    char why[XEN_DOMCTL_MESSAGE_LEN];
    uint64_t next;
    int rc = -XEN_EAGAIN;

    for (int i = 0; i < XL_SAVE_TRIES && rc == -XEN_EAGAIN; i++) {
        if ((rc = xc_domain_save(d->domid, NULL, 0, 0, &next, size, why)) < 0)
            return xl_save_refused(d, "cannot be saved", rc, why), rc;
        if (!(*file = xl_save_room(a, d, *size, extra, cap)))
            return -XEN_ENOMEM;
        if ((rc = xl_save_fetch(d, *file, *size, why)) < 0) {
            free(*file);
            *file = NULL;
        }
    }
    if (rc < 0)
        xl_save_refused(d, "the save failed", rc,
                        rc == -XEN_EAGAIN ? "it kept changing" : why);
    return rc;
}

/*
 * The save file of the paused domain, its device models' state (if dom0
 * runs any for it) appended, into a new buffer; 0 or -errno, said.
 */
static int xl_save_write(const struct xl_save_args *a,
                         const struct xc_dominfo *d, void **file,
                         uint64_t *size)
{
    static struct dmstates dms; /* up to 32 KiB: not on the stack */
    char why[DMSTATE_ERR_LEN];
    uint64_t cap;
    int rc;

    if ((rc = xl_dm_save(d->domid, &dms, why, sizeof(why))) < 0)
        return xl_save_refused(d, "the save failed", rc, why), rc;
    if ((rc = xl_save_fetch_file(a, d, dmstate_bytes(dms.s, dms.nr), file,
                                 size, &cap)) < 0)
        return rc;
    if (dms.nr &&
        (rc = dmstate_append(*file, size, cap, dms.s, dms.nr, why)) < 0) {
        xl_save_refused(d, "the save failed: its device models' state "
                        "cannot be added", rc, why);
        free(*file);
        *file = NULL;
    }
    return rc;
}

/* Once the file is safe: destroy the domain, or let it run, or not. */
static int xl_save_after(const struct xl_save_args *a,
                         const struct xc_dominfo *d)
{
    int rc = 0;

    if (a->after == XL_SAVE_DESTROY)
        rc = xl_destroy_domain(d->domid);
    else if (a->after == XL_SAVE_RUN)
        rc = xc_domain_unpause(d->domid);
    if (rc < 0)
        return xl_report(CMD, a->after == XL_SAVE_DESTROY
                                  ? "saved, but cannot destroy it"
                                  : "saved, but cannot unpause it", rc);
    return XL_EXIT_OK;
}

int xl_cmd_save(int argc, char **argv)
{
    struct xl_save_args a = {0};
    struct xc_dominfo d;
    void *file = NULL;
    uint64_t size;
    int rc;

    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            xl_print_usage(xl_find_command(CMD));
            return XL_EXIT_OK;
        }
    if ((rc = xl_save_parse(argc, argv, &a)) ||
        (rc = xl_resolve_domain(CMD, a.dom, &d)))
        return rc;
    if (d.flags & XEN_DOMINF_privileged) {
        printf("xl: " CMD ": cannot save %s (%u), the control domain\n",
               d.name, (unsigned int)d.domid);
        return XL_EXIT_FAIL;
    }
    if ((rc = ramfs_check(a.path)) < 0) {
        printf("xl: " CMD ": %s: %s\n", a.path,
               rc == -XEN_EEXIST ? "a directory, or under a file"
                                 : "not a file path (absolute, no . or ..)");
        return XL_EXIT_FAIL;
    }
    if ((rc = xc_domain_pause(d.domid)) < 0)
        return xl_report(CMD, "cannot pause the domain", rc);
    if (xl_save_write(&a, &d, &file, &size) < 0 ||
        (rc = ramfs_adopt(a.path, file, (size_t)size)) < 0) {
        if (file && rc < 0)
            xl_report(CMD, a.path, rc);
        free(file);
        xc_domain_unpause(d.domid);
        return XL_EXIT_FAIL;
    }
    printf("Saved %s (%u) to %s: %lu MiB of memory, %lu bytes\n", d.name,
           (unsigned int)d.domid, a.path,
           (unsigned long)(d.tot_pages >> (20 - XEN_PAGE_SHIFT)),
           (unsigned long)size);
    return xl_save_after(&a, &d);
}
