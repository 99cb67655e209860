/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `xl console DOM`: show a domain's console output from the oldest byte
 * the hypervisor still holds, then follow it, polling about every 50 ms,
 * until the user types Ctrl-] (0x1d, as in Xen) or the domain goes away.
 * Our guests take no console input, so other keys typed meanwhile are
 * read and dropped.  The control domain's own console cannot be attached:
 * printing it would feed it.
 */
#include "xl_internal.h"

#define XL_CONSOLE_CHUNK   256 /* well under the runtime printf's 511 bytes */
#define XL_CONSOLE_POLL_MS 50

/* True if the user typed the escape key since the last call. */
static bool xl_console_escaped(void)
{
    char keys[16];
    long n;

    while ((n = xc_console_read(keys, sizeof(keys))) > 0)
        for (long i = 0; i < n; i++)
            if (keys[i] == XL_CONSOLE_ESCAPE)
                return true;
    return false;
}

/*
 * Copy whatever the domain has written since *index to our console;
 * *midline says whether the last byte copied was not a newline.
 * Returns the bytes copied, or -errno (-ESRCH: the domain has gone).
 */
static long xl_console_copy(domid_t domid, uint64_t *index, bool *midline)
{
    static char buf[XL_CONSOLE_CHUNK];
    long n, total = 0;

    while ((n = xc_domain_readconsole(domid, index, buf, sizeof(buf))) > 0) {
        printf("%.*s", (int)n, buf);
        *midline = buf[n - 1] != '\n';
        total += n;
    }
    return n < 0 ? n : total;
}

int xl_console_attach(const char *cmd, domid_t domid, const char *name)
{
    uint64_t index = 0;
    bool midline = false;
    long n;

    xl_console_escaped(); /* drop keys typed before we attached */
    printf("Connected to domain %u (%s); press Ctrl-] to return\n",
           (unsigned int)domid, name);
    for (;;) {
        if ((n = xl_console_copy(domid, &index, &midline)) == -XEN_ESRCH) {
            printf("%sxl: %s: domain %u (%s) has gone\n", midline ? "\n" : "",
                   cmd, (unsigned int)domid, name);
            return XL_EXIT_OK;
        }
        if (n < 0)
            return xl_report(cmd, "cannot read the domain's console", n);
        if (xl_console_escaped()) {
            if (midline)
                printf("\n");
            return XL_EXIT_OK;
        }
        xl_sleep_ms(XL_CONSOLE_POLL_MS);
    }
}

/* `xl console DOM` */
int xl_cmd_console(int argc, char **argv)
{
    struct xc_dominfo info;
    int rc;

    if (xl_check_args(argc, argv, 1, &rc))
        return rc;
    if ((rc = xl_resolve_domain("console", argv[1], &info)))
        return rc;
    if (info.flags & XEN_DOMINF_privileged) {
        printf("xl: console: %s (%u) is the control domain, whose console "
               "you are using\n",
               info.name, (unsigned int)info.domid);
        return XL_EXIT_FAIL;
    }
    return xl_console_attach("console", info.domid, info.name);
}
