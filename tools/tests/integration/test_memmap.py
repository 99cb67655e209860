# SPDX-License-Identifier: GPL-2.0-only
"""Guest memory maps, which the hypervisor owns
(docs/designs/physmap-and-memory-maps.md).

The memmap guest (tools/tests/guests/memmap/) reads its map with
XENMEM_memory_map, prints it and checks it is true: RAM is memory, every
reserved range and the rest of the MMIO hole fault.  dom0 creates it from
a config with `mmio_hole` and `rdm` (xl.cfg(5)) on a host booted with
`rdm=` (xen-command-line.md), and the map must be exactly what those ask
for: RAM from 0 around the reserved ranges up to the hole, the hole, the
rest of the RAM from 4 GiB around the reserved ranges there.

Bad input is refused with a clear message and nothing else disturbed: a
malformed item of the host's rdm= (the others still apply), config values
xl refuses (a hole too small or too big, malformed or too many ranges,
Xen's rdm string with a setting we lack), and a reserved range over the
guest's kernel, which the hypervisor refuses.

Relocation: memmap, as its own firmware, grows its hole by 16 MiB
(XENMEM_relocate_ram) after ten relocations that must be refused, each
with its errno, the hypervisor's reason (loglvl=all) and the map
unchanged; then the moved RAM must keep its contents at 4 GiB and above
and be gone from below the hole, and reserved ranges are still never
RAM.  physdm, its device model, watches the map: it must be told of the
change (memmap waits for it to report the new generation on a port), and
the map it reads must be the one memmap reads.
"""

import re

from conftest import ROOT
from test_dom0 import assert_powered_off, list_rows, output_of, run_shell

HOST_RDM = "rdm=0x3000000-0x3003fff,0x1234-0x2000,0x100400000-0x1004fffff"

# memory 96 MiB, a 4016 MiB hole (from 80 MiB), one reserved MiB of its own
# at 32 MiB and the host's 16 KiB at 48 MiB and MiB at 4 GiB + 4 MiB.
MEMMAP_CFG = {"memory": 96, "mmio_hole": 4016,
              "rdm": '[ "0x2000000-0x20fffff" ]'}
MAP = ["RAM 0-0x1ffffff",
       "RDM 0x2000000-0x20fffff",
       "RAM 0x2100000-0x2ffffff",
       "RDM 0x3000000-0x3003fff",
       "RAM 0x3004000-0x4ffffff",
       "MMIO 0x5000000-0xffffffff",
       "RAM 0x100000000-0x1003fffff",
       "RDM 0x100400000-0x1004fffff",
       "RAM 0x100500000-0x101203fff"]


def config(tmp_path, name, kernel="memmap", extra="", **keys):
    """A guest config for dom0's /etc/xen/<name>.cfg, as a --module
    argument; keys are written as they are given (strings quoted)."""
    lines = [f'name = "{name}"', f'kernel = "/boot/{kernel}.elf"',
             f'extra = "{extra}"', 'on_crash = "preserve"']
    for key, value in keys.items():
        if isinstance(value, str) and not value.startswith("["):
            value = f'"{value}"'
        lines.append(f"{key} = {value}")
    path = tmp_path / f"{name}.cfg"
    path.write_text("\n".join(lines) + "\n")
    return ["--module", f"{path} file /etc/xen/{name}.cfg"]


GENERATION_RE = re.compile(r"generation (\d+), \d+ ranges$")
GONE_RE = re.compile(r"^\(d1\) physdm: dom 2 has gone; (\d+) map changes "
                     r"seen, generation (\d+)$")


def maps(r, who):
    """{generation: [range, ...]} from the maps `(dN) who: ...` printed:
    a line ending `generation G, K ranges`, then `TYPE START-END` lines."""
    found, current = {}, None
    for line in r.lines:
        if not line.startswith(who):
            continue
        text = line[len(who):]
        match = GENERATION_RE.search(text)
        if match:
            current = found.setdefault(int(match[1]), [])
            current.clear()
        elif current is not None and text.split(" ")[0] in (
                "RAM", "RDM", "MMIO", "RESERVED"):
            current.append(text)
    return found


def map_lines(r, domid):
    """The ranges of the first map domain domid (memmap) printed."""
    return maps(r, f"({domid}) memmap: ")[1]


def test_map_as_configured(image, tmp_path):
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/memmap.cfg", "@wait (d1) Test result:", "xl list"],
        "--cmdline", HOST_RDM, *config(tmp_path, "memmap", **MEMMAP_CFG))
    assert_powered_off(r)
    assert r.lines_containing("(XEN) rdm: ignoring '0x1234-0x2000' (START "
                              "must be 4 KiB aligned)"), r
    assert map_lines(r, "d1") == MAP, r
    assert "(d1) memmap: generation 1, 9 ranges" in r.lines, r
    assert r.lines_containing("(d1) memmap: ") and \
        r.lines_starting("(d1) Test result:") == ["(d1) Test result: SUCCESS"]
    # dom0 got the host's ranges too and carried on.
    assert list(list_rows(output_of(r, "xl list"))) == ["Domain-0"], r


