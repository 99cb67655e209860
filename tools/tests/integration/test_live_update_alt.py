# SPDX-License-Identifier: GPL-2.0-only
"""Live updates across two builds whose structs are laid out differently.

`make` builds the hypervisor twice: build/xen/xen (dom0's /boot/xen-next)
and build/xen-alt/xen (XEN_VARIANT=alt, dom0's /boot/xen-alt), whose
struct domain, struct vcpu and struct page_info are laid out differently
and whose version string ends in "-alt".  The stream carries fields, never
structs, so each build must restore what the other saved.

dom0 creates memcheck and timecheck, then updates default -> alt ->
default -> default (the same build).  After each update the new build's
banner is the last `Xen-LU version` line on the console and in `xl dmesg`,
the update's report counts it, `xl list` shows the same domains with the
same ids, and neither guest reports a FAILURE; both go on reporting after
the last update.  test_live_update_grub.py runs the same checks after a
GRUB boot.
"""

import re

from test_dom0 import assert_powered_off, list_rows, output_of, run_shell
from test_live_update import CREATE, REGION, guest_failures

DEFAULT = "0.1.0-lu"
ALT = "0.1.0-lu-alt"
# (image in dom0's RAM filesystem, the version the new hypervisor prints)
STEPS = [("/boot/xen-alt", ALT), ("/boot/xen-next", DEFAULT),
         ("/boot/xen-next", DEFAULT)]
BANNER = re.compile(r"Xen-LU version (\S+) ")
TIMEOUT = 300


def banners(lines):
    return [m[1] for m in map(BANNER.search, lines) if m]


def typed(line, command):
    """line is where the shell echoed command: after its prompt, or alone
    when a guest's line broke the prompt's line (test_dom0.commands)."""
    return line in (command, "dom0# " + command)


def update_script(steps):
    """dom0's script: create the guests and list them; for each step, the
    update, `xl dmesg` and `xl list`; then, once both guests have said
    something under the last hypervisor, `xl list` again."""
    script = CREATE + ["xl list"]
    for path, _ in steps:
        script += [f"xl live-update {path}", "xl dmesg", "xl list"]
    return script + ["@wait (d1) memcheck: round", "@wait (d2) timecheck: t=",
                     "xl list"]


def assert_updates(r, steps):
    """What update_script(steps) must show: each update done, into the
    build it names; the same domains with the same ids in every `xl list`;
    no guest failure; both guests going on after the last update."""
    assert_powered_off(r)
    assert not guest_failures(r), r

    # Split the console at each `xl live-update`: the part after the nth
    # update holds the new hypervisor's boot and then the `xl dmesg`.
    starts = [i for i, line in enumerate(r.lines)
              if any(typed(line, f"xl live-update {p}") for p, _ in steps)]
    assert len(starts) == len(steps), r
    assert banners(r.lines[:starts[0]]) == [DEFAULT], r
    ends = starts[1:] + [len(r.lines)]
    for nth, ((path, version), start, end) in enumerate(
            zip(steps, starts, ends), 1):
        part = r.lines[start:end]
        dmesg = next(i for i, line in enumerate(part)
                     if typed(line, "xl dmesg"))
        # The new hypervisor's boot, then its log as `xl dmesg` prints it.
        assert banners(part[:dmesg]) == [version], (path, r)
        assert any(line.startswith("(XEN) Live update: restored 3 domains, "
                                   "3 vCPUs") for line in part[:dmesg]), r
        assert any(line.startswith(f"Live update done (#{nth}): ")
                   for line in part[:dmesg]), (path, r)
        assert banners(part[dmesg:])[-1:] == [version], (path, r)

    before = list_rows(output_of(r, "xl list"))
    assert set(before) == {"Domain-0", "memcheck", "timecheck"}, r
    for nth in range(1, len(steps) + 2):
        after = list_rows(output_of(r, "xl list", nth))
        assert {n: row[:3] for n, row in after.items()} == \
            {n: row[:3] for n, row in before.items()}, (nth, r)
    marker = starts[-1]
    assert any("(d1) memcheck: round" in line
               for line in r.lines[marker:]), r
    assert any("(d2) timecheck: t=" in line for line in r.lines[marker:]), r


def test_updates_between_default_and_alt_builds(image, tmp_path):
    r = run_shell(image, tmp_path, update_script(STEPS), *REGION,
                  timeout=TIMEOUT)
    assert_updates(r, STEPS)
