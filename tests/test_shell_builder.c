/* The routine builder driven as a user drives it: synthetic key, text,
 * mouse, wheel and controller events through lb_build_screen_event, with
 * the user's folder in a scratch XDG data folder. Saving is checked on
 * disk (the file passes the loader's check and compiles to a timeline);
 * a routines folder that cannot be written (a regular file in its place,
 * which fails even as root) keeps the routine in the builder with a
 * message. Golden frames of the builder at the five sizes the overlay
 * supports compare thumbnails as test_shell_scene_sizes does;
 * LIMBER_UPDATE_GOLDEN=1 rewrites them, and LIMBER_BUILDER_SHOTS=DIR
 * also writes the full-size frames there to look at. */
#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build_screen.h"
#include "builder.h"
#include "canvas.h"
#include "lm_library.h"
#include "lm_timeline.h"
#include "lm_user.h"
#include "lt.h"
#include "lt_lib.h"

#define W 1280
#define H 720

static LmLibrary lib;
static LbBuildScreen *bs;
static char tmp[256];
static char user_dir[320];

/* ---- events --------------------------------------------------------------- */

static LbBuildOutcome key_mod(SDL_Keycode k, Uint16 mod)
{
    SDL_Event e = {0};
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    e.key.keysym.mod = mod;
    return lb_build_screen_event(bs, &e, W, H, 0);
}

static LbBuildOutcome key(SDL_Keycode k) { return key_mod(k, 0); }

static void keys(SDL_Keycode k, int times)
{
    for (int i = 0; i < times; i++)
        key(k);
}

static LbBuildOutcome type(const char *s)
{
    SDL_Event e = {0};
    e.type = SDL_TEXTINPUT;
    snprintf(e.text.text, sizeof e.text.text, "%s", s);
    return lb_build_screen_event(bs, &e, W, H, 0);
}

static LbBuildOutcome button(Uint8 b)
{
    SDL_Event e = {0};
    e.type = SDL_CONTROLLERBUTTONDOWN;
    e.cbutton.button = b;
    e.cbutton.state = SDL_PRESSED;
    return lb_build_screen_event(bs, &e, W, H, 0);
}

static LbBuildOutcome click(SDL_Rect r)
{
    SDL_Event e = {0};
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = SDL_PRESSED;
    e.button.clicks = 1;
    e.button.x = r.x + r.w / 2;
    e.button.y = r.y + r.h / 2;
    return lb_build_screen_event(bs, &e, W, H, 0);
}

static void wheel(SDL_Rect r, int dy)
{
    SDL_Event e = {0};
    e.type = SDL_MOUSEWHEEL;
    e.wheel.y = dy;
    e.wheel.mouseX = r.x + r.w / 2;
    e.wheel.mouseY = r.y + r.h / 2;
    lb_build_screen_event(bs, &e, W, H, 0);
}

static const LmDraft *draft(void) { return lb_build_screen_draft(bs); }

static int ex(const char *id) { return lm_lib_find_exercise(&lib, id); }

/* A fresh builder for a new routine at the beginner level. */
static void open_new(void) { lb_build_screen_open(bs, &lib, user_dir, LM_LEVEL_BEGINNER, -1); }

/* The selected exercise of the list moved to id (from the top). */
static void pick(const char *id)
{
    keys(SDLK_HOME, 1);
    keys(SDLK_DOWN, ex(id));
}

/* ---- files ------------------------------------------------------------------ */

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void remove_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "  could not clean %s\n", dir);
}

/* With LIMBER_BUILDER_SHOTS=DIR: the screen as it is now, to look at. */
static void shot(const char *name)
{
    const char *dir = getenv("LIMBER_BUILDER_SHOTS");
    LbCanvas cv;
    if (!dir || !lb_canvas_init(&cv, W, H))
        return;
    lb_build_screen_draw(bs, cv.ren, W, H, 0);
    lb_canvas_flush(&cv);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    IMG_SavePNG(cv.surf, path);
    lb_build_screen_textures_lost(bs);
    lb_canvas_free(&cv);
}

/* ---- behaviour --------------------------------------------------------------- */

static void a_new_routine_should_start_empty_with_the_safety_card_and_a_rest(void)
{
    open_new();
    LT_CHECK(draft()->n == 0);
    LT_CHECK(draft()->safety);
    LT_NEAR(draft()->rest_s, 10.0, 1e-9);
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_LIBRARY);
    LT_CHECK(!SDL_IsTextInputActive());
}

static void enter_should_add_the_selected_exercise_and_lengthen_the_routine(void)
{
    open_new();
    pick("knee-to-chest");
    key(SDLK_RETURN);
    LT_CHECK(draft()->n == 1 && draft()->items[0].exercise == ex("knee-to-chest"));
    double one = lm_draft_seconds(draft(), &lib);
    LT_CHECK(one > 0);
    pick("cat-cow");
    key(SDLK_SPACE);
    LT_CHECK(draft()->n == 2 && draft()->items[1].exercise == ex("cat-cow"));
    LT_CHECK_MSG(lm_draft_seconds(draft(), &lib) > one + 10, "%g then %g", one, lm_draft_seconds(draft(), &lib));
    LT_STR_CONTAINS(lb_build_screen_message(bs), "Cat-cow");
    for (int i = 0; i < LM_DRAFT_MAX_ITEMS; i++) /* one more than fits */
        key(SDLK_RETURN);
    LT_CHECK(draft()->n == LM_DRAFT_MAX_ITEMS);
    LT_STR_CONTAINS(lb_build_screen_message(bs), "at most");
    /* the selection stayed in the list: more can be added at once */
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_LIBRARY);
}

