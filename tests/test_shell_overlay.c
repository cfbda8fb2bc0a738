/* Overlay and text cache: layout geometry at the sizes we ship for, the
 * side words, the texture cache's behaviour, font errors, what the drawing
 * touches, and reference images.
 *
 * Set LIMBER_FRAMES_DIR to also write every test frame as a PNG there;
 * LIMBER_UPDATE_GOLDEN=1 rewrites tests/golden/ from the current drawing. */
#include <SDL.h>
#include <SDL_image.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backdrop.h"
#include "figure.h"
#include "lm_library.h"
#include "lm_timeline.h"
#include "lt.h"
#include "lt_lib.h"
#include "overlay.h"
#include "text.h"

static const int SIZES[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {1024, 768}, {1080, 1920}};
#define N_SIZES ((int)(sizeof SIZES / sizeof SIZES[0]))

static const SDL_Color BG = {16, 22, 32, 255};

/* ---- helpers ---------------------------------------------------------------- */

typedef struct {
    SDL_Surface *surf;
    SDL_Renderer *r;
} Target;

static bool target_open(Target *t, int w, int h)
{
    t->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    t->r = t->surf ? SDL_CreateSoftwareRenderer(t->surf) : NULL;
    if (!t->r)
        fprintf(stderr, "  cannot make a %dx%d software target: %s\n", w, h, SDL_GetError());
    return t->r != NULL;
}

static void target_close(Target *t)
{
    if (t->r)
        SDL_DestroyRenderer(t->r);
    if (t->surf)
        SDL_FreeSurface(t->surf);
    memset(t, 0, sizeof *t);
}

static void target_clear(Target *t)
{
    SDL_SetRenderDrawColor(t->r, BG.r, BG.g, BG.b, 255);
    SDL_RenderClear(t->r);
}

static Uint32 pixel(const SDL_Surface *s, int x, int y)
{
    return ((const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch))[x] & 0x00FFFFFFu;
}

static void save_frame(const Target *t, const char *name)
{
    const char *dir = getenv("LIMBER_FRAMES_DIR");
    if (!dir || !*dir)
        return;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s_%dx%d.png", dir, name, t->surf->w, t->surf->h);
    SDL_RenderFlush(t->r);
    if (IMG_SavePNG(t->surf, path) != 0)
        fprintf(stderr, "  cannot write %s: %s\n", path, IMG_GetError());
}

static LbOverlay *overlay_open(void)
{
    char err[512];
    LbOverlayDesc d = {.data_dir = "."};
    LbOverlay *o = lb_overlay_create(&d, err, sizeof err);
    if (!o)
        fprintf(stderr, "  overlay: %s\n", err);
    return o;
}

/* A hold on the left side, with a countdown, mid-routine. */
static LmOverlayState state_hold(void)
{
    LmOverlayState st = {0};
    st.item = 1;
    st.n_items = 6;
    st.kind = LM_SEG_HOLD;
    st.title = "Knee to chest stretch";
    st.caption = "Hug your left knee toward your chest and let your lower back relax";
    st.side = 1;
    st.countdown = true;
    st.remaining_s = 17.4;
    st.seg_progress = 0.42;
    st.next_item = 2;
    st.routine_elapsed_s = 95;
    st.routine_total_s = 540;
    return st;
}

/* A repeated breath-led move with a rep count. */
static LmOverlayState state_reps(void)
{
    LmOverlayState st = state_hold();
    st.kind = LM_SEG_MOVE;
    st.title = "Cat-cow";
    st.caption = "Breathe in, lift your chest and tailbone";
    st.side = 0;
    st.countdown = false;
    st.rep = 7;
    st.reps = 12;
    st.breath = LM_BREATH_IN;
    st.breath_phase = 0.6;
    return st;
}

/* Everything at once, so every element has something to draw. */
static LmOverlayState state_all(void)
{
    LmOverlayState st = state_hold();
    st.kind = LM_SEG_REST;
    st.rep = 3;
    st.reps = 10;
    st.breath = LM_BREATH_OUT;
    st.breath_phase = 0.3;
    st.remaining_s = 2.95;
    st.seg_progress = 0.7;
    st.next_title = "Thread the needle";
    return st;
}

/* The safety card as shipped in anims/safety.json. */
static char *safety_title;
static char *safety_lines[16];
static int n_safety_lines;
static char *safety_cue;

static char *dup_string(const cJSON *j)
{
    if (!cJSON_IsString(j))
        return NULL;
    size_t n = strlen(j->valuestring) + 1;
    char *s = malloc(n);
    if (s)
        memcpy(s, j->valuestring, n);
    return s;
}

static bool safety_load(void)
{
    char *text = SDL_LoadFile("anims/safety.json", NULL);
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    SDL_free(text);
    if (!root)
        return false;
    safety_title = dup_string(cJSON_GetObjectItemCaseSensitive(root, "title"));
    safety_cue = dup_string(cJSON_GetObjectItemCaseSensitive(root, "cue"));
    const cJSON *line;
    cJSON_ArrayForEach(line, cJSON_GetObjectItemCaseSensitive(root, "lines"))
    {
        if (n_safety_lines < 16)
            safety_lines[n_safety_lines++] = dup_string(line);
    }
    cJSON_Delete(root);
    return safety_title && safety_cue && n_safety_lines > 0;
}

static void safety_free(void)
{
    free(safety_title);
    free(safety_cue);
    for (int i = 0; i < n_safety_lines; i++)
        free(safety_lines[i]);
}

static LmOverlayState state_safety(void)
{
    LmOverlayState st = state_hold();
    st.kind = LM_SEG_SAFETY;
    st.card_title = safety_title ? safety_title : "Before you start";
    st.card_lines = (const char *const *)safety_lines;
    st.n_card_lines = n_safety_lines;
    return st;
}

/* The card is read across a room: a title, a few short lines, and one
 * short spoken sentence that covers the warning signs. */
static void safety_card_is_short_and_complete(void)
{
    LT_CHECK(safety_title && strlen(safety_title) <= 32);
    LT_CHECK(n_safety_lines >= 3 && n_safety_lines <= 6);
    for (int i = 0; i < n_safety_lines; i++)
        LT_CHECK_MSG(safety_lines[i] && strlen(safety_lines[i]) <= 100, "line %d is long", i);
    LT_CHECK(safety_cue && strlen(safety_cue) <= 90);
    if (safety_cue) {
        const char *dot = strchr(safety_cue, '.');
        LT_CHECK_MSG(dot && dot[1] == '\0', "the cue is one sentence: \"%s\"", safety_cue);
    }
    /* The warning signs that need a doctor at once, and when to get help. */
    char all[2048] = "";
    for (int i = 0; i < n_safety_lines; i++) {
        strncat(all, safety_lines[i] ? safety_lines[i] : "", sizeof all - strlen(all) - 2);
        strncat(all, " ", sizeof all - strlen(all) - 1);
    }
    const char *lower = all;
    for (char *p = all; *p; p++)
        *p = (char)SDL_tolower((unsigned char)*p);
    LT_STR_CONTAINS(lower, "numb");
    LT_STR_CONTAINS(lower, "bladder");
    LT_STR_CONTAINS(lower, "sharp pain");
    LT_STR_CONTAINS(lower, "few days");
    LT_STR_CONTAINS(lower, "doctor");
}

static const char *HELP_LINES[] = {"Space\tPlay / pause", "Left / Right\tPrevious / next step", "M\tMirror",
                                   "F\tFullscreen", "Esc\tQuit"};

/* ---- layout ------------------------------------------------------------------ */

static bool inside(SDL_Rect in, SDL_Rect out)
{
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w && in.y + in.h <= out.y + out.h;
}

