/* text: SDL2_ttf faces and a bounded texture cache for rendered strings.
 *
 * Both caches are small arrays searched linearly: a frame draws a dozen
 * strings and the arrays hold a few hundred entries, so comparing a 32-bit
 * hash first is cheaper than maintaining a hash table, and finding the least
 * recently used entry is one pass on a miss. */
#include "text.h"

#include "hash.h"

#include <SDL_ttf.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>

#define TEXT_DEFAULT_MAX_TEXTS 256
#define TEXT_DEFAULT_MAX_BYTES ((size_t)64 << 20)
#define TEXT_DEFAULT_MAX_FONTS 24
#define TEXT_DEFAULT_MAX_IDLE 2048 /* a few seconds of frames at a dozen to fifty texts a frame */
#define TEXT_MIN_PX 4
#define TEXT_MAX_PX 1024

typedef struct {
    TTF_Font *font;
    int px;
    LbWeight wt;
    uint64_t used; /* tick of the last use; 0 = free slot */
} TextFace;

typedef struct {
    char *s;
    uint32_t hash;
    int px;
    LbWeight wt;
    uint32_t rgba;
    SDL_Renderer *r;
    SDL_Texture *tex;
    int w, h;
    uint64_t used;   /* 0 = free slot */
    uint64_t lookup; /* the lookup that last asked for it */
} TextEntry;

/* A text measured before: the overlay lays its captions out every frame
 * (fitting and wrapping measure the same strings again), so the sizes are
 * kept in a small table indexed by the text's hash, the newest winning a
 * slot. */
#define MEASURE_SLOTS 256
typedef struct {
    char *s; /* NULL: free */
    uint32_t hash;
    int px;
    LbWeight wt;
    int w, h;
} Measured;

/* A fitted text kept for the next frames (lb_text_fit). */
typedef struct {
    char *key; /* the source string */
    char *buf; /* lines, '\0'-separated */
    uint32_t hash;
    LbWeight wt;
    int max_px, min_px, box_w, max_lines;
    LbTextFit fit;
    uint64_t used;
} FitMemo;

struct LbText {
    unsigned long freed; /* textures destroyed so far (lb_text_generation) */
    Measured *measured;
    void *data[LB_WEIGHT_COUNT]; /* font files in memory */
    size_t size[LB_WEIGHT_COUNT];
    char *path[LB_WEIGHT_COUNT];
    TextFace *faces;
    int max_faces;
    TextEntry *entries;
    int max_entries;
    size_t max_bytes;
    uint64_t max_idle;
    uint64_t tick;
    uint64_t lookups; /* lb_text_get calls */
    FitMemo fit_memo[LB_TEXT_FIT_MEMO];
    uint64_t fit_tick;
    LbTextStats st;
};

static uint32_t text_hash(const char *s, int px, LbWeight wt, uint32_t rgba)
{
    uint32_t h = lb_hash32(s);
    h = lb_fnv32_step(h, (uint32_t)px);
    h = lb_fnv32_step(h, (uint32_t)wt);
    return lb_fnv32_step(h, rgba);
}

static void text_entry_free(LbText *t, TextEntry *e)
{
    if (e->tex) {
        SDL_DestroyTexture(e->tex);
        t->freed++;
    }
    t->st.bytes -= (size_t)e->w * (size_t)e->h * 4u;
    t->st.entries--;
    free(e->s);
    memset(e, 0, sizeof *e);
}

static TextEntry *text_lru_entry(LbText *t)
{
    TextEntry *best = NULL;
    for (int i = 0; i < t->max_entries; i++) {
        TextEntry *e = &t->entries[i];
        if (e->used && (!best || e->used < best->used))
            best = e;
    }
    return best;
}

/* Open (or find) the face for (wt, px). */
/* A failure, left where SDL keeps its errors for the caller to report:
 * "text: WHAT: why" (SDL_ttf's reason is SDL's). */
static void text_fail(SDL_PRINTF_FORMAT_STRING const char *fmt, ...) SDL_PRINTF_VARARG_FUNC(1);
static void text_fail(const char *fmt, ...)
{
    char what[256], why[256];
    SDL_strlcpy(why, SDL_GetError(), sizeof why); /* before it is overwritten */
    va_list ap;
    va_start(ap, fmt);
    SDL_vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    SDL_SetError("text: %s: %s", what, why);
}

