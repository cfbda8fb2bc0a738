/* lm_lib_exercise: an exercise file: its moves (easing, reach, cues,
 * nested repeats) and its words, sides, levels and checks. */
#include "lm_library_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- moves ------------------------------------------------------------ */

static void free_moves(LmMove *m, int n)
{
    for (int i = 0; i < n; i++) {
        free(m[i].cue);
        free_moves(m[i].moves, m[i].n_moves);
    }
    free(m);
}

static bool parse_ease(LmJ *j, const cJSON *v, LmEase *e)
{
    e->kind = LM_EASE_SMOOTH;
    if (!v)
        return true;
    static const struct {
        const char *name;
        LmEaseKind kind;
    } names[] = {{"linear", LM_EASE_LINEAR},
                 {"smooth", LM_EASE_SMOOTH},
                 {"in", LM_EASE_IN},
                 {"out", LM_EASE_OUT},
                 {"step", LM_EASE_STEP}};
    size_t m = lm_j_key(j, "ease");
    bool ok = false;
    if (cJSON_IsString(v)) {
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strcmp(v->valuestring, names[i].name) == 0) {
                e->kind = names[i].kind;
                ok = true;
            }
        if (!ok)
            lm_j_error(j, "unknown easing '%s' (use linear, smooth, in, out, step or [x1, y1, x2, y2])",
                       v->valuestring);
    } else if (cJSON_IsArray(v)) {
        if (cJSON_GetArraySize(v) != 4)
            lm_j_error(j, "a cubic bezier needs 4 numbers [x1, y1, x2, y2], got %d", cJSON_GetArraySize(v));
        else {
            ok = true;
            int i = 0;
            for (const cJSON *c = v->child; c; c = c->next, i++) {
                size_t mi = lm_j_index(j, i);
                /* x1 and x2 stay in [0, 1] so time maps to progress one to one. */
                double lo = (i % 2 == 0) ? 0.0 : -2.0, hi = (i % 2 == 0) ? 1.0 : 3.0;
                if (!lm_j_value_number(j, c, lo, hi, &e->bezier[i]))
                    ok = false;
                lm_j_pop(j, mi);
            }
            e->kind = LM_EASE_BEZIER;
        }
    } else {
        lm_j_error(j, "expected an easing name or 4 numbers, got %s", lm_j_type_name(v));
    }
    lm_j_pop(j, m);
    return ok;
}

static bool parse_reach(Ctx *c, const cJSON *v, LmMove *mv)
{
    LmJ *j = c->j;
    static const char *const keys[] = {"from", "to", "offset", "weight", NULL};
    size_t m = lm_j_key(j, "reach");
    bool ok = true;
    mv->has_reach = true;
    mv->n_reach = 0;
    if (!cJSON_IsArray(v)) {
        lm_j_error(j, "expected an array of reach constraints, got %s", lm_j_type_name(v));
        ok = false;
    } else if (cJSON_GetArraySize(v) > LM_MAX_REACH) {
        lm_j_error(j, "at most %d reach constraints", LM_MAX_REACH);
        ok = false;
    } else {
        int i = 0;
        for (const cJSON *r = v->child; r; r = r->next, i++) {
            size_t mi = lm_j_index(j, i);
            if (lm_j_is_object(j, r)) {
                lm_j_known_keys(j, r, keys);
                LmReach rc = {.weight = 1.0};
                char *from = NULL, *to = NULL;
                double off[3] = {0, 0, 0};
                bool okr = lm_j_string(j, r, "from", true, 32, &from);
                okr &= lm_j_string(j, r, "to", true, 32, &to);
                okr &= lm_j_numbers(j, r, "offset", false, 3, -0.5, 0.5, off);
                okr &= lm_j_number(j, r, "weight", false, 0.0, 1.0, &rc.weight);
                if (from) {
                    rc.effector = lm_joint_from_name(from);
                    if (rc.effector != LM_J_WRIST_L && rc.effector != LM_J_WRIST_R && rc.effector != LM_J_ANKLE_L &&
                        rc.effector != LM_J_ANKLE_R) {
                        size_t mf = lm_j_key(j, "from");
                        lm_j_error(j, "'%s' cannot reach (use wrist_l, wrist_r, ankle_l or ankle_r)", from);
                        lm_j_pop(j, mf);
                        okr = false;
                    }
                }
                if (to) {
                    rc.target = lm_point_from_name(to);
                    if (rc.target < 0) {
                        size_t mt = lm_j_key(j, "to");
                        lm_j_error(j, "unknown joint or point '%s'", to);
                        lm_j_pop(j, mt);
                        okr = false;
                    }
                }
                for (int q = 0; q < mv->n_reach && okr; q++)
                    if (mv->reach[q].effector == rc.effector) {
                        lm_j_error(j, "%s already reaches for something in this move", from);
                        okr = false;
                    }
                rc.offset = lm_v3(off[0], off[1], off[2]);
                if (okr)
                    mv->reach[mv->n_reach++] = rc;
                else
                    ok = false;
                free(from);
                free(to);
            } else {
                ok = false;
            }
            lm_j_pop(j, mi);
        }
    }
    lm_j_pop(j, m);
    return ok;
}

