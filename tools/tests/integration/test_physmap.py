# SPDX-License-Identifier: GPL-2.0-only
"""Device-model physmap regions (docs/designs/physmap-and-memory-maps.md).

physdm, the device model of memmap, places two regions of memmap's own
frames in memmap's MMIO hole -- "vram" (16 MiB at 3 GiB) and "rom"
(64 KiB), plus six one-page ones that fill the slots -- after every add
and move that must be refused.  memmap then drives vram like a VGA driver
programs a linear bank base (a port physdm serves with
XEN_DMOP_physmap_move): the pattern it wrote must follow vram to each new
place, up, far down and over itself, the old place must fault, and moves
onto RAM, across 4 GiB, onto a reserved range, onto another region and
onto the shared info page must be refused with vram left where it was.
Meanwhile memmap has grown its hole and checks its map as in
test_memmap.py, the regions excepted.

A device model's rights die with it: the next domain given its id is
refused its old target.
"""

from test_dom0 import assert_powered_off, run_shell
from test_memmap import HOST_RDM, MEMMAP_CFG, config

REGIONS = "vram=16 vram_at=0xc0000000 rom_at=0xffe00000"
# In the hole: memmap's reserved range there is what vram must not land on.
TARGET_RDM = ('[ "0x2000000-0x20fffff", "0x101800000-0x1018fffff", '
              '"0xfed00000-0xfed03fff" ]')

ADDS_REFUSED = {
    "with no name": -22, "with a name of 16 characters": -22,
    "with a space in the name": -22, "of no size": -22,
    "of part of a page": -22, "of 65 MiB": -22, "on RAM": -22,
    "across 4 GiB": -22, "above 4 GiB": -22, "on a reserved range": -1,
    "on the shared info page": -16, "of a second vram": -17,
    "on vram": -16, "of a ninth region": -28,
}
MOVES_REFUSED = {"onto RAM": -22, "across 4 GiB": -22,
                 "onto a reserved range": -1, "onto rom": -16,
                 "onto the shared info page": -16}


def guests(tmp_path, target_extra, dm_extra, dm_memory=8):
    """memmap (domain 2) and physdm (domain 1, its device model)."""
    cfg = dict(MEMMAP_CFG, rdm=TARGET_RDM, device_model_domid=1)
    return [*config(tmp_path, "memmap", extra=target_extra, **cfg),
            *config(tmp_path, "physdm", kernel="physdm", memory=dm_memory,
                    extra=dm_extra)]


def test_regions_added_moved_and_refused(image, tmp_path):
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/physdm.cfg", "xl create /etc/xen/memmap.cfg",
        "@wait (d2) Test result:", "@wait (d1) Test result:"],
        "--cmdline", HOST_RDM + " loglvl=all",
        *guests(tmp_path, "relocate=16 rounds=4 dm vram=16 "
                "rom_at=0xffe00000", "target=2 changes=1 " + REGIONS))
    assert_powered_off(r)
    assert sorted(r.lines_starting("(d1) Test result:") +
                  r.lines_starting("(d2) Test result:")) == \
        ["(d1) Test result: SUCCESS", "(d2) Test result: SUCCESS"], r
    for what, errno in ADDS_REFUSED.items():
        assert f"(d1) physdm: add {what}: {errno} as it should" in r.lines, \
            (what, r)
    assert "(d1) physdm: move of no such region: -2 as it should" in r.lines
    assert "(d1) physdm: move of rom onto vram: -16 as it should" in r.lines
    # The hypervisor says why, at debug level.
    for why in ("a name is 1 to 15 printable characters, no spaces",
                "a region is 4 KiB to 64 MiB", "not whole pages",
                "outside the MMIO hole", "on a reserved range",
                "something is mapped there", "the name is taken",
                "on another region", "too many regions", "no such region"):
        assert any(line.startswith("(XEN) Domain 2: physmap ") and
                   line.endswith(f" refused: {why}") for line in r.lines), \
            (why, r)
    assert r.lines_starting("(d1) physdm: region ") == [
        "(d1) physdm: region vram at 0xc0000000, 0x1000000 bytes",
        "(d1) physdm: region rom at 0xffe00000, 0x10000 bytes",
        *[f"(d1) physdm: region r{i} at {0xffe00000 - i * 4096:#x}, "
          "0x1000 bytes" for i in range(2, 8)]], r
    assert "(d2) memmap: vram moved 4 times, the pattern followed it" in \
        r.lines, r
    for what, errno in MOVES_REFUSED.items():
        assert f"(d2) memmap: vram {what}: refused ({errno})" in r.lines, \
            (what, r)
    # Moved between two places every round, the pattern checked each time.
    assert "(d2) memmap: round 4 ok (generation 5)" in r.lines, r