static TTF_Font *text_face(LbText *t, int px, LbWeight wt)
{
    if (wt < 0 || wt >= LB_WEIGHT_COUNT)
        wt = LB_WEIGHT_REGULAR;
    if (px < TEXT_MIN_PX)
        px = TEXT_MIN_PX;
    if (px > TEXT_MAX_PX)
        px = TEXT_MAX_PX;
    TextFace *slot = NULL;
    for (int i = 0; i < t->max_faces; i++) {
        TextFace *f = &t->faces[i];
        if (f->used && f->px == px && f->wt == wt) {
            f->used = ++t->tick;
            return f->font;
        }
        if (!f->used) {
            if (!slot)
                slot = f;
        }
    }
    if (!slot) { /* evict the least recently used face */
        for (int i = 0; i < t->max_faces; i++)
            if (!slot || t->faces[i].used < slot->used)
                slot = &t->faces[i];
        TTF_CloseFont(slot->font);
        memset(slot, 0, sizeof *slot);
        t->st.fonts--;
    }
    SDL_RWops *rw = SDL_RWFromConstMem(t->data[wt], (int)t->size[wt]);
    TTF_Font *font = rw ? TTF_OpenFontRW(rw, 1, px) : NULL;
    if (!font) {
        text_fail("cannot open font '%s' at %d px", t->path[wt], px);
        return NULL;
    }
    slot->font = font;
    slot->px = px;
    slot->wt = wt;
    slot->used = ++t->tick;
    t->st.fonts++;
    t->st.fonts_opened++;
    return font;
}

LbText *lb_text_create(const LbTextDesc *desc, char *err, size_t err_size)
{
    if (err && err_size)
        err[0] = '\0';
    if (!desc) {
        snprintf(err, err_size, "text: no font files given");
        return NULL;
    }
    if (TTF_Init() != 0) {
        snprintf(err, err_size, "text: cannot start the font renderer: %s", TTF_GetError());
        return NULL;
    }
    LbText *t = calloc(1, sizeof *t);
    if (!t)
        goto oom;
    t->max_entries = desc->max_texts > 0 ? desc->max_texts : TEXT_DEFAULT_MAX_TEXTS;
    t->max_bytes = desc->max_bytes > 0 ? desc->max_bytes : TEXT_DEFAULT_MAX_BYTES;
    t->max_faces = desc->max_fonts > 0 ? desc->max_fonts : TEXT_DEFAULT_MAX_FONTS;
    t->max_idle = (uint64_t)(desc->max_idle > 0 ? desc->max_idle : TEXT_DEFAULT_MAX_IDLE);
    t->entries = calloc((size_t)t->max_entries, sizeof *t->entries);
    t->faces = calloc((size_t)t->max_faces, sizeof *t->faces);
    t->measured = calloc(MEASURE_SLOTS, sizeof *t->measured);
    if (!t->entries || !t->faces || !t->measured)
        goto oom;
    for (int wt = 0; wt < LB_WEIGHT_COUNT; wt++) {
        const char *p = desc->font_path[wt];
        if (!p || !*p) {
            snprintf(err, err_size, "text: no font file given for the %s weight", wt ? "bold" : "regular");
            goto fail;
        }
        t->path[wt] = SDL_strdup(p);
        if (!t->path[wt])
            goto oom;
        /* SDL_LoadFile crashes on a directory (fopen succeeds, reading
         * does not): only a regular file is read. */
        struct stat st;
        if (stat(p, &st) != 0) {
            snprintf(err, err_size, "text: cannot read font file '%s': %s", p, strerror(errno));
            goto fail;
        }
        if (!S_ISREG(st.st_mode)) {
            snprintf(err, err_size, "text: font file '%s' is %s, not a file", p,
                     S_ISDIR(st.st_mode) ? "a directory" : "something else");
            goto fail;
        }
        t->data[wt] = SDL_LoadFile(p, &t->size[wt]);
        if (!t->data[wt]) {
            snprintf(err, err_size, "text: cannot read font file '%s': %s", p, SDL_GetError());
            goto fail;
        }
        if (t->size[wt] > (size_t)INT32_MAX) {
            snprintf(err, err_size, "text: font file '%s' is too large", p);
            goto fail;
        }
        /* Open it once now, so a corrupt file is reported here with its name
         * rather than as missing text later. */
        SDL_RWops *rw = SDL_RWFromConstMem(t->data[wt], (int)t->size[wt]);
        TTF_Font *probe = rw ? TTF_OpenFontRW(rw, 1, 16) : NULL;
        if (!probe) {
            snprintf(err, err_size, "text: '%s' is not a usable font file: %s", p, TTF_GetError());
            goto fail;
        }
        TTF_CloseFont(probe);
    }
    return t;
oom:
    snprintf(err, err_size, "text: out of memory");
fail:
    lb_text_destroy(t);
    if (!t)
        TTF_Quit();
    return NULL;
}

