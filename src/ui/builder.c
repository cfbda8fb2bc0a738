/* builder: the routine builder's picture, laid out in fractions of the
 * output inside the title-safe area.
 *
 *   +----------------------------------------------------------------+
 *   | New routine   [ title field ....................... ]   Total   |
 *   +--------------------------+-------------------------------------+
 *   | EXERCISES                | YOUR ROUTINE                        |
 *   |  Knee to chest   15-30 s |  1. Knee to chest   25 s (15-30)    |
 *   |  ...                     |  2. ...                             |
 *   |                          | Rest between exercises    - 10 s +  |
 *   |                          | Safety card first              On   |
 *   +--------------------------+-------------------------------------+
 *   | message                                               [ Save ] |
 *   | keys that work here                                            |
 *   +----------------------------------------------------------------+
 *
 * In a portrait output the exercises sit above the routine. Shapes go
 * through the tessellator (rounded, feathered), text through the cached
 * text module, each list clipped to its area so rows scroll smoothly. */
#include "builder.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "palette.h"
#include "tess.h"
#include "text.h"

struct LbBuilder {
    LbText *text;
    LbTess tess;
    bool ok;
};

static const SDL_Color C_BG = {LB_BG_R, LB_BG_G, LB_BG_B, 255};
static const SDL_Color C_PANEL = {28, 35, 48, 255};
static const SDL_Color C_ROW = {44, 54, 72, 255};
static const SDL_Color C_FIELD = {8, 12, 20, 255};
static const SDL_Color C_WHITE = {245, 246, 248, 255};
static const SDL_Color C_SOFT = {176, 186, 202, 255};
static const SDL_Color C_DIM = {120, 130, 146, 255};
static const SDL_Color C_YELLOW = {240, 228, 66, 255};
static const SDL_Color C_SKY = {LB_SIDE_LEFT_RGB, 255};
static const SDL_Color C_ORANGE = {LB_SIDE_RIGHT_RGB, 255};
static const SDL_Color C_INK = {10, 14, 22, 255};

enum { AL_LEFT = 0, AL_CENTRE, AL_RIGHT };

static int rnd(double v) { return (int)floor(v + 0.5); }

static SDL_Rect rect(int x, int y, int w, int h)
{
    SDL_Rect r = {x, y, w > 0 ? w : 0, h > 0 ? h : 0};
    return r;
}

static int px_at_least(int px) { return px > LB_TEXT_MIN_PX ? px : LB_TEXT_MIN_PX; }

/* ---- layout ----------------------------------------------------------------- */

/* The bar's buttons, from the right: remove, move down, move up; then
 * the hold's + and - around its words. */
static void item_buttons(LbBuilderLayout *L)
{
    SDL_Rect bar = L->item_bar;
    int G = L->gap, bw = bar.h - G, y = bar.y + G / 2;
    int x = bar.x + bar.w - G / 2;
    static const LbBuildButton order[] = {LB_BB_REMOVE, LB_BB_MOVE_DOWN, LB_BB_MOVE_UP};
    for (int k = 0; k < 3; k++) {
        x -= bw;
        L->item_button[order[k]] = rect(x, y, bw, bw);
        x -= G / 2;
    }
    x -= 2 * G + bw;
    L->item_button[LB_BB_HOLD_UP] = rect(x, y, bw, bw);
    x -= rnd(L->px_body * 2.8) + bw; /* room for "60 s" between them */
    L->item_button[LB_BB_HOLD_DOWN] = rect(x, y, bw, bw);
}

/* A list box: a heading strip on top, the rows' area, a bar about the
 * selected row, and (for the routine) the rest and safety rows. */
