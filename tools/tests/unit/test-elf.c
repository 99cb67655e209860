/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the guest-kernel ELF loader (xen/common/elf.c).  Images
 * are built in memory, field by field at the offsets the ELF-64 format
 * gives, with no ELF structure shared with the code under test.  The good
 * image has two PT_LOAD segments (text, and data with bss) and a note; it
 * is checked, then loaded through a write callback into fake guest memory
 * to see file bytes copied and bss zeroed, and nothing else written; an
 * image rewritten while it loads must not make the loader overrun it.  Each
 * field that can be wrong is made wrong in turn and the rejection's log
 * must name it; the image is truncated at every length; offsets and sizes
 * that overflow, an entry point outside the segments and a span over the
 * limit are refused.  Finally thousands of randomly mutated images (under
 * ASan/UBSan) must each be refused with a message or, if accepted, loaded
 * without a write outside the segments or a read outside the image.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/elf.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include "harness.h"

/* Field offsets, ELF-64 file header and program header. */
#define E_TYPE      16
#define E_MACHINE   18
#define E_VERSION   20
#define E_ENTRY     24
#define E_PHOFF     32
#define E_EHSIZE    52
#define E_PHENTSIZE 54
#define E_PHNUM     56
#define EHDR_SIZE   64
#define P_TYPE      0
#define P_OFFSET    8
#define P_VADDR     16
#define P_PADDR     24
#define P_FILESZ    32
#define P_MEMSZ     40
#define P_ALIGN     48
#define PHDR_SIZE   56

#define PT_LOAD 1
#define PT_NOTE 4

/* The good image: three program headers, then the two segments' bytes. */
#define NR_PHDRS  3
#define TEXT_OFF  (EHDR_SIZE + NR_PHDRS * PHDR_SIZE)
#define TEXT_SIZE 0x30
#define DATA_OFF  (TEXT_OFF + TEXT_SIZE)
#define DATA_SIZE 0x28
#define IMG_SIZE  (DATA_OFF + DATA_SIZE)
#define TEXT_PA   0x100000ULL
#define DATA_PA   0x102000ULL
#define DATA_MEM  0x1000ULL
#define ENTRY     (TEXT_PA + 0x10)
#define MEM_BASE  0x100000ULL /* fake guest memory */
#define MEM_SIZE  0x4000ULL

struct image {
    uint8_t b[IMG_SIZE];
};

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = v & 0xff;
    p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v & 0xffff);
    put16(p + 2, v >> 16);
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, v & 0xffffffff);
    put32(p + 4, v >> 32);
}

static uint8_t *phdr(struct image *im, unsigned int i)
{
    return im->b + EHDR_SIZE + i * PHDR_SIZE;
}

static void put_phdr(struct image *im, unsigned int i, uint32_t type,
                     uint64_t off, uint64_t pa, uint64_t filesz,
                     uint64_t memsz)
{
    uint8_t *p = phdr(im, i);

    put32(p + P_TYPE, type);
    put32(p + 4, 5); /* p_flags: R X, ignored */
    put64(p + P_OFFSET, off);
    put64(p + P_VADDR, pa);
    put64(p + P_PADDR, pa);
    put64(p + P_FILESZ, filesz);
    put64(p + P_MEMSZ, memsz);
    put64(p + P_ALIGN, 0x1000);
}

