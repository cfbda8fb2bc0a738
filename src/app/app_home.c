/* app_home: the screens around playing. The home screen (choose a card
 * with keys, clicker, controller or mouse; L for the level; a damaged
 * file's card cannot be started), going from it to a session and back
 * (Esc while playing; the session is kept as a "Continue" card), and the
 * routine builder's door. With --presenter the console shows the home
 * screen and the audience window a calm title card for the selection. */
#include "app_int.h"

#include "lm_user.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCROLL_NS 280000000ull /* a card scrolls into view over this, eased */
#define COMPILE_BUDGET_S 0.004 /* timelines compiled a frame, after the first */
#define WHEEL_STEP 0.5f        /* of a card's height per notch of the wheel */

/* ---- where the home screen is drawn ------------------------------------- */

/* The window the home screen shows in: the console when presenting. */
static LbVideo *home_video(const LbApp *a) { return a->cvideo ? a->cvideo : a->video; }

static void home_layout(const LbApp *a, LbHomeLayout *L)
{
    int w = 1, h = 1;
    lb_video_output_size(home_video(a), &w, &h);
    lb_home_layout(w, h, L);
}

/* ---- scrolling ---------------------------------------------------------- */

static float scroll_now(const LbApp *a, uint64_t now)
{
    if (now <= a->scroll_ns)
        return a->scroll_from;
    double k = (double)(now - a->scroll_ns) / (double)SCROLL_NS;
    if (k >= 1.0)
        return a->scroll_to;
    k = k * k * (3.0 - 2.0 * k); /* eased: starts and stops softly */
    return a->scroll_from + (float)((a->scroll_to - a->scroll_from) * k);
}

static void scroll_toward(LbApp *a, float to, uint64_t now)
{
    LbHomeLayout L;
    home_layout(a, &L);
    float max = lb_home_scroll_max(&L, a->cards.n);
    to = to < 0 ? 0 : to > max ? max : to;
    if (to == a->scroll_to)
        return;
    a->scroll_from = scroll_now(a, now);
    a->scroll_to = to;
    a->scroll_ns = now;
}

static void select_card(LbApp *a, int i, bool into_view, uint64_t now)
{
    if (a->cards.n <= 0)
        return;
    a->sel = i < 0 ? 0 : i >= a->cards.n ? a->cards.n - 1 : i;
    if (into_view) {
        LbHomeLayout L;
        home_layout(a, &L);
        scroll_toward(a, lb_home_scroll_to(&L, a->cards.n, a->sel, a->scroll_to), now);
    }
}

/* ---- the cards ---------------------------------------------------------- */

/* The cards for the library as it is now (after a save or a delete too). */
static bool build_cards(LbApp *a)
{
    bool ok = lb_home_cards_build(&a->cards, a->lib, a->level, a->co.hold_s);
    a->cards_ready = false;
    if (a->tl && a->screen != LB_SCREEN_PLAY && a->cont_ok)
        lb_home_cards_set_continue(&a->cards, a->tl, a->cont_s, a->tl->id, a->tl->is_routine);
    return ok;
}

/* The card showing id (a routine or an exercise), or -1. */
static int card_of(const LbApp *a, const char *id, bool routine)
{
    for (int i = 0; id && i < a->cards.n; i++) {
        const LbHomeCard *c = &a->cards.cards[i];
        if (c->kind == (routine ? LB_CARD_ROUTINE : LB_CARD_EXERCISE) && strcmp(c->id, id) == 0)
            return i;
    }
    return -1;
}

void app_report_screen(LbApp *a)
{
    if (a->screen == LB_SCREEN_PLAY)
        lb_report(&a->screen_report, "screen play %s", a->tl && a->tl->id ? a->tl->id : "");
    else
        lb_report(&a->screen_report, "screen %s", a->screen == LB_SCREEN_HOME ? "home" : "build");
}

