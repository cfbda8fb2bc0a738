/* tess: convex shapes, rounded boxes, circles and ring arcs as triangles
 * with a one-pixel feathered rim (anti-aliasing without multisampling),
 * queued for SDL_RenderGeometry or a draw list. */
#include "tess.h"

#include <math.h>
#include <stdlib.h>

#include "raster.h"

#define LB_TESS_PI 3.14159265358979323846

static int tess_round(double v) { return (int)floor(v + 0.5); }

/* Clamp, with NaN taken as lo. */
static float tess_clampf(float v, float lo, float hi) { return !(v >= lo) ? lo : v > hi ? hi : v; }

void lb_tess_clear(LbTess *t) { t->n_vtx = t->n_idx = 0; }

void lb_tess_free(LbTess *t)
{
    free(t->vtx);
    free(t->idx);
    *t = (LbTess){0};
}

bool lb_tess_reserve(LbTess *t, int nv, int ni)
{
    if (t->n_vtx + nv > t->cap_vtx) {
        int cap = t->cap_vtx ? t->cap_vtx : 1024;
        while (cap < t->n_vtx + nv)
            cap *= 2;
        SDL_Vertex *v = realloc(t->vtx, (size_t)cap * sizeof *v);
        if (!v)
            return false;
        t->vtx = v;
        t->cap_vtx = cap;
    }
    if (t->n_idx + ni > t->cap_idx) {
        int cap = t->cap_idx ? t->cap_idx : 2048;
        while (cap < t->n_idx + ni)
            cap *= 2;
        int *ix = realloc(t->idx, (size_t)cap * sizeof *ix);
        if (!ix)
            return false;
        t->idx = ix;
        t->cap_idx = cap;
    }
    return true;
}

int lb_tess_vertex(LbTess *t, float x, float y, SDL_Color c, float a)
{
    SDL_Vertex *v = &t->vtx[t->n_vtx];
    v->position.x = x;
    v->position.y = y;
    v->color = c;
    v->color.a = (Uint8)tess_round(c.a * tess_clampf(a, 0.0f, 1.0f));
    v->tex_coord.x = v->tex_coord.y = 0;
    return t->n_vtx++;
}

void lb_tess_tri(LbTess *t, int a, int b, int c)
{
    t->idx[t->n_idx++] = a;
    t->idx[t->n_idx++] = b;
    t->idx[t->n_idx++] = c;
}

/* Unit outward normal at point i of a closed convex outline around (cx, cy):
 * the mean of the two edge normals, pointing away from the centre whichever
 * way the points run. */
static SDL_FPoint tess_normal(const SDL_FPoint *pts, int n, int i, float cx, float cy)
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

static SDL_FPoint tess_centroid(const SDL_FPoint *pts, int n)
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
static void tess_strip(LbTess *t, int base, int stride, int n)
{
    t->n_idx += lb_raster_strip(t->vtx, base, stride, n, t->idx + t->n_idx);
}

/* A convex polygon with a one-pixel feathered rim (anti-aliasing without
 * multisampling). pts are in order around the shape. */
void lb_tess_convex(LbTess *t, const SDL_FPoint *pts, int n, SDL_Color c, float alpha)
{
    if (n < 3 || !lb_tess_reserve(t, 2 * n, 9 * n))
        return;
    SDL_FPoint m = tess_centroid(pts, n);
    int base = t->n_vtx;
    for (int i = 0; i < n; i++) {
        SDL_FPoint nv = tess_normal(pts, n, i, m.x, m.y);
        lb_tess_vertex(t, pts[i].x - nv.x * 0.5f, pts[i].y - nv.y * 0.5f, c, alpha);
        lb_tess_vertex(t, pts[i].x + nv.x * 0.5f, pts[i].y + nv.y * 0.5f, c, 0.0f);
    }
    tess_strip(t, base, 2, n);
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        int pi = base + 2 * i, qi = pi + 1, pj = base + 2 * j, qj = pj + 1;
        lb_tess_tri(t, pi, qi, qj);
        lb_tess_tri(t, pi, qj, pj);
    }
}

/* The inside band, `thick` pixels wide, of a convex outline: a frame that
 * leaves what is inside it untouched. */
void lb_tess_outline(LbTess *t, const SDL_FPoint *pts, int n, float thick, SDL_Color c, float alpha)
{
    if (n < 3 || !lb_tess_reserve(t, 4 * n, 18 * n))
        return;
    SDL_FPoint m = tess_centroid(pts, n);
    const float off[4] = {-thick - 0.5f, -thick + 0.5f, -0.5f, 0.5f};
    const float aa[4] = {0.0f, 1.0f, 1.0f, 0.0f};
    int base = t->n_vtx;
    for (int i = 0; i < n; i++) {
        SDL_FPoint nv = tess_normal(pts, n, i, m.x, m.y);
        for (int k = 0; k < 4; k++)
            lb_tess_vertex(t, pts[i].x + nv.x * off[k], pts[i].y + nv.y * off[k], c, alpha * aa[k]);
    }
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        for (int k = 0; k < 3; k++) {
            int a = base + 4 * i + k, b = a + 1, d = base + 4 * j + k, e = d + 1;
            lb_tess_tri(t, a, b, e);
            lb_tess_tri(t, a, e, d);
        }
    }
}

