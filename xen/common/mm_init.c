/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory bring-up at boot, in the order the pieces depend on each other:
 *
 *  1. the boot allocator gets the RAM of the memory map, less what is in
 *     use: the first MiB (firmware), the image, the modules, bad pages;
 *  2. the live-update region is chosen and carved out (or, with
 *     lu_bootmem_only, becomes the only place the boot allocator uses);
 *     a boot made by live update finds its predecessor's breadcrumb at the
 *     start of the region it was told about, and then allocates only
 *     there, where its own image is, until it knows which other frames
 *     hold live data;
 *  3. the direct map and the frame table are built from boot memory;
 *  4. bad pages are marked PGC_broken, the region PGC_reserved and, after a
 *     live update, the stream's frames PGC_allocated -- and, from the
 *     stream's first pass, every domain's frames (owned by it) and the
 *     hypervisor pages shared with domains (lu_restore_frames()) -- while
 *     the frame table is still fresh, so that
 *  5. handing every remaining frame to the heap skips them, whatever
 *     region they lie in.
 *
 * Options: badpage=, liveupdate=, lu_bootmem_only.
 */
#include <asm/mm.h>
#include <xen/badpage.h>
#include <xen/bootmem.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/live_update.h>
#include <xen/lu_region.h>
#include <xen/lu_stream.h>
#include <xen/mm.h>
#include <xen/mm_deferred.h>
#include <xen/param.h>
#include <xen/string.h>
#include <xen/time.h>

static struct bootmem bootmem;
static struct badpage_list badpages;
static struct lu_region_request lu_request;
static bool lu_bootmem_only;
static mfn_t lu_start = INVALID_MFN;
static unsigned long lu_pages;
static unsigned long ram_pages;
static bool lu_boot;             /* started by a live update */
static struct lu_crumb lu_crumb; /* what the predecessor left, if lu_boot */
static bool bootmem_zeroed;      /* what the boot allocator hands out is 0 */
/* Where in the region this boot's image and allocations are. */
static enum lu_region_use lu_use = LU_REGION_USE_NONE;

/* badpage=<list>: bad entries are reported by badpage_parse and skipped. */
static int parse_badpage(const char *s)
{
    badpage_parse(&badpages, s);
    return 0;
}
custom_param("badpage", parse_badpage);

static int parse_liveupdate(const char *s)
{
    return lu_region_parse(s, &lu_request);
}
custom_param("liveupdate", parse_liveupdate);
boolean_param("lu_bootmem_only", lu_bootmem_only);

/*
 * Remove [start, end) bytes, rounded out to whole frames, from the boot
 * allocator: what is in use must not be handed out.
 */
static void mm_set_aside(paddr_t start, paddr_t end, const char *what)
{
    mfn_t first = maddr_to_mfn(start);
    unsigned long last = mfn_x(maddr_to_mfn(end)) + !!(end & (PAGE_SIZE - 1));

    if (end > start && bootmem_remove(&bootmem, first, last - mfn_x(first)))
        panic("Boot allocator: no room to set aside %s", what);
}

/*
 * Step 1.  Returns one past the highest frame of usable RAM.  Only whole
 * frames below ARCH_MAX_RAM_ADDR are RAM (bootmem_entry_frames()).
 */
static unsigned long bootmem_setup(const struct boot_info *bi,
                                   paddr_t image_start, paddr_t image_end)
{
    unsigned long top = 0, first, end;
    unsigned int i;

    bootmem_init(&bootmem);
    for (i = 0; i < bi->nr_ranges; i++) {
        if (!bootmem_entry_frames(&bi->ranges[i],
                                  mfn_x(maddr_to_mfn(ARCH_MAX_RAM_ADDR)),
                                  &first, &end))
            continue;
        if (bootmem_add(&bootmem, _mfn(first), end - first))
            panic("Boot allocator: too many memory ranges");
        ram_pages += end - first;
        top = max(top, end);
    }
    mm_set_aside(0, BOOTMEM_LOW_END, "low memory");
    mm_set_aside(image_start, image_end, "the hypervisor image");
    for (i = 0; i < bi->nr_modules; i++)
        mm_set_aside(bi->modules[i].start,
                     bi->modules[i].start + bi->modules[i].size, "a module");
    for (i = 0; i < badpages.nr; i++)
        mm_set_aside(mfn_to_maddr(_mfn(badpages.ranges[i].first)),
                     mfn_to_maddr(_mfn(badpages.ranges[i].last + 1)),
                     "bad pages");
    return top;
}

