/* lm_library: loading the data library: named poses, exercises, routines, the
 * safety card and the voice manifest. Every problem is reported with the
 * file, the JSON path and what was wrong; nothing is printed here. */
#include "lm_library.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lm_json.h"

#define MAX_TEXT 160     /* a cue or step must be readable from across a room */
#define MAX_STEPS 12
#define MAX_MOVES 64
#define MAX_ITEMS 64
#define MAX_REPEAT 60
#define MAX_FILES 512
#define MAX_POSES 256

/* Ends in NULL: it doubles as an lm_j_known_keys list. */
static const char *const level_names[LM_LEVEL_COUNT + 1] = {"beginner", "active", NULL};
const char *lm_level_name(LmLevel l) { return l >= 0 && l < LM_LEVEL_COUNT ? level_names[l] : "?"; }
int lm_level_from_name(const char *s)
{
    for (int i = 0; s && i < LM_LEVEL_COUNT; i++)
        if (strcmp(s, level_names[i]) == 0)
            return i;
    return -1;
}

/* A pose as authored: the resolved pose plus the root angles in degrees, so
 * a keyframe can change one root angle and inherit the others. */
typedef struct {
    LmPose pose;
    double ypr_deg[3];
} AuthPose;

typedef struct {
    LmLibrary *lib;
    LmJ *j;
    AuthPose *named; /* named poses resolved so far (while loading poses.json) */
    char **named_names;
    int n_named;
    const cJSON *pose_file; /* poses.json's "poses" while it loads, to tell */
    const char *pose_name;  /* a base that comes later from one that is not there */
    const char *told[8];    /* bases this file was told poses.json left out, */
    int n_told;             /* each said once, not at every use */
} Ctx;

/* Whether poses.json named a pose `name` that was dropped for problems
 * (any name, when poses.json gave no pose at all). */
static bool has_problems(const LmLibrary *lib, const char *name)
{
    if (lib->n_poses == 0)
        return true;
    for (int i = 0; i < lib->n_bad_poses; i++)
        if (!strcmp(lib->bad_poses[i], name))
            return true;
    return false;
}

static const AuthPose *find_named(const Ctx *c, const char *name, AuthPose *tmp)
{
    for (int i = 0; i < c->n_named; i++)
        if (strcmp(c->named_names[i], name) == 0)
            return &c->named[i];
    int k = lm_lib_find_pose(c->lib, name);
    if (k < 0)
        return NULL;
    tmp->pose = c->lib->poses[k].pose;
    memcpy(tmp->ypr_deg, c->lib->poses[k].ypr_deg, sizeof tmp->ypr_deg);
    return tmp;
}

/* What a parsed file is, by the keys check_root tells the kinds apart by,
 * in its order (NULL or not an object: unknown). */
static LmFileKind kind_of_json(const cJSON *root)
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

/* ---- pose ------------------------------------------------------------- */

static void set_root_q(AuthPose *a)
{
    a->pose.root_q = lm_quat_from_ypr_deg(a->ypr_deg[0], a->ypr_deg[1], a->ypr_deg[2]);
}

