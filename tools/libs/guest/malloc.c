/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small heap for guests that need one (the control domain's shell, xl,
 * the RAM filesystem): first fit over a free list kept in address order,
 * so that a freed block merges with free neighbours at once and the heap
 * does not fragment into slivers over a long-running shell.  Every block,
 * free or used, starts with a 16-byte header; a used block's header
 * carries a tag so that a bad or double free is caught and reported
 * rather than corrupting the list.  The guest is single-threaded, hence
 * no lock.
 */
#include "guest.h"

#define HEAP_ALIGN 16
#define HEAP_TAG_USED 0x75736564626c6f63ull /* "usedbloc" */

struct heap_block {
    size_t size; /* bytes, header included; a multiple of HEAP_ALIGN */
    union {
        struct heap_block *next; /* free: the next free block, by address */
        uint64_t tag;            /* used: HEAP_TAG_USED */
    };
};
_Static_assert(sizeof(struct heap_block) == HEAP_ALIGN, "heap header");

#define HEAP_MIN_BLOCK (2 * sizeof(struct heap_block))

static struct heap_block *heap_free_list;
static uintptr_t heap_start, heap_end;

void heap_init(uintptr_t start, uintptr_t end)
{
    struct heap_block *b;

    start = (start + HEAP_ALIGN - 1) & ~(uintptr_t)(HEAP_ALIGN - 1);
    end &= ~(uintptr_t)(HEAP_ALIGN - 1);
    heap_free_list = NULL;
    heap_start = heap_end = start;
    if (end <= start || end - start < HEAP_MIN_BLOCK)
        return;
    heap_end = end;
    b = (struct heap_block *)start;
    b->size = end - start;
    b->next = NULL;
    heap_free_list = b;
}

/* The block size for a request of size bytes, or 0 if it is too big. */
static size_t heap_block_size(size_t size)
{
    if (size > heap_end - heap_start)
        return 0;
    size = (size + sizeof(struct heap_block) + HEAP_ALIGN - 1) &
           ~(size_t)(HEAP_ALIGN - 1);
    return size < HEAP_MIN_BLOCK ? HEAP_MIN_BLOCK : size;
}

/* Cut b (linked from *link) down to size, the rest staying free. */
static void heap_take(struct heap_block **link, struct heap_block *b,
                      size_t size)
{
    if (b->size - size >= HEAP_MIN_BLOCK) {
        struct heap_block *rest = (struct heap_block *)((char *)b + size);

        rest->size = b->size - size;
        rest->next = b->next;
        *link = rest;
        b->size = size;
    } else {
        *link = b->next;
    }
    b->tag = HEAP_TAG_USED;
}

void *malloc(size_t size)
{
    size_t need = heap_block_size(size);
    struct heap_block **link, *b;

    if (!need)
        return NULL;
    for (link = &heap_free_list; (b = *link); link = &b->next)
        if (b->size >= need) {
            heap_take(link, b, need);
            return b + 1;
        }
    return NULL;
}

void *calloc(size_t count, size_t size)
{
    void *p;

    if (size && count > (size_t)-1 / size)
        return NULL;
    if ((p = malloc(count * size)))
        memset(p, 0, count * size);
    return p;
}

/* The header of ptr if the heap handed it out and it is in use, or NULL. */
static struct heap_block *heap_used_block(void *ptr, const char *who)
{
    struct heap_block *b = (struct heap_block *)ptr - 1;
    uintptr_t p = (uintptr_t)ptr;

    if (p < heap_start + sizeof(*b) || p >= heap_end ||
        (p & (HEAP_ALIGN - 1)) || b->tag != HEAP_TAG_USED ||
        b->size > heap_end - (uintptr_t)b) {
        printf("%s(%p): not a block in use; ignored\n", who, ptr);
        return NULL;
    }
    return b;
}

/* Merge b with the free block right after it, if that is next. */
static void heap_merge_next(struct heap_block *b)
{
    if (b->next && (char *)b + b->size == (char *)b->next) {
        b->size += b->next->size;
        b->next = b->next->next;
    }
}

void free(void *ptr)
{
    struct heap_block *b, *prev = NULL, *next;

    if (!ptr || !(b = heap_used_block(ptr, "free")))
        return;
    for (next = heap_free_list; next && next < b; next = next->next)
        prev = next;
    b->next = next;
    heap_merge_next(b);
    if (prev) {
        prev->next = b;
        heap_merge_next(prev);
    } else {
        heap_free_list = b;
    }
}

/* Grow used block b in place to need bytes from the free block after it. */
static bool heap_grow_in_place(struct heap_block *b, size_t need)
{
    struct heap_block **link, *f, *after = (struct heap_block *)
                                               ((char *)b + b->size);

    for (link = &heap_free_list; (f = *link) && f < after; link = &f->next)
        ;
    if (f != after || b->size + f->size < need)
        return false;
    *link = f->next;
    b->size += f->size;
    if (b->size - need >= HEAP_MIN_BLOCK) {
        struct heap_block *rest = (struct heap_block *)((char *)b + need);

        rest->size = b->size - need;
        rest->next = *link;
        *link = rest;
        b->size = need;
    }
    return true;
}

void *realloc(void *ptr, size_t size)
{
    struct heap_block *b;
    size_t need = heap_block_size(size);
    void *p;

    if (!ptr)
        return malloc(size);
    if (!(b = heap_used_block(ptr, "realloc")) || !need)
        return NULL;
    if (b->size >= need || heap_grow_in_place(b, need))
        return ptr; /* a shrink keeps the block: simple, and rare */
    if (!(p = malloc(size)))
        return NULL;
    memcpy(p, ptr, b->size - sizeof(*b));
    free(ptr);
    return p;
}

char *strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);

    return p ? memcpy(p, s, n) : NULL;
}

void heap_get_stats(struct heap_stats *st)
{
    const struct heap_block *b;

    *st = (struct heap_stats){.total_bytes = heap_end - heap_start};
    for (b = heap_free_list; b; b = b->next) {
        st->free_bytes += b->size;
        st->free_blocks++;
    }
    st->used_bytes = st->total_bytes - st->free_bytes;
    /* Used blocks tile the gaps between free ones: walk the whole heap. */
    for (uintptr_t p = heap_start; p < heap_end;) {
        const struct heap_block *h = (const struct heap_block *)p;

        if (h->size < HEAP_MIN_BLOCK || h->size > heap_end - p)
            break; /* corrupt; stop counting */
        st->used_blocks += h->tag == HEAP_TAG_USED;
        p += h->size;
    }
}
