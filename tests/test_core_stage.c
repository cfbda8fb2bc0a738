/* test_core_stage: how each shipped exercise is staged, checked from the
 * timeline alone: the second side's view mirrors the first so the working
 * side is the near one on both, and swings round to it through the switch; the working side never changes within a
 * side; arrows and ghosts come with motions only, the glow with holds
 * only, mirrored with the side; a feel area lies on the body. */
#include <math.h>
#include <stdlib.h>

#include "lm_stage.h"
#include "lt.h"
#include "lt_lib.h"

static LmLibrary lib;

static LmTimeline *compile(int ex, LmLevel level)
{
    LmErrors err = {0};
    LmCompileOpts o = {0};
    o.level = level;
    LmTimeline *tl = lm_timeline_compile_exercise(&lib, ex, &o, &err);
    lm_err_clear(&err);
    LT_CHECK_MSG(tl != NULL, "%s does not compile", lib.exercises[ex].id);
    return tl;
}

static double mid(const LmSegment *s) { return 0.5 * (s->t0_s + s->t1_s); }

/* Mean view depth (larger is nearer) of one side's hip, knee, shoulder and
 * elbow under the camera at t. */
static double side_depth(const LmTimeline *tl, double t, int side)
{
    LmStageCamera cam;
    lm_stage_camera(tl, t, &cam);
    LmFrame f;
    lm_timeline_frame(tl, t, &f);
    static const int left[] = {LM_J_HIP_L, LM_J_KNEE_L, LM_J_SHOULDER_L, LM_J_ELBOW_L};
    double z = 0;
    for (int k = 0; k < 4; k++)
        z += lm_stage_view(&cam, f.p[side == 1 ? left[k] : lm_joint_mirror(left[k])]).z;
    return z / 4;
}

static void working_side_should_be_nearer_the_camera_on_both_sides(void)
{
    for (int e = 0; e < lib.n_exercises; e++) {
        if (!lib.exercises[e].sided)
            continue;
        LmTimeline *tl = compile(e, LM_LEVEL_BEGINNER);
        if (!tl)
            continue;
        int holds[3] = {0, 0, 0};
        for (int s = 0; s < tl->n_segs; s++) {
            const LmSegment *sg = &tl->segs[s];
            if (sg->kind != LM_SEG_HOLD || sg->side == 0)
                continue;
            int other = sg->side == 1 ? 2 : 1;
            double near = side_depth(tl, mid(sg), sg->side), far = side_depth(tl, mid(sg), other);
            LT_CHECK_MSG(near > far, "%s: the %s side holds at %.1f s with its limbs %.3f m behind the other's",
                         tl->items[0].id, sg->side == 1 ? "left" : "right", mid(sg), far - near);
            holds[sg->side]++;
        }
        LT_CHECK_MSG(holds[1] > 0 && holds[2] > 0, "%s: a hold on each side", tl->items[0].id);
        lm_timeline_free(tl);
    }
}

static void second_side_should_mirror_the_first_sides_view(void)
{
    for (int e = 0; e < lib.n_exercises; e++) {
        LmTimeline *tl = compile(e, LM_LEVEL_BEGINNER);
        if (!tl)
            continue;
        const LmItem *it = &tl->items[0];
        int first = it->first_right ? 2 : 1;
        for (int s = 0; s < tl->n_segs; s++) {
            const LmSegment *sg = &tl->segs[s];
            if (sg->kind == LM_SEG_SWITCH)
                continue; /* the view swings round then (below) */
            LmStageCamera cam;
            lm_stage_camera(tl, mid(sg), &cam);
            bool second = it->sided && lm_stage_side(tl, mid(sg)) != first;
            LT_CHECK(cam.second_side == second);
            LT_NEAR(cam.yaw_deg, second ? -it->cam_yaw_deg : it->cam_yaw_deg, 1e-9);
            LT_NEAR(cam.min_x, second ? -it->frame_max_x : it->frame_min_x, 1e-9);
            LT_NEAR(cam.cover, 0.0, 1e-9);
        }
        lm_timeline_free(tl);
    }
}

