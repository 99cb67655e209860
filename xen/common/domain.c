/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain life cycle: create, pause, shut down, crash, destroy.
 *
 * A domain is created paused with no memory; its builder gives it RAM and
 * registers and unpauses it.  A domain that shuts down or crashes stops
 * running at once and the control domain hears of it (VIRQ_DOM_EXC).  It
 * is then destroyed from the DOMAIN_REAP softirq, once none of its vCPUs
 * is on a CPU -- unless it crashed and asked to be preserved, for `xl
 * destroy` to remove.  When the control domain goes, or the last domain
 * on a host that never had one, the machine powers off.  Destroy returns
 * every page: RAM, page tables, shared and ioreq pages, ports, rings.
 */
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/shutdown.h>
#include <public/sched.h>
#include <xen/domain_memmap.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/foreign_map.h>
#include <xen/ioreq.h>
#include <xen/lib.h>
#include <public/event_channel.h>
#include <xen/memmap.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/stdio.h>
#include <xen/string.h>

struct domain *domain_list;
spinlock_t domlist_lock = SPIN_LOCK_UNLOCKED;
struct domain *control_domain;

static mfn_t p2m_table_alloc(void *ctx)
{
    void *p = alloc_xenheap_pages(0);

    return p ? virt_to_mfn(p) : INVALID_MFN;
}

static void p2m_table_free(void *ctx, mfn_t mfn)
{
    free_xenheap_pages(mfn_to_virt(mfn), 0);
}

static uint64_t *p2m_table_map(void *ctx, mfn_t mfn)
{
    return mfn_to_virt(mfn);
}

static const struct p2m_pt_ops p2m_xenheap_ops = {
    .alloc = p2m_table_alloc,
    .free = p2m_table_free,
    .map = p2m_table_map,
};

struct domain *domain_lookup(domid_t id)
{
    struct domain *d;

    for (d = domain_list; d; d = d->next_in_list)
        if (d->domain_id == id && !d->is_dying)
            return d;
    return NULL;
}

struct domain *domain_resolve(struct domain *caller, domid_t id)
{
    return id == DOMID_SELF || id == caller->domain_id ? caller : NULL;
}

struct domain *domain_lookup_name(const char *name)
{
    struct domain *d;

    for (d = domain_list; d; d = d->next_in_list)
        if (!strcmp(d->name, name) && !d->is_dying)
            return d;
    return NULL;
}

domid_t domain_alloc_id(void)
{
    domid_t id;

    for (id = 1; id < DOMID_FIRST_RESERVED; id++)
        if (!domain_lookup(id))
            return id;
    return DOMID_INVALID;
}

static void poll_timeout(void *data)
{
    vcpu_unblock(data);
}

static int vcpus_alloc(struct domain *d)
{
    unsigned int i;

    BUILD_BUG_ON(sizeof(struct vcpu) > PAGE_SIZE);
    for (i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = alloc_xenheap_pages(0);

        if (!v)
            return -ENOMEM;
        memset(v, 0, sizeof(*v));
        v->vcpu_id = i;
        v->domain = d;
        timer_init_one(&v->poll_timer, poll_timeout, v);
        d->vcpu[i] = v;
    }
    return 0;
}

