# SPDX-License-Identifier: GPL-2.0-only
"""Shared helpers for the integration tests.

`launch()` runs tools/xen-qemu as a user would (no terminal on stdin) and
returns its exit status and console text.  The `boot` fixture boots the
built hypervisor by either path: "kernel" (QEMU -kernel, multiboot1) or
"grub" (a GRUB ISO, multiboot2, built once per session with tools/mkiso).
"""

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LAUNCHER = ROOT / "tools" / "xen-qemu"
MKISO = ROOT / "tools" / "mkiso"
IMAGE = ROOT / "build" / "xen" / "xen"
FAKE_QEMU = Path(__file__).resolve().parent / "fake_qemu"

# Limits for real boots: generous for a loaded CI machine, yet a broken
# boot still fails in well under a minute.
BOOT_TIMEOUT = 120
BOOT_HANG = 30
BOOT_PATHS = ("kernel", "grub")


@dataclass
class Launch:
    """The outcome of one tools/xen-qemu run."""

    status: int
    output: str
    stderr: str
    elapsed: float

    @property
    def lines(self):
        return self.output.splitlines()

    @property
    def final(self):
        """The launcher's final `xen-qemu: result: detail` line."""
        return self.lines[-1] if self.lines else ""

    def lines_starting(self, prefix):
        return [line for line in self.lines if line.startswith(prefix)]

    def lines_containing(self, text):
        return [line for line in self.lines if text in line]

    def __str__(self):
        return (f"status {self.status} after {self.elapsed:.1f}s\n"
                f"--- stdout\n{self.output}--- stderr\n{self.stderr}")


def launch(*args, timeout=BOOT_TIMEOUT + 60, **popen_args):
    """Run tools/xen-qemu with args; return a Launch."""
    start = time.monotonic()
    proc = subprocess.run(
        [str(LAUNCHER), *map(str, args)], stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
        check=False, **popen_args)
    return Launch(proc.returncode,
                  proc.stdout.decode("utf-8", "replace"),
                  proc.stderr.decode("utf-8", "replace"),
                  time.monotonic() - start)


def fake(name):
    """Path of the fake QEMU script fake_qemu/<name>.py."""
    return FAKE_QEMU / f"{name}.py"


@pytest.fixture(scope="session")
def image():
    """The built hypervisor image; `make` builds it."""
    if not IMAGE.is_file():
        pytest.fail(f"{IMAGE} is missing: run 'make' first")
    return IMAGE


@pytest.fixture(scope="session")
def grub_iso(image, tmp_path_factory):
    """A GRUB ISO of the current image with the default command line."""
    iso = tmp_path_factory.mktemp("iso") / "xen.iso"
    subprocess.run([str(MKISO), str(image), str(iso)], check=True)
    return iso


@pytest.fixture
def boot(request, image):
    """boot(path, *args): boot the hypervisor by path ("kernel"/"grub")."""
    def run(path, *args):
        assert path in BOOT_PATHS
        extra = ["--image", image, "--timeout", BOOT_TIMEOUT,
                 "--hang", BOOT_HANG]
        if path == "grub":
            extra += ["--grub", "--iso", request.getfixturevalue("grub_iso")]
        return launch(*extra, *args)
    return run
