/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel domcycle builds its children from: the timecheck guest. */
        .section .rodata, "a", @progbits
        .balign 8
        .globl  payload_start, payload_end
payload_start:
        .incbin PAYLOAD
payload_end:
