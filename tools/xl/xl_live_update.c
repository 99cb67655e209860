/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `xl live-update [--dry-run] [--append OPTIONS] [--timeout MS] IMAGE`:
 * replace the running hypervisor with the multiboot2 image IMAGE from the
 * RAM filesystem while every domain keeps running
 * (docs/designs/live-update.md).  The image, and the options appended to
 * its command line, are loaded and checked first, with nothing stopped;
 * then executed, the domains given MS milliseconds to reach a safe point.
 * This very process carries on in the new hypervisor: the exec hypercall
 * returns 0 there.  A dry run does everything up to the jump, has the
 * hypervisor read its stream back, and resumes.  Each phase is printed
 * with its duration.
 */
#include "xl_internal.h"

#define CMD "live-update"

struct xl_lu_args {
    const char *image;
    const char *append;  /* NULL: none */
    uint32_t timeout_ms; /* 0: the hypervisor's default */
    bool dry_run;
};

/* "N" or "N to M", for a range of versions. */
static const char *xl_lu_range(char *buf, size_t size, unsigned int min,
                               unsigned int max)
{
    if (min == max)
        snprintf(buf, size, "%u", min);
    else
        snprintf(buf, size, "%u to %u", min, max);
    return buf;
}

/* The image reads none of the versions the hypervisor writes. */
static void xl_lu_stream_refused(const char *path,
                                 const struct xen_kexec_lu_load *r)
{
    char stream[32], crumb[32];

    printf("xl: " CMD ": %s reads live-update stream version %s and "
           "breadcrumb version %s; this hypervisor writes stream version %u "
           "and breadcrumb version %u\n", path,
           xl_lu_range(stream, sizeof(stream), r->reads_stream_min,
                       r->reads_stream_max),
           xl_lu_range(crumb, sizeof(crumb), r->reads_breadcrumb_min,
                       r->reads_breadcrumb_max),
           r->writes_stream, r->writes_breadcrumb);
}

/*
 * The image serves other control interface versions than this toolstack
 * speaks -- the hypervisor compared them with its own, which are these,
 * or this toolstack could not talk to it -- so after the update this
 * toolstack would be locked out of it.
 */
static void xl_lu_interfaces_refused(const char *path,
                                     const struct xen_kexec_lu_load *r)
{
    const struct {
        const char *name;
        uint32_t image, ours;
    } ifs[] = {
        {"domctl", r->serves_domctl, XEN_DOMCTL_INTERFACE_VERSION},
        {"sysctl", r->serves_sysctl, XEN_SYSCTL_INTERFACE_VERSION},
        {"kexec_op", r->serves_kexec, XEN_KEXEC_INTERFACE_VERSION},
    };
    char what[256] = "";
    size_t len = 0;

    for (size_t i = 0; i < ARRAY_SIZE(ifs); i++)
        if (ifs[i].image != ifs[i].ours && len < sizeof(what))
            len += snprintf(what + len, sizeof(what) - len,
                            "%s%s interface version %u (this hypervisor and "
                            "toolstack: %u)", len ? ", " : "", ifs[i].name,
                            ifs[i].image, ifs[i].ours);
    printf("xl: " CMD ": %s serves %s: this toolstack could not control it "
           "after the update\n", path,
           len ? what : "other control interface versions (see `xl dmesg`)");
}

/*
 * -EPROTONOSUPPORT: the image does not read what the hypervisor writes,
 * or does not serve the control interfaces it serves, or is too old to
 * say (its interface versions 0); the hypervisor checks in that order.
 */
static void xl_lu_versions_refused(const char *path,
                                   const struct xen_kexec_lu_load *r)
{
    if (r->writes_stream < r->reads_stream_min ||
        r->writes_stream > r->reads_stream_max ||
        r->writes_breadcrumb < r->reads_breadcrumb_min ||
        r->writes_breadcrumb > r->reads_breadcrumb_max)
        xl_lu_stream_refused(path, r);
    else if (!r->serves_domctl && !r->serves_sysctl && !r->serves_kexec)
        printf("xl: " CMD ": %s does not say which domctl, sysctl and "
               "kexec_op interface versions it serves: an older build, which "
               "this toolstack might not control (see `xl dmesg`)\n", path);
    else
        xl_lu_interfaces_refused(path, r);
}

/* The hypervisor refused the options to append (-EINVAL, -ENAMETOOLONG). */
static int xl_lu_append_refused(int rc)
{
    if (rc == -XEN_EINVAL)
        printf("xl: " CMD ": --append: the options must be printable ASCII, "
               "close their quotes and leave liveupdate= to the update (see "
               "`xl dmesg`)\n");
    else
        printf("xl: " CMD ": --append: too long: at most %u bytes, and the "
               "new hypervisor's whole command line must fit (see `xl "
               "dmesg`)\n", KEXEC_LU_APPEND_MAX);
    return XL_EXIT_FAIL;
}

