/* test_core_user: the user's own routines (lm_user): the builder's draft
 * (add, remove, move, limits, holds kept to the article's range, its
 * length against the compiled timeline's), the ids titles make, saving
 * (the file the loader reads back, an unwritable, full or interrupted
 * save that leaves the old file as it was), deleting, and loading a
 * folder with damaged or shadowing files. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lm_library.h"
#include "lm_timeline.h"
#include "lm_user.h"
#include "lt.h"
#include "lt_lib.h"

static LmLibrary lib;
static char tmp_dir[64];

static int ex(const char *id)
{
    int k = lm_lib_find_exercise(&lib, id);
    LT_CHECK_MSG(k >= 0, "no exercise %s", id);
    return k;
}

/* A fresh folder under the scratch one for a test's user files. */
static const char *user_dir(const char *name)
{
    static char p[4][128];
    static int slot;
    char *s = p[slot++ % 4];
    snprintf(s, 128, "%s/%s", tmp_dir, name);
    mkdir(s, 0755);
    return s;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 16);
    if (buf)
        fread(buf, 1, (1 << 16) - 1, f);
    fclose(f);
    return buf;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    LT_CHECK_MSG(f != NULL, "cannot write %s", path);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* How many entries of dir start with '.' (not . or ..): temporary files. */
static int hidden_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

static void print_err(LmErrors *err)
{
    for (int i = 0; i < err->count; i++)
        fprintf(stderr, "    %s\n", err->items[i]);
}

/* Whether some message of err contains every one of the given parts. */
static bool err_has(const LmErrors *err, const char *a, const char *b)
{
    for (int i = 0; i < err->count; i++)
        if (strstr(err->items[i], a) && (!b || strstr(err->items[i], b)))
            return true;
    return false;
}

static void a_draft_adds_removes_and_moves_within_its_limits(void)
{
    LmDraft d;
    lm_draft_init(&d, LM_LEVEL_ACTIVE);
    LT_CHECK(d.n == 0 && d.safety && d.level == LM_LEVEL_ACTIVE);
    LT_NEAR(d.rest_s, 10, 0);
    int a = ex("cat-cow"), b = ex("childs-pose"), c = ex("knee-to-chest");
    LT_CHECK(lm_draft_add(&d, 0, a));
    LT_CHECK(lm_draft_add(&d, 1, c));
    LT_CHECK(lm_draft_add(&d, 1, b)); /* between */
    LT_CHECK(d.n == 3 && d.items[0].exercise == a && d.items[1].exercise == b && d.items[2].exercise == c);
    LT_CHECK(!lm_draft_add(&d, 5, a)); /* past the end */
    LT_CHECK(!lm_draft_add(&d, -1, a));
    LT_CHECK(lm_draft_move(&d, 0, 2)); /* a to the end */
    LT_CHECK(d.items[0].exercise == b && d.items[1].exercise == c && d.items[2].exercise == a);
    LT_CHECK(lm_draft_move(&d, 2, 0)); /* and back */
    LT_CHECK(d.items[0].exercise == a && d.items[1].exercise == b && d.items[2].exercise == c);
    LT_CHECK(!lm_draft_move(&d, 0, 3));
    LT_CHECK(!lm_draft_move(&d, -1, 0));
    LT_CHECK(lm_draft_remove(&d, 1));
    LT_CHECK(d.n == 2 && d.items[0].exercise == a && d.items[1].exercise == c);
    LT_CHECK(!lm_draft_remove(&d, 2));
    while (d.n < LM_DRAFT_MAX_ITEMS)
        LT_CHECK(lm_draft_add(&d, d.n, b));
    LT_CHECK(!lm_draft_add(&d, d.n, b)); /* full */
    LT_CHECK(!lm_draft_add(&d, 0, b));
    LT_CHECK(d.n == LM_DRAFT_MAX_ITEMS && d.items[0].exercise == a);
    LT_NEAR(lm_draft_set_rest(&d, 90), 60, 0);
    LT_NEAR(lm_draft_set_rest(&d, -3), 0, 0);
    LT_NEAR(lm_draft_set_rest(&d, 12.5), 12.5, 0);
}

