/* draw: recorded frames, carried out on a renderer or a surface, and the
 * tile hashes that tell which parts of a frame changed. */
#include "draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "raster.h"

typedef enum { CMD_TRIS, CMD_FILL, CMD_COPY } CmdKind;

typedef struct {
    CmdKind kind;
    SDL_Rect box;   /* the pixels it may touch, inside the frame */
    uint64_t key;   /* FILL, COPY: its content; TRIS: its content when keyed */
    bool keyed;     /* TRIS: key already holds tris_key (lb_draw_seal) */
    int first, n;   /* TRIS: indices [first, first + n) */
    int v0, nv;     /* TRIS: the vertices they index, [v0, v0 + nv) */
    /* TRIS held by reference (lb_draw_triangles_ref, lb_draw_append):
     * the vertices the indices name and the first index, in the caller's
     * arrays; NULL when they are the list's own */
    const SDL_Vertex *xv;
    const int *xi;
    SDL_FRect rect; /* FILL: the rectangle; COPY: the destination */
    SDL_Color c;    /* FILL: the colour; COPY: alpha in c.a */
    SDL_Texture *tex;
} Cmd;

struct LbDraw {
    int w, h;
    Cmd *cmd;
    int n_cmd, cap_cmd;
    SDL_Vertex *v;
    int nv, cap_v;
    int *idx;
    int ni, cap_i;
    int *scratch; /* indices of the triangles inside one rectangle */
    int cap_scratch;
    int n_backdrop;        /* commands [0, n_backdrop) are the backdrop */
    uint64_t backdrop_key; /* their content */
    bool backdrop_cacheable; /* an opaque clear, then triangles and opaque fills */
    bool oom;
};

/* A triangle command's vertices (its indices name these), how many of
 * them an index may name, and its indices. */
static inline const SDL_Vertex *cmd_v(const LbDraw *d, const Cmd *c) { return c->xv ? c->xv : d->v; }
static inline int cmd_nv(const LbDraw *d, const Cmd *c) { return c->xv ? c->v0 + c->nv : d->nv; }
static inline const int *cmd_i(const LbDraw *d, const Cmd *c) { return c->xi ? c->xi : d->idx + c->first; }

static bool grow(void **p, int *cap, int need, size_t size, int first)
{
    if (need <= *cap)
        return true;
    int c = *cap ? *cap : first;
    while (c < need) {
        if (c > (1 << 28))
            return false;
        c *= 2;
    }
    void *q = realloc(*p, (size_t)c * size);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

LbDraw *lb_draw_create(void) { return calloc(1, sizeof(LbDraw)); }

void lb_draw_destroy(LbDraw *d)
{
    if (!d)
        return;
    free(d->cmd);
    free(d->v);
    free(d->idx);
    free(d->scratch);
    free(d);
}

void lb_draw_begin(LbDraw *d, int w, int h)
{
    d->w = w > 0 ? w : 0;
    d->h = h > 0 ? h : 0;
    d->n_cmd = d->nv = d->ni = 0;
    d->n_backdrop = 0;
    d->backdrop_key = 0;
    d->backdrop_cacheable = false;
    d->oom = false;
}

bool lb_draw_ok(const LbDraw *d) { return d && !d->oom; }
int lb_draw_count(const LbDraw *d) { return d ? d->n_cmd : 0; }

/* The pixels a shape spanning [x0, x1] x [y0, y1] may write, with a pixel
 * of margin (pixel centres, rounding), clipped to the frame; w = 0 when
 * none or not finite. */
static SDL_Rect box_of(const LbDraw *d, double x0, double y0, double x1, double y1)
{
    SDL_Rect b = {0, 0, 0, 0};
    if (!(x0 <= x1) || !(y0 <= y1) || !isfinite(x0) || !isfinite(x1) || !isfinite(y0) || !isfinite(y1))
        return b;
    double bx0 = floor(x0) - 1, by0 = floor(y0) - 1, bx1 = ceil(x1) + 1, by1 = ceil(y1) + 1;
    bx0 = bx0 < 0 ? 0 : bx0;
    by0 = by0 < 0 ? 0 : by0;
    bx1 = bx1 > d->w ? d->w : bx1;
    by1 = by1 > d->h ? d->h : by1;
    if (bx0 >= bx1 || by0 >= by1)
        return b;
    b.x = (int)bx0;
    b.y = (int)by0;
    b.w = (int)bx1 - b.x;
    b.h = (int)by1 - b.y;
    return b;
}

static Cmd *push(LbDraw *d)
{
    if (d->oom || !grow((void **)&d->cmd, &d->cap_cmd, d->n_cmd + 1, sizeof *d->cmd, 64)) {
        d->oom = true;
        return NULL;
    }
    Cmd *c = &d->cmd[d->n_cmd++];
    memset(c, 0, sizeof *c);
    return c;
}

static uint64_t hash_rect(uint64_t h, const SDL_FRect *r)
{
    h = lb_mix64(h ^ ((uint64_t)lb_float_bits(r->x) << 32 | lb_float_bits(r->y)));
    return lb_mix64(h ^ ((uint64_t)lb_float_bits(r->w) << 32 | lb_float_bits(r->h)));
}

static uint64_t colour_bits(SDL_Color c)
{
    return (uint64_t)c.r << 24 | (uint64_t)c.g << 16 | (uint64_t)c.b << 8 | c.a;
}

/* The box of the vertices (a vertex no triangle uses only makes it
 * larger; one that is not finite is left out); the corners the wrong
 * way round when none is finite. */
typedef struct {
    float x0, y0, x1, y1;
} Bounds;

static Bounds vertex_bounds(const SDL_Vertex *v, int nv)
{
    float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int k = 0; k < nv; k++) {
        SDL_FPoint p = v[k].position;
        if (!(fabsf(p.x) < 1e30f && fabsf(p.y) < 1e30f))
            continue;
        x0 = p.x < x0 ? p.x : x0;
        x1 = p.x > x1 ? p.x : x1;
        y0 = p.y < y0 ? p.y : y0;
        y1 = p.y > y1 ? p.y : y1;
    }
    return (Bounds){x0, y0, x1, y1};
}