static void image_build(struct image *im)
{
    unsigned int i;

    memset(im, 0, sizeof(*im));
    memcpy(im->b, "\x7f" "ELF", 4);
    im->b[4] = 2; /* ELFCLASS64 */
    im->b[5] = 1; /* ELFDATA2LSB */
    im->b[6] = 1; /* EV_CURRENT */
    put16(im->b + E_TYPE, 2);     /* ET_EXEC */
    put16(im->b + E_MACHINE, 62); /* EM_X86_64 */
    put32(im->b + E_VERSION, 1);
    put64(im->b + E_ENTRY, ENTRY);
    put64(im->b + E_PHOFF, EHDR_SIZE);
    put16(im->b + E_EHSIZE, EHDR_SIZE);
    put16(im->b + E_PHENTSIZE, PHDR_SIZE);
    put16(im->b + E_PHNUM, NR_PHDRS);
    put_phdr(im, 0, PT_LOAD, TEXT_OFF, TEXT_PA, TEXT_SIZE, TEXT_SIZE);
    /* A note whose bytes are nowhere: not loaded, so not checked. */
    put_phdr(im, 1, PT_NOTE, ~0ULL, 0, ~0ULL, 0);
    put_phdr(im, 2, PT_LOAD, DATA_OFF, DATA_PA, DATA_SIZE, DATA_MEM);
    for (i = 0; i < TEXT_SIZE + DATA_SIZE; i++)
        im->b[TEXT_OFF + i] = (uint8_t)(0x40 + i);
}

/* ---- Fake guest memory --------------------------------------------------- */

struct guest {
    uint8_t mem[MEM_SIZE];
    const uint8_t *image;  /* where sources must lie */
    size_t image_size;
    uint64_t lo, hi;       /* where writes must lie */
    unsigned int calls, fail_at; /* fail the fail_at-th call (1-based) */
    bool zero_calls;
};

static int guest_write(void *ctx, uint64_t paddr, const void *src, size_t len)
{
    struct guest *g = ctx;

    g->calls++;
    assert_true(len > 0);
    assert_true(paddr >= g->lo && paddr <= g->hi && len <= g->hi - paddr);
    if (src) {
        const uint8_t *s = src;

        assert_true(s >= g->image && s + len <= g->image + g->image_size);
    } else {
        g->zero_calls = true;
    }
    if (g->calls == g->fail_at)
        return -EFAULT;
    if (paddr >= MEM_BASE && paddr - MEM_BASE + len <= MEM_SIZE) {
        if (src)
            memcpy(g->mem + (paddr - MEM_BASE), src, len);
        else
            memset(g->mem + (paddr - MEM_BASE), 0, len);
    }
    return 0;
}

static void guest_init(struct guest *g, const void *image, size_t size,
                       uint64_t lo, uint64_t hi)
{
    memset(g, 0, sizeof(*g));
    memset(g->mem, 0xcc, sizeof(g->mem));
    g->image = image;
    g->image_size = size;
    g->lo = lo;
    g->hi = hi;
}

/* ---- The good image ------------------------------------------------------ */

static void test_good_image(void **state)
{
    struct image im;
    struct elf_image_info info;
    struct guest *g = malloc(sizeof(*g));
    uint64_t i;

    assert_non_null(g);
    image_build(&im);
    log_reset();
    assert_int_equal(elf_check(im.b, sizeof(im.b), 0x3000, &info), 0);
    assert_string_equal(log_text(), "");
    assert_int_equal(info.entry, ENTRY);
    assert_int_equal(info.paddr_start, TEXT_PA);
    assert_int_equal(info.paddr_end, DATA_PA + DATA_MEM);

    guest_init(g, im.b, sizeof(im.b), info.paddr_start, info.paddr_end);
    memset(g->mem + (DATA_PA - MEM_BASE), 0x77, DATA_MEM); /* stale bss */
    assert_int_equal(elf_load(im.b, sizeof(im.b), guest_write, g), 0);
    assert_int_equal(g->calls, 3); /* text, data, bss */
    assert_memory_equal(g->mem, im.b + TEXT_OFF, TEXT_SIZE);
    assert_memory_equal(g->mem + (DATA_PA - MEM_BASE), im.b + DATA_OFF,
                        DATA_SIZE);
    for (i = DATA_SIZE; i < DATA_MEM; i++)
        assert_int_equal(g->mem[DATA_PA - MEM_BASE + i], 0);
    for (i = TEXT_SIZE; i < DATA_PA - MEM_BASE; i++)
        assert_int_equal(g->mem[i], 0xcc); /* the gap is left alone */
    for (i = DATA_PA + DATA_MEM - MEM_BASE; i < MEM_SIZE; i++)
        assert_int_equal(g->mem[i], 0xcc);
    assert_string_equal(log_text(), "");
    free(g);
}

