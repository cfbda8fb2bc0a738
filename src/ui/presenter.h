/* presenter: the console on the instructor's laptop while the audience
 * window is on the TV: the step now and its countdown, what comes next
 * with its steps, where the class is in the routine, the state of every
 * setting and the key hints. Drawn from a plain description each frame, so
 * it can be rendered anywhere (a window, a PNG in a test). */
#ifndef LB_PRESENTER_H
#define LB_PRESENTER_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

#include "lm_playback.h"
#include "lm_timeline.h"
#include "session_view.h"

/* Which display each window goes on, given --display (-1 when not given)
 * and how many displays there are: the audience on --display N, else on a
 * display that is not the primary; the console on the primary, or on
 * another display when the audience was put on the primary. With one
 * display both are 0. */
void lb_presenter_displays(int display_flag, int count, int *audience, int *console);

typedef struct LbConsole LbConsole;

/* Open the fonts (data_dir/assets/fonts) and a text cache. NULL with a
 * message naming the file in err. Owns the cache and its textures. */
LbConsole *lb_console_create(const char *data_dir, char *err, size_t err_size);
void lb_console_destroy(LbConsole *c);
/* Draw the whole console to r's current target of w x h pixels. Text is
 * sized from the output so it stays readable from a lectern at any window
 * size; nothing is rasterised in a frame where no text changed. */
bool lb_console_draw(LbConsole *c, SDL_Renderer *r, int w, int h, const LbSessionView *info);
/* The renderer's textures were lost: drop the cached ones. */
void lb_console_textures_lost(LbConsole *c);

#endif
