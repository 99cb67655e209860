/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The live-update / save stream codec (xen/lu_stream.h): CRC-32C, record
 * framing over page callbacks, the rules on which record may come where,
 * and the breadcrumb.  The writer and the reader share one table of record
 * types and one order check, so whatever the writer accepts its reader
 * accepts too.  Input to the reader is untrusted (a predecessor's memory,
 * a file from anywhere, the fuzzer): every length is checked against what
 * is left before it is used, with 64-bit arithmetic, and nothing is read
 * past the stated end.  Nothing here logs: errors are returned with a
 * message for the caller, who decides where and how loudly to print it.
 */
#include <stdarg.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/lu_stream.h>
#include <xen/string.h>

/* ---- CRC-32C --------------------------------------------------------------
 * With the CPU's crc32 instruction where there is one (asm/crc32c.h),
 * eight bytes an instruction.  Otherwise slicing by 8: eight bytes per
 * step through eight 256-entry tables, about two instructions a byte
 * against five for a byte at a time.  Row k of lu_crc_tables is the
 * register after a byte and k zero bytes; the rows are written out by
 * tools/gen/crc32c-tables, because C cannot compute them at compile time
 * without macros that grow exponentially.  Bytes are read one by one, so
 * neither alignment nor byte order matters.
 */
#include <asm/crc32c.h>
#include "lu_crc32c_tables.h"

uint32_t lu_crc32c_tables(uint32_t crc, const void *p, size_t len)
{
    const uint32_t (*t)[256] = lu_crc_tables;
    const uint8_t *b = p;

    crc = ~crc;
    for (; len >= 8; b += 8, len -= 8) {
        uint32_t lo = crc ^ lu_get_le32(b);

        crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^
              t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
              t[3][b[4]] ^ t[2][b[5]] ^ t[1][b[6]] ^ t[0][b[7]];
    }
    while (len--)
        crc = (crc >> 8) ^ t[0][(crc ^ *b++) & 0xff];
    return ~crc;
}

/* The crc32 instruction takes bytes in memory order: x86 only, like it. */
static uint32_t lu_crc32c_insn(uint32_t crc, const uint8_t *b, size_t len)
{
    crc = ~crc;
    for (; len >= 8; b += 8, len -= 8) {
        uint64_t v;

        memcpy(&v, b, 8);
        crc = arch_crc32c_u64(crc, v);
    }
    while (len--)
        crc = arch_crc32c_u8(crc, *b++);
    return ~crc;
}

uint32_t lu_crc32c(uint32_t crc, const void *p, size_t len)
{
    static int insn = -1; /* not yet probed; the answer never changes */

    if (insn < 0)
        insn = arch_crc32c_present();
    return insn ? lu_crc32c_insn(crc, p, len) : lu_crc32c_tables(crc, p, len);
}

/* CRC-32C of n bytes at p whose 4-byte checksum field at csum_off is 0. */
static uint32_t lu_crc_skip_field(const void *p, size_t n, size_t csum_off)
{
    static const uint8_t zero[4];
    const uint8_t *b = p;
    uint32_t crc;

    crc = lu_crc32c(0, b, csum_off);
    crc = lu_crc32c(crc, zero, 4);
    return lu_crc32c(crc, b + csum_off + 4, n - csum_off - 4);
}

/* ---- Error messages ---------------------------------------------------------
 * A formatter of our own, since the portable core may use only string.h:
 * %s, %u, %x, %llu, %llx and %%, no widths.  Output is cut to fit.
 */
struct lu_out {
    char *buf;
    size_t size, len;
};

static void lu_out_char(struct lu_out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len++] = c;
}

static void lu_out_num(struct lu_out *o, unsigned long long v,
                       unsigned int base)
{
    char digits[24];
    unsigned int n = 0;

    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (n)
        lu_out_char(o, digits[--n]);
}

static void lu_vfmt(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct lu_out o = { buf, size, 0 };
    const char *s;

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            lu_out_char(&o, *fmt);
            continue;
        }
        fmt++;
        if (*fmt == 's') {
            for (s = va_arg(ap, const char *); *s; s++)
                lu_out_char(&o, *s);
        } else if (*fmt == 'u' || *fmt == 'x') {
            lu_out_num(&o, va_arg(ap, unsigned int), *fmt == 'u' ? 10 : 16);
        } else if (fmt[0] == 'l' && fmt[1] == 'l' &&
                   (fmt[2] == 'u' || fmt[2] == 'x')) {
            fmt += 2;
            lu_out_num(&o, va_arg(ap, unsigned long long),
                       *fmt == 'u' ? 10 : 16);
        } else {
            lu_out_char(&o, '%');
            if (!*fmt)
                break;
            lu_out_char(&o, *fmt);
        }
    }
    if (size)
        buf[o.len] = '\0';
}

static void __printf(3, 4) lu_fmt(char *buf, size_t size, const char *fmt,
                                  ...)
{
    va_list ap;

    va_start(ap, fmt);
    lu_vfmt(buf, size, fmt, ap);
    va_end(ap);
}

int lu_error(char *err, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    lu_vfmt(err, LU_ERR_LEN, fmt, ap);
    va_end(ap);
    return rc;
}

