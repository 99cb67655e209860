/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Live update's handover: the next image is checked and staged in
 * hypervisor pages while everything still runs; at the point of no return
 * the breadcrumb goes to the start of the reserved region, the image's
 * multiboot2 information to low memory, and machine_kexec() copies the
 * image to LU_IMAGE_OFFSET in the region and enters it.
 *
 * Staging also checks that the image reads the stream and breadcrumb
 * versions this hypervisor writes and serves the control interfaces it
 * serves (lu_image.c), and works out the image's
 * command line (lu_cmdline.c), so that every refusal comes before
 * anything stops.
 */
#include <asm/kexec.h>
#include <asm/mm.h>
#include <asm/setup.h>
#include <public/domctl.h>
#include <public/kexec.h>
#include <public/sysctl.h>
#include <xen/errno.h>
#include <xen/kexec.h>
#include <xen/lib.h>
#include <xen/lu_cmdline.h>
#include <xen/lu_region.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/time.h>

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
 * is not running in, if this one's boot allocations keep to a half (or
 * stay out of the region) and a half holds the image and its boot
 * allocations, zeroed now; else the whole region, which it zeroes itself.
 */
/* Frames the next hypervisor needs past LU_IMAGE_OFFSET: image, boot. */
static unsigned long kexec_next_needs(const struct kexec_image *k)
{
    return lu_region_boot_need(mm_max_frame()) +
           ((k->info.mem_bytes + PAGE_SIZE - 1) >> PAGE_SHIFT);
}

static void kexec_choose_part(struct kexec_image *k)
{
    unsigned long need = kexec_next_needs(k);
    unsigned long pages;
    mfn_t start;
    s_time_t t = NOW();

    mm_lu_region(&start, &pages);
    if (!lu_region_next_part(start, pages, mm_lu_region_use(),
                             LU_IMAGE_OFFSET, need, &k->part,
                             &k->part_pages)) {
        printk("Live update: the next hypervisor boots into the whole "
               "region, at %#lx, and zeroes its own frame table\n",
               (unsigned long)mfn_to_maddr(k->part));
        return;
    }
    memset(mfn_to_virt(k->part), 0, k->part_pages << PAGE_SHIFT);
    k->half_zeroed = true;
    k->prepare_ns = NOW() - t;
    printk("Live update: the next hypervisor's half of the region, at %#lx, "
           "zeroed in %lu us\n", (unsigned long)mfn_to_maddr(k->part),
           (unsigned long)(k->prepare_ns / 1000));
}

/*
 * What the next image must read and serve: the stream and breadcrumb this
 * hypervisor writes, and the control interfaces it serves, which are the
 * ones the control domain's toolstack, carried across, goes on speaking.
 */
static const struct lu_image_needs kexec_image_needs = {
    .stream_major = LU_STREAM_VERSION_MAJOR,
    .breadcrumb = LU_BREADCRUMB_VERSION,
    .domctl = XEN_DOMCTL_INTERFACE_VERSION,
    .sysctl = XEN_SYSCTL_INTERFACE_VERSION,
    .kexec = XEN_KEXEC_INTERFACE_VERSION,
};

int kexec_room(uint64_t *room)
{
    unsigned long pages;
    mfn_t start;

    if (mm_lu_region(&start, &pages)) {
        *room = (uint64_t)pages << PAGE_SHIFT;
        *room = *room > LU_IMAGE_OFFSET ? *room - LU_IMAGE_OFFSET : 0;
        return 0;
    }
    printk(XENLOG_ERR "Live update: no reserved region (boot with "
           "liveupdate=<size>)\n");
    return -ENODEV;
}

/*
 * Whether the region (pages) holds the next hypervisor whole: its image
 * past LU_IMAGE_OFFSET and the boot memory it takes there before its heap
 * runs -- its boot allocator has nothing else, and must never reach the
 * domains' memory.  0 or -E2BIG, said.
 */
static int kexec_region_holds(const struct kexec_image *k,
                              unsigned long pages)
{
    unsigned long need = (LU_IMAGE_OFFSET >> PAGE_SHIFT) + kexec_next_needs(k);

    if (pages >= need)
        return 0;
    printk(XENLOG_ERR "Image: the next hypervisor needs %lu KiB of the "
           "reserved region (its image and its boot memory for %lu MiB of "
           "RAM), the region has %lu KiB\n", need << (PAGE_SHIFT - 10),
           mm_max_frame() >> (20 - PAGE_SHIFT), pages << (PAGE_SHIFT - 10));
    return -E2BIG;
}

/* Everything about the image and its command line, before copying it. */
static int kexec_check(const void *image, size_t size, const char *append,
                       struct kexec_image *k)
{
    unsigned long pages;
    uint64_t room;
    mfn_t start;
    int rc;

    if ((rc = kexec_room(&room)))
        return rc;
    mm_lu_region(&start, &pages);
    rc = mb2_image_check(image, size, room, &k->info);
    if (!rc)
        rc = kexec_region_holds(k, pages);
    if (!rc)
        rc = machine_kexec_check();
    if (!rc)
        rc = lu_image_check(image, size, &kexec_image_needs, &k->reads);
    if (!rc)
        rc = lu_cmdline_build(k->cmdline, sizeof(k->cmdline),
                              boot_info_get()->cmdline, append,
                              pages << PAGE_SHIFT, mfn_to_maddr(start));
    return rc;
}

int kexec_stage(const void *image, size_t size, const char *append,
                struct kexec_image *k)
{
    unsigned long i;
    int rc;

    memset(k, 0, sizeof(*k));
    if ((rc = kexec_check(image, size, append ? append : "", k)))
        return rc;
    kexec_choose_part(k);
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

/* The boot loader name the next image sees. */
#define KEXEC_LOADER "Xen-LU live update"

/* Whether every frame of module m still belongs to the control domain. */
static bool kexec_module_in_place(const struct boot_module *m)
{
    return control_domain &&
           mm_frames_owned_by(maddr_to_mfn(m->start),
                              (m->size + PAGE_SIZE - 1) >> PAGE_SHIFT,
                              control_domain->domain_id);
}

/*
 * The next image's boot information: this boot's memory map, and of its
 * modules those that still lie where the loader put them (the control
 * domain's files, in its memory, which the update carries).
 */
static const struct boot_info *kexec_boot_info(void)
{
    static struct boot_info bi;
    const struct boot_info *mine = boot_info_get();
    unsigned int i;

    bi = *mine;
    bi.nr_modules = 0;
    for (i = 0; i < mine->nr_modules; i++)
        if (kexec_module_in_place(&mine->modules[i]))
            bi.modules[bi.nr_modules++] = mine->modules[i];
    return &bi;
}

void kexec_jump(const struct kexec_image *k, const struct lu_crumb *crumb)
{
    struct lu_crumb c = *crumb;
    unsigned long pages;
    paddr_t dest;
    mfn_t start;

    mm_lu_region(&start, &pages);
    dest = mfn_to_maddr(k->part) + LU_IMAGE_OFFSET;
    if (k->half_zeroed)
        c.flags |= LU_CRUMB_HALF_ZEROED;
    /* Whatever the boot information, it fits: this cannot fail. */
    BUILD_BUG_ON(MB2_INFO_MAX_SIZE(sizeof(KEXEC_LOADER)) > KEXEC_MBI_SIZE);
    BUILD_BUG_ON(sizeof(k->cmdline) > BOOTINFO_CMDLINE_LEN);
    BUG_ON(mb2_info_build(kexec_mbi_area(), KEXEC_MBI_SIZE, kexec_boot_info(),
                          k->cmdline, KEXEC_LOADER) < 0);
    printk("Live update: entering the new image at %#lx\n",
           (unsigned long)(dest + k->info.entry_offset));
    machine_kexec_crumb(&c);
    lu_breadcrumb_encode(mfn_to_virt(start), &c);
    machine_kexec(k->src_list, k->nr_pages, dest, dest + k->info.entry_offset);
}
