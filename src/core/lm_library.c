/* lm_library: loading the data library: named poses, exercises, routines, the
 * safety card and the voice manifest (lm_library_int.h lists the files).
 * Every problem is reported with the file, the JSON path and what was
 * wrong; nothing is printed here. */
#include "lm_library.h"

#include "lm_library_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lm_json.h"

/* Ends in NULL: it doubles as an lm_j_known_keys list. */
const char *const lm_lib_level_names[LM_LEVEL_COUNT + 1] = {"beginner", "active", NULL};
const char *lm_level_name(LmLevel l) { return l >= 0 && l < LM_LEVEL_COUNT ? lm_lib_level_names[l] : "?"; }
int lm_level_from_name(const char *s)
{
    for (int i = 0; s && i < LM_LEVEL_COUNT; i++)
        if (strcmp(s, lm_lib_level_names[i]) == 0)
            return i;
    return -1;
}

/* What a parsed file is, by the keys lm_lib_check_root tells the kinds
 * apart by, in its order (NULL or not an object: unknown). */
LmFileKind lm_lib_kind_of_json(const cJSON *root)
{
    if (!cJSON_IsObject(root))
        return LM_FILE_UNKNOWN;
    if (cJSON_GetObjectItemCaseSensitive(root, "joints"))
        return LM_FILE_SKELETON;
    if (cJSON_GetObjectItemCaseSensitive(root, "poses"))
        return LM_FILE_POSES;
    if (cJSON_GetObjectItemCaseSensitive(root, "clips"))
        return LM_FILE_VOICE;
    if (cJSON_GetObjectItemCaseSensitive(root, "lines"))
        return LM_FILE_SAFETY;
    if (cJSON_GetObjectItemCaseSensitive(root, "items"))
        return LM_FILE_ROUTINE;
    if (cJSON_GetObjectItemCaseSensitive(root, "moves") || cJSON_GetObjectItemCaseSensitive(root, "start"))
        return LM_FILE_EXERCISE;
    return LM_FILE_UNKNOWN;
}

static bool parse_safety(Ctx *c, const cJSON *root)
{
    static const char *const keys[] = {"title", "lines", "cue", NULL};
    LmJ *j = c->j;
    LmLibrary *lib = c->lib;
    int before = j->n_errors;
    if (!lm_j_is_object(j, root))
        return false;
    lm_j_known_keys(j, root, keys);
    lm_j_string(j, root, "title", true, 48, &lib->safety_title);
    lm_j_string(j, root, "cue", true, MAX_TEXT, &lib->safety_cue);
    lm_lib_check_no_braces(j, "cue", lib->safety_cue);
    lm_lib_check_no_braces(j, "title", lib->safety_title);
    lm_lib_parse_strings(j, root, "lines", 10, &lib->safety_lines, &lib->n_safety_lines);
    return j->n_errors == before;
}

