/* stats: frame-time statistics for --stats and --bench: intervals between
 * presented frames, their percentiles, late frames and process CPU time. */
#ifndef LB_STATS_H
#define LB_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "clock.h"
#include "report.h"

/* Intervals are counted in buckets, so a class of any length costs the
 * same memory: 1 us wide up to 100 ms, then 1 ms wide up to a minute (the
 * last holds everything longer). Percentiles are exact to the bucket. */
#define LB_STATS_FINE 100000  /* 1 us buckets: [0, 100 ms) */
#define LB_STATS_COARSE 60000 /* 1 ms buckets: [100 ms, 60 s] */

typedef struct {
    uint32_t *fine, *coarse;    /* interval counts (allocated at the first interval) */
    int n;                      /* intervals recorded */
    int late;                   /* of them, longer than 1.5 periods */
    bool oom;                   /* the buckets could not be allocated: counts only */
    double period_ms;           /* the intended frame period (a late frame takes > 1.5 of it) */
    uint64_t first_ns, last_ns; /* first and latest frame */
    double cpu0_s;              /* process CPU time at the first frame */
    double cpu_s;               /* process CPU time since the first frame */
    int frames;                 /* frames presented */
    double redrawn;             /* sum over frames of the fraction of the picture redrawn */
    int redraw_frames;          /* frames that told how much they redrew */
    const char *renderer;       /* the renderer's name, printed when set */
} LbStats;

/* Start collecting; period_ms is the target frame period. Owns the buckets. */
void lb_stats_init(LbStats *st, double period_ms);
void lb_stats_free(LbStats *st);
/* Record that a frame was presented at `ticks_ns` (any monotonic clock). */
void lb_stats_frame(LbStats *st, uint64_t ticks_ns);
/* Percentile p (0..100) of the recorded intervals, nearest rank; 0 when
 * there are none. Sorts a copy, so it may be called at any time. */
double lb_stats_percentile(const LbStats *st, double p);
/* A frame redrew `pixels` of a picture of `total` pixels. */
void lb_stats_redraw(LbStats *st, double pixels, double total);
/* Intervals longer than 1.5 frame periods. */
int lb_stats_late(const LbStats *st);
/* Hand the --stats block to out, one line each: frames, fps, frame_ms_p50, frame_ms_p99,
 * late_frames, cpu_s, then redrawn_percent (the mean share of the picture
 * drawn again a frame, when frames told it), renderer (when set) and
 * peak_rss_mb (when known), one "name value" per line. */
void lb_stats_report(const LbStats *st, const LbReport *out);
/* Median of n values (sorts them in place); 0 when n is 0. */
double lb_median(double *v, int n);

#endif
