/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * faulter's resume probes: load a known value into every general register,
 * execute one faulting instruction, and after the handler has moved
 * frame->rip to the matching *_resume label, store every register into
 * faulter_regs_after[] (order: FAULTER_REGS in faulter.c) so C can check
 * that the hypervisor's delivery and trap_return lost none of them.
 *
 *   void faulter_probe_pf(uint64_t bad_addr);   a write to bad_addr
 *   void faulter_probe_ud(uint64_t bad_addr);   ud2 (bad_addr unused)
 *
 * %rdi keeps bad_addr and %rsp its value; both are stored too.
 */
#define VAL(i) (0x5a5a5a5a00000000 + (i))

    .text
    .code64

.macro PROBE name, insn
    .globl faulter_probe_\name
    .type faulter_probe_\name, @function
faulter_probe_\name:
    push    %rbx
    push    %rbp
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    mov     %rsp, faulter_rsp_before
    movabs  $VAL(0), %rax
    movabs  $VAL(1), %rbx
    movabs  $VAL(2), %rcx
    movabs  $VAL(3), %rdx
    movabs  $VAL(4), %rsi
    movabs  $VAL(5), %rbp
    movabs  $VAL(6), %r8
    movabs  $VAL(7), %r9
    movabs  $VAL(8), %r10
    movabs  $VAL(9), %r11
    movabs  $VAL(10), %r12
    movabs  $VAL(11), %r13
    movabs  $VAL(12), %r14
    movabs  $VAL(13), %r15
    .globl faulter_\name\()_insn
faulter_\name\()_insn:
    \insn
    .globl faulter_\name\()_resume
faulter_\name\()_resume:
    mov     %rax, faulter_regs_after + 0 * 8
    mov     %rbx, faulter_regs_after + 1 * 8
    mov     %rcx, faulter_regs_after + 2 * 8
    mov     %rdx, faulter_regs_after + 3 * 8
    mov     %rsi, faulter_regs_after + 4 * 8
    mov     %rbp, faulter_regs_after + 5 * 8
    mov     %r8, faulter_regs_after + 6 * 8
    mov     %r9, faulter_regs_after + 7 * 8
    mov     %r10, faulter_regs_after + 8 * 8
    mov     %r11, faulter_regs_after + 9 * 8
    mov     %r12, faulter_regs_after + 10 * 8
    mov     %r13, faulter_regs_after + 11 * 8
    mov     %r14, faulter_regs_after + 12 * 8
    mov     %r15, faulter_regs_after + 13 * 8
    mov     %rdi, faulter_regs_after + 14 * 8
    mov     %rsp, faulter_regs_after + 15 * 8
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbp
    pop     %rbx
    ret
    .size faulter_probe_\name, . - faulter_probe_\name
.endm

    PROBE pf, "movq %rax, (%rdi)"
    PROBE ud, "ud2"

    .section .note.GNU-stack, "", @progbits
