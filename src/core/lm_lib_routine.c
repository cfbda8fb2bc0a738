/* lm_lib_routine: a routine file: its items, each an exercise by id or by
 * a file beside it, with the settings that item overrides. */
#include "lm_library_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- routine ---------------------------------------------------------- */

void lm_lib_free_routine(LmRoutine *r)
{
    free(r->id);
    free(r->title);
    free(r->source);
    free(r->path);
    for (int i = 0; i < r->n_items; i++)
        free(r->items[i].exercise_id);
    free(r->items);
    memset(r, 0, sizeof *r);
}

/* A routine may name an exercise file relative to its own folder; the path
 * must stay inside that folder: no absolute paths and no "..". */
bool lm_lib_safe_relative(const char *rel)
{
    if (!rel || !*rel || rel[0] == '/' || strchr(rel, '\\'))
        return false;
    const char *p = rel;
    while (*p) {
        const char *s = strchr(p, '/');
        size_t n = s ? (size_t)(s - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return false;
        if (!s)
            break;
        p = s + 1;
    }
    return true;
}

bool lm_lib_parse_routine(Ctx *c, const cJSON *root, const char *path, LmRoutine *r)
{
    static const char *const keys[] = {"id", "title", "source", "rest_s", "safety", "items", NULL};
    static const char *const ikeys[] = {"exercise", "file", "hold_s", NULL};
    LmJ *j = c->j;
    LmLibrary *lib = c->lib;
    int before = j->n_errors;
    memset(r, 0, sizeof *r);
    r->path = lm_strdup(path);
    r->rest_s = 8.0;
    r->safety = true;
    if (!lm_j_is_object(j, root))
        return false;
    lm_j_known_keys(j, root, keys);
    if (lm_j_string(j, root, "id", true, 48, &r->id))
        lm_lib_check_id(j, r->id, path);
    lm_j_string(j, root, "title", true, 60, &r->title);
    lm_lib_check_no_braces(j, "title", r->title);
    lm_j_string(j, root, "source", false, 200, &r->source);
    lm_j_number(j, root, "rest_s", false, 0, 120, &r->rest_s);
    lm_j_bool(j, root, "safety", false, &r->safety);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(root, "items");
    size_t m = lm_j_key(j, "items");
    if (!items)
        lm_j_error(j, "missing (required)");
    else if (!cJSON_IsArray(items))
        lm_j_error(j, "expected an array of exercises, got %s", lm_j_type_name(items));
    else if (cJSON_GetArraySize(items) == 0)
        lm_j_error(j, "must not be empty");
    else if (cJSON_GetArraySize(items) > MAX_ITEMS)
        lm_j_error(j, "too many items (at most %d)", MAX_ITEMS);
    else if ((r->items = calloc((size_t)cJSON_GetArraySize(items), sizeof *r->items))) {
        int i = 0;
        for (const cJSON *it = items->child; it; it = it->next, i++) {
            size_t mi = lm_j_index(j, i);
            LmRoutineItem *ri = &r->items[r->n_items];
            ri->exercise = -1;
            if (lm_j_is_object(j, it)) {
                lm_j_known_keys(j, it, ikeys);
                const cJSON *ex = cJSON_GetObjectItemCaseSensitive(it, "exercise");
                const cJSON *file = cJSON_GetObjectItemCaseSensitive(it, "file");
                if ((ex != NULL) == (file != NULL))
                    lm_j_error(j, "name an \"exercise\" id or a \"file\", one of the two");
                else if (ex) {
                    size_t me = lm_j_key(j, "exercise");
                    if (!cJSON_IsString(ex))
                        lm_j_error(j, "expected an exercise id, got %s", lm_j_type_name(ex));
                    else if ((ri->exercise = lm_lib_find_exercise(lib, ex->valuestring)) < 0) {
                        char *left_out = lm_lib_data_file(lib, "exercises", ex->valuestring);
                        if (left_out)
                            lm_j_error(j, "exercise '%s' was left out for the problems listed with its own file",
                                       ex->valuestring);
                        else
                            lm_j_error(j, "no exercise with id '%s'", ex->valuestring);
                        free(left_out);
                    }
                    lm_j_pop(j, me);
                } else {
                    size_t mf = lm_j_key(j, "file");
                    if (!cJSON_IsString(file))
                        lm_j_error(j, "expected a path relative to the routine, got %s", lm_j_type_name(file));
                    else if (!lm_lib_safe_relative(file->valuestring))
                        lm_j_error(j, "'%s' leaves the routine's folder; use a path inside it", file->valuestring);
                    else {
                        char dir[4096];
                        snprintf(dir, sizeof dir, "%s", path);
                        char *slash = strrchr(dir, '/');
                        char *full = slash ? (*slash = '\0', lm_strfmt("%s/%s", dir, file->valuestring))
                                           : lm_strdup(file->valuestring);
                        if (full) {
                            cJSON *er = lm_json_load_file(full, j->err);
                            LmFileKind kind = lm_lib_kind_of_json(er);
                            if (!er)
                                lm_j_error(j, "the exercise file '%s' cannot be used (see above)", file->valuestring);
                            else if (kind == LM_FILE_ROUTINE)
                                lm_j_error(j, "'%s' is a routine, not an exercise: a routine's items are exercises",
                                           file->valuestring);
                            else if (kind != LM_FILE_EXERCISE && kind != LM_FILE_UNKNOWN)
                                lm_j_error(j, "'%s' is %s, not an exercise", file->valuestring,
                                           lm_file_kind_name(kind));
                            else {
                                ri->exercise = lm_lib_add_exercise_from_json(lib, er, full, j->err);
                                if (ri->exercise < 0)
                                    j->n_errors++;
                            }
                            cJSON_Delete(er);
                            free(full);
                        }
                    }
                    lm_j_pop(j, mf);
                }
                const cJSON *hs = cJSON_GetObjectItemCaseSensitive(it, "hold_s");
                if (hs) {
                    size_t mh = lm_j_key(j, "hold_s");
                    if (lm_j_is_object(j, hs)) {
                        lm_j_known_keys(j, hs, lm_lib_level_names);
                        for (int l = 0; l < LM_LEVEL_COUNT; l++) {
                            double v = 0;
                            if (!cJSON_GetObjectItemCaseSensitive(hs, lm_lib_level_names[l]))
                                continue;
                            if (lm_j_number(j, hs, lm_lib_level_names[l], false, 1, 600, &v) && ri->exercise >= 0) {
                                const LmExercise *e = &lib->exercises[ri->exercise];
                                if (v < e->hold_min_s[l] || v > e->hold_max_s[l]) {
                                    size_t ml = lm_j_key(j, lm_lib_level_names[l]);
                                    lm_j_error(j, "%g s is outside %s's %s range (%g to %g s)", v, e->id,
                                               lm_lib_level_names[l], e->hold_min_s[l], e->hold_max_s[l]);
                                    lm_j_pop(j, ml);
                                }
                            }
                            ri->hold_s[l] = v;
                        }
                    }
                    lm_j_pop(j, mh);
                }
                if (ri->exercise >= 0) {
                    ri->exercise_id = lm_strdup(lib->exercises[ri->exercise].id);
                    r->n_items++;
                }
            }
            lm_j_pop(j, mi);
        }
    }
    lm_j_pop(j, m);
    return j->n_errors == before;
}
