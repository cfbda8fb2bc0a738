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

#include "raster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- style (metres unless noted) --------------------------------------- */

#define OUTLINE_M 0.010    /* dark rim around every chain */
#define FEATHER_PX 1.5f    /* width of the alpha ramp at every edge */
#define PAD_M 0.10         /* kept clear around the framing box */
#define FAR_DIM 0.50       /* brightness lost by a limb fully behind its partner */
#define FAR_DEPTH_M 0.12   /* depth difference at which the dimming is full */
#define SHADOW_H_M 0.25    /* points higher than this cast no contact shadow */
#define SHADOW_R_M 0.09    /* contact shadow radius */
/* Alpha levels a soft ellipse's coarse outline may cost: a contact shadow
 * (alpha 70 at most, dark on a dark floor) then moves a pixel by a level or
 * two at most, and needs a quarter fewer triangles than at 2 levels. */
#define SOFT_ALPHA_ERR 4.0f
#define SHADOW_ALPHA 70.0

typedef struct {
    Uint8 r, g, b, a;
} Rgba;

static const Rgba COL_BG = {LB_BG_R, LB_BG_G, LB_BG_B, 255};
static const Rgba COL_TORSO = {240, 236, 228, 255};
static const Rgba COL_LEFT = {LB_SIDE_LEFT_RGB, 255};
static const Rgba COL_RIGHT = {LB_SIDE_RIGHT_RGB, 255};
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
#define EYE_R 0.11f

/* Yoga mat and chair sizes (metres). */
#define MAT_LEN 1.83
#define MAT_WID 0.61
#define MAT_THICK 0.008
#define SEAT_W 0.46
#define SEAT_D 0.42
#define SEAT_T 0.035
#define CHAIR_BACK_H 0.42
#define CHAIR_LEG_R 0.016

/* ---- types --------------------------------------------------------------- */

typedef enum { PRIM_CAPSULE = 0, PRIM_POLY, PRIM_SOFT } PrimKind;

#define POLY_MAX 8

typedef struct {
    PrimKind kind;
    SDL_FPoint a, b; /* capsule ends */
    float r, rb;     /* capsule radius at a and at b, pixels */
    bool flat_a, flat_b; /* that end's round cap is left out: another prim covers it */
    int n;           /* polygon points */
    /* PRIM_SOFT (a soft ellipse, only as a shape's recipe): centre a,
     * radii r and rb, solid share b.x */
    SDL_FPoint pts[POLY_MAX];
    Rgba col;
} Prim;

/* A depth-sorted unit: a run of primitives drawn in order. */
typedef struct {
    int layer;   /* 0 ground (always first), 1 sorted with the figure */
    double z;    /* view depth, larger is nearer */
    int order;   /* insertion order, breaks ties deterministically */
    int p0, np;  /* its primitives */
} Item;

#define MAX_PRIMS 160
#define MAX_ITEMS 40

/* One shape of a batch (a limb chain, a shadow, the mat): its vertices
 * and indices, and what it was made from (its recipe: the primitives,
 * which decide every vertex). Recorded into a list, each shape becomes a
 * command of its own, keyed by a hash of its recipe. */
typedef struct {
    int v0, nv, i0, ni; /* vertices [v0, nv), indices [i0, ni) */
    int r0, nr;         /* recipe [r0, r0 + nr) */
    uint64_t key;
} Shape;

/* The triangles of one draw_parts call, shape by shape. */
typedef struct {
    SDL_Vertex *v;
    int nv, cap_v;
    int *idx;
    int ni, cap_i;
    Shape *shape;
    int nshape, cap_shape;
    Prim *recipe;
    int nrecipe, cap_recipe;
    bool kept; /* whole, its indices relative to each shape's first vertex */
} Batch;

