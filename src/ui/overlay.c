/* overlay: the text and badges over the figure: each element, and the
 * module functions. See overlay_int.h for the files it is made of. */
#include "overlay_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- elements ---------------------------------------------------------------- */

void ov_title(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const char *title, SDL_Color c)
{
    SDL_Rect b = L->el[LB_EL_TITLE];
    if (!title || !*title || b.w <= 0)
        return;
    int pad = L->gap;
    int px = b.h * 62 / 100;
    const LbTextFit *f = lb_text_fit(o->text, title, LB_WEIGHT_BOLD, px, px * 55 / 100, b.w - 2 * pad, 1);
    if (f && f->cut) /* too long for one line even small: two smaller ones */
        f = lb_text_fit(o->text, title, LB_WEIGHT_BOLD, b.h * 36 / 100, b.h * 28 / 100, b.w - 2 * pad, 2);
    if (!f || f->n == 0)
        return;
    SDL_Rect back = {b.x, b.y, f->width + 2 * pad, b.h};
    ov_panel(o, back, ov_radius(L), 1.0f);
    ov_flush(o, r);
    ov_block(o, r, f, LB_WEIGHT_BOLD, c, (float)(b.x + pad), b.y + b.h * 0.5f, OV_LEFT, 1.0f);
}

/* The speed in hundredths (100 = normal) and the time left at it. */
static int ov_speed_pc(const LbSessionView *v)
{
    int pc = v->speed > 0 ? (int)lround(v->speed * 100.0) : 100;
    return pc < 1 ? 1 : pc;
}

static double ov_time_left(const LmOverlayState *st, const LbSessionView *v, int speed_pc)
{
    /* at another speed, the time it takes, not the session's own seconds
     * (holds keep theirs); without a clock, at the speed shown */
    return lm_wall_s(v->pb, speed_pc / 100.0, st->routine_elapsed_s, st->routine_total_s);
}

void lb_overlay_status_words(const LmOverlayState *st, const LbSessionView *v, char *left, size_t left_size,
                             char *right, size_t right_size)
{
    if (left_size)
        left[0] = '\0';
    if (!right_size)
        return;
    right[0] = '\0';
    if (st && st->n_items > 1 && left_size)
        snprintf(left, left_size, "%d / %d", st->item + 1, st->n_items);
    const char *level = v->level ? v->level : "";
    int speed_pc = ov_speed_pc(v);
    size_t n = 0;
#define OV_WORD(...) (n < right_size ? (n += (size_t)snprintf(right + n, right_size - n, __VA_ARGS__)) : n)
    if (*level)
        OV_WORD("%s", level);
    if (speed_pc != 100)
        OV_WORD("%s%gx", n ? "  \xC2\xB7  " : "", speed_pc / 100.0);
    if (v->mirror)
        OV_WORD("%smirrored", n ? "  \xC2\xB7  " : "");
    if (v->muted)
        OV_WORD("%ssound off", n ? "  \xC2\xB7  " : "");
    if (st && st->routine_total_s > 0) {
        char tmp[32];
        lm_format_clock(tmp, sizeof tmp, ov_time_left(st, v, speed_pc), true);
        OV_WORD("%s%s left", n ? "  \xC2\xB7  " : "", tmp);
    }
#undef OV_WORD
}