typedef struct {
    bool uses_level_hold, uses_reps;
} MoveNeeds;

static bool parse_moves(Ctx *c, const cJSON *arr, const char *key, bool required, AuthPose *cur, int depth,
                        LmMoveList *out, MoveNeeds *needs);

/* A spoken text's placeholders: {side} and {other} (the side being
 * worked and the other one), nothing else, each closed. */
static void check_placeholders(LmJ *j, const char *key, const char *text)
{
    if (!text)
        return;
    for (const char *p = text; (p = strpbrk(p, "{}")); p++) {
        const char *why = NULL;
        if (*p == '}')
            why = "has a '}' with no '{' before it";
        else if (!strncmp(p, "{side}", 6) || !strncmp(p, "{other}", 7)) {
            p = strchr(p, '}'); /* on past it */
            continue;
        } else if (!strchr(p, '}'))
            why = "has a '{' that is not closed";
        else
            why = "has a placeholder other than {side} and {other}";
        size_t m = lm_j_key(j, key);
        lm_j_error(j, "%s", why);
        lm_j_pop(j, m);
        return;
    }
}

/* A text said or shown with no side to name (a title, the safety card's
 * cue): no placeholders at all. */
void lm_lib_check_no_braces(LmJ *j, const char *key, const char *text)
{
    if (!text || !strpbrk(text, "{}"))
        return;
    size_t m = lm_j_key(j, key);
    lm_j_error(j, "has a '{' or '}'; {side} and {other} belong in a move's cue or the switch_cue only");
    lm_j_pop(j, m);
}

