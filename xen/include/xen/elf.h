/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loading guest kernels: static ELF64 x86-64 executables whose PT_LOAD
 * segments name the guest-physical addresses they are loaded at.
 *
 * The image comes from a boot module or a control domain's memory, so
 * everything in it is checked before anything is copied: header, program
 * headers in the file, segments in the file, no overflow, a size cap.
 * Portable core: the copy into guest memory is a callback.
 */
#ifndef XEN_ELF_H
#define XEN_ELF_H

#include <xen/types.h>

struct elf_image_info {
    uint64_t entry;
    uint64_t paddr_start; /* lowest byte any PT_LOAD segment occupies */
    uint64_t paddr_end;   /* one past the highest */
};

/*
 * Check an image of size bytes and describe it.  Returns 0, or -ENOEXEC
 * (not an ELF64 x86-64 executable, or malformed) or -E2BIG (segments
 * span more than max_span bytes) after reporting what is wrong.
 */
int elf_check(const void *image, size_t size, uint64_t max_span,
              struct elf_image_info *info);

/* Write len bytes of src (or zeroes, if src is NULL) at guest paddr. */
typedef int (*elf_write_fn)(void *ctx, uint64_t paddr, const void *src,
                            size_t len);

/*
 * Load a checked image: every PT_LOAD segment's file bytes, then zeroes up
 * to its memory size.  The image is checked again as it is read (so one
 * that changes meanwhile cannot make it read outside size bytes).  Returns
 * 0, -ENOEXEC (reported, as by elf_check()) or the first error from write.
 */
int elf_load(const void *image, size_t size, elf_write_fn write, void *ctx);

#endif /* XEN_ELF_H */