def test_bad_configs_are_refused(image, tmp_path):
    bad = {
        "small": ({"memory": 8, "mmio_hole": 255},
                  "/etc/xen/small.cfg:6: 'mmio_hole' must be between 256 and "
                  "4032"),
        "big": ({"memory": 8, "mmio_hole": 4033},
                "/etc/xen/big.cfg:6: 'mmio_hole' must be between 256 and "
                "4032"),
        "unaligned": ({"memory": 8, "rdm": '[ "0x1001000-0x1001ffe" ]'},
                      '/etc/xen/unaligned.cfg:6: \'rdm\' range '
                      '"0x1001000-0x1001ffe": END must be the last byte of a '
                      'page (end in fff)'),
        "many": ({"memory": 8, "rdm": "[" + ", ".join(
            f'"{0x1000000 + i * 0x2000:#x}-{0x1000fff + i * 0x2000:#x}"'
            for i in range(9)) + "]"},
                 "/etc/xen/many.cfg:6: 'rdm' has too many ranges (at most "
                 "8)"),
        "xenform": ({"memory": 8, "rdm": "strategy=all"},
                    "/etc/xen/xenform.cfg:6: 'rdm' setting \"strategy=all\" "
                    "is not supported (Xen's form is \"strategy=host,"
                    "policy=strict\"; ranges go in a list, as in [ "
                    "\"0xfed00000-0xfed03fff\" ])"),
    }
    modules = []
    for name, (keys, _) in bad.items():
        modules += config(tmp_path, name, **keys)
    # The kernel loads at 1 MiB: a reserved range there cannot be.
    modules += config(tmp_path, "overkernel", memory=8,
                      rdm='[ "0x101000-0x101fff" ]')
    script = [f"xl create /etc/xen/{name}.cfg" for name in bad]
    script += ["xl create /etc/xen/overkernel.cfg", "xl list"]
    r = run_shell(image, tmp_path, script, *modules)
    assert_powered_off(r)
    for name, (_, message) in bad.items():
        assert output_of(r, f"xl create /etc/xen/{name}.cfg")[-1] == \
            message, r
    assert output_of(r, "xl create /etc/xen/overkernel.cfg")[-1] == (
        "xl: create: the hypervisor refused to create domain 'overkernel': "
        "Invalid argument (-22) (see `xl dmesg` for why)"), r
    assert r.lines_containing("(XEN) Domain overkernel: kernel [0x100000, "), r
    assert r.lines_containing(") is not all RAM in its memory map (a "
                              "reserved range?)"), r
    assert list(list_rows(output_of(r, "xl list"))) == ["Domain-0"], r


# After relocating the top 16 MiB of the RAM below the hole (80 MiB) to
# the first 2 MiB boundary past everything above 4 GiB, in 4 pieces.
RELOCATED = (MAP[:4] + ["RAM 0x3004000-0x3ffffff",
                        "MMIO 0x4000000-0xffffffff"] + MAP[6:] +
             ["RDM 0x101800000-0x1018fffff", "RAM 0x101a00000-0x1029fffff"])
REFUSALS = {
    "of nothing": (-22, "the range to move is empty or beyond the "
                   "guest-physical space"),
    "from the hole": (-22, "the range to move is not all RAM"),
    "not right below the hole": (-22, "the range to move is not the RAM "
                                 "right below the MMIO hole"),
    "to below 64 MiB": (-22, "the MMIO hole would start below 64 MiB"),
    "to below 4 GiB": (-22, "the destination must be at or above 4 GiB, "
                       "inside the guest-physical space"),
    "onto a reserved range": (-1, "the destination overlaps a reserved "
                              "range"),
    "onto RAM": (-16, "the destination overlaps RAM"),
    "beyond the guest-physical space": (-22, "the destination must be at or "
                                        "above 4 GiB, inside the "
                                        "guest-physical space"),
    "to the last page of the lower half": (-22, "the destination must be "
                                           "at or above 4 GiB, inside the "
                                           "guest-physical space"),
    "with a bad pointer": (-14, None),
}


