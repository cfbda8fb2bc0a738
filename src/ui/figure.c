/* figure: draws the stick figure and its props through an orthographic
 * camera into a rectangle.
 *
 * Everything becomes triangles handed over at once: one SDL_RenderGeometry
 * call in a window, or the headless rasteriser (raster.c) into a canvas. A
 * limb is a capsule between two joints whose radii are the body's own
 * (lm_point_radius_m: the thickness the core rests on the floor, so what
 * touches there touches here), fixed for the whole session: an opaque core
 * (a zig-zag strip over the outline) plus a 1.5 px ring whose outer
 * vertices have alpha 0, which is the anti-aliasing. Each body chain
 * (torso, head, an arm, a leg) is drawn as a dark outline pass then a
 * colour pass, and chains are sorted back to front by depth, so a limb in
 * front cuts cleanly over one behind.
 *
 * Colour: the figure's left side is sky blue and its right side orange
 * (the Okabe-Ito pair, distinct under every common colour-vision
 * deficiency, and the colours the overlay uses to name a side), the torso
 * and head warm white. A limb that lies behind its partner on the other
 * side fades toward the background, continuously with depth, so the near
 * side reads bright and the far side dark without any popping. */
#include "figure.h"

#include "figure_mesh.h"
#include "lm_stage.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- style (metres unless noted) --------------------------------------- */

#define OUTLINE_M 0.010   /* dark rim around every chain */
#define PAD_M 0.10        /* kept clear around the framing box */
#define CALM_LEVEL 0.82   /* the brightness of the side not at work: plainly still its own colour */
#define HAND_GROW 1.35f   /* a hand is drawn wider than its wrist: a mitten, not a stick end */
#define ARM_SLIM 0.85f    /* arms drawn this much slimmer than their radii */
#define PLAN_HEAD 0.5f    /* the head's size in a plan, where it would hide the shoulders */
#define PLAN_GIRDLE 0.026 /* half-thickness of the shoulder and hip lines in a plan (of height) */
#define SHADOW_H_M 0.25   /* points higher than this cast no contact shadow */
#define SHADOW_R_M 0.09   /* contact shadow radius */
#define SHADOW_ALPHA 70.0

static const Rgba COL_BG = {LB_BG_R, LB_BG_G, LB_BG_B, 255};
static const Rgba COL_TORSO = {240, 236, 228, 255};
static const Rgba COL_LEFT = {LB_SIDE_LEFT_RGB, 255};
static const Rgba COL_RIGHT = {LB_SIDE_RIGHT_RGB, 255};
static const Rgba COL_ARM_LEFT = {LB_ARM_LEFT_RGB, 255};
static const Rgba COL_ARM_RIGHT = {LB_ARM_RIGHT_RGB, 255};
static const Rgba COL_FLOOR = {38, 48, 64, 255};
static const Rgba COL_SHADOW = {6, 8, 12, 255};
static const Rgba COL_MAT_TOP = {74, 84, 128, 255};
static const Rgba COL_MAT_SIDE = {48, 54, 86, 255};
static const Rgba COL_CHAIR = {150, 130, 108, 255};
static const Rgba COL_CHAIR_DARK = {104, 90, 76, 255};
static const Rgba COL_EYE = {40, 46, 60, 255};

/* Eyes: where on the unit head sphere (x = the figure's left, y up, z the
 * way it faces) and how big, as fractions of the head radius. */
#define EYE_X 0.36
#define EYE_Y 0.18
#define EYE_Z 0.91
#define EYE_R 0.14f

/* Yoga mat and chair sizes (metres). */
#define MAT_LEN 1.83
#define MAT_WID 0.61
#define MAT_THICK 0.008
#define SEAT_W 0.46
#define SEAT_D 0.42
#define SEAT_T 0.035
#define CHAIR_BACK_H 0.42
#define CHAIR_LEG_R 0.016

struct LbFigure {
    const LmSkeleton *sk;
    LbMesh m;
};

/* The mapping from camera-plane metres to output pixels. */
typedef struct {
    double yaw, pitch;
    double cx, cy; /* box centre, camera plane */
    double scale;  /* pixels per metre */
    double ox, oy; /* rect centre, pixels */
    double flip;   /* -1 when mirrored */
} Fit;

/* ---- camera and framing ---------------------------------------------- */

static LmVec3 view_of(const Fit *ft, LmVec3 p) { return lm_camera_view(ft->yaw, ft->pitch, p); }

static SDL_FPoint to_px(const Fit *ft, LmVec3 v)
{
    return (SDL_FPoint){(float)(ft->ox + ft->flip * (v.x - ft->cx) * ft->scale),
                        (float)(ft->oy - (v.y - ft->cy) * ft->scale)};
}

static void box_add(double box[4], LmVec3 v)
{
    if (v.x < box[0])
        box[0] = v.x;
    if (v.x > box[1])
        box[1] = v.x;
    if (v.y < box[2])
        box[2] = v.y;
    if (v.y > box[3])
        box[3] = v.y;
}

/* Mat corners (top face) and chair outline points in world metres. */
static int mat_points(const LbFigureView *vw, LmVec3 out[8])
{
    LmVec3 c = vw->mat_centre;
    int n = 0;
    for (int k = 0; k < 2; k++) {
        double y = k ? MAT_THICK : 0.0;
        out[n++] = lm_v3(c.x - MAT_WID / 2, y, c.z - MAT_LEN / 2);
        out[n++] = lm_v3(c.x + MAT_WID / 2, y, c.z - MAT_LEN / 2);
        out[n++] = lm_v3(c.x + MAT_WID / 2, y, c.z + MAT_LEN / 2);
        out[n++] = lm_v3(c.x - MAT_WID / 2, y, c.z + MAT_LEN / 2);
    }
    return n;
}

/* The chair faces +z (the way a seated figure faces); the seat centre is
 * the top of the seat, the back rises behind it. */
