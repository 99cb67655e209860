/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and vCPUs: the structures, their life cycle (common/domain.c)
 * and the scheduler (common/schedule.c).
 *
 * Lock order: domlist_lock, then a domain's lock, then the scheduler's;
 * event-channel operations on two domains take the lower domain id first.
 * With one CPU brought up and the hypervisor running with interrupts off,
 * the locks order work that SMP will make concurrent.
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <asm/domain.h>
#include <public/domctl.h>
#include <public/xen.h>
#include <xen/compiler.h>
#include <xen/evtchn-core.h>
#include <xen/p2m.h>
#include <xen/page_list.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/timer.h>

#define MAX_VIRT_CPUS     XEN_LEGACY_MAX_VCPUS
#define DOMID_IDLE        0x7fff
#define MAX_IO_RANGES     8
#define MAX_POLL_PORTS    8
#define GUEST_CONSOLE_LINE 256

struct domain;

/*
 * XEN_VARIANT_ALT (make XEN_VARIANT=alt) shifts every member of struct
 * vcpu and struct domain, so that a live update between the two builds
 * shows that nothing reads the other build's structs: the stream carries
 * fields, never layouts.
 */
struct vcpu {
#ifdef XEN_VARIANT_ALT
    uint64_t variant_pad[3];
#endif
    unsigned int vcpu_id;
    struct domain *domain;
    struct arch_vcpu arch;

    /* Scheduling: a vCPU runs when none of these holds it back. */
    bool is_initialised;     /* has registers to run with */
    bool is_running;         /* on a CPU now */
    bool blocked;            /* SCHEDOP_block / poll / waiting for an ioreq */
    unsigned int pause_count;
    struct vcpu *runq_next, *runq_prev; /* on the run queue if non-NULL */
    bool on_runq;
    s_time_t runtime;        /* ns spent running */
    s_time_t last_scheduled;

    /* SCHEDOP_poll: the ports it waits on, and its timeout. */
    unsigned int nr_poll_ports;
    evtchn_port_t poll_ports[MAX_POLL_PORTS];
    struct timer poll_timer;

    /* Port I/O handed to the device model: the vCPU waits for it. */
    bool ioreq_pending;
};

struct io_range {
    uint32_t first, last;
};

struct domain {
#ifdef XEN_VARIANT_ALT
    uint64_t variant_pad[5];
#endif
    domid_t domain_id;
    char name[XEN_DOMAIN_NAME_LEN];
    spinlock_t lock;
    struct domain *next_in_list;

    bool is_privileged;
    bool is_dying;           /* being destroyed */
    bool is_shut_down;
    unsigned int shutdown_reason;
    unsigned int pause_count;

    /* Memory: RAM blocks on page_list (head frames, with their order). */
    struct memmap *memmap;   /* its memory map (xen/memmap.h): own page */
    struct physmap *physmap; /* device-model regions (xen/physmap.h): own page */
    mfn_t foreign_placeholder; /* a page of its own its placeholders map */
    struct p2m p2m;
    struct page_list_head page_list;
    unsigned long tot_pages;
    unsigned long max_pages;

    unsigned int max_vcpus;
    struct vcpu *vcpu[MAX_VIRT_CPUS];

    struct shared_info *shared_info;
    gfn_t shared_info_gfn;
    gfn_t start_info_gfn;
    struct evtchn_table *evtchn;

    /* Emulated I/O: who serves it, which ports, and the request page. */
    domid_t dm_domid;
    unsigned int nr_io_ranges;
    struct io_range io_range[MAX_IO_RANGES];
    struct ioreq_page *ioreq_page;
    gfn_t ioreq_dm_gfn;        /* where the device model maps it */
    evtchn_port_t ioreq_port;  /* the device model's port (ECS_XEN) */
    evtchn_port_t memmap_port; /* the device model's port for map changes */

    /* Guest console: the line being assembled, and all output, for xl. */
    unsigned int console_len;
    char console_line[GUEST_CONSOLE_LINE];
    char *console_ring;          /* CONSOLE_RING_SIZE bytes */
    uint64_t console_produced;   /* bytes ever written */

    unsigned int on_crash;       /* XEN_DOMCTL_ON_CRASH_* */
    evtchn_port_t virq_port[NR_VIRQS];
};

#define CONSOLE_RING_SIZE PAGE_SIZE_4K

