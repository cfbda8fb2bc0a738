/* build_screen_int: what the builder's two files share and nobody else
 * sees: the screen's state, and the changes to the draft and the
 * selection that keys, buttons and clicks all make.
 *
 *   build_screen.c       events (keys, controller, mouse) and drawing
 *   build_screen_edit.c  the changes, the words the rows show, saving
 */
#ifndef LB_BUILD_SCREEN_INT_H
#define LB_BUILD_SCREEN_INT_H

#include "build_screen.h"

#include "builder.h"

#define HOLD_STEP_S 5.0
#define REST_STEP_S 5.0
#define TITLE_MAX_CHARS 48 /* what a routine file's title may hold */

struct LbBuildScreen {
    LbBuilder *ui;
    LmLibrary *lib;
    const char *user_dir;
    LmDraft d, orig; /* orig: as opened, to tell unsaved changes */
    LbBuildFocus focus;
    bool last_col_routine; /* where Down from the title goes */
    int lib_sel, item_sel;
    bool carrying;
    int carry_from;
    float lib_scroll, item_scroll, lib_target, item_target;
    uint64_t last_ns;
    bool snap; /* the next frame shows the targets at once */
    char message[640];
    bool message_error;
    bool confirm, confirm_quit;
    int confirm_choice;
    char saved_id[128];
    double total_s;
    int w, h;
    /* The words each row shows, made when the draft changes. */
    char lib_info[160], item_info[96];
    const char *item_info_short;
    char item_detail[LM_DRAFT_MAX_ITEMS][48];
    char item_range[LM_DRAFT_MAX_ITEMS][128]; /* the detail with the range, for the selected row */
    bool item_changed[LM_DRAFT_MAX_ITEMS];
    LbBuildRow *lib_rows; /* one per exercise of the library, made at open */
    int n_lib_rows;
    LbBuildRow item_rows[LM_DRAFT_MAX_ITEMS];
    char total[96];
    char rest[24];
};

/* build_screen_edit.c */
int bs_n_lib(const LbBuildScreen *s); /* exercises the list shows */
void bs_refresh(LbBuildScreen *s);    /* the rows' words, the total and the rest, after a change */
void bs_bar_words(LbBuildScreen *s);  /* what the bars under the lists say */
void bs_say(LbBuildScreen *s, bool error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
bool bs_dirty(const LbBuildScreen *s);               /* changed since opened or saved */
void bs_follow(LbBuildScreen *s);                    /* scroll targets keep the selections in view */
void bs_set_focus(LbBuildScreen *s, LbBuildFocus f); /* starts and stops text input for the title */
void bs_clamp_sel(LbBuildScreen *s);                 /* selections inside their lists, then follow */
void bs_add_selected(LbBuildScreen *s);              /* the selected exercise at the routine's end */
void bs_remove_selected(LbBuildScreen *s);           /* the selected item out */
void bs_move_item(LbBuildScreen *s, int by);         /* the selected item by places */
void bs_change_hold(LbBuildScreen *s, int dir);      /* the selected item's hold a step, in its range */
void bs_change_rest(LbBuildScreen *s, int dir);      /* the rest a step, 0 to 60 s */
void bs_toggle_safety(LbBuildScreen *s);
void bs_switch_level(LbBuildScreen *s);                /* the level whose holds are shown and set */
LbBuildOutcome bs_leave(LbBuildScreen *s, bool quit);  /* at once, or ask when there are changes */
LbBuildOutcome bs_save(LbBuildScreen *s);              /* SAVED, or STAY with the reason on screen */
void bs_type_text(LbBuildScreen *s, const char *utf8); /* typed text into the title */
void bs_backspace_title(LbBuildScreen *s);             /* the title's last character out */

#endif
