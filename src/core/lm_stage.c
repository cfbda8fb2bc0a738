/* lm_stage: staging for the eye, from the timeline alone (see lm_stage.h).
 *
 * Why each rule (what newcomers misread without it):
 * - An exercise's camera is written for its first side. Seen from the
 *   same side, the second side's working limbs are the far ones, dark and
 *   half hidden, so the second side gets the mirrored view. The view
 *   swings round to it through the switch, slowly and eased, while the
 *   figure rests: a cut made the other side look like a new exercise. The
 *   swing rises over the figure on the way, so a body lying down is not
 *   seen end on from its feet.
 * - The working side is steady for a whole side: a limb that changed shade
 *   with its depth from one frame to the next seemed to swap sides.
 * - A move shows where it goes before it gets there: an arrow along the
 *   path of what moves most (measured in the camera plane, so a motion
 *   toward the camera does not win) and a ghost of the pose it ends on. */
#include "lm_stage.h"

#include <math.h>
#include <string.h>

#define SWING_PITCH_DEG 50 /* a side change's swing rises to this over the figure */
#define ITEM_CUT_S 0.35    /* each half of the dip between two exercises */
#define HINT_FADE_S 0.35   /* hints fade in and out over this */
#define ARROW_MIN_M 0.12   /* a smaller motion (a breath, a settling hand) gets no arrow */
#define TURN_MIN_M 0.02    /* a turning part's front moves this far in 8 degrees or so */
#define LOOPY 1.7          /* a path this many times its ends' distance gets no arrow */
#define ARROW_SECOND 0.6   /* a second arrow: at least this share of the first's length */
#define ARROW_APART_M 0.15 /* ... and ending this far from it */
#define GHOST_MIN_S 0.6    /* a shorter move shows no ghost */
#define MAT_TOP_M 0.008    /* the mat's thickness, as the figure draws it */

LmVec3 lm_stage_view(const LmStageCamera *c, LmVec3 p) { return lm_camera_view(c->yaw_deg, c->pitch_deg, p); }

/* The switch segment t falls in, before its middle: the side of the
 * segment before it still holds. */
static bool before_switch_cut(const LmTimeline *tl, int seg, double t_s)
{
    const LmSegment *s = &tl->segs[seg];
    return s->kind == LM_SEG_SWITCH && t_s < 0.5 * (s->t0_s + s->t1_s);
}

int lm_stage_side(const LmTimeline *tl, double t_s)
{
    if (!tl || tl->n_segs == 0 || tl->n_items == 0)
        return 0;
    int seg = lm_timeline_seg_at(tl, t_s);
    if (seg < 0)
        return 0;
    int item = tl->segs[seg].item;
    if (item < 0 || item >= tl->n_items || !tl->items[item].sided)
        return 0;
    /* the latest side named at or before t within the exercise ... */
    for (int s = seg; s >= 0 && tl->segs[s].item == item; s--) {
        if (tl->segs[s].side == 0 || (s == seg && before_switch_cut(tl, s, t_s)))
            continue;
        return tl->segs[s].side;
    }
    /* ... or, before the first side, the first side */
    for (int s = seg; s < tl->n_segs && tl->segs[s].item == item; s++)
        if (tl->segs[s].side != 0)
            return tl->segs[s].side;
    return 0;
}

/* The side the exercise begins with (1 left, 2 right). */
static int first_side(const LmItem *it) { return it->first_right ? 2 : 1; }

/* How much a dip covers the stage k of its half-length from its deepest
 * point: all of it at 0, none from 1 on, eased between. */
static double dip(double k)
{
    if (!(k < 1.0))
        return 0.0;
    k = k < 0 ? 0 : k;
    return 1.0 - k * k * (3.0 - 2.0 * k);
}

/* The switch of exercise `item` that t falls in, or -1. */
static int switch_at(const LmTimeline *tl, int item, double t_s)
{
    int seg = lm_timeline_seg_at(tl, t_s);
    if (seg < 0 || tl->segs[seg].kind != LM_SEG_SWITCH || tl->segs[seg].item != item)
        return -1;
    return seg;
}

