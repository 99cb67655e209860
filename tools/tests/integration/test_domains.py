# SPDX-License-Identifier: GPL-2.0-only
"""Domain life cycle driven by a privileged guest (domcycle).

domcycle is a boot-time control domain (id 0, `privileged` on its module
line) that creates, inspects, pauses, unpauses and destroys a child 20
times and checks the host's free page count after every destroy, then
checks the hypervisor log and that bad requests are refused, calls of
another interface version among them.  These tests
read its verdict and the hypervisor's own account of each child.
"""

import re

from test_guests import assert_clean_poweroff, boot_guests

DOMCYCLE = "domcycle domain name=domcycle memory=16M privileged -- cycles=20"


def test_twenty_create_destroy_cycles_leak_nothing(boot):
    result = boot_guests(boot, "kernel", DOMCYCLE)
    assert "Test result: SUCCESS" in result.lines, result
    built = result.lines_containing("(XEN) Domain 1 (child-")
    destroyed = [line for line in built if line.endswith(" destroyed")]
    assert len(destroyed) == 20, result
    free = [m for m in map(re.compile(
        r"domcycle: (\d+) cycles, (\d+) pages free after each$").match,
        result.lines) if m]
    assert len(free) == 1 and int(free[0][1]) == 20, result
    assert "(XEN) Domain 0 (domcycle) shut down: poweroff" in result.lines
    assert "(XEN) The control domain has gone." in result.lines
    assert_clean_poweroff(result)


def test_control_domain_refusals_are_logged(boot):
    result = boot_guests(boot, "kernel", DOMCYCLE.replace("20", "1"))
    assert "Test result: SUCCESS" in result.lines, result
    assert result.lines_containing("ELF: bad magic"), result
    assert result.lines_containing("Cannot create domain 2 (twin): "
                                   "name in use"), result
    assert result.lines_containing(
        "(XEN) Live update: kexec_op interface version 1 from domain 0; "
        "this hypervisor serves version 2"), result


def test_unprivileged_domcycle_refuses_to_run(boot):
    result = boot_guests(boot, "kernel",
                         DOMCYCLE.replace(" privileged", ""))
    assert result.lines_containing("(d1) Test result: ERROR"), result
    assert_clean_poweroff(result)