void lb_text_destroy(LbText *t)
{
    if (!t)
        return;
    for (int i = 0; i < LB_TEXT_FIT_MEMO; i++) {
        free(t->fit_memo[i].key);
        free(t->fit_memo[i].buf);
    }
    if (t->measured) {
        for (int i = 0; i < MEASURE_SLOTS; i++)
            SDL_free(t->measured[i].s);
        free(t->measured);
    }
    if (t->entries) {
        for (int i = 0; i < t->max_entries; i++)
            if (t->entries[i].used)
                text_entry_free(t, &t->entries[i]);
        free(t->entries);
    }
    if (t->faces) {
        for (int i = 0; i < t->max_faces; i++)
            if (t->faces[i].used)
                TTF_CloseFont(t->faces[i].font);
        free(t->faces);
    }
    for (int wt = 0; wt < LB_WEIGHT_COUNT; wt++) {
        SDL_free(t->data[wt]);
        SDL_free(t->path[wt]);
    }
    free(t);
    TTF_Quit(); /* reference counted: pairs with the TTF_Init in create */
}

bool lb_text_measure(LbText *t, const char *s, int px, LbWeight wt, int *w, int *h)
{
    int tw = 0, th = 0;
    Measured *m = NULL;
    uint32_t hash = 0;
    if (t && s && t->measured) {
        hash = text_hash(s, px, wt, 0);
        m = &t->measured[hash % MEASURE_SLOTS];
        if (m->s && m->hash == hash && m->px == px && m->wt == wt && !strcmp(m->s, s)) {
            if (w)
                *w = m->w;
            if (h)
                *h = m->h;
            return true;
        }
    }
    TTF_Font *f = (t && s) ? text_face(t, px, wt) : NULL;
    bool ok = f && (!*s || TTF_SizeUTF8(f, s, &tw, &th) == 0);
    if (ok)
        t->st.measured++;
    if (ok && !*s)
        th = TTF_FontHeight(f);
    if (ok && m) {
        char *copy = SDL_strdup(s);
        if (copy) { /* else simply not kept */
            SDL_free(m->s);
            *m = (Measured){copy, hash, px, wt, tw, th};
        }
    }
    if (w)
        *w = ok ? tw : 0;
    if (h)
        *h = ok ? th : 0;
    return ok;
}

int lb_text_line_height(LbText *t, int px, LbWeight wt)
{
    TTF_Font *f = t ? text_face(t, px, wt) : NULL;
    return f ? TTF_FontHeight(f) : 0;
}

