# SPDX-License-Identifier: GPL-2.0-only
"""Live update of a hypervisor that GRUB booted (multiboot2).

Both boot paths are kept working, and live update is what the hypervisor
is for: the other live-update tests boot by QEMU's -kernel, this one boots
the GRUB ISO that `tools/xen-qemu --grub --dom0` builds, which carries
dom0's two hypervisor images (/boot/xen-next and /boot/xen-alt, two files
called `xen` on the host).  dom0 creates memcheck and timecheck, then
updates into /boot/xen-next and into /boot/xen-alt, with
test_live_update_alt.py's checks: after each update the new build's banner
is on the console and its report counts the update, `xl list` shows the
same domains with the same ids, neither guest reports a FAIL, and both go
on after the last update.
"""

from test_dom0 import NR_FILES, run_shell
from test_live_update import REGION
from test_live_update_alt import (ALT, DEFAULT, TIMEOUT, assert_updates,
                                  update_script)

# (image in dom0's RAM filesystem, the version the new hypervisor prints)
STEPS = [("/boot/xen-next", DEFAULT), ("/boot/xen-alt", ALT)]


def test_live_update_after_a_grub_boot(image, tmp_path):
    r = run_shell(image, tmp_path, update_script(STEPS), "--grub", *REGION,
                  timeout=TIMEOUT)
    # GRUB booted the first hypervisor, with every one of dom0's modules.
    assert r.lines_containing("(XEN) Boot loader: GRUB"), r
    assert f"dom0: {NR_FILES} files in the RAM filesystem" in r.lines, r
    assert_updates(r, STEPS)
