/* test_core_playback: the playback clock driven by a fake tick clock: every
 * event fires exactly once across a play, through pauses, speed changes and
 * seeks; the position is continuous, clamped and frozen while paused. */
#include <stdint.h>
#include <stdlib.h>

#include "lm_library.h"
#include "lm_playback.h"
#include "lm_timeline.h"
#include "lt.h"
#include "lt_lib.h"

static LmLibrary lib;
static LmTimeline *tl;

#define NS 1000000000ull
#define FRAME_NS 16666667ull /* 60 Hz */
/* The wall clock does not start at zero (a monotonic clock counts from boot). */
#define T0 (5000ull * 3600ull * NS)

/* How often each event has fired, and in which order. */
static int fired[8192];
static int last_fired;
static int out_of_order;

static void reset_counts(void)
{
    memset(fired, 0, sizeof fired);
    last_fired = -1;
    out_of_order = 0;
}

/* Poll until drained, `max` at a time; count what fired and keep the
 * indices of this round in polled[]. Returns how many. */
static int polled[8192];
static int n_polled;

static int poll_all(LmPlayback *pb, uint64_t now, int max)
{
    const LmEvent *ev[64];
    int n;
    n_polled = 0;
    do {
        n = lm_pb_poll(pb, now, ev, max);
        for (int i = 0; i < n; i++) {
            int k = (int)(ev[i] - tl->events);
            if (k < 0 || k >= tl->n_events)
                continue;
            fired[k]++;
            out_of_order += k < last_fired;
            last_fired = k;
            if (n_polled < 8192)
                polled[n_polled++] = k;
        }
    } while (n == max);
    return n_polled;
}

/* Play at 60 Hz until the end (or `until_s` of position). Every poll must
 * hand out exactly the events in (previous position, position]: none early,
 * none late, none twice. Counts offending polls into *late. */
static uint64_t play(LmPlayback *pb, uint64_t now, double until_s, int *late)
{
    double prev = lm_pb_position(pb, now);
    int j = 0; /* first event after prev */
    while (j < tl->n_events && tl->events[j].t_s <= prev)
        j++;
    for (int guard = 0; guard < 2000000; guard++) {
        now += FRAME_NS;
        double pos = lm_pb_position(pb, now);
        int due = 0;
        while (j < tl->n_events && tl->events[j].t_s <= pos)
            j++, due++;
        int n = poll_all(pb, now, 8);
        bool bad = n != due;
        for (int i = 0; i < n; i++) {
            double t = tl->events[polled[i]].t_s;
            bad |= !(t > prev && t <= pos);
        }
        if (bad) {
            fprintf(stderr, "  poll at %.9f..%.9f handed out %d events, %d due\n", prev, pos, n, due);
            (*late)++;
        }
        prev = pos;
        if (pos >= until_s || lm_pb_finished(pb, now))
            break;
    }
    return now;
}

static int count_fired(int times)
{
    int n = 0;
    for (int k = 0; k < tl->n_events; k++)
        n += fired[k] == times;
    return n;
}

/* ---- plain play ------------------------------------------------------- */

static void events_fire_once_across_a_full_play(void)
{
    LmPlayback pb;
    reset_counts();
    lm_pb_init(&pb, tl, T0);
    LT_CHECK(lm_pb_position(&pb, T0) == 0.0);
    LT_CHECK(!lm_pb_finished(&pb, T0));
    /* The events at 0 fire on the first poll. */
    int at0 = 0;
    for (int k = 0; k < tl->n_events; k++)
        at0 += tl->events[k].t_s == 0.0;
    LT_CHECK(at0 > 0);
    LT_CHECK(poll_all(&pb, T0, 8) == at0);
    int late = 0;
    uint64_t now = play(&pb, T0, 1e9, &late);
    LT_CHECK(late == 0);
    LT_CHECK_MSG(count_fired(1) == tl->n_events, "%d of %d events fired once", count_fired(1), tl->n_events);
    LT_CHECK(out_of_order == 0);
    LT_CHECK(lm_pb_finished(&pb, now));
    LT_CHECK(lm_pb_position(&pb, now) == tl->duration_s);
    /* Played through at 1x: the wall time taken is the duration, to a frame. */
    double wall = (double)(now - T0) / NS;
    LT_CHECK(wall >= tl->duration_s && wall < tl->duration_s + 1.0 / 60.0 + 1e-9);
    /* Nothing more fires after the end. */
    LT_CHECK(poll_all(&pb, now + 10 * NS, 8) == 0);
}

