/* The home screen in the running program: scripted keys, clicker keys,
 * controller buttons and mouse events pushed into SDL's queue, the app
 * stepped on a clock the test owns, and the screen, the selection and the
 * session checked, with the "screen ..." lines LIMBER_REPORT_SCREEN
 * prints. Runs under the offscreen video and dummy audio drivers. */
#include <SDL.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lm_user.h"

#include "app.h"
#include "home.h"
#include "lt.h"
#include "lt_lib.h"
#include "settings.h"

#define FRAME_NS 16666667ull

static LmLibrary lib;
static char tmpdir[256];
static char user_dir[300], mine[400], broken[400]; /* the user's folder: none until user_files() */

/* The screen lines, as the command line would print them. */
static char screens[32][160];
static int n_screens;

static void on_screen(void *user, const char *msg)
{
    (void)user;
    if (n_screens < 32)
        snprintf(screens[n_screens++], sizeof screens[0], "%s", msg);
}

typedef struct {
    LbApp *app;
    LbOptions o;
    uint64_t now;
} Rig;

static bool rig_open_ex(Rig *g, bool presenter, const LbSettings *s, const char *path)
{
    memset(g, 0, sizeof *g);
    n_screens = 0;
    g->o.display = -1;
    g->o.volume = -1;
    g->o.presenter = presenter;
    g->o.width = 1280;
    g->o.height = 720;
    g->o.no_settings = s == NULL;
    if (s)
        lb_settings_apply(s, &g->o);
    LbAppDesc d = {0};
    d.options = &g->o;
    d.lib = &lib;
    d.tl = NULL; /* nothing named: the home screen */
    d.settings = s;
    d.settings_path = path;
    d.volume = -1;
    d.no_pacing = true;
    d.screen_report = (LbReport){on_screen, NULL};
    d.user_dir = user_dir[0] ? user_dir : NULL;
    char msg[512];
    g->now = 1000000000ull;
    g->app = lb_app_create(&d, g->now, msg, sizeof msg);
    if (!g->app)
        fprintf(stderr, "  cannot create the app: %s\n", msg);
    return g->app != NULL;
}

static bool rig_open(Rig *g) { return rig_open_ex(g, false, NULL, NULL); }

static void rig_close(Rig *g)
{
    lb_app_destroy(g->app);
    g->app = NULL;
}

static bool frames(Rig *g, int n)
{
    for (int i = 0; i < n; i++) {
        g->now += FRAME_NS;
        if (!lb_app_step(g->app, g->now))
            return false;
    }
    return true;
}

static bool press_mod(Rig *g, SDL_Keycode k, Uint16 mod)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    e.key.keysym.mod = mod;
    SDL_PushEvent(&e);
    e.type = SDL_KEYUP;
    e.key.state = SDL_RELEASED;
    SDL_PushEvent(&e);
    return frames(g, 1);
}

static bool press(Rig *g, SDL_Keycode k) { return press_mod(g, k, 0); }

static bool pad(Rig *g, Uint8 b)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_CONTROLLERBUTTONDOWN;
    e.cbutton.button = b;
    e.cbutton.state = SDL_PRESSED;
    SDL_PushEvent(&e);
    return frames(g, 1);
}

static Uint32 window_id(const Rig *g)
{
    int w, h;
    SDL_Renderer *r = lb_app_audience_renderer(g->app, &w, &h);
    SDL_Window *win = r ? SDL_RenderGetWindow(r) : NULL;
    return win ? SDL_GetWindowID(win) : 0;
}

static bool mouse(Rig *g, Uint32 type, int x, int y, int wheel)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    if (type == SDL_MOUSEMOTION) {
        e.motion.windowID = window_id(g);
        e.motion.x = x;
        e.motion.y = y;
    } else if (type == SDL_MOUSEWHEEL) {
        e.wheel.windowID = window_id(g);
        e.wheel.y = wheel;
        e.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
    } else {
        e.button.windowID = window_id(g);
        e.button.button = SDL_BUTTON_LEFT;
        e.button.state = SDL_PRESSED;
        e.button.clicks = 1;
        e.button.x = x;
        e.button.y = y;
    }
    SDL_PushEvent(&e);
    return frames(g, 1);
}