/* The camera swinging round the resting figure through switch `seg`:
 * from the view of the side before to the mirrored one, the short way
 * round, rising over the figure on the way so that a body lying down is
 * never seen end on from its feet. Framed to hold both sides' boxes, eased
 * between them, and the pose itself as seen at that moment. */
static void swing(const LmTimeline *tl, const LmItem *it, int seg, double t_s, LmStageCamera *out)
{
    const LmSegment *sg = &tl->segs[seg];
    double u = (t_s - sg->t0_s) / fmax(sg->t1_s - sg->t0_s, 1e-9);
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    double k = u * u * (3.0 - 2.0 * u);
    /* the side before the switch is the first side: a sided exercise has
     * one switch */
    double y0 = it->cam_yaw_deg, y1 = -y0;
    double turn = fabs(y0) <= 90.0 ? y1 - y0 : (y0 > 0 ? 1.0 : -1.0) * (360.0 - 2.0 * fabs(y0));
    double yaw = y0 + turn * k;
    yaw = yaw > 180.0 ? yaw - 360.0 : yaw < -180.0 ? yaw + 360.0 : yaw;
    double p0 = it->cam_pitch_deg, top = fmax(p0, SWING_PITCH_DEG);
    out->yaw_deg = yaw;
    out->pitch_deg = p0 + (top - p0) * sin(LM_PI * k);
    /* both sides' boxes, eased, and the pose as seen now */
    out->min_x = it->frame_min_x + (-it->frame_max_x - it->frame_min_x) * k;
    out->max_x = it->frame_max_x + (-it->frame_min_x - it->frame_max_x) * k;
    LmFrame f;
    lm_timeline_frame(tl, t_s, &f);
    LmCamera cam = lm_camera_at(out->yaw_deg, out->pitch_deg);
    for (int i = 0; i < LM_POINT_COUNT; i++) {
        LmVec3 v = lm_camera_apply(&cam, f.p[i]);
        out->min_x = fmin(out->min_x, v.x), out->max_x = fmax(out->max_x, v.x);
        out->min_y = fmin(out->min_y, v.y), out->max_y = fmax(out->max_y, v.y);
    }
    out->min_y = fmin(out->min_y, lm_camera_apply(&cam, lm_v3(0, 0, 0)).y);
}

void lm_stage_camera(const LmTimeline *tl, double t_s, LmStageCamera *out)
{
    memset(out, 0, sizeof *out);
    if (!tl || tl->n_items == 0)
        return;
    int item = lm_timeline_item_at(tl, t_s);
    const LmItem *it = &tl->items[item];
    out->yaw_deg = it->cam_yaw_deg;
    out->pitch_deg = it->cam_pitch_deg;
    out->min_x = it->frame_min_x;
    out->max_x = it->frame_max_x;
    out->min_y = it->frame_min_y;
    out->max_y = it->frame_max_y;
    int side = lm_stage_side(tl, t_s);
    if (it->sided && side != 0 && side != first_side(it)) {
        /* Seen with the yaw negated, the mirrored body is the mirror image
         * of the first side seen as written: its box flips across x. */
        out->second_side = true;
        out->yaw_deg = -it->cam_yaw_deg;
        out->min_x = -it->frame_max_x;
        out->max_x = -it->frame_min_x;
    }
    /* Through a switch the view swings round to the other side. */
    int sw = it->sided ? switch_at(tl, item, t_s) : -1;
    if (sw >= 0)
        swing(tl, it, sw, t_s, out);
    /* Each exercise has its own camera, so the change from one to the
     * next is a cut: the stage dips through the background over the last
     * and first ITEM_CUT_S of an exercise (the last has no cut after it:
     * the session ends on its pose). */
    bool last = item == tl->n_items - 1;
    out->cover = dip((last ? t_s - it->t0_s : fmin(t_s - it->t0_s, it->t1_s - t_s)) / ITEM_CUT_S);
}

/* ---- points carried by a joint ---------------------------------------- */

