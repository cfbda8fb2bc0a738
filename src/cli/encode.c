/* encode: FFmpeg's muxers and encoders behind a few calls. The frames are
 * ARGB8888 from the software renderer; swscale turns them into yuv420p for
 * H.264 and VP9, and a palette of our own (the most common colours of
 * sample frames) into 8-bit indices for a GIF. Sound is mono float, put
 * into the encoder's sample format by swresample and cut into the
 * encoder's frame size through a FIFO. */
#define LB_ENCODE_MODULE
#include "encode.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GIF_MAX_FPS 50 /* a GIF counts delays in hundredths of a second */
#define BINS 32768     /* colours to 5 bits a channel, for the GIF palette */

struct LbEncoder {
    LbEncFormat fmt;
    char name[4096];
    AVFormatContext *oc;
    bool opened_io, header;
    AVCodecContext *vc, *ac;
    AVStream *vs, *as;
    struct SwsContext *sws;
    SwrContext *swr;
    AVFrame *vframe, *aframe, *rgb; /* rgb: the canvas's pixels, wrapped */
    AVPacket *pkt;
    AVAudioFifo *fifo;
    float *abuf;
    int64_t vpts, apts;
    int w, h;
    /* GIF: colour counts and sums per bin, then the palette and each
     * bin's nearest entry */
    uint32_t *count;
    uint64_t (*sum)[3];
    uint32_t palette[256];
    uint8_t *lut;
    bool have_palette;
};

static void lb_enc_free(LbEncoder *e);

static const char *lb_enc_refuses(LbEncFormat f, int w, int h, int fps)
{
    if (f == LB_ENC_GIF)
        return fps > GIF_MAX_FPS ? "a GIF plays at most 50 frames a second; give --fps 50 or less" : NULL;
    if (w % 2 || h % 2)
        return "MP4 and WebM video (4:2:0 colour) needs an even width and height";
    return NULL;
}

static void av_why(int rc, char *out, size_t n)
{
    if (av_strerror(rc, out, n) < 0)
        snprintf(out, n, "error %d", rc);
}

static bool fail(LbEncoder *e, int rc, const char *what, char *err, size_t err_size)
{
    char why[256];
    av_why(rc, why, sizeof why);
    snprintf(err, err_size, "cannot write %s: %s%s%s", e->name, what ? what : "", what ? ": " : "", why);
    return false;
}

/* Hand the packets the encoder has ready to the muxer. */
static bool drain(LbEncoder *e, AVCodecContext *c, AVStream *s, char *err, size_t err_size)
{
    for (;;) {
        int rc = avcodec_receive_packet(c, e->pkt);
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
            return true;
        if (rc < 0)
            return fail(e, rc, "encoding failed", err, err_size);
        av_packet_rescale_ts(e->pkt, c->time_base, s->time_base);
        e->pkt->stream_index = s->index;
        rc = av_interleaved_write_frame(e->oc, e->pkt);
        if (rc >= 0 && e->oc->pb && e->oc->pb->error < 0)
            rc = e->oc->pb->error;
        if (rc < 0)
            return fail(e, rc, NULL, err, err_size);
    }
}

static bool send(LbEncoder *e, AVCodecContext *c, AVStream *s, AVFrame *fr, char *err, size_t err_size)
{
    int rc = avcodec_send_frame(c, fr);
    if (rc < 0)
        return fail(e, rc, "encoding failed", err, err_size);
    return drain(e, c, s, err, err_size);
}

