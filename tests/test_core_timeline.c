/* test_core_timeline: the compiled timeline of every shipped exercise and
 * routine at both levels: event order and times, segment tiling, hold and
 * side structure, level holds, sampling purity, jump targets, the overlay
 * state and the --timeline JSON. Runs from the repository root. */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "lm_library.h"
#include "lm_playback.h"
#include "lm_timeline.h"
#include "lt.h"
#include "lt_lib.h"

static LmLibrary lib;

/* Every timeline the library can make: each exercise and each routine at
 * each level, and once more with the shortest hold the user can ask for
 * (short holds crowd the spoken cues). */
#define MAX_TL 256
static LmTimeline *tls[MAX_TL];
static bool tl_hold_override[MAX_TL];
static int n_tls;

static LmTimeline *compile_one(bool routine, int index, LmLevel level, double hold_s)
{
    LmErrors err = {0};
    LmCompileOpts o = {0};
    o.level = level;
    o.hold_s = hold_s;
    LmTimeline *tl = routine ? lm_timeline_compile_routine(&lib, index, &o, &err)
                             : lm_timeline_compile_exercise(&lib, index, &o, &err);
    for (int i = 0; i < err.count; i++)
        fprintf(stderr, "  %s\n", err.items[i]);
    lm_err_clear(&err);
    return tl;
}

static void compile_all(void)
{
    for (int l = 0; l < LM_LEVEL_COUNT; l++) {
        for (int i = 0; i < lib.n_exercises && n_tls < MAX_TL; i++)
            tls[n_tls++] = compile_one(false, i, (LmLevel)l, 0);
        for (int i = 0; i < lib.n_routines && n_tls < MAX_TL; i++)
            tls[n_tls++] = compile_one(true, i, (LmLevel)l, 0);
    }
    for (int i = 0; i < lib.n_exercises + lib.n_routines && n_tls < MAX_TL; i++) {
        tl_hold_override[n_tls] = true;
        tls[n_tls++] =
            compile_one(i >= lib.n_exercises, i < lib.n_exercises ? i : i - lib.n_exercises, LM_LEVEL_BEGINNER, 5.0);
    }
}

static int count_events(const LmTimeline *tl, LmEventType type, int seg)
{
    int n = 0;
    for (int i = 0; i < tl->n_events; i++)
        if (tl->events[i].type == type && (seg < 0 || tl->events[i].seg == seg))
            n++;
    return n;
}

/* The index of the first event of a type in a segment at time t, or -1. */
static int find_event(const LmTimeline *tl, LmEventType type, int seg, double t)
{
    for (int i = 0; i < tl->n_events; i++)
        if (tl->events[i].type == type && tl->events[i].seg == seg && tl->events[i].t_s == t)
            return i;
    return -1;
}

/* ---- loading and compiling -------------------------------------------- */

static void library_loads_and_every_timeline_compiles(void)
{
    LT_CHECK(lib.n_exercises > 0);
    LT_CHECK(n_tls == (LM_LEVEL_COUNT + 1) * (lib.n_exercises + lib.n_routines));
    for (int i = 0; i < n_tls; i++) {
        LT_CHECK_MSG(tls[i] != NULL, "timeline %d did not compile", i);
        if (tls[i]) {
            LT_CHECK(tls[i]->duration_s > 0);
            LT_CHECK(tls[i]->n_items >= 1 && tls[i]->n_segs >= 1 && tls[i]->n_events >= 1);
        }
    }
}

/* ---- events ----------------------------------------------------------- */

static void events_are_sorted_by_time_and_lie_in_their_segment(void)
{
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        for (int i = 0; i < tl->n_events; i++) {
            const LmEvent *e = &tl->events[i];
            LT_CHECK_MSG(e->seg >= 0 && e->seg < tl->n_segs, "%s: event %d seg %d", tl->id, i, e->seg);
            if (e->seg < 0 || e->seg >= tl->n_segs)
                continue;
            const LmSegment *s = &tl->segs[e->seg];
            LT_CHECK_MSG(e->t_s >= s->t0_s && e->t_s <= s->t1_s, "%s: event %d (%s) at %g outside its segment %g..%g",
                         tl->id, i, lm_event_name(e->type), e->t_s, s->t0_s, s->t1_s);
            if (i == 0)
                continue;
            const LmEvent *p = &tl->events[i - 1];
            LT_CHECK_MSG(p->t_s <= e->t_s, "%s: event %d at %g before event %d at %g", tl->id, i, e->t_s, i - 1,
                         p->t_s);
            /* Events at the same instant keep the order they were made in:
             * an earlier segment's first, and a step before its own cue. */
            if (p->t_s == e->t_s) {
                LT_CHECK_MSG(p->seg <= e->seg, "%s: at %g, %s of segment %d after %s of segment %d", tl->id, e->t_s,
                             lm_event_name(p->type), p->seg, lm_event_name(e->type), e->seg);
                LT_CHECK_MSG(!(e->type == LM_EV_STEP && p->seg == e->seg),
                             "%s: at %g, %s before the step of its own segment %d", tl->id, e->t_s,
                             lm_event_name(p->type), e->seg);
            }
        }
        /* The last event is the end, at the end. */
        const LmEvent *last = &tl->events[tl->n_events - 1];
        LT_CHECK(last->type == LM_EV_END && last->t_s == tl->duration_s);
        LT_CHECK(count_events(tl, LM_EV_END, -1) == 1);
    }
}

static void spoken_cues_never_overlap_and_motions_outlast_their_words(void)
{
    int spoken = 0;
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        double speaking_until = -1e9;
        for (int i = 0; i < tl->n_events; i++) {
            const LmEvent *e = &tl->events[i];
            if (e->type != LM_EV_CUE)
                continue;
            const LmClip *clip = lm_lib_find_clip(&lib, e->text);
            LT_CHECK((clip != NULL) == (e->clip != NULL));
            if (!clip)
                continue;
            spoken++;
            LT_CHECK_MSG(e->t_s >= speaking_until,
                         "%s: \"%s\" at %.2f s starts while the cue before speaks until %.2f s", tl->id, e->text,
                         e->t_s, speaking_until);
            speaking_until = e->t_s + clip->duration_s;
            const LmSegment *sg = &tl->segs[e->seg];
            /* A move lasts as long as its words, and so does the closing
             * step: the session does not end mid-sentence. */
            if (sg->kind == LM_SEG_MOVE || sg->kind == LM_SEG_END)
                LT_CHECK_MSG(speaking_until <= sg->t1_s + 1e-9,
                             "%s: \"%s\" speaks until %.2f s, past its step at %.2f s", tl->id, e->text, speaking_until,
                             sg->t1_s);
        }
    }
    /* Voice clips ship for the shipped cues. */
    if (lib.n_clips > 0)
        LT_CHECK(spoken > 0);
}

static void every_segment_starts_with_one_step_event_carrying_its_text(void)
{
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        LT_CHECK(count_events(tl, LM_EV_STEP, -1) == tl->n_segs);
        for (int s = 0; s < tl->n_segs; s++) {
            int e = find_event(tl, LM_EV_STEP, s, tl->segs[s].t0_s);
            LT_CHECK_MSG(e >= 0, "%s: segment %d has no step event at its start", tl->id, s);
            if (e >= 0)
                LT_CHECK(tl->events[e].text && strcmp(tl->events[e].text, tl->segs[s].text) == 0);
        }
    }
}

