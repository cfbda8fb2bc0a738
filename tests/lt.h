/* lt: the tiny test harness. A test program defines test functions, lists
 * them in main with LT_RUN, and returns lt_summary(). A failed check prints
 * file:line and the expression and marks the test failed; it goes on so one
 * run shows every failure. */
#ifndef LT_H
#define LT_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int lt_failed_checks;
static int lt_tests_run, lt_tests_failed;
static int lt_cur_failed;

#define LT_CHECK(cond)                                                                                                 \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                                 \
            lt_failed_checks++;                                                                                        \
            lt_cur_failed = 1;                                                                                         \
        }                                                                                                              \
    } while (0)

#define LT_CHECK_MSG(cond, ...)                                                                                        \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "  %s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);                                 \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fputc('\n', stderr);                                                                                       \
            lt_failed_checks++;                                                                                        \
            lt_cur_failed = 1;                                                                                         \
        }                                                                                                              \
    } while (0)

#define LT_NEAR(a, b, tol)                                                                                             \
    LT_CHECK_MSG(fabs((double)(a) - (double)(b)) <= (tol), "%s = %.9g, %s = %.9g", #a, (double)(a), #b, (double)(b))

#define LT_STR_CONTAINS(hay, needle)                                                                                   \
    LT_CHECK_MSG((hay) && strstr((hay), (needle)), "\"%s\" does not contain \"%s\"", (hay) ? (hay) : "(null)", (needle))

#define LT_RUN(fn)                                                                                                     \
    do {                                                                                                               \
        lt_cur_failed = 0;                                                                                             \
        fn();                                                                                                          \
        lt_tests_run++;                                                                                                \
        if (lt_cur_failed)                                                                                             \
            lt_tests_failed++;                                                                                         \
        fprintf(stderr, "%s %s\n", lt_cur_failed ? "FAIL" : "ok  ", #fn);                                              \
    } while (0)

static inline int lt_summary(void)
{
    fprintf(stderr, "%d passed, %d failed\n", lt_tests_run - lt_tests_failed, lt_tests_failed);
    return lt_tests_failed ? 1 : 0;
}

#endif
