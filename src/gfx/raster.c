/* raster: scanline triangles with per-vertex colour and alpha blending.
 *
 * For each row the covered span is found from the three edge equations,
 * so a long thin triangle costs its covered pixels, not its bounding box.
 * Vertices are snapped to 1/256 px and edge functions are exact integers
 * at pixel centres, stepped from row to row; the top-left rule decides
 * pixels exactly on an edge. Integer blending (rounded) keeps the output
 * bit-identical from run to run. */
#include "raster.h"
#include "raster_internal.h"

#include <math.h>
#include <stdint.h>

#if defined(__SSE2__) && !defined(LB_RASTER_NO_SIMD)
#include <emmintrin.h>
#define RASTER_SIMD 1
#else
#define RASTER_SIMD 0
#endif
/* AVX2 for long opaque spans, chosen at run time (GCC and clang on x86-64) */
#if RASTER_SIMD && defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define RASTER_WIDE 1
#else
#define RASTER_WIDE 0
#endif

static bool simd_on = RASTER_SIMD;
static bool runs_on = true;

/* For tests: false makes every span take the plain C loops (the only ones
 * on a machine without SSE2), so the two can be compared. */
void lb_raster_use_simd(bool on) { simd_on = on && RASTER_SIMD; }

/* For tests: false draws every triangle on its own, never a run of them as
 * one polygon. */
void lb_raster_use_runs(bool on) { runs_on = on; }

/* The nearest whole channel value of a 16.16 number, clamped to 0..255. */
static inline int clamp16(int32_t v)
{
    int i = (v + 32768) >> 16;
    return i < 0 ? 0 : i > 255 ? 255 : i;
}

/* n steps of d at once: what n additions would give (wrapping alike). */
static inline int32_t step16(int32_t d, int n)
{
    return (int32_t)(uint32_t)((uint64_t)(int64_t)d * (uint64_t)(int64_t)n);
}

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

#if RASTER_WIDE
/* span_fill's long spans eight pixels a store, on a processor that has
 * AVX2 (asked once); the last store overlaps the one before rather than
 * leaving a tail (the same value goes in twice). */
static int wide_ok = -1;
__attribute__((target("avx2"))) static void span_fill8(Uint32 *p, int n, Uint32 px)
{
    const __m256i v = _mm256_set1_epi32((int)px);
    int i = 0;
    for (; i + 8 < n; i += 8)
        _mm256_storeu_si256((__m256i *)(p + i), v);
    _mm256_storeu_si256((__m256i *)(p + n - 8), v);
}
#endif

/* One opaque colour. A span of four or more ends with a store that
 * overlaps the one before instead of a tail of single pixels. */
static void span_fill(Uint32 *p, int n, Uint32 px)
{
#if RASTER_SIMD
    if (simd_on && n >= 4) {
#if RASTER_WIDE
        if (n >= 16) {
            if (wide_ok < 0)
                wide_ok = __builtin_cpu_supports("avx2") ? 1 : 0;
            if (wide_ok) {
                span_fill8(p, n, px);
                return;
            }
        }
#endif
        const __m128i v = _mm_set1_epi32((int)px);
        int i = 0;
        for (; i + 4 < n; i += 4)
            _mm_storeu_si128((__m128i *)(p + i), v);
        _mm_storeu_si128((__m128i *)(p + n - 4), v);
        return;
    }
#endif
    for (int i = 0; i < n; i++)
        p[i] = px;
}

#if RASTER_SIMD
/* The first k (1..3) pixels of p into a vector's low lanes, and back. */
static inline __m128i load_part(const Uint32 *p, int k)
{
    if (k == 1)
        return _mm_cvtsi32_si128((int)p[0]);
    __m128i v = _mm_loadl_epi64((const __m128i *)p);
    return k == 3 ? _mm_unpacklo_epi64(v, _mm_cvtsi32_si128((int)p[2])) : v;
}

static inline void store_part(Uint32 *p, int k, __m128i v)
{
    if (k == 1) {
        p[0] = (Uint32)_mm_cvtsi128_si32(v);
        return;
    }
    _mm_storel_epi64((__m128i *)p, v);
    if (k == 3)
        p[2] = (Uint32)_mm_cvtsi128_si32(_mm_unpackhi_epi64(v, v));
}

/* Four pixels d blended toward (k - 127) / ia per channel: see span_const. */
static inline __m128i const4(__m128i d, __m128i k, __m128i iav)
{
    const __m128i m = _mm_set1_epi16((short)0x8081), z = _mm_setzero_si128();
    __m128i lo = _mm_add_epi16(_mm_mullo_epi16(_mm_unpacklo_epi8(d, z), iav), k);
    __m128i hi = _mm_add_epi16(_mm_mullo_epi16(_mm_unpackhi_epi8(d, z), iav), k);
    lo = _mm_srli_epi16(_mm_mulhi_epu16(lo, m), 7);
    hi = _mm_srli_epi16(_mm_mulhi_epu16(hi, m), 7);
    return _mm_packus_epi16(lo, hi);
}

