/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the bankvga device model's files share (vgadm.h is the outside's
 * view): the table of domains served and each one's state; vgadm.c
 * attaches and forgets them, vgadm_window.c lays out our windows of
 * mappings, vgadm_serve.c answers their I/O and follows their memory
 * maps, vgadm_render.c renders their framebuffers.
 */
#ifndef VGADM_INTERNAL_H
#define VGADM_INTERNAL_H

#include <guest.h>
#include <public/errno.h>
#include <xendevicemodel.h> /* tools/libs/devicemodel */

#include "bankvga.h"
#include "vga_mapcache.h"
#include "vgadm.h"

struct vgadm_target {
    bool in_use;
    domid_t domid;
    uint64_t ioreq_gfn; /* ours, where its ioreq page is */
    struct ioreq_page *ioreq;
    evtchn_port_t ioreq_port, map_port;
    struct bankvga dev; /* dev.bank_base: where VRAM is */
    struct xen_e820_entry map[XEN_MEMMAP_MAX_ENTRIES]; /* its memory map */
    unsigned int nr_map;
    uint64_t generation;
    struct vga_mapcache cache;
};

extern struct vgadm_target vgadm_targets[VGADM_MAX_TARGETS];

/* Printf into err[err_size]; returns rc (a negative errno). */
int vgadm_fail(char *err, size_t err_size, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The target served for domid, if its ports are still open; else NULL. */
struct vgadm_target *vgadm_lookup(domid_t domid);

/* Whether t's domain is still there (its ioreq port is open to it). */
bool vgadm_alive(const struct vgadm_target *t);

/* Stop watching t's ports and forget t (its domain has gone). */
void vgadm_forget(struct vgadm_target *t);

/* vgadm_window.c: slot i's window of our frames, emptied of mappings. */
int vgadm_window_prepare(struct vgadm_target *t, unsigned int i);

/* vgadm_serve.c: the evloop handlers of t's two ports. */
void vgadm_ioreq_event(void *arg, bool closed);
void vgadm_map_event(void *arg, bool closed);

/* Read t's memory map again; 0 or the dm_op's error. */
int vgadm_read_map(struct vgadm_target *t);

#endif /* VGADM_INTERNAL_H */
