# SPDX-License-Identifier: GPL-2.0-only
"""`xl save` and `xl restore` of a domain with a bankvga display, whose
device model runs in dom0 (docs/designs/save-restore.md, "Device models
after a restore"; docs/designs/physmap-and-memory-maps.md, "The VGA
device and its device model").

The hypervisor carries where VRAM is (PHYSMAP) and the memory map
(MEMMAP) in the save file; the device model's registers travel in a
DM_STATE record that xl adds to the file, and the device model takes the
restored domain over from them.  vgatest moves its VRAM, and at a frame
it shows, `xl vga-checksum` renders it, the domain is saved and
restored, and `xl vga-checksum` renders it again: the same checksum and
mode, VRAM at the same place, the memory map's generation the same, the
device model's frame count going on (it was in the saved registers) --
and vgatest, which checks after every frame that its memory map, its
bank base and its VRAM's pattern are as they were, goes on to SUCCESS.
Once after the hole grew by relocating RAM, once before; and once with a
live update between the save and the restore, the restored domain then
carried by a second update.

Bad files, written in Python from the spec (savefile.py), are refused
with nothing made and free memory where it was: a DM_STATE whose version
the device model does not read, of a device model dom0 does not run,
with registers the device model refuses, with a byte flipped (the codec
names the record), twice for one device model (the hypervisor's check);
a state for another VRAM size than the region's, which only attaching
finds, leaves the domain made and destroyed again.  A VGA domain's file
restored while dom0 serves three displays already is refused, and
restored once one is gone: its display as the file says.
"""

import re
import zlib

from savefile import (bankvga_state, dm_state, record_offsets, small_domain,
                      stream)
from test_dom0 import assert_powered_off, list_rows, run_shell
from test_live_update_alt import banners
from test_memmap import config
from test_save_restore import free_memory, typed_at
from test_vga import (MODES, VGATEST_KEYS, VRAM_PLACES, guest_frames, out,
                      pattern_checksum, rendered, renders)

SAVE = "xl save vgasr /tmp/vgasr.save"
RESTORE = "xl restore /tmp/vgasr.save"
RENDER = "xl vga-checksum vgasr"
SAVED_RE = re.compile(r"^Saved vgasr \(1\) to /tmp/vgasr.save: 104 MiB of "
                      r"memory, (\d+) bytes$")
AFTER_FRAME_RE = re.compile(r"^\(d1\) vgatest: after frame (\d+): memory map "
                            r"\(generation (\d+), (\d+) ranges\) and VRAM as "
                            r"they were$")


def vgasr(tmp_path):
    return config(tmp_path, "vgasr", kernel="vgatest", extra="renders=2",
                  **VGATEST_KEYS)


def script_around(frames):
    """vgatest's seven frames, each rendered twice, with frames[k]'s lines
    typed between the two renders of frame k."""
    script = ["xl create /etc/xen/vgasr.cfg"]
    for k in range(1, 8):
        script += [f"@wait vgatest: frame {k}:", RENDER, *frames.get(k, []),
                   RENDER]
    return script + ["@wait (d1) Test result:"]


def assert_frames_kept(r):
    """Both renders of every frame are the frame vgatest printed, VRAM
    where it put it; the second one counts on from the first (the frame
    count was carried), sees the same map generation, and maps nothing
    again (the device model remapped the framebuffer as it attached)."""
    guest = guest_frames(r)
    dm = renders(r, RENDER, 14)
    for k in range(1, 8):
        vram, mode, checksum = guest[k]
        assert (vram, mode) == (VRAM_PLACES[k - 1], MODES[k - 1]), (k, r)
        assert checksum == pattern_checksum(*mode), (k, r)
        before, after = dm[2 * k - 2], dm[2 * k - 1]
        for render in (before, after):
            assert (render["vram"], render["mode"], render["checksum"]) == \
                (vram, mode, checksum), (k, render, r)
        assert after["frame"] == before["frame"] + 1, (k, r)
        assert after["generation"] == before["generation"], (k, r)
        assert after["misses"] == 0, (k, after, r)


def assert_vgatest_went_on(r):
    """vgatest found its map, bank base and VRAM as they were after every
    frame, and reached its verdict."""
    assert r.lines_starting("(d1) Test result:") == \
        ["(d1) Test result: SUCCESS"], r
    assert not r.lines_containing("FAIL"), r
    seen = {int(m[1]): int(m[2]) for m in map(AFTER_FRAME_RE.match, r.lines)
            if m}
    # The hole grew before frame 6: generation 5 from then on.
    assert seen == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 5, 7: 5}, r


def assert_saved_and_restored(r, nth, vram):
    """The nth save wrote the domain and its display's state (a few KiB
    more than its memory); the nth restore brought it back as domain 1,
    its device model serving it with VRAM at vram."""
    m = SAVED_RE.match(out(r, SAVE, nth)[0])
    assert m and 104 << 20 < int(m[1]) < (104 << 20) + (64 << 10), r
    assert out(r, RESTORE, nth) == [
        "Restored vgasr (1) from /tmp/vgasr.save: 104 MiB, 1 vCPU; it was "
        "domain 1",
        f"The bankvga device model serves vgasr (1) again: 8 MiB of VRAM at "
        f"{vram:#x} (serving 1 of 3)"], r


