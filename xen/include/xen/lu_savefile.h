/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checking a save file (docs/specs/live-update-stream.md, section 4) as a
 * whole before anything is made from it: the stream's own checks
 * (lu_stream.c: framing, checksums, versions, order), then what only the
 * whole file shows -- one domain, a VCPU record per vCPU, P2M extents in
 * order and of kinds a file may hold, PAGE_DATA giving every RAM frame of
 * the P2M exactly once, a memory map and physmap regions that make sense
 * together and with the P2M, event channels and I/O requests within
 * bounds, device-model states (DM_STATE) last and one per device model.
 * A restorer that has run it knows the file can be restored,
 * short of running out of memory.
 *
 * Portable core: the caller supplies the limits of the build that will
 * restore the file and a scratch array for the P2M's runs; the hypervisor,
 * the unit tests and the fuzz target all run this same code.
 */
#ifndef XEN_LU_SAVEFILE_H
#define XEN_LU_SAVEFILE_H

#include <xen/lu_stream.h>
#include <xen/memmap.h>
#include <xen/physmap.h>

/* A maximal run of P2M extents of one kind, contiguous in gfn. */
struct lu_savefile_run {
    uint64_t gfn;
    uint64_t nr;
    uint32_t type; /* LU_P2M_* */
};

/* What the restoring build can take. */
struct lu_savefile_limits {
    unsigned int max_vcpus;
    unsigned int max_ports;     /* of an event-channel table */
    unsigned int max_io_ranges; /* claimed port ranges */
    uint64_t max_gfn;           /* guest frames are below this */
    /*
     * Why a guest may not have the registers (FPU state, trap handler) of
     * a VCPU record, or NULL; the pointer NULL: any.
     */
    const char *(*vcpu_bad)(const struct lu_rec_vcpu *v);
};

/* The domain a save file holds, once lu_savefile_check() accepted it. */
struct lu_savefile_info {
    uint16_t domid;      /* as it was saved */
    uint16_t dm_domid;
    char name[LU_NAME_LEN];
    uint32_t max_vcpus;
    uint64_t tot_pages;
    uint64_t saved_ns;   /* HYPERVISOR's system time: when it was saved */
    unsigned int nr_regions;
    unsigned int nr_memmap;
    char creator[LU_VERSION_LEN + 1];
};

struct lu_savefile_check {
    /* In: the limits, and room for max_runs runs. */
    struct lu_savefile_limits limits;
    struct lu_savefile_run *runs;
    unsigned long max_runs;
    /* Out: runs the P2M needs (> max_runs: -E2BIG, try again with more). */
    unsigned long nr_runs;
    /* The domain, once it is accepted. */
    struct lu_savefile_info info;
    /* State while reading, in lu_savefile.c. */
    struct lu_rec_domain dom;
    struct lu_rec_vcpu vcpu;
    struct lu_savefile_run last_run;
    bool seen_domain, seen_special, seen_ioreq, seen_memmap, seen_pages;
    bool seen_console_line;
    uint32_t nr_vcpus, nr_ports, virq_found, last_port;
    uint64_t p2m_end, ram_frames, covered;
    unsigned long cursor_run; /* PAGE_DATA: the run it has reached */
    uint64_t cursor_gfn;
    struct lu_rec_memmap memmap_head;
    struct memmap_range memmap[MEMMAP_MAX_EXPORT];
    struct lu_physmap_entry regions[PHYSMAP_MAX_REGIONS];
    char dm_kinds[LU_DM_STATES_MAX][LU_DM_KIND_LEN]; /* DM_STATE's, so far */
    unsigned int nr_dm_states;
    struct memmap map;       /* scratch, for the checks at END */
    struct physmap physmap;
    char err[LU_ERR_LEN];
};

/*
 * Read the save file r was opened on (lu_reader_init() with
 * LU_STREAM_SAVE_FILE) to its END and check it, c->limits and c->runs
 * filled in.  Returns 0 with c->info describing the domain, -E2BIG if the
 * P2M has more runs than c->runs holds (c->nr_runs says how many: give it
 * that many and read the file again), or another negative errno with the
 * reason in lu_savefile_error() (the reader's, or one naming the record).
 */
int lu_savefile_check(struct lu_reader *r, struct lu_savefile_check *c);

static inline const char *lu_savefile_error(const struct lu_savefile_check *c)
{
    return c->err;
}

#endif /* XEN_LU_SAVEFILE_H */
