/* Audio: the offline mix (length, placement to the sample, determinism,
 * onsets within 10 ms of their events, no clicks), and live playback on
 * SDL's dummy driver (silent mode, chime for broken clips, music ducking
 * as a ramp, the device opened in the background, few clips decoded at
 * once over a whole routine). Runs from the source folder; voice clips come
 * from tests/data/audio (made by tools/make-voice.sh from cue-texts.txt),
 * and the shipped ones from assets/voice. */
#include <SDL.h>
#include <SDL_mixer.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audio.h"
#include "lm_library.h"
#include "lt.h"
#include "lt_lib.h"

#define RATE 48000
#define CLIP_LIE "lie-down-knees-bent-45928654.ogg"
#define CLIP_HOLD "hold-and-breathe-db3edd6e.ogg"
#define CLIP_SIDE "now-the-other-side-28b156a3.ogg"

static char tmpdir[256];

/* A buffer as a plain pointer, for LT_STR_CONTAINS. */
static const char *as_str(const char *s) { return s; }

/* ---- fixtures ---------------------------------------------------------- */

static LmLibrary fixture_lib(const char *data_dir)
{
    LmLibrary lib;
    memset(&lib, 0, sizeof lib);
    lib.data_dir = (char *)data_dir;
    return lib;
}

static LmEvent ev(double t, LmEventType type, const char *text, const char *clip, int arg)
{
    LmEvent e = {t, type, text, clip, arg, 0};
    return e;
}

static LmTimeline fixture_tl(LmEvent *evs, int n, double duration)
{
    LmTimeline tl;
    memset(&tl, 0, sizeof tl);
    tl.events = evs;
    tl.n_events = n;
    tl.duration_s = duration;
    return tl;
}

/* A session's worth of sounds, each starting in quiet. */
static LmEvent session[] = {
    {0.25, LM_EV_CUE, "Lie down, knees bent.", CLIP_LIE, 0, 0},
    {2.60, LM_EV_STEP, "Lie down, knees bent.", NULL, 0, 0}, /* silent */
    {3.0 + 7.0 / RATE, LM_EV_BEEP, NULL, NULL, 3, 0},        /* off the millisecond grid */
    {4.0, LM_EV_BEEP, NULL, NULL, 2, 0},
    {5.0, LM_EV_BEEP, NULL, NULL, 1, 0},
    {6.0, LM_EV_HOLD_END, NULL, NULL, 0, 0},
    {7.0, LM_EV_CUE, "Hold, and breathe.", CLIP_HOLD, 0, 0},
    {9.1234, LM_EV_SIDE, NULL, NULL, 2, 0},
    {10.0, LM_EV_CUE, "My own words.", NULL, 0, 0},                /* no clip: chime */
    {11.5, LM_EV_CUE, "Gone.", "no-such-clip-00000000.ogg", 0, 0}, /* missing: chime */
};
#define N_SESSION ((int)(sizeof session / sizeof session[0]))
#define N_SOUNDING (N_SESSION - 1)

static bool sounding(const LmEvent *e) { return e->type != LM_EV_STEP; }

typedef struct {
    int16_t *s;
    long n;
    int rate, channels, bits;
} Wav;