def test_save_and_restore_keep_the_frame(image, tmp_path):
    """Saved and restored at frame 3 (VRAM moved twice) and at frame 6
    (the hole grown by relocating RAM, VRAM moved into what was RAM)."""
    r = run_shell(image, tmp_path, script_around({3: [SAVE, RESTORE],
                                                  6: [SAVE, RESTORE]}),
                  *vgasr(tmp_path), timeout=300)
    assert_powered_off(r)
    assert_frames_kept(r)
    assert_vgatest_went_on(r)
    assert_saved_and_restored(r, 0, VRAM_PLACES[2])
    assert_saved_and_restored(r, 1, VRAM_PLACES[5])
    # Its device model let go of the saved domain as it was destroyed.
    assert r.lines.count("vga: domain 1: no longer served, its mappings "
                         "given back") == 2, r
    assert r.lines.count("(XEN) Domain 1 (vgasr) destroyed") >= 2, r


def test_restore_after_live_update(image, tmp_path):
    """Saved at frame 4, the hypervisor replaced, restored under the new
    one; the restored domain and its device model's mappings are then
    carried by a live update into the other build."""
    r = run_shell(image, tmp_path, script_around({
        4: [SAVE, "xl live-update /boot/xen-next", "@wait Live update done",
            RESTORE],
        5: ["xl live-update /boot/xen-alt", "@wait Live update done"]}),
        "--mem", "1G", "--cmdline", "liveupdate=128M", *vgasr(tmp_path),
        timeout=300)
    assert_powered_off(r)
    assert banners(r.lines)[1:] == ["0.1.0-lu", "0.1.0-lu-alt"], r
    for path in ("/boot/xen-next", "/boot/xen-alt"):
        assert any(line.startswith("Live update done")
                   for line in out(r, f"xl live-update {path}")), r
    assert_frames_kept(r)
    assert_vgatest_went_on(r)
    assert_saved_and_restored(r, 0, VRAM_PLACES[3])


# ---- Bad files -------------------------------------------------------------

VRAM_BYTES = 1 << 20
MODE = (64, 64, 32)
VRAM = bytes((i * 7 + (i >> 12)) & 0xff for i in range(VRAM_BYTES))


def vga_file(state=None, kind="bankvga", version=1, twice=False):
    """A save file of `synvga`, whose device model was dom0's bankvga:
    1 MiB of VRAM at 0xf0000000 holding VRAM, and its display's state."""
    state = state if state is not None else bankvga_state(VRAM_BYTES, MODE)
    records = small_domain("synvga", dm_domid=0, vram=VRAM)
    records += [dm_state(9, kind, version, state)] * (2 if twice else 1)
    return stream(records)


def flipped(data, record, at):
    """data with byte `at` of record's payload flipped, its checksum not."""
    off = record_offsets(data)[record] + 16 + at
    return data[:off] + bytes([data[off] ^ 0x20]) + data[off + 1:]


GOOD = vga_file()
DM_STATE_RECORD = 9  # after PAGE_DATA of RAM and of VRAM

BAD_FILES = {
    "version-2": (vga_file(version=2),
                  "its bankvga state is version 2; the control domain's "
                  "bankvga device model reads version 1 (Operation not "
                  "supported, -95)"),
    "cirrus": (vga_file(kind="cirrus"),
               "its device model 'cirrus' is not one the control domain "
               "runs (Operation not supported, -95)"),
    "bad-magic": (vga_file(bankvga_state(VRAM_BYTES, MODE, magic=0x1234)),
                  "the bankvga device model cannot take it: its saved "
                  "registers are refused: not a bankvga state (bad magic) "
                  "(Invalid argument, -22)"),
    "too-big": (vga_file(bankvga_state(VRAM_BYTES, (1024, 1024, 32))),
                "the bankvga device model cannot take it: its saved "
                "registers are refused: the mode shown is out of range or "
                "does not fit VRAM (Invalid argument, -22)"),
    "flipped": (flipped(GOOD, DM_STATE_RECORD, 30),
                "record 9 (DM_STATE): checksum mismatch (stored 0x"),
    "twice": (vga_file(twice=True),
              "record 10 (DM_STATE): a second state of device model "
              "'bankvga' (Invalid argument, -22)"),
}


def modules(tmp_path, files):
    found = []
    for name, data in files.items():
        path = tmp_path / f"{name}.save"
        path.write_bytes(data)
        found += ["--module", f"{path} file /tmp/{name}.save"]
    return found