static void delete_should_remove_the_selected_item(void)
{
    open_new();
    const char *ids[] = {"knee-to-chest", "cat-cow", "childs-pose"};
    for (int i = 0; i < 3; i++) {
        pick(ids[i]);
        key(SDLK_RETURN);
    }
    key(SDLK_RIGHT);
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_ROUTINE);
    key(SDLK_HOME);
    key(SDLK_DOWN);
    key(SDLK_DELETE);
    LT_CHECK(draft()->n == 2);
    LT_CHECK(draft()->items[0].exercise == ex("knee-to-chest") && draft()->items[1].exercise == ex("childs-pose"));
    key(SDLK_BACKSPACE);
    LT_CHECK(draft()->n == 1 && draft()->items[0].exercise == ex("knee-to-chest"));
    /* in the list of exercises, Delete removes nothing */
    key(SDLK_LEFT);
    key(SDLK_DELETE);
    LT_CHECK(draft()->n == 1);
}

static void enter_should_carry_an_item_and_esc_put_it_back(void)
{
    open_new();
    const char *ids[] = {"knee-to-chest", "cat-cow", "childs-pose"};
    for (int i = 0; i < 3; i++) {
        pick(ids[i]);
        key(SDLK_RETURN);
    }
    key(SDLK_RIGHT);
    key(SDLK_HOME);
    key(SDLK_RETURN); /* pick up the first */
    keys(SDLK_DOWN, 2);
    key(SDLK_RETURN); /* put it down last */
    LT_CHECK(draft()->items[0].exercise == ex("cat-cow") && draft()->items[1].exercise == ex("childs-pose") &&
             draft()->items[2].exercise == ex("knee-to-chest"));
    key(SDLK_RETURN);
    key(SDLK_UP);
    LT_CHECK(draft()->items[1].exercise == ex("knee-to-chest"));
    LT_CHECK(key(SDLK_ESCAPE) == LB_BUILD_STAY); /* puts it back, does not leave */
    LT_CHECK(draft()->items[2].exercise == ex("knee-to-chest"));
    /* Shift+Up and Alt+Up move the selected item straight away */
    key_mod(SDLK_UP, KMOD_LSHIFT);
    LT_CHECK(draft()->items[1].exercise == ex("knee-to-chest"));
    key_mod(SDLK_UP, KMOD_LALT);
    LT_CHECK(draft()->items[0].exercise == ex("knee-to-chest"));
    key_mod(SDLK_UP, KMOD_LALT); /* already first: nothing */
    LT_CHECK(draft()->items[0].exercise == ex("knee-to-chest") && draft()->n == 3);
}

static void plus_and_minus_should_keep_the_hold_in_the_articles_range(void)
{
    open_new();
    pick("knee-to-chest");
    key(SDLK_RETURN);
    key(SDLK_RIGHT);
    double lo, hi, def;
    lm_draft_hold_range(&lib, ex("knee-to-chest"), LM_LEVEL_BEGINNER, &lo, &hi, &def);
    LT_CHECK(lo > 0 && hi > lo);
    key(SDLK_PLUS);
    LT_NEAR(draft()->items[0].hold_s[LM_LEVEL_BEGINNER], def + 5 > hi ? hi : def + 5, 1e-9);
    keys(SDLK_EQUALS, 30);
    LT_NEAR(draft()->items[0].hold_s[LM_LEVEL_BEGINNER], hi, 1e-9);
    LT_STR_CONTAINS(lb_build_screen_message(bs), "longest");
    keys(SDLK_MINUS, 30);
    LT_NEAR(draft()->items[0].hold_s[LM_LEVEL_BEGINNER], lo, 1e-9);
    LT_STR_CONTAINS(lb_build_screen_message(bs), "shortest");
    LT_CHECK(draft()->items[0].hold_s[LM_LEVEL_ACTIVE] == 0); /* the other level keeps its own */
    /* L: the active level's holds, with their own range */
    double alo, ahi, adef;
    lm_draft_hold_range(&lib, ex("knee-to-chest"), LM_LEVEL_ACTIVE, &alo, &ahi, &adef);
    key(SDLK_l);
    LT_CHECK(draft()->level == LM_LEVEL_ACTIVE);
    keys(SDLK_PLUS, 30);
    LT_NEAR(draft()->items[0].hold_s[LM_LEVEL_ACTIVE], ahi, 1e-9);
    LT_NEAR(draft()->items[0].hold_s[LM_LEVEL_BEGINNER], lo, 1e-9);
    key(SDLK_l);
    LT_CHECK(draft()->level == LM_LEVEL_BEGINNER);
    /* an exercise counted in repetitions has no hold to set */
    key(SDLK_LEFT);
    pick("pelvic-tilt");
    key(SDLK_RETURN);
    key(SDLK_RIGHT);
    key(SDLK_END);
    key(SDLK_PLUS);
    LT_CHECK(draft()->items[1].hold_s[LM_LEVEL_BEGINNER] == 0);
    LT_STR_CONTAINS(lb_build_screen_message(bs), "repetitions");
}

static void the_rest_should_change_in_steps_within_0_and_60_seconds(void)
{
    open_new();
    pick("knee-to-chest");
    key(SDLK_RETURN);
    key(SDLK_RIGHT);
    key(SDLK_DOWN); /* past the last item: the rest */
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_REST);
    key(SDLK_PLUS);
    LT_NEAR(draft()->rest_s, 15, 1e-9);
    keys(SDLK_KP_PLUS, 20);
    LT_NEAR(draft()->rest_s, 60, 1e-9);
    keys(SDLK_KP_MINUS, 20);
    LT_NEAR(draft()->rest_s, 0, 1e-9);
}