static void check_layout(int w, int h, const LbOverlayLayoutIn *in)
{
    LbLayout L;
    lb_overlay_layout(w, h, in, &L);
    float m = in && in->safe_margin > 0 ? in->safe_margin : 0.05f;
    /* The safe area is the 90% title-safe area: 5% clear on each side. */
    LT_CHECK_MSG(L.safe.x >= (int)(w * m) && L.safe.y >= (int)(h * m) && L.safe.x + L.safe.w <= w - (int)(w * m) &&
                     L.safe.y + L.safe.h <= h - (int)(h * m),
                 "%dx%d: safe area %d,%d %dx%d", w, h, L.safe.x, L.safe.y, L.safe.w, L.safe.h);
    for (int i = 0; i < LB_EL_COUNT; i++) {
        SDL_Rect a = L.el[i];
        LT_CHECK_MSG(a.w > 0 && a.h > 0, "%dx%d: %s is empty", w, h, lb_element_name((LbElement)i));
        LT_CHECK_MSG(inside(a, L.safe), "%dx%d: %s (%d,%d %dx%d) leaves the safe area", w, h,
                     lb_element_name((LbElement)i), a.x, a.y, a.w, a.h);
        for (int j = i + 1; j < LB_EL_COUNT; j++)
            LT_CHECK_MSG(!SDL_HasIntersection(&a, &L.el[j]), "%dx%d: %s overlaps %s", w, h,
                         lb_element_name((LbElement)i), lb_element_name((LbElement)j));
    }
    LT_CHECK_MSG(L.el[LB_EL_COUNTDOWN].h >= h / 8 && L.el[LB_EL_COUNTDOWN].w >= h / 8,
                 "%dx%d: countdown %dx%d is smaller than h/8", w, h, L.el[LB_EL_COUNTDOWN].w, L.el[LB_EL_COUNTDOWN].h);
    LT_CHECK_MSG(inside(L.next_figure, L.el[LB_EL_NEXT]) && L.next_figure.w > 0 && L.next_figure.h > 0,
                 "%dx%d: the next-up figure is not inside the next-up box", w, h);
    /* The stage is what remains, and it is the largest thing on screen. */
    long stage = (long)L.el[LB_EL_STAGE].w * L.el[LB_EL_STAGE].h;
    for (int i = 0; i < LB_EL_COUNT; i++)
        if (i != LB_EL_STAGE)
            LT_CHECK_MSG((long)L.el[i].w * L.el[i].h < stage, "%dx%d: %s is larger than the stage", w, h,
                         lb_element_name((LbElement)i));
    LT_CHECK_MSG(stage * 10 >= (long)L.safe.w * L.safe.h * 3, "%dx%d: the stage is under 30%% of the safe area", w, h);
    LT_CHECK_MSG(L.portrait == (h > w), "%dx%d: portrait flag", w, h);
}

static void layout_keeps_elements_inside_safe_area_and_apart(void)
{
    for (int i = 0; i < N_SIZES; i++)
        check_layout(SIZES[i][0], SIZES[i][1], NULL);
    /* the golden sizes and the option extremes too */
    check_layout(640, 360, NULL);
    check_layout(360, 640, NULL);
    for (int i = 0; i < N_SIZES; i++) {
        LbOverlayLayoutIn big = {.text_scale = 1.2f}, small = {.text_scale = 0.85f, .safe_margin = 0.03f};
        check_layout(SIZES[i][0], SIZES[i][1], &big);
        check_layout(SIZES[i][0], SIZES[i][1], &small);
    }
}

static void layout_scales_with_the_output(void)
{
    LbLayout a, b;
    lb_overlay_layout(1920, 1080, NULL, &a);
    lb_overlay_layout(3840, 2160, NULL, &b);
    for (int i = 0; i < LB_EL_COUNT; i++) {
        LT_NEAR(b.el[i].x, 2 * a.el[i].x, 4);
        LT_NEAR(b.el[i].h, 2 * a.el[i].h, 4);
    }
    LbLayout p;
    lb_overlay_layout(1080, 1920, NULL, &p);
    /* Portrait stacks: the countdown is below the stage, not beside it. */
    LT_CHECK(p.el[LB_EL_COUNTDOWN].y >= p.el[LB_EL_STAGE].y + p.el[LB_EL_STAGE].h);
    LT_CHECK(a.el[LB_EL_COUNTDOWN].x >= a.el[LB_EL_STAGE].x + a.el[LB_EL_STAGE].w);
}

static void layout_is_pure(void)
{
    LbLayout a, b;
    lb_overlay_layout(1280, 720, NULL, &a);
    lb_overlay_layout(1280, 720, NULL, &b);
    LT_CHECK(memcmp(&a, &b, sizeof a) == 0);
    lb_overlay_layout(0, -5, NULL, &a); /* nonsense sizes give empty rects, no crash */
    for (int i = 0; i < LB_EL_COUNT; i++)
        LT_CHECK(a.el[i].w >= 0 && a.el[i].h >= 0);
}

/* ---- side words -------------------------------------------------------------- */

static void side_words_say_where_the_side_is_on_screen(void)
{
    char big[32], small[64];
    /* Facing the viewer, the figure's left is on the screen's right. */
    lb_side_words(1, LM_SCREEN_AUTO, false, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(big, "LEFT side"));
    LT_CHECK(!strcmp(small, "on your screen: right"));
    lb_side_words(2, LM_SCREEN_AUTO, false, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(big, "RIGHT side"));
    LT_CHECK(!strcmp(small, "on your screen: left"));
    /* The mirror flips the picture: the figure's left is then on the left. */
    lb_side_words(1, LM_SCREEN_AUTO, true, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(big, "LEFT side"));
    LT_CHECK(!strcmp(small, "on your screen: left"));
    lb_side_words(2, LM_SCREEN_AUTO, true, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(small, "on your screen: right"));
    /* A measured position (mirror already in it) wins over the assumption. */
    lb_side_words(1, LM_SCREEN_LEFT, false, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(small, "on your screen: left"));
    lb_side_words(2, LM_SCREEN_LEFT, true, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(small, "on your screen: right"));
    /* Seen from the side nothing is claimed; no side, no words. */
    lb_side_words(1, LM_SCREEN_UNCLEAR, false, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(big, "LEFT side") && small[0] == '\0');
    lb_side_words(0, LM_SCREEN_AUTO, false, big, sizeof big, small, sizeof small);
    LT_CHECK(big[0] == '\0' && small[0] == '\0');
}

/* The side words for a figure seen from the side name the near or far side,
 * and a figure facing away has its left on the screen's left. */
static void side_words_near_and_far(void)
{
    char big[32], small[64];
    lb_side_words(1, LM_SCREEN_NEAR, false, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(small, "the side nearer you"));
    lb_side_words(2, LM_SCREEN_NEAR, true, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(small, "the side away from you"));
    lb_side_words(2, LM_SCREEN_FAR, false, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(small, "the side nearer you"));
}

/* lm_screen_side_of_frame agrees with where the figure module really draws
 * the shoulders, for a standing figure seen from several directions. */