static LbAppState st(const Rig *g)
{
    LbAppState s;
    lb_app_state(g->app, g->now, &s);
    return s;
}

static bool saw_screen(const char *line)
{
    for (int i = 0; i < n_screens; i++)
        if (strcmp(screens[i], line) == 0)
            return true;
    return false;
}

/* ---- tests --------------------------------------------------------------- */

static void it_opens_on_the_home_screen_and_says_so(void)
{
    Rig g;
    if (!rig_open(&g))
        return;
    LT_CHECK(frames(&g, 2));
    LbAppState s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_HOME);
    LT_CHECK(s.view.tl == NULL);
    /* routines, the new-routine card and the ten exercises */
    LT_CHECK_MSG(s.n_cards == lib.n_routines + 1 + lib.n_exercises, "%d cards", s.n_cards);
    LT_CHECK(s.selected == 0 && s.selected_kind == LB_CARD_ROUTINE);
    LT_CHECK(n_screens == 1 && saw_screen("screen home"));
    /* the lengths come a few a frame after the first one */
    for (int i = 0; i < 120 && !st(&g).cards_ready; i++)
        frames(&g, 1);
    LT_CHECK(st(&g).cards_ready);
    rig_close(&g);
}

static void arrows_choose_and_enter_plays_then_esc_comes_home_to_continue(void)
{
    Rig g;
    if (!rig_open(&g))
        return;
    frames(&g, 2);
    press(&g, SDLK_RIGHT);
    LbAppState s = st(&g);
    LT_CHECK(s.selected == 1);
    char id[128];
    snprintf(id, sizeof id, "%s", s.selected_id);
    press(&g, SDLK_RETURN);
    s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_PLAY);
    LT_CHECK(s.view.tl && strcmp(s.view.tl->id, id) == 0);
    LT_CHECK(!s.view.paused);
    char line[200];
    snprintf(line, sizeof line, "screen play %s", id);
    LT_CHECK_MSG(saw_screen(line), "no \"%s\"", line);
    frames(&g, 180); /* three seconds in */
    double at = st(&g).view.t_s;
    LT_CHECK(at > 2.5);
    press(&g, SDLK_ESCAPE);
    s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_HOME);
    LT_CHECK(s.can_continue && s.selected == 0 && s.selected_kind == LB_CARD_CONTINUE);
    LT_CHECK(n_screens == 3 && strcmp(screens[2], "screen home") == 0);
    frames(&g, 120); /* the session waits while home shows */
    LT_NEAR(st(&g).view.t_s, at, 0.05);
    press(&g, SDLK_RETURN);
    s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_PLAY && !s.view.paused);
    LT_NEAR(s.view.t_s, at, 0.05);
    LT_CHECK(s.view.tl && strcmp(s.view.tl->id, id) == 0);
    /* the continue card is gone once taken */
    press(&g, SDLK_ESCAPE);
    press(&g, SDLK_DOWN); /* another card... */
    press(&g, SDLK_UP);
    LT_CHECK(st(&g).selected_kind == LB_CARD_CONTINUE);
    rig_close(&g);
}

static void q_quits_from_home_and_esc_twice_too(void)
{
    Rig g;
    if (!rig_open(&g))
        return;
    frames(&g, 2);
    LT_CHECK(!press(&g, SDLK_q));
    rig_close(&g);
    if (!rig_open(&g))
        return;
    frames(&g, 2);
    LT_CHECK(press(&g, SDLK_ESCAPE));
    LT_CHECK(st(&g).quit_armed);
    LT_CHECK(!press(&g, SDLK_ESCAPE));
    rig_close(&g);
}

