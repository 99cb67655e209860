/* SPDX-License-Identifier: GPL-2.0-only */
/* Identity of this hypervisor build (common/version.c). */
#ifndef XEN_VERSION_H
#define XEN_VERSION_H

/* Log the banner: version, compiler, build date, changeset and build id. */
void version_print_banner(void);

#endif /* XEN_VERSION_H */
