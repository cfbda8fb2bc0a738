/* fuzz_loader: libFuzzer target for everything limber reads from JSON.
 * Each input goes through the JSON reader and the typed getters, then the
 * library's checker as a file of any kind (poses, exercise, routine, safety
 * card, voice manifest) against a library loaded once from the data folder
 * ($LIMBER_DATA, else the current folder), then the skeleton loader when it
 * looks like a skeleton; an exercise or routine that passes is compiled into
 * timelines and sampled (finite, and no bone ever changes length). Beyond the sanitizers it asserts the
 * error contract: a buffer the JSON reader refuses gets exactly one message,
 * every message is one line that starts with a file name, and a file is
 * refused exactly when it gets a message. Build and run: tools/fuzz.sh. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem, mkdtemp */
#endif
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lm_json.h"
#include "lm_timeline.h"

/* The exercise checker wants the id to match the file name: "fuzz". */
#define FUZZ_NAME "fuzz.json"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static LmLibrary fuzz_lib;
static char fuzz_dir[64];   /* scratch folder for inputs the loaders read by path */
static char fuzz_path[128]; /* fuzz_dir/FUZZ_NAME */
static char ex_path[128];   /* fuzz_dir/ex.json: an exercise a routine may name by "file" */

/* A small valid exercise beside the input, so a routine's "file": "ex.json"
 * item loads (and the checker's clean-up of such exercises runs). */
static const char ex_json[] =
    "{\"id\": \"ex\", \"title\": \"Ex\", \"purpose\": \"p\", \"source\": \"s\", \"steps\": [\"a\"],"
    " \"camera\": {\"yaw\": 30}, \"sided\": true, \"hold_s\": {\"beginner\": [5, 10], \"active\": [10, 20]},"
    " \"start\": {\"base\": \"standing\"}, \"moves\": [{\"cue\": \"Lift\", \"pose\": {\"hip_l\": {\"flex\": 45}},"
    " \"move_s\": 2}, {\"hold\": \"level\"}]}\n";

static void fuzz_atexit(void)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", fuzz_dir, FUZZ_NAME);
    remove(p);
    remove(ex_path);
    rmdir(fuzz_dir);
    lm_lib_free(&fuzz_lib);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *data = getenv("LIMBER_DATA");
    LmErrors err = {0};
    /* Problems elsewhere in the data (reported by its own tests) do not stop
     * fuzzing as long as the skeleton and the named poses loaded. */
    lm_lib_load(&fuzz_lib, data && *data ? data : ".", &err);
    if (fuzz_lib.skel.height_m <= 0 || fuzz_lib.n_poses == 0) {
        fprintf(stderr, "fuzz_loader: cannot load the library (run from the repository root or set LIMBER_DATA)\n");
        for (int i = 0; i < err.count; i++)
            fprintf(stderr, "  %s\n", err.items[i]);
        abort();
    }
    lm_err_clear(&err);
    snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/limber-fuzz-XXXXXX");
    if (!mkdtemp(fuzz_dir))
        abort();
    snprintf(fuzz_path, sizeof fuzz_path, "%s/%s", fuzz_dir, FUZZ_NAME);
    snprintf(ex_path, sizeof ex_path, "%s/ex.json", fuzz_dir);
    FILE *f = fopen(ex_path, "wb");
    if (!f || fwrite(ex_json, 1, sizeof ex_json - 1, f) != sizeof ex_json - 1)
        abort();
    fclose(f);
    atexit(fuzz_atexit);
    return 0;
}

