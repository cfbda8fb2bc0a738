/* app: the window loop (what every command does: app_commands.c).
 *
 * Each frame: handle events (keys, clicker, controller, window), hand the
 * cue events the playback clock crossed to the audio, draw the audience
 * scene (and the presenter console), present, record the frame interval.
 * The clock is read from absolute time, never advanced by frame counts.
 *
 * Jumps (steps, exercises, restart, level) go through one path: app_seek the
 * clock, then cut the speech, so nothing skipped is heard and the step
 * landed on is announced by the clock on the next poll. While paused the
 * clock is not polled, so that announcement waits for play instead of
 * being dropped by the paused audio. */
#include "app.h"

#include "app_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---------------------------------------------------- */

void app_toastf(LbApp *a, uint64_t now, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->toast, sizeof a->toast, fmt, ap);
    va_end(ap);
    a->toast_ns = now ? now : 1;
}

float app_toast_alpha(const LbApp *a, uint64_t now)
{
    if (!a->toast[0] || now < a->toast_ns)
        return a->toast[0] ? 1.0f : 0.0f;
    uint64_t age = now - a->toast_ns;
    if (age <= TOAST_HOLD_NS)
        return 1.0f;
    if (age >= TOAST_HOLD_NS + TOAST_FADE_NS)
        return 0.0f;
    return 1.0f - (float)(age - TOAST_HOLD_NS) / (float)TOAST_FADE_NS;
}

/* The note on screen and its alpha: the last toast while it shows; at the
 * end of the session, with none showing, what the keys do there. */
#define END_HINT "Space: again  \xC2\xB7  Enter, Esc: home"
static const char *note_now(const LbApp *a, uint64_t now, float *alpha)
{
    *alpha = app_toast_alpha(a, now);
    if (*alpha > 0)
        return a->toast;
    if (a->screen == LB_SCREEN_PLAY && a->tl && lm_pb_finished(&a->pb, now)) {
        *alpha = 1.0f;
        return END_HINT;
    }
    return "";
}

/* "1.25" for 1.25, "1" for 1.0: speeds read as people say them. */
void app_fmt_speed(char *buf, size_t n, double s) { snprintf(buf, n, "%g", round(s * 100.0) / 100.0); }

void app_set_paused(LbApp *a, bool paused, uint64_t now)
{
    lm_pb_set_paused(&a->pb, paused, now);
    lb_audio_set_paused(a->audio, paused);
}

void app_seek(LbApp *a, double t, uint64_t now)
{
    lm_pb_seek(&a->pb, t, now);
    lb_audio_stop_speech(a->audio);
}

/* Segment s's place within its exercise: index and count. */
void app_step_of(const LmTimeline *tl, int s, int *step, int *n)
{
    *step = 0;
    *n = 0;
    if (!tl || s < 0 || s >= tl->n_segs)
        return;
    int item = tl->segs[s].item;
    for (int i = 0; i < tl->n_segs; i++) {
        if (tl->segs[i].item != item)
            continue;
        if (i < s)
            (*step)++;
        (*n)++;
    }
}

/* ---- controllers -------------------------------------------------------------- */

static int n_pads(const LbApp *a)
{
    int n = 0;
    for (int i = 0; i < MAX_PADS; i++)
        n += a->pads[i] != NULL;
    return n;
}

static void pad_added(LbApp *a, int device, uint64_t now)
{
    if (!a->pads_ok || !SDL_IsGameController(device))
        return;
    SDL_JoystickID id = SDL_JoystickGetDeviceInstanceID(device);
    for (int i = 0; i < MAX_PADS; i++)
        if (a->pads[i] && SDL_JoystickInstanceID(SDL_GameControllerGetJoystick(a->pads[i])) == id)
            return; /* already open (SDL reports controllers present at start) */
    for (int i = 0; i < MAX_PADS; i++) {
        if (a->pads[i])
            continue;
        a->pads[i] = SDL_GameControllerOpen(device);
        if (!a->pads[i]) {
            lb_report(&a->report, "a controller was connected but cannot be used: %s", SDL_GetError());
            return;
        }
        const char *name = SDL_GameControllerName(a->pads[i]);
        app_toastf(a, now, "Controller connected%s%s", name ? ": " : "", name ? name : "");
        return;
    }
}