static void ov_progress(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const LmOverlayState *st,
                        const LbSessionView *v)
{
    SDL_Rect b = L->el[LB_EL_PROGRESS];
    int pad = L->gap;
    int px = OV_PX(b.h * 58 / 100);
    bool bar = st && st->routine_total_s > 0;
    OvWords *wd = &o->words;
    const char *level = v->level ? v->level : "";
    int item = st ? st->item : -1, n_items = st ? st->n_items : 0;
    int speed_pc = ov_speed_pc(v);
    int secs = bar ? lm_clock_seconds(ov_time_left(st, v, speed_pc)) : -1;
    if (!wd->valid || wd->item != item || wd->n_items != n_items || wd->secs != secs || wd->px != px ||
        wd->mirror != v->mirror || wd->muted != v->muted || wd->speed_pc != speed_pc ||
        strncmp(wd->level, level, sizeof wd->level) != 0) {
        lb_overlay_status_words(st, v, wd->left, sizeof wd->left, wd->right, sizeof wd->right);
        wd->item = item, wd->n_items = n_items, wd->secs = secs, wd->px = px;
        wd->mirror = v->mirror, wd->muted = v->muted, wd->speed_pc = speed_pc;
        snprintf(wd->level, sizeof wd->level, "%s", level);
        /* a level name too long to keep is compared afresh every frame */
        wd->valid = strlen(level) < sizeof wd->level;
        wd->lw = wd->rw = -1;
    }
    const char *left = wd->left, *right = wd->right;
    /* a width of 0 for words (the measure failed) is not kept: measured
     * again next frame */
    int lw = wd->lw >= 0 ? wd->lw : *left ? lb_text_width(o->text, left, px, LB_WEIGHT_BOLD) : 0;
    int rw = wd->rw >= 0 ? wd->rw : *right ? lb_text_width(o->text, right, px, LB_WEIGHT_REGULAR) : 0;
    wd->lw = lw > 0 || !*left ? lw : -1;
    wd->rw = rw > 0 || !*right ? rw : -1;
    if (!lw && !rw && !bar)
        return;
    float x0 = (float)(b.x + pad * 2 + (lw ? lw + pad * 2 : 0));
    float x1 = (float)(b.x + b.w - pad * 2 - (rw ? rw + pad * 2 : 0));
    bool track = bar && x1 - x0 > 4 * pad;
    float bh = fmaxf(4.0f, b.h * 0.22f), by = b.y + (b.h - bh) * 0.5f;
    /* What stays (panel, track, words) and what grows (the fill), apart:
     * the first is recorded once, and a CPU-drawn window hashes only the
     * one that changed. The words lie beside the track, so drawing them
     * before the fill changes no pixel. */
    uint64_t key = lb_hash_combine(ov_mix_str(ov_mix_str(0, left), right), track);
    if (!ov_part_begin(o, r, OV_PART_PROGRESS, key)) {
        ov_panel(o, b, b.h / 2, 1.0f);
        if (track) {
            SDL_FRect tr = {x0, by, x1 - x0, bh};
            lb_tess_rounded(&o->tess, tr, bh * 0.5f, OV_TRACK, 1.0f);
        }
        ov_flush(o, r);
        float cy = b.y + b.h * 0.5f;
        if (lw)
            ov_text(o, r, left, px, LB_WEIGHT_BOLD, OV_WHITE, (float)(b.x + pad * 2), cy, OV_LEFT, 1.0f, 1.0f);
        if (rw)
            ov_text(o, r, right, px, LB_WEIGHT_REGULAR, OV_SOFT, (float)(b.x + b.w - pad * 2), cy, OV_RIGHT, 1.0f,
                    1.0f);
        ov_part_end(o, r);
    }
    double frac = bar ? st->routine_elapsed_s / st->routine_total_s : 0.0;
    frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;
    if (track && frac > 0) {
        /* The fill grows in quarter pixels: over a routine of minutes it
         * moves a few hundredths of a pixel a frame, and a fill that
         * changed every frame was redrawn, re-tessellated and re-hashed
         * every frame (about 4 % of a moving frame's work) for no step
         * anyone could see. A quarter pixel still moves its feathered end
         * smoothly. */
        float w = floorf((float)((x1 - x0) * frac) * OV_FILL_STEPS) / OV_FILL_STEPS;
        SDL_FRect fill = {x0, by, fmaxf(bh, w), bh};
        /* kept as a part while it stays the same, between its steps */
        uint64_t fkey = lb_hash_combine(lb_hash_combine(lb_float_bits(fill.x), lb_float_bits(fill.y)),
                                        lb_hash_combine(lb_float_bits(fill.w), lb_float_bits(fill.h)));
        if (!ov_part_begin(o, r, OV_PART_FILL, fkey)) {
            lb_tess_rounded(&o->tess, fill, bh * 0.5f, OV_SKY, 1.0f);
            ov_flush(o, r);
            ov_part_end(o, r);
        }
    }
}

