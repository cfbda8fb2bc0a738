/* render: headless frames and contact sheets. Everything is drawn by the
 * software renderer into a surface in memory, so it needs no display and
 * no GPU, and the pixels (hence the PNG bytes) are the same on every run
 * and every machine with the same SDL. */
#include "render.h"

#include "lm_stage.h"

#include "audio.h"

#include <SDL_image.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "scene.h"
#include "text.h"

#define MAX_SIDE 8192

/* PNG encoding costs more than drawing, so a writer thread encodes frame
 * i while frame i + 1 is drawn: one spare surface passed back and forth
 * under two semaphores. The bytes are the same as writing in line. */
typedef struct {
    SDL_Surface *spare; /* the frame being written */
    char path[4096];
    SDL_sem *empty, *full; /* spare is free to fill / filled and waiting */
    bool quit;
    SDL_atomic_t failed;
    char err[4200];
} Writer;

/* The PNG encoder's output, into a file: SDL_image does not look at
 * whether its writes landed, so this remembers the first that did not
 * (a full disk) and its reason. */
typedef struct {
    FILE *f;
    int err; /* errno of the first failed write, 0 none */
} PngFile;

static size_t SDLCALL png_write(SDL_RWops *rw, const void *p, size_t size, size_t num)
{
    PngFile *o = rw->hidden.unknown.data1;
    size_t k = fwrite(p, size, num, o->f);
    if (k != num && !o->err)
        o->err = errno ? errno : EIO;
    return k;
}

static Sint64 SDLCALL png_size(SDL_RWops *rw)
{
    (void)rw;
    return -1;
}

static Sint64 SDLCALL png_seek(SDL_RWops *rw, Sint64 off, int whence)
{
    PngFile *o = rw->hidden.unknown.data1;
    if (fseek(o->f, (long)off, whence == RW_SEEK_SET ? SEEK_SET : whence == RW_SEEK_CUR ? SEEK_CUR : SEEK_END) != 0)
        return -1;
    return ftell(o->f);
}

static size_t SDLCALL png_read(SDL_RWops *rw, void *p, size_t size, size_t num)
{
    (void)rw, (void)p, (void)size, (void)num;
    return 0;
}

static int SDLCALL png_close(SDL_RWops *rw)
{
    (void)rw;
    return 0;
}

/* Write surf to path as a PNG; false with why in err: the system's
 * reason when the file cannot be made (a missing folder, no permission)
 * or not written whole (a full disk; the broken file is removed), the
 * encoder's otherwise. */
bool lb_render_save_png(SDL_Surface *surf, const char *path, char *err, size_t err_size)
{
    PngFile out = {fopen(path, "wb"), 0};
    if (!out.f) {
        snprintf(err, err_size, "cannot write %s: %s", path, strerror(errno));
        return false;
    }
    SDL_RWops *rw = SDL_AllocRW();
    if (!rw) {
        fclose(out.f);
        snprintf(err, err_size, "cannot write %s: out of memory", path);
        return false;
    }
    rw->type = SDL_RWOPS_UNKNOWN;
    rw->hidden.unknown.data1 = &out;
    rw->size = png_size;
    rw->seek = png_seek;
    rw->read = png_read;
    rw->write = png_write;
    rw->close = png_close;
    struct stat st;
    bool regular = fstat(fileno(out.f), &st) == 0 && S_ISREG(st.st_mode); /* not a device or a pipe */
    errno = 0;
    bool encoded = IMG_SavePNG_RW(surf, rw, 0) == 0;
    char why[512];
    snprintf(why, sizeof why, "%s", encoded ? "" : SDL_GetError());
    SDL_FreeRW(rw);
    errno = 0;
    if (fflush(out.f) != 0 && !out.err)
        out.err = errno ? errno : EIO;
    if (fclose(out.f) != 0 && !out.err)
        out.err = errno ? errno : EIO;
    if (encoded && !out.err)
        return true;
    if (regular)
        remove(path);
    snprintf(err, err_size, "cannot write %s: %s", path, out.err ? strerror(out.err) : why);
    return false;
}

static int writer_main(void *p)
{
    Writer *w = p;
    for (;;) {
        SDL_SemWait(w->full);
        if (w->quit)
            return 0;
        if (!SDL_AtomicGet(&w->failed) && !lb_render_save_png(w->spare, w->path, w->err, sizeof w->err))
            SDL_AtomicSet(&w->failed, 1);
        SDL_SemPost(w->empty);
    }
}

