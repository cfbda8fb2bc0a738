/* bench: the figures of --bench. In this process: the scene drawn at 1080p
 * and 2160p offscreen, the pose and overlay-state sampling, the voice cue
 * timing. In child processes (this program again, and a bare SDL loop built
 * beside it as the baseline): start-up time, and the CPU, memory and frame
 * pacing of ten seconds of 1080p playback. Times measured here are medians
 * of repeated runs, so one slow outlier (a page fault, another process)
 * does not move the figure; drawing and sampling are timed in this
 * thread's CPU time, so a busy machine slows them less than it would a
 * wall clock. */
#define _GNU_SOURCE /* wait4 */
#include "bench.h"
#include "bench_int.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <SDL_mixer.h>

#include "audio.h"
#include "canvas.h"
#include "damage.h"
#include "draw.h"
#include "export.h"
#include "lm_playback.h"
#include "render.h"
#include "scene.h"
#include "stats.h"

#define PLAY_S 10  /* the playback runs: seconds */
#define STARTUPS 5 /* start-up runs, median */
#define PLAY_W 1920
#define PLAY_H 1080
#define UHD_W 3840
#define UHD_H 2160
#define UHD_RUNS 3        /* pairs at 2160p: fewer, each costs more */
#define MOVING_FRAMES 600 /* ten seconds of motion at 60 Hz */
#define LIVE_S 20         /* the live cue run: seconds of the session */
#define LIVE_CALLBACKS 4096
#define EXPORT_S 20 /* the export run: seconds of the session, 720p30 */

/* LIMBER_BENCH_QUICK in the environment: every figure measured once and
 * briefly (a playback pair of 2 s, a few seconds of live sound and of
 * export), for a test that checks what the benchmark prints, not its
 * figures, within a suite's time. The figures are then rough. */
static bool quick(void) { return getenv("LIMBER_BENCH_QUICK") != NULL; }
static int play_s(void) { return quick() ? 2 : PLAY_S; }
static int play_runs(void) { return quick() ? 1 : PLAY_RUNS; }
static int startups(void) { return quick() ? 1 : STARTUPS; }
static int uhd_runs(void) { return quick() ? 1 : UHD_RUNS; }
static double live_s(void) { return quick() ? 4 : LIVE_S; }
static double export_s(void) { return quick() ? 2 : EXPORT_S; }

/* This thread's CPU time in ns. */
static uint64_t thread_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

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
            uint64_t t0 = thread_ns();
            ok = lb_scene_draw(sc, cv.ren, t, w, h, NULL);
            lb_canvas_flush(&cv); /* the pixels are really written */
            ms[i] = (double)(thread_ns() - t0) / 1e6;
        }
        if (ok)
            r = lb_median(ms, frames);
    }
    free(ms);
    lb_scene_destroy(sc);
    lb_canvas_free(&cv);
    return r;
}

/* The window's CPU drawing path for `frames` frames at 60 Hz from t0_s,
 * as the app does it: record the scene, find the tiles that changed, redraw
 * only those. Writes the median and the mean ms a frame (this thread's CPU
 * time; the first frame, drawn whole, is left out) and the mean share of
 * the picture redrawn. False on failure. */
