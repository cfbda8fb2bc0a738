/* audio: voice cues, beeps and ducked music through SDL2_mixer, live: the
 * device, the music, and when each cue starts. audio_int.h lists the
 * files the rest of the module is in (the loader thread, the sounds, the
 * offline mix). */
#include "audio.h"

#include "audio_int.h"

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

/* ---- logging ---------------------------------------------------------- */

void warnf(LbAudioLogFn log, void *user, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (log)
        log(user, msg);
}

/* ---- live playback ----------------------------------------------------- */

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
bool open_device(LbAudio *a, char *why, size_t why_size)
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

static double clock_s(void) { return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency(); }

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
        const char *why = stat(a->music_path, &st) != 0      ? strerror(errno)
                          : S_ISDIR(st.st_mode)              ? "it is a folder, not a file"
                          : !S_ISREG(st.st_mode)             ? "it is not a file but a device or a pipe"
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

bool lb_audio_is_silent(const LbAudio *a) { return !a || a->silent; }

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

bool lb_audio_muted(const LbAudio *a) { return a && a->mute; }

void lb_audio_set_volume(LbAudio *a, int volume)
{
    if (!a)
        return;
    a->volume = volume < 0 ? 0 : volume > 100 ? 100 : volume;
    apply_channel_volume(a);
    apply_music_volume(a);
}

int lb_audio_volume(const LbAudio *a) { return a ? a->volume : 0; }

double lb_audio_music_gain(const LbAudio *a) { return a ? a->music_gain : 1.0; }

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
