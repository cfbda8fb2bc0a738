/* figure_mesh: tessellation and batching of the figure's shapes (see
 * figure_mesh.h). A capsule is an opaque core (a zig-zag strip over the
 * outline) plus a FEATHER_PX ring whose outer vertices have alpha 0: the
 * anti-aliasing. */
#include "figure_mesh.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lm_math.h"
#include "hash.h"
#include "raster.h"

/* Alpha levels a soft ellipse's coarse outline may cost: a contact shadow
 * (alpha 70 at most, dark on a dark floor) then moves a pixel by a level or
 * two at most, and needs a quarter fewer triangles than at 2 levels. */
#define SOFT_ALPHA_ERR 4.0f

void lb_mesh_begin(LbMesh *fg, int slot)
{
    fg->was = NULL;
    fg->w = &fg->batch[0];
    if (slot >= 0) {
        fg->was = &fg->batch[1 + 2 * slot + fg->last[slot]];
        fg->w = &fg->batch[1 + 2 * slot + !fg->last[slot]];
    }
    Batch *b = fg->w;
    b->nv = b->ni = b->nshape = b->nrecipe = 0;
    b->kept = false;
    fg->slot = slot;
    fg->nprim = fg->nitem = 0;
    fg->oom = false;
    fg->copied = NULL;
}

void lb_mesh_end(LbMesh *fg)
{
    if (fg->slot >= 0 && fg->w->kept)
        fg->last[fg->slot] = !fg->last[fg->slot]; /* this batch is the one to copy from next */
}

void lb_mesh_free(LbMesh *fg)
{
    for (int i = 0; i < 1 + 2 * LB_MESH_SLOTS; i++) {
        free(fg->batch[i].v);
        free(fg->batch[i].idx);
        free(fg->batch[i].shape);
        free(fg->batch[i].recipe);
    }
    free(fg->cut_v);
    free(fg->cut_i);
    fg->cut_v = NULL;
    fg->cut_i = NULL;
    fg->cap_cut_v = fg->cap_cut_i = 0;
}

/* ---- primitive list -------------------------------------------------- */

void lb_mesh_item(LbMesh *fg, int layer, double z)
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

static Prim *prim_add(LbMesh *fg)
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
Prim *lb_mesh_capsule2(LbMesh *fg, SDL_FPoint a, SDL_FPoint b, float ra, float rb, Rgba c)
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

void lb_mesh_capsule(LbMesh *fg, SDL_FPoint a, SDL_FPoint b, float r, Rgba c) { lb_mesh_capsule2(fg, a, b, r, r, c); }

void lb_mesh_poly(LbMesh *fg, const SDL_FPoint *pts, int n, Rgba c)
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
static bool reserve(LbMesh *fg, int nv, int ni)
{
    Batch *b = fg->w;
    return grow_to((void **)&b->v, &b->cap_v, b->nv + nv, sizeof *b->v, 1024) &&
           grow_to((void **)&b->idx, &b->cap_i, b->ni + ni, sizeof *b->idx, 4096);
}

/* A hash of a recipe's bytes (a Prim is zeroed before it is filled, so
 * its padding is too). */
static uint64_t recipe_key(const Prim *rec, int nr)
{
    return lb_hash_bytes(rec, (size_t)nr * sizeof *rec, (uint64_t)nr);
}

/* The shape made since the last one ends here; rec (nr primitives) is
 * what made it. */
static void shape_end(LbMesh *fg, const Prim *rec, int nr)
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
    /* copied from the last frame: its indices came relative, and its box */
    const Shape *from = fg->copied;
    sh->rel = from != NULL;
    sh->box_ok = from && from->box_ok;
    if (sh->box_ok)
        memcpy(sh->box, from->box, sizeof sh->box);
    fg->copied = NULL;
    memcpy(b->recipe + b->nrecipe, rec, sizeof *rec * (size_t)nr);
    b->nrecipe += nr;
}

