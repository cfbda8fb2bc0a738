/* lm_playback: the playback clock over a timeline. Position is derived from
 * an anchor (position, wall ticks) re-set at every pause, speed change and
 * seek, never accumulated frame by frame, so it cannot drift; at a speed
 * other than 1x it is walked step by step from the anchor, as holds keep
 * real time. Events fire
 * once when the position crosses them: the interval (last, now]. */
#ifndef LM_PLAYBACK_H
#define LM_PLAYBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lm_timeline.h"

#define LM_TICKS_PER_S 1000000000ull /* wall ticks are nanoseconds */

typedef struct {
    const LmTimeline *tl;
    double base_pos_s;   /* timeline position at base_ticks */
    uint64_t base_ticks; /* wall clock at the last re-anchor */
    double speed;        /* 0.5 .. 2.0 */
    bool paused;
    double fired_to_s; /* events with t <= this have fired */
    int next_event;    /* first event not yet fired */
    int announce_seg;  /* segment to announce after a seek, or -1 */
    int announce_from; /* next event to look at for that announcement */
} LmPlayback;

void lm_pb_init(LmPlayback *pb, const LmTimeline *tl, uint64_t now_ticks);
/* Timeline position at wall time now, clamped to [0, duration]. Held
 * stretches play at 1x whatever the speed (a 30 s hold lasts 30 s, and its
 * countdown counts real seconds); the speed sets the tempo of the rest. */
double lm_pb_position(const LmPlayback *pb, uint64_t now_ticks);
void lm_pb_set_paused(LmPlayback *pb, bool paused, uint64_t now_ticks);
/* Speed is clamped to 0.5 .. 2.0; NaN is ignored. */
void lm_pb_set_speed(LmPlayback *pb, double speed, uint64_t now_ticks);
/* Jump to t (NaN is ignored). Events between the old and new position
 * never fire; the step (and its cue) that starts at or covers t is
 * announced on the next poll. */
void lm_pb_seek(LmPlayback *pb, double t_s, uint64_t now_ticks);
/* Events crossed since the last poll, in order, at most max; call again
 * while it returns max. */
int lm_pb_poll(LmPlayback *pb, uint64_t now_ticks, const LmEvent **out, int max);
/* Wall seconds that playing from t0 to t1 takes at the current speed. */
double lm_pb_wall_s(const LmPlayback *pb, double t0, double t1);
bool lm_pb_finished(const LmPlayback *pb, uint64_t now_ticks);

/* The one rule for "time left" and "next in", wherever they are shown:
 * the wall seconds that playing from t0 to t1 takes, at the clock's speed
 * when there is a clock (pb; holds keep their own length), else at speed
 * (1 when not positive). */
double lm_wall_s(const LmPlayback *pb, double speed, double t0, double t1);
/* The whole seconds a clock shows for s seconds left: rounded up, so "1"
 * shows until the very end; never below 0. */
int lm_clock_seconds(double s);
/* That clock as text: "45", "1:30"; with always_minutes "0:45". */
void lm_format_clock(char *buf, size_t n, double s, bool always_minutes);

#endif
