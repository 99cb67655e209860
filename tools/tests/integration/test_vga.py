# SPDX-License-Identifier: GPL-2.0-only
"""The bankvga display and its device model in dom0
(docs/designs/physmap-and-memory-maps.md, "The VGA device and its device
model").

The vgatest guest (tools/tests/guests/vgatest/, /etc/xen/vgatest.cfg)
draws a pattern into its VRAM and prints the checksum of what it shows at
seven frames: first, after four bank-base moves, after growing its MMIO
hole by relocating RAM and moving VRAM into the part that was RAM, and in
another mode.  After each, `xl vga-checksum` has the device model in dom0
render the frame through its map cache of foreign mappings: the checksum
and VRAM's place must be the guest's, and both the checksum this file
computes from the pattern's formula.  The map cache must be remapped
after every move and after the relocation, which the device model must be
told of.  Every register write the guest makes that must be refused is
refused with its STATUS and a notice from the device model saying why,
and the device model goes on.

Across live update: with VRAM moved, `xl live-update` into the default
build and then into the alternate one between two renders of the same
frame: same checksum, VRAM where it was, and the mappings carried (the
render after the update maps nothing again).

Bad input: configs xl refuses (a vga we do not emulate, videoram out of
range, a device model elsewhere); a domain whose VRAM finds no room in its
hole, destroyed again; `xl vga-checksum` of a domain with no VGA, of one
that does not exist, with no argument; a fourth VGA domain refused (dom0
serves three) and accepted once one is destroyed, its slot reused; a
guest flooding its device model with bad writes, each refused, the
notices bounded.
"""

import re
import struct
import zlib

from test_dom0 import assert_powered_off, list_rows, output_of, run_shell
from test_live_update_alt import banners
from test_memmap import config

GUEST_FRAME_RE = re.compile(
    r"^\(d\d+\) vgatest: frame (\d+): vram (0x[0-9a-f]+), (\d+)x(\d+)x(\d+), "
    r"checksum (0x[0-9a-f]+)$")
DM_FRAME_RE = re.compile(r"^Domain \d+ \(\S+\): frame (\d+)$")
DM_MODE_RE = re.compile(r"^  mode       (\d+)x(\d+), (\d+) bpp, pitch \d+, "
                        r"\d+ bytes$")
DM_VRAM_RE = re.compile(r"^  vram       (0x[0-9a-f]+), (\d+) MiB$")
DM_SUM_RE = re.compile(r"^  checksum   (0x[0-9a-f]+)$")
DM_CACHE_RE = re.compile(r"^  map cache  (\d+) lookups: (\d+) hits, "
                         r"(\d+) misses; (\d+) of 8 slots mapped$")
DM_GEN_RE = re.compile(r"^  memory map generation (\d+)$")

# Where VRAM is at each frame: placed at 88 MiB (80 MiB, the hole's
# start, holds the shared info page), moved four times, then into the
# 16 MiB at 64 MiB that were RAM before the hole grew.
VRAM_PLACES = [0x5800000, 0xc0000000, 0x10000000, 0x10001000, 0xe0000000,
               0x4000000, 0x4000000]
MODES = [(640, 480, 32)] * 6 + [(800, 600, 16)]

# The guest's refusals (STATUS codes of public/io/bankvga.h) and the
# device model's notices about them.
REFUSED = {
    "WIDTH 0": 3, "WIDTH 5000": 3, "BPP 12": 3, "ENABLE 7": 3,
    "ID written": 2, "register 0x99": 1, "a mode larger than VRAM": 4,
    "a byte written to DATA": 10, "BANK_BASE off a page": 5,
    "BANK_BASE on RAM": 6, "BANK_BASE on the RAM below the hole": 6,
    "BANK_BASE across 4 GiB": 6, "BANK_BASE on a reserved range": 7,
    "BANK_BASE on the shared info page": 8,
}
NOTICES = [
    "WIDTH = 0 refused: WIDTH is 1 to 4096 pixels",
    "WIDTH = 0x1388 refused: WIDTH is 1 to 4096 pixels",
    "BPP = 0xc refused: BPP is 8, 16, 24 or 32",
    "ENABLE = 0x7 refused: ENABLE is 0 or 1",
    "ID = 0 refused: the register is read-only",
    "? = 0x1 refused: no register at INDEX",
    "ENABLE = 0x1 refused: the mode does not fit VRAM",
    "1-byte write at port 0x1d4 refused: an access of the wrong size",
    "BANK_BASE = 0x5800800 refused: BANK_BASE must be page aligned",
    "BANK_BASE 0x100000 refused: VRAM would lie on RAM, not in the MMIO "
    "hole",
    "BANK_BASE 0x4000000 refused: VRAM would lie on RAM, not in the MMIO "
    "hole",
    "BANK_BASE 0xffc00000 refused: VRAM would lie on RAM, not in the MMIO "
    "hole",
    "BANK_BASE 0xfe900000 refused: VRAM would lie on a reserved range",
    "BANK_BASE 0x5000000 refused by the hypervisor: Device or resource "
    "busy (-16)",
]