static void ov_caption(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const char *text)
{
    SDL_Rect b = L->el[LB_EL_CAPTION];
    if (!text || !*text)
        return;
    int pad = L->gap * 2;
    int px = b.h * 36 / 100; /* two lines fill about 85% of the box */
    const LbTextFit *f = lb_text_fit(o->text, text, LB_WEIGHT_BOLD, px, px * 60 / 100, b.w - 2 * pad, 2);
    if (!f || f->n == 0)
        return;
    int lh = lb_text_line_height(o->text, f->px, LB_WEIGHT_BOLD);
    int bw = f->width + 2 * pad, bh = lh * f->n + pad;
    if (bh > b.h)
        bh = b.h;
    SDL_Rect back = {b.x + (b.w - bw) / 2, b.y + b.h - bh, bw, bh};
    ov_panel(o, back, ov_radius(L), 1.0f);
    ov_flush(o, r);
    ov_block(o, r, f, LB_WEIGHT_BOLD, OV_WHITE, b.x + b.w * 0.5f, back.y + bh * 0.5f, OV_CENTRE, 1.0f);
}

static void ov_countdown(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const LmOverlayState *st)
{
    SDL_Rect b = L->el[LB_EL_COUNTDOWN];
    double rem = st->remaining_s > 0 ? st->remaining_s : 0;
    bool last = rem <= 3.0 && rem > 0.0;
    /* The pulse: strongest the instant a new number appears, gone 0.4 s on. */
    double since = ceil(rem - 1e-9) - rem; /* 0 when the number just changed */
    float pulse = last ? (float)fmax(0.0, 1.0 - since / 0.4) : 0.0f;
    pulse = pulse * pulse;
    SDL_Color accent = last ? OV_YELLOW : OV_SKY;
    float d = (float)(b.w < b.h ? b.w : b.h);
    float cx = b.x + b.w * 0.5f, cy = b.y + b.h * 0.5f;
    float ro = d * 0.5f - 1.0f, thick = d * 0.085f;
    lb_tess_circle(&o->tess, cx, cy, ro, OV_PANEL, 1.0f);
    float r1 = ro - d * 0.03f, r0 = r1 - thick;
    lb_tess_arc(&o->tess, cx, cy, r0, r1, 1.0f, OV_TRACK, 1.0f);
    ov_flush(o, r); /* the disc and track stay, the arc moves: two commands */
    /* The arc is the time left, running down clockwise from 12 o'clock, with
     * round ends; on each of the last three seconds it swells briefly. */
    float turn = (float)(1.0 - st->seg_progress);
    float grow = fminf(thick * 0.45f * pulse, ro - r1); /* stays inside the disc */
    if (turn > 0.0f) {
        float a0 = r0 - grow * 0.3f, a1 = r1 + grow;
        /* the whole segments change only as one empties; the cut one and
         * the round end move every frame */
        lb_tess_arc_part(&o->tess, cx, cy, a0, a1, turn, accent, 1.0f, 1);
        ov_flush(o, r);
        lb_tess_arc_part(&o->tess, cx, cy, a0, a1, turn, accent, 1.0f, 2);
        if (turn < 0.999f) {
            float rc = (a1 - a0) * 0.5f, rm = (a0 + a1) * 0.5f;
            double end = -LM_PI * 0.5 + 2.0 * LM_PI * turn;
            lb_tess_circle(&o->tess, cx, cy - rm, rc, accent, 1.0f);
            lb_tess_circle(&o->tess, cx + rm * (float)cos(end), cy + rm * (float)sin(end), rc, accent, 1.0f);
        }
    }
    ov_flush(o, r);
    char num[16];
    lm_format_clock(num, sizeof num, rem, false);
    float inner = 2.0f * (ro - thick - d * 0.06f);
    int px = (int)(d * (strlen(num) > 2 ? 0.30f : 0.42f));
    const LbTextFit *f = lb_text_fit(o->text, num, LB_WEIGHT_BOLD, px, px / 2, (int)(inner * 0.92f), 1);
    if (f && f->n)
        ov_text(o, r, f->line[0], f->px, LB_WEIGHT_BOLD, last ? OV_YELLOW : OV_WHITE, cx, cy, OV_CENTRE, 1.0f,
                1.0f + 0.16f * pulse);
}

