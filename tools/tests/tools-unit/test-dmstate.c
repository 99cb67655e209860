/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the device models' state in save files
 * (tools/libs/dmstate): states appended to a save file the codec wrote
 * come back from dmstate_find() byte for byte, after the file's own
 * records; a file the codec refuses (damaged, cut short, a live-update
 * stream) is refused by both with the codec's message naming the record,
 * and appending to it writes nothing; no room, a state too big or a kind
 * with no NUL are refused; a domain whose device model is another is not
 * searched past its DOMAIN record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <xen/errno.h>
#include <xen/lu_stream.h>

#include "dmstate.h"

#define PG    LU_PAGE_SIZE
#define DOMID 4
#define NO_DM 0x7ff4 /* DOMID_INVALID */
#define CAP   (8 * PG)

static uint8_t file[CAP];
static uint64_t file_size;
static struct dmstate states[LU_DM_STATES_MAX + 1];
static struct dmstates found;
static char why[DMSTATE_ERR_LEN];

static void put_record(struct lu_writer *w, uint32_t type, const void *p,
                       size_t len)
{
    assert_int_equal(lu_write_record(w, type, p, (uint32_t)len), 0);
}

/*
 * A save file in file[] of a domain whose device model is dm_domid: its
 * DOMAIN, a page of memory, then the DM_STATE records given (raw, as any
 * writer might have put them), kind of stream as asked.
 */
static void write_file(enum lu_stream_kind kind, uint16_t dm_domid,
                       const struct lu_chunk *extra, unsigned int n_extra)
{
    struct lu_flat f = {file, sizeof(file)};
    struct lu_rec_hypervisor hv = {0};
    struct lu_rec_domain d = {0};
    struct lu_rec_page_data pd = {lu_cpu_to_le16(DOMID), 0, lu_cpu_to_le32(1),
                                  0};
    uint8_t page[16 + PG];
    struct lu_writer w;

    d.domid = lu_cpu_to_le16(DOMID);
    d.dm_domid = lu_cpu_to_le16(dm_domid);
    strcpy(d.name, "vga");
    memcpy(page, &pd, sizeof(pd));
    memset(page + 16, 0x5a, PG);
    memset(file, 0xcc, sizeof(file));
    lu_writer_init(&w, lu_flat_page_out, &f);
    assert_int_equal(lu_write_header(&w, kind, "id", "0.1.0-lu"), 0);
    put_record(&w, LU_REC_HYPERVISOR, &hv, sizeof(hv));
    put_record(&w, LU_REC_DOMAIN, &d, sizeof(d));
    if (kind == LU_STREAM_SAVE_FILE)
        put_record(&w, LU_REC_PAGE_DATA, page, sizeof(page));
    for (unsigned int i = 0; i < n_extra; i++)
        assert_int_equal(
            lu_write_record_v(&w, LU_REC_DM_STATE, &extra[i * 2], 2), 0);
    assert_int_equal(lu_writer_finish(&w, &file_size), 0);
}

static void state_init(struct dmstate *s, const char *kind, uint32_t version,
                       uint32_t len)
{
    memset(s, 0, sizeof(*s));
    strncpy(s->kind, kind, sizeof(s->kind));
    s->version = version;
    s->len = len;
    for (uint32_t i = 0; i < len; i++)
        s->data[i] = (uint8_t)(i * 7 + version);
}

static void expect_why(int rc, int want, const char *needle)
{
    assert_int_equal(rc, want);
    if (!strstr(why, needle))
        fail_msg("'%s' lacks '%s'", why, needle);
}

/* Where record k of file[] starts. */
static size_t rec_off(unsigned int k)
{
    size_t off = lu_get_le32(file + 12);

    while (k--)
        off += 16 + ((lu_get_le32(file + off + 4) + 7) & ~7u);
    return off;
}

static void test_append_and_find(void **state)
{
    uint64_t size;

    (void)state;
    write_file(LU_STREAM_SAVE_FILE, 0, NULL, 0);
    state_init(&states[0], "bankvga", 1, 48);
    state_init(&states[1], "fifteen-chars-x", 7, 0);
    state_init(&states[2], "odd", 2, LU_DM_STATE_MAX - 3);
    size = file_size;
    assert_int_equal(dmstate_append(file, &size, CAP, states, 3, why), 0);
    assert_int_equal(size, file_size + dmstate_bytes(states, 3));
    assert_int_equal(dmstate_bytes(states, 1), 16 + 24 + 48);
    assert_int_equal(dmstate_bytes(&states[2], 1), 16 + 4120);
    assert_int_equal(dmstate_find(file, size, 0, &found, why), 0);
    assert_string_equal(why, "");
    assert_int_equal(found.dm_domid, 0);
    assert_int_equal(found.nr, 3);
    for (unsigned int i = 0; i < 3; i++) {
        assert_string_equal(found.s[i].kind, states[i].kind);
        assert_int_equal(found.s[i].version, states[i].version);
        assert_int_equal(found.s[i].len, states[i].len);
        assert_memory_equal(found.s[i].data, states[i].data, states[i].len);
    }
    /* The file's own records are still there: END moved, nothing else. */
    assert_int_equal(lu_get_le32(file + rec_off(3)), LU_REC_DM_STATE);

    /* Nothing to add: the file as it was. */
    write_file(LU_STREAM_SAVE_FILE, 0, NULL, 0);
    size = file_size;
    assert_int_equal(dmstate_append(file, &size, CAP, states, 0, why), 0);
    assert_int_equal(size, file_size);
    assert_int_equal(dmstate_find(file, size, 0, &found, why), 0);
    assert_int_equal(found.nr, 0);
}

