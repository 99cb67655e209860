/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the live-update files of common/ share and nothing else sees: the
 * per-domain writers (lu_save_domain.c) and readers (lu_restore_domain.c)
 * that live update (lu_save.c, lu_restore.c) and save files
 * (lu_save_file.c, lu_restore_file.c) drive.
 */
#ifndef COMMON_LU_PRIVATE_H
#define COMMON_LU_PRIVATE_H

#include <xen/evtchn-core.h>
#include <xen/live_update.h>
#include <xen/p2m.h>
#include <xen/time.h>

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
 * lu_debug_forge= (lu_debug_forge.c): if it is set and d is the first
 * guest, add to d's live-update records the well-formed but wrong one it
 * names.  0 or the writer's error.
 */
int lu_debug_forge(struct lu_writer *w, const struct domain *d);

/*
 * Write d's records (lu_save_domain.c), in their save-file form if w
 * writes a save file, where they end with PAGE_DATA (lu_save_file.c's
 * lu_save_page_data()).  pause_count is what DOMAIN says d holds.  0 or
 * the writer's error.
 */
int lu_save_domain(struct lu_writer *w, struct domain *d,
                   unsigned int pause_count);
int lu_save_page_data(struct lu_writer *w, struct domain *d);

/*
 * Write every domain's records, in domain id order, counting what was
 * carried in *stats.  Every domain but quiesced_for (if not NULL) holds one
 * pause of the update's own, which the stream does not count.  0 or the
 * writer's error.
 */
int lu_save_domains(struct lu_writer *w, const struct domain *quiesced_for,
                    struct lu_save_stats *stats);

/* How the domain records that follow are restored (lu_restore_domain.c). */
enum lu_restore_how {
    LU_RESTORE_IN_PLACE, /* live update: same ids, frames and pages adopted */
    LU_RESTORE_AFRESH,   /* a save file: a new id, new memory and pages */
};

/*
 * Start restoring domain records how; afresh, saved_ns is the saving
 * host's system time when the file was written (its HYPERVISOR record).
 */
void lu_restore_domains_begin(enum lu_restore_how how, uint64_t saved_ns);

/*
 * Restore one record that belongs to a domain (pass 2 of live update, or
 * a save file).  0, or a negative errno after logging why, which
 * lu_restore_domain_why() then gives.
 */
int lu_restore_domain_record(struct lu_reader *r, const struct lu_record *rec);
const char *lu_restore_domain_why(void);

/* The domain whose records are being read; NULL before its DOMAIN. */
struct domain *lu_restore_domain_open(void);

/* Why a guest may not have a VCPU record's registers and FPU, or NULL. */
const char *lu_restore_vcpu_bad(const struct lu_rec_vcpu *x);

/*
 * Afresh, at END: check the domain's records added up and return it, its
 * timers armed and left paused; NULL after logging why.
 */
struct domain *lu_restore_afresh_finish(void);

/* Afresh, on any failure: destroy what was made. */
void lu_restore_afresh_abandon(void);

/* Map nr frames with the largest pages that alignment and length allow. */
int lu_map_extent(struct p2m *p2m, unsigned long gfn, unsigned long mfn,
                  unsigned long nr, enum p2m_type t);

/*
 * Restoring afresh (lu_restore_afresh.c), where it differs from in place:
 *
 * - a paused domain with a new id, or NULL (no id free, no memory);
 * - the device model it keeps: dm if that domain is there, and not itself;
 * - an extent of a save file's P2M: new memory for RAM, the new shared
 *   info page for SPECIAL; 0 or a negative errno (-ENOMEM);
 * - a poll timeout of timeout (system time when the file was written at
 *   saved_ns, 0 for none), as a system time from now;
 * - a port, an interdomain one back to unbound, its flags' mask and
 *   pending bits in the new shared info page;
 * - a new ioreq page if the saved domain had one (nr_vcpus slots), not
 *   mapped by a device model, and a vCPU's slot in it;
 * - once every record is in: poll timers armed, answered requests done.
 */
struct domain *lu_afresh_domain(const char *name, unsigned int vcpus);
domid_t lu_afresh_dm_domid(const struct domain *d, domid_t dm);
int lu_afresh_extent(struct domain *d, const struct lu_p2m_extent *e);
s_time_t lu_afresh_poll_timeout(uint64_t timeout, uint64_t saved_ns);
int lu_afresh_port(struct domain *d, evtchn_port_t port, struct evtchn *e,
                   uint8_t flags);
int lu_afresh_ioreq_page(struct domain *d, uint32_t nr_vcpus);
void lu_afresh_ioreq_slot(struct domain *d, unsigned int vcpu,
                          const struct lu_ioreq_vcpu *s);
void lu_afresh_ready(struct domain *d);

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