/* ---- Record types -------------------------------------------------------- */

/* How a type's length is checked. */
enum lu_shape {
    LU_SHAPE_EMPTY, /* no payload */
    LU_SHAPE_GROW,  /* at least fixed bytes; a newer minor may append */
    LU_SHAPE_ARRAY, /* fixed bytes, then entries of entry bytes */
    LU_SHAPE_IOREQ, /* head, nr_ranges ranges, nr_vcpus vCPU slots */
    LU_SHAPE_PAGES, /* head, then count pages */
};

#define LU_IN_LIVE 1u
#define LU_IN_SAVE 2u
#define LU_IN_BOTH (LU_IN_LIVE | LU_IN_SAVE)

struct lu_type_desc {
    uint32_t type;
    const char *name;
    uint8_t shape;     /* enum lu_shape */
    uint8_t where;     /* LU_IN_* */
    bool per_domain;   /* domid at offset 0; belongs to the open DOMAIN */
    uint32_t fixed;    /* minimum / head bytes */
    uint32_t entry;    /* LU_SHAPE_ARRAY: bytes per entry */
};

#define LU_HEAD sizeof(struct lu_rec_domain_list)

static const struct lu_type_desc lu_types[] = {
    { LU_REC_END, "END", LU_SHAPE_EMPTY, LU_IN_BOTH, false, 0, 0 },
    { LU_REC_HYPERVISOR, "HYPERVISOR", LU_SHAPE_GROW, LU_IN_BOTH, false,
      sizeof(struct lu_rec_hypervisor), 0 },
    { LU_REC_BROKEN_PAGES, "BROKEN_PAGES", LU_SHAPE_ARRAY, LU_IN_LIVE, false,
      0, sizeof(struct lu_frame_range) },
    { LU_REC_CONSOLE_LOG, "CONSOLE_LOG", LU_SHAPE_ARRAY, LU_IN_BOTH, false,
      sizeof(struct lu_rec_console_log), 1 },
    { LU_REC_DOMAIN, "DOMAIN", LU_SHAPE_GROW, LU_IN_BOTH, true,
      sizeof(struct lu_rec_domain), 0 },
    { LU_REC_DOMAIN_PAGES, "DOMAIN_PAGES", LU_SHAPE_ARRAY, LU_IN_BOTH, true,
      LU_HEAD, sizeof(struct lu_page_block) },
    { LU_REC_P2M, "P2M", LU_SHAPE_ARRAY, LU_IN_BOTH, true, LU_HEAD,
      sizeof(struct lu_p2m_extent) },
    { LU_REC_VCPU, "VCPU", LU_SHAPE_GROW, LU_IN_BOTH, true,
      sizeof(struct lu_rec_vcpu), 0 },
    { LU_REC_EVTCHN, "EVTCHN", LU_SHAPE_ARRAY, LU_IN_BOTH, true,
      sizeof(struct lu_rec_evtchn), sizeof(struct lu_evtchn_entry) },
    { LU_REC_SHARED_PAGES, "SHARED_PAGES", LU_SHAPE_GROW, LU_IN_LIVE, true,
      sizeof(struct lu_rec_shared_pages), 0 },
    { LU_REC_IOREQ, "IOREQ", LU_SHAPE_IOREQ, LU_IN_BOTH, true,
      sizeof(struct lu_rec_ioreq), 0 },
    { LU_REC_PHYSMAP, "PHYSMAP", LU_SHAPE_ARRAY, LU_IN_BOTH, true, LU_HEAD,
      sizeof(struct lu_physmap_entry) },
    { LU_REC_MEMMAP, "MEMMAP", LU_SHAPE_ARRAY, LU_IN_BOTH, true,
      sizeof(struct lu_rec_memmap), sizeof(struct lu_memmap_entry) },
    { LU_REC_PAGE_DATA, "PAGE_DATA", LU_SHAPE_PAGES, LU_IN_SAVE, true,
      sizeof(struct lu_rec_page_data), 0 },
    { LU_REC_DM_STATE, "DM_STATE", LU_SHAPE_ARRAY, LU_IN_SAVE, true,
      sizeof(struct lu_rec_dm_state), 1 },
    { LU_REC_CONSOLE_LINE, "CONSOLE_LINE", LU_SHAPE_ARRAY, LU_IN_BOTH, true,
      LU_HEAD, 1 },
};

/* Bytes of a payload the checks look at: enough for every fixed count. */
#define LU_PEEK sizeof(struct lu_rec_ioreq)

static const struct lu_type_desc *lu_type_find(uint32_t type)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(lu_types); i++)
        if (lu_types[i].type == type)
            return &lu_types[i];
    return NULL;
}

const char *lu_record_name(uint32_t type)
{
    const struct lu_type_desc *d = lu_type_find(type);

    return d ? d->name : NULL;
}