struct LbFigure {
    const LmSkeleton *sk;
    LbDraw *list; /* when set: the triangles are recorded there */
    /* The batch being made (w), and for the ground and the body recorded
     * into a list, the one the last frame made (was): a shape made from
     * the same recipe as one there is copied, not made again. batch[0]
     * serves everything else, batch[1 + 2 s + k] slot s (ground, body). */
    Batch *w, *was;
    Batch batch[5];
    int last[2];
    unsigned long reused; /* shapes copied so far */
    Prim prim[MAX_PRIMS];
    int nprim;
    Item item[MAX_ITEMS];
    int nitem;
    bool oom;
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
    if (v.x < box[0]) box[0] = v.x;
    if (v.x > box[1]) box[1] = v.x;
    if (v.y < box[2]) box[2] = v.y;
    if (v.y > box[3]) box[3] = v.y;
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
    /* Props are part of the picture, so they are framed too. */
    if (vw->props & LM_PROP_MAT) {
        LmVec3 m[8];
        int n = mat_points(vw, m);
        for (int i = 0; i < n; i++)
            box_add(box, view_of(&ft, m[i]));
    }
    if (vw->props & LM_PROP_CHAIR) {
        LmVec3 b[2];
        chair_box(vw, b);
        for (int i = 0; i < 8; i++)
            box_add(box, view_of(&ft, lm_v3(b[i & 1].x, b[(i >> 1) & 1].y, b[(i >> 2) & 1].z)));
    }
    double w = box[1] - box[0] + 2 * PAD_M, h = box[3] - box[2] + 2 * PAD_M;
    if (w < 0.2) w = 0.2;
    if (h < 0.2) h = 0.2;
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

/* ---- primitive list -------------------------------------------------- */

static void item_begin(LbFigure *fg, int layer, double z)
{
    if (fg->nitem >= MAX_ITEMS) {
        fg->oom = true;
        return;
    }
    Item *it = &fg->item[fg->nitem];
    it->layer = layer;
    it->z = z;
    it->order = fg->nitem;
    it->p0 = fg->nprim;
    it->np = 0;
    fg->nitem++;
}

static Prim *prim_add(LbFigure *fg)
{
    if (fg->nprim >= MAX_PRIMS || fg->nitem == 0) {
        fg->oom = true;
        return NULL;
    }
    fg->item[fg->nitem - 1].np++;
    Prim *p = &fg->prim[fg->nprim++];
    memset(p, 0, sizeof *p);
    return p;
}

/* A capsule from a (radius ra) to b (radius rb); the two may differ. */
static Prim *add_capsule2(LbFigure *fg, SDL_FPoint a, SDL_FPoint b, float ra, float rb, Rgba c)
{
    Prim *p = prim_add(fg);
    if (!p)
        return NULL;
    p->kind = PRIM_CAPSULE;
    p->a = a;
    p->b = b;
    p->r = ra;
    p->rb = rb;
    p->col = c;
    return p;
}

static void add_capsule(LbFigure *fg, SDL_FPoint a, SDL_FPoint b, float r, Rgba c)
{
    add_capsule2(fg, a, b, r, r, c);
}

static void add_poly(LbFigure *fg, const SDL_FPoint *pts, int n, Rgba c)
{
    Prim *p = prim_add(fg);
    if (!p || n < 3 || n > POLY_MAX)
        return;
    p->kind = PRIM_POLY;
    p->n = n;
    memcpy(p->pts, pts, sizeof(SDL_FPoint) * (size_t)n);
    p->col = c;
}

/* ---- tessellation ----------------------------------------------------- */

static bool grow_to(void **p, int *cap, int need, size_t size, int first)
{
    if (need <= *cap)
        return true;
    int c = *cap ? *cap : first;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, (size_t)c * size);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

/* Room for nv more vertices and ni more indices in the batch being made. */
static bool reserve(LbFigure *fg, int nv, int ni)
{
    Batch *b = fg->w;
    return grow_to((void **)&b->v, &b->cap_v, b->nv + nv, sizeof *b->v, 1024) &&
           grow_to((void **)&b->idx, &b->cap_i, b->ni + ni, sizeof *b->idx, 4096);
}

/* A hash of a recipe's bytes (a Prim is zeroed before it is filled, so
 * its padding is too). */
static uint64_t recipe_key(const Prim *rec, int nr)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)nr;
    const unsigned char *b = (const unsigned char *)rec;
    size_t n = (size_t)nr * sizeof *rec, i = 0;
    for (; i + 8 <= n; i += 8) { /* eight bytes a step */
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 29;
    }
    for (; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    h ^= h >> 31;
    h *= 0x7fb5d329728ea185ull;
    return h ^ (h >> 27);
}

/* The shape made since the last one ends here; rec (nr primitives) is
 * what made it. */
static void shape_end(LbFigure *fg, const Prim *rec, int nr)
{
    Batch *b = fg->w;
    if (!grow_to((void **)&b->shape, &b->cap_shape, b->nshape + 1, sizeof *b->shape, 64) ||
        !grow_to((void **)&b->recipe, &b->cap_recipe, b->nrecipe + nr, sizeof *b->recipe, 128)) {
        fg->oom = true;
        return;
    }
    const Shape *before = b->nshape ? &b->shape[b->nshape - 1] : NULL;
    Shape *sh = &b->shape[b->nshape++];
    sh->v0 = before ? before->nv : 0;
    sh->i0 = before ? before->ni : 0;
    sh->nv = b->nv;
    sh->ni = b->ni;
    sh->r0 = b->nrecipe;
    sh->nr = nr;
    sh->key = recipe_key(rec, nr);
    memcpy(b->recipe + b->nrecipe, rec, sizeof *rec * (size_t)nr);
    b->nrecipe += nr;
}

/* When the last frame's batch has a shape made from the same recipe, copy
 * its vertices and indices (what making it again would give) and say so;
 * else false, and the caller makes it. */
