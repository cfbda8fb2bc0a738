/* Leading a class: scripted input through the same path the program uses. Keys, clicker
 * keys and controller buttons are pushed into SDL's queue, the app steps
 * on a clock the test owns, and the state it ends in is checked. Runs
 * under the offscreen video and dummy audio drivers. */
#include <SDL.h>
#include <SDL_image.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "canvas.h"
#include "lt.h"
#include "presenter.h"
#include "scene.h"
#include "settings.h"
#include "stats.h"

#define FRAME_NS 16666667ull

static LmLibrary lib;
static int routine = -1;
static char tmpdir[256];

typedef struct {
    LbApp *app;
    LmTimeline *tl;
    LbOptions o;
    uint64_t now;
} Rig;

static bool rig_open_ex(Rig *g, bool presenter, const LbSettings *s, const char *path, LmLevel level)
{
    memset(g, 0, sizeof *g);
    g->o.display = -1;
    g->o.volume = -1;
    g->o.presenter = presenter;
    g->o.level = level;
    g->o.no_settings = s == NULL;
    if (s)
        lb_settings_apply(s, &g->o);
    LmErrors err = {0};
    LmCompileOpts co = {.level = g->o.level};
    g->tl = lm_timeline_compile_routine(&lib, routine, &co, &err);
    lm_err_clear(&err);
    if (!g->tl)
        return false;
    LbAppDesc d = {0};
    d.options = &g->o;
    d.lib = &lib;
    d.tl = g->tl;
    d.settings = s;
    d.settings_path = path;
    d.volume = s ? s->volume : -1;
    d.display_remembered = s && s->display >= 0;
    d.no_pacing = true;
    char msg[512];
    g->now = 1000000000ull;
    g->app = lb_app_create(&d, g->now, msg, sizeof msg);
    if (!g->app)
        fprintf(stderr, "  cannot create the app: %s\n", msg);
    return g->app != NULL;
}

static bool rig_open(Rig *g, bool presenter) { return rig_open_ex(g, presenter, NULL, NULL, LM_LEVEL_BEGINNER); }

static void rig_close(Rig *g)
{
    lb_app_destroy(g->app);
    lm_timeline_free(g->tl);
    g->app = NULL;
    g->tl = NULL;
}

/* Run n frames of the test's clock; false when the app quit. */
static bool frames(Rig *g, int n)
{
    for (int i = 0; i < n; i++) {
        g->now += FRAME_NS;
        if (!lb_app_step(g->app, g->now))
            return false;
    }
    return true;
}

static void push_key(SDL_Keycode k, Uint16 mod, int repeat)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.repeat = (Uint8)repeat;
    e.key.keysym.sym = k;
    e.key.keysym.mod = mod;
    SDL_PushEvent(&e);
    e.type = SDL_KEYUP;
    e.key.state = SDL_RELEASED;
    if (!repeat)
        SDL_PushEvent(&e);
}

/* Press a key and run one frame. */
static bool press(Rig *g, SDL_Keycode k)
{
    push_key(k, 0, 0);
    return frames(g, 1);
}

static bool pad(Rig *g, Uint8 b)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_CONTROLLERBUTTONDOWN;
    e.cbutton.which = 0;
    e.cbutton.button = b;
    e.cbutton.state = SDL_PRESSED;
    SDL_PushEvent(&e);
    return frames(g, 1);
}

static LbAppState st(const Rig *g)
{
    LbAppState s;
    lb_app_state(g->app, g->now, &s);
    return s;
}

/* Into the first exercise, past the safety card and lead-in. */
static void go_to_first_move(Rig *g) { press(g, SDLK_r); }

/* ---- tests ------------------------------------------------------------------ */

static void space_pauses_and_resumes_the_clock(void)
{
    Rig g;
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    frames(&g, 30);
    LbAppState s = st(&g);
    LT_CHECK(!s.view.paused);
    LT_NEAR(s.view.t_s, 30 * FRAME_NS / 1e9, 1e-6);
    press(&g, SDLK_SPACE);
    s = st(&g);
    LT_CHECK(s.view.paused);
    LT_STR_CONTAINS(s.view.toast, "Paused");
    double held = s.view.t_s;
    frames(&g, 60);
    LT_NEAR(st(&g).view.t_s, held, 1e-9);
    press(&g, SDLK_SPACE);
    frames(&g, 60);
    s = st(&g);
    LT_CHECK(!s.view.paused);
    LT_NEAR(s.view.t_s, held + 60 * FRAME_NS / 1e9, 1e-6);
    rig_close(&g);
}

