/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * timecheck: does a guest's view of time stay sane?
 *
 * The guest reads its system time (the shared info page's vcpu_time_info
 * extrapolated with rdtsc, lib/time.c) in a loop and tracks the largest
 * gap between two consecutive readings.  Time that goes backwards is a
 * FAILURE at once, naming both readings.  The gap is what the guest
 * experienced as being descheduled: with other domains running it is
 * about a time slice; across a live update it is the blackout.
 *
 * What it catches: a time record published inconsistently (torn reads, a
 * bad version seqlock), a TSC scale or timestamp that does not match the
 * TSC, system time reset or rebased across a live update, a vCPU that is
 * never scheduled again.
 *
 * Every second of its own time it prints
 * `timecheck: t=<s>.<ms>s max_gap=<us>us`.  Command line: seconds=N ends
 * with SUCCESS after N seconds of its time (reporting the largest gap);
 * without it the guest runs forever.  yield=1 (the default) yields the CPU
 * every iteration, kinder to other domains; yield=0 spins.  split=MS writes
 * each progress line in two pieces, ` max_gap=...` MS ms of its time after
 * `timecheck: t=...`, so that a live update or a save can come while a
 * line is begun and not ended: the hypervisor must still log it whole.
 */
#include "guest.h"

const char test_title[] = "timecheck";

#define NS_PER_SEC 1000000000ull
#define NS_PER_MS  1000000ull

static void print_elapsed(uint64_t elapsed)
{
    printf("timecheck: t=%lu.%03lus", (unsigned long)(elapsed / NS_PER_SEC),
           (unsigned long)(elapsed % NS_PER_SEC / NS_PER_MS));
}

static void print_max_gap(uint64_t max_gap)
{
    printf(" max_gap=%luus\n", (unsigned long)(max_gap / 1000));
}

void test_main(const struct start_info *si)
{
    uint64_t seconds, split, start, prev, now, max_gap = 0, next_report;
    uint64_t line_ends = 0; /* a line's second piece is due then; 0: none */
    bool ok_seconds, ok_yield, ok_split, yield;

    seconds = cmdline_get_u64("seconds", 0, &ok_seconds);
    yield = cmdline_get_u64("yield", 1, &ok_yield) != 0;
    split = cmdline_get_u64("split", 0, &ok_split) * NS_PER_MS;
    if (!ok_seconds || !ok_yield || !ok_split)
        test_error("bad seconds=, yield= or split= on the command line");
    start = prev = time_now_ns();
    if (!start)
        test_failure("system time is 0: the time record was never "
                     "published");
    next_report = start + NS_PER_SEC;
    for (;;) {
        if (yield)
            hypervisor_yield();
        now = time_now_ns();
        if (now < prev)
            test_failure("time went backwards: %lu ns after %lu ns",
                         (unsigned long)now, (unsigned long)prev);
        if (now - prev > max_gap)
            max_gap = now - prev;
        prev = now;
        if (line_ends && now >= line_ends) {
            print_max_gap(max_gap);
            line_ends = 0;
        }
        if (!line_ends && now >= next_report) {
            print_elapsed(now - start);
            if (split)
                line_ends = now + split;
            else
                print_max_gap(max_gap);
            next_report += NS_PER_SEC;
            if (next_report <= now) /* a gap longer than a second */
                next_report = now + NS_PER_SEC;
        }
        if (seconds && now - start >= seconds * NS_PER_SEC && !line_ends)
            break;
    }
    printf("timecheck: %lu s done, max_gap=%luus\n", (unsigned long)seconds,
           (unsigned long)(max_gap / 1000));
    test_success();
}