/* Why length is wrong for d, or NULL; peek holds min(length, LU_PEEK). */
static const char *lu_bad_length(const struct lu_type_desc *d,
                                 uint32_t length, const uint8_t *peek)
{
    uint64_t want;

    switch (d->shape) {
    case LU_SHAPE_EMPTY:
        return length ? "END carries no payload" : NULL;
    case LU_SHAPE_GROW:
        return length < d->fixed ? "shorter than its fixed part" : NULL;
    case LU_SHAPE_ARRAY:
        if (length < d->fixed || (length - d->fixed) % d->entry)
            return "not its head plus whole entries";
        return NULL;
    case LU_SHAPE_IOREQ:
        if (length < d->fixed)
            return "shorter than its head";
        want = d->fixed + 8ull * lu_get_le32(peek + 16) +
               40ull * lu_get_le32(peek + 20);
        return want != length ? "does not match nr_ranges and nr_vcpus" : NULL;
    default: /* LU_SHAPE_PAGES */
        if (length < d->fixed || !lu_get_le32(peek + 4))
            return "shorter than its head, or no pages";
        want = d->fixed + (uint64_t)LU_PAGE_SIZE * lu_get_le32(peek + 4);
        return want != length ? "does not match its page count" : NULL;
    }
}

/* A record's place in the stream: its number and a name for messages. */
struct lu_label {
    uint32_t index;
    char name[24];
};

static void lu_label_init(struct lu_label *l, uint32_t index, uint32_t type)
{
    const char *name = lu_record_name(type);

    l->index = index;
    if (name)
        lu_fmt(l->name, sizeof(l->name), "%s", name);
    else
        lu_fmt(l->name, sizeof(l->name), "type 0x%x", type);
}

/*
 * Check that a record of type and length (first bytes in peek) may come
 * next under o, and advance o.  Returns 0, 1 for an unknown optional
 * record (to be skipped; o unchanged) or -EINVAL with err filled.
 */
static int lu_order_check(struct lu_order *o, uint32_t index, uint32_t type,
                          uint32_t length, const uint8_t *peek, char *err)
{
    const struct lu_type_desc *d = lu_type_find(type);
    struct lu_label l;
    const char *why;
    uint16_t domid;

    lu_label_init(&l, index, type);
    if (!d && !(type & LU_REC_OPTIONAL))
        return lu_error(err, -EINVAL, "unknown mandatory record type 0x%x "
                        "(record %u)", type, index);
    if (!o->seen_hypervisor && type != LU_REC_HYPERVISOR)
        return lu_error(err, -EINVAL, "record %u (%s): the stream must start "
                        "with HYPERVISOR", index, l.name);
    if (!d)
        return 1;
    if (!(d->where & (o->save_file ? LU_IN_SAVE : LU_IN_LIVE)))
        return lu_error(err, -EINVAL, "record %u (%s): not allowed in %s",
                        index, l.name, o->save_file ? "a save file"
                                                    : "a live-update stream");
    why = lu_bad_length(d, length, peek);
    if (why)
        return lu_error(err, -EINVAL, "record %u (%s): length %u %s", index,
                        l.name, length, why);
    if (type == LU_REC_HYPERVISOR && o->seen_hypervisor)
        return lu_error(err, -EINVAL, "record %u (HYPERVISOR): a second one",
                        index);
    o->seen_hypervisor = true;
    if (!d->per_domain)
        return 0;
    domid = lu_get_le16(peek);
    if (type == LU_REC_DOMAIN) {
        o->in_domain = true;
        o->domid = domid;
    } else if (!o->in_domain || o->domid != domid) {
        return lu_error(err, -EINVAL, "record %u (%s) for domain %u is not "
                        "among that domain's records", index, l.name, domid);
    }
    return 0;
}

/* ---- Writer -------------------------------------------------------------- */

enum { LU_WRITER_NEW, LU_WRITER_RECORDS, LU_WRITER_DONE };

void lu_writer_init(struct lu_writer *w, lu_page_out_fn page, void *ctx)
{
    memset(w, 0, sizeof(*w));
    w->page = page;
    w->ctx = ctx;
}

void lu_writer_init_window(struct lu_writer *w, lu_page_out_fn page,
                           void *ctx, uint64_t from, uint64_t max)
{
    lu_writer_init(w, page, ctx);
    w->windowed = true;
    w->win_from = w->win_next = from;
    w->win_limit = max > UINT64_MAX - from ? UINT64_MAX : from + max;
}

void lu_writer_damage(struct lu_writer *w, uint32_t type)
{
    w->damage = true;
    w->damage_type = type & ~LU_REC_OPTIONAL;
}

/*
 * Whether the next unit of size bytes (the header or a whole record) is
 * written rather than only counted: without pages never; without a window
 * always; with one, if it lies inside and nothing before it was left out.
 */
static bool lu_w_unit_written(struct lu_writer *w, uint64_t size)
{
    uint64_t start = w->bytes;

    if (!w->page)
        return false;
    if (!w->windowed)
        return true;
    if (start < w->win_from) {
        if (start + size > w->win_from)
            w->rc = lu_error(w->err, -EAGAIN, "offset %llu is inside record "
                             "%u, not at its start: the stream changed",
                             (unsigned long long)w->win_from, w->nr_records);
        return false;
    }
    if (w->win_closed || size > w->win_limit - start) {
        w->win_closed = true;
        return false;
    }
    w->win_next = start + size;
    return true;
}

