/* test_core_skel: the shipped skeleton, forward kinematics, mirroring,
 * range-of-motion checks and two-bone IK (lm_skel). Runs from the repo root. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>

#include "lm_skel.h"
#include "lt.h"

#define SKELETON_PATH "anims/skeleton.json"

static LmSkeleton sk;
static bool sk_ok;

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;
static double rnd01(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}
static double rnd(double lo, double hi) { return lo + (hi - lo) * rnd01(); }

static double dist(LmVec3 a, LmVec3 b) { return lm_v3_len(lm_v3_sub(a, b)); }

/* Every angle the joint has, uniformly inside its limits; or, when wild,
 * anywhere in -2pi..2pi (FK must not care about limits). */
static void random_pose(LmPose *p, bool wild)
{
    lm_pose_zero(p);
    for (int j = 0; j < LM_JOINT_COUNT; j++)
        for (int k = 0; k < LM_DOF_COUNT; k++) {
            const LmJointDef *d = &sk.joint[j];
            if (!d->has_dof[k])
                continue;
            p->ang[j][k] = wild ? rnd(-2 * LM_PI, 2 * LM_PI) : rnd(d->min_rad[k], d->max_rad[k]);
        }
    LmVec3 axis = lm_v3_norm(lm_v3(rnd(-1, 1), rnd(-1, 1), rnd(-1, 1) + 1e-3));
    p->root_q = lm_quat_axis_angle(axis, rnd(-LM_PI, LM_PI));
    p->root_pos = lm_v3(rnd(-2, 2), rnd(0, 1), rnd(-2, 2));
}

static void skeleton_file_loads_without_errors(void)
{
    LmErrors err = {0};
    LT_CHECK(sk_ok);
    /* Loading again is deterministic and error free. */
    LmSkeleton again;
    LT_CHECK(lm_skel_load(&again, SKELETON_PATH, &err));
    LT_CHECK_MSG(err.count == 0, "first error: %s", err.count ? err.items[0] : "");
    LT_CHECK(memcmp(&again, &sk, sizeof sk) == 0);
    LT_NEAR(sk.height_m, 1.7, 1e-12);
    /* Parents come before children in the evaluation order. */
    int seen[LM_JOINT_COUNT] = {0};
    for (int i = 0; i < LM_JOINT_COUNT; i++) {
        int j = sk.order[i];
        LT_CHECK(j >= 0 && j < LM_JOINT_COUNT);
        if (j < 0 || j >= LM_JOINT_COUNT)
            continue;
        int p = sk.joint[j].parent;
        LT_CHECK_MSG(p < 0 || seen[p], "%s evaluated before its parent", lm_joint_name(j));
        seen[j] = 1;
    }
    lm_err_clear(&err);
}

