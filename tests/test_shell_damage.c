/* Drawing only what changed. A window drawn on the CPU keeps last frame's
 * pixels and redraws just the tiles whose drawing commands differ; these
 * tests hold that to two promises: the damage tracker finds every change
 * (and little else), and a session played that way shows, frame after
 * frame, exactly the bytes of the same frames drawn whole. */
#include <SDL.h>
#include <stdlib.h>
#include <string.h>

#include "backdrop.h"
#include "canvas.h"
#include "damage.h"
#include "draw.h"
#include "figure.h"
#include "lm_library.h"
#include "lm_timeline.h"
#include "lt.h"
#include "lt_lib.h"
#include "scene.h"

static LmLibrary lib;

static SDL_Vertex vx(float x, float y, Uint8 a)
{
    SDL_Vertex v = {{x, y}, {200, 90, 40, a}, {0, 0}};
    return v;
}

/* A small frame: a background fill, a panel, and one triangle at (x, y). */
static void frame(LbDraw *d, int w, int h, float x, float y, Uint8 panel_alpha)
{
    lb_draw_begin(d, w, h);
    lb_draw_fill(d, NULL, (SDL_Color){20, 24, 30, 255});
    SDL_FRect panel = {20, 200, 120, 30};
    lb_draw_fill(d, &panel, (SDL_Color){255, 255, 255, panel_alpha});
    SDL_Vertex v[3] = {vx(x, y, 255), vx(x + 30, y + 5, 255), vx(x + 10, y + 40, 128)};
    int idx[3] = {0, 1, 2};
    lb_draw_triangles(d, v, 3, idx, 3);
}

static bool covers(const SDL_Rect *rects, int n, int x, int y)
{
    for (int i = 0; i < n; i++)
        if (x >= rects[i].x && x < rects[i].x + rects[i].w && y >= rects[i].y && y < rects[i].y + rects[i].h)
            return true;
    return false;
}

static long area(const SDL_Rect *rects, int n)
{
    long a = 0;
    for (int i = 0; i < n; i++)
        a += (long)rects[i].w * rects[i].h;
    return a;
}

static bool disjoint_and_inside(const SDL_Rect *r, int n, int w, int h)
{
    for (int i = 0; i < n; i++) {
        if (r[i].x < 0 || r[i].y < 0 || r[i].w <= 0 || r[i].h <= 0 || r[i].x + r[i].w > w || r[i].y + r[i].h > h)
            return false;
        for (int j = i + 1; j < n; j++)
            if (SDL_HasIntersection(&r[i], &r[j]))
                return false;
    }
    return true;
}

