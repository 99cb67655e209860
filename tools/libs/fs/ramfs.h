/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control domain's RAM filesystem.  At start it holds the boot modules
 * whose command line is `file <path>` (public/xen.h: the hypervisor maps
 * them into the control domain and lists them in its start info); files
 * can be created and replaced (saved domains go here), all in memory.
 * Paths are absolute, '/'-separated; directories exist implicitly.
 */
#ifndef RAMFS_H
#define RAMFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/xen.h>

#define RAMFS_PATH_MAX 128

struct ramfs_file {
    char path[RAMFS_PATH_MAX];
    const void *data;
    size_t size;
};

/* Take the files among the boot modules; returns how many, or -errno. */
int ramfs_init(const struct start_info *si);

/* The file at path, or NULL. */
const struct ramfs_file *ramfs_lookup(const char *path);

/* Create or replace path with a copy of size bytes; 0 or -errno. */
int ramfs_write(const char *path, const void *data, size_t size);

/*
 * Create or replace path with the size bytes at data, a malloc()ed buffer
 * the filesystem takes over (and frees when the file is replaced or
 * removed); 0, or -errno with data still the caller's.
 */
int ramfs_adopt(const char *path, void *data, size_t size);

/*
 * Whether a file can be written at path: 0, -EINVAL (not a well-formed
 * path) or -EEXIST (a directory of other files, or under a file).
 */
int ramfs_check(const char *path);

/* Remove path; 0 or -ENOENT. */
int ramfs_remove(const char *path);

/*
 * Call fn for each file under directory dir ("/" for all), in path order.
 * Returns the number of files visited.
 */
int ramfs_list(const char *dir, void (*fn)(const struct ramfs_file *f,
                                           void *ctx), void *ctx);

#endif /* RAMFS_H */
