/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A guest's memory map, which the hypervisor owns: where its RAM is, the
 * MMIO hole below 4 GiB, and reserved ranges (reserved device memory, RDM)
 * that are never RAM.  The guest reads it (XENMEM_memory_map), its device
 * model reads it (XEN_DMOP_get_memory_map) and is told when it changes,
 * and live update carries it (MEMMAP records), so no two components ever
 * have to compute the same layout on their own.
 *
 *     0 ........ RAM (around reserved ranges) ........ hole_start
 *     hole_start ........ MMIO hole (and reserved ranges) ....... 4 GiB
 *     4 GiB ........ the rest of the RAM (around reserved ranges) ...
 *
 * The map changes only by relocation: guest firmware moves the RAM just
 * below the hole to 4 GiB or above, and the hole grows down over it.
 * Every change bumps the generation.
 *
 * Portable core: plain data and checks, no globals, no p2m (the caller
 * makes the p2m match); every function that refuses says why in *why.
 */
#ifndef XEN_MEMMAP_H
#define XEN_MEMMAP_H

#include <xen/types.h>

/* Range types: the same numbers in the guest ABI and the stream. */
enum memmap_type {
    MEMMAP_RAM = 1,      /* the domain's RAM */
    MEMMAP_RESERVED = 2, /* never RAM; nothing there */
    MEMMAP_MMIO = 3,     /* the MMIO hole (exported only; see hole_start) */
    MEMMAP_RDM = 4,      /* reserved device memory: never RAM */
};

#define MEMMAP_TYPE_BIT(t)  (1u << (t))
#define MEMMAP_NOT_RAM      (MEMMAP_TYPE_BIT(MEMMAP_RESERVED) | \
                             MEMMAP_TYPE_BIT(MEMMAP_RDM))

#define MEMMAP_MAX_RANGES 32 /* RAM and reserved ranges of one domain */
/* An export: the ranges plus an MMIO piece before and after each one. */
#define MEMMAP_MAX_EXPORT (2 * MEMMAP_MAX_RANGES + 1)

#define MEMMAP_GFN_4G     (1UL << 20)
/* The hole may start no lower than 64 MiB: at most 4032 MiB big. */
#define MEMMAP_HOLE_MIN   (64UL << 8)
#define MEMMAP_HOLE_MIB_DEFAULT 256
#define MEMMAP_HOLE_MIB_MIN     256
#define MEMMAP_HOLE_MIB_MAX     4032

struct memmap_range {
    unsigned long gfn; /* first frame */
    unsigned long nr;  /* frames, at least 1 */
    unsigned int type; /* enum memmap_type */
};

struct memmap {
    unsigned long hole_start; /* the MMIO hole is [hole_start, 4 GiB) */
    unsigned int nr;
    /* RAM and reserved ranges, sorted, disjoint, neighbours of a type merged. */
    struct memmap_range r[MEMMAP_MAX_RANGES];
    uint64_t generation;      /* 0: never built */
};

/* An empty map: no RAM, no hole, generation 0. */
void memmap_init(struct memmap *m);

/*
 * The first frame of a hole of mib MiB (0: the default, 256 MiB).
 * Returns 0, or -EINVAL if mib is outside [256, 4032].
 */
int memmap_hole_start(unsigned int mib, unsigned long *hole_start,
                      const char **why);

/*
 * Lay out ram frames of RAM: from 0 up to hole_start, then from 4 GiB up,
 * never on the nr_rdm reserved ranges (which may overlap each other and
 * may lie anywhere, the hole included).  Returns 0, -EINVAL (bad hole or
 * range), -E2BIG (the RAM does not fit in the guest-physical space) or
 * -ENOSPC (too many ranges); m is changed only on success.
 */
int memmap_build(struct memmap *m, unsigned long ram, unsigned long hole_start,
                 const struct memmap_range *rdm, unsigned int nr_rdm,
                 const char **why);

/*
 * Relocate the nr frames of RAM at first -- the RAM right below the hole:
 * no RAM lies between first + nr and the hole -- to dest, at or above
 * 4 GiB; the hole then starts at first.  Returns 0 (generation bumped),
 * -EINVAL (malformed, not all RAM, not right below the hole, the hole
 * would start below MEMMAP_HOLE_MIN, dest below 4 GiB), -EPERM (dest
 * overlaps a reserved range), -EBUSY (dest overlaps RAM) or -ENOSPC (the
 * map is full); m is changed only on success.
 */
int memmap_relocate(struct memmap *m, unsigned long first, unsigned long nr,
                    unsigned long dest, const char **why);

/* Whether [gfn, gfn + nr) overlaps a range of a type in types (bits). */
bool memmap_overlaps(const struct memmap *m, unsigned long gfn,
                     unsigned long nr, unsigned int types);

/* Whether [gfn, gfn + nr) is all RAM. */
bool memmap_is_ram(const struct memmap *m, unsigned long gfn,
                   unsigned long nr);

/* Whether [gfn, gfn + nr) lies in the MMIO hole. */
bool memmap_in_hole(const struct memmap *m, unsigned long gfn,
                    unsigned long nr);

/* Frames of RAM in the map. */
unsigned long memmap_ram_frames(const struct memmap *m);

/* One past the last RAM frame below the hole; 0 if there is none. */
unsigned long memmap_low_ram_end(const struct memmap *m);

/* The first gfn >= from where nr frames overlap no range of the map. */
unsigned long memmap_first_free(const struct memmap *m, unsigned long from,
                                unsigned long nr);

/*
 * The whole map as ranges in gfn order, the hole as MMIO pieces around the
 * reserved ranges in it: fills out[0, max) and returns the count, which
 * never exceeds MEMMAP_MAX_EXPORT.
 */
unsigned int memmap_export(const struct memmap *m, struct memmap_range *out,
                           unsigned int max);

/*
 * The inverse of memmap_export(), for a map read from a live-update
 * stream: n ranges in gfn order, not overlapping, the MMIO ones (with
 * reserved ranges among them) making one run up to 4 GiB that RAM never
 * enters.  Returns 0, -EINVAL or -ENOSPC; m is changed only on success.
 */
int memmap_import(struct memmap *m, const struct memmap_range *in,
                  unsigned int n, uint64_t generation, const char **why);

/*
 * Parse the guest-physical range s..e (e excluded) "START-END": byte
 * addresses, START at the start of a page and END (inclusive) at the end
 * of one, as in 0xfed00000-0xfed03fff, in any base simple_strtoull()
 * takes.  Fills *out as RDM.  Returns 0 or -EINVAL.
 */
int memmap_parse_range(const char *s, const char *e, struct memmap_range *out,
                       const char **why);

#endif /* XEN_MEMMAP_H */
