/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the live-update / save stream codec (xen/common/lu_stream.c).
 * Every record type goes through a write and a read and comes back byte for
 * byte, into pages that are separately allocated (so ASan catches a write
 * or read over a page edge) and handed out in order.  A record is placed at
 * every 8-byte offset of a page so that headers, payloads and padding
 * straddle page boundaries in every way; a size-only writer must count
 * exactly what a real one writes.  The reader must refuse, with a message
 * naming the problem, each way a stream can be wrong: marker, header
 * checksum, major version (a newer minor with a grown header is fine),
 * kind, truncation at every byte, record checksum, length overflow, bad
 * padding, a lost record, missing END, data after END, unknown mandatory
 * types (unknown optional ones are skipped), lengths wrong for their type,
 * and records out of order.  The breadcrumb, the CRC and the byte-order
 * helpers are checked against independent values.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/errno.h>
#include <asm/crc32c.h>
#include <xen/lu_stream.h>
#include "harness.h"

#define PG LU_PAGE_SIZE
#define BUILD_ID "0123456789abcdef0123456789abcdef01234567"
#define VERSION "0.1.0-lu"

/* ---- Pages: separately allocated, handed out in order -------------------- */

#define MAX_PAGES 16

struct pages {
    uint8_t *page[MAX_PAGES];
    unsigned long limit;  /* pages the writer may have */
    unsigned long given;  /* pages asked for so far */
    bool in_order;        /* every request was for index given */
    unsigned long count;  /* pages the reader sees */
    unsigned long fail_at; /* reader: this page is unavailable */
};

static void pages_init(struct pages *p, unsigned long limit)
{
    memset(p, 0, sizeof(*p));
    p->limit = limit;
    p->in_order = true;
    p->fail_at = ~0UL;
}

static void pages_free(struct pages *p)
{
    unsigned long i;

    for (i = 0; i < MAX_PAGES; i++)
        free(p->page[i]);
}

static void *pages_out(void *ctx, unsigned long index)
{
    struct pages *p = ctx;

    if (index != p->given)
        p->in_order = false;
    if (index >= p->limit || index >= MAX_PAGES)
        return NULL;
    p->given = index + 1;
    p->page[index] = malloc(PG);
    assert_non_null(p->page[index]);
    memset(p->page[index], 0xcc, PG); /* the writer must write every byte */
    return p->page[index];
}

static const void *pages_in(void *ctx, unsigned long index)
{
    struct pages *p = ctx;

    if (index >= p->count || index == p->fail_at)
        return NULL;
    return p->page[index];
}

/* The stream in pages p, bytes long, as one exactly sized buffer. */
static uint8_t *pages_flatten(const struct pages *p, uint64_t bytes)
{
    uint8_t *buf = malloc(bytes ? bytes : 1);
    uint64_t off;

    assert_non_null(buf);
    for (off = 0; off < bytes; off += PG)
        memcpy(buf + off, p->page[off / PG],
               bytes - off < PG ? bytes - off : PG);
    return buf;
}

/* ---- A sample of every record type -------------------------------------- */

struct rec {
    uint32_t type;
    uint32_t len;
    uint8_t *data;
};

struct sample {
    enum lu_stream_kind kind;
    unsigned int n;
    struct rec r[40];
};

static void add(struct sample *s, uint32_t type, const void *data, size_t len)
{
    struct rec *r = &s->r[s->n++];

    assert_true(s->n <= 40);
    r->type = type;
    r->len = (uint32_t)len;
    r->data = malloc(len ? len : 1);
    memcpy(r->data, data, len);
}

static void sample_free(struct sample *s)
{
    unsigned int i;

    for (i = 0; i < s->n; i++)
        free(s->r[i].data);
}

/* A buffer for a record with an array: head then entries. */
struct buf {
    uint8_t b[16384];
    size_t len;
};

static void put(struct buf *b, const void *p, size_t n)
{
    assert_true(b->len + n <= sizeof(b->b));
    memcpy(b->b + b->len, p, n);
    b->len += n;
}

static void add_hypervisor(struct sample *s)
{
    struct lu_rec_hypervisor h = { 0 };

    h.system_time_ns = lu_cpu_to_le64(123456789012ULL);
    h.tsc = lu_cpu_to_le64(0x1122334455667788ULL);
    h.tsc_khz = lu_cpu_to_le64(2400000);
    h.next_domid = lu_cpu_to_le16(5);
    h.live_update_count = lu_cpu_to_le64(3);
    memcpy(h.build_id, BUILD_ID, LU_BUILD_ID_LEN);
    add(s, LU_REC_HYPERVISOR, &h, sizeof(h));
}

static void add_domain(struct sample *s, uint16_t domid, const char *name)
{
    struct lu_rec_domain d = { 0 };
    unsigned int i;

    d.domid = lu_cpu_to_le16(domid);
    d.dm_domid = lu_cpu_to_le16(domid ? 0 : 0x7ff4);
    d.flags = lu_cpu_to_le32(domid ? 0 : LU_DOMAIN_PRIVILEGED);
    d.tot_pages = lu_cpu_to_le64(256 + domid);
    d.max_pages = lu_cpu_to_le64(512);
    d.max_vcpus = lu_cpu_to_le32(2);
    d.shared_info_gfn = lu_cpu_to_le64(0x100);
    d.start_info_gfn = lu_cpu_to_le64(0xff);
    d.console_produced = lu_cpu_to_le64(0x123456789ULL);
    strncpy(d.name, name, sizeof(d.name));
    for (i = 0; i < LU_NR_VIRQS; i++)
        d.virq_port[i] = lu_cpu_to_le32(i);
    add(s, LU_REC_DOMAIN, &d, sizeof(d));
}

static void add_list(struct sample *s, uint32_t type, uint16_t domid,
                     const void *entries, size_t size)
{
    struct lu_rec_domain_list h = { .domid = lu_cpu_to_le16(domid) };
    struct buf b = { .len = 0 };

    put(&b, &h, sizeof(h));
    put(&b, entries, size);
    add(s, type, b.b, b.len);
}

static void add_vcpu(struct sample *s, uint16_t domid, uint32_t id)
{
    struct lu_rec_vcpu v;
    unsigned int i;

    memset(&v, 0, sizeof(v));
    v.domid = lu_cpu_to_le16(domid);
    v.vcpu_id = lu_cpu_to_le32(id);
    v.flags = lu_cpu_to_le32(LU_VCPU_INITIALISED | LU_VCPU_POLLING);
    v.rax = lu_cpu_to_le64(0xaaaa0000 + id);
    v.r15 = lu_cpu_to_le64(0xf15f15f15ULL);
    v.rip = lu_cpu_to_le64(0x401000);
    v.rflags = lu_cpu_to_le64(0x202);
    v.cs = lu_cpu_to_le64(0x33);
    v.ss = lu_cpu_to_le64(0x2b);
    v.runtime_ns = lu_cpu_to_le64(999);
    v.poll_timeout_ns = lu_cpu_to_le64(123456789999ULL);
    v.nr_poll_ports = lu_cpu_to_le32(2);
    v.poll_ports[0] = lu_cpu_to_le32(3);
    v.poll_ports[1] = lu_cpu_to_le32(4);
    for (i = 0; i < LU_FXSAVE_LEN; i++)
        v.fxsave[i] = (uint8_t)(i * 7 + id);
    add(s, LU_REC_VCPU, &v, sizeof(v));
}

static void add_domain_state(struct sample *s, uint16_t domid)
{
    struct lu_page_block blocks[3] = {
        { lu_cpu_to_le64(0x1000), lu_cpu_to_le32(9), 0 },
        { lu_cpu_to_le64(0x2000), lu_cpu_to_le32(0), 0 },
        { lu_cpu_to_le64(0x3000), lu_cpu_to_le32(4), 0 },
    };
    struct lu_p2m_extent ext[2] = {
        { lu_cpu_to_le64(0), lu_cpu_to_le64(0x1000), lu_cpu_to_le32(512),
          lu_cpu_to_le32(LU_P2M_RAM) },
        { lu_cpu_to_le64(0x100), lu_cpu_to_le64(0x5000), lu_cpu_to_le32(1),
          lu_cpu_to_le32(LU_P2M_SPECIAL) },
    };
    struct lu_rec_shared_pages sp = {
        .domid = lu_cpu_to_le16(domid),
        .shared_info_mfn = lu_cpu_to_le64(0x5000),
        .console_ring_mfn = lu_cpu_to_le64(0x5001),
        .ioreq_mfn = lu_cpu_to_le64(LU_INVALID_FRAME),
    };

    if (s->kind == LU_STREAM_LIVE_UPDATE)
        add_list(s, LU_REC_DOMAIN_PAGES, domid, blocks, sizeof(blocks));
    add_list(s, LU_REC_P2M, domid, ext, sizeof(ext));
    if (s->kind == LU_STREAM_LIVE_UPDATE)
        add(s, LU_REC_SHARED_PAGES, &sp, sizeof(sp));
    add_vcpu(s, domid, 0);
    add_vcpu(s, domid, 1);
}

static void add_evtchn_ioreq(struct sample *s, uint16_t domid)
{
    struct lu_rec_evtchn eh = { lu_cpu_to_le16(domid), 0,
                                lu_cpu_to_le32(64) };
    struct lu_evtchn_entry ev[3] = {
        { lu_cpu_to_le32(1), LU_EVTCHN_UNBOUND, 0, 0, 0, 0 },
        { lu_cpu_to_le32(2), LU_EVTCHN_INTERDOMAIN, LU_EVTCHN_PENDING,
          lu_cpu_to_le16(1), lu_cpu_to_le32(7), lu_cpu_to_le32(1) },
        { lu_cpu_to_le32(3), LU_EVTCHN_XEN, LU_EVTCHN_MASKED, 0, 0, 0 },
    };
    struct lu_rec_ioreq ih = { lu_cpu_to_le16(domid), 0, lu_cpu_to_le32(9),
                               lu_cpu_to_le64(0xfeff), lu_cpu_to_le32(2),
                               lu_cpu_to_le32(1) };
    struct lu_ioreq_range rg[2] = { { lu_cpu_to_le32(0x3c0),
                                      lu_cpu_to_le32(0x3df) },
                                    { lu_cpu_to_le32(0x80),
                                      lu_cpu_to_le32(0x80) } };
    struct lu_ioreq_vcpu iv = { .vcpu_id = lu_cpu_to_le32(1),
                                .flags = lu_cpu_to_le32(LU_IOREQ_PENDING),
                                .insn_len = lu_cpu_to_le32(2),
                                .addr = lu_cpu_to_le64(0x3c5), .size = 1,
                                .dir = 1, .state = 2 };
    struct buf b = { .len = 0 };

    put(&b, &eh, sizeof(eh));
    put(&b, ev, sizeof(ev));
    add(s, LU_REC_EVTCHN, b.b, b.len);
    b.len = 0;
    put(&b, &ih, sizeof(ih));
    put(&b, rg, sizeof(rg));
    put(&b, &iv, sizeof(iv));
    add(s, LU_REC_IOREQ, b.b, b.len);
}