static void screen_side_of_frame_matches_the_drawing(void)
{
    LmSkeleton sk;
    LmErrors err = {0};
    if (!lm_skel_load(&sk, "anims/skeleton.json", &err)) {
        LT_CHECK(!"skeleton");
        lm_err_clear(&err);
        return;
    }
    LmPose pose;
    lm_pose_zero(&pose);
    LmFrame f;
    lm_fk(&sk, &pose, &f);
    /* Standing, facing +z; a camera at yaw 0 looks at its front. */
    LT_CHECK(lm_screen_side_of_frame(&f, 0, 0, false) == LM_SCREEN_RIGHT);
    LT_CHECK(lm_screen_side_of_frame(&f, 0, 0, true) == LM_SCREEN_LEFT);
    LT_CHECK(lm_screen_side_of_frame(&f, 180, 0, false) == LM_SCREEN_LEFT);
    LT_CHECK(lm_screen_side_of_frame(&f, 10, 30, false) == LM_SCREEN_RIGHT);
    LmScreenSide s90 = lm_screen_side_of_frame(&f, 90, 0, false);
    LmScreenSide sm90 = lm_screen_side_of_frame(&f, -90, 0, false);
    LT_CHECK((s90 == LM_SCREEN_NEAR && sm90 == LM_SCREEN_FAR) || (s90 == LM_SCREEN_FAR && sm90 == LM_SCREEN_NEAR));
    LT_CHECK(lm_screen_side_of_frame(&f, 90, 0, true) == s90); /* the mirror keeps depth */
    const double yaws[] = {0, 30, 150, 180, -40};
    for (int i = 0; i < 5; i++)
        for (int m = 0; m < 2; m++) {
            LbFigureView v = {0};
            v.rect = (SDL_FRect){0, 0, 800, 600};
            v.cam_yaw_deg = yaws[i];
            v.mirror = m;
            SDL_FPoint l = lb_figure_project(&v, f.p[LM_J_SHOULDER_L]);
            SDL_FPoint r = lb_figure_project(&v, f.p[LM_J_SHOULDER_R]);
            LmScreenSide want = l.x > r.x ? LM_SCREEN_RIGHT : LM_SCREEN_LEFT;
            LT_CHECK_MSG(lm_screen_side_of_frame(&f, yaws[i], 0, m) == want, "yaw %g mirror %d", yaws[i], m);
        }
    /* Hands crossed over to the other side (an arm threaded under the
     * body): the working hand is on the screen's other half, so no side of
     * the screen is named; a hand only at the middle does not count. */
    LmFrame x = f;
    LmVec3 wl = x.p[LM_J_WRIST_L], wr = x.p[LM_J_WRIST_R];
    x.p[LM_J_WRIST_L].x = wr.x, x.p[LM_J_WRIST_R].x = wl.x;
    LT_CHECK(lm_screen_side_of_frame(&x, 0, 0, false) == LM_SCREEN_UNCLEAR);
    LT_CHECK(lm_screen_side_of_frame(&x, 0, 0, true) == LM_SCREEN_UNCLEAR);
    x.p[LM_J_WRIST_L].x = x.p[LM_J_WRIST_R].x = 0.5 * (wl.x + wr.x);
    LT_CHECK(lm_screen_side_of_frame(&x, 0, 0, false) == LM_SCREEN_RIGHT);
    lm_err_clear(&err);
}

static void screen_side_comes_from_projected_points(void)
{
    LT_CHECK(lm_screen_side_of_left(700, 500, 8) == LM_SCREEN_RIGHT);
    LT_CHECK(lm_screen_side_of_left(500, 700, 8) == LM_SCREEN_LEFT);
    LT_CHECK(lm_screen_side_of_left(503, 500, 8) == LM_SCREEN_UNCLEAR);
}

/* ---- text cache --------------------------------------------------------------- */

static unsigned long rasterised(LbOverlay *o)
{
    LbTextStats s;
    lb_text_stats(lb_overlay_text(o), &s);
    return s.rasterised;
}

static void text_cache_rasterises_only_what_changed(void)
{
    LbOverlay *o = overlay_open();
    Target t;
    if (!o || !target_open(&t, 1280, 720)) {
        LT_CHECK(!"setup");
        lb_overlay_destroy(o);
        return;
    }
    LmOverlayState st = state_all();
    LbSessionView v = {.paused = true, .toast = "Speed 1.25x", .toast_alpha = 1.0f, .level = "beginner"};
    target_clear(&t);
    lb_overlay_draw(o, t.r, 1280, 720, &st, &v);
    unsigned long first = rasterised(o);
    LT_CHECK(first > 5);

    target_clear(&t);
    LT_CHECK(lb_overlay_draw(o, t.r, 1280, 720, &st, &v));
    LT_CHECK_MSG(rasterised(o) == first, "second identical draw rasterised %lu texts", rasterised(o) - first);

    /* Fading the toast and the pulse of the countdown are not new text. */
    v.toast_alpha = 0.4f;
    st.remaining_s = 2.6;
    st.seg_progress = 0.75;
    st.breath_phase = 0.5;
    target_clear(&t);
    lb_overlay_draw(o, t.r, 1280, 720, &st, &v);
    LT_CHECK_MSG(rasterised(o) == first, "fading and pulsing rasterised %lu texts", rasterised(o) - first);

    /* A new caption is rasterised, and only what changed. */
    st.caption = "Now slowly lower your foot back to the mat";
    target_clear(&t);
    lb_overlay_draw(o, t.r, 1280, 720, &st, &v);
    unsigned long after = rasterised(o);
    LT_CHECK(after > first);
    LT_CHECK_MSG(after - first <= 2, "a caption change rasterised %lu texts", after - first);
    /* A new second on the countdown is one more text. */
    st.remaining_s = 1.5;
    target_clear(&t);
    lb_overlay_draw(o, t.r, 1280, 720, &st, &v);
    LT_CHECK_MSG(rasterised(o) == after + 1, "a countdown tick rasterised %lu texts", rasterised(o) - after);
    lb_overlay_destroy(o); /* before its renderer */
    target_close(&t);
}

static void text_cache_is_bounded_and_evicts_the_oldest(void)
{
    char err[256];
    LbTextDesc d = {.font_path = {"assets/fonts/DejaVuSans.ttf", "assets/fonts/DejaVuSans-Bold.ttf"},
                    .max_texts = 8,
                    .max_fonts = 3};
    LbText *t = lb_text_create(&d, err, sizeof err);
    Target tg;
    if (!t || !target_open(&tg, 64, 64)) {
        LT_CHECK_MSG(0, "setup: %s", err);
        lb_text_destroy(t);
        return;
    }
    SDL_Color white = {255, 255, 255, 255};
    char s[32];
    for (int i = 0; i < 50; i++) {
        snprintf(s, sizeof s, "line %d", i);
        LT_CHECK(lb_text_get(t, tg.r, s, 10 + i % 6, LB_WEIGHT_REGULAR, white, NULL, NULL) != NULL);
        /* keep "line 0" in use: it must survive as the most recently used */
        LT_CHECK(lb_text_get(t, tg.r, "line 0", 10, LB_WEIGHT_REGULAR, white, NULL, NULL) != NULL);
    }
    LbTextStats st;
    lb_text_stats(t, &st);
    LT_CHECK(st.entries <= 8);
    LT_CHECK(st.fonts <= 3);
    LT_CHECK(st.evicted >= 42);
    unsigned long before = st.rasterised;
    lb_text_get(t, tg.r, "line 0", 10, LB_WEIGHT_REGULAR, white, NULL, NULL);
    lb_text_get(t, tg.r, "line 49", 10 + 49 % 6, LB_WEIGHT_REGULAR, white, NULL, NULL);
    lb_text_stats(t, &st);
    LT_CHECK(st.rasterised == before); /* both still cached */
    lb_text_get(t, tg.r, "line 1", 11, LB_WEIGHT_REGULAR, white, NULL, NULL);
    lb_text_stats(t, &st);
    LT_CHECK(st.rasterised == before + 1); /* long evicted */
    /* Same string, other colour or weight: a different texture. */
    SDL_Color blue = {86, 180, 233, 255};
    lb_text_get(t, tg.r, "line 0", 10, LB_WEIGHT_REGULAR, blue, NULL, NULL);
    lb_text_get(t, tg.r, "line 0", 10, LB_WEIGHT_BOLD, white, NULL, NULL);
    lb_text_stats(t, &st);
    LT_CHECK(st.rasterised == before + 3);
    lb_text_forget(t, tg.r);
    lb_text_stats(t, &st);
    LT_CHECK(st.entries == 0 && st.bytes == 0);
    lb_text_destroy(t);
    target_close(&tg);
}

/* Sizes are kept: the same caption laid out frame after frame is measured
 * by the font once, and a table full of other strings still gives every
 * string its own size (the same as a fresh cache gives). */
