/* test_shell_staging: the teaching marks as drawn. A limb keeps one colour
 * through a side; arrows and glows land where the data puts them and
 * nowhere else; every projected point, the second view's included, stays
 * inside its part of the stage at the five screen sizes; the low back's gap
 * closes to a flat mark; a contact sheet marks holds, rounds and the switch. */
#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>

#include "canvas.h"
#include "figure.h"
#include "lm_stage.h"
#include "lt.h"
#include "lt_lib.h"
#include "render.h"
#include "scene.h"

static LmLibrary lib;

static Uint32 pixel(SDL_Surface *s, int x, int y)
{
    if (x < 0 || y < 0 || x >= s->w || y >= s->h)
        return 0;
    return ((const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch))[x];
}
static int ch(Uint32 c, int shift) { return (int)((c >> shift) & 255); }

/* Distance from (x, y) to the segment pq. */
static double seg_dist(double x, double y, SDL_FPoint p, SDL_FPoint q)
{
    double dx = q.x - p.x, dy = q.y - p.y, l2 = dx * dx + dy * dy;
    double u = l2 > 0 ? ((x - p.x) * dx + (y - p.y) * dy) / l2 : 0;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    return hypot(p.x + u * dx - x, p.y + u * dy - y);
}

static LmTimeline *compile(const char *id)
{
    LmErrors err = {0};
    LmCompileOpts o = {0};
    LmTimeline *tl = lm_timeline_compile_exercise(&lib, lm_lib_find_exercise(&lib, id), &o, &err);
    lm_err_clear(&err);
    LT_CHECK_MSG(tl != NULL, "%s", id);
    return tl;
}

/* Whether c is a shade of the side colour (r, g, b) between the background
 * and it: the limb's own colour, as the figure draws it. */
static bool side_shade(Uint32 c, int r, int g, int b)
{
    double k = (ch(c, 16) - LB_BG_R) / (double)(r - LB_BG_R);
    return k > 0.3 && k <= 1.001 && abs(ch(c, 8) - (int)lround(LB_BG_G + (g - LB_BG_G) * k)) <= 2 &&
           abs(ch(c, 0) - (int)lround(LB_BG_B + (b - LB_BG_B) * k)) <= 2;
}

/* The middle of each thigh and upper arm, drawn frame after frame through
 * one side of each sided exercise: each limb shows one colour only (where
 * nothing else covers it), the working side's the full side colour. */
static void a_limbs_colour_should_not_change_within_a_side(void)
{
    static const char *ids[] = {"knee-to-chest", "hamstring-stretch", "figure-four", "thread-the-needle"};
    LbCanvas cv;
    LT_CHECK(lb_canvas_init(&cv, 640, 360));
    for (size_t e = 0; e < sizeof ids / sizeof ids[0]; e++) {
        LmTimeline *tl = compile(ids[e]);
        if (!tl)
            continue;
        LbFigure *fig = lb_figure_create(tl->skel);
        Uint32 seen[3][4]; /* side, limb: the colour seen */
        bool has[3][4] = {{false}};
        for (double t = tl->items[0].start_s; t < tl->duration_s; t += 0.25) {
            int side = lm_stage_side(tl, t);
            LbFigureView v = lb_figure_view_at(tl, t, (SDL_FRect){0, 0, 640, 360}, false);
            LT_CHECK(v.working_side == side);
            LmFrame f;
            lm_timeline_frame(tl, t, &f);
            SDL_SetRenderDrawColor(cv.ren, LB_BG_R, LB_BG_G, LB_BG_B, 255);
            SDL_RenderClear(cv.ren);
            LT_CHECK(lb_figure_draw(fig, cv.ren, &f, &v));
            lb_canvas_flush(&cv);
            static const int limb[4][2] = {{LM_J_HIP_L, LM_J_KNEE_L},
                                           {LM_J_HIP_R, LM_J_KNEE_R},
                                           {LM_J_SHOULDER_L, LM_J_ELBOW_L},
                                           {LM_J_SHOULDER_R, LM_J_ELBOW_R}};
            for (int l = 0; l < 4; l++) {
                SDL_FPoint p = lb_figure_project(&v, lm_v3_lerp(f.p[limb[l][0]], f.p[limb[l][1]], 0.5));
                Uint32 c = pixel(cv.surf, (int)p.x, (int)p.y) & 0xffffff;
                bool solid = true; /* inside the limb, not at an edge blended with what is behind */
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                        solid &= (pixel(cv.surf, (int)p.x + dx, (int)p.y + dy) & 0xffffff) == c;
                if (!solid)
                    continue;
                bool left = (l & 1) == 0, arm = l >= 2;
                bool own = arm ? (left ? side_shade(c, 162, 214, 243) : side_shade(c, 241, 202, 115))
                               : (left ? side_shade(c, 86, 180, 233) : side_shade(c, 230, 159, 0));
                if (!own)
                    continue; /* covered by something nearer */
                if (!has[side][l]) {
                    has[side][l] = true;
                    seen[side][l] = c;
                    /* the working side is the full colour */
                    if ((side == 1 && left) || (side == 2 && !left))
                        LT_CHECK_MSG(c == (arm ? (left ? 0xa2d6f3u : 0xf1ca73u) : (left ? 0x56b4e9u : 0xe69f00u)),
                                     "%s: working limb %06x", ids[e], c);
                }
                LT_CHECK_MSG(c == seen[side][l], "%s at %.2f s: limb %d was %06x, is %06x", ids[e], t, l, seen[side][l],
                             c);
            }
        }
        LT_CHECK_MSG(has[1][0] || has[1][2], "%s: the left limbs were seen on the left side", ids[e]);
        lb_figure_destroy(fig);
        lm_timeline_free(tl);
    }
    lb_canvas_free(&cv);
}