static void the_clicker_moves_with_page_keys_and_plays_with_f5(void)
{
    Rig g;
    if (!rig_open(&g))
        return;
    frames(&g, 2);
    press(&g, SDLK_PAGEDOWN);
    press(&g, SDLK_PAGEDOWN);
    press(&g, SDLK_PAGEDOWN);
    LT_CHECK(st(&g).selected == 3);
    press(&g, SDLK_PAGEUP);
    LbAppState s = st(&g);
    LT_CHECK(s.selected == 2);
    LT_CHECK(s.selected_kind == LB_CARD_NEW);
    press(&g, SDLK_PAGEDOWN); /* the first exercise */
    s = st(&g);
    LT_CHECK(s.selected_kind == LB_CARD_EXERCISE);
    char id[128];
    snprintf(id, sizeof id, "%s", s.selected_id);
    LT_CHECK(!s.view.fullscreen);
    press(&g, SDLK_F5);
    s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_PLAY && s.view.tl && !s.view.tl->is_routine && strcmp(s.view.tl->id, id) == 0);
    LT_CHECK(s.view.fullscreen); /* the slideshow button starts the show full screen */
    /* its second press (Esc) comes home; the first again plays on, still full screen */
    press(&g, SDLK_ESCAPE);
    LT_CHECK(st(&g).screen == LB_SCREEN_HOME && st(&g).can_continue);
    press(&g, SDLK_F5);
    s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_PLAY && s.view.fullscreen && strcmp(s.view.tl->id, id) == 0);
    rig_close(&g);
}

static void the_controller_moves_with_the_dpad_and_plays_with_a(void)
{
    Rig g;
    if (!rig_open(&g))
        return;
    frames(&g, 2);
    pad(&g, SDL_CONTROLLER_BUTTON_DPAD_DOWN); /* a row down: three columns at 1280x720 */
    LbHomeLayout L;
    lb_home_layout(1280, 720, &L);
    LT_CHECK_MSG(st(&g).selected == L.cols, "selected %d, %d columns", st(&g).selected, L.cols);
    pad(&g, SDL_CONTROLLER_BUTTON_DPAD_RIGHT);
    LT_CHECK(st(&g).selected == L.cols + 1);
    pad(&g, SDL_CONTROLLER_BUTTON_DPAD_UP);
    LT_CHECK(st(&g).selected == 1);
    pad(&g, SDL_CONTROLLER_BUTTON_DPAD_LEFT);
    LT_CHECK(st(&g).selected == 0);
    pad(&g, SDL_CONTROLLER_BUTTON_A);
    LbAppState s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_PLAY && s.view.tl && s.view.tl->is_routine);
    rig_close(&g);
}

static void the_mouse_selects_by_pointing_plays_by_clicking_and_scrolls(void)
{
    Rig g;
    if (!rig_open(&g))
        return;
    frames(&g, 2);
    int w, h;
    lb_app_audience_renderer(g.app, &w, &h);
    LbHomeLayout L;
    lb_home_layout(w, h, &L);
    SDL_Rect c2 = lb_home_card_rect(&L, 2, 0);
    int x = c2.x + c2.w / 2, y = c2.y + c2.h / 2;
    mouse(&g, SDL_MOUSEMOTION, x, y, 0);
    LT_CHECK(st(&g).selected == 2);
    /* a notch down, eased: after a moment the same point shows a card further on */
    mouse(&g, SDL_MOUSEWHEEL, 0, 0, -1);
    mouse(&g, SDL_MOUSEWHEEL, 0, 0, -1);
    frames(&g, 30);
    mouse(&g, SDL_MOUSEMOTION, x, y + 1, 0);
    int below = st(&g).selected;
    LT_CHECK_MSG(below == 2 + L.cols, "after scrolling a row the point is over card %d", below);
    /* the heading is not a card */
    mouse(&g, SDL_MOUSEMOTION, L.header.x + 5, L.header.y + 5, 0);
    LT_CHECK(st(&g).selected == below);
    mouse(&g, SDL_MOUSEBUTTONDOWN, x, y + 1, 0);
    LbAppState s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_PLAY && s.view.tl && !s.view.tl->is_routine);
    rig_close(&g);
}