static void chair_box(const LbFigureView *vw, LmVec3 lo_out[2])
{
    LmVec3 s = vw->chair_seat;
    lo_out[0] = lm_v3(s.x - SEAT_W / 2, 0.0, s.z - SEAT_D / 2);
    lo_out[1] = lm_v3(s.x + SEAT_W / 2, s.y + CHAIR_BACK_H, s.z + SEAT_D / 2);
}

static Fit fit_view(const LbFigureView *vw, const LmFrame *f)
{
    Fit ft = {0};
    ft.yaw = vw->cam_yaw_deg;
    ft.pitch = vw->cam_pitch_deg;
    double box[4] = {1e30, -1e30, 1e30, -1e30};
    if (!vw->has_box && f) {
        LbFigureView tmp = *vw;
        lb_figure_view_fit_frame(&tmp, f);
        return fit_view(&tmp, NULL);
    }
    if (vw->has_box) {
        box[0] = vw->frame_min_x;
        box[1] = vw->frame_max_x;
        box[2] = vw->frame_min_y;
        box[3] = vw->frame_max_y;
    } else {
        box[0] = box[2] = -1.0;
        box[1] = box[3] = 1.0;
    }
    /* Props are part of the picture, so they are framed too (not in a
     * close-up, which is cut to its own box). */
    if ((vw->props & LM_PROP_MAT) && !vw->clip) {
        LmVec3 m[8];
        int n = mat_points(vw, m);
        for (int i = 0; i < n; i++)
            box_add(box, view_of(&ft, m[i]));
    }
    if ((vw->props & LM_PROP_CHAIR) && !vw->clip) {
        LmVec3 b[2];
        chair_box(vw, b);
        for (int i = 0; i < 8; i++)
            box_add(box, view_of(&ft, lm_v3(b[i & 1].x, b[(i >> 1) & 1].y, b[(i >> 2) & 1].z)));
    }
    double w = box[1] - box[0] + 2 * PAD_M, h = box[3] - box[2] + 2 * PAD_M;
    if (w < 0.2)
        w = 0.2;
    if (h < 0.2)
        h = 0.2;
    double sx = vw->rect.w / w, sy = vw->rect.h / h;
    ft.scale = sx < sy ? sx : sy;
    if (!(ft.scale > 0))
        ft.scale = 1e-3;
    ft.cx = 0.5 * (box[0] + box[1]);
    ft.cy = 0.5 * (box[2] + box[3]);
    ft.ox = vw->rect.x + 0.5 * vw->rect.w;
    ft.oy = vw->rect.y + 0.5 * vw->rect.h;
    ft.flip = vw->mirror ? -1.0 : 1.0;
    return ft;
}

void lb_figure_view_fit_frame(LbFigureView *vw, const LmFrame *f)
{
    Fit ft = {0};
    ft.yaw = vw->cam_yaw_deg;
    ft.pitch = vw->cam_pitch_deg;
    double box[4] = {1e30, -1e30, 1e30, -1e30};
    for (int i = 0; i < LM_POINT_COUNT; i++)
        box_add(box, view_of(&ft, f->p[i]));
    vw->frame_min_x = box[0];
    vw->frame_max_x = box[1];
    vw->frame_min_y = box[2];
    vw->frame_max_y = box[3];
    vw->has_box = true;
}

SDL_FPoint lb_figure_project(const LbFigureView *view, LmVec3 p)
{
    Fit ft = fit_view(view, NULL);
    return to_px(&ft, view_of(&ft, p));
}

double lb_figure_px_per_m(const LbFigureView *view) { return fit_view(view, NULL).scale; }

/* ---- the scene ----------------------------------------------------------- */

static Rgba shade(Rgba c, double k)
{
    /* Toward the background, not black, so far limbs stay legible. */
    return (Rgba){(Uint8)lround(COL_BG.r + (c.r - COL_BG.r) * k), (Uint8)lround(COL_BG.g + (c.g - COL_BG.g) * k),
                  (Uint8)lround(COL_BG.b + (c.b - COL_BG.b) * k), c.a};
}

typedef struct {
    const LmFrame *f;
    const Fit *ft;
    LmVec3 v[LM_POINT_COUNT]; /* view space */
    SDL_FPoint s[LM_POINT_COUNT];
    float rad[LM_POINT_COUNT]; /* body radius at each point, pixels */
    float outline;
    bool ghost; /* one flat colour, no outline, no face */
    bool plan;  /* seen from above: girdles, a small head */
    Rgba ghost_col;
} Scene;

/* ---- the trunk ------------------------------------------------------------ */

/* The trunk as a body with depth, not a stick: cross-sections at the spine
 * joints, each an ellipse (half-width across the body, half-depths behind
 * and in front of the spine; fractions of height). The back's half-depth
 * is the spine's own radius, the surface the core rests on the floor, so
 * a back that lies on the mat touches it here too; the front is the belly
 * and the chest. Seen from the side the back line and the belly line show
 * an arch or a round; from the front the width shows a turn of the chest
 * against the hips. */
#define TRUNK_SECTIONS 5 /* tailbone, pelvis, lumbar, thorax, neck */
static const double TRUNK_BACK[TRUNK_SECTIONS] = {0.016, 0.030, 0.028, 0.030, 0.022};
static const double TRUNK_FRONT[TRUNK_SECTIONS] = {0.020, 0.044, 0.036, 0.056, 0.030};
static const double TRUNK_HALF_W[TRUNK_SECTIONS] = {0.034, 0.068, 0.054, 0.072, 0.050};
/* The pelvis wears shorts up to this sample: their waistband, square to
 * the spine there, tips as the pelvis tilts. */
#define TRUNK_WAIST (TRUNK_STEPS + TRUNK_STEPS / 2)
/* The shoulder and hip lines' half-thickness (of height) at the middle
 * and at the joint: shoulders, not a coat hanger. */