static bool shape_reuse(LbFigure *fg, const Prim *rec, int nr)
{
    const Batch *p = fg->was;
    if (!p || !p->kept || nr <= 0 || p->nshape == 0)
        return false;
    /* shapes mostly come in the same order: look where this one was first */
    int n = p->nshape, at = fg->w->nshape;
    for (int k = 0; k < n; k++) {
        const Shape *sh = &p->shape[(at + k) % n];
        if (sh->nr != nr || memcmp(p->recipe + sh->r0, rec, sizeof *rec * (size_t)nr) != 0)
            continue;
        int nv = sh->nv - sh->v0, ni = sh->ni - sh->i0;
        if (!reserve(fg, nv, ni)) {
            fg->oom = true;
            return true;
        }
        Batch *b = fg->w;
        memcpy(b->v + b->nv, p->v + sh->v0, sizeof *b->v * (size_t)nv);
        for (int i = 0; i < ni; i++) /* kept relative to the shape's first vertex */
            b->idx[b->ni + i] = p->idx[sh->i0 + i] + b->nv;
        b->nv += nv;
        b->ni += ni;
        fg->reused++;
        return true;
    }
    return false;
}

static int vert(LbFigure *fg, float x, float y, Rgba c, Uint8 a)
{
    SDL_Vertex *v = &fg->w->v[fg->w->nv];
    v->position = (SDL_FPoint){x, y};
    v->color = (SDL_Color){c.r, c.g, c.b, a};
    v->tex_coord = (SDL_FPoint){0, 0};
    return fg->w->nv++;
}

static void tri(LbFigure *fg, int a, int b, int c)
{
    fg->w->idx[fg->w->ni++] = a;
    fg->w->idx[fg->w->ni++] = b;
    fg->w->idx[fg->w->ni++] = c;
}

/* Fill the convex polygon of n vertices base, base + stride, ... with a
 * scanline-friendly strip (lb_raster_strip). */
static void zigzag(LbFigure *fg, int base, int stride, int n)
{
    fg->w->ni += lb_raster_strip(fg->w->v, base, stride, n, fg->w->idx + fg->w->ni);
}

/* The outline at radii rad[] around centres ctr[] along directions dir[]:
 * opaque inside, a feather across the edge, except along the sides k to
 * k + 1 whose bit k is set in `bare` (ends that something else covers). */
static void emit_ring(LbFigure *fg, const SDL_FPoint *ctr, const SDL_FPoint *dir, const float *rad, int n, Rgba c,
                      uint64_t bare)
{
    float f = FEATHER_PX;
    if (!reserve(fg, 2 * n, 9 * n)) {
        fg->oom = true;
        return;
    }
    int base = fg->w->nv;
    for (int k = 0; k < n; k++) {
        float rin = rad[k] - 0.5f * f, rout = rad[k] + 0.5f * f;
        if (rin < 0.05f)
            rin = 0.05f;
        vert(fg, ctr[k].x + dir[k].x * rin, ctr[k].y + dir[k].y * rin, c, c.a);
        vert(fg, ctr[k].x + dir[k].x * rout, ctr[k].y + dir[k].y * rout, c, 0);
    }
    zigzag(fg, base, 2, n);
    for (int k = 0; k < n; k++) {
        if (k < 64 && (bare >> k & 1))
            continue;
        int k2 = (k + 1) % n;
        int i0 = base + 2 * k, o0 = i0 + 1, i1 = base + 2 * k2, o1 = i1 + 1;
        tri(fg, i0, o0, o1);
        tri(fg, i0, o1, i1);
    }
}

#define ARC_MAX 48
/* How far an arc's chords and corners may stray from the circle: about a
 * quarter of the feather's width, where no facet shows. */
#define ARC_DEV_PX 0.35f

/* Chords for an arc of `angle` radians at radius r (pixels), and in *grow
 * the factor that moves its corners out so the chords straddle the circle:
 * corners out and chord middles in by at most ARC_DEV_PX. */
static int arc_segs(float angle, float r, float *grow)
{
    float ro = r + 0.5f * FEATHER_PX;
    /* a chord of half-angle h has sagitta ro (1 - cos h); allow twice the
     * deviation, half of it taken up by the corners moving out */
    float c = 1.0f - 2.0f * ARC_DEV_PX / ro;
    float h = c > -1.0f ? acosf(c) : (float)LM_PI;
    int n = (int)ceilf(angle / (2.0f * h));
    if (n < 2) n = 2;
    if (n > ARC_MAX / 2 - 1) n = ARC_MAX / 2 - 1;
    /* the mean of corner (1) and chord middle (cos h) lands on the circle */
    float ch = cosf(0.5f * angle / (float)n);
    *grow = 2.0f / (1.0f + ch);
    return n;
}

/* The outline of two circles joined by their outer tangents: around b for
 * normals within +-alpha of the a->b direction, around a for the rest,
 * where cos(alpha) = (ra - rb) / |ab| (90 degrees when the radii match). */
