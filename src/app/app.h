/* app: the interactive program: a window (or, with --presenter, the
 * audience window and a console) playing a timeline, driven by keys, a
 * clicker or a game controller, with voice cues, until the user quits.
 *
 * The loop is split so tests can run it: create, then step once a frame
 * with a clock of their choosing and events pushed into SDL's queue, read
 * the state, destroy. lb_app_run is that loop on the wall clock. */
#ifndef LB_APP_H
#define LB_APP_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "report.h"
#include "input.h"
#include "lm_timeline.h"
#include "options.h"
#include "session_view.h"
#include "settings.h"

/* Zero means the default for every field but the first three. */
typedef struct {
    const LbOptions *options; /* the run's options (flags over remembered settings) */
    LmLibrary *lib;           /* to recompile the routine at another level */
    const LmTimeline *tl;     /* compiled at options->level; the caller keeps it */
    /* Remembered settings as read (NULL: nothing is remembered). What the
     * user changes during the run is written to settings_path at the end;
     * values that only came from flags are not. */
    const LbSettings *settings;
    const char *settings_path; /* NULL: never write */
    bool settings_dirty;       /* write at the end even if nothing changes */
    int volume;                /* 0..100 starting volume; -1 = 100 */
    bool display_remembered;   /* options->display came from the settings:
                                  fall back quietly when it is not connected */
    bool no_pacing;            /* never wait in present (tests drive the clock) */
    /* Where the running program's notes go (a controller that cannot be
     * used, settings not saved, sound that will not play, ...): one line
     * each, for the command line to print. Zero: dropped. */
    LbReport report;
    /* Lines for standard output, for scripts and --bench: "first_frame" once
     * the first frame is on screen (when $LIMBER_REPORT_FIRST_FRAME is set),
     * and the --stats figures at the end. Zero: dropped. */
    LbReport output;
} LbAppDesc;

typedef struct LbApp LbApp;

/* What a test can see of the app at a moment: the session as the screens
 * show it, and the loop's own state around it. */
typedef struct {
    LbSessionView view; /* tl, position (t_s), speed, paused, mirror, toast, ... */
    bool presenter, quit;
    bool quit_armed;   /* Esc was pressed once; again quits */
    int item, n_items; /* exercise */
    int seg;           /* segment of the timeline */
    int step, n_steps; /* segment within the exercise, 0-based */
    LmLevel level;
    int n_controllers;
    bool speaking; /* a voice cue (or its chime) is playing */
} LbAppState;

/* Open the window(s), the sound and the controllers, and start the clock at
 * now_ns (any monotonic nanosecond clock; lb_now_ns in the program). NULL
 * with a one-line message in err when no window can be opened or the fonts
 * are missing. Sound and controllers never fail it. The app owns its
 * windows, renderers, scene, console, audio, controllers and any timeline
 * it recompiles. */
LbApp *lb_app_create(const LbAppDesc *d, uint64_t now_ns, char *err, size_t err_size);
/* Write the remembered settings (when they changed), then free everything. */
void lb_app_destroy(LbApp *a);

/* One frame at now_ns: every event waiting in SDL's queue, the cue events
 * the clock crossed to the audio, draw, present. False once the user has
 * quit or drawing failed (lb_app_failed tells which). */
bool lb_app_step(LbApp *a, uint64_t now_ns);
/* Handle one event (lb_app_step calls this for each queued one). */
void lb_app_event(LbApp *a, const SDL_Event *e, uint64_t now_ns);
/* Do what a command asks, at now_ns, and say so in a toast. */
void lb_app_command(LbApp *a, LbCommand c, uint64_t now_ns);
void lb_app_state(const LbApp *a, uint64_t now_ns, LbAppState *out);
/* True when a frame could not be drawn. */
bool lb_app_failed(const LbApp *a);
/* The console window's renderer and size (NULL when not presenting), for
 * screenshots. */
SDL_Renderer *lb_app_console_renderer(const LbApp *a, int *w, int *h);
SDL_Renderer *lb_app_audience_renderer(const LbApp *a, int *w, int *h);

/* The program: create, step on the wall clock until the user quits (or
 * --quit-after passes), print --stats, destroy. Returns the exit status: 0
 * done, 1 when no window could be opened (the message names the problem). */
int lb_app_run(const LbAppDesc *d);

#endif