static void holds_stay_inside_the_articles_range(void)
{
    LmDraft d;
    lm_draft_init(&d, LM_LEVEL_BEGINNER);
    int k = ex("knee-to-chest");
    const LmExercise *e = &lib.exercises[k];
    double lo, hi, def;
    lm_draft_hold_range(&lib, k, LM_LEVEL_BEGINNER, &lo, &hi, &def);
    LT_NEAR(lo, e->hold_min_s[LM_LEVEL_BEGINNER], 0);
    LT_NEAR(hi, e->hold_max_s[LM_LEVEL_BEGINNER], 0);
    LT_CHECK(def >= lo && def <= hi);
    /* the default is what the timeline picks for an item left open */
    LmCompileOpts co = {.level = LM_LEVEL_BEGINNER};
    LmErrors err = {0};
    LmTimeline *tl = lm_timeline_compile_exercise(&lib, k, &co, &err);
    LT_CHECK(tl != NULL);
    if (tl)
        LT_NEAR(def, tl->items[0].hold_s, 1e-9);
    lm_timeline_free(tl);
    lm_draft_add(&d, 0, k);
    LT_NEAR(lm_draft_set_hold(&d, &lib, 0, hi + 100), hi, 0);
    LT_NEAR(d.items[0].hold_s[LM_LEVEL_BEGINNER], hi, 0);
    LT_NEAR(lm_draft_set_hold(&d, &lib, 0, 1), lo, 0);
    LT_NEAR(lm_draft_set_hold(&d, &lib, 0, (lo + hi) / 2), (lo + hi) / 2, 0);
    LT_NEAR(lm_draft_hold(&d, &lib, 0), (lo + hi) / 2, 0);
    d.items[0].hold_s[LM_LEVEL_BEGINNER] = 0;
    LT_NEAR(lm_draft_hold(&d, &lib, 0), def, 0); /* left open: the default */
    LT_NEAR(lm_draft_hold(&d, &lib, 3), 0, 0);
    LT_NEAR(d.items[0].hold_s[LM_LEVEL_ACTIVE], 0, 0); /* the other level untouched */
    d.level = LM_LEVEL_ACTIVE;
    lm_draft_hold_range(&lib, k, LM_LEVEL_ACTIVE, &lo, &hi, &def);
    LT_NEAR(lm_draft_set_hold(&d, &lib, 0, 0), e->hold_min_s[LM_LEVEL_ACTIVE], 0);
    LT_NEAR(lm_draft_set_hold(&d, &lib, 0, 1e9), e->hold_max_s[LM_LEVEL_ACTIVE], 0);
    LT_NEAR(lm_draft_set_hold(&d, &lib, 5, 20), 0, 0); /* no such item */
    /* an exercise of repetitions has no hold to set */
    int p = ex("pelvic-tilt");
    lm_draft_hold_range(&lib, p, LM_LEVEL_BEGINNER, &lo, &hi, &def);
    LT_CHECK(lo == 0 && hi == 0 && def == 0);
    lm_draft_add(&d, 1, p);
    LT_NEAR(lm_draft_set_hold(&d, &lib, 1, 30), 0, 0);
}

static void the_drafts_length_is_the_compiled_routines(void)
{
    /* a draft made of a shipped routine's items lasts what that routine's
     * timeline does, at both levels */
    int r = lm_lib_find_routine(&lib, "back-spasm-relief");
    LT_CHECK(r >= 0);
    if (r < 0)
        return;
    const LmRoutine *ro = &lib.routines[r];
    for (int l = 0; l < LM_LEVEL_COUNT; l++) {
        LmDraft d;
        lm_draft_init(&d, (LmLevel)l);
        d.rest_s = ro->rest_s;
        d.safety = ro->safety;
        for (int i = 0; i < ro->n_items; i++) {
            lm_draft_add(&d, d.n, ro->items[i].exercise);
            memcpy(d.items[i].hold_s, ro->items[i].hold_s, sizeof d.items[i].hold_s);
        }
        LmTimeline *tl = lt_compile_routine(&lib, "back-spasm-relief", (LmLevel)l);
        LT_CHECK(tl != NULL);
        if (tl)
            LT_NEAR(lm_draft_seconds(&d, &lib), tl->duration_s, 1e-9);
        lm_timeline_free(tl);
        /* a longer hold, a longer routine; no safety card, a shorter one */
        double before = lm_draft_seconds(&d, &lib);
        double lo, hi, def;
        lm_draft_hold_range(&lib, d.items[0].exercise, d.level, &lo, &hi, &def);
        if (hi > 0) {
            lm_draft_set_hold(&d, &lib, 0, hi);
            LT_CHECK(lm_draft_seconds(&d, &lib) >= before);
        }
        before = lm_draft_seconds(&d, &lib);
        d.safety = false;
        LT_CHECK(lm_draft_seconds(&d, &lib) < before);
    }
    LmDraft empty;
    lm_draft_init(&empty, LM_LEVEL_BEGINNER);
    LT_NEAR(lm_draft_seconds(&empty, &lib), 0, 0);
}

