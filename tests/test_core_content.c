/* test_core_content: every shipped exercise, at both levels, sampled at
 * 30 Hz, against what a viewer would notice: poses outside the range of
 * motion, a figure floating or sinking, hands that miss what they hold,
 * anchored points that slide. New exercise files are covered as they land:
 * the test walks the library, not a list. */
#include <stdlib.h>

#include "lm_library.h"
#include "lm_timeline.h"
#include "lt.h"
#include "lt_lib.h"

#define SAMPLE_HZ 30.0
#define FLOOR_TOL_M 0.01
#define REACH_TOL_M 0.02
#define ANCHOR_TOL_M 0.001
/* Faster than this between two samples reads as a pop, not a motion
 * (3 m/s; the quickest authored motions peak near half that). */
#define POP_M (3.0 / SAMPLE_HZ)

static LmLibrary lib;

static LmTimeline *compile_exercise(int i, LmLevel level)
{
    LmErrors err = {0};
    LmCompileOpts o = {0};
    o.level = level;
    LmTimeline *tl = lm_timeline_compile_exercise(&lib, i, &o, &err);
    for (int k = 0; k < err.count; k++)
        fprintf(stderr, "  %s\n", err.items[k]);
    lm_err_clear(&err);
    LT_CHECK_MSG(tl != NULL, "%s at %s does not compile", lib.exercises[i].id, lm_level_name(level));
    return tl;
}

/* Times from t0 to t1 at SAMPLE_HZ, both ends included. */
static int span_samples(double t0, double t1, double *out, int max)
{
    int n = 0;
    int steps = (int)ceil((t1 - t0) * SAMPLE_HZ);
    for (int s = 0; s <= steps && n < max; s++)
        out[n++] = fmin(t0 + s / SAMPLE_HZ, t1);
    return n;
}

/* The world point an effector is told to hold: the target point plus the
 * offset turned by the frame of the joint that carries the target. */
static LmVec3 reach_target(const LmSkeleton *sk, const LmFrame *f, const LmReach *r)
{
    int tj = r->target < LM_JOINT_COUNT ? r->target : sk->site[r->target - LM_JOINT_COUNT].joint;
    return lm_v3_add(f->p[r->target], lm_quat_rotate(f->q[tj], r->offset));
}

static const LmReach *find_reach(const LmKey *k, int effector)
{
    for (int i = 0; i < k->n_reach; i++)
        if (k->reach[i].effector == effector)
            return &k->reach[i];
    return NULL;
}

/* ---- tests ------------------------------------------------------------ */

static void every_key_pose_is_within_the_range_of_motion(void)
{
    for (int i = 0; i < lib.n_exercises; i++) {
        for (int l = 0; l < LM_LEVEL_COUNT; l++) {
            LmTimeline *tl = compile_exercise(i, (LmLevel)l);
            if (!tl)
                continue;
            for (int k = 0; k < tl->n_keys; k++) {
                LmErrors err = {0};
                int bad = lm_pose_check_limits(tl->skel, &tl->keys[k].pose, lib.exercises[i].path, "key", &err);
                LT_CHECK_MSG(bad == 0, "%s (%s): key %d at %.2f s has %d angles out of range", lib.exercises[i].id,
                             lm_level_name(tl->level), k, tl->keys[k].t_s, bad);
                for (int e = 0; e < err.count && bad; e++)
                    fprintf(stderr, "    %s\n", err.items[e]);
                lm_err_clear(&err);
            }
            lm_timeline_free(tl);
        }
    }
}