/* The hypervisor refused the load: say why in the user's terms. */
static int xl_lu_load_refused(const struct xl_lu_args *a, int rc,
                              const struct xen_kexec_lu_load *r)
{
    const char *path = a->image;

    if (a->append && (rc == -XEN_EINVAL || rc == -XEN_ENAMETOOLONG))
        return xl_lu_append_refused(rc);
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
        printf("xl: " CMD ": %s is too big for the reserved region, with "
               "the boot memory it needs there (see `xl dmesg`)\n", path);
        break;
    case -XEN_ENOMEM:
        printf("xl: " CMD ": the hypervisor cannot stage %s: out of memory, "
               "or more RAM than its handover can map (see `xl dmesg`)\n",
               path);
        break;
    case -XEN_EOPNOTSUPP:
        printf("xl: " CMD ": %s does not say which live-update stream "
               "versions it reads: an older or a foreign build (see `xl "
               "dmesg`)\n", path);
        break;
    case -XEN_EPROTONOSUPPORT:
        xl_lu_versions_refused(path, r);
        break;
    case -XEN_ENAMETOOLONG: /* this boot's options alone are too long */
        printf("xl: " CMD ": the new hypervisor's command line would be too "
               "long (see `xl dmesg`)\n");
        break;
    case -XEN_EPERM:
        printf("xl: " CMD ": only the control domain may live-update the "
               "hypervisor\n");
        break;
    case -XEN_EACCES:
        printf("xl: " CMD ": the hypervisor does not serve this toolstack's "
               "kexec_op interface version %u (see `xl dmesg`)\n",
               XEN_KEXEC_INTERFACE_VERSION);
        break;
    default:
        return xl_report(CMD, "load", rc);
    }
    return XL_EXIT_FAIL;
}

/* Load the image; *load_ns and *prepare_ns get what it took. */
static int xl_lu_load(const struct xl_lu_args *a, const struct ramfs_file *f,
                      uint64_t *load_ns, uint64_t *prepare_ns)
{
    struct xen_kexec_lu_load r;
    int rc = xc_kexec_lu_load(f->data, f->size, a->append, &r);

    if (rc == -XEN_EBUSY) { /* left loaded by an earlier run that failed */
        xc_kexec_lu_unload();
        rc = xc_kexec_lu_load(f->data, f->size, a->append, &r);
    }
    if (rc)
        return xl_lu_load_refused(a, rc, &r);
    *load_ns = r.load_ns;
    *prepare_ns = r.prepare_ns;
    return XL_EXIT_OK;
}

/* The hypervisor refused to execute: nothing was replaced. */
static int xl_lu_exec_refused(const struct xl_lu_args *a, int rc,
                              const struct xen_kexec_lu_exec *r)
{
    struct xc_dominfo info;
    char who[XEN_DOMAIN_NAME_LEN + 16];

    if (rc == -XEN_EINVAL && a->timeout_ms > KEXEC_LU_TIMEOUT_MAX_MS) {
        printf("xl: " CMD ": --timeout %u: at most %u ms\n", a->timeout_ms,
               KEXEC_LU_TIMEOUT_MAX_MS);
        return XL_EXIT_FAIL;
    }
    switch (rc) {
    case -XEN_ETIMEDOUT:
        if (xc_domain_getinfo(r->stuck_domid, &info) < 0)
            snprintf(who, sizeof(who), "%u", (unsigned int)r->stuck_domid);
        else
            snprintf(who, sizeof(who), "%u (%s)", (unsigned int)r->stuck_domid,
                     info.name);
        printf("xl: " CMD ": domain %s did not reach a safe point within %u "
               "ms: the update is aborted and every domain goes on\n", who,
               a->timeout_ms ? a->timeout_ms : KEXEC_LU_TIMEOUT_DEFAULT_MS);
        return XL_EXIT_FAIL;
    default:
        return xl_report(CMD, a->dry_run ? "dry run" : "execute", rc);
    }
}

static unsigned long us(uint64_t ns)
{
    return (unsigned long)(ns / 1000);
}

/*
 * Prepare is the work done for the update while the domains run: zeroing
 * the new hypervisor's boot memory (at load, if the region is halved) and
 * sizing and allocating the stream.
 */
static void xl_lu_print(const struct xen_kexec_lu_exec *r, uint64_t zero_ns)
{
    printf("  prepare   %8lu us  (stream pages allocated%s)\n",
           us(zero_ns + r->prepare_ns),
           zero_ns ? "; the new hypervisor's boot memory zeroed" : "");
    printf("  quiesce   %8lu us\n", us(r->quiesce_ns));
    printf("  serialise %8lu us  (stream: %lu bytes in %lu pages)\n",
           us(r->save_ns), (unsigned long)r->stream_bytes,
           (unsigned long)r->stream_pages);
    printf("  carried   %u domains, %u vCPUs, %lu pages\n", r->nr_domains,
           r->nr_vcpus, (unsigned long)r->nr_pages);
}