/* Four pixels d blended with colour col (16-bit lanes, alpha lane 255) at
 * the 16.16 alphas in av, rounded and clamped to 0..255: see span_ramp. */
static inline __m128i ramp4(__m128i d, __m128i col, __m128i av)
{
    const __m128i c255 = _mm_set1_epi16(255), k127 = _mm_set1_epi16(127), m = _mm_set1_epi16((short)0x8081);
    const __m128i z = _mm_setzero_si128(), half = _mm_set1_epi32(32768);
    __m128i a = _mm_srai_epi32(_mm_add_epi32(av, half), 16);
    a = _mm_packs_epi32(a, a); /* a0 a1 a2 a3 a0 a1 a2 a3, saturated */
    a = _mm_min_epi16(_mm_max_epi16(a, z), c255);
    a = _mm_unpacklo_epi16(a, a);           /* a0 a0 a1 a1 a2 a2 a3 a3 */
    __m128i alo = _mm_unpacklo_epi32(a, a); /* a0 x4, a1 x4 */
    __m128i ahi = _mm_unpackhi_epi32(a, a); /* a2 x4, a3 x4 */
    __m128i lo =
        _mm_add_epi16(_mm_mullo_epi16(col, alo), _mm_mullo_epi16(_mm_unpacklo_epi8(d, z), _mm_sub_epi16(c255, alo)));
    __m128i hi =
        _mm_add_epi16(_mm_mullo_epi16(col, ahi), _mm_mullo_epi16(_mm_unpackhi_epi8(d, z), _mm_sub_epi16(c255, ahi)));
    lo = _mm_srli_epi16(_mm_mulhi_epu16(_mm_add_epi16(lo, k127), m), 7);
    hi = _mm_srli_epi16(_mm_mulhi_epu16(_mm_add_epi16(hi, k127), m), 7);
    return _mm_packus_epi16(lo, hi);
}
#endif

/* One colour at one alpha (0..255): panels, washes, flat shapes. The last
 * one to three pixels of a span go through the same vector arithmetic,
 * loaded and stored part-way. */