static void titles_make_unique_ids_never_a_shipped_one(void)
{
    LmDraft d;
    char id[64];
    lm_draft_init(&d, LM_LEVEL_BEGINNER);
    lm_draft_id(&d, &lib, id, sizeof id);
    LT_CHECK_MSG(!strcmp(id, "my-routine"), "%s", id);
    snprintf(d.title, sizeof d.title, "  Morning -- Stretch, 2nd!  ");
    lm_draft_id(&d, &lib, id, sizeof id);
    LT_CHECK_MSG(!strcmp(id, "morning-stretch-2nd"), "%s", id);
    snprintf(d.title, sizeof d.title, "Back spasm relief");
    lm_draft_id(&d, &lib, id, sizeof id);
    LT_CHECK_MSG(!strcmp(id, "back-spasm-relief-2"), "%s", id);
    snprintf(d.title, sizeof d.title, "Cat-cow");
    lm_draft_id(&d, &lib, id, sizeof id); /* an exercise's id is not taken either */
    LT_CHECK_MSG(!strcmp(id, "cat-cow-2"), "%s", id);
    snprintf(d.title, sizeof d.title, "Child\xE2\x80\x99s pose");
    lm_draft_id(&d, &lib, id, sizeof id);
    LT_CHECK_MSG(!strcmp(id, "childs-pose-2"), "%s", id);
    snprintf(d.title, sizeof d.title, "\xC3\x89tirements \xC3\xA0 la maison");
    lm_draft_id(&d, &lib, id, sizeof id);
    LT_CHECK_MSG(!strcmp(id, "tirements-la-maison"), "%s", id);
    /* a title too long is cut at a character's edge, never inside one */
    char longer[200] = "";
    for (int i = 0; i < 40; i++)
        strcat(longer, "\xC3\xA9"); /* 80 bytes */
    LT_CHECK(!lm_draft_set_title(&d, longer));
    LT_CHECK(strlen(d.title) == LM_DRAFT_TITLE_MAX && !strncmp(d.title, longer, LM_DRAFT_TITLE_MAX));
    LT_CHECK(!lm_draft_set_title(&d, longer + 1)); /* odd: the last whole character ends a byte short */
    LT_CHECK(strlen(d.title) == LM_DRAFT_TITLE_MAX - 1 && (unsigned char)d.title[LM_DRAFT_TITLE_MAX - 3] == 0xC3 &&
             (unsigned char)d.title[LM_DRAFT_TITLE_MAX - 2] == 0xA9);
    LT_CHECK(lm_draft_set_title(&d, "Short"));
    LT_CHECK(!strcmp(d.title, "Short"));
    memset(d.title, 'a', LM_DRAFT_TITLE_MAX);
    d.title[LM_DRAFT_TITLE_MAX] = '\0';
    lm_draft_id(&d, &lib, id, sizeof id);
    LT_CHECK_MSG(strlen(id) >= 8 && strlen(id) <= 40 && strspn(id, "a") == strlen(id), "%s", id);
}