static void every_hold_has_start_beeps_and_end(void)
{
    int holds = 0, long_holds = 0;
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        int n_holds = 0;
        for (int s = 0; s < tl->n_segs; s++) {
            const LmSegment *sg = &tl->segs[s];
            int beeps = count_events(tl, LM_EV_BEEP, s);
            if (sg->kind != LM_SEG_HOLD) {
                LT_CHECK_MSG(beeps == 0 && count_events(tl, LM_EV_HOLD_START, s) == 0 &&
                                 count_events(tl, LM_EV_HOLD_END, s) == 0,
                             "%s: hold events in %s segment %d", tl->id, lm_seg_kind_name(sg->kind), s);
                continue;
            }
            n_holds++;
            holds++;
            LT_CHECK(sg->countdown);
            LT_CHECK_MSG(count_events(tl, LM_EV_HOLD_START, s) == 1 &&
                             find_event(tl, LM_EV_HOLD_START, s, sg->t0_s) >= 0,
                         "%s: hold segment %d at %g has no single hold_start at its start", tl->id, s, sg->t0_s);
            LT_CHECK_MSG(count_events(tl, LM_EV_HOLD_END, s) == 1 && find_event(tl, LM_EV_HOLD_END, s, sg->t1_s) >= 0,
                         "%s: hold segment %d ending %g has no single hold_end at its end", tl->id, s, sg->t1_s);
            double len = sg->t1_s - sg->t0_s;
            if (len >= 6.0) {
                long_holds++;
                LT_CHECK_MSG(beeps == 3, "%s: hold %d of %g s has %d beeps", tl->id, s, len, beeps);
                int prev = -1;
                for (int n = 3; n >= 1; n--) {
                    int e = -1;
                    for (int i = 0; i < tl->n_events; i++)
                        if (tl->events[i].type == LM_EV_BEEP && tl->events[i].seg == s && tl->events[i].arg == n)
                            e = i;
                    LT_CHECK_MSG(e >= 0, "%s: hold %d has no beep %d", tl->id, s, n);
                    if (e < 0)
                        continue;
                    LT_NEAR(tl->events[e].t_s, sg->t1_s - n, 1e-9);
                    LT_CHECK(e > prev); /* 3, 2, 1 in that order */
                    prev = e;
                }
            } else {
                LT_CHECK_MSG(beeps == 0, "%s: short hold %d of %g s has %d beeps", tl->id, s, len, beeps);
            }
        }
        LT_CHECK(count_events(tl, LM_EV_HOLD_START, -1) == n_holds);
        LT_CHECK(count_events(tl, LM_EV_HOLD_END, -1) == n_holds);
        LT_CHECK(count_events(tl, LM_EV_BEEP, -1) <= 3 * n_holds);
    }
    /* The shipped content has holds, and long ones. */
    LT_CHECK(holds > 0);
    LT_CHECK(long_holds > 0);
}

static void sided_exercises_announce_first_side_then_the_other(void)
{
    int sided = 0;
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        for (int i = 0; i < tl->n_items; i++) {
            const LmItem *it = &tl->items[i];
            int ev[4], n = 0;
            for (int e = 0; e < tl->n_events; e++) {
                const LmEvent *x = &tl->events[e];
                if (x->type == LM_EV_SIDE && x->t_s >= it->start_s && x->t_s <= it->t1_s && n < 4)
                    ev[n++] = e;
            }
            if (!it->sided) {
                LT_CHECK_MSG(n == 0, "%s: item %d (%s) is one-sided but has %d side events", tl->id, i, it->id, n);
                for (int s = 0; s < tl->n_segs; s++)
                    if (tl->segs[s].item == i)
                        LT_CHECK(tl->segs[s].side == 0);
                continue;
            }
            sided++;
            LT_CHECK_MSG(n == 2, "%s: item %d (%s) has %d side events", tl->id, i, it->id, n);
            if (n != 2)
                continue;
            /* Left first, unless the exercise says "first_side": "right". */
            int ex = lm_lib_find_exercise(&lib, it->id);
            LT_CHECK(ex >= 0);
            bool right_first = ex >= 0 && lib.exercises[ex].first_right;
            int first = right_first ? 2 : 1, second = 3 - first;
            LT_CHECK_MSG(tl->events[ev[0]].arg == first, "%s: %s starts on side %d", tl->id, it->id,
                         tl->events[ev[0]].arg);
            LT_CHECK(tl->events[ev[1]].arg == second);
            LT_CHECK(tl->events[ev[0]].t_s < tl->events[ev[1]].t_s);
            /* The segments follow: the first side's before the second's,
             * each between its side event and the next. */
            double first_at = tl->events[ev[0]].t_s, second_at = tl->events[ev[1]].t_s;
            int lefts = 0, rights = 0;
            for (int s = 0; s < tl->n_segs; s++) {
                const LmSegment *sg = &tl->segs[s];
                if (sg->item != i)
                    continue;
                if (sg->side == first) {
                    lefts++;
                    LT_CHECK(sg->t0_s >= first_at && sg->t1_s <= second_at);
                } else if (sg->side == second) {
                    rights++;
                    /* The switch segment leads into the second side. */
                    LT_CHECK(sg->t0_s >= second_at || sg->kind == LM_SEG_SWITCH);
                }
            }
            LT_CHECK(lefts > 0 && rights > 0);
        }
    }
    LT_CHECK(sided > 0);
}

static void every_item_starts_once_after_its_lead_in(void)
{
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        LT_CHECK(count_events(tl, LM_EV_EXERCISE_START, -1) == tl->n_items);
        /* Each lead-in (none when a routine rests 0 s) says what comes. */
        int rests = 0;
        for (int s = 0; s < tl->n_segs; s++) {
            if (tl->segs[s].kind != LM_SEG_REST)
                continue;
            rests++;
            int e = find_event(tl, LM_EV_REST, s, tl->segs[s].t0_s);
            LT_CHECK_MSG(e >= 0 && tl->events[e].arg == tl->segs[s].item,
                         "%s: rest at %.2f s does not announce its item", tl->id, tl->segs[s].t0_s);
        }
        LT_CHECK(count_events(tl, LM_EV_REST, -1) == rests);
        LT_CHECK(rests >= 1);
        for (int i = 0; i < tl->n_items; i++) {
            const LmItem *it = &tl->items[i];
            bool found = false;
            for (int e = 0; e < tl->n_events; e++)
                if (tl->events[e].type == LM_EV_EXERCISE_START && tl->events[e].arg == i)
                    found = tl->events[e].t_s == it->start_s;
            LT_CHECK_MSG(found, "%s: item %d starts at %g without its exercise_start", tl->id, i, it->start_s);
            LT_CHECK(it->t0_s <= it->start_s && it->start_s < it->t1_s);
        }
    }
}

/* ---- segments --------------------------------------------------------- */

static void segments_tile_the_timeline_and_every_one_has_text(void)
{
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        LT_CHECK(tl->segs[0].t0_s == 0.0);
        LT_CHECK(tl->segs[tl->n_segs - 1].t1_s == tl->duration_s);
        for (int s = 0; s < tl->n_segs; s++) {
            const LmSegment *sg = &tl->segs[s];
            LT_CHECK_MSG(sg->t1_s > sg->t0_s, "%s: segment %d is empty (%g..%g)", tl->id, s, sg->t0_s, sg->t1_s);
            if (s + 1 < tl->n_segs)
                LT_CHECK_MSG(sg->t1_s == tl->segs[s + 1].t0_s, "%s: gap or overlap after segment %d: %.17g vs %.17g",
                             tl->id, s, sg->t1_s, tl->segs[s + 1].t0_s);
            LT_CHECK_MSG(sg->text && *sg->text, "%s: segment %d (%s at %g) has no text", tl->id, s,
                         lm_seg_kind_name(sg->kind), sg->t0_s);
            if (sg->text) {
                LT_CHECK_MSG(!strchr(sg->text, '{'), "%s: unresolved placeholder in \"%s\"", tl->id, sg->text);
            }
            /* The segment lies inside its item. */
            LT_CHECK(sg->item >= 0 && sg->item < tl->n_items);
            if (sg->item >= 0 && sg->item < tl->n_items)
                LT_CHECK(sg->t0_s >= tl->items[sg->item].t0_s && sg->t1_s <= tl->items[sg->item].t1_s);
            LT_CHECK(sg->reps == 0 ? sg->rep == 0 : (sg->rep >= 1 && sg->rep <= sg->reps));
        }
        /* Items tile too. */
        LT_CHECK(tl->items[0].t0_s == 0.0);
        LT_CHECK(tl->items[tl->n_items - 1].t1_s == tl->duration_s);
        for (int i = 0; i + 1 < tl->n_items; i++)
            LT_CHECK(tl->items[i].t1_s == tl->items[i + 1].t0_s);
        for (int i = 0; i < tl->n_events; i++)
            if (tl->events[i].text)
                LT_CHECK_MSG(!strchr(tl->events[i].text, '{'), "%s: unresolved placeholder in \"%s\"", tl->id,
                             tl->events[i].text);
    }
}

