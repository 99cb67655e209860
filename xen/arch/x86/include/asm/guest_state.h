/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The register and FPU state a guest may be resumed with.  iretq to ring
 * 3 faults in ring 0 on a non-canonical rip, and fxrstor on a reserved
 * MXCSR bit: either stops the host.  So the way back to a guest checks
 * rip and rsp, and restore (live update, xl restore) checks everything it
 * adopts.  Portable core: host unit tests run it.
 */
#ifndef ASM_X86_GUEST_STATE_H
#define ASM_X86_GUEST_STATE_H

#include <xen/types.h>

struct cpu_user_regs;

/* FXSAVE's layout (SDM vol. 1, table 10-2), the bytes checked here. */
#define FXSAVE_MXCSR_OFF          24
#define FXSAVE_MXCSR_MASK_OFF     28
#define FXSAVE_MXCSR_MASK_DEFAULT 0xffbf /* when the CPU stores 0 */

/* Why iretq to ring 3 with r would fault (rip, rsp), or NULL. */
const char *guest_state_resume_bad(const struct cpu_user_regs *r);

/*
 * Why a guest may not run with r, that trap handler (0: none) and that
 * MXCSR on a CPU that takes mxcsr_mask, or NULL: ring 3 selectors, no
 * I/O privilege, interrupts on, rip and trap handler in the lower half,
 * rsp canonical, no MXCSR bit outside the mask.
 */
const char *guest_state_bad(const struct cpu_user_regs *r,
                            uint64_t trap_handler, uint32_t mxcsr,
                            uint32_t mxcsr_mask);

#endif /* ASM_X86_GUEST_STATE_H */
