/* lt_lib: load the shipped data library for a core test (run from the repo
 * root), printing every problem. False when it does not load or has no
 * exercises: the test should then fail at once. */
#ifndef LT_LIB_H
#define LT_LIB_H

#include <stdio.h>

#include "lm_anim.h"

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

#endif
