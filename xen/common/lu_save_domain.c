/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The save side, per domain: DOMAIN, DOMAIN_PAGES, P2M, SHARED_PAGES,
 * VCPU, EVTCHN, IOREQ, PHYSMAP and MEMMAP records
 * (docs/specs/live-update-stream.md, section 8), for live update and, in
 * their save-file form, for `xl save` (lu_save_file.c): there a domain's
 * machine frames and hypervisor pages mean nothing, so no DOMAIN_PAGES or
 * SHARED_PAGES, P2M names no frame (RAM extents that follow each other
 * become one), and PAGE_DATA carries the RAM's contents.  Every wire
 * field is filled from its value through lu_cpu_to_le*(); no in-memory
 * structure is copied.  Lists (page blocks, p2m extents, ports) go through
 * a small batch that writes a record whenever it fills, as the format
 * allows a domain any number of those records.
 *
 * Runs with every vCPU stopped (or, for the selftest, with no domains), on
 * one CPU: the batch buffer is static.
 */
#include <asm/current.h>
#include <asm/mm.h>
#include <public/dm_op.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/memmap.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <xen/string.h>

#include "lu_private.h"

#define LU_BATCH_BYTES 4032 /* a multiple of 16, 24 and 48, under a page */

/* Entries of one list record type, written LU_BATCH_BYTES at a time. */
struct lu_batch {
    struct lu_writer *w;
    uint32_t type;
    const void *head;
    uint32_t head_len;
    uint32_t entry_len;
    uint32_t used;
    uint8_t buf[LU_BATCH_BYTES];
};

static struct lu_batch batch;

static struct lu_batch *lu_batch_start(struct lu_writer *w, uint32_t type,
                                       const void *head, uint32_t head_len,
                                       uint32_t entry_len)
{
    batch.w = w;
    batch.type = type;
    batch.head = head;
    batch.head_len = head_len;
    batch.entry_len = entry_len;
    batch.used = 0;
    return &batch;
}

/* Write what is buffered as one record (nothing if empty). */
static int lu_batch_flush(struct lu_batch *b)
{
    const struct lu_chunk chunks[] = {{b->head, b->head_len},
                                      {b->buf, b->used}};
    int rc;

    if (!b->used)
        return 0;
    rc = lu_write_record_v(b->w, b->type, chunks, 2);
    b->used = 0;
    return rc;
}

static int lu_batch_add(struct lu_batch *b, const void *entry)
{
    int rc = 0;

    if (b->used + b->entry_len > sizeof(b->buf))
        rc = lu_batch_flush(b);
    memcpy(b->buf + b->used, entry, b->entry_len);
    b->used += b->entry_len;
    return rc;
}

static void lu_domain_head(struct lu_rec_domain_list *h, domid_t id)
{
    memset(h, 0, sizeof(*h));
    h->domid = lu_cpu_to_le16(id);
}

static int lu_save_domain_rec(struct lu_writer *w, const struct domain *d,
                              unsigned int pause_count)
{
    struct lu_rec_domain r;
    unsigned int i;
    uint32_t flags = 0;

    BUILD_BUG_ON(NR_VIRQS > LU_NR_VIRQS);
    BUILD_BUG_ON(XEN_DOMAIN_NAME_LEN > LU_NAME_LEN);
    memset(&r, 0, sizeof(r));
    if (d->is_privileged)
        flags |= LU_DOMAIN_PRIVILEGED;
    if (d->is_shut_down)
        flags |= LU_DOMAIN_SHUT_DOWN;
    r.domid = lu_cpu_to_le16(d->domain_id);
    r.dm_domid = lu_cpu_to_le16(d->dm_domid);
    r.flags = lu_cpu_to_le32(flags);
    r.shutdown_reason = lu_cpu_to_le32(d->shutdown_reason);
    r.pause_count = lu_cpu_to_le32(pause_count);
    r.tot_pages = lu_cpu_to_le64(d->tot_pages);
    r.max_pages = lu_cpu_to_le64(d->max_pages);
    r.max_vcpus = lu_cpu_to_le32(d->max_vcpus);
    r.on_crash = lu_cpu_to_le32(d->on_crash);
    r.shared_info_gfn = lu_cpu_to_le64(gfn_x(d->shared_info_gfn));
    r.start_info_gfn = lu_cpu_to_le64(gfn_x(d->start_info_gfn));
    r.console_produced = lu_cpu_to_le64(d->console_produced);
    memcpy(r.name, d->name, strnlen(d->name, sizeof(d->name)));
    for (i = 0; i < NR_VIRQS; i++)
        r.virq_port[i] = lu_cpu_to_le32(d->virq_port[i]);
    return lu_write_record(w, LU_REC_DOMAIN, &r, sizeof(r));
}

