/* build_screen: the routine builder: what each key, controller button,
 * click and wheel turn asks for (build_screen_edit.c makes the changes),
 * and the view the ui layer's builder.c draws each frame. The draft
 * itself is the core's (lm_user).
 *
 * The selection moves as on a map: the title on top, the exercises on the
 * left, the routine on the right with the rest, the safety card and Save
 * under it. Up and Down move in a column (off its top: the title), Left
 * and Right between the columns, Tab through everything. */
#include "build_screen_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- moving the selection ---------------------------------------------------------- */

static void move_vertical(LbBuildScreen *s, int dir)
{
    switch (s->focus) {
    case LB_BF_TITLE:
        if (dir > 0)
            bs_set_focus(s, s->last_col_routine && s->d.n > 0 ? LB_BF_ROUTINE : LB_BF_LIBRARY);
        break;
    case LB_BF_LIBRARY:
        if (dir < 0 && s->lib_sel == 0)
            bs_set_focus(s, LB_BF_TITLE);
        else
            s->lib_sel += dir;
        break;
    case LB_BF_ROUTINE:
        if (s->carrying)
            bs_move_item(s, dir);
        else if (dir < 0 && s->item_sel == 0)
            bs_set_focus(s, LB_BF_TITLE);
        else if (dir > 0 && s->item_sel >= s->d.n - 1)
            bs_set_focus(s, LB_BF_REST);
        else
            s->item_sel += dir;
        break;
    case LB_BF_REST: bs_set_focus(s, dir > 0 ? LB_BF_SAFETY : s->d.n > 0 ? LB_BF_ROUTINE : LB_BF_TITLE); break;
    case LB_BF_SAFETY: bs_set_focus(s, dir > 0 ? LB_BF_SAVE : LB_BF_REST); break;
    case LB_BF_SAVE:
        if (dir < 0)
            bs_set_focus(s, LB_BF_SAFETY);
        break;
    default: break;
    }
    bs_clamp_sel(s);
}

static void drop(LbBuildScreen *s)
{
    if (!s->carrying)
        return;
    s->carrying = false;
    if (s->item_sel != s->carry_from)
        bs_say(s, false, "%s is now number %d.", s->lib->exercises[s->d.items[s->item_sel].exercise].title,
               s->item_sel + 1);
}

static void move_horizontal(LbBuildScreen *s, int dir)
{
    drop(s);
    if (dir > 0 && s->focus == LB_BF_LIBRARY)
        bs_set_focus(s, LB_BF_ROUTINE);
    else if (dir < 0 && s->focus != LB_BF_LIBRARY && s->focus != LB_BF_TITLE)
        bs_set_focus(s, LB_BF_LIBRARY);
}

static void tab(LbBuildScreen *s, int dir)
{
    drop(s);
    bs_set_focus(s, (LbBuildFocus)(((int)s->focus + dir + LB_BF_COUNT) % LB_BF_COUNT));
    bs_clamp_sel(s);
}

static LbBuildOutcome activate(LbBuildScreen *s)
{
    switch (s->focus) {
    case LB_BF_TITLE: bs_set_focus(s, LB_BF_LIBRARY); break;
    case LB_BF_LIBRARY: bs_add_selected(s); break;
    case LB_BF_ROUTINE:
        if (s->carrying) {
            drop(s);
        } else if (s->d.n > 0) {
            s->carrying = true;
            s->carry_from = s->item_sel;
            bs_say(s, false, "Moving %s: Up and Down carry it, Enter puts it down, Esc puts it back.",
                   s->lib->exercises[s->d.items[s->item_sel].exercise].title);
        }
        break;
    case LB_BF_REST: bs_set_focus(s, LB_BF_SAFETY); break;
    case LB_BF_SAFETY: bs_toggle_safety(s); break;
    case LB_BF_SAVE: return bs_save(s);
    default: break;
    }
    return LB_BUILD_STAY;
}

static void plus_minus(LbBuildScreen *s, int dir)
{
    if (s->focus == LB_BF_ROUTINE)
        bs_change_hold(s, dir);
    else if (s->focus == LB_BF_REST)
        bs_change_rest(s, dir);
}

static LbBuildOutcome back(LbBuildScreen *s)
{
    if (s->carrying) {
        bs_move_item(s, s->carry_from - s->item_sel);
        s->carrying = false;
        bs_say(s, false, "Put back where it was.");
        return LB_BUILD_STAY;
    }
    if (s->focus == LB_BF_TITLE) {
        bs_set_focus(s, LB_BF_LIBRARY);
        return LB_BUILD_STAY;
    }
    return bs_leave(s, false);
}

