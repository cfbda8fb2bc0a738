/* presenter: the instructor's console, laid out in fractions of its window.
 *
 *   +------------------------------------------------------------------+
 *   | Exercise 2 of 5 . Title                     PLAYING 1x beginner  |
 *   +-------------------------------------------+----------------------+
 *   | the step now (large, wrapped)             | NEXT in 1:20         |
 *   |                                           | next title           |
 *   |  0:23   hold . LEFT side . rep 3 / 8      | 1. step              |
 *   |  step 4 of 9                              | 2. step ...          |
 *   +-------------------------------------------+----------------------+
 *   | elapsed 4:12  [==========-------------]  remaining 11:30         |
 *   | key hints                                                        |
 *   | note (one display)                         toast                 |
 *   +------------------------------------------------------------------+
 *
 * Text comes from the same cached text module as the overlay; sizes derive
 * from the window so it reads the same at 800x500 and at 1920x1080. */
#include "presenter.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "palette.h"
#include "text.h"

struct LbConsole {
    LbText *text;
};

typedef enum { AL_LEFT = 0, AL_CENTRE, AL_RIGHT } Align;

static const SDL_Color C_BG = {18, 22, 30, 255};
static const SDL_Color C_PANEL = {30, 37, 48, 255};
static const SDL_Color C_EDGE = {52, 62, 78, 255};
static const SDL_Color C_WHITE = {244, 246, 250, 255};
static const SDL_Color C_SOFT = {170, 180, 196, 255};
static const SDL_Color C_YELLOW = {240, 200, 70, 255}; /* Okabe-Ito yellow, brightened */
/* The side colours, as the figure draws them. */
static const SDL_Color C_SKY = {LB_SIDE_LEFT_RGB, 255};
static const SDL_Color C_ORANGE = {LB_SIDE_RIGHT_RGB, 255};

void lb_presenter_displays(int display_flag, int count, int *audience, int *console)
{
    *audience = display_flag >= 0 && display_flag < count ? display_flag : (count >= 2 ? 1 : 0);
    *console = *audience == 0 && count >= 2 ? 1 : 0;
}

LbConsole *lb_console_create(const char *data_dir, char *err, size_t err_size)
{
    const char *dir = data_dir && *data_dir ? data_dir : ".";
    char reg[4096], bold[4096];
    snprintf(reg, sizeof reg, "%s/assets/fonts/DejaVuSans.ttf", dir);
    snprintf(bold, sizeof bold, "%s/assets/fonts/DejaVuSans-Bold.ttf", dir);
    LbConsole *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, err_size, "console: out of memory");
        return NULL;
    }
    LbTextDesc td = {0};
    td.font_path[LB_WEIGHT_REGULAR] = reg;
    td.font_path[LB_WEIGHT_BOLD] = bold;
    c->text = lb_text_create(&td, err, err_size);
    if (!c->text) {
        free(c);
        return NULL;
    }
    return c;
}

void lb_console_destroy(LbConsole *c)
{
    if (!c)
        return;
    lb_text_destroy(c->text);
    free(c);
}

void lb_console_textures_lost(LbConsole *c)
{
    if (c)
        lb_text_forget(c->text, NULL);
}

/* ---- drawing helpers ------------------------------------------------------ */

static void fill(SDL_Renderer *r, SDL_Rect b, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(r, &b);
}

static void panel(SDL_Renderer *r, SDL_Rect b)
{
    fill(r, b, C_EDGE);
    SDL_Rect in = {b.x + 1, b.y + 1, b.w - 2, b.h - 2};
    fill(r, in, C_PANEL);
}

/* Draw s with its vertical centre at y, shrinking it (to 70%) to fit max_w,
 * then cutting it with an ellipsis (lb_text_fit on one line). Returns the
 * width drawn. */
static int text(LbConsole *c, SDL_Renderer *r, const char *s, int px, LbWeight wt, SDL_Color col, int x, int y,
                Align al, int max_w, float alpha)
{
    if (!s || !*s || px < 4)
        return 0;
    if (max_w > 0 && lb_text_width(c->text, s, px, wt) > max_w) {
        const LbTextFit *f = lb_text_fit(c->text, s, wt, px, px * 7 / 10, max_w, 1);
        if (!f || f->n == 0)
            return 0;
        s = f->line[0];
        px = f->px;
    }
    int tw, th;
    SDL_Texture *t = lb_text_get(c->text, r, s, px, wt, col, &tw, &th);
    if (!t)
        return 0;
    int dx = al == AL_LEFT ? x : al == AL_CENTRE ? x - tw / 2 : x - tw;
    SDL_Rect dst = {dx, y - th / 2, tw, th};
    SDL_SetTextureAlphaMod(t, (Uint8)(alpha * 255.0f + 0.5f));
    SDL_RenderCopy(r, t, NULL, &dst);
    return tw;
}