static void steps_forward_and_back_with_arrows_and_clicker_keys(void)
{
    Rig g;
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    go_to_first_move(&g);
    LbAppState s = st(&g);
    const LmTimeline *tl = s.view.tl;
    int seg = s.seg;
    LT_NEAR(s.view.t_s, tl->items[0].start_s, 1e-9 + 2 * FRAME_NS / 1e9);
    press(&g, SDLK_RIGHT);
    s = st(&g);
    LT_CHECK_MSG(s.seg == seg + 1, "seg %d after Right from %d", s.seg, seg);
    LT_NEAR(s.view.t_s, tl->segs[seg + 1].t0_s, 2 * FRAME_NS / 1e9);
    LT_STR_CONTAINS(s.view.toast, "Step ");
    /* numbered as the presenter console numbers the step: the audience
     * and the instructor read the same "Step N of M" */
    int cstep = 0, cof = 0;
    LT_CHECK(lm_timeline_step(tl, s.seg, &cstep, &cof));
    char want[64];
    snprintf(want, sizeof want, "Step %d of %d", cstep, cof);
    LT_CHECK_MSG(strcmp(s.view.toast, want) == 0, "toast \"%s\", console says \"%s\"", s.view.toast, want);
    press(&g, SDLK_PAGEDOWN);
    LT_CHECK(st(&g).seg == seg + 2);
    /* Back within the grace period: the step before. */
    press(&g, SDLK_PAGEUP);
    LT_CHECK(st(&g).seg == seg + 1);
    press(&g, SDLK_LEFT);
    LT_CHECK(st(&g).seg == seg);
    /* The step landed on is announced: its cue sounds (a chime stands in
     * for a missing clip). */
    frames(&g, 2);
    LT_CHECK(st(&g).speaking);
    rig_close(&g);
}

static void exercises_forward_and_back_with_up_down_n_and_p(void)
{
    Rig g;
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    const LmTimeline *tl = st(&g).view.tl;
    LT_CHECK(st(&g).item == 0);
    press(&g, SDLK_UP);
    LbAppState s = st(&g);
    LT_CHECK(s.item == 1);
    LT_NEAR(s.view.t_s, tl->items[1].t0_s, 2 * FRAME_NS / 1e9);
    LT_STR_CONTAINS(s.view.toast, "Next: ");
    LT_STR_CONTAINS(s.view.toast, tl->items[1].title);
    press(&g, SDLK_n);
    LT_CHECK(st(&g).item == 2);
    /* At the last exercise "next" stays and says so. */
    press(&g, SDLK_n);
    s = st(&g);
    LT_CHECK(s.item == 2);
    LT_STR_CONTAINS(s.view.toast, "last exercise");
    press(&g, SDLK_DOWN);
    LT_CHECK(st(&g).item == 1);
    press(&g, SDLK_p);
    LT_CHECK(st(&g).item == 0);
    /* Restart goes to the exercise's first move. */
    press(&g, SDLK_UP);
    frames(&g, 200);
    press(&g, SDLK_r);
    s = st(&g);
    LT_CHECK(s.item == 1);
    LT_NEAR(s.view.t_s, tl->items[1].start_s, 2 * FRAME_NS / 1e9);
    rig_close(&g);
}

/* Stepping past the last step ends the routine and says so; play then
 * starts it again from the beginning. */
static void play_at_the_end_starts_again(void)
{
    Rig g;
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    const LmTimeline *tl = st(&g).view.tl;
    for (int i = 0; i < tl->n_segs + 5 && st(&g).view.t_s < tl->duration_s; i++)
        press(&g, SDLK_PAGEDOWN);
    LbAppState s = st(&g);
    LT_NEAR(s.view.t_s, tl->duration_s, 1e-9);
    LT_STR_CONTAINS(s.view.toast, "End of the routine");
    press(&g, SDLK_PAGEDOWN);
    LT_STR_CONTAINS(st(&g).view.toast, "end of the routine");
    /* Once that note has gone, the end says what the keys do there. */
    frames(&g, 200);
    s = st(&g);
    LT_STR_CONTAINS(s.view.toast, "Space plays it again");
    LT_CHECK(s.view.toast_alpha == 1.0f);
    press(&g, SDLK_SPACE);
    s = st(&g);
    LT_CHECK(!s.view.paused && s.item == 0);
    LT_CHECK(s.view.t_s < 0.1);
    rig_close(&g);
}

static void blank_pauses_and_comes_back_as_it_was(void)
{
    Rig g;
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    frames(&g, 5);
    press(&g, SDLK_b);
    LbAppState s = st(&g);
    LT_CHECK(s.view.blank && s.view.paused);
    double held = s.view.t_s;
    frames(&g, 30);
    LT_NEAR(st(&g).view.t_s, held, 1e-9);
    press(&g, SDLK_PERIOD);
    s = st(&g);
    LT_CHECK(!s.view.blank && !s.view.paused);
    /* Paused before blanking: still paused after. */
    press(&g, SDLK_SPACE);
    press(&g, SDLK_b);
    press(&g, SDLK_b);
    s = st(&g);
    LT_CHECK(!s.view.blank && s.view.paused);
    /* A clicker's "next" on a black screen brings the picture back and steps. */
    press(&g, SDLK_SPACE);
    press(&g, SDLK_b);
    int seg = st(&g).seg;
    press(&g, SDLK_PAGEDOWN);
    s = st(&g);
    LT_CHECK(!s.view.blank && !s.view.paused && s.seg == seg + 1);
    rig_close(&g);
}

