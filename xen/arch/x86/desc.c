/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The runtime descriptor tables: a GDT with the hypervisor's code and data
 * segments and a TSS, and the IDT.  The TSS exists for its interrupt stack
 * table: #DF, NMI and #MC switch to stacks of their own, so a fault caused
 * by a broken stack pointer can still be reported.
 *
 * One set of tables for now (CPU 0); they become per-CPU when secondary
 * CPUs are brought up.
 */
#include <asm/config.h>
#include <asm/desc.h>
#include <xen/lib.h>
#include <xen/string.h>

struct __packed tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t ist[8]; /* ist[0] is reserved; slots 1..7 */
    uint64_t reserved1;
    uint16_t reserved2;
    uint16_t iomap_base;
};

struct __packed idt_entry {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t reserved;
};

struct __packed desc_ptr {
    uint16_t limit;
    uint64_t base;
};

#define GDT_ENTRIES 7
#define IDT_ENTRIES 256
#define IDT_TYPE_INTR_GATE 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define IDT_DPL_SHIFT      5

static uint64_t gdt[GDT_ENTRIES] __aligned(16);
static struct idt_entry idt[IDT_ENTRIES] __aligned(16);
static struct tss64 tss __aligned(16);
static uint8_t ist_stacks[IST_MAX][STACK_SIZE] __aligned(16);

static void gdt_set_tss(unsigned int slot, const struct tss64 *t)
{
    uint64_t base = (uint64_t)t, limit = sizeof(*t) - 1;

    gdt[slot] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                (0x89ULL << 40) /* present, available 64-bit TSS */ |
                (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[slot + 1] = base >> 32;
}

void desc_set_intr_gate(unsigned int vector, void (*handler)(void),
                        unsigned int ist, unsigned int dpl)
{
    uint64_t addr = (uint64_t)handler;
    struct idt_entry *e = &idt[vector];

    BUG_ON(vector >= IDT_ENTRIES || ist > IST_MAX || dpl > 3);
    e->offset_lo = addr & 0xffff;
    e->selector = __HYPERVISOR_CS;
    e->ist = ist;
    e->type_attr = IDT_TYPE_INTR_GATE | (dpl & 3) << IDT_DPL_SHIFT;
    e->offset_mid = (addr >> 16) & 0xffff;
    e->offset_hi = addr >> 32;
    e->reserved = 0;
}

void desc_set_rsp0(unsigned long rsp0)
{
    tss.rsp[0] = rsp0;
}

void desc_init(void)
{
    struct desc_ptr gdtr = {sizeof(gdt) - 1, (uint64_t)gdt};
    struct desc_ptr idtr = {sizeof(idt) - 1, (uint64_t)idt};
    unsigned int i;

    BUILD_BUG_ON(sizeof(struct tss64) != 104);
    BUILD_BUG_ON(sizeof(struct idt_entry) != 16);
    BUILD_BUG_ON(TSS_SELECTOR / 8 + 2 > GDT_ENTRIES);

    gdt[__HYPERVISOR_CS / 8] = 0x00af9a000000ffffULL;
    gdt[__HYPERVISOR_DS / 8] = 0x00cf92000000ffffULL;
    gdt[FLAT_USER_DS / 8] = 0x00cff2000000ffffULL; /* data, DPL 3 */
    gdt[FLAT_USER_CS / 8] = 0x00affa000000ffffULL; /* 64-bit code, DPL 3 */
    for (i = 1; i <= IST_MAX; i++)
        tss.ist[i] = (uint64_t)&ist_stacks[i - 1][STACK_SIZE];
    tss.iomap_base = sizeof(tss); /* no I/O bitmap */
    gdt_set_tss(TSS_SELECTOR / 8, &tss);

    asm volatile("lgdt %0" : : "m"(gdtr));
    asm volatile("ltr %w0" : : "r"(TSS_SELECTOR));
    asm volatile("lidt %0" : : "m"(idtr));
}