static const char *kind_word(LmSegKind k)
{
    switch (k) {
    case LM_SEG_SAFETY: return "safety";
    case LM_SEG_REST: return "get ready";
    case LM_SEG_MOVE: return "moving";
    case LM_SEG_HOLD: return "hold";
    case LM_SEG_SWITCH: return "switching sides";
    case LM_SEG_END: return "finished";
    }
    return "";
}

/* ---- the console ------------------------------------------------------------ */

/* Text sizes and padding, from the window: the scale follows the smaller
 * of width and height so a tall or a wide window both stay legible. */
typedef struct {
    int pad, px_small, px_body, px_title, px_step, px_count;
} Sizes;

static Sizes sizes_for(int w, int h)
{
    int U = (int)fmin(w / 1.6, (double)h);
    Sizes z;
    z.pad = U / 40 + 2;
    z.px_small = U * 30 / 1000 + 6, z.px_body = U * 38 / 1000 + 6, z.px_title = U * 50 / 1000 + 6;
    z.px_step = U * 58 / 1000 + 8, z.px_count = U * 150 / 1000 + 10;
    return z;
}

/* The header: where we are, and whether the class sees it moving. Returns
 * its height. */
static int draw_header(LbConsole *c, SDL_Renderer *r, int w, const Sizes *z, const LbSessionView *in,
                       const LmOverlayState *st)
{
    const int pad = z->pad, px_body = z->px_body, px_title = z->px_title;
    char buf[256];
    int hh = px_title * 2;
    SDL_Rect head = {0, 0, w, hh};
    fill(r, head, C_PANEL);
    int right_x = w - pad;
    snprintf(buf, sizeof buf, "%s", in->blank ? "SCREEN BLANK" : in->paused ? "PAUSED" : "PLAYING");
    right_x -= text(c, r, buf, px_body, LB_WEIGHT_BOLD, in->blank || in->paused ? C_ORANGE : C_SKY, right_x, hh / 2,
                    AL_RIGHT, 0, 1.0f) +
               pad * 2;
    snprintf(buf, sizeof buf, "%d / %d", st->item + 1, st->n_items);
    int lx = pad;
    lx += text(c, r, buf, px_body, LB_WEIGHT_BOLD, C_YELLOW, lx, hh / 2, AL_LEFT, 0, 1.0f) + pad;
    text(c, r, st->title ? st->title : "", px_title, LB_WEIGHT_BOLD, C_WHITE, lx, hh / 2, AL_LEFT, right_x - lx, 1.0f);

    return hh;
}

/* The bottom band: routine progress, settings, key hints, note. Returns
 * the y where it starts. */
