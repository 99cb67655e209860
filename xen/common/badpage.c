/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The badpage= list (see xen/badpage.h).  A user who types badpage= is
 * usually looking at failing DIMMs, so the parser is forgiving about the
 * list as a whole and strict about each entry: an entry that is not exactly
 * one frame number or one inclusive range "first-last" is reported by its
 * own text and skipped, and every other entry is kept.  Numbers are read by
 * simple_strtoull() in base 0 (0x.. hex, a leading 0 means octal, else
 * decimal); blanks around numbers and around '-' are allowed; a number that
 * overflows, or the frame INVALID_MFN, is malformed.  The list stays sorted
 * with overlapping and adjacent ranges merged, so lookups are a binary
 * search and a bad frame is listed once however often it was typed.
 *
 * badpage_keep_ram() then drops what the memory map says is not RAM, so the
 * counts reported at boot are real frames; when there is no room to split
 * a range around a hole it keeps the hole listed instead, because dropping
 * a bad RAM frame would be worse than listing a frame that is never used.
 * What counts as a RAM frame is bootmem's answer (bootmem_ram_run()), the
 * same one the boot allocator is filled from.
 */
#include <xen/badpage.h>
#include <xen/bootmem.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>

/* Longest entry text quoted in a message; longer ones end in "...". */
#define BADPAGE_QUOTE_MAX 48

