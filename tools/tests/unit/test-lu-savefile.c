/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the save-file checker (xen/common/lu_savefile.c).  A model
 * of a domain -- RAM below the hole, the shared info page after it, a
 * "vram" region of its frames in the hole, two vCPUs, a VIRQ, an
 * interdomain and an unbound port, claimed I/O ports and a request in
 * flight, its memory map -- is written with the real writer and must be
 * accepted, describing the domain; then each rule is broken on its own and
 * the file must be refused with a message that says what is wrong and names
 * the record: PAGE_DATA giving a frame twice, out of order, missing, beyond
 * RAM or short at the end; P2M extents out of order, overlapping, foreign,
 * naming a frame, a second hypervisor page; the domain privileged, shut
 * down, badly named, with too many vCPUs, twice, with a pause count that
 * would wrap or an allowance it may not have; VCPU records missing, refused
 * by the build's register check or paused past any count; ports and I/O
 * requests out of bounds; the memory map missing, inconsistent or with RAM
 * on a reserved range; regions outside the hole or not RAM; totals that
 * disagree; device-model states (DM_STATE) twice for one device model, too
 * many or too big, badly named, not last, or for a device model that was
 * not the control domain; a console line (CONSOLE_LINE) empty, too long or
 * twice.  A P2M of more runs than the caller made room for is -E2BIG with
 * the count, and the stream's own errors come through.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <public/dm_op.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/lu_savefile.h>
#include "harness.h"

#define PG        LU_PAGE_SIZE
#define RAM       0x100UL   /* frames of RAM from gfn 0 */
#define SHINFO    RAM       /* the shared info page right after it */
#define HOLE      0xf0000UL /* the MMIO hole: 256 MiB below 4 GiB */
#define VRAM      0xf8000UL /* a 4-frame region in the hole */
#define VRAM_NR   4UL
#define MAX_GFN   (1UL << 35)
#define MAX_FILE  (2u << 20)

/* ---- The model ----------------------------------------------------------- */

struct model {
    struct lu_rec_domain dom;
    struct lu_p2m_extent p2m[8];
    unsigned int nr_p2m;
    struct lu_rec_vcpu vcpu[2];
    unsigned int nr_vcpus;
    struct lu_rec_evtchn evh;
    struct lu_evtchn_entry ev[4];
    unsigned int nr_ev;
    struct lu_rec_ioreq ioh;
    struct lu_ioreq_range range;
    struct lu_ioreq_vcpu slot[2];
    bool ioreq;
    struct lu_physmap_entry region;
    bool physmap;
    struct lu_rec_memmap mmh;
    struct lu_memmap_entry mm[4];
    unsigned int nr_mm;
    struct { uint64_t gfn; uint32_t count; } pd[8]; /* PAGE_DATA records */
    unsigned int nr_pd;
    bool pd_before_p2m; /* PAGE_DATA before P2M */
    bool p2m_after_pd;  /* another P2M record after PAGE_DATA */
    bool second_domain, second_ioreq, live;
    struct lu_page_block block; /* DOMAIN_PAGES, if its order is not 0 */
    struct lu_rec_dm_state dm[LU_DM_STATES_MAX + 1]; /* DM_STATE heads */
    uint32_t dm_len[LU_DM_STATES_MAX + 1];           /* ... state bytes */
    unsigned int nr_dm;
    bool dm_before_pd; /* DM_STATE before PAGE_DATA */
    uint32_t line_len[2]; /* CONSOLE_LINE records: their characters */
    unsigned int nr_lines;
};

static uint8_t file[MAX_FILE];
static uint64_t file_size;

static void model_extent(struct model *m, uint64_t gfn, uint32_t nr,
                         uint32_t type)
{
    m->p2m[m->nr_p2m++] = (struct lu_p2m_extent){
        lu_cpu_to_le64(gfn), lu_cpu_to_le64(LU_INVALID_FRAME),
        lu_cpu_to_le32(nr), lu_cpu_to_le32(type)};
}

static void model_port(struct model *m, uint32_t port, uint8_t state,
                       uint16_t remote)
{
    m->ev[m->nr_ev++] = (struct lu_evtchn_entry){
        lu_cpu_to_le32(port), state, 0, lu_cpu_to_le16(remote), 0, 0};
}

