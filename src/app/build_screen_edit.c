/* build_screen_edit: what the builder's keys, buttons and clicks change:
 * the draft (through lm_user), the selection and its scrolling, the
 * title being typed, the words the rows and bars show, and saving. */
#include "build_screen_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- words -------------------------------------------------------------------- */

static void clock_words(double s, char *out, size_t n)
{
    int t = (int)floor(s + 0.5);
    snprintf(out, n, "%d:%02d", t / 60, t % 60);
}

int bs_n_lib(const LbBuildScreen *s) { return s->n_lib_rows; }

/* The words for the rows, the total and the rest, after any change. */
void bs_refresh(LbBuildScreen *s)
{
    const LmLibrary *lib = s->lib;
    LmLevel lv = s->d.level;
    for (int i = 0; i < bs_n_lib(s); i++)
        s->lib_rows[i] = (LbBuildRow){lib->exercises[i].title, lib->exercises[i].user ? "yours" : NULL, false};
    for (int i = 0; i < s->d.n; i++) {
        const LmDraftItem *it = &s->d.items[i];
        const LmExercise *e = &lib->exercises[it->exercise];
        double lo, hi, def;
        lm_draft_hold_range(lib, it->exercise, lv, &lo, &hi, &def);
        s->item_changed[i] = false;
        if (hi > 0) {
            s->item_changed[i] = it->hold_s[lv] > 0;
            snprintf(s->item_detail[i], sizeof s->item_detail[i], "%g s", lm_draft_hold(&s->d, lib, i));
            snprintf(s->item_range[i], sizeof s->item_range[i], "%s  (%g\xE2\x80\x93%g)", s->item_detail[i], lo, hi);
        } else if (e->reps[lv] > 0) {
            snprintf(s->item_detail[i], sizeof s->item_detail[i], "%d reps", e->reps[lv]);
            snprintf(s->item_range[i], sizeof s->item_range[i], "%s", s->item_detail[i]);
        } else {
            s->item_detail[i][0] = s->item_range[i][0] = '\0';
        }
        s->item_rows[i] = (LbBuildRow){e->title, s->item_detail[i], s->item_changed[i]};
    }
    s->total_s = lm_draft_seconds(&s->d, lib);
    char c[32];
    clock_words(s->total_s, c, sizeof c);
    snprintf(s->total, sizeof s->total, "Total %s \xC2\xB7 %s", c, lm_level_name(lv));
    snprintf(s->rest, sizeof s->rest, "%g s", s->d.rest_s);
}

/* What the bars under the lists say about the selected rows. */
void bs_bar_words(LbBuildScreen *s)
{
    const LmLibrary *lib = s->lib;
    LmLevel lv = s->d.level;
    s->lib_info[0] = s->item_info[0] = '\0';
    double lo, hi, def;
    if (s->lib_sel >= 0 && s->lib_sel < bs_n_lib(s)) {
        const LmExercise *e = &lib->exercises[s->lib_sel];
        lm_draft_hold_range(lib, s->lib_sel, lv, &lo, &hi, &def);
        if (hi > 0)
            snprintf(s->lib_info, sizeof s->lib_info, "%s: hold %g\xE2\x80\x93%g s at %s", e->title, lo, hi,
                     lm_level_name(lv));
        else
            snprintf(s->lib_info, sizeof s->lib_info, "%s: %d reps at %s", e->title, e->reps[lv], lm_level_name(lv));
    }
    if (s->d.n > 0) {
        int x = s->d.items[s->item_sel].exercise;
        lm_draft_hold_range(lib, x, lv, &lo, &hi, &def);
        if (hi > 0)
            snprintf(s->item_info, sizeof s->item_info, "Hold, %g\xE2\x80\x93%g s allowed", lo, hi);
        else
            snprintf(s->item_info, sizeof s->item_info, "Counted in repetitions");
        s->item_info_short = hi > 0 ? "Hold" : "Reps";
    }
}

void bs_say(LbBuildScreen *s, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->message, sizeof s->message, fmt, ap);
    va_end(ap);
    s->message_error = error;
}

bool bs_dirty(const LbBuildScreen *s)
{
    const LmDraft *a = &s->d, *b = &s->orig;
    if (strcmp(a->title, b->title) != 0 || a->rest_s != b->rest_s || a->safety != b->safety || a->n != b->n)
        return true;
    for (int i = 0; i < a->n; i++) {
        if (a->items[i].exercise != b->items[i].exercise)
            return true;
        for (int l = 0; l < LM_LEVEL_COUNT; l++)
            if (a->items[i].hold_s[l] != b->items[i].hold_s[l])
                return true;
    }
    return false;
}

