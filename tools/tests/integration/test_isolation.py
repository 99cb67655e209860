# SPDX-License-Identifier: GPL-2.0-only
"""Isolation between domains, and between domains and the hypervisor.

Each test boots the hypervisor with boot-time domains (modules whose command
line starts with `domain`, docs/designs/domains.md) built from the test
guests under tools/tests/guests/, and reads each guest's verdict line from
the console:

- `hostile` tries every privileged hypercall, bad pointers, foreign ports,
  foreign and hypervisor memory and privileged instructions, and must find
  every one refused, while `memcheck` runs next to it undisturbed; the
  hypervisor must then power off cleanly with no panic or fatal trap.
- `evtchn` a/b ping-pong 1000 events between two domains; none may be lost.
- `iodm` serves `ioguest`'s port I/O as its device model (dm_op, ioreq
  page, event channel); every read must come back as the device computed it.

The guest ELF images are built by `make` (tools/tests/guests/) into
build/guests/<name>.elf.
"""

import re

import pytest

from conftest import IMAGE, ROOT, launch

GUESTS = ROOT / "build" / "guests"
# Each workload below finishes in well under 30 s under TCG; the limits
# only stop a broken run.
TIMEOUT = 90
HANG = 30
VERDICT_RE = re.compile(r"^\(d(\d+)\) Test result: (\S+)")


def guest(name):
    """Path of the built test guest `name`, failing the test if missing."""
    path = GUESTS / f"{name}.elf"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run 'make'")
    return path


def module(name, memory, args="", dm=None, domain_name=None):
    """A --module argument booting guest `name` as a boot-time domain."""
    words = [str(guest(name)), "domain", f"name={domain_name or name}",
             f"memory={memory}"]
    if dm is not None:
        words.append(f"dm={dm}")
    if args:
        words += ["--", args]
    return " ".join(words)


def run(*modules):
    """Boot the hypervisor (QEMU -kernel) with the given domain modules."""
    if not IMAGE.is_file():
        pytest.fail(f"{IMAGE} is missing: run 'make' first")
    args = ["--image", IMAGE, "--timeout", TIMEOUT, "--hang", HANG]
    for m in modules:
        args += ["--module", m]
    return launch(*args, timeout=TIMEOUT + 30)


def verdicts(result):
    """{domid: [verdict words]} from every `(dN) Test result: ...` line."""
    found = {}
    for line in result.lines:
        match = VERDICT_RE.match(line)
        if match:
            found.setdefault(int(match[1]), []).append(match[2])
    return found


def assert_successes(result, domains):
    """Each domain in {domid: name} printed exactly one verdict, SUCCESS,
    and then shut itself down."""
    found = verdicts(result)
    for domid, name in domains.items():
        assert found.get(domid) == ["SUCCESS"], \
            f"domain {domid} verdicts {found.get(domid)}\n{result}"
        assert (f"(XEN) Domain {domid} ({name}) shut down: poweroff"
                in result.lines), result


def assert_healthy_poweroff(result):
    """Clean power-off after the last domain went, no panic, no fatal trap."""
    bad = [line for line in result.lines_starting("(XEN) ")
           if "Panic" in line or "FATAL" in line]
    assert not bad, f"{bad}\n{result}"
    assert result.status == 0, result
    assert result.final.startswith("xen-qemu: poweroff: "), result
    assert "(XEN) Powering off." in result.lines, result


def guest_lines(result, domid, prefix=""):
    """Domain domid's console lines (without the `(dN) ` prefix)."""
    tag = f"(d{domid}) {prefix}"
    return [line[len(f"(d{domid}) "):] for line in result.lines_starting(tag)]