static void repetitions_count_up_one_at_a_time(void)
{
    int repeated = 0;
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        int prev_rep = 0, prev_reps = 0;
        for (int s = 0; s < tl->n_segs; s++) {
            const LmSegment *sg = &tl->segs[s];
            if (sg->reps == 0) {
                /* A block ends on its last rep. */
                LT_CHECK_MSG(prev_rep == prev_reps, "%s: a repeated block stops at rep %d of %d at %.2f s", tl->id,
                             prev_rep, prev_reps, sg->t0_s);
                prev_rep = prev_reps = 0;
                continue;
            }
            repeated++;
            /* Same rep, the next one, or a new block from 1. */
            bool ok = (sg->reps == prev_reps && (sg->rep == prev_rep || sg->rep == prev_rep + 1)) ||
                      (sg->rep == 1 && prev_rep == prev_reps);
            LT_CHECK_MSG(ok, "%s: rep %d of %d after rep %d of %d at %.2f s", tl->id, sg->rep, sg->reps, prev_rep,
                         prev_reps, sg->t0_s);
            prev_rep = sg->rep;
            prev_reps = sg->reps;
        }
        LT_CHECK(prev_rep == prev_reps);
    }
    /* Any exercise with a repeat block shows reps on screen. */
    bool any = false;
    for (int i = 0; i < lib.n_exercises; i++) {
        const LmExercise *e = &lib.exercises[i];
        const LmMoveList *lists[3] = {&e->setup, &e->per_side, &e->finish};
        for (int l = 0; l < 3; l++)
            for (int m = 0; m < lists[l]->n; m++)
                any |= lists[l]->moves[m].kind == LM_MOVE_REPEAT;
    }
    if (any)
        LT_CHECK(repeated > 0);
}

/* ---- holds by level --------------------------------------------------- */

/* Every fixed hold length written in a move list. */
static bool is_fixed_hold(const LmMove *m, int n, double len)
{
    for (int i = 0; i < n; i++) {
        if (m[i].kind == LM_MOVE_HOLD && !m[i].hold_level && m[i].hold_s == len)
            return true;
        if (m[i].kind == LM_MOVE_REPEAT && is_fixed_hold(m[i].moves, m[i].n_moves, len))
            return true;
    }
    return false;
}

static bool exercise_has_fixed_hold(const LmExercise *e, double len)
{
    return is_fixed_hold(e->setup.moves, e->setup.n, len) || is_fixed_hold(e->per_side.moves, e->per_side.n, len) ||
           is_fixed_hold(e->finish.moves, e->finish.n, len);
}

static void chosen_holds_lie_within_the_exercise_range_per_level(void)
{
    int checked = 0;
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl || tl_hold_override[k])
            continue;
        for (int i = 0; i < tl->n_items; i++) {
            const LmItem *it = &tl->items[i];
            const LmExercise *e = &lib.exercises[it->exercise];
            LT_CHECK(strcmp(it->id, e->id) == 0);
            if (e->hold_max_s[tl->level] <= 0)
                continue;
            checked++;
            LT_CHECK_MSG(it->hold_s >= e->hold_min_s[tl->level] && it->hold_s <= e->hold_max_s[tl->level],
                         "%s: %s at %s holds %g s, outside %g..%g", tl->id, e->id, lm_level_name(tl->level), it->hold_s,
                         e->hold_min_s[tl->level], e->hold_max_s[tl->level]);
            /* Each hold segment is the level's hold or one written out. */
            for (int s = 0; s < tl->n_segs; s++) {
                const LmSegment *sg = &tl->segs[s];
                if (sg->item != i || sg->kind != LM_SEG_HOLD)
                    continue;
                double len = sg->t1_s - sg->t0_s;
                LT_CHECK_MSG(fabs(len - it->hold_s) < 1e-9 || exercise_has_fixed_hold(e, len),
                             "%s: hold segment %d of %g s is neither the level hold %g nor written out", tl->id, s, len,
                             it->hold_s);
            }
        }
    }
    LT_CHECK(checked > 0);
}

static bool has_level_hold(const LmMove *m, int n)
{
    for (int i = 0; i < n; i++)
        if ((m[i].kind == LM_MOVE_HOLD && m[i].hold_level) ||
            (m[i].kind == LM_MOVE_REPEAT && has_level_hold(m[i].moves, m[i].n_moves)))
            return true;
    return false;
}

/* The first exercise with a hold as long as the level's time (not just a
 * repeat that fills it). */
static int exercise_with_level_hold(void)
{
    for (int i = 0; i < lib.n_exercises; i++) {
        const LmExercise *e = &lib.exercises[i];
        if (has_level_hold(e->setup.moves, e->setup.n) || has_level_hold(e->per_side.moves, e->per_side.n) ||
            has_level_hold(e->finish.moves, e->finish.n))
            return i;
    }
    return -1;
}

static void hold_override_is_clamped_to_5_to_300(void)
{
    int ex = exercise_with_level_hold();
    LT_CHECK(ex >= 0);
    if (ex < 0)
        return;
    static const double asked[] = {1.0, 4.9, 5.0, 42.0, 300.0, 301.0, 10000.0};
    static const double want[] = {5.0, 5.0, 5.0, 42.0, 300.0, 300.0, 300.0};
    for (size_t n = 0; n < sizeof asked / sizeof asked[0]; n++) {
        LmTimeline *tl = compile_one(false, ex, LM_LEVEL_BEGINNER, asked[n]);
        LT_CHECK(tl != NULL);
        if (!tl)
            continue;
        LT_CHECK_MSG(tl->items[0].hold_s == want[n], "--hold %g gave %g", asked[n], tl->items[0].hold_s);
        /* and the level holds really are that long */
        int level_holds = 0;
        for (int s = 0; s < tl->n_segs; s++)
            if (tl->segs[s].kind == LM_SEG_HOLD && fabs(tl->segs[s].t1_s - tl->segs[s].t0_s - want[n]) < 1e-9)
                level_holds++;
        LT_CHECK_MSG(level_holds > 0, "--hold %g: no hold segment of %g s", asked[n], want[n]);
        lm_timeline_free(tl);
    }
    /* Same for a routine: the override wins over the routine's own holds. */
    for (int r = 0; r < lib.n_routines; r++) {
        LmTimeline *tl = compile_one(true, r, LM_LEVEL_ACTIVE, 1000.0);
        LT_CHECK(tl != NULL);
        for (int i = 0; tl && i < tl->n_items; i++)
            if (lib.exercises[tl->items[i].exercise].hold_max_s[LM_LEVEL_ACTIVE] > 0)
                LT_CHECK(tl->items[i].hold_s == 300.0);
        lm_timeline_free(tl);
    }
}

/* ---- sampling --------------------------------------------------------- */

/* A spread of times over a timeline: a fixed step plus every key and
 * segment boundary. */
static int sample_times(const LmTimeline *tl, double step, double *out, int max)
{
    int n = 0;
    for (double t = 0; t <= tl->duration_s && n < max; t += step)
        out[n++] = t;
    for (int k = 0; k < tl->n_keys && n < max; k++)
        out[n++] = tl->keys[k].t_s;
    for (int s = 0; s < tl->n_segs && n < max; s++)
        out[n++] = tl->segs[s].t0_s;
    if (n < max)
        out[n++] = tl->duration_s;
    return n;
}

