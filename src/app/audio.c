/* audio: voice cues, beeps and ducked music through SDL2_mixer, and the
 * offline mix of a timeline span into a WAV. Sections: defines, types,
 * tone synthesis, event -> sound, live playback, offline render. */
#include "audio.h"

#include <SDL.h>
#include <SDL_mixer.h>
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- defines ---------------------------------------------------------- */

#define LB_PI 3.14159265358979323846
#define BUFFER_FRAMES 1024    /* 21 ms at 48 kHz: latency under 30 ms */
#define SPEECH_CHANNELS 2     /* alternate, so a cut clip fades under the new one */
#define MIX_CHANNELS 8
#define CUT_FADE_MS 20        /* a cue cut by the next one fades out this long */
#define MUSIC_LEVEL 0.6       /* music under the voice, relative to the master volume */
#define DUCK_GAIN 0.25        /* music gain while speech plays (-12 dB) */
#define DUCK_RAMP_S 0.2       /* full duck or restore takes this long */
#define ONSET_LEVEL 0.0031623 /* -50 dBFS: a sound has begun (soft consonants too) */
#define MAX_RENDER_S (6.0 * 3600.0)

/* ---- types ------------------------------------------------------------ */

typedef enum {
    SND_NONE = 0,
    SND_CLIP,      /* the cue's voice clip */
    SND_CHIME,     /* a cue without a usable clip */
    SND_BEEP,      /* countdown 3 and 2 */
    SND_BEEP_LAST, /* countdown 1 */
    SND_HOLD_END,
    SND_SIDE,
    SND_COUNT
} Sound;

/* Mono float PCM at LB_AUDIO_RATE. */
typedef struct {
    float *pcm;
    int n;
} Pcm;

/* A voice clip the live player knows of. Decoded clips are large (about
 * 190 KB a second in the device's format, against some 20 KB for the Ogg
 * file), so only the few about to be said or being said stay decoded. */
typedef enum {
    CLIP_NEW,    /* not decoded (or decoded and dropped since) */
    CLIP_QUEUED, /* the loader thread is decoding it */
    CLIP_READY,  /* decoded: chunk */
    CLIP_BROKEN  /* missing or will not decode: a chime stands in (warned once) */
} ClipState;

typedef struct {
    char *file;
    ClipState state;
    Mix_Chunk *chunk; /* while CLIP_READY */
    uint64_t used;    /* tick of its last play or request (least recently used goes first) */
    bool checked;     /* its file has been looked for */
} CachedClip;

/* Work for the loader thread, and what it made of it. */
typedef struct {
    int clip;
    char *path;
    Mix_Chunk *chunk; /* NULL: why says why */
    char why[256];
} Job;

#define MAX_JOBS 8
#define LOOKAHEAD_CLIPS 3 /* clips of the timeline decoded ahead */

/* A sound handed over before it is due starts at its own sample: its
 * channel's data is held back, inside the mixer's callback, by the
 * distance from the buffer's start to the due time. */
#define DELAY_MAX_FRAMES 4096 /* 85 ms at 48 kHz, beyond any lead */
typedef struct {
    double due_s;  /* wall time its first sample is due; the first buffer turns it into held */
    bool armed;
    int held;      /* bytes held back (silence at first) */
    Uint8 hold[DELAY_MAX_FRAMES * 4], save[DELAY_MAX_FRAMES * 4];
} Delay;

struct LbAudio {
    bool silent, mute, paused;
    int volume;
    char *data_dir;
    LbAudioLogFn log;
    void *log_user;
    bool quit_audio_subsystem, close_mixer;
    char *music_path;
    Mix_Chunk *tone[SND_COUNT];
    CachedClip *clips;
    int n_clips, cap_clips;
    Mix_Music *music;
    double music_gain; /* ducking: 1 = full, DUCK_GAIN = ducked */
    double last_now_s;
    bool have_now;
    int speech_ch; /* the speech channel used last */

    /* Main thread only. */
    bool opening;         /* the device is being opened on the loader thread */
    int pending;          /* speech waiting for the device or its clip: PENDING_NONE, PENDING_CHIME or a clip */
    uint64_t pending_ms;  /* when it was asked for (SDL_GetTicks64) */
    double pending_due;   /* the wall time it is due (seconds, performance counter), 0 = now */
    Delay delay[MIX_CHANNELS]; /* each channel's start offset (used in the mixer's thread) */
    const LmTimeline *tl; /* the timeline playing, for decoding ahead (NULL: none) */
    int look_from;        /* its next event from which clips are decoded ahead */
    int wanted[LOOKAHEAD_CLIPS]; /* the clips decoded ahead: never dropped */
    int n_wanted;
    int in_flight;        /* jobs handed to the loader and not yet collected */
    size_t decoded_bytes; /* held by READY clips */
    unsigned long decodes;
    uint64_t tick;