static void pad_removed(LbApp *a, SDL_JoystickID id, uint64_t now)
{
    for (int i = 0; i < MAX_PADS; i++) {
        if (a->pads[i] && SDL_JoystickInstanceID(SDL_GameControllerGetJoystick(a->pads[i])) == id) {
            SDL_GameControllerClose(a->pads[i]);
            a->pads[i] = NULL;
            app_toastf(a, now, "Controller disconnected");
        }
    }
}

/* ---- events and frames ------------------------------------------------------- */

static bool is_window(const LbVideo *v, Uint32 id) { return v && SDL_GetWindowID(lb_video_window(v)) == id; }

void lb_app_event(LbApp *a, const SDL_Event *e, uint64_t now)
{
    switch (e->type) {
    case SDL_WINDOWEVENT:
        /* Window events go to the video that owns that window only. */
        if (is_window(a->video, e->window.windowID)) {
            lb_video_handle_event(a->video, e);
            /* exposed, resized, shown again: what is on screen is no
             * longer known to be the last frame, so draw it all */
            lb_damage_invalidate(a->damage);
        } else if (is_window(a->cvideo, e->window.windowID))
            lb_video_handle_event(a->cvideo, e);
        /* With two windows SDL sends no quit until both are closed; closing
         * either ends the session. */
        if (e->window.event == SDL_WINDOWEVENT_CLOSE)
            a->quit = true;
        return;
    case SDL_CONTROLLERDEVICEADDED: pad_added(a, e->cdevice.which, now); return;
    case SDL_CONTROLLERDEVICEREMOVED: pad_removed(a, e->cdevice.which, now); return;
    default: break;
    }
    if (lb_video_handle_event(a->video, e)) {
        lb_scene_textures_lost(a->scene);
        lb_text_forget(a->home_text, NULL);
        lb_build_screen_textures_lost(a->build);
    }
    if (e->type == SDL_RENDER_DEVICE_RESET || e->type == SDL_RENDER_TARGETS_RESET)
        lb_damage_invalidate(a->damage);
    if (a->cvideo && lb_video_handle_event(a->cvideo, e)) {
        lb_console_textures_lost(a->console);
        lb_text_forget(a->home_text, NULL);
        lb_build_screen_textures_lost(a->build);
    }
    if (a->screen == LB_SCREEN_HOME) {
        app_home_event(a, e, now);
        return;
    }
    if (a->screen == LB_SCREEN_BUILD) {
        app_build_event(a, e, now);
        return;
    }
    LbCommand c = lb_input_map(e);
    if (c != LB_CMD_NONE)
        lb_app_command(a, c, now);
}

/* Cue events the clock crosses before the next frame and a sound buffer
 * have passed, in order, each with the wall time it falls at: the sound
 * starts at that sample, not at the buffer after the frame that saw it. */
static void dispatch_events(LbApp *a, uint64_t now)
{
    enum { MAX = 16 };
    const LmEvent *ev[MAX];
    int n;
    double pos = lm_pb_position(&a->pb, now);
    do {
        n = lm_pb_poll(&a->pb, now + (uint64_t)(LB_AUDIO_LEAD_S * 1e9), ev, MAX);
        for (int i = 0; i < n; i++) {
            double ahead = ev[i]->t_s > pos ? lm_pb_wall_s(&a->pb, pos, ev[i]->t_s) : 0.0;
            lb_audio_on_event_at(a->audio, ev[i], (double)now / 1e9 + ahead);
        }
    } while (n == MAX);
}

/* The session as every screen shows it at now (t: the playback position). */
static void app_view(const LbApp *a, uint64_t now, double t, LbSessionView *v)
{
    memset(v, 0, sizeof *v);
    v->tl = a->tl;
    v->lib = a->lib;
    v->pb = &a->pb;
    v->t_s = t;
    v->speed = a->pb.speed;
    v->level = lm_level_name(a->level);
    v->mirror = a->mirror;
    v->blank = a->blank;
    v->paused = a->pb.paused;
    v->muted = lb_audio_muted(a->audio);
    v->fullscreen = lb_video_fullscreen(a->video);
    v->volume = a->volume;
    v->audience_display = lb_video_display(a->video);
    v->n_displays = lb_video_display_count();
    v->toast = note_now(a, now, &v->toast_alpha);
    v->help = a->help;
    v->n_help_lines = lb_input_help_lines(&v->help_lines);
    v->keys = lb_input_hint_line();
    if (!a->cvideo)
        return;
    /* Both windows on one screen: say why, and what to do about it. Read
     * each frame, so plugging the TV in (or moving the window) updates it. */
    if (v->n_displays < 2)
        v->note = "One display: the audience window is on this screen too. Connect the TV as a second display "
                  "(extend, not mirror), then press D.";
    else if (v->audience_display == lb_video_display(a->cvideo))
        v->note = "The audience window is on this screen. Press D to move it to the TV.";
}

