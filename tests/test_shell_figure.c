/* Figure drawing: framing, colours by side, near/far shading and depth
 * order, mirroring, anti-aliased edges, resolution independence. Poses are
 * built here from the shipped skeleton; drawing is offscreen. */
#include <SDL.h>
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "lm_skel.h"
#include "backdrop.h"
#include "draw.h"
#include "lt.h"
#include "canvas.h"

static LmSkeleton skel;

static const SDL_Color side_left = {LB_SIDE_LEFT_RGB, 255};

/* Standing, left arm forward, right arm back; feet on the floor. */
static void pose_arms_apart(LmFrame *f)
{
    LmPose p;
    lm_pose_zero(&p);
    p.ang[LM_J_SHOULDER_L][LM_DOF_FLEX] = LM_DEG2RAD(80);
    p.ang[LM_J_SHOULDER_R][LM_DOF_FLEX] = LM_DEG2RAD(-50);
    lm_fk(&skel, &p, f);
    lm_frame_translate(f, lm_v3(0, -lm_frame_lowest_y(&skel, f), 0));
}

static void pose_standing(LmFrame *f)
{
    LmPose p;
    lm_pose_zero(&p);
    lm_fk(&skel, &p, f);
    lm_frame_translate(f, lm_v3(0, -lm_frame_lowest_y(&skel, f), 0));
}

static Uint32 pixel(SDL_Surface *s, int x, int y)
{
    if (x < 0 || y < 0 || x >= s->w || y >= s->h)
        return 0;
    return ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
}
static int ch_r(Uint32 p) { return (int)((p >> 16) & 255); }
static int ch_g(Uint32 p) { return (int)((p >> 8) & 255); }
static int ch_b(Uint32 p) { return (int)(p & 255); }
static int is_bg(Uint32 p) { return ch_r(p) == LB_BG_R && ch_g(p) == LB_BG_G && ch_b(p) == LB_BG_B; }
static int luma(Uint32 p) { return (ch_r(p) * 3 + ch_g(p) * 6 + ch_b(p)) / 10; }

static void draw(LbCanvas *cv, LbFigure *fig, const LmFrame *f, LbFigureView *v)
{
    SDL_SetRenderDrawColor(cv->ren, LB_BG_R, LB_BG_G, LB_BG_B, 255);
    SDL_RenderClear(cv->ren);
    lb_figure_view_fit_frame(v, f);
    LT_CHECK(lb_figure_draw(fig, cv->ren, f, v));
    lb_canvas_flush(cv);
}

/* The same through a draw list into the canvas's pixels: the headless
 * rasteriser, which is what a window without a GPU shows. (The software
 * renderer's own geometry takes whole-pixel corners, too coarse to show a
 * 1.5 px feather faithfully.) */
static void draw_cpu(LbCanvas *cv, LbFigure *fig, const LmFrame *f, LbFigureView *v)
{
    LbDraw *d = lb_draw_create();
    LT_CHECK(d != NULL);
    if (!d)
        return;
    lb_draw_begin(d, cv->surf->w, cv->surf->h);
    lb_draw_fill(d, NULL, (SDL_Color){LB_BG_R, LB_BG_G, LB_BG_B, 255});
    lb_figure_set_list(fig, d);
    lb_figure_view_fit_frame(v, f);
    LT_CHECK(lb_figure_draw(fig, cv->ren, f, v));
    lb_figure_set_list(fig, NULL);
    LT_CHECK(lb_draw_to_surface(d, cv->ren, cv->surf, NULL, 0));
    lb_canvas_flush(cv);
    lb_draw_destroy(d);
}

static LbFigureView view_at(double yaw, SDL_FRect rect)
{
    LbFigureView v = {0};
    v.rect = rect;
    v.cam_yaw_deg = yaw;
    v.cam_pitch_deg = 10;
    return v;
}

