/* The headless rasteriser: exact coverage (shared edges drawn once, no
 * gaps), blending, colour interpolation, clipping and bad input. */
#include <SDL.h>
#include <math.h>
#include <stdlib.h>

#include "lt.h"
#include "raster.h"
#include "raster_internal.h"

static SDL_Surface *surface(int w, int h, Uint32 fill)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (s)
        SDL_FillRect(s, NULL, fill);
    return s;
}

static Uint32 px(SDL_Surface *s, int x, int y) { return ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x]; }

static SDL_Vertex vtx(float x, float y, Uint8 r, Uint8 g, Uint8 b, Uint8 a)
{
    SDL_Vertex v = {{x, y}, {r, g, b, a}, {0, 0}};
    return v;
}

static void shared_edges_should_cover_every_pixel_exactly_once(void)
{
    /* A fan of triangles around an off-grid centre, half transparent: a
     * pixel covered twice would come out darker, a gap would stay white. */
    SDL_Surface *s = surface(64, 64, 0xffffffff);
    LT_CHECK(s != NULL);
    if (!s)
        return;
    enum { N = 9 };
    SDL_Vertex v[N + 1];
    int idx[3 * N];
    v[0] = vtx(31.3f, 30.7f, 0, 0, 0, 128);
    for (int k = 0; k < N; k++) {
        double t = 2 * M_PI * k / N;
        v[k + 1] = vtx((float)(31.3 + 40 * cos(t)), (float)(30.7 + 40 * sin(t)), 0, 0, 0, 128);
        idx[3 * k] = 0;
        idx[3 * k + 1] = k + 1;
        idx[3 * k + 2] = (k + 1) % N + 1;
    }
    LT_CHECK(lb_raster_triangles(s, v, N + 1, idx, 3 * N));
    /* The fan covers the middle of the surface. */
    int once = 0, other = 0;
    for (int y = 8; y < 56; y++)
        for (int x = 8; x < 56; x++) {
            Uint32 p = px(s, x, y) & 0xffffff;
            if (p == 0x7f7f7f)
                once++;
            else
                other++;
        }
    LT_CHECK_MSG(other == 0, "%d pixels covered other than once (%d once)", other, once);
    SDL_FreeSurface(s);

    /* The hard case: a grid whose every edge (across, down, diagonal) runs
     * exactly through pixel centres, where only the fill rule decides. */
    s = surface(40, 40, 0xffffffff);
    enum { G = 9 };
    SDL_Vertex gv[G * G];
    int gi[(G - 1) * (G - 1) * 6], ni = 0;
    for (int j = 0; j < G; j++)
        for (int i = 0; i < G; i++)
            gv[j * G + i] = vtx(2.5f + 4 * i, 2.5f + 4 * j, 0, 0, 0, 128);
    for (int j = 0; j + 1 < G; j++)
        for (int i = 0; i + 1 < G; i++) {
            int a = j * G + i, b = a + 1, c = a + G + 1, d = a + G;
            int tri[6] = {a, b, c, a, c, d};
            for (int k = 0; k < 6; k++)
                gi[ni++] = tri[k];
        }
    LT_CHECK(lb_raster_triangles(s, gv, G * G, gi, ni));
    other = 0;
    /* pixel centres strictly inside the grid, and on its top and left edges */
    for (int y = 2; y < 34; y++)
        for (int x = 2; x < 34; x++)
            other += (px(s, x, y) & 0xffffff) != 0x7f7f7f;
    LT_CHECK_MSG(other == 0, "grid: %d pixels covered other than once", other);
    SDL_FreeSurface(s);
}

static void opaque_triangle_should_fill_its_inside_only(void)
{
    SDL_Surface *s = surface(20, 20, 0xff000000);
    LT_CHECK(s != NULL);
    if (!s)
        return;
    /* A right triangle with legs on pixel boundaries: pixel centres with
     * x + y < 10 (from the corner at 5,5) are inside. */
    SDL_Vertex v[3] = {vtx(5, 5, 255, 0, 0, 255), vtx(15, 5, 255, 0, 0, 255), vtx(5, 15, 255, 0, 0, 255)};
    int idx[3] = {0, 1, 2};
    LT_CHECK(lb_raster_triangles(s, v, 3, idx, 3));
    int wrong = 0;
    for (int y = 0; y < 20; y++)
        for (int x = 0; x < 20; x++) {
            double cx = x + 0.5 - 5, cy = y + 0.5 - 5;
            bool in = cx > 0 && cy > 0 && cx + cy < 10;
            bool red = (px(s, x, y) & 0xffffff) == 0xff0000;
            wrong += in != red;
        }
    LT_CHECK_MSG(wrong == 0, "%d pixels wrong", wrong);
    SDL_FreeSurface(s);
}

