/* modes: what each mode does once the flags are read: --list, --check,
 * --timeline, --cues, and playing, --render, --contact-sheet and --bench
 * (the modes that need SDL), after the data library is loaded. Problems
 * are printed here, and each mode returns its exit status. */
#include "modes.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "bench.h"
#include "export.h"
#include "lm_timeline.h"
#include "lm_user.h"
#include "paths.h"
#include "render.h"
#include "settings.h"

#define DEFAULT_ROUTINE "back-spasm-relief"

static void print_errors(const LmErrors *e)
{
    for (int i = 0; i < e->count; i++)
        fprintf(stderr, "%s\n", e->items[i]);
    if (e->dropped)
        fprintf(stderr, "(%d more problems not shown)\n", e->dropped);
}

static bool looks_like_path(const char *s) { return strchr(s, '/') || strstr(s, ".json"); }

/* An id that names no exercise (dir "exercises") or routine ("routines")
 * although its file is there: the loader left it out for problems it has
 * printed, which is the content's fault, not the command line's. Says so. */
static bool left_out(const LmLibrary *lib, const char *dir, const char *id)
{
    char *p = lm_lib_data_file(lib, dir, id);
    if (!p)
        return false;
    fprintf(stderr, "limber: %s '%s' was left out for the problems listed above (in %s)\n",
            dir[0] == 'e' ? "exercise" : "routine", id, p);
    free(p);
    return true;
}

/* A file name with no folder that is not there, while a shipped exercise
 * or routine has that name as its id ("cat-cow.json" for cat-cow): says
 * how to ask for the shipped one. */
static bool shipped_instead(const LmLibrary *lib, const char *path)
{
    struct stat st;
    size_t n = strlen(path);
    if (strchr(path, '/') || n <= 5 || strcmp(path + n - 5, ".json") != 0 || stat(path, &st) == 0)
        return false;
    char id[256];
    if (n - 5 >= sizeof id)
        return false;
    memcpy(id, path, n - 5);
    id[n - 5] = '\0';
    bool ex = lm_lib_find_exercise(lib, id) >= 0, ro = lm_lib_find_routine(lib, id) >= 0;
    if (!ex && !ro)
        return false;
    fprintf(stderr, "limber: there is no file '%s' here; for the shipped %s, give %s %s\n", path,
            ex ? "exercise" : "routine", ex ? "--exercise" : "--routine", id);
    return true;
}

/* A file of another kind (got, from lm_lib_file_kind) given where an
 * exercise or a routine is wanted (want: that kind, or LM_FILE_UNKNOWN for
 * either): says what it is, and which flag takes it, rather than list
 * everything it lacks. */
static bool wrong_kind(const char *path, LmFileKind got, LmFileKind want)
{
    if (got == LM_FILE_UNKNOWN || got == want ||
        (want == LM_FILE_UNKNOWN && (got == LM_FILE_EXERCISE || got == LM_FILE_ROUTINE)))
        return false;
    if (got == LM_FILE_EXERCISE || got == LM_FILE_ROUTINE)
        fprintf(stderr, "limber: %s: this is %s, not %s; give it with %s\n", path, lm_file_kind_name(got),
                lm_file_kind_name(want), got == LM_FILE_EXERCISE ? "--exercise" : "--routine");
    else
        fprintf(stderr, "limber: %s: this is %s, not %s\n", path, lm_file_kind_name(got),
                want == LM_FILE_UNKNOWN ? "an exercise or a routine" : lm_file_kind_name(want));
    return true;
}

/* Load the library and compile what the options name (routine, exercise,
 * the --timeline id, or the default routine) into a timeline. Prints
 * problems; returns NULL on failure with *status set (1 content, 2 usage). */
