/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checking and printing the boot description the multiboot parsers built.
 * Firmware maps are often untidy (unsorted, overlapping, zero-length or
 * oddly typed entries) and a loader can place modules badly; everything
 * after this point wants a sorted, non-overlapping map and modules that sit
 * wholly in RAM.  bootinfo_sanitise() gets there by only ever removing RAM,
 * never adding it: where RAM meets another type the other type wins, and
 * whatever cannot be kept is dropped.  Each problem is logged by name.
 *
 * Invariants after bootinfo_sanitise():
 *  - ranges are sorted by start, have size > 0, do not overlap, and no two
 *    ranges of one type touch;
 *  - start + size never wraps (the last byte is at most 2^64 - 2);
 *  - types are BOOT_MEM_RAM .. BOOT_MEM_UNUSABLE;
 *  - every module has size > 0, lies wholly inside one RAM range and
 *    overlaps no other module.
 */
#include <xen/bootinfo.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>

#define MAP_PREFIX "boot memory map: "

static const char *bootinfo_type_name(uint32_t type)
{
    switch (type) {
    case BOOT_MEM_RAM:
        return "usable";
    case BOOT_MEM_RESERVED:
        return "reserved";
    case BOOT_MEM_ACPI:
        return "ACPI data";
    case BOOT_MEM_NVS:
        return "ACPI NVS";
    case BOOT_MEM_UNUSABLE:
        return "unusable";
    default:
        return "unknown type";
    }
}

/* Inclusive last byte, for messages; a zero-length range prints as start. */
static unsigned long long range_last(uint64_t start, uint64_t size)
{
    return size ? start + size - 1 : start;
}

static uint64_t range_end(const struct boot_mem_range *r)
{
    return r->start + r->size;
}

static bool ranges_overlap(const struct boot_mem_range *a,
                           const struct boot_mem_range *b)
{
    return a->start < range_end(b) && b->start < range_end(a);
}

/* Remove entries of size 0, keeping the order; optionally reporting each. */
static unsigned int drop_empty(struct boot_info *bi, bool report)
{
    unsigned int i, out = 0, problems = 0;

    for (i = 0; i < bi->nr_ranges; i++) {
        const struct boot_mem_range *r = &bi->ranges[i];

        if (r->size) {
            bi->ranges[out++] = *r;
            continue;
        }
        if (report) {
            printk(XENLOG_WARNING MAP_PREFIX "entry %u at %016llx (%s) has "
                                             "zero length; dropped\n",
                   i, (unsigned long long)r->start,
                   bootinfo_type_name(r->type));
            problems++;
        }
    }
    bi->nr_ranges = out;
    return problems;
}

/* Turn unknown types into reserved and clip ranges that run past 2^64. */
static unsigned int fix_types_and_ends(struct boot_info *bi)
{
    unsigned int i, problems = 0;

    for (i = 0; i < bi->nr_ranges; i++) {
        struct boot_mem_range *r = &bi->ranges[i];

        if (r->type < BOOT_MEM_RAM || r->type > BOOT_MEM_UNUSABLE) {
            printk(XENLOG_WARNING MAP_PREFIX
                   "entry %u [%016llx, %016llx] "
                   "has unknown type %u; treating it as reserved\n",
                   i, (unsigned long long)r->start,
                   range_last(r->start, r->size), r->type);
            r->type = BOOT_MEM_RESERVED;
            problems++;
        }
        if (r->size > UINT64_MAX - r->start) {
            printk(XENLOG_WARNING MAP_PREFIX
                   "entry %u at %016llx (%s) with "
                   "size %016llx runs past the end of the address space; "
                   "clipped\n",
                   i, (unsigned long long)r->start, bootinfo_type_name(r->type),
                   (unsigned long long)r->size);
            r->size = UINT64_MAX - r->start;
            problems++;
        }
    }
    return problems;
}

static bool range_before(const struct boot_mem_range *a,
                         const struct boot_mem_range *b)
{
    return a->start < b->start || (a->start == b->start && a->type < b->type);
}