bool lb_bench_window_frames(const LmLibrary *lib, const LmTimeline *tl, int w, int h, double t0_s, int frames,
                            double *median_ms, double *mean_ms, double *redrawn_percent)
{
    LbCanvas cv;
    if (frames < 2 || !lb_canvas_init(&cv, w, h))
        return false;
    char err[512];
    LbScene *sc = lb_scene_create(tl, lib->data_dir, err, sizeof err);
    if (!sc)
        fprintf(stderr, "limber: %s\n", err);
    LbDamage *dmg = lb_damage_create();
    LbBackdrop *bd = lb_backdrop_create();
    double *ms = malloc(sizeof *ms * (size_t)frames);
    bool ok = sc && dmg && bd && ms;
    double px = 0, sum = 0;
    SDL_Rect rects[LB_DAMAGE_MAX_RECTS];
    for (int i = 0; i < frames && ok; i++) {
        double t = t0_s + (double)i / 60.0;
        uint64_t c0 = thread_ns();
        const LbDraw *dl = lb_scene_record(sc, cv.ren, t, w, h, NULL);
        ok = dl != NULL;
        if (!ok)
            break;
        int n = lb_damage_update(dmg, dl, rects);
        ok = lb_draw_to_surface_over(dl, bd, cv.ren, cv.surf, rects, n);
        ms[i] = (double)(thread_ns() - c0) / 1e6;
        if (i > 0) {
            for (int k = 0; k < n; k++)
                px += (double)rects[k].w * rects[k].h;
            sum += ms[i];
        }
    }
    if (ok) {
        *median_ms = lb_median(ms + 1, frames - 1);
        *mean_ms = sum / (frames - 1);
        *redrawn_percent = 100.0 * px / ((double)w * h * (frames - 1));
    }
    free(ms);
    lb_damage_destroy(dmg);
    lb_backdrop_destroy(bd);
    lb_scene_destroy(sc);
    lb_canvas_free(&cv);
    return ok;
}

/* Median us per call of lm_timeline_frame (state = false) or of
 * lm_timeline_state + lm_timeline_frame (state = true), times spread over
 * the whole timeline. */
static double bench_sample(const LmTimeline *tl, bool state)
{
    enum { BATCHES = 200, PER = 50 };
    double us[BATCHES];
    LmFrame f;
    LmOverlayState st;
    volatile double sink = 0;
    for (int b = 0; b < BATCHES; b++) {
        uint64_t t0 = thread_ns();
        for (int k = 0; k < PER; k++) {
            double t = tl->duration_s * (double)(b * PER + k) / (BATCHES * PER);
            if (state) {
                lm_timeline_state(tl, t, &st);
                sink += st.remaining_s;
            }
            lm_timeline_frame(tl, t, &f);
            sink += f.p[LM_J_HEAD].y;
        }
        us[b] = (double)(thread_ns() - t0) / 1e3 / PER;
    }
    (void)sink;
    return lb_median(us, BATCHES);
}

/* startup_ms, peak_rss_mb, cpu_percent, frame_ms_p99, late_frames and the
 * baseline's figures, from child processes on a display. */
