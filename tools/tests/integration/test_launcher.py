# SPDX-License-Identifier: GPL-2.0-only
"""Tests of tools/xen-qemu itself, driving fake QEMUs (fake_qemu/*.py).

They check how each way a run can end is recognised and reported, that QEMU
is always killed, that the QEMU command line is what the project documents,
and that --script types each line only once the prompt is showing.  No real
QEMU runs, so the whole file takes seconds.
"""

import json
import os
import pty
import select
import signal
import subprocess
import termios
import time

import pytest

from conftest import LAUNCHER, ROOT, fake, launch


@pytest.fixture
def dummy_image(tmp_path):
    """An image file for the launcher's existence check; fakes ignore it."""
    path = tmp_path / "xen"
    path.write_bytes(b"not a real hypervisor")
    return path


def launch_fake(name, dummy_image, *args, **kwargs):
    return launch("--qemu", fake(name), "--image", dummy_image, *args,
                  **kwargs)


def fake_pid(result):
    """The pid a fake QEMU printed on its first line."""
    first = result.lines_starting("fake-qemu pid ")[0]
    return int(first.split()[-1])


def assert_dead(pid):
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def recorded_args(result):
    """The argument vector record_args.py received."""
    return json.loads(result.lines_starting("ARGS ")[0][len("ARGS "):])


def test_poweroff(dummy_image):
    r = launch_fake("poweroff", dummy_image)
    assert r.status == 0, r
    assert r.final.startswith("xen-qemu: poweroff: "), r
    # The console is streamed unchanged apart from carriage returns.
    assert r.lines[:2] == ["(XEN) Xen-LU version fake",
                           "(XEN) Powering off."], r
    assert "\r" not in r.output


def test_panic(dummy_image):
    r = launch_fake("panic", dummy_image)
    assert r.status == 1, r
    assert r.final == "xen-qemu: panic: Panic on CPU 0: fake panic message", r


def test_panic_then_silence_is_a_panic(dummy_image):
    r = launch_fake("panic_then_hang", dummy_image, "--hang", "60")
    assert r.status == 1, r
    assert r.final.startswith(
        "xen-qemu: panic: Panic on CPU 0: stuck after panic"), r
    assert r.elapsed < 20, r


def test_triple_fault(dummy_image):
    r = launch_fake("reset", dummy_image)
    assert r.status == 2, r
    assert r.final.startswith("xen-qemu: triple-fault: "), r


def test_other_exit_code_is_a_failure(dummy_image):
    r = launch_fake("odd_status", dummy_image)
    assert r.status == 1, r
    assert r.final == ("xen-qemu: panic: hypervisor exit code 2 via "
                       "isa-debug-exit (QEMU status 5)"), r


def test_hang(dummy_image):
    r = launch_fake("hang", dummy_image, "--hang", "2")
    assert r.status == 3, r
    assert r.final == "xen-qemu: hang: no console output for 2s; QEMU killed"
    assert 2 <= r.elapsed < 10, r
    assert_dead(fake_pid(r))


def test_timeout(dummy_image):
    r = launch_fake("chatter", dummy_image, "--timeout", "3", "--hang", "1")
    assert r.status == 4, r
    assert r.final == "xen-qemu: timeout: still running after 3s; QEMU killed"
    assert 3 <= r.elapsed < 10, r
    assert r.lines_starting("(XEN) tick 20"), r
    assert_dead(fake_pid(r))


def test_qemu_startup_error_is_shown(dummy_image):
    r = launch_fake("startup_error", dummy_image)
    assert r.status == 5, r
    assert r.final == ("xen-qemu: error: QEMU failed to start (status 1): "
                       "qemu-system-x86_64: -m bogus: fake bad option"), r
    assert "fake bad option" in r.stderr


def test_missing_qemu(dummy_image, tmp_path):
    r = launch("--qemu", tmp_path / "no-such-qemu", "--image", dummy_image)
    assert r.status == 5, r
    assert r.final.startswith("xen-qemu: error: cannot run QEMU "), r