void lb_draw_triangles(LbDraw *d, const SDL_Vertex *v, int nv, const int *idx, int ni)
{
    if (!d || d->oom || !v || !idx || nv <= 0 || ni < 3)
        return;
    ni -= ni % 3;
    if (!grow((void **)&d->v, &d->cap_v, d->nv + nv, sizeof *d->v, 1024) ||
        !grow((void **)&d->idx, &d->cap_i, d->ni + ni, sizeof *d->idx, 2048)) {
        d->oom = true;
        return;
    }
    int base = d->nv, first = d->ni, kept = 0;
    memcpy(d->v + base, v, (size_t)nv * sizeof *v);
    d->nv += nv;
    for (int i = 0; i < ni; i += 3) {
        int a = idx[i], b = idx[i + 1], c = idx[i + 2];
        if ((unsigned)a >= (unsigned)nv || (unsigned)b >= (unsigned)nv || (unsigned)c >= (unsigned)nv)
            continue;
        int *o = d->idx + first + kept;
        o[0] = base + a;
        o[1] = base + b;
        o[2] = base + c;
        kept += 3;
    }
    if (!kept) {
        d->nv = base;
        return;
    }
    Bounds r = vertex_bounds(v, nv);
    Cmd *c = push(d);
    if (!c)
        return;
    d->ni += kept;
    c->kind = CMD_TRIS;
    c->first = first;
    c->v0 = base;
    c->nv = nv;
    c->n = kept;
    c->box = box_of(d, r.x0, r.y0, r.x1, r.y1);
}

void lb_draw_triangles_ref(LbDraw *d, const SDL_Vertex *v, int nv, const int *idx, int ni, uint64_t key)
{
    if (!d || d->oom || !v || !idx || nv <= 0 || ni < 3 || ni % 3 != 0)
        return lb_draw_triangles_keyed(d, v, nv, idx, ni, key);
    for (int i = 0; i < ni; i++)
        if ((unsigned)idx[i] >= (unsigned)nv) /* copied instead, without the triangles that stray */
            return lb_draw_triangles_keyed(d, v, nv, idx, ni, key);
    Bounds r = vertex_bounds(v, nv);
    Cmd *c = push(d);
    if (!c)
        return;
    c->kind = CMD_TRIS;
    c->xv = v;
    c->xi = idx;
    c->v0 = 0;
    c->nv = nv;
    c->n = ni;
    c->box = box_of(d, r.x0, r.y0, r.x1, r.y1);
    c->key = key;
    c->keyed = true;
}

void lb_draw_triangles_keyed(LbDraw *d, const SDL_Vertex *v, int nv, const int *idx, int ni, uint64_t key)
{
    int before = d ? d->n_cmd : 0;
    lb_draw_triangles(d, v, nv, idx, ni);
    /* the key names what was given: every triangle must have been kept */
    if (d && !d->oom && d->n_cmd == before + 1 && d->cmd[before].n == ni - ni % 3 && ni % 3 == 0) {
        d->cmd[before].key = key;
        d->cmd[before].keyed = true;
    }
}

void lb_draw_fill(LbDraw *d, const SDL_FRect *r, SDL_Color col)
{
    if (!d || d->oom)
        return;
    SDL_FRect all = {0, 0, (float)d->w, (float)d->h};
    if (!r)
        r = &all;
    Cmd *c = push(d);
    if (!c)
        return;
    c->kind = CMD_FILL;
    c->rect = *r;
    c->c = col;
    c->box = box_of(d, r->x, r->y, (double)r->x + r->w, (double)r->y + r->h);
    c->key = lb_mix64(hash_rect(1, r) ^ colour_bits(col));
}

void lb_draw_copy(LbDraw *d, SDL_Texture *tex, uint64_t key, const SDL_FRect *dst, Uint8 a)
{
    if (!d || d->oom || !tex || !dst)
        return;
    Cmd *c = push(d);
    if (!c)
        return;
    c->kind = CMD_COPY;
    c->tex = tex;
    c->rect = *dst;
    c->c.a = a;
    c->box = box_of(d, dst->x, dst->y, (double)dst->x + dst->w, (double)dst->y + dst->h);
    c->key = lb_mix64(hash_rect(lb_mix64(key + 2), dst) ^ a);
}

/* A vertex as 64 bits: position and colour, each multiplied into a
 * different part (cheap; the tile hashes mix further). */
static inline uint64_t vertex_bits(const SDL_Vertex *v)
{
    return (lb_float_bits(v->position.x) * 0x9e3779b97f4a7c15ull) ^ (lb_float_bits(v->position.y) * 0xc2b2ae3d27d4eb4full) ^
           (colour_bits(v->color) * 0x165667b19e3779f9ull);
}

static inline uint64_t rotl64(uint64_t x, int k) { return x << k | x >> (64 - k); }

/* The content of triangle command c: its vertices and its indices. vh
 * holds its vertices' hashes (vertex_bits) when the caller has them, else
 * NULL. */
