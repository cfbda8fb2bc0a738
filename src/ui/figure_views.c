/* figure_views: which views the figure is drawn in. A view for an
 * exercise of a timeline (its camera, framing box and props); the view at a
 * time t as staged (lm_stage: the second side mirrored, the side at work);
 * and the second small view some exercises have (a plan from above, a
 * close-up of the pelvis and low back, or the body from the side), beside
 * the main one. */
#include "figure.h"

#include <math.h>

#include "lm_stage.h"

#define INSET_SHARE 0.30f       /* of the stage's width, for a second view */
#define INSET_SHARE_WIDE 0.40f  /* ... for a close-up of a body lying down */
#define INSET_PAD_ABOVE_M 0.12  /* around the body in the plan from above */
#define INSET_PAD_PELVIS_M 0.11 /* around the pelvis and low back in their close-up */
#define INSET_PAD_SIDE_M 0.24   /* around the body seen from the side: room for a reach forward */

LbFigureView lb_figure_view_for_item(const LmItem *item, SDL_FRect rect, bool mirror)
{
    LbFigureView v = {0};
    v.rect = rect;
    v.mirror = mirror;
    if (item) {
        v.cam_yaw_deg = item->cam_yaw_deg;
        v.cam_pitch_deg = item->cam_pitch_deg;
        v.has_box = true;
        v.frame_min_x = item->frame_min_x;
        v.frame_max_x = item->frame_max_x;
        v.frame_min_y = item->frame_min_y;
        v.frame_max_y = item->frame_max_y;
        v.props = item->props;
        v.chair_seat = item->chair_seat;
        v.mat_centre = item->mat_centre;
    }
    return v;
}

LbFigureView lb_figure_view_at(const LmTimeline *tl, double t_s, SDL_FRect rect, bool mirror)
{
    if (!tl || tl->n_items == 0)
        return lb_figure_view_for_item(NULL, rect, mirror);
    LbFigureView v = lb_figure_view_for_item(&tl->items[lm_timeline_item_at(tl, t_s)], rect, mirror);
    LmStageCamera cam;
    lm_stage_camera(tl, t_s, &cam);
    v.cam_yaw_deg = cam.yaw_deg;
    v.cam_pitch_deg = cam.pitch_deg;
    v.frame_min_x = cam.min_x;
    v.frame_max_x = cam.max_x;
    v.frame_min_y = cam.min_y;
    v.frame_max_y = cam.max_y;
    v.working_side = lm_stage_side(tl, t_s);
    return v;
}

/* The second view: from straight above (the figure's face toward the top
 * of the picture), close on the pelvis and low back, or from the side,
 * framed around the exercise's start pose so it stays put through the
 * exercise. */
static LbFigureView inset_view(const LmTimeline *tl, const LmItem *it, const LbFigureView *main, SDL_FRect rect)
{
    LbFigureView v = *main;
    v.rect = rect;
    v.no_floor = true;
    v.clip = true;
    v.ghost = (SDL_Color){0, 0, 0, 0};
    LmFrame s0;
    lm_timeline_frame(tl, it->start_s, &s0);
    if (it->inset == LM_INSET_ABOVE) {
        /* an upright trunk is a column seen end on: its shoulder and hip
         * lines show the turn, the face toward the top of the picture; a
         * body lying down is drawn whole, its head at the top */
        v.plan = fabs(s0.p[LM_J_NECK].y - s0.p[LM_J_PELVIS].y) > 0.25;
        v.cam_yaw_deg = v.plan ? 180.0 : 0.0;
        v.cam_pitch_deg = 90.0;
        v.props &= ~(unsigned)LM_PROP_MAT;
    } else if (it->inset == LM_INSET_SIDE) {
        /* straight from the side the main view leans toward, nearly level:
         * a hinge at the hips and a long back read here */
        v.cam_yaw_deg = main->cam_yaw_deg < 0 ? -90.0 : 90.0;
        v.cam_pitch_deg = 8.0;
    } else {
        v.props &= ~(unsigned)LM_PROP_CHAIR; /* the mat stays: the low back's gap to it is the point */
    }
    static const int around_pelvis[] = {LM_J_PELVIS, LM_J_LUMBAR};
    static const int whole[] = {LM_J_PELVIS, LM_J_THORAX, LM_J_SHOULDER_L, LM_J_SHOULDER_R, LM_J_HIP_L,  LM_J_HIP_R,
                                LM_J_KNEE_L, LM_J_KNEE_R, LM_J_HEAD,       LM_J_ANKLE_L,    LM_J_ANKLE_R};
    bool side = it->inset == LM_INSET_SIDE, body = side || it->inset == LM_INSET_ABOVE;
    int n = side ? 11 : body ? 9 : 2; /* from the side the feet too */
    double b[4] = {1e30, -1e30, 1e30, -1e30};
    for (int i = 0; i < n; i++) {
        LmVec3 q = lm_camera_view(v.cam_yaw_deg, v.cam_pitch_deg, s0.p[(body ? whole : around_pelvis)[i]]);
        b[0] = fmin(b[0], q.x), b[1] = fmax(b[1], q.x), b[2] = fmin(b[2], q.y), b[3] = fmax(b[3], q.y);
    }
    double pad = side ? INSET_PAD_SIDE_M : body ? INSET_PAD_ABOVE_M : INSET_PAD_PELVIS_M;
    v.has_box = true;
    v.frame_min_x = b[0] - pad, v.frame_max_x = b[1] + pad;
    v.frame_min_y = b[2] - pad, v.frame_max_y = b[3] + pad;
    return v;
}

bool lb_figure_views_at(const LmTimeline *tl, double t_s, SDL_FRect stage, bool mirror, LbFigureView *main,
                        LbFigureView *inset)
{
    const LmItem *it = tl && tl->n_items ? &tl->items[lm_timeline_item_at(tl, t_s)] : NULL;
    bool has = it && it->inset != LM_INSET_NONE;
    SDL_FRect main_rect = stage, inset_rect = {0, 0, 0, 0};
    if (has) {
        /* the stage's right part for the whole exercise, so the main
         * figure never jumps */
        /* a plan stands tall; a close-up of a body lying down lies wide */
        bool wide = it->inset == LM_INSET_PELVIS;
        float iw = roundf(stage.w * (wide ? INSET_SHARE_WIDE : INSET_SHARE)), gap = roundf(stage.w * 0.02f);
        float ih = roundf(stage.h * (wide ? 0.56f : 0.76f));
        main_rect.w -= iw + gap;
        inset_rect = (SDL_FRect){stage.x + stage.w - iw, stage.y + roundf(0.5f * (stage.h - ih)), iw, ih};
    }
    *main = lb_figure_view_at(tl, t_s, main_rect, mirror);
    if (has && inset)
        *inset = inset_view(tl, it, main, inset_rect);
    return has;
}