/* Copy the entry [s, e) into buf for printing, truncating long ones. */
static void badpage_quote(char buf[BADPAGE_QUOTE_MAX + 4], const char *s,
                          const char *e)
{
    size_t n = (size_t)(e - s);

    if (n > BADPAGE_QUOTE_MAX) {
        memcpy(buf, s, BADPAGE_QUOTE_MAX);
        memcpy(buf + BADPAGE_QUOTE_MAX, "...", 4);
        return;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
}

static const char *badpage_skip_blanks(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* Read one frame number at *p (not past e); returns a reason on error. */
static const char *badpage_number(const char **p, const char *e,
                                  unsigned long *frame)
{
    const char *q;
    unsigned long long v;

    *p = badpage_skip_blanks(*p, e);
    v = simple_strtoull(*p, &q, 0);
    if (q == *p || q > e)
        return "not a number";
    if (v >= INVALID_MFN_RAW)
        return "frame number too large";
    *frame = (unsigned long)v;
    *p = badpage_skip_blanks(q, e);
    return NULL;
}

/*
 * Parse the entry [s, e) into r.  Returns NULL, or why it is malformed.
 */
static const char *badpage_parse_entry(const char *s, const char *e,
                                       struct badpage_range *r)
{
    const char *p = s, *why;

    if (badpage_skip_blanks(p, e) == e)
        return "empty";
    why = badpage_number(&p, e, &r->first);
    if (why)
        return why;
    r->last = r->first;
    if (p < e && *p == '-') {
        p++;
        why = badpage_number(&p, e, &r->last);
        if (why)
            return why;
    }
    if (p != e)
        return "trailing characters";
    if (r->last < r->first)
        return "last frame below first";
    return NULL;
}

/* Replace the n slots from index i with m (the caller fills new ones). */
static void badpage_resize_at(struct badpage_list *bl, unsigned int i,
                              unsigned int n, unsigned int m)
{
    unsigned int tail = bl->nr - (i + n);

    memmove(&bl->ranges[i + m], &bl->ranges[i + n],
            tail * sizeof(bl->ranges[0]));
    bl->nr = bl->nr - n + m;
}

/*
 * Add [first, last] to the list, merging with every range it overlaps or
 * touches.  Returns false, changing nothing, if it needs a slot and the
 * list is full.
 */
static bool badpage_insert(struct badpage_list *bl, unsigned long first,
                           unsigned long last)
{
    unsigned int i, j;

    /* Frames are below INVALID_MFN, so last + 1 cannot wrap. */
    for (i = 0; i < bl->nr && bl->ranges[i].last + 1 < first; i++)
        ;
    for (j = i; j < bl->nr && bl->ranges[j].first <= last + 1; j++)
        ;
    if (i == j) {
        if (bl->nr == BADPAGE_MAX_RANGES)
            return false;
        badpage_resize_at(bl, i, 0, 1);
    } else {
        first = min(first, bl->ranges[i].first);
        last = max(last, bl->ranges[j - 1].last);
        badpage_resize_at(bl, i, j - i, 1);
    }
    bl->ranges[i].first = first;
    bl->ranges[i].last = last;
    return true;
}

unsigned int badpage_parse(struct badpage_list *bl, const char *s)
{
    char quoted[BADPAGE_QUOTE_MAX + 4];
    struct badpage_range r;
    unsigned int skipped = 0;
    const char *e, *why;

    for (; s && *s; s = *e ? e + 1 : e) {
        e = param_list_next(s);
        why = badpage_parse_entry(s, e, &r);
        if (!why && badpage_insert(bl, r.first, r.last))
            continue;
        badpage_quote(quoted, s, e);
        if (why)
            printk(XENLOG_WARNING "badpage: ignoring malformed entry '%s' "
                   "(%s)\n", quoted, why);
        else
            printk(XENLOG_WARNING "badpage: list full (%u ranges), "
                   "ignoring entry '%s'\n", BADPAGE_MAX_RANGES, quoted);
        skipped++;
    }
    return skipped;
}

/* The highest RAM frame at or below f; the caller knows there is one. */
static unsigned long badpage_last_ram(const struct boot_info *bi,
                                      unsigned long f)
{
    unsigned long fs, fe, best = 0;
    unsigned int k;

    for (k = 0; k < bi->nr_ranges; k++)
        if (bootmem_entry_frames(&bi->ranges[k], INVALID_MFN_RAW, &fs, &fe) &&
            fs <= f)
            best = max(best, min(fe - 1, f));
    return best;
}

/* Report [first, last] as not RAM; returns the number of frames. */
static unsigned long badpage_not_ram(unsigned long first, unsigned long last)
{
    if (first == last)
        printk(XENLOG_WARNING "badpage: frame 0x%lx is not RAM, ignored\n",
               first);
    else
        printk(XENLOG_WARNING "badpage: frames 0x%lx - 0x%lx are not RAM, "
               "ignored\n", first, last);
    return last - first + 1;
}

/*
 * Range i runs from RAM into a hole at frame hole and on into RAM again at
 * frame ram: split it around the hole, or if the list is full keep the hole
 * listed and trim only a non-RAM tail.  Returns the frames dropped.
 */
static unsigned long badpage_split_hole(struct badpage_list *bl,
                                        const struct boot_info *bi,
                                        unsigned int i, unsigned long hole,
                                        unsigned long ram)
{
    struct badpage_range *r = &bl->ranges[i];
    unsigned long last = r->last, tail, dropped = 0;

    if (bl->nr < BADPAGE_MAX_RANGES) {
        badpage_resize_at(bl, i + 1, 0, 1);
        bl->ranges[i + 1].first = ram;
        bl->ranges[i + 1].last = last;
        r->last = hole - 1;
        return badpage_not_ram(hole, ram - 1);
    }
    tail = badpage_last_ram(bi, last);
    if (tail < last) {
        dropped = badpage_not_ram(tail + 1, last);
        r->last = tail;
    }
    printk(XENLOG_WARNING "badpage: list full (%u ranges), frames 0x%lx - "
           "0x%lx stay listed with the non-RAM frames among them\n",
           BADPAGE_MAX_RANGES, r->first, r->last);
    return dropped;
}

unsigned long badpage_keep_ram(struct badpage_list *bl,
                               const struct boot_info *bi)
{
    unsigned long dropped = 0, rs, re, ns, ne;
    struct badpage_range *r;
    unsigned int i = 0;

    while (i < bl->nr) {
        r = &bl->ranges[i];
        if (!bootmem_ram_run(bi, r->first, &rs, &re) || rs > r->last) {
            dropped += badpage_not_ram(r->first, r->last);
            badpage_resize_at(bl, i, 1, 0);
            continue;
        }
        if (rs > r->first) {
            dropped += badpage_not_ram(r->first, rs - 1);
            r->first = rs;
        }
        if (r->last < re) {
            i++;
            continue;
        }
        if (!bootmem_ram_run(bi, re, &ns, &ne) || ns > r->last) {
            dropped += badpage_not_ram(re, r->last);
            r->last = re - 1;
            i++;
            continue;
        }
        /* The next pass looks at the part after the hole, if split off. */
        dropped += badpage_split_hole(bl, bi, i, re, ns);
        i++;
    }
    return dropped;
}

bool badpage_contains(const struct badpage_list *bl, mfn_t mfn)
{
    unsigned long m = mfn_x(mfn);
    unsigned int lo = 0, hi = bl->nr, mid;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        if (m < bl->ranges[mid].first)
            hi = mid;
        else if (m > bl->ranges[mid].last)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

unsigned long badpage_count(const struct badpage_list *bl)
{
    unsigned long total = 0;
    unsigned int i;

    for (i = 0; i < bl->nr; i++)
        total += bl->ranges[i].last - bl->ranges[i].first + 1;
    return total;
}
