/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the memmap guest's files share (memmap.c: the map and the run;
 * relocate.c: growing the hole; dm.c: what is checked through its device
 * model's ports).  See memmap.c for what the guest checks.
 */
#ifndef MEMMAP_GUEST_H
#define MEMMAP_GUEST_H

#include <public/errno.h>

#include "guest.h"

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
#define PORT_MAP     0x524 /* physdm: write a frame: map it, read it */
#define PORT_WORD    0x525 /* physdm: the word it read */
#define PORT_FOREIGN 0x526 /* physdm: the result of its last mapping op */
#define PORT_AGAIN   0x527 /* physdm: write 0: read again; 1: unmap */
#define GIVEN_BACK   (16ull << 20) /* RAM given back while mapped */
#define GFN_4G       (1ull << 20)
#define PROBE_STRIDE (4ull << 20)  /* RAM: a page every 4 MiB, and the ends */
#define HOLE_STRIDE  (64ull << 20) /* the hole: a page every 64 MiB */
#define RDM_PAGES    256           /* reserved: every page, up to this many */

/* memmap.c: the map as last read, and probing it. */
extern struct xen_e820_entry map[XEN_MEMMAP_MAX_ENTRIES];
extern unsigned int nr_map;
extern uint64_t generation;
extern uint64_t vram_base, vram_bytes, rom_at;
void map_read(void);
void map_print(void);
void map_check(void);
void map_probe(void);
void expect_memory(uint64_t addr, const char *what);
void expect_nothing(uint64_t addr, const char *what);

/* relocate.c */
extern uint64_t moved_from, moved_to, moved_bytes;
const struct xen_e820_entry *find(uint32_t type, uint64_t addr);
uint64_t hole_start(void);
uint64_t low_ram_end(void);
void relocations_refused(void);
void pattern_write(uint64_t addr, uint64_t bytes);
void pattern_check(uint64_t from, uint64_t to, uint64_t bytes);
uint32_t pattern_word(uint64_t addr);
void grow_hole(uint64_t bytes, bool dm, bool foreign);

/* dm.c */
extern uint64_t vram_first;
uint32_t port_in(uint16_t port);
void port_out(uint16_t port, uint32_t v);
void dm_saw(uint64_t gen);
/* Move vram to addr; check all its pattern (whole) or its ends. */
void vram_move_ok(uint64_t to, bool whole);
void vram_checks(void);
void foreign_ok(const char *what, uint64_t addr, uint32_t want);
void foreign_again(const char *what, uint32_t want);
/* The device model's mapping still reads want (quietly). */
void foreign_still(uint32_t want);
void foreign_refused(const char *what, uint64_t addr);
void give_back_mapped(void);

#endif /* MEMMAP_GUEST_H */
