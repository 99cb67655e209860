/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor command-line options.
 *
 * Each option is declared next to the code that owns it with one of the
 * *_param() macros below.  The declarations are collected by the linker into
 * the .init.setup section; cmdline_parse() walks the command line once at
 * boot and applies every option it finds.
 *
 * Parsing never fails the boot: an unknown option gets a warning, and a
 * malformed value gets a message naming the option and the value while the
 * variable keeps its default.
 */
#ifndef XEN_PARAM_H
#define XEN_PARAM_H

#include <xen/compiler.h>
#include <xen/types.h>

enum param_type {
    PARAM_INT,    /* signed or unsigned integer, any base simple_strtoull takes */
    PARAM_SIZE,   /* byte count with an optional K, M, G or T suffix          */
    PARAM_BOOL,   /* foo, no-foo, foo=yes|no|on|off|true|false|enable|... */
    PARAM_STRING, /* copied into a fixed buffer; too long is an error         */
    PARAM_CUSTOM, /* handed to a function, e.g. for comma-separated lists     */
};

struct kernel_param {
    const char *name;
    enum param_type type;
    unsigned int len; /* size of the variable, or of the string buffer */
    union {
        void *var;
        /* Returns 0, or a negative errno if the value was rejected. */
        int (*func)(const char *value);
    } par;
};

#define __param(_name, _type, _len, _par)                                     \
    static const struct kernel_param __used __section(".init.setup")         \
        __aligned(8) __setup_##_par = {                                       \
            .name = _name, .type = _type, .len = _len, .par = {&_par}}

#define integer_param(name, var) __param(name, PARAM_INT, sizeof(var), var)
#define size_param(name, var)    __param(name, PARAM_SIZE, sizeof(var), var)
#define boolean_param(name, var) __param(name, PARAM_BOOL, sizeof(var), var)
#define string_param(name, var)  __param(name, PARAM_STRING, sizeof(var), var)
#define custom_param(_name, _func)                                            \
    static const struct kernel_param __used __section(".init.setup")         \
        __aligned(8) __setup_##_func = {                                      \
            .name = _name, .type = PARAM_CUSTOM, .par = {.func = _func}}

/* Whether c separates options on a command line: a blank or a newline. */
bool cmdline_is_blank(char c);

/*
 * Apply every option on cmdline that names a parameter in [start, end).
 * Options are separated by spaces; a value may be double-quoted to hold
 * spaces.  Returns the number of options that were unknown or rejected.
 */
unsigned int cmdline_parse(const char *cmdline, const struct kernel_param *start,
                           const struct kernel_param *end);

/*
 * Parse a size such as "512", "64K", "16M", "2G" or "1T" (suffixes are
 * powers of 1024, either case).  *end is left after the suffix; if no digit
 * was read it equals s.  Sizes that overflow 64 bits saturate at UINT64_MAX.
 */
uint64_t parse_size_and_unit(const char *s, const char **end);

/*
 * Parse a boolean word from s up to e (or to the end of s if e is NULL).
 * Returns 1 or 0, or -1 if the word is not a boolean.
 */
int parse_bool(const char *s, const char *e);

/*
 * Split a comma-separated list: returns a pointer to the first character
 * after the current item (a ',' or the terminating NUL) so callers iterate
 *     for (s = list; *s; s = *e ? e + 1 : e) { e = param_list_next(s); ... }
 */
const char *param_list_next(const char *s);

#endif /* XEN_PARAM_H */
