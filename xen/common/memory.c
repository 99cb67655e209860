/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op (public/memory.h): a domain's memory map (read and relocated
 * in common/domain_memmap.c), its size, and populating more of its
 * physmap within its allowance.
 */
#include <asm/current.h>
#include <asm/mm.h>
#include <public/memory.h>
#include <xen/domain_memmap.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/memmap.h>
#include <xen/mm.h>
#include <xen/sched.h>

/* Back one extent at gfn with new RAM.  Returns 0 or a negative errno. */
static long populate_extent(struct domain *d, unsigned long gfn,
                            unsigned int order)
{
    unsigned long n = 1UL << order;
    enum p2m_type t;
    mfn_t mfn;

    if ((gfn & (n - 1)) || gfn >= P2M_MAX_GFN || P2M_MAX_GFN - gfn < n)
        return -EINVAL;
    p2m_get_entry(&d->p2m, _gfn(gfn), &t, NULL);
    if (t != p2m_invalid)
        return -EBUSY;
    /* Never RAM on a reserved range or in the hole (device-model regions). */
    if (memmap_overlaps(d->memmap, gfn, n, MEMMAP_NOT_RAM))
        return -EPERM;
    if (gfn < MEMMAP_GFN_4G && gfn + n > d->memmap->hole_start)
        return -EINVAL;
    if (d->tot_pages + n > d->max_pages)
        return -ENOMEM;
    mfn = alloc_domheap_pages(d->domain_id, order);
    if (mfn_eq(mfn, INVALID_MFN))
        return -ENOMEM;
    if (p2m_set_entry(&d->p2m, _gfn(gfn), mfn, order, p2m_ram_rw)) {
        free_domheap_pages(mfn, order);
        return -ENOMEM;
    }
    mfn_to_page(mfn)->order = order;
    page_list_add_tail(frame_table, &d->page_list, mfn);
    d->tot_pages += n;
    return 0;
}

static long populate_physmap(struct domain *d, uint64_t arg)
{
    struct xen_memory_reservation r;
    unsigned long i;

    if (copy_from_guest(d, &r, arg, sizeof(r)))
        return -EFAULT;
    if (!domain_resolve(d, r.domid))
        return -EPERM;
    if (r.extent_order > 18)
        return -EINVAL;
    for (i = 0; i < r.nr_extents; i++) {
        uint64_t gfn;
        long rc;

        if (copy_from_guest(d, &gfn, r.extent_start + i * sizeof(gfn),
                            sizeof(gfn)))
            return i ? (long)i : -EFAULT;
        if ((rc = populate_extent(d, gfn, r.extent_order)))
            return i ? (long)i : rc;
    }
    return i;
}

long do_memory_op(unsigned long cmd, uint64_t arg)
{
    struct domain *d = current->domain;

    switch (cmd) {
    case XENMEM_memory_map:
        return domain_memmap_copy_out(d, d->memmap, arg);
    case XENMEM_relocate_ram:
        return domain_memmap_relocate(d, arg);
    case XENMEM_current_reservation:
        return d->tot_pages;
    case XENMEM_populate_physmap:
        return populate_physmap(d, arg);
    default:
        return -ENOSYS;
    }
}