static void emit_capsule(LbFigure *fg, const Prim *p)
{
    float dx = p->b.x - p->a.x, dy = p->b.y - p->a.y;
    float len = sqrtf(dx * dx + dy * dy);
    float ra = p->r, rb = p->rb;
    SDL_FPoint a = p->a, b = p->b;
    bool flat_a = p->flat_a, flat_b = p->flat_b;
    if (len <= fabsf(ra - rb) + 1e-3f) {
        flat_a = flat_b = false;
        /* One circle holds the other: draw the larger. */
        if (rb > ra) {
            a = b;
            ra = rb;
        }
        b = a;
        rb = ra;
        len = 0;
    }
    float base = len > 1e-4f ? atan2f(dy, dx) : 0.0f;
    float alpha = len > 1e-4f ? acosf(fmaxf(-1.0f, fminf(1.0f, (ra - rb) / len))) : (float)LM_PI * 0.5f;
    /* Segments: as few as keep every chord within ARC_DEV_PX of the true
     * circle (at the feather's outer edge, where it strays most): the
     * vertices sit out by half a chord's sagitta, so the outline weaves
     * that little either side of the circle instead of cutting inside it.
     * Small circles (a preview, the eyes) need few, large ones more. */
    float gb, ga;
    int sb = arc_segs(2.0f * alpha, rb, &gb), sa = arc_segs(2.0f * (float)LM_PI - 2.0f * alpha, ra, &ga);
    /* An end whose disc another capsule of the same colour draws whole is
     * cut straight across between the tangent points, without a feather:
     * the cap left out lies inside that disc. */
    uint64_t bare = 0;
    if (flat_b)
        sb = 1, gb = 1.0f, bare |= 1;
    if (flat_a)
        sa = 1, ga = 1.0f, bare |= (uint64_t)1 << (sb + 1);
    SDL_FPoint ctr[ARC_MAX], dir[ARC_MAX];
    float rad[ARC_MAX];
    int n = 0;
    /* The arcs' end corners stay on the circles (they are where the sides
     * touch them), so each side's feather is a parallelogram, which the
     * rasteriser walks as one shape (see raster.c, feathers). */
    for (int k = 0; k <= sb; k++) {
        float t = base - alpha + 2.0f * alpha * (float)k / (float)sb;
        float g = k == 0 || k == sb ? 1.0f : gb;
        ctr[n] = b;
        dir[n] = (SDL_FPoint){g * cosf(t), g * sinf(t)};
        rad[n++] = rb;
    }
    for (int k = 0; k <= sa; k++) {
        float t = base + alpha + (2.0f * (float)LM_PI - 2.0f * alpha) * (float)k / (float)sa;
        float g = k == 0 || k == sa ? 1.0f : ga;
        ctr[n] = a;
        dir[n] = (SDL_FPoint){g * cosf(t), g * sinf(t)};
        rad[n++] = ra;
    }
    emit_ring(fg, ctr, dir, rad, n, p->col, bare);
}

/* A convex polygon: each corner moves along its miter so the feather is
 * the same width on every edge. */
static void emit_poly(LbFigure *fg, const Prim *p)
{
    int n = p->n;
    /* Orientation-independent: outward normals from the signed area. */
    float area = 0;
    for (int k = 0; k < n; k++) {
        SDL_FPoint a = p->pts[k], b = p->pts[(k + 1) % n];
        area += a.x * b.y - b.x * a.y;
    }
    if (fabsf(area) < 1e-3f)
        return; /* edge-on: nothing to see */
    float s = area > 0 ? 1.0f : -1.0f;
    SDL_FPoint ctr[POLY_MAX], dir[POLY_MAX];
    for (int k = 0; k < n; k++) {
        SDL_FPoint prev = p->pts[(k + n - 1) % n], cur = p->pts[k], next = p->pts[(k + 1) % n];
        float e0x = cur.x - prev.x, e0y = cur.y - prev.y, e1x = next.x - cur.x, e1y = next.y - cur.y;
        float l0 = sqrtf(e0x * e0x + e0y * e0y), l1 = sqrtf(e1x * e1x + e1y * e1y);
        if (l0 < 1e-6f) l0 = 1e-6f;
        if (l1 < 1e-6f) l1 = 1e-6f;
        /* outward normal of an edge (x, y) for positive area is (y, -x) */
        float n0x = s * e0y / l0, n0y = -s * e0x / l0, n1x = s * e1y / l1, n1y = -s * e1x / l1;
        float mx = n0x + n1x, my = n0y + n1y;
        float ml = sqrtf(mx * mx + my * my);
        if (ml < 1e-3f) {
            mx = n1x;
            my = n1y;
        } else {
            mx /= ml;
            my /= ml;
        }
        float cosh = mx * n1x + my * n1y;
        float k_miter = cosh > 0.25f ? 1.0f / cosh : 4.0f;
        ctr[k] = cur;
        dir[k] = (SDL_FPoint){mx * k_miter, my * k_miter};
    }
    /* radius 0: the polygon edge sits in the middle of the feather. */
    const float zero[POLY_MAX] = {0};
    emit_ring(fg, ctr, dir, zero, n, p->col, 0);
}

static int item_cmp(const void *pa, const void *pb)
{
    const Item *a = pa, *b = pb;
    if (a->layer != b->layer)
        return a->layer - b->layer;
    if (a->z < b->z) return -1;
    if (a->z > b->z) return 1;
    return a->order - b->order;
}

