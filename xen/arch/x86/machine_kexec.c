/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * machine_kexec(): the x86 end of a live update (asm/kexec.h).  Builds the
 * trampoline's world in low memory -- its code, its parameters, a GDT with
 * 32-bit segments and an identity map of all RAM -- then jumps to it.
 * Nothing here may be in the reserved region: the new image is copied
 * there, over this hypervisor if it was itself started by a live update.
 */
#include <asm/apic.h>
#include <asm/kexec.h>
#include <asm/msr.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/x86-defns.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/lu_stream.h>
#include <xen/mm.h>
#include <xen/string.h>

#define PTE_TABLE (_PAGE_PRESENT | _PAGE_RW)
#define PTE_2M    (_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE)
#define SIZE_1G   (1ULL << 30)

extern uint64_t l4_boot[];

void machine_kexec_crumb(struct lu_crumb *c)
{
    c->tsc_khz = cpu_khz();
    c->apic_timer_khz = apic_timer_khz();
    c->jump_tsc = rdtsc();
}

void *kexec_mbi_area(void)
{
    return maddr_to_virt(KEXEC_MBI);
}

int machine_kexec_check(void)
{
    uint64_t top = mfn_to_maddr(_mfn(mm_max_frame()));

    if (kexec_identity_map_fits(top))
        return 0;
    printk(XENLOG_ERR "Live update: RAM up to %lu GiB is more than the "
           "handover's identity map covers (%lu GiB)\n",
           (unsigned long)((top + SIZE_1G - 1) / SIZE_1G),
           (unsigned long)KEXEC_IDMAP_MAX_GIB);
    return -ENOMEM;
}

/*
 * An identity map of [0, top) with 2 MiB pages; returns the L4's address.
 * machine_kexec_check() said at load time that it fits.
 */
static paddr_t identity_map_build(paddr_t top)
{
    unsigned long nr_l2 = (top + SIZE_1G - 1) / SIZE_1G, i;
    paddr_t l4 = KEXEC_PAGETABLES, l3 = l4 + PAGE_SIZE, l2 = l3 + PAGE_SIZE;
    uint64_t *t;

    BUILD_BUG_ON(KEXEC_IDMAP_MAX_GIB > 512); /* one L3 */
    BUG_ON(!kexec_identity_map_fits(top));
    memset(maddr_to_virt(l4), 0, (2 + nr_l2) * PAGE_SIZE);
    ((uint64_t *)maddr_to_virt(l4))[0] = l3 | PTE_TABLE;
    t = maddr_to_virt(l3);
    for (i = 0; i < nr_l2; i++)
        t[i] = (l2 + i * PAGE_SIZE) | PTE_TABLE;
    t = maddr_to_virt(l2);
    for (i = 0; i < nr_l2 * 512; i++)
        t[i] = (i << L2_PAGE_SHIFT) | PTE_2M;
    return l4;
}

void machine_kexec(const uint64_t *src_list, unsigned long nr_pages,
                   uint64_t dest, uint64_t entry)
{
    struct kexec_params *p = maddr_to_virt(KEXEC_PARAMS);
    size_t code = kexec_reloc_end - kexec_reloc_start;
    void (*trampoline)(struct kexec_params *) = (void *)KEXEC_LOW_BASE;

    BUILD_BUG_ON(sizeof(*p) != KP_GDT_PTR + 6);
    asm volatile("cli");
    BUG_ON(code > PAGE_SIZE);
    memcpy(maddr_to_virt(KEXEC_LOW_BASE), kexec_reloc_start, code);
    p->src_list = mfn_to_maddr(virt_to_mfn(src_list)) +
                  ((unsigned long)src_list & (PAGE_SIZE - 1));
    p->nr_pages = nr_pages;
    p->dest = dest;
    p->entry = entry;
    p->mbi = KEXEC_MBI;
    p->cr3 = identity_map_build(mfn_to_maddr(_mfn(mm_max_frame())));
    p->gdt[0] = 0;
    p->gdt[1] = 0x00cf9a000000ffffULL; /* KEXEC_CS32: flat 32-bit code */
    p->gdt[2] = 0x00cf92000000ffffULL; /* KEXEC_DS32: flat data */
    p->gdt_limit = sizeof(p->gdt) - 1;
    p->gdt_base = KEXEC_PARAMS + KP_GDT;

    /* Map low memory 1:1 in our own tables, long enough to jump there. */
    l4_boot[0] = ((uint64_t *)maddr_to_virt(p->cr3))[0];
    write_cr3(image_to_maddr(l4_boot));
    trampoline((struct kexec_params *)KEXEC_PARAMS);
    __builtin_unreachable();
}
