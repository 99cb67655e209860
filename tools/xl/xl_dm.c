/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control domain's device models across save and restore: what each
 * keeps of a domain it serves -- its registers, never where its regions
 * are, which the hypervisor carries -- goes into the domain's save file
 * as a DM_STATE record of its kind, and comes back from it: checked
 * before `xl restore` has the domain made, handed to the device model
 * once it is (docs/designs/save-restore.md).  A device model of dom0's
 * with state of its own adds itself to xl_dms.
 */
#include "xl_internal.h"

/* The control domain's device models with state, NULL-terminated. */
static const struct xl_dm *const xl_dms[] = {
    &xl_vga_dm,
    NULL,
};

/* The device model of kind, or NULL. */
static const struct xl_dm *xl_dm_find(const char *kind)
{
    for (const struct xl_dm *const *dm = xl_dms; *dm; dm++)
        if (!strcmp((*dm)->kind, kind))
            return *dm;
    return NULL;
}

int xl_dm_save(domid_t domid, struct dmstates *out, char *why, size_t len)
{
    out->dm_domid = 0;
    out->nr = 0;
    for (const struct xl_dm *const *dm = xl_dms; *dm; dm++) {
        struct dmstate *s = &out->s[out->nr];
        int rc = (*dm)->save(domid, s->data, sizeof(s->data));

        if (rc < 0) {
            snprintf(why, len, "cannot save its %s device model's state",
                     (*dm)->kind);
            return rc;
        }
        if (!rc)
            continue; /* it does not serve domid */
        memset(s->kind, 0, sizeof(s->kind));
        strlcpy(s->kind, (*dm)->kind, sizeof(s->kind));
        s->version = (*dm)->version;
        s->len = (uint32_t)rc;
        out->nr++;
    }
    return 0;
}

/* Whether state s can go to a device model of dom0's; 0 or -errno. */
static int xl_dm_check_one(const struct dmstate *s, char *why, size_t len)
{
    const struct xl_dm *dm = xl_dm_find(s->kind);
    char problem[160];
    int rc;

    if (!dm) {
        snprintf(why, len,
                 "its device model '%s' is not one the control "
                 "domain runs",
                 s->kind);
        return -XEN_EOPNOTSUPP;
    }
    if (s->version != dm->version) {
        snprintf(why, len,
                 "its %s state is version %u; the control "
                 "domain's %s device model reads version %u",
                 s->kind, s->version, s->kind, dm->version);
        return -XEN_EOPNOTSUPP;
    }
    if ((rc = dm->check(s->data, s->len, problem, sizeof(problem))) < 0)
        snprintf(why, len, "the %s device model cannot take it: %s", s->kind,
                 problem);
    return rc;
}

int xl_dm_check(const struct dmstates *states, char *why, size_t len)
{
    int rc;

    for (unsigned int i = 0; i < states->nr; i++)
        if ((rc = xl_dm_check_one(&states->s[i], why, len)) < 0)
            return rc;
    return 0;
}

int xl_dm_attach(const struct xc_restored *r, const struct dmstates *states)
{
    char msg[160];
    int rc;

    if (!states->nr)
        printf("xl: restore: %s (%u): its device model was the control "
               "domain, which runs none that takes it over: its emulated "
               "I/O waits for one\n",
               r->name, (unsigned int)r->domid);
    for (unsigned int i = 0; i < states->nr; i++) {
        const struct dmstate *s = &states->s[i];

        /* xl_dm_check() found a device model for every kind. */
        if ((rc = xl_dm_find(s->kind)->attach(r, s->data, s->len, msg,
                                              sizeof(msg))) < 0) {
            printf("xl: restore: %s (%u): the %s device model cannot take "
                   "it over: %s: %s (%d); the domain is destroyed, the file "
                   "stays\n",
                   r->name, (unsigned int)r->domid, s->kind, msg,
                   util_strerror(rc), rc);
            return XL_EXIT_FAIL;
        }
        printf("The %s device model serves %s (%u) again: %s\n", s->kind,
               r->name, (unsigned int)r->domid, msg);
    }
    return XL_EXIT_OK;
}
