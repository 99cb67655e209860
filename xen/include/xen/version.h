/* SPDX-License-Identifier: GPL-2.0-only */
/* Identity of this hypervisor build (common/version.c). */
#ifndef XEN_VERSION_H
#define XEN_VERSION_H

/* Log the banner: version, compiler, build date, changeset and build id. */
void version_print_banner(void);

/* The build id in hex (after the banner), or "unavailable". */
const char *xen_build_id(void);

/* The version string, e.g. "0.1.0-lu". */
const char *xen_version_string(void);

#endif /* XEN_VERSION_H */
