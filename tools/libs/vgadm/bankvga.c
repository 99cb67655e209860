/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The bankvga registers (bankvga.h, public/io/bankvga.h): decoding a
 * guest's port accesses.  Every refusal sets STATUS and leaves the rest
 * as it was; the reason goes back to the device model for its notice.
 */
#include "bankvga.h"

#define PAGE_MASK 0xfffull
#define ALL_ONES  0xffffffffu

static const char *const bankvga_names[BANKVGA_NR_REGS] = {
    [BANKVGA_REG_ID] = "ID",           [BANKVGA_REG_VRAM_SIZE] = "VRAM_SIZE",
    [BANKVGA_REG_WIDTH] = "WIDTH",     [BANKVGA_REG_HEIGHT] = "HEIGHT",
    [BANKVGA_REG_BPP] = "BPP",         [BANKVGA_REG_ENABLE] = "ENABLE",
    [BANKVGA_REG_PITCH] = "PITCH",     [BANKVGA_REG_BANK_BASE] = "BANK_BASE",
    [BANKVGA_REG_STATUS] = "STATUS",   [BANKVGA_REG_FRAMES] = "FRAMES",
    [BANKVGA_REG_MAP_GEN] = "MAP_GEN",
};

void bankvga_reset(struct bankvga *v, uint32_t vram_bytes, uint64_t bank_base)
{
    *v = (struct bankvga){.vram_bytes = vram_bytes, .bank_base = bank_base};
}

uint32_t bankvga_pitch(const struct bankvga_mode *m)
{
    return m->bpp ? m->width * (m->bpp / 8) : 0;
}

uint64_t bankvga_fb_bytes(const struct bankvga_mode *m)
{
    return (uint64_t)bankvga_pitch(m) * m->height;
}

const char *bankvga_reg_name(uint32_t index)
{
    return index < BANKVGA_NR_REGS ? bankvga_names[index] : "?";
}

static uint32_t bankvga_reg_read(const struct bankvga *v, uint32_t index)
{
    switch (index) {
    case BANKVGA_REG_ID:
        return BANKVGA_ID;
    case BANKVGA_REG_VRAM_SIZE:
        return v->vram_bytes;
    case BANKVGA_REG_WIDTH:
        return v->asked.width;
    case BANKVGA_REG_HEIGHT:
        return v->asked.height;
    case BANKVGA_REG_BPP:
        return v->asked.bpp;
    case BANKVGA_REG_ENABLE:
        return v->shown.bpp != 0;
    case BANKVGA_REG_PITCH:
        return bankvga_pitch(&v->shown);
    case BANKVGA_REG_BANK_BASE:
        return (uint32_t)v->bank_base;
    case BANKVGA_REG_STATUS:
        return v->status;
    case BANKVGA_REG_FRAMES:
        return v->frames;
    case BANKVGA_REG_MAP_GEN:
        return v->map_generation;
    default:
        return ALL_ONES;
    }
}

/* A wrong access: STATUS says so, the read (if any) gets all ones. */
static uint32_t bankvga_bad_access(struct bankvga *v, uint32_t port,
                                   struct bankvga_effect *eff)
{
    v->status = BANKVGA_ERR_ACCESS;
    eff->refused = port == BANKVGA_PORT_DATA || port == BANKVGA_PORT_INDEX
                       ? "an access of the wrong size"
                       : "a port with no register";
    return ALL_ONES;
}

uint32_t bankvga_read(struct bankvga *v, uint32_t port, unsigned int size,
                      struct bankvga_effect *eff)
{
    *eff = (struct bankvga_effect){0};
    if (port == BANKVGA_PORT_INDEX && (size == 2 || size == 4))
        return v->index;
    if (port == BANKVGA_PORT_DATA && size == 4)
        return bankvga_reg_read(v, v->index);
    return bankvga_bad_access(v, port, eff);
}

