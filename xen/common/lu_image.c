/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Before a live update loads an image it asks the image which stream and
 * breadcrumb versions it reads, and which control interface versions
 * (domctl, sysctl, kexec_op) it serves: every hypervisor image carries a
 * struct lu_image_header (public/lu_stream.h) in its first 32 KiB, put
 * there at build time (lu_image_header.c).  An image without one (an
 * older or a foreign build) is refused, and so is one that does not read
 * what this hypervisor writes, before anything stops -- rather than the
 * successor refusing the stream after the jump, with every domain lost --
 * and one that serves other control interfaces than this hypervisor, or
 * does not say, since the control domain's toolstack, carried across,
 * speaks only these.
 * The image comes from the control domain: every field is checked.
 * Portable.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/lu_image.h>
#include <xen/lu_stream.h>
#include <xen/string.h>

/* The least size of a header of version: its fields must all be there. */
static uint32_t lu_image_min_size(uint32_t version)
{
    return version >= 2 ? LU_IMAGE_V2_SIZE : LU_IMAGE_V1_SIZE;
}

/* True if the header at h (room bytes left in the image) is whole. */
static bool lu_image_header_valid(const uint8_t *h, size_t room)
{
    uint32_t version, size, sum = 0, off;

    if (room < LU_IMAGE_V1_SIZE)
        return false;
    version = lu_get_le32(h + offsetof(struct lu_image_header, version));
    size = lu_get_le32(h + offsetof(struct lu_image_header, size));
    if (version < 1 || size < lu_image_min_size(version) ||
        size > LU_IMAGE_MAX_SIZE || size % LU_IMAGE_ALIGN || size > room)
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

/* Read what the header at h says; interfaces 0 if it is too old to say. */
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
    r->header_version =
        lu_get_le32(h + offsetof(struct lu_image_header, version));
    if (r->header_version < 2)
        return;
    r->domctl =
        lu_get_le32(h + offsetof(struct lu_image_header, domctl_version));
    r->sysctl =
        lu_get_le32(h + offsetof(struct lu_image_header, sysctl_version));
    r->kexec = lu_get_le32(h + offsetof(struct lu_image_header, kexec_version));
}

/* Whether the image reads the stream and breadcrumb we write; else say. */
static bool lu_image_reads_ours(const struct lu_image_needs *n,
                                const struct lu_image_reads *r)
{
    if (n->stream_major >= r->stream_major_min &&
        n->stream_major <= r->stream_major_max &&
        n->breadcrumb >= r->breadcrumb_min &&
        n->breadcrumb <= r->breadcrumb_max)
        return true;
    printk(XENLOG_ERR "Image: it reads stream versions %u-%u and breadcrumb "
           "versions %u-%u; this hypervisor writes stream version %u and "
           "breadcrumb version %u\n",
           r->stream_major_min, r->stream_major_max, r->breadcrumb_min,
           r->breadcrumb_max, n->stream_major, n->breadcrumb);
    return false;
}

/*
 * Whether the image serves the control interfaces we serve; else say.
 * The control domain's toolstack is carried across the update and speaks
 * only ours: under an image serving others it would be locked out, or
 * misread.  A header too old to say is refused too: it may not serve them.
 */
static bool lu_image_serves_ours(const struct lu_image_needs *n,
                                 const struct lu_image_reads *r)
{
    if (r->header_version < 2) {
        printk(XENLOG_ERR "Image: its live-update header is too old (version "
               "%u) to say which domctl, sysctl and kexec_op interface "
               "versions it serves; this hypervisor serves %u, %u and %u\n",
               r->header_version, n->domctl, n->sysctl, n->kexec);
        return false;
    }
    if (r->domctl == n->domctl && r->sysctl == n->sysctl &&
        r->kexec == n->kexec)
        return true;
    printk(XENLOG_ERR "Image: it serves domctl, sysctl and kexec_op interface "
           "versions %u, %u and %u; this hypervisor, and so the control "
           "domain's toolstack, %u, %u and %u\n", r->domctl, r->sysctl,
           r->kexec, n->domctl, n->sysctl, n->kexec);
    return false;
}

int lu_image_check(const void *image, size_t size,
                   const struct lu_image_needs *needs,
                   struct lu_image_reads *reads)
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
    if (!lu_image_reads_ours(needs, reads) ||
        !lu_image_serves_ours(needs, reads))
        return -EPROTONOSUPPORT;
    return 0;
}
