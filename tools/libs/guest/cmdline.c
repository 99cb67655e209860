/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest command line (start_info.cmdline, what followed ` -- ` in the
 * domain's boot module line): space-separated words, `key=value` or a bare
 * `key`.  The last occurrence of a key wins.
 */
#include "guest.h"

/*
 * Find the last word whose key is key; set *val and *val_len to its value
 * (empty for a bare key).  Returns false if there is none.
 */
static bool cmdline_find(const char *key, const char **val, size_t *val_len)
{
    const char *p = start_info->cmdline;
    const char *end = p + strnlen(p, sizeof(start_info->cmdline));
    size_t key_len = strlen(key);
    bool found = false;

    while (p < end) {
        const char *word, *word_end, *eq;

        while (p < end && *p == ' ')
            p++;
        word = p;
        while (p < end && *p != ' ')
            p++;
        word_end = p;
        for (eq = word; eq < word_end && *eq != '='; eq++)
            ;
        if ((size_t)(eq - word) != key_len || strncmp(word, key, key_len))
            continue;
        found = true;
        *val = eq < word_end ? eq + 1 : eq;
        *val_len = word_end - *val;
    }
    return found;
}

bool cmdline_get(const char *key, char *buf, size_t size)
{
    const char *val;
    size_t len;

    if (!cmdline_find(key, &val, &len))
        return false;
    if (size) {
        if (len >= size)
            len = size - 1;
        memcpy(buf, val, len);
        buf[len] = '\0';
    }
    return true;
}

bool cmdline_has(const char *key)
{
    return cmdline_get(key, NULL, 0);
}

bool cmdline_is(const char *key, const char *val)
{
    const char *v;
    size_t len;

    return cmdline_find(key, &v, &len) && len == strlen(val) &&
           !strncmp(v, val, len);
}

/* Parse all of s[0, len) as decimal or 0x hex; false if it is not. */
static bool parse_u64(const char *s, size_t len, uint64_t *out)
{
    unsigned int base = 10;
    uint64_t v = 0;
    size_t i = 0;

    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        i = 2;
    }
    if (i == len)
        return false;
    for (; i < len; i++) {
        unsigned int d;

        if (s[i] >= '0' && s[i] <= '9')
            d = s[i] - '0';
        else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
            d = s[i] - 'a' + 10;
        else if (base == 16 && s[i] >= 'A' && s[i] <= 'F')
            d = s[i] - 'A' + 10;
        else
            return false;
        if (v > (UINT64_MAX - d) / base)
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

uint64_t cmdline_get_u64(const char *key, uint64_t def, bool *ok)
{
    const char *val;
    size_t len;
    uint64_t v;

    if (ok)
        *ok = true;
    if (!cmdline_find(key, &val, &len))
        return def;
    if (parse_u64(val, len, &v))
        return v;
    if (ok)
        *ok = false;
    return def;
}