VGATEST_KEYS = {"memory": 96, "mmio_hole": 4016,
                "rdm": '[ "0xfed00000-0xfed03fff" ]', "vga": "bankvga",
                "videoram": 8}
UPDATES = {3: "/boot/xen-next", 6: "/boot/xen-alt"}


def pattern_checksum(width, height, bpp):
    """CRC-32 of the framebuffer vgatest draws: VRAM's word i is
    (i * 0x9e3779b1) ^ "vgat", little-endian (vgatest/vram.c)."""
    words = width * height * bpp // 8 // 4
    data = struct.pack(f"<{words}I", *(((i * 0x9e3779b1) & 0xffffffff)
                                       ^ 0x76676174 for i in range(words)))
    return zlib.crc32(data)


def guest_frames(r):
    """{frame: (vram, (w, h, bpp), checksum)} as vgatest printed them."""
    found = {}
    for m in map(GUEST_FRAME_RE.match, r.lines):
        if m:
            found[int(m[1])] = (int(m[2], 16),
                                (int(m[3]), int(m[4]), int(m[5])),
                                int(m[6], 16))
    return found


def rendered(lines):
    """What one `xl vga-checksum` printed, as a dict."""
    out = {}
    for line in lines:
        for key, regex in (("frame", DM_FRAME_RE), ("mode", DM_MODE_RE),
                           ("vram", DM_VRAM_RE), ("checksum", DM_SUM_RE),
                           ("cache", DM_CACHE_RE), ("generation", DM_GEN_RE)):
            m = regex.match(line)
            if m:
                out[key] = m.groups()
    assert {"frame", "vram", "cache", "generation"} <= set(out), lines
    shown = "checksum" in out  # else `mode off`, `checksum none`
    return {"frame": int(out["frame"][0]),
            "mode": tuple(map(int, out["mode"])) if shown else None,
            "vram": int(out["vram"][0], 16),
            "checksum": int(out["checksum"][0], 16) if shown else None,
            "misses": int(out["cache"][2]),
            "generation": int(out["generation"][0])}


def renders(r, command, count):
    return [rendered(out(r, command, nth)) for nth in range(count)]


DROPPED_RE = re.compile(r"^\((\d+) older notices? dropped\)$")


def without_notices(lines):
    """A command's output without the device model's notices, which the
    shell prints before the prompt that follows whatever ran."""
    return [line for line in lines
            if not line.startswith("vga: ") and not DROPPED_RE.match(line)]


def out(r, command, nth=0):
    """What the nth run of command printed, notices and the empty line a
    guest's line can leave behind the echo of what was typed left out."""
    return [line for line in without_notices(output_of(r, command, nth))
            if line]


def notices(r, domid):
    prefix = f"vga: domain {domid}: "
    return [line[len(prefix):] for line in r.lines if line.startswith(prefix)]


def test_checksums_match_at_every_frame(image, tmp_path):
    script = ["xl create /etc/xen/vgatest.cfg"]
    for k in range(1, 8):
        script += [f"@wait vgatest: frame {k}:"]
        if k == 2:  # the guest waits on its device: the shell still works
            script += ["sleep 1", "xl list"]
        script += ["xl vga-checksum vgatest"]
    # Its device model finds it gone within a second (its ports closed).
    script += ["@wait (XEN) Domain 1 (vgatest) destroyed", "sleep 2",
               "xl vga-checksum vgatest", "xl list"]
    r = run_shell(image, tmp_path, script)
    assert_powered_off(r)
    assert r.lines_starting("(d1) Test result:") == \
        ["(d1) Test result: SUCCESS"], r
    assert "VGA: bankvga, 8 MiB of VRAM at 0x5800000, its device model in " \
        "dom0 (serving 1 of 3)" in out(r, "xl create /etc/xen/vgatest.cfg"), r
    guest = guest_frames(r)
    assert sorted(guest) == list(range(1, 8)), r
    want = {mode: pattern_checksum(*mode) for mode in set(MODES)}
    for k, dm in enumerate(renders(r, "xl vga-checksum vgatest", 7), 1):
        vram, mode, checksum = guest[k]
        assert (vram, mode) == (VRAM_PLACES[k - 1], MODES[k - 1]), (k, r)
        assert checksum == want[mode], (k, r)
        assert (dm["frame"], dm["vram"], dm["mode"], dm["checksum"]) == \
            (k, vram, mode, checksum), (k, dm, r)
        # The cache was dropped and VRAM mapped again after every move and
        # after the relocation; the last frame is VRAM already mapped.
        assert dm["misses"] == (0 if k == 7 else 5), (k, dm, r)
    for what, status in REFUSED.items():
        assert f"(d1) vgatest: {what}: refused ({status}) as it should" in \
            r.lines, (what, r)
    told = notices(r, 1)
    for notice in NOTICES:
        assert notice in told, (notice, r)
    # The relocation: the guest saw the device model told; the device
    # model said so and rendered from the new map.
    assert "(d1) vgatest: the device model saw generation 5" in r.lines, r
    assert "memory map generation 5, MMIO hole from 0x4000000; map cache " \
        "dropped" in told, r
    assert renders(r, "xl vga-checksum vgatest", 7)[5]["generation"] == 5
    # The guest went: the device model let it go.
    assert out(r, "xl vga-checksum vgatest", 7)[0] == \
        "xl: vga-checksum: no domain named 'vgatest'", r
    assert "vga: domain 1 has gone: no longer served" in r.lines, r
    # While the guest waited for its second frame to be rendered, dom0
    # slept and listed, serving the guest's polls all along.
    assert sorted(list_rows(out(r, "xl list"))) == \
        ["Domain-0", "vgatest"], r
    assert list(list_rows(out(r, "xl list", 1))) == \
        ["Domain-0"], r


