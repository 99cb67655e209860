# SPDX-License-Identifier: GPL-2.0-only
"""tools/mkiso: the GRUB ISO holds the image and a grub.cfg that boots it at
once on the serial console with `console=com1` plus the given options, each
option quoted so that GRUB takes nothing in it as syntax."""

import subprocess

from conftest import MKISO


def extract(iso, member, dest):
    subprocess.run(["xorriso", "-osirrox", "on", "-indev", str(iso),
                    "-extract", member, str(dest)],
                   check=True, capture_output=True)
    return dest.read_bytes()


def make_iso(tmp_path, *cmdline):
    image = tmp_path / "xen"
    image.write_bytes(b"stand-in image \x00\x01")
    iso = tmp_path / "out" / "xen.iso"
    subprocess.run([str(MKISO), str(image), str(iso), *cmdline], check=True)
    return image, iso


def test_iso_contents(tmp_path):
    image, iso = make_iso(tmp_path, "loglvl=all it's $x")
    assert extract(iso, "/boot/xen", tmp_path / "xen.out") == \
        image.read_bytes()
    cfg = extract(iso, "/boot/grub/grub.cfg", tmp_path / "cfg").decode()
    lines = [line.strip() for line in cfg.splitlines()]
    assert "serial --unit=0 --speed=115200" in lines
    assert "terminal_input serial" in lines
    assert "terminal_output serial" in lines
    assert "set timeout=0" in lines
    assert ("multiboot2 /boot/xen console=com1 'loglvl=all' 'it'\\''s' '$x'"
            in lines), cfg
    assert lines.index("boot") == lines.index(
        next(line for line in lines if line.startswith("multiboot2"))) + 1


def test_default_cmdline(tmp_path):
    _, iso = make_iso(tmp_path)
    cfg = extract(iso, "/boot/grub/grub.cfg", tmp_path / "cfg").decode()
    assert "    multiboot2 /boot/xen console=com1\n" in cfg


def test_missing_image_fails(tmp_path):
    proc = subprocess.run([str(MKISO), str(tmp_path / "none"),
                           str(tmp_path / "x.iso")], capture_output=True,
                          text=True, check=False)
    assert proc.returncode != 0
    assert "no such image" in proc.stderr


def test_module_names_are_indexed_and_tame(tmp_path):
    """A module's name in the ISO is its index and its basename with
    anything GRUB might read as syntax made a '_'; its command line is
    passed as given."""
    odd = tmp_path / "a b'$.elf"
    odd.write_bytes(b"odd module")
    image = tmp_path / "xen"
    image.write_bytes(b"stand-in image")
    iso = tmp_path / "xen.iso"
    subprocess.run([str(MKISO), "--module", str(odd), "file /boot/odd",
                    "--module", str(odd), "", str(image), str(iso)],
                   check=True)
    cfg = extract(iso, "/boot/grub/grub.cfg", tmp_path / "cfg").decode()
    lines = [line.strip() for line in cfg.splitlines()]
    assert "module2 /boot/modules/00-a_b__.elf 'file' '/boot/odd'" in lines, \
        cfg
    assert "module2 /boot/modules/01-a_b__.elf" in lines, cfg
    assert extract(iso, "/boot/modules/01-a_b__.elf", tmp_path / "m") == \
        b"odd module"


def test_missing_module_fails(tmp_path):
    image = tmp_path / "xen"
    image.write_bytes(b"stand-in image")
    proc = subprocess.run([str(MKISO), "--module", str(tmp_path / "none"),
                           "", str(image), str(tmp_path / "x.iso")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode != 0
    assert f"no such module: {tmp_path / 'none'}" in proc.stderr
    assert not (tmp_path / "x.iso").exists()
