#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fake QEMU running a control domain shell behind a 'dom0# ' prompt.

It checks that the launcher types only at a prompt: input that arrives
before a prompt has been printed ends the run with a panic (status 3).
Commands: `echo WORDS`, `slow` (answers after 0.5 s), `attach` (like `xl
console`: prints "attached", then reads raw bytes, with no prompt, up to
Ctrl-] and prints them in hex), `poweroff`.
The prompt is written in two pieces to exercise partial-line handling, and
a 'dom0# ' that is not at the start of a line must not count as a prompt.
"""
import os
import select
import sys
import time


def out(text):
    sys.stdout.write(text)
    sys.stdout.flush()


def typed_ahead():
    """True if input is waiting although no prompt is showing."""
    return bool(select.select([0], [], [], 0.2)[0])


def read_line():
    """One line from stdin, read unbuffered; None at end of file."""
    line = b""
    while not line.endswith(b"\n"):
        byte = os.read(0, 1)
        if not byte:
            return None
        line += byte
    return line.decode().rstrip("\n")


def attach():
    """Read bytes up to Ctrl-] (0x1d) and report them."""
    out("attached\n")
    got = b""
    while not got.endswith(b"\x1d"):
        byte = os.read(0, 1)
        if not byte:
            return
        got += byte
    out(f"detached after {got.hex()}\n")


def run(command):
    """Answer one command; return the QEMU status to exit with, or None."""
    if command == "attach":
        attach()
    elif command.startswith("echo "):
        out(command[len("echo "):] + "\n")
    elif command == "slow":
        out("working...\n")
        time.sleep(0.5)
        out("slow done\n")
    elif command == "poweroff":
        out("(XEN) Powering off.\n")
        return 1
    else:
        out(f"unknown command: {command}\n")
    return None


def main():
    out("(XEN) fake boot; this is not a prompt: dom0# \n")
    while True:
        if typed_ahead():
            out("(XEN) Panic on CPU 0:\n(XEN) input before the prompt\n")
            return 3
        out("do")
        time.sleep(0.05)
        out("m0# ")
        command = read_line()
        if command is None:
            return 1
        out(command + "\n")
        status = run(command)
        if status is not None:
            return status


sys.exit(main())
