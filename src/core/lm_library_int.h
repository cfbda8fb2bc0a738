/* lm_library_int: what the loader's files share and nobody else sees.
 *
 *   lm_library.c       the library: loading a data folder, look-ups, checking
 *                      one file, file kinds, the safety card, voice manifest
 *   lm_lib_pose.c      poses as authored, poses.json's named poses
 *   lm_lib_exercise.c  moves (easing, reach, cues) and exercises
 *   lm_lib_routine.c   routines and their items
 */
#ifndef LM_LIBRARY_INT_H
#define LM_LIBRARY_INT_H

#include "lm_library.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "lm_json.h"

#define MAX_TEXT 160 /* a cue or step must be readable from across a room */
#define MAX_STEPS 12
#define MAX_MOVES 64
#define MAX_ITEMS 64
#define MAX_REPEAT 60
#define MAX_FILES 512
#define MAX_POSES 256

/* The level names, in LmLevel order; ends in NULL, so it doubles as an
 * lm_j_known_keys list. */
extern const char *const lm_lib_level_names[LM_LEVEL_COUNT + 1];

/* A pose as authored: the resolved pose plus the root angles in degrees, so
 * a keyframe can change one root angle and inherit the others. */
typedef struct {
    LmPose pose;
    double ypr_deg[3];
} AuthPose;

/* One file being loaded: where its problems go, and poses.json's named
 * poses while that file loads. */
typedef struct {
    LmLibrary *lib;
    LmJ *j;
    AuthPose *named; /* named poses resolved so far (while loading poses.json) */
    char **named_names;
    int n_named;
    const cJSON *pose_file; /* poses.json's "poses" while it loads, to tell */
    const char *pose_name;  /* a base that comes later from one that is not there */
    const char *told[8];    /* bases this file was told poses.json left out, */
    int n_told;             /* each said once, not at every use */
} Ctx;

/* What a parsed file is, by the keys lm_lib_check_root tells the kinds
 * apart by, in its order (NULL or not an object: unknown). */
LmFileKind lm_lib_kind_of_json(const cJSON *root);

/* Parse a pose object into out, starting from `inherit` (or its "base"). */
bool lm_lib_parse_pose(Ctx *c, const cJSON *o, const AuthPose *inherit, AuthPose *out, bool need_base);

/* A text said or shown with no side to name (a title, the safety card's
 * cue): no placeholders at all. */
void lm_lib_check_no_braces(LmJ *j, const char *key, const char *text);

/* Free what an exercise owns (not e itself). */
void lm_lib_free_exercise(LmExercise *e);

/* An id: 1 to 48 lowercase letters, digits and dashes. */
bool lm_lib_valid_id(const char *s);

/* Report an id that is not valid or does not match its file's name. */
void lm_lib_check_id(LmJ *j, const char *id, const char *path);

/* An optional array of at most max_n short strings at key, copied into *out. */
bool lm_lib_parse_strings(LmJ *j, const cJSON *o, const char *key, int max_n, char ***out, int *n_out);

/* Parse an exercise document; problems go to c->j. */
bool lm_lib_parse_exercise(Ctx *c, const cJSON *root, const char *path, LmExercise *e);

/* Free what a routine owns (not r itself). */
void lm_lib_free_routine(LmRoutine *r);

/* A routine may name an exercise file relative to its own folder; the path
 * must stay inside that folder: no absolute paths and no "..". */
bool lm_lib_safe_relative(const char *rel);

/* Parse a routine document; problems go to c->j. */
bool lm_lib_parse_routine(Ctx *c, const cJSON *root, const char *path, LmRoutine *r);

/* Parse poses.json into the library's named poses. */
bool lm_lib_parse_poses(Ctx *c, const cJSON *root);

/* Parse and add an exercise; its index, or -1 with the problems in err. */
int lm_lib_add_exercise_from_json(LmLibrary *lib, const cJSON *root, const char *path, LmErrors *err);

/* Check a parsed document of any kind, without keeping it. */
bool lm_lib_check_root(LmLibrary *lib, const cJSON *root, const char *name, LmErrors *err);

#endif