static void position_is_clamped_at_both_ends(void)
{
    LmPlayback pb;
    lm_pb_init(&pb, tl, T0);
    lm_pb_seek(&pb, -5.0, T0);
    LT_CHECK(lm_pb_position(&pb, T0) == 0.0);
    lm_pb_seek(&pb, tl->duration_s + 5.0, T0);
    LT_CHECK(lm_pb_position(&pb, T0) == tl->duration_s);
    LT_CHECK(lm_pb_position(&pb, T0 + 100 * NS) == tl->duration_s);
    lm_pb_seek(&pb, tl->duration_s - 1.0, T0);
    LT_CHECK(lm_pb_position(&pb, T0 + 3 * NS) == tl->duration_s);
    /* A clock read from before the anchor does not run backwards. */
    lm_pb_seek(&pb, 10.0, T0);
    LT_CHECK(lm_pb_position(&pb, T0 - NS) == 10.0);
}

static void finished_only_when_the_end_has_fired(void)
{
    LmPlayback pb;
    reset_counts();
    lm_pb_init(&pb, tl, T0);
    lm_pb_seek(&pb, tl->duration_s - 0.5, T0);
    LT_CHECK(!lm_pb_finished(&pb, T0));
    uint64_t now = T0 + NS;
    /* At the end but not yet polled: the end event is still due. */
    LT_CHECK(lm_pb_position(&pb, now) == tl->duration_s);
    LT_CHECK(!lm_pb_finished(&pb, now));
    poll_all(&pb, now, 8);
    LT_CHECK(fired[tl->n_events - 1] == 1 && tl->events[tl->n_events - 1].type == LM_EV_END);
    LT_CHECK(lm_pb_finished(&pb, now));
    /* Seeking back un-finishes it. */
    lm_pb_seek(&pb, 1.0, now);
    LT_CHECK(!lm_pb_finished(&pb, now));
}

/* ---- pause ------------------------------------------------------------ */

static void nothing_fires_while_paused_and_position_freezes(void)
{
    LmPlayback pb;
    reset_counts();
    lm_pb_init(&pb, tl, T0);
    poll_all(&pb, T0, 8);
    int late = 0;
    uint64_t now = play(&pb, T0, tl->duration_s / 3, &late);
    lm_pb_set_paused(&pb, true, now);
    double frozen = lm_pb_position(&pb, now);
    int during = 0;
    for (int i = 0; i < 60 * 30; i++) {
        now += FRAME_NS;
        LT_CHECK(lm_pb_position(&pb, now) == frozen);
        during += poll_all(&pb, now, 8);
    }
    LT_CHECK(during == 0);
    /* Pausing twice changes nothing; neither does a speed change. */
    lm_pb_set_paused(&pb, true, now);
    lm_pb_set_speed(&pb, 2.0, now);
    LT_CHECK(lm_pb_position(&pb, now + 5 * NS) == frozen);
    lm_pb_set_speed(&pb, 1.0, now);
    lm_pb_set_paused(&pb, false, now);
    LT_CHECK(lm_pb_position(&pb, now) == frozen);
    LT_NEAR(lm_pb_position(&pb, now + NS / 2), frozen + 0.5, 1e-12);
    now = play(&pb, now, 1e9, &late);
    LT_CHECK(late == 0);
    LT_CHECK(count_fired(1) == tl->n_events);
    LT_CHECK(out_of_order == 0);
}

/* ---- speed ------------------------------------------------------------ */

/* The model of the clock at a speed: where the position is dt wall seconds
 * after pos, each step at its own rate (a hold at 1x, the rest at speed),
 * found by going through every step in turn. */
