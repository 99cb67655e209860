/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control domain's event loop: work that runs in the background of
 * the shell, such as a device model serving a guest's I/O requests.  dom0
 * is one ring-3 program on one vCPU, so "background" means "whenever dom0
 * waits": every wait in dom0 -- the line editor waiting for a key, `sleep`,
 * xl following a console -- goes through evloop_wait(), which also wakes
 * for the ports watched here and runs their handlers.  So a guest's
 * request is served while the shell sits at its prompt or runs a command
 * that waits, and a command that computes without waiting only delays it.
 *
 * Handlers run one at a time, never inside another handler, and must not
 * wait themselves.  What they have to say goes through notice.h, so that
 * it never cuts through a line being typed.
 */
#ifndef EVLOOP_H
#define EVLOOP_H

#include <stdbool.h>
#include <stdint.h>

#include <public/event_channel.h>

/* SCHEDOP_poll takes 8 ports; one is the waiter's own. */
#define EVLOOP_MAX_WATCHES 7

/*
 * Called with closed false when port is pending (its bit already cleared),
 * and once with closed true when the port turned out to be closed (its
 * other end went away); the watch is dropped before that call.
 */
typedef void (*evloop_handler_fn)(void *arg, bool closed);

/* Watch port: 0, -EEXIST if it is watched already, -ENOSPC if full. */
int evloop_watch(evtchn_port_t port, evloop_handler_fn fn, void *arg);

/* Stop watching port (nothing if it is not watched). */
void evloop_unwatch(evtchn_port_t port);

/* Run the handler of every watched port that is pending; how many ran. */
unsigned int evloop_dispatch(void);

/*
 * Block until port (if >= 0) or a watched port is pending, or system time
 * reaches deadline_ns (0: no deadline), then run the watched ports'
 * handlers.  May return early; callers check their condition and wait
 * again.  Returns 0, or the poll's -errno if port itself is bad.
 */
long evloop_wait(long port, uint64_t deadline_ns);

/* Wait until system time deadline_ns, serving watched ports meanwhile. */
void evloop_sleep_until(uint64_t deadline_ns);

#endif /* EVLOOP_H */
