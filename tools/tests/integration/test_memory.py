# SPDX-License-Identifier: GPL-2.0-only
"""Memory bring-up on the real image (issue 3): the boot allocator, the frame
table, the heap, badpage=, liveupdate=, lu_bootmem_only and selftest=alloc.

Every boot's accounting is parsed and checked to add up:

    Memory: T pages of RAM: F free, B broken, R reserved for live update,
            H used by the hypervisor

T must be the whole 4 KiB frames of usable RAM in the printed memory map,
F + B + R + H == T, F the heap's page count, B the bad RAM frames passed on
the command line (listed under `Broken pages: B offlined, 0 still in use by
their owners` as exact ranges) and R the live-update region less its bad
frames.  Each case is also compared with a boot of the same RAM size and no
options (the baseline): a bad frame or a region frame must leave the free
count exactly, and move nothing else, so a bad frame that reached the heap,
or one counted twice, shows up as a number that is off.  selftest=alloc
then proves that the heap never hands out a broken or reserved frame.

Most boots use QEMU -kernel; two configurations also boot through GRUB and
must give the same figures, since both loaders feed the same memory code.
"""

import re

import pytest

from conftest import BOOT_HANG, BOOT_TIMEOUT, IMAGE, launch

PAGE = 4096
SIZE_2M = 2 << 20
FOUR_GIB = 1 << 32
LOW_MEMORY_FRAMES = 0x100  # the first MiB is left to the firmware
PAGE_INFO_BYTES = 32       # docs/misc/xen-command-line.md, lu_bootmem_only

MAP_RE = re.compile(
    r"^\(XEN\)  \[([0-9a-f]{16}), ([0-9a-f]{16})\] \(([^)]+)\)$")
LOADED_RE = re.compile(r"^\(XEN\) Loaded at 0x([0-9a-f]+)-0x([0-9a-f]+)$")
MEMORY_RE = re.compile(
    r"^\(XEN\) Memory: (\d+) pages of RAM: (\d+) free, (\d+) broken, "
    r"(\d+) reserved for live update, (\d+) used by the hypervisor$")
FRAMETABLE_RE = re.compile(
    r"^\(XEN\) Frame table: (\d+) frames, (\d+) KiB, initialised in "
    r"(\d+) us$")
HEAP_RE = re.compile(r"^\(XEN\) Heap: (\d+) pages, initialised in (\d+) us$")
BROKEN_RE = re.compile(
    r"^\(XEN\) Broken pages: (\d+) offlined, (\d+) still in use by "
    r"(its owner|their owners)$")
BROKEN_RANGE_RE = re.compile(
    r"^\(XEN\)  \[([0-9a-f]{10,}), ([0-9a-f]{10,})\]$")
REGION_RE = re.compile(
    r"^\(XEN\) Live update: (\d+) MiB reserved at "
    r"\[([0-9a-f]{16}), ([0-9a-f]{16})\]$")
SELFTEST_RE = re.compile(
    r"^\(XEN\) selftest: alloc: SUCCESS: (\d+) pages in (\d+) blocks "
    r"checked, (\d+) free before and after$")
RESTRICTED = "(XEN) Boot allocator restricted to the live-update region"
LU_DISABLED = "(XEN) Live update disabled: no region reserved"


def only(result, regex):
    """The match of regex on exactly one console line."""
    matches = [m for m in map(regex.match, result.lines) if m]
    assert len(matches) == 1, f"{len(matches)} lines match {regex.pattern}\n" \
                              f"{result}"
    return matches[0]


def runs(frames):
    """Sorted frame numbers as inclusive (first, last) runs."""
    out = []
    for f in sorted(frames):
        if out and out[-1][1] + 1 == f:
            out[-1] = (out[-1][0], f)
        else:
            out.append((f, f))
    return out


def frames_of(ranges):
    """The set of frames in inclusive (first, last) ranges."""
    return {f for first, last in ranges for f in range(first, last + 1)}


