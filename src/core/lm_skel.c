/* lm_skel: joint names, the skeleton loader, forward kinematics, mirroring,
 * range-of-motion checks and analytic two-bone IK. */
#include "lm_skel.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm_json.h"

static const char *const joint_names[LM_JOINT_COUNT] = {
    "pelvis",  "lumbar", "thorax", "neck",    "head",  "shoulder_l", "elbow_l", "wrist_l", "shoulder_r", "elbow_r",
    "wrist_r", "hip_l",  "knee_l", "ankle_l", "toe_l", "hip_r",      "knee_r",  "ankle_r", "toe_r",
};
static const int joint_mirror[LM_JOINT_COUNT] = {
    LM_J_PELVIS,  LM_J_LUMBAR,     LM_J_THORAX,  LM_J_NECK,    LM_J_HEAD,  LM_J_SHOULDER_R, LM_J_ELBOW_R,
    LM_J_WRIST_R, LM_J_SHOULDER_L, LM_J_ELBOW_L, LM_J_WRIST_L, LM_J_HIP_R, LM_J_KNEE_R,     LM_J_ANKLE_R,
    LM_J_TOE_R,   LM_J_HIP_L,      LM_J_KNEE_L,  LM_J_ANKLE_L, LM_J_TOE_L,
};
/* Both name lists end in NULL: they double as lm_j_known_keys lists. */
static const char *const site_names[LM_SITE_COUNT + 1] = {
    "head_top", "hand_l", "hand_r", "heel_l", "heel_r", "toe_tip_l", "toe_tip_r", NULL,
};
static const int site_mirror[LM_SITE_COUNT] = {
    LM_S_HEAD_TOP, LM_S_HAND_R, LM_S_HAND_L, LM_S_HEEL_R, LM_S_HEEL_L, LM_S_TOE_TIP_R, LM_S_TOE_TIP_L,
};
static const char *const dof_names[LM_DOF_COUNT + 1] = {"flex", "abd", "rot", NULL};

const char *lm_joint_name(int j) { return j >= 0 && j < LM_JOINT_COUNT ? joint_names[j] : "?"; }
const char *lm_site_name(int s) { return s >= 0 && s < LM_SITE_COUNT ? site_names[s] : "?"; }
const char *lm_dof_name(int d) { return d >= 0 && d < LM_DOF_COUNT ? dof_names[d] : "?"; }
const char *lm_point_name(int p) { return p < LM_JOINT_COUNT ? lm_joint_name(p) : lm_site_name(p - LM_JOINT_COUNT); }

int lm_joint_from_name(const char *name)
{
    if (name)
        for (int j = 0; j < LM_JOINT_COUNT; j++)
            if (strcmp(name, joint_names[j]) == 0)
                return j;
    return -1;
}

int lm_point_from_name(const char *name)
{
    int j = lm_joint_from_name(name);
    if (j >= 0)
        return j;
    if (name)
        for (int s = 0; s < LM_SITE_COUNT; s++)
            if (strcmp(name, site_names[s]) == 0)
                return LM_POINT_SITE(s);
    return -1;
}

int lm_joint_mirror(int j) { return j >= 0 && j < LM_JOINT_COUNT ? joint_mirror[j] : j; }
int lm_point_mirror(int p)
{
    if (p < 0)
        return p;
    if (p < LM_JOINT_COUNT)
        return joint_mirror[p];
    if (p < LM_POINT_COUNT)
        return LM_POINT_SITE(site_mirror[p - LM_JOINT_COUNT]);
    return p;
}
bool lm_joint_is_midline(int j) { return lm_joint_mirror(j) == j; }

void lm_pose_zero(LmPose *p)
{
    memset(p, 0, sizeof *p);
    p->root_q = lm_quat_identity();
}

static LmQuat joint_local(const LmJointDef *d, const double ang[LM_DOF_COUNT])
{
    LmQuat q = lm_quat_identity();
    for (int k = 0; k < LM_DOF_COUNT; k++)
        if (d->has_dof[k] && ang[k] != 0.0)
            q = lm_quat_mul(q, lm_quat_axis_angle(d->axis[k], ang[k]));
    return q;
}

