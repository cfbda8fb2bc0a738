/* lm_err: the error list the core fills instead of printing.
 * Each entry is one line, "FILE: $.json.path: message" (control characters
 * from the file are escaped); main.c decides what to
 * print and which exit status follows. The list is capped so a hostile file
 * cannot make it grow without bound. */
#ifndef LM_ERR_H
#define LM_ERR_H

#include <stdarg.h>
#include <stddef.h>

#define LM_ERR_MAX 256

typedef struct {
    char *items[LM_ERR_MAX];
    int count;
    int dropped; /* entries past LM_ERR_MAX, counted not stored */
} LmErrors;

/* Append "file: path: message" (path may be NULL for file-level problems). */
void lm_err_add(LmErrors *e, const char *file, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void lm_err_addv(LmErrors *e, const char *file, const char *path, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 0)))
#endif
    ;
/* Move every message of from (and its dropped count) to the end of to,
 * leaving from empty; to's cap still holds. */
void lm_err_take(LmErrors *to, LmErrors *from);
/* Free every stored message and reset the list to empty. */
void lm_err_clear(LmErrors *e);

/* A heap copy of s (NULL stays NULL); the core's one strdup. */
char *lm_strdup(const char *s);
/* printf into a fresh heap string; NULL only when out of memory. */
char *lm_strfmt(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#endif
