/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The next hypervisor's command line in a live update (common/lu_cmdline.c):
 * this one's options, less those that describe this boot only, then the
 * options the control domain appended for the successor (`xl live-update
 * --append`), then liveupdate=<size>@<addr> naming the same region.
 */
#ifndef XEN_LU_CMDLINE_H
#define XEN_LU_CMDLINE_H

#include <xen/types.h>

/*
 * Check the len bytes of options a user wants appended: printable ASCII
 * only (so no NUL), every quoted value closed (an open one would swallow
 * the liveupdate= that follows), and no liveupdate= (the update sets it).
 * Returns 0 or -EINVAL, after logging what is wrong.
 */
int lu_cmdline_check_append(const char *opts, size_t len);

/*
 * Write the successor's command line into out (size bytes): the options
 * of cmdline (this boot's) that do not describe this boot only, then
 * append (checked; may be empty), then liveupdate=<region_bytes>@
 * <region_addr>.  Returns 0, or -ENAMETOOLONG after logging it if the
 * line does not fit.
 */
int lu_cmdline_build(char *out, size_t size, const char *cmdline,
                     const char *append, uint64_t region_bytes,
                     uint64_t region_addr);

#endif /* XEN_LU_CMDLINE_H */
