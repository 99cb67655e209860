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
#include <dmstate.h>  /* tools/libs/dmstate */
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

/*
 * Destroy domid, its device models in dom0 (a VGA's) letting go of it
 * first, while it is there to ask (xl_domain.c); 0 or -errno.
 */
int xl_destroy_domain(domid_t domid);

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
 * A device model of the control domain's that keeps state of its own,
 * which travels in save files as a DM_STATE record of its kind
 * (tools/libs/dmstate; docs/designs/save-restore.md).  xl_dm.c's table
 * lists them.
 *
 * - save(): the state of domid, paused, into buf (len bytes): its size,
 *   0 if this device model does not serve domid, or -errno.
 * - check(): before a restore makes anything, whether it can take a
 *   domain over with state (len bytes of this kind and version) --
 *   the state is one it reads, it has room for one more domain: 0, or
 *   -errno with why.
 * - attach(): take over the restored domain r, still paused, from
 *   state, as a device model does as it starts, with what the hypervisor
 *   kept: claim the ports again (XEN_DMOP_map_io_range), take the ioreq
 *   page over (XEN_DMOP_get_ioreq), map placeholders
 *   (XEN_DMOP_FOREIGN_PLACEHOLDER), learn where its regions are
 *   (XEN_DMOP_physmap_query) and what the memory map is, map the real
 *   frames over the placeholders.  0 with what it serves in msg, or
 *   -errno with why in msg; xl then destroys the domain.
 */
struct xl_dm {
    const char *kind;  /* DM_STATE's kind: "bankvga" */
    uint32_t version;  /* of the state save() writes and the others read */
    int (*save)(domid_t domid, void *buf, size_t len);
    int (*check)(const void *state, size_t len, char *why, size_t why_len);
    int (*attach)(const struct xc_restored *r, const void *state, size_t len,
                  char *msg, size_t msg_len);
};

extern const struct xl_dm xl_vga_dm; /* xl_vga.c */

/*
 * xl_dm.c, for xl save: the states of the device models of dom0's that
 * serve domid (paused) into out; 0, or -errno with why.
 */
int xl_dm_save(domid_t domid, struct dmstates *out, char *why, size_t len);

/*
 * For xl restore, before anything is made: whether a device model of
 * dom0's of each state's kind reads its version and can take the domain
 * over with it; 0, or -errno with why.
 */
int xl_dm_check(const struct dmstates *states, char *why, size_t len);

/*
 * Hand the restored domain r, whose device model is dom0, to the device
 * model of each of its states, saying so; XL_EXIT_OK, or XL_EXIT_FAIL
 * (said) if one could not take it (the caller destroys the domain).  With
 * no state, says no device model of dom0's takes it over.
 */
int xl_dm_attach(const struct xc_restored *r, const struct dmstates *states);

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
