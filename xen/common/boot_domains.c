/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-time domains: multiboot modules whose command line starts with the
 * word `domain` are built into domains before any control domain exists
 * (docs/designs/domains.md):
 *
 *     domain name=<name> memory=<size> [vcpus=<n>] [dm=<domid>]
 *            [mmio_hole=<MiB>] [rdm=<start>-<end>[,...]]... [privileged]
 *            [-- <args>]
 *
 * The privileged one is the control domain and gets id 0; the others get
 * 1, 2, ... in module order.
 * A bad word is reported naming the module and the word, and that domain is
 * not built; the others are.
 *
 * Every other module (a file for the control domain's RAM filesystem, such
 * as `file /etc/xen/memcheck.cfg`) is handed to the control domain: its
 * frames become the control domain's, mapped above its shared info page
 * (clear of the ranges of its memory map), and listed on contiguous pages
 * of struct xen_module_info (public/xen.h).
 */
#include <asm/mm.h>
#include <public/xen.h>
#include <xen/domain_build.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/memmap.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/string.h>

#define WORD_MAX 160 /* an rdm= list of a few ranges fits */

/* Copy the word at s into w; returns the text after it, *cut if too long. */
static const char *next_word(const char *s, char *w, bool *cut)
{
    size_t n = 0;

    *cut = false;
    while (*s == ' ')
        s++;
    while (*s && *s != ' ') {
        if (n < WORD_MAX - 1)
            w[n++] = *s;
        else
            *cut = true;
        s++;
    }
    w[n] = '\0';
    return s;
}

static bool parse_number(const char *s, unsigned long max, unsigned long *out)
{
    const char *end;
    unsigned long long v = simple_strtoull(s, &end, 0);

    if (end == s || *end || v > max)
        return false;
    *out = v;
    return true;
}

/* memory=: a size, in MiB when it has no suffix (0x40 is 64 MiB too). */
static bool parse_memory(const char *s, uint64_t *bytes)
{
    const char *number_end, *end;
    uint64_t v;

    simple_strtoull(s, &number_end, 0);
    v = parse_size_and_unit(s, &end);
    if (end == s || *end)
        return false;
    if (end == number_end) {
        if (v > UINT64_MAX >> 20)
            return false; /* not wrapped round to a small size */
        v <<= 20;
    }
    *bytes = v;
    return true;
}

/*
 * rdm=START-END[,START-END]...: the domain's reserved ranges.  The word
 * may be repeated; the lists add up (QEMU's -kernel takes no commas).
 */
static bool parse_rdm(const char *s, struct domain_config *cfg)
{
    const char *e, *why = NULL;

    for (; *s; s = *e ? e + 1 : e) {
        e = param_list_next(s);
        if (cfg->nr_rdm == ARRAY_SIZE(cfg->rdm))
            why = "too many ranges (at most 8)";
        else
            memmap_parse_range(s, e, &cfg->rdm[cfg->nr_rdm++], &why);
        if (why) {
            printk(XENLOG_ERR "rdm: '%.*s': %s\n",
                   (int)min((size_t)(e - s), (size_t)WORD_MAX), s, why);
            return false;
        }
    }
    return true;
}

static bool parse_word(const char *w, struct domain_config *cfg)
{
    unsigned long n;

    if (!strncmp(w, "name=", 5) && w[5] &&
        strlen(w + 5) < sizeof(cfg->name)) {
        memcpy(cfg->name, w + 5, strlen(w + 5) + 1);
        return true;
    }
    if (!strcmp(w, "privileged")) {
        cfg->privileged = true;
        return true;
    }
    if (!strncmp(w, "memory=", 7))
        return parse_memory(w + 7, &cfg->memory);
    if (!strncmp(w, "vcpus=", 6) && parse_number(w + 6, 64, &n)) {
        cfg->vcpus = n;
        return true;
    }
    if (!strncmp(w, "dm=", 3) && parse_number(w + 3, DOMID_FIRST_RESERVED - 1,
                                              &n)) {
        cfg->dm_domid = n;
        return true;
    }
    if (!strncmp(w, "mmio_hole=", 10) &&
        parse_number(w + 10, MEMMAP_HOLE_MIB_MAX, &n)) {
        cfg->mmio_hole_mib = n; /* its range is checked when it is built */
        return true;
    }
    if (!strncmp(w, "rdm=", 4))
        return parse_rdm(w + 4, cfg);
    return false;
}

