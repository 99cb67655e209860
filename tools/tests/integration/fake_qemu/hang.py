#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fake QEMU: prints its pid, then goes silent forever."""
import os
import time

print(f"fake-qemu pid {os.getpid()}", flush=True)
while True:
    time.sleep(60)
