/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m kept as the lower half of an x86-64 4-level page table
 * (xen/p2m.h): L4 slots 0..255 map guest frames, slots 256..511 belong to
 * the hypervisor (filled by arch code) and are never read or written here.
 *
 * Entry formats (Intel SDM vol. 3, "4-level paging"):
 *  - a table entry points to the next level: P|RW|US, software bits zero;
 *  - a leaf maps 4 KiB (L1), 2 MiB (L2, PS) or 1 GiB (L3, PS).  The p2m
 *    type sits in bits 52..55, which hardware ignores at every level (the
 *    protection-key bits 59..62 are left alone).  Present types are
 *    P|RW|US, executable; a not-present type (p2m_mmio_dm) has P clear but
 *    keeps its frame, its type and, at L2/L3, PS, so the walkers here still
 *    read it as a leaf of that size.  An all-zero entry is empty.
 *
 * Why the map never half-changes on -ENOMEM: one call touches a single
 * path from the root (order <= P2M_MAX_ORDER keeps every piece under one
 * L3 entry), so it needs at most three new tables.  p2m_set_entry() counts
 * exactly how many by a dry walk, takes them all from the allocator first,
 * and only then edits the tables, with operations that cannot fail.
 *
 * Tables left empty by a removal are freed.  Table frames are reached
 * through ops->map(), whose result must stay valid (a direct map).  The
 * MMU may set Accessed/Dirty bits in any entry; nothing here reads them.
 * No TLB is flushed here: the caller flushes after changing a p2m in use,
 * and while other CPUs may run the domain, table frames given to
 * ops->free() must not be reused before that flush.
 */
#include <asm/x86-defns.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/p2m.h>
#include <xen/string.h>

#define PT_ENTRIES     512
#define PT_ORDER       9    /* gfn bits per level */
#define P2M_L4_SLOTS   (PT_ENTRIES / 2)
#define PTE_ADDR_MASK  0x000ffffffffff000ULL
#define PTE_MFN_LIMIT  (1UL << 40) /* bits 12..51 hold the frame */
#define PTE_TYPE_SHIFT 52
#define PTE_TYPE_MASK  (0xfULL << PTE_TYPE_SHIFT)
#define PTE_TABLE      (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)
#define PTE_PRESENT    (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)
#define MAX_NEW_TABLES 3    /* an L3, an L2 and an L1 */

BUILD_BUG_ON(p2m_nr_types > 16);
BUILD_BUG_ON(P2M_MAX_GFN != (unsigned long)P2M_L4_SLOTS << (3 * PT_ORDER));
BUILD_BUG_ON(P2M_MAX_ORDER != 2 * PT_ORDER);

/* Tables taken from the allocator before an edit starts. */
struct table_pool {
    mfn_t mfn[MAX_NEW_TABLES];
    unsigned int nr;
};

/* The tables on one gfn's path, by level (index 4 is the root). */
struct pt_path {
    uint64_t *table[5];
    mfn_t mfn[5];
};

/* log2 of the frames one entry at level maps (L1 = 0, L4 = 27). */
static unsigned int level_order(unsigned int level)
{
    return (level - 1) * PT_ORDER;
}

static unsigned int pt_index(unsigned long gfn, unsigned int level)
{
    return (gfn >> level_order(level)) & (PT_ENTRIES - 1);
}

static bool type_present(enum p2m_type t)
{
    return t == p2m_ram_rw || t == p2m_special || t == p2m_foreign;
}

static enum p2m_type pte_type(uint64_t e)
{
    return (enum p2m_type)((e & PTE_TYPE_MASK) >> PTE_TYPE_SHIFT);
}

static mfn_t pte_mfn(uint64_t e)
{
    return maddr_to_mfn(e & PTE_ADDR_MASK);
}

/* A leaf at level; an entry that is neither empty nor a leaf is a table. */
static bool pte_is_leaf(uint64_t e, unsigned int level)
{
    return level == 1 ? e != 0 : (e & _PAGE_PSE) != 0;
}

static uint64_t pte_leaf(mfn_t mfn, enum p2m_type t, unsigned int level)
{
    uint64_t e = mfn_to_maddr(mfn) | ((uint64_t)t << PTE_TYPE_SHIFT);

    if (level > 1)
        e |= _PAGE_PSE;
    if (type_present(t))
        e |= PTE_PRESENT;
    return e;
}

