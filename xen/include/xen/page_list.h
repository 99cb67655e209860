/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Lists of frames, linked through their frame-table entries (the next and
 * prev fields of struct page_info hold frame numbers).  A frame is on at
 * most one list at a time: a heap free list, the broken-page list, or a
 * domain's page list.  Portable core: the frame table is passed in.
 */
#ifndef XEN_PAGE_LIST_H
#define XEN_PAGE_LIST_H

#include <xen/mm-types.h>

struct page_list_head {
    uint32_t head, tail; /* PAGE_LIST_NULL when empty */
    unsigned long count;
};

#define PAGE_LIST_HEAD_INIT {PAGE_LIST_NULL, PAGE_LIST_NULL, 0}

static inline void page_list_init(struct page_list_head *l)
{
    *l = (struct page_list_head)PAGE_LIST_HEAD_INIT;
}

static inline bool page_list_empty(const struct page_list_head *l)
{
    return l->head == PAGE_LIST_NULL;
}

static inline void page_list_add_tail(struct page_info *frames,
                                      struct page_list_head *l, mfn_t m)
{
    struct page_info *pg = &frames[mfn_x(m)];

    pg->next = PAGE_LIST_NULL;
    pg->prev = l->tail;
    if (l->tail == PAGE_LIST_NULL)
        l->head = mfn_x(m);
    else
        frames[l->tail].next = mfn_x(m);
    l->tail = mfn_x(m);
    l->count++;
}

static inline void page_list_del(struct page_info *frames,
                                 struct page_list_head *l, mfn_t m)
{
    struct page_info *pg = &frames[mfn_x(m)];

    if (pg->prev == PAGE_LIST_NULL)
        l->head = pg->next;
    else
        frames[pg->prev].next = pg->next;
    if (pg->next == PAGE_LIST_NULL)
        l->tail = pg->prev;
    else
        frames[pg->next].prev = pg->prev;
    pg->next = pg->prev = PAGE_LIST_NULL;
    l->count--;
}

/* Remove and return the first frame, or INVALID_MFN if the list is empty. */
static inline mfn_t page_list_pop(struct page_info *frames,
                                  struct page_list_head *l)
{
    mfn_t m;

    if (page_list_empty(l))
        return INVALID_MFN;
    m = _mfn(l->head);
    page_list_del(frames, l, m);
    return m;
}

#define page_list_for_each(m, frames, l)                                      \
    for ((m) = (l)->head; (m) != PAGE_LIST_NULL; (m) = (frames)[(m)].next)

#endif /* XEN_PAGE_LIST_H */