static void a_saved_routine_loads_back_the_same(void)
{
    const char *dir = user_dir("save");
    LmDraft d;
    lm_draft_init(&d, LM_LEVEL_BEGINNER);
    snprintf(d.title, sizeof d.title, "Morning stretch");
    lm_draft_add(&d, 0, ex("knee-to-chest"));
    lm_draft_add(&d, 1, ex("pelvic-tilt"));
    lm_draft_add(&d, 2, ex("childs-pose"));
    lm_draft_set_hold(&d, &lib, 0, 25);
    d.level = LM_LEVEL_ACTIVE;
    lm_draft_set_hold(&d, &lib, 2, 45);
    lm_draft_set_rest(&d, 7);
    d.safety = false;
    char saved[64] = "";
    LmErrors err = {0};
    int n_before = lib.n_routines;
    LT_CHECK(lm_draft_save(&d, &lib, dir, saved, sizeof saved, &err));
    print_err(&err);
    LT_CHECK(err.count == 0);
    LT_CHECK_MSG(!strcmp(saved, "morning-stretch"), "%s", saved);
    LT_CHECK(lib.n_routines == n_before + 1);
    char path[256];
    snprintf(path, sizeof path, "%s/routines/morning-stretch.json", dir);
    LT_CHECK(lm_lib_check_file(&lib, path, &err));
    print_err(&err);
    lm_err_clear(&err);
    LT_CHECK(hidden_files(user_dir("save/routines")) == 0);
    /* in this library and in a fresh one, the same routine */
    LmLibrary fresh;
    LT_CHECK(lt_load_shipped_library(&fresh));
    LT_CHECK(lm_lib_load_user(&fresh, dir, &err) == 1);
    print_err(&err);
    const LmLibrary *libs[2] = {&lib, &fresh};
    for (int k = 0; k < 2; k++) {
        int r = lm_lib_find_routine(libs[k], "morning-stretch");
        LT_CHECK(r >= 0);
        if (r < 0)
            continue;
        const LmRoutine *ro = &libs[k]->routines[r];
        LT_CHECK(ro->user && !strcmp(ro->title, "Morning stretch") && ro->n_items == 3 && !ro->safety);
        LT_NEAR(ro->rest_s, 7, 0);
        LT_CHECK(ro->n_items == 3 && !strcmp(ro->items[1].exercise_id, "pelvic-tilt"));
        LT_NEAR(ro->items[0].hold_s[LM_LEVEL_BEGINNER], 25, 0);
        LT_NEAR(ro->items[0].hold_s[LM_LEVEL_ACTIVE], 0, 0);
        LT_NEAR(ro->items[2].hold_s[LM_LEVEL_ACTIVE], 45, 0);
        /* its length is the draft's */
        LmCompileOpts co = {.level = LM_LEVEL_ACTIVE};
        LmTimeline *tl = lm_timeline_compile_routine(libs[k], r, &co, &err);
        LT_CHECK(tl != NULL);
        if (tl)
            LT_NEAR(tl->duration_s, lm_draft_seconds(&d, libs[k]), 1e-9);
        lm_timeline_free(tl);
    }
    lm_lib_free(&fresh);
    /* edited: the same id and file, no second routine */
    LmDraft e;
    int r = lm_lib_find_routine(&lib, "morning-stretch");
    LT_CHECK(lm_draft_from_routine(&e, &lib, r, LM_LEVEL_BEGINNER));
    LT_CHECK(!strcmp(e.editing_id, "morning-stretch") && e.n == 3 && !e.safety);
    snprintf(e.title, sizeof e.title, "Evening stretch");
    lm_draft_remove(&e, 1);
    LT_CHECK(lm_draft_save(&e, &lib, dir, saved, sizeof saved, &err));
    LT_CHECK_MSG(!strcmp(saved, "morning-stretch"), "%s", saved);
    LT_CHECK(lib.n_routines == n_before + 1);
    r = lm_lib_find_routine(&lib, "morning-stretch");
    LT_CHECK(r >= 0 && lib.routines[r].n_items == 2 && !strcmp(lib.routines[r].title, "Evening stretch"));
    /* a new draft with the first title gets an id of its own */
    char id[64];
    lm_draft_id(&d, &lib, id, sizeof id);
    LT_CHECK_MSG(!strcmp(id, "morning-stretch-2"), "%s", id);
    /* a title with quotes and accents, and a rest of a half second, come
     * back as they were */
    LmDraft q;
    lm_draft_init(&q, LM_LEVEL_BEGINNER);
    snprintf(q.title, sizeof q.title, "\xC3\x89vening \"calm\" \\ stretch");
    lm_draft_add(&q, 0, ex("cat-cow"));
    lm_draft_set_rest(&q, 12.5);
    LT_CHECK(lm_draft_save(&q, &lib, dir, saved, sizeof saved, &err));
    print_err(&err);
    LT_CHECK_MSG(!strcmp(saved, "vening-calm-stretch"), "%s", saved);
    r = lm_lib_find_routine(&lib, saved);
    LT_CHECK(r >= 0 && !strcmp(lib.routines[r].title, q.title));
    if (r >= 0)
        LT_NEAR(lib.routines[r].rest_s, 12.5, 0);
    /* a shipped routine is not the user's to edit */
    LT_CHECK(!lm_draft_from_routine(&e, &lib, lm_lib_find_routine(&lib, "back-spasm-relief"), LM_LEVEL_BEGINNER));
    lm_err_clear(&err);
}

