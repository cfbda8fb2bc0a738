/* video: opens the window on the chosen display, keeps it usable when a
 * display is unplugged or the window is resized or changes DPI, creates the
 * renderer, and paces frames.
 *
 * Pacing. A renderer may claim vsync and still return at once (some
 * drivers, virtual displays, minimised windows). So vsync is trusted only
 * while presents actually take about a refresh period; after a run of
 * presents that return far too early the timer takes over: sleep until
 * the deadline (no spinning), deadlines advancing by whole periods from
 * an anchor so the rate never drifts. A frame that misses its deadline
 * re-anchors instead of rushing to catch up.
 *
 * Renderer. With a GPU, SDL's accelerated renderer. Without one (no render
 * device, or an OpenGL that is itself a software rasteriser such as
 * llvmpipe), drawing through OpenGL costs a whole frame of CPU work in the
 * rasteriser and again in the upload: then the software renderer on the
 * window's own framebuffer (X11 shared memory), into which the scene draws
 * only what changed (see draw.h) and sends only those rectangles. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include "video.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "raster.h"
#include "clock.h"

#define EARLY_FRAMES_TO_DISTRUST 12 /* presents this quick in a row: vsync is not blocking */

struct LbVideo {
    LbReport report;
    SDL_Window *win;
    SDL_Renderer *ren;
    bool fullscreen;
    int display;
    SDL_Rect windowed;   /* the window's place and size before fullscreen */
    bool no_pacing;      /* present without waiting */
    bool vsync_claimed;  /* the renderer says it has vsync */
    bool vsync_ok;       /* and presents do block */
    int early;           /* consecutive presents that returned too early */
    uint64_t period_ns;  /* self-paced period */
    uint64_t refresh_ns; /* the display's refresh period (period_ns when unknown) */
    uint64_t deadline_ns;
    uint64_t last_present_ns;
    SDL_RendererInfo info;
    LbRendererChoice choice;
};

const char *lb_renderer_choice_name(LbRendererChoice c)
{
    return c == LB_RENDERER_GPU ? "gpu" : c == LB_RENDERER_SOFTWARE ? "software" : "auto";
}

/* Whether this machine has a GPU render device at all (Linux's DRM nodes;
 * elsewhere assumed). */
static bool render_device_present(void)
{
#ifdef __linux__
    glob_t g;
    int r = glob("/dev/dri/*", 0, NULL, &g);
    bool any = r == 0 && g.gl_pathc > 0;
    if (r == 0)
        globfree(&g);
    return any;
#else
    return true;
#endif
}

/* Whether an OpenGL renderer is really a rasteriser on the CPU. */
static bool gl_is_software(SDL_Renderer *r)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(r, &info) != 0 || !info.name || strncmp(info.name, "opengl", 6) != 0)
        return false;
    typedef const unsigned char *(SDLCALL * GetString)(unsigned name);
    GetString get = (GetString)SDL_GL_GetProcAddress("glGetString");
    const char *s = get ? (const char *)get(0x1F01 /* GL_RENDERER */) : NULL;
    return s &&
           (strstr(s, "llvmpipe") || strstr(s, "softpipe") || strstr(s, "Software Rasterizer") || strstr(s, "SWR"));
}

static int clamp_display(int n)
{
    int count = SDL_GetNumVideoDisplays();
    if (count < 1)
        return 0;
    n %= count;
    return n < 0 ? n + count : n;
}

/* Refresh period of a display in ns, or 0 when unknown. */
static uint64_t display_period_ns(int display)
{
    SDL_DisplayMode m;
    if (SDL_GetCurrentDisplayMode(display, &m) == 0 && m.refresh_rate > 0)
        return 1000000000ull / (uint64_t)m.refresh_rate;
    return 0;
}

/* The display changed (moved, unplugged, new mode): learn its refresh rate
 * and give vsync a fresh chance. */
static void display_changed(LbVideo *v)
{
    uint64_t r = display_period_ns(lb_video_display(v));
    v->refresh_ns = r ? r : v->period_ns;
    v->early = 0;
    v->vsync_ok = v->vsync_claimed;
}

