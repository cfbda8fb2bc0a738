/* wav: the WAV file format, as limber writes it: mono, 16-bit PCM. */
#include "wav.h"

#include <math.h>
#include <string.h>

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

void lb_wav_header(unsigned char h[LB_WAV_HEADER], int rate, uint32_t n_samples)
{
    uint32_t data_bytes = n_samples * 2;
    memcpy(h, "RIFF", 4);
    put_u32(h + 4, 36 + data_bytes);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_u32(h + 16, 16);
    put_u16(h + 20, 1); /* PCM */
    put_u16(h + 22, 1); /* mono */
    put_u32(h + 24, (uint32_t)rate);
    put_u32(h + 28, (uint32_t)rate * 2);
    put_u16(h + 32, 2);
    put_u16(h + 34, 16);
    memcpy(h + 36, "data", 4);
    put_u32(h + 40, data_bytes);
}

void lb_wav_pcm16(const float *x, int64_t n, unsigned char *out)
{
    for (int64_t i = 0; i < n; i++) {
        double v = x[i];
        v = v > 1.0 ? 1.0 : v < -1.0 ? -1.0 : v;
        put_u16(out + 2 * i, (uint16_t)(int16_t)floor(v * 32767.0 + 0.5));
    }
}