static void a_save_that_cannot_be_written_changes_nothing(void)
{
    LmDraft d;
    lm_draft_init(&d, LM_LEVEL_BEGINNER);
    snprintf(d.title, sizeof d.title, "Nowhere");
    char saved[64] = "unchanged";
    LmErrors err = {0};
    int n_before = lib.n_routines;
    /* nothing in it */
    LT_CHECK(!lm_draft_save(&d, &lib, user_dir("empty"), saved, sizeof saved, &err));
    LT_CHECK(err_has(&err, "nowhere.json: $.items", "at least one exercise"));
    lm_err_clear(&err);
    lm_draft_add(&d, 0, ex("cat-cow"));
    /* the user folder is a file: even root cannot make a folder in it */
    char file[128];
    snprintf(file, sizeof file, "%s/a-file", tmp_dir);
    write_file(file, "not a folder\n");
    LT_CHECK(!lm_draft_save(&d, &lib, file, saved, sizeof saved, &err));
    print_err(&err);
    LT_CHECK(err_has(&err, "a-file", "cannot make the folder"));
    lm_err_clear(&err);
    /* a title the loader refuses: said with its place, nothing written */
    const char *dir = user_dir("refused");
    snprintf(d.title, sizeof d.title, "My {side} routine");
    LT_CHECK(!lm_draft_save(&d, &lib, dir, saved, sizeof saved, &err));
    LT_CHECK(err_has(&err, "my-side-routine.json: $.title", NULL));
    print_err(&err);
    lm_err_clear(&err);
    struct stat st;
    LT_CHECK(stat(user_dir("refused/routines"), &st) == 0 && hidden_files(user_dir("refused/routines")) == 0);
    char p[256];
    snprintf(p, sizeof p, "%s/routines/my-side-routine.json", dir);
    LT_CHECK(stat(p, &st) != 0);
    /* a read-only folder (root writes there anyway: then it is skipped) */
    snprintf(d.title, sizeof d.title, "Read only");
    const char *ro = user_dir("readonly");
    user_dir("readonly/routines");
    chmod(user_dir("readonly/routines"), 0555);
    if (geteuid() != 0) {
        LT_CHECK(!lm_draft_save(&d, &lib, ro, saved, sizeof saved, &err));
        print_err(&err);
        LT_CHECK(err_has(&err, "readonly/routines/read-only.json", "cannot save"));
        lm_err_clear(&err);
    }
    chmod(user_dir("readonly/routines"), 0755);
    LT_CHECK(lib.n_routines == n_before);
    LT_CHECK(!strcmp(saved, "unchanged"));
}

/* Save d into dir, expecting success. */
static void save_ok(const LmDraft *d, const char *dir)
{
    char saved[64];
    LmErrors err = {0};
    LT_CHECK(lm_draft_save(d, &lib, dir, saved, sizeof saved, &err));
    print_err(&err);
    lm_err_clear(&err);
}

static void a_full_disk_or_an_interrupted_save_keeps_the_old_file(void)
{
    const char *dir = user_dir("keep");
    LmDraft d;
    lm_draft_init(&d, LM_LEVEL_BEGINNER);
    snprintf(d.title, sizeof d.title, "Kept");
    lm_draft_add(&d, 0, ex("cat-cow"));
    save_ok(&d, dir);
    char path[256];
    snprintf(path, sizeof path, "%s/routines/kept.json", dir);
    char *old = read_all(path);
    LT_CHECK(old && strstr(old, "cat-cow"));
    LmDraft e;
    LT_CHECK(lm_draft_from_routine(&e, &lib, lm_lib_find_routine(&lib, "kept"), LM_LEVEL_BEGINNER));
    for (int i = 0; i < 10; i++)
        lm_draft_add(&e, e.n, ex("childs-pose"));
    /* the disk fills: writes past 64 bytes fail, as on a full one */
    struct rlimit was, small;
    getrlimit(RLIMIT_FSIZE, &was);
    small = was;
    small.rlim_cur = 64;
    signal(SIGXFSZ, SIG_IGN);
    LT_CHECK(setrlimit(RLIMIT_FSIZE, &small) == 0);
    char saved[64];
    LmErrors err = {0};
    LT_CHECK(!lm_draft_save(&e, &lib, dir, saved, sizeof saved, &err));
    setrlimit(RLIMIT_FSIZE, &was);
    print_err(&err);
    LT_CHECK(err_has(&err, "kept.json", "cannot save"));
    lm_err_clear(&err);
    char *now = read_all(path);
    LT_CHECK(old && now && !strcmp(old, now));
    free(now);
    LT_CHECK(hidden_files(user_dir("keep/routines")) == 0); /* the temporary file is gone */
    int r = lm_lib_find_routine(&lib, "kept");
    LT_CHECK(r >= 0 && lib.routines[r].n_items == 1);
    /* interrupted after the new text is on disk, before the rename */
    lm_user_interrupt_next_save();
    LT_CHECK(!lm_draft_save(&e, &lib, dir, saved, sizeof saved, &err));
    LT_CHECK(err_has(&err, "kept.json", "interrupted"));
    lm_err_clear(&err);
    now = read_all(path);
    LT_CHECK(old && now && !strcmp(old, now));
    free(now);
    LT_CHECK(hidden_files(user_dir("keep/routines")) == 1); /* left behind, as a crash leaves it */
    r = lm_lib_find_routine(&lib, "kept");
    LT_CHECK(r >= 0 && lib.routines[r].n_items == 1);
    /* which the next load passes over: the old routine, nothing broken */
    LmLibrary fresh;
    LT_CHECK(lt_load_shipped_library(&fresh));
    LT_CHECK(lm_lib_load_user(&fresh, dir, &err) == 1);
    LT_CHECK(fresh.n_broken == 0 && err.count == 0);
    r = lm_lib_find_routine(&fresh, "kept");
    LT_CHECK(r >= 0 && fresh.routines[r].n_items == 1);
    lm_lib_free(&fresh);
    /* and the next save goes through */
    save_ok(&e, dir);
    r = lm_lib_find_routine(&lib, "kept");
    LT_CHECK(r >= 0 && lib.routines[r].n_items == 11);
    free(old);
}

