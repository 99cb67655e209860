/* SPDX-License-Identifier: MIT */
/*
 * The live-update / save stream ABI: the breadcrumb a hypervisor leaves at
 * the start of the live-update reserved region for its successor, and the
 * stream itself (a header, then typed records, then END), which is also the
 * format of an `xl save` file.  Both sides of a live update, and xl, build
 * against this one header; docs/specs/live-update-stream.md is the
 * normative description and gives every field's meaning and the rules.
 *
 * Every multi-byte field is little-endian and naturally aligned; padding is
 * explicit and written as zero.  The structures below describe the bytes on
 * the wire: fill them through the lu_cpu_to_le*() helpers of
 * xen/lu_stream.h, never by copying an in-memory structure of another kind.
 * Sizes (and key offsets) are checked below, so a layout change is a build
 * error rather than a silent format change.
 */
#ifndef PUBLIC_LU_STREAM_H
#define PUBLIC_LU_STREAM_H

#include <stddef.h>
#include <stdint.h>

#define LU_PAGE_SIZE 4096u /* stream pages, frames (mfn, gfn) and PAGE_DATA */

/* ---- Breadcrumb (live update only) ------------------------------------- */

#define LU_BREADCRUMB_MAGIC   "XLUCRUMB" /* 8 bytes, no NUL */
#define LU_BREADCRUMB_VERSION 2

/*
 * At the first byte of the reserved region when the successor starts.
 * mfn_array_paddr is the 4 KiB aligned start of a physically contiguous
 * array of page_count little-endian uint64 MFNs, in stream order; the
 * stream is the first stream_bytes bytes of those pages taken in that
 * order.  Both checksums are CRC-32C (see the spec); checksum covers the
 * whole breadcrumb with the checksum field taken as zero.
 *
 * The rest is what the successor needs before it can read the stream:
 * the machine's clock rates, which the predecessor measured and which do
 * not change across a kexec (0: unknown, measure them), and the TSC at the
 * jump, which times the handover.
 */
struct lu_breadcrumb {
    uint8_t magic[8];            /*  0 */
    uint32_t version;            /*  8: LU_BREADCRUMB_VERSION */
    uint32_t flags;              /* 12: LU_CRUMB_* */
    uint64_t mfn_array_paddr;    /* 16 */
    uint64_t page_count;         /* 24: = ceil(stream_bytes / 4096) */
    uint64_t stream_bytes;       /* 32 */
    uint32_t mfn_array_checksum; /* 40: over page_count * 8 bytes */
    uint32_t checksum;           /* 44 */
    uint64_t tsc_khz;            /* 48: TSC rate, or 0 */
    uint64_t apic_timer_khz;     /* 56: local APIC timer rate, or 0 */
    uint64_t jump_tsc;           /* 64: the TSC as the jump began */
};
_Static_assert(sizeof(struct lu_breadcrumb) == 72, "lu_breadcrumb");

/*
 * The successor's boot memory is the half of the region its image is in,
 * which the predecessor zeroed, apart from the image, before the blackout.
 */
#define LU_CRUMB_HALF_ZEROED (1u << 0)
#define LU_CRUMB_FLAGS_KNOWN LU_CRUMB_HALF_ZEROED
_Static_assert(offsetof(struct lu_breadcrumb, checksum) == 44, "crumb csum");

/* ---- Image header: the versions an image reads (live update only) ------- */

#define LU_IMAGE_MAGIC        "XLUIMAGE" /* 8 bytes, no NUL */
#define LU_IMAGE_VERSION      2
#define LU_IMAGE_SEARCH_BYTES 32768 /* it lies in the image's first 32 KiB */
#define LU_IMAGE_ALIGN        8     /* at an offset that is a multiple of 8 */
#define LU_IMAGE_MAX_SIZE     256   /* size a loader takes at most */
#define LU_IMAGE_V1_SIZE      32    /* version 1: the versions it reads */
#define LU_IMAGE_V2_SIZE      48    /* version 2: and the interfaces it serves */

/*
 * Built into every hypervisor image (never written at run time), so that
 * the hypervisor about to jump into an image can tell, before anything
 * stops, whether the image can read what it writes: stream majors
 * stream_major_min..max, breadcrumb versions breadcrumb_min..max; and,
 * from version 2, whether the control domain's toolstack, which the
 * update carries and which goes on making the calls it makes now, can
 * talk to it: the domctl, sysctl and kexec_op interface versions it
 * serves.  The fields below keep these offsets in every version; a later
 * version may append fields, which size then counts (at least the size of
 * every version before it).  checksum makes the 32-bit little-endian
 * words from offset 8 to size sum to zero modulo 2^32 (a sum, not a CRC,
 * so that a compiler can work it out for a constant).
 */
