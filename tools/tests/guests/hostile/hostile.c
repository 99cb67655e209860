/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hostile: an unprivileged guest that tries everything it must not be
 * allowed to do, and checks that each attempt is refused the right way.
 *
 * Property checked: a domain that is not the control domain, and not the
 * device model of anyone, can neither control nor observe the hypervisor or
 * other domains, and nothing it passes in a hypercall can crash or corrupt
 * the hypervisor.  Families of attempts:
 *
 *  - every privileged hypercall: each domctl and sysctl command (-EPERM),
 *    saving another domain or itself and restoring one from a file among
 *    them,
 *    dm_op on another domain and on itself (-EPERM), kexec_op's live
 *    update load, exec (and its dry run) and unload (-EPERM, a load of
 *    another interface version too: privilege is checked first);
 *  - bad guest addresses as hypercall arguments: hypervisor addresses,
 *    non-canonical ones, frames beyond its physmap, a structure running
 *    off the end of the physmap, an address range that wraps (-EFAULT),
 *    and huge console_io lengths (-EINVAL);
 *  - unknown hypercall numbers and sub-commands (-ENOSYS);
 *  - event channels it does not own: unallocated ports, port 0, huge
 *    ports (-EINVAL), another domain's port that was not offered to it
 *    (-EINVAL), acting for another domain (-EPERM);
 *  - populate_physmap over the hypervisor's half, beyond any limit, over
 *    frames already in use (an extent with only one of them too), past
 *    its RAM, for another domain;
 *  - relocate_ram of its top frame, which may move, to the lower half's
 *    last page, which no guest may have: an instruction ending there
 *    would leave a non-canonical rip, on which the hypervisor's iretq
 *    faulted (only with more than 64 MiB of RAM, for a movable frame:
 *    test_isolation gives it that);
 *  - memory it cannot even address: frames beyond its RAM and the
 *    hypervisor's mappings must page-fault (#PF) in the guest;
 *  - privileged instructions (cli, hlt, control registers, MSRs,
 *    descriptor tables, port I/O to ports nobody claimed, interrupt gates
 *    reserved to the hypervisor) must raise #GP in the guest.
 *
 * Each check prints one line, `hostile: <check>: refused (<error>)`, or
 * `hostile: <check>: NOT REFUSED` / `WRONG ERROR (...)`.  NULL is not on
 * the list: guest-physical 0 is RAM (docs/designs/domains.md), so it is a
 * valid guest address.  The verdict is SUCCESS only if every check was
 * refused correctly; the integration test runs memcheck next to it and
 * expects the hypervisor to stay healthy.
 *
 * Command line: peer=<domid> names another live domain to attack (default:
 * domain 2 if this is domain 1, else domain 1).
 */
#include <public/errno.h>
#include <public/kexec.h>

#include "guest.h"

const char test_title[] = "hostile";

#define X86_EXC_GP 13
#define X86_EXC_PF 14

/* Addresses no guest may reach. */
#define XEN_DIRECTMAP  0xffff830000000000ull
#define XEN_TEXT       0xffffffff80000000ull
#define NONCANON_LOW   0x0000800000000000ull /* first above the lower half */
#define NONCANON_HIGH  0x8000000000000000ull
#define TOP_OF_VA      0xfffffffffffffff8ull /* addr + len wraps */
#define LOWER_HALF_END 0x00007ffffffff000ull /* last page of the lower half */
/* Guest frame numbers end where a 4-level lower half does (p2m.h). */
#define GFN_LIMIT     (1ull << 35)
#define FOREIGN_DOMID 0x7fe0 /* a domain id nobody has */

static domid_t self, peer;
static uint64_t ram_end;     /* first address beyond RAM */
static uint64_t physmap_end; /* first address beyond the shared info page */
static unsigned int nr_checks, nr_bad;

/* -------------------------------------------------------------------- */
/* Reporting                                                            */

static const char *err_name(long rc)
{
    static char buf[24];

    switch (-rc) {
    case XEN_EPERM:
        return "-EPERM";
    case XEN_ESRCH:
        return "-ESRCH";
    case XEN_ENOMEM:
        return "-ENOMEM";
    case XEN_EACCES:
        return "-EACCES";
    case XEN_EFAULT:
        return "-EFAULT";
    case XEN_EBUSY:
        return "-EBUSY";
    case XEN_EINVAL:
        return "-EINVAL";
    case XEN_ENOSYS:
        return "-ENOSYS";
    }
    snprintf(buf, sizeof(buf), "%ld", rc);
    return buf;
}

static void report(const char *what, const char *outcome, bool ok)
{
    nr_checks++;
    if (!ok)
        nr_bad++;
    printf("hostile: %s: %s\n", what, outcome);
}

/*
 * Check that rc is the error want (or want2, if non-zero: both are right
 * by the ABI).  want 0 accepts any negative errno.
 */
static void expect_err(const char *what, long rc, int want, int want2)
{
    char out[80];

    if (rc >= 0) {
        report(what, "NOT REFUSED", false);
    } else if (!want || -rc == want || (want2 && -rc == want2)) {
        snprintf(out, sizeof(out), "refused (%s)", err_name(rc));
        report(what, out, true);
    } else {
        snprintf(out, sizeof(out), "WRONG ERROR (%s, expected %s)",
                 err_name(rc), err_name(-want));
        report(what, out, false);
    }
}

#define CHECK(rc, want, ...)                                                   \
    do {                                                                       \
        char what_[120];                                                       \
                                                                               \
        snprintf(what_, sizeof(what_), __VA_ARGS__);                           \
        expect_err(what_, (rc), (want), 0);                                    \
    } while (0)

#define CHECK2(rc, want, want2, ...)                                           \
    do {                                                                       \
        char what_[120];                                                       \
                                                                               \
        snprintf(what_, sizeof(what_), __VA_ARGS__);                           \
        expect_err(what_, (rc), (want), (want2));                              \
    } while (0)