def test_hostile_is_refused_everything_next_to_memcheck():
    # memcheck is hostile's peer: it must outlive hostile's attacks on it.
    # 72M: its top frame is above 64 MiB, so relocation may move it.
    r = run(module("hostile", "72M", "peer=2"),
            module("memcheck", "16M", "rounds=30"))
    assert_successes(r, {1: "hostile", 2: "memcheck"})
    checks = guest_lines(r, 1, "hostile: ")
    assert checks, r
    not_refused = [c for c in checks
                   if "NOT REFUSED" in c or "WRONG ERROR" in c]
    assert not not_refused, f"{not_refused}\n{r}"
    # Every family of attack was actually tried.
    text = "\n".join(checks)
    for call in ("domctl savedomain on dom 2", "domctl savedomain on dom 1",
                 "domctl restoredomain on dom 2"):
        assert f"hostile: {call}: refused (-EPERM)" in checks, (call, r)
    # RAM never at the lower half's last page (a non-canonical rip after it).
    assert ("hostile: relocate_ram of its top frame to the lower half's "
            "last page: refused (-EINVAL)") in checks, r
    # Every frame of an extent is checked, not only its first.
    # A list longer than one go: the call is made again where it stopped.
    assert ("(d1) hostile: 200 frames given back and taken back in one call "
            "each, done in chunks") in r.lines, r
    assert ("hostile: populate_physmap of 2 frames, the second still "
            "mapped: refused (-EBUSY)") in checks, r
    for family in ("domctl", "sysctl", "dm_op", "console_io", "hypercall",
                   "evtchn", "populate_physmap", "read", "cli", "hlt",
                   "cr3", "wrmsr", "rdmsr", "lgdt", "port 0x80"):
        assert family in text, f"no check mentions {family!r}\n{r}"
    assert not [line for line in r.lines if line.startswith("(d2) ")
                and "FAIL" in line and "Test result" not in line], r
    # hostile may crash nobody, itself included: both shut down normally.
    assert not r.lines_containing(") crashed: "), r
    assert_healthy_poweroff(r)


def test_evtchn_ping_pong_loses_nothing():
    r = run(module("evtchn", "4M", "role=a peer=2 rounds=1000",
                   domain_name="evtchn-a"),
            module("evtchn", "4M", "role=b peer=1 rounds=1000",
                   domain_name="evtchn-b"))
    assert_successes(r, {1: "evtchn-a", 2: "evtchn-b"})
    # A fresh domain's first port is 1, which b binds to.
    assert any(re.search(r"\bport 1\b", line)
               for line in guest_lines(r, 1)), r
    assert not r.lines_containing(") crashed: "), r
    assert_healthy_poweroff(r)


IODM_ROUNDS = 50
# ioguest: one probe read of the served count, 3 sizes x (out + in) per
# round, one final read of the served count (ioguest.c, iodm.c).
IODM_REQUESTS = 2 + 6 * IODM_ROUNDS


def test_port_io_through_a_device_model():
    # wake=1: one request more, and iodm sends ioguest an event while it
    # holds each request after it: ioguest's vCPU must not wake and ask
    # again before the answer.
    r = run(module("iodm", "4M", f"target=2 requests={IODM_REQUESTS + 1}"),
            module("ioguest", "4M", f"rounds={IODM_ROUNDS} wake=1", dm=1))
    assert_successes(r, {1: "iodm", 2: "ioguest"})
    assert "(d1) iodm: bound to dom 2 port 1, to send events on while it " \
        "waits" in r.lines, r
    assert f"(d2) ioguest: {IODM_ROUNDS} rounds, {IODM_REQUESTS + 1} " \
        "requests" in r.lines, r
    # ioguest going closed its ioreq port in iodm only if it still was one.
    assert "(d1) iodm: dom 2 went; port 1, its ioreq port's number, still " \
        "bound to virq 7" in r.lines, r
    # The unclaimed port is not forwarded: it faults in the guest.
    assert any("port 0x80" in line and "#GP" in line
               for line in guest_lines(r, 2)), r
    assert not r.lines_containing(") crashed: "), r
    assert_healthy_poweroff(r)
