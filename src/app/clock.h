/* clock: the program's clocks, and what it uses of the machine. */
#ifndef LB_CLOCK_H
#define LB_CLOCK_H

#include <stdint.h>

/* Monotonic high-resolution time in nanoseconds (SDL performance counter). */
uint64_t lb_now_ns(void);
/* Process CPU time in seconds. */
double lb_cpu_s(void);
/* The most memory this program has had resident, in MB; < 0 when unknown. */
double lb_peak_rss_mb(void);

#endif