/* -------------------------------------------------------------------- */
/* Privileged hypercalls                                                */

static const struct {
    uint32_t cmd;
    const char *name;
} domctls[] =
    {
        {XEN_DOMCTL_createdomain, "createdomain"},
        {XEN_DOMCTL_destroydomain, "destroydomain"},
        {XEN_DOMCTL_pausedomain, "pausedomain"},
        {XEN_DOMCTL_unpausedomain, "unpausedomain"},
        {XEN_DOMCTL_getdomaininfo, "getdomaininfo"},
        {XEN_DOMCTL_shutdown, "shutdown"},
        {XEN_DOMCTL_savedomain, "savedomain"},
        {XEN_DOMCTL_restoredomain, "restoredomain"},
        {0, "cmd 0"},
        {99, "cmd 99"},
},
  sysctls[] = {
      {XEN_SYSCTL_readconsole, "readconsole"},
      {XEN_SYSCTL_physinfo, "physinfo"},
      {XEN_SYSCTL_getdomaininfolist, "getdomaininfolist"},
      {0, "cmd 0"},
      {99, "cmd 99"},
};

static char scratch[4096] __attribute__((aligned(4096)));

/* A well-formed domctl: it would work for the control domain. */
static void domctl_fill(struct xen_domctl *op, uint32_t cmd, domid_t dom)
{
    memset(op, 0, sizeof(*op));
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = dom;
    if (cmd == XEN_DOMCTL_createdomain) {
        struct xen_domctl_createdomain *c = &op->u.createdomain;

        memcpy(c->name, "hostile-child", sizeof("hostile-child"));
        c->memory_pages = 1024;
        c->max_vcpus = 1;
        c->dm_domid = self;
        c->kernel = (uint64_t)(uintptr_t)__image_start;
        c->kernel_size = __image_end - __image_start;
    } else if (cmd == XEN_DOMCTL_shutdown) {
        op->u.shutdown.reason = SHUTDOWN_poweroff;
    } else if (cmd == XEN_DOMCTL_savedomain) {
        op->u.savedomain.buffer = (uint64_t)(uintptr_t)scratch;
        op->u.savedomain.buffer_size = sizeof(scratch);
    } else if (cmd == XEN_DOMCTL_restoredomain) {
        /* Anything will do as a file: it must not even be looked at. */
        op->u.restoredomain.buffer = (uint64_t)(uintptr_t)__image_start;
        op->u.restoredomain.size = __image_end - __image_start;
    }
}

static void check_domctl(void)
{
    static struct xen_domctl op;
    const domid_t targets[] = {peer, self};
    unsigned int i, t;

    for (i = 0; i < ARRAY_SIZE(domctls); i++) {
        for (t = 0; t < ARRAY_SIZE(targets); t++) {
            domctl_fill(&op, domctls[i].cmd, targets[t]);
            CHECK(hypervisor_domctl(&op), XEN_EPERM, "domctl %s on dom %u",
                  domctls[i].name, targets[t]);
        }
    }
    domctl_fill(&op, XEN_DOMCTL_destroydomain, peer);
    op.interface_version = ~0u;
    CHECK(hypervisor_domctl(&op), XEN_EPERM,
          "domctl destroydomain with a bad interface version");
    CHECK2(hypercall1(__HYPERVISOR_domctl, XEN_DIRECTMAP), XEN_EPERM,
           XEN_EFAULT, "domctl with its argument at %#llx", XEN_DIRECTMAP);
}

static void check_sysctl(void)
{
    static struct xen_sysctl op;
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(sysctls); i++) {
        memset(&op, 0, sizeof(op));
        op.cmd = sysctls[i].cmd;
        op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
        if (op.cmd == XEN_SYSCTL_readconsole) {
            op.u.readconsole.buffer = (uintptr_t)scratch;
            op.u.readconsole.count = sizeof(scratch);
        } else if (op.cmd == XEN_SYSCTL_getdomaininfolist) {
            op.u.getdomaininfolist.max_domains =
                sizeof(scratch) / sizeof(struct xen_domctl_getdomaininfo);
            op.u.getdomaininfolist.buffer = (uintptr_t)scratch;
        }
        CHECK(hypervisor_sysctl(&op), XEN_EPERM, "sysctl %s", sysctls[i].name);
    }
    CHECK2(hypercall1(__HYPERVISOR_sysctl, XEN_TEXT), XEN_EPERM, XEN_EFAULT,
           "sysctl with its argument at %#llx", XEN_TEXT);
}

/*
 * Live update is the control domain's alone: a well-formed load (of this
 * guest's own image), exec, dry run and unload are each refused, and
 * nothing is left loaded for the control domain to trip over.
 */
static void check_kexec_op(void)
{
    static struct xen_kexec_lu_load load;
    static struct xen_kexec_lu_exec exec;

    load.image = (uint64_t)(uintptr_t)__image_start;
    load.size = __image_end - __image_start;
    load.interface_version = XEN_KEXEC_INTERFACE_VERSION;
    CHECK(hypercall2(__HYPERVISOR_kexec_op, KEXEC_CMD_lu_load,
                     (uintptr_t)&load),
          XEN_EPERM, "kexec_op lu_load");
    /* The privilege check comes first: no version is learnt this way. */
    load.interface_version = ~0u;
    CHECK(hypercall2(__HYPERVISOR_kexec_op, KEXEC_CMD_lu_load,
                     (uintptr_t)&load),
          XEN_EPERM, "kexec_op lu_load with a bad interface version");
    exec.interface_version = XEN_KEXEC_INTERFACE_VERSION;
    CHECK(hypercall2(__HYPERVISOR_kexec_op, KEXEC_CMD_lu_exec,
                     (uintptr_t)&exec),
          XEN_EPERM, "kexec_op lu_exec");
    exec.flags = KEXEC_LU_DRY_RUN;
    CHECK(hypercall2(__HYPERVISOR_kexec_op, KEXEC_CMD_lu_exec,
                     (uintptr_t)&exec),
          XEN_EPERM, "kexec_op lu_exec (dry run)");
    CHECK(hypercall2(__HYPERVISOR_kexec_op, KEXEC_CMD_lu_unload, 0), XEN_EPERM,
          "kexec_op lu_unload");
    CHECK(hypercall2(__HYPERVISOR_kexec_op, 99, 0), XEN_EPERM,
          "kexec_op cmd 99");
}

