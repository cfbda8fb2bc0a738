/* test_core_staging: the shipped stretches show what a newcomer has to see,
 * measured on the figure the timeline plays (beginner level, first side):
 * the low back lifting and pressing flat in pelvic tilts, the knee hugged
 * over the chest, figure 4's crossed knee falling open, the butterfly's
 * even knees and the fold from the hips, thread the needle's shoulder and
 * head on the mat with the arm across, a full turn on the chair with level
 * shoulders, cat-cow's sag and round, child's pose sitting back onto the
 * heels, the hamstring stretch moving one leg at a time and the seated fold
 * keeping the head in line with the back. A re-staging that loses one of
 * these fails here, not in front of a viewer. */
#include <math.h>
#include <stdlib.h>

#include "lm_library.h"
#include "lm_timeline.h"
#include "lt.h"
#include "lt_lib.h"

#define HEAD_TOP LM_POINT_SITE(LM_S_HEAD_TOP)
#define HEEL_L LM_POINT_SITE(LM_S_HEEL_L)
#define HEEL_R LM_POINT_SITE(LM_S_HEEL_R)
#define HAND_L LM_POINT_SITE(LM_S_HAND_L)
#define HAND_R LM_POINT_SITE(LM_S_HAND_R)

static LmLibrary lib;

static LmTimeline *compile(const char *id)
{
    int i = lm_lib_find_exercise(&lib, id);
    LT_CHECK_MSG(i >= 0, "no exercise '%s' in the shipped library", id);
    if (i < 0)
        return NULL;
    LmErrors err = {0};
    LmCompileOpts o = {.level = LM_LEVEL_BEGINNER};
    LmTimeline *tl = lm_timeline_compile_exercise(&lib, i, &o, &err);
    lm_err_clear(&err);
    LT_CHECK_MSG(tl != NULL, "%s does not compile", id);
    return tl;
}

/* The time of the n-th event of a type (0-based), or -1. */
static double event_t(const LmTimeline *tl, LmEventType type, int n)
{
    for (int e = 0; e < tl->n_events; e++)
        if (tl->events[e].type == type && n-- == 0)
            return tl->events[e].t_s;
    return -1;
}

/* The figure halfway through the n-th stretch hold: a hold as long as the
 * level's (short pauses such as a brace before the first move are skipped). */
static bool hold_frame(const LmTimeline *tl, int n, LmFrame *f)
{
    for (int h = 0;; h++) {
        double a = event_t(tl, LM_EV_HOLD_START, h), b = event_t(tl, LM_EV_HOLD_END, h);
        if (a < 0 || b <= a)
            break;
        if (b - a >= tl->items[0].hold_s - 0.01 && n-- == 0) {
            lm_timeline_frame(tl, 0.5 * (a + b), f);
            return true;
        }
    }
    LT_CHECK_MSG(false, "%s has no stretch hold %d", tl->id, n);
    return false;
}

static double surf(const LmTimeline *tl, const LmFrame *f, int p) { return f->p[p].y - lm_point_radius_m(tl->skel, p); }

static LmVec3 sub(LmVec3 a, LmVec3 b) { return lm_v3_sub(a, b); }

/* Angle in degrees between two directions. */
static double angle_deg(LmVec3 a, LmVec3 b)
{
    double c = lm_v3_dot(a, b) / (lm_v3_len(a) * lm_v3_len(b));
    return LM_RAD2DEG(acos(fmax(-1.0, fmin(1.0, c))));
}

/* How far p lies above (+) or below (-) the straight line from a to b, in
 * the vertical plane of that line. */
static double above_line(LmVec3 p, LmVec3 a, LmVec3 b)
{
    double hb = hypot(b.x - a.x, b.z - a.z);
    double t = ((p.x - a.x) * (b.x - a.x) + (p.z - a.z) * (b.z - a.z)) / (hb * hb);
    return p.y - (a.y + t * (b.y - a.y));
}

/* ---- tests ------------------------------------------------------------ */