uint32_t bankvga_check_field(uint32_t index, uint32_t value, const char **why)
{
    bool ok;

    switch (index) {
    case BANKVGA_REG_WIDTH:
        ok = value >= 1 && value <= BANKVGA_MAX_WIDTH;
        *why = ok ? NULL : "WIDTH is 1 to 4096 pixels";
        break;
    case BANKVGA_REG_HEIGHT:
        ok = value >= 1 && value <= BANKVGA_MAX_HEIGHT;
        *why = ok ? NULL : "HEIGHT is 1 to 4096 lines";
        break;
    case BANKVGA_REG_BPP:
        ok = value == 8 || value == 16 || value == 24 || value == 32;
        *why = ok ? NULL : "BPP is 8, 16, 24 or 32";
        break;
    default:
        *why = "not a mode register";
        return BANKVGA_ERR_INDEX;
    }
    return ok ? BANKVGA_OK : BANKVGA_ERR_VALUE;
}

uint32_t bankvga_check_mode(const struct bankvga_mode *m, uint32_t vram_bytes,
                            const char **why)
{
    const char *ignored;

    if (bankvga_check_field(BANKVGA_REG_WIDTH, m->width, &ignored) ||
        bankvga_check_field(BANKVGA_REG_HEIGHT, m->height, &ignored) ||
        bankvga_check_field(BANKVGA_REG_BPP, m->bpp, &ignored)) {
        *why = "WIDTH, HEIGHT and BPP must all be set first";
        return BANKVGA_ERR_VALUE;
    }
    if (bankvga_fb_bytes(m) > vram_bytes) {
        *why = "the mode does not fit VRAM";
        return BANKVGA_ERR_TOO_BIG;
    }
    *why = NULL;
    return BANKVGA_OK;
}

/* ENABLE: show the mode asked for, or nothing. */
static uint32_t bankvga_enable(struct bankvga *v, uint32_t value,
                               const char **why)
{
    uint32_t status;

    if (value > 1) {
        *why = "ENABLE is 0 or 1";
        return BANKVGA_ERR_VALUE;
    }
    if (!value) {
        v->shown = (struct bankvga_mode){0};
        return BANKVGA_OK;
    }
    if ((status = bankvga_check_mode(&v->asked, v->vram_bytes, why)))
        return status;
    v->shown = v->asked;
    return BANKVGA_OK;
}

/* A write through DATA to register v->index; the new STATUS. */
static uint32_t bankvga_reg_write(struct bankvga *v, uint32_t value,
                                  struct bankvga_effect *eff)
{
    uint32_t index = v->index, status;

    switch (index) {
    case BANKVGA_REG_WIDTH:
    case BANKVGA_REG_HEIGHT:
    case BANKVGA_REG_BPP:
        if ((status = bankvga_check_field(index, value, &eff->refused)))
            return status;
        *(index == BANKVGA_REG_WIDTH    ? &v->asked.width
          : index == BANKVGA_REG_HEIGHT ? &v->asked.height
                                        : &v->asked.bpp) = value;
        return BANKVGA_OK;
    case BANKVGA_REG_ENABLE:
        return bankvga_enable(v, value, &eff->refused);
    case BANKVGA_REG_BANK_BASE:
        if (value & PAGE_MASK) {
            eff->refused = "BANK_BASE must be page aligned";
            return BANKVGA_ERR_ALIGN;
        }
        eff->move = true;
        eff->move_to = value;
        return v->status; /* bankvga_moved() sets it */
    default:
        eff->refused = index < BANKVGA_NR_REGS ? "the register is read-only"
                                               : "no register at INDEX";
        return index < BANKVGA_NR_REGS ? BANKVGA_ERR_READ_ONLY
                                       : BANKVGA_ERR_INDEX;
    }
}

void bankvga_write(struct bankvga *v, uint32_t port, unsigned int size,
                   uint32_t value, struct bankvga_effect *eff)
{
    *eff = (struct bankvga_effect){0};
    if (port == BANKVGA_PORT_INDEX && (size == 2 || size == 4)) {
        v->index = size == 2 ? value & 0xffff : value; /* STATUS stays */
    } else if (port == BANKVGA_PORT_DATA && size == 4) {
        v->status = bankvga_reg_write(v, value, eff);
    } else {
        bankvga_bad_access(v, port, eff);
    }
}

void bankvga_moved(struct bankvga *v, uint32_t status, uint64_t base)
{
    v->status = status;
    if (status == BANKVGA_OK)
        v->bank_base = base;
}
