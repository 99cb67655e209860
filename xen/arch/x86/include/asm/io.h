/* SPDX-License-Identifier: GPL-2.0-only */
/* Port I/O. */
#ifndef ASM_X86_IO_H
#define ASM_X86_IO_H

#include <xen/types.h>

static inline void outb(uint8_t v, uint16_t port)
{
    asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void outl(uint32_t v, uint16_t port)
{
    asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

#endif /* ASM_X86_IO_H */
