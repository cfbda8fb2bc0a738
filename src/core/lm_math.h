/* lm_math: small vector, quaternion and easing helpers for the core.
 * Angles are radians here; degrees live only in the JSON files and the
 * loader converts them. Everything is header-inline and allocation free. */
#ifndef LM_MATH_H
#define LM_MATH_H

#include <math.h>
#include <stdbool.h>

#define LM_PI 3.14159265358979323846
#define LM_DEG2RAD(d) ((d) * (LM_PI / 180.0))
#define LM_RAD2DEG(r) ((r) * (180.0 / LM_PI))

/* World frame: y up, floor at y = 0. Body frame at zero pose (standing):
 * x = the figure's left, y = up, z = the way the figure faces. */
typedef struct {
    double x, y, z;
} LmVec3;
typedef struct {
    double w, x, y, z;
} LmQuat;

static inline LmVec3 lm_v3(double x, double y, double z) { return (LmVec3){x, y, z}; }
static inline LmVec3 lm_v3_add(LmVec3 a, LmVec3 b) { return (LmVec3){a.x + b.x, a.y + b.y, a.z + b.z}; }
static inline LmVec3 lm_v3_sub(LmVec3 a, LmVec3 b) { return (LmVec3){a.x - b.x, a.y - b.y, a.z - b.z}; }
static inline LmVec3 lm_v3_scale(LmVec3 a, double s) { return (LmVec3){a.x * s, a.y * s, a.z * s}; }
static inline double lm_v3_dot(LmVec3 a, LmVec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static inline LmVec3 lm_v3_cross(LmVec3 a, LmVec3 b)
{
    return (LmVec3){a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
static inline double lm_v3_len(LmVec3 a) { return sqrt(lm_v3_dot(a, a)); }
static inline LmVec3 lm_v3_norm(LmVec3 a)
{
    double l = lm_v3_len(a);
    return l > 1e-12 ? lm_v3_scale(a, 1.0 / l) : (LmVec3){0, 0, 0};
}
static inline LmVec3 lm_v3_lerp(LmVec3 a, LmVec3 b, double t)
{
    return (LmVec3){a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t};
}
static inline double lm_lerp(double a, double b, double t) { return a + (b - a) * t; }
static inline double lm_clamp(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

static inline LmQuat lm_quat_identity(void) { return (LmQuat){1, 0, 0, 0}; }
/* Rotation of angle_rad about a unit axis. */
static inline LmQuat lm_quat_axis_angle(LmVec3 axis, double angle_rad)
{
    double h = angle_rad * 0.5, s = sin(h);
    return (LmQuat){cos(h), axis.x * s, axis.y * s, axis.z * s};
}
static inline LmQuat lm_quat_mul(LmQuat a, LmQuat b)
{
    return (LmQuat){a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z, a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
                    a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x, a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w};
}
static inline double lm_quat_len(LmQuat q) { return sqrt(q.w * q.w + q.x * q.x + q.y * q.y + q.z * q.z); }
static inline LmQuat lm_quat_norm(LmQuat q)
{
    double l = lm_quat_len(q);
    return l > 1e-12 ? (LmQuat){q.w / l, q.x / l, q.y / l, q.z / l} : lm_quat_identity();
}
/* Rotate v by unit quaternion q. */
static inline LmVec3 lm_quat_rotate(LmQuat q, LmVec3 v)
{
    LmVec3 u = {q.x, q.y, q.z};
    LmVec3 t = lm_v3_scale(lm_v3_cross(u, v), 2.0);
    return lm_v3_add(lm_v3_add(v, lm_v3_scale(t, q.w)), lm_v3_cross(u, t));
}

/* Spherical interpolation along the shorter arc; exact at t = 0 and t = 1. */
LmQuat lm_quat_slerp(LmQuat a, LmQuat b, double t);

/* Root orientation from authoring angles (degrees): yaw about world y, then
 * pitch about x, then roll about z, applied as R = Ry(yaw) Rx(pitch) Rz(roll). */
LmQuat lm_quat_from_ypr_deg(double yaw_deg, double pitch_deg, double roll_deg);

typedef enum {
    LM_EASE_LINEAR = 0,
    LM_EASE_SMOOTH, /* smooth in and out (smootherstep: zero velocity and acceleration at ends) */
    LM_EASE_IN,     /* slow start */
    LM_EASE_OUT,    /* slow finish */
    LM_EASE_BEZIER, /* CSS-style cubic bezier through (0,0) (x1,y1) (x2,y2) (1,1) */
    LM_EASE_STEP,   /* hold the start value until the end of the segment */
} LmEaseKind;

typedef struct {
    LmEaseKind kind;
    double bezier[4]; /* x1 y1 x2 y2 when kind is LM_EASE_BEZIER */
} LmEase;

/* Map linear progress u in [0,1] through the easing; exact at 0 and 1. */
double lm_ease(const LmEase *e, double u);

#endif