/* No pointer over a fullscreen picture (a TV); it shows again when it
 * leaves for another window (the presenter console) or we go windowed.
 * The pointer's visibility is global, so only the window it is over
 * decides. */
static void update_pointer(LbVideo *v, bool pointer_here)
{
    if (pointer_here)
        SDL_ShowCursor(v->fullscreen ? SDL_DISABLE : SDL_ENABLE);
    else if (v->fullscreen)
        SDL_ShowCursor(SDL_ENABLE);
}

static bool create_renderer(LbVideo *v, bool want_vsync)
{
    Uint32 flags = SDL_RENDERER_ACCELERATED | (want_vsync ? SDL_RENDERER_PRESENTVSYNC : 0);
    const char *named = SDL_GetHint(SDL_HINT_RENDER_DRIVER); /* the user's choice wins */
    bool software = v->choice == LB_RENDERER_SOFTWARE ||
                    (v->choice == LB_RENDERER_AUTO && !(named && *named) && !render_device_present());
    v->ren = software ? NULL : SDL_CreateRenderer(v->win, -1, flags);
    if (v->ren && v->choice == LB_RENDERER_AUTO && !(named && *named) && gl_is_software(v->ren)) {
        SDL_DestroyRenderer(v->ren);
        v->ren = NULL;
        software = true;
    }
    if (software) {
        /* Where the video driver has a framebuffer of its own (X11's is
         * shared memory), SDL would still route it through OpenGL unless
         * told not to: here that is the CPU again, for nothing. */
        const char *drv = SDL_GetCurrentVideoDriver();
        bool own_fb = drv && (!strcmp(drv, "x11") || !strcmp(drv, "offscreen") || !strcmp(drv, "dummy"));
        if (own_fb && !SDL_GetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION))
            SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    if (!v->ren) /* no GPU path: the software renderer always exists */
        v->ren = SDL_CreateRenderer(v->win, -1, SDL_RENDERER_SOFTWARE);
    if (!v->ren)
        return false;
    SDL_GetRendererInfo(v->ren, &v->info);
    if (v->info.flags & SDL_RENDERER_SOFTWARE) {
        /* The software renderer's "vsync" is a delay inside
         * SDL_RenderPresent, which presenting only the changed rectangles
         * never calls: pace it with our own timer instead. */
        SDL_RenderSetVSync(v->ren, 0);
        SDL_GetRendererInfo(v->ren, &v->info);
        v->info.flags &= ~(Uint32)SDL_RENDERER_PRESENTVSYNC;
    }
    v->vsync_claimed = (v->info.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
    v->vsync_ok = v->vsync_claimed;
    v->early = 0;
    SDL_SetRenderDrawBlendMode(v->ren, SDL_BLENDMODE_BLEND);
    return true;
}

LbVideo *lb_video_open(const LbVideoDesc *d, char *msg, size_t msg_size)
{
    LbVideoDesc def = {0};
    if (!d)
        d = &def;
    /* Keep the screensaver away during a class, and let a fullscreen
     * window stay put when focus goes to the laptop's own screen. */
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    /* Wayland cannot work without a runtime folder, and its library would
     * print its own complaint on the way to SDL's fallback: leave it out
     * then, unless the user names drivers. */
    if (!getenv("SDL_VIDEODRIVER") && !getenv("WAYLAND_DISPLAY") && !getenv("XDG_RUNTIME_DIR"))
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11,KMSDRM");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(msg, msg_size,
                 "cannot open a window: no display is available (%s); use --render DIR to make frames without one",
                 SDL_GetError());
        return NULL;
    }
    /* With no display SDL falls back to its offscreen driver, which opens
     * "windows" nobody can see: that is no display, unless asked for by
     * name (tests do). */
    const char *drv = SDL_GetCurrentVideoDriver(), *asked = SDL_GetHint(SDL_HINT_VIDEODRIVER);
    if (drv && (!strcmp(drv, "offscreen") || !strcmp(drv, "dummy")) && !(asked && strstr(asked, drv))) {
        snprintf(msg, msg_size,
                 "cannot open a window: no display is available (only SDL's %s driver, which shows nothing); "
                 "use --render DIR to make frames without one",
                 drv);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return NULL;
    }
    LbVideo *v = calloc(1, sizeof *v);
    if (!v) {
        snprintf(msg, msg_size, "out of memory");
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return NULL;
    }
    int count = SDL_GetNumVideoDisplays();
    if (count < 1) {
        snprintf(msg, msg_size, "cannot open a window: no display is connected");
        goto fail;
    }
    if (d->display >= count) {
        /* Displays are counted from 1 for people (--display, the notes). */
        snprintf(msg, msg_size, "display %d does not exist; there %s %d (1 to %d)", d->display + 1,
                 count == 1 ? "is" : "are", count, count);
        goto fail;
    }
    v->report = d->report;
    v->display = d->display > 0 ? d->display : 0;
    int w = d->width, h = d->height;
    if (w <= 0 || h <= 0) {
        SDL_Rect ub;
        w = 1280;
        h = 720;
        if (SDL_GetDisplayUsableBounds(v->display, &ub) == 0 && ub.w > 0 && ub.h > 0) {
            w = ub.w * 2 / 3;
            h = w * 9 / 16;
            if (h > ub.h * 2 / 3) {
                h = ub.h * 2 / 3;
                w = h * 16 / 9;
            }
        }
    }
    /* Opened windowed, then made fullscreen through the same path as the
     * F key, so leaving fullscreen returns to this size. */
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    int x = SDL_WINDOWPOS_CENTERED_DISPLAY(v->display), y = x;
    SDL_Rect ub;
    if (!d->fullscreen && SDL_GetDisplayUsableBounds(v->display, &ub) == 0 && ub.w > 0 && ub.h > 0 &&
        (w > ub.w || h > ub.h)) {
        /* larger than the screen, as asked: from its top-left corner, so the
         * part past its edges is the right and bottom, not all four */
        x = ub.x;
        y = ub.y;
        lb_report(&v->report,
                  "note: a %dx%d window is larger than display %d (%dx%d free); it goes past the screen's %s", w, h,
                  v->display + 1, ub.w, ub.h,
                  w > ub.w && h > ub.h ? "right and bottom edges"
                  : w > ub.w           ? "right edge"
                                       : "bottom edge");
    }
    v->win = SDL_CreateWindow(d->title ? d->title : "limber", x, y, w, h, flags);
    if (!v->win) {
        snprintf(msg, msg_size, "cannot open a window: %s", SDL_GetError());
        goto fail;
    }
    if (d->fullscreen)
        lb_video_set_fullscreen(v, true);
    if (v->fullscreen && !d->no_pacing) /* the console window never hides it */
        SDL_ShowCursor(SDL_DISABLE);
    v->no_pacing = d->no_pacing;
    v->choice = d->renderer;
    SDL_SetWindowMinimumSize(v->win, 320, 180);
    if (!create_renderer(v, !d->no_vsync && !d->no_pacing)) {
        snprintf(msg, msg_size, "cannot create a renderer: %s", SDL_GetError());
        goto fail;
    }
    double hz = d->target_hz > 0 ? d->target_hz : 60.0;
    v->period_ns = (uint64_t)(1e9 / hz);
    display_changed(v);
    SDL_DisableScreenSaver();
    return v;
