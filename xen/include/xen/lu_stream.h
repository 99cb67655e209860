/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writing and reading the live-update / save stream (public/lu_stream.h,
 * docs/specs/live-update-stream.md).  Portable core: no hypervisor globals,
 * so the same code runs in the hypervisor, in xl, in host unit tests and
 * in the fuzz target.  Memory is reached only through a page callback, so
 * the stream can live in scattered heap pages listed by an MFN array, in a
 * flat buffer, or in a file read a page at a time.
 *
 * Writing: size first (a writer with no page callback only counts), then
 * allocate lu_stream_pages(bytes) pages, then write for real.  Reading:
 * lu_reader_init() checks the header; lu_read_next() returns one checked
 * record at a time (framing, checksum, length, order), skipping optional
 * records it does not know; lu_read_payload() copies the payload out.
 * Every failure returns a negative errno and leaves a message that names
 * the record, for the caller to print.
 */
#ifndef XEN_LU_STREAM_H
#define XEN_LU_STREAM_H

#include <public/lu_stream.h>
#include <xen/compiler.h>
#include <xen/string.h>
#include <xen/types.h>

#define LU_ERR_LEN 128

/* ---- Little-endian fields ----------------------------------------------- */

static inline uint16_t lu_get_le16(const void *p)
{
    const uint8_t *b = p;

    return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t lu_get_le32(const void *p)
{
    const uint8_t *b = p;

    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

static inline uint64_t lu_get_le64(const void *p)
{
    const uint8_t *b = p;

    return (uint64_t)lu_get_le32(b) | (uint64_t)lu_get_le32(b + 4) << 32;
}

static inline void lu_put_le16(void *p, uint16_t v)
{
    uint8_t *b = p;

    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
}

static inline void lu_put_le32(void *p, uint32_t v)
{
    uint8_t *b = p;

    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
    b[3] = (uint8_t)(v >> 24);
}

static inline void lu_put_le64(void *p, uint64_t v)
{
    lu_put_le32(p, (uint32_t)v);
    lu_put_le32((uint8_t *)p + 4, (uint32_t)(v >> 32));
}

/*
 * For filling and reading the public structures' fields in place:
 * rec.tot_pages = lu_cpu_to_le64(n), n = lu_le64_to_cpu(rec.tot_pages).
 * On a little-endian host these compile to nothing.
 */
static inline uint16_t lu_cpu_to_le16(uint16_t v)
{
    uint16_t r;

    lu_put_le16(&r, v);
    return r;
}

static inline uint32_t lu_cpu_to_le32(uint32_t v)
{
    uint32_t r;

    lu_put_le32(&r, v);
    return r;
}

static inline uint64_t lu_cpu_to_le64(uint64_t v)
{
    uint64_t r;

    lu_put_le64(&r, v);
    return r;
}

static inline uint16_t lu_le16_to_cpu(uint16_t v)
{
    return lu_get_le16(&v);
}

static inline uint32_t lu_le32_to_cpu(uint32_t v)
{
    return lu_get_le32(&v);
}

static inline uint64_t lu_le64_to_cpu(uint64_t v)
{
    return lu_get_le64(&v);
}

/* ---- Checksum ------------------------------------------------------------ */

/*
 * CRC-32C (Castagnoli; reflected polynomial 0x82f63b78, initial value and
 * final xor 0xffffffff).  Chains: lu_crc32c(lu_crc32c(0, a, n), b, m) is
 * the CRC of a followed by b; lu_crc32c(0, "123456789", 9) == 0xe3069283.
 */
uint32_t lu_crc32c(uint32_t crc, const void *p, size_t len);

/* The same without the CPU's crc32 instruction, for CPUs that lack it. */
uint32_t lu_crc32c_tables(uint32_t crc, const void *p, size_t len);

/* ---- Common ------------------------------------------------------------- */

/*
 * Put a message in err (LU_ERR_LEN bytes, cut to fit) and return rc: the
 * codec's own messages, and those of checkers built on it.  Formats: %s,
 * %u, %x, %llu, %llx and %%, no widths (the portable core has no printf).
 */
int __printf(3, 4) lu_error(char *err, int rc, const char *fmt, ...);

enum lu_stream_kind {
    LU_STREAM_LIVE_UPDATE, /* header flags without LU_HDR_SAVE_FILE */
    LU_STREAM_SAVE_FILE,   /* with LU_HDR_SAVE_FILE: PAGE_DATA allowed */
    LU_STREAM_ANY,         /* reader only: either (inspection tools) */
};

/* Pages needed for a stream of bytes bytes. */
static inline unsigned long lu_stream_pages(uint64_t bytes)
{
    return (unsigned long)((bytes + LU_PAGE_SIZE - 1) / LU_PAGE_SIZE);
}

/* The record type's name ("VCPU"), or NULL for a type this build lacks. */
const char *lu_record_name(uint32_t type);

/*
 * Which records may come next (shared by writer and reader, so a writer
 * cannot produce a stream its own reader refuses).
 */
struct lu_order {
    bool save_file;      /* the stream's kind */
    bool seen_hypervisor;
    bool in_domain;      /* a DOMAIN record has been seen */
    uint16_t domid;      /* ... this one */
};

/* ---- Writer ------------------------------------------------------------- */

/*
 * Returns where to write stream page index (LU_PAGE_SIZE bytes), or NULL
 * if there is no such page.  Called for 0, 1, 2, ... in order, each index
 * once; the writer never touches a page again after asking for the next
 * one, so a file writer may flush page n - 1 when asked for page n (and
 * the last page, partly filled, after lu_writer_finish()).
 */
typedef void *(*lu_page_out_fn)(void *ctx, unsigned long index);

struct lu_writer {
    lu_page_out_fn page; /* NULL: size-only, count bytes */
    void *ctx;
    uint8_t *cur;            /* page being filled, or NULL */
    uint64_t bytes;          /* written (or counted) so far */
    uint32_t nr_records;
    uint8_t stage;           /* LU_WRITER_* in lu_stream.c */
    struct lu_order order;
    /* lu_writer_init_window(); win_next: just past what was written. */
    bool windowed, win_closed;
    uint64_t win_from, win_limit, win_next;
    /* lu_writer_damage(): the record type, and the record damaged. */
    bool damage, damage_found, damaged;
    uint32_t damage_type, damage_index;
    int rc;                  /* first error, sticky */
    char err[LU_ERR_LEN];
};

/* A piece of a record payload, for lu_write_record_v(). */
struct lu_chunk {
    const void *data;
    size_t len;
};

/* A writer into the pages page() gives, or a size-only one if page is NULL. */
void lu_writer_init(struct lu_writer *w, lu_page_out_fn page, void *ctx);

/*
 * A writer that produces the same stream but writes only stream bytes
 * [from, from + max), in whole units (the header, a record), through
 * page(): pages are still numbered from the start of the stream, and the
 * first and last ones may be partly written.  What comes before the
 * window is counted, not checksummed, so a long stream can be handed out
 * a window at a time without the cost of the bytes skipped.  From the
 * first unit that does not fit on, the rest is counted; w->win_next is
 * where the next window starts (from if not even one unit fitted), and
 * lu_writer_finish() still gives the whole stream's length.  A window
 * that starts inside a unit is -EAGAIN: the stream is not the one it was
 * cut from.
 */
void lu_writer_init_window(struct lu_writer *w, lu_page_out_fn page,
                           void *ctx, uint64_t from, uint64_t max);

/*
 * For tests of the readers (lu_debug_corrupt=): once written, the first
 * record of type (bit 31 ignored) has its first payload byte (an empty
 * record: its checksum) flipped, after its checksum was computed, so that
 * every reader refuses it.  w->damaged says whether it was written (a
 * window may not hold it), w->damage_index which record it is.
 */
void lu_writer_damage(struct lu_writer *w, uint32_t type);

/*
 * The stream header: kind (LU_STREAM_LIVE_UPDATE or _SAVE_FILE), the
 * writer's build id (at most 40 characters) and version string (at most
 * 32).  Returns 0, -EINVAL (misuse, string too long) or -ENOSPC.
 */
int lu_write_header(struct lu_writer *w, enum lu_stream_kind kind,
                    const char *build_id, const char *version);

/*
 * One record of type with len payload bytes, padded and checksummed; the
 * payload may span pages.  The type, length and place are checked as a
 * reader would.  Returns 0, -EINVAL (details in w->err) or -ENOSPC.
 */
int lu_write_record(struct lu_writer *w, uint32_t type, const void *payload,
                    uint32_t len);

/* As lu_write_record(), the payload being the n chunks one after another. */
int lu_write_record_v(struct lu_writer *w, uint32_t type,
                      const struct lu_chunk *chunks, unsigned int n);

/*
 * Write END and stop; *bytes gets the stream's length (size-only: what a
 * real write of the same records takes).  Returns 0 or the first error.
 */
int lu_writer_finish(struct lu_writer *w, uint64_t *bytes);

static inline const char *lu_writer_error(const struct lu_writer *w)
{
    return w->err;
}

/* ---- Reader ------------------------------------------------------------- */

/*
 * Returns stream page index (only its first total - index * 4096 bytes are
 * read if it is the last), or NULL if it cannot be had.  Pages are asked
 * for in any order, possibly more than once; the pointer need only stay
 * valid, and its contents unchanged, until the next call (the reader keeps
 * using it across its own calls until then), so a file reader may read
 * each page into one buffer.
 */
typedef const void *(*lu_page_in_fn)(void *ctx, unsigned long index);

struct lu_record {
    uint32_t type;   /* LU_REC_* */
    uint32_t length; /* payload bytes */
    uint32_t index;  /* 0 for the first record after the header */
};

struct lu_reader {
    lu_page_in_fn page;
    void *ctx;
    uint64_t total;          /* stream bytes */
    const uint8_t *cur;      /* cached page cur_index, or NULL */
    unsigned long cur_index;
    uint64_t pos;            /* the next record's header */
    uint64_t payload_pos;    /* next unread byte of the current payload */
    uint64_t payload_end;
    struct lu_record rec;    /* the current record */
    uint32_t nr_records;     /* records framed so far */
    uint8_t stage;           /* LU_READER_* in lu_stream.c */
    struct lu_order order;
    /* From the header, once lu_reader_init() succeeded. */
    uint16_t version_major, version_minor;
    uint32_t flags;
    char build_id[LU_BUILD_ID_LEN + 1];
    char version[LU_VERSION_LEN + 1];
    int rc;                  /* first error, sticky */
    char err[LU_ERR_LEN];
};

/*
 * Start reading a stream of total bytes: checks the marker, the version
 * (same major, any minor), the header checksum and size, and the kind.
 * Returns 0, or -EINVAL / -EIO with the reason in lu_reader_error().
 */
int lu_reader_init(struct lu_reader *r, lu_page_in_fn page, void *ctx,
                   uint64_t total, enum lu_stream_kind kind);

/*
 * Frame and check the next record (header, checksum, padding, length for
 * its type, its place in the stream), skipping unknown optional records.
 * Returns 1 with *rec filled, 0 once a correct END has been read with
 * nothing after it, or a negative errno; after an error or END every call
 * returns the same.  Data of the previous record not read is skipped.
 */
int lu_read_next(struct lu_reader *r, struct lu_record *rec);

/*
 * Copy the next len bytes of the current record's payload to buf.
 * Returns 0, or -EINVAL if fewer than len are left (the reader fails).
 */
int lu_read_payload(struct lu_reader *r, void *buf, size_t len);

/*
 * For a record that may grow (HYPERVISOR, DOMAIN, VCPU, SHARED_PAGES):
 * copy the payload's first size bytes (the structure this build knows) to
 * buf, zero-filling what a shorter record from an older minor version
 * lacks; fields a newer writer appended are left unread.  Call it first,
 * before lu_read_payload().  Returns 0 or r->rc.
 */
int lu_read_struct(struct lu_reader *r, void *buf, size_t size);

/*
 * lu_read_next() and then the whole payload into buf, which holds max
 * bytes: returns 1, 0 at END, -E2BIG if the payload does not fit (the
 * reader fails, naming the record), or another negative errno.
 */
int lu_read_record(struct lu_reader *r, struct lu_record *rec, void *buf,
                   size_t max);

static inline const char *lu_reader_error(const struct lu_reader *r)
{
    return r->err;
}

/* ---- Appending ----------------------------------------------------------- */

/*
 * A writer that goes on with a whole stream of total bytes (header to
 * END, of kind), which it first reads through in() with every check of
 * the reader: it then stands where END begins, so that the records
 * written next and lu_writer_finish()'s END replace that END.  page()
 * gives the stream's pages again, from the one END begins in, whose
 * bytes before END are left alone; the stream grows by what is written.
 * (`xl save` appends the device models' state to the file the hypervisor
 * wrote.)  Returns 0, or the reader's error with its message in w->err
 * (the writer then fails every call).
 */
int lu_writer_init_append(struct lu_writer *w, lu_page_out_fn page,
                          void *ctx, lu_page_in_fn in, void *in_ctx,
                          uint64_t total, enum lu_stream_kind kind);

/* ---- Flat buffers -------------------------------------------------------- */

/*
 * A stream in one contiguous buffer, for the lu_flat_page_* callbacks.
 * Writing, only whole pages within size are handed out (so the writer can
 * never run past the buffer); reading, the last page may be partial.
 */
struct lu_flat {
    void *base;
    size_t size; /* bytes */
};

void *lu_flat_page_out(void *ctx, unsigned long index);
const void *lu_flat_page_in(void *ctx, unsigned long index);

/* ---- Breadcrumb --------------------------------------------------------- */

/* The breadcrumb's contents, in host byte order. */
struct lu_crumb {
    uint64_t mfn_array_paddr;
    uint64_t page_count;
    uint64_t stream_bytes;
    uint32_t mfn_array_checksum;
    uint32_t flags;          /* LU_CRUMB_* */
    uint64_t tsc_khz;        /* 0: not known */
    uint64_t apic_timer_khz; /* 0: not known */
    uint64_t jump_tsc;
};

/* Clock rates a breadcrumb may carry: 1 MHz to 100 GHz, or 0. */
#define LU_CRUMB_MIN_KHZ 1000ULL
#define LU_CRUMB_MAX_KHZ 100000000ULL

/* Checksum of an MFN array of count entries (already little-endian). */
static inline uint32_t lu_mfn_array_checksum(const void *array, uint64_t count)
{
    return lu_crc32c(0, array, (size_t)(count * 8));
}

/* The frames an MFN array of count entries takes. */
static inline uint64_t lu_mfn_array_frames(uint64_t count)
{
    return (count * 8 + LU_PAGE_SIZE - 1) / LU_PAGE_SIZE;
}

/* Entry i of a little-endian MFN array; lu_mfn_array_set() stores one. */
static inline uint64_t lu_mfn_array_get(const void *array, unsigned long i)
{
    return lu_get_le64((const uint8_t *)array + i * 8);
}

static inline void lu_mfn_array_set(void *array, unsigned long i, uint64_t mfn)
{
    lu_put_le64((uint8_t *)array + i * 8, mfn);
}

/* Encode c into the LU_BREADCRUMB_SIZE bytes at out, checksum included. */
void lu_breadcrumb_encode(void *out, const struct lu_crumb *c);

#define LU_BREADCRUMB_SIZE sizeof(struct lu_breadcrumb)

/*
 * Decode and check the breadcrumb at in (magic, version, flags, checksum,
 * and that the sizes agree).  Returns 0 with *c filled, -ENOENT if there
 * is no breadcrumb (wrong magic: a first boot), or -EINVAL with the reason
 * in err (err_size bytes, always NUL terminated).
 */
int lu_breadcrumb_decode(const void *in, struct lu_crumb *c, char *err,
                         size_t err_size);

#endif /* XEN_LU_STREAM_H */