/* A voice clip the mix cannot use, said on stderr (a chime stands in). */
static void print_audio_note(void *user, const char *msg)
{
    (void)user;
    fprintf(stderr, "limber: audio: %s\n", msg);
}

int lb_render_begin(const LbOptions *o, int w, int h, double frames, long *n, LbCanvas *cv)
{
    *n = (long)floor(frames + 1e-6);
    if (*n < 1)
        *n = 1;
    if (*n > 999999) {
        fprintf(stderr, "limber: %ld frames is more than --render writes (999999)\n", *n);
        return 2;
    }
    if (!lb_make_dirs(o->render_dir, 0777)) {
        fprintf(stderr, "limber: cannot write frames to '%s': %s\n", o->render_dir, strerror(errno));
        return 1;
    }
    lb_canvas_init_headless();
    if (!lb_canvas_init(cv, w, h)) {
        fprintf(stderr, "limber: cannot make a %dx%d canvas: %s\n", w, h, SDL_GetError());
        return 1;
    }
    return -1;
}

int lb_render_run(const LbOptions *o, const LmLibrary *lib, const LmTimeline *tl)
{
    int w = o->width > 0 ? o->width : 1280, h = o->height > 0 ? o->height : 720;
    int fps = o->fps > 0 ? o->fps : 60;
    if (w < 16 || h < 16 || w > MAX_SIDE || h > MAX_SIDE) {
        fprintf(stderr, "limber: --size %dx%d is out of range (16x16 to %dx%d)\n", w, h, MAX_SIDE, MAX_SIDE);
        return 2;
    }
    if (fps > 1000) {
        fprintf(stderr, "limber: --fps %d is out of range (1 to 1000)\n", fps);
        return 2;
    }
    double from = o->from_s > 0 ? o->from_s : 0.0;
    if (from > tl->duration_s) {
        fprintf(stderr, "limber: --from %.2f is past the end (%.2f s)\n", from, tl->duration_s);
        return 2;
    }
    double secs = o->seconds > 0 ? o->seconds : tl->duration_s - from;
    if (from + secs > tl->duration_s + 1e-6) {
        /* frames past the end would all show the end screen */
        fprintf(stderr, "limber: note: the session ends %.2f s after --from; rendering those, not %g s\n",
                tl->duration_s - from, secs);
        secs = tl->duration_s - from;
    }
    long n;
    LbCanvas cv;
    int rc = lb_render_begin(o, w, h, secs * fps, &n, &cv);
    if (rc >= 0)
        return rc;
    char err[512] = "";
    LbScene *sc = lb_scene_create(tl, lib ? lib->data_dir : NULL, err, sizeof err);
    int status = sc ? 0 : 1;
    if (!sc)
        fprintf(stderr, "limber: %s\n", err);
    else
        lb_scene_set_surface(sc, cv.surf);
    /* the status line as the window shows it: the level, then the rest */
    LbSessionView view = {.mirror = o->mirror, .level = lm_level_name(tl->level)};
    Writer wr = {0};
    wr.spare = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    wr.empty = SDL_CreateSemaphore(1);
    wr.full = SDL_CreateSemaphore(0);
    SDL_Thread *th = wr.spare && wr.empty && wr.full ? SDL_CreateThread(writer_main, "png writer", &wr) : NULL;
    if (!th && status == 0) {
        fprintf(stderr, "limber: cannot start writing frames: %s\n", SDL_GetError());
        status = 1;
    }
    long done = 0; /* frames handed to the writer */
    bool progress = n > (long)fps * 30 && isatty(STDERR_FILENO);
    bool stopped = false;
    for (long i = 0; i < n && status == 0; i++) {
        /* Ctrl+C (or SIGTERM), which SDL turns into a quit event: stop
         * after the frame being written, which lands whole. */
        if (SDL_QuitRequested()) {
            stopped = true;
            break;
        }
        /* Time from the frame index, never accumulated. */
        double t = from + (double)i / fps;
        if (!lb_scene_draw(sc, cv.ren, t, w, h, &view)) {
            fprintf(stderr, "limber: drawing frame %ld failed: %s\n", i, SDL_GetError());
            status = 1;
            break;
        }
        lb_canvas_flush(&cv);
        SDL_SemWait(wr.empty); /* the previous frame is written */
        if (SDL_AtomicGet(&wr.failed)) {
            SDL_SemPost(wr.empty);
            break;
        }
        for (int y = 0; y < h; y++)
            memcpy((Uint8 *)wr.spare->pixels + (size_t)y * (size_t)wr.spare->pitch,
                   (const Uint8 *)cv.surf->pixels + (size_t)y * (size_t)cv.surf->pitch, (size_t)w * 4);
        snprintf(wr.path, sizeof wr.path, "%s/frame-%06ld.png", o->render_dir, i);
        SDL_SemPost(wr.full);
        done = i + 1;
        /* a long render at a terminal shows how far it has got */
        if (progress && (done % (fps * 10) == 0 || done == n))
            fprintf(stderr, "\rlimber: frame %ld of %ld (%.0f%%)%s", done, n, 100.0 * (double)done / (double)n,
                    done == n ? "\n" : "");
    }
    if (th) {
        SDL_SemWait(wr.empty); /* the last frame is written */
        wr.quit = true;
        SDL_SemPost(wr.full);
        SDL_WaitThread(th, NULL);
    }
    if (SDL_AtomicGet(&wr.failed)) {
        fprintf(stderr, "limber: %s\n", wr.err);
        status = 1;
    }
    SDL_DestroySemaphore(wr.empty);
    SDL_DestroySemaphore(wr.full);
    SDL_FreeSurface(wr.spare);
    if (progress && done < n)
        fputc('\n', stderr);
    if (stopped && status == 0) {
        if (done > 0)
            fprintf(stderr, "limber: --render interrupted: %ld of %ld frames written whole, to frame-%06ld.png%s\n",
                    done, n, done - 1, o->audio_out ? "; no sound written" : "");
        else
            fprintf(stderr, "limber: --render interrupted before its first frame\n");
        status = LB_EXIT_INTERRUPTED;
    }
    if (status == 0) {
        /* frames past these from an earlier, longer render would read as
         * part of this one: not removed (they are the user's), but said */
        char next[4200];
        snprintf(next, sizeof next, "%s/frame-%06ld.png", o->render_dir, n);
        struct stat st;
        if (stat(next, &st) == 0)
            fprintf(stderr, "limber: note: '%s' still holds frames from an earlier render, from %s on\n", o->render_dir,
                    next);
    }
    /* The sound of exactly the frames written, sample-aligned with them. */
    if (status == 0 && o->audio_out && lib) {
        if (!lb_audio_render_wav(tl, lib, from, from + (double)n / fps, o->audio_out, print_audio_note, NULL, err,
                                 sizeof err)) {
            fprintf(stderr, "limber: %s\n", err);
            status = 1;
        }
    }
    lb_scene_destroy(sc);
    lb_canvas_free(&cv);
    return status;
}

