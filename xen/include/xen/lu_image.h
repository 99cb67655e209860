/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An image's live-update header (public/lu_stream.h, struct
 * lu_image_header): finding it in a hypervisor image and checking that
 * the image reads what this hypervisor writes and serves the control
 * interfaces it serves (common/lu_image.c).
 */
#ifndef XEN_LU_IMAGE_H
#define XEN_LU_IMAGE_H

#include <public/lu_stream.h>
#include <xen/types.h>

/*
 * What an image says it reads and serves, in host byte order; the
 * interface versions are 0 if its header is too old to say (version 1).
 */
struct lu_image_reads {
    uint16_t stream_major_min, stream_major_max;
    uint32_t breadcrumb_min, breadcrumb_max;
    uint32_t domctl, sysctl, kexec;   /* 0 in a version 1 header */
    uint32_t header_version;
};

/*
 * What an image must read and serve: the stream major and breadcrumb
 * version this hypervisor writes, and the control interface versions it
 * serves, which are the ones the control domain's toolstack speaks.
 */
struct lu_image_needs {
    uint16_t stream_major;
    uint32_t breadcrumb;
    uint32_t domctl, sysctl, kexec;
};

/*
 * The checksum field that makes the header's words from offset 8 sum to
 * zero, for a header of version LU_IMAGE_VERSION (LU_IMAGE_V2_SIZE bytes,
 * its pad zero).
 */
#define LU_IMAGE_CHECKSUM(ver, size, smin, smax, bmin, bmax, dom, sys, kex)   \
    ((uint32_t)0 - ((uint32_t)(ver) + (uint32_t)(size) +                      \
                    ((uint32_t)(smin) | (uint32_t)(smax) << 16) +             \
                    (uint32_t)(bmin) + (uint32_t)(bmax) + (uint32_t)(dom) +   \
                    (uint32_t)(sys) + (uint32_t)(kex)))

/*
 * Find the header in the first LU_IMAGE_SEARCH_BYTES of image (size
 * bytes) and check that the image reads and serves what *needs says.
 * Returns 0 with *reads filled; -EOPNOTSUPP if there is no valid header
 * (an older or a foreign build); -EPROTONOSUPPORT, *reads filled, if the
 * image does not read that stream major or that breadcrumb version, or
 * serves other control interface versions, or has a header too old to
 * say which it serves.  Each failure is logged.
 */
int lu_image_check(const void *image, size_t size,
                   const struct lu_image_needs *needs,
                   struct lu_image_reads *reads);

#endif /* XEN_LU_IMAGE_H */