/* The image need not be aligned, nor hold anything past its segments. */
static void test_unaligned_and_edges(void **state)
{
    uint8_t *buf = malloc(IMG_SIZE + 1);
    struct image im;
    struct elf_image_info info;

    assert_non_null(buf);
    image_build(&im);
    memcpy(buf + 1, im.b, IMG_SIZE);
    assert_int_equal(elf_check(buf + 1, IMG_SIZE, ~0ULL, &info), 0);
    assert_int_equal(info.paddr_end, DATA_PA + DATA_MEM);
    /* Span exactly at the limit; entry on a segment's last byte. */
    assert_int_equal(elf_check(im.b, IMG_SIZE, 0x3000, &info), 0);
    put64(im.b + E_ENTRY, DATA_PA + DATA_MEM - 1);
    assert_int_equal(elf_check(im.b, IMG_SIZE, 0x3000, &info), 0);
    assert_int_equal(info.entry, DATA_PA + DATA_MEM - 1);
    /* A PT_LOAD with no memory size takes no room and holds no entry. */
    image_build(&im);
    put_phdr(&im, 1, PT_LOAD, 0, 0x10000000, 0, 0);
    assert_int_equal(elf_check(im.b, IMG_SIZE, 0x3000, &info), 0);
    assert_int_equal(info.paddr_start, TEXT_PA);
    /* A segment at the very top of the address space. */
    image_build(&im);
    put_phdr(&im, 2, PT_LOAD, DATA_OFF, ~0ULL - 0xfff, DATA_SIZE, 0xfff);
    assert_int_equal(elf_check(im.b, IMG_SIZE, ~0ULL, &info), 0);
    assert_int_equal(info.paddr_end, ~0ULL);
    free(buf);
}

static void test_load_write_error(void **state)
{
    struct image im;
    struct guest *g = malloc(sizeof(*g));
    unsigned int k;

    assert_non_null(g);
    image_build(&im);
    for (k = 1; k <= 3; k++) {
        guest_init(g, im.b, sizeof(im.b), TEXT_PA, DATA_PA + DATA_MEM);
        g->fail_at = k;
        assert_int_equal(elf_load(im.b, sizeof(im.b), guest_write, g),
                         -EFAULT);
        assert_int_equal(g->calls, k); /* stops at the first error */
    }
    free(g);
}

/* Rewrites the data segment's header to point outside the image. */
static int racing_write(void *ctx, uint64_t paddr, const void *src,
                        size_t len)
{
    struct guest *g = ctx;

    put64(phdr((struct image *)g->image, 2) + P_OFFSET, ~0ULL - 0x10);
    return guest_write(ctx, paddr, src, len);
}

/* An image that changes while it loads cannot make the loader overrun it. */
static void test_image_changes_during_load(void **state)
{
    struct image *im = malloc(sizeof(*im));
    struct guest *g = malloc(sizeof(*g));

    assert_non_null(im);
    assert_non_null(g);
    image_build(im);
    guest_init(g, im->b, sizeof(im->b), TEXT_PA, DATA_PA + DATA_MEM);
    log_reset();
    assert_int_equal(elf_load(im->b, sizeof(im->b), racing_write, g),
                     -ENOEXEC);
    assert_int_equal(g->calls, 1); /* the text only */
    assert_true(log_contains("ELF: segment 2 file bytes at offset "
                             "0xffffffffffffffef"));
    free(g);
    free(im);
}

/* ---- Rejections ---------------------------------------------------------- */

struct bad_case {
    const char *what;
    void (*mutate)(struct image *im);
    uint64_t max_span;
    int rc;
    const char *log; /* the message must contain this */
};

