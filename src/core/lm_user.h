/* lm_user: the user's own routines and exercises, and a routine being built.
 * Core layer: no SDL. User files live in USER/routines/NAME.json and
 * USER/exercises/NAME.json, where the shell passes USER =
 * $XDG_DATA_HOME/limber (default ~/.local/share/limber; lb_user_data_dir()
 * in src/app/paths.h computes it).
 *
 * LmLibrary (lm_library.h) carries what this adds: `user` in LmExercise and
 * LmRoutine (loaded from the user's folder), and `broken` / `n_broken`,
 * the user's files that could not be loaded (LmBroken). */
#ifndef LM_USER_H
#define LM_USER_H

#include <stddef.h>

#include "lm_library.h"

/* Load every *.json in USER/exercises, then USER/routines (each folder in
 * name order) into lib, marked user. A missing folder is not a problem. A
 * file that fails to load, or whose id is a shipped id (it may never shadow
 * one), goes to lib->broken and to err. Returns how many loaded. Called
 * again, it first lets go of what the last call loaded (user routines and
 * exercises, lib->broken), so the folder is read afresh: indices of the
 * user's entries, and timelines compiled from them, do not survive it. */
int lm_lib_load_user(LmLibrary *lib, const char *user_dir, LmErrors *err);

#define LM_DRAFT_MAX_ITEMS 40
#define LM_DRAFT_TITLE_MAX 60 /* bytes of UTF-8 */
typedef struct {
    int exercise;                  /* index into lib->exercises */
    double hold_s[LM_LEVEL_COUNT]; /* 0 = the exercise's own choice */
} LmDraftItem;
typedef struct {
    char title[LM_DRAFT_TITLE_MAX + 1];
    char editing_id[128]; /* the user routine being edited, "" for a new one */
    double rest_s;        /* between exercises */
    bool safety;          /* the safety card opens the routine (default true) */
    LmLevel level;        /* the level whose holds the builder sets and shows */
    LmDraftItem items[LM_DRAFT_MAX_ITEMS];
    int n;
} LmDraft;

void lm_draft_init(LmDraft *d, LmLevel level); /* empty, rest 10 s, safety on */
/* Start editing a user routine (false when it is not the user's). */
bool lm_draft_from_routine(LmDraft *d, const LmLibrary *lib, int routine, LmLevel level);
bool lm_draft_add(LmDraft *d, int at, int exercise); /* at = d->n appends; false when full */
bool lm_draft_remove(LmDraft *d, int at);
bool lm_draft_move(LmDraft *d, int from, int to);
/* The hold range the exercise's article gives at the level (its
 * hold_min_s..hold_max_s), and its default. An exercise with no held
 * stretch gives 0, 0, 0. */
void lm_draft_hold_range(const LmLibrary *lib, int exercise, LmLevel level, double *min_s, double *max_s,
                         double *default_s);
/* Set item at's hold at d->level, clamped into the range; returns what was set. */
double lm_draft_set_hold(LmDraft *d, const LmLibrary *lib, int at, double s);
/* The hold item at plays for at d->level: its own, else the default (0 for
 * an exercise with no held stretch, or no such item). */
double lm_draft_hold(const LmDraft *d, const LmLibrary *lib, int at);
double lm_draft_set_rest(LmDraft *d, double s); /* clamped to 0..60 */
/* Set the title, cut to LM_DRAFT_TITLE_MAX bytes at a character's edge;
 * false when it had to be cut. */
bool lm_draft_set_title(LmDraft *d, const char *title);
/* How long the routine lasts at d->level, as the timeline compiles it
 * (the same number the home screen shows for a saved routine); 0 when
 * empty. */
double lm_draft_seconds(const LmDraft *d, const LmLibrary *lib);
/* The id the title makes: lower-case ASCII words joined by '-', unique
 * among the library's routines and never a shipped id ("-2", "-3"... added);
 * when editing, the routine's own id is kept. "my-routine" for an empty title. */
void lm_draft_id(const LmDraft *d, const LmLibrary *lib, char *id, size_t n);
/* Write the draft as an ordinary routine file USER/routines/ID.json
 * (the format anims/README.md documents), after validating the text with
 * the same loader that reads it; written to a temporary file in the same
 * folder, flushed, then renamed over, so an interrupted or failed save
 * leaves any old file as it was. The folder is made when missing. On
 * success the routine is (re)loaded into lib and its id written to saved_id.
 * On failure (read-only or full folder, ...) err says what and where and
 * nothing is changed. Needs at least one item. Routine indices may change
 * (an edited routine is dropped and loaded again at the end). */
bool lm_draft_save(const LmDraft *d, LmLibrary *lib, const char *user_dir, char *saved_id, size_t n, LmErrors *err);
/* Delete a user routine's file and drop it from lib (false, with err, for a
 * shipped routine or when the file cannot be removed). Later routines'
 * indices move down by one. */
bool lm_user_delete_routine(LmLibrary *lib, int routine, LmErrors *err);

/* For tests: make the next lm_draft_save stop after writing, flushing and
 * syncing its temporary file, before the rename, as a crash or power cut
 * there would: it returns false and leaves the temporary file (a hidden
 * ".ID.json.XXXXXX", which no loader reads) behind. */
void lm_user_interrupt_next_save(void);

#endif