struct lu_image_header {
    uint8_t magic[8];          /*  0: LU_IMAGE_MAGIC */
    uint32_t version;          /*  8: LU_IMAGE_VERSION or later */
    uint32_t size;             /* 12: bytes; multiple of 8, 32..256 */
    uint16_t stream_major_min; /* 16 */
    uint16_t stream_major_max; /* 18 */
    uint32_t breadcrumb_min;   /* 20 */
    uint32_t breadcrumb_max;   /* 24 */
    uint32_t checksum;         /* 28 */
    /* Version 2 on: */
    uint32_t domctl_version;   /* 32: XEN_DOMCTL_INTERFACE_VERSION served */
    uint32_t sysctl_version;   /* 36: XEN_SYSCTL_INTERFACE_VERSION served */
    uint32_t kexec_version;    /* 40: XEN_KEXEC_INTERFACE_VERSION served */
    uint32_t pad;              /* 44: zero */
};
_Static_assert(sizeof(struct lu_image_header) == LU_IMAGE_V2_SIZE,
               "lu_image_header");
_Static_assert(offsetof(struct lu_image_header, checksum) == 28, "image csum");
_Static_assert(offsetof(struct lu_image_header, domctl_version) ==
               LU_IMAGE_V1_SIZE, "image v2 fields");

/* ---- Stream header ------------------------------------------------------ */

#define LU_STREAM_MARKER        "XLSTREAM" /* 8 bytes, no NUL */
#define LU_STREAM_VERSION_MAJOR 1 /* a reader accepts only its own major */
#define LU_STREAM_VERSION_MINOR 0 /* ... and any minor, older or newer */

/*
 * Header flags.  Bits 0-15 change how the stream must be read: a reader
 * refuses a stream with one it does not know.  Bits 16-31 are informative
 * and ignored when unknown.
 */
#define LU_HDR_SAVE_FILE      (1u << 0) /* a save file, not a live update */
#define LU_HDR_MANDATORY_MASK 0x0000ffffu

#define LU_BUILD_ID_LEN 40 /* hex SHA-1 build id, NUL padded */
#define LU_VERSION_LEN  32 /* version string, NUL padded */

/*
 * marker, version_major and version_minor keep these offsets in every
 * version, so any reader can say what version it was given.  header_size
 * is the header's length (a newer minor may grow it; records start there).
 * checksum covers header_size bytes with the checksum field taken as zero.
 */
struct lu_stream_header {
    uint8_t marker[8];                /*  0 */
    uint16_t version_major;           /*  8 */
    uint16_t version_minor;           /* 10 */
    uint32_t header_size;             /* 12: 96 in 1.0; multiple of 8 */
    uint32_t flags;                   /* 16: LU_HDR_* */
    uint32_t checksum;                /* 20 */
    char creator_build_id[LU_BUILD_ID_LEN]; /* 24 */
    char creator_version[LU_VERSION_LEN];   /* 64 */
};
_Static_assert(sizeof(struct lu_stream_header) == 96, "lu_stream_header");

/* ---- Record framing ----------------------------------------------------- */

/*
 * A record: this header, length bytes of payload, then zero bytes up to
 * the next multiple of 8.  checksum is CRC-32C over the 16 header bytes
 * (checksum field as zero) followed by the length payload bytes (not the
 * padding).  index counts records from 0 (the first after the stream
 * header), modulo 2^32, so a lost or repeated record is noticed.
 */
struct lu_record_header {
    uint32_t type;     /* LU_REC_*; bit 31: optional */
    uint32_t length;   /* payload bytes, padding excluded */
    uint32_t checksum;
    uint32_t index;
};
_Static_assert(sizeof(struct lu_record_header) == 16, "lu_record_header");

#define LU_REC_OPTIONAL 0x80000000u /* an unknown one is skipped */

#define LU_REC_END          0x00000000u /* last; no payload */
#define LU_REC_HYPERVISOR   0x00000001u /* first; exactly one */
#define LU_REC_BROKEN_PAGES 0x00000002u /* live update only */
#define LU_REC_CONSOLE_LOG  (LU_REC_OPTIONAL | 0x00000003u)
#define LU_REC_DOMAIN       0x00000004u /* opens a domain's records */
#define LU_REC_DOMAIN_PAGES 0x00000005u
#define LU_REC_P2M          0x00000006u
#define LU_REC_VCPU         0x00000007u
#define LU_REC_EVTCHN       0x00000008u
#define LU_REC_SHARED_PAGES 0x00000009u /* live update only */
#define LU_REC_IOREQ        0x0000000au
#define LU_REC_PHYSMAP      (LU_REC_OPTIONAL | 0x0000000bu)
#define LU_REC_MEMMAP       (LU_REC_OPTIONAL | 0x0000000cu)
#define LU_REC_PAGE_DATA    0x0000000du /* save files only */
#define LU_REC_DM_STATE     (LU_REC_OPTIONAL | 0x0000000eu) /* save files */
#define LU_REC_CONSOLE_LINE (LU_REC_OPTIONAL | 0x0000000fu)