static LmTimeline *compile_timeline(const LbOptions *o, LmLibrary *lib, const char *id, int *status)
{
    LmErrors err = {0};
    LmCompileOpts co = {.level = o->level, .hold_s = o->hold_s};
    LmTimeline *tl = NULL;
    *status = 1;
    const char *ex = o->exercise, *ro = o->routine;
    const char *path = id && looks_like_path(id)   ? id
                       : ro && looks_like_path(ro) ? ro
                       : ex && looks_like_path(ex) ? ex
                                                   : NULL;
    LmFileKind kind = path ? lm_lib_file_kind(path) : LM_FILE_UNKNOWN;
    if (path && wrong_kind(path, kind,
                           path == id   ? LM_FILE_UNKNOWN
                           : path == ex ? LM_FILE_EXERCISE
                                        : LM_FILE_ROUTINE)) {
        *status = 2;
        return NULL;
    }
    if (path && shipped_instead(lib, path)) {
        *status = 2;
        return NULL;
    }
    if (id) {
        /* --timeline ID|FILE: a routine or an exercise, whichever has that
         * id, or whichever the file holds. */
        if (looks_like_path(id))
            ex = kind == LM_FILE_EXERCISE ? id : NULL, ro = ex ? NULL : id;
        else if (lm_lib_find_routine(lib, id) >= 0)
            ro = id;
        else
            ex = id;
    }
    if (!ex && !ro)
        ro = DEFAULT_ROUTINE;
    if (ro) {
        int k = looks_like_path(ro) ? lm_lib_add_routine_file(lib, ro, &err) : lm_lib_find_routine(lib, ro);
        if (k < 0 && !looks_like_path(ro) && lm_lib_find_exercise(lib, ro) >= 0)
            tl = lm_timeline_compile_exercise(lib, lm_lib_find_exercise(lib, ro), &co, &err);
        else if (k < 0 && !err.count && !left_out(lib, "routines", ro) && !left_out(lib, "exercises", ro)) {
            fprintf(stderr, "limber: no routine or exercise '%s' (see limber --list)\n", ro);
            *status = 2;
        } else if (k >= 0) {
            tl = lm_timeline_compile_routine(lib, k, &co, &err);
            if (tl && lib->routines[k].safety && !lib->safety_title)
                fprintf(stderr,
                        "limber: warning: '%s' plays WITHOUT its safety card: anims/safety.json is missing or "
                        "has problems (above)\n",
                        lib->routines[k].id);
        }
    } else {
        int k = looks_like_path(ex) ? lm_lib_add_exercise_file(lib, ex, &err) : lm_lib_find_exercise(lib, ex);
        if (k < 0 && !err.count && !left_out(lib, "exercises", ex) && !(id && left_out(lib, "routines", ex))) {
            if (!id && !looks_like_path(ex) && lm_lib_find_routine(lib, ex) >= 0)
                fprintf(stderr, "limber: no exercise '%s': it is a routine; give --routine %s\n", ex, ex);
            else
                fprintf(stderr, "limber: no %s '%s' (see limber --list)\n", id ? "routine or exercise" : "exercise",
                        ex);
            *status = 2;
        } else if (k >= 0)
            tl = lm_timeline_compile_exercise(lib, k, &co, &err);
    }
    print_errors(&err);
    lm_err_clear(&err);
    /* --hold sets the held stretch of each exercise, or how long a
     * breathing cycle goes on; one that holds only a few seconds inside
     * each repetition has neither: say so rather than seem to take it. */
    for (int i = 0; tl && o->hold_s > 0 && i < tl->n_items; i++) {
        int e = tl->items[i].exercise;
        if (e >= 0 && e < lib->n_exercises && !lm_exercise_uses_hold(&lib->exercises[e]))
            fprintf(stderr, "limber: note: %s has no held stretch for --hold to set\n",
                    tl->items[i].title ? tl->items[i].title : "an exercise");
    }
    return tl;
}

/* The user's files that could not be loaded, on stderr: every problem
 * (file, JSON path, message), then what became of them. */
static void print_broken(const LmLibrary *lib, const LmErrors *uerr)
{
    if (!lib->n_broken && !uerr->count)
        return;
    print_errors(uerr);
    if (lib->n_broken)
        fprintf(stderr, "limber: %d of your own file%s could not be loaded and %s left out (above)\n", lib->n_broken,
                lib->n_broken == 1 ? "" : "s", lib->n_broken == 1 ? "is" : "are");
}