/* Insertion sort by start; returns 1 (and reports) if report and unsorted. */
static unsigned int sort_ranges(struct boot_info *bi, bool report)
{
    unsigned int i, j;
    bool sorted = true;

    for (i = 1; i < bi->nr_ranges; i++)
        if (bi->ranges[i].start < bi->ranges[i - 1].start)
            sorted = false;
    for (i = 1; i < bi->nr_ranges; i++) {
        struct boot_mem_range r = bi->ranges[i];

        for (j = i; j > 0 && range_before(&r, &bi->ranges[j - 1]); j--)
            bi->ranges[j] = bi->ranges[j - 1];
        bi->ranges[j] = r;
    }
    if (sorted || !report)
        return 0;
    printk(XENLOG_WARNING MAP_PREFIX "entries are not sorted by address; "
                                     "sorting them\n");
    return 1;
}

/*
 * Merge overlapping or adjacent ranges of one type in a sorted map.
 * Overlaps are reported (if report) and counted; adjacency is normal.
 */
static unsigned int merge_same_type(struct boot_info *bi, bool report)
{
    unsigned int i, j, problems = 0;

    for (i = 0; i < bi->nr_ranges; i++) {
        struct boot_mem_range *a = &bi->ranges[i];

        for (j = i + 1; a->size && j < bi->nr_ranges &&
                        bi->ranges[j].start <= range_end(a);
             j++) {
            struct boot_mem_range *b = &bi->ranges[j];

            if (!b->size || b->type != a->type)
                continue;
            if (b->start < range_end(a) && report) {
                printk(
                    XENLOG_WARNING MAP_PREFIX
                    "[%016llx, %016llx] (%s) "
                    "overlaps [%016llx, %016llx] (%s); merged\n",
                    (unsigned long long)a->start, range_last(a->start, a->size),
                    bootinfo_type_name(a->type), (unsigned long long)b->start,
                    range_last(b->start, b->size), bootinfo_type_name(b->type));
                problems++;
            }
            if (range_end(b) > range_end(a))
                a->size = range_end(b) - a->start;
            b->size = 0;
        }
    }
    drop_empty(bi, false);
    return problems;
}

/*
 * Cut the part that ranges[w] covers out of ranges[l] (w has the higher
 * type, so it wins).  A cut in the middle appends the right-hand piece, or
 * drops it if the map is full.  Returns the number of problems (1 or 2).
 */
static unsigned int clip_range(struct boot_info *bi, unsigned int l,
                               unsigned int w)
{
    struct boot_mem_range *lo = &bi->ranges[l];
    const struct boot_mem_range *win = &bi->ranges[w];
    uint64_t l_end = range_end(lo), w_end = range_end(win);

    printk(XENLOG_WARNING MAP_PREFIX "[%016llx, %016llx] (%s) overlaps "
                                     "[%016llx, %016llx] (%s); %s wins\n",
           (unsigned long long)lo->start, range_last(lo->start, lo->size),
           bootinfo_type_name(lo->type), (unsigned long long)win->start,
           range_last(win->start, win->size), bootinfo_type_name(win->type),
           bootinfo_type_name(win->type));
    if (win->start <= lo->start) {
        lo->size = w_end >= l_end ? 0 : l_end - w_end;
        lo->start = w_end >= l_end ? lo->start : w_end;
        return 1;
    }
    lo->size = win->start - lo->start;
    if (w_end >= l_end)
        return 1;
    if (bi->nr_ranges < BOOTINFO_MAX_RANGES) {
        struct boot_mem_range *piece = &bi->ranges[bi->nr_ranges++];

        piece->start = w_end;
        piece->size = l_end - w_end;
        piece->type = lo->type;
        return 1;
    }
    printk(XENLOG_WARNING MAP_PREFIX
           "no room (%u entries) to split around "
           "[%016llx, %016llx]; dropping [%016llx, %016llx] (%s)\n",
           BOOTINFO_MAX_RANGES, (unsigned long long)win->start,
           range_last(win->start, win->size), (unsigned long long)w_end,
           (unsigned long long)l_end - 1, bootinfo_type_name(lo->type));
    return 2;
}

