# SPDX-License-Identifier: GPL-2.0-only
"""`xl live-update`: the hypervisor replaced under running domains.

dom0 boots with `liveupdate=128M` and the hypervisor image in its RAM
filesystem as /boot/xen-next (tools/dom0's ramfs.list), creates memcheck
(which rewrites and checks all of its memory, round after round) and
timecheck (which fails at once if time goes backwards), then live-updates
into /boot/xen-next.  Afterwards `xl list` must show the same domains with
the same ids, both guests must keep reporting without a FAILURE, and dom0's
shell must still work.

Also, each with the guests checking themselves throughout:

- ten updates in a row, `xl info` counting them;
- --dry-run, which carries what the update then carries;
- every refusal before anything stops -- a file that is not an image (a
  config, a guest ELF), a truncated image, an image too big for the region,
  an image that reads another stream version or says nothing of the
  versions it reads, an image that serves other domctl, sysctl or kexec_op
  interface versions than dom0's xl speaks or is too old to say, options
  to append that are too long or bad, a bad --timeout, no such file, no
  reserved region, an unprivileged caller (hostile's kexec_op checks) --
  after which the guests carry on and an update still works;
- `--append` options reach the new hypervisor's command line, after the
  carried ones;
- a bad page in live use: `--append "badpage=F"` for a frame memcheck owns
  (`xl page-blocks`) is kept by it, flagged and counted broken, and
  offlined when the domain is destroyed, while memcheck sees nothing;
- a bad page in the stream: `--append "badpage=F"` for the frame of the
  stream's MFN array is read, kept by the hypervisor and offlined when the
  stream is freed;
- an update into an image too big for a half of the region, then one into
  an ordinary image: both use the whole region, and the running frame
  table in its upper half is not zeroed;
- a quiesce that gets stuck (`lu_debug_stuck=`) aborts after `--timeout`,
  naming the domain, the guests carry on, and an update whose timeout is
  long enough waits for it and succeeds;
- a stream damaged on purpose (`lu_debug_corrupt=`): the dry run's read-back
  refuses it and the guests carry on; the new hypervisor refuses it, naming
  the record, and with no domain left powers off cleanly;
- guests blocked: the evtchn pair ping-ponging events (each side waiting in
  SCHEDOP_poll) loses none across an update;
- guests mid-way through port I/O: ioguest's requests, served by iodm as
  its device model (`device_model_domid`), all come back right across an
  update.
"""

import os
import re
import struct
import tempfile
from pathlib import Path

import pytest

from test_dom0 import assert_powered_off, list_rows, output_of, run_shell

REGION = ("--cmdline", "liveupdate=128M")
CREATE = ["xl create /etc/xen/memcheck.cfg", "xl create /etc/xen/timecheck.cfg",
          "@wait timecheck: t=1"]
ENTERING = "Live update: entering the new image"
ROUND_RE = re.compile(r"^\(d1\) memcheck: round (\d+) ok")
LIVE_UPDATES_RE = re.compile(r"^live_updates\s*:\s*(\d+)$")
MB2_MAGIC = 0xE85250D6
MB2_TAG_ADDRESS = 2
LU_IMAGE_MAGIC = b"XLUIMAGE"
LU_IMAGE_SEARCH = 32768


def guest_failures(r):
    return [line for line in r.lines
            if re.match(r"^\(d\d+\) ", line) and
            ("FAILURE" in line or "ERROR" in line or "FAIL" in line)]


def lines_after(r, marker, text):
    start = next(i for i, line in enumerate(r.lines) if marker in line)
    return [line for line in r.lines[start:] if text in line]


def memcheck_rounds(r):
    return [int(m[1]) for m in map(ROUND_RE.match, r.lines) if m]


def carried(out):
    """The `carried ...` line of an `xl live-update` report."""
    found = [line.strip() for line in out if line.strip().startswith(
        "carried ")]
    assert len(found) == 1, out
    return found[0]


def live_updates(r, nth):
    """The live_updates value of the nth `xl info`."""
    found = [int(m[1]) for m in map(LIVE_UPDATES_RE.match,
                                    output_of(r, "xl info", nth)) if m]
    assert len(found) == 1, r
    return found[0]


def assert_guests_unchanged(r, before, after):
    assert {n: row[:3] for n, row in after.items()} == \
        {n: row[:3] for n, row in before.items()}, r


def test_live_update_keeps_domains_running(image, tmp_path):
    r = run_shell(image, tmp_path, CREATE + [
        "xl list", "xl live-update /boot/xen-next", "xl list",
        "@wait timecheck: t=3", "xl list", "xl info"], *REGION)
    assert_powered_off(r)
    assert not guest_failures(r), r
    before = list_rows(output_of(r, "xl list"))
    assert set(before) == {"Domain-0", "memcheck", "timecheck"}, r
    for nth in (1, 2):
        assert_guests_unchanged(r, before,
                                list_rows(output_of(r, "xl list", nth)))
    out = output_of(r, "xl live-update /boot/xen-next")
    assert any(re.match(r"Live update done \(#1\): blackout \d+ us from save "
                        r"to resume, \d+ us as this domain saw it$", line)
               for line in out), r
    # Every phase, the old hypervisor's and the new one's, with its time.
    phases = [line.split()[0] if not line.startswith("  early boot") else
              "early boot" for line in out
              if re.match(r"  [a-z ]{10}\s*\d+ us", line)]
    assert phases == ["load", "prepare", "quiesce", "serialise", "handover",
                      "early boot", "restore", "resume"], out
    assert carried(out).startswith("carried   3 domains, 3 vCPUs"), r
    assert r.lines_containing("(XEN) Live update: restored 3 domains, 3 vCPUs"), r
    assert r.lines_containing("(XEN) Live update: 3 domains resumed"), r
    assert live_updates(r, 0) == 1, r
    # Both guests went on under the new hypervisor.
    assert lines_after(r, ENTERING, "(d1) memcheck: round"), r
    assert lines_after(r, ENTERING, "(d2) timecheck: t="), r


