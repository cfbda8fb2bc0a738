/* figure: the stick figure and its props (floor, mat, chair) drawn through an
 * orthographic camera into any rectangle, as one batch of feathered
 * (anti-aliased) capsules and polygons: one SDL_RenderGeometry call, or one
 * command of a draw list (lb_figure_set_list). */
#ifndef LB_FIGURE_H
#define LB_FIGURE_H

#include <SDL.h>

#include "draw.h"
#include "palette.h" /* the background and side colours it draws in */
#include <stdbool.h>

#include "lm_timeline.h"

/* What to draw and where. Zero-initialised means: camera straight ahead,
 * framing box taken from the frame itself, no props, not mirrored. */
typedef struct {
    SDL_FRect rect; /* output pixels the figure (with padding) fits into */
    double cam_yaw_deg, cam_pitch_deg;
    bool has_box; /* frame_* below are valid; else fitted to the frame drawn */
    double frame_min_x, frame_max_x, frame_min_y, frame_max_y; /* camera-plane metres */
    bool mirror;                                               /* flip the picture left to right */
    unsigned props;                                            /* LM_PROP_MAT | LM_PROP_CHAIR */
    LmVec3 chair_seat, mat_centre;                             /* world metres */
    bool no_floor;    /* small previews: figure and props only, no floor pool */
    int working_side; /* 1 left, 2 right: that side's limbs bright, the other calm;
                                   * 0: the side nearer the camera is (lm_stage_side gives it) */
    bool clip;        /* nothing drawn outside rect (a close-up) */
    bool plan;        /* a plan from above: the shoulder and hip lines, a small head */
    SDL_Color ghost;  /* alpha > 0: the body alone in this one flat colour (a pose to come) */
} LbFigureView;

/* The drawing state: reusable vertex and index buffers. Opaque. */
typedef struct LbFigure LbFigure;

/* Create a drawer for figures of skeleton sk (kept by the caller; it gives
 * the body radii). NULL when out of memory. Owns only its buffers. */
LbFigure *lb_figure_create(const LmSkeleton *sk);
void lb_figure_destroy(LbFigure *fig);

/* A view for one exercise of a timeline: its camera, framing box and props,
 * drawn into rect. */
LbFigureView lb_figure_view_for_item(const LmItem *item, SDL_FRect rect, bool mirror);

/* The view of the exercise playing at t: its camera as staged
 * (lm_stage_camera: mirrored for the second side) and the side at work. */
LbFigureView lb_figure_view_at(const LmTimeline *tl, double t_s, SDL_FRect rect, bool mirror);

/* The views of the exercise at t on a stage: the main one and, for an
 * exercise with a second view ("inset"), that one too (then true): it
 * takes the stage's right part for the whole exercise. */
bool lb_figure_views_at(const LmTimeline *tl, double t_s, SDL_FRect stage, bool mirror, LbFigureView *main,
                        LbFigureView *inset);

/* Set view's framing box to the bounds of frame f alone (for a single
 * pose, e.g. a preview); has_box becomes true. */
void lb_figure_view_fit_frame(LbFigureView *view, const LmFrame *f);

/* Draw frame f as seen through view: one SDL_RenderGeometry call (which
 * sets the renderer's draw blend mode to blend), or, when a list is set,
 * a triangle command per shape (a limb chain, a shadow, the mat) recorded
 * there. Returns false if SDL refused it or the list ran out of memory. */
bool lb_figure_draw(LbFigure *fig, SDL_Renderer *r, const LmFrame *f, const LbFigureView *view);
/* The same in two parts, drawn one after the other: the ground (the floor
 * pool, unless no_floor, and the mat), which stays put through an
 * exercise, then the body (contact shadows, chair and figure). Recorded
 * into a list, each keeps the last frame's shapes, and a shape made from
 * exactly the same primitives (a limb that did not move) is copied from
 * there, its command keyed by them, instead of made again. */
bool lb_figure_draw_ground(LbFigure *fig, SDL_Renderer *r, const LmFrame *f, const LbFigureView *view);
bool lb_figure_draw_body(LbFigure *fig, SDL_Renderer *r, const LmFrame *f, const LbFigureView *view);

/* A pose to come, drawn before the body in view->ghost's flat colour
 * (its own batch, kept apart from the body's). */
bool lb_figure_draw_ghost(LbFigure *fig, SDL_Renderer *r, const LmFrame *f, const LbFigureView *view);

/* What a step marks on the picture, in world metres: arrows along the
 * paths of what moves, and glowing spots where a hold is felt. */
#define LB_MARK_PATH 16
#define LB_MARK_SPOTS 18
typedef struct {
    int n_arrows;
    LmVec3 arrow[2][LB_MARK_PATH];
    int arrow_n[2];
    bool arrow_turn[2]; /* an arc about a turning part: drawn where it is, not stood off */
    LmVec3 away_from;   /* arrows stand off the body, on the side away from this point */
    bool gap;           /* the low back's gap to the floor, marked top to bottom */
    LmVec3 gap_top, gap_bottom;
    int n_spots;
    LmVec3 spot[LB_MARK_SPOTS];
    double spot_r_m;
    float fade; /* 0..1: how strongly they show */
    bool under; /* drawn under the figure (kept apart from those drawn over it) */
} LbFigureMarks;
/* Draw the marks over the figure (own batch). False if drawing failed. */
bool lb_figure_draw_marks(LbFigure *fig, SDL_Renderer *r, const LbFigureView *view, const LbFigureMarks *mk);

/* Where a world point lands in output pixels under view (the same mapping
 * lb_figure_draw uses; for tests and hit checks). Needs view->has_box. */
SDL_FPoint lb_figure_project(const LbFigureView *view, LmVec3 p);
/* Pixels per metre under view (needs view->has_box). */
double lb_figure_px_per_m(const LbFigureView *view);

/* Record into list (see draw.h) instead of drawing through the renderer;
 * the caller then carries the list out (on a GPU, or into a surface with
 * the rasteriser). NULL goes back to the renderer. The list stays the
 * caller's. It holds the figure's triangles by reference
 * (lb_draw_triangles_ref): carry it out before this figure next draws the
 * same parts (lb_figure_draw, or the ground or the body alone). */
void lb_figure_set_list(LbFigure *fig, LbDraw *list);
/* How many shapes were copied from an earlier frame so far (tests). */
unsigned long lb_figure_shapes_reused(const LbFigure *fig);

#endif
