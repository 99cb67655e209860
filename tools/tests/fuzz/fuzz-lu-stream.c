/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for the live-update / save stream reader
 * (xen/common/lu_stream.c): whatever the bytes, the reader must return an
 * error with a message or a clean END, and never read outside the stream
 * (each 4 KiB page is a separate allocation, the last one cut to size, so
 * ASan sees any overrun).  A stream it accepts is written again through the
 * writer and must read back the same, record for record: the writer and
 * the reader agree on what is valid.  The writer must then take that
 * stream to append to (lu_writer_init_append), giving its END back.
 *
 * A stream that calls itself a save file then goes through the checker
 * that `xl restore` runs before it makes anything (lu_savefile.c), which
 * must give a verdict, with a message if it refuses, and read nothing
 * outside the file either.
 *
 * Input: one mode byte, then the stream.  Mode bit 0: fix up the header
 * and record checksums and indices first, so mutations reach the checks
 * behind them; bits 1-2: the kind to expect (live, save, any, any); bit 3:
 * copy payloads in small pieces instead of whole.  The first 48 bytes of
 * the stream also go through the breadcrumb decoder.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/errno.h>
#include <xen/lu_savefile.h>
#include <xen/lu_stream.h>

#define PG LU_PAGE_SIZE

struct pages {
    uint8_t **page;
    unsigned long count;
};

static const void *pages_in(void *ctx, unsigned long index)
{
    const struct pages *p = ctx;

    return index < p->count ? p->page[index] : NULL;
}

/* Recompute checksums and indices wherever the framing is in bounds. */
static void fixup(uint8_t *s, size_t size)
{
    uint64_t off, len;
    uint32_t hsize, k = 0;

    if (size < sizeof(struct lu_stream_header))
        return;
    hsize = lu_get_le32(s + 12);
    if (hsize < sizeof(struct lu_stream_header) || hsize > size)
        return;
    lu_put_le32(s + 20, 0);
    lu_put_le32(s + 20, lu_crc32c(0, s, hsize));
    for (off = hsize; off + 16 <= size; k++) {
        len = lu_get_le32(s + off + 4);
        if (off + 16 + len > size)
            return;
        lu_put_le32(s + off + 12, k);
        lu_put_le32(s + off + 8, 0);
        lu_put_le32(s + off + 8, lu_crc32c(0, s + off, 16 + len));
        off += 16 + ((len + 7) & ~7ull);
    }
}

/* The stream as separately allocated pages; the last is cut to size. */
static void pages_make(struct pages *p, const uint8_t *s, size_t size)
{
    unsigned long i;
    size_t n;

    p->count = lu_stream_pages(size);
    p->page = calloc(p->count ? p->count : 1, sizeof(*p->page));
    for (i = 0; i < p->count; i++) {
        n = size - i * PG < PG ? size - i * PG : PG;
        p->page[i] = malloc(n);
        memcpy(p->page[i], s + i * PG, n);
    }
}

static void pages_free(struct pages *p)
{
    unsigned long i;

    for (i = 0; i < p->count; i++)
        free(p->page[i]);
    free(p->page);
}

/* What a successful read saw, to write it again. */
struct seen {
    uint8_t *data;   /* payloads, one after another */
    size_t used;
    uint32_t *type, *len; /* room for max records */
    unsigned int n, max;
};

/* Room for every record a stream of size bytes can hold (16 bytes each). */
static void seen_init(struct seen *s, size_t size)
{
    s->max = (unsigned int)(size / 16 + 1);
    s->data = malloc(size ? size : 1);
    s->type = malloc(s->max * sizeof(*s->type));
    s->len = malloc(s->max * sizeof(*s->len));
    s->used = 0;
    s->n = 0;
}

static void seen_free(struct seen *s)
{
    free(s->data);
    free(s->type);
    free(s->len);
}

/* Copy the current record's payload, whole or in pieces of 1..61 bytes. */
static int read_payload(struct lu_reader *r, const struct lu_record *rec,
                        uint8_t *dst, int pieces)
{
    uint32_t done = 0, k;
    int rc;

    while (done < rec->length) {
        k = pieces ? 1 + (done * 7 + rec->index) % 61 : rec->length;
        if (k > rec->length - done)
            k = rec->length - done;
        rc = lu_read_payload(r, dst + done, k);
        if (rc)
            return rc;
        done += k;
    }
    return 0;
}

/* Read every record; returns the reader's final code. */
static int read_all(struct lu_reader *r, const struct pages *p, uint64_t size,
                    enum lu_stream_kind kind, int pieces, struct seen *seen)
{
    struct lu_record rec;
    int rc;

