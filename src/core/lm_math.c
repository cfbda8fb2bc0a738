/* lm_math: slerp, root orientation from authoring angles, and easing. */
#include "lm_math.h"

LmQuat lm_quat_slerp(LmQuat a, LmQuat b, double t)
{
    if (t <= 0.0)
        return a;
    if (t >= 1.0)
        return b;
    double d = a.w * b.w + a.x * b.x + a.y * b.y + a.z * b.z;
    if (d < 0.0) { /* take the shorter arc */
        b = (LmQuat){-b.w, -b.x, -b.y, -b.z};
        d = -d;
    }
    double wa, wb;
    if (d > 0.9995) { /* nearly equal: normalised lerp is exact enough and stable */
        wa = 1.0 - t;
        wb = t;
    } else {
        double th = acos(d), s = sin(th);
        wa = sin((1.0 - t) * th) / s;
        wb = sin(t * th) / s;
    }
    return lm_quat_norm((LmQuat){wa * a.w + wb * b.w, wa * a.x + wb * b.x, wa * a.y + wb * b.y, wa * a.z + wb * b.z});
}

LmQuat lm_quat_from_ypr_deg(double yaw_deg, double pitch_deg, double roll_deg)
{
    LmQuat qy = lm_quat_axis_angle(lm_v3(0, 1, 0), LM_DEG2RAD(yaw_deg));
    LmQuat qx = lm_quat_axis_angle(lm_v3(1, 0, 0), LM_DEG2RAD(pitch_deg));
    LmQuat qz = lm_quat_axis_angle(lm_v3(0, 0, 1), LM_DEG2RAD(roll_deg));
    return lm_quat_norm(lm_quat_mul(qy, lm_quat_mul(qx, qz)));
}

/* x(s) and y(s) of a cubic bezier from 0 to 1 with inner controls p1, p2. */
static double bez(double p1, double p2, double s)
{
    double r = 1.0 - s;
    return 3.0 * r * r * s * p1 + 3.0 * r * s * s * p2 + s * s * s;
}
static double bez_d(double p1, double p2, double s)
{
    double r = 1.0 - s;
    return 3.0 * r * r * p1 + 6.0 * r * s * (p2 - p1) + 3.0 * s * s * (1.0 - p2);
}

static double ease_bezier(const double c[4], double u)
{
    /* Solve x(s) = u: Newton from a good start, bisection as the safe net
     * (x is monotonic because the loader keeps x1, x2 in [0, 1]). */
    double s = u;
    for (int i = 0; i < 8; i++) {
        double x = bez(c[0], c[2], s) - u, dx = bez_d(c[0], c[2], s);
        if (fabs(x) < 1e-12)
            return bez(c[1], c[3], s);
        if (fabs(dx) < 1e-9)
            break;
        s -= x / dx;
        if (s < 0.0 || s > 1.0)
            break;
    }
    double lo = 0.0, hi = 1.0;
    s = u;
    for (int i = 0; i < 60; i++) {
        double x = bez(c[0], c[2], s);
        if (fabs(x - u) < 1e-12)
            break;
        if (x < u)
            lo = s;
        else
            hi = s;
        s = 0.5 * (lo + hi);
    }
    return bez(c[1], c[3], s);
}

double lm_ease(const LmEase *e, double u)
{
    if (u <= 0.0)
        return 0.0;
    if (u >= 1.0)
        return 1.0;
    switch (e ? e->kind : LM_EASE_LINEAR) {
    case LM_EASE_SMOOTH: return u * u * u * (u * (u * 6.0 - 15.0) + 10.0);
    case LM_EASE_IN: return u * u * u;
    case LM_EASE_OUT: {
        double r = 1.0 - u;
        return 1.0 - r * r * r;
    }
    case LM_EASE_BEZIER: return ease_bezier(e->bezier, u);
    case LM_EASE_STEP: return 0.0;
    case LM_EASE_LINEAR:
    default: return u;
    }
}
