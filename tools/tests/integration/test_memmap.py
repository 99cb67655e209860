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
"""

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


def map_lines(r, domid):
    """The `memmap: TYPE START-END` lines domain domid printed, in order."""
    prefix = f"({domid}) memmap: "
    return [line[len(prefix):] for line in r.lines
            if line.startswith(prefix) and
            line[len(prefix):].split(" ")[0] in ("RAM", "RDM", "MMIO",
                                                 "RESERVED")]


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
