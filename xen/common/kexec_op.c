/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kexec_op (public/kexec.h): live update as the control domain asks for
 * it.  This file orchestrates; the mechanisms are kexec.c (stage, jump)
 * and lu_save.c (the stream).
 *
 *   load    copy the image and the options to append to its command line
 *           out of the caller, check them and stage the image, while
 *           everything runs;
 *   exec    quiesce (pause every other domain and wait, for a bounded
 *           time, until each vCPU is at a safe point: lu_quiesce.c),
 *           write the stream, then the point of no return -- or, for a
 *           dry run, read the stream back, free it and resume.  Any
 *           failure before the jump resumes every domain as it was.
 *
 * The caller's vCPU is saved as it stands in this hypercall with rax = 0,
 * so in the new hypervisor it continues right after its `int $0x82` as if
 * the call had returned 0.
 */
#include <asm/current.h>
#include <asm/mm.h>
#include <public/kexec.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/kexec.h>
#include <xen/lib.h>
#include <xen/live_update.h>
#include <xen/lu_cmdline.h>
#include <xen/lu_quiesce.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/time.h>

static struct kexec_image loaded;
static bool image_loaded;

/* Copy size bytes at guest address image out of d and stage them. */
static long kexec_stage_from(struct domain *d, uint64_t image, uint64_t size,
                             const char *append)
{
    unsigned int order;
    uint64_t room;
    void *buf;
    long rc;

    if ((rc = kexec_room(&room)))
        return rc;
    /*
     * Only a bound on the copy: kexec_stage() checks the image, what it
     * needs of the region included (mb2_image_check()).
     */
    if (size > room) {
        printk(XENLOG_ERR "Image: a file of %lu KiB, the reserved region has "
               "room for %lu KiB\n", (unsigned long)(size >> 10),
               (unsigned long)(room >> 10));
        return -E2BIG;
    }
    order = get_order_from_bytes(size);
    if (!(buf = alloc_xenheap_pages(order)))
        return -ENOMEM;
    rc = copy_from_guest(d, buf, image, size);
    if (!rc)
        rc = kexec_stage(buf, size, append, &loaded);
    free_xenheap_pages(buf, order);
    return rc;
}

/*
 * The options to append to the image's command line, NUL terminated once
 * checked as they came, every byte (a NUL among them would cut them short).
 */
static long kexec_append_from(struct domain *d,
                              const struct xen_kexec_lu_load *op,
                              char append[KEXEC_LU_APPEND_MAX + 1])
{
    if (op->append_len > KEXEC_LU_APPEND_MAX) {
        printk(XENLOG_ERR "Live update: %u bytes of options to append; at "
               "most %u\n", op->append_len, KEXEC_LU_APPEND_MAX);
        return -ENAMETOOLONG;
    }
    if (op->append_len &&
        copy_from_guest(d, append, op->append, op->append_len))
        return -EFAULT;
    append[op->append_len] = '\0';
    return lu_cmdline_check_append(append, op->append_len);
}

/*
 * What the image reads and serves, and what we write, for the caller to
 * report (what we serve it knows: it speaks it).
 */
static void kexec_versions(struct xen_kexec_lu_load *op,
                           const struct lu_image_reads *reads)
{
    op->writes_stream = LU_STREAM_VERSION_MAJOR;
    op->writes_breadcrumb = LU_BREADCRUMB_VERSION;
    op->reads_stream_min = reads->stream_major_min;
    op->reads_stream_max = reads->stream_major_max;
    op->reads_breadcrumb_min = reads->breadcrumb_min;
    op->reads_breadcrumb_max = reads->breadcrumb_max;
    op->serves_domctl = reads->domctl;
    op->serves_sysctl = reads->sysctl;
    op->serves_kexec = reads->kexec;
}

static long kexec_lu_load(struct domain *caller, uint64_t arg)
{
    static char append[KEXEC_LU_APPEND_MAX + 1];
    struct xen_kexec_lu_load op;
    s_time_t t = NOW();
    long rc;

    if (copy_from_guest(caller, &op, arg, sizeof(op)))
        return -EFAULT;
    if (image_loaded)
        return -EBUSY;
    rc = kexec_append_from(caller, &op, append);
    if (!rc)
        rc = kexec_stage_from(caller, op.image, op.size, append);
    if (rc && rc != -EPROTONOSUPPORT)
        return rc;
    kexec_versions(&op, &loaded.reads);
    if (!rc) {
        image_loaded = true;
        op.load_ns = NOW() - t;
        op.prepare_ns = loaded.prepare_ns;
        printk("Live update: image of %lu bytes loaded in %lu us\n",
               (unsigned long)op.size, (unsigned long)(op.load_ns / 1000));
    }
    if (!copy_to_guest(caller, arg, &op, sizeof(op)))
        return rc;
    if (!rc) { /* the caller would not know it is loaded: not loaded */
        kexec_unstage(&loaded);
        image_loaded = false;
    }
    return -EFAULT;
}