static bool read_wav(const char *path, Wav *w)
{
    memset(w, 0, sizeof *w);
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    unsigned char h[44];
    bool ok = fread(h, 1, 44, f) == 44 && memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WAVEfmt ", 8) == 0 &&
              memcmp(h + 36, "data", 4) == 0;
    if (ok) {
        w->channels = h[22] | h[23] << 8;
        w->rate = (int)(h[24] | h[25] << 8 | h[26] << 16 | (uint32_t)h[27] << 24);
        w->bits = h[34] | h[35] << 8;
        uint32_t bytes = h[40] | h[41] << 8 | h[42] << 16 | (uint32_t)h[43] << 24;
        w->n = (long)bytes / 2;
        w->s = malloc((size_t)(w->n > 0 ? w->n : 1) * 2);
        ok = w->s && fread(w->s, 2, (size_t)w->n, f) == (size_t)w->n;
        unsigned char extra;
        ok = ok && fread(&extra, 1, 1, f) == 0; /* nothing after the data */
    }
    fclose(f);
    return ok;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static double level(int16_t s) { return fabs(s / 32768.0); }

/* First sample at or after `from` louder than -40 dBFS, or -1. */
static long onset(const Wav *w, long from, long to)
{
    for (long i = from < 0 ? 0 : from; i < to && i < w->n; i++)
        if (level(w->s[i]) >= 0.01)
            return i;
    return -1;
}

static double peak(const Wav *w, long from, long to)
{
    double p = 0;
    for (long i = from < 0 ? 0 : from; i < to && i < w->n; i++)
        if (level(w->s[i]) > p)
            p = level(w->s[i]);
    return p;
}

static void path_in_tmp(char *out, size_t size, const char *name) { snprintf(out, size, "%s/%s", tmpdir, name); }

/* A 16-bit mono WAV: `lead_s` of silence, then a sine at hz to `seconds`. */
static bool write_sine_wav(const char *path, double seconds, double lead_s, double hz)
{
    int n = (int)(seconds * RATE), lead = (int)(lead_s * RATE);
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    unsigned char h[44];
    uint32_t bytes = (uint32_t)n * 2, riff = 36 + bytes, fmt16 = 16, rate = RATE, brate = RATE * 2;
    uint16_t pcm = 1, ch = 1, align = 2, bits = 16;
    memcpy(h, "RIFF", 4);
    memcpy(h + 4, &riff, 4);
    memcpy(h + 8, "WAVEfmt ", 8);
    memcpy(h + 16, &fmt16, 4);
    memcpy(h + 20, &pcm, 2);
    memcpy(h + 22, &ch, 2);
    memcpy(h + 24, &rate, 4);
    memcpy(h + 28, &brate, 4);
    memcpy(h + 32, &align, 2);
    memcpy(h + 34, &bits, 2);
    memcpy(h + 36, "data", 4);
    memcpy(h + 40, &bytes, 4);
    bool ok = fwrite(h, 1, 44, f) == 44;
    for (int i = 0; ok && i < n; i++) {
        int16_t s = i < lead ? 0 : (int16_t)(6000 * sin(2 * M_PI * hz * (i - lead) / RATE));
        ok = fwrite(&s, 2, 1, f) == 1;
    }
    return fclose(f) == 0 && ok;
}

/* ---- offline render ---------------------------------------------------- */

static void render_has_exactly_the_span_length(void)
{
    LmLibrary lib = fixture_lib("tests/data/audio");
    LmTimeline tl = fixture_tl(session, N_SESSION, 13.0);
    struct {
        double t0, t1;
    } spans[] = {{0, 1}, {0.5, 2.25}, {1.0, 1.0 + 39.0 / 30.0}, {2.0, 2.0 + 7.0 / 60.0}, {3, 3}};
    char path[512], err[256];
    path_in_tmp(path, sizeof path, "len.wav");
    for (size_t k = 0; k < sizeof spans / sizeof spans[0]; k++) {
        double t0 = spans[k].t0, t1 = spans[k].t1;
        LT_CHECK_MSG(lb_audio_render_wav(&tl, &lib, t0, t1, path, NULL, NULL, err, sizeof err), "%s", err);
        Wav w;
        LT_CHECK(read_wav(path, &w));
        long want = lround((t1 - t0) * RATE);
        LT_CHECK_MSG(w.n == want, "[%g, %g): %ld frames, want %ld", t0, t1, w.n, want);
        LT_CHECK(w.rate == RATE && w.channels == 1 && w.bits == 16);
        LT_CHECK(file_size(path) == 44 + 2 * want);
        free(w.s);
    }
    /* 39 frames at 30 fps are 1.3 s: 62400 samples. */
    LT_CHECK(lround(39.0 / 30.0 * RATE) == 62400);
}

static void render_places_every_sound_within_10_ms_of_its_event(void)
{
    LmLibrary lib = fixture_lib("tests/data/audio");
    LmTimeline tl = fixture_tl(session, N_SESSION, 13.0);
    char path[512], err[256];
    path_in_tmp(path, sizeof path, "session.wav");
    LT_CHECK_MSG(lb_audio_render_wav(&tl, &lib, 0.0, 13.0, path, NULL, NULL, err, sizeof err), "%s", err);
    Wav w;
    LT_CHECK(read_wav(path, &w));
    LT_CHECK(w.n == 13 * RATE);
    const long ms = RATE / 1000;
    for (int i = 0; i < N_SESSION; i++) {
        long at = lround(session[i].t_s * RATE);
        /* Quiet just before: the sound is not early and nothing overlaps. */
        LT_CHECK_MSG(peak(&w, at - 30 * ms, at - 10 * ms) < 0.01, "event %d (type %d at %g s): sound before it", i,
                     (int)session[i].type, session[i].t_s);
        if (!sounding(&session[i])) {
            LT_CHECK_MSG(peak(&w, at - 10 * ms, at + 200 * ms) < 0.01, "a step made a sound at %g s", session[i].t_s);
            continue;
        }
        long o = onset(&w, at - 30 * ms, at + 500 * ms);
        LT_CHECK_MSG(o >= 0, "no sound for event %d at %g s", i, session[i].t_s);
        double off_ms = (o - at) * 1000.0 / RATE;
        LT_CHECK_MSG(fabs(off_ms) <= 10.0, "event %d (type %d at %g s) starts %.2f ms off", i, (int)session[i].type,
                     session[i].t_s, off_ms);
        /* Loud enough to hear, never clipped. */
        double p = peak(&w, at, at + 400 * ms);
        LT_CHECK_MSG(p > 0.1 && p < 0.99, "event %d peak %.3f", i, p);
    }
    /* The end of the span is quiet: every sound has ended. */
    LT_CHECK(peak(&w, 12 * RATE + RATE / 2, w.n) < 0.001);
    free(w.s);
}

static void render_is_the_same_bytes_every_run(void)
{
    LmLibrary lib = fixture_lib("tests/data/audio");
    LmTimeline tl = fixture_tl(session, N_SESSION, 13.0);
    char a[512], b[512], err[256];
    path_in_tmp(a, sizeof a, "a.wav");
    path_in_tmp(b, sizeof b, "b.wav");
    LT_CHECK(lb_audio_render_wav(&tl, &lib, 0.1, 8.0, a, NULL, NULL, err, sizeof err));
    LT_CHECK(lb_audio_render_wav(&tl, &lib, 0.1, 8.0, b, NULL, NULL, err, sizeof err));
    Wav wa, wb;
    LT_CHECK(read_wav(a, &wa) && read_wav(b, &wb));
    LT_CHECK(wa.n == wb.n && wa.n > 0 && memcmp(wa.s, wb.s, (size_t)wa.n * 2) == 0);
    free(wa.s);
    free(wb.s);
}

static void render_pieces_join_into_the_whole(void)
{
    /* Sounds begun before a span's start are heard from where they are, so
     * [0, 3) + [3, 8) is exactly [0, 8), even through the middle of a clip. */
    LmEvent evs[] = {ev(2.2, LM_EV_CUE, "x", CLIP_LIE, 0), ev(4.0, LM_EV_BEEP, NULL, NULL, 3)};
    LmLibrary lib = fixture_lib("tests/data/audio");
    LmTimeline tl = fixture_tl(evs, 2, 8.0);
    char whole[512], p1[512], p2[512], err[256];
    path_in_tmp(whole, sizeof whole, "whole.wav");
    path_in_tmp(p1, sizeof p1, "p1.wav");
    path_in_tmp(p2, sizeof p2, "p2.wav");
    LT_CHECK(lb_audio_render_wav(&tl, &lib, 0, 8, whole, NULL, NULL, err, sizeof err));
    LT_CHECK(lb_audio_render_wav(&tl, &lib, 0, 3, p1, NULL, NULL, err, sizeof err));
    LT_CHECK(lb_audio_render_wav(&tl, &lib, 3, 8, p2, NULL, NULL, err, sizeof err));
    Wav w, a, b;
    LT_CHECK(read_wav(whole, &w) && read_wav(p1, &a) && read_wav(p2, &b));
    LT_CHECK(a.n + b.n == w.n);
    LT_CHECK(memcmp(a.s, w.s, (size_t)a.n * 2) == 0);
    LT_CHECK(memcmp(b.s, w.s + a.n, (size_t)b.n * 2) == 0);
    LT_CHECK(peak(&b, 0, RATE / 10) > 0.01); /* the clip is still speaking at 3.0 s */
    free(w.s);
    free(a.s);
    free(b.s);
}

static void render_tones_have_no_clicks(void)
{
    LmEvent evs[] = {ev(0.5, LM_EV_BEEP, NULL, NULL, 3), ev(1.5, LM_EV_BEEP, NULL, NULL, 1),
                     ev(2.5, LM_EV_HOLD_END, NULL, NULL, 0), ev(3.5, LM_EV_SIDE, NULL, NULL, 1),
                     ev(4.5, LM_EV_CUE, "no clip", NULL, 0)};
    LmLibrary lib = fixture_lib("tests/data/audio");
    LmTimeline tl = fixture_tl(evs, 5, 6.0);
    char path[512], err[256];
    path_in_tmp(path, sizeof path, "tones.wav");
    LT_CHECK(lb_audio_render_wav(&tl, &lib, 0, 6, path, NULL, NULL, err, sizeof err));
    Wav w;
    LT_CHECK(read_wav(path, &w));
    double max_step = 0;
    for (long i = 1; i < w.n; i++) {
        double d = fabs((w.s[i] - w.s[i - 1]) / 32768.0);
        if (d > max_step)
            max_step = d;
    }
    /* A 1320 Hz sine at 0.35 moves at most 0.06 a sample; a click jumps. */
    LT_CHECK_MSG(max_step < 0.08, "largest step between samples %.3f", max_step);
    for (int i = 0; i < 5; i++) {
        long at = lround(evs[i].t_s * RATE);
        LT_CHECK(level(w.s[at]) < 0.002);                          /* each starts from silence... */
        LT_CHECK(peak(&w, at, at + RATE / 5) > 0.1);               /* ...and is heard */
        LT_CHECK(peak(&w, at + RATE * 9 / 10, at + RATE) < 0.001); /* and ends */
    }
    /* The last beep is higher than the others: count zero crossings. */
    int zc[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        long at = lround(evs[k].t_s * RATE) + RATE / 100;
        for (long i = at + 1; i < at + RATE / 20; i++)
            zc[k] += (w.s[i - 1] < 0) != (w.s[i] < 0);
    }
    LT_CHECK_MSG(zc[1] > zc[0] * 5 / 4, "beep 3: %d crossings, beep 1: %d", zc[0], zc[1]);
    free(w.s);
}

static void render_a_corrupt_clip_is_a_chime_not_a_failure(void)
{
    char dir[512], voice[600], bad[700], path[512], err[256];
    snprintf(dir, sizeof dir, "%s/data", tmpdir);
    snprintf(voice, sizeof voice, "%s/assets/voice", dir);
    char cmd[800];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", voice);
    LT_CHECK(system(cmd) == 0);
    snprintf(bad, sizeof bad, "%s/broken-12345678.ogg", voice);
    FILE *f = fopen(bad, "wb");
    LT_CHECK(f != NULL);
    if (f) {
        fputs("OggS this is not a vorbis stream at all", f);
        fclose(f);
    }
    LmEvent evs[] = {ev(0.5, LM_EV_CUE, "Broken.", "broken-12345678.ogg", 0),
                     ev(1.5, LM_EV_CUE, "Escape.", "../../../etc/passwd", 0)};
    LmLibrary lib = fixture_lib(dir);
    LmTimeline tl = fixture_tl(evs, 2, 3.0);
    path_in_tmp(path, sizeof path, "corrupt.wav");
    LT_CHECK_MSG(lb_audio_render_wav(&tl, &lib, 0, 3, path, NULL, NULL, err, sizeof err), "%s", err);
    Wav w;
    LT_CHECK(read_wav(path, &w));
    for (int i = 0; i < 2; i++) {
        long at = lround(evs[i].t_s * RATE);
        long o = onset(&w, at - RATE / 50, at + RATE / 2);
        LT_CHECK(o >= 0 && labs(o - at) <= RATE / 100);
    }
    free(w.s);
}

static void render_needs_no_sound_device(void)
{
    /* --render runs where there is no sound at all: decoding must not care. */
    const char *was = getenv("SDL_AUDIODRIVER");
    char saved[64] = "";
    if (was)
        snprintf(saved, sizeof saved, "%s", was);
    setenv("SDL_AUDIODRIVER", "no-such-audio-driver", 1);
    LmLibrary lib = fixture_lib("tests/data/audio");
    LmTimeline tl = fixture_tl(session, N_SESSION, 13.0);
    char a[512], b[512], err[256];
    path_in_tmp(a, sizeof a, "nodev.wav");
    path_in_tmp(b, sizeof b, "dev.wav");
    LT_CHECK_MSG(lb_audio_render_wav(&tl, &lib, 0, 3, a, NULL, NULL, err, sizeof err), "%s", err);
    if (was)
        setenv("SDL_AUDIODRIVER", saved, 1);
    else
        unsetenv("SDL_AUDIODRIVER");
    LT_CHECK(lb_audio_render_wav(&tl, &lib, 0, 3, b, NULL, NULL, err, sizeof err));
    Wav wa, wb;
    LT_CHECK(read_wav(a, &wa) && read_wav(b, &wb));
    LT_CHECK(wa.n == wb.n && memcmp(wa.s, wb.s, (size_t)wa.n * 2) == 0);
    LT_CHECK(peak(&wa, 0, wa.n) > 0.1); /* the clip was decoded, not a chime */
    free(wa.s);
    free(wb.s);
}

static void render_refuses_bad_spans_and_unwritable_files(void)
{
    LmLibrary lib = fixture_lib("tests/data/audio");
    LmTimeline tl = fixture_tl(session, N_SESSION, 13.0);
    char path[512], err[256] = "";
    path_in_tmp(path, sizeof path, "bad.wav");
    LT_CHECK(!lb_audio_render_wav(&tl, &lib, 2.0, 1.0, path, NULL, NULL, err, sizeof err));
    LT_CHECK(err[0] != 0);
    err[0] = 0;
    LT_CHECK(!lb_audio_render_wav(&tl, &lib, 0, 1, "/nonexistent-dir/x.wav", NULL, NULL, err, sizeof err));
    LT_STR_CONTAINS(as_str(err), "/nonexistent-dir/x.wav");
}

static void measure_reports_worst_offset_of_every_sound(void)
{
    LmLibrary lib = fixture_lib("tests/data/audio");
    LmTimeline tl = fixture_tl(session, N_SESSION, 13.0);
    char err[256];
    int n = 0;
    double worst = lb_audio_measure_cue_offset_ms(&tl, &lib, 0, 13, &n, NULL, NULL, err, sizeof err);
    LT_CHECK_MSG(worst >= 0 && worst <= 10.0, "cue_offset_ms %.3f", worst);
    LT_CHECK(n == N_SOUNDING);
}

static void measure_sees_a_clip_that_starts_late(void)
{
    /* A clip with 120 ms of silence before the voice must show as late. */
    char dir[512], voice[600], wav[700], cmd[900], err[256];
    snprintf(dir, sizeof dir, "%s/late", tmpdir);
    snprintf(voice, sizeof voice, "%s/assets/voice", dir);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", voice);
    LT_CHECK(system(cmd) == 0);
    snprintf(wav, sizeof wav, "%s/late-00000000.wav", voice);
    LT_CHECK(write_sine_wav(wav, 0.5, 0.12, 440.0));
    LmEvent evs[] = {ev(0.5, LM_EV_CUE, "Late.", "late-00000000.wav", 0)};
    LmLibrary lib = fixture_lib(dir);
    LmTimeline tl = fixture_tl(evs, 1, 2.0);
    int measured = 0;
    double worst = lb_audio_measure_cue_offset_ms(&tl, &lib, 0, 2, &measured, NULL, NULL, err, sizeof err);
    LT_CHECK(measured == 1);
    LT_NEAR(worst, 120.0, 2.0);
}

/* ---- live playback ----------------------------------------------------- */

static int n_warnings;
static char last_warning[1024];

static void count_log(void *user, const char *msg)
{
    (void)user;
    n_warnings++;
    snprintf(last_warning, sizeof last_warning, "%s", msg);
}

/* Wait (up to a second) for the mixer thread to finish a fade-out. */
static bool wait_until_quiet(LbAudio *a)
{
    for (int i = 0; i < 100 && lb_audio_speaking(a); i++)
        SDL_Delay(10);
    return !lb_audio_speaking(a);
}

/* Says the audio's notes on stderr, as the command line does. */
static void stderr_log(void *user, const char *msg)
{
    (void)user;
    fprintf(stderr, "limber: audio: %s\n", msg);
}

static void open_without_a_device_is_silent_with_one_warning(void)
{
    const char *was = getenv("SDL_AUDIODRIVER");
    char saved[64] = "";
    if (was)
        snprintf(saved, sizeof saved, "%s", was);
    setenv("SDL_AUDIODRIVER", "no-such-audio-driver", 1);
    n_warnings = 0;
    LbAudioDesc d = {.data_dir = "tests/data/audio", .log = count_log};
    LbAudio *a = lb_audio_open(&d);
    LT_CHECK(a != NULL);
    LT_CHECK(lb_audio_is_silent(a));
    LT_CHECK(n_warnings == 1);
    LT_STR_CONTAINS(as_str(last_warning), "captions still show");
    for (int i = 0; i < N_SESSION; i++)
        lb_audio_on_event(a, &session[i]);
    lb_audio_update(a, 0.0);
    lb_audio_update(a, 0.5);
    lb_audio_set_paused(a, true);
    lb_audio_set_paused(a, false);
    lb_audio_stop_speech(a);
    lb_audio_set_volume(a, 50);
    lb_audio_set_mute(a, true);
    LT_CHECK(!lb_audio_speaking(a));
    LT_CHECK(n_warnings == 1); /* said once, never again */
    lb_audio_close(a);
    if (was)
        setenv("SDL_AUDIODRIVER", saved, 1);
    else
        unsetenv("SDL_AUDIODRIVER");
    /* And the default logger writes one line to stderr. */
    setenv("SDL_AUDIODRIVER", "no-such-audio-driver", 1);
    char errpath[512];
    path_in_tmp(errpath, sizeof errpath, "stderr.txt");
    fflush(stderr);
    int keep = dup(2);
    FILE *cap = fopen(errpath, "w");
    LT_CHECK(cap != NULL);
    if (cap) {
        dup2(fileno(cap), 2);
        LbAudio *b = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .log = stderr_log});
        lb_audio_on_event(b, &session[0]);
        lb_audio_close(b);
        fflush(stderr);
        dup2(keep, 2);
        fclose(cap);
    }
    close(keep);
    if (was)
        setenv("SDL_AUDIODRIVER", saved, 1);
    else
        unsetenv("SDL_AUDIODRIVER");
    FILE *r = fopen(errpath, "r");
    char line[1024];
    int lines = 0;
    while (r && fgets(line, sizeof line, r))
        lines++;
    if (r)
        fclose(r);
    LT_CHECK_MSG(lines == 1, "%d lines on stderr", lines);
}

