/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The restore side, per domain: the records of lu_save_domain.c made into
 * a domain again, in one of two ways (lu_restore_domains_begin()):
 *
 *  - in place, live update's pass 2: a struct domain with the same id,
 *    name and flags that adopts what stayed in place -- its frames
 *    (already marked its own by pass 1), its shared info page, console
 *    ring and ioreq page -- rather than allocating anew;
 *  - afresh, `xl restore` (lu_restore_file.c): a domain with a new id and
 *    the saved name, new memory where the P2M had RAM (PAGE_DATA fills
 *    it), new hypervisor pages, event channels whose other ends are gone
 *    back to unbound, I/O requests put back in a new ioreq page for the
 *    next device model.
 *
 * Either way the p2m is rebuilt from P2M extents with the largest aligned
 * pages, the vCPUs get their registers and state, the event channels
 * their state, the memory map and device-model regions come back (half-way
 * moves included), all checked against the p2m: nothing on a reserved
 * range, every region frame where it says.
 *
 * Domains are left paused (one pause of the update's, or the restore's,
 * own).  A record that does not fit what came before refuses the stream,
 * naming the domain and why.
 */
#include <asm/mm.h>
#include <public/dm_op.h>
#include <public/xen.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/foreign_map.h>
#include <xen/lib.h>
#include <xen/memmap.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/stdio.h>
#include <xen/string.h>
#include <xen/time.h>

#include "lu_private.h"

static enum lu_restore_how how;
static uint64_t saved_ns; /* afresh: the saving host's time at the save */

/* The domain the records are for, and what its records added up to. */
static struct domain *cur;
static domid_t cur_saved_id;  /* the id its records name */
static unsigned long cur_pages;
static uint64_t cur_p2m_next; /* where its next P2M extent may start */
static unsigned int cur_vcpus;
static uint32_t cur_nr_ports; /* its first EVTCHN record's; 0 before one */
static struct domain *made;   /* afresh: the domain made, open or not */
static char why_refused[128]; /* the last reason, for xl restore */

/*
 * Its MEMMAP and PHYSMAP entries, gathered until the domain closes: the
 * regions are checked against the map, which comes after them.
 */
static struct lu_rec_memmap cur_memmap_head;
static bool cur_memmap_seen;
static struct memmap_range cur_memmap[MEMMAP_MAX_EXPORT];
static unsigned int cur_memmap_nr;
static struct lu_physmap_entry cur_physmap[PHYSMAP_MAX_REGIONS];
static unsigned int cur_physmap_nr;

/* Everything restored, for the log and lu_resume_domains(). */
static struct lu_save_stats restored;

/* Log why the stream is refused (and keep it); returns -EINVAL. */
static int __printf(1, 2) lu_badf(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vsnprintf(why_refused, sizeof(why_refused), fmt, args);
    va_end(args);
    printk(XENLOG_ERR "%s: domain %d: %s\n",
           how == LU_RESTORE_AFRESH ? "Restore" : "Live update",
           cur ? cur->domain_id : -1, why_refused);
    return -EINVAL;
}

static int lu_bad(const char *why)
{
    return lu_badf("%s", why);
}

void lu_restore_domains_begin(enum lu_restore_how h, uint64_t saved_time_ns)
{
    how = h;
    saved_ns = saved_time_ns;
    cur = made = NULL;
    why_refused[0] = '\0';
}

const char *lu_restore_domain_why(void)
{
    return why_refused;
}

/*
 * A stream with no MEMMAP record for d (from a build before memory maps):
 * d has the layout every domain had then, RAM from 0 up to and including
 * its start info page, and gets the map of that layout with the default
 * hole (none if its RAM reaches into where the hole would be).
 */
static int lu_domain_default_memmap(struct domain *d)
{
    unsigned long ram = gfn_x(d->start_info_gfn) + 1, hole;
    const char *why = NULL;

    memmap_hole_start(0, &hole, NULL);
    if (ram > hole)
        hole = MEMMAP_GFN_4G;
    if (gfn_x(d->start_info_gfn) == INVALID_GFN_RAW ||
        memmap_build(d->memmap, ram, hole, NULL, 0, &why))
        return lu_bad("no MEMMAP record, and no default memory map fits");
    return 0;
}

/* Nothing of d's may be mapped on a reserved range of its map. */
static bool lu_reserved_unmapped(const struct domain *d)
{
    const struct memmap *m = d->memmap;
    unsigned int i;

    for (i = 0; i < m->nr; i++)
        if (m->r[i].type != MEMMAP_RAM &&
            !p2m_range_is(&d->p2m, _gfn(m->r[i].gfn), m->r[i].nr,
                          p2m_invalid))
            return false;
    return true;
}