/* Every exercise, then every routine, the user's own after the shipped
 * ones; a damaged file of the user's is named on stderr and does not
 * change the exit status. */
static int run_list(const LmLibrary *lib, const LmErrors *uerr)
{
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < lib->n_exercises; i++)
            if (lib->exercises[i].user == (pass == 1))
                printf("%s\t%s\n", lib->exercises[i].id, lib->exercises[i].title);
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < lib->n_routines; i++)
            if (lib->routines[i].user == (pass == 1))
                printf("%s\t%s\n", lib->routines[i].id, lib->routines[i].title);
    print_broken(lib, uerr);
    return 0;
}

/* An id the options name that is none of the library's but one of the
 * user's files that could not be loaded: says why, and true. */
static bool broken_asked(const LbOptions *o, const LmLibrary *lib)
{
    const char *ids[] = {o->routine, o->exercise, o->timeline_id};
    for (int k = 0; k < 3; k++) {
        const char *id = ids[k];
        if (!id || looks_like_path(id) || lm_lib_find_routine(lib, id) >= 0 || lm_lib_find_exercise(lib, id) >= 0)
            continue;
        for (int i = 0; i < lib->n_broken; i++)
            if (!strcmp(lib->broken[i].id, id)) {
                fprintf(stderr, "%s\n", lib->broken[i].message);
                fprintf(stderr, "limber: your own %s '%s' could not be loaded (the problem above)\n",
                        lib->broken[i].routine ? "routine" : "exercise", id);
                return true;
            }
    }
    return false;
}

/* Timing warnings, each said once: the same note on every rep and at
 * both levels differs only in its " at 12.3 s", so that is what tells
 * them apart; the first is printed, with how many more there were. */
typedef struct {
    char *key, *first;
    int more;
} Warn;
typedef struct {
    Warn *v;
    int n, cap;
} Warns;

static void warns_add(Warns *w, const char *text, const char *level)
{
    char *key = lm_strdup(text), *first = lm_strfmt("%s (%s)", text, level);
    if (!key || !first) {
        free(key);
        free(first);
        return;
    }
    char *at = strstr(key, " at ");
    if (at) {
        char *p = at + 4;
        while (*p && strchr("0123456789.", *p))
            p++;
        if (p > at + 4 && !strncmp(p, " s", 2))
            memmove(at, p + 2, strlen(p + 2) + 1);
    }
    for (int i = 0; i < w->n; i++)
        if (!strcmp(w->v[i].key, key)) {
            w->v[i].more++;
            free(key);
            free(first);
            return;
        }
    if (w->n == w->cap) {
        int cap = w->cap ? w->cap * 2 : 16;
        Warn *v = realloc(w->v, (size_t)cap * sizeof *v);
        if (!v) {
            free(key);
            free(first);
            return;
        }
        w->v = v, w->cap = cap;
    }
    w->v[w->n++] = (Warn){key, first, 0};
}

/* Print them (after "warning: PATH: " when path is given) and let go. */
static void warns_print(Warns *w, const char *path)
{
    for (int i = 0; i < w->n; i++) {
        fprintf(stderr, "warning: %s%s%s", path ? path : "", path ? ": " : "", w->v[i].first);
        if (w->v[i].more)
            fprintf(stderr, " (and %d more like it, on other reps or levels)", w->v[i].more);
        fputc('\n', stderr);
        free(w->v[i].key);
        free(w->v[i].first);
    }
    free(w->v);
    *w = (Warns){0};
}

/* Compile every exercise at every level: a cheap, complete check that the
 * shipped content plays. Cue timing notes are printed as warnings (once
 * each; routines repeat their exercises' notes, so exercises suffice). */
