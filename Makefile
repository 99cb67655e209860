# SPDX-License-Identifier: GPL-2.0-only
# Top-level Makefile: builds the hypervisor and the tests, boots the result
# in QEMU and runs the test suites.  See README.md.
#
#   make / make all      build build/xen/xen and build/xen-alt/xen (the
#                        alternative build, XEN_VARIANT=alt), the test guests
#                        (build/guests/*.elf), the control domain
#                        (build/dom0/dom0.elf) and the unit-test programs
#   make iso             build the GRUB ISO, build/xen.iso
#   make run             boot the hypervisor and dom0 in QEMU, create two
#                        guests, live-update the hypervisor under them and
#                        list them (RUN_ARGS="--mem 2G ...")
#   make test            unit and integration tests, with a summary
#   make test-unit       unit tests only
#   make test-integration  integration tests only
#   make clean           remove build/
#
# run and test first check (as root: install) what they need, with
# tools/check-deps.

XEN_ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
include $(XEN_ROOT)/Config.mk

# pytest comes from Debian's python3-pytest, which only /usr/bin/python3 has.
TEST_PYTHON := /usr/bin/python3
# Both unit-test directories and a short fuzz run of the stream reader run
# even if an earlier one fails.
UNIT_TESTS := ( status=0; \
                $(MAKE) --no-print-directory -C tools/tests/unit run || status=1; \
                $(MAKE) --no-print-directory -C tools/tests/tools-unit run || status=1; \
                $(MAKE) --no-print-directory -C tools/tests/fuzz run || status=1; \
                exit $$status )
INTEGRATION_TESTS := $(TEST_PYTHON) -m pytest -v tools/tests/integration
RUN_ARGS ?=

all: xen guests dom0 unit-programs

# Both builds: the default one and the alternative one (XEN_VARIANT=alt,
# build/xen-alt/xen) that dom0 carries as /boot/xen-alt.
xen:
	$(MAKE) -C xen XEN_VARIANT=
	$(MAKE) -C xen XEN_VARIANT=alt

guests:
	$(MAKE) -C tools/tests/guests all

# dom0's RAM filesystem lists the guests, so they come first.
dom0: guests
	$(MAKE) -C tools/dom0 all

unit-programs:
	$(MAKE) -C tools/tests/unit all
	$(MAKE) -C tools/tests/tools-unit all

iso: xen
	tools/mkiso $(BUILD)/xen/xen $(BUILD)/xen.iso

# The steps run in order even under make -j.  The script creates two
# guests, live-updates the hypervisor into /boot/xen-next under them (so
# the hypervisor reserves a region for it: RUN_CMDLINE) and lists them;
# with no terminal on stdin it then powers off, with one it leaves you at
# dom0's prompt.  A --cmdline in RUN_ARGS is appended to RUN_CMDLINE.
RUN_SCRIPT := $(BUILD)/dom0/run.script
RUN_CMDLINE := liveupdate=128M
run:
	@tools/check-deps run
	@$(MAKE) --no-print-directory xen dom0
	@{ cat tools/dom0/run.script; [ -t 0 ] || echo poweroff; } > $(RUN_SCRIPT)
	tools/xen-qemu --dom0 --script $(RUN_SCRIPT) --cmdline $(RUN_CMDLINE) \
	    $(RUN_ARGS)

# Every stage runs even if an earlier one failed (integration tests need
# the hypervisor, though), so that one run shows everything that is broken.
test:
	@tools/check-deps
	@start=$$(date +%s); status=0; \
	echo "==== Building the hypervisor, the test guests and dom0"; \
	if $(MAKE) --no-print-directory xen dom0; then build=passed; \
	else build=FAILED; status=1; fi; \
	echo "==== Unit tests"; \
	if $(UNIT_TESTS); then unit=passed; else unit=FAILED; status=1; fi; \
	echo "==== Integration tests"; \
	if [ $$build = FAILED ]; then integration="not run (no hypervisor)"; \
	elif $(INTEGRATION_TESTS); then integration=passed; \
	else integration=FAILED; status=1; fi; \
	echo "==== Summary"; \
	echo "hypervisor build:  $$build"; \
	echo "unit tests:        $$unit"; \
	echo "integration tests: $$integration"; \
	echo "time:              $$(( $$(date +%s) - start ))s"; \
	if [ $$status -eq 0 ]; then echo "make test: PASSED"; \
	else echo "make test: FAILED"; fi; \
	exit $$status

test-unit:
	@tools/check-deps
	@$(UNIT_TESTS)

test-integration:
	@tools/check-deps
	@$(MAKE) --no-print-directory xen dom0
	@$(INTEGRATION_TESTS)

clean:
	$(MAKE) -C xen clean
	$(MAKE) -C xen clean XEN_VARIANT=alt
	$(MAKE) -C tools/tests/unit clean
	$(MAKE) -C tools/tests/tools-unit clean
	$(MAKE) -C tools/tests/fuzz clean
	rm -rf $(BUILD)

.PHONY: all xen guests dom0 unit-programs iso run test test-unit test-integration clean