static void speed_moves_through_the_steps_and_stops_at_the_ends(void)
{
    Rig g;
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    static const SDL_Keycode up[] = {SDLK_PLUS, SDLK_EQUALS, SDLK_KP_PLUS, SDLK_PLUS, SDLK_PLUS};
    static const double want_up[] = {1.25, 1.5, 2.0, 2.0, 2.0};
    for (int i = 0; i < 5; i++) {
        press(&g, up[i]);
        LT_NEAR(st(&g).view.speed, want_up[i], 1e-9);
    }
    LT_STR_CONTAINS(st(&g).view.toast, "Speed 2x");
    static const double want_down[] = {1.5, 1.25, 1.0, 0.75, 0.5, 0.5};
    for (int i = 0; i < 6; i++) {
        press(&g, i % 2 ? SDLK_KP_MINUS : SDLK_MINUS);
        LT_NEAR(st(&g).view.speed, want_down[i], 1e-9);
    }
    LT_STR_CONTAINS(st(&g).view.toast, "0.5x");
    /* The clock follows: 60 frames at half speed is half a second. */
    double t0 = st(&g).view.t_s;
    frames(&g, 60);
    LT_NEAR(st(&g).view.t_s - t0, 0.5, 1e-6);
    rig_close(&g);
}

static void a_held_key_never_toggles_twice(void)
{
    Rig g;
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    push_key(SDLK_x, 0, 0);
    for (int i = 0; i < 10; i++)
        push_key(SDLK_x, 0, 1);
    frames(&g, 1);
    LT_CHECK(st(&g).view.mirror);
    push_key(SDLK_RIGHT, 0, 0);
    int seg = st(&g).seg;
    for (int i = 0; i < 10; i++)
        push_key(SDLK_RIGHT, 0, 1);
    frames(&g, 1);
    LT_CHECK(st(&g).seg == seg + 1);
    push_key(SDLK_SPACE, 0, 0);
    push_key(SDLK_SPACE, 0, 1);
    push_key(SDLK_SPACE, 0, 1);
    frames(&g, 1);
    LT_CHECK(st(&g).view.paused);
    /* Volume does repeat while held: 100 -> 50 in five steps. */
    push_key(SDLK_LEFTBRACKET, 0, 0);
    for (int i = 0; i < 4; i++)
        push_key(SDLK_LEFTBRACKET, 0, 1);
    frames(&g, 1);
    LT_CHECK(st(&g).view.volume == 50);
    rig_close(&g);
}

static void settings_keys_toggle_and_say_so(void)
{
    Rig g;
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    press(&g, SDLK_x);
    LT_CHECK(st(&g).view.mirror);
    LT_STR_CONTAINS(st(&g).view.toast, "Mirror on");
    press(&g, SDLK_x);
    LT_CHECK(!st(&g).view.mirror);
    press(&g, SDLK_m);
    LT_CHECK(st(&g).view.muted);
    LT_STR_CONTAINS(st(&g).view.toast, "Muted");
    /* Turning the volume up brings the sound back. */
    press(&g, SDLK_LEFTBRACKET);
    press(&g, SDLK_RIGHTBRACKET);
    LbAppState s = st(&g);
    LT_CHECK(!s.view.muted && s.view.volume == 100);
    LT_STR_CONTAINS(s.view.toast, "Volume 100%");
    /* The help card pauses what is behind it; closing it plays on, and
     * the session did not move while it was open. */
    LT_CHECK(!st(&g).view.paused);
    press(&g, SDLK_h);
    LT_CHECK(st(&g).view.help && st(&g).view.paused);
    double held = st(&g).view.t_s;
    frames(&g, 30);
    LT_NEAR(st(&g).view.t_s, held, 1e-9);
    press(&g, SDLK_h);
    LT_CHECK(!st(&g).view.help && !st(&g).view.paused);
    frames(&g, 30);
    LT_CHECK(st(&g).view.t_s > held + 0.3);
    /* Paused before it opens: still paused after; played while open
     * (Space): still playing after (Esc closes it too). */
    press(&g, SDLK_SPACE);
    press(&g, SDLK_h);
    press(&g, SDLK_h);
    LT_CHECK(st(&g).view.paused);
    press(&g, SDLK_h);
    press(&g, SDLK_SPACE);
    LT_CHECK(st(&g).view.help && !st(&g).view.paused);
    press(&g, SDLK_ESCAPE);
    LT_CHECK(!st(&g).view.help && !st(&g).view.paused);
    /* The toast fades: gone two seconds later. */
    press(&g, SDLK_x);
    LT_CHECK(st(&g).view.toast_alpha == 1.0f);
    frames(&g, 120);
    s = st(&g);
    LT_CHECK(s.view.toast_alpha == 0.0f && s.view.toast[0] == '\0');
    rig_close(&g);
}