static void the_level_is_chosen_with_l_and_remembered(void)
{
    char path[400];
    snprintf(path, sizeof path, "%s/settings.json", tmpdir);
    unlink(path);
    LbSettings s0;
    lb_settings_defaults(&s0);
    Rig g;
    if (!rig_open_ex(&g, false, &s0, path))
        return;
    frames(&g, 2);
    for (int i = 0; i < 200 && !st(&g).cards_ready; i++)
        frames(&g, 1);
    LT_CHECK(st(&g).level == LM_LEVEL_BEGINNER);
    press(&g, SDLK_l);
    LbAppState s = st(&g);
    LT_CHECK(s.level == LM_LEVEL_ACTIVE);
    LT_STR_CONTAINS(s.view.toast, "active");
    /* what plays now plays at that level */
    press(&g, SDLK_RETURN);
    s = st(&g);
    LT_CHECK(s.view.tl && s.view.tl->level == LM_LEVEL_ACTIVE);
    rig_close(&g);
    LbSettings back;
    char msg[600];
    LT_CHECK(lb_settings_load(path, &back, msg, sizeof msg));
    LT_CHECK_MSG(back.level == LM_LEVEL_ACTIVE, "remembered level %d", back.level);
    if (!rig_open_ex(&g, false, &back, path))
        return;
    frames(&g, 2);
    LT_CHECK(st(&g).level == LM_LEVEL_ACTIVE);
    rig_close(&g);
    unlink(path);
}

static void at_the_end_space_plays_again_and_enter_goes_home(void)
{
    Rig g;
    if (!rig_open(&g))
        return;
    frames(&g, 2);
    press(&g, SDLK_PAGEDOWN);
    press(&g, SDLK_PAGEDOWN);
    press(&g, SDLK_PAGEDOWN); /* an exercise */
    press(&g, SDLK_RETURN);
    LbAppState s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_PLAY && s.view.tl);
    if (!s.view.tl) {
        rig_close(&g);
        return;
    }
    g.now += (uint64_t)((s.view.tl->duration_s + 2) * 1e9);
    frames(&g, 2);
    s = st(&g);
    LT_CHECK_MSG(s.view.t_s >= s.view.tl->duration_s - 1e-6, "at %.2f of %.2f", s.view.t_s, s.view.tl->duration_s);
    LT_STR_CONTAINS(s.view.toast, "Enter, Esc: home");
    press(&g, SDLK_SPACE);
    s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_PLAY && s.view.t_s < 1.0);
    g.now += (uint64_t)((s.view.tl->duration_s + 2) * 1e9);
    frames(&g, 2);
    press(&g, SDLK_RETURN);
    s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_HOME);
    LT_CHECK(!s.can_continue); /* a finished session is not offered again */
    /* back on the card just played */
    LT_CHECK(s.selected_kind == LB_CARD_EXERCISE);
    rig_close(&g);
}

static void esc_closes_help_first_while_playing(void)
{
    Rig g;
    if (!rig_open(&g))
        return;
    frames(&g, 2);
    press(&g, SDLK_RETURN);
    press(&g, SDLK_h);
    LT_CHECK(st(&g).view.help);
    press(&g, SDLK_ESCAPE);
    LbAppState s = st(&g);
    LT_CHECK(!s.view.help && s.screen == LB_SCREEN_PLAY);
    press(&g, SDLK_ESCAPE);
    LT_CHECK(st(&g).screen == LB_SCREEN_HOME);
    rig_close(&g);
}