static void model_range(struct model *m, uint64_t addr, uint64_t size,
                        uint32_t type)
{
    m->mm[m->nr_mm++] = (struct lu_memmap_entry){
        lu_cpu_to_le64(addr), lu_cpu_to_le64(size), lu_cpu_to_le32(type), 0};
}

static void model_vcpu(struct model *m, uint32_t id)
{
    struct lu_rec_vcpu *v = &m->vcpu[m->nr_vcpus++];

    memset(v, 0, sizeof(*v));
    v->domid = lu_cpu_to_le16(5);
    v->vcpu_id = lu_cpu_to_le32(id);
    v->flags = lu_cpu_to_le32(LU_VCPU_INITIALISED);
    v->rip = lu_cpu_to_le64(0x100000);
    v->cs = lu_cpu_to_le64(0x33);
}

static void model_init(struct model *m)
{
    memset(m, 0, sizeof(*m));
    m->dom.domid = lu_cpu_to_le16(5);
    m->dom.dm_domid = lu_cpu_to_le16(0);
    m->dom.tot_pages = lu_cpu_to_le64(RAM + VRAM_NR);
    m->dom.max_pages = lu_cpu_to_le64(RAM + VRAM_NR);
    m->dom.max_vcpus = lu_cpu_to_le32(2);
    m->dom.shared_info_gfn = lu_cpu_to_le64(SHINFO);
    m->dom.start_info_gfn = lu_cpu_to_le64(RAM - 1);
    strcpy(m->dom.name, "guest");
    m->dom.virq_port[0] = lu_cpu_to_le32(2);
    model_extent(m, 0, RAM, LU_P2M_RAM);
    model_extent(m, SHINFO, 1, LU_P2M_SPECIAL);
    model_extent(m, VRAM, VRAM_NR, LU_P2M_RAM);
    model_vcpu(m, 0);
    model_vcpu(m, 1);
    m->evh = (struct lu_rec_evtchn){lu_cpu_to_le16(5), 0, lu_cpu_to_le32(64)};
    model_port(m, 1, LU_EVTCHN_UNBOUND, 0);
    model_port(m, 2, LU_EVTCHN_XEN, DOMID_XEN);
    model_port(m, 3, LU_EVTCHN_INTERDOMAIN, 1);
    m->ioreq = true;
    m->ioh = (struct lu_rec_ioreq){lu_cpu_to_le16(5), 0, lu_cpu_to_le32(7),
                                   lu_cpu_to_le64(LU_INVALID_FRAME),
                                   lu_cpu_to_le32(1), lu_cpu_to_le32(2)};
    m->range = (struct lu_ioreq_range){lu_cpu_to_le32(0x3c0),
                                       lu_cpu_to_le32(0x3df)};
    m->slot[0].vcpu_id = 0;
    m->slot[1] = (struct lu_ioreq_vcpu){
        .vcpu_id = lu_cpu_to_le32(1), .flags = lu_cpu_to_le32(1),
        .addr = lu_cpu_to_le64(0x3c5), .size = 1, .dir = 1,
        .state = IOREQ_STATE_INFLIGHT};
    m->physmap = true;
    memcpy(m->region.name, "vram", 4);
    m->region.gfn = lu_cpu_to_le64(VRAM);
    m->region.size = lu_cpu_to_le64(VRAM_NR * PG);
    m->region.dest_gfn = lu_cpu_to_le64(LU_INVALID_FRAME);
    m->mmh = (struct lu_rec_memmap){lu_cpu_to_le16(5), 0, 0,
                                    lu_cpu_to_le64(1)};
    model_range(m, 0, RAM * PG, LU_MEMMAP_RAM);
    model_range(m, HOLE * PG, (0x100000 - HOLE) * PG, LU_MEMMAP_MMIO);
    m->pd[m->nr_pd++] = (typeof(m->pd[0])){0, 0x80};
    m->pd[m->nr_pd++] = (typeof(m->pd[0])){0x80, RAM - 0x80};
    m->pd[m->nr_pd++] = (typeof(m->pd[0])){VRAM, VRAM_NR};
}

