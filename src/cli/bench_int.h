/* bench_int: what the benchmark's files share. bench.c measures;
 * bench_child.c runs this program and the baseline as child processes on a
 * display (a virtual X server of its own when asked) and reads their
 * figures. */
#ifndef LB_BENCH_INT_H
#define LB_BENCH_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "lm_timeline.h"

#define PLAY_RUNS 5 /* of limber and of the baseline, taking turns; median */

static inline uint64_t bench_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

typedef struct {
    bool ok;
    double first_frame_ms; /* spawn to the "first_frame" line; < 0 if none */
    double wall_s;         /* spawn to exit */
    double cpu_s;          /* user + system of the child */
    double maxrss_mb;      /* the kernel's figure, which counts our own memory from before the exec: a fallback */
    char out[4096];        /* its standard output */
} Child;

/* An X server of our own when there is no display: Xvfb picks a free
 * display number and writes it to a pipe once it accepts clients. */
typedef struct {
    pid_t pid;
    char display[32];
} Xserver;

/* The figures of one playback run, from its --stats lines; server: the
 * display server's CPU over the run (-1 when it is not ours to watch). */
typedef struct {
    double cpu_percent, rss_mb, p99_ms, late, redrawn, server;
} Play;

/* Where the playback runs happen: this program and the baseline beside it,
 * and the display they draw on. */
typedef struct {
    char self[4200], base[4200];
    Xserver x;           /* the virtual X server started here, if any */
    const char *display; /* NULL: the one in the environment (or a named driver) */
} Stage;

/* Run argv (argv[0] a path) with DISPLAY = display when not NULL and
 * LIMBER_REPORT_FIRST_FRAME set; with stop_at_first_frame, ask it to quit
 * (SIGTERM, which SDL turns into a quit event) as soon as it has shown a
 * frame. Its stderr goes to /dev/null: a bench prints figures only. */
bool bench_run_child(char *const argv[], const char *display, bool stop_at_first_frame, Child *c);
/* Stop the X server started by bench_stage_open (nothing when none). */
void bench_xserver_stop(Xserver *x);
/* The child's "renderer NAME" line, printed again as "as NAME". */
void bench_print_renderer(FILE *out, const char *as, const char *child_out);
/* "NAME n/a WHY": a figure that could not be measured, and why. */
void bench_na(FILE *out, const char *name, const char *why);
/* Where the playback runs start: the first motion of the first exercise
 * (the safety card and the rest before it are still pictures, which would
 * flatter every figure). */
double bench_first_motion_s(const LmTimeline *tl);
/* bench_run_child, and the CPU the display server (pid server, 0: not ours)
 * spent meanwhile, as a percentage of the run's wall time, in *server. */
bool bench_run_watched(char *const argv[], const char *display, pid_t server, Child *c, double *pct);
/* A playback run's figures from its --stats lines; false when it failed. */
bool bench_play_of(const Child *c, Play *p);
/* Each figure the median of the runs' (a run's figures are not kept
 * together: each is a measurement of its own); zeros for no run. */
Play bench_play_median(const Play *runs, int n);
/* Find the programs and, unless a video driver is named (as tests do),
 * start a virtual screen of w x h: always when own_screen, else only when
 * there is no display. False with why when the runs cannot happen. */
bool bench_stage_open(Stage *st, int w, int h, bool own_screen, char *why, size_t n);

#endif
