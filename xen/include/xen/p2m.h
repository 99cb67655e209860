/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A domain's physical-to-machine map (p2m): guest frame -> machine frame,
 * with a type per entry.
 *
 * A guest runs with virtual == physical, so the p2m is kept directly as the
 * lower half of the guest's own x86-64 page table: one structure for the
 * hardware and for the hypervisor, never out of sync.  Entries use 2 MiB
 * and 1 GiB pages where a run is aligned and contiguous, so a domain's
 * memory costs a handful of entries, not one per page; the type lives in
 * software-available PTE bits, also in not-present entries.
 *
 * Portable core: page-table frames are allocated, freed and reached
 * through struct p2m_pt_ops, so host tests can run it on fake frames.
 * The caller locks.
 */
#ifndef XEN_P2M_H
#define XEN_P2M_H

#include <xen/mm-types.h>

typedef struct {
    unsigned long gfn;
} gfn_t;

#define INVALID_GFN_RAW (~0UL)
#define INVALID_GFN     ((gfn_t){INVALID_GFN_RAW})

static inline gfn_t _gfn(unsigned long g)
{
    return (gfn_t){g};
}

static inline unsigned long gfn_x(gfn_t g)
{
    return g.gfn;
}

/* The p2m's frames are below this: the lower half of a 4-level table. */
#define P2M_MAX_GFN (1UL << (47 - PAGE_SHIFT_4K))

/*
 * Frames a guest may have are below this: all but the last of the lower
 * half, which stays unmapped (as Linux keeps a page below TASK_SIZE_MAX).
 * Code there could run off the end, and an instruction ending at the top
 * would leave a non-canonical rip, on which iretq faults in ring 0.  Every
 * check of a guest frame number uses this limit, not P2M_MAX_GFN.
 */
#define P2M_GUEST_MAX_GFN (P2M_MAX_GFN - 1)

/* The largest order p2m_set_entry() takes: one 1 GiB page. */
#define P2M_MAX_ORDER 18

enum p2m_type {
    p2m_invalid = 0,  /* nothing here (not present) */
    p2m_ram_rw = 1,   /* the domain's RAM */
    p2m_special = 2,  /* a hypervisor page shared with the guest */
    p2m_mmio_dm = 3,  /* emulated by the device model (not present) */
    p2m_foreign = 4,  /* another domain's frame, mapped by a device model */
    p2m_nr_types
};

struct p2m_pt_ops {
    /* A new, zeroed page-table frame, or INVALID_MFN. */
    mfn_t (*alloc)(void *ctx);
    void (*free)(void *ctx, mfn_t mfn);
    /* Where the hypervisor reads and writes table frame mfn. */
    uint64_t *(*map)(void *ctx, mfn_t mfn);
    void *ctx;
};

struct p2m {
    mfn_t root;                  /* the top-level (L4) table */
    struct p2m_pt_ops ops;
    unsigned long table_frames;  /* page-table frames in use, root included */
    unsigned long entries[p2m_nr_types]; /* 4 KiB frames mapped, by type */
};

/* Returns 0 or -ENOMEM. */
int p2m_init(struct p2m *p2m, const struct p2m_pt_ops *ops);

/*
 * Map 2^order frames (order <= P2M_MAX_ORDER) from gfn to mfn (both
 * aligned to 2^order) with type t, replacing what was there; t ==
 * p2m_invalid (mfn ignored) removes.  Uses the largest pages alignment
 * allows and splits larger ones as needed, so a removal can need memory
 * too.  Returns 0, -EINVAL (bad alignment, order, type, gfn, or an mfn
 * beyond what a PTE holds) or -ENOMEM (then the map is unchanged).
 */
int p2m_set_entry(struct p2m *p2m, gfn_t gfn, mfn_t mfn, unsigned int order,
                  enum p2m_type t);

/*
 * What gfn maps to: the machine frame (INVALID_MFN if none), its type, and
 * in *order (if not NULL) the order of the aligned run containing gfn that
 * is mapped the same way.
 */
mfn_t p2m_get_entry(const struct p2m *p2m, gfn_t gfn, enum p2m_type *t,
                    unsigned int *order);

typedef int (*p2m_extent_fn)(void *ctx, gfn_t gfn, mfn_t mfn,
                             unsigned long nr, enum p2m_type t);

/*
 * Call fn for every maximal run of present or typed entries, in gfn order:
 * nr frames from gfn mapping to consecutive frames from mfn with type t.
 * Stops at, and returns, the first non-zero result of fn.
 */
int p2m_for_each_extent(const struct p2m *p2m, p2m_extent_fn fn, void *ctx);

/*
 * common/p2m_move.c: whether every frame of [gfn, gfn + nr) has type t
 * (false if the range leaves the guest-physical space).
 */
bool p2m_range_is(const struct p2m *p2m, gfn_t gfn, unsigned long nr,
                  enum p2m_type t);

/*
 * Move the nr entries from src to dst (which must not overlap), keeping
 * their machine frames: every source frame must be p2m_ram_rw and every
 * destination frame empty.  All or nothing.  Returns 0, -EINVAL (bad
 * range, overlap, a source frame that is not RAM), -EBUSY (a destination
 * frame in use) or -ENOMEM (then the map means what it meant before).
 */
int p2m_move(struct p2m *p2m, gfn_t src, gfn_t dst, unsigned long nr);

/* Free every page-table frame (not the frames mapped). */
void p2m_teardown(struct p2m *p2m);

#endif /* XEN_P2M_H */
