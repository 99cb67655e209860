/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The list of bad frames from badpage=: frame numbers and inclusive ranges,
 * e.g. "0x1234,0x20000-0x2000f".  The list is kept sorted and merged; it
 * is the single source every allocator consults (through the frame table's
 * PGC_broken, set from it) so no path can hand out a bad frame.
 *
 * Portable core: all state is in struct badpage_list.
 */
#ifndef XEN_BADPAGE_H
#define XEN_BADPAGE_H

#include <xen/bootinfo.h>
#include <xen/mm-types.h>

#define BADPAGE_MAX_RANGES 64

struct badpage_range {
    unsigned long first, last; /* inclusive */
};

/* An empty list is all zeroes. */
struct badpage_list {
    unsigned int nr;
    struct badpage_range ranges[BADPAGE_MAX_RANGES];
};

/*
 * Add the entries of a badpage= value to bl.  A malformed entry (not a
 * number, last < first, trailing junk) or one that does not fit is reported
 * by name and skipped; the others are kept.  Returns the number skipped.
 */
unsigned int badpage_parse(struct badpage_list *bl, const char *s);

/*
 * Drop, reporting each, the parts of the list that are not RAM in bi's
 * (sanitised) memory map.  Returns the number of frames dropped.
 */
unsigned long badpage_keep_ram(struct badpage_list *bl,
                               const struct boot_info *bi);

bool badpage_contains(const struct badpage_list *bl, mfn_t mfn);

/* Total frames in the list. */
unsigned long badpage_count(const struct badpage_list *bl);

#endif /* XEN_BADPAGE_H */