/*
 * Where ranges of different types overlap, the higher type keeps the
 * overlap.  Losers are processed lowest type first, so RAM is cut against
 * the other types before any of them could be dropped for lack of room:
 * a dropped piece can lose a description, never turn reserved into RAM.
 */
static unsigned int resolve_overlaps(struct boot_info *bi)
{
    unsigned int type, l, w, problems = 0;

    for (type = BOOT_MEM_RAM; type < BOOT_MEM_UNUSABLE; type++)
        for (l = 0; l < bi->nr_ranges; l++) {
            if (bi->ranges[l].type != type)
                continue;
            for (w = 0; w < bi->nr_ranges && bi->ranges[l].size; w++)
                if (bi->ranges[w].type > type &&
                    ranges_overlap(&bi->ranges[l], &bi->ranges[w]))
                    problems += clip_range(bi, l, w);
        }
    return problems;
}

/* True if [start, start + size) lies inside one RAM range. */
static bool in_ram(const struct boot_info *bi, uint64_t start, uint64_t size)
{
    unsigned int i;

    for (i = 0; i < bi->nr_ranges; i++) {
        const struct boot_mem_range *r = &bi->ranges[i];

        if (r->type == BOOT_MEM_RAM && r->start <= start &&
            start + size <= range_end(r))
            return true;
    }
    return false;
}

/* Check one module on its own; returns false (and reports) if it is bad. */
static bool module_ok(const struct boot_info *bi, unsigned int i)
{
    const struct boot_module *m = &bi->modules[i];

    if (!m->size) {
        printk(XENLOG_WARNING "boot modules: module %u at %016llx has zero "
                              "size; dropped\n",
               i, (unsigned long long)m->start);
        return false;
    }
    if (m->size > UINT64_MAX - m->start || !in_ram(bi, m->start, m->size)) {
        printk(XENLOG_WARNING "boot modules: module %u [%016llx, %016llx] "
                              "is not wholly in RAM; dropped\n",
               i, (unsigned long long)m->start, range_last(m->start, m->size));
        return false;
    }
    return true;
}

/* Drop modules that are empty, outside RAM or overlap another module. */
static unsigned int check_modules(struct boot_info *bi)
{
    bool keep[BOOTINFO_MAX_MODULES];
    unsigned int i, j, out = 0, problems = 0;

    for (i = 0; i < bi->nr_modules; i++) {
        keep[i] = module_ok(bi, i);
        problems += !keep[i];
    }
    for (i = 0; i < bi->nr_modules; i++)
        for (j = i + 1; j < bi->nr_modules; j++) {
            const struct boot_module *a = &bi->modules[i], *b = &bi->modules[j];

            if (!a->size || !b->size || a->size > UINT64_MAX - a->start ||
                b->size > UINT64_MAX - b->start ||
                a->start >= b->start + b->size ||
                b->start >= a->start + a->size)
                continue;
            printk(XENLOG_WARNING
                   "boot modules: module %u [%016llx, %016llx] "
                   "overlaps module %u [%016llx, %016llx]; dropping both\n",
                   i, (unsigned long long)a->start,
                   range_last(a->start, a->size), j,
                   (unsigned long long)b->start, range_last(b->start, b->size));
            keep[i] = keep[j] = false;
            problems++;
        }
    for (i = 0; i < bi->nr_modules; i++)
        if (keep[i])
            bi->modules[out++] = bi->modules[i];
    bi->nr_modules = out;
    return problems;
}

unsigned int bootinfo_drop_modules_over(struct boot_info *bi, uint64_t start,
                                       uint64_t end, const char *what)
{
    unsigned int i, out = 0, dropped = 0;

    for (i = 0; i < bi->nr_modules; i++) {
        const struct boot_module *m = &bi->modules[i];

        if (m->start < end && start < m->start + m->size) {
            printk(XENLOG_WARNING "boot modules: module %u [%016llx, "
                                  "%016llx] overlaps %s; dropped\n",
                   i, (unsigned long long)m->start,
                   range_last(m->start, m->size), what);
            dropped++;
            continue;
        }
        bi->modules[out++] = *m;
    }
    bi->nr_modules = out;
    return dropped;
}

