# SPDX-License-Identifier: GPL-2.0-only
"""Nothing on the command line can stop the boot: an unknown option gets a
warning, a malformed value a message naming the option and the value (the
default is kept), and a long run of junk is survived.  Every boot here must
still end in a clean power-off."""

import random

import pytest


def assert_boots_cleanly(result):
    assert result.status == 0, result
    assert result.final.startswith("xen-qemu: poweroff: "), result
    assert "(XEN) Physical RAM map:" in result.lines, result
    assert result.lines[-2] == "(XEN) Powering off.", result


def junk_cmdline(length):
    """A reproducible, hostile command line of about `length` characters:
    options with bad values, unbalanced quotes, runs of '=' and spaces,
    overlong words and non-ASCII text.  It never names console= or
    selftest=, which could legitimately change the outcome."""
    rng = random.Random(2)
    pieces = ["com1=", "loglvl=", "frobnicate", "=", "==", '"', "'", '"a b',
              "x" * 300, " ", "  ", "\t", ",", "-", "no-", "=0x", "9" * 40,
              "é", "☃", "\\", "${x}", ";", "K", "M", "G"]
    text = ""
    while len(text) < length:
        text += rng.choice(pieces)
    return text[:length]


def test_unknown_option_warns(boot):
    r = boot("kernel", "--mem", "128M", "--cmdline", "frobnicate")
    assert_boots_cleanly(r)
    assert r.lines_containing("Unknown command line option 'frobnicate'"), r


@pytest.mark.parametrize("option,value", [
    ("com1", "fast"), ("loglvl", "loud"), ("lu_debug_stuck", ",5"),
    ("lu_debug_stuck", "timecheck,soon"), ("lu_debug_stuck", "timecheck,"),
    ("lu_debug_stuck", "d" * 64), ("lu_debug_forge", "p2m"),
    ("lu_debug_forge", "")])
def test_malformed_value_is_reported(boot, option, value):
    r = boot("kernel", "--mem", "128M", "--cmdline", f"{option}={value}")
    assert_boots_cleanly(r)
    assert r.lines_containing(f"Bad value for '{option}': '{value}'"), r


@pytest.mark.parametrize("path", ["kernel", "grub"])
def test_long_junk_command_line(boot, path):
    r = boot(path, "--mem", "128M", "--cmdline", junk_cmdline(2000))
    assert_boots_cleanly(r)
