/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shell's file commands over the RAM filesystem (tools/libs/fs):
 * `ls` prints each file's path and size, `cat` prints text files (a file
 * with NUL bytes is taken for binary and not sent to the terminal).
 */
#include <guest.h>
#include <ramfs.h>

#include "shell.h"

static void files_print(const struct ramfs_file *f, void *ctx)
{
    printf("%-40s %10lu\n", f->path, (unsigned long)f->size);
}

/* `ls [DIR|FILE]`: the files under DIR ("/" by default), or FILE. */
int shell_cmd_ls(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/";
    const struct ramfs_file *f;

    if (argc > 2) {
        printf("Usage: ls [DIR|FILE]\n");
        return 2;
    }
    if ((f = ramfs_lookup(dir))) {
        files_print(f, NULL);
        return 0;
    }
    if (dir[0] != '/') {
        printf("ls: %s: paths start with '/'\n", dir);
        return 1;
    }
    if (!ramfs_list(dir, files_print, NULL) && strcmp(dir, "/")) {
        printf("ls: %s: No such file or directory\n", dir);
        return 1;
    }
    return 0;
}

/* Count the files under a path: a directory has some. */
static void files_count(const struct ramfs_file *f, void *ctx)
{
    (*(unsigned int *)ctx)++;
}

static int files_cat_one(const char *path)
{
    const struct ramfs_file *f = ramfs_lookup(path);
    unsigned int under = 0;
    const char *data;

    if (!f) {
        if (path[0] == '/')
            ramfs_list(path, files_count, &under);
        printf("cat: %s: %s\n", path,
               under ? "Is a directory" : "No such file or directory");
        return 1;
    }
    data = f->data;
    if (memchr(data, '\0', f->size)) {
        printf("cat: %s: binary file (%lu bytes) not shown\n", path,
               (unsigned long)f->size);
        return 1;
    }
    for (size_t done = 0; done < f->size;) {
        size_t n = f->size - done < 4096 ? f->size - done : 4096;

        console_write(data + done, n);
        done += n;
    }
    if (f->size && data[f->size - 1] != '\n')
        console_write("\n", 1);
    return 0;
}

/* `cat FILE...` */
int shell_cmd_cat(int argc, char **argv)
{
    int rc = 0;

    if (argc < 2) {
        printf("Usage: cat FILE...\n");
        return 2;
    }
    for (int i = 1; i < argc; i++)
        rc |= files_cat_one(argv[i]);
    return rc;
}
