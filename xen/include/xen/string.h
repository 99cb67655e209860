/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The string functions the hypervisor provides (xen/common/lib/string.c).
 * The prototypes match the C library's, so the portable core can be linked
 * against either.  The portable core uses no function outside this list.
 */
#ifndef XEN_STRING_H
#define XEN_STRING_H

#include <xen/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

#endif /* XEN_STRING_H */
