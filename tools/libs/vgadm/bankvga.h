/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The bankvga device's registers (public/io/bankvga.h) as plain C: a port
 * access in, the register file updated and what the access asks of the
 * device model out.  No hypercalls here -- moving VRAM is the device
 * model's job (vgadm_serve.c), which then reports back with
 * bankvga_moved() -- so host unit tests drive it directly
 * (tools/tests/tools-unit/test-bankvga.c).  bankvga_state.c turns the
 * registers into bytes for a save file and back.
 */
#ifndef VGADM_BANKVGA_H
#define VGADM_BANKVGA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/io/bankvga.h>

/* A mode: bpp 0 is "nothing shown". */
struct bankvga_mode {
    uint32_t width, height, bpp;
};

struct bankvga {
    uint32_t vram_bytes;
    uint64_t bank_base;        /* where VRAM is: the device model says */
    uint32_t index;            /* the INDEX latch */
    struct bankvga_mode asked; /* WIDTH, HEIGHT, BPP as written */
    struct bankvga_mode shown; /* what ENABLE = 1 accepted */
    uint32_t status;
    uint32_t frames;         /* rendered, as the device model counts */
    uint32_t map_generation; /* as the device model read it */
};

/* What an access asks of the device model besides the registers. */
struct bankvga_effect {
    const char *refused; /* why it was refused (for a notice), or NULL */
    bool move;           /* BANK_BASE written: move VRAM to move_to, then
                            call bankvga_moved() */
    uint64_t move_to;
};

/* A device with vram_bytes of VRAM at bank_base, nothing asked or shown. */
void bankvga_reset(struct bankvga *v, uint32_t vram_bytes, uint64_t bank_base);

/* Bytes a line of mode m, and its framebuffer; 0 if nothing is shown. */
uint32_t bankvga_pitch(const struct bankvga_mode *m);
uint64_t bankvga_fb_bytes(const struct bankvga_mode *m);

/*
 * Checks that both the registers and a save file's state go through:
 * WIDTH, HEIGHT or BPP (index) set to value, and a whole mode on vram_bytes
 * of VRAM.  BANKVGA_OK (*why NULL for a mode), or the BANKVGA_ERR_* with
 * the reason in *why.
 */
uint32_t bankvga_check_field(uint32_t index, uint32_t value, const char **why);
uint32_t bankvga_check_mode(const struct bankvga_mode *m, uint32_t vram_bytes,
                            const char **why);

/* A register's name ("WIDTH"), or "?" for a number with no register. */
const char *bankvga_reg_name(uint32_t index);

/*
 * A guest's read of size bytes at port, one of the device's ports; the
 * value it reads.  A wrong access reads all ones and says why in *eff.
 */
uint32_t bankvga_read(struct bankvga *v, uint32_t port, unsigned int size,
                      struct bankvga_effect *eff);

/* A guest's write of value (size bytes) at port. */
void bankvga_write(struct bankvga *v, uint32_t port, unsigned int size,
                   uint32_t value, struct bankvga_effect *eff);

/*
 * The device model's move of VRAM, which a BANK_BASE write asked for, is
 * over: status BANKVGA_OK with VRAM now at base, or the BANKVGA_ERR_* it
 * was refused with, VRAM where it was.
 */
void bankvga_moved(struct bankvga *v, uint32_t status, uint64_t base);

/* The registers for a save file: BANKVGA_STATE_SIZE bytes, little-endian. */
#define BANKVGA_STATE_SIZE    48
#define BANKVGA_STATE_MAGIC   0x53475642u /* "BVGS" in memory order */
#define BANKVGA_STATE_VERSION 1

/* Write v's state into buf: BANKVGA_STATE_SIZE, or -ENOSPC if len is less. */
int bankvga_state_save(const struct bankvga *v, uint8_t *buf, size_t len);

/* VRAM a bankvga can have: whole pages, at most a physmap region's 64 MiB. */
#define BANKVGA_PAGE     4096u
#define BANKVGA_MAX_VRAM (64u << 20)

/*
 * Whether buf holds a state bankvga_state_load() could take, short of the
 * VRAM size, which only the domain's region says (before a restore makes
 * the domain).  0, or -EINVAL with *why: a wrong size, magic or version,
 * a VRAM size no bankvga has, a register out of range, a mode shown that
 * does not fit its VRAM.
 */
int bankvga_state_check(const uint8_t *buf, size_t len, const char **why);

/*
 * Take the state in buf into v, whose vram_bytes and bank_base the device
 * model has already learnt from the hypervisor.  0, or -EINVAL with *why
 * (v unchanged): what bankvga_state_check() refuses, or another VRAM size.
 */
int bankvga_state_load(struct bankvga *v, const uint8_t *buf, size_t len,
                       const char **why);

#endif /* VGADM_BANKVGA_H */