SDL_Texture *lb_text_get(LbText *t, SDL_Renderer *r, const char *s, int px, LbWeight wt, SDL_Color c, int *w, int *h)
{
    if (w)
        *w = 0;
    if (h)
        *h = 0;
    if (!t || !r || !s || !*s)
        return NULL;
    uint32_t rgba = ((uint32_t)c.r << 24) | ((uint32_t)c.g << 16) | ((uint32_t)c.b << 8) | c.a;
    uint32_t hash = text_hash(s, px, wt, rgba);
    t->lookups++;
    TextEntry *slot = NULL;
    for (int i = 0; i < t->max_entries; i++) {
        TextEntry *e = &t->entries[i];
        if (!e->used) {
            if (!slot)
                slot = e;
            continue;
        }
        if (e->hash == hash && e->px == px && e->wt == wt && e->rgba == rgba && e->r == r && !strcmp(e->s, s)) {
            e->used = ++t->tick;
            e->lookup = t->lookups;
            t->st.hits++;
            if (w)
                *w = e->w;
            if (h)
                *h = e->h;
            return e->tex;
        }
    }

    TTF_Font *font = text_face(t, px, wt);
    if (!font)
        return NULL;
    SDL_Surface *surf = TTF_RenderUTF8_Blended(font, s, c);
    if (!surf) {
        text_fail("cannot render \"%.40s\"", s);
        return NULL;
    }
    SDL_Texture *tex = SDL_CreateTextureFromSurface(r, surf);
    int tw = surf->w, th = surf->h;
    SDL_FreeSurface(surf);
    if (!tex) {
        text_fail("cannot make a texture");
        return NULL;
    }
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(tex, SDL_ScaleModeLinear); /* pulses scale it smoothly */
    t->st.rasterised++;

    /* Texts no longer drawn go first: the time left, a countdown or a
     * caption of a while ago will not be asked for again soon. */
    for (int i = 0; i < t->max_entries; i++) {
        TextEntry *e = &t->entries[i];
        if (e->used && t->lookups - e->lookup > t->max_idle) {
            text_entry_free(t, e);
            t->st.evicted++;
            if (!slot)
                slot = e;
        }
    }
    /* Make room: a free slot, and the byte budget. */
    size_t bytes = (size_t)tw * (size_t)th * 4u;
    for (;;) {
        bool full = !slot;
        bool over = t->st.bytes + bytes > t->max_bytes && t->st.entries > 0;
        if (!full && !over)
            break;
        TextEntry *old = text_lru_entry(t);
        if (!old)
            break;
        text_entry_free(t, old);
        t->st.evicted++;
        if (full)
            slot = old;
    }
    size_t len = strlen(s) + 1;
    char *copy = slot ? malloc(len) : NULL;
    if (!copy) {
        SDL_DestroyTexture(tex);
        return NULL;
    }
    memcpy(copy, s, len);
    slot->s = copy;
    slot->hash = hash;
    slot->px = px;
    slot->wt = wt;
    slot->rgba = rgba;
    slot->r = r;
    slot->tex = tex;
    slot->w = tw;
    slot->h = th;
    slot->used = ++t->tick;
    slot->lookup = t->lookups;
    t->st.entries++;
    t->st.bytes += bytes;
    if (w)
        *w = tw;
    if (h)
        *h = th;
    return tex;
}

void lb_text_forget(LbText *t, SDL_Renderer *r)
{
    if (!t)
        return;
    for (int i = 0; i < t->max_entries; i++) {
        TextEntry *e = &t->entries[i];
        if (e->used && (!r || e->r == r))
            text_entry_free(t, e);
    }
}

unsigned long lb_text_generation(const LbText *t) { return t ? t->freed : 0; }

void lb_text_stats(const LbText *t, LbTextStats *out)
{
    if (!out)
        return;
    if (!t) {
        memset(out, 0, sizeof *out);
        return;
    }
    *out = t->st;
}

/* ---- fitting and wrapping ---- */

int lb_text_width(LbText *t, const char *s, int px, LbWeight wt)
{
    int w = 0;
    lb_text_measure(t, s, px, wt, &w, NULL);
    return w;
}

/* Greedy word wrap of src at px into box_w; writes lines into buf (a copy
 * with '\0' at the breaks). Returns the line count, or max_lines + 1 when it
 * needs more lines or a single word is wider than the box. */
static int text_wrap_at(LbText *t, const char *src, char *buf, int px, LbWeight wt, int box_w, int max_lines,
                        LbTextFit *fit)
{
    size_t len = strlen(src);
    memcpy(buf, src, len + 1);
    char *line = buf;
    while (*line == ' ')
        line++;
    fit->n = 0;
    fit->width = 0;
    fit->px = px;
    fit->cut = false;
    while (*line) {
        if (fit->n >= max_lines)
            return max_lines + 1;
        /* Extend the line word by word while it fits. */
        char *end = line, *best = NULL;
        for (;;) {
            char *sp = end;
            while (*sp && *sp != ' ')
                sp++;
            char save = *sp;
            *sp = '\0';
            int w = lb_text_width(t, line, px, wt);
            *sp = save;
            if (w > box_w) {
                if (!best) { /* one word wider than the box */
                    *sp = '\0';
                    fit->line[fit->n++] = line;
                    if (w > fit->width)
                        fit->width = w;
                    return max_lines + 1;
                }
                break;
            }
            best = sp;
            if (w > fit->width)
                fit->width = w;
            if (!save)
                break;
            end = sp + 1;
        }
        char *next = best;
        if (*next) {
            *next = '\0';
            next++;
            while (*next == ' ')
                next++;
        }
        fit->line[fit->n++] = line;
        line = next;
    }
    return fit->n;
}

/* Fit s into box_w on at most max_lines lines at the largest size between
 * min_px and max_px; at min_px the last line is cut with an ellipsis. The
 * result is memoised, so an unchanged text costs one lookup a frame. */