void lm_fk(const LmSkeleton *sk, const LmPose *pose, LmFrame *out)
{
    for (int i = 0; i < LM_JOINT_COUNT; i++) {
        int j = sk->order[i];
        const LmJointDef *d = &sk->joint[j];
        LmQuat local = joint_local(d, pose->ang[j]);
        if (d->parent < 0) {
            out->p[j] = pose->root_pos;
            out->q[j] = lm_quat_norm(lm_quat_mul(pose->root_q, local));
        } else {
            LmQuat pq = out->q[d->parent];
            LmVec3 off = lm_v3_scale(d->dir, d->length * sk->height_m);
            out->p[j] = lm_v3_add(out->p[d->parent], lm_quat_rotate(pq, off));
            out->q[j] = lm_quat_norm(lm_quat_mul(pq, local));
        }
    }
    for (int s = 0; s < LM_SITE_COUNT; s++) {
        const LmSiteDef *sd = &sk->site[s];
        LmVec3 off = lm_v3_scale(sd->offset, sk->height_m);
        out->p[LM_POINT_SITE(s)] = lm_v3_add(out->p[sd->joint], lm_quat_rotate(out->q[sd->joint], off));
    }
}

int lm_point_parent(const LmSkeleton *sk, int point)
{
    if (point < 0 || point >= LM_POINT_COUNT)
        return -1;
    if (point < LM_JOINT_COUNT)
        return sk->joint[point].parent;
    return sk->site[point - LM_JOINT_COUNT].joint;
}

double lm_bone_length_m(const LmSkeleton *sk, int point)
{
    if (point < 0 || point >= LM_POINT_COUNT)
        return 0.0;
    if (point < LM_JOINT_COUNT)
        return sk->joint[point].length * sk->height_m;
    return lm_v3_len(sk->site[point - LM_JOINT_COUNT].offset) * sk->height_m;
}

void lm_pose_mirror(const LmPose *in, LmPose *out)
{
    LmPose tmp;
    for (int j = 0; j < LM_JOINT_COUNT; j++) {
        int m = joint_mirror[j];
        for (int k = 0; k < LM_DOF_COUNT; k++) {
            double a = in->ang[j][k];
            /* Paired joints carry mirrored axes in the skeleton, so the same
             * numbers on the other side give the mirror image. On the midline
             * a side bend or twist changes sign. */
            if (m == j && k != LM_DOF_FLEX)
                a = -a;
            tmp.ang[m][k] = a;
        }
    }
    /* Reflection across x = 0: R' = M R M with M = diag(-1, 1, 1). */
    tmp.root_q = (LmQuat){in->root_q.w, in->root_q.x, -in->root_q.y, -in->root_q.z};
    tmp.root_pos = (LmVec3){-in->root_pos.x, in->root_pos.y, in->root_pos.z};
    *out = tmp;
}

int lm_pose_check_limits(const LmSkeleton *sk, const LmPose *pose, const char *file, const char *path, LmErrors *err)
{
    int bad = 0;
    for (int j = 0; j < LM_JOINT_COUNT; j++)
        for (int k = 0; k < LM_DOF_COUNT; k++) {
            const LmJointDef *d = &sk->joint[j];
            double a = pose->ang[j][k];
            const double eps = 1e-9;
            if (!d->has_dof[k]) {
                if (fabs(a) > eps) {
                    bad++;
                    lm_err_add(err, file, path, "%s has no %s angle", joint_names[j], dof_names[k]);
                }
            } else if (a < d->min_rad[k] - eps || a > d->max_rad[k] + eps) {
                bad++;
                lm_err_add(err, file, path, "%s.%s %.1f is outside its range of motion (%.0f to %.0f)", joint_names[j],
                           dof_names[k], LM_RAD2DEG(a), LM_RAD2DEG(d->min_rad[k]), LM_RAD2DEG(d->max_rad[k]));
            }
        }
    return bad;
}