static void tracker_should_find_each_change_and_little_else(void)
{
    enum { W = 640, H = 360 };
    LbDraw *d = lb_draw_create();
    LbDamage *g = lb_damage_create();
    LT_CHECK(d && g);
    if (!d || !g)
        return;
    SDL_Rect r[LB_DAMAGE_MAX_RECTS];

    frame(d, W, H, 300, 100, 100);
    int n = lb_damage_update(g, d, r);
    LT_CHECK_MSG(n == 1 && r[0].x == 0 && r[0].y == 0 && r[0].w == W && r[0].h == H,
                 "the first frame is damaged everywhere (%d rects)", n);

    frame(d, W, H, 300, 100, 100);
    n = lb_damage_update(g, d, r);
    LT_CHECK_MSG(n == 0, "the same frame again: %d rects, want none", n);

    /* The triangle moves: its old and new pixels are damaged, the panel
     * far away is not. */
    frame(d, W, H, 420, 150, 100);
    n = lb_damage_update(g, d, r);
    LT_CHECK(n > 0 && disjoint_and_inside(r, n, W, H));
    LT_CHECK_MSG(covers(r, n, 310, 110) && covers(r, n, 330, 104) && covers(r, n, 430, 160) && covers(r, n, 450, 154),
                 "the moved triangle's old and new places are damaged");
    LT_CHECK_MSG(!covers(r, n, 30, 210), "the panel did not change");
    LT_CHECK_MSG(area(r, n) <= 4L * LB_DAMAGE_TILE * LB_DAMAGE_TILE * 2, "damage %ld px for a 30 px triangle",
                 area(r, n));

    /* Only the panel's alpha changes. */
    frame(d, W, H, 420, 150, 180);
    n = lb_damage_update(g, d, r);
    LT_CHECK_MSG(n > 0 && covers(r, n, 25, 205) && covers(r, n, 135, 225), "the panel's change is damaged");
    LT_CHECK_MSG(!covers(r, n, 430, 160), "the triangle did not move");

    /* A text copy that says something else in the same place. */
    SDL_Texture *fake = (SDL_Texture *)&g; /* never drawn: only recorded */
    SDL_FRect dst = {400, 300, 80, 20};
    frame(d, W, H, 420, 150, 180);
    lb_draw_copy(d, fake, 1, &dst, 255);
    lb_damage_update(g, d, r);
    frame(d, W, H, 420, 150, 180);
    lb_draw_copy(d, fake, 2, &dst, 255);
    n = lb_damage_update(g, d, r);
    LT_CHECK_MSG(n > 0 && covers(r, n, 410, 310) && covers(r, n, 470, 315), "changed text is damaged");
    frame(d, W, H, 420, 150, 180);
    lb_draw_copy(d, fake, 2, &dst, 255);
    LT_CHECK(lb_damage_update(g, d, r) == 0);

    /* The target lost its picture; then the size changes. */
    lb_damage_invalidate(g);
    frame(d, W, H, 420, 150, 180);
    lb_draw_copy(d, fake, 2, &dst, 255);
    n = lb_damage_update(g, d, r);
    LT_CHECK_MSG(n == 1 && area(r, n) == (long)W * H, "after invalidate: everything");
    frame(d, 500, 300, 420, 150, 180);
    n = lb_damage_update(g, d, r);
    LT_CHECK_MSG(n == 1 && r[0].w == 500 && r[0].h == 300, "after a resize: everything at the new size");

    /* Changes scattered over many tiles still come back as few disjoint
     * rectangles inside the frame. */
    lb_draw_begin(d, W, H);
    lb_draw_fill(d, NULL, (SDL_Color){20, 24, 30, 255});
    lb_damage_update(g, d, r);
    lb_draw_begin(d, W, H);
    lb_draw_fill(d, NULL, (SDL_Color){20, 24, 30, 255});
    for (int i = 0; i < 80; i++) {
        SDL_FRect dot = {(float)((i * 97) % W), (float)((i * 53) % H), 2, 2};
        lb_draw_fill(d, &dot, (SDL_Color){255, 0, 0, 255});
    }
    n = lb_damage_update(g, d, r);
    LT_CHECK(n >= 1 && n <= LB_DAMAGE_MAX_RECTS && disjoint_and_inside(r, n, W, H));
    for (int i = 0; i < 80; i++)
        LT_CHECK_MSG(covers(r, n, (i * 97) % W, (i * 53) % H), "dot %d not damaged", i);

    /* Two changes a tile apart diagonally come back as one box (it adds
     * little); two at opposite corners stay two. */
    for (int far = 0; far < 2; far++) {
        lb_draw_begin(d, W, H);
        lb_draw_fill(d, NULL, (SDL_Color){20, 24, 30, 255});
        lb_damage_update(g, d, r);
        lb_draw_begin(d, W, H);
        lb_draw_fill(d, NULL, (SDL_Color){20, 24, 30, 255});
        SDL_FRect a = {2 * LB_DAMAGE_TILE + 20, 2 * LB_DAMAGE_TILE + 20, 4, 4};
        SDL_FRect b = far ? (SDL_FRect){W - 10, H - 10, 4, 4}
                          : (SDL_FRect){3 * LB_DAMAGE_TILE + 20, 3 * LB_DAMAGE_TILE + 20, 4, 4};
        lb_draw_fill(d, &a, (SDL_Color){255, 0, 0, 255});
        lb_draw_fill(d, &b, (SDL_Color){255, 0, 0, 255});
        n = lb_damage_update(g, d, r);
        LT_CHECK_MSG(n == (far ? 2 : 1), "%s changes: %d rects", far ? "far apart" : "diagonal", n);
        LT_CHECK(covers(r, n, (int)a.x, (int)a.y) && covers(r, n, (int)b.x, (int)b.y));
        LT_CHECK(disjoint_and_inside(r, n, W, H));
    }

    lb_draw_destroy(d);
    lb_damage_destroy(g);
}