static void colours_should_interpolate_across_the_triangle(void)
{
    SDL_Surface *s = surface(101, 10, 0xff000000);
    LT_CHECK(s != NULL);
    if (!s)
        return;
    /* Black at x = 0, white at x = 101, as two triangles. */
    SDL_Vertex v[4] = {vtx(0, 0, 0, 0, 0, 255), vtx(101, 0, 255, 255, 255, 255), vtx(101, 10, 255, 255, 255, 255),
                       vtx(0, 10, 0, 0, 0, 255)};
    int idx[6] = {0, 1, 2, 0, 2, 3};
    LT_CHECK(lb_raster_triangles(s, v, 4, idx, 6));
    for (int x = 0; x < 101; x += 10) {
        int g = (int)((px(s, x, 5) >> 8) & 255);
        double want = 255.0 * (x + 0.5) / 101.0;
        LT_CHECK_MSG(fabs(g - want) <= 1.0, "x %d: %d, want %.1f", x, g, want);
    }
    SDL_FreeSurface(s);
}

/* Random opaque triangles, wound either way, each corner its own colour:
 * every pixel drawn is within one step of the colour interpolated exactly
 * at its centre. */
static void colours_should_match_exact_interpolation_either_winding(void)
{
    enum { W = 120, H = 90 };
    SDL_Surface *s = surface(W, H, 0xff000000);
    LT_CHECK(s != NULL);
    if (!s)
        return;
    unsigned seed = 99u;
    int worst = 0, drawn = 0;
    for (int t = 0; t < 200; t++) {
        SDL_FillRect(s, NULL, 0x00000000);
        SDL_Vertex v[3];
        for (int k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            float x = (float)((seed >> 8) % 1600) / 10.0f - 20.0f;
            seed = seed * 1103515245u + 12345u;
            float y = (float)((seed >> 8) % 1300) / 10.0f - 20.0f;
            seed = seed * 1103515245u + 12345u;
            v[k] = vtx(x, y, (Uint8)(seed >> 8), (Uint8)(seed >> 16), (Uint8)(seed >> 24), 255);
        }
        int idx[3] = {0, t % 2 ? 2 : 1, t % 2 ? 1 : 2};
        LT_CHECK(lb_raster_triangles(s, v, 3, idx, 3));
        double x0 = v[0].position.x, y0 = v[0].position.y, x1 = v[1].position.x, y1 = v[1].position.y;
        double x2 = v[2].position.x, y2 = v[2].position.y;
        double area = (x1 - x0) * (y2 - y0) - (y1 - y0) * (x2 - x0);
        if (fabs(area) < 1.0)
            continue;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                Uint32 p = px(s, x, y);
                if (!(p >> 24))
                    continue;
                drawn++;
                double cx = x + 0.5, cy = y + 0.5;
                double l1 = ((cx - x0) * (y2 - y0) - (cy - y0) * (x2 - x0)) / area;
                double l2 = ((x1 - x0) * (cy - y0) - (y1 - y0) * (cx - x0)) / area, l0 = 1 - l1 - l2;
                double want[3] = {l0 * v[0].color.r + l1 * v[1].color.r + l2 * v[2].color.r,
                                  l0 * v[0].color.g + l1 * v[1].color.g + l2 * v[2].color.g,
                                  l0 * v[0].color.b + l1 * v[1].color.b + l2 * v[2].color.b};
                int got[3] = {(int)((p >> 16) & 255), (int)((p >> 8) & 255), (int)(p & 255)};
                for (int c = 0; c < 3; c++) {
                    double w = want[c] < 0 ? 0 : want[c] > 255 ? 255 : want[c];
                    int err = (int)ceil(fabs(got[c] - w) - 0.5);
                    worst = err > worst ? err : worst;
                }
            }
    }
    LT_CHECK_MSG(worst <= 1, "a pixel is %d off its interpolated colour", worst);
    LT_CHECK_MSG(drawn > W * H, "only %d pixels drawn: the test draws too little", drawn);
    SDL_FreeSurface(s);
}

static void blending_should_mix_like_sdl_blend_mode(void)
{
    SDL_Surface *s = surface(8, 8, 0xff204060);
    LT_CHECK(s != NULL);
    if (!s)
        return;
    SDL_Vertex v[3] = {vtx(-10, -10, 200, 100, 0, 64), vtx(30, -10, 200, 100, 0, 64), vtx(-10, 30, 200, 100, 0, 64)};
    int idx[3] = {0, 1, 2};
    LT_CHECK(lb_raster_triangles(s, v, 3, idx, 3));
    Uint32 p = px(s, 2, 2);
    /* dst = src * a + dst * (1 - a), a = 64/255 */
    LT_NEAR((p >> 16) & 255, (200 * 64 + 0x20 * 191 + 127) / 255, 0);
    LT_NEAR((p >> 8) & 255, (100 * 64 + 0x40 * 191 + 127) / 255, 0);
    LT_NEAR(p & 255, (0 * 64 + 0x60 * 191 + 127) / 255, 0);
    SDL_FreeSurface(s);
}

