/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The multiboot1 and multiboot2 protocols, as the public specifications
 * define them: the header an image carries and the information block a
 * loader hands over.  Shared by the image header (head.S) and the parsers
 * (common/multiboot.c).  Layouts are little-endian and packed by design.
 */
#ifndef XEN_MULTIBOOT_H
#define XEN_MULTIBOOT_H

/* What a loader leaves in %eax for the image. */
#define MULTIBOOT1_BOOTLOADER_MAGIC 0x2BADB002
#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289

/* Multiboot1 image header. */
#define MB1_HEADER_MAGIC        0x1BADB002
#define MB1_HEADER_PAGE_ALIGN   (1u << 0)  /* modules page aligned       */
#define MB1_HEADER_MEMORY_INFO  (1u << 1)  /* we need the memory map     */
#define MB1_HEADER_AOUT_KLUDGE  (1u << 16) /* load addresses in header   */

/* Multiboot2 image header. */
#define MB2_HEADER_MAGIC        0xE85250D6
#define MB2_ARCH_I386           0
#define MB2_ARCH_MIPS32         4
#define MB2_HEADER_TAG_END      0
#define MB2_HEADER_TAG_ADDRESS  2
#define MB2_HEADER_TAG_ENTRY    3
#define MB2_HEADER_TAG_MODULE_ALIGN 6

#ifndef __ASSEMBLY__

#include <xen/compiler.h>
#include <xen/types.h>

/*
 * Multiboot1 information block (spec 0.6.96, section 3.3).  A field is
 * valid only when its flag bit is set.  Addresses are 32-bit physical.
 */
#define MB1_INFO_MEMORY         (1u << 0)  /* mem_lower, mem_upper        */
#define MB1_INFO_BOOTDEV        (1u << 1)  /* boot_device                 */
#define MB1_INFO_CMDLINE        (1u << 2)  /* cmdline                     */
#define MB1_INFO_MODS           (1u << 3)  /* mods_count, mods_addr       */
#define MB1_INFO_AOUT_SYMS      (1u << 4)  /* syms: a.out symbol table    */
#define MB1_INFO_ELF_SHDR       (1u << 5)  /* syms: ELF section headers   */
#define MB1_INFO_MEM_MAP        (1u << 6)  /* mmap_length, mmap_addr      */
#define MB1_INFO_DRIVE_INFO     (1u << 7)  /* drives_length, drives_addr  */
#define MB1_INFO_CONFIG_TABLE   (1u << 8)  /* config_table                */
#define MB1_INFO_LOADER_NAME    (1u << 9)  /* boot_loader_name            */
#define MB1_INFO_APM_TABLE      (1u << 10) /* apm_table                   */
#define MB1_INFO_VBE            (1u << 11) /* vbe_*                       */
#define MB1_INFO_FRAMEBUFFER    (1u << 12) /* framebuffer_*               */

struct mb1_info {
    uint32_t flags;
    uint32_t mem_lower;         /* KiB from 0, at most 640 */
    uint32_t mem_upper;         /* KiB from 1 MiB to the first hole */
    uint32_t boot_device;
    uint32_t cmdline;           /* phys address of a NUL-terminated string */
    uint32_t mods_count;
    uint32_t mods_addr;         /* phys address of mods_count mb1_module */
    uint32_t syms[4];
    uint32_t mmap_length;       /* bytes of mb1_mmap_entry at mmap_addr */
    uint32_t mmap_addr;
    uint32_t drives_length;
    uint32_t drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;  /* phys address of a NUL-terminated string */
    uint32_t apm_table;
    uint32_t vbe_control_info;
    uint32_t vbe_mode_info;
    uint16_t vbe_mode;
    uint16_t vbe_interface_seg;
    uint16_t vbe_interface_off;
    uint16_t vbe_interface_len;
    uint64_t framebuffer_addr;
    uint32_t framebuffer_pitch;
    uint32_t framebuffer_width;
    uint32_t framebuffer_height;
    uint8_t framebuffer_bpp;
    uint8_t framebuffer_type;
    uint8_t color_info[6];
} __packed;

/*
 * One multiboot1 memory map entry.  size counts the bytes that follow it
 * (at least 20), so the next entry starts size + 4 bytes after this one.
 */
struct mb1_mmap_entry {
    uint32_t size;
    uint64_t base_addr;
    uint64_t length;
    uint32_t type;              /* MB_MEMORY_* */
} __packed;