def test_ten_updates_in_a_row(image, tmp_path):
    """Ten updates, a memcheck round under each new hypervisor; xl info
    counts them; timecheck never sees time go back."""
    updates = 10
    lines = CREATE + ["xl info"]
    for _ in range(updates):
        lines += ["xl live-update /boot/xen-next", "@wait Live update done",
                  "@wait (d1) memcheck: round", "xl info"]
    lines += ["@wait (d2) timecheck: t=", "xl list"]
    r = run_shell(image, tmp_path, lines, *REGION)
    assert_powered_off(r)
    assert not guest_failures(r), r
    assert len(r.lines_containing(ENTERING)) == updates, r
    outs = [output_of(r, "xl live-update /boot/xen-next", n)
            for n in range(updates)]
    assert all(any(line.startswith("Live update done (#")
                   for line in out) for out in outs), r
    assert all(carried(out).startswith("carried   3 domains, 3 vCPUs")
               for out in outs), r
    assert [live_updates(r, n) for n in range(updates + 1)] == \
        list(range(updates + 1)), r
    assert r.lines_containing(f"(XEN) Live update: #{updates}, from build"), r
    # memcheck went on round after round: its rounds only ever increase,
    # and some came after each update.
    rounds = memcheck_rounds(r)
    assert rounds == sorted(set(rounds)) and len(rounds) > updates, rounds
    starts = [i for i, line in enumerate(r.lines) if ENTERING in line]
    for start, end in zip(starts, starts[1:] + [len(r.lines)]):
        assert any(ROUND_RE.match(line) for line in r.lines[start:end]), r
    assert any(line.startswith("(d2) timecheck: t=")
               for line in r.lines[starts[-1]:]), r
    rows = list_rows(output_of(r, "xl list"))
    assert rows["memcheck"][0] == 1 and rows["timecheck"][0] == 2, r


def test_dry_run_carries_what_the_update_does(image, tmp_path):
    r = run_shell(image, tmp_path, CREATE + [
        "xl live-update --dry-run /boot/xen-next", "@wait (d1) memcheck: round",
        "@wait (d2) timecheck: t=", "xl list", "xl info",
        "xl live-update /boot/xen-next", "xl list", "xl info"], *REGION)
    assert_powered_off(r)
    assert not guest_failures(r), r
    dry = output_of(r, "xl live-update --dry-run /boot/xen-next")
    assert any(line.startswith("Dry run done: nothing was replaced")
               for line in dry), r
    real = output_of(r, "xl live-update /boot/xen-next")
    assert carried(dry).startswith("carried   3 domains, 3 vCPUs"), r
    assert carried(dry) == carried(real), r
    # The dry run replaced nothing and counts as no update.
    assert len(r.lines_containing(ENTERING)) == 1, r
    assert [live_updates(r, 0), live_updates(r, 1)] == [0, 1], r
    assert lines_after(r, "Dry run done", "(d1) memcheck: round"), r
    assert_guests_unchanged(r, list_rows(output_of(r, "xl list")),
                            list_rows(output_of(r, "xl list", 1)))


def truncated_image(image, path):
    """The first half of the hypervisor image."""
    data = image.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path


def mb2_header_offset(data):
    """Where the image's multiboot2 header (for i386) is."""
    for off in range(0, min(len(data), 32768) - 16, 8):
        magic, arch, length, csum = struct.unpack_from("<4I", data, off)
        if magic == MB2_MAGIC and arch == 0 and \
                (magic + arch + length + csum) & 0xffffffff == 0:
            return off
    raise AssertionError("no multiboot2 header")


def oversized_image(image, path, extra=256 << 20):
    """The image with its multiboot2 bss end moved extra bytes further: by
    default a well-formed image too big for a 128 MiB region."""
    data = bytearray(image.read_bytes())
    off = mb2_header_offset(data)
    length = struct.unpack_from("<I", data, off + 8)[0]
    tag = off + 16
    while tag < off + length:
        kind, size = struct.unpack_from("<HxxI", data, tag)
        if kind == MB2_TAG_ADDRESS:
            bss_end = struct.unpack_from("<I", data, tag + 20)[0]
            struct.pack_into("<I", data, tag + 20, bss_end + extra)
            path.write_bytes(bytes(data))
            return path
        tag += (size + 7) & ~7
    raise AssertionError(f"{image}: no multiboot2 address tag")


def mips_image(image, path):
    """The image with its multiboot2 header made one for 32-bit MIPS
    (architecture 4, the checksum made good again): well formed, for
    another machine."""
    data = bytearray(image.read_bytes())
    off = mb2_header_offset(data)
    magic, _, length, _ = struct.unpack_from("<4I", data, off)
    struct.pack_into("<4I", data, off, magic, 4, length,
                     -(magic + 4 + length) & 0xffffffff)
    path.write_bytes(bytes(data))
    return path


def test_refusals_leave_guests_running(image, tmp_path):
    """Everything refused before anything stops; then an update works."""
    half = truncated_image(image, tmp_path / "xen-half")
    huge = oversized_image(image, tmp_path / "xen-huge")
    mips = mips_image(image, tmp_path / "xen-mips")
    refused = ["xl live-update /etc/xen/memcheck.cfg",
               "xl live-update /boot/memcheck.elf",
               "xl live-update /boot/xen-half",
               "xl live-update /boot/xen-mips",
               "xl live-update /boot/xen-huge",
               "xl live-update /boot/none", "xl live-update"]
    r = run_shell(image, tmp_path, CREATE + refused + [
        "@wait (d1) memcheck: round", "@wait (d2) timecheck: t=", "xl list",
        "xl info", "xl live-update /boot/xen-next", "@wait Live update done",
        "@wait (d1) memcheck: round", "xl list"],
        *REGION, "--module", f"{half} file /boot/xen-half",
        "--module", f"{huge} file /boot/xen-huge",
        "--module", f"{mips} file /boot/xen-mips")
    assert_powered_off(r)
    assert not guest_failures(r), r
    for path in ("/etc/xen/memcheck.cfg", "/boot/memcheck.elf",
                 "/boot/xen-half", "/boot/xen-mips"):
        assert output_of(r, f"xl live-update {path}")[-1] == (
            f"xl: live-update: {path} is not a multiboot2 hypervisor image "
            "(see `xl dmesg`)"), r
    assert r.lines_containing("(XEN) Image: truncated: its multiboot2 header "
                              f"loads {image.stat().st_size} bytes, the file "
                              f"has {half.stat().st_size}"), r
    assert r.lines_containing("(XEN) Image: its multiboot2 header is for "
                              "architecture 4 (32-bit MIPS), not i386 (0)"), r
    assert output_of(r, "xl live-update /boot/xen-huge")[-1] == (
        "xl: live-update: /boot/xen-huge is too big for the reserved "
        "region, with the boot memory it needs there (see `xl dmesg`)"), r
    assert r.lines_containing("the reserved region has room for"), r
    assert "No such file" in output_of(r, "xl live-update /boot/none")[-1], r
    assert output_of(r, "xl live-update")[0] == \
        "xl: live-update: missing IMAGE", r
    # Nothing stopped: the guests went on after the last refusal, and a
    # real update still works and carries them.
    assert lines_after(r, "xl live-update /boot/none", "(d1) memcheck: round")
    rows = list_rows(output_of(r, "xl list"))
    assert rows["memcheck"][0] == 1 and rows["timecheck"][0] == 2, r
    assert live_updates(r, 0) == 0, r
    assert len(r.lines_containing(ENTERING)) == 1, r
    out = output_of(r, "xl live-update /boot/xen-next")
    assert carried(out).startswith("carried   3 domains, 3 vCPUs"), r
    assert_guests_unchanged(r, rows, list_rows(output_of(r, "xl list", 1)))
    assert lines_after(r, ENTERING, "(d1) memcheck: round"), r


