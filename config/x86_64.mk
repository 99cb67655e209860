# SPDX-License-Identifier: GPL-2.0-only
# Code-generation settings for the x86-64 hypervisor image.
# The hypervisor runs in the top 2 GiB of the address space (kernel code
# model), with no red zone (interrupts push onto the current stack) and no
# SIMD registers (they belong to guests and are not saved on entry).  No
# loop-to-memcpy rewriting: it would make memcpy() call itself.

XEN_TARGET_ARCH := x86_64

XEN_ARCH_CFLAGS := -m64 -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
                   -fno-pic -fno-pie -fno-stack-protector \
                   -fno-asynchronous-unwind-tables -fno-common \
                   -fcf-protection=none -ffreestanding \
                   -fno-tree-loop-distribute-patterns
XEN_ARCH_LDFLAGS := -m elf_x86_64 -nostdlib -z max-page-size=0x1000 \
                    -z noexecstack --build-id=sha1 --no-warn-rwx-segments