/* A DM_STATE of the model's, for device model kind, of len state bytes. */
static void model_dm(struct model *m, const char *kind, uint32_t len)
{
    struct lu_rec_dm_state *h = &m->dm[m->nr_dm];

    *h = (struct lu_rec_dm_state){.domid = lu_cpu_to_le16(5),
                                  .version = lu_cpu_to_le32(1)};
    memcpy(h->kind, kind, strnlen(kind, sizeof(h->kind)));
    m->dm_len[m->nr_dm++] = len;
}

/* ---- Writing it --------------------------------------------------------- */

static void rec(struct lu_writer *w, uint32_t type, const void *head,
                size_t head_len, const void *entries, size_t len)
{
    const struct lu_chunk c[] = {{head, head_len}, {entries, len}};

    assert_int_equal(lu_write_record_v(w, type, c, 2), 0);
}

static void write_page_data(struct lu_writer *w, const struct model *m)
{
    static uint8_t data[RAM * PG];
    unsigned int i;

    for (i = 0; i < m->nr_pd; i++) {
        struct lu_rec_page_data h = {lu_cpu_to_le16(5), 0,
                                     lu_cpu_to_le32(m->pd[i].count),
                                     lu_cpu_to_le64(m->pd[i].gfn)};

        assert_true(m->pd[i].count <= RAM);
        memset(data, (int)i + 1, m->pd[i].count * PG);
        rec(w, LU_REC_PAGE_DATA, &h, sizeof(h), data, m->pd[i].count * PG);
    }
}

static void write_domain(struct lu_writer *w, const struct model *m)
{
    struct lu_rec_domain_list dl = {lu_cpu_to_le16(5), 0, 0};
    struct lu_rec_hypervisor hv = {0};
    unsigned int i;

    hv.system_time_ns = lu_cpu_to_le64(777000);
    rec(w, LU_REC_HYPERVISOR, &hv, sizeof(hv), NULL, 0);
    rec(w, LU_REC_DOMAIN, &m->dom, sizeof(m->dom), NULL, 0);
    if (m->block.order)
        rec(w, LU_REC_DOMAIN_PAGES, &dl, sizeof(dl), &m->block,
            sizeof(m->block));
    if (m->pd_before_p2m)
        write_page_data(w, m);
    rec(w, LU_REC_P2M, &dl, sizeof(dl), m->p2m,
        m->nr_p2m * sizeof(m->p2m[0]));
    for (i = 0; i < m->nr_vcpus; i++)
        rec(w, LU_REC_VCPU, &m->vcpu[i], sizeof(m->vcpu[i]), NULL, 0);
    rec(w, LU_REC_EVTCHN, &m->evh, sizeof(m->evh), m->ev,
        m->nr_ev * sizeof(m->ev[0]));
    for (i = 0; m->ioreq && i <= m->second_ioreq; i++) {
        const struct lu_chunk c[] = {
            {&m->ioh, sizeof(m->ioh)}, {&m->range, sizeof(m->range)},
            {m->slot, lu_le32_to_cpu(m->ioh.nr_vcpus) * sizeof(m->slot[0])}};

        assert_int_equal(lu_write_record_v(w, LU_REC_IOREQ, c, 3), 0);
    }
    if (m->physmap)
        rec(w, LU_REC_PHYSMAP, &dl, sizeof(dl), &m->region,
            sizeof(m->region));
    if (m->nr_mm)
        rec(w, LU_REC_MEMMAP, &m->mmh, sizeof(m->mmh), m->mm,
            m->nr_mm * sizeof(m->mm[0]));
    for (i = 0; i < m->nr_lines; i++) {
        static const char line[LU_CONSOLE_LINE_MAX + 1];

        rec(w, LU_REC_CONSOLE_LINE, &dl, sizeof(dl), line, m->line_len[i]);
    }
}

static void write_dm_states(struct lu_writer *w, const struct model *m)
{
    static const uint8_t state[LU_DM_STATE_MAX + 1];
    unsigned int i;

    for (i = 0; i < m->nr_dm; i++)
        rec(w, LU_REC_DM_STATE, &m->dm[i], sizeof(m->dm[i]), state,
            m->dm_len[i]);
}