#define LU_INVALID_FRAME 0xffffffffffffffffull /* no mfn / gfn */

/*
 * Every per-domain record starts with the domain id at offset 0; records
 * that carry an array start with this 8-byte head, then the entries (their
 * count is (length - 8) / entry size).
 */
struct lu_rec_domain_list {
    uint16_t domid; /* 0 */
    uint16_t pad0;
    uint32_t pad1;
};
_Static_assert(sizeof(struct lu_rec_domain_list) == 8, "lu_rec_domain_list");

/* ---- Hypervisor-wide records ------------------------------------------- */

/* HYPERVISOR: the time base and what must continue across the handover. */
struct lu_rec_hypervisor {
    uint64_t system_time_ns;     /*  0: system time at save */
    uint64_t tsc;                /*  8: TSC at that same instant */
    uint64_t tsc_khz;            /* 16 */
    uint16_t next_domid;         /* 24: next id domain_alloc_id() tries */
    uint16_t pad0;               /* 26 */
    uint32_t flags;              /* 28: none defined; 0 */
    uint64_t live_update_count;  /* 32: live updates before this one */
    char build_id[LU_BUILD_ID_LEN]; /* 40: the writer's */
};
_Static_assert(sizeof(struct lu_rec_hypervisor) == 80, "lu_rec_hypervisor");

/* BROKEN_PAGES: entries (no head) of frames marked broken. */
struct lu_frame_range {
    uint64_t mfn;   /* first frame */
    uint64_t count; /* frames */
};
_Static_assert(sizeof(struct lu_frame_range) == 16, "lu_frame_range");

/* CONSOLE_LOG: this head, then bytes of the log ring, oldest first. */
struct lu_rec_console_log {
    uint64_t produced; /* bytes ever logged, up to the last byte carried */
};
_Static_assert(sizeof(struct lu_rec_console_log) == 8, "lu_rec_console_log");

/* ---- Per-domain records ------------------------------------------------- */

#define LU_DOMAIN_PRIVILEGED (1u << 0)
#define LU_DOMAIN_SHUT_DOWN  (1u << 1) /* shutdown_reason is valid */

#define LU_NR_VIRQS    8
#define LU_NAME_LEN    64

struct lu_rec_domain {
    uint16_t domid;              /*   0 */
    uint16_t dm_domid;           /*   2: serves its I/O; DOMID_INVALID */
    uint32_t flags;              /*   4: LU_DOMAIN_* */
    uint32_t shutdown_reason;    /*   8: SHUTDOWN_* */
    uint32_t pause_count;        /*  12: not counting the update's own */
    uint64_t tot_pages;          /*  16 */
    uint64_t max_pages;          /*  24 */
    uint32_t max_vcpus;          /*  32 */
    uint32_t on_crash;           /*  36: XEN_DOMCTL_ON_CRASH_* */
    uint64_t shared_info_gfn;    /*  40 */
    uint64_t start_info_gfn;     /*  48 */
    uint64_t console_produced;   /*  56: bytes ever written to its ring */
    char name[LU_NAME_LEN];      /*  64: NUL padded */
    uint32_t virq_port[LU_NR_VIRQS]; /* 128: 0 = not bound */
};
_Static_assert(sizeof(struct lu_rec_domain) == 160, "lu_rec_domain");

/* DOMAIN_PAGES: head, then the blocks the domain owns. */
struct lu_page_block {
    uint64_t mfn;   /* first frame, aligned to 2^order frames */
    uint32_t order; /* 2^order frames */
    uint32_t pad;
};
_Static_assert(sizeof(struct lu_page_block) == 16, "lu_page_block");

#define LU_P2M_RAM     1 /* the domain's RAM */
#define LU_P2M_SPECIAL 2 /* a hypervisor page shared with the guest */
#define LU_P2M_MMIO_DM 3 /* emulated by the device model (mfn unused) */
#define LU_P2M_FOREIGN 4 /* another domain's frame, for a device model */

