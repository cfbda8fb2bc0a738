/* scene: the whole picture at time t (background, figure, "next up"
 * preview, overlay), the one composition the window, --render and --bench
 * all draw, so every path shows the same thing. */
#ifndef LB_SCENE_H
#define LB_SCENE_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

#include "backdrop.h"
#include "figure.h"
#include "lm_timeline.h"
#include "overlay.h"

typedef struct LbScene LbScene;

/* Where the figures go on a w x h output: the overlay's layout decides
 * (fractions of the output, inside the title-safe area), so captions and
 * the figure never overlap. */
typedef struct {
    SDL_FRect safe;    /* title-safe area */
    SDL_FRect stage;   /* the figure */
    SDL_FRect next_up; /* the small preview of the next exercise */
} LbSceneLayout;
void lb_scene_layout(int w, int h, LbSceneLayout *out);

/* The views the figure is drawn in at t on a layout: the main one, and
 * for an exercise that has one, the second small view (then true). */
bool lb_scene_views(LbScene *sc, double t_s, const LbSceneLayout *lay, bool mirror, LbFigureView *main,
                    LbFigureView *inset);

/* A scene over a timeline the caller keeps alive; fonts come from
 * data_dir/assets/fonts. NULL with a message in err (naming the file) when
 * a font cannot be opened. Owns the figure drawer and the overlay. */
LbScene *lb_scene_create(const LmTimeline *tl, const char *data_dir, char *err, size_t err_size);
void lb_scene_destroy(LbScene *sc);
/* Draw another timeline from now on (the same routine recompiled at another
 * level); the caller keeps it alive. Nothing cached depends on it. */
void lb_scene_set_timeline(LbScene *sc, const LmTimeline *tl);
/* Draw the picture at t_s to the renderer's current target of w x h
 * pixels; view carries the shell's state (mirror, paused, toast, help,
 * blank). view may be NULL. Returns false when drawing failed. */
bool lb_scene_draw(LbScene *sc, SDL_Renderer *r, double t_s, int w, int h, const LbSessionView *view);
/* Record the picture at t_s as a list of drawing commands, drawing
 * nothing: the caller carries it out (see draw.h), e.g. only where it
 * differs from the last frame. r makes the text textures. The list is the
 * scene's and lasts until the next record or draw; NULL on failure. */
const LbDraw *lb_scene_record(LbScene *sc, SDL_Renderer *r, double t_s, int w, int h, const LbSessionView *view);
/* The renderer draws into surf (a canvas, or a software renderer's window
 * surface): frames are then carried out into it with the rasteriser (see
 * lb_draw_to_surface). NULL: through the renderer's own drawing. */
void lb_scene_set_surface(LbScene *sc, SDL_Surface *surf);
/* GPU textures were lost (renderer reset): drop anything cached on them. */
void lb_scene_textures_lost(LbScene *sc);
/* The overlay, for its text cache counters. The scene keeps ownership. */
LbOverlay *lb_scene_overlay(LbScene *sc);

#endif