/* When the last frame's batch has a shape made from the same recipe, copy
 * its vertices and indices (what making it again would give; the indices
 * as that batch keeps them, relative to the shape's first vertex) and say
 * so; else false, and the caller makes it. */
static bool shape_reuse(LbMesh *fg, const Prim *rec, int nr)
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
        memcpy(b->idx + b->ni, p->idx + sh->i0, sizeof *b->idx * (size_t)ni);
        b->nv += nv;
        b->ni += ni;
        fg->reused++;
        fg->copied = sh;
        return true;
    }
    return false;
}

static int vert(LbMesh *fg, float x, float y, Rgba c, Uint8 a)
{
    SDL_Vertex *v = &fg->w->v[fg->w->nv];
    v->position = (SDL_FPoint){x, y};
    v->color = (SDL_Color){c.r, c.g, c.b, a};
    v->tex_coord = (SDL_FPoint){0, 0};
    return fg->w->nv++;
}

static void tri(LbMesh *fg, int a, int b, int c)
{
    fg->w->idx[fg->w->ni++] = a;
    fg->w->idx[fg->w->ni++] = b;
    fg->w->idx[fg->w->ni++] = c;
}

/* Fill the convex polygon of n vertices base, base + stride, ... with a
 * scanline-friendly strip (lb_raster_strip). */
static void zigzag(LbMesh *fg, int base, int stride, int n)
{
    fg->w->ni += lb_raster_strip(fg->w->v, base, stride, n, fg->w->idx + fg->w->ni);
}

/* The outline at radii rad[] around centres ctr[] along directions dir[]:
 * opaque inside, a feather across the edge, except along the sides k to
 * k + 1 whose bit k is set in `bare` (ends that something else covers). */
static void emit_ring(LbMesh *fg, const SDL_FPoint *ctr, const SDL_FPoint *dir, const float *rad, int n, Rgba c,
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
    if (n < 2)
        n = 2;
    if (n > ARC_MAX / 2 - 1)
        n = ARC_MAX / 2 - 1;
    /* the mean of corner (1) and chord middle (cos h) lands on the circle */
    float ch = cosf(0.5f * angle / (float)n);
    *grow = 2.0f / (1.0f + ch);
    return n;
}

/* The outline of two circles joined by their outer tangents: around b for
 * normals within +-alpha of the a->b direction, around a for the rest,
 * where cos(alpha) = (ra - rb) / |ab| (90 degrees when the radii match). */
static void emit_capsule(LbMesh *fg, const Prim *p)
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
static void emit_poly(LbMesh *fg, const Prim *p)
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
        if (l0 < 1e-6f)
            l0 = 1e-6f;
        if (l1 < 1e-6f)
            l1 = 1e-6f;
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
    if (a->z < b->z)
        return -1;
    if (a->z > b->z)
        return 1;
    return a->order - b->order;
}

/* Sort the queued items back to front, tessellate them and empty the queue. */
void lb_mesh_emit_items(LbMesh *fg)
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

/* A soft screen-space ellipse: opaque out to `solid` of its radii, fading
 * to transparent at the rim. Under an orthographic camera a circle on the
 * floor is exactly such an ellipse (radii r and r * sin(pitch)), whatever
 * the yaw. Emitted straight into the buffers: the ground is drawn first. */
