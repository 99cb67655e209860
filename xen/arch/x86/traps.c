/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every entry into the hypervisor lands in do_entry().  From a guest
 * (ring 3) the frame is saved in the vCPU, the exception, interrupt or
 * hypercall handled, and the hypervisor leaves through the scheduler.  In
 * the hypervisor itself, interrupts are handled and return; an exception
 * is fatal: the handler names it, prints the error code, the faulting
 * address and a register dump, and panics, which stops the machine.
 */
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/hypercall.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <public/xen.h>
#include <asm/shutdown.h>
#include <xen/console.h>
#include <xen/lib.h>
#include <xen/sched.h>

static const char *const exception_names[X86_NR_EXCEPTIONS] = {
    [0] = "#DE Divide error",
    [1] = "#DB Debug",
    [2] = "NMI",
    [3] = "#BP Breakpoint",
    [4] = "#OF Overflow",
    [5] = "#BR BOUND range exceeded",
    [6] = "#UD Invalid opcode",
    [7] = "#NM Device not available",
    [8] = "#DF Double fault",
    [9] = "Coprocessor segment overrun",
    [10] = "#TS Invalid TSS",
    [11] = "#NP Segment not present",
    [12] = "#SS Stack-segment fault",
    [13] = "#GP General protection",
    [14] = "#PF Page fault",
    [16] = "#MF x87 floating-point error",
    [17] = "#AC Alignment check",
    [18] = "#MC Machine check",
    [19] = "#XM SIMD floating-point",
    [20] = "#VE Virtualization exception",
    [21] = "#CP Control protection",
    [28] = "#HV Hypervisor injection",
    [29] = "#VC VMM communication",
    [30] = "#SX Security exception",
};

/* How many fatal exceptions this CPU is inside (one CPU for now). */
static unsigned int fatal_depth;

static const char *exception_name(unsigned int vector)
{
    if (vector < X86_NR_EXCEPTIONS && exception_names[vector])
        return exception_names[vector];
    return "Reserved";
}

static void show_page_fault(const struct cpu_user_regs *regs)
{
    unsigned long ec = regs->error_code;

    printk(XENLOG_ERR "CR2: %016lx (%s, %s, %s%s)\n", read_cr2(),
           ec & 1 ? "protection violation" : "not present",
           ec & 2 ? "write" : "read", ec & 4 ? "user" : "supervisor",
           ec & 16 ? ", instruction fetch" : "");
}

static void show_registers(const struct cpu_user_regs *regs)
{
    printk(XENLOG_ERR "RIP: %04lx:%016lx  RFLAGS: %016lx\n", regs->cs,
           regs->rip, regs->rflags);
    printk(XENLOG_ERR "RAX: %016lx  RBX: %016lx  RCX: %016lx\n", regs->rax,
           regs->rbx, regs->rcx);
    printk(XENLOG_ERR "RDX: %016lx  RSI: %016lx  RDI: %016lx\n", regs->rdx,
           regs->rsi, regs->rdi);
    printk(XENLOG_ERR "RBP: %016lx  RSP: %016lx  R8:  %016lx\n", regs->rbp,
           regs->rsp, regs->r8);
    printk(XENLOG_ERR "R9:  %016lx  R10: %016lx  R11: %016lx\n", regs->r9,
           regs->r10, regs->r11);
    printk(XENLOG_ERR "R12: %016lx  R13: %016lx  R14: %016lx\n", regs->r12,
           regs->r13, regs->r14);
    printk(XENLOG_ERR "R15: %016lx  SS: %04lx\n", regs->r15, regs->ss);
    printk(XENLOG_ERR "CR0: %016lx  CR3: %016lx  CR4: %016lx\n", read_cr0(),
           read_cr3(), read_cr4());
}

/* The words at the top of the interrupted stack, up to its end. */
static void show_stack(const struct cpu_user_regs *regs)
{
    const unsigned long *sp = (const unsigned long *)regs->rsp;
    unsigned long top = (regs->rsp | (STACK_SIZE - 1)) + 1 - CPU_INFO_SIZE;
    unsigned int i, n = 0;

    if (regs->rsp < top)
        n = min((top - regs->rsp) / sizeof(*sp), 12UL);
    printk(XENLOG_ERR "Stack at %p:\n", sp);
    for (i = 0; i < n; i++)
        printk(XENLOG_ERR "%s%016lx%s", i % 3 ? " " : "  ", sp[i],
               i % 3 == 2 || i == n - 1 ? "\n" : "");
}

void fatal_trap(const struct cpu_user_regs *regs)
{
    unsigned int vector = regs->vector;

    /* The fault may have hit while the console lock was held. */
    console_force_unlock();
    switch (fatal_depth++) {
    case 0:
        break;
    case 1: /* faulted while reporting a fault: say so briefly */
        printk(XENLOG_ERR "Nested fault: vector %u at %016lx\n", vector,
               regs->rip);
        panic("Nested fatal exceptions");
    default: /* faulted even doing that */
        machine_halt_failed();
    }

    printk(XENLOG_ERR "FATAL TRAP: vector %u (%s), error code 0x%04lx\n",
           vector, exception_name(vector), regs->error_code);
    if (vector == X86_EXC_PF)
        show_page_fault(regs);
    show_registers(regs);
    if (vector != X86_EXC_DF)
        show_stack(regs);
    panic("FATAL TRAP: vector %u (%s) at %016lx", vector,
          exception_name(vector), regs->rip);
}

/* Vectors that run on their own stacks: never a guest's frame. */
static bool is_ist_vector(unsigned int vector)
{
    return vector == X86_EXC_DF || vector == X86_EXC_NMI ||
           vector == X86_EXC_MC;
}

static void __noreturn guest_entry(struct cpu_user_regs *frame)
{
    struct vcpu *v = current;

    v->arch.regs = *frame;
    if (frame->vector < X86_NR_EXCEPTIONS)
        guest_exception(&v->arch.regs);
    else if (frame->vector == XEN_HYPERCALL_VECTOR)
        hypercall_entry(&v->arch.regs);
    else
        do_irq(frame->vector);
    leave_to_guest();
}

void do_entry(struct cpu_user_regs *regs)
{
    unsigned int vector = regs->vector;

    if (guest_mode(regs) && !is_ist_vector(vector))
        guest_entry(regs);
    if (vector < X86_NR_EXCEPTIONS || vector == XEN_HYPERCALL_VECTOR)
        fatal_trap(regs);
    do_irq(vector);
}

void traps_init(void)
{
    unsigned int v;

    for (v = 0; v < X86_NR_VECTORS; v++)
        desc_set_intr_gate(v, entry_stubs[v], 0, 0);
    /* These must not trust the interrupted stack pointer. */
    desc_set_intr_gate(X86_EXC_DF, entry_stubs[X86_EXC_DF], IST_DF, 0);
    desc_set_intr_gate(X86_EXC_NMI, entry_stubs[X86_EXC_NMI], IST_NMI, 0);
    desc_set_intr_gate(X86_EXC_MC, entry_stubs[X86_EXC_MC], IST_MCE, 0);
    /* The one gate a guest may raise itself. */
    desc_set_intr_gate(XEN_HYPERCALL_VECTOR, entry_stubs[XEN_HYPERCALL_VECTOR],
                       0, 3);
}
