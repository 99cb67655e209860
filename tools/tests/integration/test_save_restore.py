# SPDX-License-Identifier: GPL-2.0-only
"""`xl save` and `xl restore` (docs/designs/save-restore.md).

A domain saved to a file in dom0's RAM filesystem and restored from it
must carry on as if nothing happened: memcheck keeps checking its memory
(its pattern, round after round, must survive: no FAIL, its rounds go on
from where they were), timecheck's time never goes back, memmap's memory
map -- its MMIO hole grown by relocating RAM -- and a device-model region
in it stay exactly where they were; a console line it had begun is
logged whole once it ends.  Save files outlive live updates:
one saved under one hypervisor is restored under the next, and a
restored domain is carried by the next update.

Bad files are refused with a clear message before anything is made, the
running domains undisturbed and free memory where it was: cut short,
another version, a live-update stream, a file that is not a stream at
all, a byte flipped (lu_debug_corrupt=, naming the record), a name in
use.  xl save refuses the control domain, a device model, bad paths; a
RAM filesystem with no room for the file leaves the domain as it was.  A
restore that runs out of memory once it made the domain leaves nothing.
"""

import os
import re

from savefile import (record_offsets, running_vcpu, small_domain, stream,
                      with_vcpu)
from test_dom0 import (FREE_RE, assert_powered_off, list_rows, output_of,
                       run_shell)
from test_live_update_alt import banners
from test_live_update_log import PROGRESS_RE
from test_memmap import config
from test_physmap import REGIONS, guests

SAVED_RE = re.compile(r"^Saved (\S+) \((\d+)\) to (\S+): (\d+) MiB of "
                      r"memory, (\d+) bytes$")
RESTORED_RE = re.compile(r"^Restored (\S+) \((\d+)\) from (\S+): (\d+) MiB, "
                         r"1 vCPU; it was domain (\d+)$")
ROUND_RE = re.compile(r"^\(d(\d+)\) memcheck: round (\d+) ok")


def said(r, command, nth=0):
    """What the nth run of command printed, without the empty lines a
    guest's line breaking the echo of what was typed leaves."""
    return [line for line in output_of(r, command, nth) if line]


def saved(r, command):
    """(name, domid, path, MiB, bytes) that `command` reported saving."""
    m = SAVED_RE.match(said(r, command)[0])
    assert m, r
    return m[1], int(m[2]), m[3], int(m[4]), int(m[5])


def restored(r, command):
    """(name, new domid, old domid) that `command` reported restoring."""
    m = RESTORED_RE.match(said(r, command)[-1])
    assert m, r
    return m[1], int(m[2]), int(m[5])


def typed_at(r, command):
    """The console line where command was typed (on the prompt's line, or
    on its own after a bare prompt that a guest's line broke)."""
    for i, line in enumerate(r.lines):
        if line in ("dom0# " + command, command):
            return i
    raise AssertionError(f"'{command}' was not typed\n{r}")


def rounds_around(r, command):
    """memcheck's round numbers before and after command was typed."""
    at = typed_at(r, command)
    rounds = [(i, int(m[2])) for i, m in enumerate(map(ROUND_RE.match,
                                                       r.lines)) if m]
    return ([n for i, n in rounds if i < at], [n for i, n in rounds
                                                 if i > at])


def assert_memcheck_went_on(r, command):
    """memcheck checked on across command: rounds carry on one by one from
    where they were (a restart would count from 1 again), never a FAIL."""
    before, after = rounds_around(r, command)
    assert before and after, r
    assert after[0] in (before[-1], before[-1] + 1), r
    assert all(b == a + 1 for a, b in zip(after, after[1:])), r
    assert len(r.lines_containing("memcheck: checking ")) == 1, r
    assert not r.lines_containing("memcheck: FAIL"), r