static void enter_on_the_safety_row_should_toggle_it(void)
{
    open_new();
    key(SDLK_RIGHT);
    key(SDLK_DOWN); /* empty routine: the rest */
    key(SDLK_DOWN);
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_SAFETY);
    key(SDLK_RETURN);
    LT_CHECK(!draft()->safety);
    key(SDLK_SPACE);
    LT_CHECK(draft()->safety);
}

static void the_title_field_should_take_text_and_keep_letters_from_being_keys(void)
{
    open_new();
    key(SDLK_UP); /* from the top of the list: the title */
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_TITLE);
    LT_CHECK(SDL_IsTextInputActive());
    type("Morning ");
    LT_CHECK(key(SDLK_q) == LB_BUILD_STAY); /* a letter typed, not quit */
    type("back{s}");
    shot("builder-title.png");
    type("\xC3\xA9x"); /* UTF-8 is kept */
    LT_CHECK_MSG(strcmp(draft()->title, "Morning backs\xC3\xA9x") == 0, "title \"%s\"", draft()->title);
    key(SDLK_BACKSPACE);
    key(SDLK_BACKSPACE); /* a two-byte character goes in one */
    LT_CHECK_MSG(strcmp(draft()->title, "Morning backs") == 0, "title \"%s\"", draft()->title);
    for (int i = 0; i < 10; i++)
        type("abcdefghij");
    LT_CHECK_MSG(strlen(draft()->title) == 48, "%zu bytes", strlen(draft()->title));
    key(SDLK_RETURN);
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_LIBRARY);
    LT_CHECK(!SDL_IsTextInputActive());
    size_t before = strlen(draft()->title);
    type("zz"); /* text outside the field is ignored */
    LT_CHECK(strlen(draft()->title) == before);
}

static void esc_should_leave_at_once_without_changes_and_ask_with_them(void)
{
    open_new();
    LT_CHECK(key(SDLK_ESCAPE) == LB_BUILD_CANCELLED);
    open_new();
    key(SDLK_RETURN);
    LT_CHECK(key(SDLK_ESCAPE) == LB_BUILD_STAY);
    shot("builder-confirm.png");
    LT_CHECK(key(SDLK_RETURN) == LB_BUILD_STAY); /* "Keep building" is the default */
    LT_CHECK(draft()->n == 1);
    LT_CHECK(key(SDLK_ESCAPE) == LB_BUILD_STAY);
    LT_CHECK(key(SDLK_ESCAPE) == LB_BUILD_CANCELLED); /* Esc twice leaves */
    open_new();
    key(SDLK_RETURN);
    LT_CHECK(key(SDLK_q) == LB_BUILD_STAY);
    LT_CHECK(key(SDLK_n) == LB_BUILD_STAY);
    LT_CHECK(key(SDLK_q) == LB_BUILD_STAY);
    LT_CHECK(key(SDLK_y) == LB_BUILD_QUIT);
    open_new();
    LT_CHECK(key(SDLK_q) == LB_BUILD_QUIT);
    open_new();
    key(SDLK_RETURN);
    SDL_Event e = {0};
    e.type = SDL_QUIT;
    LT_CHECK(lb_build_screen_event(bs, &e, W, H, 0) == LB_BUILD_QUIT); /* the window closed: no question */
}

/* The saved file, loaded into a fresh library as --check and --routine
 * would: it passes the check and compiles, to the length the builder showed. */
static void check_saved(const char *path, double want_s, const LmDraft *d)
{
    LmLibrary fresh = {0};
    LmErrors err = {0};
    LT_CHECK(lm_lib_load(&fresh, ".", &err));
    lm_err_clear(&err);
    bool ok = lm_lib_check_file(&fresh, path, &err);
    LT_CHECK_MSG(ok, "%s: %s", path, err.count ? err.items[0] : "");
    lm_err_clear(&err);
    int k = lm_lib_add_routine_file(&fresh, path, &err);
    LT_CHECK_MSG(k >= 0, "%s: %s", path, err.count ? err.items[0] : "");
    lm_err_clear(&err);
    if (k >= 0) {
        const LmRoutine *r = &fresh.routines[k];
        LT_CHECK(r->n_items == d->n && r->safety == d->safety);
        LT_NEAR(r->rest_s, d->rest_s, 1e-9);
        LT_CHECK_MSG(strcmp(r->title, d->title) == 0, "\"%s\" / \"%s\"", r->title, d->title);
        for (int i = 0; i < r->n_items && i < d->n; i++) {
            LT_CHECK(strcmp(r->items[i].exercise_id, lib.exercises[d->items[i].exercise].id) == 0);
            LT_NEAR(r->items[i].hold_s[LM_LEVEL_BEGINNER], d->items[i].hold_s[LM_LEVEL_BEGINNER], 1e-9);
        }
        LmCompileOpts co = {.level = LM_LEVEL_BEGINNER};
        LmTimeline *tl = lm_timeline_compile_routine(&fresh, k, &co, &err);
        LT_CHECK(tl != NULL);
        if (tl)
            LT_NEAR(tl->duration_s, want_s, 0.01);
        lm_timeline_free(tl);
        lm_err_clear(&err);
    }
    lm_lib_free(&fresh);
}