static bool open_video(LbEncoder *e, int fps, char *err, size_t err_size)
{
    static const char *const names[] = {"libx264", "libvpx-vp9", "gif"};
    const AVCodec *codec = avcodec_find_encoder_by_name(names[e->fmt]);
    if (!codec) {
        snprintf(err, err_size, "cannot write %s: this FFmpeg has no %s encoder", e->name, names[e->fmt]);
        return false;
    }
    e->vs = avformat_new_stream(e->oc, NULL);
    e->vc = avcodec_alloc_context3(codec);
    if (!e->vs || !e->vc)
        return fail(e, AVERROR(ENOMEM), NULL, err, err_size);
    AVCodecContext *c = e->vc;
    c->width = e->w;
    c->height = e->h;
    c->time_base = (AVRational){1, fps};
    c->framerate = (AVRational){fps, 1};
    c->pix_fmt = e->fmt == LB_ENC_GIF ? AV_PIX_FMT_PAL8 : AV_PIX_FMT_YUV420P;
    if (e->fmt != LB_ENC_GIF) {
        /* what swscale's conversion is, said in the file, so a player
         * does not guess BT.709 for HD sizes and shift the colours */
        c->colorspace = AVCOL_SPC_SMPTE170M;
        c->color_range = AVCOL_RANGE_MPEG;
        c->color_primaries = AVCOL_PRI_BT709;
        c->color_trc = AVCOL_TRC_BT709;
    }
    c->gop_size = fps * 5; /* a key frame every 5 s: seeking stays quick */
    if (e->oc->oformat->flags & AVFMT_GLOBALHEADER)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    AVDictionary *opt = NULL;
    if (e->fmt == LB_ENC_MP4) {
        /* still pictures with a moving figure: small at this quality, and
         * several times faster than real time on two cores */
        av_dict_set(&opt, "preset", "veryfast", 0);
        av_dict_set(&opt, "crf", "23", 0);
        av_dict_set(&opt, "profile", "high", 0);
    } else if (e->fmt == LB_ENC_WEBM) {
        c->bit_rate = 0; /* constant quality */
        av_dict_set(&opt, "deadline", "realtime", 0);
        av_dict_set(&opt, "cpu-used", "8", 0);
        av_dict_set(&opt, "row-mt", "1", 0);
        av_dict_set(&opt, "crf", "32", 0);
        av_dict_set(&opt, "tile-columns", "2", 0);
        av_dict_set(&opt, "lag-in-frames", "0", 0);
    }
    c->thread_count = 0; /* as many as the machine has */
    int rc = avcodec_open2(c, codec, &opt);
    av_dict_free(&opt);
    if (rc < 0)
        return fail(e, rc, "the video encoder will not start", err, err_size);
    rc = avcodec_parameters_from_context(e->vs->codecpar, c);
    if (rc < 0)
        return fail(e, rc, NULL, err, err_size);
    e->vs->time_base = c->time_base;
    e->vs->avg_frame_rate = c->framerate;
    e->vframe = av_frame_alloc();
    if (!e->vframe)
        return fail(e, AVERROR(ENOMEM), NULL, err, err_size);
    e->vframe->format = c->pix_fmt;
    e->vframe->width = e->w;
    e->vframe->height = e->h;
    rc = av_frame_get_buffer(e->vframe, 0);
    if (rc < 0)
        return fail(e, rc, NULL, err, err_size);
    if (e->fmt == LB_ENC_GIF) {
        e->count = calloc(BINS, sizeof *e->count);
        e->sum = calloc(BINS, sizeof *e->sum);
        e->lut = malloc(BINS);
        if (!e->count || !e->sum || !e->lut)
            return fail(e, AVERROR(ENOMEM), NULL, err, err_size);
    } else {
        /* the colour conversion costs about as much as drawing: on as
         * many threads as the machine has, in slices */
        e->sws = sws_alloc_context();
        int rc2 = e->sws ? 0 : AVERROR(ENOMEM);
        if (rc2 >= 0) {
            av_opt_set_int(e->sws, "srcw", e->w, 0);
            av_opt_set_int(e->sws, "srch", e->h, 0);
            av_opt_set_int(e->sws, "src_format", AV_PIX_FMT_RGB32, 0);
            av_opt_set_int(e->sws, "dstw", e->w, 0);
            av_opt_set_int(e->sws, "dsth", e->h, 0);
            av_opt_set_int(e->sws, "dst_format", AV_PIX_FMT_YUV420P, 0);
            av_opt_set_int(e->sws, "sws_flags", SWS_BILINEAR, 0);
            av_opt_set_int(e->sws, "threads", 0, 0);
            rc2 = sws_init_context(e->sws, NULL, NULL);
        }
        e->rgb = av_frame_alloc();
        if (rc2 >= 0 && !e->rgb)
            rc2 = AVERROR(ENOMEM);
        if (rc2 < 0)
            return fail(e, rc2, "cannot convert the frames' colours", err, err_size);
    }
    return true;
}

