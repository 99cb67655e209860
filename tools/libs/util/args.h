/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control domain shell's command-line splitter: one typed line into
 * argv words, the way a POSIX shell splits a simple command.  Words are
 * separated by spaces and tabs; 'single quotes' keep everything literally;
 * "double quotes" keep spaces, with \" and \\ as escapes inside; outside
 * quotes a backslash makes the next character literal; quoted parts join
 * the text around them into one word (a"b c"d is `ab cd`); "" is an empty
 * word; an unquoted # at the start of a word starts a comment.
 *
 * Portable C with no library calls, built into dom0 and into host tests.
 */
#ifndef ARGS_H
#define ARGS_H

#include <stddef.h>

/*
 * Split line in place into at most max_argc words: argv (which must have
 * room for max_argc + 1 pointers) points into line, and argv[argc] is
 * NULL.  Returns argc (0 for a blank line), or -XEN_EINVAL for an
 * unterminated quote or a trailing backslash, or -XEN_E2BIG for more than
 * max_argc words; then *err (if err is not NULL) says what is wrong and
 * line's contents are unspecified.
 */
int args_split(char *line, char **argv, int max_argc, const char **err);

#endif /* ARGS_H */
