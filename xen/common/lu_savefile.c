/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checking a save file as a whole (xen/lu_savefile.h), so that `xl
 * restore` refuses a bad one before it creates anything.  The reader
 * (lu_stream.c) has already checked each record's framing, checksum,
 * length and place; here each record's values are checked as a restorer
 * will use them, and at END what only the whole file shows.
 *
 * PAGE_DATA is checked in one pass without keeping a bit per frame: the
 * P2M's extents come in increasing gfn and are kept as runs (neighbours of
 * one kind merged), and PAGE_DATA must then walk the RAM runs front to
 * back -- each record starting where the last one stopped, inside one run
 * -- which gives every RAM frame exactly once or fails naming the record.
 */
#include <public/domctl.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/lu_savefile.h>
#include <xen/string.h>

/* A problem with record rec; returns -EINVAL. */
static int lu_sf_bad(struct lu_savefile_check *c, const struct lu_record *rec,
                     const char *why)
{
    const char *name = lu_record_name(rec->type);

    return lu_error(c->err, -EINVAL, "record %u (%s): %s", rec->index,
                    name ? name : "unknown", why);
}

static bool lu_sf_frame_ok(const struct lu_savefile_check *c, uint64_t gfn)
{
    return gfn == LU_INVALID_FRAME || gfn < c->limits.max_gfn;
}

/* 1 to size - 1 printable characters (spaces only if allowed), NUL padded. */
static bool lu_sf_name_ok(const char *name, size_t size, bool spaces)
{
    size_t i, len = strnlen(name, size);

    if (!len || len == size)
        return false;
    for (i = 0; i < len; i++)
        if (name[i] < (spaces ? 0x20 : 0x21) || name[i] > 0x7e)
            return false;
    return true;
}

static int lu_sf_hypervisor(struct lu_reader *r, struct lu_savefile_check *c)
{
    struct lu_rec_hypervisor h;
    int rc = lu_read_struct(r, &h, sizeof(h));

    if (!rc)
        c->info.saved_ns = lu_le64_to_cpu(h.system_time_ns);
    return rc;
}

#define LU_DOMAIN_FLAGS (LU_DOMAIN_PRIVILEGED | LU_DOMAIN_SHUT_DOWN)

/* Pauses a saved domain or vCPU may hold: a count, never near wrapping. */
#define LU_SF_MAX_PAUSES 65535

/* The most frames a domain may be allowed: RAM, regions, a placeholder. */
#define LU_SF_MAX_PAGES                                                       \
    (XEN_DOMCTL_MAX_MEMORY_PAGES + PHYSMAP_MAX_REGIONS * PHYSMAP_MAX_FRAMES + 1)

/* Why a DOMAIN record cannot be restored from a file, or NULL. */
static const char *lu_sf_domain_why(const struct lu_savefile_check *c,
                                    const struct lu_rec_domain *x)
{
    uint32_t flags = lu_le32_to_cpu(x->flags);
    uint32_t vcpus = lu_le32_to_cpu(x->max_vcpus);

    if (c->seen_domain)
        return "a second domain: a save file holds one";
    if (flags & LU_DOMAIN_PRIVILEGED)
        return "the control domain cannot be restored from a file";
    if (flags & LU_DOMAIN_SHUT_DOWN)
        return "the domain had shut down when it was saved";
    if (flags & ~LU_DOMAIN_FLAGS)
        return "unknown flags";
    if (!lu_sf_name_ok(x->name, sizeof(x->name), true))
        return "the name is not 1 to 63 printable characters";
    if (!vcpus || vcpus > c->limits.max_vcpus)
        return "more vCPUs than this build runs, or none";
    if (lu_le32_to_cpu(x->on_crash) > XEN_DOMCTL_ON_CRASH_PRESERVE)
        return "unknown on_crash";
    if (lu_le32_to_cpu(x->pause_count) > LU_SF_MAX_PAUSES)
        return "a pause count above " __stringify(LU_SF_MAX_PAUSES);
    if (lu_le64_to_cpu(x->tot_pages) > lu_le64_to_cpu(x->max_pages) ||
        lu_le64_to_cpu(x->max_pages) > LU_SF_MAX_PAGES)
        return "more frames than its allowance, or an allowance no domain "
               "may have";
    if (!lu_sf_frame_ok(c, lu_le64_to_cpu(x->shared_info_gfn)) ||
        !lu_sf_frame_ok(c, lu_le64_to_cpu(x->start_info_gfn)))
        return "a page beyond the guest-physical space";
    return NULL;
}