static double model_after(double pos, double dt, double speed)
{
    for (int s = 0; s < tl->n_segs && dt > 0; s++) {
        const LmSegment *g = &tl->segs[s];
        if (g->t1_s <= pos)
            continue;
        if (pos < g->t0_s) {
            double gap = (g->t0_s - pos) / speed;
            if (gap >= dt)
                return pos + dt * speed;
            dt -= gap;
            pos = g->t0_s;
        }
        double rate = g->kind == LM_SEG_HOLD ? 1.0 : speed, need = (g->t1_s - pos) / rate;
        if (need >= dt)
            return pos + dt * rate;
        dt -= need;
        pos = g->t1_s;
    }
    return pos + dt * speed;
}

static void a_hold_lasts_its_seconds_at_any_speed(void)
{
    int h = -1, m = -1;
    for (int s = 0; s < tl->n_segs && (h < 0 || m < 0); s++) {
        if (h < 0 && tl->segs[s].kind == LM_SEG_HOLD && tl->segs[s].t1_s - tl->segs[s].t0_s > 5)
            h = s;
        if (m < 0 && tl->segs[s].kind == LM_SEG_MOVE && tl->segs[s].t1_s - tl->segs[s].t0_s > 1)
            m = s;
    }
    LT_CHECK(h >= 0 && m >= 0);
    if (h < 0 || m < 0)
        return;
    const LmSegment *hold = &tl->segs[h], *move = &tl->segs[m];
    double hold_s = hold->t1_s - hold->t0_s, move_s = move->t1_s - move->t0_s;
    static const double speeds[] = {0.5, 0.75, 1.25, 2.0};
    for (size_t i = 0; i < sizeof speeds / sizeof speeds[0]; i++) {
        LmPlayback pb;
        lm_pb_init(&pb, tl, T0);
        lm_pb_set_speed(&pb, speeds[i], T0);
        /* a held stretch: its length in real seconds, whatever the speed */
        lm_pb_seek(&pb, hold->t0_s, T0);
        uint64_t wall = (uint64_t)llround(hold_s * 0.5 * (double)NS);
        LT_NEAR(lm_pb_position(&pb, T0 + wall), hold->t0_s + hold_s * 0.5, 1e-9);
        LT_NEAR(lm_pb_wall_s(&pb, hold->t0_s, hold->t1_s), hold_s, 1e-9);
        /* a move: at the speed */
        lm_pb_seek(&pb, move->t0_s, T0);
        wall = (uint64_t)llround(move_s * 0.5 / speeds[i] * (double)NS);
        LT_NEAR(lm_pb_position(&pb, T0 + wall), move->t0_s + move_s * 0.5, 1e-9);
        LT_NEAR(lm_pb_wall_s(&pb, move->t0_s, move->t1_s), move_s / speeds[i], 1e-9);
        /* the whole session: its holds at 1x, the rest at the speed */
        double want = 0.0, covered = 0.0;
        for (int s = 0; s < tl->n_segs; s++) {
            double len = tl->segs[s].t1_s - tl->segs[s].t0_s;
            want += tl->segs[s].kind == LM_SEG_HOLD ? len : len / speeds[i];
            covered += len;
        }
        want += (tl->duration_s - covered) / speeds[i];
        LT_NEAR(lm_pb_wall_s(&pb, 0.0, tl->duration_s), want, 1e-6);
        /* and playing it through, frame by frame, takes that long */
        lm_pb_seek(&pb, 0.0, T0);
        LT_NEAR(lm_pb_position(&pb, T0 + (uint64_t)llround(want * (double)NS)), tl->duration_s, 1e-6);
        LT_CHECK(lm_pb_position(&pb, T0 + (uint64_t)llround((want - 0.01) * (double)NS)) < tl->duration_s);
    }
}

static void speed_is_clamped_to_half_and_double(void)
{
    LmPlayback pb;
    lm_pb_init(&pb, tl, T0);
    lm_pb_set_speed(&pb, 0.1, T0);
    LT_CHECK(pb.speed == 0.5);
    LT_NEAR(lm_pb_position(&pb, T0 + 2 * NS), 1.0, 1e-12);
    lm_pb_seek(&pb, 0.0, T0);
    lm_pb_set_speed(&pb, 10.0, T0);
    LT_CHECK(pb.speed == 2.0);
    LT_NEAR(lm_pb_position(&pb, T0 + 2 * NS), 4.0, 1e-12);
    lm_pb_set_speed(&pb, -3.0, T0);
    LT_CHECK(pb.speed == 0.5);
    lm_pb_set_speed(&pb, 1.25, T0);
    LT_CHECK(pb.speed == 1.25);
}

