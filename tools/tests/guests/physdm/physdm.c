/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * physdm: a device model that follows its target's memory map
 * (docs/designs/physmap-and-memory-maps.md).
 *
 * Property checked: the device model reads the map the hypervisor owns for
 * its target (XEN_DMOP_get_memory_map) instead of computing one, and is
 * told whenever it changes (XEN_DMOP_watch_memory_map): after the target
 * relocates RAM to grow its MMIO hole, an event arrives and the map read
 * then has a higher generation and the bigger hole.  The map is printed,
 * `physdm: TYPE START-END` a range, at every generation, for the test to
 * compare with what the target prints.
 *
 * Command line: target=<domid> [changes=N].  physdm waits (up to 20 s) for
 * the target to exist -- it must have been created with
 * device_model_domid = physdm's id -- watches its map, claims ports
 * 0x520-0x523 and serves them through the ioreq page: a read of 0x520
 * returns the last map generation physdm saw, anything else reads as all
 * ones.  The target (memmap with `dm`) uses that to know physdm has seen
 * its map.  First it checks the dm_ops refuse what they must: a second
 * watch (-EEXIST), a map buffer too small (-E2BIG, with the count), a bad
 * pointer (-EFAULT); and nothing may be put in its own RAM, where a
 * relocation would carry it off: the ioreq page onto a frame of its RAM
 * given back is refused (-EINVAL), and a relocation of its RAM with a
 * placeholder in it, or a frame given back, too (-EBUSY; with more than
 * 64 MiB of RAM, else a relocation is refused anyway).
 *
 * With vram=<MiB> vram_at=<addr> rom_at=<addr> it also places regions of
 * the target's frames in the target's MMIO hole (XEN_DMOP_physmap_add):
 * "vram" of that size and "rom" (64 KiB), after adds that must be refused
 * (bad names and sizes, outside the hole, on a reserved range, on the
 * target's shared info page, a name taken, more than 8 regions: six small
 * ones just below "rom" fill the slots) and moves that must be refused (no
 * such region, onto another region).  Then, like a VGA device's linear
 * bank base register, a write of a frame number to port 0x521 moves "vram"
 * there (XEN_DMOP_physmap_move); a read of 0x522 returns what the last
 * move returned (0 or -errno) and of 0x523 the frame "vram" is at
 * (XEN_DMOP_physmap_query).
 *
 * Foreign mappings (XEN_DMOP_map_foreign): after the ones that must be
 * refused -- no frames, too many, unknown flags, over its own RAM, onto
 * its own reserved range, of the target's shared info page, hole or
 * reserved range (-ENXIO), of the control domain's memory, of its own, of
 * a domain that does not exist -- and a placeholder replaced by a real
 * mapping, it serves ports: a write of a frame number to 0x524 maps that
 * frame of the target at a slot of its own (dropping what was there) and
 * reads its first word, which 0x525 returns, and 0x526 the result; a
 * write of 0 to 0x527 reads the word again through the mapping, of 1
 * unmaps it.  When the target has gone it reads through its mapping once
 * more: a placeholder now, so no fault.
 *
 * With attach, it takes over a target that was restored from a save file
 * (docs/designs/save-restore.md) instead: the regions are there already,
 * so it places none and tries no refusals; it maps placeholders where it
 * will want vram (XEN_DMOP_FOREIGN_PLACEHOLDER), learns where the regions
 * are (XEN_DMOP_physmap_query, printed as above), maps vram's frames over
 * the placeholders and prints the word it reads there; the ioreq page it
 * gets is the one the target has, with any request that waits in it, and
 * the port ranges it claims are claimed already.  Then it serves as above.
 *
 * When the target has gone its ioreq page, still at the same place of
 * ours, must read as a placeholder (zeros) rather than fault.
 *
 * It ends when the target has gone: SUCCESS if it saw at least N changes
 * (default 0), each with a higher generation; FAILURE if it saw fewer or a
 * generation went back, or an operation was not refused as it should;
 * ERROR if no target came.
 */
#include <public/errno.h>

#include "guest.h"

const char test_title[] = "physdm";