/* The new hypervisor's side of it: what it timed, as it timed it. */
static void xl_lu_print_successor(unsigned long seen_us)
{
    struct xen_sysctl_lu_report r;

    if (xc_lu_report(&r) == 0) {
        printf("  handover  %8lu us\n", us(r.handover_ns));
        printf("  early boot%8lu us\n", us(r.early_boot_ns));
        printf("  restore   %8lu us\n", us(r.restore_ns));
        printf("  resume    %8lu us\n", us(r.resume_ns));
        printf("Live update done (#%lu): blackout %lu us from save to resume, "
               "%lu us as this domain saw it\n",
               (unsigned long)r.live_updates, us(r.blackout_ns), seen_us);
        return;
    }
    printf("Live update done: blackout %lu us as this domain saw it; the new "
           "hypervisor's phases are in `xl dmesg`\n", seen_us);
}

static int xl_lu_run(const struct xl_lu_args *a)
{
    const struct ramfs_file *f = ramfs_lookup(a->image);
    struct xen_kexec_lu_exec report;
    uint64_t load_ns = 0, prepare_ns = 0, t;
    int rc;

    if (!f) {
        printf("xl: " CMD ": %s: %s\n", a->image, util_strerror(-XEN_ENOENT));
        return XL_EXIT_FAIL;
    }
    printf("Live update%s: %s (%lu bytes)\n", a->dry_run ? " (dry run)" : "",
           a->image, (unsigned long)f->size);
    if ((rc = xl_lu_load(a, f, &load_ns, &prepare_ns)))
        return rc;
    printf("  load      %8lu us\n", us(load_ns - prepare_ns));
    t = time_now_ns();
    rc = xc_kexec_lu_exec(a->dry_run ? KEXEC_LU_DRY_RUN : 0, a->timeout_ms,
                          &report);
    t = time_now_ns() - t;
    if (rc) {
        xc_kexec_lu_unload();
        return xl_lu_exec_refused(a, rc, &report);
    }
    xl_lu_print(&report, prepare_ns);
    if (a->dry_run) {
        printf("  check     %8lu us  (the stream reads back)\n",
               us(report.check_ns));
        printf("Dry run done: nothing was replaced; guests paused for %lu us\n",
               us(t));
        xc_kexec_lu_unload();
        return XL_EXIT_OK;
    }
    xl_lu_print_successor(us(t));
    return XL_EXIT_OK;
}

/* MS of --timeout: 1 or more, decimal; false if it is not. */
static bool xl_lu_parse_timeout(const char *s, uint32_t *ms)
{
    uint64_t v = 0;

    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || (v = v * 10 + (*s - '0')) > UINT32_MAX)
            return false;
    }
    *ms = (uint32_t)v;
    return v > 0;
}

/* The value of option name at argv[*i]: `name VALUE` or `name=VALUE`. */
static const char *xl_lu_value(int argc, char **argv, int *i,
                               const char *name)
{
    size_t n = strlen(name);

    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (*i + 1 < argc)
        return argv[++*i];
    return NULL;
}

/* True if argv[i] is option name, alone or as name=VALUE. */
static bool xl_lu_is(const char *arg, const char *name)
{
    size_t n = strlen(name);

    return !strncmp(arg, name, n) && (arg[n] == '\0' || arg[n] == '=');
}

/* 0 with *a filled, or the status of a usage error (already printed). */
static int xl_lu_parse(int argc, char **argv, struct xl_lu_args *a)
{
    const char *v;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dry-run") || !strcmp(argv[i], "-n")) {
            a->dry_run = true;
        } else if (xl_lu_is(argv[i], "--append")) {
            if (!(a->append = xl_lu_value(argc, argv, &i, "--append")))
                return xl_usage_error(CMD, "missing OPTIONS after", argv[i]);
        } else if (xl_lu_is(argv[i], "--timeout")) {
            if (!(v = xl_lu_value(argc, argv, &i, "--timeout")))
                return xl_usage_error(CMD, "missing MS after", argv[i]);
            if (!xl_lu_parse_timeout(v, &a->timeout_ms))
                return xl_usage_error(CMD, "--timeout takes milliseconds, 1 "
                                      "or more, not", v);
        } else if (argv[i][0] == '-') {
            return xl_usage_error(CMD, "unknown option", argv[i]);
        } else if (a->image) {
            return xl_usage_error(CMD, "too many arguments", argv[i]);
        } else {
            a->image = argv[i];
        }
    }
    return a->image ? XL_EXIT_OK : xl_usage_error(CMD, "missing IMAGE", NULL);
}

int xl_cmd_live_update(int argc, char **argv)
{
    struct xl_lu_args a = {0};
    int rc;

    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            xl_print_usage(xl_find_command(CMD));
            return XL_EXIT_OK;
        }
    if ((rc = xl_lu_parse(argc, argv, &a)))
        return rc;
    return xl_lu_run(&a);
}