static long dm_op(uint32_t cmd, domid_t target)
{
    static struct xen_dm_op op;

    memset(&op, 0, sizeof(op));
    op.op = cmd;
    op.domid = target;
    if (cmd == XEN_DMOP_map_io_range) {
        op.u.io_range.first = 0x3f8; /* the serial port, say */
        op.u.io_range.last = 0x3ff;
    } else {
        op.u.get_ioreq.gfn = physmap_end >> PAGE_SHIFT;
    }
    return hypervisor_dm_op(&op);
}

static void check_dm_op(void)
{
    static const struct {
        uint32_t cmd;
        const char *name;
    } ops[] = {
        {XEN_DMOP_map_io_range, "map_io_range"},
        {XEN_DMOP_get_ioreq, "get_ioreq"},
        {XEN_DMOP_get_memory_map, "get_memory_map"},
        {XEN_DMOP_watch_memory_map, "watch_memory_map"},
        {XEN_DMOP_physmap_add, "physmap_add"},
        {XEN_DMOP_physmap_move, "physmap_move"},
        {XEN_DMOP_physmap_query, "physmap_query"},
        {XEN_DMOP_map_foreign, "map_foreign"},
        {XEN_DMOP_unmap_foreign, "unmap_foreign"},
        {99, "op 99"},
    };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(ops); i++) {
        CHECK(dm_op(ops[i].cmd, peer), XEN_EPERM,
              "dm_op %s on dom %u "
              "(not its device model)",
              ops[i].name, peer);
        CHECK(dm_op(ops[i].cmd, self), XEN_EPERM, "dm_op %s on itself",
              ops[i].name);
        CHECK2(dm_op(ops[i].cmd, DOMID_SELF), XEN_EPERM, XEN_ESRCH,
               "dm_op %s on DOMID_SELF", ops[i].name);
        CHECK2(dm_op(ops[i].cmd, DOMID_XEN), XEN_EPERM, XEN_ESRCH,
               "dm_op %s on DOMID_XEN", ops[i].name);
        CHECK2(dm_op(ops[i].cmd, FOREIGN_DOMID), XEN_EPERM, XEN_ESRCH,
               "dm_op %s on missing dom %#x", ops[i].name, FOREIGN_DOMID);
    }
}

/* -------------------------------------------------------------------- */
/* Bad addresses in arguments                                           */

struct bad_addr {
    const char *what;
    uint64_t addr;
};

static struct bad_addr bad_addrs[8];
static unsigned int nr_bad_addrs;

static void bad_addr_add(const char *what, uint64_t addr)
{
    bad_addrs[nr_bad_addrs++] = (struct bad_addr){what, addr};
}

static void bad_addrs_init(void)
{
    bad_addr_add("hypervisor direct map", XEN_DIRECTMAP);
    bad_addr_add("hypervisor text", XEN_TEXT);
    bad_addr_add("non-canonical", NONCANON_HIGH);
    bad_addr_add("first non-canonical", NONCANON_LOW);
    bad_addr_add("gfn beyond its physmap", physmap_end);
    bad_addr_add("1 GiB beyond its RAM", ram_end + (1ull << 30));
    /* A misaligned structure starting in the shared info page, ending
     * beyond it: the copy must fail part-way, not run on. */
    bad_addr_add("running off the end of its physmap", physmap_end - 3);
    bad_addr_add("wrapping past 2^64", TOP_OF_VA);
}

/* Hypercalls whose one argument is a structure in guest memory. */
static void check_struct_args(const struct bad_addr *b)
{
    static const struct {
        unsigned int hc, cmd;
        const char *name;
    } calls[] = {
        {__HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
         "evtchn alloc_unbound"},
        {__HYPERVISOR_event_channel_op, EVTCHNOP_bind_interdomain,
         "evtchn bind_interdomain"},
        {__HYPERVISOR_event_channel_op, EVTCHNOP_send, "evtchn send"},
        {__HYPERVISOR_event_channel_op, EVTCHNOP_close, "evtchn close"},
        {__HYPERVISOR_event_channel_op, EVTCHNOP_unmask, "evtchn unmask"},
        {__HYPERVISOR_event_channel_op, EVTCHNOP_status, "evtchn status"},
        {__HYPERVISOR_sched_op, SCHEDOP_poll, "sched_op poll"},
        {__HYPERVISOR_sched_op, SCHEDOP_shutdown, "sched_op shutdown"},
        {__HYPERVISOR_memory_op, XENMEM_memory_map, "memory_op memory_map"},
        {__HYPERVISOR_memory_op, XENMEM_relocate_ram,
         "memory_op relocate_ram"},
        {__HYPERVISOR_memory_op, XENMEM_decrease_reservation,
         "memory_op decrease_reservation"},
        {__HYPERVISOR_memory_op, XENMEM_populate_physmap,
         "memory_op populate_physmap"},
    };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(calls); i++)
        CHECK(hypercall2(calls[i].hc, calls[i].cmd, b->addr), XEN_EFAULT,
              "%s arg %s %#llx", calls[i].name, b->what,
              (unsigned long long)b->addr);
    /* Read before its privilege check, or after: either is right. */
    CHECK2(hypercall1(__HYPERVISOR_dm_op, b->addr), XEN_EFAULT, XEN_EPERM,
           "dm_op arg %s %#llx", b->what, (unsigned long long)b->addr);
    CHECK(hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, 64, b->addr),
          XEN_EFAULT, "console_io buf %s %#llx", b->what,
          (unsigned long long)b->addr);
}