unsigned int bootinfo_sanitise(struct boot_info *bi)
{
    unsigned int problems = 0;

    if (bi->nr_ranges > BOOTINFO_MAX_RANGES) {
        printk(XENLOG_ERR MAP_PREFIX "%u entries, more than %u; dropped the "
                                     "rest\n",
               bi->nr_ranges, BOOTINFO_MAX_RANGES);
        bi->nr_ranges = BOOTINFO_MAX_RANGES;
        problems++;
    }
    if (bi->nr_modules > BOOTINFO_MAX_MODULES) {
        printk(XENLOG_ERR "boot modules: %u modules, more than %u; dropped "
                          "the rest\n",
               bi->nr_modules, BOOTINFO_MAX_MODULES);
        bi->nr_modules = BOOTINFO_MAX_MODULES;
        problems++;
    }
    problems += fix_types_and_ends(bi);
    problems += drop_empty(bi, true);
    problems += sort_ranges(bi, true);
    problems += merge_same_type(bi, true);
    problems += resolve_overlaps(bi);

    /* Cutting leaves empty entries and appends pieces: tidy up quietly. */
    drop_empty(bi, false);
    sort_ranges(bi, false);
    merge_same_type(bi, false);

    problems += check_modules(bi);
    return problems;
}

uint64_t bootinfo_ram_bytes(const struct boot_info *bi)
{
    uint64_t total = 0;
    unsigned int i;

    for (i = 0; i < bi->nr_ranges && i < BOOTINFO_MAX_RANGES; i++) {
        const struct boot_mem_range *r = &bi->ranges[i];

        if (r->type != BOOT_MEM_RAM)
            continue;
        total = r->size > UINT64_MAX - total ? UINT64_MAX : total + r->size;
    }
    return total;
}

void bootinfo_print(const struct boot_info *bi)
{
    unsigned int i, nr_ram = 0;
    unsigned int nr_ranges =
        min(bi->nr_ranges, (unsigned int)BOOTINFO_MAX_RANGES);
    unsigned int nr_modules =
        min(bi->nr_modules, (unsigned int)BOOTINFO_MAX_MODULES);

    printk(XENLOG_INFO "Boot loader: %s\n",
           bi->loader[0] ? bi->loader : "unknown");
    printk(XENLOG_INFO "Command line: %s\n", bi->cmdline);
    printk(XENLOG_INFO "Physical RAM map:\n");
    for (i = 0; i < nr_ranges; i++) {
        const struct boot_mem_range *r = &bi->ranges[i];

        if (r->type == BOOT_MEM_RAM)
            nr_ram++;
        if (r->type >= BOOT_MEM_RAM && r->type <= BOOT_MEM_UNUSABLE)
            printk(XENLOG_INFO " [%016llx, %016llx] (%s)\n",
                   (unsigned long long)r->start, range_last(r->start, r->size),
                   bootinfo_type_name(r->type));
        else
            printk(XENLOG_INFO " [%016llx, %016llx] (type %u)\n",
                   (unsigned long long)r->start, range_last(r->start, r->size),
                   r->type);
    }
    printk(XENLOG_INFO "RAM: %llu MiB in %u range%s\n",
           (unsigned long long)(bootinfo_ram_bytes(bi) >> 20), nr_ram,
           nr_ram == 1 ? "" : "s");
    if (!nr_modules)
        printk(XENLOG_INFO "Modules: none\n");
    else
        printk(XENLOG_INFO "Modules:\n");
    for (i = 0; i < nr_modules; i++) {
        const struct boot_module *m = &bi->modules[i];

        printk(XENLOG_INFO " Module %u: [%016llx, %016llx] %s\n", i,
               (unsigned long long)m->start, range_last(m->start, m->size),
               m->cmdline);
    }
}

const char *bootinfo_args(const char *cmdline)
{
    const char *p = cmdline;
    bool path = false;

    while (cmdline_is_blank(*p))
        p++;
    for (; *p && !cmdline_is_blank(*p); p++) {
        if (*p == '=')
            return cmdline;
        path |= *p == '/';
    }
    if (!path)
        return cmdline;
    while (cmdline_is_blank(*p))
        p++;
    return p;
}