/* P2M: head, then extents gfn..gfn+nr-1 -> mfn..mfn+nr-1. */
struct lu_p2m_extent {
    uint64_t gfn;
    uint64_t mfn;  /* LU_INVALID_FRAME when type has none, or in a file */
    uint32_t nr;   /* frames, >= 1 */
    uint32_t type; /* LU_P2M_* */
};
_Static_assert(sizeof(struct lu_p2m_extent) == 24, "lu_p2m_extent");

#define LU_VCPU_INITIALISED     (1u << 0)
#define LU_VCPU_BLOCKED         (1u << 1)
#define LU_VCPU_IN_TRAP_HANDLER (1u << 2)
#define LU_VCPU_POLLING         (1u << 3) /* poll_ports / poll_timeout */

#define LU_MAX_POLL_PORTS 8
#define LU_FXSAVE_LEN     512

/* VCPU: one per vCPU, in vcpu_id order. */
struct lu_rec_vcpu {
    uint16_t domid;           /*   0 */
    uint16_t pad0;            /*   2 */
    uint32_t vcpu_id;         /*   4 */
    uint32_t flags;           /*   8: LU_VCPU_* */
    uint32_t pause_count;     /*  12: not counting the update's own */
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;  /* 16 */
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;    /* 80 */
    uint64_t rip;             /* 144 */
    uint64_t rflags;          /* 152 */
    uint64_t cs;              /* 160 */
    uint64_t ss;              /* 168 */
    uint64_t trap_handler;    /* 176: guest address, 0 if none */
    uint64_t trap_frame;      /* 184: where the last bounce put its frame */
    uint64_t runtime_ns;      /* 192 */
    uint64_t poll_timeout_ns; /* 200: system time; 0 = none */
    uint32_t nr_poll_ports;   /* 208 */
    uint32_t pad1;            /* 212 */
    uint32_t poll_ports[LU_MAX_POLL_PORTS]; /* 216 */
    uint8_t fxsave[LU_FXSAVE_LEN];          /* 248: as FXSAVE64 lays it out */
};
_Static_assert(sizeof(struct lu_rec_vcpu) == 760, "lu_rec_vcpu");
_Static_assert(offsetof(struct lu_rec_vcpu, fxsave) == 248, "vcpu fxsave");

#define LU_EVTCHN_UNBOUND     1
#define LU_EVTCHN_INTERDOMAIN 2
#define LU_EVTCHN_XEN         3 /* the other end is the hypervisor */

#define LU_EVTCHN_PENDING (1u << 0)
#define LU_EVTCHN_MASKED  (1u << 1)

/* EVTCHN: this head, then one entry per port in use. */
struct lu_rec_evtchn {
    uint16_t domid;
    uint16_t pad0;
    uint32_t nr_ports; /* size of the domain's port table */
};
_Static_assert(sizeof(struct lu_rec_evtchn) == 8, "lu_rec_evtchn");

struct lu_evtchn_entry {
    uint32_t port;
    uint8_t state;       /* LU_EVTCHN_* */
    uint8_t flags;       /* LU_EVTCHN_PENDING | LU_EVTCHN_MASKED */
    uint16_t remote_dom;
    uint32_t remote_port;
    uint32_t notify_vcpu;
};
_Static_assert(sizeof(struct lu_evtchn_entry) == 16, "lu_evtchn_entry");

/* SHARED_PAGES: hypervisor pages of the domain that stay where they are. */
struct lu_rec_shared_pages {
    uint16_t domid;
    uint16_t pad0;
    uint32_t pad1;
    uint64_t shared_info_mfn;
    uint64_t console_ring_mfn;
    uint64_t ioreq_mfn;   /* LU_INVALID_FRAME if none */
};
_Static_assert(sizeof(struct lu_rec_shared_pages) == 32, "lu_rec_shared_pages");

/*
 * IOREQ: this head, nr_ranges lu_ioreq_range, then nr_vcpus lu_ioreq_vcpu;
 * length is exactly 24 + 8 * nr_ranges + 40 * nr_vcpus.
 */
struct lu_rec_ioreq {
    uint16_t domid;
    uint16_t pad0;
    uint32_t dm_port;    /* the device model's end of the ioreq channel */
    uint64_t ioreq_gfn;  /* in the device model's physmap, or invalid */
    uint32_t nr_ranges;
    uint32_t nr_vcpus;
};
_Static_assert(sizeof(struct lu_rec_ioreq) == 24, "lu_rec_ioreq");

struct lu_ioreq_range {
    uint32_t first, last; /* I/O ports, inclusive */
};
_Static_assert(sizeof(struct lu_ioreq_range) == 8, "lu_ioreq_range");