static int compile_all(const LmLibrary *lib, LmErrors *err)
{
    int bad = 0;
    Warns said = {0};
    for (int l = 0; l < LM_LEVEL_COUNT; l++) {
        LmCompileOpts co = {.level = (LmLevel)l};
        for (int i = 0; i < lib->n_exercises + lib->n_routines; i++) {
            LmTimeline *tl = i < lib->n_exercises ? lm_timeline_compile_exercise(lib, i, &co, err)
                                                  : lm_timeline_compile_routine(lib, i - lib->n_exercises, &co, err);
            bad += !tl;
            for (int w = 0; tl && i < lib->n_exercises && w < tl->n_warnings; w++)
                warns_add(&said, tl->warnings[w], lm_level_name((LmLevel)l));
            lm_timeline_free(tl);
        }
    }
    warns_print(&said, NULL);
    return bad;
}

/* The cue timing notes of a user's exercise or routine file that checked
 * clean, as a path-less --check prints them for the shipped ones: the file
 * is loaded as what it is and compiled at every level. */
static void warn_file(LmLibrary *lib, const char *path)
{
    LmErrors scratch = {0};
    int ex = lm_lib_add_exercise_file(lib, path, &scratch);
    lm_err_clear(&scratch);
    int ro = ex < 0 ? lm_lib_add_routine_file(lib, path, &scratch) : -1;
    lm_err_clear(&scratch);
    if (ex < 0 && ro < 0)
        return; /* a skeleton, poses, clips or the safety card: nothing to time */
    Warns said = {0};
    for (int l = 0; l < LM_LEVEL_COUNT; l++) {
        LmCompileOpts co = {.level = (LmLevel)l};
        LmTimeline *tl = ex >= 0 ? lm_timeline_compile_exercise(lib, ex, &co, &scratch)
                                 : lm_timeline_compile_routine(lib, ro, &co, &scratch);
        for (int w = 0; tl && w < tl->n_warnings; w++)
            warns_add(&said, tl->warnings[w], lm_level_name((LmLevel)l));
        lm_timeline_free(tl);
        lm_err_clear(&scratch);
    }
    warns_print(&said, path);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The .json files in folder dir as "dir/name", sorted, in *out (the
 * caller frees each and the array); -1 when dir is not a folder, or is
 * one named like a .json file. */
static int json_files_in(const char *dir, char ***out)
{
    struct stat st;
    size_t len = strlen(dir);
    *out = NULL;
    /* a folder named as a file ("x.json") is where a file should be: the
     * checker refuses it as such */
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || (len > 5 && !strcmp(dir + len - 5, ".json")))
        return -1;
    DIR *d = opendir(dir);
    if (!d)
        return -1; /* the checker says why */
    int n = 0, cap = 0;
    char **v = NULL;
    for (struct dirent *e; (e = readdir(d));) {
        size_t k = strlen(e->d_name);
        if (e->d_name[0] == '.' || k <= 5 || strcmp(e->d_name + k - 5, ".json") != 0)
            continue;
        if (n == cap) {
            char **nv = realloc(v, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *nv);
            if (!nv)
                break;
            v = nv;
        }
        size_t dl = strlen(dir);
        v[n] = lm_strfmt("%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", e->d_name);
        n += v[n] != NULL;
    }
    closedir(d);
    if (n > 1)
        qsort(v, (size_t)n, sizeof *v, cmp_str);
    *out = v;
    return n;
}

/* The two fonts every frame's text needs: there, readable, and starting
 * as a TrueType or OpenType font does (the text module cannot start
 * without them, so a folder without them cannot play). */
