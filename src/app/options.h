/* options: everything the command line can set, parsed once by main.c and
 * read by the shell modules. Zero (or NULL) means "the default". */
#ifndef LB_OPTIONS_H
#define LB_OPTIONS_H

#include <stdbool.h>

#include "lm_library.h"

/* Exit statuses: 0 done, 1 invalid content or a failed operation, 2 wrong
 * usage, and this for a --render or --export stopped by Ctrl+C (as a shell reports a
 * program that SIGINT ended). */
#define LB_EXIT_INTERRUPTED 130

typedef enum {
    LB_MODE_PLAY = 0,
    LB_MODE_LIST,
    LB_MODE_CHECK,
    LB_MODE_TIMELINE,
    LB_MODE_RENDER,
    LB_MODE_BENCH,
    LB_MODE_CUES,
    LB_MODE_CONTACT,
    LB_MODE_HELP,
    LB_MODE_VERSION,
    LB_MODE_EXPORT,
    LB_MODE_COUNT /* not a mode: how many there are */
} LbMode;

typedef struct {
    LbMode mode;
    const char *data_dir;    /* --data DIR */
    const char *routine;     /* --routine ID|FILE */
    const char *exercise;    /* --exercise ID|FILE */
    const char *timeline_id; /* --timeline ID */
    LmLevel level;           /* --level */
    bool level_set;
    double hold_s;             /* --hold S, 0 = from the level */
    bool fullscreen;           /* --fullscreen */
    int display;               /* --display N, -1 = not given */
    bool mirror;               /* --mirror */
    bool no_mirror;            /* --no-mirror: not even when remembered */
    bool mute;                 /* --mute */
    bool no_mute;              /* --no-mute: sound on even when muting is remembered */
    int volume;                /* --volume N, 0..100; -1 = not given */
    double speed;              /* --speed X, 0 = 1.0 */
    bool presenter;            /* --presenter */
    const char *music;         /* --music FILE */
    const char *render_dir;    /* --render DIR */
    const char *contact_sheet; /* --contact-sheet FILE.png */
    bool no_captions;          /* --no-captions: a sheet's cells numbered only */
    const char *export_path;   /* --export FILE.mp4|.webm|.gif */
    double from_s;             /* --from S */
    double seconds;            /* --seconds S, 0 = to the end */
    int width, height;         /* --size WxH, 0 = default */
    int fps;                   /* --fps N, 0 = 60 (--export: 30) */
    const char *audio_out;     /* --audio-out FILE.wav */
    bool home;                 /* --home: --render draws the home screen */
    double quit_after_s;       /* --quit-after S, 0 = never */
    bool stats;                /* --stats */
    bool no_settings;          /* --no-settings: neither read nor write the settings file */
    int renderer;              /* --renderer: an LbRendererChoice, 0 = auto */
    const char **check_paths;  /* --check PATH... */
    int n_check_paths;
} LbOptions;

#endif
