/* test_core_math: easing curves and quaternion slerp (lm_math). */
#include <stdint.h>

#include "lm_math.h"
#include "lt.h"

/* Deterministic generator so a failure reproduces. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static double rnd01(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}
static double rnd(double lo, double hi) { return lo + (hi - lo) * rnd01(); }

static LmQuat random_unit_quat(void)
{
    LmVec3 axis = lm_v3_norm(lm_v3(rnd(-1, 1), rnd(-1, 1), rnd(-1, 1) + 1e-3));
    return lm_quat_axis_angle(axis, rnd(-LM_PI, LM_PI));
}

static double quat_dot(LmQuat a, LmQuat b) { return a.w * b.w + a.x * b.x + a.y * b.y + a.z * b.z; }

/* Angle between two rotations, ignoring the sign of the quaternion. The
 * relative rotation conj(a) b gives it through atan2, which stays accurate
 * for tiny angles where acos of a dot product does not. */
static double quat_angle(LmQuat a, LmQuat b)
{
    LmQuat r = lm_quat_mul((LmQuat){a.w, -a.x, -a.y, -a.z}, b);
    double v = sqrt(r.x * r.x + r.y * r.y + r.z * r.z);
    return 2.0 * atan2(v, fabs(r.w));
}

static const LmEase css_ease = {LM_EASE_BEZIER, {0.25, 0.1, 0.25, 1.0}};
static const LmEase css_ease_in = {LM_EASE_BEZIER, {0.42, 0.0, 1.0, 1.0}};
static const LmEase css_ease_out = {LM_EASE_BEZIER, {0.0, 0.0, 0.58, 1.0}};
static const LmEase css_ease_in_out = {LM_EASE_BEZIER, {0.42, 0.0, 0.58, 1.0}};

static void ease_endpoints_are_exact_for_every_kind(void)
{
    LmEase all[] = {
        {LM_EASE_LINEAR, {0}},
        {LM_EASE_SMOOTH, {0}},
        {LM_EASE_IN, {0}},
        {LM_EASE_OUT, {0}},
        css_ease,
        css_ease_in,
        css_ease_out,
        css_ease_in_out,
        {LM_EASE_BEZIER, {0.68, -0.55, 0.27, 1.55}},
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        LT_CHECK_MSG(lm_ease(&all[i], 0.0) == 0.0, "kind %d at 0 gives %.17g", all[i].kind, lm_ease(&all[i], 0.0));
        LT_CHECK_MSG(lm_ease(&all[i], 1.0) == 1.0, "kind %d at 1 gives %.17g", all[i].kind, lm_ease(&all[i], 1.0));
        /* Outside [0, 1] the curve clamps rather than extrapolates. */
        LT_CHECK(lm_ease(&all[i], -0.5) == 0.0);
        LT_CHECK(lm_ease(&all[i], 1.5) == 1.0);
    }
    /* A stepped curve ends exactly at 1 too: the value jumps at the end. */
    LmEase step = {LM_EASE_STEP, {0}};
    LT_CHECK(lm_ease(&step, 0.0) == 0.0);
    LT_CHECK(lm_ease(&step, 1.0) == 1.0);
    /* No easing given means linear. */
    LT_NEAR(lm_ease(NULL, 0.3), 0.3, 1e-15);
}

static void ease_curves_are_monotonic_on_unit_interval(void)
{
    LmEase mono[] = {
        {LM_EASE_LINEAR, {0}},
        {LM_EASE_SMOOTH, {0}},
        {LM_EASE_IN, {0}},
        {LM_EASE_OUT, {0}},
        css_ease,
        css_ease_in,
        css_ease_out,
        css_ease_in_out,
        {LM_EASE_BEZIER, {1.0, 0.0, 0.0, 1.0}}, /* steep middle: Newton's worst case */
        {LM_EASE_BEZIER, {0.0, 1.0, 1.0, 0.0}}, /* flat middle */
    };
    const int n = 4000;
    for (size_t i = 0; i < sizeof mono / sizeof mono[0]; i++) {
        double prev = lm_ease(&mono[i], 0.0);
        int bad = 0;
        for (int k = 1; k <= n; k++) {
            double u = (double)k / n;
            double v = lm_ease(&mono[i], u);
            if (v < prev - 1e-12 || v < -1e-12 || v > 1.0 + 1e-12)
                bad++;
            prev = v;
        }
        LT_CHECK_MSG(bad == 0, "curve %zu (kind %d) goes backwards or leaves [0,1] at %d samples", i, mono[i].kind,
                     bad);
    }
}