static void bad_input_should_be_refused_or_skipped(void)
{
    SDL_Surface *s = surface(16, 16, 0xff000000);
    SDL_Surface *other = SDL_CreateRGBSurfaceWithFormat(0, 16, 16, 16, SDL_PIXELFORMAT_RGB565);
    LT_CHECK(s && other);
    if (!s || !other)
        return;
    SDL_Vertex v[3] = {vtx(0, 0, 255, 255, 255, 255), vtx(1e9f, 0, 255, 255, 255, 255),
                       vtx(0, NAN, 255, 255, 255, 255)};
    int idx[6] = {0, 1, 2, 0, 1, 7}; /* a NaN corner, then an index out of range */
    LT_CHECK(lb_raster_triangles(s, v, 3, idx, 6));
    int lit = 0;
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 16; x++)
            lit += (px(s, x, y) & 0xffffff) != 0;
    LT_CHECK(lit == 0);
    /* far off-surface but finite: clipped, no crash */
    SDL_Vertex big[3] = {vtx(-1e6f, -1e6f, 9, 9, 9, 255), vtx(1e6f, -1e6f, 9, 9, 9, 255), vtx(0, 1e6f, 9, 9, 9, 255)};
    int i3[3] = {0, 1, 2};
    LT_CHECK(lb_raster_triangles(s, big, 3, i3, 3));
    LT_CHECK((px(s, 8, 8) & 0xffffff) == 0x090909);
    LT_CHECK(!lb_raster_triangles(other, v, 3, idx, 3));
    LT_CHECK(!lb_raster_triangles(NULL, v, 3, idx, 3));
    SDL_FreeSurface(other);
    SDL_FreeSurface(s);
}

/* Drawn piece by piece through clip rectangles, random triangles of every
 * kind (flat, feathered alpha, interpolated colour, blended) give the same
 * bytes as drawn whole: what redrawing only a frame's damaged tiles needs. */
static void clipped_pieces_should_equal_the_whole(void)
{
    enum { W = 203, H = 157, N = 60 };
    SDL_Surface *whole = surface(W, H, 0xff202830), *pieces = surface(W, H, 0xff202830);
    LT_CHECK(whole && pieces);
    if (!whole || !pieces)
        return;
    SDL_Vertex v[3 * N];
    int idx[3 * N];
    unsigned seed = 12345u;
    for (int i = 0; i < 3 * N; i++) {
        seed = seed * 1103515245u + 12345u;
        float x = (float)((seed >> 8) % 2600) / 10.0f - 30.0f;
        seed = seed * 1103515245u + 12345u;
        float y = (float)((seed >> 8) % 2100) / 10.0f - 25.0f;
        seed = seed * 1103515245u + 12345u;
        int kind = (i / 3) % 4; /* flat opaque, flat blended, alpha ramp, colour ramp */
        Uint8 c = (Uint8)(seed >> 16), a = kind == 0 ? 255 : kind == 1 ? 140 : (Uint8)(seed >> 8);
        v[i] = kind == 3 ? vtx(x, y, c, (Uint8)(255 - c), (Uint8)(seed >> 4), a)
                         : vtx(x, y, 200, 120, 40, kind == 2 ? a : (kind == 0 ? 255 : 140));
        idx[i] = i;
    }
    LT_CHECK(lb_raster_triangles(whole, v, 3 * N, idx, 3 * N));
    /* odd tile sizes so tile edges fall everywhere, and a clip hanging off
     * the surface */
    for (int ty = -7; ty < H; ty += 37)
        for (int tx = -5; tx < W; tx += 29) {
            SDL_Rect clip = {tx, ty, 29, 37};
            SDL_SetClipRect(pieces, &clip);
            LT_CHECK(lb_raster_triangles(pieces, v, 3 * N, idx, 3 * N));
        }
    SDL_SetClipRect(pieces, NULL);
    int differ = 0, lit = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            differ += px(whole, x, y) != px(pieces, x, y);
            lit += px(whole, x, y) != 0xff202830;
        }
    LT_CHECK_MSG(differ == 0, "%d pixels differ between the whole and the pieces", differ);
    LT_CHECK_MSG(lit > W * H / 4, "only %d pixels drawn: the test draws too little", lit);
    /* A clip rectangle keeps everything outside it untouched. */
    SDL_FillRect(pieces, NULL, 0xff202830);
    SDL_Rect clip = {50, 40, 60, 30};
    SDL_SetClipRect(pieces, &clip);
    LT_CHECK(lb_raster_triangles(pieces, v, 3 * N, idx, 3 * N));
    int outside = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            bool in = x >= 50 && x < 110 && y >= 40 && y < 70;
            Uint32 want = in ? px(whole, x, y) : 0xff202830;
            outside += px(pieces, x, y) != want;
        }
    LT_CHECK_MSG(outside == 0, "%d pixels wrong around a clip rectangle", outside);
    SDL_FreeSurface(whole);
    SDL_FreeSurface(pieces);
}

/* ---- a reference: the rasteriser's rules, pixel by pixel ----------------
 * Vertices snap to 1/256 px (half away from zero); every pixel centre of
 * the surface is tested against the three integer edge functions. Each
 * channel is a plane through the vertices' values, anchored (32.32 fixed
 * point) at the pixel holding vertex 0; a row's colour starts at its
 * first inside pixel, wherever that is, and steps in 16.16 fixed point;
 * blending divides by 255. No spans, no stepping of edges, no SIMD: what
 * the fast paths must reproduce byte for byte. */

static int64_t ref_snap(float v)
{
    double d = v < -1048576.0f ? -1048576.0 : v > 1048576.0f ? 1048576.0 : (double)v;
    d *= 256.0;
    return (int64_t)(d + (d >= 0 ? 0.5 : -0.5));
}

static uint64_t ref_fixed32(double v, double lim)
{
    v = v < -lim ? -lim : v > lim ? lim : v;
    double d = v * 4294967296.0;
    return (uint64_t)(int64_t)(d + (d >= 0 ? 0.5 : -0.5));
}