static void m_magic0(struct image *im) { im->b[0] = 0x7e; }
static void m_magic3(struct image *im) { im->b[3] = 'f'; }
static void m_class(struct image *im) { im->b[4] = 1; }
static void m_data(struct image *im) { im->b[5] = 2; }
static void m_idver(struct image *im) { im->b[6] = 0; }
static void m_version(struct image *im) { put32(im->b + E_VERSION, 2); }
static void m_machine(struct image *im) { put16(im->b + E_MACHINE, 3); }
static void m_type(struct image *im) { put16(im->b + E_TYPE, 3); }
static void m_phentsize(struct image *im) { put16(im->b + E_PHENTSIZE, 32); }
static void m_phnum0(struct image *im) { put16(im->b + E_PHNUM, 0); }
static void m_phnumx(struct image *im) { put16(im->b + E_PHNUM, 0xffff); }
static void m_phnum_big(struct image *im) { put16(im->b + E_PHNUM, 5); }
static void m_phoff_end(struct image *im) { put64(im->b + E_PHOFF, IMG_SIZE); }

static void m_phoff_wrap(struct image *im)
{
    put64(im->b + E_PHOFF, ~0ULL - 0x10);
}

static void m_no_load(struct image *im)
{
    put32(phdr(im, 0) + P_TYPE, PT_NOTE);
    put32(phdr(im, 2) + P_TYPE, 6); /* PT_PHDR */
}

static void m_all_empty(struct image *im)
{
    put_phdr(im, 0, PT_LOAD, 0, TEXT_PA, 0, 0);
    put_phdr(im, 2, PT_LOAD, 0, DATA_PA, 0, 0);
}

static void m_off_end(struct image *im)
{
    put64(phdr(im, 2) + P_OFFSET, IMG_SIZE + 1);
}

static void m_filesz_end(struct image *im)
{
    put64(phdr(im, 2) + P_FILESZ, DATA_SIZE + 1);
}

static void m_off_wrap(struct image *im)
{
    put64(phdr(im, 0) + P_OFFSET, ~0ULL - 7);
}

static void m_filesz_wrap(struct image *im)
{
    put64(phdr(im, 0) + P_FILESZ, ~0ULL - 0x20);
    put64(phdr(im, 0) + P_MEMSZ, ~0ULL);
}

static void m_filesz_memsz(struct image *im)
{
    put64(phdr(im, 0) + P_MEMSZ, TEXT_SIZE - 1);
}

static void m_paddr_wrap(struct image *im)
{
    put64(phdr(im, 2) + P_PADDR, ~0ULL - 0x800);
}

static void m_entry_gap(struct image *im)
{
    put64(im->b + E_ENTRY, TEXT_PA + TEXT_SIZE); /* one past the text */
}

static void m_entry_low(struct image *im) { put64(im->b + E_ENTRY, 0); }

static void m_entry_end(struct image *im)
{
    put64(im->b + E_ENTRY, DATA_PA + DATA_MEM);
}

static void m_none(struct image *im) { }