/* What the audience window shows, as a hash of its pixels (0: unreadable). */
static uint64_t audience_hash(Rig *g)
{
    int w, h;
    SDL_Renderer *r = lb_app_audience_renderer(g->app, &w, &h);
    Uint32 *px = malloc((size_t)w * (size_t)h * 4);
    uint64_t hash = 0;
    if (px && SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_ARGB8888, px, w * 4) == 0) {
        hash = 1469598103934665603ull;
        for (long i = 0; i < (long)w * h; i++)
            hash = (hash ^ px[i]) * 1099511628211ull;
    }
    free(px);
    return hash;
}

static void the_presenter_console_chooses_while_the_tv_waits(void)
{
    Rig g;
    if (!rig_open_ex(&g, true, NULL, NULL))
        return;
    LT_CHECK(frames(&g, 3));
    int w, h;
    LT_CHECK(lb_app_console_renderer(g.app, &w, &h) != NULL);
    LbAppState s = st(&g);
    LT_CHECK(s.presenter && s.screen == LB_SCREEN_HOME);
    /* the TV's title card follows the console's selection */
    uint64_t first = audience_hash(&g);
    press(&g, SDLK_RIGHT);
    uint64_t second = audience_hash(&g);
    LT_CHECK(first && second && first != second);
    press(&g, SDLK_LEFT);
    LT_CHECK(audience_hash(&g) == first);
    press(&g, SDLK_RIGHT);
    press(&g, SDLK_RETURN);
    s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_PLAY && s.view.tl && s.view.tl->is_routine);
    LT_CHECK(frames(&g, 3));
    rig_close(&g);
}

/* From the first card, walk right until the selected card is of kind (and
 * id, when given); false when there is none. */
static bool select_kind(Rig *g, int kind, const char *id)
{
    for (int i = 0; i < 40 && st(g).selected > 0; i++)
        press(g, SDLK_LEFT);
    for (int i = 0; i < 40; i++) {
        LbAppState s = st(g);
        if (s.selected_kind == kind && (!id || strcmp(s.selected_id, id) == 0))
            return true;
        press(g, SDLK_RIGHT);
    }
    return false;
}

static bool write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    fputs(text, f);
    return fclose(f) == 0;
}

/* The user's folder: a routine of their own and a damaged file. */
static bool user_files(void)
{
    char dir[350];
    snprintf(user_dir, sizeof user_dir, "%s/user", tmpdir);
    snprintf(dir, sizeof dir, "%s/routines", user_dir);
    mkdir(user_dir, 0777);
    mkdir(dir, 0777);
    snprintf(mine, sizeof mine, "%s/my-morning.json", dir);
    snprintf(broken, sizeof broken, "%s/half-written.json", dir);
    if (!write_file(mine, "{\"id\": \"my-morning\", \"title\": \"My morning\", \"rest_s\": 5, \"safety\": false,\n"
                          " \"items\": [{\"exercise\": \"cat-cow\"}, {\"exercise\": \"childs-pose\"}]}\n") ||
        !write_file(broken, "{\"id\": \"half-written\", \"title\": \"Half\", \"items\": [{\"exer"))
        return false;
    LmErrors err = {0};
    lm_lib_load_user(&lib, user_dir, &err);
    lm_err_clear(&err);
    return lib.n_broken == 1 && lm_lib_find_routine(&lib, "my-morning") >= 0;
}

