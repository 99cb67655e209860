/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypercall table (xen/hypercall.h). */
#include <public/kexec.h>
#include <public/xen.h>
#include <xen/compile.h>
#include <xen/errno.h>
#include <xen/hypercall.h>

typedef long (*hypercall_fn)(const unsigned long *arg);

static long hc_set_trap_table(const unsigned long *a)
{
    return arch_set_trap_table(a[0]);
}

static long hc_memory_op(const unsigned long *a)
{
    return do_memory_op(a[0], a[1]);
}

static long hc_xen_version(const unsigned long *a)
{
    if (a[0] != XENVER_version)
        return -EINVAL;
    return XEN_VERSION_MAJOR << 16 | XEN_VERSION_MINOR;
}

static long hc_console_io(const unsigned long *a)
{
    return do_console_io(a[0], a[1], a[2]);
}

static long hc_sched_op(const unsigned long *a)
{
    return do_sched_op(a[0], a[1]);
}

static long hc_event_channel_op(const unsigned long *a)
{
    return do_event_channel_op(a[0], a[1]);
}

static long hc_sysctl(const unsigned long *a)
{
    return do_sysctl(a[0]);
}

static long hc_domctl(const unsigned long *a)
{
    return do_domctl(a[0]);
}

static long hc_dm_op(const unsigned long *a)
{
    return do_dm_op(a[0]);
}

static long hc_kexec_op(const unsigned long *a)
{
    return do_kexec_op(a[0], a[1]);
}

static const hypercall_fn hypercall_table[NR_HYPERCALLS] = {
    [__HYPERVISOR_set_trap_table] = hc_set_trap_table,
    [__HYPERVISOR_memory_op] = hc_memory_op,
    [__HYPERVISOR_xen_version] = hc_xen_version,
    [__HYPERVISOR_console_io] = hc_console_io,
    [__HYPERVISOR_sched_op] = hc_sched_op,
    [__HYPERVISOR_event_channel_op] = hc_event_channel_op,
    [__HYPERVISOR_sysctl] = hc_sysctl,
    [__HYPERVISOR_domctl] = hc_domctl,
    [__HYPERVISOR_dm_op] = hc_dm_op,
    [__HYPERVISOR_kexec_op] = hc_kexec_op,
};

long hypercall_dispatch(const struct hypercall_args *args)
{
    if (args->nr >= NR_HYPERCALLS || !hypercall_table[args->nr])
        return -ENOSYS;
    return hypercall_table[args->nr](args->arg);
}