/* Parse a pose object into out, starting from `inherit` (or its "base"). */
static bool parse_pose(Ctx *c, const cJSON *o, const AuthPose *inherit, AuthPose *out, bool need_base)
{
    LmJ *j = c->j;
    const LmSkeleton *sk = &c->lib->skel;
    int before = j->n_errors;
    if (!lm_j_is_object(j, o))
        return false;
    AuthPose cur;
    if (inherit)
        cur = *inherit;
    else {
        memset(&cur, 0, sizeof cur);
        lm_pose_zero(&cur.pose);
    }
    const cJSON *base = cJSON_GetObjectItemCaseSensitive(o, "base");
    if (base) {
        size_t m = lm_j_key(j, "base");
        AuthPose tmp;
        const AuthPose *b = NULL;
        if (!cJSON_IsString(base))
            lm_j_error(j, "expected a pose name, got %s", lm_j_type_name(base));
        else if (!(b = find_named(c, base->valuestring, &tmp))) {
            if (c->pose_name && !strcmp(c->pose_name, base->valuestring))
                lm_j_error(j, "a pose cannot be its own base");
            else if (c->pose_file && cJSON_GetObjectItemCaseSensitive(c->pose_file, base->valuestring)) {
                /* before this one in the file: it has problems of its own */
                bool earlier = false;
                for (const cJSON *q = c->pose_file->child; q && strcmp(q->string, c->pose_name); q = q->next)
                    earlier |= !strcmp(q->string, base->valuestring);
                if (earlier)
                    lm_j_error(j, "base pose '%s' cannot be used: it has problems of its own", base->valuestring);
                else
                    lm_j_error(j, "base pose '%s' comes later in the file; a pose's base must come before it "
                                  "(and bases cannot go round in a loop)",
                               base->valuestring);
            }
            else if (!c->pose_file && has_problems(c->lib, base->valuestring)) {
                bool told = false;
                for (int i = 0; i < c->n_told && !told; i++)
                    told = !strcmp(c->told[i], base->valuestring);
                if (told)
                    j->n_errors++; /* an error still, said once above */
                else {
                    if (c->n_told < (int)(sizeof c->told / sizeof c->told[0]))
                        c->told[c->n_told++] = base->valuestring;
                    lm_j_error(j, "base pose '%s' cannot be used: poses.json's problems leave it out (said once "
                                  "for this file)",
                               base->valuestring);
                }
            }
            else
                lm_j_error(j, "unknown base pose '%s'", base->valuestring);
        }
        else
            cur = *b;
        lm_j_pop(j, m);
    } else if (need_base) {
        size_t m = lm_j_key(j, "base");
        lm_j_error(j, "missing (a starting pose names its base pose)");
        lm_j_pop(j, m);
    }
    for (const cJSON *it = o->child; it; it = it->next) {
        const char *k = it->string ? it->string : "?";
        if (strcmp(k, "base") == 0)
            continue;
        size_t m = lm_j_key(j, k);
        if (strcmp(k, "root") == 0) {
            static const char *const rkeys[] = {"yaw", "pitch", "roll", "x", "z", NULL};
            if (lm_j_is_object(j, it)) {
                lm_j_known_keys(j, it, rkeys);
                lm_j_number(j, it, "yaw", false, -360, 360, &cur.ypr_deg[0]);
                lm_j_number(j, it, "pitch", false, -360, 360, &cur.ypr_deg[1]);
                lm_j_number(j, it, "roll", false, -360, 360, &cur.ypr_deg[2]);
                lm_j_number(j, it, "x", false, -3, 3, &cur.pose.root_pos.x);
                lm_j_number(j, it, "z", false, -3, 3, &cur.pose.root_pos.z);
            }
        } else {
            int ji = lm_joint_from_name(k);
            if (ji < 0) {
                lm_j_error(j, "unknown joint (joints are pelvis, lumbar, thorax, neck, head, and "
                              "shoulder, elbow, wrist, hip, knee, ankle, toe with _l or _r)");
            } else if (lm_j_is_object(j, it)) {
                for (const cJSON *a = it->child; a; a = a->next) {
                    const char *an = a->string ? a->string : "?";
                    size_t ma = lm_j_key(j, an);
                    int d = -1;
                    for (int q = 0; q < LM_DOF_COUNT; q++)
                        if (strcmp(an, lm_dof_name(q)) == 0)
                            d = q;
                    double v = 0;
                    if (d < 0)
                        lm_j_error(j, "unknown angle (use flex, abd or rot)");
                    else if (!sk->joint[ji].has_dof[d])
                        lm_j_error(j, "%s has no %s angle", k, an);
                    else if (lm_j_value_number(j, a, -360, 360, &v)) {
                        double lo = LM_RAD2DEG(sk->joint[ji].min_rad[d]);
                        double hi = LM_RAD2DEG(sk->joint[ji].max_rad[d]);
                        if (v < lo - 1e-9 || v > hi + 1e-9)
                            lm_j_error(j, "%g is outside the joint's range of motion (%g to %g)", v, lo, hi);
                        else
                            cur.pose.ang[ji][d] = LM_DEG2RAD(v);
                    }
                    lm_j_pop(j, ma);
                }
            }
        }
        lm_j_pop(j, m);
    }
    set_root_q(&cur);
    *out = cur;
    return j->n_errors == before;
}

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
    } names[] = {{"linear", LM_EASE_LINEAR}, {"smooth", LM_EASE_SMOOTH}, {"in", LM_EASE_IN},
                 {"out", LM_EASE_OUT},       {"step", LM_EASE_STEP}};
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
        }
        else if (!strchr(p, '}'))
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
static void check_no_braces(LmJ *j, const char *key, const char *text)
{
    if (!text || !strpbrk(text, "{}"))
        return;
    size_t m = lm_j_key(j, key);
    lm_j_error(j, "has a '{' or '}'; {side} and {other} belong in a move's cue or the switch_cue only");
    lm_j_pop(j, m);
}