void lm_ik_two_bone(LmVec3 a, LmVec3 b, LmVec3 c, LmVec3 target, LmVec3 *b_out, LmVec3 *c_out)
{
    double l1 = lm_v3_len(lm_v3_sub(b, a)), l2 = lm_v3_len(lm_v3_sub(c, b));
    LmVec3 d = lm_v3_sub(target, a);
    double dist = lm_v3_len(d);
    LmVec3 dir = dist > 1e-12 ? lm_v3_scale(d, 1.0 / dist) : lm_v3_norm(lm_v3_sub(c, a));
    if (lm_v3_len(dir) < 0.5)
        dir = lm_v3(0, -1, 0);
    if (dist >= l1 + l2) { /* out of reach: point straight at it */
        *b_out = lm_v3_add(a, lm_v3_scale(dir, l1));
        *c_out = lm_v3_add(a, lm_v3_scale(dir, l1 + l2));
        return;
    }
    double dmin = fabs(l1 - l2) + 1e-9;
    if (dist < dmin)
        dist = dmin;
    /* Bend direction: the current mid joint's offset from the a->target line
     * keeps the elbow or knee bending the way it already bends. */
    LmVec3 ab = lm_v3_sub(b, a);
    LmVec3 pole = lm_v3_sub(ab, lm_v3_scale(dir, lm_v3_dot(ab, dir)));
    if (lm_v3_len(pole) < 1e-6) {
        LmVec3 ac = lm_v3_sub(c, a);
        pole = lm_v3_sub(ac, lm_v3_scale(dir, lm_v3_dot(ac, dir)));
        pole = lm_v3_scale(pole, -1.0);
    }
    if (lm_v3_len(pole) < 1e-6) {
        LmVec3 any = fabs(dir.y) < 0.9 ? lm_v3(0, 1, 0) : lm_v3(0, 0, 1);
        pole = lm_v3_cross(dir, lm_v3_cross(any, dir));
    }
    pole = lm_v3_norm(pole);
    double cos_a = lm_clamp((l1 * l1 + dist * dist - l2 * l2) / (2.0 * l1 * dist), -1.0, 1.0);
    double sin_a = sqrt(1.0 - cos_a * cos_a);
    LmVec3 nb = lm_v3_add(a, lm_v3_add(lm_v3_scale(dir, l1 * cos_a), lm_v3_scale(pole, l1 * sin_a)));
    /* The end sits on the target, or as near as the chain folds. */
    LmVec3 nc = lm_v3_add(a, lm_v3_scale(dir, dist));
    /* Re-normalise the lower bone exactly (guards rounding). */
    LmVec3 bc = lm_v3_sub(nc, nb);
    double lbc = lm_v3_len(bc);
    if (lbc > 1e-12)
        nc = lm_v3_add(nb, lm_v3_scale(bc, l2 / lbc));
    *b_out = nb;
    *c_out = nc;
}

/* Half-thickness as a fraction of height: a slim, readable figure whose
 * trunk is thicker than its limbs. */
static const double point_radius[LM_POINT_COUNT] = {
    [LM_J_PELVIS] = 0.030,
    [LM_J_LUMBAR] = 0.028,
    [LM_J_THORAX] = 0.030,
    [LM_J_NECK] = 0.016,
    [LM_J_HEAD] = 0.016,
    [LM_J_SHOULDER_L] = 0.017,
    [LM_J_ELBOW_L] = 0.014,
    [LM_J_WRIST_L] = 0.012,
    [LM_J_SHOULDER_R] = 0.017,
    [LM_J_ELBOW_R] = 0.014,
    [LM_J_WRIST_R] = 0.012,
    [LM_J_HIP_L] = 0.022,
    [LM_J_KNEE_L] = 0.016,
    [LM_J_ANKLE_L] = 0.013,
    [LM_J_TOE_L] = 0.009,
    [LM_J_HIP_R] = 0.022,
    [LM_J_KNEE_R] = 0.016,
    [LM_J_ANKLE_R] = 0.013,
    [LM_J_TOE_R] = 0.009,
    [LM_POINT_SITE(LM_S_HEAD_TOP)] = 0.0,
    [LM_POINT_SITE(LM_S_HAND_L)] = 0.011,
    [LM_POINT_SITE(LM_S_HAND_R)] = 0.011,
    [LM_POINT_SITE(LM_S_HEEL_L)] = 0.008,
    [LM_POINT_SITE(LM_S_HEEL_R)] = 0.008,
    [LM_POINT_SITE(LM_S_TOE_TIP_L)] = 0.007,
    [LM_POINT_SITE(LM_S_TOE_TIP_R)] = 0.007,
};
#define HEAD_RADIUS 0.056

double lm_point_radius_m(const LmSkeleton *sk, int point)
{
    return point >= 0 && point < LM_POINT_COUNT ? point_radius[point] * sk->height_m : 0.0;
}

LmVec3 lm_head_centre(const LmFrame *f) { return lm_v3_lerp(f->p[LM_J_HEAD], f->p[LM_POINT_SITE(LM_S_HEAD_TOP)], 0.5); }