/* The default routine at beginner level, compiled; NULL if it will not. */
static bool same_rects(const SDL_Rect *a, int na, const SDL_Rect *b, int nb)
{
    if (na != nb)
        return false;
    for (int i = 0; i < na; i++)
        if (a[i].x != b[i].x || a[i].y != b[i].y || a[i].w != b[i].w || a[i].h != b[i].h)
            return false;
    return true;
}

/* Two triangles, the second at (x, y), as a list of their own or straight
 * into d. */
static void pair(LbDraw *d, float x, float y)
{
    SDL_Vertex v[6] = {vx(100, 100, 255), vx(130, 104, 255),     vx(110, 140, 90),
                       vx(x, y, 255),     vx(x + 25, y + 9, 40), vx(x + 6, y + 33, 255)};
    int idx[3] = {0, 1, 2};
    lb_draw_triangles(d, v, 3, idx, 3);
    lb_draw_triangles(d, v + 3, 3, idx, 3);
}

/* A list recorded once, sealed (its content keys worked out once) and
 * appended to every frame is tracked exactly as the same shapes recorded
 * afresh each frame: the same rectangles, frame after frame, as the frame
 * around it changes and when it is recorded anew. A rewound list is the
 * list before what was rewound. */
static void sealed_and_appended_lists_are_tracked_alike(void)
{
    enum { W = 640, H = 360 };
    LbDraw *kept = lb_draw_create(), *d = lb_draw_create(), *e = lb_draw_create();
    LbDamage *g = lb_damage_create(), *h = lb_damage_create();
    LT_CHECK(kept && d && e && g && h);
    if (!kept || !d || !e || !g || !h)
        return;
    SDL_Rect rd[LB_DAMAGE_MAX_RECTS], re[LB_DAMAGE_MAX_RECTS];
    int differ = 0, changed = 0;
    for (int i = 0; i < 12; i++) {
        float px = i < 6 ? 400.0f : 480.0f; /* the kept list is recorded anew at frame 6 */
        if (i == 0 || i == 6) {
            lb_draw_begin(kept, W, H);
            pair(kept, px, 250);
            lb_draw_seal(kept);
        }
        float tx = 300.0f + (i % 3 == 0 ? 0.0f : 40.0f * (float)i); /* the frame's own triangle */
        frame(d, W, H, tx, 100, 100);
        lb_draw_append(d, kept);
        frame(e, W, H, tx, 100, 100);
        pair(e, px, 250);
        int nd = lb_damage_update(g, d, rd), ne = lb_damage_update(h, e, re);
        differ += !same_rects(rd, nd, re, ne);
        if (i == 6)
            changed = covers(rd, nd, 405, 255) && covers(rd, nd, 485, 255) && !covers(rd, nd, 105, 105);
    }
    LT_CHECK_MSG(differ == 0, "%d of 12 frames were tracked differently", differ);
    LT_CHECK_MSG(changed, "the kept list recorded anew: its moved triangle's old and new places are damaged");

    /* rewind: the extra shapes are gone, as if never recorded */
    frame(d, W, H, 300, 100, 100);
    LbDrawMark m = lb_draw_mark(d);
    int count = lb_draw_count(d);
    pair(d, 200, 200);
    LT_CHECK(lb_draw_rewind(d, m));
    LT_CHECK(lb_draw_count(d) == count);
    LbDrawMark beyond = {count + 5, 0, 0}; /* not a mark of this list: nothing happens */
    LT_CHECK(!lb_draw_rewind(d, beyond) && lb_draw_count(d) == count);
    frame(e, W, H, 300, 100, 100);
    int nd = lb_damage_update(g, d, rd), ne = lb_damage_update(h, e, re);
    LT_CHECK_MSG(same_rects(rd, nd, re, ne), "a rewound list is tracked as the list before");
    lb_draw_destroy(kept);
    lb_draw_destroy(d);
    lb_draw_destroy(e);
    lb_damage_destroy(g);
    lb_damage_destroy(h);
}

static LmTimeline *default_routine(void) { return lt_compile_routine(&lib, "back-spasm-relief", LM_LEVEL_BEGINNER); }

