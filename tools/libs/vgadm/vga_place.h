/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where VRAM may go in a target's guest-physical space, and where the
 * device model keeps its own windows, from memory maps the hypervisor
 * gives out (XENMEM_memory_map entries, public/memory.h) -- never from a
 * layout of our own.  Plain C, unit-tested on the host
 * (tools/tests/tools-unit/test-vga-place.c).
 */
#ifndef VGADM_VGA_PLACE_H
#define VGADM_VGA_PLACE_H

#include <stdbool.h>
#include <stdint.h>

#include <public/memory.h>

/* VRAM's alignment: its size rounded up to a power of two, at most this. */
#define VGA_PLACE_MAX_ALIGN (16ull << 20)

/*
 * The k-th place (k = 0, 1, ...) for bytes of VRAM in the MMIO hole of map
 * (n entries in address order): naturally aligned (as a PCI BAR would
 * be), wholly in the hole, clear of reserved ranges, lowest first.  True
 * with *addr, false when there are fewer than k + 1.  The hypervisor may
 * still refuse one (something is mapped there, such as the shared info
 * page): the device model then tries the next.
 */
bool vga_place_candidate(const struct xen_e820_entry *map, unsigned int n,
                         uint64_t bytes, unsigned int k, uint64_t *addr);

/*
 * Whether bytes of VRAM may go at addr: BANKVGA_OK, or BANKVGA_ERR_NOT_HOLE
 * (some of it is RAM, or beyond the map: not in the hole) or
 * BANKVGA_ERR_RESERVED (on a reserved range), with the reason in *why.
 */
uint32_t vga_place_check(const struct xen_e820_entry *map, unsigned int n,
                         uint64_t addr, uint64_t bytes, const char **why);

/*
 * The first guest-physical address past everything in the map and past
 * 4 GiB, rounded up to 1 GiB: where the control domain's device model
 * puts its windows of mapped frames, clear of its RAM, its modules
 * (below its hole) and its reserved ranges.
 */
uint64_t vga_place_window(const struct xen_e820_entry *map, unsigned int n);

#endif /* VGADM_VGA_PLACE_H */