static void level_switch_keeps_the_exercise_and_step(void)
{
    Rig g;
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    press(&g, SDLK_UP);
    press(&g, SDLK_RIGHT);
    press(&g, SDLK_RIGHT);
    press(&g, SDLK_RIGHT);
    frames(&g, 20);
    LbAppState a = st(&g);
    press(&g, SDLK_l);
    LbAppState b = st(&g);
    LT_CHECK(b.level == LM_LEVEL_ACTIVE);
    LT_CHECK(b.view.tl != a.view.tl);
    LT_CHECK(b.view.tl->level == LM_LEVEL_ACTIVE);
    LT_CHECK_MSG(b.item == a.item, "item %d -> %d", a.item, b.item);
    LT_CHECK_MSG(b.step == a.step, "step %d -> %d", a.step, b.step);
    LT_STR_CONTAINS(b.view.toast, "Level: active");
    press(&g, SDLK_l);
    LbAppState c = st(&g);
    LT_CHECK(c.level == LM_LEVEL_BEGINNER && c.item == a.item && c.step == a.step);
    /* Same place, same time into the step: the position is where it was. */
    LT_NEAR(c.view.t_s, a.view.t_s, 3 * FRAME_NS / 1e9);
    /* Paused stays paused across the switch. */
    press(&g, SDLK_SPACE);
    press(&g, SDLK_l);
    LT_CHECK(st(&g).view.paused);
    rig_close(&g);
}

static void escape_leaves_fullscreen_first_then_twice_quits(void)
{
    Rig g;
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    press(&g, SDLK_f);
    LT_CHECK(st(&g).view.fullscreen);
    press(&g, SDLK_F5); /* enter only: stays fullscreen */
    LT_CHECK(st(&g).view.fullscreen);
    /* Esc closes the help card first, and that does not arm quitting. */
    press(&g, SDLK_h);
    LT_CHECK(press(&g, SDLK_ESCAPE));
    LT_CHECK(!st(&g).view.help && st(&g).view.fullscreen && !st(&g).quit_armed);
    /* Leaving fullscreen does not arm quitting: a quick second Esc (to be
     * sure of leaving it) only asks; a third quits. */
    LT_CHECK(press(&g, SDLK_ESCAPE));
    LT_CHECK(!st(&g).view.fullscreen && !st(&g).quit_armed);
    LT_STR_CONTAINS(st(&g).view.toast, "Window");
    LT_CHECK(press(&g, SDLK_ESCAPE));
    LT_CHECK(!st(&g).quit && st(&g).quit_armed);
    LT_STR_CONTAINS(st(&g).view.toast, "Esc again to quit");
    LT_CHECK(!press(&g, SDLK_ESCAPE));
    LT_CHECK(st(&g).quit);
    rig_close(&g);

    /* In a window: one Esc asks, any other key disarms, two quit. */
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    LT_CHECK(press(&g, SDLK_ESCAPE));
    LT_STR_CONTAINS(st(&g).view.toast, "Esc again to quit");
    LT_CHECK(press(&g, SDLK_x));
    LT_CHECK(press(&g, SDLK_ESCAPE));
    frames(&g, 200); /* too late: the first press expired */
    LT_CHECK(press(&g, SDLK_ESCAPE));
    LT_CHECK(!st(&g).quit);
    LT_CHECK(!press(&g, SDLK_ESCAPE));
    rig_close(&g);

    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    LT_CHECK(!press(&g, SDLK_q));
    rig_close(&g);
}

static void controller_buttons_drive_the_same_commands(void)
{
    Rig g;
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    go_to_first_move(&g);
    int seg = st(&g).seg;
    pad(&g, SDL_CONTROLLER_BUTTON_A);
    LT_CHECK(st(&g).view.paused);
    pad(&g, SDL_CONTROLLER_BUTTON_DPAD_RIGHT);
    LT_CHECK(st(&g).seg == seg + 1);
    pad(&g, SDL_CONTROLLER_BUTTON_DPAD_LEFT);
    LT_CHECK(st(&g).seg == seg);
    pad(&g, SDL_CONTROLLER_BUTTON_DPAD_UP);
    LT_CHECK(st(&g).item == 1);
    pad(&g, SDL_CONTROLLER_BUTTON_DPAD_DOWN);
    LT_CHECK(st(&g).item == 0);
    pad(&g, SDL_CONTROLLER_BUTTON_RIGHTSHOULDER);
    LT_NEAR(st(&g).view.speed, 1.25, 1e-9);
    pad(&g, SDL_CONTROLLER_BUTTON_LEFTSHOULDER);
    pad(&g, SDL_CONTROLLER_BUTTON_LEFTSHOULDER);
    LT_NEAR(st(&g).view.speed, 0.75, 1e-9);
    pad(&g, SDL_CONTROLLER_BUTTON_START);
    LT_CHECK(st(&g).view.help);
    pad(&g, SDL_CONTROLLER_BUTTON_START);
    pad(&g, SDL_CONTROLLER_BUTTON_B);
    LT_CHECK(st(&g).view.blank);
    rig_close(&g);
}

/* A controller that vanishes, or one that cannot be opened, changes
 * nothing and crashes nothing. */
