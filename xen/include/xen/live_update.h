/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Live update: the state that crosses from one hypervisor to the next,
 * written by lu_save() into a stream (public/lu_stream.h) in ordinary heap
 * pages listed by an MFN array, and read back by lu_restore() in the new
 * hypervisor, which finds it through the breadcrumb.
 */
#ifndef XEN_LIVE_UPDATE_H
#define XEN_LIVE_UPDATE_H

#include <xen/lu_stream.h>

struct lu_saved_stream {
    uint64_t *mfn_array;          /* little-endian MFNs, in stream order */
    unsigned int mfn_array_order;
    unsigned long nr_pages;
    uint64_t bytes;
};

/*
 * Write the stream of everything that must survive: sized first, then
 * written into newly allocated pages.  Returns 0 with *crumb describing
 * it, or a negative errno after logging why (nothing kept).
 */
int lu_save(struct lu_saved_stream *s, struct lu_crumb *crumb);

/* Give the pages of a stream that will not be used back. */
void lu_saved_stream_free(struct lu_saved_stream *s);

/*
 * In a hypervisor booted by live update: read the stream the breadcrumb
 * describes and restore what it carries.  Returns 0, or a negative errno
 * after logging what is wrong with the stream.
 */
int lu_restore(const struct lu_crumb *crumb);

/* Live updates this host has been through. */
unsigned long lu_count(void);

#endif /* XEN_LIVE_UPDATE_H */