def test_checksums_match_across_live_updates(image, tmp_path):
    script = ["xl create /etc/xen/vgalu.cfg"]
    for k in range(1, 8):
        script += [f"@wait vgatest: frame {k}:", "xl vga-checksum vgalu"]
        if k in UPDATES:
            script += [f"xl live-update {UPDATES[k]}",
                       "@wait Live update done"]
        script += ["xl vga-checksum vgalu"]
    script += ["@wait (d1) Test result:"]
    r = run_shell(image, tmp_path, script, "--mem", "1G",
                  "--cmdline", "liveupdate=128M",
                  *config(tmp_path, "vgalu", kernel="vgatest",
                          extra="renders=2", **VGATEST_KEYS),
                  timeout=300)
    assert_powered_off(r)
    assert r.lines_starting("(d1) Test result:") == \
        ["(d1) Test result: SUCCESS"], r
    assert banners(r.lines)[1:] == ["0.1.0-lu", "0.1.0-lu-alt"], r
    for path in UPDATES.values():
        assert any(line.startswith("Live update done")
                   for line in out(r, f"xl live-update {path}")), r
    guest = guest_frames(r)
    dm = renders(r, "xl vga-checksum vgalu", 14)
    for k in range(1, 8):
        vram, mode, checksum = guest[k]
        before, after = dm[2 * k - 2], dm[2 * k - 1]
        assert vram == VRAM_PLACES[k - 1], (k, r)
        for render in (before, after):
            assert (render["vram"], render["mode"], render["checksum"]) == \
                (vram, mode, checksum), (k, render, r)
        assert after["frame"] == before["frame"] + 1, r
        # The second render of a frame maps nothing again: the mappings
        # are still there, live update or not.
        assert after["misses"] == 0, (k, after, r)