static const double GIRDLE_R[4] = {0.026, 0.018, 0.028, 0.022};
#define GIRDLE_REACH 0.78f /* of the way to the shoulder or hip joint */
#define TRUNK_STEPS 2      /* samples between two sections */
#define TRUNK_SAMPLES ((TRUNK_SECTIONS - 1) * TRUNK_STEPS + 1)
static const Rgba COL_SPINE = {150, 140, 156, 255};
static const Rgba COL_SHORTS = {150, 100, 140, 255};

typedef struct {
    LmVec3 p, front, left; /* on the spine; the body's front and left there */
    double back, fwd, half_w;
} TrunkSample;

static LmVec3 catmull(LmVec3 p0, LmVec3 p1, LmVec3 p2, LmVec3 p3, double t)
{
    double t2 = t * t, t3 = t2 * t;
    LmVec3 r;
    r.x = 0.5 * (2 * p1.x + (-p0.x + p2.x) * t + (2 * p0.x - 5 * p1.x + 4 * p2.x - p3.x) * t2 +
                 (-p0.x + 3 * p1.x - 3 * p2.x + p3.x) * t3);
    r.y = 0.5 * (2 * p1.y + (-p0.y + p2.y) * t + (2 * p0.y - 5 * p1.y + 4 * p2.y - p3.y) * t2 +
                 (-p0.y + 3 * p1.y - 3 * p2.y + p3.y) * t3);
    r.z = 0.5 * (2 * p1.z + (-p0.z + p2.z) * t + (2 * p0.z - 5 * p1.z + 4 * p2.z - p3.z) * t2 +
                 (-p0.z + 3 * p1.z - 3 * p2.z + p3.z) * t3);
    return r;
}

/* The spine as one smooth curve from the tailbone to the neck, sampled. */
static void trunk_samples(const LbFigure *fg, const LmFrame *f, TrunkSample out[TRUNK_SAMPLES])
{
    double H = fg->sk->height_m;
    static const int joint[TRUNK_SECTIONS] = {LM_J_PELVIS, LM_J_PELVIS, LM_J_LUMBAR, LM_J_THORAX, LM_J_NECK};
    LmVec3 c[TRUNK_SECTIONS], fr[TRUNK_SECTIONS], le[TRUNK_SECTIONS];
    for (int k = 0; k < TRUNK_SECTIONS; k++) {
        LmQuat q = f->q[joint[k]];
        fr[k] = lm_quat_rotate(q, lm_v3(0, 0, 1));
        le[k] = lm_quat_rotate(q, lm_v3(1, 0, 0));
        c[k] = f->p[joint[k]];
    }
    /* the tailbone: below the pelvis along its own axis, a little behind */
    c[0] = lm_v3_add(f->p[LM_J_PELVIS], lm_quat_rotate(f->q[LM_J_PELVIS], lm_v3(0, -0.052 * H, -0.010 * H)));
    int n = 0;
    for (int k = 0; k + 1 < TRUNK_SECTIONS; k++) {
        LmVec3 p0 = c[k > 0 ? k - 1 : 0], p3 = c[k + 2 < TRUNK_SECTIONS ? k + 2 : k + 1];
        for (int s = 0; s < TRUNK_STEPS || (k + 2 == TRUNK_SECTIONS && s == TRUNK_STEPS); s++) {
            double u = (double)s / TRUNK_STEPS;
            TrunkSample *o = &out[n++];
            o->p = catmull(p0, c[k], c[k + 1], p3, u);
            o->front = lm_v3_norm(lm_v3_lerp(fr[k], fr[k + 1], u));
            o->left = lm_v3_norm(lm_v3_lerp(le[k], le[k + 1], u));
            o->back = H * lm_lerp(TRUNK_BACK[k], TRUNK_BACK[k + 1], u);
            o->fwd = H * lm_lerp(TRUNK_FRONT[k], TRUNK_FRONT[k + 1], u);
            o->half_w = H * lm_lerp(TRUNK_HALF_W[k], TRUNK_HALF_W[k + 1], u);
        }
    }
}

/* The trunk: an outline pass and a fill of tapered capsules along the
 * spine curve (centred between the back and the front of each section,
 * as wide as the section's ellipse seen from the camera), the pelvis as a
 * block whose tilt shows, the line of the spine along the back, and the
 * shoulder and hip lines. One sorted item. */