FOREIGN_REFUSED = {
    "map of no frames": -22, "map of 4097 frames": -22,
    "map with unknown flags": -22, "map over our own RAM": -16,
    "map onto our reserved range": -1,
    "map of the target's shared info page": -6,
    "map of the target's hole": -6,
    "map of the target's reserved range": -6,
    "map of the control domain's memory": -1, "map of our own memory": -1,
    "map of a domain that does not exist": -3, "unmap of our own RAM": -22,
    "unmap of nothing": -22,
}

OWN_RAM_REFUSED = {
    "the ioreq page onto our RAM, given back": -22,
    "a placeholder onto our RAM, given back": 0,
    "relocation of our RAM with a placeholder in it": -16,
    "unmap of the placeholder": 0,
    "relocation of our RAM with a frame given back": -16,
}


def test_foreign_mappings(image, tmp_path):
    """physdm maps memmap's memory: refused for anything but its target's
    memory; a mapping follows its frame when RAM or vram moves; a page
    mapped cannot be given back; the target going leaves a placeholder."""
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/physdm.cfg", "xl create /etc/xen/memmap.cfg",
        "@wait (d2) Test result:", "@wait (d1) Test result:"],
        "--cmdline", HOST_RDM,
        *guests(tmp_path, "relocate=16 dm vram=16 rom_at=0xffe00000 foreign",
                "target=2 changes=1 " + REGIONS, dm_memory=72))
    assert_powered_off(r)
    assert sorted(r.lines_starting("(d1) Test result:") +
                  r.lines_starting("(d2) Test result:")) == \
        ["(d1) Test result: SUCCESS", "(d2) Test result: SUCCESS"], r
    for what, errno in FOREIGN_REFUSED.items():
        assert f"(d1) physdm: {what}: {errno} as it should" in r.lines, \
            (what, r)
    for what in ("map of a placeholder",
                 "map of the target's RAM over the placeholder", "unmap"):
        assert f"(d1) physdm: {what}: 0 as it should" in r.lines, (what, r)
    # Nothing of the hypervisor's in physdm's own RAM, where a relocation
    # would carry it away from where the hypervisor knows it is.
    for what, errno in OWN_RAM_REFUSED.items():
        assert f"(d1) physdm: {what}: {errno} as it should" in r.lines, \
            (what, r)
    mine = [line[len("(d2) memmap: "):] for line in r.lines
            if line.startswith("(d2) memmap: the device model") or
            line.startswith("(d2) memmap: giving") or
            line.startswith("(d2) memmap: given")]
    assert mine == [
        "the device model saw generation 1",
        "the device model reads RAM about to move at 0x4800000",
        "the device model saw generation 5",
        "the device model's mapping of RAM that moved still reads it",
        "the device model may not map where RAM moved away from: refused "
        "(-6)",
        "the device model reads RAM where it moved to at 0x102200000",
        "the device model may not map a reserved range: refused (-6)",
        "the device model may not map the hole: refused (-6)",
        "the device model may not map the shared info page: refused (-6)",
        "the device model reads vram at 0x7ff01000",
        "the device model's mapping of vram still reads it",
        "the device model reads a page to give back at 0x1000000",
        "giving back a page the device model maps: refused (-16)",
        "given back once unmapped, then populated again",
        "the device model reads a page left mapped at 0x1000000"], r
    # memmap went with the page still mapped: the mapping reads a
    # placeholder now, without a fault.
    assert "(d1) physdm: our mapping of dom 2 reads 0 after it went" in \
        r.lines, r
    # So does its ioreq page: the page went with memmap, the place did not.
    assert "(d1) physdm: our ioreq page of dom 2 reads 0 after it went" in \
        r.lines, r


def test_a_gone_device_models_id_gives_no_rights(image, tmp_path):
    """physdm (domain 1) serves tc; once it is destroyed tc has no device
    model, and the next domain given id 1 -- another physdm -- is refused
    tc's memory map, the first thing a device model asks for."""
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/physdm.cfg", "xl create /etc/xen/tc.cfg",
        "@wait (d1) physdm: serving dom 2", "xl destroy physdm",
        "xl create /etc/xen/physdm.cfg", "@wait (d1) Test result:",
        "xl destroy tc"],
        *config(tmp_path, "tc", kernel="timecheck", memory=8,
                device_model_domid=1),
        *config(tmp_path, "physdm", kernel="physdm", memory=8,
                extra="target=2"))
    assert_powered_off(r)
    assert "(XEN) Domain 2: its device model, domain 1, has gone: none now" \
        in r.lines, r
    assert r.lines_starting("(d1) Test result:") == [
        "(d1) Test result: ERROR watch_memory_map of dom 2: -1"], r
    assert not r.lines_containing("timecheck: FAIL"), r