/*
 * A predecessor pins the region (liveupdate=<size>@<addr>) and leaves a
 * breadcrumb at its start; a first boot finds no breadcrumb there.  A
 * breadcrumb that does not check out is reported and ignored: the stream
 * it points at cannot be trusted, so nothing is restored from it.
 */
void mm_lu_breadcrumb_find(struct lu_crumb *crumb)
{
    char err[96];
    int rc;

    memset(crumb, 0, sizeof(*crumb));
    if (!lu_request.has_addr ||
        lu_request.addr + LU_BREADCRUMB_SIZE > BOOT_DIRECTMAP_BYTES)
        return;
    rc = lu_breadcrumb_decode(maddr_to_virt(lu_request.addr), &lu_crumb, err,
                              sizeof(err));
    if (rc == -ENOENT)
        return;
    if (rc) {
        printk(XENLOG_ERR "Live update: the breadcrumb at %#lx is unusable: "
               "%s; nothing is restored\n", (unsigned long)lu_request.addr,
               err);
        return;
    }
    lu_boot = true;
    *crumb = lu_crumb;
    printk("Live update: booted by a live update; the stream is %lu bytes "
           "in %lu pages, listed at %#lx\n",
           (unsigned long)lu_crumb.stream_bytes,
           (unsigned long)lu_crumb.page_count,
           (unsigned long)lu_crumb.mfn_array_paddr);
    /* Read once: a later reboot must not take it for a live update. */
    memset(maddr_to_virt(lu_request.addr), 0, LU_BREADCRUMB_SIZE);
}

/*
 * Boot memory is the region's; after a live update whose predecessor
 * zeroed half the region for us, the half our image is in, and then
 * nothing allocated before the frame table has been written yet.
 */
static void lu_bootmem_restrict(paddr_t image_start)
{
    mfn_t half;
    unsigned long half_pages;
    bool upper;

    if (!lu_boot || !(lu_crumb.flags & LU_CRUMB_HALF_ZEROED)) {
        bootmem_restrict(&bootmem, lu_start, lu_pages);
        lu_use = LU_REGION_USE_WHOLE;
        printk("Boot allocator restricted to the live-update region\n");
        return;
    }
    upper = lu_region_in_upper_half(lu_start, lu_pages,
                                    maddr_to_mfn(image_start));
    lu_region_half(lu_start, lu_pages, upper, &half, &half_pages);
    lu_use = upper ? LU_REGION_USE_UPPER : LU_REGION_USE_LOWER;
    bootmem_restrict(&bootmem, half, half_pages);
    bootmem_zeroed = true;
    printk("Boot allocator restricted to the half of the live-update region "
           "at %#lx, zeroed by the previous hypervisor\n",
           (unsigned long)mfn_to_maddr(half));
}

/*
 * Step 2.  A region that cannot be had, including one that would leave
 * the rest of mm_init() too little boot memory, disables live update.
 */
static void lu_region_setup(const struct boot_info *bi, paddr_t image_start,
                            paddr_t image_end, unsigned long nr_frames)
{
    const struct lu_region_env env = {
        .image_start = image_start,
        .image_end = image_end,
        .image_may_overlap = lu_boot, /* the predecessor put us there */
        .bootmem_only = lu_bootmem_only || lu_boot,
        .boot_need = lu_region_boot_need(nr_frames),
    };

    if (!lu_request.size) {
        if (lu_bootmem_only)
            printk(XENLOG_WARNING "lu_bootmem_only needs liveupdate=\n");
        return;
    }
    if (lu_region_choose(&bootmem, bi, &lu_request, &env, &lu_start)) {
        /*
         * Booted by a live update, every frame outside the region may be
         * a domain's: boot memory from anywhere would be written over
         * them.  The predecessor checked the region holds us
         * (kexec_region_holds()), so this is a damaged handover.
         */
        if (lu_boot)
            panic("Live update: the region cannot hold this hypervisor's "
                  "boot memory; the domains' memory lies outside it");
        printk(XENLOG_ERR "Live update disabled: no region reserved\n");
        lu_start = INVALID_MFN;
        return;
    }
    lu_pages = lu_request.size >> PAGE_SHIFT;
    printk("Live update: %llu MiB reserved at [%016llx, %016llx]\n",
           (unsigned long long)lu_request.size >> 20,
           (unsigned long long)mfn_to_maddr(lu_start),
           (unsigned long long)mfn_to_maddr(mfn_add(lu_start, lu_pages)) - 1);
    if (lu_bootmem_only || lu_boot) {
        /* The breadcrumb's page stays out of the way of the next one. */
        mm_set_aside(mfn_to_maddr(lu_start),
                     mfn_to_maddr(lu_start) + PAGE_SIZE, "the breadcrumb");
        lu_bootmem_restrict(image_start);
    } else {
        mm_set_aside(mfn_to_maddr(lu_start),
                     mfn_to_maddr(mfn_add(lu_start, lu_pages)),
                     "the live-update region");
    }
}

