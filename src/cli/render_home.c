/* render_home: --render DIR --home, the home screen drawn without a
 * display (for the README's picture and for looking at a change). */
#include "render.h"

#include "backdrop.h"
#include "home.h"
#include "paths.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

int lb_render_home(const LbOptions *o, const LmLibrary *lib)
{
    int w = o->width > 0 ? o->width : 1280, h = o->height > 0 ? o->height : 720;
    int fps = o->fps > 0 ? o->fps : 60;
    double from = o->from_s > 0 ? o->from_s : 0.0;
    long n;
    LbCanvas cv;
    int rc = lb_render_begin(o, w, h, o->seconds > 0 ? o->seconds * fps : 1, &n, &cv);
    if (rc >= 0)
        return rc;
    char err[512] = "", reg[4200], bold[4200];
    const char *dir = lib->data_dir ? lib->data_dir : ".";
    snprintf(reg, sizeof reg, "%s/assets/fonts/DejaVuSans.ttf", dir);
    snprintf(bold, sizeof bold, "%s/assets/fonts/DejaVuSans-Bold.ttf", dir);
    LbTextDesc td = {0};
    td.font_path[LB_WEIGHT_REGULAR] = reg;
    td.font_path[LB_WEIGHT_BOLD] = bold;
    LbText *text = lb_text_create(&td, err, sizeof err);
    LbHome *home = text ? lb_home_create(text, &lib->skel) : NULL;
    LbHomeCards cards = {0};
    int status = 0;
    if (!text || !home || !lb_home_cards_build(&cards, lib, o->level, o->hold_s)) {
        fprintf(stderr, "limber: %s\n", err[0] ? err : "out of memory");
        status = 1;
    }
    while (status == 0 && !lb_home_cards_compile(&cards, 1.0))
        ;
    LbHomeView v = {0};
    v.cards = &cards;
    v.level = lm_level_name(o->level);
    for (long i = 0; i < n && status == 0; i++) {
        v.t_s = from + (double)i / fps;
        const LbDraw *dl = lb_home_record(home, cv.ren, w, h, &v);
        if (!dl || !lb_draw_to_surface(dl, cv.ren, cv.surf, NULL, 0)) {
            fprintf(stderr, "limber: drawing frame %ld failed: %s\n", i, SDL_GetError());
            status = 1;
            break;
        }
        lb_canvas_flush(&cv);
        char path[4200];
        snprintf(path, sizeof path, "%s/frame-%06ld.png", o->render_dir, i);
        if (!lb_render_save_png(cv.surf, path, err, sizeof err)) {
            fprintf(stderr, "limber: %s\n", err);
            status = 1;
        }
    }
    lb_home_cards_free(&cards);
    lb_home_destroy(home);
    lb_text_destroy(text);
    lb_canvas_free(&cv);
    return status;
}
