#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fake QEMU: rejects its arguments before the machine starts (status 1)."""
import sys

sys.stderr.write("qemu-system-x86_64: -m bogus: fake bad option\n")
sys.exit(1)
