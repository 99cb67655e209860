/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shell's line splitter (args.h).  It works in place: every word is at
 * most as long as the text it came from, so a write cursor trailing the
 * read cursor rebuilds each word, unquoted and unescaped, over the line
 * itself, and the byte after it becomes its terminating NUL.
 */
#include <public/errno.h>

#include "args.h"

struct splitter {
    const char *r; /* next byte to read */
    char *w;       /* where the current word's next byte goes */
    const char *err;
};

static int args_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Copy a quoted part whose opening quote is at s->r; 0 or -XEN_EINVAL. */
static int args_quoted(struct splitter *s)
{
    char quote = *s->r++;

    for (;;) {
        char c = *s->r++;

        if (!c) {
            s->err =
                quote == '"' ? "unterminated \" quote" : "unterminated ' quote";
            return -XEN_EINVAL;
        }
        if (c == quote)
            return 0;
        if (c == '\\' && quote == '"' && (*s->r == '"' || *s->r == '\\'))
            c = *s->r++;
        *s->w++ = c;
    }
}

/* Copy one word starting at s->r (not a space, not NUL) to s->w. */
static int args_word(struct splitter *s)
{
    int rc;

    while (*s->r && !args_is_space(*s->r)) {
        if (*s->r == '"' || *s->r == '\'') {
            if ((rc = args_quoted(s)) < 0)
                return rc;
        } else if (*s->r == '\\') {
            if (!s->r[1]) {
                s->err = "the line ends with a backslash";
                return -XEN_EINVAL;
            }
            *s->w++ = s->r[1];
            s->r += 2;
        } else {
            *s->w++ = *s->r++;
        }
    }
    return 0;
}

int args_split(char *line, char **argv, int max_argc, const char **err)
{
    struct splitter s = {.r = line, .w = line, .err = NULL};
    int argc = 0, rc = 0;

    for (;;) {
        while (args_is_space(*s.r))
            s.r++;
        if (!*s.r || *s.r == '#')
            break;
        if (argc >= max_argc) {
            s.err = "too many words on the line";
            rc = -XEN_E2BIG;
            break;
        }
        argv[argc++] = s.w;
        if ((rc = args_word(&s)) < 0)
            break;
        /* The read cursor is past the word, on a space or the NUL. */
        if (*s.r)
            s.r++;
        *s.w++ = '\0';
    }
    if (rc < 0) {
        if (err)
            *err = s.err;
        argv[0] = NULL;
        return rc;
    }
    argv[argc] = NULL;
    return argc;
}
