/* lm_err: error list and small string helpers. */
#include "lm_err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *lm_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

#if defined(__GNUC__)
__attribute__((format(printf, 1, 0)))
#endif
static char *
strfmtv(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *lm_strfmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = strfmtv(fmt, ap);
    va_end(ap);
    return s;
}

/* A copy of s with control characters written as \\n, \\r, \\t or \\xHH, so
 * a key or value quoted from a file can never split a message line (or
 * forge another). Takes ownership of s. */
static char *one_line(char *s)
{
    if (!s)
        return NULL;
    size_t extra = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            extra += 3;
    if (!extra)
        return s;
    char *out = malloc(strlen(s) + extra + 1);
    if (out) {
        char *o = out;
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
            if (*p == '\n')
                o += sprintf(o, "\\n");
            else if (*p == '\r')
                o += sprintf(o, "\\r");
            else if (*p == '\t')
                o += sprintf(o, "\\t");
            else if (*p < 0x20 || *p == 0x7f)
                o += sprintf(o, "\\x%02x", *p);
            else
                *o++ = (char)*p;
        }
        *o = '\0';
    }
    free(s);
    return out;
}

void lm_err_addv(LmErrors *e, const char *file, const char *path, const char *fmt, va_list ap)
{
    if (!e)
        return;
    if (e->count >= LM_ERR_MAX) {
        e->dropped++;
        return;
    }
    char *msg = strfmtv(fmt, ap);
    char *full;
    if (path && *path)
        full = lm_strfmt("%s: %s: %s", file ? file : "(input)", path, msg ? msg : "out of memory");
    else
        full = lm_strfmt("%s: %s", file ? file : "(input)", msg ? msg : "out of memory");
    free(msg);
    full = one_line(full);
    if (full)
        e->items[e->count++] = full;
    else
        e->dropped++;
}

void lm_err_add(LmErrors *e, const char *file, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lm_err_addv(e, file, path, fmt, ap);
    va_end(ap);
}

void lm_err_take(LmErrors *to, LmErrors *from)
{
    if (!from)
        return;
    for (int i = 0; i < from->count; i++) {
        if (to && to->count < LM_ERR_MAX)
            to->items[to->count++] = from->items[i];
        else {
            free(from->items[i]);
            if (to)
                to->dropped++;
        }
    }
    if (to)
        to->dropped += from->dropped;
    from->count = 0;
    from->dropped = 0;
}

void lm_err_clear(LmErrors *e)
{
    if (!e)
        return;
    for (int i = 0; i < e->count; i++)
        free(e->items[i]);
    e->count = 0;
    e->dropped = 0;
}
