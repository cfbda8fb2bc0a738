/* overlay: layout and drawing of the text and badges over the figure.
 *
 * Sections: palette, layout (pure), side words, geometry (feathered fans and
 * strips), text fitting (memoised), elements, cards, module functions. */
#include "overlay.h"

#include "figure.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "raster.h"

/* ---- palette ------------------------------------------------------------
 * Okabe-Ito colours, safe for the common colour-vision deficiencies; meaning
 * is always carried by words too, never by colour alone. */
static const SDL_Color OV_WHITE = {245, 246, 248, 255};
static const SDL_Color OV_SOFT = {196, 204, 216, 255};
static const SDL_Color OV_BLACK = {0, 0, 0, 255};
/* The side colours are the figure's, so a badge names the limbs it matches. */
static const SDL_Color OV_SKY = {LB_SIDE_LEFT_RGB, 255};
static const SDL_Color OV_ORANGE = {LB_SIDE_RIGHT_RGB, 255};
static const SDL_Color OV_YELLOW = {240, 228, 66, 255};
static const SDL_Color OV_PANEL = {6, 9, 16, 188};
static const SDL_Color OV_CARD = {10, 14, 22, 250};
/* Tracks are opaque: overlapping translucent triangles would show seams. */
static const SDL_Color OV_TRACK = {58, 64, 76, 255};

#define OV_WRAP_MEMO 32
#define OV_MAX_LINES 4
#define OV_MIN_PX 10
#define OV_PX(px) ((px) > OV_MIN_PX ? (px) : OV_MIN_PX)
#define OV_FILL_STEPS 4.0f /* the progress fill's steps per pixel */

/* ---- types ---------------------------------------------------------------- */

/* A string broken into lines at a pixel size that fits a box. */
typedef struct {
    int px;
    int n;
    const char *line[OV_MAX_LINES];
    int width; /* widest line */
    bool cut;  /* did not fit even at the smallest size: ends with an ellipsis */
} OvFit;

typedef struct {
    char *key;  /* the source string */
    char *buf;  /* lines, '\0'-separated */
    uint32_t hash;
    LbWeight wt;
    int max_px, min_px, box_w, max_lines;
    OvFit fit;
    uint64_t used;
} OvMemo;

/* Elements that stay the same for many frames (a panel and its words),
 * recorded once into a list of their own and appended to each frame while
 * they stay so: see ov_part_begin. */
enum { OV_PART_TITLE, OV_PART_CAPTION, OV_PART_SIDE, OV_PART_REPS, OV_PART_NEXT, OV_PART_PROGRESS,
       OV_PART_FILL, OV_PART_PAUSED, OV_PART_SAFETY, OV_PART_HELP, OV_PARTS };

/* The progress bar's words (step of steps; level, mirrored, sound off,
 * time left) and their widths, kept while what they say stays the same:
 * they change about once a second, and were formatted and looked up in
 * the text cache every frame. */
typedef struct {
    bool valid;
    int item, n_items, px;
    int secs; /* the clock's seconds; -1 with no bar */
    int speed_pc; /* the speed in hundredths; 100 = normal */
    bool mirror, muted;
    char level[48];
    char left[48], right[160];
    int lw, rw;
} OvWords;

typedef struct {
    LbDraw *list;
    uint64_t key;      /* what it shows, at what size, for which renderer */
    unsigned long gen; /* the text cache's generation its textures are from */
    bool valid;
} OvPart;

struct LbOverlay {
    LbText *text;
    LbOverlayLayoutIn layout_in;
    SDL_Vertex *vtx;
    int n_vtx, cap_vtx;
    int *idx;
    int n_idx, cap_idx;
    bool geo_ok;
    LbDraw *list; /* when set: everything is recorded there (lb_overlay_set_list) */
    OvMemo memo[OV_WRAP_MEMO];
    uint64_t tick;
    /* Sizes chosen for the last safety and help cards, so an unchanged card
     * is not measured again every frame. */
    uint32_t card_key, help_key;
    int card_px, help_px, help_key_w;
    OvPart part[OV_PARTS];
    bool parts_off;     /* tests: draw every element every frame */
    int w, h;           /* of the frame being drawn */
    LbDraw *frame_list; /* while a part records into its own list: the frame's */
    int open_part;
    int reused;         /* parts appended this frame */
    unsigned long parts_reused;
    OvWords words;      /* the progress bar's */
};

/* ---- layout --------------------------------------------------------------- */

const char *lb_element_name(LbElement e)
{
    static const char *names[LB_EL_COUNT] = {"title", "caption", "countdown", "side",  "reps", "breath",
                                             "next",  "progress", "paused",   "toast", "stage"};
    return (e >= 0 && e < LB_EL_COUNT) ? names[e] : "?";
}

static int ov_round(double v) { return (int)floor(v + 0.5); }

static SDL_Rect ov_rect(int x, int y, int w, int h)
{
    SDL_Rect r = {x, y, w > 0 ? w : 0, h > 0 ? h : 0};
    return r;
}

/* Clamp, with NaN taken as lo. */
static float ov_clampf(float v, float lo, float hi) { return !(v >= lo) ? lo : v > hi ? hi : v; }

/* The figure part of the next-up box: its right side, the text on the left. */
static SDL_Rect ov_next_figure(SDL_Rect b, int gap)
{
    int fw = b.w * 9 / 20;
    if (fw > b.h * 2) /* a wide box: a figure lying down is about 2:1 */
        fw = b.h * 2;
    return ov_rect(b.x + b.w - fw - gap / 2, b.y + gap / 2, fw, b.h - gap);
}

void lb_overlay_layout(int w, int h, const LbOverlayLayoutIn *in, LbLayout *out)
{
    memset(out, 0, sizeof *out);
    if (w < 1)
        w = 1;
    if (h < 1)
        h = 1;
    float margin = (in && in->safe_margin > 0.0f) ? ov_clampf(in->safe_margin, 0.0f, 0.2f) : 0.05f;
    float scale = (in && in->text_scale > 0.0f) ? ov_clampf(in->text_scale, 0.85f, 1.2f) : 1.0f;
    int sx = ov_round(w * margin), sy = ov_round(h * margin);
    int sw = w - 2 * sx, sh = h - 2 * sy;
    out->safe = ov_rect(sx, sy, sw, sh);
    /* The unit follows the height, but never so large that a narrow output
     * (portrait) runs out of width: 0.75 w is the height of a 4:3 screen. */
    double U = fmin((double)h, 0.75 * w) * scale;
    int G = ov_round(fmax(2.0, 0.012 * U));
    int T = ov_round(0.085 * U), P = ov_round(0.04 * U), cap = ov_round(0.15 * U);
    out->unit = ov_round(U);
    out->gap = G;
    SDL_Rect *el = out->el;

    if (w >= h) {
        out->portrait = false;
        int colw = ov_round(0.42 * U);
        if (colw < ov_round(0.24 * sw))
            colw = ov_round(0.24 * sw);
        if (colw > ov_round(0.34 * sw))
            colw = ov_round(0.34 * sw);
        int cx = sx + sw - colw;
        /* Wide enough for a short note ("Volume 100% (no sound device)") at a
         * size read across a room; the title keeps the rest of the row. */
        int toastw = ov_round(fmin(0.5 * U, 0.34 * sw));
        el[LB_EL_PAUSED] = ov_rect(cx, sy, colw, T);
        el[LB_EL_TOAST] = ov_rect(cx - G - toastw, sy, toastw, T);
        el[LB_EL_TITLE] = ov_rect(sx, sy, cx - 2 * G - toastw - sx, T);
        el[LB_EL_PROGRESS] = ov_rect(sx, sy + sh - P, sw, P);
        int leftw = cx - G - sx;
        el[LB_EL_CAPTION] = ov_rect(sx, el[LB_EL_PROGRESS].y - G - cap, leftw, cap);
        int top = sy + T + G;
        el[LB_EL_STAGE] = ov_rect(sx, top, leftw, el[LB_EL_CAPTION].y - G - top);

        /* The column: countdown, side, reps, breath, next up (which takes
         * what is left). Shrunk evenly when the output is very wide. */
        static const double frac[5] = {0.23, 0.095, 0.075, 0.10, 0.17};
        static const LbElement ids[5] = {LB_EL_COUNTDOWN, LB_EL_SIDE, LB_EL_REPS, LB_EL_BREATH, LB_EL_NEXT};
        int avail = el[LB_EL_PROGRESS].y - G - top;
        double sum = 0;
        for (int i = 0; i < 5; i++)
            sum += frac[i] * U;
        double k = (avail - 4 * G) < sum ? (avail - 4 * G) / sum : 1.0;
        if (k < 0)
            k = 0;
        int y = top;
        for (int i = 0; i < 5; i++) {
            int hh = i == 4 ? el[LB_EL_PROGRESS].y - G - y : ov_round(frac[i] * U * k);
            if (i == 0 && hh < (h + 7) / 8)
                hh = (h + 7) / 8;
            el[ids[i]] = ov_rect(cx, y, colw, hh);
            y += hh + G;
        }
    } else {
        out->portrait = true;
        int pw = ov_round(0.30 * U);
        el[LB_EL_PAUSED] = ov_rect(sx + sw - pw, sy, pw, T);
        el[LB_EL_TITLE] = ov_rect(sx, sy, sw - pw - G, T);
        int th = ov_round(0.07 * U), tw = ov_round(0.8 * sw);
        el[LB_EL_TOAST] = ov_rect(sx + (sw - tw) / 2, sy + T + G, tw, th);
        el[LB_EL_PROGRESS] = ov_rect(sx, sy + sh - P, sw, P);
        int nh = ov_round(0.18 * U);
        el[LB_EL_NEXT] = ov_rect(sx, el[LB_EL_PROGRESS].y - G - nh, sw, nh);
        int ih = ov_round(0.30 * U);
        if (ih < (h + 7) / 8) /* the countdown is never under an eighth of the height */
            ih = (h + 7) / 8;
        int iy = el[LB_EL_NEXT].y - G - ih;
        int cw = ih < sw * 9 / 20 ? ih : sw * 9 / 20;
        el[LB_EL_COUNTDOWN] = ov_rect(sx, iy, cw, ih);
        int rx = sx + cw + G, rw = sw - cw - G;
        int h_side = ov_round(0.10 * U), h_reps = ov_round(0.08 * U);
        el[LB_EL_SIDE] = ov_rect(rx, iy, rw, h_side);
        el[LB_EL_REPS] = ov_rect(rx, iy + h_side + G, rw, h_reps);
        int by = iy + h_side + G + h_reps + G;
        el[LB_EL_BREATH] = ov_rect(rx, by, rw, iy + ih - by);
        el[LB_EL_CAPTION] = ov_rect(sx, iy - G - cap, sw, cap);
        int top = el[LB_EL_TOAST].y + th + G;
        el[LB_EL_STAGE] = ov_rect(sx, top, sw, el[LB_EL_CAPTION].y - G - top);
    }
    out->next_figure = ov_next_figure(el[LB_EL_NEXT], G);
}

