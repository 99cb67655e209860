/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Multiboot1 and multiboot2 information parsers: turn what the boot loader
 * left in memory into one struct boot_info.  The information block is
 * untrusted input (a loader bug, or a previous hypervisor's synthesised
 * block after live update), so every length is checked before use, every
 * physical address is reached only through the caller's boot_map_fn, and
 * every problem is logged with what was wrong and where.  Fields are read
 * with memcpy(), so neither the block nor its tags need to be aligned.
 * The result still needs bootinfo_sanitise(): the parsers keep the loader's
 * memory map as it came (unsorted, overlapping, odd types and all).
 */
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/multiboot.h>
#include <xen/string.h>

/* Largest information block or multiboot1 memory map we accept. */
#define MB_INFO_MAX_LEN (1u << 20)

/* The part of the multiboot1 block we read: up to boot_loader_name. */
#define MB1_INFO_USED_LEN offsetof(struct mb1_info, apm_table)

#define MB2_ALIGN_UP(x)                                                        \
    (((x) + MB2_TAG_ALIGN - 1) & ~(uint32_t)(MB2_TAG_ALIGN - 1))

/* Outcome of copying a string, as a bit mask. */
#define STR_UNTERMINATED (1u << 0) /* no NUL within the bytes it may use */
#define STR_TRUNCATED    (1u << 1) /* longer than the destination buffer */
#define STR_UNREACHABLE  (1u << 2) /* the map function refused part of it */

/* Parser state shared by both protocols. */
struct mb_parse {
    struct boot_info *bi;
    const char *proto; /* "multiboot1" or "multiboot2" for messages */
    boot_map_fn map;
    void *ctx;
    unsigned int ranges_dropped;
    unsigned int modules_dropped;
};

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

/* Append a memory range as given; counts it as dropped when full. */
static void mb_add_range(struct mb_parse *ps, uint64_t start, uint64_t size,
                         uint32_t type)
{
    struct boot_info *bi = ps->bi;
    struct boot_mem_range *r;

    if (bi->nr_ranges >= BOOTINFO_MAX_RANGES) {
        ps->ranges_dropped++;
        return;
    }
    r = &bi->ranges[bi->nr_ranges++];
    r->start = start;
    r->size = size;
    r->type = type;
}

/*
 * Append a module [mod_start, mod_end).  Returns it, or NULL if it was
 * rejected (end before start: reported) or the table is full (counted).
 */
static struct boot_module *mb_add_module(struct mb_parse *ps,
                                         uint32_t mod_start, uint32_t mod_end,
                                         unsigned int idx)
{
    struct boot_info *bi = ps->bi;
    struct boot_module *m;

    if (mod_end < mod_start) {
        printk(XENLOG_ERR "%s: module %u ends before it starts "
                          "(mod_start 0x%x, mod_end 0x%x); ignored\n",
               ps->proto, idx, mod_start, mod_end);
        return NULL;
    }
    if (bi->nr_modules >= BOOTINFO_MAX_MODULES) {
        ps->modules_dropped++;
        return NULL;
    }
    m = &bi->modules[bi->nr_modules++];
    m->start = mod_start;
    m->size = (uint64_t)mod_end - mod_start;
    m->cmdline[0] = '\0';
    return m;
}

/* Report what did not fit; called once at the end of a parse. */
static void mb_report_dropped(const struct mb_parse *ps)
{
    if (ps->ranges_dropped)
        printk(XENLOG_WARNING "%s: memory map has too many entries: "
                              "kept the first %u, dropped %u\n",
               ps->proto, BOOTINFO_MAX_RANGES, ps->ranges_dropped);
    if (ps->modules_dropped)
        printk(XENLOG_WARNING "%s: too many modules: kept the first %u, "
                              "dropped %u\n",
               ps->proto, BOOTINFO_MAX_MODULES, ps->modules_dropped);
}

/*
 * Build the map from mem_lower/mem_upper (KiB below 640 KiB, KiB above
 * 1 MiB), for loaders that give no full memory map.
 */
static void mb_meminfo_ranges(struct mb_parse *ps, uint32_t mem_lower,
                              uint32_t mem_upper)
{
    printk(XENLOG_WARNING "%s: no memory map; using mem_lower %u KiB, "
                          "mem_upper %u KiB\n",
           ps->proto, mem_lower, mem_upper);
    if (mem_lower > 640) {
        printk(XENLOG_WARNING "%s: mem_lower %u KiB is above 640 KiB; "
                              "using 640\n",
               ps->proto, mem_lower);
        mem_lower = 640;
    }
    if (mem_lower)
        mb_add_range(ps, 0, (uint64_t)mem_lower << 10, BOOT_MEM_RAM);
    if (mem_upper)
        mb_add_range(ps, 1ull << 20, (uint64_t)mem_upper << 10, BOOT_MEM_RAM);
}