static void bench_playback(const LmLibrary *lib, const LmTimeline *tl, FILE *out)
{
    static const char *const names[] = {"startup_ms",
                                        "peak_rss_mb",
                                        "cpu_percent",
                                        "frame_ms_p99",
                                        "late_frames",
                                        "baseline_cpu_percent",
                                        "baseline_rss_mb",
                                        "cpu_ratio",
                                        "rss_over_baseline_mb",
                                        "server_cpu_percent",
                                        "baseline_server_cpu_percent",
                                        "total_cpu_ratio"};
    enum { N_NAMES = sizeof names / sizeof names[0] };
    char why[256] = "";
    Stage stage;
    if (!bench_stage_open(&stage, PLAY_W, PLAY_H, false, why, sizeof why)) {
        for (int i = 0; i < N_NAMES; i++)
            bench_na(out, names[i], why);
        return;
    }
    char *self = stage.self, *base = stage.base;
    const char *display = stage.display;
    Xserver *x = &stage.x;
    char size[32], secs[16];
    snprintf(size, sizeof size, "%dx%d", PLAY_W, PLAY_H);
    snprintf(secs, sizeof secs, "%d", play_s());
    const char *data = lib->data_dir ? lib->data_dir : ".";

    /* Start-up: from spawning to the first frame on screen. */
    double ms[STARTUPS];
    int n_ok = 0;
    for (int i = 0; i < startups(); i++) {
        char *argv[] = {self, "--data", (char *)data, "--no-settings", "--size", size, "--quit-after", "5", NULL};
        Child c;
        if (bench_run_child(argv, display, true, &c) && c.first_frame_ms >= 0)
            ms[n_ok++] = c.first_frame_ms;
    }
    if (n_ok)
        fprintf(out, "startup_ms %.1f ms\n", lb_median(ms, n_ok));
    else
        bench_na(out, "startup_ms", "no frame was shown");

    /* Playback: ten seconds of motion at 1080p, as a class sees it, and
     * the baseline: a bare SDL loop (window, renderer, clear, present at
     * 60 Hz) at the same size, on the same renderer and pacing. The two
     * take turns, PLAY_RUNS times each, so a busy spell of the machine
     * falls on both; each figure is the median of its runs. */
    char from[32];
    snprintf(from, sizeof from, "%.3f", bench_first_motion_s(tl));
    char *argv[] = {self, "--data",       (char *)data, "--no-settings", "--size", size, "--from",
                    from, "--quit-after", secs,         "--stats",       NULL};
    char *bargv[] = {base, "--size", size, "--quit-after", secs, NULL};
    bool have_base = access(base, X_OK) == 0;
    Play mine[PLAY_RUNS], theirs[PLAY_RUNS];
    int n_mine = 0, n_theirs = 0;
    /* The ratios are taken pair by pair (limber's run over the baseline's
     * run right after it), then their median: two runs side by side see
     * the machine at the same speed, where the medians of the two sets
     * each may fall in a different spell of a machine whose speed drifts. */
    double cpu_pairs[PLAY_RUNS], total_pairs[PLAY_RUNS];
    int n_pairs = 0, n_total_pairs = 0;
    char mine_renderer[4096] = "", base_renderer[4096] = "";
    for (int i = 0; i < play_runs(); i++) {
        Child c;
        double srv;
        const Play *a = NULL, *b = NULL;
        if (bench_run_watched(argv, display, x->pid, &c, &srv) && bench_play_of(&c, &mine[n_mine])) {
            mine[n_mine].server = srv;
            a = &mine[n_mine++];
            snprintf(mine_renderer, sizeof mine_renderer, "%s", c.out);
        }
        if (have_base && bench_run_watched(bargv, display, x->pid, &c, &srv) && bench_play_of(&c, &theirs[n_theirs])) {
            theirs[n_theirs].server = srv;
            b = &theirs[n_theirs++];
            snprintf(base_renderer, sizeof base_renderer, "%s", c.out);
        }
        if (a && b && b->cpu_percent > 0) {
            cpu_pairs[n_pairs++] = a->cpu_percent / b->cpu_percent;
            if (a->server >= 0 && b->server >= 0 && b->cpu_percent + b->server > 0)
                total_pairs[n_total_pairs++] = (a->cpu_percent + a->server) / (b->cpu_percent + b->server);
        }
    }
    Play lm = bench_play_median(mine, n_mine), bm = bench_play_median(theirs, n_theirs);
    if (n_mine) {
        const Play m = lm;
        fprintf(out, "peak_rss_mb %.1f MB\n", m.rss_mb);
        fprintf(out, "cpu_percent %.2f %%\n", m.cpu_percent);
        fprintf(out, "frame_ms_p99 %.2f ms\n", m.p99_ms);
        fprintf(out, "late_frames %d frames\n", (int)m.late);
        if (m.redrawn >= 0)
            fprintf(out, "redrawn_percent %.1f %%\n", m.redrawn);
        bench_print_renderer(out, "renderer", mine_renderer);
    } else {
        for (int i = 1; i < 5; i++)
            bench_na(out, names[i], "the playback run failed");
    }
    if (!have_base) {
        bench_na(out, "baseline_cpu_percent", "limber-baseline is not beside limber");
        bench_na(out, "baseline_rss_mb", "limber-baseline is not beside limber");
    } else if (n_theirs) {
        const Play m = bm;
        fprintf(out, "baseline_cpu_percent %.2f %%\n", m.cpu_percent);
        fprintf(out, "baseline_rss_mb %.1f MB\n", m.rss_mb);
        bench_print_renderer(out, "baseline_renderer", base_renderer);
    } else {
        bench_na(out, "baseline_cpu_percent", "the baseline run failed");
        bench_na(out, "baseline_rss_mb", "the baseline run failed");
    }
    /* The two figures the targets are set in: limber over the bare loop. */
    if (n_mine && n_theirs) {
        if (n_pairs)
            fprintf(out, "cpu_ratio %.2f x\n", lb_median(cpu_pairs, n_pairs));
        else
            bench_na(out, "cpu_ratio", "no pair of runs to compare");
        fprintf(out, "rss_over_baseline_mb %.1f MB\n", lm.rss_mb - bm.rss_mb);
    } else {
        bench_na(out, "cpu_ratio", "a playback run failed");
        bench_na(out, "rss_over_baseline_mb", "a playback run failed");
    }
    /* What each costs the machine with its display server: the X server
     * this benchmark started copies every presented pixel to its screen (a
     * desktop's server or compositor does as much or more), which the
     * process's own CPU figure leaves out. */
    if (n_mine && n_theirs && lm.server >= 0 && bm.server >= 0) {
        fprintf(out, "server_cpu_percent %.2f %%\n", lm.server);
        fprintf(out, "baseline_server_cpu_percent %.2f %%\n", bm.server);
        if (n_total_pairs)
            fprintf(out, "total_cpu_ratio %.2f x\n", lb_median(total_pairs, n_total_pairs));
        else
            bench_na(out, "total_cpu_ratio", "no pair of runs to compare");
    } else {
        const char *reason = !x->pid ? "the display server is not one this benchmark started" : "a playback run failed";
        bench_na(out, "server_cpu_percent", reason);
        bench_na(out, "baseline_server_cpu_percent", reason);
        bench_na(out, "total_cpu_ratio", reason);
    }
    bench_xserver_stop(x);
}

