/* home: the home screen's layout (pure) and drawing. Cards sit in a grid
 * inside the title-safe area, as many columns as keep their words large
 * enough to read across a room; the grid scrolls by pixels (the app eases
 * it) and the heading and the key line are drawn over it, so a card
 * scrolling out slides under them. */
#include "home.h"

#include "figure.h"
#include "hash.h"
#include "palette.h"
#include "tess.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The overlay's colours (overlay_int.h), so both screens look alike. */
static const SDL_Color C_WHITE = {245, 246, 248, 255};
static const SDL_Color C_SOFT = {196, 204, 216, 255};
static const SDL_Color C_YELLOW = {240, 228, 66, 255};
static const SDL_Color C_SKY = {LB_SIDE_LEFT_RGB, 255};
static const SDL_Color C_BG = {LB_BG_R, LB_BG_G, LB_BG_B, 255};
/* Cards are opaque: the backdrop a CPU-drawn window keeps takes triangles
 * and opaque fills only. */
static const SDL_Color C_CARD = {27, 35, 50, 255};
static const SDL_Color C_CARD_ON = {38, 49, 70, 255};
static const SDL_Color C_BROKEN = {44, 30, 30, 255};

static int iround(double v) { return (int)floor(v + 0.5); }
static SDL_FRect frect(SDL_Rect r) { return (SDL_FRect){(float)r.x, (float)r.y, (float)r.w, (float)r.h}; }

/* ---- layout ------------------------------------------------------------- */

#define CARD_MIN_H 0.33 /* of the unit: a card's height, before rows are stretched to fill the grid */
#define CARD_MIN_W 0.62 /* of the unit: wide enough for a title at a size read across a room */

void lb_home_layout(int w, int h, LbHomeLayout *L)
{
    memset(L, 0, sizeof *L);
    w = w < 1 ? 1 : w;
    h = h < 1 ? 1 : h;
    int sx = iround(w * 0.05), sy = iround(h * 0.05);
    int sw = w - 2 * sx, sh = h - 2 * sy;
    L->safe = (SDL_Rect){sx, sy, sw, sh};
    /* the overlay's unit: the height, but never more than a 4:3 screen's */
    double U = fmin((double)h, 0.75 * w);
    L->unit = iround(U);
    L->gap = iround(fmax(2.0, 0.022 * U));
    int head = iround(0.085 * U), foot = iround(0.055 * U);
    L->header = (SDL_Rect){sx, sy, sw, head};
    L->footer = (SDL_Rect){sx, sy + sh - foot, sw, foot};
    int gy = sy + head + L->gap;
    L->grid = (SDL_Rect){sx, gy, sw, L->footer.y - L->gap - gy};
    if (L->grid.h < 1)
        L->grid.h = 1;
    int cols = iround(sw / (CARD_MIN_W * U));
    L->cols = cols < 1 ? 1 : cols > 5 ? 5 : cols;
    L->card_w = (sw - (L->cols - 1) * L->gap) / L->cols;
    /* whole rows fill the grid: a page of cards shows whole */
    int min_h = iround(CARD_MIN_H * U);
    int rows = (L->grid.h + L->gap) / (min_h + L->gap);
    rows = rows < 1 ? 1 : rows;
    L->card_h = (L->grid.h - (rows - 1) * L->gap) / rows;
    if (L->card_h > L->card_w) /* a tall card would be mostly empty */
        L->card_h = L->card_w;
    if (L->card_h < 1)
        L->card_h = 1;
}

SDL_Rect lb_home_card_rect(const LbHomeLayout *L, int i, float scroll_px)
{
    int row = i / L->cols, col = i % L->cols;
    int y = L->grid.y + row * (L->card_h + L->gap) - (int)lroundf(scroll_px);
    return (SDL_Rect){L->grid.x + col * (L->card_w + L->gap), y, L->card_w, L->card_h};
}

float lb_home_scroll_max(const LbHomeLayout *L, int n)
{
    int rows = n > 0 ? (n + L->cols - 1) / L->cols : 0;
    int content = rows * (L->card_h + L->gap) - L->gap;
    return content > L->grid.h ? (float)(content - L->grid.h) : 0.0f;
}

