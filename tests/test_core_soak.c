/* test_core_soak: the longest shipped timeline played on loop for 72
 * simulated hours at 60 Hz, driven by integer nanosecond ticks, faster than
 * real time. Every frame: the position matches the elapsed time, the
 * countdown matches the segment end, events fire exactly once per loop and
 * in order; and the heap does not grow. */
#include <stdint.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "lm_library.h"
#include "lm_playback.h"
#include "lm_timeline.h"
#include "lt.h"
#include "lt_lib.h"

#define NS 1000000000ull
#define HZ 60ull
#define SOAK_HOURS 72ull
/* A monotonic clock counts from boot: start well away from zero. */
#define T0 (11ull * 24ull * 3600ull * NS + 123456789ull)
/* Sampling the whole figure (kinematics, IK, support) costs far more than
 * the clock; the clock runs and is checked on every 60 Hz tick, the figure
 * is sampled on every FIGURE_EVERY-th tick (twice a simulated second). */
#define FIGURE_EVERY 30ull

static LmLibrary lib;

/* Wall time of tick i: exact integer nanoseconds, never accumulated. */
static uint64_t tick_ns(uint64_t i) { return T0 + i * NS / HZ; }

/* Bytes in use on the heap (0 where the C library cannot say). */
static size_t heap_in_use(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
#else
    /* The data segment's size in pages, the sixth field of statm. */
    long v[6] = {0};
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld %ld %ld %ld %ld", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6)
            v[5] = 0;
        fclose(f);
    }
    return (size_t)v[5] * 4096u;
#endif
}

static LmTimeline *longest_timeline(void)
{
    LmTimeline *best = NULL;
    for (int l = 0; l < LM_LEVEL_COUNT; l++) {
        for (int i = 0; i < lib.n_exercises + lib.n_routines; i++) {
            LmErrors err = {0};
            LmCompileOpts o = {0};
            o.level = (LmLevel)l;
            LmTimeline *tl = i < lib.n_exercises ? lm_timeline_compile_exercise(&lib, i, &o, &err)
                                                 : lm_timeline_compile_routine(&lib, i - lib.n_exercises, &o, &err);
            lm_err_clear(&err);
            if (tl && (!best || tl->duration_s > best->duration_s)) {
                lm_timeline_free(best);
                best = tl;
            } else {
                lm_timeline_free(tl);
            }
        }
    }
    return best;
}