const LbTextFit *lb_text_fit(LbText *t, const char *s, LbWeight wt, int max_px, int min_px, int box_w, int max_lines)
{
    if (max_lines > LB_TEXT_FIT_LINES)
        max_lines = LB_TEXT_FIT_LINES;
    if (max_lines < 1)
        max_lines = 1;
    /* Below about 10 px text stops being text on any screen; tiny windows
     * get that much and the box's own width limit. */
    if (max_px < LB_TEXT_MIN_PX)
        max_px = LB_TEXT_MIN_PX;
    if (min_px < LB_TEXT_MIN_PX)
        min_px = LB_TEXT_MIN_PX;
    if (min_px > max_px)
        min_px = max_px;
    uint32_t h = lb_hash32(s);
    FitMemo *slot = NULL;
    for (int i = 0; i < LB_TEXT_FIT_MEMO; i++) {
        FitMemo *m = &t->fit_memo[i];
        if (m->used && m->hash == h && m->wt == wt && m->max_px == max_px && m->min_px == min_px && m->box_w == box_w &&
            m->max_lines == max_lines && !strcmp(m->key, s)) {
            m->used = ++t->fit_tick;
            return &m->fit;
        }
        if (!slot || m->used < slot->used)
            slot = m;
    }
    free(slot->key);
    free(slot->buf);
    memset(slot, 0, sizeof *slot);
    size_t len = strlen(s);
    slot->key = malloc(len + 1);
    slot->buf = malloc(len + 8); /* room for an ellipsis */
    if (!slot->key || !slot->buf) {
        free(slot->key);
        free(slot->buf);
        memset(slot, 0, sizeof *slot);
        return NULL;
    }
    memcpy(slot->key, s, len + 1);
    slot->hash = h;
    slot->wt = wt;
    slot->max_px = max_px;
    slot->min_px = min_px;
    slot->box_w = box_w;
    slot->max_lines = max_lines;
    slot->used = ++t->fit_tick;

    /* Text width is close to proportional to the size, so one measurement at
     * max_px predicts the size for a single line; wrapping then steps down
     * 6% at a time, measured for real. */
    int px = max_px;
    int full = lb_text_width(t, s, max_px, wt);
    if (max_lines == 1 && full > box_w && full > 0)
        px = (int)floor(max_px * (double)box_w / full);
    if (px < min_px)
        px = min_px;
    for (;;) {
        if (text_wrap_at(t, s, slot->buf, px, wt, box_w, max_lines, &slot->fit) <= max_lines)
            return &slot->fit;
        if (px <= min_px)
            break;
        int np = (int)floor(px * 0.94);
        px = np < min_px ? min_px : np;
    }
    /* Still too long at the smallest size: keep what fits and mark the cut. */
    LbTextFit *f = &slot->fit;
    text_wrap_at(t, s, slot->buf, min_px, wt, box_w, max_lines, f);
    f->cut = true;
    if (f->n > max_lines)
        f->n = max_lines;
    if (f->n == 0)
        return f;
    char *last = (char *)f->line[f->n - 1];
    size_t ll = strlen(last);
    /* Room for "…" (3 bytes): the buffer has len + 8 and the line ended at
     * a break that was a space or the end, so writing past it only reaches
     * text that is cut anyway. Shorten until it fits: a whole word at a
     * time (and the comma or colon before it), a character at a time only
     * through a word wider than the box on its own. */
    for (;;) {
        memcpy(last + ll, "\xE2\x80\xA6", 4);
        if (lb_text_width(t, last, min_px, wt) <= box_w || ll == 0)
            break;
        size_t sp = ll;
        while (sp > 0 && last[sp - 1] != ' ')
            sp--;
        if (sp > 1) {
            ll = sp - 1;
            while (ll > 0 && strchr(" ,;:", last[ll - 1]))
                ll--;
            continue;
        }
        do /* drop one UTF-8 character */
            ll--;
        while (ll > 0 && ((unsigned char)last[ll] & 0xC0) == 0x80);
    }
    /* the block is as wide as its lines are now (a word too wide for the
     * box had set it wider) */
    f->width = 0;
    for (int i = 0; i < f->n; i++) {
        int w = lb_text_width(t, f->line[i], min_px, wt);
        f->width = w > f->width ? w : f->width;
    }
    return f;
}
