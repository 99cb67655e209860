/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An image's live-update header (public/lu_stream.h, struct
 * lu_image_header): finding it in a hypervisor image and checking that
 * the image reads what this hypervisor writes (common/lu_image.c).
 */
#ifndef XEN_LU_IMAGE_H
#define XEN_LU_IMAGE_H

#include <public/lu_stream.h>
#include <xen/types.h>

/* What an image says it reads, in host byte order. */
struct lu_image_reads {
    uint16_t stream_major_min, stream_major_max;
    uint32_t breadcrumb_min, breadcrumb_max;
};

/*
 * The checksum field that makes the header's words from offset 8 sum to
 * zero, for a header of version LU_IMAGE_VERSION (32 bytes).
 */
#define LU_IMAGE_CHECKSUM(ver, size, smin, smax, bmin, bmax)                  \
    ((uint32_t)0 - ((uint32_t)(ver) + (uint32_t)(size) +                      \
                    ((uint32_t)(smin) | (uint32_t)(smax) << 16) +             \
                    (uint32_t)(bmin) + (uint32_t)(bmax)))

/*
 * Find the header in the first LU_IMAGE_SEARCH_BYTES of image (size
 * bytes) and check that it accepts stream major stream_major and
 * breadcrumb version breadcrumb, the ones this hypervisor writes.
 * Returns 0 with *reads filled; -EOPNOTSUPP if there is no valid header
 * (an older or a foreign build); -EPROTONOSUPPORT, *reads filled, if the
 * image does not read that stream major or that breadcrumb version.  Each
 * failure is logged.
 */
int lu_image_check(const void *image, size_t size, uint16_t stream_major,
                   uint32_t breadcrumb, struct lu_image_reads *reads);

#endif /* XEN_LU_IMAGE_H */
