/* lm_timeline: compiling a routine or exercise at a level into absolute
 * keys, segments and events, and sampling it at any real time t.
 *
 * Sampling is a pure function of t: find the item, the segment and the key
 * pair by binary search, interpolate the angles with the key's easing and
 * the root by slerp, run kinematics, solve reach constraints, rest the
 * lowest point on the floor, and hold the anchor still. Nothing depends on
 * the previous frame, so dropped frames and seeks never skew anything. */
#include "lm_timeline.h"

#include "lm_timeline_int.h"

#include <cjson/cJSON.h>
#include <float.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAFETY_S 12.0
#define SWITCH_S 4.0
#define END_S 4.0
#define FIRST_LEAD_S 5.0
#define SINGLE_LEAD_S 3.0
#define CUE_GAP_S 0.2
#define TONE_S 0.5 /* the hold-end and side tones: speech waits for them */

static const char *const seg_names[] = {"safety", "rest", "move", "hold", "switch", "end"};
const char *lm_seg_kind_name(LmSegKind k) { return k >= 0 && k <= LM_SEG_END ? seg_names[k] : "?"; }
static const char *const ev_names[LM_EV_COUNT] = {"exercise_start", "step", "cue",  "beep", "hold_start",
                                                  "hold_end",       "side", "rest", "end"};
const char *lm_event_name(LmEventType t) { return t >= 0 && t < LM_EV_COUNT ? ev_names[t] : "?"; }

/* ---- building --------------------------------------------------------- */

typedef struct {
    LmTimeline *tl;
    const LmLibrary *lib;
    LmErrors *err;
    bool oom;
    bool too_long; /* past LM_TIMELINE_MAX_KEYS (oom is set too, to stop) */
    int cap_keys, cap_segs, cap_events, cap_items;
    double t;
    int item;
    int side;                    /* 0, 1 left, 2 right */
    const char *caption;         /* last caption, kept when a move has none */
    LmReach reach[LM_MAX_REACH]; /* reach set in force (authored side) */
    int n_reach;
    double last_cue_end;
    double tone_end; /* a tone plays until then; a cue starts after it */
    const LmExercise *ex;
    double hold_s;
    int reps;
} Build;

static void *grow(Build *b, void *p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return p;
    int nc = *cap ? *cap * 2 : 64;
    while (nc < need)
        nc *= 2;
    void *q = realloc(p, (size_t)nc * size);
    if (!q) {
        b->oom = true;
        return p;
    }
    *cap = nc;
    return q;
}

static const char *own(Build *b, char *s)
{
    LmTimeline *tl = b->tl;
    if (!s) {
        b->oom = true;
        return "";
    }
    tl->strings = grow(b, tl->strings, &tl->cap_strings, tl->n_strings + 1, sizeof *tl->strings);
    if (b->oom) {
        free(s);
        return "";
    }
    tl->strings[tl->n_strings++] = s;
    return s;
}

