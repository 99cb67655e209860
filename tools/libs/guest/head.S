/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test-guest entry points.
 *
 * _start: the hypervisor enters here in ring 3 with %rdi = %rsp = the
 * start info page (the last page of RAM).  The guest moves to its own
 * stack in .bss at once, so that the RAM below the start info page is free
 * for tests such as memcheck, then runs guest_main() (runtime.c).
 *
 * trap_entry: where set_trap_table points.  The hypervisor has put a
 * struct guest_trap_frame at %rsp, below the interrupted stack pointer;
 * this calls trap_dispatch(frame) on a 16-byte aligned stack and leaves
 * with sched_op(SCHEDOP_trap_return), %rsp back at the frame.  The frame
 * holds the caller-saved registers, which the hypervisor restores;
 * callee-saved ones survive the C call by the ABI.
 */

/* public/xen.h and sched.h are C; traps.c checks that these match them. */
#define HYPERCALL_VECTOR  0x82
#define HYPERCALL_SCHED   29
#define SCHED_TRAP_RETURN 64

/* A guest that needs a bigger stack defines this when it builds us. */
#ifndef GUEST_STACK_SIZE
#define GUEST_STACK_SIZE  16384
#endif

    .section .text.entry, "ax", @progbits
    .code64

    .globl _start
    .type _start, @function
_start:
    mov     $guest_stack_top, %rsp
    xor     %ebp, %ebp
    call    guest_main              /* does not return */
1:  ud2
    jmp     1b
    .size _start, . - _start

    .globl trap_entry
    .type trap_entry, @function
trap_entry:
    mov     %rsp, %rdi              /* struct guest_trap_frame * */
    push    %rbp
    mov     %rsp, %rbp
    and     $-16, %rsp
    cld
    call    trap_dispatch
    mov     %rbp, %rsp
    pop     %rbp                    /* %rsp = the frame again */
    mov     $HYPERCALL_SCHED, %eax
    mov     $SCHED_TRAP_RETURN, %edi
    xor     %esi, %esi
    int     $HYPERCALL_VECTOR
    /* trap_return came back: the hypervisor refused it. */
    mov     %rax, %rdi
    call    trap_return_failed
2:  ud2
    jmp     2b
    .size trap_entry, . - trap_entry

    .section .bss.stack, "aw", @nobits
    .balign 16
guest_stack:
    .skip   GUEST_STACK_SIZE
    .globl guest_stack_top
guest_stack_top:

    .section .note.GNU-stack, "", @progbits
