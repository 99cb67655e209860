/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Live update's quiesce: before the stream is written every domain but
 * the caller is paused, and then the update waits until each of their
 * vCPUs is at a safe point -- off its CPU, with all of its state in its
 * struct vcpu, where the stream reads it.  Pausing takes a vCPU off the
 * run queue; one that is on a CPU gets there when that CPU next
 * schedules.  The wait is bounded: a domain that does not get there in
 * time aborts the update and every domain resumes, rather than the whole
 * machine waiting on one guest.
 *
 * With one CPU, which the caller holds in this hypercall, every other
 * vCPU is already off its CPU, so the wait ends at once.  The option
 * lu_debug_stuck=<domain>[,<ms>] (docs/misc/xen-command-line.md) holds the
 * domain of that name back from its safe point, for good or for ms after
 * the quiesce starts, so that tests can see the wait and its abort.
 */
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/lu_quiesce.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/string.h>

#define LU_DEBUG_STUCK_FOREVER (-1)
#define LU_DEBUG_STUCK_MAX_MS  3600000 /* an hour */

static char lu_debug_stuck_name[XEN_DOMAIN_NAME_LEN];
static s_time_t lu_debug_stuck_for = LU_DEBUG_STUCK_FOREVER;

/* lu_debug_stuck=<domain name>[,<ms>] */
static int parse_lu_debug_stuck(const char *s)
{
    const char *comma = strchr(s, ',');
    size_t len = comma ? (size_t)(comma - s) : strlen(s);
    unsigned long long ms = 0;
    const char *end = NULL;

    if (!len || len >= sizeof(lu_debug_stuck_name))
        return -EINVAL;
    if (comma) {
        ms = simple_strtoull(comma + 1, &end, 10);
        if (end == comma + 1 || *end || ms > LU_DEBUG_STUCK_MAX_MS)
            return -EINVAL;
    }
    memcpy(lu_debug_stuck_name, s, len);
    lu_debug_stuck_name[len] = '\0';
    lu_debug_stuck_for = comma ? MILLISECS(ms) : LU_DEBUG_STUCK_FOREVER;
    return 0;
}
custom_param("lu_debug_stuck", parse_lu_debug_stuck);

/* True if lu_debug_stuck= still holds d back, waited into the quiesce. */
static bool lu_debug_holds(const struct domain *d, s_time_t waited)
{
    return lu_debug_stuck_name[0] && !strcmp(d->name, lu_debug_stuck_name) &&
           (lu_debug_stuck_for == LU_DEBUG_STUCK_FOREVER ||
            waited < lu_debug_stuck_for);
}

/*
 * Whether the update stops d: every domain but the caller.  A domain on
 * domain_list is never dying: domain_destroy() unlinks it before anything
 * else runs, and a crashed domain kept for the toolstack is stopped and
 * carried like any other.
 */
static bool lu_quiesces(const struct domain *d, const struct domain *caller)
{
    return d != caller;
}

static bool lu_at_safe_point(const struct domain *d, s_time_t waited)
{
    unsigned int i;

    if (lu_debug_holds(d, waited))
        return false;
    for (i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i]->is_running)
            return false;
    return true;
}

/* The first stopped domain not yet at its safe point, or NULL. */
static struct domain *lu_not_yet_safe(const struct domain *caller,
                                      s_time_t waited)
{
    struct domain *d;

    for (d = domain_list; d; d = d->next_in_list)
        if (lu_quiesces(d, caller) && !lu_at_safe_point(d, waited))
            return d;
    return NULL;
}

static void lu_debug_announce(const struct domain *caller)
{
    struct domain *d;

    for (d = domain_list; d; d = d->next_in_list)
        if (lu_quiesces(d, caller) && lu_debug_holds(d, 0)) {
            if (lu_debug_stuck_for == LU_DEBUG_STUCK_FOREVER)
                printk(XENLOG_WARNING "Live update: lu_debug_stuck: domain "
                       "%u (%s) never reaches its safe point\n", d->domain_id,
                       d->name);
            else
                printk(XENLOG_WARNING "Live update: lu_debug_stuck: domain "
                       "%u (%s) reaches its safe point after %lu ms\n",
                       d->domain_id, d->name,
                       (unsigned long)(lu_debug_stuck_for / MILLISECS(1)));
        }
}

void lu_quiesce_release(struct domain *caller)
{
    struct domain *d;

    for (d = domain_list; d; d = d->next_in_list)
        if (lu_quiesces(d, caller))
            domain_unpause(d);
}

int lu_quiesce(struct domain *caller, s_time_t timeout, domid_t *stuck)
{
    s_time_t start = NOW(), waited = 0;
    struct domain *d;

    lu_debug_announce(caller);
    for (d = domain_list; d; d = d->next_in_list)
        if (lu_quiesces(d, caller))
            domain_pause(d);
    while ((d = lu_not_yet_safe(caller, waited))) {
        if (waited >= timeout) {
            *stuck = d->domain_id;
            printk(XENLOG_ERR "Live update: domain %u (%s) did not reach a "
                   "safe point within %lu ms: the update is aborted, every "
                   "domain resumes\n", d->domain_id, d->name,
                   (unsigned long)(timeout / MILLISECS(1)));
            lu_quiesce_release(caller);
            return -ETIMEDOUT;
        }
        cpu_relax();
        waited = NOW() - start;
    }
    return 0;
}
