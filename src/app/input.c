/* input: the key, clicker and controller table.
 *
 * Presentation clickers are keyboards: "next" and "back" send Page Down and
 * Page Up (some send Right and Left), the blank button sends B or '.', and
 * the "slideshow" button alternates F5 and Esc. So F5 enters fullscreen
 * (never leaves it) and Esc leaves it, and that button does the obvious
 * thing. Media keys on keyboards and remotes work too. */
#include "input.h"

static const char *const command_names[LB_CMD_COUNT] = {
    "none",     "play-pause", "next-step", "prev-step",   "next-exercise", "prev-exercise", "restart",
    "speed-up", "speed-down", "level",     "blank",       "fullscreen",    "fullscreen-on", "next-display",
    "mirror",   "mute",       "volume-up", "volume-down", "help",          "back",          "quit",
    "sel-next", "sel-prev",   "sel-down",  "sel-up",      "open",          "edit",          "delete",
};

const char *lb_command_name(LbCommand c) { return c >= 0 && c < LB_CMD_COUNT ? command_names[c] : "?"; }

bool lb_command_repeats(LbCommand c) { return c == LB_CMD_VOLUME_UP || c == LB_CMD_VOLUME_DOWN; }

static LbCommand map_key(SDL_Keycode k, Uint16 mod)
{
    bool shift = (mod & KMOD_SHIFT) != 0;
    if (mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)) {
        /* Leave the desktop's shortcuts alone; two conventions stay. */
        if ((mod & KMOD_CTRL) && k == SDLK_q)
            return LB_CMD_QUIT;
        if ((mod & KMOD_ALT) && (k == SDLK_RETURN || k == SDLK_KP_ENTER))
            return LB_CMD_FULLSCREEN;
        return LB_CMD_NONE;
    }
    switch (k) {
    case SDLK_SPACE:
    case SDLK_AUDIOPLAY:
    case SDLK_AUDIOSTOP: return LB_CMD_PLAY_PAUSE;
    case SDLK_RIGHT:
    case SDLK_PAGEDOWN:
    case SDLK_AUDIONEXT: return LB_CMD_NEXT_STEP;
    case SDLK_LEFT:
    case SDLK_PAGEUP:
    case SDLK_AUDIOPREV: return LB_CMD_PREV_STEP;
    case SDLK_UP:
    case SDLK_n: return LB_CMD_NEXT_EXERCISE;
    case SDLK_DOWN:
    case SDLK_p: return LB_CMD_PREV_EXERCISE;
    case SDLK_r:
    case SDLK_HOME: return LB_CMD_RESTART;
    case SDLK_PLUS:
    case SDLK_EQUALS: /* '+' without shift on most layouts */
    case SDLK_KP_PLUS: return LB_CMD_SPEED_UP;
    case SDLK_MINUS:
    case SDLK_KP_MINUS:
    case SDLK_UNDERSCORE: return LB_CMD_SPEED_DOWN;
    case SDLK_l: return LB_CMD_LEVEL;
    case SDLK_b:
    case SDLK_PERIOD:
    case SDLK_KP_PERIOD: return LB_CMD_BLANK;
    case SDLK_f:
    case SDLK_F11: return LB_CMD_FULLSCREEN;
    case SDLK_F5: return LB_CMD_FULLSCREEN_ON;
    case SDLK_d: return LB_CMD_NEXT_DISPLAY;
    case SDLK_x: return LB_CMD_MIRROR;
    case SDLK_m:
    case SDLK_AUDIOMUTE: return LB_CMD_MUTE;
    case SDLK_RIGHTBRACKET:
    case SDLK_VOLUMEUP: return LB_CMD_VOLUME_UP;
    case SDLK_LEFTBRACKET:
    case SDLK_VOLUMEDOWN: return LB_CMD_VOLUME_DOWN;
    case SDLK_h:
    case SDLK_F1:
    case SDLK_QUESTION: return LB_CMD_HELP;
    case SDLK_SLASH: /* '?' is Shift + '/' on many layouts */ return shift ? LB_CMD_HELP : LB_CMD_NONE;
    case SDLK_ESCAPE: return LB_CMD_BACK;
    case SDLK_q: return LB_CMD_QUIT;
    case SDLK_RETURN:
    case SDLK_KP_ENTER: return LB_CMD_OPEN;
    default: return LB_CMD_NONE;
    }
}

/* The home screen: the player's habits, moving a selection. */
static LbCommand map_home_key(SDL_Keycode k, Uint16 mod)
{
    if (mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI))
        return map_key(k, mod);
    switch (k) {
    case SDLK_RIGHT:
    case SDLK_PAGEDOWN:
    case SDLK_TAB: return (mod & KMOD_SHIFT) && k == SDLK_TAB ? LB_CMD_SEL_PREV : LB_CMD_SEL_NEXT;
    case SDLK_LEFT:
    case SDLK_PAGEUP: return LB_CMD_SEL_PREV;
    case SDLK_DOWN: return LB_CMD_SEL_DOWN;
    case SDLK_UP: return LB_CMD_SEL_UP;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
    case SDLK_F5:
    case SDLK_AUDIOPLAY: return LB_CMD_OPEN;
    case SDLK_e: return LB_CMD_EDIT;
    case SDLK_DELETE:
    case SDLK_BACKSPACE: return LB_CMD_DELETE;
    case SDLK_l:
    case SDLK_ESCAPE:
    case SDLK_q:
    case SDLK_f:
    case SDLK_F11:
    case SDLK_d:
    case SDLK_m:
    case SDLK_AUDIOMUTE:
    case SDLK_LEFTBRACKET:
    case SDLK_RIGHTBRACKET:
    case SDLK_VOLUMEUP:
    case SDLK_VOLUMEDOWN: return map_key(k, mod);
    default: return LB_CMD_NONE;
    }
}