static uint64_t tris_key(const LbDraw *d, const Cmd *c, const uint64_t *vh)
{
    uint64_t key = lb_mix64(((uint64_t)c->nv << 32) ^ (uint64_t)c->n);
    for (int k = 0; k < c->nv; k++)
        key = rotl64((key ^ (vh ? vh[k] : vertex_bits(&cmd_v(d, c)[c->v0 + k]))) * 0x9e3779b97f4a7c15ull, 23);
    /* the indices two at a time (a command holds whole triangles) */
    const int *ix = cmd_i(d, c);
    const uint32_t v0 = (uint32_t)c->v0;
    int k = 0;
    for (; k + 1 < c->n; k += 2) {
        uint64_t two = (uint64_t)((uint32_t)ix[k] - v0) << 32 | ((uint32_t)ix[k + 1] - v0);
        key = rotl64((key ^ two) * 0xc2b2ae3d27d4eb4full, 19);
    }
    if (k < c->n)
        key = rotl64((key ^ ((uint32_t)ix[k] - v0)) * 0xc2b2ae3d27d4eb4full, 19);
    return lb_mix64(key);
}

void lb_draw_mark_backdrop(LbDraw *d)
{
    if (!d || d->oom)
        return;
    d->n_backdrop = d->n_cmd;
    uint64_t h = lb_mix64((uint64_t)d->w << 32 | (uint32_t)d->h);
    bool cacheable = d->n_cmd > 0;
    for (int i = 0; i < d->n_cmd; i++) {
        const Cmd *c = &d->cmd[i];
        h = lb_mix64(h ^ (uint64_t)c->kind ^ (c->kind == CMD_TRIS && !c->keyed ? tris_key(d, c, NULL) : c->key));
        if (i == 0) /* the clear: opaque, over the whole frame */
            cacheable &= c->kind == CMD_FILL && c->c.a == 255 && c->rect.x <= 0 && c->rect.y <= 0 &&
                         c->rect.x + c->rect.w >= (float)d->w && c->rect.y + c->rect.h >= (float)d->h;
        else
            cacheable &= c->kind == CMD_TRIS || (c->kind == CMD_FILL && c->c.a == 255);
    }
    d->backdrop_key = h;
    d->backdrop_cacheable = cacheable;
}

void lb_draw_seal(LbDraw *d)
{
    if (!d || d->oom)
        return;
    for (int i = 0; i < d->n_cmd; i++) {
        Cmd *c = &d->cmd[i];
        if (c->kind == CMD_TRIS && !c->keyed) {
            c->key = tris_key(d, c, NULL);
            c->keyed = true;
        }
    }
}

LbDrawMark lb_draw_mark(const LbDraw *d)
{
    LbDrawMark m = {0, 0, 0};
    if (d)
        m = (LbDrawMark){d->n_cmd, d->nv, d->ni};
    return m;
}

bool lb_draw_rewind(LbDraw *d, LbDrawMark m)
{
    if (!d || m.n_cmd > d->n_cmd || m.nv > d->nv || m.ni > d->ni || m.n_cmd < d->n_backdrop)
        return false;
    d->n_cmd = m.n_cmd;
    d->nv = m.nv;
    d->ni = m.ni;
    return true;
}

void lb_draw_append(LbDraw *d, const LbDraw *src)
{
    if (!d || d->oom || !src || src == d)
        return;
    if (src->oom) {
        d->oom = true;
        return;
    }
    for (int i = 0; i < src->n_cmd; i++) {
        const Cmd *c = &src->cmd[i];
        switch (c->kind) {
        case CMD_TRIS: {
            /* Held by reference to src's vertices and indices (checked
             * when src recorded them), not copied: the same content, so
             * its key too, and on a frame of the same size the same box. */
            Cmd *o = push(d);
            if (!o)
                return;
            *o = *c;
            o->xv = cmd_v(src, c);
            o->xi = cmd_i(src, c);
            o->first = 0;
            if (src->w != d->w || src->h != d->h) {
                Bounds r = vertex_bounds(o->xv + o->v0, o->nv);
                o->box = box_of(d, r.x0, r.y0, r.x1, r.y1);
            }
            break;
        }
        case CMD_FILL:
            lb_draw_fill(d, &c->rect, c->c);
            break;
        case CMD_COPY: {
            Cmd *o = push(d);
            if (!o)
                return;
            *o = *c;
            o->box = box_of(d, c->rect.x, c->rect.y, (double)c->rect.x + c->rect.w, (double)c->rect.y + c->rect.h);
            break;
        }
        }
    }
}

/* ---- carrying it out ------------------------------------------------------ */

static bool copy_through(SDL_Renderer *r, const Cmd *c)
{
    SDL_SetTextureAlphaMod(c->tex, c->c.a);
    return SDL_RenderCopyF(r, c->tex, NULL, &c->rect) == 0;
}

static bool fill_through(SDL_Renderer *r, const Cmd *c)
{
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, c->c.r, c->c.g, c->c.b, c->c.a);
    return SDL_RenderFillRectF(r, &c->rect) == 0;
}

bool lb_draw_to_renderer(const LbDraw *d, SDL_Renderer *r)
{
    if (!d || !r)
        return false;
    bool ok = !d->oom;
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    for (int i = 0; i < d->n_cmd; i++) {
        const Cmd *c = &d->cmd[i];
        switch (c->kind) {
        case CMD_TRIS:
            ok &= SDL_RenderGeometry(r, NULL, cmd_v(d, c), cmd_nv(d, c), cmd_i(d, c), c->n) == 0;
            break;
        case CMD_FILL:
            ok &= fill_through(r, c);
            break;
        case CMD_COPY:
            ok &= copy_through(r, c);
            break;
        }
    }
    return ok;
}

static bool overlaps(const SDL_Rect *a, const SDL_Rect *b)
{
    return a->w > 0 && b->w > 0 && a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h &&
           b->y < a->y + a->h;
}