/* Good structures whose embedded pointers are bad. */
static void check_embedded_ptrs(const struct bad_addr *b)
{
    static struct sched_poll poll;
    static struct xen_memory_map map;
    static struct xen_memory_reservation res;

    poll = (struct sched_poll){.ports = b->addr, .nr_ports = 1};
    CHECK(hypervisor_sched_op(SCHEDOP_poll, &poll), XEN_EFAULT,
          "sched_op poll ports %s %#llx", b->what, (unsigned long long)b->addr);
    map = (struct xen_memory_map){.nr_entries = 4, .buffer = b->addr};
    CHECK(hypervisor_memory_op(XENMEM_memory_map, &map), XEN_EFAULT,
          "memory_map buffer %s %#llx", b->what, (unsigned long long)b->addr);
    res = (struct xen_memory_reservation){
        .extent_start = b->addr, .nr_extents = 1, .domid = DOMID_SELF};
    CHECK(hypervisor_memory_op(XENMEM_populate_physmap, &res), XEN_EFAULT,
          "populate_physmap extent_start %s %#llx", b->what,
          (unsigned long long)b->addr);
}

/* A trap handler at a supervisor or non-canonical address. */
static void check_trap_table(const struct bad_addr *b, trap_handler_fn fn)
{
    long rc = hypervisor_set_trap_table(b->addr);

    if (rc >= 0)
        trap_set_handler(fn); /* put ours back before anything traps */
    CHECK2(rc, XEN_EFAULT, XEN_EINVAL, "set_trap_table handler %s %#llx",
           b->what, (unsigned long long)b->addr);
}

static void check_console_lengths(void)
{
    /* At most a page of the end of RAM would print if the length
     * were not refused. */
    uint64_t buf = ram_end - 16;

    CHECK2(hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, ~0ull, buf),
           XEN_EINVAL, XEN_EFAULT, "console_io length ~0");
    CHECK2(
        hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, 1ull << 63, buf),
        XEN_EINVAL, XEN_EFAULT, "console_io length 2^63");
    CHECK2(
        hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, 1ull << 32, buf),
        XEN_EINVAL, XEN_EFAULT, "console_io length 2^32");
    CHECK(hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, ~0ull, 0),
          XEN_EINVAL, "console_io NULL with length ~0");
}

static void check_bad_pointers(trap_handler_fn fn)
{
    unsigned int i;

    bad_addrs_init();
    for (i = 0; i < nr_bad_addrs; i++) {
        check_struct_args(&bad_addrs[i]);
        check_embedded_ptrs(&bad_addrs[i]);
    }
    for (i = 0; i < nr_bad_addrs; i++)
        if (bad_addrs[i].addr >= NONCANON_LOW)
            check_trap_table(&bad_addrs[i], fn);
    check_console_lengths();
}

/* -------------------------------------------------------------------- */
/* Unknown hypercalls and sub-commands                                  */

static void check_unknown_hypercalls(void)
{
    static const uint64_t unknown[] = {1, 2, 11, 40, 63};
    static const uint64_t beyond[] = {NR_HYPERCALLS, NR_HYPERCALLS + 1, 255,
                                      0x80000000ull, ~0ull};
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(unknown); i++)
        CHECK(hypercall0(unknown[i]), XEN_ENOSYS, "hypercall %llu (unassigned)",
              (unsigned long long)unknown[i]);
    for (i = 0; i < ARRAY_SIZE(beyond); i++)
        CHECK(hypercall0(beyond[i]), XEN_ENOSYS,
              "hypercall %#llx (>= NR_HYPERCALLS)",
              (unsigned long long)beyond[i]);
    /* A hypervisor that truncated the number would run xen_version. */
    CHECK(
        hypercall2((1ull << 32) | __HYPERVISOR_xen_version, XENVER_version, 0),
        XEN_ENOSYS, "hypercall 2^32 + xen_version");
    CHECK(hypercall3(__HYPERVISOR_console_io, 99, 1, (uintptr_t) "x"),
          XEN_ENOSYS, "console_io cmd 99");
    CHECK(hypercall2(__HYPERVISOR_sched_op, 99, 0), XEN_ENOSYS,
          "sched_op cmd 99");
    CHECK(hypercall2(__HYPERVISOR_event_channel_op, 99, (uintptr_t)scratch),
          XEN_ENOSYS, "event_channel_op cmd 99");
    CHECK(hypercall2(__HYPERVISOR_memory_op, 99, (uintptr_t)scratch),
          XEN_ENOSYS, "memory_op cmd 99");
    CHECK2(hypercall2(__HYPERVISOR_xen_version, 99, 0), XEN_EINVAL, XEN_ENOSYS,
           "xen_version cmd 99");
}

/* -------------------------------------------------------------------- */
/* Event channels it does not own                                       */

static long evtchn_port_op(unsigned int cmd, evtchn_port_t port)
{
    static evtchn_port_t arg;

    arg = port;
    return hypervisor_event_channel_op(cmd, &arg);
}

static long evtchn_bind(domid_t remote, evtchn_port_t port)
{
    static struct evtchn_bind_interdomain b;

    b = (struct evtchn_bind_interdomain){.remote_dom = remote,
                                         .remote_port = port};
    return hypervisor_event_channel_op(EVTCHNOP_bind_interdomain, &b);
}

static long evtchn_alloc(domid_t dom, domid_t remote)
{
    static struct evtchn_alloc_unbound a;
    long rc;

    a = (struct evtchn_alloc_unbound){.dom = dom, .remote_dom = remote};
    rc = hypervisor_event_channel_op(EVTCHNOP_alloc_unbound, &a);
    return rc < 0 ? rc : a.port;
}

