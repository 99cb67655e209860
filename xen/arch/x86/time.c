/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System time from the TSC, calibrated against PIT channel 2 at boot --
 * or, after a live update, at the rate the predecessor measured on this
 * same machine, which saves the 20 ms the measurement takes.
 *
 * The PIT runs at a fixed, known rate on every PC (and on QEMU's virtual
 * clock, so under -icount the result is repeatable).  Channel 2 is the one
 * software can gate and poll through port 0x61 without interrupts.
 */
#include <asm/io.h>
#include <asm/msr.h>
#include <xen/lib.h>
#include <xen/sched.h>
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

/* NOW() = ns_at_base + scaled(rdtsc() - tsc_at_base). */
static uint64_t tsc_at_base;
static uint64_t ns_at_base;
static uint64_t tsc_hz;
static uint64_t ns_per_tsc_32; /* nanoseconds per TSC cycle, 32.32 fixed point */
/* The same scale as a guest applies it: (delta << shift) * mul >> 32. */
static uint32_t guest_tsc_mul;
static int8_t guest_tsc_shift;

/*
 * TSC cycles per second, measured over CALIBRATE_TICKS of the PIT, or 0 if
 * the PIT never counted down.  Port 0x61 is put back as it was either way.
 */
static uint64_t tsc_measure_hz(void)
{
    uint8_t gate = inb(PIT_GATE_PORT);
    uint64_t start, elapsed;
    bool done;

    outb((gate & ~PIT_SPEAKER) | PIT_GATE_CH2, PIT_GATE_PORT);
    outb(PIT_CH2_MODE0, PIT_MODE);
    outb(CALIBRATE_TICKS & 0xff, PIT_CH2_DATA);
    outb(CALIBRATE_TICKS >> 8, PIT_CH2_DATA);
    start = rdtsc();
    do {
        elapsed = rdtsc() - start;
        done = inb(PIT_GATE_PORT) & PIT_OUT2;
    } while (!done && elapsed <= CALIBRATE_GIVE_UP);
    outb(gate, PIT_GATE_PORT);
    return done ? elapsed * PIT_HZ / CALIBRATE_TICKS : 0;
}

/*
 * A guest's mul is 32 bits: shift the scale down until it fits.  The
 * guest's product is then never more than NOW()'s, so a guest's
 * extrapolated time never passes the next stamp: it never goes back.
 */
static void guest_scale_init(void)
{
    uint64_t mul = ns_per_tsc_32;
    int8_t shift = 0;

    while (mul > 0xffffffffULL) {
        mul >>= 1;
        shift++;
    }
    guest_tsc_mul = mul;
    guest_tsc_shift = shift;
}

/*
 * The scale comes from the rate in kHz, the precision the live-update
 * stream carries, so a successor that adopts its predecessor's rate
 * computes exactly the same times.
 */
static void time_set_scale(uint64_t khz)
{
    tsc_hz = khz * 1000;
    ns_per_tsc_32 = (1000000ULL << 32) / khz;
    guest_scale_init();
}

void time_init(unsigned long known_khz)
{
    uint64_t hz;

    if (known_khz) {
        time_set_scale(known_khz);
        tsc_at_base = rdtsc();
        printk("TSC: %lu.%03lu MHz (carried over)\n", known_khz / 1000,
               known_khz % 1000);
        return;
    }
    hz = tsc_measure_hz();
    if (!hz) {
        printk(XENLOG_WARNING "TSC: PIT did not count; assuming %llu MHz\n",
               FALLBACK_TSC_HZ / 1000000);
        hz = FALLBACK_TSC_HZ;
    }
    time_set_scale(hz / 1000);
    tsc_at_base = rdtsc();
    printk("TSC: %lu.%03lu MHz\n", hz / 1000000, hz / 1000 % 1000);
}

s_time_t NOW(void)
{
    uint64_t cycles = rdtsc() - tsc_at_base;

    if (!ns_per_tsc_32)
        return 0;
    return ns_at_base +
           (s_time_t)(((unsigned __int128)cycles * ns_per_tsc_32) >> 32);
}

unsigned long cpu_khz(void)
{
    return tsc_hz / 1000;
}

void time_update_vcpu_info(struct vcpu *v)
{
    struct vcpu_time_info *t =
        &v->domain->shared_info->vcpu_info[v->vcpu_id].time;
    uint64_t tsc = rdtsc();

    __atomic_store_n(&t->version, t->version + 1, __ATOMIC_SEQ_CST);
    t->tsc_timestamp = tsc;
    t->system_time = ns_at_base + ((((unsigned __int128)(tsc - tsc_at_base)) *
                                    ns_per_tsc_32) >> 32);
    t->tsc_to_system_mul = guest_tsc_mul;
    t->tsc_shift = guest_tsc_shift;
    __atomic_store_n(&t->version, t->version + 1, __ATOMIC_SEQ_CST);
}

void time_snapshot(uint64_t *ns, uint64_t *tsc)
{
    *tsc = rdtsc();
    *ns = ns_at_base +
          ((((unsigned __int128)(*tsc - tsc_at_base)) * ns_per_tsc_32) >> 32);
}

void time_continue(uint64_t ns, uint64_t tsc, uint64_t khz)
{
    time_set_scale(khz);
    ns_at_base = ns;
    tsc_at_base = tsc;
}