static void sampling_is_pure_in_any_call_order(void)
{
    enum { MAXN = 4096 };
    static double ts[MAXN];
    static LmFrame fwd[MAXN];
    static LmOverlayState sfwd[MAXN];
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        int n = sample_times(tl, 0.37, ts, MAXN);
        for (int i = 0; i < n; i++) {
            lm_timeline_frame(tl, ts[i], &fwd[i]);
            lm_timeline_state(tl, ts[i], &sfwd[i]);
        }
        /* Backwards, then in a scrambled order with other calls between. */
        int bad = 0;
        for (int i = n - 1; i >= 0; i--) {
            LmFrame f;
            lm_timeline_frame(tl, ts[i], &f);
            bad += memcmp(&f, &fwd[i], sizeof f) != 0;
        }
        unsigned x = 12345u;
        for (int r = 0; r < n; r++) {
            x = x * 1103515245u + 12345u;
            int i = (int)((x >> 8) % (unsigned)n);
            LmFrame f, other;
            LmOverlayState st;
            LmPose pose;
            lm_timeline_frame(tl, ts[(i * 7 + 3) % n], &other);
            lm_timeline_pose(tl, ts[(i * 13 + 1) % n], &pose, NULL);
            lm_timeline_frame(tl, ts[i], &f);
            lm_timeline_state(tl, ts[i], &st);
            bad += memcmp(&f, &fwd[i], sizeof f) != 0;
            bad += memcmp(&st, &sfwd[i], sizeof st) != 0;
        }
        LT_CHECK_MSG(bad == 0, "%s: %d samples differ between call orders", tl->id, bad);
    }
}

static void angles_at_a_key_time_equal_the_key_pose(void)
{
    int checked = 0;
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        for (int i = 0; i < tl->n_items; i++) {
            const LmItem *it = &tl->items[i];
            for (int kk = it->key0; kk < it->key0 + it->nkeys; kk++) {
                const LmKey *key = &tl->keys[kk];
                /* The last key of an item coincides with the next item's
                 * first; a later key at the same time wins. */
                if (lm_timeline_item_at(tl, key->t_s) != i)
                    continue;
                if (kk + 1 < it->key0 + it->nkeys && tl->keys[kk + 1].t_s == key->t_s)
                    continue;
                LmPose p;
                int item = -1;
                lm_timeline_pose(tl, key->t_s, &p, &item);
                LT_CHECK(item == i);
                double worst = 0;
                for (int j = 0; j < LM_JOINT_COUNT; j++)
                    for (int d = 0; d < LM_DOF_COUNT; d++)
                        worst = fmax(worst, fabs(p.ang[j][d] - key->pose.ang[j][d]));
                double dq = fabs(p.root_q.w - key->pose.root_q.w) + fabs(p.root_q.x - key->pose.root_q.x) +
                            fabs(p.root_q.y - key->pose.root_q.y) + fabs(p.root_q.z - key->pose.root_q.z);
                LT_CHECK_MSG(worst < 1e-12 && dq < 1e-12, "%s: key %d at %g: angle off by %g rad, root by %g", tl->id,
                             kk, key->t_s, worst, dq);
                checked++;
            }
        }
    }
    LT_CHECK(checked > 0);
}

static void bone_lengths_stay_constant_across_sampled_frames(void)
{
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        double worst = 0;
        int worst_p = -1;
        double worst_t = 0;
        for (double t = 0; t <= tl->duration_s; t += 0.1) {
            LmFrame f;
            lm_timeline_frame(tl, t, &f);
            for (int p = 1; p < LM_POINT_COUNT; p++) {
                int par = lm_point_parent(tl->skel, p);
                if (par < 0)
                    continue;
                double d = fabs(lm_v3_len(lm_v3_sub(f.p[p], f.p[par])) - lm_bone_length_m(tl->skel, p));
                if (d > worst)
                    worst = d, worst_p = p, worst_t = t;
            }
        }
        LT_CHECK_MSG(worst < 1e-6, "%s: %s changes length by %g m at t=%g", tl->id,
                     worst_p >= 0 ? lm_point_name(worst_p) : "?", worst, worst_t);
    }
}

/* A test fixture exercise from tests/timeline/, added to the library. */
static int add_fixture(const char *path)
{
    LmErrors err = {0};
    int ex = lm_lib_add_exercise_file(&lib, path, &err);
    for (int i = 0; i < err.count; i++)
        fprintf(stderr, "  %s\n", err.items[i]);
    lm_err_clear(&err);
    return ex;
}

static void step_easing_holds_then_jumps(void)
{
    int ex = add_fixture("tests/timeline/step-ease.json");
    LT_CHECK(ex >= 0);
    if (ex < 0)
        return;
    LmTimeline *tl = compile_one(false, ex, LM_LEVEL_BEGINNER, 0);
    LT_CHECK(tl != NULL);
    if (!tl)
        return;
    /* The stepped motion is the first move segment. */
    int s = -1;
    for (int i = 0; i < tl->n_segs && s < 0; i++)
        if (tl->segs[i].kind == LM_SEG_MOVE)
            s = i;
    LT_CHECK(s >= 0);
    if (s >= 0) {
        const LmSegment *sg = &tl->segs[s];
        const LmExercise *e = &lib.exercises[ex];
        const double before = e->start.ang[LM_J_HIP_L][LM_DOF_FLEX];
        const double after = LM_DEG2RAD(100.0);
        LT_CHECK(fabs(after - before) > 0.5);
        LmPose p;
        for (double u = 0.0; u < 1.0; u += 0.05) {
            lm_timeline_pose(tl, lm_lerp(sg->t0_s, sg->t1_s, u), &p, NULL);
            LT_CHECK_MSG(p.ang[LM_J_HIP_L][LM_DOF_FLEX] == before, "u=%g: hip %g, want %g", u,
                         p.ang[LM_J_HIP_L][LM_DOF_FLEX], before);
        }
        lm_timeline_pose(tl, sg->t1_s - 1e-6, &p, NULL);
        LT_CHECK(p.ang[LM_J_HIP_L][LM_DOF_FLEX] == before);
        lm_timeline_pose(tl, sg->t1_s, &p, NULL);
        LT_NEAR(p.ang[LM_J_HIP_L][LM_DOF_FLEX], after, 1e-12);
        /* The following linear motion moves continuously. */
        const LmSegment *lin = &tl->segs[s + 2];
        LT_CHECK(lin->kind == LM_SEG_MOVE);
        lm_timeline_pose(tl, (lin->t0_s + lin->t1_s) / 2, &p, NULL);
        LT_NEAR(p.ang[LM_J_HIP_L][LM_DOF_FLEX], (before + after) / 2, 1e-9);
    }
    lm_timeline_free(tl);
}

static void anchored_heel_stays_put_and_the_body_slides_instead(void)
{
    int ex = add_fixture("tests/timeline/anchor-heel.json");
    LT_CHECK(ex >= 0);
    if (ex < 0)
        return;
    LmTimeline *tl = compile_one(false, ex, LM_LEVEL_BEGINNER, 0);
    LT_CHECK(tl != NULL);
    if (!tl)
        return;
    const LmSegment *sg = NULL;
    for (int i = 0; i < tl->n_segs && !sg; i++)
        if (tl->segs[i].kind == LM_SEG_MOVE)
            sg = &tl->segs[i];
    LT_CHECK(sg != NULL);
    if (sg) {
        const int heel = LM_POINT_SITE(LM_S_HEEL_L);
        LmFrame f0, f;
        lm_timeline_frame(tl, sg->t0_s, &f0);
        double slide = 0;
        for (double u = 0.0; u <= 1.0; u += 1.0 / 64) {
            lm_timeline_frame(tl, lm_lerp(sg->t0_s, sg->t1_s, u), &f);
            slide = fmax(slide, hypot(f.p[heel].x - f0.p[heel].x, f.p[heel].z - f0.p[heel].z));
        }
        LT_CHECK_MSG(slide < 0.001, "the anchored heel slides %.4f m", slide);
        /* The leg straightened, so the rest of the body had to move. */
        LmVec3 d = lm_v3_sub(f.p[LM_J_PELVIS], f0.p[LM_J_PELVIS]);
        LT_CHECK_MSG(hypot(d.x, d.z) > 0.1, "the pelvis moved only %.3f m", hypot(d.x, d.z));
        /* And it stays there after the motion. */
        lm_timeline_frame(tl, tl->duration_s, &f);
        LT_CHECK(hypot(f.p[heel].x - f0.p[heel].x, f.p[heel].z - f0.p[heel].z) < 0.001);
    }
    lm_timeline_free(tl);
}