static bool draw_audience(LbApp *a, uint64_t now, double t)
{
    int w, h;
    lb_video_output_size(a->video, &w, &h);
    SDL_Renderer *r = lb_video_renderer(a->video);
    if (!r)
        return true; /* lost; lb_video_handle_event is recreating it */
    LbSessionView view;
    app_view(a, now, t, &view);
    SDL_Surface *surf = lb_video_direct_surface(a->video);
    a->damage_only = false;
    if (!surf || !a->damage) /* a GPU: every frame drawn whole */
        return lb_scene_draw(a->scene, r, t, w, h, &view);
    const LbDraw *dl = lb_scene_record(a->scene, r, t, w, h, &view);
    return dl && app_show_list(a, dl, r, w, h);
}

bool app_show_list(LbApp *a, const LbDraw *dl, SDL_Renderer *r, int w, int h)
{
    SDL_Surface *surf = lb_video_direct_surface(a->video);
    a->damage_only = false;
    if (!surf || !a->damage) /* a GPU: every frame drawn whole */
        return lb_draw_to_renderer(dl, r);
    /* No GPU: the frame is drawn into the window's framebuffer, and only
     * where it differs from the one already there. */
    if (surf != a->damage_surf) {
        lb_damage_invalidate(a->damage);
        a->damage_surf = surf;
    }
    a->n_damage = lb_damage_update(a->damage, dl, a->damage_rects);
    a->damage_only = true;
    double px = 0;
    for (int i = 0; i < a->n_damage; i++)
        px += (double)a->damage_rects[i].w * a->damage_rects[i].h;
    lb_stats_redraw(&a->stats, px, (double)w * h);
    return lb_draw_to_surface_over(dl, a->backdrop, r, surf, a->damage_rects, a->n_damage);
}

static bool draw_console(LbApp *a, uint64_t now, double t)
{
    int w, h;
    lb_video_output_size(a->cvideo, &w, &h);
    SDL_Renderer *r = lb_video_renderer(a->cvideo);
    if (!r)
        return true;
    LbSessionView ci;
    app_view(a, now, t, &ci);
    return lb_console_draw(a->console, r, w, h, &ci);
}

/* Read the controllers (and notice new ones) at most PAD_POLL_HZ times a
 * second; their buttons and hot-plugging then arrive as events. */
#define PAD_POLL_HZ 30
static void pads_poll(LbApp *a, uint64_t now)
{
    if (!a->pads_ok || (a->pads_polled_ns && now - a->pads_polled_ns < 1000000000ull / PAD_POLL_HZ))
        return;
    a->pads_polled_ns = now;
    SDL_GameControllerUpdate();
}

bool lb_app_step(LbApp *a, uint64_t now)
{
    pads_poll(a, now);
    SDL_Event e;
    while (!a->quit && SDL_PollEvent(&e))
        lb_app_event(a, &e, now);
    if (a->quit || a->failed)
        return false;
    bool playing = a->screen == LB_SCREEN_PLAY && a->tl;
    if (playing && !a->pb.paused)
        dispatch_events(a, now);
    lb_audio_update(a->audio, (double)now / 1e9);
    bool hidden = lb_video_hidden(a->video);
    bool ok = true;
    if (a->screen == LB_SCREEN_BUILD) {
        ok = app_build_draw(a, now);
    } else if (!playing) {
        ok = app_home_draw(a, now);
    } else {
        double t = lm_pb_position(&a->pb, now);
        if (!hidden)
            ok &= draw_audience(a, now, t);
        if (a->cvideo && !lb_video_hidden(a->cvideo)) {
            ok &= draw_console(a, now, t);
            lb_video_present(a->cvideo); /* never waits: the audience window paces */
        }
    }
    if (!ok) {
        lb_report(&a->report, "drawing failed: %s", SDL_GetError());
        a->failed = true;
        return false;
    }
    if (hidden) {
        /* Minimised: nothing to draw; stay responsive without spinning. */
        SDL_WaitEventTimeout(NULL, a->cvideo ? 16 : 50);
        return true;
    }
    lb_stats_frame(&a->stats, a->damage_only ? lb_video_present_rects(a->video, a->damage_rects, a->n_damage)
                                             : lb_video_present(a->video));
    if (!playing) {
        app_home_frame_done(a);
        return true;
    }
    while (a->preload_next < a->tl->n_events && !lb_audio_preload_event(a->audio, &a->tl->events[a->preload_next++]))
        ; /* up to one new clip a frame */
    return true;
}