static const char *const extra_names[] = {"pelvis_front", "chest", "nose", "low_back"};

const char *lm_stage_point_name(int point)
{
    if (point >= 0 && point < LM_POINT_COUNT)
        return lm_point_name(point);
    if (point >= LM_POINT_COUNT && point < LM_STAGE_POINT_COUNT)
        return extra_names[point - LM_POINT_COUNT];
    return "?";
}

/* A point at `local` (x the body's left, y along the segment, z its front;
 * fractions of the body height) in joint j's frame. */
static LmVec3 carried(const LmSkeleton *sk, const LmFrame *f, int j, LmVec3 local)
{
    return lm_v3_add(f->p[j], lm_quat_rotate(f->q[j], lm_v3_scale(local, sk->height_m)));
}

LmVec3 lm_stage_point(const LmSkeleton *sk, const LmFrame *f, int point)
{
    switch (point) {
    case LM_STAGE_PELVIS_FRONT: return carried(sk, f, LM_J_PELVIS, lm_v3(0, -0.02, 0.07));
    case LM_STAGE_CHEST: return carried(sk, f, LM_J_THORAX, lm_v3(0, 0.05, 0.07));
    case LM_STAGE_LOW_BACK: return carried(sk, f, LM_J_LUMBAR, lm_v3(0, 0, -0.028));
    case LM_STAGE_NOSE:
        return lm_v3_add(lm_head_centre(f), lm_quat_rotate(f->q[LM_J_HEAD], lm_v3(0, 0, 1.3 * lm_head_radius_m(sk))));
    default: return point >= 0 && point < LM_POINT_COUNT ? f->p[point] : lm_v3(0, 0, 0);
    }
}

/* ---- hints ------------------------------------------------------------- */

/* What can carry an arrow: the ends people move. */
static const int movers[] = {
    LM_POINT_SITE(LM_S_HAND_L),
    LM_POINT_SITE(LM_S_HAND_R),
    LM_J_KNEE_L,
    LM_J_KNEE_R,
    LM_POINT_SITE(LM_S_HEEL_L),
    LM_POINT_SITE(LM_S_HEEL_R),
    LM_STAGE_PELVIS_FRONT,
    LM_STAGE_CHEST,
    LM_STAGE_NOSE,
    LM_J_SHOULDER_L,
    LM_J_SHOULDER_R,
    LM_STAGE_LOW_BACK,
};
/* A part that turns (the pelvis rocking, the chest turning) gets an arc
 * around the joint that turns it, in the picture's plane, at a radius wide
 * enough to read, through the angles the part turns through. */
#define TURN_R_M 0.13
#define TURN_GAIN 1.6 /* the arc sweeps this much more than the part turns: a small tilt reads */
static int turns_about(int point)
{
    switch (point) {
    case LM_STAGE_PELVIS_FRONT: return LM_J_PELVIS;
    case LM_STAGE_CHEST: return LM_J_THORAX;
    default: return -1;
    }
}
#define N_MOVERS ((int)(sizeof movers / sizeof movers[0]))
/* Which limb each mover belongs to (left arm, right arm, left leg, right
 * leg, trunk), and how its length is weighed against its limb's others. */
#define N_LIMBS 6 /* ... and the low back on its own, which presses down as the pelvis rocks */
static const int mover_limb[N_MOVERS] = {0, 1, 2, 3, 2, 3, 4, 4, 4, 4, 4, 5};
static const double mover_bias[N_MOVERS] = {1.0, 1.0, 1.25, 1.25, 1.0, 1.0, 1.0, 1.0, 0.8, 1.1, 1.1, 1.4};
/* The least a mover's path must be to get an arrow: parts of the trunk
 * move little for what they do (a tilt, a press), limbs a lot. */
static double min_len(int m) { return mover_limb[m] == 5 || turns_about(movers[m]) >= 0 ? TURN_MIN_M : ARROW_MIN_M; }

