/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control domain's shell: a `dom0# ` prompt on the serial console,
 * lines edited with tools/libs/edit, split into words with args_split()
 * (tools/libs/util), and run as a builtin or as `xl ...`.
 */
#ifndef DOM0_SHELL_H
#define DOM0_SHELL_H

#define SHELL_PROMPT   "dom0# "
#define SHELL_ARGS_MAX 32

/* Read and run commands for ever (poweroff ends the domain). */
void shell_run(void) __attribute__((noreturn));

/* Run one command line (modified in place); returns its exit status. */
int shell_execute(char *line);

/*
 * Builtins: argv[0] is the command's name; each returns 0, 1 if it
 * failed, 2 for a usage error, and prints its own messages.
 */
int shell_cmd_ls(int argc, char **argv);    /* files.c */
int shell_cmd_cat(int argc, char **argv);   /* files.c */

#endif /* DOM0_SHELL_H */
