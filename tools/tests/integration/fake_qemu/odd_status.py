#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fake QEMU: the hypervisor writes 2 to isa-debug-exit (QEMU status 5)."""
import sys

print("(XEN) exiting with code 2")
sys.exit(5)
