/* test_core_timeline_limits: a small file must not compile into a timeline
 * that exhausts memory. Repeats nest two deep and each repeats up to 60
 * times over up to 64 moves, so a few kilobytes can ask for hundreds of
 * thousands of keyframes (and a 64 KB file for billions). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <unistd.h>

#include "lm_timeline.h"
#include "lt.h"

static LmLibrary lib;
static char dir[64];

/* An exercise whose moves are one repeat of `outer` times over `inner_n`
 * repeats of `inner` times over `k` motions: outer * inner_n * inner * k
 * motions a side. Returns its library index, or -1. */
static int add_nested(const char *id, int outer, int inner_n, int inner, int k)
{
    size_t cap = 1 << 20, n = 0;
    char *s = malloc(cap);
    if (!s)
        return -1;
    n += (size_t)snprintf(s + n, cap - n,
                          "{\"id\": \"%s\", \"title\": \"Nested\", \"purpose\": \"p\", \"source\": \"s\", "
                          "\"steps\": [\"a\"], \"camera\": {\"yaw\": 0}, \"start\": {\"base\": \"standing\"}, "
                          "\"moves\": [{\"repeat\": %d, \"moves\": [",
                          id, outer);
    for (int i = 0; i < inner_n; i++) {
        n += (size_t)snprintf(s + n, cap - n, "%s{\"repeat\": %d, \"moves\": [", i ? ", " : "", inner);
        for (int j = 0; j < k; j++)
            n += (size_t)snprintf(s + n, cap - n, "%s{\"pose\": {\"hip_l\": {\"flex\": %d}}, \"move_s\": 0.1}",
                                  j ? ", " : "", 10 + 10 * (j % 2));
        n += (size_t)snprintf(s + n, cap - n, "]}");
    }
    n += (size_t)snprintf(s + n, cap - n, "]}]}\n");
    char path[128];
    snprintf(path, sizeof path, "%s/%s.json", dir, id);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(s, 1, n, f);
        fclose(f);
    }
    free(s);
    LmErrors err = {0};
    int k_ex = lm_lib_add_exercise_file(&lib, path, &err);
    LT_CHECK_MSG(k_ex >= 0, "%s does not load: %s", id, err.count ? err.items[0] : "");
    lm_err_clear(&err);
    remove(path);
    return k_ex;
}

static void timeline_refuses_a_program_that_expands_past_its_bound(void)
{
    /* 60 * 10 * 60 * 10 = 360000 motions a side from a 4 KB file. */
    int k = add_nested("nested-deep", 60, 10, 60, 10);
    if (k < 0)
        return;
    LmErrors err = {0};
    LmCompileOpts co = {.level = LM_LEVEL_BEGINNER};
    LmTimeline *tl = lm_timeline_compile_exercise(&lib, k, &co, &err);
    LT_CHECK_MSG(tl == NULL, "compiled into %d keyframes", tl ? tl->n_keys : 0);
    LT_CHECK(err.count == 1);
    if (err.count == 1) {
        char want[160];
        snprintf(want, sizeof want, "nested-deep.json: the moves expand to more than %d keyframes",
                 LM_TIMELINE_MAX_KEYS);
        LT_STR_CONTAINS(err.items[0], want);
    }
    lm_timeline_free(tl);
    lm_err_clear(&err);
}

static void timeline_compiles_a_long_program_inside_the_bound(void)
{
    /* 60 * 1 * 60 * 2 = 7200 motions a side: long, but it plays. */
    int k = add_nested("nested-long", 60, 1, 60, 2);
    if (k < 0)
        return;
    LmErrors err = {0};
    LmCompileOpts co = {.level = LM_LEVEL_ACTIVE};
    LmTimeline *tl = lm_timeline_compile_exercise(&lib, k, &co, &err);
    LT_CHECK_MSG(tl != NULL, "refused: %s", err.count ? err.items[0] : "");
    if (tl) {
        LT_CHECK(tl->n_keys >= 7200 && tl->n_keys <= LM_TIMELINE_MAX_KEYS);
        LT_NEAR(tl->duration_s, 7200 * 0.1, 60.0); /* the motions plus lead-in and cues */
    }
    lm_timeline_free(tl);
    lm_err_clear(&err);
}

int main(void)
{
    LmErrors err = {0};
    lm_lib_load(&lib, ".", &err);
    lm_err_clear(&err);
    if (lib.n_poses == 0) {
        fprintf(stderr, "cannot load the library (run from the repository root)\n");
        return 1;
    }
    snprintf(dir, sizeof dir, "/tmp/limber-limits-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    LT_RUN(timeline_refuses_a_program_that_expands_past_its_bound);
    LT_RUN(timeline_compiles_a_long_program_inside_the_bound);
    rmdir(dir);
    lm_lib_free(&lib);
    return lt_summary();
}
