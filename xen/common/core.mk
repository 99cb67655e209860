# SPDX-License-Identifier: GPL-2.0-only
# The portable core: freestanding C with no hypervisor globals, compiled both
# into the hypervisor and into the host unit tests (tools/tests/unit).
# Paths are relative to xen/.  arch/x86/p2m-pt.c is here too: it builds
# x86 page tables, but through callbacks, so it runs on the host as well.

XEN_CORE_SRCS := \
	common/param.c \
	common/bootinfo.c \
	common/multiboot.c \
	common/mb2_build.c \
	common/mb2_image.c \
	common/bootmem.c \
	common/badpage.c \
	common/lu_region.c \
	common/lu_stream.c \
	common/lu_savefile.c \
	common/lu_carried.c \
	common/lu_image.c \
	common/lu_cmdline.c \
	common/heap.c \
	common/elf.c \
	common/evtchn_core.c \
	arch/x86/p2m-pt.c \
	common/p2m_move.c \
	common/memmap.c \
	common/physmap.c \
	arch/x86/pio.c \
	arch/x86/guest_state.c \
	common/lib/strtoul.c