static void add_trunk(LbFigure *fg, const Scene *sc, Rgba col, bool ghost)
{
    if (sc->plan) {
        /* From above the trunk is a column seen end on: what shows a turn is
         * the shoulder line against the hip line. */
        float gr = fmaxf((float)(PLAN_GIRDLE * fg->sk->height_m * sc->ft->scale), 1.0f);
        LmVec3 vz = view_of(sc->ft, sc->f->p[LM_J_NECK]);
        lb_mesh_item(&fg->m, 1, vz.z);
        for (int pass = 0; pass < 2; pass++) {
            float grow = pass ? 0.0f : sc->outline;
            lb_mesh_capsule(&fg->m, sc->s[LM_J_HIP_L], sc->s[LM_J_HIP_R], gr + grow, pass ? COL_SHORTS : COL_BG);
            lb_mesh_capsule(&fg->m, sc->s[LM_J_SHOULDER_L], sc->s[LM_J_SHOULDER_R], gr + grow, pass ? col : COL_BG);
        }
        return;
    }
    TrunkSample ts[TRUNK_SAMPLES];
    trunk_samples(fg, sc->f, ts);
    SDL_FPoint cpx[TRUNK_SAMPLES], spx[TRUNK_SAMPLES];
    float rpx[TRUNK_SAMPLES];
    double z = 0;
    for (int i = 0; i < TRUNK_SAMPLES; i++) {
        LmVec3 c = lm_v3_add(ts[i].p, lm_v3_scale(ts[i].front, 0.5 * (ts[i].fwd - ts[i].back)));
        LmVec3 vc = view_of(sc->ft, c);
        z += vc.z;
        cpx[i] = to_px(sc->ft, vc);
        LmVec3 back_line = lm_v3_sub(ts[i].p, lm_v3_scale(ts[i].front, 0.45 * ts[i].back));
        spx[i] = to_px(sc->ft, view_of(sc->ft, back_line));
    }
    for (int i = 0; i < TRUNK_SAMPLES; i++) {
        /* across the curve on screen */
        int a = i > 0 ? i - 1 : i, b = i + 1 < TRUNK_SAMPLES ? i + 1 : i;
        double dx = cpx[b].x - cpx[a].x, dy = cpx[b].y - cpx[a].y, dl = hypot(dx, dy);
        double ux = dl > 1e-6 ? -dy / dl : 1.0, uy = dl > 1e-6 ? dx / dl : 0.0;
        LmVec3 L = view_of(sc->ft, ts[i].left), F = view_of(sc->ft, ts[i].front);
        /* on screen x may be flipped (a mirror) and y points down */
        double fl = sc->ft->flip;
        double lu = fl * L.x * ux - L.y * uy, fu = fl * F.x * ux - F.y * uy;
        double half_d = 0.5 * (ts[i].back + ts[i].fwd);
        double e = sqrt(ts[i].half_w * ts[i].half_w * lu * lu + half_d * half_d * fu * fu);
        rpx[i] = fmaxf((float)(e * sc->ft->scale), 0.75f);
    }
    /* the shoulder and hip lines: the girdles the arms and legs hang from */
    static const int girdle[][2] = {{LM_J_NECK, LM_J_SHOULDER_L},
                                    {LM_J_NECK, LM_J_SHOULDER_R},
                                    {LM_J_PELVIS, LM_J_HIP_L},
                                    {LM_J_PELVIS, LM_J_HIP_R}};
    double H = fg->sk->height_m;
    lb_mesh_item(&fg->m, 1, z / TRUNK_SAMPLES);
    for (int pass = ghost ? 1 : 0; pass < 2; pass++) {
        Rgba c = pass ? col : COL_BG;
        float grow = pass ? 0.0f : sc->outline;
        for (int i = 0; i + 1 < TRUNK_SAMPLES; i++) {
            Prim *p = lb_mesh_capsule2(&fg->m, cpx[i], cpx[i + 1], rpx[i] + grow, rpx[i + 1] + grow, c);
            if (p && i > 0)
                p->flat_a = true; /* the capsule before drew this end's disc */
        }
        for (int g = 0; g < 4; g++) {
            /* broad, a yoke rather than a stick, tapering to the joint */
            int a = girdle[g][0], b = girdle[g][1];
            float ra = (float)(GIRDLE_R[g < 2 ? 0 : 2] * H * sc->ft->scale);
            float rb = (float)(GIRDLE_R[g < 2 ? 1 : 3] * H * sc->ft->scale);
            /* stopping short of the joint, where the limb's own colour
             * begins: a shoulder turned up does not stand out as a white fin */
            SDL_FPoint end = {sc->s[a].x + GIRDLE_REACH * (sc->s[b].x - sc->s[a].x),
                              sc->s[a].y + GIRDLE_REACH * (sc->s[b].y - sc->s[a].y)};
            lb_mesh_capsule2(&fg->m, sc->s[a], end, fmaxf(ra, sc->rad[a]) + grow, rb + grow, c);
        }
    }
    if (ghost)
        return;
    /* The pelvis in shorts: the same capsules again up to the waist, the
     * last one cut square there. */
    for (int i = 0; i < TRUNK_WAIST && i + 1 < TRUNK_SAMPLES; i++) {
        Prim *p = lb_mesh_capsule2(&fg->m, cpx[i], cpx[i + 1], rpx[i], rpx[i + 1], COL_SHORTS);
        if (p && i > 0)
            p->flat_a = true;
        if (p && i + 1 == TRUNK_WAIST)
            p->flat_b = true;
    }
    /* The spine's line along the back, from the tailbone to the neck. */
    float sr = fmaxf((float)(0.0045 * fg->sk->height_m * sc->ft->scale), 0.75f);
    for (int i = 0; i + 1 < TRUNK_SAMPLES; i++)
        lb_mesh_capsule(&fg->m, spx[i], spx[i + 1], sr, COL_SPINE);
}

/* Two small eyes on the head's face side, so the viewer can tell which
 * way the figure faces: seen from the front both show, in profile one
 * sits at the front of the head, from behind none. */
static void add_eyes(LbFigure *fg, const Scene *sc, float hr_px)
{
    float er = EYE_R * hr_px;
    if (er < 0.9f)
        return; /* too small to read: a preview */
    LmVec3 c = lm_head_centre(sc->f);
    double hr = lm_head_radius_m(fg->sk);
    LmVec3 vc = view_of(sc->ft, c);
    for (int side = -1; side <= 1; side += 2) {
        LmVec3 local = lm_v3(side * EYE_X, EYE_Y, EYE_Z);
        LmVec3 w = lm_v3_add(c, lm_quat_rotate(sc->f->q[LM_J_HEAD], lm_v3_scale(local, hr)));
        LmVec3 v = view_of(sc->ft, w);
        /* on the hemisphere facing the camera, and not right at its rim */
        if (v.z - vc.z < 0.25 * hr)
            continue;
        lb_mesh_capsule(&fg->m, to_px(sc->ft, v), to_px(sc->ft, v), er, COL_EYE);
    }
}

/* A chain of bones (pairs of points) as one sorted item: outline pass then
 * colour pass; `fill` names three points whose triangle is filled too (the
 * foot: ankle, heel, ball), or NULL. Radii are the body's own (lm_point_radius_m), the ones the
 * core rests on the floor, so what touches there touches here. */