/*
 * Copy the string at src (at most srclen bytes, NUL included) into dst.
 * Returns a STR_* mask; dst is always NUL-terminated.
 */
static unsigned int mb_copy_string(char *dst, size_t dstlen, const char *src,
                                   size_t srclen)
{
    size_t len = strnlen(src, srclen);
    size_t copy = min(len, dstlen - 1);
    unsigned int res = 0;

    if (len == srclen)
        res |= STR_UNTERMINATED;
    if (len > copy)
        res |= STR_TRUNCATED;
    memcpy(dst, src, copy);
    dst[copy] = '\0';
    return res;
}

/*
 * Copy the NUL-terminated string at physical address pa into dst, mapping
 * it a page (or, near unreachable memory, a byte) at a time.  Returns a
 * STR_* mask; dst is always NUL-terminated, partial on failure.
 */
static unsigned int mb_read_phys_string(const struct mb_parse *ps, uint64_t pa,
                                        char *dst, size_t dstlen)
{
    size_t done = 0;

    while (done < dstlen) {
        uint64_t at = pa + done;
        size_t chunk = min((size_t)(0x1000 - (at & 0xfff)), dstlen - done);
        const char *p = ps->map(ps->ctx, at, chunk);
        size_t len;

        if (!p && chunk > 1) {
            chunk = 1;
            p = ps->map(ps->ctx, at, chunk);
        }
        if (!p) {
            dst[min(done, dstlen - 1)] = '\0';
            return STR_UNREACHABLE;
        }
        len = strnlen(p, chunk);
        memcpy(dst + done, p, len);
        done += len;
        if (len < chunk) {
            dst[done] = '\0';
            return 0;
        }
    }
    dst[dstlen - 1] = '\0';
    return STR_TRUNCATED;
}

/* Read and report a multiboot1 string; idx >= 0 names a module. */
static void mb1_string(const struct mb_parse *ps, const char *what, int idx,
                       uint32_t pa, char *dst, size_t dstlen)
{
    unsigned int res = mb_read_phys_string(ps, pa, dst, dstlen);

    if (res & STR_UNREACHABLE) {
        if (idx >= 0)
            printk(XENLOG_WARNING "multiboot1: module %d string at 0x%x "
                                  "is unreachable; using \"%s\"\n",
                   idx, pa, dst);
        else
            printk(XENLOG_WARNING "multiboot1: %s at 0x%x is unreachable; "
                                  "using \"%s\"\n",
                   what, pa, dst);
    }
    if (res & STR_TRUNCATED) {
        if (idx >= 0)
            printk(XENLOG_WARNING "multiboot1: module %d string at 0x%x is "
                                  "longer than %u bytes; truncated\n",
                   idx, pa, (unsigned int)dstlen - 1);
        else
            printk(XENLOG_WARNING "multiboot1: %s at 0x%x is longer than "
                                  "%u bytes; truncated\n",
                   what, pa, (unsigned int)dstlen - 1);
    }
}

/* Walk a multiboot1 memory map.  Returns 0, or -EINVAL if unreachable. */
static int mb1_mmap(struct mb_parse *ps, uint32_t addr, uint32_t length)
{
    const uint8_t *p;
    uint32_t off = 0;

    if (length > MB_INFO_MAX_LEN) {
        printk(XENLOG_ERR "multiboot1: mmap_length %u is larger than %u\n",
               length, MB_INFO_MAX_LEN);
        return -EINVAL;
    }
    p = length ? ps->map(ps->ctx, addr, length) : NULL;
    if (length && !p) {
        printk(XENLOG_ERR "multiboot1: memory map at 0x%x (mmap_length %u) "
                          "is unreachable\n",
               addr, length);
        return -EINVAL;
    }
    while (off < length) {
        uint32_t size;

        if (length - off < 4) {
            printk(XENLOG_WARNING "multiboot1: memory map has %u stray bytes "
                                  "at offset %u (mmap_length %u); ignored\n",
                   length - off, off, length);
            break;
        }
        size = rd32(p + off);
        if (size < 20) {
            printk(XENLOG_ERR
                   "multiboot1: memory map entry at offset %u has "
                   "size %u (less than 20); ignoring the rest of the map\n",
                   off, size);
            break;
        }
        if (size > length - off - 4) {
            printk(XENLOG_ERR
                   "multiboot1: memory map entry at offset %u "
                   "(size %u) runs past mmap_length %u; ignoring it\n",
                   off, size, length);
            break;
        }
        mb_add_range(ps, rd64(p + off + 4), rd64(p + off + 12),
                     rd32(p + off + 20));
        off += size + 4;
    }
    return 0;
}

