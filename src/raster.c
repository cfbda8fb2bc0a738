/* raster: scanline triangles with per-vertex colour and alpha blending.
 *
 * For each row the covered span is solved from the three edge equations,
 * so a long thin triangle costs its covered pixels, not its bounding box.
 * Edge functions are evaluated in double precision at pixel centres; the
 * top-left rule decides pixels exactly on an edge. Integer blending
 * (rounded) keeps the output bit-identical from run to run. */
#include "raster.h"
#include "raster_internal.h"

#include <math.h>
#include <stdint.h>

typedef struct {
    double a, b, c; /* w(x, y) = a x + b y + c, >= 0 inside */
    bool top_left;  /* pixels exactly on this edge belong to the triangle */
} Edge;

static Edge make_edge(SDL_FPoint p, SDL_FPoint q, double sign)
{
    Edge e;
    /* w = (q - p) x (s - p), oriented by sign so inside is positive */
    e.a = sign * -(double)(q.y - p.y);
    e.b = sign * (double)(q.x - p.x);
    e.c = -(e.a * p.x + e.b * p.y);
    /* With y down and inside positive: a top edge is horizontal with
     * inside below it; a left edge has inside to its right. */
    e.top_left = (e.a == 0.0 && e.b > 0.0) || e.a > 0.0;
    return e;
}

static inline bool inside(const Edge *e, double w) { return w > 0.0 || (w == 0.0 && e->top_left); }

#if defined(__SSE2__) && !defined(LB_RASTER_NO_SIMD)
#include <emmintrin.h>
#define RASTER_SIMD 1
#else
#define RASTER_SIMD 0
#endif

static bool simd_on = RASTER_SIMD;

/* For tests: false makes every span take the plain C loops (the only ones
 * on a machine without SSE2), so the two can be compared. */
void lb_raster_use_simd(bool on) { simd_on = on && RASTER_SIMD; }

/* For tests: pixels added to every span-end estimate, so the exact search
 * that corrects an estimate is exercised both ways. */
static double estimate_bias = 0.0;
void lb_raster_bias_estimates(int px) { estimate_bias = px; }

/* floor and ceil of v held to [lo, hi] (NaN taken as lo): whole numbers
 * without a library call. */
static inline int floor_in(double v, double lo, double hi)
{
    v = v > lo ? (v < hi ? v : hi) : lo;
    int i = (int)v;
    return i - ((double)i > v); /* no branch: which way is a coin toss */
}

static inline int ceil_in(double v, double lo, double hi)
{
    v = v > lo ? (v < hi ? v : hi) : lo;
    int i = (int)v;
    return i + ((double)i < v);
}

/* Whether the pixel centred at (px, py) is inside edge e, with b * py
 * worked out once for the row. */
static inline bool edge_in(const Edge *e, double bpy, double px)
{
    double w = e->a * px + bpy + e->c;
    return (w > 0.0) | ((w == 0.0) & e->top_left);
}

/* A channel value (0..255, or a step of one) in 16.16 fixed point; far
 * outside values are held where int32 cannot overflow in a span. */
static inline int32_t fixed16(double v)
{
    v = v < -4096.0 ? -4096.0 : v > 4096.0 ? 4096.0 : v;
#if RASTER_SIMD
    /* lrint without the library call: the same round-to-nearest-even
     * conversion, in range here; NaN gives 0 as lrint's result did */
    if (v != v)
        return 0;
    return _mm_cvtsd_si32(_mm_set_sd(v * 65536.0));
#else
    return (int32_t)lrint(v * 65536.0);
#endif
}

/* The nearest whole channel value of a 16.16 number, clamped to 0..255. */
static inline int clamp16(int32_t v)
{
    int i = (v + 32768) >> 16;
    return i < 0 ? 0 : i > 255 ? 255 : i;
}

/* n steps of d at once: what n additions would give (wrapping alike). */
static inline int32_t step16(int32_t d, int n) { return (int32_t)(uint32_t)((uint64_t)(int64_t)d * (uint64_t)(int64_t)n); }

static inline double dmin(double a, double b) { return a < b ? a : b; }
static inline double dmax(double a, double b) { return a > b ? a : b; }