static int bytes_differ(const SDL_Surface *a, const SDL_Surface *b)
{
    int n = 0;
    for (int y = 0; y < a->h; y++)
        n += memcmp((const Uint8 *)a->pixels + y * a->pitch, (const Uint8 *)b->pixels + y * b->pitch,
                    (size_t)a->w * 4) != 0;
    return n;
}

/* Triangles held by reference (as the figure hands over its shapes) are
 * drawn and tracked as the same triangles copied in: the same pixels and,
 * frame after frame as they move, the same damage. They are not copied:
 * the list draws what the caller's arrays hold when it is carried out. A
 * triangle naming a vertex that is not there is dropped, as when copied. */
static void triangles_by_reference_are_drawn_and_tracked_alike(void)
{
    enum { W = 320, H = 180 };
    LbDraw *a = lb_draw_create(), *b = lb_draw_create();
    LbDamage *ga = lb_damage_create(), *gb = lb_damage_create();
    SDL_Surface *sa = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Surface *sb = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ra = sa ? SDL_CreateSoftwareRenderer(sa) : NULL, *rb = sb ? SDL_CreateSoftwareRenderer(sb) : NULL;
    LT_CHECK(a && b && ga && gb && ra && rb);
    if (!a || !b || !ga || !gb || !ra || !rb)
        goto done;
    SDL_Rect r1[LB_DAMAGE_MAX_RECTS], r2[LB_DAMAGE_MAX_RECTS];
    int differ = 0, tracked = 0;
    for (int i = 0; i < 8; i++) {
        float x = 60.0f + 17.5f * (float)(i / 2); /* still every other frame */
        SDL_Vertex v[6] = {vx(x, 40, 255),      vx(x + 60, 52, 255), vx(x + 12, 120, 255),
                           vx(x + 60, 52, 255), vx(x + 90, 140, 60), vx(x + 12, 120, 255)};
        int idx[6] = {0, 1, 2, 3, 4, 5};
        uint64_t key = 1000 + (uint64_t)(i / 2);
        frame(a, W, H, 250, 20, 100);
        lb_draw_triangles_keyed(a, v, 6, idx, 6, key);
        frame(b, W, H, 250, 20, 100);
        lb_draw_triangles_ref(b, v, 6, idx, 6, key);
        int na = lb_damage_update(ga, a, r1), nb = lb_damage_update(gb, b, r2);
        tracked += !same_rects(r1, na, r2, nb);
        LT_CHECK(lb_draw_to_surface(a, ra, sa, NULL, 0) && lb_draw_to_surface(b, rb, sb, NULL, 0));
        differ += bytes_differ(sa, sb) != 0;
    }
    LT_CHECK_MSG(tracked == 0, "%d of 8 frames were tracked differently", tracked);
    LT_CHECK_MSG(differ == 0, "%d of 8 frames were drawn differently", differ);

    /* by reference: the caller's vertices as they are when it is drawn */
    SDL_Vertex v[3] = {vx(100, 40, 255), vx(160, 52, 255), vx(112, 120, 255)};
    int idx[3] = {0, 1, 2};
    frame(b, W, H, 250, 20, 100);
    lb_draw_triangles_ref(b, v, 3, idx, 3, 7);
    v[0].color = v[1].color = v[2].color = (SDL_Color){10, 200, 30, 255};
    LT_CHECK(lb_draw_to_surface(b, rb, sb, NULL, 0));
    Uint32 px = ((const Uint32 *)((const Uint8 *)sb->pixels + 70 * sb->pitch))[120] & 0xFFFFFF;
    LT_CHECK_MSG(px == 0x0AC81E, "the drawn colour is %06x, not the caller's arrays' own", (unsigned)px);

    /* an index beyond the vertices: that triangle is dropped, the rest drawn */
    SDL_Vertex w[4] = {vx(100, 40, 255), vx(160, 52, 255), vx(112, 120, 255), vx(10, 10, 255)};
    int bad[6] = {0, 1, 2, 0, 1, 9};
    frame(a, W, H, 250, 20, 100);
    lb_draw_triangles(a, w, 3, idx, 3);
    frame(b, W, H, 250, 20, 100);
    lb_draw_triangles_ref(b, w, 4, bad, 6, 8);
    LT_CHECK(lb_draw_to_surface(a, ra, sa, NULL, 0) && lb_draw_to_surface(b, rb, sb, NULL, 0));
    LT_CHECK_MSG(bytes_differ(sa, sb) == 0, "a stray index changed what was drawn");
done:
    if (ra)
        SDL_DestroyRenderer(ra);
    if (rb)
        SDL_DestroyRenderer(rb);
    SDL_FreeSurface(sa);
    SDL_FreeSurface(sb);
    lb_draw_destroy(a);
    lb_draw_destroy(b);
    lb_damage_destroy(ga);
    lb_damage_destroy(gb);
}

