/* app_int: what the loop's files share and nobody else sees.
 *
 *   app.c           the loop: events, frames, controllers, setup
 *   app_commands.c  what every command does
 *   app_home.c      the home screen, and going between it and a session
 */
#ifndef LB_APP_INT_H
#define LB_APP_INT_H

#include "app.h"

#include <stdbool.h>
#include <stdint.h>

#include "audio.h"
#include "backdrop.h"
#include "build_screen.h"
#include "damage.h"
#include "home.h"
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
    LbReport report;        /* where notes go (LbAppDesc) */
    LbReport screen_report; /* where screen changes go */
    const char *user_dir;   /* where routines are saved; NULL: nowhere */
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

    /* The screen showing, and the home screen's state (app_home.c). */
    LbScreen screen;
    LbText *home_text; /* the home screen's text cache (the scene comes with the first session) */
    LbHome *home;
    LbHomeCards cards;
    bool cards_built, cards_ready;
    int sel;
    float scroll_from, scroll_to; /* eased from one to the other */
    uint64_t scroll_ns;           /* since then */
    uint64_t home_t0_ns;          /* the previews' clock starts here */
    bool asking;                  /* "Delete ...?" is up */
    bool cont_ok;                 /* the session left with Esc can be continued */
    LbBuildScreen *build;         /* the routine builder, made the first time it opens */
    double cont_s;                /* from here */

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

/* The toast's alpha at now. */
float app_toast_alpha(const LbApp *a, uint64_t now);

/* Carry a recorded frame out in the audience window (only what changed,
 * when drawn on the CPU). */
bool app_show_list(LbApp *a, const LbDraw *dl, SDL_Renderer *r, int w, int h);

/* ---- app_home.c ---- */

/* Say which screen shows now (LIMBER_REPORT_SCREEN). */
void app_report_screen(LbApp *a);
/* Go to the home screen; a session playing waits on a "Continue" card. */
bool app_home_open(LbApp *a, uint64_t now);
/* Play tl (the app owns it from now on) from from_s. False with err. */
bool app_start_session(LbApp *a, LmTimeline *tl, double from_s, uint64_t now, char *err, size_t n);
void app_home_event(LbApp *a, const SDL_Event *e, uint64_t now);
void app_home_command(LbApp *a, LbCommand c, uint64_t now);
/* Draw the home screen (with --presenter: the console, and the title card
 * on the audience window). */
bool app_home_draw(LbApp *a, uint64_t now);
/* The audience window's title card alone (presenting while building). */
bool app_home_draw_title(LbApp *a, uint64_t now);
/* The routine builder's turn at an event, and its frame. */
void app_build_event(LbApp *a, const SDL_Event *e, uint64_t now);
bool app_build_draw(LbApp *a, uint64_t now);
/* After a frame is presented: compile a few more cards' timelines. */
void app_home_frame_done(LbApp *a);
void app_home_free(LbApp *a);
void app_home_state(const LbApp *a, LbAppState *s);
/* Delete routine i of the user's own. False with a message. */
bool app_delete_routine(LbApp *a, int i, char *msg, size_t n);

/* A setting that is remembered changed: save it at exit. */
static inline void app_remember_changed(LbApp *a) { a->dirty = a->remember; }

#endif