static void a_grip_that_moves_to_a_new_target_slides_without_a_jump(void)
{
    int ex = add_fixture("tests/timeline/reach-switch.json");
    LT_CHECK(ex >= 0);
    if (ex < 0)
        return;
    LmTimeline *tl = compile_one(false, ex, LM_LEVEL_BEGINNER, 0);
    LT_CHECK(tl != NULL);
    if (!tl)
        return;
    /* The second motion changes where the hand holds the shin. */
    int s = -1, moves = 0;
    for (int i = 0; i < tl->n_segs && s < 0; i++)
        if (tl->segs[i].kind == LM_SEG_MOVE && ++moves == 2)
            s = i;
    LT_CHECK(s >= 0);
    if (s >= 0) {
        const LmSegment *sg = &tl->segs[s];
        LmFrame a, b;
        double worst = 0, worst_t = 0;
        lm_timeline_frame(tl, sg->t0_s - 0.25, &a);
        for (double t = sg->t0_s - 0.25; t <= sg->t1_s; t += 1.0 / 240) {
            lm_timeline_frame(tl, t, &b);
            double d = lm_v3_len(lm_v3_sub(b.p[LM_J_WRIST_L], a.p[LM_J_WRIST_L]));
            if (d > worst)
                worst = d, worst_t = t;
            a = b;
        }
        /* 240 Hz: even a brisk 1 m/s hand moves about 4 mm a sample. */
        LT_CHECK_MSG(worst < 0.01, "the hand jumps %.3f m at t=%.3f s (motion %.2f..%.2f)", worst, worst_t, sg->t0_s,
                     sg->t1_s);
        /* and it ends holding the new place */
        lm_timeline_frame(tl, sg->t1_s, &b);
        const LmKey *k = &tl->keys[tl->n_keys - 1];
        LmVec3 target = lm_v3_add(b.p[LM_J_KNEE_L], lm_quat_rotate(b.q[LM_J_KNEE_L], k->reach[0].offset));
        LT_CHECK(k->reach[0].offset.y < -0.1);
        LT_CHECK_MSG(lm_v3_len(lm_v3_sub(b.p[LM_J_WRIST_L], target)) < 0.02, "the hand ends %.3f m from its hold",
                     lm_v3_len(lm_v3_sub(b.p[LM_J_WRIST_L], target)));
    }
    lm_timeline_free(tl);
}

static void a_session_that_ends_in_a_hold_still_finishes(void)
{
    int ex = add_fixture("tests/timeline/hold-last.json");
    LT_CHECK(ex >= 0);
    if (ex < 0)
        return;
    LmTimeline *tl = compile_one(false, ex, LM_LEVEL_BEGINNER, 0);
    LT_CHECK(tl != NULL);
    if (!tl)
        return;
    LT_CHECK(tl->n_segs >= 2 && tl->segs[tl->n_segs - 2].kind == LM_SEG_HOLD);
    /* Nothing is due after the end: the clock stops there. */
    for (int i = 0; i < tl->n_events; i++)
        LT_CHECK_MSG(tl->events[i].t_s <= tl->duration_s, "%s at %.2f s is after the end at %.2f s",
                     lm_event_name(tl->events[i].type), tl->events[i].t_s, tl->duration_s);
    LT_CHECK(tl->events[tl->n_events - 1].type == LM_EV_END);
    /* Played to the end, it is finished with every event handed out. */
    LmPlayback pb;
    const uint64_t t0 = 1000000000ull;
    lm_pb_init(&pb, tl, t0);
    const LmEvent *ev[16];
    int fired = 0, n;
    uint64_t end = t0 + (uint64_t)((tl->duration_s + 10.0) * 1e9);
    for (uint64_t now = t0; now <= end; now += 16666667ull)
        do {
            n = lm_pb_poll(&pb, now, ev, 16);
            fired += n;
        } while (n == 16);
    LT_CHECK_MSG(fired == tl->n_events, "%d of %d events fired", fired, tl->n_events);
    LT_CHECK(lm_pb_finished(&pb, end));
    lm_timeline_free(tl);
}

/* ---- routines --------------------------------------------------------- */

static LmTimeline *compile_routine_with(int r, LmLevel level, double rest_s)
{
    LmErrors err = {0};
    LmCompileOpts o = {0};
    o.level = level;
    o.rest_s = rest_s;
    LmTimeline *tl = lm_timeline_compile_routine(&lib, r, &o, &err);
    lm_err_clear(&err);
    return tl;
}

static void routine_items_follow_each_other_with_a_rest_between(void)
{
    int r = lm_lib_find_routine(&lib, "two-knees");
    int ex = lm_lib_find_exercise(&lib, "knee-to-chest");
    LT_CHECK(r >= 0 && ex >= 0);
    if (r < 0 || ex < 0)
        return;
    const LmRoutine *ro = &lib.routines[r];
    for (int l = 0; l < LM_LEVEL_COUNT; l++) {
        LmTimeline *tl = compile_routine_with(r, (LmLevel)l, 0);
        LmTimeline *one = compile_one(false, ex, (LmLevel)l, 0);
        LT_CHECK(tl && one);
        if (!tl || !one) {
            lm_timeline_free(tl);
            lm_timeline_free(one);
            continue;
        }
        LT_CHECK(tl->is_routine && strcmp(tl->id, "two-knees") == 0);
        LT_CHECK(tl->n_items == 2);
        /* The routine's own hold for the first, the exercise's for the second. */
        LT_CHECK(tl->items[0].hold_s == ro->items[0].hold_s[l]);
        LT_CHECK(tl->items[1].hold_s == one->items[0].hold_s);
        /* Each item: a lead-in, then the exercise as it plays alone. */
        for (int i = 0; i < 2; i++) {
            const LmItem *it = &tl->items[i];
            /* (the first may open with the safety card) */
            int s = lm_timeline_seg_at(tl, it->start_s) - 1;
            LT_CHECK(s >= 0 && tl->segs[s].kind == LM_SEG_REST && tl->segs[s].t1_s == it->start_s);
            LT_CHECK(tl->segs[s].t0_s == it->t0_s || (i == 0 && tl->segs[0].kind == LM_SEG_SAFETY && s == 1));
            LT_STR_CONTAINS(tl->segs[s].text, i == 0 ? "First up" : "Next up");
            LT_STR_CONTAINS(tl->segs[s].text, "Knee to chest");
            int e = find_event(tl, LM_EV_REST, s, tl->segs[s].t0_s);
            LT_CHECK(e >= 0 && tl->events[e].arg == i);
            /* The rest shows its exercise as the title; next up is the one
             * after it (the card before the first points at the first). */
            LmOverlayState st;
            lm_timeline_state(tl, (tl->segs[s].t0_s + tl->segs[s].t1_s) / 2, &st);
            LT_CHECK(st.item == i && st.title && strcmp(st.title, "Knee to chest") == 0);
            LT_CHECK(st.next_item == (i + 1 < tl->n_items ? i + 1 : -1));
            /* ...while the exercise coming is the rest's own one */
            LT_CHECK(st.lead_in && st.coming_item == i);
        }
        LT_NEAR(tl->items[1].start_s - tl->items[1].t0_s, ro->rest_s, 1e-9);
        /* Item 1 plays the same hold as the exercise alone, so it lasts as long. */
        LT_NEAR(tl->items[1].t1_s - tl->items[1].start_s, one->items[0].t1_s - one->items[0].start_s, 1e-9);
        /* During the first exercise, the second is next. */
        LmOverlayState st;
        lm_timeline_state(tl, (tl->items[0].start_s + tl->items[0].t1_s) / 2, &st);
        LT_CHECK(st.item == 0 && st.next_item == 1);
        LT_CHECK(!st.lead_in && st.coming_item == 1);
        lm_timeline_state(tl, (tl->items[1].start_s + tl->items[1].t1_s) / 2, &st);
        LT_CHECK(st.item == 1 && st.next_item == -1 && st.next_title == NULL);
        LT_CHECK(!st.lead_in && st.coming_item == -1);
        /* Jumps between exercises. */
        LT_CHECK(lm_timeline_next_item(tl, 1.0) == tl->items[1].t0_s);
        LT_CHECK(lm_timeline_prev_item(tl, tl->items[1].t0_s + 1.0, 2.0) == 0.0);
        LT_CHECK(lm_timeline_prev_item(tl, tl->items[1].t0_s + 5.0, 2.0) == tl->items[1].t0_s);
        LT_CHECK(lm_timeline_next_item(tl, tl->items[1].t0_s + 1.0) == tl->duration_s);
        /* A rest override replaces the routine's rest, not the first lead-in. */
        LmTimeline *longer = compile_routine_with(r, (LmLevel)l, 25.0);
        LT_CHECK(longer != NULL);
        if (longer) {
            LT_NEAR(longer->items[1].start_s - longer->items[1].t0_s, 25.0, 1e-9);
            LT_CHECK(longer->items[0].start_s == tl->items[0].start_s);
            LT_NEAR(longer->duration_s - tl->duration_s, 25.0 - ro->rest_s, 1e-9);
        }
        lm_timeline_free(longer);
        /* A routine that rests 0 s goes straight on: no lead-in, still tiled. */
        double rest = lib.routines[r].rest_s;
        lib.routines[r].rest_s = 0;
        LmTimeline *straight = compile_routine_with(r, (LmLevel)l, 0);
        lib.routines[r].rest_s = rest;
        LT_CHECK(straight != NULL);
        if (straight) {
            LT_CHECK(straight->items[1].t0_s == straight->items[1].start_s);
            LT_CHECK(straight->items[1].t0_s == straight->items[0].t1_s);
            LT_NEAR(tl->duration_s - straight->duration_s, rest, 1e-9);
            for (int s = 0; s + 1 < straight->n_segs; s++)
                LT_CHECK(straight->segs[s].t1_s == straight->segs[s + 1].t0_s &&
                         straight->segs[s].t1_s > straight->segs[s].t0_s);
            LT_CHECK(count_events(straight, LM_EV_EXERCISE_START, -1) == 2);
        }
        lm_timeline_free(straight);
        lm_timeline_free(tl);
        lm_timeline_free(one);
    }
}

