/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memmap guest and its device model (physdm): that it saw the map,
 * vram moved through a bank-base port, and the device model's foreign
 * mappings of the guest's memory (memmap.c says what is checked).
 */
#include "memmap.h"

/* What the device model answers on DM_PORT: the generation it saw. */
static uint32_t dm_generation(void)
{
    uint64_t deadline = time_now_ns() + DM_TIMEOUT;
    uint32_t v;

    while (guest_probe_inl(DM_PORT, &v) == X86_EXC_GP)
        if (time_now_ns() > deadline)
            test_error("no device model on port %#x after %llu s", DM_PORT,
                       DM_TIMEOUT / (1000 * MS));
    return v;
}

/* The device model saw the map's current generation. */
void dm_saw(uint64_t gen)
{
    uint64_t deadline = time_now_ns() + DM_TIMEOUT;
    uint32_t seen;

    while ((seen = dm_generation()) != gen) {
        if (time_now_ns() > deadline)
            test_failure("the device model saw generation %u, not %lu: it "
                         "was not told", seen, (unsigned long)gen);
        hypervisor_yield();
    }
    printf("memmap: the device model saw generation %lu\n", (unsigned long)gen);
}

uint32_t port_in(uint16_t port)
{
    uint32_t v;

    if (guest_probe_inl(port, &v) >= 0)
        test_error("port %#x is not served", port);
    return v;
}

/* Program the "bank base": move vram to addr.  The device model's result. */
static int32_t vram_move(uint64_t addr)
{
    uint32_t gfn = (uint32_t)(addr >> PAGE_SHIFT);

    asm volatile("outl %0, %w1" : : "a"(gfn), "Nd"((uint16_t)PORT_BANK)
                 : "memory");
    vram_base = (uint64_t)port_in(PORT_VRAM) << PAGE_SHIFT;
    return (int32_t)port_in(PORT_RESULT);
}

uint64_t vram_first; /* where vram was when the pattern went in */

void vram_move_ok(uint64_t to, bool whole)
{
    uint64_t from = vram_base, last = vram_bytes - PAGE_SIZE;
    int32_t rc = vram_move(to);

    if (rc || vram_base != to)
        test_failure("vram to %#lx: result %d, at %#lx", (unsigned long)to,
                     rc, (unsigned long)vram_base);
    if (whole) {
        pattern_check(vram_first, to, vram_bytes);
    } else { /* its first and last pages: the ends of a move */
        pattern_check(vram_first, to, PAGE_SIZE);
        pattern_check(vram_first + last, to + last, PAGE_SIZE);
    }
    if (from + vram_bytes <= to || to + vram_bytes <= from)
        expect_nothing(from, "where vram was");
}

static void vram_move_refused(const char *what, uint64_t to, int32_t err)
{
    uint64_t from = vram_base;
    int32_t rc = vram_move(to);

    if (rc != -err || vram_base != from)
        test_failure("vram %s (%#lx): result %d, at %#lx", what,
                     (unsigned long)to, rc, (unsigned long)vram_base);
    pattern_check(vram_first, from, vram_bytes);
    printf("memmap: vram %s: refused (%d)\n", what, rc);
}

void vram_checks(void)
{
    uint64_t up = vram_base + (64ull << 20), down = 2ull << 30;

    vram_first = vram_base;
    pattern_write(vram_base, vram_bytes);
    vram_move_ok(up, true);
    vram_move_ok(down, true);
    vram_move_ok(down + PAGE_SIZE, true);
    vram_move_ok(down - (1ull << 20) + PAGE_SIZE, true);
    printf("memmap: vram moved 4 times, the pattern followed it\n");
    vram_move_refused("onto RAM", low_ram_end() - vram_bytes, XEN_EINVAL);
    vram_move_refused("across 4 GiB", (GFN_4G << PAGE_SHIFT) - PAGE_SIZE,
                      XEN_EINVAL);
    vram_move_refused("onto a reserved range",
                      0xfed00000ull + PAGE_SIZE - vram_bytes, XEN_EPERM);
    vram_move_refused("onto rom", rom_at + PAGE_SIZE - vram_bytes,
                      XEN_EBUSY);
    vram_move_refused("onto the shared info page",
                      start_info->shared_info_gfn << PAGE_SHIFT, XEN_EBUSY);
}