static void pelvic_tilts_lift_the_low_back_then_press_it_flat(void)
{
    LmTimeline *tl = compile("pelvic-tilt");
    if (!tl)
        return;
    /* The second step starts the first press: the setup pose is reached. */
    double t_rest = event_t(tl, LM_EV_STEP, 2);
    LmFrame rest, held;
    lm_timeline_frame(tl, t_rest, &rest);
    if (hold_frame(tl, 0, &held)) {
        double up = surf(tl, &rest, LM_J_LUMBAR), down = surf(tl, &held, LM_J_LUMBAR);
        LT_CHECK_MSG(up >= 0.045, "relaxed, the low back is %.3f m off the mat (a visible arch wants 4.5 cm)", up);
        LT_CHECK_MSG(down <= 0.015, "pressed, the low back is still %.3f m off the mat", down);
        /* The pelvis rocks: its line to the low back turns by a lot. */
        double rock =
            angle_deg(sub(rest.p[LM_J_LUMBAR], rest.p[LM_J_PELVIS]), sub(held.p[LM_J_LUMBAR], held.p[LM_J_PELVIS]));
        LT_CHECK_MSG(rock >= 20, "the pelvis rocks only %.1f degrees", rock);
        /* The feet stay planted. */
        LT_CHECK(surf(tl, &held, HEEL_L) <= 0.015 && surf(tl, &rest, HEEL_L) <= 0.015);
    }
    lm_timeline_free(tl);
}

static void knee_to_chest_hugs_the_knee_over_the_chest(void)
{
    LmTimeline *tl = compile("knee-to-chest");
    LmFrame f;
    if (!tl || !hold_frame(tl, 0, &f)) {
        lm_timeline_free(tl);
        return;
    }
    /* Lying head toward -z: the knee is over the trunk, not past the hip. */
    double over = f.p[LM_J_PELVIS].z - f.p[LM_J_KNEE_L].z;
    LT_CHECK_MSG(over >= 0.25, "the hugged knee is only %.3f m toward the head from the pelvis", over);
    double fold = angle_deg(sub(f.p[LM_J_HIP_L], f.p[LM_J_KNEE_L]), sub(f.p[LM_J_ANKLE_L], f.p[LM_J_KNEE_L]));
    LT_CHECK_MSG(fold <= 40, "the knee is open %.1f degrees: the heel does not come toward the buttock", fold);
    /* Both hands on the shin, elbows bent. */
    for (int s = 0; s < 2; s++) {
        int sh = s ? LM_J_SHOULDER_R : LM_J_SHOULDER_L, el = s ? LM_J_ELBOW_R : LM_J_ELBOW_L;
        int wr = s ? LM_J_WRIST_R : LM_J_WRIST_L;
        double d = lm_v3_len(sub(f.p[wr], f.p[LM_J_KNEE_L]));
        LT_CHECK_MSG(d <= 0.15, "a wrist is %.3f m from the knee", d);
        double bend = 180 - angle_deg(sub(f.p[sh], f.p[el]), sub(f.p[wr], f.p[el]));
        LT_CHECK_MSG(bend >= 30, "an elbow is bent only %.1f degrees", bend);
    }
    /* The other leg lies long on the mat. */
    LT_CHECK(surf(tl, &f, HEEL_R) <= 0.015);
    lm_timeline_free(tl);
}

static void figure_four_drops_the_crossed_knee_open(void)
{
    LmTimeline *tl = compile("figure-four");
    LmFrame f;
    if (!tl || !hold_frame(tl, 0, &f)) {
        lm_timeline_free(tl);
        return;
    }
    /* Left ankle over the right leg: seen from the feet, the left thigh
     * leans well out from upright and the left shin lies about level, the
     * bar of the "4", instead of the knee pointing up. */
    LmVec3 th = sub(f.p[LM_J_KNEE_L], f.p[LM_J_HIP_L]);
    double lean = LM_RAD2DEG(atan2(th.x, th.y));
    LT_CHECK_MSG(lean >= 30, "the crossed thigh leans out only %.1f degrees", lean);
    double up = f.p[LM_J_KNEE_L].y - f.p[LM_J_ANKLE_L].y;
    LT_CHECK_MSG(fabs(up) <= 0.05, "the crossed shin is not level: the knee is %.3f m above its ankle", up);
    /* The ankle rests on the other thigh near its knee. */
    LmVec3 h = f.p[LM_J_HIP_R], k = f.p[LM_J_KNEE_R];
    LmVec3 near_knee = lm_v3_add(h, lm_v3_scale(sub(k, h), 0.8));
    double d = lm_v3_len(sub(f.p[LM_J_ANKLE_L], near_knee));
    LT_CHECK_MSG(d <= 0.10, "the crossed ankle is %.3f m from the other thigh by the knee", d);
    lm_timeline_free(tl);
}

