/* SPDX-License-Identifier: MIT */
/*
 * The guest-visible ABI shared by the hypervisor, guests and the tools:
 * how to make a hypercall, the hypercall numbers, and the pages the
 * hypervisor shares with every guest (start info, shared info).
 *
 * Fixed-width types and explicit padding only; the layouts are checked
 * with _Static_assert so both sides agree.  Where Xen has the same
 * concept, the numbers follow Xen's public ABI.
 *
 * Hypercalls: `int $XEN_HYPERCALL_VECTOR` from ring 3 with the number in
 * %rax and arguments in %rdi, %rsi, %rdx, %r10, %r8; the result (>= 0, or
 * a negative errno) comes back in %rax.  Other registers are preserved.
 * Guest addresses in arguments are guest-physical (a guest runs with
 * virtual == physical).
 */
#ifndef PUBLIC_XEN_H
#define PUBLIC_XEN_H

#include <stdint.h>

#define XEN_ABI_VERSION 1

#define XEN_HYPERCALL_VECTOR 0x82

#define __HYPERVISOR_set_trap_table    0
#define __HYPERVISOR_memory_op        12
#define __HYPERVISOR_xen_version      17
#define __HYPERVISOR_console_io       18
#define __HYPERVISOR_vcpu_op          24
#define __HYPERVISOR_sched_op         29
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_sysctl           35
#define __HYPERVISOR_domctl           36
#define __HYPERVISOR_dm_op            41
#define NR_HYPERCALLS                 64

/* Domain identifiers; the special values are the ones Xen uses. */
typedef uint16_t domid_t;
#define DOMID_FIRST_RESERVED 0x7ff0
#define DOMID_SELF           0x7ff0
#define DOMID_XEN            0x7ff2 /* the hypervisor's own pages */
#define DOMID_INVALID        0x7ff4 /* no owner */

#define XEN_PAGE_SHIFT 12
#define XEN_PAGE_SIZE  (1u << XEN_PAGE_SHIFT)

/*
 * console_io(cmd, len, buf): write len bytes at guest address buf to the
 * console; or, for the control domain, which owns the console's input,
 * read up to len bytes of it into buf (returns the count, 0 if none; bind
 * VIRQ_CONSOLE to hear of more).
 */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/* xen_version: returns (major << 16) | minor. */
#define XENVER_version 0

/*
 * set_trap_table(handler): every exception the guest takes in ring 3 is
 * delivered to handler (0 to remove it) on the guest's stack as a struct
 * guest_trap_frame, with %rdi and %rsp pointing at the frame, interrupts
 * on.  The handler may edit the frame (e.g. rip, to skip the faulting
 * instruction) and returns with sched_op(SCHEDOP_trap_return), which
 * resumes as the frame says (rflags limited to arithmetic flags, DF, ID).
 * A fault while a handler runs (before that return) crashes the domain;
 * so does an exception with no handler.
 */
struct guest_trap_frame {
    uint64_t vector;
    uint64_t error_code;
    uint64_t cr2;   /* the faulting address, for a page fault */
    uint64_t rip, rflags, rsp;
    uint64_t rax, rcx, rdx, rsi, rdi, r8, r9, r10, r11; /* caller-saved */
};
_Static_assert(sizeof(struct guest_trap_frame) == 15 * 8, "trap frame");

/*
 * Time, as Xen's vcpu_time_info: system time (ns) at tsc_timestamp, and
 * how to scale TSC deltas since:
 *   delta = rdtsc() - tsc_timestamp;
 *   delta = tsc_shift >= 0 ? delta << tsc_shift : delta >> -tsc_shift;
 *   now   = system_time + ((delta * tsc_to_system_mul) >> 32);
 * version is odd while the hypervisor updates the record: read it, read
 * the fields, read it again, and retry if it changed or was odd.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    uint8_t pad1[3];
};
_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info");

struct vcpu_info {
    uint8_t evtchn_upcall_pending; /* some port in pending_sel is pending */
    uint8_t evtchn_upcall_mask;
    uint8_t pad0[6];
    uint64_t evtchn_pending_sel;   /* which words of evtchn_pending to look at */
    struct vcpu_time_info time;
};
_Static_assert(sizeof(struct vcpu_info) == 48, "vcpu_info");

#define XEN_LEGACY_MAX_VCPUS 32
#define EVTCHN_WORDS         64
#define EVTCHN_MAX_PORTS     (EVTCHN_WORDS * 64)

/* One page per domain, at start_info.shared_info_gfn in its physmap. */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    uint64_t evtchn_pending[EVTCHN_WORDS];
    uint64_t evtchn_mask[EVTCHN_WORDS];
    uint32_t wc_version; /* wall clock at system time 0 (seqlock as above) */
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t pad0;
};
_Static_assert(sizeof(struct shared_info) <= XEN_PAGE_SIZE, "shared_info");

/*
 * What a guest finds at entry: %rdi (and %rsp) hold the guest-physical
 * address of its start info page, the last page of its RAM below the MMIO
 * hole.  The guest kernel is an ELF64 image loaded at its physical
 * addresses.
 */
#define XEN_START_INFO_MAGIC "xen-lu-start-info-1"
#define SIF_PRIVILEGED 0x1 /* the control domain */

/*
 * The control domain also gets the boot modules that are not domain
 * kernels, mapped in its physmap above the shared info page, and a list of
 * them: struct xen_module_info[nr_modules] on as many contiguous pages as
 * it needs (16 entries a page), starting at start_info.mod_list_gfn.
 */
#define XEN_MAX_MODULES 31
struct xen_module_info {
    uint64_t gfn;   /* first frame; the module starts at its first byte */
    uint64_t size;  /* bytes */
    char cmdline[240];
};
_Static_assert(sizeof(struct xen_module_info) == 256, "xen_module_info");

struct start_info {
    char magic[32];
    uint64_t nr_pages;        /* frames of RAM: XENMEM_memory_map says
                                 where (gfns [0, nr_pages) when they all
                                 fit below the MMIO hole) */
    uint64_t shared_info_gfn; /* outside RAM */
    uint64_t kernel_start;    /* guest-physical extent of the loaded image */
    uint64_t kernel_end;
    domid_t domid;
    uint16_t flags;           /* SIF_* */
    uint32_t nr_vcpus;
    char name[64];
    char cmdline[1024];
    uint64_t mod_list_gfn;  /* struct xen_module_info[nr_modules] */
    uint32_t nr_modules;
    uint32_t pad;
};

#endif /* PUBLIC_XEN_H */
