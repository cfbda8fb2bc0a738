/* Overlay and text cache: layout geometry at the sizes we ship for, the
 * side words, the texture cache's behaviour, font errors, what the drawing
 * touches, and reference images.
 *
 * Set LIMBER_FRAMES_DIR to also write every test frame as a PNG there;
 * LIMBER_UPDATE_GOLDEN=1 rewrites tests/golden/ from the current drawing. */
#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"
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

static const char *SAFETY_LINES[] = {
    "Move slowly, and stop if a stretch gives you sharp pain",
    "Numbness, clumsy legs or bladder changes: see a doctor now",
    "Pain that lasts or keeps coming back: see a professional",
};

static LmOverlayState state_safety(void)
{
    LmOverlayState st = state_hold();
    st.kind = LM_SEG_SAFETY;
    st.card_title = "Before you start";
    st.card_lines = SAFETY_LINES;
    st.n_card_lines = 3;
    return st;
}

static const char *HELP_LINES[] = {"Space\tPlay / pause", "Left / Right\tPrevious / next step",
                                   "M\tMirror", "F\tFullscreen", "Esc\tQuit"};

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
                 "%dx%d: countdown %dx%d is smaller than h/8", w, h, L.el[LB_EL_COUNTDOWN].w,
                 L.el[LB_EL_COUNTDOWN].h);
    LT_CHECK_MSG(inside(L.next_figure, L.el[LB_EL_NEXT]) && L.next_figure.w > 0 && L.next_figure.h > 0,
                 "%dx%d: the next-up figure is not inside the next-up box", w, h);
    /* The stage is what remains, and it is the largest thing on screen. */
    long stage = (long)L.el[LB_EL_STAGE].w * L.el[LB_EL_STAGE].h;
    for (int i = 0; i < LB_EL_COUNT; i++)
        if (i != LB_EL_STAGE)
            LT_CHECK_MSG((long)L.el[i].w * L.el[i].h < stage, "%dx%d: %s is larger than the stage", w, h,
                         lb_element_name((LbElement)i));
    LT_CHECK_MSG(stage * 10 >= (long)L.safe.w * L.safe.h * 3, "%dx%d: the stage is under 30%% of the safe area",
                 w, h);
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
    lb_side_words(1, LB_SCREEN_AUTO, false, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(big, "LEFT side"));
    LT_CHECK(!strcmp(small, "on your screen: right"));
    lb_side_words(2, LB_SCREEN_AUTO, false, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(big, "RIGHT side"));
    LT_CHECK(!strcmp(small, "on your screen: left"));
    /* The mirror flips the picture: the figure's left is then on the left. */
    lb_side_words(1, LB_SCREEN_AUTO, true, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(big, "LEFT side"));
    LT_CHECK(!strcmp(small, "on your screen: left"));
    lb_side_words(2, LB_SCREEN_AUTO, true, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(small, "on your screen: right"));
    /* A measured position (mirror already in it) wins over the assumption. */
    lb_side_words(1, LB_SCREEN_LEFT, false, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(small, "on your screen: left"));
    lb_side_words(2, LB_SCREEN_LEFT, true, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(small, "on your screen: right"));
    /* Seen from the side nothing is claimed; no side, no words. */
    lb_side_words(1, LB_SCREEN_UNCLEAR, false, big, sizeof big, small, sizeof small);
    LT_CHECK(!strcmp(big, "LEFT side") && small[0] == '\0');
    lb_side_words(0, LB_SCREEN_AUTO, false, big, sizeof big, small, sizeof small);
    LT_CHECK(big[0] == '\0' && small[0] == '\0');
}

