# SPDX-License-Identifier: GPL-2.0-only
"""Live update's handover, with no domains (selftest=kexec).

The first hypervisor writes a stream (the hypervisor-wide record), leaves
the breadcrumb at the start of the reserved region and kexecs into the
image given as the module `file /boot/xen-next`.  The second must come up
inside the region, find the breadcrumb, keep the boot allocator in the
region (in the half the first one zeroed for it), read the stream and
continue the first one's system time.
"""

import re
import shutil

import pytest

from conftest import IMAGE

REGION_RE = re.compile(r"\(XEN\) Live update: 64 MiB reserved at "
                       r"\[([0-9a-f]{16}), ")
LOADED_RE = re.compile(r"\(XEN\) Loaded at (0x[0-9a-f]+)-")


@pytest.fixture
def next_image(tmp_path):
    """A copy of the image named as the ISO needs (/boot/xen is GRUB's)."""
    return shutil.copy(IMAGE, tmp_path / "xen-next")


def kexec_boot(boot, path, image,
               cmdline="liveupdate=64M selftest=kexec"):
    return boot(path, "--cmdline", cmdline,
                "--module", f"{image} file /boot/xen-next")


@pytest.mark.parametrize("path", ["kernel", "grub"])
def test_kexec_into_the_reserved_region(boot, path, next_image):
    result = kexec_boot(boot, path, next_image)
    assert result.status == 0, result
    banners = result.lines_containing("Xen-LU version")
    assert len(banners) == 2, result
    region = [int(m[1], 16) for m in map(REGION_RE.match, result.lines) if m]
    loaded = [int(m[1], 16) for m in map(LOADED_RE.match, result.lines) if m]
    assert len(region) == 2 and region[0] == region[1], result
    assert loaded == [0x200000, region[0] + (2 << 20)], result
    assert "(XEN) Boot loader: Xen-LU live update" in result.lines, result
    assert (f"(XEN) Command line: console=com1 liveupdate=67108864@"
            f"{region[0]:#x}") in result.lines, result
    # The first hypervisor ran outside the region: the second boots into
    # the lower half, which the first zeroed for it.
    assert (f"(XEN) Boot allocator restricted to the half of the live-update "
            f"region at {region[0]:#x}, zeroed by the previous hypervisor") \
        in result.lines, result
    restored = result.lines_containing("(XEN) Live update: #1, from build ")
    assert len(restored) == 1, result
    assert result.lines_containing("(XEN) Live update: stream of "), result
    assert not result.lines_containing("refused"), result
    assert "(XEN) Powering off." in result.lines, result


def test_kexec_without_a_region_is_refused_and_boot_goes_on(boot, next_image):
    result = kexec_boot(boot, "kernel", next_image, "selftest=kexec")
    assert result.status == 0, result
    assert "(XEN) Live update: no reserved region (boot with " \
        "liveupdate=<size>)" in result.lines, result
    assert "(XEN) selftest: kexec: FAILURE: staging failed (-19)" \
        in result.lines, result
    assert len(result.lines_containing("Xen-LU version")) == 1, result


def test_kexec_of_a_non_image_is_refused(boot, tmp_path):
    junk = tmp_path / "junk"
    junk.write_bytes(b"not a hypervisor" * 4096)
    result = boot("kernel", "--cmdline", "liveupdate=64M selftest=kexec",
                  "--module", f"{junk} file /boot/xen-next")
    assert result.status == 0, result
    assert result.lines_containing("(XEN) Image: no multiboot2 header"), result
    assert len(result.lines_containing("Xen-LU version")) == 1, result


def test_kexec_region_too_small_for_the_next_boot(boot, next_image):
    """4 MiB hold the image past its 2 MiB offset, but not the frame table
    the next hypervisor builds there for 512 MiB: refused at load, before
    anything stops, rather than letting it take boot memory elsewhere."""
    result = kexec_boot(boot, "kernel", next_image,
                        "liveupdate=4M selftest=kexec")
    assert result.status == 0, result
    assert result.lines_containing("(XEN) Image: the next hypervisor needs "
                                   ), result
    assert "(XEN) selftest: kexec: FAILURE: staging failed (-7)" \
        in result.lines, result
    assert len(result.lines_containing("Xen-LU version")) == 1, result


def test_kexec_image_too_big_for_the_region(boot, next_image):
    result = kexec_boot(boot, "kernel", next_image,
                        "liveupdate=2M selftest=kexec")
    assert result.status == 0, result
    assert result.lines_containing("(XEN) Image: needs "), result
    assert len(result.lines_containing("Xen-LU version")) == 1, result
