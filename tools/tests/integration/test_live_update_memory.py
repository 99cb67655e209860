# SPDX-License-Identifier: GPL-2.0-only
"""Memory after a live update: the part of memory bring-up that scales with
memory runs once the domains do (xen/common/mm_deferred.c).

- It finishes on its own, and then all of RAM is accounted for: free
  memory is at least what it was before the update (the old hypervisor's
  image and frame table are free RAM now).
- With it stretched out (`lu_mem_slice=64`), a guest destroyed right after
  the update gives its memory back (its carried blocks are marked first),
  and a new guest gets its memory from a heap that grows on demand, while
  timecheck sees time go on.
- On a 6 GiB host, with a guest's memory above 4 GiB (a 2600 MiB guest
  takes most of what lies below, then memcheck gets 1 GiB): memcheck keeps
  checking all of it across the update, its blocks exactly where they were.
"""

import re

from test_dom0 import FREE_RE, assert_powered_off, output_of, run_shell
from test_live_update import (CREATE, ENTERING, guest_failures, lines_after,
                              list_rows, page_blocks)

DONE = "(XEN) Memory: done"


def free_memory(r, nth):
    found = [int(m[1]) for m in map(FREE_RE.match,
                                    output_of(r, "xl info", nth)) if m]
    assert len(found) == 1, r
    return found[0]


def test_memory_comes_back_after_update(image, tmp_path):
    r = run_shell(image, tmp_path, CREATE + [
        "xl info", "xl live-update /boot/xen-next", f"@wait {DONE}",
        "xl info", "xl list"], "--cmdline", "liveupdate=128M")
    assert_powered_off(r)
    assert not guest_failures(r), r
    finished = lines_after(r, ENTERING, "(XEN) Memory: bring-up finished:")
    assert len(finished) == 1, r
    assert re.search(r"marked, \d+ pages to the heap; \d+ slices", finished[0])
    assert free_memory(r, 1) >= free_memory(r, 0), r
    assert set(list_rows(output_of(r, "xl list"))) == \
        {"Domain-0", "memcheck", "timecheck"}, r


def test_guests_come_and_go_while_memory_comes_up(image, tmp_path):
    r = run_shell(image, tmp_path, CREATE + [
        "xl live-update /boot/xen-next", "xl destroy memcheck",
        "xl create /etc/xen/memcheck.cfg", "@wait (d1) memcheck: round 1 ok",
        "xl list", "@wait (d2) timecheck: t=4"],
        "--cmdline", "liveupdate=128M lu_mem_slice=64")
    assert_powered_off(r)
    assert not guest_failures(r), r
    # The bring-up was still under way when memcheck was destroyed; the
    # new memcheck (which gets the freed id 1 again) checked its memory.
    freeing = "(XEN) Memory: a domain frees memory: the rest of the carried " \
              "blocks marked now"
    assert lines_after(r, ENTERING, freeing), r
    assert lines_after(r, freeing, "(d1) memcheck: round 1 ok"), r
    assert set(list_rows(output_of(r, "xl list"))) == \
        {"Domain-0", "memcheck", "timecheck"}, r


FILLER = """name = "filler"
kernel = "/boot/timecheck.elf"
memory = 2600
vcpus = 1
extra = ""
on_crash = "destroy"
"""
BIG_MEMCHECK = """name = "memcheck"
kernel = "/boot/memcheck.elf"
memory = 1024
vcpus = 1
extra = ""
on_crash = "destroy"
"""


def test_guest_memory_above_4g(image, tmp_path):
    filler, big = tmp_path / "filler.cfg", tmp_path / "big.cfg"
    filler.write_text(FILLER)
    big.write_text(BIG_MEMCHECK)
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/filler.cfg", "xl create /etc/xen/big.cfg",
        "xl page-blocks memcheck", "@wait (d2) memcheck: round 1 ok",
        "xl live-update /boot/xen-next", "@wait (d2) memcheck: round",
        "@wait (d2) memcheck: round", "xl page-blocks memcheck", "xl list"],
        "--mem", "6G", "--cmdline", "liveupdate=128M",
        "--module", f"{filler} file /etc/xen/filler.cfg",
        "--module", f"{big} file /etc/xen/big.cfg")
    assert_powered_off(r)
    assert not guest_failures(r), r
    before = page_blocks(output_of(r, "xl page-blocks memcheck"))
    assert any(first >= 0x100000 for first, _, _ in before), before
    assert page_blocks(output_of(r, "xl page-blocks memcheck", 1)) == before
    assert lines_after(r, ENTERING, "(d2) memcheck: round"), r
    assert set(list_rows(output_of(r, "xl list"))) == \
        {"Domain-0", "filler", "memcheck"}, r
