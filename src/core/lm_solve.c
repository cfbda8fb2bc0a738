/* lm_solve: the body at a time t: the keys either side eased into a pose,
 * forward kinematics, reach constraints by two-bone IK, a held anchor,
 * the lowest point on the floor. Props and framing are worked out once per
 * item after compiling (lm_tl_finish_item). */
#include "lm_timeline_int.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* Last key of the item with t_s <= t (binary search inside the item). */
static int key_at(const LmTimeline *tl, const LmItem *it, double t)
{
    return lm_tl_last_at_or_before(tl->keys, sizeof *tl->keys, offsetof(LmKey, t_s), it->key0, it->key0 + it->nkeys - 1,
                                   t);
}

/* Interpolated pose at t inside item it, plus the key pair and progress. */
static void pose_at(const LmTimeline *tl, const LmItem *it, double t, LmPose *out, int *k0, int *k1, double *u_out)
{
    int a = key_at(tl, it, t);
    int b = a + 1 < it->key0 + it->nkeys ? a + 1 : a;
    const LmKey *ka = &tl->keys[a], *kb = &tl->keys[b];
    double u = 0.0;
    if (b != a && kb->t_s > ka->t_s)
        u = lm_ease(&kb->ease, lm_clamp((t - ka->t_s) / (kb->t_s - ka->t_s), 0.0, 1.0));
    else if (b != a && t >= kb->t_s)
        u = 1.0;
    for (int j = 0; j < LM_JOINT_COUNT; j++)
        for (int d = 0; d < LM_DOF_COUNT; d++)
            out->ang[j][d] = lm_lerp(ka->pose.ang[j][d], kb->pose.ang[j][d], u);
    out->root_q = lm_quat_slerp(ka->pose.root_q, kb->pose.root_q, u);
    out->root_pos = lm_v3_lerp(ka->pose.root_pos, kb->pose.root_pos, u);
    *k0 = a;
    *k1 = b;
    *u_out = u;
}

/* The point a reach holds: its target plus the offset in the target
 * joint's frame. */
static LmVec3 reach_point(const LmSkeleton *sk, const LmFrame *f, const LmReach *r)
{
    int tj = r->target < LM_JOINT_COUNT ? r->target : sk->site[r->target - LM_JOINT_COUNT].joint;
    return lm_v3_add(f->p[r->target], lm_quat_rotate(f->q[tj], r->offset));
}

static void apply_reach(const LmTimeline *tl, const LmKey *ka, const LmKey *kb, double u, LmFrame *f)
{
    /* The union of both keys' constraints; one missing on a side weighs 0
     * there, so a grip ramps in and out over the motion. */
    static const int effectors[4] = {LM_J_WRIST_L, LM_J_WRIST_R, LM_J_ANKLE_L, LM_J_ANKLE_R};
    (void)tl;
    for (int e = 0; e < 4; e++) {
        const LmReach *ra = NULL, *rb = NULL;
        for (int i = 0; i < ka->n_reach; i++)
            if (ka->reach[i].effector == effectors[e])
                ra = &ka->reach[i];
        for (int i = 0; i < kb->n_reach; i++)
            if (kb->reach[i].effector == effectors[e])
                rb = &kb->reach[i];
        if (!ra && !rb)
            continue;
        const LmReach *r = rb ? rb : ra;
        double w = lm_lerp(ra ? ra->weight : 0.0, rb ? rb->weight : 0.0, u);
        if (w <= 1e-6)
            continue;
        int c = r->effector; /* chain: root - mid - end (shoulder-elbow-wrist, hip-knee-ankle) */
        int mid = tl->skel->joint[c].parent, root = tl->skel->joint[mid].parent;
        /* A grip that changes where it holds slides from the old hold to the
         * new one over the motion; taking the new one from the start would
         * make the hand jump there. */
        LmVec3 target = reach_point(tl->skel, f, r);
        if (ra && rb)
            target = lm_v3_lerp(reach_point(tl->skel, f, ra), target, u);
        LmVec3 goal = lm_v3_lerp(f->p[c], target, w);
        LmVec3 nb, nc;
        LmVec3 old_c = f->p[c], old_dir = lm_v3_sub(f->p[c], f->p[mid]);
        lm_ik_two_bone(f->p[root], f->p[mid], f->p[c], goal, &nb, &nc);
        /* Carry the end's sites (hand, heel, toe) along with the lower bone. */
        LmVec3 new_dir = lm_v3_sub(nc, nb);
        LmVec3 axis = lm_v3_cross(lm_v3_norm(old_dir), lm_v3_norm(new_dir));
        double sa = lm_v3_len(axis), ca = lm_v3_dot(lm_v3_norm(old_dir), lm_v3_norm(new_dir));
        LmQuat rot = sa > 1e-9 ? lm_quat_axis_angle(lm_v3_scale(axis, 1.0 / sa), atan2(sa, ca)) : lm_quat_identity();
        f->p[mid] = nb;
        f->p[c] = nc;
        f->q[c] = lm_quat_norm(lm_quat_mul(rot, f->q[c]));
        for (int p = 0; p < LM_POINT_COUNT; p++) {
            if (p == c || p == mid || p == root)
                continue;
            /* Points below the end joint: the toe joint and sites. */
            int q = p;
            bool below = false;
            while (q >= 0) {
                int par = q < LM_JOINT_COUNT ? tl->skel->joint[q].parent : tl->skel->site[q - LM_JOINT_COUNT].joint;
                if (par == c) {
                    below = true;
                    break;
                }
                q = par;
            }
            if (below)
                f->p[p] = lm_v3_add(nc, lm_quat_rotate(rot, lm_v3_sub(f->p[p], old_c)));
        }
    }
}