/* Fill cfg from a module's words after `domain`; false if one is bad. */
static bool parse_domain_module(unsigned int idx, const char *s,
                                struct domain_config *cfg)
{
    char w[WORD_MAX];
    bool cut;

    for (;;) {
        s = next_word(s, w, &cut);
        if (!w[0])
            break;
        if (cut) {
            printk(XENLOG_ERR "Module %u: domain option '%.16s...' is longer "
                   "than %u characters; domain not built\n", idx, w,
                   WORD_MAX - 1);
            return false;
        }
        if (!strcmp(w, "--")) {
            while (*s == ' ')
                s++;
            if (strlen(s) >= sizeof(cfg->cmdline))
                printk(XENLOG_WARNING "Module %u: guest command line cut to "
                       "%zu bytes\n", idx, sizeof(cfg->cmdline) - 1);
            memcpy(cfg->cmdline, s, min(strlen(s), sizeof(cfg->cmdline) - 1));
            break;
        }
        if (!parse_word(w, cfg)) {
            printk(XENLOG_ERR "Module %u: bad domain option '%s'; domain not "
                   "built\n", idx, w);
            return false;
        }
    }
    if (!cfg->name[0] || !cfg->memory) {
        printk(XENLOG_ERR "Module %u: a domain needs name= and memory=; not "
               "built\n", idx);
        return false;
    }
    return true;
}

/* Make frame mfn d's page at gfn. */
static int give_frame(struct domain *d, mfn_t mfn, unsigned long gfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    if (p2m_set_entry(&d->p2m, _gfn(gfn), mfn, 0, p2m_ram_rw))
        return -ENOMEM;
    pg->owner = d->domain_id;
    pg->count_info |= PGC_allocated;
    pg->order = 0;
    page_list_add_tail(frame_table, &d->page_list, mfn);
    d->tot_pages++;
    d->max_pages++;
    return 0;
}

/* Hand module m to d at gfn; fills info.  Returns frames used or -errno. */
static long give_module(struct domain *d, const struct boot_module *m,
                        unsigned long gfn, struct xen_module_info *info)
{
    unsigned long i, frames = (m->size + PAGE_SIZE - 1) >> PAGE_SHIFT;

    if (m->start & (PAGE_SIZE - 1))
        return -EINVAL; /* loaders page-align modules when asked to */
    /* A bad frame is on the broken list, which a page list cannot share. */
    for (i = 0; i < frames; i++)
        if (mfn_to_page(mfn_add(maddr_to_mfn(m->start), i))->count_info &
            PGC_broken) {
            printk(XENLOG_ERR "Module at %#lx: frame %#lx is a bad page "
                   "(badpage=); not given to domain %u\n",
                   (unsigned long)m->start,
                   mfn_x(maddr_to_mfn(m->start)) + i, d->domain_id);
            return -EIO;
        }
    for (i = 0; i < frames; i++)
        if (give_frame(d, mfn_add(maddr_to_mfn(m->start), i), gfn + i))
            return -ENOMEM;
    info->gfn = gfn;
    info->size = m->size;
    memcpy(info->cmdline, bootinfo_args(m->cmdline),
           min(strlen(bootinfo_args(m->cmdline)), sizeof(info->cmdline) - 1));
    return frames;
}

#define MODULE_LIST_PAGES \
    ((sizeof(struct xen_module_info) * XEN_MAX_MODULES + PAGE_SIZE - 1) / \
     PAGE_SIZE)

/*
 * Give d the list: a page of its own per 16 entries, at contiguous gfns
 * from list_gfn, and say where in its start info.  Returns 0 or -errno.
 */
