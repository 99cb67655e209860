/* SPDX-License-Identifier: GPL-2.0-only */
/* Checking a multiboot2 hypervisor image (common/mb2_image.c). */
#ifndef XEN_MB2_IMAGE_H
#define XEN_MB2_IMAGE_H

#include <xen/types.h>

struct mb2_image_info {
    uint64_t file_bytes;   /* bytes of the file that are loaded */
    uint64_t mem_bytes;    /* what it occupies once loaded, BSS included */
    uint64_t entry_offset; /* of the 32-bit entry point from the load base */
};

/*
 * Check image (size bytes) and describe it; room is the space it may
 * occupy.  Returns 0, -ENOEXEC (not a usable multiboot2 image) or -E2BIG
 * (too large), after logging what is wrong.
 */
int mb2_image_check(const void *image, size_t size, uint64_t room,
                    struct mb2_image_info *info);

#endif /* XEN_MB2_IMAGE_H */