static void solve_frame(const LmTimeline *tl, const LmItem *it, double t, LmFrame *out)
{
    LmPose pose;
    int a, b;
    double u;
    pose_at(tl, it, t, &pose, &a, &b, &u);
    lm_fk(tl->skel, &pose, out);
    const LmKey *ka = &tl->keys[a], *kb = &tl->keys[b];
    apply_reach(tl, ka, kb, u, out);
    LmVec3 place = lm_v3_lerp(ka->place, kb->place, u);
    if (b != a && kb->anchor >= 0) {
        /* Hold the anchor where it was at the start of the motion. */
        LmVec3 d = lm_v3_sub(kb->anchor_at, out->p[kb->anchor]);
        place = lm_v3(d.x, 0, d.z);
    }
    lm_frame_translate(out, place);
    /* Rest the lowest point on the floor. */
    double low = lm_frame_lowest_y(tl->skel, out);
    lm_frame_translate(out, lm_v3(0, -low, 0));
}

void lm_timeline_pose(const LmTimeline *tl, double t, LmPose *out, int *item_out)
{
    t = lm_clamp(t, 0.0, tl->duration_s);
    int i = lm_timeline_item_at(tl, t);
    int a, b;
    double u;
    pose_at(tl, &tl->items[i], t, out, &a, &b, &u);
    if (item_out)
        *item_out = i;
}

void lm_timeline_frame(const LmTimeline *tl, double t, LmFrame *out)
{
    t = lm_clamp(t, 0.0, tl->duration_s);
    solve_frame(tl, &tl->items[lm_timeline_item_at(tl, t)], t, out);
}

/* Placement and framing need the whole item: computed once after
 * compiling it. */
void lm_tl_finish_item(LmTimeline *tl, LmItem *it)
{
    const LmSkeleton *sk = tl->skel;
    for (int k = it->key0; k < it->key0 + it->nkeys; k++) {
        LmKey *key = &tl->keys[k];
        key->place = lm_v3(0, 0, 0);
        if (k == it->key0)
            continue;
        const LmKey *prev = &tl->keys[k - 1];
        key->place = prev->place;
        if (key->anchor >= 0) {
            /* The anchor stays where the previous key put it: found once
             * here, not by kinematics every frame. Set before solving at
             * the previous key, which reads it. */
            LmFrame fa;
            lm_fk(sk, &prev->pose, &fa);
            key->anchor_at = lm_v3_add(fa.p[key->anchor], prev->place);
            LmFrame fp, fk;
            solve_frame(tl, it, prev->t_s, &fp);
            lm_fk(sk, &key->pose, &fk);
            LmVec3 d = lm_v3_sub(fp.p[key->anchor], fk.p[key->anchor]);
            key->place = lm_v3(d.x, 0, d.z);
        }
    }
    /* Props: the chair under the start pose's pelvis, the mat under the
     * body's middle. */
    LmFrame f0;
    solve_frame(tl, it, it->start_s, &f0);
    it->chair_seat = lm_v3(f0.p[LM_J_PELVIS].x, f0.p[LM_J_PELVIS].y - 0.09, f0.p[LM_J_PELVIS].z - 0.05);
    double minx = DBL_MAX, maxx = -DBL_MAX, minz = DBL_MAX, maxz = -DBL_MAX;
    for (int i = 0; i < LM_POINT_COUNT; i++) {
        minx = fmin(minx, f0.p[i].x), maxx = fmax(maxx, f0.p[i].x);
        minz = fmin(minz, f0.p[i].z), maxz = fmax(maxz, f0.p[i].z);
    }
    it->mat_centre = lm_v3((minx + maxx) / 2, 0, (minz + maxz) / 2);
    /* Framing: every point of every sampled frame, through the camera
     * (its sines and cosines taken once per item rather than once per
     * point: they were a fifth of compiling a routine, before the first
     * frame). */
    it->frame_min_x = it->frame_min_y = DBL_MAX;
    it->frame_max_x = it->frame_max_y = -DBL_MAX;
    LmCamera cam = lm_camera_at(it->cam_yaw_deg, it->cam_pitch_deg);
    int n = (int)ceil((it->t1_s - it->t0_s) * FRAMING_HZ);
    for (int s = 0; s <= n; s++) {
        double t = fmin(it->t0_s + s / FRAMING_HZ, it->t1_s);
        LmFrame f;
        solve_frame(tl, it, t, &f);
        for (int i = 0; i < LM_POINT_COUNT; i++) {
            LmVec3 v = lm_camera_apply(&cam, f.p[i]);
            it->frame_min_x = fmin(it->frame_min_x, v.x), it->frame_max_x = fmax(it->frame_max_x, v.x);
            it->frame_min_y = fmin(it->frame_min_y, v.y), it->frame_max_y = fmax(it->frame_max_y, v.y);
        }
    }
    /* The floor line is part of the picture too. */
    it->frame_min_y = fmin(it->frame_min_y, lm_camera_apply(&cam, lm_v3(0, 0, 0)).y);
}
