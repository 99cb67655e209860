/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control domain's device models' state in save files: DM_STATE
 * records (docs/specs/live-update-stream.md, sections 4 and 8).  `xl
 * save` appends them to the file the hypervisor wrote, which ends at END;
 * `xl restore` finds them before it has anything made, so that a state
 * no device model here can take is refused first.  The stream codec does
 * the reading and writing (xen/common/lu_stream.c), so every check of the
 * format applies; this is plain C besides, and host unit tests run it
 * (tools/tests/tools-unit/test-dmstate.c).
 *
 * Functions that can fail return 0 or a negative errno and put a sentence
 * saying why in why (DMSTATE_ERR_LEN bytes) -- the codec's own, naming
 * the record, for a damaged file.
 */
#ifndef DMSTATE_H
#define DMSTATE_H

#include <stddef.h>
#include <stdint.h>

#include <public/lu_stream.h>

#define DMSTATE_ERR_LEN 128

/* One device model's state: what a DM_STATE record carries. */
struct dmstate {
    char kind[LU_DM_KIND_LEN]; /* NUL terminated: at most 15 characters */
    uint32_t version;          /* of the device model's state format */
    uint32_t len;              /* bytes of data */
    uint8_t data[LU_DM_STATE_MAX];
};

/* Bytes the DM_STATE records of n states take in a stream. */
uint64_t dmstate_bytes(const struct dmstate *states, unsigned int n);

/*
 * Append n states, as DM_STATE records of the domain the save file holds,
 * to the file of *size bytes at file, which has room for cap bytes (a
 * multiple of 4096): the whole file is read and checked first, then its
 * END is replaced by the records and a new END.  0 with *size the new
 * length, or -errno with why: the file refused (nothing written), no room
 * (-ENOSPC), a state the format does not allow (-EINVAL).
 */
int dmstate_append(void *file, uint64_t *size, uint64_t cap,
                   const struct dmstate *states, unsigned int n, char *why);

/* The states of a domain's device models (dmstate_find()'s, in order). */
struct dmstates {
    uint16_t dm_domid; /* the domain's device model (a file's DOMAIN's) */
    unsigned int nr;
    struct dmstate s[LU_DM_STATES_MAX];
};

/*
 * Read the save file of size bytes at file for the states of its
 * domain's device models -- only if that domain's device model is
 * dm_domid (the reader stops at DOMAIN otherwise, nr 0).  0 with *out
 * filled, or -errno with why: the codec's refusal of the file up to where
 * it read, a state larger than LU_DM_STATE_MAX or more than
 * LU_DM_STATES_MAX of them, a kind with no NUL.  Whether a kind appears
 * twice, and the rest of the file's rules, the hypervisor checks.
 */
int dmstate_find(const void *file, uint64_t size, uint16_t dm_domid,
                 struct dmstates *out, char *why);

#endif /* DMSTATE_H */
