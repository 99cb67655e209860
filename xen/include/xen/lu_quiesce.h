/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Live update's quiesce (common/lu_quiesce.c): every domain but the
 * caller stopped, each of its vCPUs at a safe point, within a deadline.
 */
#ifndef XEN_LU_QUIESCE_H
#define XEN_LU_QUIESCE_H

#include <public/xen.h>
#include <xen/time.h>

struct domain;

/*
 * Pause every domain but caller (and those being destroyed), then wait
 * until every vCPU of theirs is at a safe point, for at most timeout.
 * Returns 0 with them paused; or -ETIMEDOUT, with *stuck the id of the
 * first domain that did not get there and every domain resumed, after
 * logging it.
 */
int lu_quiesce(struct domain *caller, s_time_t timeout, domid_t *stuck);

/* Resume the domains a successful lu_quiesce() paused. */
void lu_quiesce_release(struct domain *caller);

#endif /* XEN_LU_QUIESCE_H */