static const struct bad_case bad_cases[] = {
    {"magic 0", m_magic0, ~0ULL, -ENOEXEC, "ELF: bad magic 7e 45 4c 46"},
    {"magic 3", m_magic3, ~0ULL, -ENOEXEC, "ELF: bad magic 7f 45 4c 66"},
    {"class", m_class, ~0ULL, -ENOEXEC, "ELF: class 1 is not ELFCLASS64"},
    {"data", m_data, ~0ULL, -ENOEXEC, "ELF: data encoding 2 is not"},
    {"ident version", m_idver, ~0ULL, -ENOEXEC, "ELF: ident version 0 is"},
    {"version", m_version, ~0ULL, -ENOEXEC, "ELF: version 2 is not"},
    {"machine", m_machine, ~0ULL, -ENOEXEC, "ELF: machine 3 is not x86-64"},
    {"type", m_type, ~0ULL, -ENOEXEC, "ELF: type 3 is not ET_EXEC"},
    {"phentsize", m_phentsize, ~0ULL, -ENOEXEC,
     "ELF: program header size 32 is not 56"},
    {"phnum 0", m_phnum0, ~0ULL, -ENOEXEC, "ELF: 0 program headers"},
    {"phnum xnum", m_phnumx, ~0ULL, -ENOEXEC, "extended numbering"},
    {"phnum past end", m_phnum_big, ~0ULL, -ENOEXEC,
     "ELF: program headers at offset 0x40 (5 x 56 bytes) extend past the "
     "end of the 320-byte image"},
    {"phoff past end", m_phoff_end, ~0ULL, -ENOEXEC,
     "ELF: program headers at offset 0x140"},
    {"phoff wraps", m_phoff_wrap, ~0ULL, -ENOEXEC,
     "ELF: program headers at offset 0xffffffffffffffef"},
    {"no PT_LOAD", m_no_load, ~0ULL, -ENOEXEC, "ELF: none of the 3"},
    {"only empty PT_LOAD", m_all_empty, ~0ULL, -ENOEXEC, "ELF: none of the 3"},
    {"offset past end", m_off_end, ~0ULL, -ENOEXEC,
     "ELF: segment 2 file bytes at offset 0x141 size 0x28 extend past the "
     "end of the 320-byte image"},
    {"filesz past end", m_filesz_end, ~0ULL, -ENOEXEC,
     "ELF: segment 2 file bytes at offset 0x118 size 0x29"},
    {"offset wraps", m_off_wrap, ~0ULL, -ENOEXEC,
     "ELF: segment 0 file bytes at offset 0xfffffffffffffff8"},
    {"filesz wraps", m_filesz_wrap, ~0ULL, -ENOEXEC,
     "ELF: segment 0 file bytes at offset 0xe8 size 0xffffffffffffffdf"},
    {"filesz > memsz", m_filesz_memsz, ~0ULL, -ENOEXEC,
     "ELF: segment 0 file size 0x30 is larger than its memory size 0x2f"},
    {"paddr wraps", m_paddr_wrap, ~0ULL, -ENOEXEC,
     "ELF: segment 2 at paddr 0xfffffffffffff7ff memory size 0x1000 wraps"},
    {"entry in a gap", m_entry_gap, ~0ULL, -ENOEXEC,
     "ELF: entry point 0x100030 is outside every PT_LOAD segment"},
    {"entry 0", m_entry_low, ~0ULL, -ENOEXEC, "ELF: entry point 0 is outside"},
    {"entry at end", m_entry_end, ~0ULL, -ENOEXEC,
     "ELF: entry point 0x103000 is outside"},
    {"span", m_none, 0x2fff, -E2BIG,
     "ELF: segments span 0x3000 bytes (paddr 0x100000 to 0x103000), more "
     "than the limit of 0x2fff"},
    {"span 0", m_none, 0, -E2BIG, "ELF: segments span 0x3000 bytes"},
};

static void test_rejections(void **state)
{
    struct elf_image_info info;
    struct guest *g = malloc(sizeof(*g));
    unsigned int i;

    assert_non_null(g);
    for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
        const struct bad_case *c = &bad_cases[i];
        struct image im;
        int rc;

        image_build(&im);
        c->mutate(&im);
        memset(&info, 0x5a, sizeof(info));
        log_reset();
        rc = elf_check(im.b, sizeof(im.b), c->max_span, &info);
        if (rc != c->rc || !log_contains(c->log) ||
            !log_contains("<0>ELF: ") || info.entry != 0x5a5a5a5a5a5a5a5aULL)
            fail_msg("%s: rc %d, log \"%s\"", c->what, rc, log_text());
        if (c->rc == -E2BIG)
            continue; /* elf_load() does not know the limit */
        guest_init(g, im.b, sizeof(im.b), 0, ~0ULL);
        assert_int_equal(elf_load(im.b, sizeof(im.b), guest_write, g),
                         -ENOEXEC);
        assert_int_equal(g->calls, 0);
    }
    free(g);
}

