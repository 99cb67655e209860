/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's entry point: multiboot headers and the 32-bit code that
 * takes the CPU from the loader's flat protected mode into long mode.
 *
 * The image is a flat binary linked at XEN_VIRT_START.  Its multiboot1
 * header uses the a.out kludge (load addresses in the header) so QEMU's
 * -kernel loader, which refuses 64-bit ELF, accepts it; its multiboot2
 * header carries the same addresses for GRUB.  Both name XEN_LOAD_PHYS, but
 * the code below works out where it really is, so a live update can enter
 * a copy of the image at any 2 MiB aligned address.
 *
 * On entry (either protocol): 32-bit protected mode, paging off, flat
 * segments, %eax = loader magic, %ebx = physical address of the info block.
 */
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/x86-defns.h>
#include <xen/multiboot.h>

/* Offset of a symbol in the image, and its address under either loader. */
#define sym_offs(s)   ((s) - XEN_VIRT_START)
#define sym_phys(s)   sym_offs(s)(%ebp)   /* once %ebp = load address */
#define MB_ADDR(s)    (sym_offs(s) + XEN_LOAD_PHYS)

#define MB1_FLAGS (MB1_HEADER_PAGE_ALIGN | MB1_HEADER_MEMORY_INFO | \
                   MB1_HEADER_AOUT_KLUDGE)

#define PTE_TABLE (_PAGE_PRESENT | _PAGE_RW)
#define PTE_2M    (_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE)

        .section .text.head, "ax", @progbits
        .code32
        .globl  start
start:
        jmp     __start

        .balign 4
multiboot1_header:
        .long   MB1_HEADER_MAGIC
        .long   MB1_FLAGS
        .long   0x100000000 - (MB1_HEADER_MAGIC + MB1_FLAGS)
        .long   MB_ADDR(multiboot1_header)      /* header_addr   */
        .long   XEN_LOAD_PHYS                   /* load_addr     */
        .long   __mb_load_end                   /* load_end_addr */
        .long   __mb_bss_end                    /* bss_end_addr  */
        .long   MB_ADDR(__start)                /* entry_addr    */

        .balign 8
multiboot2_header:
        .long   MB2_HEADER_MAGIC
        .long   MB2_ARCH_I386
        .long   multiboot2_header_end - multiboot2_header
        .long   0x100000000 - (MB2_HEADER_MAGIC + MB2_ARCH_I386 + \
                               (multiboot2_header_end - multiboot2_header))
        .balign 8
        .short  MB2_HEADER_TAG_ADDRESS, 0
        .long   24
        .long   MB_ADDR(multiboot2_header)      /* header_addr   */
        .long   XEN_LOAD_PHYS                   /* load_addr     */
        .long   __mb_load_end                   /* load_end_addr */
        .long   __mb_bss_end                    /* bss_end_addr  */
        .balign 8
        .short  MB2_HEADER_TAG_ENTRY, 0
        .long   12
        .long   MB_ADDR(__start)
        .balign 8
        .short  MB2_HEADER_TAG_MODULE_ALIGN, 0  /* page-aligned modules */
        .long   8
        .balign 8
        .short  MB2_HEADER_TAG_END, 0
        .long   8
multiboot2_header_end:

/* Print a word of immediate characters: usable with no stack and no base. */
.macro early_puts_imm str
        .irpc   c, \str
        mov     $0x3fd, %dx
91:     inb     %dx, %al
        test    $0x20, %al
        jz      91b
        mov     $0x3f8, %dx
        mov     $'\c, %al
        outb    %al, %dx
        .endr
.endm

__start:
        cld
        cli
        cmp     $MULTIBOOT1_BOOTLOADER_MAGIC, %eax
        je      1f
        cmp     $MULTIBOOT2_BOOTLOADER_MAGIC, %eax
        je      1f
        /* Without a loader's magic, %ebx means nothing: no memory to use. */
        early_puts_imm Xen-LU:not-entered-by-a-multiboot-loader
        jmp     early_halt

1:      mov     %eax, %edi                      /* loader magic */
        mov     %ebx, %esi                      /* info block   */

        /*
         * Find our load address.  There is no stack yet, so borrow the
         * first word of the info block for one call, then put it back.
         */
        mov     (%ebx), %ecx
        lea     4(%ebx), %esp
        call    2f
2:      pop     %ebp
        mov     %ecx, (%ebx)
        sub     $(2b - start), %ebp

        lea     sym_phys(msg_misaligned), %edx
        test    $(XEN_IMAGE_ALIGN - 1), %ebp
        jnz     early_error

        /* The loader need not have cleared BSS (kexec does not). */
        mov     %edi, %ebx
        lea     sym_phys(__bss_start), %edi
        lea     sym_phys(__bss_end), %ecx
        sub     %edi, %ecx
        shr     $2, %ecx
        xor     %eax, %eax
        rep stosl
        mov     %ebx, %edi
        lea     sym_phys(cpu0_stack + STACK_SIZE - CPU_INFO_SIZE), %esp

        lea     sym_phys(msg_no_long_mode), %edx
        mov     $0x80000000, %eax
        cpuid
        cmp     $CPUID_EXT_FEATURES, %eax
        jb      early_error
        mov     $CPUID_EXT_FEATURES, %eax
        cpuid
        test    $CPUID_EXT_EDX_LM, %edx
        lea     sym_phys(msg_no_long_mode), %edx
        jz      early_error

        call    build_boot_page_tables

        lea     sym_phys(l4_boot), %eax
        mov     %eax, %cr3
        mov     %cr4, %eax
        or      $X86_CR4_PAE, %eax
        mov     %eax, %cr4
        mov     $MSR_EFER, %ecx
        rdmsr
        or      $EFER_LME, %eax
        wrmsr
        mov     %cr0, %eax
        or      $(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE), %eax
        mov     %eax, %cr0

        /* Now in compatibility mode: far return into the 64-bit segment. */
        lea     sym_phys(boot_gdt), %eax
        mov     %eax, sym_phys(boot_gdt_ptr32 + 2)
        lgdt    sym_phys(boot_gdt_ptr32)
        push    $__HYPERVISOR_CS
        lea     sym_phys(start64), %eax
        push    %eax
        lret