WHOLE_RE = re.compile(r"^\(XEN\) Live update: the next hypervisor boots "
                      r"into the whole region, at (0x[0-9a-f]+), and zeroes "
                      r"its own frame table$")
HALF_ZEROED = "(XEN) Live update: the next hypervisor's half of the region"


def test_update_after_one_into_the_whole_region(image, tmp_path):
    """An image that says it needs 64 MiB more (its bss end moved) is too
    big for a half of the 128 MiB region, but not for the region, so the next
    hypervisor boots into the whole region -- and its boot allocations,
    handed out from the top down, put its frame table and page tables in
    the upper half.  An update from it into an ordinary image, which a
    half would hold, must not take the upper half and zero it under the
    running hypervisor: it uses the whole region too.  The guests go on
    through both without a failure."""
    wide = oversized_image(image, tmp_path / "xen-wide", 64 << 20)
    r = run_shell(image, tmp_path, CREATE + [
        "xl live-update /boot/xen-wide", "@wait (d1) memcheck: round",
        "xl live-update /boot/xen-next", "@wait (d1) memcheck: round",
        "@wait (d2) timecheck: t=", "xl list", "xl info"],
        *REGION, "--module", f"{wide} file /boot/xen-wide")
    assert_powered_off(r)
    assert not guest_failures(r), r
    region = [m[1] for m in map(re.compile(
        r"^\(XEN\) Live update: 128 MiB reserved at \[([0-9a-f]{16}),").match,
        r.lines) if m]
    assert len(region) == 3 and len(set(region)) == 1, r
    # Both loads chose the whole region; neither zeroed a half.
    whole = [int(m[1], 16) for m in map(WHOLE_RE.match, r.lines) if m]
    assert whole == [int(region[0], 16)] * 2, r
    assert not r.lines_containing(HALF_ZEROED), r
    assert len(r.lines_containing(
        "(XEN) Boot allocator restricted to the live-update region")) == 2, r
    assert live_updates(r, 0) == 2, r
    for cmd in ("xl live-update /boot/xen-wide",
                "xl live-update /boot/xen-next"):
        assert carried(output_of(r, cmd)).startswith(
            "carried   3 domains, 3 vCPUs"), r
    assert set(list_rows(output_of(r, "xl list"))) == \
        {"Domain-0", "memcheck", "timecheck"}, r
    assert len(r.lines_containing("(XEN) Live update: 3 domains resumed")) \
        == 2, r
    # Both guests went on under the second new hypervisor.
    second = [i for i, line in enumerate(r.lines) if ENTERING in line][1]
    assert any(ROUND_RE.match(line) for line in r.lines[second:]), r
    assert any(line.startswith("(d2) timecheck: t=")
               for line in r.lines[second:]), r


def image_header_offset(data):
    """Where the image's live-update header (struct lu_image_header in
    public/lu_stream.h) is: magic, and words from offset 8 summing to 0."""
    for off in range(0, LU_IMAGE_SEARCH - 32, 8):
        if data[off:off + 8] != LU_IMAGE_MAGIC:
            continue
        size = struct.unpack_from("<I", data, off + 12)[0]
        words = struct.unpack_from(f"<{(size - 8) // 4}I", data, off + 8)
        if sum(words) & 0xffffffff == 0:
            return off
    raise AssertionError("no live-update header in the image")


def image_versions(image):
    """(stream major, breadcrumb version) the image reads: this build reads
    exactly what it writes."""
    data = image.read_bytes()
    smin, smax, bmin, bmax = struct.unpack_from(
        "<HHII", data, image_header_offset(data) + 16)
    assert (smin, bmin) == (smax, bmax), (smin, smax, bmin, bmax)
    return smin, bmin


def image_patched(image, path, patch):
    """The image, its live-update header changed by patch(data, offset)
    and its checksum made good again over the (perhaps new) size."""
    data = bytearray(image.read_bytes())
    off = image_header_offset(data)
    patch(data, off)
    struct.pack_into("<I", data, off + 28, 0)
    size = struct.unpack_from("<I", data, off + 12)[0]
    total = sum(struct.unpack_from(f"<{(size - 8) // 4}I", data, off + 8))
    struct.pack_into("<I", data, off + 28, -total & 0xffffffff)
    path.write_bytes(bytes(data))
    return path


def image_reading(image, path, stream, breadcrumb):
    """The image, its header saying it reads only stream major `stream`
    and breadcrumb version `breadcrumb`."""
    return image_patched(image, path, lambda data, off: struct.pack_into(
        "<HHII", data, off + 16, stream, stream, breadcrumb, breadcrumb))


def image_interfaces(image):
    """(domctl, sysctl, kexec_op) interface versions the image serves."""
    data = image.read_bytes()
    return struct.unpack_from("<3I", data, image_header_offset(data) + 32)


def image_serving(image, path, domctl, sysctl, kexec):
    """The image, its header saying it serves these domctl, sysctl and
    kexec_op interface versions."""
    return image_patched(image, path, lambda data, off: struct.pack_into(
        "<3I", data, off + 32, domctl, sysctl, kexec))


def image_header_v1(image, path):
    """The image with a version 1 header, as a build before the interface
    versions were in it: 32 bytes, saying only what it reads."""
    def cut(data, off):
        struct.pack_into("<II", data, off + 8, 1, 32)
        data[off + 32:off + 48] = bytes(16)
    return image_patched(image, path, cut)


def image_unmarked(image, path):
    """The image with no live-update header, as an older build would be."""
    data = bytearray(image.read_bytes())
    off = image_header_offset(data)
    data[off:off + 8] = bytes(8)
    path.write_bytes(bytes(data))
    return path