static void add_maps(struct sample *s, uint16_t domid)
{
    struct lu_physmap_entry pm = { "vram", lu_cpu_to_le64(0xf0000),
                                   lu_cpu_to_le64(8 << 20),
                                   lu_cpu_to_le64(0xe0000),
                                   lu_cpu_to_le64(3) };
    struct lu_rec_memmap mh = { lu_cpu_to_le16(domid), 0, lu_cpu_to_le32(5),
                                lu_cpu_to_le64(7) };
    struct buf b = { .len = 0 };
    struct lu_memmap_entry mm[3] = {
        { 0, lu_cpu_to_le64(0xc0000000ULL), lu_cpu_to_le32(LU_MEMMAP_RAM), 0 },
        { lu_cpu_to_le64(0xc0000000ULL), lu_cpu_to_le64(0x40000000ULL),
          lu_cpu_to_le32(LU_MEMMAP_MMIO), 0 },
        { lu_cpu_to_le64(0x100000000ULL), lu_cpu_to_le64(0x40000000ULL),
          lu_cpu_to_le32(LU_MEMMAP_RAM), 0 },
    };

    add_list(s, LU_REC_PHYSMAP, domid, &pm, sizeof(pm));
    put(&b, &mh, sizeof(mh));
    put(&b, mm, sizeof(mm));
    add(s, LU_REC_MEMMAP, b.b, b.len);
}

/* HYPERVISOR, the global records, dom0 and dom1 with everything. */
static void sample_live(struct sample *s)
{
    struct lu_frame_range br[2] = { { lu_cpu_to_le64(0x1234),
                                      lu_cpu_to_le64(1) },
                                    { lu_cpu_to_le64(0x8000),
                                      lu_cpu_to_le64(16) } };
    struct lu_rec_console_log cl = { lu_cpu_to_le64(12345) };
    struct buf b = { .len = 0 };
    uint16_t domid;

    memset(s, 0, sizeof(*s));
    s->kind = LU_STREAM_LIVE_UPDATE;
    add_hypervisor(s);
    add(s, LU_REC_BROKEN_PAGES, br, sizeof(br));
    put(&b, &cl, sizeof(cl));
    put(&b, "(XEN) hello, log\n", 17); /* odd length: padding */
    add(s, LU_REC_CONSOLE_LOG, b.b, b.len);
    for (domid = 0; domid < 2; domid++) {
        add_domain(s, domid, domid ? "guest1" : "dom0");
        add_domain_state(s, domid);
        add_evtchn_ioreq(s, domid);
        add_maps(s, domid);
    }
}

/* A device model's state of len bytes (odd ones need padding). */
static void add_dm_state(struct sample *s, uint16_t domid, const char *kind,
                         size_t len)
{
    struct lu_rec_dm_state h = { .domid = lu_cpu_to_le16(domid),
                                 .version = lu_cpu_to_le32(1) };
    struct buf b = { .len = 0 };
    uint8_t state[LU_DM_STATE_MAX];
    size_t i;

    strncpy(h.kind, kind, sizeof(h.kind));
    for (i = 0; i < len; i++)
        state[i] = (uint8_t)(i * 13 + 1);
    put(&b, &h, sizeof(h));
    put(&b, state, len);
    add(s, LU_REC_DM_STATE, b.b, b.len);
}

/* A save file of domain 7 with two runs of PAGE_DATA. */
static void sample_save(struct sample *s)
{
    struct lu_rec_page_data pd = { lu_cpu_to_le16(7), 0, lu_cpu_to_le32(3),
                                   lu_cpu_to_le64(0x40) };
    struct buf b = { .len = 0 };
    uint8_t page[PG];
    unsigned int i;

    memset(s, 0, sizeof(*s));
    s->kind = LU_STREAM_SAVE_FILE;
    add_hypervisor(s);
    add_domain(s, 7, "saved");
    add_domain_state(s, 7);
    add_evtchn_ioreq(s, 7);
    put(&b, &pd, sizeof(pd));
    for (i = 0; i < 3; i++) {
        memset(page, 0x30 + i, sizeof(page));
        put(&b, page, sizeof(page));
    }
    add(s, LU_REC_PAGE_DATA, b.b, b.len);
    add_maps(s, 7);
    add_dm_state(s, 7, "bankvga", 48);
}

/* Write s through w; returns the stream's length. */
static uint64_t sample_write(const struct sample *s, struct lu_writer *w)
{
    uint64_t bytes = 0;
    unsigned int i;

    assert_int_equal(lu_write_header(w, s->kind, BUILD_ID, VERSION), 0);
    for (i = 0; i < s->n; i++)
        assert_int_equal(lu_write_record(w, s->r[i].type, s->r[i].data,
                                         s->r[i].len), 0);
    assert_int_equal(lu_writer_finish(w, &bytes), 0);
    return bytes;
}

/* Read a stream of bytes through page callback and check it holds s. */
static void sample_check(const struct sample *s, lu_page_in_fn page,
                         void *ctx, uint64_t bytes)
{
    static uint8_t buf[4 * PG];
    struct lu_reader r;
    struct lu_record rec;
    unsigned int i;

    assert_int_equal(lu_reader_init(&r, page, ctx, bytes, s->kind), 0);
    assert_string_equal(r.build_id, BUILD_ID);
    assert_string_equal(r.version, VERSION);
    assert_int_equal(r.version_major, LU_STREAM_VERSION_MAJOR);
    for (i = 0; i < s->n; i++) {
        assert_int_equal(lu_read_record(&r, &rec, buf, sizeof(buf)), 1);
        assert_int_equal(rec.type, s->r[i].type);
        assert_int_equal(rec.index, i);
        assert_int_equal(rec.length, s->r[i].len);
        assert_memory_equal(buf, s->r[i].data, rec.length);
    }
    assert_int_equal(lu_read_next(&r, &rec), 0);
    assert_int_equal(lu_read_next(&r, &rec), 0); /* and stays there */
    assert_string_equal(lu_reader_error(&r), "");
}

/* s written into separate pages; *p holds them, returns the length. */
static uint64_t sample_to_pages(const struct sample *s, struct pages *p)
{
    struct lu_writer w;
    uint64_t bytes;

    pages_init(p, MAX_PAGES);
    lu_writer_init(&w, pages_out, p);
    bytes = sample_write(s, &w);
    assert_true(p->in_order);
    assert_int_equal(p->given, lu_stream_pages(bytes));
    p->count = p->given;
    return bytes;
}

/* s as one exactly sized buffer; *bytes gets its length. */
static uint8_t *sample_flat(const struct sample *s, uint64_t *bytes)
{
    struct pages p;
    uint8_t *buf;

    *bytes = sample_to_pages(s, &p);
    buf = pages_flatten(&p, *bytes);
    pages_free(&p);
    return buf;
}

/* ---- Round trips --------------------------------------------------------- */

static void test_round_trip_live(void **state)
{
    struct sample s;
    struct pages p;
    uint64_t bytes;

    sample_live(&s);
    bytes = sample_to_pages(&s, &p);
    assert_int_equal(bytes % 8, 0);
    sample_check(&s, pages_in, &p, bytes);
    pages_free(&p);
    sample_free(&s);
}

static void test_round_trip_save(void **state)
{
    struct sample s;
    struct pages p;
    uint64_t bytes;

    sample_save(&s);
    bytes = sample_to_pages(&s, &p);
    assert_true(bytes > 3 * PG); /* PAGE_DATA spans several pages */
    sample_check(&s, pages_in, &p, bytes);
    pages_free(&p);
    sample_free(&s);
}

/* Fields decode to what was put in, through the byte-order helpers. */
static void test_round_trip_fields(void **state)
{
    struct lu_rec_domain d;
    struct lu_rec_vcpu v;
    struct lu_reader r;
    struct lu_record rec;
    struct lu_flat f;
    struct sample s;
    uint64_t bytes;
    bool saw_domain = false, saw_vcpu = false;

    sample_live(&s);
    f.base = sample_flat(&s, &bytes);
    f.size = bytes;
    assert_int_equal(lu_reader_init(&r, lu_flat_page_in, &f, bytes,
                                    LU_STREAM_ANY), 0);
    while (lu_read_next(&r, &rec) > 0) {
        if (rec.type == LU_REC_DOMAIN && !saw_domain) {
            assert_int_equal(lu_read_payload(&r, &d, sizeof(d)), 0);
            assert_int_equal(lu_le16_to_cpu(d.domid), 0);
            assert_int_equal(lu_le32_to_cpu(d.flags), LU_DOMAIN_PRIVILEGED);
            assert_int_equal(lu_le64_to_cpu(d.console_produced), 0x123456789);
            assert_string_equal(d.name, "dom0");
            saw_domain = true;
        }
        if (rec.type == LU_REC_VCPU && !saw_vcpu) {
            /* Read in pieces: the head, then the rest. */
            assert_int_equal(lu_read_payload(&r, &v, 16), 0);
            assert_int_equal(lu_read_payload(&r, (uint8_t *)&v + 16,
                                             sizeof(v) - 16), 0);
            assert_int_equal(lu_le64_to_cpu(v.r15), 0xf15f15f15ULL);
            assert_int_equal(lu_le64_to_cpu(v.rip), 0x401000);
            assert_int_equal(v.fxsave[511], (uint8_t)(511 * 7));
            saw_vcpu = true;
        }
    }
    assert_true(saw_domain && saw_vcpu);
    assert_int_equal(r.rc, 0);
    free(f.base);
    sample_free(&s);
}

/* A payload given in chunks is the same stream as given whole. */
static void test_chunks(void **state)
{
    struct sample s;
    struct lu_writer w1, w2;
    struct pages p1, p2;
    const struct rec *io;
    struct lu_chunk c[4];
    uint64_t b1, b2;
    unsigned int i;

    sample_live(&s);
    io = &s.r[10];
    assert_int_equal(io->type, LU_REC_IOREQ);
    pages_init(&p1, MAX_PAGES);
    pages_init(&p2, MAX_PAGES);
    lu_writer_init(&w1, pages_out, &p1);
    lu_writer_init(&w2, pages_out, &p2);
    for (i = 0; i < s.n; i++) {
        if (i == 0) {
            lu_write_header(&w1, s.kind, BUILD_ID, VERSION);
            lu_write_header(&w2, s.kind, BUILD_ID, VERSION);
        }
        assert_int_equal(lu_write_record(&w1, s.r[i].type, s.r[i].data,
                                         s.r[i].len), 0);
        if (&s.r[i] != io) {
            assert_int_equal(lu_write_record(&w2, s.r[i].type, s.r[i].data,
                                             s.r[i].len), 0);
            continue;
        }
        /* Split so the counts at offsets 16..23 straddle two chunks. */
        c[0] = (struct lu_chunk){ io->data, 3 };
        c[1] = (struct lu_chunk){ io->data + 3, 0 };
        c[2] = (struct lu_chunk){ io->data + 3, 17 };
        c[3] = (struct lu_chunk){ io->data + 20, io->len - 20 };
        assert_int_equal(lu_write_record_v(&w2, io->type, c, 4), 0);
    }
    assert_int_equal(lu_writer_finish(&w1, &b1), 0);
    assert_int_equal(lu_writer_finish(&w2, &b2), 0);
    assert_int_equal(b1, b2);
    for (i = 0; i < lu_stream_pages(b1); i++)
        assert_memory_equal(p1.page[i], p2.page[i],
                            i + 1 < lu_stream_pages(b1) ? PG : b1 - i * PG);
    pages_free(&p1);
    pages_free(&p2);
    sample_free(&s);
}

