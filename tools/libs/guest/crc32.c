/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CRC-32 (crc32.h), a byte at a time through a 256-entry table that is
 * worked out on first use: eight shift-and-xor steps of the reflected
 * polynomial per entry.  A byte at a time is fast enough for a
 * framebuffer of a few MiB.
 */
#include "crc32.h"

#define CRC32_POLY 0xedb88320u

static uint32_t crc32_table[256];
static int crc32_ready;

static void crc32_make_table(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;

        for (int k = 0; k < 8; k++)
            c = c & 1 ? CRC32_POLY ^ (c >> 1) : c >> 1;
        crc32_table[n] = c;
    }
    crc32_ready = 1;
}

uint32_t crc32_iso(uint32_t crc, const void *p, size_t len)
{
    const uint8_t *b = p;

    if (!crc32_ready)
        crc32_make_table();
    crc = ~crc;
    while (len--)
        crc = crc32_table[(crc ^ *b++) & 0xff] ^ (crc >> 8);
    return ~crc;
}