static void list_box(LbBuilderLayout *L, SDL_Rect box, bool routine)
{
    int G = L->gap, head = rnd(L->px_head * 2.0);
    int below = (routine ? 3 : 1) * L->row_h + G;
    SDL_Rect list = rect(box.x + G, box.y + head, box.w - 2 * G, box.h - head - below - G);
    int rows = list.h / (L->row_h > 0 ? L->row_h : 1);
    int y = list.y + list.h + G / 2; /* the bar stays at the bottom of the box */
    if (rows > 0)                    /* whole rows only: once scrolled, none shows cut in half */
        list.h = rows * L->row_h;
    SDL_Rect bar = rect(list.x, y, list.w, L->row_h);
    if (!routine) {
        L->lib_box = box;
        L->lib_list = list;
        L->lib_bar = bar;
        L->lib_rows = rows;
        return;
    }
    L->items_box = box;
    L->items_list = list;
    L->item_bar = bar;
    L->item_rows = rows;
    item_buttons(L);
    y += L->row_h;
    L->rest = rect(list.x, y, list.w, L->row_h);
    int bw = L->row_h - G;
    L->rest_up = rect(L->rest.x + L->rest.w - bw - G / 2, y + G / 2, bw, bw);
    int vw = rnd(L->px_body * 3.2); /* room for "60 s" between the buttons */
    L->rest_down = rect(L->rest_up.x - vw - bw, y + G / 2, bw, bw);
    L->safety = rect(list.x, y + L->row_h, list.w, L->row_h);
}

void lb_builder_layout(int w, int h, LbBuilderLayout *L)
{
    memset(L, 0, sizeof *L);
    if (w < 1)
        w = 1;
    if (h < 1)
        h = 1;
    int sx = rnd(w * 0.05), sy = rnd(h * 0.05), sw = w - 2 * sx, sh = h - 2 * sy;
    L->safe = rect(sx, sy, sw, sh);
    /* The unit follows the height, but a narrow (portrait) output keeps
     * it from running out of width, as the overlay does. */
    double U = fmin((double)h, 0.75 * w);
    int G = rnd(fmax(2.0, 0.012 * U));
    L->gap = G;
    L->rad = G + rnd(U / 150.0);
    L->portrait = h > w;
    L->px_body = px_at_least(rnd(0.041 * U));
    L->px_small = px_at_least(rnd(0.029 * U));
    L->px_head = px_at_least(rnd(0.030 * U));
    L->px_title = px_at_least(rnd(0.050 * U));
    L->row_h = rnd(L->px_body * 1.8);

    int hh = rnd(0.085 * U);
    int total_w = rnd(L->px_body * 8.5), head_w = rnd(L->px_title * 6.6);
    if (L->portrait) {
        L->header = rect(sx, sy, sw, 2 * hh + G);
        L->total = rect(sx + sw - total_w, sy, total_w, hh);
        L->title_field = rect(sx, sy + hh + G, sw, hh);
    } else {
        L->header = rect(sx, sy, sw, hh);
        L->total = rect(sx + sw - total_w, sy, total_w, hh);
        L->title_field = rect(sx + head_w, sy, sw - head_w - total_w - G, hh);
    }

    int kh = rnd(L->px_small * 1.6), fh = rnd(0.08 * U);
    L->keys = rect(sx, sy + sh - kh, sw, kh);
    int fy = L->keys.y - G - fh;
    int save_w = rnd(fmin(0.22 * U, 0.3 * sw));
    L->save = rect(sx + sw - save_w, fy, save_w, fh);
    L->message = rect(sx, fy, sw - save_w - G, fh);

    int top = L->header.y + L->header.h + G, bottom = fy - G;
    if (L->portrait) {
        int lh = rnd((bottom - top - G) * 0.42);
        list_box(L, rect(sx, top, sw, lh), false);
        list_box(L, rect(sx, top + lh + G, sw, bottom - top - lh - G), true);
    } else {
        int lw = rnd(sw * 0.45);
        list_box(L, rect(sx, top, lw, bottom - top), false);
        list_box(L, rect(sx + lw + G, top, sw - lw - G, bottom - top), true);
    }

    int cw = rnd(fmin(sw, 1.25 * U)), ch = rnd(0.4 * U);
    L->confirm = rect(sx + (sw - cw) / 2, sy + (sh - ch) / 2, cw, ch);
    int bw = (cw - 3 * G * 2) / 2, bh = rnd(0.085 * U);
    for (int i = 0; i < 2; i++)
        L->confirm_button[i] = rect(L->confirm.x + 2 * G + i * (bw + 2 * G), L->confirm.y + ch - bh - 2 * G, bw, bh);
}

SDL_Rect lb_builder_row(const LbBuilderLayout *L, bool routine, int i, float scroll)
{
    SDL_Rect list = routine ? L->items_list : L->lib_list;
    int y = list.y + rnd((i - scroll) * L->row_h);
    return rect(list.x, y, list.w, L->row_h - L->gap / 2);
}

