/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domain configuration parser (xlcfg.h, docs/man/xl.cfg.5.md).  Two
 * passes: a syntax pass turns the text into a list of settings (key, line,
 * value) with strings copied into the caller's pool, then a check pass
 * applies the rules of the keys a domain needs (name, memory, vcpus,
 * kernel, extra, on_crash, its memory map: mmio_hole, rdm, and its
 * display: vga, videoram) and warns about keys nobody knows.  A device
 * key added later goes in key_rules[] with its checks, or with none and is
 * read by name.
 *
 * Freestanding on purpose: only the compiler's headers, our own string
 * helpers, and messages built by hand rather than with snprintf, so the
 * file builds unchanged into the control domain and into host tests.
 */
#include <xen/memmap.h> /* the hypervisor's range syntax and hole limits */

#include "xlcfg.h"

/* ---- strings and messages ---------------------------------------------- */

static size_t cfg_strlen(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

static bool cfg_streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* Copy s into dst of size bytes (size > strlen(s), checked by the caller). */
static void cfg_strcpy(char *dst, const char *s)
{
    while ((*dst++ = *s++))
        ;
}

/* A message under construction in a fixed buffer; excess is dropped. */
struct msg {
    char *buf;
    size_t size;
    size_t len;
};

static void msg_char(struct msg *m, char c)
{
    if (m->len + 1 < m->size) {
        m->buf[m->len++] = c;
        m->buf[m->len] = '\0';
    }
}

static void msg_str(struct msg *m, const char *s)
{
    while (s && *s)
        msg_char(m, *s++);
}

static void msg_uint(struct msg *m, uint64_t v)
{
    char digits[24];
    int n = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        msg_char(m, digits[--n]);
}

/* ---- the parser's state ------------------------------------------------ */

struct parser {
    struct xlcfg *cfg;
    const char *file;
    const char *p, *end;
    unsigned int line;
    struct msg err;
};

/* Start a message `file:line: ` (`file: ` if line is 0) in m. */
static void msg_where(struct msg *m, const struct parser *ps, unsigned int line)
{
    msg_str(m, ps->file);
    if (line) {
        msg_char(m, ':');
        msg_uint(m, line);
    }
    msg_str(m, ": ");
}

/* Set the error to `file:line: a b c` (b and c may be NULL); returns -1. */
static int fail(struct parser *ps, unsigned int line, const char *a,
                const char *b, const char *c)
{
    ps->err.len = 0;
    if (ps->err.size)
        ps->err.buf[0] = '\0';
    msg_where(&ps->err, ps, line);
    msg_str(&ps->err, a);
    msg_str(&ps->err, b);
    msg_str(&ps->err, c);
    return -1;
}

/* Append the warning `file:line: warning: a b c` to the config. */
static void warn(struct parser *ps, unsigned int line, const char *a,
                 const char *b, const char *c)
{
    struct xlcfg *cfg = ps->cfg;
    struct msg m = {cfg->warnings, sizeof(cfg->warnings),
                    cfg_strlen(cfg->warnings)};

    cfg->warning_count++;
    msg_where(&m, ps, line);
    msg_str(&m, "warning: ");
    msg_str(&m, a);
    msg_str(&m, b);
    msg_str(&m, c);
    msg_char(&m, '\n');
}

static bool at_end(const struct parser *ps)
{
    return ps->p >= ps->end;
}

/* The next byte, or 0 at the end (check at_end() for a real NUL). */
static char peek(const struct parser *ps)
{
    return at_end(ps) ? '\0' : *ps->p;
}

/* What is at the cursor, for `found ...` in messages: uses buf[12]. */
static const char *describe_next(const struct parser *ps, char *buf)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char c = (unsigned char)peek(ps);

    if (at_end(ps))
        return "the end of the file";
    if (c == '\n')
        return "the end of the line";
    if (c > 0x20 && c < 0x7f) {
        buf[0] = '\'';
        buf[1] = (char)c;
        buf[2] = '\'';
        buf[3] = '\0';
    } else {
        cfg_strcpy(buf, "byte 0x");
        buf[7] = hex[c >> 4];
        buf[8] = hex[c & 15];
        buf[9] = '\0';
    }
    return buf;
}

/* Skip spaces, tabs, carriage returns and a comment, up to a newline. */
static void skip_blank(struct parser *ps)
{
    while (!at_end(ps)) {
        char c = *ps->p;

        if (c == '#') {
            while (!at_end(ps) && *ps->p != '\n')
                ps->p++;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            ps->p++;
        } else {
            return;
        }
    }
}

