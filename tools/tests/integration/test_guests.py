# SPDX-License-Identifier: GPL-2.0-only
"""Test guests running as boot-time domains (docs/designs/domains.md).

Each boot passes guest kernels from build/guests/ (`make` builds them;
sources in tools/tests/guests/) as modules whose command line starts with
`domain`; they get domain ids 1, 2, ... in module order, and their console
lines come out prefixed `(dN) `.  Every guest ends with one verdict line,
`Test result: ...`, and powers its domain off; with no control domain the
hypervisor powers the machine off when the last domain has gone.

- memcheck and timecheck run together and both must succeed: memory stays
  put and time never goes backwards while two domains share the CPU.
- A timecheck that never yields must not starve a memcheck next to it.
- faulter, in each of its modes, runs next to a memcheck: where it faults
  with no (working) handler only its own domain is crashed, with a message
  naming the vector, and memcheck still succeeds; where it has a handler,
  the fault reaches the handler and the faulter succeeds too.
"""

import re

import pytest

from conftest import BOOT_PATHS, ROOT

GUESTS = ROOT / "build" / "guests"
VERDICT_RE = re.compile(r"^\(d(\d+)\) Test result: (.*)$")
ROUND_RE = re.compile(r"^\(d(\d+)\) memcheck: round (\d+) ok \((\d+) pages\)$")
TIMECHECK_RE = re.compile(r"^\(d(\d+)\) timecheck: t=(\d+)\.(\d{3})s "
                          r"max_gap=(\d+)us$")
BAD_ADDR = 1 << 40  # faulter.c
X86_EXC_UD, X86_EXC_GP, X86_EXC_PF = 6, 13, 14
MNEMONIC = {X86_EXC_UD: "#UD", X86_EXC_GP: "#GP", X86_EXC_PF: "#PF"}

MEMCHECK = "memcheck domain name=memcheck memory=32M -- rounds=3"
TIMECHECK = "timecheck domain name=timecheck memory=8M -- seconds=2"


def module(spec):
    """A --module value: spec is "<guest> <domain command line>"."""
    name, _, rest = spec.partition(" ")
    path = GUESTS / f"{name}.elf"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run 'make'")
    return f"{path} {rest}"


def boot_guests(boot, path, *specs):
    args = []
    for spec in specs:
        args += ["--module", module(spec)]
    return boot(path, *args)


def verdicts(result):
    """{domain id: [verdict, ...]} from the `(dN) Test result:` lines."""
    found = {}
    for line in result.lines:
        match = VERDICT_RE.match(line)
        if match:
            found.setdefault(int(match[1]), []).append(match[2])
    return found


def assert_success(result, domid, name):
    """Domain domid (name) gave one SUCCESS verdict and powered off."""
    assert verdicts(result).get(domid) == ["SUCCESS"], result
    assert (f"(XEN) Domain {domid} ({name}) shut down: poweroff"
            in result.lines), result


def assert_crashed(result, domid, name, vector):
    """Domain domid (name) was crashed for vector and gave no verdict."""
    crashed = result.lines_starting(f"(XEN) Domain {domid} ({name}) crashed: ")
    assert len(crashed) == 1, result
    why = crashed[0].split(" crashed: ", 1)[1]
    assert re.search(rf"vector {vector}\b|{MNEMONIC[vector]}\b", why), \
        f"the crash message does not name vector {vector}: {crashed[0]}"
    assert domid not in verdicts(result), result
    assert not result.lines_starting(
        f"(XEN) Domain {domid} ({name}) shut down"), result


def assert_clean_poweroff(result):
    """Every domain gone, then a clean power-off, and nothing fatal."""
    assert result.status == 0, result
    assert result.final.startswith("xen-qemu: poweroff: "), result
    assert "(XEN) Powering off." in result.lines, result
    assert not result.lines_containing("FATAL TRAP"), result
    assert not result.lines_containing("Panic on CPU"), result