/* ---- drawing helpers ---------------------------------------------------------- */

static void flush(LbBuilder *b, SDL_Renderer *r)
{
    LbTess *t = &b->tess;
    if (t->n_idx > 0 && SDL_RenderGeometry(r, NULL, t->vtx, t->n_vtx, t->idx, t->n_idx) != 0)
        b->ok = false;
    lb_tess_clear(t);
}

static void box(LbBuilder *b, SDL_Rect x, float rad, SDL_Color c)
{
    if (x.w > 0 && x.h > 0)
        lb_tess_rounded(&b->tess, (SDL_FRect){(float)x.x, (float)x.y, (float)x.w, (float)x.h}, rad, c, 1.0f);
}

static void frame(LbBuilder *b, SDL_Rect x, float rad, float thick, SDL_Color c)
{
    if (x.w > 0 && x.h > 0)
        lb_tess_rounded_frame(&b->tess, (SDL_FRect){(float)x.x, (float)x.y, (float)x.w, (float)x.h}, rad, thick, c,
                              1.0f);
}

/* Draw s with its vertical centre at cy, shrunk (to 70 %) and then cut
 * with an ellipsis to fit max_w. Returns the width drawn. */
static int text(LbBuilder *b, SDL_Renderer *r, const char *s, int px, LbWeight wt, SDL_Color c, int x, int cy,
                int align, int max_w)
{
    if (!s || !*s || max_w <= 0)
        return 0;
    if (lb_text_width(b->text, s, px, wt) > max_w) {
        int lo = px * 7 / 10;
        const LbTextFit *f = lb_text_fit(b->text, s, wt, px, lo > LB_TEXT_MIN_PX ? lo : LB_TEXT_MIN_PX, max_w, 1);
        if (!f || f->n == 0)
            return 0;
        s = f->line[0];
        px = f->px;
    }
    int tw, th;
    SDL_Texture *t = lb_text_get(b->text, r, s, px, wt, c, &tw, &th);
    if (!t)
        return 0;
    int dx = align == AL_LEFT ? x : align == AL_CENTRE ? x - tw / 2 : x - tw;
    SDL_Rect dst = {dx, cy - th / 2, tw, th};
    SDL_SetTextureAlphaMod(t, 255);
    if (SDL_RenderCopy(r, t, NULL, &dst) != 0)
        b->ok = false;
    return tw;
}

static int mid(SDL_Rect x) { return x.y + x.h / 2; }

/* A small square button, and the symbol on it. */
static void button_shape(LbBuilder *b, SDL_Rect x, int rad) { box(b, x, (float)rad, C_SKY); }

static void button_word(LbBuilder *b, SDL_Renderer *r, SDL_Rect x, const char *s, int px)
{
    text(b, r, s, px, LB_WEIGHT_BOLD, C_INK, x.x + x.w / 2, mid(x), AL_CENTRE, x.w);
}

/* ---- the parts ------------------------------------------------------------------ */

static void draw_header(LbBuilder *b, SDL_Renderer *r, const LbBuilderLayout *L, const LbBuilderView *v)
{
    bool on = v->focus == LB_BF_TITLE;
    SDL_Rect f = L->title_field;
    if (on)
        box(b, f, (float)L->rad, C_YELLOW);
    SDL_Rect in = rect(f.x + L->gap / 2, f.y + L->gap / 2, f.w - L->gap, f.h - L->gap);
    box(b, in, (float)(L->rad - L->gap / 2 > 1 ? L->rad - L->gap / 2 : 1), on ? C_FIELD : C_PANEL);
    flush(b, r);
    int G = L->gap;
    if (!L->portrait)
        text(b, r, v->heading, L->px_title, LB_WEIGHT_BOLD, C_YELLOW, L->header.x, mid(L->header), AL_LEFT,
             f.x - L->header.x - G);
    else
        text(b, r, v->heading, L->px_title, LB_WEIGHT_BOLD, C_YELLOW, L->header.x, mid(L->total), AL_LEFT,
             L->total.x - L->header.x - G);
    text(b, r, v->total, L->px_body, LB_WEIGHT_BOLD, C_WHITE, L->total.x + L->total.w, mid(L->total), AL_RIGHT,
         L->total.w);
    int tx = in.x + 2 * G, tw = in.w - 4 * G;
    const char *t = v->title && *v->title ? v->title : NULL;
    int drawn = 0;
    if (t)
        drawn = text(b, r, t, L->px_body, LB_WEIGHT_BOLD, C_WHITE, tx, mid(in), AL_LEFT, tw);
    else
        text(b, r, on ? "Type a title" : "Title: press Up to type one", L->px_body, LB_WEIGHT_REGULAR, C_DIM, tx,
             mid(in), AL_LEFT, tw);
    if (on && v->caret) {
        int cx = tx + drawn + (t ? G / 2 : 0);
        if (!t)
            cx = tx - G;
        int ch = rnd(L->px_body * 1.1);
        box(b, rect(cx, mid(in) - ch / 2, G / 2 > 2 ? G / 2 : 2, ch), 0.0f, C_YELLOW);
        flush(b, r);
    }
}