float lb_home_scroll_to(const LbHomeLayout *L, int n, int i, float scroll_px)
{
    float max = lb_home_scroll_max(L, n);
    if (i >= 0 && i < n) {
        float top = (float)((i / L->cols) * (L->card_h + L->gap));
        if (top < scroll_px)
            scroll_px = top;
        else if (top + L->card_h > scroll_px + L->grid.h)
            scroll_px = top + L->card_h - L->grid.h;
    }
    return scroll_px < 0 ? 0 : scroll_px > max ? max : scroll_px;
}

int lb_home_hit(const LbHomeLayout *L, int n, float scroll_px, int x, int y)
{
    SDL_Point p = {x, y};
    if (!SDL_PointInRect(&p, &L->grid))
        return -1;
    for (int i = 0; i < n; i++) {
        SDL_Rect r = lb_home_card_rect(L, i, scroll_px);
        if (SDL_PointInRect(&p, &r))
            return i;
    }
    return -1;
}

int lb_home_move(const LbHomeLayout *L, int n, int i, int dx, int dy)
{
    if (n <= 0)
        return -1;
    if (i < 0 || i >= n)
        return 0;
    int to = i + dx + dy * L->cols;
    if (dy > 0 && to >= n) /* down from a row above the last: its last card */
        to = (i / L->cols) < (n - 1) / L->cols ? n - 1 : i;
    if (dy < 0 && to < 0)
        to = i;
    return to < 0 ? 0 : to >= n ? n - 1 : to;
}

/* ---- drawing ------------------------------------------------------------ */

#define PREVIEW_HZ 30.0
#define PREVIEW_STAGGER_S 1.1

typedef struct {
    LbFigure *fig; /* its own: a figure's list holds its triangles by reference */
    LbDraw *list;
    const LmTimeline *tl;
    double t;
    SDL_FRect rect;
} Preview;

struct LbHome {
    LbText *text; /* borrowed */
    const LmSkeleton *sk;
    LbDraw *list;
    LbTess tess;
    Preview *pv; /* one per card: its figure, recorded while it stays the same */
    int n_pv;
    unsigned long previews;
    bool ok;
};

LbHome *lb_home_create(LbText *text, const LmSkeleton *sk)
{
    LbHome *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->text = text;
    h->sk = sk;
    h->list = lb_draw_create();
    if (!h->list) {
        lb_home_destroy(h);
        return NULL;
    }
    return h;
}

void lb_home_destroy(LbHome *h)
{
    if (!h)
        return;
    for (int i = 0; i < h->n_pv; i++) {
        lb_draw_destroy(h->pv[i].list);
        lb_figure_destroy(h->pv[i].fig);
    }
    free(h->pv);
    lb_tess_free(&h->tess);
    lb_draw_destroy(h->list);
    free(h);
}

unsigned long lb_home_previews_drawn(const LbHome *h) { return h ? h->previews : 0; }

/* Shapes queued so far, into the list. */
static void flush(LbHome *h)
{
    if (h->tess.n_idx > 0)
        lb_draw_triangles(h->list, h->tess.vtx, h->tess.n_vtx, h->tess.idx, h->tess.n_idx);
    lb_tess_clear(&h->tess);
}

/* s at px with its left (halign 0), centre (1) or right (2) at x, centred
 * on y; returns its width. */
static int text_at(LbHome *h, SDL_Renderer *r, const char *s, int px, LbWeight wt, SDL_Color c, float x, float y,
                   int halign)
{
    if (!s || !*s)
        return 0;
    px = px < LB_TEXT_MIN_PX ? LB_TEXT_MIN_PX : px;
    int tw, th;
    SDL_Texture *tex = lb_text_get(h->text, r, s, px, wt, c, &tw, &th);
    if (!tex) {
        h->ok = false;
        return 0;
    }
    float left = halign == 0 ? x : halign == 1 ? x - tw * 0.5f : x - tw;
    SDL_FRect dst = {floorf(left + 0.5f), floorf(y - th * 0.5f + 0.5f), (float)tw, (float)th};
    uint64_t key = lb_hash64(s) ^ ((uint64_t)(unsigned)px << 8 | (uint64_t)wt) * 0xff51afd7ed558ccdull;
    key ^= ((uint64_t)c.r << 24 | (uint64_t)c.g << 16 | (uint64_t)c.b << 8 | c.a) * 0x9e3779b97f4a7c15ull;
    lb_draw_copy(h->list, tex, key, &dst, 255);
    return tw;
}

