/* The app loop under the offscreen driver, driven by scripted events the
 * way a user drives it: keys for fullscreen, mirror, next display, pause,
 * a resize, then Q, Esc (home) and Esc twice or closing the window ends it
 * promptly. */
#include <SDL.h>
#include <stdlib.h>

#include "app.h"
#include "lm_library.h"
#include "lm_timeline.h"
#include "lt.h"
#include "stats.h"

static LmLibrary lib;
static LmTimeline *tl;

typedef struct {
    Uint32 at_ms;
    SDL_Event ev;
} Step;

static Step script[16];
static int n_script;
static SDL_atomic_t next_step;

static void add_key(Uint32 at_ms, SDL_Keycode k)
{
    Step *s = &script[n_script++];
    memset(s, 0, sizeof *s);
    s->at_ms = at_ms;
    s->ev.type = SDL_KEYDOWN;
    s->ev.key.keysym.sym = k;
    s->ev.key.state = SDL_PRESSED;
}

static void add_event(Uint32 at_ms, SDL_Event ev)
{
    script[n_script].at_ms = at_ms;
    script[n_script++].ev = ev;
}

/* Runs on SDL's timer thread; SDL_PushEvent is safe from there. */
static Uint32 tick(Uint32 interval, void *param)
{
    Uint32 t0 = *(Uint32 *)param, now = SDL_GetTicks() - t0;
    int i = SDL_AtomicGet(&next_step);
    while (i < n_script && script[i].at_ms <= now) {
        SDL_Event e = script[i].ev;
        e.common.timestamp = SDL_GetTicks();
        SDL_PushEvent(&e);
        i++;
    }
    SDL_AtomicSet(&next_step, i);
    return i < n_script ? interval : 0;
}

/* Play with the script running; returns the exit status and the wall time. */
static int run_script(double *took_s)
{
    LbOptions o = {0};
    o.display = -1;
    o.width = 480;
    o.height = 270;
    o.mute = true;
    o.quit_after_s = 10; /* a backstop: the script must end it well before */
    SDL_AtomicSet(&next_step, 0);
    static Uint32 t0;
    t0 = SDL_GetTicks();
    SDL_TimerID id = SDL_AddTimer(10, tick, &t0);
    uint64_t a = lb_now_ns();
    LbAppDesc d = {.options = &o, .lib = &lib, .tl = tl, .volume = -1};
    int rc = lb_app_run(&d);
    *took_s = (double)(lb_now_ns() - a) / 1e9;
    SDL_RemoveTimer(id);
    return rc;
}

static void keys_should_drive_the_window_and_q_should_quit(void)
{
    n_script = 0;
    add_key(150, SDLK_f);     /* fullscreen */
    add_key(250, SDLK_x);     /* mirror */
    add_key(300, SDLK_d);     /* next display (one here: stays) */
    add_key(350, SDLK_SPACE); /* pause */
    SDL_Event rs = {0};
    rs.type = SDL_WINDOWEVENT;
    rs.window.event = SDL_WINDOWEVENT_SIZE_CHANGED;
    rs.window.windowID = 1;
    rs.window.data1 = 800;
    rs.window.data2 = 600;
    add_event(400, rs);
    add_key(450, SDLK_SPACE); /* resume */
    add_key(500, SDLK_f);     /* windowed again */
    add_key(700, SDLK_q);
    double took = 0;
    int rc = run_script(&took);
    LT_CHECK(rc == 0);
    LT_CHECK_MSG(took > 0.6 && took < 3.0, "ran %.2f s", took);
}

/* Playing, Esc goes home; there, in a window, one Esc asks ("Esc again to
 * quit") and a second one quits. */
static void escape_home_then_twice_should_quit(void)
{
    n_script = 0;
    add_key(300, SDLK_ESCAPE);
    add_key(400, SDLK_ESCAPE);
    add_key(500, SDLK_ESCAPE);
    double took = 0;
    LT_CHECK(run_script(&took) == 0);
    LT_CHECK_MSG(took > 0.2 && took < 3.0, "ran %.2f s", took);
}

static void closing_the_window_should_quit(void)
{
    n_script = 0;
    SDL_Event q = {0};
    q.type = SDL_QUIT;
    add_event(300, q);
    double took = 0;
    LT_CHECK(run_script(&took) == 0);
    LT_CHECK_MSG(took > 0.2 && took < 3.0, "ran %.2f s", took);
}

int main(void)
{
    if (!getenv("SDL_VIDEODRIVER"))
        setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (!getenv("SDL_AUDIODRIVER"))
        setenv("SDL_AUDIODRIVER", "dummy", 1);
    LmErrors err = {0};
    lm_lib_load(&lib, ".", &err);
    lm_err_clear(&err);
    if (lib.n_exercises == 0) {
        fprintf(stderr, "no exercises to play\n");
        return 1;
    }
    LmCompileOpts co = {0};
    tl = lm_timeline_compile_exercise(&lib, 0, &co, &err);
    lm_err_clear(&err);
    if (!tl || SDL_InitSubSystem(SDL_INIT_TIMER) != 0) {
        fprintf(stderr, "cannot set up: %s\n", SDL_GetError());
        return 1;
    }
    LT_RUN(keys_should_drive_the_window_and_q_should_quit);
    LT_RUN(escape_home_then_twice_should_quit);
    LT_RUN(closing_the_window_should_quit);
    lm_timeline_free(tl);
    lm_lib_free(&lib);
    SDL_Quit();
    return lt_summary();
}