/* Write the input where the path-based loaders can read it. */
static const char *write_input(const uint8_t *data, size_t size)
{
    const char *p = fuzz_path;
    FILE *f = fopen(p, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    return p;
}

/* Every message is one line "FILE: ...". FILE is `name`, or with name NULL
 * any file (a routine's problems with an exercise file it names are
 * reported against that file). */
static void check_messages(const LmErrors *err, const char *name)
{
    size_t nlen = name ? strlen(name) : 0;
    for (int i = 0; i < err->count; i++) {
        const char *m = err->items[i];
        bool named = name ? strncmp(m, name, nlen) == 0 && strncmp(m + nlen, ": ", 2) == 0
                          : strstr(m, ": ") != NULL && strstr(m, ": ") != m;
        if (!named || strchr(m, '\n') || strchr(m, '\r')) {
            fprintf(stderr, "message breaks the \"FILE: ...\" one-line contract: [%s]\n", m);
            abort();
        }
    }
}

/* Drive every getter over every member of every object, as the loaders do. */
static void walk(LmJ *j, const cJSON *v, int depth)
{
    static const char *const allowed[] = {"id", "title", "moves", "pose", "hold", "ease", "a", NULL};
    if (cJSON_IsObject(v)) {
        lm_j_known_keys(j, v, allowed);
        for (const cJSON *c = v->child; c; c = c->next) {
            const char *k = c->string ? c->string : "";
            double d = 0, four[4];
            int i = 0;
            bool b = false;
            char *s = NULL;
            lm_j_number(j, v, k, true, -1e6, 1e6, &d);
            lm_j_int(j, v, k, false, -1000, 1000, &i);
            lm_j_bool(j, v, k, false, &b);
            lm_j_string(j, v, k, false, 64, &s);
            lm_j_numbers(j, v, k, false, 4, 0, 1, four);
            free(s);
            size_t m = lm_j_key(j, k);
            walk(j, c, depth + 1);
            lm_j_pop(j, m);
        }
    } else if (cJSON_IsArray(v)) {
        int i = 0;
        for (const cJSON *c = v->child; c; c = c->next, i++) {
            size_t m = lm_j_index(j, i);
            double d = 0;
            lm_j_value_number(j, c, -1e6, 1e6, &d);
            lm_j_is_object(j, c);
            walk(j, c, depth + 1);
            lm_j_pop(j, m);
        }
    }
}

/* A compiled timeline is sampled across its length: every frame finite,
 * and the figure never stretches (every bone keeps its length through
 * easing, slerp, support, anchors and reach). Frees tl. */
static void sample_timeline(const LmLibrary *lib, LmTimeline *tl, LmErrors *err)
{
    check_messages(err, NULL);
    lm_err_clear(err);
    if (!tl)
        return;
    if (!(tl->duration_s > 0) || !isfinite(tl->duration_s)) {
        fprintf(stderr, "timeline of duration %g\n", tl->duration_s);
        abort();
    }
    for (int i = 0; i <= 16; i++) {
        double t = tl->duration_s * i / 16.0;
        LmFrame f;
        LmOverlayState st;
        lm_timeline_frame(tl, t, &f);
        lm_timeline_state(tl, t, &st);
        for (int q = 0; q < LM_POINT_COUNT; q++) {
            if (!isfinite(f.p[q].x + f.p[q].y + f.p[q].z)) {
                fprintf(stderr, "%s is not finite at t = %g\n", lm_point_name(q), t);
                abort();
            }
            int parent = lm_point_parent(&lib->skel, q);
            if (parent < 0)
                continue;
            double len = lm_v3_len(lm_v3_sub(f.p[q], f.p[parent]));
            if (fabs(len - lm_bone_length_m(&lib->skel, q)) > 1e-6) {
                fprintf(stderr, "%s stretched to %g m (bone %g m) at t = %g\n", lm_point_name(q), len,
                        lm_bone_length_m(&lib->skel, q), t);
                abort();
            }
        }
    }
    free(lm_timeline_to_json(tl));
    lm_timeline_free(tl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    LmErrors err = {0};
    cJSON *root = lm_json_parse_buffer(FUZZ_NAME, (const char *)data, size, &err);
    if (!root && err.count != 1) {
        fprintf(stderr, "a refused buffer gave %d messages, expected exactly one\n", err.count);
        abort();
    }
    if (root) {
        LmJ j;
        lm_j_init(&j, FUZZ_NAME, &err);
        walk(&j, root, 0);
        if (strcmp(j.path, "$") != 0) {
            fprintf(stderr, "the JSON path did not pop back to $: %s\n", j.path);
            abort();
        }
        cJSON_Delete(root);
    }
    check_messages(&err, FUZZ_NAME);
    lm_err_clear(&err);

    /* The library's checker, as a file of any kind, named as if it sat in
     * the scratch folder (a routine's "file" items resolve there). */
    bool ok = lm_lib_check_text(&fuzz_lib, fuzz_path, (const char *)data, size, &err);
    check_messages(&err, NULL);
    if (ok != (err.count == 0)) {
        fprintf(stderr, "the checker said %s with %d messages\n", ok ? "fine" : "refused", err.count);
        abort();
    }
    lm_err_clear(&err);

    bool skeleton = size < 65536 && memmem(data, size, "\"joints\"", 8);
    bool routine = ok && memmem(data, size, "\"items\"", 7);
    bool exercise = ok && !routine && memmem(data, size, "\"moves\"", 7);
    if (!skeleton && !exercise && !routine)
        return 0;
    const char *path = write_input(data, size);
    if (skeleton) {
        LmSkeleton sk;
        bool sk_ok = lm_skel_load(&sk, path, &err);
        if (sk_ok != (err.count == 0))
            abort();
        if (sk_ok) { /* a skeleton that loads gives finite kinematics */
            LmPose p;
            LmFrame f;
            lm_pose_zero(&p);
            lm_fk(&sk, &p, &f);
            for (int i = 0; i < LM_POINT_COUNT; i++)
                if (!isfinite(f.p[i].x + f.p[i].y + f.p[i].z))
                    abort();
        }
        lm_err_clear(&err);
    }
    if (exercise) {
        /* A scratch library sharing the loaded one's skeleton and poses. */
        LmLibrary tmp = fuzz_lib;
        tmp.exercises = NULL;
        tmp.n_exercises = 0;
        int k = lm_lib_add_exercise_file(&tmp, path, &err);
        if ((k >= 0) != (err.count == 0))
            abort();
        lm_err_clear(&err);
        for (int l = 0; k >= 0 && l < LM_LEVEL_COUNT; l++) {
            LmCompileOpts co = {.level = (LmLevel)l};
            sample_timeline(&tmp, lm_timeline_compile_exercise(&tmp, k, &co, &err), &err);
        }
        /* Free only what the scratch library owns. */
        LmLibrary own = {0};
        own.exercises = tmp.exercises;
        own.n_exercises = tmp.n_exercises;
        lm_lib_free(&own);
    }
    if (routine) {
        /* A scratch library with its own copy of the exercise array (a
         * routine's "file" items append to it) and no routines. */
        LmLibrary tmp = fuzz_lib;
        int n0 = fuzz_lib.n_exercises;
        tmp.exercises = malloc(((size_t)n0 + 1) * sizeof *tmp.exercises);
        if (!tmp.exercises)
            abort();
        if (n0)
            memcpy(tmp.exercises, fuzz_lib.exercises, (size_t)n0 * sizeof *tmp.exercises);
        tmp.routines = NULL;
        tmp.n_routines = 0;
        int k = lm_lib_add_routine_file(&tmp, path, &err);
        if ((k >= 0) != (err.count == 0))
            abort();
        lm_err_clear(&err);
        for (int l = 0; k >= 0 && l < LM_LEVEL_COUNT; l++) {
            LmCompileOpts co = {.level = (LmLevel)l};
            sample_timeline(&tmp, lm_timeline_compile_routine(&tmp, k, &co, &err), &err);
            LmCompileOpts over = {.level = (LmLevel)l, .hold_s = 7, .rest_s = 2, .no_safety = true};
            sample_timeline(&tmp, lm_timeline_compile_routine(&tmp, k, &over, &err), &err);
        }
        /* Free the routine and any exercise it added; the rest is shared. */
        LmLibrary own = {0};
        own.routines = tmp.routines;
        own.n_routines = tmp.n_routines;
        own.n_exercises = tmp.n_exercises - n0;
        own.exercises = malloc(((size_t)own.n_exercises + 1) * sizeof *own.exercises);
        if (!own.exercises)
            abort();
        if (own.n_exercises)
            memcpy(own.exercises, tmp.exercises + n0, (size_t)own.n_exercises * sizeof *own.exercises);
        free(tmp.exercises);
        lm_lib_free(&own);
    }
    return 0;
}