/* cpu_ratio_2160p and late_frames_2160p: the same playback pairs as at
 * 1080p (limber's run over the bare loop's right after it, the median of
 * the pairs), on a virtual screen of 3840x2160, as a 4K TV shows a class. */
static void bench_playback_2160p(const LmLibrary *lib, const LmTimeline *tl, FILE *out)
{
    /* A desktop's screen may be smaller than 4K: a virtual screen of that
     * size in any case. */
    char why[256] = "";
    Stage stage;
    bool ready = bench_stage_open(&stage, UHD_W, UHD_H, true, why, sizeof why);
    if (ready && access(stage.base, X_OK) != 0) {
        ready = false;
        snprintf(why, sizeof why, "limber-baseline is not beside limber");
    }
    if (!ready) {
        bench_na(out, "cpu_ratio_2160p", why);
        bench_na(out, "late_frames_2160p", why);
        bench_xserver_stop(&stage.x);
        return;
    }
    char *self = stage.self, *base = stage.base;
    const char *display = stage.display;
    Xserver *x = &stage.x;
    char size[32], secs[16], from[32];
    snprintf(size, sizeof size, "%dx%d", UHD_W, UHD_H);
    snprintf(secs, sizeof secs, "%d", play_s());
    snprintf(from, sizeof from, "%.3f", bench_first_motion_s(tl));
    const char *data = lib->data_dir ? lib->data_dir : ".";
    char *argv[] = {self, "--data",       (char *)data, "--no-settings", "--size", size, "--from",
                    from, "--quit-after", secs,         "--stats",       NULL};
    char *bargv[] = {base, "--size", size, "--quit-after", secs, NULL};
    double pairs[UHD_RUNS], late[UHD_RUNS];
    int n = 0, n_late = 0;
    for (int i = 0; i < uhd_runs(); i++) {
        Child c;
        double srv;
        Play a, b;
        bool ok_a = bench_run_watched(argv, display, x->pid, &c, &srv) && bench_play_of(&c, &a);
        bool ok_b = bench_run_watched(bargv, display, x->pid, &c, &srv) && bench_play_of(&c, &b);
        if (ok_a)
            late[n_late++] = a.late;
        if (ok_a && ok_b && b.cpu_percent > 0)
            pairs[n++] = a.cpu_percent / b.cpu_percent;
    }
    if (n)
        fprintf(out, "cpu_ratio_2160p %.2f x\n", lb_median(pairs, n));
    else
        bench_na(out, "cpu_ratio_2160p", "a playback run failed");
    if (n_late)
        fprintf(out, "late_frames_2160p %d frames\n", (int)lb_median(late, n_late));
    else
        bench_na(out, "late_frames_2160p", "a playback run failed");
    bench_xserver_stop(x);
}

