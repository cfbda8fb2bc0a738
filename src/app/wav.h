/* wav: the WAV file format, as limber writes it: mono, 16-bit PCM. */
#ifndef LB_WAV_H
#define LB_WAV_H

#include <stdint.h>

#define LB_WAV_HEADER 44 /* bytes before the samples */

/* The header of a mono 16-bit PCM WAV of n_samples samples at rate Hz. */
void lb_wav_header(unsigned char h[LB_WAV_HEADER], int rate, uint32_t n_samples);
/* n samples (clipped to -1..1) as 16-bit little-endian PCM into out, which
 * holds 2 n bytes. */
void lb_wav_pcm16(const float *x, int64_t n, unsigned char *out);

#endif