static LbCommand map_button(Uint8 b)
{
    switch (b) {
    case SDL_CONTROLLER_BUTTON_A: return LB_CMD_PLAY_PAUSE;
    case SDL_CONTROLLER_BUTTON_B: return LB_CMD_BLANK;
    case SDL_CONTROLLER_BUTTON_X: return LB_CMD_RESTART;
    case SDL_CONTROLLER_BUTTON_Y: return LB_CMD_MIRROR;
    case SDL_CONTROLLER_BUTTON_BACK: return LB_CMD_MUTE;
    case SDL_CONTROLLER_BUTTON_START: return LB_CMD_HELP;
    case SDL_CONTROLLER_BUTTON_DPAD_RIGHT: return LB_CMD_NEXT_STEP;
    case SDL_CONTROLLER_BUTTON_DPAD_LEFT: return LB_CMD_PREV_STEP;
    case SDL_CONTROLLER_BUTTON_DPAD_UP: return LB_CMD_NEXT_EXERCISE;
    case SDL_CONTROLLER_BUTTON_DPAD_DOWN: return LB_CMD_PREV_EXERCISE;
    case SDL_CONTROLLER_BUTTON_RIGHTSHOULDER: return LB_CMD_SPEED_UP;
    case SDL_CONTROLLER_BUTTON_LEFTSHOULDER: return LB_CMD_SPEED_DOWN;
    default: return LB_CMD_NONE;
    }
}

static LbCommand map_home_button(Uint8 b)
{
    switch (b) {
    case SDL_CONTROLLER_BUTTON_A:
    case SDL_CONTROLLER_BUTTON_START: return LB_CMD_OPEN;
    case SDL_CONTROLLER_BUTTON_DPAD_RIGHT: return LB_CMD_SEL_NEXT;
    case SDL_CONTROLLER_BUTTON_DPAD_LEFT: return LB_CMD_SEL_PREV;
    case SDL_CONTROLLER_BUTTON_DPAD_DOWN: return LB_CMD_SEL_DOWN;
    case SDL_CONTROLLER_BUTTON_DPAD_UP: return LB_CMD_SEL_UP;
    case SDL_CONTROLLER_BUTTON_BACK: return LB_CMD_MUTE;
    default: return LB_CMD_NONE;
    }
}

LbCommand lb_input_map_screen(LbScreen s, const SDL_Event *e)
{
    if (s == LB_SCREEN_PLAY || !e)
        return lb_input_map(e);
    if (s != LB_SCREEN_HOME)
        return LB_CMD_NONE;
    switch (e->type) {
    case SDL_QUIT: return LB_CMD_QUIT;
    case SDL_KEYDOWN: {
        LbCommand c = map_home_key(e->key.keysym.sym, e->key.keysym.mod);
        /* holding an arrow walks through the cards */
        bool walks = c == LB_CMD_SEL_NEXT || c == LB_CMD_SEL_PREV || c == LB_CMD_SEL_DOWN || c == LB_CMD_SEL_UP;
        if (e->key.repeat && !walks && !lb_command_repeats(c))
            return LB_CMD_NONE;
        return c;
    }
    case SDL_CONTROLLERBUTTONDOWN: return map_home_button(e->cbutton.button);
    default: return LB_CMD_NONE;
    }
}

LbCommand lb_input_map(const SDL_Event *e)
{
    if (!e)
        return LB_CMD_NONE;
    switch (e->type) {
    case SDL_QUIT: return LB_CMD_QUIT;
    case SDL_KEYDOWN: {
        LbCommand c = map_key(e->key.keysym.sym, e->key.keysym.mod);
        if (e->key.repeat && !lb_command_repeats(c))
            return LB_CMD_NONE;
        return c;
    }
    case SDL_CONTROLLERBUTTONDOWN: return map_button(e->cbutton.button);
    default: return LB_CMD_NONE;
    }
}

static const char *const help_lines[] = {
    "Space\tPlay / pause",
    "Right, Page Down\tNext step",
    "Left, Page Up\tStep back (twice: the step before)",
    "Up, N\tNext exercise",
    "Down, P\tExercise start (twice: the one before)",
    "R, Home\tRestart this exercise",
    "+  -\tSpeed 0.5x to 2x",
    "L\tLevel: beginner / active",
    "B, .\tBlank screen (pauses)",
    "F, F11, Alt+Enter, F5\tFullscreen on / off (F5: on)",
    "D\tNext display",
    "X\tMirror left and right",
    "M\tSound off / on",
    "[  ]\tVolume down / up",
    "H, ?, F1\tThis help (pauses)",
    "Esc\tClose card; else the home screen",
    "Enter\tAt the end: the home screen",
    "Q, Ctrl+Q\tQuit",
    "Media keys\tPlay, previous / next step, mute, volume",
    "Controller\tA play, D-pad step / exercise",
    "\tLB RB speed, B blank, X restart",
    "\tY mirror, Back sound, Start help",
};

int lb_input_help_lines(const char *const **lines)
{
    if (lines)
        *lines = help_lines;
    return (int)(sizeof help_lines / sizeof help_lines[0]);
}

const char *lb_input_hint_line(void)
{
    return "Space pause  \xC2\xB7  \xE2\x86\x90 \xE2\x86\x92 step  \xC2\xB7  \xE2\x86\x91 \xE2\x86\x93 exercise  "
           "\xC2\xB7  "
           "+ \xE2\x88\x92 speed  \xC2\xB7  L level  \xC2\xB7  B blank  \xC2\xB7  H help";
}