static void screen_side_comes_from_projected_points(void)
{
    LT_CHECK(lb_screen_side_of_left(700, 500, 8) == LB_SCREEN_RIGHT);
    LT_CHECK(lb_screen_side_of_left(500, 700, 8) == LB_SCREEN_LEFT);
    LT_CHECK(lb_screen_side_of_left(503, 500, 8) == LB_SCREEN_UNCLEAR);
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
    LbOverlayView v = {.paused = true, .toast = "Speed 1.25x", .toast_alpha = 1.0f, .level = "beginner"};
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
    target_close(&t);
    lb_overlay_destroy(o);
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
    target_close(&tg);
    lb_text_destroy(t);
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
        LbOverlayView v = {.paused = true, .toast = "Level: active", .toast_alpha = 1.0f, .muted = true,
                           .mirror = true, .level = "active"};
        target_clear(&t);
        LT_CHECK(lb_overlay_draw(o, t.r, w, h, &st, &v));
        check_drawn_only_in_elements(&t, &L, "all elements");
        save_frame(&t, "all");

        LmOverlayState hold = state_hold();
        LbOverlayView plain = {.level = "beginner"};
        target_clear(&t);
        LT_CHECK(lb_overlay_draw(o, t.r, w, h, &hold, &plain));
        check_drawn_only_in_elements(&t, &L, "hold");
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

        LbOverlayView help = {.help = true, .help_lines = HELP_LINES, .n_help_lines = 5};
        target_clear(&t);
        lb_overlay_draw(o, t.r, w, h, &hold, &help);
        save_frame(&t, "help");
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
    LbOverlayView v = {.blank = true, .paused = true, .toast = "x", .toast_alpha = 1};
    target_clear(&t);
    LT_CHECK(lb_overlay_draw(o, t.r, 320, 180, &st, &v));
    LT_CHECK(lb_overlay_covers_stage(&st, &v));
    SDL_RenderFlush(t.r);
    int lit = 0;
    for (int y = 0; y < 180; y++)
        for (int x = 0; x < 320; x++)
            lit += pixel(t.surf, x, y) != 0;
    LT_CHECK_MSG(lit == 0, "%d pixels are not black", lit);
    target_close(&t);
    lb_overlay_destroy(o);
}

/* The last three seconds stand out: the countdown changes colour. */
static void countdown_last_three_seconds_change_colour(void)
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
    int yellow[2] = {0, 0};
    double rem[2] = {8.5, 2.5};
    for (int k = 0; k < 2; k++) {
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
    target_close(&t);
    lb_overlay_destroy(o);
}

/* ---- golden images -------------------------------------------------------------- */

static void compare_golden(const char *name, int w, int h, const LmOverlayState *st, const LbOverlayView *v)
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
            LT_CHECK_MSG(big <= (long)w * h / 200 && mean < 2.0,
                         "%s differs: %ld pixels by more than 64, mean %.2f", path, big, mean);
        }
        SDL_FreeSurface(g);
    }
    target_close(&t);
    lb_overlay_destroy(o);
}

static void golden_layout_matches_reference(void)
{
    LmOverlayState st = state_all();
    LbOverlayView v = {.paused = true, .toast = "Mirror on", .toast_alpha = 1.0f, .level = "beginner"};
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
    LbOverlayView v = {.paused = true, .toast = "Mirror on", .toast_alpha = 1.0f, .level = "beginner"};
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
    target_close(&t);
    lb_overlay_destroy(o);
}

int main(void)
{
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    IMG_Init(IMG_INIT_PNG);
    LT_RUN(layout_keeps_elements_inside_safe_area_and_apart);
    LT_RUN(layout_scales_with_the_output);
    LT_RUN(layout_is_pure);
    LT_RUN(side_words_say_where_the_side_is_on_screen);
    LT_RUN(screen_side_comes_from_projected_points);
    LT_RUN(text_cache_rasterises_only_what_changed);
    LT_RUN(text_cache_is_bounded_and_evicts_the_oldest);
    LT_RUN(text_missing_font_names_the_file);
    LT_RUN(draw_stays_inside_its_elements);
    LT_RUN(draw_blank_is_black);
    LT_RUN(countdown_last_three_seconds_change_colour);
    LT_RUN(golden_layout_matches_reference);
    LT_RUN(golden_comparison_notices_a_moved_element);
    IMG_Quit();
    SDL_Quit();
    return lt_summary();
}