#define SAME_POSE_M 0.005 /* poses closer than this everywhere are the same pose */

/* Largest distance any point moved between two frames, metres. */
static double frame_distance(const LmFrame *a, const LmFrame *b)
{
    double d = 0;
    for (int i = 0; i < LM_POINT_COUNT; i++) {
        double e = lm_v3_len(lm_v3_sub(a->p[i], b->p[i]));
        if (e > d)
            d = e;
    }
    return d;
}

/* Whether move b carries on move a: the same step's words, straight
 * after it. */
static bool moves_on(const LmSegment *a, const LmSegment *b)
{
    return b->item == a->item && b->kind == LM_SEG_MOVE && fabs(b->t0_s - a->t1_s) < 1e-6 && a->text && b->text &&
           !strcmp(a->text, b->text);
}

/* A cell label's text size and margin, for cells cell_h high. */
static int label_px(int cell_h) { return cell_h / 16 > 10 ? cell_h / 16 : 10; }
static int label_pad(int cell_h) { return cell_h / 40 + 2; }

/* A cell's label: its number, time and the caption of the motion, small
 * in the cell's top-left corner. */
static void label_cell(LbText *tx, SDL_Renderer *r, SDL_Rect cell, int k, double t, const char *caption)
{
    char s[320];
    if (t < 0) /* the number alone: a sheet without captions */
        snprintf(s, sizeof s, "%d", k + 1);
    else
        snprintf(s, sizeof s, "%d   %.1f s   %s", k + 1, t, caption ? caption : "");
    int px = label_px(cell.h), pad = label_pad(cell.h), room = cell.w - 2 * pad, w = 0, h = 0;
    /* too long for one line: the words that fit, and the rest on a second
     * line; longer still, whole words then an ellipsis, not a cut through
     * a word */
    const LbTextFit *f = lb_text_fit(tx, s, LB_WEIGHT_REGULAR, px, px, room, 2);
    if (!f)
        return;
    const char *lines[2] = {f->n > 0 ? f->line[0] : "", f->n > 1 ? f->line[1] : ""};
    px = f->px;
    int y = cell.y + pad;
    for (int i = 0; i < 2 && lines[i][0]; i++) {
        SDL_Texture *tex = lb_text_get(tx, r, lines[i], px, LB_WEIGHT_REGULAR, (SDL_Color){200, 206, 216, 255}, &w, &h);
        if (!tex)
            return;
        SDL_Rect src = {0, 0, w < room ? w : room, h};
        SDL_Rect dst = {cell.x + pad, y, src.w, h};
        SDL_RenderCopy(r, tex, &src, &dst);
        y += h;
    }
}

