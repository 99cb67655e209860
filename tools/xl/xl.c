/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl's entry point: a table of subcommands with their synopses, dispatch,
 * and the usage and help text built from that table, so a new subcommand
 * is one row here plus its function.  The subcommands themselves live in
 * xl_info.c (list, info, dmesg), xl_create.c, xl_domain.c (destroy, pause,
 * unpause, shutdown), xl_console.c, xl_page_blocks.c, xl_save.c,
 * xl_restore.c, xl_live_update.c and xl_vga.c.
 */
#include "xl_internal.h"

static const struct xl_command xl_commands[] = {
    {"create", xl_cmd_create, "[-c] CONFIG",
     "Create a domain from the config file CONFIG (-c: attach its console)"},
    {"list", xl_cmd_list, "[DOM...]", "List all domains, or the ones named"},
    {"destroy", xl_cmd_destroy, "DOM", "Terminate a domain immediately"},
    {"shutdown", xl_cmd_shutdown, "DOM", "Shut a domain down (power off)"},
    {"pause", xl_cmd_pause, "DOM", "Pause a domain's execution"},
    {"unpause", xl_cmd_unpause, "DOM", "Unpause a paused domain"},
    {"console", xl_cmd_console, "DOM",
     "Attach to a domain's console; Ctrl-] detaches"},
    {"info", xl_cmd_info, "", "Show information about the host"},
    {"page-blocks", xl_cmd_page_blocks, "DOM",
     "List the machine frames a domain owns, block by block"},
    {"dmesg", xl_cmd_dmesg, "", "Print the hypervisor's log"},
    {"save", xl_cmd_save, "[-c|-p] DOM FILE",
     "Save a domain to FILE and destroy it (-c: leave it running, -p: "
     "paused)"},
    {"restore", xl_cmd_restore, "[-p] FILE",
     "Restore a domain from FILE (-p: leave it paused)"},
    {"vga-checksum", xl_cmd_vga_checksum, "DOM",
     "Render a domain's VGA framebuffer: its checksum, where VRAM is"},
    {"live-update", xl_cmd_live_update,
     "[--dry-run] [--append OPTIONS] [--timeout MS] IMAGE",
     "Replace the hypervisor with IMAGE while the domains run"},
    {"help", xl_cmd_help, "[SUBCOMMAND]", "Print this help, or a subcommand's"},
};

#define XL_NR_COMMANDS (sizeof(xl_commands) / sizeof(xl_commands[0]))

const struct xl_command *xl_find_command(const char *name)
{
    for (size_t i = 0; i < XL_NR_COMMANDS; i++)
        if (!strcmp(xl_commands[i].name, name))
            return &xl_commands[i];
    return NULL;
}

void xl_print_usage(const struct xl_command *c)
{
    printf("Usage: xl %s%s%s\n\n%s.\n", c->name, c->args[0] ? " " : "", c->args,
           c->summary);
}

/*
 * In `xl help`, a synopsis wider than this has its summary on the next line,
 * so that one long synopsis (live-update's) does not push every summary far
 * to the right.
 */
#define XL_HELP_ARGS_MAX_WIDTH 20

/* The width of a column of the help table: the longest name (synopses
 * false) or synopsis (synopses true) among those no longer than limit. */
static int xl_help_column_width(bool synopses, size_t limit)
{
    size_t width = 0;

    for (size_t i = 0; i < XL_NR_COMMANDS; i++) {
        const struct xl_command *c = &xl_commands[i];
        size_t len = strlen(synopses ? c->args : c->name);

        if (len <= limit && len > width)
            width = len;
    }
    return (int)width;
}

/* One row of the table: name, synopsis and summary, two spaces apart, the
 * summary on a line of its own under its column if the synopsis is wide. */
static void xl_print_help_row(const struct xl_command *c, int name_width,
                              int args_width)
{
    if (strlen(c->args) > (size_t)args_width)
        printf(" %-*s  %s\n %*s  %*s  %s\n", name_width, c->name, c->args,
               name_width, "", args_width, "", c->summary);
    else
        printf(" %-*s  %-*s  %s\n", name_width, c->name, args_width, c->args,
               c->summary);
}

static void xl_print_help(void)
{
    int name_width = xl_help_column_width(false, (size_t)-1);
    int args_width = xl_help_column_width(true, XL_HELP_ARGS_MAX_WIDTH);

    printf("Usage: xl <subcommand> [args]\n\n");
    printf("Subcommands:\n");
    for (size_t i = 0; i < XL_NR_COMMANDS; i++)
        xl_print_help_row(&xl_commands[i], name_width, args_width);
    printf("\nDOM is a domain name or a domain id.  "
           "`xl help SUBCOMMAND` describes one subcommand.\n");
}

int xl_usage_error(const char *cmd, const char *problem, const char *arg)
{
    const struct xl_command *c = cmd ? xl_find_command(cmd) : NULL;

    if (arg)
        printf("xl: %s%s%s '%s'\n", cmd ? cmd : "", cmd ? ": " : "", problem,
               arg);
    else
        printf("xl: %s%s%s\n", cmd ? cmd : "", cmd ? ": " : "", problem);
    if (c)
        printf("Usage: xl %s%s%s\n", c->name, c->args[0] ? " " : "", c->args);
    else
        printf("Run `xl help` for the list of subcommands.\n");
    return XL_EXIT_USAGE;
}

static bool xl_is_help(const char *arg)
{
    return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

bool xl_check_args(int argc, char **argv, int want, int *rc)
{
    int words = 0;

    for (int i = 1; i < argc; i++) {
        if (xl_is_help(argv[i])) {
            xl_print_usage(xl_find_command(argv[0]));
            *rc = XL_EXIT_OK;
            return true;
        }
        if (argv[i][0] == '-' && argv[i][1]) {
            *rc = xl_usage_error(argv[0], "unknown option", argv[i]);
            return true;
        }
        words++;
    }
    if (words == want)
        return false;
    if (words < want)
        *rc = xl_usage_error(
            argv[0], want == 1 ? "missing DOM" : "missing an argument", NULL);
    else
        *rc = xl_usage_error(argv[0], "unexpected argument", argv[want + 1]);
    return true;
}

/* `xl help [SUBCOMMAND]` */
int xl_cmd_help(int argc, char **argv)
{
    const struct xl_command *c;

    if (argc > 2)
        return xl_usage_error("help", "unexpected argument", argv[2]);
    if (argc == 1 || xl_is_help(argv[1])) {
        xl_print_help();
        return XL_EXIT_OK;
    }
    if (!(c = xl_find_command(argv[1])))
        return xl_usage_error("help", "unknown subcommand", argv[1]);
    xl_print_usage(c);
    return XL_EXIT_OK;
}

int xl_main(int argc, char **argv)
{
    const struct xl_command *c;

    if (argc < 2) {
        xl_print_help();
        return XL_EXIT_USAGE;
    }
    if (xl_is_help(argv[1]))
        return xl_cmd_help(1, argv);
    if (!(c = xl_find_command(argv[1])))
        return xl_usage_error(NULL, "unknown subcommand", argv[1]);
    return c->fn(argc - 1, argv + 1);
}