/* When each buffer of the live run left the mixer for the device: its
 * first frame (counted from the device's start) and the wall time. */
typedef struct {
    uint64_t ns[LIVE_CALLBACKS];
    int64_t first[LIVE_CALLBACKS];
    int n;
    int64_t frames;
    int16_t *left; /* what the device received, left channel */
    int64_t cap;
} LiveLog;

static void SDLCALL live_postmix(void *user, Uint8 *stream, int len)
{
    LiveLog *g = user;
    if (g->n < LIVE_CALLBACKS) {
        g->ns[g->n] = lb_now_ns();
        g->first[g->n++] = g->frames;
    }
    const int16_t *s = (const int16_t *)(const void *)stream; /* 16-bit stereo, as the module opens it */
    for (int i = 0; i < len / 4 && g->frames < g->cap; i++)
        g->left[g->frames++] = s[2 * i];
}

/* cue_live_ms: LIVE_S seconds of the session played as the window plays
 * them (the playback clock polled at 60 Hz, each event handed to the
 * audio module), through SDL's disk audio driver (which takes the sound
 * at the pace of a real device), what it receives taken as it leaves the
 * mixer. Each frame is placed in wall time by the buffer it left in, and
 * so on the playback clock; each sound that begins in quiet
 * is timed by its onset at -50 dBFS. The worst distance from its event, in
 * ms; -1 with why when it cannot be measured. */
