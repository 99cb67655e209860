/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vgatest guest and its bankvga device (public/io/bankvga.h): the
 * index/data pair of ports, the mode, and waiting on the device model,
 * which runs in the control domain (vgatest.c says what is checked).
 */
#include "vgatest.h"

#define DEVICE_TIMEOUT (10000 * MS)
#define FRAME_TIMEOUT  (120000 * MS) /* a test types `xl vga-checksum` */
#define POLL_PACE      (10 * MS)

static void outl(uint16_t port, uint32_t v)
{
    asm volatile("outl %0, %w1" : : "a"(v), "Nd"(port) : "memory");
}

static uint32_t inl(uint16_t port)
{
    uint32_t v;

    asm volatile("inl %w1, %0" : "=a"(v) : "Nd"(port) : "memory");
    return v;
}

void dev_wait(void)
{
    uint64_t deadline = time_now_ns() + DEVICE_TIMEOUT;
    uint32_t v;

    /* Until the device model has claimed the ports, they #GP. */
    while (guest_probe_inl(BANKVGA_PORT_INDEX, &v) == X86_EXC_GP) {
        if (time_now_ns() > deadline)
            test_error("no bankvga device on port %#x after 10 s",
                       BANKVGA_PORT_INDEX);
        event_sleep_until(time_now_ns() + POLL_PACE);
    }
}

uint32_t reg_read(uint32_t index)
{
    outl(BANKVGA_PORT_INDEX, index);
    return inl(BANKVGA_PORT_DATA);
}

uint32_t reg_write(uint32_t index, uint32_t value)
{
    outl(BANKVGA_PORT_INDEX, index);
    outl(BANKVGA_PORT_DATA, value);
    return reg_read(BANKVGA_REG_STATUS);
}

void reg_refused(const char *what, uint32_t index, uint32_t value,
                 uint32_t want)
{
    uint32_t before = reg_read(index), status = reg_write(index, value);

    if (status != want)
        test_failure("%s: STATUS %u, not %u", what, status, want);
    if (index < BANKVGA_NR_REGS && index != BANKVGA_REG_STATUS &&
        reg_read(index) != before)
        test_failure("%s: the register went from %#x to %#x", what, before,
                     reg_read(index));
    printf("vgatest: %s: refused (%u) as it should\n", what, status);
}

void mode_set(uint32_t width, uint32_t height, uint32_t bpp)
{
    uint32_t status;

    if ((status = reg_write(BANKVGA_REG_WIDTH, width)) ||
        (status = reg_write(BANKVGA_REG_HEIGHT, height)) ||
        (status = reg_write(BANKVGA_REG_BPP, bpp)) ||
        (status = reg_write(BANKVGA_REG_ENABLE, 1)))
        test_failure("mode %ux%ux%u: STATUS %u", width, height, bpp, status);
    if (reg_read(BANKVGA_REG_PITCH) != width * (bpp / 8))
        test_failure("mode %ux%ux%u: PITCH %u", width, height, bpp,
                     reg_read(BANKVGA_REG_PITCH));
}

void frames_wait(uint32_t start, uint32_t n)
{
    uint64_t deadline = time_now_ns() + FRAME_TIMEOUT;

    while (reg_read(BANKVGA_REG_FRAMES) - start < n) {
        if (time_now_ns() > deadline)
            test_error("%u frames rendered in 120 s, not %u: nobody ran "
                       "`xl vga-checksum`",
                       reg_read(BANKVGA_REG_FRAMES) - start, n);
        event_sleep_until(time_now_ns() + POLL_PACE);
    }
}

void dm_saw(uint64_t gen)
{
    uint64_t deadline = time_now_ns() + DEVICE_TIMEOUT;

    while (reg_read(BANKVGA_REG_MAP_GEN) != (uint32_t)gen) {
        if (time_now_ns() > deadline)
            test_failure("the device model saw generation %u, not %lu: it "
                         "was not told",
                         reg_read(BANKVGA_REG_MAP_GEN), (unsigned long)gen);
        event_sleep_until(time_now_ns() + POLL_PACE);
    }
    printf("vgatest: the device model saw generation %lu\n",
           (unsigned long)gen);
}