#define MS           1000000ull
#define WAIT_TARGET  (20000 * MS)
#define PORT_FIRST   0x520
#define PORT_LAST    0x527
#define PORT_GEN     0x520
#define PORT_BANK    0x521 /* write: move "vram" to this frame */
#define PORT_RESULT  0x522 /* read: the last move's result */
#define PORT_VRAM    0x523 /* read: the frame "vram" is at */
#define PORT_MAP     0x524 /* write: map this frame of the target, read it */
#define PORT_WORD    0x525 /* read: the word read through the mapping */
#define PORT_FOREIGN 0x526 /* read: the last mapping operation's result */
#define PORT_AGAIN   0x527 /* write 0: read again; 1: unmap */
#define ROM_SIZE     (64ull << 10)
#define GFN_4G       (1ull << 20)

static const char *const type_names[] = {"?", "RAM", "RESERVED", "MMIO",
                                         "RDM"};

static domid_t target;
static uint64_t vram_bytes, vram_at, rom_at;
static evtchn_port_t ioreq_port, map_port;
static struct ioreq_page *ioreq_page;
static struct xen_e820_entry map[XEN_MEMMAP_MAX_ENTRIES];
static unsigned int nr_map;
static uint64_t generation, changes;
static int32_t last_move, last_foreign;
static uint32_t last_word;
static uint64_t slot;       /* our frame where the target's frame is mapped */
static bool slot_mapped;

static long dm_op(struct xen_dm_op *op, uint32_t cmd)
{
    op->op = cmd;
    op->domid = target;
    return hypervisor_dm_op(op);
}

/* The target's map into map[]; returns the dm_op's result. */
static long map_read(void)
{
    static struct xen_dm_op op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.u.memory_map.nr_entries = XEN_MEMMAP_MAX_ENTRIES;
    op.u.memory_map.buffer = (uintptr_t)map;
    if ((rc = dm_op(&op, XEN_DMOP_get_memory_map)) < 0)
        return rc;
    nr_map = op.u.memory_map.nr_entries;
    if (op.u.memory_map.generation < generation)
        test_failure("the map's generation went back from %lu to %lu",
                     (unsigned long)generation,
                     (unsigned long)op.u.memory_map.generation);
    changes += generation && op.u.memory_map.generation > generation;
    generation = op.u.memory_map.generation;
    return 0;
}

static void map_print(void)
{
    unsigned int i;

    printf("physdm: dom %u map generation %lu, %u ranges\n", target,
           (unsigned long)generation, nr_map);
    for (i = 0; i < nr_map; i++)
        printf("physdm: %s %#lx-%#lx\n",
               map[i].type < ARRAY_SIZE(type_names) ? type_names[map[i].type]
                                                    : "?",
               (unsigned long)map[i].addr,
               (unsigned long)(map[i].addr + map[i].size - 1));
}

static void expect(const char *what, long rc, long want)
{
    if (rc != want)
        test_failure("%s: %ld, not %ld", what, rc, want);
    printf("physdm: %s: %ld as it should\n", what, rc);
}

/* The dm_ops that must refuse, once the target exists. */
static void refusals(void)
{
    static struct xen_dm_op op;

    memset(&op, 0, sizeof(op));
    expect("a second watch", dm_op(&op, XEN_DMOP_watch_memory_map),
           -XEN_EEXIST);
    memset(&op, 0, sizeof(op));
    op.u.memory_map.nr_entries = 1;
    op.u.memory_map.buffer = (uintptr_t)map;
    expect("a map buffer too small", dm_op(&op, XEN_DMOP_get_memory_map),
           -XEN_E2BIG);
    if (op.u.memory_map.nr_entries != nr_map)
        test_failure("a map buffer too small: told %u entries, not %u",
                     op.u.memory_map.nr_entries, nr_map);
    op.u.memory_map.nr_entries = XEN_MEMMAP_MAX_ENTRIES;
    op.u.memory_map.buffer = 1ull << 46;
    expect("a map buffer at a bad address",
           dm_op(&op, XEN_DMOP_get_memory_map), -XEN_EFAULT);
}

