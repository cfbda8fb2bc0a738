/* lm_camera: the orbit camera every view uses. */
#include "lm_camera.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* A frame projects hundreds of points through the same camera, one call
 * each (lm_camera_view): the last angles' sines and cosines are kept, per
 * thread, and given again while the angles are the same to the bit (so
 * even -0 and 0 are told apart: the answer is always what working them
 * out would give). */
static _Thread_local struct {
    uint64_t yaw, pitch;
    LmCamera c;
    int ok;
} last;

LmCamera lm_camera_at(double yaw_deg, double pitch_deg)
{
    uint64_t yb, pb;
    memcpy(&yb, &yaw_deg, sizeof yb);
    memcpy(&pb, &pitch_deg, sizeof pb);
    if (last.ok && last.yaw == yb && last.pitch == pb)
        return last.c;
    double y = LM_DEG2RAD(-yaw_deg), x = LM_DEG2RAD(pitch_deg);
    LmCamera c = {cos(y), sin(y), cos(x), sin(x)};
    last.yaw = yb, last.pitch = pb, last.c = c, last.ok = 1;
    return c;
}

LmVec3 lm_camera_view(double yaw_deg, double pitch_deg, LmVec3 p)
{
    LmCamera c = lm_camera_at(yaw_deg, pitch_deg);
    return lm_camera_apply(&c, p);
}

LmScreenSide lm_screen_side_of_left(float left_x, float right_x, float min_sep_px)
{
    float d = left_x - right_x;
    if (fabsf(d) < min_sep_px || d != d)
        return LM_SCREEN_UNCLEAR;
    return d > 0 ? LM_SCREEN_RIGHT : LM_SCREEN_LEFT;
}

LmScreenSide lm_screen_side_of_frame(const LmFrame *f, double cam_yaw_deg, double cam_pitch_deg, bool mirror)
{
    if (!f)
        return LM_SCREEN_AUTO;
    LmVec3 l = lm_v3_scale(lm_v3_add(f->p[LM_J_SHOULDER_L], f->p[LM_J_HIP_L]), 0.5);
    LmVec3 r = lm_v3_scale(lm_v3_add(f->p[LM_J_SHOULDER_R], f->p[LM_J_HIP_R]), 0.5);
    /* The camera only rotates, so the difference of two points rotates the
     * same way. View space: x to the screen's right, z toward the viewer. */
    LmVec3 d = lm_camera_view(cam_yaw_deg, cam_pitch_deg, lm_v3_sub(l, r));
    double len = sqrt(d.x * d.x + d.y * d.y + d.z * d.z);
    if (!(len > 1e-9))
        return LM_SCREEN_UNCLEAR;
    if (mirror)
        d.x = -d.x;
    /* Beside each other when the left-right line is within 60 degrees of
     * the screen's horizontal; in front of each other when within 60 of
     * the line of sight. */
    if (fabs(d.x) >= 0.5 * len) {
        /* A hand reaching across to the other side (threading an arm under
         * the body) works on the screen's other half: pointing at the side
         * the body is on would send the eye away from it, so say nothing. */
        LmVec3 h = lm_camera_view(cam_yaw_deg, cam_pitch_deg, lm_v3_sub(f->p[LM_J_WRIST_L], f->p[LM_J_WRIST_R]));
        if (mirror)
            h.x = -h.x;
        if ((h.x > 0) != (d.x > 0) && fabs(h.x) >= 0.1 * len)
            return LM_SCREEN_UNCLEAR;
        return d.x > 0 ? LM_SCREEN_RIGHT : LM_SCREEN_LEFT;
    }
    if (fabs(d.z) >= 0.5 * len)
        return d.z > 0 ? LM_SCREEN_NEAR : LM_SCREEN_FAR;
    return LM_SCREEN_UNCLEAR;
}
