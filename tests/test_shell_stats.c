/* Frame statistics: percentiles, late frames, the --stats block. */
#include <stdlib.h>

#include "lt.h"
#include "stats.h"

#include <SDL.h>

static void percentiles_should_use_nearest_rank(void)
{
    LbStats st;
    lb_stats_init(&st, 1000.0 / 60.0);
    uint64_t t = 1000;
    lb_stats_frame(&st, t);
    /* intervals 1..100 ms, recorded out of order */
    for (int i = 0; i < 100; i++) {
        int ms = (i * 37) % 100 + 1;
        t += (uint64_t)ms * 1000000ull;
        lb_stats_frame(&st, t);
    }
    LT_CHECK(st.frames == 101);
    LT_CHECK(st.n == 100);
    LT_NEAR(lb_stats_percentile(&st, 50), 50.0, 1e-9);
    LT_NEAR(lb_stats_percentile(&st, 99), 99.0, 1e-9);
    LT_NEAR(lb_stats_percentile(&st, 100), 100.0, 1e-9);
    LT_NEAR(lb_stats_percentile(&st, 0), 1.0, 1e-9);
    /* over 1.5 x 16.67 = 25 ms: 26..100 */
    LT_CHECK(lb_stats_late(&st) == 75);
    lb_stats_free(&st);
}

/* A report sink that gathers the lines into a buffer of 512 bytes. */
static void collect(void *user, const char *line)
{
    char *buf = user;
    size_t n = strlen(buf);
    snprintf(buf + n, 512 - n, "%s\n", line);
}

static void stats_block_should_name_every_figure(void)
{
    LbStats st;
    lb_stats_init(&st, 1000.0 / 60.0);
    uint64_t t = 0;
    for (int i = 0; i < 61; i++) {
        lb_stats_frame(&st, t);
        t += i == 30 ? 40000000ull : 16666667ull; /* one late frame */
    }
    char buf[512] = {0};
    lb_stats_report(&st, &(LbReport){collect, buf});
    const char *out = buf;
    LT_STR_CONTAINS(out, "frames 61\n");
    LT_STR_CONTAINS(out, "late_frames 1\n");
    LT_STR_CONTAINS(out, "frame_ms_p50 16.667\n");
    LT_STR_CONTAINS(out, "frame_ms_p99 40.000\n");
    LT_STR_CONTAINS(out, "\nfps ");
    LT_STR_CONTAINS(out, "\ncpu_s ");
    double fps = 0;
    const char *p = strstr(out, "\nfps ");
    LT_CHECK(p && sscanf(p + 1, "fps %lf", &fps) == 1);
    LT_NEAR(fps, 60.0 / (59 * 0.016666667 + 0.040), 0.01);
    lb_stats_free(&st);
}

/* Hours of frames: counted, not stored, so memory stays where it was after
 * the first frame; long intervals (a minimised window, a stall) land in
 * the coarse buckets and still count as late. */
static void a_long_run_should_keep_its_memory_and_its_figures(void)
{
    LbStats st;
    lb_stats_init(&st, 1000.0 / 60.0);
    uint64_t t = 0;
    lb_stats_frame(&st, t);
    t += 16666667ull;
    lb_stats_frame(&st, t);
    const uint32_t *fine = st.fine, *coarse = st.coarse;
    LT_CHECK(fine != NULL && coarse != NULL);
    const int N = 4 * 3600 * 60; /* four hours at 60 Hz */
    for (int i = 0; i < N; i++) {
        uint64_t d = i % 1000 == 7 ? 30000000ull : 16666667ull + (uint64_t)(i % 3) * 1000ull;
        if (i == N / 2)
            d = 250000000000ull / 1000ull; /* a 250 ms stall */
        if (i == N / 3)
            d = 90000000000ull; /* a minute and a half minimised */
        t += d;
        lb_stats_frame(&st, t);
    }
    LT_CHECK(st.fine == fine && st.coarse == coarse);
    LT_CHECK(st.n == N + 1);
    LT_NEAR(lb_stats_percentile(&st, 50), 16.668, 1e-9);
    LT_NEAR(lb_stats_percentile(&st, 99), 16.669, 1e-9);
    LT_NEAR(lb_stats_percentile(&st, 100), 60000.0, 1e-9); /* the longest bucket */
    LT_CHECK_MSG(lb_stats_late(&st) == N / 1000 + (N % 1000 > 7) + 2 - (N / 2 % 1000 == 7) - (N / 3 % 1000 == 7),
                 "late %d", lb_stats_late(&st));
    lb_stats_free(&st);
}

static void median_should_handle_even_and_odd_counts(void)
{
    double a[] = {5, 1, 3};
    double b[] = {4, 1, 3, 2};
    LT_NEAR(lb_median(a, 3), 3.0, 0);
    LT_NEAR(lb_median(b, 4), 2.5, 0);
    LT_NEAR(lb_median(NULL, 0), 0.0, 0);
}

static void clock_should_be_monotonic_nanoseconds(void)
{
    uint64_t a = lb_now_ns();
    SDL_Delay(20);
    uint64_t b = lb_now_ns();
    LT_CHECK(b > a);
    LT_CHECK(b - a >= 19000000ull && b - a < 500000000ull);
}

int main(void)
{
    LT_RUN(percentiles_should_use_nearest_rank);
    LT_RUN(stats_block_should_name_every_figure);
    LT_RUN(a_long_run_should_keep_its_memory_and_its_figures);
    LT_RUN(median_should_handle_even_and_odd_counts);
    LT_RUN(clock_should_be_monotonic_nanoseconds);
    return lt_summary();
}