/* ---- side words ----------------------------------------------------------- */

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
static LbScreenSide ov_worked_side(int side, LbScreenSide left_at, bool mirror)
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

/* ---- geometry -------------------------------------------------------------- */

static bool ov_reserve(LbOverlay *o, int nv, int ni)
{
    if (o->n_vtx + nv > o->cap_vtx) {
        int cap = o->cap_vtx ? o->cap_vtx : 1024;
        while (cap < o->n_vtx + nv)
            cap *= 2;
        SDL_Vertex *v = realloc(o->vtx, (size_t)cap * sizeof *v);
        if (!v)
            return false;
        o->vtx = v;
        o->cap_vtx = cap;
    }
    if (o->n_idx + ni > o->cap_idx) {
        int cap = o->cap_idx ? o->cap_idx : 2048;
        while (cap < o->n_idx + ni)
            cap *= 2;
        int *ix = realloc(o->idx, (size_t)cap * sizeof *ix);
        if (!ix)
            return false;
        o->idx = ix;
        o->cap_idx = cap;
    }
    return true;
}

static int ov_v(LbOverlay *o, float x, float y, SDL_Color c, float a)
{
    SDL_Vertex *v = &o->vtx[o->n_vtx];
    v->position.x = x;
    v->position.y = y;
    v->color = c;
    v->color.a = (Uint8)ov_round(c.a * ov_clampf(a, 0.0f, 1.0f));
    v->tex_coord.x = v->tex_coord.y = 0;
    return o->n_vtx++;
}

static void ov_tri(LbOverlay *o, int a, int b, int c)
{
    o->idx[o->n_idx++] = a;
    o->idx[o->n_idx++] = b;
    o->idx[o->n_idx++] = c;
}

/* Submit what was queued since the last flush (shapes before text). */
static void ov_flush(LbOverlay *o, SDL_Renderer *r)
{
    if (o->n_idx > 0) {
        bool ok;
        if (o->list) {
            lb_draw_triangles(o->list, o->vtx, o->n_vtx, o->idx, o->n_idx);
            ok = lb_draw_ok(o->list);
        } else {
            ok = SDL_RenderGeometry(r, NULL, o->vtx, o->n_vtx, o->idx, o->n_idx) == 0;
        }
        if (!ok)
            o->geo_ok = false;
    }
    o->n_vtx = o->n_idx = 0;
}

void lb_overlay_set_list(LbOverlay *o, LbDraw *list)
{
    if (o)
        o->list = list;
}


static uint64_t ov_mix_str(uint64_t h, const char *s) { return lb_hash_combine(h, s ? lb_hash64(s) : 0x5bd1e995u); }


/* Part id, showing what `key` says: true when it was recorded on an
 * earlier frame with the same key, size and renderer and every texture it
 * names is still alive; its commands are then appended and the caller
 * draws nothing. Otherwise false: the caller draws the element, which is
 * recorded into the part's own list (or straight into the frame, with no
 * list), and calls ov_part_end. Drawing through a renderer, nothing is
 * kept. */
static bool ov_part_begin(LbOverlay *o, SDL_Renderer *r, int id, uint64_t key)
{
    if (!o->list || o->frame_list || o->parts_off)
        return false;
    OvPart *p = &o->part[id];
    key = lb_hash_combine(lb_hash_combine(lb_hash_combine(key, (uint64_t)id), (uint64_t)(uintptr_t)r), (uint64_t)o->w << 32 | (uint32_t)o->h);
    ov_flush(o, r); /* what came before lands before it */
    if (p->valid && p->key == key && p->gen == lb_text_generation(o->text)) {
        lb_draw_append(o->list, p->list);
        o->reused++;
        o->parts_reused++;
        return true;
    }
    p->valid = false;
    if (!p->list && !(p->list = lb_draw_create()))
        return false; /* drawn straight into the frame, then */
    lb_draw_begin(p->list, o->w, o->h);
    p->key = key;
    o->frame_list = o->list;
    o->list = p->list;
    o->open_part = id;
    return false;
}

/* The end of an element ov_part_begin had drawn: its list is sealed (see
 * lb_draw_seal) and appended to the frame. */
static void ov_part_end(LbOverlay *o, SDL_Renderer *r)
{
    if (!o->frame_list)
        return;
    ov_flush(o, r);
    OvPart *p = &o->part[o->open_part];
    lb_draw_seal(p->list);
    o->list = o->frame_list;
    o->frame_list = NULL;
    lb_draw_append(o->list, p->list);
    p->valid = lb_draw_ok(p->list) && o->geo_ok;
    p->gen = lb_text_generation(o->text);
}

void lb_overlay_use_parts(LbOverlay *o, bool on)
{
    if (!o)
        return;
    o->parts_off = !on;
    for (int i = 0; i < OV_PARTS; i++)
        o->part[i].valid = false;
}

unsigned long lb_overlay_parts_reused(const LbOverlay *o) { return o ? o->parts_reused : 0; }

/* Unit outward normal at point i of a closed convex outline around (cx, cy):
 * the mean of the two edge normals, pointing away from the centre whichever
 * way the points run. */
static SDL_FPoint ov_normal(const SDL_FPoint *pts, int n, int i, float cx, float cy)
{
    const SDL_FPoint *a = &pts[(i + n - 1) % n], *p = &pts[i], *b = &pts[(i + 1) % n];
    float n1x = p->y - a->y, n1y = -(p->x - a->x);
    float n2x = b->y - p->y, n2y = -(b->x - p->x);
    float l1 = sqrtf(n1x * n1x + n1y * n1y), l2 = sqrtf(n2x * n2x + n2y * n2y);
    float nx = (l1 > 0 ? n1x / l1 : 0) + (l2 > 0 ? n2x / l2 : 0);
    float ny = (l1 > 0 ? n1y / l1 : 0) + (l2 > 0 ? n2y / l2 : 0);
    float ln = sqrtf(nx * nx + ny * ny);
    if (ln > 0) {
        nx /= ln;
        ny /= ln;
    }
    if (nx * (p->x - cx) + ny * (p->y - cy) < 0) {
        nx = -nx;
        ny = -ny;
    }
    return (SDL_FPoint){nx, ny};
}

static SDL_FPoint ov_centroid(const SDL_FPoint *pts, int n)
{
    float cx = 0, cy = 0;
    for (int i = 0; i < n; i++) {
        cx += pts[i].x;
        cy += pts[i].y;
    }
    return (SDL_FPoint){cx / n, cy / n};
}

/* Fill the convex polygon of n vertices base, base + stride, ... with a
 * scanline-friendly strip (lb_raster_strip). */
static void ov_strip(LbOverlay *o, int base, int stride, int n)
{
    o->n_idx += lb_raster_strip(o->vtx, base, stride, n, o->idx + o->n_idx);
}

/* A convex polygon with a one-pixel feathered rim (anti-aliasing without
 * multisampling). pts are in order around the shape. */
static void ov_convex(LbOverlay *o, const SDL_FPoint *pts, int n, SDL_Color c, float alpha)
{
    if (n < 3 || !ov_reserve(o, 2 * n, 9 * n))
        return;
    SDL_FPoint m = ov_centroid(pts, n);
    int base = o->n_vtx;
    for (int i = 0; i < n; i++) {
        SDL_FPoint nv = ov_normal(pts, n, i, m.x, m.y);
        ov_v(o, pts[i].x - nv.x * 0.5f, pts[i].y - nv.y * 0.5f, c, alpha);
        ov_v(o, pts[i].x + nv.x * 0.5f, pts[i].y + nv.y * 0.5f, c, 0.0f);
    }
    ov_strip(o, base, 2, n);
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        int pi = base + 2 * i, qi = pi + 1, pj = base + 2 * j, qj = pj + 1;
        ov_tri(o, pi, qi, qj);
        ov_tri(o, pi, qj, pj);
    }
}

