/* The home screen at every size the overlay promises (1280x720,
 * 1920x1080, 3840x2160, 1024x768, 1080x1920), rendered headless with the
 * shipped library's cards, shrunk to a thumbnail and compared with a
 * reference in tests/golden/ as test_shell_scene_sizes does; and its
 * layout checked at each: inside the title-safe area, no two cards
 * overlapping, every card reachable by scrolling, words large enough to
 * read across a room. LIMBER_UPDATE_GOLDEN=1 rewrites the references
 * (look at them first: --render DIR --home --size WxH draws the same). */
#include <SDL.h>
#include <SDL_image.h>
#include <stdlib.h>

#include "backdrop.h"
#include "canvas.h"
#include "home.h"
#include "lm_library.h"
#include "lt.h"
#include "lt_lib.h"

static LmLibrary lib;
static LbText *text;
static const int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {1024, 768}, {1080, 1920}};
#define N_SIZES ((int)(sizeof sizes / sizeof sizes[0]))

/* Average over f x f blocks: a thumbnail that keeps the composition. */
static SDL_Surface *shrink(const SDL_Surface *s, int f)
{
    int w = s->w / f, h = s->h / f;
    SDL_Surface *t = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!t)
        return NULL;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned sum[3] = {0, 0, 0};
            for (int dy = 0; dy < f; dy++) {
                const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + (y * f + dy) * s->pitch);
                for (int dx = 0; dx < f; dx++)
                    for (int c = 0; c < 3; c++)
                        sum[c] += (row[x * f + dx] >> (c * 8)) & 255;
            }
            Uint32 px = 0xff000000u;
            for (int c = 0; c < 3; c++)
                px |= ((sum[c] + (unsigned)(f * f) / 2) / (unsigned)(f * f)) << (c * 8);
            ((Uint32 *)((Uint8 *)t->pixels + y * t->pitch))[x] = px;
        }
    return t;
}

/* The home screen at w x h, t_s seconds into its previews, card sel
 * selected, scrolled by scroll_px; NULL when it cannot be drawn. */
static SDL_Surface *render_home(int w, int h, double t_s, int sel, float scroll_px, bool thumb)
{
    LbCanvas cv;
    if (!lb_canvas_init(&cv, w, h))
        return NULL;
    LbHome *home = lb_home_create(text, &lib.skel);
    LbHomeCards cards = {0};
    bool ok = home && lb_home_cards_build(&cards, &lib, LM_LEVEL_BEGINNER, 0);
    while (ok && !lb_home_cards_compile(&cards, 1.0))
        ;
    LbHomeView v = {.cards = &cards, .selected = sel, .scroll_px = scroll_px, .t_s = t_s, .level = "beginner"};
    const LbDraw *dl = ok ? lb_home_record(home, cv.ren, w, h, &v) : NULL;
    ok = dl && lb_draw_to_surface(dl, cv.ren, cv.surf, NULL, 0);
    lb_canvas_flush(&cv);
    int longer = w > h ? w : h;
    SDL_Surface *out = !ok ? NULL : thumb ? shrink(cv.surf, (longer + 255) / 256) : SDL_DuplicateSurface(cv.surf);
    lb_home_cards_free(&cards);
    lb_home_destroy(home);
    lb_text_forget(text, cv.ren);
    lb_canvas_free(&cv);
    return out;
}

/* Mean absolute difference per channel, and how many pixels are far off. */
static void compare(const SDL_Surface *a, const SDL_Surface *b, double *mean, int *far_off)
{
    long sum = 0;
    *far_off = 0;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            Uint32 p = ((const Uint32 *)((const Uint8 *)a->pixels + y * a->pitch))[x];
            Uint32 q = ((const Uint32 *)((const Uint8 *)b->pixels + y * b->pitch))[x];
            int d = 0;
            for (int c = 0; c < 24; c += 8)
                d += abs((int)((p >> c) & 255) - (int)((q >> c) & 255));
            sum += d;
            *far_off += d > 96;
        }
    *mean = (double)sum / (a->w * a->h * 3.0);
}