/* Appending to a file the codec refuses writes nothing. */
static void expect_append_refused(uint64_t size, int want, const char *needle)
{
    static uint8_t before[CAP];

    memcpy(before, file, sizeof(file));
    expect_why(dmstate_append(file, &size, CAP, states, 1, why), want, needle);
    assert_memory_equal(file, before, sizeof(file));
}

static void test_append_refused(void **state)
{
    uint64_t size;

    (void)state;
    state_init(&states[0], "bankvga", 1, 48);
    write_file(LU_STREAM_SAVE_FILE, 0, NULL, 0);
    file[rec_off(1) + 16 + 70] ^= 1; /* in DOMAIN's name */
    expect_append_refused(file_size, -EINVAL,
                          "record 1 (DOMAIN): checksum mismatch");
    write_file(LU_STREAM_SAVE_FILE, 0, NULL, 0);
    expect_append_refused(file_size - 16, -EINVAL, "missing END record");
    write_file(LU_STREAM_LIVE_UPDATE, 0, NULL, 0);
    expect_append_refused(file_size, -EINVAL,
                          "a live-update stream, not a save file");

    write_file(LU_STREAM_SAVE_FILE, 0, NULL, 0);
    size = file_size;
    expect_why(dmstate_append(file, &size, file_size + 80, states, 1, why),
               -ENOSPC, "room for");
    state_init(&states[0], "bankvga", 1, LU_DM_STATE_MAX + 1);
    expect_append_refused(file_size, -EINVAL,
                          "the state of device model 0 does not fit");
    state_init(&states[0], "sixteen-chars-xx", 1, 48);
    expect_append_refused(file_size, -EINVAL,
                          "the state of device model 0 does not fit");
}

static void test_find_another_device_model(void **state)
{
    uint8_t head[24] = {0}, data[8] = {0};
    const struct lu_chunk dm[] = {{head, sizeof(head)}, {data, sizeof(data)}};

    (void)state;
    lu_put_le16(head, DOMID);
    memcpy(head + 8, "bankvga", 7);
    write_file(LU_STREAM_SAVE_FILE, NO_DM, dm, 1);
    file[rec_off(3) + 16 + 24] ^= 1; /* never read: not dom0's domain */
    assert_int_equal(dmstate_find(file, file_size, 0, &found, why), 0);
    assert_int_equal(found.dm_domid, NO_DM);
    assert_int_equal(found.nr, 0);
    write_file(LU_STREAM_SAVE_FILE, 0, dm, 1);
    file[rec_off(3) + 16 + 24] ^= 1;
    expect_why(dmstate_find(file, file_size, 0, &found, why), -EINVAL,
               "record 3 (DM_STATE): checksum mismatch");
}

static void test_find_refused(void **state)
{
    static uint8_t data[LU_DM_STATE_MAX + 1];
    uint8_t head[LU_DM_STATES_MAX + 1][24];
    struct lu_chunk dm[2 * (LU_DM_STATES_MAX + 1)];

    (void)state;
    for (unsigned int i = 0; i <= LU_DM_STATES_MAX; i++) {
        memset(head[i], 0, sizeof(head[i]));
        lu_put_le16(head[i], DOMID);
        head[i][8] = (uint8_t)('a' + i);
        dm[2 * i] = (struct lu_chunk){head[i], sizeof(head[i])};
        dm[2 * i + 1] = (struct lu_chunk){data, 1};
    }
    write_file(LU_STREAM_SAVE_FILE, 0, dm, LU_DM_STATES_MAX);
    assert_int_equal(dmstate_find(file, file_size, 0, &found, why), 0);
    assert_int_equal(found.nr, LU_DM_STATES_MAX);
    write_file(LU_STREAM_SAVE_FILE, 0, dm, LU_DM_STATES_MAX + 1);
    expect_why(dmstate_find(file, file_size, 0, &found, why), -EINVAL,
               "record 11 (DM_STATE): more device-model states than a "
               "domain has");
    dm[1].len = sizeof(data);
    write_file(LU_STREAM_SAVE_FILE, 0, dm, 1);
    expect_why(dmstate_find(file, file_size, 0, &found, why), -EINVAL,
               "record 3 (DM_STATE): 4097 bytes of state, more than 4096");
    dm[1].len = 1;
    memset(head[0] + 8, 'k', 16);
    write_file(LU_STREAM_SAVE_FILE, 0, dm, 1);
    expect_why(dmstate_find(file, file_size, 0, &found, why), -EINVAL,
               "record 3 (DM_STATE): the device model's kind is not a name");
    write_file(LU_STREAM_SAVE_FILE, 0, NULL, 0);
    expect_why(dmstate_find(file, file_size - 8, 0, &found, why), -EINVAL,
               "truncated");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_and_find),
        cmocka_unit_test(test_append_refused),
        cmocka_unit_test(test_find_another_device_model),
        cmocka_unit_test(test_find_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
