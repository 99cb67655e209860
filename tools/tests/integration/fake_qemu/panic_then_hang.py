#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fake QEMU: a panic message, then the machine never exits."""
import time

print("(XEN) Panic on CPU 0:", flush=True)
print("(XEN) stuck after panic", flush=True)
while True:
    time.sleep(60)