static int lu_sf_domain(struct lu_reader *r, struct lu_savefile_check *c,
                        const struct lu_record *rec)
{
    struct lu_rec_domain *x = &c->dom;
    const char *why;
    int rc = lu_read_struct(r, x, sizeof(*x));

    if (rc)
        return rc;
    if ((why = lu_sf_domain_why(c, x)))
        return lu_sf_bad(c, rec, why);
    c->seen_domain = true;
    c->info.domid = lu_le16_to_cpu(x->domid);
    c->info.dm_domid = lu_le16_to_cpu(x->dm_domid);
    memcpy(c->info.name, x->name, sizeof(c->info.name));
    c->info.max_vcpus = lu_le32_to_cpu(x->max_vcpus);
    c->info.tot_pages = lu_le64_to_cpu(x->tot_pages);
    return 0;
}

/* DOMAIN_PAGES: allowed, but a file names no machine frame. */
static int lu_sf_domain_pages(struct lu_reader *r, struct lu_savefile_check *c,
                              const struct lu_record *rec)
{
    struct lu_rec_domain_list head;
    struct lu_page_block b;
    uint32_t i, n = (rec->length - sizeof(head)) / sizeof(b);
    int rc = lu_read_payload(r, &head, sizeof(head));

    for (i = 0; !rc && i < n; i++)
        if (!(rc = lu_read_payload(r, &b, sizeof(b))) &&
            lu_le64_to_cpu(b.mfn) != LU_INVALID_FRAME)
            return lu_sf_bad(c, rec, "a page block names a machine frame");
    return rc;
}

/* Add an extent to the runs, merged with the last one if it continues it. */
static void lu_sf_run_add(struct lu_savefile_check *c, uint64_t gfn,
                          uint64_t nr, uint32_t type)
{
    struct lu_savefile_run *last = &c->last_run;

    if (c->nr_runs && last->type == type && last->gfn + last->nr == gfn) {
        last->nr += nr;
    } else {
        *last = (struct lu_savefile_run){gfn, nr, type};
        c->nr_runs++;
    }
    if (c->nr_runs <= c->max_runs)
        c->runs[c->nr_runs - 1] = *last;
}

/* Why a P2M extent cannot be in a file, or NULL. */
static const char *lu_sf_extent_why(struct lu_savefile_check *c,
                                    const struct lu_p2m_extent *e)
{
    uint64_t gfn = lu_le64_to_cpu(e->gfn), nr = lu_le32_to_cpu(e->nr);
    uint32_t type = lu_le32_to_cpu(e->type);

    if (!nr || gfn >= c->limits.max_gfn || nr > c->limits.max_gfn - gfn)
        return "an extent beyond the guest-physical space";
    if (gfn < c->p2m_end)
        return "extents out of order or overlapping";
    if (lu_le64_to_cpu(e->mfn) != LU_INVALID_FRAME)
        return "an extent names a machine frame";
    switch (type) {
    case LU_P2M_RAM:
    case LU_P2M_MMIO_DM:
        return NULL;
    case LU_P2M_SPECIAL:
        if (c->seen_special || nr != 1 ||
            gfn != lu_le64_to_cpu(c->dom.shared_info_gfn))
            return "a hypervisor page other than the shared info page";
        c->seen_special = true;
        return NULL;
    case LU_P2M_FOREIGN:
        return "a foreign mapping (a device model's): not in a file";
    default:
        return "an extent of unknown type";
    }
}

