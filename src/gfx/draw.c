/* draw: recording a frame's commands, and carrying them out on a renderer.
 * Into a surface: backdrop.c; what changed: damage.c. */
#include "draw_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

bool draw_grow(void **p, int *cap, int need, size_t size, int first)
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
    if (d->oom || !draw_grow((void **)&d->cmd, &d->cap_cmd, d->n_cmd + 1, sizeof *d->cmd, 64)) {
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
    if (!draw_grow((void **)&d->v, &d->cap_v, d->nv + nv, sizeof *d->v, 1024) ||
        !draw_grow((void **)&d->idx, &d->cap_i, d->ni + ni, sizeof *d->idx, 2048)) {
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

void lb_draw_vertex_box(const SDL_Vertex *v, int nv, float box[4])
{
    Bounds r = vertex_bounds(v, nv > 0 ? nv : 0);
    box[0] = r.x0, box[1] = r.y0, box[2] = r.x1, box[3] = r.y1;
}

void lb_draw_triangles_ref(LbDraw *d, const SDL_Vertex *v, int nv, const int *idx, int ni, uint64_t key)
{
    lb_draw_triangles_ref_box(d, v, nv, idx, ni, key, NULL);
}

void lb_draw_triangles_ref_box(LbDraw *d, const SDL_Vertex *v, int nv, const int *idx, int ni, uint64_t key,
                               const float box[4])
{
    if (!d || d->oom || !v || !idx || nv <= 0 || ni < 3 || ni % 3 != 0)
        return lb_draw_triangles_keyed(d, v, nv, idx, ni, key);
    for (int i = 0; i < ni; i++)
        if ((unsigned)idx[i] >= (unsigned)nv) /* copied instead, without the triangles that stray */
            return lb_draw_triangles_keyed(d, v, nv, idx, ni, key);
    Bounds r = box ? (Bounds){box[0], box[1], box[2], box[3]} : vertex_bounds(v, nv);
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
    c->key = lb_mix64(hash_rect(1, r) ^ draw_colour_bits(col));
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

/* The content of triangle command c: its vertices and its indices. vh
 * holds its vertices' hashes (draw_vertex_bits) when the caller has them, else
 * NULL. */
uint64_t draw_tris_key(const LbDraw *d, const Cmd *c, const uint64_t *vh)
{
    uint64_t key = lb_mix64(((uint64_t)c->nv << 32) ^ (uint64_t)c->n);
    for (int k = 0; k < c->nv; k++)
        key = draw_rotl64((key ^ (vh ? vh[k] : draw_vertex_bits(&cmd_v(d, c)[c->v0 + k]))) * 0x9e3779b97f4a7c15ull, 23);
    /* the indices two at a time (a command holds whole triangles) */
    const int *ix = cmd_i(d, c);
    const uint32_t v0 = (uint32_t)c->v0;
    int k = 0;
    for (; k + 1 < c->n; k += 2) {
        uint64_t two = (uint64_t)((uint32_t)ix[k] - v0) << 32 | ((uint32_t)ix[k + 1] - v0);
        key = draw_rotl64((key ^ two) * 0xc2b2ae3d27d4eb4full, 19);
    }
    if (k < c->n)
        key = draw_rotl64((key ^ ((uint32_t)ix[k] - v0)) * 0xc2b2ae3d27d4eb4full, 19);
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
        uint64_t key = c->kind == CMD_TRIS && !c->keyed ? draw_tris_key(d, c, NULL) : c->key;
        h = lb_mix64(h ^ (uint64_t)c->kind ^ key);
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
            c->key = draw_tris_key(d, c, NULL);
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
        case CMD_FILL: lb_draw_fill(d, &c->rect, c->c); break;
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

bool draw_copy_through(SDL_Renderer *r, const Cmd *c)
{
    SDL_SetTextureAlphaMod(c->tex, c->c.a);
    return SDL_RenderCopyF(r, c->tex, NULL, &c->rect) == 0;
}

bool draw_fill_through(SDL_Renderer *r, const Cmd *c)
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
        case CMD_TRIS: ok &= SDL_RenderGeometry(r, NULL, cmd_v(d, c), cmd_nv(d, c), cmd_i(d, c), c->n) == 0; break;
        case CMD_FILL: ok &= draw_fill_through(r, c); break;
        case CMD_COPY: ok &= draw_copy_through(r, c); break;
        }
    }
    return ok;
}