static void add_chain(LbFigure *fg, const Scene *sc, const int (*bones)[2], int nb, Rgba col, bool head,
                      const int *fill)
{
    double z = 0;
    int cnt = 0;
    for (int i = 0; i < nb; i++) {
        z += sc->v[bones[i][0]].z + sc->v[bones[i][1]].z;
        cnt += 2;
    }
    SDL_FPoint hc = {0, 0};
    float hr = 0;
    if (head) {
        LmVec3 c = lm_head_centre(sc->f);
        LmVec3 vc = view_of(sc->ft, c);
        z += 2 * vc.z;
        cnt += 2;
        hc = to_px(sc->ft, vc);
        hr = (float)(lm_head_radius_m(fg->sk) * sc->ft->scale) * (sc->plan ? PLAN_HEAD : 1.0f);
    }
    lb_mesh_item(&fg->m, 1, cnt ? z / cnt : 0);
    for (int pass = sc->ghost ? 1 : 0; pass < 2; pass++) {
        Rgba c = pass ? col : COL_BG;
        float grow = pass ? 0.0f : sc->outline;
        /* The outline pass is filled whole, though the colour pass covers
         * its middle: a fill costs a triangle per corner and each row of
         * it about twice, a hollow band two triangles per corner and its
         * rows four times over, for pixels that are cheap to fill. */
        /* Every capsule covers the whole discs at its ends, so where a
         * point is shared the first bone through it draws its cap and the
         * later ones end flat there (a cap one of them leaves out lies in
         * a disc drawn by an earlier one, which in turn is whole or lies in
         * a disc drawn earlier still). */
        for (int i = 0; i < nb; i++) {
            int a = bones[i][0], b = bones[i][1];
            Prim *p = lb_mesh_capsule2(&fg->m, sc->s[a], sc->s[b], sc->rad[a] + grow, sc->rad[b] + grow, c);
            for (int k = 0; p && k < i; k++) {
                p->flat_a |= bones[k][0] == a || bones[k][1] == a;
                p->flat_b |= bones[k][0] == b || bones[k][1] == b;
            }
            /* the head's disc, drawn whole, may hold an end's */
            if (p && head) {
                p->flat_a |= hypotf(sc->s[a].x - hc.x, sc->s[a].y - hc.y) + sc->rad[a] <= hr;
                p->flat_b |= hypotf(sc->s[b].x - hc.x, sc->s[b].y - hc.y) + sc->rad[b] <= hr;
            }
        }
        if (head) {
            lb_mesh_capsule(&fg->m, hc, hc, hr + grow, c);
        }
        if (fill) {
            SDL_FPoint tri_px[3] = {sc->s[fill[0]], sc->s[fill[1]], sc->s[fill[2]]};
            lb_mesh_poly(&fg->m, tri_px, 3, c);
        }
    }
    if (head && !sc->ghost)
        add_eyes(fg, sc, hr);
}

/* How bright each side's limbs are: fixed for a whole side of an
 * exercise, never from a limb's depth at the moment (limbs then seemed to
 * swap sides as they moved). The working side is bright and the other
 * calmer; with both sides at work the side nearer this camera is. */
static void side_levels(const LbFigureView *vw, double *left, double *right)
{
    *left = *right = 1.0;
    int near = vw->working_side;
    if (near == 0 && fabs(vw->cam_yaw_deg) > 10.0 && fabs(vw->cam_yaw_deg) < 170.0)
        near = vw->cam_yaw_deg > 0 ? 1 : 2; /* a positive yaw looks at the body's left */
    if (near == 1)
        *right = CALM_LEVEL;
    else if (near == 2)
        *left = CALM_LEVEL;
}

/* Mean world z of a figure chain, numbered in the order lb_figure_draw adds
 * them after the props: torso, neck and head, left arm, right arm, left
 * leg, right leg. */
static double chain_world_z(const LmFrame *f, int chain)
{
    static const int pts[6][4] = {
        {LM_J_PELVIS, LM_J_LUMBAR, LM_J_THORAX, LM_J_NECK},
        {LM_J_NECK, LM_J_HEAD, LM_J_HEAD, LM_J_NECK},
        {LM_J_SHOULDER_L, LM_J_ELBOW_L, LM_J_WRIST_L, LM_J_ELBOW_L},
        {LM_J_SHOULDER_R, LM_J_ELBOW_R, LM_J_WRIST_R, LM_J_ELBOW_R},
        {LM_J_HIP_L, LM_J_KNEE_L, LM_J_ANKLE_L, LM_J_KNEE_L},
        {LM_J_HIP_R, LM_J_KNEE_R, LM_J_ANKLE_R, LM_J_KNEE_R},
    };
    double z = 0;
    for (int k = 0; k < 4; k++)
        z += f->p[pts[chain][k]].z;
    return z / 4;
}

/* Put the chair back's items behind every chain on the camera's side of
 * its plane (world z = plane_z, facing +z) and in front of every chain
 * beyond it. A chain is on the side its mean lies on. */
static void order_chair_back(LbFigure *fg, const Scene *sc, const int *back, int nback, double plane_z, int first_chain)
{
    /* The plane's front (+z) faces the camera when +z maps to nearer. */
    LmVec3 o = view_of(sc->ft, lm_v3(0, 0, 0)), n = view_of(sc->ft, lm_v3(0, 0, 1));
    bool camera_in_front = n.z - o.z > 0;
    double lo = 1e30, hi = -1e30; /* nearest-side chains' depths, far-side chains' depths */
    for (int i = first_chain, c = 0; i < fg->m.nitem && c < 6; i++, c++) {
        bool in_front = chain_world_z(sc->f, c) > plane_z;
        if (in_front == camera_in_front) {
            if (fg->m.item[i].z < lo)
                lo = fg->m.item[i].z;
        } else if (fg->m.item[i].z > hi) {
            hi = fg->m.item[i].z;
        }
    }
    for (int k = 0; k < nback; k++) {
        Item *it = &fg->m.item[back[k]];
        if (lo < 1e30 && it->z >= lo)
            it->z = lo - 1e-4 * (nback - k);
        else if (hi > -1e30 && it->z <= hi)
            it->z = hi + 1e-4 * (k + 1);
    }
}

