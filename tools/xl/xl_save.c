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

/* The save file of the paused domain, into a new buffer; 0 or -errno. */
static int xl_save_write(const struct xl_save_args *a,
                         const struct xc_dominfo *d, void **file,
                         uint64_t *size)
{
    char why[XEN_DOMCTL_MESSAGE_LEN];
    uint64_t next;
    int rc = -XEN_EAGAIN;

    for (int i = 0; i < XL_SAVE_TRIES && rc == -XEN_EAGAIN; i++) {
        if ((rc = xc_domain_save(d->domid, NULL, 0, 0, &next, size, why)) < 0)
            return xl_save_refused(d, "cannot be saved", rc, why), rc;
        if (*size > SIZE_MAX || !(*file = malloc((size_t)*size))) {
            printf("xl: " CMD ": %s: no room in the RAM filesystem for the "
                   "save file of %s (%lu MiB); %s goes on as it was\n",
                   a->path, d->name, (unsigned long)(*size >> 20), d->name);
            return -XEN_ENOMEM;
        }
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

/* Once the file is safe: destroy the domain, or let it run, or not. */
static int xl_save_after(const struct xl_save_args *a,
                         const struct xc_dominfo *d)
{
    int rc = 0;

    if (a->after == XL_SAVE_DESTROY)
        rc = xc_domain_destroy(d->domid);
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