/* ---- Page boundaries and sizing ------------------------------------------ */

/*
 * HYPERVISOR, a filler, then a DOMAIN starting at byte 4096 + off, a VCPU
 * (760 bytes) and a CONSOLE_LOG of odd length (4109 bytes), for every off
 * a record can start at.  Each stream must read back from its separate
 * pages, and the size-only writer must count it exactly.
 */
static void test_span_every_offset(void **state)
{
    struct lu_rec_console_log cl = { lu_cpu_to_le64(1) };
    static uint8_t filler[2 * PG], odd[PG + 13];
    struct sample s;
    struct pages p;
    uint64_t bytes, sized;
    struct lu_writer w;
    unsigned int off, i;

    for (i = 0; i < sizeof(odd); i++)
        odd[i] = (uint8_t)(i * 13 + 1);
    memcpy(odd, &cl, sizeof(cl));
    for (off = 0; off < PG; off += 8) {
        memset(&s, 0, sizeof(s));
        s.kind = LU_STREAM_LIVE_UPDATE;
        add_hypervisor(&s);
        /* header 96 + HYPERVISOR 96 + filler 16 + len = 4096 + off */
        memset(filler, 0, sizeof(filler));
        add(&s, LU_REC_CONSOLE_LOG, filler, PG + off - 96 - 96 - 16);
        add_domain(&s, 3, "span");
        add_vcpu(&s, 3, 0);
        add(&s, LU_REC_CONSOLE_LOG, odd, sizeof(odd));
        bytes = sample_to_pages(&s, &p);
        lu_writer_init(&w, NULL, NULL);
        sized = sample_write(&s, &w);
        assert_int_equal(sized, bytes);
        sample_check(&s, pages_in, &p, bytes);
        pages_free(&p);
        sample_free(&s);
    }
}

/* The size-only pass counts exactly; too few pages is -ENOSPC. */
static void test_size_only(void **state)
{
    struct lu_writer w;
    struct sample s;
    struct pages p;
    uint64_t sized, bytes;
    unsigned int i;

    sample_save(&s);
    lu_writer_init(&w, NULL, NULL);
    sized = sample_write(&s, &w);
    bytes = sample_to_pages(&s, &p);
    assert_int_equal(sized, bytes);
    pages_free(&p);

    /* One page short: the writer stops with ENOSPC, and stays stopped. */
    pages_init(&p, lu_stream_pages(sized) - 1);
    lu_writer_init(&w, pages_out, &p);
    assert_int_equal(lu_write_header(&w, s.kind, BUILD_ID, VERSION), 0);
    for (i = 0; i < s.n; i++)
        lu_write_record(&w, s.r[i].type, s.r[i].data, s.r[i].len);
    assert_int_equal(lu_writer_finish(&w, &bytes), -ENOSPC);
    assert_non_null(strstr(lu_writer_error(&w), "out of stream pages"));
    assert_true(p.in_order);
    assert_int_equal(p.given, lu_stream_pages(sized) - 1);
    pages_free(&p);
    sample_free(&s);
}

/* A flat output buffer works the same, and refuses a partial page. */
static void test_flat_out(void **state)
{
    struct lu_flat f;
    struct lu_writer w;
    struct sample s;
    uint64_t bytes;

    sample_live(&s);
    lu_writer_init(&w, NULL, NULL);
    bytes = sample_write(&s, &w);
    f.size = lu_stream_pages(bytes) * PG;
    f.base = calloc(1, f.size);
    lu_writer_init(&w, lu_flat_page_out, &f);
    assert_int_equal(sample_write(&s, &w), bytes);
    sample_check(&s, lu_flat_page_in, &f, bytes);
    assert_null(lu_flat_page_out(&f, lu_stream_pages(bytes)));
    f.size = PG + 8;
    assert_null(lu_flat_page_out(&f, 1));
    assert_non_null(lu_flat_page_in(&f, 1));
    assert_null(lu_flat_page_in(&f, 2));
    free(f.base);
    sample_free(&s);
}

/* ---- Stream surgery: helpers for the error tests --------------------- */

/* Offset of record k (0 = first after the header) in a stream buffer. */
static size_t rec_off(const uint8_t *buf, unsigned int k)
{
    size_t off = lu_get_le32(buf + 12);

    while (k--)
        off += 16 + ((lu_get_le32(buf + off + 4) + 7) & ~7u);
    return off;
}

static void fix_header_crc(uint8_t *buf)
{
    uint32_t size = lu_get_le32(buf + 12);

    lu_put_le32(buf + 20, 0);
    lu_put_le32(buf + 20, lu_crc32c(0, buf, size));
}

static void fix_rec_crc(uint8_t *buf, size_t off)
{
    lu_put_le32(buf + off + 8, 0);
    lu_put_le32(buf + off + 8,
                lu_crc32c(0, buf + off, 16 + lu_get_le32(buf + off + 4)));
}

/*
 * Read buf (size bytes, copied to an exact allocation) as kind to the end;
 * returns the first error (0 if the stream was good) with its message in
 * msg.
 */
static int read_all(const uint8_t *buf, size_t size, enum lu_stream_kind kind,
                    char *msg)
{
    static uint8_t payload[4 * PG];
    struct lu_reader r;
    struct lu_record rec;
    struct lu_flat f;
    int rc;

    f.base = malloc(size ? size : 1);
    memcpy(f.base, buf, size);
    f.size = size;
    rc = lu_reader_init(&r, lu_flat_page_in, &f, size, kind);
    while (!rc && (rc = lu_read_record(&r, &rec, payload,
                                       sizeof(payload))) > 0)
        rc = 0;
    strcpy(msg, lu_reader_error(&r));
    if (rc)
        assert_int_equal(lu_read_next(&r, &rec), rc); /* sticky */
    free(f.base);
    return rc;
}

/* Expect reading to fail with rc and a message containing needle. */
static void expect_error(const uint8_t *buf, size_t size,
                         enum lu_stream_kind kind, int rc, const char *needle)
{
    char msg[LU_ERR_LEN];

    assert_int_equal(read_all(buf, size, kind, msg), rc);
    if (!strstr(msg, needle))
        fail_msg("error '%s' lacks '%s'", msg, needle);
}

/* Insert a framed record (right checksum and index) before record k. */
static uint8_t *insert_record(const uint8_t *buf, size_t *size, unsigned int k,
                              uint32_t type, const void *payload, uint32_t len)
{
    size_t off = rec_off(buf, k), padded = (len + 7) & ~7u, i, at;
    uint8_t *out = calloc(1, *size + 16 + padded);

    memcpy(out, buf, off);
    lu_put_le32(out + off, type);
    lu_put_le32(out + off + 4, len);
    lu_put_le32(out + off + 12, k);
    memcpy(out + off + 16, payload, len);
    fix_rec_crc(out, off);
    memcpy(out + off + 16 + padded, buf + off, *size - off);
    *size += 16 + padded;
    /* Renumber the records after it. */
    for (i = k + 1, at = rec_off(out, (unsigned int)i); at < *size;
         at = rec_off(out, (unsigned int)++i)) {
        lu_put_le32(out + at + 12, (uint32_t)i);
        fix_rec_crc(out, at);
    }
    return out;
}

/* The stream in buf with a record inserted before record k is refused. */
static void refused_with(const uint8_t *buf, size_t bytes, unsigned int k,
                         uint32_t type, const void *payload, uint32_t len,
                         const char *needle)
{
    size_t size = bytes;
    uint8_t *ext = insert_record(buf, &size, k, type, payload, len);

    expect_error(ext, size, LU_STREAM_ANY, -EINVAL, needle);
    free(ext);
}

/* ---- Header errors ------------------------------------------------------- */

static void test_header_errors(void **state)
{
    struct sample s;
    uint64_t bytes;
    uint8_t *buf;

    sample_live(&s);
    buf = sample_flat(&s, &bytes);

    buf[0] = 'Y';
    expect_error(buf, bytes, LU_STREAM_ANY, -EINVAL, "bad marker");
    buf[0] = 'X';

    buf[70] ^= 1; /* in creator_version */
    expect_error(buf, bytes, LU_STREAM_ANY, -EINVAL,
                 "header checksum mismatch");
    buf[70] ^= 1;

    lu_put_le16(buf + 8, 2);
    lu_put_le16(buf + 10, 0);
    fix_header_crc(buf);
    expect_error(buf, bytes, LU_STREAM_ANY, -EOPNOTSUPP,
                 "version 2.0 not accepted (reader 1.x)");
    lu_put_le16(buf + 8, 0);
    expect_error(buf, bytes, LU_STREAM_ANY, -EOPNOTSUPP,
                 "version 0.0 not accepted (reader 1.x)");
    lu_put_le16(buf + 8, 1);

    lu_put_le32(buf + 12, 92);
    expect_error(buf, bytes, LU_STREAM_ANY, -EINVAL, "bad header size 92");
    lu_put_le32(buf + 12, 100);
    expect_error(buf, bytes, LU_STREAM_ANY, -EINVAL, "bad header size 100");
    lu_put_le32(buf + 12, 0xfffffff8u);
    expect_error(buf, bytes, LU_STREAM_ANY, -EINVAL, "bad header size");
    lu_put_le32(buf + 12, 96);

    lu_put_le32(buf + 16, 1u << 5);
    fix_header_crc(buf);
    expect_error(buf, bytes, LU_STREAM_ANY, -EINVAL,
                 "unknown mandatory header flags 0x20");
    lu_put_le32(buf + 16, 1u << 20); /* informative: ignored */
    fix_header_crc(buf);
    {
        char msg[LU_ERR_LEN];

        assert_int_equal(read_all(buf, bytes, LU_STREAM_LIVE_UPDATE, msg), 0);
    }
    lu_put_le32(buf + 16, 0);
    fix_header_crc(buf);

    expect_error(buf, bytes, LU_STREAM_SAVE_FILE, -EINVAL,
                 "a live-update stream, not a save file");
    expect_error(buf, 50, LU_STREAM_ANY, -EINVAL,
                 "truncated: 50 bytes, a stream header needs 96");
    free(buf);
    sample_free(&s);

    sample_save(&s);
    buf = sample_flat(&s, &bytes);
    expect_error(buf, bytes, LU_STREAM_LIVE_UPDATE, -EINVAL,
                 "a save file, not a live-update stream");
    free(buf);
    sample_free(&s);
}

