/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain configuration files in the spirit of xl.cfg(5): `key = value`
 * lines, where a value is an integer, a "double" or 'single' quoted string
 * or a list `[ "a", "b" ]` that may span lines; `#` starts a comment.
 * xlcfg_parse() keeps every setting in a generic list (so that device keys
 * added later -- device_model= -- are read by name with xlcfg_find()) and
 * checks the keys a domain needs, and its display (vga=, videoram=), into
 * typed fields.
 *
 * Portable C: no allocation, no globals, no printing.  Everything lives in
 * the caller's struct xlcfg; errors and warnings are `file:line: message`
 * text.  The same file is built into the control domain's xl and into host
 * unit tests (tools/tests/tools-unit).  docs/man/xl.cfg.5.md is the user's
 * description of the syntax and the keys.
 */
#ifndef XLCFG_H
#define XLCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XLCFG_NAME_MAX     64   /* name, NUL included (XEN_DOMAIN_NAME_LEN) */
#define XLCFG_PATH_MAX     128  /* kernel, NUL included (RAMFS_PATH_MAX) */
#define XLCFG_EXTRA_MAX    256  /* extra, NUL included (domctl cmdline) */
#define XLCFG_KEY_MAX      32   /* a key, NUL included */
#define XLCFG_ENTRIES_MAX  64   /* settings in one file */
#define XLCFG_ITEMS_MAX    64   /* list items, all lists together */
#define XLCFG_POOL_SIZE    4096 /* keys and strings, NULs included */
#define XLCFG_WARNINGS_MAX 512  /* warning text, newline-separated */
#define XLCFG_MEMORY_MIN   2u             /* MiB: the least a domain is built with */
#define XLCFG_MEMORY_MAX   (1024u * 1024) /* MiB: 1 TiB, the hypervisor's cap */
#define XLCFG_VCPUS_MAX    32 /* vcpu_info slots in the shared info page */
#define XLCFG_RDM_MAX      8  /* rdm ranges (XEN_DOMCTL_MAX_RDM) */
#define XLCFG_VIDEORAM_MIN     1  /* MiB */
#define XLCFG_VIDEORAM_MAX     64 /* MiB: a physmap region's largest */
#define XLCFG_VIDEORAM_DEFAULT 8  /* MiB */

enum xlcfg_type {
    XLCFG_INT,
    XLCFG_STRING,
    XLCFG_LIST,
};

/* A value: an integer, a string, or a list of items (ints or strings). */
struct xlcfg_value {
    enum xlcfg_type type;
    int64_t number;          /* XLCFG_INT */
    const char *string;      /* XLCFG_STRING, NUL-terminated */
    unsigned int first_item; /* XLCFG_LIST: index into xlcfg.items */
    unsigned int item_count;
};

/* One `key = value` setting, in file order. */
struct xlcfg_entry {
    const char *key;
    unsigned int line; /* where the key is */
    struct xlcfg_value value;
};

enum xlcfg_on_crash {
    XLCFG_ON_CRASH_DESTROY,
    XLCFG_ON_CRASH_PRESERVE,
};

/* vga = "...": the emulated display, if any (public/io/bankvga.h). */
enum xlcfg_vga {
    XLCFG_VGA_NONE,
    XLCFG_VGA_BANKVGA,
};

struct xlcfg {
    /* The domain keys, checked; filled by a successful xlcfg_parse(). */
    char name[XLCFG_NAME_MAX];
    uint64_t memory_mib;
    uint32_t vcpus;
    char kernel[XLCFG_PATH_MAX];
    char extra[XLCFG_EXTRA_MAX];
    enum xlcfg_on_crash on_crash;
    uint32_t mmio_hole_mib;    /* 0: absent, the hypervisor's default */
    unsigned int nr_rdm;       /* reserved ranges (rdm = [...]) */
    struct xlcfg_range {
        uint64_t first_gfn;
        uint64_t nr_frames;
    } rdm[XLCFG_RDM_MAX];
    enum xlcfg_vga vga;
    uint32_t videoram_mib;     /* with a vga: its VRAM (default 8) */

    /* Every setting; for a repeated key the last one counts. */
    unsigned int entry_count;
    struct xlcfg_entry entries[XLCFG_ENTRIES_MAX];
    unsigned int item_count;
    struct xlcfg_value items[XLCFG_ITEMS_MAX];

    /* Non-fatal problems, `file:line: warning: ...\n` each. */
    unsigned int warning_count;
    char warnings[XLCFG_WARNINGS_MAX];

    /* Storage for keys and strings. */
    size_t pool_used;
    char pool[XLCFG_POOL_SIZE];
};

/*
 * Parse len bytes of text (need not be NUL-terminated) from the file
 * called file (used in messages only) into *cfg.  Returns 0, or -1 with
 * `file:line: what is wrong` (or `file: ...` when no one line is to blame)
 * in err, NUL-terminated and truncated to err_size.
 */
int xlcfg_parse(struct xlcfg *cfg, const char *file, const char *text,
                size_t len, char *err, size_t err_size);

/* The last setting of key, or NULL. */
const struct xlcfg_entry *xlcfg_find(const struct xlcfg *cfg, const char *key);

/* Item i of a list value, or NULL if v is not a list or i is too big. */
const struct xlcfg_value *xlcfg_list_item(const struct xlcfg *cfg,
                                          const struct xlcfg_value *v,
                                          unsigned int i);

/* The string or integer setting of key: true if set with that type. */
bool xlcfg_get_string(const struct xlcfg *cfg, const char *key,
                      const char **out);
bool xlcfg_get_int(const struct xlcfg *cfg, const char *key, int64_t *out);

/* "destroy" or "preserve". */
const char *xlcfg_on_crash_name(enum xlcfg_on_crash action);

/* "none" or "bankvga". */
const char *xlcfg_vga_name(enum xlcfg_vga vga);

#endif /* XLCFG_H */