/* One multiboot1 module; mod_end is the first byte after the module. */
struct mb1_module {
    uint32_t mod_start;
    uint32_t mod_end;
    uint32_t string;            /* phys address of a NUL-terminated string */
    uint32_t reserved;
} __packed;

/* Memory types in both protocols' maps; anything else is reserved. */
#define MB_MEMORY_AVAILABLE     1
#define MB_MEMORY_RESERVED      2
#define MB_MEMORY_ACPI_RECLAIM  3
#define MB_MEMORY_NVS           4
#define MB_MEMORY_BADRAM        5

/*
 * Multiboot2 information block (spec 2.0, section 3.6): a fixed header,
 * then tags, each starting 8-byte aligned, ending with an END tag.  A
 * tag's size includes its 8-byte header but not the padding after it.
 */
#define MB2_TAG_ALIGN               8
#define MB2_TAG_TYPE_END            0
#define MB2_TAG_TYPE_CMDLINE        1
#define MB2_TAG_TYPE_LOADER_NAME    2
#define MB2_TAG_TYPE_MODULE         3
#define MB2_TAG_TYPE_BASIC_MEMINFO  4
#define MB2_TAG_TYPE_BOOTDEV        5
#define MB2_TAG_TYPE_MMAP           6
#define MB2_TAG_TYPE_VBE            7
#define MB2_TAG_TYPE_FRAMEBUFFER    8
#define MB2_TAG_TYPE_ELF_SECTIONS   9
#define MB2_TAG_TYPE_APM            10
#define MB2_TAG_TYPE_EFI32          11
#define MB2_TAG_TYPE_EFI64          12
#define MB2_TAG_TYPE_SMBIOS         13
#define MB2_TAG_TYPE_ACPI_OLD       14
#define MB2_TAG_TYPE_ACPI_NEW       15
#define MB2_TAG_TYPE_NETWORK        16
#define MB2_TAG_TYPE_EFI_MMAP       17
#define MB2_TAG_TYPE_EFI_BS         18
#define MB2_TAG_TYPE_EFI32_IH       19
#define MB2_TAG_TYPE_EFI64_IH       20
#define MB2_TAG_TYPE_LOAD_BASE_ADDR 21

struct mb2_info_header {
    uint32_t total_size;        /* bytes, this header and the END tag included */
    uint32_t reserved;
} __packed;

struct mb2_tag {
    uint32_t type;
    uint32_t size;
} __packed;

/* Types 1 and 2: a NUL-terminated string fills the rest of the tag. */
struct mb2_tag_string {
    uint32_t type;
    uint32_t size;
    char string[];
} __packed;

/* Type 3; mod_end is the first byte after the module. */
struct mb2_tag_module {
    uint32_t type;
    uint32_t size;
    uint32_t mod_start;
    uint32_t mod_end;
    char string[];
} __packed;

/* Type 4; same meaning as multiboot1's mem_lower/mem_upper. */
struct mb2_tag_basic_meminfo {
    uint32_t type;
    uint32_t size;
    uint32_t mem_lower;
    uint32_t mem_upper;
} __packed;

/* Type 6: entries of entry_size bytes (a multiple of 8, at least 24). */
struct mb2_tag_mmap {
    uint32_t type;
    uint32_t size;
    uint32_t entry_size;
    uint32_t entry_version;     /* 0 */
} __packed;

struct mb2_mmap_entry {
    uint64_t base_addr;
    uint64_t length;
    uint32_t type;              /* MB_MEMORY_* */
    uint32_t reserved;
} __packed;

BUILD_BUG_ON(sizeof(struct mb1_info) != 116);
BUILD_BUG_ON(sizeof(struct mb1_mmap_entry) != 24);
BUILD_BUG_ON(sizeof(struct mb1_module) != 16);
BUILD_BUG_ON(sizeof(struct mb2_info_header) != 8);
BUILD_BUG_ON(sizeof(struct mb2_tag_module) != 16);
BUILD_BUG_ON(sizeof(struct mb2_tag_basic_meminfo) != 16);
BUILD_BUG_ON(sizeof(struct mb2_tag_mmap) != 16);
BUILD_BUG_ON(sizeof(struct mb2_mmap_entry) != 24);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_MULTIBOOT_H */