static bool parse_move(Ctx *c, const cJSON *o, AuthPose *cur, int depth, LmMove *mv, MoveNeeds *needs)
{
    static const char *const keys[] = {"cue", "pose", "move_s", "ease", "anchor", "reach",
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
        if (parse_pose(c, pose, cur, &next, false)) {
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

static void free_exercise(LmExercise *e)
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

static bool valid_id(const char *s)
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
    if (!lib->data_dir || !valid_id(id))
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

static void check_id(LmJ *j, const char *id, const char *path)
{
    char stem[128];
    stem_of(path, stem, sizeof stem);
    size_t m = lm_j_key(j, "id");
    if (!valid_id(id))
        lm_j_error(j, "an id uses lower-case letters, digits and '-' (at most 48)");
    else if (strcmp(id, stem) != 0)
        lm_j_error(j, "the id '%s' must match the file name '%s.json'", id, stem);
    lm_j_pop(j, m);
}

static bool parse_strings(LmJ *j, const cJSON *o, const char *key, int max_n, char ***out, int *n_out)
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

static bool parse_level_table(LmJ *j, const cJSON *o, const char *key, bool required, bool range, double lo,
                              double hi, double out_lo[LM_LEVEL_COUNT], double out_hi[LM_LEVEL_COUNT])
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
        lm_j_known_keys(j, t, level_names);
        for (int l = 0; l < LM_LEVEL_COUNT; l++) {
            if (range) {
                double v[2] = {0, 0};
                if (lm_j_numbers(j, t, level_names[l], true, 2, lo, hi, v)) {
                    if (v[0] > v[1]) {
                        size_t ml = lm_j_key(j, level_names[l]);
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
                if (lm_j_int(j, t, level_names[l], true, (int)lo, (int)hi, &n))
                    out_lo[l] = out_hi[l] = n;
                else
                    ok = false;
            }
        }
    }
    lm_j_pop(j, m);
    return ok;
}


static const char *const feel_names[LM_FEEL_COUNT] = {
    "low_back",  "mid_back",    "upper_back",  "neck",          "belly",         "glute_left",   "glute_right",
    "hip_left",  "hip_right",   "hip_front_left", "hip_front_right", "hamstring_left", "hamstring_right",
    "groin_left", "groin_right", "shoulder_left", "shoulder_right", "side_left",   "side_right",
};

const char *lm_feel_name(LmFeel f) { return f >= 0 && f < LM_FEEL_COUNT ? feel_names[f] : "?"; }

LmFeel lm_feel_mirror(LmFeel f)
{
    /* the sided areas come in left, right pairs from LM_FEEL_GLUTE_L on */
    if (f < LM_FEEL_GLUTE_L || f >= LM_FEEL_COUNT)
        return f;
    return (LmFeel)(((f - LM_FEEL_GLUTE_L) ^ 1) + LM_FEEL_GLUTE_L);
}

/* "feel": ["low_back", ...] and "inset": "above" | "pelvis", both optional. */
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
        else
            lm_j_error(j, "expected \"above\" or \"pelvis\"");
        lm_j_pop(j, m);
    }
}

static bool parse_exercise(Ctx *c, const cJSON *root, const char *path, LmExercise *e)
{
    static const char *const keys[] = {"id", "title", "purpose", "source", "steps", "camera", "props", "sided",
                                       "hold_s", "reps", "switch_cue", "first_side", "start", "setup", "moves", "finish",
                                       "feel", "inset",
                                       NULL};
    LmJ *j = c->j;
    int before = j->n_errors;
    memset(e, 0, sizeof *e);
    e->path = lm_strdup(path);
    if (!lm_j_is_object(j, root))
        return false;
    lm_j_known_keys(j, root, keys);
    if (lm_j_string(j, root, "id", true, 48, &e->id))
        check_id(j, e->id, path);
    lm_j_string(j, root, "title", true, 48, &e->title);
    lm_j_string(j, root, "purpose", true, MAX_TEXT, &e->purpose);
    lm_j_string(j, root, "source", true, 400, &e->source);
    check_no_braces(j, "title", e->title);
    lm_j_string(j, root, "switch_cue", false, MAX_TEXT, &e->switch_cue);
    check_placeholders(j, "switch_cue", e->switch_cue);
    parse_strings(j, root, "steps", MAX_STEPS, &e->steps, &e->n_steps);
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
    else if (parse_pose(c, start, NULL, &cur, true))
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

/* ---- routine ---------------------------------------------------------- */

static void free_routine(LmRoutine *r)
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

static int add_exercise_from_json(LmLibrary *lib, const cJSON *root, const char *path, LmErrors *err);

/* A routine may name an exercise file relative to its own folder; the path
 * must stay inside that folder: no absolute paths and no "..". */
static bool safe_relative(const char *rel)
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

static bool parse_routine(Ctx *c, const cJSON *root, const char *path, LmRoutine *r)
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
        check_id(j, r->id, path);
    lm_j_string(j, root, "title", true, 48, &r->title);
    check_no_braces(j, "title", r->title);
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
                    else if (!safe_relative(file->valuestring))
                        lm_j_error(j, "'%s' leaves the routine's folder; use a path inside it", file->valuestring);
                    else {
                        char dir[4096];
                        snprintf(dir, sizeof dir, "%s", path);
                        char *slash = strrchr(dir, '/');
                        char *full = slash ? (*slash = '\0', lm_strfmt("%s/%s", dir, file->valuestring))
                                           : lm_strdup(file->valuestring);
                        if (full) {
                            cJSON *er = lm_json_load_file(full, j->err);
                            LmFileKind kind = kind_of_json(er);
                            if (!er)
                                lm_j_error(j, "the exercise file '%s' cannot be used (see above)", file->valuestring);
                            else if (kind == LM_FILE_ROUTINE)
                                lm_j_error(j, "'%s' is a routine, not an exercise: a routine's items are exercises",
                                           file->valuestring);
                            else if (kind != LM_FILE_EXERCISE && kind != LM_FILE_UNKNOWN)
                                lm_j_error(j, "'%s' is %s, not an exercise", file->valuestring,
                                           lm_file_kind_name(kind));
                            else {
                                ri->exercise = add_exercise_from_json(lib, er, full, j->err);
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
                        lm_j_known_keys(j, hs, level_names);
                        for (int l = 0; l < LM_LEVEL_COUNT; l++) {
                            double v = 0;
                            if (!cJSON_GetObjectItemCaseSensitive(hs, level_names[l]))
                                continue;
                            if (lm_j_number(j, hs, level_names[l], false, 1, 600, &v) && ri->exercise >= 0) {
                                const LmExercise *e = &lib->exercises[ri->exercise];
                                if (v < e->hold_min_s[l] || v > e->hold_max_s[l]) {
                                    size_t ml = lm_j_key(j, level_names[l]);
                                    lm_j_error(j, "%g s is outside %s's %s range (%g to %g s)", v, e->id,
                                               level_names[l], e->hold_min_s[l], e->hold_max_s[l]);
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

/* ---- named poses, safety card, voice manifest -------------------------- */

static bool parse_poses(Ctx *c, const cJSON *root)
{
    static const char *const keys[] = {"poses", NULL};
    LmJ *j = c->j;
    LmLibrary *lib = c->lib;
    int before = j->n_errors;
    if (!lm_j_is_object(j, root))
        return false;
    lm_j_known_keys(j, root, keys);
    const cJSON *poses = cJSON_GetObjectItemCaseSensitive(root, "poses");
    size_t m = lm_j_key(j, "poses");
    if (!poses)
        lm_j_error(j, "missing (required)");
    else if (lm_j_is_object(j, poses)) {
        int n = cJSON_GetArraySize(poses);
        if (n == 0)
            lm_j_error(j, "must not be empty");
        else if (n > MAX_POSES) {
            /* Each name is checked against every earlier one: bounded. */
            lm_j_error(j, "too many poses (%d; at most %d)", n, MAX_POSES);
            n = -1;
        }
        c->named = n < 0 ? NULL : calloc((size_t)n + 1, sizeof *c->named);
        c->named_names = n < 0 ? NULL : calloc((size_t)n + 1, sizeof *c->named_names);
        for (const cJSON *p = poses->child; p && c->named && c->named_names; p = p->next) {
            size_t mp = lm_j_key(j, p->string);
            if (!valid_id(p->string))
                lm_j_error(j, "a pose name uses lower-case letters, digits and '-'");
            else {
                bool dup = false;
                for (int i = 0; i < c->n_named; i++)
                    if (strcmp(c->named_names[i], p->string) == 0)
                        dup = true;
                AuthPose a;
                c->pose_file = poses;
                c->pose_name = p->string;
                bool ok_pose = !dup && parse_pose(c, p, NULL, &a, false);
                c->pose_file = NULL;
                c->pose_name = NULL;
                if (dup)
                    lm_j_error(j, "duplicate pose name");
                else if (ok_pose) {
                    c->named[c->n_named] = a;
                    c->named_names[c->n_named++] = lm_strdup(p->string);
                } else if (lib->bad_poses || (lib->bad_poses = calloc((size_t)n + 1, sizeof *lib->bad_poses))) {
                    lib->bad_poses[lib->n_bad_poses] = lm_strdup(p->string);
                    lib->n_bad_poses += lib->bad_poses[lib->n_bad_poses] != NULL;
                }
            }
            lm_j_pop(j, mp);
        }
    }
    lm_j_pop(j, m);
    if (c->named && c->n_named) {
        lib->poses = calloc((size_t)c->n_named, sizeof *lib->poses);
        for (int i = 0; lib->poses && i < c->n_named; i++) {
            lib->poses[i].name = c->named_names[i];
            lib->poses[i].pose = c->named[i].pose;
            lib->poses[i].ypr_deg[0] = c->named[i].ypr_deg[0];
            lib->poses[i].ypr_deg[1] = c->named[i].ypr_deg[1];
            lib->poses[i].ypr_deg[2] = c->named[i].ypr_deg[2];
            c->named_names[i] = NULL;
        }
        if (lib->poses)
            lib->n_poses = c->n_named;
    }
    for (int i = 0; i < c->n_named; i++)
        free(c->named_names[i]);
    free(c->named);
    free(c->named_names);
    c->named = NULL;
    c->named_names = NULL;
    c->n_named = 0;
    return j->n_errors == before;
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
    check_no_braces(j, "cue", lib->safety_cue);
    check_no_braces(j, "title", lib->safety_title);
    parse_strings(j, root, "lines", 10, &lib->safety_lines, &lib->n_safety_lines);
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
                if (ok && !safe_relative(cl.file)) {
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
                    char *p = slash ? lm_strfmt("%.*s/%s", (int)(slash - j->file), j->file, cl.file)
                                    : lm_strdup(cl.file);
                    struct stat st;
                    const char *why = !p                       ? NULL
                                      : stat(p, &st) != 0      ? "is missing from the voice folder"
                                      : !S_ISREG(st.st_mode)   ? "is not a file"
                                      : st.st_size == 0        ? "is empty"
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

static int add_exercise_from_json(LmLibrary *lib, const cJSON *root, const char *path, LmErrors *err)
{
    LmJ j;
    lm_j_init(&j, path, err);
    Ctx c = {.lib = lib, .j = &j};
    LmExercise e;
    bool ok = parse_exercise(&c, root, path, &e);
    if (ok && lm_lib_find_exercise(lib, e.id) >= 0) {
        /* Same id twice: a routine file naming a shipped exercise's copy is
         * fine if it is the very same file; otherwise it is ambiguous. */
        int k = lm_lib_find_exercise(lib, e.id);
        if (!same_file(lib->exercises[k].path, path)) {
            lm_err_add(err, path, "$.id", "an exercise with id '%s' already exists (%s)", e.id,
                       lib->exercises[k].path);
            ok = false;
        } else {
            free_exercise(&e);
            return k;
        }
    }
    if (!ok) {
        free_exercise(&e);
        return -1;
    }
    LmExercise *grown = realloc(lib->exercises, ((size_t)lib->n_exercises + 1) * sizeof *grown);
    if (!grown) {
        free_exercise(&e);
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
    return add_file(lib, path, err, add_exercise_from_json);
}

static int add_routine_from_json(LmLibrary *lib, const cJSON *root, const char *path, LmErrors *err)
{
    LmJ j;
    lm_j_init(&j, path, err);
    Ctx c = {.lib = lib, .j = &j};
    LmRoutine r;
    bool ok = parse_routine(&c, root, path, &r);
    if (ok && lm_lib_find_routine(lib, r.id) >= 0) {
        /* the very file already loaded (a shipped routine given by path)
         * is that routine; another file with its id is ambiguous */
        int k = lm_lib_find_routine(lib, r.id);
        if (same_file(lib->routines[k].path, path)) {
            free_routine(&r);
            return k;
        }
        lm_err_add(err, path, "$.id", "a routine with id '%s' already exists (%s)", r.id,
                   lib->routines[k].path ? lib->routines[k].path : "shipped");
        ok = false;
    }
    if (!ok) {
        free_routine(&r);
        return -1;
    }
    LmRoutine *grown = realloc(lib->routines, ((size_t)lib->n_routines + 1) * sizeof *grown);
    if (!grown) {
        free_routine(&r);
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
    ok &= load_simple(lib, p, parse_poses, err);
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
        free_exercise(&lib->exercises[i]);
    free(lib->exercises);
    for (int i = 0; i < lib->n_routines; i++)
        free_routine(&lib->routines[i]);
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
    free(lib->data_dir);
    memset(lib, 0, sizeof *lib);
}

/* Check a parsed document of any kind, without keeping it. */
static bool check_root(LmLibrary *lib, const cJSON *root, const char *name, LmErrors *err)
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
        bool ok = parse_poses(&c, root);
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
        bool ok = parse_routine(&c, root, name, &r);
        free_routine(&r);
        /* Exercises a routine loaded by path during the check are dropped. */
        for (int i = n_before; i < lib->n_exercises; i++)
            free_exercise(&lib->exercises[i]);
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
        bool ok = parse_exercise(&c, root, name, &e);
        free_exercise(&e);
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
    LmFileKind k = kind_of_json(root);
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
        ok = check_root(lib, root, name, err);
    }
    cJSON_Delete(root);
    return ok;
}

bool lm_lib_check_file(LmLibrary *lib, const char *path, LmErrors *err)
{
    cJSON *root = lm_json_load_file(path, err);
    if (!root)
        return false;
    bool ok = check_root(lib, root, path, err);
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