static void live_cue_speaks_and_stop_cuts_it(void)
{
    n_warnings = 0;
    LbAudio *a = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .log = count_log});
    LT_CHECK(a && !lb_audio_is_silent(a));
    LT_CHECK(n_warnings == 0);
    LT_CHECK(!lb_audio_speaking(a));
    lb_audio_on_event(a, &session[0]);
    LT_CHECK(lb_audio_speaking(a));
    lb_audio_stop_speech(a);
    LT_CHECK(wait_until_quiet(a)); /* the 20 ms fade runs on the mixer thread */
    /* Paused or muted: events make no sound. */
    lb_audio_set_paused(a, true);
    lb_audio_on_event(a, &session[0]);
    LT_CHECK(!lb_audio_speaking(a));
    lb_audio_set_paused(a, false);
    lb_audio_set_mute(a, true);
    LT_CHECK(lb_audio_muted(a));
    lb_audio_on_event(a, &session[0]);
    LT_CHECK(!lb_audio_speaking(a));
    lb_audio_set_mute(a, false);
    LT_CHECK(lb_audio_volume(a) == 100); /* not set: full */
    lb_audio_set_volume(a, 140);
    LT_CHECK(lb_audio_volume(a) == 100);
    lb_audio_set_volume(a, -3);
    LT_CHECK(lb_audio_volume(a) == 0);
    LT_CHECK(n_warnings == 0);
    lb_audio_close(a);
}

