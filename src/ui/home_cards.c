/* home_cards: what each home card says, the timelines behind its length
 * and preview (compiled a few at a time, kept for both levels), and the
 * previews' loop through the key poses. */
#include "home.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOT " \xC2\xB7 "

/* ---- words -------------------------------------------------------------- */

const char *lb_feel_words(LmFeel f)
{
    static const char *const words[LM_FEEL_COUNT] = {
        "low back",         "middle back",      "upper back",    "neck",        "belly",
        "buttocks",         "buttocks",         "outer hip",     "outer hip",   "front of hip",
        "front of hip",     "back of thigh",    "back of thigh", "inner thigh", "inner thigh",
        "back of shoulder", "back of shoulder", "side",          "side",
    };
    return f >= 0 && f < LM_FEEL_COUNT ? words[f] : NULL;
}

void lb_source_short(const char *source, char *out, size_t n)
{
    if (!n)
        return;
    out[0] = 0;
    if (!source)
        return;
    while (*source == ' ')
        source++;
    size_t len = strcspn(source, ":,(");
    bool label = source[len] == ':';
    if (!label) /* no label: up to the first comma or parenthesis */
        len = strcspn(source, ",(");
    while (len > 0 && source[len - 1] == ' ')
        len--;
    if (len >= n)
        len = n - 1;
    memcpy(out, source, len);
    out[len] = 0;
    /* a label is words ("both articles"), not a name */
    if (label && out[0] >= 'A' && out[0] <= 'Z' && !(out[1] >= 'A' && out[1] <= 'Z'))
        out[0] = (char)(out[0] - 'A' + 'a');
}

void lb_length_words(double seconds, char *out, size_t n)
{
    long s = lround(seconds > 0 ? seconds : 0);
    if (s < 60)
        snprintf(out, n, "%ld s", s);
    else
        snprintf(out, n, "%ld:%02ld min", s / 60, s % 60);
}

/* "Felt in: low back, buttocks, outer hip": the areas, each once, in the
 * order given; more than three: the first and how many more. */
static void feel_line(const LmFeel *feel, int n, char *out, size_t size)
{
    const char *seen[LM_FEEL_COUNT];
    int ns = 0;
    for (int i = 0; i < n; i++) {
        const char *w = lb_feel_words(feel[i]);
        bool dup = !w;
        for (int k = 0; k < ns && !dup; k++)
            dup = seen[k] == w || strcmp(seen[k], w) == 0;
        if (!dup && ns < LM_FEEL_COUNT)
            seen[ns++] = w;
    }
    out[0] = 0;
    if (ns > 3) {
        snprintf(out, size, "Felt in: %s and %d more", seen[0], ns - 1);
        return;
    }
    size_t at = 0;
    for (int k = 0; k < ns && at < size; k++)
        at += (size_t)snprintf(out + at, size - at, "%s%s", k == 0 ? "Felt in: " : ", ", seen[k]);
}

static double preview_loop(const LmTimeline *tl);

/* ---- cards -------------------------------------------------------------- */

/* Loaded from the user's folder (not shipped). */
static bool routine_is_users(const LmLibrary *lib, int i) { return lib->routines[i].user; }
static bool exercise_is_users(const LmLibrary *lib, int i) { return lib->exercises[i].user; }