static void ease_smooth_in_out_have_their_shape(void)
{
    LmEase smooth = {LM_EASE_SMOOTH, {0}}, in = {LM_EASE_IN, {0}}, out = {LM_EASE_OUT, {0}};
    /* Smooth is symmetric about the middle; in starts slow, out ends slow. */
    LT_NEAR(lm_ease(&smooth, 0.5), 0.5, 1e-15);
    for (int k = 1; k < 10; k++) {
        double u = k / 10.0;
        LT_NEAR(lm_ease(&smooth, u) + lm_ease(&smooth, 1.0 - u), 1.0, 1e-12);
        LT_CHECK(lm_ease(&in, u) < u);
        LT_CHECK(lm_ease(&out, u) > u);
        LT_NEAR(lm_ease(&in, u) + lm_ease(&out, 1.0 - u), 1.0, 1e-12);
    }
    /* Zero velocity at both ends of smooth: tiny steps barely move. */
    LT_CHECK(lm_ease(&smooth, 1e-3) < 1e-7);
    LT_CHECK(1.0 - lm_ease(&smooth, 1.0 - 1e-3) < 1e-7);
}

static void ease_bezier_matches_reference_values(void)
{
    /* References by 200-step bisection on x(s) = u in double precision. */
    LT_NEAR(lm_ease(&css_ease, 0.5), 0.802403387584857, 1e-9);
    LT_NEAR(lm_ease(&css_ease, 0.25), 0.40851059135539586, 1e-9);
    LT_NEAR(lm_ease(&css_ease_in, 0.5), 0.31535681257253945, 1e-9);
    LT_NEAR(lm_ease(&css_ease_out, 0.3), 0.4451859674713371, 1e-9);
    LmEase back = {LM_EASE_BEZIER, {0.68, -0.55, 0.27, 1.55}};
    LT_NEAR(lm_ease(&back, 0.5), 0.5965962920655999, 1e-9);
    /* Controls on the diagonal at thirds make x(s) = y(s) = s: the identity. */
    LmEase ident = {LM_EASE_BEZIER, {1.0 / 3.0, 1.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0}};
    for (int k = 1; k < 20; k++)
        LT_NEAR(lm_ease(&ident, k / 20.0), k / 20.0, 1e-9);
    /* Symmetric controls give a curve symmetric about (0.5, 0.5). */
    for (int k = 1; k < 20; k++) {
        double u = k / 20.0;
        LT_NEAR(lm_ease(&css_ease_in_out, u) + lm_ease(&css_ease_in_out, 1.0 - u), 1.0, 1e-9);
    }
}

static void ease_step_holds_the_start_value(void)
{
    LmEase step = {LM_EASE_STEP, {0}};
    for (int k = 0; k < 1000; k++) {
        double u = k / 1000.0; /* 0 .. 0.999 */
        LT_CHECK_MSG(lm_ease(&step, u) == 0.0, "step at %g gives %g", u, lm_ease(&step, u));
    }
    LT_CHECK(lm_ease(&step, 0.999999) == 0.0);
}

static void slerp_endpoints_are_exact(void)
{
    for (int i = 0; i < 200; i++) {
        LmQuat a = random_unit_quat(), b = random_unit_quat();
        LmQuat s0 = lm_quat_slerp(a, b, 0.0), s1 = lm_quat_slerp(a, b, 1.0);
        LT_CHECK(s0.w == a.w && s0.x == a.x && s0.y == a.y && s0.z == a.z);
        LT_CHECK(s1.w == b.w && s1.x == b.x && s1.y == b.y && s1.z == b.z);
    }
}

static void slerp_stays_unit_length_along_the_path(void)
{
    int bad = 0;
    for (int i = 0; i < 300; i++) {
        LmQuat a = random_unit_quat(), b = random_unit_quat();
        if (i % 10 == 0)
            b = a; /* identical ends */
        if (i % 10 == 1)
            b = (LmQuat){-a.w, -a.x, -a.y, -a.z}; /* same rotation, opposite sign */
        for (int k = 0; k <= 20; k++) {
            LmQuat q = lm_quat_slerp(a, b, k / 20.0);
            if (fabs(lm_quat_len(q) - 1.0) > 1e-9)
                bad++;
        }
    }
    LT_CHECK_MSG(bad == 0, "%d samples not of unit length", bad);
}

