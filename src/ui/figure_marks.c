/* figure_marks: what a step marks over the figure. An arrow follows the
 * path of the part that moves, standing a little off the body so the limb
 * does not hide it, with a head at the end the part is going to; a soft
 * warm glow sits where a hold is felt. Both come from the skeleton's own
 * motion and the exercise's "feel" list (see lm_stage), never drawn by
 * hand, so every exercise and both sides get them. */
#include "figure.h"

#include <math.h>
#include <string.h>

#include "figure_mesh.h"

/* The Okabe-Ito bluish green, lightened for a dark stage: apart from both
 * side colours, the torso and the mat, under every common colour-vision
 * deficiency. */
static const Rgba COL_ARROW = {64, 210, 160, 255};
static const Rgba COL_GAP = {255, 236, 140, 255}; /* a pale yellow: apart from arrows and glows */
static const Rgba COL_GLOW = {255, 120, 96, 255};
#define ARROW_R_M 0.010    /* the shaft's half-width */
#define ARROW_HEAD_M 0.055 /* the head's length */
#define ARROW_STANDOFF_M 0.07
#define GLOW_ALPHA 96.0f
#define GLOW_SPREAD 1.35f /* the glow reaches past its spot: a warmth, not a mark */
#define GAP_FLAT_M 0.015  /* a low back this close to the mat lies flat on it (pressed) */

static Rgba faded(Rgba c, float k)
{
    c.a = (Uint8)lroundf((float)c.a * fminf(fmaxf(k, 0.0f), 1.0f));
    return c;
}

/* Chaikin's corner cutting, twice, ends kept: n points in, the count out
 * (at most 4 n). */
static int smooth(const SDL_FPoint *in, int n, SDL_FPoint *out)
{
    SDL_FPoint tmp[4 * LB_MARK_PATH];
    const SDL_FPoint *src = in;
    for (int pass = 0; pass < 2; pass++) {
        SDL_FPoint *dst = pass ? out : tmp;
        int m = 0;
        dst[m++] = src[0];
        for (int k = 0; k + 1 < n; k++) {
            dst[m++] = (SDL_FPoint){0.75f * src[k].x + 0.25f * src[k + 1].x, 0.75f * src[k].y + 0.25f * src[k + 1].y};
            dst[m++] = (SDL_FPoint){0.25f * src[k].x + 0.75f * src[k + 1].x, 0.25f * src[k].y + 0.75f * src[k + 1].y};
        }
        dst[m++] = src[n - 1];
        n = m;
        src = dst;
    }
    return n;
}

static void draw_arrow(LbMesh *m, const LbFigureView *vw, const LbFigureMarks *mk, int a, float px_per_m)
{
    int n = mk->arrow_n[a];
    if (n < 2 || n > LB_MARK_PATH)
        return;
    SDL_FPoint q[LB_MARK_PATH], p[4 * LB_MARK_PATH];
    for (int k = 0; k < n; k++)
        q[k] = lb_figure_project(vw, mk->arrow[a][k]);
    /* Rounded: two passes of corner cutting, so a path that turns sharply
     * (a heel lifted, then set down) reads as a sweep, not a limb. */
    n = smooth(q, n, p);
    /* Stand off the body: along the path's normal, on the side away from
     * the body's middle (decided once for the whole path, so it never
     * flips halfway). */
    SDL_FPoint mid = lb_figure_project(vw, mk->away_from);
    SDL_FPoint pm = p[n / 2];
    double tx = p[n - 1].x - p[0].x, ty = p[n - 1].y - p[0].y, tl = hypot(tx, ty);
    if (tl < 1e-3)
        return;
    double nx = -ty / tl, ny = tx / tl;
    if (nx * (pm.x - mid.x) + ny * (pm.y - mid.y) < 0)
        nx = -nx, ny = -ny;
    float off = mk->arrow_turn[a] ? 0.0f : (float)(ARROW_STANDOFF_M * px_per_m);
    for (int k = 0; k < n; k++) {
        p[k].x += (float)nx * off;
        p[k].y += (float)ny * off;
    }
    /* The head: a triangle along the last stretch of the path, which the
     * shaft stops short of. */
    double total = 0;
    for (int k = 1; k < n; k++)
        total += hypot(p[k].x - p[k - 1].x, p[k].y - p[k - 1].y);
    /* a short path keeps a head in proportion, and a shaft */
    float head = fminf((float)(ARROW_HEAD_M * px_per_m), (float)(0.45 * total));
    float r = fmaxf(fminf((float)(ARROW_R_M * px_per_m), 0.22f * head), 1.2f);
    if (head < 4.0f)
        return; /* too small to read */
    double hx = 0, hy = 0, left = head;
    int cut = n - 1;
    while (cut > 0) {
        double dx = p[cut].x - p[cut - 1].x, dy = p[cut].y - p[cut - 1].y, d = hypot(dx, dy);
        if (d >= left) {
            hx = dx / d, hy = dy / d;
            break;
        }
        left -= d;
        cut--;
    }
    if (cut == 0)
        return; /* shorter than its head */
    SDL_FPoint tip = p[n - 1];
    SDL_FPoint base = {tip.x - (float)(hx * head), tip.y - (float)(hy * head)};
    Rgba col = faded(COL_ARROW, mk->fade);
    lb_mesh_item(m, 1, 0);
    SDL_FPoint prev = p[0];
    for (int k = 1; k < cut; k++) {
        lb_mesh_capsule(m, prev, p[k], r, col);
        prev = p[k];
    }
    lb_mesh_capsule(m, prev, base, r, col);
    float w = head * 0.55f;
    SDL_FPoint tri[3] = {
        tip, {base.x - (float)hy * w, base.y + (float)hx * w}, {base.x + (float)hy * w, base.y - (float)hx * w}};
    lb_mesh_poly(m, tri, 3, col);
}