static void a_damaged_file_shows_its_problem_and_cannot_be_started(void)
{
    Rig g;
    if (!rig_open(&g))
        return;
    frames(&g, 2);
    LT_CHECK(select_kind(&g, LB_CARD_BROKEN, "half-written"));
    press(&g, SDLK_RETURN);
    LbAppState s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_HOME && s.view.tl == NULL);
    LT_STR_CONTAINS(s.view.toast, "cannot be played");
    /* nor by a click */
    int w, h;
    lb_app_audience_renderer(g.app, &w, &h);
    LbHomeLayout L;
    lb_home_layout(w, h, &L);
    frames(&g, 30); /* scrolled to it */
    s = st(&g);
    SDL_Rect r = lb_home_card_rect(&L, s.selected, lb_home_scroll_to(&L, s.n_cards, s.selected, 0));
    mouse(&g, SDL_MOUSEBUTTONDOWN, r.x + r.w / 2, r.y + r.h / 2, 0);
    s = st(&g);
    LT_CHECK(s.selected_kind == LB_CARD_BROKEN);
    LT_CHECK(s.screen == LB_SCREEN_HOME && s.view.tl == NULL);
    rig_close(&g);
}

static void a_routine_of_ones_own_plays_and_is_deleted_only_when_confirmed(void)
{
    Rig g;
    if (!rig_open(&g))
        return;
    frames(&g, 2);
    LT_CHECK(select_kind(&g, LB_CARD_ROUTINE, "my-morning"));
    press(&g, SDLK_RETURN);
    LbAppState s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_PLAY && s.view.tl && strcmp(s.view.tl->id, "my-morning") == 0);
    press(&g, SDLK_ESCAPE);
    /* a shipped routine cannot be deleted */
    LT_CHECK(select_kind(&g, LB_CARD_ROUTINE, "back-spasm-relief"));
    press(&g, SDLK_DELETE);
    LT_CHECK(!st(&g).asking);
    LT_STR_CONTAINS(st(&g).view.toast, "Only routines of your own");
    LT_CHECK(select_kind(&g, LB_CARD_ROUTINE, "my-morning"));
    int n = st(&g).n_cards;
    press(&g, SDLK_DELETE);
    LT_CHECK(st(&g).asking);
    press(&g, SDLK_RIGHT); /* nothing else while the question is up */
    LT_CHECK(st(&g).asking && strcmp(st(&g).selected_id, "my-morning") == 0);
    press(&g, SDLK_ESCAPE); /* keeps it */
    LT_CHECK(!st(&g).asking && access(mine, F_OK) == 0 && st(&g).n_cards == n);
    press(&g, SDLK_DELETE);
    press(&g, SDLK_RETURN);
    s = st(&g);
    LT_CHECK(!s.asking && access(mine, F_OK) != 0);
    LT_CHECK_MSG(s.n_cards == n - 2, "%d cards, %d before", s.n_cards, n); /* the routine and its continue card */
    LT_STR_CONTAINS(s.view.toast, "Deleted");
    LT_CHECK(lm_lib_find_routine(&lib, "my-morning") < 0);
    rig_close(&g);
}

static void the_new_routine_card_opens_the_builder_and_a_save_comes_home_selected(void)
{
    Rig g;
    if (!rig_open(&g))
        return;
    frames(&g, 2);
    LT_CHECK(select_kind(&g, LB_CARD_NEW, NULL));
    press(&g, SDLK_RETURN);
    LT_CHECK(st(&g).screen == LB_SCREEN_BUILD);
    LT_CHECK(saw_screen("screen build"));
    LT_CHECK(frames(&g, 3));           /* it draws */
    press(&g, SDLK_RETURN);            /* the first exercise, added */
    press_mod(&g, SDLK_s, KMOD_LCTRL); /* saved */
    LbAppState s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_HOME);
    LT_CHECK(s.selected_kind == LB_CARD_ROUTINE);
    char id[128], path[600];
    snprintf(id, sizeof id, "%s", s.selected_id);
    snprintf(path, sizeof path, "%s/routines/%s.json", user_dir, id);
    LT_CHECK_MSG(access(path, F_OK) == 0, "%s was not written", path);
    LT_STR_CONTAINS(s.view.toast, "Saved");
    LT_CHECK(n_screens >= 3 && strcmp(screens[n_screens - 1], "screen home") == 0);
    /* it plays from its card */
    press(&g, SDLK_RETURN);
    s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_PLAY && s.view.tl && strcmp(s.view.tl->id, id) == 0);
    press(&g, SDLK_ESCAPE);
    /* E edits it; Esc with no change comes straight back, the session still waiting */
    LT_CHECK(select_kind(&g, LB_CARD_ROUTINE, id));
    press(&g, SDLK_e);
    LT_CHECK(st(&g).screen == LB_SCREEN_BUILD);
    press(&g, SDLK_ESCAPE);
    s = st(&g);
    LT_CHECK(s.screen == LB_SCREEN_HOME && s.can_continue);
    /* a shipped routine is not edited */
    LT_CHECK(select_kind(&g, LB_CARD_ROUTINE, "back-spasm-relief"));
    press(&g, SDLK_e);
    LT_CHECK(st(&g).screen == LB_SCREEN_HOME);
    /* and the new one goes as it came */
    LT_CHECK(select_kind(&g, LB_CARD_ROUTINE, id));
    press(&g, SDLK_DELETE);
    press(&g, SDLK_RETURN);
    LT_CHECK(access(path, F_OK) != 0);
    rig_close(&g);
}

