/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ioguest: port I/O to a device emulated by a device model (iodm), and to
 * a port nobody emulates.
 *
 * Property checked: an in/out instruction on a port claimed by the
 * domain's device model completes with the device model's answer -- the
 * right value for 1, 2 and 4-byte accesses, the vCPU resuming after the
 * instruction -- and one on a port nobody claimed raises #GP in the guest
 * (it is neither forwarded nor executed on real hardware).
 *
 * The domain is created with dm=<iodm's domid>; iodm emulates ports
 * 0x510-0x513 (iodm.c): a write to 0x510 latches the value, a read of
 * 0x510 returns it plus one, a read of 0x512 the number of requests
 * served before it.  Command line: rounds=N.  The guest
 *
 *   1. reads 0x512 until it no longer faults (iodm may not have claimed
 *      the ports yet; ERROR after 10 s), expecting 0 served;
 *   2. N times, for sizes 1, 2 and 4: writes a value to 0x510 and checks
 *      that reading 0x510 gives value + 1, masked to the size;
 *   3. reads 0x512, expecting 1 + 6N (iodm's requests= must be 2 + 6N);
 *   4. writes to port 0x80, expecting #GP.
 *
 * With wake=<iodm's domid> it first offers iodm an event channel and
 * writes its port to 0x513 (one request more: 0x512 then reads 2 + 6N,
 * and iodm's requests= must be 3 + 6N): iodm then sends an event on it
 * while it holds each request, and checks the vCPU waiting for the answer
 * did not wake and ask again (iodm.c).
 *
 * A wrong value or a missing #GP is a FAILURE.
 */
#include "guest.h"

const char test_title[] = "ioguest";

#define MS         1000000ull
#define DM_TIMEOUT (10000 * MS)

#define X86_EXC_GP     13
#define PORT_LATCH     0x510
#define PORT_COUNT     0x512
#define PORT_WAKE      0x513
#define PORT_UNCLAIMED 0x80

/* A trap on an instruction with a fixup resumes at the fixup. */
static uint64_t fixup_rip;
static struct {
    bool seen;
    uint64_t vector, error_code;
} trap;

static void ioguest_trap(struct guest_trap_frame *f)
{
    if (!fixup_rip)
        test_failure("unexpected trap %lu (error %#lx) at %#lx",
                     (unsigned long)f->vector, (unsigned long)f->error_code,
                     (unsigned long)f->rip);
    trap.seen = true;
    trap.vector = f->vector;
    trap.error_code = f->error_code;
    f->rip = fixup_rip;
    fixup_rip = 0;
}

/* Read a 16-bit port, a trap resuming after the instruction. */
static uint16_t probe_inw(uint16_t port)
{
    uint16_t v = 0xdead;

    trap.seen = false;
    asm volatile("lea 1f(%%rip), %%r11\n\t"
                 "mov %%r11, %[fix]\n\t"
                 "inw %%dx, %%ax\n"
                 "1:\n\t"
                 "movq $0, %[fix]"
                 : [fix] "+m"(fixup_rip), "+a"(v)
                 : "d"(port)
                 : "r11", "memory");
    return v;
}

static void probe_outb(uint16_t port, uint8_t v)
{
    trap.seen = false;
    asm volatile("lea 1f(%%rip), %%r11\n\t"
                 "mov %%r11, %[fix]\n\t"
                 "outb %%al, %%dx\n"
                 "1:\n\t"
                 "movq $0, %[fix]"
                 : [fix] "+m"(fixup_rip)
                 : "a"(v), "d"(port)
                 : "r11", "memory");
}

static void io_out(unsigned int size, uint16_t port, uint32_t v)
{
    switch (size) {
    case 1:
        asm volatile("outb %b0, %w1" : : "a"(v), "Nd"(port) : "memory");
        break;
    case 2:
        asm volatile("outw %w0, %w1" : : "a"(v), "Nd"(port) : "memory");
        break;
    default:
        asm volatile("outl %0, %w1" : : "a"(v), "Nd"(port) : "memory");
    }
}

/* Read size bytes of port; the bits above them are left as 0xa5 bytes,
 * so an access that writes too much of %eax shows. */
static uint32_t io_in(unsigned int size, uint16_t port)
{
    uint32_t v = 0xa5a5a5a5;

    switch (size) {
    case 1:
        asm volatile("inb %w1, %b0" : "+a"(v) : "Nd"(port) : "memory");
        return v;
    case 2:
        asm volatile("inw %w1, %w0" : "+a"(v) : "Nd"(port) : "memory");
        return v;
    default:
        asm volatile("inl %w1, %0" : "+a"(v) : "Nd"(port) : "memory");
        return v;
    }
}

static uint32_t size_mask(unsigned int size)
{
    return size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
}

/* Step 1: the served count, once iodm has claimed the ports. */
static void wait_for_dm(void)
{
    uint64_t deadline = time_now_ns() + DM_TIMEOUT;
    unsigned int tries = 0;
    uint16_t count;

    for (;;) {
        tries++;
        count = probe_inw(PORT_COUNT);
        if (!trap.seen)
            break;
        if (trap.vector != X86_EXC_GP)
            test_failure("inw %#x raised vector %lu, not #GP", PORT_COUNT,
                         (unsigned long)trap.vector);
        if (time_now_ns() >= deadline)
            test_error("port %#x still not emulated after %u tries: is the "
                       "device model (dm=) running?",
                       PORT_COUNT, tries);
        hypervisor_yield();
    }
    printf("ioguest: device model answering after %u tries\n", tries);
    if (count != 0)
        test_failure("first read of %#x: %u served, expected 0", PORT_COUNT,
                     count);
}

/* Step 2: out then in at each size; in must return out + 1. */
static void check_rounds(uint64_t rounds)
{
    static const unsigned int sizes[] = {1, 2, 4};
    uint64_t r;
    unsigned int i;

    for (r = 0; r < rounds; r++) {
        for (i = 0; i < ARRAY_SIZE(sizes); i++) {
            unsigned int size = sizes[i];
            uint32_t mask = size_mask(size);
            /* Varied values, including all-ones ones that wrap on + 1. */
            uint32_t v = r % 7 == 3 ? mask : (uint32_t)(r * 2654435761u) ^ size;
            uint32_t want = ((v & mask) + 1) & mask;
            uint32_t got;

            io_out(size, PORT_LATCH, v & mask);
            got = io_in(size, PORT_LATCH);
            if (size < 4 && (got & ~mask) != (0xa5a5a5a5 & ~mask))
                test_failure("round %lu: %u-byte in changed bits %#x of "
                             "%%eax",
                             (unsigned long)r, size, got & ~mask);
            if ((got & mask) != want)
                test_failure("round %lu: %u-byte out %#x, in %#x, expected "
                             "%#x",
                             (unsigned long)r, size, v & mask, got & mask,
                             want);
        }
        if (rounds >= 10 && (r + 1) % (rounds / 10) == 0)
            printf("ioguest: round %lu/%lu ok\n", (unsigned long)(r + 1),
                   (unsigned long)rounds);
    }
}

/* Step 4: a port nobody claimed faults in the guest. */
static void check_unclaimed(void)
{
    probe_outb(PORT_UNCLAIMED, 0x42);
    if (!trap.seen)
        test_failure("outb to unclaimed port %#x did not fault",
                     PORT_UNCLAIMED);
    if (trap.vector != X86_EXC_GP)
        test_failure("outb to unclaimed port %#x raised vector %lu, not #GP",
                     PORT_UNCLAIMED, (unsigned long)trap.vector);
    printf("ioguest: port %#x (unclaimed): #GP as expected\n", PORT_UNCLAIMED);
}

/* An unbound port for dm to bind to, its number written to PORT_WAKE. */
static void offer_wake_port(domid_t dm)
{
    static struct evtchn_alloc_unbound a;
    long rc;

    a = (struct evtchn_alloc_unbound){.dom = DOMID_SELF, .remote_dom = dm};
    if ((rc = hypervisor_event_channel_op(EVTCHNOP_alloc_unbound, &a)) < 0)
        test_error("alloc_unbound for dom %u: %ld", dm, rc);
    io_out(4, PORT_WAKE, a.port);
    printf("ioguest: port %u offered to dom %u to wake us with\n", a.port,
           dm);
}

void test_main(const struct start_info *si)
{
    bool ok;
    uint64_t rounds = cmdline_get_u64("rounds", 100, &ok);
    uint64_t wake_dm = cmdline_get_u64("wake", DOMID_INVALID, NULL);
    uint32_t want;
    uint16_t count;

    if (!ok || !rounds || rounds > 10000)
        test_error("rounds=N (1-10000) expected");
    if (trap_set_handler(ioguest_trap) < 0)
        test_error("set_trap_table refused");
    wait_for_dm();
    if (wake_dm != DOMID_INVALID)
        offer_wake_port((domid_t)wake_dm);
    check_rounds(rounds);
    count = io_in(2, PORT_COUNT);
    want = (1 + (wake_dm != DOMID_INVALID) + 6 * rounds) & 0xffff;
    if (count != want)
        test_failure("%#x reads %u served, expected %u", PORT_COUNT, count,
                     want);
    check_unclaimed();
    printf("ioguest: %lu rounds, %u requests\n", (unsigned long)rounds,
           count + 1);
    test_success();
}