static void loop_for_72_hours_without_drift_lost_events_or_growth(void)
{
    LmTimeline *tl = longest_timeline();
    LT_CHECK(tl != NULL);
    if (!tl)
        return;
    fprintf(stderr, "  soaking %s (%s, %.1f s, %d events)\n", tl->id, lm_level_name(tl->level), tl->duration_s,
            tl->n_events);
    int *count = calloc((size_t)tl->n_events, sizeof *count);
    LT_CHECK(count != NULL);
    if (!count) {
        lm_timeline_free(tl);
        return;
    }
    /* Everything the loop needs exists before the baseline is taken. */
    const uint64_t n_ticks = SOAK_HOURS * 3600ull * HZ;
    /* Ticks a loop takes: the first tick at or past the duration ends it. */
    const uint64_t loop_ticks_max = (uint64_t)ceil(tl->duration_s * (double)HZ) + 1;
    LmPlayback pb;
    LmOverlayState st;
    LmFrame fr;
    const LmEvent *ev[16];
    uint64_t loop_start = 0; /* tick index the current loop began on */
    uint64_t loops = 0, frames_sampled = 0;
    long pos_bad = 0, countdown_bad = 0, order_bad = 0, loop_bad = 0, figure_bad = 0, seg_bad = 0;
    double worst_pos_err = 0, worst_end_err = 0;
    int last_event = -1, seg = 0;
    size_t heap_before = heap_in_use();

    lm_pb_init(&pb, tl, tick_ns(0));
    for (uint64_t i = 0; i <= n_ticks; i++) {
        uint64_t now = tick_ns(i);
        double pos = lm_pb_position(&pb, now);
        /* Independent of the clock: ticks since the loop began, over 60. */
        double want = fmin((double)(i - loop_start) / (double)HZ, tl->duration_s);
        double perr = fabs(pos - want);
        if (perr > worst_pos_err)
            worst_pos_err = perr;
        pos_bad += perr > 2e-9;

        int n;
        do {
            n = lm_pb_poll(&pb, now, ev, 16);
            for (int k = 0; k < n; k++) {
                int e = (int)(ev[k] - tl->events);
                count[e]++;
                /* In order, none early. */
                order_bad += e != last_event + 1 || tl->events[e].t_s > pos;
                last_event = e;
            }
        } while (n == 16);

        /* The countdown follows the segment the position is in; the cursor
         * moves forward only. */
        while (seg + 1 < tl->n_segs && tl->segs[seg + 1].t0_s <= pos)
            seg++;
        lm_timeline_state(tl, pos, &st);
        seg_bad += st.seg != seg;
        countdown_bad += st.remaining_s != tl->segs[seg].t1_s - pos || st.countdown != tl->segs[seg].countdown;

        if (i % FIGURE_EVERY == 0) {
            lm_timeline_frame(tl, pos, &fr);
            /* Resting on the floor, nothing lost to NaN. */
            double low = lm_frame_lowest_y(tl->skel, &fr);
            figure_bad += !(fabs(low) < 1e-9) || !(fr.p[LM_J_HEAD].y == fr.p[LM_J_HEAD].y);
            frames_sampled++;
        }

        if (lm_pb_finished(&pb, now)) {
            /* End of a loop: it ended on time, at the duration, with every
             * event handed out exactly once. */
            double end_err = fabs(pos - tl->duration_s);
            if (end_err > worst_end_err)
                worst_end_err = end_err;
            uint64_t took = i - loop_start;
            bool ok = end_err <= 1e-9 && took <= loop_ticks_max && (double)took / (double)HZ >= tl->duration_s &&
                      (double)(took - 1) / (double)HZ < tl->duration_s;
            for (int e = 0; e < tl->n_events; e++) {
                ok &= count[e] == 1;
                count[e] = 0;
            }
            ok &= last_event == tl->n_events - 1 && st.finished;
            loop_bad += !ok;
            loops++;
            /* Go round again from this very tick. */
            lm_pb_seek(&pb, 0.0, now);
            loop_start = i;
            last_event = -1;
            seg = 0;
            /* The events at 0 are due now. */
            do {
                n = lm_pb_poll(&pb, now, ev, 16);
                for (int k = 0; k < n; k++) {
                    int e = (int)(ev[k] - tl->events);
                    count[e]++;
                    order_bad += e != last_event + 1 || tl->events[e].t_s != 0.0;
                    last_event = e;
                }
            } while (n == 16);
        }
    }
    size_t heap_after = heap_in_use();

    double hours = (double)(tick_ns(n_ticks) - tick_ns(0)) / NS / 3600.0;
    fprintf(stderr, "  %.1f h, %llu loops, %llu ticks, %llu figures; worst position error %.3g s, at loop end %.3g s\n",
            hours, (unsigned long long)loops, (unsigned long long)n_ticks + 1, (unsigned long long)frames_sampled,
            worst_pos_err, worst_end_err);
    LT_NEAR(hours, (double)SOAK_HOURS, 1e-9);
    /* A loop takes the ticks that first reach the duration: one more when
     * nanosecond rounding leaves it a hair short, never more. */
    const uint64_t per_loop = (uint64_t)ceil(tl->duration_s * (double)HZ - 1e-6);
    LT_CHECK_MSG(loops <= n_ticks / per_loop && loops >= n_ticks / (per_loop + 1), "%llu loops of %llu ticks",
                 (unsigned long long)loops, (unsigned long long)per_loop);
    LT_CHECK_MSG(pos_bad == 0, "%ld ticks off the elapsed time (worst %g s)", pos_bad, worst_pos_err);
    LT_CHECK_MSG(order_bad == 0, "%ld events out of order or early", order_bad);
    LT_CHECK_MSG(loop_bad == 0, "%ld of %llu loops ended late or with events missing or repeated", loop_bad,
                 (unsigned long long)loops);
    LT_CHECK_MSG(seg_bad == 0, "%ld ticks in the wrong segment", seg_bad);
    LT_CHECK_MSG(countdown_bad == 0, "%ld ticks with a countdown off the segment end", countdown_bad);
    LT_CHECK_MSG(figure_bad == 0, "%ld figures off the floor or NaN", figure_bad);
    LT_CHECK_MSG(heap_after == heap_before, "heap grew from %zu to %zu bytes", heap_before, heap_after);
    free(count);
    lm_timeline_free(tl);
}

int main(void)
{
    if (!lt_load_shipped_library(&lib))
        return 1;
    LT_RUN(loop_for_72_hours_without_drift_lost_events_or_growth);
    lm_lib_free(&lib);
    return lt_summary();
}