/* Append n bytes from src (zeros if src is NULL), fetching pages. */
static void lu_w_bytes(struct lu_writer *w, const void *src, size_t n)
{
    const uint8_t *s = src;
    size_t off, k;

    while (n && !w->rc) {
        off = (size_t)(w->bytes % LU_PAGE_SIZE);
        if (!off || !w->cur) { /* a window may start inside a page */
            w->cur = w->page(w->ctx, (unsigned long)(w->bytes / LU_PAGE_SIZE));
            if (!w->cur) {
                w->rc = lu_error(w->err, -ENOSPC, "out of stream pages at "
                                 "page %llu", (unsigned long long)
                                 (w->bytes / LU_PAGE_SIZE));
                return;
            }
        }
        k = min(n, LU_PAGE_SIZE - off);
        if (s) {
            memcpy(w->cur + off, s, k);
            s += k;
        } else {
            memset(w->cur + off, 0, k);
        }
        w->bytes += k;
        n -= k;
    }
}

int lu_write_header(struct lu_writer *w, enum lu_stream_kind kind,
                    const char *build_id, const char *version)
{
    struct lu_stream_header h;

    if (w->rc)
        return w->rc;
    if (w->stage != LU_WRITER_NEW || kind == LU_STREAM_ANY ||
        strnlen(build_id, LU_BUILD_ID_LEN + 1) > LU_BUILD_ID_LEN ||
        strnlen(version, LU_VERSION_LEN + 1) > LU_VERSION_LEN)
        return w->rc = lu_error(w->err, -EINVAL, "bad stream header request");
    memset(&h, 0, sizeof(h));
    memcpy(h.marker, LU_STREAM_MARKER, sizeof(h.marker));
    h.version_major = lu_cpu_to_le16(LU_STREAM_VERSION_MAJOR);
    h.version_minor = lu_cpu_to_le16(LU_STREAM_VERSION_MINOR);
    h.header_size = lu_cpu_to_le32(sizeof(h));
    h.flags = lu_cpu_to_le32(kind == LU_STREAM_SAVE_FILE ? LU_HDR_SAVE_FILE
                                                         : 0);
    memcpy(h.creator_build_id, build_id, strlen(build_id));
    memcpy(h.creator_version, version, strlen(version));
    h.checksum = lu_cpu_to_le32(
        lu_crc_skip_field(&h, sizeof(h),
                          offsetof(struct lu_stream_header, checksum)));
    w->order.save_file = kind == LU_STREAM_SAVE_FILE;
    w->stage = LU_WRITER_RECORDS;
    if (lu_w_unit_written(w, sizeof(h)))
        lu_w_bytes(w, &h, sizeof(h));
    else
        w->bytes += sizeof(h);
    return w->rc;
}

/* Whether this record of type is the one lu_writer_damage() asked for. */
static bool lu_w_damage_due(struct lu_writer *w, uint32_t type)
{
    if (!w->damage || w->damage_found ||
        (type & ~LU_REC_OPTIONAL) != w->damage_type)
        return false;
    w->damage_found = true;
    w->damage_index = w->nr_records;
    return true;
}

/*
 * Append the payload, flipping its first byte if damage: in the page, once
 * written, as the chunks are the caller's.
 */
static void lu_w_payload(struct lu_writer *w, const struct lu_chunk *chunks,
                         unsigned int n, bool damage)
{
    unsigned int i;

    for (i = 0; i < n; i++) {
        if (damage && chunks[i].len) {
            lu_w_bytes(w, chunks[i].data, 1);
            if (!w->rc)
                w->cur[(w->bytes - 1) % LU_PAGE_SIZE] ^= 0x5a;
            lu_w_bytes(w, (const uint8_t *)chunks[i].data + 1,
                       chunks[i].len - 1);
            damage = false;
            continue;
        }
        lu_w_bytes(w, chunks[i].data, chunks[i].len);
    }
}

/* Frame and append a record whose payload is the chunks; no checks. */
static void lu_w_record(struct lu_writer *w, uint32_t type,
                        const struct lu_chunk *chunks, unsigned int n,
                        uint32_t len)
{
    uint8_t hdr[sizeof(struct lu_record_header)];
    uint64_t size = sizeof(hdr) + (((uint64_t)len + 7) & ~7ull);
    bool damage = lu_w_damage_due(w, type);
    uint32_t crc;
    unsigned int i;

    if (!lu_w_unit_written(w, size)) {
        w->bytes += size;
        w->nr_records++;
        return;
    }
    lu_put_le32(hdr, type);
    lu_put_le32(hdr + 4, len);
    lu_put_le32(hdr + 12, w->nr_records);
    lu_put_le32(hdr + 8, 0);
    crc = lu_crc32c(0, hdr, sizeof(hdr));
    for (i = 0; i < n; i++)
        crc = lu_crc32c(crc, chunks[i].data, chunks[i].len);
    lu_put_le32(hdr + 8, crc ^ (damage && !len ? 0x5a : 0));
    lu_w_bytes(w, hdr, sizeof(hdr));
    lu_w_payload(w, chunks, n, damage);
    lu_w_bytes(w, NULL, (8 - len % 8) % 8);
    w->damaged |= damage && !w->rc;
    w->nr_records++;
}