static void span_const(Uint32 *p, int n, int r, int g, int b, int a)
{
    Uint32 ua = (Uint32)a, ia = 255 - ua;
    Uint32 kb = (Uint32)b * ua + 127, kg = (Uint32)g * ua + 127, kr = (Uint32)r * ua + 127, ka = 255 * ua + 127;
    int i = 0;
#if RASTER_SIMD
    if (simd_on) {
        const __m128i k =
            _mm_set_epi16((short)ka, (short)kr, (short)kg, (short)kb, (short)ka, (short)kr, (short)kg, (short)kb);
        const __m128i iav = _mm_set1_epi16((short)ia);
        for (; i + 4 <= n; i += 4)
            _mm_storeu_si128((__m128i *)(p + i), const4(_mm_loadu_si128((const __m128i *)(p + i)), k, iav));
        if (i < n)
            store_part(p + i, n - i, const4(load_part(p + i, n - i), k, iav));
        return;
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
    for (int i = 0; i < n; i++, ca += da)
        p[i] = blend(p[i], r, g, b, clamp16(ca));
}

#if RASTER_SIMD
/* The same four pixels at a time, with what stays the same along a
 * triangle worked out once: col (see ramp4), da4 = {0, da, 2 da, 3 da}
 * and step4 = 4 da in every lane. */
static inline void span_ramp4(Uint32 *p, int n, __m128i col, int32_t ca, __m128i da4, __m128i step4)
{
    int i = 0;
    __m128i av = _mm_add_epi32(_mm_set1_epi32(ca), da4);
    for (; i + 4 <= n; i += 4, av = _mm_add_epi32(av, step4))
        _mm_storeu_si128((__m128i *)(p + i), ramp4(_mm_loadu_si128((const __m128i *)(p + i)), col, av));
    if (i < n)
        store_part(p + i, n - i, ramp4(load_part(p + i, n - i), col, av));
}
#endif

/* ---- triangle setup and rows ------------------------------------------- */

/* Vertices are snapped to 1/256 px; edge functions are then exact 64-bit
 * integers, and each edge's threshold along a row (where it stops or
 * starts covering pixels) is stepped from row to row as a quotient and
 * remainder, with no division or rounding per row. Coordinates are held
 * to +-2^20 px, which keeps every product inside 64 bits. */
enum { SUB_BITS = 8, SUB_ONE = 1 << SUB_BITS, SUB_HALF = SUB_ONE / 2 };
#define COORD_LIMIT 1048576.0

/* floor(a / d) for d > 0, with the remainder (0 <= *rem < d) */
static inline int64_t floor_div(int64_t a, int64_t d, int64_t *rem)
{
    int64_t q = a / d, m = a % d;
    if (m < 0)
        m += d, q--;
    *rem = m;
    return q;
}

/* floor(a / 256), for a negative too (an arithmetic shift would be
 * implementation-defined) */
static inline int64_t floor256(int64_t a)
{
    return (int64_t)(((uint64_t)a + ((uint64_t)1 << 62)) >> SUB_BITS) - ((int64_t)1 << (62 - SUB_BITS));
}

/* A float coordinate in 1/256 px, rounded half away from zero. */
static inline int64_t snap(float v)
{
    double d = (double)v;
    d = d < -COORD_LIMIT ? -COORD_LIMIT : d > COORD_LIMIT ? COORD_LIMIT : d;
    d *= SUB_ONE;
    return (int64_t)(d + (d >= 0 ? 0.5 : -0.5));
}

/* A number in 32.32 fixed point, |v| held to lim. */
static inline uint64_t fixed32(double v, double lim)
{
    v = v < -lim ? -lim : v > lim ? lim : v;
    double d = v * 4294967296.0;
    return (uint64_t)(int64_t)(d + (d >= 0 ? 0.5 : -0.5));
}

/* One edge's threshold along the rows: floor(V / d), as q and r, and
 * what a row adds to V, as qs and rs (0 <= r, rs < d). */
typedef struct {
    int64_t q, r, d, qs, rs;
} Dda;

/* A colour channel as a plane: its 32.32 value at the reference pixel,
 * and its change per pixel across and down. */
typedef struct {
    uint64_t ref, gx, gy;
} Plane;

static Plane plane(double c0, double c1, double c2, const int64_t *X, const int64_t *Y, double inv_area, int64_t xr,
                   int64_t yr)
{
    double gx = ((c1 - c0) * (double)(Y[2] - Y[0]) - (c2 - c0) * (double)(Y[1] - Y[0])) * SUB_ONE * inv_area;
    double gy = ((c2 - c0) * (double)(X[1] - X[0]) - (c1 - c0) * (double)(X[2] - X[0])) * SUB_ONE * inv_area;
    double c =
        c0 + ((double)(xr * SUB_ONE + SUB_HALF - X[0]) * gx + (double)(yr * SUB_ONE + SUB_HALF - Y[0]) * gy) / SUB_ONE;
    Plane p = {fixed32(c, 1048576.0), fixed32(gx, 4096.0), fixed32(gy, 4096.0)};
    return p;
}

/* The 16.16 value of a 32.32 one (wrapping alike). */
static inline int32_t to16(uint64_t v) { return (int32_t)(uint32_t)(v >> 16); }

/* An edge: w = a (X - px) + b (Y - py) in 1/256 px, positive inside. */
typedef struct {
    int64_t a, b, px, py;
    bool top_left;
} Edge;

/* The threshold of a sloped edge (a != 0) from row y on. At pixel (x, y)
 * the edge function is V(y) + a * 256 x, where V takes one off when the
 * edge is not top-left, so a pixel is inside when that is >= 0: the first
 * pixel inside a rising edge (a > 0) is -floor(V / (a 256)), the last
 * inside a falling one floor(V / (-a 256)). */
static Dda dda_at(const Edge *e, int y)
{
    int64_t v = e->a * (SUB_HALF - e->px) + e->b * ((int64_t)y * SUB_ONE + SUB_HALF - e->py) - !e->top_left;
    Dda d;
    d.d = (e->a > 0 ? e->a : -e->a) * SUB_ONE;
    d.q = floor_div(v, d.d, &d.r);
    d.qs = floor_div(e->b * SUB_ONE, d.d, &d.rs);
    return d;
}

/* Everything a row's span needs besides its ends. */
typedef struct {
    Uint8 *pixels;
    int pitch, cx0, cx1;
    int kind; /* 0 opaque, 1 one alpha, 2 alpha ramp, 3 colour ramp */
    SDL_Color c;
    Uint32 opaque_px;
    int nch;
    int64_t xr, yr;
    Plane pl[4]; /* alpha, red, green, blue */
    int32_t d16[4];
#if RASTER_SIMD
    __m128i col, da4, step4; /* for span_ramp4 */
#endif
} Spans;

/* Rows y0..y1, from the first pixel inside the rising edge l to the last
 * inside the falling edge r; both are stepped to the row after y1. */
static inline __attribute__((always_inline)) void rows_of(const Spans *sp, Dda *lp, Dda *rp, int y0, int y1,
                                                          const int kind, const int nch)
{
    Dda l = *lp, r = *rp;
    const int cx0 = sp->cx0, cx1 = sp->cx1;
    uint64_t rowv[4] = {0, 0, 0, 0};
    for (int c = 0; c < nch; c++)
        rowv[c] = sp->pl[c].ref + (uint64_t)((int64_t)y0 - sp->yr) * sp->pl[c].gy;
    Uint8 *rowp = sp->pixels + (ptrdiff_t)y0 * sp->pitch;
    for (int y = y0; y <= y1; y++, rowp += sp->pitch) {
        int64_t xa = -l.q, xb = r.q;
        /* the next row: a remainder reaching the divisor carries one */
        l.q += l.qs, l.r += l.rs;
        r.q += r.qs, r.r += r.rs;
        int64_t cl = l.r >= l.d, cr = r.r >= r.d;
        l.q += cl, l.r -= l.d & -cl;
        r.q += cr, r.r -= r.d & -cr;
        if (xa > xb || xb < cx0 || xa > cx1) {
            for (int c = 0; c < nch; c++)
                rowv[c] += sp->pl[c].gy;
            continue;
        }
        int xe = xb < cx1 ? (int)xb : cx1; /* last pixel written */
        int xs = xa > cx0 ? (int)xa : cx0; /* first pixel written */
        Uint32 *row = (Uint32 *)rowp;
        if (kind == 0) {
            span_fill(row + xs, xe - xs + 1, sp->opaque_px);
            continue;
        }
        if (kind == 1) {
            span_const(row + xs, xe - xs + 1, sp->c.r, sp->c.g, sp->c.b, sp->c.a);
            continue;
        }
        /* the channels at the span's first pixel (unclipped), then on to
         * the first one written */
        int32_t cv[4];
        uint64_t dx = (uint64_t)(xa - sp->xr);
        for (int c = 0; c < nch; c++) {
            cv[c] =
                (int32_t)((uint32_t)to16(rowv[c] + dx * sp->pl[c].gx) + (uint32_t)step16(sp->d16[c], (int)(xs - xa)));
            rowv[c] += sp->pl[c].gy;
        }
        if (kind == 2) {
            /* A feathered edge or a soft pool: one colour whose alpha
             * fades, so only alpha is stepped. */
#if RASTER_SIMD
            if (simd_on) {
                span_ramp4(row + xs, xe - xs + 1, sp->col, cv[0], sp->da4, sp->step4);
                continue;
            }
#endif
            span_ramp(row + xs, xe - xs + 1, sp->c.r, sp->c.g, sp->c.b, cv[0], sp->d16[0]);
            continue;
        }
        uint32_t ca = (uint32_t)cv[0], cr_ = (uint32_t)cv[1], cg = (uint32_t)cv[2], cb = (uint32_t)cv[3];
        for (int x = xs; x <= xe; x++) {
            row[x] =
                blend(row[x], clamp16((int32_t)cr_), clamp16((int32_t)cg), clamp16((int32_t)cb), clamp16((int32_t)ca));
            ca += (uint32_t)sp->d16[0], cr_ += (uint32_t)sp->d16[1], cg += (uint32_t)sp->d16[2],
                cb += (uint32_t)sp->d16[3];
        }
    }
    *lp = l, *rp = r;
}

/* rows_of with the kind of span fixed, so each loop carries only its own
 * work. */
static void rows(const Spans *sp, Dda *lp, Dda *rp, int y0, int y1)
{
    switch (sp->kind) {
    case 0: rows_of(sp, lp, rp, y0, y1, 0, 0); break;
    case 1: rows_of(sp, lp, rp, y0, y1, 1, 0); break;
    case 2: rows_of(sp, lp, rp, y0, y1, 2, 1); break;
    default: rows_of(sp, lp, rp, y0, y1, 3, 4); break;
    }
}

/* The pixels the surface's clip rectangle lets through, inclusive. */
static void clip_box(const SDL_Surface *s, int *cx0, int *cx1, int *cy0, int *cy1)
{
    const SDL_Rect *clip = &s->clip_rect;
    *cy0 = clip->y > 0 ? clip->y : 0;
    *cy1 = clip->y + clip->h - 1 < s->h - 1 ? clip->y + clip->h - 1 : s->h - 1;
    *cx0 = clip->x > 0 ? clip->x : 0;
    *cx1 = clip->x + clip->w - 1 < s->w - 1 ? clip->x + clip->w - 1 : s->w - 1;
}

/* The colours of a triangle (corners X, Y in 1/256 px, twice its signed
 * area `area`) for the spans: one opaque colour, one colour at one alpha,
 * one colour whose alpha is a plane, or every channel a plane. Planes are
 * anchored at the pixel holding corner 0; a row's span starts from its
 * value at the span's first pixel (unclipped) and steps along in 16.16. */
static void spans_colours(Spans *sp, SDL_Color c0, SDL_Color c1, SDL_Color c2, const int64_t *X, const int64_t *Y,
                          int64_t area)
{
    bool same_rgb = c0.r == c1.r && c1.r == c2.r && c0.g == c1.g && c1.g == c2.g && c0.b == c1.b && c1.b == c2.b;
    bool flat = same_rgb && c0.a == c1.a && c1.a == c2.a;
    sp->kind = flat ? (c0.a >= 255 ? 0 : 1) : same_rgb ? 2 : 3;
    sp->c = c0;
    sp->opaque_px = 0xff000000u | ((Uint32)c0.r << 16) | ((Uint32)c0.g << 8) | (Uint32)c0.b;
    sp->nch = flat ? 0 : same_rgb ? 1 : 4;
    sp->xr = floor256(X[0]), sp->yr = floor256(Y[0]);
    if (!sp->nch)
        return;
    double inv = 1.0 / (double)area;
    sp->pl[0] = plane(c0.a, c1.a, c2.a, X, Y, inv, sp->xr, sp->yr);
    if (sp->nch == 4) {
        sp->pl[1] = plane(c0.r, c1.r, c2.r, X, Y, inv, sp->xr, sp->yr);
        sp->pl[2] = plane(c0.g, c1.g, c2.g, X, Y, inv, sp->xr, sp->yr);
        sp->pl[3] = plane(c0.b, c1.b, c2.b, X, Y, inv, sp->xr, sp->yr);
    }
    for (int c = 0; c < sp->nch; c++)
        sp->d16[c] = to16(sp->pl[c].gx + 0x8000u);
#if RASTER_SIMD
    int32_t da = sp->d16[0];
    sp->col = _mm_set_epi16(255, (short)c0.r, (short)c0.g, (short)c0.b, 255, (short)c0.r, (short)c0.g, (short)c0.b);
    sp->da4 = _mm_set_epi32(step16(da, 3), step16(da, 2), da, 0);
    sp->step4 = _mm_set1_epi32(step16(da, 4));
#endif
}

/* Rows a convex polygon (corners X, Y in 1/256 px, n of them) may cover
 * within columns cx0..cx1: its part inside the columns' pixel centres (a
 * pixel's margin each side) is a convex polygon whose corners are the
 * polygon's own inside them and where its edges cross their sides, so its
 * height comes from those. Narrows *ry0..*ry1 to it (with a row's margin
 * for rounding); false when none is left. A thin sloped shape crossing a
 * narrow clip (a feather through one damaged rectangle) then walks only
 * the rows that reach into it. */
static bool slab_rows(const int64_t *X, const int64_t *Y, int n, int cx0, int cx1, int64_t *ry0, int64_t *ry1)
{
    const int64_t xl = (int64_t)cx0 * SUB_ONE - SUB_HALF, xr = (int64_t)cx1 * SUB_ONE + SUB_ONE + SUB_HALF;
    double lo = INFINITY, hi = -INFINITY;
    for (int k = 0; k < n; k++) {
        int j = k + 1 < n ? k + 1 : 0;
        if (X[k] >= xl && X[k] <= xr) {
            lo = (double)Y[k] < lo ? (double)Y[k] : lo;
            hi = (double)Y[k] > hi ? (double)Y[k] : hi;
        }
        for (int s = 0; s < 2; s++) {
            int64_t xb = s ? xr : xl;
            if ((X[k] < xb && X[j] > xb) || (X[k] > xb && X[j] < xb)) {
                double y = (double)Y[k] + (double)(Y[j] - Y[k]) * (double)(xb - X[k]) / (double)(X[j] - X[k]);
                lo = y < lo ? y : lo;
                hi = y > hi ? y : hi;
            }
        }
    }
    if (!(lo <= hi))
        return false;
    int64_t a = (int64_t)floor((lo - SUB_HALF) / SUB_ONE), b = (int64_t)ceil((hi - SUB_HALF) / SUB_ONE);
    if (a > *ry0)
        *ry0 = a;
    if (b < *ry1)
        *ry1 = b;
    return *ry0 <= *ry1;
}

static void triangle(SDL_Surface *s, const SDL_Vertex *v0, const SDL_Vertex *v1, const SDL_Vertex *v2)
{
    const SDL_Vertex *vs[3] = {v0, v1, v2};
    int64_t X[3], Y[3];
    for (int k = 0; k < 3; k++) {
        if (!isfinite(vs[k]->position.x) || !isfinite(vs[k]->position.y))
            return;
        X[k] = snap(vs[k]->position.x);
        Y[k] = snap(vs[k]->position.y);
    }
    int64_t area = (X[1] - X[0]) * (Y[2] - Y[0]) - (Y[1] - Y[0]) * (X[2] - X[0]);
    if (area == 0)
        return;
    int64_t sign = area > 0 ? 1 : -1;
    /* Vertices by height (ties broken by index): top, middle, bottom. */
    int top = 0, bot = 0;
    for (int k = 1; k < 3; k++) {
        if (Y[k] < Y[top])
            top = k;
        if (Y[k] >= Y[bot])
            bot = k;
    }
    if (top == bot)
        bot = (top + 1) % 3;
    int mid = 3 - top - bot;
    int64_t xmin = X[0] < X[1] ? X[0] : X[1], xmax = X[0] > X[1] ? X[0] : X[1];
    xmin = X[2] < xmin ? X[2] : xmin, xmax = X[2] > xmax ? X[2] : xmax;
    /* Rows whose centres lie within the triangle's height, columns within
     * its width. */
    int64_t ry0 = -floor256(SUB_HALF - Y[top]), ry1 = floor256(Y[bot] - SUB_HALF);
    int64_t rx0 = -floor256(SUB_HALF - xmin), rx1 = floor256(xmax - SUB_HALF);
    /* Edge k is opposite vertex k; a pixel exactly on an edge belongs to
     * the triangle when the edge is a top or left one (inside below a
     * level edge, or to its right). */
    Edge e[3];
    for (int k = 0; k < 3; k++) {
        int i = (k + 1) % 3, j = (k + 2) % 3;
        e[k].a = -sign * (Y[j] - Y[i]);
        e[k].b = sign * (X[j] - X[i]);
        e[k].px = X[i], e[k].py = Y[i];
        e[k].top_left = (e[k].a == 0 && e[k].b > 0) || e[k].a > 0;
        /* A level edge along the bottom keeps none of a row through it. */
        if (e[k].a == 0 && !e[k].top_left && ((Y[i] - SUB_HALF) & (SUB_ONE - 1)) == 0 &&
            ry1 == floor256(Y[i] - SUB_HALF))
            ry1--;
    }
    /* Rows and columns outside the surface's clip rectangle are skipped,
     * but every value is still worked out from the unclipped span start,
     * so a pixel gets the same bytes whatever the clip (redrawing only a
     * damaged part of a frame gives the frame drawn whole). */
    int cx0, cx1, cy0, cy1;
    clip_box(s, &cx0, &cx1, &cy0, &cy1);
    if (ry0 < cy0)
        ry0 = cy0;
    if (ry1 > cy1)
        ry1 = cy1;
    if (ry0 > ry1 || rx1 < cx0 || rx0 > cx1 || cx0 > cx1)
        return;
    if ((rx0 < cx0 || rx1 > cx1) && !slab_rows(X, Y, 3, cx0, cx1, &ry0, &ry1))
        return;
    int y0 = (int)ry0, y1 = (int)ry1;
    Spans sp;
    sp.pixels = (Uint8 *)s->pixels;
    sp.pitch = s->pitch, sp.cx0 = cx0, sp.cx1 = cx1;
    spans_colours(&sp, v0->color, v1->color, v2->color, X, Y, area);
    /* The long edge (top to bottom, opposite the middle vertex) bounds one
     * side of every row; the other side is bounded by the edge from the
     * top to the middle vertex above the middle one, by the edge from the
     * middle to the bottom below it (at the middle vertex's height the
     * two agree: both run through it, with the same fill rule). A level
     * edge leaves one sloped edge a side, for every row. */
    const Edge *lng = &e[mid], *upper = &e[bot], *lower = &e[top];
    Dda dl = dda_at(lng, y0);
    bool long_left = lng->a > 0;
    if (upper->a == 0 || lower->a == 0) {
        Dda other = dda_at(upper->a == 0 ? lower : upper, y0);
        rows(&sp, long_left ? &dl : &other, long_left ? &other : &dl, y0, y1);
        return;
    }
    /* the first row at or below the middle vertex */
    int64_t ym = -floor256(SUB_HALF - Y[mid]);
    if (y0 < ym) {
        int ye = ym - 1 < y1 ? (int)ym - 1 : y1;
        Dda du = dda_at(upper, y0);
        rows(&sp, long_left ? &dl : &du, long_left ? &du : &dl, y0, ye);
        y0 = ye + 1;
    }
    if (y0 <= y1) {
        Dda dw = dda_at(lower, y0);
        rows(&sp, long_left ? &dl : &dw, long_left ? &dw : &dl, y0, y1);
    }
}

/* ---- convex polygons ------------------------------------------------------ */

/* Corners X, Y (1/256 px) of a strictly convex polygon (n of them, up to
 * RUN_MAX, turning the way `sign` says), walked row by row: in the one
 * colour c[0], or (planes) with the colours c[0..2] of its first three
 * corners spread over it as planes. False only when it is not such a
 * polygon after all. */
static bool convex_walk(SDL_Surface *s, const int64_t *X, const int64_t *Y, int n, int64_t sign, bool planes,
                        const SDL_Color *c)
{
    int top = 0, bot = 0;
    for (int k = 1; k < n; k++) {
        if (Y[k] < Y[top])
            top = k;
        if (Y[k] > Y[bot])
            bot = k;
    }
    int64_t xmin = X[0], xmax = X[0];
    for (int k = 1; k < n; k++) {
        xmin = X[k] < xmin ? X[k] : xmin;
        xmax = X[k] > xmax ? X[k] : xmax;
    }
    int64_t ry0 = -floor256(SUB_HALF - Y[top]), ry1 = floor256(Y[bot] - SUB_HALF);
    int64_t rx0 = -floor256(SUB_HALF - xmin), rx1 = floor256(xmax - SUB_HALF);
    /* Edge k runs from corner k to k + 1; sloped ones bound the left side
     * (a > 0) or the right, each over the rows from its upper end's to
     * its lower end's. */
    Edge L[RUN_MAX], R[RUN_MAX];
    int64_t ly[RUN_MAX], ry[RUN_MAX];
    int nl = 0, nr = 0;
    for (int k = 0; k < n; k++) {
        int j = (k + 1) % n;
        Edge e;
        e.a = -sign * (Y[j] - Y[k]);
        e.b = sign * (X[j] - X[k]);
        e.px = X[k], e.py = Y[k];
        e.top_left = (e.a == 0 && e.b > 0) || e.a > 0;
        if (e.a == 0) {
            /* A level edge along the bottom keeps none of a row through it. */
            if (!e.top_left && ((Y[k] - SUB_HALF) & (SUB_ONE - 1)) == 0 && ry1 == floor256(Y[k] - SUB_HALF))
                ry1--;
            continue;
        }
        int64_t y_up = Y[k] < Y[j] ? Y[k] : Y[j];
        /* insert by upper end (the chains are monotone, so this orders them) */
        Edge *arr = e.a > 0 ? L : R;
        int64_t *ys = e.a > 0 ? ly : ry;
        int *cnt = e.a > 0 ? &nl : &nr;
        int at = *cnt;
        while (at > 0 && ys[at - 1] > y_up) {
            arr[at] = arr[at - 1];
            ys[at] = ys[at - 1];
            at--;
        }
        arr[at] = e;
        ys[at] = y_up;
        (*cnt)++;
    }
    if (nl == 0 || nr == 0)
        return false; /* (not so for a strictly convex polygon) */
    int cx0, cx1, cy0, cy1;
    clip_box(s, &cx0, &cx1, &cy0, &cy1);
    if (ry0 < cy0)
        ry0 = cy0;
    if (ry1 > cy1)
        ry1 = cy1;
    if (ry0 > ry1 || rx1 < cx0 || rx0 > cx1 || cx0 > cx1)
        return true;
    if ((rx0 < cx0 || rx1 > cx1) && !slab_rows(X, Y, n, cx0, cx1, &ry0, &ry1))
        return true;
    Spans sp;
    sp.pixels = (Uint8 *)s->pixels;
    sp.pitch = s->pitch, sp.cx0 = cx0, sp.cx1 = cx1;
    if (planes) {
        int64_t area = (X[1] - X[0]) * (Y[2] - Y[0]) - (Y[1] - Y[0]) * (X[2] - X[0]);
        if (area == 0)
            return false; /* (not so for a strictly convex polygon) */
        spans_colours(&sp, c[0], c[1], c[2], X, Y, area);
    } else {
        sp.kind = c[0].a >= 255 ? 0 : 1;
        sp.c = c[0];
        sp.opaque_px = 0xff000000u | ((Uint32)c[0].r << 16) | ((Uint32)c[0].g << 8) | (Uint32)c[0].b;
        sp.nch = 0;
        sp.xr = sp.yr = 0;
    }
    /* The first row at or below an edge's upper end is its first; an edge
     * hands over to the next of its side at the next one's first row (both
     * run through the corner there, with the same fill rule), and the last
     * of a side runs on to the bottom. */
    int y = (int)ry0, y1 = (int)ry1;
    int li = 0, ri = 0;
    while (li + 1 < nl && -floor256(SUB_HALF - ly[li + 1]) <= y)
        li++;
    while (ri + 1 < nr && -floor256(SUB_HALF - ry[ri + 1]) <= y)
        ri++;
    Dda dl = dda_at(&L[li], y), dr = dda_at(&R[ri], y);
    while (y <= y1) {
        int64_t ye = y1;
        if (li + 1 < nl) {
            int64_t t = -floor256(SUB_HALF - ly[li + 1]) - 1;
            ye = t < ye ? t : ye;
        }
        if (ri + 1 < nr) {
            int64_t t = -floor256(SUB_HALF - ry[ri + 1]) - 1;
            ye = t < ye ? t : ye;
        }
        if (ye >= y)
            rows(&sp, &dl, &dr, y, (int)ye);
        else
            ye = y - 1;
        y = (int)ye + 1;
        if (y > y1)
            break;
        bool nl_ = false, nr_ = false;
        while (li + 1 < nl && -floor256(SUB_HALF - ly[li + 1]) <= y)
            li++, nl_ = true;
        while (ri + 1 < nr && -floor256(SUB_HALF - ry[ri + 1]) <= y)
            ri++, nr_ = true;
        if (nl_)
            dl = dda_at(&L[li], y);
        if (nr_)
            dr = dda_at(&R[ri], y);
    }
    return true;
}

/* ---- feathers: two thin triangles as one quad ----------------------------- */

/* The quad A B C D of lb_raster_feather_quad, in the colours of
 * (A, B, C) spread over it. False (nothing drawn) when it is not strictly
 * convex. */
static bool quad_fill(SDL_Surface *s, const SDL_Vertex *v, const int *idx)
{
    const int q[4] = {idx[0], idx[1], idx[2], idx[5]};
    int64_t X[4], Y[4];
    for (int k = 0; k < 4; k++) {
        SDL_FPoint p = v[q[k]].position;
        if (!isfinite(p.x) || !isfinite(p.y))
            return false;
        X[k] = snap(p.x);
        Y[k] = snap(p.y);
    }
    /* four turns the same way: convex (four corners make no star) */
    int64_t cr[4];
    for (int k = 0; k < 4; k++) {
        int i = (k + 1) & 3, j = (k + 2) & 3;
        cr[k] = (X[i] - X[k]) * (Y[j] - Y[i]) - (Y[i] - Y[k]) * (X[j] - X[i]);
    }
    if (!((cr[0] > 0 && cr[1] > 0 && cr[2] > 0 && cr[3] > 0) || (cr[0] < 0 && cr[1] < 0 && cr[2] < 0 && cr[3] < 0)))
        return false;
    int64_t sign = cr[0] > 0 ? 1 : -1;
    const SDL_Color c[3] = {v[q[0]].color, v[q[1]].color, v[q[2]].color};
    return convex_walk(s, X, Y, 4, sign, true, c);
}

/* ---- runs of one-colour triangles as one convex polygon ------------------ */

/* Fills (a strip across a capsule's middle, a shadow's core) come as runs
 * of triangles of one flat colour, each sharing an edge with the ones
 * before. When their union is convex it is walked as one polygon: each row
 * once, one setup for the lot. The pixels are the same: a flat colour does
 * not depend on where a span starts, and the fill rule decides a point on
 * an edge as a nudge right and a hair down would, so the triangles of a
 * tiling cover exactly what their union does. */

/* n (3..RUN_MAX) corners in order around a strictly convex polygon, one
 * colour c. False (nothing drawn) when they are not. */
static bool convex_fill(SDL_Surface *s, const SDL_Vertex *v, const int *poly, int n, SDL_Color c)
{
    int64_t X[RUN_MAX], Y[RUN_MAX];
    for (int k = 0; k < n; k++) {
        const SDL_Vertex *p = &v[poly[k]];
        if (!isfinite(p->position.x) || !isfinite(p->position.y))
            return false;
        X[k] = snap(p->position.x);
        Y[k] = snap(p->position.y);
    }
    /* Every turn the same way, none straight, and y turning back exactly
     * twice (once round, not a star). */
    int64_t sign = 0;
    int flips = 0;
    for (int k = 0; k < n; k++) {
        int i = (k + 1) % n, j = (k + 2) % n;
        int64_t cr = (X[i] - X[k]) * (Y[j] - Y[i]) - (Y[i] - Y[k]) * (X[j] - X[i]);
        if (cr == 0)
            return false;
        int64_t sg = cr > 0 ? 1 : -1;
        if (sign == 0)
            sign = sg;
        else if (sg != sign)
            return false;
    }
    int64_t first = 0, prev = 0;
    for (int k = 0; k < n; k++) {
        int64_t dy = Y[(k + 1) % n] - Y[k];
        if (dy == 0)
            continue;
        if (prev != 0 && (dy > 0) != (prev > 0))
            flips++;
        if (first == 0)
            first = dy;
        prev = dy;
    }
    if ((first > 0) != (prev > 0))
        flips++;
    if (flips != 2)
        return false;
    const SDL_Color one[1] = {c};
    return convex_walk(s, X, Y, n, sign, false, one);
}

void lb_raster_fill_rect(SDL_Surface *surf, const SDL_Rect *r, Uint32 px)
{
    SDL_Rect all = {0, 0, surf->w, surf->h}, c;
    if (!r || !SDL_IntersectRect(r, &all, &c) || !lb_raster_supports(surf))
        return;
    if (SDL_MUSTLOCK(surf) && SDL_LockSurface(surf) != 0)
        return;
    Uint8 *row = (Uint8 *)surf->pixels + (size_t)c.y * (size_t)surf->pitch + (size_t)c.x * 4;
    for (int y = 0; y < c.h; y++, row += surf->pitch)
        span_fill((Uint32 *)row, c.w, px);
    if (SDL_MUSTLOCK(surf))
        SDL_UnlockSurface(surf);
}

int lb_raster_strip(const SDL_Vertex *v, int base, int stride, int n, int *idx)
{
    /* k runs over 0 .. 2n - 2: one subtraction wraps it */
#define STRIP(k) (base + stride * ((k) < n ? (k) : (k)-n))
    if (n < 3)
        return 0;
    int top = 0, out = 0;
    for (int k = 1; k < n; k++)
        if (v[STRIP(k)].position.y < v[STRIP(top)].position.y)
            top = k;
    int lo = top, hi = top + n - 1;
    while (hi - lo >= 2) {
        idx[out++] = STRIP(lo);
        if (v[STRIP(lo + 1)].position.y <= v[STRIP(hi - 1)].position.y) {
            idx[out++] = STRIP(lo + 1);
            idx[out++] = STRIP(hi);
            lo++;
        } else {
            idx[out++] = STRIP(hi - 1);
            idx[out++] = STRIP(hi);
            hi--;
        }
    }
    return out;
#undef STRIP
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
        if (runs_on) {
            int poly[RUN_MAX], np;
            int t = lb_raster_run_of(v, nv, idx + i, (ni - i) / 3, poly, &np);
            if (t > 1) {
                if (!convex_fill(surf, v, poly, np, v[poly[0]].color))
                    for (int k = 0; k < t; k++) {
                        const int *q = idx + i + 3 * k;
                        if (q[0] >= 0 && q[1] >= 0 && q[2] >= 0 && q[0] < nv && q[1] < nv && q[2] < nv)
                            triangle(surf, &v[q[0]], &v[q[1]], &v[q[2]]);
                    }
                i += 3 * (t - 1);
                continue;
            }
            if (i + 5 < ni && lb_raster_feather_quad(v, nv, idx + i) && quad_fill(surf, v, idx + i)) {
                i += 3;
                continue;
            }
        }
        int a = idx[i], b = idx[i + 1], c = idx[i + 2];
        if (a < 0 || b < 0 || c < 0 || a >= nv || b >= nv || c >= nv)
            continue;
        triangle(surf, &v[a], &v[b], &v[c]);
    }
    if (SDL_MUSTLOCK(surf))
        SDL_UnlockSurface(surf);
    return true;
}
