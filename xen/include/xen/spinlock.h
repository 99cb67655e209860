/* SPDX-License-Identifier: GPL-2.0-only */
/* Spin locks: test-and-test-and-set, for short critical sections. */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

typedef struct {
    volatile int held;
} spinlock_t;

#define SPIN_LOCK_UNLOCKED {0}

static inline void spin_lock(spinlock_t *l)
{
    while (__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE))
        while (l->held)
            __builtin_ia32_pause();
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}

#endif /* XEN_SPINLOCK_H */