/* A row's name: numbered in the routine. */
static void row_name(const LbBuildRow *row, bool routine, int i, char *out, size_t n)
{
    if (routine)
        snprintf(out, n, "%d. %s", i + 1, row->name ? row->name : "");
    else
        snprintf(out, n, "%s", row->name ? row->name : "");
}

/* One size for every name in a list, so the rows read alike: the body
 * size, or smaller (to 75 %) when a name would not fit beside its
 * detail; a name longer still is cut with an ellipsis. */
static int list_px(LbBuilder *b, const LbBuilderLayout *L, const LbBuildRow *rows, int n, bool routine, int w)
{
    int px = L->px_body, lo = L->px_body * 3 / 4;
    for (int i = 0; i < n && px > lo; i++) {
        char name[160];
        row_name(&rows[i], routine, i, name, sizeof name);
        int dw = rows[i].detail ? lb_text_width(b->text, rows[i].detail, L->px_small, LB_WEIGHT_REGULAR) : 0;
        int avail = w - dw - 4 * L->gap, nw = lb_text_width(b->text, name, px, LB_WEIGHT_BOLD);
        if (nw > avail && nw > 0)
            px = (int)((double)px * avail / nw);
    }
    return px < lo ? lo : px;
}

/* One list: its panel and heading, then the rows clipped to their area. */
static void draw_list(LbBuilder *b, SDL_Renderer *r, const LbBuilderLayout *L, const LbBuilderView *v, bool routine)
{
    SDL_Rect bx = routine ? L->items_box : L->lib_box, list = routine ? L->items_list : L->lib_list;
    const LbBuildRow *rows = routine ? v->items : v->lib;
    int n = routine ? v->n_items : v->n_lib, sel = routine ? v->item_sel : v->lib_sel;
    float scroll = routine ? v->item_scroll : v->lib_scroll;
    bool focus = v->focus == (routine ? LB_BF_ROUTINE : LB_BF_LIBRARY);
    int G = L->gap;
    box(b, bx, (float)L->rad, C_PANEL);
    if (focus)
        frame(b, bx, (float)L->rad, (float)(G / 3 > 2 ? G / 3 : 2), C_YELLOW);
    flush(b, r);
    char head[96];
    if (routine)
        snprintf(head, sizeof head, "YOUR ROUTINE  \xC2\xB7  %d exercise%s", n, n == 1 ? "" : "s");
    else
        snprintf(head, sizeof head, "EXERCISES");
    int hy = bx.y + (list.y - bx.y) / 2;
    /* Arrows at the heading's end say there are rows out of view. */
    int rows_fit = routine ? L->item_rows : L->lib_rows;
    bool above = scroll > 0.01f, below = n > 0 && scroll + rows_fit < n - 0.01f;
    int aw = 0;
    if (above || below) {
        const char *arrows = above && below ? "more \xE2\x96\xB2 \xE2\x96\xBC"
                             : above        ? "more \xE2\x96\xB2"
                                            : "more \xE2\x96\xBC";
        aw = text(b, r, arrows, L->px_small, LB_WEIGHT_BOLD, C_SOFT, list.x + list.w - G, hy, AL_RIGHT, list.w / 3);
    }
    text(b, r, head, L->px_head, LB_WEIGHT_BOLD, C_SOFT, list.x + G, hy, AL_LEFT, list.w - 3 * G - aw);

    SDL_Rect clip = list;
    SDL_RenderSetClipRect(r, &clip);
    if (sel >= 0 && sel < n) {
        SDL_Color c = v->carrying && routine ? C_ORANGE : focus ? C_SKY : C_ROW;
        box(b, lb_builder_row(L, routine, sel, scroll), (float)L->rad, c);
    }
    flush(b, r);
    int px = list_px(b, L, rows, n, routine, list.w);
    for (int i = 0; i < n; i++) {
        SDL_Rect row = lb_builder_row(L, routine, i, scroll);
        if (row.y + row.h < list.y || row.y > list.y + list.h)
            continue;
        bool hi = i == sel && (focus || (routine && v->carrying));
        SDL_Color name_c = hi ? C_INK : C_WHITE, det_c = hi ? C_INK : rows[i].detail_changed ? C_YELLOW : C_SOFT;
        char name[160];
        row_name(&rows[i], routine, i, name, sizeof name);
        int right = row.x + row.w - G;
        int dw = text(b, r, rows[i].detail, L->px_small, rows[i].detail_changed ? LB_WEIGHT_BOLD : LB_WEIGHT_REGULAR,
                      det_c, right, mid(row), AL_RIGHT, row.w / 3);
        text(b, r, name, px, LB_WEIGHT_BOLD, name_c, row.x + G, mid(row), AL_LEFT, right - dw - 2 * G - row.x - G);
    }
    if (n == 0 && routine)
        text(b, r, "Empty: choose exercises on the left and press Enter", L->px_small, LB_WEIGHT_REGULAR, C_SOFT,
             list.x + G, list.y + L->row_h / 2, AL_LEFT, list.w - 2 * G);
    SDL_RenderSetClipRect(r, NULL);
}