/* The question before leaving with unsaved changes: 0 stay, 1 leave. */
static LbBuildOutcome confirm_key(LbBuildScreen *s, SDL_Keycode k, Uint16 mod)
{
    switch (k) {
    case SDLK_LEFT:
    case SDLK_RIGHT:
    case SDLK_TAB: s->confirm_choice = !s->confirm_choice; break;
    case SDLK_ESCAPE:                   /* Esc twice leaves, as the question says */
    case SDLK_y: s->confirm_choice = 1; /* fall through */
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
        if (s->confirm_choice == 1) {
            SDL_StopTextInput();
            return s->confirm_quit ? LB_BUILD_QUIT : LB_BUILD_CANCELLED;
        }
        s->confirm = false;
        break;
    case SDLK_n: s->confirm = false; break;
    case SDLK_s:
        if (mod & KMOD_CTRL)
            return bs_save(s);
        break;
    default: break;
    }
    return LB_BUILD_STAY;
}

static LbBuildOutcome key(LbBuildScreen *s, const SDL_KeyboardEvent *e)
{
    SDL_Keycode k = e->keysym.sym;
    Uint16 mod = e->keysym.mod;
    if (s->confirm)
        return e->repeat ? LB_BUILD_STAY : confirm_key(s, k, mod);
    if ((mod & KMOD_CTRL) && k == SDLK_s)
        return e->repeat ? LB_BUILD_STAY : bs_save(s);
    if ((mod & KMOD_CTRL) && k == SDLK_q)
        return bs_leave(s, true);
    if (s->focus == LB_BF_TITLE) {
        switch (k) {
        case SDLK_BACKSPACE: bs_backspace_title(s); return LB_BUILD_STAY;
        case SDLK_v:
            if (mod & KMOD_CTRL) { /* paste: the clipboard's text, as if typed */
                char *clip = SDL_GetClipboardText();
                if (clip)
                    bs_type_text(s, clip);
                SDL_free(clip);
            }
            return LB_BUILD_STAY;
        case SDLK_RETURN:
        case SDLK_KP_ENTER:
        case SDLK_DOWN: move_vertical(s, 1); return LB_BUILD_STAY;
        case SDLK_TAB: tab(s, (mod & KMOD_SHIFT) ? -1 : 1); return LB_BUILD_STAY;
        case SDLK_ESCAPE: return back(s);
        default: return LB_BUILD_STAY; /* letters arrive as text */
        }
    }
    bool shift_alt = (mod & (KMOD_SHIFT | KMOD_ALT)) != 0;
    switch (k) {
    case SDLK_UP:
    case SDLK_PAGEUP:
        if (shift_alt && s->focus == LB_BF_ROUTINE && !s->carrying)
            bs_move_item(s, -1);
        else
            move_vertical(s, -1);
        break;
    case SDLK_DOWN:
    case SDLK_PAGEDOWN:
        if (shift_alt && s->focus == LB_BF_ROUTINE && !s->carrying)
            bs_move_item(s, 1);
        else
            move_vertical(s, 1);
        break;
    case SDLK_LEFT: move_horizontal(s, -1); break;
    case SDLK_RIGHT: move_horizontal(s, 1); break;
    case SDLK_TAB: tab(s, (mod & KMOD_SHIFT) ? -1 : 1); break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
    case SDLK_F5: return e->repeat ? LB_BUILD_STAY : activate(s);
    case SDLK_PLUS:
    case SDLK_EQUALS:
    case SDLK_KP_PLUS: plus_minus(s, 1); break;
    case SDLK_MINUS:
    case SDLK_UNDERSCORE:
    case SDLK_KP_MINUS: plus_minus(s, -1); break;
    case SDLK_DELETE:
    case SDLK_BACKSPACE:
        if (s->focus == LB_BF_ROUTINE && !e->repeat)
            bs_remove_selected(s);
        break;
    case SDLK_HOME:
    case SDLK_END:
        if (s->focus == LB_BF_LIBRARY)
            s->lib_sel = k == SDLK_HOME ? 0 : bs_n_lib(s) - 1;
        else if (s->focus == LB_BF_ROUTINE && !s->carrying)
            s->item_sel = k == SDLK_HOME ? 0 : s->d.n - 1;
        bs_clamp_sel(s);
        break;
    case SDLK_ESCAPE: return e->repeat ? LB_BUILD_STAY : back(s);
    case SDLK_q: return e->repeat ? LB_BUILD_STAY : bs_leave(s, true);
    case SDLK_l:
        if (!e->repeat)
            bs_switch_level(s);
        break;
    default: break;
    }
    return LB_BUILD_STAY;
}