static int draw_footer(LbConsole *c, SDL_Renderer *r, int w, int h, const Sizes *z, const LbSessionView *in,
                       const LmOverlayState *st)
{
    const LmTimeline *tl = in->tl;
    const int pad = z->pad, px_small = z->px_small, px_body = z->px_body;
    char buf[256], buf2[64];
    int slh = lb_text_line_height(c->text, px_small, LB_WEIGHT_REGULAR);
    const char *keys = in->keys ? in->keys : "";
    const LbTextFit *hf = lb_text_fit(c->text, keys, LB_WEIGHT_REGULAR, px_small, px_small * 3 / 4, w - 2 * pad, 1);
    const char *hint = hf && hf->n ? hf->line[0] : "";
    int hint_px = hf ? hf->px : px_small;
    if (hf && hf->cut) { /* too narrow for every hint: the ones a class needs most */
        hint = "Space pause  \xC2\xB7  \xE2\x86\x90 \xE2\x86\x92 step  \xC2\xB7  "
               "\xE2\x86\x91 \xE2\x86\x93 exercise  \xC2\xB7  H help";
        hint_px = px_small * 3 / 4;
    }
    int n_hint = *hint ? 1 : 0;
    const LbTextFit *nf =
        in->note ? lb_text_fit(c->text, in->note, LB_WEIGHT_BOLD, px_small, px_small * 8 / 10, w - 2 * pad, 2) : NULL;
    int n_note = nf ? nf->n : 0;
    int foot_h = px_body * 2 + slh * (1 + n_hint + n_note) + pad * 2;
    int foot_y = h - foot_h;
    int bar_y = foot_y + px_body;
    lm_format_clock(buf2, sizeof buf2, st->routine_elapsed_s, true);
    snprintf(buf, sizeof buf, "elapsed %s", buf2);
    int ew = text(c, r, buf, px_body, LB_WEIGHT_BOLD, C_WHITE, pad, bar_y, AL_LEFT, 0, 1.0f);
    /* the time it takes at the speed playing */
    lm_format_clock(buf2, sizeof buf2, lm_wall_s(in->pb, in->speed, st->routine_elapsed_s, st->routine_total_s), true);
    snprintf(buf, sizeof buf, "remaining %s", buf2);
    int rw = text(c, r, buf, px_body, LB_WEIGHT_BOLD, C_WHITE, w - pad, bar_y, AL_RIGHT, 0, 1.0f);
    int bx0 = pad * 2 + ew, bx1 = w - pad * 2 - rw;
    if (bx1 - bx0 > pad * 2 && st->routine_total_s > 0) {
        int bh = px_small / 2 + 2;
        SDL_Rect track = {bx0, bar_y - bh / 2, bx1 - bx0, bh};
        fill(r, track, C_EDGE);
        double f = fmin(1.0, fmax(0.0, st->routine_elapsed_s / st->routine_total_s));
        SDL_Rect done = {bx0, bar_y - bh / 2, (int)((bx1 - bx0) * f), bh};
        fill(r, done, C_SKY);
        /* A tick at the start of each exercise. */
        for (int i = 1; i < tl->n_items; i++) {
            int x = bx0 + (int)((bx1 - bx0) * (tl->items[i].t0_s / tl->duration_s));
            SDL_Rect tick = {x - 1, bar_y - bh, 2, bh * 2};
            fill(r, tick, C_SOFT);
        }
    }
    int y = bar_y + px_body + slh / 2;
    char sp[16];
    snprintf(sp, sizeof sp, "%g", round(in->speed * 100.0) / 100.0);
    if (in->muted)
        snprintf(buf2, sizeof buf2, "sound off");
    else
        snprintf(buf2, sizeof buf2, "volume %d%%", in->volume);
    snprintf(buf, sizeof buf, "speed %sx  \xC2\xB7  %s  \xC2\xB7  %s%s  \xC2\xB7  TV: display %d of %d%s", sp,
             in->level ? in->level : "", buf2, in->mirror ? "  \xC2\xB7  mirrored" : "", in->audience_display + 1,
             in->n_displays, in->fullscreen ? ", fullscreen" : "");
    text(c, r, buf, px_small, LB_WEIGHT_BOLD, C_WHITE, pad, y, AL_LEFT, w - 2 * pad, 1.0f);
    y += slh;
    for (int i = 0; i < n_hint; i++, y += slh)
        text(c, r, hint, hint_px, LB_WEIGHT_REGULAR, C_SOFT, pad, y, AL_LEFT, w - 2 * pad, 1.0f);
    for (int i = 0; i < n_note; i++, y += slh)
        text(c, r, nf->line[i], nf->px, LB_WEIGHT_BOLD, C_YELLOW, pad, y, AL_LEFT, w - 2 * pad, 1.0f);

    return foot_y;
}

/* The left panel: the step now, its caption, the countdown and what kind
 * of step it is. */
