/* The window under SDL's offscreen driver: open, draw paced frames, resize,
 * fullscreen, displays coming and going, a lost renderer, and the clear
 * failure when there is no display at all. */
#include <SDL.h>
#include <stdlib.h>
#include <time.h>

#include "lt.h"
#include "stats.h"
#include "video.h"

static void pump(LbVideo *v)
{
    SDL_Event e;
    while (SDL_PollEvent(&e))
        lb_video_handle_event(v, &e);
}

static void frame(LbVideo *v)
{
    SDL_Renderer *r = lb_video_renderer(v);
    LT_CHECK(r != NULL);
    SDL_SetRenderDrawColor(r, 20, 30, 40, 255);
    LT_CHECK(SDL_RenderClear(r) == 0);
    lb_video_present(v);
}

static void window_should_open_draw_resize_and_toggle_fullscreen(void)
{
    char msg[256] = "";
    LbVideoDesc d = {0};
    d.width = 640;
    d.height = 360;
    LbVideo *v = lb_video_open(&d, msg, sizeof msg);
    LT_CHECK_MSG(v != NULL, "%s", msg);
    if (!v)
        return;
    int w = 0, h = 0;
    lb_video_output_size(v, &w, &h);
    LT_CHECK_MSG(w == 640 && h == 360, "output %dx%d", w, h);
    frame(v);

    SDL_SetWindowSize(lb_video_window(v), 800, 600);
    pump(v);
    frame(v);
    lb_video_output_size(v, &w, &h);
    LT_CHECK_MSG(w == 800 && h == 600, "after resize %dx%d", w, h);

    LT_CHECK(lb_video_set_fullscreen(v, true));
    LT_CHECK(lb_video_fullscreen(v));
    LT_CHECK((SDL_GetWindowFlags(lb_video_window(v)) & SDL_WINDOW_FULLSCREEN_DESKTOP) == SDL_WINDOW_FULLSCREEN_DESKTOP);
    LT_CHECK(SDL_ShowCursor(SDL_QUERY) == SDL_DISABLE); /* no pointer over the picture */
    /* The pointer leaves for another window (a presenter console) and back. */
    SDL_Event ev = {0};
    ev.type = SDL_WINDOWEVENT;
    ev.window.windowID = SDL_GetWindowID(lb_video_window(v));
    ev.window.event = SDL_WINDOWEVENT_LEAVE;
    lb_video_handle_event(v, &ev);
    LT_CHECK(SDL_ShowCursor(SDL_QUERY) == SDL_ENABLE);
    ev.window.event = SDL_WINDOWEVENT_ENTER;
    lb_video_handle_event(v, &ev);
    LT_CHECK(SDL_ShowCursor(SDL_QUERY) == SDL_DISABLE);
    ev.window.windowID += 100; /* another window's events are not ours */
    ev.window.event = SDL_WINDOWEVENT_LEAVE;
    lb_video_handle_event(v, &ev);
    LT_CHECK(SDL_ShowCursor(SDL_QUERY) == SDL_DISABLE);
    pump(v);
    frame(v);
    LT_CHECK(lb_video_set_fullscreen(v, false));
    LT_CHECK(!lb_video_fullscreen(v));
    LT_CHECK((SDL_GetWindowFlags(lb_video_window(v)) & SDL_WINDOW_FULLSCREEN) == 0);
    LT_CHECK(SDL_ShowCursor(SDL_QUERY) == SDL_ENABLE);
    frame(v);
    lb_video_close(v);
}

static void frames_should_be_paced_near_60_hz_without_burning_a_core(void)
{
    char msg[256] = "";
    LbVideoDesc d = {0};
    d.width = 320;
    d.height = 180;
    LbVideo *v = lb_video_open(&d, msg, sizeof msg);
    LT_CHECK_MSG(v != NULL, "%s", msg);
    if (!v)
        return;
    LbStats st;
    lb_stats_init(&st, 1000.0 / 60.0);
    double cpu0 = lb_cpu_s();
    for (int i = 0; i < 61; i++) {
        pump(v);
        SDL_Renderer *r = lb_video_renderer(v);
        SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
        SDL_RenderClear(r);
        lb_stats_frame(&st, lb_video_present(v));
    }
    double wall = (double)(st.last_ns - st.first_ns) / 1e9;
    double cpu = lb_cpu_s() - cpu0;
    /* 60 intervals of 1/60 s (this driver has no vsync, so the timer paces) */
    LT_CHECK_MSG(wall > 0.9 && wall < 1.5, "60 frames took %.3f s", wall);
    LT_NEAR(lb_stats_percentile(&st, 50), 1000.0 / 60.0, 1.0);
    LT_CHECK_MSG(cpu < 0.6 * wall, "cpu %.3f s over %.3f s", cpu, wall);
    lb_stats_free(&st);
    lb_video_close(v);

    /* Showing only changed rectangles (drawing on the CPU) keeps the same
     * pace: it must never run ahead of 60 Hz, also when drawing a frame
     * takes more than half a period (10 ms here), and also where the
     * software renderer says it has vsync (it does on X11): its vsync is
     * a wait inside a full present, which this never calls. */
    SDL_SetHint(SDL_HINT_RENDER_VSYNC, "1");
    v = lb_video_open(&d, msg, sizeof msg);
    SDL_SetHint(SDL_HINT_RENDER_VSYNC, NULL);
    LT_CHECK_MSG(v != NULL, "%s", msg);
    if (!v)
        return;
    lb_stats_init(&st, 1000.0 / 60.0);
    SDL_Rect small = {10, 10, 20, 20};
    for (int i = 0; i < 61; i++) {
        pump(v);
        SDL_Delay(10);
        lb_stats_frame(&st, lb_video_present_rects(v, &small, i % 3 ? 1 : 0));
    }
    wall = (double)(st.last_ns - st.first_ns) / 1e9;
    /* (deadlines stay on a 60 Hz grid, so a busy machine only makes this
     * longer; one interval may be short after a late one, the sum not) */
    LT_CHECK_MSG(wall > 0.95, "60 frames showing rectangles took %.3f s: faster than 60 Hz", wall);
    lb_stats_free(&st);
    lb_video_close(v);
}

