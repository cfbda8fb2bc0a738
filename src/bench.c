/* bench: times the scene at 1080p and 2160p offscreen and the pose
 * evaluation, reporting medians so one slow outlier (a page fault, another
 * process) does not move the figure. */
#include "bench.h"

#include <stdlib.h>

#include "render.h"
#include "scene.h"
#include "stats.h"

/* Median ms per frame over `frames` scene draws at w x h, or < 0 on failure. */
static double bench_render(const LmLibrary *lib, const LmTimeline *tl, int w, int h, int frames)
{
    LbCanvas cv;
    if (!lb_canvas_init(&cv, w, h))
        return -1.0;
    char err[512];
    LbScene *sc = lb_scene_create(tl, lib->data_dir, err, sizeof err);
    if (!sc)
        fprintf(stderr, "limber: %s\n", err);
    double *ms = malloc(sizeof *ms * (size_t)frames);
    double r = -1.0;
    if (sc && ms) {
        lb_scene_set_surface(sc, cv.surf);
        int ok = 1;
        for (int i = 0; i < frames && ok; i++) {
            double t = tl->duration_s * (double)i / (double)frames;
            uint64_t t0 = lb_now_ns();
            ok = lb_scene_draw(sc, cv.ren, t, w, h, NULL);
            lb_canvas_flush(&cv); /* the pixels are really written */
            ms[i] = (double)(lb_now_ns() - t0) / 1e6;
        }
        if (ok)
            r = lb_median(ms, frames);
    }
    free(ms);
    lb_scene_destroy(sc);
    lb_canvas_free(&cv);
    return r;
}

static double bench_pose(const LmTimeline *tl)
{
    enum { BATCHES = 200, PER = 50 };
    double us[BATCHES];
    LmFrame f;
    volatile double sink = 0;
    for (int b = 0; b < BATCHES; b++) {
        uint64_t t0 = lb_now_ns();
        for (int k = 0; k < PER; k++) {
            double t = tl->duration_s * (double)(b * PER + k) / (BATCHES * PER);
            lm_timeline_frame(tl, t, &f);
            sink += f.p[LM_J_HEAD].y;
        }
        us[b] = (double)(lb_now_ns() - t0) / 1e3 / PER;
    }
    (void)sink;
    return lb_median(us, BATCHES);
}

int lb_bench_run(const LmLibrary *lib, const LmTimeline *tl, int frames, FILE *out)
{
    if (frames <= 0)
        frames = 300;
    lb_render_init_headless();
    double r1 = bench_render(lib, tl, 1920, 1080, frames);
    double r2 = bench_render(lib, tl, 3840, 2160, frames);
    if (r1 < 0 || r2 < 0) {
        fprintf(stderr, "limber: bench: cannot render offscreen: %s\n", SDL_GetError());
        return 1;
    }
    fprintf(out, "render_1080p_ms %.3f ms\n", r1);
    fprintf(out, "render_2160p_ms %.3f ms\n", r2);
    fprintf(out, "pose_eval_us %.3f us\n", bench_pose(tl));
    return 0;
}