static void ctrl_s_should_write_a_routine_file_that_loads_and_plays(void)
{
    open_new();
    key(SDLK_UP);
    type("Evening unwind");
    key(SDLK_RETURN);
    const char *ids[] = {"childs-pose", "knee-to-chest", "figure-four"};
    for (int i = 0; i < 3; i++) {
        pick(ids[i]);
        key(SDLK_RETURN);
    }
    key(SDLK_RIGHT);
    key(SDLK_HOME);
    key(SDLK_DOWN);
    keys(SDLK_MINUS, 10); /* knee to chest at its shortest */
    key(SDLK_END);
    key(SDLK_DOWN);
    key(SDLK_PLUS); /* rest 15 */
    key(SDLK_DOWN);
    key(SDLK_RETURN); /* no safety card */
    LmDraft want = *draft();
    double want_s = lm_draft_seconds(&want, &lib);
    int before = lib.n_routines;
    LT_CHECK(key_mod(SDLK_s, KMOD_LCTRL) == LB_BUILD_SAVED);
    const char *id = lb_build_screen_saved_id(bs);
    LT_CHECK_MSG(strcmp(id, "evening-unwind") == 0, "saved as \"%s\"", id);
    char path[512];
    snprintf(path, sizeof path, "%s/routines/%s.json", user_dir, id);
    LT_CHECK_MSG(exists(path), "%s is missing", path);
    LT_CHECK(lm_lib_find_routine(&lib, id) >= 0 && lib.n_routines == before + 1);
    check_saved(path, want_s, &want);
    /* a second routine with the same title gets an id of its own */
    open_new();
    key(SDLK_UP);
    type("Evening unwind");
    key(SDLK_RETURN);
    key(SDLK_RETURN);
    LT_CHECK(key(SDLK_TAB) == LB_BUILD_STAY);
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_ROUTINE);
    keys(SDLK_TAB, 3); /* rest, safety, save */
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_SAVE);
    LT_CHECK(key(SDLK_RETURN) == LB_BUILD_SAVED);
    LT_CHECK_MSG(strcmp(lb_build_screen_saved_id(bs), "evening-unwind-2") == 0, "saved as \"%s\"",
                 lb_build_screen_saved_id(bs));
    LT_CHECK(exists(path)); /* the first is still there */
}

static void saving_nothing_should_say_what_is_missing(void)
{
    open_new();
    LT_CHECK(key_mod(SDLK_s, KMOD_LCTRL) == LB_BUILD_STAY);
    LT_STR_CONTAINS(lb_build_screen_message(bs), "at least one exercise");
    /* no folder to save in at all: said, and the routine stays */
    lb_build_screen_open(bs, &lib, NULL, LM_LEVEL_BEGINNER, -1);
    key(SDLK_RETURN);
    LT_CHECK(key_mod(SDLK_s, KMOD_LCTRL) == LB_BUILD_STAY);
    LT_STR_CONTAINS(lb_build_screen_message(bs), "no folder");
    LT_CHECK(draft()->n == 1);
}

static void editing_a_saved_routine_should_keep_its_id_and_rewrite_it(void)
{
    int k = lm_lib_find_routine(&lib, "evening-unwind");
    LT_CHECK(k >= 0);
    if (k < 0)
        return;
    lb_build_screen_open(bs, &lib, user_dir, LM_LEVEL_BEGINNER, k);
    LT_CHECK(draft()->n == 3 && !draft()->safety);
    LT_CHECK(strcmp(draft()->title, "Evening unwind") == 0);
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_ROUTINE);
    LT_CHECK(key(SDLK_ESCAPE) == LB_BUILD_CANCELLED); /* nothing changed yet */
    lb_build_screen_open(bs, &lib, user_dir, LM_LEVEL_BEGINNER, k);
    key(SDLK_END);
    key(SDLK_DELETE); /* figure four goes */
    key(SDLK_HOME);
    keys(SDLK_PLUS, 2);
    LmDraft want = *draft();
    LT_CHECK(key_mod(SDLK_s, KMOD_LCTRL) == LB_BUILD_SAVED);
    LT_CHECK(strcmp(lb_build_screen_saved_id(bs), "evening-unwind") == 0);
    char path[512];
    snprintf(path, sizeof path, "%s/routines/evening-unwind.json", user_dir);
    check_saved(path, lm_draft_seconds(&want, &lib), &want);
    k = lm_lib_find_routine(&lib, "evening-unwind");
    LT_CHECK(k >= 0 && lib.routines[k].n_items == 2);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 65536);
    if (buf && fread(buf, 1, 65535, f) == 0) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

static void an_interrupted_save_should_leave_the_old_file_and_keep_the_draft(void)
{
    int k = lm_lib_find_routine(&lib, "evening-unwind");
    LT_CHECK(k >= 0);
    if (k < 0)
        return;
    char path[512];
    snprintf(path, sizeof path, "%s/routines/evening-unwind.json", user_dir);
    char *before = slurp(path);
    LT_CHECK(before != NULL);
    lb_build_screen_open(bs, &lib, user_dir, LM_LEVEL_BEGINNER, k);
    key(SDLK_DELETE);
    lm_user_interrupt_next_save();
    LT_CHECK(key_mod(SDLK_s, KMOD_LCTRL) == LB_BUILD_STAY);
    LT_STR_CONTAINS(lb_build_screen_message(bs), "Could not save");
    LT_CHECK(draft()->n == 1);
    char *after = slurp(path);
    LT_CHECK(before && after && strcmp(before, after) == 0);
    free(before);
    free(after);
    /* saving again works, and leaves the new file */
    LT_CHECK(key_mod(SDLK_s, KMOD_LCTRL) == LB_BUILD_SAVED);
    k = lm_lib_find_routine(&lib, "evening-unwind");
    LT_CHECK(k >= 0 && lib.routines[k].n_items == 1);
}

