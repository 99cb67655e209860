/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor command-line parser (see xen/param.h for the interface and
 * docs/misc/xen-command-line.md for the user's view).  The command line is
 * read once at boot, one option at a time: each option is split into a name
 * and a value copied into bounded local buffers, looked up in a table of
 * struct kernel_param, and its value converted and stored.  Nothing here may
 * stop the boot, so every problem (unknown name, malformed value, unterminated
 * quote, over-long value) is reported by name and the variable keeps whatever
 * value it had.  The file is portable core: it keeps no state of its own and
 * is compiled both into the hypervisor and into the host unit tests.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>
#include <xen/types.h>

/* Longest option name we look up; longer names cannot match and are unknown. */
#define PARAM_NAME_MAX  63
/* Longest value (after removing quotes) handed to a setter. */
#define PARAM_VALUE_MAX 255

enum opt_error {
    OPT_OK,
    OPT_UNTERMINATED, /* opening '"' without a closing one */
    OPT_AFTER_QUOTE,  /* characters glued to the closing '"' */
    OPT_TOO_LONG,     /* value longer than PARAM_VALUE_MAX */
};

/* One option as split from the command line, NUL-terminated copies. */
struct opt {
    char name[PARAM_NAME_MAX + 1];
    bool name_too_long;
    bool has_value; /* "name=..." rather than a bare "name" */
    enum opt_error error;
    char value[PARAM_VALUE_MAX + 1];
};

/*
 * Option separators.  The brief says spaces and tabs; newlines and carriage
 * returns are taken too, as a command line read from a file may end in one.
 */
bool cmdline_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *skip_seps(const char *s)
{
    while (cmdline_is_blank(*s))
        s++;
    return s;
}

/* Copy at most max bytes of [s, s + n) to dst and NUL-terminate it. */
static void copy_bounded(char *dst, const char *s, size_t n, size_t max)
{
    if (n > max)
        n = max;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* Split the value starting at s into o->value; returns where it ends. */
static const char *split_value(const char *s, struct opt *o)
{
    const char *v = s, *e;

    if (*s == '"') {
        v = s + 1;
        e = strchr(v, '"');
        if (!e) {
            o->error = OPT_UNTERMINATED;
            return v + strlen(v); /* the quote swallows the rest of the line */
        }
        s = e + 1;
        if (*s && !cmdline_is_blank(*s)) {
            o->error = OPT_AFTER_QUOTE;
            while (*s && !cmdline_is_blank(*s))
                s++;
        }
    } else {
        for (e = s; *e && !cmdline_is_blank(*e); e++)
            ;
        s = e;
    }

    if ((size_t)(e - v) > PARAM_VALUE_MAX && o->error == OPT_OK)
        o->error = OPT_TOO_LONG;
    copy_bounded(o->value, v, (size_t)(e - v), PARAM_VALUE_MAX);
    return s;
}

/* Split the option starting at s (not a separator) into o; returns its end. */
static const char *split_option(const char *s, struct opt *o)
{
    const char *n = s;

    while (*s && *s != '=' && !cmdline_is_blank(*s))
        s++;
    o->name_too_long = (size_t)(s - n) > PARAM_NAME_MAX;
    copy_bounded(o->name, n, (size_t)(s - n), PARAM_NAME_MAX);
    o->error = OPT_OK;
    o->value[0] = '\0';
    o->has_value = (*s == '=');
    if (!o->has_value)
        return s;
    return split_value(s + 1, o);
}

static const struct kernel_param *find_param(const char *name,
                                             const struct kernel_param *start,
                                             const struct kernel_param *end)
{
    const struct kernel_param *p;

    for (p = start; p && p < end; p++)
        if (p->name && !strcmp(p->name, name))
            return p;
    return NULL;
}

/* Store v, already range-checked, into an integer variable of len bytes. */
static void store_uint(void *var, unsigned int len, uint64_t v)
{
    uint8_t v8 = (uint8_t)v;
    uint16_t v16 = (uint16_t)v;
    uint32_t v32 = (uint32_t)v;

    switch (len) {
    case 1: memcpy(var, &v8, 1); break;
    case 2: memcpy(var, &v16, 2); break;
    case 4: memcpy(var, &v32, 4); break;
    default: memcpy(var, &v, 8); break;
    }
}

static bool is_int_len(unsigned int len)
{
    return len == 1 || len == 2 || len == 4 || len == 8;
}

/*
 * True if digits (a complete number as simple_strtoull(base 0) reads it)
 * spells exactly UINT64_MAX, i.e. a saturated result was no overflow.
 */
static bool is_exact_u64_max(const char *digits)
{
    const char *max = "18446744073709551615";

    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        max = "ffffffffffffffff";
        digits += 2;
    } else if (digits[0] == '0') {
        max = "1777777777777777777777";
    }
    while (digits[0] == '0')
        digits++;
    for (; *digits && *max; digits++, max++)
        if ((*digits | 0x20) != (*max | 0x20)) /* hex is case-insensitive */
            return false;
    return !*digits && !*max;
}

/*
 * Integers.  The table does not say whether the variable is signed, so a
 * non-negative value is accepted if it fits the variable's width unsigned
 * (255 for one byte) and a negative one if it fits signed (-128 for one
 * byte).  "255" put in an int8_t therefore reads back as -1: the same bits.
 * Returns NULL, or why the value was rejected.
 */
static const char *set_int(const struct kernel_param *p, const char *v)
{
    bool neg = (*v == '-');
    const char *digits = v + neg, *e;
    unsigned int bits = p->len * 8;
    uint64_t m, limit;

    if (!is_int_len(p->len))
        return "unsupported variable size";
    m = simple_strtoull(digits, &e, 0);
    if (e == digits)
        return "not a number";
    if (*e)
        return "trailing characters";
    if (m == UINT64_MAX && !is_exact_u64_max(digits))
        return "out of range";
    if (neg)
        limit = 1ULL << (bits - 1);
    else
        limit = bits == 64 ? UINT64_MAX : (1ULL << bits) - 1;
    if (m > limit)
        return "out of range";
    store_uint(p->par.var, p->len, neg ? 0 - m : m);
    return NULL;
}

/*
 * Sizes.  A result of exactly UINT64_MAX is taken as saturation and refused:
 * parse_size_and_unit() cannot tell the two apart, and no size needs it.
 */
static const char *set_size(const struct kernel_param *p, const char *v)
{
    const char *e;
    uint64_t size;

    if (!is_int_len(p->len))
        return "unsupported variable size";
    size = parse_size_and_unit(v, &e);
    if (e == v)
        return "not a size";
    if (*e)
        return "trailing characters";
    if (size == UINT64_MAX ||
        (p->len < 8 && size >> (p->len * 8)))
        return "out of range";
    store_uint(p->par.var, p->len, size);
    return NULL;
}

static const char *set_bool(const struct kernel_param *p, const char *v)
{
    int b = parse_bool(v, NULL);
    bool val = b > 0;

    if (p->len != sizeof(bool))
        return "unsupported variable size";
    if (b < 0)
        return "not a boolean";
    memcpy(p->par.var, &val, sizeof(val));
    return NULL;
}

static const char *set_string(const struct kernel_param *p, const char *v)
{
    size_t n = strlen(v);

    if (n >= p->len)
        return "too long";
    memcpy(p->par.var, v, n + 1);
    return NULL;
}

/* Report a rejected value; always returns false so callers can return it. */
static bool bad_value(const struct opt *o, const char *why)
{
    printk(XENLOG_WARNING "Bad value for '%s': '%s' (%s; option ignored)\n",
           o->name, o->value, why);
    return false;
}

/* Apply the value in o to p; returns false if it was rejected. */
static bool apply_value(const struct kernel_param *p, const struct opt *o)
{
    const char *why = NULL;
    int rc;

    if (!o->has_value && p->type != PARAM_BOOL && p->type != PARAM_CUSTOM) {
        printk(XENLOG_WARNING
               "Missing value for option '%s' (option ignored)\n", o->name);
        return false;
    }

    switch (p->type) {
    case PARAM_INT:
        why = set_int(p, o->value);
        break;
    case PARAM_SIZE:
        why = set_size(p, o->value);
        break;
    case PARAM_STRING:
        why = set_string(p, o->value);
        break;
    case PARAM_BOOL: /* a bare "foo" means "foo=1" */
        why = set_bool(p, o->has_value ? o->value : "1");
        break;
    case PARAM_CUSTOM:
        if (!p->par.func)
            return bad_value(o, "no handler");
        rc = p->par.func(o->value);
        if (rc < 0) {
            printk(XENLOG_WARNING "Bad value for '%s': '%s' (error %d)\n",
                   o->name, o->value, rc);
            return false;
        }
        break;
    default:
        why = "unsupported option type";
        break;
    }
    return why ? bad_value(o, why) : true;
}

/* Handle "no-foo": returns false if it was rejected. */
static bool apply_negated(const struct kernel_param *p, const struct opt *o)
{
    bool f = false;

    if (p->type != PARAM_BOOL) {
        printk(XENLOG_WARNING "Option '%s' is not boolean: '%s' ignored\n",
               p->name, o->name);
        return false;
    }
    if (o->has_value)
        return bad_value(o, "no- options take no value");
    if (p->len != sizeof(bool))
        return bad_value(o, "unsupported variable size");
    memcpy(p->par.var, &f, sizeof(f));
    return true;
}

/* Report a quoting or length problem; false if there was one. */
static bool check_split(const struct opt *o)
{
    switch (o->error) {
    case OPT_OK:
        return true;
    case OPT_UNTERMINATED:
        printk(XENLOG_WARNING
               "Unterminated quote in value for option '%s' (option ignored)\n",
               o->name);
        return false;
    case OPT_AFTER_QUOTE:
        return bad_value(o, "characters after the closing quote");
    case OPT_TOO_LONG:
        printk(XENLOG_WARNING "Value for option '%s' is longer than %u "
               "characters (option ignored)\n", o->name, PARAM_VALUE_MAX);
        return false;
    }
    return false;
}

/* Look up and apply one option; returns false if unknown or rejected. */
static bool apply_option(const struct opt *o, const struct kernel_param *start,
                         const struct kernel_param *end)
{
    const struct kernel_param *p = NULL;
    bool negated = false;

    if (!o->name_too_long) {
        p = find_param(o->name, start, end);
        if (!p && !strncmp(o->name, "no-", 3)) {
            p = find_param(o->name + 3, start, end);
            negated = true;
        }
    }
    if (!p) {
        printk(XENLOG_WARNING "Unknown command line option '%s%s'\n", o->name,
               o->name_too_long ? "..." : "");
        return false;
    }
    if (!check_split(o))
        return false;
    return negated ? apply_negated(p, o) : apply_value(p, o);
}

unsigned int cmdline_parse(const char *cmdline,
                           const struct kernel_param *start,
                           const struct kernel_param *end)
{
    const char *s = cmdline;
    unsigned int rejected = 0;
    struct opt o;

    if (!s)
        return 0;
    for (s = skip_seps(s); *s; s = skip_seps(s)) {
        s = split_option(s, &o);
        if (!apply_option(&o, start, end))
            rejected++;
    }
    return rejected;
}

uint64_t parse_size_and_unit(const char *s, const char **end)
{
    const char *e;
    uint64_t size = simple_strtoull(s, &e, 0);
    unsigned int shift = 0;

    if (e != s) {
        switch (*e) {
        case 'T': case 't': shift = 40; break;
        case 'G': case 'g': shift = 30; break;
        case 'M': case 'm': shift = 20; break;
        case 'K': case 'k': shift = 10; break;
        }
    }
    if (shift) {
        e++;
        size = (size > (UINT64_MAX >> shift)) ? UINT64_MAX : size << shift;
    }
    if (end)
        *end = e;
    return size;
}

/* Compare [s, e) against the NUL-terminated word w. */
static bool word_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && !memcmp(s, w, n);
}

int parse_bool(const char *s, const char *e)
{
    static const char *const yes[] = {"1", "yes", "on", "true", "enable",
                                      "enabled"};
    static const char *const no[] = {"0", "no", "off", "false", "disable",
                                     "disabled"};
    size_t n, i;

    if (!s)
        return -1;
    if (e)
        n = e > s ? (size_t)(e - s) : 0;
    else
        n = strlen(s);
    for (i = 0; i < ARRAY_SIZE(yes); i++) {
        if (word_is(s, n, yes[i]))
            return 1;
        if (word_is(s, n, no[i]))
            return 0;
    }
    return -1;
}

const char *param_list_next(const char *s)
{
    const char *c = strchr(s, ',');

    return c ? c : s + strlen(s);
}