static double plane_len(const LmStageCamera *c, const LmVec3 *path, int n)
{
    double len = 0;
    for (int k = 1; k < n; k++) {
        LmVec3 a = lm_stage_view(c, path[k - 1]), b = lm_stage_view(c, path[k]);
        len += hypot(b.x - a.x, b.y - a.y);
    }
    return len;
}

/* Replace a turning part's path by its arc about pivot (one position a
 * sample), as seen by cam. */
static void turn_arc(const LmStageCamera *cam, const LmVec3 pivot[LM_STAGE_PATH], LmStageArrow *a)
{
    /* the picture's axes in the world: the view is a rotation, so its rows */
    LmVec3 ex = lm_stage_view(cam, lm_v3(1, 0, 0)), ey = lm_stage_view(cam, lm_v3(0, 1, 0)),
           ez = lm_stage_view(cam, lm_v3(0, 0, 1));
    LmVec3 X = lm_v3(ex.x, ey.x, ez.x), Y = lm_v3(ex.y, ey.y, ez.y);
    double prev = 0, unwrap = 0, a0 = 0;
    for (int i = 0; i < LM_STAGE_PATH; i++) {
        LmVec3 d = lm_stage_view(cam, lm_v3_sub(a->path[i], pivot[i]));
        double ang = atan2(d.y, d.x);
        if (i > 0) { /* no jump across the half-turn */
            double step = ang - prev;
            step -= 2 * LM_PI * floor((step + LM_PI) / (2 * LM_PI));
            unwrap += step;
        } else {
            unwrap = ang;
        }
        prev = ang;
        if (i == 0)
            a0 = unwrap;
        double sweep = a0 + TURN_GAIN * (unwrap - a0);
        a->path[i] = lm_v3_add(pivot[i],
                               lm_v3_add(lm_v3_scale(X, TURN_R_M * cos(sweep)), lm_v3_scale(Y, TURN_R_M * sin(sweep))));
    }
    a->turn = true;
}

