/* input: the key, clicker and controller table as the app reads it. Pure
 * mapping, no window needed. */
#include <SDL.h>

#include "input.h"
#include "lt.h"

static SDL_Event key(SDL_Keycode k, Uint16 mod, int repeat)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.repeat = (Uint8)repeat;
    e.key.keysym.sym = k;
    e.key.keysym.mod = mod;
    return e;
}

static LbCommand k(SDL_Keycode code)
{
    SDL_Event e = key(code, 0, 0);
    return lb_input_map(&e);
}

static LbCommand button(Uint8 b)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_CONTROLLERBUTTONDOWN;
    e.cbutton.button = b;
    e.cbutton.state = SDL_PRESSED;
    return lb_input_map(&e);
}

static void keyboard_keys_map_to_their_commands(void)
{
    LT_CHECK(k(SDLK_SPACE) == LB_CMD_PLAY_PAUSE);
    LT_CHECK(k(SDLK_RIGHT) == LB_CMD_NEXT_STEP);
    LT_CHECK(k(SDLK_LEFT) == LB_CMD_PREV_STEP);
    LT_CHECK(k(SDLK_UP) == LB_CMD_NEXT_EXERCISE);
    LT_CHECK(k(SDLK_n) == LB_CMD_NEXT_EXERCISE);
    LT_CHECK(k(SDLK_DOWN) == LB_CMD_PREV_EXERCISE);
    LT_CHECK(k(SDLK_p) == LB_CMD_PREV_EXERCISE);
    LT_CHECK(k(SDLK_r) == LB_CMD_RESTART);
    LT_CHECK(k(SDLK_PLUS) == LB_CMD_SPEED_UP);
    LT_CHECK(k(SDLK_EQUALS) == LB_CMD_SPEED_UP);
    LT_CHECK(k(SDLK_KP_PLUS) == LB_CMD_SPEED_UP);
    LT_CHECK(k(SDLK_MINUS) == LB_CMD_SPEED_DOWN);
    LT_CHECK(k(SDLK_KP_MINUS) == LB_CMD_SPEED_DOWN);
    LT_CHECK(k(SDLK_l) == LB_CMD_LEVEL);
    LT_CHECK(k(SDLK_f) == LB_CMD_FULLSCREEN);
    LT_CHECK(k(SDLK_F11) == LB_CMD_FULLSCREEN);
    LT_CHECK(k(SDLK_d) == LB_CMD_NEXT_DISPLAY);
    LT_CHECK(k(SDLK_x) == LB_CMD_MIRROR);
    LT_CHECK(k(SDLK_m) == LB_CMD_MUTE);
    LT_CHECK(k(SDLK_RIGHTBRACKET) == LB_CMD_VOLUME_UP);
    LT_CHECK(k(SDLK_LEFTBRACKET) == LB_CMD_VOLUME_DOWN);
    LT_CHECK(k(SDLK_VOLUMEUP) == LB_CMD_VOLUME_UP);
    LT_CHECK(k(SDLK_VOLUMEDOWN) == LB_CMD_VOLUME_DOWN);
    LT_CHECK(k(SDLK_AUDIOMUTE) == LB_CMD_MUTE);
    LT_CHECK(k(SDLK_h) == LB_CMD_HELP);
    LT_CHECK(k(SDLK_QUESTION) == LB_CMD_HELP);
    LT_CHECK(k(SDLK_ESCAPE) == LB_CMD_BACK);
    LT_CHECK(k(SDLK_q) == LB_CMD_QUIT);
    LT_CHECK(k(SDLK_z) == LB_CMD_NONE);
    SDL_Event e = key(SDLK_SLASH, KMOD_LSHIFT, 0);
    LT_CHECK(lb_input_map(&e) == LB_CMD_HELP);
    e = key(SDLK_SLASH, 0, 0);
    LT_CHECK(lb_input_map(&e) == LB_CMD_NONE);
}

