/* overlay: everything drawn over the figure, laid out in fractions of the
 * output so it reads the same on a laptop and on a TV across a room: title,
 * caption, countdown with a progress ring, side, reps, breath, next up,
 * routine progress, paused badge, toast, and the full-screen cards (safety,
 * help, blank).
 *
 * The layout is a pure function of the output size. Drawing asks the text
 * cache for each string, so a frame in which nothing changed rasterises
 * nothing; shapes are SDL_RenderGeometry fans and strips with a one-pixel
 * feathered edge. */
#ifndef LB_OVERLAY_H
#define LB_OVERLAY_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

#include "draw.h"
#include "lm_playback.h"
#include "lm_timeline.h"
#include "session_view.h"
#include "text.h"

typedef enum {
    LB_EL_TITLE = 0, /* exercise title, top left */
    LB_EL_CAPTION,   /* the current step, at most two lines */
    LB_EL_COUNTDOWN, /* seconds left with a progress ring */
    LB_EL_SIDE,      /* LEFT / RIGHT and where that is on screen */
    LB_EL_REPS,      /* "7 / 12" */
    LB_EL_BREATH,    /* circle that grows on inhale, shrinks on exhale */
    LB_EL_NEXT,      /* next exercise during rests; holds next_figure */
    LB_EL_PROGRESS,  /* item / n_items and a bar through the routine */
    LB_EL_PAUSED,    /* paused badge */
    LB_EL_TOAST,     /* short-lived message ("Speed 1.25x") */
    LB_EL_STAGE,     /* where the main figure is drawn: what remains */
    LB_EL_COUNT
} LbElement;

/* Short name of an element ("countdown"), for messages and tests. */
const char *lb_element_name(LbElement e);

/* Layout options. Zero means the default. */
typedef struct {
    float safe_margin; /* fraction kept clear on each side, 0 = 0.05 (TV title-safe) */
    float text_scale;  /* 0 = 1; clamped to 0.85..1.2 */
} LbOverlayLayoutIn;

typedef struct {
    SDL_Rect safe;            /* the title-safe area; every element is inside it */
    SDL_Rect el[LB_EL_COUNT]; /* no two overlap */
    SDL_Rect next_figure;     /* inside el[LB_EL_NEXT]: for the small next-up figure */
    int unit;                 /* size unit in pixels that text sizes derive from */
    int gap;                  /* space between elements */
    bool portrait;            /* stacked vertically */
} LbLayout;

/* Rectangles for every element at an output of w x h pixels (in may be
 * NULL). Pure: same input, same output. */
void lb_overlay_layout(int w, int h, const LbOverlayLayoutIn *in, LbLayout *out);

/* The side words: big = "LEFT side" / "RIGHT side", small = "on your screen:
 * right" / "the side nearer you" (or "" when it cannot be told).
 * side: 1 left, 2 right; anything else writes "" to both. */
void lb_side_words(int side, LmScreenSide figure_left_on_screen, bool mirror, char *big, size_t big_size, char *small,
                   size_t small_size);

typedef struct {
    const char *data_dir;     /* fonts from data_dir/assets/fonts; NULL = "." */
    const char *font_regular; /* override the font files (tests) */
    const char *font_bold;
    LbOverlayLayoutIn layout;
} LbOverlayDesc;

typedef struct LbOverlay LbOverlay;

/* Open the fonts and the text cache. NULL with a message naming the file in
 * err when a font is missing or unusable. Owns the text cache and its
 * textures, and a vertex buffer. */
LbOverlay *lb_overlay_create(const LbOverlayDesc *desc, char *err, size_t err_size);
/* Free everything it owns. NULL is fine. Call it before destroying the
 * renderer it drew with, or lb_text_forget(lb_overlay_text(o), r) first. */
void lb_overlay_destroy(LbOverlay *o);
/* Record shapes, text copies and fills into list (see draw.h) instead of
 * drawing through the renderer, which then only makes the text textures.
 * NULL returns to the renderer. The list stays the caller's. */
void lb_overlay_set_list(LbOverlay *o, LbDraw *list);

/* The layout lb_overlay_draw uses at w x h (the desc's layout options). */
void lb_overlay_get_layout(const LbOverlay *o, int w, int h, LbLayout *out);

/* True when the overlay covers the stage completely this frame (blank
 * screen or the safety card), so the figure need not be drawn. */
bool lb_overlay_covers_stage(const LmOverlayState *st, const LbSessionView *view);
/* The heading of the box that names st->next_title: "NEXT UP", or "AFTER
 * THAT" during a lead-in (a rest), whose caption and stage already give
 * the coming exercise while the box names the one after it. */
const char *lb_overlay_next_label(const LmOverlayState *st);
/* The progress bar's words: left "exercise / exercises" (empty for one),
 * right the level, the speed when not 1x, "mirrored", "sound off" and the
 * time left at the speed playing ("4:05 left"), joined by middle dots. */
void lb_overlay_status_words(const LmOverlayState *st, const LbSessionView *v, char *left, size_t left_size,
                             char *right, size_t right_size);

/* Draw the overlay for state st (may be NULL: only view items) over
 * whatever is on the w x h target. Call after the figures. Sets the draw
 * blend mode to blend. False if a draw call failed. */
bool lb_overlay_draw(LbOverlay *o, SDL_Renderer *r, int w, int h, const LmOverlayState *st, const LbSessionView *view);

/* Recording into a list, the elements that stay the same for many frames
 * (title, caption, side, reps, next up, the progress bar's panel and
 * words, the pause badge, the cards) are recorded once and appended again
 * while they stay so. Tests: false draws every element every frame;
 * lb_overlay_parts_reused counts the elements appended so far. */
void lb_overlay_use_parts(LbOverlay *o, bool on);
unsigned long lb_overlay_parts_reused(const LbOverlay *o);

/* The text cache, for its counters and for lb_text_forget when a renderer
 * goes away. The overlay keeps ownership. */
LbText *lb_overlay_text(LbOverlay *o);

#endif