static long physmap_op(uint32_t cmd, const char *name, uint64_t gfn,
                       uint64_t size)
{
    static struct xen_dm_op op;

    memset(&op, 0, sizeof(op));
    memcpy(op.u.physmap.name, name, strnlen(name, XEN_PHYSMAP_NAME_LEN));
    op.u.physmap.gfn = gfn;
    op.u.physmap.size = size;
    return dm_op(&op, cmd);
}

/* The frame region index is at (printed if print); -errno past the last. */
static long physmap_query(unsigned int index, bool print)
{
    static struct xen_dm_op op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.u.physmap.index = index;
    if ((rc = dm_op(&op, XEN_DMOP_physmap_query)) < 0)
        return rc;
    if (print)
        printf("physdm: region %.16s at %#lx, %#lx bytes%s\n",
               op.u.physmap.name,
           (unsigned long)(op.u.physmap.gfn << PAGE_SHIFT),
           (unsigned long)op.u.physmap.size,
           op.u.physmap.dest_gfn == XEN_PHYSMAP_NOT_MOVING ? ""
                                                           : ", moving");
    return (long)op.u.physmap.gfn;
}

/* The end of the target's RAM below its hole, where its shared info is. */
static uint64_t target_low_ram_end(void)
{
    uint64_t end = 0;
    unsigned int i;

    for (i = 0; i < nr_map && map[i].type != XEN_MEMMAP_MMIO; i++)
        if (map[i].type == XEN_MEMMAP_RAM)
            end = map[i].addr + map[i].size;
    return end;
}

static void expect_add(const char *what, const char *name, uint64_t addr,
                       uint64_t size, long want)
{
    char text[80];

    snprintf(text, sizeof(text), "add %s", what);
    expect(text, physmap_op(XEN_DMOP_physmap_add, name, addr >> PAGE_SHIFT,
                            size), want);
}

/* Place "vram" and "rom" after the adds and moves that must be refused. */
static void regions(void)
{
    const char long_name[XEN_PHYSMAP_NAME_LEN] = "abcdefghijklmnop";
    uint64_t vram = vram_bytes;
    uint64_t shinfo = target_low_ram_end();
    char name[8];
    unsigned int i;

    expect_add("with no name", "", vram_at, vram, -XEN_EINVAL);
    expect_add("with a name of 16 characters", long_name, vram_at, vram,
               -XEN_EINVAL);
    expect_add("with a space in the name", "v ram", vram_at, vram,
               -XEN_EINVAL);
    expect_add("of no size", "vram", vram_at, 0, -XEN_EINVAL);
    expect_add("of part of a page", "vram", vram_at, 4097, -XEN_EINVAL);
    expect_add("of 65 MiB", "vram", vram_at, 65ull << 20, -XEN_EINVAL);
    expect_add("on RAM", "vram", 1ull << 20, vram, -XEN_EINVAL);
    expect_add("across 4 GiB", "vram", (GFN_4G << PAGE_SHIFT) - PAGE_SIZE,
               vram, -XEN_EINVAL);
    expect_add("above 4 GiB", "vram", (GFN_4G << PAGE_SHIFT) + (64ull << 30),
               vram, -XEN_EINVAL);
    expect_add("on a reserved range", "vram", 0xfed00000ull - PAGE_SIZE,
               2 * PAGE_SIZE, -XEN_EPERM);
    expect_add("on the shared info page", "vram", shinfo, vram, -XEN_EBUSY);
    expect_add("of vram", "vram", vram_at, vram, 0);
    expect_add("of rom", "rom", rom_at, ROM_SIZE, 0);
    expect_add("of a second vram", "vram", rom_at + ROM_SIZE, PAGE_SIZE,
               -XEN_EEXIST);
    expect_add("on vram", "rom2", vram_at + vram - PAGE_SIZE, ROM_SIZE,
               -XEN_EBUSY);
    for (i = 2; i < 8; i++) {
        snprintf(name, sizeof(name), "r%u", i);
        expect_add("to fill the slots", name, rom_at - i * PAGE_SIZE,
                   PAGE_SIZE, 0);
    }
    expect_add("of a ninth region", "r8", rom_at - 8 * PAGE_SIZE, PAGE_SIZE,
               -XEN_ENOSPC);
    expect("move of no such region",
           physmap_op(XEN_DMOP_physmap_move, "nosuch", vram_at >> PAGE_SHIFT,
                      0), -XEN_ENOENT);
    expect("move of rom onto vram",
           physmap_op(XEN_DMOP_physmap_move, "rom",
                      (vram_at >> PAGE_SHIFT) + 1, 0), -XEN_EBUSY);
    for (i = 0; physmap_query(i, true) >= 0; i++)
        ;
}