static bool open_audio(LbEncoder *e, int rate, char *err, size_t err_size)
{
    const char *name = e->fmt == LB_ENC_MP4 ? "aac" : "libopus";
    const AVCodec *codec = avcodec_find_encoder_by_name(name);
    if (!codec) {
        snprintf(err, err_size, "cannot write %s: this FFmpeg has no %s encoder", e->name, name);
        return false;
    }
    e->as = avformat_new_stream(e->oc, NULL);
    e->ac = avcodec_alloc_context3(codec);
    if (!e->as || !e->ac)
        return fail(e, AVERROR(ENOMEM), NULL, err, err_size);
    AVCodecContext *c = e->ac;
    c->sample_fmt = codec->sample_fmts ? codec->sample_fmts[0] : AV_SAMPLE_FMT_FLTP;
    for (const enum AVSampleFormat *s = codec->sample_fmts; s && *s != AV_SAMPLE_FMT_NONE; s++)
        if (*s == AV_SAMPLE_FMT_FLT || *s == AV_SAMPLE_FMT_FLTP)
            c->sample_fmt = *s; /* float as it is mixed, when taken */
    c->sample_rate = 48000;     /* AAC's and Opus's rate alike */
    av_channel_layout_default(&c->ch_layout, 1);
    c->bit_rate = e->fmt == LB_ENC_MP4 ? 96000 : 64000;
    c->time_base = (AVRational){1, c->sample_rate};
    if (e->oc->oformat->flags & AVFMT_GLOBALHEADER)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    int rc = avcodec_open2(c, codec, NULL);
    if (rc < 0)
        return fail(e, rc, "the sound encoder will not start", err, err_size);
    rc = avcodec_parameters_from_context(e->as->codecpar, c);
    if (rc < 0)
        return fail(e, rc, NULL, err, err_size);
    e->as->time_base = c->time_base;
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    rc = swr_alloc_set_opts2(&e->swr, &c->ch_layout, c->sample_fmt, c->sample_rate, &mono, AV_SAMPLE_FMT_FLT, rate, 0,
                             NULL);
    if (rc >= 0)
        rc = swr_init(e->swr);
    if (rc < 0)
        return fail(e, rc, "cannot convert the sound", err, err_size);
    int fs = c->frame_size > 0 ? c->frame_size : 960;
    e->fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLT, 1, fs * 4);
    e->aframe = av_frame_alloc();
    e->abuf = malloc((size_t)fs * sizeof *e->abuf);
    if (!e->fifo || !e->aframe || !e->abuf)
        return fail(e, AVERROR(ENOMEM), NULL, err, err_size);
    return true;
}

static LbEncoder *lb_enc_open(LbEncFormat f, const char *path, const char *name, int w, int h, int fps, int audio_rate,
                              char *err, size_t err_size)
{
    static const char *const muxers[] = {"mp4", "webm", "gif"};
    if (f < LB_ENC_MP4 || f > LB_ENC_GIF) {
        snprintf(err, err_size, "cannot write %s: not .mp4, .webm or .gif", name);
        return NULL;
    }
    LbEncoder *e = calloc(1, sizeof *e);
    if (!e) {
        snprintf(err, err_size, "cannot write %s: out of memory", name);
        return NULL;
    }
    av_log_set_level(AV_LOG_ERROR); /* the libraries' chatter off; failures come back here */
    e->fmt = f;
    e->w = w;
    e->h = h;
    snprintf(e->name, sizeof e->name, "%s", name);
    int rc = avformat_alloc_output_context2(&e->oc, NULL, muxers[f], path);
    e->pkt = av_packet_alloc();
    if (rc < 0 || !e->oc || !e->pkt) {
        fail(e, rc < 0 ? rc : AVERROR(ENOMEM), NULL, err, err_size);
        lb_enc_free(e);
        return NULL;
    }
    if (!open_video(e, fps, err, err_size) || (f != LB_ENC_GIF && !open_audio(e, audio_rate, err, err_size))) {
        lb_enc_free(e);
        return NULL;
    }
    rc = avio_open(&e->oc->pb, path, AVIO_FLAG_WRITE);
    if (rc < 0) {
        fail(e, rc, NULL, err, err_size);
        lb_enc_free(e);
        return NULL;
    }
    e->opened_io = true;
    AVDictionary *opt = NULL;
    if (f == LB_ENC_MP4)
        av_dict_set(&opt, "movflags", "+faststart", 0); /* plays while it downloads */
    if (f == LB_ENC_GIF)
        av_dict_set(&opt, "loop", "0", 0); /* for ever */
    rc = avformat_write_header(e->oc, &opt);
    av_dict_free(&opt);
    if (rc < 0) {
        fail(e, rc, NULL, err, err_size);
        lb_enc_free(e);
        return NULL;
    }
    e->header = true;
    return e;
}