static void a_routines_folder_that_cannot_be_written_should_keep_the_draft(void)
{
    char dir[400], blocker[480];
    snprintf(dir, sizeof dir, "%s/blocked", tmp);
    snprintf(blocker, sizeof blocker, "%s/routines", dir);
    LT_CHECK(mkdir(dir, 0755) == 0);
    FILE *f = fopen(blocker, "w"); /* a file where the folder should be */
    LT_CHECK(f != NULL);
    if (f) {
        fputs("keep me\n", f);
        fclose(f);
    }
    lb_build_screen_open(bs, &lib, dir, LM_LEVEL_BEGINNER, -1);
    key(SDLK_RETURN);
    key(SDLK_DOWN);
    key(SDLK_RETURN);
    int before = lib.n_routines;
    LT_CHECK(key_mod(SDLK_s, KMOD_LCTRL) == LB_BUILD_STAY);
    LT_STR_CONTAINS(lb_build_screen_message(bs), "Could not save");
    LT_STR_CONTAINS(lb_build_screen_message(bs), "still here");
    LT_CHECK(draft()->n == 2 && lib.n_routines == before);
    char buf[32] = "";
    f = fopen(blocker, "r");
    LT_CHECK(f && fgets(buf, sizeof buf, f) && strcmp(buf, "keep me\n") == 0);
    if (f)
        fclose(f);
    /* A truly read-only folder too, where permissions hold (not as root). */
    if (geteuid() != 0) {
        char ro[400], ro_routines[480];
        snprintf(ro, sizeof ro, "%s/read-only", tmp);
        snprintf(ro_routines, sizeof ro_routines, "%s/routines", ro);
        LT_CHECK(mkdir(ro, 0755) == 0 && mkdir(ro_routines, 0555) == 0);
        lb_build_screen_open(bs, &lib, ro, LM_LEVEL_BEGINNER, -1);
        key(SDLK_RETURN);
        LT_CHECK(key_mod(SDLK_s, KMOD_LCTRL) == LB_BUILD_STAY);
        LT_STR_CONTAINS(lb_build_screen_message(bs), "Could not save");
        LT_CHECK(draft()->n == 1);
        chmod(ro_routines, 0755); /* so the scratch folder can be removed */
    }
    shot("builder-read-only.png");
    /* the message is on screen */
    LbCanvas cv;
    LT_CHECK(lb_canvas_init(&cv, W, H));
    LT_CHECK(lb_build_screen_draw(bs, cv.ren, W, H, 0));
    lb_build_screen_textures_lost(bs); /* before its renderer goes */
    lb_canvas_free(&cv);
    /* and the routine still leaves only when asked twice */
    LT_CHECK(key(SDLK_ESCAPE) == LB_BUILD_STAY);
}

static void the_mouse_should_select_add_change_and_save(void)
{
    open_new();
    LbBuilderLayout L;
    lb_builder_layout(W, H, &L);
    SDL_Rect row2 = lb_builder_row(&L, false, 2, 0);
    click(row2); /* selects */
    LT_CHECK(draft()->n == 0);
    click(row2); /* adds */
    LT_CHECK(draft()->n == 1 && draft()->items[0].exercise == 2);
    click(lb_builder_row(&L, true, 0, 0));
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_ROUTINE);
    const SDL_Rect *btn = L.item_button;
    double lo, hi, def;
    lm_draft_hold_range(&lib, 2, LM_LEVEL_BEGINNER, &lo, &hi, &def);
    click(btn[LB_BB_HOLD_DOWN]);
    LT_NEAR(draft()->items[0].hold_s[LM_LEVEL_BEGINNER], def - 5 < lo ? lo : def - 5, 1e-9);
    SDL_Rect hold = {btn[LB_BB_HOLD_DOWN].x, btn[LB_BB_HOLD_DOWN].y, btn[LB_BB_HOLD_UP].x - btn[LB_BB_HOLD_DOWN].x,
                     btn[LB_BB_HOLD_DOWN].h};
    wheel(hold, 1); /* the wheel over the hold changes it */
    LT_NEAR(draft()->items[0].hold_s[LM_LEVEL_BEGINNER], def, 1e-9);
    wheel(L.rest, 1);
    LT_NEAR(draft()->rest_s, 15, 1e-9);
    click(L.rest_down);
    click(L.rest_down);
    LT_NEAR(draft()->rest_s, 5, 1e-9);
    click(L.safety);
    LT_CHECK(!draft()->safety);
    click(L.title_field);
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_TITLE);
    type("Clicked");
    click(row2);
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_LIBRARY && !SDL_IsTextInputActive());
    click(row2);
    LT_CHECK(draft()->n == 2);
    click(btn[LB_BB_MOVE_UP]); /* the bar under the routine acts on its selected item */
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_ROUTINE);
    LT_CHECK(draft()->items[0].exercise == 2 && draft()->items[0].hold_s[LM_LEVEL_BEGINNER] == 0);
    click(btn[LB_BB_MOVE_DOWN]);
    LT_CHECK(draft()->items[1].exercise == 2 && draft()->items[1].hold_s[LM_LEVEL_BEGINNER] == 0);
    click(btn[LB_BB_REMOVE]);
    click(btn[LB_BB_REMOVE]);
    LT_CHECK(draft()->n == 0);
    click(row2);
    click(row2);
    LT_CHECK(click(L.save) == LB_BUILD_SAVED);
    LT_CHECK(strcmp(lb_build_screen_saved_id(bs), "clicked") == 0);
}

