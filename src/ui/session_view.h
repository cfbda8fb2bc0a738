/* session_view: one picture of a session at a moment, as the screens draw
 * it. The app fills it once a frame (app_view in src/app/app.c); the
 * overlay on the audience window, the presenter console and the tests read
 * the same struct, each the fields it needs. Renderers with no session
 * around them (--render, --export, tests) fill only what they show. Zero
 * means "nothing": not paused, no toast, no help card, 1x. */
#ifndef LB_SESSION_VIEW_H
#define LB_SESSION_VIEW_H

#include <stdbool.h>

#include "lm_playback.h"
#include "lm_camera.h"
#include "lm_timeline.h"

typedef struct {
    /* what is playing, and where */
    const LmTimeline *tl;
    const LmLibrary *lib; /* for the next exercise's steps; may be NULL */
    const LmPlayback *pb; /* the clock, for times at the speed playing (holds keep
                             real time); NULL: the session's own seconds at 1x */
    double t_s;           /* playback position */
    double speed;         /* 0 or 1 = normal (then not shown) */
    const char *level;    /* the level's name to show, or NULL */

    /* the picture */
    bool mirror;                        /* flipped left to right */
    bool blank;                         /* black screen, nothing else */
    LmScreenSide figure_left_on_screen; /* AUTO: the scene tells it from the camera */

    /* the settings */
    bool paused, muted, fullscreen;
    int volume;           /* 0..100 */
    int audience_display; /* where the audience window is */
    int n_displays;

    /* what is shown over it */
    const char *toast;             /* the last acknowledgement; NULL or "" = none */
    float toast_alpha;             /* 0..1 */
    bool help;                     /* the key help card */
    const char *const *help_lines; /* "Key\tWhat it does" (a tab splits the columns) */
    int n_help_lines;
    const char *note; /* console: a line at the bottom (e.g. only one display), or NULL */
    const char *keys; /* console: the one-line key reminder, or NULL */
} LbSessionView;

#endif