/* The marks of a contact-sheet cell showing the pose reached at t: the
 * arrows of the move that ends there, and the glow of a hold that
 * follows it. */
static void sheet_marks(const LmTimeline *tl, double t, const LmFrame *f, LbFigureMarks *mk)
{
    memset(mk, 0, sizeof *mk);
    mk->fade = 1.0f;
    mk->away_from = lm_v3_lerp(f->p[LM_J_PELVIS], f->p[LM_J_THORAX], 0.5);
    int seg = lm_timeline_seg_at(tl, nextafter(t, 0));
    mk->gap = seg >= 0 && lm_stage_gap(&tl->items[tl->segs[seg].item], tl->skel, f, &mk->gap_top, &mk->gap_bottom);
    LmStageHints h;
    lm_stage_hints(tl, seg, &h);
    for (int a = 0; a < h.n_arrows && a < 2; a++) {
        mk->arrow_n[a] = LM_STAGE_PATH;
        memcpy(mk->arrow[a], h.arrow[a].path, sizeof h.arrow[a].path);
        mk->arrow_turn[a] = h.arrow[a].turn;
        mk->n_arrows++;
    }
    if (seg + 1 < tl->n_segs && tl->segs[seg + 1].kind == LM_SEG_HOLD) {
        lm_stage_hints(tl, seg + 1, &h);
        for (int k = 0; k < h.n_feel; k++) {
            LmVec3 sp[3];
            double r;
            int n = lm_stage_feel_spots(tl->skel, f, h.feel[k], sp, &r);
            for (int i = 0; i < n && mk->n_spots < LB_MARK_SPOTS; i++)
                mk->spot[mk->n_spots++] = sp[i];
            mk->spot_r_m = r;
        }
    }
}

/* The last move of a repeated block's first round: the sheet shows it
 * (even when it is the start again) with the loop's mark. */
static bool ends_first_rep(const LmTimeline *tl, int s)
{
    const LmSegment *sg = &tl->segs[s];
    if (sg->kind != LM_SEG_MOVE || sg->rep != 1 || sg->reps < 2)
        return false;
    return s + 1 >= tl->n_segs || tl->segs[s + 1].rep != 1;
}

/* A ring of triangles about (cx, cy), from the top clockwise over frac of
 * a turn. */
static void draw_ring(SDL_Renderer *r, float cx, float cy, float r_out, float r_in, double frac, SDL_Color c)
{
    enum { N = 40 };
    SDL_Vertex v[2 * (N + 1)];
    int idx[6 * N];
    int steps = (int)ceil(N * frac);
    steps = steps < 1 ? 1 : steps > N ? N : steps;
    for (int i = 0; i <= steps; i++) {
        double a = 2.0 * M_PI * frac * i / steps;
        float sx = (float)sin(a), sy = (float)-cos(a);
        v[2 * i] = (SDL_Vertex){{cx + r_out * sx, cy + r_out * sy}, c, {0, 0}};
        v[2 * i + 1] = (SDL_Vertex){{cx + r_in * sx, cy + r_in * sy}, c, {0, 0}};
    }
    for (int i = 0; i < steps; i++) {
        int *q = idx + 6 * i, a = 2 * i;
        q[0] = a, q[1] = a + 1, q[2] = a + 2, q[3] = a + 1, q[4] = a + 3, q[5] = a + 2;
    }
    SDL_RenderGeometry(r, NULL, v, 2 * (steps + 1), idx, 6 * steps);
}

/* Text whose right edge is at x (top at y); returns its width, 0 when
 * it cannot be made. */
static int text_left_of(LbText *tx, SDL_Renderer *r, const char *s, int px, SDL_Color c, int x, int y)
{
    int w = 0, h = 0;
    SDL_Texture *tex = lb_text_get(tx, r, s, px, LB_WEIGHT_BOLD, c, &w, &h);
    if (!tex)
        return 0;
    SDL_RenderCopy(r, tex, NULL, &(SDL_Rect){x - w, y, w, h});
    return w;
}

/* A cell's marks in numbers, not words, in its top-right corner: a clock
 * ring and the seconds when a stretch is then held, the loop's arrow and
 * "x N" on the last move of a round done N times,
 * and on the switch a large sign that the same stretch now goes to the
 * other side. */
static void sheet_badges(LbText *tx, SDL_Renderer *r, const LmTimeline *tl, SDL_Rect cell, double t)
{
    int seg = lm_timeline_seg_at(tl, nextafter(t, 0));
    if (seg < 0)
        return;
    const LmSegment *sg = &tl->segs[seg];
    const SDL_Color ink = {236, 240, 246, 255}, dim = {90, 100, 118, 255};
    int px = label_px(cell.h) * 5 / 4, pad = label_pad(cell.h) + 2;
    int x = cell.x + cell.w - pad, y = cell.y + pad + cell.h / 45 + 2;
    if (sg->kind == LM_SEG_SWITCH) {
        int big = cell.h / 4, w = 0, h = 0;
        SDL_Color to = sg->side == 1 ? (SDL_Color){LB_SIDE_LEFT_RGB, 255} : (SDL_Color){LB_SIDE_RIGHT_RGB, 255};
        SDL_Color from = sg->side == 1 ? (SDL_Color){LB_SIDE_RIGHT_RGB, 255} : (SDL_Color){LB_SIDE_LEFT_RGB, 255};
        /* the swap sign: its upper arrow (to the right) in the new side's
         * colour, its lower one in the old side's */
        for (int half = 0; half < 2; half++) {
            SDL_Texture *tex = lb_text_get(tx, r, "\xe2\x87\x84", big, LB_WEIGHT_BOLD, half ? from : to, &w, &h);
            if (!tex)
                return;
            SDL_Rect dst = {cell.x + (cell.w - w) / 2, cell.y + pad + cell.h / 45 + 2, w, h};
            SDL_Rect clip = {dst.x, half ? dst.y + h / 2 : dst.y, w, h - h / 2};
            SDL_RenderSetClipRect(r, &clip);
            SDL_RenderCopy(r, tex, NULL, &dst);
        }
        SDL_RenderSetClipRect(r, NULL);
        return;
    }
    /* the ring only for a stretch held where it is felt: a short settling
     * hold before anything moves (sitting tall first) is no stretch */
    LmStageHints held;
    bool stretch = seg + 1 < tl->n_segs && tl->segs[seg + 1].kind == LM_SEG_HOLD && tl->segs[seg + 1].item == sg->item;
    if (stretch) {
        lm_stage_hints(tl, seg + 1, &held);
        stretch = held.n_feel > 0;
    }
    if (stretch) {
        double hold = tl->segs[seg + 1].t1_s - tl->segs[seg + 1].t0_s;
        char s[32];
        snprintf(s, sizeof s, "%.0f s", hold);
        int w = text_left_of(tx, r, s, px, ink, x, y);
        float rr = px * 0.55f, cx = (float)(x - w) - px * 0.35f - rr, cy = (float)y + px * 0.62f;
        draw_ring(r, cx, cy, rr, rr * 0.62f, 1.0, dim);
        draw_ring(r, cx, cy, rr, rr * 0.62f, 0.75, ink);
        x = (int)(cx - rr) - px;
    }
    /* the count once, on the round's last move with the loop's arrow: on
     * every move of the round as well, readers added them up */
    if (ends_first_rep(tl, seg)) {
        char s[32];
        snprintf(s, sizeof s, "\xe2\x86\xbb \xc3\x97%d", sg->reps);
        text_left_of(tx, r, s, px, ink, x, y);
    }
}

/* The poses the steps of exercise `item` reach, each once (see the sheet
 * below): their frames, times and captions; returns how many. */