static void speed_or_seek_that_is_not_a_number_is_ignored(void)
{
    LmPlayback pb;
    reset_counts();
    lm_pb_init(&pb, tl, T0);
    poll_all(&pb, T0, 8);
    lm_pb_set_speed(&pb, 1.5, T0);
    lm_pb_set_speed(&pb, nan(""), T0 + NS);
    LT_CHECK(pb.speed == 1.5);
    LT_CHECK_MSG(lm_pb_position(&pb, T0 + 3 * NS) == 4.5, "position %g after a NaN speed",
                 lm_pb_position(&pb, T0 + 3 * NS));
    lm_pb_seek(&pb, nan(""), T0 + 3 * NS);
    LT_CHECK_MSG(lm_pb_position(&pb, T0 + 3 * NS) == 4.5, "position %g after a NaN seek",
                 lm_pb_position(&pb, T0 + 3 * NS));
    /* and nothing is handed out again */
    poll_all(&pb, T0 + 3 * NS, 8);
    LT_CHECK(count_fired(2) == 0);
    /* Infinities are only very large numbers: clamped. */
    lm_pb_set_speed(&pb, INFINITY, T0 + 3 * NS);
    LT_CHECK(pb.speed == 2.0);
    lm_pb_seek(&pb, -INFINITY, T0 + 3 * NS);
    LT_CHECK(lm_pb_position(&pb, T0 + 3 * NS) == 0.0);
}

static void position_is_continuous_across_speed_changes(void)
{
    static const double speeds[] = {2.0, 0.5, 1.37, 0.75, 1.9, 1.0, 0.5, 2.0};
    LmPlayback pb;
    reset_counts();
    lm_pb_init(&pb, tl, T0);
    poll_all(&pb, T0, 8);
    uint64_t now = T0;
    int late = 0;
    double step = tl->duration_s / 10;
    for (size_t i = 0; i < sizeof speeds / sizeof speeds[0]; i++) {
        now = play(&pb, now, step * (double)(i + 1), &late);
        double before = lm_pb_position(&pb, now);
        lm_pb_set_speed(&pb, speeds[i], now);
        LT_CHECK(lm_pb_position(&pb, now) == before);
        /* Then it runs at the new rate (at 1x through a hold). */
        LT_NEAR(lm_pb_position(&pb, now + NS / 4), model_after(before, 0.25, speeds[i]), 1e-9);
    }
    now = play(&pb, now, 1e9, &late);
    LT_CHECK(late == 0);
    LT_CHECK_MSG(count_fired(1) == tl->n_events, "%d of %d fired once", count_fired(1), tl->n_events);
    LT_CHECK(out_of_order == 0);
    LT_CHECK(lm_pb_finished(&pb, now));
}

/* ---- seek ------------------------------------------------------------- */

/* A segment at least 2 s long somewhere in the middle, with a cue at its start. */
static int middle_segment_with_cue(double after_s)
{
    for (int s = 0; s < tl->n_segs; s++) {
        const LmSegment *sg = &tl->segs[s];
        if (sg->t0_s <= after_s || sg->t1_s - sg->t0_s < 2.0)
            continue;
        for (int k = 0; k < tl->n_events; k++)
            if (tl->events[k].seg == s && tl->events[k].type == LM_EV_CUE && tl->events[k].t_s == sg->t0_s)
                return s;
    }
    return -1;
}