static long foreign_op(uint32_t cmd, domid_t dom, uint64_t gfn,
                       uint64_t dm_gfn, uint32_t nr, uint32_t flags)
{
    static struct xen_dm_op op;

    memset(&op, 0, sizeof(op));
    op.op = cmd;
    op.domid = dom;
    op.u.foreign = (struct xen_dm_op_foreign){gfn, dm_gfn, nr, flags};
    return hypervisor_dm_op(&op);
}

/* The word at our slot, which must be mapped (a fault is a FAILURE). */
static uint32_t slot_read(void)
{
    uint8_t b[4];
    unsigned int i;

    for (i = 0; i < 4; i++)
        if (guest_probe((slot << PAGE_SHIFT) + i, false, &b[i]) >= 0)
            test_failure("reading through our mapping at %#lx faulted",
                         (unsigned long)(slot << PAGE_SHIFT));
    return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

static void slot_unmap(void)
{
    last_foreign = (int32_t)foreign_op(XEN_DMOP_unmap_foreign, target, 0,
                                       slot, 1, 0);
    slot_mapped &= last_foreign != 0;
}

/* Port 0x524: map the target's gfn at our slot (instead of what was) and
 * read its first word. */
static void slot_map(uint64_t gfn)
{
    if (slot_mapped)
        slot_unmap();
    last_foreign = (int32_t)foreign_op(XEN_DMOP_map_foreign, target, gfn,
                                       slot, 1, 0);
    slot_mapped = !last_foreign;
    last_word = slot_mapped ? slot_read() : 0xffffffffu;
}

/* A reserved range of our own map, 0 if there is none. */
static uint64_t own_rdm(void)
{
    static struct xen_e820_entry own[XEN_MEMMAP_MAX_ENTRIES];
    long i, n = guest_memmap_read(own, XEN_MEMMAP_MAX_ENTRIES, NULL);

    for (i = 0; i < n; i++)
        if (own[i].type == XEN_MEMMAP_RDM)
            return own[i].addr >> PAGE_SHIFT;
    return 0;
}

/* Give back (cmd XENMEM_decrease_reservation) or take back a frame. */
static long own_frame(unsigned long cmd, uint64_t gfn)
{
    static uint64_t gfns[1];
    static struct xen_memory_reservation r;

    gfns[0] = gfn;
    r = (struct xen_memory_reservation){.extent_start = (uintptr_t)gfns,
                                        .nr_extents = 1,
                                        .domid = DOMID_SELF};
    return hypervisor_memory_op(cmd, &r);
}

/*
 * Nothing the hypervisor knows by its gfn may sit in our RAM, where a
 * relocation would carry it off: with a frame of our RAM given back, the
 * ioreq page may not go there, and a relocation of our RAM with a
 * placeholder there, or with the frame still given back, is refused.  (A
 * relocation needs more than 64 MiB of RAM below the hole.)
 */
static void own_ram_refusals(void)
{
    static struct xen_e820_entry own[XEN_MEMMAP_MAX_ENTRIES];
    static struct xen_memory_relocate r;
    static struct xen_dm_op op;
    uint64_t low = 0, top = GFN_4G, gfn;
    long i, n = guest_memmap_read(own, XEN_MEMMAP_MAX_ENTRIES, NULL);

    for (i = 0; i < n; i++) {
        uint64_t end = (own[i].addr + own[i].size) >> PAGE_SHIFT;

        if (own[i].type == XEN_MEMMAP_RAM && end <= GFN_4G && end > low)
            low = end;
        if (end > top)
            top = end;
    }
    gfn = low - 2; /* below our start info page */
    if (n < 0 || own_frame(XENMEM_decrease_reservation, gfn) != 1)
        test_error("cannot give back our frame %#lx", (unsigned long)gfn);
    memset(&op, 0, sizeof(op));
    op.u.get_ioreq.gfn = gfn;
    expect("the ioreq page onto our RAM, given back",
           dm_op(&op, XEN_DMOP_get_ioreq), -XEN_EINVAL);
    if (low >= (64ull << 8) + 2) {
        r = (struct xen_memory_relocate){gfn, 2, (top + 511) & ~511ull, 0};
        expect("a placeholder onto our RAM, given back",
               foreign_op(XEN_DMOP_map_foreign, target, 0, gfn, 1,
                          XEN_DMOP_FOREIGN_PLACEHOLDER), 0);
        expect("relocation of our RAM with a placeholder in it",
               hypervisor_memory_op(XENMEM_relocate_ram, &r), -XEN_EBUSY);
        expect("unmap of the placeholder",
               foreign_op(XEN_DMOP_unmap_foreign, target, 0, gfn, 1, 0), 0);
        expect("relocation of our RAM with a frame given back",
               hypervisor_memory_op(XENMEM_relocate_ram, &r), -XEN_EBUSY);
    }
    if (own_frame(XENMEM_populate_physmap, gfn) != 1)
        test_error("cannot take our frame %#lx back", (unsigned long)gfn);
}

/* Foreign mappings that must be refused, and a placeholder replaced. */
static void foreign_refusals(domid_t self)
{
    uint64_t shinfo = target_low_ram_end() >> PAGE_SHIFT, rdm = own_rdm();
    const struct {
        const char *what;
        uint32_t cmd;
        domid_t dom;
        uint64_t gfn, dm_gfn;
        uint32_t nr, flags;
        long want;
    } bad[] = {
        {"map of no frames", XEN_DMOP_map_foreign, target, 0x100, slot, 0, 0,
         -XEN_EINVAL},
        {"map of 4097 frames", XEN_DMOP_map_foreign, target, 0x100, slot,
         4097, 0, -XEN_EINVAL},
        {"map with unknown flags", XEN_DMOP_map_foreign, target, 0x100, slot,
         1, 2, -XEN_EINVAL},
        {"map over our own RAM", XEN_DMOP_map_foreign, target, 0x100, 0x100,
         1, 0, -XEN_EBUSY},
        {"map onto our reserved range", XEN_DMOP_map_foreign, target, 0x100,
         rdm, 1, 0, -XEN_EPERM},
        {"map of the target's shared info page", XEN_DMOP_map_foreign,
         target, shinfo, slot, 1, 0, -XEN_ENXIO},
        {"map of the target's hole", XEN_DMOP_map_foreign, target, 0x40000,
         slot, 1, 0, -XEN_ENXIO},
        {"map of the target's reserved range", XEN_DMOP_map_foreign, target,
         0x2000, slot, 1, 0, -XEN_ENXIO},
        {"map of the control domain's memory", XEN_DMOP_map_foreign, 0,
         0x100, slot, 1, 0, -XEN_EPERM},
        {"map of our own memory", XEN_DMOP_map_foreign, self, 0x100, slot, 1,
         0, -XEN_EPERM},
        {"map of a domain that does not exist", XEN_DMOP_map_foreign, 0x7000,
         0x100, slot, 1, 0, -XEN_ESRCH},
        {"unmap of our own RAM", XEN_DMOP_unmap_foreign, target, 0, 0x100, 1,
         0, -XEN_EINVAL},
        {"unmap of nothing", XEN_DMOP_unmap_foreign, target, 0, slot, 1, 0,
         -XEN_EINVAL},
    };
    uint8_t b = 0;
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(bad); i++)
        if (bad[i].dm_gfn) /* no reserved range of our own: skip that one */
            expect(bad[i].what,
                   foreign_op(bad[i].cmd, bad[i].dom, bad[i].gfn,
                              bad[i].dm_gfn, bad[i].nr, bad[i].flags),
                   bad[i].want);
    expect("map of a placeholder",
           foreign_op(XEN_DMOP_map_foreign, target, 0, slot, 1,
                      XEN_DMOP_FOREIGN_PLACEHOLDER), 0);
    if (slot_read() != 0)
        test_failure("a placeholder reads as %#x", slot_read());
    expect("map of the target's RAM over the placeholder",
           foreign_op(XEN_DMOP_map_foreign, target, 0x100, slot, 1, 0), 0);
    expect("unmap", foreign_op(XEN_DMOP_unmap_foreign, target, 0, slot, 1, 0),
           0);
    if (guest_probe(slot << PAGE_SHIFT, false, &b) != 14)
        test_failure("our slot is still mapped after unmap");
}