/* A filled triangle pointing left (dir < 0) or right, centred on (cx, cy). */
static void ov_arrow(LbOverlay *o, float cx, float cy, float size, int dir, SDL_Color c)
{
    float hx = size * 0.5f * (dir < 0 ? -1.0f : 1.0f);
    SDL_FPoint p[3] = {{cx + hx, cy}, {cx - hx, cy - size * 0.55f}, {cx - hx, cy + size * 0.55f}};
    lb_tess_convex(&o->tess, p, 3, c, 1.0f);
}

static void ov_side(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const LmOverlayState *st, const LbSessionView *v)
{
    SDL_Rect b = L->el[LB_EL_SIDE];
    char big[32], small[64];
    lb_side_words(st->side, v->figure_left_on_screen, v->mirror, big, sizeof big, small, sizeof small);
    if (!*big)
        return;
    SDL_Color c = st->side == 1 ? OV_SKY : OV_ORANGE;
    int pad = L->gap;
    LmScreenSide at = ov_worked_side(st->side, v->figure_left_on_screen, v->mirror);
    int dir = at == LM_SCREEN_RIGHT ? 1 : at == LM_SCREEN_LEFT ? -1 : 0;
    int arrow = dir ? b.h * 45 / 100 : 0;
    int tw = b.w - 2 * pad - (arrow ? arrow + pad : 0);
    int bpx = b.h * (*small ? 44 : 60) / 100, spx = b.h * 27 / 100;
    const LbTextFit *fb = lb_text_fit(o->text, big, LB_WEIGHT_BOLD, bpx, bpx / 2, tw, 1);
    ov_panel(o, b, ov_radius(L), 1.0f);
    if (arrow) {
        float ax = dir > 0 ? b.x + b.w - pad - arrow * 0.5f : b.x + pad + arrow * 0.5f;
        ov_arrow(o, ax, b.y + b.h * 0.5f, (float)arrow, dir, c);
    }
    ov_flush(o, r);
    float x = (float)(b.x + pad + (dir < 0 ? arrow + pad : 0));
    if (!*small) {
        ov_block(o, r, fb, LB_WEIGHT_BOLD, c, x, b.y + b.h * 0.5f, OV_LEFT, 1.0f);
        return;
    }
    const LbTextFit *fs = lb_text_fit(o->text, small, LB_WEIGHT_REGULAR, spx, spx * 6 / 10, tw, 1);
    ov_block(o, r, fb, LB_WEIGHT_BOLD, c, x, b.y + b.h * 0.35f, OV_LEFT, 1.0f);
    ov_block(o, r, fs, LB_WEIGHT_REGULAR, OV_WHITE, x, b.y + b.h * 0.75f, OV_LEFT, 1.0f);
}

static void ov_reps(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const LmOverlayState *st)
{
    SDL_Rect b = L->el[LB_EL_REPS];
    if (st->reps <= 0)
        return;
    char num[32];
    snprintf(num, sizeof num, "%d / %d", st->rep, st->reps);
    int pad = L->gap;
    int lpx = OV_PX(b.h * 34 / 100), npx = b.h * 62 / 100;
    int lw = lb_text_width(o->text, "Rep", lpx, LB_WEIGHT_REGULAR);
    const LbTextFit *f = lb_text_fit(o->text, num, LB_WEIGHT_BOLD, npx, npx / 2, b.w - 4 * pad - lw, 1);
    ov_panel(o, b, ov_radius(L), 1.0f);
    ov_flush(o, r);
    float cy = b.y + b.h * 0.5f;
    /* Sit "Rep" on the number's baseline rather than on its centre. */
    int nlh = f ? lb_text_line_height(o->text, f->px, LB_WEIGHT_BOLD) : 0;
    int llh = lb_text_line_height(o->text, lpx, LB_WEIGHT_REGULAR);
    float ly = cy + (nlh - llh) * 0.5f * 0.78f;
    ov_text(o, r, "Rep", lpx, LB_WEIGHT_REGULAR, OV_SOFT, (float)(b.x + pad), ly, OV_LEFT, 1.0f, 1.0f);
    if (f && f->n)
        ov_text(o, r, f->line[0], f->px, LB_WEIGHT_BOLD, OV_WHITE, (float)(b.x + pad * 2 + lw), cy, OV_LEFT, 1.0f,
                1.0f);
}

