/* test_core_contacts: the body parts that rest on the floor at both ends
 * of a motion stay on it during the motion. The solver only rests the
 * lowest point on the floor; a knee, a heel, the back or a planted hand is
 * kept down by the poses, and angles interpolated between two good keys
 * can still lift it halfway (a leg sliding long lifting the pelvis, a hand
 * leaving the mat pushing the knees up). Every shipped exercise, both
 * levels, every motion, sampled at 30 Hz.
 *
 * Holds are left out: they breathe (the timeline rocks the chest), which is
 * the timeline's doing, not the exercise's. */
#include <stdlib.h>

#include "lm_library.h"
#include "lm_timeline.h"
#include "lt.h"
#include "lt_lib.h"

#define SAMPLE_HZ 30.0
/* On the floor: the surface within 1 cm of it, as for the lowest point. */
#define CONTACT_M 0.01
/* How far a kept contact may lift mid-motion. A stick figure's joints are
 * interpolated, not its contacts, so half a centimetre more than a resting
 * contact is allowed; a knee or heel that visibly leaves the mat is not. */
#define LIFT_TOL_M 0.015

static LmLibrary lib;

static double surface(const LmSkeleton *sk, const LmFrame *f, int p) { return f->p[p].y - lm_point_radius_m(sk, p); }

static bool same_pose(const LmPose *a, const LmPose *b) { return memcmp(a->ang, b->ang, sizeof a->ang) == 0; }

static void contacts_at_both_ends_of_a_motion_stay_on_the_floor(void)
{
    int kept = 0;
    for (int i = 0; i < lib.n_exercises; i++) {
        for (int l = 0; l < LM_LEVEL_COUNT; l++) {
            LmErrors err = {0};
            LmCompileOpts o = {0};
            o.level = (LmLevel)l;
            LmTimeline *tl = lm_timeline_compile_exercise(&lib, i, &o, &err);
            lm_err_clear(&err);
            LT_CHECK_MSG(tl != NULL, "%s does not compile", lib.exercises[i].id);
            if (!tl)
                continue;
            const LmItem *it = &tl->items[0];
            const LmSkeleton *sk = tl->skel;
            for (int k = it->key0; k + 1 < it->key0 + it->nkeys; k++) {
                const LmKey *ka = &tl->keys[k], *kb = &tl->keys[k + 1];
                if (kb->t_s - ka->t_s < 1e-6 || same_pose(&ka->pose, &kb->pose))
                    continue;
                LmFrame fa, fb;
                lm_timeline_frame(tl, ka->t_s + 1e-6, &fa);
                lm_timeline_frame(tl, kb->t_s - 1e-6, &fb);
                bool on[LM_POINT_COUNT] = {false};
                for (int p = 0; p < LM_POINT_COUNT; p++) {
                    if (p == LM_POINT_SITE(LM_S_HEAD_TOP))
                        continue;
                    on[p] = surface(sk, &fa, p) <= CONTACT_M && surface(sk, &fb, p) <= CONTACT_M;
                    kept += on[p];
                }
                double worst = 0, worst_t = 0;
                int worst_p = -1;
                int n = (int)ceil((kb->t_s - ka->t_s) * SAMPLE_HZ);
                for (int s = 1; s < n; s++) {
                    double t = ka->t_s + (kb->t_s - ka->t_s) * s / n;
                    LmFrame f;
                    lm_timeline_frame(tl, t, &f);
                    for (int p = 0; p < LM_POINT_COUNT; p++)
                        if (on[p] && surface(sk, &f, p) > worst)
                            worst = surface(sk, &f, p), worst_t = t, worst_p = p;
                }
                LT_CHECK_MSG(worst <= LIFT_TOL_M,
                             "%s (%s): %s leaves the floor by %.3f m at t=%.2f s (motion %.2f..%.2f)",
                             lib.exercises[i].id, lm_level_name(tl->level), lm_point_name(worst_p), worst, worst_t,
                             ka->t_s, kb->t_s);
            }
            lm_timeline_free(tl);
        }
    }
    /* The shipped exercises do keep things on the floor while they move. */
    LT_CHECK(kept > 0);
}

int main(void)
{
    if (!lt_load_shipped_library(&lib))
        return 1;
    LT_RUN(contacts_at_both_ends_of_a_motion_stay_on_the_floor);
    lm_lib_free(&lib);
    return lt_summary();
}