static bool check_fonts(const char *data_dir, LmErrors *err)
{
    static const char *const names[] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"};
    bool ok = true;
    for (int i = 0; i < 2; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/assets/fonts/%s", data_dir ? data_dir : ".", names[i]);
        unsigned char head[4] = {0};
        struct stat st;
        FILE *f = NULL;
        const char *why = stat(path, &st) != 0        ? strerror(errno)
                          : S_ISDIR(st.st_mode)       ? "a folder, not a font file"
                          : !(f = fopen(path, "rb"))  ? strerror(errno)
                          : fread(head, 1, 4, f) != 4 ? "too short to be a font"
                          : memcmp(head, "\0\1\0\0", 4) && memcmp(head, "true", 4) && memcmp(head, "OTTO", 4)
                              ? "not a TrueType or OpenType font"
                              : NULL;
        if (f)
            fclose(f);
        if (why) {
            lm_err_add(err, path, "", "%s (every caption is drawn with it)", why);
            ok = false;
        }
    }
    return ok;
}

static int run_check(const LbOptions *o, LmLibrary *lib, bool lib_ok, LmErrors *err)
{
    int files = 0;
    bool ok = true;
    if (o->n_check_paths == 0) {
        /* the user's own files too: those that loaded are compiled with
         * the rest, and a damaged one is a problem found */
        ok = lib_ok && compile_all(lib, err) == 0;
        ok &= lib->n_broken == 0;
        files = 3 + lib->n_exercises + lib->n_routines + lib->n_broken;
        ok &= check_fonts(lib->data_dir, err);
        files += 2;
    } else {
        /* the files asked about; the data folder's own problems are
         * --check's with no file (here they would repeat a file's, or read
         * as its) */
        lm_err_clear(err);
        if (!lib_ok)
            fprintf(stderr, "limber: note: the data folder has problems of its own; limber --check with no file "
                            "lists them\n");
        for (int i = 0; i < o->n_check_paths; i++) {
            /* a folder: every .json file in it, in name order */
            char **names = NULL;
            int n = json_files_in(o->check_paths[i], &names);
            if (n == 0)
                fprintf(stderr, "limber: note: the folder '%s' holds no .json file\n", o->check_paths[i]);
            for (int k = 0; k < (n < 0 ? 1 : n); k++) {
                const char *path = n < 0 ? o->check_paths[i] : names[k];
                files++;
                if (!lm_lib_check_file(lib, path, err))
                    ok = false;
                else if (lib_ok)
                    warn_file(lib, path);
            }
            for (int k = 0; k < n; k++)
                free(names[k]);
            free(names);
        }
    }
    print_errors(err);
    if (ok)
        fprintf(stderr, "limber: %d file%s checked, no problems\n", files, files == 1 ? "" : "s");
    else
        fprintf(stderr, "limber: %d problem%s found\n", err->count + err->dropped,
                err->count + err->dropped == 1 ? "" : "s");
    return ok ? 0 : 1;
}

/* Every spoken text, sorted, once each; only >= 0: just that one's (an
 * exercise's index, or n_exercises plus a routine's). */
static int run_cues(const LmLibrary *lib, int only)
{
    LmErrors err = {0};
    int cap = 1024, n = 0;
    const char **v = malloc((size_t)cap * sizeof *v);
    LmTimeline **tls = calloc((size_t)(lib->n_exercises + lib->n_routines) * LM_LEVEL_COUNT + 1, sizeof *tls);
    int ntl = 0;
    if (!v || !tls) {
        free(v);
        free(tls);
        return 1;
    }
    for (int l = 0; l < LM_LEVEL_COUNT; l++) {
        LmCompileOpts co = {.level = (LmLevel)l};
        for (int i = 0; i < lib->n_exercises + lib->n_routines; i++) {
            if (only >= 0 && i != only)
                continue;
            /* the voice script's list is the shipped texts (and a file's
             * given by path), not those of the user's own folder */
            if (only < 0 && (i < lib->n_exercises ? lib->exercises[i].user : lib->routines[i - lib->n_exercises].user))
                continue;
            LmTimeline *tl = i < lib->n_exercises ? lm_timeline_compile_exercise(lib, i, &co, &err)
                                                  : lm_timeline_compile_routine(lib, i - lib->n_exercises, &co, &err);
            if (!tl)
                continue;
            tls[ntl++] = tl;
            for (int e = 0; e < tl->n_events; e++)
                if (tl->events[e].type == LM_EV_CUE && n < cap)
                    v[n++] = tl->events[e].text;
        }
    }
    qsort(v, (size_t)n, sizeof *v, cmp_str);
    for (int i = 0; i < n; i++)
        if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
            printf("%s\n", v[i]);
    for (int i = 0; i < ntl; i++)
        lm_timeline_free(tls[i]);
    free(tls);
    free(v);
    print_errors(&err);
    int rc = err.count ? 1 : 0;
    lm_err_clear(&err);
    return rc;
}

