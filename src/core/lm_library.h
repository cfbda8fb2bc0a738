/* lm_library: exercises, routines and the data library, as loaded from JSON.
 *
 * An exercise is a small program of moves. A move is one of
 *   motion  {"cue", "pose", "move_s", "ease", "anchor", "reach", "breath"}
 *   hold    {"cue", "hold": "level" | seconds, "breath"}
 *   repeat  {"repeat": "reps" | "hold" | N, "moves": [...]}
 * "setup" moves run once, "moves" run once per side (authored for the left
 * side and mirrored for the right), "finish" moves run once at the end.
 * The library owns every string and array; free it with lm_lib_free. */
#ifndef LM_LIBRARY_H
#define LM_LIBRARY_H

#include "lm_err.h"
#include "lm_skel.h"

typedef enum { LM_LEVEL_BEGINNER = 0, LM_LEVEL_ACTIVE, LM_LEVEL_COUNT } LmLevel;
const char *lm_level_name(LmLevel l);
/* Level from "beginner"/"active"; -1 when unknown. */
int lm_level_from_name(const char *s);

typedef enum { LM_BREATH_NONE = 0, LM_BREATH_IN, LM_BREATH_OUT } LmBreath;

#define LM_MAX_REACH 4

/* "effector (wrist or ankle) holds point `target` + offset". */
typedef struct {
    int effector;  /* LM_J_WRIST_L/R or LM_J_ANKLE_L/R */
    int target;    /* any point */
    LmVec3 offset; /* metres, in the target joint's frame */
    double weight; /* 0..1 */
} LmReach;

typedef enum { LM_MOVE_MOTION = 0, LM_MOVE_HOLD, LM_MOVE_REPEAT } LmMoveKind;

typedef enum { LM_REPEAT_COUNT = 0, LM_REPEAT_REPS, LM_REPEAT_HOLD } LmRepeatKind;

typedef struct LmMove LmMove;
struct LmMove {
    LmMoveKind kind;
    char *cue; /* spoken and captioned; may use {side} / {other}; may be NULL */
    LmBreath breath;
    /* motion */
    LmPose pose; /* full resolved pose at the end of the motion */
    double move_s;
    LmEase ease;
    int anchor;     /* point held still during the motion, or -1 */
    bool has_reach; /* false: keep the previous move's reach set */
    LmReach reach[LM_MAX_REACH];
    int n_reach;
    /* hold */
    bool hold_level; /* true: hold for the level's time */
    double hold_s;   /* when !hold_level */
    /* repeat */
    LmRepeatKind repeat_kind;
    int repeat_count;
    LmMove *moves;
    int n_moves;
};

typedef struct {
    LmMove *moves;
    int n;
} LmMoveList;

typedef enum { LM_PROP_MAT = 1, LM_PROP_CHAIR = 2 } LmPropFlags;

/* Where a stretch is felt: an exercise's "feel" names some of these (the
 * names anims/README.md lists), written for the left side; the second
 * side mirrors them. lm_feel_name gives the JSON name. */
typedef enum {
    LM_FEEL_LOW_BACK = 0,
    LM_FEEL_MID_BACK,
    LM_FEEL_UPPER_BACK,
    LM_FEEL_NECK,
    LM_FEEL_BELLY,
    LM_FEEL_GLUTE_L,
    LM_FEEL_GLUTE_R,
    LM_FEEL_HIP_L, /* the outer hip */
    LM_FEEL_HIP_R,
    LM_FEEL_HIP_FRONT_L, /* the hip flexors */
    LM_FEEL_HIP_FRONT_R,
    LM_FEEL_HAMSTRING_L,
    LM_FEEL_HAMSTRING_R,
    LM_FEEL_GROIN_L, /* the inner thigh */
    LM_FEEL_GROIN_R,
    LM_FEEL_SHOULDER_L, /* the back of the shoulder */
    LM_FEEL_SHOULDER_R,
    LM_FEEL_SIDE_L, /* the flank, from hip to ribs */
    LM_FEEL_SIDE_R,
    LM_FEEL_COUNT
} LmFeel;
#define LM_MAX_FEEL 6
const char *lm_feel_name(LmFeel f);
/* The same area on the other side (itself on the midline). */
LmFeel lm_feel_mirror(LmFeel f);

/* A second, small view beside the figure, for what the main camera cannot
 * show: none, from straight above (a twist), or close on the pelvis and
 * low back (a tilt). */
typedef enum { LM_INSET_NONE = 0, LM_INSET_ABOVE, LM_INSET_PELVIS, LM_INSET_SIDE } LmInset;

