/* text: anti-aliased text through SDL2_ttf, cached as textures.
 *
 * A text is rasterised once per (string, pixel size, weight, colour,
 * renderer) and then drawn from its texture until it is evicted; a frame in
 * which nothing changed rasterises nothing. Fonts are opened lazily per
 * (weight, size) from font files read into memory once. Both caches are
 * bounded and evict the least recently used entry. Texts change all the
 * time (the time left, countdowns, captions), so a text not asked for
 * within the last max_idle lookups is dropped too: the cache holds what the
 * last few frames drew, not the session's history, and a long session
 * stays at that size instead of filling up to the bounds. Alpha is applied
 * at draw time (texture alpha mod), so fading a text never rasterises it
 * again. */
#ifndef LB_TEXT_H
#define LB_TEXT_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum { LB_WEIGHT_REGULAR = 0, LB_WEIGHT_BOLD, LB_WEIGHT_COUNT } LbWeight;

/* Setup. Zero fields mean the default. */
typedef struct {
    const char *font_path[LB_WEIGHT_COUNT]; /* required: a TrueType file per weight */
    int max_texts;                          /* cached textures, 0 = 256 */
    size_t max_bytes;                       /* texture memory budget, 0 = 64 MiB */
    int max_fonts;                          /* open (weight, size) faces, 0 = 24 */
    int max_idle;                           /* lookups (lb_text_get calls) a text may go unused, 0 = 2048 */
} LbTextDesc;

/* Counters since creation, for tests and --bench. */
typedef struct {
    unsigned long rasterised; /* strings turned into textures */
    unsigned long hits;       /* lookups served from the cache */
    unsigned long evicted;    /* textures dropped to stay in budget */
    unsigned long fonts_opened;
    unsigned long measured; /* sizes worked out by the font (not from the table of sizes) */
    int entries;            /* textures held now */
    size_t bytes;           /* their memory, 4 bytes a pixel */
    int fonts;              /* faces open now */
} LbTextStats;

typedef struct LbText LbText;

/* Read and check both font files, returning a cache that owns the font data,
 * the faces and every texture it makes. On failure returns NULL and writes a
 * message naming the file into err. */
LbText *lb_text_create(const LbTextDesc *desc, char *err, size_t err_size);
/* Destroy every texture, face and buffer. NULL is fine. Call it before
 * destroying the renderers it drew with (or lb_text_forget them first). */
void lb_text_destroy(LbText *t);

/* Size in pixels of s set at px in weight wt (no rasterising). False when the
 * font cannot be opened at that size; w and h are then 0. */
bool lb_text_measure(LbText *t, const char *s, int px, LbWeight wt, int *w, int *h);
/* Line height (ascent + descent) at px. */
int lb_text_line_height(LbText *t, int px, LbWeight wt);

/* Text fitting. Below LB_TEXT_MIN_PX text stops being text on any screen. */
#define LB_TEXT_MIN_PX 10
#define LB_TEXT_FIT_LINES 4 /* lines a fitted text may take at most */
#define LB_TEXT_FIT_MEMO 32 /* fits kept; the last this many stay valid */

/* A string broken into lines at a pixel size that fits a box. */
typedef struct {
    int px;
    int n;
    const char *line[LB_TEXT_FIT_LINES];
    int width; /* widest line */
    bool cut;  /* did not fit even at the smallest size: ends with an ellipsis */
} LbTextFit;

/* Width in pixels of s at px (0 when it cannot be measured). */
int lb_text_width(LbText *t, const char *s, int px, LbWeight wt);
/* Fit s into box_w on at most max_lines lines (1..LB_TEXT_FIT_LINES) at
 * the largest size between min_px and max_px (both at least
 * LB_TEXT_MIN_PX), breaking lines between words; at min_px the last line
 * is cut with an ellipsis. Memoised in the cache: an unchanged text costs
 * one lookup. The result is owned by the cache and stays valid while
 * fewer than LB_TEXT_FIT_MEMO other fits were asked for; NULL when out of
 * memory. */
const LbTextFit *lb_text_fit(LbText *t, const char *s, LbWeight wt, int max_px, int min_px, int box_w, int max_lines);

/* The cached texture for s, rasterising it only when it is not cached. The
 * cache keeps ownership; the texture stays valid until the next lb_text_get
 * or lb_text_forget. NULL for an empty string or on failure (then
 * SDL_GetError says what failed, for the caller to report). */
SDL_Texture *lb_text_get(LbText *t, SDL_Renderer *r, const char *s, int px, LbWeight wt, SDL_Color c, int *w, int *h);

/* Drop every texture made for renderer r (call before destroying r, or when
 * its textures are lost after a device reset). NULL drops all textures. */
void lb_text_forget(LbText *t, SDL_Renderer *r);

/* A number that changes whenever a texture this cache made is destroyed
 * (evicted or forgotten): whoever keeps texture pointers across frames
 * (a recorded overlay panel) knows they are still valid while it stays the
 * same. */
unsigned long lb_text_generation(const LbText *t);

/* Copy the counters into out (zeros for a NULL cache). */
void lb_text_stats(const LbText *t, LbTextStats *out);

#endif
