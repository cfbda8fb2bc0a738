/* layout: where each overlay element goes in a w x h frame (pure: no
 * drawing, no state). */
#include "overlay_int.h"

#include <string.h>

const char *lb_element_name(LbElement e)
{
    static const char *names[LB_EL_COUNT] = {"title", "caption",  "countdown", "side",  "reps", "breath",
                                             "next",  "progress", "paused",    "toast", "stage"};
    return (e >= 0 && e < LB_EL_COUNT) ? names[e] : "?";
}

/* The figure part of the next-up box: its right side, the text on the left. */
static SDL_Rect ov_next_figure(SDL_Rect b, int gap)
{
    int fw = b.w * 9 / 20;
    if (fw > b.h * 2) /* a wide box: a figure lying down is about 2:1 */
        fw = b.h * 2;
    return ov_rect(b.x + b.w - fw - gap / 2, b.y + gap / 2, fw, b.h - gap);
}

void lb_overlay_layout(int w, int h, const LbOverlayLayoutIn *in, LbLayout *out)
{
    memset(out, 0, sizeof *out);
    if (w < 1)
        w = 1;
    if (h < 1)
        h = 1;
    float margin = (in && in->safe_margin > 0.0f) ? ov_clampf(in->safe_margin, 0.0f, 0.2f) : 0.05f;
    float scale = (in && in->text_scale > 0.0f) ? ov_clampf(in->text_scale, 0.85f, 1.2f) : 1.0f;
    int sx = ov_round(w * margin), sy = ov_round(h * margin);
    int sw = w - 2 * sx, sh = h - 2 * sy;
    out->safe = ov_rect(sx, sy, sw, sh);
    /* The unit follows the height, but never so large that a narrow output
     * (portrait) runs out of width: 0.75 w is the height of a 4:3 screen. */
    double U = fmin((double)h, 0.75 * w) * scale;
    int G = ov_round(fmax(2.0, 0.012 * U));
    int T = ov_round(0.085 * U), P = ov_round(0.04 * U), cap = ov_round(0.15 * U);
    out->unit = ov_round(U);
    out->gap = G;
    SDL_Rect *el = out->el;

    if (w >= h) {
        out->portrait = false;
        int colw = ov_round(0.42 * U);
        if (colw < ov_round(0.24 * sw))
            colw = ov_round(0.24 * sw);
        if (colw > ov_round(0.34 * sw))
            colw = ov_round(0.34 * sw);
        int cx = sx + sw - colw;
        /* Wide enough for a short note ("Volume 100% (no sound device)") at a
         * size read across a room; the title keeps the rest of the row. */
        int toastw = ov_round(fmin(0.5 * U, 0.34 * sw));
        el[LB_EL_PAUSED] = ov_rect(cx, sy, colw, T);
        el[LB_EL_TOAST] = ov_rect(cx - G - toastw, sy, toastw, T);
        el[LB_EL_TITLE] = ov_rect(sx, sy, cx - 2 * G - toastw - sx, T);
        el[LB_EL_PROGRESS] = ov_rect(sx, sy + sh - P, sw, P);
        int leftw = cx - G - sx;
        el[LB_EL_CAPTION] = ov_rect(sx, el[LB_EL_PROGRESS].y - G - cap, leftw, cap);
        int top = sy + T + G;
        el[LB_EL_STAGE] = ov_rect(sx, top, leftw, el[LB_EL_CAPTION].y - G - top);

        /* The column: countdown, side, reps, breath, next up (which takes
         * what is left). Shrunk evenly when the output is very wide. */
        static const double frac[5] = {0.23, 0.095, 0.075, 0.10, 0.17};
        static const LbElement ids[5] = {LB_EL_COUNTDOWN, LB_EL_SIDE, LB_EL_REPS, LB_EL_BREATH, LB_EL_NEXT};
        int avail = el[LB_EL_PROGRESS].y - G - top;
        double sum = 0;
        for (int i = 0; i < 5; i++)
            sum += frac[i] * U;
        double k = (avail - 4 * G) < sum ? (avail - 4 * G) / sum : 1.0;
        if (k < 0)
            k = 0;
        int y = top;
        for (int i = 0; i < 5; i++) {
            int hh = i == 4 ? el[LB_EL_PROGRESS].y - G - y : ov_round(frac[i] * U * k);
            if (i == 0 && hh < (h + 7) / 8)
                hh = (h + 7) / 8;
            el[ids[i]] = ov_rect(cx, y, colw, hh);
            y += hh + G;
        }
    } else {
        out->portrait = true;
        int pw = ov_round(0.30 * U);
        el[LB_EL_PAUSED] = ov_rect(sx + sw - pw, sy, pw, T);
        el[LB_EL_TITLE] = ov_rect(sx, sy, sw - pw - G, T);
        int th = ov_round(0.07 * U), tw = ov_round(0.8 * sw);
        el[LB_EL_TOAST] = ov_rect(sx + (sw - tw) / 2, sy + T + G, tw, th);
        el[LB_EL_PROGRESS] = ov_rect(sx, sy + sh - P, sw, P);
        int nh = ov_round(0.18 * U);
        el[LB_EL_NEXT] = ov_rect(sx, el[LB_EL_PROGRESS].y - G - nh, sw, nh);
        int ih = ov_round(0.30 * U);
        if (ih < (h + 7) / 8) /* the countdown is never under an eighth of the height */
            ih = (h + 7) / 8;
        int iy = el[LB_EL_NEXT].y - G - ih;
        int cw = ih < sw * 9 / 20 ? ih : sw * 9 / 20;
        el[LB_EL_COUNTDOWN] = ov_rect(sx, iy, cw, ih);
        int rx = sx + cw + G, rw = sw - cw - G;
        int h_side = ov_round(0.10 * U), h_reps = ov_round(0.08 * U);
        el[LB_EL_SIDE] = ov_rect(rx, iy, rw, h_side);
        el[LB_EL_REPS] = ov_rect(rx, iy + h_side + G, rw, h_reps);
        int by = iy + h_side + G + h_reps + G;
        el[LB_EL_BREATH] = ov_rect(rx, by, rw, iy + ih - by);
        el[LB_EL_CAPTION] = ov_rect(sx, iy - G - cap, sw, cap);
        int top = el[LB_EL_TOAST].y + th + G;
        el[LB_EL_STAGE] = ov_rect(sx, top, sw, el[LB_EL_CAPTION].y - G - top);
    }
    out->next_figure = ov_next_figure(el[LB_EL_NEXT], G);
}