static int lu_sf_p2m(struct lu_reader *r, struct lu_savefile_check *c,
                     const struct lu_record *rec)
{
    struct lu_rec_domain_list head;
    struct lu_p2m_extent e;
    uint32_t i, n = (rec->length - sizeof(head)) / sizeof(e);
    const char *why;
    int rc = lu_read_payload(r, &head, sizeof(head));

    if (!rc && c->seen_pages)
        return lu_sf_bad(c, rec, "P2M after PAGE_DATA");
    for (i = 0; !rc && i < n; i++) {
        if ((rc = lu_read_payload(r, &e, sizeof(e))))
            break;
        if ((why = lu_sf_extent_why(c, &e)))
            return lu_sf_bad(c, rec, why);
        lu_sf_run_add(c, lu_le64_to_cpu(e.gfn), lu_le32_to_cpu(e.nr),
                      lu_le32_to_cpu(e.type));
        c->p2m_end = lu_le64_to_cpu(e.gfn) + lu_le32_to_cpu(e.nr);
        if (lu_le32_to_cpu(e.type) == LU_P2M_RAM)
            c->ram_frames += lu_le32_to_cpu(e.nr);
    }
    return rc;
}

#define LU_VCPU_FLAGS (LU_VCPU_INITIALISED | LU_VCPU_BLOCKED | \
                       LU_VCPU_IN_TRAP_HANDLER | LU_VCPU_POLLING)

static int lu_sf_vcpu(struct lu_reader *r, struct lu_savefile_check *c,
                      const struct lu_record *rec)
{
    struct lu_rec_vcpu *x = &c->vcpu;
    const char *why;
    uint32_t flags;
    int rc = lu_read_struct(r, x, sizeof(*x));

    if (rc)
        return rc;
    flags = lu_le32_to_cpu(x->flags);
    if (lu_le32_to_cpu(x->vcpu_id) != c->nr_vcpus ||
        c->nr_vcpus >= c->info.max_vcpus)
        return lu_sf_bad(c, rec, "VCPU records out of order, or too many");
    if (flags & ~LU_VCPU_FLAGS)
        return lu_sf_bad(c, rec, "unknown flags");
    if (lu_le32_to_cpu(x->nr_poll_ports) > LU_MAX_POLL_PORTS)
        return lu_sf_bad(c, rec, "too many poll ports");
    if (lu_le32_to_cpu(x->pause_count) > LU_SF_MAX_PAUSES)
        return lu_sf_bad(c, rec, "a pause count above "
                         __stringify(LU_SF_MAX_PAUSES));
    if ((flags & LU_VCPU_INITIALISED) && c->limits.vcpu_bad &&
        (why = c->limits.vcpu_bad(x)))
        return lu_sf_bad(c, rec, why);
    c->nr_vcpus++;
    return 0;
}

/* Why an event channel cannot be restored, or NULL; notes VIRQ ports. */
static const char *lu_sf_port_why(struct lu_savefile_check *c,
                                  const struct lu_evtchn_entry *x)
{
    uint32_t port = lu_le32_to_cpu(x->port);
    unsigned int v;

    if (port <= c->last_port || port >= c->nr_ports)
        return "ports out of order or out of the table";
    if (x->state < LU_EVTCHN_UNBOUND || x->state > LU_EVTCHN_XEN)
        return "a port in an unknown state";
    if (x->flags & ~(LU_EVTCHN_PENDING | LU_EVTCHN_MASKED))
        return "a port with unknown flags";
    if (lu_le32_to_cpu(x->notify_vcpu) >= c->info.max_vcpus)
        return "a port notifying a vCPU the domain does not have";
    if (x->state == LU_EVTCHN_XEN &&
        lu_le16_to_cpu(x->remote_dom) != DOMID_XEN)
        return "a port of a device model's: not in a file";
    for (v = 0; x->state == LU_EVTCHN_XEN && v < LU_NR_VIRQS; v++)
        if (lu_le32_to_cpu(c->dom.virq_port[v]) == port)
            c->virq_found |= 1u << v;
    c->last_port = port;
    return NULL;
}

static int lu_sf_evtchn(struct lu_reader *r, struct lu_savefile_check *c,
                        const struct lu_record *rec)
{
    struct lu_rec_evtchn head;
    struct lu_evtchn_entry x;
    uint32_t i, nr_ports, n = (rec->length - sizeof(head)) / sizeof(x);
    const char *why;
    int rc = lu_read_payload(r, &head, sizeof(head));

    if (rc)
        return rc;
    nr_ports = lu_le32_to_cpu(head.nr_ports);
    if ((c->nr_ports && nr_ports != c->nr_ports) || !nr_ports ||
        nr_ports > c->limits.max_ports)
        return lu_sf_bad(c, rec, "a port table of no size, another size "
                         "or larger than this build's");
    c->nr_ports = nr_ports;
    for (i = 0; i < n; i++) {
        if ((rc = lu_read_payload(r, &x, sizeof(x))))
            return rc;
        if ((why = lu_sf_port_why(c, &x)))
            return lu_sf_bad(c, rec, why);
    }
    return 0;
}

