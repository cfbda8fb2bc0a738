/* report: how a module under the command line says what went wrong or what
 * it did instead, without printing: it hands one line to the sink its
 * owner gave it, and the command line (the only layer that prints) shows
 * it. A zero LbReport drops every message. */
#ifndef LB_REPORT_H
#define LB_REPORT_H

#include <SDL.h>
#include <stdarg.h>
#include <stdio.h>

typedef void (*LbReportFn)(void *user, const char *msg);

typedef struct {
    LbReportFn fn; /* NULL: messages are dropped */
    void *user;
} LbReport;

/* Format a one-line message (no trailing newline) and hand it to r. */
static inline void lb_report(const LbReport *r, SDL_PRINTF_FORMAT_STRING const char *fmt, ...)
    SDL_PRINTF_VARARG_FUNC(2);
static inline void lb_report(const LbReport *r, const char *fmt, ...)
{
    if (!r || !r->fn)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->fn(r->user, msg);
}

#endif