/* DOMAIN_PAGES: the blocks on its page list, head frame and order. */
static int lu_save_domain_pages(struct lu_writer *w, const struct domain *d)
{
    struct lu_rec_domain_list head;
    struct lu_batch *b;
    unsigned long m;
    int rc = 0;

    lu_domain_head(&head, d->domain_id);
    b = lu_batch_start(w, LU_REC_DOMAIN_PAGES, &head, sizeof(head),
                       sizeof(struct lu_page_block));
    page_list_for_each(m, frame_table, &d->page_list) {
        struct lu_page_block e = {
            .mfn = lu_cpu_to_le64(m),
            .order = lu_cpu_to_le32(frame_table[m].order),
        };

        if ((rc = lu_batch_add(b, &e)))
            return rc;
    }
    return lu_batch_flush(b);
}

static const uint32_t lu_p2m_types[p2m_nr_types] = {
    [p2m_ram_rw] = LU_P2M_RAM,
    [p2m_special] = LU_P2M_SPECIAL,
    [p2m_mmio_dm] = LU_P2M_MMIO_DM,
    [p2m_foreign] = LU_P2M_FOREIGN,
};

/*
 * In a save file: whether the RAM extent of n frames at gfn joined the
 * last one buffered, which it continues.
 */
static bool lu_extent_joined(struct lu_batch *b, unsigned long gfn,
                             unsigned long n, uint32_t type)
{
    struct lu_p2m_extent last;
    uint8_t *at = b->buf + b->used - sizeof(last);

    if (type != LU_P2M_RAM || b->used < sizeof(last))
        return false;
    memcpy(&last, at, sizeof(last)); /* the buffer is not 8-byte aligned */
    if (lu_le32_to_cpu(last.type) != LU_P2M_RAM ||
        lu_le64_to_cpu(last.gfn) + lu_le32_to_cpu(last.nr) != gfn ||
        lu_le32_to_cpu(last.nr) + (uint64_t)n > 0xffffffffUL)
        return false;
    last.nr = lu_cpu_to_le32(lu_le32_to_cpu(last.nr) + (uint32_t)n);
    memcpy(at, &last, sizeof(last));
    return true;
}

static int lu_save_extent(void *ctx, gfn_t gfn, mfn_t mfn, unsigned long nr,
                          enum p2m_type t)
{
    struct lu_batch *b = ctx;
    bool file = b->w->order.save_file;
    int rc = 0;

    if (t <= p2m_invalid || t >= p2m_nr_types)
        return -EINVAL;
    /* An entry holds at most 2^32 - 1 frames; longer runs are split. */
    while (nr && !rc) {
        unsigned long n = min(nr, 0xffffffffUL);
        struct lu_p2m_extent e = {
            .gfn = lu_cpu_to_le64(gfn_x(gfn)),
            .mfn = lu_cpu_to_le64(mfn_eq(mfn, INVALID_MFN) || file
                                      ? LU_INVALID_FRAME
                                      : mfn_x(mfn)),
            .nr = lu_cpu_to_le32((uint32_t)n),
            .type = lu_cpu_to_le32(lu_p2m_types[t]),
        };

        if (!file || !lu_extent_joined(b, gfn_x(gfn), n, lu_p2m_types[t]))
            rc = lu_batch_add(b, &e);
        nr -= n;
        gfn = _gfn(gfn_x(gfn) + n);
        if (!mfn_eq(mfn, INVALID_MFN))
            mfn = mfn_add(mfn, n);
    }
    return rc;
}