/* Draw twice, a second apart: the scroll has settled. */
static void settle(void)
{
    LbCanvas cv;
    LT_CHECK(lb_canvas_init(&cv, W, H));
    lb_build_screen_draw(bs, cv.ren, W, H, 1000000000ull);
    lb_build_screen_draw(bs, cv.ren, W, H, 3000000000ull);
    lb_build_screen_textures_lost(bs); /* before its renderer goes */
    lb_canvas_free(&cv);
}

static void the_wheel_should_scroll_a_long_list_and_keys_keep_the_selection_in_view(void)
{
    open_new();
    LbBuilderLayout L;
    lb_builder_layout(W, H, &L);
    for (int i = 0; i < 10; i++) { /* every exercise, then the first two again */
        key(SDLK_RETURN);
        key(SDLK_DOWN);
    }
    key(SDLK_HOME);
    key(SDLK_RETURN);
    key(SDLK_DOWN);
    key(SDLK_RETURN);
    LT_CHECK(draft()->n == 12 && L.item_rows < 12);
    /* the last item added is selected, so the list scrolled to show it:
     * the bottom row on screen is the twelfth */
    settle();
    click(lb_builder_row(&L, true, L.item_rows - 1, 0));
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_ROUTINE);
    key(SDLK_DELETE);
    LT_CHECK(draft()->n == 11 && draft()->items[10].exercise == 0);
    /* the wheel brings the top back; its first row is the first item */
    wheel(L.items_list, 20);
    settle();
    click(lb_builder_row(&L, true, 0, 0));
    key(SDLK_DELETE);
    LT_CHECK(draft()->n == 10 && draft()->items[0].exercise == 1);
}

/* The list eases to a new selection over a few frames, never jumps: a
 * frame after Home the top row on screen is an item between the two. */
static void the_list_should_scroll_smoothly_not_jump(void)
{
    open_new();
    LbBuilderLayout L;
    lb_builder_layout(W, H, &L);
    for (int i = 0; i < 10; i++) {
        key(SDLK_RETURN);
        key(SDLK_DOWN);
    }
    key(SDLK_HOME);
    key(SDLK_RETURN);
    key(SDLK_DOWN);
    key(SDLK_RETURN);
    int from = 12 - L.item_rows; /* the first row on screen, settled at the end */
    LT_CHECK(from >= 3);
    settle();
    key(SDLK_RIGHT);
    key(SDLK_HOME); /* the first item: the list scrolls back up */
    LbCanvas cv;
    LT_CHECK(lb_canvas_init(&cv, W, H));
    lb_build_screen_draw(bs, cv.ren, W, H, 3016000000ull); /* one frame later */
    lb_build_screen_textures_lost(bs);
    lb_canvas_free(&cv);
    LmDraft before = *draft();
    SDL_Rect top = lb_builder_row(&L, true, 0, 0);
    top.h = 2; /* its upper edge: the row under it is the one scrolled to */
    click(top);
    key(SDLK_DELETE);
    int k = 0;
    while (k < draft()->n && draft()->items[k].exercise == before.items[k].exercise)
        k++;
    LT_CHECK_MSG(k > 0 && k < from, "the top row a frame later is item %d (from %d to 0)", k, from);
}

static void a_controller_should_build_and_leave(void)
{
    open_new();
    button(SDL_CONTROLLER_BUTTON_DPAD_DOWN);
    button(SDL_CONTROLLER_BUTTON_A);
    LT_CHECK(draft()->n == 1 && draft()->items[0].exercise == 1);
    button(SDL_CONTROLLER_BUTTON_DPAD_RIGHT);
    button(SDL_CONTROLLER_BUTTON_RIGHTSHOULDER);
    LT_CHECK(draft()->items[0].hold_s[LM_LEVEL_BEGINNER] > 0);
    button(SDL_CONTROLLER_BUTTON_X);
    LT_CHECK(draft()->n == 0);
    button(SDL_CONTROLLER_BUTTON_DPAD_LEFT);
    button(SDL_CONTROLLER_BUTTON_DPAD_UP);
    button(SDL_CONTROLLER_BUTTON_DPAD_UP); /* off the top: the title, which a pad cannot type in */
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_TITLE);
    LT_CHECK(button(SDL_CONTROLLER_BUTTON_B) == LB_BUILD_STAY); /* back to the list, nothing more */
    LT_CHECK(lb_build_screen_focus(bs) == LB_BF_LIBRARY);
    button(SDL_CONTROLLER_BUTTON_A);
    LT_CHECK(draft()->n == 1 && draft()->items[0].exercise == 0);
    button(SDL_CONTROLLER_BUTTON_Y);
    LT_CHECK(draft()->level == LM_LEVEL_ACTIVE);
    LT_CHECK(button(SDL_CONTROLLER_BUTTON_B) == LB_BUILD_STAY); /* asks */
    LT_CHECK(button(SDL_CONTROLLER_BUTTON_B) == LB_BUILD_CANCELLED);
}

/* An exercise copied into the user's folder is in the list, and a routine
 * built with it saves and checks. */