static void ov_breath(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const LmOverlayState *st)
{
    SDL_Rect b = L->el[LB_EL_BREATH];
    if (st->breath != LM_BREATH_IN && st->breath != LM_BREATH_OUT)
        return;
    int pad = L->gap;
    float d = (float)(b.h - pad);
    float rmax = d * 0.5f, rmin = rmax * 0.35f;
    double p = st->breath_phase < 0 ? 0 : st->breath_phase > 1 ? 1 : st->breath_phase;
    double e = p * p * (3.0 - 2.0 * p); /* smoothstep, like an easy breath */
    double fill = st->breath == LM_BREATH_IN ? e : 1.0 - e;
    float cx = b.x + pad + rmax, cy = b.y + b.h * 0.5f;
    ov_panel(o, b, ov_radius(L), 1.0f);
    lb_tess_arc(&o->tess, cx, cy, rmax - fmaxf(1.5f, d * 0.03f), rmax, 1.0f, OV_WHITE, 0.35f);
    lb_tess_circle(&o->tess, cx, cy, rmin + (rmax - rmin) * (float)fill, OV_SKY, 0.85f);
    ov_flush(o, r);
    const char *word = st->breath == LM_BREATH_IN ? "Breathe in" : "Breathe out";
    int px = b.h * 34 / 100;
    int tx = (int)(cx + rmax) + pad;
    const LbTextFit *f = lb_text_fit(o->text, word, LB_WEIGHT_BOLD, px, px / 2, b.x + b.w - pad - tx, 1);
    ov_block(o, r, f, LB_WEIGHT_BOLD, OV_WHITE, (float)tx, cy, OV_LEFT, 1.0f);
}

const char *lb_overlay_next_label(const LmOverlayState *st)
{
    return st->kind == LM_SEG_REST ? "AFTER THAT" : "NEXT UP";
}

static void ov_next(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const LmOverlayState *st)
{
    SDL_Rect b = L->el[LB_EL_NEXT], fig = L->next_figure;
    if (!st->next_title || !*st->next_title)
        return;
    int pad = L->gap;
    SDL_Rect tb = {b.x + pad, b.y + pad, fig.x - b.x - 2 * pad, b.h - pad * 3 / 2};
    int lpx = OV_PX(L->unit * 28 / 1000);
    int lh = lb_text_line_height(o->text, lpx, LB_WEIGHT_BOLD);
    int room = tb.h - lh;
    int tpx = L->unit * 46 / 1000;
    int lines = room / (tpx * 6 / 5 > 0 ? tpx * 6 / 5 : 1);
    if (lines < 1) { /* a short box: one line, as large as fits */
        lines = 1;
        tpx = room * 5 / 6;
    }
    if (lines > 3)
        lines = 3;
    const LbTextFit *f = lb_text_fit(o->text, st->next_title, LB_WEIGHT_BOLD, tpx, tpx * 6 / 10, tb.w, lines);
    /* The small figure is drawn before the overlay, so nothing is painted
     * over it: a panel behind the words and a frame round the whole box. */
    SDL_FRect back = {(float)b.x, (float)b.y, (float)(fig.x - b.x - pad / 2), (float)b.h};
    const float left_round[4] = {0.0f, (float)ov_radius(L), (float)ov_radius(L), 0.0f};
    SDL_FPoint pts[LB_TESS_ROUNDED_PTS];
    lb_tess_convex(&o->tess, pts, lb_tess_rounded_points(back, left_round, pts), OV_PANEL, 1.0f);
    SDL_FRect fb = {(float)b.x, (float)b.y, (float)b.w, (float)b.h};
    lb_tess_rounded_frame(&o->tess, fb, (float)ov_radius(L), fmaxf(1.5f, pad * 0.18f), OV_TRACK, 1.0f);
    ov_flush(o, r);
    /* During a lead-in the caption and the stage already give the coming
     * exercise, and the box the one after it: say so, not "next" twice. */
    const LbTextFit *lf = lb_text_fit(o->text, lb_overlay_next_label(st), LB_WEIGHT_BOLD, lpx, lpx * 7 / 10, tb.w, 1);
    if (lf && lf->n)
        ov_block(o, r, lf, LB_WEIGHT_BOLD, OV_SKY, (float)tb.x, tb.y + lh * 0.5f, OV_LEFT, 1.0f);
    if (f && f->n) {
        float top = (float)(tb.y + lh);
        ov_block(o, r, f, LB_WEIGHT_BOLD, OV_WHITE, (float)tb.x, top + (tb.y + tb.h - top) * 0.5f, OV_LEFT, 1.0f);
    }
}