static void emit_soft_ellipse(LbMesh *fg, SDL_FPoint c, float rx, float ry, float solid, Rgba col)
{
    if (col.a == 0)
        return; /* blends to nothing */
    /* Sides enough that the rim strays under half a pixel from the true
     * ellipse (r (1 - cos(pi / N)) ~ r pi^2 / 2N^2), where it is faded
     * out anyway: a contact shadow needs a third of what the floor pool
     * does. A multiple of four, so the outline stays symmetric. */
    float r = fmaxf(rx, ry);
    int N = (int)ceilf((float)LM_PI * sqrtf(fmaxf(r, 0.0f)) / 4.0f) * 4;
    if (N < 12)
        N = 12;
    if (N > 48)
        N = 48;
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

/* Hand the batch over: a command of the list per shape, or one
 * SDL_RenderGeometry. */
/* One triangle cut to the clip rectangle (Sutherland-Hodgman, colours
 * interpolated along the cut edges); up to 7 corners out. */
static int clip_tri(const SDL_Vertex in[3], SDL_FRect c, SDL_Vertex out[9])
{
    SDL_Vertex a[9], b[9];
    int n = 3;
    memcpy(a, in, sizeof(SDL_Vertex) * 3);
    for (int plane = 0; plane < 4 && n > 0; plane++) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            const SDL_Vertex *p = &a[i], *q = &a[(i + 1) % n];
            float dp, dq;
            switch (plane) {
            case 0: dp = p->position.x - c.x, dq = q->position.x - c.x; break;
            case 1: dp = c.x + c.w - p->position.x, dq = c.x + c.w - q->position.x; break;
            case 2: dp = p->position.y - c.y, dq = q->position.y - c.y; break;
            default: dp = c.y + c.h - p->position.y, dq = c.y + c.h - q->position.y; break;
            }
            if (dp >= 0)
                b[m++] = *p;
            if ((dp >= 0) != (dq >= 0)) {
                float t = dp / (dp - dq);
                SDL_Vertex v = *p;
                v.position.x += (q->position.x - p->position.x) * t;
                v.position.y += (q->position.y - p->position.y) * t;
                v.color.r = (Uint8)lroundf(p->color.r + (q->color.r - p->color.r) * t);
                v.color.g = (Uint8)lroundf(p->color.g + (q->color.g - p->color.g) * t);
                v.color.b = (Uint8)lroundf(p->color.b + (q->color.b - p->color.b) * t);
                v.color.a = (Uint8)lroundf(p->color.a + (q->color.a - p->color.a) * t);
                b[m++] = v;
            }
        }
        n = m;
        memcpy(a, b, sizeof(SDL_Vertex) * (size_t)n);
    }
    memcpy(out, a, sizeof(SDL_Vertex) * (size_t)n);
    return n;
}

/* Whether clip_tri keeps triangle t as it is: every corner on the inner
 * side of all four edges, by the same sums clip_tri works out. */
static bool tri_inside(const SDL_Vertex t[3], SDL_FRect c)
{
    for (int i = 0; i < 3; i++) {
        SDL_FPoint p = t[i].position;
        if (!(p.x - c.x >= 0 && c.x + c.w - p.x >= 0 && p.y - c.y >= 0 && c.y + c.h - p.y >= 0))
            return false;
    }
    return true;
}

/* Cut the batch being made to fg->clip: each shape keeps its place and
 * key (mixed with the rectangle's, so a shape cut differently is not
 * taken for the same picture). Every triangle gets vertices of its own,
 * cut or not (a triangle inside the rectangle, as most are, is copied
 * without the cutting, which would give it back as it is). */
