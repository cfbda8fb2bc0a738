/* lm_timeline: a routine (or one exercise) at a level, compiled into
 * absolute keyframes, segments and events in seconds, and sampled as a pure
 * function of time: the figure at t and what the overlay shows at t.
 * The timeline owns its strings and arrays; free with lm_timeline_free. */
#ifndef LM_TIMELINE_H
#define LM_TIMELINE_H

#include "lm_camera.h"
#include "lm_library.h"

typedef enum {
    LM_SEG_SAFETY = 0, /* the safety card before a routine */
    LM_SEG_REST,       /* "next up" between exercises (and "get ready" before one) */
    LM_SEG_MOVE,       /* moving to a new pose */
    LM_SEG_HOLD,       /* holding still, with a countdown */
    LM_SEG_SWITCH,     /* switching sides */
    LM_SEG_END,        /* the session is over: "well done" */
} LmSegKind;
const char *lm_seg_kind_name(LmSegKind k);

typedef struct {
    double t0_s, t1_s;
    LmSegKind kind;
    int item;         /* which exercise of the routine */
    const char *text; /* caption (the cue, {side} resolved); may be "" */
    int side;         /* 0 none, 1 left, 2 right */
    int rep, reps;    /* 1-based rep in a repeated block, 0 when not repeated */
    LmBreath breath;
    bool countdown; /* show a countdown for this segment */
} LmSegment;

typedef enum {
    LM_EV_EXERCISE_START = 0,
    LM_EV_STEP, /* a new segment begins (jump target) */
    LM_EV_CUE,  /* speak text (clip when one exists) */
    LM_EV_BEEP, /* countdown tick: arg = 3, 2, 1 */
    LM_EV_HOLD_START,
    LM_EV_HOLD_END, /* distinct tone */
    LM_EV_SIDE,     /* arg = 1 left, 2 right */
    LM_EV_REST,     /* arg = item of the exercise that comes next */
    LM_EV_END,      /* the routine is over */
    LM_EV_COUNT
} LmEventType;
const char *lm_event_name(LmEventType t);

typedef struct {
    double t_s;
    LmEventType type;
    const char *text; /* for cues, steps, rest; else NULL */
    const char *clip; /* voice file relative to assets/voice, or NULL */
    int arg;
    int seg; /* segment it belongs to */
} LmEvent;

typedef struct {
    double t_s;
    LmPose pose;
    LmEase ease; /* easing of the motion that ends at this key */
    int anchor;  /* point held still during the motion ending here, or -1 */
    LmReach reach[LM_MAX_REACH];
    int n_reach;
    LmVec3 place;     /* horizontal placement at this key (computed once) */
    LmVec3 anchor_at; /* with an anchor: where it stands in the world for the
                       * whole motion ending here (computed once) */
    double lift_y;    /* vertical placement at this key (support) */
} LmKey;

typedef struct {
    int exercise; /* library index */
    const char *id, *title;
    double t0_s, t1_s; /* including its rest / safety lead-in */
    double start_s;    /* first move (after the lead-in) */
    int key0, nkeys;   /* its keys in the timeline */
    double hold_s;     /* chosen hold length */
    int reps;
    double cam_yaw_deg, cam_pitch_deg;
    unsigned props;
    bool sided;
    bool first_right;         /* the first side is the mirrored one */
    LmFeel feel[LM_MAX_FEEL]; /* where it is felt, written for the left side */
    int n_feel;
    LmInset inset; /* a second small view, or LM_INSET_NONE */
    /* framing: bounds of every point over the whole exercise, in camera
     * plane coordinates (metres), computed once at compile time. */
    double frame_min_x, frame_max_x, frame_min_y, frame_max_y;
    /* prop placement: chair seat centre and mat centre (world metres). */
    LmVec3 chair_seat, mat_centre;
} LmItem;