def test_missing_image(tmp_path):
    r = launch("--qemu", fake("poweroff"), "--image", tmp_path / "missing")
    assert r.status == 5, r
    assert r.final.startswith("xen-qemu: error: no hypervisor image at "), r


def test_sigint_kills_qemu(dummy_image):
    proc = subprocess.Popen(
        [str(LAUNCHER), "--qemu", str(fake("hang")), "--image",
         str(dummy_image)], stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, text=True)
    pid = int(proc.stdout.readline().split()[-1])
    proc.send_signal(signal.SIGINT)
    output, _ = proc.communicate(timeout=10)
    assert proc.returncode == 130
    assert output.splitlines()[-1].startswith("xen-qemu: interrupted: ")
    assert_dead(pid)


def test_log_file_holds_the_console(dummy_image, tmp_path):
    log = tmp_path / "console.log"
    r = launch_fake("poweroff", dummy_image, "--log", log)
    assert r.status == 0, r
    assert log.read_text() == r.output


def test_default_qemu_command_line(dummy_image):
    r = launch_fake("record_args", dummy_image)
    assert r.status == 0, r
    assert recorded_args(r) == [
        "-accel", "tcg", "-machine", "pc", "-cpu", "max", "-m", "512M",
        "-smp", "1", "-nodefaults", "-nographic", "-no-reboot",
        "-serial", "stdio", "-monitor", "none",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        "-kernel", str(dummy_image), "-append", "console=com1"]


def test_options_reach_qemu(dummy_image):
    r = launch_fake("record_args", dummy_image, "--mem", "6G", "--smp", "2",
                    "--cmdline", "loglvl=all  frobnicate", "--icount",
                    "--gdb", "--extra-qemu-arg", "-d",
                    "--extra-qemu-arg", "int")
    args = recorded_args(r)
    assert args[args.index("-m") + 1] == "6G"
    assert args[args.index("-smp") + 1] == "2"
    assert args[args.index("-append") + 1] == \
        "console=com1 loglvl=all  frobnicate"
    assert args[args.index("-icount") + 1] == "shift=0,sleep=off"
    assert args[-4:] == ["-s", "-S", "-d", "int"]


def test_grub_uses_the_iso(dummy_image, tmp_path):
    iso = tmp_path / "given.iso"
    iso.write_bytes(b"")
    r = launch_fake("record_args", dummy_image, "--grub", "--iso", iso)
    args = recorded_args(r)
    assert args[args.index("-cdrom") + 1] == str(iso)
    assert args[args.index("-boot") + 1] == "d"
    assert "-kernel" not in args and "-append" not in args


def test_grub_with_cmdline_builds_a_temporary_iso(dummy_image):
    r = launch_fake("record_args", dummy_image, "--grub",
                    "--cmdline", "loglvl=all")
    assert r.status == 0, r
    iso = recorded_args(r)[recorded_args(r).index("-cdrom") + 1]
    assert "CDROM-EXISTS True" in r.lines, r
    assert not os.path.exists(iso), "the temporary ISO was left behind"


def test_script_types_at_each_prompt(dummy_image, tmp_path):
    script = tmp_path / "script"
    script.write_text("echo one\nslow\necho two\npoweroff\n")
    r = launch_fake("shell", dummy_image, "--script", script)
    assert r.status == 0, r
    assert r.lines == [
        "(XEN) fake boot; this is not a prompt: dom0# ",
        "dom0# echo one", "one",
        "dom0# slow", "working...", "slow done",
        "dom0# echo two", "two",
        "dom0# poweroff", "(XEN) Powering off.",
        r.final], r
    assert r.final.startswith("xen-qemu: poweroff: ")


