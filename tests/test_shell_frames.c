/* Frames as a user sees them: every shipped exercise stays inside the
 * stage and the title-safe area at every frame and every aspect ratio;
 * scene renders are deterministic; the figure drawing matches stored
 * reference images (tests/golden/, 320x180) within a small tolerance.
 * LIMBER_UPDATE_GOLDEN=1 rewrites the references (then look at them). */
#include <SDL.h>
#include <SDL_image.h>
#include <stdlib.h>
#include <unistd.h>

#include "canvas.h"
#include "figure.h"
#include "lm_library.h"
#include "lm_timeline.h"
#include "lt.h"
#include "render.h"
#include "scene.h"

static LmLibrary lib;

static bool rect_holds(SDL_FRect r, float x, float y, float margin)
{
    return x - margin >= r.x && x + margin <= r.x + r.w && y - margin >= r.y && y + margin <= r.y + r.h;
}

/* Every exercise alone and every routine (whose items change camera and
 * box as they go), at both levels. */
static void every_exercise_should_stay_inside_the_stage_at_every_frame(void)
{
    const int sizes[][2] = {{1920, 1080}, {1280, 720}, {1024, 768}, {1080, 1920}};
    LT_CHECK(lib.n_exercises > 0);
    for (int e = 0; e < lib.n_exercises + lib.n_routines; e++) {
        bool is_routine = e >= lib.n_exercises;
        const char *id = is_routine ? lib.routines[e - lib.n_exercises].id : lib.exercises[e].id;
        for (int level = 0; level < LM_LEVEL_COUNT; level++) {
            LmErrors err = {0};
            LmCompileOpts co = {.level = (LmLevel)level};
            LmTimeline *tl = is_routine ? lm_timeline_compile_routine(&lib, e - lib.n_exercises, &co, &err)
                                        : lm_timeline_compile_exercise(&lib, e, &co, &err);
            LT_CHECK_MSG(tl != NULL, "%s: %s", id, err.count ? err.items[0] : "?");
            lm_err_clear(&err);
            if (!tl)
                continue;
            for (int s = 0; s < 4; s++) {
                LbSceneLayout lay;
                lb_scene_layout(sizes[s][0], sizes[s][1], &lay);
                /* the stage itself lies in the title-safe area */
                LT_CHECK(rect_holds(lay.safe, lay.stage.x, lay.stage.y, 0) &&
                         rect_holds(lay.safe, lay.stage.x + lay.stage.w, lay.stage.y + lay.stage.h, 0));
                int bad = 0;
                double worst_t = 0;
                for (double t = 0; t <= tl->duration_s; t += 1.0 / 15.0) {
                    int item = lm_timeline_item_at(tl, t);
                    LmFrame f;
                    lm_timeline_frame(tl, t, &f);
                    for (int mirror = 0; mirror < 2; mirror++) {
                        LbFigureView v = lb_figure_view_for_item(&tl->items[item], lay.stage, mirror);
                        double px_per_m = 0;
                        {
                            /* pixels per metre from two projected points a metre apart */
                            SDL_FPoint a = lb_figure_project(&v, lm_v3(0, 0, 0));
                            SDL_FPoint b = lb_figure_project(&v, lm_v3(0, 1, 0));
                            px_per_m = fabs(b.y - a.y) / cos(LM_DEG2RAD(v.cam_pitch_deg));
                        }
                        for (int p = 0; p < LM_POINT_COUNT; p++) {
                            SDL_FPoint q = lb_figure_project(&v, f.p[p]);
                            /* the limb's own thickness stays inside too */
                            float r = (float)(lm_point_radius_m(tl->skel, p) * px_per_m);
                            if (!rect_holds(lay.stage, q.x, q.y, r)) {
                                bad++;
                                worst_t = t;
                            }
                        }
                        SDL_FPoint hc = lb_figure_project(&v, lm_head_centre(&f));
                        if (!rect_holds(lay.stage, hc.x, hc.y, (float)(lm_head_radius_m(tl->skel) * px_per_m))) {
                            bad++;
                            worst_t = t;
                        }
                    }
                }
                LT_CHECK_MSG(bad == 0, "%s (%s) at %dx%d: %d points leave the stage, last at %.2f s", id,
                             lm_level_name((LmLevel)level), sizes[s][0], sizes[s][1], bad, worst_t);
            }
            lm_timeline_free(tl);
        }
    }
}