def test_bad_configs_and_commands(image, tmp_path):
    bad = {
        "stdvga": ({"vga": "stdvga"},
                   "/etc/xen/stdvga.cfg:6: vga \"stdvga\" is not emulated "
                   "here (use \"bankvga\" or \"none\")"),
        "vesa": ({"vga": "vesa"},
                 "/etc/xen/vesa.cfg:6: unknown vga device \"vesa\" (use "
                 "\"bankvga\" or \"none\")"),
        "tiny": ({"vga": "bankvga", "videoram": 0},
                 "/etc/xen/tiny.cfg:7: 'videoram' must be between 1 and 64"),
        "huge": ({"vga": "bankvga", "videoram": 65},
                 "/etc/xen/huge.cfg:7: 'videoram' must be between 1 and 64"),
        "elsewhere": ({"vga": "bankvga", "device_model_domid": 1},
                      "/etc/xen/elsewhere.cfg:7: the vga's device model runs "
                      "in the control domain: device_model_domid must be 0 "
                      "or absent"),
    }
    modules = []
    for name, (keys, _) in bad.items():
        modules += config(tmp_path, name, kernel="memcheck", memory=8, **keys)
    # Reserved ranges 64 MiB apart: no 64 MiB of VRAM fits between them.
    modules += config(tmp_path, "noroom", kernel="memcheck", memory=8,
                      vga="bankvga", videoram=64, rdm="[" + ", ".join(
                          f'"{a:#x}-{a + 0xfff:#x}"' for a in
                          (0xf3000000, 0xf7000000, 0xfb000000, 0xff000000))
                      + "]")
    modules += config(tmp_path, "novga", kernel="memcheck", memory=8)
    for i in range(1, 5):
        modules += config(tmp_path, f"v{i}", kernel="memcheck", memory=8,
                          vga="bankvga", videoram=1)
    script = [f"xl create /etc/xen/{name}.cfg" for name in bad]
    script += ["xl create /etc/xen/noroom.cfg",
               "xl create /etc/xen/novga.cfg", "xl vga-checksum novga",
               "xl vga-checksum nosuch", "xl vga-checksum 99",
               "xl vga-checksum Domain-0", "xl vga-checksum a b",
               "xl create /etc/xen/v1.cfg", "xl create /etc/xen/v2.cfg",
               "xl create /etc/xen/v3.cfg", "xl create /etc/xen/v4.cfg",
               "xl list", "xl destroy v1", "xl create /etc/xen/v4.cfg",
               "xl vga-checksum v4", "xl list"]
    r = run_shell(image, tmp_path, script, *modules)
    assert_powered_off(r)
    for name, (_, error) in bad.items():
        assert error in out(r, f"xl create /etc/xen/{name}.cfg"), \
            (name, r)
    # Created, but no room for its VRAM: destroyed again.
    assert "xl: create: domain 'noroom' (1): cannot start its VGA device " \
        "model: no room for 64 MiB of VRAM in the MMIO hole: No space left " \
        "on device (-28)" in out(r, "xl create /etc/xen/noroom.cfg"), r
    assert "(XEN) Domain 1 (noroom) destroyed" in r.lines, r
    assert out(r, "xl vga-checksum novga") == [
        "xl: vga-checksum: domain novga (1) has no VGA (its config has no "
        "vga = \"bankvga\")"], r
    assert out(r, "xl vga-checksum nosuch") == [
        "xl: vga-checksum: no domain named 'nosuch'"], r
    assert out(r, "xl vga-checksum 99") == [
        "xl: vga-checksum: no domain with id 99"], r
    assert out(r, "xl vga-checksum Domain-0")[0].startswith(
        "xl: vga-checksum: domain Domain-0 (0) has no VGA"), r
    assert out(r, "xl vga-checksum a b")[0] == \
        "xl: vga-checksum: unexpected argument 'b'", r
    # Three served; the fourth refused, and destroyed.
    for i in range(1, 4):
        assert f"VGA: bankvga, 1 MiB of VRAM at 0xf0000000, its device " \
            f"model in dom0 (serving {i} of 3)" in \
            out(r, f"xl create /etc/xen/v{i}.cfg"), r
    assert "xl: create: domain 'v4' (5): cannot start its VGA device model: " \
        "dom0 serves 3 domains with a VGA already, the most it can: No " \
        "space left on device (-28)" in \
        out(r, "xl create /etc/xen/v4.cfg"), r
    assert "(XEN) Domain 5 (v4) destroyed" in r.lines, r
    assert sorted(list_rows(out(r, "xl list"))) == \
        ["Domain-0", "novga", "v1", "v2", "v3"], r
    # v1 destroyed: its device model let go first, and v4 takes its place.
    assert "vga: domain 2: no longer served, its mappings given back" in \
        r.lines, r
    assert "VGA: bankvga, 1 MiB of VRAM at 0xf0000000, its device model in " \
        "dom0 (serving 3 of 3)" in \
        out(r, "xl create /etc/xen/v4.cfg", 1), r
    off = out(r, "xl vga-checksum v4")
    assert rendered(off)["checksum"] is None, r
    assert "  mode       off" in off and \
        "  checksum   none (nothing shown)" in off, r
    assert sorted(list_rows(out(r, "xl list", 1))) \
        == ["Domain-0", "novga", "v2", "v3", "v4"], r


def test_a_flood_of_bad_writes(image, tmp_path):
    """vgatest makes 300 more bad writes, nobody rendering its frames:
    every one refused, the device model's notices bounded (the oldest
    dropped and counted, the last kept), the shell working throughout."""
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/vgaflood.cfg",
        "@wait (XEN) Domain 1 (vgaflood) destroyed", "xl list"],
        *config(tmp_path, "vgaflood", kernel="vgatest",
                extra="renders=0 flood=300", **VGATEST_KEYS))
    assert_powered_off(r)
    assert r.lines_starting("(d1) Test result:") == \
        ["(d1) Test result: SUCCESS"], r
    assert "(d1) vgatest: 300 more bad writes refused" in r.lines, r
    dropped = [int(m[1]) for m in map(DROPPED_RE.match, r.lines) if m]
    assert len(dropped) == 1 and dropped[0] > 200, r
    # The queue kept the newest: the refusals after the flood.
    assert "BANK_BASE 0x5000000 refused by the hypervisor: Device or " \
        "resource busy (-16)" in notices(r, 1), r
    assert list(list_rows(out(r, "xl list"))) == ["Domain-0"], r
