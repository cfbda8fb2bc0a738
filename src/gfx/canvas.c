/* canvas: a surface in memory with a software renderer drawing into it.
 * No display and no GPU are involved, so the pixels are the same on every
 * run. */
#include "canvas.h"

void lb_canvas_init_headless(void)
{
    /* Chosen here, over anything in the environment: headless output must
     * not depend on which display (if any) the user happens to have. */
    SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, "offscreen", SDL_HINT_OVERRIDE);
    SDL_SetHintWithPriority(SDL_HINT_RENDER_DRIVER, "software", SDL_HINT_OVERRIDE);
    if (!SDL_WasInit(SDL_INIT_VIDEO))
        SDL_InitSubSystem(SDL_INIT_VIDEO); /* the canvas does not need it; other modules may */
}

bool lb_canvas_init(LbCanvas *c, int w, int h)
{
    c->ren = NULL;
    c->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!c->surf)
        return false;
    c->ren = SDL_CreateSoftwareRenderer(c->surf);
    if (!c->ren) {
        SDL_FreeSurface(c->surf);
        c->surf = NULL;
        return false;
    }
    SDL_SetRenderDrawBlendMode(c->ren, SDL_BLENDMODE_BLEND);
    return true;
}

void lb_canvas_free(LbCanvas *c)
{
    if (c->ren)
        SDL_DestroyRenderer(c->ren);
    if (c->surf)
        SDL_FreeSurface(c->surf);
    c->ren = NULL;
    c->surf = NULL;
}

void lb_canvas_flush(LbCanvas *c) { SDL_RenderFlush(c->ren); }