static LbBuildOutcome pad(LbBuildScreen *s, Uint8 b)
{
    SDL_KeyboardEvent k = {0};
    switch (b) {
    case SDL_CONTROLLER_BUTTON_DPAD_UP: k.keysym.sym = SDLK_UP; break;
    case SDL_CONTROLLER_BUTTON_DPAD_DOWN: k.keysym.sym = SDLK_DOWN; break;
    case SDL_CONTROLLER_BUTTON_DPAD_LEFT: k.keysym.sym = SDLK_LEFT; break;
    case SDL_CONTROLLER_BUTTON_DPAD_RIGHT: k.keysym.sym = SDLK_RIGHT; break;
    case SDL_CONTROLLER_BUTTON_A: k.keysym.sym = SDLK_RETURN; break;
    case SDL_CONTROLLER_BUTTON_B: k.keysym.sym = SDLK_ESCAPE; break;
    case SDL_CONTROLLER_BUTTON_X: k.keysym.sym = SDLK_DELETE; break;
    case SDL_CONTROLLER_BUTTON_Y: k.keysym.sym = SDLK_l; break;
    case SDL_CONTROLLER_BUTTON_LEFTSHOULDER: k.keysym.sym = SDLK_MINUS; break;
    case SDL_CONTROLLER_BUTTON_RIGHTSHOULDER: k.keysym.sym = SDLK_PLUS; break;
    case SDL_CONTROLLER_BUTTON_START:
        k.keysym.sym = SDLK_s;
        k.keysym.mod = KMOD_LCTRL;
        break;
    default: return LB_BUILD_STAY;
    }
    /* No typing with a controller: in the title, a button (but Start,
     * which saves) only moves on to the exercises. */
    if (s->focus == LB_BF_TITLE && !s->confirm && b != SDL_CONTROLLER_BUTTON_START) {
        bs_set_focus(s, LB_BF_LIBRARY);
        return LB_BUILD_STAY;
    }
    return key(s, &k);
}

/* ---- the mouse --------------------------------------------------------------------- */

static bool inside(SDL_Rect r, int x, int y) { return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h; }

/* Window points to drawable pixels (they differ on high-density screens). */
static void to_pixels(Uint32 window_id, int w, int h, int *x, int *y)
{
    SDL_Window *win = window_id ? SDL_GetWindowFromID(window_id) : NULL;
    int ww = 0, wh = 0;
    if (win)
        SDL_GetWindowSize(win, &ww, &wh);
    if (ww > 0 && wh > 0 && (ww != w || wh != h)) {
        *x = (int)((long long)*x * w / ww);
        *y = (int)((long long)*y * h / wh);
    }
}

/* The row of a list under y, or -1. */
static int row_at(const LbBuilderLayout *L, bool routine, float scroll, int n, int x, int y)
{
    SDL_Rect list = routine ? L->items_list : L->lib_list;
    if (!inside(list, x, y) || L->row_h <= 0)
        return -1;
    int i = (int)floor((y - list.y) / (double)L->row_h + scroll);
    return i >= 0 && i < n ? i : -1;
}

