/* scene: composes a frame: clears to the background, draws the figure of
 * the exercise active at t framed by that exercise's camera and box, the
 * next exercise's start pose in a small preview while resting, then the
 * overlay on top. */
#include "scene.h"

#include "lm_stage.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct LbScene {
    const LmTimeline *tl;
    LbFigure *fig;
    LbOverlay *ov;
    LbDraw *list;      /* the frame as recorded */
    SDL_Surface *surf; /* when set: frames are carried out into it */
    /* The next exercise's small figure, recorded once and appended to
     * every frame while it shows (it is a still picture). */
    LbDraw *preview;
    const LmTimeline *preview_tl;
    int preview_item;
    SDL_FRect preview_rect;
    bool preview_mirror, preview_ok;
    /* The current step's hints and the pose its ghost shows, worked out
     * once a step (lm_stage_hints samples the step a dozen times). */
    LmStageHints hints;
    const LmTimeline *hints_tl;
    LmFrame ghost;
};

static SDL_FRect frect(SDL_Rect r) { return (SDL_FRect){(float)r.x, (float)r.y, (float)r.w, (float)r.h}; }

void lb_scene_layout(int w, int h, LbSceneLayout *o)
{
    LbLayout L;
    lb_overlay_layout(w, h, NULL, &L);
    o->safe = frect(L.safe);
    o->stage = frect(L.el[LB_EL_STAGE]);
    o->next_up = frect(L.next_figure);
}

LbScene *lb_scene_create(const LmTimeline *tl, const char *data_dir, char *err, size_t err_size)
{
    LbScene *sc = calloc(1, sizeof *sc);
    if (!sc) {
        snprintf(err, err_size, "out of memory");
        return NULL;
    }
    sc->tl = tl;
    sc->fig = lb_figure_create(tl ? tl->skel : NULL);
    sc->list = lb_draw_create();
    sc->preview = lb_draw_create();
    if (!sc->fig || !sc->list || !sc->preview) {
        snprintf(err, err_size, "out of memory");
        lb_scene_destroy(sc);
        return NULL;
    }
    LbOverlayDesc od = {0};
    od.data_dir = data_dir;
    sc->ov = lb_overlay_create(&od, err, err_size);
    if (!sc->ov) {
        lb_scene_destroy(sc);
        return NULL;
    }
    /* Both always record into the scene's list. */
    lb_figure_set_list(sc->fig, sc->list);
    lb_overlay_set_list(sc->ov, sc->list);
    return sc;
}

void lb_scene_destroy(LbScene *sc)
{
    if (!sc)
        return;
    lb_overlay_destroy(sc->ov);
    lb_figure_destroy(sc->fig);
    lb_draw_destroy(sc->list);
    lb_draw_destroy(sc->preview);
    free(sc);
}

void lb_scene_set_timeline(LbScene *sc, const LmTimeline *tl)
{
    if (sc) {
        sc->tl = tl;
        sc->preview_ok = false;
    }
}

void lb_scene_textures_lost(LbScene *sc)
{
    if (sc)
        lb_text_forget(lb_overlay_text(sc->ov), NULL);
}

void lb_scene_set_surface(LbScene *sc, SDL_Surface *surf)
{
    if (sc)
        sc->surf = surf;
}

LbOverlay *lb_scene_overlay(LbScene *sc) { return sc ? sc->ov : NULL; }

/* A ghost (the pose a move ends on) is the body in one flat colour, this
 * far from the background toward a cool white: seen, but not mistaken for
 * the figure. */
#define GHOST_LEVEL 0.20
#define GHOST_R 200
#define GHOST_G 215
#define GHOST_B 240

/* Append the next exercise's start pose, small, in its own camera: drawn
 * once into the scene's preview list, then copied while it stays the
 * same. */
