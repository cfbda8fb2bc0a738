/* mix: the offline mix of a timeline span, sample-exact and the same on
 * every machine: written to a WAV, or measured for cue timing. */
#include "audio_int.h"
#include "wav.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- offline render ---------------------------------------------------- */

/* Decodes clips to mono float at 48 kHz through SDL2_mixer. When no mixer
 * is open it opens one on the dummy driver (no device, no sound) in exactly
 * the format wanted, so decoding is the same on every machine. */
typedef struct {
    bool opened_mixer, inited_audio;
    struct {
        char *file;
        Pcm pcm;
        bool broken;
    } * cache;
    int n, cap; /* cap is fixed up front: pointers into cache stay valid */
    Pcm tone[SND_COUNT];
    LbAudioLogFn log; /* where a clip that cannot be used is said */
    void *log_user;
} Decoder;

static bool decoder_begin(Decoder *d, int max_clips, char *err, size_t err_size)
{
    memset(d, 0, sizeof *d);
    d->cap = max_clips > 0 ? max_clips : 1;
    d->cache = calloc((size_t)d->cap, sizeof *d->cache);
    if (!d->cache) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    if (!Mix_QuerySpec(NULL, NULL, NULL)) {
        if (!SDL_WasInit(SDL_INIT_AUDIO)) {
            /* The dummy driver whatever SDL_AUDIODRIVER says: decoding needs
             * no device and must not fail for want of one. */
            const char *prev = SDL_GetHint(SDL_HINT_AUDIODRIVER);
            char saved[64] = "";
            if (prev)
                snprintf(saved, sizeof saved, "%s", prev);
            SDL_SetHintWithPriority(SDL_HINT_AUDIODRIVER, "dummy", SDL_HINT_OVERRIDE);
            int rc = SDL_InitSubSystem(SDL_INIT_AUDIO);
            SDL_ResetHint(SDL_HINT_AUDIODRIVER);
            if (prev)
                SDL_SetHint(SDL_HINT_AUDIODRIVER, saved);
            if (rc != 0) {
                snprintf(err, err_size, "cannot start audio decoding: %s", SDL_GetError());
                free(d->cache);
                return false;
            }
            d->inited_audio = true;
        }
        Mix_Init(MIX_INIT_OGG);
        if (Mix_OpenAudioDevice(LB_AUDIO_RATE, AUDIO_F32SYS, 1, BUFFER_FRAMES, NULL, 0) != 0) {
            snprintf(err, err_size, "cannot start audio decoding: %s", Mix_GetError());
            if (d->inited_audio)
                SDL_QuitSubSystem(SDL_INIT_AUDIO);
            free(d->cache);
            return false;
        }
        d->opened_mixer = true;
    }
    for (int s = SND_CHIME; s < SND_COUNT; s++)
        d->tone[s] = synth((Sound)s);
    return true;
}