/*
 * attach: the target's regions are there already.  Placeholders first,
 * where vram will be mapped; then where vram is, and its frames over them.
 */
static void take_over(uint64_t at)
{
    uint64_t vram;
    long rc, i;

    rc = foreign_op(XEN_DMOP_map_foreign, target, 0, at,
                    XEN_DMOP_FOREIGN_MAX, XEN_DMOP_FOREIGN_PLACEHOLDER);
    if (rc < 0)
        test_failure("placeholders for vram: %ld", rc);
    for (i = 0; physmap_query((unsigned int)i, true) >= 0; i++)
        ;
    if ((rc = physmap_query(0, false)) < 0)
        test_failure("dom %u has no region: %ld", target, rc);
    vram = (uint64_t)rc;
    rc = foreign_op(XEN_DMOP_map_foreign, target, vram, at,
                    XEN_DMOP_FOREIGN_MAX, 0);
    if (rc < 0)
        test_failure("vram over its placeholders: %ld", rc);
    slot = at;
    printf("physdm: took dom %u over: vram at %#lx reads %#x through the "
           "placeholders remapped\n", target,
           (unsigned long)(vram << PAGE_SHIFT), slot_read());
    slot = at - 16; /* port 0x524's, clear of vram's */
}

/* Wait for the target; watch its map, claim the ports, map the ioreq page. */
static void setup(const struct start_info *si, bool attach)
{
    static struct xen_dm_op op;
    uint64_t deadline = time_now_ns() + WAIT_TARGET;
    uint64_t gfn = si->shared_info_gfn + 1;
    long rc;

    memset(&op, 0, sizeof(op));
    while ((rc = dm_op(&op, XEN_DMOP_watch_memory_map)) == -XEN_ESRCH) {
        if (time_now_ns() > deadline)
            test_error("no domain %u after 20 s", target);
        hypervisor_yield();
    }
    if (rc < 0)
        test_error("watch_memory_map of dom %u: %ld", target, rc);
    map_port = op.u.watch_memory_map.port;
    memset(&op, 0, sizeof(op));
    op.u.get_ioreq.gfn = gfn;
    if ((rc = dm_op(&op, XEN_DMOP_get_ioreq)) < 0)
        test_error("get_ioreq of dom %u: %ld", target, rc);
    ioreq_port = op.u.get_ioreq.port;
    ioreq_page = (struct ioreq_page *)(uintptr_t)(gfn << PAGE_SHIFT);
    if ((rc = map_read()) < 0)
        test_error("get_memory_map of dom %u: %ld", target, rc);
    map_print();
    slot = gfn + 16; /* past the ioreq page */
    if (attach) {
        take_over(gfn + 32);
    } else {
        refusals();
        own_ram_refusals();
        if (vram_bytes)
            regions();
        foreign_refusals(si->domid);
    }
    memset(&op, 0, sizeof(op));
    op.u.io_range.first = PORT_FIRST;
    op.u.io_range.last = PORT_LAST;
    if ((rc = dm_op(&op, XEN_DMOP_map_io_range)) < 0)
        test_error("map_io_range of dom %u: %ld", target, rc);
    printf("physdm: serving dom %u, map events on port %u\n", target,
           map_port);
}