static bool parse_manifest(Ctx *c, const cJSON *root)
{
    static const char *const keys[] = {"clips", NULL};
    static const char *const ckeys[] = {"text", "file", "duration_s", "sha1", NULL};
    LmJ *j = c->j;
    LmLibrary *lib = c->lib;
    int before = j->n_errors;
    if (!lm_j_is_object(j, root))
        return false;
    lm_j_known_keys(j, root, keys);
    const cJSON *clips = cJSON_GetObjectItemCaseSensitive(root, "clips");
    size_t m = lm_j_key(j, "clips");
    if (!cJSON_IsArray(clips))
        lm_j_error(j, "expected an array of clips, got %s", lm_j_type_name(clips));
    else if (cJSON_GetArraySize(clips) > 0 &&
             (lib->clips = calloc((size_t)cJSON_GetArraySize(clips), sizeof *lib->clips))) {
        int i = 0;
        for (const cJSON *it = clips->child; it; it = it->next, i++) {
            size_t mi = lm_j_index(j, i);
            LmClip cl = {0};
            if (lm_j_is_object(j, it)) {
                lm_j_known_keys(j, it, ckeys);
                bool ok = lm_j_string(j, it, "text", true, 400, &cl.text);
                ok &= lm_j_string(j, it, "file", true, 200, &cl.file);
                ok &= lm_j_number(j, it, "duration_s", true, 0.01, 60, &cl.duration_s);
                if (ok && !lm_lib_safe_relative(cl.file)) {
                    size_t mf = lm_j_key(j, "file");
                    lm_j_error(j, "'%s' leaves the voice folder", cl.file);
                    lm_j_pop(j, mf);
                    ok = false;
                }
                if (ok) {
                    /* the clip itself: there and a file (whether it decodes
                     * is for the player, which chimes instead of one that
                     * does not); a missing one stays listed, so the timing
                     * is the same, and is reported */
                    const char *slash = strrchr(j->file, '/');
                    char *p =
                        slash ? lm_strfmt("%.*s/%s", (int)(slash - j->file), j->file, cl.file) : lm_strdup(cl.file);
                    struct stat st;
                    const char *why = !p                     ? NULL
                                      : stat(p, &st) != 0    ? "is missing from the voice folder"
                                      : !S_ISREG(st.st_mode) ? "is not a file"
                                      : st.st_size == 0      ? "is empty"
                                                             : NULL;
                    if (why) {
                        size_t mf = lm_j_key(j, "file");
                        lm_j_error(j, "'%s' %s (a chime plays instead)", cl.file, why);
                        lm_j_pop(j, mf);
                    }
                    free(p);
                }
                if (ok)
                    lib->clips[lib->n_clips++] = cl;
                else {
                    free(cl.text);
                    free(cl.file);
                }
            }
            lm_j_pop(j, mi);
        }
    }
    lm_j_pop(j, m);
    return j->n_errors == before;
}

/* ---- library ---------------------------------------------------------- */

int lm_lib_find_exercise(const LmLibrary *lib, const char *id)
{
    for (int i = 0; id && i < lib->n_exercises; i++)
        if (lib->exercises[i].id && strcmp(lib->exercises[i].id, id) == 0)
            return i;
    return -1;
}
int lm_lib_find_routine(const LmLibrary *lib, const char *id)
{
    for (int i = 0; id && i < lib->n_routines; i++)
        if (lib->routines[i].id && strcmp(lib->routines[i].id, id) == 0)
            return i;
    return -1;
}
int lm_lib_find_pose(const LmLibrary *lib, const char *name)
{
    for (int i = 0; name && i < lib->n_poses; i++)
        if (strcmp(lib->poses[i].name, name) == 0)
            return i;
    return -1;
}
const LmClip *lm_lib_find_clip(const LmLibrary *lib, const char *text)
{
    for (int i = 0; text && i < lib->n_clips; i++)
        if (strcmp(lib->clips[i].text, text) == 0)
            return &lib->clips[i];
    return NULL;
}

/* The same file, however the two paths spell it. */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (!a || !b)
        return false;
    if (strcmp(a, b) == 0)
        return true;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int lm_lib_add_exercise_from_json(LmLibrary *lib, const cJSON *root, const char *path, LmErrors *err)
{
    LmJ j;
    lm_j_init(&j, path, err);
    Ctx c = {.lib = lib, .j = &j};
    LmExercise e;
    bool ok = lm_lib_parse_exercise(&c, root, path, &e);
    if (ok && lm_lib_find_exercise(lib, e.id) >= 0) {
        /* Same id twice: a routine file naming a shipped exercise's copy is
         * fine if it is the very same file; otherwise it is ambiguous. */
        int k = lm_lib_find_exercise(lib, e.id);
        if (!same_file(lib->exercises[k].path, path)) {
            lm_err_add(err, path, "$.id", "an exercise with id '%s' already exists (%s)", e.id, lib->exercises[k].path);
            ok = false;
        } else {
            lm_lib_free_exercise(&e);
            return k;
        }
    }
    if (!ok) {
        lm_lib_free_exercise(&e);
        return -1;
    }
    LmExercise *grown = realloc(lib->exercises, ((size_t)lib->n_exercises + 1) * sizeof *grown);
    if (!grown) {
        lm_lib_free_exercise(&e);
        lm_err_add(err, path, NULL, "out of memory");
        return -1;
    }
    lib->exercises = grown;
    lib->exercises[lib->n_exercises] = e;
    return lib->n_exercises++;
}

