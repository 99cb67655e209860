/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domain builder (xen/domain_build.h).  The memory map is laid out
 * first (xen/domain_memmap.h); each of its RAM ranges is then backed by
 * the largest power-of-two blocks that fit, at gfns aligned to their size:
 * the p2m maps them with 1 GiB and 2 MiB pages, and a domain's memory is a
 * handful of extents.
 */
#include <asm/mm.h>
#include <public/xen.h>
#include <xen/domain_build.h>
#include <xen/domain_memmap.h>
#include <xen/elf.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/heap.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>

#define LARGEST_BLOCK_ORDER 18 /* 1 GiB: the largest page a p2m entry maps */

static unsigned int floor_log2(unsigned long x)
{
    return 63 - __builtin_clzl(x);
}

/* Undo domain_populate_range() from gfn up to (not including) end. */
static void domain_unpopulate(struct domain *d, unsigned long gfn,
                              unsigned long end)
{
    while (gfn < end) {
        mfn_t mfn = p2m_get_entry(&d->p2m, _gfn(gfn), NULL, NULL);
        unsigned int order = mfn_to_page(mfn)->order; /* on the block's head */

        /* Removing exactly the block mapped needs no memory. */
        BUG_ON(p2m_set_entry(&d->p2m, _gfn(gfn), INVALID_MFN, order,
                             p2m_invalid));
        page_list_del(frame_table, &d->page_list, mfn);
        d->tot_pages -= 1UL << order;
        free_domheap_pages(mfn, order);
        gfn += 1UL << order;
    }
}

int domain_populate_range(struct domain *d, unsigned long gfn,
                          unsigned long nr)
{
    unsigned long start = gfn, end = gfn + nr;

    while (gfn < end) {
        unsigned int order = min(floor_log2(end - gfn), LARGEST_BLOCK_ORDER);
        mfn_t mfn;

        if (gfn)
            order = min(order, (unsigned int)__builtin_ctzl(gfn));
        /* Fall back to smaller blocks when memory is fragmented. */
        while (mfn_eq(mfn = alloc_domheap_pages(d->domain_id, order),
                      INVALID_MFN))
            if (!order--)
                goto fail;
        if (p2m_set_entry(&d->p2m, _gfn(gfn), mfn, order, p2m_ram_rw)) {
            free_domheap_pages(mfn, order);
            goto fail;
        }
        mfn_to_page(mfn)->order = order;
        page_list_add_tail(frame_table, &d->page_list, mfn);
        d->tot_pages += 1UL << order;
        gfn += 1UL << order;
    }
    return 0;

 fail:
    domain_unpopulate(d, start, gfn);
    return -ENOMEM;
}

/* Back every RAM range of the domain's memory map.  0 or -ENOMEM. */
static int domain_populate(struct domain *d)
{
    const struct memmap *m = d->memmap;
    unsigned int i;
    int rc = 0;

    for (i = 0; i < m->nr && !rc; i++)
        if (m->r[i].type == MEMMAP_RAM)
            rc = domain_populate_range(d, m->r[i].gfn, m->r[i].nr);
    return rc;
}

static int write_guest(void *ctx, uint64_t paddr, const void *src, size_t len)
{
    static const uint8_t zeroes[256];
    struct domain *d = ctx;

    if (src)
        return copy_to_guest(d, paddr, src, len);
    for (; len; len -= min(len, sizeof(zeroes)), paddr += sizeof(zeroes))
        if (copy_to_guest(d, paddr, zeroes, min(len, sizeof(zeroes))))
            return -EFAULT;
    return 0;
}

static int write_start_info(struct domain *d, const struct domain_config *cfg,
                            const struct elf_image_info *info)
{
    static struct start_info si; /* too big for the stack; boot is serial */

    memset(&si, 0, sizeof(si));
    memcpy(si.magic, XEN_START_INFO_MAGIC, sizeof(XEN_START_INFO_MAGIC));
    si.nr_pages = d->tot_pages;
    si.shared_info_gfn = gfn_x(d->shared_info_gfn);
    si.kernel_start = info->paddr_start;
    si.kernel_end = info->paddr_end;
    si.domid = d->domain_id;
    si.flags = d->is_privileged ? SIF_PRIVILEGED : 0;
    si.nr_vcpus = d->max_vcpus;
    memcpy(si.name, d->name, sizeof(d->name));
    memcpy(si.cmdline, cfg->cmdline, sizeof(cfg->cmdline));
    return copy_to_guest(d, gfn_x(d->start_info_gfn) << PAGE_SHIFT, &si,
                         sizeof(si));
}