static void text_sizes_are_measured_once_and_stay_right(void)
{
    char err[256];
    LbTextDesc d = {.font_path = {"assets/fonts/DejaVuSans.ttf", "assets/fonts/DejaVuSans-Bold.ttf"}};
    LbText *t = lb_text_create(&d, err, sizeof err);
    if (!t) {
        LT_CHECK_MSG(0, "setup: %s", err);
        return;
    }
    LbTextStats st;
    int w0 = 0, h0 = 0, w = 0, h = 0;
    LT_CHECK(lb_text_measure(t, "Breathe in, and let your back sink", 40, LB_WEIGHT_BOLD, &w0, &h0));
    lb_text_stats(t, &st);
    unsigned long before = st.measured;
    for (int i = 0; i < 100; i++) {
        LT_CHECK(lb_text_measure(t, "Breathe in, and let your back sink", 40, LB_WEIGHT_BOLD, &w, &h));
        LT_CHECK(w == w0 && h == h0);
    }
    lb_text_stats(t, &st);
    LT_CHECK_MSG(st.measured == before, "measured %lu times more", st.measured - before);
    /* 600 strings at two sizes, twice over, against a fresh cache each */
    char s[48];
    int wrong = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < 600; i++) {
            snprintf(s, sizeof s, "%d stretch%s", i * 7919 % 1000, i % 3 ? "es" : "");
            int px = i % 2 ? 24 : 31;
            LT_CHECK(lb_text_measure(t, s, px, LB_WEIGHT_REGULAR, &w, &h));
            if (i % 37 == 0) {
                LbText *fresh = lb_text_create(&d, err, sizeof err);
                int fw = -1, fh = -1;
                LT_CHECK(fresh && lb_text_measure(fresh, s, px, LB_WEIGHT_REGULAR, &fw, &fh));
                wrong += fw != w || fh != h;
                lb_text_destroy(fresh);
            }
        }
    LT_CHECK_MSG(wrong == 0, "%d strings got another string's size", wrong);
    lb_text_stats(t, &st);
    LT_CHECK(st.measured > before + 600); /* more strings than the table holds: many measured again */
    lb_text_destroy(t);
}

/* A text not asked for within max_idle lookups goes at the next miss, even
 * with room to spare; one asked for all along stays. */
static void text_cache_drops_texts_no_longer_drawn(void)
{
    char err[256];
    LbTextDesc d = {.font_path = {"assets/fonts/DejaVuSans.ttf", "assets/fonts/DejaVuSans-Bold.ttf"}, .max_idle = 10};
    LbText *t = lb_text_create(&d, err, sizeof err);
    Target tg;
    if (!t || !target_open(&tg, 64, 64)) {
        LT_CHECK_MSG(0, "setup: %s", err);
        lb_text_destroy(t);
        return;
    }
    SDL_Color white = {255, 255, 255, 255};
    lb_text_get(t, tg.r, "4:59 left", 12, LB_WEIGHT_REGULAR, white, NULL, NULL);
    for (int i = 0; i < 10; i++)
        lb_text_get(t, tg.r, "Hold", 12, LB_WEIGHT_BOLD, white, NULL, NULL);
    LbTextStats st;
    lb_text_stats(t, &st);
    LT_CHECK(st.entries == 2 && st.evicted == 0); /* idle 10 lookups: not yet */
    lb_text_get(t, tg.r, "Hold", 12, LB_WEIGHT_BOLD, white, NULL, NULL);
    lb_text_get(t, tg.r, "4:58 left", 12, LB_WEIGHT_REGULAR, white, NULL, NULL);
    lb_text_stats(t, &st);
    LT_CHECK(st.entries == 2 && st.evicted == 1); /* "4:59 left" went, "Hold" stayed */
    unsigned long before = st.rasterised;
    lb_text_get(t, tg.r, "Hold", 12, LB_WEIGHT_BOLD, white, NULL, NULL);
    lb_text_stats(t, &st);
    LT_CHECK(st.rasterised == before);
    lb_text_destroy(t);
    target_close(&tg);
}

/* Minutes of a routine drawn at 15 frames a second: a new text (the time
 * left, a countdown number, a caption) every second or so. The cache holds
 * what the last frames drew, not everything drawn since the start: it
 * stays a few dozen textures while hundreds pass through it (without
 * dropping idle texts it filled up to its bound of 256). */
static void text_cache_stays_small_over_a_long_session(void)
{
    LmLibrary lib;
    LmErrors err = {0};
    bool ok = lm_lib_load(&lib, ".", &err);
    lm_err_clear(&err);
    LmTimeline *tl = ok ? lt_compile_routine(&lib, "back-spasm-relief", LM_LEVEL_ACTIVE) : NULL;
    LbOverlay *o = overlay_open();
    Target t;
    if (!tl || !o || !target_open(&t, 640, 360)) {
        LT_CHECK(!"setup");
        lb_overlay_destroy(o);
        lm_timeline_free(tl);
        lm_lib_free(&lib);
        return;
    }
    LbSessionView v = {.level = "active"};
    LbTextStats s;
    int most = 0;
    size_t most_bytes = 0;
    for (int f = 0; f < 15 * 180; f++) {
        LmOverlayState st;
        lm_timeline_state(tl, f / 15.0, &st);
        v.paused = (f / 150) % 2; /* "Paused" comes and goes */
        lb_overlay_draw(o, t.r, 640, 360, &st, &v);
        lb_text_stats(lb_overlay_text(o), &s);
        most = s.entries > most ? s.entries : most;
        most_bytes = s.bytes > most_bytes ? s.bytes : most_bytes;
    }
    LT_CHECK_MSG(s.rasterised > 250, "only %lu texts drawn", s.rasterised);
    LT_CHECK_MSG(most <= 64, "%d textures held at once", most);
    LT_CHECK_MSG(most_bytes <= ((size_t)1 << 20), "%zu bytes of textures held at once", most_bytes);
    lb_overlay_destroy(o);
    target_close(&t);
    lm_timeline_free(tl);
    lm_lib_free(&lib);
}

static void text_missing_font_names_the_file(void)
{
    char err[512] = "";
    const char *msg = err; /* the message lands in err */
    LbOverlayDesc d = {.data_dir = "no/such/dir"};
    LbOverlay *o = lb_overlay_create(&d, err, sizeof err);
    LT_CHECK(o == NULL);
    LT_STR_CONTAINS(msg, "no/such/dir/assets/fonts/DejaVuSans.ttf");
    lb_overlay_destroy(o);

    /* A file that is there but is not a font. */
    char bad[512];
    const char *tmp = getenv("TMPDIR");
    snprintf(bad, sizeof bad, "%s/limber_not_a_font_%d.ttf", tmp && *tmp ? tmp : "/tmp", (int)SDL_GetTicks());
    FILE *f = fopen(bad, "wb");
    LT_CHECK(f != NULL);
    if (f) {
        fputs("this is not a TrueType font, only text pretending", f);
        fclose(f);
    }
    LbOverlayDesc d2 = {.data_dir = ".", .font_bold = bad};
    err[0] = '\0';
    o = lb_overlay_create(&d2, err, sizeof err);
    LT_CHECK(o == NULL);
    LT_STR_CONTAINS(msg, bad);
    lb_overlay_destroy(o);
    remove(bad);

    /* An empty file, too. */
    f = fopen(bad, "wb");
    if (f)
        fclose(f);
    LbOverlayDesc d3 = {.data_dir = ".", .font_regular = bad};
    o = lb_overlay_create(&d3, err, sizeof err);
    LT_CHECK(o == NULL);
    LT_STR_CONTAINS(msg, bad);
    lb_overlay_destroy(o);
    remove(bad);
}

/* ---- drawing ----------------------------------------------------------------- */

/* Every pixel the overlay changed lies inside one of the element rects
 * (grown by a pixel for the feathered rims). */
static void check_drawn_only_in_elements(const Target *t, const LbLayout *L, const char *what)
{
    int w = t->surf->w, h = t->surf->h, stray = 0, changed = 0;
    Uint32 bg = SDL_MapRGB(t->surf->format, BG.r, BG.g, BG.b) & 0x00FFFFFFu;
    SDL_RenderFlush(t->r);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            if (pixel(t->surf, x, y) == bg)
                continue;
            changed++;
            bool ok = false;
            for (int i = 0; i < LB_EL_COUNT && !ok; i++) {
                SDL_Rect e = L->el[i];
                ok = x >= e.x - 1 && y >= e.y - 1 && x <= e.x + e.w && y <= e.y + e.h;
            }
            stray += !ok;
        }
    LT_CHECK_MSG(changed > 0, "%s: nothing drawn", what);
    LT_CHECK_MSG(stray == 0, "%s at %dx%d: %d pixels drawn outside every element", what, w, h, stray);
}