static double bench_cue_live(const LmLibrary *lib, const LmTimeline *tl, int *n_measured, const char **why)
{
    *n_measured = 0;
    *why = "cannot open the disk audio driver";
    /* from a few seconds before the first countdown beep: beeps, tones and cues */
    double from = bench_first_motion_s(tl);
    for (int i = 0; i < tl->n_events; i++)
        if (tl->events[i].type == LM_EV_BEEP) {
            from = tl->events[i].t_s > 6 ? tl->events[i].t_s - 6 : 0;
            break;
        }
    double secs = tl->duration_s - from < live_s() ? tl->duration_s - from : live_s();
    bool had_audio = SDL_WasInit(SDL_INIT_AUDIO) != 0;
    if (had_audio)
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    setenv("SDL_DISKAUDIOFILE", "/dev/null", 1);
    SDL_LogPriority was = SDL_LogGetPriority(SDL_LOG_CATEGORY_AUDIO);
    SDL_LogSetPriority(SDL_LOG_CATEGORY_AUDIO, SDL_NUM_LOG_PRIORITIES); /* its warning that it is a file */
    SDL_SetHintWithPriority(SDL_HINT_AUDIODRIVER, "disk", SDL_HINT_OVERRIDE);
    static LiveLog g;
    memset(&g, 0, sizeof g);
    g.cap = (int64_t)(secs + 2) * LB_AUDIO_RATE;
    g.left = malloc((size_t)g.cap * sizeof *g.left);
    LbAudio *au = lb_audio_open(&(LbAudioDesc){.data_dir = lib ? lib->data_dir : NULL});
    double worst = -1;
    if (au && !lb_audio_is_silent(au) && g.left) {
        lb_audio_preload_from(au, tl, from);
        SDL_Delay(300); /* the clips decoded ahead, as while the window opens */
        Mix_SetPostMix(live_postmix, &g);
        LmPlayback pb;
        uint64_t start = lb_now_ns();
        lm_pb_init(&pb, tl, start);
        lm_pb_seek(&pb, from, start);
        const LmEvent *ev[64];
        for (int frame = 1;; frame++) {
            uint64_t now = lb_now_ns();
            int n;
            double pos = lm_pb_position(&pb, now);
            do { /* as the app hands them over: a lead ahead, each with its time */
                n = lm_pb_poll(&pb, now + (uint64_t)(LB_AUDIO_LEAD_S * 1e9), ev, 64);
                for (int i = 0; i < n; i++) {
                    double ahead = ev[i]->t_s > pos ? lm_pb_wall_s(&pb, pos, ev[i]->t_s) : 0.0;
                    lb_audio_on_event_at(au, ev[i], (double)now / 1e9 + ahead);
                }
            } while (n == 64);
            lb_audio_update(au, (double)now / 1e9);
            if (lm_pb_position(&pb, now) >= from + secs)
                break;
            uint64_t next = start + (uint64_t)frame * 16666667u;
            now = lb_now_ns();
            if (next > now)
                SDL_Delay((Uint32)((next - now) / 1000000u));
        }
        Mix_SetPostMix(NULL, NULL);
        lb_audio_close(au);
        au = NULL;
        const int16_t *pcm = g.left;
        int64_t n = g.frames;
        *why = "no sound reached the device";
        const int64_t ms = LB_AUDIO_RATE / 1000;
        const int level = 104; /* -50 dBFS */
        for (int e = 0; e < tl->n_events && n > 0 && g.n > 1; e++) {
            const LmEvent *x = &tl->events[e];
            bool sounds = x->type == LM_EV_BEEP || x->type == LM_EV_HOLD_END || x->type == LM_EV_SIDE ||
                          (x->type == LM_EV_CUE && ((x->clip && *x->clip) || (x->text && *x->text)));
            if (!sounds || x->t_s <= from + 0.1 || x->t_s > from + secs - 0.5)
                continue;
            /* the device frame heard at the event's wall time */
            uint64_t w = start + (uint64_t)((x->t_s - from) * 1e9);
            int b = 0;
            while (b + 1 < g.n && g.ns[b + 1] <= w)
                b++;
            int64_t at = g.first[b] + (int64_t)((double)((int64_t)w - (int64_t)g.ns[b]) * LB_AUDIO_RATE / 1e9);
            if (at - 200 * ms < 0 || at + 500 * ms > n)
                continue;
            bool quiet = true; /* only a sound that begins in quiet can be timed by its onset */
            for (int64_t i = at - 200 * ms; i < at - 60 * ms && quiet; i++)
                quiet = abs(pcm[i]) < level;
            if (!quiet)
                continue;
            int64_t onset = -1;
            for (int64_t i = at - 60 * ms; i < at + 500 * ms && onset < 0; i++)
                if (abs(pcm[i]) >= level)
                    onset = i;
            double off = onset < 0 ? 500.0 : fabs((double)(onset - at)) * 1000.0 / LB_AUDIO_RATE;
            if (off > worst)
                worst = off;
            (*n_measured)++;
        }
    }
    lb_audio_close(au);
    free(g.left);
    SDL_ResetHint(SDL_HINT_AUDIODRIVER);
    unsetenv("SDL_DISKAUDIOFILE");
    SDL_LogSetPriority(SDL_LOG_CATEGORY_AUDIO, was);
    return *n_measured > 0 ? worst : -1;
}

