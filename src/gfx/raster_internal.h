/* raster_internal: what raster.c and raster_runs.c share, and hooks into
 * the rasteriser for its tests; not for the program. */
#ifndef LB_RASTER_INTERNAL_H
#define LB_RASTER_INTERNAL_H

#include <SDL.h>
#include <stdbool.h>

enum { RUN_MAX = 64 }; /* corners of a polygon walked as one */

/* Whether the two triangles at idx[0..5], (A, B, C) and (A, C, D), are a
 * feather: one quad of one colour whose alpha is one value along A-D and
 * another along B-C, that one plane can walk. */
bool lb_raster_feather_quad(const SDL_Vertex *v, int nv, const int *idx);
/* How many of the ntri triangles from idx on (at least 1) make one run of
 * one flat colour tiling a polygon, whose corners in order go to poly
 * (RUN_MAX at most) and their count to *np. */
int lb_raster_run_of(const SDL_Vertex *v, int nv, const int *idx, int ntri, int *poly, int *np);

/* true (the default) lets spans use the SSE2 loops where the build has
 * them; false forces the plain C loops, so a test can compare the two. */
void lb_raster_use_simd(bool on);
/* true (the default) draws a run of one-colour triangles tiling a convex
 * polygon as that polygon, and a feather's two triangles as one quad;
 * false draws each triangle on its own. */
void lb_raster_use_runs(bool on);

#endif
