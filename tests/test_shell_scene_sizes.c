/* The whole picture (figure, overlay, next-up preview) at every screen size
 * the overlay promises: 1280x720, 1920x1080, 3840x2160, 1024x768 and
 * 1080x1920. Each frame is rendered at its full size, then box-filtered to
 * a thumbnail (longer side about 256 px) and compared with a stored
 * reference in tests/golden/ within a small tolerance, so a layout that
 * breaks at one size is caught without storing 4K images. The scene comes
 * from a fixture routine in tests/golden/fixture/ (a standing reach), so
 * changes to the shipped exercises do not move these references.
 * LIMBER_UPDATE_GOLDEN=1 rewrites them (look at them before committing). */
#include <SDL.h>
#include <SDL_image.h>
#include <stdlib.h>

#include "canvas.h"
#include "lm_library.h"
#include "lm_timeline.h"
#include "lt.h"
#include "lt_lib.h"
#include "scene.h"

static LmLibrary lib;
static LmTimeline *tl;

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

static SDL_Surface *render_thumb(int w, int h, double t)
{
    LbCanvas cv;
    if (!lb_canvas_init(&cv, w, h))
        return NULL;
    char err[256];
    LbScene *sc = lb_scene_create(tl, ".", err, sizeof err);
    if (sc)
        lb_scene_set_surface(sc, cv.surf);
    LbSessionView view = {0};
    bool ok = sc && lb_scene_draw(sc, cv.ren, t, w, h, &view);
    lb_canvas_flush(&cv);
    int longer = w > h ? w : h;
    SDL_Surface *thumb = ok ? shrink(cv.surf, (longer + 255) / 256) : NULL;
    lb_scene_destroy(sc);
    lb_canvas_free(&cv);
    return thumb;
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

static void frames_at_every_size_should_match_their_references(void)
{
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {1024, 768}, {1080, 1920}};
    /* A hold on the left side (countdown, side badge, next up), and the
     * rest before the second exercise (next-up preview). */
    static const struct {
        const char *name;
        double t;
    } moments[] = {{"hold", 24.0}, {"rest", 52.0}};
    bool update = getenv("LIMBER_UPDATE_GOLDEN") != NULL;
    for (size_t m = 0; m < sizeof moments / sizeof moments[0]; m++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            char path[256];
            snprintf(path, sizeof path, "tests/golden/scene-%s-%dx%d.png", moments[m].name, sizes[s][0], sizes[s][1]);
            SDL_Surface *got = render_thumb(sizes[s][0], sizes[s][1], moments[m].t);
            LT_CHECK_MSG(got != NULL, "%s: could not render", path);
            if (!got)
                continue;
            if (update) {
                LT_CHECK_MSG(IMG_SavePNG(got, path) == 0, "cannot write %s", path);
            } else {
                SDL_Surface *ref0 = IMG_Load(path);
                SDL_Surface *ref = ref0 ? SDL_ConvertSurfaceFormat(ref0, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
                LT_CHECK_MSG(ref != NULL, "%s is missing (LIMBER_UPDATE_GOLDEN=1 makes it)", path);
                if (ref) {
                    LT_CHECK_MSG(ref->w == got->w && ref->h == got->h, "%s: %dx%d, reference %dx%d", path, got->w,
                                 got->h, ref->w, ref->h);
                    if (ref->w == got->w && ref->h == got->h) {
                        double mean;
                        int far;
                        compare(got, ref, &mean, &far);
                        LT_CHECK_MSG(mean < 1.5 && far <= got->w * got->h / 200,
                                     "%s: mean difference %.2f, %d pixels far off", path, mean, far);
                    }
                }
                SDL_FreeSurface(ref);
                SDL_FreeSurface(ref0);
            }
            SDL_FreeSurface(got);
        }
}

/* The comparison is not blind: the same size at another moment (the figure
 * and the captions moved) is far from the reference. */
static void a_different_frame_should_not_match(void)
{
    SDL_Surface *a = render_thumb(1280, 720, 24.0), *b = render_thumb(1280, 720, 40.0);
    LT_CHECK(a && b);
    if (a && b) {
        double mean;
        int far;
        compare(a, b, &mean, &far);
        LT_CHECK_MSG(mean >= 1.5 || far > a->w * a->h / 200, "two different moments look alike (%.2f, %d)", mean, far);
    }
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
}

int main(void)
{
    lb_canvas_init_headless();
    if (!lt_load_shipped_library(&lib))
        return 1;
    LmErrors err = {0};
    int r = lm_lib_add_routine_file(&lib, "tests/golden/fixture/sizes.json", &err);
    for (int i = 0; i < err.count; i++)
        fprintf(stderr, "  %s\n", err.items[i]);
    lm_err_clear(&err);
    LmCompileOpts co = {.level = LM_LEVEL_BEGINNER};
    tl = r >= 0 ? lm_timeline_compile_routine(&lib, r, &co, &err) : NULL;
    lm_err_clear(&err);
    if (!tl) {
        fprintf(stderr, "FAIL the fixture routine does not compile\n");
        return 1;
    }
    LT_RUN(frames_at_every_size_should_match_their_references);
    LT_RUN(a_different_frame_should_not_match);
    lm_timeline_free(tl);
    lm_lib_free(&lib);
    SDL_Quit();
    return lt_summary();
}
