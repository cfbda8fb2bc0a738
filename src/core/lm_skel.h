/* lm_skel: the skeleton, poses, forward kinematics, mirroring, support and
 * two-bone IK. The joint set is fixed by the pose format (joint names are
 * part of every exercise file); the skeleton file supplies each joint's
 * parent, rest direction, bone length, axes and range-of-motion limits. */
#ifndef LM_SKEL_H
#define LM_SKEL_H

#include "lm_err.h"
#include "lm_math.h"

typedef enum {
    LM_J_PELVIS = 0,
    LM_J_LUMBAR,
    LM_J_THORAX,
    LM_J_NECK,
    LM_J_HEAD,
    LM_J_SHOULDER_L,
    LM_J_ELBOW_L,
    LM_J_WRIST_L,
    LM_J_SHOULDER_R,
    LM_J_ELBOW_R,
    LM_J_WRIST_R,
    LM_J_HIP_L,
    LM_J_KNEE_L,
    LM_J_ANKLE_L,
    LM_J_TOE_L,
    LM_J_HIP_R,
    LM_J_KNEE_R,
    LM_J_ANKLE_R,
    LM_J_TOE_R,
    LM_JOINT_COUNT
} LmJoint;

/* End sites: points carried by a joint that are not joints themselves
 * (the top of the head, the middle of the hand, heel and toe tip). */
typedef enum {
    LM_S_HEAD_TOP = 0,
    LM_S_HAND_L,
    LM_S_HAND_R,
    LM_S_HEEL_L,
    LM_S_HEEL_R,
    LM_S_TOE_TIP_L,
    LM_S_TOE_TIP_R,
    LM_SITE_COUNT
} LmSite;

/* A point is a joint (0..LM_JOINT_COUNT-1) or a site (LM_JOINT_COUNT + site). */
#define LM_POINT_COUNT (LM_JOINT_COUNT + LM_SITE_COUNT)
#define LM_POINT_SITE(s) (LM_JOINT_COUNT + (s))

typedef enum { LM_DOF_FLEX = 0, LM_DOF_ABD, LM_DOF_ROT, LM_DOF_COUNT } LmDof;

typedef struct {
    int parent;                 /* -1 for the pelvis */
    LmVec3 dir;                 /* unit rest direction from the parent, parent's frame */
    double length;              /* fraction of body height; 0 for the pelvis */
    bool has_dof[LM_DOF_COUNT]; /* which angles this joint has */
    LmVec3 axis[LM_DOF_COUNT];  /* rotation axis per angle, joint's rest frame */
    double min_rad[LM_DOF_COUNT];
    double max_rad[LM_DOF_COUNT];
} LmJointDef;

typedef struct {
    int joint;     /* the joint that carries it */
    LmVec3 offset; /* in that joint's frame, fraction of body height */
} LmSiteDef;

typedef struct {
    double height_m;
    LmJointDef joint[LM_JOINT_COUNT];
    LmSiteDef site[LM_SITE_COUNT];
    int order[LM_JOINT_COUNT]; /* parents before children */
} LmSkeleton;

/* A pose: anatomical angles (radians) plus the root's placement. The root
 * position is the pelvis in metres; y is replaced by the support solver. */
typedef struct {
    double ang[LM_JOINT_COUNT][LM_DOF_COUNT];
    LmQuat root_q;
    LmVec3 root_pos;
} LmPose;

/* World positions of every point and the world rotation of every joint. */
typedef struct {
    LmVec3 p[LM_POINT_COUNT];
    LmQuat q[LM_JOINT_COUNT];
} LmFrame;

const char *lm_joint_name(int j);
const char *lm_site_name(int s);
const char *lm_dof_name(int d);
/* Joint index from its name ("knee_l"), or -1. */
int lm_joint_from_name(const char *name);
/* Point index from a joint or site name ("hand_l", "knee_r"), or -1. */
int lm_point_from_name(const char *name);
const char *lm_point_name(int p);
/* The same joint/site/point on the other side (itself for the midline). */
int lm_joint_mirror(int j);
int lm_point_mirror(int p);
/* True for a joint on the midline (pelvis, spine, neck, head). */
bool lm_joint_is_midline(int j);

/* Load anims/skeleton.json. On failure returns false and fills err. */
bool lm_skel_load(LmSkeleton *sk, const char *path, LmErrors *err);
/* Zero pose: standing, facing +z, pelvis at the origin. */
void lm_pose_zero(LmPose *p);
/* Forward kinematics; positions in metres. Bone lengths never change. */
void lm_fk(const LmSkeleton *sk, const LmPose *pose, LmFrame *out);
/* Bone length in metres from point `p` to its parent (joint or carrier). */
double lm_bone_length_m(const LmSkeleton *sk, int point);
int lm_point_parent(const LmSkeleton *sk, int point);
/* The other side: swap left and right, negate abd and rot on the midline
 * and mirror the root across the x = 0 plane. Mirror twice = identity. */
void lm_pose_mirror(const LmPose *in, LmPose *out);
/* Count angles outside their limits; report each into err if given. */
int lm_pose_check_limits(const LmSkeleton *sk, const LmPose *pose, const char *file, const char *path, LmErrors *err);

/* Analytic two-bone IK. Root a, mid b and end c are current positions; the
 * chain is bent toward target in the plane of (a, b, c) (the current bend),
 * keeping |ab| and |bc|. Unreachable targets get a straight chain pointing
 * at them. Writes new b and c. */
void lm_ik_two_bone(LmVec3 a, LmVec3 b, LmVec3 c, LmVec3 target, LmVec3 *b_out, LmVec3 *c_out);

/* The body's half-thickness at a point in metres: what rests on the floor
 * is the surface, not the joint centre. The renderer draws limbs with the
 * same radii, so what touches in the core touches on screen. */
double lm_point_radius_m(const LmSkeleton *sk, int point);
/* Centre and radius of the head (drawn as a circle). */
LmVec3 lm_head_centre(const LmFrame *f);
double lm_head_radius_m(const LmSkeleton *sk);
/* The lowest body surface of a frame (y): every point less its radius, and
 * the head's sphere. */
double lm_frame_lowest_y(const LmSkeleton *sk, const LmFrame *f);
/* The point whose surface is lowest (-1 for the head). */
int lm_frame_lowest_point(const LmSkeleton *sk, const LmFrame *f);
/* Move the whole frame by d. */
void lm_frame_translate(LmFrame *f, LmVec3 d);

#endif