static int give_module_list(struct domain *d, unsigned long list_gfn,
                            const struct xen_module_info *list,
                            unsigned int n)
{
    uint64_t si = gfn_x(d->start_info_gfn) << PAGE_SHIFT;
    unsigned long pages = (n * sizeof(*list) + PAGE_SIZE - 1) / PAGE_SIZE, i;
    mfn_t page;

    for (i = 0; i < (pages ? pages : 1); i++) {
        page = alloc_domheap_pages(d->domain_id, 0);
        if (mfn_eq(page, INVALID_MFN) || give_frame(d, page, list_gfn + i))
            return -ENOMEM;
    }
    if (copy_to_guest(d, list_gfn << PAGE_SHIFT, list, n * sizeof(*list)) ||
        copy_to_guest(d, si + offsetof(struct start_info, mod_list_gfn),
                      &list_gfn, sizeof(list_gfn)) ||
        copy_to_guest(d, si + offsetof(struct start_info, nr_modules), &n,
                      sizeof(n)))
        return -EFAULT;
    return 0;
}

/*
 * Give the control domain the modules not in kernels (a bit per module
 * index), with their list on pages of its own just above its shared info
 * page, and say where in its start info.
 */
static void give_modules(struct domain *d, const struct boot_info *bi,
                         unsigned long kernels)
{
    static struct xen_module_info list[XEN_MAX_MODULES];
    /* Above the shared info page, never on a range of its memory map. */
    unsigned long list_gfn = memmap_first_free(d->memmap,
                                               gfn_x(d->shared_info_gfn) + 1,
                                               MODULE_LIST_PAGES);
    unsigned long gfn = list_gfn + MODULE_LIST_PAGES;
    unsigned int i, n = 0;
    long used;

    BUILD_BUG_ON(BOOTINFO_MAX_MODULES > 8 * sizeof(kernels));
    memset(list, 0, sizeof(list));
    for (i = 0; i < bi->nr_modules && n < XEN_MAX_MODULES; i++) {
        if (kernels & (1UL << i))
            continue;
        gfn = memmap_first_free(d->memmap, gfn,
                                (bi->modules[i].size + PAGE_SIZE - 1) >>
                                    PAGE_SHIFT);
        used = give_module(d, &bi->modules[i], gfn, &list[n]);
        if (used < 0) {
            printk(XENLOG_ERR "Module %u: cannot give it to domain %u (%ld)\n",
                   i, d->domain_id, used);
            continue;
        }
        gfn += used;
        n++;
    }
    if (give_module_list(d, list_gfn, list, n))
        printk(XENLOG_ERR "Domain %u: cannot list its modules\n",
               d->domain_id);
    else if (n)
        printk("Domain %u (%s): %u module%s\n", d->domain_id, d->name, n,
               n == 1 ? "" : "s");
}

unsigned int boot_domains_create(const struct boot_info *bi)
{
    unsigned int i, built = 0;
    domid_t next_id = 1;
    bool have_control_domain = false;
    unsigned long kernels = 0; /* modules that are domain kernels */

    for (i = 0; i < bi->nr_modules; i++) {
        const struct boot_module *m = &bi->modules[i];
        struct domain_config cfg = {.vcpus = 1, .dm_domid = DOMID_INVALID};
        const char *s = bootinfo_args(m->cmdline);
        char w[WORD_MAX];
        bool cut;

        s = next_word(s, w, &cut);
        if (strcmp(w, "domain"))
            continue;
        kernels |= 1UL << i;
        if (!parse_domain_module(i, s, &cfg))
            continue;
        if (cfg.privileged && have_control_domain) {
            printk(XENLOG_ERR "Module %u: a second privileged domain; not "
                   "built\n", i);
            continue;
        }
        cfg.id = cfg.privileged ? 0 : next_id++;
        if (domain_build(&cfg, maddr_to_virt(m->start), m->size))
            continue;
        have_control_domain |= cfg.privileged;
        built++;
    }
    if (control_domain)
        give_modules(control_domain, bi, kernels);
    return built;
}