/* Blending is out = (src * a + dst * (255 - a) + 127) / 255 for every
 * channel, the alpha channel taking src = 255 (so it becomes
 * a + (dst_a * (255 - a) + 127) / 255). Written as (k + dst * ia) / 255
 * with k = src * a + 127 and ia = 255 - a, the sum is at most
 * 255 * 255 + 127 and fits 16 bits, and the division is the exact
 * (x * 0x8081) >> 23 (exact for every x below 65536): four channels, or
 * four pixels at once, without a divide. a = 0 gives dst and a = 255 gives
 * src exactly, so neither needs a special case. */
static inline Uint32 div255(Uint32 x) { return (x * 0x8081u) >> 23; }

static inline Uint32 blend_k(Uint32 dst, Uint32 kb, Uint32 kg, Uint32 kr, Uint32 ka, Uint32 ia)
{
    return div255(kb + (dst & 255) * ia) | div255(kg + ((dst >> 8) & 255) * ia) << 8 |
           div255(kr + ((dst >> 16) & 255) * ia) << 16 | div255(ka + (dst >> 24) * ia) << 24;
}

static inline Uint32 blend(Uint32 dst, int r, int g, int b, int a)
{
    Uint32 ua = (Uint32)a;
    return blend_k(dst, (Uint32)b * ua + 127, (Uint32)g * ua + 127, (Uint32)r * ua + 127, 255 * ua + 127, 255 - ua);
}

/* ---- span kernels: one row's run of pixels ------------------------------ */

/* One opaque colour. */
static void span_fill(Uint32 *p, int n, Uint32 px)
{
    int i = 0;
#if RASTER_SIMD
    if (simd_on) {
        const __m128i v = _mm_set1_epi32((int)px);
        for (; i + 4 <= n; i += 4)
            _mm_storeu_si128((__m128i *)(p + i), v);
    }
#endif
    for (; i < n; i++)
        p[i] = px;
}

/* One colour at one alpha (0..255): panels, washes, flat shapes. */
static void span_const(Uint32 *p, int n, int r, int g, int b, int a)
{
    Uint32 ua = (Uint32)a, ia = 255 - ua;
    Uint32 kb = (Uint32)b * ua + 127, kg = (Uint32)g * ua + 127, kr = (Uint32)r * ua + 127, ka = 255 * ua + 127;
    int i = 0;
#if RASTER_SIMD
    if (simd_on) {
        const __m128i k = _mm_set_epi16((short)ka, (short)kr, (short)kg, (short)kb, (short)ka, (short)kr, (short)kg,
                                        (short)kb);
        const __m128i iav = _mm_set1_epi16((short)ia), m = _mm_set1_epi16((short)0x8081), z = _mm_setzero_si128();
        for (; i + 4 <= n; i += 4) {
            __m128i d = _mm_loadu_si128((const __m128i *)(p + i));
            __m128i lo = _mm_add_epi16(_mm_mullo_epi16(_mm_unpacklo_epi8(d, z), iav), k);
            __m128i hi = _mm_add_epi16(_mm_mullo_epi16(_mm_unpackhi_epi8(d, z), iav), k);
            lo = _mm_srli_epi16(_mm_mulhi_epu16(lo, m), 7);
            hi = _mm_srli_epi16(_mm_mulhi_epu16(hi, m), 7);
            _mm_storeu_si128((__m128i *)(p + i), _mm_packus_epi16(lo, hi));
        }
    }
#endif
    for (; i < n; i++)
        p[i] = blend_k(p[i], kb, kg, kr, ka, ia);
}

/* One colour whose alpha steps along the row: alpha is ca + i * da in
 * 16.16 fixed point (wrapping like repeated addition), rounded and clamped
 * to 0..255 per pixel. */