/* Resolve {side} and {other} for the side being compiled. */
static const char *resolve(Build *b, const char *text)
{
    if (!text)
        return NULL;
    const char *side = b->side == 2 ? "right" : "left", *other = b->side == 2 ? "left" : "right";
    size_t cap = strlen(text) * 2 + 16;
    char *out = malloc(cap);
    if (!out)
        return own(b, NULL);
    size_t o = 0;
    for (const char *p = text; *p && o + 8 < cap;) {
        if (strncmp(p, "{side}", 6) == 0) {
            o += (size_t)snprintf(out + o, cap - o, "%s", side);
            p += 6;
        } else if (strncmp(p, "{other}", 7) == 0) {
            o += (size_t)snprintf(out + o, cap - o, "%s", other);
            p += 7;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    return own(b, out);
}

static LmEvent *add_event(Build *b, double t, LmEventType type, const char *text, int arg)
{
    LmTimeline *tl = b->tl;
    tl->events = grow(b, tl->events, &b->cap_events, tl->n_events + 1, sizeof *tl->events);
    if (b->oom)
        return NULL;
    LmEvent *e = &tl->events[tl->n_events++];
    *e = (LmEvent){t, type, text, NULL, arg, tl->n_segs - 1};
    if (type == LM_EV_HOLD_END || type == LM_EV_SIDE)
        b->tone_end = fmax(b->tone_end, t + TONE_S);
    return e;
}

static void warn(Build *b, char *msg)
{
    LmTimeline *tl = b->tl;
    const char *s = own(b, msg);
    tl->warnings = grow(b, tl->warnings, &tl->cap_warnings, tl->n_warnings + 1, sizeof *tl->warnings);
    if (!b->oom)
        tl->warnings[tl->n_warnings++] = s;
}

/* Seconds from now until the cue `text` could start (the voice before it
 * may still be speaking) plus its clip's length: how long a step must last
 * for its words to fit. 0 without a clip. */
static double cue_need(const Build *b, const char *text, double *delay)
{
    const LmClip *clip = text ? lm_lib_find_clip(b->lib, text) : NULL;
    *delay = fmax(0.0, fmax(b->last_cue_end + CUE_GAP_S, b->tone_end) - b->t);
    return clip ? *delay + clip->duration_s + CUE_GAP_S : 0.0;
}

/* A spoken cue: at the step's start, or once the cue before it has finished
 * speaking, so two cues never talk over each other. */
static void add_cue(Build *b, double t0, double t1, const char *text)
{
    if (!text || !*text)
        return;
    const LmClip *clip = lm_lib_find_clip(b->lib, text);
    double t = t0;
    if (clip && b->tone_end > t)
        t = b->tone_end; /* not over a tone: expected, no warning */
    if (clip && b->last_cue_end + CUE_GAP_S > t) {
        t = b->last_cue_end + CUE_GAP_S;
        if (t - t0 >= 0.1) /* (a wait too short to hear is no news) */
            warn(b, lm_strfmt("%s: at %.1f s \"%s\" waits %.1f s for the cue before it to finish", b->ex->id, t0, text,
                              t - t0));
    }
    if (clip && t + clip->duration_s > t1 + 1e-6)
        warn(b, lm_strfmt("%s: at %.1f s \"%s\" (%.1f s of speech) runs %.1f s past its step", b->ex->id, t0, text,
                          clip->duration_s, t + clip->duration_s - t1));
    if (!clip)
        warn(b, lm_strfmt("%s: at %.1f s \"%s\" has no voice clip yet: a chime stands in, and its step is timed "
                          "without speech until tools/make-voice.sh makes the clip",
                          b->ex->id, t0, text));
    LmEvent *e = add_event(b, t, LM_EV_CUE, text, 0);
    if (e && clip)
        e->clip = clip->file;
    b->last_cue_end = t + (clip ? clip->duration_s : 0.0);
}

static int add_seg(Build *b, LmSegKind kind, double dur, const char *text, int rep, int reps, LmBreath breath)
{
    LmTimeline *tl = b->tl;
    tl->segs = grow(b, tl->segs, &b->cap_segs, tl->n_segs + 1, sizeof *tl->segs);
    if (b->oom)
        return -1;
    LmSegment *s = &tl->segs[tl->n_segs++];
    *s = (LmSegment){
        b->t,    b->t + dur, kind, b->item, text ? text : "",
        b->side, rep,        reps, breath,  kind == LM_SEG_HOLD || kind == LM_SEG_SAFETY || kind == LM_SEG_REST};
    add_event(b, b->t, LM_EV_STEP, s->text, 0);
    return tl->n_segs - 1;
}

static void mirror_reach(const LmReach *in, LmReach *out)
{
    *out = *in;
    out->effector = lm_joint_mirror(in->effector);
    out->target = lm_point_mirror(in->target);
    out->offset.x = -in->offset.x;
}

static void add_key(Build *b, const LmPose *pose, LmEase ease, int anchor)
{
    LmTimeline *tl = b->tl;
    if (tl->n_keys >= LM_TIMELINE_MAX_KEYS) {
        b->too_long = b->oom = true;
        return;
    }
    tl->keys = grow(b, tl->keys, &b->cap_keys, tl->n_keys + 1, sizeof *tl->keys);
    if (b->oom)
        return;
    LmKey *k = &tl->keys[tl->n_keys++];
    memset(k, 0, sizeof *k);
    k->t_s = b->t;
    k->ease = ease;
    k->anchor = anchor;
    if (b->side == 2) {
        lm_pose_mirror(pose, &k->pose);
        if (anchor >= 0)
            k->anchor = lm_point_mirror(anchor);
        for (int i = 0; i < b->n_reach; i++)
            mirror_reach(&b->reach[i], &k->reach[i]);
    } else {
        k->pose = *pose;
        memcpy(k->reach, b->reach, sizeof k->reach);
    }
    k->n_reach = b->n_reach;
}

static const LmPose *last_pose(Build *b) { return &b->tl->keys[b->tl->n_keys - 1].pose; }

static double moves_duration(Build *b, const LmMove *m, int n);

static double move_duration(Build *b, const LmMove *m)
{
    switch (m->kind) {
    case LM_MOVE_MOTION: {
        /* Without the cue-gap state: the clip length alone, as a lower bound. */
        const LmClip *clip = m->cue ? lm_lib_find_clip(b->lib, m->cue) : NULL;
        return fmax(m->move_s, clip ? clip->duration_s + CUE_GAP_S : 0.0);
    }
    case LM_MOVE_HOLD: return m->hold_level ? b->hold_s : m->hold_s;
    case LM_MOVE_REPEAT:
    default: {
        double one = moves_duration(b, m->moves, m->n_moves);
        int n = m->repeat_kind == LM_REPEAT_COUNT  ? m->repeat_count
                : m->repeat_kind == LM_REPEAT_REPS ? b->reps
                                                   : (int)fmax(1.0, floor(b->hold_s / fmax(one, 0.1) + 0.5));
        return one * n;
    }
    }
}

static double moves_duration(Build *b, const LmMove *m, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += move_duration(b, &m[i]);
    return s;
}

static void compile_moves(Build *b, const LmMove *moves, int n, int rep, int reps);

static void compile_move(Build *b, const LmMove *m, int rep, int reps)
{
    const char *cue = resolve(b, m->cue);
    const char *caption = cue ? cue : b->caption;
    switch (m->kind) {
    case LM_MOVE_MOTION: {
        /* A motion lasts at least as long as its words: the voice never
         * runs past the move it describes. */
        double delay, need = cue_need(b, cue, &delay), dur = fmax(m->move_s, need);
        LmSegment *prev = b->tl->n_segs ? &b->tl->segs[b->tl->n_segs - 1] : NULL;
        if (!cue && prev && prev->kind == LM_SEG_MOVE && prev->t1_s == b->t && prev->rep == rep &&
            prev->breath == m->breath && prev->item == b->item && prev->side == b->side) {
            /* No words of its own: the same step goes on (one step for a
             * motion authored as several keys). */
            prev->t1_s += dur;
        } else if (add_seg(b, LM_SEG_MOVE, dur, caption, rep, reps, m->breath) < 0) {
            return;
        }
        if (dur > m->move_s + 1e-9)
            warn(b, lm_strfmt("%s: at %.1f s the move \"%s\" is stretched from %.1f s to %.1f s to fit its cue",
                              b->ex->id, b->t, cue, m->move_s, dur));
        add_cue(b, b->t, b->t + dur, cue);
        if (m->has_reach) {
            memcpy(b->reach, m->reach, sizeof b->reach);
            b->n_reach = m->n_reach;
        }
        b->t += dur;
        add_key(b, &m->pose, m->ease, m->anchor);
        break;
    }
    case LM_MOVE_HOLD: {
        double h = m->hold_level ? b->hold_s : m->hold_s;
        int s = add_seg(b, LM_SEG_HOLD, h, caption, rep, reps, m->breath);
        if (s < 0)
            return;
        add_cue(b, b->t, b->t + h, cue);
        add_event(b, b->t, LM_EV_HOLD_START, NULL, 0);
        /* Count the last three seconds of holds long enough to need it. */
        if (h >= 6.0)
            for (int k = 3; k >= 1; k--)
                add_event(b, b->t + h - k, LM_EV_BEEP, NULL, k);
        b->t += h;
        add_event(b, b->t, LM_EV_HOLD_END, NULL, 0);
        /* A hold keeps the pose: the key repeats the last one, already
         * mirrored, so add it without mirroring again. */
        LmPose keep = *last_pose(b);
        int side = b->side;
        b->side = 0;
        LmReach saved[LM_MAX_REACH];
        memcpy(saved, b->reach, sizeof saved);
        memcpy(b->reach, b->tl->keys[b->tl->n_keys - 1].reach, sizeof b->reach);
        add_key(b, &keep, (LmEase){LM_EASE_LINEAR, {0, 0, 0, 0}}, -1);
        memcpy(b->reach, saved, sizeof saved);
        b->side = side;
        break;
    }
    case LM_MOVE_REPEAT: {
        int nrep = m->repeat_kind == LM_REPEAT_COUNT ? m->repeat_count : m->repeat_kind == LM_REPEAT_REPS ? b->reps : 0;
        if (m->repeat_kind == LM_REPEAT_HOLD) {
            double one = moves_duration(b, m->moves, m->n_moves);
            nrep = (int)fmax(1.0, floor(b->hold_s / fmax(one, 0.1) + 0.5));
        }
        if (nrep < 1)
            nrep = 1;
        if (cue) {
            /* Said once as the block begins; its moves' own words follow. */
            b->caption = cue;
            add_cue(b, b->t, b->t + moves_duration(b, m->moves, m->n_moves), cue);
        }
        for (int r = 0; r < nrep && !b->oom; r++)
            compile_moves(b, m->moves, m->n_moves, r + 1, nrep);
        return;
    }
    }
    b->caption = caption;
}

static void compile_moves(Build *b, const LmMove *moves, int n, int rep, int reps)
{
    for (int i = 0; i < n && !b->oom; i++)
        compile_move(b, &moves[i], rep, reps);
}

/* The hold an item uses at a level: the routine's choice, the user's
 * override, or the middle of the exercise's range rounded down to 5 s. */
static double choose_hold(const LmExercise *e, const LmRoutineItem *ri, const LmCompileOpts *o)
{
    LmLevel l = o->level;
    if (o->hold_s > 0)
        return lm_clamp(o->hold_s, 5.0, 300.0);
    if (ri && ri->hold_s[l] > 0)
        return ri->hold_s[l];
    double lo = e->hold_min_s[l], hi = e->hold_max_s[l];
    if (hi <= 0)
        return 0;
    double mid = floor((lo + hi) / 2.0 / 5.0) * 5.0;
    return lm_clamp(mid, lo, hi);
}

static void compile_item(Build *b, int ex_index, const LmRoutineItem *ri, const LmCompileOpts *o, int index,
                         bool routine, double rest_s)
{
    const LmLibrary *lib = b->lib;
    const LmExercise *e = &lib->exercises[ex_index];
    LmTimeline *tl = b->tl;
    tl->items = grow(b, tl->items, &b->cap_items, tl->n_items + 1, sizeof *tl->items);
    if (b->oom)
        return;
    LmItem *it = &tl->items[tl->n_items++];
    memset(it, 0, sizeof *it);
    b->item = index;
    b->ex = e;
    b->side = 0;
    b->n_reach = 0;
    b->caption = NULL;
    b->hold_s = choose_hold(e, ri, o);
    b->reps = e->reps[o->level];
    it->exercise = ex_index;
    it->id = e->id;
    it->title = e->title;
    it->t0_s = b->t;
    it->hold_s = b->hold_s;
    it->reps = b->reps;
    it->cam_yaw_deg = e->cam_yaw_deg;
    it->cam_pitch_deg = e->cam_pitch_deg;
    it->props = e->props;
    it->sided = e->sided;
    it->first_right = e->first_right;
    memcpy(it->feel, e->feel, sizeof it->feel);
    it->n_feel = e->n_feel;
    it->inset = e->inset;
    it->key0 = tl->n_keys;
    /* The lead-in shows the start pose. */
    add_key(b, &e->start, (LmEase){LM_EASE_STEP, {0, 0, 0, 0}}, -1);
    if (routine && index == 0 && !o->no_safety && lib->safety_title) {
        add_seg(b, LM_SEG_SAFETY, SAFETY_S, lib->safety_title, 0, 0, LM_BREATH_NONE);
        add_cue(b, b->t, b->t + SAFETY_S, lib->safety_cue);
        b->t += SAFETY_S;
    }
    double lead = routine ? (index == 0 ? FIRST_LEAD_S : rest_s) : SINGLE_LEAD_S;
    if (lead > 0) {
        const char *text = own(b, lm_strfmt("%s: %s", index == 0 ? "First up" : "Next up", e->title));
        add_seg(b, LM_SEG_REST, lead, text, 0, 0, LM_BREATH_NONE);
        add_event(b, b->t, LM_EV_REST, text, index);
        add_cue(b, b->t, b->t + lead, text);
        b->t += lead;
        add_key(b, &e->start, (LmEase){LM_EASE_STEP, {0, 0, 0, 0}}, -1);
    }
    it->start_s = b->t;
    add_event(b, b->t, LM_EV_EXERCISE_START, e->title, index);
    compile_moves(b, e->setup.moves, e->setup.n, 0, 0);
    LmPose side_start = *last_pose(b);
    int sides = e->sided ? 2 : 1;
    for (int s = 0; s < sides && !b->oom; s++) {
        /* Moves are authored for the left side; side 2 is their mirror. */
        b->side = !e->sided ? 0 : (e->first_right ? 2 - s : s + 1);
        if (s == 1) {
            const char *sw = resolve(b, e->switch_cue ? e->switch_cue : "Switch to the {side} side");
            add_seg(b, LM_SEG_SWITCH, SWITCH_S, sw, 0, 0, LM_BREATH_NONE);
            /* The switch tone first, then the words. */
            add_event(b, b->t, LM_EV_SIDE, NULL, b->side);
            add_cue(b, b->t, b->t + SWITCH_S, sw);
            b->t += SWITCH_S;
            b->n_reach = 0;
            add_key(b, &side_start, (LmEase){LM_EASE_SMOOTH, {0, 0, 0, 0}}, -1);
        }
        if (e->sided && s == 0)
            add_event(b, b->t, LM_EV_SIDE, NULL, b->side);
        compile_moves(b, e->per_side.moves, e->per_side.n, 0, 0);
    }
    b->side = 0;
    compile_moves(b, e->finish.moves, e->finish.n, 0, 0);
    it->t1_s = b->t;
    it->nkeys = tl->n_keys - it->key0;
}

/* Order events by time; events at the same instant keep the order they
 * were made in (a segment's step before its cue, a hold's end before the
 * next step). qsort is not stable, so insertion sort: events are made
 * almost in time order (only beeps and delayed cues land out of place),
 * so this is close to linear. */
static void sort_events(LmEvent *ev, int n)
{
    for (int i = 1; i < n; i++) {
        LmEvent x = ev[i];
        int j = i;
        while (j > 0 && ev[j - 1].t_s > x.t_s) {
            ev[j] = ev[j - 1];
            j--;
        }
        ev[j] = x;
    }
}

static LmTimeline *compile(const LmLibrary *lib, int routine, int exercise, const LmCompileOpts *o, LmErrors *err)
{
    LmTimeline *tl = calloc(1, sizeof *tl);
    if (!tl) {
        lm_err_add(err, "timeline", NULL, "out of memory");
        return NULL;
    }
    Build b = {0};
    b.tl = tl;
    b.lib = lib;
    b.err = err;
    b.last_cue_end = -1e9;
    b.tone_end = -1e9;
    tl->skel = &lib->skel;
    tl->level = o->level;
    tl->card_title = lib->safety_title;
    tl->card_lines = lib->safety_lines;
    tl->n_card_lines = lib->n_safety_lines;
    if (routine >= 0) {
        const LmRoutine *r = &lib->routines[routine];
        tl->id = lm_strdup(r->id);
        tl->title = lm_strdup(r->title);
        tl->is_routine = true;
        double rest = o->rest_s > 0 ? o->rest_s : r->rest_s;
        LmCompileOpts oo = *o;
        if (!r->safety)
            oo.no_safety = true;
        for (int i = 0; i < r->n_items && !b.oom; i++)
            compile_item(&b, r->items[i].exercise, &r->items[i], &oo, i, true, rest);
    } else {
        const LmExercise *e = &lib->exercises[exercise];
        tl->id = lm_strdup(e->id);
        tl->title = lm_strdup(e->title);
        compile_item(&b, exercise, NULL, o, 0, false, 0);
    }
    /* The end is said and shown, so a class knows the session is over; the
     * figure rests in its last pose meanwhile. */
    if (!b.oom && tl->n_items > 0) {
        tl->end_text =
            tl->is_routine ? "Well done, that is the whole routine" : "Well done, that is the end of this stretch";
        b.item = tl->n_items - 1;
        b.side = 0;
        double delay, need = cue_need(&b, tl->end_text, &delay), dur = fmax(END_S, need);
        add_seg(&b, LM_SEG_END, dur, tl->end_text, 0, 0, LM_BREATH_NONE);
        add_cue(&b, b.t, b.t + dur, tl->end_text);
        b.t += dur;
        tl->items[tl->n_items - 1].t1_s = b.t; /* items tile the whole timeline */
    }
    tl->duration_s = b.t;
    add_event(&b, b.t, LM_EV_END, NULL, 0);
    if (b.too_long) {
        lm_err_add(err, b.ex && b.ex->path ? b.ex->path : tl->id, NULL,
                   "the moves expand to more than %d keyframes (repeats inside repeats?); shorten them",
                   LM_TIMELINE_MAX_KEYS);
        lm_timeline_free(tl);
        return NULL;
    }
    if (b.oom || !tl->id || !tl->title || tl->n_keys == 0) {
        lm_err_add(err, tl->id ? tl->id : "timeline", NULL, "out of memory while compiling");
        lm_timeline_free(tl);
        return NULL;
    }
    sort_events(tl->events, tl->n_events);
    for (int i = 0; i < tl->n_items; i++)
        lm_tl_finish_item(tl, &tl->items[i]);
    return tl;
}

LmTimeline *lm_timeline_compile_routine(const LmLibrary *lib, int routine, const LmCompileOpts *o, LmErrors *err)
{
    if (routine < 0 || routine >= lib->n_routines || lib->routines[routine].n_items == 0) {
        lm_err_add(err, "timeline", NULL, "no such routine");
        return NULL;
    }
    return compile(lib, routine, -1, o, err);
}

LmTimeline *lm_timeline_compile_exercise(const LmLibrary *lib, int exercise, const LmCompileOpts *o, LmErrors *err)
{
    if (exercise < 0 || exercise >= lib->n_exercises) {
        lm_err_add(err, "timeline", NULL, "no such exercise");
        return NULL;
    }
    return compile(lib, -1, exercise, o, err);
}

void lm_timeline_free(LmTimeline *tl)
{
    if (!tl)
        return;
    for (int i = 0; i < tl->n_strings; i++)
        free(tl->strings[i]);
    free(tl->strings);
    free(tl->warnings);
    free(tl->id);
    free(tl->title);
    free(tl->items);
    free(tl->keys);
    free(tl->segs);
    free(tl->events);
    free(tl);
}

/* ---- sampling --------------------------------------------------------- */

/* Index of the last record in [lo, hi] whose time (a double `off` bytes
 * into each record, records `stride` bytes apart) is <= t; lo when none.
 * Items, segments and keys are all sorted by start time. */
int lm_tl_last_at_or_before(const void *base, size_t stride, size_t off, int lo, int hi, double t)
{
    const unsigned char *b = base;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        double tm;
        memcpy(&tm, b + (size_t)mid * stride + off, sizeof tm);
        if (tm <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

int lm_timeline_item_at(const LmTimeline *tl, double t)
{
    return lm_tl_last_at_or_before(tl->items, sizeof *tl->items, offsetof(LmItem, t0_s), 0, tl->n_items - 1, t);
}

int lm_timeline_seg_at(const LmTimeline *tl, double t)
{
    if (tl->n_segs == 0)
        return -1;
    return lm_tl_last_at_or_before(tl->segs, sizeof *tl->segs, offsetof(LmSegment, t0_s), 0, tl->n_segs - 1, t);
}

void lm_timeline_state(const LmTimeline *tl, double t, LmOverlayState *st)
{
    memset(st, 0, sizeof *st);
    t = lm_clamp(t, 0.0, tl->duration_s);
    int i = lm_timeline_item_at(tl, t);
    int s = lm_timeline_seg_at(tl, t);
    const LmItem *it = &tl->items[i];
    st->item = i;
    st->n_items = tl->n_items;
    st->seg = s;
    st->title = it->title;
    st->routine_elapsed_s = t;
    st->routine_total_s = tl->duration_s;
    st->finished = t >= tl->duration_s;
    st->next_item = -1;
    if (s >= 0) {
        const LmSegment *sg = &tl->segs[s];
        double len = sg->t1_s - sg->t0_s;
        st->kind = sg->kind;
        st->caption = sg->text;
        st->side = sg->side;
        st->rep = sg->rep;
        st->reps = sg->reps;
        st->breath = sg->breath;
        st->countdown = sg->countdown;
        st->remaining_s = fmax(0.0, sg->t1_s - t);
        st->seg_progress = len > 0 ? lm_clamp((t - sg->t0_s) / len, 0.0, 1.0) : 1.0;
        st->breath_phase = sg->breath ? st->seg_progress : 0.0;
        st->lead_in = sg->kind == LM_SEG_SAFETY || (sg->kind == LM_SEG_REST && t < it->start_s);
        if (sg->kind == LM_SEG_SAFETY)
            st->next_item = i; /* the card comes before the first exercise */
        else if (i + 1 < tl->n_items)
            st->next_item = i + 1; /* a lead-in already shows its own exercise */
        if (sg->kind == LM_SEG_SAFETY) {
            st->card_title = tl->card_title;
            st->card_lines = (const char *const *)tl->card_lines;
            st->n_card_lines = tl->n_card_lines;
        }
    }
    if (st->next_item >= 0)
        st->next_title = tl->items[st->next_item].title;
    if (st->finished || st->kind == LM_SEG_END) {
        if (tl->title && *tl->title)
            st->title = tl->title; /* the whole session is what was done */
        st->caption = tl->end_text;
        st->countdown = false;
        st->side = 0;
        st->rep = st->reps = 0;
        st->breath = LM_BREATH_NONE;
        st->next_item = -1;
        st->next_title = NULL;
    }
    st->coming_item = st->lead_in ? st->item : st->next_item;
}

bool lm_timeline_step(const LmTimeline *tl, int seg, int *step, int *of)
{
    *step = *of = 0;
    if (!tl || seg < 0 || seg >= tl->n_segs || tl->segs[seg].kind == LM_SEG_SAFETY)
        return false;
    int item = tl->segs[seg].item;
    /* the safety card sits in the first exercise's time but is no step of it */
    for (int i = 0; i < tl->n_segs; i++)
        if (tl->segs[i].item == item && tl->segs[i].kind != LM_SEG_SAFETY) {
            *step += i <= seg;
            (*of)++;
        }
    return *step > 0;
}

/* ---- jumps ------------------------------------------------------------ */

double lm_timeline_next_step(const LmTimeline *tl, double t)
{
    for (int s = lm_timeline_seg_at(tl, t); s >= 0 && s < tl->n_segs; s++)
        if (tl->segs[s].t0_s > t + 1e-9)
            return tl->segs[s].t0_s;
    return tl->duration_s;
}

double lm_timeline_prev_step(const LmTimeline *tl, double t, double grace_s)
{
    int s = lm_timeline_seg_at(tl, t);
    if (s < 0)
        return 0.0;
    if (t - tl->segs[s].t0_s > grace_s || s == 0)
        return tl->segs[s].t0_s;
    return tl->segs[s - 1].t0_s;
}

double lm_timeline_next_item(const LmTimeline *tl, double t)
{
    int i = lm_timeline_item_at(tl, t);
    return i + 1 < tl->n_items ? tl->items[i + 1].t0_s : tl->duration_s;
}

double lm_timeline_prev_item(const LmTimeline *tl, double t, double grace_s)
{
    int i = lm_timeline_item_at(tl, t);
    if (t - tl->items[i].t0_s > grace_s || i == 0)
        return tl->items[i].t0_s;
    return tl->items[i - 1].t0_s;
}

/* ---- JSON ------------------------------------------------------------- */

char *lm_timeline_to_json(const LmTimeline *tl)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "id", tl->id);
    cJSON_AddStringToObject(root, "title", tl->title);
    cJSON_AddStringToObject(root, "level", lm_level_name(tl->level));
    cJSON_AddNumberToObject(root, "duration_s", round(tl->duration_s * 1000.0) / 1000.0);
    cJSON *items = cJSON_AddArrayToObject(root, "items");
    for (int i = 0; items && i < tl->n_items; i++) {
        const LmItem *it = &tl->items[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", it->id);
        cJSON_AddStringToObject(o, "title", it->title);
        cJSON_AddNumberToObject(o, "t0_s", round(it->t0_s * 1000.0) / 1000.0);
        cJSON_AddNumberToObject(o, "start_s", round(it->start_s * 1000.0) / 1000.0);
        cJSON_AddNumberToObject(o, "t1_s", round(it->t1_s * 1000.0) / 1000.0);
        cJSON_AddNumberToObject(o, "hold_s", round(it->hold_s * 1000.0) / 1000.0);
        cJSON_AddNumberToObject(o, "reps", it->reps);
        cJSON_AddBoolToObject(o, "sided", it->sided);
        cJSON_AddItemToArray(items, o);
    }
    cJSON *evs = cJSON_AddArrayToObject(root, "events");
    for (int i = 0; evs && i < tl->n_events; i++) {
        const LmEvent *e = &tl->events[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "t_s", round(e->t_s * 1000.0) / 1000.0);
        cJSON_AddStringToObject(o, "type", lm_event_name(e->type));
        if (e->text)
            cJSON_AddStringToObject(o, "text", e->text);
        if (e->clip)
            cJSON_AddStringToObject(o, "clip", e->clip);
        else if (e->type == LM_EV_CUE)
            cJSON_AddNullToObject(o, "clip");
        if (e->type == LM_EV_BEEP || e->type == LM_EV_SIDE || e->type == LM_EV_REST || e->type == LM_EV_EXERCISE_START)
            cJSON_AddNumberToObject(o, "arg", e->arg);
        cJSON_AddItemToArray(evs, o);
    }
    cJSON *segs = cJSON_AddArrayToObject(root, "segments");
    for (int i = 0; segs && i < tl->n_segs; i++) {
        const LmSegment *s = &tl->segs[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "t0_s", round(s->t0_s * 1000.0) / 1000.0);
        cJSON_AddNumberToObject(o, "t1_s", round(s->t1_s * 1000.0) / 1000.0);
        cJSON_AddStringToObject(o, "kind", lm_seg_kind_name(s->kind));
        cJSON_AddNumberToObject(o, "item", s->item);
        cJSON_AddStringToObject(o, "text", s->text);
        cJSON_AddStringToObject(o, "side", s->side == 1 ? "left" : s->side == 2 ? "right" : "none");
        if (s->reps) {
            cJSON_AddNumberToObject(o, "rep", s->rep);
            cJSON_AddNumberToObject(o, "reps", s->reps);
        }
        if (s->breath)
            cJSON_AddStringToObject(o, "breath", s->breath == LM_BREATH_IN ? "in" : "out");
        cJSON_AddItemToArray(segs, o);
    }
    char *s = cJSON_Print(root);
    cJSON_Delete(root);
    return s;
}
