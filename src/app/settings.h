/* settings: what limber remembers between runs (level, sound, volume,
 * mirror, speed, the display it was last moved to), in a small readable
 * JSON file in the user's configuration folder. Command-line flags override
 * it for one run. A missing file means the defaults; a corrupt one is
 * reported once, naming the file, and the defaults are used: never fatal. */
#ifndef LB_SETTINGS_H
#define LB_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "lm_library.h"
#include "options.h"

typedef struct {
    LmLevel level;
    bool mute;
    int volume; /* 0..100 */
    bool mirror;
    double speed; /* 0.5..2 */
    int display;  /* last display the picture was moved to; -1 = none */
} LbSettings;

/* The defaults: beginner, sound on, volume 100, not mirrored, 1x, no display. */
void lb_settings_defaults(LbSettings *s);

/* The settings file: $XDG_CONFIG_HOME/limber/settings.json, else
 * ~/.config/limber/settings.json, else SDL's per-user folder. Writes it to
 * buf; false when no folder can be found. Does not create anything. */
bool lb_settings_path(char *buf, size_t size);

/* Read path into s. A missing file gives the defaults and true with msg
 * empty. A file that is not valid JSON, or holds a value of the wrong type
 * or out of range, gives the defaults for everything (or for that value)
 * and false with one line in msg naming the file and the problem. Values
 * it does not know are ignored, so older versions read newer files. */
bool lb_settings_load(const char *path, LbSettings *s, char *msg, size_t msg_size);

/* Write s to path, creating the folder when needed. Written to a temporary
 * file first and renamed over the old one, so a crash never leaves half a
 * file. False with msg filled when it cannot be written. */
bool lb_settings_save(const char *path, const LbSettings *s, char *msg, size_t msg_size);

/* The options for this run: fields a flag did not set come from s (level
 * unless --level, speed unless --speed, display unless --display; mute and
 * mirror when set in either). Volume has no flag; the caller takes it. */
void lb_settings_apply(const LbSettings *s, LbOptions *o);

#endif
