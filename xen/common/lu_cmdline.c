/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The command line a live update hands its successor.  The options of
 * this boot carry over -- the successor must treat the same bad pages and
 * use the same console -- except the ones that describe this boot only
 * (the region's placement, which the successor is told exactly, and the
 * test options lu_bootmem_only, selftest=, lu_debug_corrupt=,
 * lu_debug_forge= and lu_debug_stuck=).  Then come the options appended for the successor
 * alone (`xl live-update --append`), checked before anything stops: a
 * command line the successor cannot read would cost every domain.
 *
 * Options are words split as the successor's parser splits them
 * (docs/misc/xen-command-line.md): separators are blanks, and a value that
 * starts with a double quote runs to the next one.  Portable.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/lu_cmdline.h>
#include <xen/param.h>
#include <xen/stdio.h>
#include <xen/string.h>

static const char *const lu_boot_only_options[] = {
    "liveupdate", "lu_bootmem_only", "selftest", "lu_debug_corrupt",
    "lu_debug_forge", "lu_debug_stuck",
};

/*
 * The length of the option word at p; *open is set if its quoted value
 * has no closing quote (the word then runs to the end of the line).
 */
static size_t lu_word_len(const char *p, bool *open)
{
    const char *q = p, *eq = NULL, *close;

    *open = false;
    while (*q && !cmdline_is_blank(*q)) {
        if (*q == '=' && !eq) {
            eq = q;
            if (q[1] == '"') {
                if (!(close = strchr(q + 2, '"'))) {
                    *open = true;
                    return strlen(p);
                }
                q = close;
            }
        }
        q++;
    }
    return (size_t)(q - p);
}

/* True if the word (len bytes) sets option name: `name` or `name=...`. */
static bool lu_word_is(const char *word, size_t len, const char *name)
{
    size_t n = strlen(name);

    return len >= n && !strncmp(word, name, n) &&
           (len == n || word[n] == '=');
}

static bool lu_boot_only(const char *word, size_t len)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(lu_boot_only_options); i++)
        if (lu_word_is(word, len, lu_boot_only_options[i]))
            return true;
    return false;
}

int lu_cmdline_check_append(const char *opts, size_t len)
{
    size_t i, n;
    bool open;

    for (i = 0; i < len; i++)
        if (opts[i] < 0x20 || opts[i] > 0x7e) {
            printk(XENLOG_ERR "Live update: appended options: byte %zu "
                   "(0x%02x) is not a printable character\n", i,
                   (unsigned int)(unsigned char)opts[i]);
            return -EINVAL;
        }
    for (i = 0; i < len; i += n) {
        while (i < len && opts[i] == ' ')
            i++;
        if (i == len)
            break;
        n = lu_word_len(opts + i, &open);
        if (open) {
            printk(XENLOG_ERR "Live update: appended options: the quote in "
                   "'%.*s' is not closed\n", (int)(len - i), opts + i);
            return -EINVAL;
        }
        if (lu_word_is(opts + i, n, "liveupdate")) {
            printk(XENLOG_ERR "Live update: appended options: liveupdate= "
                   "is the update's to set\n");
            return -EINVAL;
        }
    }
    return 0;
}

/* out as it is being filled; len counts what did not fit too. */
struct lu_line {
    char *out;
    size_t size, len;
};

static void lu_line_put(struct lu_line *l, const char *s, size_t n)
{
    if (l->len + n < l->size)
        memcpy(l->out + l->len, s, n);
    l->len += n;
}

/*
 * The words of line that drop (if given) does not drop, each followed by a
 * blank.  A word whose quote is not closed is left out: this boot's parser
 * refused it and everything after it, and passed on it would swallow the
 * options that follow it.
 */
static void lu_line_words(struct lu_line *l, const char *line,
                          bool (*drop)(const char *, size_t))
{
    const char *p = line;
    size_t n;
    bool open;

    while (*p) {
        while (cmdline_is_blank(*p))
            p++;
        if (!*p)
            break;
        n = lu_word_len(p, &open);
        if (open) {
            printk(XENLOG_WARNING "Live update: '%s' is not passed on: its "
                   "quote is not closed\n", p);
            break;
        }
        if (!drop || !drop(p, n)) {
            lu_line_put(l, p, n);
            lu_line_put(l, " ", 1);
        }
        p += n;
    }
}

int lu_cmdline_build(char *out, size_t size, const char *cmdline,
                     const char *append, uint64_t region_bytes,
                     uint64_t region_addr)
{
    struct lu_line l = {.out = out, .size = size};
    char region[48];

    lu_line_words(&l, cmdline, lu_boot_only);
    lu_line_words(&l, append, NULL);
    snprintf(region, sizeof(region), "liveupdate=%lu@%#lx",
             (unsigned long)region_bytes, (unsigned long)region_addr);
    lu_line_put(&l, region, strlen(region));
    if (l.len >= size) {
        printk(XENLOG_ERR "Live update: the next hypervisor's command line "
               "would take %zu bytes; it has room for %zu\n", l.len,
               size ? size - 1 : 0);
        if (size)
            out[0] = '\0';
        return -ENAMETOOLONG;
    }
    out[l.len] = '\0';
    return 0;
}
