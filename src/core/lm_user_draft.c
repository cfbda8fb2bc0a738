/* lm_user_draft: a routine being built (the builder's draft): its items,
 * holds within the article's range, its length as the timeline compiles
 * it, the id its title makes, and saving it as an ordinary routine file:
 * checked by the loader first, then written to a temporary file beside
 * the real one and renamed over it. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fsync, fchmod, fdopen */
#include "lm_user.h"

#include "lm_library_int.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lm_timeline.h"

#define DEFAULT_REST_S 10.0
#define MAX_REST_S 60.0
#define DEFAULT_TITLE "My routine"
#define MAX_ID 48
/* said in each saved file's "source" */
#define BUILT_SOURCE                                                                                                   \
    "Built in limber from the exercises listed here; each exercise's own source names the article its "                \
    "steps and holds follow."

static bool interrupt_next_save;

void lm_user_interrupt_next_save(void) { interrupt_next_save = true; }

void lm_draft_init(LmDraft *d, LmLevel level)
{
    memset(d, 0, sizeof *d);
    d->rest_s = DEFAULT_REST_S;
    d->safety = true;
    d->level = level >= 0 && level < LM_LEVEL_COUNT ? level : LM_LEVEL_BEGINNER;
}

/* Copy at most max bytes of s, never cutting a UTF-8 character. */
static void copy_utf8(char *dst, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

bool lm_draft_from_routine(LmDraft *d, const LmLibrary *lib, int routine, LmLevel level)
{
    if (routine < 0 || routine >= lib->n_routines || !lib->routines[routine].user)
        return false;
    const LmRoutine *r = &lib->routines[routine];
    lm_draft_init(d, level);
    copy_utf8(d->title, r->title ? r->title : "", LM_DRAFT_TITLE_MAX);
    snprintf(d->editing_id, sizeof d->editing_id, "%s", r->id ? r->id : "");
    d->rest_s = r->rest_s;
    d->safety = r->safety;
    for (int i = 0; i < r->n_items && d->n < LM_DRAFT_MAX_ITEMS; i++) {
        if (r->items[i].exercise < 0)
            continue;
        LmDraftItem *it = &d->items[d->n++];
        it->exercise = r->items[i].exercise;
        memcpy(it->hold_s, r->items[i].hold_s, sizeof it->hold_s);
    }
    return true;
}

bool lm_draft_add(LmDraft *d, int at, int exercise)
{
    if (d->n >= LM_DRAFT_MAX_ITEMS || at < 0 || at > d->n || exercise < 0)
        return false;
    memmove(&d->items[at + 1], &d->items[at], (size_t)(d->n - at) * sizeof d->items[0]);
    memset(&d->items[at], 0, sizeof d->items[0]);
    d->items[at].exercise = exercise;
    d->n++;
    return true;
}

bool lm_draft_remove(LmDraft *d, int at)
{
    if (at < 0 || at >= d->n)
        return false;
    memmove(&d->items[at], &d->items[at + 1], (size_t)(d->n - at - 1) * sizeof d->items[0]);
    d->n--;
    return true;
}

bool lm_draft_move(LmDraft *d, int from, int to)
{
    if (from < 0 || from >= d->n || to < 0 || to >= d->n)
        return false;
    LmDraftItem it = d->items[from];
    if (from < to)
        memmove(&d->items[from], &d->items[from + 1], (size_t)(to - from) * sizeof it);
    else
        memmove(&d->items[to + 1], &d->items[to], (size_t)(from - to) * sizeof it);
    d->items[to] = it;
    return true;
}

void lm_draft_hold_range(const LmLibrary *lib, int exercise, LmLevel level, double *min_s, double *max_s,
                         double *default_s)
{
    double lo = 0, hi = 0, def = 0;
    if (exercise >= 0 && exercise < lib->n_exercises && level >= 0 && level < LM_LEVEL_COUNT) {
        const LmExercise *e = &lib->exercises[exercise];
        if (e->hold_max_s[level] > 0) {
            lo = e->hold_min_s[level];
            hi = e->hold_max_s[level];
            /* what the timeline picks when the routine leaves it open: the
             * middle of the range, rounded down to 5 s */
            def = floor((lo + hi) / 2.0 / 5.0) * 5.0;
            def = def < lo ? lo : def > hi ? hi : def;
        }
    }
    if (min_s)
        *min_s = lo;
    if (max_s)
        *max_s = hi;
    if (default_s)
        *default_s = def;
}

double lm_draft_set_hold(LmDraft *d, const LmLibrary *lib, int at, double s)
{
    if (at < 0 || at >= d->n)
        return 0;
    double lo, hi, def;
    lm_draft_hold_range(lib, d->items[at].exercise, d->level, &lo, &hi, &def);
    double v = hi <= 0 || !isfinite(s) ? 0 : s < lo ? lo : s > hi ? hi : s;
    d->items[at].hold_s[d->level] = v;
    return v;
}

double lm_draft_hold(const LmDraft *d, const LmLibrary *lib, int at)
{
    if (at < 0 || at >= d->n)
        return 0;
    double lo, hi, def;
    lm_draft_hold_range(lib, d->items[at].exercise, d->level, &lo, &hi, &def);
    return hi <= 0 ? 0 : d->items[at].hold_s[d->level] > 0 ? d->items[at].hold_s[d->level] : def;
}

bool lm_draft_set_title(LmDraft *d, const char *title)
{
    copy_utf8(d->title, title ? title : "", LM_DRAFT_TITLE_MAX);
    return !title || strlen(title) <= LM_DRAFT_TITLE_MAX;
}

double lm_draft_set_rest(LmDraft *d, double s)
{
    d->rest_s = !isfinite(s) || s < 0 ? 0 : s > MAX_REST_S ? MAX_REST_S : s;
    return d->rest_s;
}

/* The draft as a routine of lib's (borrowing the draft's items); false
 * when an item names no exercise. items must hold d->n entries. */
static bool as_routine(const LmDraft *d, const LmLibrary *lib, LmRoutine *r, LmRoutineItem *items)
{
    memset(r, 0, sizeof *r);
    r->rest_s = d->rest_s;
    r->safety = d->safety;
    r->items = items;
    r->n_items = d->n;
    for (int i = 0; i < d->n; i++) {
        int e = d->items[i].exercise;
        if (e < 0 || e >= lib->n_exercises)
            return false;
        items[i] = (LmRoutineItem){.exercise_id = lib->exercises[e].id, .exercise = e};
        memcpy(items[i].hold_s, d->items[i].hold_s, sizeof items[i].hold_s);
    }
    return true;
}

double lm_draft_seconds(const LmDraft *d, const LmLibrary *lib)
{
    LmRoutineItem items[LM_DRAFT_MAX_ITEMS];
    LmRoutine r;
    if (d->n <= 0 || !as_routine(d, lib, &r, items))
        return 0;
    r.id = (char *)"draft";
    r.title = (char *)DEFAULT_TITLE;
    /* the library as it is, with this routine as its only one */
    LmLibrary view = *lib;
    view.routines = &r;
    view.n_routines = 1;
    LmErrors err = {0};
    LmCompileOpts co = {.level = d->level};
    LmTimeline *tl = lm_timeline_compile_routine(&view, 0, &co, &err);
    lm_err_clear(&err);
    double s = tl ? tl->duration_s : 0;
    lm_timeline_free(tl);
    return s;
}

/* Whether id is taken: a routine or exercise of lib, or a user file that
 * could not be loaded (its file is still there, and stays). */
static bool id_taken(const LmLibrary *lib, const char *id)
{
    if (lm_lib_find_routine(lib, id) >= 0 || lm_lib_find_exercise(lib, id) >= 0)
        return true;
    for (int i = 0; i < lib->n_broken; i++)
        if (lib->broken[i].id && strcmp(lib->broken[i].id, id) == 0)
            return true;
    return false;
}

void lm_draft_id(const LmDraft *d, const LmLibrary *lib, char *id, size_t n)
{
    if (!n)
        return;
    if (d->editing_id[0]) {
        int k = lm_lib_find_routine(lib, d->editing_id);
        if (k >= 0 && lib->routines[k].user) {
            snprintf(id, n, "%s", d->editing_id);
            return;
        }
    }
    /* lower-case ASCII words joined by '-', room left for a "-N" */
    char base[MAX_ID + 1];
    size_t len = 0, limit = MAX_ID - 8;
    bool dash = false;
    for (const char *p = d->title; *p; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (len + 1 + (dash && len) > limit)
                break;
            if (dash && len)
                base[len++] = '-';
            base[len++] = c;
            dash = false;
        } else if (c == '\'') {
            continue; /* "Child's" is one word */
        } else if (!strncmp(p, "\xE2\x80\x99", 3)) {
            p += 2; /* and so is "Child’s" */
        } else {
            dash = true;
        }
    }
    base[len] = '\0';
    if (!len)
        snprintf(base, sizeof base, "my-routine");
    char cand[MAX_ID + 8];
    snprintf(cand, sizeof cand, "%s", base);
    for (int k = 2; id_taken(lib, cand) && k < 10000; k++)
        snprintf(cand, sizeof cand, "%s-%d", base, k);
    snprintf(id, n, "%s", cand);
}