/* Marks drawn alone on an empty stage: an arrow's pixels lie along its
 * projected path and only near it; a glow lies on its spots. */
static void marks_should_land_where_the_data_puts_them(void)
{
    LmTimeline *tl = compile("knee-to-chest");
    if (!tl)
        return;
    LbCanvas cv;
    LT_CHECK(lb_canvas_init(&cv, 640, 360));
    LbFigure *fig = lb_figure_create(tl->skel);
    int moves = 0, holds = 0;
    for (int s = 0; s < tl->n_segs; s++) {
        LmStageHints h;
        lm_stage_hints(tl, s, &h);
        if (h.n_arrows == 0 && h.n_feel == 0)
            continue;
        double t = 0.5 * (h.t0_s + h.t1_s);
        LbFigureView v = lb_figure_view_at(tl, t, (SDL_FRect){0, 0, 640, 360}, false);
        LmFrame f;
        lm_timeline_frame(tl, t, &f);
        LbFigureMarks mk = {0};
        mk.fade = 1.0f;
        mk.away_from = f.p[LM_J_PELVIS];
        for (int a = 0; a < h.n_arrows; a++) {
            mk.arrow_n[a] = LM_STAGE_PATH;
            memcpy(mk.arrow[a], h.arrow[a].path, sizeof h.arrow[a].path);
            mk.arrow_turn[a] = h.arrow[a].turn;
            mk.n_arrows++;
        }
        for (int k = 0; k < h.n_feel; k++) {
            LmVec3 sp[3];
            double r;
            int n = lm_stage_feel_spots(tl->skel, &f, h.feel[k], sp, &r);
            for (int i = 0; i < n; i++)
                mk.spot[mk.n_spots++] = sp[i];
            mk.spot_r_m = r;
        }
        SDL_SetRenderDrawColor(cv.ren, 0, 0, 0, 255);
        SDL_RenderClear(cv.ren);
        LT_CHECK(lb_figure_draw_marks(fig, cv.ren, &v, &mk));
        lb_canvas_flush(&cv);
        double ppm = lb_figure_px_per_m(&v);
        int lit = 0, stray = 0;
        for (int y = 0; y < 360; y++)
            for (int x = 0; x < 640; x++) {
                Uint32 c = pixel(cv.surf, x, y) & 0xffffff;
                if (!c)
                    continue;
                lit++;
                /* near an arrow's path or a spot */
                double best = 1e9;
                for (int a = 0; a < mk.n_arrows; a++)
                    for (int k = 1; k < LM_STAGE_PATH; k++) {
                        SDL_FPoint p = lb_figure_project(&v, mk.arrow[a][k - 1]);
                        SDL_FPoint q = lb_figure_project(&v, mk.arrow[a][k]);
                        best = fmin(best, seg_dist(x, y, p, q));
                    }
                for (int k = 0; k < mk.n_spots; k++) {
                    SDL_FPoint p = lb_figure_project(&v, mk.spot[k]);
                    best = fmin(best, hypot(p.x - x, p.y - y) - mk.spot_r_m * ppm);
                }
                if (best > 0.14 * ppm) {
                    if (!stray && getenv("LIMBER_TEST_DUMP"))
                        fprintf(stderr, "stray at %d,%d: %.1f px (ppm %.1f)\n", x, y, best, ppm);
                    stray++;
                }
            }
        LT_CHECK_MSG(lit > 30, "segment %d: %d pixels lit", s, lit);
        LT_CHECK_MSG(stray == 0, "segment %d: %d pixels far from every mark", s, stray);
        if (stray && getenv("LIMBER_TEST_DUMP"))
            SDL_SaveBMP(cv.surf, "/tmp/marks.bmp");
        if (h.n_arrows)
            moves++;
        if (h.n_feel) {
            holds++;
            /* the glow's centre is lit */
            SDL_FPoint p = lb_figure_project(&v, mk.spot[0]);
            LT_CHECK(ch(pixel(cv.surf, (int)p.x, (int)p.y), 16) > 40);
        }
    }
    LT_CHECK(moves >= 4 && holds == 2);
    lb_figure_destroy(fig);
    lb_canvas_free(&cv);
    lm_timeline_free(tl);
}

