/* damage: the tile hashes that tell which parts of a frame changed. */
#include "damage.h"

#include <stdlib.h>
#include <string.h>

#include "draw_int.h"

/* One command's part in one tile's hash: tile = tile * mul + add. */
typedef struct {
    uint64_t mul, add;
    int32_t tile;
} TileStep;

/* A triangle command's content and its steps [first, first + n). */
typedef struct {
    uint64_t key;
    int first, n;
} CmdTiles;

struct LbDamage {
    int w, h, tx, ty; /* frame size, tiles across and down */
    uint64_t *seen;   /* the last frame's tile hashes */
    uint64_t *now;    /* this frame's, being made */
    unsigned char *dirty;
    uint64_t *vh; /* one command's vertex hashes */
    int cap_vh;
    /* What each triangle command after the backdrop did to the tiles, this
     * frame [cur] and the last [!cur], to be done again when a command
     * comes back unchanged (see hash_cmds). */
    TileStep *steps[2];
    int n_steps[2], cap_steps[2];
    CmdTiles *cmds[2];
    int n_cmds[2], cap_cmds[2];
    int cur;
    int32_t *slot;     /* per tile: its place in the command being hashed, or -1 */
    uint64_t *base;    /* the tile hashes after the backdrop alone */
    uint64_t base_key; /* of that backdrop */
    bool base_ok;
    bool valid; /* seen describes what is on the target */
};

LbDamage *lb_damage_create(void) { return calloc(1, sizeof(LbDamage)); }

void lb_damage_destroy(LbDamage *g)
{
    if (!g)
        return;
    free(g->seen);
    free(g->now);
    free(g->dirty);
    free(g->vh);
    free(g->base);
    for (int i = 0; i < 2; i++) {
        free(g->steps[i]);
        free(g->cmds[i]);
    }
    free(g->slot);
    free(g);
}

void lb_damage_invalidate(LbDamage *g)
{
    if (g)
        g->valid = false;
}

static inline void mark(LbDamage *g, const SDL_Rect *b, uint64_t h)
{
    if (b->w <= 0 || b->h <= 0)
        return;
    int x0 = b->x / LB_DAMAGE_TILE, x1 = (b->x + b->w - 1) / LB_DAMAGE_TILE;
    int y0 = b->y / LB_DAMAGE_TILE, y1 = (b->y + b->h - 1) / LB_DAMAGE_TILE;
    for (int y = y0; y <= y1; y++) {
        uint64_t *row = g->now + (size_t)y * (size_t)g->tx;
        for (int x = x0; x <= x1; x++)
            row[x] = lb_mix64(row[x] ^ h);
    }
}

static int whole_frame(const LbDamage *g, SDL_Rect *out)
{
    if (g->w <= 0 || g->h <= 0)
        return 0;
    out[0] = (SDL_Rect){0, 0, g->w, g->h};
    return 1;
}

static long rect_area(const SDL_Rect *r) { return (long)r->w * r->h; }

/* The box around two non-empty rectangles. */
static SDL_Rect union_of(const SDL_Rect *a, const SDL_Rect *b)
{
    int x0 = SDL_min(a->x, b->x), y0 = SDL_min(a->y, b->y);
    int x1 = SDL_max(a->x + a->w, b->x + b->w), y1 = SDL_max(a->y + a->h, b->y + b->h);
    return (SDL_Rect){x0, y0, x1 - x0, y1 - y0};
}

/* Each rectangle costs a pass over every shape that touches it, so a few
 * larger ones beat many small ones when little is added: merge the pair
 * whose bounding box (with any rectangle it then overlaps) adds the least
 * undamaged area, while that is at most MERGE_WASTE_TILES tiles (more
 * made the redraw of a moving figure slower, not faster). The result stays
 * disjoint. */
