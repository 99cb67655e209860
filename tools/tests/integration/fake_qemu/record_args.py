#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fake QEMU: prints its arguments as JSON and whether -cdrom's file exists,
then powers off."""
import json
import os
import sys

args = sys.argv[1:]
print("ARGS " + json.dumps(args))
if "-cdrom" in args:
    iso = args[args.index("-cdrom") + 1]
    print(f"CDROM-EXISTS {os.path.isfile(iso)}")
sys.exit(1)