static LbHomeCard *add_card(LbHomeCards *hc, LbCardKind kind, int index)
{
    if (hc->n == hc->cap) {
        int cap = hc->cap ? hc->cap * 2 : 32;
        LbHomeCard *c = realloc(hc->cards, (size_t)cap * sizeof *c);
        if (!c)
            return NULL;
        hc->cards = c;
        hc->cap = cap;
    }
    LbHomeCard *c = &hc->cards[hc->n++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->index = index;
    c->seconds = -1;
    return c;
}

/* The library entry a card shows: exercises first, then routines; -1 for none. */
static int entry_of(const LbHomeCards *hc, const LbHomeCard *c)
{
    if (c->kind == LB_CARD_EXERCISE)
        return c->index;
    if (c->kind == LB_CARD_ROUTINE)
        return hc->lib->n_exercises + c->index;
    return -1;
}

/* The card's length and timeline at the cards' level, when compiled. */
static void refresh(LbHomeCards *hc, LbHomeCard *c)
{
    int e = entry_of(hc, c);
    if (e < 0)
        return;
    LmTimeline *tl = hc->tls[e * LM_LEVEL_COUNT + hc->level];
    c->tl = tl;
    c->seconds = tl ? tl->duration_s : -1;
    c->loop_s = tl ? preview_loop(tl) : 0;
    char len[32] = "";
    if (tl)
        lb_length_words(tl->duration_s, len, sizeof len);
    if (c->kind == LB_CARD_ROUTINE) {
        const LmRoutine *ro = &hc->lib->routines[c->index];
        snprintf(c->what, sizeof c->what, "%s%s%d exercise%s%s%s", c->user ? "Yours" : "Routine", DOT, ro->n_items,
                 ro->n_items == 1 ? "" : "s", tl ? DOT : "", len);
    } else {
        snprintf(c->what, sizeof c->what, "Exercise%s%s", tl ? DOT : "", len);
    }
}

static void fill_routine(LbHomeCards *hc, LbHomeCard *c)
{
    const LmLibrary *lib = hc->lib;
    const LmRoutine *ro = &lib->routines[c->index];
    snprintf(c->id, sizeof c->id, "%s", ro->id ? ro->id : "");
    snprintf(c->title, sizeof c->title, "%s", ro->title ? ro->title : c->id);
    LmFeel all[64];
    int n = 0;
    for (int i = 0; i < ro->n_items; i++) {
        int x = ro->items[i].exercise;
        if (x < 0 || x >= lib->n_exercises)
            continue;
        for (int k = 0; k < lib->exercises[x].n_feel && n < 64; k++)
            all[n++] = lib->exercises[x].feel[k];
    }
    feel_line(all, n, c->feel, sizeof c->feel);
    char src[LB_CARD_TEXT];
    lb_source_short(ro->source, src, sizeof src);
    if (src[0])
        snprintf(c->source, sizeof c->source, "From %.*s", (int)sizeof c->source - 6, src);
    refresh(hc, c);
}

static void fill_exercise(LbHomeCards *hc, LbHomeCard *c)
{
    const LmExercise *ex = &hc->lib->exercises[c->index];
    snprintf(c->id, sizeof c->id, "%s", ex->id ? ex->id : "");
    snprintf(c->title, sizeof c->title, "%s", ex->title ? ex->title : c->id);
    feel_line(ex->feel, ex->n_feel, c->feel, sizeof c->feel);
    char src[LB_CARD_TEXT];
    lb_source_short(ex->source, src, sizeof src);
    if (src[0])
        snprintf(c->source, sizeof c->source, "From %.*s", (int)sizeof c->source - 6, src);
    refresh(hc, c);
}

static void free_tls(LbHomeCards *hc)
{
    for (int i = 0; i < hc->n_tls; i++)
        lm_timeline_free(hc->tls[i]);
    free(hc->tls);
    hc->tls = NULL;
    hc->n_tls = 0;
}

bool lb_home_cards_build(LbHomeCards *hc, const LmLibrary *lib, LmLevel level, double hold_s)
{
    LbHomeCard keep;
    bool had_continue = hc->has_continue && hc->n > 0;
    if (had_continue)
        keep = hc->cards[0];
    free_tls(hc);
    hc->n = 0;
    hc->has_continue = false;
    hc->lib = lib;
    hc->level = level;
    hc->hold_s = hold_s;
    hc->n_tls = (lib->n_exercises + lib->n_routines) * LM_LEVEL_COUNT;
    hc->tls = calloc((size_t)(hc->n_tls ? hc->n_tls : 1), sizeof *hc->tls);
    if (!hc->tls) {
        hc->n_tls = 0;
        return false;
    }
    if (had_continue) {
        LbHomeCard *c = add_card(hc, LB_CARD_CONTINUE, -1);
        if (!c)
            return false;
        *c = keep;
        hc->has_continue = true;
    }
    /* shipped routines, then the user's own */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < lib->n_routines; i++) {
            bool user = routine_is_users(lib, i);
            if (user != (pass == 1))
                continue;
            LbHomeCard *c = add_card(hc, LB_CARD_ROUTINE, i);
            if (!c)
                return false;
            c->user = user;
            fill_routine(hc, c);
        }
    const LmBroken *broken = lib->broken;
    for (int i = 0; i < lib->n_broken; i++) {
        LbHomeCard *c = add_card(hc, LB_CARD_BROKEN, -1);
        if (!c)
            return false;
        snprintf(c->id, sizeof c->id, "%s", broken[i].id ? broken[i].id : "");
        snprintf(c->title, sizeof c->title, "%s", c->id);
        snprintf(c->what, sizeof c->what, "%s that cannot be loaded", broken[i].routine ? "A routine" : "An exercise");
        snprintf(c->message, sizeof c->message, "%s", broken[i].message ? broken[i].message : "");
    }
    LbHomeCard *nw = add_card(hc, LB_CARD_NEW, -1);
    if (!nw)
        return false;
    snprintf(nw->title, sizeof nw->title, "New routine");
    snprintf(nw->what, sizeof nw->what, "Build your own");
    snprintf(nw->feel, sizeof nw->feel, "Pick exercises, holds, rests");
    for (int i = 0; i < lib->n_exercises; i++) {
        if (exercise_is_users(lib, i))
            continue; /* a user's exercise plays in their routines */
        LbHomeCard *c = add_card(hc, LB_CARD_EXERCISE, i);
        if (!c)
            return false;
        fill_exercise(hc, c);
    }
    return true;
}