    /* The loader thread; everything below is shared with it under lock. */
    SDL_Thread *thread;
    SDL_mutex *lock;
    SDL_cond *wake;
    bool w_quit, w_open, w_open_done, w_open_ok;
    char w_open_why[512];
    Job jobs[MAX_JOBS]; /* to do, oldest first */
    int n_jobs;
    Job done[MAX_JOBS];
    int n_done;
};

/* ---- logging ---------------------------------------------------------- */

static void default_log(void *user, const char *msg)
{
    (void)user;
    fprintf(stderr, "limber: audio: %s\n", msg);
}

static void warnf(LbAudioLogFn log, void *user, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void warnf(LbAudioLogFn log, void *user, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    (log ? log : default_log)(user, msg);
}

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
static Pcm synth(Sound s)
{
    Pcm p = {0};
    Note a = {0}, b = {0};
    double gap_s = 0;
    bool two = false;
    switch (s) {
    case SND_BEEP: /* short and neutral */
        a = (Note){880, 0.11, 0.25, 0.005, 0.03, 0, 0};
        break;
    case SND_BEEP_LAST: /* higher and a little longer: "now" */
        a = (Note){1320, 0.16, 0.25, 0.005, 0.04, 0, 0};
        break;
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
    case SND_CHIME: /* soft bell in place of a voice */
        a = (Note){1047, 0.60, 0.22, 0.006, 0.15, 0.22, 0.3};
        break;
    default:
        return p;
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

static Sound sound_for_event(const LmEvent *ev)
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
    case LM_EV_HOLD_END:
        return SND_HOLD_END;
    case LM_EV_SIDE:
        return SND_SIDE;
    default:
        return SND_NONE;
    }
}

/* The clip's path, or false when its name could leave assets/voice. */
static bool clip_path(const char *data_dir, const char *file, char *out, size_t size)
{
    if (!file || !*file || file[0] == '/' || file[0] == '\\' || strstr(file, ".."))
        return false;
    int w = snprintf(out, size, "%s/assets/voice/%s", data_dir && *data_dir ? data_dir : ".", file);
    return w > 0 && (size_t)w < size;
}

/* Load a clip into the open mixer's format; on failure NULL and the reason
 * (a missing file says so rather than what SDL_mixer says about NULL). */
static Mix_Chunk *load_chunk(const char *path, char *why, size_t why_size)
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
static bool to_mono_float(const Uint8 *buf, Uint32 len, SDL_AudioFormat fmt, int channels, int freq, Pcm *out)
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
static Mix_Chunk *chunk_from_pcm(const Pcm *p)
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

/* ---- live playback ----------------------------------------------------- */

/* Which clips stay decoded: the next LOOKAHEAD_CLIPS the timeline will say
 * (within LOOKAHEAD_S), decoded on the loader thread from the cue just
 * heard on, and whatever is playing; others are dropped, least recently
 * used first, once the decoded ones pass DECODED_BUDGET. */
#define LOOKAHEAD_S 60.0
#define DECODED_BUDGET ((size_t)3 << 20)
#define PENDING_MAX_MS 3000 /* speech that waited longer than this is stale: dropped */
#define PENDING_NONE (-2)
#define PENDING_CHIME (-1)

/* The device is open and every Mix_ call may be made. */
static bool live(const LbAudio *a) { return a && !a->silent && !a->opening; }

static void apply_music_volume(LbAudio *a)
{
    if (!live(a) || !a->music)
        return;
    double v = a->mute ? 0.0 : MUSIC_LEVEL * a->music_gain * a->volume / 100.0;
    Mix_VolumeMusic((int)lround(v * MIX_MAX_VOLUME));
}

static void apply_channel_volume(LbAudio *a)
{
    if (live(a))
        Mix_Volume(-1, a->mute ? 0 : (int)lround(a->volume * MIX_MAX_VOLUME / 100.0));
}

static void go_silent(LbAudio *a, const char *why)
{
    a->silent = true;
    a->pending = PENDING_NONE;
    warnf(a->log, a->log_user, "no sound (%s); playing silently, captions still show", why);
}

/* With no sound card at all, ALSA's library prints lines of its own about
 * the card it cannot find on SDL's way to failing; the one warning that
 * says there is no sound says it all. Only then (a machine with a card
 * keeps ALSA's words, which may help), and only ALSA's messages. SDL loads
 * the same library itself, so this handle is its instance. */
static void alsa_quiet(const char *file, int line, const char *func, int err, const char *fmt, ...)
{
    (void)file, (void)line, (void)func, (void)err, (void)fmt;
}

static void quiet_alsa_without_cards(void)
{
    FILE *f = fopen("/proc/asound/cards", "r");
    if (f) {
        char line[256] = "";
        bool none = !fgets(line, sizeof line, f) || strstr(line, "no soundcards");
        fclose(f);
        if (!none)
            return;
    }
    void *lib = dlopen("libasound.so.2", RTLD_LAZY | RTLD_LOCAL);
    if (!lib)
        return;
    typedef void (*Handler)(const char *, int, const char *, int, const char *, ...);
    int (*set_handler)(Handler) = NULL;
    *(void **)&set_handler = dlsym(lib, "snd_lib_error_set_handler");
    if (set_handler)
        set_handler(alsa_quiet);
    /* kept open: the handler is the library's state */
}

/* Start the audio subsystem, open the mixer and make the tones. On failure
 * leaves nothing open and says why. Runs on the loader thread when the
 * device opens in the background; the main thread then touches none of
 * what this sets until the loader says it is done. */
static bool open_device(LbAudio *a, char *why, size_t why_size)
{
    if (!SDL_WasInit(SDL_INIT_AUDIO)) {
        quiet_alsa_without_cards();
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
            snprintf(why, why_size, "%s", SDL_GetError());
            return false;
        }
        a->quit_audio_subsystem = true;
    }
    Mix_Init(MIX_INIT_OGG | MIX_INIT_MP3 | MIX_INIT_FLAC);
    if (Mix_OpenAudioDevice(LB_AUDIO_RATE, AUDIO_S16SYS, 2, BUFFER_FRAMES, NULL, 0) != 0) {
        snprintf(why, why_size, "%s", Mix_GetError());
        Mix_Quit();
        if (a->quit_audio_subsystem)
            SDL_QuitSubSystem(SDL_INIT_AUDIO);
        a->quit_audio_subsystem = false;
        return false;
    }
    a->close_mixer = true;
    Mix_AllocateChannels(MIX_CHANNELS);
    Mix_ReserveChannels(SPEECH_CHANNELS); /* 0 and 1 only take speech */
    for (int s = SND_CHIME; s < SND_COUNT; s++) {
        Pcm p = synth((Sound)s);
        a->tone[s] = chunk_from_pcm(&p);
        free(p.pcm);
    }
    return true;
}

