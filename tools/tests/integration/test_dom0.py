# SPDX-License-Identifier: GPL-2.0-only
"""The control domain's shell and xl, driven over the serial console.

Each test boots the hypervisor with `tools/xen-qemu --dom0` (dom0 with its
RAM filesystem: the test guests under /boot, their configs under
/etc/xen) and types a script at the `dom0# ` prompt (`@wait`, `@send` and
`@type` are the launcher's directives, README.md).  The checks read the
console: command output, the hypervisor's `(XEN) Domain N ...` life-cycle
lines and the guests' `(dN) ` lines, and the run must end with dom0's
`poweroff` and a clean power-off of the machine.
"""

import dataclasses
import re

from conftest import BOOT_HANG, BOOT_TIMEOUT, ROOT, launch

PROMPT = "dom0# "
NR_FILES = 19  # 11 guests, xen-next and xen-alt in /boot, 6 configs in /etc/xen
LIST_HEADER = re.compile(r"^Name\s+ID\s+Mem\s+VCPUs\s+State\s+Time\(s\)$")
FREE_RE = re.compile(r"^free_memory\s*:\s*(\d+)$")


def run_shell(image, tmp_path, lines, *args, timeout=BOOT_TIMEOUT):
    """Boot dom0 and type lines (then poweroff); return the Launch, its
    console with the echoes of what was typed made whole (rejoin_echoes)."""
    script = tmp_path / "script"
    script.write_text("\n".join([*lines, "poweroff"]) + "\n")
    r = launch("--image", image, "--dom0", "--script", script,
               "--timeout", timeout, "--hang", BOOT_HANG, *args)
    typed = {line for line in lines if not line.startswith("@")}
    typed.add("poweroff")
    return dataclasses.replace(
        r, output="\n".join(rejoin_echoes(r.lines, typed)) + "\n")


def rejoin_echoes(lines, typed):
    """The console lines with each typed command's echo made whole again.

    A guest's line may come in the middle of the echo of what was typed
    (`dom0# xl live-update /boot/x`, the guest's line, `en-next`); where a
    line and the next one of dom0's together continue a typed command,
    they are joined and the guests' lines in between follow.
    """
    out, i = [], 0
    while i < len(lines):
        line, between = lines[i], []
        i += 1
        while True:
            text = line[len(PROMPT):] if line.startswith(PROMPT) else line
            if not text or text in typed or \
                    not any(t.startswith(text) for t in typed):
                break
            j = i
            while j < len(lines) and is_other_domain(lines[j]):
                j += 1
            if j == len(lines) or \
                    not any(t.startswith(text + lines[j]) for t in typed):
                break
            between += lines[i:j]
            line, i = line + lines[j], j + 1
        out += [line, *between]
    return out


def is_other_domain(line):
    """A line from a guest or the hypervisor, not from dom0's shell."""
    return re.match(r"^\((d\d+|XEN)\) ", line) is not None


def commands(result):
    """[(command, [output line, ...]), ...] as the shell ran them.

    A guest's line may break the prompt's line: the console then shows
    `dom0# ` alone, the guest's lines, and the echo of what was typed on a
    line of its own.  Guest and hypervisor lines are left out of outputs.
    """
    found, current, bare_prompt = [], None, False
    for line in result.lines:
        if line.startswith("xen-qemu: "):
            break
        if line.startswith(PROMPT):
            typed = line[len(PROMPT):]
            bare_prompt = not typed
            current = None if bare_prompt else (typed, [])
        elif is_other_domain(line):
            continue
        elif bare_prompt:
            current, bare_prompt = (line, []), False
        elif current:
            current[1].append(line)
            continue
        else:
            continue
        if current and (not found or found[-1] is not current):
            found.append(current)
    return found


def output_of(result, command, nth=0):
    """What the nth run of command printed (dom0's lines only)."""
    outputs = [out for typed, out in commands(result) if typed == command]
    assert len(outputs) > nth, f"no run {nth} of '{command}':\n{result}"
    return outputs[nth]


def list_rows(lines):
    """{name: (id, mem, vcpus, state)} from `xl list` output (blank lines,
    which a guest's line breaking the output can leave, skipped)."""
    lines = [line for line in lines if line.strip()]
    assert lines and LIST_HEADER.match(lines[0]), lines
    rows = {}
    for line in lines[1:]:
        name, domid, mem, vcpus, state, _ = line.split()
        rows[name] = (int(domid), int(mem), int(vcpus), state)
    return rows


