/* bench: performance figures for --bench, one "name value unit" a line. */
#ifndef LB_BENCH_H
#define LB_BENCH_H

#include <stdbool.h>
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

/* The window's CPU drawing path (record, damage, redraw of what changed)
 * for `frames` frames at 60 Hz from t0_s at w x h: median and mean ms a
 * frame (CPU time, the first whole frame left out) and the mean share of
 * the picture redrawn. False on failure. */
bool lb_bench_window_frames(const LmLibrary *lib, const LmTimeline *tl, int w, int h, double t0_s, int frames,
                            double *median_ms, double *mean_ms, double *redrawn_percent);

#endif
