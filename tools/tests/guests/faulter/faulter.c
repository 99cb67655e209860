/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * faulter: does a guest's fault harm only that guest?
 *
 * Run next to other guests (memcheck): whatever the faulter does to itself,
 * the hypervisor must crash its domain alone, with a message naming the
 * vector, and the other guests must carry on undisturbed.  With a trap
 * handler registered, the fault must instead reach the handler with the
 * right vector, error code and address, and the guest must be able to
 * resume with every register intact.
 *
 * Command line `mode=`:
 *   fault          no handler; write to a gfn far beyond RAM: must crash.
 *   ud             no handler; ud2: must crash (#UD).
 *   priv           no handler; a privileged instruction in ring 3, chosen
 *                  with insn=cli (default), hlt or cr3 (mov %cr3, %rax):
 *                  must crash (#GP).
 *   handler        handler registered; the write above must reach it as
 *                  vector 14 with cr2 = the address; SUCCESS.
 *   handler-fault  the handler faults itself: must crash, not loop.
 *   resume         the handler skips a faulting write and a ud2 and
 *                  returns; every register must be as before; SUCCESS.
 * Where the guest must die, surviving is a FAILURE: the verdict line then
 * says what was survived.
 */
#include "guest.h"

const char test_title[] = "faulter";

/* Far beyond any test domain's RAM, canonical, in the guest's half. */
#define BAD_ADDR (1ull << 40)

#define X86_EXC_UD 6
#define X86_EXC_GP 13
#define X86_EXC_PF 14
#define PFEC_WRITE (1u << 1)
#define PFEC_USER  (1u << 2)

/* probe.S: registers after a resume, in this order, then %rdi, %rsp. */
#define FAULTER_REGS  "rax rbx rcx rdx rsi rbp r8 r9 r10 r11 r12 r13 r14 r15"
#define NR_PROBE_REGS 14
uint64_t faulter_regs_after[NR_PROBE_REGS + 2];
uint64_t faulter_rsp_before;
void faulter_probe_pf(uint64_t bad_addr);
void faulter_probe_ud(uint64_t bad_addr);
extern char faulter_pf_insn[], faulter_pf_resume[];
extern char faulter_ud_insn[], faulter_ud_resume[];

static unsigned int handler_calls;

static void __noreturn survived(const char *what)
{
    test_failure("survived %s without a handler: the domain should have "
                 "been crashed",
                 what);
}

static void write_bad_address(void)
{
    *(volatile uint64_t *)(uintptr_t)BAD_ADDR = 0xfa017;
}

static void mode_fault(void)
{
    printf("faulter: about to fault (write to %#llx, no handler)\n", BAD_ADDR);
    write_bad_address();
    survived("a write to an unmapped gfn");
}

static void mode_ud(void)
{
    printf("faulter: about to fault (ud2, no handler)\n");
    asm volatile("ud2");
    survived("ud2");
}

static void mode_priv(void)
{
    char insn[8] = "cli";
    unsigned long cr3;

    cmdline_get("insn", insn, sizeof(insn));
    printf("faulter: about to fault (%s in ring 3, no handler)\n", insn);
    if (!strcmp(insn, "cli"))
        asm volatile("cli" ::: "memory");
    else if (!strcmp(insn, "hlt"))
        asm volatile("hlt" ::: "memory");
    else if (!strcmp(insn, "cr3"))
        asm volatile("mov %%cr3, %0" : "=r"(cr3)::"memory");
    else
        test_error("unknown insn=%s (cli, hlt or cr3)", insn);
    survived(insn);
}

/* Check that frame is the page fault write_bad_address() takes. */
static void check_page_fault(const struct guest_trap_frame *f)
{
    printf("faulter: handler got vector %lu cr2=%#lx error_code=%#lx "
           "rip=%#lx\n",
           (unsigned long)f->vector, (unsigned long)f->cr2,
           (unsigned long)f->error_code, (unsigned long)f->rip);
    if (f->vector != X86_EXC_PF)
        test_failure("expected vector %u, got %lu", X86_EXC_PF,
                     (unsigned long)f->vector);
    if (f->cr2 != BAD_ADDR)
        test_failure("expected cr2 %#llx, got %#lx", BAD_ADDR,
                     (unsigned long)f->cr2);
    if ((f->error_code & (PFEC_WRITE | PFEC_USER)) != (PFEC_WRITE | PFEC_USER))
        test_failure("page fault error code %#lx lacks write|user",
                     (unsigned long)f->error_code);
}

static void handler_success(struct guest_trap_frame *f)
{
    check_page_fault(f);
    test_success();
}

static void mode_handler(void)
{
    long rc = trap_set_handler(handler_success);

    if (rc)
        test_failure("set_trap_table failed: %ld", rc);
    printf("faulter: about to fault (write to %#llx, handler registered)\n",
           BAD_ADDR);
    write_bad_address();
    test_failure("the write to %#llx did not fault", BAD_ADDR);
}

static void handler_that_faults(struct guest_trap_frame *f)
{
    if (++handler_calls > 1)
        test_failure("a fault inside the handler was delivered to the "
                     "handler again");
    check_page_fault(f);
    printf("faulter: about to fault inside the handler\n");
    write_bad_address();
    test_failure("survived a fault inside the trap handler");
}

static void mode_handler_fault(void)
{
    long rc = trap_set_handler(handler_that_faults);

    if (rc)
        test_failure("set_trap_table failed: %ld", rc);
    printf("faulter: about to fault (write to %#llx, handler registered)\n",
           BAD_ADDR);
    write_bad_address();
    test_failure("the write to %#llx did not fault", BAD_ADDR);
}

/* Skip the probe's faulting instruction and check the frame on the way. */
static void handler_resume(struct guest_trap_frame *f)
{
    handler_calls++;
    if (f->rip == (uintptr_t)faulter_pf_insn) {
        check_page_fault(f);
        f->rip = (uintptr_t)faulter_pf_resume;
    } else if (f->rip == (uintptr_t)faulter_ud_insn) {
        printf("faulter: handler got vector %lu rip=%#lx\n",
               (unsigned long)f->vector, (unsigned long)f->rip);
        if (f->vector != X86_EXC_UD)
            test_failure("expected vector %u, got %lu", X86_EXC_UD,
                         (unsigned long)f->vector);
        f->rip = (uintptr_t)faulter_ud_resume;
    } else {
        test_failure("unexpected trap: vector %lu at rip %#lx",
                     (unsigned long)f->vector, (unsigned long)f->rip);
    }
    if (f->rsp != faulter_rsp_before)
        test_failure("frame rsp %#lx, expected %#lx", (unsigned long)f->rsp,
                     (unsigned long)faulter_rsp_before);
    if (f->rax != 0x5a5a5a5a00000000ull || f->rdi != BAD_ADDR)
        test_failure("frame rax %#lx rdi %#lx are not the probe's",
                     (unsigned long)f->rax, (unsigned long)f->rdi);
}

/* Check what probe.S stored after resuming; what names the probe. */
static void check_probe_regs(const char *what)
{
    static const char names[] = FAULTER_REGS;
    const char *name = names;
    unsigned int i;

    for (i = 0; i < NR_PROBE_REGS; i++) {
        uint64_t want = 0x5a5a5a5a00000000ull + i;
        size_t len = 0;

        while (name[len] && name[len] != ' ')
            len++;
        if (faulter_regs_after[i] != want)
            test_failure("after %s: %%%.*s is %#lx, expected %#lx", what,
                         (int)len, name, (unsigned long)faulter_regs_after[i],
                         (unsigned long)want);
        name += len + 1;
    }
    if (faulter_regs_after[NR_PROBE_REGS] != BAD_ADDR ||
        faulter_regs_after[NR_PROBE_REGS + 1] != faulter_rsp_before)
        test_failure("after %s: %%rdi %#lx %%rsp %#lx, expected %#llx %#lx",
                     what, (unsigned long)faulter_regs_after[NR_PROBE_REGS],
                     (unsigned long)faulter_regs_after[NR_PROBE_REGS + 1],
                     BAD_ADDR, (unsigned long)faulter_rsp_before);
    printf("faulter: resumed after %s with every register intact\n", what);
}

static void mode_resume(void)
{
    long rc = trap_set_handler(handler_resume);

    if (rc)
        test_failure("set_trap_table failed: %ld", rc);
    faulter_probe_pf(BAD_ADDR);
    check_probe_regs("a page fault");
    faulter_probe_ud(BAD_ADDR);
    check_probe_regs("#UD");
    if (handler_calls != 2)
        test_failure("handler ran %u times, expected 2", handler_calls);
    test_success();
}

static const struct {
    const char *name;
    void (*fn)(void);
} modes[] = {
    {"fault", mode_fault},
    {"ud", mode_ud},
    {"priv", mode_priv},
    {"handler", mode_handler},
    {"handler-fault", mode_handler_fault},
    {"resume", mode_resume},
};

void test_main(const struct start_info *si)
{
    unsigned int i;

    if ((si->nr_pages << PAGE_SHIFT) > BAD_ADDR)
        test_skip("RAM reaches %#llx, the address this test faults on",
                  BAD_ADDR);
    for (i = 0; i < ARRAY_SIZE(modes); i++)
        if (cmdline_is("mode", modes[i].name))
            modes[i].fn();
    test_error("mode= must be fault, ud, priv, handler, handler-fault or "
               "resume");
}