/* ---- selection and scrolling ---------------------------------------------------- */

/* Keep the selected row of each list in view (the drawing eases to it). */
void bs_follow(LbBuildScreen *s)
{
    LbBuilderLayout L;
    lb_builder_layout(s->w, s->h, &L);
    int vis[2] = {L.lib_rows > 0 ? L.lib_rows : 1, L.item_rows > 0 ? L.item_rows : 1};
    int sel[2] = {s->lib_sel, s->item_sel}, n[2] = {bs_n_lib(s), s->d.n};
    float *t[2] = {&s->lib_target, &s->item_target};
    for (int k = 0; k < 2; k++) {
        if (sel[k] < *t[k])
            *t[k] = (float)sel[k];
        if (sel[k] >= *t[k] + vis[k])
            *t[k] = (float)(sel[k] - vis[k] + 1);
        float top = (float)(n[k] - vis[k] > 0 ? n[k] - vis[k] : 0);
        if (*t[k] > top)
            *t[k] = top;
        if (*t[k] < 0)
            *t[k] = 0;
    }
}

void bs_set_focus(LbBuildScreen *s, LbBuildFocus f)
{
    if (f == s->focus)
        return;
    if (s->focus == LB_BF_TITLE)
        SDL_StopTextInput();
    if (f == LB_BF_TITLE)
        SDL_StartTextInput();
    if (f == LB_BF_LIBRARY)
        s->last_col_routine = false;
    if (f == LB_BF_ROUTINE)
        s->last_col_routine = true;
    s->focus = f;
}

void bs_clamp_sel(LbBuildScreen *s)
{
    if (s->item_sel >= s->d.n)
        s->item_sel = s->d.n - 1;
    if (s->item_sel < 0)
        s->item_sel = 0;
    if (s->lib_sel >= bs_n_lib(s))
        s->lib_sel = bs_n_lib(s) - 1;
    if (s->lib_sel < 0)
        s->lib_sel = 0;
    bs_follow(s);
}

/* ---- what the keys do ------------------------------------------------------------- */

void bs_add_selected(LbBuildScreen *s)
{
    if (bs_n_lib(s) == 0)
        return;
    if (!lm_draft_add(&s->d, s->d.n, s->lib_sel)) {
        bs_say(s, true, "A routine holds at most %d exercises.", LM_DRAFT_MAX_ITEMS);
        return;
    }
    s->item_sel = s->d.n - 1;
    bs_refresh(s);
    char c[32];
    clock_words(s->total_s, c, sizeof c);
    bs_say(s, false, "Added %s as number %d. The routine now lasts %s.", s->lib->exercises[s->lib_sel].title, s->d.n,
           c);
    bs_clamp_sel(s);
}

void bs_remove_selected(LbBuildScreen *s)
{
    if (s->d.n == 0)
        return;
    if (s->carrying) { /* put it back first, so the draft is as it was */
        lm_draft_move(&s->d, s->item_sel, s->carry_from);
        s->item_sel = s->carry_from;
        s->carrying = false;
    }
    const char *title = s->lib->exercises[s->d.items[s->item_sel].exercise].title;
    char name[128];
    snprintf(name, sizeof name, "%s", title);
    lm_draft_remove(&s->d, s->item_sel);
    bs_refresh(s);
    bs_say(s, false, "Removed %s.", name);
    bs_clamp_sel(s);
    if (s->d.n == 0)
        bs_set_focus(s, LB_BF_LIBRARY);
}

void bs_move_item(LbBuildScreen *s, int by)
{
    int to = s->item_sel + by;
    if (to < 0 || to >= s->d.n || !lm_draft_move(&s->d, s->item_sel, to))
        return;
    s->item_sel = to;
    bs_refresh(s);
    bs_clamp_sel(s);
}

void bs_change_hold(LbBuildScreen *s, int dir)
{
    if (s->d.n == 0)
        return;
    LmDraftItem *it = &s->d.items[s->item_sel];
    double lo, hi, def;
    lm_draft_hold_range(s->lib, it->exercise, s->d.level, &lo, &hi, &def);
    const LmExercise *e = &s->lib->exercises[it->exercise];
    if (hi <= 0) {
        bs_say(s, false, "%s counts repetitions; it has no hold to set.", e->title);
        return;
    }
    double now = lm_draft_hold(&s->d, s->lib, s->item_sel);
    double want = now + dir * HOLD_STEP_S;
    double got = lm_draft_set_hold(&s->d, s->lib, s->item_sel, want);
    bs_refresh(s);
    if (got != want)
        bs_say(s, false, "%s: %g s is the %s the article gives (%g\xE2\x80\x93%g s).", e->title, got,
               dir > 0 ? "longest hold" : "shortest hold", lo, hi);
    else
        bs_say(s, false, "%s: hold %g s.", e->title, got);
}

