/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Self tests run at the end of boot when named by selftest=<list>.  They
 * exercise paths no ordinary boot takes, so integration tests can check
 * them on the real image:
 *
 *   alloc  drain the heap at every order and check each block
 *          (common/selftest_alloc.c), then give it all back.
 *   fault  write to an unmapped address: the exception handler must print
 *          its register dump and panic (the boot does not continue).
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/selftest.h>
#include <xen/string.h>

#define SELFTEST_FAULT (1u << 0)
#define SELFTEST_ALLOC (1u << 1)

/* Nothing is mapped here once the boot identity map is gone. */
#define SELFTEST_FAULT_ADDR 0xdead000UL

static unsigned int selftests;

static int parse_selftest(const char *s)
{
    unsigned int chosen = 0;
    const char *e;

    for (; *s; s = *e ? e + 1 : e) {
        e = param_list_next(s);
        if (e - s == 5 && !strncmp(s, "fault", 5))
            chosen |= SELFTEST_FAULT;
        else if (e - s == 5 && !strncmp(s, "alloc", 5))
            chosen |= SELFTEST_ALLOC;
        else
            return -EINVAL;
    }
    selftests = chosen;
    return 0;
}
custom_param("selftest", parse_selftest);

static void selftest_fault(void)
{
    unsigned long addr = SELFTEST_FAULT_ADDR;

    printk("selftest: fault: writing to unmapped address %#lx\n", addr);
    /* Hide the address from the compiler so it emits a plain store. */
    asm volatile("" : "+r"(addr));
    *(volatile unsigned long *)addr = 0;
    printk(XENLOG_ERR "selftest: fault: FAILURE: the write did not fault\n");
}

void selftest_run(void)
{
    if (selftests & SELFTEST_ALLOC)
        selftest_alloc();
    if (selftests & SELFTEST_FAULT)
        selftest_fault();
}
