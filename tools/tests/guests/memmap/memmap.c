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
 * A reserved range that can be reached, RAM that cannot, or a malformed
 * map is a FAILURE.
 */
#include "guest.h"

const char test_title[] = "memmap";

#define X86_EXC_PF   14
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

static bool is_special(uint64_t page)
{
    return page == start_info->shared_info_gfn << PAGE_SHIFT;
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

void test_main(const struct start_info *si)
{
    if (guest_probe_install() < 0)
        test_error("set_trap_table refused");
    map_read();
    map_print();
    map_check();
    map_probe();
    test_success();
}