static long evtchn_status(domid_t dom, evtchn_port_t port)
{
    static struct evtchn_status s;

    s = (struct evtchn_status){.dom = dom, .port = port};
    return hypervisor_event_channel_op(EVTCHNOP_status, &s);
}

static long poll_ports(evtchn_port_t port, uint32_t nr_ports)
{
    static struct sched_poll poll;
    static evtchn_port_t ports[1];

    ports[0] = port;
    /* A timeout in the past: poll must not block whatever it decides. */
    poll = (struct sched_poll){
        .ports = (uintptr_t)ports, .nr_ports = nr_ports, .timeout = 1};
    return hypervisor_sched_op(SCHEDOP_poll, &poll);
}

/* Ports that are not in use: send, close, unmask and poll fail. */
static void check_unowned_ports(const char *why, evtchn_port_t port)
{
    CHECK(evtchn_port_op(EVTCHNOP_send, port), XEN_EINVAL,
          "evtchn send on %s port %u", why, port);
    CHECK(evtchn_port_op(EVTCHNOP_close, port), XEN_EINVAL,
          "evtchn close on %s port %u", why, port);
    CHECK(evtchn_port_op(EVTCHNOP_unmask, port), XEN_EINVAL,
          "evtchn unmask on %s port %u", why, port);
    CHECK(poll_ports(port, 1), XEN_EINVAL, "sched_op poll on %s port %u", why,
          port);
}

static void check_foreign_domains(void)
{
    CHECK(evtchn_bind(peer, 1), XEN_EINVAL,
          "evtchn bind to dom %u port 1 (not offered)", peer);
    CHECK(evtchn_bind(peer, 0), XEN_EINVAL, "evtchn bind to dom %u port 0",
          peer);
    CHECK(evtchn_bind(peer, EVTCHN_MAX_PORTS), XEN_EINVAL,
          "evtchn bind to dom %u port %u", peer, EVTCHN_MAX_PORTS);
    CHECK(evtchn_bind(peer, ~0u), XEN_EINVAL, "evtchn bind to dom %u port %#x",
          peer, ~0u);
    CHECK2(evtchn_bind(FOREIGN_DOMID, 1), XEN_ESRCH, XEN_EINVAL,
           "evtchn bind to missing dom %#x", FOREIGN_DOMID);
    CHECK2(evtchn_bind(DOMID_XEN, 1), XEN_ESRCH, XEN_EINVAL,
           "evtchn bind to DOMID_XEN");
    CHECK(evtchn_alloc(peer, DOMID_SELF), XEN_EPERM,
          "evtchn alloc_unbound for dom %u", peer);
    CHECK(evtchn_alloc(FOREIGN_DOMID, DOMID_SELF), XEN_EPERM,
          "evtchn alloc_unbound for missing dom %#x", FOREIGN_DOMID);
    CHECK(evtchn_alloc(DOMID_XEN, DOMID_SELF), XEN_EPERM,
          "evtchn alloc_unbound for DOMID_XEN");
    CHECK(evtchn_alloc(DOMID_SELF, FOREIGN_DOMID), XEN_ESRCH,
          "evtchn alloc_unbound offered to missing dom %#x", FOREIGN_DOMID);
    CHECK(evtchn_status(peer, 1), XEN_EPERM, "evtchn status of dom %u port 1",
          peer);
    CHECK(evtchn_status(DOMID_SELF, EVTCHN_MAX_PORTS), XEN_EINVAL,
          "evtchn status of port %u", EVTCHN_MAX_PORTS);
    CHECK(evtchn_status(DOMID_SELF, ~0u), XEN_EINVAL,
          "evtchn status of port %#x", ~0u);
}

/*
 * A port of its own offered to peer: it may not bind to it itself, and
 * once closed it is unowned again.  Returns false if the setup failed.
 */
static bool check_offered_elsewhere(void)
{
    long port = evtchn_alloc(DOMID_SELF, peer);
    long rc;

    if (port <= 0)
        test_error("alloc_unbound offered to dom %u: %s", peer, err_name(port));
    CHECK(evtchn_bind(DOMID_SELF, port), XEN_EINVAL,
          "evtchn bind to own port %ld (offered to dom %u)", port, peer);
    CHECK(evtchn_bind(self, port), XEN_EINVAL,
          "evtchn bind to dom %u port %ld (offered to dom %u)", self, port,
          peer);
    if ((rc = evtchn_port_op(EVTCHNOP_close, port)) < 0)
        test_error("close of own port %ld: %s", port, err_name(rc));
    check_unowned_ports("closed", port);
    return true;
}

static void check_event_channels(void)
{
    check_unowned_ports("unallocated", 1);
    check_unowned_ports("reserved", 0);
    check_unowned_ports("huge", EVTCHN_MAX_PORTS);
    check_unowned_ports("huge", ~0u);
    CHECK(poll_ports(1, 0), XEN_EINVAL, "sched_op poll on 0 ports");
    CHECK2(poll_ports(1, ~0u), XEN_EINVAL, XEN_EFAULT,
           "sched_op poll on %#x ports", ~0u);
    check_foreign_domains();
    check_offered_elsewhere();
}

/* -------------------------------------------------------------------- */
/* populate_physmap                                                     */

static long reservation(unsigned int cmd, uint64_t gfn, unsigned int order,
                        domid_t dom)
{
    static uint64_t gfns[1];
    static struct xen_memory_reservation r;

    gfns[0] = gfn;
    r = (struct xen_memory_reservation){.extent_start = (uintptr_t)gfns,
                                        .nr_extents = 1,
                                        .extent_order = order,
                                        .domid = dom};
    return hypervisor_memory_op(cmd, &r);
}