fail:
    lb_video_close(v);
    return NULL;
}

void lb_video_close(LbVideo *v)
{
    if (!v)
        return;
    if (v->ren)
        SDL_DestroyRenderer(v->ren);
    if (v->win)
        SDL_DestroyWindow(v->win);
    free(v);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

SDL_Renderer *lb_video_renderer(const LbVideo *v) { return v->ren; }
SDL_Window *lb_video_window(const LbVideo *v) { return v->win; }
const char *lb_video_renderer_name(const LbVideo *v) { return v->info.name ? v->info.name : "?"; }
bool lb_video_vsync(const LbVideo *v) { return v->vsync_ok; }

SDL_Surface *lb_video_direct_surface(LbVideo *v)
{
    if (!v->ren || !(v->info.flags & SDL_RENDERER_SOFTWARE))
        return NULL;
    /* The software renderer's target is the window surface (re-made on
     * resize, so asked for every frame). */
    SDL_Surface *s = SDL_GetWindowSurface(v->win);
    return lb_raster_supports(s) ? s : NULL;
}
bool lb_video_fullscreen(const LbVideo *v) { return v->fullscreen; }
int lb_video_display_count(void) { return SDL_GetNumVideoDisplays(); }

void lb_video_output_size(const LbVideo *v, int *w, int *h)
{
    if (SDL_GetRendererOutputSize(v->ren, w, h) != 0 || *w <= 0 || *h <= 0)
        SDL_GetWindowSize(v->win, w, h);
    if (*w < 1)
        *w = 1;
    if (*h < 1)
        *h = 1;
}

bool lb_video_hidden(const LbVideo *v)
{
    Uint32 f = SDL_GetWindowFlags(v->win);
    return (f & (SDL_WINDOW_MINIMIZED | SDL_WINDOW_HIDDEN)) != 0;
}

int lb_video_display(const LbVideo *v)
{
    int d = SDL_GetWindowDisplayIndex(v->win);
    return d >= 0 ? d : v->display;
}

bool lb_video_set_fullscreen(LbVideo *v, bool on)
{
    if (on && !v->fullscreen) {
        /* Cover the display as a plain window first: with no window manager
         * (a kiosk, a bare X session) the fullscreen request alone is never
         * honoured, yet SDL would report the display's size and the picture
         * would be laid out for a window that did not grow. */
        SDL_GetWindowPosition(v->win, &v->windowed.x, &v->windowed.y);
        SDL_GetWindowSize(v->win, &v->windowed.w, &v->windowed.h);
        SDL_Rect b;
        int d = SDL_GetWindowDisplayIndex(v->win);
        if (d >= 0 && SDL_GetDisplayBounds(d, &b) == 0) {
            SDL_SetWindowSize(v->win, b.w, b.h);
            SDL_SetWindowPosition(v->win, b.x, b.y);
            SDL_PumpEvents();
        }
    }
    if (SDL_SetWindowFullscreen(v->win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0) != 0)
        return false;
    if (!on && v->fullscreen && v->windowed.w > 0) {
        SDL_SetWindowSize(v->win, v->windowed.w, v->windowed.h);
        SDL_SetWindowPosition(v->win, v->windowed.x, v->windowed.y);
    }
    v->fullscreen = on;
    SDL_Window *focus = SDL_GetMouseFocus();
    update_pointer(v, focus == v->win || focus == NULL);
    return true;
}

bool lb_video_move_to_display(LbVideo *v, int n)
{
    n = clamp_display(n);
    bool fs = v->fullscreen;
    /* A fullscreen window is pinned to its display: leave, move, return. */
    if (fs)
        lb_video_set_fullscreen(v, false);
    SDL_Rect b;
    if (SDL_GetDisplayUsableBounds(n, &b) == 0) {
        int w, h;
        SDL_GetWindowSize(v->win, &w, &h);
        /* fit the window to the new display */
        if (w > b.w * 9 / 10 || h > b.h * 9 / 10) {
            double k = SDL_min(b.w * 0.9 / w, b.h * 0.9 / h);
            w = (int)(w * k);
            h = (int)(h * k);
            SDL_SetWindowSize(v->win, w, h);
        }
    }
    SDL_SetWindowPosition(v->win, SDL_WINDOWPOS_CENTERED_DISPLAY(n), SDL_WINDOWPOS_CENTERED_DISPLAY(n));
    v->display = n;
    if (fs)
        lb_video_set_fullscreen(v, true);
    display_changed(v); /* it may refresh at another rate */
    return true;
}

bool lb_video_next_display(LbVideo *v)
{
    if (SDL_GetNumVideoDisplays() < 2)
        return false;
    return lb_video_move_to_display(v, lb_video_display(v) + 1);
}

bool lb_video_handle_event(LbVideo *v, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_DISPLAYEVENT:
        if (e->display.event == SDL_DISPLAYEVENT_DISCONNECTED) {
            /* Our display may be gone: come back to one that exists. */
            int count = SDL_GetNumVideoDisplays();
            int cur = SDL_GetWindowDisplayIndex(v->win);
            if (count > 0 && (cur < 0 || cur >= count || v->display >= count))
                lb_video_move_to_display(v, 0);
        }
        display_changed(v);
        return false;
    case SDL_WINDOWEVENT:
        if (e->window.windowID != SDL_GetWindowID(v->win))
            return false; /* another window's (the presenter console's) */
        if (e->window.event == SDL_WINDOWEVENT_DISPLAY_CHANGED) {
            v->display = e->window.data1;
            display_changed(v);
        } else if (e->window.event == SDL_WINDOWEVENT_ENTER || e->window.event == SDL_WINDOWEVENT_LEAVE) {
            update_pointer(v, e->window.event == SDL_WINDOWEVENT_ENTER);
        }
        return false;
    case SDL_RENDER_DEVICE_RESET:
        /* The GPU context was lost: a new renderer, and every texture with it. */
        SDL_DestroyRenderer(v->ren);
        v->ren = NULL;
        if (!create_renderer(v, v->vsync_claimed))
            lb_report(&v->report, "the renderer was lost and could not be recreated: %s", SDL_GetError());
        return true;
    case SDL_RENDER_TARGETS_RESET: return true;
    default: return false;
    }
}