static void home_frames_at_every_size_should_match_their_references(void)
{
    bool update = getenv("LIMBER_UPDATE_GOLDEN") != NULL;
    for (int s = 0; s < N_SIZES; s++) {
        char path[256];
        snprintf(path, sizeof path, "tests/golden/home-%dx%d.png", sizes[s][0], sizes[s][1]);
        SDL_Surface *got = render_home(sizes[s][0], sizes[s][1], 1.5, 0, 0, true);
        LT_CHECK_MSG(got != NULL, "%s: could not render", path);
        if (!got)
            continue;
        if (update) {
            LT_CHECK_MSG(IMG_SavePNG(got, path) == 0, "cannot write %s", path);
        } else {
            SDL_Surface *ref0 = IMG_Load(path);
            SDL_Surface *ref = ref0 ? SDL_ConvertSurfaceFormat(ref0, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
            LT_CHECK_MSG(ref != NULL, "%s is missing (LIMBER_UPDATE_GOLDEN=1 makes it)", path);
            if (ref && ref->w == got->w && ref->h == got->h) {
                double mean;
                int far;
                compare(got, ref, &mean, &far);
                LT_CHECK_MSG(mean < 1.5 && far <= got->w * got->h / 200, "%s: mean difference %.2f, %d pixels far off",
                             path, mean, far);
            } else if (ref) {
                LT_CHECK_MSG(false, "%s: %dx%d, reference %dx%d", path, got->w, got->h, ref->w, ref->h);
            }
            SDL_FreeSurface(ref);
            SDL_FreeSurface(ref0);
        }
        SDL_FreeSurface(got);
    }
}

/* The comparison is not blind, and the previews move: another moment, or
 * another card selected, looks different. */
static void the_previews_move_and_the_selection_shows(void)
{
    SDL_Surface *a = render_home(1280, 720, 1.5, 0, 0, true), *b = render_home(1280, 720, 2.2, 0, 0, true);
    SDL_Surface *c = render_home(1280, 720, 1.5, 1, 0, true);
    LT_CHECK(a && b && c);
    if (a && b && c) {
        double mean;
        int far;
        int moved = 0;
        for (int y = 0; y < a->h; y++)
            for (int x = 0; x < a->w; x++) {
                Uint32 p = ((const Uint32 *)((const Uint8 *)a->pixels + y * a->pitch))[x];
                Uint32 q = ((const Uint32 *)((const Uint8 *)b->pixels + y * b->pitch))[x];
                moved += p != q;
            }
        LT_CHECK_MSG(moved > 30, "the previews did not move between 1.5 s and 2.2 s (%d pixels changed)", moved);
        compare(a, c, &mean, &far);
        LT_CHECK_MSG(far > 20, "another card selected looks the same (%d pixels differ)", far);
    }
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    SDL_FreeSurface(c);
}

/* What the layout promises at each size. */
static void the_layout_keeps_inside_the_safe_area_and_every_card_reachable(void)
{
    int n = lib.n_routines + 1 + lib.n_exercises;
    for (int s = 0; s < N_SIZES; s++) {
        int w = sizes[s][0], h = sizes[s][1];
        LbHomeLayout L;
        lb_home_layout(w, h, &L);
        SDL_Rect parts[] = {L.header, L.grid, L.footer};
        for (int k = 0; k < 3; k++) {
            SDL_Rect in;
            LT_CHECK_MSG(SDL_IntersectRect(&parts[k], &L.safe, &in) && SDL_RectEquals(&in, &parts[k]),
                         "%dx%d: part %d leaves the title-safe area", w, h, k);
        }
        LT_CHECK_MSG(L.safe.x >= w / 20 - 1 && L.safe.y >= h / 20 - 1, "%dx%d: margins", w, h);
        /* a card is large enough for words read from across a room: its
         * title at 4 % of the unit is at least 28 px on a 720p screen */
        LT_CHECK_MSG(L.card_w >= L.unit / 2 && L.card_h >= L.unit * 3 / 10, "%dx%d: cards of %dx%d", w, h, L.card_w,
                     L.card_h);
        LT_CHECK_MSG(L.cols >= 1 && L.cols <= 4, "%dx%d: %d columns", w, h, L.cols);
        for (int i = 0; i < n; i++) {
            float sc = lb_home_scroll_to(&L, n, i, 0);
            SDL_Rect r = lb_home_card_rect(&L, i, sc), in;
            LT_CHECK_MSG(SDL_IntersectRect(&r, &L.grid, &in) && SDL_RectEquals(&in, &r),
                         "%dx%d: card %d scrolled into view is not whole (%d,%d %dx%d)", w, h, i, r.x, r.y, r.w, r.h);
            LT_CHECK(lb_home_hit(&L, n, sc, r.x + r.w / 2, r.y + r.h / 2) == i);
            if (i > 0) {
                SDL_Rect q = lb_home_card_rect(&L, i - 1, sc);
                LT_CHECK_MSG(!SDL_HasIntersection(&q, &r), "%dx%d: cards %d and %d overlap", w, h, i - 1, i);
            }
        }
        LT_CHECK(lb_home_scroll_to(&L, n, n - 1, 0) <= lb_home_scroll_max(&L, n));
        /* moving: right wraps to the next row, down keeps the column, never past the ends */
        LT_CHECK(lb_home_move(&L, n, L.cols - 1, 1, 0) == L.cols);
        LT_CHECK(lb_home_move(&L, n, 0, 0, 1) == (n > L.cols ? L.cols : 0));
        LT_CHECK(lb_home_move(&L, n, 0, -1, 0) == 0 && lb_home_move(&L, n, n - 1, 1, 0) == n - 1);
        LT_CHECK(lb_home_move(&L, n, 0, 0, -1) == 0);
    }
}

/* What the cards say: lengths at the level, plain words, short sources. */
static void the_cards_say_length_feel_and_source(void)
{
    LbHomeCards cards = {0};
    LT_CHECK(lb_home_cards_build(&cards, &lib, LM_LEVEL_BEGINNER, 0));
    while (!lb_home_cards_compile(&cards, 1.0))
        ;
    int routines = 0, exercises = 0, news = 0;
    const char *first_id = NULL;
    for (int i = 0; i < cards.n; i++) {
        const LbHomeCard *c = &cards.cards[i];
        routines += c->kind == LB_CARD_ROUTINE;
        exercises += c->kind == LB_CARD_EXERCISE;
        news += c->kind == LB_CARD_NEW;
        if (c->kind == LB_CARD_ROUTINE || c->kind == LB_CARD_EXERCISE) {
            LT_CHECK_MSG(c->seconds > 0 && c->tl, "%s has no length", c->id);
            LT_CHECK_MSG(strstr(c->what, "min") || strstr(c->what, " s"), "%s: \"%s\"", c->id, c->what);
            LT_CHECK_MSG(strncmp(c->source, "From ", 5) == 0, "%s: \"%s\"", c->id, c->source);
            LT_CHECK_MSG(!strchr(c->source, ','), "%s: the source is not shortened: \"%s\"", c->id, c->source);
        }
        if (c->kind == LB_CARD_EXERCISE && !first_id) {
            first_id = c->id;
            LT_CHECK_MSG(strncmp(c->feel, "Felt in: ", 9) == 0 && !strchr(c->feel, '_'), "%s: \"%s\"", c->id, c->feel);
        }
    }
    LT_CHECK(routines == lib.n_routines && exercises == lib.n_exercises && news == 1);
    /* routines first, then the new routine, then the exercises */
    LT_CHECK(cards.cards[0].kind == LB_CARD_ROUTINE && cards.cards[lib.n_routines].kind == LB_CARD_NEW);
    /* the first routine holds longer at the active level */
    double beginner = cards.cards[0].seconds;
    lb_home_cards_set_level(&cards, LM_LEVEL_ACTIVE);
    LT_CHECK(cards.cards[0].seconds < 0); /* not compiled at that level yet */
    while (!lb_home_cards_compile(&cards, 1.0))
        ;
    LT_CHECK_MSG(cards.cards[0].seconds > beginner, "%s: active %.1f s, beginner %.1f s", cards.cards[0].id,
                 cards.cards[0].seconds, beginner);
    char s[64];
    lb_source_short("Both articles: Tom's Guide, x (1) and y", s, sizeof s);
    LT_CHECK(strcmp(s, "both articles") == 0);
    lb_source_short("Tom's Guide, Jennifer Rizzuto's six stretches (2)", s, sizeof s);
    LT_CHECK(strcmp(s, "Tom's Guide") == 0);
    lb_length_words(557.4, s, sizeof s);
    LT_CHECK(strcmp(s, "9:17 min") == 0);
    lb_length_words(46, s, sizeof s);
    LT_CHECK(strcmp(s, "46 s") == 0);
    lb_home_cards_free(&cards);
}

int main(void)
{
    lb_canvas_init_headless();
    if (!lt_load_shipped_library(&lib))
        return 1;
    LbTextDesc td = {0};
    td.font_path[LB_WEIGHT_REGULAR] = "assets/fonts/DejaVuSans.ttf";
    td.font_path[LB_WEIGHT_BOLD] = "assets/fonts/DejaVuSans-Bold.ttf";
    char err[256];
    text = lb_text_create(&td, err, sizeof err);
    if (!text) {
        fprintf(stderr, "FAIL %s\n", err);
        return 1;
    }
    LT_RUN(the_cards_say_length_feel_and_source);
    LT_RUN(the_layout_keeps_inside_the_safe_area_and_every_card_reachable);
    LT_RUN(home_frames_at_every_size_should_match_their_references);
    LT_RUN(the_previews_move_and_the_selection_shows);
    lb_text_destroy(text);
    lm_lib_free(&lib);
    SDL_Quit();
    return lt_summary();
}
