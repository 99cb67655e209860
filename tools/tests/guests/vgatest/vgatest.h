/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the vgatest guest's files share (vgatest.c: the run; device.c:
 * the bankvga registers; vram.c: the pattern, the checksum, VRAM and RAM
 * that move).  See vgatest.c for what the guest checks.
 */
#ifndef VGATEST_H
#define VGATEST_H

#include <public/errno.h>
#include <public/io/bankvga.h>

#include "guest.h"

#define MS         1000000ull
#define X86_EXC_PF 14
#define X86_EXC_GP 13

/* device.c */
void dev_wait(void); /* until the device answers */
uint32_t reg_read(uint32_t index);
/* Write a register; the STATUS it leaves. */
uint32_t reg_write(uint32_t index, uint32_t value);
/* A write that must be refused with want; what it was said. */
void reg_refused(const char *what, uint32_t index, uint32_t value,
                 uint32_t want);
/* Show width x height x bpp; the pitch checked. */
void mode_set(uint32_t width, uint32_t height, uint32_t bpp);
/* Wait until the device model has rendered n frames since start. */
void frames_wait(uint32_t start, uint32_t n);
/* Wait until the device model has read the map's generation gen. */
void dm_saw(uint64_t gen);

/* vram.c */
extern uint64_t vram_base, vram_bytes;
void vram_fill(void);                 /* the pattern, all of VRAM */
void vram_check(uint64_t from_bytes); /* VRAM holds it from there on */
uint32_t fb_checksum(uint32_t width, uint32_t height, uint32_t bpp);
void expect_memory(uint64_t addr, const char *what);
void expect_nothing(uint64_t addr, const char *what);
/* Move VRAM to to through BANK_BASE: done, and the pattern came too. */
void vram_move(uint64_t to);
/* A move that must be refused with want: VRAM stays, intact. */
void vram_move_refused(const char *what, uint64_t to, uint32_t want);
/* Grow the MMIO hole by bytes of RAM, checking it moved intact; from. */
uint64_t ram_relocate(uint64_t bytes);

/* vgatest.c: the map as last read. */
extern struct xen_e820_entry map[XEN_MEMMAP_MAX_ENTRIES];
extern unsigned int nr_map;
extern uint64_t generation;
void map_read(void);
uint64_t hole_start(void);

#endif /* VGATEST_H */