/* A newer minor with a longer header (and extra fields) is read. */
static void test_newer_minor(void **state)
{
    struct lu_reader r;
    struct lu_record rec;
    struct lu_flat f;
    struct sample s;
    uint64_t bytes;
    uint8_t *buf, *big;
    unsigned int n = 0;

    sample_live(&s);
    buf = sample_flat(&s, &bytes);
    big = calloc(1, bytes + 16);
    memcpy(big, buf, 96);
    memset(big + 96, 0xee, 16); /* fields this reader does not know */
    memcpy(big + 112, buf + 96, bytes - 96);
    lu_put_le16(big + 10, 7);
    lu_put_le32(big + 12, 112);
    fix_header_crc(big);
    f.base = big;
    f.size = bytes + 16;
    assert_int_equal(lu_reader_init(&r, lu_flat_page_in, &f, f.size,
                                    LU_STREAM_LIVE_UPDATE), 0);
    assert_int_equal(r.version_minor, 7);
    while (lu_read_next(&r, &rec) > 0)
        n++;
    assert_int_equal(r.rc, 0);
    assert_int_equal(n, s.n);

    /* The extra header bytes are covered by the checksum. */
    big[100] ^= 1;
    expect_error(big, bytes + 16, LU_STREAM_ANY, -EINVAL,
                 "header checksum mismatch");
    free(big);
    free(buf);
    sample_free(&s);
}

/* ---- Record errors ------------------------------------------------------- */

/* Cut at every byte: always refused, never read past the end (ASan). */
static void test_truncated_everywhere(void **state)
{
    char msg[LU_ERR_LEN];
    struct sample s;
    uint64_t bytes, n;
    uint8_t *buf;

    sample_live(&s);
    buf = sample_flat(&s, &bytes);
    assert_int_equal(read_all(buf, bytes, LU_STREAM_LIVE_UPDATE, msg), 0);
    for (n = 0; n < bytes; n++) {
        assert_int_equal(read_all(buf, n, LU_STREAM_LIVE_UPDATE, msg),
                         -EINVAL);
        if (!strstr(msg, "truncated") && !strstr(msg, "missing END"))
            fail_msg("cut at %llu: '%s'", (unsigned long long)n, msg);
    }
    expect_error(buf, rec_off(buf, 2) + 20, LU_STREAM_ANY, -EINVAL,
                 "truncated: record 2 claims 25 bytes, 4 left");
    expect_error(buf, rec_off(buf, 2) + 8, LU_STREAM_ANY, -EINVAL,
                 "truncated: record 2 header needs 16 bytes, 8 left");
    expect_error(buf, rec_off(buf, 2), LU_STREAM_ANY, -EINVAL,
                 "missing END record: the stream stops after 2 records");
    free(buf);
    sample_free(&s);
}

/* Pages of one buffer the size of the whole stream, at any index. */
static void *whole_out(void *ctx, unsigned long index)
{
    struct lu_flat *f = ctx;

    assert_true((index + 1) * PG <= f->size);
    return (uint8_t *)f->base + index * PG;
}

/*
 * A stream written a window at a time, windows from the largest record's
 * size to the whole stream's, is the stream written at once: each window
 * holds whole units, touches nothing past win_next, and the length comes
 * out the same from every window.
 */
static void test_windows(void **state)
{
    /* The largest record, PAGE_DATA, is 16 + 16 + 3 * PG bytes. */
    static const uint64_t sizes[] = { 3 * PG + 32, 3 * PG + 40, 4 * PG + 8,
                                      6 * PG + 100, 40 * PG };
    struct lu_writer w;
    struct lu_flat f;
    struct sample s;
    uint64_t total, bytes, from;
    uint8_t *want;
    unsigned int i, calls;

    sample_save(&s);
    want = sample_flat(&s, &total);
    f.size = lu_stream_pages(total) * PG;
    f.base = malloc(f.size);
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        memset(f.base, 0xcc, f.size);
        for (from = 0, calls = 0; from < total; calls++) {
            lu_writer_init_window(&w, whole_out, &f, from, sizes[i]);
            assert_int_equal(sample_write(&s, &w), total);
            assert_true(w.win_next > from); /* a header or record fitted */
            assert_true(w.win_next - from <= sizes[i]);
            if (w.win_next < total)
                assert_int_equal(((uint8_t *)f.base)[w.win_next], 0xcc);
            from = w.win_next;
            assert_true(calls < 1000);
        }
        assert_memory_equal(f.base, want, total);
    }

    /* The header alone fits 96 bytes; the first record then does not. */
    memset(f.base, 0xcc, f.size);
    lu_writer_init_window(&w, whole_out, &f, 0, 96);
    assert_int_equal(sample_write(&s, &w), total);
    assert_int_equal(w.win_next, 96);
    assert_memory_equal(f.base, want, 96);
    assert_int_equal(((uint8_t *)f.base)[96], 0xcc);

    /* A window too small for the next record writes nothing. */
    lu_writer_init_window(&w, whole_out, &f, rec_off(want, 0), 8);
    assert_int_equal(sample_write(&s, &w), total);
    assert_int_equal(w.win_next, rec_off(want, 0));

    /* One that starts inside a record: the stream is not this one. */
    lu_writer_init_window(&w, whole_out, &f, rec_off(want, 1) + 8, PG);
    lu_write_header(&w, s.kind, BUILD_ID, VERSION);
    for (i = 0; i < s.n; i++)
        lu_write_record(&w, s.r[i].type, s.r[i].data, s.r[i].len);
    assert_int_equal(lu_writer_finish(&w, &bytes), -EAGAIN);
    assert_non_null(strstr(lu_writer_error(&w), "is inside record 1"));
    free(f.base);
    free(want);
    sample_free(&s);
}

/* lu_writer_damage(): the reader names the record, the rest is intact. */
static void test_damage(void **state)
{
    struct lu_writer w;
    struct lu_flat f;
    struct sample s;
    uint64_t total, bytes;
    uint8_t *want, *got;
    size_t off;

    sample_save(&s);
    want = sample_flat(&s, &total);
    f.size = lu_stream_pages(total) * PG;
    f.base = got = malloc(f.size);
    lu_writer_init(&w, whole_out, &f);
    lu_writer_damage(&w, LU_REC_VCPU | LU_REC_OPTIONAL); /* bit 31 ignored */
    assert_int_equal(sample_write(&s, &w), total);
    assert_true(w.damaged && w.damage_found);
    assert_int_equal(w.damage_index, 3);
    expect_error(got, total, LU_STREAM_SAVE_FILE, -EINVAL,
                 "record 3 (VCPU): checksum mismatch");
    off = rec_off(want, 3) + 16;
    assert_int_equal(got[off], want[off] ^ 0x5a); /* the first payload byte */
    got[off] ^= 0x5a;
    assert_memory_equal(got, want, total);

    /* END has no payload: its checksum is what changes. */
    lu_writer_init(&w, whole_out, &f);
    lu_writer_damage(&w, LU_REC_END);
    assert_int_equal(sample_write(&s, &w), total);
    expect_error(got, total, LU_STREAM_SAVE_FILE, -EINVAL,
                 "checksum mismatch");

    /* A window without the record: found, not written. */
    lu_writer_init_window(&w, whole_out, &f, rec_off(want, 4), PG);
    lu_writer_damage(&w, LU_REC_VCPU);
    assert_int_equal(sample_write(&s, &w), total);
    assert_true(w.damage_found && !w.damaged);

    /* No such record in the stream. */
    lu_writer_init(&w, whole_out, &f);
    lu_writer_damage(&w, LU_REC_BROKEN_PAGES);
    assert_int_equal(sample_write(&s, &w), total);
    assert_false(w.damage_found || w.damaged);
    assert_int_equal(lu_writer_finish(&w, &bytes), -EINVAL); /* twice */
    free(got);
    free(want);
    sample_free(&s);
}

/* Pages of a flat buffer, noting the first one asked for. */
struct append_out {
    struct lu_flat f;
    unsigned long first, asked;
};

static void *append_out(void *ctx, unsigned long index)
{
    struct append_out *o = ctx;

    if (!o->asked++)
        o->first = index;
    return lu_flat_page_out(&o->f, index);
}

/*
 * lu_writer_init_append(): a save file without its last record, with
 * that record appended, is the whole file written at once, byte for
 * byte; the pages before END's are never asked for, and a size-only
 * writer counts the same.  Appending nothing gives the stream back.
 */
static void test_append(void **state)
{
    struct append_out o;
    struct lu_flat in;
    struct lu_writer w;
    struct sample s;
    uint64_t whole, part, bytes;
    uint8_t *want, *got;
    const struct rec *last;

    sample_save(&s);
    want = sample_flat(&s, &whole);
    last = &s.r[--s.n]; /* DM_STATE */
    assert_int_equal(last->type, LU_REC_DM_STATE);
    got = sample_flat(&s, &part);
    o = (struct append_out){ { calloc(1, lu_stream_pages(whole) * PG),
                               lu_stream_pages(whole) * PG }, 0, 0 };
    memcpy(o.f.base, got, part);
    in = (struct lu_flat){ o.f.base, part };
    assert_int_equal(lu_writer_init_append(&w, append_out, &o,
                                           lu_flat_page_in, &in, part,
                                           LU_STREAM_SAVE_FILE), 0);
    assert_int_equal(lu_write_record(&w, last->type, last->data, last->len),
                     0);
    assert_int_equal(lu_writer_finish(&w, &bytes), 0);
    assert_int_equal(bytes, whole);
    assert_memory_equal(o.f.base, want, whole);
    assert_int_equal(o.first, (part - 16) / PG);

    memcpy(o.f.base, got, part);
    lu_writer_init_append(&w, NULL, NULL, lu_flat_page_in, &in, part,
                          LU_STREAM_ANY);
    assert_int_equal(lu_write_record(&w, last->type, last->data, last->len),
                     0);
    assert_int_equal(lu_writer_finish(&w, &bytes), 0);
    assert_int_equal(bytes, whole);

    memcpy(o.f.base, got, part);
    lu_writer_init_append(&w, lu_flat_page_out, &o.f, lu_flat_page_in, &in,
                          part, LU_STREAM_SAVE_FILE);
    assert_int_equal(lu_writer_finish(&w, &bytes), 0);
    assert_int_equal(bytes, part);
    assert_memory_equal(o.f.base, got, part);
    free(o.f.base);
    free(got);
    free(want);
    s.n++;
    sample_free(&s);
}