/* A fitted block from its top at y; returns its height. */
static int block_at(LbHome *h, SDL_Renderer *r, const LbTextFit *f, LbWeight wt, SDL_Color c, float x, float y,
                    int halign)
{
    if (!f || f->n == 0)
        return 0;
    int lh = lb_text_line_height(h->text, f->px, wt);
    for (int i = 0; i < f->n; i++)
        text_at(h, r, f->line[i], f->px, wt, c, x, y + lh * (i + 0.5f), halign);
    return lh * f->n;
}

static const LbTextFit *fit(LbHome *h, const char *s, LbWeight wt, double max_u, double min_u, int unit, int box_w,
                            int lines)
{
    int max_px = iround(max_u * unit), min_px = iround(min_u * unit);
    min_px = min_px < LB_TEXT_MIN_PX ? LB_TEXT_MIN_PX : min_px;
    max_px = max_px < min_px ? min_px : max_px;
    return lb_text_fit(h->text, s && *s ? s : " ", wt, max_px, min_px, box_w > 1 ? box_w : 1, lines);
}

/* Where a card's figure goes: its top part, inside the padding. */
static SDL_FRect figure_box(const LbHomeLayout *L, SDL_Rect c)
{
    int pad = L->gap;
    return (SDL_FRect){(float)(c.x + pad), (float)(c.y + pad), (float)(c.w - 2 * pad), c.h * 0.37f};
}

/* The card's live figure, recorded again only when its pose or place changed. */
static bool draw_preview(LbHome *h, SDL_Renderer *r, int w, int hh, int i, const LbHomeCard *c, SDL_FRect box,
                         double wall_s)
{
    if (i >= h->n_pv) {
        int n = i + 16;
        Preview *pv = realloc(h->pv, (size_t)n * sizeof *pv);
        if (!pv)
            return false;
        memset(pv + h->n_pv, 0, (size_t)(n - h->n_pv) * sizeof *pv);
        h->pv = pv;
        h->n_pv = n;
    }
    Preview *p = &h->pv[i];
    /* the previews move 30 times a second: smooth at their size, and half
     * the drawing of 60 (home_cpu_ratio in --bench) */
    /* each card a little further on than the one before: the screen does
     * not move in step (and its drawing is spread over the frames) */
    double at = wall_s + i * PREVIEW_STAGGER_S;
    double t = lb_home_preview_t(c, floor(at * PREVIEW_HZ) / PREVIEW_HZ);
    if (!p->list || p->tl != c->tl || p->t != t || memcmp(&p->rect, &box, sizeof box) != 0) {
        if (!p->list && !(p->list = lb_draw_create()))
            return false;
        if (!p->fig && !(p->fig = lb_figure_create(h->sk)))
            return false;
        LmFrame f;
        lm_timeline_frame(c->tl, t, &f);
        int item = lm_timeline_item_at(c->tl, t);
        LbFigureView v = lb_figure_view_for_item(&c->tl->items[item], box, false);
        v.no_floor = true;
        lb_draw_begin(p->list, w, hh);
        lb_figure_set_list(p->fig, p->list);
        bool ok = lb_figure_draw(p->fig, r, &f, &v);
        lb_draw_seal(p->list);
        p->tl = ok ? c->tl : NULL;
        p->t = t;
        p->rect = box;
        if (!ok)
            return false;
    }
    lb_draw_append(h->list, p->list);
    h->previews++;
    return true;
}

/* The picture in a card without a figure: a plus for a new routine, a
 * warning mark for a damaged file. */
static void draw_sign(LbHome *h, SDL_Renderer *r, const LbHomeCard *c, SDL_FRect box, int unit)
{
    float cx = box.x + box.w * 0.5f, cy = box.y + box.h * 0.5f;
    float rad = fminf(box.w, box.h) * 0.34f, th = fmaxf(2.0f, rad * 0.16f);
    SDL_Color col = c->kind == LB_CARD_NEW ? C_SKY : C_YELLOW;
    lb_tess_arc(&h->tess, cx, cy, rad - th, rad, 1.0f, col, 1.0f);
    if (c->kind == LB_CARD_NEW) {
        float a = rad * 0.55f;
        lb_tess_quad(&h->tess, cx - a, cy - th * 0.5f, 2 * a, th, col, 1.0f);
        lb_tess_quad(&h->tess, cx - th * 0.5f, cy - a, th, 2 * a, col, 1.0f);
        flush(h);
    } else {
        flush(h);
        text_at(h, r, "!", iround(rad * 1.3), LB_WEIGHT_BOLD, col, cx, cy, 1);
    }
    (void)unit;
}

