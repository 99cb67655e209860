# SPDX-License-Identifier: GPL-2.0-only
"""Boot the hypervisor by both paths (QEMU -kernel with multiboot1, GRUB with
multiboot2) with 128M, 2G and 6G of RAM, and check the banner, the physical
memory map it parsed, the command line it received and a clean power-off.

6G puts RAM above 4 GiB, which the memory map must show.
"""

import re

import pytest

from conftest import BOOT_PATHS

MEM_SIZES_MIB = {"128M": 128, "2G": 2048, "6G": 6144}
RANGE_RE = re.compile(
    r"^\(XEN\)  \[([0-9a-f]{16}), ([0-9a-f]{16})\] \(([^)]+)\)$")
RAM_RE = re.compile(r"^\(XEN\) RAM: (\d+) MiB in (\d+) ranges?$")
FOUR_GIB = 1 << 32


def memory_map(result):
    """The (start, end, type) ranges under 'Physical RAM map:' (end
    inclusive), in the order printed."""
    lines = result.lines
    assert "(XEN) Physical RAM map:" in lines, result
    ranges = []
    for line in lines[lines.index("(XEN) Physical RAM map:") + 1:]:
        match = RANGE_RE.match(line)
        if not match:
            break
        ranges.append((int(match[1], 16), int(match[2], 16), match[3]))
    assert ranges, f"no ranges after the memory map header\n{result}"
    return ranges


def assert_clean_poweroff(result):
    assert result.status == 0, result
    assert result.final.startswith("xen-qemu: poweroff: "), result
    assert result.lines[-2] == "(XEN) Powering off.", result


def assert_banner(result):
    # Under -kernel, SeaBIOS leaves "Booting from ROM.." on the banner's line.
    banner = result.lines_containing("(XEN) Xen-LU version ")
    assert len(banner) == 1, result
    assert re.search(r"\(XEN\) Xen-LU version \d+\.\d+\S* ", banner[0]), \
        banner[0]
    assert result.lines_starting("(XEN) Latest ChangeSet: "), result
    assert re.search(r"^\(XEN\) build-id: [0-9a-f]{40}$", result.output,
                     re.MULTILINE), result


def command_line(result):
    """The command line the hypervisor printed, without the image path that
    QEMU -kernel puts first (the parser skips a first word that contains a
    '/' and no '=': docs/misc/xen-command-line.md)."""
    lines = result.lines_starting("(XEN) Command line: ")
    assert len(lines) == 1, result
    words = lines[0][len("(XEN) Command line: "):].split(" ", 1)
    if "/" in words[0] and "=" not in words[0]:
        words = words[1:]
    return " ".join(words)


@pytest.mark.parametrize("mem", MEM_SIZES_MIB)
@pytest.mark.parametrize("path", BOOT_PATHS)
def test_boot(boot, path, mem):
    r = boot(path, "--mem", mem)
    assert_clean_poweroff(r)
    assert_banner(r)
    assert command_line(r) == "console=com1", r

    ranges = memory_map(r)
    for (start, end, _), (next_start, _, _) in zip(ranges, ranges[1:]):
        assert start <= end < next_start, f"unsorted or overlapping: {r}"
    usable = [(s, e) for s, e, kind in ranges if kind == "usable"]
    usable_mib = sum(e - s + 1 for s, e in usable) >> 20
    high = [s for s, _ in usable if s >= FOUR_GIB]
    assert bool(high) == (mem == "6G"), f"RAM above 4 GiB: {high}\n{r}"

    ram = [RAM_RE.match(line) for line in r.lines_starting("(XEN) RAM: ")]
    assert len(ram) == 1 and ram[0], r
    ram_mib, range_count = int(ram[0][1]), int(ram[0][2])
    requested = MEM_SIZES_MIB[mem]
    assert 0.9 * requested <= ram_mib <= requested, r
    assert abs(ram_mib - usable_mib) <= 1, r
    assert range_count == len(usable), r


@pytest.mark.parametrize("path", BOOT_PATHS)
def test_cmdline_reaches_the_hypervisor(boot, path):
    r = boot(path, "--mem", "128M", "--cmdline", "com1=115200")
    assert_clean_poweroff(r)
    assert command_line(r) == "console=com1 com1=115200", r