/* The domain that owns the console and may control others, or NULL. */
extern struct domain *control_domain;

extern struct domain *domain_list;
extern spinlock_t domlist_lock;

/* The domain with that id that is not dying, or NULL. */
struct domain *domain_lookup(domid_t id);

/* The domain called name that is not dying, or NULL. */
struct domain *domain_lookup_name(const char *name);

/* domid is the caller itself or DOMID_SELF: resolve to a domain or NULL. */
struct domain *domain_resolve(struct domain *caller, domid_t id);

/*
 * Make a domain with no memory and max_vcpus vCPUs that cannot run yet.
 * Returns it, or NULL after logging why (id taken, name taken, no memory).
 */
struct domain *domain_create(domid_t id, const char *name,
                             unsigned int max_vcpus, bool privileged);

/*
 * As domain_create(), but with no shared info page or console ring: live
 * update's restore gives it the ones it had (d->shared_info,
 * d->console_ring), which domain_destroy() then frees as usual.
 */
struct domain *domain_create_adopting(domid_t id, const char *name,
                                      unsigned int max_vcpus, bool privileged);

/* The lowest unused domain id from 1 on, or DOMID_INVALID. */
domid_t domain_alloc_id(void);

/* Stop it, free everything it holds, and forget it. */
void domain_destroy(struct domain *d);

void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);

/* The domain asked to stop (SHUTDOWN_*); its vCPUs stop running. */
void domain_shutdown(struct domain *d, unsigned int reason);

/* A guest did something it cannot survive: log why and shut it down. */
void domain_crash(struct domain *d, const char *fmt, ...) __printf(2, 3);

/* A getdomaininfo record for d (common/domctl.c). */
struct xen_domctl_getdomaininfo;
void domctl_fill_info(const struct domain *d,
                      struct xen_domctl_getdomaininfo *info);

/* Scheduler.  scheduler_init() makes this CPU's idle vCPU current. */
void scheduler_init(void);
void vcpu_wake(struct vcpu *v);
void vcpu_sleep(struct vcpu *v);
bool vcpu_runnable(const struct vcpu *v);
void vcpu_block(struct vcpu *v);
void vcpu_pause(struct vcpu *v);
void vcpu_unpause(struct vcpu *v);

/* Leave the hypervisor for the current vCPU, or whichever should run. */
void __noreturn leave_to_guest(void);

/* Start running vCPUs on this CPU; never returns. */
void __noreturn scheduler_start(void);

/* SCHEDULE_SOFTIRQ: pick the next vCPU; returns only if it is current. */
void schedule(void);

/* DOMAIN_REAP_SOFTIRQ: destroy the domains that have shut down. */
void domain_reap(void);

/* The CPU's loop when no vCPU is runnable. */
void __noreturn idle_loop(void);

/*
 * What the architecture provides (arch/x86/domain.c).
 */

/* Page tables and registers for a new domain / vCPU; 0 or -ENOMEM. */
int arch_domain_init(struct domain *d);
void arch_vcpu_init(struct vcpu *v, uint64_t entry, uint64_t stack,
                    uint64_t arg);

/*
 * Why a guest may not be resumed with these registers, trap handler and
 * FXSAVE image, or NULL if it may: ring 3 selectors, no I/O privilege,
 * interrupts on, rip and trap handler in the lower half, rsp canonical,
 * no reserved MXCSR bit -- else iretq or fxrstor faults in ring 0.  What
 * restore (live update, xl restore) checks before adopting them.
 */
const char *arch_vcpu_state_bad(const struct cpu_user_regs *r,
                                uint64_t trap_handler, const uint8_t *fxsave);

/* Bring v's saved FPU state up to date if v is the one running. */
void arch_vcpu_save_fpu(struct vcpu *v);

/* Stop running prev and run next (the idle vCPU: the idle loop). */
void __noreturn arch_context_switch(struct vcpu *prev, struct vcpu *next);

/* Return to the guest in v, the current vCPU. */
void __noreturn arch_vcpu_resume(struct vcpu *v);

/* Make the idle vCPU current, on this CPU's page tables. */
void arch_idle_vcpu_init(struct vcpu *idle);

static inline bool is_idle_vcpu(const struct vcpu *v)
{
    return v->domain->domain_id == DOMID_IDLE;
}

#endif /* XEN_SCHED_H */