static bool draw_parts_in(LbFigure *fg, SDL_Renderer *r, const LmFrame *f, const LbFigureView *vw, bool ground,
                          bool body);

static void add_contact_shadows(LbFigure *fg, const Fit *ftp, const LbFigureView *vw, const LmFrame *f, float flat)
{
    const Fit ft = *ftp;
    /* Contact shadows: a soft dark spot under each point a body rests on
     * (head, pelvis, elbows, hands, knees, heels, toes) when it is near
     * the floor, fainter the higher it is, so feet and hands read as
     * planted. The points between them (the spine, shoulders, hips,
     * wrists, ankles) lie within a shadow's width of one of these: spots
     * of their own only darkened the same ground again, and every spot is
     * blended into each pixel it covers whenever that part is redrawn. */
    static const int casts[] = {LM_J_HEAD,
                                LM_J_PELVIS,
                                LM_J_ELBOW_L,
                                LM_J_ELBOW_R,
                                LM_POINT_SITE(LM_S_HAND_L),
                                LM_POINT_SITE(LM_S_HAND_R),
                                LM_J_KNEE_L,
                                LM_J_KNEE_R,
                                LM_POINT_SITE(LM_S_HEEL_L),
                                LM_POINT_SITE(LM_S_HEEL_R),
                                LM_POINT_SITE(LM_S_TOE_TIP_L),
                                LM_POINT_SITE(LM_S_TOE_TIP_R)};
    for (size_t ci = 0; ci < sizeof casts / sizeof casts[0]; ci++) {
        int i = casts[ci];
        double h = f->p[i].y;
        if (h > SHADOW_H_M)
            continue;
        double k = 1.0 - lm_clamp(h / SHADOW_H_M, 0.0, 1.0);
        Rgba c = COL_SHADOW;
        c.a = (Uint8)lround(SHADOW_ALPHA * k);
        double floor_y = (vw->props & LM_PROP_MAT) ? MAT_THICK + 0.001 : 0.0;
        float rx = (float)(SHADOW_R_M * ft.scale);
        lb_mesh_soft(&fg->m, to_px(&ft, view_of(&ft, lm_v3(f->p[i].x, floor_y, f->p[i].z))), rx, fmaxf(rx * flat, 1.0f),
                     0.25f, c);
    }
}

/* The chair back (uprights and panel) is a plane across the seat's
 * rear edge. Sorting it by its centre's depth goes wrong when the
 * camera looks down from the front: the panel sits high, so it reads
 * nearer than a lower torso that is really in front of it. Instead it
 * is ordered by the plane: whatever lies on the camera's side of it is
 * drawn after it, whatever lies beyond it before. */
/* The chair: legs, seat and back. Returns how many items of the back it
 * queued (their indices in back, its plane's z in *plane_z). */
static int add_chair(LbFigure *fg, const Fit *ftp, const LbFigureView *vw, int back[3], double *plane_z)
{
    const Fit ft = *ftp;
    int nback = 0;
    float px_per_m = (float)ft.scale;

    LmVec3 s = vw->chair_seat;
    double x0 = s.x - SEAT_W / 2, x1 = s.x + SEAT_W / 2, z0 = s.z - SEAT_D / 2, z1 = s.z + SEAT_D / 2;
    double y1 = s.y, y0 = s.y - SEAT_T;
    float leg_r = fmaxf(CHAIR_LEG_R * px_per_m, 1.0f);
    /* legs and back uprights sort with the figure; the seat is ground */
    const double lx[4] = {x0 + 0.03, x1 - 0.03, x1 - 0.03, x0 + 0.03};
    const double lz[4] = {z0 + 0.03, z0 + 0.03, z1 - 0.03, z1 - 0.03};
    for (int k = 0; k < 4; k++) {
        LmVec3 top = lm_v3(lx[k], y0, lz[k]), bot = lm_v3(lx[k], 0.0, lz[k]);
        LmVec3 vt = view_of(&ft, top), vb = view_of(&ft, bot);
        lb_mesh_item(&fg->m, 1, 0.5 * (vt.z + vb.z));
        lb_mesh_capsule(&fg->m, to_px(&ft, vb), to_px(&ft, vt), leg_r, COL_CHAIR_DARK);
    }
    LmVec3 seat[8] = {
        {x0, y0, z0}, {x1, y0, z0}, {x1, y0, z1}, {x0, y0, z1}, {x0, y1, z0}, {x1, y1, z0}, {x1, y1, z1}, {x0, y1, z1},
    };
    SDL_FPoint lo[4], hi[4];
    for (int k = 0; k < 4; k++) {
        lo[k] = to_px(&ft, view_of(&ft, seat[k]));
        hi[k] = to_px(&ft, view_of(&ft, seat[4 + k]));
    }
    lb_mesh_item(&fg->m, 0, 2);
    lb_mesh_poly(&fg->m, lo, 4, COL_CHAIR_DARK);
    lb_mesh_poly(&fg->m, hi, 4, COL_CHAIR);
    /* Back: two uprights and a panel at the rear edge. */
    double by = y1 + CHAIR_BACK_H;
    LmVec3 bp[4] = {{x0 + 0.03, y1 + 0.16, z0 + 0.02},
                    {x1 - 0.03, y1 + 0.16, z0 + 0.02},
                    {x1 - 0.03, by - 0.02, z0 + 0.02},
                    {x0 + 0.03, by - 0.02, z0 + 0.02}};
    for (int k = 0; k < 2; k++) {
        double x = k ? x1 - 0.03 : x0 + 0.03;
        LmVec3 a = lm_v3(x, y1, z0 + 0.02), b = lm_v3(x, by, z0 + 0.02);
        LmVec3 va = view_of(&ft, a), vb = view_of(&ft, b);
        back[nback++] = fg->m.nitem;
        lb_mesh_item(&fg->m, 1, 0.5 * (va.z + vb.z));
        lb_mesh_capsule(&fg->m, to_px(&ft, va), to_px(&ft, vb), leg_r, COL_CHAIR_DARK);
    }
    *plane_z = z0 + 0.02;
    SDL_FPoint pp[4];
    double pz = 0;
    for (int k = 0; k < 4; k++) {
        LmVec3 v = view_of(&ft, bp[k]);
        pz += v.z / 4;
        pp[k] = to_px(&ft, v);
    }
    back[nback++] = fg->m.nitem;
    lb_mesh_item(&fg->m, 1, pz);
    lb_mesh_poly(&fg->m, pp, 4, COL_CHAIR);
    return nback;
}

