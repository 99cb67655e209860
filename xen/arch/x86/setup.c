/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * __start_xen(): the boot sequence, from the first C instruction to the
 * point where the hypervisor has nothing more to do.  Each step is one
 * call; the order matters and the comments say why.
 */
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/setup.h>
#include <asm/shutdown.h>
#include <asm/traps.h>
#include <xen/bootinfo.h>
#include <xen/bootmem.h>
#include <xen/console.h>
#include <xen/domain_build.h>
#include <xen/lib.h>
#include <xen/live_update.h>
#include <xen/mm.h>
#include <xen/mm_deferred.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/selftest.h>
#include <xen/string.h>
#include <xen/time.h>
#include <xen/version.h>

paddr_t xen_phys_start;

static struct boot_info boot_info;

extern const struct kernel_param __setup_start[], __setup_end[];

const struct boot_info *boot_info_get(void)
{
    return &boot_info;
}
extern uint64_t l4_boot[];

/* Boot information is reachable through the boot direct map only. */
static const void *boot_map(void *ctx, uint64_t pa, size_t len)
{
    if (pa >= BOOT_DIRECTMAP_BYTES || len > BOOT_DIRECTMAP_BYTES - pa)
        return NULL;
    return maddr_to_virt(pa);
}

static void bootinfo_read(uint32_t magic, paddr_t info_pa)
{
    int rc;

    if (magic == MULTIBOOT2_BOOTLOADER_MAGIC)
        rc = bootinfo_from_multiboot2(&boot_info, info_pa, boot_map, NULL);
    else
        rc = bootinfo_from_multiboot1(&boot_info, info_pa, boot_map, NULL);
    if (rc)
        panic("The boot loader's information is unusable (error %d)", rc);
}

/* After a live update, restore what the stream carries, then free it. */
static void lu_resume_state(void)
{
    struct lu_crumb crumb;

    if (!mm_lu_stream(&crumb))
        return;
    lu_restore(&crumb);
    mm_lu_stream_release();
}

/* Only the high mappings are used from here on: catch stray low accesses. */
static void drop_boot_identity_map(void)
{
    l4_boot[0] = 0;
    flush_tlb_local();
}

void __start_xen(uint32_t loader_magic, paddr_t info_pa, paddr_t load_pa)
{
    struct lu_crumb crumb;

    lu_boot_started();          /* the TSC, for a live update's phases */
    xen_phys_start = load_pa;

    traps_init();
    desc_init();                /* faults are reported from here on */
    version_print_banner();     /* waits in the console ring for now */
    bootinfo_read(loader_magic, info_pa);
    memmove(boot_info.cmdline, bootinfo_args(boot_info.cmdline),
            strlen(bootinfo_args(boot_info.cmdline)) + 1);
    cmdline_parse(boot_info.cmdline, __setup_start, __setup_end);
    console_init();             /* COM1 as com1= says; replays the ring */
    drop_boot_identity_map();

    printk("Loaded at %#lx-%#lx\n", (unsigned long)xen_phys_start,
           (unsigned long)xen_phys_start + (_end - _start) - 1);
    bootinfo_sanitise(&boot_info);
    bootinfo_drop_modules_over(&boot_info, 0, BOOTMEM_LOW_END, "low memory");
    bootinfo_drop_modules_over(&boot_info, xen_phys_start,
                               xen_phys_start + (_end - _start),
                               "the hypervisor image");
    bootinfo_print(&boot_info);
    mm_lu_breadcrumb_find(&crumb); /* a predecessor's: the clock rates */
    time_init(crumb.tsc_khz);   /* before mm_init(), which times itself */
    mm_init(&boot_info, xen_phys_start, xen_phys_start + (_end - _start));

    lu_resume_state();          /* after a live update: time, domains */
    apic_init(crumb.apic_timer_khz); /* the timer the scheduler runs on */
    scheduler_init();
    console_input_init();       /* typed bytes go to the control domain */
    selftest_run();             /* selftest=, before domains take memory */
    /*
     * After a live update the domains carry on, and the modules are the
     * old control domain's files: nothing is built from them, even when
     * the stream was refused.
     */
    if (!lu_resume_domains() &&
        (crumb.page_count || !boot_domains_create(&boot_info))) {
        printk("No domains to run.\n");
        machine_power_off();
    }
    mm_deferred_start();        /* the rest of memory, while they run */
    scheduler_start();
}