/* What the device receives, as it leaves the mixer: the left channel and
 * when each buffer left, on SDL's performance counter in seconds. */
typedef struct {
    int16_t left[RATE];
    long n;
    double at[256];
    long first[256];
    int buffers;
} Capture;

static void SDLCALL capture_postmix(void *user, Uint8 *stream, int len)
{
    Capture *c = user;
    if (c->buffers < 256) {
        c->at[c->buffers] = (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
        c->first[c->buffers++] = c->n;
    }
    const int16_t *s = (const int16_t *)(const void *)stream;
    for (int i = 0; i < len / 4 && c->n < RATE; i++)
        c->left[c->n++] = s[2 * i];
}

static void live_sound_handed_over_early_starts_at_its_sample(void)
{
    static Capture cap;
    memset(&cap, 0, sizeof cap);
    LbAudio *a = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio"});
    LT_CHECK(a && !lb_audio_is_silent(a));
    if (!a || lb_audio_is_silent(a)) {
        lb_audio_close(a);
        return;
    }
    Mix_SetPostMix(capture_postmix, &cap);
    SDL_Delay(100);
    double now = (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
    double due = now + 0.06; /* 60 ms ahead: a few buffers */
    LmEvent beep = ev(1.0, LM_EV_BEEP, NULL, NULL, 3);
    lb_audio_on_event_at(a, &beep, due);
    SDL_Delay(300);
    Mix_SetPostMix(NULL, NULL);
    long on = -1;
    for (long i = 0; i < cap.n && on < 0; i++)
        if (level(cap.left[i]) >= 0.0031623) /* -50 dBFS */
            on = i;
    LT_CHECK(on >= 0);
    int b = 0;
    while (b + 1 < cap.buffers && cap.first[b + 1] <= on)
        b++;
    double heard = cap.at[b] + (double)(on - cap.first[b]) / RATE;
    /* within 10 ms (a busy machine can hold the mixer's thread between
     * mixing and the post-mix hook); at the next buffer it would be some
     * 40 to 60 ms early */
    LT_CHECK_MSG(fabs(heard - due) < 0.010, "the beep is heard %.2f ms from when it is due", (heard - due) * 1e3);
    lb_audio_close(a);
}

static void live_volume_zero_is_a_volume_not_the_default(void)
{
    LbAudio *a = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .volume_set = true, .volume = 0});
    LT_CHECK(lb_audio_volume(a) == 0);
    lb_audio_close(a);
    a = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .volume_set = true, .volume = 35});
    LT_CHECK(lb_audio_volume(a) == 35);
    lb_audio_close(a);
}