/* Signed difference a - b of two yaws, the short way round (degrees). */
static double yaw_diff(double a, double b)
{
    double d = fmod(a - b + 540.0, 360.0) - 180.0;
    return d;
}

/* Through a switch the view swings round the resting figure from the
 * first side's view to the mirrored one: no cut, no dip; a few degrees a
 * frame at most, always the same way; the short way round, rising over
 * the figure on the way (a body lying down is never seen end on from low
 * down); and every point of the body inside the framing box. */
static void side_change_should_swing_the_view_round(void)
{
    int swings = 0;
    for (int e = 0; e < lib.n_exercises; e++) {
        LmTimeline *tl = compile(e, LM_LEVEL_BEGINNER);
        if (!tl)
            continue;
        const LmItem *it = &tl->items[0];
        for (int s = 0; s < tl->n_segs; s++) {
            const LmSegment *sg = &tl->segs[s];
            if (sg->kind != LM_SEG_SWITCH)
                continue;
            swings++;
            LmStageCamera a, b;
            lm_stage_camera(tl, sg->t0_s + 1e-6, &a);
            LT_NEAR(yaw_diff(a.yaw_deg, it->cam_yaw_deg), 0.0, 0.01);
            lm_stage_camera(tl, sg->t1_s - 1e-6, &b);
            LT_NEAR(yaw_diff(b.yaw_deg, -it->cam_yaw_deg), 0.0, 0.01);
            double way = 0, top = 0, travelled = 0;
            for (double t = sg->t0_s; t < sg->t1_s; t += 1.0 / 60) {
                LmStageCamera c;
                lm_stage_camera(tl, t, &c);
                LT_NEAR(c.cover, 0.0, 1e-9);
                double d = yaw_diff(c.yaw_deg, a.yaw_deg);
                LT_CHECK_MSG(fabs(d) <= 3.0 && (fabs(d) < 1e-6 || d * way >= 0),
                             "%s: the view jumps %.1f degrees at %.2f s", it->id, d, t);
                way = fabs(d) >= 1e-6 ? d : way;
                travelled += fabs(d);
                LT_CHECK_MSG(fabs(c.pitch_deg - a.pitch_deg) <= 2.0, "%s: the view tips %.1f degrees in a frame",
                             it->id, c.pitch_deg - a.pitch_deg);
                top = fmax(top, c.pitch_deg);
                LmFrame f;
                lm_timeline_frame(tl, t, &f);
                for (int i = 0; i < LM_POINT_COUNT; i++) {
                    LmVec3 v = lm_stage_view(&c, f.p[i]);
                    LT_CHECK_MSG(v.x >= c.min_x - 1e-9 && v.x <= c.max_x + 1e-9 && v.y >= c.min_y - 1e-9 &&
                                     v.y <= c.max_y + 1e-9,
                                 "%s: %s leaves the framing at %.2f s", it->id, lm_point_name(i), t);
                }
                a = c;
            }
            double short_way = fmin(2.0 * fabs(it->cam_yaw_deg), 360.0 - 2.0 * fabs(it->cam_yaw_deg));
            LT_CHECK_MSG(fabs(travelled - short_way) <= 3.0, "%s: the view turns %.1f degrees, not %.1f", it->id,
                         travelled, short_way);
            LT_CHECK_MSG(top >= 45.0, "%s: the swing rises only to %.1f degrees", it->id, top);
        }
        lm_timeline_free(tl);
    }
    LT_CHECK(swings >= 5);
}

/* Within one side the working side does not change; it changes once, in a
 * switch, halfway round the view's swing; and the figure rests then. */