static uint64_t *table_map(const struct p2m *p2m, mfn_t mfn)
{
    return p2m->ops.map(p2m->ops.ctx, mfn);
}

static void table_free(struct p2m *p2m, mfn_t mfn)
{
    p2m->ops.free(p2m->ops.ctx, mfn);
    p2m->table_frames--;
}

/* Count (add) or uncount leaf e at level in entries[]. */
static void account_leaf(struct p2m *p2m, uint64_t e, unsigned int level,
                         bool add)
{
    enum p2m_type t = pte_type(e);
    unsigned long frames = 1UL << level_order(level);

    BUG_ON(t == p2m_invalid || t >= p2m_nr_types);
    if (add)
        p2m->entries[t] += frames;
    else
        p2m->entries[t] -= frames;
}

/* Free the table mfn at level and everything under it, uncounting leaves. */
static void subtree_free(struct p2m *p2m, mfn_t mfn, unsigned int level)
{
    const uint64_t *table = table_map(p2m, mfn);
    unsigned int i;

    for (i = 0; i < PT_ENTRIES; i++) {
        uint64_t e = table[i];

        if (pte_is_leaf(e, level))
            account_leaf(p2m, e, level, false);
        else if (e)
            subtree_free(p2m, pte_mfn(e), level - 1);
    }
    table_free(p2m, mfn);
}

/* Empty entry *pe at level, freeing and uncounting what it held. */
static void entry_clear(struct p2m *p2m, uint64_t *pe, unsigned int level)
{
    uint64_t e = *pe;

    if (pte_is_leaf(e, level))
        account_leaf(p2m, e, level, false);
    else if (e)
        subtree_free(p2m, pte_mfn(e), level - 1);
    *pe = 0;
}

/*
 * New tables an edit of entries at leaf_level on gfn's path needs: one per
 * level below an empty entry or a superpage to split.  A removal needs none
 * below an empty entry (there is nothing to remove).
 */
static unsigned int tables_needed(const struct p2m *p2m, unsigned long gfn,
                                  unsigned int leaf_level, bool removing)
{
    const uint64_t *table = table_map(p2m, p2m->root);
    unsigned int level;

    for (level = 4; level > leaf_level; level--) {
        uint64_t e = table[pt_index(gfn, level)];

        if (!e)
            return removing ? 0 : level - leaf_level;
        if (pte_is_leaf(e, level))
            return level - leaf_level;
        table = table_map(p2m, pte_mfn(e));
    }
    return 0;
}

/* Fill pool with nr tables.  Returns 0, or -ENOMEM having taken none. */
static int pool_fill(struct p2m *p2m, struct table_pool *pool,
                     unsigned int nr)
{
    BUG_ON(nr > MAX_NEW_TABLES);
    for (pool->nr = 0; pool->nr < nr; pool->nr++) {
        mfn_t m = p2m->ops.alloc(p2m->ops.ctx);

        if (mfn_eq(m, INVALID_MFN)) {
            while (pool->nr)
                p2m->ops.free(p2m->ops.ctx, pool->mfn[--pool->nr]);
            return -ENOMEM;
        }
        pool->mfn[pool->nr] = m;
    }
    return 0;
}

/* A zeroed table from the pool, now counted as in use. */
static mfn_t pool_take(struct p2m *p2m, struct table_pool *pool)
{
    BUG_ON(!pool->nr); /* tables_needed() miscounted */
    p2m->table_frames++;
    return pool->mfn[--pool->nr];
}

/* Replace superpage *pe at level by a table of level-1 leaves like it. */
static void superpage_split(struct p2m *p2m, struct table_pool *pool,
                            uint64_t *pe, unsigned int level)
{
    mfn_t table_mfn = pool_take(p2m, pool);
    uint64_t *table = table_map(p2m, table_mfn);
    uint64_t e = *pe;
    enum p2m_type t = pte_type(e);
    mfn_t base = pte_mfn(e);
    unsigned long step = 1UL << level_order(level - 1);
    unsigned int i;

    for (i = 0; i < PT_ENTRIES; i++)
        table[i] = pte_leaf(mfn_add(base, i * step), t, level - 1);
    *pe = mfn_to_maddr(table_mfn) | PTE_TABLE;
}