static void slerp_takes_the_shorter_arc_at_constant_speed(void)
{
    int bad_arc = 0, bad_speed = 0;
    for (int i = 0; i < 300; i++) {
        LmQuat a = random_unit_quat(), b = random_unit_quat();
        /* Force b into the far hemisphere half the time: it is the same
         * rotation, so the path must not change. */
        if (quat_dot(a, b) > 0 && (i & 1))
            b = (LmQuat){-b.w, -b.x, -b.y, -b.z};
        double total = quat_angle(a, b); /* <= pi: the shorter way round */
        for (int k = 1; k < 10; k++) {
            double t = k / 10.0;
            LmQuat q = lm_quat_slerp(a, b, t);
            double from_a = quat_angle(a, q), to_b = quat_angle(q, b);
            /* On the short arc the two parts add up to the whole... */
            if (fabs(from_a + to_b - total) > 1e-6)
                bad_arc++;
            /* ...and progress is proportional to t. */
            if (fabs(from_a - t * total) > 1e-6)
                bad_speed++;
        }
    }
    LT_CHECK_MSG(bad_arc == 0, "%d samples off the shorter arc", bad_arc);
    LT_CHECK_MSG(bad_speed == 0, "%d samples not at angle t * total", bad_speed);

    /* A concrete case: 0 and 350 degrees about y meet through -10, not +170. */
    LmQuat a = lm_quat_identity();
    LmQuat b = lm_quat_axis_angle(lm_v3(0, 1, 0), LM_DEG2RAD(350.0));
    LmQuat mid = lm_quat_slerp(a, b, 0.5);
    LmVec3 z = lm_quat_rotate(mid, lm_v3(0, 0, 1));
    /* -5 degrees about y turns +z toward -x by 5 degrees. */
    LT_NEAR(z.x, sin(LM_DEG2RAD(-5.0)), 1e-9);
    LT_NEAR(z.z, cos(LM_DEG2RAD(-5.0)), 1e-9);
}

static void slerp_of_nearly_equal_rotations_is_stable(void)
{
    LmQuat a = lm_quat_axis_angle(lm_v3(0, 0, 1), 0.3);
    LmQuat b = lm_quat_axis_angle(lm_v3(0, 0, 1), 0.3 + 1e-7);
    for (int k = 0; k <= 10; k++) {
        LmQuat q = lm_quat_slerp(a, b, k / 10.0);
        LT_CHECK(isfinite(q.w) && isfinite(q.x) && isfinite(q.y) && isfinite(q.z));
        LT_NEAR(lm_quat_len(q), 1.0, 1e-12);
        LT_NEAR(quat_angle(a, q), k / 10.0 * 1e-7, 1e-12);
    }
}

static void ypr_composes_yaw_then_pitch_then_roll(void)
{
    /* Yaw 90 about world up turns the facing (+z) to +x. */
    LmVec3 f = lm_quat_rotate(lm_quat_from_ypr_deg(90, 0, 0), lm_v3(0, 0, 1));
    LT_NEAR(f.x, 1.0, 1e-12);
    LT_NEAR(f.z, 0.0, 1e-12);
    /* Pitch 90 about x tips +z facing down to -y (lying face down). */
    f = lm_quat_rotate(lm_quat_from_ypr_deg(0, 90, 0), lm_v3(0, 0, 1));
    LT_NEAR(f.y, -1.0, 1e-12);
    /* R = Ry Rx Rz: compare with the product built by hand. */
    for (int i = 0; i < 50; i++) {
        double y = rnd(-180, 180), p = rnd(-90, 90), r = rnd(-180, 180);
        LmQuat q = lm_quat_from_ypr_deg(y, p, r);
        LmVec3 v = lm_v3(rnd(-1, 1), rnd(-1, 1), rnd(-1, 1));
        LmVec3 want =
            lm_quat_rotate(lm_quat_axis_angle(lm_v3(0, 1, 0), LM_DEG2RAD(y)),
                           lm_quat_rotate(lm_quat_axis_angle(lm_v3(1, 0, 0), LM_DEG2RAD(p)),
                                          lm_quat_rotate(lm_quat_axis_angle(lm_v3(0, 0, 1), LM_DEG2RAD(r)), v)));
        LmVec3 got = lm_quat_rotate(q, v);
        LT_NEAR(lm_v3_len(lm_v3_sub(got, want)), 0.0, 1e-12);
        LT_NEAR(lm_quat_len(q), 1.0, 1e-12);
    }
}

int main(void)
{
    LT_RUN(ease_endpoints_are_exact_for_every_kind);
    LT_RUN(ease_curves_are_monotonic_on_unit_interval);
    LT_RUN(ease_smooth_in_out_have_their_shape);
    LT_RUN(ease_bezier_matches_reference_values);
    LT_RUN(ease_step_holds_the_start_value);
    LT_RUN(slerp_endpoints_are_exact);
    LT_RUN(slerp_stays_unit_length_along_the_path);
    LT_RUN(slerp_takes_the_shorter_arc_at_constant_speed);
    LT_RUN(slerp_of_nearly_equal_rotations_is_stable);
    LT_RUN(ypr_composes_yaw_then_pitch_then_roll);
    return lt_summary();
}