static int ref_clamp16(int32_t v)
{
    int i = (v + 32768) >> 16;
    return i < 0 ? 0 : i > 255 ? 255 : i;
}

static Uint32 ref_blend(Uint32 dst, int r, int g, int b, int a)
{
    if (a <= 0)
        return dst;
    if (a >= 255)
        return 0xff000000u | ((Uint32)r << 16) | ((Uint32)g << 8) | (Uint32)b;
    int ia = 255 - a;
    int dr = (int)((dst >> 16) & 255), dg = (int)((dst >> 8) & 255), db = (int)(dst & 255), da = (int)(dst >> 24);
    dr = (r * a + dr * ia + 127) / 255;
    dg = (g * a + dg * ia + 127) / 255;
    db = (b * a + db * ia + 127) / 255;
    da = a + (da * ia + 127) / 255;
    return ((Uint32)da << 24) | ((Uint32)dr << 16) | ((Uint32)dg << 8) | (Uint32)db;
}

typedef struct {
    int64_t X[3], Y[3], sign;
} RefTri;

static bool ref_inside(const RefTri *t, int x, int y)
{
    int64_t px = (int64_t)x * 256 + 128, py = (int64_t)y * 256 + 128;
    for (int k = 0; k < 3; k++) {
        int i = (k + 1) % 3, j = (k + 2) % 3;
        int64_t a = -t->sign * (t->Y[j] - t->Y[i]), b = t->sign * (t->X[j] - t->X[i]);
        int64_t w = a * (px - t->X[i]) + b * (py - t->Y[i]);
        bool top_left = (a == 0 && b > 0) || a > 0;
        if (!(w > 0 || (w == 0 && top_left)))
            return false;
    }
    return true;
}

/* The 16.16 value of channel values c at the centre of pixel (x, y) and
 * its step along a row. */
static int32_t ref_channel(const RefTri *t, const double c[3], int x, int y, int32_t *step)
{
    const int64_t *X = t->X, *Y = t->Y;
    double inv = 1.0 / (double)((X[1] - X[0]) * (Y[2] - Y[0]) - (Y[1] - Y[0]) * (X[2] - X[0]));
    double gx = ((c[1] - c[0]) * (double)(Y[2] - Y[0]) - (c[2] - c[0]) * (double)(Y[1] - Y[0])) * 256.0 * inv;
    double gy = ((c[2] - c[0]) * (double)(X[1] - X[0]) - (c[1] - c[0]) * (double)(X[2] - X[0])) * 256.0 * inv;
    int64_t xr = X[0] >> 8, yr = Y[0] >> 8;
    double ref = c[0] + ((double)(xr * 256 + 128 - X[0]) * gx + (double)(yr * 256 + 128 - Y[0]) * gy) / 256.0;
    uint64_t fx = ref_fixed32(gx, 4096.0), fy = ref_fixed32(gy, 4096.0);
    uint64_t v = ref_fixed32(ref, 1048576.0) + (uint64_t)((int64_t)x - xr) * fx + (uint64_t)((int64_t)y - yr) * fy;
    *step = (int32_t)(uint32_t)((fx + 0x8000u) >> 16);
    return (int32_t)(uint32_t)(v >> 16);
}

static void ref_triangle(SDL_Surface *s, const SDL_Vertex *v0, const SDL_Vertex *v1, const SDL_Vertex *v2)
{
    const SDL_Vertex *vs[3] = {v0, v1, v2};
    RefTri t;
    int64_t xmin = INT64_MAX;
    for (int k = 0; k < 3; k++) {
        if (!isfinite(vs[k]->position.x) || !isfinite(vs[k]->position.y))
            return;
        t.X[k] = ref_snap(vs[k]->position.x);
        t.Y[k] = ref_snap(vs[k]->position.y);
        xmin = t.X[k] < xmin ? t.X[k] : xmin;
    }
    int64_t area = (t.X[1] - t.X[0]) * (t.Y[2] - t.Y[0]) - (t.Y[1] - t.Y[0]) * (t.X[2] - t.X[0]);
    if (area == 0)
        return;
    t.sign = area > 0 ? 1 : -1;
    SDL_Color c[3] = {v0->color, v1->color, v2->color};
    bool same_rgb = c[0].r == c[1].r && c[1].r == c[2].r && c[0].g == c[1].g && c[1].g == c[2].g && c[0].b == c[1].b &&
                    c[1].b == c[2].b;
    bool flat = same_rgb && c[0].a == c[1].a && c[1].a == c[2].a;
    double ch[4][3];
    for (int k = 0; k < 3; k++)
        ch[0][k] = c[k].r, ch[1][k] = c[k].g, ch[2][k] = c[k].b, ch[3][k] = c[k].a;
    int x_first = (int)(xmin >> 8) - 1; /* left of every pixel inside */
    for (int y = 0; y < s->h; y++) {
        int xa = x_first;
        while (xa < s->w && !ref_inside(&t, xa, y))
            xa++;
        if (xa == s->w)
            continue;
        int32_t v[4], step[4];
        for (int k = 0; k < 4; k++)
            v[k] = ref_channel(&t, ch[k], xa, y, &step[k]);
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (int x = xa; x < s->w && ref_inside(&t, x, y); x++) {
            if (x >= 0) {
                if (flat)
                    row[x] = ref_blend(row[x], c[0].r, c[0].g, c[0].b, c[0].a);
                else if (same_rgb)
                    row[x] = ref_blend(row[x], c[0].r, c[0].g, c[0].b, ref_clamp16(v[3]));
                else
                    row[x] =
                        ref_blend(row[x], ref_clamp16(v[0]), ref_clamp16(v[1]), ref_clamp16(v[2]), ref_clamp16(v[3]));
            }
            for (int k = 0; k < 4; k++)
                v[k] = (int32_t)((uint32_t)v[k] + (uint32_t)step[k]);
        }
    }
}

