/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Self tests run at the end of boot when named by selftest=<list>.  They
 * exercise paths no ordinary boot takes, so integration tests can check
 * them on the real image:
 *
 *   alloc  drain the heap at every order and check each block
 *          (common/selftest_alloc.c), then give it all back.
 *   fault  write to an unmapped address: the exception handler must print
 *          its register dump and panic (the boot does not continue).
 *   kexec  live-update into the image given as the module
 *          `file /boot/xen-next`, with no domains: the new hypervisor must
 *          boot from the reserved region and find the breadcrumb.
 */
#include <asm/mm.h>
#include <asm/setup.h>
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/kexec.h>
#include <xen/live_update.h>
#include <xen/mm.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/selftest.h>
#include <xen/string.h>

#define SELFTEST_FAULT (1u << 0)
#define SELFTEST_ALLOC (1u << 1)
#define SELFTEST_KEXEC (1u << 2)

/* Nothing is mapped here once the boot identity map is gone. */
#define SELFTEST_FAULT_ADDR 0xdead000UL

static unsigned int selftests;

static int parse_selftest(const char *s)
{
    unsigned int chosen = 0;
    const char *e;

    for (; *s; s = *e ? e + 1 : e) {
        e = param_list_next(s);
        if (e - s == 5 && !strncmp(s, "fault", 5))
            chosen |= SELFTEST_FAULT;
        else if (e - s == 5 && !strncmp(s, "alloc", 5))
            chosen |= SELFTEST_ALLOC;
        else if (e - s == 5 && !strncmp(s, "kexec", 5))
            chosen |= SELFTEST_KEXEC;
        else
            return -EINVAL;
    }
    selftests = chosen;
    return 0;
}
custom_param("selftest", parse_selftest);

static void selftest_fault(void)
{
    unsigned long addr = SELFTEST_FAULT_ADDR;

    printk("selftest: fault: writing to unmapped address %#lx\n", addr);
    /* Hide the address from the compiler so it emits a plain store. */
    asm volatile("" : "+r"(addr));
    *(volatile unsigned long *)addr = 0;
    printk(XENLOG_ERR "selftest: fault: FAILURE: the write did not fault\n");
}

/* The module `file /boot/xen-next`, or NULL. */
static const struct boot_module *next_image(const struct boot_info *bi)
{
    unsigned int i;

    for (i = 0; i < bi->nr_modules; i++)
        if (!strcmp(bootinfo_args(bi->modules[i].cmdline),
                    "file /boot/xen-next"))
            return &bi->modules[i];
    return NULL;
}

static void selftest_kexec(void)
{
    const struct boot_module *m = next_image(boot_info_get());
    static struct kexec_image k;
    static struct lu_saved_stream stream;
    struct lu_crumb crumb;
    int rc;

    if (!m) {
        printk("selftest: kexec: SKIP: no module 'file /boot/xen-next'\n");
        return;
    }
    rc = kexec_stage(maddr_to_virt(m->start), m->size, NULL, &k);
    if (rc) {
        printk(XENLOG_ERR "selftest: kexec: FAILURE: staging failed (%d)\n",
               rc);
        return;
    }
    if (!(rc = lu_save_prepare(&stream))) {
        lu_save_stopping(&stream);
        rc = lu_save_write(&stream, &crumb, NULL);
    }
    if (rc) {
        printk(XENLOG_ERR "selftest: kexec: FAILURE: no stream (%d)\n", rc);
        kexec_unstage(&k);
        return;
    }
    printk("selftest: kexec: live update with no domains, a %lu-byte stream\n",
           (unsigned long)stream.bytes);
    asm volatile("cli");
    kexec_jump(&k, &crumb);
}

void selftest_run(void)
{
    if (selftests & SELFTEST_ALLOC)
        selftest_alloc();
    if (selftests & SELFTEST_KEXEC)
        selftest_kexec();
    if (selftests & SELFTEST_FAULT)
        selftest_fault();
}
