/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `xl create [-c] CONFIG`: read a domain config from the RAM filesystem
 * (a relative name is looked up in /etc/xen/, as Xen's xl does), parse it
 * (tools/libs/xlcfg), read the kernel it names from the same filesystem
 * and ask the hypervisor to build the domain.  Every failure says which
 * file, which line or which refusal.
 */
#include <ramfs.h> /* tools/libs/fs */
#include <xlcfg.h> /* tools/libs/xlcfg */

#include "xl_internal.h"

#define XL_CONFIG_DIR "/etc/xen/"

_Static_assert(XLCFG_RDM_MAX == XEN_DOMCTL_MAX_RDM, "rdm ranges");

/* CONFIG as typed to the path to open, in path[RAMFS_PATH_MAX]. */
static int xl_config_path(const char *config, char *path)
{
    int n;

    if (config[0] == '/')
        n = snprintf(path, RAMFS_PATH_MAX, "%s", config);
    else
        n = snprintf(path, RAMFS_PATH_MAX, "%s%s", XL_CONFIG_DIR, config);
    if (n >= RAMFS_PATH_MAX) {
        printf("xl: create: config path too long: %s\n", config);
        return XL_EXIT_FAIL;
    }
    return XL_EXIT_OK;
}

/* Print the parser's warnings, one per line as it wrote them. */
static void xl_print_warnings(const struct xlcfg *cfg)
{
    if (cfg->warning_count)
        printf("%s", cfg->warnings);
}

/* Explain a refusal of createdomain in the config's terms. */
static int xl_create_refused(const struct xlcfg *cfg, long rc)
{
    const char *hint = "";

    switch (rc) {
    case -XEN_ENOMEM:
        hint = " (not enough free memory: see `xl info`)";
        break;
    case -XEN_E2BIG:
        hint = " (the kernel image is too big)";
        break;
    case -XEN_ENOEXEC:
        hint = " (the kernel is not a valid ELF64 image)";
        break;
    case -XEN_ENOSPC:
        hint = " (no free domain id)";
        break;
    case -XEN_EEXIST:
        hint = " (a domain of that name exists)";
        break;
    case -XEN_EINVAL:
        hint = " (see `xl dmesg` for why)";
        break;
    }
    printf("xl: create: the hypervisor refused to create domain '%s': "
           "%s (%ld)%s\n",
           cfg->name, util_strerror((int)rc), rc, hint);
    return XL_EXIT_FAIL;
}

/*
 * device_model_domid = N: the domain that serves this one's I/O
 * (dm_op), DOMID_INVALID if the key is absent -- or 0, the control
 * domain, for a domain with a vga, whose device model runs there.  False,
 * with a message, if it is not a domain id, or another one with a vga.
 */
static bool xl_create_dm_domid(const char *path, const struct xlcfg *cfg,
                               domid_t *dm)
{
    const struct xlcfg_entry *key = xlcfg_find(cfg, "device_model_domid");
    bool vga = cfg->vga != XLCFG_VGA_NONE;
    int64_t v;

    *dm = vga ? 0 : DOMID_INVALID;
    if (key && vga && (!xlcfg_get_int(cfg, "device_model_domid", &v) || v)) {
        printf("%s:%u: the vga's device model runs in the control domain: "
               "device_model_domid must be 0 or absent\n", path, key->line);
        return false;
    }
    if (!key)
        return true;
    if (!xlcfg_get_int(cfg, "device_model_domid", &v) || v < 0 ||
        v >= DOMID_FIRST_RESERVED) {
        printf("%s:%u: device_model_domid must be a domain id (0-%u)\n",
               path, key->line, DOMID_FIRST_RESERVED - 1);
        return false;
    }
    *dm = (domid_t)v;
    return true;
}

/* Build the domain cfg describes; its id in *domid. */
static int xl_create_domain(const char *path, const struct xlcfg *cfg,
                            domid_t *domid)
{
    const struct xlcfg_entry *kernel_key = xlcfg_find(cfg, "kernel");
    const struct ramfs_file *kernel = ramfs_lookup(cfg->kernel);
    static struct xen_domctl_rdm rdm[XLCFG_RDM_MAX];
    struct xc_dominfo other;
    struct xc_domain_spec spec = {
        .name = cfg->name,
        .memory_pages = cfg->memory_mib << (20 - XEN_PAGE_SHIFT),
        .vcpus = cfg->vcpus,
        .dm_domid = DOMID_INVALID,
        .on_crash = cfg->on_crash == XLCFG_ON_CRASH_PRESERVE
                        ? XEN_DOMCTL_ON_CRASH_PRESERVE
                        : XEN_DOMCTL_ON_CRASH_DESTROY,
        .cmdline = cfg->extra,
        .mmio_hole_mib = cfg->mmio_hole_mib,
        .nr_rdm = cfg->nr_rdm,
        .rdm = rdm,
    };
    long rc;

    if (!kernel) {
        printf("%s:%u: kernel %s: %s\n", path, kernel_key->line, cfg->kernel,
               util_strerror(-XEN_ENOENT));
        return XL_EXIT_FAIL;
    }
    if (!kernel->size) {
        printf("%s:%u: kernel %s is empty\n", path, kernel_key->line,
               cfg->kernel);
        return XL_EXIT_FAIL;
    }
    if (!xl_create_dm_domid(path, cfg, &spec.dm_domid))
        return XL_EXIT_FAIL;
    if (xl_lookup_name(cfg->name, &other) > 0) {
        printf("xl: create: domain '%s' already exists (id %u)\n", cfg->name,
               (unsigned int)other.domid);
        return XL_EXIT_FAIL;
    }
    for (unsigned int i = 0; i < cfg->nr_rdm; i++)
        rdm[i] = (struct xen_domctl_rdm){cfg->rdm[i].first_gfn,
                                         cfg->rdm[i].nr_frames};
    spec.kernel = kernel->data;
    spec.kernel_size = kernel->size;
    if ((rc = xc_domain_create(&spec, domid)) < 0)
        return xl_create_refused(cfg, rc);
    if (cfg->vga == XLCFG_VGA_BANKVGA)
        return xl_vga_start(cfg->name, *domid, cfg->videoram_mib);
    return XL_EXIT_OK;
}

/* Parse the args into *config and *attach; true: return *rc at once. */
static bool xl_create_args(int argc, char **argv, const char **config,
                           bool *attach, int *rc)
{
    *config = NULL;
    *attach = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            xl_print_usage(xl_find_command("create"));
            *rc = XL_EXIT_OK;
            return true;
        } else if (!strcmp(argv[i], "-c")) {
            *attach = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            *rc = xl_usage_error("create", "unknown option", argv[i]);
            return true;
        } else if (*config) {
            *rc = xl_usage_error("create", "unexpected argument", argv[i]);
            return true;
        } else {
            *config = argv[i];
        }
    }
    if (!*config) {
        *rc = xl_usage_error("create", "missing CONFIG", NULL);
        return true;
    }
    return false;
}

int xl_cmd_create(int argc, char **argv)
{
    static struct xlcfg cfg;
    static char path[RAMFS_PATH_MAX], err[256];
    const struct ramfs_file *f;
    const char *config;
    bool attach;
    domid_t domid;
    int rc;

    if (xl_create_args(argc, argv, &config, &attach, &rc))
        return rc;
    if ((rc = xl_config_path(config, path)))
        return rc;
    printf("Parsing config from %s\n", path);
    if (!(f = ramfs_lookup(path))) {
        printf("xl: create: cannot open %s: %s\n", path,
               util_strerror(-XEN_ENOENT));
        return XL_EXIT_FAIL;
    }
    rc = xlcfg_parse(&cfg, path, f->data, f->size, err, sizeof(err));
    xl_print_warnings(&cfg);
    if (rc < 0) {
        printf("%s\n", err);
        return XL_EXIT_FAIL;
    }
    if ((rc = xl_create_domain(path, &cfg, &domid)))
        return rc;
    if (attach)
        return xl_console_attach("create", domid, cfg.name);
    return XL_EXIT_OK;
}