static void draw_stays_inside_its_elements(void)
{
    LbOverlay *o = overlay_open();
    if (!o) {
        LT_CHECK(!"setup");
        return;
    }
    for (int i = 0; i < N_SIZES; i++) {
        int w = SIZES[i][0], h = SIZES[i][1];
        Target t;
        if (!target_open(&t, w, h)) {
            LT_CHECK(!"target");
            continue;
        }
        LbLayout L;
        lb_overlay_get_layout(o, w, h, &L);
        LmOverlayState st = state_all();
        /* a caption far too long for two lines must still stay in its box */
        st.caption = "Keep both shoulders on the mat, breathe out slowly through your mouth, let your knees fall "
                     "to the side as far as is comfortable, and hold the stretch without bouncing";
        LbSessionView v = {.paused = true,
                           .toast = "Level: active",
                           .toast_alpha = 1.0f,
                           .muted = true,
                           .mirror = true,
                           .level = "active"};
        target_clear(&t);
        LT_CHECK(lb_overlay_draw(o, t.r, w, h, &st, &v));
        check_drawn_only_in_elements(&t, &L, "all elements");
        save_frame(&t, "all");
        /* one word too long for the caption's box, and a title as long as
         * an exercise file may give: cut or wrapped, never outside */
        LmOverlayState lw = state_all();
        lw.caption = "Supercalifragilisticexpialidociousantidisestablishmentarianismfloccinaucinihilipilification "
                     "knee";
        lw.title = "Supine figure four stretch, with a towel or belt";
        LbSessionView lv = {.level = "active"};
        target_clear(&t);
        LT_CHECK(lb_overlay_draw(o, t.r, w, h, &lw, &lv));
        check_drawn_only_in_elements(&t, &L, "a long word and a long title");

        LmOverlayState hold = state_hold();
        LbSessionView plain = {.level = "beginner"};
        target_clear(&t);
        LT_CHECK(lb_overlay_draw(o, t.r, w, h, &hold, &plain));
        check_drawn_only_in_elements(&t, &L, "hold");
        LT_CHECK(!lb_overlay_covers_stage(&hold, &plain));
        save_frame(&t, "hold");

        LmOverlayState reps = state_reps();
        target_clear(&t);
        lb_overlay_draw(o, t.r, w, h, &reps, &plain);
        check_drawn_only_in_elements(&t, &L, "reps");
        save_frame(&t, "reps");

        LmOverlayState saf = state_safety();
        target_clear(&t);
        lb_overlay_draw(o, t.r, w, h, &saf, &plain);
        LT_CHECK(lb_overlay_covers_stage(&saf, &plain));
        save_frame(&t, "safety");

        LbSessionView help = {.help = true, .help_lines = HELP_LINES, .n_help_lines = 5};
        target_clear(&t);
        lb_overlay_draw(o, t.r, w, h, &hold, &help);
        save_frame(&t, "help");
        /* The renderer's textures die with it: the cache must drop them. */
        lb_text_forget(lb_overlay_text(o), t.r);
        target_close(&t);
    }
    lb_overlay_destroy(o);
}

static void draw_blank_is_black(void)
{
    LbOverlay *o = overlay_open();
    Target t;
    if (!o || !target_open(&t, 320, 180)) {
        LT_CHECK(!"setup");
        lb_overlay_destroy(o);
        return;
    }
    LmOverlayState st = state_all();
    LbSessionView v = {.blank = true, .paused = true, .toast = "x", .toast_alpha = 1};
    target_clear(&t);
    LT_CHECK(lb_overlay_draw(o, t.r, 320, 180, &st, &v));
    LT_CHECK(lb_overlay_covers_stage(&st, &v));
    SDL_RenderFlush(t.r);
    int lit = 0;
    for (int y = 0; y < 180; y++)
        for (int x = 0; x < 320; x++)
            lit += pixel(t.surf, x, y) != 0;
    LT_CHECK_MSG(lit == 0, "%d pixels are not black", lit);
    lb_overlay_destroy(o); /* before its renderer */
    target_close(&t);
}

/* The last three seconds stand out: the countdown changes colour. */
static void countdown_last_three_seconds_change_colour_and_pulse(void)
{
    LbOverlay *o = overlay_open();
    Target t;
    if (!o || !target_open(&t, 640, 360)) {
        LT_CHECK(!"setup");
        lb_overlay_destroy(o);
        return;
    }
    LbLayout L;
    lb_overlay_get_layout(o, 640, 360, &L);
    SDL_Rect c = L.el[LB_EL_COUNTDOWN];
    int yellow[3] = {0, 0, 0};
    double rem[3] = {8.5, 2.5, 2.97}; /* 2.97: the instant "3" appeared */
    for (int k = 0; k < 3; k++) {
        LmOverlayState st = state_hold();
        st.remaining_s = rem[k];
        target_clear(&t);
        lb_overlay_draw(o, t.r, 640, 360, &st, NULL);
        SDL_RenderFlush(t.r);
        for (int y = c.y; y < c.y + c.h; y++)
            for (int x = c.x; x < c.x + c.w; x++) {
                Uint8 r, g, b;
                SDL_GetRGB(pixel(t.surf, x, y), t.surf->format, &r, &g, &b);
                yellow[k] += r > 200 && g > 190 && b < 120;
            }
    }
    LT_CHECK_MSG(yellow[0] == 0, "%d yellow pixels with 8 s left", yellow[0]);
    LT_CHECK_MSG(yellow[1] > 100, "only %d yellow pixels with 2.5 s left", yellow[1]);
    /* Each new second pulses: the ring and the number swell, then settle. */
    LT_CHECK_MSG(yellow[2] > yellow[1] * 11 / 10, "no pulse: %d yellow pixels as 3 appears, %d later", yellow[2],
                 yellow[1]);
    lb_overlay_destroy(o); /* before its renderer */
    target_close(&t);
}

/* Rows of text inside rect r: runs of pixel rows holding near-white pixels.
 * Writes the tallest run's height. */
static int text_rows(const Target *t, SDL_Rect r, int *tallest)
{
    int runs = 0, run = 0, best = 0;
    SDL_RenderFlush(t->r);
    for (int y = r.y; y < r.y + r.h; y++) {
        bool lit = false;
        for (int x = r.x; x < r.x + r.w && !lit; x++) {
            Uint8 cr, cg, cb;
            SDL_GetRGB(pixel(t->surf, x, y), t->surf->format, &cr, &cg, &cb);
            lit = cr > 225 && cg > 225 && cb > 225;
        }
        if (lit) {
            runs += run == 0;
            run++;
            best = run > best ? run : best;
        } else {
            run = 0;
        }
    }
    *tallest = best;
    return runs;
}

/* The caption is the spoken words: one line when short, at most two, and
 * smaller letters only when two lines at full size are not enough. */
static void caption_wraps_to_two_lines_and_shrinks(void)
{
    LbOverlay *o = overlay_open();
    Target t;
    if (!o || !target_open(&t, 1280, 720)) {
        LT_CHECK(!"setup");
        lb_overlay_destroy(o);
        return;
    }
    LbLayout L;
    lb_overlay_get_layout(o, 1280, 720, &L);
    const char *captions[4] = {
        "Hold here",
        "Draw your left knee toward your chest and slide the right leg out long",
        "Draw your left knee toward your chest, slide the right leg out long and let both shoulders rest on the mat",
        "Draw your left knee toward your chest, slide the right leg out long, let both shoulders rest on the mat, "
        "keep breathing slowly and evenly through the nose, and never bounce in and out of the stretch at all",
    };
    int rows[4], tall[4];
    for (int i = 0; i < 4; i++) {
        LmOverlayState st = state_hold();
        st.caption = captions[i];
        target_clear(&t);
        lb_overlay_draw(o, t.r, 1280, 720, &st, NULL);
        rows[i] = text_rows(&t, L.el[LB_EL_CAPTION], &tall[i]);
    }
    LT_CHECK_MSG(rows[0] == 1, "short caption: %d rows", rows[0]);
    LT_CHECK_MSG(rows[1] == 2, "two-line caption: %d rows", rows[1]);
    LT_CHECK_MSG(rows[2] == 2 && tall[2] < tall[1], "a long caption shrinks into two lines (%d rows, %d vs %d px)",
                 rows[2], tall[2], tall[1]);
    LT_CHECK_MSG(rows[3] == 2, "an overlong caption still takes two lines: %d", rows[3]);
    lb_overlay_destroy(o);
    target_close(&t);
}

