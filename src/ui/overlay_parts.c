/* overlay_parts: how the overlay's elements reach the frame. Shapes are
 * queued (tess) and flushed before the text over them; an element that
 * stays the same for many frames is recorded once as a part and appended
 * again while its key stays the same. */
#include "overlay_int.h"

#include <stdlib.h>

/* Submit what was queued since the last flush (shapes before text). */
void ov_flush(LbOverlay *o, SDL_Renderer *r)
{
    const LbTess *t = &o->tess;
    if (t->n_idx > 0) {
        bool ok;
        if (o->list) {
            lb_draw_triangles(o->list, t->vtx, t->n_vtx, t->idx, t->n_idx);
            ok = lb_draw_ok(o->list);
        } else {
            ok = SDL_RenderGeometry(r, NULL, t->vtx, t->n_vtx, t->idx, t->n_idx) == 0;
        }
        if (!ok)
            o->geo_ok = false;
    }
    lb_tess_clear(&o->tess);
}

void lb_overlay_set_list(LbOverlay *o, LbDraw *list)
{
    if (o)
        o->list = list;
}

/* Part id, showing what `key` says: true when it was recorded on an
 * earlier frame with the same key, size and renderer and every texture it
 * names is still alive; its commands are then appended and the caller
 * draws nothing. Otherwise false: the caller draws the element, which is
 * recorded into the part's own list (or straight into the frame, with no
 * list), and calls ov_part_end. Drawing through a renderer, nothing is
 * kept. */
bool ov_part_begin(LbOverlay *o, SDL_Renderer *r, int id, uint64_t key)
{
    if (!o->list || o->frame_list || o->parts_off)
        return false;
    OvPart *p = &o->part[id];
    key = lb_hash_combine(lb_hash_combine(key, (uint64_t)id), (uint64_t)(uintptr_t)r);
    key = lb_hash_combine(key, (uint64_t)o->w << 32 | (uint32_t)o->h);
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
void ov_part_end(LbOverlay *o, SDL_Renderer *r)
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

void ov_panel(LbOverlay *o, SDL_Rect b, int rad, float alpha)
{
    SDL_FRect f = {(float)b.x, (float)b.y, (float)b.w, (float)b.h};
    lb_tess_rounded(&o->tess, f, (float)rad, OV_PANEL, alpha);
}

/* Draw s with its box anchored at (x, y): halign picks the x anchor, the text
 * is vertically centred on y. scale > 1 enlarges it about the anchor. */
int ov_text(LbOverlay *o, SDL_Renderer *r, const char *s, int px, LbWeight wt, SDL_Color c, float x, float y,
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

/* Draw a fitted block centred on (cx, cy) (halign OV_CENTRE) or starting at
 * x (OV_LEFT). Returns the block height. */
int ov_block(LbOverlay *o, SDL_Renderer *r, const LbTextFit *f, LbWeight wt, SDL_Color c, float x, float cy, int halign,
             float alpha)
{
    if (!f || f->n == 0)
        return 0;
    int lh = lb_text_line_height(o->text, f->px, wt);
    float y = cy - (float)(lh * f->n) * 0.5f + lh * 0.5f;
    for (int i = 0; i < f->n; i++)
        ov_text(o, r, f->line[i], f->px, wt, c, x, y + (float)(i * lh), halign, alpha, 1.0f);
    return lh * f->n;
}