/* The clip's index in the cache, added (not yet loaded) the first time;
 * -1 when out of memory. */
static int clip_index(LbAudio *a, const char *file)
{
    for (int i = 0; i < a->n_clips; i++)
        if (strcmp(a->clips[i].file, file) == 0)
            return i;
    if (a->n_clips == a->cap_clips) {
        int cap = a->cap_clips ? a->cap_clips * 2 : 32;
        CachedClip *c = realloc(a->clips, (size_t)cap * sizeof *c);
        if (!c)
            return -1;
        a->clips = c;
        a->cap_clips = cap;
    }
    CachedClip *c = &a->clips[a->n_clips];
    memset(c, 0, sizeof *c);
    c->file = malloc(strlen(file) + 1);
    if (!c->file)
        return -1;
    strcpy(c->file, file);
    return a->n_clips++;
}

/* A clip that will not play: said once, then a chime stands in. */
static void clip_broken(LbAudio *a, int i, const char *path, const char *why)
{
    CachedClip *c = &a->clips[i];
    c->state = CLIP_BROKEN;
    c->checked = true;
    if (path)
        warnf(a->log, a->log_user, "voice clip '%s': %s; a chime plays instead", path, why);
    else
        warnf(a->log, a->log_user, "voice clip '%s' is not a file name in assets/voice; a chime plays instead",
              c->file);
}

static void clip_ready(LbAudio *a, int i, Mix_Chunk *chunk)
{
    CachedClip *c = &a->clips[i];
    c->state = CLIP_READY;
    c->checked = true;
    c->chunk = chunk;
    a->decoded_bytes += chunk->alen;
    a->decodes++;
}

static bool clip_playing(const LbAudio *a, const Mix_Chunk *chunk)
{
    if (!live(a))
        return false;
    for (int ch = 0; ch < SPEECH_CHANNELS; ch++)
        if (Mix_Playing(ch) && Mix_GetChunk(ch) == chunk)
            return true;
    return false;
}

static bool clip_wanted(const LbAudio *a, int i)
{
    if (a->pending == i)
        return true;
    for (int k = 0; k < a->n_wanted; k++)
        if (a->wanted[k] == i)
            return true;
    return false;
}

/* Drop decoded clips, least recently used first, until within budget; a
 * clip playing or wanted soon is kept. */
static void trim(LbAudio *a)
{
    while (a->decoded_bytes > DECODED_BUDGET) {
        int victim = -1;
        for (int i = 0; i < a->n_clips; i++) {
            const CachedClip *c = &a->clips[i];
            if (c->state != CLIP_READY || clip_wanted(a, i) || clip_playing(a, c->chunk))
                continue;
            if (victim < 0 || c->used < a->clips[victim].used)
                victim = i;
        }
        if (victim < 0)
            return;
        CachedClip *c = &a->clips[victim];
        a->decoded_bytes -= c->chunk->alen;
        Mix_FreeChunk(c->chunk);
        c->chunk = NULL;
        c->state = CLIP_NEW;
    }
}

