/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the VGA device model's map cache (tools/libs/vgadm/
 * vga_mapcache.c) against a fake of the hypervisor's foreign mapping,
 * which refuses as the real one does (public/dm_op.h): a map over a
 * mapping (-EBUSY), a map of a frame that is not the target's memory
 * (-ENXIO), an unmap of what is not mapped (-EINVAL), all or nothing.
 * Checked: hits and misses, pieces cut at the region's end, the least
 * recently used slot evicted, nothing mapped outside the region,
 * invalidation, placeholders laid out, mapped over and torn down to an
 * empty window, failures of map and unmap (a slot whose unmap failed is
 * never a hit and is retried), the framebuffer checksum read through the
 * cache before and after the region moves, and a random run against the
 * fake's own view of every slot.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <public/errno.h>

#include "crc32.h"
#include "vga_mapcache.h"

#define FRAME       4096
#define TARGET_GFNS 1024        /* the target's gfn space in the fake */
#define VRAM_FRAMES 200         /* 3 pieces of 64 and one of 8 */
#define WINDOW      0x100000ull /* our gfn of the cache's window */

/* The fake: the target's p2m (gfn -> frame, -1 none) and ours. */
enum kind { EMPTY, PLACEHOLDER, MAPPED };
static struct {
    int target_p2m[TARGET_GFNS];
    uint8_t frames[VRAM_FRAMES][FRAME]; /* the target's VRAM frames */
    uint8_t placeholder[FRAME];
    struct {
        enum kind kind;
        int frame;
    } ours[VGA_MAPCACHE_FRAMES];
    int fail_map, fail_unmap; /* -errno for the next call, then 0 */
    unsigned int maps, unmaps;
} fake;

static int ours_index(uint64_t dm_gfn, uint32_t nr)
{
    assert_true(dm_gfn >= WINDOW &&
                dm_gfn + nr <= WINDOW + VGA_MAPCACHE_FRAMES);
    return (int)(dm_gfn - WINDOW);
}

static int fake_map(void *ctx, uint64_t gfn, uint64_t dm_gfn, uint32_t nr)
{
    int at = ours_index(dm_gfn, nr), rc = fake.fail_map;

    (void)ctx;
    fake.fail_map = 0;
    fake.maps++;
    if (rc)
        return rc;
    for (uint32_t i = 0; i < nr; i++)
        if (fake.ours[at + i].kind == MAPPED)
            return -XEN_EBUSY;
    for (uint32_t i = 0; i < nr; i++)
        if (gfn + i >= TARGET_GFNS || fake.target_p2m[gfn + i] < 0)
            return -XEN_ENXIO;
    for (uint32_t i = 0; i < nr; i++) {
        fake.ours[at + i].kind = MAPPED;
        fake.ours[at + i].frame = fake.target_p2m[gfn + i];
    }
    return 0;
}

static int fake_map_placeholder(void *ctx, uint64_t dm_gfn, uint32_t nr)
{
    int at = ours_index(dm_gfn, nr);

    (void)ctx;
    for (uint32_t i = 0; i < nr; i++)
        if (fake.ours[at + i].kind == MAPPED)
            return -XEN_EBUSY;
    for (uint32_t i = 0; i < nr; i++)
        fake.ours[at + i].kind = PLACEHOLDER;
    return 0;
}

static int fake_unmap(void *ctx, uint64_t dm_gfn, uint32_t nr)
{
    int at = ours_index(dm_gfn, nr), rc = fake.fail_unmap;

    (void)ctx;
    fake.fail_unmap = 0;
    fake.unmaps++;
    if (rc)
        return rc;
    for (uint32_t i = 0; i < nr; i++)
        if (fake.ours[at + i].kind == EMPTY)
            return -XEN_EINVAL;
    for (uint32_t i = 0; i < nr; i++)
        fake.ours[at + i].kind = EMPTY;
    return 0;
}

