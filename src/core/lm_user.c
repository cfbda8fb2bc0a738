/* lm_user: the user's own files: loading USER/exercises and
 * USER/routines beside the shipped library (a file that cannot load, or
 * that would take a shipped id, is kept aside as broken), and deleting a
 * routine. The builder's draft and its save are in lm_user_draft.c. */
#include "lm_user.h"

#include "lm_library_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lm_json.h"

#define MAX_USER_FILES 512

/* Whether a shipped (not the user's) exercise or routine has this id. */
static bool shipped_id(const LmLibrary *lib, const char *id)
{
    int e = lm_lib_find_exercise(lib, id), r = lm_lib_find_routine(lib, id);
    return (e >= 0 && !lib->exercises[e].user) || (r >= 0 && !lib->routines[r].user);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The .json files of dir, sorted; a missing folder has none. */
static char **user_files(const char *dir, int *n_out, LmErrors *err)
{
    *n_out = 0;
    DIR *d = opendir(dir);
    if (!d) {
        if (errno != ENOENT)
            lm_err_add(err, dir, NULL, "cannot open the folder of your own files: %s", strerror(errno));
        return NULL;
    }
    int cap = 0;
    char **v = NULL;
    for (struct dirent *de; (de = readdir(d));) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l < 6 || strcmp(de->d_name + l - 5, ".json") != 0)
            continue;
        if (*n_out >= MAX_USER_FILES) {
            lm_err_add(err, dir, NULL, "more than %d files; the rest are ignored", MAX_USER_FILES);
            break;
        }
        if (*n_out == cap) {
            char **nv = realloc(v, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *nv);
            if (!nv)
                break;
            v = nv;
        }
        char *p = lm_strfmt("%s/%s", dir, de->d_name);
        if (p)
            v[(*n_out)++] = p;
    }
    closedir(d);
    if (*n_out > 1)
        qsort(v, (size_t)*n_out, sizeof *v, cmp_str);
    return v;
}

static void add_broken(LmLibrary *lib, const char *path, bool routine, const char *message)
{
    LmBroken *grown = realloc(lib->broken, ((size_t)lib->n_broken + 1) * sizeof *grown);
    if (!grown)
        return;
    lib->broken = grown;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    LmBroken *b = &lib->broken[lib->n_broken];
    b->path = lm_strdup(path);
    b->id = lm_strfmt("%.*s", (int)(n > 5 ? n - 5 : n), base);
    b->routine = routine;
    b->message = lm_strdup(message ? message : path);
    if (b->path && b->id && b->message)
        lib->n_broken++;
    else {
        free(b->path);
        free(b->id);
        free(b->message);
    }
}

/* Load one of the user's files; true when it joined the library. */
static bool load_one(LmLibrary *lib, const char *path, bool routine, LmErrors *err)
{
    LmErrors mine = {0};
    int n_ex = lib->n_exercises;
    bool ok = false;
    cJSON *root = lm_json_load_file(path, &mine);
    if (root) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
        const char *base = strrchr(path, '/');
        char stem[128];
        snprintf(stem, sizeof stem, "%s", base ? base + 1 : path);
        stem[strlen(stem) > 5 ? strlen(stem) - 5 : 0] = '\0';
        const char *taken = cJSON_IsString(id) && shipped_id(lib, id->valuestring) ? id->valuestring
                            : shipped_id(lib, stem)                                ? stem
                                                                                   : NULL;
        if (taken)
            lm_err_add(&mine, path, "$.id",
                       "'%s' is the id of one of limber's own %s, which a file of yours cannot replace; rename the "
                       "file and change its id to match",
                       taken, lm_lib_find_routine(lib, taken) >= 0 ? "routines" : "exercises");
        else if (routine)
            ok = lm_lib_add_routine_file(lib, path, &mine) >= 0;
        else
            ok = lm_lib_add_exercise_from_json(lib, root, path, &mine) >= 0;
        cJSON_Delete(root);
    }
    if (ok && routine)
        lib->routines[lib->n_routines - 1].user = true;
    /* exercises a routine names by file are the user's too */
    for (int i = n_ex; i < lib->n_exercises; i++)
        lib->exercises[i].user = true;
    if (!ok) {
        /* the first problem said of this file (a routine's item can be
         * another file's, said first), else the first at all */
        const char *first = mine.count ? mine.items[0] : "cannot be loaded";
        size_t n = strlen(path);
        for (int i = mine.count - 1; i >= 0; i--)
            if (!strncmp(mine.items[i], path, n) && mine.items[i][n] == ':')
                first = mine.items[i];
        add_broken(lib, path, routine, first);
    }
    lm_err_take(err, &mine);
    return ok;
}

/* Let go of what an earlier lm_lib_load_user loaded: the user's routines,
 * their exercises (all after the shipped ones) and the broken list. */
static void unload_user(LmLibrary *lib)
{
    int kept = 0;
    for (int i = 0; i < lib->n_routines; i++) {
        if (lib->routines[i].user)
            lm_lib_free_routine(&lib->routines[i]);
        else
            lib->routines[kept++] = lib->routines[i];
    }
    lib->n_routines = kept;
    while (lib->n_exercises > 0 && lib->exercises[lib->n_exercises - 1].user)
        lm_lib_free_exercise(&lib->exercises[--lib->n_exercises]);
    for (int i = 0; i < lib->n_broken; i++) {
        free(lib->broken[i].path);
        free(lib->broken[i].id);
        free(lib->broken[i].message);
    }
    free(lib->broken);
    lib->broken = NULL;
    lib->n_broken = 0;
}

int lm_lib_load_user(LmLibrary *lib, const char *user_dir, LmErrors *err)
{
    int loaded = 0;
    unload_user(lib);
    if (!user_dir || !*user_dir)
        return 0;
    for (int k = 0; k < 2; k++) {
        char *dir = lm_strfmt("%s/%s", user_dir, k ? "routines" : "exercises");
        int n = 0;
        char **files = dir ? user_files(dir, &n, err) : NULL;
        for (int i = 0; i < n; i++) {
            loaded += load_one(lib, files[i], k == 1, err);
            free(files[i]);
        }
        free(files);
        free(dir);
    }
    return loaded;
}

bool lm_user_delete_routine(LmLibrary *lib, int routine, LmErrors *err)
{
    if (routine < 0 || routine >= lib->n_routines) {
        lm_err_add(err, "(routines)", NULL, "no routine number %d", routine);
        return false;
    }
    LmRoutine *r = &lib->routines[routine];
    if (!r->user || !r->path) {
        lm_err_add(err, r->path ? r->path : r->id, NULL, "'%s' is one of limber's own routines and stays", r->id);
        return false;
    }
    if (unlink(r->path) != 0 && errno != ENOENT) {
        lm_err_add(err, r->path, NULL, "cannot delete the file: %s", strerror(errno));
        return false;
    }
    lm_lib_free_routine(r);
    memmove(r, r + 1, (size_t)(lib->n_routines - routine - 1) * sizeof *r);
    lib->n_routines--;
    return true;
}