/* Plays stretches of the default routine frame by frame: keeping the last
 * frame and redrawing the damage, the same with the backdrop's pixels
 * kept and copied back (as the window does), and drawing every frame
 * whole; every frame must be the same bytes all three ways. */
static void partial_frames_should_equal_whole_frames(void)
{
    enum { W = 768, H = 432 };
    LmTimeline *tl = default_routine();
    LT_CHECK(tl != NULL);
    if (!tl)
        return;
    LbCanvas part, kept, whole;
    LT_CHECK(lb_canvas_init(&part, W, H) && lb_canvas_init(&kept, W, H) && lb_canvas_init(&whole, W, H));
    LbBackdrop *bd = lb_backdrop_create();
    LT_CHECK(bd != NULL);
    char msg[256];
    LbScene *sp = lb_scene_create(tl, ".", msg, sizeof msg), *sw = lb_scene_create(tl, ".", msg, sizeof msg);
    LbScene *sk = lb_scene_create(tl, ".", msg, sizeof msg); /* text textures are a renderer's own */
    LbDamage *g = lb_damage_create(), *gk = lb_damage_create();
    LT_CHECK(sp && sw && sk && g && gk);
    if (!sp || !sw || !sk || !g || !gk || !bd || !part.surf || !kept.surf || !whole.surf)
        return;
    lb_scene_set_surface(sw, whole.surf);
    /* The safety card giving way to the first rest, the first motions, a
     * hold, the cut to the second exercise; a toast fading, pause, mirror. */
    const struct {
        double t0;
        int frames;
    } runs[] = {{11.8, 20}, {20.5, 40}, {40.0, 10}, {tl->items[0].t1_s - 0.4, 50}};
    SDL_Rect rects[LB_DAMAGE_MAX_RECTS];
    int frames = 0, bad_frames = 0, bad_kept = 0;
    double redrawn = 0;
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++)
        for (int i = 0; i < runs[k].frames; i++, frames++) {
            double t = runs[k].t0 + i / 60.0;
            LbSessionView v = {0};
            if (k == 1 && i >= 10 && i < 30) {
                v.toast = "Speed 1.25x";
                v.toast_alpha = (float)(i - 10) / 20.0f;
            }
            v.paused = k == 2 && i >= 5;
            v.mirror = k == 3 && i >= 40;
            const LbDraw *dl = lb_scene_record(sp, part.ren, t, W, H, &v);
            LT_CHECK(dl != NULL);
            if (!dl)
                break;
            int n = lb_damage_update(g, dl, rects);
            LT_CHECK(lb_draw_to_surface(dl, part.ren, part.surf, rects, n));
            const LbDraw *dk = lb_scene_record(sk, kept.ren, t, W, H, &v);
            SDL_Rect rk[LB_DAMAGE_MAX_RECTS];
            int nk = dk ? lb_damage_update(gk, dk, rk) : 0;
            LT_CHECK(dk && lb_draw_to_surface_over(dk, bd, kept.ren, kept.surf, rk, nk));
            LT_CHECK(lb_scene_draw(sw, whole.ren, t, W, H, &v));
            lb_canvas_flush(&part);
            lb_canvas_flush(&kept);
            lb_canvas_flush(&whole);
            int rows = bytes_differ(part.surf, whole.surf);
            if (rows) {
                bad_frames++;
                if (bad_frames <= 3)
                    LT_CHECK_MSG(rows == 0, "t %.3f: %d rows differ from the frame drawn whole", t, rows);
            }
            rows = bytes_differ(kept.surf, whole.surf);
            if (rows) {
                bad_kept++;
                if (bad_kept <= 3)
                    LT_CHECK_MSG(rows == 0, "t %.3f: %d rows differ with the backdrop kept", t, rows);
            }
            if (frames > 0)
                redrawn += (double)area(rects, n) / ((double)W * H);
        }
    LT_CHECK_MSG(bad_frames == 0, "%d of %d frames differ", bad_frames, frames);
    LT_CHECK_MSG(bad_kept == 0, "%d of %d frames differ with the backdrop kept", bad_kept, frames);
    /* The backdrop's pixels were drawn once for each floor the frames
     * showed (the first exercise's first side, its second side's mirrored
     * view, the second exercise's, then that mirrored) and once for each
     * step with a ghost or arrows (they lie in the backdrop), not once a
     * frame. */
    int steps = 0, last_seg = -1;
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++)
        for (int i = 0; i < runs[k].frames; i++) {
            int seg = lm_timeline_seg_at(tl, runs[k].t0 + i / 60.0);
            steps += seg != last_seg;
            last_seg = seg;
        }
    LT_CHECK_MSG(lb_backdrop_builds(bd) >= 3 && lb_backdrop_builds(bd) <= 4 + steps,
                 "the backdrop was drawn %d times over %d steps", lb_backdrop_builds(bd), steps);
    /* What makes it worth having: a frame of a session redraws a part of
     * the picture, not all of it. */
    double mean = redrawn / (frames - 1);
    LT_CHECK_MSG(mean < 0.5, "a frame redraws %.0f%% of the picture on average", 100 * mean);
    lb_scene_destroy(sp);
    lb_scene_destroy(sw);
    lb_scene_destroy(sk);
    lb_damage_destroy(g);
    lb_damage_destroy(gk);
    lb_backdrop_destroy(bd);
    lb_canvas_free(&part);
    lb_canvas_free(&kept);
    lb_canvas_free(&whole);
    lm_timeline_free(tl);
}

