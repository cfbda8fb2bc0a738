/* bench_child: the benchmark's child processes: this program and the bare
 * SDL loop beside it, run on a display, and what they print read back. */
#define _GNU_SOURCE /* wait4 */
#include "bench_int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stats.h"

/* Run argv (argv[0] a path) with DISPLAY = display when not NULL and
 * LIMBER_REPORT_FIRST_FRAME set; with stop_at_first_frame, ask it to quit
 * (SIGTERM, which SDL turns into a quit event) as soon as it has shown a
 * frame. Its stderr goes to /dev/null: a bench prints figures only. */
bool bench_run_child(char *const argv[], const char *display, bool stop_at_first_frame, Child *c)
{
    memset(c, 0, sizeof *c);
    c->first_frame_ms = -1;
    int fd[2];
    if (pipe(fd) != 0)
        return false;
    uint64_t t0 = bench_mono_ns();
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return false;
    }
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, 2);
        if (display)
            setenv("DISPLAY", display, 1);
        setenv("LIMBER_REPORT_FIRST_FRAME", "1", 1);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    size_t n = 0;
    for (;;) {
        ssize_t k = read(fd[0], c->out + n, sizeof c->out - 1 - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        n += (size_t)k;
        c->out[n] = 0;
        if (c->first_frame_ms < 0 && strstr(c->out, "first_frame\n")) {
            c->first_frame_ms = (double)(bench_mono_ns() - t0) / 1e6;
            if (stop_at_first_frame)
                kill(pid, SIGTERM);
        }
        if (n >= sizeof c->out - 1)
            break;
    }
    close(fd[0]);
    int status = 0;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
        ;
    c->wall_s = (double)(bench_mono_ns() - t0) / 1e9;
    c->cpu_s =
        (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    c->maxrss_mb = (double)ru.ru_maxrss / 1024.0; /* kilobytes on Linux */
    c->ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return true;
}

/* The value of a "name value" line in s, or -1. */
static double stat_of(const char *s, const char *name)
{
    size_t k = strlen(name);
    for (const char *p = s; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (!strncmp(p, name, k) && p[k] == ' ')
            return atof(p + k + 1);
    return -1;
}

static bool find_in_path(const char *name, char *out, size_t n)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/bin:/bin";
    while (*path) {
        size_t k = strcspn(path, ":");
        snprintf(out, n, "%.*s/%s", (int)k, path, name);
        if (k && access(out, X_OK) == 0)
            return true;
        path += k + (path[k] == ':');
    }
    return false;
}

static bool xserver_start(Xserver *x, int w, int h, char *why, size_t n)
{
    char exe[4096];
    x->pid = 0;
    if (!find_in_path("Xvfb", exe, sizeof exe)) {
        snprintf(why, n, "no display and no Xvfb");
        return false;
    }
    int fd[2];
    if (pipe(fd) != 0) {
        snprintf(why, n, "pipe failed");
        return false;
    }
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM); /* never outlive an interrupted bench */
        close(fd[0]);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        char fds[16], screen[32];
        snprintf(fds, sizeof fds, "%d", fd[1]);
        snprintf(screen, sizeof screen, "%dx%dx24", w, h);
        /* -noreset: a desktop's server stays up between clients. Without
         * it Xvfb resets when the last client leaves, and the next one to
         * connect (each start-up run, each playback run) waits about 50 ms
         * while it compiles its keymap again: the server's cost, counted
         * as limber's. */
        execl(exe, "Xvfb", "-displayfd", fds, "-screen", "0", screen, "-nolisten", "tcp", "-noreset", (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    if (pid < 0) {
        close(fd[0]);
        snprintf(why, n, "cannot start Xvfb");
        return false;
    }
    char buf[32] = "";
    size_t got = 0;
    for (;;) { /* the number and a newline, once it is ready */
        ssize_t k = read(fd[0], buf + got, sizeof buf - 1 - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
        buf[got] = 0;
        if (strchr(buf, '\n') || got >= sizeof buf - 1)
            break;
    }
    close(fd[0]);
    int num = atoi(buf);
    if (!got || buf[0] < '0' || buf[0] > '9') {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
        snprintf(why, n, "Xvfb did not start");
        return false;
    }
    x->pid = pid;
    snprintf(x->display, sizeof x->display, ":%d", num);
    return true;
}

void bench_xserver_stop(Xserver *x)
{
    if (x->pid > 0) {
        kill(x->pid, SIGTERM);
        waitpid(x->pid, NULL, 0);
        x->pid = 0;
    }
}

/* The directory of this program, with a trailing slash. */
static bool self_dir(char *out, size_t n)
{
    ssize_t k = readlink("/proc/self/exe", out, n - 1);
    if (k <= 0)
        return false;
    out[k] = 0;
    char *slash = strrchr(out, '/');
    if (!slash)
        return false;
    slash[1] = 0;
    return true;
}

/* The child's "renderer NAME" line, printed again as "as NAME". */
void bench_print_renderer(FILE *out, const char *as, const char *child_out)
{
    const char *r = strstr(child_out, "renderer ");
    if (r)
        fprintf(out, "%s %.*s\n", as, (int)strcspn(r + 9, "\n"), r + 9);
}

void bench_na(FILE *out, const char *name, const char *why) { fprintf(out, "%s n/a %s\n", name, why); }

/* Where the playback runs start: the first motion of the first exercise
 * (the safety card and the rest before it are still pictures, which would
 * flatter every figure). */
double bench_first_motion_s(const LmTimeline *tl)
{
    for (int i = 0; i < tl->n_segs; i++)
        if (tl->segs[i].kind == LM_SEG_MOVE && tl->segs[i].side != 0)
            return tl->segs[i].t0_s;
    for (int i = 0; i < tl->n_segs; i++)
        if (tl->segs[i].kind == LM_SEG_MOVE)
            return tl->segs[i].t0_s;
    return 0.0;
}

/* CPU time (ns) process pid has used, all its threads; 0 when unknown. */
static uint64_t process_cpu_ns(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
    FILE *f = fopen(path, "r");
    unsigned long long ns = 0;
    if (f) {
        if (fscanf(f, "%llu", &ns) != 1)
            ns = 0;
        fclose(f);
    }
    return (uint64_t)ns;
}

/* run_child, and the CPU the display server (pid server, 0: not ours)
 * spent meanwhile, as a percentage of the run's wall time, in *server. */
bool bench_run_watched(char *const argv[], const char *display, pid_t server, Child *c, double *pct)
{
    uint64_t s0 = server > 0 ? process_cpu_ns(server) : 0;
    bool ok = bench_run_child(argv, display, false, c);
    uint64_t s1 = server > 0 ? process_cpu_ns(server) : 0;
    *pct = server > 0 && s0 && s1 >= s0 && c->wall_s > 0 ? 100.0 * (double)(s1 - s0) / 1e9 / c->wall_s : -1.0;
    return ok;
}

bool bench_play_of(const Child *c, Play *p)
{
    if (!c->ok || stat_of(c->out, "frames") <= 0)
        return false;
    double frames = stat_of(c->out, "frames"), fps = stat_of(c->out, "fps"), cpu = stat_of(c->out, "cpu_s");
    /* from the first frame to the last: start-up is its own figure */
    double wall = fps > 0 ? (frames - 1) / fps : c->wall_s;
    double rss = stat_of(c->out, "peak_rss_mb");
    p->cpu_percent = wall > 0 ? 100.0 * cpu / wall : 0.0;
    p->rss_mb = rss > 0 ? rss : c->maxrss_mb;
    p->p99_ms = stat_of(c->out, "frame_ms_p99");
    p->late = stat_of(c->out, "late_frames");
    p->redrawn = stat_of(c->out, "redrawn_percent");
    return true;
}

/* Each figure the median of the runs' (a run's figures are not kept
 * together: each is a measurement of its own); zeros for no run. */
Play bench_play_median(const Play *runs, int n)
{
    double c[PLAY_RUNS], r[PLAY_RUNS], p[PLAY_RUNS], l[PLAY_RUNS], d[PLAY_RUNS], v[PLAY_RUNS];
    Play m = {0, 0, 0, 0, 0, -1};
    if (n <= 0)
        return m;
    for (int i = 0; i < n; i++) {
        c[i] = runs[i].cpu_percent, r[i] = runs[i].rss_mb, p[i] = runs[i].p99_ms;
        l[i] = runs[i].late, d[i] = runs[i].redrawn, v[i] = runs[i].server;
    }
    m.server = lb_median(v, n);
    m.cpu_percent = lb_median(c, n);
    m.rss_mb = lb_median(r, n);
    m.p99_ms = lb_median(p, n);
    m.late = lb_median(l, n);
    m.redrawn = lb_median(d, n);
    return m;
}

/* Find the programs and, unless a video driver is named (as tests do),
 * start a virtual screen of w x h: always when own_screen, else only when
 * there is no display. False with why when the runs cannot happen. */
bool bench_stage_open(Stage *st, int w, int h, bool own_screen, char *why, size_t n)
{
    memset(st, 0, sizeof *st);
    char dir[4096];
    if (!self_dir(dir, sizeof dir)) {
        snprintf(why, n, "cannot find this program");
        return false;
    }
    snprintf(st->self, sizeof st->self, "%slimber", dir);
    snprintf(st->base, sizeof st->base, "%slimber-baseline", dir);
    const char *drv = getenv("SDL_VIDEODRIVER");
    bool no_display = !getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY");
    if (!(drv && *drv) && (own_screen || no_display)) {
        if (!xserver_start(&st->x, w, h, why, n))
            return false;
        st->display = st->x.display;
    }
    return true;
}