static void test_truncated(void **state)
{
    struct image im;
    struct elf_image_info info;
    struct guest *g = malloc(sizeof(*g));
    size_t len;

    assert_non_null(g);
    image_build(&im);
    for (len = 0; len < IMG_SIZE; len++) {
        /* A copy of exactly len bytes, so ASan sees any read past it. */
        uint8_t *copy = malloc(len ? len : 1);

        assert_non_null(copy);
        memcpy(copy, im.b, len);
        log_reset();
        assert_int_equal(elf_check(copy, len, ~0ULL, &info), -ENOEXEC);
        if (len < EHDR_SIZE)
            assert_true(log_contains("less than the 64-byte file header"));
        else if (len < TEXT_OFF)
            assert_true(log_contains("ELF: program headers at offset 0x40"));
        else
            assert_true(log_contains("extend past the end of the"));
        guest_init(g, copy, len, 0, ~0ULL);
        assert_int_equal(elf_load(copy, len, guest_write, g), -ENOEXEC);
        assert_int_equal(g->calls, 0);
        free(copy);
    }
    log_reset();
    assert_int_equal(elf_check(NULL, 0, ~0ULL, &info), -ENOEXEC);
    assert_true(log_contains("ELF: image is 0 bytes"));
    free(g);
}

/* ---- Random mutations ---------------------------------------------------- */

/* Deterministic PRNG (splitmix64), so a failing run can be replayed. */
static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Damage a good image: bytes, whole fields, or its length. */
static size_t mutate(struct image *im, uint64_t *seed)
{
    static const uint64_t nasty[] = {0, 1, 0x7f, 0xffff, 0x100000, IMG_SIZE,
                                     ~0ULL, ~0ULL - 0xfff, 1ULL << 63};
    unsigned int n = 1 + rnd(seed) % 4, i;
    size_t size = IMG_SIZE;

    for (i = 0; i < n; i++) {
        uint64_t r = rnd(seed);
        /* Mostly the headers, where the fields are. */
        unsigned int at = r % 2 ? (r >> 8) % TEXT_OFF : (r >> 8) % IMG_SIZE;

        switch ((r >> 32) % 4) {
        case 0:
            im->b[at] ^= (uint8_t)(1u << ((r >> 40) % 8));
            break;
        case 1:
            im->b[at] = (uint8_t)(r >> 40);
            break;
        case 2:
            if (at <= IMG_SIZE - 8)
                put64(im->b + at, nasty[(r >> 40) % ARRAY_SIZE(nasty)]);
            break;
        default:
            size = (r >> 40) % (IMG_SIZE + 1);
            break;
        }
    }
    return size;
}

static void test_random_mutations(void **state)
{
    struct guest *g = malloc(sizeof(*g));
    uint64_t seed = 0xe1f;
    unsigned int iter, accepted = 0;

    assert_non_null(g);
    for (iter = 0; iter < 20000; iter++) {
        struct image im;
        struct elf_image_info info;
        uint64_t span = rnd(&seed) % 2 ? ~0ULL : rnd(&seed) % 0x10000;
        size_t size;
        uint8_t *copy;
        int rc;

        image_build(&im);
        size = mutate(&im, &seed);
        copy = malloc(size ? size : 1);
        assert_non_null(copy);
        memcpy(copy, im.b, size);
        log_reset();
        rc = elf_check(copy, size, span, &info);
        if (rc) {
            assert_true(rc == -ENOEXEC || rc == -E2BIG);
            assert_true(log_contains("<0>ELF: "));
        } else {
            accepted++;
            assert_string_equal(log_text(), "");
            assert_true(info.paddr_start <= info.entry &&
                        info.entry < info.paddr_end);
            assert_true(info.paddr_end - info.paddr_start <= span);
            guest_init(g, copy, size, info.paddr_start, info.paddr_end);
            assert_int_equal(elf_load(copy, size, guest_write, g), 0);
        }
        free(copy);
    }
    /* The loop must have exercised both outcomes. */
    assert_true(accepted > 100 && accepted < 19000);
    free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_image),
        cmocka_unit_test(test_unaligned_and_edges),
        cmocka_unit_test(test_load_write_error),
        cmocka_unit_test(test_image_changes_during_load),
        cmocka_unit_test(test_rejections),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_random_mutations),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
