/* raster: a small scanline rasteriser for coloured triangles into a 32-bit
 * surface, blending like SDL_BLENDMODE_BLEND. Headless output uses
 * it for the figure instead of the software renderer's geometry path,
 * which allocates and blits a scratch surface per triangle and was tens of
 * milliseconds a frame at 1080p. */
#ifndef LB_RASTER_H
#define LB_RASTER_H

#include <SDL.h>
#include <stdbool.h>

/* True when surf's pixel format is one the rasteriser writes (ARGB8888 or
 * RGB888, the usual window surface). */
bool lb_raster_supports(const SDL_Surface *surf);
/* Draw triangles (indices into v, three a triangle) into surf, which must
 * be a supported format. Corners are snapped to 1/256 px (and held to
 * +-2^20 px); pixel centres are sampled at (x + 0.5, y + 0.5) with the
 * top-left fill rule, so triangles sharing an edge never cover a pixel
 * twice; colours are interpolated across each triangle. Texture
 * coordinates are ignored. Only pixels inside surf's clip rectangle
 * (SDL_SetClipRect) are written, each with the value it gets unclipped, so
 * a frame redrawn piece by piece equals the frame drawn whole. False when
 * surf has another format. */
bool lb_raster_triangles(SDL_Surface *surf, const SDL_Vertex *v, int nv, const int *idx, int ni);

/* Fill rectangle r of surf (a supported format; clipped to the surface)
 * with the pixel value px. Unlike SDL_FillRect, whose vector path writes
 * around the cache, the pixels stay cached: a damaged rectangle is filled
 * and then drawn over at once. */
void lb_raster_fill_rect(SDL_Surface *surf, const SDL_Rect *r, Uint32 px);

/* Triangles filling the convex polygon of the n vertices v[base],
 * v[base + stride], ... in order around it, as a strip from its topmost
 * vertex down both sides, always taking the higher next vertex: each
 * triangle spans only the rows between neighbouring vertices, so a
 * scanline rasteriser visits each row about twice (a fan from a corner or
 * the centre crosses the shape with every triangle). Writes 3 (n - 2)
 * indices to idx; returns how many. */
int lb_raster_strip(const SDL_Vertex *v, int base, int stride, int n, int *idx);

#endif