/* The bars under the lists: what the selected exercise allows, and the
 * selected item's hold and buttons. */
static void draw_bars(LbBuilder *b, SDL_Renderer *r, const LbBuilderLayout *L, const LbBuilderView *v)
{
    int G = L->gap;
    box(b, L->lib_bar, (float)L->rad, C_FIELD);
    bool items = v->n_items > 0, live = items && !v->carrying;
    if (items) {
        box(b, L->item_bar, (float)L->rad, C_FIELD);
        for (int k = 0; k < LB_BB_COUNT; k++) {
            bool on = live && (k == LB_BB_HOLD_DOWN || k == LB_BB_HOLD_UP ? v->can_hold
                               : k == LB_BB_MOVE_UP                       ? v->item_sel > 0
                               : k == LB_BB_MOVE_DOWN                     ? v->item_sel < v->n_items - 1
                                                                          : true);
            box(b, L->item_button[k], (float)(L->rad / 2 > 1 ? L->rad / 2 : 1), on ? C_SKY : C_ROW);
        }
    }
    flush(b, r);
    text(b, r, v->lib_info, L->px_small, LB_WEIGHT_REGULAR, C_SOFT, L->lib_bar.x + 2 * G, mid(L->lib_bar), AL_LEFT,
         L->lib_bar.w - 4 * G);
    if (!items)
        return;
    const SDL_Rect *bt = L->item_button;
    int lw = bt[LB_BB_HOLD_DOWN].x - L->item_bar.x - 3 * G;
    const char *info = v->item_info;
    if (v->item_info_short && lb_text_width(b->text, info, L->px_small, LB_WEIGHT_REGULAR) > lw)
        info = v->item_info_short;
    text(b, r, info, L->px_small, LB_WEIGHT_REGULAR, C_SOFT, L->item_bar.x + 2 * G, mid(L->item_bar), AL_LEFT, lw);
    int hx = (bt[LB_BB_HOLD_DOWN].x + bt[LB_BB_HOLD_DOWN].w + bt[LB_BB_HOLD_UP].x) / 2;
    text(b, r, v->item_hold, v->can_hold ? L->px_body : L->px_small, LB_WEIGHT_BOLD, v->can_hold ? C_WHITE : C_DIM, hx,
         mid(L->item_bar), AL_CENTRE, bt[LB_BB_HOLD_UP].x - bt[LB_BB_HOLD_DOWN].x - bt[LB_BB_HOLD_DOWN].w);
    static const char *sym[LB_BB_COUNT] = {"\xE2\x88\x92", "+", "\xE2\x96\xB2", "\xE2\x96\xBC", "\xE2\x9C\x95"};
    for (int k = 0; k < LB_BB_COUNT; k++)
        text(b, r, sym[k], k < 2 ? L->px_body : L->px_small, LB_WEIGHT_BOLD, live ? C_INK : C_DIM,
             bt[k].x + bt[k].w / 2, mid(bt[k]), AL_CENTRE, bt[k].w);
}

