/* lm_camera: the orbit camera every view uses: a world point rotated into
 * view space, and which side of the screen a side of the body is on. */
#ifndef LM_CAMERA_H
#define LM_CAMERA_H

#include <stdbool.h>

#include "lm_math.h"
#include "lm_skel.h"

/* An orbit camera at a yaw and pitch, with its sines and cosines taken once
 * (lm_camera_at) for code that turns many points. */
typedef struct {
    double cy, sy, cx, sx;
} LmCamera;

/* The camera at yaw/pitch in degrees. */
LmCamera lm_camera_at(double yaw_deg, double pitch_deg);
/* Rotate a world point into view space (x right, y up, z toward the
 * viewer). */
static inline LmVec3 lm_camera_apply(const LmCamera *c, LmVec3 p)
{
    LmVec3 a = {p.x * c->cy + p.z * c->sy, p.y, -p.x * c->sy + p.z * c->cy};
    return (LmVec3){a.x, a.y * c->cx - a.z * c->sx, a.y * c->sx + a.z * c->cx};
}
/* The same for one point: lm_camera_apply(lm_camera_at(yaw, pitch), p). */
LmVec3 lm_camera_view(double yaw_deg, double pitch_deg, LmVec3 p);

/* Where the figure's LEFT side is on screen, in the picture as drawn (the
 * mirror already applied). AUTO assumes the figure faces the viewer: its
 * left is on the screen's right, or on the left when mirrored. */
typedef enum {
    LM_SCREEN_AUTO = 0,
    LM_SCREEN_LEFT,
    LM_SCREEN_RIGHT,
    LM_SCREEN_UNCLEAR, /* left and right overlap on screen: say nothing */
    LM_SCREEN_NEAR,    /* seen from the side: the figure's left faces the viewer */
    LM_SCREEN_FAR,     /* seen from the side: the figure's left faces away */
} LmScreenSide;

/* Which side of the screen the figure's left is on, from the projected x
 * (pixels, as drawn) of a left and a right point, e.g. the mean of the left
 * shoulder and hip and of the right ones. UNCLEAR when they are closer than
 * min_sep_px. */
LmScreenSide lm_screen_side_of_left(float left_x, float right_x, float min_sep_px);

/* Where the figure's left is for frame f seen by an orbit camera at
 * yaw/pitch (degrees), from the middles of its left and right shoulder and
 * hip: beside each other on screen (LEFT / RIGHT, flipped by the mirror),
 * one in front of the other (NEAR / FAR), or UNCLEAR (stacked). */
LmScreenSide lm_screen_side_of_frame(const LmFrame *f, double cam_yaw_deg, double cam_pitch_deg, bool mirror);

#endif