/*
 * Walk gfn's path down to leaf_level, recording it in path and creating or
 * splitting tables from pool on the way.  Returns false if a removal found
 * an empty entry above leaf_level (nothing to do).
 */
static bool path_build(struct p2m *p2m, struct table_pool *pool,
                       unsigned long gfn, unsigned int leaf_level,
                       bool removing, struct pt_path *path)
{
    unsigned int level;

    path->mfn[4] = p2m->root;
    path->table[4] = table_map(p2m, p2m->root);
    for (level = 4; level > leaf_level; level--) {
        uint64_t *pe = &path->table[level][pt_index(gfn, level)];

        if (!*pe) {
            if (removing)
                return false;
            *pe = mfn_to_maddr(pool_take(p2m, pool)) | PTE_TABLE;
        } else if (pte_is_leaf(*pe, level)) {
            superpage_split(p2m, pool, pe, level);
        }
        path->mfn[level - 1] = pte_mfn(*pe);
        path->table[level - 1] = table_map(p2m, path->mfn[level - 1]);
    }
    return true;
}

static bool table_empty(const uint64_t *table)
{
    unsigned int i;

    for (i = 0; i < PT_ENTRIES; i++)
        if (table[i])
            return false;
    return true;
}

/* Free the tables on path below the root that a removal left empty. */
static void path_prune(struct p2m *p2m, const struct pt_path *path,
                       unsigned long gfn, unsigned int leaf_level)
{
    unsigned int level;

    for (level = leaf_level; level < 4; level++) {
        if (!table_empty(path->table[level]))
            return;
        path->table[level + 1][pt_index(gfn, level + 1)] = 0;
        table_free(p2m, path->mfn[level]);
    }
}

/* The checks p2m_set_entry() makes before touching anything. */
static int set_args_check(unsigned long gfn, mfn_t mfn, unsigned int order,
                          enum p2m_type t)
{
    unsigned long nr;

    if (order > P2M_MAX_ORDER || (unsigned int)t >= p2m_nr_types)
        return -EINVAL;
    nr = 1UL << order;
    if ((gfn & (nr - 1)) || gfn >= P2M_MAX_GFN || nr > P2M_MAX_GFN - gfn)
        return -EINVAL;
    if (t != p2m_invalid &&
        ((mfn_x(mfn) & (nr - 1)) || mfn_x(mfn) >= PTE_MFN_LIMIT ||
         nr > PTE_MFN_LIMIT - mfn_x(mfn)))
        return -EINVAL;
    return 0;
}

int p2m_init(struct p2m *p2m, const struct p2m_pt_ops *ops)
{
    memset(p2m, 0, sizeof(*p2m));
    p2m->ops = *ops;
    p2m->root = p2m->ops.alloc(p2m->ops.ctx);
    if (mfn_eq(p2m->root, INVALID_MFN))
        return -ENOMEM;
    p2m->table_frames = 1;
    return 0;
}

int p2m_set_entry(struct p2m *p2m, gfn_t gfn, mfn_t mfn, unsigned int order,
                  enum p2m_type t)
{
    unsigned long g = gfn_x(gfn), i, nr_pieces;
    unsigned int leaf_level = order / PT_ORDER + 1;
    unsigned int piece_order = level_order(leaf_level);
    bool removing = t == p2m_invalid;
    struct table_pool pool;
    struct pt_path path;
    int rc = set_args_check(g, mfn, order, t);

    if (rc)
        return rc;
    rc = pool_fill(p2m, &pool,
                   tables_needed(p2m, g, leaf_level, removing));
    if (rc)
        return rc;
    if (!path_build(p2m, &pool, g, leaf_level, removing, &path))
        return 0;
    BUG_ON(pool.nr);