/*
 * Check the config and image and lay out the memory map; fill info and
 * *map.  Returns 0 or an errno.
 */
static int domain_build_check(const struct domain_config *cfg,
                              const void *image, size_t size,
                              struct memmap *map, struct elf_image_info *info)
{
    uint64_t start_info_addr;
    int rc;

    if (cfg->memory < DOMAIN_MIN_MEMORY || cfg->memory & (PAGE_SIZE - 1)) {
        printk(XENLOG_ERR "Domain %s: memory must be a multiple of 4 KiB, at "
               "least 2 MiB\n", cfg->name);
        return -EINVAL;
    }
    if ((rc = domain_memmap_layout(cfg, map)))
        return rc;
    /* The start info page is the last page of RAM below the hole. */
    start_info_addr = (memmap_low_ram_end(map) - 1) << PAGE_SHIFT;
    if (elf_check(image, size, start_info_addr + PAGE_SIZE, info))
        return -ENOEXEC;
    if (info->paddr_end > start_info_addr) {
        printk(XENLOG_ERR "Domain %s: kernel [%#lx, %#lx) does not fit below "
               "its start info at %#lx\n", cfg->name,
               (unsigned long)info->paddr_start,
               (unsigned long)info->paddr_end, (unsigned long)start_info_addr);
        return -E2BIG;
    }
    if (!memmap_is_ram(map, info->paddr_start >> PAGE_SHIFT,
                       ((info->paddr_end + PAGE_SIZE - 1) >> PAGE_SHIFT) -
                           (info->paddr_start >> PAGE_SHIFT))) {
        printk(XENLOG_ERR "Domain %s: kernel [%#lx, %#lx) is not all RAM in "
               "its memory map (a reserved range?)\n", cfg->name,
               (unsigned long)info->paddr_start,
               (unsigned long)info->paddr_end);
        return -EINVAL;
    }
    return 0;
}

int domain_build(const struct domain_config *cfg, const void *image,
                 size_t size)
{
    static struct memmap map; /* boot and domctl build one at a time */
    unsigned long nr = cfg->memory >> PAGE_SHIFT, low;
    struct elf_image_info info;
    struct domain *d;
    int rc;

    if ((rc = domain_build_check(cfg, image, size, &map, &info)))
        return rc;
    d = domain_create(cfg->id, cfg->name, cfg->vcpus, cfg->privileged);
    if (!d)
        return -EINVAL;
    *d->memmap = map;
    low = memmap_low_ram_end(&map);
    d->max_pages = nr;
    d->dm_domid = cfg->dm_domid;
    d->on_crash = cfg->on_crash;
    d->start_info_gfn = _gfn(low - 1);
    /* Just past the RAM below the hole, or past a reserved range there. */
    d->shared_info_gfn = _gfn(memmap_first_free(&map, low, 1));
    rc = domain_populate(d);
    if (!rc)
        rc = p2m_set_entry(&d->p2m, d->shared_info_gfn,
                           virt_to_mfn(d->shared_info), 0, p2m_special);
    if (!rc)
        rc = elf_load(image, size, write_guest, d);
    if (!rc)
        rc = write_start_info(d, cfg, &info);
    if (rc) {
        printk(XENLOG_ERR "Domain %u (%s): build failed (%d)\n", cfg->id,
               cfg->name, rc);
        domain_destroy(d);
        return rc;
    }
    arch_vcpu_init(d->vcpu[0], info.entry, gfn_x(d->start_info_gfn) << PAGE_SHIFT,
                   gfn_x(d->start_info_gfn) << PAGE_SHIFT);
    d->vcpu[0]->is_initialised = true;
    printk("Domain %u (%s): %lu MiB, %u vCPU%s, entry %#lx\n", d->domain_id,
           d->name, nr >> (20 - PAGE_SHIFT), d->max_vcpus,
           d->max_vcpus == 1 ? "" : "s", (unsigned long)info.entry);
    domain_unpause(d);
    return 0;
}
