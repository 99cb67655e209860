/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shell loop and its builtins other than the file commands
 * (files.c): prompt, read a line, split it, run it.  A command's exit
 * status is kept for nothing yet; a failed command only prints.
 */
#include <guest.h>
#include <args.h>
#include <edit.h>
#ifdef DOM0_HAVE_XL
#include <xl.h>
#endif

#include "shell.h"

#define SHELL_SLEEP_MAX 1000000u /* seconds */

static int shell_cmd_help(int argc, char **argv);

/* `sleep SECONDS`: whole or decimal seconds of guest time; Ctrl-C stops. */
static int shell_cmd_sleep(int argc, char **argv)
{
    uint64_t ns = 0, scale = 1000000000ull;
    const char *p;

    if (argc != 2 || !argv[1][0]) {
        printf("Usage: sleep SECONDS\n");
        return 2;
    }
    for (p = argv[1]; isdigit(*p) && ns <= SHELL_SLEEP_MAX; p++)
        ns = ns * 10 + (uint64_t)(*p - '0'); /* whole seconds, for now */
    ns *= scale;
    if (*p == '.' && p != argv[1])
        for (p++; isdigit(*p); p++)
            ns += (uint64_t)(*p - '0') * (scale /= 10);
    if (*p || p == argv[1] || ns > SHELL_SLEEP_MAX * 1000000000ull) {
        printf("sleep: invalid time '%s' (seconds, up to %u)\n", argv[1],
               SHELL_SLEEP_MAX);
        return 2;
    }
    if (edit_sleep_until(time_now_ns() + ns)) {
        printf("^C\n");
        return 1;
    }
    return 0;
}

static int shell_cmd_poweroff(int argc, char **argv)
{
    if (argc != 1) {
        printf("Usage: poweroff\n");
        return 2;
    }
    printf("dom0: powering off\n");
    for (;;) {
        hypervisor_shutdown(SHUTDOWN_poweroff);
        hypervisor_yield();
    }
}

static const struct shell_builtin {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *args;
    const char *summary;
} shell_builtins[] = {
    {"ls", shell_cmd_ls, "[DIR|FILE]", "list files (path and size)"},
    {"cat", shell_cmd_cat, "FILE...", "print text files"},
    {"sleep", shell_cmd_sleep, "SECONDS", "wait (guest time; Ctrl-C stops)"},
#ifdef DOM0_HAVE_XL
    {"xl", xl_main, "SUBCOMMAND ...", "the toolstack (see `xl help`)"},
#endif
    {"poweroff", shell_cmd_poweroff, "", "shut down the machine"},
    {"help", shell_cmd_help, "", "this list"},
};

static int shell_cmd_help(int argc, char **argv)
{
    printf("Commands:\n");
    for (size_t i = 0; i < ARRAY_SIZE(shell_builtins); i++)
        printf("  %-8s %-16s %s\n", shell_builtins[i].name,
               shell_builtins[i].args, shell_builtins[i].summary);
    printf("Keys: Backspace, Ctrl-U (kill line), Ctrl-C (abandon line), "
           "Left/Right, Up/Down (history).\n");
    return 0;
}

int shell_execute(char *line)
{
    char *argv[SHELL_ARGS_MAX + 1];
    const char *err = NULL;
    int argc = args_split(line, argv, SHELL_ARGS_MAX, &err);

    if (argc < 0) {
        printf("dom0: %s\n", err ? err : "cannot split the line");
        return 2;
    }
    if (!argc)
        return 0;
    for (size_t i = 0; i < ARRAY_SIZE(shell_builtins); i++)
        if (!strcmp(argv[0], shell_builtins[i].name))
            return shell_builtins[i].fn(argc, argv);
    printf("dom0: unknown command '%s' (try help)\n", argv[0]);
    return 127;
}

void shell_run(void)
{
    static char line[EDIT_LINE_MAX];

    for (;;)
        if (edit_readline(SHELL_PROMPT, line, sizeof(line)) >= 0)
            shell_execute(line);
}