static void decoder_end(Decoder *d)
{
    for (int i = 0; i < d->n; i++) {
        free(d->cache[i].file);
        free(d->cache[i].pcm.pcm);
    }
    free(d->cache);
    for (int s = 0; s < SND_COUNT; s++)
        free(d->tone[s].pcm);
    if (d->opened_mixer) {
        Mix_CloseAudio();
        Mix_Quit();
    }
    if (d->inited_audio)
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

/* The decoded clip, or NULL (after one warning naming the file). */
static const Pcm *decoder_clip(Decoder *d, const char *data_dir, const char *file)
{
    for (int i = 0; i < d->n; i++)
        if (strcmp(d->cache[i].file, file) == 0)
            return d->cache[i].broken ? NULL : &d->cache[i].pcm;
    if (d->n == d->cap)
        return NULL;
    char *name = malloc(strlen(file) + 1);
    if (!name)
        return NULL;
    strcpy(name, file);
    int i = d->n++;
    d->cache[i].file = name;
    d->cache[i].pcm = (Pcm){0};
    d->cache[i].broken = true;
    char path[4096];
    if (!clip_path(data_dir, file, path, sizeof path)) {
        warnf(d->log, d->log_user, "voice clip '%s' is not a file name in assets/voice; a chime stands in", file);
        return NULL;
    }
    char why[512];
    Mix_Chunk *c = load_chunk(path, why, sizeof why);
    int freq, channels;
    Uint16 fmt;
    if (!c) {
        warnf(d->log, d->log_user, "voice clip '%s': %s; a chime stands in", path, why);
        return NULL;
    }
    Mix_QuerySpec(&freq, &fmt, &channels);
    if (!to_mono_float(c->abuf, c->alen, fmt, channels, freq, &d->cache[i].pcm)) {
        warnf(d->log, d->log_user, "voice clip '%s': cannot convert (%s); a chime stands in", path, SDL_GetError());
        Mix_FreeChunk(c);
        return NULL;
    }
    Mix_FreeChunk(c);
    d->cache[i].broken = false;
    return &d->cache[i].pcm;
}

/* A sound placed on the timeline: its first sample (absolute, at 48 kHz),
 * its PCM, and where a later cue cuts it (INT64_MAX when nothing does). */
typedef struct {
    int64_t start, end; /* end: first sample not heard (cut + fade, or the PCM's end) */
    int64_t cut;
    const Pcm *pcm;
} Placed;

/* Every sound of a timeline, placed, with its decoded PCM. */
typedef struct {
    Decoder dec;
    Placed *pl;
    int n;
} Score;

static int64_t to_sample(double t_s) { return (int64_t)llround(t_s * LB_AUDIO_RATE); }

static bool is_speech(Sound s) { return s == SND_CLIP || s == SND_CHIME; }

static bool score_begin(Score *sc, const LmTimeline *tl, const LmLibrary *lib, LbAudioLogFn log, void *log_user,
                        char *err, size_t err_size)
{
    memset(sc, 0, sizeof *sc);
    if (!tl) {
        snprintf(err, err_size, "no timeline to render");
        return false;
    }
    sc->pl = calloc((size_t)(tl->n_events > 0 ? tl->n_events : 1), sizeof *sc->pl);
    if (!sc->pl) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    if (!decoder_begin(&sc->dec, tl->n_events, err, err_size)) {
        free(sc->pl);
        return false;
    }
    sc->dec.log = log;
    sc->dec.log_user = log_user;
    const char *data_dir = lib ? lib->data_dir : NULL;
    const int64_t fade = (int64_t)CUT_FADE_MS * LB_AUDIO_RATE / 1000;
    for (int i = 0; i < tl->n_events; i++) {
        const LmEvent *ev = &tl->events[i];
        Sound s = sound_for_event(ev);
        if (s == SND_NONE)
            continue;
        const Pcm *p = s == SND_CLIP ? decoder_clip(&sc->dec, data_dir, ev->clip) : NULL;
        if (!p)
            p = &sc->dec.tone[s == SND_CLIP ? SND_CHIME : s];
        if (!p->pcm)
            continue;
        Placed *q = &sc->pl[sc->n++];
        q->start = to_sample(ev->t_s);
        q->cut = INT64_MAX;
        q->pcm = p;
        if (is_speech(s)) /* the next cue cuts this one, as it does live */
            for (int j = 0; j < tl->n_events; j++) {
                int64_t tj = to_sample(tl->events[j].t_s);
                if (is_speech(sound_for_event(&tl->events[j])) && tj > q->start && tj < q->cut)
                    q->cut = tj;
            }
        q->end = q->start + p->n;
        if (q->cut != INT64_MAX && q->cut + fade < q->end)
            q->end = q->cut + fade;
    }
    return true;
}

static void score_end(Score *sc)
{
    decoder_end(&sc->dec);
    free(sc->pl);
}

/* Add the sounds heard in absolute samples [from, from + n) into out. */
static void score_mix(const Score *sc, int64_t from, int64_t n, float *out)
{
    const int64_t fade = (int64_t)CUT_FADE_MS * LB_AUDIO_RATE / 1000;
    for (int k = 0; k < sc->n; k++) {
        const Placed *q = &sc->pl[k];
        int64_t a = q->start > from ? q->start : from;
        int64_t b = q->end < from + n ? q->end : from + n;
        for (int64_t at = a; at < b; at++) {
            float g = 1.0f;
            if (at >= q->cut)
                g = (float)(0.5 + 0.5 * cos(LB_PI * (double)(at - q->cut) / (double)fade));
            out[at - from] += g * q->pcm->pcm[at - q->start];
        }
    }
}

static bool check_span(double t0_s, double t1_s, char *err, size_t err_size)
{
    if (!(t0_s >= 0) || !(t1_s >= t0_s) || t1_s - t0_s > MAX_RENDER_S) {
        snprintf(err, err_size, "cannot render sound from %g s to %g s", t0_s, t1_s);
        return false;
    }
    return true;
}

bool lb_audio_render_wav(const LmTimeline *tl, const LmLibrary *lib, double t0_s, double t1_s, const char *wav_path,
                         LbAudioLogFn log, void *log_user, char *err, size_t err_size)
{
    if (!check_span(t0_s, t1_s, err, err_size))
        return false;
    int64_t s0 = to_sample(t0_s);
    int64_t n = to_sample(t1_s - t0_s);
    Score sc;
    if (!score_begin(&sc, tl, lib, log, log_user, err, err_size))
        return false;
    FILE *f = fopen(wav_path, "wb");
    if (!f) {
        snprintf(err, err_size, "%s: cannot write: %s", wav_path, strerror(errno));
        score_end(&sc);
        return false;
    }
    unsigned char h[LB_WAV_HEADER];
    lb_wav_header(h, LB_AUDIO_RATE, (uint32_t)n);
    /* A second at a time: memory does not grow with the span. */
    enum { BLOCK = LB_AUDIO_RATE };
    float *block = malloc(BLOCK * sizeof *block);
    unsigned char *bytes = malloc(BLOCK * 2);
    bool ok = block && bytes && fwrite(h, 1, sizeof h, f) == sizeof h;
    for (int64_t done = 0; ok && done < n; done += BLOCK) {
        int64_t m = n - done < BLOCK ? n - done : BLOCK;
        memset(block, 0, BLOCK * sizeof *block);
        score_mix(&sc, s0 + done, m, block);
        lb_wav_pcm16(block, m, bytes);
        ok = fwrite(bytes, 2, (size_t)m, f) == (size_t)m;
    }
    int write_errno = errno;
    if (fclose(f) != 0) {
        ok = false;
        write_errno = errno;
    }
    free(block);
    free(bytes);
    score_end(&sc);
    if (!ok) {
        snprintf(err, err_size, "%s: write failed: %s", wav_path, strerror(write_errno));
        struct stat st;
        if (stat(wav_path, &st) == 0 && S_ISREG(st.st_mode))
            remove(wav_path); /* a cut-off WAV is no use; a device is left alone */
        return false;
    }
    return true;
}

double lb_audio_measure_cue_offset_ms(const LmTimeline *tl, const LmLibrary *lib, double t0_s, double t1_s,
                                      int *n_measured, LbAudioLogFn log, void *log_user, char *err, size_t err_size)
{
    if (n_measured)
        *n_measured = 0;
    if (!check_span(t0_s, t1_s, err, err_size))
        return -1.0;
    Score sc;
    if (!score_begin(&sc, tl, lib, log, log_user, err, err_size))
        return -1.0;
    const int64_t ms = LB_AUDIO_RATE / 1000;
    const int64_t before = 30 * ms, after = 500 * ms;
    int64_t s0 = to_sample(t0_s), s1 = s0 + to_sample(t1_s - t0_s);
    float win[30 * (LB_AUDIO_RATE / 1000) + 500 * (LB_AUDIO_RATE / 1000)];
    double worst = 0.0;
    int measured = 0;
    for (int k = 0; k < sc.n; k++) {
        int64_t at = sc.pl[k].start;
        if (at < s0 || at >= s1)
            continue;
        /* Mix the window around this sound, as the WAV would hold it. */
        int64_t w0 = at - before < s0 ? s0 : at - before;
        int64_t w1 = at + after > s1 ? s1 : at + after;
        memset(win, 0, sizeof win);
        score_mix(&sc, w0, w1 - w0, win);
        /* Only a sound that begins in quiet can be timed by its onset. */
        bool quiet = true;
        for (int64_t i = w0; i < at - ms; i++)
            if (fabsf(win[i - w0]) >= ONSET_LEVEL)
                quiet = false;
        if (!quiet)
            continue;
        int64_t onset = -1;
        for (int64_t i = at - 10 * ms < w0 ? w0 : at - 10 * ms; i < w1; i++)
            if (fabsf(win[i - w0]) >= ONSET_LEVEL) {
                onset = i;
                break;
            }
        double off = onset < 0 ? 500.0 : fabs((double)(onset - at)) * 1000.0 / LB_AUDIO_RATE;
        if (off > worst)
            worst = off;
        measured++;
    }
    score_end(&sc);
    if (n_measured)
        *n_measured = measured;
    if (!measured) {
        snprintf(err, err_size, "no sound starts in quiet between %g s and %g s", t0_s, t1_s);
        return -1.0;
    }
    return worst;
}

struct LbAudioMix {
    Score sc;
    int64_t at; /* the next sample, absolute */
};

LbAudioMix *lb_audio_mix_open(const LmTimeline *tl, const LmLibrary *lib, double t0_s, char *err, size_t err_size)
{
    if (!check_span(t0_s, t0_s, err, err_size))
        return NULL;
    LbAudioMix *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, err_size, "out of memory");
        return NULL;
    }
    if (!score_begin(&m->sc, tl, lib, NULL, NULL, err, err_size)) {
        free(m);
        return NULL;
    }
    m->at = to_sample(t0_s);
    return m;
}

void lb_audio_mix_read(LbAudioMix *m, float *out, int n)
{
    if (n <= 0)
        return;
    memset(out, 0, (size_t)n * sizeof *out);
    score_mix(&m->sc, m->at, n, out);
    for (int i = 0; i < n; i++)
        out[i] = out[i] > 1.0f ? 1.0f : out[i] < -1.0f ? -1.0f : out[i];
    m->at += n;
}

void lb_audio_mix_close(LbAudioMix *m)
{
    if (!m)
        return;
    score_end(&m->sc);
    free(m);
}