/* The first LU_PEEK bytes of the chunks, for the checks. */
static void lu_w_peek(const struct lu_chunk *chunks, unsigned int n,
                      uint8_t *peek)
{
    size_t got = 0, k;
    unsigned int i;

    memset(peek, 0, LU_PEEK);
    for (i = 0; i < n && got < LU_PEEK; i++) {
        k = min(chunks[i].len, LU_PEEK - got);
        memcpy(peek + got, chunks[i].data, k);
        got += k;
    }
}

int lu_write_record_v(struct lu_writer *w, uint32_t type,
                      const struct lu_chunk *chunks, unsigned int n)
{
    uint8_t peek[LU_PEEK];
    uint64_t len = 0;
    unsigned int i;
    int rc;

    if (w->rc)
        return w->rc;
    if (w->stage != LU_WRITER_RECORDS || type == LU_REC_END)
        return w->rc = lu_error(w->err, -EINVAL, "record of type 0x%x "
                                "written %s", type, type == LU_REC_END ?
                                "by hand (use lu_writer_finish)" :
                                "outside header..END");
    for (i = 0; i < n; i++)
        len += chunks[i].len;
    if (len > UINT32_MAX)
        return w->rc = lu_error(w->err, -EINVAL, "record %u: %llu bytes of "
                                "payload do not fit a record", w->nr_records,
                                (unsigned long long)len);
    lu_w_peek(chunks, n, peek);
    rc = lu_order_check(&w->order, w->nr_records, type, (uint32_t)len, peek,
                        w->err);
    if (rc < 0)
        return w->rc = rc;
    lu_w_record(w, type, chunks, n, (uint32_t)len);
    return w->rc;
}

int lu_write_record(struct lu_writer *w, uint32_t type, const void *payload,
                    uint32_t len)
{
    struct lu_chunk c = { payload, len };

    return lu_write_record_v(w, type, &c, 1);
}

int lu_writer_finish(struct lu_writer *w, uint64_t *bytes)
{
    uint8_t peek[LU_PEEK] = { 0 };
    int rc;

    if (w->rc)
        return w->rc;
    if (w->stage != LU_WRITER_RECORDS)
        return w->rc = lu_error(w->err, -EINVAL, "finish without a header, "
                                "or twice");
    rc = lu_order_check(&w->order, w->nr_records, LU_REC_END, 0, peek,
                        w->err);
    if (rc < 0)
        return w->rc = rc;
    lu_w_record(w, LU_REC_END, NULL, 0, 0);
    w->stage = LU_WRITER_DONE;
    if (!w->rc)
        *bytes = w->bytes;
    return w->rc;
}

/* ---- Reader -------------------------------------------------------------- */

enum { LU_READER_NEW, LU_READER_RECORDS, LU_READER_ENDED };

/* Stream page index, through the one-page cache; NULL (r failed) if none. */
static const uint8_t *lu_r_page(struct lu_reader *r, unsigned long index)
{
    if (r->cur && r->cur_index == index)
        return r->cur;
    r->cur = r->page(r->ctx, index);
    r->cur_index = index;
    if (!r->cur)
        r->rc = lu_error(r->err, -EIO, "stream page %llu is unavailable",
                         (unsigned long long)index);
    return r->cur;
}

enum lu_walk { LU_WALK_COPY, LU_WALK_CRC, LU_WALK_ZERO };

/*
 * Visit stream bytes [pos, pos + n), which the caller has checked lie
 * within the stream: copy them to *(uint8_t *) arg, fold them into the
 * CRC at *(uint32_t *) arg, or check they are zero.  Returns 0, 1 if a
 * byte is not zero (LU_WALK_ZERO), or r->rc if a page is missing.
 */
static int lu_r_walk(struct lu_reader *r, uint64_t pos, uint64_t n,
                     enum lu_walk how, void *arg)
{
    const uint8_t *p;
    uint8_t *dst = arg;
    size_t off, k, i;

    while (n) {
        p = lu_r_page(r, (unsigned long)(pos / LU_PAGE_SIZE));
        if (!p)
            return r->rc;
        off = (size_t)(pos % LU_PAGE_SIZE);
        k = (size_t)min(n, (uint64_t)(LU_PAGE_SIZE - off));
        if (how == LU_WALK_COPY) {
            memcpy(dst, p + off, k);
            dst += k;
        } else if (how == LU_WALK_CRC) {
            *(uint32_t *)arg = lu_crc32c(*(uint32_t *)arg, p + off, k);
        } else {
            for (i = 0; i < k; i++)
                if (p[off + i])
                    return 1;
        }
        pos += k;
        n -= k;
    }
    return 0;
}

