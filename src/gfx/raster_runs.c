/* raster_runs: shapes found in a triangle list that the rasteriser walks
 * as one: a feather's two thin triangles as a quad, and a run of one-colour
 * triangles tiling a convex polygon as that polygon. Only index and colour
 * checks here; the walking is raster.c's. */
#include "raster_internal.h"

#include <math.h>

static inline bool same_colour(SDL_Color a, SDL_Color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* An anti-aliased edge comes as a quad A B C D cut into (A, B, C) and
 * (A, C, D), one colour whose alpha is one value along A-D and another
 * along B-C (a capsule's side, a chord of its cap, a ring's rim). Each
 * of the two triangles is long and under a pixel and a half wide: walked
 * alone, each covers a pixel in about every other row it steps through.
 * Walked as one quad, every row is stepped once. */
bool lb_raster_feather_quad(const SDL_Vertex *v, int nv, const int *idx)
{
    int a = idx[0], b = idx[1], c = idx[2], d = idx[5];
    if (idx[3] != a || idx[4] != c || (unsigned)a >= (unsigned)nv || (unsigned)b >= (unsigned)nv ||
        (unsigned)c >= (unsigned)nv || (unsigned)d >= (unsigned)nv)
        return false;
    const SDL_Color ca = v[a].color, cb = v[b].color, cc = v[c].color, cd = v[d].color;
    if (ca.a != cd.a || cb.a != cc.a || ca.a == cb.a)
        return false;
    if (ca.r != cb.r || ca.g != cb.g || ca.b != cb.b || ca.r != cc.r || ca.g != cc.g || ca.b != cc.b || ca.r != cd.r ||
        ca.g != cd.g || ca.b != cd.b)
        return false;
    /* (A, B, C)'s alpha plane must give D its own alpha within half a
     * level: the two sides are parallel, so one plane serves the quad and
     * the pixels stay within a level of the two triangles drawn alone */
    const SDL_FPoint pa = v[a].position, pb = v[b].position, pc = v[c].position, pd = v[d].position;
    float bx = pb.x - pa.x, by = pb.y - pa.y, cx = pc.x - pa.x, cy = pc.y - pa.y, dx = pd.x - pa.x, dy = pd.y - pa.y;
    float det = bx * cy - by * cx;
    float n1 = dx * cy - dy * cx, n2 = bx * dy - by * dx; /* D's barycentric weights on B and C, times det */
    float off = (n1 + n2) * (float)(cb.a - ca.a); /* B and C share an alpha: the plane at D, less A's, times det */
    return fabsf(det) > 1e-4f && fabsf(off) <= 0.5f * fabsf(det);
}

/* How many triangles from idx[0] on (at least 1) make one run: valid
 * indices, one flat colour, each sharing an edge with the one before and
 * adding its third corner across that edge, which must be one of the
 * polygon's so far (a strip or a fan); the polygon's corners in order go
 * to poly, their count to *np. A corner met twice leaves an edge of no
 * length, which convex_fill refuses. */
int lb_raster_run_of(const SDL_Vertex *v, int nv, const int *idx, int ntri, int *poly, int *np)
{
    int a = idx[0], b = idx[1], c = idx[2];
    if (a < 0 || b < 0 || c < 0 || a >= nv || b >= nv || c >= nv)
        return 1;
    SDL_Color col = v[a].color;
    if (!same_colour(col, v[b].color) || !same_colour(col, v[c].color))
        return 1;
    poly[0] = a, poly[1] = b, poly[2] = c;
    int n = 3, t = 1;
    for (; t < ntri && n < RUN_MAX; t++) {
        const int *p = idx + 3 * (t - 1), *q = idx + 3 * t;
        /* which corners of q the triangle before has */
        int in = 0;
        for (int k = 0; k < 3; k++)
            if (q[k] == p[0] || q[k] == p[1] || q[k] == p[2])
                in |= 1 << k;
        if (in != 3 && in != 5 && in != 6)
            break;
        int kw = in == 3 ? 2 : in == 5 ? 1 : 0;
        int w = q[kw], u = q[kw == 0 ? 1 : 0], z = q[kw == 2 ? 1 : 2];
        if (w < 0 || w >= nv || !same_colour(col, v[w].color))
            break;
        /* u and z must be neighbours on the polygon: w goes between them */
        int at = -1;
        for (int m = 0; m < n; m++)
            if (poly[m] == u) {
                if (poly[(m + 1) % n] == z)
                    at = m + 1;
                else if (poly[(m + n - 1) % n] == z)
                    at = m;
                break;
            }
        if (at < 0)
            break;
        for (int m = n; m > at; m--)
            poly[m] = poly[m - 1];
        poly[at] = w;
        n++;
    }
    *np = n;
    return t;
}