def refuse_then_update(image, tmp_path, files):
    """With memcheck and timecheck running, live-update into each of files
    (name: path, each refused at load), then into /boot/xen-next."""
    modules = [arg for name, path in files.items()
               for arg in ("--module", f"{path} file /boot/{name}")]
    r = run_shell(image, tmp_path, CREATE + [
        f"xl live-update /boot/{name}" for name in files] + [
        "@wait (d1) memcheck: round", "@wait (d2) timecheck: t=", "xl list",
        "xl live-update /boot/xen-next", "@wait Live update done",
        "@wait (d1) memcheck: round", "xl list"], *REGION, *modules)
    assert_powered_off(r)
    assert not guest_failures(r), r
    return r


def assert_refused_then_updated(r, last):
    """refuse_then_update()'s images were refused before anything stopped
    (only the real update's image loaded), the guests went on after the
    last one, `last`, and the real update carried them."""
    assert len(r.lines_containing("(XEN) Live update: image of")) == 1, r
    assert lines_after(r, f"xl live-update /boot/{last}",
                       "(d1) memcheck: round"), r
    rows = list_rows(output_of(r, "xl list"))
    assert rows["memcheck"][0] == 1 and rows["timecheck"][0] == 2, r
    out = output_of(r, "xl live-update /boot/xen-next")
    assert carried(out).startswith("carried   3 domains, 3 vCPUs"), r
    assert_guests_unchanged(r, rows, list_rows(output_of(r, "xl list", 1)))
    assert lines_after(r, ENTERING, "(d1) memcheck: round"), r


def test_image_that_reads_other_versions_is_refused(image, tmp_path):
    """An image that reads another stream major, or another breadcrumb
    version, or does not say, is refused at load, naming the versions;
    the guests never notice and a real update still works."""
    stream, crumb = image_versions(image)
    files = {"xen-stream": image_reading(image, tmp_path / "xen-stream",
                                         stream + 1, crumb),
             "xen-crumb": image_reading(image, tmp_path / "xen-crumb",
                                        stream, crumb + 1),
             "xen-old": image_unmarked(image, tmp_path / "xen-old")}
    r = refuse_then_update(image, tmp_path, files)
    writes = (f"this hypervisor writes stream version {stream} and "
              f"breadcrumb version {crumb}")
    assert output_of(r, "xl live-update /boot/xen-stream")[-1] == (
        f"xl: live-update: /boot/xen-stream reads live-update stream version "
        f"{stream + 1} and breadcrumb version {crumb}; {writes}"), r
    assert output_of(r, "xl live-update /boot/xen-crumb")[-1] == (
        f"xl: live-update: /boot/xen-crumb reads live-update stream version "
        f"{stream} and breadcrumb version {crumb + 1}; {writes}"), r
    assert output_of(r, "xl live-update /boot/xen-old")[-1] == (
        "xl: live-update: /boot/xen-old does not say which live-update "
        "stream versions it reads: an older or a foreign build (see `xl "
        "dmesg`)"), r
    assert r.lines_containing(f"(XEN) Image: it reads stream versions "
                              f"{stream + 1}-{stream + 1} and breadcrumb "
                              f"versions {crumb}-{crumb}; {writes}"), r
    assert r.lines_containing("(XEN) Image: no live-update header (XLUIMAGE) "
                              "in its first 32 KiB"), r
    assert_refused_then_updated(r, "xen-old")


def test_image_that_serves_other_interfaces_is_refused(image, tmp_path):
    """An image whose domctl, sysctl or kexec_op interface version differs
    from the running hypervisor's -- the ones dom0's xl, carried across
    the update, speaks -- or whose header is too old to say, is refused at
    load, naming the interface and both versions; the guests never notice
    and a real update still works."""
    domctl, sysctl, kexec = image_interfaces(image)
    files = {"xen-domctl": image_serving(image, tmp_path / "xen-domctl",
                                         domctl + 1, sysctl, kexec),
             "xen-two": image_serving(image, tmp_path / "xen-two", domctl,
                                      sysctl + 1, kexec + 1),
             "xen-v1": image_header_v1(image, tmp_path / "xen-v1")}
    r = refuse_then_update(image, tmp_path, files)
    assert output_of(r, "xl live-update /boot/xen-domctl")[-1] == (
        f"xl: live-update: /boot/xen-domctl serves domctl interface version "
        f"{domctl + 1} (this hypervisor and toolstack: {domctl}): this "
        f"toolstack could not control it after the update"), r
    assert output_of(r, "xl live-update /boot/xen-two")[-1] == (
        f"xl: live-update: /boot/xen-two serves sysctl interface version "
        f"{sysctl + 1} (this hypervisor and toolstack: {sysctl}), kexec_op "
        f"interface version {kexec + 1} (this hypervisor and toolstack: "
        f"{kexec}): this toolstack could not control it after the update"), r
    assert output_of(r, "xl live-update /boot/xen-v1")[-1] == (
        "xl: live-update: /boot/xen-v1 does not say which domctl, sysctl and "
        "kexec_op interface versions it serves: an older build, which this "
        "toolstack might not control (see `xl dmesg`)"), r
    ours = f"{domctl}, {sysctl} and {kexec}"
    assert r.lines_containing(
        f"(XEN) Image: it serves domctl, sysctl and kexec_op interface "
        f"versions {domctl + 1}, {sysctl} and {kexec}; this hypervisor, and "
        f"so the control domain's toolstack, {ours}"), r
    assert r.lines_containing(
        f"(XEN) Image: its live-update header is too old (version 1) to say "
        f"which domctl, sysctl and kexec_op interface versions it serves; "
        f"this hypervisor serves {ours}"), r
    assert_refused_then_updated(r, "xen-v1")


def command_line_after(r, marker):
    """The `Command line:` the first hypervisor booted after marker logs."""
    found = lines_after(r, marker, "(XEN) Command line: ")
    assert found, r
    return found[0][len("(XEN) Command line: "):]


def test_append_options(image, tmp_path):
    """--append: options that set liveupdate=, leave a quote open or run
    past 256 bytes are refused before anything stops (a whole command line
    that would be too long is lu_cmdline_build()'s, unit-tested); 256
    bytes are fine; accepted options follow the carried ones on the new
    hypervisor's command line, and are carried on from there."""
    refused = {
        "xl live-update --append liveupdate=64M /boot/xen-next":
            "(XEN) Live update: appended options: liveupdate= is the "
            "update's to set",
        "xl live-update --append 'a=\"b c' /boot/xen-next":
            "(XEN) Live update: appended options: the quote in 'a=\"b c' is "
            "not closed",
        f"xl live-update --append {'y' * 257} /boot/xen-next":
            "(XEN) Live update: 257 bytes of options to append; at most 256",
    }
    at_limit = f"xl live-update --dry-run --append {'z' * 256} /boot/xen-next"
    r = run_shell(image, tmp_path, CREATE + list(refused) + [
        "xl live-update --append", "@wait (d1) memcheck: round", at_limit,
        "xl live-update --append=loglvl=all /boot/xen-next",
        "@wait (d1) memcheck: round", "xl live-update /boot/xen-next",
        "@wait (d2) timecheck: t=", "xl list"], *REGION)
    assert_powered_off(r)
    assert not guest_failures(r), r
    for command, logged in refused.items():
        assert output_of(r, command)[-1].startswith(
            "xl: live-update: --append: "), (command, r)
        assert logged in r.lines, (logged, r)
    assert output_of(r, f"xl live-update --append {'y' * 257} "
                        "/boot/xen-next")[-1] == (
        "xl: live-update: --append: too long: at most 256 bytes, and the "
        "new hypervisor's whole command line must fit (see `xl dmesg`)"), r
    assert output_of(r, "xl live-update --append 'a=\"b c' /boot/xen-next")[
        -1] == ("xl: live-update: --append: the options must be printable "
                "ASCII, close their quotes and leave liveupdate= to the "
                "update (see `xl dmesg`)"), r
    assert output_of(r, "xl live-update --append")[0] == \
        "xl: live-update: missing OPTIONS after '--append'", r
    assert output_of(r, at_limit)[-1].startswith(
        "Dry run done: nothing was replaced"), r
    # The appended option follows the carried ones, and is carried on.
    first = command_line_after(r, ENTERING)
    assert first.startswith("console=com1 loglvl=all liveupdate="), first
    assert r.lines_containing("(XEN) Command line: ")[2] == \
        f"(XEN) Command line: {first}", r
    assert len(r.lines_containing(ENTERING)) == 2, r
    assert lines_after(r, at_limit, "(d1) memcheck: round"), r
    assert list(list_rows(output_of(r, "xl list"))) == \
        ["Domain-0", "memcheck", "timecheck"], r


def loglvl_filler(length):
    """Options of exactly length bytes that change nothing: loglvl= again
    and again, the last one setting the default (info)."""
    for warnings in range(length // 15 + 1):
        debugs, rest = divmod(length + 1 - 12 - 15 * warnings, 13)
        if debugs >= 0 and not rest:
            return " ".join(["loglvl=warning"] * warnings +
                            ["loglvl=debug"] * debugs + ["loglvl=info"])
    raise AssertionError(f"no filler of {length} bytes")


def test_command_line_too_long_is_refused(image, tmp_path):
    """A command line that fits this boot's 1023 bytes but, with
    liveupdate=<size>@<addr> in place of liveupdate=128M, not the next
    hypervisor's is refused at load, rather than options being dropped in
    silence.  QEMU's multiboot1 command line starts with the image's path,
    which counts too: the image is booted from a short one."""
    fd, short = tempfile.mkstemp(dir="/tmp", prefix="")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(image.read_bytes())
        assert len(short) <= 14, short
        # path, blank, "console=com1 liveupdate=128M ", filler: 1023 bytes.
        filler = loglvl_filler(1023 - len(short) - 30)
        r = run_shell(Path(short), tmp_path, [
            "xl create /etc/xen/memcheck.cfg", "xl live-update /boot/xen-next",
            "@wait (d1) memcheck: round", "xl list"],
            "--cmdline", f"liveupdate=128M {filler}")
    finally:
        os.unlink(short)
    assert_powered_off(r)
    assert not guest_failures(r), r
    assert f"(XEN) Command line: console=com1 liveupdate=128M {filler}" in \
        r.lines, r
    assert output_of(r, "xl live-update /boot/xen-next")[-1] == (
        "xl: live-update: the new hypervisor's command line would be too "
        "long (see `xl dmesg`)"), r
    assert r.lines_containing(
        "(XEN) Live update: the next hypervisor's command line would take "
        f"{len(filler) + 45} bytes; it has room for 1023"), r
    assert not r.lines_containing(ENTERING), r
    assert lines_after(r, "xl live-update /boot/xen-next",
                       "(d1) memcheck: round"), r
    assert "memcheck" in list_rows(output_of(r, "xl list")), r


BLOCK_RE = re.compile(r"^  (0x[0-9a-f]+)-(0x[0-9a-f]+)  order (\d+)$")
BROKEN_RE = re.compile(r"^broken_pages\s*:\s*(\d+)$")


def page_blocks(out):
    """[(first, last, order), ...] from `xl page-blocks` output."""
    blocks = [(int(m[1], 16), int(m[2], 16), int(m[3]))
              for m in map(BLOCK_RE.match, out[1:]) if m]
    assert len(blocks) == len(out) - 1, out
    return blocks


def broken_pages(r, nth):
    """broken_pages of the nth `xl info`."""
    found = [int(m[1]) for m in map(BROKEN_RE.match,
                                    output_of(r, "xl info", nth)) if m]
    assert len(found) == 1, r
    return found[0]


def hypervisor_lines_after(r, index, count):
    """The first count `(XEN) ` lines after r.lines[index] (a guest's lines
    may come in between)."""
    return [line for line in r.lines[index + 1:]
            if line.startswith("(XEN) ")][:count]


def test_bad_page_in_live_use(image, tmp_path):
    """A frame memcheck owns is named bad for the next hypervisor with
    --append "badpage=F".  memcheck keeps it and goes on checking its
    memory without a failure; the log and `xl info` count it broken, the
    log as still in use by its owner; when memcheck is destroyed the frame
    is offlined, never handed out again, and the next hypervisor lists it.

    The frame is learnt from `xl page-blocks` in a first boot that creates
    the guests the same way: allocation is deterministic, and the second
    boot shows the same blocks before it uses the frame."""
    first = run_shell(image, tmp_path, CREATE + ["xl page-blocks memcheck"],
                      *REGION)
    assert_powered_off(first)
    blocks = page_blocks(output_of(first, "xl page-blocks memcheck"))
    start, last, _ = max(blocks, key=lambda b: b[1] - b[0])
    frame = (start + last + 1) // 2
    update = f'xl live-update --append "badpage={frame:#x}" /boot/xen-next'
    r = run_shell(image, tmp_path, CREATE + [
        "xl page-blocks memcheck", "xl info", update,
        "@wait (d1) memcheck: round", "@wait (d1) memcheck: round",
        "xl info", "xl destroy memcheck", "xl info",
        "xl live-update /boot/xen-next", "xl create /etc/xen/memcheck.cfg",
        "xl page-blocks memcheck", "@wait (d1) memcheck: round", "xl info"],
        *REGION)
    assert_powered_off(r)
    assert not guest_failures(r), r
    outs = [output_of(r, "xl page-blocks memcheck", n) for n in (0, 1)]
    assert page_blocks(outs[0]) == blocks, (blocks, r)
    assert outs[0][0] == "Domain 1 (memcheck): 8192 pages in " \
        f"{len(blocks)} block{'s' if len(blocks) > 1 else ''}", r
    assert carried(output_of(r, update)).startswith(
        "carried   3 domains, 3 vCPUs"), r
    assert lines_after(r, ENTERING, "(XEN) Bad page ") == [
        f"(XEN) Bad page {frame:#x} is in use by domain 1: it keeps it, "
        "marked broken, offlined when freed",
        f"(XEN) Bad page {frame:#x} freed by domain 1: offlined, not "
        "returned to the heap"], r
    assert [broken_pages(r, n) for n in range(4)] == [0, 1, 1, 1], r
    # memcheck went on over the bad frame under the new hypervisor.
    assert lines_after(r, ENTERING, "(d1) memcheck: round"), r
    # Both new hypervisors' memory summaries count it broken: the second
    # one, told of it by the carried badpage=, lists it and keeps it out
    # of the heap, so the new memcheck does not get it.
    summaries = [i for i, line in enumerate(r.lines)
                 if re.match(r"\(XEN\) Memory: \d+ pages of RAM: ", line)]
    assert len(summaries) == 3 and \
        ", 0 broken," in r.lines[summaries[0]], r
    assert all(", 1 broken," in r.lines[i] for i in summaries[1:]), r
    # Under each, the hypervisor's next lines say where the frame is: with
    # memcheck (no range: it is not offlined), then offlined and listed.
    in_use = hypervisor_lines_after(r, summaries[1], 2)
    assert in_use[0] == \
        "(XEN) Broken pages: 0 offlined, 1 still in use by its owner", r
    assert not in_use[1].startswith("(XEN)  ["), r
    assert hypervisor_lines_after(r, summaries[2], 2) == [
        "(XEN) Broken pages: 1 offlined, 0 still in use by their owners",
        f"(XEN)  [{frame:010x}, {frame:010x}]"], r
    assert not any(b[0] <= frame <= b[1] for b in page_blocks(outs[1])), r


LISTED_RE = re.compile(r"^\(XEN\) Live update: booted by a live update; "
                       r"the stream is \d+ bytes in \d+ pages, listed at "
                       r"(0x[0-9a-f]+)$")


def test_bad_page_in_the_stream(image, tmp_path):
    """The frame of the stream's MFN array is named bad for the next
    hypervisor with --append "badpage=F".  It still reads the stream from
    it, keeps it, flagged, as the hypervisor's while it does, and offlines
    it when it frees the stream, instead of hitting a BUG when the heap
    takes back a broken frame; the guests go on, `xl info` counts it
    broken, and one more update (carrying badpage=) works.

    The frame is learnt from the successor's log in a first boot that
    does the same with no badpage=: allocation is deterministic, and the
    second boot's log checks it is the same frame."""
    first = run_shell(image, tmp_path, CREATE + [
        "xl live-update /boot/xen-next", "@wait (d1) memcheck: round"],
        *REGION)
    assert_powered_off(first)
    listed = [int(m[1], 16) for m in map(LISTED_RE.match, first.lines) if m]
    assert len(listed) == 1, first
    frame = listed[0] >> 12
    update = f'xl live-update --append "badpage={frame:#x}" /boot/xen-next'
    r = run_shell(image, tmp_path, CREATE + [
        update, "@wait (d1) memcheck: round", "@wait (d1) memcheck: round",
        "xl info", "xl live-update /boot/xen-next",
        "@wait (d1) memcheck: round", "@wait (d2) timecheck: t=", "xl info",
        "xl list"], *REGION)
    assert_powered_off(r)
    assert not guest_failures(r), r
    assert [int(m[1], 16) for m in map(LISTED_RE.match, r.lines) if m][0] \
        == listed[0], ("the MFN array moved: the frame is not learnt", r)
    assert carried(output_of(r, update)).startswith(
        "carried   3 domains, 3 vCPUs"), r
    assert lines_after(r, ENTERING, "(XEN) Bad page ")[:2] == [
        f"(XEN) Bad page {frame:#x} is in use by the hypervisor: kept, "
        "marked broken, offlined when freed",
        f"(XEN) Bad page {frame:#x} freed by the hypervisor: offlined, not "
        "returned to the heap"], r
    assert not r.lines_containing("BUG"), r
    assert [broken_pages(r, n) for n in range(2)] == [1, 1], r
    assert live_updates(r, 1) == 2, r
    assert set(list_rows(output_of(r, "xl list"))) == \
        {"Domain-0", "memcheck", "timecheck"}, r
    second = [i for i, line in enumerate(r.lines) if ENTERING in line][1]
    assert any(ROUND_RE.match(line) for line in r.lines[second:]), r


def test_stuck_quiesce_aborts(image, tmp_path):
    """lu_debug_stuck=timecheck,300 holds timecheck back from its safe
    point for 300 ms into each quiesce.  An update that gives the domains
    50 ms aborts, naming timecheck, and the guests carry on; bad --timeout
    values are refused before anything stops; an update with the default
    timeout (1000 ms) waits the 300 ms and goes through."""
    r = run_shell(image, tmp_path, CREATE + [
        "xl live-update --timeout 50 /boot/xen-next",
        "xl live-update --dry-run --timeout=50 /boot/xen-next",
        "xl live-update --timeout 60001 /boot/xen-next",
        "xl live-update --timeout 0 /boot/xen-next",
        "xl live-update --timeout soon /boot/xen-next",
        "xl live-update --timeout", "@wait (d1) memcheck: round",
        "@wait (d2) timecheck: t=", "xl list", "xl info",
        "xl live-update /boot/xen-next", "@wait (d1) memcheck: round",
        "xl list"], "--cmdline", "liveupdate=128M lu_debug_stuck=timecheck,300")
    assert_powered_off(r)
    assert not guest_failures(r), r
    aborted = ("xl: live-update: domain 2 (timecheck) did not reach a safe "
               "point within 50 ms: the update is aborted and every domain "
               "goes on")
    assert output_of(r, "xl live-update --timeout 50 /boot/xen-next")[-1] == \
        aborted, r
    assert output_of(r, "xl live-update --dry-run --timeout=50 "
                        "/boot/xen-next")[-1] == aborted, r
    assert len(r.lines_containing(
        "(XEN) Live update: domain 2 (timecheck) did not reach a safe point "
        "within 50 ms: the update is aborted, every domain resumes")) == 2, r
    assert output_of(r, "xl live-update --timeout 60001 /boot/xen-next")[
        -1] == "xl: live-update: --timeout 60001: at most 60000 ms", r
    for value in ("0", "soon"):
        assert output_of(r, f"xl live-update --timeout {value} "
                            "/boot/xen-next")[0] == (
            "xl: live-update: --timeout takes milliseconds, 1 or more, not "
            f"'{value}'"), r
    assert output_of(r, "xl live-update --timeout")[0] == \
        "xl: live-update: missing MS after '--timeout'", r
    # Nothing was replaced and the guests went on after the aborts.
    assert lines_after(r, "xl live-update --timeout", "(d2) timecheck: t="), r
    assert live_updates(r, 0) == 0, r
    rows = list_rows(output_of(r, "xl list"))
    assert set(rows) == {"Domain-0", "memcheck", "timecheck"}, r
    # The update with the default timeout waited for timecheck.
    out = output_of(r, "xl live-update /boot/xen-next")
    quiesce = [int(line.split()[1]) for line in out
               if line.strip().startswith("quiesce ")]
    assert len(quiesce) == 1 and 300000 <= quiesce[0] < 1000000, out
    assert carried(out).startswith("carried   3 domains, 3 vCPUs"), r
    assert len(r.lines_containing("reaches its safe point after 300 ms")) \
        == 3, r
    assert "lu_debug_stuck" not in command_line_after(r, ENTERING), r
    assert_guests_unchanged(r, rows, list_rows(output_of(r, "xl list", 1)))


def test_unprivileged_caller_is_refused(image, tmp_path):
    """hostile (domain 3) tries kexec_op's every command: -EPERM, even with
    a bad interface version (privilege is checked first), and the control
    domain's update afterwards is unaffected."""
    r = run_shell(image, tmp_path, CREATE + [
        "xl create /etc/xen/hostile.cfg", "@wait (d3) Test result:",
        "xl live-update /boot/xen-next", "@wait (d1) memcheck: round",
        "xl list"], *REGION)
    assert_powered_off(r)
    assert r.lines_starting("(d3) Test result:") == \
        ["(d3) Test result: SUCCESS"], r
    for what in ("lu_load", "lu_load with a bad interface version", "lu_exec",
                 "lu_exec (dry run)", "lu_unload"):
        assert f"(d3) hostile: kexec_op {what}: refused (-EPERM)" in \
            r.lines, r
    assert not r.lines_containing("NOT REFUSED"), r
    assert not r.lines_containing("WRONG ERROR"), r
    # Only the control domain's update reached the hypervisor.
    assert len(r.lines_containing("(XEN) Live update: image of")) == 1, r
    out = output_of(r, "xl live-update /boot/xen-next")
    assert carried(out).startswith("carried   3 domains, 3 vCPUs"), r
    rows = list_rows(output_of(r, "xl list"))
    assert list(rows) == ["Domain-0", "memcheck", "timecheck"], r
    assert not [line for line in guest_failures(r)
                if not line.startswith("(d3) ")], r


def test_no_reserved_region_is_refused(image, tmp_path):
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/memcheck.cfg", "xl live-update /boot/xen-next",
        "@wait (d1) memcheck: round", "xl list"])
    assert_powered_off(r)
    assert output_of(r, "xl live-update /boot/xen-next")[-1] == (
        "xl: live-update: no reserved region: the hypervisor was booted "
        "without liveupdate=<size>"), r
    assert "memcheck" in list_rows(output_of(r, "xl list")), r
    assert lines_after(r, "xl live-update /boot/xen-next",
                       "(d1) memcheck: round"), r
    assert not guest_failures(r), r