    rc = lu_reader_init(r, pages_in, (void *)p, size, kind);
    while (!rc && (rc = lu_read_next(r, &rec)) > 0) {
        if (rec.length > size || seen->used + rec.length > size ||
            seen->n == seen->max)
            abort(); /* a checked record fits in what was given */
        rc = read_payload(r, &rec, seen->data + seen->used, pieces);
        seen->type[seen->n] = rec.type;
        seen->len[seen->n++] = rec.length;
        seen->used += rec.length;
    }
    if (rc < 0 && (!r->err[0] || lu_read_next(r, &rec) != rc))
        abort(); /* every error has a message, and sticks */
    return rc;
}

/*
 * The stream of bytes written in f, appended to with nothing: the writer
 * must take it and give back the same END in the same place.
 */
static void append_nothing(struct lu_flat *f, uint64_t bytes,
                           enum lu_stream_kind kind)
{
    struct lu_flat in = { f->base, bytes };
    struct lu_writer w;
    uint8_t end[16];
    uint64_t again;

    memcpy(end, (uint8_t *)f->base + bytes - 16, 16);
    if (lu_writer_init_append(&w, lu_flat_page_out, f, lu_flat_page_in, &in,
                              bytes, kind) ||
        lu_writer_finish(&w, &again) || again != bytes ||
        memcmp(end, (uint8_t *)f->base + bytes - 16, 16))
        abort();
}

/* Write what was read and read it back: the same records, no error. */
static void rewrite(const struct lu_reader *r, const struct seen *seen)
{
    enum lu_stream_kind kind = r->flags & LU_HDR_SAVE_FILE
                                   ? LU_STREAM_SAVE_FILE
                                   : LU_STREAM_LIVE_UPDATE;
    struct lu_writer w, sz;
    struct lu_reader again;
    struct seen seen2;
    struct lu_flat f;
    struct pages p;
    uint64_t bytes, sized;
    size_t off = 0;
    unsigned int i;

    f.size = (seen->used + 24 * seen->n + 96 + 16 + PG) / PG * PG;
    f.base = calloc(1, f.size);
    lu_writer_init(&w, lu_flat_page_out, &f);
    lu_writer_init(&sz, NULL, NULL);
    if (lu_write_header(&w, kind, r->build_id, r->version) ||
        lu_write_header(&sz, kind, r->build_id, r->version))
        abort();
    for (i = 0; i < seen->n; off += seen->len[i++])
        if (lu_write_record(&w, seen->type[i], seen->data + off,
                            seen->len[i]) ||
            lu_write_record(&sz, seen->type[i], seen->data + off,
                            seen->len[i]))
            abort(); /* the writer refuses what its reader accepted */
    if (lu_writer_finish(&w, &bytes) || lu_writer_finish(&sz, &sized) ||
        bytes != sized)
        abort();
    pages_make(&p, f.base, bytes);
    seen_init(&seen2, bytes);
    if (read_all(&again, &p, bytes, kind, 0, &seen2) != 0 ||
        seen2.n != seen->n || seen2.used != seen->used ||
        memcmp(seen2.data, seen->data, seen->used))
        abort();
    append_nothing(&f, bytes, kind);
    seen_free(&seen2);
    pages_free(&p);
    free(f.base);
}

/* The save-file checker over the same pages: a verdict, and a message. */
static void check_save_file(const struct pages *p, uint64_t size)
{
    static struct lu_savefile_run runs[4];
    static struct lu_savefile_check c;
    struct lu_reader r;
    int rc;

    c.limits = (struct lu_savefile_limits){4, 4096, 8, 1ULL << 35, NULL};
    c.runs = runs;
    c.max_runs = sizeof(runs) / sizeof(runs[0]);
    if (lu_reader_init(&r, pages_in, (void *)p, size, LU_STREAM_SAVE_FILE))
        return;
    rc = lu_savefile_check(&r, &c);
    if ((rc && !c.err[0]) || rc > 0 ||
        (rc == -E2BIG && c.nr_runs <= c.max_runs))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum lu_stream_kind kinds[4] = {
        LU_STREAM_LIVE_UPDATE, LU_STREAM_SAVE_FILE, LU_STREAM_ANY,
        LU_STREAM_ANY };
    struct seen seen;
    struct lu_reader r;
    struct lu_crumb c;
    struct pages p;
    char err[LU_ERR_LEN];
    uint8_t mode, *s;

    if (!size)
        return 0;
    mode = data[0];
    size--;
    s = malloc(size ? size : 1);
    memcpy(s, data + 1, size);
    if (size >= LU_BREADCRUMB_SIZE &&
        lu_breadcrumb_decode(s, &c, err, sizeof(err)) &&
        !err[0])
        abort();
    if (mode & 1)
        fixup(s, size);
    pages_make(&p, s, size);
    seen_init(&seen, size);
    if (read_all(&r, &p, size, kinds[(mode >> 1) & 3], mode & 8, &seen) == 0)
        rewrite(&r, &seen);
    check_save_file(&p, size);
    seen_free(&seen);
    pages_free(&p);
    free(s);
    return 0;
}