/* Sort the queued items back to front, tessellate them and empty the queue. */
static void emit_items(LbFigure *fg)
{
    qsort(fg->item, (size_t)fg->nitem, sizeof fg->item[0], item_cmp);
    for (int i = 0; i < fg->nitem; i++) {
        const Item *it = &fg->item[i];
        const Prim *rec = &fg->prim[it->p0];
        if (!shape_reuse(fg, rec, it->np))
            for (int k = 0; k < it->np; k++) {
                if (rec[k].kind == PRIM_CAPSULE)
                    emit_capsule(fg, &rec[k]);
                else
                    emit_poly(fg, &rec[k]);
            }
        shape_end(fg, rec, it->np);
    }
    fg->nitem = fg->nprim = 0;
}

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
} Scene;

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
        add_capsule(fg, to_px(sc->ft, v), to_px(sc->ft, v), er, COL_EYE);
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
        hr = (float)(lm_head_radius_m(fg->sk) * sc->ft->scale);
    }
    item_begin(fg, 1, cnt ? z / cnt : 0);
    for (int pass = 0; pass < 2; pass++) {
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
            Prim *p = add_capsule2(fg, sc->s[a], sc->s[b], sc->rad[a] + grow, sc->rad[b] + grow, c);
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
        if (head)
            add_capsule(fg, hc, hc, hr + grow, c);
        if (fill) {
            SDL_FPoint tri_px[3] = {sc->s[fill[0]], sc->s[fill[1]], sc->s[fill[2]]};
            add_poly(fg, tri_px, 3, c);
        }
    }
    if (head)
        add_eyes(fg, sc, hr);
}

static double limb_depth(const Scene *sc, const int (*bones)[2], int nb)
{
    double z = 0;
    for (int i = 0; i < nb; i++)
        z += sc->v[bones[i][0]].z + sc->v[bones[i][1]].z;
    return z / (2 * nb);
}

/* Brightness of a limb from how far it lies behind its partner. */
static double near_far(double z_self, double z_partner)
{
    double behind = (z_partner - z_self) / FAR_DEPTH_M;
    behind = lm_clamp(behind, 0.0, 1.0);
    /* smoothstep keeps the change gentle as the figure turns */
    behind = behind * behind * (3.0 - 2.0 * behind);
    return 1.0 - FAR_DIM * behind;
}

/* A soft screen-space ellipse: opaque out to `solid` of its radii, fading
 * to transparent at the rim. Under an orthographic camera a circle on the
 * floor is exactly such an ellipse (radii r and r * sin(pitch)), whatever
 * the yaw. Emitted straight into the buffers: the ground is drawn first. */