def test_memcheck_and_timecheck_carry_on(image, tmp_path):
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/memcheck.cfg", "xl create /etc/xen/tc.cfg",
        "@wait memcheck: round 3 ok",
        "xl save memcheck /tmp/memcheck.save", "xl list", "ls /tmp",
        "xl restore /tmp/memcheck.save", "@wait memcheck: round",
        "sleep 1",
        "xl save tc /tmp/tc.save", "xl restore /tmp/tc.save",
        "xl save -c memcheck /tmp/again.save", "xl list",
        "xl restore /tmp/again.save",
        "xl save -p memcheck /tmp/paused.save", "xl list",
        "xl unpause memcheck",
        "@wait (d2) Test result:", "sleep 1", "xl list"],
        *config(tmp_path, "tc", kernel="timecheck", memory=8,
                extra="seconds=12"))
    assert_powered_off(r)
    name, domid, path, mib, size = saved(r, "xl save memcheck "
                                         "/tmp/memcheck.save")
    assert (name, domid, mib) == ("memcheck", 1, 32), r
    # Every RAM frame once, and a few KiB of records around them.
    assert 32 << 20 < size < (32 << 20) + (64 << 10), r
    assert "(XEN) Domain 1 (memcheck) destroyed" in r.lines, r
    assert "memcheck" not in list_rows(said(r, "xl list")), r
    assert said(r, "ls /tmp")[0].split() == [path, str(size)], r
    assert restored(r, "xl restore /tmp/memcheck.save") == \
        ("memcheck", 1, 1), r
    assert_memcheck_went_on(r, "xl restore /tmp/memcheck.save")
    # timecheck too, saved while its clock ran: it never went back.
    assert restored(r, "xl restore /tmp/tc.save") == ("tc", 2, 2), r
    assert "(d2) Test result: SUCCESS" in r.lines, r
    # -c: a snapshot, the domain runs on, so its name is taken.
    saved(r, "xl save -c memcheck /tmp/again.save")
    assert list_rows(said(r, "xl list", 1))["memcheck"][3] == "------"
    assert said(r, "xl restore /tmp/again.save") == [
        "xl: restore: /tmp/again.save: refused: a domain called 'memcheck' "
        "exists (domain 1) (File exists, -17)"], r
    assert r.lines_containing("(XEN) Restore: the save file is refused: a "
                              "domain called 'memcheck' exists"), r
    # -p: left paused until unpaused.
    saved(r, "xl save -p memcheck /tmp/paused.save")
    assert list_rows(said(r, "xl list", 2))["memcheck"][3][2] == "p", r
    assert_memcheck_went_on(r, "xl unpause memcheck")
    assert list(list_rows(said(r, "xl list", 3))) == \
        ["Domain-0", "memcheck"], r


def test_line_begun_before_a_save(image, tmp_path):
    """timecheck begins its next line as it ends the t=1 line and ends it
    3 s later, after the save and the restore (test_live_update_log.py's
    test_line_begun_before_an_update, with a save file between)."""
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/split.cfg", "@wait timecheck: t=1",
        "xl save split /tmp/split.save", "xl restore /tmp/split.save",
        "@wait timecheck: t=4"],
        *config(tmp_path, "split", kernel="timecheck", memory=8,
                extra="split=3000"))
    assert_powered_off(r)
    assert restored(r, "xl restore /tmp/split.save") == ("split", 1, 1), r
    lines = [line for line in r.lines if "timecheck: t=" in line or
             "max_gap=" in line]
    assert all(PROGRESS_RE.match(line) for line in lines), lines
    assert [int(PROGRESS_RE.match(line)[1]) for line in lines[:2]] == \
        [1, 4], lines
    assert (r.lines.index(lines[0]) < typed_at(r, "xl save split "
                                               "/tmp/split.save") <
            typed_at(r, "xl restore /tmp/split.save") <
            r.lines.index(lines[1])), r