static void controllers_coming_and_going_do_no_harm(void)
{
    Rig g;
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_CONTROLLERDEVICEADDED;
    e.cdevice.which = 7; /* no such device */
    SDL_PushEvent(&e);
    e.type = SDL_CONTROLLERDEVICEREMOVED;
    e.cdevice.which = 12345; /* no such controller */
    SDL_PushEvent(&e);
    LT_CHECK(frames(&g, 3));
    LbAppState s = st(&g);
    LT_CHECK(s.n_controllers == 0 && !s.view.paused && !s.quit);
    rig_close(&g);
}

/* A controller plugged in while running (SDL's virtual joystick, seen by
 * the app as a real one): it is opened, its A button pauses, and pulling
 * it out closes it while the session goes on. */
static void a_controller_plugged_in_and_out_while_running(void)
{
    Rig g;
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    frames(&g, 2);
    int idx = SDL_JoystickAttachVirtual(SDL_JOYSTICK_TYPE_GAMECONTROLLER, SDL_CONTROLLER_AXIS_MAX,
                                        SDL_CONTROLLER_BUTTON_MAX, 0);
    LT_CHECK_MSG(idx >= 0, "no virtual controller: %s", SDL_GetError());
    if (idx < 0) {
        rig_close(&g);
        return;
    }
    frames(&g, 2);
    LbAppState s = st(&g);
    LT_CHECK(s.n_controllers == 1);
    LT_STR_CONTAINS(s.view.toast, "Controller connected");
    SDL_Joystick *j = SDL_JoystickFromInstanceID(SDL_JoystickGetDeviceInstanceID(idx));
    LT_CHECK(j != NULL);
    if (j) {
        SDL_JoystickSetVirtualButton(j, SDL_CONTROLLER_BUTTON_A, SDL_PRESSED);
        frames(&g, 2);
        SDL_JoystickSetVirtualButton(j, SDL_CONTROLLER_BUTTON_A, SDL_RELEASED);
        frames(&g, 2);
        LT_CHECK(st(&g).view.paused);
    }
    LT_CHECK(SDL_JoystickDetachVirtual(idx) == 0);
    LT_CHECK(frames(&g, 3));
    s = st(&g);
    LT_CHECK(s.n_controllers == 0 && !s.quit);
    LT_STR_CONTAINS(s.view.toast, "Controller disconnected");
    rig_close(&g);
}

/* The display remembered from the last run is not connected now: the
 * window opens on one that is, with a note, never an error. */
static void a_remembered_display_that_is_gone_falls_back(void)
{
    LbSettings s;
    lb_settings_defaults(&s);
    s.display = 5;
    Rig g;
    LT_CHECK(rig_open_ex(&g, false, &s, NULL, LM_LEVEL_BEGINNER));
    if (g.app) {
        LT_CHECK(st(&g).view.audience_display == 0);
        LT_CHECK(frames(&g, 2));
    }
    rig_close(&g);
}

static bool write_png(SDL_Renderer *r, int w, int h, const char *name)
{
    const char *dir = getenv("LIMBER_SCREENSHOTS");
    if (!dir || !*dir)
        return true;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Rect all = {0, 0, w, h};
    bool ok = s && SDL_RenderReadPixels(r, &all, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) == 0;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ok = ok && IMG_SavePNG(s, path) == 0;
    SDL_FreeSurface(s);
    return ok;
}

/* Count pixels that differ from the console background in a rectangle. */
static int ink(SDL_Renderer *r, SDL_Rect b)
{
    Uint32 *px = malloc((size_t)b.w * b.h * 4);
    if (!px || SDL_RenderReadPixels(r, &b, SDL_PIXELFORMAT_ARGB8888, px, b.w * 4) != 0) {
        free(px);
        return -1;
    }
    int n = 0;
    for (int i = 0; i < b.w * b.h; i++) {
        Uint8 cr = (Uint8)(px[i] >> 16), cg = (Uint8)(px[i] >> 8), cb = (Uint8)px[i];
        n += cr > 150 && cg > 150 && cb > 150; /* white-ish text */
    }
    free(px);
    return n;
}

/* Pixels that differ between what the audience window shows and the same
 * moment drawn whole into memory (-1 when they cannot be read). */
static int window_vs_whole(Rig *g)
{
    int w, h;
    SDL_Renderer *r = lb_app_audience_renderer(g->app, &w, &h);
    LbAppState s = st(g);
    LbCanvas cv;
    if (!r || !lb_canvas_init(&cv, w, h))
        return -1;
    Uint32 *px = malloc((size_t)w * h * 4);
    SDL_Rect all = {0, 0, w, h};
    int differ = -1;
    char msg[256];
    LbScene *sc = lb_scene_create(s.view.tl, lib.data_dir, msg, sizeof msg);
    if (px && sc && SDL_RenderReadPixels(r, &all, SDL_PIXELFORMAT_ARGB8888, px, w * 4) == 0) {
        lb_scene_set_surface(sc, cv.surf);
        LbSessionView v = {0};
        v.mirror = s.view.mirror;
        v.muted = s.view.muted;
        v.level = lm_level_name(s.level);
        if (lb_scene_draw(sc, cv.ren, s.view.t_s, w, h, &v)) {
            lb_canvas_flush(&cv);
            differ = 0;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    differ += (px[y * w + x] & 0xffffff) !=
                              (((Uint32 *)((Uint8 *)cv.surf->pixels + y * cv.surf->pitch))[x] & 0xffffff);
        }
    }
    lb_scene_destroy(sc);
    lb_canvas_free(&cv);
    free(px);
    return differ;
}