static bool clip_batch(LbMesh *fg)
{
    Batch *b = fg->w;
    int cap_v = b->ni * 3 + 16, cap_i = b->ni * 5 + 16;
    if (!grow_to((void **)&fg->cut_v, &fg->cap_cut_v, cap_v, sizeof *fg->cut_v, 1024) ||
        !grow_to((void **)&fg->cut_i, &fg->cap_cut_i, cap_i, sizeof *fg->cut_i, 4096))
        return false;
    SDL_Vertex *v = fg->cut_v;
    int *idx = fg->cut_i;
    uint64_t ck = 0;
    memcpy(&ck, &fg->clip, sizeof ck < sizeof fg->clip ? sizeof ck : sizeof fg->clip);
    int nv = 0, ni = 0;
    for (int k = 0; k < b->nshape; k++) {
        Shape *sh = &b->shape[k];
        int v0 = nv, i0 = ni;
        for (int i = sh->i0; i + 2 < sh->ni; i += 3) {
            SDL_Vertex t[3] = {b->v[b->idx[i]], b->v[b->idx[i + 1]], b->v[b->idx[i + 2]]};
            if (tri_inside(t, fg->clip)) { /* (room: at most 7 vertices and 15 indices a triangle) */
                memcpy(v + nv, t, sizeof t);
                idx[ni++] = nv;
                idx[ni++] = nv + 1;
                idx[ni++] = nv + 2;
                nv += 3;
                continue;
            }
            SDL_Vertex o[9];
            int n = clip_tri(t, fg->clip, o);
            if (n < 3 || nv + n > cap_v || ni + 3 * (n - 2) > cap_i)
                continue;
            for (int j = 0; j < n; j++)
                v[nv + j] = o[j];
            for (int j = 1; j + 1 < n; j++) {
                idx[ni++] = nv;
                idx[ni++] = nv + j;
                idx[ni++] = nv + j + 1;
            }
            nv += n;
        }
        sh->v0 = v0, sh->nv = nv, sh->i0 = i0, sh->ni = ni;
        sh->key = lb_hash_combine(sh->key, ck);
        sh->box_ok = false; /* (rel: make_absolute has cleared it) */
    }
    /* the cut arrays become the batch's; its old ones are the next cut's */
    SDL_Vertex *old_v = b->v;
    int *old_i = b->idx, old_cap_v = b->cap_v, old_cap_i = b->cap_i;
    b->v = v, b->cap_v = fg->cap_cut_v, b->nv = nv;
    b->idx = idx, b->cap_i = fg->cap_cut_i, b->ni = ni;
    fg->cut_v = old_v, fg->cap_cut_v = old_cap_v;
    fg->cut_i = old_i, fg->cap_cut_i = old_cap_i;
    return true;
}

/* Indices of copied shapes made absolute again, for what takes the
 * batch whole (cutting it, one SDL_RenderGeometry). */
static void make_absolute(Batch *b)
{
    for (int k = 0; k < b->nshape; k++) {
        Shape *sh = &b->shape[k];
        if (!sh->rel)
            continue;
        for (int i = sh->i0; i < sh->ni; i++)
            b->idx[i] += sh->v0;
        sh->rel = false;
    }
}

bool lb_mesh_finish(LbMesh *fg, SDL_Renderer *r)
{
    if (fg->oom)
        return false;
    const Shape *end = fg->w->nshape ? &fg->w->shape[fg->w->nshape - 1] : NULL;
    if (fg->clip_on || !fg->list || !end || end->nv != fg->w->nv || end->ni != fg->w->ni)
        make_absolute(fg->w);
    if (fg->clip_on && !clip_batch(fg))
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
            Shape *sh = &b->shape[k];
            if (!sh->rel)
                for (int i = sh->i0; i < sh->ni; i++)
                    b->idx[i] -= sh->v0;
            sh->rel = true;
            if (sh->ni <= sh->i0)
                continue;
            if (!sh->box_ok) {
                lb_draw_vertex_box(b->v + sh->v0, sh->nv - sh->v0, sh->box);
                sh->box_ok = true;
            }
            /* held by reference: the batch stays as it is until this slot's next frame */
            lb_draw_triangles_ref_box(fg->list, b->v + sh->v0, sh->nv - sh->v0, b->idx + sh->i0, sh->ni - sh->i0,
                                      sh->key, sh->box);
        }
        b->kept = true;
        return lb_draw_ok(fg->list);
    }
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    return SDL_RenderGeometry(r, NULL, fg->w->v, fg->w->nv, fg->w->idx, fg->w->ni) == 0;
}

/* A soft ellipse (emit_soft_ellipse) as a shape of its own. */
void lb_mesh_soft(LbMesh *fg, SDL_FPoint c, float rx, float ry, float solid, Rgba col)
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
