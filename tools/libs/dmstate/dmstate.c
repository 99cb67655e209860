/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DM_STATE records in save files (dmstate.h): appended to a whole file
 * through the codec's lu_writer_init_append(), found with its reader.
 * Both read the whole file with every check of the format on the way, so
 * a damaged one is refused with the codec's message naming the record.
 */
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/lu_stream.h>
#include <xen/string.h>

#include "dmstate.h"

_Static_assert(DMSTATE_ERR_LEN == LU_ERR_LEN, "messages are the codec's");

/* A record's bytes in a stream: header, payload, padding to 8. */
static uint64_t dmstate_record_bytes(const struct dmstate *s)
{
    uint64_t payload = sizeof(struct lu_rec_dm_state) + s->len;

    return sizeof(struct lu_record_header) + ((payload + 7) & ~7ull);
}

uint64_t dmstate_bytes(const struct dmstate *states, unsigned int n)
{
    uint64_t bytes = 0;

    for (unsigned int i = 0; i < n; i++)
        bytes += dmstate_record_bytes(&states[i]);
    return bytes;
}

/* Whether a DM_STATE record can carry s: a kind with its NUL, the size. */
static bool dmstate_fits(const struct dmstate *s)
{
    return strnlen(s->kind, sizeof(s->kind)) < sizeof(s->kind) &&
           s->len <= LU_DM_STATE_MAX;
}

/* s as a DM_STATE record of the domain whose records w is among. */
static int dmstate_write(struct lu_writer *w, const struct dmstate *s)
{
    struct lu_rec_dm_state head = {0};
    const struct lu_chunk c[] = {{&head, sizeof(head)}, {s->data, s->len}};

    head.domid = lu_cpu_to_le16(w->order.domid); /* the file's domain */
    head.version = lu_cpu_to_le32(s->version);
    memcpy(head.kind, s->kind, strnlen(s->kind, sizeof(s->kind)));
    return lu_write_record_v(w, LU_REC_DM_STATE, c, 2);
}

int dmstate_append(void *file, uint64_t *size, uint64_t cap,
                   const struct dmstate *states, unsigned int n, char *why)
{
    struct lu_flat in = {file, (size_t)*size}, out = {file, (size_t)cap};
    uint64_t bytes = *size + dmstate_bytes(states, n);
    struct lu_writer w;
    int rc;

    for (unsigned int i = 0; i < n; i++)
        if (!dmstate_fits(&states[i]))
            return lu_error(why, -EINVAL,
                            "the state of device model %u "
                            "does not fit a DM_STATE record",
                            i);
    if (bytes > cap)
        return lu_error(why, -ENOSPC,
                        "%llu bytes with the device models' "
                        "state, room for %llu",
                        (unsigned long long)bytes, (unsigned long long)cap);
    rc = lu_writer_init_append(&w, lu_flat_page_out, &out, lu_flat_page_in, &in,
                               *size, LU_STREAM_SAVE_FILE);
    for (unsigned int i = 0; !rc && i < n; i++)
        rc = dmstate_write(&w, &states[i]);
    if (!rc)
        rc = lu_writer_finish(&w, size);
    if (rc)
        memcpy(why, lu_writer_error(&w), LU_ERR_LEN);
    return rc;
}

/* DM_STATE: its state into the next of out's. */
static int dmstate_take(struct lu_reader *r, const struct lu_record *rec,
                        struct dmstates *out, char *why)
{
    uint32_t len = rec->length - (uint32_t)sizeof(struct lu_rec_dm_state);
    struct dmstate *s = &out->s[out->nr];
    struct lu_rec_dm_state head;
    int rc;

    if (len > LU_DM_STATE_MAX)
        return lu_error(why, -EINVAL,
                        "record %u (DM_STATE): %u bytes of "
                        "state, more than %u",
                        rec->index, len, LU_DM_STATE_MAX);
    if (out->nr == LU_DM_STATES_MAX)
        return lu_error(why, -EINVAL,
                        "record %u (DM_STATE): more "
                        "device-model states than a domain has",
                        rec->index);
    if ((rc = lu_read_payload(r, &head, sizeof(head))))
        return rc;
    if (strnlen(head.kind, sizeof(head.kind)) == sizeof(head.kind))
        return lu_error(why, -EINVAL,
                        "record %u (DM_STATE): the device "
                        "model's kind is not a name",
                        rec->index);
    memcpy(s->kind, head.kind, sizeof(s->kind));
    s->version = lu_le32_to_cpu(head.version);
    s->len = len;
    if ((rc = lu_read_payload(r, s->data, len)))
        return rc;
    out->nr++;
    return 0;
}

int dmstate_find(const void *file, uint64_t size, uint16_t dm_domid,
                 struct dmstates *out, char *why)
{
    struct lu_flat in = {(void *)file, (size_t)size};
    struct lu_rec_domain dom;
    struct lu_reader r;
    struct lu_record rec;
    int rc;

    why[0] = '\0';
    out->dm_domid = DOMID_INVALID;
    out->nr = 0;
    rc = lu_reader_init(&r, lu_flat_page_in, &in, size, LU_STREAM_SAVE_FILE);
    while (!rc && (rc = lu_read_next(&r, &rec)) > 0) {
        rc = 0;
        if (rec.type == LU_REC_DM_STATE) {
            rc = dmstate_take(&r, &rec, out, why);
        } else if (rec.type == LU_REC_DOMAIN &&
                   !(rc = lu_read_struct(&r, &dom, sizeof(dom)))) {
            out->dm_domid = lu_le16_to_cpu(dom.dm_domid);
            if (out->dm_domid != dm_domid)
                return 0; /* not dm_domid's: none of its states here */
        }
    }
    if (rc && !why[0])
        memcpy(why, lu_reader_error(&r), LU_ERR_LEN);
    return rc;
}
