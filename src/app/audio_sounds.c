/* audio_sounds: what each event sounds like: tones synthesised once, voice
 * clips found and decoded to the mixer's format. */
#include "audio_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- tone synthesis ---------------------------------------------------- */

/* A note: a sine (plus an optional octave partial) at amp, with a
 * raised-cosine attack and release so it starts and ends without a click,
 * and an optional exponential decay (a bell) in between. */
typedef struct {
    double freq_hz, dur_s, amp, attack_s, release_s, decay_s, partial;
} Note;

static void add_note(float *out, int n, int at, const Note *nt)
{
    int len = (int)lround(nt->dur_s * LB_AUDIO_RATE);
    int att = (int)lround(nt->attack_s * LB_AUDIO_RATE);
    int rel = (int)lround(nt->release_s * LB_AUDIO_RATE);
    for (int i = 0; i < len && at + i < n; i++) {
        double t = (double)i / LB_AUDIO_RATE;
        double env = 1.0;
        if (i < att)
            env = 0.5 - 0.5 * cos(LB_PI * i / att);
        if (i >= len - rel)
            env *= 0.5 - 0.5 * cos(LB_PI * (len - i) / rel);
        if (nt->decay_s > 0)
            env *= exp(-t / nt->decay_s);
        double s = sin(2.0 * LB_PI * nt->freq_hz * t) + nt->partial * sin(4.0 * LB_PI * nt->freq_hz * t);
        out[at + i] += (float)(nt->amp * env * s / (1.0 + nt->partial));
    }
}

/* The in-memory sound for every non-clip Sound. Caller frees pcm. */
Pcm synth(Sound s)
{
    Pcm p = {0};
    Note a = {0}, b = {0};
    double gap_s = 0;
    bool two = false;
    switch (s) {
    case SND_BEEP: /* short and neutral */ a = (Note){880, 0.11, 0.25, 0.005, 0.03, 0, 0}; break;
    case SND_BEEP_LAST: /* higher and a little longer: "now" */ a = (Note){1320, 0.16, 0.25, 0.005, 0.04, 0, 0}; break;
    case SND_HOLD_END: /* falling pair, bell-like: "done, relax" */
        a = (Note){988, 0.22, 0.35, 0.005, 0.06, 0.12, 0.25};
        b = (Note){659, 0.40, 0.35, 0.005, 0.10, 0.18, 0.25};
        gap_s = 0.14;
        two = true;
        break;
    case SND_SIDE: /* rising pair: "other side" */
        a = (Note){587, 0.20, 0.30, 0.005, 0.05, 0.12, 0.2};
        b = (Note){880, 0.30, 0.30, 0.005, 0.08, 0.15, 0.2};
        gap_s = 0.12;
        two = true;
        break;
    case SND_CHIME: /* soft bell in place of a voice */ a = (Note){1047, 0.60, 0.22, 0.006, 0.15, 0.22, 0.3}; break;
    default: return p;
    }
    double dur = two ? gap_s + b.dur_s : a.dur_s;
    if (two && a.dur_s > dur)
        dur = a.dur_s;
    p.n = (int)lround(dur * LB_AUDIO_RATE);
    p.pcm = calloc((size_t)p.n, sizeof(float));
    if (!p.pcm) {
        p.n = 0;
        return p;
    }
    add_note(p.pcm, p.n, 0, &a);
    if (two)
        add_note(p.pcm, p.n, (int)lround(gap_s * LB_AUDIO_RATE), &b);
    return p;
}

/* ---- event -> sound ---------------------------------------------------- */

Sound sound_for_event(const LmEvent *ev)
{
    switch (ev->type) {
    case LM_EV_CUE: /* a cue with neither clip nor words says nothing */
        if (ev->clip && *ev->clip)
            return SND_CLIP;
        return (ev->text && *ev->text) ? SND_CHIME : SND_NONE;
    case LM_EV_BEEP:
        if (ev->arg == 1)
            return SND_BEEP_LAST;
        return (ev->arg == 2 || ev->arg == 3) ? SND_BEEP : SND_NONE;
    case LM_EV_HOLD_END: return SND_HOLD_END;
    case LM_EV_SIDE: return SND_SIDE;
    default: return SND_NONE;
    }
}