void lm_stage_hints(const LmTimeline *tl, int seg, LmStageHints *out)
{
    memset(out, 0, sizeof *out);
    out->seg = -1;
    if (!tl || seg < 0 || seg >= tl->n_segs)
        return;
    const LmSegment *s = &tl->segs[seg];
    out->seg = seg;
    out->t0_s = s->t0_s;
    out->t1_s = s->t1_s;
    const LmItem *it = &tl->items[s->item];
    if (s->kind == LM_SEG_HOLD) {
        /* the pose is mirrored on the right side (2), as written on the left */
        bool mirrored = lm_stage_side(tl, 0.5 * (s->t0_s + s->t1_s)) == 2;
        /* a sided exercise's hold before either side begins (sitting tall
         * first) stretches nothing yet */
        if (it->sided && s->side == 0)
            return;
        for (int k = 0; k < it->n_feel && k < LM_MAX_FEEL; k++)
            out->feel[out->n_feel++] = mirrored ? lm_feel_mirror(it->feel[k]) : it->feel[k];
        return;
    }
    if (s->kind != LM_SEG_MOVE || !(s->t1_s > s->t0_s))
        return;
    /* The path of every mover over the segment, in the camera of its middle. */
    LmStageCamera cam;
    lm_stage_camera(tl, 0.5 * (s->t0_s + s->t1_s), &cam);
    LmVec3 path[N_MOVERS][LM_STAGE_PATH], pivot[2][LM_STAGE_PATH];
    double len[N_MOVERS];
    for (int k = 0; k < LM_STAGE_PATH; k++) {
        /* the last sample just inside the segment: its end pose */
        double t = s->t0_s + (s->t1_s - s->t0_s) * k / (LM_STAGE_PATH - 1);
        if (k == LM_STAGE_PATH - 1)
            t = nextafter(s->t1_s, s->t0_s);
        LmFrame f;
        lm_timeline_frame(tl, t, &f);
        for (int m = 0; m < N_MOVERS; m++)
            path[m][k] = lm_stage_point(tl->skel, &f, movers[m]);
        pivot[0][k] = f.p[LM_J_PELVIS];
        pivot[1][k] = f.p[LM_J_THORAX];
    }
    for (int m = 0; m < N_MOVERS; m++) {
        len[m] = plane_len(&cam, path[m], LM_STAGE_PATH) * mover_bias[m];
        /* a path that doubles back on itself (a hand lifted over, then
         * down) draws as a knot: the ghost shows where it goes instead */
        LmVec3 a = lm_stage_view(&cam, path[m][0]), b = lm_stage_view(&cam, path[m][LM_STAGE_PATH - 1]);
        if (turns_about(movers[m]) < 0 && len[m] > LOOPY * mover_bias[m] * hypot(b.x - a.x, b.y - a.y))
            len[m] = 0;
    }
    /* One mover per limb: a knee rather than its heel unless the heel goes
     * clearly further (the knee is what people are told to move). */
    int pick[N_LIMBS];
    for (int l = 0; l < N_LIMBS; l++)
        pick[l] = -1;
    for (int m = 0; m < N_MOVERS; m++) {
        int l = mover_limb[m];
        /* only a motion big enough for its kind counts: the head's small
         * nod must not hide the low back sinking */
        if (len[m] >= min_len(m) && (pick[l] < 0 || len[m] > len[pick[l]]))
            pick[l] = m;
    }
    int best = -1, second = -1;
    for (int l = 0; l < N_LIMBS; l++)
        if (pick[l] >= 0 && (best < 0 || len[pick[l]] > len[best]))
            best = pick[l];
    if (best >= 0 && len[best] >= min_len(best)) {
        /* a second, clearly separate motion of nearly the same size (the
         * other leg sliding long, a hand reaching while a knee rises) */
        LmVec3 e1 = lm_stage_view(&cam, path[best][LM_STAGE_PATH - 1]);
        for (int l = 0; l < N_LIMBS; l++) {
            int m = pick[l];
            if (m < 0 || m == best || mover_limb[m] == mover_limb[best] || len[m] < ARROW_SECOND * len[best] ||
                len[m] < min_len(m))
                continue;
            LmVec3 e2 = lm_stage_view(&cam, path[m][LM_STAGE_PATH - 1]);
            if (hypot(e1.x - e2.x, e1.y - e2.y) < ARROW_APART_M)
                continue;
            if (second < 0 || len[m] > len[second])
                second = m;
        }
        int chosen[2] = {best, second};
        for (int k = 0; k < 2 && chosen[k] >= 0; k++) {
            LmStageArrow *a = &out->arrow[out->n_arrows++];
            a->point = movers[chosen[k]];
            a->length_m = plane_len(&cam, path[chosen[k]], LM_STAGE_PATH);
            memcpy(a->path, path[chosen[k]], sizeof a->path);
            int about = turns_about(a->point);
            if (about >= 0)
                turn_arc(&cam, pivot[about == LM_J_PELVIS ? 0 : 1], a);
        }
    }
    if (s->t1_s - s->t0_s >= GHOST_MIN_S && out->n_arrows > 0) {
        out->ghost = true;
        out->ghost_t_s = nextafter(s->t1_s, s->t0_s);
    }
}

double lm_stage_hint_fade(const LmStageHints *h, double t_s)
{
    if (!h || h->seg < 0)
        return 0.0;
    double k = fmin(t_s - h->t0_s, h->t1_s - t_s) / HINT_FADE_S;
    k = lm_clamp(k, 0.0, 1.0);
    return k * k * (3.0 - 2.0 * k);
}

/* ---- where it is felt ------------------------------------------------- */

typedef struct {
    int a, b;      /* along the bone from a to b ... */
    double t0, t1; /* ... from t0 to t1 of the way */
    int frame;     /* whose frame gives the surface direction */
    LmVec3 dir;    /* toward the surface, in that frame (x the body's left, z front) */
    double depth;  /* how far out, fractions of height */
} Area;

/* Left-side areas; the right ones are their mirrors (x negated, the
 * right-hand joints). */