static int sheet_poses(const LmTimeline *tl, int item, LmFrame *frames, double *times, const char **caps)
{
    const LmItem *it = &tl->items[item];
    int n = 0, first_move = -1;
    for (int s = 0; s < tl->n_segs && first_move < 0; s++)
        if (tl->segs[s].item == item && tl->segs[s].kind == LM_SEG_MOVE)
            first_move = s;
    LmOverlayState st0 = {0}; /* the start: named by the first step, which sets it up */
    lm_timeline_state(tl, it->start_s, &st0);
    for (int s = -1; s < tl->n_segs; s++) {
        const LmSegment *sg = s >= 0 ? &tl->segs[s] : NULL;
        /* the switch shows too: the pose the second side starts from, in
         * its view, right after the first side's way back to it */
        bool turn = sg && sg->item == item && sg->kind == LM_SEG_SWITCH;
        if (sg && (sg->item != item || (sg->kind != LM_SEG_MOVE && !turn)))
            continue;
        /* A move that the next one carries on (the same step's words,
         * straight after it) ends no step: its pose is on the way. */
        if (sg && s + 1 < tl->n_segs && moves_on(sg, &tl->segs[s + 1]))
            continue;
        /* The start is where the first step begins; when that step's
         * words name it, the step's own end shows instead, with the time
         * the pose is reached. */
        if (!sg && first_move >= 0 && st0.caption && tl->segs[first_move].text &&
            !strcmp(st0.caption, tl->segs[first_move].text))
            continue;
        double t = sg ? sg->t1_s : it->start_s;
        lm_timeline_frame(tl, t, &frames[n]);
        times[n] = t;
        caps[n] = sg ? sg->text : st0.caption;
        /* ... seen from the same side; and a side's last pose, the way back
         * before the switch, shows even when it is the start again */
        bool ends_side = sg && s + 1 < tl->n_segs && tl->segs[s + 1].kind == LM_SEG_SWITCH;
        ends_side = ends_side || (sg && ends_first_rep(tl, s));
        bool seen = false;
        for (int j = 0; j < n && !seen && !ends_side && !turn; j++)
            seen = frame_distance(&frames[n], &frames[j]) < SAME_POSE_M &&
                   lm_stage_side(tl, times[j]) == lm_stage_side(tl, t);
        if (!seen)
            n++;
    }
    return n;
}