bool app_home_open(LbApp *a, uint64_t now)
{
    bool was_playing = a->screen == LB_SCREEN_PLAY && a->tl;
    if (was_playing) {
        /* what was playing waits on the first card, at its place */
        a->cont_s = lm_pb_position(&a->pb, now);
        a->cont_ok = !lm_pb_finished(&a->pb, now) && a->cont_s > 0;
        app_set_paused(a, true, now);
        lb_audio_stop_speech(a->audio);
    }
    a->help = a->blank = false;
    a->asking = false;
    a->screen = LB_SCREEN_HOME;
    if (!a->home) {
        a->home = lb_home_create(a->home_text, &a->lib->skel);
        if (!a->home)
            return false;
    }
    if (!a->cards_built) {
        a->cards_built = build_cards(a);
    } else {
        lb_home_cards_set_continue(&a->cards, a->cont_ok ? a->tl : NULL, a->cont_s, a->tl ? a->tl->id : NULL,
                                   a->tl && a->tl->is_routine);
        if (a->cards.level != a->level)
            lb_home_cards_set_level(&a->cards, a->level);
    }
    /* the continue card, else the session just played, else the first */
    int sel = !was_playing ? a->sel : a->cont_ok ? 0 : card_of(a, a->tl->id, a->tl->is_routine);
    select_card(a, sel < 0 ? 0 : sel, true, now);
    a->scroll_from = a->scroll_to; /* no scrolling in from elsewhere */
    if (a->damage)
        lb_damage_invalidate(a->damage);
    app_report_screen(a);
    return true;
}

/* Play a timeline from from_s (the app owns tl from now on). */
bool app_start_session(LbApp *a, LmTimeline *tl, double from_s, uint64_t now, char *err, size_t n)
{
    double speed = a->pb.tl ? a->pb.speed : a->o->speed > 0 ? a->o->speed : 1.0;
    if (!a->scene) {
        a->scene = lb_scene_create(tl, a->lib->data_dir, err, n);
        if (!a->scene) {
            lm_timeline_free(tl);
            return false;
        }
    } else {
        lb_scene_set_timeline(a->scene, tl);
    }
    lb_audio_stop_speech(a->audio);
    if (a->cards_built)
        lb_home_cards_set_continue(&a->cards, NULL, 0, NULL, false);
    if (a->owned_tl != tl)
        lm_timeline_free(a->owned_tl);
    a->owned_tl = tl;
    a->tl = tl;
    a->cont_ok = false;
    a->level = tl->level;
    a->co.level = tl->level;
    lb_audio_preload_from(a->audio, tl, from_s);
    a->preload_next = 0;
    lm_pb_init(&a->pb, tl, now);
    lm_pb_set_speed(&a->pb, speed, now);
    if (from_s > 0)
        lm_pb_seek(&a->pb, from_s, now);
    app_set_paused(a, false, now);
    a->help = a->blank = false;
    a->quit_armed_ns = 0;
    a->screen = LB_SCREEN_PLAY;
    if (a->damage)
        lb_damage_invalidate(a->damage);
    app_report_screen(a);
    return true;
}

/* The routine builder: a new routine (routine < 0) or one of the user's. */
static void open_builder(LbApp *a, int routine, uint64_t now)
{
    if (!a->user_dir) {
        app_toastf(a, now, "There is no folder to keep routines in");
        return;
    }
    if (!a->build) {
        char err[512];
        a->build = lb_build_screen_create(a->lib->data_dir, err, sizeof err);
        if (!a->build) {
            lb_report(&a->report, "the routine builder cannot open: %s", err);
            app_toastf(a, now, "The routine builder cannot open");
            return;
        }
    }
    lb_build_screen_open(a->build, a->lib, a->user_dir, a->level, routine);
    a->asking = false;
    a->screen = LB_SCREEN_BUILD;
    if (a->damage)
        lb_damage_invalidate(a->damage);
    app_report_screen(a);
}

/* Back from the builder: the library may hold a routine more (or an
 * edited one at another place), so the cards are made again. */
static void close_builder(LbApp *a, LbBuildOutcome out, uint64_t now)
{
    char saved[128] = "";
    if (out == LB_BUILD_SAVED && lb_build_screen_saved_id(a->build))
        snprintf(saved, sizeof saved, "%s", lb_build_screen_saved_id(a->build));
    if (out == LB_BUILD_SAVED)
        a->cards_built = build_cards(a);
    app_home_open(a, now);
    int i = saved[0] ? card_of(a, saved, true) : -1;
    if (i >= 0) {
        select_card(a, i, true, now);
        app_toastf(a, now, "Saved: %s", a->cards.cards[i].title);
    }
}

void app_build_event(LbApp *a, const SDL_Event *e, uint64_t now)
{
    int w = 1, h = 1;
    lb_video_output_size(home_video(a), &w, &h);
    LbBuildOutcome out = lb_build_screen_event(a->build, e, w, h, now);
    if (out == LB_BUILD_QUIT)
        a->quit = true;
    else if (out == LB_BUILD_SAVED || out == LB_BUILD_CANCELLED)
        close_builder(a, out, now);
}