/* The memory map from MEMMAP records, or the default one without. */
static int lu_domain_memmap(struct domain *d)
{
    const char *why = NULL;

    if (!cur_memmap_seen)
        return lu_domain_default_memmap(d);
    if (memmap_import(d->memmap, cur_memmap, cur_memmap_nr,
                      lu_le64_to_cpu(cur_memmap_head.generation), &why))
        return lu_badf("MEMMAP: %s", why);
    if (!lu_reserved_unmapped(d))
        return lu_bad("something is mapped on a reserved range");
    /* Afresh, the device model that watched the map is not there. */
    d->memmap_port = how == LU_RESTORE_AFRESH
                         ? 0
                         : lu_le32_to_cpu(cur_memmap_head.dm_port);
    return 0;
}

/* The regions from PHYSMAP records, each mapped where its state says. */
static int lu_domain_physmap(struct domain *d)
{
    unsigned int i;

    for (i = 0; i < cur_physmap_nr; i++) {
        const struct lu_physmap_entry *e = &cur_physmap[i];
        uint64_t size = lu_le64_to_cpu(e->size);
        uint64_t dest = lu_le64_to_cpu(e->dest_gfn);
        const struct physmap_region *r;
        const char *why = NULL;
        unsigned long f;

        if ((size & (PAGE_SIZE - 1)) ||
            physmap_restore(d->physmap, d->memmap, e->name,
                            lu_le64_to_cpu(e->gfn), size >> PAGE_SHIFT,
                            dest == LU_INVALID_FRAME ? PHYSMAP_NOT_MOVING
                                                     : dest,
                            lu_le64_to_cpu(e->moved), &why))
            return lu_badf("PHYSMAP region '%.16s': %s", e->name,
                           why ? why : "not whole pages");
        r = physmap_find(d->physmap, e->name);
        for (f = 0; f < r->nr; f++)
            if (!p2m_range_is(&d->p2m, _gfn(physmap_frame_gfn(r, f)), 1,
                              p2m_ram_rw))
                return lu_bad("a physmap region's frame is not mapped");
        if (r->dest != PHYSMAP_NOT_MOVING)
            printk("%s: domain %u: physmap region '%.16s' restored "
                   "half-way, %lu of %lu frames moved\n",
                   how == LU_RESTORE_AFRESH ? "Restore" : "Live update",
                   d->domain_id, r->name, r->moved, r->nr);
    }
    return 0;
}

/* The domain record just closed: did its records add up? */
static int lu_domain_close(void)
{
    struct domain *d = cur;
    enum p2m_type t;
    int rc;

    if (!d)
        return 0;
    if ((rc = lu_domain_memmap(d)) || (rc = lu_domain_physmap(d)))
        return rc;
    if (!d->shared_info || !d->console_ring)
        return lu_bad("no SHARED_PAGES record");
    if (cur_vcpus != d->max_vcpus)
        return lu_bad("VCPU records missing");
    if (cur_pages != d->tot_pages)
        return lu_bad(how == LU_RESTORE_AFRESH
                          ? "the P2M's RAM does not add up to tot_pages"
                          : "DOMAIN_PAGES do not add up to tot_pages");
    if (gfn_x(d->shared_info_gfn) != INVALID_GFN_RAW &&
        (!mfn_eq(p2m_get_entry(&d->p2m, d->shared_info_gfn, &t, NULL),
                 virt_to_mfn(d->shared_info)) ||
         t != p2m_special))
        return lu_bad("shared info page not mapped where it was");
    if (how == LU_RESTORE_IN_PLACE) {
        restored.nr_domains++;
        restored.nr_vcpus += d->max_vcpus;
        restored.nr_pages += d->tot_pages;
    }
    cur = NULL;
    return 0;
}

static gfn_t lu_gfn(uint64_t g)
{
    return g == LU_INVALID_FRAME ? INVALID_GFN : _gfn(g);
}

static void lu_domain_fill(struct domain *d, const struct lu_rec_domain *x)
{
    unsigned int i;

    d->dm_domid = how == LU_RESTORE_AFRESH
                      ? lu_afresh_dm_domid(d, lu_le16_to_cpu(x->dm_domid))
                      : lu_le16_to_cpu(x->dm_domid);
    d->is_shut_down = lu_le32_to_cpu(x->flags) & LU_DOMAIN_SHUT_DOWN;
    d->shutdown_reason = lu_le32_to_cpu(x->shutdown_reason);
    d->pause_count = 1 + lu_le32_to_cpu(x->pause_count); /* + the update's */
    d->max_pages = lu_le64_to_cpu(x->max_pages);
    d->on_crash = lu_le32_to_cpu(x->on_crash);
    d->shared_info_gfn = lu_gfn(lu_le64_to_cpu(x->shared_info_gfn));
    d->start_info_gfn = lu_gfn(lu_le64_to_cpu(x->start_info_gfn));
    /* Afresh the console ring is new and empty. */
    d->console_produced = how == LU_RESTORE_AFRESH
                              ? 0
                              : lu_le64_to_cpu(x->console_produced);
    for (i = 0; i < NR_VIRQS; i++)
        d->virq_port[i] = lu_le32_to_cpu(x->virq_port[i]);
}