/* ---- GIF palette --------------------------------------------------------- */

static int bin_of(uint32_t p) { return (int)(((p >> 19) & 31) << 10 | ((p >> 11) & 31) << 5 | ((p >> 3) & 31)); }

static void lb_enc_learn(LbEncoder *e, const void *argb, int pitch)
{
    if (!e || e->fmt != LB_ENC_GIF || e->have_palette)
        return;
    for (int y = 0; y < e->h; y++) {
        const uint32_t *row = (const uint32_t *)((const uint8_t *)argb + (size_t)y * (size_t)pitch);
        for (int x = 0; x < e->w; x++) {
            uint32_t p = row[x];
            int b = bin_of(p);
            e->count[b]++;
            e->sum[b][0] += (p >> 16) & 255;
            e->sum[b][1] += (p >> 8) & 255;
            e->sum[b][2] += p & 255;
        }
    }
}

static const uint32_t *sort_count; /* for by_count: most common first */
static int by_count(const void *a, const void *b)
{
    uint32_t x = sort_count[*(const int *)a], y = sort_count[*(const int *)b];
    return x < y ? 1 : x > y ? -1 : *(const int *)a - *(const int *)b;
}

/* The 256 most common colours of the frames learnt from (each the mean of
 * its bin), and for every bin the nearest of them. The picture is a few
 * flat colours and their antialiased edges, which this keeps closely. */
static void make_palette(LbEncoder *e)
{
    int *bins = malloc(BINS * sizeof *bins), n = 0, top[256];
    for (int b = 0; bins && b < BINS; b++)
        if (e->count[b])
            bins[n++] = b;
    if (bins) {
        sort_count = e->count;
        qsort(bins, (size_t)n, sizeof *bins, by_count);
    }
    n = n > 256 ? 256 : n;
    for (int i = 0; i < n; i++)
        top[i] = bins[i];
    free(bins);
    if (n == 0) { /* nothing learnt: a grey ramp */
        for (int i = 0; i < 256; i++)
            e->palette[i] = 0xFF000000u | (uint32_t)i << 16 | (uint32_t)i << 8 | (uint32_t)i;
        n = 256;
    } else {
        for (int i = 0; i < n; i++) {
            int b = top[i];
            uint32_t c = e->count[b];
            e->palette[i] = 0xFF000000u | (uint32_t)((e->sum[b][0] + c / 2) / c) << 16 |
                            (uint32_t)((e->sum[b][1] + c / 2) / c) << 8 | (uint32_t)((e->sum[b][2] + c / 2) / c);
        }
        for (int i = n; i < 256; i++)
            e->palette[i] = e->palette[0];
    }
    for (int b = 0; b < BINS; b++) {
        int r = ((b >> 10) & 31) * 8 + 4, g = ((b >> 5) & 31) * 8 + 4, bl = (b & 31) * 8 + 4;
        int best = 0, best_d = 1 << 30;
        for (int i = 0; i < n; i++) {
            uint32_t p = e->palette[i];
            int dr = r - (int)((p >> 16) & 255), dg = g - (int)((p >> 8) & 255), db = bl - (int)(p & 255);
            int d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
            if (d < best_d) {
                best_d = d;
                best = i;
            }
        }
        e->lut[b] = (uint8_t)best;
    }
    e->have_palette = true;
}

/* ---- frames and sound ------------------------------------------------------ */

static bool lb_enc_video(LbEncoder *e, const void *argb, int pitch, char *err, size_t err_size)
{
    int rc = av_frame_make_writable(e->vframe);
    if (rc < 0)
        return fail(e, rc, NULL, err, err_size);
    if (e->fmt == LB_ENC_GIF) {
        if (!e->have_palette)
            make_palette(e);
        for (int y = 0; y < e->h; y++) {
            const uint32_t *row = (const uint32_t *)((const uint8_t *)argb + (size_t)y * (size_t)pitch);
            uint8_t *out = e->vframe->data[0] + (size_t)y * (size_t)e->vframe->linesize[0];
            for (int x = 0; x < e->w; x++)
                out[x] = e->lut[bin_of(row[x])];
        }
        memcpy(e->vframe->data[1], e->palette, sizeof e->palette);
    } else {
        e->rgb->format = AV_PIX_FMT_RGB32;
        e->rgb->width = e->w;
        e->rgb->height = e->h;
        e->rgb->data[0] = (uint8_t *)argb;
        e->rgb->linesize[0] = pitch;
        rc = sws_scale_frame(e->sws, e->vframe, e->rgb);
        e->rgb->data[0] = NULL;
        if (rc < 0)
            return fail(e, rc, "cannot convert the frames' colours", err, err_size);
    }
    e->vframe->pts = e->vpts++;
    return send(e, e->vc, e->vs, e->vframe, err, err_size);
}