/* The model as a save file, in file[]. */
static void model_write(const struct model *m)
{
    struct lu_flat f = {file, sizeof(file)};
    struct lu_writer w;

    lu_writer_init(&w, lu_flat_page_out, &f);
    assert_int_equal(lu_write_header(&w, m->live ? LU_STREAM_LIVE_UPDATE
                                                 : LU_STREAM_SAVE_FILE,
                                     "id", "0.1.0-lu"), 0);
    write_domain(&w, m);
    if (m->second_domain)
        rec(&w, LU_REC_DOMAIN, &m->dom, sizeof(m->dom), NULL, 0);
    if (m->dm_before_pd)
        write_dm_states(&w, m);
    if (!m->pd_before_p2m && !m->live)
        write_page_data(&w, m);
    if (!m->dm_before_pd)
        write_dm_states(&w, m);
    if (m->p2m_after_pd) {
        struct lu_rec_domain_list dl = {lu_cpu_to_le16(5), 0, 0};

        rec(&w, LU_REC_P2M, &dl, sizeof(dl), &m->p2m[2], sizeof(m->p2m[2]));
    }
    assert_int_equal(lu_writer_finish(&w, &file_size), 0);
}

/* ---- Checking it --------------------------------------------------------- */

static struct lu_savefile_check check;
static struct lu_savefile_run runs[16];

static const char *vcpu_bad(const struct lu_rec_vcpu *v)
{
    return lu_le64_to_cpu(v->rip) == 0xbad ? "rip not in the lower half"
                                           : NULL;
}

/* Check the size bytes of file[] with room for max_runs runs. */
static int check_file(uint64_t size, unsigned long max_runs)
{
    struct lu_flat f = {file, size};
    struct lu_reader r;
    int rc;

    memset(&check, 0x5a, sizeof(check)); /* the checker resets its state */
    check.limits = (struct lu_savefile_limits){2, 64, 8, MAX_GFN, vcpu_bad};
    check.runs = runs;
    check.max_runs = max_runs;
    rc = lu_reader_init(&r, lu_flat_page_in, &f, size, LU_STREAM_SAVE_FILE);
    if (rc) {
        snprintf(check.err, sizeof(check.err), "%s", lu_reader_error(&r));
        return rc;
    }
    return lu_savefile_check(&r, &check);
}

static void expect_refused(const struct model *m, const char *needle)
{
    int rc;

    model_write(m);
    rc = check_file(file_size, 16);
    if (rc >= 0 || !strstr(lu_savefile_error(&check), needle))
        fail_msg("rc %d, error '%s' lacks '%s'", rc,
                 lu_savefile_error(&check), needle);
}

/* ---- Tests -------------------------------------------------------------- */

static void test_accepted(void **state)
{
    struct model m;

    model_init(&m);
    model_write(&m);
    assert_int_equal(check_file(file_size, 16), 0);
    assert_string_equal(lu_savefile_error(&check), "");
    assert_int_equal(check.info.domid, 5);
    assert_int_equal(check.info.dm_domid, 0);
    assert_string_equal(check.info.name, "guest");
    assert_int_equal(check.info.max_vcpus, 2);
    assert_int_equal(check.info.tot_pages, RAM + VRAM_NR);
    assert_int_equal(check.info.saved_ns, 777000);
    assert_int_equal(check.info.nr_regions, 1);
    assert_int_equal(check.info.nr_memmap, 2);
    assert_string_equal(check.info.creator, "0.1.0-lu");
    assert_int_equal(check.nr_runs, 3);
    assert_int_equal(runs[0].gfn, 0);
    assert_int_equal(runs[0].nr, RAM);
    assert_int_equal(runs[2].type, LU_P2M_RAM);

    /* Extents that follow each other make one run. */
    model_init(&m);
    m.nr_p2m = 0;
    model_extent(&m, 0, 0x40, LU_P2M_RAM);
    model_extent(&m, 0x40, RAM - 0x40, LU_P2M_RAM);
    model_extent(&m, SHINFO, 1, LU_P2M_SPECIAL);
    model_extent(&m, VRAM, VRAM_NR, LU_P2M_RAM);
    model_write(&m);
    assert_int_equal(check_file(file_size, 16), 0);
    assert_int_equal(check.nr_runs, 3);

    /* DOMAIN_PAGES is allowed without frames; no IOREQ, no PHYSMAP. */
    model_init(&m);
    m.ioreq = m.physmap = false;
    m.block = (struct lu_page_block){lu_cpu_to_le64(LU_INVALID_FRAME),
                                     lu_cpu_to_le32(8), 0};
    model_write(&m);
    assert_int_equal(check_file(file_size, 16), 0);
    m.block.mfn = lu_cpu_to_le64(0x1000);
    expect_refused(&m, "record 2 (DOMAIN_PAGES): a page block names a "
                   "machine frame");
}

