/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Decoding the port I/O instructions a guest may trap on: IN and OUT with
 * an immediate port or DX, in byte, word or dword size.  String I/O
 * (INS/OUTS) is not emulated.  Portable core: host tests run it.
 */
#ifndef ASM_X86_PIO_H
#define ASM_X86_PIO_H

#include <xen/types.h>

#define X86_MAX_INSN_LEN 15

struct pio_insn {
    uint8_t len;      /* bytes, prefixes included */
    uint8_t size;     /* 1, 2 or 4 */
    bool is_in;
    bool port_in_dx;
    uint8_t imm_port; /* when !port_in_dx */
};

/* Decode the instruction in the first len bytes of insn; false if not I/O. */
bool pio_decode(const uint8_t *insn, size_t len, struct pio_insn *out);

#endif /* ASM_X86_PIO_H */