/* Without a GPU the window keeps its last frame and redraws only what
 * changed: through motions, a mirror, a resize and an expose it must
 * still show exactly the frame drawn whole. */
static void the_window_shows_whole_frames_while_redrawing_only_changes(void)
{
    Rig g;
    if (!rig_open(&g, false)) {
        LT_CHECK(!"app");
        return;
    }
    int w, h;
    SDL_Renderer *r = lb_app_audience_renderer(g.app, &w, &h);
    LT_CHECK(r != NULL);
    SDL_RendererInfo info;
    LT_CHECK(r && SDL_GetRendererInfo(r, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE));
    go_to_first_move(&g);
    frames(&g, 150); /* the toast has gone */
    for (int i = 0; i < 6; i++) {
        LT_CHECK(frames(&g, 7));
        int d = window_vs_whole(&g);
        LT_CHECK_MSG(d == 0, "frame %d of the motion: %d pixels differ", i, d);
    }
    press(&g, SDLK_m); /* mirror: every figure pixel moves */
    frames(&g, 150);
    int d = window_vs_whole(&g);
    LT_CHECK_MSG(d == 0, "mirrored: %d pixels differ", d);
    press(&g, SDLK_m);
    frames(&g, 150);
    /* A new size: a new framebuffer, drawn whole at once. */
    SDL_Window *win = r ? SDL_RenderGetWindow(r) : NULL;
    LT_CHECK(win != NULL);
    if (win) {
        SDL_SetWindowSize(win, 640, 400);
        frames(&g, 3);
        lb_app_audience_renderer(g.app, &w, &h);
        LT_CHECK_MSG(w == 640 && h == 400, "window is %dx%d after the resize", w, h);
        d = window_vs_whole(&g);
        LT_CHECK_MSG(d == 0, "after a resize: %d pixels differ", d);
        /* Something else painted over the window; an expose follows. */
        SDL_Surface *fb = SDL_GetWindowSurface(win);
        if (fb)
            SDL_FillRect(fb, NULL, SDL_MapRGB(fb->format, 255, 0, 255));
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = SDL_WINDOWEVENT;
        e.window.event = SDL_WINDOWEVENT_EXPOSED;
        e.window.windowID = SDL_GetWindowID(win);
        SDL_PushEvent(&e);
        frames(&g, 1);
        d = window_vs_whole(&g);
        LT_CHECK_MSG(d == 0, "after an expose: %d pixels differ", d);
    }
    rig_close(&g);
}

static void presenter_console_takes_keys_and_shows_the_next_exercise(void)
{
    Rig g;
    if (!rig_open(&g, true)) {
        LT_CHECK(!"app");
        return;
    }
    LbAppState s = st(&g);
    LT_CHECK(s.presenter);
    frames(&g, 2);
    int w = 0, h = 0;
    SDL_Renderer *cr = lb_app_console_renderer(g.app, &w, &h);
    LT_CHECK(cr && w > 0 && h > 0);
    /* Both windows take keys: the console's window id or the audience's. */
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = SDLK_SPACE;
    e.key.windowID = 2;
    SDL_PushEvent(&e);
    frames(&g, 1);
    LT_CHECK(st(&g).view.paused);
    e.key.windowID = 1;
    SDL_PushEvent(&e);
    frames(&g, 1);
    LT_CHECK(!st(&g).view.paused);
    press(&g, SDLK_r);
    frames(&g, 30);
    if (cr) {
        /* Text in the "now" panel and in the "next" panel (right third). */
        SDL_Rect left = {w / 40, h / 6, w / 2, h / 2}, right = {w * 2 / 3, h / 6, w / 4, h / 2};
        LT_CHECK(ink(cr, left) > 200);
        LT_CHECK(ink(cr, right) > 200);
        LT_CHECK(write_png(cr, w, h, "console.png"));
    }
    int aw, ah;
    SDL_Renderer *ar = lb_app_audience_renderer(g.app, &aw, &ah);
    press(&g, SDLK_PLUS);
    if (ar)
        LT_CHECK(write_png(ar, aw, ah, "toast.png"));
    press(&g, SDLK_h);
    if (ar)
        LT_CHECK(write_png(ar, aw, ah, "help.png"));
    /* The console window closing ends the session. */
    memset(&e, 0, sizeof e);
    e.type = SDL_WINDOWEVENT;
    e.window.event = SDL_WINDOWEVENT_CLOSE;
    e.window.windowID = 2;
    SDL_PushEvent(&e);
    LT_CHECK(!frames(&g, 1));
    rig_close(&g);
}

/* The console and the help card drawn offscreen at a laptop's size and a
 * small window's: text lands in both panels, nothing fails. */