static void the_crossed_leg_fold_opens_both_knees_and_folds_at_the_hips(void)
{
    LmTimeline *tl = compile("crossed-leg-forward-fold");
    if (!tl)
        return;
    LmFrame f;
    lm_timeline_frame(tl, tl->items[0].start_s, &f);
    /* From the start: soles together, knees open and level. */
    double soles = lm_v3_len(sub(f.p[LM_J_ANKLE_L], f.p[LM_J_ANKLE_R]));
    LT_CHECK_MSG(soles <= 0.25, "the feet start %.3f m apart, not sole to sole", soles);
    double open_l = f.p[LM_J_KNEE_L].x - f.p[LM_J_HIP_L].x, open_r = f.p[LM_J_HIP_R].x - f.p[LM_J_KNEE_R].x;
    LT_CHECK_MSG(open_l >= 0.2 && open_r >= 0.2, "the knees open %.3f and %.3f m", open_l, open_r);
    LT_CHECK(fabs(f.p[LM_J_KNEE_L].y - f.p[LM_J_KNEE_R].y) <= 0.01);
    if (hold_frame(tl, 0, &f)) {
        /* The pelvis tips forward and the upper back stays long. */
        LmVec3 up = lm_v3(0, 1, 0);
        double tip = angle_deg(sub(f.p[LM_J_LUMBAR], f.p[LM_J_PELVIS]), up);
        LT_CHECK_MSG(tip >= 12, "the pelvis tips only %.1f degrees", tip);
        double hunch = angle_deg(sub(f.p[LM_J_THORAX], f.p[LM_J_LUMBAR]), sub(f.p[LM_J_NECK], f.p[LM_J_THORAX]));
        LT_CHECK_MSG(hunch <= 20, "the upper back bends %.1f degrees", hunch);
    }
    lm_timeline_free(tl);
}

static void thread_the_needle_rests_shoulder_and_head_with_the_arm_across(void)
{
    LmTimeline *tl = compile("thread-the-needle");
    LmFrame f;
    if (!tl || !hold_frame(tl, 0, &f)) {
        lm_timeline_free(tl);
        return;
    }
    /* The right arm goes first: right shoulder and head down, the right
     * hand out past the left side of the chest, hips still over the knees. */
    LT_CHECK_MSG(surf(tl, &f, LM_J_SHOULDER_R) <= 0.02, "the threading shoulder is %.3f m off the mat",
                 surf(tl, &f, LM_J_SHOULDER_R));
    LmVec3 hc = lm_head_centre(&f);
    LT_CHECK(hc.y - lm_head_radius_m(tl->skel) <= 0.01);
    LT_CHECK_MSG(f.p[LM_J_WRIST_R].x >= f.p[LM_J_NECK].x + 0.15, "the threading wrist is not across the body");
    LT_CHECK(surf(tl, &f, HAND_R) <= 0.01);
    LT_CHECK(f.p[LM_J_PELVIS].y >= 0.35);
    LT_CHECK(surf(tl, &f, LM_J_KNEE_L) <= 0.01 && surf(tl, &f, LM_J_KNEE_R) <= 0.01);
    /* The head rests forward of the threaded arm, not on it. */
    LT_CHECK_MSG(hc.z >= f.p[LM_J_WRIST_R].z, "the head lies behind the threaded hand");
    lm_timeline_free(tl);
}