/*
 * What lu_writer_init_append() refuses: a stream its reader refuses (the
 * message is the reader's, and the writer then fails every call); and
 * after it, records its place does not allow.
 */
static void test_append_refused(void **state)
{
    uint8_t p[24 + 8] = { 0 };
    struct lu_writer w;
    struct lu_flat f;
    struct sample s;
    uint64_t bytes, n;
    uint8_t *buf;

    sample_save(&s);
    buf = sample_flat(&s, &bytes);
    f = (struct lu_flat){ buf, bytes };
#define REFUSED(size, kind, needle)                                           \
    do {                                                                      \
        assert_int_equal(lu_writer_init_append(&w, lu_flat_page_out, &f,    \
                                               lu_flat_page_in, &f, size,   \
                                               kind), -EINVAL);             \
        if (!strstr(lu_writer_error(&w), needle))                             \
            fail_msg("'%s' lacks '%s'", lu_writer_error(&w), needle);         \
        assert_int_equal(lu_write_record(&w, LU_REC_DM_STATE, p, 24),       \
                         -EINVAL);                                            \
        assert_int_equal(lu_writer_finish(&w, &n), -EINVAL);                 \
    } while (0)
    REFUSED(bytes, LU_STREAM_LIVE_UPDATE,
            "a save file, not a live-update stream");
    REFUSED(bytes - 16, LU_STREAM_SAVE_FILE, "missing END record");
    REFUSED(bytes - 8, LU_STREAM_SAVE_FILE, "truncated");
    buf[rec_off(buf, 3) + 40] ^= 1;
    REFUSED(bytes, LU_STREAM_SAVE_FILE, "record 3 (VCPU): checksum mismatch");
    buf[rec_off(buf, 3) + 40] ^= 1;
#undef REFUSED

    /* The order goes on from where the stream was: domain 7's. */
    assert_int_equal(lu_writer_init_append(&w, lu_flat_page_out, &f,
                                           lu_flat_page_in, &f, bytes,
                                           LU_STREAM_SAVE_FILE), 0);
    lu_put_le16(p, 8);
    assert_int_equal(lu_write_record(&w, LU_REC_DM_STATE, p, sizeof(p)),
                     -EINVAL);
    /* Numbered from END's index on. */
    assert_string_equal(lu_writer_error(&w), "record 11 (DM_STATE) for "
                        "domain 8 is not among that domain's records");
    free(buf);
    sample_free(&s);
}

static void test_record_checksum(void **state)
{
    struct sample s;
    uint64_t bytes;
    uint8_t *buf;
    size_t off;

    sample_live(&s);
    buf = sample_flat(&s, &bytes);
    off = rec_off(buf, 5); /* P2M of dom0 */
    buf[off + 20] ^= 0x40;
    expect_error(buf, bytes, LU_STREAM_ANY, -EINVAL,
                 "record 5 (P2M): checksum mismatch");
    buf[off + 20] ^= 0x40;

    /* Turning a mandatory record optional is caught, not skipped. */
    off = rec_off(buf, 7); /* VCPU */
    buf[off + 3] ^= 0x80;
    expect_error(buf, bytes, LU_STREAM_ANY, -EINVAL,
                 "record 7 (type 0x80000007): checksum mismatch");
    buf[off + 3] ^= 0x80;

    /* So is a change of length that still fits. */
    lu_put_le32(buf + off + 4, 752);
    expect_error(buf, bytes, LU_STREAM_ANY, -EINVAL,
                 "record 7 (VCPU): checksum mismatch");
    lu_put_le32(buf + off + 4, 760);

    /* Padding must be zero (CONSOLE_LOG has 7 bytes of it). */
    off = rec_off(buf, 2);
    buf[off + 16 + 25 + 3] = 1;
    expect_error(buf, bytes, LU_STREAM_ANY, -EINVAL,
                 "record 2 (CONSOLE_LOG): padding is not zero");
    buf[off + 16 + 25 + 3] = 0;

    /* Every single bit flip in the record area is refused. */
    {
        char msg[LU_ERR_LEN];
        size_t i;
        unsigned int bit;

        for (i = 0; i < bytes; i++)
            for (bit = 0; bit < 8; bit++) {
                buf[i] ^= 1u << bit;
                assert_true(read_all(buf, bytes, LU_STREAM_ANY, msg) < 0);
                buf[i] ^= 1u << bit;
            }
    }
    free(buf);
    sample_free(&s);
}

static void test_length_overflow(void **state)
{
    struct sample s;
    uint64_t bytes;
    uint8_t *buf;
    size_t off;
    char needle[80];

    sample_live(&s);
    buf = sample_flat(&s, &bytes);
    off = rec_off(buf, 3);
    lu_put_le32(buf + off + 4, 0xffffffffu);
    snprintf(needle, sizeof(needle), "truncated: record 3 claims 4294967295 "
             "bytes, %llu left", (unsigned long long)(bytes - off - 16));
    expect_error(buf, bytes, LU_STREAM_ANY, -EINVAL, needle);
    lu_put_le32(buf + off + 4, 0xfffffff9u);
    expect_error(buf, bytes, LU_STREAM_ANY, -EINVAL,
                 "truncated: record 3 claims 4294967289 bytes");
    free(buf);
    sample_free(&s);
}

static void test_end_rules(void **state)
{
    struct sample s;
    uint64_t bytes;
    uint8_t *buf, *longer;
    size_t end;

    sample_live(&s);
    buf = sample_flat(&s, &bytes);
    end = bytes - 16;
    assert_int_equal(lu_get_le32(buf + end), LU_REC_END);

    /* Missing END: the stream stops after the last record. */
    expect_error(buf, end, LU_STREAM_ANY, -EINVAL, "missing END record");

    /* Data after END, even zeros. */
    longer = calloc(1, bytes + 8);
    memcpy(longer, buf, bytes);
    expect_error(longer, bytes + 8, LU_STREAM_ANY, -EINVAL,
                 "data after END: 8 bytes");
    free(longer);

    /* END with a payload. */
    longer = calloc(1, bytes + 8);
    memcpy(longer, buf, bytes);
    lu_put_le32(longer + end + 4, 8);
    fix_rec_crc(longer, end);
    expect_error(longer, bytes + 8, LU_STREAM_ANY, -EINVAL,
                 "(END): length 8 END carries no payload");
    free(longer);
    free(buf);
    sample_free(&s);
}

/* A record spliced out, or repeated, breaks the index sequence. */
static void test_lost_record(void **state)
{
    struct sample s;
    uint64_t bytes;
    uint8_t *buf;
    size_t a, b;

    sample_live(&s);
    buf = sample_flat(&s, &bytes);
    a = rec_off(buf, 7);
    b = rec_off(buf, 8); /* drop the first VCPU */
    memmove(buf + a, buf + b, bytes - b);
    expect_error(buf, bytes - (b - a), LU_STREAM_ANY, -EINVAL,
                 "record 7 (VCPU): index field says 8 (a record was lost or "
                 "repeated)");
    free(buf);
    sample_free(&s);
}

static void test_unknown_types(void **state)
{
    static const uint8_t junk[13] = "future stuff";
    struct lu_reader r;
    struct lu_record rec;
    struct lu_flat f;
    struct sample s;
    uint64_t bytes;
    size_t size;
    uint8_t *buf, *ext;
    unsigned int n = 0;

    sample_live(&s);
    buf = sample_flat(&s, &bytes);

    /* Unknown optional: skipped, the rest reads on (indices keep counting). */
    size = bytes;
    ext = insert_record(buf, &size, 4, LU_REC_OPTIONAL | 0x42, junk, 13);
    f.base = ext;
    f.size = size;
    assert_int_equal(lu_reader_init(&r, lu_flat_page_in, &f, size,
                                    LU_STREAM_LIVE_UPDATE), 0);
    while (lu_read_next(&r, &rec) > 0) {
        assert_int_not_equal(rec.type, LU_REC_OPTIONAL | 0x42);
        assert_int_equal(rec.index, n < 4 ? n : n + 1);
        n++;
    }
    assert_int_equal(r.rc, 0);
    assert_int_equal(n, s.n);
    free(ext);

    /* Unknown mandatory: refused by name. */
    size = bytes;
    ext = insert_record(buf, &size, 4, 0x42, junk, 13);
    expect_error(ext, size, LU_STREAM_ANY, -EINVAL,
                 "unknown mandatory record type 0x42 (record 4)");
    free(ext);
    free(buf);
    sample_free(&s);
}

/* Lengths that do not fit the type's layout. */
static void test_bad_lengths(void **state)
{
    uint8_t p[128] = { 0 };
    struct sample s;
    uint64_t bytes;
    size_t size;
    uint8_t *buf, *ext;

    sample_live(&s);
    buf = sample_flat(&s, &bytes);
    /* Record 3 is dom0's DOMAIN: insert after it (index 4). */
#define BAD(type, len, needle)                                                \
    do {                                                                      \
        size = bytes;                                                         \
        ext = insert_record(buf, &size, 4, type, p, len);                     \
        expect_error(ext, size, LU_STREAM_ANY, -EINVAL, needle);              \
        free(ext);                                                            \
    } while (0)
    BAD(LU_REC_P2M, 8 + 23, "record 4 (P2M): length 31 not its head plus "
        "whole entries");
    BAD(LU_REC_P2M, 4, "record 4 (P2M): length 4 not its head");
    BAD(LU_REC_VCPU, 40, "record 4 (VCPU): length 40 shorter than its fixed");
    BAD(LU_REC_HYPERVISOR, 79, "(HYPERVISOR): length 79 shorter");
    BAD(LU_REC_IOREQ, 20, "(IOREQ): length 20 shorter than its head");
    lu_put_le32(p + 16, 1); /* nr_ranges 1, nr_vcpus 0: wants 32 */
    BAD(LU_REC_IOREQ, 40, "(IOREQ): length 40 does not match nr_ranges");
    lu_put_le32(p + 16, 0xffffffffu); /* no overflow in the sum */
    lu_put_le32(p + 20, 0xffffffffu);
    BAD(LU_REC_IOREQ, 40, "(IOREQ): length 40 does not match nr_ranges");
    BAD(LU_REC_BROKEN_PAGES, 24, "(BROKEN_PAGES): length 24 not");
    BAD(LU_REC_MEMMAP, 16 + 25, "(MEMMAP): length 41 not");
    BAD(LU_REC_MEMMAP, 8 + 24, "(MEMMAP): length 32 not");
    BAD(LU_REC_PHYSMAP, 8 + 47, "(PHYSMAP): length 55 not");
    BAD(LU_REC_EVTCHN, 8 + 15, "(EVTCHN): length 23 not");
    BAD(LU_REC_DOMAIN_PAGES, 7, "(DOMAIN_PAGES): length 7 not");
    BAD(LU_REC_SHARED_PAGES, 31, "(SHARED_PAGES): length 31 shorter");
    BAD(LU_REC_CONSOLE_LOG, 7, "(CONSOLE_LOG): length 7 not");
    BAD(LU_REC_CONSOLE_LINE, 7, "(CONSOLE_LINE): length 7 not");
#undef BAD
    free(buf);
    sample_free(&s);
}

