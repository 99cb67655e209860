/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the host unit tests provide in place of the hypervisor: a printk()
 * that records every message, so tests can check that bad input was
 * reported by name, and a panic() that fails the running test.
 */
#ifndef UNIT_HARNESS_H
#define UNIT_HARNESS_H

#include <stdbool.h>

/* Forget everything logged so far. */
void log_reset(void);

/* The text logged since the last log_reset(), level prefixes included. */
const char *log_text(void);

/* True if the text logged since the last log_reset() contains needle. */
bool log_contains(const char *needle);

#endif /* UNIT_HARNESS_H */
