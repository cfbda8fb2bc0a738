/* builder: how the routine builder looks. The exercises on one side, the
 * routine being built on the other (each item with its hold and the range
 * the article allows), the rest and the safety card below it, the title
 * and the total length on top, a message line, a Save button and a strip
 * of the keys that work where the selection is. Drawn from a plain
 * description each frame; the layout is a pure function of the output
 * size, so the app can tell what a click hit from the same numbers. */
#ifndef LB_BUILDER_H
#define LB_BUILDER_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

/* Where the selection is. */
typedef enum {
    LB_BF_TITLE = 0, /* the title field */
    LB_BF_LIBRARY,   /* the list of exercises */
    LB_BF_ROUTINE,   /* the routine's items */
    LB_BF_REST,      /* the rest between exercises */
    LB_BF_SAFETY,    /* the safety card toggle */
    LB_BF_SAVE,      /* the Save button */
    LB_BF_COUNT
} LbBuildFocus;

/* One line of a list: a name on the left, words on the right. */
typedef struct {
    const char *name;
    const char *detail;  /* "15–30 s", "25 s  (15–30)"; may be NULL */
    bool detail_changed; /* the detail is the user's choice (drawn brighter) */
} LbBuildRow;

/* The buttons for the selected item of the routine, in the bar under
 * the routine's list. */
typedef enum {
    LB_BB_HOLD_DOWN = 0,
    LB_BB_HOLD_UP,
    LB_BB_MOVE_UP,
    LB_BB_MOVE_DOWN,
    LB_BB_REMOVE,
    LB_BB_COUNT
} LbBuildButton;

typedef struct {
    const char *heading; /* "New routine" / "Edit routine" */
    const char *title;   /* what was typed; "" shows a hint */
    const char *total;   /* "Total 12:30 · beginner" */
    LbBuildFocus focus;
    const LbBuildRow *lib;
    int n_lib, lib_sel;
    const LbBuildRow *items;
    int n_items, item_sel;
    bool carrying;               /* the selected item is picked up to be moved */
    bool can_hold;               /* the selected item has a hold to set */
    const char *lib_info;        /* under the exercises: the selected one's hold range */
    const char *item_info;       /* in the bar under the routine: "Hold, 15–30 s allowed" */
    const char *item_info_short; /* the same where that does not fit: "Hold" */
    const char *item_hold;       /* between its - and +: "20 s" */
    float lib_scroll;            /* rows scrolled off the top (fractions while easing) */
    float item_scroll;
    const char *rest;    /* "10 s" */
    bool safety;         /* on */
    const char *message; /* one line under the lists, or NULL */
    bool message_error;  /* drawn as a problem */
    const char *keys;    /* the key strip */
    bool caret;          /* the title field's caret is showing (it blinks) */
    /* The question asked before leaving with unsaved changes: NULL for none. */
    const char *confirm;
    const char *confirm_detail;
    int confirm_choice; /* 0 the first button (stay), 1 the second (leave) */
    const char *confirm_buttons[2];
} LbBuilderView;

typedef struct {
    SDL_Rect safe;
    SDL_Rect header, title_field, total;
    SDL_Rect lib_box, lib_list, lib_bar; /* the box, its rows' area, the bar under them */
    SDL_Rect items_box, items_list, item_bar;
    SDL_Rect item_button[LB_BB_COUNT]; /* in item_bar */
    SDL_Rect rest, rest_down, rest_up;
    SDL_Rect safety;
    SDL_Rect message, save, keys;
    SDL_Rect confirm, confirm_button[2];
    int row_h;               /* one row of either list */
    int lib_rows, item_rows; /* rows that fit whole */
    int px_body, px_small, px_head, px_title;
    int gap, rad;
    bool portrait; /* the lists stacked, exercises on top */
} LbBuilderLayout;

/* Where everything goes at w x h (pure). */
void lb_builder_layout(int w, int h, LbBuilderLayout *L);
/* Row i of a list (routine or exercises) scrolled by scroll rows; it may
 * lie partly or wholly outside the list's area. */
SDL_Rect lb_builder_row(const LbBuilderLayout *L, bool routine, int i, float scroll);

typedef struct LbBuilder LbBuilder;

/* Open the fonts (data_dir/assets/fonts) and a text cache. NULL with a
 * message naming the file in err. Owns the cache and its textures. */
LbBuilder *lb_builder_create(const char *data_dir, char *err, size_t err_size);
void lb_builder_destroy(LbBuilder *b);
/* Draw the whole screen to r's target of w x h pixels. False when a draw
 * call failed. */
bool lb_builder_draw(LbBuilder *b, SDL_Renderer *r, int w, int h, const LbBuilderView *v);
/* The renderer's textures were lost: drop the cached ones. */
void lb_builder_textures_lost(LbBuilder *b);

#endif
