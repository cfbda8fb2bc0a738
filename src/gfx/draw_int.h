/* draw_int: the recorded list's insides, shared by draw.c (recording,
 * carrying out on a renderer), backdrop.c (carrying out into a surface,
 * the backdrop's pixels) and damage.c (tile hashes). Nobody else sees it. */
#ifndef LB_DRAW_INT_H
#define LB_DRAW_INT_H

#include "draw.h"

#include "hash.h"

typedef enum { CMD_TRIS, CMD_FILL, CMD_COPY } CmdKind;

typedef struct {
    CmdKind kind;
    SDL_Rect box; /* the pixels it may touch, inside the frame */
    uint64_t key; /* FILL, COPY: its content; TRIS: its content when keyed */
    bool keyed;   /* TRIS: key already holds draw_tris_key (lb_draw_seal) */
    int first, n; /* TRIS: indices [first, first + n) */
    int v0, nv;   /* TRIS: the vertices they index, [v0, v0 + nv) */
    /* TRIS held by reference (lb_draw_triangles_ref, lb_draw_append):
     * the vertices the indices name and the first index, in the caller's
     * arrays; NULL when they are the list's own */
    const SDL_Vertex *xv;
    const int *xi;
    SDL_FRect rect; /* FILL: the rectangle; COPY: the destination */
    SDL_Color c;    /* FILL: the colour; COPY: alpha in c.a */
    SDL_Texture *tex;
} Cmd;

struct LbDraw {
    int w, h;
    Cmd *cmd;
    int n_cmd, cap_cmd;
    SDL_Vertex *v;
    int nv, cap_v;
    int *idx;
    int ni, cap_i;
    int *scratch; /* indices of the triangles inside one rectangle */
    int cap_scratch;
    int n_backdrop;          /* commands [0, n_backdrop) are the backdrop */
    uint64_t backdrop_key;   /* their content */
    bool backdrop_cacheable; /* an opaque clear, then triangles and opaque fills */
    bool oom;
};

/* A triangle command's vertices (its indices name these), how many of
 * them an index may name, and its indices. */
static inline const SDL_Vertex *cmd_v(const LbDraw *d, const Cmd *c) { return c->xv ? c->xv : d->v; }
static inline int cmd_nv(const LbDraw *d, const Cmd *c) { return c->xv ? c->v0 + c->nv : d->nv; }
static inline const int *cmd_i(const LbDraw *d, const Cmd *c) { return c->xi ? c->xi : d->idx + c->first; }

/* Grow *p (an array of *cap elements of `size` bytes, `first` to start
 * with) to hold need; false when out of memory or past 2^28. */
bool draw_grow(void **p, int *cap, int need, size_t size, int first);

static inline uint64_t draw_colour_bits(SDL_Color c)
{
    return (uint64_t)c.r << 24 | (uint64_t)c.g << 16 | (uint64_t)c.b << 8 | c.a;
}

/* A vertex as 64 bits: position and colour, each multiplied into a
 * different part (cheap; the tile hashes mix further). */
static inline uint64_t draw_vertex_bits(const SDL_Vertex *v)
{
    return (lb_float_bits(v->position.x) * 0x9e3779b97f4a7c15ull) ^
           (lb_float_bits(v->position.y) * 0xc2b2ae3d27d4eb4full) ^
           (draw_colour_bits(v->color) * 0x165667b19e3779f9ull);
}

static inline uint64_t draw_rotl64(uint64_t x, int k) { return x << k | x >> (64 - k); }

/* The content of triangle command c: its vertices and its indices. vh
 * holds its vertices' hashes (draw_vertex_bits) when the caller has them, else
 * NULL. */
uint64_t draw_tris_key(const LbDraw *d, const Cmd *c, const uint64_t *vh);

static inline bool draw_overlaps(const SDL_Rect *a, const SDL_Rect *b)
{
    return a->w > 0 && b->w > 0 && a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Carry one command out through a renderer. */
bool draw_copy_through(SDL_Renderer *r, const Cmd *c);
bool draw_fill_through(SDL_Renderer *r, const Cmd *c);
/* The triangles of c that may touch clip, rasterised into surf (whose clip
 * rectangle is clip). */
bool draw_tris_into(LbDraw *d, const Cmd *c, SDL_Surface *surf, const SDL_Rect *clip);

#endif
