/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page tables built at boot after head.S's: the direct map of all RAM and
 * the frame table's virtual area.
 *
 * Page-table frames come from the boot allocator.  Until the new direct map
 * is live, the only way to reach a frame is the boot direct map of the low
 * 4 GiB, so the direct map's own tables are allocated below 4 GiB and built
 * under a scratch top-level table, then switched in with one store.
 */
#include <asm/mm.h>
#include <asm/x86-defns.h>
#include <xen/lib.h>
#include <xen/string.h>

#define PTE_ADDR_MASK 0x000ffffffffff000ULL
#define PTE_TABLE     (_PAGE_PRESENT | _PAGE_RW)
#define PTE_DATA      (_PAGE_PRESENT | _PAGE_RW)
#define PT_INDEX(va, shift) (((va) >> (shift)) & 511)
#define L3_SHIFT 30
#define L4_SHIFT 39
#define SIZE_1G (1ULL << L3_SHIFT)
#define SIZE_2M (1ULL << L2_PAGE_SHIFT)
#define SIZE_4K (1ULL << PAGE_SHIFT)

#define CPUID_EXT_EDX_PAGE1GB (1u << 26)

extern uint64_t l4_boot[];

struct pt_builder {
    struct bootmem *bm;
    mfn_t limit;  /* page-table frames must lie below this */
    bool has_1g;  /* the CPU maps 1 GiB pages */
};

static bool cpu_has_page1gb(void)
{
    uint32_t eax = 0x80000001, ebx, ecx = 0, edx;

    asm volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
    return edx & CPUID_EXT_EDX_PAGE1GB;
}

static uint64_t *pt_alloc(struct pt_builder *b, uint64_t *pte)
{
    mfn_t m = bootmem_alloc(b->bm, 1, 1, b->limit);
    uint64_t *table;

    if (mfn_eq(m, INVALID_MFN))
        panic("Out of boot memory for page tables");
    table = mfn_to_virt(m);
    memset(table, 0, PAGE_SIZE);
    *pte = mfn_to_maddr(m) | PTE_TABLE;
    return table;
}

/* The table entry *pte points to, allocating it if there is none. */
static uint64_t *pt_next(struct pt_builder *b, uint64_t *pte)
{
    if (!(*pte & _PAGE_PRESENT))
        return pt_alloc(b, pte);
    BUG_ON(*pte & _PAGE_PSE); /* would split a superpage: a layout bug */
    return maddr_to_virt(*pte & PTE_ADDR_MASK);
}

static bool fits(unsigned long va, paddr_t pa, uint64_t size, uint64_t page)
{
    return !((va | pa) & (page - 1)) && size >= page;
}

/* Map [pa, pa + size) at va under l4 with the largest pages that fit. */
static void map_range(struct pt_builder *b, uint64_t *l4, unsigned long va,
                      paddr_t pa, uint64_t size)
{
    while (size) {
        uint64_t *l3 = pt_next(b, &l4[PT_INDEX(va, L4_SHIFT)]);
        uint64_t *l3e = &l3[PT_INDEX(va, L3_SHIFT)], *l2, *l2e, *l1;
        uint64_t step;

        if (b->has_1g && fits(va, pa, size, SIZE_1G)) {
            *l3e = pa | PTE_DATA | _PAGE_PSE;
            step = SIZE_1G;
        } else if (l2 = pt_next(b, l3e), l2e = &l2[PT_INDEX(va, L2_PAGE_SHIFT)],
                   fits(va, pa, size, SIZE_2M)) {
            *l2e = pa | PTE_DATA | _PAGE_PSE;
            step = SIZE_2M;
        } else {
            l1 = pt_next(b, l2e);
            l1[PT_INDEX(va, PAGE_SHIFT)] = pa | PTE_DATA;
            step = SIZE_4K;
        }
        va += step;
        pa += step;
        size -= step;
    }
}

void arch_directmap_init(struct bootmem *bm, const struct boot_info *bi)
{
    struct pt_builder b = {bm, maddr_to_mfn(BOOT_DIRECTMAP_BYTES),
                           cpu_has_page1gb()};
    uint64_t scratch_l4e = 0;
    uint64_t *scratch_l4 = pt_alloc(&b, &scratch_l4e);
    unsigned int i, slot = PT_INDEX(DIRECTMAP_VIRT_START, L4_SHIFT);

    /*
     * The same whole frames the boot allocator was given: rounding a
     * partial frame outward could reach into a neighbouring range's
     * superpage (RAM ending at 0x3ffc00 and starting again at 0x3ffe00).
     */
    for (i = 0; i < bi->nr_ranges; i++) {
        unsigned long first, end;

        if (!bootmem_entry_frames(&bi->ranges[i],
                                  mfn_x(maddr_to_mfn(ARCH_MAX_RAM_ADDR)),
                                  &first, &end))
            continue;
        map_range(&b, scratch_l4, DIRECTMAP_VIRT_START + first * SIZE_4K,
                  first * SIZE_4K, (end - first) * SIZE_4K);
    }
    BUILD_BUG_ON(DIRECTMAP_SIZE > (2ULL << L4_SHIFT));
    l4_boot[slot] = scratch_l4[slot];
    l4_boot[slot + 1] = scratch_l4[slot + 1];
    flush_tlb_local();
    /* The scratch top-level table itself is not needed any more. */
    bootmem_add(bm, maddr_to_mfn(scratch_l4e & PTE_ADDR_MASK), 1);
}

/*
 * Backing for the frame-table bytes from offset on, as one run up to the
 * next 2 MiB boundary (or the end): 2 MiB aligned when it is a whole 2 MiB,
 * so one large page maps it.  A single frame if boot memory is too
 * fragmented for that.
 */
static mfn_t frametable_backing(struct bootmem *bm, uint64_t offset,
                                uint64_t left, uint64_t *size)
{
    uint64_t want = min(SIZE_2M - (offset & (SIZE_2M - 1)),
                        (left + SIZE_4K - 1) & ~(SIZE_4K - 1));
    unsigned long align = want == SIZE_2M ? SIZE_2M / SIZE_4K : 1;
    mfn_t m = bootmem_alloc(bm, want / SIZE_4K, align, INVALID_MFN);

    if (mfn_eq(m, INVALID_MFN)) {
        want = SIZE_4K;
        m = bootmem_alloc(bm, 1, 1, INVALID_MFN);
    }
    if (mfn_eq(m, INVALID_MFN))
        panic("Out of boot memory for the frame table");
    *size = want;
    return m;
}

struct page_info *arch_frametable_init(struct bootmem *bm,
                                       unsigned long nr_frames, bool zeroed)
{
    /* Backing comes in runs of 2 MiB at most: no 1 GiB pages here. */
    struct pt_builder b = {bm, INVALID_MFN, false};
    uint64_t bytes = nr_frames * sizeof(struct page_info), done, size;
    struct page_info *ft = (struct page_info *)FRAMETABLE_VIRT_START;

    BUG_ON(nr_frames > ARCH_MAX_FRAMES);
    for (done = 0; done < bytes; done += size) {
        mfn_t m = frametable_backing(bm, done, bytes - done, &size);

        map_range(&b, l4_boot, FRAMETABLE_VIRT_START + done, mfn_to_maddr(m),
                  size);
    }
    if (!zeroed)
        memset(ft, 0, bytes);
    return ft;
}