static unsigned rnd(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 8;
}

/* Random triangles of every kind (opaque, one alpha, alpha ramps, colour
 * ramps; slivers, corners on pixel centres and edges, off the surface) over
 * a noisy background, alpha channel included: the rasteriser, with its
 * SIMD loops and without, must give the reference's bytes. */
static void fast_paths_should_equal_the_reference(void)
{
    enum { W = 131, H = 97, N = 400 };
    SDL_Surface *bg = surface(W, H, 0), *got = surface(W, H, 0), *want = surface(W, H, 0);
    LT_CHECK(bg && got && want);
    if (!bg || !got || !want)
        return;
    unsigned seed = 777u;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            ((Uint32 *)((Uint8 *)bg->pixels + y * bg->pitch))[x] = (Uint32)rnd(&seed) * 2654435761u ^ rnd(&seed);
    SDL_Vertex v[3 * N];
    int idx[3 * N];
    for (int t = 0; t < N; t++) {
        int kind = t % 5; /* opaque, one alpha, alpha ramp, colour ramp, sliver */
        float size = t % 3 == 0 ? 8.0f : t % 3 == 1 ? 40.0f : 160.0f;
        float cx = (float)(rnd(&seed) % (W + 40)) - 20.0f, cy = (float)(rnd(&seed) % (H + 40)) - 20.0f;
        Uint8 r = (Uint8)rnd(&seed), g = (Uint8)rnd(&seed), b = (Uint8)rnd(&seed), a = (Uint8)rnd(&seed);
        for (int k = 0; k < 3; k++) {
            float x = cx + ((float)(rnd(&seed) % 2001) / 1000.0f - 1.0f) * size;
            float y = cy + ((float)(rnd(&seed) % 2001) / 1000.0f - 1.0f) * size;
            if (kind == 4 && k == 2) { /* a sliver along the first edge */
                x = (v[3 * t].position.x + v[3 * t + 1].position.x) * 0.5f + 0.7f;
                y = (v[3 * t].position.y + v[3 * t + 1].position.y) * 0.5f;
            }
            if (t % 7 == 0) { /* on pixel centres or corners: ties */
                x = floorf(x) + (t % 2 ? 0.5f : 0.0f);
                y = floorf(y) + (t % 2 ? 0.5f : 0.0f);
            }
            Uint8 ka = kind == 0 ? 255 : kind == 1 ? a : (Uint8)rnd(&seed);
            if (kind == 3)
                v[3 * t + k] = vtx(x, y, (Uint8)rnd(&seed), (Uint8)rnd(&seed), (Uint8)rnd(&seed), ka);
            else
                v[3 * t + k] = vtx(x, y, r, g, b, ka);
            idx[3 * t + k] = 3 * t + k;
        }
    }
    SDL_BlitSurface(bg, NULL, want, NULL);
    for (int t = 0; t < N; t++)
        ref_triangle(want, &v[3 * t], &v[3 * t + 1], &v[3 * t + 2]);
    /* and a ramp whose alpha is exactly half-way between two values at
     * every pixel centre (0.5, 1.5, ...): the rounding is seen */
    SDL_Vertex ramp[4] = {vtx(0, 40, 250, 10, 90, 0), vtx(255, 40, 250, 10, 90, 255), vtx(255, 44, 250, 10, 90, 255),
                          vtx(0, 44, 250, 10, 90, 0)};
    int ri[6] = {0, 1, 2, 0, 2, 3};
    ref_triangle(want, &ramp[0], &ramp[1], &ramp[2]);
    ref_triangle(want, &ramp[0], &ramp[2], &ramp[3]);
    for (int simd = 1; simd >= 0; simd--) {
        lb_raster_use_simd(simd != 0);
        SDL_BlitSurface(bg, NULL, got, NULL);
        LT_CHECK(lb_raster_triangles(got, v, 3 * N, idx, 3 * N));
        LT_CHECK(lb_raster_triangles(got, ramp, 4, ri, 6));
        int differ = 0, changed = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                differ += px(got, x, y) != px(want, x, y);
                changed += px(want, x, y) != px(bg, x, y);
            }
        LT_CHECK_MSG(differ == 0, "simd %d: %d pixels differ from the reference", simd, differ);
        LT_CHECK_MSG(changed > W * H / 2, "only %d pixels drawn: the test draws too little", changed);
    }
    lb_raster_use_simd(true);
    SDL_FreeSurface(bg);
    SDL_FreeSurface(got);
    SDL_FreeSurface(want);
}