bool lb_figure_draw_ghost(LbFigure *fg, SDL_Renderer *r, const LmFrame *f, const LbFigureView *vw)
{
    lb_mesh_begin(&fg->m, fg->m.list ? LB_MESH_GHOST : -1);
    bool ok = draw_parts_in(fg, r, f, vw, false, true);
    lb_mesh_end(&fg->m);
    return ok;
}

LbMesh *lb_figure_mesh(LbFigure *fg) { return &fg->m; }

/* The ground (floor pool and mat), the body (contact shadows, chair and
 * figure), or both, as one batch. Recorded into a list, the ground and
 * the body each keep their last frame's batch: what did not change since
 * (a still limb, the mat) is copied from there instead of made again. */
static bool draw_parts(LbFigure *fg, SDL_Renderer *r, const LmFrame *f, const LbFigureView *vw, bool ground, bool body)
{
    /* Recorded into a list, which holds the triangles by reference until
     * it is carried out, each part that may share a frame with another
     * keeps its own batch: the ground, the body, the second view. */
    int slot = !fg->m.list      ? -1
               : vw->clip       ? LB_MESH_INSET
               : ground != body ? (body ? LB_MESH_BODY : LB_MESH_GROUND)
                                : -1;
    lb_mesh_begin(&fg->m, slot);
    fg->m.clip_on = vw->clip;
    fg->m.clip = vw->rect;
    bool ok = draw_parts_in(fg, r, f, vw, ground, body);
    fg->m.clip_on = false;
    lb_mesh_end(&fg->m);
    return ok;
}

