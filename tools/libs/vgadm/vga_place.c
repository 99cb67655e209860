/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Placing VRAM (vga_place.h).  The MMIO hole is what the map calls MMIO
 * (reserved ranges inside it are separate RDM entries), so "in the hole,
 * clear of reserved ranges" is "inside one MMIO entry".
 */
#include <stddef.h>

#include <public/io/bankvga.h>

#include "vga_place.h"

#define GIB (1ull << 30)

static uint64_t vga_place_align(uint64_t bytes)
{
    uint64_t a = 4096;

    while (a < bytes && a < VGA_PLACE_MAX_ALIGN)
        a <<= 1;
    return a;
}

bool vga_place_candidate(const struct xen_e820_entry *map, unsigned int n,
                         uint64_t bytes, unsigned int k, uint64_t *addr)
{
    uint64_t align = vga_place_align(bytes);

    if (!bytes)
        return false;
    for (unsigned int i = 0; i < n; i++) {
        uint64_t end = map[i].addr + map[i].size;
        uint64_t a = (map[i].addr + align - 1) & ~(align - 1);

        if (map[i].type != XEN_MEMMAP_MMIO)
            continue;
        for (; a >= map[i].addr && a + bytes <= end; a += align)
            if (!k--) {
                *addr = a;
                return true;
            }
    }
    return false;
}

uint32_t vga_place_check(const struct xen_e820_entry *map, unsigned int n,
                         uint64_t addr, uint64_t bytes, const char **why)
{
    uint64_t end = addr + bytes;
    bool reserved = false;

    if (!bytes || end < addr) {
        *why = "VRAM would wrap around the address space";
        return BANKVGA_ERR_NOT_HOLE;
    }
    for (unsigned int i = 0; i < n; i++) {
        uint64_t e_end = map[i].addr + map[i].size;

        if (map[i].type == XEN_MEMMAP_MMIO && map[i].addr <= addr &&
            end <= e_end) {
            *why = NULL;
            return BANKVGA_OK;
        }
        if (map[i].addr >= end || addr >= e_end ||
            map[i].type == XEN_MEMMAP_MMIO)
            continue;
        if (map[i].type == XEN_MEMMAP_RDM) {
            reserved = true;
            continue;
        }
        *why = map[i].type == XEN_MEMMAP_RAM
                   ? "VRAM would lie on RAM, not in the MMIO hole"
                   : "VRAM would lie on a range outside the MMIO hole";
        return BANKVGA_ERR_NOT_HOLE;
    }
    if (reserved) {
        *why = "VRAM would lie on a reserved range";
        return BANKVGA_ERR_RESERVED;
    }
    *why = "VRAM would not lie wholly in the MMIO hole";
    return BANKVGA_ERR_NOT_HOLE;
}

uint64_t vga_place_window(const struct xen_e820_entry *map, unsigned int n)
{
    uint64_t top = 4 * GIB;

    for (unsigned int i = 0; i < n; i++)
        if (map[i].addr + map[i].size > top)
            top = map[i].addr + map[i].size;
    return (top + GIB - 1) & ~(GIB - 1);
}
