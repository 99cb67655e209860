/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The subcommands that act on one domain: `xl destroy`, `xl pause`,
 * `xl unpause` and `xl shutdown`.  All four take DOM (a name or an id) and
 * refuse the control domain itself, whose own end is `poweroff` in the
 * shell.
 */
#include <vgadm.h> /* tools/libs/vgadm */

#include "xl_internal.h"

struct xl_domain_op {
    const char *cmd;
    const char *verb; /* for `cannot <verb> the control domain` */
    int (*op)(domid_t domid);
    bool must_be_paused;
};

static int xl_shutdown_poweroff(domid_t domid)
{
    return xc_domain_shutdown(domid, SHUTDOWN_poweroff);
}

/* Run op on the domain argv names; xl's exit code. */
static int xl_domain_run(const struct xl_domain_op *op, int argc, char **argv)
{
    struct xc_dominfo info;
    int rc;

    if (xl_check_args(argc, argv, 1, &rc))
        return rc;
    if ((rc = xl_resolve_domain(op->cmd, argv[1], &info)))
        return rc;
    if (info.flags & XEN_DOMINF_privileged) {
        printf("xl: %s: cannot %s %s (%u), the control domain; "
               "use `poweroff` to stop the host\n",
               op->cmd, op->verb, info.name, (unsigned int)info.domid);
        return XL_EXIT_FAIL;
    }
    if (op->must_be_paused && !(info.flags & XEN_DOMINF_paused)) {
        printf("xl: %s: domain %s (%u) is not paused\n", op->cmd, info.name,
               (unsigned int)info.domid);
        return XL_EXIT_FAIL;
    }
    if ((rc = op->op(info.domid)) < 0) {
        printf("xl: %s: domain %s (%u): %s (%d)\n", op->cmd, info.name,
               (unsigned int)info.domid, util_strerror(rc), rc);
        return XL_EXIT_FAIL;
    }
    return XL_EXIT_OK;
}

int xl_destroy_domain(domid_t domid)
{
    vgadm_release(domid); /* -ESRCH for a domain without one: fine */
    return xc_domain_destroy(domid);
}

int xl_cmd_destroy(int argc, char **argv)
{
    static const struct xl_domain_op op = {"destroy", "destroy",
                                           xl_destroy_domain, false};

    return xl_domain_run(&op, argc, argv);
}

int xl_cmd_pause(int argc, char **argv)
{
    static const struct xl_domain_op op = {"pause", "pause", xc_domain_pause,
                                           false};

    return xl_domain_run(&op, argc, argv);
}

int xl_cmd_unpause(int argc, char **argv)
{
    static const struct xl_domain_op op = {"unpause", "unpause",
                                           xc_domain_unpause, true};

    return xl_domain_run(&op, argc, argv);
}

int xl_cmd_shutdown(int argc, char **argv)
{
    static const struct xl_domain_op op = {"shutdown", "shut down",
                                           xl_shutdown_poweroff, false};

    return xl_domain_run(&op, argc, argv);
}