static bool parse_move(Ctx *c, const cJSON *o, AuthPose *cur, int depth, LmMove *mv, MoveNeeds *needs)
{
    static const char *const keys[] = {"cue",    "pose", "move_s", "ease",  "anchor", "reach",
                                       "breath", "hold", "repeat", "moves", NULL};
    LmJ *j = c->j;
    int before = j->n_errors;
    memset(mv, 0, sizeof *mv);
    mv->anchor = -1;
    if (!lm_j_is_object(j, o))
        return false;
    lm_j_known_keys(j, o, keys);
    lm_j_string(j, o, "cue", false, MAX_TEXT, &mv->cue);
    check_placeholders(j, "cue", mv->cue);
    const cJSON *br = cJSON_GetObjectItemCaseSensitive(o, "breath");
    if (br) {
        size_t m = lm_j_key(j, "breath");
        if (cJSON_IsString(br) && strcmp(br->valuestring, "in") == 0)
            mv->breath = LM_BREATH_IN;
        else if (cJSON_IsString(br) && strcmp(br->valuestring, "out") == 0)
            mv->breath = LM_BREATH_OUT;
        else
            lm_j_error(j, "expected \"in\" or \"out\"");
        lm_j_pop(j, m);
    }
    const cJSON *rep = cJSON_GetObjectItemCaseSensitive(o, "repeat");
    const cJSON *hold = cJSON_GetObjectItemCaseSensitive(o, "hold");
    const cJSON *pose = cJSON_GetObjectItemCaseSensitive(o, "pose");
    int kinds = (rep != NULL) + (hold != NULL) + (pose != NULL);
    if (kinds != 1) {
        lm_j_error(j, kinds ? "a move is one of: a pose to move to, a hold, or a repeat; this one has several"
                            : "a move needs a \"pose\" to move to, a \"hold\", or a \"repeat\"");
        return false;
    }
    if (rep) {
        mv->kind = LM_MOVE_REPEAT;
        size_t m = lm_j_key(j, "repeat");
        if (cJSON_IsString(rep) && strcmp(rep->valuestring, "reps") == 0) {
            mv->repeat_kind = LM_REPEAT_REPS;
            needs->uses_reps = true;
        } else if (cJSON_IsString(rep) && strcmp(rep->valuestring, "hold") == 0) {
            mv->repeat_kind = LM_REPEAT_HOLD;
            needs->uses_level_hold = true;
        } else if (cJSON_IsNumber(rep)) {
            double d = 0;
            if (lm_j_value_number(j, rep, 1, MAX_REPEAT, &d)) {
                if (d != (int)d)
                    lm_j_error(j, "expected a whole number, got %g", d);
                mv->repeat_kind = LM_REPEAT_COUNT;
                mv->repeat_count = (int)d;
            }
        } else {
            lm_j_error(j, "expected \"reps\", \"hold\" or a count, got %s", lm_j_type_name(rep));
        }
        lm_j_pop(j, m);
        if (depth >= 2) {
            lm_j_error(j, "repeats nest at most two deep");
        } else {
            LmMoveList l = {0};
            parse_moves(c, cJSON_GetObjectItemCaseSensitive(o, "moves"), "moves", true, cur, depth + 1, &l, needs);
            mv->moves = l.moves;
            mv->n_moves = l.n;
        }
    } else if (hold) {
        mv->kind = LM_MOVE_HOLD;
        size_t m = lm_j_key(j, "hold");
        if (cJSON_IsString(hold) && strcmp(hold->valuestring, "level") == 0) {
            mv->hold_level = true;
            needs->uses_level_hold = true;
        } else if (cJSON_IsNumber(hold)) {
            if (hold->valuedouble <= 0)
                lm_j_error(j, "must be more than zero seconds, got %g", hold->valuedouble);
            else
                lm_j_value_number(j, hold, 0.5, 600, &mv->hold_s);
        } else {
            lm_j_error(j, "expected \"level\" or seconds, got %s", lm_j_type_name(hold));
        }
        lm_j_pop(j, m);
    } else {
        mv->kind = LM_MOVE_MOTION;
        size_t m = lm_j_key(j, "pose");
        AuthPose next;
        if (lm_lib_parse_pose(c, pose, cur, &next, false)) {
            *cur = next;
            mv->pose = next.pose;
        }
        lm_j_pop(j, m);
        const cJSON *ms = cJSON_GetObjectItemCaseSensitive(o, "move_s");
        if (!ms) {
            size_t mk = lm_j_key(j, "move_s");
            lm_j_error(j, "missing (how many seconds the motion takes)");
            lm_j_pop(j, mk);
        } else {
            size_t mk = lm_j_key(j, "move_s");
            double d = 0;
            if (cJSON_IsNumber(ms) && ms->valuedouble <= 0)
                lm_j_error(j, "must be more than zero seconds, got %g", ms->valuedouble);
            else if (lm_j_value_number(j, ms, 0.1, 60, &d))
                mv->move_s = d;
            lm_j_pop(j, mk);
        }
        parse_ease(j, cJSON_GetObjectItemCaseSensitive(o, "ease"), &mv->ease);
        const cJSON *an = cJSON_GetObjectItemCaseSensitive(o, "anchor");
        if (an) {
            size_t mk = lm_j_key(j, "anchor");
            if (!cJSON_IsString(an))
                lm_j_error(j, "expected a joint or point name, got %s", lm_j_type_name(an));
            else if ((mv->anchor = lm_point_from_name(an->valuestring)) < 0)
                lm_j_error(j, "unknown joint or point '%s'", an->valuestring);
            lm_j_pop(j, mk);
        }
        const cJSON *re = cJSON_GetObjectItemCaseSensitive(o, "reach");
        if (re)
            parse_reach(c, re, mv);
    }
    /* Keys that only belong to motions. */
    if (mv->kind != LM_MOVE_MOTION) {
        static const char *const only_motion[] = {"move_s", "ease", "anchor", "reach"};
        for (size_t i = 0; i < 4; i++)
            if (cJSON_GetObjectItemCaseSensitive(o, only_motion[i])) {
                size_t mk = lm_j_key(j, only_motion[i]);
                lm_j_error(j, "only a move with a pose takes \"%s\"", only_motion[i]);
                lm_j_pop(j, mk);
            }
    }
    if (mv->kind != LM_MOVE_REPEAT && cJSON_GetObjectItemCaseSensitive(o, "moves")) {
        size_t mk = lm_j_key(j, "moves");
        lm_j_error(j, "only a repeat takes \"moves\"");
        lm_j_pop(j, mk);
    }
    return j->n_errors == before;
}