/* Decode clip i now, on this thread. */
static void decode_now(LbAudio *a, int i)
{
    char path[4096], why[512];
    if (!clip_path(a->data_dir, a->clips[i].file, path, sizeof path)) {
        clip_broken(a, i, NULL, NULL);
        return;
    }
    Mix_Chunk *chunk = load_chunk(path, why, sizeof why);
    if (!chunk) {
        clip_broken(a, i, path, why);
        return;
    }
    clip_ready(a, i, chunk);
    trim(a);
}

/* Hand clip i to the loader thread, when it is neither decoded nor broken
 * (and there is a loader with room for it). */
static void request(LbAudio *a, int i)
{
    CachedClip *c = &a->clips[i];
    c->used = ++a->tick;
    if (c->state != CLIP_NEW || !a->thread || a->in_flight >= MAX_JOBS)
        return;
    char path[4096];
    if (!clip_path(a->data_dir, c->file, path, sizeof path)) {
        clip_broken(a, i, NULL, NULL);
        return;
    }
    char *copy = malloc(strlen(path) + 1);
    if (!copy)
        return;
    strcpy(copy, path);
    SDL_LockMutex(a->lock);
    a->jobs[a->n_jobs++] = (Job){.clip = i, .path = copy};
    SDL_CondSignal(a->wake);
    SDL_UnlockMutex(a->lock);
    c->state = CLIP_QUEUED;
    a->in_flight++;
}

/* Decode ahead the next LOOKAHEAD_CLIPS clips of the timeline from event
 * look_from on. */
static void look_ahead(LbAudio *a)
{
    a->n_wanted = 0;
    if (!a->tl || a->silent)
        return;
    const LmTimeline *tl = a->tl;
    double until = a->look_from < tl->n_events ? tl->events[a->look_from].t_s + LOOKAHEAD_S : 0;
    for (int e = a->look_from; e < tl->n_events && a->n_wanted < LOOKAHEAD_CLIPS; e++) {
        const LmEvent *ev = &tl->events[e];
        if (ev->t_s > until)
            break;
        if (sound_for_event(ev) != SND_CLIP)
            continue;
        int i = clip_index(a, ev->clip);
        if (i < 0 || clip_wanted(a, i))
            continue;
        a->wanted[a->n_wanted++] = i;
        request(a, i);
    }
}