static void ov_paused(LbOverlay *o, SDL_Renderer *r, const LbLayout *L)
{
    SDL_Rect b = L->el[LB_EL_PAUSED];
    int pad = L->gap;
    int px = b.h * 50 / 100;
    float bar_h = px * 0.78f, bar_w = px * 0.22f;
    int icon = (int)(bar_w * 3.2f);
    const LbTextFit *f = lb_text_fit(o->text, "PAUSED", LB_WEIGHT_BOLD, px, px / 2, b.w - 3 * pad - icon, 1);
    int tw = f ? f->width : 0;
    int bw = tw + icon + 3 * pad;
    if (bw > b.w)
        bw = b.w;
    SDL_Rect back = {b.x + b.w - bw, b.y, bw, b.h};
    SDL_FRect fb = {(float)back.x, (float)back.y, (float)back.w, (float)back.h};
    lb_tess_rounded(&o->tess, fb, (float)ov_radius(L), OV_YELLOW, 1.0f);
    float ix = (float)(back.x + pad), cy = b.y + b.h * 0.5f;
    lb_tess_quad(&o->tess, ix, cy - bar_h * 0.5f, bar_w, bar_h, OV_BLACK, 1.0f);
    lb_tess_quad(&o->tess, ix + bar_w * 2.0f, cy - bar_h * 0.5f, bar_w, bar_h, OV_BLACK, 1.0f);
    ov_flush(o, r);
    ov_block(o, r, f, LB_WEIGHT_BOLD, OV_BLACK, (float)(back.x + pad * 2 + icon), cy, OV_LEFT, 1.0f);
}

static void ov_toast(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const char *text, float alpha)
{
    SDL_Rect b = L->el[LB_EL_TOAST];
    alpha = ov_clampf(alpha, 0.0f, 1.0f);
    if (!text || !*text || alpha <= 0.0f)
        return;
    int pad = L->gap;
    int px = b.h * 42 / 100;
    const LbTextFit *f = lb_text_fit(o->text, text, LB_WEIGHT_BOLD, px, px * 6 / 10, b.w - 2 * pad, 1);
    if (!f || !f->n)
        return;
    int bw = f->width + 2 * pad;
    SDL_Rect back = {b.x + (b.w - bw) / 2, b.y, bw, b.h};
    SDL_FRect fb = {(float)back.x, (float)back.y, (float)back.w, (float)back.h};
    lb_tess_rounded(&o->tess, fb, (float)ov_radius(L), OV_PANEL, alpha);
    SDL_FRect line = {fb.x + pad, fb.y + fb.h - fmaxf(2.0f, pad * 0.4f) - pad * 0.5f, fb.w - 2 * pad,
                      fmaxf(2.0f, pad * 0.4f)};
    lb_tess_rounded(&o->tess, line, line.h * 0.5f, OV_SKY, alpha);
    ov_flush(o, r);
    ov_block(o, r, f, LB_WEIGHT_BOLD, OV_WHITE, b.x + b.w * 0.5f, b.y + b.h * 0.5f, OV_CENTRE, alpha);
}