static bool parse_moves(Ctx *c, const cJSON *arr, const char *key, bool required, AuthPose *cur, int depth,
                        LmMoveList *out, MoveNeeds *needs)
{
    LmJ *j = c->j;
    out->moves = NULL;
    out->n = 0;
    size_t m = lm_j_key(j, key);
    bool ok = false;
    if (!arr) {
        if (required)
            lm_j_error(j, "missing (required)");
        else
            ok = true;
    } else if (!cJSON_IsArray(arr)) {
        lm_j_error(j, "expected an array of moves, got %s", lm_j_type_name(arr));
    } else if (cJSON_GetArraySize(arr) == 0) {
        lm_j_error(j, "must not be empty");
    } else if (cJSON_GetArraySize(arr) > MAX_MOVES) {
        lm_j_error(j, "too many moves (%d; at most %d)", cJSON_GetArraySize(arr), MAX_MOVES);
    } else {
        int n = cJSON_GetArraySize(arr);
        out->moves = calloc((size_t)n, sizeof *out->moves);
        if (out->moves) {
            ok = true;
            int i = 0;
            for (const cJSON *it = arr->child; it; it = it->next, i++) {
                size_t mi = lm_j_index(j, i);
                if (!parse_move(c, it, cur, depth, &out->moves[i], needs))
                    ok = false;
                lm_j_pop(j, mi);
            }
            out->n = n;
        }
    }
    lm_j_pop(j, m);
    return ok;
}

/* ---- exercise --------------------------------------------------------- */

void lm_lib_free_exercise(LmExercise *e)
{
    free(e->id);
    free(e->title);
    free(e->purpose);
    free(e->source);
    free(e->path);
    free(e->switch_cue);
    for (int i = 0; i < e->n_steps; i++)
        free(e->steps[i]);
    free(e->steps);
    free_moves(e->setup.moves, e->setup.n);
    free_moves(e->per_side.moves, e->per_side.n);
    free_moves(e->finish.moves, e->finish.n);
    memset(e, 0, sizeof *e);
}

bool lm_lib_valid_id(const char *s)
{
    if (!s || !*s || strlen(s) > 48)
        return false;
    for (const char *p = s; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-'))
            return false;
    return true;
}

char *lm_lib_data_file(const LmLibrary *lib, const char *dir, const char *id)
{
    if (!lib->data_dir || !lm_lib_valid_id(id))
        return NULL;
    char *p = lm_strfmt("%s/anims/%s/%s.json", lib->data_dir, dir, id);
    struct stat st;
    if (p && stat(p, &st) == 0 && S_ISREG(st.st_mode))
        return p;
    free(p);
    return NULL;
}

/* The file name without folder and ".json". */
static void stem_of(const char *path, char *out, size_t n)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(out, n, "%s", b);
    char *dot = strrchr(out, '.');
    if (dot && strcmp(dot, ".json") == 0)
        *dot = '\0';
}

