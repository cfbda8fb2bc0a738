/* tess: shapes tessellated into triangles for SDL_RenderGeometry or a draw
 * list: convex polygons and rounded boxes with a one-pixel feathered rim
 * (anti-aliasing without multisampling), circles, ring arcs.
 *
 * A LbTess is a growing queue of vertices and indices the caller owns
 * (zero it to start, lb_tess_free it at the end), submits and clears. */
#ifndef LB_TESS_H
#define LB_TESS_H

#include <SDL.h>
#include <stdbool.h>

typedef struct {
    SDL_Vertex *vtx;
    int n_vtx, cap_vtx;
    int *idx;
    int n_idx, cap_idx;
} LbTess;

enum { LB_TESS_CORNER_SEG = 8, LB_TESS_ROUNDED_PTS = 4 * (LB_TESS_CORNER_SEG + 1) };

/* Empty the queue (keeps its memory). */
void lb_tess_clear(LbTess *t);
/* Free its memory and zero it. */
void lb_tess_free(LbTess *t);
/* Room for nv more vertices and ni more indices; false when out of memory. */
bool lb_tess_reserve(LbTess *t, int nv, int ni);
/* Queue a vertex of colour c with its alpha scaled by a (0..1); returns
 * its index. Needs room (lb_tess_reserve). */
int lb_tess_vertex(LbTess *t, float x, float y, SDL_Color c, float a);
/* Queue a triangle of three queued vertices. Needs room. */
void lb_tess_tri(LbTess *t, int a, int b, int c);

/* A convex polygon (pts in order around it) with a feathered rim. */
void lb_tess_convex(LbTess *t, const SDL_FPoint *pts, int n, SDL_Color c, float alpha);
/* The inside band, `thick` pixels wide, of a convex outline. */
void lb_tess_outline(LbTess *t, const SDL_FPoint *pts, int n, float thick, SDL_Color c, float alpha);
/* Chords for an arc of `angle` radians at radius r pixels, between lo and hi. */
int lb_tess_segs(float angle, float r, int lo, int hi);
/* The outline of a rounded rectangle into pts (LB_TESS_ROUNDED_PTS at
 * most); rad[] are the corner radii from the top right, counter-clockwise
 * on screen. Returns the point count. */
int lb_tess_rounded_points(SDL_FRect b, const float rad[4], SDL_FPoint *pts);
/* A rounded rectangle filled, or its inside band `thick` wide. */
void lb_tess_rounded(LbTess *t, SDL_FRect b, float rad, SDL_Color c, float alpha);
void lb_tess_rounded_frame(LbTess *t, SDL_FRect b, float rad, float thick, SDL_Color c, float alpha);
/* A filled circle. */
void lb_tess_circle(LbTess *t, float cx, float cy, float rad, SDL_Color c, float alpha);
/* An arc of a ring between radii r0 < r1, from 12 o'clock clockwise over
 * `turn` of a full circle (0..1); in a part: 1 its whole segments only, 2
 * the cut one at its end only, 0 both. lb_tess_arc draws both. */
void lb_tess_arc_part(LbTess *t, float cx, float cy, float r0, float r1, float turn, SDL_Color c, float alpha,
                      int part);
void lb_tess_arc(LbTess *t, float cx, float cy, float r0, float r1, float turn, SDL_Color c, float alpha);
/* An axis-aligned rectangle. */
void lb_tess_quad(LbTess *t, float x, float y, float w, float h, SDL_Color c, float alpha);

#endif
