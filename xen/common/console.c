/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printk(), panic() and the console ring.
 *
 * Every message is filtered by level (loglvl=), prefixed "(XEN) " at each
 * line start, appended to the ring and, once console_init() has run,
 * written to the devices console= selected.  The ring keeps the most
 * recent CONRING_SIZE bytes; it is what early messages wait in and what a
 * later `xl dmesg` reads.
 */
#include <asm/shutdown.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/serial.h>
#include <xen/spinlock.h>
#include <xen/stdio.h>
#include <xen/string.h>

#define CONRING_SIZE CONSOLE_LOG_SIZE
#define LINE_PREFIX "(XEN) "

enum log_level { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG, LOG_NONE = -1 };

/* Read only up to conring_produced, so never before it is written. */
static char conring[CONRING_SIZE] __noinit;
static size_t conring_produced; /* bytes ever written; ring index mod size */
static spinlock_t console_lock = SPIN_LOCK_UNLOCKED;
/*
 * Where lines stand.  The log ring holds hypervisor and guest lines only;
 * the terminal also shows the control domain's raw output (a prompt, an
 * echoed key), which leaves the cursor mid-line without touching the log.
 */
static bool ring_mid_line;     /* the log's last line is unfinished */
static bool terminal_mid_line; /* the terminal's cursor is not at a line start */
static bool console_started;
static bool panicking;

static bool console_com1 = true;
static int log_threshold = LOG_INFO;

/* console=<list>: com1, none. */
static int parse_console(const char *s)
{
    bool com1 = false;
    const char *e;

    if (!*s)
        return -EINVAL;
    for (; *s; s = *e ? e + 1 : e) {
        e = param_list_next(s);
        if (e - s == 4 && !strncmp(s, "com1", 4))
            com1 = true;
        else if (e - s != 4 || strncmp(s, "none", 4))
            return -EINVAL;
    }
    console_com1 = com1;
    return 0;
}
custom_param("console", parse_console);

/* loglvl=<level>: none, error, warning, info, debug, all. */
static int parse_loglvl(const char *s)
{
    static const struct {
        const char *name;
        int level;
    } levels[] = {
        {"none", LOG_NONE}, {"error", LOG_ERR},   {"warning", LOG_WARNING},
        {"info", LOG_INFO}, {"debug", LOG_DEBUG}, {"all", LOG_DEBUG},
    };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(levels); i++) {
        if (!strcmp(s, levels[i].name)) {
            log_threshold = levels[i].level;
            return 0;
        }
    }
    return -EINVAL;
}
custom_param("loglvl", parse_loglvl);

static void devices_write(const char *s, size_t len)
{
    if (console_started && console_com1)
        serial_write(s, len);
}

/* Append to the ring only, in at most two copies (it wraps once at most). */
static void conring_put(const char *s, size_t len)
{
    size_t at, n;

    if (len > CONRING_SIZE) {
        conring_produced += len - CONRING_SIZE;
        s += len - CONRING_SIZE;
        len = CONRING_SIZE;
    }
    at = conring_produced % CONRING_SIZE;
    n = min(len, CONRING_SIZE - at);
    memcpy(conring + at, s, n);
    memcpy(conring, s + n, len - n);
    conring_produced += len;
}

static void conring_write(const char *s, size_t len)
{
    conring_put(s, len);
    devices_write(s, len);
}

/* Write text, starting each line with the prefix.  Caller holds the lock. */
static void console_emit(const char *s)
{
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) + 1 : strlen(s);

        if (!ring_mid_line) {
            if (terminal_mid_line)
                devices_write("\n", 1);
            conring_write(LINE_PREFIX, sizeof(LINE_PREFIX) - 1);
        }
        conring_write(s, len);
        ring_mid_line = terminal_mid_line = nl == NULL;
        s += len;
    }
}

/* Split a "<N>" level prefix off fmt; no prefix means info. */
static const char *split_level(const char *fmt, int *level)
{
    if (fmt[0] == '<' && fmt[1] >= '0' && fmt[1] <= '3' && fmt[2] == '>') {
        *level = fmt[1] - '0';
        return fmt + 3;
    }
    *level = LOG_INFO;
    return fmt;
}

