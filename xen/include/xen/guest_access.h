/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading and writing a domain's memory by guest-physical address, through
 * its p2m and the direct map.  The hypervisor never dereferences a guest
 * address itself: an address that is not the domain's RAM (or a page the
 * hypervisor shares with it) is -EFAULT, whatever the guest passed.
 */
#ifndef XEN_GUEST_ACCESS_H
#define XEN_GUEST_ACCESS_H

#include <xen/types.h>

struct domain;

/* 0, or -EFAULT if any byte of [gaddr, gaddr + len) is not accessible. */
int copy_from_guest(struct domain *d, void *dst, uint64_t gaddr, size_t len);
int copy_to_guest(struct domain *d, uint64_t gaddr, const void *src,
                  size_t len);

#endif /* XEN_GUEST_ACCESS_H */
