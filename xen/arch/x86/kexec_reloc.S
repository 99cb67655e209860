/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kexec trampoline (asm/kexec.h): copied to KEXEC_LOW_BASE and entered
 * there, in 64-bit mode on page tables that map low memory 1:1, with
 * %rdi = &struct kexec_params.  Position-independent up to the far jump,
 * which uses the fixed low address it was copied to.
 */
#include <asm/kexec.h>
#include <asm/msr.h>
#include <asm/x86-defns.h>
#include <xen/multiboot.h>

#define RELOC(sym) (KEXEC_LOW_BASE + ((sym) - kexec_reloc_start))

        .text
        .code64
        .globl  kexec_reloc_start, kexec_reloc_end
kexec_reloc_start:
        cli
        mov     %rdi, %rbp
        mov     $KEXEC_MBI, %esp        /* the old stack goes with the map */
        mov     KP_CR3(%rbp), %rax      /* the identity map of all RAM */
        mov     %rax, %cr3

        /* Copy the image, page by page, to its place. */
        mov     KP_SRC_LIST(%rbp), %rbx
        mov     KP_NR_PAGES(%rbp), %rdx
        mov     KP_DEST(%rbp), %rdi
1:      test    %rdx, %rdx
        jz      2f
        mov     (%rbx), %rsi
        mov     $512, %ecx
        rep movsq
        add     $8, %rbx
        dec     %rdx
        jmp     1b

        /* Into 32-bit compatibility mode, on our own GDT. */
2:      lgdt    KP_GDT_PTR(%rbp)
        push    $KEXEC_CS32
        push    $RELOC(compat)
        lretq

        .code32
compat:
        /* Paging off leaves long mode; the 1:1 map keeps us where we are. */
        mov     %cr0, %eax
        and     $~X86_CR0_PG, %eax
        mov     %eax, %cr0
        mov     $MSR_EFER, %ecx
        rdmsr
        and     $~EFER_LME, %eax
        wrmsr
        mov     $KEXEC_DS32, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs
        mov     KP_ENTRY(%ebp), %ecx
        mov     KP_MBI(%ebp), %ebx
        mov     $MULTIBOOT2_BOOTLOADER_MAGIC, %eax
        jmp     *%ecx
kexec_reloc_end:
