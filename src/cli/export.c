/* export: frames drawn by the scene into a canvas in memory, exactly as
 * --render draws them, and the offline sound mix, sample-aligned with the
 * frames, streamed to the encoder; nothing else touches the disk. */
#include "export.h"

#include <SDL.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audio.h"
#include "canvas.h"
#include "encode.h"
#include "scene.h"

#define GIF_SAMPLES 8 /* frames a GIF's palette is learnt from */

/* The encoder on a thread of its own, so frame i + 1 is drawn while frame i
 * is converted and encoded: one spare frame (and its sound) passed back
 * and forth under two semaphores, as --render hands frames to its PNG
 * writer. */
typedef struct {
    LbEncoder *enc;
    SDL_Surface *spare;
    float *pcm;
    int n_pcm;
    SDL_sem *empty, *full;
    bool quit;
    SDL_atomic_t failed;
    char err[4600];
} Feeder;

static int feeder_main(void *p)
{
    Feeder *fd = p;
    for (;;) {
        SDL_SemWait(fd->full);
        if (fd->quit)
            return 0;
        if (!SDL_AtomicGet(&fd->failed) &&
            (!lb_enc_video(fd->enc, fd->spare->pixels, fd->spare->pitch, fd->err, sizeof fd->err) ||
             !lb_enc_audio(fd->enc, fd->pcm, fd->n_pcm, fd->err, sizeof fd->err)))
            SDL_AtomicSet(&fd->failed, 1);
        SDL_SemPost(fd->empty);
    }
}

static uint64_t now_ns(void)
{
    return (uint64_t)((double)SDL_GetPerformanceCounter() * 1e9 / (double)SDL_GetPerformanceFrequency());
}

/* "[#####     ] frame 120 of 900  13%  0:42 left" on one line, redrawn. */
static void progress_bar(long done, long n, double elapsed_s)
{
    enum { WIDTH = 24 };
    char bar[WIDTH + 1];
    int full = (int)((double)WIDTH * (double)done / (double)n);
    for (int i = 0; i < WIDTH; i++)
        bar[i] = i < full ? '#' : ' ';
    bar[WIDTH] = '\0';
    double left = done > 0 ? elapsed_s * (double)(n - done) / (double)done : 0;
    int l = (int)lround(left);
    fprintf(stderr, "\rlimber: exporting [%s] frame %ld of %ld  %3.0f%%  %d:%02d left ", bar, done, n,
            100.0 * (double)done / (double)n, l / 60, l % 60);
    if (done == n)
        fputc('\n', stderr);
    fflush(stderr);
}

/* The folder of path and a fresh temporary file in it, named after path
 * (hidden, so a file manager does not offer it). */
static int temp_beside(const char *path, char *tmp, size_t n)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    int dir_len = slash ? (int)(slash - path + 1) : 0;
    if (snprintf(tmp, n, "%.*s.%s.part-XXXXXX", dir_len, path, base) >= (int)n) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(tmp);
    if (fd < 0)
        return -1;
    /* the mode a new file gets (mkstemp's is private) */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        errno = e;
        return -1;
    }
    close(fd);
    return 0;
}

/* A GIF's palette, from frames spread over the clip; 0, or 1 with err. */
static int learn_palette(LbScene *sc, LbCanvas *cv, LbEncoder *enc, const LbSessionView *view, double from, long n,
                         int fps, char *err, size_t err_size)
{
    int w = cv->surf->w, h = cv->surf->h;
    for (int k = 0; k < GIF_SAMPLES; k++) {
        double t = from + (double)((n - 1) * k / (GIF_SAMPLES - 1)) / fps;
        if (!lb_scene_draw(sc, cv->ren, t, w, h, view)) {
            snprintf(err, err_size, "drawing a frame failed: %s", SDL_GetError());
            return 1;
        }
        lb_canvas_flush(cv);
        lb_enc_learn(enc, cv->surf->pixels, cv->surf->pitch);
    }
    return 0;
}