static bool draw_preview(LbScene *sc, SDL_Renderer *r, int w, int h, int next, SDL_FRect rect, bool mirror)
{
    const LmTimeline *tl = sc->tl;
    if (!sc->preview_ok || sc->preview_tl != tl || sc->preview_item != next || sc->preview_mirror != mirror ||
        memcmp(&sc->preview_rect, &rect, sizeof rect) != 0) {
        const LmItem *nx = &tl->items[next];
        LmFrame nf;
        lm_timeline_frame(tl, nx->start_s, &nf);
        LbFigureView nv = lb_figure_view_for_item(nx, rect, mirror);
        nv.no_floor = true;
        lb_draw_begin(sc->preview, w, h);
        lb_figure_set_list(sc->fig, sc->preview);
        sc->preview_ok = lb_figure_draw(sc->fig, r, &nf, &nv);
        lb_draw_seal(sc->preview); /* hashed once, not every frame it is shown */
        lb_figure_set_list(sc->fig, sc->list);
        sc->preview_tl = tl;
        sc->preview_item = next;
        sc->preview_rect = rect;
        sc->preview_mirror = mirror;
        if (!sc->preview_ok)
            return false;
    }
    lb_draw_append(sc->list, sc->preview);
    return true;
}

/* The hints of the step playing at t (cached per step). */
static const LmStageHints *hints_at(LbScene *sc, double t_s)
{
    const LmTimeline *tl = sc->tl;
    int seg = lm_timeline_seg_at(tl, t_s);
    if (sc->hints_tl != tl || sc->hints.seg != seg) {
        lm_stage_hints(tl, seg, &sc->hints);
        sc->hints_tl = tl;
        if (sc->hints.ghost)
            lm_timeline_frame(tl, sc->hints.ghost_t_s, &sc->ghost);
    }
    return &sc->hints;
}

/* The marks of the step at t on frame f: its arrows, and the glow where a
 * hold is felt. */
static void marks_of(const LbScene *sc, const LmStageHints *h, const LmFrame *f, double fade, LbFigureMarks *mk)
{
    memset(mk, 0, sizeof *mk);
    if (h->seg >= 0)
        mk->gap =
            lm_stage_gap(&sc->tl->items[sc->tl->segs[h->seg].item], sc->tl->skel, f, &mk->gap_top, &mk->gap_bottom);
    mk->fade = (float)fade;
    mk->away_from = lm_v3_lerp(f->p[LM_J_PELVIS], f->p[LM_J_THORAX], 0.5);
    for (int a = 0; a < h->n_arrows && a < 2; a++) {
        mk->arrow_n[a] = LM_STAGE_PATH < LB_MARK_PATH ? LM_STAGE_PATH : LB_MARK_PATH;
        memcpy(mk->arrow[a], h->arrow[a].path, sizeof(LmVec3) * (size_t)mk->arrow_n[a]);
        mk->arrow_turn[a] = h->arrow[a].turn;
        mk->n_arrows++;
    }
    for (int k = 0; k < h->n_feel; k++) {
        LmVec3 spot[3];
        double r;
        int n = lm_stage_feel_spots(sc->tl->skel, f, h->feel[k], spot, &r);
        for (int i = 0; i < n && mk->n_spots < LB_MARK_SPOTS; i++)
            mk->spot[mk->n_spots++] = spot[i];
        mk->spot_r_m = r;
    }
}

bool lb_scene_views(LbScene *sc, double t_s, const LbSceneLayout *lay, bool mirror, LbFigureView *main,
                    LbFigureView *inset)
{
    return lb_figure_views_at(sc->tl, t_s, lay->stage, mirror, main, inset);
}

