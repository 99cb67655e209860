/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's view of its memory map (XENMEM_memory_map, public/memory.h):
 * the hypervisor owns the map and the guest only reads it, so where RAM is
 * never has to be computed on this side.  And the small firmware stage
 * that grows the MMIO hole, as hvmloader does: it picks the RAM right
 * below the hole and a free place for it above 4 GiB, and asks the
 * hypervisor to relocate it (XENMEM_relocate_ram).
 */
#include "guest.h"

long guest_memmap_read(struct xen_e820_entry *map, unsigned int max,
                       uint64_t *generation)
{
    struct xen_memory_map m = {.nr_entries = max,
                               .buffer = (uintptr_t)map};
    long rc = hypervisor_memory_op(XENMEM_memory_map, &m);

    if (rc < 0)
        return rc;
    if (generation)
        *generation = m.generation;
    return m.nr_entries;
}

uint64_t guest_ram_end(uint64_t addr)
{
    static struct xen_e820_entry map[XEN_MEMMAP_MAX_ENTRIES];
    long i, n = guest_memmap_read(map, XEN_MEMMAP_MAX_ENTRIES, NULL);

    for (i = 0; i < n; i++)
        if (map[i].type == XEN_MEMMAP_RAM && addr >= map[i].addr &&
            addr - map[i].addr < map[i].size)
            return map[i].addr + map[i].size;
    return 0;
}

#define SUPERPAGE (2ull << 20)
#define ADDR_4G   (1ull << 32)

long guest_grow_mmio_hole(uint64_t bytes, uint64_t *from, uint64_t *to)
{
    static struct xen_e820_entry map[XEN_MEMMAP_MAX_ENTRIES];
    static struct xen_memory_relocate r;
    uint64_t hole = ADDR_4G, below = 0, top = ADDR_4G;
    long i, n = guest_memmap_read(map, XEN_MEMMAP_MAX_ENTRIES, NULL);

    if (n < 0)
        return n;
    for (i = 0; i < n; i++) {
        uint64_t end = map[i].addr + map[i].size;

        if (map[i].type == XEN_MEMMAP_MMIO && map[i].addr < hole)
            hole = map[i].addr;
        if (map[i].addr >= ADDR_4G && end > top)
            top = end;
    }
    for (i = 0; i < n; i++)
        if (map[i].type == XEN_MEMMAP_RAM && map[i].addr < hole)
            below = map[i].addr + map[i].size;
    /* The hypervisor judges the request; this stage only aims well. */
    *from = below - bytes;
    /* Past everything above 4 GiB, at the same offset in a 2 MiB page, so
     * that superpages survive the move. */
    *to = ((top + SUPERPAGE - 1) & ~(SUPERPAGE - 1)) + (*from & (SUPERPAGE - 1));
    r = (struct xen_memory_relocate){*from >> PAGE_SHIFT, bytes >> PAGE_SHIFT,
                                     *to >> PAGE_SHIFT, 0};
    return hypervisor_memory_op(XENMEM_relocate_ram, &r);
}