void lb_home_cards_set_level(LbHomeCards *hc, LmLevel level)
{
    hc->level = level;
    for (int i = 0; i < hc->n; i++)
        refresh(hc, &hc->cards[i]);
}

bool lb_home_cards_compile(LbHomeCards *hc, double budget_s)
{
    Uint64 t0 = SDL_GetPerformanceCounter();
    double freq = (double)SDL_GetPerformanceFrequency();
    bool all = true;
    int done = 0;
    for (int i = 0; i < hc->n; i++) {
        LbHomeCard *c = &hc->cards[i];
        int e = entry_of(hc, c);
        if (e < 0 || c->tl)
            continue;
        if (done > 0 && (double)(SDL_GetPerformanceCounter() - t0) / freq >= budget_s) {
            all = false;
            break;
        }
        LmCompileOpts co = {.level = hc->level, .hold_s = hc->hold_s};
        LmErrors err = {0};
        LmTimeline *tl = c->kind == LB_CARD_EXERCISE ? lm_timeline_compile_exercise(hc->lib, c->index, &co, &err)
                                                     : lm_timeline_compile_routine(hc->lib, c->index, &co, &err);
        lm_err_clear(&err);
        done++;
        if (!tl) {
            c->seconds = 0; /* known not to compile: no length, no preview */
            continue;
        }
        hc->tls[e * LM_LEVEL_COUNT + hc->level] = tl;
        refresh(hc, c);
    }
    return all;
}

