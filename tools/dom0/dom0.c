/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control domain's kernel: a ring-3 guest on the common runtime
 * (tools/libs/guest) that sets up a heap, a RAM filesystem from its boot
 * modules and console input, then runs the shell on the serial console.
 * It never returns: the shell's `poweroff` shuts the domain down, and
 * with it the machine.
 */
#include <guest.h>
#include <ramfs.h>
#include <edit.h>

#include "shell.h"

const char test_title[] = "dom0";
const bool runtime_quiet = true; /* the banner below says what we are */

void test_main(const struct start_info *si)
{
    uintptr_t heap_end = (uintptr_t)guest_ram_end((uintptr_t)__image_end);
    int files, rc;

    /* The RAM past the image, up to a reserved range or the start info. */
    heap_init((uintptr_t)__image_end,
              heap_end && heap_end < (uintptr_t)si ? heap_end : (uintptr_t)si);
    files = ramfs_init(si);           /* /boot and /etc/xen from modules */
    if (files < 0) {
        printf("dom0: cannot build the RAM filesystem (%d)\n", files);
        files = 0;
    }
    if ((rc = edit_init()) < 0)       /* console input: VIRQ_CONSOLE */
        printf("dom0: cannot bind the console interrupt (%d); "
               "polling for input\n", rc);
    if (!(si->flags & SIF_PRIVILEGED))
        printf("dom0: warning: not the control domain; xl will fail\n");
    printf("dom0: %d file%s in the RAM filesystem\n", files,
           files == 1 ? "" : "s");
    shell_run();
}