def assert_powered_off(result):
    """dom0 ran poweroff; the machine went off cleanly, nothing crashed."""
    assert result.status == 0, result
    assert result.final.startswith("xen-qemu: poweroff: "), result
    assert "(XEN) Domain 0 (Domain-0) shut down: poweroff" in result.lines, \
        result
    assert not result.lines_containing("crashed"), result
    assert not result.lines_containing("Panic on CPU"), result
    assert not result.lines_containing("FATAL"), result


def test_prompt_and_builtins(image, tmp_path):
    r = run_shell(image, tmp_path, [
        "help", "ls", "ls /etc/xen", "ls /etc/xen/hostile.cfg", "ls /nowhere",
        "cat /etc/xen/timecheck.cfg", "cat /etc/xen/none.cfg", "cat /etc",
        "cat /boot/memcheck.elf", "frobnicate now", "ls 'unterminated",
        "", "sleep 3", "sleep x", "sleep"])
    assert_powered_off(r)
    banner = r.lines.index(f"dom0: {NR_FILES} files in the RAM filesystem")
    assert r.lines[banner + 1] == PROMPT + "help", r
    assert not r.lines_containing("dom0: domain 0"), "runtime line shown"
    assert any(line.split()[:1] == ["xl"] for line in output_of(r, "help"))

    every = output_of(r, "ls")
    assert len(every) == NR_FILES, r
    sizes = dict(line.split() for line in every)
    assert int(sizes["/boot/memcheck.elf"]) > 4096, r
    assert int(sizes["/etc/xen/memcheck.cfg"]) > 0, r
    assert [line.split()[0] for line in output_of(r, "ls /etc/xen")] == [
        "/etc/xen/evtchn-a.cfg", "/etc/xen/evtchn-b.cfg",
        "/etc/xen/hostile.cfg", "/etc/xen/memcheck.cfg",
        "/etc/xen/timecheck.cfg", "/etc/xen/vgatest.cfg"], r
    assert output_of(r, "ls /etc/xen/hostile.cfg")[0].split() == [
        "/etc/xen/hostile.cfg", sizes["/etc/xen/hostile.cfg"]]
    assert output_of(r, "ls /nowhere") == [
        "ls: /nowhere: No such file or directory"]

    cfg = output_of(r, "cat /etc/xen/timecheck.cfg")
    assert 'name = "timecheck"' in cfg and 'kernel = "/boot/timecheck.elf"' \
        in cfg, r
    assert output_of(r, "cat /etc/xen/none.cfg") == [
        "cat: /etc/xen/none.cfg: No such file or directory"]
    assert output_of(r, "cat /etc") == ["cat: /etc: Is a directory"]
    assert output_of(r, "cat /boot/memcheck.elf")[0].startswith(
        "cat: /boot/memcheck.elf: binary file"), r

    assert output_of(r, "frobnicate now") == [
        "dom0: unknown command 'frobnicate' (try help)"]
    assert output_of(r, "ls 'unterminated") == [
        "dom0: unterminated ' quote"]
    assert output_of(r, "sleep 3") == []
    assert r.elapsed > 3, r
    assert output_of(r, "sleep x")[0].startswith("sleep: invalid time 'x'")
    assert output_of(r, "sleep") == ["Usage: sleep SECONDS"]
    assert "dom0: powering off" in r.lines, r


def test_line_editing(image, tmp_path):
    """Backspace, DEL, Ctrl-U, Ctrl-C, arrows, history, CR and CRLF."""
    r = run_shell(image, tmp_path, [
        r"@type ls /etc/xen/memcheck.cfgXY\x08\x7f\r",       # BS, DEL, CR
        r"@type garbage\x15ls /etc/xen/hostile.cfg\r\n",      # ^U, CRLF
        r"@type xl destroy everything\x03",                   # ^C
        r"@type \x1b[A\x1b[A\n",                              # Up twice
        r"@type cat /etc/xen/timecheck.cf\x1b[D\x1b[Cg\n",    # Left, Right
        r"@type ls /etc/xen/timecheck.cfg\x1b[D\x1b[D\x1b[D\x01\x05\n"])
    assert_powered_off(r)
    out = [line for line in r.lines if line.startswith("/etc/xen/")]
    assert [line.split()[0] for line in out] == [
        "/etc/xen/memcheck.cfg",   # the first line, edited
        "/etc/xen/hostile.cfg",    # after Ctrl-U
        "/etc/xen/memcheck.cfg",   # Up, Up: the first line again
        "/etc/xen/timecheck.cfg"], r
    assert 'name = "timecheck"' in r.lines, r
    # Ctrl-C abandoned the line: nothing was destroyed, no error either.
    assert any(line.endswith("xl destroy everything^C") for line in r.lines)
    assert not r.lines_containing("xl: destroy"), r
    # CRLF counted as one Enter: no empty command line in between.
    assert not [line for line in r.lines if line == PROMPT], r


