/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The read-only subcommands: `xl list` (Xen's table, column for column),
 * `xl info` (the host, from physinfo and the version) and `xl dmesg` (the
 * hypervisor's log ring).
 */
#include "xl_internal.h"

#define XL_LIST_BATCH   16
#define XL_LIST_MAX_ARG 32
#define XL_DMESG_CHUNK  256 /* well under the runtime printf's 511 bytes */

static void xl_list_header(void)
{
    printf("Name                                        ID   Mem VCPUs\t"
           "State\tTime(s)\n");
}

/*
 * One row, as Xen's `%-40s %5d %5lu %5d     %s  %8.1f`; our printf has
 * no %f, so the time is rounded to tenths and formatted by hand.
 */
static void xl_list_row(const struct xc_dominfo *info)
{
    uint64_t tenths = (info->cpu_time_ns + 50000000u) / 100000000u;
    char state[7], time[32];

    xl_state_string(info, state);
    snprintf(time, sizeof(time), "%lu.%lu", (unsigned long)(tenths / 10),
             (unsigned long)(tenths % 10));
    printf("%-40s %5u %5lu %5u     %s  %8s\n", info->name,
           (unsigned int)info->domid,
           (unsigned long)(info->tot_pages >> (20 - XEN_PAGE_SHIFT)),
           (unsigned int)info->nr_vcpus, state, time);
}

static int xl_list_all(void)
{
    static struct xc_dominfo batch[XL_LIST_BATCH];
    unsigned int first = 0;
    int n;

    xl_list_header();
    do {
        n = xc_domain_list((domid_t)first, batch, XL_LIST_BATCH);
        if (n < 0)
            return xl_report("list", "cannot list domains", n);
        for (int i = 0; i < n; i++)
            xl_list_row(&batch[i]);
        if (n)
            first = batch[n - 1].domid + 1u;
    } while (n == XL_LIST_BATCH && first < DOMID_FIRST_RESERVED);
    return XL_EXIT_OK;
}

/* `xl list [DOM...]`: all domains, or the named ones (all must exist). */
int xl_cmd_list(int argc, char **argv)
{
    static struct xc_dominfo found[XL_LIST_MAX_ARG];
    int i, rc;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            xl_print_usage(xl_find_command("list"));
            return XL_EXIT_OK;
        }
        if (argv[i][0] == '-' && argv[i][1])
            return xl_usage_error("list", "unknown option", argv[i]);
    }
    if (argc == 1)
        return xl_list_all();
    if (argc - 1 > XL_LIST_MAX_ARG)
        return xl_usage_error("list", "too many domains (at most 32)", NULL);
    for (i = 1; i < argc; i++)
        if ((rc = xl_resolve_domain("list", argv[i], &found[i - 1])))
            return rc;
    xl_list_header();
    for (i = 1; i < argc; i++)
        xl_list_row(&found[i - 1]);
    return XL_EXIT_OK;
}

/* `xl info`: what the hypervisor tells about the host, as `key : value`. */
int xl_cmd_info(int argc, char **argv)
{
    struct xc_physinfo pi;
    long version;
    int rc;

    if (xl_check_args(argc, argv, 0, &rc))
        return rc;
    if ((rc = xc_physinfo(&pi)) < 0)
        return xl_report("info", "cannot read the host's information", rc);
    if ((version = xc_version()) < 0)
        return xl_report("info", "cannot read the hypervisor's version",
                         version);
    printf("%-23s: %u\n", "nr_cpus", pi.nr_cpus);
    printf("%-23s: %u.%03u\n", "cpu_mhz", pi.cpu_khz / 1000, pi.cpu_khz % 1000);
    printf("%-23s: %lu\n", "total_memory",
           (unsigned long)(pi.total_pages >> (20 - XEN_PAGE_SHIFT)));
    printf("%-23s: %lu\n", "free_memory",
           (unsigned long)(pi.free_pages >> (20 - XEN_PAGE_SHIFT)));
    printf("%-23s: %lu\n", "broken_pages", (unsigned long)pi.broken_pages);
    printf("%-23s: %lu\n", "reserved_pages", (unsigned long)pi.reserved_pages);
    printf("%-23s: %lu\n", "live_updates", (unsigned long)pi.live_updates);
    printf("%-23s: %lu\n", "xen_major", (unsigned long)version >> 16);
    printf("%-23s: %lu\n", "xen_minor", (unsigned long)version & 0xffff);
    printf("%-23s: %lu.%lu\n", "xen_version", (unsigned long)version >> 16,
           (unsigned long)version & 0xffff);
    return XL_EXIT_OK;
}

/* The index just past the end of the log, without printing anything. */
static long xl_dmesg_end(uint64_t *end)
{
    static char sink[XL_DMESG_CHUNK];
    long n;

    *end = 0;
    while ((n = xc_readconsole(end, sink, sizeof(sink))) > 0)
        ;
    return n;
}

/*
 * `xl dmesg`: the log up to where it ended when we started.  Our own
 * output may be logged too (a domain's console lines are), so reading
 * until the log runs dry could chase its own tail forever.
 */
int xl_cmd_dmesg(int argc, char **argv)
{
    static char buf[XL_DMESG_CHUNK];
    uint64_t index = 0, end;
    long n;
    int rc;

    if (xl_check_args(argc, argv, 0, &rc))
        return rc;
    if ((n = xl_dmesg_end(&end)) < 0)
        return xl_report("dmesg", "cannot read the hypervisor's log", n);
    while (index < end) {
        size_t want = end - index < sizeof(buf) ? end - index : sizeof(buf);

        if ((n = xc_readconsole(&index, buf, want)) < 0)
            return xl_report("dmesg", "cannot read the hypervisor's log", n);
        if (!n)
            break;
        printf("%.*s", (int)n, buf);
    }
    return XL_EXIT_OK;
}
