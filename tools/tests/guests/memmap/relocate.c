/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memmap guest as its own firmware: relocations that must be refused,
 * then growing the MMIO hole with the runtime's stage and checking that
 * the moved RAM kept its contents at its new place (memmap.c says what).
 */
#include "memmap.h"

/* The first range of type at or above addr, or NULL. */
const struct xen_e820_entry *find(uint32_t type, uint64_t addr)
{
    unsigned int i;

    for (i = 0; i < nr_map; i++)
        if (map[i].type == type && map[i].addr >= addr)
            return &map[i];
    return NULL;
}

uint64_t hole_start(void)
{
    return find(XEN_MEMMAP_MMIO, 0)->addr;
}

/* The end of the RAM right below the hole. */
uint64_t low_ram_end(void)
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

void relocations_refused(void)
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
                   relocate(low - 2 * page, 2 * page, top_ram - page),
                   XEN_EINVAL);
    /* RAM there would let an instruction end at a non-canonical rip. */
    expect_refused("to the last page of the lower half",
                   relocate(low - page, page, top_ram), XEN_EINVAL);
    expect_refused("with a bad pointer",
                   hypervisor_memory_op(XENMEM_relocate_ram,
                                        (void *)(uintptr_t)(1ull << 46)),
                   XEN_EFAULT);
}

/* Mark every page of [addr, addr + bytes) with what it is. */
void pattern_write(uint64_t addr, uint64_t bytes)
{
    uint64_t a;

    for (a = addr; a < addr + bytes; a += PAGE_SIZE)
        *(volatile uint64_t *)(uintptr_t)a = PATTERN ^ (a >> PAGE_SHIFT);
}

/* The pages marked at from are all at to, intact. */
void pattern_check(uint64_t from, uint64_t to, uint64_t bytes)
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

/* The first word of the pattern pattern_write() put at page addr. */
uint32_t pattern_word(uint64_t addr)
{
    return (uint32_t)(PATTERN ^ (addr >> PAGE_SHIFT));
}

uint64_t moved_from, moved_to, moved_bytes;

void grow_hole(uint64_t bytes, bool dm, bool foreign)
{
    uint64_t hole = hole_start(), gen = generation;
    /* A page of the RAM that moves, for the device model to map. */
    uint64_t at = (low_ram_end() - bytes / 2) & ~(PAGE_SIZE - 1);
    long rc;

    moved_bytes = bytes;
    pattern_write(low_ram_end() - bytes, bytes);
    if (foreign)
        foreign_ok("RAM about to move", at, pattern_word(at));
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
    if (foreign) {
        foreign_again("RAM that moved", pattern_word(at));
        foreign_refused("where RAM moved away from", at);
        foreign_ok("RAM where it moved to",
                   moved_to + (at - moved_from),
                   pattern_word(at));
    }
}