bool app_build_draw(LbApp *a, uint64_t now)
{
    bool ok = true;
    LbVideo *v = home_video(a);
    if (!lb_video_hidden(v)) {
        int w, h;
        lb_video_output_size(v, &w, &h);
        SDL_Renderer *r = lb_video_renderer(v);
        ok = !r || lb_build_screen_draw(a->build, r, w, h, now);
    }
    a->damage_only = false; /* drawn whole through the renderer */
    if (a->cvideo) {
        /* the TV keeps its title card while the console builds */
        lb_video_present(a->cvideo);
        return ok && app_home_draw_title(a, now);
    }
    return ok;
}

static void play_card(LbApp *a, int i, uint64_t now)
{
    if (i < 0 || i >= a->cards.n)
        return;
    const LbHomeCard *c = &a->cards.cards[i];
    char err[512] = "";
    switch (c->kind) {
    case LB_CARD_CONTINUE: {
        /* the session kept from before, from where it was left */
        const LmTimeline *tl = a->tl;
        if (!tl)
            return;
        lb_home_cards_set_continue(&a->cards, NULL, 0, NULL, false);
        a->cont_ok = false;
        /* at its own level, which L while playing switches from */
        a->level = tl->level;
        a->co.level = tl->level;
        a->screen = LB_SCREEN_PLAY;
        app_set_paused(a, false, now);
        if (a->damage)
            lb_damage_invalidate(a->damage);
        app_report_screen(a);
        return;
    }
    case LB_CARD_NEW: open_builder(a, -1, now); return;
    case LB_CARD_BROKEN: app_toastf(a, now, "%s cannot be played: its file has a problem", c->id); return;
    case LB_CARD_ROUTINE:
    case LB_CARD_EXERCISE: break;
    }
    LmCompileOpts co = a->co;
    co.level = a->level;
    LmErrors e = {0};
    LmTimeline *tl = c->kind == LB_CARD_ROUTINE ? lm_timeline_compile_routine(a->lib, c->index, &co, &e)
                                                : lm_timeline_compile_exercise(a->lib, c->index, &co, &e);
    if (!tl) {
        lb_report(&a->report, "cannot play %s: %s", c->id, e.count ? e.items[0] : "out of memory");
        app_toastf(a, now, "%s cannot be played", c->title);
        lm_err_clear(&e);
        return;
    }
    lm_err_clear(&e);
    if (!app_start_session(a, tl, 0, now, err, sizeof err)) {
        lb_report(&a->report, "cannot play %s: %s", c->id, err);
        app_toastf(a, now, "%s cannot be played", c->title);
    }
}

static void home_level(LbApp *a, uint64_t now)
{
    a->level = a->level == LM_LEVEL_BEGINNER ? LM_LEVEL_ACTIVE : LM_LEVEL_BEGINNER;
    a->co.level = a->level;
    lb_home_cards_set_level(&a->cards, a->level);
    a->cards_ready = false;
    a->saved.level = a->level;
    app_remember_changed(a);
    app_toastf(a, now, "Level: %s", lm_level_name(a->level));
}

static const LbHomeCard *selected(const LbApp *a)
{
    return a->sel >= 0 && a->sel < a->cards.n ? &a->cards.cards[a->sel] : NULL;
}

static void ask_delete(LbApp *a, uint64_t now)
{
    const LbHomeCard *c = selected(a);
    if (!c || c->kind != LB_CARD_ROUTINE || !c->user) {
        app_toastf(a, now, "Only routines of your own can be deleted");
        return;
    }
    a->asking = true;
}

static void do_delete(LbApp *a, uint64_t now)
{
    a->asking = false;
    const LbHomeCard *c = selected(a);
    if (!c || c->kind != LB_CARD_ROUTINE || !c->user)
        return;
    char title[LB_CARD_TEXT], msg[600] = "";
    snprintf(title, sizeof title, "%s", c->title);
    if (!app_delete_routine(a, c->index, msg, sizeof msg)) {
        lb_report(&a->report, "%s", msg);
        app_toastf(a, now, "%s was not deleted", title);
        return;
    }
    a->cards_built = build_cards(a);
    select_card(a, a->sel, true, now);
    app_toastf(a, now, "Deleted: %s", title);
}