void vprintk(const char *fmt, va_list args)
{
    static char buf[2048]; /* protected by console_lock */
    int level;

    fmt = split_level(fmt, &level);
    if (level > log_threshold && !panicking)
        return;
    spin_lock(&console_lock);
    if (vsnprintf(buf, sizeof(buf), fmt, args) >= (int)sizeof(buf))
        buf[sizeof(buf) - 2] = '\n'; /* a cut line still ends its line */
    console_emit(buf);
    spin_unlock(&console_lock);
}

void printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}

void console_write_raw(const char *s, size_t len)
{
    spin_lock(&console_lock);
    devices_write(s, len);
    if (len)
        terminal_mid_line = s[len - 1] != '\n';
    spin_unlock(&console_lock);
}

size_t console_ring_read(uint64_t *index, char *buf, size_t count)
{
    size_t oldest, n;

    spin_lock(&console_lock);
    oldest = conring_produced > CONRING_SIZE ? conring_produced - CONRING_SIZE
                                             : 0;
    if (*index < oldest || *index > conring_produced)
        *index = oldest;
    for (n = 0; n < count && *index < conring_produced; n++, (*index)++)
        buf[n] = conring[*index % CONRING_SIZE];
    spin_unlock(&console_lock);
    return n;
}

/* Copy the bytes the ring holds, oldest first, to buf (CONRING_SIZE). */
static size_t conring_copy(char *buf)
{
    size_t kept = min(conring_produced, (size_t)CONRING_SIZE);
    size_t at = (conring_produced - kept) % CONRING_SIZE;
    size_t n = min(kept, CONRING_SIZE - at);

    memcpy(buf, conring + at, n);
    memcpy(buf + n, conring, kept - n);
    return kept;
}

/* For a live update: the log as it was, or this boot's lines meanwhile. */
static char conring_scratch[CONRING_SIZE] __noinit;

const char *console_ring_snapshot(size_t *len, uint64_t *produced)
{
    spin_lock(&console_lock);
    *len = conring_copy(conring_scratch);
    *produced = conring_produced;
    spin_unlock(&console_lock);
    return conring_scratch;
}

void console_ring_adopt(const char *s, size_t len, uint64_t produced)
{
    size_t mine;

    len = min(len, (size_t)CONRING_SIZE);
    if (produced < len)
        return; /* not a log anyone wrote: keep ours as it is */
    spin_lock(&console_lock);
    mine = conring_copy(conring_scratch);
    conring_produced = produced - len;
    conring_put(s, len);
    if (len && s[len - 1] != '\n')
        conring_put("\n", 1);
    conring_put(conring_scratch, mine);
    spin_unlock(&console_lock);
}

void console_guest_line(domid_t domid, const char *s, size_t len)
{
    char prefix[16];

    snprintf(prefix, sizeof(prefix), "(d%u) ", domid);
    spin_lock(&console_lock);
    if (ring_mid_line)
        conring_write("\n", 1);
    else if (terminal_mid_line)
        devices_write("\n", 1);
    ring_mid_line = terminal_mid_line = false;
    conring_write(prefix, strlen(prefix));
    conring_write(s, len);
    conring_write("\n", 1);
    spin_unlock(&console_lock);
}

void console_init(void)
{
    size_t kept = min(conring_produced, (size_t)CONRING_SIZE);
    size_t first = conring_produced - kept, i;

    spin_lock(&console_lock);
    if (console_com1) {
        serial_init();
        serial_write("\n", 1); /* the firmware may have left a line open */
    }
    console_started = true;
    for (i = first; i < conring_produced; i++)
        devices_write(&conring[i % CONRING_SIZE], 1);
    spin_unlock(&console_lock);
}

void console_force_unlock(void)
{
    console_lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
}

void panic(const char *fmt, ...)
{
    static char msg[256];
    static unsigned int depth;
    va_list args;

    /* A panic while panicking: nothing more can be said safely. */
    if (depth++)
        machine_halt_failed();
    panicking = true;
    console_force_unlock(); /* whatever held it is not coming back */
    if (!console_started)
        console_init();

    va_start(args, fmt);
    vsnprintf(msg, sizeof(msg), fmt, args);
    va_end(args);
    printk(XENLOG_ERR "\n****************************************\n");
    printk(XENLOG_ERR "Panic on CPU 0:\n%s\n", msg);
    printk(XENLOG_ERR "****************************************\n");
    machine_halt_failed();
}