/* ---- setup ----------------------------------------------------------------- */

/* The home screen's fonts: the scene's are not there until a session. */
static bool open_home_text(LbApp *a, char *err, size_t n)
{
    const char *dir = a->lib->data_dir && *a->lib->data_dir ? a->lib->data_dir : ".";
    char reg[4200], bold[4200];
    snprintf(reg, sizeof reg, "%s/assets/fonts/DejaVuSans.ttf", dir);
    snprintf(bold, sizeof bold, "%s/assets/fonts/DejaVuSans-Bold.ttf", dir);
    LbTextDesc td = {0};
    td.font_path[LB_WEIGHT_REGULAR] = reg;
    td.font_path[LB_WEIGHT_BOLD] = bold;
    a->home_text = lb_text_create(&td, err, n);
    return a->home_text != NULL;
}

static bool open_windows(LbApp *a, const LbAppDesc *d, char *err, size_t n)
{
    const LbOptions *o = d->options;
    const LmTimeline *tl = d->tl;
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(err, n,
                 "cannot open a window: no display is available (%s); use --render DIR to make frames "
                 "without one",
                 SDL_GetError());
        return false;
    }
    int count = SDL_GetNumVideoDisplays();
    int display = o->display;
    if (d->display_remembered && display >= count) {
        /* (displays are counted from 1 for people, as --display takes them) */
        lb_report(&a->report, "display %d (remembered from the last run) is not connected; using display %d",
                  display + 1, o->presenter && count >= 2 ? 2 : 1);
        display = -1;
    }
    if (display >= count) {
        if (count == 1)
            snprintf(err, n, "display %d does not exist; there is only display 1", display + 1);
        else
            snprintf(err, n, "display %d does not exist; there are %d (1 to %d)", display + 1, count, count);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return false;
    }
    LbOptions po = *o;
    po.display = display;
    int adisp = display, cdisp = 0;
    if (o->presenter)
        lb_presenter_displays(po.display, count, &adisp, &cdisp);
    a->one_display = o->presenter && count < 2;

    LbVideoDesc vd = {0};
    vd.title = tl && tl->title ? tl->title : "limber";
    vd.fullscreen = o->fullscreen || (o->presenter && !a->one_display);
    vd.display = adisp;
    vd.width = o->width;
    vd.height = o->height;
    vd.no_pacing = d->no_pacing;
    vd.renderer = o->renderer;
    vd.report = a->report;
    a->video = lb_video_open(&vd, err, n);
    SDL_QuitSubSystem(SDL_INIT_VIDEO); /* the video object holds its own reference */
    if (!a->video)
        return false;
    if (tl) {
        a->scene = lb_scene_create(tl, a->lib->data_dir, err, n);
        if (!a->scene)
            return false;
    }
    if (!open_home_text(a, err, n))
        return false;
    a->damage = lb_damage_create();
    a->backdrop = lb_backdrop_create();
    if (!a->damage || !a->backdrop) {
        snprintf(err, n, "out of memory");
        return false;
    }
    if (!o->presenter)
        return true;

    LbVideoDesc cd = {0};
    cd.title = "limber \xE2\x80\x94 presenter console";
    cd.report = a->report;
    cd.display = cdisp;
    cd.no_pacing = true;
    cd.renderer = o->renderer;
    SDL_Rect ub = {0, 0, 1280, 800};
    SDL_GetDisplayUsableBounds(cdisp, &ub);
    if (a->one_display) {
        /* Side by side: the console on the left, the audience window on
         * the right, each in its own part of the screen. */
        cd.width = ub.w * 2 / 5;
        cd.height = ub.h * 3 / 4;
    } else {
        cd.width = SDL_min(1280, ub.w * 4 / 5);
        cd.height = SDL_min(800, ub.h * 4 / 5);
    }
    a->cvideo = lb_video_open(&cd, err, n);
    if (!a->cvideo)
        return false;
    if (a->one_display) {
        SDL_SetWindowPosition(lb_video_window(a->cvideo), ub.x + ub.w / 40, ub.y + ub.h / 20);
        SDL_Window *aw = lb_video_window(a->video);
        int w = ub.w * 11 / 20, h = w * 9 / 16;
        SDL_SetWindowSize(aw, w, h);
        SDL_SetWindowPosition(aw, ub.x + ub.w - w - ub.w / 40, ub.y + ub.h / 20);
    }
    a->console = lb_console_create(a->lib->data_dir, err, n);
    return a->console != NULL;
}

