/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What xl's files share: the subcommands (each `int xl_cmd_*(argc, argv)`
 * with argv[0] the subcommand's name), and helpers for naming domains,
 * reporting errors and waiting.  Not for use outside tools/xl/.
 *
 * The control domain's runtime (printf, strings, time_now_ns, hypercall
 * wrappers) comes from one header, included here only.
 */
#ifndef XL_INTERNAL_H
#define XL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/errno.h>
#include <public/event_channel.h>
#include <public/sched.h>

#include <guest.h>    /* the runtime: printf, strings, time, events */
#include <strerror.h> /* tools/libs/util */
#include <ramfs.h>    /* tools/libs/fs */
#include <xenctrl.h>  /* tools/libs/ctrl */

#include "xl.h"

#define XL_EXIT_OK    0
#define XL_EXIT_FAIL  1 /* the operation failed */
#define XL_EXIT_USAGE 2 /* bad command line */

/* A subcommand: name, synopsis (after `xl name`), one-line summary. */
struct xl_command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *args;
    const char *summary;
};

/* The command table (xl.c) and its lookup. */
const struct xl_command *xl_find_command(const char *name);

/* Print `xl: <cmd>: <problem>` and the command's usage; XL_EXIT_USAGE. */
int xl_usage_error(const char *cmd, const char *problem, const char *arg);

/* Print the usage of cmd (its synopsis and summary). */
void xl_print_usage(const struct xl_command *c);

/*
 * For a subcommand that takes exactly `want` non-option words: true if
 * argv is `cmd [-h|--help]` (usage printed, *rc set) or bad (error
 * printed, *rc set); false if the caller should go on.
 */
bool xl_check_args(int argc, char **argv, int want, int *rc);

/*
 * DOM as typed (a domain name or a numeric id) to the domain's info.
 * Returns 0, or prints `xl: <cmd>: ...` and returns XL_EXIT_FAIL.
 */
int xl_resolve_domain(const char *cmd, const char *dom,
                      struct xc_dominfo *info);

/* The live domain called name into *info: 1, 0 if none, or -errno. */
int xl_lookup_name(const char *name, struct xc_dominfo *info);

/* `xl: <cmd>: <what>: <strerror(rc)>` for a hypercall that failed. */
int xl_report(const char *cmd, const char *what, long rc);

/* The six-character state column of xl list: `rbpscd`, '-' if unset. */
void xl_state_string(const struct xc_dominfo *info, char out[7]);

/* Wait about ms milliseconds of system time, letting others run. */
void xl_sleep_ms(unsigned int ms);

int xl_cmd_list(int argc, char **argv);
int xl_cmd_info(int argc, char **argv);
int xl_cmd_dmesg(int argc, char **argv);
int xl_cmd_create(int argc, char **argv);
int xl_cmd_destroy(int argc, char **argv);
int xl_cmd_pause(int argc, char **argv);
int xl_cmd_unpause(int argc, char **argv);
int xl_cmd_shutdown(int argc, char **argv);
int xl_cmd_console(int argc, char **argv);
int xl_cmd_help(int argc, char **argv);
int xl_cmd_live_update(int argc, char **argv);
int xl_cmd_page_blocks(int argc, char **argv);
int xl_cmd_save(int argc, char **argv);
int xl_cmd_restore(int argc, char **argv);

/*
 * A device model of the control domain's that can take over a domain
 * restored from a save file whose device model the control domain was
 * (xl_restore.c's xl_dm_attachers).  attach() gets the domain, still
 * paused, and returns 1 if it took it over, 0 if the domain is not one of
 * its (it has none of its regions, say), or -errno.  Taking over is what
 * a device model does as it starts, with what the hypervisor kept: claim
 * the ports again (XEN_DMOP_map_io_range) and take the ioreq page over
 * (XEN_DMOP_get_ioreq; a request waiting in it is signalled at once);
 * map the guest memory it uses as placeholders (XEN_DMOP_map_foreign
 * with XEN_DMOP_FOREIGN_PLACEHOLDER), learn where its regions are
 * (XEN_DMOP_physmap_query; one caught half-way through a move finishes
 * with XEN_DMOP_physmap_move to the same place) and what the memory map
 * is (XEN_DMOP_get_memory_map, XEN_DMOP_watch_memory_map), and map the
 * real frames over the placeholders.
 */
struct xl_dm_attacher {
    const char *name;
    int (*attach)(const struct xc_restored *r);
};

int xl_cmd_vga_checksum(int argc, char **argv);

/*
 * For `xl create`: pause domid, start its VGA device model in dom0 with
 * videoram_mib of VRAM, unpause it; on failure say why and destroy it.
 * XL_EXIT_OK or XL_EXIT_FAIL (xl_vga.c).
 */
int xl_vga_start(const char *name, domid_t domid, uint32_t videoram_mib);

/* Attach to domid's console until Ctrl-] or the domain goes (xl_console.c). */
int xl_console_attach(const char *cmd, domid_t domid, const char *name);

#define XL_CONSOLE_ESCAPE 0x1d /* Ctrl-] */

#endif /* XL_INTERNAL_H */
