/* audio_loader: the clip cache and the loader thread, which opens the
 * device and decodes the clips the timeline will say next, so a cue never
 * waits for the disk. */
#include "audio_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The clip's index in the cache, added (not yet loaded) the first time;
 * -1 when out of memory. */
int clip_index(LbAudio *a, const char *file)
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
void clip_broken(LbAudio *a, int i, const char *path, const char *why)
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

void clip_ready(LbAudio *a, int i, Mix_Chunk *chunk)
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
void trim(LbAudio *a)
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
void decode_now(LbAudio *a, int i)
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
void request(LbAudio *a, int i)
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
void look_ahead(LbAudio *a)
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

bool start_loader(LbAudio *a, bool open)
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
