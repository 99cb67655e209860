/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest-kernel ELF loader (xen/elf.h).  An image comes from a boot
 * module or from a control domain, so it is untrusted: every header field
 * used is checked against the file size and for overflow before anything
 * is copied, and each rejection is logged with the numbers that broke it.
 *
 * Only what a static x86-64 executable needs is read: the file header and
 * the program headers (ELF specification, ELF-64 object file format).
 * Headers are copied out of the image with memcpy(), so the image need not
 * be aligned; fields are read in host byte order, which on x86-64 is the
 * ELFDATA2LSB the check insists on.  A guest runs with virtual ==
 * physical, so segments are placed at p_paddr and the entry point must lie
 * in one of them.  elf_load() checks again and reads each program header
 * once, so an image that is bad or changes under it cannot make it write
 * outside the segments' file bytes.
 */
#include <xen/compiler.h>
#include <xen/elf.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

#define EI_NIDENT     16
#define EI_CLASS      4
#define EI_DATA       5
#define EI_VERSION    6
#define ELFCLASS64    2
#define ELFDATA2LSB   1
#define EV_CURRENT    1
#define ET_EXEC       2
#define EM_X86_64     62
#define PT_LOAD       1
#define PN_XNUM       0xffff /* e_phnum escape for extended numbering */

struct elf64_ehdr {
    uint8_t e_ident[EI_NIDENT];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
};

BUILD_BUG_ON(sizeof(struct elf64_ehdr) != 64);
BUILD_BUG_ON(sizeof(struct elf64_phdr) != 56);

static const uint8_t elf_magic[4] = {0x7f, 'E', 'L', 'F'};

/* Check the identification bytes.  Returns 0 or -ENOEXEC. */
static int ident_check(const uint8_t *id)
{
    if (memcmp(id, elf_magic, sizeof(elf_magic))) {
        printk(XENLOG_ERR "ELF: bad magic %02x %02x %02x %02x, not an ELF "
               "image\n", id[0], id[1], id[2], id[3]);
        return -ENOEXEC;
    }
    if (id[EI_CLASS] != ELFCLASS64) {
        printk(XENLOG_ERR "ELF: class %u is not ELFCLASS64 (%u)\n",
               id[EI_CLASS], ELFCLASS64);
        return -ENOEXEC;
    }
    if (id[EI_DATA] != ELFDATA2LSB) {
        printk(XENLOG_ERR "ELF: data encoding %u is not ELFDATA2LSB (%u)\n",
               id[EI_DATA], ELFDATA2LSB);
        return -ENOEXEC;
    }
    if (id[EI_VERSION] != EV_CURRENT) {
        printk(XENLOG_ERR "ELF: ident version %u is not EV_CURRENT (%u)\n",
               id[EI_VERSION], EV_CURRENT);
        return -ENOEXEC;
    }
    return 0;
}

/* Check the file header of an image of size bytes.  Returns 0 or -ENOEXEC. */
static int ehdr_check(const struct elf64_ehdr *eh, size_t size)
{
    uint64_t ph_bytes = (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr);

    if (ident_check(eh->e_ident))
        return -ENOEXEC;
    if (eh->e_version != EV_CURRENT) {
        printk(XENLOG_ERR "ELF: version %u is not EV_CURRENT (%u)\n",
               eh->e_version, EV_CURRENT);
        return -ENOEXEC;
    }
    if (eh->e_machine != EM_X86_64) {
        printk(XENLOG_ERR "ELF: machine %u is not x86-64 (%u)\n",
               eh->e_machine, EM_X86_64);
        return -ENOEXEC;
    }
    if (eh->e_type != ET_EXEC) {
        printk(XENLOG_ERR "ELF: type %u is not ET_EXEC (%u)\n", eh->e_type,
               ET_EXEC);
        return -ENOEXEC;
    }
    if (eh->e_phentsize != sizeof(struct elf64_phdr)) {
        printk(XENLOG_ERR "ELF: program header size %u is not %zu\n",
               eh->e_phentsize, sizeof(struct elf64_phdr));
        return -ENOEXEC;
    }
    if (eh->e_phnum == 0 || eh->e_phnum == PN_XNUM) {
        printk(XENLOG_ERR "ELF: %u program headers: %s\n", eh->e_phnum,
               eh->e_phnum ? "extended numbering is not supported"
                           : "nothing to load");
        return -ENOEXEC;
    }
    if (eh->e_phoff > size || ph_bytes > size - eh->e_phoff) {
        printk(XENLOG_ERR "ELF: program headers at offset %#lx (%u x %zu "
               "bytes) extend past the end of the %zu-byte image\n",
               eh->e_phoff, eh->e_phnum, sizeof(struct elf64_phdr), size);
        return -ENOEXEC;
    }
    return 0;
}

