/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for device-model physmap regions (xen/common/physmap.c):
 * names, sizes and places refused as they must be (outside the MMIO hole,
 * on a reserved range, on another region -- both places of one that is
 * moving), moves down and up, far and overlapping, piece by piece against
 * a simulation of where every frame is, the move state as
 * physmap_frame_gfn() reports it at every step, and restoring regions
 * (half-way moves included) from what a stream says.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/compiler.h>
#include <xen/errno.h>
#include <xen/memmap.h>
#include <xen/physmap.h>
#include "harness.h"

#define MIB(n)  ((unsigned long)(n) << 8)
#define HOLE    0xe0000UL /* a 512 MiB hole */
#define RDM_GFN 0xfed00UL

static struct memmap mm;
static struct physmap pm;

static int setup(void **state)
{
    const struct memmap_range rdm = {RDM_GFN, 4, 0};
    const char *why = NULL;

    assert_int_equal(memmap_build(&mm, MIB(64), HOLE, &rdm, 1, &why), 0);
    physmap_init(&pm);
    return 0;
}

static struct physmap_region *add_ok(const char *name, unsigned long gfn,
                                     unsigned long nr)
{
    const char *why = NULL;
    int rc = 1;
    struct physmap_region *r = physmap_add(&pm, &mm, name, gfn, nr, &rc, &why);

    if (!r)
        fail_msg("add %s refused (%d): %s", name, rc, why);
    assert_int_equal(rc, 0);
    return r;
}

static void add_refused(const char *name, unsigned long gfn, unsigned long nr,
                        int want, const char *want_why)
{
    const char *why = NULL;
    int rc = 0;

    assert_null(physmap_add(&pm, &mm, name, gfn, nr, &rc, &why));
    assert_int_equal(rc, want);
    assert_string_equal(why, want_why);
}

static void test_add_and_find(void **state)
{
    const char sixteen[PHYSMAP_NAME_LEN] = "vram0123456789a"; /* NUL at 15 */
    struct physmap_region *r = add_ok("vram", HOLE, MIB(16));

    assert_string_equal(r->name, "vram");
    assert_int_equal(r->gfn, HOLE);
    assert_int_equal(r->nr, MIB(16));
    assert_int_equal(r->dest, PHYSMAP_NOT_MOVING);
    assert_ptr_equal(physmap_find(&pm, "vram"), r);
    assert_null(physmap_find(&pm, "rom"));
    assert_null(physmap_find(&pm, ""));
    add_ok(sixteen, 0xfff00, 16);
    assert_ptr_equal(physmap_at(&pm, 0), r);
    assert_string_equal(physmap_at(&pm, 1)->name, sixteen);
    assert_null(physmap_at(&pm, 2));
    physmap_remove(r);
    assert_null(physmap_find(&pm, "vram"));
    assert_string_equal(physmap_at(&pm, 0)->name, sixteen);
}

static void test_add_refusals(void **state)
{
    const char long_name[PHYSMAP_NAME_LEN] = {'a', 'b', 'c', 'd', 'e', 'f',
                                              'g', 'h', 'i', 'j', 'k', 'l',
                                              'm', 'n', 'o', 'p'};
    const char *bad_name = "a name is 1 to 15 printable characters, no spaces";
    unsigned int i;
    char name[8];

    add_ok("vram", HOLE + MIB(64), MIB(16));
    add_refused("", HOLE, 1, -EINVAL, bad_name);
    add_refused(long_name, HOLE, 1, -EINVAL, bad_name);
    add_refused("v ram", HOLE, 1, -EINVAL, bad_name);
    add_refused("v\tram", HOLE, 1, -EINVAL, bad_name);
    add_refused("v\x7fram", HOLE, 1, -EINVAL, bad_name);
    add_refused("rom", HOLE, 0, -EINVAL, "a region is 4 KiB to 64 MiB");
    add_refused("rom", HOLE, PHYSMAP_MAX_FRAMES + 1, -EINVAL,
                "a region is 4 KiB to 64 MiB");
    add_refused("vram", HOLE, 1, -EEXIST, "the name is taken");
    add_refused("rom", HOLE - 1, 2, -EINVAL, "outside the MMIO hole");
    add_refused("rom", MIB(4), 1, -EINVAL, "outside the MMIO hole");
    add_refused("rom", MEMMAP_GFN_4G - 1, 2, -EINVAL,
                "outside the MMIO hole");
    add_refused("rom", MEMMAP_GFN_4G + 5, 1, -EINVAL,
                "outside the MMIO hole");
    add_refused("rom", RDM_GFN - 1, 2, -EPERM, "on a reserved range");
    add_refused("rom", HOLE + MIB(80) - 1, 2, -EBUSY, "on another region");
    for (i = 1; i < PHYSMAP_MAX_REGIONS; i++) {
        name[0] = 'r';
        name[1] = (char)('0' + i);
        name[2] = '\0';
        add_ok(name, HOLE + i, 1);
    }
    add_refused("one-too-many", HOLE + 100, 1, -ENOSPC, "too many regions");
}

