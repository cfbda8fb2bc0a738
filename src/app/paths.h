/* paths: where limber finds its data (anims/ and assets/). */
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

/* mkdir -p: the folder dir and any above it that are missing, made with
 * mode. False with errno set when one cannot be made or dir is not a
 * folder. */
bool lb_make_dirs(const char *dir, unsigned mode);

#endif