static int lu_save_p2m(struct lu_writer *w, const struct domain *d)
{
    struct lu_rec_domain_list head;
    struct lu_batch *b;
    int rc;

    lu_domain_head(&head, d->domain_id);
    b = lu_batch_start(w, LU_REC_P2M, &head, sizeof(head),
                       sizeof(struct lu_p2m_extent));
    rc = p2m_for_each_extent(&d->p2m, lu_save_extent, b);
    return rc ? rc : lu_batch_flush(b);
}

static uint64_t lu_xenheap_frame(const void *va)
{
    return va ? mfn_x(virt_to_mfn(va)) : LU_INVALID_FRAME;
}

static int lu_save_shared_pages(struct lu_writer *w, const struct domain *d)
{
    struct lu_rec_shared_pages r;

    memset(&r, 0, sizeof(r));
    r.domid = lu_cpu_to_le16(d->domain_id);
    r.shared_info_mfn = lu_cpu_to_le64(lu_xenheap_frame(d->shared_info));
    r.console_ring_mfn = lu_cpu_to_le64(lu_xenheap_frame(d->console_ring));
    r.ioreq_mfn = lu_cpu_to_le64(lu_xenheap_frame(d->ioreq_page));
    return lu_write_record(w, LU_REC_SHARED_PAGES, &r, sizeof(r));
}

static uint32_t lu_vcpu_flags(const struct vcpu *v)
{
    uint32_t flags = 0;

    if (v->is_initialised)
        flags |= LU_VCPU_INITIALISED;
    if (v->blocked)
        flags |= LU_VCPU_BLOCKED;
    if (v->arch.in_trap_handler)
        flags |= LU_VCPU_IN_TRAP_HANDLER;
    if (v->nr_poll_ports || v->poll_timer.armed)
        flags |= LU_VCPU_POLLING;
    return flags;
}

static void lu_save_regs(struct lu_rec_vcpu *r, const struct cpu_user_regs *g)
{
    r->rax = lu_cpu_to_le64(g->rax);
    r->rbx = lu_cpu_to_le64(g->rbx);
    r->rcx = lu_cpu_to_le64(g->rcx);
    r->rdx = lu_cpu_to_le64(g->rdx);
    r->rsi = lu_cpu_to_le64(g->rsi);
    r->rdi = lu_cpu_to_le64(g->rdi);
    r->rbp = lu_cpu_to_le64(g->rbp);
    r->rsp = lu_cpu_to_le64(g->rsp);
    r->r8 = lu_cpu_to_le64(g->r8);
    r->r9 = lu_cpu_to_le64(g->r9);
    r->r10 = lu_cpu_to_le64(g->r10);
    r->r11 = lu_cpu_to_le64(g->r11);
    r->r12 = lu_cpu_to_le64(g->r12);
    r->r13 = lu_cpu_to_le64(g->r13);
    r->r14 = lu_cpu_to_le64(g->r14);
    r->r15 = lu_cpu_to_le64(g->r15);
    r->rip = lu_cpu_to_le64(g->rip);
    r->rflags = lu_cpu_to_le64(g->rflags);
    r->cs = lu_cpu_to_le64(g->cs);
    r->ss = lu_cpu_to_le64(g->ss);
}