/* Pelvic tilts' low-back gap as drawn: relaxed, a bar from the back down
 * to the mat (marks reach well above the mat); pressed, one flat tick
 * along the mat under the back and nothing above it. */
static void the_low_backs_gap_should_close_to_a_flat_mark(void)
{
    LmTimeline *tl = compile("pelvic-tilt");
    if (!tl)
        return;
    double held = -1, relaxed = -1; /* lying ready (the first move's end), and pressed */
    for (int s = 0; s < tl->n_segs && held < 0; s++) {
        if (tl->segs[s].kind == LM_SEG_MOVE && relaxed < 0)
            relaxed = tl->segs[s].t1_s - 1e-6;
        if (tl->segs[s].kind == LM_SEG_HOLD)
            held = 0.5 * (tl->segs[s].t0_s + tl->segs[s].t1_s);
    }
    LT_CHECK(held > 0);
    LbCanvas cv;
    LT_CHECK(lb_canvas_init(&cv, 640, 360));
    LbFigure *fig = lb_figure_create(tl->skel);
    const double when[2] = {relaxed, held};
    for (int k = 0; k < 2 && held > 0; k++) {
        LmFrame f;
        lm_timeline_frame(tl, when[k], &f);
        LbFigureView v = lb_figure_view_at(tl, when[k], (SDL_FRect){0, 0, 640, 360}, false);
        LbFigureMarks mk = {0};
        mk.fade = 1.0f;
        mk.gap = lm_stage_gap(&tl->items[0], tl->skel, &f, &mk.gap_top, &mk.gap_bottom);
        LT_CHECK(mk.gap);
        SDL_SetRenderDrawColor(cv.ren, 0, 0, 0, 255);
        SDL_RenderClear(cv.ren);
        LT_CHECK(lb_figure_draw_marks(fig, cv.ren, &v, &mk));
        lb_canvas_flush(&cv);
        SDL_FPoint b = lb_figure_project(&v, mk.gap_bottom);
        double ppm = lb_figure_px_per_m(&v);
        int x0 = 640, x1 = -1, above = 0, lit = 0;
        for (int y = 0; y < 360; y++)
            for (int x = 0; x < 640; x++)
                if (pixel(cv.surf, x, y) & 0xffffff) {
                    lit++;
                    x0 = x < x0 ? x : x0, x1 = x > x1 ? x : x1;
                    above += y < b.y - 0.025 * ppm;
                }
        LT_CHECK_MSG(lit > 20, "%s: %d pixels lit", k ? "pressed" : "relaxed", lit);
        if (k == 0)
            LT_CHECK_MSG(above > 10, "relaxed, only %d pixels of the gap's bar stand above the mat", above);
        else {
            LT_CHECK_MSG(above == 0, "pressed, %d pixels stand above the mat", above);
            LT_CHECK_MSG(x1 - x0 >= 0.08 * ppm, "pressed, the flat mark is %d px wide", x1 - x0);
        }
    }
    lb_figure_destroy(fig);
    lb_canvas_free(&cv);
    lm_timeline_free(tl);
}