static void span_ramp(Uint32 *p, int n, int r, int g, int b, int32_t ca, int32_t da)
{
    int i = 0;
#if RASTER_SIMD
    if (simd_on) {
        const __m128i col = _mm_set_epi16(255, (short)r, (short)g, (short)b, 255, (short)r, (short)g, (short)b);
        const __m128i c255 = _mm_set1_epi16(255), k127 = _mm_set1_epi16(127), m = _mm_set1_epi16((short)0x8081);
        const __m128i z = _mm_setzero_si128(), half = _mm_set1_epi32(32768);
        const __m128i step4 = _mm_set1_epi32((int32_t)(uint32_t)((uint32_t)da * 4u));
        __m128i av = _mm_add_epi32(_mm_set1_epi32(ca), _mm_set_epi32(step16(da, 3), step16(da, 2), da, 0));
        for (; i + 4 <= n; i += 4, av = _mm_add_epi32(av, step4)) {
            __m128i a = _mm_srai_epi32(_mm_add_epi32(av, half), 16);
            a = _mm_packs_epi32(a, a); /* a0 a1 a2 a3 a0 a1 a2 a3, saturated */
            a = _mm_min_epi16(_mm_max_epi16(a, z), c255);
            a = _mm_unpacklo_epi16(a, a);              /* a0 a0 a1 a1 a2 a2 a3 a3 */
            __m128i alo = _mm_unpacklo_epi32(a, a);    /* a0 x4, a1 x4 */
            __m128i ahi = _mm_unpackhi_epi32(a, a);    /* a2 x4, a3 x4 */
            __m128i d = _mm_loadu_si128((const __m128i *)(p + i));
            __m128i lo = _mm_add_epi16(_mm_mullo_epi16(col, alo),
                                       _mm_mullo_epi16(_mm_unpacklo_epi8(d, z), _mm_sub_epi16(c255, alo)));
            __m128i hi = _mm_add_epi16(_mm_mullo_epi16(col, ahi),
                                       _mm_mullo_epi16(_mm_unpackhi_epi8(d, z), _mm_sub_epi16(c255, ahi)));
            lo = _mm_srli_epi16(_mm_mulhi_epu16(_mm_add_epi16(lo, k127), m), 7);
            hi = _mm_srli_epi16(_mm_mulhi_epu16(_mm_add_epi16(hi, k127), m), 7);
            _mm_storeu_si128((__m128i *)(p + i), _mm_packus_epi16(lo, hi));
        }
        ca = (int32_t)((uint32_t)ca + (uint32_t)step16(da, i));
    }
#endif
    for (; i < n; i++, ca += da)
        p[i] = blend(p[i], r, g, b, clamp16(ca));
}