/* Playing reads the remembered settings first (unless --no-settings), so
 * the timeline is compiled at the remembered level when no --level is
 * given. */
/* A note from the running program, on stderr: the command line is the
 * only layer that prints. */
static void print_note(void *user, const char *msg)
{
    (void)user;
    fprintf(stderr, "limber: %s\n", msg);
}

/* What the running program says for scripts: one line, at once. */
static void print_output(void *user, const char *line)
{
    (void)user;
    printf("%s\n", line);
    fflush(stdout);
}

static int play(const LbOptions *given, LmLibrary *lib)
{
    LbOptions o = *given;
    LbSettings s;
    lb_settings_defaults(&s);
    char path[4096] = "", msg[4400];
    bool have_path = !o.no_settings && lb_settings_path(path, sizeof path);
    bool corrupt = false;
    if (have_path && !lb_settings_load(path, &s, msg, sizeof msg)) {
        fprintf(stderr, "limber: warning: %s\n", msg);
        corrupt = true; /* rewritten with good values at the end */
    }
    bool display_flag = o.display >= 0;
    if (have_path)
        lb_settings_apply(&s, &o);
    int rc = 1;
    LmTimeline *tl = compile_timeline(&o, lib, NULL, &rc);
    if (!tl)
        return rc;
    LbAppDesc d = {0};
    d.options = &o;
    d.lib = lib;
    d.tl = tl;
    d.settings = have_path ? &s : NULL;
    d.settings_path = have_path ? path : NULL;
    d.settings_dirty = corrupt;
    d.volume = o.volume >= 0 ? o.volume : s.volume;
    d.display_remembered = !display_flag && o.display >= 0;
    d.report = (LbReport){print_note, NULL};
    d.output = (LbReport){print_output, NULL};
    rc = lb_app_run(&d);
    lm_timeline_free(tl);
    return rc;
}

/* Playing, --render, --contact-sheet and --bench: the modes that need SDL. */
static int run_shell(const LbOptions *o, LmLibrary *lib)
{
    if (o->mode == LB_MODE_PLAY)
        return play(o, lib);
    int rc = 1;
    LmTimeline *tl = compile_timeline(o, lib, NULL, &rc);
    if (!tl)
        return rc;
    switch (o->mode) {
    case LB_MODE_RENDER: rc = lb_render_run(o, lib, tl); break;
    case LB_MODE_EXPORT: rc = lb_export_run(o, lib, tl); break;
    case LB_MODE_CONTACT:
        rc = lb_render_contact_sheet(tl, lib, 0, o->contact_sheet, 0, o->mirror, !o->no_captions);
        break;
    case LB_MODE_BENCH: rc = lb_bench_run(lib, tl, 0, stdout); break;
    default: break;
    }
    lm_timeline_free(tl);
    return rc;
}

/* --cues: every spoken text; with an id, that one's; with a file, every
 * text and the file's. */