/* The chest's turn against the hips, seen from above, in degrees. */
static double turn_deg(const LmFrame *f)
{
    LmVec3 s = sub(f->p[LM_J_SHOULDER_L], f->p[LM_J_SHOULDER_R]);
    LmVec3 h = sub(f->p[LM_J_HIP_L], f->p[LM_J_HIP_R]);
    return LM_RAD2DEG(fabs(atan2(s.z, s.x) - atan2(h.z, h.x)));
}

static void seated_rotation_turns_as_far_both_ways_with_level_shoulders(void)
{
    LmTimeline *tl = compile("seated-rotation");
    LmFrame a, b;
    if (!tl || !hold_frame(tl, 0, &a) || !hold_frame(tl, 1, &b)) {
        lm_timeline_free(tl);
        return;
    }
    double ta = turn_deg(&a), tb = turn_deg(&b);
    LT_CHECK_MSG(ta >= 45 && tb >= 45, "the chest turns %.1f and %.1f degrees", ta, tb);
    LT_CHECK_MSG(fabs(ta - tb) <= 1, "the two sides turn %.1f and %.1f degrees", ta, tb);
    const LmFrame *fs[2] = {&a, &b};
    for (int i = 0; i < 2; i++) {
        const LmFrame *f = fs[i];
        LT_CHECK_MSG(fabs(f->p[LM_J_SHOULDER_L].y - f->p[LM_J_SHOULDER_R].y) <= 0.03, "a shoulder hitches up");
        LT_CHECK(surf(tl, f, HEEL_L) <= 0.01 && surf(tl, f, HEEL_R) <= 0.01);
        /* Upright: the neck is over the pelvis, not slumped to a side. */
        LT_CHECK(hypot(f->p[LM_J_NECK].x - f->p[LM_J_PELVIS].x, f->p[LM_J_NECK].z - f->p[LM_J_PELVIS].z) <= 0.06);
    }
    lm_timeline_free(tl);
}

static void cat_cow_sags_and_rounds_the_back(void)
{
    LmTimeline *tl = compile("cat-cow");
    if (!tl)
        return;
    double sag = 0, round = 0;
    for (double t = tl->items[0].start_s; t < tl->items[0].t1_s; t += 1.0 / 30) {
        LmFrame f;
        lm_timeline_frame(tl, t, &f);
        double lo = above_line(f.p[LM_J_LUMBAR], f.p[LM_J_PELVIS], f.p[LM_J_NECK]);
        double hi = above_line(f.p[LM_J_THORAX], f.p[LM_J_PELVIS], f.p[LM_J_NECK]);
        sag = fmax(sag, -lo);
        round = fmax(round, hi);
        /* Knees and hands stay down all the way. */
        if (surf(tl, &f, LM_J_KNEE_L) > 0.015 || surf(tl, &f, HAND_L) > 0.015) {
            LT_CHECK_MSG(false, "at %.2f s a knee or hand leaves the mat", t);
            break;
        }
    }
    LT_CHECK_MSG(sag >= 0.05, "the cow sags the low back only %.3f m below the line from hips to shoulders", sag);
    LT_CHECK_MSG(round >= 0.06, "the cat rounds the back only %.3f m above that line", round);
    lm_timeline_free(tl);
}

