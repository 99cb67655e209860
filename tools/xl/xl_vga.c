/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl and the bankvga display (public/io/bankvga.h), whose device model
 * runs here in dom0 (tools/libs/vgadm): starting it for `xl create` of a
 * config with `vga = "bankvga"`; its registers in save files and taking
 * a restored domain over (xl_vga_dm, for xl_dm.c); and `xl vga-checksum
 * DOM`, which has it render the framebuffer the guest programmed and
 * prints its checksum and where VRAM is.
 */
#include <vgadm.h> /* tools/libs/vgadm */

#include "xl_internal.h"

int xl_vga_start(const char *name, domid_t domid, uint32_t videoram_mib)
{
    struct vgadm_info info;
    char err[160];
    int rc;

    /* Not running while its device is set up: its first access works. */
    if ((rc = xc_domain_pause(domid)) < 0)
        err[0] = '\0';
    else
        rc = vgadm_create(domid, videoram_mib << 20, &info, err, sizeof(err));
    if (rc < 0) {
        printf("xl: create: domain '%s' (%u): cannot start its VGA device "
               "model%s%s: %s (%d)\n",
               name, (unsigned int)domid, err[0] ? ": " : "", err,
               util_strerror(rc), rc);
        xc_domain_destroy(domid);
        return XL_EXIT_FAIL;
    }
    printf("VGA: bankvga, %u MiB of VRAM at %#lx, its device model in dom0 "
           "(serving %u of %u)\n",
           videoram_mib, (unsigned long)info.vram_addr, info.nr_served,
           VGADM_MAX_TARGETS);
    xc_domain_unpause(domid);
    return XL_EXIT_OK;
}

/* The registers of domid's display, if dom0 serves it: bytes, or 0. */
static int xl_vga_save(domid_t domid, void *buf, size_t len)
{
    return vgadm_serves(domid) ? vgadm_save_state(domid, buf, len) : 0;
}

static int xl_vga_attach(const struct xc_restored *r, const void *state,
                         size_t len, char *msg, size_t msg_len)
{
    struct vgadm_info info;
    int rc = vgadm_attach(r->domid, state, len, &info, msg, msg_len);

    if (!rc)
        snprintf(msg, msg_len, "%u MiB of VRAM at %#lx (serving %u of %u)",
                 info.vram_bytes >> 20, (unsigned long)info.vram_addr,
                 info.nr_served, VGADM_MAX_TARGETS);
    return rc;
}

const struct xl_dm xl_vga_dm = {
    .kind = "bankvga",
    .version = VGADM_STATE_VERSION,
    .save = xl_vga_save,
    .check = vgadm_check_attach,
    .attach = xl_vga_attach,
};

static void xl_vga_print(const struct xc_dominfo *info,
                         const struct vgadm_frame *f)
{
    uint64_t lookups = f->hits + f->misses;

    printf("Domain %u (%s): frame %u\n", (unsigned int)info->domid, info->name,
           f->frame);
    if (f->mode.bpp)
        printf("  mode       %ux%u, %u bpp, pitch %u, %lu bytes\n",
               f->mode.width, f->mode.height, f->mode.bpp, f->pitch,
               (unsigned long)f->fb_bytes);
    else
        printf("  mode       off\n");
    printf("  vram       %#lx, %u MiB\n", (unsigned long)f->vram_addr,
           f->vram_bytes >> 20);
    if (f->mode.bpp)
        printf("  checksum   %#010x\n", f->checksum);
    else
        printf("  checksum   none (nothing shown)\n");
    printf("  map cache  %lu lookups: %lu hits, %lu misses; %u of %u slots "
           "mapped\n",
           (unsigned long)lookups, (unsigned long)f->hits,
           (unsigned long)f->misses, f->slots_mapped, f->slots);
    printf("  memory map generation %lu\n", (unsigned long)f->map_generation);
}

/* `xl vga-checksum DOM` */
int xl_cmd_vga_checksum(int argc, char **argv)
{
    struct xc_dominfo info;
    struct vgadm_frame frame;
    char err[160];
    int rc;

    if (xl_check_args(argc, argv, 1, &rc))
        return rc;
    if ((rc = xl_resolve_domain("vga-checksum", argv[1], &info)))
        return rc;
    if (!vgadm_serves(info.domid)) {
        printf("xl: vga-checksum: domain %s (%u) has no VGA (its config "
               "has no vga = \"bankvga\")\n",
               info.name, (unsigned int)info.domid);
        return XL_EXIT_FAIL;
    }
    if ((rc = vgadm_render(info.domid, &frame, err, sizeof(err))) < 0) {
        printf("xl: vga-checksum: domain %s (%u): %s: %s (%d)\n", info.name,
               (unsigned int)info.domid, err, util_strerror(rc), rc);
        return XL_EXIT_FAIL;
    }
    xl_vga_print(&info, &frame);
    return XL_EXIT_OK;
}