def test_xl_create_list_destroy(image, tmp_path):
    r = run_shell(image, tmp_path, [
        "xl list", "xl create /etc/xen/memcheck.cfg", "@wait round 1 ok",
        "xl list memcheck", "xl destroy memcheck", "xl list"])
    assert_powered_off(r)
    # dom0's memory is its 256 MiB of RAM plus the frames of its RAM
    # filesystem's files (two hypervisor images, the guests: about 1 MiB).
    dom0 = list_rows(output_of(r, "xl list"))
    assert list(dom0) == ["Domain-0"], r
    assert dom0["Domain-0"][0] == 0 and dom0["Domain-0"][2:] == \
        (1, "r-----") and 256 <= dom0["Domain-0"][1] <= 258, r
    rows = list_rows(output_of(r, "xl list memcheck"))
    assert list(rows) == ["memcheck"], r
    assert rows["memcheck"][:3] == (1, 32, 1), r
    assert "(XEN) Domain 1 (memcheck): 32 MiB, 1 vCPU, entry 0x100000" \
        in r.lines, r
    assert r.lines_containing("(d1) memcheck: round 1 ok"), r
    assert "(XEN) Domain 1 (memcheck) destroyed" in r.lines, r
    assert output_of(r, "xl destroy memcheck") == [], r
    # The second `xl list`, after the destroy, shows dom0 alone again.
    assert list(list_rows(output_of(r, "xl list", 1))) == ["Domain-0"], r
    assert not r.lines_containing("FAILURE"), r


def test_xl_errors(image, tmp_path):
    """Missing file, bad config (named, with its line), unknown domains."""
    bad = tmp_path / "bad.cfg"
    bad.write_text('name = "bad"\nmemory = 16\nkernel = /boot/x.elf\n')
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/missing.cfg", "xl create /etc/xen/bad.cfg",
        "xl destroy nosuch", "xl destroy 42", "xl pause nosuch", "xl create",
        "xl frob", "xl list"],
        "--module", f"{bad} file /etc/xen/bad.cfg")
    assert_powered_off(r)
    missing = " ".join(output_of(r, "xl create /etc/xen/missing.cfg"))
    assert "/etc/xen/missing.cfg" in missing and \
        "No such file or directory" in missing, r
    bad_out = " ".join(output_of(r, "xl create /etc/xen/bad.cfg"))
    assert "/etc/xen/bad.cfg:3:" in bad_out, r
    assert "nosuch" in " ".join(output_of(r, "xl destroy nosuch")), r
    assert "42" in " ".join(output_of(r, "xl destroy 42")), r
    assert "nosuch" in " ".join(output_of(r, "xl pause nosuch")), r
    assert any("Usage: xl create" in line
               for line in output_of(r, "xl create")), r
    assert "frob" in " ".join(output_of(r, "xl frob")), r
    assert not r.lines_containing("(XEN) Domain 1"), "nothing was built"
    assert list(list_rows(output_of(r, "xl list"))) == ["Domain-0"], r


def help_table(lines):
    """xl help's rows as [(name, synopsis, summary)], each field with its
    column: fields are two or more spaces apart, and a row whose synopsis
    is too wide has its summary alone on the next line."""
    start = lines.index("Subcommands:") + 1
    rows = []
    for line in lines[start:lines.index("", start)]:
        fields = [(m.start(), m[0])
                  for m in re.finditer(r"\S+(?: \S+)*", line)]
        if line.startswith(" " * 3):
            assert rows and rows[-1][2] is None and len(fields) == 1, lines
            rows[-1] = (*rows[-1][:2], fields[0])
        elif len(fields) == 2:
            rows.append((fields[0], fields[1], None))
        else:
            assert len(fields) == 3, lines
            rows.append(tuple(fields))
    return rows


