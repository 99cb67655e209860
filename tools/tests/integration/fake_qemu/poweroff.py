#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fake QEMU: a boot that ends in a clean power-off (QEMU status 1).

Lines end in CRLF, as a 16550 console's usually do; the launcher strips \\r.
"""
import sys

for line in ("(XEN) Xen-LU version fake", "(XEN) Powering off."):
    sys.stdout.write(line + "\r\n")
sys.exit(1)