static void the_users_own_exercises_should_be_offered_too(void)
{
    char dir[400], path[480], cmd[1200];
    snprintf(dir, sizeof dir, "%s/exercises", user_dir);
    snprintf(path, sizeof path, "%s/my-cat-cow.json", dir);
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s' && sed -e 's/\"id\": *\"cat-cow\"/\"id\": \"my-cat-cow\"/' "
             "anims/exercises/cat-cow.json > '%s'",
             dir, path);
    LT_CHECK(system(cmd) == 0);
    LmErrors err = {0};
    int n_before = lib.n_exercises;
    lm_lib_load_user(&lib, user_dir, &err);
    for (int i = 0; i < err.count; i++)
        fprintf(stderr, "  %s\n", err.items[i]);
    lm_err_clear(&err);
    int mine = ex("my-cat-cow");
    LT_CHECK(mine >= 0 && lib.n_exercises == n_before + 1 && lib.exercises[mine].user);
    if (mine < 0)
        return;
    open_new();
    key(SDLK_END);
    key(SDLK_RETURN);
    LT_CHECK(draft()->n == 1 && draft()->items[0].exercise == mine);
    shot("builder-yours.png");
    LT_CHECK(key_mod(SDLK_s, KMOD_LCTRL) == LB_BUILD_SAVED);
    char saved[512];
    snprintf(saved, sizeof saved, "%s/routines/%s.json", user_dir, lb_build_screen_saved_id(bs));
    bool ok = lm_lib_check_file(&lib, saved, &err);
    LT_CHECK_MSG(ok, "%s: %s", saved, err.count ? err.items[0] : "");
    lm_err_clear(&err);
}

/* ---- pictures ------------------------------------------------------------------ */

/* Average over f x f blocks: a thumbnail that keeps the composition. */
static SDL_Surface *shrink(const SDL_Surface *s, int f)
{
    int w = s->w / f, h = s->h / f;
    SDL_Surface *t = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!t)
        return NULL;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned sum[3] = {0, 0, 0};
            for (int dy = 0; dy < f; dy++) {
                const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + (y * f + dy) * s->pitch);
                for (int dx = 0; dx < f; dx++)
                    for (int c = 0; c < 3; c++)
                        sum[c] += (row[x * f + dx] >> (c * 8)) & 255;
            }
            Uint32 px = 0xff000000u;
            for (int c = 0; c < 3; c++)
                px |= ((sum[c] + (unsigned)(f * f) / 2) / (unsigned)(f * f)) << (c * 8);
            ((Uint32 *)((Uint8 *)t->pixels + y * t->pitch))[x] = px;
        }
    return t;
}

/* The scene the goldens show: a titled routine of four, one hold changed,
 * the second item selected in the routine. */
static void golden_state(bool focus_routine)
{
    open_new();
    key(SDLK_UP);
    type("Morning back care");
    key(SDLK_RETURN);
    const char *ids[] = {"knee-to-chest", "cat-cow", "figure-four", "pelvic-tilt"};
    for (int i = 0; i < 4; i++) {
        pick(ids[i]);
        key(SDLK_RETURN);
    }
    if (focus_routine) {
        key(SDLK_RIGHT);
        key(SDLK_HOME);
        key(SDLK_DOWN);
        key(SDLK_MINUS);
    }
}

static SDL_Surface *render(int w, int h, const char *shot_name)
{
    LbCanvas cv;
    if (!lb_canvas_init(&cv, w, h))
        return NULL;
    bool ok = lb_build_screen_draw(bs, cv.ren, w, h, 0);
    if (!ok)
        fprintf(stderr, "  drawing failed: %s\n", SDL_GetError());
    lb_canvas_flush(&cv);
    const char *shots = getenv("LIMBER_BUILDER_SHOTS");
    if (ok && shots && shot_name) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", shots, shot_name);
        IMG_SavePNG(cv.surf, path);
    }
    int longer = w > h ? w : h;
    SDL_Surface *thumb = ok ? shrink(cv.surf, (longer + 255) / 256) : NULL;
    lb_build_screen_textures_lost(bs); /* before its renderer goes */
    lb_canvas_free(&cv);
    return thumb;
}

static void compare(const SDL_Surface *a, const SDL_Surface *b, double *mean, int *far_off)
{
    long sum = 0;
    *far_off = 0;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            Uint32 p = ((const Uint32 *)((const Uint8 *)a->pixels + y * a->pitch))[x];
            Uint32 q = ((const Uint32 *)((const Uint8 *)b->pixels + y * b->pitch))[x];
            int d = 0;
            for (int c = 0; c < 24; c += 8)
                d += abs((int)((p >> c) & 255) - (int)((q >> c) & 255));
            sum += d;
            *far_off += d > 96;
        }
    *mean = (double)sum / (a->w * a->h * 3.0);
}

static void frames_at_every_size_should_match_their_references(void)
{
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {1024, 768}, {1080, 1920}};
    bool update = getenv("LIMBER_UPDATE_GOLDEN") != NULL;
    golden_state(true);
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        char path[256], name[64];
        snprintf(name, sizeof name, "builder-%dx%d.png", sizes[s][0], sizes[s][1]);
        snprintf(path, sizeof path, "tests/golden/%s", name);
        SDL_Surface *got = render(sizes[s][0], sizes[s][1], name);
        LT_CHECK_MSG(got != NULL, "%s: could not render", path);
        if (!got)
            continue;
        if (update) {
            LT_CHECK_MSG(IMG_SavePNG(got, path) == 0, "cannot write %s", path);
        } else {
            SDL_Surface *ref0 = IMG_Load(path);
            SDL_Surface *ref = ref0 ? SDL_ConvertSurfaceFormat(ref0, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
            LT_CHECK_MSG(ref != NULL, "%s is missing (LIMBER_UPDATE_GOLDEN=1 makes it)", path);
            if (ref) {
                LT_CHECK_MSG(ref->w == got->w && ref->h == got->h, "%s: %dx%d, reference %dx%d", path, got->w, got->h,
                             ref->w, ref->h);
                if (ref->w == got->w && ref->h == got->h) {
                    double mean;
                    int far;
                    compare(got, ref, &mean, &far);
                    LT_CHECK_MSG(mean < 1.5 && far <= got->w * got->h / 200,
                                 "%s: mean difference %.2f, %d pixels far off", path, mean, far);
                }
            }
            SDL_FreeSurface(ref);
            SDL_FreeSurface(ref0);
        }
        SDL_FreeSurface(got);
    }
}