static void draw_now(LbConsole *c, SDL_Renderer *r, SDL_Rect now_r, const Sizes *z, const LbSessionView *in,
                     const LmOverlayState *st, bool on_step, int step, int n_steps)
{
    const int pad = z->pad, px_small = z->px_small, px_body = z->px_body;
    const int px_step = z->px_step, px_count = z->px_count;
    char buf[256], buf2[64];
    int x = now_r.x + pad, inner = now_r.w - 2 * pad;
    int y = now_r.y + pad + px_small / 2;
    if (on_step)
        snprintf(buf, sizeof buf, "NOW  \xC2\xB7  step %d of %d", step, n_steps);
    else
        snprintf(buf, sizeof buf, "NOW  \xC2\xB7  safety card");
    int now_w = text(c, r, buf, px_small, LB_WEIGHT_BOLD, C_SKY, x, y, AL_LEFT, inner, 1.0f);
    /* The last acknowledgement, fading, beside it. */
    if (in->toast && *in->toast && in->toast_alpha > 0.0f)
        text(c, r, in->toast, px_small, LB_WEIGHT_BOLD, C_YELLOW, x + inner, y, AL_RIGHT, inner - now_w - pad * 2,
             in->toast_alpha);
    y += px_small + pad / 2;
    const char *cap = st->kind == LM_SEG_SAFETY ? (st->card_title ? st->card_title : "Safety first") : st->caption;
    int cy = now_r.y + now_r.h - pad - px_count * 6 / 10;
    int cap_room = cy - px_count * 6 / 10 - y;
    int cap_px = px_step, lh;
    const LbTextFit *cf;
    for (;;) { /* the largest size at which the caption fits above the countdown */
        cf = lb_text_fit(c->text, cap ? cap : "", LB_WEIGHT_BOLD, cap_px, cap_px * 7 / 10, inner, 3);
        if (cf)
            cap_px = cf->px;
        lh = lb_text_line_height(c->text, cap_px, LB_WEIGHT_BOLD);
        if (!cf || cf->n * lh <= cap_room || cap_px <= px_small || cap_px <= LB_TEXT_MIN_PX)
            break;
        cap_px = cap_px * 9 / 10;
    }
    for (int i = 0; cf && i < cf->n; i++)
        text(c, r, cf->line[i], cap_px, LB_WEIGHT_BOLD, C_WHITE, x, y + lh / 2 + i * lh, AL_LEFT, inner, 1.0f);
    /* The countdown at the bottom of the panel, with what kind of step it is. */
    lm_format_clock(buf2, sizeof buf2, st->remaining_s, true);
    int cw = text(c, r, buf2, px_count, LB_WEIGHT_BOLD, st->countdown ? C_YELLOW : C_SOFT, x, cy, AL_LEFT, 0, 1.0f);
    int kx = x + cw + pad * 2;
    text(c, r, kind_word(st->kind), px_body, LB_WEIGHT_BOLD, C_WHITE, kx, cy - px_body * 7 / 10, AL_LEFT,
         now_r.x + now_r.w - pad - kx, 1.0f);
    buf[0] = '\0';
    if (st->side)
        snprintf(buf, sizeof buf, "%s side", st->side == 1 ? "LEFT" : "RIGHT");
    if (st->reps > 0)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%srep %d / %d", buf[0] ? "  \xC2\xB7  " : "", st->rep,
                 st->reps);
    text(c, r, buf, px_body, LB_WEIGHT_REGULAR, C_SOFT, kx, cy + px_body * 7 / 10, AL_LEFT,
         now_r.x + now_r.w - pad - kx, 1.0f);
    /* A thin bar for the step's own progress under the countdown. */
    SDL_Rect sb = {x, now_r.y + now_r.h - pad / 2 - 3, inner, 3};
    fill(r, sb, C_EDGE);
    sb.w = (int)(inner * fmin(1.0, fmax(0.0, st->seg_progress)));
    fill(r, sb, st->countdown ? C_YELLOW : C_SKY);
}