/* Why a vCPU's I/O request slot cannot be, or NULL. */
static const char *lu_sf_ioreq_slot_why(const struct lu_ioreq_vcpu *s,
                                        uint32_t index)
{
    uint32_t flags = lu_le32_to_cpu(s->flags);

    if (lu_le32_to_cpu(s->vcpu_id) != index)
        return "I/O request slots out of order";
    if ((flags & ~LU_IOREQ_PENDING) || s->dir > 1 || s->state > 3)
        return "an I/O request with unknown flags, direction or state";
    if (s->state && s->size != 1 && s->size != 2 && s->size != 4)
        return "an I/O request of a size other than 1, 2 or 4";
    if ((flags & LU_IOREQ_PENDING) && !s->state)
        return "a vCPU waits for an I/O request that is not there";
    return NULL;
}

static int lu_sf_ioreq(struct lu_reader *r, struct lu_savefile_check *c,
                       const struct lu_record *rec)
{
    struct lu_rec_ioreq head;
    struct lu_ioreq_range range;
    struct lu_ioreq_vcpu slot;
    uint32_t i, nr_ranges, nr_vcpus;
    const char *why;
    int rc = lu_read_payload(r, &head, sizeof(head));

    if (rc)
        return rc;
    nr_ranges = lu_le32_to_cpu(head.nr_ranges);
    nr_vcpus = lu_le32_to_cpu(head.nr_vcpus);
    if (c->seen_ioreq)
        return lu_sf_bad(c, rec, "a second IOREQ record");
    if (nr_ranges > c->limits.max_io_ranges ||
        (nr_vcpus && nr_vcpus != c->info.max_vcpus))
        return lu_sf_bad(c, rec, "more port ranges than this build takes, "
                         "or a slot count other than the vCPUs'");
    c->seen_ioreq = true;
    for (i = 0; i < nr_ranges; i++) {
        if ((rc = lu_read_payload(r, &range, sizeof(range))))
            return rc;
        if (lu_le32_to_cpu(range.first) > lu_le32_to_cpu(range.last) ||
            lu_le32_to_cpu(range.last) > 0xffff)
            return lu_sf_bad(c, rec, "a port range that is not one");
    }
    for (i = 0; i < nr_vcpus; i++) {
        if ((rc = lu_read_payload(r, &slot, sizeof(slot))))
            return rc;
        if ((why = lu_sf_ioreq_slot_why(&slot, i)))
            return lu_sf_bad(c, rec, why);
    }
    return 0;
}

static int lu_sf_physmap(struct lu_reader *r, struct lu_savefile_check *c,
                         const struct lu_record *rec)
{
    struct lu_rec_domain_list head;
    uint32_t i, n = (rec->length - sizeof(head)) /
                    sizeof(struct lu_physmap_entry);
    int rc = lu_read_payload(r, &head, sizeof(head));

    if (!rc && n > PHYSMAP_MAX_REGIONS - c->info.nr_regions)
        return lu_sf_bad(c, rec, "more physmap regions than a domain has");
    for (i = 0; !rc && i < n; i++)
        rc = lu_read_payload(r, &c->regions[c->info.nr_regions++],
                             sizeof(c->regions[0]));
    return rc;
}

