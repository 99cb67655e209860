/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One description of what the boot loader handed over, whichever protocol
 * it spoke: the physical memory map, the command line and the modules.
 *
 * The multiboot1 and multiboot2 parsers fill a struct boot_info;
 * bootinfo_sanitise() then makes the memory map sorted and non-overlapping
 * and drops modules that do not lie in RAM, reporting each problem; and
 * bootinfo_print() logs the result the way Xen prints its e820.
 *
 * This is portable core: no hypervisor globals, no direct physical memory
 * access.  Memory the boot information points at (multiboot1 keeps the map
 * and strings outside the info block) is reached through a boot_map_fn.
 */
#ifndef XEN_BOOTINFO_H
#define XEN_BOOTINFO_H

#include <xen/multiboot.h>
#include <xen/types.h>

#define BOOTINFO_MAX_RANGES   128
#define BOOTINFO_MAX_MODULES  32
#define BOOTINFO_CMDLINE_LEN  1024
#define BOOTINFO_LOADER_LEN   64

/* Memory types, numbered as in the ACPI/e820 and multiboot memory maps. */
enum boot_mem_type {
    BOOT_MEM_RAM = 1,
    BOOT_MEM_RESERVED = 2,
    BOOT_MEM_ACPI = 3,
    BOOT_MEM_NVS = 4,
    BOOT_MEM_UNUSABLE = 5,
};

struct boot_mem_range {
    uint64_t start;
    uint64_t size;
    uint32_t type; /* enum boot_mem_type; unknown types are kept as reserved */
};

struct boot_module {
    uint64_t start;
    uint64_t size;
    char cmdline[BOOTINFO_CMDLINE_LEN / 4];
};

struct boot_info {
    char loader[BOOTINFO_LOADER_LEN];   /* boot loader name, or "" */
    char cmdline[BOOTINFO_CMDLINE_LEN]; /* as the loader passed it */
    unsigned int nr_ranges;
    struct boot_mem_range ranges[BOOTINFO_MAX_RANGES];
    unsigned int nr_modules;
    struct boot_module modules[BOOTINFO_MAX_MODULES];
};

/*
 * Return a pointer through which len bytes at physical address paddr can be
 * read, or NULL if that memory is not reachable.
 */
typedef const void *(*boot_map_fn)(void *ctx, uint64_t paddr, size_t len);

/*
 * Fill bi from a multiboot1 information block at physical address mbi_pa.
 * Returns 0, or -EINVAL if the block is unusable (no memory map, or the
 * block itself or its memory map cannot be reached); bad parts are reported.
 */
int bootinfo_from_multiboot1(struct boot_info *bi, uint64_t mbi_pa,
                             boot_map_fn map, void *ctx);

/*
 * Fill bi from a multiboot2 information block at physical address mbi_pa.
 * Returns 0, or -EINVAL if the block is malformed beyond use (bad total
 * size, a tag smaller than 8 bytes or running past the end, no END tag, or
 * no memory map: neither a usable mmap tag nor a basic meminfo tag).
 * The map function must accept the whole block (up to 1 MiB) in one call.
 */
int bootinfo_from_multiboot2(struct boot_info *bi, uint64_t mbi_pa,
                             boot_map_fn map, void *ctx);

/*
 * Make the memory map sorted, without zero-length entries and without
 * overlaps (where types overlap, the higher type number wins, so RAM always
 * loses), merging adjacent entries of one type; unknown types become
 * reserved and ranges are clipped so that start + size never wraps.  Drop
 * modules that are empty, not wholly in RAM or overlapping another module.
 * Each problem is reported.  Returns the number of problems found.
 */
unsigned int bootinfo_sanitise(struct boot_info *bi);

/*
 * Drop (and report) the modules that overlap [start, end), memory that
 * what names and that is never a module's -- the first MiB, the
 * hypervisor's image -- which a domain given the module would otherwise
 * map.  Call after bootinfo_sanitise().  Returns how many were dropped.
 */
unsigned int bootinfo_drop_modules_over(struct boot_info *bi, uint64_t start,
                                       uint64_t end, const char *what);

/* Log the loader, the command line, the memory map and the modules. */
void bootinfo_print(const struct boot_info *bi);

/*
 * A loader's command line without the image's own name in front: QEMU and
 * GRUB put the path of the image or module first.  Skips a first word that
 * has no '=' and contains a '/'.
 */
const char *bootinfo_args(const char *cmdline);

/*
 * Write a multiboot2 information block into buf (size bytes, 8-byte
 * aligned): the command line, the loader name, bi's memory map and its
 * modules (those below 4 GiB: a module tag has 32-bit addresses).
 * Returns its length, or -ENOSPC.
 */
long mb2_info_build(void *buf, size_t size, const struct boot_info *bi,
                    const char *cmdline, const char *loader);

#define MB2_INFO_ALIGN8(n) (((n) + 7) & ~7)

/*
 * The most mb2_info_build() can write for any boot_info, with a command
 * line of fewer than BOOTINFO_CMDLINE_LEN bytes and a loader name of fewer
 * than loader_len: the header, the two strings, a full memory map, every
 * module with the longest command line, and the END tag.  Sizing the
 * buffer by it makes the build impossible to fail (live update's jump).
 */
#define MB2_INFO_MAX_SIZE(loader_len)                                      \
    (sizeof(struct mb2_info_header) +                                     \
     MB2_INFO_ALIGN8(sizeof(struct mb2_tag_string) + BOOTINFO_CMDLINE_LEN) + \
     MB2_INFO_ALIGN8(sizeof(struct mb2_tag_string) + (loader_len)) +       \
     MB2_INFO_ALIGN8(sizeof(struct mb2_tag_mmap) +                         \
                     BOOTINFO_MAX_RANGES * sizeof(struct mb2_mmap_entry)) + \
     BOOTINFO_MAX_MODULES *                                                \
         MB2_INFO_ALIGN8(sizeof(struct mb2_tag_module) +                   \
                         sizeof(((struct boot_module *)0)->cmdline)) +     \
     sizeof(struct mb2_tag))

/* Total bytes of RAM in the (sanitised) map. */
uint64_t bootinfo_ram_bytes(const struct boot_info *bi);

#endif /* XEN_BOOTINFO_H */
