/* lt_lib: load the shipped data library for a core test (run from the repo
 * root), printing every problem. False when it does not load or has no
 * exercises: the test should then fail at once. */
#ifndef LT_LIB_H
#define LT_LIB_H

#include <stdio.h>

#include "lm_library.h"
#include "lm_timeline.h"

static inline bool lt_load_shipped_library(LmLibrary *lib)
{
    LmErrors err = {0};
    bool ok = lm_lib_load(lib, ".", &err);
    for (int i = 0; i < err.count; i++)
        fprintf(stderr, "  %s\n", err.items[i]);
    lm_err_clear(&err);
    if (!ok || lib->n_exercises == 0) {
        fprintf(stderr, "FAIL the shipped library does not load\n");
        return false;
    }
    return true;
}

/* Routine id of lib compiled at level, or NULL (saying why) when the
 * library has no such routine or it does not compile. */
static inline LmTimeline *lt_compile_routine(const LmLibrary *lib, const char *id, LmLevel level)
{
    int k = lm_lib_find_routine(lib, id);
    if (k < 0) {
        fprintf(stderr, "  no routine '%s' in the shipped library\n", id);
        return NULL;
    }
    LmErrors err = {0};
    LmCompileOpts co = {.level = level};
    LmTimeline *tl = lm_timeline_compile_routine(lib, k, &co, &err);
    for (int i = 0; i < err.count; i++)
        fprintf(stderr, "  %s\n", err.items[i]);
    lm_err_clear(&err);
    return tl;
}

#endif
