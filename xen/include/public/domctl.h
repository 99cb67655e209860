/* SPDX-License-Identifier: MIT */
/*
 * domctl(struct xen_domctl *): domain control, for the control domain only
 * (-EPERM for any other caller).  The caller sets interface_version to
 * XEN_DOMCTL_INTERFACE_VERSION; a mismatch is -EACCES.
 */
#ifndef PUBLIC_DOMCTL_H
#define PUBLIC_DOMCTL_H

#include "xen.h"

#define XEN_DOMCTL_INTERFACE_VERSION 1

#define XEN_DOMCTL_createdomain   1
#define XEN_DOMCTL_destroydomain  2
#define XEN_DOMCTL_pausedomain    3
#define XEN_DOMCTL_unpausedomain  4
#define XEN_DOMCTL_getdomaininfo  5
#define XEN_DOMCTL_shutdown       6
#define XEN_DOMCTL_readconsole    7
#define XEN_DOMCTL_getpageblocks  8
#define XEN_DOMCTL_savedomain     9
#define XEN_DOMCTL_restoredomain 10

#define XEN_DOMAIN_NAME_LEN 64
#define XEN_DOMCTL_MAX_RDM  8
#define XEN_DOMCTL_MAX_MEMORY_PAGES (1ull << 28) /* 1 TiB of 4 KiB pages */

/*
 * Build and start a domain from an ELF64 kernel image in the caller's
 * memory.  The new id comes back in xen_domctl.domain.
 */
struct xen_domctl_createdomain {
    char name[XEN_DOMAIN_NAME_LEN]; /* unique among live domains */
    uint64_t memory_pages;          /* at most XEN_DOMCTL_MAX_MEMORY_PAGES */
    uint32_t max_vcpus;
    domid_t dm_domid;               /* serves its emulated I/O; DOMID_INVALID: none */
    uint16_t pad;
    uint64_t kernel;                /* caller's guest address of the image */
    uint64_t kernel_size;
    char cmdline[256];
    uint32_t on_crash;              /* XEN_DOMCTL_ON_CRASH_* */
    uint32_t pad1;
    /*
     * The memory map (public/memory.h): the MMIO hole below 4 GiB, in MiB
     * (0: 256; at most 4032), and reserved device-memory ranges that are
     * never RAM, on top of the host's (the rdm= command-line option).
     */
    uint32_t mmio_hole_mib;
    uint32_t nr_rdm;                /* entries of rdm[] in use */
    struct xen_domctl_rdm {
        uint64_t first_gfn;
        uint64_t nr_frames;
    } rdm[XEN_DOMCTL_MAX_RDM];
};

/* What happens to a domain that crashes. */
#define XEN_DOMCTL_ON_CRASH_DESTROY  0
#define XEN_DOMCTL_ON_CRASH_PRESERVE 1 /* kept, shut down, for inspection */

/*
 * A domain's console output, from offset index (bytes it ever wrote; moved
 * up to the oldest still held) into buffer; count in: room, out: copied.
 */
struct xen_domctl_readconsole {
    uint64_t buffer;
    uint32_t count;
    uint32_t pad;
    uint64_t index;
};

#define XEN_DOMINF_running  (1u << 0)
#define XEN_DOMINF_blocked  (1u << 1)
#define XEN_DOMINF_paused   (1u << 2)
#define XEN_DOMINF_shutdown (1u << 3) /* see shutdown_reason */
#define XEN_DOMINF_dying    (1u << 4)
#define XEN_DOMINF_privileged (1u << 5)

struct xen_domctl_getdomaininfo {
    domid_t domain;                 /* out */
    uint16_t pad;
    uint32_t flags;                 /* out: XEN_DOMINF_* */
    uint64_t tot_pages;             /* out */
    uint64_t cpu_time;              /* out: ns run, all vCPUs */
    uint32_t nr_vcpus;              /* out */
    uint32_t shutdown_reason;       /* out: SHUTDOWN_*, if shutdown */
    char name[XEN_DOMAIN_NAME_LEN]; /* out */
};

struct xen_domctl_shutdown {
    uint32_t reason; /* SHUTDOWN_* */
};

/* One block of a domain's memory: 2^order machine frames from mfn. */
struct xen_domctl_page_block {
    uint64_t mfn;   /* aligned to 2^order frames */
    uint32_t order;
    uint32_t pad;
};
_Static_assert(sizeof(struct xen_domctl_page_block) == 16, "page_block");

