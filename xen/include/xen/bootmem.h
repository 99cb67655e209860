/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot allocator: hands out runs of frames before the heap exists.
 *
 * It keeps the free RAM as sorted, disjoint frame ranges.  Boot code adds
 * the RAM from the memory map, removes what is in use (the image, modules,
 * bad pages, the live-update region), allocates what it needs (page tables,
 * the frame table), and at the end takes the remaining ranges out one by
 * one to give them to the heap.
 *
 * An allocator can be restricted to one range of frames: a hypervisor
 * booted by live update allocates only from the reserved region until it
 * knows which other frames hold live data.
 *
 * Which frames of the memory map are RAM is answered here too, once, for
 * everyone who reads the map in frames (the boot allocator's own setup, the
 * direct map, badpage=, the live-update region): only whole 4 KiB frames
 * inside RAM entries count, because a partial frame is not usable RAM.
 *
 * Portable core: all state is in struct bootmem.
 */
#ifndef XEN_BOOTMEM_H
#define XEN_BOOTMEM_H

#include <xen/bootinfo.h>
#include <xen/mm-types.h>

#define BOOTMEM_MAX_RANGES 256

/* The first MiB belongs to the firmware: boot never uses any of it. */
#define BOOTMEM_LOW_END 0x100000ULL

struct bootmem_range {
    unsigned long start; /* first free frame */
    unsigned long end;   /* one past the last */
};

struct bootmem {
    unsigned int nr_ranges;
    struct bootmem_range ranges[BOOTMEM_MAX_RANGES];
    /* Allocation window [limit_start, limit_end); both 0 if unrestricted. */
    unsigned long limit_start, limit_end;
};

void bootmem_init(struct bootmem *bm);

/*
 * Add count free frames from start, merging with neighbours.  Returns 0, or
 * -ENOSPC if the range table is full (the frames are then not added).
 * Here and below, a count of 0 does nothing and a range that would run
 * past INVALID_MFN (start + count overflowing included) is clipped there.
 */
int bootmem_add(struct bootmem *bm, mfn_t start, unsigned long count);

/*
 * Remove count frames from start wherever they are free (frames that are
 * not free are ignored).  Returns 0, or -ENOSPC if a split needed a table
 * slot that was not there (then nothing was removed).
 */
int bootmem_remove(struct bootmem *bm, mfn_t start, unsigned long count);

/* Allocate only from [start, start + count) from now on; count 0 lifts it. */
void bootmem_restrict(struct bootmem *bm, mfn_t start, unsigned long count);

/*
 * Allocate nr contiguous frames whose first frame is a multiple of align
 * (a power of two, in frames; 0 or 1 for any) and which all lie below limit
 * (INVALID_MFN for no limit), from the highest such place.  Returns the
 * first frame, or INVALID_MFN if there is no such run, nr is 0 or align is
 * not a power of two.  The frames' contents are untouched.  With the range
 * table full, only places that do not split a range can be used.
 */
mfn_t bootmem_alloc(struct bootmem *bm, unsigned long nr, unsigned long align,
                    mfn_t limit);

/*
 * Where bootmem_alloc() would look first, without allocating and whatever
 * the restriction: the highest first frame of nr free frames, aligned to
 * align and all below limit.  Returns INVALID_MFN if there is none, nr is
 * 0 or align is not a power of two.
 */
mfn_t bootmem_find_high(const struct bootmem *bm, unsigned long nr,
                        unsigned long align, mfn_t limit);

/*
 * Take the lowest free range out of the allocator, ignoring any
 * restriction.  Returns false when none is left.
 */
bool bootmem_take(struct bootmem *bm, mfn_t *start, unsigned long *count);

/* Frames still free. */
unsigned long bootmem_free_pages(const struct bootmem *bm);

/* Frames still free among [start, start + count) (clipped at INVALID_MFN). */
unsigned long bootmem_free_pages_in(const struct bootmem *bm, mfn_t start,
                                    unsigned long count);

/*
 * The whole frames [*first, *end) of memory-map entry r below frame limit,
 * rounded inward: a partial frame at either edge is not RAM.  Safe for any
 * start and size (an entry near 2^64 neither wraps nor rounds past limit).
 * Returns false, leaving *first and *end alone, if r is not RAM or holds
 * no whole frame below limit.
 */
bool bootmem_entry_frames(const struct boot_mem_range *r, unsigned long limit,
                          unsigned long *first, unsigned long *end);

/*
 * The run of RAM frames in bi at or after frame f, with touching or
 * overlapping RAM entries joined (bi need not be sorted): if f is RAM,
 * *first <= f < *end and *end is where its run ends; else [*first, *end)
 * is the next run above f.  Returns false if there is none.
 */
bool bootmem_ram_run(const struct boot_info *bi, unsigned long f,
                     unsigned long *first, unsigned long *end);

#endif /* XEN_BOOTMEM_H */
