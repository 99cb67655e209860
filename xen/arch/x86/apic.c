/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The local APIC (xAPIC, memory-mapped) as the timer: one-shot mode, its
 * rate measured against system time at boot.  The legacy 8259 PICs are
 * remapped away from the exception vectors and masked but for the ISA
 * interrupts someone asked for (the serial port's), which reach the CPU
 * through LINT0 in virtual-wire mode; their spurious interrupts are
 * ignored.
 */
#include <asm/apic.h>
#include <asm/fixmap.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <xen/lib.h>
#include <xen/softirq.h>

#define APIC_BASE_ENABLE    (1u << 11)
#define APIC_BASE_ADDR_MASK 0xffffff000ULL

#define APIC_TPR       0x080
#define APIC_EOI       0x0b0
#define APIC_SVR       0x0f0
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_TIMER_ICR 0x380
#define APIC_TIMER_CCR 0x390
#define APIC_TIMER_DCR 0x3e0

#define APIC_SVR_ENABLE  (1u << 8)
#define APIC_LVT_MASKED  (1u << 16)
#define APIC_DCR_DIV1    0xb
#define APIC_DM_EXTINT   0x700 /* LINT0 delivers the 8259's vector */

#define PIC_MASTER_CMD  0x20
#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_DATA  0xa1
#define PIC_EOI         0x20
#define NR_ISA_IRQS     16

#define CALIBRATE_NS     MILLISECS(10)

static volatile uint32_t *lapic;
static uint64_t ticks_per_ms;
static void (*isa_irq_handler[NR_ISA_IRQS])(void);

static inline uint32_t apic_read(unsigned int reg)
{
    return lapic[reg / 4];
}

static inline void apic_write(unsigned int reg, uint32_t v)
{
    lapic[reg / 4] = v;
}

/* Remap both 8259s to PIC_FIRST_VECTOR.. and mask every line. */
static void pic_disable(void)
{
    outb(0x11, 0x20);                   /* ICW1: init, ICW4 follows */
    outb(0x11, 0xa0);
    outb(PIC_FIRST_VECTOR, 0x21);       /* ICW2: vector base */
    outb(PIC_FIRST_VECTOR + 8, 0xa1);
    outb(0x04, 0x21);                   /* ICW3: slave on line 2 */
    outb(0x02, 0xa1);
    outb(0x01, 0x21);                   /* ICW4: 8086 mode */
    outb(0x01, 0xa1);
    outb(0xff, 0x21);                   /* mask everything */
    outb(0xff, 0xa1);
}

static void apic_calibrate(void)
{
    s_time_t start = NOW();
    uint32_t left;

    apic_write(APIC_TIMER_ICR, 0xffffffff);
    while (NOW() - start < CALIBRATE_NS)
        ;
    left = apic_read(APIC_TIMER_CCR);
    apic_write(APIC_TIMER_ICR, 0);
    ticks_per_ms = (0xffffffffULL - left) / (CALIBRATE_NS / MILLISECS(1));
    if (!ticks_per_ms)
        panic("Local APIC timer does not count");
    printk("APIC timer: %lu.%03lu MHz\n", ticks_per_ms / 1000,
           ticks_per_ms % 1000);
}

unsigned long apic_timer_khz(void)
{
    return ticks_per_ms;
}

void apic_init(unsigned long known_khz)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);

    pic_disable();
    wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
    lapic = fixmap_map_uncached(FIX_APIC, base & APIC_BASE_ADDR_MASK);
    apic_write(APIC_SVR, APIC_SVR_ENABLE | LAPIC_SPURIOUS_VECTOR);
    apic_write(APIC_TPR, 0);
    apic_write(APIC_TIMER_DCR, APIC_DCR_DIV1);
    apic_write(APIC_LVT_TIMER, LAPIC_TIMER_VECTOR); /* one-shot */
    apic_write(APIC_LVT_LINT0, APIC_DM_EXTINT);
    if (!known_khz) {
        apic_calibrate();
        return;
    }
    ticks_per_ms = known_khz;
    printk("APIC timer: %lu.%03lu MHz (carried over)\n", known_khz / 1000,
           known_khz % 1000);
}

void apic_timer_set(s_time_t deadline)
{
    s_time_t delta = deadline - NOW();
    uint64_t ticks;

    if (delta < MICROSECS(1))
        delta = MICROSECS(1);
    ticks = (uint64_t)delta / 1000 * ticks_per_ms / 1000 + 1;
    apic_write(APIC_TIMER_ICR, ticks > 0xffffffff ? 0xffffffff : ticks);
}

void isa_irq_request(unsigned int irq, void (*handler)(void))
{
    BUG_ON(irq >= NR_ISA_IRQS || irq == 2); /* 2 is the cascade */
    isa_irq_handler[irq] = handler;
    if (irq < 8) {
        outb(inb(PIC_MASTER_DATA) & ~(1u << irq), PIC_MASTER_DATA);
    } else {
        outb(inb(PIC_SLAVE_DATA) & ~(1u << (irq - 8)), PIC_SLAVE_DATA);
        outb(inb(PIC_MASTER_DATA) & ~(1u << 2), PIC_MASTER_DATA);
    }
}

/* An 8259 interrupt: run its handler, or ignore a spurious one. */
static void isa_irq(unsigned int irq)
{
    if (!isa_irq_handler[irq])
        return; /* masked lines only raise spurious IRQ 7 or 15 */
    isa_irq_handler[irq]();
    if (irq >= 8)
        outb(PIC_EOI, 0xa0);
    outb(PIC_EOI, PIC_MASTER_CMD);
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}

void do_irq(unsigned int vector)
{
    static bool warned;

    switch (vector) {
    case LAPIC_TIMER_VECTOR:
        apic_eoi();
        raise_softirq(TIMER_SOFTIRQ);
        break;
    case LAPIC_SPURIOUS_VECTOR:
        break; /* no EOI for a spurious interrupt */
    default:
        if (vector >= PIC_FIRST_VECTOR && vector < PIC_FIRST_VECTOR + 16) {
            isa_irq(vector - PIC_FIRST_VECTOR);
            break;
        }
        if (!warned)
            printk(XENLOG_WARNING "Unexpected interrupt, vector %u\n", vector);
        warned = true;
        apic_eoi();
        break;
    }
}