/* The clip's path, or false when its name could leave assets/voice. */
bool clip_path(const char *data_dir, const char *file, char *out, size_t size)
{
    if (!file || !*file || file[0] == '/' || file[0] == '\\' || strstr(file, ".."))
        return false;
    int w = snprintf(out, size, "%s/assets/voice/%s", data_dir && *data_dir ? data_dir : ".", file);
    return w > 0 && (size_t)w < size;
}

/* Load a clip into the open mixer's format; on failure NULL and the reason
 * (a missing file says so rather than what SDL_mixer says about NULL). */
Mix_Chunk *load_chunk(const char *path, char *why, size_t why_size)
{
    SDL_RWops *rw = SDL_RWFromFile(path, "rb");
    if (!rw) {
        snprintf(why, why_size, "missing or unreadable");
        return NULL;
    }
    Mix_Chunk *c = Mix_LoadWAV_RW(rw, 1);
    if (!c)
        snprintf(why, why_size, "will not decode (%s)", Mix_GetError());
    return c;
}

/* Convert PCM in (fmt, channels, freq) to mono float at LB_AUDIO_RATE. */
bool to_mono_float(const Uint8 *buf, Uint32 len, SDL_AudioFormat fmt, int channels, int freq, Pcm *out)
{
    SDL_AudioCVT cvt;
    if (SDL_BuildAudioCVT(&cvt, fmt, (Uint8)channels, freq, AUDIO_F32SYS, 1, LB_AUDIO_RATE) < 0)
        return false;
    cvt.len = (int)len;
    cvt.buf = SDL_malloc((size_t)len * (size_t)cvt.len_mult + 16);
    if (!cvt.buf)
        return false;
    memcpy(cvt.buf, buf, len);
    if (cvt.needed && SDL_ConvertAudio(&cvt) < 0) {
        SDL_free(cvt.buf);
        return false;
    }
    int bytes = cvt.needed ? cvt.len_cvt : (int)len;
    out->n = bytes / (int)sizeof(float);
    out->pcm = malloc((size_t)(out->n > 0 ? out->n : 1) * sizeof(float));
    if (!out->pcm) {
        SDL_free(cvt.buf);
        return false;
    }
    memcpy(out->pcm, cvt.buf, (size_t)out->n * sizeof(float));
    SDL_free(cvt.buf);
    return true;
}

/* Convert mono float PCM into a chunk in the open mixer's format. */
Mix_Chunk *chunk_from_pcm(const Pcm *p)
{
    int freq, channels;
    Uint16 fmt;
    if (!p->pcm || !Mix_QuerySpec(&freq, &fmt, &channels))
        return NULL;
    SDL_AudioCVT cvt;
    if (SDL_BuildAudioCVT(&cvt, AUDIO_F32SYS, 1, LB_AUDIO_RATE, fmt, (Uint8)channels, freq) < 0)
        return NULL;
    cvt.len = p->n * (int)sizeof(float);
    cvt.buf = SDL_malloc((size_t)cvt.len * (size_t)cvt.len_mult + 16);
    if (!cvt.buf)
        return NULL;
    memcpy(cvt.buf, p->pcm, (size_t)cvt.len);
    if (cvt.needed && SDL_ConvertAudio(&cvt) < 0) {
        SDL_free(cvt.buf);
        return NULL;
    }
    Mix_Chunk *c = SDL_malloc(sizeof *c);
    if (!c) {
        SDL_free(cvt.buf);
        return NULL;
    }
    c->allocated = 1; /* Mix_FreeChunk frees abuf with SDL_free */
    c->abuf = cvt.buf;
    c->alen = (Uint32)(cvt.needed ? cvt.len_cvt : cvt.len);
    c->volume = MIX_MAX_VOLUME;
    return c;
}