void lb_home_cards_set_continue(LbHomeCards *hc, const LmTimeline *tl, double t_s, const char *id, bool routine)
{
    if (hc->has_continue) {
        memmove(hc->cards, hc->cards + 1, (size_t)(hc->n - 1) * sizeof *hc->cards);
        hc->n--;
        hc->has_continue = false;
    }
    if (!tl)
        return;
    if (!add_card(hc, LB_CARD_CONTINUE, -1))
        return;
    LbHomeCard c = hc->cards[hc->n - 1];
    memmove(hc->cards + 1, hc->cards, (size_t)(hc->n - 1) * sizeof *hc->cards);
    hc->cards[0] = c;
    hc->has_continue = true;
    LbHomeCard *k = &hc->cards[0];
    k->index = routine ? lm_lib_find_routine(hc->lib, id) : lm_lib_find_exercise(hc->lib, id);
    snprintf(k->id, sizeof k->id, "%s", id ? id : "");
    snprintf(k->title, sizeof k->title, "Continue: %s", tl->title ? tl->title : k->id);
    char at[32], of[32];
    lb_length_words(t_s, at, sizeof at);
    lb_length_words(tl->duration_s, of, sizeof of);
    /* "3:12 min" reads as a length; a place in a session is "at 3:12" */
    char *sp = strchr(at, ' ');
    if (sp && t_s >= 60)
        *sp = 0;
    snprintf(k->what, sizeof k->what, "Left at %s of %s", at, of);
    int item = lm_timeline_item_at(tl, t_s);
    if (tl->is_routine && item >= 0 && item < tl->n_items && tl->items[item].title)
        snprintf(k->feel, sizeof k->feel, "In %s (%d of %d)", tl->items[item].title, item + 1, tl->n_items);
    snprintf(k->source, sizeof k->source, "At the %s level", lm_level_name(tl->level));
    k->tl = tl;
    k->still_s = t_s;
    k->seconds = tl->duration_s;
}

void lb_home_cards_free(LbHomeCards *hc)
{
    free_tls(hc);
    free(hc->cards);
    memset(hc, 0, sizeof *hc);
}

/* ---- previews ----------------------------------------------------------- */

#define PREVIEW_DWELL_S 1.4    /* held on each key pose */
#define PREVIEW_MOVE_MAX_S 2.0 /* a longer motion is played faster */

/* Whether segment s is one the preview plays: a motion on the first side
 * of its exercise, in its first repetition. */
static bool preview_seg(const LmTimeline *tl, int s, int *first_side)
{
    const LmSegment *g = &tl->segs[s];
    if (s == 0 || tl->segs[s - 1].item != g->item)
        *first_side = 0;
    if (g->side && !*first_side)
        *first_side = g->side;
    return g->kind == LM_SEG_MOVE && g->rep <= 1 && (g->side == 0 || g->side == *first_side);
}

static double move_len(const LmSegment *g)
{
    double d = g->t1_s - g->t0_s;
    return d < PREVIEW_MOVE_MAX_S ? d : PREVIEW_MOVE_MAX_S;
}

/* The length of a preview's loop through tl's key poses (0: none). */
static double preview_loop(const LmTimeline *tl)
{
    double sum = 0;
    int side = 0;
    for (int s = 0; s < tl->n_segs; s++)
        if (preview_seg(tl, s, &side))
            sum += move_len(&tl->segs[s]) + PREVIEW_DWELL_S;
    return sum;
}

double lb_home_preview_t(const LbHomeCard *c, double wall_s)
{
    const LmTimeline *tl = c->tl;
    if (!tl || tl->n_segs == 0)
        return 0;
    if (c->kind == LB_CARD_CONTINUE)
        return c->still_s;
    if (c->loop_s <= 0) /* no motion to show: its first pose */
        return tl->n_items ? tl->items[0].start_s : 0;
    double u = fmod(wall_s > 0 ? wall_s : 0, c->loop_s);
    int side = 0;
    for (int s = 0; s < tl->n_segs; s++) {
        if (!preview_seg(tl, s, &side))
            continue;
        const LmSegment *g = &tl->segs[s];
        double d = move_len(g);
        if (u < d) {
            /* (the motion's own easing, from the timeline) */
            return g->t0_s + (g->t1_s - g->t0_s) * (u / d);
        }
        u -= d;
        if (u < PREVIEW_DWELL_S)
            return g->t1_s;
        u -= PREVIEW_DWELL_S;
    }
    return tl->items[0].start_s;
}
