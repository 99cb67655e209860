/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CRC-32 as zlib's crc32() computes it (ISO-HDLC: reflected polynomial
 * 0xedb88320, initial value and final xor 0xffffffff), so that any
 * scripting language can check a value: the framebuffer checksum of the
 * bankvga device (public/io/bankvga.h), which a guest and its device model
 * both compute.  Plain C with no runtime of its own, so host unit tests
 * build it too.
 */
#ifndef GUEST_CRC32_H
#define GUEST_CRC32_H

#include <stddef.h>
#include <stdint.h>

/*
 * The CRC of len bytes at p following crc (0 to start): chains, so
 * crc32_iso(crc32_iso(0, a, n), b, m) is the CRC of a then b.
 * crc32_iso(0, "123456789", 9) == 0xcbf43926.
 */
uint32_t crc32_iso(uint32_t crc, const void *p, size_t len);

#endif /* GUEST_CRC32_H */
