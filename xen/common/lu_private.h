/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the live-update files of common/ share and nothing else sees: the
 * per-domain writers (lu_save_domain.c) and readers (lu_restore_domain.c)
 * that lu_save.c and lu_restore.c drive.
 */
#ifndef COMMON_LU_PRIVATE_H
#define COMMON_LU_PRIVATE_H

#include <xen/live_update.h>

struct domain;

/*
 * The time base (system time and the TSC as the domains stopped), and
 * whether this is the sizing pass, which counts room for the most that may
 * be written by then.
 */
struct lu_time {
    uint64_t ns, tsc;
    bool sizing;
};

/* The HYPERVISOR record: the time base, next domain id, update count. */
int lu_save_hypervisor(struct lu_writer *w, const struct lu_time *at);

/*
 * lu_debug_corrupt=: if it names a record type, have w damage the first
 * such record (lu_writer_damage()) and return true.  Once w is done,
 * lu_debug_damage_report() logs, after what ("Live update"), which record
 * was damaged, or that there was none of that type.
 */
bool lu_debug_damage(struct lu_writer *w);
void lu_debug_damage_report(const struct lu_writer *w, const char *what);

/*
 * Write every domain's records, in domain id order, counting what was
 * carried in *stats.  Every domain but quiesced_for (if not NULL) holds one
 * pause of the update's own, which the stream does not count.  0 or the
 * writer's error.
 */
int lu_save_domains(struct lu_writer *w, const struct domain *quiesced_for,
                    struct lu_save_stats *stats);

/*
 * Pass 2: restore one record that belongs to a domain.  0, or a negative
 * errno after logging why.
 */
int lu_restore_domain_record(struct lu_reader *r, const struct lu_record *rec);

/* After END: check what the domain records built.  0 or -EINVAL. */
int lu_restore_domains_check(void);

/*
 * If pass 1 put frame mfn in a carried page block, set *owner to the
 * block's owner and return true.
 */
bool lu_restore_frame_owner(uint64_t mfn, domid_t *owner);

/* A restore that failed: destroy what was built of the domains. */
void lu_restore_domains_abandon(void);

/* Log the resume phase: from the end of pass 2 to now. */
/* Log (and keep for lu_report_get()) the resume phase and the blackout. */
void lu_phase_print_resume(void);

/* How many domains the stream brought back. */
unsigned int lu_restored_domains(void);

#endif /* COMMON_LU_PRIVATE_H */