static void console_and_help_draw_at_any_size(void)
{
    static const int sizes[][2] = {{1280, 800}, {800, 500}, {1920, 1080}};
    char msg[512];
    LbConsole *con = lb_console_create(lib.data_dir, msg, sizeof msg);
    LmErrors err = {0};
    LmCompileOpts co = {0};
    LmTimeline *tl = lm_timeline_compile_routine(&lib, routine, &co, &err);
    lm_err_clear(&err);
    LT_CHECK(con && tl);
    if (!con || !tl) {
        lb_console_destroy(con);
        lm_timeline_free(tl);
        return;
    }
    for (int i = 0; i < 3; i++) {
        int w = sizes[i][0], h = sizes[i][1];
        SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
        LT_CHECK(r != NULL);
        if (!r) {
            SDL_FreeSurface(surf);
            continue;
        }
        LbSessionView ci = {0};
        ci.tl = tl;
        ci.lib = &lib;
        ci.t_s = tl->items[0].start_s + 4.0;
        ci.speed = 1.25;
        ci.level = "beginner";
        ci.volume = 80;
        ci.mirror = true;
        ci.fullscreen = true;
        ci.audience_display = 1;
        ci.n_displays = 2;
        ci.toast = "Speed 1.25x";
        ci.toast_alpha = 1.0f;
        ci.note = i == 1 ? "One display: the audience window is on this screen too." : NULL;
        LT_CHECK(lb_console_draw(con, r, w, h, &ci));
        SDL_Rect left = {w / 40, h / 6, w / 2, h / 2}, right = {w * 2 / 3, h / 6, w / 4, h / 2};
        LT_CHECK_MSG(ink(r, left) > w / 4, "%dx%d: little text in the now panel", w, h);
        LT_CHECK_MSG(ink(r, right) > w / 4, "%dx%d: little text in the next panel", w, h);
        char name[64];
        snprintf(name, sizeof name, "console-%dx%d.png", w, h);
        LT_CHECK(write_png(r, w, h, name));
        if (i == 0) {
            /* The help card over the audience picture. */
            LbScene *sc = lb_scene_create(tl, lib.data_dir, msg, sizeof msg);
            LT_CHECK(sc != NULL);
            const char *const *lines;
            LbSessionView v = {0};
            v.help = true;
            v.n_help_lines = lb_input_help_lines(&lines);
            v.help_lines = lines;
            if (sc) {
                LT_CHECK(lb_scene_draw(sc, r, ci.t_s, 1280, 720, &v));
                LT_CHECK(write_png(r, 1280, 720, "help-1280x720.png"));
            }
            lb_scene_destroy(sc);
        }
        lb_console_textures_lost(con); /* before its renderer goes */
        SDL_DestroyRenderer(r);
        SDL_FreeSurface(surf);
    }
    lb_console_destroy(con);
    lm_timeline_free(tl);
}

static void presenter_puts_the_audience_on_the_display_that_is_not_the_primary(void)
{
    int a, c;
    lb_presenter_displays(-1, 2, &a, &c);
    LT_CHECK(a == 1 && c == 0);
    lb_presenter_displays(-1, 3, &a, &c);
    LT_CHECK(a == 1 && c == 0);
    lb_presenter_displays(2, 3, &a, &c); /* --display 2 */
    LT_CHECK(a == 2 && c == 0);
    lb_presenter_displays(0, 2, &a, &c); /* the audience asked on the primary: console elsewhere */
    LT_CHECK(a == 0 && c == 1);
    lb_presenter_displays(-1, 1, &a, &c); /* one display: both on it */
    LT_CHECK(a == 0 && c == 0);
}

/* The console's "step N of M" counts an exercise's own steps: the safety
 * card before the first exercise is none of them (it says so instead),
 * and every exercise's steps run 1, 2, ... M with no gap. */
static void console_steps_leave_out_the_safety_card(void)
{
    LmErrors err = {0};
    LmCompileOpts co = {.level = LM_LEVEL_BEGINNER};
    LmTimeline *tl = lm_timeline_compile_routine(&lib, lm_lib_find_routine(&lib, "back-spasm-relief"), &co, &err);
    lm_err_clear(&err);
    LT_CHECK(tl && tl->n_segs > 2 && tl->segs[0].kind == LM_SEG_SAFETY);
    if (!tl || tl->n_segs < 2)
        return;
    int step, of;
    LT_CHECK_MSG(!lm_timeline_step(tl, 0, &step, &of), "the safety card is step %d of %d", step, of);
    LT_CHECK(!lm_timeline_step(tl, tl->n_segs, &step, &of) && !lm_timeline_step(tl, -1, &step, &of));
    int bad = 0, prev_item = -1, want = 0;
    for (int i = 1; i < tl->n_segs; i++) {
        const LmSegment *sg = &tl->segs[i];
        if (sg->kind == LM_SEG_SAFETY)
            continue;
        want = sg->item == prev_item ? want + 1 : 1;
        prev_item = sg->item;
        int n = 0;
        for (int k = 0; k < tl->n_segs; k++)
            n += tl->segs[k].item == sg->item && tl->segs[k].kind != LM_SEG_SAFETY;
        bool ok = lm_timeline_step(tl, i, &step, &of);
        if (!ok || step != want || of != n) {
            if (++bad <= 3)
                LT_CHECK_MSG(0, "segment %d (item %d): step %d of %d, want %d of %d", i, sg->item, step, of, want, n);
        }
    }
    LT_CHECK_MSG(bad == 0, "%d segments counted wrongly", bad);
    lm_timeline_free(tl);
}