/* Holding a stretch, the figure is still; the countdown ring empties and
 * the routine's progress bar grows. A frame then redraws only around the
 * ring's moving end and the bar's end: well under 1% of a 1080p picture. */
static void a_hold_redraws_almost_nothing(void)
{
    enum { W = 1920, H = 1080 };
    LmTimeline *tl = default_routine();
    LT_CHECK(tl != NULL);
    if (!tl)
        return;
    /* the middle of the first hold */
    double t0 = -1;
    for (int i = 0; i < tl->n_segs && t0 < 0; i++)
        if (tl->segs[i].kind == LM_SEG_HOLD)
            t0 = 0.5 * (tl->segs[i].t0_s + tl->segs[i].t1_s);
    LT_CHECK(t0 > 0);
    LbCanvas cv;
    LT_CHECK(lb_canvas_init(&cv, W, H));
    char msg[256];
    LbScene *sc = lb_scene_create(tl, ".", msg, sizeof msg);
    LbDamage *g = lb_damage_create();
    SDL_Rect r[LB_DAMAGE_MAX_RECTS];
    long most = 0, least = -1;
    for (int i = 0; sc && g && t0 > 0 && i < 30; i++) {
        const LbDraw *dl = lb_scene_record(sc, cv.ren, t0 + i / 60.0, W, H, NULL);
        int n = lb_damage_update(g, dl, r);
        LT_CHECK(lb_draw_to_surface(dl, cv.ren, cv.surf, r, n));
        if (i > 0) {
            most = area(r, n) > most ? area(r, n) : most;
            least = least < 0 || area(r, n) < least ? area(r, n) : least;
        }
    }
    LT_CHECK_MSG(most < W * H / 100, "a frame of a hold redraws up to %ld pixels", most);
    LT_CHECK_MSG(least > 0, "the countdown ring moves, yet a frame redrew nothing");
    lb_damage_destroy(g);
    lb_scene_destroy(sc);
    lb_canvas_free(&cv);
    lm_timeline_free(tl);
}

/* A GPU draws the same list through SDL's renderer (OpenGL here, through
 * the offscreen driver): its rasteriser gives the same picture as ours
 * within rounding, fills, text and the next-up figure included, in the
 * same order. */