/* The shipped skeleton with one change made by edit() on its text. */
static bool load_edited_skeleton(const char *find, const char *replace, LmErrors *err)
{
    FILE *f = fopen(SKELETON_PATH, "rb");
    if (!f)
        return false;
    static char buf[1 << 16], out[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *at = strstr(buf, find);
    if (!at)
        return false;
    snprintf(out, sizeof out, "%.*s%s%s", (int)(at - buf), buf, replace, at + strlen(find));
    char tmp[] = "/tmp/limber-skel-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0)
        return false;
    FILE *w = fdopen(fd, "wb");
    fputs(out, w);
    fclose(w);
    LmSkeleton s;
    bool ok = lm_skel_load(&s, tmp, err);
    remove(tmp);
    return ok;
}

static bool has_error(const LmErrors *err, const char *needle)
{
    for (int i = 0; i < err->count; i++)
        if (strstr(err->items[i], needle))
            return true;
    return false;
}

static void skeleton_loader_flags_unknown_angle_and_site_keys(void)
{
    LmErrors err = {0};
    /* An angle name that is not flex/abd/rot, and a site that does not exist.
     * (Both key lists must be terminated: an AddressSanitizer build reads
     * past their ends otherwise.) */
    LT_CHECK(!load_edited_skeleton("\"flex\": {", "\"twist\": {", &err));
    LT_CHECK_MSG(has_error(&err, "$.joints.pelvis.angles.twist: unknown key (a typo?)"), "got %d errors, first: %s",
                 err.count, err.count ? err.items[0] : "");
    lm_err_clear(&err);
    LT_CHECK(!load_edited_skeleton("\"hand_r\": {", "\"hand_x\": {", &err));
    LT_CHECK(has_error(&err, "$.sites.hand_x: unknown key (a typo?)"));
    LT_CHECK(has_error(&err, "$.sites.hand_r: missing site"));
    lm_err_clear(&err);
    /* A parent loop is caught. */
    LT_CHECK(!load_edited_skeleton("\"parent\": \"pelvis\",\n      \"length\": 0.08",
                                   "\"parent\": \"thorax\",\n      \"length\": 0.08", &err));
    LT_CHECK(has_error(&err, "$.joints: the parents form a loop"));
    lm_err_clear(&err);
}

static void names_round_trip_and_mirror_pairs(void)
{
    for (int p = 0; p < LM_POINT_COUNT; p++) {
        LT_CHECK(lm_point_from_name(lm_point_name(p)) == p);
        int m = lm_point_mirror(p);
        LT_CHECK(m >= 0 && m < LM_POINT_COUNT);
        LT_CHECK(lm_point_mirror(m) == p);
        const char *n = lm_point_name(p), *mn = lm_point_name(m);
        size_t len = strlen(n);
        if (len > 2 && n[len - 2] == '_' && (n[len - 1] == 'l' || n[len - 1] == 'r')) {
            /* knee_l <-> knee_r */
            LT_CHECK(strlen(mn) == len && strncmp(n, mn, len - 1) == 0 && mn[len - 1] != n[len - 1]);
        } else {
            LT_CHECK_MSG(m == p, "%s is on the midline but mirrors to %s", n, mn);
        }
    }
    LT_CHECK(lm_joint_from_name("knee") == -1);
    LT_CHECK(lm_joint_from_name(NULL) == -1);
    LT_CHECK(lm_point_from_name("hand_l") == LM_POINT_SITE(LM_S_HAND_L));
    LT_CHECK(lm_joint_is_midline(LM_J_THORAX));
    LT_CHECK(!lm_joint_is_midline(LM_J_HIP_R));
}

static void fk_preserves_every_bone_length_under_random_poses(void)
{
    int bad = 0;
    double worst = 0;
    for (int i = 0; i < 2000; i++) {
        LmPose pose;
        random_pose(&pose, i >= 1000); /* first half within limits, then beyond */
        LmFrame f;
        lm_fk(&sk, &pose, &f);
        for (int p = 0; p < LM_POINT_COUNT; p++) {
            int parent = lm_point_parent(&sk, p);
            if (parent < 0)
                continue;
            double e = fabs(dist(f.p[p], f.p[parent]) - lm_bone_length_m(&sk, p));
            if (e > worst)
                worst = e;
            if (e > 1e-6)
                bad++;
        }
    }
    LT_CHECK_MSG(bad == 0, "%d bones changed length (worst %.3g m)", bad, worst);
    /* Every point but the pelvis has a parent, and a bone of real length. */
    LT_CHECK(lm_point_parent(&sk, LM_J_PELVIS) == -1);
    for (int p = 1; p < LM_POINT_COUNT; p++) {
        LT_CHECK(lm_point_parent(&sk, p) >= 0);
        LT_CHECK_MSG(lm_bone_length_m(&sk, p) > 0.01, "%s has length %g", lm_point_name(p), lm_bone_length_m(&sk, p));
    }
}

static void fk_world_rotations_stay_unit(void)
{
    LmPose pose;
    LmFrame f;
    random_pose(&pose, true);
    lm_fk(&sk, &pose, &f);
    for (int j = 0; j < LM_JOINT_COUNT; j++)
        LT_NEAR(lm_quat_len(f.q[j]), 1.0, 1e-12);
    /* The pelvis sits where the pose puts it. */
    LT_NEAR(dist(f.p[LM_J_PELVIS], pose.root_pos), 0.0, 1e-15);
}

static bool poses_equal(const LmPose *a, const LmPose *b)
{
    return memcmp(a->ang, b->ang, sizeof a->ang) == 0 && a->root_q.w == b->root_q.w && a->root_q.x == b->root_q.x &&
           a->root_q.y == b->root_q.y && a->root_q.z == b->root_q.z && a->root_pos.x == b->root_pos.x &&
           a->root_pos.y == b->root_pos.y && a->root_pos.z == b->root_pos.z;
}

static void mirror_of_mirror_is_the_original(void)
{
    for (int i = 0; i < 200; i++) {
        LmPose p, m, mm;
        random_pose(&p, i & 1);
        lm_pose_mirror(&p, &m);
        lm_pose_mirror(&m, &mm);
        LT_CHECK(poses_equal(&p, &mm));
        /* In place works too. */
        LmPose q = p;
        lm_pose_mirror(&q, &q);
        lm_pose_mirror(&q, &q);
        LT_CHECK(poses_equal(&p, &q));
    }
}

static void mirror_swaps_sides_and_negates_midline_twists(void)
{
    LmPose p, m;
    lm_pose_zero(&p);
    p.ang[LM_J_HIP_L][LM_DOF_FLEX] = 0.7;
    p.ang[LM_J_THORAX][LM_DOF_ROT] = 0.3;
    p.ang[LM_J_LUMBAR][LM_DOF_ABD] = 0.2;
    p.ang[LM_J_NECK][LM_DOF_FLEX] = 0.1;
    lm_pose_mirror(&p, &m);
    LT_CHECK(m.ang[LM_J_HIP_R][LM_DOF_FLEX] == 0.7);
    LT_CHECK(m.ang[LM_J_HIP_L][LM_DOF_FLEX] == 0.0);
    LT_CHECK(m.ang[LM_J_THORAX][LM_DOF_ROT] == -0.3);
    LT_CHECK(m.ang[LM_J_LUMBAR][LM_DOF_ABD] == -0.2);
    LT_CHECK(m.ang[LM_J_NECK][LM_DOF_FLEX] == 0.1);
}

static LmVec3 reflect_x(LmVec3 v) { return lm_v3(-v.x, v.y, v.z); }

static void fk_of_mirrored_pose_is_the_reflection_of_fk(void)
{
    int bad = 0;
    double worst = 0;
    for (int i = 0; i < 1000; i++) {
        LmPose p, m;
        random_pose(&p, i >= 500);
        lm_pose_mirror(&p, &m);
        LmFrame fp, fm;
        lm_fk(&sk, &p, &fp);
        lm_fk(&sk, &m, &fm);
        for (int pt = 0; pt < LM_POINT_COUNT; pt++) {
            /* The mirrored figure's knee_r is where the original's knee_l
             * is, reflected across x = 0. */
            double e = dist(fm.p[lm_point_mirror(pt)], reflect_x(fp.p[pt]));
            if (e > worst)
                worst = e;
            if (e > 1e-9) {
                if (bad < 5)
                    fprintf(stderr, "  pose %d: %s off by %.3g m\n", i, lm_point_name(pt), e);
                bad++;
            }
        }
    }
    LT_CHECK_MSG(bad == 0, "%d points not mirrored (worst %.3g m)", bad, worst);
}

static void zero_pose_is_standing_upright(void)
{
    LmPose p;
    LmFrame f;
    lm_pose_zero(&p);
    lm_fk(&sk, &p, &f);
    LmVec3 pelvis = f.p[LM_J_PELVIS];
    LT_CHECK(pelvis.x == 0 && pelvis.y == 0 && pelvis.z == 0);
    LT_CHECK(f.p[LM_J_HEAD].y > f.p[LM_J_NECK].y);
    LT_CHECK(f.p[LM_J_NECK].y > f.p[LM_J_THORAX].y);
    LT_CHECK(f.p[LM_J_THORAX].y > pelvis.y);
    LT_CHECK(f.p[LM_POINT_SITE(LM_S_HEAD_TOP)].y > f.p[LM_J_HEAD].y);
    for (int s = 0; s < 2; s++) {
        int knee = s ? LM_J_KNEE_R : LM_J_KNEE_L, ankle = s ? LM_J_ANKLE_R : LM_J_ANKLE_L;
        int heel = LM_POINT_SITE(s ? LM_S_HEEL_R : LM_S_HEEL_L);
        int toe = LM_POINT_SITE(s ? LM_S_TOE_TIP_R : LM_S_TOE_TIP_L);
        int hand = LM_POINT_SITE(s ? LM_S_HAND_R : LM_S_HAND_L);
        LT_CHECK(f.p[knee].y < pelvis.y);
        LT_CHECK(f.p[ankle].y < f.p[knee].y);
        /* Feet flat (within 0.1 mm): heel and toe tip level, toes in front. */
        LT_NEAR(f.p[heel].y, f.p[toe].y, 1e-4);
        LT_CHECK(f.p[toe].z > f.p[heel].z);
        /* Arms hang: hands below the shoulders, above the knees. */
        LT_CHECK(f.p[hand].y < f.p[s ? LM_J_SHOULDER_R : LM_J_SHOULDER_L].y);
        LT_CHECK(f.p[hand].y > f.p[knee].y);
    }
    /* The figure's left is +x. */
    LT_CHECK(f.p[LM_POINT_SITE(LM_S_HAND_L)].x > 0);
    LT_CHECK(f.p[LM_POINT_SITE(LM_S_HAND_R)].x < 0);
    LT_CHECK(f.p[LM_J_HIP_L].x > 0 && f.p[LM_J_KNEE_L].x > 0);
    /* Standing height: head top to sole is close to the body height (the
     * segment table leaves out scalp and sole thickness). */
    double tall = f.p[LM_POINT_SITE(LM_S_HEAD_TOP)].y - lm_frame_lowest_y(&sk, &f);
    LT_CHECK_MSG(tall > 0.9 * sk.height_m && tall <= 1.02 * sk.height_m, "standing height %.3f m", tall);
    /* The zero pose is inside every limit. */
    LT_CHECK(lm_pose_check_limits(&sk, &p, "x", "$", NULL) == 0);
}

static void frame_lowest_point_and_translate(void)
{
    LmPose p;
    LmFrame f;
    lm_pose_zero(&p);
    lm_fk(&sk, &p, &f);
    double low = lm_frame_lowest_y(&sk, &f);
    /* The lowest surface: no point's surface and not the head is below it,
     * and one of them is on it. */
    int on = 0;
    for (int i = 0; i < LM_POINT_COUNT; i++) {
        double s = f.p[i].y - lm_point_radius_m(&sk, i);
        LT_CHECK(s >= low - 1e-12);
        on += fabs(s - low) < 1e-12;
    }
    double head = lm_head_centre(&f).y - lm_head_radius_m(&sk);
    LT_CHECK(head >= low - 1e-12);
    on += fabs(head - low) < 1e-12;
    LT_CHECK(on >= 1);
    lm_frame_translate(&f, lm_v3(0, -low, 0));
    LT_NEAR(lm_frame_lowest_y(&sk, &f), 0.0, 1e-12);
}

static LmFrame fk_with(int joint, int dof, double deg)
{
    LmPose p;
    LmFrame f;
    lm_pose_zero(&p);
    p.ang[joint][dof] = LM_DEG2RAD(deg);
    lm_fk(&sk, &p, &f);
    return f;
}

static void hip_flex_90_puts_the_knee_forward_at_hip_height(void)
{
    for (int s = 0; s < 2; s++) {
        int hip = s ? LM_J_HIP_R : LM_J_HIP_L, knee = s ? LM_J_KNEE_R : LM_J_KNEE_L;
        LmFrame f = fk_with(hip, LM_DOF_FLEX, 90);
        LT_NEAR(f.p[knee].y, f.p[hip].y, 1e-9);
        LT_NEAR(f.p[knee].z - f.p[hip].z, lm_bone_length_m(&sk, knee), 1e-9);
        LT_NEAR(f.p[knee].x, f.p[hip].x, 1e-9);
        /* Extension (negative flex) takes the knee behind. */
        f = fk_with(hip, LM_DOF_FLEX, -20);
        LT_CHECK(f.p[knee].z < f.p[hip].z);
        /* Abduction takes the leg out to its own side. */
        f = fk_with(hip, LM_DOF_ABD, 40);
        LT_CHECK(s ? f.p[knee].x < f.p[hip].x : f.p[knee].x > f.p[hip].x);
    }
}

static void knee_flex_bends_the_shin_backward(void)
{
    for (int s = 0; s < 2; s++) {
        int knee = s ? LM_J_KNEE_R : LM_J_KNEE_L, ankle = s ? LM_J_ANKLE_R : LM_J_ANKLE_L;
        LmFrame f = fk_with(knee, LM_DOF_FLEX, 90);
        LT_NEAR(f.p[ankle].y, f.p[knee].y, 1e-9);
        LT_NEAR(f.p[knee].z - f.p[ankle].z, lm_bone_length_m(&sk, ankle), 1e-9);
        f = fk_with(knee, LM_DOF_FLEX, 45);
        LT_CHECK(f.p[ankle].z < f.p[knee].z && f.p[ankle].y < f.p[knee].y);
    }
}

static void shoulder_flex_180_puts_the_hand_above_the_head(void)
{
    for (int s = 0; s < 2; s++) {
        int sh = s ? LM_J_SHOULDER_R : LM_J_SHOULDER_L, hand = LM_POINT_SITE(s ? LM_S_HAND_R : LM_S_HAND_L);
        LmFrame f = fk_with(sh, LM_DOF_FLEX, 180);
        LT_CHECK(f.p[hand].y > f.p[LM_POINT_SITE(LM_S_HEAD_TOP)].y);
        LT_NEAR(f.p[hand].x, f.p[sh].x, 1e-9);
        LT_NEAR(f.p[hand].z, f.p[sh].z, 1e-9);
        /* Half way: arm straight out in front at shoulder height. */
        f = fk_with(sh, LM_DOF_FLEX, 90);
        LT_NEAR(f.p[hand].y, f.p[sh].y, 1e-9);
        LT_CHECK(f.p[hand].z > f.p[sh].z + 0.5);
        /* Abduction 90 raises the arm out to the side. */
        f = fk_with(sh, LM_DOF_ABD, 90);
        LT_NEAR(f.p[hand].y, f.p[sh].y, 1e-9);
        LT_CHECK(s ? f.p[hand].x < f.p[sh].x - 0.5 : f.p[hand].x > f.p[sh].x + 0.5);
        /* Elbow flex brings the hand forward and up, never behind. */
        f = fk_with(s ? LM_J_ELBOW_R : LM_J_ELBOW_L, LM_DOF_FLEX, 90);
        LT_CHECK(f.p[hand].z > f.p[s ? LM_J_ELBOW_R : LM_J_ELBOW_L].z + 0.1);
    }
}

/* Facing of the chest: perpendicular to the shoulder line, horizontal. */
static LmVec3 chest_facing(const LmFrame *f)
{
    LmVec3 across = lm_v3_sub(f->p[LM_J_SHOULDER_L], f->p[LM_J_SHOULDER_R]); /* toward the left */
    return lm_v3_norm(lm_v3_cross(across, lm_v3(0, 1, 0)));
}

static void spine_rotation_positive_turns_the_chest_toward_plus_x(void)
{
    LmPose p;
    LmFrame f;
    lm_pose_zero(&p);
    lm_fk(&sk, &p, &f);
    LmVec3 face = chest_facing(&f);
    LT_NEAR(face.z, 1.0, 1e-9); /* standing: chest faces +z */
    int spine[] = {LM_J_LUMBAR, LM_J_THORAX};
    for (int i = 0; i < 2; i++) {
        f = fk_with(spine[i], LM_DOF_ROT, 15);
        face = chest_facing(&f);
        LT_NEAR(face.x, sin(LM_DEG2RAD(15.0)), 1e-9);
        f = fk_with(spine[i], LM_DOF_ROT, -15);
        LT_CHECK(chest_facing(&f).x < 0);
    }
    /* Spine flexion bends forward (+z), side bend (abd +) to the left (+x). */
    f = fk_with(LM_J_LUMBAR, LM_DOF_FLEX, 40);
    LT_CHECK(f.p[LM_J_NECK].z > 0.1);
    f = fk_with(LM_J_LUMBAR, LM_DOF_ABD, 20);
    LT_CHECK(f.p[LM_J_NECK].x > 0.05);
    /* Neck rotation + turns the head to the left too. */
    f = fk_with(LM_J_NECK, LM_DOF_ROT, 60);
    LmVec3 nose = lm_quat_rotate(f.q[LM_J_HEAD], lm_v3(0, 0, 1));
    LT_CHECK(nose.x > 0.8);
}

static void limits_flag_angles_outside_range_and_missing_dofs(void)
{
    LmPose p;
    LmErrors err = {0};
    lm_pose_zero(&p);
    p.ang[LM_J_KNEE_L][LM_DOF_FLEX] = LM_DEG2RAD(170); /* max 155 */
    p.ang[LM_J_ELBOW_R][LM_DOF_ABD] = LM_DEG2RAD(10);  /* a hinge has no abd */
    p.ang[LM_J_HIP_R][LM_DOF_FLEX] = LM_DEG2RAD(130);  /* exactly at the limit: fine */
    int bad = lm_pose_check_limits(&sk, &p, "ex.json", "$.pose", &err);
    LT_CHECK(bad == 2);
    LT_CHECK(err.count == 2);
    if (err.count == 2) {
        /* Reported in joint order; check each message is there, whatever the order. */
        const char *knee = strstr(err.items[0], "knee_l") ? err.items[0] : err.items[1];
        const char *elbow = knee == err.items[0] ? err.items[1] : err.items[0];
        LT_STR_CONTAINS(knee, "ex.json: $.pose: knee_l.flex 170.0 is outside its range of motion (0 to 160)");
        LT_STR_CONTAINS(elbow, "ex.json: $.pose: elbow_r has no abd angle");
    }
    lm_err_clear(&err);
    /* Random poses inside the limits never trip the check. */
    int tripped = 0;
    for (int i = 0; i < 500; i++) {
        random_pose(&p, false);
        tripped += lm_pose_check_limits(&sk, &p, "x", "$", NULL);
    }
    LT_CHECK(tripped == 0);
}

/* Random point at distance in [r0, r1] from the origin. */
static LmVec3 random_at_distance(double r0, double r1)
{
    LmVec3 d;
    do
        d = lm_v3(rnd(-1, 1), rnd(-1, 1), rnd(-1, 1));
    while (lm_v3_len(d) < 0.1 || lm_v3_len(d) > 1.0);
    return lm_v3_scale(lm_v3_norm(d), rnd(r0, r1));
}

static void ik_reaches_reachable_targets_within_1mm(void)
{
    int missed = 0, stretched = 0;
    double worst = 0;
    for (int i = 0; i < 5000; i++) {
        double l1 = rnd(0.1, 0.5), l2 = rnd(0.1, 0.5);
        LmVec3 a = lm_v3(rnd(-1, 1), rnd(0, 2), rnd(-1, 1));
        /* A bent chain in a random orientation. */
        LmVec3 b = lm_v3_add(a, lm_v3_scale(lm_v3_norm(random_at_distance(1, 1)), l1));
        LmVec3 c = lm_v3_add(b, lm_v3_scale(lm_v3_norm(random_at_distance(1, 1)), l2));
        /* Target strictly inside the annulus |l1 - l2| < r < l1 + l2. */
        double rmin = fabs(l1 - l2), rmax = l1 + l2;
        LmVec3 t = lm_v3_add(a, random_at_distance(rmin + 1e-4, rmax - 1e-4));
        LmVec3 nb, nc;
        lm_ik_two_bone(a, b, c, t, &nb, &nc);
        double e = dist(nc, t);
        if (e > worst)
            worst = e;
        if (e > 1e-3)
            missed++;
        if (fabs(dist(nb, a) - l1) > 1e-9 || fabs(dist(nc, nb) - l2) > 1e-9)
            stretched++;
    }
    LT_CHECK_MSG(missed == 0, "%d targets missed by more than 1 mm (worst %.3g m)", missed, worst);
    LT_CHECK_MSG(stretched == 0, "%d chains changed a bone length", stretched);
}

static void ik_keeps_the_current_bend_direction(void)
{
    /* A leg bent with the knee forward (+z) keeps it forward when the foot
     * is pulled up toward the hip. */
    LmVec3 a = lm_v3(0, 1, 0), b = lm_v3(0, 0.55, 0.1), c = lm_v3(0, 0.1, 0);
    LmVec3 nb, nc;
    lm_ik_two_bone(a, b, c, lm_v3(0, 0.5, 0), &nb, &nc);
    LT_CHECK(nb.z > 0.2);
    LT_NEAR(dist(nc, lm_v3(0, 0.5, 0)), 0.0, 1e-9);
}

static void ik_points_straight_at_an_unreachable_target(void)
{
    int bad = 0;
    for (int i = 0; i < 2000; i++) {
        double l1 = rnd(0.1, 0.5), l2 = rnd(0.1, 0.5);
        LmVec3 a = lm_v3(rnd(-1, 1), rnd(0, 2), rnd(-1, 1));
        LmVec3 b = lm_v3_add(a, lm_v3(0, -l1, 0));
        LmVec3 c = lm_v3_add(b, lm_v3(0, 0, l2));
        LmVec3 t = lm_v3_add(a, random_at_distance(l1 + l2, 3.0));
        LmVec3 nb, nc;
        lm_ik_two_bone(a, b, c, t, &nb, &nc);
        LmVec3 dir = lm_v3_norm(lm_v3_sub(t, a));
        /* End at full length on the line a -> target, mid on it too. */
        LmVec3 want_c = lm_v3_add(a, lm_v3_scale(dir, l1 + l2));
        LmVec3 want_b = lm_v3_add(a, lm_v3_scale(dir, l1));
        if (dist(nc, want_c) > 1e-9 || dist(nb, want_b) > 1e-9)
            bad++;
    }
    LT_CHECK_MSG(bad == 0, "%d chains not straight toward the target", bad);
}

static void ik_handles_degenerate_inputs_without_nan(void)
{
    LmVec3 a = lm_v3(0, 1, 0), b = lm_v3(0, 0.6, 0), c = lm_v3(0, 0.2, 0);
    LmVec3 targets[] = {
        a,                     /* on the root */
        lm_v3(0, 0.95, 0),     /* closer than |l1 - l2| */
        lm_v3(0, 0.4, 0),      /* on the straight chain's line */
        lm_v3(0, 1.0 - 0.8, 0) /* exactly at full reach */
    };
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        LmVec3 nb, nc;
        lm_ik_two_bone(a, b, c, targets[i], &nb, &nc);
        LT_CHECK(isfinite(nb.x) && isfinite(nb.y) && isfinite(nb.z));
        LT_CHECK(isfinite(nc.x) && isfinite(nc.y) && isfinite(nc.z));
        LT_NEAR(dist(nb, a), 0.4, 1e-9);
        LT_NEAR(dist(nc, nb), 0.4, 1e-9);
    }
    /* A straight chain (no current bend) still reaches a nearer target. */
    LmVec3 nb, nc;
    lm_ik_two_bone(a, b, c, lm_v3(0.3, 0.6, 0), &nb, &nc);
    LT_NEAR(dist(nc, lm_v3(0.3, 0.6, 0)), 0.0, 1e-9);
}

