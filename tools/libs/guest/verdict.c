/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Verdicts, XTF-style: exactly one line `Test result: SUCCESS`, `SKIP
 * <why>`, `ERROR <why>` (the test is broken) or `FAILURE <why>` (the code
 * under test is), then the domain powers itself off.  The line carries the
 * result, so a failed test still shuts down with reason poweroff.  A second
 * verdict (say, from a trap handler while the first is printed) is dropped.
 */
#include "guest.h"

static bool verdict_given;

/* Power off; never returns, even if the hypervisor lets us run on. */
static void __noreturn verdict_poweroff(void)
{
    for (;;) {
        hypervisor_shutdown(SHUTDOWN_poweroff);
        hypervisor_yield();
    }
}

/* Print the verdict line: result, then why unless it is NULL. */
static void __noreturn verdict(const char *result, const char *why)
{
    if (verdict_given)
        verdict_poweroff();
    verdict_given = true;
    if (why)
        printf("Test result: %s %s\n", result, why);
    else
        printf("Test result: %s\n", result);
    verdict_poweroff();
}

#define VERDICT_WITH_REASON(result, fmt)                                       \
    do {                                                                       \
        char why[256];                                                         \
        va_list ap;                                                            \
                                                                               \
        va_start(ap, fmt);                                                     \
        vsnprintf(why, sizeof(why), fmt, ap);                                  \
        va_end(ap);                                                            \
        verdict(result, why);                                                  \
    } while (0)

void test_success(void)
{
    verdict("SUCCESS", NULL);
}

void test_skip(const char *fmt, ...)
{
    VERDICT_WITH_REASON("SKIP", fmt);
}

void test_error(const char *fmt, ...)
{
    VERDICT_WITH_REASON("ERROR", fmt);
}

void test_failure(const char *fmt, ...)
{
    VERDICT_WITH_REASON("FAILURE", fmt);
}