static void emit_soft_ellipse(LbFigure *fg, SDL_FPoint c, float rx, float ry, float solid, Rgba col)
{
    if (col.a == 0)
        return; /* blends to nothing */
    /* Sides enough that the rim strays under half a pixel from the true
     * ellipse (r (1 - cos(pi / N)) ~ r pi^2 / 2N^2), where it is faded
     * out anyway: a contact shadow needs a third of what the floor pool
     * does. A multiple of four, so the outline stays symmetric. */
    float r = fmaxf(rx, ry);
    int N = (int)ceilf((float)LM_PI * sqrtf(fmaxf(r, 0.0f)) / 4.0f) * 4;
    if (N < 12) N = 12;
    if (N > 48) N = 48;
    /* Or sides enough that the alpha strays under SOFT_ALPHA_ERR levels:
     * a chord's middle falls short of the rim by 1 - cos(pi / N) of the
     * way out along its ray, the fade spans 1 - solid of it (the same
     * share on every ray, the ellipse being a stretched circle). A large
     * soft ellipse needs fewer sides this way. */
    if (solid < 1.0f)
        for (int m = 8; m < N; m += 4)
            if ((1.0f - cosf((float)LM_PI / (float)m)) * (float)col.a <= SOFT_ALPHA_ERR * (1.0f - solid)) {
                N = m;
                break;
            }
    /* The solid middle needs far fewer corners than the rim: where its
     * outline falls short of the ellipse the fade starts a little later,
     * and the alpha anywhere moves by under SOFT_ALPHA_ERR levels when the
     * shortfall s r (1 - cos(pi / M)) stays under that share of the fade's
     * width (or under half a pixel, as the rim may). M divides N, so every
     * inner corner sits on a rim one's ray; it is even, so the middle
     * stays symmetric. */
    int M = N;
    if (solid > 0.0f && solid < 1.0f) {
        float allow = fmaxf(SOFT_ALPHA_ERR * (1.0f - solid) * r / (float)col.a, 0.5f);
        for (int m = 4; m <= N; m += 2)
            if (N % m == 0 && solid * r * (1.0f - cosf((float)LM_PI / (float)m)) <= allow) {
                M = m;
                break;
            }
    }
    int step = N / M, half = (step + 1) / 2;
    if (!reserve(fg, N + M, 3 * (N + 2 * M))) {
        fg->oom = true;
        return;
    }
    int in0 = fg->w->nv;
    for (int j = 0; j < M; j++) {
        float t = 2.0f * (float)LM_PI * (float)(j * step) / N;
        vert(fg, c.x + solid * rx * cosf(t), c.y + solid * ry * sinf(t), col, col.a);
    }
    int out0 = fg->w->nv;
    for (int k = 0; k < N; k++) {
        float t = 2.0f * (float)LM_PI * (float)k / N;
        vert(fg, c.x + rx * cosf(t), c.y + ry * sinf(t), col, 0);
    }
    zigzag(fg, in0, 1, M);
    /* The fade: each rim chord to the nearer inner corner, and between
     * two inner corners the triangle to the rim corner halfway. */
    for (int j = 0; j < M; j++) {
        int i0 = in0 + j, i1 = in0 + (j + 1) % M;
        for (int k = 0; k < step; k++) {
            int o0 = out0 + j * step + k, o1 = out0 + (j * step + k + 1) % N;
            tri(fg, k < half ? i0 : i1, o0, o1);
        }
        tri(fg, i0, out0 + (j * step + half) % N, i1);
    }
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
static void order_chair_back(LbFigure *fg, const Scene *sc, const int *back, int nback, double plane_z,
                             int first_chain)
{
    /* The plane's front (+z) faces the camera when +z maps to nearer. */
    LmVec3 o = view_of(sc->ft, lm_v3(0, 0, 0)), n = view_of(sc->ft, lm_v3(0, 0, 1));
    bool camera_in_front = n.z - o.z > 0;
    double lo = 1e30, hi = -1e30; /* nearest-side chains' depths, far-side chains' depths */
    for (int i = first_chain, c = 0; i < fg->nitem && c < 6; i++, c++) {
        bool in_front = chain_world_z(sc->f, c) > plane_z;
        if (in_front == camera_in_front) {
            if (fg->item[i].z < lo) lo = fg->item[i].z;
        } else if (fg->item[i].z > hi) {
            hi = fg->item[i].z;
        }
    }
    for (int k = 0; k < nback; k++) {
        Item *it = &fg->item[back[k]];
        if (lo < 1e30 && it->z >= lo)
            it->z = lo - 1e-4 * (nback - k);
        else if (hi > -1e30 && it->z <= hi)
            it->z = hi + 1e-4 * (k + 1);
    }
}

/* Hand the batch over: a command of the list per shape, or one
 * SDL_RenderGeometry. */
static bool finish(LbFigure *fg, SDL_Renderer *r)
{
    if (fg->oom)
        return false;
    if (fg->w->ni == 0)
        return true;
    if (fg->list) {
        /* A command a shape (a limb, a shadow, the mat): one that did not
         * move since the last frame is then not hashed again by a
         * CPU-drawn window's damage tracker, and a redrawn rectangle
         * passes over the shapes far from it at a glance. A shape's
         * indices name only its own vertices (lb_draw_triangles drops a
         * triangle that would not, and then keeps no key). */
        Batch *b = fg->w;
        const Shape *last = b->nshape ? &b->shape[b->nshape - 1] : NULL;
        if (!last || last->nv != b->nv || last->ni != b->ni) { /* (never so: all is in shapes) */
            lb_draw_triangles(fg->list, b->v, b->nv, b->idx, b->ni);
            return lb_draw_ok(fg->list);
        }
        for (int k = 0; k < b->nshape; k++) {
            const Shape *sh = &b->shape[k];
            for (int i = sh->i0; i < sh->ni; i++)
                b->idx[i] -= sh->v0;
            if (sh->ni > sh->i0) /* held by reference: the batch stays as it is until this slot's next frame */
                lb_draw_triangles_ref(fg->list, b->v + sh->v0, sh->nv - sh->v0, b->idx + sh->i0, sh->ni - sh->i0,
                                      sh->key);
        }
        b->kept = true;
        return lb_draw_ok(fg->list);
    }
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    return SDL_RenderGeometry(r, NULL, fg->w->v, fg->w->nv, fg->w->idx, fg->w->ni) == 0;
}

/* A soft ellipse (emit_soft_ellipse) as a shape of its own. */
static void soft_shape(LbFigure *fg, SDL_FPoint c, float rx, float ry, float solid, Rgba col)
{
    Prim rec;
    memset(&rec, 0, sizeof rec);
    rec.kind = PRIM_SOFT;
    rec.a = c;
    rec.r = rx;
    rec.rb = ry;
    rec.b.x = solid;
    rec.col = col;
    if (!shape_reuse(fg, &rec, 1))
        emit_soft_ellipse(fg, c, rx, ry, solid, col);
    shape_end(fg, &rec, 1);
}

static bool draw_parts_in(LbFigure *fg, SDL_Renderer *r, const LmFrame *f, const LbFigureView *vw, bool ground,
                          bool body);

/* The ground (floor pool and mat), the body (contact shadows, chair and
 * figure), or both, as one batch. Recorded into a list, the ground and
 * the body each keep their last frame's batch: what did not change since
 * (a still limb, the mat) is copied from there instead of made again. */
static bool draw_parts(LbFigure *fg, SDL_Renderer *r, const LmFrame *f, const LbFigureView *vw, bool ground,
                       bool body)
{
    int slot = fg->list && ground != body ? (body ? 1 : 0) : -1;
    fg->was = NULL;
    fg->w = &fg->batch[0];
    if (slot >= 0) {
        fg->was = &fg->batch[1 + 2 * slot + fg->last[slot]];
        fg->w = &fg->batch[1 + 2 * slot + !fg->last[slot]];
    }
    Batch *b = fg->w;
    b->nv = b->ni = b->nshape = b->nrecipe = 0;
    b->kept = false;
    bool ok = draw_parts_in(fg, r, f, vw, ground, body);
    if (slot >= 0 && b->kept)
        fg->last[slot] = !fg->last[slot]; /* this batch is the one to copy from next */
    return ok;
}

static bool draw_parts_in(LbFigure *fg, SDL_Renderer *r, const LmFrame *f, const LbFigureView *vw, bool ground,
                          bool body)
{
    fg->nprim = fg->nitem = 0;
    fg->oom = false;
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
        soft_shape(fg, c, rx, ry, 0.55f, COL_FLOOR);
    }
    if (ground && (vw->props & LM_PROP_MAT)) {
        LmVec3 m[8];
        mat_points(vw, m);
        SDL_FPoint lo[4], hi[4];
        for (int k = 0; k < 4; k++) {
            lo[k] = to_px(&ft, view_of(&ft, m[k]));
            hi[k] = to_px(&ft, view_of(&ft, m[4 + k]));
        }
        item_begin(fg, 0, 0);
        add_poly(fg, lo, 4, COL_MAT_SIDE);
        add_poly(fg, hi, 4, COL_MAT_TOP);
        emit_items(fg);
    }
    if (!body)
        return finish(fg, r);
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
    /* Contact shadows: a soft dark spot under each point a body rests on
     * (head, pelvis, elbows, hands, knees, heels, toes) when it is near
     * the floor, fainter the higher it is, so feet and hands read as
     * planted. The points between them (the spine, shoulders, hips,
     * wrists, ankles) lie within a shadow's width of one of these: spots
     * of their own only darkened the same ground again, and every spot is
     * blended into each pixel it covers whenever that part is redrawn. */
    static const int casts[] = {LM_J_HEAD,      LM_J_PELVIS,  LM_J_ELBOW_L, LM_J_ELBOW_R,
                                LM_POINT_SITE(LM_S_HAND_L), LM_POINT_SITE(LM_S_HAND_R),
                                LM_J_KNEE_L,    LM_J_KNEE_R,  LM_POINT_SITE(LM_S_HEEL_L),
                                LM_POINT_SITE(LM_S_HEEL_R), LM_POINT_SITE(LM_S_TOE_TIP_L),
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
        soft_shape(fg, to_px(&ft, view_of(&ft, lm_v3(f->p[i].x, floor_y, f->p[i].z))), rx,
                   fmaxf(rx * flat, 1.0f), 0.25f, c);
    }
    /* The chair back (uprights and panel) is a plane across the seat's
     * rear edge. Sorting it by its centre's depth goes wrong when the
     * camera looks down from the front: the panel sits high, so it reads
     * nearer than a lower torso that is really in front of it. Instead it
     * is ordered by the plane: whatever lies on the camera's side of it is
     * drawn after it, whatever lies beyond it before. */
    int back_item[3], nback = 0;
    double back_plane_z = 0;
    if (vw->props & LM_PROP_CHAIR) {
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
            item_begin(fg, 1, 0.5 * (vt.z + vb.z));
            add_capsule(fg, to_px(&ft, vb), to_px(&ft, vt), leg_r, COL_CHAIR_DARK);
        }
        LmVec3 seat[8] = {
            {x0, y0, z0}, {x1, y0, z0}, {x1, y0, z1}, {x0, y0, z1},
            {x0, y1, z0}, {x1, y1, z0}, {x1, y1, z1}, {x0, y1, z1},
        };
        SDL_FPoint lo[4], hi[4];
        for (int k = 0; k < 4; k++) {
            lo[k] = to_px(&ft, view_of(&ft, seat[k]));
            hi[k] = to_px(&ft, view_of(&ft, seat[4 + k]));
        }
        item_begin(fg, 0, 2);
        add_poly(fg, lo, 4, COL_CHAIR_DARK);
        add_poly(fg, hi, 4, COL_CHAIR);
        /* Back: two uprights and a panel at the rear edge. */
        double by = y1 + CHAIR_BACK_H;
        LmVec3 bp[4] = {{x0 + 0.03, y1 + 0.16, z0 + 0.02}, {x1 - 0.03, y1 + 0.16, z0 + 0.02},
                        {x1 - 0.03, by - 0.02, z0 + 0.02}, {x0 + 0.03, by - 0.02, z0 + 0.02}};
        for (int k = 0; k < 2; k++) {
            double x = k ? x1 - 0.03 : x0 + 0.03;
            LmVec3 a = lm_v3(x, y1, z0 + 0.02), b = lm_v3(x, by, z0 + 0.02);
            LmVec3 va = view_of(&ft, a), vb = view_of(&ft, b);
            back_item[nback++] = fg->nitem;
            item_begin(fg, 1, 0.5 * (va.z + vb.z));
            add_capsule(fg, to_px(&ft, va), to_px(&ft, vb), leg_r, COL_CHAIR_DARK);
        }
        back_plane_z = z0 + 0.02;
        SDL_FPoint pp[4];
        double pz = 0;
        for (int k = 0; k < 4; k++) {
            LmVec3 v = view_of(&ft, bp[k]);
            pz += v.z / 4;
            pp[k] = to_px(&ft, v);
        }
        back_item[nback++] = fg->nitem;
        item_begin(fg, 1, pz);
        add_poly(fg, pp, 4, COL_CHAIR);
    }
    int first_chain = fg->nitem;

    /* The figure. */
    static const int torso[][2] = {
        {LM_J_PELVIS, LM_J_LUMBAR}, {LM_J_LUMBAR, LM_J_THORAX}, {LM_J_THORAX, LM_J_NECK},
        {LM_J_NECK, LM_J_SHOULDER_L}, {LM_J_NECK, LM_J_SHOULDER_R},
        {LM_J_PELVIS, LM_J_HIP_L}, {LM_J_PELVIS, LM_J_HIP_R},
    };
    static const int neck[][2] = {{LM_J_NECK, LM_J_HEAD}};
    static const int arm_l[][2] = {{LM_J_SHOULDER_L, LM_J_ELBOW_L}, {LM_J_ELBOW_L, LM_J_WRIST_L},
                                   {LM_J_WRIST_L, LM_POINT_SITE(LM_S_HAND_L)}};
    static const int arm_r[][2] = {{LM_J_SHOULDER_R, LM_J_ELBOW_R}, {LM_J_ELBOW_R, LM_J_WRIST_R},
                                   {LM_J_WRIST_R, LM_POINT_SITE(LM_S_HAND_R)}};
    static const int leg_l[][2] = {{LM_J_HIP_L, LM_J_KNEE_L}, {LM_J_KNEE_L, LM_J_ANKLE_L},
                                   {LM_J_ANKLE_L, LM_POINT_SITE(LM_S_HEEL_L)}, {LM_J_ANKLE_L, LM_J_TOE_L},
                                   {LM_POINT_SITE(LM_S_HEEL_L), LM_J_TOE_L},
                                   {LM_J_TOE_L, LM_POINT_SITE(LM_S_TOE_TIP_L)}};
    static const int leg_r[][2] = {{LM_J_HIP_R, LM_J_KNEE_R}, {LM_J_KNEE_R, LM_J_ANKLE_R},
                                   {LM_J_ANKLE_R, LM_POINT_SITE(LM_S_HEEL_R)}, {LM_J_ANKLE_R, LM_J_TOE_R},
                                   {LM_POINT_SITE(LM_S_HEEL_R), LM_J_TOE_R},
                                   {LM_J_TOE_R, LM_POINT_SITE(LM_S_TOE_TIP_R)}};