def test_files_outlive_live_updates(image, tmp_path):
    """Saved under one hypervisor, restored under the next; a restored
    domain is carried by the next update, into the other build."""
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/memcheck.cfg", "xl create /etc/xen/tc.cfg",
        "@wait memcheck: round 2 ok",
        "xl save memcheck /tmp/m.save",
        "xl live-update /boot/xen-next", "@wait Live update done",
        "xl restore /tmp/m.save", "@wait memcheck: round",
        "xl live-update /boot/xen-alt", "@wait Live update done",
        "sleep 1",
        "xl save tc /tmp/t.save", "xl restore /tmp/t.save",
        "@wait (d2) Test result:", "xl list"],
        "--cmdline", "liveupdate=128M",
        *config(tmp_path, "tc", kernel="timecheck", memory=8,
                extra="seconds=15"))
    assert_powered_off(r)
    assert banners(r.lines)[1:] == ["0.1.0-lu", "0.1.0-lu-alt"], r
    assert restored(r, "xl restore /tmp/m.save") == ("memcheck", 1, 1), r
    assert_memcheck_went_on(r, "xl restore /tmp/m.save")
    assert_memcheck_went_on(r, "xl live-update /boot/xen-alt")
    assert len(r.lines_containing("(XEN) Live update: restored 3 domains")) \
        == 1, r
    assert restored(r, "xl restore /tmp/t.save") == ("tc", 2, 2), r
    assert "(d2) Test result: SUCCESS" in r.lines, r
    assert list(list_rows(said(r, "xl list"))) == \
        ["Domain-0", "memcheck"], r


def test_memory_map_and_regions_stay(image, tmp_path):
    """memmap grows its MMIO hole, physdm places vram and rom in it and
    memmap moves vram about; then memmap is saved and restored, and every
    round after checks its map is the one it had (the same generation),
    the moved RAM and vram keep their contents where they were, and the
    rest of the hole and the reserved ranges still fault."""
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/physdm.cfg", "xl create /etc/xen/memmap.cfg",
        "@wait (d2) memmap: round 2 ok",
        "xl save physdm /tmp/physdm.save",
        "xl save memmap /tmp/memmap.save",
        "@wait (d1) Test result:",
        "xl restore /tmp/memmap.save",
        "@wait (d1) Test result:", "xl list"],
        "--cmdline", "loglvl=all",
        *guests(tmp_path, "relocate=16 dm vram=16 rom_at=0xffe00000 "
                "seconds=8 pace=100 still", "target=2 " + REGIONS))
    assert_powered_off(r)
    assert said(r, "xl save physdm /tmp/physdm.save") == [
        "xl: save: physdm (1): cannot be saved: it is another domain's "
        "device model: Device or resource busy (-16)"], r
    assert "(d1) physdm: region vram at 0xc0000000, 0x1000000 bytes" in \
        r.lines, r
    assert "(d2) memmap: vram moved 4 times, the pattern followed it" in \
        r.lines, r
    # Its device model went with it: none now, and it does no port I/O.
    assert restored(r, "xl restore /tmp/memmap.save") == ("memmap", 1, 2), r
    assert ("(XEN) Restore: domain 1: its device model, domain 1, is not "
            "there: none") in r.lines, r
    after = r.lines[typed_at(r, "xl restore /tmp/memmap.save"):]
    assert any(re.match(r"^\(d1\) memmap: round \d+ ok \(generation 5\)$",
                        line) for line in after), r
    assert "(d1) memmap: the last round ok (generation 5)" in after, r
    assert "(d1) Test result: SUCCESS" in after, r
    assert list(list_rows(said(r, "xl list"))) == ["Domain-0"], r


