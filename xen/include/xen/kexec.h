/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Live update's handover (common/kexec.c): stage a checked image, then --
 * the point of no return -- leave the breadcrumb and jump into it.
 */
#ifndef XEN_KEXEC_H
#define XEN_KEXEC_H

#include <xen/bootinfo.h>
#include <xen/lu_image.h>
#include <xen/lu_stream.h>
#include <xen/mb2_image.h>

/*
 * Where in its part of the reserved region (xen/lu_region.h: a half, or
 * the whole region) the next image goes; the breadcrumb is at the region's
 * first byte.
 */
#define LU_IMAGE_OFFSET (2ULL << 20)

struct kexec_image {
    uint64_t *src_list;     /* physical address of each staged page */
    unsigned long nr_pages;
    unsigned int list_order;
    struct mb2_image_info info;
    struct lu_image_reads reads;         /* what it says it reads, serves */
    char cmdline[BOOTINFO_CMDLINE_LEN];  /* the image's command line */
    mfn_t part;             /* the next hypervisor's part of the region */
    unsigned long part_pages;
    bool half_zeroed;       /* a half, zeroed now for its boot memory */
    uint64_t prepare_ns;    /* the zeroing took */
};

/*
 * The room for an image past LU_IMAGE_OFFSET in the reserved region, in
 * bytes, in *room (0 if the region ends there): 0, or -ENODEV if there is
 * no region (logged: live update is off).
 */
int kexec_room(uint64_t *room);

/*
 * Check image, work out its command line (this one's carried options,
 * then append -- NULL, or options lu_cmdline_check_append() accepted --
 * then liveupdate=), copy the image into hypervisor pages, ready to go,
 * and zero the half of the region the next hypervisor will boot into (if
 * the region can be halved for it), so that it need not zero its frame
 * table in the blackout.  Returns 0, or -ENODEV (no reserved region),
 * -ENOEXEC / -E2BIG (bad image), -EOPNOTSUPP (it does not say which
 * versions it reads), -EPROTONOSUPPORT (it does not read the ones this
 * hypervisor writes, or serves other control interface versions, or does
 * not say which; k->reads says what it says), -ENAMETOOLONG (the
 * command line would not fit) or -ENOMEM (out of memory, or RAM beyond
 * what the jump's identity map covers), after logging why; nothing has
 * stopped either way.
 */
int kexec_stage(const void *image, size_t size, const char *append,
                struct kexec_image *k);

/* Give back what kexec_stage() took. */
void kexec_unstage(struct kexec_image *k);

/*
 * The point of no return: write the breadcrumb and the next image's boot
 * information, and jump.  Interrupts off, guests stopped.
 */
void __attribute__((noreturn)) kexec_jump(const struct kexec_image *k,
                                          const struct lu_crumb *crumb);

#endif /* XEN_KEXEC_H */
