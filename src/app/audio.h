/* audio: voice cues, countdown beeps and music under the session, live
 * through SDL2_mixer, and the same sounds mixed offline into a WAV for
 * --render --audio-out.
 *
 * Live: open once, hand every event the playback clock reports to
 * lb_audio_on_event, and call lb_audio_update once a frame (it ramps the
 * music down while speech plays and back up after). Audio never stops the
 * program: without a sound device everything here is a quiet no-op, after
 * one warning.
 *
 * Speech is never sped up or slowed down: at --speed other than 1 a clip
 * plays at its normal pace and pitch; only the times its events fire follow
 * the playback clock. A new cue cuts the speech before it (with a short
 * fade) so the voice always says what the screen shows.
 *
 * Beeps and chimes are synthesised in memory (sines with short attack and
 * release envelopes); only the voice clips are files.
 *
 * In the app loop:
 *   open:    LbAudio *au = lb_audio_open(&(LbAudioDesc){.data_dir = lib->data_dir,
 *                .mute = o->mute, .music = o->music, .open_in_background = true});
 *            lb_audio_preload_from(au, tl, from_s);
 *   a frame: each event from lm_pb_poll -> lb_audio_on_event(au, ev);
 *            then lb_audio_update(au, now_ns / 1e9);
 *   keys:    pause -> lb_audio_set_paused; any seek -> lb_audio_stop_speech
 *            before the next poll (which announces the new step's cue);
 *            mute -> lb_audio_set_mute; volume -> lb_audio_set_volume.
 *   end:     lb_audio_close(au). */
#ifndef LB_AUDIO_H
#define LB_AUDIO_H

#include <stdbool.h>
#include <stddef.h>

#include "lm_timeline.h"

#define LB_AUDIO_RATE 48000 /* Hz: the mixer's rate, the clips' rate and the WAV's rate */

typedef struct LbAudio LbAudio;

/* Receives each warning (one line, no newline). */
typedef void (*LbAudioLogFn)(void *user, const char *msg);

/* Zero means "the default" for every field. */
typedef struct {
    const char *data_dir; /* clips are data_dir/assets/voice/FILE; NULL = "." */
    bool mute;            /* start muted */
    bool volume_set;      /* false: full volume (100) */
    int volume;           /* 0..100 master volume, when volume_set */
    const char *music;    /* --music FILE (Ogg, MP3, FLAC, WAV), looped; NULL = none */
    bool no_device;       /* do not open a device: silent mode without a warning */
    /* Open the device on a thread of its own (finding none can take a
     * tenth of a second) and return at once. Until it is open, a cue waits
     * (the latest one is said once it opens, if within 3 s), tones are
     * skipped, and the warning for no device (or bad music) comes from a
     * later call rather than from this one. */
    bool open_in_background;
    LbAudioLogFn log; /* where problems are said; NULL: nowhere (the audio never prints) */
    void *log_user;
} LbAudioDesc;

/* Open the sound device (48 kHz, 1024-frame buffer) and start the music.
 * Never fails: with no device, or one that will not open, returns a handle
 * in silent mode after exactly one warning. A music file that will not load
 * gives one warning naming it; the rest works. Returns NULL only when out of
 * memory, and every function below accepts NULL. Owns the device, the clips
 * it decodes and the music.
 *
 * Decoded clips take about 190 KB a second, so few are kept: the next
 * three clips of the timeline given to lb_audio_preload (from the cue just
 * heard) are decoded ahead on a loader thread, and others are dropped,
 * least recently used first, beyond a few megabytes; a clip being said is
 * never dropped. A clip that was not decoded ahead (after a seek, or with
 * no timeline) is decoded when its cue comes. */
LbAudio *lb_audio_open(const LbAudioDesc *d);
/* Stop every sound, free clips and music, close the device. */
void lb_audio_close(LbAudio *a);

/* True when no device is open (every sound call is then a no-op). */
bool lb_audio_is_silent(const LbAudio *a);

/* The timeline that plays, from from_s: its clips are decoded a few cues
 * ahead of the events handed to lb_audio_on_event, starting with the first
 * ones at or after from_s. tl must stay valid until the next call or
 * lb_audio_close. Optional: without it clips decode when their cue comes. */
void lb_audio_preload_from(LbAudio *a, const LmTimeline *tl, double from_s);
/* The same from the start. */
void lb_audio_preload(LbAudio *a, const LmTimeline *tl);
/* Look (once) for one event's clip file, so a missing one is reported early
 * rather than when it is due; nothing is decoded. True when that looked at
 * a file not looked at before (the app spreads these over its first
 * frames). */