def test_bad_device_model_states(image, tmp_path):
    files = {name: data for name, (data, _) in BAD_FILES.items()}
    files["good"] = GOOD
    files["other-vram"] = vga_file(bankvga_state(2 * VRAM_BYTES, MODE))
    displays = []
    for i in range(1, 4):
        displays += config(tmp_path, f"v{i}", kernel="memcheck", memory=8,
                           vga="bankvga", videoram=1)
    script = ["xl info"]
    script += [f"xl restore /tmp/{name}.save" for name in BAD_FILES]
    script += ["xl restore /tmp/other-vram.save", "xl info", "xl list",
               "xl create /etc/xen/v1.cfg", "xl create /etc/xen/v2.cfg",
               "xl create /etc/xen/v3.cfg", "xl info",
               "xl restore /tmp/good.save", "xl info", "xl list",
               "xl destroy v1", "xl restore /tmp/good.save",
               "xl vga-checksum synvga", "xl list"]
    r = run_shell(image, tmp_path, script, *modules(tmp_path, files),
                  *displays)
    assert_powered_off(r)
    for name, (_, why) in BAD_FILES.items():
        said = out(r, f"xl restore /tmp/{name}.save")
        assert len(said) == 1 and said[0].startswith(
            f"xl: restore: /tmp/{name}.save: refused: {why}"), (name, r)
    # None of them was made; the hypervisor said why it refused its one.
    made = [line for line in r.lines[:typed_at(r, "xl create /etc/xen/v1.cfg")]
            if line.startswith("(XEN) Domain 1 ")]
    assert r.lines_containing("(XEN) Restore: the save file is refused: "
                              "record 10 (DM_STATE): a second state"), r
    # Another VRAM size: only attaching can tell; made, then destroyed.
    assert out(r, "xl restore /tmp/other-vram.save") == [
        "Restored synvga (1) from /tmp/other-vram.save: 1 MiB, 1 vCPU; it "
        "was domain 9",
        "xl: restore: synvga (1): the bankvga device model cannot take it "
        "over: its saved registers are refused: the state is for another "
        "VRAM size: Invalid argument (-22); the domain is destroyed, the "
        "file stays"], r
    assert made[-1] == "(XEN) Domain 1 (synvga) destroyed", r
    assert len(made) == 2, r  # restored, destroyed: nothing else
    assert free_memory(r, 0) == free_memory(r, 1), r
    assert list(list_rows(out(r, "xl list"))) == ["Domain-0"], r
    # dom0 serves three displays: a fourth is refused before it is made.
    assert out(r, "xl restore /tmp/good.save") == [
        "xl: restore: /tmp/good.save: refused: the bankvga device model "
        "cannot take it: dom0 serves 3 domains with a VGA already, the most "
        "it can (No space left on device, -28)"], r
    assert free_memory(r, 2) == free_memory(r, 3), r
    assert sorted(list_rows(out(r, "xl list", 1))) == \
        ["Domain-0", "v1", "v2", "v3"], r
    # One gone: restored, its display as the file says.
    said = out(r, "xl restore /tmp/good.save", 1)
    assert said[0].startswith("Restored synvga ("), r
    assert said[1].startswith("The bankvga device model serves synvga (") \
        and said[1].endswith("1 MiB of VRAM at 0xf0000000 (serving 3 of 3)"), r
    frame = rendered(out(r, "xl vga-checksum synvga"))
    assert (frame["frame"], frame["mode"], frame["vram"], frame["checksum"]) \
        == (1, MODE, 0xf0000000, zlib.crc32(VRAM[:64 * 64 * 4])), r
    assert sorted(list_rows(out(r, "xl list", 2))) == \
        ["Domain-0", "synvga", "v2", "v3"], r


def test_save_of_a_damaged_file_refused(image, tmp_path):
    """xl reads the hypervisor's file whole as it adds the display's state
    to it: one the hypervisor damaged on purpose (lu_debug_corrupt=) is
    refused, no file is left and the domain runs on, its display served."""
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/v1.cfg", "@wait memcheck: round 1 ok",
        "xl save v1 /tmp/v1.save", "ls /tmp", "xl list",
        "@wait memcheck: round 3 ok", "xl vga-checksum v1"],
        "--cmdline", "lu_debug_corrupt=7",
        *config(tmp_path, "v1", kernel="memcheck", memory=32, vga="bankvga",
                videoram=1))
    assert_powered_off(r)
    assert r.lines_containing("(XEN) Save file: lu_debug_corrupt: record 3 "
                              "(VCPU) damaged on purpose"), r
    said = out(r, "xl save v1 /tmp/v1.save")
    assert len(said) == 1 and said[0].startswith(
        "xl: save: v1 (1): the save failed: its device models' state cannot "
        "be added: record 3 (VCPU): checksum mismatch (stored 0x"), r
    assert said[0].endswith(": Invalid argument (-22)"), r
    assert out(r, "ls /tmp") == ["ls: /tmp: No such file or directory"], r
    assert list_rows(out(r, "xl list"))["v1"][3] == "------", r
    assert rendered(out(r, "xl vga-checksum v1"))["vram"] == 0xf0000000, r
    assert not r.lines_containing("memcheck: FAIL"), r