/* The inside band, `thick` pixels wide, of a convex outline: a frame that
 * leaves what is inside it untouched. */
static void ov_outline(LbOverlay *o, const SDL_FPoint *pts, int n, float thick, SDL_Color c, float alpha)
{
    if (n < 3 || !ov_reserve(o, 4 * n, 18 * n))
        return;
    SDL_FPoint m = ov_centroid(pts, n);
    const float off[4] = {-thick - 0.5f, -thick + 0.5f, -0.5f, 0.5f};
    const float aa[4] = {0.0f, 1.0f, 1.0f, 0.0f};
    int base = o->n_vtx;
    for (int i = 0; i < n; i++) {
        SDL_FPoint nv = ov_normal(pts, n, i, m.x, m.y);
        for (int k = 0; k < 4; k++)
            ov_v(o, pts[i].x + nv.x * off[k], pts[i].y + nv.y * off[k], c, alpha * aa[k]);
    }
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        for (int k = 0; k < 3; k++) {
            int a = base + 4 * i + k, b = a + 1, d = base + 4 * j + k, e = d + 1;
            ov_tri(o, a, b, e);
            ov_tri(o, a, e, d);
        }
    }
}

enum { OV_CORNER_SEG = 8, OV_ROUNDED_PTS = 4 * (OV_CORNER_SEG + 1) };

/* Chords for an arc of `angle` radians at radius r (pixels): as few as keep
 * each within 0.2 px of the circle at the outer edge of its feather, from
 * lo to hi. A small circle needs a few, a large one more. */
static int ov_segs(float angle, float r, int lo, int hi)
{
    float ro = r + 0.5f;
    float c = ro > 0.2f ? 1.0f - 0.2f / ro : -1.0f;
    float step = 2.0f * acosf(c);
    int n = step > 0.0f ? (int)ceilf(angle / step) : hi;
    return n < lo ? lo : n > hi ? hi : n;
}

/* The outline of a rounded rectangle; rad[] are the corner radii from the
 * top right, counter-clockwise on screen (top right, top left, bottom left,
 * bottom right). */
static int ov_rounded_points(SDL_FRect b, const float rad_in[4], SDL_FPoint *pts)
{
    float m = fminf(b.w, b.h) * 0.5f;
    float rad[4];
    for (int k = 0; k < 4; k++)
        rad[k] = rad_in[k] > m ? m : rad_in[k] < 0 ? 0 : rad_in[k];
    const float cxs[4] = {b.x + b.w - rad[0], b.x + rad[1], b.x + rad[2], b.x + b.w - rad[3]};
    const float cys[4] = {b.y + rad[0], b.y + rad[1], b.y + b.h - rad[2], b.y + b.h - rad[3]};
    int n = 0;
    for (int k = 0; k < 4; k++) {
        /* a square corner is one point */
        int segs = rad[k] > 0 ? ov_segs((float)LM_PI * 0.5f, rad[k], 1, OV_CORNER_SEG) : 0;
        for (int s = 0; s <= segs; s++) {
            /* k=0: top right, angles 0..90 measured upward (screen y down). */
            float a = (float)(LM_PI * 0.5 * (k + (segs ? (double)s / segs : 0.5)));
            pts[n].x = cxs[k] + rad[k] * cosf(a);
            pts[n].y = cys[k] - rad[k] * sinf(a);
            n++;
        }
    }
    return n;
}

static void ov_rounded(LbOverlay *o, SDL_FRect b, float rad, SDL_Color c, float alpha)
{
    SDL_FPoint pts[OV_ROUNDED_PTS];
    const float r4[4] = {rad, rad, rad, rad};
    ov_convex(o, pts, ov_rounded_points(b, r4, pts), c, alpha);
}

static void ov_rounded_frame(LbOverlay *o, SDL_FRect b, float rad, float thick, SDL_Color c, float alpha)
{
    SDL_FPoint pts[OV_ROUNDED_PTS];
    const float r4[4] = {rad, rad, rad, rad};
    ov_outline(o, pts, ov_rounded_points(b, r4, pts), thick, c, alpha);
}

static void ov_panel(LbOverlay *o, SDL_Rect b, int rad, float alpha)
{
    SDL_FRect f = {(float)b.x, (float)b.y, (float)b.w, (float)b.h};
    ov_rounded(o, f, (float)rad, OV_PANEL, alpha);
}

static void ov_circle(LbOverlay *o, float cx, float cy, float rad, SDL_Color c, float alpha)
{
    enum { NMAX = 72 };
    SDL_FPoint pts[NMAX];
    int N = ov_segs(2.0f * (float)LM_PI, rad, 8, NMAX);
    for (int i = 0; i < N; i++) {
        double a = 2.0 * LM_PI * i / N;
        pts[i].x = cx + rad * (float)cos(a);
        pts[i].y = cy + rad * (float)sin(a);
    }
    ov_convex(o, pts, N, c, alpha);
}

/* An arc of a ring between radii r0 < r1, from 12 o'clock clockwise over
 * `turn` of a full circle (0..1), with feathered inner and outer rims; in
 * a part: 1 its whole segments only, 2 the cut one at its end only, 0
 * both. */
static void ov_arc_part(LbOverlay *o, float cx, float cy, float r0, float r1, float turn, SDL_Color c, float alpha,
                        int part)
{
    turn = ov_clampf(turn, 0.0f, 1.0f);
    if (turn <= 0.0f || r1 <= r0)
        return;
    /* Segments at fixed angles (as many as the whole circle needs), the
     * last one cut where the arc ends: as a countdown ring empties, only
     * its end moves, so a frame redraws only the pixels around the end. */
    int full = ov_segs(2.0f * (float)LM_PI, r1, 16, 720);
    int whole = (int)floor((double)turn * full + 1e-6); /* segments that end on a fixed angle */
    if (whole > full)
        whole = full;
    int n = whole + ((double)turn * full - whole > 1e-6 ? 1 : 0);
    int i0 = part == 2 ? whole : 0;
    if (part == 1)
        n = whole;
    if (n - i0 < 1)
        return;
    if (!ov_reserve(o, 4 * (n - i0 + 1), 18 * (n - i0)))
        return;
    const float rr[4] = {r0 - 0.5f, r0 + 0.5f, r1 - 0.5f, r1 + 0.5f};
    const float aa[4] = {0.0f, 1.0f, 1.0f, 0.0f};
    int base = o->n_vtx - 4 * i0; /* vertex i of the arc is base + 4 i */
    for (int i = i0; i <= n; i++) {
        double step = i <= whole ? (double)i : (double)turn * full;
        double a = -LM_PI * 0.5 + 2.0 * LM_PI * step / full;
        float ca = (float)cos(a), sa = (float)sin(a);
        for (int k = 0; k < 4; k++)
            ov_v(o, cx + rr[k] * ca, cy + rr[k] * sa, c, alpha * aa[k]);
    }
    for (int i = i0; i < n; i++)
        for (int k = 0; k < 3; k++) {
            int a = base + 4 * i + k, b = a + 1, d = a + 4, e = b + 4;
            ov_tri(o, a, b, e);
            ov_tri(o, a, e, d);
        }
}

static void ov_arc(LbOverlay *o, float cx, float cy, float r0, float r1, float turn, SDL_Color c, float alpha)
{
    ov_arc_part(o, cx, cy, r0, r1, turn, c, alpha, 0);
}

