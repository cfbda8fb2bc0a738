/* app: the window's main loop. Each frame: handle events, read the playback
 * clock (wall time, never a frame count), hand crossed cue events to the
 * audio module, draw the scene, present (vsync or timer paced), record the
 * frame interval. Keys here are the minimal set; input.c will own them. */
#include "app.h"

#include <stdio.h>

#include "audio.h"
#include "lm_playback.h"
#include "scene.h"
#include "stats.h"
#include "video.h"

typedef struct {
    LbVideo *video;
    LbScene *scene;
    LbAudio *audio; /* NULL-safe: silent without a device */
    LmPlayback pb;
    bool mirror;
    bool quit;
} App;

static void on_key(App *a, SDL_Keycode k, uint64_t now)
{
    switch (k) {
    case SDLK_q:
    case SDLK_ESCAPE:
        a->quit = true;
        break;
    case SDLK_SPACE:
        lm_pb_set_paused(&a->pb, !a->pb.paused, now);
        lb_audio_set_paused(a->audio, a->pb.paused);
        break;
    case SDLK_f:
        lb_video_set_fullscreen(a->video, !lb_video_fullscreen(a->video));
        break;
    case SDLK_d:
        lb_video_next_display(a->video);
        break;
    case SDLK_x:
        a->mirror = !a->mirror;
        break;
    default:
        break;
    }
}

static void handle_events(App *a)
{
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        if (lb_video_handle_event(a->video, &e))
            lb_scene_textures_lost(a->scene);
        if (e.type == SDL_QUIT)
            a->quit = true;
        else if (e.type == SDL_KEYDOWN && !e.key.repeat)
            on_key(a, e.key.keysym.sym, lb_now_ns());
    }
}

/* Cue events the clock crossed since the last frame, in order. */
static void dispatch_events(App *a, uint64_t now)
{
    enum { MAX = 16 };
    const LmEvent *ev[MAX];
    int n;
    do {
        n = lm_pb_poll(&a->pb, now, ev, MAX);
        for (int i = 0; i < n; i++)
            lb_audio_on_event(a->audio, ev[i]); /* voice cue, beep, hold-end tone */
    } while (n == MAX);
    lb_audio_update(a->audio, (double)now / 1e9); /* music ducking under speech */
}

int lb_app_run(const LbOptions *o, const LmLibrary *lib, const LmTimeline *tl)
{
    char msg[512];
    LbVideoDesc vd = {0};
    vd.title = tl && tl->title ? tl->title : "limber";
    vd.fullscreen = o->fullscreen;
    vd.display = o->display;
    vd.width = o->width;
    vd.height = o->height;
    App a = {0};
    a.video = lb_video_open(&vd, msg, sizeof msg);
    if (!a.video) {
        fprintf(stderr, "limber: %s\n", msg);
        return 1;
    }
    a.scene = lb_scene_create(tl, lib->data_dir, msg, sizeof msg);
    if (!a.scene) {
        fprintf(stderr, "limber: %s\n", msg);
        lb_video_close(a.video);
        return 1;
    }
    a.mirror = o->mirror;
    a.audio = lb_audio_open(&(LbAudioDesc){.data_dir = lib->data_dir, .mute = o->mute, .music = o->music});
    lb_audio_preload(a.audio, tl);
    uint64_t start = lb_now_ns();
    lm_pb_init(&a.pb, tl, start);
    if (o->speed > 0)
        lm_pb_set_speed(&a.pb, o->speed, start);
    if (o->from_s > 0)
        lm_pb_seek(&a.pb, o->from_s, start);
    LbStats st;
    lb_stats_init(&st, 1000.0 / 60.0);
    uint64_t quit_ns = o->quit_after_s > 0 ? start + (uint64_t)(o->quit_after_s * 1e9) : 0;
    int status = 0;
    while (!a.quit) {
        handle_events(&a);
        uint64_t now = lb_now_ns();
        if (quit_ns && now >= quit_ns)
            break;
        dispatch_events(&a, now);
        if (lb_video_hidden(a.video)) {
            /* Minimised: nothing to draw; stay responsive without spinning. */
            SDL_WaitEventTimeout(NULL, 50);
            continue;
        }
        double t = lm_pb_position(&a.pb, now);
        int w, h;
        lb_video_output_size(a.video, &w, &h);
        SDL_Renderer *r = lb_video_renderer(a.video);
        LbOverlayView view = {.mirror = a.mirror, .paused = a.pb.paused};
        /* No GPU: draw the figure straight into the window surface. */
        lb_scene_set_surface(a.scene, lb_video_direct_surface(a.video));
        if (r && !lb_scene_draw(a.scene, r, t, w, h, &view)) {
            fprintf(stderr, "limber: drawing failed: %s\n", SDL_GetError());
            status = 1;
            break;
        }
        lb_stats_frame(&st, lb_video_present(a.video));
    }
    if (o->stats)
        lb_stats_print(&st, stdout);
    lb_stats_free(&st);
    lb_audio_close(a.audio);
    lb_scene_destroy(a.scene);
    lb_video_close(a.video);
    return status;
}