static void events_between_never_fire_across_a_forward_seek(void)
{
    LmPlayback pb;
    reset_counts();
    lm_pb_init(&pb, tl, T0);
    poll_all(&pb, T0, 8);
    int late = 0;
    uint64_t now = play(&pb, T0, 2.0, &late);
    double from = lm_pb_position(&pb, now);
    int s = middle_segment_with_cue(tl->duration_s / 2);
    LT_CHECK(s >= 0);
    if (s < 0)
        return;
    double to = tl->segs[s].t0_s + 1.0; /* mid-step */
    lm_pb_seek(&pb, to, now);
    LT_CHECK(lm_pb_position(&pb, now) == to);
    int before[8192];
    memcpy(before, fired, sizeof(int) * (size_t)tl->n_events);
    poll_all(&pb, now, 8);
    /* Only the step's own STEP and CUE are announced; nothing else between. */
    for (int k = 0; k < tl->n_events; k++) {
        const LmEvent *e = &tl->events[k];
        int got = fired[k] - before[k];
        bool announce = e->seg == s && e->t_s < to && (e->type == LM_EV_STEP || e->type == LM_EV_CUE);
        LT_CHECK_MSG(got == (announce ? 1 : 0), "event %d (%s at %g) fired %d times after seek %g -> %g", k,
                     lm_event_name(e->type), e->t_s, got, from, to);
    }
    /* Polling again does not repeat the announcement. */
    LT_CHECK(poll_all(&pb, now, 8) == 0);
    now = play(&pb, now, 1e9, &late);
    LT_CHECK(late == 0);
    for (int k = 0; k < tl->n_events; k++) {
        const LmEvent *e = &tl->events[k];
        bool announced = e->seg == s && (e->type == LM_EV_STEP || e->type == LM_EV_CUE);
        int want = e->t_s <= from || e->t_s >= to || announced ? 1 : 0;
        LT_CHECK_MSG(fired[k] == want, "event %d (%s at %g) fired %d times, want %d", k, lm_event_name(e->type), e->t_s,
                     fired[k], want);
    }
}

static void events_at_exactly_the_seek_target_fire_once(void)
{
    LmPlayback pb;
    reset_counts();
    lm_pb_init(&pb, tl, T0);
    poll_all(&pb, T0, 8);
    int s = middle_segment_with_cue(tl->duration_s / 3);
    LT_CHECK(s >= 0);
    if (s < 0)
        return;
    double to = tl->segs[s].t0_s;
    lm_pb_seek(&pb, to, T0);
    poll_all(&pb, T0, 8);
    int at = 0;
    for (int k = 0; k < tl->n_events; k++) {
        const LmEvent *e = &tl->events[k];
        if (e->t_s == to && e->seg >= s) {
            at++;
            LT_CHECK_MSG(fired[k] == 1, "event %d (%s) at the target fired %d times", k, lm_event_name(e->type),
                         fired[k]);
        } else if (e->t_s > 0.0) {
            /* Nothing before, and nothing that closes the step before. */
            LT_CHECK(fired[k] == 0);
        }
    }
    LT_CHECK(at >= 2); /* at least the step and its cue */
    /* Seeking again to the same point replays them: the user asked for it. */
    lm_pb_seek(&pb, to, T0 + NS);
    poll_all(&pb, T0 + NS, 8);
    for (int k = 0; k < tl->n_events; k++)
        if (tl->events[k].t_s == to && tl->events[k].seg >= s)
            LT_CHECK(fired[k] == 2);
}

static void jumping_past_a_hold_does_not_sound_its_end(void)
{
    int tested = 0;
    for (int h = 0; h + 1 < tl->n_segs; h++) {
        if (tl->segs[h].kind != LM_SEG_HOLD)
            continue;
        LmPlayback pb;
        reset_counts();
        lm_pb_init(&pb, tl, T0);
        /* Mid-hold, the user presses "next step". */
        double mid = 0.5 * (tl->segs[h].t0_s + tl->segs[h].t1_s);
        lm_pb_seek(&pb, mid, T0);
        poll_all(&pb, T0, 8);
        reset_counts();
        double to = lm_timeline_next_step(tl, mid);
        LT_NEAR(to, tl->segs[h + 1].t0_s, 1e-12);
        lm_pb_seek(&pb, to, T0);
        poll_all(&pb, T0, 8);
        int end_tones = 0, steps = 0;
        for (int k = 0; k < tl->n_events; k++) {
            const LmEvent *e = &tl->events[k];
            if (e->type == LM_EV_HOLD_END && e->seg == h)
                end_tones += fired[k];
            if (e->type == LM_EV_STEP && e->seg == h + 1)
                steps += fired[k];
        }
        LT_CHECK_MSG(end_tones == 0, "the skipped hold at %.2f s sounded its end", tl->segs[h].t0_s);
        LT_CHECK_MSG(steps == 1, "the step jumped to at %.2f s was announced %d times", to, steps);
        tested++;
    }
    LT_CHECK(tested > 0);
}