/* --export's speed: EXPORT_S seconds of motion to an MP4 at 1280x720 30
 * fps in a scratch folder, against the wall clock (the encoder's threads
 * count), as seconds of video a second. */
static void bench_export(const LmLibrary *lib, const LmTimeline *tl, FILE *out)
{
    const char *base = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char dir[4096], path[4200], err[4600];
    snprintf(dir, sizeof dir, "%s/limber-bench-XXXXXX", base);
    if (!mkdtemp(dir)) {
        bench_na(out, "export_speed_x", "no scratch folder");
        return;
    }
    snprintf(path, sizeof path, "%s/speed.mp4", dir);
    double from = bench_first_motion_s(tl),
           secs = tl->duration_s - from < export_s() ? tl->duration_s - from : export_s();
    LbExportJob j = {.path = path, .width = 1280, .height = 720, .fps = 30, .from_s = from, .seconds = secs};
    uint64_t t0 = bench_mono_ns();
    int rc = lb_export_write(&j, lib, tl, err, sizeof err);
    double wall = (double)(bench_mono_ns() - t0) / 1e9;
    remove(path);
    rmdir(dir);
    if (rc == 0 && wall > 0)
        fprintf(out, "export_speed_x %.2f x\n", secs / wall);
    else
        bench_na(out, "export_speed_x", "the export failed");
}

int lb_bench_run(const LmLibrary *lib, const LmTimeline *tl, int frames, FILE *out)
{
    if (frames <= 0)
        frames = 300;
    /* Nothing here is left half-written, and the loops below never read
     * SDL's events: Ctrl+C ends the benchmark at once (its X server goes
     * with it), not a quit event that nobody reads. */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    fprintf(out, "pose_eval_us %.3f us\n", bench_sample(tl, false));
    fprintf(out, "timeline_sample_us %.3f us\n", bench_sample(tl, true));
    fflush(out);
    lb_canvas_init_headless();
    double r1 = bench_render(lib, tl, 1920, 1080, frames);
    double r2 = bench_render(lib, tl, 3840, 2160, frames / 3 > 0 ? frames / 3 : 1);
    if (r1 < 0 || r2 < 0) {
        fprintf(stderr, "limber: bench: cannot render offscreen: %s\n", SDL_GetError());
        return 1;
    }
    fprintf(out, "render_1080p_ms %.3f ms\n", r1);
    fprintf(out, "render_2160p_ms %.3f ms\n", r2);
    double fm_med, fm_mean, fm_redrawn;
    if (lb_bench_window_frames(lib, tl, 1920, 1080, bench_first_motion_s(tl), MOVING_FRAMES, &fm_med, &fm_mean,
                               &fm_redrawn))
        fprintf(out, "frame_moving_ms %.3f ms\n", fm_med);
    else
        bench_na(out, "frame_moving_ms", "cannot draw offscreen");
    fflush(out);
    /* Every cue, beep and tone of the timeline, mixed in memory: how far
     * each sound's onset is from its event (the worst one). */
    char err[512];
    int n_measured = 0;
    double off = lb_audio_measure_cue_offset_ms(tl, lib, 0.0, tl->duration_s, &n_measured, NULL, NULL, err, sizeof err);
    if (off >= 0)
        fprintf(out, "cue_offset_ms %.2f ms\n", off);
    else
        bench_na(out, "cue_offset_ms", "no sound could be measured");
    fflush(out);
    /* The same, live: played through a device in real time. */
    const char *why = "";
    double live = bench_cue_live(lib, tl, &n_measured, &why);
    if (live >= 0)
        fprintf(out, "cue_live_ms %.2f ms\n", live);
    else
        bench_na(out, "cue_live_ms", why);
    fflush(out);
    bench_export(lib, tl, out);
    fflush(out);
    bench_playback(lib, tl, out);
    fflush(out);
    bench_playback_2160p(lib, tl, out);
    return 0;
}