static void live_missing_clip_warns_once_naming_it_and_chimes(void)
{
    n_warnings = 0;
    LbAudio *a = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .log = count_log});
    LmEvent missing = ev(0, LM_EV_CUE, "Gone.", "no-such-clip-00000000.ogg", 0);
    lb_audio_on_event(a, &missing);
    LT_CHECK(n_warnings == 1);
    LT_STR_CONTAINS(as_str(last_warning), "no-such-clip-00000000.ogg");
    LT_CHECK(lb_audio_speaking(a)); /* the chime stands in */
    lb_audio_on_event(a, &missing);
    lb_audio_on_event(a, &missing);
    LT_CHECK(n_warnings == 1);
    LmEvent empty = ev(0, LM_EV_CUE, "", NULL, 0);
    lb_audio_stop_speech(a);
    LT_CHECK(wait_until_quiet(a));
    lb_audio_on_event(a, &empty);
    LT_CHECK(!lb_audio_speaking(a)); /* no words, no clip: nothing to say */
    LmEvent own = ev(0, LM_EV_CUE, "My own words.", NULL, 0);
    lb_audio_stop_speech(a);
    LT_CHECK(wait_until_quiet(a));
    lb_audio_on_event(a, &own);
    LT_CHECK(lb_audio_speaking(a));
    LT_CHECK(n_warnings == 1); /* a cue without a clip is normal: no warning */
    lb_audio_close(a);
}

