/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op (public/memory.h): a domain's memory map (read and relocated
 * in common/domain_memmap.c), its size, populating more of its physmap
 * within its allowance, and giving RAM back -- unless its device model
 * maps it.
 */
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <public/memory.h>
#include <xen/domain_memmap.h>
#include <xen/errno.h>
#include <xen/foreign_map.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/memmap.h>
#include <xen/mm.h>
#include <xen/sched.h>

/* As populate_extent(), with d->lock held and the place checked. */
static long populate_locked(struct domain *d, unsigned long gfn,
                            unsigned int order)
{
    unsigned long n = 1UL << order;
    mfn_t mfn;

    /* Every frame: p2m_set_entry() would drop a mapping there unseen. */
    if (!p2m_range_is(&d->p2m, _gfn(gfn), n, p2m_invalid))
        return -EBUSY;
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

/*
 * Back one extent at gfn with new RAM, only where the memory map has RAM:
 * never on a reserved range, in the hole (device-model regions) or past
 * the RAM (the shared info page).  Returns 0 or a negative errno.
 */
static long populate_extent(struct domain *d, unsigned long gfn,
                            unsigned int order)
{
    unsigned long n = 1UL << order;
    long rc;

    if ((gfn & (n - 1)) || gfn >= P2M_GUEST_MAX_GFN ||
        P2M_GUEST_MAX_GFN - gfn < n)
        return -EINVAL;
    if (memmap_overlaps(d->memmap, gfn, n, MEMMAP_NOT_RAM))
        return -EPERM;
    if (!memmap_is_ram(d->memmap, gfn, n))
        return -EINVAL;
    spin_lock(&d->lock);
    rc = populate_locked(d, gfn, order);
    spin_unlock(&d->lock);
    return rc;
}

/* Take frame m out of d's page list, halving the block it is in around it. */
static void page_list_take(struct domain *d, mfn_t m)
{
    unsigned long head, x = mfn_x(m);
    unsigned int order = 0;

    page_list_for_each(head, frame_table, &d->page_list) {
        order = frame_table[head].order;
        if (x >= head && x - head < (1UL << order))
            break;
    }
    BUG_ON(head == PAGE_LIST_NULL); /* d owns m: it is in one of them */
    page_list_del(frame_table, &d->page_list, _mfn(head));
    while (order--) {
        unsigned long half = head + (1UL << order);
        unsigned long other = x < half ? half : head;

        frame_table[other].order = (uint8_t)order;
        page_list_add_tail(frame_table, &d->page_list, _mfn(other));
        head = x < half ? head : half;
    }
}

/*
 * As decrease_extent(), with d->lock held: the p2m and the frame's
 * references (foreign mappings take them under this lock too) are looked
 * at and changed in one go.  Sets *mfn to the frame to free.
 */
static long decrease_locked(struct domain *d, unsigned long gfn, mfn_t *mfn)
{
    enum p2m_type t;
    long rc;

    *mfn = p2m_get_entry(&d->p2m, _gfn(gfn), &t, NULL);
    if (t != p2m_ram_rw || !memmap_is_ram(d->memmap, gfn, 1))
        return -EINVAL;
    if (foreign_frame_mapped(*mfn))
        return -EBUSY; /* its device model maps it */
    rc = p2m_set_entry(&d->p2m, _gfn(gfn), INVALID_MFN, 0, p2m_invalid);
    if (rc)
        return rc;
    page_list_take(d, *mfn);
    d->tot_pages--;
    return 0;
}

/* Give back the RAM frame at gfn.  Returns 0 or a negative errno. */
static long decrease_extent(struct domain *d, unsigned long gfn,
                            unsigned int order)
{
    mfn_t mfn;
    long rc;

    if (order || gfn >= P2M_GUEST_MAX_GFN)
        return -EINVAL;
    spin_lock(&d->lock);
    rc = decrease_locked(d, gfn, &mfn);
    spin_unlock(&d->lock);
    if (rc)
        return rc;
    flush_tlb_local();
    free_domheap_pages(mfn, 0);
    return 0;
}

typedef long (*extent_fn)(struct domain *d, unsigned long gfn,
                          unsigned int order);

/* Extents done in one go; the call is then made again for the rest. */
#define RESERVATION_CHUNK 64

/*
 * Run fn on each extent the reservation at arg lists, from extent start
 * (where an earlier go of the same call stopped); returns how many in
 * all, or has the call made again after a chunk (cmd: the operation).
 */
static long reservation_op(struct domain *d, unsigned long cmd,
                           unsigned long start, uint64_t arg, extent_fn fn)
{
    struct xen_memory_reservation r;
    unsigned long i;

    if (copy_from_guest(d, &r, arg, sizeof(r)))
        return -EFAULT;
    if (!domain_resolve(d, r.domid))
        return -EPERM;
    if (r.extent_order > 18 || start > r.nr_extents)
        return -EINVAL;
    for (i = start; i < r.nr_extents; i++) {
        uint64_t gfn;
        long rc;

        if (i - start == RESERVATION_CHUNK)
            return hypercall_restart_with(cmd |
                                          (i << XENMEM_EXTENT_SHIFT));
        if (copy_from_guest(d, &gfn, r.extent_start + i * sizeof(gfn),
                            sizeof(gfn)))
            return i ? (long)i : -EFAULT;
        if ((rc = fn(d, gfn, r.extent_order)))
            return i ? (long)i : rc;
    }
    return i;
}

long do_memory_op(unsigned long cmd, uint64_t arg)
{
    struct domain *d = current->domain;
    unsigned long start = cmd >> XENMEM_EXTENT_SHIFT;

    cmd &= XENMEM_CMD_MASK;
    if (start && cmd != XENMEM_populate_physmap &&
        cmd != XENMEM_decrease_reservation)
        return -ENOSYS; /* no such call: only those two go in chunks */
    switch (cmd) {
    case XENMEM_memory_map:
        return domain_memmap_copy_out(d, d->memmap, arg);
    case XENMEM_relocate_ram:
        return domain_memmap_relocate(d, arg);
    case XENMEM_current_reservation:
        return d->tot_pages;
    case XENMEM_populate_physmap:
        return reservation_op(d, cmd, start, arg, populate_extent);
    case XENMEM_decrease_reservation:
        return reservation_op(d, cmd, start, arg, decrease_extent);
    default:
        return -ENOSYS;
    }
}
