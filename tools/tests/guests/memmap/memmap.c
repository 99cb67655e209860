/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memmap: a guest reads the memory map the hypervisor owns for it
 * (XENMEM_memory_map) and checks that it is true.
 *
 * Property checked: the map is well formed (ranges in order, not
 * overlapping, the MMIO hole one run up to 4 GiB, as much RAM as the start
 * info says), every RAM range is memory the guest can read and write, and
 * every reserved range (RDM) and the rest of the MMIO hole is not: each
 * access there faults.  The map is printed, one `memmap: TYPE START-END`
 * line per range (END inclusive), for the test to compare with what the
 * config and the host's rdm= asked for.
 *
 * Then, with relocate=N on the command line, the guest is its own
 * firmware: it grows its MMIO hole by N MiB (guest_grow_mmio_hole(), the
 * runtime's hvmloader-like stage), after trying relocations that must be
 * refused -- nothing to move, a range in the hole, RAM not right below the
 * hole, the hole below 64 MiB, a destination below 4 GiB, on a reserved
 * range, on RAM, beyond the guest-physical space, a bad pointer -- each
 * with its errno and the map unchanged.  The RAM that moved must keep its
 * contents at its new place and be gone from the old, the map must say so
 * (printed again), and every check above holds again.
 *
 * With dm on the command line, its device model (physdm) watches the map:
 * the guest waits until the device model answers on port 0x520 (it reads
 * as the map generation the device model last saw), and after the
 * relocation until it has seen the new generation.
 *
 * With vram=<MiB> rom_at=<addr> (and dm), its device model has put a
 * region "vram" of that size in its hole, and "rom" (64 KiB, with six
 * one-page regions below it) at rom_at; the guest moves vram like a VGA
 * driver programming a linear bank base: it writes the new frame to port
 * 0x521, reads the result from 0x522 and where vram is from 0x523.  It
 * fills vram with a pattern, moves it up, far down, by a page up (over
 * itself), and back by a MiB, checking the pattern follows it and the old
 * place faults; then moves that must be refused -- onto RAM, across
 * 4 GiB, onto a reserved range, onto rom, onto the shared info page --
 * with vram staying where it is, pattern intact.
 *
 * With rounds=R it then reads the map R more times, pace=<ms> apart
 * (200 by default), and checks it and the moved RAM are unchanged -- and,
 * with vram, moves vram between two places each round, checking the
 * pattern: across a live update, say.
 *
 * A reserved range that can be reached, RAM that cannot, a malformed map,
 * a relocation wrongly done or refused, moved RAM that lost its contents,
 * or a device model never told, is a FAILURE.
 */
#include <public/errno.h>

#include "guest.h"

const char test_title[] = "memmap";

#define X86_EXC_PF   14
#define X86_EXC_GP   13
#define MS           1000000ull
#define DM_PORT      0x520       /* physdm: the map generation it saw */
#define DM_TIMEOUT   (10000 * MS)
#define PATTERN      0x6d656d6d61700000ull /* "memmap", then the page */
#define PORT_BANK    0x521 /* physdm: write a frame: move vram there */
#define PORT_RESULT  0x522 /* physdm: the last move's result */
#define PORT_VRAM    0x523 /* physdm: the frame vram is at */
#define ROM_BYTES    ((64ull << 10) + 6 * PAGE_SIZE) /* rom and r2..r7 */
#define GFN_4G       (1ull << 20)
#define PROBE_STRIDE (4ull << 20)  /* RAM: a page every 4 MiB, and the ends */
#define HOLE_STRIDE  (64ull << 20) /* the hole: a page every 64 MiB */
#define RDM_PAGES    256           /* reserved: every page, up to this many */

static struct xen_e820_entry map[XEN_MEMMAP_MAX_ENTRIES];
static unsigned int nr_map;
static uint64_t generation;

static const char *type_name(uint32_t type)
{
    static const char *const names[] = {"?", "RAM", "RESERVED", "MMIO", "RDM"};

    return type < ARRAY_SIZE(names) ? names[type] : "?";
}

static void map_read(void)
{
    long n = guest_memmap_read(map, ARRAY_SIZE(map), &generation);

    if (n < 0)
        test_failure("XENMEM_memory_map: %ld", n);
    nr_map = (unsigned int)n;
}

static void map_print(void)
{
    unsigned int i;

    printf("memmap: generation %lu, %u ranges\n", (unsigned long)generation,
           nr_map);
    for (i = 0; i < nr_map; i++)
        printf("memmap: %s %#lx-%#lx\n", type_name(map[i].type),
               (unsigned long)map[i].addr,
               (unsigned long)(map[i].addr + map[i].size - 1));
}

/* In order, disjoint, whole pages, known types, the hole up to 4 GiB. */
static void map_check(void)
{
    uint64_t end = 0, ram = 0, hole_end = 0; /* hole_end: 0 before the hole */
    unsigned int i;

    for (i = 0; i < nr_map; i++) {
        const struct xen_e820_entry *e = &map[i];

        if (!e->size || (e->addr | e->size) & (PAGE_SIZE - 1) ||
            e->addr < end || e->type < XEN_MEMMAP_RAM ||
            e->type > XEN_MEMMAP_RDM)
            test_failure("range %u (%#lx+%#lx type %u) is malformed", i,
                         (unsigned long)e->addr, (unsigned long)e->size,
                         e->type);
        end = e->addr + e->size;
        if (e->type == XEN_MEMMAP_RAM)
            ram += e->size;
        if (!hole_end && e->type == XEN_MEMMAP_MMIO) {
            hole_end = end; /* the hole starts here */
        } else if (hole_end && hole_end < (GFN_4G << PAGE_SHIFT)) {
            if (e->addr != hole_end || e->type == XEN_MEMMAP_RAM)
                test_failure("the MMIO hole is not one run up to 4 GiB "
                             "(at %#lx)", (unsigned long)e->addr);
            hole_end = end;
        } else if (e->type == XEN_MEMMAP_MMIO) {
            test_failure("MMIO above 4 GiB at %#lx", (unsigned long)e->addr);
        }
    }
    if (hole_end < (GFN_4G << PAGE_SHIFT))
        test_failure("no MMIO hole reaching 4 GiB");
    if (ram != start_info->nr_pages << PAGE_SHIFT)
        test_failure("%lu bytes of RAM in the map, %lu pages in start info",
                     (unsigned long)ram, (unsigned long)start_info->nr_pages);
}

/* The byte at addr can be read and written back. */
static void expect_memory(uint64_t addr, const char *what)
{
    uint8_t v;
    int vec = guest_probe(addr, false, &v);

    if (vec < 0)
        vec = guest_probe(addr, true, &v);
    if (vec >= 0)
        test_failure("%s at %#lx: vector %d, not memory", what,
                     (unsigned long)addr, vec);
}

/* Neither reading nor writing the byte at addr works: a page fault. */
static void expect_nothing(uint64_t addr, const char *what)
{
    uint8_t v = 0x5a;
    int r = guest_probe(addr, false, &v), w = guest_probe(addr, true, &v);

    if (r != X86_EXC_PF || w != X86_EXC_PF)
        test_failure("%s at %#lx: read gave %d, write %d, not a page fault",
                     what, (unsigned long)addr, r, w);
}

static uint64_t vram_base, vram_bytes, rom_at;

/* A page of the hole that is mapped: shared info, a device-model region. */
static bool is_special(uint64_t page)
{
    return page == start_info->shared_info_gfn << PAGE_SHIFT ||
           (page >= vram_base && page < vram_base + vram_bytes) ||
           (rom_at && page >= rom_at + (64ull << 10) - ROM_BYTES &&
            page < rom_at + (64ull << 10));
}

/* Probe every range the way its type says. */
static void map_probe(void)
{
    unsigned int i;
    uint64_t a, n = 0;

    for (i = 0; i < nr_map; i++) {
        const struct xen_e820_entry *e = &map[i];
        uint64_t last = e->addr + e->size - PAGE_SIZE;

        switch (e->type) {
        case XEN_MEMMAP_RAM:
            for (a = e->addr; a < last; a += PROBE_STRIDE, n++)
                expect_memory(a, "RAM");
            expect_memory(last, "RAM");
            break;
        case XEN_MEMMAP_MMIO:
            for (a = e->addr; a < last; a += HOLE_STRIDE, n++)
                if (!is_special(a))
                    expect_nothing(a, "the MMIO hole");
            if (!is_special(last))
                expect_nothing(last, "the MMIO hole");
            break;
        default:
            for (a = e->addr; a <= last && a < e->addr + RDM_PAGES * PAGE_SIZE;
                 a += PAGE_SIZE, n++)
                expect_nothing(a, "a reserved range");
            expect_nothing(last, "a reserved range");
            break;
        }
    }
    printf("memmap: %lu pages probed, RAM is memory, reserved ranges and the "
           "hole are not\n", (unsigned long)n);
}

/* The first range of type at or above addr, or NULL. */
static const struct xen_e820_entry *find(uint32_t type, uint64_t addr)
{
    unsigned int i;

    for (i = 0; i < nr_map; i++)
        if (map[i].type == type && map[i].addr >= addr)
            return &map[i];
    return NULL;
}

static uint64_t hole_start(void)
{
    return find(XEN_MEMMAP_MMIO, 0)->addr;
}

/* The end of the RAM right below the hole. */
static uint64_t low_ram_end(void)
{
    uint64_t end = 0;
    unsigned int i;

    for (i = 0; i < nr_map && map[i].addr < hole_start(); i++)
        if (map[i].type == XEN_MEMMAP_RAM)
            end = map[i].addr + map[i].size;
    return end;
}

static long relocate(uint64_t first, uint64_t bytes, uint64_t dest)
{
    static struct xen_memory_relocate r;

    r = (struct xen_memory_relocate){first >> PAGE_SHIFT, bytes >> PAGE_SHIFT,
                                     dest >> PAGE_SHIFT, 0};
    return hypervisor_memory_op(XENMEM_relocate_ram, &r);
}

/* A relocation that must be refused with err, the map left as it was. */
static void expect_refused(const char *what, long rc, long err)
{
    static struct xen_e820_entry before[XEN_MEMMAP_MAX_ENTRIES];
    unsigned int n = nr_map;
    uint64_t gen = generation;

    memcpy(before, map, sizeof(map));
    if (rc != -err)
        test_failure("relocation %s: %ld, not -%ld", what, rc, err);
    map_read();
    if (generation != gen || nr_map != n || memcmp(before, map, sizeof(map)))
        test_failure("relocation %s was refused but changed the map", what);
    printf("memmap: relocation %s: refused (%ld)\n", what, rc);
}

static void relocations_refused(void)
{
    uint64_t low = low_ram_end(), hole = hole_start(), top_ram;
    const struct xen_e820_entry *rdm = find(XEN_MEMMAP_RDM, GFN_4G << 12);
    const struct xen_e820_entry *high = find(XEN_MEMMAP_RAM, GFN_4G << 12);
    const uint64_t page = PAGE_SIZE;

    if (!high || !rdm)
        test_error("the config must give RAM and a reserved range above "
                   "4 GiB");
    top_ram = (1ull << 47) - page;
    expect_refused("of nothing", relocate(low - page, 0, 8ull << 32),
                   XEN_EINVAL);
    expect_refused("from the hole", relocate(hole, page, 8ull << 32),
                   XEN_EINVAL);
    expect_refused("not right below the hole",
                   relocate(low - 2 * page, page, 8ull << 32), XEN_EINVAL);
    expect_refused("to below 64 MiB", relocate(60ull << 20, low - (60ull << 20),
                                               8ull << 32), XEN_EINVAL);
    expect_refused("to below 4 GiB", relocate(low - page, page, 3ull << 30),
                   XEN_EINVAL);
    expect_refused("onto a reserved range",
                   relocate(low - 2 * page, 2 * page, rdm->addr - page),
                   XEN_EPERM);
    expect_refused("onto RAM", relocate(low - page, page, high->addr),
                   XEN_EBUSY);
    expect_refused("beyond the guest-physical space",
                   relocate(low - 2 * page, 2 * page, top_ram), XEN_EINVAL);
    expect_refused("with a bad pointer",
                   hypervisor_memory_op(XENMEM_relocate_ram,
                                        (void *)(uintptr_t)(1ull << 46)),
                   XEN_EFAULT);
}

/* Mark every page of [addr, addr + bytes) with what it is. */
static void pattern_write(uint64_t addr, uint64_t bytes)
{
    uint64_t a;

    for (a = addr; a < addr + bytes; a += PAGE_SIZE)
        *(volatile uint64_t *)(uintptr_t)a = PATTERN ^ (a >> PAGE_SHIFT);
}

/* The pages marked at from are all at to, intact. */
static void pattern_check(uint64_t from, uint64_t to, uint64_t bytes)
{
    uint64_t off;

    for (off = 0; off < bytes; off += PAGE_SIZE) {
        uint64_t want = PATTERN ^ ((from + off) >> PAGE_SHIFT);
        uint64_t got = *(volatile uint64_t *)(uintptr_t)(to + off);

        if (got != want)
            test_failure("moved page %#lx at %#lx holds %#lx, not %#lx",
                         (unsigned long)(from + off),
                         (unsigned long)(to + off), (unsigned long)got,
                         (unsigned long)want);
    }
}

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
static void dm_saw(uint64_t gen)
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

static uint64_t moved_from, moved_to, moved_bytes;

static void grow_hole(uint64_t bytes, bool dm)
{
    uint64_t hole = hole_start(), gen = generation;
    long rc;

    moved_bytes = bytes;
    pattern_write(low_ram_end() - bytes, bytes);
    rc = guest_grow_mmio_hole(bytes, &moved_from, &moved_to);
    if (rc)
        test_failure("relocating %#lx bytes: %ld", (unsigned long)bytes, rc);
    map_read();
    printf("memmap: relocated %#lx-%#lx to %#lx\n", (unsigned long)moved_from,
           (unsigned long)(moved_from + bytes - 1), (unsigned long)moved_to);
    map_print();
    if (hole_start() != moved_from || hole_start() >= hole ||
        generation <= gen)
        test_failure("the hole starts at %#lx (generation %lu), not at %#lx",
                     (unsigned long)hole_start(), (unsigned long)generation,
                     (unsigned long)moved_from);
    pattern_check(moved_from, moved_to, bytes);
    expect_nothing(moved_from, "RAM that moved away");
    expect_nothing(moved_from + bytes - PAGE_SIZE, "RAM that moved away");
    if (dm)
        dm_saw(generation);
}

static uint32_t port_in(uint16_t port)
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

static uint64_t vram_first; /* where vram was when the pattern went in */

static void vram_move_ok(uint64_t to)
{
    uint64_t from = vram_base;
    int32_t rc = vram_move(to);

    if (rc || vram_base != to)
        test_failure("vram to %#lx: result %d, at %#lx", (unsigned long)to,
                     rc, (unsigned long)vram_base);
    pattern_check(vram_first, to, vram_bytes);
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

static void vram_checks(void)
{
    uint64_t up = vram_base + (64ull << 20), down = 2ull << 30;

    vram_first = vram_base;
    pattern_write(vram_base, vram_bytes);
    vram_move_ok(up);
    vram_move_ok(down);
    vram_move_ok(down + PAGE_SIZE);
    vram_move_ok(down - (1ull << 20) + PAGE_SIZE);
    printf("memmap: vram moved 4 times, the pattern followed it\n");
    vram_move_refused("onto RAM", low_ram_end() - vram_bytes, XEN_EINVAL);
    vram_move_refused("across 4 GiB", (GFN_4G << PAGE_SHIFT) - PAGE_SIZE,
                      XEN_EINVAL);
    vram_move_refused("onto a reserved range", 0xfed00000ull - PAGE_SIZE,
                      XEN_EPERM);
    vram_move_refused("onto rom", rom_at + PAGE_SIZE - vram_bytes,
                      XEN_EBUSY);
    vram_move_refused("onto the shared info page",
                      start_info->shared_info_gfn << PAGE_SHIFT, XEN_EBUSY);
}

/* rounds more reads of the map: nothing changed, the moved RAM intact. */
static void keep_checking(unsigned long rounds, uint64_t pace)
{
    static struct xen_e820_entry first[XEN_MEMMAP_MAX_ENTRIES];
    uint64_t gen = generation, next = time_now_ns();
    uint64_t places[2] = {vram_base, 3ull << 30};
    unsigned int n = nr_map;
    unsigned long k;

    memcpy(first, map, sizeof(map));
    for (k = 1; k <= rounds; k++) {
        while (time_now_ns() < next)
            hypervisor_yield();
        next += pace * MS;
        if (vram_bytes)
            vram_move_ok(places[k & 1]);
        map_read();
        if (generation != gen || nr_map != n || memcmp(first, map, sizeof(map)))
            test_failure("round %lu: the map changed (generation %lu)", k,
                         (unsigned long)generation);
        if (moved_bytes)
            pattern_check(moved_from, moved_to, moved_bytes);
        map_probe();
        printf("memmap: round %lu ok (generation %lu)\n", k,
               (unsigned long)generation);
    }
}

void test_main(const struct start_info *si)
{
    bool ok_relocate, ok_rounds, dm = cmdline_has("dm");
    uint64_t mib = cmdline_get_u64("relocate", 0, &ok_relocate);
    uint64_t rounds = cmdline_get_u64("rounds", 0, &ok_rounds);
    bool ok_vram, ok_rom, ok_pace;
    uint64_t pace = cmdline_get_u64("pace", 200, &ok_pace);

    vram_bytes = cmdline_get_u64("vram", 0, &ok_vram) << 20;
    rom_at = cmdline_get_u64("rom_at", 0, &ok_rom);
    if (!ok_relocate || !ok_rounds || !ok_vram || !ok_rom || !ok_pace ||
        (vram_bytes && (!dm || !rom_at)))
        test_error("relocate=<MiB> rounds=<N> pace=<ms> [vram=<MiB> "
                   "rom_at=<addr> dm] expected");
    if (guest_probe_install() < 0)
        test_error("set_trap_table refused");
    map_read();
    map_print();
    map_check();
    if (dm)
        dm_saw(generation);
    if (vram_bytes)
        vram_base = (uint64_t)port_in(PORT_VRAM) << PAGE_SHIFT;
    map_probe();
    if (mib) {
        relocations_refused();
        grow_hole(mib << 20, dm);
        map_check();
        map_probe();
    }
    if (vram_bytes)
        vram_checks();
    keep_checking(rounds, pace);
    test_success();
}