static int lu_sf_memmap(struct lu_reader *r, struct lu_savefile_check *c,
                        const struct lu_record *rec)
{
    struct lu_rec_memmap head;
    struct lu_memmap_entry e;
    uint32_t i, n = (rec->length - sizeof(head)) / sizeof(e);
    uint64_t addr, size;
    int rc = lu_read_payload(r, &head, sizeof(head));

    if (rc)
        return rc;
    if (c->seen_memmap && memcmp(&head, &c->memmap_head, sizeof(head)))
        return lu_sf_bad(c, rec, "MEMMAP records that disagree");
    if (n > MEMMAP_MAX_EXPORT - c->info.nr_memmap)
        return lu_sf_bad(c, rec, "a memory map longer than a domain has");
    c->memmap_head = head;
    c->seen_memmap = true;
    for (i = 0; i < n; i++) {
        if ((rc = lu_read_payload(r, &e, sizeof(e))))
            return rc;
        addr = lu_le64_to_cpu(e.addr);
        size = lu_le64_to_cpu(e.size);
        if ((addr | size) & (LU_PAGE_SIZE - 1))
            return lu_sf_bad(c, rec, "a range not of whole pages");
        c->memmap[c->info.nr_memmap++] = (struct memmap_range){
            addr / LU_PAGE_SIZE, size / LU_PAGE_SIZE, lu_le32_to_cpu(e.type)};
    }
    return 0;
}

/* Move the PAGE_DATA cursor to the next RAM frame not yet given. */
static void lu_sf_cursor_settle(struct lu_savefile_check *c)
{
    while (c->cursor_run < c->nr_runs &&
           (c->runs[c->cursor_run].type != LU_P2M_RAM ||
            c->cursor_gfn == c->runs[c->cursor_run].gfn +
                                 c->runs[c->cursor_run].nr))
        if (++c->cursor_run < c->nr_runs)
            c->cursor_gfn = c->runs[c->cursor_run].gfn;
}

static int lu_sf_page_data(struct lu_reader *r, struct lu_savefile_check *c,
                           const struct lu_record *rec)
{
    const struct lu_savefile_run *run;
    struct lu_rec_page_data head;
    uint64_t gfn, count;
    int rc = lu_read_payload(r, &head, sizeof(head));

    if (rc)
        return rc;
    if (!c->seen_pages && c->nr_runs)
        c->cursor_gfn = c->runs[0].gfn;
    c->seen_pages = true;
    if (c->nr_runs > c->max_runs)
        return 0; /* the runs are not all kept: -E2BIG at END */
    gfn = lu_le64_to_cpu(head.gfn);
    count = lu_le32_to_cpu(head.count);
    lu_sf_cursor_settle(c);
    if (c->cursor_run == c->nr_runs)
        return lu_sf_bad(c, rec, "frames beyond the P2M's RAM, or given "
                         "twice");
    run = &c->runs[c->cursor_run];
    if (gfn != c->cursor_gfn)
        return lu_error(c->err, -EINVAL, "record %u (PAGE_DATA): frame "
                        "0x%llx where RAM frame 0x%llx comes next (frames "
                        "given twice, out of order or missing)", rec->index,
                        (unsigned long long)gfn,
                        (unsigned long long)c->cursor_gfn);
    if (count > run->gfn + run->nr - gfn)
        return lu_sf_bad(c, rec, "frames beyond the RAM extent they start "
                         "in");
    c->cursor_gfn += count;
    c->covered += count;
    return 0; /* the reader checked the contents' checksum */
}

/*
 * DM_STATE: the toolstack's, the state of a device model of the domain;
 * the hypervisor skips it, but checks its kind and size, and that each
 * kind has one.
 */
static int lu_sf_dm_state(struct lu_reader *r, struct lu_savefile_check *c,
                          const struct lu_record *rec)
{
    struct lu_rec_dm_state head;
    unsigned int i;
    int rc = lu_read_payload(r, &head, sizeof(head));

    if (rc)
        return rc;
    /* xl restore hands states only to the control domain's models. */
    if (lu_le16_to_cpu(c->dom.dm_domid) != 0)
        return lu_sf_bad(c, rec, "a device model's state, but the "
                         "domain's device model was not the control "
                         "domain");
    if (!lu_sf_name_ok(head.kind, sizeof(head.kind), false))
        return lu_sf_bad(c, rec, "the device model's kind is not 1 to 15 "
                         "printable characters without spaces");
    if (rec->length - sizeof(head) > LU_DM_STATE_MAX)
        return lu_sf_bad(c, rec, "more than 4096 bytes of device-model "
                         "state");
    for (i = 0; i < c->nr_dm_states; i++)
        if (!memcmp(c->dm_kinds[i], head.kind, sizeof(head.kind)))
            return lu_error(c->err, -EINVAL, "record %u (DM_STATE): a "
                            "second state of device model '%s'",
                            rec->index, head.kind);
    if (c->nr_dm_states == LU_DM_STATES_MAX)
        return lu_sf_bad(c, rec, "more device-model states than a domain "
                         "has");
    memcpy(c->dm_kinds[c->nr_dm_states++], head.kind, sizeof(head.kind));
    return 0;
}

