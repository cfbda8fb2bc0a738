/* lm_stage: how the figure is staged for the eye at a time t, worked out
 * from the timeline and the skeleton alone: the camera (mirrored for the
 * second side, swinging round to it through the switch), which side
 * is working, and the hints a step draws (an arrow along the path of the
 * part that moves, a ghost of the pose it moves to, a glow where a hold is
 * felt). Pure functions of the timeline; no SDL. */
#ifndef LM_STAGE_H
#define LM_STAGE_H

#include "lm_timeline.h"

/* The camera at t. */
typedef struct {
    double yaw_deg, pitch_deg;
    double min_x, max_x, min_y, max_y; /* framing box in the camera plane (metres) */
    bool second_side;                  /* the exercise's view mirrored, so the working side is near again */
    double cover;                      /* 0..1: how far the stage dips to the background (the cut between exercises) */
} LmStageCamera;
void lm_stage_camera(const LmTimeline *tl, double t_s, LmStageCamera *out);

/* The side working at t: 1 left, 2 right, or 0 for an exercise done with
 * both sides at once. Steady through one side: the moves before the first
 * side already count as it, and the change comes halfway through the
 * switch, where the camera changes too. */
int lm_stage_side(const LmTimeline *tl, double t_s);

/* Points an arrow can follow: any frame point, or one of these, carried
 * rigidly by a joint so that a part that turns (the pelvis rocking, the
 * chest turning, the head nodding) has a path too. */
enum {
    LM_STAGE_PELVIS_FRONT = LM_POINT_COUNT, /* the front of the pelvis */
    LM_STAGE_CHEST,                         /* the breastbone */
    LM_STAGE_NOSE,
    LM_STAGE_LOW_BACK, /* the low back's surface */
    LM_STAGE_POINT_COUNT
};
LmVec3 lm_stage_point(const LmSkeleton *sk, const LmFrame *f, int point);
const char *lm_stage_point_name(int point);

#define LM_STAGE_PATH 12 /* samples along an arrow */
#define LM_STAGE_MAX_ARROWS 2

typedef struct {
    int point;                  /* what moves */
    LmVec3 path[LM_STAGE_PATH]; /* where it is, world metres, from the step's start to its end */
    double length_m;            /* the path's length in the camera plane */
    bool turn;                  /* a part turning: the path is an arc about the joint that turns it */
} LmStageArrow;

/* What a segment draws besides the figure. */
typedef struct {
    int seg; /* the segment, or -1 */
    double t0_s, t1_s;
    int n_arrows; /* a move's largest motions (none for a still or tiny one) */
    LmStageArrow arrow[LM_STAGE_MAX_ARROWS];
    bool ghost; /* a move: show the pose it ends on, faintly */
    double ghost_t_s;
    int n_feel; /* a hold: where it is felt, mirrored for the second side */
    LmFeel feel[LM_MAX_FEEL];
} LmStageHints;
/* The hints of segment seg (depend on the segment only: cache them). */
void lm_stage_hints(const LmTimeline *tl, int seg, LmStageHints *out);
/* How strongly the hints show at t within their segment: they fade in at
 * its start and out at its end (0..1). */
double lm_stage_hint_fade(const LmStageHints *h, double t_s);

/* Where a feel area lies on the body of frame f: up to 3 spot centres on
 * its surface (returned count) and the spots' radius. */
int lm_stage_feel_spots(const LmSkeleton *sk, const LmFrame *f, LmFeel area, LmVec3 spot[3], double *radius_m);

/* The low back's gap to the floor in frame f, for an exercise whose second
 * view is the pelvis close-up (a tilt): from the back's surface straight
 * down to the floor (or the mat's top). False for any other exercise. */
bool lm_stage_gap(const LmItem *it, const LmSkeleton *sk, const LmFrame *f, LmVec3 *top, LmVec3 *bottom);

/* Camera-plane position (x right, y up, z toward the viewer) of world
 * point p under camera c. */
LmVec3 lm_stage_view(const LmStageCamera *c, LmVec3 p);

#endif
