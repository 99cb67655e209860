/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Live update's handover: the next image is checked and staged in
 * hypervisor pages while everything still runs; at the point of no return
 * the breadcrumb goes to the start of the reserved region, the image's
 * multiboot2 information to low memory, and machine_kexec() copies the
 * image to LU_IMAGE_OFFSET in the region and enters it.
 *
 * The next image's command line is this one's, less the options that
 * describe this boot only (liveupdate=, lu_bootmem_only, selftest=,
 * lu_debug_corrupt=), plus liveupdate=<size>@<addr> naming the same
 * region.
 */
#include <asm/kexec.h>
#include <asm/mm.h>
#include <asm/setup.h>
#include <xen/errno.h>
#include <xen/kexec.h>
#include <xen/lib.h>
#include <xen/lu_region.h>
#include <xen/mm.h>
#include <xen/stdio.h>
#include <xen/string.h>
#include <xen/time.h>

static const char *const boot_only_options[] = {
    "liveupdate", "lu_bootmem_only", "selftest", "lu_debug_corrupt",
};

/* True if word (up to its '=' or end) names a boot-only option. */
static bool boot_only(const char *word, size_t len)
{
    unsigned int i;
    size_t n;

    for (i = 0; i < ARRAY_SIZE(boot_only_options); i++) {
        n = strlen(boot_only_options[i]);
        if (len >= n && !strncmp(word, boot_only_options[i], n) &&
            (len == n || word[n] == '='))
            return true;
    }
    return false;
}

static void successor_cmdline(char *out, size_t size, mfn_t start,
                              unsigned long pages)
{
    const char *p = boot_info_get()->cmdline;
    size_t n = 0;

    while (*p) {
        const char *w = p;

        while (*p && *p != ' ')
            p++;
        if (p > w && !boot_only(w, p - w) && n + (p - w) + 1 < size) {
            memcpy(out + n, w, p - w);
            n += p - w;
            out[n++] = ' ';
        }
        while (*p == ' ')
            p++;
    }
    snprintf(out + n, size - n, "liveupdate=%lu@%#lx",
             pages << PAGE_SHIFT, (unsigned long)mfn_to_maddr(start));
}

void kexec_unstage(struct kexec_image *k)
{
    unsigned long i;

    if (!k->src_list)
        return;
    for (i = 0; i < k->nr_pages; i++)
        if (k->src_list[i])
            free_xenheap_pages(maddr_to_virt(k->src_list[i]), 0);
    free_xenheap_pages(k->src_list, k->list_order);
    k->src_list = NULL;
}

/*
 * The part of the region the next hypervisor boots into: the half this one
 * is not running in, if a half holds the image and its boot allocations,
 * zeroed now; else the whole region, which it zeroes itself.
 */
static void kexec_choose_part(struct kexec_image *k, mfn_t start,
                              unsigned long pages)
{
    unsigned long need = lu_region_boot_need(mm_max_frame()) +
                         ((k->info.mem_bytes + PAGE_SIZE - 1) >> PAGE_SHIFT);
    mfn_t self = maddr_to_mfn(xen_phys_start);
    bool in_region = mfn_x(self) >= mfn_x(start) &&
                     mfn_x(self) < mfn_x(start) + pages;
    s_time_t t = NOW();

    k->part = start;
    k->part_pages = pages;
    if (!lu_region_can_halve(pages, LU_IMAGE_OFFSET, need))
        return;
    lu_region_half(start, pages,
                   in_region && !lu_region_in_upper_half(start, pages, self),
                   &k->part, &k->part_pages);
    memset(mfn_to_virt(k->part), 0, k->part_pages << PAGE_SHIFT);
    k->half_zeroed = true;
    printk("Live update: the next hypervisor's half of the region, at %#lx, "
           "zeroed in %lu us\n", (unsigned long)mfn_to_maddr(k->part),
           (unsigned long)((NOW() - t) / 1000));
}

int kexec_stage(const void *image, size_t size, struct kexec_image *k)
{
    unsigned long pages, i;
    mfn_t start;
    int rc;

    memset(k, 0, sizeof(*k));
    if (!mm_lu_region(&start, &pages)) {
        printk(XENLOG_ERR "Live update: no reserved region (boot with "
               "liveupdate=<size>)\n");
        return -ENODEV;
    }
    rc = mb2_image_check(image, size, (pages << PAGE_SHIFT) - LU_IMAGE_OFFSET,
                         &k->info);
    if (rc)
        return rc;
    kexec_choose_part(k, start, pages);
    k->nr_pages = (k->info.file_bytes + PAGE_SIZE - 1) >> PAGE_SHIFT;
    k->list_order = get_order_from_bytes(k->nr_pages * sizeof(uint64_t));
    if (!(k->src_list = alloc_xenheap_pages(k->list_order)))
        return -ENOMEM;
    memset(k->src_list, 0, (unsigned long)PAGE_SIZE << k->list_order);
    for (i = 0; i < k->nr_pages; i++) {
        void *page = alloc_xenheap_pages(0);
        size_t n = min((size_t)PAGE_SIZE, k->info.file_bytes - i * PAGE_SIZE);

        if (!page) {
            kexec_unstage(k);
            return -ENOMEM;
        }
        memcpy(page, (const uint8_t *)image + i * PAGE_SIZE, n);
        k->src_list[i] = mfn_to_maddr(virt_to_mfn(page));
    }
    return 0;
}

void kexec_jump(const struct kexec_image *k, const struct lu_crumb *crumb)
{
    static char cmdline[BOOTINFO_CMDLINE_LEN];
    struct lu_crumb c = *crumb;
    unsigned long pages;
    paddr_t dest;
    mfn_t start;

    mm_lu_region(&start, &pages);
    dest = mfn_to_maddr(k->part) + LU_IMAGE_OFFSET;
    if (k->half_zeroed)
        c.flags |= LU_CRUMB_HALF_ZEROED;
    successor_cmdline(cmdline, sizeof(cmdline), start, pages);
    if (mb2_info_build(kexec_mbi_area(), KEXEC_MBI_SIZE, boot_info_get(),
                       cmdline, "Xen-LU live update") < 0)
        panic("Live update: the next image's boot information does not fit");
    printk("Live update: entering the new image at %#lx\n",
           (unsigned long)(dest + k->info.entry_offset));
    machine_kexec_crumb(&c);
    lu_breadcrumb_encode(mfn_to_virt(start), &c);
    machine_kexec(k->src_list, k->nr_pages, dest, dest + k->info.entry_offset);
}