def assert_memcheck_rounds(result, domid, rounds):
    found = [ROUND_RE.match(line) for line in result.lines]
    found = [m for m in found if m and int(m[1]) == domid]
    assert [int(m[2]) for m in found] == list(range(1, rounds + 1)), result
    # 32 MiB less the image and the start info page.
    assert all(7900 < int(m[3]) < 8192 for m in found), result


@pytest.mark.parametrize("path", BOOT_PATHS)
def test_memcheck_and_timecheck_together(boot, path):
    r = boot_guests(boot, path, MEMCHECK, TIMECHECK)
    assert_clean_poweroff(r)
    assert_success(r, 1, "memcheck")
    assert_success(r, 2, "timecheck")
    assert_memcheck_rounds(r, 1, 3)
    ticks = [TIMECHECK_RE.match(line) for line in r.lines]
    ticks = [m for m in ticks if m]
    assert ticks and all(m[1] == "2" for m in ticks), r
    assert [int(m[2]) for m in ticks] == list(range(1, len(ticks) + 1)), r
    # Each guest's lines carry its own prefix, and only its own.
    assert all(line.startswith("(d1) ")
               for line in r.lines_containing("memcheck: ")), r
    assert all(line.startswith("(d2) ")
               for line in r.lines_containing("timecheck: t=")), r
    # The last domain gone, the hypervisor powers off: nothing after that.
    last = max(r.lines.index("(XEN) Domain 1 (memcheck) shut down: poweroff"),
               r.lines.index("(XEN) Domain 2 (timecheck) shut down: "
                             "poweroff"))
    assert r.lines.index("(XEN) Powering off.") > last, r


def test_spinning_guest_does_not_starve_another(boot):
    r = boot_guests(boot, "kernel", MEMCHECK, TIMECHECK + " yield=0")
    assert_clean_poweroff(r)
    assert_success(r, 1, "memcheck")
    assert_success(r, 2, "timecheck")
    assert_memcheck_rounds(r, 1, 3)


# mode -> (command line, vector of the crash or None if it must succeed)
FAULTER_MODES = {
    "fault": ("mode=fault", X86_EXC_PF),
    "ud": ("mode=ud", X86_EXC_UD),
    "priv-cli": ("mode=priv insn=cli", X86_EXC_GP),
    "priv-hlt": ("mode=priv insn=hlt", X86_EXC_GP),
    "priv-cr3": ("mode=priv insn=cr3", X86_EXC_GP),
    "handler-fault": ("mode=handler-fault", X86_EXC_PF),
    "handler": ("mode=handler", None),
    "resume": ("mode=resume", None),
}


@pytest.mark.parametrize("mode", FAULTER_MODES)
def test_faulter_next_to_memcheck(boot, mode):
    cmdline, vector = FAULTER_MODES[mode]
    r = boot_guests(boot, "kernel", MEMCHECK,
                    f"faulter domain name=faulter memory=4M -- {cmdline}")
    assert_clean_poweroff(r)
    assert_success(r, 1, "memcheck")
    assert_memcheck_rounds(r, 1, 3)
    if vector is None:
        assert_success(r, 2, "faulter")
    else:
        assert r.lines_starting("(d2) faulter: about to fault"), r
        assert_crashed(r, 2, "faulter", vector)
    if mode in ("handler", "handler-fault", "resume"):
        assert (f"(d2) faulter: handler got vector 14 cr2={BAD_ADDR:#x} "
                "error_code=0x" in r.output), r
    if mode == "handler-fault":
        assert "(d2) faulter: about to fault inside the handler" in r.lines, r
    if mode == "resume":
        assert ("(d2) faulter: resumed after a page fault with every "
                "register intact" in r.lines), r
        assert ("(d2) faulter: resumed after #UD with every register "
                "intact" in r.lines), r


def test_faulter_alone_crashes_and_the_machine_powers_off(boot):
    r = boot_guests(boot, "kernel",
                    "faulter domain name=faulter memory=4M -- mode=ud")
    assert_clean_poweroff(r)
    assert_crashed(r, 1, "faulter", X86_EXC_UD)