static void a_new_routine_never_overwrites_a_file_already_there(void)
{
    /* a file put in the folder after it was read, with the name the
     * title makes: the save takes the next free name */
    const char *dir = user_dir("there");
    user_dir("there/routines");
    char p[256];
    snprintf(p, sizeof p, "%s/routines/stretch.json", dir);
    write_file(p, "{\"id\": \"stretch\", \"title\": \"Theirs\", \"items\": [{\"exercise\": \"cat-cow\"}]}\n");
    char *before = read_all(p);
    LmDraft d;
    lm_draft_init(&d, LM_LEVEL_BEGINNER);
    snprintf(d.title, sizeof d.title, "Stretch");
    lm_draft_add(&d, 0, ex("figure-four"));
    char saved[64] = "";
    LmErrors err = {0};
    LT_CHECK(lm_draft_save(&d, &lib, dir, saved, sizeof saved, &err));
    print_err(&err);
    lm_err_clear(&err);
    LT_CHECK_MSG(!strcmp(saved, "stretch-2"), "%s", saved);
    char *after = read_all(p);
    LT_CHECK(before && after && !strcmp(before, after));
    free(before);
    free(after);
    int r = lm_lib_find_routine(&lib, "stretch-2");
    LT_CHECK(r >= 0 && lib.routines[r].n_items == 1 && !strcmp(lib.routines[r].items[0].exercise_id, "figure-four"));
}

static void deleting_removes_the_file_and_the_routine(void)
{
    const char *dir = user_dir("delete");
    LmDraft d;
    lm_draft_init(&d, LM_LEVEL_BEGINNER);
    snprintf(d.title, sizeof d.title, "Gone soon");
    lm_draft_add(&d, 0, ex("figure-four"));
    save_ok(&d, dir);
    char path[256];
    snprintf(path, sizeof path, "%s/routines/gone-soon.json", dir);
    struct stat st;
    LT_CHECK(stat(path, &st) == 0);
    int r = lm_lib_find_routine(&lib, "gone-soon"), n = lib.n_routines;
    LmErrors err = {0};
    LT_CHECK(lm_user_delete_routine(&lib, r, &err));
    LT_CHECK(stat(path, &st) != 0 && lm_lib_find_routine(&lib, "gone-soon") < 0 && lib.n_routines == n - 1);
    int shipped = lm_lib_find_routine(&lib, "back-spasm-relief");
    LT_CHECK(!lm_user_delete_routine(&lib, shipped, &err));
    LT_CHECK(err_has(&err, "back-spasm-relief", "limber's own"));
    LT_CHECK(stat("anims/routines/back-spasm-relief.json", &st) == 0);
    LT_CHECK(lm_lib_find_routine(&lib, "back-spasm-relief") >= 0);
    LT_CHECK(!lm_user_delete_routine(&lib, lib.n_routines, &err));
    lm_err_clear(&err);
}