static void childs_pose_sits_back_onto_the_heels(void)
{
    LmTimeline *tl = compile("childs-pose");
    LmFrame f;
    if (!tl || !hold_frame(tl, 0, &f)) {
        lm_timeline_free(tl);
        return;
    }
    double back = fabs(f.p[LM_J_PELVIS].z - f.p[HEEL_L].z);
    LT_CHECK_MSG(back <= 0.08, "the hips are %.3f m from over the heels", back);
    double gap = surf(tl, &f, LM_J_PELVIS) - (f.p[HEEL_L].y + lm_point_radius_m(tl->skel, HEEL_L));
    LT_CHECK_MSG(gap <= 0.05, "the hips hover %.3f m above the heels", gap);
    LmVec3 hc = lm_head_centre(&f);
    LT_CHECK(hc.y - lm_head_radius_m(tl->skel) <= 0.01);
    LT_CHECK_MSG(surf(tl, &f, HAND_L) <= 0.01, "the hands are %.3f m off the mat", surf(tl, &f, HAND_L));
    /* Shins and feet flat: ankle and toes down, not only the knees. */
    LT_CHECK_MSG(surf(tl, &f, LM_J_ANKLE_L) <= 0.04 && surf(tl, &f, LM_POINT_SITE(LM_S_TOE_TIP_L)) <= 0.01,
                 "ankle %.3f m and toes %.3f m off the mat", surf(tl, &f, LM_J_ANKLE_L),
                 surf(tl, &f, LM_POINT_SITE(LM_S_TOE_TIP_L)));
    lm_timeline_free(tl);
}

static void the_hamstring_stretch_moves_one_leg_at_a_time(void)
{
    LmTimeline *tl = compile("hamstring-stretch");
    if (!tl)
        return;
    const LmItem *it = &tl->items[0];
    int moves = 0;
    for (int k = it->key0 + 1; k < it->key0 + it->nkeys; k++) {
        const LmPose *a = &tl->keys[k - 1].pose, *b = &tl->keys[k].pose;
        int legs = 0;
        const int hips[2] = {LM_J_HIP_L, LM_J_HIP_R}, knees[2] = {LM_J_KNEE_L, LM_J_KNEE_R};
        for (int s = 0; s < 2; s++)
            legs += fabs(a->ang[hips[s]][0] - b->ang[hips[s]][0]) > LM_DEG2RAD(1) ||
                    fabs(a->ang[knees[s]][0] - b->ang[knees[s]][0]) > LM_DEG2RAD(1);
        moves += legs > 0;
        LT_CHECK_MSG(legs <= 1, "keys at %.2f and %.2f s move both legs", tl->keys[k - 1].t_s, tl->keys[k].t_s);
    }
    LT_CHECK(moves > 0);
    lm_timeline_free(tl);
}

static void the_seated_fold_hinges_with_the_head_in_line(void)
{
    LmTimeline *tl = compile("seated-forward-fold");
    LmFrame f;
    if (!tl || !hold_frame(tl, 0, &f)) {
        lm_timeline_free(tl);
        return;
    }
    double tip = angle_deg(sub(f.p[LM_J_LUMBAR], f.p[LM_J_PELVIS]), lm_v3(0, 1, 0));
    LT_CHECK_MSG(tip >= 25, "the pelvis tips only %.1f degrees", tip);
    LmVec3 back = sub(f.p[LM_J_NECK], f.p[LM_J_LUMBAR]);
    double head = angle_deg(back, sub(f.p[HEAD_TOP], f.p[LM_J_NECK]));
    LT_CHECK_MSG(head <= 25, "the head hangs %.1f degrees off the line of the back", head);
    LT_CHECK(surf(tl, &f, HEEL_L) <= 0.01 && surf(tl, &f, LM_J_PELVIS) <= 0.01);
    lm_timeline_free(tl);
}

int main(void)
{
    if (!lt_load_shipped_library(&lib))
        return 1;
    LT_RUN(pelvic_tilts_lift_the_low_back_then_press_it_flat);
    LT_RUN(knee_to_chest_hugs_the_knee_over_the_chest);
    LT_RUN(figure_four_drops_the_crossed_knee_open);
    LT_RUN(the_crossed_leg_fold_opens_both_knees_and_folds_at_the_hips);
    LT_RUN(thread_the_needle_rests_shoulder_and_head_with_the_arm_across);
    LT_RUN(seated_rotation_turns_as_far_both_ways_with_level_shoulders);
    LT_RUN(cat_cow_sags_and_rounds_the_back);
    LT_RUN(childs_pose_sits_back_onto_the_heels);
    LT_RUN(the_hamstring_stretch_moves_one_leg_at_a_time);
    LT_RUN(the_seated_fold_hinges_with_the_head_in_line);
    lm_lib_free(&lib);
    return lt_summary();
}
