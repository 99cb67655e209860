# SPDX-License-Identifier: GPL-2.0-only
"""Memory maps, physmap regions and foreign mappings across live updates
(docs/designs/physmap-and-memory-maps.md, "Across live update").

physdm serves memmap as in test_physmap.py: a 64 MiB "vram" region and
"rom" in memmap's hole, a page of memmap's mapped.  memmap grows its hole
by 8 MiB, checks everything, then for 20 s moves vram back and forth by a
page -- which physdm does a frame at a time, so it is nearly always
half-way through a move -- checking vram's ends each time and, every tenth
round and at the end, everything: its map unchanged, the moved RAM's
contents, reserved ranges and the hole still unreachable, physdm's mapping
still reading its page.  Meanwhile dom0 live-updates the hypervisor
twice: into /boot/xen-next, then /boot/xen-alt (another struct layout).  The updates must catch vram half-way (the old
hypervisor says so when it saves the region, the new one when it restores
it, with the same progress) and the move must finish under the new one.
Afterwards memmap grows its hole by 8 MiB more, and physdm must be told:
its watch of the map survived the updates.
"""

import re

from test_dom0 import assert_powered_off, list_rows, output_of, run_shell
from test_live_update_alt import banners
from test_memmap import HOST_RDM, maps
from test_physmap import guests

UPDATES = ["/boot/xen-next", "/boot/xen-alt"]
HALF_WAY_RE = re.compile(r"^\(XEN\) Live update: domain 2: physmap region "
                         r"'vram' (carried|restored) half-way, (\d+) of 16384 "
                         r"frames moved$")
TIMEOUT = 300


def test_maps_regions_and_mappings_survive_updates(image, tmp_path):
    script = ["xl create /etc/xen/physdm.cfg", "xl create /etc/xen/memmap.cfg",
              "@wait memmap: round 10 ok"]
    for path in UPDATES:
        script += [f"xl live-update {path}", "@wait Live update done"]
    script += ["@wait (d2) Test result:", "@wait (d1) Test result:",
               "xl list"]
    r = run_shell(
        image, tmp_path, script, "--mem", "1G",
        "--cmdline", HOST_RDM + " liveupdate=128M",
        *guests(tmp_path, "relocate=8 relocate_after=8 seconds=20 pace=0 "
                "light dm vram=64 rom_at=0xf0000000 foreign",
                "target=2 changes=2 vram=64 vram_at=0xc0000000 "
                "rom_at=0xf0000000"),
        timeout=TIMEOUT)
    assert_powered_off(r)
    assert sorted(r.lines_starting("(d1) Test result:") +
                  r.lines_starting("(d2) Test result:")) == \
        ["(d1) Test result: SUCCESS", "(d2) Test result: SUCCESS"], r
    for nth, path in enumerate(UPDATES):
        out = output_of(r, f"xl live-update {path}",
                        UPDATES[:nth].count(path))
        assert any(line.startswith("Live update done") for line in out), r
    assert len(r.lines_containing("(XEN) Live update: restored 3 domains"
                                  )) == 2, r
    assert banners(r.lines)[1:] == ["0.1.0-lu", "0.1.0-lu-alt"], r
    # vram caught half-way, carried and restored as it was.
    found = [m for m in map(HALF_WAY_RE.match, r.lines) if m]
    carried = [int(m[2]) for m in found if m[1] == "carried"]
    restored = [int(m[2]) for m in found if m[1] == "restored"]
    assert carried and carried == restored, r
    # Everything checked after the updates, and once more at the end.
    last = max(i for i, line in enumerate(r.lines)
               if "Live update: restored 3 domains" in line)
    assert any(re.match(r"^\(d2\) memmap: round \d+ ok \(generation 3\)$",
                        line) for line in r.lines[last:]), r
    assert "(d2) memmap: the last round ok (generation 3)" in r.lines, r
    # The watch survived: told of the relocation after the updates.
    assert "(d2) memmap: the device model saw generation 5" in \
        r.lines[last:], r
    guest, dm = maps(r, "(d2) memmap: "), maps(r, "(d1) physdm: ")
    assert guest[5] == dm[5], r
    # The page physdm kept mapped through the updates, a placeholder now.
    assert "(d1) physdm: our mapping of dom 2 reads 0 after it went" in \
        r.lines, r
    assert list(list_rows(output_of(r, "xl list"))) == ["Domain-0"], r
