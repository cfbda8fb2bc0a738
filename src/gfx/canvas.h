/* canvas: an offscreen drawing surface (software renderer into memory) for
 * headless frames, contact sheets, benchmarks and tests. */
#ifndef LB_CANVAS_H
#define LB_CANVAS_H

#include <SDL.h>
#include <stdbool.h>

/* Prepare SDL for drawing without a display (offscreen video driver,
 * software renderer). Safe to call more than once. */
void lb_canvas_init_headless(void);

/* A w x h ARGB8888 surface with a software renderer drawing into it.
 * Owns both; free with lb_canvas_free. */
typedef struct {
    SDL_Surface *surf;
    SDL_Renderer *ren;
} LbCanvas;
bool lb_canvas_init(LbCanvas *c, int w, int h);
void lb_canvas_free(LbCanvas *c);
/* Finish queued drawing so the surface holds the pixels. */
void lb_canvas_flush(LbCanvas *c);

#endif