/* Every blend of one colour at one alpha: each alpha and source value over
 * every destination value, in all four channels, SIMD and not. */
static void every_constant_blend_should_be_exact(void)
{
    SDL_Surface *s = surface(256, 1, 0);
    LT_CHECK(s != NULL);
    if (!s)
        return;
    Uint32 *row = (Uint32 *)s->pixels;
    int wrong = 0;
    for (int simd = 1; simd >= 0; simd--) {
        lb_raster_use_simd(simd != 0);
        for (int a = 0; a < 256; a++)
            for (int c = 0; c < 256; c++) {
                for (int x = 0; x < 256; x++)
                    row[x] = (Uint32)x * 0x01010101u;
                Uint8 cr = (Uint8)c, cg = (Uint8)(255 - c), cb = (Uint8)(c ^ 0x5a);
                SDL_Vertex q[4] = {vtx(0, 0, cr, cg, cb, (Uint8)a), vtx(256, 0, cr, cg, cb, (Uint8)a),
                                   vtx(256, 1, cr, cg, cb, (Uint8)a), vtx(0, 1, cr, cg, cb, (Uint8)a)};
                int qi[6] = {0, 1, 2, 0, 2, 3};
                lb_raster_triangles(s, q, 4, qi, 6);
                for (int x = 0; x < 256; x++)
                    wrong += row[x] != ref_blend((Uint32)x * 0x01010101u, cr, cg, cb, a);
            }
    }
    lb_raster_use_simd(true);
    LT_CHECK_MSG(wrong == 0, "%d blends wrong", wrong);
    SDL_FreeSurface(s);
}

/* Triangles of one flat colour, each sharing an edge with the ones before,
 * are drawn as their union when that is convex: random convex polygons
 * (corners on pixel centres, level edges, slivers of polygons, off the
 * surface) cut into strips, fans and random ears, and strips that are not
 * convex or change colour part way, through random clip rectangles, must
 * give the bytes of drawing every triangle on its own. */
