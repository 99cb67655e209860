/* SPDX-License-Identifier: MIT */
/*
 * kexec_op: live update, for the control domain only (-EPERM otherwise).
 *
 * dom0's toolstack is carried across a live update, and goes on calling
 * whichever hypervisor runs, so the structures are versioned as domctl's
 * and sysctl's are: the caller sets interface_version, the first word, to
 * XEN_KEXEC_INTERFACE_VERSION, and any other value is -EACCES, with a log
 * line naming both versions and nothing written back (the caller's
 * structure may be of another size).  The privilege check comes first, so
 * another domain gets -EPERM whatever it passes and learns nothing of the
 * version; then the version, before any other field is looked at.
 *
 *   kexec_op(KEXEC_CMD_lu_load, &struct xen_kexec_lu_load)
 *       Check the image (a multiboot2 hypervisor at guest address image,
 *       size bytes) and the options to append to its command line, and
 *       keep a copy; nothing stops.  -ENODEV: the host was booted without
 *       liveupdate=; -ENOEXEC: not a multiboot2 image; -E2BIG: larger than
 *       the reserved region takes; -EOPNOTSUPP: the image has no
 *       live-update header (public/lu_stream.h: an older or foreign
 *       build); -EPROTONOSUPPORT, checked in this order: it does not
 *       read the stream or breadcrumb version this hypervisor writes, its
 *       header is too old to say which control interfaces it serves, or
 *       it does not serve the domctl, sysctl and kexec_op interface
 *       versions this hypervisor serves, which the caller, carried across
 *       the update, goes on speaking (the versions are filled in, the
 *       interfaces' 0 if not said); -ENAMETOOLONG: more than
 *       KEXEC_LU_APPEND_MAX bytes to append, or the image's command line
 *       would not fit; -EINVAL: options that are not printable ASCII,
 *       leave a quote open or set liveupdate=; -EBUSY: one is already
 *       loaded (unload it first).
 *   kexec_op(KEXEC_CMD_lu_exec, &struct xen_kexec_lu_exec)
 *       Stop every other domain, wait until each of their vCPUs is at a
 *       safe point, write the stream and jump into the loaded image.  The
 *       caller's vCPU carries on in the new hypervisor with 0 from this
 *       call.  With KEXEC_LU_DRY_RUN everything up to the jump is done,
 *       the stream read back and checked, then freed, and the domains
 *       resumed: 0 and the figures filled in.  -ENOENT: nothing loaded;
 *       -EINVAL: unknown flags or a timeout above KEXEC_LU_TIMEOUT_MAX_MS;
 *       -ETIMEDOUT: a domain (stuck_domid) did not reach a safe point in
 *       time.  Any failure before the jump leaves every domain running.
 *   kexec_op(KEXEC_CMD_lu_unload, NULL)
 *       Forget the loaded image.  It takes no structure, so no version.
 */
#ifndef PUBLIC_KEXEC_H
#define PUBLIC_KEXEC_H

#include <stddef.h>
#include <stdint.h>

#define __HYPERVISOR_kexec_op 37

#define KEXEC_CMD_lu_load   16
#define KEXEC_CMD_lu_exec   17
#define KEXEC_CMD_lu_unload 18

#define KEXEC_LU_APPEND_MAX 256 /* bytes of options to append */

/*
 * interface_version is the first word of every structure, in every
 * version, so that a hypervisor reads it, and refuses a caller of another
 * version, before it reads or writes anything else of a layout it may not
 * share.  Version 1 was the first layout, without the field: its first
 * word, an image address or flags 0 or 1, is never 2.
 */
#define XEN_KEXEC_INTERFACE_VERSION 2

/*
 * The versions are out on success and with -EPROTONOSUPPORT: what this
 * hypervisor writes, the ranges the image says it reads, and the control
 * interface versions it says it serves (0: its header does not say).
 */
struct xen_kexec_lu_load {
    uint32_t interface_version;    /*  0 in: XEN_KEXEC_INTERFACE_VERSION */
    uint32_t append_len;           /*  4 in: bytes at append (no NUL); 0:
                                            none */
    uint64_t image;                /*  8 in: guest address of the image */
    uint64_t size;                 /* 16 in: bytes */
    uint64_t append;               /* 24 in: guest address of options for
                                            the image's command line */
    uint64_t load_ns;              /* 32 out: time taken to check, copy it */
    uint64_t prepare_ns;           /* 40 out: of load_ns, zeroing the next
                                            hypervisor's half of the region */
    uint16_t writes_stream;        /* 48 out: stream major written */
    uint16_t reads_stream_min;     /* 50 out: the image reads majors ... */
    uint16_t reads_stream_max;     /* 52 out: ... min to max */
    uint16_t pad;                  /* 54 */
    uint32_t writes_breadcrumb;    /* 56 out: breadcrumb version written */
    uint32_t reads_breadcrumb_min; /* 60 out: the image reads versions ... */
    uint32_t reads_breadcrumb_max; /* 64 out: ... min to max */
    uint32_t serves_domctl;        /* 68 out: the image's
                                            XEN_DOMCTL_INTERFACE_VERSION */
    uint32_t serves_sysctl;        /* 72 out: ... XEN_SYSCTL_... */
    uint32_t serves_kexec;         /* 76 out: ... XEN_KEXEC_... */
};
_Static_assert(sizeof(struct xen_kexec_lu_load) == 80, "xen_kexec_lu_load");
_Static_assert(offsetof(struct xen_kexec_lu_load, serves_domctl) == 68,
               "xen_kexec_lu_load serves");

#define KEXEC_LU_DRY_RUN (1u << 0)

/* How long the vCPUs have to reach a safe point: by default, at most. */
#define KEXEC_LU_TIMEOUT_DEFAULT_MS 1000
#define KEXEC_LU_TIMEOUT_MAX_MS     60000

struct xen_kexec_lu_exec {
    uint32_t interface_version; /*  0 in: XEN_KEXEC_INTERFACE_VERSION */
    uint32_t flags;             /*  4 in: KEXEC_LU_* */
    uint32_t nr_domains;        /*  8 out: domains carried */
    uint32_t nr_vcpus;          /* 12 out: vCPUs carried */
    uint32_t timeout_ms;        /* 16 in: quiesce bound; 0: the default */
    uint16_t stuck_domid;       /* 20 out: -ETIMEDOUT: the domain that did
                                           not reach a safe point */
    uint16_t pad;               /* 22 */
    uint64_t nr_pages;          /* 24 out: guest pages carried */
    uint64_t stream_bytes;      /* 32 out: length of the stream */
    uint64_t stream_pages;      /* 40 out: pages it took */
    uint64_t quiesce_ns;        /* 48 out: stopping the domains */
    uint64_t save_ns;           /* 56 out: writing the stream */
    uint64_t check_ns;          /* 64 out: reading it back (dry run) */
    uint64_t prepare_ns;        /* 72 out: sizing the stream and allocating
                                           its pages, before the domains
                                           stop */
};
_Static_assert(sizeof(struct xen_kexec_lu_exec) == 80, "xen_kexec_lu_exec");
_Static_assert(offsetof(struct xen_kexec_lu_exec, nr_pages) == 24,
               "xen_kexec_lu_exec nr_pages");

#endif /* PUBLIC_KEXEC_H */