typedef int (*AddFn)(LmLibrary *, const cJSON *, const char *, LmErrors *);

/* Read a file and hand its document to add; the index added, or -1. */
static int add_file(LmLibrary *lib, const char *path, LmErrors *err, AddFn add)
{
    cJSON *root = lm_json_load_file(path, err);
    if (!root)
        return -1;
    int k = add(lib, root, path, err);
    cJSON_Delete(root);
    return k;
}

int lm_lib_add_exercise_file(LmLibrary *lib, const char *path, LmErrors *err)
{
    return add_file(lib, path, err, lm_lib_add_exercise_from_json);
}

static int add_routine_from_json(LmLibrary *lib, const cJSON *root, const char *path, LmErrors *err)
{
    LmJ j;
    lm_j_init(&j, path, err);
    Ctx c = {.lib = lib, .j = &j};
    LmRoutine r;
    bool ok = lm_lib_parse_routine(&c, root, path, &r);
    if (ok && lm_lib_find_routine(lib, r.id) >= 0) {
        /* the very file already loaded (a shipped routine given by path)
         * is that routine; another file with its id is ambiguous */
        int k = lm_lib_find_routine(lib, r.id);
        if (same_file(lib->routines[k].path, path)) {
            lm_lib_free_routine(&r);
            return k;
        }
        lm_err_add(err, path, "$.id", "a routine with id '%s' already exists (%s)", r.id,
                   lib->routines[k].path ? lib->routines[k].path : "shipped");
        ok = false;
    }
    if (!ok) {
        lm_lib_free_routine(&r);
        return -1;
    }
    LmRoutine *grown = realloc(lib->routines, ((size_t)lib->n_routines + 1) * sizeof *grown);
    if (!grown) {
        lm_lib_free_routine(&r);
        return -1;
    }
    lib->routines = grown;
    lib->routines[lib->n_routines] = r;
    return lib->n_routines++;
}

