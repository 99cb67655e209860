/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Port I/O instruction decoding (asm/pio.h), from the opcode map of the
 * Intel SDM: E4/E5 IN imm8, E6/E7 OUT imm8, EC/ED IN DX, EE/EF OUT DX;
 * the odd opcodes are word or dword sized by the 66 prefix.
 */
#include <asm/pio.h>

static bool is_prefix(uint8_t b)
{
    switch (b) {
    case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
    case 0x66: case 0x67: case 0xf2: case 0xf3:
        return true;
    default:
        return (b & 0xf0) == 0x40; /* REX: ignored for port I/O */
    }
}

bool pio_decode(const uint8_t *insn, size_t len, struct pio_insn *out)
{
    bool opsize16 = false;
    size_t i = 0;
    uint8_t op;

    if (len > X86_MAX_INSN_LEN)
        len = X86_MAX_INSN_LEN;
    while (i < len && is_prefix(insn[i]))
        opsize16 |= insn[i++] == 0x66;
    if (i >= len)
        return false;
    op = insn[i++];
    if ((op & 0xf4) != 0xe4) /* E4-E7 and EC-EF */
        return false;
    out->is_in = !(op & 0x02);
    out->port_in_dx = op & 0x08;
    out->size = !(op & 0x01) ? 1 : opsize16 ? 2 : 4;
    out->imm_port = 0;
    if (!out->port_in_dx) {
        if (i >= len)
            return false;
        out->imm_port = insn[i++];
    }
    out->len = i;
    return true;
}