    /* Every piece lies in the one table at leaf_level on the path. */
    nr_pieces = 1UL << (order - piece_order);
    for (i = 0; i < nr_pieces; i++) {
        unsigned long pg = g + (i << piece_order);
        uint64_t *pe = &path.table[leaf_level][pt_index(pg, leaf_level)];

        entry_clear(p2m, pe, leaf_level);
        if (removing)
            continue;
        *pe = pte_leaf(mfn_add(mfn, i << piece_order), t, leaf_level);
        account_leaf(p2m, *pe, leaf_level, true);
    }
    if (removing)
        path_prune(p2m, &path, g, leaf_level);
    return 0;
}

mfn_t p2m_get_entry(const struct p2m *p2m, gfn_t gfn, enum p2m_type *t,
                    unsigned int *order)
{
    unsigned long g = gfn_x(gfn);
    const uint64_t *table;
    unsigned int level;
    mfn_t mfn = INVALID_MFN;
    enum p2m_type type = p2m_invalid;
    unsigned int run = 0;

    if (g < P2M_MAX_GFN) {
        table = table_map(p2m, p2m->root);
        for (level = 4;; level--) {
            uint64_t e = table[pt_index(g, level)];

            run = level_order(level);
            if (!e)
                break;
            if (pte_is_leaf(e, level)) {
                type = pte_type(e);
                mfn = mfn_add(pte_mfn(e), g & ((1UL << run) - 1));
                break;
            }
            table = table_map(p2m, pte_mfn(e));
        }
    }
    if (t)
        *t = type;
    if (order)
        *order = run;
    return mfn;
}

/* The run p2m_for_each_extent() has gathered but not yet reported. */
struct extent_walk {
    p2m_extent_fn fn;
    void *ctx;
    unsigned long gfn, mfn, nr;
    enum p2m_type t;
};

/* Add a leaf to the pending run, reporting the run first if it can't. */
static int extent_add(struct extent_walk *w, unsigned long gfn, mfn_t mfn,
                      unsigned long nr, enum p2m_type t)
{
    int rc = 0;

    if (w->nr && w->t == t && w->gfn + w->nr == gfn &&
        w->mfn + w->nr == mfn_x(mfn)) {
        w->nr += nr;
        return 0;
    }
    if (w->nr)
        rc = w->fn(w->ctx, _gfn(w->gfn), _mfn(w->mfn), w->nr, w->t);
    w->gfn = gfn;
    w->mfn = mfn_x(mfn);
    w->nr = nr;
    w->t = t;
    return rc;
}

/* Visit the table mfn at level, which maps gfns from base on. */
static int extent_table(const struct p2m *p2m, struct extent_walk *w,
                        mfn_t mfn, unsigned int level, unsigned long base)
{
    const uint64_t *table = table_map(p2m, mfn);
    unsigned int i, slots = level == 4 ? P2M_L4_SLOTS : PT_ENTRIES;
    unsigned int shift = level_order(level);
    int rc = 0;

    for (i = 0; i < slots && !rc; i++) {
        uint64_t e = table[i];
        unsigned long gfn = base + ((unsigned long)i << shift);

        if (!e)
            continue; /* most slots: keep the step over them short */
        if (pte_is_leaf(e, level))
            rc = extent_add(w, gfn, pte_mfn(e), 1UL << shift, pte_type(e));
        else if (e)
            rc = extent_table(p2m, w, pte_mfn(e), level - 1, gfn);
    }
    return rc;
}

/*
 * Runs merge leaves of any size whose gfns and mfns both continue the run
 * with the same type; that holds for p2m_mmio_dm too, whose frames are kept.
 */
int p2m_for_each_extent(const struct p2m *p2m, p2m_extent_fn fn, void *ctx)
{
    struct extent_walk w = {.fn = fn, .ctx = ctx};
    int rc = extent_table(p2m, &w, p2m->root, 4, 0);

    if (!rc && w.nr)
        rc = fn(ctx, _gfn(w.gfn), _mfn(w.mfn), w.nr, w.t);
    return rc;
}

void p2m_teardown(struct p2m *p2m)
{
    uint64_t *root;
    unsigned int i;

    if (mfn_eq(p2m->root, INVALID_MFN))
        return;
    root = table_map(p2m, p2m->root);
    for (i = 0; i < P2M_L4_SLOTS; i++)
        entry_clear(p2m, &root[i], 4);
    table_free(p2m, p2m->root);
    p2m->root = INVALID_MFN;
    BUG_ON(p2m->table_frames);
}