static void working_side_should_be_steady_through_a_side(void)
{
    for (int e = 0; e < lib.n_exercises; e++) {
        LmTimeline *tl = compile(e, LM_LEVEL_BEGINNER);
        if (!tl)
            continue;
        int changes = 0, last = lm_stage_side(tl, 0);
        for (double t = 0; t <= tl->duration_s; t += 1.0 / 30) {
            int side = lm_stage_side(tl, t);
            if (side != last) {
                changes++;
                int seg = lm_timeline_seg_at(tl, t);
                LT_CHECK_MSG(tl->segs[seg].kind == LM_SEG_SWITCH, "%s: the side changes at %.2f s, outside a switch",
                             tl->items[0].id, t);
                /* halfway round the swing, seen from the front or back */
                LmStageCamera cam;
                lm_stage_camera(tl, t, &cam);
                double off = fmin(fabs(cam.yaw_deg), 180.0 - fabs(cam.yaw_deg));
                LT_CHECK_MSG(off <= 3.0, "%s: the side changes at %.2f s with the view at %.1f degrees",
                             tl->items[0].id, t, cam.yaw_deg);
                LmFrame a, b;
                lm_timeline_frame(tl, t - 0.1, &a);
                lm_timeline_frame(tl, t + 0.1, &b);
                for (int i = 0; i < LM_POINT_COUNT; i++)
                    LT_CHECK_MSG(lm_v3_len(lm_v3_sub(a.p[i], b.p[i])) < 0.01, "%s: %s moves at the cut (%.2f s)",
                                 tl->items[0].id, lm_point_name(i), t);
            }
            last = side;
        }
        LT_CHECK_MSG(changes == (tl->items[0].sided ? 1 : 0), "%s: the working side changes %d times", tl->items[0].id,
                     changes);
        lm_timeline_free(tl);
    }
}

static void hints_should_come_with_motions_and_holds_only(void)
{
    int arrows = 0, glows = 0;
    for (int e = 0; e < lib.n_exercises; e++) {
        LmTimeline *tl = compile(e, LM_LEVEL_ACTIVE);
        if (!tl)
            continue;
        const LmItem *it = &tl->items[0];
        for (int s = 0; s < tl->n_segs; s++) {
            const LmSegment *sg = &tl->segs[s];
            LmStageHints h;
            lm_stage_hints(tl, s, &h);
            LT_CHECK(h.seg == s);
            if (sg->kind != LM_SEG_MOVE)
                LT_CHECK_MSG(h.n_arrows == 0 && !h.ghost, "%s: a %s segment with an arrow or ghost", it->id,
                             lm_seg_kind_name(sg->kind));
            if (sg->kind != LM_SEG_HOLD)
                LT_CHECK(h.n_feel == 0);
            if (h.ghost) {
                LT_CHECK(h.ghost_t_s > sg->t0_s && h.ghost_t_s < sg->t1_s);
                LT_CHECK(h.n_arrows > 0);
            }
            for (int a = 0; a < h.n_arrows; a++) {
                arrows++;
                /* the arrow ends where the part is at the step's end */
                LmFrame f;
                lm_timeline_frame(tl, nextafter(sg->t1_s, sg->t0_s), &f);
                LmVec3 end = lm_stage_point(tl->skel, &f, h.arrow[a].point);
                if (h.arrow[a].point < LM_POINT_COUNT)
                    LT_CHECK(lm_v3_len(lm_v3_sub(end, h.arrow[a].path[LM_STAGE_PATH - 1])) < 1e-9);
                LT_CHECK(h.arrow[a].length_m > 0.03);
            }
            if (sg->kind == LM_SEG_HOLD && it->sided && sg->side == 0) {
                /* a sided exercise's hold before a side begins stretches nothing yet */
                LT_CHECK(h.n_feel == 0);
            } else if (sg->kind == LM_SEG_HOLD) {
                glows++;
                LT_CHECK(h.n_feel == it->n_feel);
                for (int k = 0; k < h.n_feel; k++) {
                    LmFeel want = lm_stage_side(tl, mid(sg)) == 2 ? lm_feel_mirror(it->feel[k]) : it->feel[k];
                    LT_CHECK_MSG(h.feel[k] == want, "%s at %.1f s: feels %s, not %s", it->id, mid(sg),
                                 lm_feel_name(h.feel[k]), lm_feel_name(want));
                }
            }
            /* fades in and out with its segment */
            LT_NEAR(lm_stage_hint_fade(&h, sg->t0_s), 0.0, 1e-9);
            if (sg->t1_s - sg->t0_s > 1.0)
                LT_NEAR(lm_stage_hint_fade(&h, mid(sg)), 1.0, 1e-9);
        }
        lm_timeline_free(tl);
    }
    LT_CHECK(arrows > 20 && glows > 10);
}