/* The rest and the safety card under the routine. */
static void draw_settings(LbBuilder *b, SDL_Renderer *r, const LbBuilderLayout *L, const LbBuilderView *v)
{
    int G = L->gap;
    bool rest_on = v->focus == LB_BF_REST, safe_on = v->focus == LB_BF_SAFETY;
    if (rest_on)
        box(b, L->rest, (float)L->rad, C_SKY);
    if (safe_on)
        box(b, L->safety, (float)L->rad, C_SKY);
    button_shape(b, L->rest_down, L->rad / 2);
    button_shape(b, L->rest_up, L->rad / 2);
    /* The switch: a pill with its knob at the right when on. */
    int sh = L->row_h * 5 / 10, swd = sh * 2;
    SDL_Rect pill = rect(L->safety.x + L->safety.w - G - swd, mid(L->safety) - sh / 2, swd, sh);
    box(b, pill, sh / 2.0f, v->safety ? C_YELLOW : C_ROW);
    int kr = sh / 2 - G / 3;
    lb_tess_circle(&b->tess, (float)(v->safety ? pill.x + pill.w - sh / 2 : pill.x + sh / 2),
                   (float)(pill.y + sh / 2.0), (float)kr, v->safety ? C_INK : C_SOFT, 1.0f);
    flush(b, r);
    SDL_Color rc = rest_on ? C_INK : C_WHITE, sc = safe_on ? C_INK : C_WHITE;
    text(b, r, "Rest between exercises", L->px_body, LB_WEIGHT_REGULAR, rc, L->rest.x + G, mid(L->rest), AL_LEFT,
         L->rest_down.x - L->rest.x - 2 * G);
    int vx = (L->rest_down.x + L->rest_down.w + L->rest_up.x) / 2;
    text(b, r, v->rest, L->px_body, LB_WEIGHT_BOLD, rc, vx, mid(L->rest), AL_CENTRE,
         L->rest_up.x - L->rest_down.x - L->rest_down.w);
    button_word(b, r, L->rest_down, "\xE2\x88\x92", L->px_body);
    button_word(b, r, L->rest_up, "+", L->px_body);
    int ww = text(b, r, v->safety ? "On" : "Off", L->px_body, LB_WEIGHT_BOLD, sc, pill.x - G, mid(L->safety), AL_RIGHT,
                  4 * L->px_body);
    text(b, r, "Safety card first", L->px_body, LB_WEIGHT_REGULAR, sc, L->safety.x + G, mid(L->safety), AL_LEFT,
         pill.x - ww - 3 * G - L->safety.x);
}

static void draw_footer(LbBuilder *b, SDL_Renderer *r, const LbBuilderLayout *L, const LbBuilderView *v)
{
    int G = L->gap;
    bool on = v->focus == LB_BF_SAVE;
    box(b, L->save, (float)L->rad, on ? C_YELLOW : C_SKY);
    if (on)
        frame(b, L->save, (float)L->rad, (float)(G / 3 > 2 ? G / 3 : 2), C_WHITE);
    if (v->message && *v->message && v->message_error)
        box(b, L->message, (float)L->rad, (SDL_Color){70, 30, 20, 255});
    flush(b, r);
    text(b, r, "Save", L->px_body, LB_WEIGHT_BOLD, C_INK, L->save.x + L->save.w / 2, mid(L->save), AL_CENTRE,
         L->save.w - 2 * G);
    if (v->message && *v->message) {
        SDL_Rect m = L->message;
        const LbTextFit *f =
            lb_text_fit(b->text, v->message, LB_WEIGHT_BOLD, L->px_small, LB_TEXT_MIN_PX, m.w - 4 * G, 2);
        if (f) {
            int lh = lb_text_line_height(b->text, f->px, LB_WEIGHT_BOLD);
            int y = mid(m) - lh * f->n / 2 + lh / 2;
            for (int i = 0; i < f->n; i++, y += lh)
                text(b, r, f->line[i], f->px, LB_WEIGHT_BOLD, v->message_error ? C_ORANGE : C_YELLOW, m.x + 2 * G, y,
                     AL_LEFT, m.w - 4 * G);
        }
    }
    text(b, r, v->keys, L->px_small, LB_WEIGHT_REGULAR, C_SOFT, L->keys.x, mid(L->keys), AL_LEFT, L->keys.w);
}