/* A broken state (NaN, infinities, negative counts, missing strings) draws
 * without crashing and without leaving the elements. */
static void draw_survives_a_broken_state(void)
{
    LbOverlay *o = overlay_open();
    Target t;
    if (!o || !target_open(&t, 640, 360)) {
        LT_CHECK(!"setup");
        lb_overlay_destroy(o);
        return;
    }
    LbLayout L;
    lb_overlay_get_layout(o, 640, 360, &L);
    LmOverlayState st = state_all();
    st.remaining_s = NAN;
    st.seg_progress = INFINITY;
    st.breath_phase = -INFINITY;
    st.routine_total_s = 1e300;
    st.routine_elapsed_s = NAN;
    st.rep = -5;
    st.reps = 2000000000;
    st.item = 99;
    st.n_items = -3;
    st.side = 7;
    st.title = NULL;
    st.caption = "";
    LbSessionView v = {.toast = "", .toast_alpha = NAN, .help = true, .help_lines = NULL, .n_help_lines = 40};
    target_clear(&t);
    lb_overlay_draw(o, t.r, 640, 360, &st, &v);
    st.remaining_s = 1e18;
    st.kind = LM_SEG_SAFETY;
    st.card_title = "Card";
    st.card_lines = NULL;
    st.n_card_lines = 1000;
    lb_overlay_draw(o, t.r, 640, 360, &st, NULL);
    st.kind = LM_SEG_HOLD;
    target_clear(&t);
    LT_CHECK(lb_overlay_draw(o, t.r, 640, 360, &st, NULL));
    check_drawn_only_in_elements(&t, &L, "broken state");
    LT_CHECK(lb_overlay_draw(o, t.r, 640, 360, NULL, NULL)); /* no state at all */
    LT_CHECK(!lb_overlay_draw(NULL, t.r, 640, 360, &st, NULL));
    lb_overlay_destroy(o);
    target_close(&t);
}

/* ---- golden images -------------------------------------------------------------- */

static void compare_golden(const char *name, int w, int h, const LmOverlayState *st, const LbSessionView *v)
{
    LbOverlay *o = overlay_open();
    Target t;
    if (!o || !target_open(&t, w, h)) {
        LT_CHECK(!"setup");
        lb_overlay_destroy(o);
        return;
    }
    target_clear(&t);
    lb_overlay_draw(o, t.r, w, h, st, v);
    SDL_RenderFlush(t.r);
    char path[256];
    snprintf(path, sizeof path, "tests/golden/%s_%dx%d.png", name, w, h);
    const char *upd = getenv("LIMBER_UPDATE_GOLDEN");
    if (upd && *upd == '1') {
        LT_CHECK_MSG(IMG_SavePNG(t.surf, path) == 0, "cannot write %s", path);
        fprintf(stderr, "  wrote %s\n", path);
    }
    SDL_Surface *raw = IMG_Load(path);
    SDL_Surface *g = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
    SDL_FreeSurface(raw);
    LT_CHECK_MSG(g != NULL, "missing %s (LIMBER_UPDATE_GOLDEN=1 makes it)", path);
    if (g) {
        LT_CHECK(g->w == w && g->h == h);
        if (g->w == w && g->h == h) {
            /* Font rasterisers differ a little between versions: allow small
             * differences, but not a moved or missing element. */
            long big = 0;
            double sum = 0;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    Uint32 a = pixel(t.surf, x, y), b = pixel(g, x, y);
                    int d = 0;
                    for (int s = 0; s < 24; s += 8) {
                        int dd = abs((int)((a >> s) & 255) - (int)((b >> s) & 255));
                        d = dd > d ? dd : d;
                    }
                    sum += d;
                    big += d > 64;
                }
            double mean = sum / ((double)w * h);
            LT_CHECK_MSG(big <= (long)w * h / 200 && mean < 2.0, "%s differs: %ld pixels by more than 64, mean %.2f",
                         path, big, mean);
        }
        SDL_FreeSurface(g);
    }
    lb_overlay_destroy(o); /* before its renderer */
    target_close(&t);
}

static void golden_layout_matches_reference(void)
{
    LmOverlayState st = state_all();
    LbSessionView v = {.paused = true, .toast = "Mirror on", .toast_alpha = 1.0f, .level = "beginner"};
    compare_golden("overlay", 640, 360, &st, &v);
    compare_golden("overlay", 360, 640, &st, &v);
    LmOverlayState saf = state_safety();
    compare_golden("safety", 640, 360, &saf, NULL);
}

/* The golden comparison must notice a real change (so it can fail). */
static void golden_comparison_notices_a_moved_element(void)
{
    LbOverlay *o = overlay_open();
    Target t;
    SDL_Surface *g = IMG_Load("tests/golden/overlay_640x360.png");
    if (!o || !g || !target_open(&t, 640, 360)) {
        LT_CHECK(!"setup");
        lb_overlay_destroy(o);
        SDL_FreeSurface(g);
        return;
    }
    SDL_Surface *gc = SDL_ConvertSurfaceFormat(g, SDL_PIXELFORMAT_ARGB8888, 0);
    LmOverlayState st = state_all();
    st.caption = "A different caption";
    LbSessionView v = {.paused = true, .toast = "Mirror on", .toast_alpha = 1.0f, .level = "beginner"};
    target_clear(&t);
    lb_overlay_draw(o, t.r, 640, 360, &st, &v);
    SDL_RenderFlush(t.r);
    long big = 0;
    for (int y = 0; y < 360; y++)
        for (int x = 0; x < 640; x++) {
            Uint32 a = pixel(t.surf, x, y), b = pixel(gc, x, y);
            int d = abs((int)((a >> 8) & 255) - (int)((b >> 8) & 255));
            big += d > 64;
        }
    LT_CHECK_MSG(big > 640 * 360 / 200, "a changed caption moved only %ld pixels", big);
    SDL_FreeSurface(gc);
    SDL_FreeSurface(g);
    lb_overlay_destroy(o); /* before its renderer */
    target_close(&t);
}

/* Over a nine-minute routine the progress fill grows a few hundredths of a
 * pixel a frame. It moves in quarter pixels, so two seconds of frames
 * change the picture on a few of them (each change inside the progress
 * bar), not on every one: a window drawn on the CPU redraws only what
 * changed. */
static void progress_fill_moves_in_quarter_pixels(void)
{
    enum { W = 1280, H = 720, FRAMES = 120 };
    LbOverlay *o = overlay_open();
    LbDraw *list = lb_draw_create();
    Target a = {0}, b = {0};
    if (!o || !list || !target_open(&a, W, H) || !target_open(&b, W, H)) {
        LT_CHECK(!"setup");
        goto done;
    }
    LbLayout L;
    lb_overlay_get_layout(o, W, H, &L);
    SDL_Rect bar = L.el[LB_EL_PROGRESS];
    LbSessionView v = {.level = "beginner"};
    LmOverlayState st = state_hold();
    lb_overlay_set_list(o, list); /* drawn as a CPU-drawn window draws it */
    Target *prev = &a, *cur = &b;
    lb_draw_begin(list, W, H);
    target_clear(prev);
    LT_CHECK(lb_overlay_draw(o, prev->r, W, H, &st, &v) && lb_draw_to_surface(list, prev->r, prev->surf, NULL, 0));
    SDL_RenderFlush(prev->r);
    int changes = 0, stray = 0;
    for (int i = 1; i < FRAMES; i++) {
        st.routine_elapsed_s = 95 + i / 60.0;
        lb_draw_begin(list, W, H);
        target_clear(cur);
        LT_CHECK(lb_overlay_draw(o, cur->r, W, H, &st, &v) && lb_draw_to_surface(list, cur->r, cur->surf, NULL, 0));
        SDL_RenderFlush(cur->r);
        int differ = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                if (pixel(cur->surf, x, y) != pixel(prev->surf, x, y)) {
                    differ++;
                    stray += x < bar.x || y < bar.y || x >= bar.x + bar.w || y >= bar.y + bar.h;
                }
        changes += differ > 0;
        Target *t = prev;
        prev = cur;
        cur = t;
    }
    LT_CHECK_MSG(changes >= 3, "the fill moved on %d of %d frames", changes, FRAMES - 1);
    LT_CHECK_MSG(changes <= FRAMES / 4, "the picture changed on %d of %d frames", changes, FRAMES - 1);
    LT_CHECK_MSG(stray == 0, "%d changed pixels outside the progress bar", stray);
done:
    lb_overlay_destroy(o);
    lb_draw_destroy(list);
    target_close(&a);
    target_close(&b);
}

