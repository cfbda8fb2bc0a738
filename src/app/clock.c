#include "clock.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

uint64_t lb_now_ns(void)
{
    static uint64_t freq;
    if (!freq)
        freq = SDL_GetPerformanceFrequency();
    uint64_t c = SDL_GetPerformanceCounter();
    /* split to avoid overflow of c * 1e9 */
    return (c / freq) * 1000000000ull + (c % freq) * 1000000000ull / freq;
}

double lb_cpu_s(void) { return (double)clock() / CLOCKS_PER_SEC; }

double lb_peak_rss_mb(void)
{
    /* VmHWM belongs to this program's image: unlike the rusage a parent
     * reads, it does not carry over the memory of whoever forked us. */
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    double kb = -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6)) {
            kb = atof(line + 6);
            break;
        }
    fclose(f);
    return kb > 0 ? kb / 1024.0 : -1;
}
