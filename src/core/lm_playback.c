/* lm_playback: the playback clock. Position = anchor position + elapsed wall
 * time x speed (x 1 through held stretches), re-anchored on every change,
 * so it never accumulates error;
 * events are handed out once each as the position crosses them. */
#include "lm_playback.h"

#include <stdio.h>

#include <string.h>

static double clamp_pos(const LmPlayback *pb, double t) { return lm_clamp(t, 0.0, pb->tl ? pb->tl->duration_s : 0.0); }

void lm_pb_init(LmPlayback *pb, const LmTimeline *tl, uint64_t now_ticks)
{
    memset(pb, 0, sizeof *pb);
    pb->tl = tl;
    pb->base_ticks = now_ticks;
    pb->speed = 1.0;
    pb->fired_to_s = -1.0;
    pb->announce_seg = -1;
}

/* The first step that ends after t (n_segs when none does). */
static int seg_ending_after(const LmTimeline *tl, double t)
{
    int lo = 0, hi = tl->n_segs;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (tl->segs[mid].t1_s <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The stretch of session time from pos that plays at one rate: returns
 * where it ends and sets *rate. A held stretch plays at 1 (it lasts its
 * seconds at any tempo, and its countdown counts real seconds); any other
 * step, a gap between steps and the time past the last play at the speed.
 * *s is the first step ending after pos, kept from call to call. */
static double piece(const LmPlayback *pb, int *s, double pos, double *rate)
{
    const LmTimeline *tl = pb->tl;
    while (*s < tl->n_segs && tl->segs[*s].t1_s <= pos)
        (*s)++;
    *rate = pb->speed;
    if (*s >= tl->n_segs)
        return INFINITY;
    const LmSegment *g = &tl->segs[*s];
    if (pos < g->t0_s)
        return g->t0_s;
    if (g->kind == LM_SEG_HOLD)
        *rate = 1.0;
    return g->t1_s;
}

/* Where the position is dt wall seconds after pos, piece by piece. */
static double advance(const LmPlayback *pb, double pos, double dt)
{
    int s = seg_ending_after(pb->tl, pos);
    for (;;) {
        double rate, end = piece(pb, &s, pos, &rate), need = (end - pos) / rate;
        if (need >= dt)
            return pos + dt * rate;
        dt -= need;
        pos = end;
    }
}

double lm_pb_position(const LmPlayback *pb, uint64_t now_ticks)
{
    if (pb->paused || now_ticks <= pb->base_ticks)
        return clamp_pos(pb, pb->base_pos_s);
    /* The tick difference stays below 2^53 for over 100 days, so it
     * converts to double exactly. */
    double dt = (double)(now_ticks - pb->base_ticks) / (double)LM_TICKS_PER_S;
    if (pb->speed == 1.0 || !pb->tl)
        return clamp_pos(pb, pb->base_pos_s + dt * pb->speed);
    return clamp_pos(pb, advance(pb, pb->base_pos_s, dt));
}

double lm_pb_wall_s(const LmPlayback *pb, double t0, double t1)
{
    if (!pb->tl || t1 <= t0)
        return 0.0;
    if (pb->speed == 1.0)
        return t1 - t0;
    double wall = 0.0, pos = t0;
    int s = seg_ending_after(pb->tl, pos);
    while (pos < t1) {
        double rate, end = fmin(piece(pb, &s, pos, &rate), t1);
        wall += (end - pos) / rate;
        pos = end;
    }
    return wall;
}

static void reanchor(LmPlayback *pb, uint64_t now_ticks)
{
    pb->base_pos_s = lm_pb_position(pb, now_ticks);
    pb->base_ticks = now_ticks;
}

void lm_pb_set_paused(LmPlayback *pb, bool paused, uint64_t now_ticks)
{
    if (paused == pb->paused)
        return;
    reanchor(pb, now_ticks);
    pb->paused = paused;
}

void lm_pb_set_speed(LmPlayback *pb, double speed, uint64_t now_ticks)
{
    /* NaN would pass the clamp and poison the position for good. */
    if (isnan(speed))
        return;
    reanchor(pb, now_ticks);
    pb->speed = lm_clamp(speed, 0.5, 2.0);
}

void lm_pb_seek(LmPlayback *pb, double t_s, uint64_t now_ticks)
{
    const LmTimeline *tl = pb->tl;
    if (isnan(t_s))
        return;
    t_s = clamp_pos(pb, t_s);
    pb->base_pos_s = t_s;
    pb->base_ticks = now_ticks;
    /* Skip everything before t; events at exactly t still fire. */
    int lo = 0, hi = tl->n_events;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (tl->events[mid].t_s < t_s)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* Events at exactly t that close the step before it (the end tone of
     * a hold that was skipped) stay silent: a jump is announced only by the
     * step it lands on. Events at one instant are in step order. */
    int s = lm_timeline_seg_at(tl, t_s);
    while (lo < tl->n_events && tl->events[lo].t_s == t_s && tl->events[lo].seg < s)
        lo++;
    pb->next_event = lo;
    pb->fired_to_s = t_s;
    /* Landing inside a step: say that step again on the next poll. Its
     * events start at its first instant; the search begins there. */
    pb->announce_seg = (s >= 0 && tl->segs[s].t0_s < t_s) ? s : -1;
    if (pb->announce_seg >= 0) {
        double t0 = tl->segs[s].t0_s;
        hi = lo;
        lo = 0;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (tl->events[mid].t_s < t0)
                lo = mid + 1;
            else
                hi = mid;
        }
        pb->announce_from = lo;
    }
}

int lm_pb_poll(LmPlayback *pb, uint64_t now_ticks, const LmEvent **out, int max)
{
    const LmTimeline *tl = pb->tl;
    int n = 0;
    if (pb->announce_seg >= 0) {
        /* The step's own STEP and CUE events, from before the seek point.
         * A caller polling a few at a time gets the rest next call. */
        int s = pb->announce_seg, i = pb->announce_from;
        while (i < pb->next_event && n < max) {
            const LmEvent *e = &tl->events[i++];
            if (e->seg == s && (e->type == LM_EV_STEP || e->type == LM_EV_CUE))
                out[n++] = e;
        }
        pb->announce_from = i;
        if (i >= pb->next_event)
            pb->announce_seg = -1;
    }
    double now = lm_pb_position(pb, now_ticks);
    while (n < max && pb->next_event < tl->n_events && tl->events[pb->next_event].t_s <= now) {
        out[n++] = &tl->events[pb->next_event++];
    }
    if (now > pb->fired_to_s)
        pb->fired_to_s = now;
    return n;
}

bool lm_pb_finished(const LmPlayback *pb, uint64_t now_ticks)
{
    return lm_pb_position(pb, now_ticks) >= pb->tl->duration_s && pb->next_event >= pb->tl->n_events;
}

double lm_wall_s(const LmPlayback *pb, double speed, double t0, double t1)
{
    if (pb)
        return lm_pb_wall_s(pb, t0, t1);
    return (t1 - t0) / (speed > 0 ? speed : 1.0);
}

int lm_clock_seconds(double s)
{
    int t = (int)ceil(s - 1e-6);
    return t < 0 ? 0 : t;
}

void lm_format_clock(char *buf, size_t n, double s, bool always_minutes)
{
    int t = lm_clock_seconds(s);
    if (t >= 60 || always_minutes)
        snprintf(buf, n, "%d:%02d", t / 60, t % 60);
    else
        snprintf(buf, n, "%d", t);
}