/* Free what a domain holds; safe on a partly created one. */
static void domain_free(struct domain *d)
{
    unsigned int i;
    mfn_t head;

    domain_memmap_unwatch(d);
    foreign_domain_destroy(d); /* before its frames, or mapped ones, go */
    evtchn_domain_destroy(d);
    ioreq_domain_destroy(d);
    while (!mfn_eq(head = page_list_pop(frame_table, &d->page_list),
                   INVALID_MFN))
        free_domheap_pages(head, mfn_to_page(head)->order);
    if (!mfn_eq(d->p2m.root, INVALID_MFN))
        p2m_teardown(&d->p2m);
    if (d->shared_info)
        free_xenheap_pages(d->shared_info, 0);
    if (d->console_ring)
        free_xenheap_pages(d->console_ring, 0);
    if (d->memmap)
        free_xenheap_pages(d->memmap, 0);
    if (d->physmap)
        free_xenheap_pages(d->physmap, 0);
    for (i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            free_xenheap_pages(d->vcpu[i], 0);
    free_xenheap_pages(d, 0);
}

static void domain_link(struct domain *d)
{
    struct domain **pp;

    spin_lock(&domlist_lock);
    for (pp = &domain_list; *pp && (*pp)->domain_id < d->domain_id;
         pp = &(*pp)->next_in_list)
        ;
    d->next_in_list = *pp;
    *pp = d;
    spin_unlock(&domlist_lock);
}

static bool domain_create_ok(domid_t id, const char *name,
                             unsigned int max_vcpus)
{
    const char *why = NULL;

    if (id >= DOMID_FIRST_RESERVED || domain_lookup(id))
        why = "id unavailable";
    else if (!name[0] || strnlen(name, XEN_DOMAIN_NAME_LEN) ==
                             XEN_DOMAIN_NAME_LEN)
        why = "bad name";
    else if (domain_lookup_name(name))
        why = "name in use";
    else if (!max_vcpus || max_vcpus > MAX_VIRT_CPUS)
        why = "bad vCPU count";
    if (why)
        printk(XENLOG_ERR "Cannot create domain %u (%.64s): %s\n", id, name,
               why);
    return !why;
}

/* Everything but the shared info page and the console ring; not linked. */
static struct domain *domain_alloc(domid_t id, const char *name,
                                   unsigned int max_vcpus, bool privileged)
{
    struct domain *d;

    BUILD_BUG_ON(sizeof(struct domain) > PAGE_SIZE);
    if (!domain_create_ok(id, name, max_vcpus) ||
        !(d = alloc_xenheap_pages(0)))
        return NULL;
    memset(d, 0, sizeof(*d));
    d->domain_id = id;
    memcpy(d->name, name, strlen(name) + 1);
    d->lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
    d->is_privileged = privileged;
    d->max_vcpus = max_vcpus;
    d->pause_count = 1; /* the builder unpauses it */
    d->dm_domid = DOMID_INVALID;
    d->ioreq_dm_gfn = INVALID_GFN;
    d->p2m.root = INVALID_MFN;
    d->foreign_placeholder = INVALID_MFN;
    page_list_init(&d->page_list);
    BUILD_BUG_ON(sizeof(struct memmap) > PAGE_SIZE);
    BUILD_BUG_ON(sizeof(struct physmap) > PAGE_SIZE);
    if ((d->memmap = alloc_xenheap_pages(0)))
        memmap_init(d->memmap);
    if ((d->physmap = alloc_xenheap_pages(0)))
        physmap_init(d->physmap);
    if (!d->memmap || !d->physmap || p2m_init(&d->p2m, &p2m_xenheap_ops) ||
        arch_domain_init(d) || evtchn_domain_init(d) || vcpus_alloc(d)) {
        printk(XENLOG_ERR "Cannot create domain %u (%s): out of memory\n", id,
               name);
        domain_free(d);
        return NULL;
    }
    return d;
}

static struct domain *domain_publish(struct domain *d)
{
    domain_link(d);
    if (d->is_privileged)
        control_domain = d;
    return d;
}

struct domain *domain_create(domid_t id, const char *name,
                             unsigned int max_vcpus, bool privileged)
{
    struct domain *d = domain_alloc(id, name, max_vcpus, privileged);

    if (!d)
        return NULL;
    if (!(d->shared_info = alloc_xenheap_pages(0)) ||
        !(d->console_ring = alloc_xenheap_pages(0))) {
        printk(XENLOG_ERR "Cannot create domain %u (%s): out of memory\n", id,
               name);
        domain_free(d);
        return NULL;
    }
    return domain_publish(d);
}

struct domain *domain_create_adopting(domid_t id, const char *name,
                                      unsigned int max_vcpus, bool privileged)
{
    struct domain *d = domain_alloc(id, name, max_vcpus, privileged);

    return d ? domain_publish(d) : NULL;
}

void domain_pause(struct domain *d)
{
    unsigned int i;

    d->pause_count++;
    for (i = 0; i < d->max_vcpus; i++)
        vcpu_sleep(d->vcpu[i]);
}

void domain_unpause(struct domain *d)
{
    unsigned int i;

    ASSERT(d->pause_count);
    if (--d->pause_count)
        return;
    for (i = 0; i < d->max_vcpus; i++)
        vcpu_wake(d->vcpu[i]);
}

static const char *const shutdown_names[] = {
    [SHUTDOWN_poweroff] = "poweroff",
    [SHUTDOWN_reboot] = "reboot",
    [SHUTDOWN_suspend] = "suspend",
    [SHUTDOWN_crash] = "crash",
};

static void domain_stop(struct domain *d, unsigned int reason)
{
    unsigned int i;

    d->is_shut_down = true;
    d->shutdown_reason = reason;
    for (i = 0; i < d->max_vcpus; i++)
        vcpu_sleep(d->vcpu[i]);
    if (control_domain && control_domain != d)
        send_guest_virq(control_domain, VIRQ_DOM_EXC);
    raise_softirq(DOMAIN_REAP_SOFTIRQ);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    if (d->is_shut_down)
        return;
    printk("Domain %u (%s) shut down: %s\n", d->domain_id, d->name,
           shutdown_names[reason]);
    domain_stop(d, reason);
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
    char why[160];
    va_list args;

    if (d->is_shut_down)
        return;
    va_start(args, fmt);
    vsnprintf(why, sizeof(why), fmt, args);
    va_end(args);
    printk(XENLOG_ERR "Domain %u (%s) crashed: %s\n", d->domain_id, d->name,
           why);
    domain_stop(d, SHUTDOWN_crash);
}

static bool domain_on_cpu(const struct domain *d)
{
    unsigned int i;

    for (i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i]->is_running)
            return true;
    return false;
}