static void backward_seek_replays_from_the_target_without_the_events_between(void)
{
    LmPlayback pb;
    reset_counts();
    lm_pb_init(&pb, tl, T0);
    poll_all(&pb, T0, 8);
    int late = 0;
    uint64_t now = play(&pb, T0, tl->duration_s * 0.8, &late);
    double from = lm_pb_position(&pb, now);
    int s = middle_segment_with_cue(tl->duration_s * 0.2);
    LT_CHECK(s >= 0 && tl->segs[s].t0_s < from);
    if (s < 0)
        return;
    double to = tl->segs[s].t0_s + 0.5;
    memset(fired, 0, sizeof fired);
    last_fired = -1;
    lm_pb_seek(&pb, to, now);
    poll_all(&pb, now, 8);
    for (int k = 0; k < tl->n_events; k++) {
        const LmEvent *e = &tl->events[k];
        bool announce = e->seg == s && e->t_s < to && (e->type == LM_EV_STEP || e->type == LM_EV_CUE);
        LT_CHECK_MSG(fired[k] == (announce ? 1 : 0), "event %d (%s at %g) fired %d times right after seeking back", k,
                     lm_event_name(e->type), e->t_s, fired[k]);
    }
    now = play(&pb, now, 1e9, &late);
    LT_CHECK(late == 0);
    for (int k = 0; k < tl->n_events; k++) {
        const LmEvent *e = &tl->events[k];
        bool announce = e->seg == s && e->t_s < to && (e->type == LM_EV_STEP || e->type == LM_EV_CUE);
        int want = e->t_s >= to || announce ? 1 : 0;
        LT_CHECK_MSG(fired[k] == want, "event %d (%s at %g) fired %d, want %d", k, lm_event_name(e->type), e->t_s,
                     fired[k], want);
    }
    LT_CHECK(out_of_order == 0);
}

static void mid_step_announcement_survives_polling_one_event_at_a_time(void)
{
    LmPlayback pb;
    reset_counts();
    lm_pb_init(&pb, tl, T0);
    int s = middle_segment_with_cue(tl->duration_s / 2);
    LT_CHECK(s >= 0);
    if (s < 0)
        return;
    double to = tl->segs[s].t0_s + 1.0;
    lm_pb_seek(&pb, to, T0);
    int want = 0;
    for (int k = 0; k < tl->n_events; k++) {
        const LmEvent *e = &tl->events[k];
        want += e->seg == s && e->t_s < to && (e->type == LM_EV_STEP || e->type == LM_EV_CUE);
    }
    LT_CHECK(want >= 2);
    /* "Call again while it returns max": with max 1 nothing may be lost. */
    LT_CHECK_MSG(poll_all(&pb, T0, 1) == want, "announced %d of %d", count_fired(1), want);
    LT_CHECK(poll_all(&pb, T0, 1) == 0);
}

static void seek_while_paused_moves_the_position_and_stays_there(void)
{
    LmPlayback pb;
    reset_counts();
    lm_pb_init(&pb, tl, T0);
    lm_pb_set_paused(&pb, true, T0);
    lm_pb_seek(&pb, tl->duration_s / 2, T0 + NS);
    LT_CHECK(lm_pb_position(&pb, T0 + 50 * NS) == tl->duration_s / 2);
    lm_pb_set_paused(&pb, false, T0 + 50 * NS);
    LT_NEAR(lm_pb_position(&pb, T0 + 51 * NS), tl->duration_s / 2 + 1.0, 1e-12);
}

static void seek_then_play_at_speed_never_fires_late(void)
{
    /* A mix of everything, checked frame by frame against the positions. */
    LmPlayback pb;
    reset_counts();
    lm_pb_init(&pb, tl, T0);
    poll_all(&pb, T0, 3);
    int late = 0;
    uint64_t now = T0;
    lm_pb_set_speed(&pb, 2.0, now);
    now = play(&pb, now, tl->duration_s * 0.3, &late);
    lm_pb_seek(&pb, lm_timeline_next_step(tl, lm_pb_position(&pb, now)), now);
    poll_all(&pb, now, 3);
    lm_pb_set_speed(&pb, 0.5, now);
    now = play(&pb, now, tl->duration_s * 0.4, &late);
    lm_pb_seek(&pb, lm_timeline_prev_step(tl, lm_pb_position(&pb, now), 1.5), now);
    poll_all(&pb, now, 3);
    lm_pb_set_speed(&pb, 1.0, now);
    now = play(&pb, now, 1e9, &late);
    LT_CHECK(late == 0);
    LT_CHECK(lm_pb_finished(&pb, now));
    LT_CHECK(fired[tl->n_events - 1] == 1);
}