static void clicker_keys_step_blank_and_show(void)
{
    LT_CHECK(k(SDLK_PAGEDOWN) == LB_CMD_NEXT_STEP);
    LT_CHECK(k(SDLK_PAGEUP) == LB_CMD_PREV_STEP);
    LT_CHECK(k(SDLK_b) == LB_CMD_BLANK);
    LT_CHECK(k(SDLK_PERIOD) == LB_CMD_BLANK);
    /* The slideshow button alternates F5 and Esc: enter, then leave. */
    LT_CHECK(k(SDLK_F5) == LB_CMD_FULLSCREEN_ON);
}

static void a_held_key_repeats_only_the_volume(void)
{
    for (SDL_Keycode c = 0; c < 128; c++) {
        SDL_Event e = key(c, 0, 1);
        LbCommand once = k(c);
        LbCommand want = once == LB_CMD_VOLUME_UP || once == LB_CMD_VOLUME_DOWN ? once : LB_CMD_NONE;
        LT_CHECK_MSG(lb_input_map(&e) == want, "repeat of key %d gives %s", (int)c, lb_command_name(lb_input_map(&e)));
    }
    SDL_Event e = key(SDLK_x, 0, 1);
    LT_CHECK(lb_input_map(&e) == LB_CMD_NONE);
    e = key(SDLK_RIGHT, 0, 1);
    LT_CHECK(lb_input_map(&e) == LB_CMD_NONE);
    e = key(SDLK_RIGHTBRACKET, 0, 1);
    LT_CHECK(lb_input_map(&e) == LB_CMD_VOLUME_UP);
    e = key(SDLK_VOLUMEDOWN, 0, 1);
    LT_CHECK(lb_input_map(&e) == LB_CMD_VOLUME_DOWN);
}

static void desktop_shortcuts_are_left_alone(void)
{
    SDL_Event e = key(SDLK_m, KMOD_LCTRL, 0);
    LT_CHECK(lb_input_map(&e) == LB_CMD_NONE);
    e = key(SDLK_f, KMOD_LALT, 0);
    LT_CHECK(lb_input_map(&e) == LB_CMD_NONE);
    e = key(SDLK_d, KMOD_LGUI, 0);
    LT_CHECK(lb_input_map(&e) == LB_CMD_NONE);
    e = key(SDLK_q, KMOD_LCTRL, 0);
    LT_CHECK(lb_input_map(&e) == LB_CMD_QUIT);
    e = key(SDLK_RETURN, KMOD_RALT, 0);
    LT_CHECK(lb_input_map(&e) == LB_CMD_FULLSCREEN);
    /* Shift alone does not get in the way of a letter key. */
    e = key(SDLK_x, KMOD_LSHIFT, 0);
    LT_CHECK(lb_input_map(&e) == LB_CMD_MIRROR);
}

static void controller_buttons_map_to_their_commands(void)
{
    LT_CHECK(button(SDL_CONTROLLER_BUTTON_A) == LB_CMD_PLAY_PAUSE);
    LT_CHECK(button(SDL_CONTROLLER_BUTTON_DPAD_RIGHT) == LB_CMD_NEXT_STEP);
    LT_CHECK(button(SDL_CONTROLLER_BUTTON_DPAD_LEFT) == LB_CMD_PREV_STEP);
    LT_CHECK(button(SDL_CONTROLLER_BUTTON_DPAD_UP) == LB_CMD_NEXT_EXERCISE);
    LT_CHECK(button(SDL_CONTROLLER_BUTTON_DPAD_DOWN) == LB_CMD_PREV_EXERCISE);
    LT_CHECK(button(SDL_CONTROLLER_BUTTON_RIGHTSHOULDER) == LB_CMD_SPEED_UP);
    LT_CHECK(button(SDL_CONTROLLER_BUTTON_LEFTSHOULDER) == LB_CMD_SPEED_DOWN);
    LT_CHECK(button(SDL_CONTROLLER_BUTTON_B) == LB_CMD_BLANK);
    LT_CHECK(button(SDL_CONTROLLER_BUTTON_START) == LB_CMD_HELP);
    LT_CHECK(button(SDL_CONTROLLER_BUTTON_GUIDE) == LB_CMD_NONE);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_CONTROLLERBUTTONUP;
    e.cbutton.button = SDL_CONTROLLER_BUTTON_A;
    LT_CHECK(lb_input_map(&e) == LB_CMD_NONE);
}