static void runs_should_equal_their_triangles(void)
{
    enum { W = 97, H = 83, NP = 300, MAXC = 40 };
    SDL_Surface *bg = surface(W, H, 0), *got = surface(W, H, 0), *want = surface(W, H, 0);
    LT_CHECK(bg && got && want);
    if (!bg || !got || !want)
        return;
    unsigned seed = 4242u;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            ((Uint32 *)((Uint8 *)bg->pixels + y * bg->pitch))[x] = (Uint32)rnd(&seed) * 2654435761u ^ rnd(&seed);
    static SDL_Vertex v[NP * MAXC];
    static int idx[NP * MAXC * 3];
    int nv = 0, ni = 0, runs = 0;
    for (int p = 0; p < NP; p++) {
        int n = 3 + (int)(rnd(&seed) % (MAXC - 2));
        float cx = (float)(rnd(&seed) % (W + 30)) - 15.0f, cy = (float)(rnd(&seed) % (H + 30)) - 15.0f;
        float rx = 0.5f + (float)(rnd(&seed) % 4000) / 100.0f, ry = 0.5f + (float)(rnd(&seed) % 4000) / 100.0f;
        int style = p % 6; /* 0 zigzag, 1 fan, 2 random ears, 3 random points (rarely convex), 4 colour break, 5 grid */
        Uint8 r = (Uint8)rnd(&seed), g = (Uint8)rnd(&seed), b = (Uint8)rnd(&seed);
        Uint8 a = p % 3 == 0 ? 255 : (Uint8)rnd(&seed);
        int base = nv;
        double t0 = (double)(rnd(&seed) % 1000) / 1000.0 * 2 * M_PI;
        for (int k = 0; k < n; k++) {
            double t = t0 + 2 * M_PI * k / n + (style == 3 ? (double)(rnd(&seed) % 1000) / 300.0 : 0.0);
            float x = cx + rx * (float)cos(t), y = cy + ry * (float)sin(t);
            if (style == 5 || p % 7 == 0) { /* corners on pixel centres or corners: ties, level edges */
                x = floorf(x) + (p % 2 ? 0.5f : 0.0f);
                y = floorf(y) + (p % 2 ? 0.5f : 0.0f);
            }
            v[nv++] = vtx(x, y, r, g, b, a);
        }
        if (style == 5) { /* level top and bottom: a hexagon or a box */
            n = p % 4 == 1 ? 4 : 6;
            nv = base;
            float x0 = floorf(cx - rx) + 0.5f, x1 = floorf(cx + rx) + 0.5f, d = floorf(0.5f * ry) + 1.0f;
            float y0 = floorf(cy - ry) + 0.5f, y1 = floorf(cy + ry) + 1.5f, ym = floorf(cy) + 0.5f;
            if (n == 4) {
                v[nv++] = vtx(x0, y0, r, g, b, a), v[nv++] = vtx(x1 + 1, y0, r, g, b, a);
                v[nv++] = vtx(x1 + 1, y1, r, g, b, a), v[nv++] = vtx(x0, y1, r, g, b, a);
            } else {
                v[nv++] = vtx(x0, y0, r, g, b, a), v[nv++] = vtx(x1 + 1, y0, r, g, b, a);
                v[nv++] = vtx(x1 + 1 + d, ym, r, g, b, a), v[nv++] = vtx(x1 + 1, y1, r, g, b, a);
                v[nv++] = vtx(x0, y1, r, g, b, a), v[nv++] = vtx(x0 - d, ym, r, g, b, a);
            }
        }
        if (style == 4)
            v[base + n / 2].color.a ^= 1;
        /* the polygon as triangles */
        if (style == 1 || style == 3) {
            int c0 = (int)(rnd(&seed) % (unsigned)n);
            for (int k = 1; k + 1 < n; k++) {
                idx[ni++] = base + c0;
                idx[ni++] = base + (c0 + k) % n;
                idx[ni++] = base + (c0 + k + 1) % n;
            }
        } else if (style == 2) {
            /* cut ears off at random, then reverse: each adds a corner */
            int ring[MAXC], m = n, ears[MAXC][3], ne = 0;
            for (int k = 0; k < n; k++)
                ring[k] = base + k;
            while (m > 3) {
                int k = (int)(rnd(&seed) % (unsigned)m);
                ears[ne][0] = ring[(k + m - 1) % m], ears[ne][1] = ring[k], ears[ne][2] = ring[(k + 1) % m];
                ne++;
                for (int j = k; j + 1 < m; j++)
                    ring[j] = ring[j + 1];
                m--;
            }
            idx[ni++] = ring[0], idx[ni++] = ring[1], idx[ni++] = ring[2];
            for (int e = ne - 1; e >= 0; e--)
                for (int j = 0; j < 3; j++)
                    idx[ni++] = ears[e][j];
        } else {
            int top = 0;
            for (int k = 1; k < n; k++)
                if (v[base + k].position.y < v[base + top].position.y)
                    top = k;
            int lo = top, hi = top + n - 1;
            while (hi - lo >= 2) {
                if (v[base + (lo + 1) % n].position.y <= v[base + (hi - 1) % n].position.y) {
                    idx[ni++] = base + lo % n, idx[ni++] = base + (lo + 1) % n, idx[ni++] = base + hi % n;
                    lo++;
                } else {
                    idx[ni++] = base + lo % n, idx[ni++] = base + (hi - 1) % n, idx[ni++] = base + hi % n;
                    hi--;
                }
            }
        }
        runs += n > 3;
    }
    int differ = 0, changed = 0;
    for (int pass = 0; pass < 8; pass++) {
        SDL_Rect clip = {0, 0, W, H};
        if (pass > 0) {
            clip.x = (int)(rnd(&seed) % W) - 5, clip.y = (int)(rnd(&seed) % H) - 5;
            clip.w = 1 + (int)(rnd(&seed) % W), clip.h = 1 + (int)(rnd(&seed) % H);
        }
        for (int on = 0; on < 2; on++) {
            SDL_Surface *s = on ? got : want;
            SDL_SetClipRect(s, NULL);
            SDL_BlitSurface(bg, NULL, s, NULL);
            SDL_SetClipRect(s, &clip);
            lb_raster_use_runs(on != 0);
            LT_CHECK(lb_raster_triangles(s, v, nv, idx, ni));
        }
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                differ += px(got, x, y) != px(want, x, y);
                changed += px(want, x, y) != px(bg, x, y);
            }
    }
    lb_raster_use_runs(true);
    LT_CHECK_MSG(differ == 0, "%d pixels differ from the triangles drawn one by one", differ);
    LT_CHECK_MSG(changed > W * H, "only %d pixels drawn: the test draws too little", changed);
    LT_CHECK(runs > NP / 2);
    SDL_FreeSurface(bg);
    SDL_FreeSurface(got);
    SDL_FreeSurface(want);
}

/* A feather (a quad A B C D cut into (A, B, C) and (A, C, D), one alpha
 * along A-D and another along B-C, those sides parallel) is walked as one
 * quad: it covers exactly the pixels its two triangles do, each within a
 * level of what they give it, through any clip; a pair whose sides are
 * not parallel is left to the triangles, to the byte. */