static void test_runs_room(void **state)
{
    struct model m;

    model_init(&m);
    model_write(&m);
    assert_int_equal(check_file(file_size, 2), -E2BIG);
    assert_int_equal(check.nr_runs, 3);
    assert_non_null(strstr(lu_savefile_error(&check), "3 runs, room for 2"));
    assert_int_equal(check_file(file_size, 3), 0);
}

static void test_page_data(void **state)
{
    struct model m;

    model_init(&m);
    m.pd[1].gfn = 0x81; /* frame 0x80 missing */
    m.pd[1].count = RAM - 0x81;
    expect_refused(&m, "record 10 (PAGE_DATA): frame 0x81 where RAM frame "
                   "0x80 comes next");
    model_init(&m);
    m.pd[1].gfn = 0x7f; /* frame 0x7f twice */
    expect_refused(&m, "frame 0x7f where RAM frame 0x80 comes next");
    model_init(&m);
    m.pd[1].count = RAM; /* past the end of the run */
    expect_refused(&m, "(PAGE_DATA): frames beyond the RAM extent");
    model_init(&m);
    m.pd[2] = m.pd[1]; /* vram before the rest: out of order */
    m.pd[1] = (typeof(m.pd[0])){VRAM, VRAM_NR};
    expect_refused(&m, "frame 0xf8000 where RAM frame 0x80 comes next");
    model_init(&m);
    m.nr_pd = 2; /* vram never given */
    expect_refused(&m, "PAGE_DATA gives 256 of the 260 RAM frames");
    model_init(&m);
    m.pd[m.nr_pd++] = (typeof(m.pd[0])){SHINFO, 1};
    expect_refused(&m, "frames beyond the P2M's RAM, or given twice");
    model_init(&m);
    m.pd_before_p2m = true;
    expect_refused(&m, "record 2 (PAGE_DATA): frames beyond the P2M's RAM");
    model_init(&m);
    m.p2m_after_pd = true;
    expect_refused(&m, "record 12 (P2M): P2M after PAGE_DATA");
}

static void test_p2m(void **state)
{
    struct model m;

    model_init(&m);
    m.p2m[2].gfn = lu_cpu_to_le64(0x80); /* over the first extent */
    expect_refused(&m, "record 2 (P2M): extents out of order or overlapping");
    model_init(&m);
    m.p2m[2].type = lu_cpu_to_le32(LU_P2M_FOREIGN);
    expect_refused(&m, "a foreign mapping");
    model_init(&m);
    m.p2m[0].mfn = lu_cpu_to_le64(0x1234);
    expect_refused(&m, "an extent names a machine frame");
    model_init(&m);
    m.p2m[2].type = lu_cpu_to_le32(LU_P2M_SPECIAL);
    expect_refused(&m, "a hypervisor page other than the shared info page");
    model_init(&m);
    m.p2m[2].type = lu_cpu_to_le32(9);
    expect_refused(&m, "an extent of unknown type");
    model_init(&m);
    m.p2m[2].gfn = lu_cpu_to_le64(MAX_GFN - 2);
    expect_refused(&m, "an extent beyond the guest-physical space");
    model_init(&m);
    m.nr_p2m = 2; /* no vram: the region's frames are not RAM */
    m.nr_pd = 2;
    m.dom.tot_pages = lu_cpu_to_le64(RAM);
    expect_refused(&m, "PHYSMAP region 'vram': frame 0 is not RAM in the P2M");
    model_init(&m);
    m.dom.tot_pages = lu_cpu_to_le64(RAM);
    expect_refused(&m, "the P2M maps 260 frames of RAM, DOMAIN says the "
                   "domain has 256");
    model_init(&m);
    m.nr_p2m = 2; /* shared info only in DOMAIN */
    m.p2m[1] = m.p2m[2];
    expect_refused(&m, "the shared info page is not mapped where DOMAIN says");
}