static uint32_t port_read(uint64_t port)
{
    switch (port) {
    case PORT_GEN:
        return (uint32_t)generation;
    case PORT_RESULT:
        return (uint32_t)last_move;
    case PORT_VRAM:
        return vram_bytes ? (uint32_t)physmap_query(0, false) : 0xffffffffu;
    case PORT_WORD:
        return last_word;
    case PORT_FOREIGN:
        return (uint32_t)last_foreign;
    default:
        return 0xffffffffu;
    }
}

/* Answer every request that is READY; true if there was one. */
static bool serve(void)
{
    static struct evtchn_send send;
    bool any = false;
    unsigned int i;

    for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++) {
        struct ioreq *req = &ioreq_page->vcpu_ioreq[i];

        if (__atomic_load_n(&req->state, __ATOMIC_ACQUIRE) !=
            IOREQ_STATE_READY)
            continue;
        req->state = IOREQ_STATE_INFLIGHT;
        if (req->dir == IOREQ_DIR_READ)
            req->data = port_read(req->addr);
        else if (req->addr == PORT_BANK)
            last_move = (int32_t)physmap_op(XEN_DMOP_physmap_move, "vram",
                                            (uint32_t)req->data, 0);
        else if (req->addr == PORT_MAP)
            slot_map((uint32_t)req->data);
        else if (req->addr == PORT_AGAIN && req->data == 1)
            slot_unmap();
        else if (req->addr == PORT_AGAIN && slot_mapped)
            last_word = slot_read();
        __atomic_store_n(&req->state, IOREQ_STATE_RESPONSE, __ATOMIC_RELEASE);
        any = true;
    }
    if (any) {
        send.port = ioreq_port;
        hypervisor_event_channel_op(EVTCHNOP_send, &send);
    }
    return any;
}

