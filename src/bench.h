/* bench: performance figures for --bench, one "name value unit" a line. */
#ifndef LB_BENCH_H
#define LB_BENCH_H

#include <stdio.h>

#include "lm_timeline.h"

/* Measure on tl and print to out:
 *   render_1080p_ms  median time to draw and rasterise a 1920x1080 frame
 *   render_2160p_ms  the same at 3840x2160
 *   pose_eval_us     median time to sample the full figure at t
 *                    (interpolation, kinematics, support, IK)
 * Frames are offscreen (software renderer), times spread over the whole
 * timeline. frames 0 = the default (300). Returns the exit status. */
int lb_bench_run(const LmLibrary *lib, const LmTimeline *tl, int frames, FILE *out);

#endif