def test_script_directives(dummy_image, tmp_path):
    """@wait waits for text, @send types at once, @type types escapes."""
    script = tmp_path / "script"
    script.write_text("attach\n@wait attached\n@send a\\x01\\\\\\x1d\n"
                      "@type echo t\\x41b\\tc\\n\npoweroff\n")
    r = launch_fake("shell", dummy_image, "--script", script)
    assert r.status == 0, r
    assert r.lines == [
        "(XEN) fake boot; this is not a prompt: dom0# ",
        "dom0# attach", "attached", "detached after 61015c1d",
        "dom0# echo tAb\tc", "tAb\tc",
        "dom0# poweroff", "(XEN) Powering off.",
        r.final], r


def test_script_wait_before_prompt_line(dummy_image, tmp_path):
    """A plain line after @wait still waits for a prompt of its own."""
    script = tmp_path / "script"
    script.write_text("slow\n@wait working\necho two\npoweroff\n")
    r = launch_fake("shell", dummy_image, "--script", script)
    assert r.status == 0, r
    assert r.lines[1:5] == ["dom0# slow", "working...", "slow done",
                            "dom0# echo two"], r


@pytest.mark.parametrize("line", ["@bogus x", "@wait", "@send \\q",
                                  "@type \\x4"])
def test_bad_script_directive_is_refused(dummy_image, tmp_path, line):
    script = tmp_path / "script"
    script.write_text(f"echo one\n{line}\n")
    r = launch_fake("shell", dummy_image, "--script", script)
    assert r.status == 5, r
    assert r.final.startswith("xen-qemu: error: "), r
    assert not r.lines_starting("(XEN) fake boot"), "QEMU must not start"


def test_no_script_types_nothing(dummy_image):
    r = launch_fake("shell", dummy_image, "--hang", "2")
    assert r.status == 3, r
    assert r.lines[-2] == "dom0# ", r
    assert r.final.startswith("xen-qemu: hang: ")


def read_pty_until(fd, text, timeout=10):
    """Read the pty master until text shows up; return all that was read."""
    out = b""
    end = time.monotonic() + timeout
    while text not in out and time.monotonic() < end:
        if select.select([fd], [], [], 0.1)[0]:
            try:
                out += os.read(fd, 4096)
            except OSError:     # the child has gone and closed the pty
                break
    return out


def test_terminal_input_is_forwarded(dummy_image):
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execv(str(LAUNCHER), [str(LAUNCHER), "--qemu",
                                     str(fake("shell")),
                                     "--image", str(dummy_image)])
        finally:
            os._exit(127)
    try:
        read_pty_until(fd, b"\ndom0# ")
        assert not termios.tcgetattr(fd)[3] & termios.ECHO, \
            "local echo must be off while QEMU runs"
        os.write(fd, b"echo typed by hand\n")
        out = read_pty_until(fd, b"hand\r\ndom0# ")
        assert out.endswith(b"\r\ntyped by hand\r\ndom0# "), out
        os.write(fd, b"poweroff\n")
        out = read_pty_until(fd, b"xen-qemu: ")
        out += read_pty_until(fd, b"\n")
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0, out
        assert b"xen-qemu: poweroff: " in out
        assert termios.tcgetattr(fd)[3] & termios.ECHO, "echo not restored"
    finally:
        os.close(fd)


def test_dom0_terminal_sends_ctrl_c_and_quits_on_ctrl_a_x(dummy_image):
    """With --dom0, Ctrl-C is a key for dom0's shell; Ctrl-A x stops."""
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execv(str(LAUNCHER), [str(LAUNCHER), "--qemu",
                                     str(fake("shell")), "--dom0",
                                     "--image", str(dummy_image)])
        finally:
            os._exit(127)
    try:
        read_pty_until(fd, b"\ndom0# ")
        os.write(fd, b"echo a\x03b\x01\x01c\x01d\n")
        out = read_pty_until(fd, b"d\r\ndom0# ")
        assert b"\r\na\x03b\x01c\x01d\r\ndom0# " in out, out
        os.write(fd, b"\x01x")
        out = read_pty_until(fd, b"xen-qemu: ")
        out += read_pty_until(fd, b"\n")
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 130, out
        assert b"xen-qemu: interrupted: Ctrl-A x; QEMU killed" in out, out
        assert termios.tcgetattr(fd)[3] & termios.ISIG, "ISIG not restored"
    finally:
        os.close(fd)