/* A card's words under its picture. */
static void card_words(LbHome *h, SDL_Renderer *r, const LbHomeLayout *L, const LbHomeCard *c, SDL_Rect b, float top)
{
    int pad = L->gap, U = L->unit, bw = b.w - 2 * pad;
    float x = (float)(b.x + pad), y = top;
    /* one line, a little smaller if need be; else two */
    const LbTextFit *ft = fit(h, c->title, LB_WEIGHT_BOLD, 0.044, 0.036, U, bw, 1);
    if (!ft || ft->cut)
        ft = fit(h, c->title, LB_WEIGHT_BOLD, 0.036, 0.030, U, bw, 2);
    int lh1 = ft ? lb_text_line_height(h->text, ft->px, LB_WEIGHT_BOLD) : 0;
    y += block_at(h, r, ft, LB_WEIGHT_BOLD, c->kind == LB_CARD_CONTINUE ? C_YELLOW : C_WHITE, x, y, 0);
    if (ft && ft->n == 1)
        y += lh1 * 0.15f;
    float bottom = (float)(b.y + b.h - pad);
    if (c->kind == LB_CARD_BROKEN) {
        y += block_at(h, r, fit(h, c->what, LB_WEIGHT_BOLD, 0.028, 0.020, U, bw, 1), LB_WEIGHT_BOLD, C_YELLOW, x, y, 0);
        int room = (int)(bottom - y);
        int lh = lb_text_line_height(h->text, iround(0.022 * U), LB_WEIGHT_REGULAR);
        int lines = lh > 0 ? room / lh : 1;
        lines = lines < 1 ? 1 : lines > LB_TEXT_FIT_LINES ? LB_TEXT_FIT_LINES : lines;
        block_at(h, r, fit(h, c->message, LB_WEIGHT_REGULAR, 0.022, 0.016, U, bw, lines), LB_WEIGHT_REGULAR, C_SOFT, x,
                 y, 0);
        return;
    }
    const char *lines[3] = {c->what, c->feel, c->source};
    const SDL_Color cols[3] = {C_WHITE, C_SOFT, C_SOFT};
    for (int k = 0; k < 3; k++) {
        if (!lines[k][0])
            continue;
        const LbTextFit *f = fit(h, lines[k], LB_WEIGHT_REGULAR, 0.028, 0.028, U, bw, 1);
        int lh = f ? lb_text_line_height(h->text, f->px, LB_WEIGHT_REGULAR) : 0;
        if (y + lh > bottom + 1)
            break;
        y += block_at(h, r, f, LB_WEIGHT_REGULAR, cols[k], x, y, 0);
    }
}

const char *lb_home_hint(const LbHomeCard *sel)
{
    if (sel && sel->kind == LB_CARD_ROUTINE && sel->user)
        return "Arrows choose  \xC2\xB7  Enter plays  \xC2\xB7  E edits  \xC2\xB7  Delete deletes  \xC2\xB7  L level  "
               "\xC2\xB7  Q quits";
    if (sel && sel->kind == LB_CARD_NEW)
        return "Arrows choose  \xC2\xB7  Enter builds a routine  \xC2\xB7  L level  \xC2\xB7  Q quits";
    if (sel && sel->kind == LB_CARD_BROKEN)
        return "This file cannot be played: limber --check names its problems  \xC2\xB7  Q quits";
    return "Arrows choose  \xC2\xB7  Enter plays  \xC2\xB7  L level  \xC2\xB7  F fullscreen  \xC2\xB7  Q quits";
}