/* Render the scene of timeline tl at t into a fresh 320x180 canvas, as
 * view says (NULL: playing, not mirrored). */
static SDL_Surface *scene_view_at(const LmTimeline *tl, double t, const LbSessionView *view_in)
{
    LbCanvas cv;
    if (!lb_canvas_init(&cv, 320, 180))
        return NULL;
    char err[256];
    LbScene *sc = lb_scene_create(tl, ".", err, sizeof err);
    if (sc)
        lb_scene_set_surface(sc, cv.surf);
    LbSessionView view = {0};
    if (view_in)
        view = *view_in;
    bool ok = sc && lb_scene_draw(sc, cv.ren, t, 320, 180, &view);
    lb_canvas_flush(&cv);
    lb_scene_destroy(sc);
    SDL_Surface *s = ok ? SDL_DuplicateSurface(cv.surf) : NULL;
    lb_canvas_free(&cv);
    return s;
}

static SDL_Surface *scene_at(const LmTimeline *tl, double t, bool mirror)
{
    LbSessionView view = {.mirror = mirror};
    return scene_view_at(tl, t, &view);
}

/* Pixels of s inside r that are not the background colour. */
static int stage_pixels(const SDL_Surface *s, SDL_FRect r)
{
    int n = 0;
    for (int y = (int)r.y; y < (int)(r.y + r.h) && y < s->h; y++)
        for (int x = (int)r.x; x < (int)(r.x + r.w) && x < s->w; x++) {
            Uint32 p = ((const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
            int r8 = (int)((p >> 16) & 255), g8 = (int)((p >> 8) & 255), b8 = (int)(p & 255);
            n += abs(r8 - LB_BG_R) + abs(g8 - LB_BG_G) + abs(b8 - LB_BG_B) > 24;
        }
    return n;
}

/* At a cut from one exercise to the next the stage dips to the background
 * while playing; paused there (where a jump to the next exercise lands),
 * the stage shows the figure and its mat. */
static void a_paused_cut_should_show_the_figure(void)
{
    LmErrors err = {0};
    LmCompileOpts co = {0};
    LmTimeline *tl = lib.n_routines > 0 ? lm_timeline_compile_routine(&lib, 0, &co, &err) : NULL;
    LT_CHECK(tl != NULL && tl->n_items >= 3);
    lm_err_clear(&err);
    if (!tl || tl->n_items < 3)
        return;
    LbSceneLayout lay;
    lb_scene_layout(320, 180, &lay);
    for (int i = 1; i < tl->n_items; i++) {
        double t = tl->items[i].t0_s;
        LbSessionView play = {0}, still = {.paused = true};
        SDL_Surface *a = scene_view_at(tl, t, &play), *b = scene_view_at(tl, t, &still);
        LT_CHECK(a && b);
        if (a && b) {
            int moving = stage_pixels(a, lay.stage), paused = stage_pixels(b, lay.stage);
            LT_CHECK_MSG(moving < 50, "item %d at its cut, playing: %d stage pixels drawn", i, moving);
            LT_CHECK_MSG(paused > 1000, "item %d at its cut, paused: only %d stage pixels drawn", i, paused);
        }
        SDL_FreeSurface(a);
        SDL_FreeSurface(b);
    }
    /* The last exercise has no cut after it: the session ends on its pose. */
    SDL_Surface *end = scene_view_at(tl, tl->duration_s, NULL);
    LT_CHECK(end != NULL);
    if (end)
        LT_CHECK_MSG(stage_pixels(end, lay.stage) > 1000, "the end: only %d stage pixels drawn",
                     stage_pixels(end, lay.stage));
    SDL_FreeSurface(end);
    lm_timeline_free(tl);
}

static void scene_renders_should_be_identical_every_time(void)
{
    LmErrors err = {0};
    LmCompileOpts co = {0};
    LmTimeline *tl = lm_timeline_compile_exercise(&lib, 0, &co, &err);
    LT_CHECK(tl != NULL);
    lm_err_clear(&err);
    if (!tl)
        return;
    for (int k = 0; k < 5; k++) {
        double t = tl->duration_s * k / 5.0;
        SDL_Surface *a = scene_at(tl, t, k & 1), *b = scene_at(tl, t, k & 1);
        LT_CHECK(a && b);
        if (a && b)
            LT_CHECK_MSG(memcmp(a->pixels, b->pixels, (size_t)a->pitch * (size_t)a->h) == 0, "t = %.2f", t);
        /* and it is a picture, not an empty screen */
        int lit = 0;
        for (int i = 0; a && i < a->w * a->h; i++) {
            Uint32 p = ((Uint32 *)a->pixels)[i];
            lit += ((p >> 16) & 255) > 120;
        }
        LT_CHECK_MSG(lit > 300, "t = %.2f: only %d bright pixels", t, lit);
        SDL_FreeSurface(a);
        SDL_FreeSurface(b);
    }
    lm_timeline_free(tl);
}

/* ---- golden frames: the figure drawer on fixed poses --------------------- */

typedef struct {
    const char *name;
    double yaw, pitch;
    bool mirror;
    unsigned props;
    int pose;
} Golden;

static void golden_pose(int which, LmFrame *f, LbFigureView *v)
{
    const LmSkeleton *sk = &lib.skel;
    LmPose p;
    lm_pose_zero(&p);
    switch (which) {
    case 0: /* standing reach: left arm forward, right knee lifted */
        p.ang[LM_J_SHOULDER_L][LM_DOF_FLEX] = LM_DEG2RAD(90);
        p.ang[LM_J_SHOULDER_R][LM_DOF_ABD] = LM_DEG2RAD(40);
        p.ang[LM_J_HIP_R][LM_DOF_FLEX] = LM_DEG2RAD(70);
        p.ang[LM_J_KNEE_R][LM_DOF_FLEX] = LM_DEG2RAD(90);
        break;
    case 1: /* seated on a chair, turned to the left */
        for (int s = 0; s < 2; s++) {
            p.ang[s ? LM_J_HIP_R : LM_J_HIP_L][LM_DOF_FLEX] = LM_DEG2RAD(90);
            p.ang[s ? LM_J_KNEE_R : LM_J_KNEE_L][LM_DOF_FLEX] = LM_DEG2RAD(90);
        }
        p.ang[LM_J_THORAX][LM_DOF_ROT] = LM_DEG2RAD(30);
        p.ang[LM_J_ELBOW_L][LM_DOF_FLEX] = LM_DEG2RAD(60);
        break;
    default: /* lying on the back, knees bent */
        p.root_q = lm_quat_from_ypr_deg(0, -90, 0);
        for (int s = 0; s < 2; s++) {
            p.ang[s ? LM_J_HIP_R : LM_J_HIP_L][LM_DOF_FLEX] = LM_DEG2RAD(45);
            p.ang[s ? LM_J_KNEE_R : LM_J_KNEE_L][LM_DOF_FLEX] = LM_DEG2RAD(90);
        }
        break;
    }
    lm_fk(sk, &p, f);
    if (which == 1) {
        /* thighs on a 0.46 m seat */
        double seat = 0.46;
        lm_frame_translate(f, lm_v3(0, seat + lm_point_radius_m(sk, LM_J_HIP_L) - f->p[LM_J_HIP_L].y, 0));
        v->chair_seat = lm_v3(0, seat, f->p[LM_J_PELVIS].z + 0.12);
    } else {
        lm_frame_translate(f, lm_v3(0, -lm_frame_lowest_y(sk, f), 0));
        v->mat_centre = lm_v3(f->p[LM_J_PELVIS].x, 0, f->p[LM_J_PELVIS].z);
    }
}

/* Draws as --render does: recorded, then rasterised into the canvas,
 * unless via_renderer asks for the SDL_RenderGeometry path a GPU uses. */
static SDL_Surface *golden_render(const Golden *g, LbFigure *fig, bool via_renderer)
{
    LbCanvas cv;
    if (!lb_canvas_init(&cv, 320, 180))
        return NULL;
    LbDraw *list = via_renderer ? NULL : lb_draw_create();
    if (list)
        lb_draw_begin(list, 320, 180);
    lb_figure_set_list(fig, list);
    LbFigureView v = {0};
    LmFrame f;
    golden_pose(g->pose, &f, &v);
    v.rect = (SDL_FRect){16, 9, 288, 162};
    v.cam_yaw_deg = g->yaw;
    v.cam_pitch_deg = g->pitch;
    v.mirror = g->mirror;
    v.props = g->props;
    lb_figure_view_fit_frame(&v, &f);
    SDL_SetRenderDrawColor(cv.ren, LB_BG_R, LB_BG_G, LB_BG_B, 255);
    SDL_RenderClear(cv.ren);
    bool ok = lb_figure_draw(fig, cv.ren, &f, &v);
    if (list)
        ok = ok && lb_draw_to_surface(list, cv.ren, cv.surf, NULL, 0);
    lb_canvas_flush(&cv);
    lb_figure_set_list(fig, NULL);
    lb_draw_destroy(list);
    SDL_Surface *s = ok ? SDL_DuplicateSurface(cv.surf) : NULL;
    lb_canvas_free(&cv);
    return s;
}

static const Golden goldens[] = {
    {"figure-standing-front", 0, 8, false, 0, 0},          {"figure-standing-three-quarter", 35, 12, false, 0, 0},
    {"figure-standing-mirrored", 35, 12, true, 0, 0},      {"figure-chair-side", 70, 10, false, LM_PROP_CHAIR, 1},
    {"figure-supine-mat", -80, 18, false, LM_PROP_MAT, 2},
};

static void figure_should_match_the_golden_frames(void)
{
    LbFigure *fig = lb_figure_create(&lib.skel);
    bool update = getenv("LIMBER_UPDATE_GOLDEN") != NULL;
    for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++) {
        const Golden *g = &goldens[i];
        char path[256];
        snprintf(path, sizeof path, "tests/golden/%s.png", g->name);
        SDL_Surface *got = golden_render(g, fig, false);
        LT_CHECK(got != NULL);
        if (!got)
            continue;
        if (update) {
            LT_CHECK_MSG(IMG_SavePNG(got, path) == 0, "cannot write %s", path);
            SDL_FreeSurface(got);
            continue;
        }
        SDL_Surface *ref0 = IMG_Load(path);
        LT_CHECK_MSG(ref0 != NULL, "%s is missing (LIMBER_UPDATE_GOLDEN=1 makes it)", path);
        SDL_Surface *ref = ref0 ? SDL_ConvertSurfaceFormat(ref0, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
        if (ref && ref->w == got->w && ref->h == got->h) {
            /* Tolerance: rounding in another SDL build may move an edge
             * pixel, never the picture. */
            long sum = 0;
            int far_off = 0;
            for (int y = 0; y < got->h; y++)
                for (int x = 0; x < got->w; x++) {
                    Uint32 a = ((Uint32 *)((Uint8 *)got->pixels + y * got->pitch))[x];
                    Uint32 b = ((Uint32 *)((Uint8 *)ref->pixels + y * ref->pitch))[x];
                    int d = 0;
                    for (int c = 0; c < 24; c += 8)
                        d += abs((int)((a >> c) & 255) - (int)((b >> c) & 255));
                    sum += d;
                    far_off += d > 96;
                }
            double mean = (double)sum / (got->w * got->h * 3.0);
            LT_CHECK_MSG(mean < 1.5 && far_off < got->w * got->h / 200, "%s: mean difference %.2f, %d pixels far off",
                         g->name, mean, far_off);
        } else {
            LT_CHECK_MSG(false, "%s: reference has the wrong size", g->name);
        }
        SDL_FreeSurface(ref);
        SDL_FreeSurface(ref0);
        SDL_FreeSurface(got);
    }
    lb_figure_destroy(fig);
}

/* The headless rasteriser and SDL's renderer draw the same triangles;
 * they may disagree where a pixel's sample point sits (SDL's software
 * path snaps vertices to whole pixels, so its edges are rougher), never on
 * the picture: the same pixels lit, and all but a few 4x4 blocks alike
 * (best of a one-pixel shift). */
static void raster_should_match_the_renderer(void)
{
    LbFigure *fig = lb_figure_create(&lib.skel);
    for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++) {
        SDL_Surface *a = golden_render(&goldens[i], fig, false), *b = golden_render(&goldens[i], fig, true);
        LT_CHECK(a && b);
        if (!a || !b) {
            SDL_FreeSurface(a);
            SDL_FreeSurface(b);
            continue;
        }
        int best = 1 << 30, blocks = 0;
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++) {
                int differ = 0;
                blocks = 0;
                for (int by = 4; by < a->h - 4; by += 4)
                    for (int bx = 4; bx < a->w - 4; bx += 4) {
                        int d = 0;
                        for (int c = 0; c < 24; c += 8) {
                            int sa = 0, sb = 0;
                            for (int y = by; y < by + 4; y++)
                                for (int x = bx; x < bx + 4; x++) {
                                    sa += (int)((((Uint32 *)((Uint8 *)a->pixels + y * a->pitch))[x] >> c) & 255);
                                    sb += (int)((((Uint32 *)((Uint8 *)b->pixels + (y + dy) * b->pitch))[x + dx] >> c) &
                                                255);
                                }
                            d += abs(sa - sb) / 16;
                        }
                        blocks++;
                        differ += d > 40;
                    }
                if (differ < best)
                    best = differ;
            }
        LT_CHECK_MSG(best <= blocks / 25, "%s: %d of %d blocks differ", goldens[i].name, best, blocks);
        int lit_a = 0, lit_b = 0;
        for (int y = 0; y < a->h; y++)
            for (int x = 0; x < a->w; x++) {
                lit_a += (((Uint32 *)((Uint8 *)a->pixels + y * a->pitch))[x] & 0xff) > 100;
                lit_b += (((Uint32 *)((Uint8 *)b->pixels + y * b->pitch))[x] & 0xff) > 100;
            }
        LT_CHECK_MSG(abs(lit_a - lit_b) <= lit_b / 20 + 4, "%s: %d vs %d lit pixels", goldens[i].name, lit_a, lit_b);
        SDL_FreeSurface(a);
        SDL_FreeSurface(b);
    }
    lb_figure_destroy(fig);
}

