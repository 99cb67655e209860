# SPDX-License-Identifier: GPL-2.0-only
"""`xl live-update`: the hypervisor replaced under running domains.

dom0 boots with `liveupdate=128M` and the hypervisor image in its RAM
filesystem as /boot/xen-next (tools/dom0's ramfs.list), creates memcheck
(which rewrites and checks all of its memory, round after round) and
timecheck (which fails at once if time goes backwards), then live-updates
into /boot/xen-next.  Afterwards `xl list` must show the same domains with
the same ids, both guests must keep reporting without a FAILURE, and dom0's
shell must still work.  Also: --dry-run, and the refusals (no reserved
region, a file that is not an image, no such file), after which the
guests carry on.
"""

import re

from test_dom0 import assert_powered_off, list_rows, output_of, run_shell

REGION = ("--cmdline", "liveupdate=128M")
CREATE = ["xl create /etc/xen/memcheck.cfg", "xl create /etc/xen/timecheck.cfg",
          "@wait timecheck: t=1"]


def guest_failures(r):
    return [line for line in r.lines
            if re.match(r"^\(d\d+\) ", line) and
            ("FAILURE" in line or "ERROR" in line)]


def lines_after(r, marker, text):
    start = next(i for i, line in enumerate(r.lines) if marker in line)
    return [line for line in r.lines[start:] if text in line]


def test_live_update_keeps_domains_running(image, tmp_path):
    r = run_shell(image, tmp_path, CREATE + [
        "xl list", "xl live-update /boot/xen-next", "xl list",
        "@wait timecheck: t=3", "xl list", "xl info"], *REGION)
    assert_powered_off(r)
    assert not guest_failures(r), r
    before = list_rows(output_of(r, "xl list"))
    assert set(before) == {"Domain-0", "memcheck", "timecheck"}, r
    for nth in (1, 2):
        after = list_rows(output_of(r, "xl list", nth))
        assert {n: row[:3] for n, row in after.items()} == \
            {n: row[:3] for n, row in before.items()}, r
    out = output_of(r, "xl live-update /boot/xen-next")
    assert any(line.startswith("Live update done: blackout") for line in out), r
    assert any("carried   3 domains, 3 vCPUs" in line for line in out), r
    assert r.lines_containing("(XEN) Live update: restored 3 domains, 3 vCPUs"), r
    assert r.lines_containing("(XEN) Live update: 3 domains resumed"), r
    # Both guests went on under the new hypervisor.
    marker = "Live update: entering the new image"
    assert lines_after(r, marker, "(d1) memcheck: round"), r
    assert lines_after(r, marker, "(d2) timecheck: t="), r


def test_dry_run_and_refusals_leave_guests_running(image, tmp_path):
    r = run_shell(image, tmp_path, CREATE + [
        "xl live-update --dry-run /boot/xen-next",
        "xl live-update /etc/xen/memcheck.cfg",
        "xl live-update /boot/none",
        "xl live-update", "@wait timecheck: t=3", "xl list"], *REGION)
    assert_powered_off(r)
    assert not guest_failures(r), r
    assert not r.lines_containing("entering the new image"), r
    dry = output_of(r, "xl live-update --dry-run /boot/xen-next")
    assert any(line.startswith("Dry run done: nothing was replaced")
               for line in dry), r
    assert any("carried   3 domains, 3 vCPUs" in line for line in dry), r
    assert output_of(r, "xl live-update /etc/xen/memcheck.cfg")[-1] == (
        "xl: live-update: /etc/xen/memcheck.cfg is not a multiboot2 "
        "hypervisor image (see `xl dmesg`)"), r
    assert "No such file" in output_of(r, "xl live-update /boot/none")[-1], r
    assert output_of(r, "xl live-update")[0] == \
        "xl: live-update: missing IMAGE", r
    rows = list_rows(output_of(r, "xl list"))
    assert rows["memcheck"][0] == 1 and rows["timecheck"][0] == 2, r
    assert lines_after(r, "Dry run done", "(d1) memcheck: round"), r


def test_no_reserved_region_is_refused(image, tmp_path):
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/memcheck.cfg", "xl live-update /boot/xen-next",
        "xl list"])
    assert_powered_off(r)
    assert output_of(r, "xl live-update /boot/xen-next")[-1] == (
        "xl: live-update: no reserved region: the hypervisor was booted "
        "without liveupdate=<size>"), r
    assert "memcheck" in list_rows(output_of(r, "xl list")), r
    assert not guest_failures(r), r