static LbBuildOutcome click(LbBuildScreen *s, int x, int y)
{
    LbBuilderLayout L;
    lb_builder_layout(s->w, s->h, &L);
    if (s->confirm) {
        for (int i = 0; i < 2; i++)
            if (inside(L.confirm_button[i], x, y)) {
                s->confirm_choice = i;
                return confirm_key(s, SDLK_RETURN, 0);
            }
        return LB_BUILD_STAY;
    }
    drop(s);
    if (inside(L.title_field, x, y)) {
        bs_set_focus(s, LB_BF_TITLE);
        return LB_BUILD_STAY;
    }
    int i = row_at(&L, false, s->lib_scroll, bs_n_lib(s), x, y);
    if (i >= 0) { /* the first click selects, a click on the selected one adds it */
        bool again = s->focus == LB_BF_LIBRARY && s->lib_sel == i;
        bs_set_focus(s, LB_BF_LIBRARY);
        s->lib_sel = i;
        if (again)
            bs_add_selected(s);
        bs_clamp_sel(s);
        return LB_BUILD_STAY;
    }
    if (s->d.n > 0 && inside(L.item_bar, x, y)) { /* the bar's buttons act on the selected item */
        bs_set_focus(s, LB_BF_ROUTINE);
        const SDL_Rect *btn = L.item_button;
        for (int k = 0; k < LB_BB_COUNT; k++)
            if (inside(btn[k], x, y)) {
                if (k == LB_BB_HOLD_DOWN || k == LB_BB_HOLD_UP)
                    bs_change_hold(s, k == LB_BB_HOLD_UP ? 1 : -1);
                else if (k == LB_BB_REMOVE)
                    bs_remove_selected(s);
                else
                    bs_move_item(s, k == LB_BB_MOVE_UP ? -1 : 1);
                return LB_BUILD_STAY;
            }
    }
    i = row_at(&L, true, s->item_scroll, s->d.n, x, y);
    if (i >= 0) {
        bs_set_focus(s, LB_BF_ROUTINE);
        s->item_sel = i;
        bs_clamp_sel(s);
    } else if (inside(L.rest_down, x, y) || inside(L.rest_up, x, y)) {
        bs_set_focus(s, LB_BF_REST);
        bs_change_rest(s, inside(L.rest_up, x, y) ? 1 : -1);
    } else if (inside(L.rest, x, y)) {
        bs_set_focus(s, LB_BF_REST);
    } else if (inside(L.safety, x, y)) {
        bs_set_focus(s, LB_BF_SAFETY);
        bs_toggle_safety(s);
    } else if (inside(L.save, x, y)) {
        bs_set_focus(s, LB_BF_SAVE);
        return bs_save(s);
    } else if (inside(L.items_box, x, y) && s->d.n == 0) {
        bs_set_focus(s, LB_BF_ROUTINE);
    }
    return LB_BUILD_STAY;
}

static void wheel(LbBuildScreen *s, int x, int y, int dy)
{
    if (dy == 0 || s->confirm)
        return;
    LbBuilderLayout L;
    lb_builder_layout(s->w, s->h, &L);
    int dir = dy > 0 ? 1 : -1;
    if (s->d.n > 0 && !s->carrying) {
        /* Over the selected item's hold (between its - and +): the hold. */
        const SDL_Rect *btn = L.item_button;
        SDL_Rect hold = {btn[LB_BB_HOLD_DOWN].x, btn[LB_BB_HOLD_DOWN].y,
                         btn[LB_BB_HOLD_UP].x + btn[LB_BB_HOLD_UP].w - btn[LB_BB_HOLD_DOWN].x, btn[LB_BB_HOLD_DOWN].h};
        if (inside(hold, x, y)) {
            bs_change_hold(s, dir);
            return;
        }
    }
    if (inside(L.rest, x, y)) {
        bs_set_focus(s, LB_BF_REST);
        bs_change_rest(s, dir);
        return;
    }
    /* Anywhere else over a list: scroll it (wheel up shows rows above). */
    float *t = inside(L.lib_box, x, y) ? &s->lib_target : inside(L.items_box, x, y) ? &s->item_target : NULL;
    if (!t)
        return;
    int n = t == &s->lib_target ? bs_n_lib(s) : s->d.n, vis = t == &s->lib_target ? L.lib_rows : L.item_rows;
    *t -= (float)dy;
    float top = (float)(n - vis > 0 ? n - vis : 0);
    *t = *t < 0 ? 0 : *t > top ? top : *t;
}

/* ---- the module -------------------------------------------------------------------- */

LbBuildScreen *lb_build_screen_create(const char *data_dir, char *err, size_t err_size)
{
    LbBuildScreen *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, err_size, "builder: out of memory");
        return NULL;
    }
    s->ui = lb_builder_create(data_dir, err, err_size);
    if (!s->ui) {
        free(s);
        return NULL;
    }
    s->w = 1280;
    s->h = 720;
    return s;
}

void lb_build_screen_destroy(LbBuildScreen *s)
{
    if (!s)
        return;
    if (s->focus == LB_BF_TITLE)
        SDL_StopTextInput();
    lb_builder_destroy(s->ui);
    free(s->lib_rows);
    free(s);
}