def test_relocation_grows_the_hole_and_tells_the_dm(image, tmp_path):
    cfg = dict(MEMMAP_CFG, rdm='[ "0x2000000-0x20fffff", '
               '"0x101800000-0x1018fffff" ]', device_model_domid=1)
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/physdm.cfg", "xl create /etc/xen/memmap.cfg",
        "@wait (d2) Test result:", "@wait (d1) Test result:", "xl list"],
        "--cmdline", HOST_RDM + " loglvl=all",
        *config(tmp_path, "memmap", extra="relocate=16 rounds=2 dm", **cfg),
        *config(tmp_path, "physdm", kernel="physdm", memory=8,
                extra="target=2 changes=1"))
    assert_powered_off(r)
    assert sorted(r.lines_starting("(d1) Test result:") +
                  r.lines_starting("(d2) Test result:")) == \
        ["(d1) Test result: SUCCESS", "(d2) Test result: SUCCESS"], r
    for what, (errno, why) in REFUSALS.items():
        assert f"(d2) memmap: relocation {what}: refused ({errno})" in \
            r.lines, (what, r)
        if why:
            assert any(line.startswith("(XEN) Domain 2: relocation of ") and
                       line.endswith(f" refused: {why}")
                       for line in r.lines), (what, r)
    assert "(d2) memmap: relocated 0x4000000-0x4ffffff to 0x101a00000" in \
        r.lines, r
    guest, dm = maps(r, "(d2) memmap: "), maps(r, "(d1) physdm: ")
    assert guest[1] == dm[1] == MAP + ["RDM 0x101800000-0x1018fffff"], r
    assert guest[5] == dm[5] == RELOCATED, r
    # Told, not polled: memmap waits for physdm to report generation 5.
    assert "(d2) memmap: the device model saw generation 5" in r.lines, r
    # It may have been told more than once while the relocation went on.
    gone = [m for m in map(GONE_RE.match, r.lines) if m]
    assert len(gone) == 1 and int(gone[0][1]) >= 1 and gone[0][2] == "5", r
    # Reserved ranges stay unreachable after the relocation, every round.
    assert len(r.lines_containing("(d2) memmap: 860 pages probed")) == 5, r
    assert "(d2) memmap: the last round ok (generation 5)" in r.lines, r
    assert "(d2) memmap: round 2 ok (generation 5)" in r.lines, r
    for what in ("a second watch: -17", "a map buffer too small: -7",
                 "a map buffer at a bad address: -14"):
        assert f"(d1) physdm: {what} as it should" in r.lines, r


def test_boot_time_domains(boot):
    """The same keys on a boot module's `domain` line (domains.md): memmap
    built at boot with its hole and two reserved ranges (rdm= twice: QEMU's
    -kernel takes no commas in a module's line), relocating; modules whose
    keys are wrong are not built, the others are."""
    guest = ROOT / "build" / "guests" / "memmap.elf"
    many = " ".join(f"rdm={0x2000 + i * 0x2000:#x}-{0x2fff + i * 0x2000:#x}"
                    for i in range(9))
    r = boot("kernel",
             "--module", f"{guest} domain name=memmap memory=96M "
             "mmio_hole=4016 rdm=0x2000000-0x20fffff "
             "rdm=0x101800000-0x1018fffff -- relocate=16",
             "--module", f"{guest} domain name=unaligned memory=8M "
             "rdm=0x1001000-0x1001ffe",
             "--module", f"{guest} domain name=small memory=8M mmio_hole=100",
             "--module", f"{guest} domain name=huge memory=8M mmio_hole=5000",
             "--module", f"{guest} domain name=many memory=8M {many}",
             "--module", f"{guest} domain name={'x' * 170} memory=8M")
    assert r.status == 0 and r.final.startswith("xen-qemu: poweroff"), r
    assert map_lines(r, "d1") == [
        "RAM 0-0x1ffffff", "RDM 0x2000000-0x20fffff",
        "RAM 0x2100000-0x4ffffff", "MMIO 0x5000000-0xffffffff",
        "RAM 0x100000000-0x1010fffff", "RDM 0x101800000-0x1018fffff"], r
    assert "(d1) memmap: relocated 0x4000000-0x4ffffff to 0x101a00000" in \
        r.lines, r
    assert r.lines_starting("(d1) Test result:") == \
        ["(d1) Test result: SUCCESS"], r
    assert ("(XEN) rdm: '0x1001000-0x1001ffe': END must be the last byte of "
            "a page (end in fff)") in r.lines, r
    assert ("(XEN) Module 1: bad domain option 'rdm=0x1001000-0x1001ffe'; "
            "domain not built") in r.lines, r
    assert ("(XEN) Domain small: memory map: the MMIO hole must be 256 to "
            "4032 MiB") in r.lines, r
    assert ("(XEN) Module 3: bad domain option 'mmio_hole=5000'; domain not "
            "built") in r.lines, r
    assert ("(XEN) rdm: '0x12000-0x12fff': too many ranges (at most 8)"
            in r.lines), r
    assert ("(XEN) Module 5: domain option 'name=xxxxxxxxxxx...' is longer "
            "than 159 characters; domain not built") in r.lines, r
    assert not r.lines_starting("(d2)"), r