/*
 * Step 4.  Bad frames beyond the frame table are beyond usable RAM.  The
 * region is marked reserved in step 5.
 */
static void frame_table_mark(unsigned long nr_frames)
{
    unsigned int i;
    unsigned long m;

    for (i = 0; i < badpages.nr; i++)
        for (m = badpages.ranges[i].first;
             m <= badpages.ranges[i].last && m < nr_frames; m++)
            page_alloc_mark_broken(_mfn(m));
}

/*
 * Room for the carried-block list: a DOMAIN_PAGES block takes 16 bytes of
 * the stream, so the stream's length bounds their number.
 */
static unsigned long lu_carried_store(struct lu_carried_block **store)
{
    unsigned long max = lu_crumb.stream_bytes / sizeof(struct lu_page_block);
    unsigned long frames = (max * sizeof(**store) + PAGE_SIZE - 1) >> PAGE_SHIFT;
    mfn_t m = bootmem_alloc(&bootmem, frames ? frames : 1, 1, INVALID_MFN);

    if (mfn_eq(m, INVALID_MFN))
        panic("Boot allocator: no room for the live update's page blocks");
    *store = mfn_to_virt(m);
    return max;
}

/*
 * A frame of the MFN array or the stream, held by the hypervisor until the
 * stream is read; a badpage= frame is kept, flagged, and offlined when
 * released.  Returns false if it is not free to hand over (listed twice):
 * the stream is damaged.
 */
static bool lu_stream_mark_frame(mfn_t m)
{
    if (page_alloc_mark_owned(m, DOMID_XEN))
        return true;
    printk(XENLOG_ERR "Live update: stream frame %#lx is listed twice; "
           "nothing is restored\n", mfn_x(m));
    return false;
}

/*
 * Whether frames [first, first + nr) are all RAM in the memory map and in
 * the frame table (nr_frames).
 */
static bool lu_frames_ram(const struct boot_info *bi, unsigned long nr_frames,
                          uint64_t first, unsigned long nr)
{
    unsigned long run_first, run_end;

    return first < nr_frames && nr <= nr_frames - first &&
           bootmem_ram_run(bi, first, &run_first, &run_end) &&
           run_first <= first && first + nr <= run_end;
}

/*
 * Step 4, after a live update: check the MFN array and keep its frames and
 * the stream's out of the heap.  Returns false if the array is not RAM
 * (the memory map's: a hole below the top of RAM is not) or does not match
 * its checksum, or a stream page is not RAM (nothing marked), or it lists
 * a frame twice or pass 1 refuses the stream (what was marked stays out of
 * the heap).
 */
static bool lu_stream_mark(const struct boot_info *bi,
                           unsigned long nr_frames)
{
    mfn_t array = maddr_to_mfn(lu_crumb.mfn_array_paddr);
    const void *a = mfn_to_virt(array);
    struct lu_carried_block *store;
    unsigned long i, max;

    if (!lu_frames_ram(bi, nr_frames, mfn_x(array),
                       lu_mfn_array_frames(lu_crumb.page_count)) ||
        lu_mfn_array_checksum(a, lu_crumb.page_count) !=
            lu_crumb.mfn_array_checksum) {
        printk(XENLOG_ERR "Live update: the MFN array at %#lx is damaged; "
               "nothing is restored\n", (unsigned long)lu_crumb.mfn_array_paddr);
        return false;
    }
    for (i = 0; i < lu_crumb.page_count; i++)
        if (!lu_frames_ram(bi, nr_frames, lu_mfn_array_get(a, i), 1)) {
            printk(XENLOG_ERR "Live update: stream page %lu at frame %#lx is "
                   "not RAM; nothing is restored\n", i,
                   (unsigned long)lu_mfn_array_get(a, i));
            return false;
        }
    for (i = 0; i < lu_mfn_array_frames(lu_crumb.page_count); i++)
        if (!lu_stream_mark_frame(mfn_add(array, i)))
            return false;
    for (i = 0; i < lu_crumb.page_count; i++)
        if (!lu_stream_mark_frame(_mfn(lu_mfn_array_get(a, i))))
            return false;
    /* Pass 1 of the stream: the domains' page blocks and shared pages. */
    max = lu_carried_store(&store);
    return !lu_restore_frames(&lu_crumb, nr_frames, store, max);
}