static long populate(uint64_t gfn, unsigned int order, domid_t dom)
{
    return reservation(XENMEM_populate_physmap, gfn, order, dom);
}

/*
 * An extent whose first frame it gave back but whose second it still has:
 * refused whole (the second frame must not be mapped over), then the
 * first frame alone taken back.
 */
static void check_populate_over_a_mapping(void)
{
    static uint8_t pair[2][PAGE_SIZE] __attribute__((aligned(2 * PAGE_SIZE)));
    uint64_t gfn = (uintptr_t)pair >> PAGE_SHIFT;
    long rc;

    pair[1][0] = 0x5a;
    rc = reservation(XENMEM_decrease_reservation, gfn, 0, DOMID_SELF);
    if (rc != 1)
        test_error("cannot give back a frame of its own: %ld", rc);
    CHECK(populate(gfn, 1, DOMID_SELF), XEN_EBUSY,
          "populate_physmap of 2 frames, the second still mapped");
    if ((rc = populate(gfn, 0, DOMID_SELF)) != 1 || pair[1][0] != 0x5a)
        test_error("cannot take the frame back (%ld), or the one after it "
                   "changed", rc);
}

/*
 * A list longer than the hypervisor does in one go (it has the call made
 * again where it stopped): 200 frames given back and taken back, each
 * counted once; a start of its own in cmd's high bits is refused.
 */
