/* figure_mesh: the figure's triangles (private to the ui layer). Shapes
 * are queued as primitives (feathered capsules, convex polygons, soft
 * ellipses) in depth-sorted items, then tessellated into one batch that
 * goes to SDL_RenderGeometry or, recorded into a draw list, becomes one
 * command per shape. A shape whose recipe (its primitives) matches one of
 * the same slot's last frame is copied from there instead of made again. */
#ifndef LB_FIGURE_MESH_H
#define LB_FIGURE_MESH_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "draw.h"

#define FEATHER_PX 1.5f /* width of the alpha ramp at every edge */

typedef struct {
    Uint8 r, g, b, a;
} Rgba;

/* Batches kept from one frame to the next, one pair per slot. */
typedef enum {
    LB_MESH_GROUND = 0,
    LB_MESH_BODY,
    LB_MESH_GHOST,
    LB_MESH_MARKS,
    LB_MESH_UNDER_MARKS, /* marks under the figure (a step's arrows) */
    LB_MESH_INSET,       /* the second view's figure */
    LB_MESH_INSET_MARKS, /* and its marks */
    LB_MESH_SLOTS
} LbMeshSlot;

typedef enum { PRIM_CAPSULE = 0, PRIM_POLY, PRIM_SOFT } PrimKind;

#define POLY_MAX 8

typedef struct {
    PrimKind kind;
    SDL_FPoint a, b;     /* capsule ends */
    float r, rb;         /* capsule radius at a and at b, pixels */
    bool flat_a, flat_b; /* that end's round cap is left out: another prim covers it */
    int n;               /* polygon points */
    /* PRIM_SOFT (a soft ellipse, only as a shape's recipe): centre a,
     * radii r and rb, solid share b.x */
    SDL_FPoint pts[POLY_MAX];
    Rgba col;
} Prim;

/* A depth-sorted unit: a run of primitives drawn in order. */
typedef struct {
    int layer;  /* 0 ground (always first), 1 sorted with the figure */
    double z;   /* view depth, larger is nearer */
    int order;  /* insertion order, breaks ties deterministically */
    int p0, np; /* its primitives */
} Item;

#define MAX_PRIMS 400
#define MAX_ITEMS 64

/* One shape of a batch (a limb chain, a shadow, the mat): its vertices
 * and indices, and what it was made from (its recipe: the primitives,
 * which decide every vertex). Recorded into a list, each shape becomes a
 * command of its own, keyed by a hash of its recipe. */
typedef struct {
    int v0, nv, i0, ni; /* vertices [v0, nv), indices [i0, ni) */
    int r0, nr;         /* recipe [r0, r0 + nr) */
    uint64_t key;
    /* Copied from the last frame's batch: its indices are already
     * relative to v0 (as a kept batch holds them), and its vertices' box
     * is known (box_ok) */
    bool rel, box_ok;
    float box[4];
} Shape;

/* The triangles of one draw_parts call, shape by shape. */
typedef struct {
    SDL_Vertex *v;
    int nv, cap_v;
    int *idx;
    int ni, cap_i;
    Shape *shape;
    int nshape, cap_shape;
    Prim *recipe;
    int nrecipe, cap_recipe;
    bool kept; /* whole, its indices relative to each shape's first vertex */
} Batch;

struct LbMesh {
    LbDraw *list; /* when set: the triangles are recorded there */
    /* The batch being made (w), and for the ground and the body recorded
     * into a list, the one the last frame made (was): a shape made from
     * the same recipe as one there is copied, not made again. batch[0]
     * serves everything else, batch[1 + 2 s + k] slot s (LbMeshSlot). */
    Batch *w, *was;
    Batch batch[1 + 2 * LB_MESH_SLOTS];
    int last[LB_MESH_SLOTS];
    unsigned long reused; /* shapes copied so far */
    Prim prim[MAX_PRIMS];
    int nprim;
    Item item[MAX_ITEMS];
    int nitem;
    bool oom;
    int slot;     /* the slot being made, -1 for none */
    bool clip_on; /* cut every triangle to clip (a small second view) */
    SDL_FRect clip;
    /* Where a cut batch is made, then swapped with the batch's own
     * arrays (kept from frame to frame, not allocated each time). */
    SDL_Vertex *cut_v;
    int cap_cut_v;
    int *cut_i;
    int cap_cut_i;
    const Shape *copied; /* the last frame's shape the next one is copied from, or NULL */
};

typedef struct LbMesh LbMesh;

/* The mesh of a figure drawer (figure_marks.c draws through it). */
typedef struct LbFigure LbFigure;
LbMesh *lb_figure_mesh(LbFigure *fg);

/* Start a batch: for a slot (LbMeshSlot) recorded into a list, the last
 * frame's batch of that slot is copied from; -1 for none. */
void lb_mesh_begin(LbMesh *m, int slot);
/* After lb_mesh_finish: this batch is the one the slot copies from next. */
void lb_mesh_end(LbMesh *m);
void lb_mesh_free(LbMesh *m);
/* Start a depth-sorted item (layer 0 is drawn first, unsorted; layer 1 is
 * sorted by z, larger nearer). */
void lb_mesh_item(LbMesh *m, int layer, double z);
/* Primitives of the current item. A capsule's radii may differ. */
Prim *lb_mesh_capsule2(LbMesh *m, SDL_FPoint a, SDL_FPoint b, float ra, float rb, Rgba c);
void lb_mesh_capsule(LbMesh *m, SDL_FPoint a, SDL_FPoint b, float r, Rgba c);
void lb_mesh_poly(LbMesh *m, const SDL_FPoint *pts, int n, Rgba c);
/* Sort the queued items back to front, tessellate them, empty the queue. */
void lb_mesh_emit_items(LbMesh *m);
/* A soft ellipse, opaque to `solid` of its radii, as a shape of its own. */
void lb_mesh_soft(LbMesh *m, SDL_FPoint c, float rx, float ry, float solid, Rgba col);
/* Hand the batch over: a list command per shape, or one SDL_RenderGeometry. */
bool lb_mesh_finish(LbMesh *m, SDL_Renderer *r);

#endif
