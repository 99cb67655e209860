# SPDX-License-Identifier: GPL-2.0-only
# Build settings shared by the hypervisor, the tools and the tests.
# Included by every Makefile in the tree; keep it free of targets.

ifndef XEN_ROOT
XEN_ROOT      := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
endif
BUILD         ?= $(XEN_ROOT)/build

XEN_VERSION       := 0
XEN_SUBVERSION    := 1
XEN_EXTRAVERSION  := .0-lu
XEN_FULLVERSION   := $(XEN_VERSION).$(XEN_SUBVERSION)$(XEN_EXTRAVERSION)

# debug=y enables ASSERT() and the debug-only self tests.
debug         ?= y

HOSTCC        ?= gcc
CC            := gcc
LD            := ld
OBJCOPY       := objcopy
PYTHON        ?= python3

WARN_CFLAGS   := -Wall -Wextra -Werror -Wmissing-prototypes -Wshadow \
                 -Wstrict-prototypes -Wno-unused-parameter

include $(XEN_ROOT)/config/x86_64.mk