static void key_releases_and_other_events_do_nothing(void)
{
    SDL_Event e = key(SDLK_SPACE, 0, 0);
    e.type = SDL_KEYUP;
    LT_CHECK(lb_input_map(&e) == LB_CMD_NONE);
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEMOTION;
    LT_CHECK(lb_input_map(&e) == LB_CMD_NONE);
    e.type = SDL_QUIT;
    LT_CHECK(lb_input_map(&e) == LB_CMD_QUIT);
    LT_CHECK(lb_input_map(NULL) == LB_CMD_NONE);
}

/* Every command a key gives is on the help card, with a key that gives it. */
static void the_help_card_lists_every_command(void)
{
    const char *const *lines;
    int n = lb_input_help_lines(&lines);
    LT_CHECK(n > 10 && n <= 24);
    static const struct {
        LbCommand c;
        const char *word;
    } expect[] = {
        {LB_CMD_PLAY_PAUSE, "Space"},
        {LB_CMD_NEXT_STEP, "Page Down"},
        {LB_CMD_PREV_STEP, "Page Up"},
        {LB_CMD_NEXT_EXERCISE, "Up"},
        {LB_CMD_PREV_EXERCISE, "Down"},
        {LB_CMD_RESTART, "R"},
        {LB_CMD_SPEED_UP, "+"},
        {LB_CMD_LEVEL, "L"},
        {LB_CMD_BLANK, "B, ."},
        {LB_CMD_FULLSCREEN, "F11"},
        {LB_CMD_NEXT_DISPLAY, "D"},
        {LB_CMD_MIRROR, "X"},
        {LB_CMD_MUTE, "M"},
        {LB_CMD_VOLUME_UP, "]"},
        {LB_CMD_HELP, "?"},
        {LB_CMD_BACK, "Esc"},
        {LB_CMD_QUIT, "Q"},
    };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        bool found = false;
        for (int j = 0; j < n && !found; j++) {
            const char *tab = strchr(lines[j], '\t');
            LT_CHECK_MSG(tab != NULL, "line without a key column: %s", lines[j]);
            if (tab && strstr(lines[j], expect[i].word) && strstr(lines[j], expect[i].word) < tab)
                found = true;
        }
        LT_CHECK_MSG(found, "no help line names %s for %s", expect[i].word, lb_command_name(expect[i].c));
    }
    for (int c = 0; c < LB_CMD_COUNT; c++)
        LT_CHECK(strcmp(lb_command_name((LbCommand)c), "?") != 0);
    /* Step back and exercise back first return to the start of the current
     * one; the card says so, or a first press looks like it did nothing. */
    static const char *const twice[] = {"Left, Page Up\t", "Down, P\t"};
    for (size_t i = 0; i < sizeof twice / sizeof twice[0]; i++) {
        bool said = false;
        for (int j = 0; j < n; j++)
            if (strncmp(lines[j], twice[i], strlen(twice[i])) == 0 && strstr(lines[j], "twice"))
                said = true;
        LT_CHECK_MSG(said, "the help line for %s does not say what a second press does", twice[i]);
    }
}

static LbCommand home(SDL_Keycode code, Uint16 mod, int repeat)
{
    SDL_Event e = key(code, mod, repeat);
    return lb_input_map_screen(LB_SCREEN_HOME, &e);
}

static LbCommand home_button(Uint8 b)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_CONTROLLERBUTTONDOWN;
    e.cbutton.button = b;
    return lb_input_map_screen(LB_SCREEN_HOME, &e);
}