static const uint8_t *fake_frame(void *ctx, uint64_t dm_gfn)
{
    int at = ours_index(dm_gfn, 1);

    (void)ctx;
    assert_int_not_equal(fake.ours[at].kind, EMPTY); /* a fault, really */
    return fake.ours[at].kind == MAPPED ? fake.frames[fake.ours[at].frame]
                                        : fake.placeholder;
}

static const struct vga_mapcache_ops ops = {
    fake_map,
    fake_map_placeholder,
    fake_unmap,
    fake_frame,
};

static struct vga_mapcache cache;

/* VRAM's frames at [gfn, gfn + VRAM_FRAMES), nothing elsewhere. */
static void vram_at(uint64_t gfn)
{
    for (int i = 0; i < TARGET_GFNS; i++)
        fake.target_p2m[i] = -1;
    for (int i = 0; i < VRAM_FRAMES; i++)
        fake.target_p2m[gfn + i] = i;
}

static int setup(void **state)
{
    (void)state;
    memset(&fake, 0, sizeof(fake));
    for (int f = 0; f < VRAM_FRAMES; f++)
        for (int b = 0; b < FRAME; b++)
            fake.frames[f][b] = (uint8_t)(f * 7 + b * 13 + (b >> 8));
    vram_at(100);
    vga_mapcache_init(&cache, &ops, NULL, WINDOW);
    return 0;
}

/* Look gfn up in VRAM at base: must be mapped, to the right frame. */
static uint64_t look(uint64_t base, uint64_t gfn)
{
    uint64_t dm_gfn = 0;

    assert_int_equal(
        vga_mapcache_lookup(&cache, gfn, base, VRAM_FRAMES, &dm_gfn), 0);
    assert_int_equal(fake.ours[dm_gfn - WINDOW].kind, MAPPED);
    assert_int_equal(fake.ours[dm_gfn - WINDOW].frame, fake.target_p2m[gfn]);
    return dm_gfn;
}

static unsigned int count(enum kind k)
{
    unsigned int n = 0;

    for (int i = 0; i < VGA_MAPCACHE_FRAMES; i++)
        n += fake.ours[i].kind == k;
    return n;
}

static void test_hits_misses_and_pieces(void **state)
{
    uint64_t dm_gfn;

    (void)state;
    assert_int_equal(look(100, 100), WINDOW);
    assert_int_equal(look(100, 163), WINDOW + 63); /* the same piece */
    assert_int_equal(cache.stats.misses, 1);
    assert_int_equal(cache.stats.hits, 1);
    assert_int_equal(count(MAPPED), 64);
    /* The last piece is cut at VRAM's end: 200 = 3 * 64 + 8. */
    assert_int_equal(look(100, 299), WINDOW + 64 + 7);
    assert_int_equal(count(MAPPED), 72);
    /* Nothing outside the region, ever. */
    assert_int_equal(vga_mapcache_lookup(&cache, 99, 100, VRAM_FRAMES, &dm_gfn),
                     -XEN_EINVAL);
    assert_int_equal(
        vga_mapcache_lookup(&cache, 300, 100, VRAM_FRAMES, &dm_gfn),
        -XEN_EINVAL);
    assert_int_equal(vga_mapcache_mapped(&cache), 2);
}

static void test_least_recently_used_goes(void **state)
{
    /* A region of 10 pieces in a cache of 8 slots. */
    const uint64_t nr = 10 * VGA_MAPCACHE_SLOT_FRAMES;

    (void)state;
    for (uint64_t g = 0; g < TARGET_GFNS; g++)
        fake.target_p2m[g] = (int)(g % VRAM_FRAMES);
    for (uint64_t p = 0; p < VGA_MAPCACHE_SLOTS; p++)
        assert_int_equal(
            vga_mapcache_lookup(&cache, p * 64, 0, nr, &(uint64_t){0}), 0);
    /* Piece 0 used again: piece 1 is now the least recently used. */
    assert_int_equal(vga_mapcache_lookup(&cache, 5, 0, nr, &(uint64_t){0}), 0);
    assert_int_equal(vga_mapcache_lookup(&cache, 8 * 64, 0, nr, &(uint64_t){0}),
                     0);
    assert_int_equal(cache.stats.evictions, 1);
    assert_int_equal(cache.slot[1].gfn, 8 * 64);
    assert_int_equal(cache.slot[0].gfn, 0);
    assert_int_equal(count(MAPPED), VGA_MAPCACHE_FRAMES);
}