def test_device_model_takes_over(image, tmp_path):
    """A new physdm takes over memmap once it is restored: placeholders
    first, then the regions where XEN_DMOP_physmap_query says they are --
    where they were -- mapped over them; it gets memmap's ioreq page with
    any request waiting in it, and memmap goes on moving vram through it."""
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/physdm.cfg", "xl create /etc/xen/memmap.cfg",
        "@wait (d2) memmap: round 2 ok",
        "xl save memmap /tmp/memmap.save",
        "@wait (d1) Test result:",
        "xl create /etc/xen/physdm2.cfg", "xl restore /tmp/memmap.save",
        "@wait (d2) Test result:", "@wait (d1) Test result:", "xl list"],
        *guests(tmp_path, "relocate=16 dm vram=16 rom_at=0xffe00000 "
                "seconds=8 pace=100", "target=2 " + REGIONS),
        *config(tmp_path, "physdm2", kernel="physdm", memory=8,
                extra="target=2 attach " + REGIONS))
    assert_powered_off(r)
    assert restored(r, "xl restore /tmp/memmap.save") == ("memmap", 2, 2), r
    at = typed_at(r, "xl restore /tmp/memmap.save")
    before, after = r.lines[:at], r.lines[at:]
    # The regions are where they were: rom and the small ones never
    # moved, vram is at one of the two places memmap moves it between.
    regions = [line for line in before
               if line.startswith("(d1) physdm: region ")]
    again = [line for line in after if line.startswith("(d1) physdm: region ")]
    assert again[1:] == regions[1:] and len(again) == 8, r
    # memmap's vram_checks() leave vram at 0x7ff01000; each round then
    # moves it between there and 3 GiB.
    places = {"0x7ff01000", "0xc0000000"}
    assert again[0].split()[5].rstrip(",") in places, r
    took = [line for line in after
            if line.startswith("(d1) physdm: took dom 2 over: vram at ")]
    assert len(took) == 1 and took[0].split()[8] in places, r
    assert not took[0].endswith(" reads 0 through the placeholders "
                                "remapped"), r
    # memmap moved vram through the new device model and checked it.
    assert any(re.match(r"^\(d2\) memmap: round \d+ ok \(generation 5\)$",
                        line) for line in after), r
    assert "(d2) Test result: SUCCESS" in after, r
    assert "(d1) Test result: SUCCESS" in after, r


def test_device_model_in_the_control_domain(image, tmp_path):
    """A domain whose device model was dom0, but none of dom0's device
    models with state (its file has no DM_STATE): restored, and xl says
    none took it over."""
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/dm0.cfg", "@wait memcheck: round 2 ok",
        "xl save dm0 /tmp/dm0.save", "xl restore /tmp/dm0.save",
        "@wait memcheck: round", "xl list"],
        *config(tmp_path, "dm0", kernel="memcheck", memory=8,
                device_model_domid=0))
    assert_powered_off(r)
    assert said(r, "xl restore /tmp/dm0.save") == [
        "Restored dm0 (1) from /tmp/dm0.save: 8 MiB, 1 vCPU; it was domain 1",
        "xl: restore: dm0 (1): its device model was the control domain, "
        "which runs none that takes it over: its emulated I/O waits for "
        "one"], r
    assert_memcheck_went_on(r, "xl restore /tmp/dm0.save")


def bad_files(tmp_path):
    """{path in dom0: host file} of save files gone bad, and a good one."""
    good = stream(small_domain("synthetic"))
    offsets = record_offsets(good)
    files = {
        "good": good,
        "cut-in-header": good[:50],
        "cut-in-record-header": good[:offsets[3] + 8],
        "cut-in-record": good[:offsets[3] + 16 + 100],
        "cut-in-pages": good[:offsets[6] + 4000],
        "version-2": stream(small_domain("synthetic"), major=2),
        "live-update": stream(small_domain("synthetic")[:1], flags=0),
        "random": os.urandom(10000),
        # iretq or fxrstor would fault in ring 0 on these.
        "rip-not-canonical": stream(with_vcpu(
            small_domain("synthetic"), running_vcpu(9, rip=1 << 47))),
        "rsp-not-canonical": stream(with_vcpu(
            small_domain("synthetic"), running_vcpu(9, rsp=1 << 63))),
        "mxcsr-reserved": stream(with_vcpu(
            small_domain("synthetic"), running_vcpu(9, mxcsr=0x11f80))),
    }
    paths = {}
    for name, data in files.items():
        path = tmp_path / f"{name}.save"
        path.write_bytes(data)
        paths[name] = path
    return paths