static void the_figure_rests_on_the_floor_and_nothing_sinks_below_it(void)
{
    for (int i = 0; i < lib.n_exercises; i++) {
        for (int l = 0; l < LM_LEVEL_COUNT; l++) {
            LmTimeline *tl = compile_exercise(i, (LmLevel)l);
            if (!tl)
                continue;
            double worst_low = 0, worst_low_t = 0, worst_sink = 0, worst_sink_t = 0;
            int sink_p = -1;
            int n = (int)ceil(tl->duration_s * SAMPLE_HZ);
            for (int s = 0; s <= n; s++) {
                double t = fmin(s / SAMPLE_HZ, tl->duration_s);
                LmFrame f;
                lm_timeline_frame(tl, t, &f);
                double low = lm_frame_lowest_y(tl->skel, &f);
                if (!(fabs(low) <= fabs(worst_low)))
                    worst_low = low, worst_low_t = t;
                for (int p = 0; p < LM_POINT_COUNT; p++) {
                    double sink = f.p[p].y - lm_point_radius_m(tl->skel, p);
                    if (sink < worst_sink)
                        worst_sink = sink, worst_sink_t = t, sink_p = p;
                }
            }
            LT_CHECK_MSG(fabs(worst_low) <= FLOOR_TOL_M, "%s (%s): lowest surface at %.3f m at t=%.2f s",
                         lib.exercises[i].id, lm_level_name(tl->level), worst_low, worst_low_t);
            LT_CHECK_MSG(worst_sink >= -FLOOR_TOL_M, "%s (%s): %s is %.3f m below the floor at t=%.2f s",
                         lib.exercises[i].id, lm_level_name(tl->level), sink_p >= 0 ? lm_point_name(sink_p) : "?",
                         -worst_sink, worst_sink_t);
            lm_timeline_free(tl);
        }
    }
}

static void full_weight_reaches_hold_their_target_throughout(void)
{
    static const int effectors[4] = {LM_J_WRIST_L, LM_J_WRIST_R, LM_J_ANKLE_L, LM_J_ANKLE_R};
    static double ts[4096];
    int spans = 0;
    for (int i = 0; i < lib.n_exercises; i++) {
        for (int l = 0; l < LM_LEVEL_COUNT; l++) {
            LmTimeline *tl = compile_exercise(i, (LmLevel)l);
            if (!tl)
                continue;
            const LmItem *it = &tl->items[0];
            for (int k = it->key0; k + 1 < it->key0 + it->nkeys; k++) {
                const LmKey *ka = &tl->keys[k], *kb = &tl->keys[k + 1];
                if (kb->t_s <= ka->t_s)
                    continue;
                for (int e = 0; e < 4; e++) {
                    const LmReach *ra = find_reach(ka, effectors[e]), *rb = find_reach(kb, effectors[e]);
                    /* The same grip, at full weight, at both ends. */
                    if (!ra || !rb || ra->weight < 1.0 || rb->weight < 1.0 || ra->target != rb->target ||
                        memcmp(&ra->offset, &rb->offset, sizeof ra->offset) != 0)
                        continue;
                    spans++;
                    double worst = 0, worst_t = 0, worst_span = 0;
                    /* The chain: shoulder-elbow-wrist or hip-knee-ankle. */
                    int mid = tl->skel->joint[rb->effector].parent, root = tl->skel->joint[mid].parent;
                    double chain = lm_bone_length_m(tl->skel, rb->effector) + lm_bone_length_m(tl->skel, mid);
                    int n = span_samples(ka->t_s, kb->t_s, ts, 4096);
                    for (int s = 0; s < n; s++) {
                        LmFrame f;
                        lm_timeline_frame(tl, ts[s], &f);
                        LmVec3 target = reach_target(tl->skel, &f, rb);
                        double d = lm_v3_len(lm_v3_sub(f.p[rb->effector], target));
                        if (d > worst)
                            worst = d, worst_t = ts[s], worst_span = lm_v3_len(lm_v3_sub(target, f.p[root]));
                    }
                    /* Say why: most misses are holds out of the limb's reach. */
                    LT_CHECK_MSG(worst <= REACH_TOL_M,
                                 "%s (%s): %s misses %s by %.3f m at t=%.2f s (key %d..%d); the hold is %.3f m from "
                                 "the %s, the limb reaches %.3f m",
                                 lib.exercises[i].id, lm_level_name(tl->level), lm_joint_name(rb->effector),
                                 lm_point_name(rb->target), worst, worst_t, k, k + 1, worst_span, lm_joint_name(root),
                                 chain);
                }
            }
            lm_timeline_free(tl);
        }
    }
    /* The shipped exercises do hold on to things. */
    LT_CHECK(spans > 0);
}

