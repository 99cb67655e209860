# SPDX-License-Identifier: GPL-2.0-only
"""A deliberate page fault in the hypervisor (selftest=fault) must produce
the fault report (vector, error code, faulting address, registers), a panic
and a non-zero exit, by both boot paths."""

import pytest

from conftest import BOOT_PATHS


@pytest.mark.parametrize("path", BOOT_PATHS)
def test_page_fault_dumps_registers_and_panics(boot, path):
    r = boot(path, "--mem", "128M", "--cmdline", "selftest=fault")
    assert r.status == 1, r
    assert r.final.startswith("xen-qemu: panic: Panic on CPU 0: "), r
    trap = r.lines_starting(
        "(XEN) FATAL TRAP: vector 14 (#PF Page fault), error code 0x")
    assert len(trap) == 1, r
    after = r.lines[r.lines.index(trap[0]):]
    assert any("CR2:" in line for line in after), r
    assert any("RAX:" in line for line in after), r
    assert any("RIP:" in line for line in after), r
    assert "(XEN) Panic on CPU 0:" in after, r
    assert "(XEN) Powering off." not in r.lines, r