static const Area areas[LM_FEEL_COUNT] = {
    [LM_FEEL_LOW_BACK] = {LM_J_PELVIS, LM_J_LUMBAR, 0.25, 1.0, LM_J_LUMBAR, {0, 0, -1}, 0.03},
    [LM_FEEL_MID_BACK] = {LM_J_LUMBAR, LM_J_THORAX, 0.2, 1.0, LM_J_THORAX, {0, 0, -1}, 0.03},
    [LM_FEEL_UPPER_BACK] = {LM_J_THORAX, LM_J_NECK, 0.1, 0.8, LM_J_THORAX, {0, 0, -1}, 0.03},
    [LM_FEEL_NECK] = {LM_J_NECK, LM_J_HEAD, 0.0, 0.6, LM_J_NECK, {0, 0, -1}, 0.012},
    [LM_FEEL_BELLY] = {LM_J_PELVIS, LM_J_LUMBAR, 0.3, 1.0, LM_J_LUMBAR, {0, 0, 1}, 0.04},
    [LM_FEEL_GLUTE_L] = {LM_J_PELVIS, LM_J_HIP_L, 0.6, 0.6, LM_J_PELVIS, {0, -0.4, -1}, 0.04},
    [LM_FEEL_HIP_L] = {LM_J_HIP_L, LM_J_KNEE_L, 0.0, 0.15, LM_J_HIP_L, {1, 0, 0}, 0.02},
    [LM_FEEL_HIP_FRONT_L] = {LM_J_HIP_L, LM_J_KNEE_L, 0.0, 0.2, LM_J_HIP_L, {0, 0, 1}, 0.02},
    [LM_FEEL_HAMSTRING_L] = {LM_J_HIP_L, LM_J_KNEE_L, 0.25, 0.8, LM_J_HIP_L, {0, 0, -1}, 0.018},
    [LM_FEEL_GROIN_L] = {LM_J_HIP_L, LM_J_KNEE_L, 0.1, 0.45, LM_J_HIP_L, {-1, 0, 0}, 0.016},
    [LM_FEEL_SHOULDER_L] = {LM_J_SHOULDER_L, LM_J_ELBOW_L, 0.0, 0.2, LM_J_THORAX, {0, 0, -1}, 0.015},
    [LM_FEEL_SIDE_L] = {LM_J_LUMBAR, LM_J_THORAX, 0.0, 0.9, LM_J_LUMBAR, {1, 0, 0}, 0.045},
};

int lm_stage_feel_spots(const LmSkeleton *sk, const LmFrame *f, LmFeel area, LmVec3 spot[3], double *radius_m)
{
    if (area < 0 || area >= LM_FEEL_COUNT)
        return 0;
    bool right = area >= LM_FEEL_GLUTE_L && ((area - LM_FEEL_GLUTE_L) & 1);
    Area A = areas[right ? lm_feel_mirror(area) : area];
    if (right) {
        A.a = lm_point_mirror(A.a);
        A.b = lm_point_mirror(A.b);
        A.frame = lm_joint_mirror(A.frame);
        A.dir.x = -A.dir.x;
    }
    LmVec3 out = lm_quat_rotate(f->q[A.frame], lm_v3_norm(A.dir));
    int n = A.t1 - A.t0 > 0.3 ? 3 : A.t1 > A.t0 ? 2 : 1;
    for (int k = 0; k < n; k++) {
        double t = n == 1 ? A.t0 : A.t0 + (A.t1 - A.t0) * k / (n - 1);
        LmVec3 p = lm_v3_lerp(f->p[A.a], f->p[A.b], t);
        spot[k] = lm_v3_add(p, lm_v3_scale(out, A.depth * sk->height_m));
    }
    *radius_m = 0.045 * sk->height_m;
    return n;
}

bool lm_stage_gap(const LmItem *it, const LmSkeleton *sk, const LmFrame *f, LmVec3 *top, LmVec3 *bottom)
{
    if (!it || it->inset != LM_INSET_PELVIS)
        return false;
    *top = lm_stage_point(sk, f, LM_STAGE_LOW_BACK);
    *bottom = lm_v3(top->x, (it->props & LM_PROP_MAT) ? MAT_TOP_M : 0.0, top->z);
    return true;
}
