/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The multiboot1 and multiboot2 protocols, as the public specifications
 * define them: the header an image carries and the information block a
 * loader hands over.  Shared by the image header (head.S) and the parsers
 * (common/multiboot.c).  Layouts are little-endian and packed by design.
 */
#ifndef XEN_MULTIBOOT_H
#define XEN_MULTIBOOT_H

/* Multiboot1 image header. */
#define MB1_HEADER_MAGIC        0x1BADB002
#define MB1_HEADER_PAGE_ALIGN   (1u << 0)  /* modules page aligned       */
#define MB1_HEADER_MEMORY_INFO  (1u << 1)  /* we need the memory map     */
#define MB1_HEADER_AOUT_KLUDGE  (1u << 16) /* load addresses in header   */

/* Multiboot2 image header. */
#define MB2_HEADER_MAGIC        0xE85250D6
#define MB2_ARCH_I386           0
#define MB2_HEADER_TAG_END      0
#define MB2_HEADER_TAG_ADDRESS  2
#define MB2_HEADER_TAG_ENTRY    3

#endif /* XEN_MULTIBOOT_H */