static int lu_save_vcpu(struct lu_writer *w, struct vcpu *v)
{
    static struct lu_rec_vcpu r; /* 760 bytes: off the stack */
    unsigned int i;

    BUILD_BUG_ON(MAX_POLL_PORTS > LU_MAX_POLL_PORTS);
    BUILD_BUG_ON(sizeof(v->arch.fpu.fxsave) != LU_FXSAVE_LEN);
    arch_vcpu_save_fpu(v);
    memset(&r, 0, sizeof(r));
    r.domid = lu_cpu_to_le16(v->domain->domain_id);
    r.vcpu_id = lu_cpu_to_le32(v->vcpu_id);
    r.flags = lu_cpu_to_le32(lu_vcpu_flags(v));
    r.pause_count = lu_cpu_to_le32(v->pause_count);
    lu_save_regs(&r, &v->arch.regs);
    r.trap_handler = lu_cpu_to_le64(v->arch.trap_handler);
    r.trap_frame = lu_cpu_to_le64(v->arch.trap_frame);
    r.runtime_ns = lu_cpu_to_le64(v->runtime);
    r.poll_timeout_ns =
        lu_cpu_to_le64(v->poll_timer.armed ? v->poll_timer.expires : 0);
    r.nr_poll_ports = lu_cpu_to_le32(v->nr_poll_ports);
    for (i = 0; i < v->nr_poll_ports; i++)
        r.poll_ports[i] = lu_cpu_to_le32(v->poll_ports[i]);
    /* FXSAVE's layout is the architecture's: the bytes are the format. */
    memcpy(r.fxsave, v->arch.fpu.fxsave, LU_FXSAVE_LEN);
    return lu_write_record(w, LU_REC_VCPU, &r, sizeof(r));
}

static uint8_t lu_port_flags(const struct shared_info *si, evtchn_port_t p)
{
    uint8_t flags = 0;

    if (evtchn_is_pending(si, p))
        flags |= LU_EVTCHN_PENDING;
    if (si->evtchn_mask[p / 64] & (1ULL << (p % 64)))
        flags |= LU_EVTCHN_MASKED;
    return flags;
}

static const uint8_t lu_evtchn_states[] = {
    [ECS_UNBOUND] = LU_EVTCHN_UNBOUND,
    [ECS_INTERDOMAIN] = LU_EVTCHN_INTERDOMAIN,
    [ECS_XEN] = LU_EVTCHN_XEN,
};

struct lu_evtchn_save {
    struct lu_batch *b;
    const struct shared_info *si;
};

static int lu_save_port(void *ctx, evtchn_port_t p, struct evtchn *e)
{
    const struct lu_evtchn_save *s = ctx;
    struct lu_evtchn_entry x;

    if (e->state >= ARRAY_SIZE(lu_evtchn_states))
        return -EINVAL;
    memset(&x, 0, sizeof(x));
    x.port = lu_cpu_to_le32(p);
    x.state = lu_evtchn_states[e->state];
    x.flags = lu_port_flags(s->si, p);
    x.remote_dom = lu_cpu_to_le16(e->remote_dom);
    x.remote_port = lu_cpu_to_le32(e->remote_port);
    x.notify_vcpu = lu_cpu_to_le32(e->notify_vcpu);
    return lu_batch_add(s->b, &x);
}

static int lu_save_evtchn(struct lu_writer *w, const struct domain *d)
{
    struct lu_rec_evtchn head;
    struct lu_evtchn_save s = {.si = d->shared_info};
    int rc;

    memset(&head, 0, sizeof(head));
    head.domid = lu_cpu_to_le16(d->domain_id);
    head.nr_ports = lu_cpu_to_le32(d->evtchn->nr_ports);
    s.b = lu_batch_start(w, LU_REC_EVTCHN, &head, sizeof(head),
                         sizeof(struct lu_evtchn_entry));
    if ((rc = evtchn_for_each_port(d->evtchn, lu_save_port, &s)))
        return rc;
    return lu_batch_flush(s.b);
}