/* The audio's notes, as the app's own. */
static void audio_note(void *user, const char *msg)
{
    LbApp *a = user;
    lb_report(&a->report, "audio: %s", msg);
}

LbApp *lb_app_create(const LbAppDesc *d, uint64_t now, char *err, size_t err_size)
{
    const LbOptions *o = d->options;
    LbApp *a = calloc(1, sizeof *a);
    if (!a) {
        snprintf(err, err_size, "out of memory");
        return NULL;
    }
    a->report = d->report;
    a->screen_report = d->screen_report;
    a->user_dir = d->user_dir;
    a->o = o;
    a->lib = d->lib;
    a->tl = d->tl;
    a->level = d->tl ? d->tl->level : o->level;
    a->co.level = a->level;
    a->screen = d->tl ? LB_SCREEN_PLAY : LB_SCREEN_HOME;
    a->home_t0_ns = now;
    a->co.hold_s = o->hold_s;
    a->mirror = o->mirror;
    a->volume = d->volume < 0 ? 100 : d->volume > 100 ? 100 : d->volume;
    if (d->settings) {
        a->saved = *d->settings;
        a->remember = d->settings_path && *d->settings_path;
        if (a->remember)
            snprintf(a->settings_path, sizeof a->settings_path, "%s", d->settings_path);
        a->dirty = a->remember && d->settings_dirty;
    } else {
        lb_settings_defaults(&a->saved);
    }
    lb_stats_init(&a->stats, 1000.0 / 60.0);
    if (!open_windows(a, d, err, err_size)) {
        a->remember = false;
        lb_app_destroy(a);
        return NULL;
    }
    /* A controller in the instructor's hand works even when the window is
     * not focused (the console beside it, another program on the laptop). */
    SDL_SetHint(SDL_HINT_JOYSTICK_ALLOW_BACKGROUND_EVENTS, "1");
    /* Read by pads_poll at 30 Hz, not by every SDL_PollEvent: each read
     * asks the system for newly plugged devices, two system calls a
     * frame for the odd button press. */
    SDL_SetHint(SDL_HINT_AUTO_UPDATE_JOYSTICKS, "0");
    if (SDL_InitSubSystem(SDL_INIT_GAMECONTROLLER) == 0)
        a->pads_ok = true; /* controllers present now arrive as "added" events */
    else
        lb_report(&a->report, "game controllers are not available: %s", SDL_GetError());

    LbAudioDesc ad = {0};
    ad.data_dir = a->lib->data_dir;
    ad.mute = o->mute;
    ad.music = o->music;
    ad.log = audio_note;
    ad.log_user = a;
    /* Nothing here waits for sound: the device opens on the audio's own
     * thread (finding none can take a tenth of a second), and clips are
     * decoded there a few cues ahead of the clock. The frames check one
     * clip file each (preload_next), so a missing one is reported early. */
    ad.open_in_background = true;
    a->audio = lb_audio_open(&ad);
    lb_audio_set_volume(a->audio, a->volume);
    if (!a->tl) {
        if (!app_home_open(a, now)) {
            snprintf(err, err_size, "out of memory");
            a->remember = false;
            lb_app_destroy(a);
            return NULL;
        }
        return a;
    }
    lb_audio_preload_from(a->audio, a->tl, o->from_s > 0 ? o->from_s : 0.0);

    lm_pb_init(&a->pb, a->tl, now);
    if (o->speed > 0)
        lm_pb_set_speed(&a->pb, o->speed, now);
    if (o->from_s > 0)
        lm_pb_seek(&a->pb, o->from_s, now);
    app_report_screen(a);
    return a;
}

