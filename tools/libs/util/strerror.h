/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Text for the error numbers hypercalls return (public/errno.h), for the
 * control domain's tools to print: the messages are the ones Linux and C
 * libraries use for the same numbers, so they read as users expect.
 */
#ifndef UTIL_STRERROR_H
#define UTIL_STRERROR_H

/* The message for err (either sign); "Unknown error" for numbers we lack. */
const char *util_strerror(int err);

#endif /* UTIL_STRERROR_H */