static void anchored_points_stay_put_during_their_motion(void)
{
    static double ts[4096];
    int motions = 0;
    for (int i = 0; i < lib.n_exercises; i++) {
        for (int l = 0; l < LM_LEVEL_COUNT; l++) {
            LmTimeline *tl = compile_exercise(i, (LmLevel)l);
            if (!tl)
                continue;
            const LmItem *it = &tl->items[0];
            for (int k = it->key0 + 1; k < it->key0 + it->nkeys; k++) {
                const LmKey *ka = &tl->keys[k - 1], *kb = &tl->keys[k];
                if (kb->anchor < 0 || kb->t_s <= ka->t_s)
                    continue;
                motions++;
                int n = span_samples(ka->t_s, kb->t_s, ts, 4096);
                LmFrame f0;
                lm_timeline_frame(tl, ts[0], &f0);
                LmVec3 a0 = f0.p[kb->anchor];
                double worst = 0, worst_t = 0;
                for (int s = 1; s < n; s++) {
                    LmFrame f;
                    lm_timeline_frame(tl, ts[s], &f);
                    LmVec3 a = f.p[kb->anchor];
                    double d = hypot(a.x - a0.x, a.z - a0.z);
                    if (d > worst)
                        worst = d, worst_t = ts[s];
                }
                LT_CHECK_MSG(worst < ANCHOR_TOL_M, "%s (%s): anchored %s slides %.4f m by t=%.2f s (motion %.2f..%.2f)",
                             lib.exercises[i].id, lm_level_name(tl->level), lm_point_name(kb->anchor), worst, worst_t,
                             ka->t_s, kb->t_s);
            }
            lm_timeline_free(tl);
        }
    }
    LT_CHECK(motions > 0);
}

static void no_point_pops_between_frames(void)
{
    for (int i = 0; i < lib.n_exercises; i++) {
        for (int l = 0; l < LM_LEVEL_COUNT; l++) {
            LmTimeline *tl = compile_exercise(i, (LmLevel)l);
            if (!tl)
                continue;
            LmFrame prev, f;
            lm_timeline_frame(tl, 0.0, &prev);
            double worst = 0, worst_t = 0;
            int worst_p = -1;
            int n = (int)ceil(tl->duration_s * SAMPLE_HZ);
            for (int s = 1; s <= n; s++) {
                double t = fmin(s / SAMPLE_HZ, tl->duration_s);
                lm_timeline_frame(tl, t, &f);
                for (int p = 0; p < LM_POINT_COUNT; p++) {
                    double d = lm_v3_len(lm_v3_sub(f.p[p], prev.p[p]));
                    if (d > worst)
                        worst = d, worst_t = t, worst_p = p;
                }
                prev = f;
            }
            LT_CHECK_MSG(worst <= POP_M, "%s (%s): %s jumps %.3f m in 1/%g s at t=%.2f s", lib.exercises[i].id,
                         lm_level_name(tl->level), worst_p >= 0 ? lm_point_name(worst_p) : "?", worst, SAMPLE_HZ,
                         worst_t);
            lm_timeline_free(tl);
        }
    }
}

int main(void)
{
    if (!lt_load_shipped_library(&lib))
        return 1;
    fprintf(stderr, "  %d exercises\n", lib.n_exercises);
    LT_RUN(every_key_pose_is_within_the_range_of_motion);
    LT_RUN(the_figure_rests_on_the_floor_and_nothing_sinks_below_it);
    LT_RUN(full_weight_reaches_hold_their_target_throughout);
    LT_RUN(anchored_points_stay_put_during_their_motion);
    LT_RUN(no_point_pops_between_frames);
    lm_lib_free(&lib);
    return lt_summary();
}