/* CONSOLE_LINE: 1 to LU_CONSOLE_LINE_MAX characters, once. */
static int lu_sf_console_line(struct lu_savefile_check *c,
                              const struct lu_record *rec)
{
    uint32_t n = rec->length - sizeof(struct lu_rec_domain_list);

    if (c->seen_console_line)
        return lu_sf_bad(c, rec, "a second console line");
    if (!n || n > LU_CONSOLE_LINE_MAX)
        return lu_sf_bad(c, rec, "a console line of no characters, or "
                         "more than " __stringify(LU_CONSOLE_LINE_MAX));
    c->seen_console_line = true;
    return 0;
}

static int lu_sf_record(struct lu_reader *r, struct lu_savefile_check *c,
                        const struct lu_record *rec)
{
    /* A device model's state goes with a domain complete without it. */
    if (c->nr_dm_states && rec->type != LU_REC_DM_STATE &&
        rec->type != LU_REC_CONSOLE_LOG)
        return lu_sf_bad(c, rec, "after DM_STATE, which comes after the "
                         "domain's other records");
    switch (rec->type) {
    case LU_REC_HYPERVISOR:
        return lu_sf_hypervisor(r, c);
    case LU_REC_DOMAIN:
        return lu_sf_domain(r, c, rec);
    case LU_REC_DOMAIN_PAGES:
        return lu_sf_domain_pages(r, c, rec);
    case LU_REC_P2M:
        return lu_sf_p2m(r, c, rec);
    case LU_REC_VCPU:
        return lu_sf_vcpu(r, c, rec);
    case LU_REC_EVTCHN:
        return lu_sf_evtchn(r, c, rec);
    case LU_REC_IOREQ:
        return lu_sf_ioreq(r, c, rec);
    case LU_REC_PHYSMAP:
        return lu_sf_physmap(r, c, rec);
    case LU_REC_MEMMAP:
        return lu_sf_memmap(r, c, rec);
    case LU_REC_PAGE_DATA:
        return lu_sf_page_data(r, c, rec);
    case LU_REC_DM_STATE:
        return lu_sf_dm_state(r, c, rec);
    case LU_REC_CONSOLE_LINE:
        return lu_sf_console_line(c, rec);
    default:
        return 0; /* CONSOLE_LOG: the saving host's, of no use here */
    }
}