int lb_render_contact_sheet(const LmTimeline *tl, const LmLibrary *lib, int item, const char *path, int cell_h,
                            bool mirror, bool captions)
{
    if (item < 0 || item >= tl->n_items) {
        fprintf(stderr, "limber: no exercise %d in this timeline\n", item);
        return 2;
    }
    /* The poses the steps reach, each once: the pose it starts from, then
     * where each move ends, named by that move's caption. A pose already
     * on the sheet (the other breath of a cycle, the way back to the
     * start, the same pose on a second round) is left out: no point is
     * SAME_POSE_M from where it was there. */
    int cap = 1;
    for (int s = 0; s < tl->n_segs; s++)
        cap += tl->segs[s].item == item;
    LmFrame *frames = malloc(sizeof *frames * (size_t)cap);
    double *times = malloc(sizeof *times * (size_t)cap);
    const char **caps = malloc(sizeof *caps * (size_t)cap);
    if (!frames || !times || !caps) {
        free(frames);
        free(times);
        free(caps);
        fprintf(stderr, "limber: out of memory\n");
        return 1;
    }
    int n = sheet_poses(tl, item, frames, times, caps);
    int cols = (int)ceil(sqrt((double)n)); /* about square: a 16:9 sheet of 16:9 cells */
    int rows = (n + cols - 1) / cols;
    int ch = cell_h > 0 ? cell_h : 270, cw = ch * 16 / 9;
    lb_canvas_init_headless();
    LbCanvas cv;
    if (!lb_canvas_init(&cv, cw * cols, ch * rows)) {
        fprintf(stderr, "limber: cannot make the contact sheet: %s\n", SDL_GetError());
        free(frames);
        free(times);
        free(caps);
        return 1;
    }
    LbFigure *fig = lb_figure_create(tl->skel);
    LbDraw *list = lb_draw_create();
    int status = fig && list ? 0 : 1;
    if (fig)
        lb_figure_set_list(fig, list);
    /* Labels need the fonts; without them the sheet is still useful. */
    char reg[4096], bold[4096], err[512] = "";
    const char *dir = lib && lib->data_dir ? lib->data_dir : ".";
    snprintf(reg, sizeof reg, "%s/assets/fonts/DejaVuSans.ttf", dir);
    snprintf(bold, sizeof bold, "%s/assets/fonts/DejaVuSans-Bold.ttf", dir);
    LbText *tx = lb_text_create(&(LbTextDesc){.font_path = {reg, bold}}, err, sizeof err);
    if (!tx)
        fprintf(stderr, "limber: the contact sheet has no labels: %s\n", err);
    SDL_SetRenderDrawColor(cv.ren, LB_BG_R, LB_BG_G, LB_BG_B, 255);
    SDL_RenderClear(cv.ren);
    for (int k = 0; k < n && status == 0; k++) {
        double t = times[k];
        SDL_Rect cell = {(k % cols) * cw, (k / cols) * ch, cw, ch};
        /* Cell borders: a 1 px gutter in a slightly lighter tone. */
        SDL_SetRenderDrawColor(cv.ren, LB_BG_R + 14, LB_BG_G + 14, LB_BG_B + 14, 255);
        SDL_RenderDrawRect(cv.ren, &cell);
        /* the figure below the label's two lines, so the two never meet */
        float band = 2.0f * (float)label_px(ch) + 1.5f * (float)label_pad(ch);
        SDL_FRect r = {cell.x + 0.05f * cw, cell.y + band, 0.9f * cw, 0.97f * ch - band};
        /* as the session stages it: the side's view, the move that led here
         * (its arrow) and, when the pose is then held, where it is felt */
        LbFigureView v, iv;
        bool inset = lb_figure_views_at(tl, t, r, mirror, &v, &iv);
        LbFigureMarks mk;
        sheet_marks(tl, t, &frames[k], &mk);
        lb_draw_begin(list, cv.surf->w, cv.surf->h);
        bool ok = lb_figure_draw(fig, cv.ren, &frames[k], &v) && lb_figure_draw_marks(fig, cv.ren, &v, &mk);
        if (ok && inset) {
            lb_draw_fill(list, &iv.rect, (SDL_Color){30, 38, 54, 255});
            ok = lb_figure_draw(fig, cv.ren, &frames[k], &iv) && lb_figure_draw_marks(fig, cv.ren, &iv, &mk);
        }
        if (!ok || !lb_draw_to_surface(list, cv.ren, cv.surf, NULL, 0))
            status = 1;
        if (tx)
            label_cell(tx, cv.ren, cell, k, captions ? t : -1.0, captions ? caps[k] : NULL);
        /* the side at work, as a band of its colour along the cell's top:
         * the cells of one side read as one group, words or not */
        int side = lm_stage_side(tl, t);
        if (side) {
            SDL_Color sc = side == 1 ? (SDL_Color){LB_SIDE_LEFT_RGB, 255} : (SDL_Color){LB_SIDE_RIGHT_RGB, 255};
            SDL_SetRenderDrawColor(cv.ren, sc.r, sc.g, sc.b, 255);
            SDL_RenderFillRect(cv.ren, &(SDL_Rect){cell.x + 1, cell.y + 1, cell.w - 2, ch / 45 + 2});
        }
        if (tx)
            sheet_badges(tx, cv.ren, tl, cell, t);
    }
    lb_canvas_flush(&cv);
    char werr[4200], folder[4096];
    /* the folders above the sheet, made as --render makes its folder */
    snprintf(folder, sizeof folder, "%s", path);
    char *slash = strrchr(folder, '/');
    if (slash && slash != folder)
        *slash = '\0';
    if (status == 0 && slash && slash != folder && !lb_make_dirs(folder, 0777)) {
        fprintf(stderr, "limber: cannot write '%s': %s\n", path, strerror(errno));
        status = 1;
    }
    if (status == 0 && !lb_render_save_png(cv.surf, path, werr, sizeof werr)) {
        fprintf(stderr, "limber: %s\n", werr);
        status = 1;
    }
    /* a line a cell, once the sheet they describe is written */
    for (int k = 0; k < n && status == 0; k++)
        printf("%d\t%.2f\t%s\n", k + 1, times[k], caps[k] ? caps[k] : "");
    free(frames);
    free(times);
    free(caps);
    lb_text_destroy(tx);
    lb_figure_destroy(fig);
    lb_draw_destroy(list);
    lb_canvas_free(&cv);
    return status;
}
