/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memcheck: does a guest's memory stay its own?
 *
 * The guest fills every page of its RAM that it does not otherwise use --
 * below its image, and from the page-aligned end of its image (whose .bss
 * holds its stack) up to, not including, the start info page -- with a
 * pattern derived from its domain id, the guest frame number, the offset
 * in the page and a round number.  Then, round after round, it checks
 * every word and rewrites it with the next round's pattern, so each round
 * proves the previous one's writes all landed where they should and stayed
 * there.
 *
 * What it catches: a p2m or page-table bug that maps two guest frames (or
 * two domains) onto one machine frame, a page the hypervisor scrubbed,
 * freed or handed out while still in use (say, across a live update), a
 * stream restore that put a frame back in the wrong place.  The domain id
 * in the pattern makes another domain's data distinguishable from ours.
 *
 * Command line: rounds=N ends with SUCCESS after N verified rounds; without
 * it the guest runs forever, printing `memcheck: round N ok (P pages)`
 * after each round.  A mismatch prints the first bad word and ends with
 * FAILURE.
 */
#include "guest.h"

const char test_title[] = "memcheck";

/* A free range of guest frames [first, end). */
struct range {
    uint64_t first, end;
};

static struct range ranges[2];
static unsigned int nr_ranges;
static uint64_t page_count;

/* The 64-bit pattern for word index i (of 512) of gfn in round. */
static inline uint64_t pattern(uint64_t page_seed, uint64_t i)
{
    return page_seed ^ (i * 0x9e3779b97f4a7c15ull);
}

/* Per-page part of the pattern: mixes domain id, gfn and round. */
static uint64_t page_seed(uint64_t gfn, uint64_t round)
{
    uint64_t x = gfn ^ ((uint64_t)start_info->domid << 40) ^ (round << 52) ^
                 (round >> 12);

    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

static void add_range(uint64_t first, uint64_t end)
{
    if (first >= end)
        return;
    ranges[nr_ranges++] = (struct range){first, end};
    page_count += end - first;
}

static void fill_page(uint64_t gfn, uint64_t round)
{
    volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)(gfn << PAGE_SHIFT);
    uint64_t seed = page_seed(gfn, round), i;

    for (i = 0; i < PAGE_SIZE / 8; i++)
        p[i] = pattern(seed, i);
}

/*
 * Check gfn against round's pattern and rewrite it with round + 1's.
 * Rounds are counted from 0 here and from 1 in messages.
 */
static void check_page(uint64_t gfn, uint64_t round)
{
    volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)(gfn << PAGE_SHIFT);
    uint64_t seed = page_seed(gfn, round), next = page_seed(gfn, round + 1);
    uint64_t i;

    for (i = 0; i < PAGE_SIZE / 8; i++) {
        uint64_t want = pattern(seed, i), found = p[i];

        if (found != want) {
            printf("memcheck: FAIL at gfn %#lx offset %#lx: expected "
                   "%#018lx found %#018lx (round %lu)\n",
                   (unsigned long)gfn, (unsigned long)(i * 8),
                   (unsigned long)want, (unsigned long)found,
                   (unsigned long)(round + 1));
            test_failure("memory changed under the guest at gfn %#lx "
                         "offset %#lx in round %lu",
                         (unsigned long)gfn, (unsigned long)(i * 8),
                         (unsigned long)(round + 1));
        }
        p[i] = pattern(next, i);
    }
}

static void for_each_page(void (*fn)(uint64_t gfn, uint64_t round),
                          uint64_t round)
{
    unsigned int r;
    uint64_t gfn;

    for (r = 0; r < nr_ranges; r++)
        for (gfn = ranges[r].first; gfn < ranges[r].end; gfn++)
            fn(gfn, round);
}

void test_main(const struct start_info *si)
{
    uint64_t image_first = si->kernel_start >> PAGE_SHIFT;
    uint64_t image_end = (si->kernel_end + PAGE_SIZE - 1) >> PAGE_SHIFT;
    uint64_t start_info_gfn = si->nr_pages - 1;
    uint64_t rounds, round;
    bool ok;

    rounds = cmdline_get_u64("rounds", 0, &ok);
    if (!ok)
        test_error("bad rounds= on the command line");
    if (si->kernel_start > si->kernel_end || image_end > start_info_gfn ||
        (uintptr_t)__image_end > si->kernel_end + PAGE_SIZE ||
        (uintptr_t)__image_start < si->kernel_start)
        test_error("start info image [%#lx, %#lx) does not hold ours "
                   "[%p, %p) below the start info page",
                   (unsigned long)si->kernel_start,
                   (unsigned long)si->kernel_end, __image_start, __image_end);
    add_range(0, image_first);
    add_range(image_end, start_info_gfn);
    printf("memcheck: checking %lu pages: gfns [0, %#lx) and [%#lx, %#lx)\n",
           (unsigned long)page_count, (unsigned long)image_first,
           (unsigned long)image_end, (unsigned long)start_info_gfn);
    for_each_page(fill_page, 0);
    for (round = 0; !rounds || round < rounds; round++) {
        for_each_page(check_page, round);
        printf("memcheck: round %lu ok (%lu pages)\n",
               (unsigned long)(round + 1), (unsigned long)page_count);
    }
    test_success();
}
