# SPDX-License-Identifier: GPL-2.0-only
# How to build a ring-3 guest kernel on the runtime in this directory:
# included by tools/tests/guests/Makefile (the test guests) and
# tools/dom0/Makefile (the control domain).  Each includer compiles the
# runtime into its own object directory, so parallel builds never share
# an object file.
#
# Guests run in 64-bit ring 3 with trap frames pushed onto their own
# stack, hence -mno-red-zone; no SIMD (the runtime saves none of it).
#
#   GUEST_LIB_DIR    this directory
#   GUEST_LIB_SRCS   the runtime's sources (absolute paths)
#   GUEST_SHARED_SRCS  the hypervisor's freestanding string and formatting
#                    code, which the runtime uses rather than copies
#   GUEST_CFLAGS     compiler flags for guest code (-MMD included)
#   GUEST_LDFLAGS    linker flags, with the link script guest.lds
#   guest_lib_objs   $(call guest_lib_objs,OBJDIR): the runtime's objects
#                    under OBJDIR/libs/guest/, with their rules made by
#                    $(eval $(call guest_lib_rules,OBJDIR))

GUEST_LIB_DIR := $(XEN_ROOT)/tools/libs/guest
GUEST_LIB_SRCS := $(sort $(wildcard $(GUEST_LIB_DIR)/*.c $(GUEST_LIB_DIR)/*.S))
# Freestanding code the hypervisor has too: one copy, built here for ring 3.
GUEST_SHARED_SRCS := $(addprefix $(XEN_ROOT)/xen/,common/lib/string.c \
                       common/lib/vsnprintf.c arch/x86/string.c)

GUEST_CFLAGS := -m64 -O2 -g -std=gnu11 -ffreestanding -fno-pic -fno-pie \
                -mno-red-zone -mgeneral-regs-only -fno-stack-protector \
                -fno-asynchronous-unwind-tables -fno-common \
                -fcf-protection=none -fno-tree-loop-distribute-patterns \
                -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
                $(WARN_CFLAGS) -I$(XEN_ROOT)/xen/include -I$(GUEST_LIB_DIR) \
                -MMD -MP
GUEST_LDFLAGS := -m elf_x86_64 -nostdlib -static -no-pie \
                 -z max-page-size=0x1000 -z noexecstack --build-id=none \
                 --no-warn-rwx-segments -T $(GUEST_LIB_DIR)/guest.lds

guest_lib_objs = $(patsubst $(GUEST_LIB_DIR)/%,$(1)/libs/guest/%.o,\
                   $(basename $(GUEST_LIB_SRCS))) \
                 $(patsubst $(XEN_ROOT)/xen/%,$(1)/xen/%.o,\
                   $(basename $(GUEST_SHARED_SRCS)))

define guest_lib_rules
$(1)/libs/guest/%.o: $$(GUEST_LIB_DIR)/%.c $$(GUEST_LIB_DIR)/guest.mk
	@mkdir -p $$(@D)
	$$(CC) $$(GUEST_CFLAGS) -c $$< -o $$@

$(1)/xen/%.o: $$(XEN_ROOT)/xen/%.c $$(GUEST_LIB_DIR)/guest.mk
	@mkdir -p $$(@D)
	$$(CC) $$(GUEST_CFLAGS) -c $$< -o $$@

$(1)/libs/guest/%.o: $$(GUEST_LIB_DIR)/%.S $$(GUEST_LIB_DIR)/guest.mk
	@mkdir -p $$(@D)
	$$(CC) $$(GUEST_CFLAGS) -D__ASSEMBLY__ -c $$< -o $$@
endef