static double clock_s(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

/* Runs in the mixer's callback on the channel's part of the buffer: the
 * first time, works out how far into the buffer the sound is due, then
 * shifts the data that far on, keeping what falls past the end for the
 * next buffer. (What is held when the chunk ends, at most the delay, is
 * the clip's own trailing quiet.) */
static void SDLCALL delay_effect(int chan, void *stream, int len, void *udata)
{
    (void)chan;
    Delay *d = udata;
    if (d->armed) {
        d->armed = false;
        double ahead = d->due_s - clock_s();
        int frames = ahead > 0 ? (int)lround(ahead * LB_AUDIO_RATE) : 0;
        frames = frames > DELAY_MAX_FRAMES ? DELAY_MAX_FRAMES : frames;
        d->held = frames * 4; /* 16-bit stereo, as the device is opened */
        memset(d->hold, 0, (size_t)d->held);
    }
    int held = d->held;
    Uint8 *s = stream;
    if (held == 0 || len <= 0)
        return;
    if (len >= held) {
        memcpy(d->save, s + len - held, (size_t)held);
        memmove(s + held, s, (size_t)(len - held));
        memcpy(s, d->hold, (size_t)held);
        memcpy(d->hold, d->save, (size_t)held);
    } else {
        memcpy(d->save, s, (size_t)len);
        memcpy(s, d->hold, (size_t)len);
        memmove(d->hold, d->hold + len, (size_t)(held - len));
        memcpy(d->hold + held - len, d->save, (size_t)len);
    }
}

/* Play c on channel ch (idle or halted here) so that it starts at wall
 * time due_s when that is still ahead (0: at once). */
static void play_at(LbAudio *a, int ch, Mix_Chunk *c, double due_s)
{
    Mix_HaltChannel(ch); /* an idle channel keeps effects registered now */
    Mix_UnregisterAllEffects(ch);
    if (due_s > 0) {
        Delay *d = &a->delay[ch]; /* the channel is idle: the mixer does not read it */
        d->due_s = due_s;
        d->armed = true;
        d->held = 0;
        Mix_RegisterEffect(ch, delay_effect, NULL, d);
    }
    Mix_PlayChannel(ch, c, 0);
}

static void play_speech(LbAudio *a, Mix_Chunk *c, double due_s)
{
    for (int ch = 0; ch < SPEECH_CHANNELS; ch++)
        if (Mix_Playing(ch))
            Mix_FadeOutChannel(ch, CUT_FADE_MS);
    a->speech_ch = (a->speech_ch + 1) % SPEECH_CHANNELS;
    play_at(a, a->speech_ch, c, due_s);
}

/* Say the waiting speech once the device and its clip are ready. */
static void start_pending(LbAudio *a)
{
    if (a->pending == PENDING_NONE || !live(a) || a->paused || a->mute)
        return;
    if (SDL_GetTicks64() - a->pending_ms > PENDING_MAX_MS) {
        a->pending = PENDING_NONE;
        return;
    }
    Mix_Chunk *c = NULL;
    if (a->pending >= 0) {
        CachedClip *cc = &a->clips[a->pending];
        if (cc->state == CLIP_QUEUED)
            return; /* not yet */
        if (cc->state == CLIP_NEW)
            decode_now(a, a->pending);
        c = cc->state == CLIP_READY ? cc->chunk : NULL;
        cc->used = ++a->tick;
    }
    a->pending = PENDING_NONE;
    if (!c)
        c = a->tone[SND_CHIME];
    if (c)
        play_speech(a, c, a->pending_due);
}

/* A file whose name says MIDI or MP3 must start as one does: the MIDI
 * synthesizer given anything else spins for ever, printing a complaint
 * each time, and the MP3 decoder prints its own lines before it gives up.
 * NULL when the start fits (or the name says neither), else why not. */
static const char *start_mismatch(const char *path)
{
    const char *dot = strrchr(path, '.');
    bool midi = dot && (SDL_strcasecmp(dot, ".mid") == 0 || SDL_strcasecmp(dot, ".midi") == 0);
    bool mp3 = dot && SDL_strcasecmp(dot, ".mp3") == 0;
    if (!midi && !mp3)
        return NULL;
    unsigned char head[4] = {0};
    FILE *f = fopen(path, "rb");
    bool got = f && fread(head, 1, 4, f) == 4;
    if (f)
        fclose(f);
    if (midi)
        return got && !memcmp(head, "MThd", 4) ? NULL : "it is named as MIDI but is not a MIDI file";
    /* an ID3 tag, or an MPEG audio frame's 11-bit sync */
    bool ok = got && (!memcmp(head, "ID3", 3) || (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0));
    return ok ? NULL : "it is named as MP3 but is not an MP3 file";
}

/* The device is open: set the volume, start the music, decode ahead. */
static void device_ready(LbAudio *a)
{
    apply_channel_volume(a);
    if (a->music_path) {
        /* what is wrong with the file itself, said plainly; the decoder's
         * own words only for a file it cannot read as music */
        struct stat st;
        const char *why = stat(a->music_path, &st) != 0 ? strerror(errno)
                          : S_ISDIR(st.st_mode)          ? "it is a folder, not a file"
                          : !S_ISREG(st.st_mode)         ? "it is not a file but a device or a pipe"
                          : access(a->music_path, R_OK) != 0 ? strerror(errno)
                          : st.st_size == 0                  ? "it is empty"
                                                             : start_mismatch(a->music_path);
        a->music = why ? NULL : Mix_LoadMUS(a->music_path);
        if (!a->music && why)
            warnf(a->log, a->log_user, "cannot play music '%s' (%s); going on without it", a->music_path, why);
        else if (!a->music)
            warnf(a->log, a->log_user,
                  "cannot play music '%s': it is not a sound file limber can play (OGG, MP3, FLAC, WAV and "
                  "the like; the decoder said: %s); going on without it",
                  a->music_path, Mix_GetError());
        else {
            apply_music_volume(a);
            Mix_PlayMusic(a->music, -1);
            if (a->paused)
                Mix_PauseMusic();
        }
    }
    look_ahead(a);
}

/* Take in what the loader thread has done: the device opened (or not), and
 * clips decoded. */
static void collect(LbAudio *a)
{
    if (!a || !a->thread)
        return;
    Job done[MAX_JOBS];
    SDL_LockMutex(a->lock);
    bool opened = a->opening && a->w_open_done;
    int n = a->n_done;
    memcpy(done, a->done, (size_t)n * sizeof *done);
    a->n_done = 0;
    SDL_UnlockMutex(a->lock);
    if (opened) {
        a->opening = false;
        if (a->w_open_ok)
            device_ready(a);
        else
            go_silent(a, a->w_open_why);
    }
    for (int k = 0; k < n; k++) {
        Job *j = &done[k];
        a->in_flight--;
        CachedClip *c = &a->clips[j->clip];
        if (a->silent || c->state != CLIP_QUEUED) {
            if (j->chunk)
                Mix_FreeChunk(j->chunk);
            if (c->state == CLIP_QUEUED)
                c->state = CLIP_NEW;
        } else if (j->chunk) {
            clip_ready(a, j->clip, j->chunk);
        } else {
            clip_broken(a, j->clip, j->path, j->why);
        }
        free(j->path);
    }
    if (n)
        trim(a);
    start_pending(a);
}

/* The loader thread: opens the device when asked to, then decodes clips
 * until told to quit. */
static int loader_main(void *data)
{
    LbAudio *a = data;
    SDL_LockMutex(a->lock);
    if (a->w_open) {
        SDL_UnlockMutex(a->lock);
        char why[512] = "";
        bool ok = open_device(a, why, sizeof why);
        SDL_LockMutex(a->lock);
        a->w_open_ok = ok;
        snprintf(a->w_open_why, sizeof a->w_open_why, "%s", why);
        a->w_open_done = true;
    }
    for (;;) {
        while (!a->w_quit && a->n_jobs == 0)
            SDL_CondWait(a->wake, a->lock);
        if (a->w_quit)
            break;
        Job j = a->jobs[0];
        memmove(a->jobs, a->jobs + 1, (size_t)(--a->n_jobs) * sizeof *a->jobs);
        SDL_UnlockMutex(a->lock);
        j.chunk = a->w_open_ok || !a->w_open ? load_chunk(j.path, j.why, sizeof j.why) : NULL;
        SDL_LockMutex(a->lock);
        a->done[a->n_done++] = j;
    }
    SDL_UnlockMutex(a->lock);
    return 0;
}

static bool start_loader(LbAudio *a, bool open)
{
    a->lock = SDL_CreateMutex();
    a->wake = SDL_CreateCond();
    if (!a->lock || !a->wake)
        return false;
    a->w_open = open;
    a->opening = open;
    a->thread = SDL_CreateThread(loader_main, "limber-audio", a);
    if (!a->thread)
        a->opening = false;
    return a->thread != NULL;
}

LbAudio *lb_audio_open(const LbAudioDesc *d)
{
    LbAudioDesc zero = {0};
    if (!d)
        d = &zero;
    LbAudio *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->mute = d->mute;
    a->volume = !d->volume_set ? 100 : d->volume < 0 ? 0 : d->volume > 100 ? 100 : d->volume;
    a->log = d->log;
    a->log_user = d->log_user;
    a->music_gain = 1.0;
    a->pending = PENDING_NONE;
    const char *dir = d->data_dir ? d->data_dir : ".";
    a->data_dir = malloc(strlen(dir) + 1);
    if (a->data_dir)
        strcpy(a->data_dir, dir);
    if (d->music && *d->music) {
        a->music_path = malloc(strlen(d->music) + 1);
        if (a->music_path)
            strcpy(a->music_path, d->music);
    }
    if (!a->data_dir || (d->music && *d->music && !a->music_path)) {
        free(a->data_dir);
        free(a->music_path);
        free(a);
        return NULL;
    }
    if (d->no_device) {
        a->silent = true;
        return a;
    }
    if (d->open_in_background && start_loader(a, true))
        return a;
    char why[512];
    if (!open_device(a, why, sizeof why)) {
        go_silent(a, why);
        return a;
    }
    device_ready(a);
    if (!a->thread)
        start_loader(a, false); /* without one, clips decode when they are due */
    return a;
}

void lb_audio_close(LbAudio *a)
{
    if (!a)
        return;
    if (a->thread) {
        SDL_LockMutex(a->lock);
        a->w_quit = true;
        SDL_CondSignal(a->wake);
        SDL_UnlockMutex(a->lock);
        SDL_WaitThread(a->thread, NULL);
        for (int k = 0; k < a->n_jobs; k++)
            free(a->jobs[k].path);
        for (int k = 0; k < a->n_done; k++) {
            if (a->done[k].chunk)
                Mix_FreeChunk(a->done[k].chunk);
            free(a->done[k].path);
        }
    }
    if (a->close_mixer) {
        Mix_HaltChannel(-1);
        Mix_HaltMusic();
        if (a->music)
            Mix_FreeMusic(a->music);
        for (int s = 0; s < SND_COUNT; s++)
            if (a->tone[s])
                Mix_FreeChunk(a->tone[s]);
        for (int i = 0; i < a->n_clips; i++)
            if (a->clips[i].chunk)
                Mix_FreeChunk(a->clips[i].chunk);
        Mix_CloseAudio();
        Mix_Quit();
    }
    if (a->quit_audio_subsystem)
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    if (a->wake)
        SDL_DestroyCond(a->wake);
    if (a->lock)
        SDL_DestroyMutex(a->lock);
    for (int i = 0; i < a->n_clips; i++)
        free(a->clips[i].file);
    free(a->clips);
    free(a->data_dir);
    free(a->music_path);
    free(a);
}

bool lb_audio_is_silent(const LbAudio *a)
{
    return !a || a->silent;
}

bool lb_audio_preload_event(LbAudio *a, const LmEvent *ev)
{
    if (!a || a->silent || !ev || sound_for_event(ev) != SND_CLIP)
        return false;
    collect(a);
    int i = clip_index(a, ev->clip);
    if (i < 0 || a->clips[i].checked)
        return false;
    CachedClip *c = &a->clips[i];
    c->checked = true;
    if (c->state != CLIP_NEW)
        return true;
    char path[4096];
    if (!clip_path(a->data_dir, c->file, path, sizeof path))
        clip_broken(a, i, NULL, NULL);
    else if (access(path, R_OK) != 0)
        clip_broken(a, i, path, "missing or unreadable");
    return true;
}

void lb_audio_preload_from(LbAudio *a, const LmTimeline *tl, double from_s)
{
    if (!a)
        return;
    a->tl = tl;
    a->look_from = 0;
    while (tl && a->look_from < tl->n_events && tl->events[a->look_from].t_s < from_s)
        a->look_from++;
    look_ahead(a);
}

void lb_audio_preload(LbAudio *a, const LmTimeline *tl) { lb_audio_preload_from(a, tl, 0.0); }

void lb_audio_on_event(LbAudio *a, const LmEvent *ev) { lb_audio_on_event_at(a, ev, 0.0); }

void lb_audio_on_event_at(LbAudio *a, const LmEvent *ev, double due_s)
{
    if (!a || a->silent || a->mute || a->paused || !ev)
        return;
    collect(a);
    Sound s = sound_for_event(ev);
    if (s == SND_NONE || a->silent)
        return;
    if (a->tl && ev >= a->tl->events && ev < a->tl->events + a->tl->n_events) {
        a->look_from = (int)(ev - a->tl->events) + 1;
        look_ahead(a);
    }
    if (s == SND_CLIP || s == SND_CHIME) {
        /* It may wait for the device, or for its clip on the loader
         * thread; the speech before it goes on meanwhile. */
        int i = s == SND_CLIP ? clip_index(a, ev->clip) : -1;
        a->pending = i >= 0 ? i : PENDING_CHIME;
        a->pending_ms = SDL_GetTicks64();
        a->pending_due = due_s;
        if (i >= 0) {
            CachedClip *c = &a->clips[i];
            c->used = ++a->tick;
            if (c->state == CLIP_NEW && !a->opening)
                decode_now(a, i); /* not decoded ahead: a seek, or no timeline */
            else
                request(a, i);
        }
        start_pending(a);
        return;
    }
    if (!live(a) || !a->tone[s])
        return;
    for (int ch = SPEECH_CHANNELS; ch < MIX_CHANNELS; ch++)
        if (!Mix_Playing(ch)) {
            play_at(a, ch, a->tone[s], due_s);
            return;
        }
    Mix_PlayChannel(-1, a->tone[s], 0); /* all busy: the oldest gives way */
}

bool lb_audio_speaking(const LbAudio *a)
{
    if (!a || a->silent)
        return false;
    if (a->pending != PENDING_NONE && !a->mute)
        return true;
    if (!live(a))
        return false;
    for (int ch = 0; ch < SPEECH_CHANNELS; ch++)
        if (Mix_Playing(ch) && Mix_FadingChannel(ch) != MIX_FADING_OUT)
            return true;
    return false;
}

void lb_audio_update(LbAudio *a, double now_s)
{
    if (!a || a->silent)
        return;
    collect(a);
    double dt = a->have_now ? now_s - a->last_now_s : 0.0;
    a->last_now_s = now_s;
    a->have_now = true;
    if (!live(a))
        return;
    if (a->decoded_bytes > DECODED_BUDGET)
        trim(a); /* a clip that was playing has ended */
    if (dt < 0)
        dt = 0;
    if (dt > 0.1) /* a stall: do not jump more than half a ramp at once */
        dt = 0.1;
    if (a->paused || !a->music)
        return;
    double target = lb_audio_speaking(a) ? DUCK_GAIN : 1.0;
    double step = dt * (1.0 - DUCK_GAIN) / DUCK_RAMP_S;
    if (a->music_gain > target)
        a->music_gain = fmax(target, a->music_gain - step);
    else
        a->music_gain = fmin(target, a->music_gain + step);
    apply_music_volume(a);
}

void lb_audio_set_paused(LbAudio *a, bool paused)
{
    if (!a || a->paused == paused)
        return;
    a->paused = paused;
    if (!live(a))
        return;
    if (paused) {
        Mix_Pause(-1);
        Mix_PauseMusic();
    } else {
        Mix_Resume(-1);
        Mix_ResumeMusic();
        start_pending(a);
    }
}

void lb_audio_stop_speech(LbAudio *a)
{
    if (!a || a->silent)
        return;
    a->pending = PENDING_NONE;
    if (!live(a))
        return;
    if (a->paused) /* a paused channel cannot fade: cut it */
        Mix_HaltChannel(-1);
    else
        Mix_FadeOutChannel(-1, CUT_FADE_MS);
}

void lb_audio_set_mute(LbAudio *a, bool mute)
{
    if (!a)
        return;
    a->mute = mute;
    if (mute)
        a->pending = PENDING_NONE;
    if (!live(a))
        return;
    if (mute)
        Mix_HaltChannel(-1);
    apply_channel_volume(a);
    apply_music_volume(a);
}

bool lb_audio_muted(const LbAudio *a)
{
    return a && a->mute;
}

void lb_audio_set_volume(LbAudio *a, int volume)
{
    if (!a)
        return;
    a->volume = volume < 0 ? 0 : volume > 100 ? 100 : volume;
    apply_channel_volume(a);
    apply_music_volume(a);
}

int lb_audio_volume(const LbAudio *a)
{
    return a ? a->volume : 0;
}

double lb_audio_music_gain(const LbAudio *a)
{
    return a ? a->music_gain : 1.0;
}

void lb_audio_stats(const LbAudio *a, LbAudioStats *out)
{
    memset(out, 0, sizeof *out);
    if (!a)
        return;
    out->decoded_bytes = a->decoded_bytes;
    for (int i = 0; i < a->n_clips; i++)
        out->decoded_clips += a->clips[i].state == CLIP_READY;
    out->decodes = a->decodes;
    out->known_clips = a->n_clips;
    out->waiting = a->pending != PENDING_NONE;
}

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
    } *cache;
    int n, cap; /* cap is fixed up front: pointers into cache stay valid */
    Pcm tone[SND_COUNT];
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
        warnf(NULL, NULL, "voice clip '%s' is not a file name in assets/voice; a chime stands in", file);
        return NULL;
    }
    char why[512];
    Mix_Chunk *c = load_chunk(path, why, sizeof why);
    int freq, channels;
    Uint16 fmt;
    if (!c) {
        warnf(NULL, NULL, "voice clip '%s': %s; a chime stands in", path, why);
        return NULL;
    }
    Mix_QuerySpec(&freq, &fmt, &channels);
    if (!to_mono_float(c->abuf, c->alen, fmt, channels, freq, &d->cache[i].pcm)) {
        warnf(NULL, NULL, "voice clip '%s': cannot convert (%s); a chime stands in", path, SDL_GetError());
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

static int64_t to_sample(double t_s)
{
    return (int64_t)llround(t_s * LB_AUDIO_RATE);
}

static bool is_speech(Sound s)
{
    return s == SND_CLIP || s == SND_CHIME;
}

static bool score_begin(Score *sc, const LmTimeline *tl, const LmLibrary *lib, char *err, size_t err_size)
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

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)((v >> 8) & 0xff);
    p[2] = (unsigned char)((v >> 16) & 0xff);
    p[3] = (unsigned char)((v >> 24) & 0xff);
}

