/* backdrop: a recorded frame carried out into a surface through the
 * rasteriser, and the pixels of its backdrop (lb_draw_mark_backdrop) kept
 * per target, so a still backdrop is copied back instead of drawn again. */
#ifndef LB_BACKDROP_H
#define LB_BACKDROP_H

#include "draw.h"

/* Carry d out into surf, the target of software renderer sw (which does
 * the fills and text copies; triangles go through the rasteriser), only
 * inside the n rectangles (rects NULL: the whole surface; n 0: nothing). */
bool lb_draw_to_surface(const LbDraw *d, SDL_Renderer *sw, SDL_Surface *surf, const SDL_Rect *rects, int n);

/* The pixels of a frame's backdrop (lb_draw_mark_backdrop) for one target,
 * over the backdrop's own bounds (the stage, not the whole frame). */
typedef struct LbBackdrop LbBackdrop;
LbBackdrop *lb_backdrop_create(void);
void lb_backdrop_destroy(LbBackdrop *b);
/* How many times its pixels were drawn (tests: once per backdrop). */
int lb_backdrop_builds(const LbBackdrop *b);
/* lb_draw_to_surface, with the backdrop's pixels copied from b instead of
 * drawn, once the same backdrop has come two frames running (b keeps them
 * until it changes). The pixels written are the same. b NULL: as
 * lb_draw_to_surface. */
bool lb_draw_to_surface_over(const LbDraw *d, LbBackdrop *b, SDL_Renderer *sw, SDL_Surface *surf, const SDL_Rect *rects,
                             int n);

#endif