/* The home screen: the same habits, moving a selection instead of a clock. */
static void home_screen_keys_move_the_selection_and_play(void)
{
    LT_CHECK(home(SDLK_RIGHT, 0, 0) == LB_CMD_SEL_NEXT);
    LT_CHECK(home(SDLK_LEFT, 0, 0) == LB_CMD_SEL_PREV);
    LT_CHECK(home(SDLK_DOWN, 0, 0) == LB_CMD_SEL_DOWN);
    LT_CHECK(home(SDLK_UP, 0, 0) == LB_CMD_SEL_UP);
    LT_CHECK(home(SDLK_PAGEDOWN, 0, 0) == LB_CMD_SEL_NEXT);
    LT_CHECK(home(SDLK_PAGEUP, 0, 0) == LB_CMD_SEL_PREV);
    LT_CHECK(home(SDLK_RETURN, 0, 0) == LB_CMD_OPEN);
    LT_CHECK(home(SDLK_SPACE, 0, 0) == LB_CMD_OPEN);
    LT_CHECK(home(SDLK_F5, 0, 0) == LB_CMD_OPEN);
    LT_CHECK(home(SDLK_l, 0, 0) == LB_CMD_LEVEL);
    LT_CHECK(home(SDLK_q, 0, 0) == LB_CMD_QUIT);
    LT_CHECK(home(SDLK_q, KMOD_LCTRL, 0) == LB_CMD_QUIT);
    LT_CHECK(home(SDLK_ESCAPE, 0, 0) == LB_CMD_BACK);
    LT_CHECK(home(SDLK_e, 0, 0) == LB_CMD_EDIT);
    LT_CHECK(home(SDLK_DELETE, 0, 0) == LB_CMD_DELETE);
    LT_CHECK(home(SDLK_f, 0, 0) == LB_CMD_FULLSCREEN);
    /* what only playing has a use for does nothing here */
    LT_CHECK(home(SDLK_r, 0, 0) == LB_CMD_NONE);
    LT_CHECK(home(SDLK_b, 0, 0) == LB_CMD_NONE);
    LT_CHECK(home(SDLK_x, 0, 0) == LB_CMD_NONE);
    /* a held arrow walks through the cards; a held Enter plays once */
    LT_CHECK(home(SDLK_RIGHT, 0, 1) == LB_CMD_SEL_NEXT);
    LT_CHECK(home(SDLK_RETURN, 0, 1) == LB_CMD_NONE);
    LT_CHECK(home(SDLK_l, 0, 1) == LB_CMD_NONE);
    LT_CHECK(home_button(SDL_CONTROLLER_BUTTON_A) == LB_CMD_OPEN);
    LT_CHECK(home_button(SDL_CONTROLLER_BUTTON_DPAD_DOWN) == LB_CMD_SEL_DOWN);
    LT_CHECK(home_button(SDL_CONTROLLER_BUTTON_DPAD_RIGHT) == LB_CMD_SEL_NEXT);
    /* playing: Enter goes home at the end (the app decides when) */
    LT_CHECK(k(SDLK_RETURN) == LB_CMD_OPEN);
    SDL_Event e = key(SDLK_RIGHT, 0, 0);
    LT_CHECK(lb_input_map_screen(LB_SCREEN_PLAY, &e) == LB_CMD_NEXT_STEP);
}

int main(void)
{
    LT_RUN(keyboard_keys_map_to_their_commands);
    LT_RUN(clicker_keys_step_blank_and_show);
    LT_RUN(a_held_key_repeats_only_the_volume);
    LT_RUN(desktop_shortcuts_are_left_alone);
    LT_RUN(controller_buttons_map_to_their_commands);
    LT_RUN(key_releases_and_other_events_do_nothing);
    LT_RUN(the_help_card_lists_every_command);
    LT_RUN(home_screen_keys_move_the_selection_and_play);
    return lt_summary();
}
