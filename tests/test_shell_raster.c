/* The headless rasteriser: exact coverage (shared edges drawn once, no
 * gaps), blending, colour interpolation, clipping and bad input. */
#include <SDL.h>
#include <stdlib.h>

#include "lt.h"
#include "raster.h"

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

int main(void)
{
    LT_RUN(shared_edges_should_cover_every_pixel_exactly_once);
    LT_RUN(opaque_triangle_should_fill_its_inside_only);
    LT_RUN(colours_should_interpolate_across_the_triangle);
    LT_RUN(blending_should_mix_like_sdl_blend_mode);
    LT_RUN(bad_input_should_be_refused_or_skipped);
    LT_RUN(clipped_pieces_should_equal_the_whole);
    return lt_summary();
}