static void figure_should_stay_inside_its_rect_at_any_aspect(void)
{
    const int sizes[][2] = {{320, 180}, {240, 180}, {180, 320}, {400, 100}};
    LbFigure *fig = lb_figure_create(&skel);
    LmFrame f;
    pose_arms_apart(&f);
    for (int s = 0; s < 4; s++) {
        LbCanvas cv;
        LT_CHECK(lb_canvas_init(&cv, sizes[s][0], sizes[s][1]));
        SDL_FRect rect = {0.2f * cv.surf->w, 0.15f * cv.surf->h, 0.6f * cv.surf->w, 0.7f * cv.surf->h};
        for (int yaw = -180; yaw < 180; yaw += 45) {
            LbFigureView v = view_at(yaw, rect);
            v.props = LM_PROP_MAT;
            v.mat_centre = lm_v3(0, 0, 0);
            draw(&cv, fig, &f, &v);
            int outside = 0, inside = 0;
            for (int y = 0; y < cv.surf->h; y++)
                for (int x = 0; x < cv.surf->w; x++) {
                    if (is_bg(pixel(cv.surf, x, y)))
                        continue;
                    /* the feather may spill one pixel */
                    if (x < rect.x - 1 || x > rect.x + rect.w + 1 || y < rect.y - 1 || y > rect.y + rect.h + 1)
                        outside++;
                    else
                        inside++;
                }
            LT_CHECK_MSG(outside == 0, "%dx%d yaw %d: %d pixels outside the rect", cv.surf->w, cv.surf->h, yaw,
                         outside);
            LT_CHECK(inside > 100);
        }
        lb_canvas_free(&cv);
    }
    lb_figure_destroy(fig);
}

static void left_limbs_should_be_sky_blue_and_right_limbs_orange(void)
{
    LbFigure *fig = lb_figure_create(&skel);
    LbCanvas cv;
    LT_CHECK(lb_canvas_init(&cv, 320, 180));
    LmFrame f;
    pose_standing(&f);
    LbFigureView v = view_at(0, (SDL_FRect){10, 10, 300, 160});
    draw(&cv, fig, &f, &v);
    /* Facing the camera: the figure's left thigh is on screen right. */
    LmVec3 mid_l = lm_v3_lerp(f.p[LM_J_HIP_L], f.p[LM_J_KNEE_L], 0.5);
    LmVec3 mid_r = lm_v3_lerp(f.p[LM_J_HIP_R], f.p[LM_J_KNEE_R], 0.5);
    SDL_FPoint pl = lb_figure_project(&v, mid_l), pr = lb_figure_project(&v, mid_r);
    LT_CHECK(pl.x > pr.x);
    Uint32 cl = pixel(cv.surf, (int)pl.x, (int)pl.y), cr = pixel(cv.surf, (int)pr.x, (int)pr.y);
    LT_CHECK_MSG(ch_b(cl) > ch_r(cl) + 80, "left thigh %06x", cl & 0xffffff);
    LT_CHECK_MSG(ch_r(cr) > ch_b(cr) + 80, "right thigh %06x", cr & 0xffffff);
    /* Facing the camera neither leg is behind the other: both bright. */
    LT_CHECK(luma(cl) > 120 && luma(cr) > 120);
    lb_canvas_free(&cv);
    lb_figure_destroy(fig);
}

static void near_side_should_be_drawn_over_and_brighter_than_far_side(void)
{
    LbFigure *fig = lb_figure_create(&skel);
    LbCanvas cv;
    LT_CHECK(lb_canvas_init(&cv, 320, 180));
    LmFrame f;
    pose_standing(&f);
    /* Camera on the figure's left: the legs overlap on screen and the left
     * (blue) leg is in front; from the right the orange one is. */
    for (int side = 0; side < 2; side++) {
        LbFigureView v = view_at(side ? -90 : 90, (SDL_FRect){10, 10, 300, 160});
        draw(&cv, fig, &f, &v);
        int knee = side ? LM_J_KNEE_R : LM_J_KNEE_L;
        SDL_FPoint k = lb_figure_project(&v, f.p[knee]);
        Uint32 c = pixel(cv.surf, (int)k.x, (int)k.y);
        if (side)
            LT_CHECK_MSG(ch_r(c) > ch_b(c) + 60, "camera right: knee pixel %06x", c & 0xffffff);
        else
            LT_CHECK_MSG(ch_b(c) > ch_r(c) + 60, "camera left: knee pixel %06x", c & 0xffffff);
    }
    /* Arms apart, seen from the left: both elbows visible, the far (right)
     * one darker than the near one. */
    pose_arms_apart(&f);
    LbFigureView v = view_at(90, (SDL_FRect){10, 10, 300, 160});
    draw(&cv, fig, &f, &v);
    SDL_FPoint el = lb_figure_project(&v, lm_v3_lerp(f.p[LM_J_ELBOW_L], f.p[LM_J_WRIST_L], 0.5));
    SDL_FPoint er = lb_figure_project(&v, lm_v3_lerp(f.p[LM_J_ELBOW_R], f.p[LM_J_WRIST_R], 0.5));
    Uint32 cl = pixel(cv.surf, (int)el.x, (int)el.y), cr = pixel(cv.surf, (int)er.x, (int)er.y);
    /* (the calm side keeps its colour plainly: darker, not dark) */
    LT_CHECK_MSG(luma(cl) > luma(cr) + 12, "near %06x far %06x", cl & 0xffffff, cr & 0xffffff);
    LT_CHECK_MSG(ch_r(cr) > ch_b(cr), "far arm keeps its hue: %06x", cr & 0xffffff);
    lb_canvas_free(&cv);
    lb_figure_destroy(fig);
}

