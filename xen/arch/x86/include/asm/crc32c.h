/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CRC-32C in hardware: SSE4.2's crc32 instruction computes exactly the
 * Castagnoli CRC the live-update stream uses, eight bytes an instruction,
 * against some thirty instructions for eight bytes through tables.  Every
 * stream is checksummed on both sides of the blackout, so this shortens it.
 * Self-contained (no hypervisor state): the host tests use it too.
 */
#ifndef ASM_X86_CRC32C_H
#define ASM_X86_CRC32C_H

#include <xen/types.h>

#define X86_CPUID1_ECX_SSE4_2 (1u << 20)

/* Whether this CPU has the crc32 instruction (CPUID leaf 1, ECX bit 20). */
static inline bool arch_crc32c_present(void)
{
    uint32_t a = 1, b, c = 0, d;

    asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    return c & X86_CPUID1_ECX_SSE4_2;
}

/* The register after eight more bytes, v in memory (little-endian) order. */
static inline uint32_t arch_crc32c_u64(uint32_t crc, uint64_t v)
{
    uint64_t r = crc;

    asm("crc32q %1, %0" : "+r"(r) : "rm"(v));
    return (uint32_t)r;
}

static inline uint32_t arch_crc32c_u8(uint32_t crc, uint8_t v)
{
    asm("crc32b %1, %0" : "+r"(crc) : "rm"(v));
    return crc;
}

#endif /* ASM_X86_CRC32C_H */