/* Read the multiboot1 module table. */
static void mb1_modules(struct mb_parse *ps, uint32_t addr, uint32_t count)
{
    uint32_t i, kept = min(count, (uint32_t)BOOTINFO_MAX_MODULES);

    /* The table is never walked past what can be kept. */
    ps->modules_dropped += count - kept;
    for (i = 0; i < kept; i++) {
        uint64_t pa = addr + (uint64_t)i * sizeof(struct mb1_module);
        const uint8_t *p = ps->map(ps->ctx, pa, sizeof(struct mb1_module));
        struct boot_module *m;

        if (!p) {
            printk(XENLOG_ERR "multiboot1: module %u entry at 0x%llx is "
                              "unreachable; ignoring %u module(s)\n",
                   i, (unsigned long long)pa, kept - i);
            return;
        }
        m = mb_add_module(ps, rd32(p), rd32(p + 4), i);
        if (m && rd32(p + 8))
            mb1_string(ps, "module string", (int)i, rd32(p + 8), m->cmdline,
                       sizeof(m->cmdline));
    }
}

/* The memory map: the mmap if usable, else mem_lower/mem_upper. */
static int mb1_memory(struct mb_parse *ps, const struct mb1_info *info)
{
    int rc;

    if (info->flags & MB1_INFO_MEM_MAP) {
        rc = mb1_mmap(ps, info->mmap_addr, info->mmap_length);
        if (rc)
            return rc;
        if (ps->bi->nr_ranges)
            return 0;
        printk(XENLOG_WARNING "multiboot1: memory map at 0x%x has no usable "
                              "entries (mmap_length %u)\n",
               info->mmap_addr, info->mmap_length);
    }
    if (info->flags & MB1_INFO_MEMORY)
        mb_meminfo_ranges(ps, info->mem_lower, info->mem_upper);
    if (!ps->bi->nr_ranges) {
        printk(XENLOG_ERR "multiboot1: no memory map (flags 0x%x)\n",
               info->flags);
        return -EINVAL;
    }
    return 0;
}

int bootinfo_from_multiboot1(struct boot_info *bi, uint64_t mbi_pa,
                             boot_map_fn map, void *ctx)
{
    struct mb_parse ps = {
        .bi = bi, .proto = "multiboot1", .map = map, .ctx = ctx};
    struct mb1_info info;
    const void *p;
    int rc;

    memset(bi, 0, sizeof(*bi));
    p = map(ctx, mbi_pa, MB1_INFO_USED_LEN);
    if (!p) {
        printk(XENLOG_ERR "multiboot1: information block at 0x%llx is "
                          "unreachable\n",
               (unsigned long long)mbi_pa);
        return -EINVAL;
    }
    memset(&info, 0, sizeof(info));
    memcpy(&info, p, MB1_INFO_USED_LEN);

    if (info.flags & MB1_INFO_CMDLINE)
        mb1_string(&ps, "cmdline", -1, info.cmdline, bi->cmdline,
                   sizeof(bi->cmdline));
    if (info.flags & MB1_INFO_LOADER_NAME)
        mb1_string(&ps, "boot loader name", -1, info.boot_loader_name,
                   bi->loader, sizeof(bi->loader));
    if (info.flags & MB1_INFO_MODS)
        mb1_modules(&ps, info.mods_addr, info.mods_count);
    rc = mb1_memory(&ps, &info);
    mb_report_dropped(&ps);
    return rc;
}

/* What a multiboot2 walk has seen so far. */
struct mb2_seen {
    bool mmap;
    bool meminfo;
    bool cmdline;
    bool loader;
    uint32_t mem_lower;
    uint32_t mem_upper;
};

/* Copy and report a string that fills a multiboot2 tag from offset 8/16. */
static void mb2_string(const char *what, uint32_t off, const uint8_t *src,
                       uint32_t srclen, char *dst, size_t dstlen)
{
    unsigned int res = mb_copy_string(dst, dstlen, (const char *)src, srclen);

    if (res & STR_UNTERMINATED)
        printk(XENLOG_WARNING
               "multiboot2: %s tag at offset 0x%x: string is "
               "not NUL-terminated within its %u bytes; truncated\n",
               what, off, srclen);
    else if (res & STR_TRUNCATED)
        printk(XENLOG_WARNING "multiboot2: %s tag at offset 0x%x: string of "
                              "%u bytes is longer than %u; truncated\n",
               what, off, (unsigned int)strnlen((const char *)src, srclen),
               (unsigned int)dstlen - 1);
}