static void mirror_should_flip_the_picture_left_to_right(void)
{
    LbFigure *fig = lb_figure_create(&skel);
    LbCanvas a, b;
    LT_CHECK(lb_canvas_init(&a, 320, 180));
    LT_CHECK(lb_canvas_init(&b, 320, 180));
    LmFrame f;
    pose_arms_apart(&f);
    LbFigureView v = view_at(30, (SDL_FRect){0, 0, 320, 180});
    draw(&a, fig, &f, &v);
    v.mirror = true;
    draw(&b, fig, &f, &v);
    /* Where the rasteriser samples inside a pixel decides whether the
     * mirror of column x is 319 - x or a column beside it, so the best of
     * shifts within two pixels counts. Compared in 4x4 blocks so a fill
     * rule difference along an edge does not count either. */
    int best = 1 << 30, figure = 0;
    for (int m = 317; m <= 321; m++) {
        int differ = 0;
        figure = 0;
        for (int by = 0; by < 180; by += 4)
            for (int bx = 0; bx < 320; bx += 4) {
                int sa[3] = {0, 0, 0}, sb[3] = {0, 0, 0}, any = 0;
                for (int y = by; y < by + 4; y++)
                    for (int x = bx; x < bx + 4; x++) {
                        Uint32 p = pixel(a.surf, x, y), q = pixel(b.surf, m - x, y);
                        any |= !is_bg(p);
                        sa[0] += ch_r(p), sa[1] += ch_g(p), sa[2] += ch_b(p);
                        sb[0] += ch_r(q), sb[1] += ch_g(q), sb[2] += ch_b(q);
                    }
                figure += any;
                int d = (abs(sa[0] - sb[0]) + abs(sa[1] - sb[1]) + abs(sa[2] - sb[2])) / 16;
                if (d > 40)
                    differ++;
            }
        if (differ < best)
            best = differ;
    }
    LT_CHECK_MSG(best < figure / 50 + 1, "%d of %d blocks differ", best, figure);
    /* The projection itself is exactly mirrored about the rect's centre. */
    LbFigureView plain = v;
    plain.mirror = false;
    lb_figure_view_fit_frame(&plain, &f);
    LbFigureView flip = plain;
    flip.mirror = true;
    for (int i = 0; i < LM_POINT_COUNT; i++) {
        SDL_FPoint p = lb_figure_project(&plain, f.p[i]), q = lb_figure_project(&flip, f.p[i]);
        LT_NEAR(p.x + q.x, 320.0, 1e-3);
        LT_NEAR(p.y, q.y, 1e-4);
    }
    /* And the unmirrored picture is not symmetric, so the check means something. */
    int asym = 0;
    for (int y = 0; y < 180; y++)
        for (int x = 0; x < 320; x++)
            if (abs(luma(pixel(a.surf, x, y)) - luma(pixel(a.surf, 319 - x, y))) > 60)
                asym++;
    LT_CHECK_MSG(asym > 200, "only %d pixels differ from their mirror image", asym);
    lb_canvas_free(&a);
    lb_canvas_free(&b);
    lb_figure_destroy(fig);
}

static void limb_edges_should_be_feathered(void)
{
    LbFigure *fig = lb_figure_create(&skel);
    LbCanvas cv;
    LT_CHECK(lb_canvas_init(&cv, 640, 360));
    LmFrame f;
    pose_standing(&f);
    LbFigureView v = view_at(0, (SDL_FRect){20, 20, 600, 320});
    v.no_floor = true;
    draw_cpu(&cv, fig, &f, &v);
    /* Across the left shin (a vertical capsule): background, then partial
     * coverage, then the core. A hard edge would jump in one pixel. */
    SDL_FPoint c = lb_figure_project(&v, lm_v3_lerp(f.p[LM_J_KNEE_L], f.p[LM_J_ANKLE_L], 0.5));
    /* Either side of the centre: at least one pixel between the dark rim
     * and the full colour (its blue channel). */
    int y = (int)c.y;
    for (int dir = -1; dir <= 1; dir += 2) {
        int partial = 0;
        for (int k = 0; k <= 20; k++) {
            int b = ch_b(pixel(cv.surf, (int)c.x + dir * k, y));
            if (b > LB_BG_B + 12 && b < side_left.b - 12)
                partial++;
        }
        LT_CHECK_MSG(partial >= 1, "partially covered pixels on side %d of the shin: %d", dir, partial);
    }
    lb_canvas_free(&cv);
    lb_figure_destroy(fig);
}