/* The gap under the low back, as handouts for pelvic tilts draw it: a
 * short bar from the back down to the floor with a tick at each end; it
 * shrinks as the back presses down until the two ticks meet, and then
 * one longer tick lies flat along the mat under the back: pressed flat. */
static void draw_gap(LbMesh *m, const LbFigureView *vw, const LbFigureMarks *mk, float ppm)
{
    SDL_FPoint a = lb_figure_project(vw, mk->gap_top), b = lb_figure_project(vw, mk->gap_bottom);
    float len = hypotf(b.x - a.x, b.y - a.y);
    float r = fmaxf(0.008f * ppm, 1.5f), tick = fmaxf(0.035f * ppm, 4.0f);
    Rgba col = faded(COL_GAP, mk->fade);
    lb_mesh_item(m, 1, 0);
    LmVec3 d = lm_v3_sub(mk->gap_top, mk->gap_bottom);
    if (lm_v3_len(d) < GAP_FLAT_M) {
        float flat = 1.6f * tick;
        lb_mesh_capsule(m, (SDL_FPoint){b.x - flat, b.y}, (SDL_FPoint){b.x + flat, b.y}, 1.4f * r, col);
        return;
    }
    if (len < 2.5f * r + 2.0f)
        return; /* open, but too small to draw at this size */
    float ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
    lb_mesh_capsule(m, a, b, r, col);
    SDL_FPoint ends[2] = {a, b};
    for (int k = 0; k < 2; k++)
        lb_mesh_capsule(m, (SDL_FPoint){ends[k].x - uy * tick, ends[k].y + ux * tick},
                        (SDL_FPoint){ends[k].x + uy * tick, ends[k].y - ux * tick}, r, col);
}

bool lb_figure_draw_marks(LbFigure *fg, SDL_Renderer *r, const LbFigureView *vw, const LbFigureMarks *mk)
{
    if (!mk || mk->fade <= 0.0f || (mk->n_arrows == 0 && mk->n_spots == 0 && !mk->gap))
        return true;
    LbMesh *m = lb_figure_mesh(fg);
    lb_mesh_begin(m, !m->list ? -1 : vw->clip ? LB_MESH_INSET_MARKS : mk->under ? LB_MESH_UNDER_MARKS : LB_MESH_MARKS);
    m->clip_on = vw->clip;
    m->clip = vw->rect;
    float ppm = (float)lb_figure_px_per_m(vw);
    for (int k = 0; k < mk->n_spots && k < LB_MARK_SPOTS; k++) {
        SDL_FPoint c = lb_figure_project(vw, mk->spot[k]);
        float rr = (float)(mk->spot_r_m * ppm) * GLOW_SPREAD;
        Rgba g = COL_GLOW;
        g.a = (Uint8)lroundf(GLOW_ALPHA * fminf(mk->fade, 1.0f));
        lb_mesh_soft(m, c, rr, rr, 0.05f, g);
    }
    for (int a = 0; a < mk->n_arrows && a < 2; a++)
        draw_arrow(m, vw, mk, a, ppm);
    if (mk->gap)
        draw_gap(m, vw, mk, ppm);
    lb_mesh_emit_items(m);
    bool ok = lb_mesh_finish(m, r);
    m->clip_on = false;
    lb_mesh_end(m);
    return ok;
}
