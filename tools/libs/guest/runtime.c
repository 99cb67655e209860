/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The C side of guest start-up: find the start info and shared info pages
 * (start_info points at a copy of the former), say which test this is, run
 * test_main() and insist that it ended with a verdict.
 */
#include "guest.h"

const struct start_info *start_info;
struct shared_info *shared_info;

void guest_main(const struct start_info *si) __noreturn;

/* Entered from _start on the guest's own stack; never returns. */
void guest_main(const struct start_info *si)
{
    /* A copy: the page is RAM, which the guest may relocate (memmap.c). */
    static struct start_info copy;

    if (memcmp(si->magic, XEN_START_INFO_MAGIC, sizeof(XEN_START_INFO_MAGIC)))
        test_error("bad start info magic at %p", si);
    copy = *si;
    start_info = &copy;
    shared_info =
        (struct shared_info *)(uintptr_t)(si->shared_info_gfn << PAGE_SHIFT);
    if (!&runtime_quiet || !runtime_quiet)
        printf("%s: domain %u (%.64s), %lu pages, cmdline \"%.1024s\"\n",
               test_title, si->domid, si->name, (unsigned long)si->nr_pages,
               si->cmdline);
    test_main(si);
    test_error("test_main() returned without a verdict");
}