static void test_domain(void **state)
{
    struct model m;

    model_init(&m);
    m.dom.flags = lu_cpu_to_le32(LU_DOMAIN_PRIVILEGED);
    expect_refused(&m, "record 1 (DOMAIN): the control domain cannot be "
                   "restored");
    model_init(&m);
    m.dom.flags = lu_cpu_to_le32(LU_DOMAIN_SHUT_DOWN);
    expect_refused(&m, "the domain had shut down");
    model_init(&m);
    m.dom.name[0] = '\0';
    expect_refused(&m, "the name is not 1 to 63 printable characters");
    model_init(&m);
    m.dom.name[1] = '\n';
    expect_refused(&m, "the name is not 1 to 63 printable characters");
    model_init(&m);
    memset(m.dom.name, 'x', sizeof(m.dom.name));
    expect_refused(&m, "the name is not 1 to 63 printable characters");
    model_init(&m);
    m.dom.max_vcpus = lu_cpu_to_le32(3);
    expect_refused(&m, "more vCPUs than this build runs");
    model_init(&m);
    m.dom.on_crash = lu_cpu_to_le32(2);
    expect_refused(&m, "unknown on_crash");
    model_init(&m);
    m.second_domain = true;
    expect_refused(&m, "a second domain: a save file holds one");
    /* Counts that would wrap, or give the guest host memory. */
    model_init(&m);
    m.dom.pause_count = lu_cpu_to_le32(0xffffffffu);
    expect_refused(&m, "(DOMAIN): a pause count above 65535");
    model_init(&m);
    m.dom.pause_count = lu_cpu_to_le32(65535);
    model_write(&m);
    assert_int_equal(check_file(file_size, 16), 0);
    model_init(&m);
    m.dom.max_pages = lu_cpu_to_le64(RAM + VRAM_NR - 1);
    expect_refused(&m, "more frames than its allowance, or an allowance no "
                   "domain may have");
    model_init(&m);
    m.dom.max_pages = lu_cpu_to_le64(1ull << 40);
    expect_refused(&m, "more frames than its allowance, or an allowance no "
                   "domain may have");
}

static void test_vcpus(void **state)
{
    struct model m;

    model_init(&m);
    m.nr_vcpus = 1;
    expect_refused(&m, "VCPU records for 1 of 2 vCPUs");
    model_init(&m);
    m.vcpu[1].vcpu_id = lu_cpu_to_le32(0);
    expect_refused(&m, "record 4 (VCPU): VCPU records out of order");
    model_init(&m);
    m.vcpu[1].rip = lu_cpu_to_le64(0xbad);
    expect_refused(&m, "record 4 (VCPU): rip not in the lower half");
    model_init(&m); /* not initialised: no registers to check */
    m.vcpu[1].rip = lu_cpu_to_le64(0xbad);
    m.vcpu[1].flags = 0;
    model_write(&m);
    assert_int_equal(check_file(file_size, 16), 0);
    model_init(&m);
    m.vcpu[0].nr_poll_ports = lu_cpu_to_le32(9);
    expect_refused(&m, "too many poll ports");
    model_init(&m);
    m.vcpu[0].flags = lu_cpu_to_le32(0x10);
    expect_refused(&m, "(VCPU): unknown flags");
    model_init(&m);
    m.vcpu[1].pause_count = lu_cpu_to_le32(0x80000000u);
    expect_refused(&m, "record 4 (VCPU): a pause count above 65535");
}

