/* app_int: what the loop's files share and nobody else sees.
 *
 *   app.c           the loop: events, frames, controllers, setup
 *   app_commands.c  what every command does
 */
#ifndef LB_APP_INT_H
#define LB_APP_INT_H

#include "app.h"

#include <stdbool.h>
#include <stdint.h>

#include "audio.h"
#include "backdrop.h"
#include "damage.h"
#include "lm_playback.h"
#include "presenter.h"
#include "scene.h"
#include "stats.h"
#include "video.h"

#define MAX_PADS 4
#define TOAST_HOLD_NS 1400000000ull /* fully visible */
#define TOAST_FADE_NS 500000000ull  /* then fades out */
#define QUIT_ARM_NS 3000000000ull   /* a second Esc within this quits */
#define STEP_BACK_GRACE_S 1.5       /* Left within this of a step's start: the step before */
#define VOLUME_STEP 10

static const double speed_steps[] = {0.5, 0.75, 1.0, 1.25, 1.5, 2.0};
#define N_SPEEDS ((int)(sizeof speed_steps / sizeof speed_steps[0]))

struct LbApp {
    LbReport report; /* where notes go (LbAppDesc) */
    const LbOptions *o;
    LmLibrary *lib;
    const LmTimeline *tl; /* playing: the caller's or owned_tl */
    LmTimeline *owned_tl; /* recompiled at another level */
    LmCompileOpts co;
    LmLevel level;

    int preload_next; /* the next event of tl whose clip file is to be looked for */
    LbVideo *video;   /* audience */
    LbScene *scene;
    LbVideo *cvideo; /* presenter console, or NULL */
    LbConsole *console;
    bool one_display; /* presenting with one display at the start */
    LbAudio *audio;
    SDL_GameController *pads[MAX_PADS];
    bool pads_ok;            /* the controller subsystem started */
    uint64_t pads_polled_ns; /* when controllers were last read (pads_poll) */

    LmPlayback pb;
    bool mirror, blank, help, paused_before_blank, paused_before_help, quit, failed;
    int volume;
    uint64_t quit_armed_ns; /* 0 = not armed */
    char toast[128];
    uint64_t toast_ns;

    bool remember; /* write the settings file at the end */
    bool dirty;
    LbSettings saved;
    char settings_path[4096];

    LbStats stats;

    /* Drawing into the window's framebuffer: the last frame's tiles, and
     * the rectangles of this frame that differ from it. */
    LbDamage *damage;
    LbBackdrop *backdrop;     /* the backdrop's pixels in the window */
    SDL_Surface *damage_surf; /* the surface they describe */
    SDL_Rect damage_rects[LB_DAMAGE_MAX_RECTS];
    int n_damage;
    bool damage_only; /* this frame is shown as damage_rects */
};

/* Show a short note (a toast) that fades after a moment. */
void app_toastf(LbApp *a, uint64_t now, const char *fmt, ...) SDL_PRINTF_VARARG_FUNC(3);

/* "1.25" for 1.25, "1" for 1.0: speeds read as people say them. */
void app_fmt_speed(char *buf, size_t n, double s);

/* Pause or resume the clock and the audio together. */
void app_set_paused(LbApp *a, bool paused, uint64_t now);

/* Seek the clock to t seconds, then cut the speech (see app.c). */
void app_seek(LbApp *a, double t, uint64_t now);

/* Segment s's place within its exercise: index and count. */
void app_step_of(const LmTimeline *tl, int s, int *step, int *n);

/* A setting that is remembered changed: save it at exit. */
static inline void app_remember_changed(LbApp *a) { a->dirty = a->remember; }

#endif