static void domain_unlink(struct domain *d)
{
    struct domain **pp;

    spin_lock(&domlist_lock);
    for (pp = &domain_list; *pp != d; pp = &(*pp)->next_in_list)
        ;
    *pp = d->next_in_list;
    spin_unlock(&domlist_lock);
}

void domain_destroy(struct domain *d)
{
    struct domain *t;
    unsigned int i;

    BUG_ON(domain_on_cpu(d));
    d->is_dying = true;
    for (i = 0; i < d->max_vcpus; i++) {
        vcpu_sleep(d->vcpu[i]);
        stop_timer(&d->vcpu[i]->poll_timer);
    }
    /*
     * Domains it served keep their ioreq page, no longer mapped here, and
     * have no device model from now on: the next domain to get its id is
     * not theirs.
     */
    for (t = domain_list; t; t = t->next_in_list)
        if (t->dm_domid == d->domain_id) {
            t->ioreq_dm_gfn = INVALID_GFN;
            t->memmap_port = 0;
            t->dm_domid = DOMID_INVALID;
            printk("Domain %u: its device model, domain %u, has gone: none "
                   "now\n", t->domain_id, d->domain_id);
        }
    domain_unlink(d);
    if (d == control_domain)
        control_domain = NULL;
    printk("Domain %u (%s) destroyed\n", d->domain_id, d->name);
    domain_free(d);
}

/* A crashed domain that asked to be kept stays for the toolstack. */
static bool domain_preserved(const struct domain *d)
{
    return d->shutdown_reason == SHUTDOWN_crash &&
           d->on_crash == XEN_DOMCTL_ON_CRASH_PRESERVE && control_domain &&
           control_domain != d;
}

void domain_reap(void)
{
    struct domain *d, *next;
    bool control_gone = false;

    for (d = domain_list; d; d = next) {
        next = d->next_in_list;
        if (!d->is_shut_down || domain_preserved(d))
            continue;
        if (domain_on_cpu(d)) {
            raise_softirq(DOMAIN_REAP_SOFTIRQ); /* after the switch away */
            continue;
        }
        control_gone |= d == control_domain;
        domain_destroy(d);
    }
    if (control_gone) {
        printk("The control domain has gone.\n");
        machine_power_off();
    }
    if (!domain_list) {
        printk("All domains have gone.\n");
        machine_power_off();
    }
}