static void test_ports(void **state)
{
    struct model m;

    model_init(&m);
    m.ev[2].port = lu_cpu_to_le32(64);
    expect_refused(&m, "record 5 (EVTCHN): ports out of order or out of the "
                   "table");
    model_init(&m);
    m.ev[1].port = lu_cpu_to_le32(1);
    expect_refused(&m, "ports out of order");
    model_init(&m);
    m.ev[1].remote_dom = lu_cpu_to_le16(3);
    expect_refused(&m, "a port of a device model's");
    model_init(&m);
    m.ev[0].notify_vcpu = lu_cpu_to_le32(2);
    expect_refused(&m, "notifying a vCPU the domain does not have");
    model_init(&m);
    m.ev[0].state = 4;
    expect_refused(&m, "a port in an unknown state");
    model_init(&m);
    m.evh.nr_ports = lu_cpu_to_le32(65);
    expect_refused(&m, "larger than this build's");
    model_init(&m);
    m.dom.virq_port[1] = lu_cpu_to_le32(1); /* an unbound port */
    expect_refused(&m, "VIRQ 1 is bound to port 1, which is not a VIRQ's");
}

static void test_ioreq(void **state)
{
    struct model m;

    model_init(&m);
    m.second_ioreq = true;
    expect_refused(&m, "a second IOREQ record");
    model_init(&m);
    m.range.first = lu_cpu_to_le32(0x400);
    expect_refused(&m, "a port range that is not one");
    model_init(&m);
    m.ioh.nr_vcpus = lu_cpu_to_le32(1);
    expect_refused(&m, "a slot count other than the vCPUs'");
    model_init(&m);
    m.slot[1].size = 3;
    expect_refused(&m, "a size other than 1, 2 or 4");
    model_init(&m);
    m.slot[1].state = 0;
    expect_refused(&m, "a vCPU waits for an I/O request that is not there");
    model_init(&m);
    m.slot[1].vcpu_id = 0;
    expect_refused(&m, "I/O request slots out of order");
}

static void test_maps(void **state)
{
    struct model m;

    model_init(&m);
    m.nr_mm = 0;
    expect_refused(&m, "no MEMMAP record");
    model_init(&m); /* RAM reaching into the hole */
    m.mm[0].size = lu_cpu_to_le64((HOLE + 1) * PG);
    expect_refused(&m, "MEMMAP: ");
    model_init(&m); /* a reserved range over the RAM */
    m.nr_mm = 0;
    model_range(&m, 0, 0x10 * PG, LU_MEMMAP_RAM);
    model_range(&m, 0x10 * PG, 0x10 * PG, LU_MEMMAP_RDM);
    model_range(&m, 0x20 * PG, (RAM - 0x20) * PG, LU_MEMMAP_RAM);
    model_range(&m, HOLE * PG, (0x100000 - HOLE) * PG, LU_MEMMAP_MMIO);
    expect_refused(&m, "P2M: frames mapped on a reserved range");
    model_init(&m);
    m.mm[0].size = lu_cpu_to_le64(RAM * PG + 1);
    expect_refused(&m, "(MEMMAP): a range not of whole pages");
    model_init(&m); /* vram half in RAM: outside the hole */
    m.region.gfn = lu_cpu_to_le64(RAM - 2);
    expect_refused(&m, "PHYSMAP region 'vram': ");
    model_init(&m);
    m.region.size = lu_cpu_to_le64(VRAM_NR * PG + 8);
    expect_refused(&m, "PHYSMAP region 'vram': not whole pages");
}

/*
 * DM_STATE, the toolstack's: accepted after the domain's other records,
 * one per device model, with a kind that is a name and a bounded state.
 */
static void test_dm_states(void **state)
{
    static const char *const kinds[] = {"a", "b", "c", "d", "e", "f", "g",
                                        "h", "i"};
    struct model m;
    unsigned int i;

    model_init(&m);
    model_dm(&m, "bankvga", 48);
    model_dm(&m, "other-dm_1.0", 0);
    model_dm(&m, "fifteen-chars-x", LU_DM_STATE_MAX);
    model_write(&m);
    assert_int_equal(check_file(file_size, 16), 0);
    assert_int_equal(check.nr_dm_states, 3);

    model_init(&m);
    for (i = 0; i < LU_DM_STATES_MAX; i++)
        model_dm(&m, kinds[i], 1);
    model_write(&m);
    assert_int_equal(check_file(file_size, 16), 0);
    model_dm(&m, kinds[i], 1);
    expect_refused(&m, "record 20 (DM_STATE): more device-model states "
                   "than a domain has");

    model_init(&m);
    model_dm(&m, "bankvga", 48);
    model_dm(&m, "bankvga", 48);
    expect_refused(&m, "record 13 (DM_STATE): a second state of device "
                   "model 'bankvga'");
    model_init(&m);
    model_dm(&m, "bankvga", LU_DM_STATE_MAX + 1);
    expect_refused(&m, "record 12 (DM_STATE): more than 4096 bytes of "
                   "device-model state");
    model_init(&m);
    m.dom.dm_domid = lu_cpu_to_le16(3);
    model_dm(&m, "bankvga", 48);
    expect_refused(&m, "(DM_STATE): a device model's state, but the "
                   "domain's device model was not the control domain");
    model_init(&m);
    model_dm(&m, "bankvga", 48);
    m.dm_before_pd = true;
    expect_refused(&m, "record 10 (PAGE_DATA): after DM_STATE, which comes "
                   "after the domain's other records");
}

