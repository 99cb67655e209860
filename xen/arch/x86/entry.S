/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry and exit.  One stub per IDT vector gives every entry the same
 * frame (struct cpu_user_regs, asm/processor.h): a zero error code where
 * the CPU pushes none, then the vector, then the general registers.  The
 * frame goes to do_entry(), which handles exceptions, interrupts and
 * hypercalls.  An entry from the hypervisor itself returns here and
 * irets; an entry from a guest leaves through restore_guest_regs().
 */
#include <asm/current.h>
#include <asm/traps.h>

/* Vectors for which the CPU pushes an error code (SDM vol. 3, 6.13). */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || \
                           (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

.macro SAVE_ALL
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
.endm

.macro RESTORE_ALL_AND_IRET
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
.endm

        .text
.macro entry_stub vector
        .balign 16
entry_stub_\vector:
        .if \vector >= X86_NR_EXCEPTIONS || !HAS_ERROR_CODE(\vector)
        push    $0
        .endif
        push    $\vector
        jmp     common_entry
.endm

.altmacro
        .set    vec, 0
        .rept   256
        entry_stub %vec
        .set    vec, vec + 1
        .endr

/*
 * RFLAGS is the guest's but for what the gate cleared (IF, TF, NT): DF and
 * AC are still the guest's.  A guest sets AC with popf, and with AC set
 * SMAP does not stop the hypervisor's accesses to guest pages, so both go.
 * Every gate is an interrupt gate (traps_init()), so IF is already clear
 * and the 2 (bit 1 is always set) changes no interrupt state.  popfq,
 * not clac: clac is #UD where the CPU has no SMAP.
 */
common_entry:
        SAVE_ALL
        push    $2
        popfq
        mov     %rsp, %rdi
        call    do_entry
        RESTORE_ALL_AND_IRET

/* void restore_guest_regs(struct cpu_user_regs *frame) */
        .globl  restore_guest_regs
restore_guest_regs:
        mov     %rdi, %rsp
        RESTORE_ALL_AND_IRET

/* void reset_stack_and_jump(void (*fn)(void)): stack just below cpu_info */
        .globl  reset_stack_and_jump
reset_stack_and_jump:
        mov     %rsp, %rax
        and     $~(STACK_SIZE - 1), %rax
        add     $(STACK_SIZE - CPU_INFO_SIZE), %rax
        mov     %rax, %rsp
        push    $0                      /* no return address: fn never returns */
        jmp     *%rdi

.macro stub_address vector
        .quad   entry_stub_\vector
.endm

        .section .rodata, "a", @progbits
        .balign 8
        .globl  entry_stubs
entry_stubs:
        .set    vec, 0
        .rept   256
        stub_address %vec
        .set    vec, vec + 1
        .endr