static void projection_should_scale_with_the_output(void)
{
    LmFrame f;
    pose_arms_apart(&f);
    LbFigureView small = view_at(40, (SDL_FRect){0, 0, 320, 180});
    LbFigureView big = view_at(40, (SDL_FRect){0, 0, 3840, 2160});
    small.has_box = big.has_box = true;
    small.frame_min_x = big.frame_min_x = -0.5;
    small.frame_max_x = big.frame_max_x = 0.6;
    small.frame_min_y = big.frame_min_y = -0.1;
    small.frame_max_y = big.frame_max_y = 1.8;
    for (int i = 0; i < LM_POINT_COUNT; i++) {
        SDL_FPoint a = lb_figure_project(&small, f.p[i]), b = lb_figure_project(&big, f.p[i]);
        LT_NEAR(b.x, a.x * 12.0, 0.01);
        LT_NEAR(b.y, a.y * 12.0, 0.01);
    }
    /* The box, padded, fits the rect and is centred in it. */
    SDL_FPoint top = lb_figure_project(&small, lm_v3(0, 0, 0));
    LT_CHECK(top.x > 0 && top.x < 320 && top.y > 0 && top.y < 180);
}

/* Seated on a chair, seen from anywhere in front and from level to high
 * above, upright or leaning back a little: the chair's back is behind the
 * person, so the lower back always shows over the back panel. */
static void chair_back_should_stay_behind_a_seated_figure_seen_from_the_front(void)
{
    LbFigure *fig = lb_figure_create(&skel);
    LbCanvas cv;
    LT_CHECK(lb_canvas_init(&cv, 640, 360));
    for (int lean = 0; lean <= 20; lean += 10) {
        LmPose p;
        lm_pose_zero(&p);
        p.ang[LM_J_PELVIS][LM_DOF_FLEX] = LM_DEG2RAD(-lean);
        p.ang[LM_J_HIP_L][LM_DOF_FLEX] = p.ang[LM_J_HIP_R][LM_DOF_FLEX] = LM_DEG2RAD(90 - lean);
        p.ang[LM_J_KNEE_L][LM_DOF_FLEX] = p.ang[LM_J_KNEE_R][LM_DOF_FLEX] = LM_DEG2RAD(90);
        p.ang[LM_J_HIP_L][LM_DOF_ABD] = p.ang[LM_J_HIP_R][LM_DOF_ABD] = LM_DEG2RAD(6);
        LmFrame f;
        lm_fk(&skel, &p, &f);
        lm_frame_translate(&f, lm_v3(0, -lm_frame_lowest_y(&skel, &f), 0));
        for (int yaw = -60; yaw <= 60; yaw += 20) {
            for (int pitch = 0; pitch <= 80; pitch += 10) {
                LbFigureView v = view_at(yaw, (SDL_FRect){10, 10, 620, 340});
                v.cam_pitch_deg = pitch;
                v.props = LM_PROP_CHAIR;
                /* where the timeline puts the seat: under, a little behind the pelvis */
                v.chair_seat = lm_v3(f.p[LM_J_PELVIS].x, f.p[LM_J_PELVIS].y - 0.09, f.p[LM_J_PELVIS].z - 0.05);
                draw(&cv, fig, &f, &v);
                /* a point of the lower back, in front of the panel: the body's
                 * light trunk, its shorts or its spine line, not the chair */
                SDL_FPoint m = lb_figure_project(&v, lm_v3_lerp(f.p[LM_J_LUMBAR], f.p[LM_J_THORAX], 0.3));
                Uint32 c = pixel(cv.surf, (int)m.x, (int)m.y);
                int dc = abs(ch_r(c) - 150) + abs(ch_g(c) - 130) + abs(ch_b(c) - 108);
                int dd = abs(ch_r(c) - 104) + abs(ch_g(c) - 90) + abs(ch_b(c) - 76);
                LT_CHECK_MSG(dc > 40 && dd > 40 && ch_r(c) + ch_g(c) + ch_b(c) > 300,
                             "lean %d yaw %d pitch %d: lower back pixel %06x", lean, yaw, pitch, c & 0xffffff);
            }
        }
    }
    lb_canvas_free(&cv);
    lb_figure_destroy(fig);
}