static void the_list_through_a_gpu_renderer_should_give_the_same_picture(void)
{
    enum { W = 640, H = 360 };
    LmTimeline *tl = default_routine();
    LT_CHECK(tl != NULL);
    SDL_Window *win = SDL_CreateWindow("gpu", 0, 0, W, H, SDL_WINDOW_HIDDEN);
    /* (headless drawing pins SDL to its software renderer: lift that here) */
    SDL_SetHintWithPriority(SDL_HINT_RENDER_DRIVER, NULL, SDL_HINT_OVERRIDE);
    SDL_Renderer *gpu = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_TARGETTEXTURE) : NULL;
    SDL_SetHintWithPriority(SDL_HINT_RENDER_DRIVER, "software", SDL_HINT_OVERRIDE);
    SDL_RendererInfo info = {0};
    if (gpu)
        SDL_GetRendererInfo(gpu, &info);
    LT_CHECK_MSG(gpu && !(info.flags & SDL_RENDERER_SOFTWARE), "no GPU renderer through the offscreen driver: %s",
                 SDL_GetError());
    SDL_Texture *target = gpu ? SDL_CreateTexture(gpu, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, W, H) : NULL;
    LbCanvas ours;
    LT_CHECK(lb_canvas_init(&ours, W, H));
    Uint32 *px = malloc((size_t)W * H * 4);
    char msg[256];
    LbScene *sc = tl ? lb_scene_create(tl, ".", msg, sizeof msg) : NULL;
    if (!tl || !target || !px || !sc || !ours.surf) {
        LT_CHECK(!"set up");
    } else {
        SDL_SetRenderTarget(gpu, target);
        /* a hold (figure, countdown ring, text, a toast) and a rest (the
         * next-up figure) */
        const double times[] = {40.0, tl->items[0].t1_s - 2.0};
        for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
            LbSessionView v = {0};
            v.toast = "Mirror on";
            v.toast_alpha = 0.7f;
            /* recorded once per renderer: text textures belong to one */
            const LbDraw *dl = lb_scene_record(sc, ours.ren, times[k], W, H, &v);
            LT_CHECK(dl && lb_draw_count(dl) > 5 && lb_draw_to_surface(dl, ours.ren, ours.surf, NULL, 0));
            dl = lb_scene_record(sc, gpu, times[k], W, H, &v);
            LT_CHECK(dl && lb_draw_to_renderer(dl, gpu));
            SDL_Rect all = {0, 0, W, H};
            LT_CHECK(SDL_RenderReadPixels(gpu, &all, SDL_PIXELFORMAT_ARGB8888, px, W * 4) == 0);
            lb_canvas_flush(&ours);
            long sum = 0;
            int far = 0, lit = 0;
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) {
                    Uint32 p = ((Uint32 *)((Uint8 *)ours.surf->pixels + y * ours.surf->pitch))[x], q = px[y * W + x];
                    int d = 0;
                    for (int c = 0; c < 24; c += 8)
                        d += abs((int)((p >> c) & 255) - (int)((q >> c) & 255));
                    sum += d;
                    far += d > 96;
                    lit += (q & 0xffffff) != (LB_BG_R << 16 | LB_BG_G << 8 | LB_BG_B);
                }
            double mean = (double)sum / (W * H * 3.0);
            LT_CHECK_MSG(mean < 1.0 && far < W * H / 400, "t %.1f: mean difference %.2f, %d pixels far off", times[k],
                         mean, far);
            LT_CHECK_MSG(lit > W * H / 10, "t %.1f: only %d pixels drawn on the GPU", times[k], lit);
        }
    }
    lb_scene_destroy(sc); /* its text textures first, then their renderer */
    free(px);
    if (target)
        SDL_DestroyTexture(target);
    if (gpu)
        SDL_DestroyRenderer(gpu);
    if (win)
        SDL_DestroyWindow(win);
    lb_canvas_free(&ours);
    lm_timeline_free(tl);
}

int main(void)
{
    if (!lt_load_shipped_library(&lib))
        return 1;
    lb_canvas_init_headless();
    LT_RUN(tracker_should_find_each_change_and_little_else);
    LT_RUN(sealed_and_appended_lists_are_tracked_alike);
    LT_RUN(triangles_by_reference_are_drawn_and_tracked_alike);
    LT_RUN(partial_frames_should_equal_whole_frames);
    LT_RUN(a_hold_redraws_almost_nothing);
    LT_RUN(the_list_through_a_gpu_renderer_should_give_the_same_picture);
    lm_lib_free(&lib);
    SDL_Quit();
    return lt_summary();
}