#define MERGE_WASTE_TILES 4
#define MERGE_MAX_RECTS 24 /* more than this (scattered changes): left as they are */
static int merge_rects(SDL_Rect *r, int n)
{
    /* each pass looks at every pair: keep the passes few and short */
    while (n > 1 && n <= MERGE_MAX_RECTS) {
        int bi = -1;
        long best = -1;
        SDL_Rect bu = {0, 0, 0, 0};
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                SDL_Rect u = union_of(&r[i], &r[j]);
                /* grow over everything it overlaps, counting what it holds */
                long held;
                bool grew = true;
                while (grew) {
                    grew = false;
                    held = 0;
                    for (int k = 0; k < n; k++)
                        if (draw_overlaps(&u, &r[k])) {
                            SDL_Rect v = union_of(&u, &r[k]);
                            if (v.x != u.x || v.y != u.y || v.w != u.w || v.h != u.h) {
                                u = v;
                                grew = true;
                            }
                            held += rect_area(&r[k]);
                        }
                }
                long waste = rect_area(&u) - held;
                bool worth = waste <= (long)MERGE_WASTE_TILES * LB_DAMAGE_TILE * LB_DAMAGE_TILE;
                if (worth && (best < 0 || waste < best)) {
                    best = waste;
                    bi = i;
                    bu = u;
                }
            }
        if (bi < 0)
            break;
        /* keep the rectangles outside the merged box, then add it */
        int m = 0;
        for (int k = 0; k < n; k++)
            if (!draw_overlaps(&bu, &r[k]))
                r[m++] = r[k];
        r[m++] = bu;
        n = m;
    }
    return n;
}

/* Triangle commands hash each triangle (its three vertices in order) into
 * every tile its box touches as tile = tile * TILE_MUL + h. That step is
 * affine, so all of one command's steps on a tile fold into one (mul,
 * add) pair, and a command that comes back unchanged (the same content in
 * the same place in the list: a panel, the next-up figure, the figure
 * during a hold) repeats its pairs, one per tile, instead of walking its
 * triangles again; the tile hashes are the same either way. */
#define TILE_MUL 0xff51afd7ed558ccdull

static bool grow_steps(LbDamage *g, int b, int need)
{
    return draw_grow((void **)&g->steps[b], &g->cap_steps[b], need, sizeof(TileStep), 256);
}

/* Fold triangle command c's steps per tile into steps[b] from n_steps[b]
 * on (vh: its vertex hashes). False when memory ran out. */
static bool fold_tris(LbDamage *g, const LbDraw *d, const Cmd *c, const uint64_t *vh, int b)
{
    const int *ix = cmd_i(d, c);
    const SDL_Vertex *v = cmd_v(d, c);
    const float maxx = (float)d->w - 1, maxy = (float)d->h - 1;
    const int first = g->n_steps[b], tiles_across = g->tx;
    int32_t *slot = g->slot;
    /* room for a step per tile a triangle may touch, grown as needed */
    int n = first;
    bool ok = true;
    for (int k = 0; k < c->n; k += 3) {
        const SDL_FPoint p = v[ix[k]].position, q = v[ix[k + 1]].position, e = v[ix[k + 2]].position;
        float x0 = SDL_min(p.x, SDL_min(q.x, e.x)) - 1.5f, x1 = SDL_max(p.x, SDL_max(q.x, e.x)) + 1.5f;
        float y0 = SDL_min(p.y, SDL_min(q.y, e.y)) - 1.5f, y1 = SDL_max(p.y, SDL_max(q.y, e.y)) + 1.5f;
        /* (written so that NaN fails every test) */
        if (!(x1 >= 0 && y1 >= 0 && x0 <= maxx && y0 <= maxy))
            continue;
        x0 = x0 > 0 ? x0 : 0;
        y0 = y0 > 0 ? y0 : 0;
        x1 = x1 < maxx ? x1 : maxx;
        y1 = y1 < maxy ? y1 : maxy;
        unsigned tx0 = (unsigned)x0 / LB_DAMAGE_TILE, tx1 = (unsigned)x1 / LB_DAMAGE_TILE;
        unsigned ty0 = (unsigned)y0 / LB_DAMAGE_TILE, ty1 = (unsigned)y1 / LB_DAMAGE_TILE;
        uint64_t h =
            vh[ix[k] - c->v0] + draw_rotl64(vh[ix[k + 1] - c->v0], 21) + draw_rotl64(vh[ix[k + 2] - c->v0], 42);
        int span = (int)((tx1 - tx0 + 1) * (ty1 - ty0 + 1));
        if (n + span > g->cap_steps[b]) {
            g->n_steps[b] = n;
            if (!grow_steps(g, b, n + span)) {
                ok = false;
                break;
            }
        }
        TileStep *steps = g->steps[b];
        for (unsigned ty = ty0; ty <= ty1; ty++) {
            int32_t *srow = slot + (size_t)ty * (size_t)tiles_across;
            for (unsigned tx = tx0; tx <= tx1; tx++) {
                int32_t s = srow[tx];
                if (s < 0) {
                    s = srow[tx] = n++;
                    steps[s] = (TileStep){1, 0, (int32_t)(ty * (unsigned)tiles_across + tx)};
                }
                steps[s].add = steps[s].add * TILE_MUL + h;
                steps[s].mul *= TILE_MUL;
            }
        }
    }
    g->n_steps[b] = n;
    for (int i = first; i < n; i++)
        slot[g->steps[b][i].tile] = -1;
    return ok;
}