/* Frame i (drawn in surf) and its sound, handed to the encoding thread:
 * samples [round(i / fps * rate), round((i + 1) / fps * rate)). */
static void hand_over(Feeder *fd, const SDL_Surface *surf, LbAudioMix *mix, long i, int fps)
{
    for (int y = 0; y < surf->h; y++)
        memcpy((Uint8 *)fd->spare->pixels + (size_t)y * (size_t)fd->spare->pitch,
               (const Uint8 *)surf->pixels + (size_t)y * (size_t)surf->pitch, (size_t)surf->w * 4);
    fd->n_pcm = 0;
    if (mix) {
        int64_t a = (int64_t)llround((double)i * LB_AUDIO_RATE / fps);
        int64_t b = (int64_t)llround((double)(i + 1) * LB_AUDIO_RATE / fps);
        fd->n_pcm = (int)(b - a);
        lb_audio_mix_read(mix, fd->pcm, fd->n_pcm);
    }
    SDL_SemPost(fd->full);
}

int lb_export_write(const LbExportJob *j, const LmLibrary *lib, const LmTimeline *tl, char *err, size_t err_size)
{
    LbEncFormat f = lb_enc_format_of(j->path);
    if (f != LB_ENC_NONE && !lb_enc_load(err, err_size))
        return 1;
    int w = j->width > 0 ? j->width : 1280, h = j->height > 0 ? j->height : 720;
    int fps = j->fps > 0 ? j->fps : 30;
    const char *why = f == LB_ENC_NONE ? "the file name must end in .mp4, .webm or .gif" : lb_enc_refuses(f, w, h, fps);
    if (why) {
        snprintf(err, err_size, "--export %s: %s", j->path, why);
        return 2;
    }
    double from = j->from_s > 0 ? j->from_s : 0.0;
    if (from >= tl->duration_s) {
        snprintf(err, err_size, "--from %.2f is past the end (%.2f s)", from, tl->duration_s);
        return 2;
    }
    double secs = j->seconds > 0 ? j->seconds : tl->duration_s - from;
    if (from + secs > tl->duration_s + 1e-6)
        secs = tl->duration_s - from; /* frames past the end would all show the end screen */
    long n = (long)floor(secs * fps + 1e-6);
    if (n < 1)
        n = 1;
    struct stat st;
    if (stat(j->path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "cannot write %s: it is %s, not a file", j->path,
                 S_ISDIR(st.st_mode) ? "a folder" : "a device or a pipe");
        return 1;
    }
    char tmp[4200];
    if (temp_beside(j->path, tmp, sizeof tmp) != 0) {
        snprintf(err, err_size, "cannot write %s: %s", j->path, strerror(errno));
        return 1;
    }
    lb_canvas_init_headless();
    LbCanvas cv;
    if (!lb_canvas_init(&cv, w, h)) {
        snprintf(err, err_size, "cannot make a %dx%d canvas: %s", w, h, SDL_GetError());
        unlink(tmp);
        return 1;
    }
    int status = 0;
    char why_buf[512] = "";
    LbScene *sc = lb_scene_create(tl, lib ? lib->data_dir : NULL, why_buf, sizeof why_buf);
    LbEncoder *enc = NULL;
    LbAudioMix *mix = NULL;
    float *pcm = NULL;
    if (!sc) {
        snprintf(err, err_size, "%s", why_buf);
        status = 1;
    } else {
        lb_scene_set_surface(sc, cv.surf);
        enc = lb_enc_open(f, tmp, j->path, w, h, fps, LB_AUDIO_RATE, err, err_size);
        status = enc ? 0 : 1;
    }
    if (status == 0 && f != LB_ENC_GIF) {
        mix = lb_audio_mix_open(tl, lib, from, err, err_size);
        pcm = malloc(sizeof *pcm * (size_t)(LB_AUDIO_RATE / fps + 2));
        if (!mix || !pcm) {
            if (mix)
                snprintf(err, err_size, "out of memory");
            status = 1;
        }
    }
    /* the status line as the window shows it: the level, then the rest */
    LbSessionView view = {.mirror = j->mirror, .level = lm_level_name(tl->level)};
    if (status == 0 && f == LB_ENC_GIF)
        status = learn_palette(sc, &cv, enc, &view, from, n, fps, err, err_size);
    Feeder fd = {.enc = enc, .pcm = pcm};
    fd.spare = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    fd.empty = SDL_CreateSemaphore(1);
    fd.full = SDL_CreateSemaphore(0);
    SDL_Thread *th = NULL;
    if (status == 0) {
        th = fd.spare && fd.empty && fd.full ? SDL_CreateThread(feeder_main, "encoder", &fd) : NULL;
        if (!th) {
            snprintf(err, err_size, "cannot start encoding: %s", SDL_GetError());
            status = 1;
        }
    }
    uint64_t t_start = now_ns(), t_shown = 0;
    long done = 0;
    bool stopped = false;
    for (long i = 0; i < n && status == 0; i++) {
        /* Ctrl+C (or SIGTERM), which SDL turns into a quit event */
        if (SDL_QuitRequested()) {
            stopped = true;
            break;
        }
        /* time from the frame index, never accumulated */
        double t = from + (double)i / fps;
        if (!lb_scene_draw(sc, cv.ren, t, w, h, &view)) {
            snprintf(err, err_size, "drawing frame %ld failed: %s", i, SDL_GetError());
            status = 1;
            break;
        }
        lb_canvas_flush(&cv);
        SDL_SemWait(fd.empty); /* the previous frame is encoded */
        if (SDL_AtomicGet(&fd.failed)) {
            SDL_SemPost(fd.empty);
            break;
        }
        hand_over(&fd, cv.surf, mix, i, fps);
        done = i + 1;
        uint64_t now = now_ns();
        if (j->progress && (done == n || now - t_shown > 250000000u)) {
            progress_bar(done, n, (double)(now - t_start) / 1e9);
            t_shown = now;
        }
    }
    if (th) {
        SDL_SemWait(fd.empty); /* the last frame is encoded */
        fd.quit = true;
        SDL_SemPost(fd.full);
        SDL_WaitThread(th, NULL);
    }
    if (SDL_AtomicGet(&fd.failed)) {
        snprintf(err, err_size, "%s", fd.err);
        status = 1;
    }
    SDL_DestroySemaphore(fd.empty);
    SDL_DestroySemaphore(fd.full);
    SDL_FreeSurface(fd.spare);
    if (j->progress && done > 0 && done < n)
        fputc('\n', stderr);
    if (stopped && status == 0) {
        snprintf(err, err_size, "--export interrupted after %ld of %ld frames; %s not written", done, n, j->path);
        status = LB_EXIT_INTERRUPTED;
    }
    if (status == 0 && !lb_enc_finish(enc, err, err_size))
        status = 1;
    lb_enc_free(enc);
    lb_audio_mix_close(mix);
    free(pcm);
    lb_scene_destroy(sc);
    lb_canvas_free(&cv);
    if (status == 0 && rename(tmp, j->path) != 0) {
        snprintf(err, err_size, "cannot write %s: %s", j->path, strerror(errno));
        status = 1;
    }
    if (status != 0)
        unlink(tmp);
    return status;
}

int lb_export_run(const LbOptions *o, const LmLibrary *lib, const LmTimeline *tl)
{
    LbExportJob j = {.path = o->export_path,
                     .width = o->width,
                     .height = o->height,
                     .fps = o->fps,
                     .from_s = o->from_s,
                     .seconds = o->seconds,
                     .mirror = o->mirror,
                     .progress = isatty(STDERR_FILENO)};
    char err[4600] = "";
    int rc = lb_export_write(&j, lib, tl, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "limber: %s\n", err);
    return rc;
}
