/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writes the seed corpus for fuzz-lu-stream into the directory given: a
 * live-update stream with every record type (and an unknown optional
 * one), a save file with PAGE_DATA, each behind the mode bytes that make
 * the fuzzer read it as it is and with checksums fixed up, a save file
 * the save-file checker accepts, plus a breadcrumb.  Built with the real writer, so the seeds follow the format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/lu_stream.h>

#define PG LU_PAGE_SIZE

static uint8_t stream[16 * PG];
static uint8_t zero[2 * PG];

/* Write one record whose payload is zero except a domid at offset 0. */
static void rec(struct lu_writer *w, uint32_t type, uint16_t domid,
                uint32_t len)
{
    lu_put_le16(zero, domid);
    if (lu_write_record(w, type, zero, len)) {
        fprintf(stderr, "gen-seeds: %s\n", lu_writer_error(w));
        exit(1);
    }
}

static uint64_t make(enum lu_stream_kind kind)
{
    struct lu_flat f = { stream, sizeof(stream) };
    struct lu_writer w;
    uint64_t bytes;

    memset(stream, 0, sizeof(stream));
    lu_writer_init(&w, lu_flat_page_out, &f);
    lu_write_header(&w, kind, "0123456789abcdef0123456789abcdef01234567",
                    "0.1.0-lu");
    rec(&w, LU_REC_HYPERVISOR, 0, sizeof(struct lu_rec_hypervisor));
    if (kind == LU_STREAM_LIVE_UPDATE) {
        rec(&w, LU_REC_BROKEN_PAGES, 0, 2 * sizeof(struct lu_frame_range));
        rec(&w, LU_REC_CONSOLE_LOG, 0, 8 + 13);
        rec(&w, LU_REC_OPTIONAL | 0x55, 0, 5);
    }
    rec(&w, LU_REC_DOMAIN, 1, sizeof(struct lu_rec_domain));
    if (kind == LU_STREAM_LIVE_UPDATE) {
        rec(&w, LU_REC_DOMAIN_PAGES, 1, 8 + 2 * 16);
        rec(&w, LU_REC_SHARED_PAGES, 1, sizeof(struct lu_rec_shared_pages));
    }
    rec(&w, LU_REC_P2M, 1, 8 + 2 * 24);
    rec(&w, LU_REC_VCPU, 1, sizeof(struct lu_rec_vcpu));
    rec(&w, LU_REC_EVTCHN, 1, 8 + 3 * 16);
    rec(&w, LU_REC_IOREQ, 1, 24);
    rec(&w, LU_REC_PHYSMAP, 1, 8 + sizeof(struct lu_physmap_entry));
    rec(&w, LU_REC_MEMMAP, 1, sizeof(struct lu_rec_memmap) + 2 * 24);
    rec(&w, LU_REC_CONSOLE_LINE, 1, 8 + 11);
    if (kind == LU_STREAM_SAVE_FILE) {
        lu_put_le32(zero + 4, 1);
        rec(&w, LU_REC_PAGE_DATA, 1, 16 + PG);
        lu_put_le32(zero + 4, 0);
        rec(&w, LU_REC_DM_STATE, 1, sizeof(struct lu_rec_dm_state) + 7);
    }
    if (lu_writer_finish(&w, &bytes)) {
        fprintf(stderr, "gen-seeds: %s\n", lu_writer_error(&w));
        exit(1);
    }
    return bytes;
}

/*
 * A save file the checker accepts: one vCPU, two frames of RAM, the
 * shared info page after them, a memory map with the hole, a console line
 * begun, PAGE_DATA and a device model's state.
 */