/*
 * The blocks of machine frames a domain owns, in the order the hypervisor
 * keeps them: up to max_blocks from block number first on are copied to
 * buffer (guest address of xen_domctl_page_block[max_blocks]).
 */
struct xen_domctl_getpageblocks {
    uint64_t buffer;       /* in */
    uint32_t first;        /* in */
    uint32_t max_blocks;   /* in */
    uint32_t nr_blocks;    /* out: copied */
    uint32_t total_blocks; /* out: the domain has */
};

/*
 * Save and restore (docs/designs/save-restore.md): a domain to and from a
 * save file, the live-update stream's record format with the domain's
 * memory in it (docs/specs/live-update-stream.md, section 4).  Both say
 * why they refused in message, which is copied back whatever the result.
 */
#define XEN_DOMCTL_MESSAGE_LEN 128

/*
 * XEN_DOMCTL_savedomain: the domain as a save file.  The caller pauses the
 * domain first; while it stays paused the file is the same bytes on every
 * call.  buffer 0: only size it (total).  Otherwise copy whole records of
 * it, from byte offset (0, or what next said) on, into buffer: at most
 * buffer_size bytes, and at most a few MiB a call; next says where the
 * next call starts, and the file is whole when next == total.
 *
 * -EINVAL: the control domain, a domain that has shut down; -EBUSY: not
 * paused, or it is another domain's device model or maps memory of other
 * domains (a device model's mappings cannot be saved); -EAGAIN: offset is
 * not where a record starts, so the file changed since it was sized:
 * start again; -E2BIG: buffer_size holds none of the next record;
 * -EFAULT.
 */
struct xen_domctl_savedomain {
    uint64_t buffer;      /* in: the caller's address, or 0 */
    uint64_t buffer_size; /* in */
    uint64_t offset;      /* in */
    uint64_t next;        /* out */
    uint64_t total;       /* out: the file's size */
    char message[XEN_DOMCTL_MESSAGE_LEN]; /* out: why not, or "" */
};

/*
 * XEN_DOMCTL_restoredomain: a new domain from the save file of size bytes
 * at buffer.  The whole file is checked before anything is made: its
 * version, every checksum and record, PAGE_DATA giving every RAM frame
 * exactly once, and that no domain has its name.  Then the domain gets a
 * new id (in xen_domctl.domain) and the saved name, new memory filled
 * from the file, its vCPUs, event channels (interdomain ones come back
 * unbound: their other ends went with the saved domain), memory map,
 * physmap regions and I/O requests, and is left paused: unpause it.  Its
 * device model is the one it had if that domain is still there; that
 * device model maps the I/O request page again (XEN_DMOP_get_ioreq) and
 * finds the regions with XEN_DMOP_physmap_query.
 *
 * -EINVAL: a bad file (message names the record and what is wrong);
 * -EOPNOTSUPP: a stream version this build does not read; -EEXIST: the
 * name is taken; -ENOSPC: no domain id free; -ENOMEM; -EFAULT.
 */
struct xen_domctl_restoredomain {
    uint64_t buffer;      /* in */
    uint64_t size;        /* in */
    domid_t dm_domid;     /* out: its device model, DOMID_INVALID if none */
    domid_t saved_domid;  /* out: the id it had when it was saved */
    uint32_t nr_vcpus;    /* out */
    uint64_t tot_pages;   /* out */
    char name[XEN_DOMAIN_NAME_LEN];       /* out */
    char message[XEN_DOMCTL_MESSAGE_LEN]; /* out: why not, or "" */
};

struct xen_domctl {
    uint32_t cmd;
    uint32_t interface_version;
    domid_t domain;
    uint16_t pad[3];
    union {
        struct xen_domctl_createdomain createdomain;
        struct xen_domctl_getdomaininfo getdomaininfo;
        struct xen_domctl_shutdown shutdown;
        struct xen_domctl_readconsole readconsole;
        struct xen_domctl_getpageblocks getpageblocks;
        struct xen_domctl_savedomain savedomain;
        struct xen_domctl_restoredomain restoredomain;
        uint8_t pad[512];
    } u;
};
_Static_assert(sizeof(struct xen_domctl_savedomain) == 168, "savedomain");
_Static_assert(sizeof(struct xen_domctl_restoredomain) == 224, "restoredomain");
_Static_assert(sizeof(struct xen_domctl) == 528, "xen_domctl");

#endif /* PUBLIC_DOMCTL_H */
