/* export: one video file of a session (--export FILE.mp4|.webm|.gif), its
 * frames drawn as --render draws them and its sound the mix --render
 * writes as WAV, streamed to FFmpeg's encoders (encode.h). */
#ifndef LB_EXPORT_H
#define LB_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "lm_timeline.h"
#include "options.h"

/* What to export; zero sizes and rates mean the defaults (1280x720, 30). */
typedef struct {
    const char *path;
    int width, height, fps;
    double from_s, seconds; /* seconds 0 = to the end */
    bool mirror;
    bool progress; /* a progress bar on stderr */
} LbExportJob;

/* Write j->path: under a temporary name in the same folder, renamed to
 * j->path once whole, so an existing file is replaced only by a complete
 * one and a failed or stopped export leaves nothing behind. Returns the
 * exit status (0, 1 failed, 2 usage, 130 stopped by Ctrl+C or SIGTERM)
 * with why in err when not 0; prints only the progress bar. */
int lb_export_write(const LbExportJob *j, const LmLibrary *lib, const LmTimeline *tl, char *err, size_t err_size);

/* --export: the job from the options, run, with its messages on stderr. */
int lb_export_run(const LbOptions *o, const LmLibrary *lib, const LmTimeline *tl);

#endif
