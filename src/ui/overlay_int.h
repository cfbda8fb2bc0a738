/* overlay_int: what the overlay's files share and nobody else sees: the
 * palette, the LbOverlay struct, and the helpers that queue shapes and text
 * into a frame or a recorded part.
 *
 *   overlay.c        the elements (title, caption, countdown, side, reps,
 *                    breath, next up, progress, paused, toast), the module
 *   overlay_cards.c  the full-screen cards (safety, key help)
 *   overlay_parts.c  queueing shapes and text, recording reusable parts
 *   layout.c         where each element goes (pure)
 *   sides.c          the words that name the side being worked
 */
#ifndef LB_OVERLAY_INT_H
#define LB_OVERLAY_INT_H

#include "overlay.h"

#include "figure.h"

#include <math.h>
#include <stdint.h>

#include "hash.h"
#include "palette.h"
#include "tess.h"

/* ---- palette ------------------------------------------------------------
 * Okabe-Ito colours, safe for the common colour-vision deficiencies; meaning
 * is always carried by words too, never by colour alone. */
static const SDL_Color OV_WHITE = {245, 246, 248, 255};
static const SDL_Color OV_SOFT = {196, 204, 216, 255};
static const SDL_Color OV_BLACK = {0, 0, 0, 255};
/* The side colours are the figure's, so a badge names the limbs it matches. */
static const SDL_Color OV_SKY = {LB_SIDE_LEFT_RGB, 255};
static const SDL_Color OV_ORANGE = {LB_SIDE_RIGHT_RGB, 255};
static const SDL_Color OV_YELLOW = {240, 228, 66, 255};
static const SDL_Color OV_PANEL = {6, 9, 16, 188};
static const SDL_Color OV_CARD = {10, 14, 22, 250};
/* Tracks are opaque: overlapping translucent triangles would show seams. */
static const SDL_Color OV_TRACK = {58, 64, 76, 255};

#define OV_PX(px) ((px) > LB_TEXT_MIN_PX ? (px) : LB_TEXT_MIN_PX)
#define OV_FILL_STEPS 4.0f /* the progress fill's steps per pixel */

/* Elements that stay the same for many frames (a panel and its words),
 * recorded once into a list of their own and appended to each frame while
 * they stay so: see ov_part_begin. */
enum {
    OV_PART_TITLE,
    OV_PART_CAPTION,
    OV_PART_SIDE,
    OV_PART_REPS,
    OV_PART_NEXT,
    OV_PART_PROGRESS,
    OV_PART_FILL,
    OV_PART_PAUSED,
    OV_PART_SAFETY,
    OV_PART_HELP,
    OV_PARTS
};

/* The progress bar's words (step of steps; level, mirrored, sound off,
 * time left) and their widths, kept while what they say stays the same:
 * they change about once a second, and were formatted and looked up in
 * the text cache every frame. */
typedef struct {
    bool valid;
    int item, n_items, px;
    int secs;     /* the clock's seconds; -1 with no bar */
    int speed_pc; /* the speed in hundredths; 100 = normal */
    bool mirror, muted;
    char level[48];
    char left[48], right[160];
    int lw, rw;
} OvWords;

typedef struct {
    LbDraw *list;
    uint64_t key;      /* what it shows, at what size, for which renderer */
    unsigned long gen; /* the text cache's generation its textures are from */
    bool valid;
} OvPart;

struct LbOverlay {
    LbText *text;
    LbOverlayLayoutIn layout_in;
    LbTess tess; /* shapes queued since the last flush */
    bool geo_ok;
    LbDraw *list; /* when set: everything is recorded there (lb_overlay_set_list) */
    /* Sizes chosen for the last safety and help cards, so an unchanged card
     * is not measured again every frame. */
    uint32_t card_key, help_key;
    int card_px, help_px, help_key_w;
    OvPart part[OV_PARTS];
    bool parts_off;     /* tests: draw every element every frame */
    int w, h;           /* of the frame being drawn */
    LbDraw *frame_list; /* while a part records into its own list: the frame's */
    int open_part;
    int reused; /* parts appended this frame */
    unsigned long parts_reused;
    OvWords words; /* the progress bar's */
};

enum { OV_LEFT = 0, OV_CENTRE = 1, OV_RIGHT = 2 };

static inline int ov_round(double v) { return (int)floor(v + 0.5); }

static inline SDL_Rect ov_rect(int x, int y, int w, int h)
{
    SDL_Rect r = {x, y, w > 0 ? w : 0, h > 0 ? h : 0};
    return r;
}

/* Clamp, with NaN taken as lo. */
static inline float ov_clampf(float v, float lo, float hi) { return !(v >= lo) ? lo : v > hi ? hi : v; }

/* A string (or its absence) combined into a part's key. */
static inline uint64_t ov_mix_str(uint64_t h, const char *s)
{
    return lb_hash_combine(h, s ? lb_hash64(s) : 0x5bd1e995u);
}

/* The corner radius of panels and badges. */
static inline int ov_radius(const LbLayout *L) { return L->gap + L->unit / 90; }

/* ---- overlay_parts.c ---- */

/* Submit what was queued since the last flush (shapes before text). */
void ov_flush(LbOverlay *o, SDL_Renderer *r);
/* Part id showing what `key` says: true when a recording of it was
 * appended (draw nothing); false: draw it and call ov_part_end. */
bool ov_part_begin(LbOverlay *o, SDL_Renderer *r, int id, uint64_t key);
void ov_part_end(LbOverlay *o, SDL_Renderer *r);
/* A translucent rounded panel behind an element. */
void ov_panel(LbOverlay *o, SDL_Rect b, int rad, float alpha);
/* Draw s anchored at (x, y) (see overlay_parts.c); returns its width. */
int ov_text(LbOverlay *o, SDL_Renderer *r, const char *s, int px, LbWeight wt, SDL_Color c, float x, float y,
            int halign, float alpha, float scale);
/* Draw a fitted block; returns its height. */
int ov_block(LbOverlay *o, SDL_Renderer *r, const LbTextFit *f, LbWeight wt, SDL_Color c, float x, float cy, int halign,
             float alpha);

/* ---- overlay.c, sides.c ---- */

/* The title badge at the top left, in colour c. */
void ov_title(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, const char *title, SDL_Color c);
/* Where the side being worked (1 left, 2 right) is on screen. */
LmScreenSide ov_worked_side(int side, LmScreenSide left_at, bool mirror);

/* ---- overlay_cards.c ---- */

void ov_dim(LbOverlay *o, SDL_Renderer *r, int w, int h, float alpha);
void ov_safety(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, int w, int h, const LmOverlayState *st);
void ov_help(LbOverlay *o, SDL_Renderer *r, const LbLayout *L, int w, int h, const LbSessionView *v);

#endif