/* A long random session of everything a presenter does, checked against a
 * model kept in the test: the position from its own anchor, and for every
 * poll exactly the events the model says are due. */
static void random_session_matches_a_model_of_the_clock(void)
{
    LmPlayback pb;
    reset_counts();
    lm_pb_init(&pb, tl, T0);
    /* The model. */
    double m_base = 0.0, m_speed = 1.0, m_prev = -1.0;
    uint64_t m_ticks = T0;
    bool m_paused = false;
    int m_announce = -1; /* segment whose STEP/CUE are due after a seek */
    double m_seek_to = 0.0;
    uint64_t now = T0;
    unsigned x = 2024u;
    long pos_bad = 0, poll_bad = 0, ops = 0;
    for (int it = 0; it < 20000; it++) {
        x = x * 1664525u + 1013904223u;
        unsigned r = (x >> 16) % 100;
        double m_now;
        if (r < 55) {
            /* frames go by: 1 to 30 ticks of 60 Hz, sometimes a dropped second */
            now += (uint64_t)(1 + (x >> 8) % 30) * FRAME_NS + (r < 3 ? NS : 0);
        } else if (r < 65) {
            double sp = 0.25 + (double)((x >> 4) % 200) / 100.0; /* 0.25 .. 2.24: some get clamped */
            m_now =
                m_paused ? m_base : fmin(model_after(m_base, (double)(now - m_ticks) / NS, m_speed), tl->duration_s);
            m_base = m_now, m_ticks = now;
            m_speed = sp < 0.5 ? 0.5 : sp > 2.0 ? 2.0 : sp;
            lm_pb_set_speed(&pb, sp, now);
            ops++;
        } else if (r < 75) {
            m_now =
                m_paused ? m_base : fmin(model_after(m_base, (double)(now - m_ticks) / NS, m_speed), tl->duration_s);
            m_base = m_now, m_ticks = now;
            m_paused = !m_paused;
            lm_pb_set_paused(&pb, m_paused, now);
            ops++;
        } else {
            double cur =
                m_paused ? m_base : fmin(model_after(m_base, (double)(now - m_ticks) / NS, m_speed), tl->duration_s);
            double to = r < 85   ? lm_timeline_next_step(tl, cur)
                        : r < 92 ? lm_timeline_prev_step(tl, cur, 1.5)
                        : r < 96 ? tl->duration_s * (double)((x >> 3) % 1000) / 1000.0
                                 : lm_timeline_next_item(tl, cur);
            m_base = to, m_ticks = now, m_prev = -1.0, m_seek_to = to;
            int sg = lm_timeline_seg_at(tl, to);
            m_announce = tl->segs[sg].t0_s < to ? sg : -1;
            lm_pb_seek(&pb, to, now);
            ops++;
        }
        m_now = m_paused ? m_base : fmin(model_after(m_base, (double)(now - m_ticks) / NS, m_speed), tl->duration_s);
        double pos = lm_pb_position(&pb, now);
        pos_bad += fabs(pos - m_now) > 1e-9;
        /* Which events the model expects from this poll, in order. */
        int want[1024], n_want = 0;
        if (m_announce >= 0)
            for (int k = 0; k < tl->n_events && n_want < 1024; k++) {
                const LmEvent *e = &tl->events[k];
                if (e->seg == m_announce && e->t_s < m_seek_to && (e->type == LM_EV_STEP || e->type == LM_EV_CUE))
                    want[n_want++] = k;
            }
        for (int k = 0; k < tl->n_events && n_want < 1024; k++) {
            double t = tl->events[k].t_s;
            /* After a seek: from the target on, except what closes the step
             * before it at that very instant (a skipped hold's end tone). */
            bool due = m_prev < 0 ? (t >= m_seek_to && t <= pos &&
                                     !(t == m_seek_to && tl->events[k].seg < lm_timeline_seg_at(tl, m_seek_to)))
                                  : (t > m_prev && t <= pos);
            if (due)
                want[n_want++] = k;
        }
        poll_all(&pb, now, 5);
        bool same = n_polled == n_want;
        for (int k = 0; same && k < n_want; k++)
            same = polled[k] == want[k];
        if (!same && poll_bad < 5)
            fprintf(stderr, "  step %d: polled %d events, the model wants %d (position %.6f)\n", it, n_polled, n_want,
                    pos);
        poll_bad += !same;
        m_announce = -1;
        m_prev = pos;
    }
    LT_CHECK(ops > 1000);
    LT_CHECK_MSG(pos_bad == 0, "%ld positions off the model", pos_bad);
    LT_CHECK_MSG(poll_bad == 0, "%ld polls differ from the model", poll_bad);
}