void app_home_command(LbApp *a, LbCommand c, uint64_t now)
{
    if (a->asking) {
        /* only the answer counts while the question is up */
        if (c == LB_CMD_OPEN)
            do_delete(a, now);
        else if (c == LB_CMD_BACK || c == LB_CMD_DELETE)
            a->asking = false;
        else if (c == LB_CMD_QUIT)
            a->quit = true;
        return;
    }
    if (c != LB_CMD_BACK)
        a->quit_armed_ns = 0;
    LbHomeLayout L;
    home_layout(a, &L);
    switch (c) {
    case LB_CMD_SEL_NEXT: select_card(a, lb_home_move(&L, a->cards.n, a->sel, 1, 0), true, now); break;
    case LB_CMD_SEL_PREV: select_card(a, lb_home_move(&L, a->cards.n, a->sel, -1, 0), true, now); break;
    case LB_CMD_SEL_DOWN: select_card(a, lb_home_move(&L, a->cards.n, a->sel, 0, 1), true, now); break;
    case LB_CMD_SEL_UP: select_card(a, lb_home_move(&L, a->cards.n, a->sel, 0, -1), true, now); break;
    case LB_CMD_OPEN: play_card(a, a->sel, now); break;
    case LB_CMD_EDIT: {
        const LbHomeCard *s = selected(a);
        if (s && s->kind == LB_CARD_ROUTINE && s->user)
            open_builder(a, s->index, now);
        else
            app_toastf(a, now, "Only routines of your own can be edited");
        break;
    }
    case LB_CMD_DELETE: ask_delete(a, now); break;
    case LB_CMD_LEVEL: home_level(a, now); break;
    case LB_CMD_NONE: break;
    default: lb_app_command(a, c, now); break; /* fullscreen, display, sound, Esc, quit */
    }
}

/* Mouse: pointing selects, a click plays, the wheel scrolls. */
static bool home_mouse(LbApp *a, const SDL_Event *e, uint64_t now)
{
    Uint32 wid = e->type == SDL_MOUSEWHEEL    ? e->wheel.windowID
                 : e->type == SDL_MOUSEMOTION ? e->motion.windowID
                                              : e->button.windowID;
    SDL_Window *win = lb_video_window(home_video(a));
    if (!win || SDL_GetWindowID(win) != wid || a->asking)
        return e->type == SDL_MOUSEMOTION || e->type == SDL_MOUSEWHEEL || e->type == SDL_MOUSEBUTTONDOWN ||
               e->type == SDL_MOUSEBUTTONUP;
    LbHomeLayout L;
    home_layout(a, &L);
    if (e->type == SDL_MOUSEWHEEL) {
        int dy = e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -e->wheel.y : e->wheel.y;
        scroll_toward(a, a->scroll_to - (float)dy * WHEEL_STEP * (float)(L.card_h + L.gap), now);
        return true;
    }
    /* window points to drawable pixels (they differ on a high-density screen) */
    int ww = 1, wh = 1, ow = 1, oh = 1;
    SDL_GetWindowSize(win, &ww, &wh);
    lb_video_output_size(home_video(a), &ow, &oh);
    int x = e->type == SDL_MOUSEMOTION ? e->motion.x : e->button.x;
    int y = e->type == SDL_MOUSEMOTION ? e->motion.y : e->button.y;
    x = (int)((long)x * ow / (ww > 0 ? ww : 1));
    y = (int)((long)y * oh / (wh > 0 ? wh : 1));
    int hit = lb_home_hit(&L, a->cards.n, scroll_now(a, now), x, y);
    if (e->type == SDL_MOUSEMOTION) {
        if (hit >= 0)
            a->sel = hit;
    } else if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT && hit >= 0) {
        a->sel = hit;
        a->quit_armed_ns = 0;
        play_card(a, hit, now);
    }
    return true;
}

void app_home_event(LbApp *a, const SDL_Event *e, uint64_t now)
{
    switch (e->type) {
    case SDL_MOUSEMOTION:
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
    case SDL_MOUSEWHEEL: home_mouse(a, e, now); return;
    default: break;
    }
    LbCommand c = lb_input_map_screen(LB_SCREEN_HOME, e);
    if (c != LB_CMD_NONE)
        app_home_command(a, c, now);
    /* a clicker's slideshow button starts the show as it would a
     * presentation's: the session, on the full screen */
    if (c == LB_CMD_OPEN && e->type == SDL_KEYDOWN && e->key.keysym.sym == SDLK_F5 && a->screen == LB_SCREEN_PLAY)
        lb_app_command(a, LB_CMD_FULLSCREEN_ON, now);
}

