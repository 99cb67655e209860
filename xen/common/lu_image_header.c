/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * This image's live-update header (public/lu_stream.h): the stream and
 * breadcrumb versions this build's restore reads, placed by the linker
 * script right after the multiboot headers, within the first 32 KiB, where
 * a predecessor's lu_image_check() looks for it before it loads the image.
 * This build reads exactly the versions it writes, and says which control
 * interface versions it serves, which the predecessor's must equal.
 */
#include <public/domctl.h>
#include <public/kexec.h>
#include <public/sysctl.h>
#include <xen/compiler.h>
#include <xen/lu_image.h>

#define LU_IMAGE_SIZE sizeof(struct lu_image_header)

/* x86 is little-endian, as the header's fields are: constants as they are. */
static const struct lu_image_header lu_image_header
    __section(".lu_image_header") __used __aligned(LU_IMAGE_ALIGN) = {
    .magic = LU_IMAGE_MAGIC,
    .version = LU_IMAGE_VERSION,
    .size = LU_IMAGE_SIZE,
    .stream_major_min = LU_STREAM_VERSION_MAJOR,
    .stream_major_max = LU_STREAM_VERSION_MAJOR,
    .breadcrumb_min = LU_BREADCRUMB_VERSION,
    .breadcrumb_max = LU_BREADCRUMB_VERSION,
    .checksum = LU_IMAGE_CHECKSUM(LU_IMAGE_VERSION, LU_IMAGE_SIZE,
                                  LU_STREAM_VERSION_MAJOR,
                                  LU_STREAM_VERSION_MAJOR,
                                  LU_BREADCRUMB_VERSION, LU_BREADCRUMB_VERSION,
                                  XEN_DOMCTL_INTERFACE_VERSION,
                                  XEN_SYSCTL_INTERFACE_VERSION,
                                  XEN_KEXEC_INTERFACE_VERSION),
    .domctl_version = XEN_DOMCTL_INTERFACE_VERSION,
    .sysctl_version = XEN_SYSCTL_INTERFACE_VERSION,
    .kexec_version = XEN_KEXEC_INTERFACE_VERSION,
};