def test_corrupted_stream_is_refused(image, tmp_path):
    """lu_debug_corrupt=7 damages the first VCPU record of every stream.
    The dry run reads it back and refuses it with nothing stopped; the new
    hypervisor refuses it naming the record, restores nothing and, with no
    domain to run, powers off cleanly."""
    r = run_shell(image, tmp_path, CREATE + [
        "xl live-update --dry-run /boot/xen-next", "@wait (d1) memcheck: round",
        "@wait (d2) timecheck: t=", "xl list",
        "xl live-update /boot/xen-next", "xl list"],
        "--cmdline", "liveupdate=128M lu_debug_corrupt=7")
    assert r.status == 0, r
    assert r.final.startswith("xen-qemu: poweroff: clean power-off"), r
    assert not r.lines_containing("Panic on CPU"), r
    assert not r.lines_containing("FATAL"), r
    assert not guest_failures(r), r
    damaged = r.lines_containing("lu_debug_corrupt: record")
    assert len(damaged) == 2 and all("(VCPU) damaged on purpose" in line
                                     for line in damaged), r
    # The dry run: refused by the read-back, the guests carry on.
    assert r.lines_containing("(XEN) Live update: dry run: the stream does "
                              "not read back: record "), r
    assert output_of(r, "xl live-update --dry-run /boot/xen-next")[-1] \
        .startswith("xl: live-update: dry run: "), r
    assert lines_after(r, "dry run: the stream does not read back",
                       "(d1) memcheck: round"), r
    assert set(list_rows(output_of(r, "xl list"))) == \
        {"Domain-0", "memcheck", "timecheck"}, r
    # The real one: the new hypervisor names the record and restores
    # nothing; the option is not passed on to it.
    refused = lines_after(r, ENTERING, "Live update: the stream is refused: ")
    assert len(refused) == 1, r
    assert re.search(r"the stream is refused: record \d+ \(VCPU\): checksum "
                     r"mismatch", refused[0]), r
    new = lines_after(r, ENTERING, "(XEN) Command line:")
    assert new and "lu_debug_corrupt" not in new[0], r
    assert not lines_after(r, ENTERING, "restored"), r
    assert not lines_after(r, ENTERING, "(d1) "), r
    tail = lines_after(r, ENTERING, "(XEN) ")
    assert tail[-2:] == ["(XEN) No domains to run.", "(XEN) Powering off."], r


# lu_debug_forge= (xen/common/lu_debug_forge.c): a record the reader
# accepts -- its checksum right -- that only the restorer can see is wrong,
# and what the new hypervisor says of it.
FORGED = {
    "p2m-overlap": "Live update: domain 1: P2M extents out of order or "
                   "overlapping at gfn 0",
    "evtchn-ports": "Live update: domain 1: EVTCHN records with port tables "
                    "of ",
    "special-frame": "SPECIAL P2M frames, of which only ",
    "others-ram": "Live update: domain 1: P2M extent of frames that are not "
                  "its own",
}


