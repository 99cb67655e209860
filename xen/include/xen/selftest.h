/* SPDX-License-Identifier: GPL-2.0-only */
/* Boot-time self tests chosen with selftest= (common/selftest.c). */
#ifndef XEN_SELFTEST_H
#define XEN_SELFTEST_H

/* Run the self tests named on the command line, in a fixed order. */
void selftest_run(void);

/* selftest=alloc; prints one verdict line. */
void selftest_alloc(void);

#endif /* XEN_SELFTEST_H */