/* Odd and tiny windows: drawn without failing, every part inside the
 * output from 120 pixels a side (below that nothing is legible anyway),
 * and a click anywhere is harmless. */
static void tiny_and_odd_sizes_should_still_draw(void)
{
    static const int sizes[][2] = {{64, 64}, {320, 180}, {200, 1000}, {1000, 120}};
    golden_state(true);
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        int w = sizes[k][0], h = sizes[k][1];
        LbBuilderLayout L;
        lb_builder_layout(w, h, &L);
        SDL_Rect parts[] = {L.header, L.lib_box, L.items_box, L.save, L.keys, L.rest, L.safety};
        for (size_t i = 0; i < sizeof parts / sizeof parts[0] && w >= 120 && h >= 120; i++)
            LT_CHECK_MSG(parts[i].x >= 0 && parts[i].y >= 0 && parts[i].x + parts[i].w <= w &&
                             parts[i].y + parts[i].h <= h,
                         "%dx%d: part %zu at %d,%d %dx%d", w, h, i, parts[i].x, parts[i].y, parts[i].w, parts[i].h);
        LbCanvas cv;
        LT_CHECK(lb_canvas_init(&cv, w, h));
        LT_CHECK_MSG(lb_build_screen_draw(bs, cv.ren, w, h, 0), "%dx%d: %s", w, h, SDL_GetError());
        for (int y = 0; y < h; y += h / 7 + 1)
            for (int x = 0; x < w; x += w / 7 + 1) {
                SDL_Event e = {0};
                e.type = SDL_MOUSEBUTTONDOWN;
                e.button.button = SDL_BUTTON_LEFT;
                e.button.x = x;
                e.button.y = y;
                lb_build_screen_event(bs, &e, w, h, 0);
            }
        LT_CHECK(lb_build_screen_draw(bs, cv.ren, w, h, 0));
        lb_build_screen_textures_lost(bs);
        lb_canvas_free(&cv);
    }
}

/* The comparison is not blind: the same routine with the selection in
 * the list of exercises instead looks different. */
static void a_different_state_should_not_match(void)
{
    golden_state(true);
    SDL_Surface *a = render(1280, 720, NULL);
    golden_state(false);
    SDL_Surface *b = render(1280, 720, "builder-list-focus.png");
    LT_CHECK(a && b);
    if (a && b) {
        double mean;
        int far;
        compare(a, b, &mean, &far);
        LT_CHECK_MSG(mean >= 1.5 || far > a->w * a->h / 200, "two states look alike (%.2f, %d)", mean, far);
    }
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
}

int main(void)
{
    lb_canvas_init_headless();
    snprintf(tmp, sizeof tmp, "%s/limber-builder-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmp)) {
        fprintf(stderr, "FAIL cannot make a scratch folder: %s\n", strerror(errno));
        return 1;
    }
    snprintf(user_dir, sizeof user_dir, "%s/limber", tmp);
    if (!lt_load_shipped_library(&lib))
        return 1;
    char err[256];
    bs = lb_build_screen_create(".", err, sizeof err);
    if (!bs) {
        fprintf(stderr, "FAIL %s\n", err);
        return 1;
    }
    LT_RUN(a_new_routine_should_start_empty_with_the_safety_card_and_a_rest);
    LT_RUN(enter_should_add_the_selected_exercise_and_lengthen_the_routine);
    LT_RUN(delete_should_remove_the_selected_item);
    LT_RUN(enter_should_carry_an_item_and_esc_put_it_back);
    LT_RUN(plus_and_minus_should_keep_the_hold_in_the_articles_range);
    LT_RUN(the_rest_should_change_in_steps_within_0_and_60_seconds);
    LT_RUN(enter_on_the_safety_row_should_toggle_it);
    LT_RUN(the_title_field_should_take_text_and_keep_letters_from_being_keys);
    LT_RUN(esc_should_leave_at_once_without_changes_and_ask_with_them);
    LT_RUN(ctrl_s_should_write_a_routine_file_that_loads_and_plays);
    LT_RUN(saving_nothing_should_say_what_is_missing);
    LT_RUN(editing_a_saved_routine_should_keep_its_id_and_rewrite_it);
    LT_RUN(an_interrupted_save_should_leave_the_old_file_and_keep_the_draft);
    LT_RUN(a_routines_folder_that_cannot_be_written_should_keep_the_draft);
    LT_RUN(the_mouse_should_select_add_change_and_save);
    LT_RUN(the_wheel_should_scroll_a_long_list_and_keys_keep_the_selection_in_view);
    LT_RUN(the_list_should_scroll_smoothly_not_jump);
    LT_RUN(a_controller_should_build_and_leave);
    LT_RUN(frames_at_every_size_should_match_their_references);
    LT_RUN(a_different_state_should_not_match);
    LT_RUN(tiny_and_odd_sizes_should_still_draw);
    LT_RUN(the_users_own_exercises_should_be_offered_too);
    lb_build_screen_destroy(bs);
    lm_lib_free(&lib);
    remove_tree(tmp);
    SDL_Quit();
    return lt_summary();
}