/* The domain for a DOMAIN record: its own id in place, a new one afresh. */
static struct domain *lu_domain_make(const struct lu_rec_domain *x,
                                     const char *name)
{
    unsigned int vcpus = lu_le32_to_cpu(x->max_vcpus);
    domid_t id = lu_le16_to_cpu(x->domid);

    if (how == LU_RESTORE_IN_PLACE)
        return domain_create_adopting(id, name, vcpus,
                                      lu_le32_to_cpu(x->flags) &
                                          LU_DOMAIN_PRIVILEGED);
    return made ? NULL : (made = lu_afresh_domain(name, vcpus));
}

static int lu_rd_domain(struct lu_reader *r)
{
    struct lu_rec_domain x;
    char name[XEN_DOMAIN_NAME_LEN];
    uint64_t tot;
    int rc;

    if ((rc = lu_read_struct(r, &x, sizeof(x))) || (rc = lu_domain_close()))
        return rc;
    memcpy(name, x.name, sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    if (!(cur = lu_domain_make(&x, name)))
        return lu_badf("domain %u (%s) cannot be made again",
                       lu_le16_to_cpu(x.domid), name);
    cur_saved_id = lu_le16_to_cpu(x.domid);
    lu_domain_fill(cur, &x);
    tot = lu_le64_to_cpu(x.tot_pages);
    /*
     * In place, cur_pages adds up the page blocks to check tot_pages;
     * afresh, tot_pages counts the memory as it is allocated, to be what
     * the file says.
     */
    if (how == LU_RESTORE_IN_PLACE)
        cur->tot_pages = tot;
    cur_pages = how == LU_RESTORE_AFRESH ? tot : 0;
    cur_vcpus = 0;
    cur_p2m_next = 0;
    cur_nr_ports = 0;
    cur_memmap_seen = false;
    cur_memmap_nr = 0;
    cur_physmap_nr = 0;
    return 0;
}

/* A per-domain record must name the open domain (the reader checks order). */
static int lu_rd_check_domid(uint16_t le_domid)
{
    if (!cur || lu_le16_to_cpu(le_domid) != cur_saved_id)
        return lu_bad("record for another domain");
    return 0;
}

/*
 * Whether pass 1 handed frame mfn over to owner: a domain's frame is in one
 * of its carried blocks (whose frames other than the first are not marked
 * in the frame table yet), a hypervisor page is marked there.
 */
static bool lu_owned_by(uint64_t mfn, domid_t owner)
{
    const struct page_info *pg;
    domid_t holder;

    if (owner != DOMID_XEN)
        return lu_restore_frame_owner(mfn, &holder) && holder == owner;
    if (mfn >= mm_max_frame())
        return false;
    pg = mfn_to_page(_mfn(mfn));
    return (pg->count_info & PGC_allocated) && pg->owner == owner;
}

/* Whether pass 1 handed frame mfn over to anyone. */
static bool lu_held(uint64_t mfn)
{
    domid_t holder;

    return lu_restore_frame_owner(mfn, &holder) ||
           (mfn < mm_max_frame() &&
            (mfn_to_page(_mfn(mfn))->count_info & PGC_allocated));
}

static int lu_rd_domain_pages(struct lu_reader *r, const struct lu_record *rec)
{
    struct lu_rec_domain_list head;
    struct lu_page_block b;
    uint32_t i, n = (rec->length - sizeof(head)) / sizeof(b);
    int rc;

    if ((rc = lu_read_payload(r, &head, sizeof(head))) ||
        (rc = lu_rd_check_domid(head.domid)))
        return rc;
    if (how == LU_RESTORE_AFRESH)
        return 0; /* the blocks a saved domain had: of no use here */
    for (i = 0; i < n; i++) {
        uint64_t mfn;

        if ((rc = lu_read_payload(r, &b, sizeof(b))))
            return rc;
        mfn = lu_le64_to_cpu(b.mfn);
        /* Pass 1 listed it as ours and marked its first frame. */
        if (!lu_owned_by(mfn, cur->domain_id) || mfn >= mm_max_frame() ||
            mfn_to_page(_mfn(mfn))->owner != cur->domain_id ||
            mfn_to_page(_mfn(mfn))->order != lu_le32_to_cpu(b.order))
            return lu_bad("page block not handed over by pass 1");
        page_list_add_tail(frame_table, &cur->page_list, _mfn(mfn));
        cur_pages += 1UL << lu_le32_to_cpu(b.order);
    }
    return 0;
}

int lu_map_extent(struct p2m *p2m, unsigned long gfn, unsigned long mfn,
                  unsigned long nr, enum p2m_type t)
{
    int rc = 0;

    while (nr && !rc) {
        unsigned int order = 0;

        while (order < P2M_MAX_ORDER &&
               !((gfn | mfn) & ((2UL << order) - 1)) && (2UL << order) <= nr)
            order++;
        rc = p2m_set_entry(p2m, _gfn(gfn), _mfn(mfn), order, t);
        gfn += 1UL << order;
        mfn += 1UL << order;
        nr -= 1UL << order;
    }
    return rc;
}

/*
 * The type and whether the extent's frames are what that type needs.  RAM
 * is checked block by block over the carried blocks (every frame the
 * domain's, at a lookup per block); a SPECIAL frame, here only the
 * hypervisor's, is checked to be the shared info page or an ioreq page
 * of the right domain once all are in (lu_special_frames_check()).
 */
static int lu_extent_type(const struct lu_p2m_extent *e, enum p2m_type *t,
                          uint64_t *mfn)
{
    uint64_t m = lu_le64_to_cpu(e->mfn), nr = lu_le32_to_cpu(e->nr);
    uint64_t last = m + nr - 1;

    *mfn = m;
    switch (lu_le32_to_cpu(e->type)) {
    case LU_P2M_RAM:
        *t = p2m_ram_rw;
        return lu_carried_range_owned(lu_restore_carried(), m, nr,
                                      cur->domain_id) ? 0 : -EINVAL;
    case LU_P2M_SPECIAL:
        *t = p2m_special;
        return last >= m && lu_owned_by(m, DOMID_XEN) &&
               lu_owned_by(last, DOMID_XEN) ? 0 : -EINVAL;
    case LU_P2M_FOREIGN:
        *t = p2m_foreign;
        return lu_held(m) && lu_held(last) ? 0 : -EINVAL;
    case LU_P2M_MMIO_DM:
        *t = p2m_mmio_dm;
        *mfn = 0;
        return 0;
    default:
        return -EINVAL;
    }
}

/*
 * Extents come in increasing gfn, each past the one before, so none maps
 * over another (p2m_set_entry() would replace its entries without a
 * word): checked against the last end, nothing walked.
 */
static int lu_extent_in_order(const struct lu_p2m_extent *e)
{
    uint64_t gfn = lu_le64_to_cpu(e->gfn), nr = lu_le32_to_cpu(e->nr);

    if (gfn >= P2M_GUEST_MAX_GFN || nr > P2M_GUEST_MAX_GFN - gfn)
        return lu_bad("P2M extent out of range");
    if (gfn < cur_p2m_next)
        return lu_badf("P2M extents out of order or overlapping at gfn %#lx",
                       (unsigned long)gfn);
    cur_p2m_next = gfn + nr;
    return 0;
}

static int lu_rd_p2m(struct lu_reader *r, const struct lu_record *rec)
{
    struct lu_rec_domain_list head;
    struct lu_p2m_extent e;
    uint32_t i, n = (rec->length - sizeof(head)) / sizeof(e);
    enum p2m_type t;
    uint64_t mfn;
    int rc;

    if ((rc = lu_read_payload(r, &head, sizeof(head))) ||
        (rc = lu_rd_check_domid(head.domid)))
        return rc;
    for (i = 0; i < n; i++) {
        if ((rc = lu_read_payload(r, &e, sizeof(e))))
            return rc;
        if (!lu_le32_to_cpu(e.nr))
            return lu_bad("P2M extent of no frames");
        if ((rc = lu_extent_in_order(&e)))
            return rc;
        if (how == LU_RESTORE_AFRESH)
            rc = lu_afresh_extent(cur, &e);
        else if (lu_extent_type(&e, &t, &mfn))
            return lu_bad("P2M extent of frames that are not its own");
        else
            rc = lu_map_extent(&cur->p2m, lu_le64_to_cpu(e.gfn), mfn,
                               lu_le32_to_cpu(e.nr), t);
        if (rc == -ENOMEM)
            return lu_bad("out of memory for its p2m or RAM"), -ENOMEM;
        if (rc)
            return lu_bad("P2M extent out of range");
    }
    return 0;
}

static void *lu_shared_page(uint64_t mfn, bool *ok)
{
    if (mfn == LU_INVALID_FRAME)
        return NULL;
    if (!lu_owned_by(mfn, DOMID_XEN)) {
        *ok = false;
        return NULL;
    }
    return mfn_to_virt(_mfn(mfn));
}

static int lu_rd_shared_pages(struct lu_reader *r)
{
    struct lu_rec_shared_pages sp;
    bool ok = true;
    int rc;

    if ((rc = lu_read_struct(r, &sp, sizeof(sp))) ||
        (rc = lu_rd_check_domid(sp.domid)))
        return rc;
    if (cur->shared_info)
        return lu_bad("a second SHARED_PAGES record");
    cur->shared_info = lu_shared_page(lu_le64_to_cpu(sp.shared_info_mfn), &ok);
    cur->console_ring =
        lu_shared_page(lu_le64_to_cpu(sp.console_ring_mfn), &ok);
    cur->ioreq_page = lu_shared_page(lu_le64_to_cpu(sp.ioreq_mfn), &ok);
    if (!ok || !cur->shared_info || !cur->console_ring)
        return lu_bad("shared pages not handed over by pass 1");
    return 0;
}

static void lu_load_regs(struct cpu_user_regs *g, const struct lu_rec_vcpu *x)
{
    memset(g, 0, sizeof(*g));
    g->rax = lu_le64_to_cpu(x->rax);
    g->rbx = lu_le64_to_cpu(x->rbx);
    g->rcx = lu_le64_to_cpu(x->rcx);
    g->rdx = lu_le64_to_cpu(x->rdx);
    g->rsi = lu_le64_to_cpu(x->rsi);
    g->rdi = lu_le64_to_cpu(x->rdi);
    g->rbp = lu_le64_to_cpu(x->rbp);
    g->rsp = lu_le64_to_cpu(x->rsp);
    g->r8 = lu_le64_to_cpu(x->r8);
    g->r9 = lu_le64_to_cpu(x->r9);
    g->r10 = lu_le64_to_cpu(x->r10);
    g->r11 = lu_le64_to_cpu(x->r11);
    g->r12 = lu_le64_to_cpu(x->r12);
    g->r13 = lu_le64_to_cpu(x->r13);
    g->r14 = lu_le64_to_cpu(x->r14);
    g->r15 = lu_le64_to_cpu(x->r15);
    g->rip = lu_le64_to_cpu(x->rip);
    g->rflags = lu_le64_to_cpu(x->rflags);
    g->cs = lu_le64_to_cpu(x->cs);
    g->ss = lu_le64_to_cpu(x->ss);
}

/*
 * A poll timeout (system time, or 0: none).  In place, time went on from
 * the predecessor's; afresh, it is rebased on the time of the save.
 */
static s_time_t lu_poll_timeout(uint64_t le_timeout)
{
    uint64_t t = lu_le64_to_cpu(le_timeout);

    return how == LU_RESTORE_AFRESH ? lu_afresh_poll_timeout(t, saved_ns)
                                    : (s_time_t)t;
}

const char *lu_restore_vcpu_bad(const struct lu_rec_vcpu *x)
{
    struct cpu_user_regs regs;

    lu_load_regs(&regs, x);
    return arch_vcpu_state_bad(&regs, lu_le64_to_cpu(x->trap_handler),
                               x->fxsave);
}

static int lu_rd_vcpu(struct lu_reader *r)
{
    static struct lu_rec_vcpu x; /* 760 bytes: off the stack */
    uint32_t flags, id, i;
    const char *why;
    struct vcpu *v;
    int rc;

    if ((rc = lu_read_struct(r, &x, sizeof(x))) ||
        (rc = lu_rd_check_domid(x.domid)))
        return rc;
    id = lu_le32_to_cpu(x.vcpu_id);
    flags = lu_le32_to_cpu(x.flags);
    if (id != cur_vcpus || id >= cur->max_vcpus)
        return lu_bad("VCPU records out of order");
    if (lu_le32_to_cpu(x.nr_poll_ports) > MAX_POLL_PORTS)
        return lu_bad("too many poll ports");
    if ((flags & LU_VCPU_INITIALISED) && (why = lu_restore_vcpu_bad(&x)))
        return lu_badf("vCPU %u: %s", id, why);
    v = cur->vcpu[id];
    lu_load_regs(&v->arch.regs, &x);
    memcpy(v->arch.fpu.fxsave, x.fxsave, LU_FXSAVE_LEN);
    v->is_initialised = flags & LU_VCPU_INITIALISED;
    v->blocked = flags & LU_VCPU_BLOCKED;
    v->arch.in_trap_handler = flags & LU_VCPU_IN_TRAP_HANDLER;
    v->pause_count = lu_le32_to_cpu(x.pause_count);
    v->arch.trap_handler = lu_le64_to_cpu(x.trap_handler);
    v->arch.trap_frame = lu_le64_to_cpu(x.trap_frame);
    v->runtime = lu_le64_to_cpu(x.runtime_ns);
    v->nr_poll_ports = lu_le32_to_cpu(x.nr_poll_ports);
    for (i = 0; i < v->nr_poll_ports; i++)
        v->poll_ports[i] = lu_le32_to_cpu(x.poll_ports[i]);
    /* Armed by lu_resume_domains(), or afresh at the end, when timers run. */
    v->poll_timer.expires = (flags & LU_VCPU_POLLING)
                                ? lu_poll_timeout(x.poll_timeout_ns)
                                : 0;
    cur_vcpus++;
    return 0;
}

static const uint8_t lu_evtchn_states[] = {
    [LU_EVTCHN_UNBOUND] = ECS_UNBOUND,
    [LU_EVTCHN_INTERDOMAIN] = ECS_INTERDOMAIN,
    [LU_EVTCHN_XEN] = ECS_XEN,
};

static int lu_rd_port(const struct lu_evtchn_entry *x)
{
    evtchn_port_t port = lu_le32_to_cpu(x->port);
    struct evtchn e = {
        .remote_dom = lu_le16_to_cpu(x->remote_dom),
        .remote_port = lu_le32_to_cpu(x->remote_port),
        .notify_vcpu = lu_le32_to_cpu(x->notify_vcpu),
    };

    if (x->state >= ARRAY_SIZE(lu_evtchn_states) ||
        e.notify_vcpu >= cur->max_vcpus)
        return -EINVAL;
    e.state = lu_evtchn_states[x->state];
    if (how == LU_RESTORE_AFRESH)
        return lu_afresh_port(cur, port, &e, x->flags);
    if (!!(x->flags & LU_EVTCHN_PENDING) !=
        evtchn_is_pending(cur->shared_info, port))
        printk(XENLOG_WARNING "Live update: domain %u port %u: pending bit "
               "changed since the save\n", cur->domain_id, port);
    return evtchn_restore_port(cur->evtchn, port, &e);
}

static int lu_rd_evtchn(struct lu_reader *r, const struct lu_record *rec)
{
    struct lu_rec_evtchn head;
    struct lu_evtchn_entry x;
    uint32_t i, nr_ports, n = (rec->length - sizeof(head)) / sizeof(x);
    int rc;

    if ((rc = lu_read_payload(r, &head, sizeof(head))) ||
        (rc = lu_rd_check_domid(head.domid)))
        return rc;
    if (!cur->shared_info)
        return lu_bad("EVTCHN before SHARED_PAGES");
    nr_ports = lu_le32_to_cpu(head.nr_ports);
    if (!nr_ports || nr_ports > EVTCHN_MAX_PORTS)
        return lu_bad("port table of no size or larger than this build's");
    /* A smaller table would hide ports an earlier record restored. */
    if (cur_nr_ports && nr_ports != cur_nr_ports)
        return lu_badf("EVTCHN records with port tables of %u and %u ports",
                       cur_nr_ports, nr_ports);
    cur_nr_ports = nr_ports;
    cur->evtchn->nr_ports = nr_ports;
    for (i = 0; i < n; i++)
        if ((rc = lu_read_payload(r, &x, sizeof(x))) ||
            (rc = lu_rd_port(&x)))
            return rc ? lu_bad("bad event channel") : 0;
    return 0;
}

static int lu_rd_ioreq_vcpu(const struct lu_ioreq_vcpu *s)
{
    uint32_t id = lu_le32_to_cpu(s->vcpu_id);
    struct vcpu *v;

    if (id >= cur->max_vcpus)
        return lu_bad("ioreq slot of a vCPU it does not have");
    v = cur->vcpu[id];
    v->ioreq_pending = lu_le32_to_cpu(s->flags) & LU_IOREQ_PENDING;
    v->arch.pio_insn_len = (uint8_t)lu_le32_to_cpu(s->insn_len);
    /* In place, the slot is still in the ioreq page. */
    if (how == LU_RESTORE_AFRESH)
        lu_afresh_ioreq_slot(cur, id, s);
    return 0;
}

static int lu_rd_ioreq(struct lu_reader *r)
{
    struct lu_rec_ioreq head;
    struct lu_ioreq_range range;
    struct lu_ioreq_vcpu slot;
    uint32_t i, nr_ranges, nr_vcpus;
    int rc;

    if ((rc = lu_read_payload(r, &head, sizeof(head))) ||
        (rc = lu_rd_check_domid(head.domid)))
        return rc;
    nr_ranges = lu_le32_to_cpu(head.nr_ranges);
    nr_vcpus = lu_le32_to_cpu(head.nr_vcpus);
    if (how == LU_RESTORE_AFRESH && lu_afresh_ioreq_page(cur, nr_vcpus))
        return lu_bad("out of memory for its ioreq page");
    if (nr_ranges > MAX_IO_RANGES || (nr_vcpus && !cur->ioreq_page))
        return lu_bad("bad IOREQ record");
    if (how == LU_RESTORE_IN_PLACE) {
        cur->ioreq_port = lu_le32_to_cpu(head.dm_port);
        cur->ioreq_dm_gfn = lu_gfn(lu_le64_to_cpu(head.ioreq_gfn));
    }
    cur->nr_io_ranges = nr_ranges;
    for (i = 0; i < nr_ranges; i++) {
        if ((rc = lu_read_payload(r, &range, sizeof(range))))
            return rc;
        cur->io_range[i].first = lu_le32_to_cpu(range.first);
        cur->io_range[i].last = lu_le32_to_cpu(range.last);
    }
    for (i = 0; i < nr_vcpus; i++)
        if ((rc = lu_read_payload(r, &slot, sizeof(slot))) ||
            (rc = lu_rd_ioreq_vcpu(&slot)))
            return rc;
    return 0;
}

static int lu_rd_physmap(struct lu_reader *r, const struct lu_record *rec)
{
    struct lu_rec_domain_list head;
    uint32_t i, n = (rec->length - sizeof(head)) /
                    sizeof(struct lu_physmap_entry);
    int rc;

    if ((rc = lu_read_payload(r, &head, sizeof(head))) ||
        (rc = lu_rd_check_domid(head.domid)))
        return rc;
    if (n > PHYSMAP_MAX_REGIONS - cur_physmap_nr)
        return lu_bad("more physmap regions than a domain may have");
    for (i = 0; i < n; i++)
        if ((rc = lu_read_payload(r, &cur_physmap[cur_physmap_nr++],
                                  sizeof(cur_physmap[0]))))
            return rc;
    return 0;
}

static int lu_rd_memmap(struct lu_reader *r, const struct lu_record *rec)
{
    struct lu_rec_memmap head;
    struct lu_memmap_entry e;
    uint32_t i, n = (rec->length - sizeof(head)) / sizeof(e);
    int rc;

    if ((rc = lu_read_payload(r, &head, sizeof(head))) ||
        (rc = lu_rd_check_domid(head.domid)))
        return rc;
    if (cur_memmap_seen && (head.dm_port != cur_memmap_head.dm_port ||
                            head.generation != cur_memmap_head.generation))
        return lu_bad("MEMMAP records that disagree");
    cur_memmap_head = head;
    cur_memmap_seen = true;
    if (n > MEMMAP_MAX_EXPORT - cur_memmap_nr)
        return lu_bad("a memory map longer than a domain may have");
    for (i = 0; i < n; i++) {
        uint64_t addr, size;

        if ((rc = lu_read_payload(r, &e, sizeof(e))))
            return rc;
        addr = lu_le64_to_cpu(e.addr);
        size = lu_le64_to_cpu(e.size);
        if ((addr | size) & (PAGE_SIZE - 1))
            return lu_bad("a MEMMAP range not of whole pages");
        cur_memmap[cur_memmap_nr++] = (struct memmap_range){
            addr >> PAGE_SHIFT, size >> PAGE_SHIFT, lu_le32_to_cpu(e.type)};
    }
    return 0;
}

/* CONSOLE_LINE: the line the guest had begun, to go on with. */
static int lu_rd_console_line(struct lu_reader *r, const struct lu_record *rec)
{
    struct lu_rec_domain_list head;
    char line[LU_CONSOLE_LINE_MAX];
    uint32_t n = rec->length - sizeof(head);
    int rc;

    BUILD_BUG_ON(LU_CONSOLE_LINE_MAX >= GUEST_CONSOLE_LINE);
    if ((rc = lu_read_payload(r, &head, sizeof(head))) ||
        (rc = lu_rd_check_domid(head.domid)))
        return rc;
    if (cur->console_len)
        return lu_bad("a second CONSOLE_LINE");
    if (!n || n > sizeof(line))
        return lu_badf("a console line of %u characters, not 1 to %u", n,
                       LU_CONSOLE_LINE_MAX);
    if ((rc = lu_read_payload(r, line, n)))
        return rc;
    guest_console_line_adopt(cur, line, n);
    return 0;
}

int lu_restore_domain_record(struct lu_reader *r, const struct lu_record *rec)
{
    if (rec->type != LU_REC_DOMAIN && !cur)
        return lu_bad("record outside a domain");
    switch (rec->type) {
    case LU_REC_DOMAIN:
        return lu_rd_domain(r);
    case LU_REC_DOMAIN_PAGES:
        return lu_rd_domain_pages(r, rec);
    case LU_REC_P2M:
        return lu_rd_p2m(r, rec);
    case LU_REC_SHARED_PAGES:
        return lu_rd_shared_pages(r);
    case LU_REC_VCPU:
        return lu_rd_vcpu(r);
    case LU_REC_EVTCHN:
        return lu_rd_evtchn(r, rec);
    case LU_REC_IOREQ:
        return lu_rd_ioreq(r);
    case LU_REC_PHYSMAP:
        return lu_rd_physmap(r, rec);
    case LU_REC_MEMMAP:
        return lu_rd_memmap(r, rec);
    case LU_REC_CONSOLE_LINE:
        return lu_rd_console_line(r, rec);
    default:
        return -EOPNOTSUPP;
    }
}

/* The other end of d's interdomain port p names p; -EINVAL if not. */
static int lu_channel_connected(void *ctx, evtchn_port_t p, struct evtchn *e)
{
    const struct domain *d = ctx;
    struct domain *rd;
    struct evtchn *f;

    if (e->state != ECS_INTERDOMAIN)
        return 0;
    rd = domain_lookup(e->remote_dom);
    f = rd ? evtchn_lookup(rd->evtchn, e->remote_port) : NULL;
    if (f && f->state == ECS_INTERDOMAIN && f->remote_dom == d->domain_id &&
        f->remote_port == p)
        return 0;
    printk(XENLOG_ERR "Live update: domain %u port %u: the other end %u:%u "
           "does not match\n", d->domain_id, p, e->remote_dom, e->remote_port);
    return -EINVAL;
}

unsigned int lu_restored_domains(void)
{
    return restored.nr_domains;
}

/*
 * A domain's SPECIAL frames are its shared info page, where its DOMAIN
 * record says (checked as it closes), and the ioreq page of each domain
 * it is the device model of, where that domain's IOREQ record says: any
 * other hypervisor frame (the stream's pages, another domain's shared
 * pages) is refused.  Each of those mappings is checked, and then that
 * there are no more SPECIAL entries than they make.  Per domain, not per
 * frame.
 */
static int lu_special_frames_check(void)
{
    unsigned long expected = 0, mapped = 0;
    struct domain *d, *dm;
    enum p2m_type t;

    for (d = domain_list; d; d = d->next_in_list) {
        mapped += d->p2m.entries[p2m_special];
        expected += gfn_x(d->shared_info_gfn) != INVALID_GFN_RAW;
        if (!d->ioreq_page || gfn_x(d->ioreq_dm_gfn) == INVALID_GFN_RAW)
            continue;
        dm = domain_lookup(d->dm_domid);
        if (!dm || !mfn_eq(p2m_get_entry(&dm->p2m, d->ioreq_dm_gfn, &t, NULL),
                           virt_to_mfn(d->ioreq_page)) ||
            t != p2m_special) {
            printk(XENLOG_ERR "Live update: domain %u: its ioreq page is not "
                   "mapped where its IOREQ record says\n", d->domain_id);
            return -EINVAL;
        }
        expected++;
    }
    if (mapped != expected) {
        printk(XENLOG_ERR "Live update: %lu SPECIAL P2M frames, of which "
               "only %lu are shared info or ioreq pages\n", mapped, expected);
        return -EINVAL;
    }
    return 0;
}

int lu_restore_domains_check(void)
{
    struct domain *d;
    int rc = lu_domain_close();

    if (rc)
        return rc;
    if ((rc = lu_special_frames_check()))
        return rc;
    for (d = domain_list; d; d = d->next_in_list)
        if ((rc = evtchn_for_each_port(d->evtchn, lu_channel_connected, d)))
            return rc;
    if (foreign_restore(lu_restore_frame_owner))
        return -EINVAL;
    printk("Live update: restored %u domains, %u vCPUs, %lu pages\n",
           restored.nr_domains, restored.nr_vcpus, restored.nr_pages);
    return 0;
}

struct domain *lu_restore_domain_open(void)
{
    return cur;
}

struct domain *lu_restore_afresh_finish(void)
{
    struct domain *d = made;

    if (lu_domain_close())
        return NULL;
    if (!d) {
        lu_bad("no DOMAIN record");
        return NULL;
    }
    lu_afresh_ready(d);
    made = NULL;
    return d;
}

void lu_restore_afresh_abandon(void)
{
    if (made)
        domain_destroy(made);
    cur = made = NULL;
}

void lu_restore_domains_abandon(void)
{
    cur = NULL;
    while (domain_list)
        domain_destroy(domain_list);
    memset(&restored, 0, sizeof(restored));
}

unsigned int lu_resume_domains(void)
{
    struct domain *d;
    unsigned int i;

    if (!restored.nr_domains)
        return 0;
    for (d = domain_list; d; d = d->next_in_list) {
        for (i = 0; i < d->max_vcpus; i++) {
            struct vcpu *v = d->vcpu[i];

            if (v->blocked && v->poll_timer.expires)
                set_timer(&v->poll_timer, v->poll_timer.expires);
        }
        if (d->is_shut_down)
            raise_softirq(DOMAIN_REAP_SOFTIRQ);
        domain_unpause(d);
    }
    lu_phase_print_resume();
    return restored.nr_domains;
}