static uint64_t make_valid_save(void)
{
    struct lu_flat f = { stream, sizeof(stream) };
    struct lu_rec_domain_list head = { lu_cpu_to_le16(3), 0, 0 };
    struct lu_rec_domain d = { 0 };
    struct lu_p2m_extent p2m[2] = {
        { 0, lu_cpu_to_le64(LU_INVALID_FRAME), lu_cpu_to_le32(2),
          lu_cpu_to_le32(LU_P2M_RAM) },
        { lu_cpu_to_le64(2), lu_cpu_to_le64(LU_INVALID_FRAME),
          lu_cpu_to_le32(1), lu_cpu_to_le32(LU_P2M_SPECIAL) } };
    struct lu_rec_vcpu v = { 0 };
    struct lu_rec_evtchn ev = { lu_cpu_to_le16(3), 0, lu_cpu_to_le32(64) };
    struct lu_rec_memmap mh = { lu_cpu_to_le16(3), 0, 0, lu_cpu_to_le64(1) };
    struct lu_memmap_entry mm[2] = {
        { 0, lu_cpu_to_le64(2 * PG), lu_cpu_to_le32(LU_MEMMAP_RAM), 0 },
        { lu_cpu_to_le64(0xf0000000ULL), lu_cpu_to_le64(0x10000000ULL),
          lu_cpu_to_le32(LU_MEMMAP_MMIO), 0 } };
    struct lu_rec_page_data pd = { lu_cpu_to_le16(3), 0, lu_cpu_to_le32(2),
                                   0 };
    const struct lu_chunk p2m_c[] = { { &head, 8 }, { p2m, sizeof(p2m) } };
    const struct lu_chunk mm_c[] = { { &mh, sizeof(mh) }, { mm, sizeof(mm) } };
    const struct lu_chunk pd_c[] = { { &pd, sizeof(pd) }, { zero, 2 * PG } };
    struct lu_rec_dm_state dm = { lu_cpu_to_le16(3), 0, lu_cpu_to_le32(1),
                                  "bankvga" };
    const struct lu_chunk dm_c[] = { { &dm, sizeof(dm) }, { zero, 48 } };
    const struct lu_chunk line_c[] = { { &head, 8 }, { "half a li", 9 } };
    struct lu_writer w;
    uint64_t bytes;

    d.domid = v.domid = lu_cpu_to_le16(3);
    d.dm_domid = lu_cpu_to_le16(0x7ff4);
    d.tot_pages = d.max_pages = lu_cpu_to_le64(2);
    d.max_vcpus = lu_cpu_to_le32(1);
    d.shared_info_gfn = lu_cpu_to_le64(2);
    d.start_info_gfn = lu_cpu_to_le64(1);
    memcpy(d.name, "seed", 4);
    memset(stream, 0, sizeof(stream));
    memset(zero, 0, sizeof(zero));
    lu_writer_init(&w, lu_flat_page_out, &f);
    lu_write_header(&w, LU_STREAM_SAVE_FILE, "seed", "0.1.0-lu");
    rec(&w, LU_REC_HYPERVISOR, 0, sizeof(struct lu_rec_hypervisor));
    lu_write_record(&w, LU_REC_DOMAIN, &d, sizeof(d));
    lu_write_record_v(&w, LU_REC_P2M, p2m_c, 2);
    lu_write_record(&w, LU_REC_VCPU, &v, sizeof(v));
    lu_write_record(&w, LU_REC_EVTCHN, &ev, sizeof(ev));
    lu_write_record_v(&w, LU_REC_MEMMAP, mm_c, 2);
    lu_write_record_v(&w, LU_REC_CONSOLE_LINE, line_c, 2);
    lu_write_record_v(&w, LU_REC_PAGE_DATA, pd_c, 2);
    lu_write_record_v(&w, LU_REC_DM_STATE, dm_c, 2);
    if (lu_writer_finish(&w, &bytes)) {
        fprintf(stderr, "gen-seeds: %s\n", lu_writer_error(&w));
        exit(1);
    }
    return bytes;
}

static void emit(const char *dir, const char *name, uint8_t mode,
                 const void *data, size_t size)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (!f || fputc(mode, f) == EOF || fwrite(data, 1, size, f) != size ||
        fclose(f)) {
        perror(path);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    struct lu_crumb c = { 0x200000, 2, 4200, 0x12345678, 0, 1000000, 1000000,
                          0 };
    uint8_t crumb[LU_BREADCRUMB_SIZE];
    uint64_t n;

    if (argc != 2) {
        fprintf(stderr, "usage: gen-seeds DIR\n");
        return 2;
    }
    n = make(LU_STREAM_LIVE_UPDATE);
    emit(argv[1], "live", 0x00, stream, n);       /* read as live */
    emit(argv[1], "live-fix", 0x0d, stream, n);   /* fixed up, any, pieces */
    n = make(LU_STREAM_SAVE_FILE);
    emit(argv[1], "save", 0x02, stream, n);       /* read as save */
    emit(argv[1], "save-fix", 0x07, stream, n);   /* fixed up, any */
    n = make_valid_save();
    emit(argv[1], "save-valid", 0x02, stream, n); /* one the checker takes */
    lu_breadcrumb_encode(crumb, &c);
    emit(argv[1], "crumb", 0x00, crumb, sizeof(crumb));
    return 0;
}
