/* input: what a key, a presentation clicker or a game controller asks for.
 * A pure mapping from one SDL event to one command, so tests can drive the
 * very table the app uses; the app decides what a command does. */
#ifndef LB_INPUT_H
#define LB_INPUT_H

#include <SDL.h>
#include <stdbool.h>

typedef enum {
    LB_CMD_NONE = 0,
    LB_CMD_PLAY_PAUSE,
    LB_CMD_NEXT_STEP,
    LB_CMD_PREV_STEP,
    LB_CMD_NEXT_EXERCISE,
    LB_CMD_PREV_EXERCISE,
    LB_CMD_RESTART, /* the current exercise from its first move */
    LB_CMD_SPEED_UP,
    LB_CMD_SPEED_DOWN,
    LB_CMD_LEVEL,         /* beginner <-> active */
    LB_CMD_BLANK,         /* black screen on / off */
    LB_CMD_FULLSCREEN,    /* toggle */
    LB_CMD_FULLSCREEN_ON, /* enter only (a clicker's "start show" key) */
    LB_CMD_NEXT_DISPLAY,
    LB_CMD_MIRROR,
    LB_CMD_MUTE,
    LB_CMD_VOLUME_UP,
    LB_CMD_VOLUME_DOWN,
    LB_CMD_HELP,
    LB_CMD_BACK, /* Esc: close a card; playing: go home; home: leave fullscreen, then quit */
    LB_CMD_QUIT,
    /* the home screen */
    LB_CMD_SEL_NEXT, /* the next card (Right, Page Down) */
    LB_CMD_SEL_PREV, /* the card before (Left, Page Up) */
    LB_CMD_SEL_DOWN, /* the card below */
    LB_CMD_SEL_UP,   /* the card above */
    LB_CMD_OPEN,     /* play the selected card (Enter); playing, at the end: go home */
    LB_CMD_EDIT,     /* edit the selected routine of the user's own */
    LB_CMD_DELETE,   /* delete it (asks first) */
    LB_CMD_COUNT
} LbCommand;

/* Which screen the keys are for: the same key may ask for something else
 * on the home screen (Right moves the selection instead of stepping). */
typedef enum { LB_SCREEN_PLAY = 0, LB_SCREEN_HOME, LB_SCREEN_BUILD } LbScreen;

/* Stable short name ("next-step"), for messages and tests. */
const char *lb_command_name(LbCommand c);

/* The command an event asks for, or LB_CMD_NONE. Key presses (not
 * releases), controller buttons and the window manager's quit request map;
 * everything else is NONE. A key held down repeats only the commands for
 * which that makes sense (volume); a repeat of any other key is NONE, so a
 * held key never toggles a setting twice or skips through the routine.
 * Keys held with Ctrl, Alt or the system key are left to the desktop,
 * except Ctrl+Q (quit) and Alt+Enter (fullscreen). Pure: no state. */
LbCommand lb_input_map(const SDL_Event *e);
/* The same for a screen: LB_SCREEN_PLAY is lb_input_map; on the home
 * screen arrows, Page Up / Down and the D-pad move the selection, Enter,
 * Space, F5 and A play it, E edits, Delete deletes, and L, Q, Esc, F, D,
 * M and the volume keys do what they do while playing. The builder takes
 * its events itself: NONE. */
LbCommand lb_input_map_screen(LbScreen s, const SDL_Event *e);

/* True when holding the key that gives c may repeat it. */
bool lb_command_repeats(LbCommand c);

/* The help card: "Keys<TAB>what they do" lines, every key and controller
 * button lb_input_map knows. Static storage; returns the count. */
int lb_input_help_lines(const char *const **lines);

/* A short reminder of the main keys on one line, for the console. */
const char *lb_input_hint_line(void);

#endif