#define LU_IOREQ_PENDING (1u << 0) /* the vCPU waits for this request */

struct lu_ioreq_vcpu {
    uint32_t vcpu_id;   /*  0 */
    uint32_t flags;     /*  4: LU_IOREQ_* */
    uint32_t insn_len;  /*  8: of the I/O instruction, to step over it */
    uint32_t pad0;      /* 12 */
    uint64_t addr;      /* 16: the request slot: port */
    uint64_t data;      /* 24 */
    uint8_t size;       /* 32: 1, 2 or 4 */
    uint8_t dir;        /* 33: IOREQ_DIR_* */
    uint8_t state;      /* 34: IOREQ_STATE_* */
    uint8_t pad1[5];    /* 35 */
};
_Static_assert(sizeof(struct lu_ioreq_vcpu) == 40, "lu_ioreq_vcpu");

/*
 * PHYSMAP (optional): the lu_rec_domain_list head, then one entry per
 * device-model region.  A region moving is in two parts: the first
 * `moved` frames at dest_gfn when dest_gfn < gfn, the last `moved` frames
 * at dest_gfn when dest_gfn > gfn, the rest at gfn.
 */
struct lu_physmap_entry {
    char name[16];      /*  0: NUL padded */
    uint64_t gfn;       /* 16: where it is (while moving: where it was) */
    uint64_t size;      /* 24: bytes, a multiple of 4096 */
    uint64_t dest_gfn;  /* 32: where it is moving to, or LU_INVALID_FRAME */
    uint64_t moved;     /* 40: frames already at dest_gfn; 0 if not moving */
};
_Static_assert(sizeof(struct lu_physmap_entry) == 48, "lu_physmap_entry");

#define LU_MEMMAP_RAM      1
#define LU_MEMMAP_RESERVED 2
#define LU_MEMMAP_MMIO     3 /* the MMIO hole */
#define LU_MEMMAP_RDM      4 /* reserved device memory */

/*
 * MEMMAP (optional): this head, then the guest's memory map, e820-like, in
 * address order.  Every MEMMAP record of a domain has the same head.
 */
struct lu_rec_memmap {
    uint16_t domid;      /*  0 */
    uint16_t pad0;       /*  2 */
    uint32_t dm_port;    /*  4: the device model's port told of changes, 0 */
    uint64_t generation; /*  8: how many times the map was built or changed */
};
_Static_assert(sizeof(struct lu_rec_memmap) == 16, "lu_rec_memmap");

struct lu_memmap_entry {
    uint64_t addr;  /* guest-physical bytes */
    uint64_t size;
    uint32_t type;  /* LU_MEMMAP_* */
    uint32_t pad;
};
_Static_assert(sizeof(struct lu_memmap_entry) == 24, "lu_memmap_entry");

/* PAGE_DATA (save files): this head, then count * 4096 bytes. */
struct lu_rec_page_data {
    uint16_t domid;
    uint16_t pad0;
    uint32_t count; /* >= 1 */
    uint64_t gfn;   /* first frame; frames gfn..gfn+count-1 */
};
_Static_assert(sizeof(struct lu_rec_page_data) == 16, "lu_rec_page_data");

/*
 * CONSOLE_LINE (optional): the 8-byte head (struct lu_rec_domain_list),
 * then the 1 to LU_CONSOLE_LINE_MAX characters of the console line the
 * domain had begun and not ended when it was saved, which the hypervisor
 * logs once the line ends.  At most one per domain, none for an empty line.
 */
#define LU_CONSOLE_LINE_MAX 255

#define LU_DM_KIND_LEN   16   /* 1 to 15 printable characters, no spaces */
#define LU_DM_STATE_MAX  4096 /* state bytes of one DM_STATE, at most */
#define LU_DM_STATES_MAX 8    /* DM_STATE records of a domain, at most */

/*
 * DM_STATE (optional, save files only): this head, then length - 24 bytes
 * (at most LU_DM_STATE_MAX) of the state of one of the domain's device
 * models, in that device model's own format, which kind and version name.
 * It is the toolstack's: the hypervisor's restore skips it.  After the
 * domain's other records, one per kind.
 */
struct lu_rec_dm_state {
    uint16_t domid;            /*  0 */
    uint16_t pad0;             /*  2 */
    uint32_t version;          /*  4: of the device model's state format */
    char kind[LU_DM_KIND_LEN]; /*  8: the device model, NUL padded */
};
_Static_assert(sizeof(struct lu_rec_dm_state) == 24, "lu_rec_dm_state");

#endif /* PUBLIC_LU_STREAM_H */
