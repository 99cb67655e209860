/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest memory access through the p2m (xen/guest_access.h). */
#include <asm/mm.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/string.h>

/* Where the hypervisor reaches guest page gfn, or NULL. */
static uint8_t *guest_page(struct domain *d, unsigned long gfn)
{
    enum p2m_type t;
    mfn_t mfn;

    if (gfn >= P2M_MAX_GFN)
        return NULL;
    mfn = p2m_get_entry(&d->p2m, _gfn(gfn), &t, NULL);
    if (t != p2m_ram_rw && t != p2m_special)
        return NULL;
    return mfn_to_virt(mfn);
}

/* Copy len bytes between hypervisor buffer buf and the guest. */
static int guest_copy(struct domain *d, uint64_t gaddr, void *buf, size_t len,
                      bool to_guest)
{
    uint8_t *p = buf;

    if (gaddr + len < gaddr)
        return -EFAULT;
    while (len) {
        size_t off = gaddr & (PAGE_SIZE - 1);
        size_t chunk = min(len, (size_t)PAGE_SIZE - off);
        uint8_t *page = guest_page(d, gaddr >> PAGE_SHIFT);

        if (!page)
            return -EFAULT;
        if (to_guest)
            memcpy(page + off, p, chunk);
        else
            memcpy(p, page + off, chunk);
        p += chunk;
        gaddr += chunk;
        len -= chunk;
    }
    return 0;
}

int copy_from_guest(struct domain *d, void *dst, uint64_t gaddr, size_t len)
{
    return guest_copy(d, gaddr, dst, len, false);
}

int copy_to_guest(struct domain *d, uint64_t gaddr, const void *src,
                  size_t len)
{
    return guest_copy(d, gaddr, (void *)src, len, true);
}