/* Encode one frame of n samples from the FIFO (fewer only at the end). */
static bool audio_frame(LbEncoder *e, int n, char *err, size_t err_size)
{
    void *in[1] = {e->abuf};
    if (av_audio_fifo_read(e->fifo, in, n) != n)
        return fail(e, AVERROR(EIO), "sound buffer", err, err_size);
    AVFrame *fr = e->aframe;
    av_frame_unref(fr);
    fr->format = e->ac->sample_fmt;
    fr->sample_rate = e->ac->sample_rate;
    fr->nb_samples = n;
    int rc = av_channel_layout_copy(&fr->ch_layout, &e->ac->ch_layout);
    if (rc >= 0)
        rc = av_frame_get_buffer(fr, 0);
    if (rc >= 0) {
        const uint8_t *src[1] = {(const uint8_t *)e->abuf};
        rc = swr_convert(e->swr, fr->data, n, src, n);
    }
    if (rc < 0)
        return fail(e, rc, "cannot convert the sound", err, err_size);
    fr->pts = e->apts;
    e->apts += n;
    return send(e, e->ac, e->as, fr, err, err_size);
}

static bool lb_enc_audio(LbEncoder *e, const float *mono, int n, char *err, size_t err_size)
{
    if (!e->ac || n <= 0)
        return true;
    void *in[1] = {(void *)mono};
    int rc = av_audio_fifo_write(e->fifo, in, n);
    if (rc < n)
        return fail(e, rc < 0 ? rc : AVERROR(ENOMEM), "sound buffer", err, err_size);
    int fs = e->ac->frame_size > 0 ? e->ac->frame_size : 960;
    while (av_audio_fifo_size(e->fifo) >= fs)
        if (!audio_frame(e, fs, err, err_size))
            return false;
    return true;
}

static bool lb_enc_finish(LbEncoder *e, char *err, size_t err_size)
{
    if (e->ac && av_audio_fifo_size(e->fifo) > 0 && !audio_frame(e, av_audio_fifo_size(e->fifo), err, err_size))
        return false;
    if (!send(e, e->vc, e->vs, NULL, err, err_size))
        return false;
    if (e->ac && !send(e, e->ac, e->as, NULL, err, err_size))
        return false;
    int rc = av_write_trailer(e->oc);
    e->header = false;
    if (rc >= 0 && e->oc->pb->error < 0)
        rc = e->oc->pb->error;
    int rc2 = avio_closep(&e->oc->pb);
    e->opened_io = false;
    if (rc >= 0 && rc2 < 0)
        rc = rc2;
    if (rc < 0)
        return fail(e, rc, NULL, err, err_size);
    return true;
}

static void lb_enc_free(LbEncoder *e)
{
    if (!e)
        return;
    if (e->opened_io)
        avio_closep(&e->oc->pb);
    avcodec_free_context(&e->vc);
    avcodec_free_context(&e->ac);
    avformat_free_context(e->oc);
    sws_freeContext(e->sws);
    swr_free(&e->swr);
    av_frame_free(&e->vframe);
    av_frame_free(&e->aframe);
    av_frame_free(&e->rgb);
    av_packet_free(&e->pkt);
    if (e->fifo)
        av_audio_fifo_free(e->fifo);
    free(e->abuf);
    free(e->count);
    free(e->sum);
    free(e->lut);
    free(e);
}

/* The module's one export: its functions, for the program to call. */
const LbEncApi *lb_encode_api(void);
const LbEncApi *lb_encode_api(void)
{
    static const LbEncApi api = {lb_enc_refuses, lb_enc_open,   lb_enc_learn, lb_enc_video,
                                 lb_enc_audio,   lb_enc_finish, lb_enc_free};
    return &api;
}
