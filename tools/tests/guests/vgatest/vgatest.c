/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vgatest: a guest with a bankvga display (public/io/bankvga.h) whose
 * device model runs in the control domain (tools/libs/vgadm), created
 * from a config with vga = "bankvga" and videoram = 8.
 *
 * Property checked: the guest's view of its framebuffer and the device
 * model's, which reads it through foreign mappings and a map cache, are
 * the same at every step -- the guest prints the checksum it computes of
 * what it shows, `vgatest: frame N: vram ADDR, WxHxBPP, checksum C`, and
 * `xl vga-checksum vgatest` (the test types it) must print the same C and
 * ADDR.  The steps:
 *
 *  1. It reads its memory map, waits for the device, checks its ID and
 *     that VRAM is memory in the MMIO hole, shows 640x480 at 32 bpp and
 *     fills all of VRAM with a pattern: frame 1.
 *  2. Register writes that must be refused, each with its STATUS and the
 *     register left as it was (the device model says why in a notice):
 *     a width of 0 and of 5000, 12 bits per pixel, ENABLE = 7, a mode
 *     larger than VRAM (what is shown stays), a write to ID, to a register
 *     that does not exist, a byte-sized write to DATA; and bank bases:
 *     off a page, on RAM, on the RAM it will relocate below, across
 *     4 GiB, on a reserved range, on its shared info page.  VRAM stays
 *     where it was, its pattern whole.
 *  3. The bank base moves VRAM up far, down far, up a page (over
 *     itself), and up again: each time the pattern must be whole at the
 *     new place and the old one fault: frames 2 to 5.
 *  4. As its own firmware it grows its MMIO hole by relocating 16 MiB of
 *     RAM above 4 GiB (XENMEM_relocate_ram); the RAM keeps its contents,
 *     the map says so, and the device model must be told (its MAP_GEN
 *     register reaches the new generation).  Then VRAM moves into the
 *     part of the hole that was RAM -- which the device model, checking
 *     bank bases against the map it holds, allows only if it was told:
 *     frame 6.
 *  5. It shows 800x600 at 16 bpp, the same VRAM: frame 7.
 *
 * After each frame it waits until the device model has rendered
 * `renders=N` frames (1 by default; a test that live-updates, or saves
 * and restores, between two renders asks for 2; 0: no wait) -- the
 * device's FRAMES register -- so that each `xl vga-checksum` sees the
 * frame the guest printed.  Then it checks that nothing changed while it
 * waited: its memory map (every range and the generation), BANK_BASE and
 * VRAM's pattern (`vgatest: after frame N: memory map ... as they
 * were`).  With
 * flood=N it also makes N more bad writes after the refusals, each of
 * which must still be refused: a guest flooding its device model with
 * work and notices.  Command line: [renders=N] [grow=MiB] (16 by default)
 * [flood=N].
 *
 * A checksum that does not match is the test script's to see; the guest
 * itself fails on a register write not refused as it should be, a move
 * refused or not done, a pattern not whole, RAM that lost its contents,
 * a device model never told of the relocation, a memory map or VRAM that
 * changed behind its back.  ERROR if the device
 * never answers or no frame is rendered within 120 s.
 */
#include "vgatest.h"

const char test_title[] = "vgatest";

struct xen_e820_entry map[XEN_MEMMAP_MAX_ENTRIES];
unsigned int nr_map;
uint64_t generation;

static uint32_t renders, frame_no;

void map_read(void)
{
    long n = guest_memmap_read(map, XEN_MEMMAP_MAX_ENTRIES, &generation);

    if (n < 0)
        test_failure("XENMEM_memory_map: %ld", n);
    nr_map = (unsigned int)n;
}

uint64_t hole_start(void)
{
    for (unsigned int i = 0; i < nr_map; i++)
        if (map[i].type == XEN_MEMMAP_MMIO)
            return map[i].addr;
    test_failure("no MMIO hole in the memory map");
}

/*
 * While it waited, nothing it did not do itself changed: the memory map
 * (a range, or its generation), where BANK_BASE says VRAM is, VRAM's
 * contents -- whatever happened meanwhile (a save and restore, a live
 * update).
 */
static void view_unchanged(void)
{
    static struct xen_e820_entry was[XEN_MEMMAP_MAX_ENTRIES];
    unsigned int nr_was = nr_map;
    uint64_t gen_was = generation;

    memcpy(was, map, sizeof(was));
    map_read();
    if (nr_map != nr_was || generation != gen_was ||
        memcmp(map, was, nr_map * sizeof(map[0])))
        test_failure("the memory map changed: generation %lu, %u ranges, "
                     "was generation %lu, %u ranges",
                     (unsigned long)generation, nr_map, (unsigned long)gen_was,
                     nr_was);
    if (reg_read(BANKVGA_REG_BANK_BASE) != (uint32_t)vram_base)
        test_failure("BANK_BASE reads %#x, VRAM was at %#lx",
                     reg_read(BANKVGA_REG_BANK_BASE), (unsigned long)vram_base);
    vram_check(0);
    printf("vgatest: after frame %u: memory map (generation %lu, %u ranges) "
           "and VRAM as they were\n",
           frame_no, (unsigned long)generation, nr_map);
}

/*
 * Print what the guest shows, wait for the device model's renders, then
 * check nothing changed meanwhile.
 */
static void frame(uint32_t width, uint32_t height, uint32_t bpp)
{
    uint32_t start = reg_read(BANKVGA_REG_FRAMES); /* before we say it */

    printf("vgatest: frame %u: vram %#lx, %ux%ux%u, checksum %#010x\n",
           ++frame_no, (unsigned long)vram_base, width, height, bpp,
           fb_checksum(width, height, bpp));
    if (renders)
        frames_wait(start, renders);
    view_unchanged();
}

/* The device is there, and its VRAM is memory in the hole. */
static void device_found(void)
{
    uint64_t end;

    dev_wait();
    if (reg_read(BANKVGA_REG_ID) != BANKVGA_ID)
        test_failure("ID reads %#x, not %#x", reg_read(BANKVGA_REG_ID),
                     BANKVGA_ID);
    vram_bytes = reg_read(BANKVGA_REG_VRAM_SIZE);
    vram_base = reg_read(BANKVGA_REG_BANK_BASE);
    end = vram_base + vram_bytes;
    if (!vram_bytes || vram_base < hole_start() || end > 1ull << 32)
        test_failure("VRAM %#lx-%#lx is not in the hole from %#lx",
                     (unsigned long)vram_base, (unsigned long)end - 1,
                     (unsigned long)hole_start());
    expect_memory(vram_base, "VRAM");
    expect_memory(end - 1, "VRAM");
    printf("vgatest: bankvga with %lu MiB of VRAM at %#lx; the hole starts "
           "at %#lx, generation %lu\n",
           (unsigned long)(vram_bytes >> 20), (unsigned long)vram_base,
           (unsigned long)hole_start(), (unsigned long)generation);
}

/* A reserved range in the hole, 0 if none. */
static uint64_t hole_rdm(void)
{
    for (unsigned int i = 0; i < nr_map; i++)
        if (map[i].type == XEN_MEMMAP_RDM && map[i].addr >= hole_start())
            return map[i].addr;
    return 0;
}

static void registers_refused(void)
{
    uint32_t status;

    reg_refused("WIDTH 0", BANKVGA_REG_WIDTH, 0, BANKVGA_ERR_VALUE);
    reg_refused("WIDTH 5000", BANKVGA_REG_WIDTH, 5000, BANKVGA_ERR_VALUE);
    reg_refused("BPP 12", BANKVGA_REG_BPP, 12, BANKVGA_ERR_VALUE);
    reg_refused("ENABLE 7", BANKVGA_REG_ENABLE, 7, BANKVGA_ERR_VALUE);
    reg_refused("ID written", BANKVGA_REG_ID, 0, BANKVGA_ERR_READ_ONLY);
    reg_refused("register 0x99", 0x99, 1, BANKVGA_ERR_INDEX);
    if (reg_read(0x99) != 0xffffffffu)
        test_failure("register 0x99 reads %#x", reg_read(0x99));
    /* A mode bigger than VRAM: refused, 640x480x32 still shown. */
    if ((status = reg_write(BANKVGA_REG_WIDTH, 4096)) ||
        (status = reg_write(BANKVGA_REG_HEIGHT, 4096)))
        test_failure("a 4096x4096 mode asked for: STATUS %u", status);
    reg_refused("a mode larger than VRAM", BANKVGA_REG_ENABLE, 1,
                BANKVGA_ERR_TOO_BIG);
    if (reg_read(BANKVGA_REG_PITCH) != 2560)
        test_failure("PITCH %u after a refused mode",
                     reg_read(BANKVGA_REG_PITCH));
    mode_set(640, 480, 32);
    /* A byte where DATA takes four. */
    asm volatile("outb %b0, %w1" : : "a"(1), "Nd"(BANKVGA_PORT_DATA));
    if ((status = reg_read(BANKVGA_REG_STATUS)) != BANKVGA_ERR_ACCESS)
        test_failure("a byte written to DATA: STATUS %u", status);
    printf("vgatest: a byte written to DATA: refused (%u) as it should\n",
           status);
}

static void flood(uint64_t writes)
{
    uint32_t status;

    for (uint64_t i = 0; i < writes; i++)
        if ((status = reg_write(BANKVGA_REG_WIDTH, 0)) != BANKVGA_ERR_VALUE)
            test_failure("bad write %lu of %lu: STATUS %u",
                         (unsigned long)i + 1, (unsigned long)writes, status);
    printf("vgatest: %lu more bad writes refused\n", (unsigned long)writes);
}

static void bank_bases_refused(const struct start_info *si, uint64_t grow)
{
    uint64_t rdm = hole_rdm();

    vram_move_refused("BANK_BASE off a page", vram_base + 0x800,
                      BANKVGA_ERR_ALIGN);
    vram_move_refused("BANK_BASE on RAM", 0x100000, BANKVGA_ERR_NOT_HOLE);
    vram_move_refused("BANK_BASE on the RAM below the hole",
                      hole_start() - grow, BANKVGA_ERR_NOT_HOLE);
    vram_move_refused("BANK_BASE across 4 GiB", (1ull << 32) - vram_bytes / 2,
                      BANKVGA_ERR_NOT_HOLE);
    if (rdm)
        vram_move_refused("BANK_BASE on a reserved range",
                          (rdm - vram_bytes / 2) & ~(PAGE_SIZE - 1),
                          BANKVGA_ERR_RESERVED);
    vram_move_refused("BANK_BASE on the shared info page",
                      si->shared_info_gfn << PAGE_SHIFT, BANKVGA_ERR_BUSY);
    vram_check(0);
    if (reg_read(BANKVGA_REG_ID) != BANKVGA_ID)
        test_failure("the device stopped answering");
    printf("vgatest: every refusal left VRAM at %#lx, whole; the device "
           "answers\n",
           (unsigned long)vram_base);
}

void test_main(const struct start_info *si)
{
    bool ok_renders, ok_grow, ok_flood;
    uint64_t grow, from, writes;

    renders = (uint32_t)cmdline_get_u64("renders", 1, &ok_renders);
    grow = cmdline_get_u64("grow", 16, &ok_grow) << 20;
    writes = cmdline_get_u64("flood", 0, &ok_flood);
    if (!ok_renders || !ok_grow || !ok_flood || !grow || grow > (256ull << 20))
        test_error("[renders=N] [grow=MiB] [flood=N] expected");
    if (guest_probe_install() < 0)
        test_error("set_trap_table refused");
    map_read();
    device_found();
    mode_set(640, 480, 32);
    vram_fill();
    frame(640, 480, 32);
    registers_refused();
    flood(writes);
    bank_bases_refused(si, grow);
    for (unsigned int i = 0; i < 4; i++) {
        static const uint64_t places[] = {0xc0000000, 0x10000000, 0x10001000,
                                          0xe0000000};

        vram_move(places[i]);
        frame(640, 480, 32);
    }
    from = ram_relocate(grow);
    dm_saw(generation);
    vram_move(from); /* into what was RAM */
    frame(640, 480, 32);
    mode_set(800, 600, 16);
    frame(800, 600, 16);
    test_success();
}