static void ov_quad(LbOverlay *o, float x, float y, float w, float h, SDL_Color c, float alpha)
{
    SDL_FPoint p[4] = {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
    ov_convex(o, p, 4, c, alpha);
}

/* ---- text ------------------------------------------------------------------ */

enum { OV_LEFT = 0, OV_CENTRE = 1, OV_RIGHT = 2 };

/* Draw s with its box anchored at (x, y): halign picks the x anchor, the text
 * is vertically centred on y. scale > 1 enlarges it about the anchor. */
static int ov_text(LbOverlay *o, SDL_Renderer *r, const char *s, int px, LbWeight wt, SDL_Color c, float x, float y,
                   int halign, float alpha, float scale)
{
    int tw, th;
    SDL_Texture *tex = lb_text_get(o->text, r, s, px, wt, c, &tw, &th);
    if (!tex)
        return 0;
    float w = tw * scale, h = th * scale;
    float left = halign == OV_LEFT ? x : halign == OV_CENTRE ? x - w * 0.5f : x - w;
    SDL_FRect dst = {left, y - h * 0.5f, w, h};
    if (scale == 1.0f) { /* keep unscaled text on whole pixels: crisp */
        dst.x = floorf(dst.x + 0.5f);
        dst.y = floorf(dst.y + 0.5f);
    }
    Uint8 a = (Uint8)ov_round(255.0 * ov_clampf(alpha, 0.0f, 1.0f));
    if (o->list) {
        /* what the texture shows: the string at its size, weight, colour */
        uint64_t key = lb_hash64(s) ^ ((uint64_t)(unsigned)px << 8 | (uint64_t)wt) * 0xff51afd7ed558ccdull;
        key ^= ((uint64_t)c.r << 24 | (uint64_t)c.g << 16 | (uint64_t)c.b << 8 | c.a) * 0x9e3779b97f4a7c15ull;
        lb_draw_copy(o->list, tex, key, &dst, a);
        return tw;
    }
    SDL_SetTextureAlphaMod(tex, a);
    if (SDL_RenderCopyF(r, tex, NULL, &dst) != 0) {
        o->geo_ok = false;
    }
    return tw;
}


static int ov_width(LbOverlay *o, const char *s, int px, LbWeight wt)
{
    int w = 0;
    lb_text_measure(o->text, s, px, wt, &w, NULL);
    return w;
}

/* Greedy word wrap of src at px into box_w; writes lines into buf (a copy
 * with '\0' at the breaks). Returns the line count, or max_lines + 1 when it
 * needs more lines or a single word is wider than the box. */
static int ov_wrap_at(LbOverlay *o, const char *src, char *buf, int px, LbWeight wt, int box_w, int max_lines,
                      OvFit *fit)
{
    size_t len = strlen(src);
    memcpy(buf, src, len + 1);
    char *line = buf;
    while (*line == ' ')
        line++;
    fit->n = 0;
    fit->width = 0;
    fit->px = px;
    fit->cut = false;
    while (*line) {
        if (fit->n >= max_lines)
            return max_lines + 1;
        /* Extend the line word by word while it fits. */
        char *end = line, *best = NULL;
        for (;;) {
            char *sp = end;
            while (*sp && *sp != ' ')
                sp++;
            char save = *sp;
            *sp = '\0';
            int w = ov_width(o, line, px, wt);
            *sp = save;
            if (w > box_w) {
                if (!best) { /* one word wider than the box */
                    *sp = '\0';
                    fit->line[fit->n++] = line;
                    if (w > fit->width)
                        fit->width = w;
                    return max_lines + 1;
                }
                break;
            }
            best = sp;
            if (w > fit->width)
                fit->width = w;
            if (!save)
                break;
            end = sp + 1;
        }
        char *next = best;
        if (*next) {
            *next = '\0';
            next++;
            while (*next == ' ')
                next++;
        }
        fit->line[fit->n++] = line;
        line = next;
    }
    return fit->n;
}

/* Fit s into box_w on at most max_lines lines at the largest size between
 * min_px and max_px; at min_px the last line is cut with an ellipsis. The
 * result is memoised, so an unchanged text costs one lookup a frame. */
static const OvFit *ov_fit(LbOverlay *o, const char *s, LbWeight wt, int max_px, int min_px, int box_w,
                           int max_lines)
{
    if (max_lines > OV_MAX_LINES)
        max_lines = OV_MAX_LINES;
    if (max_lines < 1)
        max_lines = 1;
    /* Below about 10 px text stops being text on any screen; tiny windows
     * get that much and the box's own width limit. */
    if (max_px < OV_MIN_PX)
        max_px = OV_MIN_PX;
    if (min_px < OV_MIN_PX)
        min_px = OV_MIN_PX;
    if (min_px > max_px)
        min_px = max_px;
    uint32_t h = lb_hash32(s);
    OvMemo *slot = NULL;
    for (int i = 0; i < OV_WRAP_MEMO; i++) {
        OvMemo *m = &o->memo[i];
        if (m->used && m->hash == h && m->wt == wt && m->max_px == max_px && m->min_px == min_px &&
            m->box_w == box_w && m->max_lines == max_lines && !strcmp(m->key, s)) {
            m->used = ++o->tick;
            return &m->fit;
        }
        if (!slot || m->used < slot->used)
            slot = m;
    }
    free(slot->key);
    free(slot->buf);
    memset(slot, 0, sizeof *slot);
    size_t len = strlen(s);
    slot->key = malloc(len + 1);
    slot->buf = malloc(len + 8); /* room for an ellipsis */
    if (!slot->key || !slot->buf) {
        free(slot->key);
        free(slot->buf);
        memset(slot, 0, sizeof *slot);
        return NULL;
    }
    memcpy(slot->key, s, len + 1);
    slot->hash = h;
    slot->wt = wt;
    slot->max_px = max_px;
    slot->min_px = min_px;
    slot->box_w = box_w;
    slot->max_lines = max_lines;
    slot->used = ++o->tick;

    /* Text width is close to proportional to the size, so one measurement at
     * max_px predicts the size for a single line; wrapping then steps down
     * 6% at a time, measured for real. */
    int px = max_px;
    int full = ov_width(o, s, max_px, wt);
    if (max_lines == 1 && full > box_w && full > 0)
        px = (int)floor(max_px * (double)box_w / full);
    if (px < min_px)
        px = min_px;
    for (;;) {
        if (ov_wrap_at(o, s, slot->buf, px, wt, box_w, max_lines, &slot->fit) <= max_lines)
            return &slot->fit;
        if (px <= min_px)
            break;
        int np = (int)floor(px * 0.94);
        px = np < min_px ? min_px : np;
    }
    /* Still too long at the smallest size: keep what fits and mark the cut. */
    OvFit *f = &slot->fit;
    ov_wrap_at(o, s, slot->buf, min_px, wt, box_w, max_lines, f);
    f->cut = true;
    if (f->n > max_lines)
        f->n = max_lines;
    if (f->n == 0)
        return f;
    char *last = (char *)f->line[f->n - 1];
    size_t ll = strlen(last);
    /* Room for "…" (3 bytes): the buffer has len + 8 and the line ended at
     * a break that was a space or the end, so writing past it only reaches
     * text that is cut anyway. Shorten until it fits: a whole word at a
     * time (and the comma or colon before it), a character at a time only
     * through a word wider than the box on its own. */
    for (;;) {
        memcpy(last + ll, "\xE2\x80\xA6", 4);
        if (ov_width(o, last, min_px, wt) <= box_w || ll == 0)
            break;
        size_t sp = ll;
        while (sp > 0 && last[sp - 1] != ' ')
            sp--;
        if (sp > 1) {
            ll = sp - 1;
            while (ll > 0 && strchr(" ,;:", last[ll - 1]))
                ll--;
            continue;
        }
        do /* drop one UTF-8 character */
            ll--;
        while (ll > 0 && ((unsigned char)last[ll] & 0xC0) == 0x80);
    }
    /* the block is as wide as its lines are now (a word too wide for the
     * box had set it wider) */
    f->width = 0;
    for (int i = 0; i < f->n; i++) {
        int w = ov_width(o, f->line[i], min_px, wt);
        f->width = w > f->width ? w : f->width;
    }
    return f;
}

/* Draw a fitted block centred on (cx, cy) (halign OV_CENTRE) or starting at
 * x (OV_LEFT). Returns the block height. */
static int ov_block(LbOverlay *o, SDL_Renderer *r, const OvFit *f, LbWeight wt, SDL_Color c, float x, float cy,
                    int halign, float alpha)
{
    if (!f || f->n == 0)
        return 0;
    int lh = lb_text_line_height(o->text, f->px, wt);
    float y = cy - (float)(lh * f->n) * 0.5f + lh * 0.5f;
    for (int i = 0; i < f->n; i++)
        ov_text(o, r, f->line[i], f->px, wt, c, x, y + (float)(i * lh), halign, alpha, 1.0f);
    return lh * f->n;
}

/* ---- elements ---------------------------------------------------------------- */

static int ov_radius(const LbLayout *L) { return L->gap + L->unit / 90; }

/* The whole seconds a clock shows for s seconds left, rounded up so "1"
 * shows until the very end. */
static int ov_clock_seconds(double s)
{
    int t = (int)ceil(s - 1e-6);
    return t < 0 ? 0 : t;
}

/* That clock: "45", "1:30"; with always_minutes, "0:45". */
static void ov_format_clock(char *buf, size_t n, double s, bool always_minutes)
{
    int t = ov_clock_seconds(s);
    if (t >= 60 || always_minutes)
        snprintf(buf, n, "%d:%02d", t / 60, t % 60);
    else
        snprintf(buf, n, "%d", t);
}

static void ov_title(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const char *title, SDL_Color c)
{
    SDL_Rect b = L->el[LB_EL_TITLE];
    if (!title || !*title || b.w <= 0)
        return;
    int pad = L->gap;
    int px = b.h * 62 / 100;
    const OvFit *f = ov_fit(o, title, LB_WEIGHT_BOLD, px, px * 55 / 100, b.w - 2 * pad, 1);
    if (f && f->cut) /* too long for one line even small: two smaller ones */
        f = ov_fit(o, title, LB_WEIGHT_BOLD, b.h * 36 / 100, b.h * 28 / 100, b.w - 2 * pad, 2);
    if (!f || f->n == 0)
        return;
    SDL_Rect back = {b.x, b.y, f->width + 2 * pad, b.h};
    ov_panel(o, back, ov_radius(L), 1.0f);
    ov_flush(o, r);
    ov_block(o, r, f, LB_WEIGHT_BOLD, c, (float)(b.x + pad), b.y + b.h * 0.5f, OV_LEFT, 1.0f);
}

/* The speed in hundredths (100 = normal) and the time left at it. */
static int ov_speed_pc(const LbOverlayView *v)
{
    int pc = v->speed > 0 ? (int)lround(v->speed * 100.0) : 100;
    return pc < 1 ? 1 : pc;
}

static double ov_time_left(const LmOverlayState *st, const LbOverlayView *v, int speed_pc)
{
    /* at another speed, the time it takes, not the session's own seconds
     * (holds keep theirs) */
    if (v->pb)
        return lm_pb_wall_s(v->pb, st->routine_elapsed_s, st->routine_total_s);
    return (st->routine_total_s - st->routine_elapsed_s) * 100.0 / speed_pc;
}

void lb_overlay_status_words(const LmOverlayState *st, const LbOverlayView *v, char *left, size_t left_size,
                             char *right, size_t right_size)
{
    if (left_size)
        left[0] = '\0';
    if (!right_size)
        return;
    right[0] = '\0';
    if (st && st->n_items > 1 && left_size)
        snprintf(left, left_size, "%d / %d", st->item + 1, st->n_items);
    const char *level = v->level ? v->level : "";
    int speed_pc = ov_speed_pc(v);
    size_t n = 0;
#define OV_WORD(...) (n < right_size ? (n += (size_t)snprintf(right + n, right_size - n, __VA_ARGS__)) : n)
    if (*level)
        OV_WORD("%s", level);
    if (speed_pc != 100)
        OV_WORD("%s%gx", n ? "  \xC2\xB7  " : "", speed_pc / 100.0);
    if (v->mirror)
        OV_WORD("%smirrored", n ? "  \xC2\xB7  " : "");
    if (v->muted)
        OV_WORD("%ssound off", n ? "  \xC2\xB7  " : "");
    if (st && st->routine_total_s > 0) {
        char tmp[32];
        ov_format_clock(tmp, sizeof tmp, ov_time_left(st, v, speed_pc), true);
        OV_WORD("%s%s left", n ? "  \xC2\xB7  " : "", tmp);
    }
#undef OV_WORD
}

static void ov_progress(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const LmOverlayState *st,
                        const LbOverlayView *v)
{
    SDL_Rect b = L->el[LB_EL_PROGRESS];
    int pad = L->gap;
    int px = OV_PX(b.h * 58 / 100);
    bool bar = st && st->routine_total_s > 0;
    OvWords *wd = &o->words;
    const char *level = v->level ? v->level : "";
    int item = st ? st->item : -1, n_items = st ? st->n_items : 0;
    int speed_pc = ov_speed_pc(v);
    int secs = bar ? ov_clock_seconds(ov_time_left(st, v, speed_pc)) : -1;
    if (!wd->valid || wd->item != item || wd->n_items != n_items || wd->secs != secs || wd->px != px ||
        wd->mirror != v->mirror || wd->muted != v->muted || wd->speed_pc != speed_pc ||
        strncmp(wd->level, level, sizeof wd->level) != 0) {
        lb_overlay_status_words(st, v, wd->left, sizeof wd->left, wd->right, sizeof wd->right);
        wd->item = item, wd->n_items = n_items, wd->secs = secs, wd->px = px;
        wd->mirror = v->mirror, wd->muted = v->muted, wd->speed_pc = speed_pc;
        snprintf(wd->level, sizeof wd->level, "%s", level);
        /* a level name too long to keep is compared afresh every frame */
        wd->valid = strlen(level) < sizeof wd->level;
        wd->lw = wd->rw = -1;
    }
    const char *left = wd->left, *right = wd->right;
    /* a width of 0 for words (the measure failed) is not kept: measured
     * again next frame */
    int lw = wd->lw >= 0 ? wd->lw : *left ? ov_width(o, left, px, LB_WEIGHT_BOLD) : 0;
    int rw = wd->rw >= 0 ? wd->rw : *right ? ov_width(o, right, px, LB_WEIGHT_REGULAR) : 0;
    wd->lw = lw > 0 || !*left ? lw : -1;
    wd->rw = rw > 0 || !*right ? rw : -1;
    if (!lw && !rw && !bar)
        return;
    float x0 = (float)(b.x + pad * 2 + (lw ? lw + pad * 2 : 0));
    float x1 = (float)(b.x + b.w - pad * 2 - (rw ? rw + pad * 2 : 0));
    bool track = bar && x1 - x0 > 4 * pad;
    float bh = fmaxf(4.0f, b.h * 0.22f), by = b.y + (b.h - bh) * 0.5f;
    /* What stays (panel, track, words) and what grows (the fill), apart:
     * the first is recorded once, and a CPU-drawn window hashes only the
     * one that changed. The words lie beside the track, so drawing them
     * before the fill changes no pixel. */
    uint64_t key = lb_hash_combine(ov_mix_str(ov_mix_str(0, left), right), track);
    if (!ov_part_begin(o, r, OV_PART_PROGRESS, key)) {
        ov_panel(o, b, b.h / 2, 1.0f);
        if (track) {
            SDL_FRect tr = {x0, by, x1 - x0, bh};
            ov_rounded(o, tr, bh * 0.5f, OV_TRACK, 1.0f);
        }
        ov_flush(o, r);
        float cy = b.y + b.h * 0.5f;
        if (lw)
            ov_text(o, r, left, px, LB_WEIGHT_BOLD, OV_WHITE, (float)(b.x + pad * 2), cy, OV_LEFT, 1.0f, 1.0f);
        if (rw)
            ov_text(o, r, right, px, LB_WEIGHT_REGULAR, OV_SOFT, (float)(b.x + b.w - pad * 2), cy, OV_RIGHT, 1.0f,
                    1.0f);
        ov_part_end(o, r);
    }
    double frac = bar ? st->routine_elapsed_s / st->routine_total_s : 0.0;
    frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;
    if (track && frac > 0) {
        /* The fill grows in quarter pixels: over a routine of minutes it
         * moves a few hundredths of a pixel a frame, and a fill that
         * changed every frame was redrawn, re-tessellated and re-hashed
         * every frame (about 4 % of a moving frame's work) for no step
         * anyone could see. A quarter pixel still moves its feathered end
         * smoothly. */
        float w = floorf((float)((x1 - x0) * frac) * OV_FILL_STEPS) / OV_FILL_STEPS;
        SDL_FRect fill = {x0, by, fmaxf(bh, w), bh};
        /* kept as a part while it stays the same, between its steps */
        uint64_t fkey = lb_hash_combine(lb_hash_combine(lb_float_bits(fill.x), lb_float_bits(fill.y)),
                               lb_hash_combine(lb_float_bits(fill.w), lb_float_bits(fill.h)));
        if (!ov_part_begin(o, r, OV_PART_FILL, fkey)) {
            ov_rounded(o, fill, bh * 0.5f, OV_SKY, 1.0f);
            ov_flush(o, r);
            ov_part_end(o, r);
        }
    }
}

static void ov_caption(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const char *text)
{
    SDL_Rect b = L->el[LB_EL_CAPTION];
    if (!text || !*text)
        return;
    int pad = L->gap * 2;
    int px = b.h * 36 / 100; /* two lines fill about 85% of the box */
    const OvFit *f = ov_fit(o, text, LB_WEIGHT_BOLD, px, px * 60 / 100, b.w - 2 * pad, 2);
    if (!f || f->n == 0)
        return;
    int lh = lb_text_line_height(o->text, f->px, LB_WEIGHT_BOLD);
    int bw = f->width + 2 * pad, bh = lh * f->n + pad;
    if (bh > b.h)
        bh = b.h;
    SDL_Rect back = {b.x + (b.w - bw) / 2, b.y + b.h - bh, bw, bh};
    ov_panel(o, back, ov_radius(L), 1.0f);
    ov_flush(o, r);
    ov_block(o, r, f, LB_WEIGHT_BOLD, OV_WHITE, b.x + b.w * 0.5f, back.y + bh * 0.5f, OV_CENTRE, 1.0f);
}

static void ov_countdown(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const LmOverlayState *st)
{
    SDL_Rect b = L->el[LB_EL_COUNTDOWN];
    double rem = st->remaining_s > 0 ? st->remaining_s : 0;
    bool last = rem <= 3.0 && rem > 0.0;
    /* The pulse: strongest the instant a new number appears, gone 0.4 s on. */
    double since = ceil(rem - 1e-9) - rem; /* 0 when the number just changed */
    float pulse = last ? (float)fmax(0.0, 1.0 - since / 0.4) : 0.0f;
    pulse = pulse * pulse;
    SDL_Color accent = last ? OV_YELLOW : OV_SKY;
    float d = (float)(b.w < b.h ? b.w : b.h);
    float cx = b.x + b.w * 0.5f, cy = b.y + b.h * 0.5f;
    float ro = d * 0.5f - 1.0f, thick = d * 0.085f;
    ov_circle(o, cx, cy, ro, OV_PANEL, 1.0f);
    float r1 = ro - d * 0.03f, r0 = r1 - thick;
    ov_arc(o, cx, cy, r0, r1, 1.0f, OV_TRACK, 1.0f);
    ov_flush(o, r); /* the disc and track stay, the arc moves: two commands */
    /* The arc is the time left, running down clockwise from 12 o'clock, with
     * round ends; on each of the last three seconds it swells briefly. */
    float turn = (float)(1.0 - st->seg_progress);
    float grow = fminf(thick * 0.45f * pulse, ro - r1); /* stays inside the disc */
    if (turn > 0.0f) {
        float a0 = r0 - grow * 0.3f, a1 = r1 + grow;
        /* the whole segments change only as one empties; the cut one and
         * the round end move every frame */
        ov_arc_part(o, cx, cy, a0, a1, turn, accent, 1.0f, 1);
        ov_flush(o, r);
        ov_arc_part(o, cx, cy, a0, a1, turn, accent, 1.0f, 2);
        if (turn < 0.999f) {
            float rc = (a1 - a0) * 0.5f, rm = (a0 + a1) * 0.5f;
            double end = -LM_PI * 0.5 + 2.0 * LM_PI * turn;
            ov_circle(o, cx, cy - rm, rc, accent, 1.0f);
            ov_circle(o, cx + rm * (float)cos(end), cy + rm * (float)sin(end), rc, accent, 1.0f);
        }
    }
    ov_flush(o, r);
    char num[16];
    ov_format_clock(num, sizeof num, rem, false);
    float inner = 2.0f * (ro - thick - d * 0.06f);
    int px = (int)(d * (strlen(num) > 2 ? 0.30f : 0.42f));
    const OvFit *f = ov_fit(o, num, LB_WEIGHT_BOLD, px, px / 2, (int)(inner * 0.92f), 1);
    if (f && f->n)
        ov_text(o, r, f->line[0], f->px, LB_WEIGHT_BOLD, last ? OV_YELLOW : OV_WHITE, cx, cy, OV_CENTRE, 1.0f,
                1.0f + 0.16f * pulse);
}

/* A filled triangle pointing left (dir < 0) or right, centred on (cx, cy). */
static void ov_arrow(LbOverlay *o, float cx, float cy, float size, int dir, SDL_Color c)
{
    float hx = size * 0.5f * (dir < 0 ? -1.0f : 1.0f);
    SDL_FPoint p[3] = {{cx + hx, cy}, {cx - hx, cy - size * 0.55f}, {cx - hx, cy + size * 0.55f}};
    ov_convex(o, p, 3, c, 1.0f);
}

static void ov_side(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const LmOverlayState *st,
                    const LbOverlayView *v)
{
    SDL_Rect b = L->el[LB_EL_SIDE];
    char big[32], small[64];
    lb_side_words(st->side, v->figure_left_on_screen, v->mirror, big, sizeof big, small, sizeof small);
    if (!*big)
        return;
    SDL_Color c = st->side == 1 ? OV_SKY : OV_ORANGE;
    int pad = L->gap;
    LbScreenSide at = ov_worked_side(st->side, v->figure_left_on_screen, v->mirror);
    int dir = at == LB_SCREEN_RIGHT ? 1 : at == LB_SCREEN_LEFT ? -1 : 0;
    int arrow = dir ? b.h * 45 / 100 : 0;
    int tw = b.w - 2 * pad - (arrow ? arrow + pad : 0);
    int bpx = b.h * (*small ? 44 : 60) / 100, spx = b.h * 27 / 100;
    const OvFit *fb = ov_fit(o, big, LB_WEIGHT_BOLD, bpx, bpx / 2, tw, 1);
    ov_panel(o, b, ov_radius(L), 1.0f);
    if (arrow) {
        float ax = dir > 0 ? b.x + b.w - pad - arrow * 0.5f : b.x + pad + arrow * 0.5f;
        ov_arrow(o, ax, b.y + b.h * 0.5f, (float)arrow, dir, c);
    }
    ov_flush(o, r);
    float x = (float)(b.x + pad + (dir < 0 ? arrow + pad : 0));
    if (!*small) {
        ov_block(o, r, fb, LB_WEIGHT_BOLD, c, x, b.y + b.h * 0.5f, OV_LEFT, 1.0f);
        return;
    }
    const OvFit *fs = ov_fit(o, small, LB_WEIGHT_REGULAR, spx, spx * 6 / 10, tw, 1);
    ov_block(o, r, fb, LB_WEIGHT_BOLD, c, x, b.y + b.h * 0.35f, OV_LEFT, 1.0f);
    ov_block(o, r, fs, LB_WEIGHT_REGULAR, OV_WHITE, x, b.y + b.h * 0.75f, OV_LEFT, 1.0f);
}

static void ov_reps(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const LmOverlayState *st)
{
    SDL_Rect b = L->el[LB_EL_REPS];
    if (st->reps <= 0)
        return;
    char num[32];
    snprintf(num, sizeof num, "%d / %d", st->rep, st->reps);
    int pad = L->gap;
    int lpx = OV_PX(b.h * 34 / 100), npx = b.h * 62 / 100;
    int lw = ov_width(o, "Rep", lpx, LB_WEIGHT_REGULAR);
    const OvFit *f = ov_fit(o, num, LB_WEIGHT_BOLD, npx, npx / 2, b.w - 4 * pad - lw, 1);
    ov_panel(o, b, ov_radius(L), 1.0f);
    ov_flush(o, r);
    float cy = b.y + b.h * 0.5f;
    /* Sit "Rep" on the number's baseline rather than on its centre. */
    int nlh = f ? lb_text_line_height(o->text, f->px, LB_WEIGHT_BOLD) : 0;
    int llh = lb_text_line_height(o->text, lpx, LB_WEIGHT_REGULAR);
    float ly = cy + (nlh - llh) * 0.5f * 0.78f;
    ov_text(o, r, "Rep", lpx, LB_WEIGHT_REGULAR, OV_SOFT, (float)(b.x + pad), ly, OV_LEFT, 1.0f, 1.0f);
    if (f && f->n)
        ov_text(o, r, f->line[0], f->px, LB_WEIGHT_BOLD, OV_WHITE, (float)(b.x + pad * 2 + lw), cy, OV_LEFT, 1.0f,
                1.0f);
}

static void ov_breath(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const LmOverlayState *st)
{
    SDL_Rect b = L->el[LB_EL_BREATH];
    if (st->breath != LM_BREATH_IN && st->breath != LM_BREATH_OUT)
        return;
    int pad = L->gap;
    float d = (float)(b.h - pad);
    float rmax = d * 0.5f, rmin = rmax * 0.35f;
    double p = st->breath_phase < 0 ? 0 : st->breath_phase > 1 ? 1 : st->breath_phase;
    double e = p * p * (3.0 - 2.0 * p); /* smoothstep, like an easy breath */
    double fill = st->breath == LM_BREATH_IN ? e : 1.0 - e;
    float cx = b.x + pad + rmax, cy = b.y + b.h * 0.5f;
    ov_panel(o, b, ov_radius(L), 1.0f);
    ov_arc(o, cx, cy, rmax - fmaxf(1.5f, d * 0.03f), rmax, 1.0f, OV_WHITE, 0.35f);
    ov_circle(o, cx, cy, rmin + (rmax - rmin) * (float)fill, OV_SKY, 0.85f);
    ov_flush(o, r);
    const char *word = st->breath == LM_BREATH_IN ? "Breathe in" : "Breathe out";
    int px = b.h * 34 / 100;
    int tx = (int)(cx + rmax) + pad;
    const OvFit *f = ov_fit(o, word, LB_WEIGHT_BOLD, px, px / 2, b.x + b.w - pad - tx, 1);
    ov_block(o, r, f, LB_WEIGHT_BOLD, OV_WHITE, (float)tx, cy, OV_LEFT, 1.0f);
}

const char *lb_overlay_next_label(const LmOverlayState *st)
{
    return st->kind == LM_SEG_REST ? "AFTER THAT" : "NEXT UP";
}

static void ov_next(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const LmOverlayState *st)
{
    SDL_Rect b = L->el[LB_EL_NEXT], fig = L->next_figure;
    if (!st->next_title || !*st->next_title)
        return;
    int pad = L->gap;
    SDL_Rect tb = {b.x + pad, b.y + pad, fig.x - b.x - 2 * pad, b.h - pad * 3 / 2};
    int lpx = OV_PX(L->unit * 28 / 1000);
    int lh = lb_text_line_height(o->text, lpx, LB_WEIGHT_BOLD);
    int room = tb.h - lh;
    int tpx = L->unit * 46 / 1000;
    int lines = room / (tpx * 6 / 5 > 0 ? tpx * 6 / 5 : 1);
    if (lines < 1) { /* a short box: one line, as large as fits */
        lines = 1;
        tpx = room * 5 / 6;
    }
    if (lines > 3)
        lines = 3;
    const OvFit *f = ov_fit(o, st->next_title, LB_WEIGHT_BOLD, tpx, tpx * 6 / 10, tb.w, lines);
    /* The small figure is drawn before the overlay, so nothing is painted
     * over it: a panel behind the words and a frame round the whole box. */
    SDL_FRect back = {(float)b.x, (float)b.y, (float)(fig.x - b.x - pad / 2), (float)b.h};
    const float left_round[4] = {0.0f, (float)ov_radius(L), (float)ov_radius(L), 0.0f};
    SDL_FPoint pts[OV_ROUNDED_PTS];
    ov_convex(o, pts, ov_rounded_points(back, left_round, pts), OV_PANEL, 1.0f);
    SDL_FRect fb = {(float)b.x, (float)b.y, (float)b.w, (float)b.h};
    ov_rounded_frame(o, fb, (float)ov_radius(L), fmaxf(1.5f, pad * 0.18f), OV_TRACK, 1.0f);
    ov_flush(o, r);
    /* During a lead-in the caption and the stage already give the coming
     * exercise, and the box the one after it: say so, not "next" twice. */
    const OvFit *lf = ov_fit(o, lb_overlay_next_label(st), LB_WEIGHT_BOLD, lpx, lpx * 7 / 10, tb.w, 1);
    if (lf && lf->n)
        ov_block(o, r, lf, LB_WEIGHT_BOLD, OV_SKY, (float)tb.x, tb.y + lh * 0.5f, OV_LEFT, 1.0f);
    if (f && f->n) {
        float top = (float)(tb.y + lh);
        ov_block(o, r, f, LB_WEIGHT_BOLD, OV_WHITE, (float)tb.x, top + (tb.y + tb.h - top) * 0.5f, OV_LEFT, 1.0f);
    }
}

static void ov_paused(LbOverlay *o, SDL_Renderer *r, const LbLayout *L)
{
    SDL_Rect b = L->el[LB_EL_PAUSED];
    int pad = L->gap;
    int px = b.h * 50 / 100;
    float bar_h = px * 0.78f, bar_w = px * 0.22f;
    int icon = (int)(bar_w * 3.2f);
    const OvFit *f = ov_fit(o, "PAUSED", LB_WEIGHT_BOLD, px, px / 2, b.w - 3 * pad - icon, 1);
    int tw = f ? f->width : 0;
    int bw = tw + icon + 3 * pad;
    if (bw > b.w)
        bw = b.w;
    SDL_Rect back = {b.x + b.w - bw, b.y, bw, b.h};
    SDL_FRect fb = {(float)back.x, (float)back.y, (float)back.w, (float)back.h};
    ov_rounded(o, fb, (float)ov_radius(L), OV_YELLOW, 1.0f);
    float ix = (float)(back.x + pad), cy = b.y + b.h * 0.5f;
    ov_quad(o, ix, cy - bar_h * 0.5f, bar_w, bar_h, OV_BLACK, 1.0f);
    ov_quad(o, ix + bar_w * 2.0f, cy - bar_h * 0.5f, bar_w, bar_h, OV_BLACK, 1.0f);
    ov_flush(o, r);
    ov_block(o, r, f, LB_WEIGHT_BOLD, OV_BLACK, (float)(back.x + pad * 2 + icon), cy, OV_LEFT, 1.0f);
}

static void ov_toast(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const char *text, float alpha)
{
    SDL_Rect b = L->el[LB_EL_TOAST];
    alpha = ov_clampf(alpha, 0.0f, 1.0f);
    if (!text || !*text || alpha <= 0.0f)
        return;
    int pad = L->gap;
    int px = b.h * 42 / 100;
    const OvFit *f = ov_fit(o, text, LB_WEIGHT_BOLD, px, px * 6 / 10, b.w - 2 * pad, 1);
    if (!f || !f->n)
        return;
    int bw = f->width + 2 * pad;
    SDL_Rect back = {b.x + (b.w - bw) / 2, b.y, bw, b.h};
    SDL_FRect fb = {(float)back.x, (float)back.y, (float)back.w, (float)back.h};
    ov_rounded(o, fb, (float)ov_radius(L), OV_PANEL, alpha);
    SDL_FRect line = {fb.x + pad, fb.y + fb.h - fmaxf(2.0f, pad * 0.4f) - pad * 0.5f, fb.w - 2 * pad,
                      fmaxf(2.0f, pad * 0.4f)};
    ov_rounded(o, line, line.h * 0.5f, OV_SKY, alpha);
    ov_flush(o, r);
    ov_block(o, r, f, LB_WEIGHT_BOLD, OV_WHITE, b.x + b.w * 0.5f, b.y + b.h * 0.5f, OV_CENTRE, alpha);
}

/* ---- cards ----------------------------------------------------------------- */

static void ov_dim(LbOverlay *o, SDL_Renderer *r, int w, int h, float alpha)
{
    ov_quad(o, -1.0f, -1.0f, w + 2.0f, h + 2.0f, OV_BLACK, alpha);
    ov_flush(o, r);
}

/* The safety card: title and short lines, as large as the screen allows. */
static void ov_safety(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, int w, int h, const LmOverlayState *st)
{
    ov_dim(o, r, w, h, 0.86f);
    SDL_Rect s = L->safe;
    int top = L->el[LB_EL_TITLE].y + L->el[LB_EL_TITLE].h + L->gap;
    int bottom = L->el[LB_EL_PROGRESS].y - L->gap;
    SDL_Rect card = {s.x, top, s.w, bottom - top};
    int pad = L->gap * 3;
    ov_panel(o, card, ov_radius(L) * 2, 0.9f);
    ov_flush(o, r);
    ov_title(o, r, L, st->card_title ? st->card_title : "", OV_YELLOW);

    int n = st->n_card_lines > 0 && st->card_lines ? st->n_card_lines : 0;
    if (n > 12)
        n = 12;
    int inner_w = card.w - 2 * pad, inner_h = card.h - 2 * pad;
    int bullet = 0;
    /* Largest size at which every line (up to two rows each) fits. */
    int px = L->unit * 72 / 1000, min_px = L->unit * 26 / 1000;
    uint32_t key = lb_hash32(st->card_title ? st->card_title : "") ^ (uint32_t)(card.w * 7919 + card.h);
    for (int i = 0; i < n; i++)
        key = (key * 31u) ^ lb_hash32(st->card_lines[i] ? st->card_lines[i] : "");
    bool known = o->card_px > 0 && o->card_key == key;
    if (known)
        px = o->card_px;
    const OvFit *fits[12];
    int total = 0, lh = 0;
    for (;;) {
        bool cut = false;
        bullet = px;
        lh = lb_text_line_height(o->text, px, LB_WEIGHT_BOLD);
        total = 0;
        for (int i = 0; i < n; i++) {
            fits[i] = ov_fit(o, st->card_lines[i] ? st->card_lines[i] : "", LB_WEIGHT_BOLD, px, px,
                             inner_w - bullet, 3);
            total += (fits[i] ? fits[i]->n : 0) * lh + lh * 45 / 100;
            cut = cut || !fits[i] || fits[i]->cut;
        }
        if (known || (total <= inner_h && !cut) || px <= min_px)
            break;
        px = px * 92 / 100 < min_px ? min_px : px * 92 / 100;
    }
    o->card_key = key;
    o->card_px = px;
    /* fits[] point into the wrap memo; the last pass made them the most
     * recently used entries and there are fewer than OV_WRAP_MEMO of them. */
    float y = card.y + pad + (inner_h - total) * 0.5f;
    for (int i = 0; i < n; i++) {
        const OvFit *f = fits[i];
        if (!f || !f->n)
            continue;
        ov_circle(o, card.x + pad + bullet * 0.3f, y + lh * 0.5f, bullet * 0.13f, OV_SKY, 1.0f);
        ov_flush(o, r);
        for (int k = 0; k < f->n; k++)
            ov_text(o, r, f->line[k], f->px, LB_WEIGHT_BOLD, OV_WHITE, (float)(card.x + pad + bullet),
                    y + lh * (k + 0.5f), OV_LEFT, 1.0f, 1.0f);
        y += f->n * lh + lh * 45 / 100;
    }
}

/* The key help: a centred card listing "key<TAB>action" lines. */
static void ov_help(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, int w, int h, const LbOverlayView *v)
{
    ov_dim(o, r, w, h, 0.55f);
    SDL_Rect s = L->safe;
    int n = v->n_help_lines > 0 && v->help_lines ? v->n_help_lines : 0;
    if (n > 24)
        n = 24;
    int pad = L->gap * 3;
    int cw = L->portrait ? s.w : s.w * 3 / 4;
    int px = OV_PX(L->unit * 42 / 1000), tpx = OV_PX(L->unit * 64 / 1000);
    int lh, th, key_w;
    uint32_t key = (uint32_t)(s.w * 7919 + s.h);
    for (int i = 0; i < n; i++)
        key = (key * 31u) ^ lb_hash32(v->help_lines[i] ? v->help_lines[i] : "");
    bool known = o->help_px > 0 && o->help_key == key;
    if (known) {
        tpx = tpx * o->help_px / px;
        px = o->help_px;
    }
    for (;;) { /* shrink until every line fits the safe area */
        lh = lb_text_line_height(o->text, px, LB_WEIGHT_REGULAR) * 115 / 100;
        th = lb_text_line_height(o->text, tpx, LB_WEIGHT_BOLD);
        if (known) {
            key_w = o->help_key_w;
            break;
        }
        key_w = 0;
        for (int i = 0; i < n; i++) {
            const char *line = v->help_lines[i] ? v->help_lines[i] : "";
            const char *tab = strchr(line, '\t');
            if (!tab)
                continue;
            char kbuf[64];
            size_t kl = (size_t)(tab - line) < sizeof kbuf - 1 ? (size_t)(tab - line) : sizeof kbuf - 1;
            memcpy(kbuf, line, kl);
            kbuf[kl] = '\0';
            int kw = ov_width(o, kbuf, px, LB_WEIGHT_BOLD);
            if (kw > key_w)
                key_w = kw;
        }
        if (th + pad + n * lh + 2 * pad <= s.h || px <= OV_MIN_PX)
            break;
        tpx = OV_PX(tpx * 9 / 10);
        px = OV_PX(px * 9 / 10);
    }
    o->help_key = key;
    o->help_px = px;
    o->help_key_w = key_w;
    int ch = th + pad + n * lh + 2 * pad;
    if (ch > s.h)
        ch = s.h;
    SDL_Rect card = {s.x + (s.w - cw) / 2, s.y + (s.h - ch) / 2, cw, ch};
    SDL_FRect fc = {(float)card.x, (float)card.y, (float)card.w, (float)card.h};
    ov_rounded(o, fc, (float)ov_radius(L) * 2, OV_CARD, 1.0f);
    ov_flush(o, r);
    float x = (float)(card.x + pad);
    float y = card.y + pad + th * 0.5f;
    ov_text(o, r, "Keys", tpx, LB_WEIGHT_BOLD, OV_YELLOW, x, y, OV_LEFT, 1.0f, 1.0f);
    y += th * 0.5f + pad * 0.5f + lh * 0.5f;
    int desc_w = card.w - 2 * pad - key_w - pad * 2;
    for (int i = 0; i < n; i++, y += lh) {
        const char *line = v->help_lines[i] ? v->help_lines[i] : "";
        const char *tab = strchr(line, '\t');
        if (!tab) {
            const OvFit *f = ov_fit(o, line, LB_WEIGHT_REGULAR, px, px * 7 / 10, card.w - 2 * pad, 1);
            if (f && f->n)
                ov_text(o, r, f->line[0], f->px, LB_WEIGHT_REGULAR, OV_WHITE, x, y, OV_LEFT, 1.0f, 1.0f);
            continue;
        }
        char kbuf[64];
        size_t kl = (size_t)(tab - line) < sizeof kbuf - 1 ? (size_t)(tab - line) : sizeof kbuf - 1;
        memcpy(kbuf, line, kl);
        kbuf[kl] = '\0';
        ov_text(o, r, kbuf, px, LB_WEIGHT_BOLD, OV_YELLOW, x, y, OV_LEFT, 1.0f, 1.0f);
        const OvFit *f = ov_fit(o, tab + 1, LB_WEIGHT_REGULAR, px, px * 7 / 10, desc_w, 1);
        if (f && f->n)
            ov_text(o, r, f->line[0], f->px, LB_WEIGHT_REGULAR, OV_WHITE, x + key_w + pad * 2, y, OV_LEFT, 1.0f,
                    1.0f);
    }
}

/* A number from outside, made safe to draw with: NaN becomes `bad`, and
 * anything else is clamped to [lo, hi]. */
static double ov_sane(double v, double lo, double hi, double bad)
{
    if (v != v)
        return bad;
    return v < lo ? lo : v > hi ? hi : v;
}

/* The state with every number inside the range the drawing assumes, so a
 * broken state draws something odd rather than misbehaving. */
static LmOverlayState ov_sanitise(const LmOverlayState *in)
{
    LmOverlayState st = *in;
    st.remaining_s = ov_sane(st.remaining_s, 0.0, 359999.0, 0.0); /* under 100 hours */
    st.seg_progress = ov_sane(st.seg_progress, 0.0, 1.0, 0.0);
    st.breath_phase = ov_sane(st.breath_phase, 0.0, 1.0, 0.0);
    st.routine_total_s = ov_sane(st.routine_total_s, 0.0, 359999.0, 0.0);
    st.routine_elapsed_s = ov_sane(st.routine_elapsed_s, 0.0, st.routine_total_s, 0.0);
    if (st.n_items < 0 || st.n_items > 9999)
        st.n_items = 0;
    if (st.reps < 0 || st.reps > 9999 || st.rep < 0 || st.rep > 9999)
        st.reps = 0;
    if (!st.card_lines || st.n_card_lines < 0)
        st.n_card_lines = 0;
    return st;
}

/* ---- module functions -------------------------------------------------------- */

LbOverlay *lb_overlay_create(const LbOverlayDesc *desc, char *err, size_t err_size)
{
    LbOverlayDesc d = desc ? *desc : (LbOverlayDesc){0};
    const char *dir = d.data_dir && *d.data_dir ? d.data_dir : ".";
    char reg[4096], bold[4096];
    snprintf(reg, sizeof reg, "%s/assets/fonts/DejaVuSans.ttf", dir);
    snprintf(bold, sizeof bold, "%s/assets/fonts/DejaVuSans-Bold.ttf", dir);
    LbTextDesc td = {0};
    td.font_path[LB_WEIGHT_REGULAR] = d.font_regular ? d.font_regular : reg;
    td.font_path[LB_WEIGHT_BOLD] = d.font_bold ? d.font_bold : bold;
    LbOverlay *o = calloc(1, sizeof *o);
    if (!o) {
        snprintf(err, err_size, "overlay: out of memory");
        return NULL;
    }
    o->text = lb_text_create(&td, err, err_size);
    if (!o->text) {
        free(o);
        return NULL;
    }
    o->layout_in = d.layout;
    return o;
}

void lb_overlay_destroy(LbOverlay *o)
{
    if (!o)
        return;
    for (int i = 0; i < OV_WRAP_MEMO; i++) {
        free(o->memo[i].key);
        free(o->memo[i].buf);
    }
    for (int i = 0; i < OV_PARTS; i++)
        lb_draw_destroy(o->part[i].list);
    lb_text_destroy(o->text);
    free(o->vtx);
    free(o->idx);
    free(o);
}

LbText *lb_overlay_text(LbOverlay *o) { return o ? o->text : NULL; }

void lb_overlay_get_layout(const LbOverlay *o, int w, int h, LbLayout *out)
{
    lb_overlay_layout(w, h, o ? &o->layout_in : NULL, out);
}

bool lb_overlay_covers_stage(const LmOverlayState *st, const LbOverlayView *view)
{
    if (view && view->blank)
        return true;
    return st && st->kind == LM_SEG_SAFETY && st->card_title;
}

/* Every element, in order; those that stay the same for many frames as
 * parts (ov_part_begin). */
static void ov_elements(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, int w, int h, const LmOverlayState *st,
                        const LbOverlayView *v)
{
    if (st && st->kind == LM_SEG_SAFETY && st->card_title) {
        uint64_t key = ov_mix_str(0, st->card_title);
        for (int i = 0; i < st->n_card_lines; i++)
            key = ov_mix_str(key, st->card_lines[i]);
        if (!ov_part_begin(o, r, OV_PART_SAFETY, lb_hash_combine(key, (uint64_t)st->n_card_lines))) {
            ov_safety(o, r, L, w, h, st);
            ov_part_end(o, r);
        }
    } else if (st) {
        if (!ov_part_begin(o, r, OV_PART_TITLE, ov_mix_str(0, st->title))) {
            ov_title(o, r, L, st->title, OV_WHITE);
            ov_part_end(o, r);
        }
        if (!ov_part_begin(o, r, OV_PART_CAPTION, ov_mix_str(0, st->caption))) {
            ov_caption(o, r, L, st->caption);
            ov_part_end(o, r);
        }
        if (st->countdown)
            ov_countdown(o, r, L, st);
        uint64_t side = (uint64_t)(unsigned)st->side << 8 ^ (uint64_t)(unsigned)v->figure_left_on_screen << 1 ^ v->mirror;
        if (!ov_part_begin(o, r, OV_PART_SIDE, side)) {
            ov_side(o, r, L, st, v);
            ov_part_end(o, r);
        }
        if (!ov_part_begin(o, r, OV_PART_REPS, (uint64_t)(unsigned)st->rep << 32 | (unsigned)st->reps)) {
            ov_reps(o, r, L, st);
            ov_part_end(o, r);
        }
        ov_breath(o, r, L, st);
        uint64_t next_key = ov_mix_str(ov_mix_str(0, lb_overlay_next_label(st)), st->next_title);
        if (!ov_part_begin(o, r, OV_PART_NEXT, next_key)) {
            ov_next(o, r, L, st);
            ov_part_end(o, r);
        }
    }
    ov_progress(o, r, L, st, v);
    /* the help card pauses the session and says so by being there: the
     * badge would only peek out from under it */
    if (v->paused && !v->help && !ov_part_begin(o, r, OV_PART_PAUSED, 1)) {
        ov_paused(o, r, L);
        ov_part_end(o, r);
    }
    ov_toast(o, r, L, v->toast, v->toast_alpha);
    if (v->help) {
        uint64_t key = (uint64_t)(unsigned)v->n_help_lines;
        for (int i = 0; i < v->n_help_lines && v->help_lines; i++)
            key = ov_mix_str(key, v->help_lines[i]);
        if (!ov_part_begin(o, r, OV_PART_HELP, key)) {
            ov_help(o, r, L, w, h, v);
            ov_part_end(o, r);
        }
    }
    ov_flush(o, r);
}

bool lb_overlay_draw(LbOverlay *o, SDL_Renderer *r, int w, int h, const LmOverlayState *st,
                     const LbOverlayView *view)
{
    if (!o || !r)
        return false;
    static const LbOverlayView no_view;
    const LbOverlayView *v = view ? view : &no_view;
    o->geo_ok = true;
    o->n_vtx = o->n_idx = 0;
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    if (v->blank) {
        if (o->list) {
            lb_draw_fill(o->list, NULL, (SDL_Color){0, 0, 0, 255});
            return lb_draw_ok(o->list);
        }
        SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
        SDL_Rect all = {0, 0, w, h};
        return SDL_RenderFillRect(r, &all) == 0;
    }
    LbLayout L;
    lb_overlay_get_layout(o, w, h, &L);
    LmOverlayState safe_state;
    if (st) {
        safe_state = ov_sanitise(st);
        st = &safe_state;
    }

    o->w = w;
    o->h = h;
    o->reused = 0;
    LbDrawMark mark = lb_draw_mark(o->list);
    unsigned long gen = lb_text_generation(o->text);
    ov_elements(o, r, &L, w, h, st, v);
    if (o->reused && lb_text_generation(o->text) != gen) {
        /* A text drawn after a part was appended pushed out a texture the
         * part may name: record this frame's overlay again from scratch. */
        for (int i = 0; i < OV_PARTS; i++)
            o->part[i].valid = false;
        if (!lb_draw_rewind(o->list, mark))
            return false; /* (never so) a frame naming a lost texture is not shown */
        o->geo_ok = true;
        ov_elements(o, r, &L, w, h, st, v);
    }
    return o->geo_ok;
}
