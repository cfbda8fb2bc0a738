/* raster_internal: hooks into the rasteriser for its tests, not for the
 * program. */
#ifndef LB_RASTER_INTERNAL_H
#define LB_RASTER_INTERNAL_H

#include <stdbool.h>

/* true (the default) lets spans use the SSE2 loops where the build has
 * them; false forces the plain C loops, so a test can compare the two. */
void lb_raster_use_simd(bool on);
/* true (the default) draws a run of one-colour triangles tiling a convex
 * polygon as that polygon, and a feather's two triangles as one quad;
 * false draws each triangle on its own. */
void lb_raster_use_runs(bool on);

#endif