void lb_build_screen_open(LbBuildScreen *s, LmLibrary *lib, const char *user_dir, LmLevel level, int routine)
{
    s->lib = lib;
    s->user_dir = user_dir;
    /* The exercises, the user's own among them, as the library has them now. */
    int n = lib->n_exercises > 0 ? lib->n_exercises : 0;
    LbBuildRow *rows = n > 0 ? realloc(s->lib_rows, (size_t)n * sizeof *rows) : s->lib_rows;
    if (rows)
        s->lib_rows = rows;
    s->n_lib_rows = rows ? n : 0; /* out of memory: an empty list, nothing worse */
    if (level < 0 || level >= LM_LEVEL_COUNT)
        level = LM_LEVEL_BEGINNER;
    bool edit = routine >= 0 && lm_draft_from_routine(&s->d, lib, routine, level);
    if (!edit)
        lm_draft_init(&s->d, level);
    s->orig = s->d;
    s->lib_sel = s->item_sel = 0;
    s->carrying = false;
    s->confirm = false;
    s->lib_scroll = s->item_scroll = s->lib_target = s->item_target = 0;
    s->snap = true;
    s->saved_id[0] = '\0';
    s->message[0] = '\0';
    s->message_error = false;
    s->focus = LB_BF_COUNT; /* so set_focus starts or stops text input as it should */
    SDL_StopTextInput();
    bs_set_focus(s, edit ? LB_BF_ROUTINE : LB_BF_LIBRARY);
    if (routine >= 0 && !edit)
        bs_say(s, true, "That routine is not one of yours, so it cannot be changed here: this is a new one.");
    else if (edit)
        bs_say(s, false, "Saving writes your changes over \"%s\".", s->d.title);
    else
        bs_say(s, false, "Choose exercises on the left and press Enter to add them.");
    bs_refresh(s);
    bs_clamp_sel(s);
}

LbBuildOutcome lb_build_screen_event(LbBuildScreen *s, const SDL_Event *e, int w, int h, uint64_t now_ns)
{
    if (!s || !s->lib || !e)
        return LB_BUILD_STAY;
    if (w > 0 && h > 0 && (w != s->w || h != s->h)) {
        s->w = w;
        s->h = h;
        bs_follow(s);
    }
    switch (e->type) {
    case SDL_QUIT: SDL_StopTextInput(); return LB_BUILD_QUIT;
    case SDL_KEYDOWN: return key(s, &e->key);
    case SDL_TEXTINPUT:
        if (s->focus == LB_BF_TITLE && !s->confirm)
            bs_type_text(s, e->text.text);
        return LB_BUILD_STAY;
    case SDL_CONTROLLERBUTTONDOWN: return pad(s, e->cbutton.button);
    case SDL_MOUSEBUTTONDOWN: {
        if (e->button.button != SDL_BUTTON_LEFT) /* a tap on a touch screen comes as the left button */
            return LB_BUILD_STAY;
        int x = e->button.x, y = e->button.y;
        to_pixels(e->button.windowID, s->w, s->h, &x, &y);
        return click(s, x, y);
    }
    case SDL_MOUSEWHEEL: {
#if SDL_VERSION_ATLEAST(2, 26, 0)
        int x = e->wheel.mouseX, y = e->wheel.mouseY;
#else
        int x, y;
        SDL_GetMouseState(&x, &y);
#endif
        to_pixels(e->wheel.windowID, s->w, s->h, &x, &y);
        int dy = e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -e->wheel.y : e->wheel.y;
        wheel(s, x, y, dy);
        return LB_BUILD_STAY;
    }
    default: return LB_BUILD_STAY;
    }
}

static const char *key_strip(const LbBuildScreen *s)
{
    if (s->confirm)
        return "\xE2\x86\x90 \xE2\x86\x92 choose  \xC2\xB7  Enter do it  \xC2\xB7  Esc again: leave  \xC2\xB7  "
               "Ctrl+S save";
    switch (s->focus) {
    case LB_BF_TITLE: return "Type the title  \xC2\xB7  Backspace delete  \xC2\xB7  Enter or \xE2\x86\x93 done";
    case LB_BF_LIBRARY:
        return "\xE2\x86\x91 \xE2\x86\x93 choose  \xC2\xB7  Enter add  \xC2\xB7  \xE2\x86\x92 your routine  \xC2\xB7  "
               "L level  \xC2\xB7  Ctrl+S save  \xC2\xB7  Esc leave";
    case LB_BF_ROUTINE:
        if (s->carrying)
            return "\xE2\x86\x91 \xE2\x86\x93 carry it  \xC2\xB7  Enter put it down  \xC2\xB7  Esc put it back";
        return "\xE2\x86\x91 \xE2\x86\x93 choose  \xC2\xB7  \xE2\x88\x92 + hold  \xC2\xB7  Enter pick up  \xC2\xB7  "
               "Del remove  \xC2\xB7  \xE2\x86\x90 exercises  \xC2\xB7  Ctrl+S save";
    case LB_BF_REST:
        return "\xE2\x88\x92 + rest  \xC2\xB7  \xE2\x86\x91 \xE2\x86\x93 move  \xC2\xB7  \xE2\x86\x90 exercises  "
               "\xC2\xB7  Ctrl+S save  \xC2\xB7  Esc leave";
    case LB_BF_SAFETY:
        return "Enter turn on or off  \xC2\xB7  \xE2\x86\x91 \xE2\x86\x93 move  \xC2\xB7  Ctrl+S save  \xC2\xB7  "
               "Esc leave";
    case LB_BF_SAVE: return "Enter save  \xC2\xB7  \xE2\x86\x91 move  \xC2\xB7  Esc leave";
    default: return "";
    }
}