static bool draw_parts_in(LbFigure *fg, SDL_Renderer *r, const LmFrame *f, const LbFigureView *vw, bool ground,
                          bool body)
{
    Fit ft = fit_view(vw, f);
    /* Ground, drawn first and in this order: floor pool, mat, contact
     * shadows. Everything after is sorted. */
    float flat = (float)fabs(sin(LM_DEG2RAD(ft.pitch))); /* how much of the floor faces the camera */
    if (ground && !vw->no_floor) {
        /* Centred in the stage at the floor under the props (the mat's
         * middle, the chair), else under the pelvis; as wide as the stage,
         * never spilling out of it. Under props it stays put for the whole
         * exercise, so a CPU-drawn window keeps it in its backdrop. */
        LmVec3 under = lm_v3(f->p[LM_J_PELVIS].x, 0, f->p[LM_J_PELVIS].z);
        if (vw->props & LM_PROP_MAT)
            under = lm_v3(vw->mat_centre.x, 0, vw->mat_centre.z);
        else if (vw->props & LM_PROP_CHAIR)
            under = lm_v3(vw->chair_seat.x, 0, vw->chair_seat.z);
        SDL_FPoint c = to_px(&ft, view_of(&ft, under));
        c.x = vw->rect.x + 0.5f * vw->rect.w;
        float rx = 0.49f * vw->rect.w;
        float ry = fmaxf(rx * flat, 0.03f * vw->rect.h);
        float room = vw->rect.y + vw->rect.h - c.y;
        if (ry > room)
            ry = fmaxf(room, 1.0f);
        lb_mesh_soft(&fg->m, c, rx, ry, 0.55f, COL_FLOOR);
    }
    if (ground && (vw->props & LM_PROP_MAT)) {
        LmVec3 m[8];
        mat_points(vw, m);
        SDL_FPoint lo[4], hi[4];
        for (int k = 0; k < 4; k++) {
            lo[k] = to_px(&ft, view_of(&ft, m[k]));
            hi[k] = to_px(&ft, view_of(&ft, m[4 + k]));
        }
        lb_mesh_item(&fg->m, 0, 0);
        lb_mesh_poly(&fg->m, lo, 4, COL_MAT_SIDE);
        lb_mesh_poly(&fg->m, hi, 4, COL_MAT_TOP);
        lb_mesh_emit_items(&fg->m);
    }
    if (!body)
        return lb_mesh_finish(&fg->m, r);
    /* The body's points in the picture (the ground needs none of them). */
    Scene sc;
    sc.f = f;
    sc.ft = &ft;
    for (int i = 0; i < LM_POINT_COUNT; i++) {
        sc.v[i] = view_of(&ft, f->p[i]);
        sc.s[i] = to_px(&ft, sc.v[i]);
    }
    float px_per_m = (float)ft.scale;
    for (int i = 0; i < LM_POINT_COUNT; i++)
        sc.rad[i] = fmaxf((float)(lm_point_radius_m(fg->sk, i) * ft.scale), 0.75f);
    sc.outline = fmaxf(OUTLINE_M * px_per_m, 0.75f);
    static const int arm_pts[] = {LM_J_SHOULDER_L, LM_J_ELBOW_L, LM_J_WRIST_L,
                                  LM_J_SHOULDER_R, LM_J_ELBOW_R, LM_J_WRIST_R};
    for (int k = 0; k < 6; k++)
        sc.rad[arm_pts[k]] = fmaxf(sc.rad[arm_pts[k]] * ARM_SLIM, 0.75f);
    sc.rad[LM_POINT_SITE(LM_S_HAND_L)] *= HAND_GROW;
    sc.rad[LM_POINT_SITE(LM_S_HAND_R)] *= HAND_GROW;
    sc.ghost = vw->ghost.a > 0;
    sc.plan = vw->plan;
    sc.ghost_col = (Rgba){vw->ghost.r, vw->ghost.g, vw->ghost.b, vw->ghost.a};
    if (!sc.ghost)
        add_contact_shadows(fg, &ft, vw, f, flat);
    int back_item[3], nback = 0;
    double back_plane_z = 0;
    if ((vw->props & LM_PROP_CHAIR) && !sc.ghost)
        nback = add_chair(fg, &ft, vw, back_item, &back_plane_z);
    int first_chain = fg->m.nitem;

    /* The figure. */
    static const int neck[][2] = {{LM_J_NECK, LM_J_HEAD}};
    static const int arm_l[][2] = {
        {LM_J_SHOULDER_L, LM_J_ELBOW_L}, {LM_J_ELBOW_L, LM_J_WRIST_L}, {LM_J_WRIST_L, LM_POINT_SITE(LM_S_HAND_L)}};
    static const int arm_r[][2] = {
        {LM_J_SHOULDER_R, LM_J_ELBOW_R}, {LM_J_ELBOW_R, LM_J_WRIST_R}, {LM_J_WRIST_R, LM_POINT_SITE(LM_S_HAND_R)}};
    static const int leg_l[][2] = {{LM_J_HIP_L, LM_J_KNEE_L},
                                   {LM_J_KNEE_L, LM_J_ANKLE_L},
                                   {LM_J_ANKLE_L, LM_POINT_SITE(LM_S_HEEL_L)},
                                   {LM_J_ANKLE_L, LM_J_TOE_L},
                                   {LM_POINT_SITE(LM_S_HEEL_L), LM_J_TOE_L},
                                   {LM_J_TOE_L, LM_POINT_SITE(LM_S_TOE_TIP_L)}};
    static const int leg_r[][2] = {{LM_J_HIP_R, LM_J_KNEE_R},
                                   {LM_J_KNEE_R, LM_J_ANKLE_R},
                                   {LM_J_ANKLE_R, LM_POINT_SITE(LM_S_HEEL_R)},
                                   {LM_J_ANKLE_R, LM_J_TOE_R},
                                   {LM_POINT_SITE(LM_S_HEEL_R), LM_J_TOE_R},
                                   {LM_J_TOE_R, LM_POINT_SITE(LM_S_TOE_TIP_R)}};
#define NB(a) ((int)(sizeof(a) / sizeof((a)[0])))
    static const int foot_l[3] = {LM_J_ANKLE_L, LM_POINT_SITE(LM_S_HEEL_L), LM_J_TOE_L};
    static const int foot_r[3] = {LM_J_ANKLE_R, LM_POINT_SITE(LM_S_HEEL_R), LM_J_TOE_R};
    double lvl_l, lvl_r;
    side_levels(vw, &lvl_l, &lvl_r);
    Rgba c_torso = COL_TORSO, c_left = shade(COL_LEFT, lvl_l), c_right = shade(COL_RIGHT, lvl_r);
    /* Arms in a paler tint of their side's colour, and a little slimmer,
     * so a hand on a knee is not read as a third leg. */
    Rgba a_left = shade(COL_ARM_LEFT, lvl_l), a_right = shade(COL_ARM_RIGHT, lvl_r);
    if (sc.ghost)
        c_torso = c_left = c_right = a_left = a_right = sc.ghost_col;
    add_trunk(fg, &sc, c_torso, sc.ghost);
    add_chain(fg, &sc, neck, NB(neck), c_torso, true, NULL);
    add_chain(fg, &sc, arm_l, NB(arm_l), a_left, false, NULL);
    add_chain(fg, &sc, arm_r, NB(arm_r), a_right, false, NULL);
    add_chain(fg, &sc, leg_l, NB(leg_l), c_left, false, foot_l);
    add_chain(fg, &sc, leg_r, NB(leg_r), c_right, false, foot_r);
#undef NB
    if (nback > 0 && !fg->m.oom)
        order_chair_back(fg, &sc, back_item, nback, back_plane_z, first_chain);

    /* Back to front, then one batch. */
    lb_mesh_emit_items(&fg->m);
    return lb_mesh_finish(&fg->m, r);
}

bool lb_figure_draw(LbFigure *fg, SDL_Renderer *r, const LmFrame *f, const LbFigureView *vw)
{
    return draw_parts(fg, r, f, vw, true, true);
}

bool lb_figure_draw_ground(LbFigure *fg, SDL_Renderer *r, const LmFrame *f, const LbFigureView *vw)
{
    return draw_parts(fg, r, f, vw, true, false);
}

bool lb_figure_draw_body(LbFigure *fg, SDL_Renderer *r, const LmFrame *f, const LbFigureView *vw)
{
    return draw_parts(fg, r, f, vw, false, true);
}

LbFigure *lb_figure_create(const LmSkeleton *sk)
{
    if (!sk)
        return NULL;
    LbFigure *fg = calloc(1, sizeof(LbFigure));
    if (fg) {
        fg->sk = sk;
        fg->m.w = &fg->m.batch[0];
        fg->m.slot = -1;
    }
    return fg;
}

void lb_figure_destroy(LbFigure *fg)
{
    if (!fg)
        return;
    lb_mesh_free(&fg->m);
    free(fg);
}

void lb_figure_set_list(LbFigure *fg, LbDraw *list) { fg->m.list = list; }

unsigned long lb_figure_shapes_reused(const LbFigure *fg) { return fg ? fg->m.reused : 0; }