/* ---- the user's files ---------------------------------------------------- */

bool app_delete_routine(LbApp *a, int i, char *msg, size_t n)
{
    /* the session waiting may be that routine's: it goes with it */
    if (a->tl && a->tl->is_routine && i >= 0 && i < a->lib->n_routines && a->lib->routines[i].id &&
        strcmp(a->tl->id, a->lib->routines[i].id) == 0) {
        a->cont_ok = false;
        lb_home_cards_set_continue(&a->cards, NULL, 0, NULL, false);
    }
    LmErrors err = {0};
    bool ok = lm_user_delete_routine(a->lib, i, &err);
    if (!ok)
        snprintf(msg, n, "%s", err.count ? err.items[0] : "the routine could not be deleted");
    lm_err_clear(&err);
    return ok;
}

/* ---- frames ------------------------------------------------------------- */

static void home_view(LbApp *a, uint64_t now, LbHomeView *v, char *ask, size_t n)
{
    memset(v, 0, sizeof *v);
    v->cards = &a->cards;
    v->selected = a->sel;
    /* a resized window may scroll less far than before */
    LbHomeLayout L;
    home_layout(a, &L);
    float max = lb_home_scroll_max(&L, a->cards.n);
    v->scroll_px = SDL_min(scroll_now(a, now), max);
    v->t_s = (double)(now - a->home_t0_ns) / 1e9;
    v->level = lm_level_name(a->level);
    v->toast = a->toast;
    v->toast_alpha = app_toast_alpha(a, now);
    if (a->asking && selected(a)) {
        snprintf(ask, n, "Delete \xE2\x80\x9C%s\xE2\x80\x9D?\tEnter deletes it  \xC2\xB7  Esc keeps it",
                 selected(a)->title);
        v->ask = ask;
    }
}

bool app_home_draw_title(LbApp *a, uint64_t now)
{
    char ask[LB_CARD_TEXT + 64];
    LbHomeView v;
    home_view(a, now, &v, ask, sizeof ask);
    if (lb_video_hidden(a->video))
        return true;
    int w, h;
    lb_video_output_size(a->video, &w, &h);
    SDL_Renderer *r = lb_video_renderer(a->video);
    if (!r)
        return true;
    const LbDraw *dl = lb_home_record_title(a->home, r, w, h, &v);
    return dl && app_show_list(a, dl, r, w, h);
}

bool app_home_draw(LbApp *a, uint64_t now)
{
    char ask[LB_CARD_TEXT + 64];
    LbHomeView v;
    home_view(a, now, &v, ask, sizeof ask);
    bool ok = true;
    if (a->cvideo && !lb_video_hidden(a->cvideo)) {
        /* the console chooses; the TV waits on a title card */
        int w, h;
        lb_video_output_size(a->cvideo, &w, &h);
        SDL_Renderer *r = lb_video_renderer(a->cvideo);
        const LbDraw *dl = r ? lb_home_record(a->home, r, w, h, &v) : NULL;
        ok &= !r || (dl && lb_draw_to_renderer(dl, r));
        lb_video_present(a->cvideo);
    }
    if (lb_video_hidden(a->video))
        return ok;
    int w, h;
    lb_video_output_size(a->video, &w, &h);
    SDL_Renderer *r = lb_video_renderer(a->video);
    if (!r)
        return ok;
    const LbDraw *dl = a->cvideo ? lb_home_record_title(a->home, r, w, h, &v) : lb_home_record(a->home, r, w, h, &v);
    return ok && dl && app_show_list(a, dl, r, w, h);
}

void app_home_frame_done(LbApp *a)
{
    /* after the first frame is on screen: the lengths and previews, a few
     * timelines a frame */
    if (!a->cards_ready && a->stats.frames > 0)
        a->cards_ready = lb_home_cards_compile(&a->cards, COMPILE_BUDGET_S);
}

void app_home_free(LbApp *a)
{
    lb_build_screen_destroy(a->build);
    lb_home_destroy(a->home);
    lb_home_cards_free(&a->cards);
}

void app_home_state(const LbApp *a, LbAppState *s)
{
    s->screen = a->screen;
    s->selected = a->sel;
    s->n_cards = a->cards.n;
    const LbHomeCard *c = selected(a);
    s->selected_kind = c ? (int)c->kind : -1;
    s->selected_id = c ? c->id : "";
    s->can_continue = a->cards.has_continue;
    s->asking = a->asking;
    s->cards_ready = a->cards_ready;
}
