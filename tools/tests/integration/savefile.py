# SPDX-License-Identifier: GPL-2.0-only
"""Save files written in Python from the spec alone
(docs/specs/live-update-stream.md), for the tests of `xl restore`: a small
domain the hypervisor must accept, and the same made bad in the ways a
file goes bad (cut short, another version, a live-update stream); and one
whose device model was dom0's bankvga display, its VRAM a region in its
hole and the display's registers in a DM_STATE record (their layout from
docs/designs/physmap-and-memory-maps.md).  Being a second, independent
writer, it also checks that the spec says enough to write one.
"""

import struct

SAVE_FILE = 1  # LU_HDR_SAVE_FILE
INVALID = 0xffffffffffffffff
PAGE = 4096

END, HYPERVISOR, DOMAIN, P2M, VCPU, EVTCHN = 0, 1, 4, 6, 7, 8
PHYSMAP, MEMMAP, PAGE_DATA, DM_STATE = 0x8000000b, 0x8000000c, 0xd, 0x8000000e
DOMID_INVALID = 0x7ff4
BANKVGA_MAGIC = 0x53475642  # "BVGS"
P2M_RAM, P2M_SPECIAL = 1, 2
MEMMAP_RAM, MEMMAP_MMIO = 1, 3


def _crc_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82f63b78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _crc_table()


def crc32c(data):
    """CRC-32C (section 2)."""
    crc = 0xffffffff
    for byte in data:
        crc = (crc >> 8) ^ _TABLE[(crc ^ byte) & 0xff]
    return crc ^ 0xffffffff


def header(major=1, minor=0, flags=SAVE_FILE):
    """The 96-byte stream header (section 5)."""
    fields = [b"XLSTREAM", major, minor, 96, flags, 0,
              b"python".ljust(40, b"\0"), b"savefile.py".ljust(32, b"\0")]
    raw = struct.pack("<8sHHIII40s32s", *fields)
    fields[5] = crc32c(raw)
    return struct.pack("<8sHHIII40s32s", *fields)


def record(rtype, payload, index):
    """A record: header, payload, padding (section 6)."""
    head = struct.pack("<IIII", rtype, len(payload), 0, index)
    crc = crc32c(head + payload)
    pad = b"\0" * (-len(payload) % 8)
    return struct.pack("<IIII", rtype, len(payload), crc, index) + \
        payload + pad


def stream(records, **header_args):
    """A whole stream of (type, payload) records, END added."""
    out = header(**header_args)
    for index, (rtype, payload) in enumerate([*records, (END, b"")]):
        out += record(rtype, payload, index)
    return out


def small_domain(name, domid=9, dm_domid=DOMID_INVALID, vram=b"",
                 vram_gfn=0xf0000):
    """The records of a domain of two frames of RAM and one vCPU that never
    ran, its shared info page after its RAM, the default MMIO hole; with
    vram (whole pages), a device-model region "vram" of those frames at
    vram_gfn in the hole, as a VGA's device model places it."""
    nr_vram = len(vram) // PAGE
    frames = 2 + nr_vram
    head = struct.pack("<H6x", domid)
    dom = struct.pack("<HHIIIQQIIQQQ64s8I", domid, dm_domid, 0, 0, 0, frames,
                      frames, 1, 0, 2, 1, 0, name.encode(), *[0] * 8)
    p2m = head + struct.pack("<QQII", 0, INVALID, 2, P2M_RAM) + \
        struct.pack("<QQII", 2, INVALID, 1, P2M_SPECIAL)
    vcpu = struct.pack("<HHIII", domid, 0, 0, 0, 0).ljust(760, b"\0")
    evtchn = struct.pack("<HHI", domid, 0, 64)
    memmap = struct.pack("<HHIQ", domid, 0, 0, 1) + \
        struct.pack("<QQII", 0, 2 * PAGE, MEMMAP_RAM, 0) + \
        struct.pack("<QQII", 0xf0000000, 0x10000000, MEMMAP_MMIO, 0)
    pages = struct.pack("<HHIQ", domid, 0, 2, 0) + bytes(range(256)) * 32
    hypervisor = bytes(80)
    if not nr_vram:
        return [(HYPERVISOR, hypervisor), (DOMAIN, dom), (P2M, p2m),
                (VCPU, vcpu), (EVTCHN, evtchn), (MEMMAP, memmap),
                (PAGE_DATA, pages)]
    p2m += struct.pack("<QQII", vram_gfn, INVALID, nr_vram, P2M_RAM)
    region = head + struct.pack("<16sQQQQ", b"vram", vram_gfn, len(vram),
                                INVALID, 0)
    vram_pages = struct.pack("<HHIQ", domid, 0, nr_vram, vram_gfn) + vram
    return [(HYPERVISOR, hypervisor), (DOMAIN, dom), (P2M, p2m),
            (VCPU, vcpu), (EVTCHN, evtchn), (PHYSMAP, region),
            (MEMMAP, memmap), (PAGE_DATA, pages), (PAGE_DATA, vram_pages)]


def running_vcpu(domid, rip=0x1000, rsp=0x2000, mxcsr=0x1f80):
    """The payload of a VCPU record (section 8) of an initialised vCPU:
    ring 3 selectors, interrupts on, the default FPU state but for
    mxcsr."""
    regs = [0] * 7 + [rsp] + [0] * 8
    fxsave = struct.pack("<H22xI", 0x37f, mxcsr).ljust(512, b"\0")
    return struct.pack("<HHIII16Q4Q4QII8I", domid, 0, 0, 1, 0, *regs, rip,
                       0x202, 0x33, 0x2b, 0, 0, 0, 0, 0, 0,
                       *[0] * 8) + fxsave


def with_vcpu(records, payload):
    """records with the VCPU record's payload replaced."""
    return [(t, payload if t == VCPU else p) for t, p in records]


def dm_state(domid, kind, version, state):
    """A DM_STATE record: a device model's state (section 8)."""
    return (DM_STATE, struct.pack("<HHI16s", domid, 0, version,
                                  kind.encode()) + state)


def bankvga_state(vram_bytes, mode, frames=0, magic=BANKVGA_MAGIC,
                  version=1):
    """The bankvga display's registers as its device model saves them:
    twelve little-endian words -- magic, version, VRAM size, INDEX, the
    mode asked for and the mode shown (width, height, bpp), STATUS,
    FRAMES."""
    width, height, bpp = mode
    return struct.pack("<12I", magic, version, vram_bytes, 0, width, height,
                       bpp, width, height, bpp, 0, frames)


def record_offsets(data):
    """Where each record of a stream starts."""
    offsets, off = [], struct.unpack_from("<I", data, 12)[0]
    while off + 16 <= len(data):
        offsets.append(off)
        length = struct.unpack_from("<I", data, off + 4)[0]
        off += 16 + length + (-length % 8)
    return offsets