/* The triangles of c that may touch clip, rasterised into surf (whose clip
 * rectangle is clip). */
static bool tris_into(LbDraw *d, const Cmd *c, SDL_Surface *surf, const SDL_Rect *clip)
{
    if (!grow((void **)&d->scratch, &d->cap_scratch, c->n, sizeof *d->scratch, 2048))
        return false;
    float cx0 = (float)clip->x - 2, cy0 = (float)clip->y - 2;
    float cx1 = (float)(clip->x + clip->w) + 2, cy1 = (float)(clip->y + clip->h) + 2;
    int n = 0;
    const int *ix = cmd_i(d, c);
    const SDL_Vertex *v = cmd_v(d, c);
    for (int i = 0; i < c->n; i += 3) {
        SDL_FPoint a = v[ix[i]].position, b = v[ix[i + 1]].position, e = v[ix[i + 2]].position;
        /* wholly to one side of the clip (a margin for pixel centres): skip */
        if ((a.x < cx0 && b.x < cx0 && e.x < cx0) || (a.x > cx1 && b.x > cx1 && e.x > cx1) ||
            (a.y < cy0 && b.y < cy0 && e.y < cy0) || (a.y > cy1 && b.y > cy1 && e.y > cy1))
            continue;
        d->scratch[n++] = ix[i];
        d->scratch[n++] = ix[i + 1];
        d->scratch[n++] = ix[i + 2];
    }
    return n == 0 || lb_raster_triangles(surf, v, cmd_nv(d, c), d->scratch, n);
}

/* ---- the backdrop's pixels ----------------------------------------------- */

struct LbBackdrop {
    SDL_Surface *pix;  /* the backdrop inside box, in the target's format */
    SDL_Rect box;      /* where pix lies on the target; outside it, the clear */
    Uint32 clear_px;   /* the clear colour in the target's format */
    int w, h;          /* the frame it was drawn for */
    Uint32 format;
    uint64_t key;      /* the backdrop it holds (valid) */
    uint64_t seen_key; /* the backdrop of the last frame drawn without it */
    bool valid;
    SDL_Vertex *tv;    /* vertices moved into pix's coordinates */
    int cap_tv;
    int *ti;           /* and their indices */
    int cap_ti;
    int builds;
};

LbBackdrop *lb_backdrop_create(void) { return calloc(1, sizeof(LbBackdrop)); }

void lb_backdrop_destroy(LbBackdrop *b)
{
    if (!b)
        return;
    SDL_FreeSurface(b->pix);
    free(b->tv);
    free(b->ti);
    free(b);
}

int lb_backdrop_builds(const LbBackdrop *b) { return b ? b->builds : 0; }

/* Draw the backdrop of d (all but its clear) into b->pix, which covers
 * b->box of the target, translated by the box's corner. Integer shifts
 * of coordinates this size are exact in float, and the rasteriser's
 * result depends only on where a pixel lies relative to the corners, so
 * the pixels are those the target would get. */
static bool backdrop_draw(LbBackdrop *b, const LbDraw *d)
{
    SDL_FillRect(b->pix, NULL, b->clear_px);
    const float ox = (float)b->box.x, oy = (float)b->box.y;
    for (int i = 1; i < d->n_backdrop; i++) {
        const Cmd *c = &d->cmd[i];
        if (c->kind == CMD_FILL) {
            SDL_Rect px = {(int)c->rect.x, (int)c->rect.y, (int)c->rect.w, (int)c->rect.h}, r;
            if (SDL_IntersectRect(&px, &c->box, &r) && SDL_IntersectRect(&r, &b->box, &r)) {
                r.x -= b->box.x;
                r.y -= b->box.y;
                SDL_FillRect(b->pix, &r, SDL_MapRGBA(b->pix->format, c->c.r, c->c.g, c->c.b, 255));
            }
            continue;
        }
        if (!grow((void **)&b->tv, &b->cap_tv, c->nv, sizeof *b->tv, 1024) ||
            !grow((void **)&b->ti, &b->cap_ti, c->n, sizeof *b->ti, 2048))
            return false;
        const SDL_Vertex *cv = cmd_v(d, c);
        const int *ci = cmd_i(d, c);
        for (int k = 0; k < c->nv; k++) {
            b->tv[k] = cv[c->v0 + k];
            b->tv[k].position.x -= ox;
            b->tv[k].position.y -= oy;
        }
        for (int k = 0; k < c->n; k++)
            b->ti[k] = ci[k] - c->v0;
        if (!lb_raster_triangles(b->pix, b->tv, c->nv, b->ti, c->n))
            return false;
    }
    return true;
}

/* True when b holds d's backdrop for surf, drawing it first when the same
 * backdrop comes a second frame running (the first frame after a change,
 * usually a cut, is drawn without it: a backdrop that changes every frame
 * would otherwise be drawn twice a frame). */
static bool backdrop_ready(LbBackdrop *b, const LbDraw *d, const SDL_Surface *surf)
{
    if (!b || !d->backdrop_cacheable || d->n_backdrop < 2 || surf->w != d->w || surf->h != d->h)
        return false;
    if (b->valid && b->key == d->backdrop_key && b->w == d->w && b->h == d->h && b->format == surf->format->format)
        return true;
    b->valid = false;
    if (b->seen_key != d->backdrop_key) {
        b->seen_key = d->backdrop_key;
        return false;
    }
    SDL_Rect box = {0, 0, 0, 0};
    for (int i = 1; i < d->n_backdrop; i++)
        if (d->cmd[i].box.w > 0)
            SDL_UnionRect(&box, &d->cmd[i].box, &box);
    if (box.w <= 0 || box.h <= 0)
        return false;
    if (!b->pix || b->pix->w != box.w || b->pix->h != box.h || b->pix->format->format != surf->format->format) {
        SDL_FreeSurface(b->pix);
        b->pix = SDL_CreateRGBSurfaceWithFormat(0, box.w, box.h, 32, surf->format->format);
        if (!b->pix)
            return false;
    }
    const SDL_Color k = d->cmd[0].c;
    b->clear_px = SDL_MapRGBA(surf->format, k.r, k.g, k.b, 255);
    b->box = box;
    b->w = d->w;
    b->h = d->h;
    b->format = surf->format->format;
    if (!backdrop_draw(b, d))
        return false;
    b->key = d->backdrop_key;
    b->valid = true;
    b->builds++;
    return true;
}

