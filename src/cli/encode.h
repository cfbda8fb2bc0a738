/* encode: a video file from frames and sound, through FFmpeg's libraries
 * (libavformat, libavcodec, libswscale, libswresample). Prints nothing:
 * every failure comes back as a message naming the file, for the caller
 * to print.
 *
 *   .mp4   H.264 (yuv420p) and AAC
 *   .webm  VP9 and Opus
 *   .gif   picture only, looping, with a palette learnt from sample frames
 *
 * Use: lb_enc_open; for a GIF, lb_enc_learn on a few frames spread over the
 * clip; then for each frame lb_enc_video and (not for a GIF) the frame's
 * sound with lb_enc_audio; lb_enc_finish; lb_enc_free (always).
 *
 * The encoder is a module of its own (limber-encode.so, beside the program
 * or in its library folder), loaded by lb_enc_load the first time a video
 * is written: the program itself never loads FFmpeg's libraries, which
 * keeps its start-up short and lets it run under valgrind (one of their
 * dependencies uses an instruction valgrind cannot run). */
#ifndef LB_ENCODE_H
#define LB_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { LB_ENC_NONE = -1, LB_ENC_MP4, LB_ENC_WEBM, LB_ENC_GIF } LbEncFormat;

typedef struct LbEncoder LbEncoder;

/* What the module gives: the functions below, by the symbol named
 * LB_ENC_API_SYMBOL (a function returning this table). */
typedef struct {
    const char *(*refuses)(LbEncFormat f, int w, int h, int fps);
    LbEncoder *(*open)(LbEncFormat f, const char *path, const char *name, int w, int h, int fps, int audio_rate,
                       char *err, size_t err_size);
    void (*learn)(LbEncoder *e, const void *argb, int pitch);
    bool (*video)(LbEncoder *e, const void *argb, int pitch, char *err, size_t err_size);
    bool (*audio)(LbEncoder *e, const float *mono, int n, char *err, size_t err_size);
    bool (*finish)(LbEncoder *e, char *err, size_t err_size);
    void (*free)(LbEncoder *e);
} LbEncApi;
#define LB_ENC_API_SYMBOL "lb_encode_api"
#define LB_ENC_MODULE "limber-encode.so"

#ifndef LB_ENCODE_MODULE /* the program's side: these call into the module */
/* Load the encoder module (once); false with err naming what is missing. */
bool lb_enc_load(char *err, size_t err_size);

/* The format a file name asks for by its extension (any case); told by
 * the name alone, so a usage error needs no module. */
LbEncFormat lb_enc_format_of(const char *path);
/* Whether the format's codecs take w x h at fps: NULL when they do, else
 * why not (for a usage error). */
const char *lb_enc_refuses(LbEncFormat f, int w, int h, int fps);

/* Start writing path (created or truncated) in format f; name is the file
 * the user asked for, which messages name. Sound is mono float at
 * audio_rate Hz. NULL with err filled on failure. */
LbEncoder *lb_enc_open(LbEncFormat f, const char *path, const char *name, int w, int h, int fps, int audio_rate,
                       char *err, size_t err_size);
/* A GIF's palette is made from the frames shown here (ARGB8888, pitch
 * bytes a row) before the first lb_enc_video; other formats ignore it. */
void lb_enc_learn(LbEncoder *e, const void *argb, int pitch);
/* The next frame (ARGB8888). */
bool lb_enc_video(LbEncoder *e, const void *argb, int pitch, char *err, size_t err_size);
/* The next n samples of sound (ignored for a GIF). */
bool lb_enc_audio(LbEncoder *e, const float *mono, int n, char *err, size_t err_size);
/* Drain the encoders and close the file; true when all of it was written. */
bool lb_enc_finish(LbEncoder *e, char *err, size_t err_size);
void lb_enc_free(LbEncoder *e);
#endif

#endif