/* Chords for an arc of `angle` radians at radius r (pixels): as few as keep
 * each within 0.2 px of the circle at the outer edge of its feather, from
 * lo to hi. A small circle needs a few, a large one more. */
int lb_tess_segs(float angle, float r, int lo, int hi)
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
int lb_tess_rounded_points(SDL_FRect b, const float rad_in[4], SDL_FPoint *pts)
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
        int segs = rad[k] > 0 ? lb_tess_segs((float)LB_TESS_PI * 0.5f, rad[k], 1, LB_TESS_CORNER_SEG) : 0;
        for (int s = 0; s <= segs; s++) {
            /* k=0: top right, angles 0..90 measured upward (screen y down). */
            float a = (float)(LB_TESS_PI * 0.5 * (k + (segs ? (double)s / segs : 0.5)));
            pts[n].x = cxs[k] + rad[k] * cosf(a);
            pts[n].y = cys[k] - rad[k] * sinf(a);
            n++;
        }
    }
    return n;
}

void lb_tess_rounded(LbTess *t, SDL_FRect b, float rad, SDL_Color c, float alpha)
{
    SDL_FPoint pts[LB_TESS_ROUNDED_PTS];
    const float r4[4] = {rad, rad, rad, rad};
    lb_tess_convex(t, pts, lb_tess_rounded_points(b, r4, pts), c, alpha);
}

void lb_tess_rounded_frame(LbTess *t, SDL_FRect b, float rad, float thick, SDL_Color c, float alpha)
{
    SDL_FPoint pts[LB_TESS_ROUNDED_PTS];
    const float r4[4] = {rad, rad, rad, rad};
    lb_tess_outline(t, pts, lb_tess_rounded_points(b, r4, pts), thick, c, alpha);
}

void lb_tess_circle(LbTess *t, float cx, float cy, float rad, SDL_Color c, float alpha)
{
    enum { NMAX = 72 };
    SDL_FPoint pts[NMAX];
    int N = lb_tess_segs(2.0f * (float)LB_TESS_PI, rad, 8, NMAX);
    for (int i = 0; i < N; i++) {
        double a = 2.0 * LB_TESS_PI * i / N;
        pts[i].x = cx + rad * (float)cos(a);
        pts[i].y = cy + rad * (float)sin(a);
    }
    lb_tess_convex(t, pts, N, c, alpha);
}

/* An arc of a ring between radii r0 < r1, from 12 o'clock clockwise over
 * `turn` of a full circle (0..1), with feathered inner and outer rims; in
 * a part: 1 its whole segments only, 2 the cut one at its end only, 0
 * both. */
void lb_tess_arc_part(LbTess *t, float cx, float cy, float r0, float r1, float turn, SDL_Color c, float alpha, int part)
{
    turn = tess_clampf(turn, 0.0f, 1.0f);
    if (turn <= 0.0f || r1 <= r0)
        return;
    /* Segments at fixed angles (as many as the whole circle needs), the
     * last one cut where the arc ends: as a countdown ring empties, only
     * its end moves, so a frame redraws only the pixels around the end. */
    int full = lb_tess_segs(2.0f * (float)LB_TESS_PI, r1, 16, 720);
    int whole = (int)floor((double)turn * full + 1e-6); /* segments that end on a fixed angle */
    if (whole > full)
        whole = full;
    int n = whole + ((double)turn * full - whole > 1e-6 ? 1 : 0);
    int i0 = part == 2 ? whole : 0;
    if (part == 1)
        n = whole;
    if (n - i0 < 1)
        return;
    if (!lb_tess_reserve(t, 4 * (n - i0 + 1), 18 * (n - i0)))
        return;
    const float rr[4] = {r0 - 0.5f, r0 + 0.5f, r1 - 0.5f, r1 + 0.5f};
    const float aa[4] = {0.0f, 1.0f, 1.0f, 0.0f};
    int base = t->n_vtx - 4 * i0; /* vertex i of the arc is base + 4 i */
    for (int i = i0; i <= n; i++) {
        double step = i <= whole ? (double)i : (double)turn * full;
        double a = -LB_TESS_PI * 0.5 + 2.0 * LB_TESS_PI * step / full;
        float ca = (float)cos(a), sa = (float)sin(a);
        for (int k = 0; k < 4; k++)
            lb_tess_vertex(t, cx + rr[k] * ca, cy + rr[k] * sa, c, alpha * aa[k]);
    }
    for (int i = i0; i < n; i++)
        for (int k = 0; k < 3; k++) {
            int a = base + 4 * i + k, b = a + 1, d = a + 4, e = b + 4;
            lb_tess_tri(t, a, b, e);
            lb_tess_tri(t, a, e, d);
        }
}

void lb_tess_arc(LbTess *t, float cx, float cy, float r0, float r1, float turn, SDL_Color c, float alpha)
{
    lb_tess_arc_part(t, cx, cy, r0, r1, turn, c, alpha, 0);
}

void lb_tess_quad(LbTess *t, float x, float y, float w, float h, SDL_Color c, float alpha)
{
    SDL_FPoint p[4] = {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
    lb_tess_convex(t, p, 4, c, alpha);
}