/* Put the backdrop's pixels back inside clip: copied from b where it
 * covers them, the clear elsewhere. */
static void backdrop_restore(const LbBackdrop *b, SDL_Surface *surf, const SDL_Rect *clip)
{
    SDL_Rect in;
    if (!SDL_IntersectRect(clip, &b->box, &in)) {
        lb_raster_fill_rect(surf, clip, b->clear_px);
        return;
    }
    /* the clear above, below, left and right of the box's share */
    SDL_Rect part[4] = {
        {clip->x, clip->y, clip->w, in.y - clip->y},
        {clip->x, in.y + in.h, clip->w, clip->y + clip->h - (in.y + in.h)},
        {clip->x, in.y, in.x - clip->x, in.h},
        {in.x + in.w, in.y, clip->x + clip->w - (in.x + in.w), in.h},
    };
    for (int i = 0; i < 4; i++)
        if (part[i].w > 0 && part[i].h > 0)
            lb_raster_fill_rect(surf, &part[i], b->clear_px);
    const size_t row = (size_t)in.w * 4;
    const Uint8 *src = (const Uint8 *)b->pix->pixels + (size_t)(in.y - b->box.y) * (size_t)b->pix->pitch +
                       (size_t)(in.x - b->box.x) * 4;
    Uint8 *dst = (Uint8 *)surf->pixels + (size_t)in.y * (size_t)surf->pitch + (size_t)in.x * 4;
    for (int y = 0; y < in.h; y++)
        memcpy(dst + (size_t)y * (size_t)surf->pitch, src + (size_t)y * (size_t)b->pix->pitch, row);
}

bool lb_draw_to_surface(const LbDraw *d, SDL_Renderer *sw, SDL_Surface *surf, const SDL_Rect *rects, int n)
{
    return lb_draw_to_surface_over(d, NULL, sw, surf, rects, n);
}

bool lb_draw_to_surface_over(const LbDraw *dc, LbBackdrop *bd, SDL_Renderer *sw, SDL_Surface *surf,
                             const SDL_Rect *rects, int n)
{
    if (!dc || !sw || !surf)
        return false;
    LbDraw *d = (LbDraw *)dc; /* only its scratch space changes */
    bool ok = !d->oom && lb_raster_supports(surf);
    SDL_Rect whole = {0, 0, surf->w, surf->h};
    if (!rects) {
        rects = &whole;
        n = 1;
    }
    int first = ok && backdrop_ready(bd, d, surf) ? d->n_backdrop : 0;
    SDL_SetRenderDrawBlendMode(sw, SDL_BLENDMODE_BLEND);
    for (int k = 0; k < n && ok; k++) {
        SDL_Rect clip;
        if (!SDL_IntersectRect(&rects[k], &whole, &clip))
            continue;
        SDL_RenderSetClipRect(sw, &clip);
        if (first > 0) {
            SDL_RenderFlush(sw); /* what was queued before lands first */
            SDL_SetClipRect(surf, &clip);
            backdrop_restore(bd, surf, &clip);
        }
        for (int i = first; i < d->n_cmd && ok; i++) {
            const Cmd *c = &d->cmd[i];
            if (!overlaps(&c->box, &clip))
                continue;
            switch (c->kind) {
            case CMD_TRIS:
                SDL_RenderFlush(sw); /* what was queued before lands first */
                SDL_SetClipRect(surf, &clip);
                ok &= tris_into(d, c, surf, &clip);
                break;
            case CMD_FILL:
                if (c->c.a == 255) { /* opaque: straight into the pixels */
                    SDL_Rect r;
                    SDL_RenderFlush(sw);
                    SDL_SetClipRect(surf, &clip);
                    if (SDL_IntersectRect(&c->box, &clip, &r)) {
                        /* the pixels the software renderer's own fill covers */
                        SDL_Rect px = {(int)c->rect.x, (int)c->rect.y, (int)c->rect.w, (int)c->rect.h};
                        if (SDL_IntersectRect(&px, &r, &r))
                            lb_raster_fill_rect(surf, &r, SDL_MapRGBA(surf->format, c->c.r, c->c.g, c->c.b, 255));
                    }
                } else {
                    ok &= fill_through(sw, c);
                }
                break;
            case CMD_COPY:
                ok &= copy_through(sw, c);
                break;
            }
        }
    }
    SDL_RenderSetClipRect(sw, NULL);
    SDL_RenderFlush(sw);
    SDL_SetClipRect(surf, NULL);
    return ok;
}

/* ---- damage --------------------------------------------------------------- */

/* One command's part in one tile's hash: tile = tile * mul + add. */
typedef struct {
    uint64_t mul, add;
    int32_t tile;
} TileStep;

/* A triangle command's content and its steps [first, first + n). */
typedef struct {
    uint64_t key;
    int first, n;
} CmdTiles;

