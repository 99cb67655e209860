/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl, the toolstack, as the control domain's shell calls it: the shell
 * splits a typed line into words and, for `xl ...`, hands them here.
 * docs/man/xl.1.md describes the subcommands.
 */
#ifndef XL_H
#define XL_H

/*
 * Run `xl argv[1] ...` (argv[0] is "xl"): 0 on success, 1 if the
 * operation failed, 2 for a usage error.  Prints everything itself.
 */
int xl_main(int argc, char **argv);

#endif /* XL_H */