/* A number from outside, made safe to draw with: NaN becomes `bad`, and
 * anything else is clamped to [lo, hi]. */
static double ov_sane(double v, double lo, double hi, double bad)
{
    if (v != v)
        return bad;
    return v < lo ? lo : v > hi ? hi : v;
}

/* The state with every number inside the range the drawing assumes, so a
 * broken state draws something odd rather than misbehaving. */
static LmOverlayState ov_sanitise(const LmOverlayState *in)
{
    LmOverlayState st = *in;
    st.remaining_s = ov_sane(st.remaining_s, 0.0, 359999.0, 0.0); /* under 100 hours */
    st.seg_progress = ov_sane(st.seg_progress, 0.0, 1.0, 0.0);
    st.breath_phase = ov_sane(st.breath_phase, 0.0, 1.0, 0.0);
    st.routine_total_s = ov_sane(st.routine_total_s, 0.0, 359999.0, 0.0);
    st.routine_elapsed_s = ov_sane(st.routine_elapsed_s, 0.0, st.routine_total_s, 0.0);
    if (st.n_items < 0 || st.n_items > 9999)
        st.n_items = 0;
    if (st.reps < 0 || st.reps > 9999 || st.rep < 0 || st.rep > 9999)
        st.reps = 0;
    if (!st.card_lines || st.n_card_lines < 0)
        st.n_card_lines = 0;
    return st;
}

/* ---- module functions -------------------------------------------------------- */

LbOverlay *lb_overlay_create(const LbOverlayDesc *desc, char *err, size_t err_size)
{
    LbOverlayDesc d = desc ? *desc : (LbOverlayDesc){0};
    const char *dir = d.data_dir && *d.data_dir ? d.data_dir : ".";
    char reg[4096], bold[4096];
    snprintf(reg, sizeof reg, "%s/assets/fonts/DejaVuSans.ttf", dir);
    snprintf(bold, sizeof bold, "%s/assets/fonts/DejaVuSans-Bold.ttf", dir);
    LbTextDesc td = {0};
    td.font_path[LB_WEIGHT_REGULAR] = d.font_regular ? d.font_regular : reg;
    td.font_path[LB_WEIGHT_BOLD] = d.font_bold ? d.font_bold : bold;
    LbOverlay *o = calloc(1, sizeof *o);
    if (!o) {
        snprintf(err, err_size, "overlay: out of memory");
        return NULL;
    }
    o->text = lb_text_create(&td, err, err_size);
    if (!o->text) {
        free(o);
        return NULL;
    }
    o->layout_in = d.layout;
    return o;
}

void lb_overlay_destroy(LbOverlay *o)
{
    if (!o)
        return;
    for (int i = 0; i < OV_PARTS; i++)
        lb_draw_destroy(o->part[i].list);
    lb_text_destroy(o->text);
    lb_tess_free(&o->tess);
    free(o);
}

LbText *lb_overlay_text(LbOverlay *o) { return o ? o->text : NULL; }

void lb_overlay_get_layout(const LbOverlay *o, int w, int h, LbLayout *out)
{
    lb_overlay_layout(w, h, o ? &o->layout_in : NULL, out);
}

bool lb_overlay_covers_stage(const LmOverlayState *st, const LbSessionView *view)
{
    if (view && view->blank)
        return true;
    return st && st->kind == LM_SEG_SAFETY && st->card_title;
}

/* Every element, in order; those that stay the same for many frames as
 * parts (ov_part_begin). */