struct LbDamage {
    int w, h, tx, ty;  /* frame size, tiles across and down */
    uint64_t *seen;    /* the last frame's tile hashes */
    uint64_t *now;     /* this frame's, being made */
    unsigned char *dirty;
    uint64_t *vh;      /* one command's vertex hashes */
    int cap_vh;
    /* What each triangle command after the backdrop did to the tiles, this
     * frame [cur] and the last [!cur], to be done again when a command
     * comes back unchanged (see hash_cmds). */
    TileStep *steps[2];
    int n_steps[2], cap_steps[2];
    CmdTiles *cmds[2];
    int n_cmds[2], cap_cmds[2];
    int cur;
    int32_t *slot;     /* per tile: its place in the command being hashed, or -1 */
    uint64_t *base;    /* the tile hashes after the backdrop alone */
    uint64_t base_key; /* of that backdrop */
    bool base_ok;
    bool valid;        /* seen describes what is on the target */
};

LbDamage *lb_damage_create(void) { return calloc(1, sizeof(LbDamage)); }

void lb_damage_destroy(LbDamage *g)
{
    if (!g)
        return;
    free(g->seen);
    free(g->now);
    free(g->dirty);
    free(g->vh);
    free(g->base);
    for (int i = 0; i < 2; i++) {
        free(g->steps[i]);
        free(g->cmds[i]);
    }
    free(g->slot);
    free(g);
}

void lb_damage_invalidate(LbDamage *g)
{
    if (g)
        g->valid = false;
}

static inline void mark(LbDamage *g, const SDL_Rect *b, uint64_t h)
{
    if (b->w <= 0 || b->h <= 0)
        return;
    int x0 = b->x / LB_DAMAGE_TILE, x1 = (b->x + b->w - 1) / LB_DAMAGE_TILE;
    int y0 = b->y / LB_DAMAGE_TILE, y1 = (b->y + b->h - 1) / LB_DAMAGE_TILE;
    for (int y = y0; y <= y1; y++) {
        uint64_t *row = g->now + (size_t)y * (size_t)g->tx;
        for (int x = x0; x <= x1; x++)
            row[x] = lb_mix64(row[x] ^ h);
    }
}


static int whole_frame(const LbDamage *g, SDL_Rect *out)
{
    if (g->w <= 0 || g->h <= 0)
        return 0;
    out[0] = (SDL_Rect){0, 0, g->w, g->h};
    return 1;
}

static long rect_area(const SDL_Rect *r) { return (long)r->w * r->h; }

/* The box around two non-empty rectangles. */
static SDL_Rect union_of(const SDL_Rect *a, const SDL_Rect *b)
{
    int x0 = SDL_min(a->x, b->x), y0 = SDL_min(a->y, b->y);
    int x1 = SDL_max(a->x + a->w, b->x + b->w), y1 = SDL_max(a->y + a->h, b->y + b->h);
    return (SDL_Rect){x0, y0, x1 - x0, y1 - y0};
}

/* Each rectangle costs a pass over every shape that touches it, so a few
 * larger ones beat many small ones when little is added: merge the pair
 * whose bounding box (with any rectangle it then overlaps) adds the least
 * undamaged area, while that is at most MERGE_WASTE_TILES tiles (more
 * made the redraw of a moving figure slower, not faster). The result stays
 * disjoint. */
#define MERGE_WASTE_TILES 4
#define MERGE_MAX_RECTS 24 /* more than this (scattered changes): left as they are */
static int merge_rects(SDL_Rect *r, int n)
{
    /* each pass looks at every pair: keep the passes few and short */
    while (n > 1 && n <= MERGE_MAX_RECTS) {
        int bi = -1;
        long best = -1;
        SDL_Rect bu = {0, 0, 0, 0};
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                SDL_Rect u = union_of(&r[i], &r[j]);
                /* grow over everything it overlaps, counting what it holds */
                long held;
                bool grew = true;
                while (grew) {
                    grew = false;
                    held = 0;
                    for (int k = 0; k < n; k++)
                        if (overlaps(&u, &r[k])) {
                            SDL_Rect v = union_of(&u, &r[k]);
                            if (v.x != u.x || v.y != u.y || v.w != u.w || v.h != u.h) {
                                u = v;
                                grew = true;
                            }
                            held += rect_area(&r[k]);
                        }
                }
                long waste = rect_area(&u) - held;
                bool worth = waste <= (long)MERGE_WASTE_TILES * LB_DAMAGE_TILE * LB_DAMAGE_TILE;
                if (worth && (best < 0 || waste < best)) {
                    best = waste;
                    bi = i;
                    bu = u;
                }
            }
        if (bi < 0)
            break;
        /* keep the rectangles outside the merged box, then add it */
        int m = 0;
        for (int k = 0; k < n; k++)
            if (!overlaps(&bu, &r[k]))
                r[m++] = r[k];
        r[m++] = bu;
        n = m;
    }
    return n;
}

/* Triangle commands hash each triangle (its three vertices in order) into
 * every tile its box touches as tile = tile * TILE_MUL + h. That step is
 * affine, so all of one command's steps on a tile fold into one (mul,
 * add) pair, and a command that comes back unchanged (the same content in
 * the same place in the list: a panel, the next-up figure, the figure
 * during a hold) repeats its pairs, one per tile, instead of walking its
 * triangles again; the tile hashes are the same either way. */
#define TILE_MUL 0xff51afd7ed558ccdull

static bool grow_steps(LbDamage *g, int b, int need)
{
    return grow((void **)&g->steps[b], &g->cap_steps[b], need, sizeof(TileStep), 256);
}

/* Fold triangle command c's steps per tile into steps[b] from n_steps[b]
 * on (vh: its vertex hashes). False when memory ran out. */
