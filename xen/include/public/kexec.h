/* SPDX-License-Identifier: MIT */
/*
 * kexec_op: live update, for the control domain only (-EPERM otherwise).
 *
 *   kexec_op(KEXEC_CMD_lu_load, &struct xen_kexec_lu_load)
 *       Check the image (a multiboot2 hypervisor at guest address image,
 *       size bytes) and the options to append to its command line, and
 *       keep a copy; nothing stops.  -ENODEV: the host was booted without
 *       liveupdate=; -ENOEXEC: not a multiboot2 image; -E2BIG: larger than
 *       the reserved region takes; -EOPNOTSUPP: the image has no
 *       live-update header (public/lu_stream.h: an older or foreign
 *       build); -EPROTONOSUPPORT: it does not read the stream or
 *       breadcrumb version this hypervisor writes (the versions are filled
 *       in); -ENAMETOOLONG: more than KEXEC_LU_APPEND_MAX bytes to append,
 *       or the image's command line would not fit; -EINVAL: options that
 *       are not printable ASCII, leave a quote open or set liveupdate=;
 *       -EBUSY: one is already loaded (unload it first).
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
 *       Forget the loaded image.
 */
#ifndef PUBLIC_KEXEC_H
#define PUBLIC_KEXEC_H

#include <stdint.h>

#define __HYPERVISOR_kexec_op 37

#define KEXEC_CMD_lu_load   16
#define KEXEC_CMD_lu_exec   17
#define KEXEC_CMD_lu_unload 18

#define KEXEC_LU_APPEND_MAX 256 /* bytes of options to append */

/*
 * The versions are out on success and with -EPROTONOSUPPORT: what this
 * hypervisor writes, and the ranges the image says it reads.
 */
struct xen_kexec_lu_load {
    uint64_t image;               /*  0 in: guest address of the image */
    uint64_t size;                /*  8 in: bytes */
    uint64_t load_ns;             /* 16 out: time taken to check, copy it */
    uint64_t append;              /* 24 in: guest address of options for
                                           the image's command line */
    uint32_t append_len;          /* 32 in: their bytes (no NUL); 0: none */
    uint16_t writes_stream;       /* 36 out: stream major written */
    uint16_t reads_stream_min;    /* 38 out: the image reads majors ... */
    uint16_t reads_stream_max;    /* 40 out: ... min to max */
    uint16_t pad;                 /* 42 */
    uint32_t writes_breadcrumb;   /* 44 out: breadcrumb version written */
    uint32_t reads_breadcrumb_min; /* 48 out: the image reads versions ... */
    uint32_t reads_breadcrumb_max; /* 52 out: ... min to max */
    uint64_t prepare_ns;          /* 56 out: of load_ns, zeroing the next
                                           hypervisor's half of the region */
};
_Static_assert(sizeof(struct xen_kexec_lu_load) == 64, "xen_kexec_lu_load");

#define KEXEC_LU_DRY_RUN (1u << 0)

/* How long the vCPUs have to reach a safe point: by default, at most. */
#define KEXEC_LU_TIMEOUT_DEFAULT_MS 1000
#define KEXEC_LU_TIMEOUT_MAX_MS     60000

struct xen_kexec_lu_exec {
    uint32_t flags;         /*  0 in: KEXEC_LU_* */
    uint32_t nr_domains;    /*  4 out: domains carried */
    uint32_t nr_vcpus;      /*  8 out: vCPUs carried */
    uint32_t timeout_ms;    /* 12 in: quiesce bound; 0: the default */
    uint64_t nr_pages;      /* 16 out: guest pages carried */
    uint64_t stream_bytes;  /* 24 out: length of the stream */
    uint64_t stream_pages;  /* 32 out: pages it took */
    uint64_t quiesce_ns;    /* 40 out: stopping the domains */
    uint64_t save_ns;       /* 48 out: writing the stream */
    uint64_t check_ns;      /* 56 out: reading it back (dry run) */
    uint16_t stuck_domid;   /* 64 out: -ETIMEDOUT: the domain that did not
                                       reach a safe point */
    uint16_t pad0;          /* 66 */
    uint32_t pad1;          /* 68 */
    uint64_t prepare_ns;    /* 72 out: sizing the stream and allocating its
                                       pages, before the domains stop */
};
_Static_assert(sizeof(struct xen_kexec_lu_exec) == 80, "xen_kexec_lu_exec");

#endif /* PUBLIC_KEXEC_H */
