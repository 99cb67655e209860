/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The live-update reserved region (see xen/lu_region.h): parsing
 * liveupdate=<size>[@<addr>] and choosing where the region goes.  Both size
 * and address are read by parse_size_and_unit(), so each may be a plain
 * number in any base simple_strtoull() takes (0x.. hex, 0.. octal, decimal)
 * with an optional K/M/G/T suffix: "256M", "256M@0x40000000" and
 * "0x10000000@1G" are all fine.  Neither may have blanks or trailing junk.
 * Nothing here may stop the boot: a request that cannot be met is reported
 * with the reason and returned as an error, and the caller carries on with
 * live update disabled.  That includes a region that fits but would leave
 * the rest of boot too little memory (the frame table alone is 1/128 of
 * RAM), so a boot never panics later for want of it.  Choosing only reads
 * the boot allocator; the caller removes the region from it.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/lu_region.h>
#include <xen/param.h>

#define LU_REGION_MASK (LU_REGION_ALIGN - 1)

/* Report why the liveupdate= value s is rejected; returns -EINVAL. */
static int lu_region_bad(const char *s, const char *why)
{
    printk(XENLOG_WARNING "liveupdate: bad value '%s': %s\n", s, why);
    return -EINVAL;
}

int lu_region_parse(const char *s, struct lu_region_request *req)
{
    const char *e, *a;
    uint64_t size, addr = 0;
    bool has_addr = false;

    if (!s)
        return -EINVAL;
    size = parse_size_and_unit(s, &e);
    if (e == s)
        return lu_region_bad(s, "size is not a number");
    if (!size)
        return lu_region_bad(s, "size is zero");
    if (size > UINT64_MAX - LU_REGION_MASK)
        return lu_region_bad(s, "size too large");
    if (*e == '@') {
        a = e + 1;
        addr = parse_size_and_unit(a, &e);
        if (e == a)
            return lu_region_bad(s, "address is not a number");
        if (addr == UINT64_MAX)
            return lu_region_bad(s, "address too large");
        has_addr = true;
    }
    if (*e)
        return lu_region_bad(s, "trailing characters");
    if (addr & LU_REGION_MASK)
        return lu_region_bad(s, "address not 2 MiB aligned");

    req->size = (size + LU_REGION_MASK) & ~LU_REGION_MASK;
    req->addr = addr;
    req->has_addr = has_addr;
    return 0;
}

/*
 * True if every frame of [start, end) (both 2 MiB aligned here) is RAM in
 * bi: one run of RAM, as bootmem counts it, holds them all.
 */
static bool lu_region_in_ram(const struct boot_info *bi, uint64_t start,
                             uint64_t end)
{
    unsigned long f = (unsigned long)(start >> PAGE_SHIFT_4K), rs, re;

    return bootmem_ram_run(bi, f, &rs, &re) && rs <= f &&
           re >= (unsigned long)(end >> PAGE_SHIFT_4K);
}

static bool lu_region_overlaps(uint64_t s1, uint64_t e1, uint64_t s2,
                               uint64_t e2)
{
    return s1 < e2 && s2 < e1;
}

/*
 * A pinned region [addr, end) must leave the firmware's first MiB, the
 * modules and (on a first boot) the running image alone: they are in use
 * and the region is overwritten by the next image.  Reports what overlaps.
 */
static int lu_region_check_clear(const struct boot_info *bi,
                                 const struct lu_region_env *env,
                                 uint64_t addr, uint64_t end)
{
    const struct boot_module *m;
    unsigned int i;

    if (addr < BOOTMEM_LOW_END) {
        printk(XENLOG_ERR "liveupdate: region 0x%lx-0x%lx overlaps the first "
               "MiB, which is left to the firmware\n", (unsigned long)addr,
               (unsigned long)end);
        return -EINVAL;
    }
    if (!env->image_may_overlap &&
        lu_region_overlaps(addr, end, env->image_start, env->image_end)) {
        printk(XENLOG_ERR "liveupdate: region 0x%lx-0x%lx overlaps the "
               "hypervisor image at 0x%lx-0x%lx\n", (unsigned long)addr,
               (unsigned long)end, (unsigned long)env->image_start,
               (unsigned long)env->image_end);
        return -EINVAL;
    }
    for (i = 0; i < bi->nr_modules; i++) {
        m = &bi->modules[i];
        if (lu_region_overlaps(addr, end, m->start, m->start + m->size)) {
            printk(XENLOG_ERR "liveupdate: region 0x%lx-0x%lx overlaps "
                   "module %u at 0x%lx-0x%lx\n", (unsigned long)addr,
                   (unsigned long)end, i, (unsigned long)m->start,
                   (unsigned long)(m->start + m->size));
            return -EINVAL;
        }
    }
    return 0;
}

/* Check the region the request pins at req->addr; see lu_region_choose(). */
static int lu_region_check_at(const struct boot_info *bi,
                              const struct lu_region_request *req,
                              const struct lu_region_env *env, mfn_t *start)
{
    uint64_t addr = req->addr, size = req->size;
    int rc;

    if (addr & LU_REGION_MASK) {
        printk(XENLOG_ERR "liveupdate: region address 0x%lx is not 2 MiB "
               "aligned\n", (unsigned long)addr);
        return -EINVAL;
    }
    if (addr > LU_REGION_LIMIT || size > LU_REGION_LIMIT - addr) {
        printk(XENLOG_ERR "liveupdate: region of %lu MiB at 0x%lx does not "
               "lie below 4 GiB\n", (unsigned long)(size >> 20),
               (unsigned long)addr);
        return -EINVAL;
    }
    rc = lu_region_check_clear(bi, env, addr, addr + size);
    if (rc)
        return rc;
    if (!lu_region_in_ram(bi, addr, addr + size)) {
        printk(XENLOG_ERR "liveupdate: region 0x%lx-0x%lx is not all RAM\n",
               (unsigned long)addr, (unsigned long)(addr + size));
        return -EINVAL;
    }
    *start = maddr_to_mfn(addr);
    return 0;
}