REFUSALS = {
    "cut-in-header": "truncated: 50 bytes, a stream header needs 96 "
                     "(Invalid argument, -22)",
    "cut-in-record-header": "truncated: record 3 header needs 16 bytes, 8 "
                            "left (Invalid argument, -22)",
    "cut-in-record": "truncated: record 3 claims 760 bytes, 100 left "
                     "(Invalid argument, -22)",
    "cut-in-pages": "truncated: record 6 claims 8208 bytes, 3984 left "
                    "(Invalid argument, -22)",
    "version-2": "version 2.0 not accepted (reader 1.x) (Operation not "
                 "supported, -95)",
    "live-update": "a live-update stream, not a save file (Invalid "
                   "argument, -22)",
    "random": "bad marker: not a live-update or save stream (Invalid "
              "argument, -22)",
    "rip-not-canonical": "record 3 (VCPU): rip not in the lower half "
                         "(Invalid argument, -22)",
    "rsp-not-canonical": "record 3 (VCPU): rsp not canonical (Invalid "
                         "argument, -22)",
    "mxcsr-reserved": "record 3 (VCPU): reserved MXCSR bits set (Invalid "
                      "argument, -22)",
}


def free_memory(r, nth):
    """free_memory from the nth `xl info`."""
    for line in said(r, "xl info", nth):
        m = FREE_RE.match(line)
        if m:
            return int(m[1])
    raise AssertionError(r)


def test_bad_files_are_refused(image, tmp_path):
    """Every bad file is refused before anything is made, saying what is
    wrong; memcheck runs on, free memory is where it was; the good file
    Python wrote from the spec alone is then restored."""
    paths = bad_files(tmp_path)
    modules = []
    for name, path in paths.items():
        modules += ["--module", f"{path} file /tmp/{name}.save"]
    script = ["xl create /etc/xen/memcheck.cfg", "@wait memcheck: round 2 ok",
              "xl info"]
    script += [f"xl restore /tmp/{name}.save" for name in REFUSALS]
    script += ["xl restore /boot/memcheck.elf", "xl restore /tmp/none",
               "xl save -c memcheck /tmp/memcheck.save",
               "xl restore /tmp/memcheck.save",
               "xl save Domain-0 /tmp/dom0.save", "xl save memcheck",
               "xl save memcheck tmp/relative", "xl save memcheck /etc/xen",
               "xl save -c -p memcheck /tmp/x.save",
               "xl list", "xl info",
               "xl restore /tmp/good.save", "xl restore /tmp/good.save",
               "xl list", "xl destroy synthetic", "sleep 1"]
    r = run_shell(image, tmp_path, script, "--cmdline", "lu_debug_corrupt=7",
                  *modules)
    assert_powered_off(r)
    for name, why in REFUSALS.items():
        assert said(r, f"xl restore /tmp/{name}.save") == [
            f"xl: restore: /tmp/{name}.save: refused: {why}"], (name, r)
    assert said(r, "xl restore /boot/memcheck.elf") == [
        "xl: restore: /boot/memcheck.elf: refused: bad marker: not a "
        "live-update or save stream (Invalid argument, -22)"], r
    assert said(r, "xl restore /tmp/none") == [
        "xl: restore: /tmp/none: No such file"], r
    # A byte flipped on purpose: the record is named.
    assert r.lines_containing("(XEN) Save file: lu_debug_corrupt: record 3 "
                              "(VCPU) damaged on purpose"), r
    refused = said(r, "xl restore /tmp/memcheck.save")
    assert len(refused) == 1 and refused[0].startswith(
        "xl: restore: /tmp/memcheck.save: refused: record 3 (VCPU): checksum "
        "mismatch (stored 0x") and refused[0].endswith(
            "(Invalid argument, -22)"), r
    assert said(r, "xl save Domain-0 /tmp/dom0.save") == [
        "xl: save: cannot save Domain-0 (0), the control domain"], r
    assert said(r, "xl save memcheck")[0] == "xl: save: missing FILE", r
    assert said(r, "xl save memcheck tmp/relative") == [
        "xl: save: tmp/relative: not a file path (absolute, no . or ..)"], r
    assert said(r, "xl save memcheck /etc/xen") == [
        "xl: save: /etc/xen: a directory, or under a file"], r
    assert said(r, "xl save -c -p memcheck /tmp/x.save")[0] == \
        "xl: save: -c and -p exclude each other", r
    # Nothing was made of the refused files, memcheck never stopped.
    good = typed_at(r, "xl restore /tmp/good.save")
    assert not [line for line in r.lines[:good]
                if line.startswith("(XEN) Domain 2 ")], r
    assert list(list_rows(said(r, "xl list"))) == \
        ["Domain-0", "memcheck"], r
    assert free_memory(r, 0) == free_memory(r, 1), r
    assert not r.lines_containing("memcheck: FAIL"), r
    # The good file is restored, once: then its name is taken.
    assert said(r, "xl restore /tmp/good.save") == [
        "Restored synthetic (2) from /tmp/good.save: 0 MiB, 1 vCPU; it was "
        "domain 9"], r
    assert "exists (domain 2)" in \
        said(r, "xl restore /tmp/good.save", 1)[0], r
    assert list(list_rows(said(r, "xl list", 1))) == \
        ["Domain-0", "memcheck", "synthetic"], r


