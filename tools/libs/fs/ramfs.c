/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control domain's RAM filesystem (ramfs.h).  A file is a node in a
 * list kept in path order, so listing is a walk and a lookup's pointer
 * stays valid until that very file is removed.  Files from boot modules
 * point straight into the module the hypervisor mapped for us (no copy;
 * the memory is never freed); files written later own a malloc'd copy.
 *
 * A path is absolute, made of '/'-separated non-empty components that are
 * neither "." nor "..", with no control characters and no trailing '/'.
 * Directories are implied by the files under them, so a file may not
 * share its path with a directory, nor sit "under" another file.
 */
#include <guest.h>
#include <public/errno.h>

#include "ramfs.h"

struct ramfs_node {
    struct ramfs_file file;
    bool owned; /* file.data is ours to free */
    struct ramfs_node *next;
};

static struct ramfs_node *ramfs_files;

/* 0 if path is a well-formed file path, -XEN_EINVAL otherwise. */
static int ramfs_check_path(const char *path)
{
    size_t len = strnlen(path, RAMFS_PATH_MAX);
    const char *c;

    if (path[0] != '/' || len == RAMFS_PATH_MAX || path[len - 1] == '/')
        return -XEN_EINVAL;
    for (c = path; *c; c++) {
        if (!isprint(*c))
            return -XEN_EINVAL;
        if (*c != '/')
            continue;
        if (c[1] == '/' || (c[1] == '.' && (c[2] == '/' || !c[2])) ||
            (c[1] == '.' && c[2] == '.' && (c[3] == '/' || !c[3])))
            return -XEN_EINVAL;
    }
    return 0;
}

/* True if path lies under directory dir ("/" holds everything). */
static bool ramfs_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);

    while (n > 1 && dir[n - 1] == '/')
        n--; /* "/boot/" is "/boot" */
    if (n == 1 && dir[0] == '/')
        return true;
    return !strncmp(path, dir, n) && path[n] == '/';
}

/*
 * The node for path, or NULL; *link is where a node for path goes (or
 * the link to the one found).  -XEN_EEXIST in *conflict if path is a
 * directory of other files or lies under a file.
 */
static struct ramfs_node *ramfs_find(const char *path,
                                     struct ramfs_node ***link, int *conflict)
{
    struct ramfs_node **l = &ramfs_files, *n;
    int cmp;

    *conflict = 0;
    for (; (n = *l); l = &n->next) {
        if (ramfs_under(n->file.path, path) || ramfs_under(path, n->file.path))
            *conflict = -XEN_EEXIST;
        if ((cmp = strcmp(n->file.path, path)) >= 0)
            break;
    }
    *link = l;
    if (n && !cmp)
        return n;
    /* A file further on may still lie under path ("/a/b" after "/a"). */
    for (struct ramfs_node *m = n; m && !*conflict; m = m->next)
        if (ramfs_under(m->file.path, path))
            *conflict = -XEN_EEXIST;
    return NULL;
}

/* Put data (owned or not) at path, replacing a file already there. */
static int ramfs_put(const char *path, const void *data, size_t size,
                     bool owned)
{
    struct ramfs_node **link, *n;
    int rc;

    if ((rc = ramfs_check_path(path)) < 0)
        return rc;
    if ((n = ramfs_find(path, &link, &rc))) {
        if (n->owned)
            free((void *)n->file.data);
    } else if (rc < 0) {
        return rc;
    } else {
        if (!(n = calloc(1, sizeof(*n))))
            return -XEN_ENOMEM;
        strlcpy(n->file.path, path, sizeof(n->file.path));
        n->next = *link;
        *link = n;
    }
    n->file.data = data;
    n->file.size = size;
    n->owned = owned;
    return 0;
}

/* The path of a `file <path>` module command line into path, or false. */
static bool ramfs_module_path(const char *cmdline, char *path)
{
    const char *p = cmdline, *end;

    while (*p == ' ')
        p++;
    if (strncmp(p, "file ", 5))
        return false;
    for (p += 5; *p == ' '; p++)
        ;
    for (end = p; *end && *end != ' '; end++)
        ;
    if ((size_t)(end - p) >= RAMFS_PATH_MAX)
        return false;
    memcpy(path, p, end - p);
    path[end - p] = '\0';
    return true;
}

int ramfs_init(const struct start_info *si)
{
    const struct xen_module_info *mods =
        (const struct xen_module_info *)(uintptr_t)(si->mod_list_gfn
                                                    << PAGE_SHIFT);
    char path[RAMFS_PATH_MAX], cmdline[sizeof(mods->cmdline) + 1];
    int count = 0, rc;

    for (uint32_t i = 0; i < si->nr_modules && i < XEN_MAX_MODULES; i++) {
        memcpy(cmdline, mods[i].cmdline, sizeof(mods[i].cmdline));
        cmdline[sizeof(mods[i].cmdline)] = '\0';
        if (!ramfs_module_path(cmdline, path))
            continue;
        if (ramfs_lookup(path))
            printf("ramfs: module %u: %s given twice; the last one counts\n",
                   i, path);
        rc = ramfs_put(path, (const void *)(uintptr_t)(mods[i].gfn
                                                       << PAGE_SHIFT),
                       mods[i].size, false);
        if (rc == -XEN_ENOMEM)
            return rc;
        if (rc < 0)
            printf("ramfs: module %u: bad path '%s' (%d); skipped\n", i,
                   path, rc);
        else
            count++;
    }
    return count;
}

const struct ramfs_file *ramfs_lookup(const char *path)
{
    struct ramfs_node **link, *n;
    int conflict;

    if (ramfs_check_path(path) < 0)
        return NULL;
    n = ramfs_find(path, &link, &conflict);
    return n ? &n->file : NULL;
}

int ramfs_write(const char *path, const void *data, size_t size)
{
    void *copy = malloc(size);
    int rc;

    if (!copy)
        return -XEN_ENOMEM;
    memcpy(copy, data, size);
    if ((rc = ramfs_put(path, copy, size, true)) < 0)
        free(copy);
    return rc;
}

int ramfs_adopt(const char *path, void *data, size_t size)
{
    return ramfs_put(path, data, size, true);
}

int ramfs_check(const char *path)
{
    struct ramfs_node **link;
    int rc;

    if ((rc = ramfs_check_path(path)) < 0)
        return rc;
    return ramfs_find(path, &link, &rc) ? 0 : rc;
}

int ramfs_remove(const char *path)
{
    struct ramfs_node **link, *n;
    int conflict;

    if (ramfs_check_path(path) < 0 || !(n = ramfs_find(path, &link, &conflict)))
        return -XEN_ENOENT;
    *link = n->next;
    if (n->owned)
        free((void *)n->file.data);
    free(n);
    return 0;
}

int ramfs_list(const char *dir, void (*fn)(const struct ramfs_file *f,
                                           void *ctx), void *ctx)
{
    const struct ramfs_node *n;
    int count = 0;

    for (n = ramfs_files; n; n = n->next)
        if (ramfs_under(n->file.path, dir)) {
            fn(&n->file, ctx);
            count++;
        }
    return count;
}
