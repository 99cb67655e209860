#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fake QEMU: prints its pid, then a line every 0.1 s forever."""
import os
import time

print(f"fake-qemu pid {os.getpid()}", flush=True)
tick = 0
while True:
    print(f"(XEN) tick {tick}", flush=True)
    tick += 1
    time.sleep(0.1)