/* CONSOLE_LINE: 1 to 255 characters, once. */
static void test_console_line(void **state)
{
    static const uint32_t good[] = {1, 17, LU_CONSOLE_LINE_MAX};
    struct model m;
    unsigned int i;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        model_init(&m);
        m.line_len[m.nr_lines++] = good[i];
        model_write(&m);
        assert_int_equal(check_file(file_size, 16), 0);
    }
    model_init(&m);
    m.line_len[m.nr_lines++] = 0;
    expect_refused(&m, "(CONSOLE_LINE): a console line of no characters, "
                   "or more than 255");
    model_init(&m);
    m.line_len[m.nr_lines++] = LU_CONSOLE_LINE_MAX + 1;
    expect_refused(&m, "(CONSOLE_LINE): a console line of no characters, "
                   "or more than 255");
    model_init(&m);
    m.line_len[m.nr_lines++] = 5;
    m.line_len[m.nr_lines++] = 5;
    expect_refused(&m, "(CONSOLE_LINE): a second console line");
}

/* Kinds that are not names: empty, a space, a control, 16 characters. */
static void test_dm_state_kinds(void **state)
{
    static const char *const bad[] = {"", "bank vga", "bank\nvga",
                                      "sixteen-chars-xx"};
    struct model m;
    unsigned int i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        model_init(&m);
        model_dm(&m, bad[i], 48);
        expect_refused(&m, "record 12 (DM_STATE): the device model's kind "
                       "is not 1 to 15 printable characters without "
                       "spaces");
    }
}

/* Where record k of file[] starts. */
static size_t rec_off(unsigned int k)
{
    size_t off = lu_get_le32(file + 12);

    while (k--)
        off += 16 + ((lu_get_le32(file + off + 4) + 7) & ~7u);
    return off;
}

/* The stream's own errors come through with its message. */
static void test_stream_errors(void **state)
{
    uint64_t cut;
    struct model m;

    model_init(&m);
    model_write(&m);
    for (cut = 0; cut < file_size; cut += 97) {
        assert_true(check_file(cut, 16) < 0);
        assert_true(lu_savefile_error(&check)[0]);
    }
    assert_true(check_file(file_size - 8, 16) < 0);
    assert_non_null(strstr(lu_savefile_error(&check), "truncated"));
    file[rec_off(3) + 16 + 20] ^= 1; /* a register of the first VCPU */
    assert_int_equal(check_file(file_size, 16), -EINVAL);
    assert_non_null(strstr(lu_savefile_error(&check),
                           "record 3 (VCPU): checksum mismatch"));
    model_init(&m);
    m.live = true;
    m.nr_pd = 0;
    model_write(&m);
    assert_int_equal(check_file(file_size, 16), -EINVAL);
    assert_non_null(strstr(lu_savefile_error(&check),
                           "a live-update stream, not a save file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted),
        cmocka_unit_test(test_runs_room),
        cmocka_unit_test(test_page_data),
        cmocka_unit_test(test_p2m),
        cmocka_unit_test(test_domain),
        cmocka_unit_test(test_vcpus),
        cmocka_unit_test(test_ports),
        cmocka_unit_test(test_ioreq),
        cmocka_unit_test(test_maps),
        cmocka_unit_test(test_dm_states),
        cmocka_unit_test(test_dm_state_kinds),
        cmocka_unit_test(test_console_line),
        cmocka_unit_test(test_stream_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