static void ov_elements(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, int w, int h, const LmOverlayState *st,
                        const LbSessionView *v)
{
    if (st && st->kind == LM_SEG_SAFETY && st->card_title) {
        uint64_t key = ov_mix_str(0, st->card_title);
        for (int i = 0; i < st->n_card_lines; i++)
            key = ov_mix_str(key, st->card_lines[i]);
        if (!ov_part_begin(o, r, OV_PART_SAFETY, lb_hash_combine(key, (uint64_t)st->n_card_lines))) {
            ov_safety(o, r, L, w, h, st);
            ov_part_end(o, r);
        }
    } else if (st) {
        if (!ov_part_begin(o, r, OV_PART_TITLE, ov_mix_str(0, st->title))) {
            ov_title(o, r, L, st->title, OV_WHITE);
            ov_part_end(o, r);
        }
        if (!ov_part_begin(o, r, OV_PART_CAPTION, ov_mix_str(0, st->caption))) {
            ov_caption(o, r, L, st->caption);
            ov_part_end(o, r);
        }
        if (st->countdown)
            ov_countdown(o, r, L, st);
        uint64_t side =
            (uint64_t)(unsigned)st->side << 8 ^ (uint64_t)(unsigned)v->figure_left_on_screen << 1 ^ v->mirror;
        if (!ov_part_begin(o, r, OV_PART_SIDE, side)) {
            ov_side(o, r, L, st, v);
            ov_part_end(o, r);
        }
        if (!ov_part_begin(o, r, OV_PART_REPS, (uint64_t)(unsigned)st->rep << 32 | (unsigned)st->reps)) {
            ov_reps(o, r, L, st);
            ov_part_end(o, r);
        }
        ov_breath(o, r, L, st);
        uint64_t next_key = ov_mix_str(ov_mix_str(0, lb_overlay_next_label(st)), st->next_title);
        if (!ov_part_begin(o, r, OV_PART_NEXT, next_key)) {
            ov_next(o, r, L, st);
            ov_part_end(o, r);
        }
    }
    ov_progress(o, r, L, st, v);
    /* the help card pauses the session and says so by being there: the
     * badge would only peek out from under it */
    if (v->paused && !v->help && !ov_part_begin(o, r, OV_PART_PAUSED, 1)) {
        ov_paused(o, r, L);
        ov_part_end(o, r);
    }
    ov_toast(o, r, L, v->toast, v->toast_alpha);
    if (v->help) {
        uint64_t key = (uint64_t)(unsigned)v->n_help_lines;
        for (int i = 0; i < v->n_help_lines && v->help_lines; i++)
            key = ov_mix_str(key, v->help_lines[i]);
        if (!ov_part_begin(o, r, OV_PART_HELP, key)) {
            ov_help(o, r, L, w, h, v);
            ov_part_end(o, r);
        }
    }
    ov_flush(o, r);
}

bool lb_overlay_draw(LbOverlay *o, SDL_Renderer *r, int w, int h, const LmOverlayState *st, const LbSessionView *view)
{
    if (!o || !r)
        return false;
    static const LbSessionView no_view;
    const LbSessionView *v = view ? view : &no_view;
    o->geo_ok = true;
    lb_tess_clear(&o->tess);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    if (v->blank) {
        if (o->list) {
            lb_draw_fill(o->list, NULL, (SDL_Color){0, 0, 0, 255});
            return lb_draw_ok(o->list);
        }
        SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
        SDL_Rect all = {0, 0, w, h};
        return SDL_RenderFillRect(r, &all) == 0;
    }
    LbLayout L;
    lb_overlay_get_layout(o, w, h, &L);
    LmOverlayState safe_state;
    if (st) {
        safe_state = ov_sanitise(st);
        st = &safe_state;
    }

    o->w = w;
    o->h = h;
    o->reused = 0;
    LbDrawMark mark = lb_draw_mark(o->list);
    unsigned long gen = lb_text_generation(o->text);
    ov_elements(o, r, &L, w, h, st, v);
    if (o->reused && lb_text_generation(o->text) != gen) {
        /* A text drawn after a part was appended pushed out a texture the
         * part may name: record this frame's overlay again from scratch. */
        for (int i = 0; i < OV_PARTS; i++)
            o->part[i].valid = false;
        if (!lb_draw_rewind(o->list, mark))
            return false; /* (never so) a frame naming a lost texture is not shown */
        o->geo_ok = true;
        ov_elements(o, r, &L, w, h, st, v);
    }
    return o->geo_ok;
}