double lm_head_radius_m(const LmSkeleton *sk) { return HEAD_RADIUS * sk->height_m; }

int lm_frame_lowest_point(const LmSkeleton *sk, const LmFrame *f)
{
    double y = lm_head_centre(f).y - lm_head_radius_m(sk);
    int best = -1;
    for (int i = 0; i < LM_POINT_COUNT; i++) {
        if (i == LM_POINT_SITE(LM_S_HEAD_TOP))
            continue;
        double s = f->p[i].y - lm_point_radius_m(sk, i);
        if (s < y) {
            y = s;
            best = i;
        }
    }
    return best;
}

double lm_frame_lowest_y(const LmSkeleton *sk, const LmFrame *f)
{
    int p = lm_frame_lowest_point(sk, f);
    return p < 0 ? lm_head_centre(f).y - lm_head_radius_m(sk) : f->p[p].y - lm_point_radius_m(sk, p);
}

void lm_frame_translate(LmFrame *f, LmVec3 d)
{
    for (int i = 0; i < LM_POINT_COUNT; i++)
        f->p[i] = lm_v3_add(f->p[i], d);
}

/* ---- loader ---------------------------------------------------------- */

static bool load_vec3(LmJ *j, const cJSON *obj, const char *key, bool unit, LmVec3 *out)
{
    double v[3] = {0, 0, 0};
    if (!lm_j_numbers(j, obj, key, true, 3, -10.0, 10.0, v))
        return false;
    LmVec3 r = lm_v3(v[0], v[1], v[2]);
    if (unit) {
        if (lm_v3_len(r) < 1e-6) {
            size_t m = lm_j_key(j, key);
            lm_j_error(j, "a direction cannot be zero");
            lm_j_pop(j, m);
            return false;
        }
        r = lm_v3_norm(r);
    }
    *out = r;
    return true;
}

static void load_joint(LmJ *j, LmSkeleton *sk, int ji, const cJSON *o, char parents[][32])
{
    static const char *const keys[] = {"parent", "length", "dir", "angles", NULL};
    static const char *const akeys[] = {"axis", "min", "max", NULL};
    LmJointDef *d = &sk->joint[ji];
    if (!lm_j_is_object(j, o))
        return;
    lm_j_known_keys(j, o, keys);
    const cJSON *par = cJSON_GetObjectItemCaseSensitive(o, "parent");
    size_t m = lm_j_key(j, "parent");
    if (ji == LM_J_PELVIS) {
        if (par && !cJSON_IsNull(par))
            lm_j_error(j, "the pelvis is the root and has no parent (use null)");
    } else if (!cJSON_IsString(par)) {
        lm_j_error(j, "expected a joint name, got %s", lm_j_type_name(par));
    } else if (lm_joint_from_name(par->valuestring) < 0) {
        lm_j_error(j, "unknown joint '%s'", par->valuestring);
    } else {
        snprintf(parents[ji], 32, "%s", par->valuestring);
    }
    lm_j_pop(j, m);
    if (ji != LM_J_PELVIS) {
        lm_j_number(j, o, "length", true, 0.001, 0.5, &d->length);
        load_vec3(j, o, "dir", true, &d->dir);
    }
    const cJSON *angles = cJSON_GetObjectItemCaseSensitive(o, "angles");
    if (!angles)
        return;
    m = lm_j_key(j, "angles");
    if (lm_j_is_object(j, angles)) {
        lm_j_known_keys(j, angles, dof_names);
        for (int k = 0; k < LM_DOF_COUNT; k++) {
            const cJSON *a = cJSON_GetObjectItemCaseSensitive(angles, dof_names[k]);
            if (!a)
                continue;
            size_t mk = lm_j_key(j, dof_names[k]);
            if (lm_j_is_object(j, a)) {
                lm_j_known_keys(j, a, akeys);
                double lo = 0, hi = 0;
                bool ok = load_vec3(j, a, "axis", true, &d->axis[k]);
                ok &= lm_j_number(j, a, "min", true, -180, 180, &lo);
                ok &= lm_j_number(j, a, "max", true, -180, 180, &hi);
                if (ok && lo > hi)
                    lm_j_error(j, "min %g is greater than max %g", lo, hi);
                else if (ok) {
                    d->has_dof[k] = true;
                    d->min_rad[k] = LM_DEG2RAD(lo);
                    d->max_rad[k] = LM_DEG2RAD(hi);
                }
            }
            lm_j_pop(j, mk);
        }
    }
    lm_j_pop(j, m);
}