@pytest.fixture
def guest_files(tmp_path):
    """Two stand-in module files, in a directory of their own."""
    mods = tmp_path / "mods"
    mods.mkdir()
    first, second = mods / "first.elf", mods / "second.elf"
    first.write_bytes(b"first module")
    second.write_bytes(b"the second module")
    return first, second


def test_modules_become_initrd(dummy_image, guest_files, monkeypatch):
    first, second = guest_files
    # A relative path reaches QEMU as an absolute one: the hypervisor skips
    # the path QEMU puts in front of a module's command line only if it has
    # a '/'.
    monkeypatch.chdir(first.parent)
    r = launch_fake("record_args", dummy_image,
                    "--module", "first.elf domain name=a memory=32M -- x=1",
                    "--module", f"  {second}  ")
    assert r.status == 0, r
    args = recorded_args(r)
    assert args[args.index("-append") + 1] == "console=com1"
    assert args[args.index("-initrd") + 1] == (
        f"{first} domain name=a memory=32M -- x=1,{second}")
    assert args.index("-initrd") == args.index("-append") + 2


def test_dom0_adds_its_modules_first(dummy_image, guest_files):
    """--dom0: the dom0 kernel, then its RAM filesystem, then --module."""
    kernel = ROOT / "build" / "dom0" / "dom0.elf"
    files = ROOT / "build" / "dom0" / "ramfs.list"
    if not kernel.is_file() or not files.is_file():
        pytest.fail(f"{kernel} or {files} is missing: run 'make'")
    r = launch_fake("record_args", dummy_image, "--dom0",
                    "--module", f"{guest_files[0]} domain name=a memory=8M")
    assert r.status == 0, r
    args = recorded_args(r)
    modules = args[args.index("-initrd") + 1].split(",")
    assert modules[0] == (f"{kernel} domain name=Domain-0 memory=256M "
                          "privileged")
    expected = [f"{host} file {path}" for host, path in
                (line.split() for line in files.read_text().splitlines())]
    assert modules[1:-1] == expected
    assert f"{ROOT}/build/guests/memcheck.elf file /boot/memcheck.elf" \
        in expected
    assert f"{ROOT}/tools/dom0/etc/xen/memcheck.cfg file " \
        "/etc/xen/memcheck.cfg" in expected
    assert modules[-1] == f"{guest_files[0]} domain name=a memory=8M"


def test_too_many_modules_are_refused(dummy_image, guest_files):
    args = []
    for _ in range(33):
        args += ["--module", str(guest_files[0])]
    r = launch_fake("record_args", dummy_image, *args)
    assert r.status == 5, r
    assert "33 modules; the hypervisor takes at most 32" in r.final, r


def test_no_module_no_initrd(dummy_image):
    assert "-initrd" not in recorded_args(
        launch_fake("record_args", dummy_image))


@pytest.mark.parametrize("module", [
    "{first} domain name=a,b memory=32M",
    "{first} ,",
])
def test_module_with_a_comma_is_refused(dummy_image, guest_files, module):
    r = launch_fake("record_args", dummy_image,
                    "--module", module.format(first=guest_files[0]))
    assert r.status == 5, r
    assert r.final.startswith("xen-qemu: error: --module "), r
    assert "cannot contain a comma" in r.final, r
    assert not r.lines_starting("ARGS "), "QEMU must not have been started"