static void damaged_and_shadowing_files_are_kept_aside(void)
{
    const char *dir = user_dir("mixed");
    user_dir("mixed/routines");
    user_dir("mixed/exercises");
    char p[256];
    snprintf(p, sizeof p, "%s/routines/broken.json", dir);
    write_file(p, "{\"id\": \"broken\", \"title\": \"Broken\", \"items\": [{\"exercise\": \"cat-cow\", ");
    snprintf(p, sizeof p, "%s/routines/wrong.json", dir);
    write_file(p, "{\"id\": \"wrong\", \"title\": 5, \"items\": [{\"exercise\": \"cat-cow\"}]}");
    snprintf(p, sizeof p, "%s/routines/back-spasm-relief.json", dir);
    write_file(p, "{\"id\": \"back-spasm-relief\", \"title\": \"Mine\", \"items\": [{\"exercise\": \"cat-cow\"}]}");
    snprintf(p, sizeof p, "%s/routines/fine.json", dir);
    write_file(p, "{\"id\": \"fine\", \"title\": \"Fine\", \"items\": [{\"exercise\": \"my-cat\"}]}");
    snprintf(p, sizeof p, "%s/routines/notes.txt", dir);
    write_file(p, "not json, not read");
    /* an exercise of the user's, used by fine.json, and one that takes a
     * shipped exercise's id */
    char *cat = read_all("anims/exercises/cat-cow.json");
    LT_CHECK(cat != NULL);
    if (!cat)
        return;
    snprintf(p, sizeof p, "%s/exercises/cat-cow.json", dir);
    write_file(p, cat);
    char *id = strstr(cat, "\"cat-cow\"");
    LT_CHECK(id != NULL);
    if (id) {
        snprintf(p, sizeof p, "%s/exercises/my-cat.json", dir);
        FILE *f = fopen(p, "wb");
        if (f) {
            fprintf(f, "%.*s\"my-cat\"%s", (int)(id - cat), cat, id + strlen("\"cat-cow\""));
            fclose(f);
        }
    }
    free(cat);
    LmLibrary l;
    LT_CHECK(lt_load_shipped_library(&l));
    int shipped_ex = l.n_exercises, shipped_ro = l.n_routines;
    LmErrors err = {0};
    LT_CHECK(lm_lib_load_user(&l, dir, &err) == 2);
    print_err(&err);
    LT_CHECK(l.n_exercises == shipped_ex + 1 && l.n_routines == shipped_ro + 1);
    int k = lm_lib_find_exercise(&l, "my-cat"), r = lm_lib_find_routine(&l, "fine");
    LT_CHECK(k >= 0 && l.exercises[k].user && r >= 0 && l.routines[r].user);
    /* the shipped ones stay the shipped ones */
    k = lm_lib_find_exercise(&l, "cat-cow");
    LT_CHECK(k >= 0 && !l.exercises[k].user && strstr(l.exercises[k].path, "anims/exercises"));
    r = lm_lib_find_routine(&l, "back-spasm-relief");
    LT_CHECK(r >= 0 && !l.routines[r].user && strcmp(l.routines[r].title, "Mine") != 0);
    LT_CHECK(l.n_broken == 4);
    for (int i = 0; i < l.n_broken; i++) {
        const LmBroken *b = &l.broken[i];
        LT_STR_CONTAINS(b->message, b->path);
        LT_CHECK_MSG(err_has(&err, b->message, NULL), "%s not in the errors", b->message);
        size_t n = strlen(b->id);
        const char *base = strrchr(b->path, '/') + 1;
        LT_CHECK(!strncmp(base, b->id, n) && !strcmp(base + n, ".json"));
        if (!strcmp(b->id, "cat-cow"))
            LT_CHECK(!b->routine && strstr(b->message, "$.id") && strstr(b->message, "limber's own exercises"));
        else if (!strcmp(b->id, "back-spasm-relief"))
            LT_CHECK(b->routine && strstr(b->message, "$.id") && strstr(b->message, "limber's own routines"));
        else if (!strcmp(b->id, "wrong"))
            LT_CHECK(b->routine && strstr(b->message, "$.title"));
        else
            LT_CHECK_MSG(!strcmp(b->id, "broken") && b->routine, "%s", b->id);
    }
    /* read again: the same, nothing doubled or refused as a duplicate */
    LT_CHECK(lm_lib_load_user(&l, dir, NULL) == 2);
    LT_CHECK(l.n_exercises == shipped_ex + 1 && l.n_routines == shipped_ro + 1 && l.n_broken == 4);
    LT_CHECK(lm_lib_find_routine(&l, "fine") >= 0 && lm_lib_find_exercise(&l, "my-cat") >= 0);
    /* a new routine's id never takes a broken file's name */
    LmDraft d;
    lm_draft_init(&d, LM_LEVEL_BEGINNER);
    snprintf(d.title, sizeof d.title, "Broken");
    char newid[64];
    lm_draft_id(&d, &l, newid, sizeof newid);
    LT_CHECK_MSG(!strcmp(newid, "broken-2"), "%s", newid);
    lm_err_clear(&err);
    /* a folder that is not there has nothing, and no problem */
    char gone[256];
    snprintf(gone, sizeof gone, "%s/never-made", tmp_dir);
    LT_CHECK(lm_lib_load_user(&l, gone, &err) == 0);
    LT_CHECK(err.count == 0 && l.n_broken == 0); /* and what the last read had is let go */
    LT_CHECK(l.n_exercises == shipped_ex && l.n_routines == shipped_ro && lm_lib_find_routine(&l, "fine") < 0);
    LT_CHECK(lm_lib_load_user(&l, user_dir("empty-user"), &err) == 0 && err.count == 0);
    lm_lib_free(&l);
}