int lm_lib_add_routine_file(LmLibrary *lib, const char *path, LmErrors *err)
{
    return add_file(lib, path, err, add_routine_from_json);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The .json files of a folder, sorted, as heap paths; NULL-safe on errors. */
static char **list_json(const char *dir, int *n_out, LmErrors *err)
{
    *n_out = 0;
    DIR *d = opendir(dir);
    if (!d) {
        /* a data folder holds both exercises and routines */
        lm_err_add(err, dir, NULL, "cannot open the folder: %s", strerror(errno));
        return NULL;
    }
    char **v = calloc(MAX_FILES, sizeof *v);
    struct dirent *de;
    while (v && (de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l < 6 || strcmp(de->d_name + l - 5, ".json") != 0)
            continue;
        if (*n_out >= MAX_FILES) {
            lm_err_add(err, dir, NULL, "more than %d files; the rest are ignored", MAX_FILES);
            break;
        }
        v[(*n_out)++] = lm_strfmt("%s/%s", dir, de->d_name);
    }
    closedir(d);
    if (v)
        qsort(v, (size_t)*n_out, sizeof *v, cmp_str);
    return v;
}

static void free_list(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

typedef bool (*ParseFn)(Ctx *, const cJSON *);

static bool load_simple(LmLibrary *lib, const char *path, ParseFn fn, LmErrors *err)
{
    cJSON *root = lm_json_load_file(path, err);
    if (!root)
        return false;
    LmJ j;
    lm_j_init(&j, path, err);
    Ctx c = {.lib = lib, .j = &j};
    bool ok = fn(&c, root);
    cJSON_Delete(root);
    return ok;
}

bool lm_lib_load(LmLibrary *lib, const char *data_dir, LmErrors *err)
{
    memset(lib, 0, sizeof *lib);
    lib->data_dir = lm_strdup(data_dir);
    bool ok = true;
    char *p = lm_strfmt("%s/anims/skeleton.json", data_dir);
    if (!lm_skel_load(&lib->skel, p, err)) {
        free(p);
        return false; /* nothing else can be read without the skeleton */
    }
    free(p);
    p = lm_strfmt("%s/anims/poses.json", data_dir);
    ok &= load_simple(lib, p, lm_lib_parse_poses, err);
    free(p);
    char *safety = lm_strfmt("%s/anims/safety.json", data_dir);
    struct stat st;
    bool have_safety = stat(safety, &st) == 0;
    if (have_safety)
        ok &= load_simple(lib, safety, parse_safety, err);
    p = lm_strfmt("%s/assets/voice/manifest.json", data_dir);
    if (stat(p, &st) == 0)
        ok &= load_simple(lib, p, parse_manifest, err);
    free(p);
    int n = 0;
    p = lm_strfmt("%s/anims/exercises", data_dir);
    char **files = list_json(p, &n, err);
    free(p);
    if (!files)
        ok = false;
    for (int i = 0; i < n; i++)
        ok &= lm_lib_add_exercise_file(lib, files[i], err) >= 0;
    free_list(files, n);
    p = lm_strfmt("%s/anims/routines", data_dir);
    files = list_json(p, &n, err);
    free(p);
    if (!files)
        ok = false;
    for (int i = 0; i < n; i++)
        ok &= lm_lib_add_routine_file(lib, files[i], err) >= 0;
    free_list(files, n);
    /* A routine opens on the safety card unless it says otherwise: without
     * the card's file it would start without a word of it. */
    for (int i = 0; i < lib->n_routines && !have_safety; i++)
        if (lib->routines[i].safety) {
            lm_err_add(err, safety, NULL,
                       "missing: routine '%s' opens with the safety card this file holds (or set \"safety\": "
                       "false in the routine)",
                       lib->routines[i].id);
            ok = false;
            break;
        }
    free(safety);
    return ok;
}

void lm_lib_free(LmLibrary *lib)
{
    if (!lib)
        return;
    for (int i = 0; i < lib->n_poses; i++)
        free(lib->poses[i].name);
    free(lib->poses);
    for (int i = 0; i < lib->n_bad_poses; i++)
        free(lib->bad_poses[i]);
    free(lib->bad_poses);
    for (int i = 0; i < lib->n_exercises; i++)
        lm_lib_free_exercise(&lib->exercises[i]);
    free(lib->exercises);
    for (int i = 0; i < lib->n_routines; i++)
        lm_lib_free_routine(&lib->routines[i]);
    free(lib->routines);
    for (int i = 0; i < lib->n_clips; i++) {
        free(lib->clips[i].text);
        free(lib->clips[i].file);
    }
    free(lib->clips);
    free(lib->safety_title);
    free(lib->safety_cue);
    for (int i = 0; i < lib->n_safety_lines; i++)
        free(lib->safety_lines[i]);
    free(lib->safety_lines);
    for (int i = 0; i < lib->n_broken; i++) {
        free(lib->broken[i].path);
        free(lib->broken[i].id);
        free(lib->broken[i].message);
    }
    free(lib->broken);
    free(lib->data_dir);
    memset(lib, 0, sizeof *lib);
}

/* Check a parsed document of any kind, without keeping it. */
bool lm_lib_check_root(LmLibrary *lib, const cJSON *root, const char *name, LmErrors *err)
{
    LmJ j;
    lm_j_init(&j, name, err);
    Ctx c = {.lib = lib, .j = &j};
    if (!cJSON_IsObject(root)) {
        lm_j_error(&j, "expected an object, got %s", lm_j_type_name(root));
        return false;
    }
    if (cJSON_GetObjectItemCaseSensitive(root, "joints")) {
        /* The skeleton loader reads from a path; check a copy through it. */
        LmSkeleton sk;
        return lm_skel_load(&sk, name, err);
    }
    if (cJSON_GetObjectItemCaseSensitive(root, "poses")) {
        LmLibrary tmp = *lib; /* parse into a scratch library so lib is untouched */
        tmp.poses = NULL;
        tmp.n_poses = 0;
        tmp.bad_poses = NULL;
        tmp.n_bad_poses = 0;
        c.lib = &tmp;
        bool ok = lm_lib_parse_poses(&c, root);
        for (int i = 0; i < tmp.n_poses; i++)
            free(tmp.poses[i].name);
        free(tmp.poses);
        for (int i = 0; i < tmp.n_bad_poses; i++)
            free(tmp.bad_poses[i]);
        free(tmp.bad_poses);
        return ok;
    }
    if (cJSON_GetObjectItemCaseSensitive(root, "items")) {
        LmRoutine r;
        int n_before = lib->n_exercises;
        bool ok = lm_lib_parse_routine(&c, root, name, &r);
        lm_lib_free_routine(&r);
        /* Exercises a routine loaded by path during the check are dropped. */
        for (int i = n_before; i < lib->n_exercises; i++)
            lm_lib_free_exercise(&lib->exercises[i]);
        lib->n_exercises = n_before;
        return ok;
    }
    if (cJSON_GetObjectItemCaseSensitive(root, "clips")) {
        LmLibrary tmp = {0};
        tmp.skel = lib->skel;
        c.lib = &tmp;
        bool ok = parse_manifest(&c, root);
        lm_lib_free(&tmp);
        return ok;
    }
    if (cJSON_GetObjectItemCaseSensitive(root, "lines")) {
        LmLibrary tmp = {0};
        c.lib = &tmp;
        bool ok = parse_safety(&c, root);
        lm_lib_free(&tmp);
        return ok;
    }
    if (cJSON_GetObjectItemCaseSensitive(root, "moves") || cJSON_GetObjectItemCaseSensitive(root, "start")) {
        LmExercise e;
        bool ok = lm_lib_parse_exercise(&c, root, name, &e);
        lm_lib_free_exercise(&e);
        return ok;
    }
    lm_j_error(&j, "not a limber file: expected an exercise (\"moves\"), a routine (\"items\"), "
                   "poses (\"poses\") or a skeleton (\"joints\")");
    return false;
}

const char *lm_file_kind_name(LmFileKind k)
{
    switch (k) {
    case LM_FILE_EXERCISE: return "an exercise";
    case LM_FILE_ROUTINE: return "a routine";
    case LM_FILE_SKELETON: return "a skeleton";
    case LM_FILE_POSES: return "a poses file";
    case LM_FILE_VOICE: return "a voice clip list";
    case LM_FILE_SAFETY: return "a safety card";
    default: return "not one of limber's files";
    }
}

LmFileKind lm_lib_file_kind(const char *path)
{
    LmErrors quiet = {0};
    cJSON *root = lm_json_load_file(path, &quiet);
    lm_err_clear(&quiet);
    LmFileKind k = lm_lib_kind_of_json(root);
    cJSON_Delete(root);
    return k;
}

bool lm_lib_check_text(LmLibrary *lib, const char *name, const char *buf, size_t len, LmErrors *err)
{
    cJSON *root = lm_json_parse_buffer(name, buf, len, err);
    if (!root)
        return false;
    bool ok;
    if (cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "joints")) {
        /* Skeletons are read from paths; a buffer is checked for shape only. */
        LmJ j;
        lm_j_init(&j, name, err);
        static const char *const keys[] = {"height_m", "segment_table", "joints", "sites", NULL};
        lm_j_known_keys(&j, root, keys);
        ok = j.n_errors == 0;
    } else {
        ok = lm_lib_check_root(lib, root, name, err);
    }
    cJSON_Delete(root);
    return ok;
}

bool lm_lib_check_file(LmLibrary *lib, const char *path, LmErrors *err)
{
    cJSON *root = lm_json_load_file(path, err);
    if (!root)
        return false;
    bool ok = lm_lib_check_root(lib, root, path, err);
    cJSON_Delete(root);
    return ok;
}

static bool moves_use_hold(const LmMove *m, int n)
{
    for (int i = 0; i < n; i++) {
        if (m[i].kind == LM_MOVE_HOLD && m[i].hold_level)
            return true;
        if (m[i].kind == LM_MOVE_REPEAT &&
            (m[i].repeat_kind == LM_REPEAT_HOLD || moves_use_hold(m[i].moves, m[i].n_moves)))
            return true;
    }
    return false;
}

bool lm_exercise_uses_hold(const LmExercise *e)
{
    return e && (moves_use_hold(e->setup.moves, e->setup.n) || moves_use_hold(e->per_side.moves, e->per_side.n) ||
                 moves_use_hold(e->finish.moves, e->finish.n));
}
