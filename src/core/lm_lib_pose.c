/* lm_lib_pose: a pose as authored (a base, root angles, joint angles) and
 * poses.json's named poses, each resolved against those before it. */
#include "lm_library_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- pose ------------------------------------------------------------- */

static void set_root_q(AuthPose *a)
{
    a->pose.root_q = lm_quat_from_ypr_deg(a->ypr_deg[0], a->ypr_deg[1], a->ypr_deg[2]);
}

/* Parse a pose object into out, starting from `inherit` (or its "base"). */
bool lm_lib_parse_pose(Ctx *c, const cJSON *o, const AuthPose *inherit, AuthPose *out, bool need_base)
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
                    lm_j_error(j,
                               "base pose '%s' comes later in the file; a pose's base must come before it "
                               "(and bases cannot go round in a loop)",
                               base->valuestring);
            } else if (!c->pose_file && has_problems(c->lib, base->valuestring)) {
                bool told = false;
                for (int i = 0; i < c->n_told && !told; i++)
                    told = !strcmp(c->told[i], base->valuestring);
                if (told)
                    j->n_errors++; /* an error still, said once above */
                else {
                    if (c->n_told < (int)(sizeof c->told / sizeof c->told[0]))
                        c->told[c->n_told++] = base->valuestring;
                    lm_j_error(j,
                               "base pose '%s' cannot be used: poses.json's problems leave it out (said once "
                               "for this file)",
                               base->valuestring);
                }
            } else
                lm_j_error(j, "unknown base pose '%s'", base->valuestring);
        } else
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

/* ---- named poses, safety card, voice manifest -------------------------- */

bool lm_lib_parse_poses(Ctx *c, const cJSON *root)
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
            if (!lm_lib_valid_id(p->string))
                lm_j_error(j, "a pose name uses lower-case letters, digits and '-'");
            else {
                bool dup = false;
                for (int i = 0; i < c->n_named; i++)
                    if (strcmp(c->named_names[i], p->string) == 0)
                        dup = true;
                AuthPose a;
                c->pose_file = poses;
                c->pose_name = p->string;
                bool ok_pose = !dup && lm_lib_parse_pose(c, p, NULL, &a, false);
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
