/* backdrop: carrying a recorded frame out into a surface, through the
 * rasteriser, with the backdrop's pixels kept and copied back instead of
 * drawn again. */
#include "backdrop.h"

#include <string.h>

#include "draw_int.h"
#include "raster.h"

/* The triangles of c that may touch clip, rasterised into surf (whose clip
 * rectangle is clip). */
bool draw_tris_into(LbDraw *d, const Cmd *c, SDL_Surface *surf, const SDL_Rect *clip)
{
    const int *ix = cmd_i(d, c);
    const SDL_Vertex *v = cmd_v(d, c);
    /* Wholly inside the clip: no triangle lies to one side of it, so all
     * go, in their own order, without a copy. (A box touching the frame's
     * edge may have been cut there, and is left to the test below.) */
    const SDL_Rect *bx = &c->box;
    if (bx->x > 0 && bx->y > 0 && bx->x + bx->w < d->w && bx->y + bx->h < d->h && bx->x >= clip->x &&
        bx->y >= clip->y && bx->x + bx->w <= clip->x + clip->w && bx->y + bx->h <= clip->y + clip->h)
        return lb_raster_triangles(surf, v, cmd_nv(d, c), ix, c->n);
    if (!draw_grow((void **)&d->scratch, &d->cap_scratch, c->n, sizeof *d->scratch, 2048))
        return false;
    float cx0 = (float)clip->x - 2, cy0 = (float)clip->y - 2;
    float cx1 = (float)(clip->x + clip->w) + 2, cy1 = (float)(clip->y + clip->h) + 2;
    int n = 0;
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

struct LbBackdrop {
    SDL_Surface *pix; /* the backdrop inside box, in the target's format */
    SDL_Rect box;     /* where pix lies on the target; outside it, the clear */
    Uint32 clear_px;  /* the clear colour in the target's format */
    int w, h;         /* the frame it was drawn for */
    Uint32 format;
    uint64_t key;      /* the backdrop it holds (valid) */
    uint64_t seen_key; /* the backdrop of the last frame drawn without it */
    bool valid;
    SDL_Vertex *tv; /* vertices moved into pix's coordinates */
    int cap_tv;
    int *ti; /* and their indices */
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
        if (!draw_grow((void **)&b->tv, &b->cap_tv, c->nv, sizeof *b->tv, 1024) ||
            !draw_grow((void **)&b->ti, &b->cap_ti, c->n, sizeof *b->ti, 2048))
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
            if (!draw_overlaps(&c->box, &clip))
                continue;
            switch (c->kind) {
            case CMD_TRIS:
                SDL_RenderFlush(sw); /* what was queued before lands first */
                SDL_SetClipRect(surf, &clip);
                ok &= draw_tris_into(d, c, surf, &clip);
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
                    ok &= draw_fill_through(sw, c);
                }
                break;
            case CMD_COPY: ok &= draw_copy_through(sw, c); break;
            }
        }
    }
    SDL_RenderSetClipRect(sw, NULL);
    SDL_RenderFlush(sw);
    SDL_SetClipRect(surf, NULL);
    return ok;
}

bool lb_draw_to_surface(const LbDraw *d, SDL_Renderer *sw, SDL_Surface *surf, const SDL_Rect *rects, int n)
{
    return lb_draw_to_surface_over(d, NULL, sw, surf, rects, n);
}
