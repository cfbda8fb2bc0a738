/* draw: a frame as a list of drawing commands (triangles, filled
 * rectangles, text copies), recorded by the scene and then carried out on
 * a GPU renderer or into a surface.
 *
 * Recording first lets a CPU-drawn window redraw only what changed: the
 * damage tracker (damage.h) hashes every command into the 32-pixel tiles it touches,
 * compares the tiles with the last frame's, and hands back the rectangles
 * whose tiles differ. Only those are redrawn (through the surface's clip
 * rectangle, which the rasteriser honours pixel-exactly) and sent to the
 * screen, so a still frame costs almost nothing and a moving figure costs
 * the pixels around it, not the whole 1080p or 4K picture. */
#ifndef LB_DRAW_H
#define LB_DRAW_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct LbDraw LbDraw;

LbDraw *lb_draw_create(void);
void lb_draw_destroy(LbDraw *d);
/* Start a new frame of w x h pixels: forget the previous commands. */
void lb_draw_begin(LbDraw *d, int w, int h);
/* Triangles (three indices each into v). Triangles with an index outside
 * v are dropped. */
void lb_draw_triangles(LbDraw *d, const SDL_Vertex *v, int nv, const int *idx, int ni);
/* lb_draw_triangles, with the caller's name for the content: the same key
 * must mean the same vertices and indices (a hash of what made them, say),
 * and the damage tracker then compares keys instead of hashing the
 * vertices. */
void lb_draw_triangles_keyed(LbDraw *d, const SDL_Vertex *v, int nv, const int *idx, int ni, uint64_t key);
/* lb_draw_triangles_keyed without copying: the list holds v and idx by
 * reference, so the caller keeps them unchanged until the list is begun
 * again or destroyed. Indices outside v are copied instead (and dropped,
 * as lb_draw_triangles does). */
void lb_draw_triangles_ref(LbDraw *d, const SDL_Vertex *v, int nv, const int *idx, int ni, uint64_t key);
/* The box of vertices v as the list works it out for a command (its
 * finite ones: x0, y0, x1, y1), and lb_draw_triangles_ref given it, for a
 * caller that keeps it with vertices it reuses unchanged. */
void lb_draw_vertex_box(const SDL_Vertex *v, int nv, float box[4]);
void lb_draw_triangles_ref_box(LbDraw *d, const SDL_Vertex *v, int nv, const int *idx, int ni, uint64_t key,
                               const float box[4]);
/* A rectangle (NULL = the whole frame) in colour c, blended by c.a. */
void lb_draw_fill(LbDraw *d, const SDL_FRect *r, SDL_Color c);
/* A texture copied to dst at alpha a (0..255). key names its content (the
 * same key, the same pixels): damage tracking compares keys, not the
 * texture's address. The texture must stay valid until the frame is drawn. */
void lb_draw_copy(LbDraw *d, SDL_Texture *tex, uint64_t key, const SDL_FRect *dst, Uint8 a);
/* The commands recorded so far are the frame's backdrop: what lies under
 * everything else and stays the same for many frames (the clear, the
 * floor, the mat). A CPU-drawn window then hashes it only when it changes
 * (lb_damage_update) and keeps its pixels to copy back instead of drawing
 * it again (lb_draw_to_surface_over). Keeping pixels needs the first
 * command to be an opaque fill of the whole frame and the rest triangles
 * or opaque fills. */
void lb_draw_mark_backdrop(LbDraw *d);
/* Record src's commands again at the end of d (src's backdrop mark is not
 * carried over). Its triangles are held by reference, not copied: src (and
 * what it holds by reference) must stay unchanged, and its textures valid,
 * until d is begun again or destroyed. */
void lb_draw_append(LbDraw *d, const LbDraw *src);
/* Work out the content key of every triangle command recorded so far, once:
 * a list recorded once and appended to many frames (the next-up figure,
 * an overlay panel) is then not hashed again each frame; lb_draw_append
 * carries the keys. Recording more after sealing is fine. */
void lb_draw_seal(LbDraw *d);
/* Where the list ends now, and a way back to it: lb_draw_rewind drops
 * everything recorded after the mark; false (nothing dropped) when the
 * mark is not one of this list's, or lies inside its backdrop. */
typedef struct {
    int n_cmd, nv, ni;
} LbDrawMark;
LbDrawMark lb_draw_mark(const LbDraw *d);
bool lb_draw_rewind(LbDraw *d, LbDrawMark m);
/* False when memory ran out while recording (the frame is incomplete). */
bool lb_draw_ok(const LbDraw *d);
int lb_draw_count(const LbDraw *d);

/* Carry the whole list out through r (a GPU renderer, or any renderer). */
bool lb_draw_to_renderer(const LbDraw *d, SDL_Renderer *r);
/* Into a surface: backdrop.h. What changed since the last frame: damage.h. */

#endif