void lb_app_destroy(LbApp *a)
{
    if (!a)
        return;
    if (a->dirty) {
        char msg[4300];
        if (!lb_settings_save(a->settings_path, &a->saved, msg, sizeof msg))
            lb_report(&a->report, "settings not saved: %s", msg);
    }
    lb_audio_close(a->audio);
    for (int i = 0; i < MAX_PADS; i++)
        if (a->pads[i])
            SDL_GameControllerClose(a->pads[i]);
    if (a->pads_ok)
        SDL_QuitSubSystem(SDL_INIT_GAMECONTROLLER);
    app_home_free(a);
    lb_text_destroy(a->home_text);
    lb_console_destroy(a->console);
    lb_video_close(a->cvideo);
    lb_scene_destroy(a->scene);
    lb_damage_destroy(a->damage);
    lb_backdrop_destroy(a->backdrop);
    lb_video_close(a->video);
    lm_timeline_free(a->owned_tl);
    lb_stats_free(&a->stats);
    free(a);
}

void lb_app_state(const LbApp *a, uint64_t now, LbAppState *s)
{
    memset(s, 0, sizeof *s);
    app_view(a, now, a->tl ? lm_pb_position(&a->pb, now) : 0.0, &s->view);
    const LmTimeline *tl = a->tl;
    s->presenter = a->cvideo != NULL;
    s->quit = a->quit;
    s->quit_armed = a->quit_armed_ns && now - a->quit_armed_ns <= QUIT_ARM_NS;
    s->level = a->level;
    s->n_controllers = n_pads(a);
    s->speaking = lb_audio_speaking(a->audio);
    app_home_state(a, s);
    if (!tl)
        return;
    double t = s->view.t_s;
    s->item = lm_timeline_item_at(tl, t);
    s->n_items = tl->n_items;
    s->seg = lm_timeline_seg_at(tl, t);
    app_step_of(tl, s->seg, &s->step, &s->n_steps);
}

bool lb_app_failed(const LbApp *a) { return a->failed; }

SDL_Renderer *lb_app_console_renderer(const LbApp *a, int *w, int *h)
{
    if (!a->cvideo)
        return NULL;
    lb_video_output_size(a->cvideo, w, h);
    return lb_video_renderer(a->cvideo);
}

SDL_Renderer *lb_app_audience_renderer(const LbApp *a, int *w, int *h)
{
    lb_video_output_size(a->video, w, h);
    return lb_video_renderer(a->video);
}

int lb_app_run(const LbAppDesc *d)
{
    char msg[512];
    uint64_t start = lb_now_ns();
    LbApp *a = lb_app_create(d, start, msg, sizeof msg);
    if (!a) {
        lb_report(&d->report, "%s", msg);
        return 1;
    }
    const LbOptions *o = d->options;
    uint64_t quit_ns = o->quit_after_s > 0 ? start + (uint64_t)(o->quit_after_s * 1e9) : 0;
    /* --bench times start-up from outside: it spawns the program and waits
     * for this line, written once the first frame is on screen. */
    bool report_first = getenv("LIMBER_REPORT_FIRST_FRAME") != NULL;
    for (;;) {
        uint64_t now = lb_now_ns();
        /* --quit-after always shows at least one frame, however slow the
         * start was: "play S seconds" never means "play nothing". */
        if (quit_ns && now >= quit_ns && a->stats.frames > 0)
            break;
        if (!lb_app_step(a, now))
            break;
        if (report_first && a->stats.frames > 0) {
            lb_report(&d->output, "first_frame");
            report_first = false;
        }
    }
    int status = a->failed ? 1 : 0;
    if (o->stats) {
        a->stats.renderer = lb_video_renderer_name(a->video);
        lb_stats_report(&a->stats, &d->output);
    }
    lb_app_destroy(a);
    return status;
}