static void test_invalidate(void **state)
{
    (void)state;
    look(100, 100);
    look(100, 250);
    assert_int_equal(vga_mapcache_invalidate(&cache), 0);
    assert_int_equal(count(MAPPED), 0);
    assert_int_equal(vga_mapcache_mapped(&cache), 0);
    assert_int_equal(cache.stats.invalidations, 1);
    /* Nothing mapped: nothing counted. */
    assert_int_equal(vga_mapcache_invalidate(&cache), 0);
    assert_int_equal(cache.stats.invalidations, 1);
    /* VRAM moved: its frames are found at the new place. */
    vram_at(600);
    look(600, 700);
    assert_int_equal(cache.stats.misses, 3);
}

static void test_placeholders(void **state)
{
    (void)state;
    assert_int_equal(vga_mapcache_placeholders(&cache), 0);
    assert_int_equal(count(PLACEHOLDER), VGA_MAPCACHE_FRAMES);
    /* Real frames over placeholders; the cut piece leaves some behind. */
    look(100, 100);
    look(100, 299);
    assert_int_equal(count(MAPPED), 72);
    assert_int_equal(count(PLACEHOLDER), VGA_MAPCACHE_FRAMES - 72);
    /* Invalidated: what was mapped is empty, placeholders stay. */
    assert_int_equal(vga_mapcache_invalidate(&cache), 0);
    assert_int_equal(count(EMPTY), 72);
    /* Filled again: every slot's empty frames get placeholders. */
    assert_int_equal(vga_mapcache_placeholders(&cache), 0);
    assert_int_equal(count(PLACEHOLDER), VGA_MAPCACHE_FRAMES);
    look(100, 299);
    /* Torn down: the window is empty, and unmap was never refused. */
    assert_int_equal(vga_mapcache_teardown(&cache), 0);
    assert_int_equal(count(EMPTY), VGA_MAPCACHE_FRAMES);
    assert_int_equal(vga_mapcache_teardown(&cache), 0);
}

static void test_failures(void **state)
{
    uint64_t dm_gfn = 0;

    (void)state;
    /* A map refused: an error, nothing mapped, the next try maps. */
    fake.fail_map = -XEN_ENOMEM;
    assert_int_equal(
        vga_mapcache_lookup(&cache, 100, 100, VRAM_FRAMES, &dm_gfn),
        -XEN_ENOMEM);
    assert_int_equal(count(MAPPED), 0);
    look(100, 100);
    /* A region that is not the target's memory: -ENXIO, nothing mapped. */
    assert_int_equal(vga_mapcache_lookup(&cache, 500, 500, 10, &dm_gfn),
                     -XEN_ENXIO);
    assert_int_equal(count(MAPPED), 64);
    /* An unmap refused: the slot is stale, never a hit... */
    fake.fail_unmap = -XEN_EPERM;
    assert_int_equal(vga_mapcache_invalidate(&cache), -XEN_EPERM);
    assert_int_equal(count(MAPPED), 64);
    assert_true(cache.slot[0].stale);
    dm_gfn = look(100, 100);
    assert_int_not_equal(dm_gfn, WINDOW); /* another slot */
    /* ...and unmapped when the cache tries again. */
    assert_int_equal(vga_mapcache_invalidate(&cache), 0);
    assert_int_equal(count(MAPPED), 0);
    assert_false(cache.slot[0].stale);
}

