/* SPDX-License-Identifier: MIT */
/*
 * bankvga: the VGA-like device a domain gets with `vga = "bankvga"` in its
 * config (docs/man/xl.cfg.5.md), emulated by a device model in the control
 * domain (tools/libs/vgadm; docs/designs/physmap-and-memory-maps.md).  It
 * is this project's own device, not a copy of a real card: a linear
 * framebuffer in VRAM that the guest sees as memory in its MMIO hole, and
 * -- like cirrus's linear bank base -- a register that moves that VRAM to
 * another guest-physical address.  Guests and device models both build
 * against this header.
 *
 * Registers are 32 bits, reached through an index/data pair of ports:
 * write the register's number to INDEX (a 2- or 4-byte access), then read
 * or write it at DATA (4 bytes).  Any other access to the device's ports
 * reads as all ones and sets STATUS to BANKVGA_ERR_ACCESS.  Reading a
 * register that does not exist reads as all ones.  STATUS says how the
 * last write through DATA went (or the last bad access); a write that is
 * refused changes nothing else, and the device model says why in a notice
 * on the control domain's console.
 *
 * The mode: WIDTH, HEIGHT and BPP are what the guest asks for; ENABLE = 1
 * shows that mode if it fits VRAM (else BANKVGA_ERR_TOO_BIG, and what was
 * shown stays), ENABLE = 0 shows nothing.  The framebuffer is VRAM from
 * its first byte, HEIGHT lines of PITCH = WIDTH * BPP / 8 bytes.  Its
 * checksum, which `xl vga-checksum` prints, is the CRC-32 of those bytes
 * in order (ISO-HDLC: reflected polynomial 0xedb88320, initial value and
 * final xor 0xffffffff, as zlib's crc32()).
 *
 * BANK_BASE is where VRAM is, a page-aligned guest-physical address below
 * 4 GiB.  Writing it moves VRAM, contents and all, there (the device
 * model asks the hypervisor: XEN_DMOP_physmap_move): all of it must lie in
 * the MMIO hole of the domain's memory map (XENMEM_memory_map), clear of
 * reserved ranges and of anything else mapped there.
 */
#ifndef PUBLIC_IO_BANKVGA_H
#define PUBLIC_IO_BANKVGA_H

#define BANKVGA_PORT_INDEX 0x1d0
#define BANKVGA_PORT_DATA  0x1d4
#define BANKVGA_PORT_FIRST 0x1d0 /* the ports the device claims */
#define BANKVGA_PORT_LAST  0x1d7

#define BANKVGA_REG_ID        0x0 /* ro: BANKVGA_ID */
#define BANKVGA_REG_VRAM_SIZE 0x1 /* ro: bytes of VRAM */
#define BANKVGA_REG_WIDTH     0x2 /* pixels, 1 to BANKVGA_MAX_WIDTH */
#define BANKVGA_REG_HEIGHT    0x3 /* lines, 1 to BANKVGA_MAX_HEIGHT */
#define BANKVGA_REG_BPP       0x4 /* bits per pixel: 8, 16, 24 or 32 */
#define BANKVGA_REG_ENABLE    0x5 /* 1: show WIDTH x HEIGHT x BPP; 0: off */
#define BANKVGA_REG_PITCH     0x6 /* ro: bytes a line of what is shown, or 0 */
#define BANKVGA_REG_BANK_BASE 0x7 /* guest-physical address of VRAM */
#define BANKVGA_REG_STATUS    0x8 /* ro: BANKVGA_OK or BANKVGA_ERR_* */
#define BANKVGA_REG_FRAMES    0x9 /* ro: frames the device model has rendered */
#define BANKVGA_REG_MAP_GEN   0xa /* ro: the memory map's generation the
                                     device model last read (low 32 bits) */
#define BANKVGA_NR_REGS       0xb

#define BANKVGA_ID 0x41475642u /* "BVGA" in memory order */

#define BANKVGA_MAX_WIDTH  4096
#define BANKVGA_MAX_HEIGHT 4096

/* STATUS */
#define BANKVGA_OK            0
#define BANKVGA_ERR_INDEX     1  /* no register at INDEX */
#define BANKVGA_ERR_READ_ONLY 2  /* the register cannot be written */
#define BANKVGA_ERR_VALUE     3  /* out of the register's range */
#define BANKVGA_ERR_TOO_BIG   4  /* ENABLE: the mode does not fit VRAM */
#define BANKVGA_ERR_ALIGN     5  /* BANK_BASE: not page aligned */
#define BANKVGA_ERR_NOT_HOLE  6  /* BANK_BASE: VRAM would not lie in the
                                    MMIO hole (RAM, across 4 GiB) */
#define BANKVGA_ERR_RESERVED  7  /* BANK_BASE: on a reserved range */
#define BANKVGA_ERR_BUSY      8  /* BANK_BASE: something else is there */
#define BANKVGA_ERR_REFUSED   9  /* BANK_BASE: refused for another reason */
#define BANKVGA_ERR_ACCESS    10 /* a wrong size, or a port with no use */

#endif /* PUBLIC_IO_BANKVGA_H */