/* Find the highest aligned free run for the request in bm's free ranges. */
static int lu_region_find(const struct bootmem *bm,
                          const struct lu_region_request *req, mfn_t *start)
{
    unsigned long nr = (unsigned long)(req->size >> PAGE_SHIFT_4K);
    unsigned long align = (unsigned long)(LU_REGION_ALIGN >> PAGE_SHIFT_4K);
    mfn_t top = maddr_to_mfn(LU_REGION_LIMIT);

    *start = bootmem_find_high(bm, nr, align, top);
    if (!mfn_eq(*start, INVALID_MFN))
        return 0;
    printk(XENLOG_ERR "liveupdate: no free 2 MiB aligned run of %lu MiB "
           "below 4 GiB\n", (unsigned long)(req->size >> 20));
    return -ENOSPC;
}

#define FRAMES_PER_MIB (1UL << (20 - PAGE_SHIFT_4K))
#define FRAMES_PER_2MIB (2 * FRAMES_PER_MIB)
#define FRAMES_PER_GIB (1UL << (30 - PAGE_SHIFT_4K))
#define ENTRIES_PER_FRAME (PAGE_SIZE_4K / sizeof(struct page_info))

/* n / d rounded up, for any n. */
static unsigned long lu_div_up(unsigned long n, unsigned long d)
{
    return n / d + (n % d != 0);
}

unsigned long lu_region_boot_need(unsigned long nr_frames)
{
    unsigned long ft = lu_div_up(nr_frames, ENTRIES_PER_FRAME);

    ft = lu_div_up(ft, FRAMES_PER_2MIB) * FRAMES_PER_2MIB;
    return ft + lu_div_up(nr_frames, FRAMES_PER_GIB) + 16 +
           (unsigned long)(LU_REGION_BOOT_SLACK >> PAGE_SHIFT_4K);
}

/* Frames in each half: half the region, whole 2 MiB chunks. */
static unsigned long lu_half_pages(unsigned long pages)
{
    return pages / 2 / FRAMES_PER_2MIB * FRAMES_PER_2MIB;
}

void lu_region_half(mfn_t start, unsigned long pages, bool upper,
                    mfn_t *half, unsigned long *half_pages)
{
    *half_pages = lu_half_pages(pages);
    *half = mfn_add(start, upper ? *half_pages : 0);
}

bool lu_region_in_upper_half(mfn_t start, unsigned long pages, mfn_t m)
{
    return mfn_x(m) >= mfn_x(start) + lu_half_pages(pages);
}

bool lu_region_can_halve(unsigned long pages, uint64_t image_offset,
                         unsigned long need)
{
    unsigned long offset = lu_div_up(image_offset, PAGE_SIZE_4K);
    unsigned long half = lu_half_pages(pages);

    return half > offset && half - offset >= need;
}

bool lu_region_next_part(mfn_t start, unsigned long pages,
                         enum lu_region_use use, uint64_t image_offset,
                         unsigned long need, mfn_t *part,
                         unsigned long *part_pages)
{
    *part = start;
    *part_pages = pages;
    /*
     * Boot memory over the whole region is handed out from the top down,
     * so a hypervisor whose image is in the lower half has its frame table
     * in the upper one: neither half is free to zero while it runs.
     */
    if (use == LU_REGION_USE_WHOLE ||
        !lu_region_can_halve(pages, image_offset, need))
        return false;
    lu_region_half(start, pages, use == LU_REGION_USE_LOWER, part,
                   part_pages);
    return true;
}

/*
 * Refuse a region that would starve the rest of boot: without
 * lu_bootmem_only boot memory is what bm has outside the region, with it
 * what bm has inside.  Reports both figures in MiB.
 */
static int lu_region_check_room(const struct bootmem *bm,
                                const struct lu_region_request *req,
                                const struct lu_region_env *env, mfn_t start)
{
    unsigned long nr = (unsigned long)(req->size >> PAGE_SHIFT_4K);
    unsigned long inside = bootmem_free_pages_in(bm, start, nr);
    unsigned long have = env->bootmem_only ? inside
                                           : bootmem_free_pages(bm) - inside;

    if (have >= env->boot_need)
        return 0;
    printk(XENLOG_ERR "liveupdate: region of %lu MiB leaves %lu MiB of boot "
           "memory %s, but boot needs %lu MiB\n",
           (unsigned long)(req->size >> 20), have / FRAMES_PER_MIB,
           env->bootmem_only ? "inside it (lu_bootmem_only)" : "outside it",
           lu_div_up(env->boot_need, FRAMES_PER_MIB));
    return -ENOSPC;
}

/*
 * The allocator's restriction window, if any, is ignored: it limits what
 * bootmem_alloc() hands out, not where the region may go.
 */
int lu_region_choose(const struct bootmem *bm, const struct boot_info *bi,
                     const struct lu_region_request *req,
                     const struct lu_region_env *env, mfn_t *start)
{
    mfn_t at;
    int rc;

    if (!req->size || (req->size & LU_REGION_MASK)) {
        printk(XENLOG_ERR "liveupdate: region size 0x%lx is not a positive "
               "multiple of 2 MiB\n", (unsigned long)req->size);
        return -EINVAL;
    }
    if (req->has_addr)
        rc = lu_region_check_at(bi, req, env, &at);
    else
        rc = lu_region_find(bm, req, &at);
    if (!rc)
        rc = lu_region_check_room(bm, req, env, at);
    if (!rc)
        *start = at;
    return rc;
}
