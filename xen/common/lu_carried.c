/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The frames a live update carried, as one sorted list of blocks
 * (xen/lu_carried.h).  Sorting is a heapsort: in place, no allocation, and
 * O(n log n) however the stream ordered the blocks.
 */
#include <xen/bootmem.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/lu_carried.h>

void lu_carried_init(struct lu_carried *c, struct lu_carried_block *store,
                     unsigned long max)
{
    c->blocks = store;
    c->nr = 0;
    c->max = max;
    c->frames = 0;
    c->sealed = false;
}

int lu_carried_add(struct lu_carried *c, uint64_t mfn, unsigned int order,
                   domid_t owner)
{
    if (c->sealed)
        return -EBUSY;
    if (order > 63 || (mfn & ((1ULL << order) - 1)))
        return -EINVAL;
    if (c->nr == c->max)
        return -ENOSPC;
    c->blocks[c->nr++] = (struct lu_carried_block){
        .mfn = mfn, .owner = owner, .order = (uint8_t)order};
    c->frames += 1ULL << order;
    return 0;
}

/* One past the block's last frame (saturating: a block may end at 2^64). */
static uint64_t block_end(const struct lu_carried_block *b)
{
    uint64_t n = 1ULL << b->order;

    return b->mfn > UINT64_MAX - n ? UINT64_MAX : b->mfn + n;
}

static void swap_blocks(struct lu_carried_block *a, struct lu_carried_block *b)
{
    struct lu_carried_block t = *a;

    *a = *b;
    *b = t;
}

/* Move blocks[i] down the max-heap of the first n blocks to its place. */
static void sift_down(struct lu_carried_block *blocks, unsigned long i,
                      unsigned long n)
{
    for (;;) {
        unsigned long big = i, l = 2 * i + 1, r = l + 1;

        if (l < n && blocks[l].mfn > blocks[big].mfn)
            big = l;
        if (r < n && blocks[r].mfn > blocks[big].mfn)
            big = r;
        if (big == i)
            return;
        swap_blocks(&blocks[i], &blocks[big]);
        i = big;
    }
}

int lu_carried_seal(struct lu_carried *c, uint64_t *clash)
{
    unsigned long i;

    for (i = c->nr / 2; i-- > 0;)
        sift_down(c->blocks, i, c->nr);
    for (i = c->nr; i > 1; i--) {
        swap_blocks(&c->blocks[0], &c->blocks[i - 1]);
        sift_down(c->blocks, 0, i - 1);
    }
    c->sealed = true;
    for (i = 1; i < c->nr; i++)
        if (c->blocks[i].mfn < block_end(&c->blocks[i - 1])) {
            *clash = c->blocks[i].mfn;
            return -EEXIST;
        }
    return 0;
}

/* Index of the last block starting at or before mfn, or c->nr if none. */
static unsigned long last_at_or_before(const struct lu_carried *c,
                                       uint64_t mfn)
{
    unsigned long lo = 0, hi = c->nr; /* the answer is in [lo - 1, hi) */

    while (lo < hi) {
        unsigned long mid = lo + (hi - lo) / 2;

        if (c->blocks[mid].mfn <= mfn)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : c->nr;
}

const struct lu_carried_block *lu_carried_find(const struct lu_carried *c,
                                               uint64_t mfn)
{
    unsigned long i;

    ASSERT(c->sealed);
    i = last_at_or_before(c, mfn);
    if (i == c->nr || mfn >= block_end(&c->blocks[i]))
        return NULL;
    return &c->blocks[i];
}

bool lu_carried_range_owned(const struct lu_carried *c, uint64_t mfn,
                            uint64_t nr, domid_t owner)
{
    const struct lu_carried_block *b;
    uint64_t end;

    ASSERT(c->sealed);
    if (!nr || mfn > UINT64_MAX - nr)
        return false;
    for (end = mfn + nr; mfn < end; mfn = block_end(b))
        if (!(b = lu_carried_find(c, mfn)) || b->owner != owner)
            return false;
    return true;
}

/* Index of the first block that ends after mfn, or c->nr if none. */
static unsigned long first_ending_after(const struct lu_carried *c,
                                        uint64_t mfn)
{
    unsigned long i = last_at_or_before(c, mfn);

    if (i == c->nr)
        return 0; /* every block starts after mfn */
    return mfn < block_end(&c->blocks[i]) ? i : i + 1;
}

void lu_carried_walk_init(struct lu_carried_walk *w)
{
    w->pos = w->end = 0;
    w->next = w->passes = 0;
}

/*
 * Each pass of the loop takes a range (one binary search), steps over one
 * block (next goes up by one: blocks are sorted and disjoint, so their
 * ends are sorted too) or returns a run.
 */
uint64_t lu_carried_next_free(const struct lu_carried *c,
                              struct lu_carried_walk *w, struct bootmem *bm,
                              uint64_t max, uint64_t *start)
{
    ASSERT(c->sealed && max);
    for (;;) {
        const struct lu_carried_block *b =
            w->next < c->nr ? &c->blocks[w->next] : NULL;
        uint64_t n;

        w->passes++;
        if (w->pos == w->end) {
            mfn_t s;
            unsigned long count;

            if (!bootmem_take(bm, &s, &count))
                return 0;
            w->pos = mfn_x(s);
            w->end = w->pos + count;
            w->next = first_ending_after(c, w->pos);
            continue;
        }
        if (b && b->mfn <= w->pos) {
            /*
             * pos is inside b (b ends after it): the range goes on at its
             * end, or is done if b runs past it.
             */
            w->pos = min(block_end(b), w->end);
            w->next++;
            continue;
        }
        n = min(w->end - w->pos, max);
        if (b && b->mfn - w->pos < n)
            n = b->mfn - w->pos;
        *start = w->pos;
        w->pos += n;
        return n;
    }
}

bool lu_carried_walk_done(const struct lu_carried_walk *w,
                          const struct bootmem *bm)
{
    return w->pos == w->end && !bootmem_free_pages(bm);
}