typedef struct {
    char *id;
    char *title;
    char *purpose;
    char *source; /* which article it comes from */
    char *path;   /* file it was loaded from */
    char **steps;
    int n_steps;
    double cam_yaw_deg, cam_pitch_deg;
    unsigned props;
    bool sided;
    bool first_right;         /* "first_side": "right": start with the mirrored side */
    LmFeel feel[LM_MAX_FEEL]; /* "feel": where the stretch is felt (left side) */
    int n_feel;
    LmInset inset; /* "inset": "above", "pelvis" or "side" */
    double hold_min_s[LM_LEVEL_COUNT], hold_max_s[LM_LEVEL_COUNT];
    int reps[LM_LEVEL_COUNT]; /* 0 when the exercise has no repetitions */
    char *switch_cue;         /* "Now the other side" style line */
    LmPose start;
    LmMoveList setup, per_side, finish;
    bool user; /* loaded from the user's own folder (lm_lib_load_user) */
} LmExercise;

typedef struct {
    char *exercise_id;
    int exercise;                  /* index into the library's exercises */
    double hold_s[LM_LEVEL_COUNT]; /* 0 = let the exercise choose */
} LmRoutineItem;

typedef struct {
    char *id;
    char *title;
    char *source;
    char *path;
    double rest_s;
    bool safety; /* show the safety card first */
    LmRoutineItem *items;
    int n_items;
    bool user; /* loaded from the user's own folder (lm_lib_load_user) */
} LmRoutine;

typedef struct {
    char *name;
    LmPose pose;
    double ypr_deg[3]; /* root yaw, pitch, roll as authored */
} LmNamedPose;

/* A voice clip known from assets/voice/manifest.json. */
typedef struct {
    char *text;
    char *file; /* relative to assets/voice */
    double duration_s;
} LmClip;

/* A user's file that could not be loaded (lm_user.h). */
typedef struct {
    char *path;    /* the file */
    char *id;      /* its file name without .json (what a card can call it) */
    bool routine;  /* found under routines/ (else exercises/) */
    char *message; /* the loader's first problem with it: "FILE: $.json.path: message" */
} LmBroken;

typedef struct {
    char *data_dir;
    LmSkeleton skel;
    LmNamedPose *poses;
    int n_poses;
    /* names in poses.json whose poses had problems: an exercise that uses
     * one is told so, not that the pose is unknown */
    char **bad_poses;
    int n_bad_poses;
    LmExercise *exercises;
    int n_exercises;
    LmRoutine *routines;
    int n_routines;
    LmClip *clips;
    int n_clips;
    /* anims/safety.json: the card shown before a routine */
    char *safety_title;
    char **safety_lines;
    int n_safety_lines;
    char *safety_cue;
    /* the user's files that could not be loaded (lm_lib_load_user) */
    LmBroken *broken;
    int n_broken;
} LmLibrary;

/* Load skeleton, poses, every exercise and routine (and the voice manifest
 * when present) from data_dir. Problems go to err; returns false when any
 * file failed. Whatever loaded stays usable. */
bool lm_lib_load(LmLibrary *lib, const char *data_dir, LmErrors *err);
void lm_lib_free(LmLibrary *lib);

/* Load one more exercise or routine file (a user's own); returns its index
 * or -1. Routines given by path resolve exercises by id or by a path
 * relative to the routine's folder (never outside it). */
int lm_lib_add_exercise_file(LmLibrary *lib, const char *path, LmErrors *err);
int lm_lib_add_routine_file(LmLibrary *lib, const char *path, LmErrors *err);

int lm_lib_find_exercise(const LmLibrary *lib, const char *id);
/* Whether the exercise's length follows the level's hold time (and so
 * --hold): a held stretch of the level's length, or moves repeated to fill
 * it (a breathing cycle). */
bool lm_exercise_uses_hold(const LmExercise *e);
int lm_lib_find_routine(const LmLibrary *lib, const char *id);
int lm_lib_find_pose(const LmLibrary *lib, const char *name);
const LmClip *lm_lib_find_clip(const LmLibrary *lib, const char *text);

/* The data folder's anims/DIR/ID.json (DIR "exercises" or "routines") when
 * it is a file there, else NULL; the caller frees it. An id with no
 * exercise or routine whose file is there was left out for its problems. */
char *lm_lib_data_file(const LmLibrary *lib, const char *dir, const char *id);

/* What a file holds, told from its top-level keys as --check tells it:
 * UNKNOWN when it cannot be read or parsed, or is none of limber's. */
typedef enum {
    LM_FILE_UNKNOWN,
    LM_FILE_EXERCISE,
    LM_FILE_ROUTINE,
    LM_FILE_SKELETON,
    LM_FILE_POSES,
    LM_FILE_VOICE,
    LM_FILE_SAFETY,
} LmFileKind;
LmFileKind lm_lib_file_kind(const char *path);
/* "an exercise", "the skeleton", ...: the kind as a message names it. */
const char *lm_file_kind_name(LmFileKind k);

/* Validate a buffer as if it were a file called name (for fuzzing). */
bool lm_lib_check_text(LmLibrary *lib, const char *name, const char *buf, size_t len, LmErrors *err);
/* Validate one file of any kind (skeleton, poses, exercise, routine),
 * guessing the kind from its content; every problem goes to err. */
bool lm_lib_check_file(LmLibrary *lib, const char *path, LmErrors *err);

#endif