bool lm_skel_load(LmSkeleton *sk, const char *path, LmErrors *err)
{
    static const char *const keys[] = {"height_m", "segment_table", "joints", "sites", NULL};
    static const char *const skeys[] = {"joint", "offset", NULL};
    memset(sk, 0, sizeof *sk);
    cJSON *root = lm_json_load_file(path, err);
    if (!root)
        return false;
    LmJ j;
    lm_j_init(&j, path, err);
    char parents[LM_JOINT_COUNT][32];
    memset(parents, 0, sizeof parents);
    if (lm_j_is_object(&j, root)) {
        lm_j_known_keys(&j, root, keys);
        sk->height_m = 1.7;
        lm_j_number(&j, root, "height_m", false, 0.5, 2.5, &sk->height_m);
        const cJSON *joints = cJSON_GetObjectItemCaseSensitive(root, "joints");
        size_t m = lm_j_key(&j, "joints");
        if (!joints)
            lm_j_error(&j, "missing (required)");
        else if (lm_j_is_object(&j, joints)) {
            for (const cJSON *c = joints->child; c; c = c->next)
                if (lm_joint_from_name(c->string) < 0) {
                    size_t mk = lm_j_key(&j, c->string);
                    lm_j_error(&j, "unknown joint");
                    lm_j_pop(&j, mk);
                }
            for (int ji = 0; ji < LM_JOINT_COUNT; ji++) {
                const cJSON *o = cJSON_GetObjectItemCaseSensitive(joints, joint_names[ji]);
                size_t mk = lm_j_key(&j, joint_names[ji]);
                if (!o)
                    lm_j_error(&j, "missing joint");
                else
                    load_joint(&j, sk, ji, o, parents);
                lm_j_pop(&j, mk);
            }
        }
        lm_j_pop(&j, m);
        const cJSON *sites = cJSON_GetObjectItemCaseSensitive(root, "sites");
        m = lm_j_key(&j, "sites");
        if (!sites)
            lm_j_error(&j, "missing (required)");
        else if (lm_j_is_object(&j, sites)) {
            lm_j_known_keys(&j, sites, site_names);
            for (int s = 0; s < LM_SITE_COUNT; s++) {
                const cJSON *o = cJSON_GetObjectItemCaseSensitive(sites, site_names[s]);
                size_t ms = lm_j_key(&j, site_names[s]);
                if (!o)
                    lm_j_error(&j, "missing site");
                else if (lm_j_is_object(&j, o)) {
                    lm_j_known_keys(&j, o, skeys);
                    char *jn = NULL;
                    if (lm_j_string(&j, o, "joint", true, 32, &jn)) {
                        sk->site[s].joint = lm_joint_from_name(jn);
                        if (sk->site[s].joint < 0) {
                            size_t mj = lm_j_key(&j, "joint");
                            lm_j_error(&j, "unknown joint '%s'", jn);
                            lm_j_pop(&j, mj);
                            sk->site[s].joint = 0;
                        }
                    }
                    free(jn);
                    load_vec3(&j, o, "offset", false, &sk->site[s].offset);
                }
                lm_j_pop(&j, ms);
            }
        }
        lm_j_pop(&j, m);
    }
    cJSON_Delete(root);
    if (j.n_errors)
        return false;
    /* Parents, then an order with parents first; a cycle is an error. */
    sk->joint[LM_J_PELVIS].parent = -1;
    for (int ji = 1; ji < LM_JOINT_COUNT; ji++)
        sk->joint[ji].parent = lm_joint_from_name(parents[ji]);
    bool placed[LM_JOINT_COUNT] = {false};
    int n = 0;
    for (int pass = 0; pass < LM_JOINT_COUNT && n < LM_JOINT_COUNT; pass++)
        for (int ji = 0; ji < LM_JOINT_COUNT; ji++) {
            int p = sk->joint[ji].parent;
            if (!placed[ji] && (p < 0 || placed[p])) {
                placed[ji] = true;
                sk->order[n++] = ji;
            }
        }
    if (n < LM_JOINT_COUNT) {
        lm_err_add(err, path, "$.joints", "the parents form a loop; every joint must lead back to the pelvis");
        return false;
    }
    return true;
}