/* Skip blanks, comments and whole lines, counting them. */
static void skip_blank_lines(struct parser *ps)
{
    for (;;) {
        skip_blank(ps);
        if (peek(ps) != '\n' || at_end(ps))
            return;
        ps->p++;
        ps->line++;
    }
}

static bool is_key_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_key_char(char c)
{
    return is_key_start(c) || (c >= '0' && c <= '9');
}

/* A byte that ends a bare token (a number, or a word in a message). */
static bool is_delimiter(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '#' ||
           c == ',' || c == ']' || c == '\0';
}

/* Copy the bare token at the cursor into buf[size] for a message. */
static void token_text(const struct parser *ps, char *buf, size_t size)
{
    const char *q = ps->p;
    size_t n = 0;

    while (q < ps->end && !is_delimiter(*q) && n + 4 < size) {
        unsigned char c = (unsigned char)*q++;

        buf[n++] = c > 0x20 && c < 0x7f ? (char)c : '?';
    }
    if (q < ps->end && !is_delimiter(*q))
        for (int i = 0; i < 3; i++)
            buf[n++] = '.';
    buf[n] = '\0';
}

/* ---- values ------------------------------------------------------------ */

/* Room for n more bytes in the pool, or NULL with the error set. */
static char *pool_reserve(struct parser *ps, size_t n)
{
    struct xlcfg *cfg = ps->cfg;

    if (n > sizeof(cfg->pool) - cfg->pool_used) {
        fail(ps, ps->line,
             "the file is too big (its keys and strings "
             "exceed 4096 bytes)",
             NULL, NULL);
        return NULL;
    }
    return cfg->pool + cfg->pool_used;
}

/* The byte an escape `\c` in a double-quoted string stands for, or -1. */
static int unescape(char c)
{
    switch (c) {
    case '\\':
    case '"':
    case '\'':
        return c;
    case 'n':
        return '\n';
    case 't':
        return '\t';
    default:
        return -1;
    }
}

/* One byte of a string at the cursor into *out: 1, 0 at the quote, -1. */
static int string_byte(struct parser *ps, char quote, char *out)
{
    char c = peek(ps), buf[12];
    int e;

    if (at_end(ps) || c == '\n')
        return fail(ps, ps->line, "unterminated string (no closing ",
                    quote == '"' ? "\")" : "')", NULL);
    ps->p++;
    if (c == quote)
        return 0;
    if ((unsigned char)c < 0x20 && c != '\t') {
        ps->p--;
        return fail(ps, ps->line, describe_next(ps, buf),
                    " is not allowed in a string", NULL);
    }
    if (c == '\\' && quote == '"') {
        char esc[3] = {'\\', peek(ps), '\0'};

        if (at_end(ps) || *ps->p == '\n')
            return fail(ps, ps->line, "unterminated string (no closing \")",
                        NULL, NULL);
        if ((e = unescape(*ps->p)) < 0) {
            if ((unsigned char)esc[1] <= 0x20 || (unsigned char)esc[1] >= 0x7f)
                esc[1] = '?';
            return fail(ps, ps->line, "unknown escape '", esc,
                        "' in a string (use \\\\ \\\" \\' \\n or \\t)");
        }
        ps->p++;
        c = (char)e;
    }
    *out = c;
    return 1;
}

/* A quoted string at the cursor, copied into the pool as *out. */
static int parse_string(struct parser *ps, const char **out)
{
    struct xlcfg *cfg = ps->cfg;
    char quote = *ps->p++, c = 0;
    char *start = pool_reserve(ps, 1), *w = start;
    int rc;

    if (!start)
        return -1;
    while ((rc = string_byte(ps, quote, &c)) > 0) {
        if (!pool_reserve(ps, (size_t)(w - start) + 2))
            return -1;
        *w++ = c;
    }
    if (rc < 0)
        return -1;
    *w++ = '\0';
    cfg->pool_used += (size_t)(w - start);
    *out = start;
    return 0;
}