/* g->vh: the hashes of triangle command c's vertices. False when memory
 * ran out. */
static bool vertex_hashes(LbDamage *g, const LbDraw *d, const Cmd *c)
{
    if (c->nv > g->cap_vh) {
        uint64_t *vh = realloc(g->vh, (size_t)c->nv * sizeof *vh);
        if (!vh)
            return false;
        g->vh = vh;
        g->cap_vh = c->nv;
    }
    const SDL_Vertex *v = cmd_v(d, c);
    for (int k = 0; k < c->nv; k++)
        g->vh[k] = draw_vertex_bits(&v[c->v0 + k]);
    return true;
}

/* Commands [from, to) of d hashed into g->now, tile by tile; with cache,
 * triangle commands unchanged since the last frame repeat their steps
 * and every triangle command's steps are kept for the next. False when
 * memory ran out (g->valid is then false too: all of it is damaged). */
static bool hash_cmds(LbDamage *g, const LbDraw *d, int from, int to, bool cache)
{
    const int b = g->cur, last = !g->cur;
    int ordinal = 0;
    for (int i = from; i < to; i++) {
        const Cmd *c = &d->cmd[i];
        if (c->kind != CMD_TRIS) {
            mark(g, &c->box, c->key ^ (uint64_t)c->kind);
            continue;
        }
        /* each vertex hashed once (a vertex serves several triangles), and
         * only when needed: a sealed command knows its content already */
        bool have_vh = false;
        if (!(cache && c->keyed)) {
            if (!vertex_hashes(g, d, c))
                goto fail;
            have_vh = true;
        }
        uint64_t key = cache ? (c->keyed ? c->key : draw_tris_key(d, c, g->vh)) : 0;
        int first = g->n_steps[b];
        const CmdTiles *was = cache && ordinal < g->n_cmds[last] ? &g->cmds[last][ordinal] : NULL;
        if (was && was->key == key) {
            if (!grow_steps(g, b, first + was->n))
                goto fail;
            memcpy(g->steps[b] + first, g->steps[last] + was->first, (size_t)was->n * sizeof(TileStep));
            g->n_steps[b] += was->n;
        } else if ((!have_vh && !vertex_hashes(g, d, c)) || !fold_tris(g, d, c, g->vh, b)) {
            goto fail;
        }
        for (int k = first; k < g->n_steps[b]; k++) {
            const TileStep *st = &g->steps[b][k];
            g->now[st->tile] = g->now[st->tile] * st->mul + st->add;
        }
        if (cache) {
            if (!draw_grow((void **)&g->cmds[b], &g->cap_cmds[b], ordinal + 1, sizeof(CmdTiles), 16))
                goto fail;
            g->cmds[b][ordinal] = (CmdTiles){key, first, g->n_steps[b] - first};
            g->n_cmds[b] = ordinal + 1;
            ordinal++;
        } else {
            g->n_steps[b] = first; /* nothing kept */
        }
    }
    return true;
fail:
    g->valid = false;
    g->n_cmds[b] = 0;
    return false;
}