/*
 * Whether the target is still there, without reading its map: the map is
 * read only when an event says it changed, so that a change found any
 * other way is not counted as told.
 */
static bool target_alive(void)
{
    static struct xen_dm_op op;

    memset(&op, 0, sizeof(op)); /* no room: -E2BIG while it exists */
    return dm_op(&op, XEN_DMOP_get_memory_map) != -XEN_ESRCH;
}

/* Until the target goes: follow its map and answer its port I/O. */
static void run(void)
{
    static evtchn_port_t ports[2];
    static struct sched_poll poll;

    ports[0] = map_port;
    ports[1] = ioreq_port;
    for (;;) {
        poll = (struct sched_poll){.ports = (uintptr_t)ports, .nr_ports = 2,
                                   .timeout = time_now_ns() + 500 * MS};
        hypervisor_sched_op(SCHEDOP_poll, &poll);
        if (event_test_and_clear(map_port)) {
            if (map_read() < 0)
                return;
            map_print();
        }
        if (event_test_and_clear(ioreq_port))
            serve();
        if (!target_alive())
            return;
    }
}

/* Our ioreq page of the target, now gone, is a placeholder: no fault. */
static void ioreq_page_after(void)
{
    uint8_t b = 0xff;

    if (guest_probe((uintptr_t)ioreq_page, false, &b) >= 0)
        test_failure("reading our ioreq page of dom %u after it went "
                     "faulted", target);
    printf("physdm: our ioreq page of dom %u reads %#x after it went\n",
           target, b);
}

void test_main(const struct start_info *si)
{
    bool ok_target, ok_changes;
    uint64_t t = cmdline_get_u64("target", DOMID_INVALID, &ok_target);
    uint64_t want = cmdline_get_u64("changes", 0, &ok_changes);
    bool ok_vram, ok_at, ok_rom;

    vram_bytes = cmdline_get_u64("vram", 0, &ok_vram) << 20;
    vram_at = cmdline_get_u64("vram_at", 0, &ok_at);
    rom_at = cmdline_get_u64("rom_at", 0, &ok_rom);
    if (!ok_target || t >= DOMID_FIRST_RESERVED || t == si->domid ||
        !ok_changes || !ok_vram || !ok_at || !ok_rom ||
        (vram_bytes && (!vram_at || !rom_at)))
        test_error("target=<domid> [changes=N] [vram=<MiB> vram_at=<addr> "
                   "rom_at=<addr>] [attach] expected");
    target = t;
    if (guest_probe_install() < 0)
        test_error("set_trap_table refused");
    setup(si, cmdline_has("attach"));
    run();
    if (slot_mapped)
        printf("physdm: our mapping of dom %u reads %#x after it went\n",
               target, slot_read()); /* a placeholder: no fault */
    ioreq_page_after();
    printf("physdm: dom %u has gone; %lu map changes seen, generation %lu\n",
           target, (unsigned long)changes, (unsigned long)generation);
    if (changes < want)
        test_failure("saw %lu map changes, not at least %lu",
                     (unsigned long)changes, (unsigned long)want);
    test_success();
}