static void safety_card_opens_a_routine_and_points_to_its_first_exercise(void)
{
    int r = lm_lib_find_routine(&lib, "two-knees");
    LT_CHECK(r >= 0 && lib.routines[r].safety);
    if (r < 0)
        return;
    /* Whatever anims/ ships, give the library a card to show. */
    bool ours = lib.safety_title == NULL;
    if (ours)
        lib.safety_title = lm_strdup("Before you start");
    LmTimeline *tl = compile_routine_with(r, LM_LEVEL_BEGINNER, 0);
    LT_CHECK(tl != NULL);
    if (tl) {
        LT_CHECK(tl->segs[0].kind == LM_SEG_SAFETY && tl->segs[0].t0_s == 0.0);
        LT_CHECK(strcmp(tl->segs[0].text, lib.safety_title) == 0);
        LT_CHECK(tl->segs[1].kind == LM_SEG_REST && tl->segs[1].t1_s == tl->items[0].start_s);
        LmOverlayState st;
        lm_timeline_state(tl, (tl->segs[0].t0_s + tl->segs[0].t1_s) / 2, &st);
        LT_CHECK(st.kind == LM_SEG_SAFETY && st.countdown);
        LT_CHECK(st.card_title == tl->card_title && st.card_title != NULL);
        /* What comes after the card is the first exercise, not the second. */
        LT_CHECK_MSG(st.next_item == 0, "next item during the safety card is %d", st.next_item);
        LT_CHECK(st.lead_in && st.coming_item == 0);
        /* Without the card the routine is the card's length shorter. */
        LmErrors err = {0};
        LmCompileOpts o = {0};
        o.no_safety = true;
        LmTimeline *bare = lm_timeline_compile_routine(&lib, r, &o, &err);
        lm_err_clear(&err);
        LT_CHECK(bare && bare->segs[0].kind == LM_SEG_REST);
        if (bare)
            LT_NEAR(tl->duration_s - bare->duration_s, tl->segs[0].t1_s - tl->segs[0].t0_s, 1e-9);
        lm_timeline_free(bare);
    }
    lm_timeline_free(tl);
    if (ours) {
        free(lib.safety_title);
        lib.safety_title = NULL;
    }
}

static void routines_open_with_the_safety_card_only_when_asked(void)
{
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        int r = tl->is_routine ? lm_lib_find_routine(&lib, tl->id) : -1;
        bool want = r >= 0 && lib.routines[r].safety && lib.safety_title;
        int n = 0;
        for (int s = 0; s < tl->n_segs; s++)
            n += tl->segs[s].kind == LM_SEG_SAFETY;
        LT_CHECK_MSG(n == (want ? 1 : 0), "%s: %d safety segments", tl->id, n);
        if (want) {
            LT_CHECK(tl->segs[0].kind == LM_SEG_SAFETY && strcmp(tl->segs[0].text, lib.safety_title) == 0);
            LmOverlayState st;
            lm_timeline_state(tl, 1.0, &st);
            LT_CHECK(st.kind == LM_SEG_SAFETY && st.card_title && st.n_card_lines == lib.n_safety_lines);
        }
    }
}

static double max_point_move(const LmFrame *a, const LmFrame *b, int *which)
{
    double worst = 0;
    for (int p = 0; p < LM_POINT_COUNT; p++) {
        double d = lm_v3_len(lm_v3_sub(a->p[p], b->p[p]));
        if (d > worst)
            worst = d, *which = p;
    }
    return worst;
}

static void the_figure_does_not_jump_at_keys_or_step_boundaries(void)
{
    /* 0.1 ms either side of a boundary: a brisk 2 m/s limb moves 0.2 mm. */
    const double dt = 1e-4, tol = 0.002;
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        double worst = 0, worst_t = 0;
        int worst_p = -1;
        for (int i = 0; i < tl->n_items; i++) {
            const LmItem *it = &tl->items[i];
            /* Within the item: every key but the first (the item's own start)
             * and every segment start. A stepped motion jumps on purpose. */
            for (int kk = it->key0 + 1; kk < it->key0 + it->nkeys; kk++) {
                const LmKey *key = &tl->keys[kk];
                if (key->ease.kind == LM_EASE_STEP || key->t_s <= it->t0_s || key->t_s >= it->t1_s)
                    continue;
                LmFrame a, b, c;
                lm_timeline_frame(tl, key->t_s - dt, &a);
                lm_timeline_frame(tl, key->t_s, &b);
                lm_timeline_frame(tl, key->t_s + dt, &c);
                int p1 = -1, p2 = -1;
                double d1 = max_point_move(&a, &b, &p1), d2 = max_point_move(&b, &c, &p2);
                if (d1 > worst)
                    worst = d1, worst_t = key->t_s, worst_p = p1;
                if (d2 > worst)
                    worst = d2, worst_t = key->t_s, worst_p = p2;
            }
        }
        LT_CHECK_MSG(worst < tol, "%s: %s jumps %.4f m at t=%.3f s", tl->id,
                     worst_p >= 0 ? lm_point_name(worst_p) : "?", worst, worst_t);
    }
}

static void holds_keep_the_pose_still(void)
{
    int holds = 0;
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        for (int s = 0; s < tl->n_segs; s++) {
            const LmSegment *sg = &tl->segs[s];
            if (sg->kind != LM_SEG_HOLD)
                continue;
            holds++;
            LmPose p0, p;
            lm_timeline_pose(tl, sg->t0_s, &p0, NULL);
            /* Nothing moves during a hold: a body that carries weight on
             * the mat must not rock its contacts off it. */
            double moved = 0;
            for (double u = 0.0; u < 1.0; u += 1.0 / 128) {
                lm_timeline_pose(tl, lm_lerp(sg->t0_s, sg->t1_s, u), &p, NULL);
                for (int j = 0; j < LM_JOINT_COUNT; j++)
                    for (int d = 0; d < LM_DOF_COUNT; d++)
                        moved = fmax(moved, fabs(p.ang[j][d] - p0.ang[j][d]));
            }
            LT_CHECK_MSG(moved < 1e-12, "%s: the pose moves %g rad during the hold at %.2f s", tl->id, moved, sg->t0_s);
        }
    }
    LT_CHECK(holds > 0);
}