void lm_lib_check_id(LmJ *j, const char *id, const char *path)
{
    char stem[128];
    stem_of(path, stem, sizeof stem);
    size_t m = lm_j_key(j, "id");
    if (!lm_lib_valid_id(id))
        lm_j_error(j, "an id uses lower-case letters, digits and '-' (at most 48)");
    else if (strcmp(id, stem) != 0)
        lm_j_error(j, "the id '%s' must match the file name '%s.json'", id, stem);
    lm_j_pop(j, m);
}

bool lm_lib_parse_strings(LmJ *j, const cJSON *o, const char *key, int max_n, char ***out, int *n_out)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key);
    size_t m = lm_j_key(j, key);
    bool ok = false;
    *out = NULL;
    *n_out = 0;
    if (!a)
        lm_j_error(j, "missing (required)");
    else if (!cJSON_IsArray(a))
        lm_j_error(j, "expected an array of strings, got %s", lm_j_type_name(a));
    else if (cJSON_GetArraySize(a) == 0)
        lm_j_error(j, "must not be empty");
    else if (cJSON_GetArraySize(a) > max_n)
        lm_j_error(j, "too many (%d; at most %d)", cJSON_GetArraySize(a), max_n);
    else {
        int n = cJSON_GetArraySize(a), i = 0;
        *out = calloc((size_t)n, sizeof **out);
        ok = *out != NULL;
        for (const cJSON *s = a->child; s && *out; s = s->next, i++) {
            size_t mi = lm_j_index(j, i);
            if (!cJSON_IsString(s))
                lm_j_error(j, "expected a string, got %s", lm_j_type_name(s)), ok = false;
            else if (!s->valuestring[0])
                lm_j_error(j, "must not be empty"), ok = false;
            else if (strlen(s->valuestring) > MAX_TEXT)
                lm_j_error(j, "too long (%zu characters; at most %d)", strlen(s->valuestring), MAX_TEXT), ok = false;
            else if (lm_text_problem(s->valuestring))
                lm_j_error(j, "%s", lm_text_problem(s->valuestring)), ok = false;
            else
                (*out)[(*n_out)++] = lm_strdup(s->valuestring);
            lm_j_pop(j, mi);
        }
    }
    lm_j_pop(j, m);
    return ok;
}

static const char *const feel_names[LM_FEEL_COUNT] = {
    "low_back",        "mid_back",       "upper_back",      "neck",       "belly",
    "glute_left",      "glute_right",    "hip_left",        "hip_right",  "hip_front_left",
    "hip_front_right", "hamstring_left", "hamstring_right", "groin_left", "groin_right",
    "shoulder_left",   "shoulder_right", "side_left",       "side_right",
};

const char *lm_feel_name(LmFeel f) { return f >= 0 && f < LM_FEEL_COUNT ? feel_names[f] : "?"; }

LmFeel lm_feel_mirror(LmFeel f)
{
    /* the sided areas come in left, right pairs from LM_FEEL_GLUTE_L on */
    if (f < LM_FEEL_GLUTE_L || f >= LM_FEEL_COUNT)
        return f;
    return (LmFeel)(((f - LM_FEEL_GLUTE_L) ^ 1) + LM_FEEL_GLUTE_L);
}

/* "feel": ["low_back", ...] and "inset": "above" | "pelvis" | "side", both
 * optional. */
