# SPDX-License-Identifier: GPL-2.0-only
"""Hypervisor-wide state a live update carries besides the domains.

- The hypervisor's log (CONSOLE_LOG): after an update `xl dmesg` shows the
  old hypervisor's log, its boot and the guests' first lines included,
  before the new hypervisor's own, each line once, and every phase of the
  update with its time; after two updates, all three boots.
- A guest's console line begun before an update and ended after it
  (CONSOLE_LINE) is logged whole, once.
- The bad frames (BROKEN_PAGES): the record is written and read -- damaged
  on purpose (`lu_debug_corrupt=2`), the new hypervisor refuses the stream
  naming it -- and a frame named bad on the first boot is still counted
  broken after the update.
"""

import re

from test_dom0 import PROMPT, assert_powered_off, run_shell
from test_live_update import CREATE, ENTERING, broken_pages, guest_failures
from test_memmap import config

BANNER = "(XEN) Xen-LU version"
UPDATE = "xl live-update /boot/xen-next"


def dmesg(r, nth):
    """The lines the nth `xl dmesg` printed: the log, (XEN) lines and all
    (output_of() leaves hypervisor and guest lines out)."""
    # The echo is on the prompt's line, or alone after a guest's lines.
    starts = [i for i, line in enumerate(r.lines)
              if line in (PROMPT + "xl dmesg", "xl dmesg")]
    assert len(starts) > nth, r
    out = []
    for line in r.lines[starts[nth] + 1:]:
        if line.startswith(PROMPT) or line.startswith("xen-qemu: "):
            break
        out.append(line)
    return out


# xl dmesg prints with the guests paused and the new hypervisor's memory
# bring-up done: a guest's line, or the hypervisor's, would break the line
# being printed in two on the console.
QUIET_DMESG = ["@wait (XEN) Memory: done", "xl pause timecheck", "xl dmesg",
               "xl unpause timecheck"]


# memcheck for a few rounds only: its lines would otherwise fill the 64 KiB
# log ring (and push the first boot out of it) on a loaded machine, where
# the test takes longer.
FEW_ROUNDS = """name = "memcheck"
kernel = "/boot/memcheck.elf"
memory = 32
vcpus = 1
extra = "rounds=3"
on_crash = "destroy"
"""


def test_log_survives_updates(image, tmp_path):
    cfg = tmp_path / "few.cfg"
    cfg.write_text(FEW_ROUNDS)
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/few.cfg", "xl create /etc/xen/timecheck.cfg",
        "@wait timecheck: t=1",
        UPDATE, "@wait Live update done", *QUIET_DMESG,
        UPDATE, "@wait Live update done", *QUIET_DMESG],
        "--cmdline", "liveupdate=128M",
        "--module", f"{cfg} file /etc/xen/few.cfg")
    assert_powered_off(r)
    assert not guest_failures(r), r
    for nth, boots in ((0, 2), (1, 3)):
        log = dmesg(r, nth)
        banners = [i for i, line in enumerate(log) if line.startswith(BANNER)]
        assert len(banners) == boots, log
        # The first boot's guests are in it, before the update's report.
        created = log.index(next(line for line in log
                                 if line.startswith("(XEN) Domain 1 (memcheck)")))
        # Each old log goes up to its update (the lines after the stream
        # was written, such as "entering the new image", are not in it).
        loaded = [i for i, line in enumerate(log)
                  if "Live update: image of" in line]
        assert len(loaded) == boots - 1, log
        assert banners[0] < created < loaded[0] < banners[1], log
        # Carried once: the new boot's lines are not repeated.
        firsts = [line for line in log if "booted by a live update" in line]
        assert len(firsts) == boots - 1, log
        # Every phase of each update is in it: load and prepare in the old
        # hypervisor's part, the blackout's in the new one's.
        for phase in ("Live update: image of ", "region, at ",
                      "phase quiesce-and-serialise ", "phase handover ",
                      "phase early-boot ", "phase restore ", "phase resume ",
                      "domains resumed; blackout "):
            assert len([line for line in log if phase in line]) == \
                boots - 1, (phase, log)


# timecheck's progress lines, whole; split=3000 writes each in two pieces
# 3 s of its time apart.
PROGRESS_RE = re.compile(r"^\(d1\) timecheck: t=(\d+)\.\d{3}s max_gap=\d+us$")


def test_line_begun_before_an_update(image, tmp_path):
    """timecheck ends its t=1 line and at once begins the next, which it
    ends 3 s later: the update, started once the t=1 line is seen, comes
    in between, and the line is logged whole after it."""
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/split.cfg", "@wait timecheck: t=1",
        UPDATE, "@wait Live update done", "@wait timecheck: t=4"],
        "--cmdline", "liveupdate=128M",
        *config(tmp_path, "split", kernel="timecheck", memory=8,
                extra="split=3000"))
    assert_powered_off(r)
    assert not guest_failures(r), r
    lines = [line for line in r.lines if line.startswith("(d1) ") and
             ("timecheck: t=" in line or "max_gap=" in line)]
    assert all(PROGRESS_RE.match(line) for line in lines), lines
    seconds = [int(PROGRESS_RE.match(line)[1]) for line in lines]
    assert seconds[:2] == [1, 4], lines
    first, second = (r.lines.index(line) for line in lines[:2])
    update = next(i for i, line in enumerate(r.lines) if ENTERING in line)
    assert first < update < second, r


def test_broken_pages_record(image, tmp_path):
    """With the stream refused, the new hypervisor has no domain to run and
    powers off (test_live_update.py's test_corrupted_stream_is_refused)."""
    r = run_shell(image, tmp_path, CREATE + [UPDATE],
                  "--cmdline", "liveupdate=128M lu_debug_corrupt=2")
    assert r.status == 0, r
    assert r.final.startswith("xen-qemu: poweroff: clean power-off"), r
    assert r.lines_containing("lu_debug_corrupt: record 1 (BROKEN_PAGES) "
                              "damaged on purpose"), r
    assert r.lines_containing("Live update: the stream is refused: record 1 "
                              "(BROKEN_PAGES): checksum mismatch"), r


def test_bad_frame_still_broken_after_update(image, tmp_path):
    r = run_shell(image, tmp_path, CREATE + [
        "xl info", UPDATE, "@wait (XEN) Memory: done", "xl info"],
        "--cmdline", "liveupdate=128M badpage=0x3000")
    assert_powered_off(r)
    assert not guest_failures(r), r
    assert [broken_pages(r, 0), broken_pages(r, 1)] == [1, 1], r