#define NB(a) ((int)(sizeof(a) / sizeof((a)[0])))
    static const int foot_l[3] = {LM_J_ANKLE_L, LM_POINT_SITE(LM_S_HEEL_L), LM_J_TOE_L};
    static const int foot_r[3] = {LM_J_ANKLE_R, LM_POINT_SITE(LM_S_HEEL_R), LM_J_TOE_R};
    add_chain(fg, &sc, torso, NB(torso), COL_TORSO, false, NULL);
    add_chain(fg, &sc, neck, NB(neck), COL_TORSO, true, NULL);
    double za_l = limb_depth(&sc, arm_l, NB(arm_l)), za_r = limb_depth(&sc, arm_r, NB(arm_r));
    double zl_l = limb_depth(&sc, leg_l, NB(leg_l)), zl_r = limb_depth(&sc, leg_r, NB(leg_r));
    add_chain(fg, &sc, arm_l, NB(arm_l), shade(COL_LEFT, near_far(za_l, za_r)), false, NULL);
    add_chain(fg, &sc, arm_r, NB(arm_r), shade(COL_RIGHT, near_far(za_r, za_l)), false, NULL);
    add_chain(fg, &sc, leg_l, NB(leg_l), shade(COL_LEFT, near_far(zl_l, zl_r)), false, foot_l);
    add_chain(fg, &sc, leg_r, NB(leg_r), shade(COL_RIGHT, near_far(zl_r, zl_l)), false, foot_r);
#undef NB
    if (nback > 0 && !fg->oom)
        order_chair_back(fg, &sc, back_item, nback, back_plane_z, first_chain);

    /* Back to front, then one batch. */
    emit_items(fg);
    return finish(fg, r);
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
        fg->w = &fg->batch[0];
    }
    return fg;
}

void lb_figure_destroy(LbFigure *fg)
{
    if (!fg)
        return;
    for (int i = 0; i < 5; i++) {
        free(fg->batch[i].v);
        free(fg->batch[i].idx);
        free(fg->batch[i].shape);
        free(fg->batch[i].recipe);
    }
    free(fg);
}

void lb_figure_set_list(LbFigure *fg, LbDraw *list) { fg->list = list; }

unsigned long lb_figure_shapes_reused(const LbFigure *fg) { return fg ? fg->reused : 0; }
