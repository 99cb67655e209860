/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writing a multiboot2 information block: what a hypervisor hands the
 * image it kexecs into (live update), so the new image boots through the
 * same path a boot loader's handover takes.  The inverse of
 * bootinfo_from_multiboot2(); portable core.
 */
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/multiboot.h>
#include <xen/string.h>

struct mb2_out {
    uint8_t *buf;
    size_t size;
    size_t len;
};

/* Room for n more bytes at the current (8-byte aligned) end, or NULL. */
static void *mb2_reserve(struct mb2_out *o, size_t n)
{
    void *p;

    if (n > o->size - o->len)
        return NULL;
    p = o->buf + o->len;
    memset(p, 0, n);
    o->len += (n + MB2_TAG_ALIGN - 1) & ~(size_t)(MB2_TAG_ALIGN - 1);
    if (o->len > o->size)
        o->len = o->size; /* the last tag's padding may run off the end */
    return p;
}

static bool mb2_put_string(struct mb2_out *o, uint32_t type, const char *s)
{
    size_t n = strlen(s) + 1;
    struct mb2_tag_string *t = mb2_reserve(o, sizeof(*t) + n);

    if (!t)
        return false;
    t->type = type;
    t->size = sizeof(*t) + n;
    memcpy(t->string, s, n);
    return true;
}

static bool mb2_put_mmap(struct mb2_out *o, const struct boot_info *bi)
{
    size_t n = bi->nr_ranges * sizeof(struct mb2_mmap_entry);
    struct mb2_tag_mmap *t = mb2_reserve(o, sizeof(*t) + n);
    struct mb2_mmap_entry *e;
    unsigned int i;

    if (!t)
        return false;
    t->type = MB2_TAG_TYPE_MMAP;
    t->size = sizeof(*t) + n;
    t->entry_size = sizeof(*e);
    e = (struct mb2_mmap_entry *)(t + 1);
    for (i = 0; i < bi->nr_ranges; i++) {
        e[i].base_addr = bi->ranges[i].start;
        e[i].length = bi->ranges[i].size;
        e[i].type = bi->ranges[i].type;
    }
    return true;
}

/* A module tag can only say where a module below 4 GiB lies. */
static bool mb2_put_module(struct mb2_out *o, const struct boot_module *m)
{
    size_t n = strlen(m->cmdline) + 1;
    struct mb2_tag_module *t;

    if (m->start + m->size > 0xffffffffULL)
        return true; /* not describable: left out */
    if (!(t = mb2_reserve(o, sizeof(*t) + n)))
        return false;
    t->type = MB2_TAG_TYPE_MODULE;
    t->size = sizeof(*t) + n;
    t->mod_start = (uint32_t)m->start;
    t->mod_end = (uint32_t)(m->start + m->size);
    memcpy(t->string, m->cmdline, n);
    return true;
}

long mb2_info_build(void *buf, size_t size, const struct boot_info *bi,
                    const char *cmdline, const char *loader)
{
    struct mb2_out o = {buf, size, 0};
    struct mb2_info_header *h = mb2_reserve(&o, sizeof(*h));
    struct mb2_tag *end;
    unsigned int i;

    if (!h || !mb2_put_string(&o, MB2_TAG_TYPE_CMDLINE, cmdline) ||
        !mb2_put_string(&o, MB2_TAG_TYPE_LOADER_NAME, loader) ||
        !mb2_put_mmap(&o, bi))
        return -ENOSPC;
    for (i = 0; i < bi->nr_modules; i++)
        if (!mb2_put_module(&o, &bi->modules[i]))
            return -ENOSPC;
    if (!(end = mb2_reserve(&o, sizeof(*end))))
        return -ENOSPC;
    end->type = MB2_TAG_TYPE_END;
    end->size = sizeof(*end);
    h->total_size = o.len;
    return o.len;
}
