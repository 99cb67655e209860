/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-time domains: multiboot modules whose command line starts with the
 * word `domain` are built into domains before any control domain exists
 * (docs/designs/domains.md):
 *
 *     domain name=<name> memory=<size> [vcpus=<n>] [dm=<domid>]
 *            [privileged] [-- <args>]
 *
 * The privileged one is the control domain and gets id 0; the others get
 * 1, 2, ... in module order.
 * A bad word is reported naming the module and the word, and that domain is
 * not built; the others are.
 */
#include <asm/page.h>
#include <xen/domain_build.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>

#define WORD_MAX 64

/* Copy the word at s into w; returns the text after it. */
static const char *next_word(const char *s, char *w)
{
    size_t n = 0;

    while (*s == ' ')
        s++;
    while (*s && *s != ' ') {
        if (n < WORD_MAX - 1)
            w[n++] = *s;
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

/* memory=: a size, in MiB when it has no suffix. */
static bool parse_memory(const char *s, uint64_t *bytes)
{
    const char *end;
    uint64_t v = parse_size_and_unit(s, &end);

    if (end == s || *end)
        return false;
    if (end[-1] >= '0' && end[-1] <= '9')
        v <<= 20;
    *bytes = v;
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
    return false;
}

/* Fill cfg from a module's words after `domain`; false if one is bad. */
static bool parse_domain_module(unsigned int idx, const char *s,
                                struct domain_config *cfg)
{
    char w[WORD_MAX];

    for (;;) {
        s = next_word(s, w);
        if (!w[0])
            break;
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

unsigned int boot_domains_create(const struct boot_info *bi)
{
    unsigned int i, built = 0;
    domid_t next_id = 1;
    bool have_control_domain = false;

    for (i = 0; i < bi->nr_modules; i++) {
        const struct boot_module *m = &bi->modules[i];
        struct domain_config cfg = {.vcpus = 1, .dm_domid = DOMID_INVALID};
        const char *s = bootinfo_args(m->cmdline);
        char w[WORD_MAX];

        s = next_word(s, w);
        if (strcmp(w, "domain") || !parse_domain_module(i, s, &cfg))
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
    return built;
}