/* Parse a memory map tag of size bytes at tag (offset off in the block). */
static void mb2_mmap(struct mb_parse *ps, struct mb2_seen *seen,
                     const uint8_t *tag, uint32_t off, uint32_t size)
{
    uint32_t entry_size, version, n, i;

    if (seen->mmap) {
        printk(XENLOG_WARNING "multiboot2: second mmap tag at offset 0x%x; "
                              "ignored\n",
               off);
        return;
    }
    if (size < sizeof(struct mb2_tag_mmap)) {
        printk(XENLOG_ERR "multiboot2: mmap tag at offset 0x%x is too short "
                          "(size %u); ignored\n",
               off, size);
        return;
    }
    entry_size = rd32(tag + 8);
    version = rd32(tag + 12);
    if (entry_size < sizeof(struct mb2_mmap_entry) || entry_size % 8) {
        printk(XENLOG_ERR
               "multiboot2: mmap tag at offset 0x%x has bad "
               "entry_size %u (need a multiple of 8, at least %u); ignored\n",
               off, entry_size, (unsigned int)sizeof(struct mb2_mmap_entry));
        return;
    }
    if (version != 0)
        printk(XENLOG_WARNING "multiboot2: mmap tag at offset 0x%x has "
                              "entry_version %u; reading it as version 0\n",
               off, version);
    size -= sizeof(struct mb2_tag_mmap);
    n = size / entry_size;
    if (size % entry_size)
        printk(XENLOG_WARNING "multiboot2: mmap tag at offset 0x%x: %u bytes "
                              "after its %u entries of %u bytes; ignored\n",
               off, size % entry_size, n, entry_size);
    if (!n) {
        printk(XENLOG_WARNING "multiboot2: mmap tag at offset 0x%x has no "
                              "entries\n",
               off);
        return;
    }
    for (i = 0; i < n; i++) {
        const uint8_t *e = tag + sizeof(struct mb2_tag_mmap) + i * entry_size;

        mb_add_range(ps, rd64(e), rd64(e + 8), rd32(e + 16));
    }
    seen->mmap = true;
}

/* Parse a module tag. */
static void mb2_module(struct mb_parse *ps, const uint8_t *tag, uint32_t off,
                       uint32_t size, unsigned int idx)
{
    struct boot_module *m;

    if (size < sizeof(struct mb2_tag_module)) {
        printk(XENLOG_ERR "multiboot2: module tag at offset 0x%x is too short "
                          "(size %u); ignored\n",
               off, size);
        return;
    }
    m = mb_add_module(ps, rd32(tag + 8), rd32(tag + 12), idx);
    if (m)
        mb2_string("module", off, tag + sizeof(struct mb2_tag_module),
                   size - sizeof(struct mb2_tag_module), m->cmdline,
                   sizeof(m->cmdline));
}

/* Parse a cmdline or boot loader name tag into dst, once. */
static void mb2_string_tag(const char *what, bool *seen, const uint8_t *tag,
                           uint32_t off, uint32_t size, char *dst,
                           size_t dstlen)
{
    if (*seen) {
        printk(XENLOG_WARNING "multiboot2: second %s tag at offset 0x%x; "
                              "ignored\n",
               what, off);
        return;
    }
    *seen = true;
    mb2_string(what, off, tag + sizeof(struct mb2_tag),
               size - sizeof(struct mb2_tag), dst, dstlen);
}

/* Handle one tag whose header has already been checked. */
static void mb2_tag(struct mb_parse *ps, struct mb2_seen *seen,
                    const uint8_t *tag, uint32_t off, unsigned int *mod_idx)
{
    uint32_t type = rd32(tag), size = rd32(tag + 4);
    struct boot_info *bi = ps->bi;

    switch (type) {
    case MB2_TAG_TYPE_CMDLINE:
        mb2_string_tag("cmdline", &seen->cmdline, tag, off, size, bi->cmdline,
                       sizeof(bi->cmdline));
        break;
    case MB2_TAG_TYPE_LOADER_NAME:
        mb2_string_tag("boot loader name", &seen->loader, tag, off, size,
                       bi->loader, sizeof(bi->loader));
        break;
    case MB2_TAG_TYPE_MODULE:
        mb2_module(ps, tag, off, size, (*mod_idx)++);
        break;
    case MB2_TAG_TYPE_BASIC_MEMINFO:
        if (size < sizeof(struct mb2_tag_basic_meminfo)) {
            printk(XENLOG_ERR "multiboot2: basic meminfo tag at offset 0x%x "
                              "is too short (size %u); ignored\n",
                   off, size);
            break;
        }
        seen->meminfo = true;
        seen->mem_lower = rd32(tag + 8);
        seen->mem_upper = rd32(tag + 12);
        break;
    case MB2_TAG_TYPE_MMAP:
        mb2_mmap(ps, seen, tag, off, size);
        break;
    default:
        break; /* not needed, or unknown: skipped */
    }
}