/* s as a JSON string (quoted, escaped); the caller frees it. */
static char *json_string(const char *s)
{
    cJSON *v = cJSON_CreateString(s);
    char *p = v ? cJSON_PrintUnformatted(v) : NULL;
    char *out = lm_strdup(p);
    cJSON_free(p);
    cJSON_Delete(v);
    return out;
}

/* The routine file's text, laid out as the shipped routines are: a key a
 * line, an item a line. */
static char *draft_text(const LmDraft *d, const LmLibrary *lib, const char *id)
{
    char *title = json_string(d->title[0] ? d->title : DEFAULT_TITLE);
    char *source = json_string(BUILT_SOURCE);
    char *text = title && source ? lm_strfmt("{\n \"id\": \"%s\",\n \"title\": %s,\n \"source\": %s,\n \"rest_s\": "
                                             "%.10g,\n \"safety\": %s,\n \"items\": [",
                                             id, title, source, d->rest_s, d->safety ? "true" : "false")
                                 : NULL;
    free(title);
    free(source);
    for (int i = 0; i < d->n && text; i++) {
        const LmDraftItem *it = &d->items[i];
        char hold[96] = "";
        for (int l = 0, n = 0; l < LM_LEVEL_COUNT; l++)
            if (it->hold_s[l] > 0) {
                size_t at = strlen(hold);
                snprintf(hold + at, sizeof hold - at, "%s\"%s\": %.10g", n++ ? ", " : ", \"hold_s\": {",
                         lm_level_name((LmLevel)l), it->hold_s[l]);
            }
        if (hold[0])
            snprintf(hold + strlen(hold), sizeof hold - strlen(hold), "}");
        char *more = lm_strfmt("%s\n  {\"exercise\": \"%s\"%s}%s", text, lib->exercises[it->exercise].id, hold,
                               i + 1 < d->n ? "," : "");
        free(text);
        text = more;
    }
    char *done = text ? lm_strfmt("%s\n ]\n}\n", text) : NULL;
    free(text);
    return done;
}

