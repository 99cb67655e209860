#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fake QEMU: the hypervisor panics, then writes 1 to isa-debug-exit
(QEMU status 3)."""
import sys

print("(XEN) ****************************************")
print("(XEN) Panic on CPU 0:")
print("(XEN) fake panic message")
print("(XEN) ****************************************")
sys.exit(3)