/* The heading, the level and the key line, over the grid's edges. */
static void frame_parts(LbHome *h, SDL_Renderer *r, int w, int hh, const LbHomeLayout *L, const LbHomeView *v,
                        const LbHomeCard *sel)
{
    int U = L->unit;
    /* what scrolls out of the grid slides under these */
    lb_draw_fill(h->list, &(SDL_FRect){0, 0, (float)w, (float)(L->grid.y)}, C_BG);
    float gb = (float)(L->grid.y + L->grid.h);
    lb_draw_fill(h->list, &(SDL_FRect){0, gb, (float)w, hh - gb}, C_BG);
    SDL_Rect hd = L->header;
    char level[64];
    snprintf(level, sizeof level, "Level: %s  (L)", v->level ? v->level : "beginner");
    const LbTextFit *lf = fit(h, level, LB_WEIGHT_BOLD, 0.040, 0.024, U, hd.w / 2, 1);
    int lw = lf ? lf->width : 0;
    int padx = L->gap;
    SDL_FRect badge = {(float)(hd.x + hd.w - lw - 2 * padx), hd.y + hd.h * 0.12f, (float)(lw + 2 * padx), hd.h * 0.76f};
    lb_tess_rounded_frame(&h->tess, badge, badge.h * 0.25f, fmaxf(2.0f, U * 0.003f), C_SKY, 1.0f);
    flush(h);
    if (lf && lf->n)
        text_at(h, r, lf->line[0], lf->px, LB_WEIGHT_BOLD, C_SKY, badge.x + padx, hd.y + hd.h * 0.5f, 0);
    const LbTextFit *tf = fit(h, "Choose a session", LB_WEIGHT_BOLD, 0.062, 0.030, U, (int)(badge.x - hd.x) - padx, 1);
    if (tf && tf->n)
        text_at(h, r, tf->line[0], tf->px, LB_WEIGHT_BOLD, C_WHITE, (float)hd.x, hd.y + hd.h * 0.5f, 0);
    SDL_Rect ft = L->footer;
    bool toast = v->toast && v->toast[0] && v->toast_alpha > 0.01f;
    const char *line = toast ? v->toast : lb_home_hint(sel);
    const LbTextFit *kf = fit(h, line, LB_WEIGHT_BOLD, 0.032, 0.018, U, ft.w, 1);
    if (kf && kf->n)
        text_at(h, r, kf->line[0], kf->px, LB_WEIGHT_BOLD, toast ? C_YELLOW : C_SOFT, ft.x + ft.w * 0.5f,
                ft.y + ft.h * 0.5f, 1);
}

/* A question over everything: the screen dimmed, the question in a card. */
static void ask(LbHome *h, SDL_Renderer *r, int w, int hh, const LbHomeLayout *L, const char *q)
{
    lb_draw_fill(h->list, NULL, (SDL_Color){0, 0, 0, 190});
    SDL_Rect s = L->safe;
    SDL_FRect card = {s.x + s.w * 0.15f, s.y + s.h * 0.3f, s.w * 0.7f, s.h * 0.4f};
    lb_tess_rounded(&h->tess, card, L->gap * 1.5f, C_CARD_ON, 1.0f);
    lb_tess_rounded_frame(&h->tess, card, L->gap * 1.5f, fmaxf(2.0f, L->unit * 0.004f), C_YELLOW, 1.0f);
    flush(h);
    /* the question, then its answer keys on a second line after a tab */
    char qs[512];
    snprintf(qs, sizeof qs, "%s", q);
    char *keys = strchr(qs, '\t');
    if (keys)
        *keys++ = 0;
    int bw = (int)card.w - 4 * L->gap;
    const LbTextFit *f = fit(h, qs, LB_WEIGHT_BOLD, 0.060, 0.030, L->unit, bw, 2);
    const LbTextFit *k = keys ? fit(h, keys, LB_WEIGHT_REGULAR, 0.036, 0.020, L->unit, bw, 1) : NULL;
    int lh = f ? lb_text_line_height(h->text, f->px, LB_WEIGHT_BOLD) * f->n : 0;
    int kh = k ? lb_text_line_height(h->text, k->px, LB_WEIGHT_REGULAR) : 0;
    float y = card.y + (card.h - lh - kh * 1.5f) * 0.5f;
    y += block_at(h, r, f, LB_WEIGHT_BOLD, C_WHITE, card.x + card.w * 0.5f, y, 1);
    block_at(h, r, k, LB_WEIGHT_REGULAR, C_SOFT, card.x + card.w * 0.5f, y + kh * 0.5f, 1);
    (void)w, (void)hh;
}

