/* hash: the one home of the hashes the shell keys caches and change
 * detection with. Not for security: equal inputs give equal outputs, and
 * that is all a cache key or a tile hash needs.
 *
 * FNV-1a names strings (a text's texture, a fitted caption, a card);
 * lb_mix64 (splitmix64's finaliser) spreads the bits of numbers that are
 * combined into a key or a tile hash. */
#ifndef LB_HASH_H
#define LB_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define LB_FNV32_SEED 2166136261u
#define LB_FNV64_SEED 1469598103934665603ull

/* One 32-bit FNV-1a step: v (a byte, or a small number) folded into h. */
static inline uint32_t lb_fnv32_step(uint32_t h, uint32_t v) { return (h ^ v) * 16777619u; }

/* The bytes of s folded into h, one FNV-1a step each. */
static inline uint32_t lb_fnv32_str(uint32_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = lb_fnv32_step(h, *p);
    return h;
}

/* 32-bit FNV-1a of s. */
static inline uint32_t lb_hash32(const char *s) { return lb_fnv32_str(LB_FNV32_SEED, s); }

/* 64-bit FNV-1a of s. */
static inline uint64_t lb_hash64(const char *s)
{
    uint64_t h = LB_FNV64_SEED;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return h;
}

/* 64-bit mixing (splitmix64's finaliser). */
static inline uint64_t lb_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

/* v combined into the key h (order matters). */
static inline uint64_t lb_hash_combine(uint64_t h, uint64_t v)
{
    return lb_mix64(h ^ (v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2)));
}

/* n bytes at p, eight a step, from seed (a record's bytes as a cache key:
 * a zeroed-then-filled struct hashes its padding as zeros). */
static inline uint64_t lb_hash_bytes(const void *p, size_t n, uint64_t seed)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ seed;
    const unsigned char *b = (const unsigned char *)p;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 29;
    }
    for (; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    h ^= h >> 31;
    h *= 0x7fb5d329728ea185ull;
    return h ^ (h >> 27);
}

/* The bits of f, to hash a float exactly as it is. */
static inline uint32_t lb_float_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

#endif