/* Every view's "time left": with a clock its speed and holds count, without
 * one the speed given; the clock shows whole seconds rounded up. */
static void time_left_and_its_clock_follow_one_rule(void)
{
    LmPlayback pb;
    lm_pb_init(&pb, tl, T0);
    double end = tl->duration_s;
    LT_NEAR(lm_wall_s(&pb, 2.0, 0.0, end), lm_pb_wall_s(&pb, 0.0, end), 1e-12);
    LT_NEAR(lm_wall_s(NULL, 2.0, 10.0, 40.0), 15.0, 1e-12);
    LT_NEAR(lm_wall_s(NULL, 0.0, 10.0, 40.0), 30.0, 1e-12);
    LT_CHECK(lm_clock_seconds(0.2) == 1 && lm_clock_seconds(1.0) == 1 && lm_clock_seconds(1.001) == 2);
    LT_CHECK(lm_clock_seconds(-3.0) == 0);
    char buf[16];
    lm_format_clock(buf, sizeof buf, 45.0, false);
    LT_CHECK_MSG(strcmp(buf, "45") == 0, "clock \"%s\"", buf);
    lm_format_clock(buf, sizeof buf, 45.0, true);
    LT_CHECK_MSG(strcmp(buf, "0:45") == 0, "clock \"%s\"", buf);
    lm_format_clock(buf, sizeof buf, 89.5, false);
    LT_CHECK_MSG(strcmp(buf, "1:30") == 0, "clock \"%s\"", buf);
}

int main(void)
{
    if (!lt_load_shipped_library(&lib))
        return 1;
    LmErrors err = {0};
    /* A routine when there is one (more items, more events), else an exercise. */
    LmCompileOpts o = {0};
    o.level = LM_LEVEL_BEGINNER;
    tl = lib.n_routines > 0 ? lm_timeline_compile_routine(&lib, 0, &o, &err)
                            : lm_timeline_compile_exercise(&lib, 0, &o, &err);
    lm_err_clear(&err);
    if (!tl || tl->n_events > 8192) {
        fprintf(stderr, "FAIL no timeline to play\n");
        return 1;
    }
    LT_RUN(events_fire_once_across_a_full_play);
    LT_RUN(position_is_clamped_at_both_ends);
    LT_RUN(finished_only_when_the_end_has_fired);
    LT_RUN(nothing_fires_while_paused_and_position_freezes);
    LT_RUN(speed_is_clamped_to_half_and_double);
    LT_RUN(speed_or_seek_that_is_not_a_number_is_ignored);
    LT_RUN(position_is_continuous_across_speed_changes);
    LT_RUN(a_hold_lasts_its_seconds_at_any_speed);
    LT_RUN(events_between_never_fire_across_a_forward_seek);
    LT_RUN(events_at_exactly_the_seek_target_fire_once);
    LT_RUN(jumping_past_a_hold_does_not_sound_its_end);
    LT_RUN(backward_seek_replays_from_the_target_without_the_events_between);
    LT_RUN(mid_step_announcement_survives_polling_one_event_at_a_time);
    LT_RUN(seek_while_paused_moves_the_position_and_stays_there);
    LT_RUN(seek_then_play_at_speed_never_fires_late);
    LT_RUN(random_session_matches_a_model_of_the_clock);
    LT_RUN(time_left_and_its_clock_follow_one_rule);
    lm_timeline_free(tl);
    lm_lib_free(&lib);
    return lt_summary();
}
