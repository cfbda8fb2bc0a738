/* video: the window, the displays it can live on, its renderer, and frame
 * pacing (vsync where it works, a high-resolution timer where it does not). */
#ifndef LB_VIDEO_H
#define LB_VIDEO_H

#include <SDL.h>

#include "report.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Zero means the default for every field. */
/* Which renderer draws the window. AUTO: the GPU's when there is a GPU,
 * else the software renderer on the window's framebuffer. */
typedef enum { LB_RENDERER_AUTO = 0, LB_RENDERER_GPU, LB_RENDERER_SOFTWARE } LbRendererChoice;
const char *lb_renderer_choice_name(LbRendererChoice c);

typedef struct {
    const char *title; /* "limber" */
    int width, height; /* windowed size; 0 = 16:9 at two thirds of the display */
    bool fullscreen;   /* desktop fullscreen (no mode switch) */
    int display;       /* display index; -1 or 0 = the primary */
    bool no_vsync;     /* always pace with the timer */
    double target_hz;  /* self-paced rate; 0 = 60 */
    bool no_pacing;    /* present and return at once: another window paces the
                            loop (the presenter console), or a test drives the clock */
    LbRendererChoice renderer;
    LbReport report; /* where notes go (a window past the screen, a lost renderer) */
} LbVideoDesc;

typedef struct LbVideo LbVideo;

/* Initialise SDL video and open the window and its renderer. On failure
 * returns NULL with a one-line reason in msg (e.g. no display). The video
 * object owns the window, the renderer and the SDL video subsystem. */
LbVideo *lb_video_open(const LbVideoDesc *desc, char *msg, size_t msg_size);
void lb_video_close(LbVideo *v);

SDL_Renderer *lb_video_renderer(const LbVideo *v);
SDL_Window *lb_video_window(const LbVideo *v);
/* Drawable size in pixels (differs from the window size on high-DPI). */
void lb_video_output_size(const LbVideo *v, int *w, int *h);
/* True while the window cannot be seen (minimised); skip drawing then. */
bool lb_video_hidden(const LbVideo *v);

bool lb_video_fullscreen(const LbVideo *v);
/* Enter or leave desktop fullscreen on the current display. */
bool lb_video_set_fullscreen(LbVideo *v, bool on);
/* The display the window is on, and how many there are. */
int lb_video_display(const LbVideo *v);
int lb_video_display_count(void);
/* Move the window to display n (wraps), keeping fullscreen. */
bool lb_video_move_to_display(LbVideo *v, int n);
/* Move to the next display; false when there is only one. */
bool lb_video_next_display(LbVideo *v);

/* Let the video module react to window and display events: lost display,
 * size and DPI changes, renderer resets. Returns true when the renderer's
 * textures were lost (anything cached on the GPU must be rebuilt). */
bool lb_video_handle_event(LbVideo *v, const SDL_Event *e);

/* Present the frame and wait for the next one: vsync when the renderer has
 * it and it demonstrably blocks, else a timer to target_hz with a short
 * final wait. Returns the time of the present in nanoseconds. */
uint64_t lb_video_present(LbVideo *v);
/* The same, showing only the n rectangles of the window surface that were
 * redrawn (none when n is 0); with a GPU renderer the whole frame. */
uint64_t lb_video_present_rects(LbVideo *v, const SDL_Rect *rects, int n);
/* Whether frames are currently paced by vsync (false: by the timer). */
bool lb_video_vsync(const LbVideo *v);
/* When the renderer is SDL's software one, the window surface it draws
 * into (frames are then carried out into it with the rasteriser, only
 * where they changed: see draw.h); NULL for GPU renderers. Valid for this
 * frame. */
SDL_Surface *lb_video_direct_surface(LbVideo *v);
/* Name of the renderer in use ("opengl", "software", ...). */
const char *lb_video_renderer_name(const LbVideo *v);

#endif