/*
 * Walk the tags of a block of total bytes.  Returns 0 at a well-placed END
 * tag, or -EINVAL if a tag header is bad or there is no END tag.
 */
static int mb2_walk(struct mb_parse *ps, struct mb2_seen *seen,
                    const uint8_t *blk, uint32_t total)
{
    uint32_t off = sizeof(struct mb2_info_header);
    unsigned int mod_idx = 0;

    for (;;) {
        uint32_t type, size;

        if (off > total || total - off < sizeof(struct mb2_tag)) {
            printk(XENLOG_ERR "multiboot2: no END tag before total_size %u "
                              "(next tag would be at offset 0x%x)\n",
                   total, off);
            return -EINVAL;
        }
        type = rd32(blk + off);
        size = rd32(blk + off + 4);
        if (size < sizeof(struct mb2_tag)) {
            printk(XENLOG_ERR "multiboot2: tag type %u at offset 0x%x has "
                              "size %u (less than 8)\n",
                   type, off, size);
            return -EINVAL;
        }
        if (size > total - off) {
            printk(XENLOG_ERR "multiboot2: tag type %u at offset 0x%x "
                              "(size %u) runs past total_size %u\n",
                   type, off, size, total);
            return -EINVAL;
        }
        if (type == MB2_TAG_TYPE_END) {
            if (size != sizeof(struct mb2_tag))
                printk(XENLOG_WARNING "multiboot2: END tag at offset 0x%x "
                                      "has size %u (expected 8)\n",
                       off, size);
            return 0;
        }
        mb2_tag(ps, seen, blk + off, off, &mod_idx);
        off += MB2_ALIGN_UP(size);
    }
}

/* Map the whole block.  Returns it, with its size in *total, or NULL. */
static const uint8_t *mb2_map_block(uint64_t mbi_pa, boot_map_fn map, void *ctx,
                                    uint32_t *total)
{
    const uint8_t *p = map(ctx, mbi_pa, sizeof(struct mb2_info_header));

    if (!p) {
        printk(XENLOG_ERR "multiboot2: information block at 0x%llx is "
                          "unreachable\n",
               (unsigned long long)mbi_pa);
        return NULL;
    }
    *total = rd32(p);
    if (*total < sizeof(struct mb2_info_header) + sizeof(struct mb2_tag) ||
        *total > MB_INFO_MAX_LEN) {
        printk(XENLOG_ERR "multiboot2: information block at 0x%llx has "
                          "total_size %u (must be %u to %u)\n",
               (unsigned long long)mbi_pa, *total,
               (unsigned int)(sizeof(struct mb2_info_header) +
                              sizeof(struct mb2_tag)),
               MB_INFO_MAX_LEN);
        return NULL;
    }
    if (mbi_pa & (MB2_TAG_ALIGN - 1))
        printk(XENLOG_WARNING "multiboot2: information block at 0x%llx is "
                              "not 8-byte aligned\n",
               (unsigned long long)mbi_pa);
    p = map(ctx, mbi_pa, *total);
    if (!p)
        printk(XENLOG_ERR "multiboot2: information block at 0x%llx "
                          "(total_size %u) is unreachable\n",
               (unsigned long long)mbi_pa, *total);
    return p;
}

int bootinfo_from_multiboot2(struct boot_info *bi, uint64_t mbi_pa,
                             boot_map_fn map, void *ctx)
{
    struct mb_parse ps = {
        .bi = bi, .proto = "multiboot2", .map = map, .ctx = ctx};
    struct mb2_seen seen = {0};
    const uint8_t *blk;
    uint32_t total;
    int rc;

    memset(bi, 0, sizeof(*bi));
    blk = mb2_map_block(mbi_pa, map, ctx, &total);
    if (!blk)
        return -EINVAL;
    rc = mb2_walk(&ps, &seen, blk, total);
    if (!rc && !seen.mmap) {
        if (seen.meminfo)
            mb_meminfo_ranges(&ps, seen.mem_lower, seen.mem_upper);
        if (!bi->nr_ranges) {
            printk(XENLOG_ERR "multiboot2: no usable mmap or basic meminfo "
                              "tag\n");
            rc = -EINVAL;
        }
    }
    mb_report_dropped(&ps);
    return rc;
}
