# SPDX-License-Identifier: GPL-2.0-only
# The portable core: freestanding C with no hypervisor globals, compiled both
# into the hypervisor and into the host unit tests (tools/tests/unit).
# Paths are relative to xen/.

XEN_CORE_SRCS := \
	common/param.c \
	common/bootinfo.c \
	common/multiboot.c \
	common/bootmem.c \
	common/badpage.c \
	common/lu_region.c \
	common/heap.c \
	common/lib/strtoul.c