static void the_right_side_is_the_mirror_of_the_left(void)
{
    int sided = 0;
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        for (int i = 0; i < tl->n_items; i++) {
            const LmItem *it = &tl->items[i];
            if (!it->sided)
                continue;
            /* The first side (left, or right with "first_side": "right")
             * runs from its side event to the switch; the second from the
             * switch's end to its last segment. Either is the other's
             * mirror. */
            int ex = lm_lib_find_exercise(&lib, it->id);
            int first = ex >= 0 && lib.exercises[ex].first_right ? 2 : 1, second = 3 - first;
            double l0 = -1, r0 = -1, l1 = -1, r1 = -1;
            for (int s = 0; s < tl->n_segs; s++) {
                const LmSegment *sg = &tl->segs[s];
                if (sg->item != i)
                    continue;
                if (sg->side == first && l0 < 0)
                    l0 = sg->t0_s;
                if (sg->side == first)
                    l1 = sg->t1_s;
                if (sg->side == second && sg->kind != LM_SEG_SWITCH && r0 < 0)
                    r0 = sg->t0_s;
                if (sg->side == second)
                    r1 = sg->t1_s;
            }
            LT_CHECK(l0 >= 0 && r0 > l1);
            int left[64], right[64], nl = 0, nr = 0;
            for (int kk = it->key0; kk < it->key0 + it->nkeys; kk++) {
                double t = tl->keys[kk].t_s;
                if (t > l0 && t <= l1 && nl < 64)
                    left[nl++] = kk;
                if (t > r0 && t <= r1 && nr < 64)
                    right[nr++] = kk;
            }
            sided++;
            LT_CHECK_MSG(nl == nr && nl > 0, "%s: %d keys on the first side, %d on the second", tl->id, nl, nr);
            for (int n = 0; n < nl && n < nr; n++) {
                const LmKey *a = &tl->keys[left[n]], *b = &tl->keys[right[n]];
                LmPose m;
                lm_pose_mirror(&a->pose, &m);
                double worst = 0;
                for (int j = 0; j < LM_JOINT_COUNT; j++)
                    for (int d = 0; d < LM_DOF_COUNT; d++)
                        worst = fmax(worst, fabs(m.ang[j][d] - b->pose.ang[j][d]));
                LT_CHECK_MSG(worst < 1e-12, "%s: second-side key %d is not the mirror of first-side key %d (%g rad)",
                             tl->id, right[n], left[n], worst);
                LT_CHECK(b->anchor == (a->anchor >= 0 ? lm_point_mirror(a->anchor) : -1));
                LT_CHECK(a->n_reach == b->n_reach);
                for (int r = 0; r < a->n_reach && r < b->n_reach; r++) {
                    LT_CHECK(b->reach[r].effector == lm_joint_mirror(a->reach[r].effector));
                    LT_CHECK(b->reach[r].target == lm_point_mirror(a->reach[r].target));
                    LT_CHECK(b->reach[r].offset.x == -a->reach[r].offset.x);
                }
            }
        }
    }
    LT_CHECK(sided > 0);
}

/* ---- jumps ------------------------------------------------------------ */

static void step_jumps_land_on_segment_starts(void)
{
    const double grace = 1.5;
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        for (int s = 0; s < tl->n_segs; s++) {
            const LmSegment *sg = &tl->segs[s];
            double next = s + 1 < tl->n_segs ? tl->segs[s + 1].t0_s : tl->duration_s;
            double prev = s > 0 ? tl->segs[s - 1].t0_s : 0.0;
            double mid = (sg->t0_s + sg->t1_s) / 2;
            LT_CHECK(lm_timeline_next_step(tl, sg->t0_s) == next);
            LT_CHECK(lm_timeline_next_step(tl, mid) == next);
            LT_CHECK(lm_timeline_prev_step(tl, sg->t0_s, grace) == prev);
            /* Within the grace: the step before; past it: this step again. */
            double early = sg->t0_s + fmin(grace / 2, (sg->t1_s - sg->t0_s) / 2);
            LT_CHECK(lm_timeline_prev_step(tl, early, grace) == prev);
            if (sg->t1_s - sg->t0_s > grace + 0.1)
                LT_CHECK(lm_timeline_prev_step(tl, sg->t0_s + grace + 0.1, grace) == sg->t0_s);
        }
        LT_CHECK(lm_timeline_next_step(tl, tl->duration_s) == tl->duration_s);
        LT_CHECK(lm_timeline_prev_step(tl, 0.0, grace) == 0.0);
        /* Jumps are clamped to the timeline. */
        LT_CHECK(lm_timeline_next_step(tl, tl->duration_s + 100) == tl->duration_s);
        LT_CHECK(lm_timeline_prev_step(tl, -100, grace) == 0.0);
    }
}

static void item_jumps_land_on_item_starts(void)
{
    const double grace = 2.0;
    int multi = 0;
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        multi += tl->n_items > 1;
        for (int i = 0; i < tl->n_items; i++) {
            const LmItem *it = &tl->items[i];
            double next = i + 1 < tl->n_items ? tl->items[i + 1].t0_s : tl->duration_s;
            double prev = i > 0 ? tl->items[i - 1].t0_s : 0.0;
            LT_CHECK(lm_timeline_next_item(tl, it->t0_s) == next);
            LT_CHECK(lm_timeline_next_item(tl, (it->t0_s + it->t1_s) / 2) == next);
            LT_CHECK(lm_timeline_prev_item(tl, it->t0_s + grace / 2, grace) == prev);
            LT_CHECK(lm_timeline_prev_item(tl, it->t0_s + grace + 0.5, grace) == it->t0_s);
        }
    }
    LT_CHECK(multi > 0);
}

/* ---- overlay state ---------------------------------------------------- */

static void overlay_state_agrees_with_the_segments(void)
{
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        for (int s = 0; s < tl->n_segs; s++) {
            const LmSegment *sg = &tl->segs[s];
            const double fr[] = {0.0, 0.25, 0.5, 0.999};
            for (int f = 0; f < 4; f++) {
                double t = lm_lerp(sg->t0_s, sg->t1_s, fr[f]);
                LmOverlayState st;
                lm_timeline_state(tl, t, &st);
                LT_CHECK_MSG(st.seg == s, "%s: state at %g in segment %d, want %d", tl->id, t, st.seg, s);
                LT_CHECK(st.kind == sg->kind);
                LT_CHECK(st.caption && strcmp(st.caption, sg->text) == 0);
                LT_CHECK(st.countdown == sg->countdown);
                LT_NEAR(st.remaining_s, sg->t1_s - t, 1e-9);
                LT_CHECK(st.rep == sg->rep && st.reps == sg->reps);
                LT_CHECK(st.side == sg->side);
                LT_CHECK(st.item == sg->item && st.n_items == tl->n_items);
                /* headed by its exercise; the closing step by the session */
                const char *head = sg->kind == LM_SEG_END && tl->title ? tl->title : tl->items[sg->item].title;
                LT_CHECK(st.title && strcmp(st.title, head) == 0);
                /* The safety card points at the first exercise; a rest already
                 * shows its own exercise, so it and the exercise point at the
                 * one after. */
                bool lead = sg->kind == LM_SEG_SAFETY;
                int next = lead ? sg->item : sg->item + 1 < tl->n_items ? sg->item + 1 : -1;
                LT_CHECK(st.next_item == next);
                if (next < 0)
                    LT_CHECK(st.next_title == NULL);
                else
                    LT_CHECK(st.next_title && strcmp(st.next_title, tl->items[next].title) == 0);
                LT_CHECK(!st.finished);
                LT_CHECK(st.routine_elapsed_s == t && st.routine_total_s == tl->duration_s);
                LT_CHECK(st.seg_progress >= 0.0 && st.seg_progress <= 1.0);
                if (sg->kind == LM_SEG_SAFETY)
                    LT_CHECK(st.card_title == tl->card_title && st.n_card_lines == tl->n_card_lines);
                else
                    LT_CHECK(st.card_title == NULL && st.n_card_lines == 0);
            }
        }
        LmOverlayState st;
        lm_timeline_state(tl, tl->duration_s, &st);
        LT_CHECK(st.finished);
        LT_CHECK(st.remaining_s == 0.0);
        /* The session closes with its own step: the closing line, shown and
         * said, nothing to count and nothing next. */
        const LmSegment *last = &tl->segs[tl->n_segs - 1];
        LT_CHECK(last->kind == LM_SEG_END && tl->end_text && strcmp(last->text, tl->end_text) == 0);
        LT_CHECK(st.caption && tl->end_text && strcmp(st.caption, tl->end_text) == 0);
        LT_CHECK(!st.countdown && st.next_title == NULL && st.next_item == -1 && st.rep == 0 && st.side == 0);
        /* headed by the whole session's name, not its last exercise's */
        LT_CHECK_MSG(st.title && tl->title && strcmp(st.title, tl->title) == 0, "%s: the end is headed \"%s\"", tl->id,
                     st.title ? st.title : "(none)");
        lm_timeline_state(tl, 0.5 * (last->t0_s + last->t1_s), &st);
        LT_CHECK(st.title && tl->title && strcmp(st.title, tl->title) == 0);
        int said = -1;
        for (int i = 0; i < tl->n_events; i++)
            if (tl->events[i].type == LM_EV_CUE && tl->events[i].seg == tl->n_segs - 1 && tl->end_text &&
                strcmp(tl->events[i].text, tl->end_text) == 0)
                said = i;
        LT_CHECK_MSG(said >= 0, "%s: the closing line is not said", tl->id);
        lm_timeline_state(tl, tl->duration_s + 5, &st);
        LT_CHECK(st.finished && st.routine_elapsed_s == tl->duration_s);
        lm_timeline_state(tl, -5, &st);
        LT_CHECK(!st.finished && st.seg == 0 && st.routine_elapsed_s == 0.0);
    }
}