static int digit_value(char c, unsigned int base)
{
    int d = -1;

    if (c >= '0' && c <= '9')
        d = c - '0';
    else if (c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
    return d >= 0 && (unsigned int)d < base ? d : -1;
}

/* An integer at the cursor: decimal or 0x hex, optionally negative. */
static int parse_int(struct parser *ps, int64_t *out)
{
    const uint64_t limit = (uint64_t)INT64_MAX;
    char tok[48];
    bool negative = peek(ps) == '-';
    unsigned int base = 10, digits = 0;
    uint64_t v = 0;
    int d;

    token_text(ps, tok, sizeof(tok));
    ps->p += negative;
    if (peek(ps) == '0' && ps->end - ps->p > 1 &&
        (ps->p[1] == 'x' || ps->p[1] == 'X')) {
        base = 16;
        ps->p += 2;
    }
    for (; !at_end(ps) && (d = digit_value(*ps->p, base)) >= 0; ps->p++) {
        digits++;
        if (v > (limit + negative - (uint64_t)d) / base)
            return fail(ps, ps->line, "integer ", tok, " is out of range");
        v = v * base + (uint64_t)d;
    }
    if (!digits || !is_delimiter(peek(ps)))
        return fail(ps, ps->line, "bad integer '", tok, "'");
    *out = negative ? (int64_t)(0 - v) : (int64_t)v;
    return 0;
}

/* A string or an integer at the cursor into *v. */
static int parse_scalar(struct parser *ps, const char *key,
                        struct xlcfg_value *v)
{
    char c = peek(ps), word[40];

    *v = (struct xlcfg_value){0};
    if (!at_end(ps) && (c == '"' || c == '\'')) {
        v->type = XLCFG_STRING;
        return parse_string(ps, &v->string);
    }
    if (!at_end(ps) && (c == '-' || (c >= '0' && c <= '9'))) {
        v->type = XLCFG_INT;
        return parse_int(ps, &v->number);
    }
    if (is_key_start(c)) {
        token_text(ps, word, sizeof(word));
        fail(ps, ps->line, "the value of '", key, "' must be quoted, as in \"");
        msg_str(&ps->err, word);
        msg_char(&ps->err, '"');
        return -1;
    }
    return fail(ps, ps->line, "expected a value for '", key,
                at_end(ps) || c == '\n' ? "'"
                                        : "' (a number, \"string\" or [list])");
}

/* The separator after a list item: 1 for ',', 0 for ']', -1 on error. */
static int list_separator(struct parser *ps, const char *key,
                          unsigned int open_line)
{
    char buf[12];

    skip_blank_lines(ps);
    if (at_end(ps))
        return fail(ps, open_line, "the list of '", key,
                    "' is not closed with ']'");
    if (*ps->p == ',' || *ps->p == ']')
        return *ps->p++ == ',';
    fail(ps, ps->line, "expected ',' or ']' in the list of '", key,
         "', found ");
    msg_str(&ps->err, describe_next(ps, buf));
    return -1;
}

/* A list `[ item, ... ]` at the cursor; items go to cfg->items in order. */
static int parse_list(struct parser *ps, const char *key, struct xlcfg_value *v)
{
    struct xlcfg *cfg = ps->cfg;
    unsigned int open_line = ps->line;
    int more;

    ps->p++;
    *v =
        (struct xlcfg_value){.type = XLCFG_LIST, .first_item = cfg->item_count};
    do {
        skip_blank_lines(ps);
        if (at_end(ps))
            return fail(ps, open_line, "the list of '", key,
                        "' is not closed with ']'");
        if (*ps->p == ']') {
            ps->p++;
            return 0;
        }
        if (*ps->p == '[')
            return fail(ps, ps->line, "lists cannot be nested (in '", key,
                        "')");
        if (cfg->item_count == XLCFG_ITEMS_MAX)
            return fail(ps, ps->line,
                        "too many list items (at most 64 in "
                        "all lists together)",
                        NULL, NULL);
        if (parse_scalar(ps, key, &cfg->items[cfg->item_count]) < 0)
            return -1;
        cfg->item_count++;
        v->item_count++;
    } while ((more = list_separator(ps, key, open_line)) > 0);
    return more;
}

/* ---- settings ---------------------------------------------------------- */

/* The key at the cursor, copied into the pool as *out. */
static int parse_key(struct parser *ps, const char **out)
{
    const char *start = ps->p;
    char buf[12], *key;
    size_t n;

    if (!is_key_start(peek(ps))) {
        fail(ps, ps->line, "expected a setting (key = value), found ", NULL,
             NULL);
        msg_str(&ps->err, describe_next(ps, buf));
        return -1;
    }
    while (!at_end(ps) && is_key_char(*ps->p))
        ps->p++;
    n = (size_t)(ps->p - start);
    if (n >= XLCFG_KEY_MAX)
        return fail(ps, ps->line,
                    "key name too long (at most 31 "
                    "characters)",
                    NULL, NULL);
    if (!(key = pool_reserve(ps, n + 1)))
        return -1;
    for (size_t i = 0; i < n; i++)
        key[i] = start[i];
    key[n] = '\0';
    ps->cfg->pool_used += n + 1;
    *out = key;
    return 0;
}

/* One `key = value` line (a list may take more lines), at the cursor. */
static int parse_setting(struct parser *ps)
{
    struct xlcfg *cfg = ps->cfg;
    struct xlcfg_entry e = {.line = ps->line};
    char buf[12];
    int rc;

    if (cfg->entry_count == XLCFG_ENTRIES_MAX)
        return fail(ps, ps->line, "too many settings (at most 64)", NULL, NULL);
    if (parse_key(ps, &e.key) < 0)
        return -1;
    skip_blank(ps);
    if (peek(ps) != '=' || at_end(ps))
        return fail(ps, ps->line, "expected '=' after '", e.key, "'");
    ps->p++;
    skip_blank(ps);
    if (peek(ps) == '[' && !at_end(ps))
        rc = parse_list(ps, e.key, &e.value);
    else
        rc = parse_scalar(ps, e.key, &e.value);
    if (rc < 0)
        return -1;
    skip_blank(ps);
    if (!at_end(ps) && *ps->p != '\n') {
        fail(ps, ps->line, "unexpected ", describe_next(ps, buf), NULL);
        msg_str(&ps->err, " after the value of '");
        msg_str(&ps->err, e.key);
        msg_str(&ps->err, "'");
        return -1;
    }
    cfg->entries[cfg->entry_count++] = e;
    return 0;
}

/* ---- the keys a domain needs ------------------------------------------- */

static const char *type_name(enum xlcfg_type type)
{
    switch (type) {
    case XLCFG_INT:
        return "an integer";
    case XLCFG_STRING:
        return "a string";
    default:
        return "a list";
    }
}

/* Check that e has type; the error says what it should be. */
static int want_type(struct parser *ps, const struct xlcfg_entry *e,
                     enum xlcfg_type type, const char *what)
{
    if (e->value.type == type)
        return 0;
    fail(ps, e->line, "'", e->key, "' must be ");
    msg_str(&ps->err, what);
    msg_str(&ps->err, ", not ");
    msg_str(&ps->err, type_name(e->value.type));
    return -1;
}

/* An integer key in [min, max], into *out. */
static int want_range(struct parser *ps, const struct xlcfg_entry *e,
                      int64_t min, int64_t max, const char *unit, int64_t *out)
{
    struct msg *m = &ps->err;

    if (want_type(ps, e, XLCFG_INT, unit) < 0)
        return -1;
    if (e->value.number >= min && e->value.number <= max) {
        *out = e->value.number;
        return 0;
    }
    fail(ps, e->line, "'", e->key, "' must be between ");
    msg_uint(m, (uint64_t)min);
    msg_str(m, " and ");
    msg_uint(m, (uint64_t)max);
    return -1;
}

/* A string key shorter than size with no control characters, into dst. */
static int want_text(struct parser *ps, const struct xlcfg_entry *e,
                     size_t size, char *dst)
{
    const char *s = e->value.string;
    struct msg *m = &ps->err;

    if (want_type(ps, e, XLCFG_STRING, "a \"string\"") < 0)
        return -1;
    if (cfg_strlen(s) >= size) {
        fail(ps, e->line, "'", e->key, "' is too long (at most ");
        msg_uint(m, size - 1);
        msg_str(m, " characters)");
        return -1;
    }
    for (const char *q = s; *q; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7f)
            return fail(ps, e->line, "'", e->key,
                        "' must not contain control characters");
    cfg_strcpy(dst, s);
    return 0;
}

static int apply_name(struct parser *ps, const struct xlcfg_entry *e)
{
    char *name = ps->cfg->name;
    bool digits_only = true;

    if (want_text(ps, e, XLCFG_NAME_MAX, name) < 0)
        return -1;
    if (!name[0])
        return fail(ps, e->line, "'name' must not be empty", NULL, NULL);
    for (const char *q = name; *q; q++) {
        if (*q == ' ' || (unsigned char)*q >= 0x7f)
            return fail(ps, e->line,
                        "'name' may hold only printable ASCII "
                        "characters and no spaces",
                        NULL, NULL);
        digits_only &= *q >= '0' && *q <= '9';
    }
    if (digits_only)
        return fail(ps, e->line,
                    "'name' must not be a number (it would be "
                    "taken for a domain id)",
                    NULL, NULL);
    return 0;
}

static int apply_memory(struct parser *ps, const struct xlcfg_entry *e)
{
    int64_t v;

    if (want_range(ps, e, XLCFG_MEMORY_MIN, XLCFG_MEMORY_MAX,
                   "an integer (MiB)", &v) < 0)
        return -1;
    ps->cfg->memory_mib = (uint64_t)v;
    return 0;
}

static int apply_vcpus(struct parser *ps, const struct xlcfg_entry *e)
{
    int64_t v;

    if (want_range(ps, e, 1, XLCFG_VCPUS_MAX, "an integer", &v) < 0)
        return -1;
    ps->cfg->vcpus = (uint32_t)v;
    return 0;
}

static int apply_kernel(struct parser *ps, const struct xlcfg_entry *e)
{
    if (want_text(ps, e, XLCFG_PATH_MAX, ps->cfg->kernel) < 0)
        return -1;
    if (ps->cfg->kernel[0] != '/')
        return fail(ps, e->line,
                    "'kernel' must be an absolute path, as in "
                    "\"/boot/memcheck.elf\"",
                    NULL, NULL);
    return 0;
}

static int apply_extra(struct parser *ps, const struct xlcfg_entry *e)
{
    return want_text(ps, e, XLCFG_EXTRA_MAX, ps->cfg->extra);
}

/*
 * A string key that takes one of two words; Xen's other words for it are
 * known, and refused as such rather than as unknown.
 */
struct choice {
    const char *words[2];
    const char *const *xen_only; /* NULL-terminated */
    const char *not_here;        /* `KEY "word"` + this */
    const char *unknown;         /* this + ` "word"` */
};

/* e's word: its index in c->words in *out, or an error with a hint. */
static int want_choice(struct parser *ps, const struct xlcfg_entry *e,
                       const struct choice *c, unsigned int *out)
{
    const char *s = e->value.string;
    bool xen_only = false;

    if (want_type(ps, e, XLCFG_STRING, "a \"string\"") < 0)
        return -1;
    for (unsigned int i = 0; i < 2; i++)
        if (cfg_streq(s, c->words[i])) {
            *out = i;
            return 0;
        }
    for (const char *const *w = c->xen_only; *w; w++)
        xen_only |= cfg_streq(s, *w);
    if (xen_only) {
        fail(ps, e->line, e->key, " \"", s);
        msg_str(&ps->err, "\" ");
        msg_str(&ps->err, c->not_here);
    } else {
        fail(ps, e->line, c->unknown, " \"", s);
        msg_char(&ps->err, '"');
    }
    msg_str(&ps->err, " (use \"");
    msg_str(&ps->err, c->words[0]);
    msg_str(&ps->err, "\" or \"");
    msg_str(&ps->err, c->words[1]);
    msg_str(&ps->err, "\")");
    return -1;
}

static int apply_on_crash(struct parser *ps, const struct xlcfg_entry *e)
{
    static const char *const xen_only[] = {
        "restart",          "rename-restart", "coredump-destroy",
        "coredump-restart", "soft-reset",     NULL,
    };
    static const struct choice c = {{"destroy", "preserve"}, xen_only,
                                    "is not supported",
                                    "unknown on_crash action"};
    unsigned int i;

    if (want_choice(ps, e, &c, &i) < 0)
        return -1;
    ps->cfg->on_crash = i ? XLCFG_ON_CRASH_PRESERVE : XLCFG_ON_CRASH_DESTROY;
    return 0;
}

static int apply_mmio_hole(struct parser *ps, const struct xlcfg_entry *e)
{
    int64_t v;

    if (want_range(ps, e, MEMMAP_HOLE_MIB_MIN, MEMMAP_HOLE_MIB_MAX,
                   "an integer (MiB)", &v) < 0)
        return -1;
    ps->cfg->mmio_hole_mib = (uint32_t)v;
    return 0;
}

/*
 * rdm = "strategy=host,policy=strict": Xen's form, whose one strategy is
 * what always happens here (the host's ranges are reserved in every
 * domain); either policy is accepted, as no range can conflict with RAM
 * laid out around it.  Anything else in the string is an error.
 */
static int rdm_xen_form(struct parser *ps, const struct xlcfg_entry *e)
{
    const char *s = e->value.string;

    while (*s) {
        const char *q = s;
        char item[32];
        size_t n = 0;

        for (; *q && *q != ','; q++)
            if (n < sizeof(item) - 1)
                item[n++] = *q;
        item[n] = '\0';
        if (!cfg_streq(item, "strategy=host") &&
            !cfg_streq(item, "policy=strict") &&
            !cfg_streq(item, "policy=relaxed"))
            return fail(ps, e->line, "'rdm' setting \"", item,
                        "\" is not supported (Xen's form is "
                        "\"strategy=host,policy=strict\"; ranges go in a "
                        "list, as in [ \"0xfed00000-0xfed03fff\" ])");
        s = *q ? q + 1 : q;
    }
    return 0;
}

/* rdm = [ "START-END", ... ]: reserved device memory of this domain. */
static int apply_rdm(struct parser *ps, const struct xlcfg_entry *e)
{
    struct xlcfg *cfg = ps->cfg;
    struct memmap_range r;
    const char *why;

    if (e->value.type == XLCFG_STRING)
        return rdm_xen_form(ps, e);
    if (want_type(ps, e, XLCFG_LIST, "a list of \"START-END\" ranges") < 0)
        return -1;
    if (e->value.item_count > XLCFG_RDM_MAX) {
        fail(ps, e->line, "'rdm' has too many ranges (at most ", NULL, NULL);
        msg_uint(&ps->err, XLCFG_RDM_MAX);
        msg_char(&ps->err, ')');
        return -1;
    }
    for (unsigned int i = 0; i < e->value.item_count; i++) {
        const struct xlcfg_value *v = xlcfg_list_item(cfg, &e->value, i);

        if (v->type != XLCFG_STRING)
            return fail(ps, e->line, "'rdm' ranges must be strings, as in "
                        "\"0xfed00000-0xfed03fff\"", NULL, NULL);
        if (memmap_parse_range(v->string, v->string + cfg_strlen(v->string),
                               &r, &why) < 0) {
            fail(ps, e->line, "'rdm' range \"", v->string, "\": ");
            msg_str(&ps->err, why);
            return -1;
        }
        cfg->rdm[i].first_gfn = r.gfn;
        cfg->rdm[i].nr_frames = r.nr;
    }
    cfg->nr_rdm = e->value.item_count;
    return 0;
}

/* vga = "bankvga" | "none": the one display we emulate, or none. */
static int apply_vga(struct parser *ps, const struct xlcfg_entry *e)
{
    static const char *const xen_only[] = {"stdvga", "cirrus", "qxl", NULL};
    static const struct choice c = {{"bankvga", "none"}, xen_only,
                                    "is not emulated here",
                                    "unknown vga device"};
    unsigned int i;

    if (want_choice(ps, e, &c, &i) < 0)
        return -1;
    ps->cfg->vga = i ? XLCFG_VGA_NONE : XLCFG_VGA_BANKVGA;
    return 0;
}

/* videoram = MiB of VRAM; after vga, which it needs. */
static int apply_videoram(struct parser *ps, const struct xlcfg_entry *e)
{
    int64_t v;

    if (want_range(ps, e, XLCFG_VIDEORAM_MIN, XLCFG_VIDEORAM_MAX,
                   "an integer (MiB)", &v) < 0)
        return -1;
    if (ps->cfg->vga == XLCFG_VGA_NONE)
        warn(ps, e->line, "'videoram' has no effect without a vga device ",
             "(ignored)", NULL);
    else
        ps->cfg->videoram_mib = (uint32_t)v;
    return 0;
}

/*
 * The keys we know, in the order they are checked.  apply is NULL for a
 * key that is only read by name (a device option); such a key is known,
 * so it draws no warning.
 */
static const struct key_rule {
    const char *key;
    bool required;
    int (*apply)(struct parser *ps, const struct xlcfg_entry *e);
} key_rules[] = {
    {"name", true, apply_name},    {"memory", true, apply_memory},
    {"vcpus", false, apply_vcpus}, {"kernel", true, apply_kernel},
    {"extra", false, apply_extra}, {"on_crash", false, apply_on_crash},
    {"device_model_domid", false, NULL},
    {"mmio_hole", false, apply_mmio_hole}, {"rdm", false, apply_rdm},
    {"vga", false, apply_vga}, {"videoram", false, apply_videoram},
};

#define NR_KEY_RULES (sizeof(key_rules) / sizeof(key_rules[0]))

static bool key_known(const char *key)
{
    for (size_t i = 0; i < NR_KEY_RULES; i++)
        if (cfg_streq(key, key_rules[i].key))
            return true;
    return false;
}

/* Warn about unknown and repeated keys, in file order. */
static void warn_keys(struct parser *ps)
{
    const struct xlcfg *cfg = ps->cfg;
    struct msg m;
    char first[80];

    for (unsigned int i = 0; i < cfg->entry_count; i++) {
        const struct xlcfg_entry *e = &cfg->entries[i];
        unsigned int j;

        if (!key_known(e->key)) {
            warn(ps, e->line, "unknown key '", e->key, "' (ignored)");
            continue;
        }
        for (j = 0; j < i && !cfg_streq(cfg->entries[j].key, e->key); j++)
            ;
        if (j == i)
            continue;
        m = (struct msg){first, sizeof(first), 0};
        msg_str(&m, "' is set again (first on line ");
        msg_uint(&m, cfg->entries[j].line);
        msg_str(&m, "); the last setting counts");
        warn(ps, e->line, "'", e->key, first);
    }
}

/* Apply the key rules: defaults, required keys, checks. */
static int check_keys(struct parser *ps)
{
    struct xlcfg *cfg = ps->cfg;

    cfg->vcpus = 1;
    cfg->on_crash = XLCFG_ON_CRASH_DESTROY;
    warn_keys(ps);
    for (size_t i = 0; i < NR_KEY_RULES; i++) {
        const struct key_rule *r = &key_rules[i];
        const struct xlcfg_entry *e = xlcfg_find(cfg, r->key);

        if (!e && r->required)
            return fail(ps, 0, "missing required key '", r->key, "'");
        if (e && r->apply && r->apply(ps, e) < 0)
            return -1;
    }
    if (cfg->vga != XLCFG_VGA_NONE && !cfg->videoram_mib)
        cfg->videoram_mib = XLCFG_VIDEORAM_DEFAULT;
    return 0;
}

/* ---- the interface ----------------------------------------------------- */

int xlcfg_parse(struct xlcfg *cfg, const char *file, const char *text,
                size_t len, char *err, size_t err_size)
{
    struct parser ps = {
        .cfg = cfg,
        .file = file ? file : "(config)",
        .p = text,
        .end = text + len,
        .line = 1,
        .err = {err, err_size, 0},
    };

    *cfg = (struct xlcfg){0};
    if (err_size)
        err[0] = '\0';
    for (;;) {
        skip_blank_lines(&ps);
        if (at_end(&ps))
            break;
        if (parse_setting(&ps) < 0)
            return -1;
    }
    return check_keys(&ps);
}

const struct xlcfg_entry *xlcfg_find(const struct xlcfg *cfg, const char *key)
{
    for (unsigned int i = cfg->entry_count; i-- > 0;)
        if (cfg_streq(cfg->entries[i].key, key))
            return &cfg->entries[i];
    return NULL;
}

const struct xlcfg_value *xlcfg_list_item(const struct xlcfg *cfg,
                                          const struct xlcfg_value *v,
                                          unsigned int i)
{
    if (v->type != XLCFG_LIST || i >= v->item_count)
        return NULL;
    return &cfg->items[v->first_item + i];
}

bool xlcfg_get_string(const struct xlcfg *cfg, const char *key,
                      const char **out)
{
    const struct xlcfg_entry *e = xlcfg_find(cfg, key);

    if (!e || e->value.type != XLCFG_STRING)
        return false;
    *out = e->value.string;
    return true;
}

bool xlcfg_get_int(const struct xlcfg *cfg, const char *key, int64_t *out)
{
    const struct xlcfg_entry *e = xlcfg_find(cfg, key);

    if (!e || e->value.type != XLCFG_INT)
        return false;
    *out = e->value.number;
    return true;
}

const char *xlcfg_on_crash_name(enum xlcfg_on_crash action)
{
    return action == XLCFG_ON_CRASH_PRESERVE ? "preserve" : "destroy";
}

const char *xlcfg_vga_name(enum xlcfg_vga vga)
{
    return vga == XLCFG_VGA_BANKVGA ? "bankvga" : "none";
}