/* test_core_user USER_DIR: save a routine as the builder does into that
 * user folder and stop (tests/cli/user_files.sh then checks and plays it
 * with the program). */
static int save_for_the_program(const char *dir)
{
    LmDraft d;
    lm_draft_init(&d, LM_LEVEL_BEGINNER);
    snprintf(d.title, sizeof d.title, "Built in the app");
    lm_draft_add(&d, 0, lm_lib_find_exercise(&lib, "knee-to-chest"));
    lm_draft_add(&d, 1, lm_lib_find_exercise(&lib, "childs-pose"));
    lm_draft_set_hold(&d, &lib, 0, 20);
    lm_draft_set_rest(&d, 4);
    char saved[64];
    LmErrors err = {0};
    bool ok = lm_draft_save(&d, &lib, dir, saved, sizeof saved, &err);
    print_err(&err);
    lm_err_clear(&err);
    if (ok)
        printf("%s\n", saved);
    return ok ? 0 : 1;
}

/* Every file of the bad corpus in both of the user's folders: none loads,
 * each is kept aside with a message naming it, the shipped library is as
 * it was. */
static void the_bad_corpus_in_the_users_folder_is_all_kept_aside(void)
{
    const char *dir = user_dir("bad");
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s/routines' '%s/exercises' && cp tests/bad/*.json '%s/routines/' && "
             "cp tests/bad/*.json '%s/exercises/'",
             dir, dir, dir, dir);
    LT_CHECK(system(cmd) == 0);
    int n = 0;
    DIR *d = opendir("tests/bad");
    for (struct dirent *e; d && (e = readdir(d));)
        n += strlen(e->d_name) > 5 && !strcmp(e->d_name + strlen(e->d_name) - 5, ".json");
    if (d)
        closedir(d);
    LT_CHECK(n >= 25);
    LmLibrary l;
    LT_CHECK(lt_load_shipped_library(&l));
    int ex0 = l.n_exercises, ro0 = l.n_routines;
    LmErrors err = {0};
    LT_CHECK(lm_lib_load_user(&l, dir, &err) == 0);
    LT_CHECK_MSG(l.n_broken == 2 * n, "%d broken of %d", l.n_broken, 2 * n);
    LT_CHECK(l.n_exercises == ex0 && l.n_routines == ro0);
    for (int i = 0; i < l.n_broken; i++)
        LT_STR_CONTAINS(l.broken[i].message, l.broken[i].path);
    lm_err_clear(&err);
    lm_lib_free(&l);
}

int main(int argc, char **argv)
{
    if (argc == 2) {
        if (!lt_load_shipped_library(&lib))
            return 1;
        int rc = save_for_the_program(argv[1]);
        lm_lib_free(&lib);
        return rc;
    }
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/limber-user-XXXXXX");
    if (!mkdtemp(tmp_dir)) {
        perror("mkdtemp");
        return 1;
    }
    if (!lt_load_shipped_library(&lib))
        return 1;
    LT_RUN(a_draft_adds_removes_and_moves_within_its_limits);
    LT_RUN(holds_stay_inside_the_articles_range);
    LT_RUN(the_drafts_length_is_the_compiled_routines);
    LT_RUN(titles_make_unique_ids_never_a_shipped_one);
    LT_RUN(a_saved_routine_loads_back_the_same);
    LT_RUN(a_save_that_cannot_be_written_changes_nothing);
    LT_RUN(a_full_disk_or_an_interrupted_save_keeps_the_old_file);
    LT_RUN(a_new_routine_never_overwrites_a_file_already_there);
    LT_RUN(deleting_removes_the_file_and_the_routine);
    LT_RUN(damaged_and_shadowing_files_are_kept_aside);
    LT_RUN(the_bad_corpus_in_the_users_folder_is_all_kept_aside);
    lm_lib_free(&lib);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwX '%s'; rm -rf '%s'", tmp_dir, tmp_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "  could not remove %s\n", tmp_dir);
    return lt_summary();
}