/* PAGE_DATA: only in save files, and its count must match. */
static void test_page_data_rules(void **state)
{
    uint8_t p[16 + PG] = { 0 };
    struct sample s;
    uint64_t bytes;
    size_t size;
    uint8_t *buf, *ext;

    sample_live(&s);
    buf = sample_flat(&s, &bytes);
    lu_put_le32(p + 4, 1);
    size = bytes;
    ext = insert_record(buf, &size, 4, LU_REC_PAGE_DATA, p, sizeof(p));
    expect_error(ext, size, LU_STREAM_ANY, -EINVAL,
                 "record 4 (PAGE_DATA): not allowed in a live-update stream");
    free(ext);
    free(buf);
    sample_free(&s);

    sample_save(&s);
    buf = sample_flat(&s, &bytes);
    /* Domain 7's records start at index 1. */
    lu_put_le16(p, 7);
    size = bytes;
    ext = insert_record(buf, &size, 2, LU_REC_PAGE_DATA, p, sizeof(p));
    {
        char msg[LU_ERR_LEN];

        assert_int_equal(read_all(ext, size, LU_STREAM_SAVE_FILE, msg), 0);
    }
    free(ext);
    lu_put_le32(p + 4, 2);
    size = bytes;
    ext = insert_record(buf, &size, 2, LU_REC_PAGE_DATA, p, sizeof(p));
    expect_error(ext, size, LU_STREAM_ANY, -EINVAL,
                 "(PAGE_DATA): length 4112 does not match its page count");
    free(ext);
    lu_put_le32(p + 4, 0);
    size = bytes;
    ext = insert_record(buf, &size, 2, LU_REC_PAGE_DATA, p, 16);
    expect_error(ext, size, LU_STREAM_ANY, -EINVAL,
                 "(PAGE_DATA): length 16 shorter than its head, or no pages");
    free(ext);
    /* SHARED_PAGES is live update only. */
    size = bytes;
    memset(p, 0, 32);
    lu_put_le16(p, 7);
    ext = insert_record(buf, &size, 2, LU_REC_SHARED_PAGES, p, 32);
    expect_error(ext, size, LU_STREAM_ANY, -EINVAL,
                 "record 2 (SHARED_PAGES): not allowed in a save file");
    free(ext);
    /* A save file as "ANY" reads, with the kind in the flags. */
    {
        struct lu_reader r;
        struct lu_flat f = { buf, bytes };

        assert_int_equal(lu_reader_init(&r, lu_flat_page_in, &f, bytes,
                                        LU_STREAM_ANY), 0);
        assert_true(r.flags & LU_HDR_SAVE_FILE);
    }
    free(buf);
    sample_free(&s);
}

/*
 * DM_STATE: save files only, a head of 24 bytes and any number of state
 * bytes, under its domain; a writer refuses what a reader would.
 */
static void test_dm_state_rules(void **state)
{
    uint8_t p[24 + 5] = { 0 };
    char msg[LU_ERR_LEN];
    struct lu_writer w;
    struct sample s;
    uint64_t bytes;
    size_t size;
    uint8_t *buf, *ext;

    sample_live(&s);
    buf = sample_flat(&s, &bytes);
    refused_with(buf, bytes, 4, LU_REC_DM_STATE, p, sizeof(p),
                 "record 4 (DM_STATE): not allowed in a live-update stream");
    free(buf);
    lu_writer_init(&w, NULL, NULL);
    lu_write_header(&w, s.kind, BUILD_ID, VERSION);
    lu_write_record(&w, LU_REC_HYPERVISOR, s.r[0].data, s.r[0].len);
    lu_write_record(&w, LU_REC_DOMAIN, s.r[3].data, s.r[3].len);
    assert_int_equal(lu_write_record(&w, LU_REC_DM_STATE, p, sizeof(p)),
                     -EINVAL);
    assert_non_null(strstr(lu_writer_error(&w), "(DM_STATE): not allowed"));
    sample_free(&s);

    sample_save(&s);
    buf = sample_flat(&s, &bytes);
    lu_put_le16(p, 7); /* domain 7's records start at index 1 */
    size = bytes;
    ext = insert_record(buf, &size, 2, LU_REC_DM_STATE, p, 24);
    assert_int_equal(read_all(ext, size, LU_STREAM_SAVE_FILE, msg), 0);
    free(ext);
    refused_with(buf, bytes, 2, LU_REC_DM_STATE, p, 23,
                 "record 2 (DM_STATE): length 23 not its head plus whole "
                 "entries");
    lu_put_le16(p, 8);
    refused_with(buf, bytes, 2, LU_REC_DM_STATE, p, sizeof(p),
                 "record 2 (DM_STATE) for domain 8 is not among that "
                 "domain's records");
    /* Optional: a reader without it would skip it, so bit 31 is set. */
    assert_true(LU_REC_DM_STATE & LU_REC_OPTIONAL);
    free(buf);
    sample_free(&s);
}

/* Order: HYPERVISOR first and once; domain records under their DOMAIN. */
static void test_order(void **state)
{
    uint8_t p[sizeof(struct lu_rec_hypervisor)] = { 0 };
    struct sample s;
    uint64_t bytes;
    size_t size, a, b;
    uint8_t *buf, *ext;

    sample_live(&s);
    buf = sample_flat(&s, &bytes);

    size = bytes;
    ext = insert_record(buf, &size, 0, LU_REC_BROKEN_PAGES, p, 16);
    expect_error(ext, size, LU_STREAM_ANY, -EINVAL,
                 "record 0 (BROKEN_PAGES): the stream must start with "
                 "HYPERVISOR");
    free(ext);
    size = bytes;
    ext = insert_record(buf, &size, 0, LU_REC_OPTIONAL | 0x99, p, 16);
    expect_error(ext, size, LU_STREAM_ANY, -EINVAL,
                 "record 0 (type 0x80000099): the stream must start with");
    free(ext);
    size = bytes;
    ext = insert_record(buf, &size, 2, LU_REC_HYPERVISOR, p, sizeof(p));
    expect_error(ext, size, LU_STREAM_ANY, -EINVAL,
                 "record 2 (HYPERVISOR): a second one");
    free(ext);

    /* A P2M for domain 1 among domain 0's records. */
    lu_put_le16(p, 1);
    size = bytes;
    ext = insert_record(buf, &size, 5, LU_REC_P2M, p, 8);
    expect_error(ext, size, LU_STREAM_ANY, -EINVAL,
                 "record 5 (P2M) for domain 1 is not among that domain's "
                 "records");
    free(ext);
    /* ... or before any DOMAIN (record 3 is the first). */
    lu_put_le16(p, 0);
    size = bytes;
    ext = insert_record(buf, &size, 3, LU_REC_EVTCHN, p, 8);
    expect_error(ext, size, LU_STREAM_ANY, -EINVAL,
                 "record 3 (EVTCHN) for domain 0 is not among");
    free(ext);

    /* Global records may come between domains; optional unknown too. */
    size = bytes;
    ext = insert_record(buf, &size, 6, LU_REC_BROKEN_PAGES, p, 16);
    {
        char msg[LU_ERR_LEN];

        assert_int_equal(read_all(ext, size, LU_STREAM_ANY, msg), 0);
    }
    free(ext);

    /* A stream that is only header + END lacks HYPERVISOR. */
    a = rec_off(buf, 0);
    b = bytes - 16;
    memmove(buf + a, buf + b, 16);
    lu_put_le32(buf + a + 12, 0);
    fix_rec_crc(buf, a);
    expect_error(buf, a + 16, LU_STREAM_ANY, -EINVAL,
                 "record 0 (END): the stream must start with HYPERVISOR");
    free(buf);
    sample_free(&s);
}

/*
 * A growable record read through lu_read_struct(): a shorter one (as an
 * older minor might write) comes back zero-filled, a longer one (a newer
 * minor) is cut to what this build knows and the reader carries on.
 */
static void test_read_struct(void **state)
{
    uint8_t vcpu[sizeof(struct lu_rec_vcpu) + 24], small[8] = { 0 };
    struct lu_rec_domain_list head = { 0 };
    struct lu_rec_vcpu v;
    struct lu_reader r;
    struct lu_record rec;
    struct lu_flat f;
    struct sample s;
    uint64_t bytes;
    size_t size;
    uint8_t *buf, *ext;
    unsigned int i;

    sample_live(&s);
    buf = sample_flat(&s, &bytes);
    memset(vcpu, 0xab, sizeof(vcpu));
    memcpy(vcpu, &head, sizeof(head)); /* domain 0 */
    size = bytes;
    ext = insert_record(buf, &size, 4, LU_REC_VCPU, vcpu, sizeof(vcpu));
    f.base = ext;
    f.size = size;
    assert_int_equal(lu_reader_init(&r, lu_flat_page_in, &f, size,
                                    LU_STREAM_ANY), 0);
    for (i = 0; i < 5; i++)
        assert_int_equal(lu_read_next(&r, &rec), 1);
    assert_int_equal(rec.length, sizeof(vcpu));
    assert_int_equal(lu_read_struct(&r, &v, sizeof(v)), 0);
    assert_int_equal(v.fxsave[511], 0xab);
    while (lu_read_next(&r, &rec) > 0)
        ;
    assert_int_equal(r.rc, 0);

    /* Shorter than the caller's structure: the rest is zero. */
    assert_int_equal(lu_reader_init(&r, lu_flat_page_in, &f, size,
                                    LU_STREAM_ANY), 0);
    assert_int_equal(lu_read_next(&r, &rec), 1);
    memset(vcpu, 0xff, sizeof(vcpu));
    assert_int_equal(lu_read_struct(&r, vcpu, sizeof(vcpu)), 0);
    assert_int_equal(vcpu[79], '7'); /* the build id's last character */
    for (i = 80; i < sizeof(vcpu); i++)
        assert_int_equal(vcpu[i], 0);
    assert_int_equal(lu_read_payload(&r, small, 1), -EINVAL);
    free(ext);
    free(buf);
    sample_free(&s);
}

/* ---- Reader API edges ---------------------------------------------------- */