static void live_music_ducks_under_speech_as_a_ramp(void)
{
    char music[512];
    path_in_tmp(music, sizeof music, "music.wav");
    LT_CHECK(write_sine_wav(music, 2.0, 0.0, 220.0));
    n_warnings = 0;
    LbAudio *a = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .music = music, .log = count_log});
    LT_CHECK(n_warnings == 0);
    lb_audio_update(a, 10.0);
    LT_NEAR(lb_audio_music_gain(a), 1.0, 1e-9);
    lb_audio_on_event(a, &session[0]); /* a 2 s clip */
    double prev = 1.0, lowest = 1.0;
    int steps_down = 0;
    for (int f = 1; f <= 18; f++) { /* 300 ms of frames at 60 fps */
        lb_audio_update(a, 10.0 + f / 60.0);
        double g = lb_audio_music_gain(a);
        LT_CHECK(g <= prev + 1e-12);
        LT_CHECK_MSG(prev - g <= 0.08, "frame %d drops %.3f at once", f, prev - g);
        steps_down += g < prev;
        prev = g;
        lowest = g;
    }
    LT_CHECK(steps_down >= 8);              /* a ramp over many frames... */
    LT_CHECK(lowest < 0.3 && lowest > 0.2); /* ...down to the ducked level */
    lb_audio_stop_speech(a);
    LT_CHECK(wait_until_quiet(a));
    int steps_up = 0;
    for (int f = 1; f <= 18; f++) {
        lb_audio_update(a, 10.3 + f / 60.0);
        double g = lb_audio_music_gain(a);
        LT_CHECK(g >= prev - 1e-12);
        steps_up += g > prev;
        prev = g;
    }
    LT_CHECK(steps_up >= 8);
    LT_NEAR(prev, 1.0, 1e-9);
    lb_audio_close(a);
}

