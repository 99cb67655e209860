/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System time from the TSC, calibrated against PIT channel 2 at boot.
 *
 * The PIT runs at a fixed, known rate on every PC (and on QEMU's virtual
 * clock, so under -icount the result is repeatable).  Channel 2 is the one
 * software can gate and poll through port 0x61 without interrupts.
 */
#include <asm/io.h>
#include <xen/lib.h>
#include <xen/time.h>

#define PIT_HZ          1193182
#define PIT_CH2_DATA    0x42
#define PIT_MODE        0x43
#define PIT_GATE_PORT   0x61
#define PIT_GATE_CH2    0x01 /* port 0x61: gate channel 2 on */
#define PIT_SPEAKER     0x02 /* port 0x61: speaker data (kept off) */
#define PIT_OUT2        0x20 /* port 0x61: channel 2 output */
#define PIT_CH2_MODE0   0xb0 /* channel 2, lo/hi byte, mode 0, binary */

#define CALIBRATE_TICKS (PIT_HZ / 50) /* 20 ms */
/* No PIT answer after this many cycles (tens of seconds at any speed). */
#define CALIBRATE_GIVE_UP (1ULL << 36)
#define FALLBACK_TSC_HZ 1000000000ULL

static uint64_t tsc_at_boot;
static uint64_t ns_per_tsc_32; /* nanoseconds per TSC cycle, 32.32 fixed point */

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* TSC cycles per second, measured over CALIBRATE_TICKS of the PIT. */
static uint64_t tsc_measure_hz(void)
{
    uint8_t gate = inb(PIT_GATE_PORT);
    uint64_t start, elapsed;

    outb((gate & ~PIT_SPEAKER) | PIT_GATE_CH2, PIT_GATE_PORT);
    outb(PIT_CH2_MODE0, PIT_MODE);
    outb(CALIBRATE_TICKS & 0xff, PIT_CH2_DATA);
    outb(CALIBRATE_TICKS >> 8, PIT_CH2_DATA);
    start = rdtsc();
    do {
        elapsed = rdtsc() - start;
        if (elapsed > CALIBRATE_GIVE_UP)
            return 0;
    } while (!(inb(PIT_GATE_PORT) & PIT_OUT2));
    outb(gate, PIT_GATE_PORT);
    return elapsed * PIT_HZ / CALIBRATE_TICKS;
}

void time_init(void)
{
    uint64_t hz = tsc_measure_hz();

    if (!hz) {
        printk(XENLOG_WARNING "TSC: PIT did not count; assuming %llu MHz\n",
               FALLBACK_TSC_HZ / 1000000);
        hz = FALLBACK_TSC_HZ;
    }
    ns_per_tsc_32 = (1000000000ULL << 32) / hz;
    tsc_at_boot = rdtsc();
    printk("TSC: %lu.%03lu MHz\n", hz / 1000000, hz / 1000 % 1000);
}

s_time_t NOW(void)
{
    uint64_t cycles = rdtsc() - tsc_at_boot;

    if (!ns_per_tsc_32)
        return 0;
    return (s_time_t)(((unsigned __int128)cycles * ns_per_tsc_32) >> 32);
}
