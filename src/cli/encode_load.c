/* encode_load: the program's side of the encoder module (see encode.h):
 * finds limber-encode.so beside the program, else in the library folder it
 * was installed to, loads it the first time a video is written, and
 * forwards each call to it. */
#include "encode.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const LbEncApi *api;

/* The folder this program runs from, with its slash; false if unknown. */
static bool own_dir(char *out, size_t n)
{
    ssize_t k = readlink("/proc/self/exe", out, n - 1);
    if (k <= 0)
        return false;
    out[k] = '\0';
    char *slash = strrchr(out, '/');
    if (!slash)
        return false;
    slash[1] = '\0';
    return true;
}

bool lb_enc_load(char *err, size_t err_size)
{
    if (api)
        return true;
    char dir[4096], path[4200], first[512] = "";
    const char *places[2] = {NULL, LIMBER_INSTALL_LIB_DIR "/"};
    if (own_dir(dir, sizeof dir))
        places[0] = dir;
    for (int i = 0; i < 2 && !api; i++) {
        if (!places[i])
            continue;
        snprintf(path, sizeof path, "%s%s", places[i], LB_ENC_MODULE);
        void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            if (!first[0] || access(path, F_OK) == 0) /* the reason of a module that is there counts most */
                snprintf(first, sizeof first, "%s", dlerror());
            continue;
        }
        const LbEncApi *(*get)(void) = NULL;
        *(void **)&get = dlsym(h, LB_ENC_API_SYMBOL);
        api = get ? get() : NULL;
        if (!api)
            dlclose(h);
    }
    if (!api)
        snprintf(err, err_size, "writing video needs the encoder module %s and FFmpeg's libraries (%s)", LB_ENC_MODULE,
                 first[0] ? first : "not found");
    return api != NULL;
}

LbEncFormat lb_enc_format_of(const char *path)
{
    size_t n = strlen(path);
    static const struct {
        const char *ext;
        LbEncFormat f;
    } kinds[] = {{".mp4", LB_ENC_MP4}, {".webm", LB_ENC_WEBM}, {".gif", LB_ENC_GIF}};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        size_t e = strlen(kinds[k].ext);
        if (n > e && strcasecmp(path + n - e, kinds[k].ext) == 0)
            return kinds[k].f;
    }
    return LB_ENC_NONE;
}

const char *lb_enc_refuses(LbEncFormat f, int w, int h, int fps) { return api->refuses(f, w, h, fps); }

LbEncoder *lb_enc_open(LbEncFormat f, const char *path, const char *name, int w, int h, int fps, int audio_rate,
                       char *err, size_t err_size)
{
    if (!lb_enc_load(err, err_size))
        return NULL;
    return api->open(f, path, name, w, h, fps, audio_rate, err, err_size);
}

void lb_enc_learn(LbEncoder *e, const void *argb, int pitch) { api->learn(e, argb, pitch); }

bool lb_enc_video(LbEncoder *e, const void *argb, int pitch, char *err, size_t err_size)
{
    return api->video(e, argb, pitch, err, err_size);
}

bool lb_enc_audio(LbEncoder *e, const float *mono, int n, char *err, size_t err_size)
{
    return api->audio(e, mono, n, err, err_size);
}

bool lb_enc_finish(LbEncoder *e, char *err, size_t err_size) { return api->finish(e, err, err_size); }

void lb_enc_free(LbEncoder *e)
{
    if (api && e)
        api->free(e);
}