static void parse_feel(LmJ *j, const cJSON *root, LmExercise *e)
{
    const cJSON *feel = cJSON_GetObjectItemCaseSensitive(root, "feel");
    if (feel) {
        size_t m = lm_j_key(j, "feel");
        if (!cJSON_IsArray(feel))
            lm_j_error(j, "expected an array of areas (\"low_back\", \"hamstring_left\", ...), got %s",
                       lm_j_type_name(feel));
        else {
            int i = 0;
            for (const cJSON *a = feel->child; a; a = a->next, i++) {
                size_t mi = lm_j_index(j, i);
                int found = -1;
                for (int k = 0; cJSON_IsString(a) && k < LM_FEEL_COUNT; k++)
                    if (strcmp(a->valuestring, feel_names[k]) == 0)
                        found = k;
                if (found < 0)
                    lm_j_error(j, "unknown area (anims/README.md lists them: low_back, hamstring_left, ...)");
                else if (e->n_feel >= LM_MAX_FEEL)
                    lm_j_error(j, "at most %d areas", LM_MAX_FEEL);
                else
                    e->feel[e->n_feel++] = (LmFeel)found;
                lm_j_pop(j, mi);
            }
        }
        lm_j_pop(j, m);
    }
    const cJSON *inset = cJSON_GetObjectItemCaseSensitive(root, "inset");
    if (inset) {
        size_t m = lm_j_key(j, "inset");
        if (cJSON_IsString(inset) && strcmp(inset->valuestring, "above") == 0)
            e->inset = LM_INSET_ABOVE;
        else if (cJSON_IsString(inset) && strcmp(inset->valuestring, "pelvis") == 0)
            e->inset = LM_INSET_PELVIS;
        else if (cJSON_IsString(inset) && strcmp(inset->valuestring, "side") == 0)
            e->inset = LM_INSET_SIDE;
        else
            lm_j_error(j, "expected \"above\", \"pelvis\" or \"side\"");
        lm_j_pop(j, m);
    }
}

static bool parse_level_table(LmJ *j, const cJSON *o, const char *key, bool required, bool range, double lo, double hi,
                              double out_lo[LM_LEVEL_COUNT], double out_hi[LM_LEVEL_COUNT])
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!t) {
        if (required) {
            size_t m = lm_j_key(j, key);
            lm_j_error(j, "missing (this exercise needs it for its holds or reps)");
            lm_j_pop(j, m);
        }
        return !required;
    }
    size_t m = lm_j_key(j, key);
    bool ok = lm_j_is_object(j, t);
    if (ok) {
        lm_j_known_keys(j, t, lm_lib_level_names);
        for (int l = 0; l < LM_LEVEL_COUNT; l++) {
            if (range) {
                double v[2] = {0, 0};
                if (lm_j_numbers(j, t, lm_lib_level_names[l], true, 2, lo, hi, v)) {
                    if (v[0] > v[1]) {
                        size_t ml = lm_j_key(j, lm_lib_level_names[l]);
                        lm_j_error(j, "the range starts after it ends (%g > %g)", v[0], v[1]);
                        lm_j_pop(j, ml);
                        ok = false;
                    }
                    out_lo[l] = v[0];
                    out_hi[l] = v[1];
                } else {
                    ok = false;
                }
            } else {
                int n = 0;
                if (lm_j_int(j, t, lm_lib_level_names[l], true, (int)lo, (int)hi, &n))
                    out_lo[l] = out_hi[l] = n;
                else
                    ok = false;
            }
        }
    }
    lm_j_pop(j, m);
    return ok;
}