static void test_checksum(void **state)
{
    static uint8_t flat[VRAM_FRAMES * FRAME];
    const uint64_t bytes = 640 * 480 * 2 + 100; /* not whole frames */
    uint32_t crc = 1;
    uint64_t failed = 0;

    (void)state;
    for (int f = 0; f < VRAM_FRAMES; f++)
        memcpy(flat + f * FRAME, fake.frames[f], FRAME);
    assert_int_equal(
        vga_mapcache_checksum(&cache, 100, VRAM_FRAMES, bytes, &crc, &failed),
        0);
    assert_int_equal(crc, crc32_iso(0, flat, bytes));
    /* Again: every lookup a hit. */
    assert_int_equal(
        vga_mapcache_checksum(&cache, 100, VRAM_FRAMES, bytes, &crc, &failed),
        0);
    assert_int_equal(crc, crc32_iso(0, flat, bytes));
    assert_int_equal(cache.stats.misses, 3); /* 151 frames: 3 pieces */
    /* VRAM moved (its frames with it) and the cache invalidated. */
    vram_at(700);
    assert_int_equal(vga_mapcache_invalidate(&cache), 0);
    assert_int_equal(
        vga_mapcache_checksum(&cache, 700, VRAM_FRAMES, bytes, &crc, &failed),
        0);
    assert_int_equal(crc, crc32_iso(0, flat, bytes));
    assert_int_equal(cache.stats.misses, 6);
    /* The whole of VRAM; more than VRAM is refused. */
    assert_int_equal(vga_mapcache_checksum(&cache, 700, VRAM_FRAMES,
                                           sizeof(flat), &crc, &failed),
                     0);
    assert_int_equal(crc, crc32_iso(0, flat, sizeof(flat)));
    assert_int_equal(vga_mapcache_checksum(&cache, 700, VRAM_FRAMES,
                                           sizeof(flat) + 1, &crc, &failed),
                     -XEN_EINVAL);
    /* A map refused half-way: the frame it was for is named. */
    assert_int_equal(vga_mapcache_invalidate(&cache), 0);
    vram_at(100);
    fake.target_p2m[100 + 130] = -1;
    assert_int_equal(
        vga_mapcache_checksum(&cache, 100, VRAM_FRAMES, bytes, &crc, &failed),
        -XEN_ENXIO);
    assert_int_equal(failed, 100 + 128);
    /* Nothing at all: CRC of nothing. */
    assert_int_equal(
        vga_mapcache_checksum(&cache, 100, VRAM_FRAMES, 0, &crc, &failed), 0);
    assert_int_equal(crc, 0);
}

/* Random lookups, moves and invalidations: every answer right. */
static void test_random(void **state)
{
    uint64_t base = 100;

    (void)state;
    srand(11);
    vga_mapcache_placeholders(&cache);
    for (int round = 0; round < 20000; round++) {
        int r = rand() % 100;

        if (r < 2) {
            base = (uint64_t)(rand() % (TARGET_GFNS - VRAM_FRAMES));
            vram_at(base);
            assert_int_equal(vga_mapcache_invalidate(&cache), 0);
        } else if (r < 3) {
            fake.fail_map = -XEN_ENOMEM;
            vga_mapcache_lookup(&cache, base, base, VRAM_FRAMES,
                                &(uint64_t){0});
            fake.fail_map = 0;
        } else {
            look(base, base + (uint64_t)(rand() % VRAM_FRAMES));
        }
        assert_true(count(MAPPED) <= VGA_MAPCACHE_FRAMES);
    }
    assert_int_equal(vga_mapcache_teardown(&cache), 0);
    assert_int_equal(count(EMPTY), VGA_MAPCACHE_FRAMES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_hits_misses_and_pieces, setup),
        cmocka_unit_test_setup(test_least_recently_used_goes, setup),
        cmocka_unit_test_setup(test_invalidate, setup),
        cmocka_unit_test_setup(test_placeholders, setup),
        cmocka_unit_test_setup(test_failures, setup),
        cmocka_unit_test_setup(test_checksum, setup),
        cmocka_unit_test_setup(test_random, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
