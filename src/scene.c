/* scene: composes a frame: clears to the background, draws the figure of
 * the exercise active at t framed by that exercise's camera and box, the
 * next exercise's start pose in a small preview while resting, then the
 * overlay. */
#include "scene.h"

#include <stdlib.h>

struct LbScene {
    const LmTimeline *tl;
    LbFigure *fig;
    /* overlay: the text cache and captions go here once the overlay lands */
};

void lb_scene_layout(int w, int h, LbLayout *o)
{
    /* Title-safe: 5% in from each edge. */
    float mx = 0.05f * (float)w, my = 0.05f * (float)h;
    o->safe = (SDL_FRect){mx, my, (float)w - 2 * mx, (float)h - 2 * my};
    /* The stage leaves the bottom fifth of the safe area to captions and
     * the top tenth to the title. */
    float top = 0.10f * o->safe.h, bottom = 0.22f * o->safe.h;
    o->stage = (SDL_FRect){o->safe.x, o->safe.y + top, o->safe.w, o->safe.h - top - bottom};
    float nw = 0.22f * o->safe.w, nh = 0.22f * o->safe.h;
    o->next_up = (SDL_FRect){o->safe.x + o->safe.w - nw, o->safe.y + top, nw, nh};
}

LbScene *lb_scene_create(const LmTimeline *tl)
{
    LbScene *sc = calloc(1, sizeof *sc);
    if (!sc)
        return NULL;
    sc->tl = tl;
    sc->fig = lb_figure_create(tl ? tl->skel : NULL);
    if (!sc->fig) {
        free(sc);
        return NULL;
    }
    return sc;
}

void lb_scene_destroy(LbScene *sc)
{
    if (!sc)
        return;
    lb_figure_destroy(sc->fig);
    free(sc);
}

void lb_scene_textures_lost(LbScene *sc) { (void)sc; }

void lb_scene_set_surface(LbScene *sc, SDL_Surface *surf) { lb_figure_set_surface(sc->fig, surf); }

bool lb_scene_draw(LbScene *sc, SDL_Renderer *r, double t_s, int w, int h, bool mirror)
{
    const LmTimeline *tl = sc->tl;
    LbLayout lay;
    lb_scene_layout(w, h, &lay);
    SDL_SetRenderDrawColor(r, LB_BG_R, LB_BG_G, LB_BG_B, 255);
    SDL_RenderClear(r);
    if (!tl || tl->n_items == 0)
        return true;
    bool ok = true;
    int item = lm_timeline_item_at(tl, t_s);
    if (item < 0 || item >= tl->n_items)
        item = 0;
    LmFrame f;
    lm_timeline_frame(tl, t_s, &f);
    LbFigureView v = lb_figure_view_for_item(&tl->items[item], lay.stage, mirror);
    ok &= lb_figure_draw(sc->fig, r, &f, &v);

    LmOverlayState st;
    lm_timeline_state(tl, t_s, &st);
    if ((st.kind == LM_SEG_REST || st.kind == LM_SEG_SAFETY) && st.next_item >= 0 && st.next_item < tl->n_items &&
        st.next_item != item) {
        /* The next exercise's start pose, small, in its own camera. */
        const LmItem *nx = &tl->items[st.next_item];
        LmFrame nf;
        lm_timeline_frame(tl, nx->start_s, &nf);
        LbFigureView nv = lb_figure_view_for_item(nx, lay.next_up, mirror);
        nv.no_floor = true;
        ok &= lb_figure_draw(sc->fig, r, &nf, &nv);
    }
    /* OVERLAY: captions, countdown and progress are drawn here, over the
     * figure, from `st`, once the overlay module lands. */
    return ok;
}
