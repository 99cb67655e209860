/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers the subcommands share: turning DOM (a name or an id) into a
 * domain, reporting a failed hypercall in one consistent form, the state
 * column of `xl list`, and a polite sleep, which serves dom0's background
 * work (tools/libs/evloop) meanwhile.
 */
#include <evloop.h> /* tools/libs/evloop */

#include "xl_internal.h"

#define XL_LIST_BATCH 16

/* All digits (and at least one)? */
static bool xl_is_number(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static int xl_resolve_id(const char *cmd, const char *dom,
                         struct xc_dominfo *info)
{
    unsigned long id = 0;
    long rc;

    for (const char *p = dom; *p && id < DOMID_FIRST_RESERVED; p++)
        id = id * 10 + (unsigned long)(*p - '0');
    if (id >= DOMID_FIRST_RESERVED) {
        printf("xl: %s: no domain with id %s\n", cmd, dom);
        return XL_EXIT_FAIL;
    }
    rc = xc_domain_getinfo((domid_t)id, info);
    if (rc == -XEN_ESRCH) {
        printf("xl: %s: no domain with id %lu\n", cmd, id);
        return XL_EXIT_FAIL;
    }
    if (rc < 0)
        return xl_report(cmd, "cannot read the domain's information", rc);
    return XL_EXIT_OK;
}

int xl_lookup_name(const char *name, struct xc_dominfo *info)
{
    static struct xc_dominfo batch[XL_LIST_BATCH];
    unsigned int first = 0;
    int n;

    do {
        n = xc_domain_list((domid_t)first, batch, XL_LIST_BATCH);
        if (n < 0)
            return n;
        for (int i = 0; i < n; i++) {
            if (!strncmp(batch[i].name, name, sizeof(batch[i].name))) {
                *info = batch[i];
                return 1;
            }
        }
        if (n)
            first = batch[n - 1].domid + 1u;
    } while (n == XL_LIST_BATCH && first < DOMID_FIRST_RESERVED);
    return 0;
}

static int xl_resolve_name(const char *cmd, const char *dom,
                           struct xc_dominfo *info)
{
    int rc = xl_lookup_name(dom, info);

    if (rc < 0)
        return xl_report(cmd, "cannot list domains", rc);
    if (!rc) {
        printf("xl: %s: no domain named '%s'\n", cmd, dom);
        return XL_EXIT_FAIL;
    }
    return XL_EXIT_OK;
}

int xl_resolve_domain(const char *cmd, const char *dom, struct xc_dominfo *info)
{
    if (xl_is_number(dom))
        return xl_resolve_id(cmd, dom, info);
    return xl_resolve_name(cmd, dom, info);
}

int xl_report(const char *cmd, const char *what, long rc)
{
    printf("xl: %s: %s: %s (%ld)\n", cmd, what, util_strerror((int)rc), rc);
    return XL_EXIT_FAIL;
}

void xl_state_string(const struct xc_dominfo *info, char out[7])
{
    bool shutdown = info->flags & XEN_DOMINF_shutdown;
    bool crashed = shutdown && info->shutdown_reason == SHUTDOWN_crash;

    out[0] = info->flags & XEN_DOMINF_running ? 'r' : '-';
    out[1] = info->flags & XEN_DOMINF_blocked ? 'b' : '-';
    out[2] = info->flags & XEN_DOMINF_paused ? 'p' : '-';
    out[3] = shutdown && !crashed ? 's' : '-';
    out[4] = crashed ? 'c' : '-';
    out[5] = info->flags & XEN_DOMINF_dying ? 'd' : '-';
    out[6] = '\0';
}

void xl_sleep_ms(unsigned int ms)
{
    evloop_sleep_until(time_now_ns() + (uint64_t)ms * 1000000u);
}