static void lu_save_ioreq_slot(struct lu_ioreq_vcpu *s, const struct vcpu *v,
                               const struct ioreq_page *page)
{
    const struct ioreq *q = &page->vcpu_ioreq[v->vcpu_id];

    memset(s, 0, sizeof(*s));
    s->vcpu_id = lu_cpu_to_le32(v->vcpu_id);
    s->flags = lu_cpu_to_le32(v->ioreq_pending ? LU_IOREQ_PENDING : 0);
    s->insn_len = lu_cpu_to_le32(v->arch.pio_insn_len);
    s->addr = lu_cpu_to_le64(q->addr);
    s->data = lu_cpu_to_le64(q->data);
    s->size = q->size;
    s->dir = q->dir;
    s->state = q->state;
}

/* IOREQ, if the domain has claimed ports or an ioreq page. */
static int lu_save_ioreq(struct lu_writer *w, const struct domain *d)
{
    static struct lu_ioreq_range ranges[MAX_IO_RANGES];
    static struct lu_ioreq_vcpu slots[MAX_VIRT_CPUS];
    struct lu_rec_ioreq head;
    unsigned int i, nr_slots = d->ioreq_page ? d->max_vcpus : 0;
    struct lu_chunk chunks[3];

    if (!d->nr_io_ranges && !d->ioreq_page)
        return 0;
    memset(&head, 0, sizeof(head));
    head.domid = lu_cpu_to_le16(d->domain_id);
    head.dm_port = lu_cpu_to_le32(d->ioreq_port);
    head.ioreq_gfn = lu_cpu_to_le64(gfn_x(d->ioreq_dm_gfn) == INVALID_GFN_RAW
                                        ? LU_INVALID_FRAME
                                        : gfn_x(d->ioreq_dm_gfn));
    head.nr_ranges = lu_cpu_to_le32(d->nr_io_ranges);
    head.nr_vcpus = lu_cpu_to_le32(nr_slots);
    for (i = 0; i < d->nr_io_ranges; i++) {
        ranges[i].first = lu_cpu_to_le32(d->io_range[i].first);
        ranges[i].last = lu_cpu_to_le32(d->io_range[i].last);
    }
    for (i = 0; i < nr_slots; i++)
        lu_save_ioreq_slot(&slots[i], d->vcpu[i], d->ioreq_page);
    chunks[0] = (struct lu_chunk){&head, sizeof(head)};
    chunks[1] = (struct lu_chunk){ranges, d->nr_io_ranges * sizeof(ranges[0])};
    chunks[2] = (struct lu_chunk){slots, nr_slots * sizeof(slots[0])};
    return lu_write_record_v(w, LU_REC_IOREQ, chunks, 3);
}

/* PHYSMAP: the device-model regions, where each is and how far it moved. */
static int lu_save_physmap(struct lu_writer *w, const struct domain *d)
{
    const struct physmap_region *r;
    struct lu_rec_domain_list head;
    struct lu_batch *b;
    unsigned int i;
    int rc;

    if (!physmap_at(d->physmap, 0))
        return 0;
    lu_domain_head(&head, d->domain_id);
    b = lu_batch_start(w, LU_REC_PHYSMAP, &head, sizeof(head),
                       sizeof(struct lu_physmap_entry));
    for (i = 0; (r = physmap_at(d->physmap, i)); i++) {
        bool moving = r->dest != PHYSMAP_NOT_MOVING;
        struct lu_physmap_entry e = {
            .gfn = lu_cpu_to_le64(r->gfn),
            .size = lu_cpu_to_le64((uint64_t)r->nr << PAGE_SHIFT),
            .dest_gfn = lu_cpu_to_le64(moving ? r->dest : LU_INVALID_FRAME),
            .moved = lu_cpu_to_le64(r->moved),
        };

        BUILD_BUG_ON(sizeof(e.name) != sizeof(r->name));
        memcpy(e.name, r->name, sizeof(e.name));
        /* Live update's writing pass (not the sizing one) says so. */
        if (moving && w->page && !w->order.save_file)
            printk("Live update: domain %u: physmap region '%.16s' carried "
                   "half-way, %lu of %lu frames moved\n", d->domain_id,
                   r->name, r->moved, r->nr);
        if ((rc = lu_batch_add(b, &e)))
            return rc;
    }
    return lu_batch_flush(b);
}