def test_xl_help_lines_up(image, tmp_path):
    """Every name, synopsis and summary of `xl help` starts in its column,
    the names' column as wide as the widest name, even live-update."""
    r = run_shell(image, tmp_path, ["xl help"])
    assert_powered_off(r)
    rows = help_table(output_of(r, "xl help"))
    names = [name for (_, name), _, _ in rows]
    assert {"live-update", "page-blocks", "create", "help"} <= set(names), r
    args_column = 1 + max(map(len, names)) + 2
    summaries = set()
    for (name_column, _), args, summary in rows:
        assert name_column == 1, rows
        # A row with no synopsis has its summary where the others have
        # theirs, so it is told apart by its column.
        if summary is None:
            args, summary = None, args
        assert args is None or args[0] == args_column, rows
        assert summary[0] > args_column, rows
        summaries.add(summary[0])
    assert len(summaries) == 1, rows


def test_create_destroy_cycles_free_memory(image, tmp_path):
    """20 domains created and destroyed: free memory back where it was."""
    cycles = 20
    lines = ["xl info"]
    for _ in range(cycles):
        lines += ["xl create /etc/xen/timecheck.cfg", "xl destroy timecheck"]
    lines += ["xl info", "xl list"]
    r = run_shell(image, tmp_path, lines)
    assert_powered_off(r)
    free = [int(m[1]) for m in map(FREE_RE.match, r.lines) if m]
    assert len(free) == 2 and free[0] == free[1], r
    assert len(r.lines_containing(
        "(XEN) Domain 1 (timecheck): 8 MiB")) == cycles, r
    assert len(r.lines_containing(
        "(XEN) Domain 1 (timecheck) destroyed")) == cycles, r
    assert list(list_rows(output_of(r, "xl list"))) == ["Domain-0"], r


def test_hostile_is_refused_and_dom0_stays_healthy(image, tmp_path):
    """hostile (domain 2) attacks timecheck (domain 1), created from dom0."""
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/timecheck.cfg", "xl create /etc/xen/hostile.cfg",
        "@wait Test result:", "sleep 1", "xl list", "xl destroy timecheck",
        "xl list", "ls /etc/xen/hostile.cfg"])
    assert_powered_off(r)
    verdicts = r.lines_starting("(d2) Test result:")
    assert verdicts == ["(d2) Test result: SUCCESS"], r
    assert not r.lines_containing("NOT REFUSED"), r
    assert not r.lines_containing("WRONG ERROR"), r
    assert len(r.lines_containing("hostile: ")) > 20, r
    assert "(XEN) Domain 2 (hostile) shut down: poweroff" in r.lines, r
    rows = list_rows(output_of(r, "xl list"))
    assert list(rows) == ["Domain-0", "timecheck"], r
    assert output_of(r, "ls /etc/xen/hostile.cfg")[0].startswith(
        "/etc/xen/hostile.cfg"), r


def test_xl_console_returns_on_ctrl_bracket(image, tmp_path):
    r = run_shell(image, tmp_path, [
        "xl create /etc/xen/timecheck.cfg", "xl console timecheck",
        "@wait t=1.", r"@send \x1d", "xl list"])
    assert_powered_off(r)
    console = output_of(r, "xl console timecheck")
    assert console[0].startswith("Connected to domain 1 (timecheck)"), r
    # The guest's own lines, without the hypervisor's prefix, from its ring.
    assert any(re.match(r"^timecheck: t=1\.\d{3}s", line)
               for line in console), r
    assert "timecheck" in list_rows(output_of(r, "xl list")), r


def test_make_run_script(image, tmp_path):
    """make run's script (tools/dom0/run.script), as it runs with no
    terminal and the Makefile's RUN_CMDLINE: two guests created and
    listed, the hypervisor live-updated under them, the report shown, the
    guests listed again, then poweroff."""
    lines = (ROOT / "tools" / "dom0" / "run.script").read_text().splitlines()
    r = run_shell(image, tmp_path, lines, "--cmdline", "liveupdate=128M")
    assert_powered_off(r)
    rows = list_rows(output_of(r, "xl list"))
    assert list(rows) == ["Domain-0", "memcheck", "timecheck"], r
    report = output_of(r, "xl live-update /boot/xen-next")
    assert any(line.strip().startswith("carried   3 domains, 3 vCPUs")
               for line in report), r
    assert any(line.startswith("Live update done (#")
               for line in report), r
    after = list_rows(output_of(r, "xl list", 1))
    assert {n: row[:3] for n, row in after.items()} == \
        {n: row[:3] for n, row in rows.items()}, r
    assert not r.lines_containing("FAILURE"), r
