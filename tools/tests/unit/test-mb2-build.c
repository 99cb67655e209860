/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for mb2_info_build(): what it writes must parse back, through
 * the same multiboot2 parser a boot uses, into the same boot information
 * (memory map, command line, loader); a buffer too small is -ENOSPC
 * at every size, never an overrun; the worst case the inputs allow (every
 * string at its longest, a full memory map, every module) is exactly
 * MB2_INFO_MAX_SIZE, which live update's jump sizes its buffer by (and
 * the 8 KiB it had did not hold); and the trampoline's identity map
 * limit, which a load checks, is where its page tables run out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <asm/kexec.h>

#define MBI_PA 0x20000

static uint8_t mbi[32768] __attribute__((aligned(8)));

static const void *map(void *ctx, uint64_t pa, size_t len)
{
    size_t size = *(size_t *)ctx;

    if (pa < MBI_PA || pa - MBI_PA > size || len > size - (pa - MBI_PA))
        return NULL;
    return mbi + (pa - MBI_PA);
}

static void sample(struct boot_info *bi)
{
    static const struct boot_mem_range ranges[] = {
        {0, 0x9fc00, BOOT_MEM_RAM},
        {0x9fc00, 0x400, BOOT_MEM_RESERVED},
        {0x100000, 0xbfee0000, BOOT_MEM_RAM},
        {0xfffc0000, 0x40000, BOOT_MEM_RESERVED},
        {0x100000000ULL, 0x80000000ULL, BOOT_MEM_RAM},
    };

    memset(bi, 0, sizeof(*bi));
    memcpy(bi->ranges, ranges, sizeof(ranges));
    bi->nr_ranges = sizeof(ranges) / sizeof(ranges[0]);
    bi->modules[0] = (struct boot_module){0x400000, 0x12345, "dom0.elf domain"};
    bi->modules[1] = (struct boot_module){0x500000, 4096, "/etc/xen/a.cfg"};
    /* Above 4 GiB: a module tag cannot say so; it is left out. */
    bi->modules[2] = (struct boot_module){0x100000000ULL, 4096, "high"};
    bi->nr_modules = 3;
}

static void test_round_trip(void **state)
{
    struct boot_info in, out;
    size_t size = sizeof(mbi);
    long len;
    unsigned int i;

    sample(&in);
    len = mb2_info_build(mbi, sizeof(mbi), &in,
                         "console=com1 liveupdate=64M@0x7c000000",
                         "Xen-LU live update");
    assert_true(len > 0 && len % 8 == 0);
    size = len;
    assert_int_equal(bootinfo_from_multiboot2(&out, MBI_PA, map, &size), 0);
    assert_string_equal(out.cmdline, "console=com1 liveupdate=64M@0x7c000000");
    assert_string_equal(out.loader, "Xen-LU live update");
    assert_int_equal(out.nr_ranges, in.nr_ranges);
    for (i = 0; i < in.nr_ranges; i++) {
        assert_int_equal(out.ranges[i].start, in.ranges[i].start);
        assert_int_equal(out.ranges[i].size, in.ranges[i].size);
        assert_int_equal(out.ranges[i].type, in.ranges[i].type);
    }
    assert_int_equal(out.nr_modules, 2);
    for (i = 0; i < 2; i++) {
        assert_int_equal(out.modules[i].start, in.modules[i].start);
        assert_int_equal(out.modules[i].size, in.modules[i].size);
        assert_string_equal(out.modules[i].cmdline, in.modules[i].cmdline);
    }
}

static void test_too_small_everywhere(void **state)
{
    struct boot_info in;
    long full, len;
    size_t size;

    sample(&in);
    full = mb2_info_build(mbi, sizeof(mbi), &in, "a=b", "x");
    for (size = 0; size < (size_t)full; size++) {
        uint8_t *buf = malloc(size ? size : 1);

        len = mb2_info_build(buf, size, &in, "a=b", "x");
        assert_int_equal(len, -ENOSPC);
        free(buf);
    }
    assert_int_equal(mb2_info_build(mbi, full, &in, "a=b", "x"), full);
}

/* Every string at its longest, every range and module used, below 4 GiB. */
static void worst_case(struct boot_info *bi, char *cmdline, char *loader,
                       size_t loader_len)
{
    unsigned int i;

    memset(bi, 0, sizeof(*bi));
    for (i = 0; i < BOOTINFO_MAX_RANGES; i++)
        bi->ranges[i] = (struct boot_mem_range){(uint64_t)i << 24, 1 << 20,
                                                BOOT_MEM_RAM};
    bi->nr_ranges = BOOTINFO_MAX_RANGES;
    for (i = 0; i < BOOTINFO_MAX_MODULES; i++) {
        bi->modules[i].start = 0x1000000 + ((uint64_t)i << 20);
        bi->modules[i].size = 4096;
        memset(bi->modules[i].cmdline, 'm', sizeof(bi->modules[i].cmdline) - 1);
    }
    bi->nr_modules = BOOTINFO_MAX_MODULES;
    memset(cmdline, 'c', BOOTINFO_CMDLINE_LEN - 1);
    cmdline[BOOTINFO_CMDLINE_LEN - 1] = '\0';
    memset(loader, 'l', loader_len - 1);
    loader[loader_len - 1] = '\0';
}

static void test_worst_case_fits_max_size(void **state)
{
    static struct boot_info in, out;
    static char cmdline[BOOTINFO_CMDLINE_LEN];
    char loader[sizeof("Xen-LU live update")];
    size_t size = MB2_INFO_MAX_SIZE(sizeof(loader));
    long len;

    (void)state;
    worst_case(&in, cmdline, loader, sizeof(loader));
    assert_true(size > 8192); /* what live update's jump had */
    assert_true(size <= KEXEC_MBI_SIZE);
    assert_int_equal(mb2_info_build(mbi, size - 1, &in, cmdline, loader),
                     -ENOSPC);
    len = mb2_info_build(mbi, sizeof(mbi), &in, cmdline, loader);
    assert_int_equal(len, size);
    assert_int_equal(bootinfo_from_multiboot2(&out, MBI_PA, map, &size), 0);
    assert_int_equal(out.nr_ranges, BOOTINFO_MAX_RANGES);
    assert_int_equal(out.nr_modules, BOOTINFO_MAX_MODULES);
    assert_string_equal(out.cmdline, cmdline);
}

static void test_identity_map_limit(void **state)
{
    uint64_t gib = 1ULL << 30;

    (void)state;
    /* An L4, an L3 and an L2 per GiB, from KEXEC_PAGETABLES up. */
    assert_int_equal(KEXEC_PAGETABLES + (2 + KEXEC_IDMAP_MAX_GIB) * 4096,
                     KEXEC_LOW_END);
    assert_true(KEXEC_MBI + KEXEC_MBI_SIZE <= KEXEC_PAGETABLES);
    assert_true(kexec_identity_map_fits(0));
    assert_true(kexec_identity_map_fits(6 * gib));
    assert_true(kexec_identity_map_fits(KEXEC_IDMAP_MAX_GIB * gib));
    assert_false(kexec_identity_map_fits(KEXEC_IDMAP_MAX_GIB * gib + 4096));
    assert_false(kexec_identity_map_fits(1ULL << 40));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_too_small_everywhere),
        cmocka_unit_test(test_worst_case_fits_max_size),
        cmocka_unit_test(test_identity_map_limit),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