/* The progress bar's words are kept while what they say stays the same.
 * Through changes of each thing they say (step, level, mirrored, sound
 * off, the time left) an overlay drawing frame after frame shows what a
 * new overlay shows. */
/* The status words say the speed when it is not 1x, and the time left is
 * the time the rest takes at that speed (holds at 1x, given the clock). */
static void status_words_say_the_speed_and_the_real_time_left(void)
{
    LmOverlayState st = state_hold();
    st.routine_total_s = 540, st.routine_elapsed_s = 90; /* 7:30 of session left */
    char left[48], right[160];
    const char *words = right; /* (a pointer: the checks test it for NULL) */
    LbSessionView v = {.level = "beginner"};
    lb_overlay_status_words(&st, &v, left, sizeof left, right, sizeof right);
    LT_CHECK(strcmp(left, "2 / 6") == 0);
    LT_STR_CONTAINS(words, "beginner");
    LT_STR_CONTAINS(words, "7:30 left");
    LT_CHECK(strchr(right, 'x') == NULL);
    v.speed = 1.0;
    lb_overlay_status_words(&st, &v, left, sizeof left, right, sizeof right);
    LT_CHECK(strstr(right, "1x") == NULL && strstr(right, "7:30 left") != NULL);
    v.speed = 1.5, v.mirror = true;
    lb_overlay_status_words(&st, &v, left, sizeof left, right, sizeof right);
    LT_STR_CONTAINS(words, "1.5x");
    LT_STR_CONTAINS(words, "mirrored");
    LT_STR_CONTAINS(words, "5:00 left");
    v.speed = 0.5;
    lb_overlay_status_words(&st, &v, left, sizeof left, right, sizeof right);
    LT_STR_CONTAINS(words, "0.5x");
    LT_STR_CONTAINS(words, "15:00 left");
    /* With the clock given, a held stretch keeps its real seconds: of the
     * 7:30 left, a 5:00 hold lasts 5:00 at 1.5x and the 2:30 of moves 1:40. */
    LmSegment segs[3] = {{.kind = LM_SEG_MOVE, .t0_s = 0, .t1_s = 90},
                         {.kind = LM_SEG_HOLD, .t0_s = 90, .t1_s = 390},
                         {.kind = LM_SEG_MOVE, .t0_s = 390, .t1_s = 540}};
    LmTimeline tl = {.segs = segs, .n_segs = 3, .duration_s = 540};
    LmPlayback pb;
    lm_pb_init(&pb, &tl, 0);
    lm_pb_set_speed(&pb, 1.5, 0);
    v.speed = 1.5, v.pb = &pb;
    lb_overlay_status_words(&st, &v, left, sizeof left, right, sizeof right);
    LT_STR_CONTAINS(words, "6:40 left");
}

/* The help card pauses the session and covers the screen's middle: the
 * PAUSED badge is not drawn beside it (it peeked out from under the card),
 * and is drawn again once the card has gone. */
/* Pixels that differ between two targets' surfaces, once drawn. */
static long targets_differ(const Target *a, const Target *b, int w, int h)
{
    SDL_RenderFlush(a->r);
    SDL_RenderFlush(b->r);
    long n = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            n += pixel(a->surf, x, y) != pixel(b->surf, x, y);
    return n;
}

static void the_help_card_hides_the_paused_badge(void)
{
    enum { W = 1280, H = 720 };
    LbOverlay *o = overlay_open();
    Target a = {0}, b = {0};
    if (!o || !target_open(&a, W, H) || !target_open(&b, W, H)) {
        LT_CHECK(!"setup");
        goto done;
    }
    static const char *const help[] = {"Space\tPause or resume", "Esc\tQuit"};
    LmOverlayState st = state_hold();
    LbSessionView v = {.help = true, .help_lines = help, .n_help_lines = 2};
    LbSessionView vp = v;
    vp.paused = true;
    target_clear(&a);
    target_clear(&b);
    LT_CHECK(lb_overlay_draw(o, a.r, W, H, &st, &v) && lb_overlay_draw(o, b.r, W, H, &st, &vp));
    long differ = targets_differ(&a, &b, W, H);
    LT_CHECK_MSG(differ == 0, "paused under the help card: %ld pixels differ", differ);
    /* without the card, paused shows */
    v.help = vp.help = false;
    target_clear(&a);
    target_clear(&b);
    LT_CHECK(lb_overlay_draw(o, a.r, W, H, &st, &v) && lb_overlay_draw(o, b.r, W, H, &st, &vp));
    differ = targets_differ(&a, &b, W, H);
    LT_CHECK_MSG(differ > 200, "paused without the card: only %ld pixels differ", differ);
done:
    lb_overlay_destroy(o);
    target_close(&a);
    target_close(&b);
}

static void progress_words_follow_what_they_say(void)
{
    enum { W = 960, H = 540, STEPS = 10 };
    LbOverlay *a = overlay_open();
    Target ta = {0}, tb = {0};
    if (!a || !target_open(&ta, W, H) || !target_open(&tb, W, H)) {
        LT_CHECK(!"setup");
        goto done;
    }
    static const struct {
        double elapsed;
        int item;
        const char *level;
        bool mirror, muted;
        double speed;
    } steps[STEPS] = {
        {95.0, 1, "beginner", false, false, 0}, {95.4, 1, "beginner", false, false, 0},
        {96.2, 1, "beginner", false, false, 0}, {96.2, 1, "beginner", true, false, 0},
        {96.2, 1, "beginner", true, true, 0},   {96.2, 1, "active", true, true, 0},
        {96.2, 1, NULL, false, false, 0},       {96.2, 1, NULL, false, false, 1.25},
        {96.2, 2, NULL, false, false, 1.25},    {300.0, 2, "active", false, true, 1.25},
    };
    int differ = 0, changed = 0;
    Uint32 *before = malloc(sizeof *before * W * H);
    for (int i = 0; i < STEPS && before; i++) {
        LmOverlayState st = state_hold();
        st.routine_elapsed_s = steps[i].elapsed;
        st.item = steps[i].item;
        LbSessionView v = {
            .level = steps[i].level, .mirror = steps[i].mirror, .muted = steps[i].muted, .speed = steps[i].speed};
        LbOverlay *b = overlay_open();
        if (!b) {
            LT_CHECK(!"overlay");
            break;
        }
        target_clear(&ta);
        target_clear(&tb);
        LT_CHECK(lb_overlay_draw(a, ta.r, W, H, &st, &v) && lb_overlay_draw(b, tb.r, W, H, &st, &v));
        SDL_RenderFlush(ta.r);
        SDL_RenderFlush(tb.r);
        int d = 0, c = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                Uint32 p = pixel(ta.surf, x, y);
                d += p != pixel(tb.surf, x, y);
                c += i > 0 && p != before[y * W + x];
                before[y * W + x] = p;
            }
        differ += d > 0;
        changed += c > 0;
        lb_overlay_destroy(b);
    }
    free(before);
    LT_CHECK_MSG(differ == 0, "%d of %d steps differ from a new overlay's", differ, STEPS);
    LT_CHECK_MSG(changed >= STEPS - 2, "only %d of %d changes showed", changed, STEPS - 1);
done:
    lb_overlay_destroy(a);
    target_close(&ta);
    target_close(&tb);
}

/* Recording into a list (as a CPU-drawn window does), the elements that
 * stay the same are recorded once and appended to later frames. Through
 * changes of every kind, a text cache that forgets every texture, and one
 * that runs full mid-frame (a new countdown text every frame pushes out
 * the least recently used textures, which are the ones the kept parts
 * name), each frame is the picture drawn with every element drawn afresh,
 * and parts were in fact reused. A kept part naming a destroyed texture
 * would fail the copy or differ. */
