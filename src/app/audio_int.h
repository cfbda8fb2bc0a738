/* audio_int: what the audio module's files share and nobody else sees.
 *
 *   audio.c         the live player: the device, music, when each cue starts
 *   audio_loader.c  the clip cache and the loader thread that decodes ahead
 *   audio_sounds.c  what an event sounds like: tones, voice clips decoded
 *   mix.c           the offline mix of a timeline span (WAV, cue timing)
 *   wav.c           the WAV file format
 *
 * The functions below keep the short names they had as statics: they are
 * seen only by these files. */
#ifndef LB_AUDIO_INT_H
#define LB_AUDIO_INT_H

#include "audio.h"

#include <SDL.h>
#include <SDL_mixer.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- defines ---------------------------------------------------------- */

#define LB_PI 3.14159265358979323846
#define BUFFER_FRAMES 1024 /* 21 ms at 48 kHz: latency under 30 ms */
#define SPEECH_CHANNELS 2  /* alternate, so a cut clip fades under the new one */
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
    double due_s; /* wall time its first sample is due; the first buffer turns it into held */
    bool armed;
    int held; /* bytes held back (silence at first) */
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
    bool opening;                /* the device is being opened on the loader thread */
    int pending;                 /* speech waiting for the device or its clip: PENDING_NONE, PENDING_CHIME or a clip */
    uint64_t pending_ms;         /* when it was asked for (SDL_GetTicks64) */
    double pending_due;          /* the wall time it is due (seconds, performance counter), 0 = now */
    Delay delay[MIX_CHANNELS];   /* each channel's start offset (used in the mixer's thread) */
    const LmTimeline *tl;        /* the timeline playing, for decoding ahead (NULL: none) */
    int look_from;               /* its next event from which clips are decoded ahead */
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

/* Which clips stay decoded: the next LOOKAHEAD_CLIPS the timeline will say
 * (within LOOKAHEAD_S), decoded on the loader thread from the cue just
 * heard on, and whatever is playing; others are dropped, least recently
 * used first, once the decoded ones pass DECODED_BUDGET. */
#define LOOKAHEAD_S 60.0
#define DECODED_BUDGET ((size_t)3 << 20)
#define PENDING_MAX_MS 3000 /* speech that waited longer than this is stale: dropped */
#define PENDING_NONE (-2)
#define PENDING_CHIME (-1)

/* Say a problem through the log callback (nowhere when there is none). */
void warnf(LbAudioLogFn log, void *user, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The in-memory sound for every non-clip Sound. Caller frees pcm. */
Pcm synth(Sound s);

/* The sound an event makes (SND_NONE: none). */
Sound sound_for_event(const LmEvent *ev);

/* The clip's path, or false when its name could leave assets/voice. */
bool clip_path(const char *data_dir, const char *file, char *out, size_t size);

/* Load a clip into the open mixer's format; on failure NULL and the reason
 * (a missing file says so rather than what SDL_mixer says about NULL). */
Mix_Chunk *load_chunk(const char *path, char *why, size_t why_size);

/* Convert PCM in (fmt, channels, freq) to mono float at LB_AUDIO_RATE. */
bool to_mono_float(const Uint8 *buf, Uint32 len, SDL_AudioFormat fmt, int channels, int freq, Pcm *out);

/* Convert mono float PCM into a chunk in the open mixer's format. */
Mix_Chunk *chunk_from_pcm(const Pcm *p);

/* The device is open and every Mix_ call may be made. */
static inline bool live(const LbAudio *a) { return a && !a->silent && !a->opening; }

/* Start the audio subsystem, open the mixer and make the tones. On failure
 * leaves nothing open and says why. Runs on the loader thread when the
 * device opens in the background; the main thread then touches none of
 * what this sets until the loader says it is done. */
bool open_device(LbAudio *a, char *why, size_t why_size);

/* The clip's index in the cache, added (not yet loaded) the first time;
 * -1 when out of memory. */
int clip_index(LbAudio *a, const char *file);

/* A clip that will not play: said once, then a chime stands in. */
void clip_broken(LbAudio *a, int i, const char *path, const char *why);

/* A clip decoded: kept, and counted against the budget. */
void clip_ready(LbAudio *a, int i, Mix_Chunk *chunk);

/* Drop decoded clips, least recently used first, until within budget; a
 * clip playing or wanted soon is kept. */
void trim(LbAudio *a);

/* Decode clip i now, on this thread. */
void decode_now(LbAudio *a, int i);

/* Hand clip i to the loader thread, when it is neither decoded nor broken
 * (and there is a loader with room for it). */
void request(LbAudio *a, int i);

/* Decode ahead the next LOOKAHEAD_CLIPS clips of the timeline from event
 * look_from on. */
void look_ahead(LbAudio *a);

/* Start the loader thread; with open, it opens the device first. */
bool start_loader(LbAudio *a, bool open);

#endif
