/* render: headless output. Frames of a timeline as numbered PNGs, and a
 * contact sheet of an exercise's key poses, drawn by the software renderer
 * into memory: no display needed, the same bytes on every run. */
#ifndef LB_RENDER_H
#define LB_RENDER_H

#include <SDL.h>
#include <stdbool.h>

#include "lm_timeline.h"
#include "canvas.h"
#include "options.h"

/* --render DIR: frames from o->from_s for o->seconds (to the end when 0)
 * at o->fps (60) and o->width x o->height (1280x720) into
 * DIR/frame-000000.png onwards. Prints nothing on success. Returns the exit
 * status: 0 done, 1 failed (message on stderr), 2 bad arguments. With
 * o->audio_out, also the mixed sound of the same span as a WAV (clips from
 * lib). */
int lb_render_run(const LbOptions *o, const LmLibrary *lib, const LmTimeline *tl);
/* What --render and --render --home do first: the frame count from frames
 * (at least 1, at most 999999), o->render_dir made, a w x h canvas in cv.
 * -1 when ready, else the exit status, with the message printed. */
int lb_render_begin(const LbOptions *o, int w, int h, double frames, long *n, LbCanvas *cv);

/* --render DIR --home: the home screen's frames (its previews moving) from
 * o->from_s for o->seconds (one frame when 0), as lb_render_run writes
 * them. Returns the exit status. */
int lb_render_home(const LbOptions *o, const LmLibrary *lib);

/* Write surf to path as a PNG; a failed write removes what it wrote. False
 * with a message naming the file in err. */
bool lb_render_save_png(SDL_Surface *surf, const char *path, char *err, size_t err_size);

/* One PNG of item's key poses in a grid (each pose once), each cell labelled
 * with its number, time and caption (fonts from lib->data_dir), each cell framed by the
 * exercise's camera, in order left to right, top to bottom; prints one
 * line per cell (index, time, caption) on stdout. cell_h 0 = 270. Returns
 * the exit status like lb_render_run. */
int lb_render_contact_sheet(const LmTimeline *tl, const LmLibrary *lib, int item, const char *path, int cell_h,
                            bool mirror, bool captions);

#endif
