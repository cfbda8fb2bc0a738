/* paths: where limber finds its data (anims/ and assets/) and the user's
 * own files. */
#ifndef LB_PATHS_H
#define LB_PATHS_H

#include <stdbool.h>
#include <stddef.h>

/* Find the data folder: `override` (from --data) when given, else
 * $LIMBER_DATA when set, else next to the executable's build tree, else the
 * installed share folder, else the current folder. A --data or
 * $LIMBER_DATA without data is an error, not passed over. On failure writes
 * into msg what is wrong or the places it looked and returns NULL. The
 * result is a heap string. */
char *lb_find_data_dir(const char *override, char *msg, size_t msg_size);

/* The folder of the user's own routines and exercises (lm_user.h):
 * $XDG_DATA_HOME/limber when that is an absolute path, else
 * $HOME/.local/share/limber. A heap string; NULL when neither is set. */
char *lb_user_data_dir(void);

/* mkdir -p: the folder dir and any above it that are missing, made with
 * mode. False with errno set when one cannot be made or dir is not a
 * folder. */
bool lb_make_dirs(const char *dir, unsigned mode);

#endif