static void every_shipped_exercise_should_say_where_it_is_felt(void)
{
    for (int e = 0; e < lib.n_exercises; e++)
        LT_CHECK_MSG(lib.exercises[e].n_feel > 0, "%s names no feel area", lib.exercises[e].id);
}

static void feel_areas_should_lie_on_the_body_and_mirror(void)
{
    LmPose p;
    lm_pose_zero(&p);
    LmFrame f;
    lm_fk(&lib.skel, &p, &f);
    for (int a = 0; a < LM_FEEL_COUNT; a++) {
        LT_CHECK(lm_feel_mirror(lm_feel_mirror((LmFeel)a)) == (LmFeel)a);
        LmVec3 s[3];
        double r;
        int n = lm_stage_feel_spots(&lib.skel, &f, (LmFeel)a, s, &r);
        LT_CHECK_MSG(n >= 1 && n <= 3, "%s: %d spots", lm_feel_name((LmFeel)a), n);
        LT_CHECK(r > 0.02 && r < 0.15);
        for (int k = 0; k < n; k++) {
            /* within 15 cm of some body point: on the body, not beside it */
            double best = 1e9;
            for (int i = 0; i < LM_POINT_COUNT; i++)
                best = fmin(best, lm_v3_len(lm_v3_sub(s[k], f.p[i])));
            LT_CHECK_MSG(best < 0.15, "%s: a spot %.2f m from the body", lm_feel_name((LmFeel)a), best);
            /* standing, a left area lies on the left (+x), a right one on the right */
            const char *name = lm_feel_name((LmFeel)a);
            size_t len = strlen(name);
            if (len > 5 && strcmp(name + len - 5, "_left") == 0)
                LT_CHECK_MSG(s[k].x > 0.0, "%s at x %.3f", name, s[k].x);
            if (len > 6 && strcmp(name + len - 6, "_right") == 0)
                LT_CHECK_MSG(s[k].x < 0.0, "%s at x %.3f", name, s[k].x);
        }
    }
    /* back areas lie behind the spine, the belly in front (the body faces +z) */
    LmVec3 s[3];
    double r;
    lm_stage_feel_spots(&lib.skel, &f, LM_FEEL_LOW_BACK, s, &r);
    LT_CHECK(s[0].z < 0);
    lm_stage_feel_spots(&lib.skel, &f, LM_FEEL_BELLY, s, &r);
    LT_CHECK(s[0].z > 0);
}

int main(void)
{
    if (!lt_load_shipped_library(&lib))
        return 1;
    LT_RUN(working_side_should_be_nearer_the_camera_on_both_sides);
    LT_RUN(second_side_should_mirror_the_first_sides_view);
    LT_RUN(side_change_should_swing_the_view_round);
    LT_RUN(working_side_should_be_steady_through_a_side);
    LT_RUN(hints_should_come_with_motions_and_holds_only);
    LT_RUN(every_shipped_exercise_should_say_where_it_is_felt);
    LT_RUN(feel_areas_should_lie_on_the_body_and_mirror);
    lm_lib_free(&lib);
    return lt_summary();
}