/* "Next" names one exercise at a time: in every segment of the shipped
 * routines, a caption that says what is next up and the box's heading
 * never name two different exercises as next. */
static void next_names_one_exercise_at_a_time(void)
{
    LmLibrary lib = {0};
    LT_CHECK(lt_load_shipped_library(&lib));
    int rests = 0, boxes = 0;
    for (int ri = 0; ri < lib.n_routines; ri++) {
        LmTimeline *tl = lt_compile_routine(&lib, lib.routines[ri].id, LM_LEVEL_BEGINNER);
        LT_CHECK(tl != NULL);
        for (int s = 0; tl && s < tl->n_segs; s++) {
            LmOverlayState st;
            lm_timeline_state(tl, 0.5 * (tl->segs[s].t0_s + tl->segs[s].t1_s), &st);
            if (!st.next_title || !*st.next_title)
                continue;
            boxes++;
            const char *label = lb_overlay_next_label(&st);
            bool says_next = st.caption && SDL_strcasestr(st.caption, "next") != NULL;
            if (says_next && strcmp(label, "NEXT UP") == 0)
                LT_CHECK_MSG(strstr(st.caption, st.next_title) != NULL, "%s at %.1f s: caption \"%s\", box NEXT UP %s",
                             lib.routines[ri].id, tl->segs[s].t0_s, st.caption, st.next_title);
            if (st.kind == LM_SEG_REST) {
                rests++;
                LT_CHECK_MSG(strcmp(label, "AFTER THAT") == 0, "%s at %.1f s: a lead-in's box says %s",
                             lib.routines[ri].id, tl->segs[s].t0_s, label);
            } else {
                LT_CHECK_MSG(strcmp(label, "NEXT UP") == 0, "%s at %.1f s: box says %s", lib.routines[ri].id,
                             tl->segs[s].t0_s, label);
            }
        }
        lm_timeline_free(tl);
    }
    LT_CHECK_MSG(rests >= 5 && boxes > rests, "%d lead-ins and %d boxes seen", rests, boxes);
    lm_lib_free(&lib);
}

static void recorded_parts_give_the_same_picture(void)
{
    enum { W = 640, H = 360, FRAMES = 420 };
    LbOverlay *a = overlay_open(), *b = overlay_open();
    LbDraw *la = lb_draw_create(), *lb = lb_draw_create();
    Target ta = {0}, tb = {0};
    if (!a || !b || !la || !lb || !target_open(&ta, W, H) || !target_open(&tb, W, H)) {
        LT_CHECK(!"setup");
        goto done;
    }
    lb_overlay_use_parts(b, false);
    lb_overlay_set_list(a, la);
    lb_overlay_set_list(b, lb);
    static const char *const help[] = {"Space\tPause or resume", "F\tFullscreen", "Esc\tQuit"};
    int bad = 0, failed = 0;
    for (int i = 0; i < FRAMES; i++) {
        LmOverlayState st = i < 60 ? state_hold() : state_reps();
        if (i < 10 && safety_title) {
            st.kind = LM_SEG_SAFETY;
            st.card_title = safety_title;
            st.card_lines = (const char *const *)safety_lines;
            st.n_card_lines = n_safety_lines;
        }
        st.remaining_s = 400.0 - i; /* a new number every frame */
        st.countdown = true;
        st.seg_progress = i / (double)FRAMES;
        st.routine_elapsed_s = 95 + i * 0.25;
        if (i >= 30 && i < 45)
            st.caption = "Now slowly lower your foot back to the mat";
        if (i >= 45 && i < 50)
            st.side = 2;
        st.rep = 1 + i / 40;
        st.next_title = i < 140 ? "Thread the needle" : "Seated rotation";
        if (i >= 120 && i < 130)
            st.kind = LM_SEG_REST; /* the next box's heading changes, its exercise does not */
        LbSessionView v = {.level = "beginner"};
        v.mirror = i >= 70 && i < 90;
        v.paused = i % 40 >= 30;
        v.help = i >= 100 && i < 110;
        v.help_lines = help;
        v.n_help_lines = 3;
        if (i >= 50 && i < 60) {
            v.toast = "Speed 1.25x";
            v.toast_alpha = (float)(i - 50) / 10.0f;
        }
        if (i == 80)
            lb_text_forget(lb_overlay_text(a), NULL);
        lb_draw_begin(la, W, H);
        lb_draw_begin(lb, W, H);
        target_clear(&ta);
        target_clear(&tb);
        bool ok = lb_overlay_draw(a, ta.r, W, H, &st, &v) && lb_overlay_draw(b, tb.r, W, H, &st, &v) &&
                  lb_draw_to_surface(la, ta.r, ta.surf, NULL, 0) && lb_draw_to_surface(lb, tb.r, tb.surf, NULL, 0);
        failed += !ok;
        SDL_RenderFlush(ta.r);
        SDL_RenderFlush(tb.r);
        long differ = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                differ += pixel(ta.surf, x, y) != pixel(tb.surf, x, y);
        if (differ && ++bad <= 3)
            LT_CHECK_MSG(differ == 0, "frame %d: %ld pixels differ from the overlay drawn afresh", i, differ);
    }
    LT_CHECK_MSG(failed == 0, "%d frames failed to draw", failed);
    LT_CHECK_MSG(bad == 0, "%d of %d frames differ", bad, FRAMES);
    LbTextStats ts;
    lb_text_stats(lb_overlay_text(a), &ts);
    LT_CHECK_MSG(ts.evicted > 100, "the text cache never ran full (%lu evicted)", ts.evicted);
    LT_CHECK_MSG(lb_overlay_parts_reused(a) > FRAMES, "parts were reused %lu times in %d frames",
                 lb_overlay_parts_reused(a), FRAMES);
    LT_CHECK(lb_overlay_parts_reused(b) == 0);
done:
    lb_overlay_destroy(a); /* before their renderers */
    lb_overlay_destroy(b);
    lb_draw_destroy(la);
    lb_draw_destroy(lb);
    target_close(&ta);
    target_close(&tb);
}

int main(void)
{
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    IMG_Init(IMG_INIT_PNG);
    if (!safety_load())
        fprintf(stderr, "  cannot read anims/safety.json\n");
    LT_RUN(safety_card_is_short_and_complete);
    LT_RUN(next_names_one_exercise_at_a_time);
    LT_RUN(status_words_say_the_speed_and_the_real_time_left);
    LT_RUN(the_help_card_hides_the_paused_badge);
    LT_RUN(layout_keeps_elements_inside_safe_area_and_apart);
    LT_RUN(layout_scales_with_the_output);
    LT_RUN(layout_is_pure);
    LT_RUN(side_words_say_where_the_side_is_on_screen);
    LT_RUN(screen_side_comes_from_projected_points);
    LT_RUN(side_words_near_and_far);
    LT_RUN(screen_side_of_frame_matches_the_drawing);
    LT_RUN(text_cache_rasterises_only_what_changed);
    LT_RUN(text_cache_is_bounded_and_evicts_the_oldest);
    LT_RUN(text_sizes_are_measured_once_and_stay_right);
    LT_RUN(text_cache_drops_texts_no_longer_drawn);
    LT_RUN(text_cache_stays_small_over_a_long_session);
    LT_RUN(text_missing_font_names_the_file);
    LT_RUN(draw_stays_inside_its_elements);
    LT_RUN(draw_blank_is_black);
    LT_RUN(countdown_last_three_seconds_change_colour_and_pulse);
    LT_RUN(caption_wraps_to_two_lines_and_shrinks);
    LT_RUN(draw_survives_a_broken_state);
    LT_RUN(recorded_parts_give_the_same_picture);
    LT_RUN(progress_fill_moves_in_quarter_pixels);
    LT_RUN(progress_words_follow_what_they_say);
    LT_RUN(golden_layout_matches_reference);
    LT_RUN(golden_comparison_notices_a_moved_element);
    safety_free();
    IMG_Quit();
    SDL_Quit();
    return lt_summary();
}