/* Whether frames [gfn, gfn + nr) are RAM in the P2M (in one run). */
static bool lu_sf_is_ram(const struct lu_savefile_check *c, uint64_t gfn,
                         uint64_t nr)
{
    unsigned long lo = 0, hi = c->nr_runs;

    while (lo < hi) { /* the first run ending after gfn */
        unsigned long mid = lo + (hi - lo) / 2;

        if (c->runs[mid].gfn + c->runs[mid].nr <= gfn)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->nr_runs && c->runs[lo].type == LU_P2M_RAM &&
           c->runs[lo].gfn <= gfn &&
           gfn + nr <= c->runs[lo].gfn + c->runs[lo].nr;
}

/* A problem with the file as a whole; returns -EINVAL. */
#define lu_sf_whole(c, ...) lu_error((c)->err, -EINVAL, __VA_ARGS__)

/* The memory map, and nothing of the P2M on its reserved ranges. */
static int lu_sf_check_memmap(struct lu_savefile_check *c)
{
    const char *why = "";
    unsigned long i;

    if (!c->seen_memmap)
        return lu_sf_whole(c, "no MEMMAP record: a save file carries the "
                           "domain's memory map");
    if (memmap_import(&c->map, c->memmap, c->info.nr_memmap,
                      lu_le64_to_cpu(c->memmap_head.generation), &why))
        return lu_sf_whole(c, "MEMMAP: %s", why);
    for (i = 0; i < c->nr_runs; i++)
        if (memmap_overlaps(&c->map, c->runs[i].gfn, c->runs[i].nr,
                            MEMMAP_NOT_RAM))
            return lu_sf_whole(c, "P2M: frames mapped on a reserved range "
                               "of the memory map, at 0x%llx",
                               (unsigned long long)c->runs[i].gfn);
    return 0;
}

/* The regions, against the map and each other, every frame RAM. */
static int lu_sf_check_regions(struct lu_savefile_check *c)
{
    unsigned int i;
    unsigned long f;

    physmap_init(&c->physmap);
    for (i = 0; i < c->info.nr_regions; i++) {
        const struct lu_physmap_entry *e = &c->regions[i];
        uint64_t size = lu_le64_to_cpu(e->size);
        uint64_t dest = lu_le64_to_cpu(e->dest_gfn);
        const struct physmap_region *pr;
        const char *why = "not whole pages";
        char name[PHYSMAP_NAME_LEN + 1];

        memcpy(name, e->name, PHYSMAP_NAME_LEN);
        name[PHYSMAP_NAME_LEN] = '\0';
        if ((size & (LU_PAGE_SIZE - 1)) ||
            physmap_restore(&c->physmap, &c->map, e->name,
                            lu_le64_to_cpu(e->gfn), size / LU_PAGE_SIZE,
                            dest == LU_INVALID_FRAME ? PHYSMAP_NOT_MOVING
                                                     : dest,
                            lu_le64_to_cpu(e->moved), &why))
            return lu_sf_whole(c, "PHYSMAP region '%s': %s", name, why);
        pr = physmap_find(&c->physmap, e->name);
        for (f = 0; f < pr->nr; f++)
            if (!lu_sf_is_ram(c, physmap_frame_gfn(pr, f), 1))
                return lu_sf_whole(c, "PHYSMAP region '%s': frame %llu is "
                                   "not RAM in the P2M", name,
                                   (unsigned long long)f);
    }
    return 0;
}

static int lu_sf_finish(struct lu_savefile_check *c)
{
    unsigned int v;

    if (!c->seen_domain)
        return lu_sf_whole(c, "no DOMAIN record");
    if (c->nr_runs > c->max_runs)
        return lu_error(c->err, -E2BIG, "the P2M has %llu runs, room for "
                        "%llu", (unsigned long long)c->nr_runs,
                        (unsigned long long)c->max_runs);
    if (c->nr_vcpus != c->info.max_vcpus)
        return lu_sf_whole(c, "VCPU records for %u of %u vCPUs",
                           c->nr_vcpus, c->info.max_vcpus);
    if (c->ram_frames != c->info.tot_pages)
        return lu_sf_whole(c, "the P2M maps %llu frames of RAM, DOMAIN says "
                           "the domain has %llu",
                           (unsigned long long)c->ram_frames,
                           (unsigned long long)c->info.tot_pages);
    if (c->covered != c->ram_frames)
        return lu_sf_whole(c, "PAGE_DATA gives %llu of the %llu RAM frames",
                           (unsigned long long)c->covered,
                           (unsigned long long)c->ram_frames);
    if (c->seen_special !=
        (lu_le64_to_cpu(c->dom.shared_info_gfn) != LU_INVALID_FRAME))
        return lu_sf_whole(c, "the shared info page is not mapped where "
                           "DOMAIN says");
    for (v = 0; v < LU_NR_VIRQS; v++)
        if (c->dom.virq_port[v] && !(c->virq_found & (1u << v)))
            return lu_sf_whole(c, "VIRQ %u is bound to port %u, which is "
                               "not a VIRQ's port", v,
                               lu_le32_to_cpu(c->dom.virq_port[v]));
    return lu_sf_check_memmap(c) ?: lu_sf_check_regions(c);
}

int lu_savefile_check(struct lu_reader *r, struct lu_savefile_check *c)
{
    const size_t state = offsetof(struct lu_savefile_check, nr_runs);
    struct lu_record rec;
    int rc;

    memset((char *)c + state, 0, sizeof(*c) - state);
    memcpy(c->info.creator, r->version, sizeof(c->info.creator));
    while ((rc = lu_read_next(r, &rec)) > 0)
        if ((rc = lu_sf_record(r, c, &rec)))
            break;
    if (!rc)
        return lu_sf_finish(c);
    if (!c->err[0])
        memcpy(c->err, lu_reader_error(r), sizeof(c->err));
    return rc;
}
