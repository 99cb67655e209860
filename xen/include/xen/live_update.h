/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Live update: the state that crosses from one hypervisor to the next,
 * written by lu_save() into a stream (public/lu_stream.h) in ordinary heap
 * pages listed by an MFN array, and read back by lu_restore() in the new
 * hypervisor, which finds it through the breadcrumb.
 */
#ifndef XEN_LIVE_UPDATE_H
#define XEN_LIVE_UPDATE_H

#include <xen/lu_carried.h>
#include <xen/lu_stream.h>

struct domain;

/* What a stream carries, for the report. */
struct lu_save_stats {
    unsigned int nr_domains;
    unsigned int nr_vcpus;
    unsigned long nr_pages;       /* domains' tot_pages, summed */
};

struct lu_saved_stream {
    uint64_t *mfn_array;          /* little-endian MFNs, in stream order */
    unsigned int mfn_array_order;
    unsigned long nr_pages;       /* allocated; the stream may use fewer */
    uint64_t bytes;
    struct lu_save_stats stats;
    uint64_t stop_ns, stop_tsc;   /* the time base: as the domains stopped */
};

/*
 * Before the domains stop: size the stream of everything that must survive
 * with a counting writer and allocate its pages, with a page to spare for
 * what the domains may add before they stop.  Returns 0, or a negative
 * errno after logging why (nothing kept).
 */
int lu_save_prepare(struct lu_saved_stream *s);

/*
 * Just before the domains are stopped: note the instant, which becomes the
 * stream's time base, from which the successor counts the blackout.
 */
void lu_save_stopping(struct lu_saved_stream *s);

/*
 * Once they have stopped: write the stream into the prepared pages.
 * Every domain but quiesced_for (the caller's; NULL if no domain asked)
 * holds one pause of the update's own, which is not carried.  Returns 0
 * with *crumb describing the stream, or a negative errno after logging why
 * (-ENOSPC: it outgrew its pages); on error the pages are freed.
 */
int lu_save_write(struct lu_saved_stream *s, struct lu_crumb *crumb,
                  const struct domain *quiesced_for);

/*
 * Read a saved stream back with the reader a successor uses, checking
 * every record and that it carries what *s says.  0 or a negative errno,
 * with the reason in err.
 */
int lu_save_check(const struct lu_saved_stream *s, char *err, size_t len);

/* Give the pages of a stream that will not be used back. */
void lu_saved_stream_free(struct lu_saved_stream *s);

/*
 * The first thing __start_xen() does: note the TSC, from which the phase
 * report after a live update measures this hypervisor's boot.
 */
void lu_boot_started(void);

/*
 * Pass 1, from mm_init() before the heap starts: read the stream's frame
 * records.  Every block of domain memory (DOMAIN_PAGES) goes on the list
 * of carried blocks (xen/lu_carried.h, with room for max blocks at store)
 * and its first frame is marked allocated to its owner; every hypervisor
 * page that stays in place (SHARED_PAGES) is marked allocated to the
 * hypervisor.  The heap must take no frame of a carried block:
 * lu_carried_next_free() finds the frames between them.  frames is the
 * frame table's size.  Returns 0, or a negative errno after logging why
 * (then nothing may be restored).
 */
int lu_restore_frames(const struct lu_crumb *crumb, unsigned long frames,
                      struct lu_carried_block *store, unsigned long max);

/* The blocks pass 1 found (an empty list on an ordinary boot). */
const struct lu_carried *lu_restore_carried(void);

/*
 * Pass 2, once the heap runs: read the stream the breadcrumb describes and
 * restore what it carries -- the time base, then the domains, left paused
 * until lu_resume_domains().  Returns 0, or a negative errno after
 * logging what is wrong with the stream.
 */
int lu_restore(const struct lu_crumb *crumb);

/*
 * Once the scheduler is up: let the restored domains run.  Returns how
 * many domains were restored (0 on an ordinary boot).
 */
unsigned int lu_resume_domains(void);

struct xen_domctl;
struct xen_domctl_savedomain;

/* XEN_DOMCTL_savedomain of d for caller (public/domctl.h; lu_save_file.c). */
long lu_save_file_domctl(struct domain *caller, struct domain *d,
                         struct xen_domctl_savedomain *op);

/* XEN_DOMCTL_restoredomain for caller (public/domctl.h; lu_restore_file.c). */
long lu_restore_file_domctl(struct domain *caller, struct xen_domctl *op);

/* Live updates this host has been through. */
unsigned long lu_count(void);

/* The phases of the live update that started this hypervisor, as it saw them. */
struct lu_report {
    uint64_t live_updates;
    uint64_t handover_ns;   /* the jump to our first instruction */
    uint64_t early_boot_ns; /* from there to the start of restore */
    uint64_t restore_ns;
    uint64_t resume_ns;
    uint64_t blackout_ns;   /* from the predecessor's save to the resume */
};

/* All 0 but live_updates after a first boot. */
void lu_report_get(struct lu_report *r);

#endif /* XEN_LIVE_UPDATE_H */
