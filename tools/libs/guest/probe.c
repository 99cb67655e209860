/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Probing guest-physical addresses: a read or write that may fault, the
 * fault reported instead of ending the guest.  The probe's trap handler
 * resumes after the probing instruction; any other trap is an ERROR, as
 * with no handler.  For tests that check what is and is not memory (a
 * reserved range, the MMIO hole, RAM that moved), and for port I/O that a
 * device model may not serve yet.
 */
#include "guest.h"

static uint64_t fixup_rip; /* where an expected trap resumes, or 0 */
static uint64_t trap_vector;

static void probe_trap(struct guest_trap_frame *f)
{
    if (!fixup_rip)
        test_error("unexpected trap %lu (error %#lx, cr2 %#lx) at %#lx",
                   (unsigned long)f->vector, (unsigned long)f->error_code,
                   (unsigned long)f->cr2, (unsigned long)f->rip);
    trap_vector = f->vector;
    f->rip = fixup_rip;
    fixup_rip = 0;
}

long guest_probe_install(void)
{
    return trap_set_handler(probe_trap);
}

/* The asm sets fixup_rip itself, so the access cannot leave its window. */
int guest_probe(uint64_t addr, bool write, uint8_t *value)
{
    uint8_t v = write ? *value : 0;

    trap_vector = ~0ull;
    if (write)
        asm volatile("lea 1f(%%rip), %%r11\n\t"
                     "mov %%r11, %[fix]\n\t"
                     "movb %[v], (%[a])\n"
                     "1:\n\t"
                     "movq $0, %[fix]"
                     : [fix] "+m"(fixup_rip)
                     : [a] "r"(addr), [v] "q"(v)
                     : "r11", "memory");
    else
        asm volatile("lea 1f(%%rip), %%r11\n\t"
                     "mov %%r11, %[fix]\n\t"
                     "movb (%[a]), %[v]\n"
                     "1:\n\t"
                     "movq $0, %[fix]"
                     : [fix] "+m"(fixup_rip), [v] "+q"(v)
                     : [a] "r"(addr)
                     : "r11", "memory");
    if (trap_vector != ~0ull)
        return (int)trap_vector;
    if (!write)
        *value = v;
    return -1;
}

int guest_probe_inl(uint16_t port, uint32_t *value)
{
    uint32_t v = 0;

    trap_vector = ~0ull;
    asm volatile("lea 1f(%%rip), %%r11\n\t"
                 "mov %%r11, %[fix]\n\t"
                 "inl %%dx, %%eax\n"
                 "1:\n\t"
                 "movq $0, %[fix]"
                 : [fix] "+m"(fixup_rip), "+a"(v)
                 : "d"(port)
                 : "r11", "memory");
    if (trap_vector != ~0ull)
        return (int)trap_vector;
    *value = v;
    return -1;
}
