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
 * live update disabled.  Choosing only reads the boot allocator; the caller
 * removes the region from it.
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
 * True if every byte of [start, end) is RAM in bi.  Touching or overlapping
 * RAM entries count as one, and bi need not be sorted.
 */
static bool lu_region_in_ram(const struct boot_info *bi, uint64_t start,
                             uint64_t end)
{
    const struct boot_mem_range *m;
    bool grew = true;
    unsigned int k;

    while (start < end && grew) {
        grew = false;
        for (k = 0; k < bi->nr_ranges; k++) {
            m = &bi->ranges[k];
            if (m->type == BOOT_MEM_RAM && m->start <= start &&
                m->size > start - m->start) {
                start = m->start + m->size;
                if (start < m->start) /* the entry runs to the top */
                    return true;
                grew = true;
            }
        }
    }
    return start >= end;
}

/* Check the region the request pins at req->addr; see lu_region_choose(). */
static int lu_region_check_at(const struct boot_info *bi,
                              const struct lu_region_request *req,
                              mfn_t *start)
{
    uint64_t addr = req->addr, size = req->size;

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
    unsigned long top = (unsigned long)(LU_REGION_LIMIT >> PAGE_SHIFT_4K);
    unsigned long s, e, at;
    unsigned int i;

    for (i = bm->nr_ranges; i-- > 0;) {
        s = bm->ranges[i].start;
        e = min(bm->ranges[i].end, top);
        if (e <= s || e - s < nr)
            continue;
        at = (e - nr) & ~(align - 1);
        if (at >= s) {
            *start = _mfn(at);
            return 0;
        }
    }
    printk(XENLOG_ERR "liveupdate: no free 2 MiB aligned run of %lu MiB "
           "below 4 GiB\n", (unsigned long)(req->size >> 20));
    return -ENOSPC;
}

/*
 * The allocator's restriction window, if any, is ignored: it limits what
 * bootmem_alloc() hands out, not where the region may go.
 */
int lu_region_choose(const struct bootmem *bm, const struct boot_info *bi,
                     const struct lu_region_request *req, mfn_t *start)
{
    if (!req->size || (req->size & LU_REGION_MASK)) {
        printk(XENLOG_ERR "liveupdate: region size 0x%lx is not a positive "
               "multiple of 2 MiB\n", (unsigned long)req->size);
        return -EINVAL;
    }
    if (req->has_addr)
        return lu_region_check_at(bi, req, start);
    return lu_region_find(bm, req, start);
}
