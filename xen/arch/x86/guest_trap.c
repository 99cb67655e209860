/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exceptions a guest takes in ring 3 (public/xen.h, set_trap_table).
 *
 * A #GP on a port I/O instruction is emulated when the domain's device
 * model claims the port.  Anything else goes to the handler the guest
 * registered, on its own stack; with no handler, a fault inside the
 * handler, or a stack the frame cannot be written to, the domain crashes
 * with the reason, and nothing else is disturbed.
 */
#include <asm/current.h>
#include <asm/pio.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <asm/x86-defns.h>
#include <public/dm_op.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/ioreq.h>
#include <xen/sched.h>

/* Flags a guest may set: arithmetic, DF, ID.  IF is forced on, IOPL off. */
#define GUEST_RFLAGS_MASK   0x200cd5UL
#define RFLAGS_ALWAYS       (X86_EFLAGS_IF | 0x2)

static const char *vector_name(unsigned int v)
{
    static const char *const names[] = {
        [0] = "#DE", [1] = "#DB", [3] = "#BP", [4] = "#OF", [5] = "#BR",
        [6] = "#UD", [7] = "#NM", [10] = "#TS", [11] = "#NP", [12] = "#SS",
        [13] = "#GP", [14] = "#PF", [16] = "#MF", [17] = "#AC", [19] = "#XM",
    };

    return v < ARRAY_SIZE(names) && names[v] ? names[v] : "exception";
}

/* Emulate a trapped IN/OUT to a claimed port; false if it is not one. */
static bool pio_emulate(struct vcpu *v, struct cpu_user_regs *regs)
{
    uint8_t insn[X86_MAX_INSN_LEN];
    struct pio_insn p;
    size_t n = 0;
    uint32_t port;

    if (regs->error_code)
        return false;
    while (n < sizeof(insn) &&
           !copy_from_guest(v->domain, &insn[n], regs->rip + n, 1))
        n++;
    if (!pio_decode(insn, n, &p))
        return false;
    port = p.port_in_dx ? (regs->rdx & 0xffff) : p.imm_port;
    v->arch.pio_insn_len = p.len;
    return ioreq_send(v, port, p.size,
                      p.is_in ? IOREQ_DIR_READ : IOREQ_DIR_WRITE,
                      (uint32_t)regs->rax);
}

void arch_pio_complete(struct vcpu *v, unsigned int size, bool is_read,
                       uint64_t data)
{
    struct cpu_user_regs *regs = &v->arch.regs;

    if (is_read) {
        if (size == 4)
            regs->rax = (uint32_t)data; /* a dword write zero-extends */
        else {
            uint64_t mask = size == 2 ? 0xffff : 0xff;

            regs->rax = (regs->rax & ~mask) | (data & mask);
        }
    }
    regs->rip += v->arch.pio_insn_len;
    if (regs->rip >= GUEST_ADDR_LIMIT)
        domain_crash(v->domain, "port I/O instruction ends at %#lx, past the "
                     "lower half", regs->rip);
}

/* Deliver the exception in regs to the guest's handler. */
static void guest_bounce(struct vcpu *v, struct cpu_user_regs *regs,
                         uint64_t cr2)
{
    const char *name = vector_name(regs->vector);
    struct guest_trap_frame f = {
        regs->vector, regs->error_code, cr2, regs->rip, regs->rflags,
        regs->rsp, regs->rax, regs->rcx, regs->rdx, regs->rsi, regs->rdi,
        regs->r8, regs->r9, regs->r10, regs->r11,
    };
    uint64_t sp = (regs->rsp - sizeof(f)) & ~15UL;

    if (!v->arch.trap_handler) {
        domain_crash(v->domain, "%s (vector %lu) at rip %#lx, cr2 %#lx, "
                     "no handler", name, regs->vector, regs->rip, cr2);
        return;
    }
    if (v->arch.in_trap_handler) {
        domain_crash(v->domain, "%s (vector %lu) at rip %#lx inside its trap "
                     "handler: triple fault", name, regs->vector, regs->rip);
        return;
    }
    if (regs->rsp > GUEST_ADDR_LIMIT || copy_to_guest(v->domain, sp, &f, sizeof(f))) {
        domain_crash(v->domain, "%s (vector %lu) at rip %#lx: stack %#lx "
                     "unusable for its handler", name, regs->vector,
                     regs->rip, regs->rsp);
        return;
    }
    v->arch.trap_frame = sp;
    v->arch.in_trap_handler = true;
    regs->rsp = sp;
    regs->rdi = sp;
    regs->rip = v->arch.trap_handler;
    regs->rflags = RFLAGS_ALWAYS;
}

void guest_exception(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    uint64_t cr2 = regs->vector == X86_EXC_PF ? read_cr2() : 0;

    if (regs->vector == X86_EXC_GP && pio_emulate(v, regs))
        return;
    guest_bounce(v, regs, cr2);
}

long arch_set_trap_table(uint64_t handler)
{
    if (handler >= GUEST_ADDR_LIMIT)
        return -EINVAL;
    current->arch.trap_handler = handler;
    return 0;
}

/* Resume where the frame says; returns the %rax to resume with. */
long arch_trap_return(void)
{
    struct vcpu *v = current;
    struct cpu_user_regs *regs = &v->arch.regs;
    struct guest_trap_frame f;

    if (!v->arch.in_trap_handler)
        return -EINVAL;
    if (copy_from_guest(v->domain, &f, v->arch.trap_frame, sizeof(f)) ||
        f.rip >= GUEST_ADDR_LIMIT || f.rsp >= GUEST_ADDR_LIMIT) {
        domain_crash(v->domain, "trap return with a bad frame at %#lx",
                     (unsigned long)v->arch.trap_frame);
        return 0;
    }
    v->arch.in_trap_handler = false;
    regs->rip = f.rip;
    regs->rsp = f.rsp;
    regs->rflags = (f.rflags & GUEST_RFLAGS_MASK) | RFLAGS_ALWAYS;
    regs->rcx = f.rcx;
    regs->rdx = f.rdx;
    regs->rsi = f.rsi;
    regs->rdi = f.rdi;
    regs->r8 = f.r8;
    regs->r9 = f.r9;
    regs->r10 = f.r10;
    regs->r11 = f.r11;
    return f.rax;
}
