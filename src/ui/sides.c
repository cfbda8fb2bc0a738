/* sides: which side of the screen a side of the body is on, and the words
 * that name the side being worked. */
#include "overlay_int.h"

#include <math.h>
#include <stdio.h>

LbScreenSide lb_screen_side_of_left(float left_x, float right_x, float min_sep_px)
{
    float d = left_x - right_x;
    if (fabsf(d) < min_sep_px || d != d)
        return LB_SCREEN_UNCLEAR;
    return d > 0 ? LB_SCREEN_RIGHT : LB_SCREEN_LEFT;
}

LbScreenSide lb_screen_side_of_frame(const LmFrame *f, double cam_yaw_deg, double cam_pitch_deg, bool mirror)
{
    if (!f)
        return LB_SCREEN_AUTO;
    LmVec3 l = lm_v3_scale(lm_v3_add(f->p[LM_J_SHOULDER_L], f->p[LM_J_HIP_L]), 0.5);
    LmVec3 r = lm_v3_scale(lm_v3_add(f->p[LM_J_SHOULDER_R], f->p[LM_J_HIP_R]), 0.5);
    /* The camera only rotates, so the difference of two points rotates the
     * same way. View space: x to the screen's right, z toward the viewer. */
    LmVec3 d = lm_camera_view(cam_yaw_deg, cam_pitch_deg, lm_v3_sub(l, r));
    double len = sqrt(d.x * d.x + d.y * d.y + d.z * d.z);
    if (!(len > 1e-9))
        return LB_SCREEN_UNCLEAR;
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
            return LB_SCREEN_UNCLEAR;
        return d.x > 0 ? LB_SCREEN_RIGHT : LB_SCREEN_LEFT;
    }
    if (fabs(d.z) >= 0.5 * len)
        return d.z > 0 ? LB_SCREEN_NEAR : LB_SCREEN_FAR;
    return LB_SCREEN_UNCLEAR;
}

/* Where the side being worked (1 left, 2 right) is on screen. */
LbScreenSide ov_worked_side(int side, LbScreenSide left_at, bool mirror)
{
    if (left_at == LB_SCREEN_AUTO)
        left_at = mirror ? LB_SCREEN_LEFT : LB_SCREEN_RIGHT;
    if (side != 2)
        return left_at;
    switch (left_at) { /* the right side is opposite the left */
    case LB_SCREEN_LEFT: return LB_SCREEN_RIGHT;
    case LB_SCREEN_RIGHT: return LB_SCREEN_LEFT;
    case LB_SCREEN_NEAR: return LB_SCREEN_FAR;
    case LB_SCREEN_FAR: return LB_SCREEN_NEAR;
    default: return LB_SCREEN_UNCLEAR;
    }
}

void lb_side_words(int side, LbScreenSide figure_left_on_screen, bool mirror, char *big, size_t big_size,
                   char *small, size_t small_size)
{
    if (big_size)
        big[0] = '\0';
    if (small_size)
        small[0] = '\0';
    if (side != 1 && side != 2)
        return;
    snprintf(big, big_size, "%s side", side == 1 ? "LEFT" : "RIGHT");
    /* Facing the viewer, the figure's left is on the screen's right; the
     * mirror flips the picture, so then it is on the screen's left. */
    LbScreenSide at = ov_worked_side(side, figure_left_on_screen, mirror);
    if (at == LB_SCREEN_LEFT || at == LB_SCREEN_RIGHT)
        snprintf(small, small_size, "on your screen: %s", at == LB_SCREEN_RIGHT ? "right" : "left");
    else if (at == LB_SCREEN_NEAR || at == LB_SCREEN_FAR) /* a side view */
        snprintf(small, small_size, "%s", at == LB_SCREEN_NEAR ? "the side nearer you" : "the side away from you");
}