/* The right panel: the exercise coming next and its steps. */
static void draw_next(LbConsole *c, SDL_Renderer *r, SDL_Rect next_r, const Sizes *z, const LbSessionView *in,
                      const LmOverlayState *st)
{
    const LmTimeline *tl = in->tl;
    const int pad = z->pad, px_small = z->px_small, px_body = z->px_body, px_title = z->px_title;
    char buf[256], buf2[64];
    int x = next_r.x + pad;
    int inner = next_r.w - 2 * pad;
    int y = next_r.y + pad + px_small / 2;
    /* During a lead-in the exercise coming is the one it belongs to
     * (lm_timeline_state). */
    bool lead_in = st->lead_in;
    int next = st->coming_item;
    if (next < 0) {
        text(c, r, "NEXT", px_small, LB_WEIGHT_BOLD, C_SKY, x, y, AL_LEFT, inner, 1.0f);
        y += px_small + pad;
        text(c, r, "This is the last exercise.", px_body, LB_WEIGHT_BOLD, C_WHITE, x, y, AL_LEFT, inner, 1.0f);
    } else {
        const LmItem *it = &tl->items[next];
        lm_format_clock(buf2, sizeof buf2, lm_wall_s(in->pb, in->speed, in->t_s, lead_in ? it->start_s : it->t0_s),
                        true);
        snprintf(buf, sizeof buf, "NEXT  \xC2\xB7  in %s", buf2);
        text(c, r, buf, px_small, LB_WEIGHT_BOLD, C_SKY, x, y, AL_LEFT, inner, 1.0f);
        y += px_small + pad / 2;
        const LbTextFit *tf =
            lb_text_fit(c->text, it->title ? it->title : "", LB_WEIGHT_BOLD, px_title, px_title * 7 / 10, inner, 2);
        int title_px = tf ? tf->px : px_title;
        int tlh = lb_text_line_height(c->text, title_px, LB_WEIGHT_BOLD);
        for (int i = 0; tf && i < tf->n; i++, y += tlh)
            text(c, r, tf->line[i], title_px, LB_WEIGHT_BOLD, C_WHITE, x, y + tlh / 2, AL_LEFT, inner, 1.0f);
        y += pad / 2;
        const LmExercise *ex = in->lib && it->exercise >= 0 && it->exercise < in->lib->n_exercises
                                   ? &in->lib->exercises[it->exercise]
                                   : NULL;
        int bottom = next_r.y + next_r.h - pad;
        /* The largest size at which every step fits (each up to three lines). */
        int spx = px_body, num_w = 0, hgt = 0, blh;
        for (;;) {
            blh = lb_text_line_height(c->text, spx, LB_WEIGHT_REGULAR);
            lb_text_measure(c->text, "8.", spx, LB_WEIGHT_BOLD, &num_w, &hgt);
            int total = 0;
            for (int i = 0; ex && i < ex->n_steps; i++) {
                const LbTextFit *f =
                    lb_text_fit(c->text, ex->steps[i], LB_WEIGHT_REGULAR, spx, spx, inner - num_w - pad, 3);
                total += (f ? f->n : 0) * blh + blh / 4;
            }
            if (y + total <= bottom || spx <= px_small * 8 / 10)
                break;
            spx = spx * 9 / 10;
        }
        for (int i = 0; ex && i < ex->n_steps; i++) {
            const LbTextFit *f =
                lb_text_fit(c->text, ex->steps[i], LB_WEIGHT_REGULAR, spx, spx, inner - num_w - pad, 3);
            int nl = f ? f->n : 0;
            if (y + nl * blh > bottom) {
                text(c, r, "\xE2\x80\xA6", px_body, LB_WEIGHT_BOLD, C_SOFT, x, y + blh / 2, AL_LEFT, 0, 1.0f);
                break;
            }
            snprintf(buf2, sizeof buf2, "%d.", i + 1);
            text(c, r, buf2, spx, LB_WEIGHT_BOLD, C_YELLOW, x, y + blh / 2, AL_LEFT, 0, 1.0f);
            for (int k = 0; k < nl; k++, y += blh)
                text(c, r, f->line[k], f->px, LB_WEIGHT_REGULAR, C_WHITE, x + num_w + pad, y + blh / 2, AL_LEFT,
                     inner - num_w - pad, 1.0f);
            y += blh / 4;
        }
    }
}

bool lb_console_draw(LbConsole *c, SDL_Renderer *r, int w, int h, const LbSessionView *in)
{
    if (!c || !r || !in || !in->tl)
        return false;
    const LmTimeline *tl = in->tl;
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, C_BG.r, C_BG.g, C_BG.b, 255);
    SDL_RenderClear(r);
    if (tl->n_items == 0)
        return true;

    LmOverlayState st;
    lm_timeline_state(tl, in->t_s, &st);
    int step = 0, n_steps = 0;
    bool on_step = lm_timeline_step(tl, st.seg, &step, &n_steps);
    Sizes z = sizes_for(w, h);
    int hh = draw_header(c, r, w, &z, in, &st);
    int foot_y = draw_footer(c, r, w, h, &z, in, &st);

    /* Middle: now (left) and next (right). */
    int pad = z.pad;
    int mid_y = hh + pad, mid_h = foot_y - mid_y - pad;
    int left_w = (w - 3 * pad) * 58 / 100;
    SDL_Rect now_r = {pad, mid_y, left_w, mid_h};
    SDL_Rect next_r = {pad * 2 + left_w, mid_y, w - 3 * pad - left_w, mid_h};
    panel(r, now_r);
    panel(r, next_r);
    draw_now(c, r, now_r, &z, in, &st, on_step, step, n_steps);
    draw_next(c, r, next_r, &z, in, &st);
    return true;
}