static void test_reader_api(void **state)
{
    static uint8_t small[64];
    struct lu_reader r, z;
    struct lu_record rec;
    struct sample s;
    struct pages p;
    uint64_t bytes;
    uint8_t byte;

    sample_live(&s);
    bytes = sample_to_pages(&s, &p);

    /* Payload larger than the buffer: -E2BIG naming the record. */
    assert_int_equal(lu_reader_init(&r, pages_in, &p, bytes,
                                    LU_STREAM_LIVE_UPDATE), 0);
    assert_int_equal(lu_read_record(&r, &rec, small, sizeof(small)), -E2BIG);
    assert_string_equal(lu_reader_error(&r), "record 0 (HYPERVISOR): 80 "
                        "bytes do not fit the reader's buffer of 64");
    assert_int_equal(lu_read_next(&r, &rec), -E2BIG);

    /* Reading past the payload fails; skipping the rest of it is fine. */
    assert_int_equal(lu_reader_init(&r, pages_in, &p, bytes,
                                    LU_STREAM_LIVE_UPDATE), 0);
    assert_int_equal(lu_read_next(&r, &rec), 1);
    assert_int_equal(lu_read_payload(&r, small, 8), 0);
    assert_int_equal(lu_read_next(&r, &rec), 1);
    assert_int_equal(rec.type, LU_REC_BROKEN_PAGES);
    assert_int_equal(lu_read_payload(&r, small, 33), -EINVAL);
    assert_string_equal(lu_reader_error(&r), "record 1 (BROKEN_PAGES): 33 "
                        "bytes asked for, 32 left in its payload");

    /* A page the callback cannot give: -EIO. */
    p.fail_at = 1;
    assert_int_equal(lu_reader_init(&r, pages_in, &p, bytes,
                                    LU_STREAM_LIVE_UPDATE), 0);
    while (lu_read_next(&r, &rec) > 0)
        ;
    assert_int_equal(r.rc, -EIO);
    assert_string_equal(lu_reader_error(&r), "stream page 1 is unavailable");
    p.fail_at = ~0UL;

    /* A reader that was never initialised refuses politely. */
    memset(&z, 0, sizeof(z));
    assert_int_equal(lu_read_next(&z, &rec), -EINVAL);
    assert_int_equal(lu_read_payload(&z, &byte, 1), -EINVAL);
    pages_free(&p);
    sample_free(&s);
}

/* The writer refuses what the reader would, and misuse. */
static void test_writer_misuse(void **state)
{
    struct lu_rec_hypervisor h = { 0 };
    uint8_t p[sizeof(struct lu_rec_vcpu)] = { 0 };
    struct lu_chunk big[2] = { { p, 3ULL << 30 }, { p, 3ULL << 30 } };
    struct lu_writer w;
    uint64_t bytes;

    lu_writer_init(&w, NULL, NULL);
    assert_int_equal(lu_write_record(&w, LU_REC_HYPERVISOR, &h, sizeof(h)),
                     -EINVAL);
    assert_non_null(strstr(lu_writer_error(&w), "outside header..END"));

    lu_writer_init(&w, NULL, NULL);
    assert_int_equal(lu_write_header(&w, LU_STREAM_ANY, "", ""), -EINVAL);
    lu_writer_init(&w, NULL, NULL);
    assert_int_equal(lu_write_header(&w, LU_STREAM_LIVE_UPDATE,
                                     BUILD_ID "x", ""), -EINVAL);
    lu_writer_init(&w, NULL, NULL);
    assert_int_equal(lu_write_header(&w, LU_STREAM_LIVE_UPDATE, "",
                                     "0123456789abcdef0123456789abcdefX"),
                     -EINVAL);

    lu_writer_init(&w, NULL, NULL);
    assert_int_equal(lu_write_header(&w, LU_STREAM_LIVE_UPDATE, "", ""), 0);
    assert_int_equal(lu_write_header(&w, LU_STREAM_LIVE_UPDATE, "", ""),
                     -EINVAL);

    lu_writer_init(&w, NULL, NULL);
    lu_write_header(&w, LU_STREAM_LIVE_UPDATE, "", "");
    assert_int_equal(lu_writer_finish(&w, &bytes), -EINVAL);
    assert_non_null(strstr(lu_writer_error(&w), "must start with HYPERVISOR"));

    lu_writer_init(&w, NULL, NULL);
    lu_write_header(&w, LU_STREAM_LIVE_UPDATE, "", "");
    assert_int_equal(lu_write_record(&w, LU_REC_END, NULL, 0), -EINVAL);

    lu_writer_init(&w, NULL, NULL);
    lu_write_header(&w, LU_STREAM_LIVE_UPDATE, "", "");
    assert_int_equal(lu_write_record(&w, LU_REC_HYPERVISOR, &h, sizeof(h)), 0);
    assert_int_equal(lu_write_record(&w, 0x42, p, 8), -EINVAL);
    assert_string_equal(lu_writer_error(&w),
                        "unknown mandatory record type 0x42 (record 1)");

    lu_writer_init(&w, NULL, NULL);
    lu_write_header(&w, LU_STREAM_LIVE_UPDATE, "", "");
    lu_write_record(&w, LU_REC_HYPERVISOR, &h, sizeof(h));
    assert_int_equal(lu_write_record(&w, LU_REC_VCPU, p, sizeof(p)), -EINVAL);
    assert_non_null(strstr(lu_writer_error(&w), "not among"));

    lu_writer_init(&w, NULL, NULL);
    lu_write_header(&w, LU_STREAM_LIVE_UPDATE, "", "");
    lu_write_record(&w, LU_REC_HYPERVISOR, &h, sizeof(h));
    assert_int_equal(lu_write_record_v(&w, LU_REC_CONSOLE_LOG, big, 2),
                     -EINVAL);
    assert_non_null(strstr(lu_writer_error(&w), "do not fit a record"));

    /* Unknown optional records may be written (passed through). */
    lu_writer_init(&w, NULL, NULL);
    lu_write_header(&w, LU_STREAM_LIVE_UPDATE, "", "");
    lu_write_record(&w, LU_REC_HYPERVISOR, &h, sizeof(h));
    assert_int_equal(lu_write_record(&w, LU_REC_OPTIONAL | 0x77, p, 5), 0);
    assert_int_equal(lu_writer_finish(&w, &bytes), 0);
    assert_int_equal(bytes, 96 + 96 + 24 + 16);
    assert_int_equal(lu_writer_finish(&w, &bytes), -EINVAL);
}

/* ---- Checksum, byte order, names ----------------------------------------- */

static uint32_t crc_bitwise(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    unsigned int k;

    while (n--) {
        crc ^= *p++;
        for (k = 0; k < 8; k++)
            crc = crc & 1 ? (crc >> 1) ^ 0x82f63b78u : crc >> 1;
    }
    return ~crc;
}

/*
 * Both ways of computing CRC-32C -- the crc32 instruction (lu_crc32c() on
 * this host, if it has one: see test_crc32c_insn) and the slicing-by-8
 * tables -- against crc_bitwise() over a long pseudo-random buffer (a
 * fixed xorshift seed, so a failure repeats), from every start offset
 * modulo 8 and with lengths that leave 0-7 bytes for the tail loop.
 */
static void test_crc32c_long(void **state)
{
    static uint8_t buf[65536 + 64];
    uint32_t x = 0x9e3779b9u;
    size_t i, off, len;

    for (i = 0; i < sizeof(buf); i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (uint8_t)x;
    }
    for (off = 0; off < 8; off++)
        for (len = 65536 - 9; len <= 65536 + 9; len += 3) {
            uint32_t want = crc_bitwise(buf + off, len);

            assert_int_equal(lu_crc32c(0, buf + off, len), want);
            assert_int_equal(lu_crc32c_tables(0, buf + off, len), want);
        }
    /* Split at an odd point: the running value carries over. */
    assert_int_equal(lu_crc32c(lu_crc32c(0, buf, 12345), buf + 12345,
                               sizeof(buf) - 12345),
                     crc_bitwise(buf, sizeof(buf)));
    assert_int_equal(lu_crc32c_tables(lu_crc32c_tables(0, buf, 12345),
                                      buf + 12345, sizeof(buf) - 12345),
                     crc_bitwise(buf, sizeof(buf)));
}

/* The machines this runs on have SSE4.2: the instruction path is tested. */
static void test_crc32c_insn(void **state)
{
    (void)state;
    assert_true(arch_crc32c_present());
    assert_int_equal(arch_crc32c_u8(~0u, '1'),
                     ~crc_bitwise((const uint8_t *)"1", 1));
}

static void test_crc32c(void **state)
{
    static const uint8_t zeros[32], ones[32] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    uint8_t data[1000];
    unsigned int i;

    /* The published check values (RFC 3720 B.4 and the usual "check"). */
    assert_int_equal(lu_crc32c(0, "123456789", 9), 0xe3069283);
    assert_int_equal(lu_crc32c(0, zeros, 32), 0x8a9136aa);
    assert_int_equal(lu_crc32c(0, ones, 32), 0x62a8ab43);
    for (i = 0; i < 32; i++)
        data[i] = (uint8_t)i;
    assert_int_equal(lu_crc32c(0, data, 32), 0x46dd794e);
    assert_int_equal(lu_crc32c(0, "", 0), 0);
    for (i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 31 + (i >> 3));
    for (i = 0; i <= sizeof(data); i += 37) {
        assert_int_equal(lu_crc32c(0, data, i), crc_bitwise(data, i));
        assert_int_equal(lu_crc32c(lu_crc32c(0, data, i), data + i,
                                   sizeof(data) - i),
                         crc_bitwise(data, sizeof(data)));
    }
}

static void test_byte_order(void **state)
{
    uint8_t b[8];
    uint64_t v64;
    uint32_t v32;

    lu_put_le64(b, 0x0102030405060708ULL);
    assert_int_equal(b[0], 8);
    assert_int_equal(b[7], 1);
    assert_int_equal(lu_get_le64(b), 0x0102030405060708ULL);
    lu_put_le32(b, 0xa1b2c3d4);
    assert_int_equal(b[0], 0xd4);
    assert_int_equal(lu_get_le32(b), 0xa1b2c3d4);
    lu_put_le16(b, 0xbeef);
    assert_int_equal(b[0], 0xef);
    assert_int_equal(lu_get_le16(b), 0xbeef);
    v64 = lu_cpu_to_le64(0x1122334455667788ULL);
    memcpy(b, &v64, 8);
    assert_int_equal(b[0], 0x88);
    assert_int_equal(lu_le64_to_cpu(v64), 0x1122334455667788ULL);
    v32 = lu_cpu_to_le32(0xcafe);
    assert_int_equal(lu_le32_to_cpu(v32), 0xcafe);
    assert_int_equal(lu_le16_to_cpu(lu_cpu_to_le16(0x1234)), 0x1234);
}

static void test_names(void **state)
{
    assert_string_equal(lu_record_name(LU_REC_END), "END");
    assert_string_equal(lu_record_name(LU_REC_VCPU), "VCPU");
    assert_string_equal(lu_record_name(LU_REC_MEMMAP), "MEMMAP");
    assert_string_equal(lu_record_name(LU_REC_PAGE_DATA), "PAGE_DATA");
    assert_string_equal(lu_record_name(LU_REC_DM_STATE), "DM_STATE");
    assert_string_equal(lu_record_name(LU_REC_CONSOLE_LINE), "CONSOLE_LINE");
    assert_null(lu_record_name(0x42));
    assert_null(lu_record_name(LU_REC_VCPU | LU_REC_OPTIONAL));
}