int lb_damage_update(LbDamage *g, const LbDraw *d, SDL_Rect *out)
{
    if (!g || !d || !out)
        return 0;
    if (g->w != d->w || g->h != d->h || !g->seen) {
        int tx = (d->w + LB_DAMAGE_TILE - 1) / LB_DAMAGE_TILE, ty = (d->h + LB_DAMAGE_TILE - 1) / LB_DAMAGE_TILE;
        size_t n = (size_t)(tx > 0 ? tx : 1) * (size_t)(ty > 0 ? ty : 1);
        uint64_t *seen = calloc(n, sizeof *seen), *now = calloc(n, sizeof *now);
        unsigned char *dirty = calloc(n, 1);
        free(g->seen);
        free(g->now);
        free(g->dirty);
        free(g->base);
        g->seen = seen;
        g->now = now;
        g->dirty = dirty;
        g->base = malloc(n * sizeof *g->base); /* without it the backdrop is hashed every frame */
        g->base_ok = false;
        free(g->slot);
        g->slot = malloc(n * sizeof *g->slot);
        if (g->slot)
            memset(g->slot, 0xff, n * sizeof *g->slot); /* -1: no tile in use */
        g->n_cmds[0] = g->n_cmds[1] = 0;                /* tile numbers of another size */
        g->w = d->w;
        g->h = d->h;
        g->tx = tx;
        g->ty = ty;
        g->valid = false;
        if (!seen || !now || !dirty || !g->slot) {
            free(g->seen);
            free(g->now);
            free(g->dirty);
            free(g->slot);
            g->seen = g->now = NULL;
            g->dirty = NULL;
            g->slot = NULL;
            g->w = g->h = 0;
            SDL_Rect all = {0, 0, d->w, d->h};
            out[0] = all;
            return d->w > 0 && d->h > 0;
        }
    }
    size_t n_tiles = (size_t)g->tx * (size_t)g->ty;
    g->n_steps[g->cur] = g->n_cmds[g->cur] = 0;
    /* The backdrop (see lb_draw_mark_backdrop) is hashed only when it
     * changes: the same backdrop leaves the same tile hashes behind it. */
    int from = 0;
    if (d->n_backdrop > 0 && g->base && g->base_ok && g->base_key == d->backdrop_key) {
        memcpy(g->now, g->base, n_tiles * sizeof *g->now);
        from = d->n_backdrop;
    } else {
        for (size_t i = 0; i < n_tiles; i++)
            g->now[i] = 0x6a09e667f3bcc908ull;
        if (d->n_backdrop > 0 && g->base) {
            g->base_ok = hash_cmds(g, d, 0, d->n_backdrop, false);
            memcpy(g->base, g->now, n_tiles * sizeof *g->now);
            g->base_key = d->backdrop_key;
            from = d->n_backdrop;
        }
    }
    hash_cmds(g, d, from, d->n_cmd, true);
    g->cur = !g->cur; /* this frame's steps are the next one's last */
    int n_dirty = 0;
    for (size_t i = 0; i < n_tiles; i++) {
        g->dirty[i] = !g->valid || g->now[i] != g->seen[i];
        n_dirty += g->dirty[i];
    }
    uint64_t *t = g->seen;
    g->seen = g->now;
    g->now = t;
    bool was_valid = g->valid;
    g->valid = true;
    if (!was_valid)
        return whole_frame(g, out);
    if (!n_dirty)
        return 0;
    /* Runs of dirty tiles in each row, each merged with the rectangle of
     * the same run in the row above. */
    int n = 0;
    for (int y = 0; y < g->ty; y++) {
        const unsigned char *row = g->dirty + (size_t)y * (size_t)g->tx;
        for (int x = 0; x < g->tx;) {
            if (!row[x]) {
                x++;
                continue;
            }
            int x0 = x;
            while (x < g->tx && row[x])
                x++;
            SDL_Rect r = {x0 * LB_DAMAGE_TILE, y * LB_DAMAGE_TILE, (x - x0) * LB_DAMAGE_TILE, LB_DAMAGE_TILE};
            if (r.x + r.w > g->w)
                r.w = g->w - r.x;
            if (r.y + r.h > g->h)
                r.h = g->h - r.y;
            bool merged = false;
            for (int k = n - 1; k >= 0 && !merged; k--)
                if (out[k].x == r.x && out[k].w == r.w && out[k].y + out[k].h == r.y) {
                    out[k].h += r.h;
                    merged = true;
                }
            if (merged)
                continue;
            if (n == LB_DAMAGE_MAX_RECTS) { /* too scattered: one box around all */
                SDL_Rect u = out[0];
                for (int k = 1; k < n; k++)
                    SDL_UnionRect(&u, &out[k], &u);
                for (int yy = y; yy < g->ty; yy++)
                    for (int xx = 0; xx < g->tx; xx++)
                        if (g->dirty[(size_t)yy * (size_t)g->tx + (size_t)xx]) {
                            SDL_Rect tr = {xx * LB_DAMAGE_TILE, yy * LB_DAMAGE_TILE, LB_DAMAGE_TILE, LB_DAMAGE_TILE};
                            SDL_UnionRect(&u, &tr, &u);
                        }
                SDL_Rect all = {0, 0, g->w, g->h};
                SDL_IntersectRect(&u, &all, &out[0]);
                return 1;
            }
            out[n++] = r;
        }
    }
    return merge_rects(out, n);
}