static void without_a_user_folder_the_builder_says_why_it_cannot_open(void)
{
    char keep[300];
    snprintf(keep, sizeof keep, "%s", user_dir);
    user_dir[0] = 0;
    Rig g;
    if (rig_open(&g)) {
        frames(&g, 2);
        LT_CHECK(select_kind(&g, LB_CARD_NEW, NULL));
        press(&g, SDLK_RETURN);
        LT_CHECK(st(&g).screen == LB_SCREEN_HOME);
        LT_STR_CONTAINS(st(&g).view.toast, "no folder");
        rig_close(&g);
    }
    snprintf(user_dir, sizeof user_dir, "%s", keep);
}

int main(void)
{
    if (!getenv("SDL_VIDEODRIVER"))
        setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (!getenv("SDL_AUDIODRIVER"))
        setenv("SDL_AUDIODRIVER", "dummy", 1);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/limber-home-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        fprintf(stderr, "no temporary folder\n");
        return 1;
    }
    if (!lt_load_shipped_library(&lib))
        return 1;
    LT_RUN(it_opens_on_the_home_screen_and_says_so);
    LT_RUN(arrows_choose_and_enter_plays_then_esc_comes_home_to_continue);
    LT_RUN(q_quits_from_home_and_esc_twice_too);
    LT_RUN(the_clicker_moves_with_page_keys_and_plays_with_f5);
    LT_RUN(the_controller_moves_with_the_dpad_and_plays_with_a);
    LT_RUN(the_mouse_selects_by_pointing_plays_by_clicking_and_scrolls);
    LT_RUN(the_level_is_chosen_with_l_and_remembered);
    LT_RUN(at_the_end_space_plays_again_and_enter_goes_home);
    LT_RUN(esc_closes_help_first_while_playing);
    LT_RUN(the_presenter_console_chooses_while_the_tv_waits);
    if (!user_files()) {
        fprintf(stderr, "FAIL the user's files do not load as expected\n");
        return 1;
    }
    LT_RUN(a_damaged_file_shows_its_problem_and_cannot_be_started);
    LT_RUN(a_routine_of_ones_own_plays_and_is_deleted_only_when_confirmed);
    LT_RUN(the_new_routine_card_opens_the_builder_and_a_save_comes_home_selected);
    LT_RUN(without_a_user_folder_the_builder_says_why_it_cannot_open);
    lm_lib_free(&lib);
    unlink(broken);
    unlink(mine);
    char dir[350];
    snprintf(dir, sizeof dir, "%s/routines", user_dir);
    rmdir(dir);
    rmdir(user_dir);
    rmdir(tmpdir);
    SDL_Quit();
    return lt_summary();
}
