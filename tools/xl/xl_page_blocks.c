/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `xl page-blocks DOM`: the machine frames a domain owns, block by block,
 * as the hypervisor holds them (first and last frame, and the order).
 * What an administrator needs to tell which domain a faulty frame belongs
 * to, or to pick a frame to retire with `badpage=` on a live update
 * (docs/man/xl.1.md).
 */
#include "xl_internal.h"

#define CMD "page-blocks"
#define XL_BLOCK_BATCH 32

int xl_cmd_page_blocks(int argc, char **argv)
{
    static struct xen_domctl_page_block batch[XL_BLOCK_BATCH];
    struct xc_dominfo info;
    uint32_t first = 0, total = 0;
    int n, rc;

    if (xl_check_args(argc, argv, 1, &rc))
        return rc;
    if ((rc = xl_resolve_domain(CMD, argv[1], &info)))
        return rc;
    do {
        n = xc_domain_page_blocks(info.domid, first, batch, XL_BLOCK_BATCH,
                                  &total);
        if (n < 0)
            return xl_report(CMD, "cannot read the domain's page blocks", n);
        if (!first)
            printf("Domain %u (%s): %lu pages in %u block%s\n",
                   (unsigned int)info.domid, info.name,
                   (unsigned long)info.tot_pages, (unsigned int)total,
                   total == 1 ? "" : "s");
        for (int i = 0; i < n; i++)
            printf("  %#012lx-%#012lx  order %u\n",
                   (unsigned long)batch[i].mfn,
                   (unsigned long)(batch[i].mfn + (1ul << batch[i].order) - 1),
                   (unsigned int)batch[i].order);
        first += (uint32_t)n;
    } while (n == XL_BLOCK_BATCH && first < total);
    return XL_EXIT_OK;
}
