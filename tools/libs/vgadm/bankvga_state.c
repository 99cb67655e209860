/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The bankvga registers in a save file (bankvga.h): twelve little-endian
 * 32-bit words -- magic, version, VRAM size, INDEX, the mode asked for,
 * the mode shown, STATUS, FRAMES -- written field by field, never as a
 * struct in memory, so that another build reads them alike.  Where VRAM is
 * and the memory map's generation are not in it: after a restore the
 * device model asks the hypervisor, which carried them (the seeds' point:
 * no toolstack knowledge of where VRAM sits).
 */
#include <public/errno.h>

#include "bankvga.h"

enum bankvga_state_word {
    W_MAGIC,
    W_VERSION,
    W_VRAM,
    W_INDEX,
    W_ASKED_WIDTH,
    W_ASKED_HEIGHT,
    W_ASKED_BPP,
    W_SHOWN_WIDTH,
    W_SHOWN_HEIGHT,
    W_SHOWN_BPP,
    W_STATUS,
    W_FRAMES,
    W_COUNT
};
_Static_assert(W_COUNT * 4 == BANKVGA_STATE_SIZE, "bankvga state size");

static void put32(uint8_t *buf, unsigned int word, uint32_t v)
{
    for (unsigned int i = 0; i < 4; i++)
        buf[word * 4 + i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *buf, unsigned int word)
{
    uint32_t v = 0;

    for (unsigned int i = 0; i < 4; i++)
        v |= (uint32_t)buf[word * 4 + i] << (8 * i);
    return v;
}

int bankvga_state_save(const struct bankvga *v, uint8_t *buf, size_t len)
{
    if (len < BANKVGA_STATE_SIZE)
        return -XEN_ENOSPC;
    put32(buf, W_MAGIC, BANKVGA_STATE_MAGIC);
    put32(buf, W_VERSION, BANKVGA_STATE_VERSION);
    put32(buf, W_VRAM, v->vram_bytes);
    put32(buf, W_INDEX, v->index);
    put32(buf, W_ASKED_WIDTH, v->asked.width);
    put32(buf, W_ASKED_HEIGHT, v->asked.height);
    put32(buf, W_ASKED_BPP, v->asked.bpp);
    put32(buf, W_SHOWN_WIDTH, v->shown.width);
    put32(buf, W_SHOWN_HEIGHT, v->shown.height);
    put32(buf, W_SHOWN_BPP, v->shown.bpp);
    put32(buf, W_STATUS, v->status);
    put32(buf, W_FRAMES, v->frames);
    return BANKVGA_STATE_SIZE;
}

/* A mode asked for: each field unset (0) or in range. */
static bool bankvga_asked_ok(const struct bankvga_mode *m)
{
    const char *ignored;

    return (!m->width ||
            !bankvga_check_field(BANKVGA_REG_WIDTH, m->width, &ignored)) &&
           (!m->height ||
            !bankvga_check_field(BANKVGA_REG_HEIGHT, m->height, &ignored)) &&
           (!m->bpp || !bankvga_check_field(BANKVGA_REG_BPP, m->bpp, &ignored));
}

/* Whether a state's VRAM size is one a bankvga region can have. */
static bool bankvga_vram_ok(uint32_t bytes)
{
    return bytes && !(bytes % BANKVGA_PAGE) && bytes <= BANKVGA_MAX_VRAM;
}

/* The registers in buf onto a device fresh from reset; NULL if fine. */
static const char *bankvga_state_decode(const uint8_t *buf, size_t len,
                                        struct bankvga *out)
{
    const char *ignored;

    if (len != BANKVGA_STATE_SIZE)
        return "the state is not 48 bytes";
    if (get32(buf, W_MAGIC) != BANKVGA_STATE_MAGIC)
        return "not a bankvga state (bad magic)";
    if (get32(buf, W_VERSION) != BANKVGA_STATE_VERSION)
        return "a bankvga state of another version";
    if (!bankvga_vram_ok(get32(buf, W_VRAM)))
        return "a VRAM size no bankvga has";
    bankvga_reset(out, get32(buf, W_VRAM), 0);
    out->index = get32(buf, W_INDEX);
    out->asked = (struct bankvga_mode){get32(buf, W_ASKED_WIDTH),
                                       get32(buf, W_ASKED_HEIGHT),
                                       get32(buf, W_ASKED_BPP)};
    out->shown = (struct bankvga_mode){get32(buf, W_SHOWN_WIDTH),
                                       get32(buf, W_SHOWN_HEIGHT),
                                       get32(buf, W_SHOWN_BPP)};
    out->status = get32(buf, W_STATUS);
    out->frames = get32(buf, W_FRAMES);
    if (!bankvga_asked_ok(&out->asked))
        return "a mode register out of range";
    if ((out->shown.width || out->shown.height || out->shown.bpp) &&
        bankvga_check_mode(&out->shown, out->vram_bytes, &ignored))
        return "the mode shown is out of range or does not fit VRAM";
    if (out->status > BANKVGA_ERR_ACCESS)
        return "STATUS out of range";
    return NULL;
}

int bankvga_state_check(const uint8_t *buf, size_t len, const char **why)
{
    struct bankvga decoded;

    *why = bankvga_state_decode(buf, len, &decoded);
    return *why ? -XEN_EINVAL : 0;
}

int bankvga_state_load(struct bankvga *v, const uint8_t *buf, size_t len,
                       const char **why)
{
    struct bankvga d;

    if (!(*why = bankvga_state_decode(buf, len, &d)) &&
        d.vram_bytes != v->vram_bytes)
        *why = "the state is for another VRAM size";
    if (*why)
        return -XEN_EINVAL;
    v->index = d.index;
    v->asked = d.asked;
    v->shown = d.shown;
    v->status = d.status;
    v->frames = d.frames;
    return 0;
}
