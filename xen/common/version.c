/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot banner.  The build id is the GNU build-id note the linker
 * computes over the image (--build-id=sha1), read back from the image.
 */
#include <xen/compile.h>
#include <xen/lib.h>
#include <xen/string.h>
#include <xen/version.h>

#define NT_GNU_BUILD_ID 3

struct elf_note_header {
    uint32_t namesz;
    uint32_t descsz;
    uint32_t type;
    char name[4]; /* "GNU\0"; the descriptor follows */
};

extern const char __note_gnu_build_id_start[], __note_gnu_build_id_end[];

static char build_id_hex[2 * 32 + 1];

const char *xen_build_id(void)
{
    return build_id_hex;
}

static void print_build_id(void)
{
    const char *note = __note_gnu_build_id_start;
    size_t size = __note_gnu_build_id_end - note;
    const uint8_t *desc = (const uint8_t *)note + sizeof(struct elf_note_header);
    struct elf_note_header h;
    char *hex = build_id_hex;
    unsigned int i;

    if (size < sizeof(h))
        goto unavailable;
    memcpy(&h, note, sizeof(h));
    if (h.type != NT_GNU_BUILD_ID || h.namesz != 4 || h.descsz > 32 ||
        sizeof(h) + h.descsz > size)
        goto unavailable;
    for (i = 0; i < h.descsz; i++) {
        hex[2 * i] = "0123456789abcdef"[desc[i] >> 4];
        hex[2 * i + 1] = "0123456789abcdef"[desc[i] & 0xf];
    }
    hex[2 * i] = '\0';
    printk("build-id: %s\n", hex);
    return;

 unavailable:
    memcpy(build_id_hex, "unavailable", sizeof("unavailable"));
    printk(XENLOG_WARNING "build-id: unavailable\n");
}

void version_print_banner(void)
{
    printk("Xen-LU version " XEN_VERSION_STRING " (" XEN_COMPILER
           ") debug=" XEN_DEBUG_BUILD " " XEN_COMPILE_DATE "\n");
    printk("Latest ChangeSet: " XEN_CHANGESET "\n");
    print_build_id();
}

const char *xen_version_string(void)
{
    return XEN_VERSION_STRING;
}
