/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checking a hypervisor image before a live update jumps into it: it must
 * carry a valid multiboot2 header (magic, i386 architecture, checksum) in
 * its first 32 KiB with address and entry tags that describe a flat image
 * consistent with the file, as this hypervisor's own image does.  The
 * image comes from the control domain: every field is checked.  Portable.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mb2_image.h>
#include <xen/multiboot.h>
#include <xen/string.h>

#define MB2_SEARCH_LIMIT 32768
#define MB2_HEADER_MIN   16

struct mb2_header_words {
    uint32_t magic, arch, length, checksum;
};

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

/*
 * The offset of a valid header for i386, or -1; then *other_arch is the
 * architecture of a valid header for another one, if there was one
 * (else MB2_ARCH_I386).
 */
static long mb2_find_header(const uint8_t *img, size_t size,
                            uint32_t *other_arch)
{
    size_t off;

    *other_arch = MB2_ARCH_I386;
    for (off = 0; off + MB2_HEADER_MIN <= size && off < MB2_SEARCH_LIMIT;
         off += 8) {
        struct mb2_header_words h;

        memcpy(&h, img + off, sizeof(h));
        if (h.magic != MB2_HEADER_MAGIC ||
            (uint32_t)(h.magic + h.arch + h.length + h.checksum) != 0 ||
            h.length < MB2_HEADER_MIN || h.length > size - off)
            continue;
        if (h.arch == MB2_ARCH_I386)
            return off;
        *other_arch = h.arch;
    }
    return -1;
}

/* Read the address and entry tags of the header at img + off. */
static int mb2_read_tags(const uint8_t *img, size_t off, uint32_t len,
                         uint32_t addr[4], uint32_t *entry)
{
    size_t t = off + MB2_HEADER_MIN, end = off + len;
    bool have_addr = false, have_entry = false;

    while (t + 8 <= end) {
        uint16_t type;
        uint32_t tsize = get32(img + t + 4);

        memcpy(&type, img + t, sizeof(type));
        if (type == MB2_HEADER_TAG_END || tsize < 8 || tsize > end - t)
            break;
        if (type == MB2_HEADER_TAG_ADDRESS && tsize >= 24) {
            for (unsigned int i = 0; i < 4; i++)
                addr[i] = get32(img + t + 8 + 4 * i);
            have_addr = true;
        } else if (type == MB2_HEADER_TAG_ENTRY && tsize >= 12) {
            *entry = get32(img + t + 8);
            have_entry = true;
        }
        t += (tsize + 7) & ~7u;
    }
    return have_addr && have_entry ? 0 : -ENOEXEC;
}

int mb2_image_check(const void *image, size_t size, uint64_t room,
                    struct mb2_image_info *info)
{
    const uint8_t *img = image;
    uint32_t a[4] = {0}, entry = 0; /* header, load, load end, bss end */
    uint32_t arch;
    long off = mb2_find_header(img, size, &arch);

    if (off < 0 && arch != MB2_ARCH_I386) {
        printk(XENLOG_ERR "Image: its multiboot2 header is for architecture "
               "%u%s, not i386 (0)\n", arch,
               arch == MB2_ARCH_MIPS32 ? " (32-bit MIPS)" : "");
        return -ENOEXEC;
    }
    if (off < 0) {
        printk(XENLOG_ERR "Image: no multiboot2 header for i386 in the first "
               "32 KiB of %zu bytes\n", size);
        return -ENOEXEC;
    }
    if (mb2_read_tags(img, off, get32(img + off + 8), a, &entry)) {
        printk(XENLOG_ERR "Image: multiboot2 header without address and "
               "entry tags\n");
        return -ENOEXEC;
    }
    if (a[0] >= a[1] && a[0] - a[1] == (uint32_t)off && a[2] > a[1] &&
        a[2] - a[1] > size) {
        printk(XENLOG_ERR "Image: truncated: its multiboot2 header loads %u "
               "bytes, the file has %zu\n", a[2] - a[1], size);
        return -ENOEXEC;
    }
    if (a[0] < a[1] || a[0] - a[1] != (uint32_t)off || a[2] <= a[1] ||
        a[2] - a[1] > size || a[3] < a[2] || entry < a[1] || entry >= a[2]) {
        printk(XENLOG_ERR "Image: inconsistent multiboot2 addresses (header "
               "%#x load %#x-%#x bss end %#x entry %#x, file %zu bytes)\n",
               a[0], a[1], a[2], a[3], entry, size);
        return -ENOEXEC;
    }
    info->file_bytes = a[2] - a[1];
    info->mem_bytes = a[3] - a[1];
    info->entry_offset = entry - a[1];
    if (info->mem_bytes > room) {
        printk(XENLOG_ERR "Image: needs %lu KiB, the reserved region has "
               "room for %lu KiB\n", (unsigned long)(info->mem_bytes >> 10),
               (unsigned long)(room >> 10));
        return -E2BIG;
    }
    return 0;
}