/* Ease a scroll position toward its target: quick, never overshooting. */
static float ease(float at, float target, double dt_s)
{
    float k = (float)(1.0 - exp(-dt_s / 0.07));
    float v = at + (target - at) * k;
    return fabsf(target - v) < 0.002f ? target : v;
}

bool lb_build_screen_draw(LbBuildScreen *s, SDL_Renderer *r, int w, int h, uint64_t now_ns)
{
    if (!s || !s->lib)
        return false;
    if (w > 0 && h > 0 && (w != s->w || h != s->h)) {
        s->w = w;
        s->h = h;
        bs_follow(s);
    }
    double dt = s->snap || now_ns < s->last_ns ? 1e9 : (double)(now_ns - s->last_ns) * 1e-9;
    s->snap = false;
    s->last_ns = now_ns;
    s->lib_scroll = ease(s->lib_scroll, s->lib_target, dt);
    s->item_scroll = ease(s->item_scroll, s->item_target, dt);
    LbBuilderView v = {0};
    v.heading = s->d.editing_id[0] ? "Edit routine" : "New routine";
    v.title = s->d.title;
    v.total = s->total;
    v.focus = s->focus;
    v.lib = s->lib_rows;
    v.n_lib = bs_n_lib(s);
    v.lib_sel = s->lib_sel;
    v.items = s->item_rows;
    v.n_items = s->d.n;
    v.item_sel = s->item_sel;
    v.carrying = s->carrying;
    if (s->d.n > 0) {
        double lo, hi, def;
        lm_draft_hold_range(s->lib, s->d.items[s->item_sel].exercise, s->d.level, &lo, &hi, &def);
        v.can_hold = hi > 0;
    }
    bs_bar_words(s);
    v.lib_info = s->lib_info;
    v.item_info = s->item_info;
    v.item_info_short = s->item_info_short;
    v.item_hold = s->d.n > 0 ? s->item_detail[s->item_sel] : "";
    /* the selected row names its range too */
    for (int i = 0; i < s->d.n; i++)
        s->item_rows[i].detail = i == s->item_sel ? s->item_range[i] : s->item_detail[i];
    v.lib_scroll = s->lib_scroll;
    v.item_scroll = s->item_scroll;
    v.rest = s->rest;
    v.safety = s->d.safety;
    v.message = s->message;
    v.message_error = s->message_error;
    v.keys = key_strip(s);
    v.caret = (now_ns / 500000000u) % 2 == 0;
    if (s->confirm) {
        v.confirm = s->confirm_quit ? "Quit without saving?" : "Leave without saving?";
        v.confirm_detail = "The changes to this routine are not saved yet.";
        v.confirm_choice = s->confirm_choice;
        v.confirm_buttons[0] = "Keep building";
        v.confirm_buttons[1] = s->confirm_quit ? "Quit" : "Leave";
    }
    return lb_builder_draw(s->ui, r, w, h, &v);
}

const char *lb_build_screen_saved_id(const LbBuildScreen *s) { return s ? s->saved_id : ""; }

void lb_build_screen_textures_lost(LbBuildScreen *s)
{
    if (s)
        lb_builder_textures_lost(s->ui);
}

const LmDraft *lb_build_screen_draft(const LbBuildScreen *s) { return s ? &s->d : NULL; }

const char *lb_build_screen_message(const LbBuildScreen *s) { return s ? s->message : ""; }

int lb_build_screen_focus(const LbBuildScreen *s) { return s ? (int)s->focus : -1; }