/* In cell k of a sheet of `cols` 480x270 cells: the pixels of its strip
 * above the figure (below the side band) that are the badges' ink (near
 * white, right half); the side colours in the sign's place (the top
 * middle: the first side's colour as `from`, the second's as `to`, and
 * whether every `to` pixel lies above every `from` one); and the side
 * band's colour (1 left, 2 right). */
typedef struct {
    int ink, from, to, band;
    bool to_above;
} SheetCell;
static bool is_left(Uint32 c)
{
    return abs(ch(c, 16) - 86) < 30 && abs(ch(c, 8) - 180) < 30 && abs(ch(c, 0) - 233) < 30;
}
static bool is_right(Uint32 c) { return ch(c, 16) > 200 && abs(ch(c, 8) - 159) < 40 && ch(c, 0) < 60; }
static SheetCell sheet_cell(SDL_Surface *s, int k, int cols)
{
    SheetCell c = {0};
    int cx = (k % cols) * 480, cy = (k / cols) * 270, to_low = -1, from_high = 1 << 30;
    Uint32 band = pixel(s, cx + 240, cy + 3);
    c.band = is_left(band) ? 1 : is_right(band) ? 2 : 0;
    for (int y = cy + 9; y < cy + 40; y++)
        for (int x = cx + 240; x < cx + 478; x++) {
            Uint32 p = pixel(s, x, y);
            c.ink += ch(p, 16) > 200 && ch(p, 8) > 200 && ch(p, 0) > 200;
        }
    for (int y = cy + 9; y < cy + 95; y++)
        for (int x = cx + 190; x < cx + 290; x++) {
            Uint32 p = pixel(s, x, y);
            if (is_right(p))
                c.to++, to_low = y;
            if (is_left(p) && y < from_high)
                from_high = y;
            c.from += is_left(p);
        }
    c.to_above = c.to > 0 && c.from > 0 && to_low < from_high;
    return c;
}

/* A caption-free contact sheet says in signs what words would: a clock
 * ring with the seconds on a cell whose pose is then held (and on no
 * other), x N on a repeated move, and on the switch a large swap sign in
 * the two side colours. */
static void contact_sheets_should_mark_holds_rounds_and_the_switch(void)
{
    const char *ids[2] = {"pelvic-tilt", "knee-to-chest"};
    for (int e = 0; e < 2; e++) {
        LmTimeline *tl = compile(ids[e]);
        if (!tl)
            continue;
        char path[256];
        snprintf(path, sizeof path, "/tmp/limber-test-sheet-%d-%d.png", (int)getpid(), e);
        fflush(stdout);
        int rc = lb_render_contact_sheet(tl, &lib, 0, path, 270, false, false);
        LT_CHECK(rc == 0);
        SDL_Surface *raw = rc == 0 ? IMG_Load(path) : NULL;
        SDL_Surface *s = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_XRGB8888, 0) : NULL;
        LT_CHECK(s != NULL);
        int cols = s ? s->w / 480 : 1, n = s ? cols * (s->h / 270) : 0;
        SheetCell c[16] = {0};
        for (int k = 0; s && k < n && k < 16; k++)
            c[k] = sheet_cell(s, k, cols);
        if (e == 0) {
            /* lying ready; pressed and held, x10; relaxed again, the loop x10 */
            LT_CHECK_MSG(n >= 3 && c[0].ink == 0, "the start cell has %d pixels of badges", c[0].ink);
            LT_CHECK_MSG(c[1].ink > 150, "the held cell has %d pixels of badges", c[1].ink);
            LT_CHECK_MSG(c[2].ink > 40 && c[2].ink < c[1].ink, "the release cell has %d pixels of badges", c[2].ink);
        } else {
            /* the first cell of the second side is the switch: the sign's
             * upper arrow in the new side's colour over the old side's */
            int sw = -1, holds = 0, signs = 0;
            for (int k = 0; k < n && k < 16; k++) {
                if (c[k].band == 2 && sw < 0)
                    sw = k;
                holds += c[k].ink > 100;
                signs += c[k].to > 150 && c[k].from > 150 && c[k].to_above;
            }
            LT_CHECK_MSG(sw > 0 && c[sw].to > 150 && c[sw].from > 150 && c[sw].to_above,
                         "the switch (cell %d) shows no swap sign (%d, %d)", sw + 1, sw >= 0 ? c[sw].to : 0,
                         sw >= 0 ? c[sw].from : 0);
            LT_CHECK_MSG(signs == 1, "%d cells show a swap sign", signs);
            LT_CHECK_MSG(holds == 2, "%d cells show a hold (two sides, one hold each)", holds);
        }
        SDL_FreeSurface(s);
        SDL_FreeSurface(raw);
        remove(path);
        lm_timeline_free(tl);
    }
}