static bool record(LbScene *sc, SDL_Renderer *r, double t_s, int w, int h, const LbSessionView *view_in)
{
    const LmTimeline *tl = sc->tl;
    lb_draw_begin(sc->list, w, h);
    LbSessionView view = {0};
    if (view_in)
        view = *view_in;
    LbSceneLayout lay;
    lb_scene_layout(w, h, &lay);
    lb_draw_fill(sc->list, NULL, (SDL_Color){LB_BG_R, LB_BG_G, LB_BG_B, 255});
    if (!tl || tl->n_items == 0) {
        lb_draw_mark_backdrop(sc->list);
        return lb_overlay_draw(sc->ov, r, w, h, NULL, &view) && lb_draw_ok(sc->list);
    }
    bool ok = true;
    LmOverlayState st;
    lm_timeline_state(tl, t_s, &st);
    if (!lb_overlay_covers_stage(&st, &view)) {
        LmFrame f;
        lm_timeline_frame(tl, t_s, &f);
        LbFigureView v, iv;
        bool has_inset = lb_scene_views(sc, t_s, &lay, view.mirror, &v, &iv);
        const LmStageHints *hint = hints_at(sc, t_s);
        double fade = lm_stage_hint_fade(hint, t_s);
        LbFigureMarks mk;
        marks_of(sc, hint, &f, fade, &mk);
        /* The floor and mat stay put through an exercise, and a step's
         * ghost and arrows through the step: the backdrop, drawn once and
         * copied back under the moving figure (shown whole from the step's
         * start, not faded in, so they are drawn once a step). */
        ok &= lb_figure_draw_ground(sc->fig, r, &f, &v);
        if (hint->ghost) {
            LbFigureView gv = v;
            gv.ghost = (SDL_Color){(Uint8)lround(LB_BG_R + (GHOST_R - LB_BG_R) * GHOST_LEVEL),
                                   (Uint8)lround(LB_BG_G + (GHOST_G - LB_BG_G) * GHOST_LEVEL),
                                   (Uint8)lround(LB_BG_B + (GHOST_B - LB_BG_B) * GHOST_LEVEL), 255};
            ok &= lb_figure_draw_ghost(sc->fig, r, &sc->ghost, &gv);
        }
        LbFigureMarks arrows = mk, over = mk;
        arrows.n_spots = 0, arrows.gap = false, arrows.fade = 1.0f, arrows.under = true;
        over.n_arrows = 0;
        ok &= lb_figure_draw_marks(sc->fig, r, &v, &arrows);
        lb_draw_mark_backdrop(sc->list);
        ok &= lb_figure_draw_body(sc->fig, r, &f, &v);
        /* where a hold is felt, and the low back's gap, lie on the body */
        ok &= lb_figure_draw_marks(sc->fig, r, &v, &over);
        if (has_inset && (st.kind == LM_SEG_MOVE || st.kind == LM_SEG_HOLD) && iv.rect.w > 8) {
            lb_draw_fill(sc->list, &iv.rect, (SDL_Color){30, 38, 54, 255});
            ok &= lb_figure_draw(sc->fig, r, &f, &iv);
            /* the same marks, larger: a small rock of the pelvis reads here */
            ok &= lb_figure_draw_marks(sc->fig, r, &iv, &mk);
        }
        /* The dips at the cuts (lm_stage_camera). Only while playing: a
         * paused picture at a cut (a jump to the next exercise lands on
         * one) shows the figure, not the empty stage halfway through. */
        LmStageCamera cam;
        lm_stage_camera(tl, t_s, &cam);
        if (cam.cover > 0 && !view.paused)
            lb_draw_fill(sc->list, &lay.stage,
                         (SDL_Color){LB_BG_R, LB_BG_G, LB_BG_B, (Uint8)(255.0 * cam.cover + 0.5)});
        if (view.figure_left_on_screen == LM_SCREEN_AUTO)
            view.figure_left_on_screen = lm_screen_side_of_frame(&f, v.cam_yaw_deg, v.cam_pitch_deg, view.mirror);
        if (st.next_item >= 0 && st.next_item < tl->n_items)
            ok &= draw_preview(sc, r, w, h, st.next_item, lay.next_up, view.mirror);
    } else {
        lb_draw_mark_backdrop(sc->list);
    }
    ok &= lb_overlay_draw(sc->ov, r, w, h, &st, &view);
    return ok && lb_draw_ok(sc->list);
}

const LbDraw *lb_scene_record(LbScene *sc, SDL_Renderer *r, double t_s, int w, int h, const LbSessionView *view)
{
    if (!sc || !r)
        return NULL;
    return record(sc, r, t_s, w, h, view) ? sc->list : NULL;
}

bool lb_scene_draw(LbScene *sc, SDL_Renderer *r, double t_s, int w, int h, const LbSessionView *view)
{
    if (!lb_scene_record(sc, r, t_s, w, h, view))
        return false;
    if (sc->surf)
        return lb_draw_to_surface(sc->list, r, sc->surf, NULL, 0);
    return lb_draw_to_renderer(sc->list, r);
}