void bs_change_rest(LbBuildScreen *s, int dir)
{
    double got = lm_draft_set_rest(&s->d, s->d.rest_s + dir * REST_STEP_S);
    bs_refresh(s);
    bs_say(s, false, "Rest between exercises: %g s.", got);
}

void bs_switch_level(LbBuildScreen *s)
{
    s->d.level = s->d.level == LM_LEVEL_BEGINNER ? LM_LEVEL_ACTIVE : LM_LEVEL_BEGINNER;
    bs_refresh(s);
    bs_say(s, false, "Holds and the total now at the %s level (each level keeps its own holds).",
           lm_level_name(s->d.level));
}

void bs_toggle_safety(LbBuildScreen *s)
{
    s->d.safety = !s->d.safety;
    bs_refresh(s);
    bs_say(s, false,
           s->d.safety ? "The safety card opens the routine." : "The routine starts without the safety card.");
}

LbBuildOutcome bs_leave(LbBuildScreen *s, bool quit)
{
    if (s->carrying) {
        lm_draft_move(&s->d, s->item_sel, s->carry_from);
        s->item_sel = s->carry_from;
        s->carrying = false;
        bs_refresh(s);
    }
    if (bs_dirty(s)) {
        s->confirm = true;
        s->confirm_quit = quit;
        s->confirm_choice = 0;
        return LB_BUILD_STAY;
    }
    SDL_StopTextInput();
    return quit ? LB_BUILD_QUIT : LB_BUILD_CANCELLED;
}

LbBuildOutcome bs_save(LbBuildScreen *s)
{
    s->confirm = false;
    if (s->carrying) {
        s->carrying = false;
        bs_refresh(s);
    }
    if (s->d.n == 0) {
        bs_say(s, true, "Add at least one exercise before saving: pick one on the left and press Enter.");
        return LB_BUILD_STAY;
    }
    if (!s->d.title[0]) /* a file needs a title; the id follows it */
        snprintf(s->d.title, sizeof s->d.title, "My routine");
    if (!s->user_dir || !*s->user_dir) {
        bs_say(s, true,
               "Could not save: there is no folder for your own routines (HOME and XDG_DATA_HOME are not set). "
               "Your routine is still here.");
        return LB_BUILD_STAY;
    }
    LmErrors err = {0};
    char id[128] = "";
    bool ok = lm_draft_save(&s->d, s->lib, s->user_dir, id, sizeof id, &err);
    if (!ok) {
        bs_say(s, true, "Could not save: %s. Your routine is still here.",
               err.count > 0 ? err.items[0] : "the folder cannot be written");
        lm_err_clear(&err);
        return LB_BUILD_STAY;
    }
    lm_err_clear(&err);
    snprintf(s->saved_id, sizeof s->saved_id, "%s", id);
    s->orig = s->d;
    SDL_StopTextInput();
    return LB_BUILD_SAVED;
}

/* The title field: text arrives as SDL_TEXTINPUT; keys edit and leave. */
void bs_type_text(LbBuildScreen *s, const char *in)
{
    size_t len = strlen(s->d.title);
    int chars = 0;
    for (const char *p = s->d.title; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    for (const unsigned char *p = (const unsigned char *)in; *p;) {
        int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        bool whole = n > 0;
        for (int k = 1; k < n && whole; k++)
            whole = (p[k] & 0xC0) == 0x80;
        if (!whole) { /* not UTF-8: skip the byte */
            p++;
            continue;
        }
        /* Control characters and braces (which a title may not hold) are left out. */
        bool ok = !(n == 1 && (*p < 0x20 || *p == 0x7f || *p == '{' || *p == '}'));
        if (ok && (len + (size_t)n > LM_DRAFT_TITLE_MAX || chars >= TITLE_MAX_CHARS)) {
            bs_say(s, false, "A title holds at most %d characters.", TITLE_MAX_CHARS);
            break;
        }
        if (ok) {
            memcpy(s->d.title + len, p, (size_t)n);
            len += (size_t)n;
            s->d.title[len] = '\0';
            chars++;
        }
        p += n;
    }
}

void bs_backspace_title(LbBuildScreen *s)
{
    size_t len = strlen(s->d.title);
    while (len > 0) {
        len--;
        bool lead = ((unsigned char)s->d.title[len] & 0xC0) != 0x80;
        s->d.title[len] = '\0';
        if (lead)
            break;
    }
}