/* Every exercise at the five screen sizes: every point of the figure, in
 * the main view and in the second view, lands inside its own rectangle,
 * and the two rectangles lie inside the stage without overlapping. */
static void every_point_should_stay_inside_the_stage_at_every_size(void)
{
    static const int sizes[5][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {1024, 768}, {1080, 1920}};
    char err[256];
    int insets = 0;
    for (int e = 0; e < lib.n_exercises; e++) {
        LmErrors er = {0};
        LmCompileOpts o = {0};
        LmTimeline *tl = lm_timeline_compile_exercise(&lib, e, &o, &er);
        lm_err_clear(&er);
        if (!tl)
            continue;
        LbScene *sc = lb_scene_create(tl, ".", err, sizeof err);
        LT_CHECK(sc != NULL);
        for (int z = 0; sc && z < 5; z++) {
            LbSceneLayout lay;
            lb_scene_layout(sizes[z][0], sizes[z][1], &lay);
            for (double t = 0; t < tl->duration_s; t += 0.5) {
                LmFrame f;
                lm_timeline_frame(tl, t, &f);
                LbFigureView v[2];
                int nv = lb_scene_views(sc, t, &lay, (z & 1) != 0, &v[0], &v[1]) ? 2 : 1;
                insets += nv - 1;
                for (int k = 0; k < nv; k++) {
                    SDL_FRect r = v[k].rect;
                    LT_CHECK(r.x >= lay.stage.x - 0.5f && r.y >= lay.stage.y - 0.5f &&
                             r.x + r.w <= lay.stage.x + lay.stage.w + 0.5f &&
                             r.y + r.h <= lay.stage.y + lay.stage.h + 0.5f);
                    if (k == 1) /* the second view: beside the main one, and cut to its box */
                        LT_CHECK(v[0].rect.x + v[0].rect.w <= r.x && v[1].clip);
                    for (int i = 0; k == 0 && i < LM_POINT_COUNT; i++) {
                        SDL_FPoint p = lb_figure_project(&v[k], f.p[i]);
                        LT_CHECK_MSG(p.x >= r.x - 1 && p.x <= r.x + r.w + 1 && p.y >= r.y - 1 && p.y <= r.y + r.h + 1,
                                     "%s at %.1f s, %dx%d: %s at (%.0f, %.0f) outside its view", tl->items[0].id, t,
                                     sizes[z][0], sizes[z][1], lm_point_name(i), p.x, p.y);
                    }
                    if (k == 1) { /* the close-up's own subject stays inside it */
                        int subject = tl->items[0].inset == LM_INSET_ABOVE ? LM_J_NECK : LM_J_PELVIS;
                        SDL_FPoint p = lb_figure_project(&v[k], f.p[subject]);
                        LT_CHECK_MSG(p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h,
                                     "%s at %.1f s: the second view lost its subject", tl->items[0].id, t);
                    }
                }
            }
        }
        lb_scene_destroy(sc);
        lm_timeline_free(tl);
    }
    LT_CHECK(insets > 0);
}

int main(void)
{
    if (SDL_Init(0) != 0 || !lt_load_shipped_library(&lib))
        return 1;
    LT_RUN(a_limbs_colour_should_not_change_within_a_side);
    LT_RUN(marks_should_land_where_the_data_puts_them);
    LT_RUN(the_low_backs_gap_should_close_to_a_flat_mark);
    LT_RUN(contact_sheets_should_mark_holds_rounds_and_the_switch);
    LT_RUN(every_point_should_stay_inside_the_stage_at_every_size);
    lm_lib_free(&lib);
    SDL_Quit();
    return lt_summary();
}
