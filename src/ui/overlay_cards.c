/* overlay_cards: the overlay's full-screen cards, the safety card and the
 * key help. */
#include "overlay_int.h"

#include <stdio.h>
#include <string.h>

void ov_dim(LbOverlay *o, SDL_Renderer *r, int w, int h, float alpha)
{
    lb_tess_quad(&o->tess, -1.0f, -1.0f, w + 2.0f, h + 2.0f, OV_BLACK, alpha);
    ov_flush(o, r);
}

/* The safety card: title and short lines, as large as the screen allows. */
void ov_safety(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, int w, int h, const LmOverlayState *st)
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
    const LbTextFit *fits[12];
    int total = 0, lh = 0;
    for (;;) {
        bool cut = false;
        bullet = px;
        lh = lb_text_line_height(o->text, px, LB_WEIGHT_BOLD);
        total = 0;
        for (int i = 0; i < n; i++) {
            fits[i] = lb_text_fit(o->text, st->card_lines[i] ? st->card_lines[i] : "", LB_WEIGHT_BOLD, px, px,
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
     * recently used entries and there are fewer than LB_TEXT_FIT_MEMO of them. */
    float y = card.y + pad + (inner_h - total) * 0.5f;
    for (int i = 0; i < n; i++) {
        const LbTextFit *f = fits[i];
        if (!f || !f->n)
            continue;
        lb_tess_circle(&o->tess, card.x + pad + bullet * 0.3f, y + lh * 0.5f, bullet * 0.13f, OV_SKY, 1.0f);
        ov_flush(o, r);
        for (int k = 0; k < f->n; k++)
            ov_text(o, r, f->line[k], f->px, LB_WEIGHT_BOLD, OV_WHITE, (float)(card.x + pad + bullet),
                    y + lh * (k + 0.5f), OV_LEFT, 1.0f, 1.0f);
        y += f->n * lh + lh * 45 / 100;
    }
}

/* The key help: a centred card listing "key<TAB>action" lines. */
void ov_help(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, int w, int h, const LbSessionView *v)
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
            int kw = lb_text_width(o->text, kbuf, px, LB_WEIGHT_BOLD);
            if (kw > key_w)
                key_w = kw;
        }
        if (th + pad + n * lh + 2 * pad <= s.h || px <= LB_TEXT_MIN_PX)
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
    lb_tess_rounded(&o->tess, fc, (float)ov_radius(L) * 2, OV_CARD, 1.0f);
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
            const LbTextFit *f = lb_text_fit(o->text, line, LB_WEIGHT_REGULAR, px, px * 7 / 10, card.w - 2 * pad, 1);
            if (f && f->n)
                ov_text(o, r, f->line[0], f->px, LB_WEIGHT_REGULAR, OV_WHITE, x, y, OV_LEFT, 1.0f, 1.0f);
            continue;
        }
        char kbuf[64];
        size_t kl = (size_t)(tab - line) < sizeof kbuf - 1 ? (size_t)(tab - line) : sizeof kbuf - 1;
        memcpy(kbuf, line, kl);
        kbuf[kl] = '\0';
        ov_text(o, r, kbuf, px, LB_WEIGHT_BOLD, OV_YELLOW, x, y, OV_LEFT, 1.0f, 1.0f);
        const LbTextFit *f = lb_text_fit(o->text, tab + 1, LB_WEIGHT_REGULAR, px, px * 7 / 10, desc_w, 1);
        if (f && f->n)
            ov_text(o, r, f->line[0], f->px, LB_WEIGHT_REGULAR, OV_WHITE, x + key_w + pad * 2, y, OV_LEFT, 1.0f, 1.0f);
    }
}