/* Check the header's fixed fields (buffer h, checksum not yet). */
static int lu_r_check_fixed(struct lu_reader *r, const uint8_t *h)
{
    uint32_t size = lu_get_le32(h + 12);

    if (memcmp(h, LU_STREAM_MARKER, 8))
        return r->rc = lu_error(r->err, -EINVAL, "bad marker: not a "
                                "live-update or save stream");
    r->version_major = lu_get_le16(h + 8);
    r->version_minor = lu_get_le16(h + 10);
    if (r->version_major != LU_STREAM_VERSION_MAJOR)
        return r->rc = lu_error(r->err, -EOPNOTSUPP, "version %u.%u not "
                                "accepted (reader %u.x)", r->version_major,
                                r->version_minor, LU_STREAM_VERSION_MAJOR);
    if (size < sizeof(struct lu_stream_header) || size % 8 ||
        size > r->total)
        return r->rc = lu_error(r->err, -EINVAL, "bad header size %u "
                                "(stream of %llu bytes)", size,
                                (unsigned long long)r->total);
    return 0;
}

/* Check the header's checksum (over its header_size bytes) and flags. */
static int lu_r_check_header(struct lu_reader *r, const uint8_t *h,
                             enum lu_stream_kind kind)
{
    uint32_t size = lu_get_le32(h + 12), stored = lu_get_le32(h + 20);
    uint32_t crc, flags = lu_get_le32(h + 16);
    bool save = flags & LU_HDR_SAVE_FILE;

    crc = lu_crc_skip_field(h, sizeof(struct lu_stream_header),
                            offsetof(struct lu_stream_header, checksum));
    if (lu_r_walk(r, sizeof(struct lu_stream_header),
                  size - sizeof(struct lu_stream_header), LU_WALK_CRC, &crc))
        return r->rc;
    if (crc != stored)
        return r->rc = lu_error(r->err, -EINVAL, "header checksum mismatch "
                                "(stored 0x%x, computed 0x%x)", stored, crc);
    if (flags & LU_HDR_MANDATORY_MASK & ~LU_HDR_SAVE_FILE)
        return r->rc = lu_error(r->err, -EINVAL, "unknown mandatory header "
                                "flags 0x%x", flags & LU_HDR_MANDATORY_MASK);
    if (kind != LU_STREAM_ANY && save != (kind == LU_STREAM_SAVE_FILE))
        return r->rc = lu_error(r->err, -EINVAL, "%s",
                                save ? "a save file, not a live-update stream"
                                     : "a live-update stream, not a save "
                                       "file");
    r->flags = flags;
    r->order.save_file = save;
    return 0;
}

int lu_reader_init(struct lu_reader *r, lu_page_in_fn page, void *ctx,
                   uint64_t total, enum lu_stream_kind kind)
{
    uint8_t h[sizeof(struct lu_stream_header)];

    memset(r, 0, sizeof(*r));
    r->page = page;
    r->ctx = ctx;
    r->total = total;
    if (total < sizeof(h))
        return r->rc = lu_error(r->err, -EINVAL, "truncated: %llu bytes, a "
                                "stream header needs %u",
                                (unsigned long long)total,
                                (unsigned int)sizeof(h));
    if (lu_r_walk(r, 0, sizeof(h), LU_WALK_COPY, h) ||
        lu_r_check_fixed(r, h) || lu_r_check_header(r, h, kind))
        return r->rc;
    memcpy(r->build_id, h + 24, LU_BUILD_ID_LEN);
    memcpy(r->version, h + 64, LU_VERSION_LEN);
    r->pos = lu_get_le32(h + 12);
    r->stage = LU_READER_RECORDS;
    return 0;
}

/*
 * Check the record at r->pos whose header is hdr: its length against what
 * is left, its checksum, padding and index.  Returns 0 or r->rc.
 */
static int lu_r_check_frame(struct lu_reader *r, const uint8_t *hdr)
{
    uint32_t type = lu_get_le32(hdr), length = lu_get_le32(hdr + 4);
    uint32_t stored = lu_get_le32(hdr + 8), index = lu_get_le32(hdr + 12);
    uint64_t left = r->total - r->pos - sizeof(struct lu_record_header);
    uint64_t payload = r->pos + sizeof(struct lu_record_header);
    uint64_t padded = ((uint64_t)length + 7) & ~7ull;
    uint32_t crc;
    struct lu_label l;

    lu_label_init(&l, r->nr_records, type);
    if (padded > left)
        return r->rc = lu_error(r->err, -EINVAL, "truncated: record %u claims "
                                "%u bytes, %llu left", l.index, length,
                                (unsigned long long)left);
    crc = lu_crc_skip_field(hdr, sizeof(struct lu_record_header), 8);
    if (lu_r_walk(r, payload, length, LU_WALK_CRC, &crc))
        return r->rc;
    if (crc != stored)
        return r->rc = lu_error(r->err, -EINVAL, "record %u (%s): checksum "
                                "mismatch (stored 0x%x, computed 0x%x)",
                                l.index, l.name, stored, crc);
    if (lu_r_walk(r, payload + length, padded - length, LU_WALK_ZERO, NULL))
        return r->rc ? r->rc : (r->rc = lu_error(r->err, -EINVAL, "record %u "
                                "(%s): padding is not zero", l.index,
                                l.name));
    if (index != l.index)
        return r->rc = lu_error(r->err, -EINVAL, "record %u (%s): index "
                                "field says %u (a record was lost or "
                                "repeated)", l.index, l.name, index);
    return 0;
}

/*
 * Frame the record at r->pos and check it may come here.  Returns 1 with
 * r->rec set, 0 for a record to skip, or r->rc.
 */
