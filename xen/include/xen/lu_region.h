/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The live-update reserved region: a contiguous, 2 MiB aligned run of RAM
 * below 4 GiB, sized by liveupdate=<size> on a first boot, that never holds
 * live data (no heap page, no domain page).  The next hypervisor is copied
 * into it and its boot allocator works only inside it until it has read its
 * predecessor's stream.  A predecessor passes liveupdate=<size>@<addr> so
 * its successor uses the same region.
 *
 * Portable core: parsing and choosing; the caller carves the region out.
 */
#ifndef XEN_LU_REGION_H
#define XEN_LU_REGION_H

#include <xen/bootinfo.h>
#include <xen/bootmem.h>

#define LU_REGION_ALIGN (2ULL << 20)
#define LU_REGION_LIMIT (4ULL << 30) /* the region lies wholly below this */

struct lu_region_request {
    uint64_t size;  /* bytes, a multiple of LU_REGION_ALIGN; 0: no region */
    paddr_t addr;   /* where it must be, if has_addr */
    bool has_addr;
};

/*
 * Parse "<size>" or "<size>@<addr>" (size with K/M/G suffixes, rounded up
 * to 2 MiB; addr 2 MiB aligned).  Returns 0, or -EINVAL with req untouched.
 */
int lu_region_parse(const char *s, struct lu_region_request *req);

/*
 * What the region must keep clear of and leave over: filled by the caller
 * from the boot so far.
 */
struct lu_region_env {
    paddr_t image_start, image_end; /* the running hypervisor, [start, end) */
    /*
     * The seam for a boot made by live update, whose predecessor copied
     * this image into the region it pins: only then may a pinned region
     * hold the image.  Nothing sets it yet (a first boot passes false).
     */
    bool image_may_overlap;
    bool bootmem_only;       /* lu_bootmem_only: boot memory is the region's */
    unsigned long boot_need; /* frames boot still needs, see below */
};

/*
 * A generous estimate of the frames the rest of boot takes from the boot
 * allocator once the region is chosen, for RAM frames [0, nr_frames): the
 * frame table (one struct page_info per frame, in 2 MiB chunks), page
 * tables for it and for the direct map (one per GiB of address space,
 * plus 16), and LU_REGION_BOOT_SLACK.
 */
unsigned long lu_region_boot_need(unsigned long nr_frames);

#define LU_REGION_BOOT_SLACK (4ULL << 20)

/*
 * Halves, so that a hypervisor can prepare its successor's boot memory
 * before the blackout: a region big enough is used as two halves, each
 * 2 MiB aligned, and a successor boots into the half its predecessor is not
 * running in (the lower one after a first boot, which runs outside the
 * region), which the predecessor zeroed while the guests still ran.
 *
 * lu_region_half() gives half `upper` of the region of pages frames at
 * start; lu_region_in_upper_half() says whether frame m is in the upper one.
 * lu_region_can_halve() says whether a half holds need frames past
 * image_offset bytes, where need is the image and the boot allocations
 * that follow it.
 */
void lu_region_half(mfn_t start, unsigned long pages, bool upper,
                    mfn_t *half, unsigned long *half_pages);
bool lu_region_in_upper_half(mfn_t start, unsigned long pages, mfn_t m);
bool lu_region_can_halve(unsigned long pages, uint64_t image_offset,
                         unsigned long need);

/*
 * Where in the region a running hypervisor's own boot allocations (and
 * image) are, as its boot allocator was restricted: this, not the next
 * image's size alone, says which part the next hypervisor may have.
 */
enum lu_region_use {
    LU_REGION_USE_NONE,  /* nothing: a first boot, the region set aside */
    LU_REGION_USE_LOWER, /* only the lower half, which it booted into */
    LU_REGION_USE_UPPER, /* only the upper half, which it booted into */
    LU_REGION_USE_WHOLE, /* anywhere: its boot memory was the whole region */
};

/*
 * The part of the region of pages frames at start that the next
 * hypervisor boots into, when the running one's use of the region is use
 * and the next one needs need frames past image_offset bytes: the half
 * the running one does not use, if it is confined to a half (or uses none
 * of the region) and a half holds need; otherwise the whole region.
 * Returns whether *part is a half.
 */
bool lu_region_next_part(mfn_t start, unsigned long pages,
                         enum lu_region_use use, uint64_t image_offset,
                         unsigned long need, mfn_t *part,
                         unsigned long *part_pages);

/*
 * Find the region: at req->addr if given, else the highest 2 MiB aligned
 * run of req->size free bytes below 4 GiB in bm.  A pinned region must be
 * RAM in bi, below 4 GiB, clear of the first MiB, of every module and
 * (unless env->image_may_overlap) of the image; other frames there that bm
 * holds busy, such as bad pages, are allowed.  Either way the boot must
 * still find env->boot_need frames: outside the region, or with
 * env->bootmem_only inside it.  Returns 0 with *start set, or -ENOSPC /
 * -EINVAL / -ENOMEM after reporting why the request cannot be met.
 */
int lu_region_choose(const struct bootmem *bm, const struct boot_info *bi,
                     const struct lu_region_request *req,
                     const struct lu_region_env *env, mfn_t *start);

#endif /* XEN_LU_REGION_H */