bool mm_lu_stream(struct lu_crumb *crumb)
{
    *crumb = lu_crumb;
    return lu_boot;
}

void mm_lu_stream_release(void)
{
    const void *a = mfn_to_virt(maddr_to_mfn(lu_crumb.mfn_array_paddr));
    unsigned long i;

    if (!lu_boot)
        return;
    for (i = 0; i < lu_crumb.page_count; i++)
        free_xenheap_pages(mfn_to_virt(_mfn(lu_mfn_array_get(a, i))), 0);
    for (i = 0; i < lu_mfn_array_frames(lu_crumb.page_count); i++)
        free_xenheap_pages(
            mfn_to_virt(mfn_add(maddr_to_mfn(lu_crumb.mfn_array_paddr), i)), 0);
    lu_boot = false;
}

/*
 * Step 5 (mm_deferred.c): the rest of each carried block, the region and
 * the heap.  All at once on a first boot; after a live update, only as much
 * heap as restoring the domains needs, the rest once they run.  Neither the
 * heap nor the boot allocator keeps any frame of the region.
 */
#define LU_FIRST_HEAP_FRAMES 2048UL /* 8 MiB; more is added when needed */

static void mm_late_init(void)
{
    const struct mm_deferred_work w = {
        .bm = &bootmem,
        .carried = lu_restore_carried(),
        .region = lu_start,
        .region_pages = lu_pages,
        .report = lu_boot,
    };
    s_time_t t = NOW();

    if (!mfn_eq(lu_start, INVALID_MFN) && (lu_bootmem_only || lu_boot))
        mm_set_aside(mfn_to_maddr(lu_start),
                     mfn_to_maddr(mfn_add(lu_start, lu_pages)),
                     "the live-update region");
    bootmem_restrict(&bootmem, INVALID_MFN, 0);
    mm_deferred_init(&w);
    if (!lu_boot) {
        printk("Heap: %lu pages, initialised in %lu us\n",
               mm_deferred_finish(), (unsigned long)((NOW() - t) / 1000));
        mm_print_summary();
        return;
    }
    mm_deferred_grow(LU_FIRST_HEAP_FRAMES);
    printk("Heap: %lu frames to start with, in %lu us; the rest once the "
           "domains run\n", LU_FIRST_HEAP_FRAMES,
           (unsigned long)((NOW() - t) / 1000));
}

void mm_print_summary(void)
{
    struct mm_stats st;

    mm_get_stats(&st);
    printk("Memory: %lu pages of RAM: %lu free, %lu broken, %lu reserved "
           "for live update, %lu used by the hypervisor\n", st.total, st.free,
           st.broken, st.reserved,
           st.total - st.free - st.broken - st.reserved);
    if (st.broken)
        mm_print_broken_pages();
}

void mm_init(const struct boot_info *bi, paddr_t image_start,
             paddr_t image_end)
{
    unsigned long nr_frames;
    struct page_info *ft;
    s_time_t t;

    badpage_keep_ram(&badpages, bi);
    nr_frames = bootmem_setup(bi, image_start, image_end);
    lu_region_setup(bi, image_start, image_end, nr_frames);
    arch_directmap_init(&bootmem, bi);

    t = NOW();
    ft = arch_frametable_init(&bootmem, nr_frames, bootmem_zeroed);
    page_alloc_init(ft, nr_frames, ram_pages);
    frame_table_mark(nr_frames);
    if (lu_boot)
        lu_boot = lu_stream_mark(bi, nr_frames);
    printk("Frame table: %lu frames, %lu KiB, initialised in %lu us\n",
           nr_frames, nr_frames * sizeof(*ft) >> 10,
           (unsigned long)((NOW() - t) / 1000));

    mm_late_init();
}

unsigned int mm_bad_ranges(const struct badpage_range **ranges)
{
    *ranges = badpages.ranges;
    return badpages.nr;
}

bool mm_lu_region(mfn_t *start, unsigned long *count)
{
    *start = lu_start;
    *count = lu_pages;
    return !mfn_eq(lu_start, INVALID_MFN);
}

enum lu_region_use mm_lu_region_use(void)
{
    return lu_use;
}