def test_module_path_with_a_comma_is_refused(dummy_image, tmp_path):
    odd = tmp_path / "a,b.elf"
    odd.write_bytes(b"x")
    r = launch_fake("record_args", dummy_image, "--module", f"{odd} domain")
    assert r.status == 5, r
    assert "cannot contain a comma" in r.final, r


@pytest.mark.parametrize("module", ["", "   "])
def test_empty_module_is_refused(dummy_image, module):
    r = launch_fake("record_args", dummy_image, "--module", module)
    assert r.status == 5, r
    assert r.final == "xen-qemu: error: --module needs a file", r


def test_missing_module_is_refused(dummy_image, tmp_path):
    missing = tmp_path / "missing.elf"
    r = launch_fake("record_args", dummy_image,
                    "--module", f"{missing} domain name=a")
    assert r.status == 5, r
    assert r.final == (f"xen-qemu: error: --module '{missing} domain "
                       f"name=a': no such file: {missing}"), r


def grub_entries(result):
    """The multiboot2 and module2 lines of the grub.cfg grub_cfg.py shows;
    checks that `boot` follows them."""
    lines = [line.strip() for line in result.lines]
    entries = [line for line in lines
               if line.startswith(("multiboot2 ", "module2 "))]
    assert lines.index("boot") == lines.index(entries[-1]) + 1, result
    return entries


def test_grub_modules_go_into_the_iso(dummy_image, guest_files):
    """Each module is a file of its own, named by its index, even the same
    file loaded twice; module2 passes its command line and nothing else."""
    first, second = guest_files
    r = launch_fake("grub_cfg", dummy_image, "--grub",
                    "--module", f"{first} domain name=a memory=32M -- x=1",
                    "--module", str(second),
                    "--module", f"{first} domain name=b memory=8M")
    assert r.status == 0, r
    assert grub_entries(r) == [
        "multiboot2 /boot/xen console=com1",
        "module2 /boot/modules/00-first.elf 'domain' 'name=a' 'memory=32M' "
        "'--' 'x=1'",
        "module2 /boot/modules/01-second.elf",
        "module2 /boot/modules/02-first.elf 'domain' 'name=b' 'memory=8M'"], r
    assert r.lines_starting("BOOT ") == [
        f"BOOT xen {dummy_image.stat().st_size}",
        f"BOOT modules/00-first.elf {first.stat().st_size}",
        f"BOOT modules/01-second.elf {second.stat().st_size}",
        f"BOOT modules/02-first.elf {first.stat().st_size}"], r


def test_grub_keeps_two_modules_of_one_name_apart(dummy_image, guest_files,
                                                  tmp_path):
    """Two different files of one basename (dom0 carries build/xen/xen and
    build/xen-alt/xen) both reach the ISO, each with its command line; a
    module named like the hypervisor does not replace it."""
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = other_dir / "first.elf"
    other.write_bytes(b"another file of the same name")
    named_xen = other_dir / "xen"
    named_xen.write_bytes(b"a module called xen")
    r = launch_fake("grub_cfg", dummy_image, "--grub",
                    "--module", f"{guest_files[0]} file /boot/a",
                    "--module", f"{other} file /boot/b",
                    "--module", f"{named_xen} file /boot/xen-next")
    assert r.status == 0, r
    assert grub_entries(r) == [
        "multiboot2 /boot/xen console=com1",
        "module2 /boot/modules/00-first.elf 'file' '/boot/a'",
        "module2 /boot/modules/01-first.elf 'file' '/boot/b'",
        "module2 /boot/modules/02-xen 'file' '/boot/xen-next'"], r
    # The files differ in size, so a mix-up would show.
    assert r.lines_starting("BOOT ") == [
        f"BOOT xen {dummy_image.stat().st_size}",
        f"BOOT modules/00-first.elf {guest_files[0].stat().st_size}",
        f"BOOT modules/01-first.elf {other.stat().st_size}",
        f"BOOT modules/02-xen {named_xen.stat().st_size}"], r