static int cues_mode(const LbOptions *o, LmLibrary *lib)
{
    /* A user's own files join the shipped ones, so the voice script
     * makes their new clips and keeps every shipped one. */
    LmErrors uerr = {0};
    const char *file = o->routine && looks_like_path(o->routine)     ? o->routine
                       : o->exercise && looks_like_path(o->exercise) ? o->exercise
                                                                     : NULL;
    if (file && wrong_kind(file, lm_lib_file_kind(file), file == o->routine ? LM_FILE_ROUTINE : LM_FILE_EXERCISE)) {
        return 2;
    }
    if (o->routine && looks_like_path(o->routine))
        lm_lib_add_routine_file(lib, o->routine, &uerr);
    if (o->exercise && looks_like_path(o->exercise))
        lm_lib_add_exercise_file(lib, o->exercise, &uerr);
    /* a shipped one by id is in the script already; an unknown id is a
     * mistyped name, not a request for everything */
    const char *id = o->routine && !looks_like_path(o->routine)     ? o->routine
                     : o->exercise && !looks_like_path(o->exercise) ? o->exercise
                                                                    : NULL;
    if (id && (o->routine ? lm_lib_find_routine(lib, id) : lm_lib_find_exercise(lib, id)) < 0 &&
        left_out(lib, o->routine ? "routines" : "exercises", id)) {
        lm_err_clear(&uerr);
        return 1;
    }
    if (id && (o->routine ? lm_lib_find_routine(lib, id) : lm_lib_find_exercise(lib, id)) < 0) {
        fprintf(stderr, "limber: no %s '%s' (see limber --list)\n", o->routine ? "routine" : "exercise", id);
        lm_err_clear(&uerr);
        return 2;
    }
    print_errors(&uerr);
    /* a shipped one by id: its own texts; a file: every text with the
     * file's added, which is what the voice script needs */
    int only = !id ? -1 : o->routine ? lib->n_exercises + lm_lib_find_routine(lib, id) : lm_lib_find_exercise(lib, id);
    int rc = uerr.count ? 1 : run_cues(lib, only);
    lm_err_clear(&uerr);
    return rc;
}

/* --timeline: the compiled timeline as JSON on stdout. */
static int timeline_mode(const LbOptions *o, LmLibrary *lib)
{
    int rc = 1;
    LmTimeline *tl = compile_timeline(o, lib, o->timeline_id, &rc);
    if (tl) {
        char *s = lm_timeline_to_json(tl);
        if (s) {
            printf("%s\n", s);
            free(s);
            rc = 0;
        } else {
            fprintf(stderr, "limber: out of memory\n");
            rc = 1;
        }
        lm_timeline_free(tl);
    }
    return rc;
}

int lb_cli_run(const LbOptions *o, const char *data_dir)
{
    LmLibrary lib;
    LmErrors err = {0}, uerr = {0};
    bool lib_ok = lm_lib_load(&lib, data_dir, &err);
    /* the user's own files, after the shipped ones, which they never
     * replace; their problems are kept apart from the data folder's */
    char *user_dir = lb_user_data_dir();
    lm_lib_load_user(&lib, user_dir, &uerr);
    free(user_dir);
    int rc = 0;
    if (o->mode == LB_MODE_CHECK) {
        if (o->n_check_paths == 0)
            lm_err_take(&err, &uerr);
        lm_err_clear(&uerr);
        rc = run_check(o, &lib, lib_ok, &err);
        lm_err_clear(&err);
        lm_lib_free(&lib);
        return rc;
    }
    if (!lib_ok) {
        print_errors(&err);
        lm_err_clear(&err);
        if (lib.n_exercises == 0) {
            lm_err_clear(&uerr);
            lm_lib_free(&lib);
            return 1;
        }
        /* Whatever loaded still plays; the problems were printed, and
         * this says what happens next. */
        fprintf(stderr, "limber: warning: going on without what these problems leave out (limber --check "
                        "lists them)\n");
    }
    lm_err_clear(&err);
    if (o->mode != LB_MODE_LIST && broken_asked(o, &lib)) {
        lm_err_clear(&uerr);
        lm_lib_free(&lib);
        return 1;
    }
    switch (o->mode) {
    case LB_MODE_LIST: rc = run_list(&lib, &uerr); break;
    case LB_MODE_CUES: rc = cues_mode(o, &lib); break;
    case LB_MODE_TIMELINE: rc = timeline_mode(o, &lib); break;
    default: rc = run_shell(o, &lib); break;
    }
    lm_err_clear(&uerr);
    lm_lib_free(&lib);
    return rc;
}