/* A contact sheet's caption too long for one line goes on a second, and
 * the figure is fitted below the label. Seated rotation's first cell (270
 * px high) has a two-line caption ending in "flat", and a seated figure
 * whose head reached into the label before. */
static void contact_sheet_labels_take_two_lines_above_the_figure(void)
{
    int e = lm_lib_find_exercise(&lib, "seated-rotation");
    LT_CHECK(e >= 0);
    if (e < 0)
        return;
    LmCompileOpts co = {0};
    LmErrors err = {0};
    LmTimeline *tl = lm_timeline_compile_exercise(&lib, e, &co, &err);
    LT_CHECK(tl != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/limber-sheet-%d.png", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    LT_CHECK(tl && lb_render_contact_sheet(tl, &lib, 0, path, 270, false, true) == 0);
    SDL_Surface *raw = IMG_Load(path), *s = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
    LT_CHECK(s != NULL);
    /* light pixels (text, the figure's head) in rows y0..y1, columns x0..x1 */
    int counts[2] = {0, 0};
    const int box[2][4] = {{8, 30, 60, 42},     /* line 2, where "flat" starts */
                           {120, 30, 400, 42}}; /* line 2's rows over the cell's middle */
    for (int b = 0; s && b < 2; b++)
        for (int y = box[b][1]; y <= box[b][3]; y++)
            for (int x = box[b][0]; x <= box[b][2]; x++) {
                Uint32 p = ((const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch))[x];
                counts[b] += ((p >> 16) & 255) > 170 && ((p >> 8) & 255) > 170 && (p & 255) > 170;
            }
    LT_CHECK_MSG(counts[0] > 10, "%d light pixels where the second line's first word is", counts[0]);
    LT_CHECK_MSG(counts[1] == 0, "%d light pixels beside the second line, where only the background belongs",
                 counts[1]);
    SDL_FreeSurface(s);
    SDL_FreeSurface(raw);
    remove(path);
    lm_timeline_free(tl);
    lm_err_clear(&err);
}

int main(void)
{
    LmErrors err = {0};
    lb_canvas_init_headless();
    if (!lm_lib_load(&lib, ".", &err) && lib.n_exercises == 0) {
        fprintf(stderr, "cannot load the library: %s\n", err.count ? err.items[0] : "?");
        return 1;
    }
    lm_err_clear(&err);
    LT_RUN(every_exercise_should_stay_inside_the_stage_at_every_frame);
    LT_RUN(scene_renders_should_be_identical_every_time);
    LT_RUN(a_paused_cut_should_show_the_figure);
    LT_RUN(figure_should_match_the_golden_frames);
    LT_RUN(raster_should_match_the_renderer);
    LT_RUN(contact_sheet_labels_take_two_lines_above_the_figure);
    lm_lib_free(&lib);
    SDL_Quit();
    return lt_summary();
}