/* Check PT_LOAD segment i against an image of size bytes. */
static int segment_check(const struct elf64_phdr *ph, unsigned int i,
                         size_t size)
{
    if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset) {
        printk(XENLOG_ERR "ELF: segment %u file bytes at offset %#lx size "
               "%#lx extend past the end of the %zu-byte image\n", i,
               ph->p_offset, ph->p_filesz, size);
        return -ENOEXEC;
    }
    if (ph->p_filesz > ph->p_memsz) {
        printk(XENLOG_ERR "ELF: segment %u file size %#lx is larger than its "
               "memory size %#lx\n", i, ph->p_filesz, ph->p_memsz);
        return -ENOEXEC;
    }
    if (ph->p_memsz > UINT64_MAX - ph->p_paddr) {
        printk(XENLOG_ERR "ELF: segment %u at paddr %#lx memory size %#lx "
               "wraps past the end of the address space\n", i, ph->p_paddr,
               ph->p_memsz);
        return -ENOEXEC;
    }
    return 0;
}

/* Program header i of an image whose header passed ehdr_check(). */
static void phdr_read(const void *image, const struct elf64_ehdr *eh,
                      unsigned int i, struct elf64_phdr *ph)
{
    memcpy(ph, (const uint8_t *)image + eh->e_phoff + i * sizeof(*ph),
           sizeof(*ph));
}

/* Whether ph is a segment that occupies memory. */
static bool segment_loads(const struct elf64_phdr *ph)
{
    return ph->p_type == PT_LOAD && ph->p_memsz;
}

/*
 * Check every PT_LOAD segment and gather their extent into info.  Returns
 * 0 or -ENOEXEC.  Segments with no memory size occupy nothing and are
 * checked but otherwise ignored.
 */
static int segments_check(const void *image, size_t size,
                          const struct elf64_ehdr *eh,
                          struct elf_image_info *info)
{
    struct elf64_phdr ph;
    unsigned int i;
    bool entry_found = false;

    info->paddr_start = UINT64_MAX;
    info->paddr_end = 0;
    for (i = 0; i < eh->e_phnum; i++) {
        phdr_read(image, eh, i, &ph);
        if (ph.p_type != PT_LOAD)
            continue;
        if (segment_check(&ph, i, size))
            return -ENOEXEC;
        if (!segment_loads(&ph))
            continue;
        info->paddr_start = min(info->paddr_start, ph.p_paddr);
        info->paddr_end = max(info->paddr_end, ph.p_paddr + ph.p_memsz);
        if (eh->e_entry >= ph.p_paddr && eh->e_entry - ph.p_paddr < ph.p_memsz)
            entry_found = true;
    }
    if (info->paddr_end == 0) {
        printk(XENLOG_ERR "ELF: none of the %u program headers is a PT_LOAD "
               "segment with a memory size\n", eh->e_phnum);
        return -ENOEXEC;
    }
    if (!entry_found) {
        printk(XENLOG_ERR "ELF: entry point %#lx is outside every PT_LOAD "
               "segment\n", eh->e_entry);
        return -ENOEXEC;
    }
    return 0;
}

/* Read and check the file header and segments.  Returns 0 or -ENOEXEC. */
static int image_check(const void *image, size_t size, struct elf64_ehdr *eh,
                       struct elf_image_info *info)
{
    if (!image || size < sizeof(*eh)) {
        printk(XENLOG_ERR "ELF: image is %zu bytes, less than the %zu-byte "
               "file header\n", image ? size : 0, sizeof(*eh));
        return -ENOEXEC;
    }
    memcpy(eh, image, sizeof(*eh));
    if (ehdr_check(eh, size))
        return -ENOEXEC;
    return segments_check(image, size, eh, info);
}

int elf_check(const void *image, size_t size, uint64_t max_span,
              struct elf_image_info *info)
{
    struct elf64_ehdr eh;
    struct elf_image_info found;
    uint64_t span;

    if (image_check(image, size, &eh, &found))
        return -ENOEXEC;
    span = found.paddr_end - found.paddr_start;
    if (span > max_span) {
        printk(XENLOG_ERR "ELF: segments span %#lx bytes (paddr %#lx to "
               "%#lx), more than the limit of %#lx\n", span,
               found.paddr_start, found.paddr_end, max_span);
        return -E2BIG;
    }
    found.entry = eh.e_entry;
    *info = found;
    return 0;
}

int elf_load(const void *image, size_t size, elf_write_fn write, void *ctx)
{
    struct elf64_ehdr eh;
    struct elf64_phdr ph;
    struct elf_image_info info;
    unsigned int i;
    int rc;

    if (image_check(image, size, &eh, &info))
        return -ENOEXEC;
    for (i = 0; i < eh.e_phnum; i++) {
        phdr_read(image, &eh, i, &ph);
        if (!segment_loads(&ph))
            continue;
        if (segment_check(&ph, i, size))
            return -ENOEXEC;
        if (ph.p_filesz &&
            (rc = write(ctx, ph.p_paddr,
                        (const uint8_t *)image + ph.p_offset, ph.p_filesz)))
            return rc;
        if (ph.p_memsz > ph.p_filesz &&
            (rc = write(ctx, ph.p_paddr + ph.p_filesz, NULL,
                        ph.p_memsz - ph.p_filesz)))
            return rc;
    }
    return 0;
}