/* MEMMAP: the memory map as the guest reads it, and who watches it. */
static int lu_save_memmap(struct lu_writer *w, const struct domain *d)
{
    static struct memmap_range map[MEMMAP_MAX_EXPORT];
    unsigned int i, n = memmap_export(d->memmap, map, ARRAY_SIZE(map));
    struct lu_rec_memmap head;
    struct lu_batch *b;
    int rc;

    memset(&head, 0, sizeof(head));
    head.domid = lu_cpu_to_le16(d->domain_id);
    head.dm_port = lu_cpu_to_le32(d->memmap_port);
    head.generation = lu_cpu_to_le64(d->memmap->generation);
    b = lu_batch_start(w, LU_REC_MEMMAP, &head, sizeof(head),
                       sizeof(struct lu_memmap_entry));
    for (i = 0; i < n; i++) {
        struct lu_memmap_entry e = {
            .addr = lu_cpu_to_le64((uint64_t)map[i].gfn << PAGE_SHIFT),
            .size = lu_cpu_to_le64((uint64_t)map[i].nr << PAGE_SHIFT),
            .type = lu_cpu_to_le32(map[i].type),
        };

        if ((rc = lu_batch_add(b, &e)))
            return rc;
    }
    return lu_batch_flush(b);
}

/*
 * CONSOLE_LINE: the line the guest has begun and not ended, if any.  A
 * live update sizes its stream while the guests still run, and any of
 * them may begin a line before it stops: the sizing counts a whole one.
 */
static int lu_save_console_line(struct lu_writer *w, const struct domain *d)
{
    bool sizing_live = !w->page && !w->order.save_file;
    size_t len = sizing_live ? LU_CONSOLE_LINE_MAX : d->console_len;
    struct lu_rec_domain_list head;
    const struct lu_chunk c[] = {{&head, sizeof(head)},
                                 {d->console_line, len}};

    BUILD_BUG_ON(GUEST_CONSOLE_LINE - 1 > LU_CONSOLE_LINE_MAX);
    if (!len || d->is_privileged) /* dom0's output is not gathered in lines */
        return 0;
    lu_domain_head(&head, d->domain_id);
    return lu_write_record_v(w, LU_REC_CONSOLE_LINE, c, ARRAY_SIZE(c));
}

int lu_save_domain(struct lu_writer *w, struct domain *d,
                   unsigned int pause_count)
{
    bool file = w->order.save_file;
    unsigned int i;
    int rc;

    if ((rc = lu_save_domain_rec(w, d, pause_count)) ||
        (!file && (rc = lu_save_domain_pages(w, d))) ||
        (rc = lu_save_p2m(w, d)) ||
        (!file && (rc = lu_save_shared_pages(w, d))))
        return rc;
    for (i = 0; i < d->max_vcpus; i++)
        if ((rc = lu_save_vcpu(w, d->vcpu[i])))
            return rc;
    if ((rc = lu_save_evtchn(w, d)) || (rc = lu_save_ioreq(w, d)) ||
        (rc = lu_save_physmap(w, d)) || (rc = lu_save_memmap(w, d)) ||
        (rc = lu_save_console_line(w, d)) || (rc = lu_debug_forge(w, d)))
        return rc;
    return file ? lu_save_page_data(w, d) : 0;
}

int lu_save_domains(struct lu_writer *w, const struct domain *quiesced_for,
                    struct lu_save_stats *stats)
{
    struct domain *d;
    int rc;

    memset(stats, 0, sizeof(*stats));
    for (d = domain_list; d; d = d->next_in_list) {
        unsigned int own = quiesced_for && d != quiesced_for;

        ASSERT(d->pause_count >= own);
        if ((rc = lu_save_domain(w, d, d->pause_count - own)))
            return w->rc ? w->rc : rc;
        stats->nr_domains++;
        stats->nr_vcpus += d->max_vcpus;
        stats->nr_pages += d->tot_pages;
    }
    return 0;
}