void port_out(uint16_t port, uint32_t v)
{
    asm volatile("outl %0, %w1" : : "a"(v), "Nd"(port) : "memory");
}

/* Ask the device model to map addr; its result, and in *word what it read. */
static int32_t foreign_read(uint64_t addr, uint32_t *word)
{
    port_out(PORT_MAP, (uint32_t)(addr >> PAGE_SHIFT));
    *word = port_in(PORT_WORD);
    return (int32_t)port_in(PORT_FOREIGN);
}

void foreign_ok(const char *what, uint64_t addr, uint32_t want)
{
    uint32_t word;
    int32_t rc = foreign_read(addr, &word);

    if (rc || word != want)
        test_failure("the device model's mapping of %s at %#lx: result %d, "
                     "read %#x, not %#x", what, (unsigned long)addr, rc, word,
                     want);
    printf("memmap: the device model reads %s at %#lx\n", what,
           (unsigned long)addr);
}

void foreign_still(uint32_t want)
{
    uint32_t word;

    port_out(PORT_AGAIN, 0);
    if ((word = port_in(PORT_WORD)) != want)
        test_failure("the device model's mapping reads %#x, not %#x", word,
                     want);
}

/* The device model reads again through the mapping it has: want. */
void foreign_again(const char *what, uint32_t want)
{
    foreign_still(want);
    printf("memmap: the device model's mapping of %s still reads it\n", what);
}

void foreign_refused(const char *what, uint64_t addr)
{
    uint32_t word;
    int32_t rc = foreign_read(addr, &word);

    if (rc != -XEN_ENXIO)
        test_failure("the device model's mapping of %s at %#lx: %d, not "
                     "-ENXIO", what, (unsigned long)addr, rc);
    printf("memmap: the device model may not map %s: refused (%d)\n", what,
           rc);
}

static long reservation(unsigned int cmd, uint64_t addr)
{
    static uint64_t gfn;
    static struct xen_memory_reservation r;

    gfn = addr >> PAGE_SHIFT;
    r = (struct xen_memory_reservation){.extent_start = (uintptr_t)&gfn,
                                        .nr_extents = 1, .domid = DOMID_SELF};
    return hypervisor_memory_op(cmd, &r);
}

/* A page the device model maps cannot be given back until it unmaps it. */
void give_back_mapped(void)
{
    uint8_t v = 0;
    long rc;

    *(volatile uint64_t *)(uintptr_t)GIVEN_BACK = PATTERN;
    foreign_ok("a page to give back", GIVEN_BACK, (uint32_t)PATTERN);
    if ((rc = reservation(XENMEM_decrease_reservation, GIVEN_BACK)) !=
        -XEN_EBUSY)
        test_failure("giving back a page the device model maps: %ld", rc);
    printf("memmap: giving back a page the device model maps: refused "
           "(%ld)\n", rc);
    port_out(PORT_AGAIN, 1);
    if ((rc = (int32_t)port_in(PORT_FOREIGN)) ||
        (rc = reservation(XENMEM_decrease_reservation, GIVEN_BACK)) != 1)
        test_failure("giving back the page once unmapped: %ld", rc);
    expect_nothing(GIVEN_BACK, "a page given back");
    if ((rc = reservation(XENMEM_populate_physmap, GIVEN_BACK)) != 1 ||
        guest_probe(GIVEN_BACK, false, &v) >= 0 ||
        *(volatile uint64_t *)(uintptr_t)GIVEN_BACK)
        test_failure("populating the page given back: %ld", rc);
    printf("memmap: given back once unmapped, then populated again\n");
    /* Left mapped: when this domain goes, the mapping must not fault. */
    *(volatile uint64_t *)(uintptr_t)GIVEN_BACK = PATTERN;
    foreign_ok("a page left mapped", GIVEN_BACK, (uint32_t)PATTERN);
}