bool lb_audio_preload_event(LbAudio *a, const LmEvent *ev);

/* What the live player holds, for tests. */
typedef struct {
    size_t decoded_bytes;  /* PCM of the clips decoded now */
    int decoded_clips;     /* clips decoded now */
    unsigned long decodes; /* clips decoded so far (again after being dropped too) */
    int known_clips;       /* clips asked for or looked at so far */
    bool waiting;          /* a cue waits for the device or its clip */
} LbAudioStats;
void lb_audio_stats(const LbAudio *a, LbAudioStats *out);

/* Sound for one event: a cue plays its clip (a cue without a clip, or whose
 * clip is missing or corrupt, plays a soft chime; a broken clip warns once,
 * naming the file); a beep with arg 3, 2 or 1 plays a short tone (1 higher);
 * hold end and side switch play their own two-note tones. Other events are
 * silent, and so is a cue with neither clip nor text. Nothing plays while
 * muted or paused. */
void lb_audio_on_event(LbAudio *a, const LmEvent *ev);
/* The same, handed over ahead of time: due_s is the wall time the event
 * falls at (seconds of SDL's performance counter, as lb_now_ns counts),
 * and the sound starts at that very sample of the device's stream when it
 * is still ahead (up to 85 ms), rather than at the next buffer. The app
 * polls the clock LB_AUDIO_LEAD_S ahead of the frame for this, so a cue is
 * heard when the clock crosses it, not up to a frame and a buffer later.
 * 0: at once. */
#define LB_AUDIO_LEAD_S 0.045
void lb_audio_on_event_at(LbAudio *a, const LmEvent *ev, double due_s);

/* Once a frame. now_s: a monotonic clock in seconds (wall time, not the
 * timeline position). Ramps the music (~200 ms) down while speech plays and
 * back up when it ends. */
void lb_audio_update(LbAudio *a, double now_s);

/* Pause or resume speech, tones and music where they are. */
void lb_audio_set_paused(LbAudio *a, bool paused);
/* Cut speech and tones with a short fade (on seek; music keeps playing). */
void lb_audio_stop_speech(LbAudio *a);
void lb_audio_set_mute(LbAudio *a, bool mute);
bool lb_audio_muted(const LbAudio *a);
/* Master volume 0..100 (clamped). */
void lb_audio_set_volume(LbAudio *a, int volume);
int lb_audio_volume(const LbAudio *a);
/* True while a voice clip (or chime standing in for one) is playing. */
bool lb_audio_speaking(const LbAudio *a);
/* The music's current ducking gain, 0..1 (1 = not ducked). */
double lb_audio_music_gain(const LbAudio *a);

/* Mix the sound of exactly [t0_s, t1_s) of the timeline into a 16-bit PCM
 * mono WAV at 48 kHz: round((t1-t0) * 48000) frames, each sound starting at
 * sample round(t * 48000) - round(t0 * 48000) for its event time t (sounds
 * begun before t0 are heard from where they are). Clips come from
 * lib->data_dir/assets/voice and are decoded through SDL2_mixer on the dummy
 * driver (or the open device's format when one is open); mixing is in
 * float, saturated to int16, so the bytes are the same every run. Returns
 * false with err filled when the file cannot be written. A clip that
 * cannot be used is said through log (NULL: nowhere) and a chime stands
 * in. */
bool lb_audio_render_wav(const LmTimeline *tl, const LmLibrary *lib, double t0_s, double t1_s, const char *wav_path,
                         LbAudioLogFn log, void *log_user, char *err, size_t err_size);

/* The same mix as lb_audio_render_wav, streamed: from sample round(t0_s *
 * 48000) on, each read gives the next n samples (float, clamped to -1..1).
 * For --export. NULL with err filled on failure. */
typedef struct LbAudioMix LbAudioMix;
LbAudioMix *lb_audio_mix_open(const LmTimeline *tl, const LmLibrary *lib, double t0_s, char *err, size_t err_size);
void lb_audio_mix_read(LbAudioMix *m, float *out, int n);
void lb_audio_mix_close(LbAudioMix *m);

/* Render [t0_s, t1_s) in memory and find each sound's onset (the first
 * millisecond whose level rises above -50 dBFS from quiet) near its event;
 * returns the worst |onset - event time| in ms over the sounds that start
 * in quiet (count in *n_measured when not NULL), or -1 with err filled on
 * failure or when no sound could be measured. For --bench: cue_offset_ms. */
double lb_audio_measure_cue_offset_ms(const LmTimeline *tl, const LmLibrary *lib, double t0_s, double t1_s,
                                      int *n_measured, LbAudioLogFn log, void *log_user, char *err, size_t err_size);

#endif