static int lu_r_frame(struct lu_reader *r)
{
    uint8_t hdr[sizeof(struct lu_record_header)], peek[LU_PEEK] = { 0 };
    uint64_t left = r->total - r->pos;
    uint32_t length;
    int rc;

    if (!left)
        return r->rc = lu_error(r->err, -EINVAL, "missing END record: the "
                                "stream stops after %u records",
                                r->nr_records);
    if (left < sizeof(hdr))
        return r->rc = lu_error(r->err, -EINVAL, "truncated: record %u header "
                                "needs 16 bytes, %llu left", r->nr_records,
                                (unsigned long long)left);
    if (lu_r_walk(r, r->pos, sizeof(hdr), LU_WALK_COPY, hdr) ||
        lu_r_check_frame(r, hdr))
        return r->rc;
    length = lu_get_le32(hdr + 4);
    if (lu_r_walk(r, r->pos + sizeof(hdr), min(length, (uint32_t)LU_PEEK),
                  LU_WALK_COPY, peek))
        return r->rc;
    rc = lu_order_check(&r->order, r->nr_records, lu_get_le32(hdr), length,
                        peek, r->err);
    if (rc < 0)
        return r->rc = rc;
    r->rec.type = lu_get_le32(hdr);
    r->rec.length = length;
    r->rec.index = r->nr_records++;
    r->payload_pos = r->pos + sizeof(hdr);
    r->payload_end = r->payload_pos + length;
    r->pos = r->payload_pos + (((uint64_t)length + 7) & ~7ull);
    return rc == 0;
}

int lu_read_next(struct lu_reader *r, struct lu_record *rec)
{
    int rc;

    if (r->rc)
        return r->rc;
    if (r->stage == LU_READER_ENDED)
        return 0;
    if (r->stage != LU_READER_RECORDS)
        return r->rc = lu_error(r->err, -EINVAL, "reader not initialised");
    do {
        rc = lu_r_frame(r);
        if (rc < 0)
            return rc;
    } while (!rc);
    if (r->rec.type == LU_REC_END) {
        if (r->pos != r->total)
            return r->rc = lu_error(r->err, -EINVAL, "data after END: %llu "
                                    "bytes", (unsigned long long)
                                    (r->total - r->pos));
        r->stage = LU_READER_ENDED;
        return 0;
    }
    *rec = r->rec;
    return 1;
}

int lu_read_payload(struct lu_reader *r, void *buf, size_t len)
{
    struct lu_label l;

    if (r->rc)
        return r->rc;
    if (len > r->payload_end - r->payload_pos) {
        lu_label_init(&l, r->rec.index, r->rec.type);
        return r->rc = lu_error(r->err, -EINVAL, "record %u (%s): %llu bytes "
                                "asked for, %llu left in its payload",
                                l.index, l.name, (unsigned long long)len,
                                (unsigned long long)(r->payload_end -
                                                    r->payload_pos));
    }
    if (lu_r_walk(r, r->payload_pos, len, LU_WALK_COPY, buf))
        return r->rc;
    r->payload_pos += len;
    return 0;
}

int lu_read_struct(struct lu_reader *r, void *buf, size_t size)
{
    uint64_t have = r->payload_end - r->payload_pos;
    size_t n = have < size ? (size_t)have : size;

    memset((uint8_t *)buf + n, 0, size - n);
    return lu_read_payload(r, buf, n);
}

int lu_read_record(struct lu_reader *r, struct lu_record *rec, void *buf,
                   size_t max)
{
    struct lu_label l;
    int rc = lu_read_next(r, rec);

    if (rc <= 0)
        return rc;
    if (rec->length > max) {
        lu_label_init(&l, rec->index, rec->type);
        return r->rc = lu_error(r->err, -E2BIG, "record %u (%s): %u bytes do "
                                "not fit the reader's buffer of %llu",
                                l.index, l.name, rec->length,
                                (unsigned long long)max);
    }
    rc = lu_read_payload(r, buf, rec->length);
    return rc ? rc : 1;
}

/* ---- Appending ------------------------------------------------------------ */

int lu_writer_init_append(struct lu_writer *w, lu_page_out_fn page,
                          void *ctx, lu_page_in_fn in, void *in_ctx,
                          uint64_t total, enum lu_stream_kind kind)
{
    struct lu_reader r;
    struct lu_record rec;
    int rc;

    lu_writer_init(w, page, ctx);
    rc = lu_reader_init(&r, in, in_ctx, total, kind);
    while (!rc && (rc = lu_read_next(&r, &rec)) > 0)
        rc = 0;
    if (rc) {
        memcpy(w->err, r.err, sizeof(w->err));
        return w->rc = rc;
    }
    /* END, the last record read, is the stream's last 16 bytes. */
    w->bytes = total - sizeof(struct lu_record_header);
    w->nr_records = r.nr_records - 1;
    w->order = r.order;
    w->stage = LU_WRITER_RECORDS;
    return 0;
}

/* ---- Flat buffers -------------------------------------------------------- */

void *lu_flat_page_out(void *ctx, unsigned long index)
{
    struct lu_flat *f = ctx;

    if (index >= f->size / LU_PAGE_SIZE)
        return NULL;
    return (uint8_t *)f->base + index * LU_PAGE_SIZE;
}