/* mkdir -p dir (0755); false with err naming the folder. */
static bool make_dirs(const char *dir, LmErrors *err)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
        lm_err_add(err, dir, NULL, "the folder's name is too long");
        return false;
    }
    for (char *p = path + 1;; p++) {
        if (*p && *p != '/')
            continue;
        char c = *p;
        *p = '\0';
        struct stat st;
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            lm_err_add(err, path, NULL, "cannot make the folder for your routines: %s", strerror(errno));
            return false;
        }
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
            lm_err_add(err, path, NULL, "cannot make the folder for your routines: it is a file, not a folder");
            return false;
        }
        if (!c)
            return true;
        *p = c;
    }
}

/* Write text to path through a temporary file in the same folder, synced,
 * then renamed over path; on any failure the temporary file is removed
 * and path is as it was. */
static bool write_atomic(const char *dir, const char *path, const char *id, const char *text, LmErrors *err)
{
    char *tmp = lm_strfmt("%s/.%s.json.XXXXXX", dir, id);
    if (!tmp) {
        lm_err_add(err, path, NULL, "out of memory");
        return false;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        lm_err_add(err, path, NULL, "cannot save: cannot write in the folder: %s", strerror(errno));
        free(tmp);
        return false;
    }
    const char *why = NULL;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        why = strerror(errno);
        close(fd);
    } else {
        size_t len = strlen(text);
        if (fchmod(fd, 0644) != 0 || fwrite(text, 1, len, f) != len || fflush(f) != 0 || fsync(fd) != 0)
            why = strerror(errno);
        if (fclose(f) != 0 && !why)
            why = strerror(errno);
    }
    if (!why && interrupt_next_save) {
        interrupt_next_save = false; /* as a crash here would: the temporary file stays */
        lm_err_add(err, path, NULL, "the save was interrupted before the new file took the old one's place");
        free(tmp);
        return false;
    }
    if (!why && rename(tmp, path) != 0)
        why = strerror(errno);
    if (why) {
        lm_err_add(err, path, NULL, "cannot save: %s (any earlier file is as it was)", why);
        unlink(tmp);
        free(tmp);
        return false;
    }
    free(tmp);
    int dfd = open(dir, O_RDONLY);
    if (dfd >= 0) {
        fsync(dfd); /* the rename itself on disk; a folder that cannot be synced still holds the file */
        close(dfd);
    }
    return true;
}