const LbDraw *lb_home_record(LbHome *h, SDL_Renderer *r, int w, int hh, const LbHomeView *v)
{
    if (!h || !r || !v || !v->cards)
        return NULL;
    h->ok = true;
    LbHomeLayout L;
    lb_home_layout(w, hh, &L);
    const LbHomeCards *hc = v->cards;
    lb_draw_begin(h->list, w, hh);
    lb_draw_fill(h->list, NULL, C_BG);
    /* which cards show: only those are drawn */
    int first = -1, last = -1;
    for (int i = 0; i < hc->n; i++) {
        SDL_Rect b = lb_home_card_rect(&L, i, v->scroll_px);
        if (b.y + b.h <= L.grid.y || b.y >= L.grid.y + L.grid.h)
            continue;
        if (first < 0)
            first = i;
        last = i;
        const LbHomeCard *c = &hc->cards[i];
        bool on = i == v->selected;
        SDL_Color bg = c->kind == LB_CARD_BROKEN ? C_BROKEN : on ? C_CARD_ON : C_CARD;
        lb_tess_rounded(&h->tess, frect(b), L.gap * 0.8f, bg, 1.0f);
        if (on)
            lb_tess_rounded_frame(&h->tess, frect(b), L.gap * 0.8f, fmaxf(3.0f, L.unit * 0.006f), C_YELLOW, 1.0f);
    }
    flush(h);
    /* panels are the backdrop; words and figures go over them */
    lb_draw_mark_backdrop(h->list);
    bool ok = true;
    for (int i = first; i >= 0 && i <= last; i++) {
        const LbHomeCard *c = &hc->cards[i];
        SDL_Rect b = lb_home_card_rect(&L, i, v->scroll_px);
        SDL_FRect box = figure_box(&L, b);
        if (c->kind == LB_CARD_NEW || c->kind == LB_CARD_BROKEN)
            draw_sign(h, r, c, box, L.unit);
        else if (c->tl && c->tl->n_items > 0)
            ok &= draw_preview(h, r, w, hh, i, c, box, v->t_s);
        card_words(h, r, &L, c, b, box.y + box.h + L.gap * 0.5f);
    }
    const LbHomeCard *sel = v->selected >= 0 && v->selected < hc->n ? &hc->cards[v->selected] : NULL;
    frame_parts(h, r, w, hh, &L, v, sel);
    if (v->ask)
        ask(h, r, w, hh, &L, v->ask);
    return ok && h->ok && lb_draw_ok(h->list) ? h->list : NULL;
}

const LbDraw *lb_home_record_title(LbHome *h, SDL_Renderer *r, int w, int hh, const LbHomeView *v)
{
    if (!h || !r || !v || !v->cards)
        return NULL;
    h->ok = true;
    LbHomeLayout L;
    lb_home_layout(w, hh, &L);
    lb_draw_begin(h->list, w, hh);
    lb_draw_fill(h->list, NULL, C_BG);
    lb_draw_mark_backdrop(h->list);
    const LbHomeCards *hc = v->cards;
    const LbHomeCard *c = v->selected >= 0 && v->selected < hc->n ? &hc->cards[v->selected] : NULL;
    SDL_Rect s = L.safe;
    float cx = s.x + s.w * 0.5f;
    int U = L.unit, bw = s.w * 8 / 10;
    const char *title = c ? c->title : "limber";
    const LbTextFit *tf = fit(h, title, LB_WEIGHT_BOLD, 0.12, 0.05, U, bw, 2);
    const LbTextFit *wf = c ? fit(h, c->what, LB_WEIGHT_REGULAR, 0.050, 0.026, U, bw, 1) : NULL;
    const LbTextFit *ff = c ? fit(h, c->feel, LB_WEIGHT_REGULAR, 0.044, 0.024, U, bw, 2) : NULL;
    int th = tf ? lb_text_line_height(h->text, tf->px, LB_WEIGHT_BOLD) * tf->n : 0;
    int wh = wf ? lb_text_line_height(h->text, wf->px, LB_WEIGHT_REGULAR) * wf->n : 0;
    int fh = ff ? lb_text_line_height(h->text, ff->px, LB_WEIGHT_REGULAR) * ff->n : 0;
    float y = s.y + (s.h - th - wh - fh - 2 * L.gap) * 0.45f;
    y += block_at(h, r, tf, LB_WEIGHT_BOLD, C_WHITE, cx, y, 1) + L.gap * 2;
    float rule = fminf(s.w * 0.2f, (float)U * 0.3f);
    lb_tess_quad(&h->tess, cx - rule * 0.5f, y - L.gap * 1.2f, rule, fmaxf(2.0f, U * 0.004f), C_SKY, 1.0f);
    flush(h);
    y += block_at(h, r, wf, LB_WEIGHT_REGULAR, C_SOFT, cx, y, 1);
    block_at(h, r, ff, LB_WEIGHT_REGULAR, C_SOFT, cx, y, 1);
    return h->ok && lb_draw_ok(h->list) ? h->list : NULL;
}