/* ---- Breadcrumb ---------------------------------------------------------- */

static void test_breadcrumb(void **state)
{
    uint8_t b[LU_BREADCRUMB_SIZE], copy[LU_BREADCRUMB_SIZE];
    struct lu_crumb c = { 0x12345000, 3, 2 * PG + 800, 0xdeadbeef,
                          LU_CRUMB_HALF_ZEROED, 2400000, 1000000, 0x123456789abcULL }, d;
    char err[LU_ERR_LEN], tiny[8];
    unsigned int i, bit;

    lu_breadcrumb_encode(b, &c);
    assert_memory_equal(b, "XLUCRUMB", 8);
    assert_int_equal(lu_get_le64(b + 16), 0x12345000);
    assert_int_equal(lu_breadcrumb_decode(b, &d, err, sizeof(err)), 0);
    assert_int_equal(d.mfn_array_paddr, c.mfn_array_paddr);
    assert_int_equal(d.page_count, c.page_count);
    assert_int_equal(d.stream_bytes, c.stream_bytes);
    assert_int_equal(d.mfn_array_checksum, c.mfn_array_checksum);
    assert_int_equal(d.flags, LU_CRUMB_HALF_ZEROED);
    assert_int_equal(d.tsc_khz, c.tsc_khz);
    assert_int_equal(d.apic_timer_khz, c.apic_timer_khz);
    assert_int_equal(d.jump_tsc, c.jump_tsc);
    assert_int_equal(lu_get_le64(b + 48), 2400000);

    memcpy(copy, b, sizeof(b));
    /* Every bit of the breadcrumb matters. */
    for (i = 0; i < sizeof(b); i++)
        for (bit = 0; bit < 8; bit++) {
            b[i] ^= 1u << bit;
            assert_true(lu_breadcrumb_decode(b, &d, err, sizeof(err)) < 0);
            b[i] ^= 1u << bit;
        }

    b[0] = 0;
    assert_int_equal(lu_breadcrumb_decode(b, &d, err, sizeof(err)), -ENOENT);
    assert_string_equal(err, "no breadcrumb (bad magic)");
    assert_int_equal(lu_breadcrumb_decode(b, &d, tiny, sizeof(tiny)),
                     -ENOENT);
    assert_string_equal(tiny, "no brea"); /* cut, NUL terminated */
    memcpy(b, copy, sizeof(b));

    lu_put_le32(b + 8, 1);
    assert_int_equal(lu_breadcrumb_decode(b, &d, err, sizeof(err)), -EINVAL);
    assert_string_equal(err, "breadcrumb version 1 not accepted (reader 2)");
    memcpy(b, copy, sizeof(b));

    b[30] ^= 1;
    assert_int_equal(lu_breadcrumb_decode(b, &d, err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, "breadcrumb checksum mismatch"));
    memcpy(b, copy, sizeof(b));

#define CRUMB(paddr, pages, bytes, needle)                                    \
    do {                                                                      \
        struct lu_crumb e = { paddr, pages, bytes, 0, 0, 0, 0, 0 };           \
        lu_breadcrumb_encode(b, &e);                                          \
        assert_int_equal(lu_breadcrumb_decode(b, &d, err, sizeof(err)),      \
                         -EINVAL);                                            \
        if (!strstr(err, needle))                                             \
            fail_msg("'%s' lacks '%s'", err, needle);                         \
    } while (0)
    CRUMB(0x12345800, 1, 200, "MFN array address 0x12345800 is not a page");
    CRUMB(0, 1, 200, "MFN array address 0x0");
    CRUMB(0x1000, 2, 200, "200 stream bytes do not make 2 pages");
    CRUMB(0x1000, 1, 4104, "4104 stream bytes do not make 1 pages");
    CRUMB(0x1000, 1, 204, "204 stream bytes");
    CRUMB(0x1000, 1, 104, "104 stream bytes");
    CRUMB(0x1000, 0, 0, "0 stream bytes");
#undef CRUMB

    /* Clock rates: 0 (measure) or within what a machine could have. */
    for (i = 0; i < 4; i++) {
        static const uint64_t bad[] = {1, LU_CRUMB_MIN_KHZ - 1,
                                       LU_CRUMB_MAX_KHZ + 1, ~0ULL};
        struct lu_crumb e = c;

        e.tsc_khz = bad[i];
        lu_breadcrumb_encode(b, &e);
        assert_int_equal(lu_breadcrumb_decode(b, &d, err, sizeof(err)),
                         -EINVAL);
        assert_non_null(strstr(err, "TSC rate"));
        e = c;
        e.apic_timer_khz = bad[i];
        lu_breadcrumb_encode(b, &e);
        assert_int_equal(lu_breadcrumb_decode(b, &d, err, sizeof(err)),
                         -EINVAL);
        assert_non_null(strstr(err, "APIC timer rate"));
    }
    /* In the spec's order: the rates (step 4) before the address (5). */
    {
        struct lu_crumb e = c;

        e.tsc_khz = 1;
        e.mfn_array_paddr = 0x800;
        lu_breadcrumb_encode(b, &e);
        assert_int_equal(lu_breadcrumb_decode(b, &d, err, sizeof(err)),
                         -EINVAL);
        assert_non_null(strstr(err, "TSC rate 1 kHz"));
    }
    c.tsc_khz = 0;
    c.apic_timer_khz = LU_CRUMB_MAX_KHZ;
    lu_breadcrumb_encode(b, &c);
    assert_int_equal(lu_breadcrumb_decode(b, &d, err, sizeof(err)), 0);
    assert_int_equal(d.tsc_khz, 0);
    memcpy(b, copy, sizeof(b));

    lu_put_le32(b + 12, LU_CRUMB_HALF_ZEROED | 6);
    lu_put_le32(b + 44, 0);
    lu_put_le32(b + 44, lu_crc32c(0, b, sizeof(b)));
    assert_int_equal(lu_breadcrumb_decode(b, &d, err, sizeof(err)), -EINVAL);
    assert_string_equal(err, "unknown breadcrumb flags 0x6");
}

/* The breadcrumb of the spec's worked example (section 11), byte for byte. */
static void test_breadcrumb_bytes(void **state)
{
    static const uint8_t want[] = {
        0x58, 0x4c, 0x55, 0x43, 0x52, 0x55, 0x4d, 0x42, 0x02, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x3e, 0x7f, 0x00, 0x00,
        0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xd0,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x48, 0xf1, 0xa1, 0x9e,
        0xb9, 0x86, 0x37, 0x41, 0x80, 0x84, 0x1e, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x40, 0x42, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x90, 0x78,
        0x56, 0x34, 0x12, 0x00, 0x00, 0x00,
    };
    const struct lu_crumb c = { 0x7f3e5000, 1, 208, 0x9ea1f148, 0, 2000000,
                                1000000, 0x1234567890ULL };
    uint8_t b[LU_BREADCRUMB_SIZE];

    (void)state;
    assert_int_equal(sizeof(want), LU_BREADCRUMB_SIZE);
    lu_breadcrumb_encode(b, &c);
    assert_memory_equal(b, want, sizeof(want));
}

/* An MFN array's helpers and checksum, as the two sides use them. */
static void test_mfn_array(void **state)
{
    uint8_t arr[3 * 8];
    unsigned long i;
    uint32_t csum;

    for (i = 0; i < 3; i++)
        lu_mfn_array_set(arr, i, 0x100000000ULL + i * 7);
    assert_int_equal(arr[8], 7);
    assert_int_equal(arr[12], 1);
    assert_int_equal(lu_mfn_array_get(arr, 2), 0x10000000eULL);
    csum = lu_mfn_array_checksum(arr, 3);
    assert_int_equal(csum, crc_bitwise(arr, sizeof(arr)));
    arr[5] ^= 1;
    assert_int_not_equal(lu_mfn_array_checksum(arr, 3), csum);
}

/* The header as the spec's worked example shows it. */
static void test_header_bytes(void **state)
{
    struct lu_flat f;
    struct lu_writer w;
    struct lu_rec_hypervisor h = { 0 };
    uint8_t buf[PG];
    uint64_t bytes;

    memset(buf, 0, sizeof(buf));
    f.base = buf;
    f.size = sizeof(buf);
    lu_writer_init(&w, lu_flat_page_out, &f);
    assert_int_equal(lu_write_header(&w, LU_STREAM_LIVE_UPDATE, BUILD_ID,
                                     VERSION), 0);
    assert_int_equal(lu_write_record(&w, LU_REC_HYPERVISOR, &h, sizeof(h)), 0);
    assert_int_equal(lu_writer_finish(&w, &bytes), 0);
    assert_int_equal(bytes, 96 + 16 + 80 + 16);
    assert_memory_equal(buf, "XLSTREAM\x01\x00\x00\x00\x60\x00\x00\x00"
                        "\x00\x00\x00\x00", 20);
    assert_memory_equal(buf + 24, BUILD_ID, 40);
    /* The END record: type 0, length 0, index 1, CRC of its 16 bytes. */
    {
        static const uint8_t end[16] = { 0, 0, 0, 0, 0, 0, 0, 0,
                                         0, 0, 0, 0, 1, 0, 0, 0 };

        assert_int_equal(lu_get_le32(buf + 192 + 8),
                         crc_bitwise(end, sizeof(end)));
        assert_int_equal(lu_get_le32(buf + 192 + 8), 0x9f353052u);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_live),
        cmocka_unit_test(test_round_trip_save),
        cmocka_unit_test(test_round_trip_fields),
        cmocka_unit_test(test_read_struct),
        cmocka_unit_test(test_chunks),
        cmocka_unit_test(test_span_every_offset),
        cmocka_unit_test(test_size_only),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_damage),
        cmocka_unit_test(test_append),
        cmocka_unit_test(test_append_refused),
        cmocka_unit_test(test_flat_out),
        cmocka_unit_test(test_header_errors),
        cmocka_unit_test(test_newer_minor),
        cmocka_unit_test(test_truncated_everywhere),
        cmocka_unit_test(test_record_checksum),
        cmocka_unit_test(test_length_overflow),
        cmocka_unit_test(test_end_rules),
        cmocka_unit_test(test_lost_record),
        cmocka_unit_test(test_unknown_types),
        cmocka_unit_test(test_bad_lengths),
        cmocka_unit_test(test_page_data_rules),
        cmocka_unit_test(test_dm_state_rules),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_reader_api),
        cmocka_unit_test(test_writer_misuse),
        cmocka_unit_test(test_crc32c),
        cmocka_unit_test(test_crc32c_long),
        cmocka_unit_test(test_crc32c_insn),
        cmocka_unit_test(test_byte_order),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_breadcrumb),
        cmocka_unit_test(test_breadcrumb_bytes),
        cmocka_unit_test(test_mfn_array),
        cmocka_unit_test(test_header_bytes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