int main(void)
{
    LmErrors err = {0};
    sk_ok = lm_skel_load(&sk, SKELETON_PATH, &err);
    for (int i = 0; i < err.count; i++)
        fprintf(stderr, "%s\n", err.items[i]);
    lm_err_clear(&err);
    if (!sk_ok) {
        fprintf(stderr, "cannot load %s (run from the repository root)\n", SKELETON_PATH);
        return 1;
    }
    LT_RUN(skeleton_file_loads_without_errors);
    LT_RUN(skeleton_loader_flags_unknown_angle_and_site_keys);
    LT_RUN(names_round_trip_and_mirror_pairs);
    LT_RUN(fk_preserves_every_bone_length_under_random_poses);
    LT_RUN(fk_world_rotations_stay_unit);
    LT_RUN(mirror_of_mirror_is_the_original);
    LT_RUN(mirror_swaps_sides_and_negates_midline_twists);
    LT_RUN(fk_of_mirrored_pose_is_the_reflection_of_fk);
    LT_RUN(zero_pose_is_standing_upright);
    LT_RUN(frame_lowest_point_and_translate);
    LT_RUN(hip_flex_90_puts_the_knee_forward_at_hip_height);
    LT_RUN(knee_flex_bends_the_shin_backward);
    LT_RUN(shoulder_flex_180_puts_the_hand_above_the_head);
    LT_RUN(spine_rotation_positive_turns_the_chest_toward_plus_x);
    LT_RUN(limits_flag_angles_outside_range_and_missing_dofs);
    LT_RUN(ik_reaches_reachable_targets_within_1mm);
    LT_RUN(ik_keeps_the_current_bend_direction);
    LT_RUN(ik_points_straight_at_an_unreachable_target);
    LT_RUN(ik_handles_degenerate_inputs_without_nan);
    return lt_summary();
}