/* Drawn frame after frame into a list, the ground and the body copy the
 * shapes that did not change (the still limbs, the floor) from the last
 * frame: the pictures are byte for byte those of a figure drawing each
 * frame afresh, while one arm swings, a resize and a mirror come, and
 * the arm holds still again. */
static void shapes_kept_from_the_last_frame_should_equal_shapes_made_afresh(void)
{
    LbFigure *kept = lb_figure_create(&skel);
    LbCanvas a, b;
    LbDraw *da = lb_draw_create(), *db = lb_draw_create();
    bool ready = kept && da && db && lb_canvas_init(&a, 400, 300) && lb_canvas_init(&b, 400, 300);
    LT_CHECK(ready);
    int differ = 0;
    for (int i = 0; ready && i < 40; i++) {
        LmPose p;
        lm_pose_zero(&p);
        /* the left arm swings for 20 frames, then holds */
        p.ang[LM_J_SHOULDER_L][LM_DOF_FLEX] = LM_DEG2RAD(10 + 3 * (i < 20 ? i : 20));
        p.ang[LM_J_SHOULDER_R][LM_DOF_FLEX] = LM_DEG2RAD(-40);
        LmFrame f;
        lm_fk(&skel, &p, &f);
        lm_frame_translate(&f, lm_v3(0, -lm_frame_lowest_y(&skel, &f), 0));
        int w = i < 30 ? 400 : 360; /* a resize */
        LbFigureView v = view_at(30, (SDL_FRect){0, 0, (float)w, 300});
        v.mirror = i >= 35;
        LbFigure *fresh = lb_figure_create(&skel);
        LbFigure *fig[2] = {kept, fresh};
        LbDraw *d[2] = {da, db};
        LbCanvas *cv[2] = {&a, &b};
        for (int k = 0; k < 2 && fresh; k++) {
            lb_draw_begin(d[k], 400, 300);
            lb_draw_fill(d[k], NULL, (SDL_Color){LB_BG_R, LB_BG_G, LB_BG_B, 255});
            lb_figure_set_list(fig[k], d[k]);
            lb_figure_view_fit_frame(&v, &f);
            LT_CHECK(lb_figure_draw_ground(fig[k], cv[k]->ren, &f, &v) &&
                     lb_figure_draw_body(fig[k], cv[k]->ren, &f, &v));
            LT_CHECK(lb_draw_to_surface(d[k], cv[k]->ren, cv[k]->surf, NULL, 0));
            lb_canvas_flush(cv[k]);
        }
        lb_figure_destroy(fresh);
        int rows = 0;
        for (int y = 0; y < 300; y++)
            rows += memcmp((Uint8 *)a.surf->pixels + y * a.surf->pitch, (Uint8 *)b.surf->pixels + y * b.surf->pitch,
                           400 * 4) != 0;
        if (rows && ++differ <= 3)
            LT_CHECK_MSG(rows == 0, "frame %d: %d rows differ from the figure drawn afresh", i, rows);
    }
    LT_CHECK_MSG(differ == 0, "%d of 40 frames differ", differ);
    /* the still limbs, the shadows and the floor were copied, not made */
    LT_CHECK_MSG(lb_figure_shapes_reused(kept) > 100, "%lu shapes copied", lb_figure_shapes_reused(kept));
    if (ready) {
        lb_canvas_free(&a);
        lb_canvas_free(&b);
    }
    lb_draw_destroy(da);
    lb_draw_destroy(db);
    lb_figure_destroy(kept);
}

int main(void)
{
    LmErrors err = {0};
    if (!lm_skel_load(&skel, "anims/skeleton.json", &err)) {
        fprintf(stderr, "cannot load the skeleton: %s\n", err.count ? err.items[0] : "?");
        return 1;
    }
    lb_canvas_init_headless();
    LT_RUN(figure_should_stay_inside_its_rect_at_any_aspect);
    LT_RUN(left_limbs_should_be_sky_blue_and_right_limbs_orange);
    LT_RUN(near_side_should_be_drawn_over_and_brighter_than_far_side);
    LT_RUN(mirror_should_flip_the_picture_left_to_right);
    LT_RUN(limb_edges_should_be_feathered);
    LT_RUN(projection_should_scale_with_the_output);
    LT_RUN(chair_back_should_stay_behind_a_seated_figure_seen_from_the_front);
    LT_RUN(shapes_kept_from_the_last_frame_should_equal_shapes_made_afresh);
    lm_err_clear(&err);
    SDL_Quit();
    return lt_summary();
}