class MemBoot:
    """One -kernel or GRUB boot, parsed, with its self-consistency checked:
    a clean power-off, F + B + R + H == T, T equal to the RAM in the map,
    the broken list equal to B, the region where the docs say."""

    def __init__(self, result):
        self.result = result
        r = result
        assert r.status == 0, str(r)
        assert r.final.startswith("xen-qemu: poweroff: "), str(r)
        assert r.lines[-2] == "(XEN) Powering off.", str(r)
        assert not r.lines_containing("Panic"), str(r)
        assert not r.lines_containing("FAILURE"), str(r)

        # Whole 4 KiB frames of usable RAM, [first, end).
        self.ram = []
        for m in filter(None, map(MAP_RE.match, r.lines)):
            start, end = int(m[1], 16), int(m[2], 16) + 1
            if m[3] == "usable":
                self.ram.append((-(-start // PAGE), end // PAGE))
        assert self.ram, str(r)
        loaded = only(r, LOADED_RE)
        self.image = range(int(loaded[1], 16) // PAGE,
                           int(loaded[2], 16) // PAGE + 1)

        m = only(r, MEMORY_RE)
        self.total, self.free, self.broken, self.reserved, self.xen = \
            map(int, m.groups())
        assert self.free + self.broken + self.reserved + self.xen == \
            self.total, m[0]
        assert self.total == sum(e - s for s, e in self.ram), str(r)

        m = only(r, FRAMETABLE_RE)
        self.ft_frames, self.ft_kib = int(m[1]), int(m[2])
        assert self.ft_frames == max(e for _, e in self.ram), str(r)
        assert self.ft_kib == self.ft_frames * PAGE_INFO_BYTES >> 10, m[0]
        self.ft_pages = self.ft_kib // 4

        m = only(r, HEAP_RE)
        assert int(m[1]) == self.free, f"heap took {m[1]} pages, {r}"

        self.broken_runs = self._broken_runs()
        self.region = self._region()

    def _broken_runs(self):
        r = self.result
        i = r.lines.index(only(r, MEMORY_RE)[0])
        if not self.broken:
            assert not r.lines_starting("(XEN) Broken pages:"), str(r)
            return []
        # No domain ran before this boot: every bad frame is offlined.
        m = BROKEN_RE.match(r.lines[i + 1])
        assert m and int(m[1]) == self.broken and m[2] == "0", str(r)
        out = []
        for line in r.lines[i + 2:]:
            m = BROKEN_RANGE_RE.match(line)
            if not m:
                break
            out.append((int(m[1], 16), int(m[2], 16)))
        assert sum(last - first + 1 for first, last in out) == \
            self.broken, str(r)
        assert out == runs(frames_of(out)), f"not sorted, disjoint runs: {r}"
        return out

    def _region(self):
        """The live-update region as a range of frames, or None."""
        r = self.result
        lines = [m for m in map(REGION_RE.match, r.lines) if m]
        if not lines:
            assert self.reserved == 0, str(r)
            return None
        assert len(lines) == 1, str(r)
        mib, start, end = int(lines[0][1]), int(lines[0][2], 16), \
            int(lines[0][3], 16) + 1
        assert end - start == mib << 20, lines[0][0]
        assert start % SIZE_2M == 0 and end % SIZE_2M == 0, lines[0][0]
        assert end <= FOUR_GIB, lines[0][0]
        region = range(start // PAGE, end // PAGE)
        assert any(s <= region.start and region.stop <= e
                   for s, e in self.ram), f"region not in one RAM range: {r}"
        return region

    def is_ram(self, frame):
        return any(s <= frame < e for s, e in self.ram)

    def fixed(self, frame):
        """Frames a plain boot already counts as the hypervisor's and never
        frees: the first MiB and the image."""
        return frame < LOW_MEMORY_FRAMES or frame in self.image


def boot_mem(boot, mem, options="", path="kernel"):
    args = ["--mem", mem]
    if options:
        args += ["--cmdline", options]
    return MemBoot(boot(path, *args))


@pytest.fixture(scope="module")
def baseline(image):
    """baseline(mem): the parsed boot of mem with no options, booted once."""
    cache = {}

    def get(mem):
        if mem not in cache:
            cache[mem] = MemBoot(launch(
                "--image", image, "--timeout", BOOT_TIMEOUT,
                "--hang", BOOT_HANG, "--mem", mem))
        return cache[mem]
    return get


def check_against_baseline(b, base, bad=()):
    """b booted with the bad frames `bad` (inclusive ranges as passed, RAM
    or not) and maybe a region: check B, R, F and H exactly.  With
    lu_bootmem_only the boot allocations move into the region, so F and H
    are only checked to add up."""
    assert b.total == base.total and b.ram == base.ram, str(b.result)
    assert b.ft_frames == base.ft_frames, str(b.result)
    bad_ram = {f for f in frames_of(bad) if b.is_ram(f)}
    region = set(b.region or ())
    assert b.broken_runs == runs(bad_ram), str(b.result)
    assert b.broken == len(bad_ram), str(b.result)
    assert b.reserved == len(region - bad_ram), str(b.result)
    # A bad or reserved frame the baseline gave the heap leaves the heap;
    # one the baseline counted as the hypervisor's is no longer counted so.
    taken = bad_ram | region
    if RESTRICTED in b.result.lines:
        # The frame table (and page tables) moved into the region: the
        # hypervisor holds that much less outside it.
        assert b.xen <= base.xen - b.ft_pages, str(b.result)
        return
    assert b.xen == base.xen - sum(map(b.fixed, taken)), str(b.result)
    assert b.free == base.free - sum(not b.fixed(f) for f in taken), \
        str(b.result)


def check_selftest(b):
    m = only(b.result, SELFTEST_RE)
    pages, blocks, free = map(int, m.groups())
    assert pages == free == b.free and blocks > 0, m[0]


# --- plain boots --------------------------------------------------------


@pytest.mark.parametrize("mem", ["128M", "2G", "6G"])
def test_no_options(baseline, mem):
    b = baseline(mem)
    assert (b.broken, b.reserved, b.region) == (0, 0, None), str(b.result)
    assert not b.result.lines_containing("badpage:"), str(b.result)
    # The hypervisor holds at least the first MiB, its image and the
    # frame table (all from boot memory).
    low = sum(min(e, LOW_MEMORY_FRAMES) - s for s, e in b.ram
              if s < LOW_MEMORY_FRAMES)
    assert b.xen >= low + len(b.image) + b.ft_pages, str(b.result)
    # ... and not much more: the direct map's page tables.
    assert b.xen <= low + len(b.image) + b.ft_pages + 64, str(b.result)


# --- badpage= -----------------------------------------------------------

# (mem, badpage list, the bad ranges it asks for, the not-RAM messages)
BADPAGE_CASES = {
    # The lowest frames the heap gets (the first MiB is never used), and a
    # range running off the end of RAM (the last frame is 0x7fdf).
    "lowest-and-top-128M": (
        "128M", "0x100-0x10f,0x7fdf-0x7fe1",
        [(0x100, 0x10f), (0x7fdf, 0x7fe1)],
        ["frames 0x7fe0 - 0x7fe1 are not RAM, ignored"]),
    # Overlapping ranges merge into one and count each frame once.
    "overlapping-2G": (
        "2G", "0x2000-0x2010,0x2008-0x2020",
        [(0x2000, 0x2010), (0x2008, 0x2020)], []),
    # Above 4 GiB: in the heap, and where the boot allocator would put the
    # frame table (it allocates from the top of RAM down).
    "above-4G-6G": (
        "6G", "0x150000-0x15000f,0x1bf000-0x1bf00f",
        [(0x150000, 0x15000f), (0x1bf000, 0x1bf00f)], []),
    # Every edge at 6G: frame 0, the end of conventional memory (frame 0x9f
    # is only partly RAM), the first frame above 1 MiB, the end of RAM below
    # 4 GiB, the hole, the first frame above 4 GiB, the end of RAM.
    "edges-6G": (
        "6G",
        "0x0-0x3,0x9e-0xa0,0x100,0xbffdf-0xbffe1,0xc0000,0x100000,"
        "0x1bffff-0x1c000f",
        [(0x0, 0x3), (0x9e, 0xa0), (0x100, 0x100), (0xbffdf, 0xbffe1),
         (0xc0000, 0xc0000), (0x100000, 0x100000), (0x1bffff, 0x1c000f)],
        ["frames 0x9f - 0xa0 are not RAM, ignored",
         "frames 0xbffe0 - 0xbffe1 are not RAM, ignored",
         "frame 0xc0000 is not RAM, ignored",
         "frames 0x1c0000 - 0x1c000f are not RAM, ignored"]),
    # Nothing of it is RAM at 2G: no broken page at all.  (The list is
    # reported sorted.)
    "beyond-RAM-2G": (
        "2G", "0x100000-0x10000f,0x80000,0x9999999",
        [(0x100000, 0x10000f), (0x80000, 0x80000), (0x9999999, 0x9999999)],
        ["frame 0x80000 is not RAM, ignored",
         "frames 0x100000 - 0x10000f are not RAM, ignored",
         "frame 0x9999999 is not RAM, ignored"]),
}


@pytest.mark.parametrize("case", BADPAGE_CASES)
def test_badpage(boot, baseline, case):
    mem, spec, bad, not_ram = BADPAGE_CASES[case]
    b = boot_mem(boot, mem, f"badpage={spec}")
    check_against_baseline(b, baseline(mem), bad)
    reported = [line[len("(XEN) badpage: "):]
                for line in b.result.lines_starting("(XEN) badpage: ")]
    assert reported == not_ram, str(b.result)


def test_badpage_malformed_entries_are_named_and_skipped(boot, baseline):
    b = boot_mem(boot, "128M",
                 "badpage=0x300,junk,0x310-0x30f,0x320-,12abc,0x330,,"
                 "0xffffffffffffffff badpage=0x301-0x302")
    reported = [line[len("(XEN) badpage: "):]
                for line in b.result.lines_starting("(XEN) badpage: ")]
    assert reported == [
        "ignoring malformed entry 'junk' (not a number)",
        "ignoring malformed entry '0x310-0x30f' (last frame below first)",
        "ignoring malformed entry '0x320-' (not a number)",
        "ignoring malformed entry '12abc' (trailing characters)",
        "ignoring malformed entry '' (empty)",
        "ignoring malformed entry '0xffffffffffffffff' "
        "(frame number too large)"], str(b.result)
    # The good entries of both badpage= options still apply, merged.
    check_against_baseline(b, baseline("128M"),
                           [(0x300, 0x300), (0x330, 0x330), (0x301, 0x302)])
    assert b.broken_runs == [(0x300, 0x302), (0x330, 0x330)], str(b.result)


# --- selftest=alloc -----------------------------------------------------

SELFTEST_CASES = {
    "128M": ("128M", "", []),
    "2G": ("2G", "", []),
    # Bad frames at the bottom of the heap, at the top of RAM, and inside
    # the region (counted broken, not reserved).
    "128M-badpage-liveupdate-at": (
        "128M",
        "liveupdate=32M@0x2000000 badpage=0x100-0x10f,0x2000-0x2010,"
        "0x2008-0x2020,0x7fdf",
        [(0x100, 0x10f), (0x2000, 0x2010), (0x2008, 0x2020),
         (0x7fdf, 0x7fdf)]),
    # A bad frame where the region would go (it would end at frame
    # 0x7fe00): the region is placed below it instead, free of bad frames.
    # Boot memory only from the region, as after a live update: the region
    # is not carved out of the boot allocator, so the heap itself must
    # refuse its frames (and the bad ones).
    "128M-lu_bootmem_only": (
        "128M",
        "liveupdate=32M@0x2000000 lu_bootmem_only badpage=0x100-0x10f,"
        "0x2000-0x2003,0x3fff",
        [(0x100, 0x10f), (0x2000, 0x2003), (0x3fff, 0x3fff)]),
    "2G-badpage-liveupdate": (
        "2G",
        "liveupdate=64M badpage=0x100-0x10f,0x2000-0x2010,0x2008-0x2020,"
        "0x7c000,0x7ffdf",
        [(0x100, 0x10f), (0x2000, 0x2010), (0x2008, 0x2020),
         (0x7c000, 0x7c000), (0x7ffdf, 0x7ffdf)]),
}


@pytest.mark.parametrize("case", SELFTEST_CASES)
def test_selftest_alloc(boot, baseline, case):
    mem, options, bad = SELFTEST_CASES[case]
    b = boot_mem(boot, mem, f"selftest=alloc {options}".strip())
    check_selftest(b)
    check_against_baseline(b, baseline(mem), bad)
    if "liveupdate=" in options:
        assert b.region and b.reserved, str(b.result)
    if case == "2G-badpage-liveupdate":
        assert b.region == range(0x78000, 0x7c000), str(b.result)
        assert b.reserved == len(b.region), str(b.result)
    if case == "128M-lu_bootmem_only":
        assert RESTRICTED in b.result.lines, str(b.result)
        assert b.reserved == len(b.region) - 5, str(b.result)
    if case == "128M-badpage-liveupdate-at":
        assert b.reserved == len(b.region) - 33, str(b.result)


# --- liveupdate= --------------------------------------------------------

# (mem, value, MiB reserved, address or None for "the highest that fits")
LU_FIT_CASES = {
    "32M-128M": ("128M", "32M", 32, None),
    "64M-2G": ("2G", "64M", 64, None),
    "3M-rounds-up-2G": ("2G", "3M", 4, None),
    "256M-6G": ("6G", "256M", 256, None),
    "at-1G-2G": ("2G", "64M@0x40000000", 64, 0x40000000),
    "at-1G-suffix-6G": ("6G", "0x10000000@1G", 256, 0x40000000),
}


@pytest.mark.parametrize("case", LU_FIT_CASES)
def test_liveupdate_fits(boot, baseline, case):
    mem, value, mib, addr = LU_FIT_CASES[case]
    b = boot_mem(boot, mem, f"liveupdate={value}")
    check_against_baseline(b, baseline(mem))
    assert b.region is not None, str(b.result)
    assert len(b.region) * PAGE == mib << 20, str(b.result)
    assert b.reserved == mib << 20 >> 12, str(b.result)
    if addr is None:
        # The highest 2 MiB aligned run below 4 GiB.
        top = max(e for _, e in b.ram if e * PAGE <= FOUR_GIB) * PAGE
        assert b.region.stop * PAGE == top & ~(SIZE_2M - 1), str(b.result)
    else:
        assert b.region.start * PAGE == addr, str(b.result)
    assert not b.result.lines_starting("(XEN) liveupdate:"), str(b.result)


LU_NOFIT_CASES = {
    "8G-2G": ("2G", "8G",
              "no free 2 MiB aligned run of 8192 MiB below 4 GiB"),
    # 6 GiB of RAM, but not 3 GiB of it below 4 GiB.
    "3G-6G": ("6G", "3G",
              "no free 2 MiB aligned run of 3072 MiB below 4 GiB"),
    "above-4G-128M": ("128M", "64M@0x100000000",
                      "region of 64 MiB at 0x100000000 does not lie below "
                      "4 GiB"),
    "past-RAM-128M": ("128M", "64M@0x6000000",
                      "region 0x6000000-0xa000000 is not all RAM"),
}


@pytest.mark.parametrize("case", LU_NOFIT_CASES)
def test_liveupdate_does_not_fit(boot, baseline, case):
    mem, value, reason = LU_NOFIT_CASES[case]
    b = boot_mem(boot, mem, f"liveupdate={value}")
    lines = b.result.lines
    assert LU_DISABLED in lines, str(b.result)
    i = lines.index(LU_DISABLED)
    assert lines[i - 1] == f"(XEN) liveupdate: {reason}", str(b.result)
    assert b.region is None and b.reserved == 0, str(b.result)
    check_against_baseline(b, baseline(mem))


@pytest.mark.parametrize("value,reason", [
    ("junk", "size is not a number"),
    ("64M@0x123", "address not 2 MiB aligned"),
    ("64M@", "address is not a number"),
    ("0", "size is zero"),
])
def test_liveupdate_malformed(boot, baseline, value, reason):
    b = boot_mem(boot, "128M", f"liveupdate={value}")
    lines = b.result.lines
    line = f"(XEN) liveupdate: bad value '{value}': {reason}"
    assert line in lines, str(b.result)
    following = lines[lines.index(line) + 1]
    assert following.startswith(
        f"(XEN) Bad value for 'liveupdate': '{value}' "), str(b.result)
    assert LU_DISABLED not in lines, str(b.result)
    check_against_baseline(b, baseline("128M"))


# --- lu_bootmem_only ----------------------------------------------------


def test_lu_bootmem_only_takes_boot_memory_from_region(boot):
    plain = boot_mem(boot, "2G", "liveupdate=128M")
    only_lu = boot_mem(boot, "2G", "liveupdate=128M lu_bootmem_only")
    assert RESTRICTED in only_lu.result.lines, str(only_lu.result)
    assert RESTRICTED not in plain.result.lines, str(plain.result)
    assert only_lu.region == plain.region, str(only_lu.result)
    assert only_lu.reserved == plain.reserved == 128 << 8, str(only_lu.result)
    # The frame table (and the direct map's tables) now sit in the region,
    # which counts as reserved, not as the hypervisor's.
    assert plain.xen >= plain.ft_pages, str(plain.result)
    assert only_lu.xen < only_lu.ft_pages, str(only_lu.result)
    assert only_lu.free - plain.free == plain.xen - only_lu.xen, \
        str(only_lu.result)


def test_lu_bootmem_only_without_liveupdate_warns(boot, baseline):
    b = boot_mem(boot, "128M", "lu_bootmem_only")
    assert "(XEN) lu_bootmem_only needs liveupdate=" in b.result.lines, \
        str(b.result)
    assert RESTRICTED not in b.result.lines, str(b.result)
    check_against_baseline(b, baseline("128M"))


# --- both loaders -------------------------------------------------------

LOADER_CASES = {
    "6G-badpage-liveupdate": (
        "6G", "badpage=0x100-0x10f,0x150000-0x15000f,0x1c0000 liveupdate=64M",
        [(0x100, 0x10f), (0x150000, 0x15000f), (0x1c0000, 0x1c0000)]),
    "128M-selftest": (
        "128M", "selftest=alloc badpage=0x100,0x2000-0x2010,0x2008-0x2020 "
        "liveupdate=16M", [(0x100, 0x100), (0x2000, 0x2020)]),
}


@pytest.mark.parametrize("case", LOADER_CASES)
def test_grub_and_kernel_agree(boot, baseline, case):
    mem, options, bad = LOADER_CASES[case]
    kernel = boot_mem(boot, mem, options, "kernel")
    grub = boot_mem(boot, mem, options, "grub")
    assert grub.result.lines_starting("(XEN) Boot loader: GRUB"), \
        str(grub.result)
    for b in (kernel, grub):
        check_against_baseline(b, baseline(mem), bad)
        if "selftest=alloc" in options:
            check_selftest(b)
    for attr in ("ram", "total", "free", "broken", "reserved", "xen",
                 "broken_runs", "region", "ft_frames"):
        assert getattr(grub, attr) == getattr(kernel, attr), \
            f"{attr} differs\n--- kernel\n{kernel.result}\n--- grub\n" \
            f"{grub.result}"


def test_badpage_inside_a_dom0_module_is_not_given_to_dom0(tmp_path):
    """A bad frame in a module dom0 would get: that module is held back.

    Module placement depends on the command line's length, so both boots
    use one of the same length: the first finds module 1's first frame.
    """
    script = tmp_path / "script"
    script.write_text("poweroff\n")

    def dom0_boot(frame):
        return launch("--image", IMAGE, "--dom0", "--script", script,
                      "--timeout", BOOT_TIMEOUT, "--hang", BOOT_HANG,
                      "--cmdline", f"badpage={frame:#08x}")

    first = dom0_boot(0x1000)
    start = [int(m[1], 16) for m in map(re.compile(
        r"\(XEN\)  Module 1: \[([0-9a-f]{16}), ").match, first.lines) if m]
    assert start, first
    frame = start[0] >> 12
    result = dom0_boot(frame)
    assert result.status == 0, result
    assert result.lines_containing(
        f"frame {frame:#x} is a bad page (badpage=); not given to "
        "domain 0"), result
    files = [m for m in map(re.compile(
        r"dom0: (\d+) files in the RAM filesystem").search, result.lines) if m]
    files_before = [m for m in map(re.compile(
        r"dom0: (\d+) files in the RAM filesystem").search, first.lines) if m]
    assert int(files[0][1]) == int(files_before[0][1]) - 1, result
