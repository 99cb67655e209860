/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's view of its memory map (XENMEM_memory_map, public/memory.h):
 * the hypervisor owns the map and the guest only reads it, so where RAM is
 * never has to be computed on this side.
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