/* Changes made with keys are written at the end and read back next run;
 * values that only came from flags are not. */
static void settings_survive_a_restart(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/cfg/limber/settings.json", tmpdir);
    LbSettings s;
    lb_settings_defaults(&s);
    Rig g;
    if (!rig_open_ex(&g, false, &s, path, LM_LEVEL_BEGINNER)) {
        LT_CHECK(!"app");
        return;
    }
    press(&g, SDLK_x);
    press(&g, SDLK_m);
    press(&g, SDLK_LEFTBRACKET);
    press(&g, SDLK_PLUS);
    press(&g, SDLK_l);
    rig_close(&g); /* writes */
    LbSettings r;
    char msg[512];
    LT_CHECK(lb_settings_load(path, &r, msg, sizeof msg));
    LT_CHECK(r.mirror && r.mute && r.volume == 90 && r.level == LM_LEVEL_ACTIVE);
    LT_NEAR(r.speed, 1.25, 1e-9);
    /* The next run starts where this one left off. */
    if (!rig_open_ex(&g, false, &r, path, LM_LEVEL_BEGINNER)) {
        LT_CHECK(!"app");
        return;
    }
    LbAppState a = st(&g);
    LT_CHECK(a.view.mirror && a.view.muted && a.view.volume == 90 && a.level == LM_LEVEL_ACTIVE);
    LT_NEAR(a.view.speed, 1.25, 1e-9);
    rig_close(&g); /* nothing changed: not rewritten */
    struct stat sb;
    LT_CHECK(stat(path, &sb) == 0);
    remove(path);
    rig_open_ex(&g, false, &r, path, LM_LEVEL_BEGINNER);
    rig_close(&g);
    LT_CHECK(stat(path, &sb) != 0);
}

/* A routine of the library's first three exercises (repeating the first
 * when there are fewer), in a temporary folder. */
static bool make_routine(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/app-test-routine.json", tmpdir);
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    fprintf(f, "{\"id\": \"app-test-routine\", \"title\": \"App test\", \"rest_s\": 5, \"items\": [");
    for (int i = 0; i < 3; i++)
        fprintf(f, "%s{\"exercise\": \"%s\"}", i ? ", " : "", lib.exercises[i < lib.n_exercises ? i : 0].id);
    fprintf(f, "]}\n");
    fclose(f);
    LmErrors err = {0};
    routine = lm_lib_add_routine_file(&lib, path, &err);
    for (int i = 0; i < err.count; i++)
        fprintf(stderr, "  %s\n", err.items[i]);
    lm_err_clear(&err);
    return routine >= 0;
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/limber-app-test-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        fprintf(stderr, "FAIL cannot make a temporary folder\n");
        return 1;
    }
    LmErrors err = {0};
    lm_lib_load(&lib, ".", &err);
    lm_err_clear(&err);
    if (lib.n_exercises == 0 || !make_routine()) {
        fprintf(stderr, "FAIL the shipped library does not load\n");
        return 1;
    }
    LT_RUN(space_pauses_and_resumes_the_clock);
    LT_RUN(steps_forward_and_back_with_arrows_and_clicker_keys);
    LT_RUN(exercises_forward_and_back_with_up_down_n_and_p);
    LT_RUN(play_at_the_end_starts_again);
    LT_RUN(blank_pauses_and_comes_back_as_it_was);
    LT_RUN(speed_moves_through_the_steps_and_stops_at_the_ends);
    LT_RUN(a_held_key_never_toggles_twice);
    LT_RUN(settings_keys_toggle_and_say_so);
    LT_RUN(level_switch_keeps_the_exercise_and_step);
    LT_RUN(escape_leaves_fullscreen_first_then_twice_quits);
    LT_RUN(controller_buttons_drive_the_same_commands);
    LT_RUN(controllers_coming_and_going_do_no_harm);
    LT_RUN(a_controller_plugged_in_and_out_while_running);
    LT_RUN(a_remembered_display_that_is_gone_falls_back);
    LT_RUN(the_window_shows_whole_frames_while_redrawing_only_changes);
    LT_RUN(presenter_console_takes_keys_and_shows_the_next_exercise);
    LT_RUN(presenter_puts_the_audience_on_the_display_that_is_not_the_primary);
    LT_RUN(console_steps_leave_out_the_safety_card);
    LT_RUN(console_and_help_draw_at_any_size);
    LT_RUN(settings_survive_a_restart);
    lm_lib_free(&lib);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "  could not remove %s\n", tmpdir);
    return lt_summary();
}