static void triangle(SDL_Surface *s, const SDL_Vertex *v0, const SDL_Vertex *v1, const SDL_Vertex *v2)
{
    SDL_FPoint p0 = v0->position, p1 = v1->position, p2 = v2->position;
    double area = (double)(p1.x - p0.x) * (p2.y - p0.y) - (double)(p1.y - p0.y) * (p2.x - p0.x);
    if (fabs(area) < 1e-9 || !isfinite(area))
        return;
    double sign = area > 0 ? 1.0 : -1.0;
    /* e0 is opposite v0 (its weight), e1 opposite v1, e2 opposite v2 */
    Edge e[3] = {make_edge(p1, p2, sign), make_edge(p2, p0, sign), make_edge(p0, p1, sign)};
    double inv = 1.0 / fabs(area);
    double ymin = dmin(p0.y, dmin(p1.y, p2.y)), ymax = dmax(p0.y, dmax(p1.y, p2.y));
    double xmin = dmin(p0.x, dmin(p1.x, p2.x)), xmax = dmax(p0.x, dmax(p1.x, p2.x));
    /* Rows whose centres lie within the triangle's height: a row centred
     * above its top vertex or below its bottom one has no pixel inside. */
    int y0 = (int)ceil(ymin - 0.5), y1 = (int)floor(ymax - 0.5);
    /* Rows and columns outside the surface's clip rectangle are skipped,
     * but every value is still stepped from the unclipped span start, so a
     * pixel gets the same bytes whatever the clip (redrawing only a damaged
     * part of a frame gives the frame drawn whole). */
    const SDL_Rect *clip = &s->clip_rect;
    int cy0 = clip->y > 0 ? clip->y : 0, cy1 = clip->y + clip->h - 1 < s->h - 1 ? clip->y + clip->h - 1 : s->h - 1;
    int cx0 = clip->x > 0 ? clip->x : 0, cx1 = clip->x + clip->w - 1 < s->w - 1 ? clip->x + clip->w - 1 : s->w - 1;
    if (y0 < cy0) y0 = cy0;
    if (y1 > cy1) y1 = cy1;
    if (y0 > y1)
        return;
    int bx0 = (int)floor(xmin - 0.5), bx1 = (int)ceil(xmax - 0.5);
    if (bx0 < 0) bx0 = 0;
    if (bx1 > s->w - 1) bx1 = s->w - 1;
    if (bx0 > bx1 || bx1 < cx0 || bx0 > cx1)
        return;
    const SDL_Color c0 = v0->color, c1 = v1->color, c2 = v2->color;
    bool flat = c0.r == c1.r && c1.r == c2.r && c0.g == c1.g && c1.g == c2.g && c0.b == c1.b && c1.b == c2.b &&
                c0.a == c1.a && c1.a == c2.a;
    bool same_rgb = c0.r == c1.r && c1.r == c2.r && c0.g == c1.g && c1.g == c2.g && c0.b == c1.b && c1.b == c2.b;
    double dr = inv * (e[0].a * c0.r + e[1].a * c1.r + e[2].a * c2.r);
    double dg = inv * (e[0].a * c0.g + e[1].a * c1.g + e[2].a * c2.g);
    double db = inv * (e[0].a * c0.b + e[1].a * c1.b + e[2].a * c2.b);
    double da = inv * (e[0].a * c0.a + e[1].a * c1.a + e[2].a * c2.a);
    int32_t ir = fixed16(dr), ig = fixed16(dg), ib = fixed16(db), ia = fixed16(da);
    /* Vertices by height: the long edge top..bottom bounds one side of
     * every row, top..mid or mid..bottom the other. */
    SDL_FPoint t = p0, m = p1, bo = p2, tmp;
    if (m.y < t.y) tmp = t, t = m, m = tmp;
    if (bo.y < t.y) tmp = t, t = bo, bo = tmp;
    if (bo.y < m.y) tmp = m, m = bo, bo = tmp;
    double s_tb = bo.y > t.y ? (double)(bo.x - t.x) / (bo.y - t.y) : 0.0;
    double s_tm = m.y > t.y ? (double)(m.x - t.x) / (m.y - t.y) : 0.0;
    double s_mb = bo.y > m.y ? (double)(bo.x - m.x) / (bo.y - m.y) : 0.0;
    /* Span ends are held to a little beyond the surface before they become
     * integers: past it they are clipped anyway. */
    double xlim = s->w + 8.0;
    /* Edges by which side of a row they bound. */
    int rise[3], fall[3], level[3], nrise = 0, nfall = 0, nlevel = 0;
    double inv_a[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++) {
        if (e[k].a > 0.0)
            rise[nrise++] = k;
        else if (e[k].a < 0.0)
            fall[nfall++] = k;
        else
            level[nlevel++] = k;
        if (e[k].a != 0.0)
            inv_a[k] = 1.0 / e[k].a;
    }
    for (int y = y0; y <= y1; y++) {
        double py = y + 0.5;
        double cy = py < t.y ? t.y : py > bo.y ? bo.y : py; /* rows at the tips */
        double xl = t.x + (cy - t.y) * s_tb;
        double xs = cy < m.y ? t.x + (cy - t.y) * s_tm : m.x + (cy - m.y) * s_mb;
        double lo = dmin(xl, xs) - 0.5, hi = dmax(xl, xs) - 0.5;
        /* a pixel of slack either side; the exact edge test decides */
        int xa = floor_in(lo, -8.0, xlim) - 1, xb = ceil_in(hi, -8.0, xlim) + 1;
        if (xa < bx0) xa = bx0;
        if (xb > bx1) xb = bx1;
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
        if (xa > xb)
            continue;
        /* Shrink the slack span to the pixels inside all three edges. The
         * computed edge value is monotonic along a row (each rounding
         * step is), so each edge keeps a run of pixels ending at one
         * threshold: a rising edge (a > 0) bounds the span on the left, a
         * falling one on the right, a level one keeps all of the row or
         * none. Each threshold is found from an estimate and confirmed by
         * the exact test on both sides of it, which gives the span the
         * pixel-by-pixel walk from the slack ends would. */
        bool empty = false;
        for (int k = 0; k < nlevel && !empty; k++)
            empty = !edge_in(&e[level[k]], e[level[k]].b * py, 0.5);
        for (int k = 0; k < nrise && !empty; k++) {
            const Edge *ed = &e[rise[k]];
            double bpy = ed->b * py;
            /* the first pixel in [xa, xb] inside, or xb + 1 for none */
            int g = ceil_in((-bpy - ed->c) * inv_a[rise[k]] - 0.5 + estimate_bias, xa, xb + 1.0);
            if (g > xb || edge_in(ed, bpy, g + 0.5)) {
                while (g > xa && edge_in(ed, bpy, g - 0.5))
                    g--;
            } else {
                do
                    g++;
                while (g <= xb && !edge_in(ed, bpy, g + 0.5));
            }
            xa = g;
            empty = xa > xb;
        }
        for (int k = 0; k < nfall && !empty; k++) {
            const Edge *ed = &e[fall[k]];
            double bpy = ed->b * py;
            /* the last pixel in [xa, xb] inside, or xa - 1 for none */
            int g = floor_in((-bpy - ed->c) * inv_a[fall[k]] - 0.5 + estimate_bias, xa - 1.0, xb);
            if (g < xa || edge_in(ed, bpy, g + 0.5)) {
                while (g < xb && edge_in(ed, bpy, g + 1.5))
                    g++;
            } else {
                do
                    g--;
                while (g >= xa && !edge_in(ed, bpy, g + 0.5));
            }
            xb = g;
            empty = xb < xa;
        }
        if (empty || xb < cx0 || xa > cx1)
            continue;
        int xe = xb < cx1 ? xb : cx1;           /* last pixel written */
        int skip = xa < cx0 ? cx0 - xa : 0;     /* steps before the first */
        if (flat) {
            if (c0.a >= 255) {
                span_fill(row + xa + skip, xe - xa - skip + 1,
                          0xff000000u | ((Uint32)c0.r << 16) | ((Uint32)c0.g << 8) | (Uint32)c0.b);
            } else {
                span_const(row + xa + skip, xe - xa - skip + 1, c0.r, c0.g, c0.b, c0.a);
            }
            continue;
        }
        if (same_rgb) {
            /* A feathered edge or a soft pool: one colour whose alpha
             * fades, so only alpha is stepped. */
            double px0 = xa + 0.5;
            double ca0 = ((e[0].a * px0 + e[0].b * py + e[0].c) * inv) * c0.a +
                         ((e[1].a * px0 + e[1].b * py + e[1].c) * inv) * c1.a +
                         ((e[2].a * px0 + e[2].b * py + e[2].c) * inv) * c2.a;
            span_ramp(row + xa + skip, xe - xa - skip + 1, c0.r, c0.g, c0.b, fixed16(ca0) + step16(ia, skip), ia);
            continue;
        }
        /* Colour is linear across the triangle: a start and a step a row,
         * stepped in 16.16 fixed point (integer, so still the same bytes on
         * every run, and no float-to-int conversion per pixel). */
        double px0 = xa + 0.5;
        double l0 = (e[0].a * px0 + e[0].b * py + e[0].c) * inv, l1 = (e[1].a * px0 + e[1].b * py + e[1].c) * inv,
               l2 = (e[2].a * px0 + e[2].b * py + e[2].c) * inv;
        int32_t cr = fixed16(l0 * c0.r + l1 * c1.r + l2 * c2.r), cg = fixed16(l0 * c0.g + l1 * c1.g + l2 * c2.g),
                cb = fixed16(l0 * c0.b + l1 * c1.b + l2 * c2.b), ca = fixed16(l0 * c0.a + l1 * c1.a + l2 * c2.a);
        cr += step16(ir, skip), cg += step16(ig, skip), cb += step16(ib, skip), ca += step16(ia, skip);
        for (int x = xa + skip; x <= xe; x++, cr += ir, cg += ig, cb += ib, ca += ia)
            row[x] = blend(row[x], clamp16(cr), clamp16(cg), clamp16(cb), clamp16(ca));
    }
}

bool lb_raster_supports(const SDL_Surface *surf)
{
    /* 32-bit with red in bits 16..23 and blue in 0..7; alpha, if any, on top */
    return surf && (surf->format->format == SDL_PIXELFORMAT_ARGB8888 || surf->format->format == SDL_PIXELFORMAT_RGB888);
}

bool lb_raster_triangles(SDL_Surface *surf, const SDL_Vertex *v, int nv, const int *idx, int ni)
{
    if (!lb_raster_supports(surf))
        return false;
    if (SDL_MUSTLOCK(surf) && SDL_LockSurface(surf) != 0)
        return false;
    for (int i = 0; i + 2 < ni; i += 3) {
        int a = idx[i], b = idx[i + 1], c = idx[i + 2];
        if (a < 0 || b < 0 || c < 0 || a >= nv || b >= nv || c >= nv)
            continue;
        triangle(surf, &v[a], &v[b], &v[c]);
    }
    if (SDL_MUSTLOCK(surf))
        SDL_UnlockSurface(surf);
    return true;
}