typedef struct {
    char *id;
    char *title;
    const char *end_text; /* said and shown when the session is over */
    LmLevel level;
    bool is_routine;
    double duration_s;
    LmItem *items;
    int n_items;
    LmKey *keys;
    int n_keys;
    LmSegment *segs;
    int n_segs;
    LmEvent *events;
    int n_events;
    const char **warnings; /* cue timing notes for authors (--check prints them) */
    int n_warnings, cap_warnings;
    char **strings; /* owned texts */
    int n_strings, cap_strings;
    const LmSkeleton *skel;
    /* The safety card, borrowed from the library (which must outlive it). */
    const char *card_title;
    char **card_lines;
    int n_card_lines;
} LmTimeline;

typedef struct {
    LmLevel level;
    double hold_s;  /* > 0: override every level hold (clamped to 5..300) */
    double rest_s;  /* > 0: override the routine's rest */
    bool no_safety; /* skip the safety card */
} LmCompileOpts;

/* The most keyframes a compiled timeline holds. Repeats nest, so a few
 * kilobytes of JSON could otherwise ask for millions and exhaust memory;
 * real sessions stay far below it. */
#define LM_TIMELINE_MAX_KEYS 20000

/* Compile a routine or a single exercise. Returns NULL with err filled. */
LmTimeline *lm_timeline_compile_routine(const LmLibrary *lib, int routine, const LmCompileOpts *o, LmErrors *err);
LmTimeline *lm_timeline_compile_exercise(const LmLibrary *lib, int exercise, const LmCompileOpts *o, LmErrors *err);
void lm_timeline_free(LmTimeline *tl);

/* Index of the item / segment active at t (clamped to the ends). */
int lm_timeline_item_at(const LmTimeline *tl, double t_s);
int lm_timeline_seg_at(const LmTimeline *tl, double t_s);
/* Where segment seg is among its exercise's steps, as people count them
 * (the audience's "Step N of M", the presenter console): step (1-based)
 * of *of. False for the safety card, which sits in the first exercise's
 * time but is none of its steps. */
bool lm_timeline_step(const LmTimeline *tl, int seg, int *step, int *of);

/* The figure at t: angles sampled with easing, root slerped, kinematics,
 * support, anchor and reach applied. Pure: same t, same frame. */
void lm_timeline_frame(const LmTimeline *tl, double t_s, LmFrame *out);
/* Only the interpolated pose (before kinematics) at t. */
void lm_timeline_pose(const LmTimeline *tl, double t_s, LmPose *out, int *item_out);

/* What the overlay shows at t. */
typedef struct {
    int item, n_items;
    int seg;
    LmSegKind kind;
    const char *title;   /* exercise title */
    const char *caption; /* current step */
    int side;            /* 0 none, 1 left, 2 right */
    int rep, reps;
    LmBreath breath;
    double breath_phase; /* 0..1 through the current breath move */
    bool countdown;
    double remaining_s;  /* of the current segment */
    double seg_progress; /* 0..1 */
    /* What comes next, one rule for every view. A lead-in (the safety card,
     * or the rest before an exercise starts) belongs to the exercise it
     * leads in to: that is the one coming; otherwise the one after. The
     * picture already shows a rest's own exercise, so next_item (what the
     * next-up box names) is the one after it; during the safety card it is
     * the first. */
    bool lead_in;
    int coming_item;        /* the exercise coming: -1 when none */
    int next_item;          /* the exercise after this one: -1 when none */
    const char *next_title; /* NULL when none */
    double routine_elapsed_s, routine_total_s;
    bool finished;
    /* The safety card (kind == LM_SEG_SAFETY): a title and short lines. */
    const char *card_title;
    const char *const *card_lines;
    int n_card_lines;
} LmOverlayState;
void lm_timeline_state(const LmTimeline *tl, double t_s, LmOverlayState *st);

/* Jump targets: the start of the step after t, the step before (or the
 * start of this one if more than `grace_s` has passed), and the same for
 * exercises. Clamped to [0, duration]. */
double lm_timeline_next_step(const LmTimeline *tl, double t_s);
double lm_timeline_prev_step(const LmTimeline *tl, double t_s, double grace_s);
double lm_timeline_next_item(const LmTimeline *tl, double t_s);
double lm_timeline_prev_item(const LmTimeline *tl, double t_s, double grace_s);

/* Write the timeline as JSON (the --timeline format). Returns a heap
 * string the caller frees, or NULL. */
char *lm_timeline_to_json(const LmTimeline *tl);

#endif