/*
 * Move r to dest piece by piece, at most max frames a piece, acting on a
 * simulation of where each frame is: every piece must take frames from
 * where they are to where nothing is, and frame_gfn must agree throughout.
 */
static void move_all(struct physmap_region *r, unsigned long dest,
                     unsigned long max)
{
    unsigned long nr = r->nr, i, src, dst, n, pieces = 0;
    unsigned long *at = calloc(nr, sizeof(*at));
    const char *why = NULL;

    assert_non_null(at);
    for (i = 0; i < nr; i++)
        at[i] = r->gfn + i;
    assert_int_equal(physmap_move_start(&pm, &mm, r, dest, &why), 0);
    while (physmap_move_next(r, max, &src, &dst, &n)) {
        assert_true(n > 0 && n <= max);
        assert_true(src + n <= dst || dst + n <= src); /* no overlap */
        for (i = 0; i < nr; i++) {
            /* The piece's frames are where it says; nothing is at dst. */
            if (at[i] >= src && at[i] < src + n)
                assert_int_equal(at[i] - src, i - (src - r->gfn));
            assert_false(at[i] >= dst && at[i] < dst + n);
        }
        for (i = 0; i < nr; i++)
            if (at[i] >= src && at[i] < src + n)
                at[i] = dst + (at[i] - src);
        physmap_move_done(r, n);
        for (i = 0; i < nr; i++)
            assert_int_equal(physmap_frame_gfn(r, i), at[i]);
        assert_true(++pieces <= nr);
    }
    assert_int_equal(r->gfn, dest);
    assert_int_equal(r->dest, PHYSMAP_NOT_MOVING);
    for (i = 0; i < nr; i++)
        assert_int_equal(at[i], dest + i);
    free(at);
}

static void test_moves(void **state)
{
    struct physmap_region *r = add_ok("vram", HOLE + MIB(100), 100);

    move_all(r, HOLE + MIB(300), 32);   /* far up */
    move_all(r, HOLE + MIB(10), 7);     /* far down */
    move_all(r, HOLE + MIB(10) + 3, 64); /* up by 3: overlapping */
    move_all(r, HOLE + MIB(10) - 40, 64); /* down by 43 */
    move_all(r, HOLE + MIB(10) + 50, 1);  /* up by 90, a frame a piece */
    /* Moving where it is: nothing to do. */
    assert_int_equal(physmap_move_start(&pm, &mm, r, r->gfn, NULL), 0);
    assert_int_equal(r->dest, PHYSMAP_NOT_MOVING);
}

