/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Link map of the hypervisor image: linked at XEN_VIRT_START, loaded at any
 * 2 MiB aligned physical address (see boot/head.S), copied out flat.
 */
#include <asm/config.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start)

PHDRS
{
    text PT_LOAD FLAGS(5);
    data PT_LOAD FLAGS(6);
    note PT_NOTE FLAGS(4);
}

SECTIONS
{
    . = XEN_VIRT_START;
    _start = .;

    .text : {
        *(.text.head)
        /* Where a predecessor looks for it: the first 32 KiB (lu_image.c). */
        . = ALIGN(8);
        __lu_image_header = .;
        KEEP(*(.lu_image_header))
        __lu_image_header_end = .;
        *(.text .text.*)
    } :text

    .rodata : {
        *(.rodata .rodata.*)
    } :text

    .note.gnu.build-id : {
        __note_gnu_build_id_start = .;
        *(.note.gnu.build-id)
        __note_gnu_build_id_end = .;
    } :text :note

    . = ALIGN(PAGE_SIZE);
    .data : {
        . = ALIGN(8);
        __setup_start = .;
        KEEP(*(.init.setup))
        __setup_end = .;
        *(.data .data.*)
    } :data
    _edata = .;

    .bss (NOLOAD) : {
        . = ALIGN(PAGE_SIZE);
        __bss_start = .;
        *(.bss.page_aligned)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(8);
        __bss_end = .;
    } :data
    /* Like .bss, but not zeroed at boot: see __noinit. */
    .noinit (NOLOAD) : {
        *(.noinit .noinit.*)
    } :data
    _end = .;

    /DISCARD/ : {
        *(.comment)
        *(.comment.*)
        *(.eh_frame)
        *(.note.GNU-stack)
        *(.note.gnu.property)
    }
}

/* Addresses the multiboot headers give loaders (see boot/head.S). */
__mb_load_end = _edata - _start + XEN_LOAD_PHYS;
__mb_bss_end  = _end - _start + XEN_LOAD_PHYS;
/* 2 MiB pages needed to map the whole image. */
__xen_l2_count = (_end - _start + XEN_IMAGE_ALIGN - 1) / XEN_IMAGE_ALIGN;

ASSERT(__xen_l2_count <= 512, "image larger than one L2 table maps")
ASSERT(__lu_image_header_end > __lu_image_header &&
       __lu_image_header_end - _start <= 32768,
       "the live-update image header is missing or beyond the first 32 KiB")