def test_ram_filesystem_full(image, tmp_path):
    """A domain bigger than dom0's RAM filesystem can hold: xl save says
    so and the domain runs on as it was; nothing is left in /tmp."""
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/big.cfg",
        "@wait timecheck: t=1",
        "xl save big /tmp/big.save", "xl list", "ls /tmp",
        "@wait (d1) Test result:"],
        "--mem", "1G",
        *config(tmp_path, "big", kernel="timecheck", memory=320,
                extra="seconds=4"))
    assert_powered_off(r)
    assert said(r, "xl save big /tmp/big.save") == [
        "xl: save: /tmp/big.save: no room in the RAM filesystem for the "
        "save file of big (320 MiB); big goes on as it was"], r
    assert list_rows(said(r, "xl list"))["big"][3][2] == "-", r
    assert said(r, "ls /tmp") == ["ls: /tmp: No such file or directory"]
    assert "(d1) Test result: SUCCESS" in r.lines, r


def test_out_of_memory_on_restore(image, tmp_path):
    """A restore that runs out of memory once the domain exists destroys
    it: nothing is left, free memory is where it was, and the file is
    restored once there is room."""
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/memcheck.cfg", "@wait memcheck: round 2 ok",
        "xl save memcheck /tmp/m.save", "xl create /etc/xen/filler.cfg",
        "xl info", "xl restore /tmp/m.save", "xl info", "xl list",
        "xl destroy filler", "xl restore /tmp/m.save",
        "@wait memcheck: round", "xl list"],
        *config(tmp_path, "filler", kernel="timecheck", memory=230))
    assert_powered_off(r)
    assert said(r, "xl restore /tmp/m.save") == [
        "xl: restore: /tmp/m.save: refused: out of memory for its p2m or RAM "
        "(Cannot allocate memory, -12)"], r
    # Made, run out of memory filling it, destroyed.
    assert "(XEN) Restore: domain 2: out of memory for its p2m or RAM" in \
        r.lines, r
    assert "(XEN) Domain 2 (memcheck) destroyed" in r.lines, r
    assert free_memory(r, 0) == free_memory(r, 1) < 32, r
    assert list(list_rows(said(r, "xl list"))) == \
        ["Domain-0", "filler"], r
    assert RESTORED_RE.match(said(r, "xl restore /tmp/m.save", 1)[-1])
    assert_memcheck_went_on(r, "xl destroy filler")
    assert list(list_rows(said(r, "xl list", 1))) == \
        ["Domain-0", "memcheck"], r