/* Sleep until `deadline`: one sleep for all that is left, to the
 * nanosecond, again only if it woke early. The kernel wakes it within
 * its timer slack (50 us by default), far inside a frame, with no spinning:
 * a millisecond of yield loop before every frame, as this once did, cost
 * a bare window about 2% of a core on its own. */
static void wait_until(uint64_t deadline)
{
    for (;;) {
        uint64_t now = lb_now_ns();
        if (now >= deadline)
            return;
        uint64_t left = deadline - now;
        struct timespec ts = {(time_t)(left / 1000000000ull), (long)(left % 1000000000ull)};
        nanosleep(&ts, NULL); /* early on a signal: the loop sleeps again */
    }
}

/* Show the frame: all of it, or (rects not NULL) only those n rectangles
 * of the window's framebuffer, none when n is 0. */
static void show(LbVideo *v, const SDL_Rect *rects, int n)
{
    if (!rects) {
        SDL_RenderPresent(v->ren);
        return;
    }
    SDL_RenderFlush(v->ren);
    if (n > 0)
        SDL_UpdateWindowSurfaceRects(v->win, rects, n);
}

uint64_t lb_video_present(LbVideo *v) { return lb_video_present_rects(v, NULL, 0); }

uint64_t lb_video_present_rects(LbVideo *v, const SDL_Rect *rects, int n)
{
    if (!v->ren)
        return lb_now_ns();
    if (rects && !lb_video_direct_surface(v))
        rects = NULL; /* not drawing into the framebuffer: present it all */
    if (v->no_pacing) {
        show(v, rects, n);
        v->last_present_ns = lb_now_ns();
        return v->last_present_ns;
    }
    if (!v->vsync_ok) {
        /* Timer pacing: wait for the deadline, then show the frame, so
         * frames reach the screen at even intervals. */
        uint64_t now = lb_now_ns();
        if (v->deadline_ns == 0 || now > v->deadline_ns + v->period_ns)
            v->deadline_ns = now; /* first frame, or badly late: re-anchor */
        else
            wait_until(v->deadline_ns);
        v->deadline_ns += v->period_ns;
        show(v, rects, n);
        v->last_present_ns = lb_now_ns();
        return v->last_present_ns;
    }
    show(v, rects, n);
    uint64_t now = lb_now_ns();
    uint64_t refresh = v->refresh_ns;
    /* Far quicker than a refresh: the present did not wait for vsync. Wait
     * out the refresh anyway so even these frames keep the pace. */
    if (v->last_present_ns && now - v->last_present_ns < refresh / 2) {
        wait_until(v->last_present_ns + refresh);
        now = lb_now_ns();
        if (++v->early >= EARLY_FRAMES_TO_DISTRUST) {
            v->vsync_ok = false;
            v->deadline_ns = 0;
        }
    } else {
        v->early = 0;
    }
    v->last_present_ns = now;
    return now;
}