static void live_music_plays_ogg_flac_mp3_and_wav(void)
{
    char wav[512];
    path_in_tmp(wav, sizeof wav, "tone.wav");
    LT_CHECK(write_sine_wav(wav, 0.4, 0.0, 220.0));
    const char *files[] = {"tests/data/audio/music/tone.ogg", "tests/data/audio/music/tone.flac",
                           "tests/data/audio/music/tone.mp3", wav};
    for (int i = 0; i < 4; i++) {
        n_warnings = 0;
        LbAudio *a = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .music = files[i], .log = count_log});
        LT_CHECK_MSG(n_warnings == 0, "%s: %s", files[i], last_warning);
        /* Loaded music is what ducks: without it the gain never moves. */
        lb_audio_on_event(a, &session[0]);
        for (int f = 0; f <= 30; f++)
            lb_audio_update(a, f / 60.0);
        LT_CHECK_MSG(lb_audio_music_gain(a) < 0.3, "%s did not duck", files[i]);
        lb_audio_close(a);
    }
}

static void live_music_that_will_not_load_warns_and_goes_on(void)
{
    n_warnings = 0;
    LbAudio *a = lb_audio_open(
        &(LbAudioDesc){.data_dir = "tests/data/audio", .music = "/nonexistent/song.ogg", .log = count_log});
    LT_CHECK(a && !lb_audio_is_silent(a));
    LT_CHECK(n_warnings == 1);
    LT_STR_CONTAINS(as_str(last_warning), "/nonexistent/song.ogg");
    LT_STR_CONTAINS(as_str(last_warning), "No such file");
    lb_audio_on_event(a, &session[2]);
    lb_audio_update(a, 1.0);
    lb_audio_update(a, 1.1);
    LT_NEAR(lb_audio_music_gain(a), 1.0, 1e-9);
    lb_audio_close(a);
    /* A folder given for the music is called a folder. */
    n_warnings = 0;
    a = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .music = "tests/data", .log = count_log});
    LT_CHECK(a && n_warnings == 1);
    LT_STR_CONTAINS(as_str(last_warning), "'tests/data' (it is a folder, not a file)");
    lb_audio_close(a);
    /* A device (endless) or a pipe (blocking) is refused before the
     * decoder reads it: a warning, not a hang or all the memory. */
    n_warnings = 0;
    a = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .music = "/dev/zero", .log = count_log});
    LT_CHECK(a && n_warnings == 1);
    LT_STR_CONTAINS(as_str(last_warning), "'/dev/zero' (it is not a file but a device or a pipe)");
    lb_audio_close(a);
    /* A file that is not sound is called that, not by the decoder's name
     * for its failure alone. */
    n_warnings = 0;
    a = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .music = "CMakeLists.txt", .log = count_log});
    LT_CHECK(a && n_warnings == 1);
    LT_STR_CONTAINS(as_str(last_warning), "it is not a sound file limber can play");
    lb_audio_close(a);
    /* Named as MIDI but not MIDI: the synthesizer would spin for ever on
     * it, so it never gets it. */
    char mid[512];
    path_in_tmp(mid, sizeof mid, "not-midi.mid");
    FILE *f = fopen(mid, "wb");
    LT_CHECK(f != NULL);
    if (f) {
        fputs("just some words\n", f);
        fclose(f);
    }
    n_warnings = 0;
    a = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .music = mid, .log = count_log});
    LT_CHECK(a && n_warnings == 1);
    LT_STR_CONTAINS(as_str(last_warning), "is not a MIDI file");
    lb_audio_close(a);
    /* Named as MP3 but not MP3: refused before the decoder, which would
     * print its own lines about the headers it cannot find. */
    char mp3[512];
    path_in_tmp(mp3, sizeof mp3, "not-mp3.mp3");
    rename(mid, mp3);
    n_warnings = 0;
    a = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .music = mp3, .log = count_log});
    LT_CHECK(a && n_warnings == 1);
    LT_STR_CONTAINS(as_str(last_warning), "is named as MP3 but is not an MP3 file");
    lb_audio_close(a);
    remove(mp3);
}

/* Poll (up to two seconds) until no cue waits for the device or its clip. */
static bool wait_until_said(LbAudio *a)
{
    LbAudioStats s;
    for (int i = 0; i < 200; i++) {
        lb_audio_update(a, i * 0.01);
        lb_audio_stats(a, &s);
        if (!s.waiting)
            return true;
        SDL_Delay(10);
    }
    return false;
}