static void test_move_refusals(void **state)
{
    struct physmap_region *vram = add_ok("vram", HOLE + MIB(100), MIB(16));
    struct physmap_region *rom = add_ok("rom", HOLE + MIB(200), 16);
    unsigned long src, dst, n;
    const char *why = NULL;

    assert_int_equal(physmap_move_start(&pm, &mm, vram, HOLE - 1, &why),
                     -EINVAL);
    assert_string_equal(why, "outside the MMIO hole");
    assert_int_equal(physmap_move_start(&pm, &mm, vram,
                                        MEMMAP_GFN_4G - MIB(8), &why),
                     -EINVAL);
    assert_int_equal(physmap_move_start(&pm, &mm, vram, RDM_GFN - MIB(1), &why),
                     -EPERM);
    assert_string_equal(why, "on a reserved range");
    assert_int_equal(physmap_move_start(&pm, &mm, vram, HOLE + MIB(200) - 5,
                                        &why), -EBUSY);
    assert_string_equal(why, "on another region");
    assert_int_equal(vram->dest, PHYSMAP_NOT_MOVING);
    /* Half-way: both places are taken, and only this move may go on. */
    assert_int_equal(physmap_move_start(&pm, &mm, vram, HOLE + MIB(300), &why),
                     0);
    assert_true(physmap_move_next(vram, 512, &src, &dst, &n));
    physmap_move_done(vram, n);
    assert_int_equal(physmap_move_start(&pm, &mm, vram, HOLE + MIB(400), &why),
                     -EBUSY);
    assert_string_equal(why, "another move of the region is under way");
    assert_int_equal(physmap_move_start(&pm, &mm, vram, HOLE + MIB(300), &why),
                     0);
    assert_int_equal(vram->moved, 512);
    assert_int_equal(physmap_move_start(&pm, &mm, rom, HOLE + MIB(100), &why),
                     -EBUSY);
    assert_int_equal(physmap_move_start(&pm, &mm, rom, HOLE + MIB(310), &why),
                     -EBUSY);
    assert_int_equal(physmap_move_start(&pm, &mm, rom, HOLE + MIB(250), &why),
                     0);
}

static void test_restore(void **state)
{
    const char *why = NULL;
    struct physmap_region *r;

    assert_int_equal(physmap_restore(&pm, &mm, "vram", HOLE, 100,
                                     PHYSMAP_NOT_MOVING, 0, &why), 0);
    assert_int_equal(physmap_restore(&pm, &mm, "half", HOLE + MIB(100), 100,
                                     HOLE + MIB(100) + 30, 20, &why), 0);
    r = physmap_find(&pm, "half");
    assert_int_equal(r->moved, 20);
    assert_int_equal(physmap_frame_gfn(r, 99), HOLE + MIB(100) + 30 + 99);
    assert_int_equal(physmap_frame_gfn(r, 79), HOLE + MIB(100) + 79);
    /* Move states that cannot be. */
    assert_int_equal(physmap_restore(&pm, &mm, "a", HOLE + MIB(200), 10,
                                     PHYSMAP_NOT_MOVING, 3, &why), -EINVAL);
    assert_string_equal(why, "a move state that cannot be");
    assert_int_equal(physmap_restore(&pm, &mm, "a", HOLE + MIB(200), 10,
                                     HOLE + MIB(300), 0, &why), -EINVAL);
    assert_int_equal(physmap_restore(&pm, &mm, "a", HOLE + MIB(200), 10,
                                     HOLE + MIB(300), 10, &why), -EINVAL);
    assert_int_equal(physmap_restore(&pm, &mm, "a", HOLE + MIB(200), 10,
                                     HOLE + MIB(200), 3, &why), -EINVAL);
    /* Places as for a new region, the destination too. */
    assert_int_equal(physmap_restore(&pm, &mm, "vram", HOLE + MIB(200), 10,
                                     PHYSMAP_NOT_MOVING, 0, &why), -EEXIST);
    assert_int_equal(physmap_restore(&pm, &mm, "a", HOLE + MIB(200), 10,
                                     HOLE + 50, 3, &why), -EBUSY);
    assert_int_equal(physmap_restore(&pm, &mm, "a", HOLE + MIB(200), 10,
                                     RDM_GFN, 3, &why), -EPERM);
    assert_null(physmap_find(&pm, "a")); /* nothing half-restored kept */
    assert_null(physmap_at(&pm, 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_add_and_find, setup),
        cmocka_unit_test_setup(test_add_refusals, setup),
        cmocka_unit_test_setup(test_moves, setup),
        cmocka_unit_test_setup(test_move_refusals, setup),
        cmocka_unit_test_setup(test_restore, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
