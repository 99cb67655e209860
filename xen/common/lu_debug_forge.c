/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lu_debug_forge=<what> (docs/misc/xen-command-line.md): a test option
 * that has live update's writer add to the first guest's records one that
 * is well formed -- its checksum right, its length what the type wants --
 * but wrong, so that tests can watch the successor's restorer refuse what
 * only it can check (lu_debug_corrupt= breaks checksums, which the
 * reader catches first):
 *
 *   p2m-overlap    a P2M extent over the guest's gfn 0 again
 *   evtchn-ports   EVTCHN records with the guest's port table and half it
 *   special-frame  the guest's shared info page mapped a second time
 *   others-ram     a RAM extent of a frame the control domain owns
 *
 * The forged mappings go at the last gfn of the guest-physical space,
 * where nothing is.  Save files are left alone: their checker is tested
 * from the host (tools/tests/unit/test-lu-savefile.c).
 */
#include <asm/mm.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/string.h>

#include "lu_private.h"

enum lu_forge {
    LU_FORGE_NONE,
    LU_FORGE_P2M_OVERLAP,
    LU_FORGE_EVTCHN_PORTS,
    LU_FORGE_SPECIAL_FRAME,
    LU_FORGE_OTHERS_RAM,
};

static const char *const lu_forge_names[] = {
    [LU_FORGE_P2M_OVERLAP] = "p2m-overlap",
    [LU_FORGE_EVTCHN_PORTS] = "evtchn-ports",
    [LU_FORGE_SPECIAL_FRAME] = "special-frame",
    [LU_FORGE_OTHERS_RAM] = "others-ram",
};

static enum lu_forge lu_forge;

static int parse_lu_debug_forge(const char *s)
{
    unsigned int i;

    for (i = LU_FORGE_NONE + 1; i < ARRAY_SIZE(lu_forge_names); i++)
        if (!strcmp(s, lu_forge_names[i])) {
            lu_forge = i;
            return 0;
        }
    return -EINVAL;
}
custom_param("lu_debug_forge", parse_lu_debug_forge);

/* A P2M record of d's with one extent: frame mfn at gfn, of type. */
static int lu_forge_extent(struct lu_writer *w, const struct domain *d,
                           uint64_t gfn, mfn_t mfn, uint32_t type)
{
    struct lu_rec_domain_list head = {.domid = lu_cpu_to_le16(d->domain_id)};
    struct lu_p2m_extent e = {
        .gfn = lu_cpu_to_le64(gfn),
        .mfn = lu_cpu_to_le64(mfn_x(mfn)),
        .nr = lu_cpu_to_le32(1),
        .type = lu_cpu_to_le32(type),
    };
    const struct lu_chunk c[] = {{&head, sizeof(head)}, {&e, sizeof(e)}};

    return lu_write_record_v(w, LU_REC_P2M, c, ARRAY_SIZE(c));
}

/*
 * Two EVTCHN records of d's, no entries, one with its port table and one
 * with half of it (d may have written none: it then has no port in use).
 */
static int lu_forge_ports(struct lu_writer *w, const struct domain *d)
{
    struct lu_rec_evtchn head = {
        .domid = lu_cpu_to_le16(d->domain_id),
        .nr_ports = lu_cpu_to_le32(d->evtchn->nr_ports),
    };
    int rc = lu_write_record(w, LU_REC_EVTCHN, &head, sizeof(head));

    head.nr_ports = lu_cpu_to_le32(d->evtchn->nr_ports / 2);
    return rc ? rc : lu_write_record(w, LU_REC_EVTCHN, &head, sizeof(head));
}

/* The guest forged for: the first domain but the control domain. */
static bool lu_forge_target(const struct domain *d)
{
    const struct domain *t = domain_list;

    while (t && t->is_privileged)
        t = t->next_in_list;
    return t == d;
}

int lu_debug_forge(struct lu_writer *w, const struct domain *d)
{
    const uint64_t nowhere = P2M_GUEST_MAX_GFN - 1;
    enum p2m_type t;

    if (lu_forge == LU_FORGE_NONE || w->order.save_file ||
        !lu_forge_target(d) || !control_domain)
        return 0;
    /* The writing pass, not the sizing one, says so. */
    if (w->page)
        printk(XENLOG_WARNING "Live update: lu_debug_forge: %s, in domain "
               "%u's records\n", lu_forge_names[lu_forge], d->domain_id);
    switch (lu_forge) {
    case LU_FORGE_P2M_OVERLAP:
        return lu_forge_extent(w, d, 0, p2m_get_entry(&d->p2m, _gfn(0), &t,
                                                      NULL), LU_P2M_RAM);
    case LU_FORGE_EVTCHN_PORTS:
        return lu_forge_ports(w, d);
    case LU_FORGE_SPECIAL_FRAME:
        return lu_forge_extent(w, d, nowhere, virt_to_mfn(d->shared_info),
                               LU_P2M_SPECIAL);
    case LU_FORGE_OTHERS_RAM:
        return lu_forge_extent(w, d, nowhere,
                               p2m_get_entry(&control_domain->p2m, _gfn(0),
                                             &t, NULL), LU_P2M_RAM);
    default:
        return 0;
    }
}