/* ---- JSON ------------------------------------------------------------- */

static void timeline_json_parses_with_every_event_and_segment(void)
{
    for (int k = 0; k < n_tls; k++) {
        const LmTimeline *tl = tls[k];
        if (!tl)
            continue;
        char *s = lm_timeline_to_json(tl);
        LT_CHECK(s != NULL);
        cJSON *root = s ? cJSON_Parse(s) : NULL;
        free(s);
        LT_CHECK_MSG(root != NULL, "%s: JSON does not parse", tl->id);
        if (!root)
            continue;
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
        const cJSON *level = cJSON_GetObjectItemCaseSensitive(root, "level");
        const cJSON *dur = cJSON_GetObjectItemCaseSensitive(root, "duration_s");
        const cJSON *evs = cJSON_GetObjectItemCaseSensitive(root, "events");
        const cJSON *segs = cJSON_GetObjectItemCaseSensitive(root, "segments");
        LT_CHECK(cJSON_IsString(id) && strcmp(id->valuestring, tl->id) == 0);
        LT_CHECK(cJSON_IsString(level) && strcmp(level->valuestring, lm_level_name(tl->level)) == 0);
        LT_CHECK(cJSON_IsNumber(dur) && fabs(dur->valuedouble - tl->duration_s) <= 0.0005);
        LT_CHECK(cJSON_IsArray(evs) && cJSON_GetArraySize(evs) == tl->n_events);
        LT_CHECK(cJSON_IsArray(segs) && cJSON_GetArraySize(segs) == tl->n_segs);
        int i = 0;
        for (const cJSON *e = evs ? evs->child : NULL; e && i < tl->n_events; e = e->next, i++) {
            const LmEvent *ev = &tl->events[i];
            const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "t_s");
            const cJSON *type = cJSON_GetObjectItemCaseSensitive(e, "type");
            const cJSON *text = cJSON_GetObjectItemCaseSensitive(e, "text");
            const cJSON *clip = cJSON_GetObjectItemCaseSensitive(e, "clip");
            LT_CHECK(cJSON_IsNumber(t) && fabs(t->valuedouble - ev->t_s) <= 0.0005);
            LT_CHECK(cJSON_IsString(type) && strcmp(type->valuestring, lm_event_name(ev->type)) == 0);
            if (ev->text)
                LT_CHECK(cJSON_IsString(text) && strcmp(text->valuestring, ev->text) == 0);
            else
                LT_CHECK(text == NULL);
            if (ev->type == LM_EV_CUE)
                LT_CHECK(ev->clip ? cJSON_IsString(clip) && strcmp(clip->valuestring, ev->clip) == 0
                                  : cJSON_IsNull(clip));
        }
        i = 0;
        for (const cJSON *g = segs ? segs->child : NULL; g && i < tl->n_segs; g = g->next, i++) {
            const LmSegment *sg = &tl->segs[i];
            const cJSON *t0 = cJSON_GetObjectItemCaseSensitive(g, "t0_s");
            const cJSON *t1 = cJSON_GetObjectItemCaseSensitive(g, "t1_s");
            const cJSON *kind = cJSON_GetObjectItemCaseSensitive(g, "kind");
            const cJSON *text = cJSON_GetObjectItemCaseSensitive(g, "text");
            LT_CHECK(cJSON_IsNumber(t0) && fabs(t0->valuedouble - sg->t0_s) <= 0.0005);
            LT_CHECK(cJSON_IsNumber(t1) && fabs(t1->valuedouble - sg->t1_s) <= 0.0005);
            LT_CHECK(cJSON_IsString(kind) && strcmp(kind->valuestring, lm_seg_kind_name(sg->kind)) == 0);
            LT_CHECK(cJSON_IsString(text) && strcmp(text->valuestring, sg->text) == 0);
        }
        cJSON_Delete(root);
    }
}

int main(void)
{
    if (!lt_load_shipped_library(&lib))
        return 1;
    LmErrors err = {0};
    /* A small routine of our own, so routines are covered whatever ships. */
    if (lm_lib_add_routine_file(&lib, "tests/timeline/two-knees.json", &err) < 0) {
        for (int i = 0; i < err.count; i++)
            fprintf(stderr, "  %s\n", err.items[i]);
        fprintf(stderr, "FAIL the test routine does not load\n");
        return 1;
    }
    compile_all();
    LT_RUN(library_loads_and_every_timeline_compiles);
    LT_RUN(events_are_sorted_by_time_and_lie_in_their_segment);
    LT_RUN(every_segment_starts_with_one_step_event_carrying_its_text);
    LT_RUN(spoken_cues_never_overlap_and_motions_outlast_their_words);
    LT_RUN(every_hold_has_start_beeps_and_end);
    LT_RUN(sided_exercises_announce_first_side_then_the_other);
    LT_RUN(every_item_starts_once_after_its_lead_in);
    LT_RUN(segments_tile_the_timeline_and_every_one_has_text);
    LT_RUN(repetitions_count_up_one_at_a_time);
    LT_RUN(chosen_holds_lie_within_the_exercise_range_per_level);
    LT_RUN(hold_override_is_clamped_to_5_to_300);
    LT_RUN(sampling_is_pure_in_any_call_order);
    LT_RUN(angles_at_a_key_time_equal_the_key_pose);
    LT_RUN(bone_lengths_stay_constant_across_sampled_frames);
    LT_RUN(holds_keep_the_pose_still);
    LT_RUN(the_figure_does_not_jump_at_keys_or_step_boundaries);
    LT_RUN(the_right_side_is_the_mirror_of_the_left);
    LT_RUN(step_jumps_land_on_segment_starts);
    LT_RUN(item_jumps_land_on_item_starts);
    LT_RUN(overlay_state_agrees_with_the_segments);
    LT_RUN(timeline_json_parses_with_every_event_and_segment);
    LT_RUN(routine_items_follow_each_other_with_a_rest_between);
    LT_RUN(routines_open_with_the_safety_card_only_when_asked);
    LT_RUN(safety_card_opens_a_routine_and_points_to_its_first_exercise);
    /* Last: they add fixture exercises to the library. */
    LT_RUN(step_easing_holds_then_jumps);
    LT_RUN(anchored_heel_stays_put_and_the_body_slides_instead);
    LT_RUN(a_grip_that_moves_to_a_new_target_slides_without_a_jump);
    LT_RUN(a_session_that_ends_in_a_hold_still_finishes);
    for (int i = 0; i < n_tls; i++)
        lm_timeline_free(tls[i]);
    lm_lib_free(&lib);
    return lt_summary();
}
