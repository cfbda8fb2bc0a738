/* build_screen: the routine builder. The app opens it from the home screen
 * ("New routine", or Edit on a user routine), passes it every event while
 * it is the screen, draws it, and goes back home when it says so. */
#ifndef LB_BUILD_SCREEN_H
#define LB_BUILD_SCREEN_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lm_library.h"
#include "lm_user.h"

typedef struct LbBuildScreen LbBuildScreen;
typedef enum {
    LB_BUILD_STAY = 0,  /* still building */
    LB_BUILD_SAVED,     /* saved: lb_build_screen_saved_id() names it; go home with it selected */
    LB_BUILD_CANCELLED, /* left without saving (Esc, asked first when there are unsaved changes) */
    LB_BUILD_QUIT       /* the user quit the program (Q outside the title field, window closed) */
} LbBuildOutcome;
/* Fonts from data_dir/assets/fonts and a text cache; NULL with a message in err. */
LbBuildScreen *lb_build_screen_create(const char *data_dir, char *err, size_t err_size);
void lb_build_screen_destroy(LbBuildScreen *s);
/* Start building a new routine (routine < 0) or editing the user routine
 * lib->routines[routine], at level. lib and user_dir stay the caller's. */
void lb_build_screen_open(LbBuildScreen *s, LmLibrary *lib, const char *user_dir, LmLevel level, int routine);
/* One event (key, text input, mouse, controller); w x h is the window's drawable size. */
LbBuildOutcome lb_build_screen_event(LbBuildScreen *s, const SDL_Event *e, int w, int h, uint64_t now_ns);
/* Draw the whole screen to r's target. False when drawing failed. */
bool lb_build_screen_draw(LbBuildScreen *s, SDL_Renderer *r, int w, int h, uint64_t now_ns);
const char *lb_build_screen_saved_id(const LbBuildScreen *s);
/* The renderer's textures were lost: drop the cached ones. */
void lb_build_screen_textures_lost(LbBuildScreen *s);

/* For tests and the app's notes: the routine as built so far, the message
 * line, and where the selection is (an LbBuildFocus from builder.h). */
const LmDraft *lb_build_screen_draft(const LbBuildScreen *s);
const char *lb_build_screen_message(const LbBuildScreen *s);
int lb_build_screen_focus(const LbBuildScreen *s);

#endif