static void live_device_opens_in_the_background_and_the_first_cue_waits_for_it(void)
{
    n_warnings = 0;
    LbAudio *a =
        lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .log = count_log, .open_in_background = true});
    LT_CHECK(a && !lb_audio_is_silent(a));
    lb_audio_set_volume(a, 80);
    lb_audio_on_event(a, &session[0]);
    LT_CHECK(lb_audio_speaking(a)); /* waiting or already said: either way it is the voice's turn */
    LT_CHECK(wait_until_said(a));
    LT_CHECK(lb_audio_speaking(a)); /* said: a 2 s clip */
    LbAudioStats s;
    lb_audio_stats(a, &s);
    LT_CHECK(s.decoded_clips == 1);
    LT_CHECK(lb_audio_volume(a) == 80);
    LT_CHECK(n_warnings == 0);
    /* Stopping the speech drops a cue still waiting, too. */
    lb_audio_stop_speech(a);
    LT_CHECK(wait_until_quiet(a));
    lb_audio_close(a);
    a = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .open_in_background = true});
    lb_audio_on_event(a, &session[0]);
    lb_audio_stop_speech(a);
    LT_CHECK(!lb_audio_speaking(a));
    lb_audio_close(a);

    /* No device: open says nothing; a later call gives the one warning. */
    setenv("SDL_AUDIODRIVER", "no-such-audio-driver", 1);
    n_warnings = 0;
    a = lb_audio_open(&(LbAudioDesc){.data_dir = "tests/data/audio", .log = count_log, .open_in_background = true});
    LT_CHECK(a != NULL);
    LT_CHECK(n_warnings == 0);
    lb_audio_on_event(a, &session[0]);
    for (int i = 0; i < 200 && !lb_audio_is_silent(a); i++) {
        SDL_Delay(10);
        lb_audio_update(a, i * 0.01);
    }
    LT_CHECK(lb_audio_is_silent(a));
    LT_CHECK(!lb_audio_speaking(a)); /* the waiting cue went with the device */
    LT_CHECK(n_warnings == 1);
    LT_STR_CONTAINS(as_str(last_warning), "captions still show");
    lb_audio_close(a);
    setenv("SDL_AUDIODRIVER", "dummy", 1);
}

/* A whole shipped routine, live: every cue is said with its own clip (no
 * warning, so no chime stands in), while the clips decoded at any moment
 * stay a few megabytes rather than the routine's worth. */
static void live_routine_keeps_only_a_few_clips_decoded(void)
{
    LmLibrary lib;
    LmErrors err = {0};
    bool ok = lm_lib_load(&lib, ".", &err);
    lm_err_clear(&err);
    LmTimeline *tl = ok ? lt_compile_routine(&lib, "back-spasm-relief", LM_LEVEL_ACTIVE) : NULL;
    if (!tl) {
        LT_CHECK(!"the shipped routine compiles");
        lm_lib_free(&lib);
        return;
    }
    n_warnings = 0;
    LbAudio *a = lb_audio_open(&(LbAudioDesc){.data_dir = lib.data_dir, .log = count_log});
    lb_audio_preload(a, tl);
    size_t worst = 0;
    int distinct = 0, said = 0, cues = 0;
    for (int i = 0; i < tl->n_events; i++) {
        const LmEvent *e = &tl->events[i];
        bool clip = e->type == LM_EV_CUE && e->clip && *e->clip;
        bool first = clip;
        for (int j = 0; clip && j < i; j++)
            if (tl->events[j].type == LM_EV_CUE && tl->events[j].clip && !strcmp(tl->events[j].clip, e->clip))
                first = false;
        distinct += first;
        lb_audio_on_event(a, e);
        if (clip) {
            cues++;
            said += wait_until_said(a) && lb_audio_speaking(a);
        }
        LbAudioStats s;
        lb_audio_stats(a, &s);
        if (s.decoded_bytes > worst)
            worst = s.decoded_bytes;
    }
    LbAudioStats s;
    lb_audio_stats(a, &s);
    LT_CHECK_MSG(said == cues, "%d of %d cues said", said, cues);
    LT_CHECK_MSG(n_warnings == 0, "%s", last_warning);
    LT_CHECK(cues > 40 && distinct > 40);
    LT_CHECK_MSG(s.decodes >= (unsigned long)distinct, "%lu decodes for %d clips", s.decodes, distinct);
    /* All of them decoded would be some 35 MB. */
    LT_CHECK_MSG(worst <= ((size_t)8 << 20), "%zu bytes of clips decoded at once", worst);
    lb_audio_close(a);
    lm_timeline_free(tl);
    lm_lib_free(&lib);
}

int main(void)
{
    setenv("SDL_AUDIODRIVER", "dummy", 1); /* live tests play into no device */
    snprintf(tmpdir, sizeof tmpdir, "/tmp/limber-audio-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    LT_RUN(render_has_exactly_the_span_length);
    LT_RUN(render_places_every_sound_within_10_ms_of_its_event);
    LT_RUN(render_is_the_same_bytes_every_run);
    LT_RUN(render_pieces_join_into_the_whole);
    LT_RUN(render_tones_have_no_clicks);
    LT_RUN(render_a_corrupt_clip_is_a_chime_not_a_failure);
    LT_RUN(render_needs_no_sound_device);
    LT_RUN(render_refuses_bad_spans_and_unwritable_files);
    LT_RUN(measure_reports_worst_offset_of_every_sound);
    LT_RUN(measure_sees_a_clip_that_starts_late);
    LT_RUN(open_without_a_device_is_silent_with_one_warning);
    LT_RUN(live_cue_speaks_and_stop_cuts_it);
    LT_RUN(live_sound_handed_over_early_starts_at_its_sample);
    LT_RUN(live_volume_zero_is_a_volume_not_the_default);
    LT_RUN(live_missing_clip_warns_once_naming_it_and_chimes);
    LT_RUN(live_music_ducks_under_speech_as_a_ramp);
    LT_RUN(live_music_plays_ogg_flac_mp3_and_wav);
    LT_RUN(live_music_that_will_not_load_warns_and_goes_on);
    LT_RUN(live_device_opens_in_the_background_and_the_first_cue_waits_for_it);
    LT_RUN(live_routine_keeps_only_a_few_clips_decoded);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return lt_summary();
}
