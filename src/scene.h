/* scene: the whole picture at time t (background, figure, "next up"
 * preview, overlay), the one composition the window, --render and --bench
 * all draw, so every path shows the same thing. */
#ifndef LB_SCENE_H
#define LB_SCENE_H

#include <SDL.h>
#include <stdbool.h>

#include "figure.h"
#include "lm_timeline.h"

typedef struct LbScene LbScene;

/* Where things go on a w x h output. Fractions of the output, inside the
 * title-safe area (the inner 90%), so a TV that overscans cuts nothing. */
typedef struct {
    SDL_FRect safe;    /* title-safe area */
    SDL_FRect stage;   /* the figure */
    SDL_FRect next_up; /* the small preview of the next exercise */
} LbLayout;
void lb_scene_layout(int w, int h, LbLayout *out);

/* A scene over a timeline the caller keeps alive. Owns the figure drawer. */
LbScene *lb_scene_create(const LmTimeline *tl);
void lb_scene_destroy(LbScene *sc);
/* Draw the picture at t_s to the renderer's current target of w x h
 * pixels. Returns false when drawing failed (the SDL error says why). */
bool lb_scene_draw(LbScene *sc, SDL_Renderer *r, double t_s, int w, int h, bool mirror);
/* Headless: the renderer draws into surf (a canvas); the figure is then
 * rasterised straight into it (see lb_figure_set_surface). */
void lb_scene_set_surface(LbScene *sc, SDL_Surface *surf);
/* GPU textures were lost (renderer reset): drop anything cached on them. */
void lb_scene_textures_lost(LbScene *sc);

#endif
