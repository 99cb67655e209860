/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Before a live update loads an image it asks the image which stream and
 * breadcrumb versions it reads: every hypervisor image carries a
 * struct lu_image_header (public/lu_stream.h) in its first 32 KiB, put
 * there at build time (lu_image_header.c).  An image without one (an
 * older or a foreign build) is refused, and so is one that does not read
 * what this hypervisor writes, before anything stops -- rather than the
 * successor refusing the stream after the jump, with every domain lost.
 * The image comes from the control domain: every field is checked.
 * Portable.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/lu_image.h>
#include <xen/lu_stream.h>
#include <xen/string.h>

/* True if the header at h (room bytes left in the image) is whole. */
static bool lu_image_header_valid(const uint8_t *h, size_t room)
{
    uint32_t size, sum = 0, off;

    if (room < sizeof(struct lu_image_header))
        return false;
    size = lu_get_le32(h + offsetof(struct lu_image_header, size));
    if (lu_get_le32(h + offsetof(struct lu_image_header, version)) <
            LU_IMAGE_VERSION ||
        size < sizeof(struct lu_image_header) || size > LU_IMAGE_MAX_SIZE ||
        size % LU_IMAGE_ALIGN || size > room)
        return false;
    for (off = 8; off < size; off += 4)
        sum += lu_get_le32(h + off);
    return sum == 0;
}

/*
 * The offset of the first valid header, or -1; *damaged is set to the
 * offset of a magic without a valid header after it, if there was one.
 */
static long lu_image_find(const uint8_t *img, size_t size, long *damaged)
{
    size_t off;

    *damaged = -1;
    for (off = 0; off + 8 <= size && off < LU_IMAGE_SEARCH_BYTES;
         off += LU_IMAGE_ALIGN) {
        if (memcmp(img + off, LU_IMAGE_MAGIC, 8))
            continue;
        if (lu_image_header_valid(img + off, size - off))
            return (long)off;
        if (*damaged < 0)
            *damaged = (long)off;
    }
    return -1;
}

static void lu_image_read(const uint8_t *h, struct lu_image_reads *r)
{
    r->stream_major_min =
        lu_get_le16(h + offsetof(struct lu_image_header, stream_major_min));
    r->stream_major_max =
        lu_get_le16(h + offsetof(struct lu_image_header, stream_major_max));
    r->breadcrumb_min =
        lu_get_le32(h + offsetof(struct lu_image_header, breadcrumb_min));
    r->breadcrumb_max =
        lu_get_le32(h + offsetof(struct lu_image_header, breadcrumb_max));
}

int lu_image_check(const void *image, size_t size, uint16_t stream_major,
                   uint32_t breadcrumb, struct lu_image_reads *reads)
{
    const uint8_t *img = image;
    long damaged, off = lu_image_find(img, size, &damaged);

    memset(reads, 0, sizeof(*reads));
    if (off < 0) {
        if (damaged >= 0)
            printk(XENLOG_ERR "Image: its live-update header at offset %#lx "
                   "is damaged (version, size or checksum)\n",
                   (unsigned long)damaged);
        else
            printk(XENLOG_ERR "Image: no live-update header (" LU_IMAGE_MAGIC
                   ") in its first 32 KiB: an older or a foreign build\n");
        return -EOPNOTSUPP;
    }
    lu_image_read(img + off, reads);
    if (stream_major < reads->stream_major_min ||
        stream_major > reads->stream_major_max ||
        breadcrumb < reads->breadcrumb_min ||
        breadcrumb > reads->breadcrumb_max) {
        printk(XENLOG_ERR "Image: it reads stream versions %u-%u and "
               "breadcrumb versions %u-%u; this hypervisor writes stream "
               "version %u and breadcrumb version %u\n",
               reads->stream_major_min, reads->stream_major_max,
               reads->breadcrumb_min, reads->breadcrumb_max, stream_major,
               breadcrumb);
        return -EPROTONOSUPPORT;
    }
    return 0;
}
