/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vgatest guest's memory: the pattern in VRAM and its checksum, VRAM
 * moved through the bank base and found whole at its new place, and RAM
 * relocated to grow the MMIO hole (vgatest.c says what is checked).
 */
#include "vgatest.h"

#define VRAM_SEED 0x76676174u /* "vgat" */
#define RAM_SEED  0x72616d2076676174ull

uint64_t vram_base, vram_bytes;

/* Word i of VRAM: a multiplicative hash, so every word differs. */
static uint32_t pattern(uint64_t i)
{
    return (uint32_t)(i * 0x9e3779b1u) ^ VRAM_SEED;
}

void vram_fill(void)
{
    volatile uint32_t *w = (volatile uint32_t *)(uintptr_t)vram_base;

    for (uint64_t i = 0; i < vram_bytes / 4; i++)
        w[i] = pattern(i);
}

void vram_check(uint64_t from_bytes)
{
    volatile uint32_t *w = (volatile uint32_t *)(uintptr_t)vram_base;

    for (uint64_t i = from_bytes / 4; i < vram_bytes / 4; i++)
        if (w[i] != pattern(i))
            test_failure("VRAM at %#lx: word %lu holds %#x, not %#x",
                         (unsigned long)vram_base, (unsigned long)i, w[i],
                         pattern(i));
}

uint32_t fb_checksum(uint32_t width, uint32_t height, uint32_t bpp)
{
    return crc32_iso(0, (const void *)(uintptr_t)vram_base,
                     (size_t)width * (bpp / 8) * height);
}

void expect_memory(uint64_t addr, const char *what)
{
    uint8_t b;

    if (guest_probe(addr, false, &b) >= 0)
        test_failure("%s at %#lx is not memory", what, (unsigned long)addr);
}

void expect_nothing(uint64_t addr, const char *what)
{
    uint8_t b;
    int v = guest_probe(addr, false, &b);

    if (v != X86_EXC_PF)
        test_failure("%s at %#lx %s", what, (unsigned long)addr,
                     v < 0 ? "is still memory" : "raised the wrong trap");
}

void vram_move(uint64_t to)
{
    uint64_t from = vram_base;
    uint32_t status = reg_write(BANKVGA_REG_BANK_BASE, (uint32_t)to);

    if (status || reg_read(BANKVGA_REG_BANK_BASE) != (uint32_t)to)
        test_failure("BANK_BASE %#lx: STATUS %u, VRAM at %#x",
                     (unsigned long)to, status,
                     reg_read(BANKVGA_REG_BANK_BASE));
    vram_base = to;
    vram_check(0);
    if (from + vram_bytes <= to || to + vram_bytes <= from) {
        expect_nothing(from, "where VRAM was");
        expect_nothing(from + vram_bytes - PAGE_SIZE, "where VRAM was");
    }
    printf("vgatest: VRAM moved from %#lx to %#lx, the pattern with it\n",
           (unsigned long)from, (unsigned long)to);
}

void vram_move_refused(const char *what, uint64_t to, uint32_t want)
{
    reg_refused(what, BANKVGA_REG_BANK_BASE, (uint32_t)to, want);
    vram_check(vram_bytes - PAGE_SIZE); /* the last page; all of it later */
    expect_memory(vram_base, "VRAM");
}

/* The end of the RAM below the hole: what a relocation moves the top of. */
static uint64_t low_ram_end(void)
{
    uint64_t end = 0, hole = hole_start();

    for (unsigned int i = 0; i < nr_map; i++)
        if (map[i].type == XEN_MEMMAP_RAM && map[i].addr < hole)
            end = map[i].addr + map[i].size;
    return end;
}

uint64_t ram_relocate(uint64_t bytes)
{
    uint64_t hole = hole_start(), gen = generation, top = low_ram_end();
    uint64_t from, to, off;
    long rc;

    for (off = 0; off < bytes; off += PAGE_SIZE) /* a word a page */
        *(volatile uint64_t *)(uintptr_t)(top - bytes + off) =
            RAM_SEED ^ (top - bytes + off);
    if ((rc = guest_grow_mmio_hole(bytes, &from, &to)))
        test_failure("growing the hole by %#lx bytes: %ld",
                     (unsigned long)bytes, rc);
    map_read();
    if (hole_start() != from || from >= hole || generation <= gen)
        test_failure("the hole starts at %#lx (generation %lu), not at %#lx",
                     (unsigned long)hole_start(), (unsigned long)generation,
                     (unsigned long)from);
    for (off = 0; off < bytes; off += PAGE_SIZE)
        if (*(volatile uint64_t *)(uintptr_t)(to + off) !=
            (RAM_SEED ^ (from + off)))
            test_failure("RAM from %#lx lost its contents at %#lx",
                         (unsigned long)(from + off),
                         (unsigned long)(to + off));
    expect_nothing(from, "RAM that moved away");
    expect_nothing(from + bytes - PAGE_SIZE, "RAM that moved away");
    printf("vgatest: RAM %#lx-%#lx relocated to %#lx: the hole starts at "
           "%#lx, generation %lu\n",
           (unsigned long)from, (unsigned long)(from + bytes - 1),
           (unsigned long)to, (unsigned long)from, (unsigned long)generation);
    return from;
}
