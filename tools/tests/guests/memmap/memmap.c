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
 * With foreign (and dm), the device model maps the guest's frames
 * (XEN_DMOP_map_foreign) when asked through ports 0x524-0x527 and says
 * what it read: a page of RAM that is about to move, read again through
 * the same mapping after it moved (the mapping follows the frame), while
 * mapping its old place is refused (-ENXIO) and its new place works;
 * reserved memory, the hole and the shared info page refused; vram read
 * through a mapping before and after vram moves.  And the guest cannot
 * give back (XENMEM_decrease_reservation) a page the device model maps
 * (-EBUSY) until the device model unmaps it; then the page is gone, and
 * populating it again brings it back.
 *
 * With rounds=R (or seconds=S: for that long, at least) it then reads the
 * map again and again, pace=<ms> apart (200 by default), and checks it,
 * the moved RAM and what is unreachable are unchanged -- and, with vram,
 * moves vram between two places each round (with still, leaves it where
 * it is and does no port I/O: across a save and restore, whose device
 * model is not there to serve it), checking the pattern, and
 * with foreign has its device model read the page it left mapped: across
 * a live update, say; and once more at the end.  With relocate_after=N it
 * then grows its hole by N MiB more, as above (its device model must be
 * told again: its watch survived whatever happened meanwhile).  With light, vram moves
 * back and forth by a page, which its device model does a frame at a
 * time, and only every tenth round checks everything, the others vram's
 * ends: the device model spends nearly all its time half-way through a
 * move.
 *
 * A reserved range that can be reached, RAM that cannot, a malformed map,
 * a relocation wrongly done or refused, moved RAM that lost its contents,
 * or a device model never told, is a FAILURE.
 */
#include "memmap.h"

const char test_title[] = "memmap";

struct xen_e820_entry map[XEN_MEMMAP_MAX_ENTRIES];
unsigned int nr_map;
uint64_t generation;

static const char *type_name(uint32_t type)
{
    static const char *const names[] = {"?", "RAM", "RESERVED", "MMIO", "RDM"};

    return type < ARRAY_SIZE(names) ? names[type] : "?";
}

void map_read(void)
{
    long n = guest_memmap_read(map, ARRAY_SIZE(map), &generation);

    if (n < 0)
        test_failure("XENMEM_memory_map: %ld", n);
    nr_map = (unsigned int)n;
}

void map_print(void)
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
void map_check(void)
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
void expect_memory(uint64_t addr, const char *what)
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
void expect_nothing(uint64_t addr, const char *what)
{
    uint8_t v = 0x5a;
    int r = guest_probe(addr, false, &v), w = guest_probe(addr, true, &v);

    if (r != X86_EXC_PF || w != X86_EXC_PF)
        test_failure("%s at %#lx: read gave %d, write %d, not a page fault",
                     what, (unsigned long)addr, r, w);
}

uint64_t vram_base, vram_bytes, rom_at;

/* A page of the hole that is mapped: shared info, a device-model region. */
static bool is_special(uint64_t page)
{
    return page == start_info->shared_info_gfn << PAGE_SHIFT ||
           (page >= vram_base && page < vram_base + vram_bytes) ||
           (rom_at && page >= rom_at + (64ull << 10) - ROM_BYTES &&
            page < rom_at + (64ull << 10));
}

/* Probe every range the way its type says. */
void map_probe(void)
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

/* rounds more reads of the map: nothing changed, the moved RAM intact. */
/* The checks of a round beyond moving vram: nothing else changed. */
static void round_check(const struct xen_e820_entry *first, unsigned int n,
                        uint64_t gen, bool foreign, const char *what)
{
    map_read();
    if (generation != gen || nr_map != n || memcmp(first, map, sizeof(map)))
        test_failure("%s: the map changed (generation %lu)", what,
                     (unsigned long)generation);
    if (moved_bytes)
        pattern_check(moved_from, moved_to, moved_bytes);
    if (vram_bytes)
        pattern_check(vram_first, vram_base, vram_bytes);
    if (foreign)
        foreign_still((uint32_t)PATTERN);
    map_probe();
    printf("memmap: %s ok (generation %lu)\n", what, (unsigned long)generation);
}

static void keep_checking(unsigned long rounds, uint64_t seconds,
                          uint64_t pace, bool foreign, bool light, bool still)
{
    static struct xen_e820_entry first[XEN_MEMMAP_MAX_ENTRIES];
    uint64_t gen = generation, next = time_now_ns();
    uint64_t until = next + seconds * 1000 * MS;
    /* Light: a page apart, so every move goes a frame at a time. */
    uint64_t places[2] = {vram_base, light ? vram_base + PAGE_SIZE
                                           : 3ull << 30};
    unsigned int n = nr_map;
    unsigned long k;
    char what[32];

    memcpy(first, map, sizeof(map));
    for (k = 1; k <= rounds || time_now_ns() < until; k++) {
        while (time_now_ns() < next)
            hypervisor_yield();
        next += pace * MS;
        if (vram_bytes && !still)
            vram_move_ok(places[k & 1], false);
        if (light && k % 10)
            continue; /* the device model moving vram is most of the work */
        snprintf(what, sizeof(what), "round %lu", k);
        round_check(first, n, gen, foreign, what);
    }
    if (rounds || seconds)
        round_check(first, n, gen, foreign, "the last round");
}

void test_main(const struct start_info *si)
{
    bool ok_relocate, ok_again, ok_rounds, ok_seconds, dm = cmdline_has("dm");
    bool foreign = cmdline_has("foreign");
    uint64_t mib = cmdline_get_u64("relocate", 0, &ok_relocate);
    uint64_t again = cmdline_get_u64("relocate_after", 0, &ok_again);
    uint64_t rounds = cmdline_get_u64("rounds", 0, &ok_rounds);
    bool ok_vram, ok_rom, ok_pace;
    uint64_t pace = cmdline_get_u64("pace", 200, &ok_pace);
    uint64_t seconds = cmdline_get_u64("seconds", 0, &ok_seconds);

    vram_bytes = cmdline_get_u64("vram", 0, &ok_vram) << 20;
    rom_at = cmdline_get_u64("rom_at", 0, &ok_rom);
    if (!ok_relocate || !ok_again || !ok_rounds || !ok_seconds || !ok_vram ||
        !ok_rom || !ok_pace || (vram_bytes && (!dm || !rom_at)) ||
        (foreign && !dm))
        test_error("relocate=<MiB> relocate_after=<MiB> rounds=<N> "
                   "seconds=<S> pace=<ms> [vram=<MiB> rom_at=<addr> dm "
                   "foreign] expected");
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
        grow_hole(mib << 20, dm, foreign);
        map_check();
        map_probe();
    }
    if (foreign) {
        foreign_refused("a reserved range", 0x2000000);
        foreign_refused("the hole", 1ull << 30);
        foreign_refused("the shared info page",
                        start_info->shared_info_gfn << PAGE_SHIFT);
    }
    if (vram_bytes)
        vram_checks();
    if (foreign && vram_bytes) {
        foreign_ok("vram", vram_base, pattern_word(vram_first));
        vram_move_ok(vram_base + (8ull << 20), true);
        foreign_again("vram", pattern_word(vram_first));
    }
    if (foreign)
        give_back_mapped();
    keep_checking(rounds, seconds, pace, foreign, cmdline_has("light"),
                  cmdline_has("still"));
    if (again) { /* after a live update, say: the device model is told */
        grow_hole(again << 20, dm, false);
        map_check();
        map_probe();
    }
    test_success();
}