static void feathers_should_cover_what_their_triangles_do(void)
{
    enum { W = 160, H = 120, N = 400 };
    SDL_Surface *bg = surface(W, H, 0), *got = surface(W, H, 0), *want = surface(W, H, 0);
    LT_CHECK(bg && got && want);
    if (!bg || !got || !want)
        return;
    unsigned seed = 777u;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            ((Uint32 *)((Uint8 *)bg->pixels + y * bg->pitch))[x] =
                0xff000000u | ((Uint32)rnd(&seed) * 2654435761u >> 8);
    static SDL_Vertex v[4 * N];
    static int idx[6 * N];
    int nv = 0, ni = 0, skewed = 0;
    for (int q = 0; q < N; q++) {
        float ax = (float)(rnd(&seed) % (W + 40)) - 20.0f, ay = (float)(rnd(&seed) % (H + 40)) - 20.0f;
        double t = (double)(rnd(&seed) % 6283) / 1000.0;
        float len = 2.0f + (float)(rnd(&seed) % 2000) / 10.0f, wid = 0.5f + (float)(rnd(&seed) % 300) / 100.0f;
        float ux = (float)cos(t), uy = (float)sin(t), nx = -uy, ny = ux;
        /* every fifth a trapezoid: its sides not parallel */
        float wid2 = q % 5 == 4 ? wid * 1.5f + 1.0f : wid;
        skewed += q % 5 == 4;
        Uint8 r = (Uint8)rnd(&seed), g = (Uint8)rnd(&seed), b = (Uint8)rnd(&seed);
        Uint8 a0 = (Uint8)(1 + rnd(&seed) % 255), a1 = q % 3 ? 0 : (Uint8)(rnd(&seed) % a0);
        int base = nv;
        v[nv++] = vtx(ax, ay, r, g, b, a0);                                               /* A: inner */
        v[nv++] = vtx(ax + nx * wid, ay + ny * wid, r, g, b, a1);                         /* B: outer */
        v[nv++] = vtx(ax + ux * len + nx * wid2, ay + uy * len + ny * wid2, r, g, b, a1); /* C: outer */
        v[nv++] = vtx(ax + ux * len, ay + uy * len, r, g, b, a0);                         /* D: inner */
        const int tri[6] = {0, 1, 2, 0, 2, 3};
        for (int k = 0; k < 6; k++)
            idx[ni++] = base + tri[k];
    }
    int cover_differs = 0, far = 0, skew_differs = 0;
    for (int pass = 0; pass < 6; pass++) {
        SDL_Rect clip = {0, 0, W, H};
        if (pass > 0) {
            clip.x = (int)(rnd(&seed) % W) - 5, clip.y = (int)(rnd(&seed) % H) - 5;
            clip.w = 1 + (int)(rnd(&seed) % W), clip.h = 1 + (int)(rnd(&seed) % H);
        }
        for (int q = 0; q < N; q++) {
            for (int on = 0; on < 2; on++) {
                SDL_Surface *s = on ? got : want;
                SDL_SetClipRect(s, NULL);
                SDL_BlitSurface(bg, NULL, s, NULL);
                SDL_SetClipRect(s, &clip);
                lb_raster_use_runs(on != 0);
                LT_CHECK(lb_raster_triangles(s, v, nv, idx + 6 * q, 6));
            }
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) {
                    Uint32 gp = px(got, x, y), wp = px(want, x, y), bp = px(bg, x, y);
                    cover_differs += (gp != bp) != (wp != bp);
                    if (q % 5 == 4)
                        skew_differs += gp != wp;
                    for (int sh = 0; sh < 24; sh += 8) {
                        int dlt = (int)((gp >> sh) & 255) - (int)((wp >> sh) & 255);
                        far += dlt > 1 || dlt < -1;
                    }
                }
        }
    }
    lb_raster_use_runs(true);
    LT_CHECK_MSG(cover_differs == 0, "%d pixels covered one way and not the other", cover_differs);
    LT_CHECK_MSG(far == 0, "%d channels more than a level from the triangles'", far);
    LT_CHECK_MSG(skew_differs == 0, "%d pixels of trapezoids differ from their triangles", skew_differs);
    LT_CHECK(skewed > 0);
    SDL_FreeSurface(bg);
    SDL_FreeSurface(got);
    SDL_FreeSurface(want);
}

/* A filled rectangle is SDL_FillRect's, inside the surface and cut at its
 * edges, with the SIMD path and without, and touches nothing else. */
static void filled_rectangles_should_match_sdl(void)
{
    srand(7);
    int wrong = 0;
    for (int simd = 0; simd < 2; simd++) {
        lb_raster_use_simd(simd == 1);
        for (int i = 0; i < 200; i++) {
            SDL_Surface *a = surface(37, 23, 0xff102030), *b = surface(37, 23, 0xff102030);
            if (!a || !b) {
                LT_CHECK(!"surface");
                SDL_FreeSurface(a);
                SDL_FreeSurface(b);
                break;
            }
            SDL_Rect r = {rand() % 50 - 8, rand() % 34 - 6, rand() % 30, rand() % 20};
            Uint32 colour = 0xff000000u | (Uint32)(rand() & 0xffffff);
            lb_raster_fill_rect(a, &r, colour);
            SDL_FillRect(b, &r, colour);
            for (int y = 0; y < 23; y++)
                for (int x = 0; x < 37; x++)
                    wrong += px(a, x, y) != px(b, x, y);
            SDL_FreeSurface(a);
            SDL_FreeSurface(b);
        }
    }
    lb_raster_use_simd(true);
    LT_CHECK_MSG(wrong == 0, "%d pixels differ from SDL_FillRect", wrong);
}

int main(void)
{
    LT_RUN(shared_edges_should_cover_every_pixel_exactly_once);
    LT_RUN(opaque_triangle_should_fill_its_inside_only);
    LT_RUN(colours_should_interpolate_across_the_triangle);
    LT_RUN(colours_should_match_exact_interpolation_either_winding);
    LT_RUN(blending_should_mix_like_sdl_blend_mode);
    LT_RUN(bad_input_should_be_refused_or_skipped);
    LT_RUN(clipped_pieces_should_equal_the_whole);
    LT_RUN(fast_paths_should_equal_the_reference);
    LT_RUN(every_constant_blend_should_be_exact);
    LT_RUN(runs_should_equal_their_triangles);
    LT_RUN(feathers_should_cover_what_their_triangles_do);
    LT_RUN(filled_rectangles_should_match_sdl);
    return lt_summary();
}