@pytest.mark.parametrize("forge", FORGED)
def test_forged_stream_is_refused(image, tmp_path, forge):
    """The dry run reads the stream back and finds nothing wrong (only the
    restorer can); the new hypervisor refuses it, saying what is wrong,
    restores nothing and powers off cleanly."""
    r = run_shell(image, tmp_path, CREATE + [
        "xl live-update --dry-run /boot/xen-next", "@wait (d1) memcheck: round",
        "xl live-update /boot/xen-next"],
        "--cmdline", f"liveupdate=128M lu_debug_forge={forge}")
    assert r.status == 0, r
    assert r.final.startswith("xen-qemu: poweroff: clean power-off"), r
    assert not r.lines_containing("Panic on CPU"), r
    assert not guest_failures(r), r
    assert len(r.lines_containing(f"Live update: lu_debug_forge: {forge}, "
                                  "in domain 1's records")) == 2, r
    assert output_of(r, "xl live-update --dry-run /boot/xen-next")[-1] \
        .startswith("Dry run done: nothing was replaced"), r
    assert lines_after(r, ENTERING, FORGED[forge]), r
    new = lines_after(r, ENTERING, "(XEN) Command line:")
    assert new and "lu_debug_forge" not in new[0], r
    assert not lines_after(r, ENTERING, "(d1) "), r
    tail = lines_after(r, ENTERING, "(XEN) ")
    assert tail[-2:] == ["(XEN) No domains to run.", "(XEN) Powering off."], r


def evtchn_config(path, role, peer, rounds):
    """A config for one side of the event-channel ping-pong."""
    path.write_text(f'name = "evtchn-{role}"\nkernel = "/boot/evtchn.elf"\n'
                    f'memory = 8\nvcpus = 1\n'
                    f'extra = "role={role} peer={peer} rounds={rounds}"\n'
                    'on_crash = "destroy"\n')
    return f"{path} file /etc/xen/{path.name}"  # next to the shipped ones


def test_update_while_guests_are_blocked(image, tmp_path):
    """The evtchn pair ping-pongs 20000 events, each side blocking in
    SCHEDOP_poll for the other's, and timecheck yields: the update comes
    in the middle, and no event is lost or invented."""
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/long-b.cfg", "xl create /etc/xen/long-a.cfg",
        "xl create /etc/xen/timecheck.cfg", "@wait evtchn: round 2000/",
        "xl live-update /boot/xen-next", "@wait Live update done",
        "@wait Test result:", "@wait Test result:", "xl list"],
        *REGION,
        "--module", evtchn_config(tmp_path / "long-b.cfg", "b", 2, 20000),
        "--module", evtchn_config(tmp_path / "long-a.cfg", "a", 1, 20000))
    assert_powered_off(r)
    assert not guest_failures(r), r
    out = output_of(r, "xl live-update /boot/xen-next")
    assert carried(out).startswith("carried   4 domains, 4 vCPUs"), r
    # The update came in the middle of the ping-pong, not after it.
    assert lines_after(r, ENTERING, "evtchn: round 20000/20000"), r
    assert sorted(r.lines_starting("(d1) Test result:") +
                  r.lines_starting("(d2) Test result:")) == \
        ["(d1) Test result: SUCCESS", "(d2) Test result: SUCCESS"], r
    assert "(d1) evtchn: sent 20000, received 20000" in r.lines, r
    assert "(d2) evtchn: sent 20000, received 20000" in r.lines, r
    assert lines_after(r, ENTERING, "(d3) timecheck: t="), r
    assert list(list_rows(output_of(r, "xl list"))) == \
        ["Domain-0", "timecheck"], r


def config(path, name, extra, *more):
    """A guest config for dom0's /etc/xen, as a --module argument."""
    path.write_text("\n".join([f'name = "{name}"',
                               f'kernel = "/boot/{name}.elf"', "memory = 8",
                               "vcpus = 1", *more, f'extra = "{extra}"',
                               'on_crash = "destroy"']) + "\n")
    return f"{path} file /etc/xen/{path.name}"


def test_update_in_the_middle_of_port_io(image, tmp_path):
    """ioguest (domain 1) does 60002 port I/O requests that iodm (domain
    2, its device model: device_model_domid) serves through the ioreq page
    and an event channel; the update comes in the middle and every answer
    still comes back right."""
    requests = 2 + 6 * 10000  # ioguest.c: a probe, 6 per round, a last read
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/ioguest.cfg", "xl create /etc/xen/iodm.cfg",
        "@wait requests served", "xl live-update /boot/xen-next",
        "@wait Live update done", "@wait Test result:", "@wait Test result:",
        "xl list"], *REGION,
        "--module", config(tmp_path / "ioguest.cfg", "ioguest",
                           "rounds=10000", "device_model_domid = 2"),
        "--module", config(tmp_path / "iodm.cfg", "iodm",
                           f"target=1 requests={requests}"))
    assert_powered_off(r)
    assert not guest_failures(r), r
    out = output_of(r, "xl live-update /boot/xen-next")
    assert carried(out).startswith("carried   3 domains, 3 vCPUs"), r
    assert lines_after(r, ENTERING, "(d2) iodm: 60000/60002 requests served")
    assert f"(d2) iodm: served {requests} requests, latch 0xffffffff" in \
        r.lines, r
    assert f"(d1) ioguest: 10000 rounds, {requests} requests" in r.lines, r
    assert sorted(r.lines_starting("(d1) Test result:") +
                  r.lines_starting("(d2) Test result:")) == \
        ["(d1) Test result: SUCCESS", "(d2) Test result: SUCCESS"], r


def test_only_dom0s_modules_are_passed_on(image, tmp_path):
    """A boot-time domain's kernel module is no domain's once the domain is
    built (it runs from its own copy): the next hypervisor is not given it,
    only the control domain's files, which still lie in dom0's memory."""
    kernel = Path(__file__).resolve().parents[3] / "build/guests/memcheck.elf"
    r = run_shell(image, tmp_path, [
        "@wait memcheck: round", "xl live-update /boot/xen-next",
        "@wait Live update done", "@wait memcheck: round"],
        *REGION, "--module", f"{kernel} domain name=early memory=16M")
    assert_powered_off(r)
    assert not guest_failures(r), r
    before = [line for line in r.lines[:r.lines.index(
        next(line for line in r.lines if ENTERING in line))]
        if line.startswith("(XEN)  Module ")]
    after = lines_after(r, ENTERING, "(XEN)  Module ")
    def named(lines):
        return [line.split("] ", 1)[1] for line in lines]

    assert any("domain name=early" in line for line in named(before)), r
    files = [line for line in named(before) if " file " in line]
    assert files and named(after) == files, r
