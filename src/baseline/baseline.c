/* limber-baseline: the cheapest program that shows a window the way limber
 * does: the same window, renderer and 60 Hz pacing (video.c), clearing to
 * the background colour and presenting, nothing else. `limber --bench`
 * runs it beside its own playback so that limber's CPU and memory read as
 * a ratio to this on whatever machine runs them.
 *
 *   limber-baseline [--size WxH] [--fullscreen] [--quit-after S]
 *
 * Prints the --stats block (as limber --stats) when it ends, and with
 * LIMBER_REPORT_FIRST_FRAME set a "first_frame" line once a frame is
 * shown. Exit status: 0 done, 1 no window, 2 wrong usage. */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "video.h"

#define BG_R 16
#define BG_G 22
#define BG_B 32 /* limber's background (figure.h) */

static void print_line(void *user, const char *line)
{
    (void)user;
    printf("%s\n", line);
}

int main(int argc, char **argv)
{
    LbVideoDesc vd = {0};
    vd.title = "limber baseline";
    double quit_after_s = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--size") && i + 1 < argc && sscanf(argv[i + 1], "%dx%d", &vd.width, &vd.height) == 2 &&
            vd.width >= 64 && vd.height >= 64) {
            i++;
        } else if (!strcmp(argv[i], "--quit-after") && i + 1 < argc && atof(argv[i + 1]) > 0) {
            quit_after_s = atof(argv[++i]);
        } else if (!strcmp(argv[i], "--fullscreen")) {
            vd.fullscreen = true;
        } else {
            fprintf(stderr, "usage: limber-baseline [--size WxH] [--fullscreen] [--quit-after S]\n");
            return 2;
        }
    }
    char msg[512];
    LbVideo *v = lb_video_open(&vd, msg, sizeof msg);
    if (!v) {
        fprintf(stderr, "limber-baseline: %s\n", msg);
        return 1;
    }
    SDL_Renderer *r = lb_video_renderer(v);
    LbStats st;
    lb_stats_init(&st, 1000.0 / 60.0);
    bool report_first = getenv("LIMBER_REPORT_FIRST_FRAME") != NULL;
    uint64_t start = lb_now_ns();
    uint64_t quit_ns = quit_after_s > 0 ? start + (uint64_t)(quit_after_s * 1e9) : 0;
    bool quit = false;
    while (!quit && !(quit_ns && lb_now_ns() >= quit_ns)) {
        SDL_Event e;
        while (SDL_PollEvent(&e)) {
            if (e.type == SDL_QUIT)
                quit = true;
            else if (e.type == SDL_WINDOWEVENT)
                lb_video_handle_event(v, &e);
        }
        SDL_SetRenderDrawColor(r, BG_R, BG_G, BG_B, 255);
        SDL_RenderClear(r);
        lb_stats_frame(&st, lb_video_present(v));
        if (report_first) {
            printf("first_frame\n");
            fflush(stdout);
            report_first = false;
        }
    }
    st.renderer = lb_video_renderer_name(v);
    lb_stats_report(&st, &(LbReport){print_line, NULL});
    lb_stats_free(&st);
    lb_video_close(v);
    SDL_Quit();
    return 0;
}