static void check_reservation_in_chunks(void)
{
    enum { N = 200 };
    static uint8_t frames[N][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
    static uint64_t gfns[N];
    static struct xen_memory_reservation r;
    long rc, bad;
    unsigned int i;

    for (i = 0; i < N; i++) {
        frames[i][0] = (uint8_t)(i + 1);
        gfns[i] = (uintptr_t)frames[i] >> PAGE_SHIFT;
    }
    r = (struct xen_memory_reservation){.extent_start = (uintptr_t)gfns,
                                        .nr_extents = N,
                                        .domid = DOMID_SELF};
    if ((rc = hypervisor_memory_op(XENMEM_decrease_reservation, &r)) != N)
        test_error("giving back %u frames in one call: %ld", N, rc);
    if ((rc = hypervisor_memory_op(XENMEM_populate_physmap, &r)) != N)
        test_error("taking back %u frames in one call: %ld", N, rc);
    for (i = 0, bad = 0; i < N; i++)
        bad += frames[i][0] != 0;
    if (bad)
        test_error("%ld of %u frames taken back are not new", bad, N);
    printf("hostile: %u frames given back and taken back in one call "
           "each, done in chunks\n", N);
    CHECK(hypervisor_memory_op(XENMEM_decrease_reservation |
                                   ((N + 1) << XENMEM_EXTENT_SHIFT), &r),
          XEN_EINVAL, "decrease_reservation starting past its extents");
    CHECK(hypervisor_memory_op(XENMEM_current_reservation |
                                   (1u << XENMEM_EXTENT_SHIFT), NULL),
          XEN_ENOSYS, "current_reservation with a start extent");
}

static void check_populate(void)
{
    uint64_t ram_gfns = ram_end >> PAGE_SHIFT;
    long before = hypervisor_memory_op(XENMEM_current_reservation, NULL);
    long after;

    CHECK(populate(XEN_DIRECTMAP >> PAGE_SHIFT, 0, DOMID_SELF), XEN_EINVAL,
          "populate_physmap gfn in the hypervisor's half");
    CHECK(populate(GFN_LIMIT, 0, DOMID_SELF), XEN_EINVAL,
          "populate_physmap gfn 2^35 (beyond the p2m)");
    CHECK(populate(~0ull, 0, DOMID_SELF), XEN_EINVAL,
          "populate_physmap gfn ~0");
    CHECK(populate(GFN_LIMIT - 512, 18, DOMID_SELF), XEN_EINVAL,
          "populate_physmap 1 GiB extent misaligned at the end of the p2m");
    CHECK(populate(0, 63, DOMID_SELF), XEN_EINVAL,
          "populate_physmap extent order 63");
    CHECK(populate(0, 0, DOMID_SELF), XEN_EBUSY,
          "populate_physmap over its own RAM at gfn 0");
    CHECK(populate(ram_gfns, 0, DOMID_SELF), XEN_EINVAL,
          "populate_physmap over its shared info page (not RAM in its map)");
    CHECK(populate(ram_gfns + 16, 0, DOMID_SELF), XEN_EINVAL,
          "populate_physmap gfn past its RAM");
    CHECK(populate(GFN_LIMIT - 1, 0, DOMID_SELF), XEN_EINVAL,
          "populate_physmap last gfn of the p2m, past its RAM");
    check_populate_over_a_mapping();
    check_reservation_in_chunks();
    CHECK(populate(ram_gfns + 16, 0, peer), XEN_EPERM,
          "populate_physmap for dom %u", peer);
    CHECK(reservation(XENMEM_decrease_reservation, 1, 0, peer), XEN_EPERM,
          "decrease_reservation for dom %u", peer);
    CHECK(reservation(XENMEM_decrease_reservation, ram_gfns, 0, DOMID_SELF),
          XEN_EINVAL, "decrease_reservation of its shared info page");
    CHECK(reservation(XENMEM_decrease_reservation, 0, 9, DOMID_SELF),
          XEN_EINVAL, "decrease_reservation of a 2 MiB extent");
    CHECK(reservation(XENMEM_decrease_reservation, GFN_LIMIT, 0, DOMID_SELF),
          XEN_EINVAL, "decrease_reservation gfn 2^35 (beyond the p2m)");
    after = hypervisor_memory_op(XENMEM_current_reservation, NULL);
    if (before < 0 || after != before)
        report("current_reservation unchanged", "NOT REFUSED (changed)", false);
}

/*
 * Its top frame is RAM right below the MMIO hole (shared info just above
 * it, no reserved ranges) and above 64 MiB, so it may move above 4 GiB:
 * only the destination, the lower half's last page, can be refused.
 */
static void check_relocate_to_the_top(void)
{
    static struct xen_memory_relocate r;
    uint64_t top = (ram_end >> PAGE_SHIFT) - 1;

    if (ram_end <= (64ull << 20)) {
        printf("hostile: relocate_ram of its top frame: not tried (64 MiB "
               "of RAM or less, none may move)\n");
        return;
    }
    r = (struct xen_memory_relocate){top, 1, GFN_LIMIT - 1, 0};
    CHECK(hypervisor_memory_op(XENMEM_relocate_ram, &r), XEN_EINVAL,
          "relocate_ram of its top frame to the lower half's last page");
}

/* -------------------------------------------------------------------- */
/* Memory it cannot address and privileged instructions                 */

static uint64_t fixup_rip; /* where the expected trap resumes, or 0 */
static struct {
    bool seen;
    uint64_t vector, error_code, cr2;
} trap;

static void hostile_trap(struct guest_trap_frame *f)
{
    if (!fixup_rip)
        test_error("unexpected trap %lu (error %#lx, cr2 %#lx) at %#lx",
                   (unsigned long)f->vector, (unsigned long)f->error_code,
                   (unsigned long)f->cr2, (unsigned long)f->rip);
    trap.seen = true;
    trap.vector = f->vector;
    trap.error_code = f->error_code;
    trap.cr2 = f->cr2;
    f->rip = fixup_rip;
    fixup_rip = 0;
}

/*
 * Run insn with a fixup: a trap resumes after it.  The asm sets fixup_rip
 * itself so the compiler cannot move the instruction out of its window.
 */
#define PROBE(insn, ...)                                                       \
    do {                                                                       \
        trap.seen = false;                                                     \
        asm volatile("lea 1f(%%rip), %%r11\n\t"                                \
                     "mov %%r11, %[fix]\n\t" insn "\n"                         \
                     "1:\n\t"                                                  \
                     "movq $0, %[fix]"                                         \
                     : [fix] "+m"(fixup_rip)__VA_ARGS__);                      \
    } while (0)

static const char *vector_name(uint64_t v)
{
    return v == X86_EXC_GP ? "#GP" : v == X86_EXC_PF ? "#PF" : "vector ?";
}

/* The probe just run must have raised vector (for #PF, at cr2). */
static void expect_trap(const char *what, uint64_t vector, uint64_t cr2)
{
    char out[96];

    if (!trap.seen) {
        report(what, "NOT REFUSED", false);
    } else if (trap.vector != vector ||
               (vector == X86_EXC_PF && trap.cr2 != cr2)) {
        snprintf(out, sizeof(out),
                 "WRONG ERROR (vector %lu cr2 %#lx, "
                 "expected %s)",
                 (unsigned long)trap.vector, (unsigned long)trap.cr2,
                 vector_name(vector));
        report(what, out, false);
    } else {
        snprintf(out, sizeof(out), "refused (%s)", vector_name(vector));
        report(what, out, true);
    }
}

static void probe_read(const char *what, uint64_t addr, uint64_t vector)
{
    char name[96];

    PROBE("movb (%[a]), %%al", : [a] "r"(addr) : "rax", "r11", "memory");
    snprintf(name, sizeof(name), "read %s %#llx", what,
             (unsigned long long)addr);
    expect_trap(name, vector, addr);
}

static void probe_write(const char *what, uint64_t addr)
{
    char name[96];

    PROBE("movb $0x5a, (%[a])", : [a] "r"(addr) : "r11", "memory");
    snprintf(name, sizeof(name), "write %s %#llx", what,
             (unsigned long long)addr);
    expect_trap(name, X86_EXC_PF, addr);
}

static void probe_exec(const char *what, uint64_t addr)
{
    char name[96];

    PROBE("jmp *%[a]", : [a] "r"(addr) : "r11", "memory");
    snprintf(name, sizeof(name), "execute %s %#llx", what,
             (unsigned long long)addr);
    expect_trap(name, X86_EXC_PF, addr);
}

static void check_unreachable_memory(void)
{
    probe_read("gfn beyond its physmap", physmap_end, X86_EXC_PF);
    probe_read("1 GiB beyond its RAM", ram_end + (1ull << 30), X86_EXC_PF);
    probe_read("top of the lower half", LOWER_HALF_END, X86_EXC_PF);
    probe_read("hypervisor direct map", XEN_DIRECTMAP, X86_EXC_PF);
    probe_read("hypervisor text", XEN_TEXT, X86_EXC_PF);
    probe_read("non-canonical", NONCANON_LOW, X86_EXC_GP);
    probe_write("gfn beyond its physmap", physmap_end);
    probe_write("hypervisor direct map", XEN_DIRECTMAP);
    probe_write("hypervisor text", XEN_TEXT);
    probe_exec("hypervisor text", XEN_TEXT);
}

static const uint8_t zero_desc[16];

static void check_privileged_insns(void)
{
    PROBE("cli", : : "r11", "memory");
    expect_trap("cli", X86_EXC_GP, 0);
    PROBE("sti", : : "r11", "memory");
    expect_trap("sti", X86_EXC_GP, 0);
    PROBE("hlt", : : "r11", "memory");
    expect_trap("hlt", X86_EXC_GP, 0);
    PROBE("mov %[z], %%cr3", : [z] "r"(0ul) : "r11", "memory");
    expect_trap("mov to cr3", X86_EXC_GP, 0);
    PROBE("mov %%cr3, %%rax", : : "rax", "r11", "memory");
    expect_trap("mov from cr3", X86_EXC_GP, 0);
    PROBE("mov %[z], %%cr0", : [z] "r"(0ul) : "r11", "memory");
    expect_trap("mov to cr0", X86_EXC_GP, 0);
    PROBE("mov %[z], %%dr7", : [z] "r"(0ul) : "r11", "memory");
    expect_trap("mov to dr7", X86_EXC_GP, 0);
    PROBE("wrmsr", : "c"(0xc0000080u), "a"(0), "d"(0) : "r11", "memory");
    expect_trap("wrmsr EFER", X86_EXC_GP, 0);
    PROBE("rdmsr", : "c"(0x1bu) : "rax", "rdx", "r11", "memory");
    expect_trap("rdmsr APIC base", X86_EXC_GP, 0);
    PROBE("lgdt %[d]", : [d] "m"(zero_desc) : "r11", "memory");
    expect_trap("lgdt", X86_EXC_GP, 0);
    PROBE("lidt %[d]", : [d] "m"(zero_desc) : "r11", "memory");
    expect_trap("lidt", X86_EXC_GP, 0);
    PROBE("ltr %w[s]", : [s] "r"(0x28) : "r11", "memory");
    expect_trap("ltr", X86_EXC_GP, 0);
    PROBE("invlpg (%[a])", : [a] "r"(scratch) : "r11", "memory");
    expect_trap("invlpg", X86_EXC_GP, 0);
    PROBE("wbinvd", : : "r11", "memory");
    expect_trap("wbinvd", X86_EXC_GP, 0);
    PROBE("swapgs", : : "r11", "memory");
    expect_trap("swapgs", X86_EXC_GP, 0);
    /* Gates the hypervisor keeps to itself (DPL 0). */
    PROBE("int $0x0e", : : "r11", "memory");
    expect_trap("int $0x0e (the page-fault gate)", X86_EXC_GP, 0);
    PROBE("int $0x08", : : "r11", "memory");
    expect_trap("int $0x08 (the double-fault gate)", X86_EXC_GP, 0);
    PROBE("int $0x02", : : "r11", "memory");
    expect_trap("int $0x02 (the NMI gate)", X86_EXC_GP, 0);
}

/* Port I/O to ports that no device model claimed for it. */
static void check_port_io(void)
{
    static const struct {
        uint16_t port;
        const char *what;
    } ports[] = {
        {0x80, "POST"},        {0xf4, "isa-debug-exit"}, {0x3f8, "serial"},
        {0xcf8, "PCI config"}, {0x510, "unclaimed"},     {0x43, "PIT"},
    };
    unsigned int i;
    char name[64];

    for (i = 0; i < ARRAY_SIZE(ports); i++) {
        PROBE("outb %%al, %%dx",
              : "a"(0), "d"(ports[i].port)
              : "r11", "memory");
        snprintf(name, sizeof(name), "outb port %#x (%s)", ports[i].port,
                 ports[i].what);
        expect_trap(name, X86_EXC_GP, 0);
        PROBE("inb %%dx, %%al", : "d"(ports[i].port) : "rax", "r11", "memory");
        snprintf(name, sizeof(name), "inb port %#x (%s)", ports[i].port,
                 ports[i].what);
        expect_trap(name, X86_EXC_GP, 0);
    }
    PROBE("outl %%eax, $0x80", : "a"(0) : "r11", "memory");
    expect_trap("outl port 0x80 (immediate)", X86_EXC_GP, 0);
    PROBE("inw $0x80, %%ax", : : "rax", "r11", "memory");
    expect_trap("inw port 0x80 (immediate)", X86_EXC_GP, 0);
}

/* -------------------------------------------------------------------- */

/* Ordinary requests still work after all that. */
static void check_still_working(void)
{
    long v = hypercall2(__HYPERVISOR_xen_version, XENVER_version, 0);
    long port = evtchn_alloc(DOMID_SELF, DOMID_SELF);
    uint64_t t0 = time_now_ns();

    if (v < 0)
        test_failure("xen_version fails afterwards: %s", err_name(v));
    if (port <= 0 || evtchn_port_op(EVTCHNOP_close, port) < 0)
        test_failure("event channels fail afterwards: %s", err_name(port));
    hypervisor_yield();
    if (time_now_ns() < t0)
        test_failure("time went backwards");
}

void test_main(const struct start_info *si)
{
    bool ok;
    uint64_t p;

    self = si->domid;
    p = cmdline_get_u64("peer", self == 1 ? 2 : 1, &ok);
    if (!ok || p == self || p >= DOMID_FIRST_RESERVED)
        test_error("bad peer= on the command line");
    peer = p;
    ram_end = si->nr_pages << PAGE_SHIFT;
    physmap_end = (si->shared_info_gfn + 1) << PAGE_SHIFT;
    if (si->shared_info_gfn != si->nr_pages)
        test_error("shared info at gfn %#lx, not just above RAM",
                   (unsigned long)si->shared_info_gfn);
    if (trap_set_handler(hostile_trap) < 0)
        test_error("set_trap_table refused");

    check_domctl(); /* every domctl command: -XEN_EPERM */
    check_sysctl(); /* every sysctl command: -XEN_EPERM */
    check_dm_op();  /* not anyone's device model: -XEN_EPERM */
    check_kexec_op(); /* live update: -XEN_EPERM */
    check_bad_pointers(hostile_trap); /* -XEN_EFAULT, -XEN_EINVAL */
    check_unknown_hypercalls();       /* -XEN_ENOSYS */
    check_event_channels();           /* ports it does not own */
    check_populate();                 /* memory beyond what it may have */
    check_relocate_to_the_top();      /* no RAM at the lower half's end */
    check_unreachable_memory();       /* #PF */
    check_privileged_insns();         /* #GP */
    check_port_io();                  /* #GP */
    check_still_working();

    printf("hostile: %u checks, %u not refused as they should be\n", nr_checks,
           nr_bad);
    if (nr_bad)
        test_failure("%u of %u checks not refused as they should be", nr_bad,
                     nr_checks);
    test_success();
}
