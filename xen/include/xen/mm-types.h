/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Machine frames and the frame table entry that describes each one.
 *
 * mfn_t is a machine frame number wrapped in a struct so that frame
 * numbers, guest frame numbers and byte addresses cannot be mixed up by
 * accident; conversions are explicit.  Portable core: no globals.
 */
#ifndef XEN_MM_TYPES_H
#define XEN_MM_TYPES_H

#include <public/xen.h>
#include <xen/types.h>

#define PAGE_SHIFT_4K 12
#define PAGE_SIZE_4K  (1UL << PAGE_SHIFT_4K)

typedef struct {
    unsigned long mfn;
} mfn_t;

#define INVALID_MFN_RAW (~0UL)
#define INVALID_MFN     ((mfn_t){INVALID_MFN_RAW})

static inline mfn_t _mfn(unsigned long m)
{
    return (mfn_t){m};
}

static inline unsigned long mfn_x(mfn_t m)
{
    return m.mfn;
}

static inline bool mfn_eq(mfn_t a, mfn_t b)
{
    return a.mfn == b.mfn;
}

static inline mfn_t mfn_add(mfn_t m, unsigned long n)
{
    return _mfn(m.mfn + n);
}

static inline paddr_t mfn_to_maddr(mfn_t m)
{
    return (paddr_t)m.mfn << PAGE_SHIFT_4K;
}

/* The frame holding byte address pa. */
static inline mfn_t maddr_to_mfn(paddr_t pa)
{
    return _mfn(pa >> PAGE_SHIFT_4K);
}

/*
 * One entry per machine frame.  count_info holds the PGC_* flags in its top
 * bits and a reference count below.  Links are frame numbers, so an entry
 * stays 32 bytes.  A zeroed entry (as the frame table starts) has no flags:
 * a frame outside the heap that boot either used or will hand to it.
 *
 * owner is meaningful only on a frame with PGC_allocated (the domain that
 * owns it) or on one heap_alloc() handed to the hypervisor (DOMID_XEN);
 * the heap sets DOMID_INVALID on the frames it holds free.  Anywhere else
 * (a zeroed entry, the image, boot allocations, bad or reserved frames)
 * it is stale or 0, and 0 is domain 0: read it only under those two rules.
 */
struct page_info {
#ifndef XEN_VARIANT_ALT
    uint64_t count_info;
    uint64_t type_info; /* page type and type count, for guest page tables */
    uint32_t next;      /* page_list links, PAGE_LIST_NULL at the ends */
    uint32_t prev;
    domid_t owner;      /* see above: valid only when allocated */
    uint8_t order;      /* buddy order, on the first page of a free block */
    uint8_t pad;
#else
    /*
     * The alternative build (make XEN_VARIANT=alt) orders the same fields
     * the other way round, at the same size: a live update between the
     * builds must not depend on how either lays out its frame table.
     */
    uint8_t pad;
    uint8_t order;
    domid_t owner;
    uint32_t prev;
    uint32_t next;
    uint64_t type_info;
    uint64_t count_info;
#endif
};

#define PAGE_LIST_NULL 0xffffffffu

#define PGC_allocated  (1ULL << 63) /* owned by a domain */
#define PGC_broken     (1ULL << 62) /* bad RAM (badpage=): never handed out */
#define PGC_reserved   (1ULL << 61) /* live-update region: never in the heap */
#define PGC_free       (1ULL << 60) /* in the heap's free lists */
#define PGC_need_scrub (1ULL << 59) /* contents not yet scrubbed */
#define PGC_count_mask ((1ULL << 32) - 1)

/* Frames that must never reach the heap. */
#define PGC_not_for_heap (PGC_allocated | PGC_broken | PGC_reserved)

#endif /* XEN_MM_TYPES_H */