static void lu_report(struct xen_kexec_lu_exec *op,
                      const struct lu_saved_stream *s)
{
    op->nr_domains = s->stats.nr_domains;
    op->nr_vcpus = s->stats.nr_vcpus;
    op->nr_pages = s->stats.nr_pages;
    op->stream_bytes = s->bytes;
    op->stream_pages = lu_stream_pages(s->bytes);
    printk("Live update: %u domains, %u vCPUs, %lu pages carried in a "
           "%lu-byte stream (%lu pages); quiesce %lu us, save %lu us\n",
           op->nr_domains, op->nr_vcpus, (unsigned long)op->nr_pages,
           (unsigned long)op->stream_bytes, (unsigned long)op->stream_pages,
           (unsigned long)(op->quiesce_ns / 1000),
           (unsigned long)(op->save_ns / 1000));
}

/* Dry run: read the stream back as a successor would, then free it. */
static long lu_dry_run(struct xen_kexec_lu_exec *op, struct lu_saved_stream *s)
{
    char err[LU_ERR_LEN];
    s_time_t t = NOW();
    long rc = lu_save_check(s, err, sizeof(err));

    op->check_ns = NOW() - t;
    if (rc)
        printk(XENLOG_ERR "Live update: dry run: the stream does not read "
               "back: %s\n", err);
    else
        printk("Live update: dry run: the stream reads back (%lu us); "
               "resuming\n", (unsigned long)(op->check_ns / 1000));
    lu_saved_stream_free(s);
    return rc;
}

/* Quiesce within the caller's bound; on -ETIMEDOUT tell it who is stuck. */
static long kexec_quiesce(struct domain *caller, struct xen_kexec_lu_exec *op)
{
    s_time_t t = NOW();
    domid_t stuck = DOMID_INVALID;
    long rc = lu_quiesce(caller,
                         MILLISECS(op->timeout_ms ? op->timeout_ms
                                                  : KEXEC_LU_TIMEOUT_DEFAULT_MS),
                         &stuck);

    op->quiesce_ns = NOW() - t;
    op->stuck_domid = stuck;
    return rc;
}

static long kexec_lu_exec(struct domain *caller, uint64_t arg)
{
    static struct lu_saved_stream stream;
    struct xen_kexec_lu_exec op;
    struct lu_crumb crumb;
    s_time_t t;
    long rc;

    if (copy_from_guest(caller, &op, arg, sizeof(op)))
        return -EFAULT;
    if (op.flags & ~KEXEC_LU_DRY_RUN)
        return -EINVAL;
    if (op.timeout_ms > KEXEC_LU_TIMEOUT_MAX_MS) {
        printk(XENLOG_ERR "Live update: a quiesce timeout of %u ms; at most "
               "%u\n", op.timeout_ms, KEXEC_LU_TIMEOUT_MAX_MS);
        return -EINVAL;
    }
    if (!image_loaded)
        return -ENOENT;
    t = NOW();
    rc = lu_save_prepare(&stream); /* while the domains still run */
    op.prepare_ns = NOW() - t;
    if (rc)
        return rc;
    lu_save_stopping(&stream);
    if ((rc = kexec_quiesce(caller, &op))) {
        lu_saved_stream_free(&stream);
        return copy_to_guest(caller, arg, &op, sizeof(op)) ? -EFAULT : rc;
    }
    current->arch.regs.rax = 0; /* what the caller sees in the successor */
    t = NOW();
    rc = lu_save_write(&stream, &crumb, caller);
    op.save_ns = NOW() - t;
    if (!rc)
        lu_report(&op, &stream);
    if (!rc && (op.flags & KEXEC_LU_DRY_RUN)) {
        rc = lu_dry_run(&op, &stream);
    } else if (!rc) {
        /* The caller's memory stays in place: it finds the figures there. */
        if (!copy_to_guest(caller, arg, &op, sizeof(op)))
            kexec_jump(&loaded, &crumb); /* the point of no return */
        lu_saved_stream_free(&stream);
        rc = -EFAULT;
    }
    lu_quiesce_release(caller);
    if (copy_to_guest(caller, arg, &op, sizeof(op)))
        return -EFAULT;
    return rc;
}

/*
 * The caller's interface_version, the first word of the structure at arg
 * in every version: read alone, so that a structure of another version,
 * perhaps shorter, is neither read further nor written.
 */
static long kexec_interface_check(struct domain *caller, uint64_t arg)
{
    uint32_t version;

    if (copy_from_guest(caller, &version, arg, sizeof(version)))
        return -EFAULT;
    if (version == XEN_KEXEC_INTERFACE_VERSION)
        return 0;
    printk(XENLOG_ERR "Live update: kexec_op interface version %u from "
           "domain %u; this hypervisor serves version %u\n", version,
           caller->domain_id, XEN_KEXEC_INTERFACE_VERSION);
    return -EACCES;
}

long do_kexec_op(unsigned long cmd, uint64_t arg)
{
    struct domain *caller = current->domain;
    long rc;

    if (!caller->is_privileged)
        return -EPERM;
    switch (cmd) {
    case KEXEC_CMD_lu_load:
        rc = kexec_interface_check(caller, arg);
        return rc ? rc : kexec_lu_load(caller, arg);
    case KEXEC_CMD_lu_exec:
        rc = kexec_interface_check(caller, arg);
        return rc ? rc : kexec_lu_exec(caller, arg);
    case KEXEC_CMD_lu_unload:
        if (image_loaded)
            kexec_unstage(&loaded);
        image_loaded = false;
        return 0;
    default:
        return -ENOSYS;
    }
}