/*
 * Map the first 4 GiB twice (identity, for the code running now, and at
 * DIRECTMAP_VIRT_START) and the image at XEN_VIRT_START, all with 2 MiB
 * pages.  %ebp = load address.  Clobbers %eax, %ebx, %ecx.
 */
build_boot_page_tables:
        lea     sym_phys(l2_ident), %ebx
        xor     %ecx, %ecx
1:      mov     %ecx, %eax
        shl     $L2_PAGE_SHIFT, %eax
        or      $PTE_2M, %eax
        mov     %eax, (%ebx, %ecx, 8)
        inc     %ecx
        cmp     $(4 * 512), %ecx
        jb      1b

        lea     sym_phys(l3_ident), %ebx
        lea     (sym_offs(l2_ident) + PTE_TABLE)(%ebp), %eax
        xor     %ecx, %ecx
2:      mov     %eax, (%ebx, %ecx, 8)
        add     $PAGE_SIZE, %eax
        inc     %ecx
        cmp     $4, %ecx
        jb      2b

        lea     sym_phys(l4_boot), %ebx
        lea     (sym_offs(l3_ident) + PTE_TABLE)(%ebp), %eax
        mov     %eax, (%ebx)
        mov     %eax, (L4_SLOT_DIRECTMAP * 8)(%ebx)
        lea     (sym_offs(l3_xen) + PTE_TABLE)(%ebp), %eax
        mov     %eax, (L4_SLOT_XEN * 8)(%ebx)

        lea     sym_phys(l3_xen), %ebx
        lea     (sym_offs(l2_xen) + PTE_TABLE)(%ebp), %eax
        mov     %eax, (L3_SLOT_XEN * 8)(%ebx)

        lea     sym_phys(l2_xen), %ebx
        lea     PTE_2M(%ebp), %eax
        xor     %ecx, %ecx
3:      mov     %eax, (%ebx, %ecx, 8)
        add     $XEN_IMAGE_ALIGN, %eax
        inc     %ecx
        cmp     $__xen_l2_count, %ecx
        jb      3b
        ret

/* Print the NUL-terminated string at physical %edx and stop. */
early_error:
        mov     %edx, %esi
1:      lodsb
        test    %al, %al
        jz      early_halt
        mov     %al, %ah
        mov     $0x3fd, %dx
2:      inb     %dx, %al
        test    $0x20, %al
        jz      2b
        mov     $0x3f8, %dx
        mov     %ah, %al
        outb    %al, %dx
        jmp     1b
early_halt:
        cli
        hlt
        jmp     early_halt

        .code64
start64:
        movabs  $high_start, %rax
        jmp     *%rax

        .text
high_start:
        lgdt    boot_gdt_ptr64(%rip)
        mov     $__HYPERVISOR_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs
        lea     (cpu0_stack + STACK_SIZE - CPU_INFO_SIZE)(%rip), %rsp

        /* Upper halves are undefined after the mode switch: zero-extend. */
        mov     %edi, %edi                      /* loader magic  */
        mov     %esi, %esi                      /* info block    */
        mov     %ebp, %edx                      /* load address  */
        call    __start_xen
        ud2

        .section .rodata, "a", @progbits
msg_misaligned:
        .asciz  "Xen-LU: boot failed: not loaded at a 2 MiB aligned address\r\n"
msg_no_long_mode:
        .asciz  "Xen-LU: boot failed: this CPU has no long mode (x86-64)\r\n"

        .data
        .balign 8
boot_gdt:
        .quad   0
        .quad   0x00af9a000000ffff              /* __HYPERVISOR_CS: 64-bit */
        .quad   0x00cf92000000ffff              /* __HYPERVISOR_DS */
boot_gdt_end:
        .word   0
boot_gdt_ptr32:
        .word   boot_gdt_end - boot_gdt - 1
        .long   0                               /* set to its physical address */
        .word   0
boot_gdt_ptr64:
        .word   boot_gdt_end - boot_gdt - 1
        .quad   boot_gdt

        .section .bss.page_aligned, "aw", @nobits
        .balign PAGE_SIZE
        .globl  l4_boot
l4_boot:        .skip PAGE_SIZE
l3_ident:       .skip PAGE_SIZE
l2_ident:       .skip 4 * PAGE_SIZE
l3_xen:         .skip PAGE_SIZE
        .globl  l2_xen
l2_xen:         .skip PAGE_SIZE
        .balign STACK_SIZE              /* get_cpu_info() relies on it */
        .globl  cpu0_stack
cpu0_stack:     .skip STACK_SIZE