static bool fold_tris(LbDamage *g, const LbDraw *d, const Cmd *c, const uint64_t *vh, int b)
{
    const int *ix = cmd_i(d, c);
    const SDL_Vertex *v = cmd_v(d, c);
    const float maxx = (float)d->w - 1, maxy = (float)d->h - 1;
    const int first = g->n_steps[b], tiles_across = g->tx;
    int32_t *slot = g->slot;
    /* room for a step per tile a triangle may touch, grown as needed */
    int n = first;
    bool ok = true;
    for (int k = 0; k < c->n; k += 3) {
        const SDL_FPoint p = v[ix[k]].position, q = v[ix[k + 1]].position, e = v[ix[k + 2]].position;
        float x0 = SDL_min(p.x, SDL_min(q.x, e.x)) - 1.5f, x1 = SDL_max(p.x, SDL_max(q.x, e.x)) + 1.5f;
        float y0 = SDL_min(p.y, SDL_min(q.y, e.y)) - 1.5f, y1 = SDL_max(p.y, SDL_max(q.y, e.y)) + 1.5f;
        /* (written so that NaN fails every test) */
        if (!(x1 >= 0 && y1 >= 0 && x0 <= maxx && y0 <= maxy))
            continue;
        x0 = x0 > 0 ? x0 : 0;
        y0 = y0 > 0 ? y0 : 0;
        x1 = x1 < maxx ? x1 : maxx;
        y1 = y1 < maxy ? y1 : maxy;
        unsigned tx0 = (unsigned)x0 / LB_DAMAGE_TILE, tx1 = (unsigned)x1 / LB_DAMAGE_TILE;
        unsigned ty0 = (unsigned)y0 / LB_DAMAGE_TILE, ty1 = (unsigned)y1 / LB_DAMAGE_TILE;
        uint64_t h = vh[ix[k] - c->v0] + rotl64(vh[ix[k + 1] - c->v0], 21) + rotl64(vh[ix[k + 2] - c->v0], 42);
        int span = (int)((tx1 - tx0 + 1) * (ty1 - ty0 + 1));
        if (n + span > g->cap_steps[b]) {
            g->n_steps[b] = n;
            if (!grow_steps(g, b, n + span)) {
                ok = false;
                break;
            }
        }
        TileStep *steps = g->steps[b];
        for (unsigned ty = ty0; ty <= ty1; ty++) {
            int32_t *srow = slot + (size_t)ty * (size_t)tiles_across;
            for (unsigned tx = tx0; tx <= tx1; tx++) {
                int32_t s = srow[tx];
                if (s < 0) {
                    s = srow[tx] = n++;
                    steps[s] = (TileStep){1, 0, (int32_t)(ty * (unsigned)tiles_across + tx)};
                }
                steps[s].add = steps[s].add * TILE_MUL + h;
                steps[s].mul *= TILE_MUL;
            }
        }
    }
    g->n_steps[b] = n;
    for (int i = first; i < n; i++)
        slot[g->steps[b][i].tile] = -1;
    return ok;
}

/* g->vh: the hashes of triangle command c's vertices. False when memory
 * ran out. */
static bool vertex_hashes(LbDamage *g, const LbDraw *d, const Cmd *c)
{
    if (c->nv > g->cap_vh) {
        uint64_t *vh = realloc(g->vh, (size_t)c->nv * sizeof *vh);
        if (!vh)
            return false;
        g->vh = vh;
        g->cap_vh = c->nv;
    }
    const SDL_Vertex *v = cmd_v(d, c);
    for (int k = 0; k < c->nv; k++)
        g->vh[k] = vertex_bits(&v[c->v0 + k]);
    return true;
}

/* Commands [from, to) of d hashed into g->now, tile by tile; with cache,
 * triangle commands unchanged since the last frame repeat their steps
 * and every triangle command's steps are kept for the next. False when
 * memory ran out (g->valid is then false too: all of it is damaged). */
static bool hash_cmds(LbDamage *g, const LbDraw *d, int from, int to, bool cache)
{
    const int b = g->cur, last = !g->cur;
    int ordinal = 0;
    for (int i = from; i < to; i++) {
        const Cmd *c = &d->cmd[i];
        if (c->kind != CMD_TRIS) {
            mark(g, &c->box, c->key ^ (uint64_t)c->kind);
            continue;
        }
        /* each vertex hashed once (a vertex serves several triangles), and
         * only when needed: a sealed command knows its content already */
        bool have_vh = false;
        if (!(cache && c->keyed)) {
            if (!vertex_hashes(g, d, c))
                goto fail;
            have_vh = true;
        }
        uint64_t key = cache ? (c->keyed ? c->key : tris_key(d, c, g->vh)) : 0;
        int first = g->n_steps[b];
        const CmdTiles *was = cache && ordinal < g->n_cmds[last] ? &g->cmds[last][ordinal] : NULL;
        if (was && was->key == key) {
            if (!grow_steps(g, b, first + was->n))
                goto fail;
            memcpy(g->steps[b] + first, g->steps[last] + was->first, (size_t)was->n * sizeof(TileStep));
            g->n_steps[b] += was->n;
        } else if ((!have_vh && !vertex_hashes(g, d, c)) || !fold_tris(g, d, c, g->vh, b)) {
            goto fail;
        }
        for (int k = first; k < g->n_steps[b]; k++) {
            const TileStep *st = &g->steps[b][k];
            g->now[st->tile] = g->now[st->tile] * st->mul + st->add;
        }
        if (cache) {
            if (!grow((void **)&g->cmds[b], &g->cap_cmds[b], ordinal + 1, sizeof(CmdTiles), 16))
                goto fail;
            g->cmds[b][ordinal] = (CmdTiles){key, first, g->n_steps[b] - first};
            g->n_cmds[b] = ordinal + 1;
            ordinal++;
        } else {
            g->n_steps[b] = first; /* nothing kept */
        }
    }
    return true;
fail:
    g->valid = false;
    g->n_cmds[b] = 0;
    return false;
}