/* Drop routine k from lib (later ones move down). */
static void drop_routine(LmLibrary *lib, int k)
{
    lm_lib_free_routine(&lib->routines[k]);
    memmove(&lib->routines[k], &lib->routines[k + 1], (size_t)(lib->n_routines - k - 1) * sizeof lib->routines[0]);
    lib->n_routines--;
}

bool lm_draft_save(const LmDraft *d, LmLibrary *lib, const char *user_dir, char *saved_id, size_t n, LmErrors *err)
{
    if (!user_dir || !*user_dir) {
        lm_err_add(err, "(your routines)", NULL, "there is no folder to save in: set $XDG_DATA_HOME or $HOME");
        return false;
    }
    char id[160], base[128];
    lm_draft_id(d, lib, base, sizeof base);
    snprintf(id, sizeof id, "%s", base);
    char *dir = lm_strfmt("%s/routines", user_dir);
    char *path = dir ? lm_strfmt("%s/%s.json", dir, id) : NULL;
    /* a new routine never lands on a file already there (one put in the
     * folder since it was read): it takes the next free name */
    struct stat st;
    bool editing = d->editing_id[0] && !strcmp(id, d->editing_id);
    for (int k = 2; path && !editing && stat(path, &st) == 0 && k < 10000; k++) {
        snprintf(id, sizeof id, "%s-%d", base, k);
        if (id_taken(lib, id))
            continue;
        free(path);
        path = lm_strfmt("%s/%s.json", dir, id);
    }
    LmRoutineItem items[LM_DRAFT_MAX_ITEMS];
    LmRoutine check;
    char *text = NULL;
    bool ok = false;
    if (!path)
        lm_err_add(err, user_dir, NULL, "out of memory");
    else if (d->n <= 0)
        lm_err_add(err, path, "$.items", "nothing to save yet: add at least one exercise");
    else if (d->n > LM_DRAFT_MAX_ITEMS || !as_routine(d, lib, &check, items))
        lm_err_add(err, path, "$.items", "an item names no exercise of the library");
    else if (!(text = draft_text(d, lib, id)))
        lm_err_add(err, path, NULL, "out of memory");
    else if (lm_lib_check_text(lib, path, text, strlen(text), err) && make_dirs(dir, err))
        ok = write_atomic(dir, path, id, text, err);
    free(text);
    if (ok) {
        /* the file is saved: the library now holds it as written */
        int k = lm_lib_find_routine(lib, id);
        if (k >= 0 && lib->routines[k].user)
            drop_routine(lib, k);
        LmErrors mine = {0};
        k = lm_lib_add_routine_file(lib, path, &mine);
        if (k >= 0)
            lib->routines[k].user = true;
        lm_err_take(err, &mine);
        if (saved_id && n)
            snprintf(saved_id, n, "%s", id);
    }
    free(path);
    free(dir);
    return ok;
}