static void put_u16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)(v >> 8);
}

bool lb_audio_render_wav(const LmTimeline *tl, const LmLibrary *lib, double t0_s, double t1_s,
                         const char *wav_path, char *err, size_t err_size)
{
    if (!check_span(t0_s, t1_s, err, err_size))
        return false;
    int64_t s0 = to_sample(t0_s);
    int64_t n = to_sample(t1_s - t0_s);
    Score sc;
    if (!score_begin(&sc, tl, lib, err, err_size))
        return false;
    FILE *f = fopen(wav_path, "wb");
    if (!f) {
        snprintf(err, err_size, "%s: cannot write: %s", wav_path, strerror(errno));
        score_end(&sc);
        return false;
    }
    uint32_t data_bytes = (uint32_t)(n * 2);
    unsigned char h[44];
    memcpy(h, "RIFF", 4);
    put_u32(h + 4, 36 + data_bytes);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_u32(h + 16, 16);
    put_u16(h + 20, 1); /* PCM */
    put_u16(h + 22, 1); /* mono */
    put_u32(h + 24, LB_AUDIO_RATE);
    put_u32(h + 28, LB_AUDIO_RATE * 2);
    put_u16(h + 32, 2);
    put_u16(h + 34, 16);
    memcpy(h + 36, "data", 4);
    put_u32(h + 40, data_bytes);
    /* A second at a time: memory does not grow with the span. */
    enum { BLOCK = LB_AUDIO_RATE };
    float *block = malloc(BLOCK * sizeof *block);
    unsigned char *bytes = malloc(BLOCK * 2);
    bool ok = block && bytes && fwrite(h, 1, sizeof h, f) == sizeof h;
    for (int64_t done = 0; ok && done < n; done += BLOCK) {
        int64_t m = n - done < BLOCK ? n - done : BLOCK;
        memset(block, 0, BLOCK * sizeof *block);
        score_mix(&sc, s0 + done, m, block);
        for (int64_t i = 0; i < m; i++) {
            double x = block[i];
            x = x > 1.0 ? 1.0 : x < -1.0 ? -1.0 : x;
            put_u16(bytes + 2 * i, (uint16_t)(int16_t)floor(x * 32767.0 + 0.5));
        }
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
                                      int *n_measured, char *err, size_t err_size)
{
    if (n_measured)
        *n_measured = 0;
    if (!check_span(t0_s, t1_s, err, err_size))
        return -1.0;
    Score sc;
    if (!score_begin(&sc, tl, lib, err, err_size))
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
    if (!score_begin(&m->sc, tl, lib, err, err_size)) {
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
