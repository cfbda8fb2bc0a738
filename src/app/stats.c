/* stats: frame intervals, percentiles and CPU time for --stats and --bench. */
#include "stats.h"

#include <SDL.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void lb_stats_init(LbStats *st, double period_ms)
{
    memset(st, 0, sizeof *st);
    st->period_ms = period_ms > 0 ? period_ms : 1000.0 / 60.0;
}

void lb_stats_free(LbStats *st)
{
    free(st->fine);
    free(st->coarse);
    st->fine = st->coarse = NULL;
    st->n = st->late = 0;
}

static void count_interval(LbStats *st, double ms)
{
    if (ms > 1.5 * st->period_ms)
        st->late++;
    st->n++;
    if (!st->fine && !st->oom) {
        /* zeroed pages cost no memory until a bucket in them is counted */
        st->fine = calloc(LB_STATS_FINE, sizeof *st->fine);
        st->coarse = calloc(LB_STATS_COARSE + 1, sizeof *st->coarse);
        if (!st->fine || !st->coarse) {
            free(st->fine);
            free(st->coarse);
            st->fine = st->coarse = NULL;
            st->oom = true;
        }
    }
    if (st->oom)
        return;
    double us = ms * 1000.0 + 0.5;
    if (us < 0)
        us = 0;
    if (us < LB_STATS_FINE) {
        st->fine[(int)us]++;
    } else {
        double whole = ms + 0.5;
        st->coarse[whole < LB_STATS_COARSE ? (int)whole : LB_STATS_COARSE]++;
    }
}

void lb_stats_frame(LbStats *st, uint64_t ticks_ns)
{
    if (st->frames == 0) {
        st->first_ns = ticks_ns;
        st->cpu0_s = lb_cpu_s();
    } else {
        count_interval(st, (double)(ticks_ns - st->last_ns) / 1e6);
    }
    st->last_ns = ticks_ns;
    st->cpu_s = lb_cpu_s() - st->cpu0_s;
    st->frames++;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double lb_median(double *v, int n)
{
    if (n <= 0)
        return 0.0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double lb_stats_percentile(const LbStats *st, double p)
{
    if (st->n == 0 || !st->fine)
        return 0.0;
    /* nearest rank: the smallest value with at least p% at or below it */
    double rank = p / 100.0 * st->n;
    long k = (long)rank;
    if ((double)k < rank)
        k++;
    if (k < 1)
        k = 1;
    if (k > st->n)
        k = st->n;
    long seen = 0;
    for (int i = 0; i < LB_STATS_FINE; i++)
        if ((seen += st->fine[i]) >= k)
            return i / 1000.0;
    for (int i = 0; i <= LB_STATS_COARSE; i++)
        if ((seen += st->coarse[i]) >= k)
            return (double)i;
    return (double)LB_STATS_COARSE;
}

int lb_stats_late(const LbStats *st) { return st->late; }

void lb_stats_report(const LbStats *st, const LbReport *out)
{
    double wall = (double)(st->last_ns - st->first_ns) / 1e9;
    lb_report(out, "frames %d", st->frames);
    lb_report(out, "fps %.2f", wall > 0 ? st->n / wall : 0.0);
    lb_report(out, "frame_ms_p50 %.3f", lb_stats_percentile(st, 50));
    lb_report(out, "frame_ms_p99 %.3f", lb_stats_percentile(st, 99));
    lb_report(out, "late_frames %d", lb_stats_late(st));
    lb_report(out, "cpu_s %.3f", st->cpu_s);
    if (st->redraw_frames > 0)
        lb_report(out, "redrawn_percent %.2f", 100.0 * st->redrawn / st->redraw_frames);
    if (st->renderer)
        lb_report(out, "renderer %s", st->renderer);
    double peak = lb_peak_rss_mb();
    if (peak > 0)
        lb_report(out, "peak_rss_mb %.1f", peak);
}

void lb_stats_redraw(LbStats *st, double pixels, double total)
{
    if (total > 0) {
        st->redrawn += pixels / total;
        st->redraw_frames++;
    }
}
