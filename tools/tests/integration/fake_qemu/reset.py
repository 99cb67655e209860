#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fake QEMU: a triple fault; with -no-reboot QEMU exits with status 0."""
import sys

print("(XEN) about to triple fault")
sys.exit(0)
