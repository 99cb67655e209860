#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fake QEMU: prints the grub.cfg of the -cdrom ISO and a `BOOT path size`
line for each file under its /boot (path relative to /boot, grub/ left
out), then powers off."""
import os
import subprocess
import sys
import tempfile

args = sys.argv[1:]
iso = args[args.index("-cdrom") + 1]
with tempfile.TemporaryDirectory() as tmp:
    boot = os.path.join(tmp, "boot")
    subprocess.run(["xorriso", "-osirrox", "on", "-indev", iso, "-extract",
                    "/boot", boot], check=True, capture_output=True)
    with open(os.path.join(boot, "grub", "grub.cfg"), encoding="utf-8") as f:
        sys.stdout.write(f.read())
    for top, dirs, files in os.walk(boot):
        dirs[:] = sorted(d for d in dirs if d != "grub")
        for name in sorted(files):
            path = os.path.join(top, name)
            print(f"BOOT {os.path.relpath(path, boot)} "
                  f"{os.path.getsize(path)}")
sys.exit(1)