int lb_damage_update(LbDamage *g, const LbDraw *d, SDL_Rect *out)
{
    if (!g || !d || !out)
        return 0;
    if (g->w != d->w || g->h != d->h || !g->seen) {
        int tx = (d->w + LB_DAMAGE_TILE - 1) / LB_DAMAGE_TILE, ty = (d->h + LB_DAMAGE_TILE - 1) / LB_DAMAGE_TILE;
        size_t n = (size_t)(tx > 0 ? tx : 1) * (size_t)(ty > 0 ? ty : 1);
        uint64_t *seen = calloc(n, sizeof *seen), *now = calloc(n, sizeof *now);
        unsigned char *dirty = calloc(n, 1);
        free(g->seen);
        free(g->now);
        free(g->dirty);
        free(g->base);
        g->seen = seen;
        g->now = now;
        g->dirty = dirty;
        g->base = malloc(n * sizeof *g->base); /* without it the backdrop is hashed every frame */
        g->base_ok = false;
        free(g->slot);
        g->slot = malloc(n * sizeof *g->slot);
        if (g->slot)
            memset(g->slot, 0xff, n * sizeof *g->slot); /* -1: no tile in use */
        g->n_cmds[0] = g->n_cmds[1] = 0; /* tile numbers of another size */
        g->w = d->w;
        g->h = d->h;
        g->tx = tx;
        g->ty = ty;
        g->valid = false;
        if (!seen || !now || !dirty || !g->slot) {
            free(g->seen);
            free(g->now);
            free(g->dirty);
            free(g->slot);
            g->seen = g->now = NULL;
            g->dirty = NULL;
            g->slot = NULL;
            g->w = g->h = 0;
            SDL_Rect all = {0, 0, d->w, d->h};
            out[0] = all;
            return d->w > 0 && d->h > 0;
        }
    }
    size_t n_tiles = (size_t)g->tx * (size_t)g->ty;
    g->n_steps[g->cur] = g->n_cmds[g->cur] = 0;
    /* The backdrop (see lb_draw_mark_backdrop) is hashed only when it
     * changes: the same backdrop leaves the same tile hashes behind it. */
    int from = 0;
    if (d->n_backdrop > 0 && g->base && g->base_ok && g->base_key == d->backdrop_key) {
        memcpy(g->now, g->base, n_tiles * sizeof *g->now);
        from = d->n_backdrop;
    } else {
        for (size_t i = 0; i < n_tiles; i++)
            g->now[i] = 0x6a09e667f3bcc908ull;
        if (d->n_backdrop > 0 && g->base) {
            g->base_ok = hash_cmds(g, d, 0, d->n_backdrop, false);
            memcpy(g->base, g->now, n_tiles * sizeof *g->now);
            g->base_key = d->backdrop_key;
            from = d->n_backdrop;
        }
    }
    hash_cmds(g, d, from, d->n_cmd, true);
    g->cur = !g->cur; /* this frame's steps are the next one's last */
    int n_dirty = 0;
    for (size_t i = 0; i < n_tiles; i++) {
        g->dirty[i] = !g->valid || g->now[i] != g->seen[i];
        n_dirty += g->dirty[i];
    }
    uint64_t *t = g->seen;
    g->seen = g->now;
    g->now = t;
    bool was_valid = g->valid;
    g->valid = true;
    if (!was_valid)
        return whole_frame(g, out);
    if (!n_dirty)
        return 0;
    /* Runs of dirty tiles in each row, each merged with the rectangle of
     * the same run in the row above. */
    int n = 0;
    for (int y = 0; y < g->ty; y++) {
        const unsigned char *row = g->dirty + (size_t)y * (size_t)g->tx;
        for (int x = 0; x < g->tx;) {
            if (!row[x]) {
                x++;
                continue;
            }
            int x0 = x;
            while (x < g->tx && row[x])
                x++;
            SDL_Rect r = {x0 * LB_DAMAGE_TILE, y * LB_DAMAGE_TILE, (x - x0) * LB_DAMAGE_TILE, LB_DAMAGE_TILE};
            if (r.x + r.w > g->w)
                r.w = g->w - r.x;
            if (r.y + r.h > g->h)
                r.h = g->h - r.y;
            bool merged = false;
            for (int k = n - 1; k >= 0 && !merged; k--)
                if (out[k].x == r.x && out[k].w == r.w && out[k].y + out[k].h == r.y) {
                    out[k].h += r.h;
                    merged = true;
                }
            if (merged)
                continue;
            if (n == LB_DAMAGE_MAX_RECTS) { /* too scattered: one box around all */
                SDL_Rect u = out[0];
                for (int k = 1; k < n; k++)
                    SDL_UnionRect(&u, &out[k], &u);
                for (int yy = y; yy < g->ty; yy++)
                    for (int xx = 0; xx < g->tx; xx++)
                        if (g->dirty[(size_t)yy * (size_t)g->tx + (size_t)xx]) {
                            SDL_Rect tr = {xx * LB_DAMAGE_TILE, yy * LB_DAMAGE_TILE, LB_DAMAGE_TILE, LB_DAMAGE_TILE};
                            SDL_UnionRect(&u, &tr, &u);
                        }
                SDL_Rect all = {0, 0, g->w, g->h};
                SDL_IntersectRect(&u, &all, &out[0]);
                return 1;
            }
            out[n++] = r;
        }
    }
    return merge_rects(out, n);
}