const void *lu_flat_page_in(void *ctx, unsigned long index)
{
    struct lu_flat *f = ctx;

    if (index >= lu_stream_pages(f->size))
        return NULL;
    return (const uint8_t *)f->base + index * LU_PAGE_SIZE;
}

/* ---- Breadcrumb ---------------------------------------------------------- */

#define LU_CRUMB_CSUM offsetof(struct lu_breadcrumb, checksum)

void lu_breadcrumb_encode(void *out, const struct lu_crumb *c)
{
    uint8_t *b = out;

    memset(b, 0, LU_BREADCRUMB_SIZE);
    memcpy(b, LU_BREADCRUMB_MAGIC, 8);
    lu_put_le32(b + 8, LU_BREADCRUMB_VERSION);
    lu_put_le32(b + 12, c->flags);
    lu_put_le64(b + 16, c->mfn_array_paddr);
    lu_put_le64(b + 24, c->page_count);
    lu_put_le64(b + 32, c->stream_bytes);
    lu_put_le32(b + 40, c->mfn_array_checksum);
    lu_put_le64(b + 48, c->tsc_khz);
    lu_put_le64(b + 56, c->apic_timer_khz);
    lu_put_le64(b + 64, c->jump_tsc);
    lu_put_le32(b + LU_CRUMB_CSUM,
                lu_crc_skip_field(b, LU_BREADCRUMB_SIZE, LU_CRUMB_CSUM));
}

/* A carried clock rate: unknown, or one a machine could have. */
static bool lu_crumb_rate_ok(uint64_t khz)
{
    return !khz || (khz >= LU_CRUMB_MIN_KHZ && khz <= LU_CRUMB_MAX_KHZ);
}

/* Copy a message into the caller's err buffer of err_size bytes. */
static int lu_crumb_fail(char *err, size_t err_size, int rc, const char *msg)
{
    size_t n = strnlen(msg, err_size ? err_size - 1 : 0);

    if (err_size) {
        memcpy(err, msg, n);
        err[n] = '\0';
    }
    return rc;
}

int lu_breadcrumb_decode(const void *in, struct lu_crumb *c, char *err,
                         size_t err_size)
{
    const uint8_t *b = in;
    char msg[LU_ERR_LEN];
    uint32_t stored = lu_get_le32(b + LU_CRUMB_CSUM), crc;
    struct lu_crumb t;
    int rc = -EINVAL;

    crc = lu_crc_skip_field(b, LU_BREADCRUMB_SIZE, LU_CRUMB_CSUM);
    t.mfn_array_paddr = lu_get_le64(b + 16);
    t.page_count = lu_get_le64(b + 24);
    t.stream_bytes = lu_get_le64(b + 32);
    t.mfn_array_checksum = lu_get_le32(b + 40);
    t.flags = lu_get_le32(b + 12);
    t.tsc_khz = lu_get_le64(b + 48);
    t.apic_timer_khz = lu_get_le64(b + 56);
    t.jump_tsc = lu_get_le64(b + 64);
    if (memcmp(b, LU_BREADCRUMB_MAGIC, 8))
        rc = lu_error(msg, -ENOENT, "no breadcrumb (bad magic)");
    else if (lu_get_le32(b + 8) != LU_BREADCRUMB_VERSION)
        lu_error(msg, rc, "breadcrumb version %u not accepted (reader %u)",
                 lu_get_le32(b + 8), LU_BREADCRUMB_VERSION);
    else if (crc != stored)
        lu_error(msg, rc, "breadcrumb checksum mismatch (stored 0x%x, "
                 "computed 0x%x)", stored, crc);
    else if (t.flags & ~LU_CRUMB_FLAGS_KNOWN)
        lu_error(msg, rc, "unknown breadcrumb flags 0x%x",
                 t.flags & ~LU_CRUMB_FLAGS_KNOWN);
    else if (!lu_crumb_rate_ok(t.tsc_khz))
        lu_error(msg, rc, "breadcrumb: TSC rate %llu kHz is out of range",
                 (unsigned long long)t.tsc_khz);
    else if (!lu_crumb_rate_ok(t.apic_timer_khz))
        lu_error(msg, rc, "breadcrumb: APIC timer rate %llu kHz is out of "
                 "range", (unsigned long long)t.apic_timer_khz);
    else if (!t.mfn_array_paddr || t.mfn_array_paddr % LU_PAGE_SIZE)
        lu_error(msg, rc, "breadcrumb: MFN array address 0x%llx is not a "
                 "page", (unsigned long long)t.mfn_array_paddr);
    else if (t.stream_bytes < sizeof(struct lu_stream_header) + 16 ||
             t.stream_bytes % 8 ||
             t.page_count != lu_stream_pages(t.stream_bytes))
        lu_error(msg, rc, "breadcrumb: %llu stream bytes do not make %llu "
                 "pages", (unsigned long long)t.stream_bytes,
                 (unsigned long long)t.page_count);
    else
        rc = 0;
    if (rc)
        return lu_crumb_fail(err, err_size, rc, msg);
    *c = t;
    return 0;
}