bool lm_lib_parse_exercise(Ctx *c, const cJSON *root, const char *path, LmExercise *e)
{
    static const char *const keys[] = {"id",    "title",  "purpose", "source",     "steps",      "camera", "props",
                                       "sided", "hold_s", "reps",    "switch_cue", "first_side", "start",  "setup",
                                       "moves", "finish", "feel",    "inset",      NULL};
    LmJ *j = c->j;
    int before = j->n_errors;
    memset(e, 0, sizeof *e);
    e->path = lm_strdup(path);
    if (!lm_j_is_object(j, root))
        return false;
    lm_j_known_keys(j, root, keys);
    if (lm_j_string(j, root, "id", true, 48, &e->id))
        lm_lib_check_id(j, e->id, path);
    lm_j_string(j, root, "title", true, 48, &e->title);
    lm_j_string(j, root, "purpose", true, MAX_TEXT, &e->purpose);
    lm_j_string(j, root, "source", true, 400, &e->source);
    lm_lib_check_no_braces(j, "title", e->title);
    lm_j_string(j, root, "switch_cue", false, MAX_TEXT, &e->switch_cue);
    check_placeholders(j, "switch_cue", e->switch_cue);
    lm_lib_parse_strings(j, root, "steps", MAX_STEPS, &e->steps, &e->n_steps);
    lm_j_bool(j, root, "sided", false, &e->sided);
    const cJSON *fs = cJSON_GetObjectItemCaseSensitive(root, "first_side");
    if (fs) {
        size_t mf = lm_j_key(j, "first_side");
        if (cJSON_IsString(fs) && strcmp(fs->valuestring, "right") == 0)
            e->first_right = true;
        else if (!cJSON_IsString(fs) || strcmp(fs->valuestring, "left") != 0)
            lm_j_error(j, "expected \"left\" or \"right\"");
        else if (!e->sided)
            lm_j_error(j, "only a sided exercise has a first side");
        lm_j_pop(j, mf);
        if (e->first_right && !e->sided) {
            e->first_right = false;
            lm_j_error(j, "only a sided exercise has a first side");
        }
    }
    parse_feel(j, root, e);
    const cJSON *cam = cJSON_GetObjectItemCaseSensitive(root, "camera");
    size_t m = lm_j_key(j, "camera");
    if (!cam)
        lm_j_error(j, "missing (required)");
    else if (lm_j_is_object(j, cam)) {
        static const char *const ckeys[] = {"yaw", "pitch", NULL};
        lm_j_known_keys(j, cam, ckeys);
        lm_j_number(j, cam, "yaw", true, -180, 180, &e->cam_yaw_deg);
        lm_j_number(j, cam, "pitch", false, -10, 60, &e->cam_pitch_deg);
    }
    lm_j_pop(j, m);
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(root, "props");
    if (props) {
        m = lm_j_key(j, "props");
        if (!cJSON_IsArray(props))
            lm_j_error(j, "expected an array of props (\"mat\", \"chair\"), got %s", lm_j_type_name(props));
        else {
            int i = 0;
            for (const cJSON *p = props->child; p; p = p->next, i++) {
                size_t mi = lm_j_index(j, i);
                if (cJSON_IsString(p) && strcmp(p->valuestring, "mat") == 0)
                    e->props |= LM_PROP_MAT;
                else if (cJSON_IsString(p) && strcmp(p->valuestring, "chair") == 0)
                    e->props |= LM_PROP_CHAIR;
                else
                    lm_j_error(j, "unknown prop (use \"mat\" or \"chair\")");
                lm_j_pop(j, mi);
            }
        }
        lm_j_pop(j, m);
    }
    AuthPose cur;
    const cJSON *start = cJSON_GetObjectItemCaseSensitive(root, "start");
    m = lm_j_key(j, "start");
    memset(&cur, 0, sizeof cur);
    lm_pose_zero(&cur.pose);
    if (!start)
        lm_j_error(j, "missing (the pose the exercise starts from)");
    else if (lm_lib_parse_pose(c, start, NULL, &cur, true))
        e->start = cur.pose;
    lm_j_pop(j, m);
    MoveNeeds needs = {false, false};
    parse_moves(c, cJSON_GetObjectItemCaseSensitive(root, "setup"), "setup", false, &cur, 0, &e->setup, &needs);
    AuthPose side_start = cur;
    parse_moves(c, cJSON_GetObjectItemCaseSensitive(root, "moves"), "moves", true, &cur, 0, &e->per_side, &needs);
    if (e->sided)
        cur = side_start; /* the second side ends where the first began, mirrored */
    parse_moves(c, cJSON_GetObjectItemCaseSensitive(root, "finish"), "finish", false, &cur, 0, &e->finish, &needs);
    parse_level_table(j, root, "hold_s", needs.uses_level_hold, true, 1, 600, e->hold_min_s, e->hold_max_s);
    double reps_lo[LM_LEVEL_COUNT] = {0}, reps_hi[LM_LEVEL_COUNT] = {0};
    if (parse_level_table(j, root, "reps", needs.uses_reps, false, 1, MAX_REPEAT, reps_lo, reps_hi))
        for (int l = 0; l < LM_LEVEL_COUNT; l++)
            e->reps[l] = (int)reps_lo[l];
    return j->n_errors == before;
}
