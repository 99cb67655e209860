/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception entry: one stub per vector gives every exception the same frame
 * (struct cpu_user_regs in asm/processor.h), with a zero error code where
 * the CPU pushes none, and hands it to do_exception().
 */
#include <asm/traps.h>

/* Vectors for which the CPU pushes an error code (SDM vol. 3, 6.13). */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || \
                           (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

        .text
.macro exception_stub vector
        .balign 16
exception_stub_\vector:
        .if !HAS_ERROR_CODE(\vector)
        push    $0
        .endif
        push    $\vector
        jmp     handle_exception
.endm

.altmacro
.macro all_stubs
        .set    vec, 0
        .rept   X86_NR_EXCEPTIONS
        exception_stub %vec
        .set    vec, vec + 1
        .endr
.endm
        all_stubs

handle_exception:
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %rax
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        cld
        mov     %rsp, %rdi
        call    do_exception
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rax
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        add     $16, %rsp               /* vector and error code */
        iretq

.macro stub_address vector
        .quad   exception_stub_\vector
.endm

        .section .rodata, "a", @progbits
        .balign 8
        .globl  exception_stubs
exception_stubs:
        .set    vec, 0
        .rept   X86_NR_EXCEPTIONS
        stub_address %vec
        .set    vec, vec + 1
        .endr