static void display_changes_should_keep_the_window_usable(void)
{
    char msg[256] = "";
    LbVideoDesc d = {0};
    d.width = 320;
    d.height = 180;
    d.fullscreen = true;
    LbVideo *v = lb_video_open(&d, msg, sizeof msg);
    LT_CHECK_MSG(v != NULL, "%s", msg);
    if (!v)
        return;
    int n = lb_video_display_count();
    LT_CHECK(n >= 1);
    /* With one display there is no next one; with more the window moves. */
    bool moved = lb_video_next_display(v);
    LT_CHECK(moved == (n > 1));
    LT_CHECK(lb_video_move_to_display(v, n + 3)); /* wraps */
    LT_CHECK(lb_video_display(v) >= 0 && lb_video_display(v) < n);
    LT_CHECK(lb_video_fullscreen(v));
    /* The display we are on goes away. */
    SDL_Event e = {0};
    e.type = SDL_DISPLAYEVENT;
    e.display.event = SDL_DISPLAYEVENT_DISCONNECTED;
    e.display.display = (Uint32)lb_video_display(v);
    LT_CHECK(!lb_video_handle_event(v, &e));
    LT_CHECK(lb_video_display(v) >= 0 && lb_video_display(v) < lb_video_display_count());
    frame(v);
    /* The GPU context is lost: a new renderer, and the caller hears of it. */
    SDL_Event reset = {0};
    reset.type = SDL_RENDER_DEVICE_RESET;
    LT_CHECK(lb_video_handle_event(v, &reset));
    LT_CHECK(lb_video_renderer(v) != NULL);
    frame(v);
    lb_video_close(v);
}

static void missing_display_index_should_be_refused_with_a_message(void)
{
    char msg[256] = "";
    LbVideoDesc d = {0};
    d.display = 7; /* the eighth display: people count from 1 */
    LbVideo *v = lb_video_open(&d, msg, sizeof msg);
    LT_CHECK(v == NULL);
    const char *m = msg;
    LT_STR_CONTAINS(m, "display 8 does not exist");
    lb_video_close(v);
}

static void no_display_should_fail_with_one_clear_line(void)
{
    /* No usable video driver stands for "no X server". */
    const char *old = getenv("SDL_VIDEODRIVER");
    char *saved = old ? SDL_strdup(old) : NULL;
    setenv("SDL_VIDEODRIVER", "no-such-display", 1);
    char msg[256] = "";
    LbVideo *v = lb_video_open(NULL, msg, sizeof msg);
    LT_CHECK(v == NULL);
    const char *m = msg;
    LT_STR_CONTAINS(m, "no display");
    LT_STR_CONTAINS(m, "--render");
    LT_CHECK(strchr(msg, '\n') == NULL);
    /* No driver named and no display to find: SDL would fall back to its
     * invisible offscreen driver, which is no display either. */
    unsetenv("SDL_VIDEODRIVER");
    const char *keep[] = {"DISPLAY", "WAYLAND_DISPLAY"};
    char *kept[2];
    for (int i = 0; i < 2; i++) {
        kept[i] = getenv(keep[i]) ? SDL_strdup(getenv(keep[i])) : NULL;
        unsetenv(keep[i]);
    }
    msg[0] = 0;
    v = lb_video_open(NULL, msg, sizeof msg);
    LT_CHECK(v == NULL);
    LT_STR_CONTAINS(m, "no display");
    lb_video_close(v);
    for (int i = 0; i < 2; i++)
        if (kept[i]) {
            setenv(keep[i], kept[i], 1);
            SDL_free(kept[i]);
        }
    if (saved) {
        setenv("SDL_VIDEODRIVER", saved, 1);
        SDL_free(saved);
    } else {
        unsetenv("SDL_VIDEODRIVER");
    }
}

int main(void)
{
    if (!getenv("SDL_VIDEODRIVER"))
        setenv("SDL_VIDEODRIVER", "offscreen", 1);
    LT_RUN(window_should_open_draw_resize_and_toggle_fullscreen);
    LT_RUN(frames_should_be_paced_near_60_hz_without_burning_a_core);
    LT_RUN(display_changes_should_keep_the_window_usable);
    LT_RUN(missing_display_index_should_be_refused_with_a_message);
    LT_RUN(no_display_should_fail_with_one_clear_line);
    SDL_Quit();
    return lt_summary();
}