static void draw_confirm(LbBuilder *b, SDL_Renderer *r, int w, int h, const LbBuilderLayout *L, const LbBuilderView *v)
{
    int G = L->gap;
    lb_tess_quad(&b->tess, 0, 0, (float)w, (float)h, C_BG, 0.8f);
    box(b, L->confirm, (float)L->rad, C_PANEL);
    frame(b, L->confirm, (float)L->rad, (float)(G / 3 > 2 ? G / 3 : 2), C_YELLOW);
    for (int i = 0; i < 2; i++) {
        SDL_Rect bt = L->confirm_button[i];
        box(b, bt, (float)L->rad, v->confirm_choice == i ? C_YELLOW : C_ROW);
    }
    flush(b, r);
    SDL_Rect c = L->confirm;
    text(b, r, v->confirm, L->px_title, LB_WEIGHT_BOLD, C_WHITE, c.x + c.w / 2, c.y + c.h / 5, AL_CENTRE, c.w - 4 * G);
    if (v->confirm_detail) {
        const LbTextFit *f =
            lb_text_fit(b->text, v->confirm_detail, LB_WEIGHT_REGULAR, L->px_body, L->px_small, c.w - 4 * G, 2);
        if (f) {
            int lh = lb_text_line_height(b->text, f->px, LB_WEIGHT_REGULAR);
            int y = c.y + c.h * 2 / 5 + lh / 2;
            for (int i = 0; i < f->n; i++, y += lh)
                text(b, r, f->line[i], f->px, LB_WEIGHT_REGULAR, C_SOFT, c.x + c.w / 2, y, AL_CENTRE, c.w - 4 * G);
        }
    }
    for (int i = 0; i < 2; i++) {
        SDL_Rect bt = L->confirm_button[i];
        text(b, r, v->confirm_buttons[i], L->px_body, LB_WEIGHT_BOLD, v->confirm_choice == i ? C_INK : C_WHITE,
             bt.x + bt.w / 2, mid(bt), AL_CENTRE, bt.w - 2 * G);
    }
}

/* ---- the module ------------------------------------------------------------------- */

LbBuilder *lb_builder_create(const char *data_dir, char *err, size_t err_size)
{
    const char *dir = data_dir && *data_dir ? data_dir : ".";
    char reg[4096], bold[4096];
    snprintf(reg, sizeof reg, "%s/assets/fonts/DejaVuSans.ttf", dir);
    snprintf(bold, sizeof bold, "%s/assets/fonts/DejaVuSans-Bold.ttf", dir);
    LbBuilder *b = calloc(1, sizeof *b);
    if (!b) {
        snprintf(err, err_size, "builder: out of memory");
        return NULL;
    }
    LbTextDesc td = {0};
    td.font_path[LB_WEIGHT_REGULAR] = reg;
    td.font_path[LB_WEIGHT_BOLD] = bold;
    b->text = lb_text_create(&td, err, err_size);
    if (!b->text) {
        free(b);
        return NULL;
    }
    return b;
}

void lb_builder_destroy(LbBuilder *b)
{
    if (!b)
        return;
    lb_text_destroy(b->text);
    lb_tess_free(&b->tess);
    free(b);
}

void lb_builder_textures_lost(LbBuilder *b)
{
    if (b)
        lb_text_forget(b->text, NULL);
}

bool lb_builder_draw(LbBuilder *b, SDL_Renderer *r, int w, int h, const LbBuilderView *v)
{
    LbBuilderLayout L;
    lb_builder_layout(w, h, &L);
    b->ok = true;
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, C_BG.r, C_BG.g, C_BG.b, 255);
    if (SDL_RenderClear(r) != 0)
        b->ok = false;
    draw_header(b, r, &L, v);
    draw_list(b, r, &L, v, false);
    draw_list(b, r, &L, v, true);
    draw_bars(b, r, &L, v);
    draw_settings(b, r, &L, v);
    draw_footer(b, r, &L, v);
    if (v->confirm)
        draw_confirm(b, r, w, h, &L, v);
    flush(b, r);
    return b->ok;
}
